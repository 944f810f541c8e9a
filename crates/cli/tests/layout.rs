//! `chokepoint optimize` and `vacuum` through the real binary: real files
//! and the demo world keep every count, sum and grouping; flows come out
//! sorted in row groups of at most 128 Ki rows; re-ingesting adds nothing;
//! the Python deltalake, Polars and DuckDB readers read the optimized table;
//! a killed optimize leaves the table intact and its orphans to vacuum.

mod util;

use std::path::Path;
use std::time::{Duration, Instant};

use util::{TestDir, python_stdout, shared_data};

/// Per table: row count and a fingerprint of its content that does not
/// depend on row order (exact sums, of values in cents, and a grouped
/// digest; a float sum would change in its last digits with the order).
const FINGERPRINTS: [(&str, &str); 4] = [
    (
        "flows",
        "SELECT count(*), sum(CAST(round(value_usd * 100) AS BIGINT)), sum(source_line), \
         (SELECT sum(n * length(k)) FROM (SELECT concat(reporter, partner, flow, coalesce(hs6, ''), \
          CAST(period AS VARCHAR)) AS k, count(*) AS n FROM flows GROUP BY 1)) FROM flows",
    ),
    (
        "shipments",
        "SELECT count(*), sum(CAST(round(value_usd * 100) AS BIGINT)), sum(source_line), \
         (SELECT sum(n * length(k)) FROM (SELECT concat(declaration_id, coalesce(destination_country, ''), \
          CAST(date AS VARCHAR)) AS k, count(*) AS n FROM shipments GROUP BY 1)) FROM shipments",
    ),
    (
        "rejects",
        "SELECT count(*), 0 AS no_sum, sum(line), sum(length(reason)) FROM rejects",
    ),
    (
        "relations",
        "SELECT count(*), 0 AS no_sum, 0 AS no_lines, sum(length(concat(from_id, to_id, kind))) FROM relations",
    ),
];

fn fingerprints(test: &TestDir) -> Vec<Vec<String>> {
    FINGERPRINTS
        .iter()
        .map(|(table, sql)| {
            let mut row = test.query(sql).remove(0);
            row.insert(0, table.to_string());
            row
        })
        .collect()
}

/// Files on disk in a table directory (not the log).
fn parquet_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            (!name.starts_with('_') && !name.starts_with('.')).then_some(name)
        })
        .collect();
    files.sort();
    files
}

fn active_files(test: &TestDir, table: &str) -> usize {
    let output = test.run(&["--output", "csv", "tables"]);
    let text = String::from_utf8(output.stdout).unwrap();
    text.lines()
        .find_map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            (fields[0] == table).then(|| fields[2].parse().unwrap())
        })
        .unwrap()
}

/// The Python readers on the optimized table: count and sum of value_usd by
/// deltalake, Polars (`read_delta`) and DuckDB; DuckDB's delta extension is
/// a download this machine cannot make, so DuckDB reads the active Parquet
/// files as deltalake lists them (`file_uris()`). Also checks every active
/// flows file is sorted by the layout's key with row groups of at most
/// 128 Ki rows, from the Parquet files themselves.
const READERS: &str = r#"
import sys
import duckdb, polars as pl, pyarrow.compute as pc, pyarrow.parquet as pq
from deltalake import DeltaTable
table = DeltaTable(sys.argv[1] + "/flows")
arrow = table.to_pyarrow_table()
print("deltalake", arrow.num_rows, round(pc.sum(arrow["value_usd"]).as_py(), 2))
frame = pl.read_delta(sys.argv[1] + "/flows")
print("polars", frame.height, round(frame["value_usd"].sum(), 2))
files = [uri.removeprefix("file://") for uri in table.file_uris()]
count, total = duckdb.sql(
    "SELECT count(*), round(sum(value_usd), 2) FROM read_parquet($files)",
    params={"files": files},
).fetchall()[0]
print("duckdb", count, total)
for path in files:
    metadata = pq.ParquetFile(path).metadata
    assert all(metadata.row_group(i).num_rows <= 128 * 1024 for i in range(metadata.num_row_groups))
    rows = pq.read_table(path, columns=["flow", "reporter", "partner", "hs6", "period"]).to_pylist()
    def key(row):
        export = row["flow"] in ("export", "re-export")
        importer, exporter = (row["partner"], row["reporter"]) if export else (row["reporter"], row["partner"])
        # DataFusion sorts nulls last.
        return (row["flow"], importer, exporter, row["hs6"] is None, row["hs6"] or "", row["period"])
    keys = [key(row) for row in rows]
    assert keys == sorted(keys), path
    print("sorted", path.rsplit("/", 1)[-1], len(rows), metadata.num_row_groups)
"#;

#[test]
fn optimize_and_vacuum_keep_real_files_and_the_demo_world_identical() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let Some(python) =
        chokepoint_test_support::test_python(&["deltalake", "pyarrow", "polars", "duckdb"])
    else {
        return;
    };
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let comext =
        shared_data("trade/eurostat-comext-monthly/eurostat_comext_relational_view_combined.csv");
    let phones = shared_data("trade/un-comtrade-armenia-georgia/mobile_phone_reexports.csv");
    let vehicles = shared_data("trade/un-comtrade-armenia-georgia/vehicle_trade_armenia.csv");
    test.ingest(&[&comext, &phones, &vehicles]);
    let before = fingerprints(&test);
    let flows_dir = test.data().join("flows");
    let files_before = active_files(&test, "flows");
    assert_eq!(files_before, 4, "one file per ingest");

    let output = test.run(&["--output", "csv", "optimize"]);
    let report = String::from_utf8(output.stdout).unwrap();
    let flows_line = report.lines().find(|l| l.starts_with("flows,")).unwrap();
    let fields: Vec<&str> = flows_line.split(',').collect();
    // table,version,files_before,files_after,files_rewritten,...
    assert_eq!(fields[2], "4", "{report}");
    assert_eq!(fields[3], "1", "{report}");
    assert_eq!(fields[4], "4", "{report}");
    assert_eq!(fingerprints(&test), before);
    assert_eq!(active_files(&test, "flows"), 1);
    assert_eq!(
        test.scalar("SELECT count(*) FROM flows WHERE flow = 'export' AND partner = 'RUS'"),
        test.scalar("SELECT count(*) FROM flows WHERE partner = 'RUS' AND flow = 'export'"),
    );
    let history =
        String::from_utf8(test.run(&["--output", "csv", "history", "flows"]).stdout).unwrap();
    assert!(
        history.lines().last().unwrap().contains("OPTIMIZE"),
        "{history}"
    );

    // A second optimize has nothing to do.
    let output = test.run(&["--output", "csv", "optimize", "flows"]);
    let again = String::from_utf8(output.stdout).unwrap();
    assert!(
        again.lines().nth(1).unwrap().starts_with("flows,,1,1,0"),
        "{again}"
    );

    // Idempotent after the rewrite: the same content adds nothing.
    let output = test.ingest(&[&phones]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("already ingested"), "{stderr}");
    assert_eq!(fingerprints(&test), before);

    // Vacuum: within the retention the rewritten files stay; past it they go.
    let on_disk = parquet_files(&flows_dir).len();
    assert_eq!(on_disk, 5);
    test.run(&["vacuum"]);
    assert_eq!(parquet_files(&flows_dir).len(), 5);
    let dry = String::from_utf8(
        test.run(&[
            "--output",
            "csv",
            "vacuum",
            "flows",
            "--retain-hours",
            "0",
            "--dry-run",
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(dry.lines().count(), 1 + 4, "{dry}");
    test.run(&["vacuum", "--retain-hours", "0"]);
    assert_eq!(parquet_files(&flows_dir).len(), 1);
    assert_eq!(fingerprints(&test), before);

    // Other readers see the optimized table.
    let stdout = python_stdout(&python, READERS, &test.data());
    let flows = &before[0];
    for reader in ["deltalake", "polars", "duckdb"] {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(reader))
            .unwrap_or_else(|| panic!("{stdout}"));
        let fields: Vec<&str> = line.split(' ').collect();
        assert_eq!(fields[1], flows[1], "{reader}: {stdout}");
        let sum: f64 = fields[2].parse().unwrap();
        let ours = flows[2].parse::<f64>().unwrap() / 100.0;
        assert!(
            (sum - ours).abs() <= ours.abs() * 1e-12,
            "{reader}: {sum} vs {ours}"
        );
    }
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("sorted")).count(),
        1
    );
}

#[test]
fn compaction_after_ingests_and_unknown_tables() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    let error = test.command().args(["optimize", "nope"]).output().unwrap();
    assert_eq!(error.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&error.stderr).contains("unknown table \"nope\""));
    // 16 small ingests: the 16th compacts flows in a commit of its own.
    let dir = test.path("parts");
    std::fs::create_dir_all(&dir).unwrap();
    // The file is not UTF-8: cut it as bytes.
    let source = std::fs::read(shared_data(
        "trade/un-comtrade-armenia-georgia/mobile_phone_reexports.csv",
    ))
    .unwrap();
    let mut lines = source
        .split(|b| *b == b'\n')
        .filter(|line| !line.is_empty());
    let header = lines.next().unwrap();
    let rows: Vec<&[u8]> = lines.collect();
    let mut paths = Vec::new();
    for (index, chunk) in rows.chunks(rows.len().div_ceil(16)).enumerate() {
        let path = dir.join(format!("part{index:02}.csv"));
        let mut bytes = header.to_vec();
        for row in chunk {
            bytes.push(b'\n');
            bytes.extend_from_slice(row);
        }
        bytes.push(b'\n');
        std::fs::write(&path, bytes).unwrap();
        paths.push(path);
    }
    assert_eq!(paths.len(), 16);
    let path_refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let output = test.ingest(&path_refs[..15]);
    assert!(!String::from_utf8_lossy(&output.stderr).contains("compacted"));
    assert_eq!(active_files(&test, "flows"), 15);
    let output = test.ingest(&path_refs[15..]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("flows: compacted 16 small files into 1"),
        "{stderr}"
    );
    assert_eq!(active_files(&test, "flows"), 1);
    let whole = test.path("whole.csv");
    std::fs::write(&whole, &source).unwrap();
    let total = TestDir::new();
    total.ingest(&[&whole]);
    assert_eq!(
        test.scalar("SELECT count(*) FROM flows"),
        total.scalar("SELECT count(*) FROM flows")
    );
    // Every part is still recognised.
    let output = test.ingest(&path_refs);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("already ingested").count(), 16, "{stderr}");
}

#[test]
fn a_killed_optimize_leaves_the_table_intact_and_vacuum_removes_its_orphans() {
    let test = TestDir::new();
    let csv = test.path("generated.csv");
    test.run(&[
        "generate",
        "--rows",
        "400000",
        "--out",
        csv.to_str().unwrap(),
    ]);
    test.ingest(&[&csv]);
    let before = fingerprints(&test);
    let flows_dir = test.data().join("flows");
    let committed = parquet_files(&flows_dir);
    assert_eq!(committed.len(), 1);

    // Small output files, so some are finished before the kill.
    let mut child = test
        .command()
        .args(["optimize", "flows", "--full", "--target-size", "512K"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let written = parquet_files(&flows_dir).len() - committed.len();
        if written >= 2 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "optimize finished before it could be killed; generate more rows"
        );
        assert!(Instant::now() < deadline, "optimize wrote no file");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    let log = String::from_utf8(test.run(&["--output", "csv", "history", "flows"]).stdout).unwrap();
    assert!(!log.contains("OPTIMIZE"), "{log}");
    assert_eq!(fingerprints(&test), before);
    assert!(parquet_files(&flows_dir).len() > committed.len());
    // A fresh orphan might be a running writer's: kept by default.
    test.run(&["vacuum", "flows"]);
    assert!(parquet_files(&flows_dir).len() > committed.len());
    test.run(&["vacuum", "flows", "--retain-hours", "0"]);
    assert_eq!(parquet_files(&flows_dir), committed);
    assert_eq!(fingerprints(&test), before);
    // And a later optimize completes.
    test.run(&["optimize", "flows"]);
    assert_eq!(fingerprints(&test), before);
}
