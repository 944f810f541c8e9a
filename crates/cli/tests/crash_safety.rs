//! A SIGKILLed ingest leaves every table at its last committed version, and a
//! re-run completes it with the right counts.

mod util;

use std::io::{BufWriter, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use util::TestDir;

fn write_large_comtrade_file(path: &std::path::Path, n_rows: usize) {
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        out,
        "reporterISO,partnerISO,flowCode,period,cmdCode,qtyUnitAbbr,qty,netWgt,primaryValue"
    )
    .unwrap();
    let partners = ["RUS", "KAZ", "KGZ", "ARM", "TUR", "ARE", "DEU", "USA"];
    for index in 0..n_rows {
        let year = 2015 + (index / 12) % 11;
        let month = index % 12 + 1;
        let partner = partners[(index / 132) % partners.len()];
        let code = 850000 + (index / 1056) % 9999;
        writeln!(
            out,
            "CHN,{partner},X,{year}{month:02},{code},u,{},{},{}.5",
            index % 997,
            index % 313,
            index
        )
        .unwrap();
    }
    out.flush().unwrap();
}

#[test]
fn sigkill_mid_ingest_leaves_tables_intact_and_a_rerun_completes() {
    let test = TestDir::new();
    let path = test.path("large.csv");
    let n_rows = 1_500_000;
    write_large_comtrade_file(&path, n_rows);
    // A first small file committed before the crash must survive it.
    let small = test.path("small.csv");
    std::fs::write(
        &small,
        "reporterISO,partnerISO,flowCode,period,cmdCode,primaryValue\nCHN,RUS,X,202408,854470,10\n",
    )
    .unwrap();
    test.ingest(&[&small]);

    let mut child = test
        .command()
        .arg("ingest")
        .arg(&path)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill once Parquet data of the large file is being written (or after a bound).
    let started = Instant::now();
    let flows_dir = test.data().join("flows");
    let n_files_before = std::fs::read_dir(&flows_dir).unwrap().count();
    while started.elapsed() < Duration::from_secs(20) {
        let n_files = std::fs::read_dir(&flows_dir).unwrap().count();
        if n_files > n_files_before || started.elapsed() > Duration::from_millis(1500) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "ingest finished before it could be killed; make the file larger"
    );
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    // Tables are readable and hold exactly the committed small file.
    assert_eq!(test.scalar("SELECT count(*) FROM flows"), "1");
    test.run(&["tables"]);

    // The re-run ingests the whole file once.
    test.ingest(&[&path]);
    assert_eq!(
        test.scalar("SELECT count(*) FROM flows"),
        (n_rows + 1).to_string()
    );
    assert_eq!(
        test.scalar(
            "SELECT count(DISTINCT source_line) FROM flows WHERE source_file LIKE '%large.csv'"
        ),
        n_rows.to_string()
    );
    let output = test.ingest(&[&path]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("already ingested"));
    assert_eq!(
        test.scalar("SELECT count(*) FROM flows"),
        (n_rows + 1).to_string()
    );
}
