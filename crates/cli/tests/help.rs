//! `--help` through the real binary: the choices of a closed set and the
//! names of the registries are listed, the defaults shown, so help cannot
//! drift from what the commands accept (issue 13).

mod util;

use chokepoint_catalog::schema::TableKind;
use util::TestDir;

fn help(args: &[&str]) -> String {
    let test = TestDir::new();
    let mut all = args.to_vec();
    all.push("--help");
    String::from_utf8(test.run(&all).stdout).unwrap()
}

/// `[possible values: a, b, c]` as clap prints it (wrapped lines joined).
fn lists(help: &str, values: &[&str]) -> bool {
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.contains(&format!("[possible values: {}]", values.join(", ")))
}

#[test]
fn analytics_flags_show_choices_and_defaults() {
    let shares = help(&["shares"]);
    assert!(lists(&shares, &["month", "quarter", "year"]), "{shares}");
    assert!(lists(&shares, &["direct", "mirror", "both"]), "{shares}");
    assert!(
        shares.contains("[default: year]") && shares.contains("[default: 10]"),
        "{shares}"
    );
    let totals = help(&["totals"]);
    assert!(lists(&totals, &["exporter", "importer"]), "{totals}");
    let surges = help(&["surges"]);
    assert!(lists(&surges, &["value", "quantity"]), "{surges}");
    assert!(surges.contains("[default: 2021-01..2021-12]"), "{surges}");
    let corridors = help(&["corridors"]);
    assert!(
        corridors.contains("[default: coalition]") && corridors.contains("[default: 0.06]"),
        "{corridors}"
    );
}

#[test]
fn registries_name_every_format_and_table() {
    let ingest = help(&["ingest"]);
    let formats = chokepoint_ingest::format_names();
    assert!(formats.contains(&"russia-fcs"));
    assert!(lists(&ingest, &formats), "{ingest}");
    let history = help(&["history"]);
    let tables: Vec<&str> = TableKind::ALL.iter().map(|kind| kind.name()).collect();
    assert!(lists(&history, &tables), "{history}");
}

#[test]
fn a_bad_choice_names_the_flag_and_the_choices() {
    let test = TestDir::new();
    let output = test
        .command()
        .args([
            "shares",
            "--basket",
            "chpl",
            "--to",
            "RUS",
            "--by",
            "weekly",
            "--show-sql",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--by") && stderr.contains("\"weekly\": expected month, quarter or year"),
        "{stderr}"
    );
    // Aliases and case are read as before.
    test.run(&[
        "shares",
        "--basket",
        "chpl",
        "--to",
        "rus",
        "--by",
        "Q",
        "--show-sql",
    ]);
}
