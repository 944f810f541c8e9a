//! Broken rows are rejected with reasons naming the field; broken files commit nothing.

mod util;

use std::io::Write;

use util::TestDir;

const HEADER: &str = "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,cmdCode,qtyUnitCode,qtyUnitAbbr,qty,netWgt,primaryValue";

#[test]
fn each_broken_row_is_rejected_with_its_reason_and_good_rows_are_committed() {
    let test = TestDir::new();
    let path = test.path("broken.csv");
    let mut bytes = Vec::new();
    writeln!(bytes, "{HEADER}").unwrap();
    writeln!(bytes, "C,M,20240801,2024,8,202408,156,CHN,China,X,Export,643,RUS,Russian Federation,854470,-1,km,52000,910000,8100000").unwrap(); // line 2 good
    writeln!(bytes, "C,M,20240801,2024,8,202408,156,CHN,China,X,Export,643,RUS,Russian Federation,85X470,-1,km,1,1,1").unwrap(); // 3 bad HS
    writeln!(bytes, "C,M,20240801,2024,8,202408,156,CHN,China,X,Export,643,RUS,Russian Federation,854470,-1,km,1,1,12abc").unwrap(); // 4 value
    writeln!(bytes, "C,M,20240801,2024,8,202408,999,ZZZ,Nowhere,X,Export,643,RUS,Russian Federation,854470,-1,km,1,1,1").unwrap(); // 5 country
    writeln!(
        bytes,
        "C,M,20240801,2024,8,202408,156,CHN,China,X,Export,643,RUS"
    )
    .unwrap(); // 6 columns
    bytes.extend_from_slice(b"C,M,20240801,2024,8,202408,156,CHN,Ch\xffna,X,Export,643,RUS,Russian Federation,854470,-1,km,1,1,1\n"); // 7 utf-8
    writeln!(bytes, "C,M,20240801,2024,13,202413,156,CHN,China,X,Export,643,RUS,Russian Federation,854470,-1,km,1,1,1").unwrap(); // 8 period
    writeln!(bytes, "C,M,20240801,2024,8,202408,344,HKG,\"Hong Kong, China\",X,Export,643,RUS,Russian Federation,854231,5,u,300,2,45000.5").unwrap(); // 9 good
    std::fs::write(&path, bytes).unwrap();
    test.ingest(&[&path]);

    assert_eq!(test.scalar("SELECT count(*) FROM flows"), "2");
    let rejects = test.query("SELECT line, field, reason FROM rejects ORDER BY line");
    let expected: [(&str, &str, &str); 6] = [
        ("3", "cmdCode", "invalid HS code \"85X470\""),
        ("4", "primaryValue", "not a number: \"12abc\""),
        ("5", "reporterISO", "unknown country \"ZZZ\""),
        ("6", "", "expected 20 fields, found 13"),
        ("7", "reporterDesc", "invalid UTF-8"),
        ("8", "period", "invalid period \"202413\""),
    ];
    assert_eq!(rejects.len(), expected.len(), "{rejects:?}");
    for (row, (line, field, reason)) in rejects.iter().zip(expected) {
        assert_eq!((row[0].as_str(), row[1].as_str()), (line, field), "{row:?}");
        assert!(
            row[2].contains(reason),
            "line {line}: {:?} lacks {reason:?}",
            row[2]
        );
    }
    // The raw text of a rejected row is kept.
    assert!(
        test.scalar("SELECT raw FROM rejects WHERE line = 4")
            .contains("12abc")
    );
    // The km quantity survives, convertible to miles.
    assert_eq!(
        test.scalar("SELECT quantity_unit FROM flows WHERE hs_code = '854470'"),
        "km"
    );
}

#[test]
fn unreadable_files_fail_naming_the_file_and_commit_nothing() {
    let test = TestDir::new();
    let good = test.path("good.csv");
    std::fs::write(&good, format!("{HEADER}\nC,M,20240801,2024,8,202408,156,CHN,China,X,Export,643,RUS,Russia,854470,-1,km,1,1,1\n")).unwrap();
    let unknown = test.path("unknown.csv");
    std::fs::write(&unknown, "a,b,c\n1,2,3\n").unwrap();
    // A gzip stream cut in the middle.
    let truncated = test.path("truncated.csv.gz");
    let mut encoder = flate2_free_gzip(&std::fs::read(&good).unwrap().repeat(2000));
    encoder.truncate(encoder.len() / 2);
    std::fs::write(&truncated, encoder).unwrap();

    for (path, needle) in [
        (&unknown, "unknown layout"),
        (&truncated, "cannot read file"),
    ] {
        let output = test.command().arg("ingest").arg(path).output().unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&path.display().to_string()) && stderr.contains(needle),
            "{stderr}"
        );
    }
    assert_eq!(test.scalar("SELECT count(*) FROM flows"), "0");
    assert_eq!(test.scalar("SELECT count(*) FROM rejects"), "0");
    test.run(&["history", "flows"]);
}

/// Gzip-compresses with the system `gzip` (a real, independent encoder).
fn flate2_free_gzip(bytes: &[u8]) -> Vec<u8> {
    use std::process::{Command, Stdio};
    let mut child = Command::new("gzip")
        .arg("-c")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output.stdout
}

#[test]
fn reingesting_the_same_content_adds_nothing() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    let path = util::shared_data("trade/un-comtrade-armenia-georgia/mobile_phone_reexports.csv");
    test.ingest(&[&path]);
    let n_first = test.scalar("SELECT count(*) FROM flows");
    let n_rejects_first = test.scalar("SELECT count(*) FROM rejects");
    assert_ne!(n_first, "0");
    let copy = test.path("renamed_copy.csv");
    std::fs::copy(&path, &copy).unwrap();
    let output = test.ingest(&[&path, &copy]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("already ingested").count(), 2, "{stderr}");
    assert_eq!(test.scalar("SELECT count(*) FROM flows"), n_first);
    assert_eq!(test.scalar("SELECT count(*) FROM rejects"), n_rejects_first);
    let versions = test.run(&["--output", "csv", "history", "flows"]).stdout;
    assert_eq!(
        String::from_utf8_lossy(&versions).lines().count(),
        1 + 2,
        "create + one write"
    );
}

#[test]
fn a_plan_printed_into_a_closed_pipe_exits_cleanly() {
    use std::process::Stdio;
    let test = TestDir::new();
    let mut child = test
        .command()
        .args([
            "shares",
            "--basket",
            "high-priority",
            "--to",
            "RUS",
            "--show-sql",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Closed before the binary has started up and written its plan.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}
