//! Reading files into text and small string helpers shared by loaders.

use std::path::Path;

use crate::ListError;

/// Reads a whole file as text: UTF-8 (BOM stripped) when valid, otherwise
/// Windows-1252, which is what OFAC's legacy CSVs use. Deciding per file
/// rather than per field keeps a file's records consistent.
pub(crate) fn read_text(path: &Path) -> Result<String, ListError> {
    let bytes = std::fs::read(path).map_err(|source| ListError::io(path, source))?;
    Ok(decode(&bytes))
}

/// Decodes bytes as [`read_text`] does.
pub(crate) fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Reads at most `limit` bytes from the start of a file, for sniffing.
pub(crate) fn read_head(path: &Path, limit: usize) -> Option<String> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut buffer = Vec::with_capacity(limit);
    file.take(limit as u64).read_to_end(&mut buffer).ok()?;
    // Cutting at `limit` may split a UTF-8 sequence: decode lossily.
    let buffer = buffer.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buffer);
    Some(String::from_utf8_lossy(buffer).into_owned())
}

/// The file name, lowercased, or "" when there is none.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Trims and collapses runs of whitespace (including newlines) to one space.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `None` for blank text, the trimmed text otherwise.
pub(crate) fn non_empty(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

/// `file:line` for source references.
pub(crate) fn at(path: &Path, line: u64) -> String {
    format!("{}:{line}", source_file_name(path))
}

/// A source file as records name it: its file name, not the path it was
/// loaded from. Sources end up in answers, alerts and pages served to
/// others, which must not learn the loading machine's directories.
pub fn source_file_name(path: &Path) -> std::borrow::Cow<'_, str> {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
}

/// Joins the non-blank parts with ", ".
pub(crate) fn join_parts<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_cp1252_when_not_utf8() {
        assert_eq!(decode(b"caf\xe9"), "café");
        assert_eq!(decode("café".as_bytes()), "café");
        assert_eq!(decode(b"\xEF\xBB\xBFabc"), "abc");
    }

    #[test]
    fn collapses_whitespace() {
        assert_eq!(collapse_whitespace("  A \n B\tC "), "A B C");
    }
}
