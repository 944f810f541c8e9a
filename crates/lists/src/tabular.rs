//! Reading delimited text into rows without giving up on bad ones.

/// One row of a delimited file, or why it could not be read.
pub(crate) struct Row {
    /// 1-based line where the row starts.
    pub line: u64,
    /// The fields, or the CSV error for this row.
    pub fields: Result<Vec<String>, String>,
}

/// Splits delimited text into rows. Every row is returned with its line, so
/// callers can reject rows with the wrong field count instead of failing the
/// file; the csv crate is flexible here for the same reason. A final line
/// holding only the DOS end-of-file marker (0x1A, as in OFAC's files) or
/// nothing is not a row.
pub(crate) fn rows(text: &str, delimiter: u8) -> Vec<Row> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    // The csv crate's own line counter lags by one after CRLF terminators (the
    // `\n` is consumed at the start of the next record), so lines are derived
    // from byte offsets instead, skipping the leftover line-feed.
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line_at = |byte: u64| {
        let mut byte = byte as usize;
        while matches!(text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        newlines.partition_point(|&nl| nl < byte) as u64 + 1
    };
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| line_at(p.byte()));
                if record.len() == 1
                    && record[0]
                        .trim_matches(['\u{1a}', ' ', '\r', '\n'])
                        .is_empty()
                {
                    continue;
                }
                out.push(Row {
                    line,
                    fields: Ok(record.iter().map(str::to_string).collect()),
                });
            }
            Err(error) => {
                let line = error.position().map_or(0, |p| line_at(p.byte()));
                out.push(Row {
                    line,
                    fields: Err(error.to_string()),
                });
                // A UTF-8 error cannot happen on &str input; any other error is
                // per-record, so reading on is safe.
            }
        }
    }
    out
}

/// Rows after a header row, with columns looked up by name.
pub(crate) struct Table {
    columns: Vec<String>,
    /// The data rows.
    pub rows: Vec<Row>,
}

impl Table {
    /// Splits `text` into a header (the first row whose first cell is
    /// `first_column`, case-insensitive, so preamble lines such as OFSI's
    /// "Last Updated" are skipped) and the rows after it. `None` when no such
    /// header exists.
    pub(crate) fn parse(text: &str, delimiter: u8, first_column: &str) -> Option<Table> {
        let mut all = rows(text, delimiter).into_iter();
        let columns = loop {
            let row = all.next()?;
            if let Ok(fields) = row.fields
                && fields
                    .first()
                    .is_some_and(|f| f.trim().eq_ignore_ascii_case(first_column))
            {
                break fields
                    .iter()
                    .map(|f| f.trim().to_ascii_lowercase())
                    .collect::<Vec<_>>();
            }
        };
        Some(Table {
            columns,
            rows: all.collect(),
        })
    }

    /// Number of header columns.
    pub(crate) fn width(&self) -> usize {
        self.columns.len()
    }

    /// The index of a column (lowercase name).
    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The rows that read cleanly with one field per header column, as
    /// `(line, fields)`; every other row becomes a reject of `loaded` with
    /// its reason, so nothing is lost silently.
    pub(crate) fn checked_rows(
        &self,
        path: &std::path::Path,
        loaded: &mut crate::LoadedList,
    ) -> Vec<(u64, &[String])> {
        let mut out = Vec::with_capacity(self.rows.len());
        for row in &self.rows {
            match &row.fields {
                Err(reason) => loaded.reject(
                    path,
                    Some(row.line),
                    None,
                    format!("unreadable row: {reason}"),
                ),
                Ok(fields) if fields.len() != self.width() => loaded.reject(
                    path,
                    Some(row.line),
                    None,
                    format!("expected {} columns, found {}", self.width(), fields.len()),
                ),
                Ok(fields) => out.push((row.line, fields.as_slice())),
            }
        }
        out
    }

    /// The trimmed, non-blank value of a named column in `fields`.
    pub(crate) fn get<'a>(&self, fields: &'a [String], name: &str) -> Option<&'a str> {
        self.column(name)
            .and_then(|idx| fields.get(idx))
            .and_then(|v| crate::text::non_empty(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_eof_marker_and_keeps_lines() {
        let rows = rows("1,\"a\nb\",x\n2,c\n\u{1a}", b',');
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 1);
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].fields.as_ref().unwrap().len(), 2);
        let rows = super::rows("a,b\r\nc,d\r\n\r\ne,f\r\n", b',');
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 4]);
    }
}
