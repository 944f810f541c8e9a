//! `chokepoint demo` and `chokepoint generate` through the real binary.

mod answer;
mod util;

use answer::Answer;
use util::TestDir;

#[test]
fn small_demo_builds_ingests_and_answers_its_first_query() {
    let test = TestDir::new();
    let output = test.run(&["--output", "csv", "demo", "--small"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("SYNTHETIC"), "{stderr}");
    let n_flows: usize = test.scalar("SELECT count(*) FROM flows").parse().unwrap();
    let n_shipments: usize = test
        .scalar("SELECT count(*) FROM shipments")
        .parse()
        .unwrap();
    assert!(
        n_flows > 10_000 && n_shipments > 500,
        "{n_flows} flows, {n_shipments} shipments"
    );
    assert_eq!(test.scalar("SELECT count(*) FROM rejects"), "0");
    // The first query's answer: China + Hong Kong's share rises after 2022.
    let shares = Answer::parse(&output);
    let share = |year: &str| shares.number(shares.find("year", year), "china_hk_share");
    assert!(
        share("2021") < 0.5 && share("2023") > 0.75,
        "{:?}",
        shares.rows
    );
    // Russia stops reporting in 2022: no RUS-reported rows after 2021.
    assert_eq!(
        test.scalar("SELECT count(*) FROM flows WHERE reporter = 'RUS' AND year >= 2022"),
        "0"
    );
    // Origin shares from mirror data: China + Hong Kong + Macao in 2023 microelectronics (seed: ~90%).
    let output = test.run(&[
        "--output",
        "csv",
        "shares",
        "--basket",
        "microelectronics",
        "--to",
        "RUS",
        "--group",
        "china=CHN,HKG,MAC",
        "--from",
        "2023-01",
        "--until",
        "2023-12",
    ]);
    let shares = Answer::parse(&output);
    let china = shares.number(shares.find("origin", "china"), "share");
    assert!((0.85..0.95).contains(&china), "{china}");
    let total: f64 = shares
        .rows
        .iter()
        .map(|row| shares.number(row, "share"))
        .sum();
    assert!(
        (total - 1.0).abs() < 1e-9,
        "shares of a period sum to 1: {total}"
    );
    // Cumulative totals: the last running total equals the sum of the monthly values.
    let output = test.run(&[
        "--output", "csv", "totals", "--basket", "chpl", "--from", "CHN", "--to", "RUS", "--since",
        "2023-01",
    ]);
    let totals = Answer::parse(&output);
    assert_eq!(totals.column("period").first(), Some(&"2023-01"));
    let monthly_sum: f64 = totals
        .rows
        .iter()
        .map(|row| totals.number(row, "value_usd"))
        .sum();
    let last = totals.rows.last().expect("a month");
    let cumulative = totals.number(last, "cumulative_value_usd");
    assert!(
        (monthly_sum - cumulative).abs() < 1e-3 * cumulative,
        "{monthly_sum} vs {cumulative}"
    );
    // The fibre-optic cable surge of 2025-08 in miles: ~10x the month before (seed: ~325,000 miles).
    let cable = test.path("cable.toml");
    std::fs::write(
        &cable,
        "[[basket]]\nname = \"cable\"\ncodes = [\"854470\"]\n",
    )
    .unwrap();
    let output = test.run(&[
        "--baskets",
        cable.to_str().unwrap(),
        "--output",
        "csv",
        "totals",
        "--basket",
        "cable",
        "--from",
        "CHN",
        "--to",
        "RUS",
        "--since",
        "2025-07",
        "--until",
        "2025-08",
        "--unit",
        "mi",
    ]);
    let cable = Answer::parse(&output);
    assert_eq!(cable.column("period"), ["2025-07", "2025-08"]);
    assert_eq!(cable.column("quantity_unit"), ["mi", "mi"]);
    let (july, august) = (
        cable.number(&cable.rows[0], "quantity"),
        cable.number(&cable.rows[1], "quantity"),
    );
    assert!((8.0..12.0).contains(&(august / july)), "{july} -> {august}");
    assert!((250_000.0..400_000.0).contains(&august), "{august} miles");
    // Unknown baskets are refused with the list of known ones.
    let failed = test
        .command()
        .args(["shares", "--basket", "nope", "--to", "RUS"])
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("microelectronics"));
    // Labelled synthetic beside the data.
    let readme =
        std::fs::read_to_string(test.data().join("demo-sources/SYNTHETIC_DATA_README.txt"))
            .unwrap();
    assert!(readme.to_lowercase().contains("synthetic"));
    // A second demo run adds nothing: the same content is already ingested.
    let again = test.run(&["demo", "--small"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("already ingested"));
    assert_eq!(
        test.scalar("SELECT count(*) FROM flows"),
        n_flows.to_string()
    );
}

#[test]
fn generate_writes_exactly_the_rows_asked_and_they_ingest() {
    let test = TestDir::new();
    let path = test.path("generated.csv");
    test.run(&[
        "generate",
        "--rows",
        "25000",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert_eq!(util::csv_record_count(&path), 25_000);
    let stdout = test.run(&["generate", "--rows", "3"]).stdout;
    assert_eq!(
        String::from_utf8_lossy(&stdout).lines().count(),
        4,
        "header + 3 rows"
    );
    test.ingest(&[&path]);
    assert_eq!(test.scalar("SELECT count(*) FROM flows"), "25000");
    assert_eq!(test.scalar("SELECT count(*) FROM rejects"), "0");
}

#[test]
fn world_like_rows_ingest_without_rejects_with_russia_in_one_to_three_percent() {
    let test = TestDir::new();
    let path = test.path("world.csv");
    test.run(&[
        "generate",
        "--profile",
        "world",
        "--rows",
        "50000",
        "--out",
        path.to_str().unwrap(),
    ]);
    test.ingest(&[&path]);
    assert_eq!(test.scalar("SELECT count(*) FROM flows"), "50000");
    assert_eq!(test.scalar("SELECT count(*) FROM rejects"), "0");
    let share: f64 = test
        .scalar(
            "SELECT CAST(sum(CASE WHEN reporter = 'RUS' OR partner = 'RUS' THEN 1 ELSE 0 END) AS DOUBLE) \
             / count(*) FROM flows",
        )
        .parse()
        .unwrap();
    assert!((0.01..=0.03).contains(&share), "RUS in {share} of rows");
    let reporters: usize = test
        .scalar("SELECT count(DISTINCT reporter) FROM flows")
        .parse()
        .unwrap();
    let codes: usize = test
        .scalar("SELECT count(DISTINCT hs6) FROM flows")
        .parse()
        .unwrap();
    assert!(
        reporters >= 150 && codes >= 500,
        "{reporters} reporters, {codes} codes"
    );
    assert_eq!(
        test.scalar("SELECT count(*) FROM flows WHERE reporter = 'RUS' AND year >= 2022"),
        "0"
    );
}
