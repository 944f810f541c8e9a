//! Batch scoring of name pairs from CSV, for the CLI.

use std::io::{Read, Write};

use rayon::prelude::*;

use crate::Schema;
use crate::compare::{MatchConfig, compare};
use crate::error::ScreeningError;
use crate::prepared::NameQuery;

/// Counts of a [`compare_pairs_csv`] run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PairsSummary {
    /// Data rows scored.
    pub n_pairs: u64,
    /// Rows whose score reached the threshold.
    pub n_matches: u64,
}

/// Rows scored per parallel batch.
const CHUNK_ROWS: usize = 8192;

/// Reads a CSV with header columns `left_name,right_name,schema` and
/// optionally `left_country,right_country` (several countries separated by
/// `;`), and writes every row back, extra columns unchanged and in order,
/// with two added columns `score` (4 decimals) and `match` (`true`/`false`).
///
/// A row with an empty name, an unknown schema or an unknown country stops
/// the run with [`ScreeningError::InvalidField`] naming its line and field.
///
/// ```
/// use chokepoint_screening::{compare_pairs_csv, MatchConfig};
/// let input = "left_name,right_name,schema,note\nJohn Smith,\"SMITH, John\",Person,x\n";
/// let mut output = Vec::new();
/// let summary = compare_pairs_csv(input.as_bytes(), &mut output, &MatchConfig::default()).unwrap();
/// assert_eq!(summary.n_matches, 1);
/// assert!(String::from_utf8(output).unwrap().starts_with("left_name,right_name,schema,note,score,match\n"));
/// ```
pub fn compare_pairs_csv(
    input: impl Read,
    output: impl Write,
    config: &MatchConfig,
) -> Result<PairsSummary, ScreeningError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(input);
    let mut writer = csv::Writer::from_writer(output);
    let headers = reader.headers()?.clone();
    let column = |name: &'static str| headers.iter().position(|header| header.trim() == name);
    let left_name = column("left_name").ok_or(ScreeningError::MissingColumn {
        column: "left_name",
    })?;
    let right_name = column("right_name").ok_or(ScreeningError::MissingColumn {
        column: "right_name",
    })?;
    let schema = column("schema").ok_or(ScreeningError::MissingColumn { column: "schema" })?;
    let columns = Columns {
        left_name,
        right_name,
        schema,
        left_country: column("left_country"),
        right_country: column("right_country"),
    };
    let mut out_headers = headers.clone();
    out_headers.push_field("score");
    out_headers.push_field("match");
    writer.write_record(&out_headers)?;
    let mut summary = PairsSummary::default();
    let mut chunk: Vec<(u64, csv::StringRecord)> = Vec::with_capacity(CHUNK_ROWS);
    let mut record = csv::StringRecord::new();
    // Physical line numbers, counted here: the csv reader's own count is
    // off by one after a CRLF header.
    let mut next_line = 2 + newlines(&headers);
    loop {
        let more = reader.read_record(&mut record)?;
        if more {
            chunk.push((next_line, record.clone()));
            next_line += 1 + newlines(&record);
        }
        if chunk.len() >= CHUNK_ROWS || (!more && !chunk.is_empty()) {
            let scored: Result<Vec<(f64, bool)>, ScreeningError> = chunk
                .par_iter()
                .map(|(line, row)| score_row(*line, row, &columns, config))
                .collect();
            for ((_, row), (score, is_match)) in chunk.iter().zip(scored?) {
                let mut out = row.clone();
                out.push_field(&format!("{score:.4}"));
                out.push_field(if is_match { "true" } else { "false" });
                writer.write_record(&out)?;
                summary.n_pairs += 1;
                summary.n_matches += u64::from(is_match);
            }
            chunk.clear();
        }
        if !more {
            break;
        }
    }
    writer.flush()?;
    tracing::debug!(
        n_pairs = summary.n_pairs,
        n_matches = summary.n_matches,
        "pairs scored"
    );
    Ok(summary)
}

/// Line breaks inside the (quoted) fields of a record.
fn newlines(record: &csv::StringRecord) -> u64 {
    record
        .iter()
        .map(|field| field.matches('\n').count() as u64)
        .sum()
}

struct Columns {
    left_name: usize,
    right_name: usize,
    schema: usize,
    left_country: Option<usize>,
    right_country: Option<usize>,
}

fn score_row(
    line: u64,
    row: &csv::StringRecord,
    columns: &Columns,
    config: &MatchConfig,
) -> Result<(f64, bool), ScreeningError> {
    let invalid = |field: &'static str, message: String| ScreeningError::InvalidField {
        line,
        field,
        message,
    };
    let get = |idx: usize| row.get(idx).unwrap_or("");
    let left_name = get(columns.left_name);
    let right_name = get(columns.right_name);
    if left_name.trim().is_empty() {
        return Err(invalid("left_name", "empty name".to_string()));
    }
    if right_name.trim().is_empty() {
        return Err(invalid("right_name", "empty name".to_string()));
    }
    let schema_text = get(columns.schema);
    let schema = Schema::parse(schema_text);
    if schema == Schema::Unknown && !schema_text.trim().is_empty() {
        return Err(invalid(
            "schema",
            format!(
                "unknown schema `{schema_text}` (expected Person, Company, Organization, LegalEntity, Vessel, Aircraft, Thing or empty)"
            ),
        ));
    }
    let left = with_countries(
        NameQuery::new(left_name, schema),
        columns.left_country.map(get),
    )
    .map_err(|country| invalid("left_country", format!("unknown country `{country}`")))?;
    let right = with_countries(
        NameQuery::new(right_name, schema),
        columns.right_country.map(get),
    )
    .map_err(|country| invalid("right_country", format!("unknown country `{country}`")))?;
    let comparison = compare(&left, &right, config);
    Ok((comparison.score, comparison.is_match))
}

fn with_countries(query: NameQuery, field: Option<&str>) -> Result<NameQuery, String> {
    let Some(field) = field else {
        return Ok(query);
    };
    let parts: Vec<&str> = field
        .split([';', '|'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    for part in &parts {
        if chokepoint_model::Country::lookup(part).is_err() {
            return Err((*part).to_string());
        }
    }
    Ok(query.with_countries(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str) -> Result<(PairsSummary, String), ScreeningError> {
        let mut output = Vec::new();
        let summary = compare_pairs_csv(input.as_bytes(), &mut output, &MatchConfig::default())?;
        Ok((summary, String::from_utf8_lossy(&output).into_owned()))
    }

    #[test]
    fn passes_columns_through() {
        let (summary, output) = run(
            "id,left_name,right_name,schema,left_country,right_country\n7,Siemens AG,Siemens Energy AG,Company,DE,Germany\n8,Acme LLC,ООО Акме,Company,,\n",
        )
        .unwrap_or_default();
        assert_eq!(summary.n_pairs, 2);
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(
            lines[0],
            "id,left_name,right_name,schema,left_country,right_country,score,match"
        );
        assert!(lines[1].starts_with("7,Siemens AG,Siemens Energy AG,Company,DE,Germany,"));
        assert!(lines[1].ends_with(",false"));
        assert!(lines[2].ends_with(",true"));
    }

    #[test]
    fn bad_rows_name_line_and_field() {
        let err = run("left_name,right_name,schema\nA,B,Person\nA,,Person\n").err();
        assert!(matches!(
            err,
            Some(ScreeningError::InvalidField {
                line: 3,
                field: "right_name",
                ..
            })
        ));
        let err = run("left_name,right_name,schema\r\nA,B,Person\r\n\"x\ny\",,Person\r\n").err();
        assert!(matches!(
            err,
            Some(ScreeningError::InvalidField {
                line: 3,
                field: "right_name",
                ..
            })
        ));
        let err = run("left_name,right_name,schema\nA,B,Robot\n").err();
        assert!(matches!(
            err,
            Some(ScreeningError::InvalidField {
                line: 2,
                field: "schema",
                ..
            })
        ));
        let err = run("left_name,right_name,schema,left_country\nA,B,Person,Atlantis\n").err();
        assert!(matches!(
            err,
            Some(ScreeningError::InvalidField {
                field: "left_country",
                ..
            })
        ));
        let err = run("left_name,schema\nA,Person\n").err();
        assert!(matches!(
            err,
            Some(ScreeningError::MissingColumn {
                column: "right_name"
            })
        ));
    }
}
