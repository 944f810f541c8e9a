//! The tables are plain Delta Lake: the Python `deltalake` package (installed
//! from PyPI by `scripts/test.sh`) reads them and finds the same counts.

mod util;

use util::{TestDir, python_stdout, shared_data};

#[test]
fn python_deltalake_reads_the_same_counts() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let Some(python) = chokepoint_test_support::test_python(&["deltalake", "pyarrow"]) else {
        return;
    };
    let test = TestDir::new();
    let comtrade = shared_data("trade/un-comtrade-armenia-georgia/vehicle_trade_armenia.csv");
    test.ingest(&[&comtrade]);
    let n_flows = test.scalar("SELECT count(*) FROM flows");
    let n_rejects = test.scalar("SELECT count(*) FROM rejects");
    let value_sum = test.scalar("SELECT round(sum(value_usd), 2) FROM flows");
    let script = r#"
import sys
from deltalake import DeltaTable
data = sys.argv[1]
flows = DeltaTable(data + "/flows").to_pyarrow_table()
rejects = DeltaTable(data + "/rejects").to_pyarrow_table()
import pyarrow.compute as pc
print(flows.num_rows, rejects.num_rows, round(pc.sum(flows["value_usd"]).as_py(), 2))
print(DeltaTable(data + "/flows").history()[0]["operation"])
"#;
    let stdout = python_stdout(&python, script, &test.data());
    let mut lines = stdout.lines();
    let counts: Vec<&str> = lines.next().unwrap().split(' ').collect();
    assert_eq!(counts[0], n_flows);
    assert_eq!(counts[1], n_rejects);
    let python_sum: f64 = counts[2].parse().unwrap();
    let our_sum: f64 = value_sum.parse().unwrap();
    assert!(
        (python_sum - our_sum).abs() < 0.01,
        "{python_sum} vs {our_sum}"
    );
    assert_eq!(lines.next(), Some("WRITE"));
}
