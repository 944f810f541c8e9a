//! `chokepoint lists` and `chokepoint screen` through the real binary, on the
//! real list files in ../shared/data, with a loopback HTTP server standing in
//! for the publishers in `lists update`.

mod util;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};

use util::{TestDir, shared_data};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn loaded_lists_screen_names_identifiers_and_files() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    let output = test.run(&[
        "lists",
        "load",
        shared_data("sanctions/ofac-consolidated-nonsdn")
            .to_str()
            .unwrap(),
        shared_data("sanctions/un-consolidated").to_str().unwrap(),
    ]);
    let log = stderr(&output);
    assert!(log.contains("ofac-cons: 442 entities"), "{log}");
    assert!(log.contains("un-sc: 1003 entities"), "{log}");
    let shown = String::from_utf8_lossy(&test.run(&["lists", "show"]).stdout).into_owned();
    assert!(shown.contains("1445 entities"), "{shown}");

    // A brand alias, a full legal name, an identifier alone.
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["--output", "json", "screen"];
        all.extend_from_slice(args);
        serde_json::from_slice(&test.run(&all).stdout).unwrap()
    };
    let hits = json(&[
        "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD",
        "--schema",
        "Company",
    ]);
    assert_eq!(hits[0]["id"], "ofac-cons-30946");
    assert_eq!(hits[0]["match"], true);
    assert!(!hits[0]["features"].as_array().unwrap().is_empty());
    let hits = json(&["unknown name", "--id", "91330000733796106P"]);
    assert_eq!(hits[0]["id"], "ofac-cons-30946");
    assert!(hits[0]["score"].as_f64().unwrap() >= 0.95, "{hits}");
    let hits = json(&[
        "Shenzhen Global Sensor Technology Co., Ltd.",
        "--schema",
        "Company",
    ]);
    assert!(
        hits.as_array().unwrap().iter().all(|h| h["match"] == false),
        "{hits}"
    );

    // A file of shipments: the name columns, best match per name.
    let input = test.path("parties.csv");
    std::fs::write(
        &input,
        "declaration_id,shipper_name,consignee_name\n\
         D1,Hangzhou Hikvision Digital Technology Co. Ltd,OOO Romashka\n\
         D2,Acme Widgets GmbH,\n",
    )
    .unwrap();
    let out = test.path("screened.csv");
    test.run(&[
        "screen",
        "--file",
        input.to_str().unwrap(),
        "--columns",
        "shipper_name,consignee_name",
        "--out",
        out.to_str().unwrap(),
    ]);
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "empty names are skipped");
    assert_eq!(
        (&rows[0][1], &rows[0][4], &rows[0][5]),
        ("shipper_name", "true", "ofac-cons-30946")
    );
    let failed = test
        .command()
        .args([
            "screen",
            "--file",
            input.to_str().unwrap(),
            "--columns",
            "shipper",
        ])
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(2));
    assert!(
        stderr(&failed).contains("no column \"shipper\""),
        "{}",
        stderr(&failed)
    );

    // A load that fails leaves the index as it was.
    let bogus = test.path("bogus.csv");
    std::fs::write(&bogus, "what,is,this\n1,2,3\n").unwrap();
    let failed = test
        .command()
        .args(["lists", "load", bogus.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(2));
    let shown = String::from_utf8_lossy(&test.run(&["lists", "show"]).stdout).into_owned();
    assert!(shown.contains("1445 entities"), "{shown}");
}

/// Serves `body` with `status` to every request until the test ends.
fn serve(body: Vec<u8>, status: Arc<AtomicU16>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let code = status.load(Ordering::SeqCst);
            let payload: &[u8] = if code == 200 { &body } else { b"unavailable" };
            let _ = write!(
                stream,
                "HTTP/1.1 {code} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                payload.len()
            );
            let _ = stream.write_all(payload);
        }
    });
    format!("http://{address}/consolidated.xml")
}

#[test]
fn update_downloads_and_a_failed_refresh_keeps_the_last_good_copy() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    let body = std::fs::read(shared_data("sanctions/un-consolidated/UN_consolidated.xml")).unwrap();
    let status = Arc::new(AtomicU16::new(200));
    let url = serve(body, status.clone());
    let update = |test: &TestDir| {
        test.command()
            .args([
                "lists",
                "update",
                "--only",
                "un-sc",
                "--url",
                &format!("un-sc={url}"),
                "--timeout",
                "10",
            ])
            .output()
            .unwrap()
    };
    let output = update(&test);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("un-sc: 1003 entities"));
    let copy = test.data().join("lists/downloads/un-sc/consolidated.xml");
    let first_copy = std::fs::read(&copy).unwrap();

    // The publisher fails: the update says so, the copy and the index stay.
    status.store(500, Ordering::SeqCst);
    let output = update(&test);
    assert_eq!(output.status.code(), Some(2));
    let log = stderr(&output);
    assert!(
        log.contains("download failed") && log.contains("last good copy is kept"),
        "{log}"
    );
    assert_eq!(std::fs::read(&copy).unwrap(), first_copy);
    let shown = String::from_utf8_lossy(&test.run(&["lists", "show"]).stdout).into_owned();
    assert!(shown.contains("1003 entities"), "{shown}");

    // Offline (nothing listening): a clear message.
    let output = test
        .command()
        .args([
            "lists",
            "update",
            "--only",
            "un-sc",
            "--url",
            "un-sc=http://127.0.0.1:9/x.xml",
            "--timeout",
            "5",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot reach"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn screening_the_shipments_table_writes_screening_results() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    test.run(&[
        "lists",
        "load",
        shared_data("sanctions/un-consolidated").to_str().unwrap(),
    ]);
    let output = test.run(&[
        "screen",
        "--table",
        "shipments",
        "--columns",
        "shipper_name,consignee_name",
    ]);
    assert!(
        stderr(&output).contains("screening_results v"),
        "{}",
        stderr(&output)
    );
    // One row per shipment and column, each name screened with its best match.
    let shipments: u64 = test
        .scalar("SELECT count(*) FROM shipments")
        .parse()
        .unwrap();
    let results: u64 = test
        .scalar("SELECT count(*) FROM screening_results")
        .parse()
        .unwrap();
    assert_eq!(results, 2 * shipments);
    assert_eq!(
        test.scalar("SELECT count(*) FROM screening_results r JOIN shipments s ON r.declaration_id = s.declaration_id AND r.column = 'shipper_name' AND r.name = s.shipper_name"),
        shipments.to_string()
    );
    // The demo's firms are fictitious: none is on the UN list.
    assert_eq!(
        test.scalar("SELECT count(*) FROM screening_results WHERE is_match"),
        "0"
    );
    // A column that is not a name column is refused.
    let bad = test
        .command()
        .args(["screen", "--table", "shipments", "--columns", "value"])
        .output()
        .unwrap();
    assert!(
        stderr(&bad).contains("not a name column"),
        "{}",
        stderr(&bad)
    );
}

/// An FtM list file of `n` companies in dataset `list`.
fn ftm_list(test: &TestDir, list: &str, n: usize) -> std::path::PathBuf {
    let path = test.path(&format!("{list}__entities.ftm.json"));
    let lines: String = (0..n)
        .map(|idx| {
            format!(
                "{{\"id\":\"{list}-{idx}\",\"schema\":\"Company\",\"properties\":{{\"name\":[\"{list} Trading Company {idx}\"]}}}}\n"
            )
        })
        .collect();
    std::fs::write(&path, lines).unwrap();
    path
}

/// Issue 18, defect 1: two `lists load` at once, each of its own list, into
/// one data directory. Each load must land (none lost to the other's merge,
/// none of their generations deleted by the other's prune) and `CURRENT`
/// must name a readable generation.
#[test]
fn concurrent_list_loads_both_land() {
    let test = TestDir::new();
    let rounds = 3;
    let mut expected = Vec::new();
    for round in 0..rounds {
        let files: Vec<_> = ["a", "b"]
            .iter()
            .map(|side| ftm_list(&test, &format!("r{round}{side}"), 2000))
            .collect();
        let children: Vec<_> = files
            .iter()
            .map(|file| {
                test.command()
                    .args(["lists", "load", file.to_str().unwrap()])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: {}",
                stderr(&output)
            );
        }
        expected.push(format!("r{round}a"));
        expected.push(format!("r{round}b"));
    }
    let lists_dir = test.data().join("lists");
    let current = std::fs::read_to_string(lists_dir.join("CURRENT")).unwrap();
    assert!(
        lists_dir.join("generations").join(current.trim()).is_dir(),
        "CURRENT names generation {current:?}, which is gone"
    );
    // A fresh process opens the index and sees every list loaded.
    let shown = String::from_utf8_lossy(&test.run(&["lists", "show"]).stdout).into_owned();
    assert!(
        shown.contains(&format!("{} entities", 2000 * 2 * rounds)),
        "{shown}"
    );
    for list in &expected {
        assert!(
            shown.contains(&format!("  {list:<20}     2000 entities")),
            "{list}: {shown}"
        );
    }
}

/// A UN consolidated list file of individuals; `keyed` gives each one a
/// DATAID (without one a record is rejected).
fn un_list(test: &TestDir, name: &str, n: usize, keyed: bool) -> std::path::PathBuf {
    let path = test.path(name);
    let records: String = (0..n)
        .map(|idx| {
            let key = if keyed {
                format!("<DATAID>{}</DATAID>", 1000 + idx)
            } else {
                String::new()
            };
            format!(
                "<INDIVIDUAL>{key}<FIRST_NAME>PERSON</FIRST_NAME>\
                 <SECOND_NAME>NUMBER{idx}</SECOND_NAME></INDIVIDUAL>\n"
            )
        })
        .collect();
    std::fs::write(
        &path,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <CONSOLIDATED_LIST><INDIVIDUALS>\n{records}</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n"
        ),
    )
    .unwrap();
    path
}

/// Issue 18, defect 3: a recognised list file whose every record is
/// rejected must not publish an index without that list.
#[test]
fn an_all_rejected_list_file_publishes_nothing() {
    let test = TestDir::new();
    let good = un_list(&test, "un_good.xml", 2, true);
    let output = test.run(&["lists", "load", good.to_str().unwrap()]);
    assert!(
        stderr(&output).contains("un-sc: 2 entities"),
        "{}",
        stderr(&output)
    );
    let current = || std::fs::read_to_string(test.data().join("lists/CURRENT")).unwrap();
    let before = current();

    let bad = un_list(&test, "un_bad.xml", 3, false);
    let failed = test
        .command()
        .args(["lists", "load", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!failed.status.success());
    let log = stderr(&failed);
    assert!(log.contains("un_bad.xml"), "{log}");
    assert!(log.contains("all 3 records were rejected"), "{log}");
    assert_eq!(current(), before, "a generation was published");
    let shown = String::from_utf8_lossy(&test.run(&["lists", "show"]).stdout).into_owned();
    assert!(
        shown.contains("un-sc") && shown.contains("2 entities"),
        "{shown}"
    );
}
