//! A cap on record length for line-based layouts (CSV, NDJSON). The CSV and
//! NDJSON readers buffer a whole line before parsing it, so one hostile line
//! — a gigabyte without a newline is a megabyte of gzip — would be held in
//! memory whole. [`LineLimit`] passes lines on only once they are complete
//! and at most `max` bytes long; a longer line is dropped while it is read
//! (its newline kept, so line numbers stay true) and noted, with its length
//! and first bytes, for the driver to reject.

use std::io::{self, Read};
use std::sync::{Arc, Mutex};

/// Bytes of an overlong line kept to show in its reject.
const PREVIEW_BYTES: usize = 200;

/// A line longer than the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Overlong {
    /// 1-based line number.
    pub line: u64,
    /// Its length without the newline.
    pub bytes: u64,
    /// Its first bytes, as text.
    pub start: String,
}

/// Overlong lines found so far, shared with the driver.
pub(crate) type OverlongLines = Arc<Mutex<Vec<Overlong>>>;

/// The line being dropped: where it started, its length so far, its first
/// bytes.
struct Skipping {
    line: u64,
    bytes: u64,
    preview: Vec<u8>,
}

impl Skipping {
    fn more(&mut self, bytes: &[u8]) {
        self.bytes += bytes.len() as u64;
        let room = PREVIEW_BYTES.saturating_sub(self.preview.len());
        self.preview.extend(bytes.iter().take(room));
    }
}

/// A reader passing on whole lines of at most `max` bytes.
pub(crate) struct LineLimit<R> {
    inner: R,
    max: usize,
    /// The start of the current line, held until its newline arrives.
    pending: Vec<u8>,
    /// The current line, once over the limit: counted, not kept.
    skipping: Option<Skipping>,
    /// 1-based number of the current line.
    line: u64,
    /// Complete lines ready for the caller, and how much of them was taken.
    ready: Vec<u8>,
    taken: usize,
    chunk: Vec<u8>,
    at_end: bool,
    overlong: OverlongLines,
}

impl<R: Read> LineLimit<R> {
    pub(crate) fn new(inner: R, max: usize, overlong: OverlongLines) -> Self {
        LineLimit {
            inner,
            max,
            pending: Vec::new(),
            skipping: None,
            line: 1,
            ready: Vec::new(),
            taken: 0,
            chunk: vec![0; 256 * 1024],
            at_end: false,
            overlong,
        }
    }

    fn note(&self, skipped: Skipping) {
        self.overlong
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(Overlong {
                line: skipped.line,
                bytes: skipped.bytes,
                start: String::from_utf8_lossy(&skipped.preview).into_owned(),
            });
    }

    /// Starts skipping the current line, whose first bytes are `pending`
    /// followed by `more`.
    fn start_skipping(&mut self, more: &[u8]) -> Skipping {
        let mut skipping = Skipping {
            line: self.line,
            bytes: 0,
            preview: Vec::new(),
        };
        skipping.more(&self.pending);
        skipping.more(more);
        self.pending.clear();
        skipping
    }

    /// Reads the next chunk of the inner reader into `ready`.
    fn fill(&mut self) -> io::Result<()> {
        let n_read = loop {
            match self.inner.read(&mut self.chunk) {
                Ok(n) => break n,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        };
        if n_read == 0 {
            self.at_end = true;
            match self.skipping.take() {
                Some(skipping) => self.note(skipping),
                None => self.ready.append(&mut self.pending),
            }
            return Ok(());
        }
        let chunk = std::mem::take(&mut self.chunk);
        let mut rest = &chunk[..n_read];
        while !rest.is_empty() {
            let Some(newline) = memchr::memchr(b'\n', rest) else {
                if let Some(skipping) = &mut self.skipping {
                    skipping.more(rest);
                } else if self.pending.len() + rest.len() > self.max {
                    self.skipping = Some(self.start_skipping(rest));
                } else {
                    self.pending.extend_from_slice(rest);
                }
                break;
            };
            let (line, after) = rest.split_at(newline + 1);
            let text = &line[..newline];
            if let Some(mut skipping) = self.skipping.take() {
                skipping.more(text);
                self.note(skipping);
                self.ready.push(b'\n');
            } else if self.pending.len() + text.len() > self.max {
                let skipping = self.start_skipping(text);
                self.note(skipping);
                self.ready.push(b'\n');
            } else {
                self.ready.append(&mut self.pending);
                self.ready.extend_from_slice(line);
            }
            self.line += 1;
            rest = after;
        }
        self.chunk = chunk;
        Ok(())
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.taken == self.ready.len() {
            if self.at_end {
                return Ok(0);
            }
            self.ready.clear();
            self.taken = 0;
            self.fill()?;
        }
        let n = buf.len().min(self.ready.len() - self.taken);
        buf[..n].copy_from_slice(&self.ready[self.taken..self.taken + n]);
        self.taken += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `input` through a limit of `max` in reads of `step` bytes.
    fn limited(input: &[u8], max: usize, step: usize) -> (Vec<u8>, Vec<Overlong>) {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(buf.len()).min(self.1);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let overlong = OverlongLines::default();
        let mut out = Vec::new();
        LineLimit::new(Trickle(input, step), max, overlong.clone())
            .read_to_end(&mut out)
            .unwrap();
        let noted = overlong.lock().unwrap().clone();
        (out, noted)
    }

    #[test]
    fn short_lines_pass_unchanged_and_long_ones_become_empty_lines() {
        let input = b"a,b\n1,2\nxxxxxxxxxxxx\n3,4\nyyyyyyyyyyyyyyyyyyyyyyyyy";
        for step in [1, 3, 7, 64, 1 << 20] {
            let (out, noted) = limited(input, 10, step);
            assert_eq!(out, b"a,b\n1,2\n\n3,4\n", "reads of {step}");
            assert_eq!(
                noted,
                [
                    Overlong {
                        line: 3,
                        bytes: 12,
                        start: "xxxxxxxxxxxx".into()
                    },
                    Overlong {
                        line: 5,
                        bytes: 25,
                        start: "y".repeat(25)
                    },
                ],
                "reads of {step}"
            );
        }
    }

    #[test]
    fn a_line_of_exactly_the_limit_passes() {
        let (out, noted) = limited(b"0123456789\nabc", 10, 4);
        assert_eq!(out, b"0123456789\nabc");
        assert!(noted.is_empty());
    }
}
