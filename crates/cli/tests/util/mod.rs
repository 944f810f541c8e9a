//! Shared helpers of the binary-level tests: a temp data dir, a command builder
//! and SQL assertions through the real binary.
#![allow(dead_code, missing_docs)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `../shared/data` beside the repository (a test that uses it first checks
/// `chokepoint_test_support::shared_data_missing()`).
pub fn shared_data(relative: &str) -> PathBuf {
    chokepoint_test_support::shared_data_dir().join(relative)
}

/// The binary under test: this build's, or `CHOKEPOINT_TEST_BIN` (to run
/// the tests against another build, e.g. to record golden answers with the
/// code before a change).
pub fn binary() -> PathBuf {
    std::env::var_os("CHOKEPOINT_TEST_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_chokepoint")),
        PathBuf::from,
    )
}

/// A scratch data directory and a way to run the binary against it.
pub struct TestDir {
    pub dir: tempfile::TempDir,
}

impl TestDir {
    pub fn new() -> TestDir {
        TestDir {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn command(&self) -> Command {
        let mut command = Command::new(binary());
        command
            .arg("--data")
            .arg(self.data())
            .env_remove("CHOKEPOINT_DATA");
        command
    }

    /// Runs the binary; panics with its stderr if it fails.
    pub fn run(&self, args: &[&str]) -> Output {
        let output = self.command().args(args).output().unwrap();
        assert!(
            output.status.success(),
            "chokepoint {args:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    pub fn ingest(&self, files: &[&Path]) -> Output {
        let mut command = self.command();
        command.arg("ingest").args(files);
        let output = command.output().unwrap();
        assert!(
            output.status.success(),
            "ingest failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// Rows of a query as CSV records (header dropped).
    pub fn query(&self, sql: &str) -> Vec<Vec<String>> {
        let output = self.run(&["--output", "csv", "sql", sql]);
        let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
        reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    /// The single value of a one-row, one-column query.
    pub fn scalar(&self, sql: &str) -> String {
        let rows = self.query(sql);
        assert_eq!(rows.len(), 1, "{sql}: {rows:?}");
        rows[0][0].clone()
    }
}

/// Runs a Python script (`python -c script arg`) and returns its standard
/// output; panics with its stderr if it fails.
pub fn python_stdout(python: &Path, script: &str, arg: &Path) -> String {
    let output = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(arg)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// A running `chokepoint serve` on a loopback port, killed on drop.
pub struct Server {
    pub child: std::process::Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl TestDir {
    /// Starts `chokepoint serve` over this data dir on a free loopback port
    /// (no token from the environment) and waits for its address line.
    pub fn serve(&self, extra: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = self
            .command()
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env_remove("CHOKEPOINT_API_TOKEN")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Server { child, base }
    }
}

/// Number of data lines of a CSV file (records, not counting the header),
/// counted independently of the ingest code.
pub fn csv_record_count(path: &Path) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap();
    reader.byte_records().count()
}

/// A shipment record (NDJSON) of a subsidiary of a (fictitious) Western
/// brand shipping its brand to a hub firm: on the demo world it raises an
/// alert whose reasons cite the demo's relations file.
pub fn subsidiary_shipment(id: &str) -> String {
    serde_json::json!({
        "declaration_id": id, "date": "2025-11-20", "hs_code": "8542310000",
        "shipper_name": "Nordwell Electronics (Shenzhen) Co., Ltd.",
        "shipper_address": "No. 5 Huanguan South Road, Longhua District, Shenzhen 518110", "shipper_country": "CN",
        "consignee_name": "Tengri Logistic Service LLC", "consignee_address": "Ibraimov Street 103, office 7, Bishkek 720011",
        "consignee_country": "KG", "origin_country": "CN", "dispatch_country": "CN", "destination_country": "KG",
        "manufacturer": "Nordwell Electronics (Shenzhen) Co., Ltd.", "brand": "Nordwell",
        "value": 25000, "currency": "USD", "net_weight_kg": 3, "quantity": 1000, "quantity_unit": "u"
    })
    .to_string()
}
