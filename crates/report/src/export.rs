//! Machine-readable exports of tables: CSV (RFC 4180) and JSON.
//!
//! Exports carry raw values, not the rounded display strings, so a reader
//! can recompute anything shown in the report.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::format::file_slug;
use crate::model::{Cell, Report, Table};

/// A text cell made safe for a spreadsheet (OWASP "CSV injection"): text
/// starting with `=`, `+`, `-`, `@`, a tab or CR would be read as a formula,
/// so it gets a leading `'`. Text that is a number (`-3.5`) is no formula
/// and stays as it is, like everything else.
pub fn csv_text_cell(text: &str) -> Cow<'_, str> {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && text.parse::<f64>().is_err() {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Writes a table as CSV: a header row, CRLF line ends, and fields quoted
/// when they contain a comma, a quote, CR or LF, with quotes doubled.
/// Numbers are written in full precision; NaN, infinities and empty cells
/// become empty fields; text that would be a formula is neutralised
/// ([`csv_text_cell`]).
pub fn table_csv(table: &Table) -> String {
    let column_names = table.column_names();
    let mut csv = String::new();
    push_csv_record(&mut csv, column_names.iter().map(String::as_str));
    for row in &table.rows {
        let fields: Vec<String> = (0..column_names.len())
            .map(|column_idx| row.get(column_idx).map(raw_text).unwrap_or_default())
            .collect();
        push_csv_record(&mut csv, fields.iter().map(String::as_str));
    }
    csv
}

/// Writes a table as a JSON array with one object per row, keyed by column
/// name. Numbers stay numbers; empty cells, NaN and infinities are `null`.
/// Duplicate column names get a suffix (`name_2`) so no value is lost to a
/// key collision.
pub fn table_json(table: &Table) -> String {
    let keys = unique_keys(&table.column_names());
    let mut json = String::from("[");
    for (row_idx, row) in table.rows.iter().enumerate() {
        json.push_str(if row_idx == 0 { "\n  {" } else { ",\n  {" });
        for (column_idx, key) in keys.iter().enumerate() {
            if column_idx > 0 {
                json.push_str(", ");
            }
            json.push_str(&json_string(key));
            json.push_str(": ");
            json.push_str(&json_value(row.get(column_idx).unwrap_or(&Cell::Empty)));
        }
        json.push('}');
    }
    json.push_str(if table.rows.is_empty() {
        "]\n"
    } else {
        "\n]\n"
    });
    json
}

/// The export file stem of every table in the report, in document order:
/// the table's name made file-safe, `table-N` when nothing is left of it,
/// and numbered when two tables would share a stem.
pub fn export_stems(report: &Report) -> Vec<String> {
    let mut taken = HashSet::new();
    let mut stems = Vec::new();
    let tables = report.sections.iter().flat_map(|section| &section.tables);
    for (table_idx, table) in tables.enumerate() {
        let mut base = file_slug(&table.name);
        if base.is_empty() {
            base = format!("table-{}", table_idx + 1);
        }
        let mut stem = base.clone();
        let mut copy_number = 2;
        while !taken.insert(stem.to_ascii_lowercase()) {
            stem = format!("{base}-{copy_number}");
            copy_number += 1;
        }
        stems.push(stem);
    }
    stems
}

fn push_csv_record<'a>(csv: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (field_idx, field) in fields.enumerate() {
        if field_idx > 0 {
            csv.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            csv.push('"');
            csv.push_str(&field.replace('"', "\"\""));
            csv.push('"');
        } else {
            csv.push_str(field);
        }
    }
    csv.push_str("\r\n");
}

/// The unformatted text of a cell for CSV. Rust's `Display` for `f64` is
/// the shortest string that parses back to the same value.
fn raw_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) | Cell::Link { text, .. } => csv_text_cell(text).into_owned(),
        Cell::Number(number) | Cell::Ratio(number) | Cell::Share(number) if number.is_finite() => {
            number.to_string()
        }
        Cell::Integer(integer) => integer.to_string(),
        Cell::Number(_) | Cell::Ratio(_) | Cell::Share(_) | Cell::Empty => String::new(),
    }
}

fn json_value(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) | Cell::Link { text, .. } => json_string(text),
        Cell::Number(number) | Cell::Ratio(number) | Cell::Share(number) if number.is_finite() => {
            number.to_string()
        }
        Cell::Integer(integer) => integer.to_string(),
        Cell::Number(_) | Cell::Ratio(_) | Cell::Share(_) | Cell::Empty => "null".to_owned(),
    }
}

fn json_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for character in text.chars() {
        match character {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            control if (control as u32) < 0x20 => {
                quoted.push_str(&format!("\\u{:04x}", control as u32));
            }
            other => quoted.push(other),
        }
    }
    quoted.push('"');
    quoted
}

fn unique_keys(column_names: &[String]) -> Vec<String> {
    let mut taken = HashSet::new();
    column_names
        .iter()
        .map(|name| {
            let mut key = name.clone();
            let mut copy_number = 2;
            while !taken.insert(key.clone()) {
                key = format!("{name}_{copy_number}");
                copy_number += 1;
            }
            key
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Section;

    fn table(name: &str) -> Table {
        Table {
            name: name.into(),
            caption: String::new(),
            columns: vec!["name".into(), "value".into()],
            rows: vec![
                vec![
                    Cell::Text("AT&T, \"Ltd\"\nline 2".into()),
                    Cell::Number(0.1),
                ],
                vec![Cell::Empty, Cell::Number(f64::NAN)],
                vec![Cell::Integer(-3)],
            ],
        }
    }

    #[test]
    fn csv_text_cells_are_never_formulas() {
        for (text, safe) in [
            ("=1+1", "'=1+1"),
            ("+1", "+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-3.5", "-3.5"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(csv_text_cell(text), safe, "{text:?}");
        }
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(
            table_csv(&table("t")),
            "name,value\r\n\"AT&T, \"\"Ltd\"\"\nline 2\",0.1\r\n,\r\n-3,\r\n"
        );
    }

    #[test]
    fn json_keeps_numbers_and_nulls() {
        assert_eq!(
            table_json(&table("t")),
            "[\n  {\"name\": \"AT&T, \\\"Ltd\\\"\\nline 2\", \"value\": 0.1},\n  \
             {\"name\": null, \"value\": null},\n  {\"name\": -3, \"value\": null}\n]\n"
        );
        let empty = Table::default();
        assert_eq!(table_json(&empty), "[]\n");
    }

    #[test]
    fn duplicate_columns_get_distinct_keys() {
        let names = ["a".to_owned(), "a".to_owned(), "a_2".to_owned()];
        assert_eq!(unique_keys(&names), ["a", "a_2", "a_2_2"]);
    }

    #[test]
    fn stems_are_safe_and_unique() {
        let report = Report {
            sections: vec![Section {
                tables: vec![table("Scores"), table("scores"), table("///"), table("a/b")],
                ..Section::default()
            }],
            ..Report::default()
        };
        assert_eq!(
            export_stems(&report),
            ["Scores", "scores-2", "table-3", "a-b"]
        );
    }
}
