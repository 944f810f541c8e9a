//! User relation files: `parent,subsidiary,share[,source]`.
//!
//! Analysts keep ownership they found themselves (registry extracts, court
//! filings) in small CSV files. Each good row becomes an ownership
//! [`Relation`]; a malformed row becomes a [`Reject`] with its line and the
//! field at fault, and the rest of the file loads.

use std::path::{Path, PathBuf};

use chokepoint_lists::{Relation, RelationKind};

use crate::NetworkError;
use crate::share::Share;

/// A row of a relations file that could not be loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// The file holding the row.
    pub file: PathBuf,
    /// 1-based line where the row starts.
    pub line: u64,
    /// The column at fault, or `None` when the whole row is (wrong field count).
    pub field: Option<&'static str>,
    /// What is wrong, lowercase.
    pub reason: String,
}

/// What [`read_relations_csv`] read.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationsCsv {
    /// Good rows, as ownership relations in file order.
    pub relations: Vec<Relation>,
    /// Rows that could not be loaded.
    pub rejects: Vec<Reject>,
}

/// Reads a relations file.
///
/// The header names the columns, in any order and any case: `parent` (the
/// owner's entity id), `subsidiary` (the owned entity's id), `share` and an
/// optional `source`; other columns are ignored. Shares follow
/// [`Share::parse`] (`0.51`, `51`, `51%`); an empty share loads as an
/// ownership of unknown size. Evidence is `source at file:line`, or
/// `file:line` when there is no source.
///
/// A row is rejected when its field count differs from the header's (a
/// stray comma would shift the columns), an id is empty, parent and
/// subsidiary are the same, the share does not parse, or a field is not
/// UTF-8. Only an unreadable file or a header without `parent`,
/// `subsidiary` and `share` is an error.
pub fn read_relations_csv(path: &Path) -> Result<RelationsCsv, NetworkError> {
    let file = std::fs::File::open(path).map_err(|source| NetworkError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let header = reader
        .byte_headers()
        .map_err(|source| csv_error(path, source))?
        .clone();
    let names: Vec<String> = header
        .iter()
        .map(|raw| {
            String::from_utf8_lossy(raw)
                .trim_start_matches('\u{feff}')
                .trim()
                .to_ascii_lowercase()
        })
        .collect();
    let column = |name: &'static str| names.iter().position(|n| n == name);
    let missing = |column: &'static str| NetworkError::MissingColumn {
        path: path.to_path_buf(),
        column,
    };
    let columns = Columns {
        parent: column("parent").ok_or_else(|| missing("parent"))?,
        subsidiary: column("subsidiary").ok_or_else(|| missing("subsidiary"))?,
        share: column("share").ok_or_else(|| missing("share"))?,
        source: column("source"),
        n_fields: names.len(),
    };

    let mut out = RelationsCsv {
        relations: Vec::new(),
        rejects: Vec::new(),
    };
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(source) => return Err(csv_error(path, source)),
        }
        let line = record.position().map_or(0, csv::Position::line);
        match row(&columns, &record, path, line) {
            Ok(relation) => out.relations.push(relation),
            Err((field, reason)) => out.rejects.push(Reject {
                file: path.to_path_buf(),
                line,
                field,
                reason,
            }),
        }
    }
    Ok(out)
}

struct Columns {
    parent: usize,
    subsidiary: usize,
    share: usize,
    source: Option<usize>,
    n_fields: usize,
}

type RowError = (Option<&'static str>, String);

fn row(
    columns: &Columns,
    record: &csv::ByteRecord,
    path: &Path,
    line: u64,
) -> Result<Relation, RowError> {
    if record.len() != columns.n_fields {
        return Err((
            None,
            format!(
                "expected {} fields as in the header, found {}",
                columns.n_fields,
                record.len()
            ),
        ));
    }
    let field = |name: &'static str, idx: usize| -> Result<&str, RowError> {
        let raw = record.get(idx).unwrap_or_default();
        std::str::from_utf8(raw)
            .map(str::trim)
            .map_err(|_| (Some(name), format!("{name} is not valid utf-8")))
    };
    let parent = field("parent", columns.parent)?;
    let subsidiary = field("subsidiary", columns.subsidiary)?;
    let share_text = field("share", columns.share)?;
    let source = match columns.source {
        Some(idx) => field("source", idx)?,
        None => "",
    };
    if parent.is_empty() {
        return Err((Some("parent"), "parent id is empty".to_string()));
    }
    if subsidiary.is_empty() {
        return Err((Some("subsidiary"), "subsidiary id is empty".to_string()));
    }
    if parent == subsidiary {
        return Err((Some("subsidiary"), format!("{parent} cannot own itself")));
    }
    let share = if share_text.is_empty() {
        None
    } else {
        Some(Share::parse(share_text).map_err(|reason| (Some("share"), reason))?)
    };
    let at = format!("{}:{line}", chokepoint_lists::source_file_name(path));
    Ok(Relation {
        kind: RelationKind::Ownership,
        from: parent.to_string(),
        to: subsidiary.to_string(),
        share: share.map(Share::value),
        source: if source.is_empty() {
            at
        } else {
            format!("{source} at {at}")
        },
    })
}

fn csv_error(path: &Path, source: csv::Error) -> NetworkError {
    let line = source.position().map_or(0, csv::Position::line);
    NetworkError::Csv {
        path: path.to_path_buf(),
        line,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &[u8]) -> Result<RelationsCsv, NetworkError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("relations.csv");
        std::fs::write(&path, text).unwrap();
        read_relations_csv(&path)
    }

    #[test]
    fn columns_in_any_order_and_optional_source() {
        let file = read(b"\xEF\xBB\xBFShare,Subsidiary,Parent\n51%,b,a\n,c,a\n").unwrap();
        assert!(file.rejects.is_empty(), "{:?}", file.rejects);
        assert_eq!(file.relations.len(), 2);
        assert_eq!(file.relations[0].from, "a");
        assert_eq!(file.relations[0].to, "b");
        assert_eq!(file.relations[0].share, Some(0.51));
        assert!(file.relations[0].source.ends_with("relations.csv:2"));
        assert_eq!(file.relations[1].share, None);
    }

    #[test]
    fn each_defect_names_its_field() {
        let file = read(
            b"parent,subsidiary,share,source\n\
              a,a,10,self\n\
              ,b,10,no parent\n\
              a,b,ten,words\n\
              a,b,10\n\
              a,\xFF,10,bytes\n\
              a,b,10,ok\n",
        )
        .unwrap();
        let got: Vec<(u64, Option<&str>)> =
            file.rejects.iter().map(|r| (r.line, r.field)).collect();
        assert_eq!(
            got,
            vec![
                (2, Some("subsidiary")),
                (3, Some("parent")),
                (4, Some("share")),
                (5, None),
                (6, Some("subsidiary")),
            ]
        );
        assert_eq!(file.relations.len(), 1);
        assert!(file.relations[0].source.starts_with("ok at "));
    }

    #[test]
    fn header_without_share_is_an_error() {
        let error = read(b"parent,subsidiary\na,b\n").unwrap_err();
        assert!(matches!(
            error,
            NetworkError::MissingColumn {
                column: "share",
                ..
            }
        ));
        assert!(error.to_string().contains("\"share\""));
    }

    #[test]
    fn missing_file_is_an_error() {
        let error = read_relations_csv(Path::new("/nonexistent/relations.csv")).unwrap_err();
        assert!(matches!(error, NetworkError::Io { .. }));
    }
}
