//! Golden answers: every analytics question's CSV output on the small demo
//! world and on real files of `../shared/data`, compared with the answers
//! kept in `tests/golden/` (recorded before the plans were rewritten as
//! single passes, so a plan change that alters an answer fails here).
//!
//! Numbers are compared with a relative tolerance of 1e-9: a plan that sums
//! the same rows in another order may differ in the last bits, never more.
//! `CHOKEPOINT_BLESS=1` rewrites the files; review the diff before committing.

mod util;

use std::path::{Path, PathBuf};

use util::{TestDir, shared_data};

/// (golden file name, arguments after `--output csv`).
type Question = (&'static str, &'static [&'static str]);

const DEMO_QUESTIONS: &[Question] = &[
    (
        "shares-mirror-year",
        &["shares", "--basket", "microelectronics", "--to", "RUS"],
    ),
    (
        "shares-direct-year",
        &[
            "shares",
            "--basket",
            "microelectronics",
            "--to",
            "RUS",
            "--source",
            "direct",
        ],
    ),
    (
        "shares-both-quarter",
        &[
            "shares",
            "--basket",
            "high-priority",
            "--to",
            "RUS",
            "--source",
            "both",
            "--by",
            "quarter",
            "--top",
            "5",
        ],
    ),
    (
        "shares-both-month-groups",
        &[
            "shares",
            "--basket",
            "microelectronics",
            "--to",
            "RUS",
            "--source",
            "both",
            "--by",
            "month",
            "--group",
            "china=CHN,HKG,MAC",
            "--top",
            "1000",
            "--from",
            "2021-06",
            "--until",
            "2023-06",
        ],
    ),
    (
        "shares-codes-window",
        &[
            "shares",
            "--basket",
            "854231,8541",
            "--to",
            "RUS",
            "--from",
            "2022-01",
            "--until",
            "2023-12",
            "--top",
            "3",
        ],
    ),
    (
        "totals-chpl",
        &[
            "totals", "--basket", "chpl", "--from", "CHN,HKG", "--to", "RUS", "--since", "2023-01",
        ],
    ),
    (
        "totals-fibre-miles",
        &[
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
        ],
    ),
    (
        "totals-importer",
        &[
            "totals",
            "--basket",
            "machine-tools",
            "--from",
            "CHN,DEU",
            "--to",
            "KAZ",
            "--since",
            "2021-01",
            "--until",
            "2024-12",
            "--source",
            "importer",
        ],
    ),
    (
        "surges-fibre-quantity",
        &[
            "surges",
            "--basket",
            "fibre-optic",
            "--to",
            "RUS",
            "--measure",
            "quantity",
            "--top",
            "10",
        ],
    ),
    ("surges-every-series", &["surges", "--top", "40"]),
    (
        "surges-all-points",
        &[
            "surges",
            "--basket",
            "high-priority",
            "--from",
            "CHN",
            "--all-points",
            "--top",
            "60",
        ],
    ),
    (
        "corridors-high-priority",
        &[
            "corridors",
            "--basket",
            "high-priority",
            "--to",
            "RUS",
            "--sources",
            "EU27,G7",
        ],
    ),
    (
        "corridors-coalition-microelectronics",
        &["corridors", "--basket", "microelectronics", "--to", "RUS"],
    ),
];

const REAL_QUESTIONS: &[Question] = &[
    (
        "real-shares-total-mirror-month",
        &[
            "shares",
            "--basket",
            "total-trade",
            "--to",
            "RUS",
            "--by",
            "month",
            "--top",
            "8",
        ],
    ),
    (
        "real-shares-total-both-kgz",
        &[
            "shares",
            "--basket",
            "total-trade",
            "--to",
            "KGZ",
            "--source",
            "both",
        ],
    ),
    (
        "real-totals-deu-fra",
        &[
            "totals",
            "--basket",
            "total-trade",
            "--from",
            "DEU,FRA,ITA",
            "--to",
            "RUS",
            "--since",
            "2022-01",
        ],
    ),
    (
        "real-corridors-eu",
        &[
            "corridors",
            "--basket",
            "total-trade",
            "--to",
            "RUS",
            "--sources",
            "EU27",
            "--min-value",
            "0",
        ],
    ),
    (
        "real-surges-armenia",
        &["surges", "--min-value", "0", "--top", "25"],
    ),
];

fn questions(list: &'static [Question]) -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    list.iter().map(|(name, args)| (*name, args.to_vec()))
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn claims_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../claims/seed-claims.toml")
}

/// Runs every question and compares (or, blessing, writes) its answer;
/// columns named in `ignored` (the SQL text shown with a claim) may differ.
fn check_all<'a>(
    test: &TestDir,
    questions: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>,
    ignored: &[&str],
) {
    let bless = std::env::var_os("CHOKEPOINT_BLESS").is_some();
    let mut failures = Vec::new();
    for (name, args) in questions {
        let mut full = vec!["--output", "csv"];
        full.extend_from_slice(&args);
        let actual = String::from_utf8(test.run(&full).stdout).unwrap();
        let path = golden_dir().join(format!("{name}.csv"));
        if bless {
            std::fs::create_dir_all(golden_dir()).unwrap();
            std::fs::write(&path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (CHOKEPOINT_BLESS=1 writes it)", path.display()));
        if let Err(difference) = same_answer(&expected, &actual, ignored) {
            failures.push(format!("{name} ({args:?}): {difference}"));
        }
    }
    assert!(
        failures.is_empty(),
        "answers changed:\n{}",
        failures.join("\n")
    );
}

/// Equal CSV tables: same header and rows; numbers within 1e-9 relative;
/// the columns headed by a name in `ignored` are left out.
fn same_answer(expected: &str, actual: &str, ignored: &[&str]) -> Result<(), String> {
    let records = |text: &str| -> Vec<Vec<String>> {
        let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        let keep: Vec<bool> = rows.first().map_or(Vec::new(), |header| {
            header
                .iter()
                .map(|h| !ignored.contains(&h.as_str()))
                .collect()
        });
        rows.into_iter()
            .map(|row| {
                row.into_iter()
                    .zip(&keep)
                    .filter(|(_, keep)| **keep)
                    .map(|(cell, _)| cell)
                    .collect()
            })
            .collect()
    };
    let (expected, actual) = (records(expected), records(actual));
    if expected.len() != actual.len() {
        return Err(format!(
            "{} rows expected, {} found",
            expected.len(),
            actual.len()
        ));
    }
    for (line, (want, got)) in expected.iter().zip(&actual).enumerate() {
        if want.len() != got.len() {
            return Err(format!("line {}: {want:?} vs {got:?}", line + 1));
        }
        for (a, b) in want.iter().zip(got) {
            if !same_cell(a, b) {
                return Err(format!(
                    "line {}: {a:?} vs {b:?}\n  {want:?}\n  {got:?}",
                    line + 1
                ));
            }
        }
    }
    Ok(())
}

fn same_cell(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1e-300),
        _ => false,
    }
}

#[test]
fn analytics_answers_on_the_demo_world_match_the_golden_files() {
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    check_all(&test, questions(DEMO_QUESTIONS), &[]);
    // The claim check: computed figures and verdicts of the seed claims (the
    // query text shown beside them is the plan, which may change).
    let claims = claims_file();
    check_all(
        &test,
        [("check-seed-claims", vec!["check", claims.to_str().unwrap()])],
        &["query"],
    );
}

#[test]
fn analytics_answers_on_real_files_match_the_golden_files() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    let comext =
        shared_data("trade/eurostat-comext-monthly/eurostat_comext_relational_view_combined.csv");
    let phones = shared_data("trade/un-comtrade-armenia-georgia/mobile_phone_reexports.csv");
    let vehicles = shared_data("trade/un-comtrade-armenia-georgia/vehicle_trade_armenia.csv");
    test.ingest(&[&comext, &phones, &vehicles]);
    check_all(&test, questions(REAL_QUESTIONS), &[]);
}

#[test]
fn numbers_compare_within_the_tolerance_and_text_exactly() {
    assert!(same_cell("0.30000000000000004", "0.3"));
    assert!(!same_cell("0.3001", "0.3"));
    assert!(!same_cell("CHN", "HKG"));
    assert!(same_answer("a,b\n1,x\n", "a,b\n1.0000000000001,x\n", &[]).is_ok());
    assert!(same_answer("a,b\n1,x\n", "a,b\n1,x\n2,y\n", &[]).is_err());
    assert!(same_answer("a,query\n1,x\n", "a,query\n1,y\n", &["query"]).is_ok());
    assert!(same_answer("a,query\n1,x\n", "a,query\n2,x\n", &["query"]).is_err());
}
