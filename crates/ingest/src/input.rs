//! Opening a source file: gzip, text encoding, and the first bytes for sniffing.

use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use encoding_rs::Encoding;
use encoding_rs_io::DecodeReaderBytesBuilder;

use crate::IngestError;
use crate::reader::CountingReader;

/// The first bytes of a ZIP archive (XLSX workbooks are ZIP containers).
pub(crate) const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Size of the prefix read for sniffing layout and encoding.
const SAMPLE_BYTES: usize = 64 * 1024;

/// The text encoding of a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 (a BOM is skipped). Rows with invalid bytes are rejected one by one.
    Utf8,
    /// GB18030 (superset of GBK/GB2312), used by China customs exports.
    Gb18030,
    /// Windows-1252 (Latin-1), used by some older statistical exports.
    Windows1252,
}

impl TextEncoding {
    /// Parses `utf-8`, `gb18030`/`gbk`, `cp1252`/`latin1`.
    pub fn parse(text: &str) -> Option<TextEncoding> {
        match text.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Some(TextEncoding::Utf8),
            "gb18030" | "gbk" | "gb2312" => Some(TextEncoding::Gb18030),
            "cp1252" | "windows-1252" | "latin1" | "latin-1" | "iso-8859-1" => {
                Some(TextEncoding::Windows1252)
            }
            _ => None,
        }
    }

    /// The encoding's name.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Gb18030 => "GB18030",
            TextEncoding::Windows1252 => "windows-1252",
        }
    }

    fn encoding_rs(self) -> Option<&'static Encoding> {
        match self {
            TextEncoding::Utf8 => None,
            TextEncoding::Gb18030 => Some(encoding_rs::GB18030),
            TextEncoding::Windows1252 => Some(encoding_rs::WINDOWS_1252),
        }
    }
}

/// An opened source: a UTF-8 byte stream (decoded if needed) and what was detected.
pub(crate) struct OpenedInput {
    pub reader: Box<dyn Read + Send>,
    pub encoding: TextEncoding,
    /// First non-whitespace byte of the decoded stream (`{` for NDJSON).
    pub first_byte: Option<u8>,
    /// The decoded sample, for delimiter sniffing.
    pub sample: Vec<u8>,
}

pub(crate) fn open(
    path: &Path,
    forced: Option<TextEncoding>,
    bytes_read: Arc<AtomicU64>,
) -> Result<OpenedInput, IngestError> {
    let read_error = |source| IngestError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = CountingReader {
        inner: File::open(path).map_err(read_error)?,
        counter: bytes_read,
    };
    let mut buffered = BufReader::with_capacity(256 * 1024, file);
    let mut magic = [0u8; 2];
    let n_magic = read_up_to(&mut buffered, &mut magic).map_err(read_error)?;
    let prefix = Cursor::new(magic[..n_magic].to_vec());
    let raw: Box<dyn Read + Send> = if n_magic == 2 && magic == [0x1f, 0x8b] {
        Box::new(BufReader::with_capacity(
            256 * 1024,
            flate2::read::MultiGzDecoder::new(prefix.chain(buffered)),
        ))
    } else {
        Box::new(prefix.chain(buffered))
    };
    let mut raw = raw;
    let mut sample = vec![0u8; SAMPLE_BYTES];
    let n_sample = read_up_to(&mut raw, &mut sample).map_err(read_error)?;
    sample.truncate(n_sample);
    let encoding = forced.unwrap_or_else(|| detect_encoding(&sample));
    let rest: Box<dyn Read + Send> = Box::new(Cursor::new(sample.clone()).chain(raw));
    let (reader, sample): (Box<dyn Read + Send>, Vec<u8>) = match encoding.encoding_rs() {
        None => {
            let body = sample.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec);
            let mut reader = rest;
            if body.is_some() {
                let mut bom = [0u8; 3];
                reader.read_exact(&mut bom).map_err(read_error)?;
            }
            (reader, body.unwrap_or(sample))
        }
        Some(enc) => {
            let (decoded, _) = enc.decode_without_bom_handling(&sample);
            // The encoding is used as given (no BOM sniffing); invalid
            // sequences become U+FFFD, as the sample's decoding does.
            let decoder = DecodeReaderBytesBuilder::new()
                .encoding(Some(enc))
                .build(rest);
            (Box::new(decoder), decoded.as_bytes().to_vec())
        }
    };
    let first_byte = sample.iter().copied().find(|b| !b.is_ascii_whitespace());
    Ok(OpenedInput {
        reader,
        encoding,
        first_byte,
        sample,
    })
}

/// UTF-8 if the sample is valid UTF-8 (an incomplete final character is fine);
/// GB18030 if it is not but decodes to Chinese text; otherwise UTF-8, so rows
/// with stray bytes are rejected individually rather than silently re-coded.
fn detect_encoding(sample: &[u8]) -> TextEncoding {
    // A ZIP container (XLSX) is binary: passed through undecoded.
    if sample.starts_with(ZIP_MAGIC) {
        return TextEncoding::Utf8;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => TextEncoding::Utf8,
        Err(e) if e.error_len().is_none() => TextEncoding::Utf8,
        Err(_) => {
            let (decoded, _, had_errors) = encoding_rs::GB18030.decode(sample);
            let cjk = decoded
                .chars()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                .count();
            if !had_errors && cjk >= 2 {
                TextEncoding::Gb18030
            } else {
                TextEncoding::Utf8
            }
        }
    }
}

fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Picks the delimiter that occurs most often outside quotes in the first line.
pub(crate) fn sniff_delimiter(sample: &[u8]) -> u8 {
    let first_line = sample.split(|b| *b == b'\n').next().unwrap_or_default();
    let mut counts = [(b',', 0usize), (b'\t', 0), (b';', 0), (b'|', 0)];
    let mut in_quotes = false;
    for byte in first_line {
        if *byte == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes && let Some(entry) = counts.iter_mut().find(|(d, _)| d == byte) {
            entry.1 += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters_outside_quotes() {
        assert_eq!(sniff_delimiter(b"a\tb\tc\n1,2\t3"), b'\t');
        assert_eq!(sniff_delimiter(b"\"x;y;z\",b,c\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n"), b';');
    }

    #[test]
    fn detects_gb18030_chinese_headers() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("数据年月,商品编码,贸易伙伴名称,美元\n");
        assert_eq!(detect_encoding(&bytes), TextEncoding::Gb18030);
        assert_eq!(
            detect_encoding("数据年月,商品编码".as_bytes()),
            TextEncoding::Utf8
        );
        assert_eq!(detect_encoding(b"abc,\xff\xfe,def"), TextEncoding::Utf8);
    }

    #[test]
    fn legacy_encodings_stream_out_as_utf8_across_buffer_boundaries() {
        // Longer than the sample and the transcoder's buffers, with two-byte
        // characters at every offset, so some straddle a read boundary.
        let text: String = (0..40_000)
            .map(|i| format!("{i},贸易伙伴,美元\n"))
            .collect();
        let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gb.csv");
        std::fs::write(&path, &bytes).unwrap();
        let mut opened = open(&path, None, Arc::default()).unwrap();
        assert_eq!(opened.encoding, TextEncoding::Gb18030);
        let mut decoded = String::new();
        opened.reader.read_to_string(&mut decoded).unwrap();
        assert_eq!(decoded, text);
    }
}
