//! Golden CLI output: the table and JSON output of `shares`, `totals`,
//! `surges`, `corridors` and `check`, and the `--show-sql` text, on the small
//! demo world (built once for this test binary), recorded in
//! `tests/snapshots/`. `golden_answers.rs` guards the answers; these guard
//! what users see: column names and order, the table layout, JSON keys.
//!
//! Sums over many rows differ in their last bits from run to run (the plans
//! add partitions in whatever order they finish), and rounding cannot hide
//! that (a sum of cents can sit exactly on a rounding boundary), so before
//! comparing, each decimal number within 1e-9 relative of the recorded one
//! in the same place takes the recorded text, as `golden_answers.rs`
//! compares; table cells are trimmed (a cell one digit longer would
//! otherwise move every border).
//! `INSTA_UPDATE=always cargo test -p chokepoint-cli --test output_golden`
//! rewrites the snapshots; review the diff.

mod util;

use std::sync::OnceLock;

use util::TestDir;

/// The demo world, shared by every test of this binary.
fn world() -> &'static TestDir {
    static WORLD: OnceLock<TestDir> = OnceLock::new();
    WORLD.get_or_init(|| {
        let test = TestDir::new();
        test.run(&["demo", "--small"]);
        test
    })
}

fn claims_file() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../claims/seed-claims.toml").to_string()
}

/// (snapshot name, the command's arguments).
fn questions() -> Vec<(&'static str, Vec<String>)> {
    let args = |list: &[&str]| list.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    vec![
        (
            "shares",
            args(&[
                "shares",
                "--basket",
                "microelectronics",
                "--to",
                "RUS",
                "--source",
                "both",
                "--top",
                "5",
            ]),
        ),
        (
            "totals",
            args(&[
                "totals",
                "--basket",
                "fibre-optic",
                "--from",
                "CHN",
                "--to",
                "RUS",
                "--since",
                "2024-01",
                "--unit",
                "mi",
            ]),
        ),
        (
            "surges",
            args(&[
                "surges",
                "--basket",
                "fibre-optic",
                "--to",
                "RUS",
                "--measure",
                "quantity",
                "--top",
                "5",
            ]),
        ),
        (
            "corridors",
            args(&[
                "corridors",
                "--basket",
                "microelectronics",
                "--to",
                "RUS",
                "--top",
                "5",
            ]),
        ),
        ("check", vec!["check".into(), claims_file()]),
    ]
}

fn stdout(args: &[&str]) -> String {
    String::from_utf8(world().run(args).stdout).expect("UTF-8 output")
}

/// A piece of output: a number token or the text between numbers.
#[derive(Debug, PartialEq)]
enum Piece {
    Number(String),
    Text(String),
}

/// Splits text into numbers (digits with an optional fraction and exponent,
/// not glued to a word: `H6` and `e1` stay text) and the text between them.
fn pieces(text: &str) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut index = 0;
    while index < chars.len() {
        let starts_number = chars[index].is_ascii_digit()
            && (index == 0 || !(chars[index - 1].is_alphanumeric() || chars[index - 1] == '_'));
        if !starts_number {
            plain.push(chars[index]);
            index += 1;
            continue;
        }
        let start = index;
        while index < chars.len()
            && (chars[index].is_ascii_digit()
                || chars[index] == '.'
                || ((chars[index] == 'e' || chars[index] == 'E')
                    && chars
                        .get(index + 1)
                        .is_some_and(|c| c.is_ascii_digit() || *c == '-'))
                || (chars[index] == '-' && matches!(chars[index - 1], 'e' | 'E')))
        {
            index += 1;
        }
        if !plain.is_empty() {
            out.push(Piece::Text(std::mem::take(&mut plain)));
        }
        out.push(Piece::Number(chars[start..index].iter().collect()));
    }
    if !plain.is_empty() {
        out.push(Piece::Text(plain));
    }
    out
}

/// `actual` with each decimal number that is within 1e-9 relative of the
/// number in the same place of `recorded` written as recorded; unchanged
/// when the two do not have the same numbers in the same places.
fn as_recorded(actual: &str, recorded: &str) -> String {
    let (actual_pieces, recorded_pieces) = (pieces(actual), pieces(recorded));
    let is_number = |piece: &&Piece| matches!(piece, Piece::Number(_));
    if actual_pieces.iter().filter(is_number).count()
        != recorded_pieces.iter().filter(is_number).count()
    {
        return actual.to_string();
    }
    let mut recorded_numbers = recorded_pieces.iter().filter(is_number);
    actual_pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.clone(),
            Piece::Number(number) => {
                let Some(Piece::Number(before)) = recorded_numbers.next() else {
                    unreachable!("the counts are equal")
                };
                let close = number.contains(['.', 'e', 'E'])
                    && match (number.parse::<f64>(), before.parse::<f64>()) {
                        (Ok(x), Ok(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()),
                        _ => false,
                    };
                if close {
                    before.clone()
                } else {
                    number.clone()
                }
            }
        })
        .collect()
}

/// The recorded snapshot `name` (its text after the header), if any.
fn recorded(name: &str) -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/snapshots/output_golden__{name}.snap"));
    let file = std::fs::read_to_string(path).ok()?;
    let body = file.strip_prefix("---\n")?;
    let (_, contents) = body.split_once("\n---\n")?;
    Some(contents.to_string())
}

/// Snapshots `actual` under `name`, run-to-run noise in decimals aside.
fn assert_output(name: &str, actual: &str) {
    let actual = match recorded(name) {
        Some(before) => as_recorded(actual, &before),
        None => actual.to_string(),
    };
    insta::assert_snapshot!(name, actual);
}

/// A table with its cells trimmed and its border lines kept as markers, so
/// the snapshot shows columns and rows but not widths that vary with digits.
fn trim_table(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.starts_with('+') {
                "+--".to_string()
            } else if line.starts_with('|') {
                line.split('|')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join(" | ")
                    .trim()
                    .to_string()
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn table_output() {
    for (name, args) in questions() {
        let mut full = vec!["--output", "table"];
        full.extend(args.iter().map(String::as_str));
        assert_output(&format!("table_{name}"), &trim_table(&stdout(&full)));
    }
}

#[test]
fn json_output() {
    for (name, args) in questions() {
        let mut full = vec!["--output", "json"];
        full.extend(args.iter().map(String::as_str));
        let json: serde_json::Value =
            serde_json::from_str(&stdout(&full)).expect("the JSON output parses");
        let pretty = serde_json::to_string_pretty(&json).expect("JSON");
        assert_output(&format!("json_{name}"), &pretty);
    }
}

#[test]
fn show_sql_output() {
    for (name, args) in questions() {
        if name == "check" {
            // A claim file's queries are in its JSON output (`query`).
            continue;
        }
        let mut full: Vec<&str> = args.iter().map(String::as_str).collect();
        full.push("--show-sql");
        insta::assert_snapshot!(format!("show_sql_{name}"), stdout(&full));
    }
}

#[test]
fn decimals_within_the_tolerance_take_the_recorded_text() {
    assert_eq!(
        as_recorded(
            "| 2019 | DEU | 786227397.6000001 | 0.47101731592228163 | 7 | H6 2021-01 |",
            "| 2019 | DEU | 786227397.5999998 | 0.4710173159222816 | 7 | H6 2021-01 |"
        ),
        "| 2019 | DEU | 786227397.5999998 | 0.4710173159222816 | 7 | H6 2021-01 |"
    );
    // A real change stays, and so does everything when the numbers moved.
    assert_eq!(as_recorded("share 0.91", "share 0.9"), "share 0.91");
    assert_eq!(as_recorded("2020 8", "2019"), "2020 8");
    assert_eq!(as_recorded("2020", "2019"), "2020");
    assert_eq!(
        pieces("x1 2e-7 854231"),
        [
            Piece::Text("x1 ".into()),
            Piece::Number("2e-7".into()),
            Piece::Text(" ".into()),
            Piece::Number("854231".into()),
        ]
    );
    assert_eq!(
        trim_table("+---+----+\n| a | bb |\n+---+----+\nsummary"),
        "+--\n| a | bb |\n+--\nsummary"
    );
}
