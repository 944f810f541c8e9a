//! Hostile text in output, through the real binary (issue 18, defect 11):
//! spreadsheet formulas in CSV cells.

mod util;

use util::TestDir;

/// A query whose text cells start with every formula trigger and whose
/// number cell is negative.
const HOSTILE_SQL: &str = "SELECT '=HYPERLINK(\"http://x\",\"y\")' AS a, '+1+1' AS b, \
     '-2+3' AS c, '@SUM(A1)' AS d, chr(9) || 'tab' AS e, chr(13) || 'cr' AS f, \
     '-3.5' AS g, CAST(-3.5 AS DOUBLE) AS h, 'plain' AS i";

/// The cells of the first data row of a CSV document.
fn first_row(csv_text: &[u8]) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv_text);
    let record = reader.records().next().unwrap().unwrap();
    record.iter().map(str::to_string).collect()
}

fn assert_neutralised(row: &[String]) {
    assert_eq!(
        row,
        [
            "'=HYPERLINK(\"http://x\",\"y\")",
            "'+1+1",
            "'-2+3",
            "'@SUM(A1)",
            "'\ttab",
            "'\rcr",
            "-3.5",
            "-3.5",
            "plain",
        ]
    );
}

/// Defect 11, CLI: `--output csv` neutralises formula cells (a leading
/// quote) and leaves numbers, and text that is a number, as they are.
#[test]
fn cli_csv_cells_cannot_be_formulas() {
    let test = TestDir::new();
    let output = test.run(&["--output", "csv", "sql", HOSTILE_SQL]);
    assert_neutralised(&first_row(&output.stdout));
}

/// Defect 11, API: `Accept: text/csv` does the same.
#[test]
fn api_csv_cells_cannot_be_formulas() {
    let test = TestDir::new();
    let server = test.serve(&[]);
    let response = reqwest::blocking::Client::new()
        .post(format!("{}/sql", server.base))
        .header("accept", "text/csv")
        .json(&serde_json::json!({ "query": HOSTILE_SQL }))
        .send()
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    assert_neutralised(&first_row(&response.bytes().unwrap()));
}
