//! Writers at the same time, as separate processes (issue 18, defect 10):
//! the same file ingested twice at once lands once, and two first ingests
//! into a fresh data directory both land.

mod util;

use std::path::Path;
use std::process::{Child, Stdio};

use util::TestDir;

/// A shipments CSV of `n` records with ids `{prefix}-0..n`.
fn write_shipments(path: &Path, prefix: &str, n: usize) {
    let mut text = String::from(
        "declaration_id,date,hs_code,shipper_name,consignee_name,consignee_country,value,currency\n",
    );
    for i in 0..n {
        text.push_str(&format!(
            "{prefix}-{i},2025-01-{:02},854231,Alpha Ltd,Beta LLC,KG,{},USD\n",
            i % 28 + 1,
            100 + i
        ));
    }
    std::fs::write(path, text).unwrap();
}

fn start_ingest(test: &TestDir, file: &Path) -> Child {
    test.command()
        .args(["ingest", file.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(child: Child) -> String {
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{:?}: {stderr}", output.status);
    stderr
}

/// Used to give 6,000 rows for 3,000 ids, or fail one of the two with
/// "Metadata changed since last commit" in a fresh directory.
#[test]
fn the_same_file_ingested_twice_at_once_lands_once() {
    for round in 0..3 {
        let test = TestDir::new();
        let file = test.path("shipments.csv");
        write_shipments(&file, "S", 3_000);
        let first = start_ingest(&test, &file);
        let second = start_ingest(&test, &file);
        let logs = [finish(first), finish(second)].join("\n");
        assert_eq!(
            test.query("SELECT count(*), count(DISTINCT declaration_id) FROM shipments"),
            [["3000", "3000"]],
            "round {round}: {logs}"
        );
        assert_eq!(
            test.scalar("SELECT count(DISTINCT ingest_id) FROM shipments"),
            "1"
        );
    }
}

#[test]
fn two_first_ingests_into_a_fresh_directory_both_land() {
    for round in 0..3 {
        let test = TestDir::new();
        let (a, b) = (test.path("a.csv"), test.path("b.csv"));
        write_shipments(&a, "A", 1_000);
        write_shipments(&b, "B", 2_000);
        let first = start_ingest(&test, &a);
        let second = start_ingest(&test, &b);
        let logs = [finish(first), finish(second)].join("\n");
        assert_eq!(
            test.query(
                "SELECT substr(declaration_id, 1, 1) AS p, count(*) FROM shipments GROUP BY p ORDER BY p"
            ),
            [["A", "1000"], ["B", "2000"]],
            "round {round}: {logs}"
        );
    }
}
