//! Issue 5 acceptance through the binary on the small demo world: entity
//! resolution tables, the risk ranking and its explanations, analysts'
//! split decisions, rejected relation rows, and `watch` killed with SIGKILL
//! and restarted scoring every shipment exactly once.

mod util;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use util::TestDir;

fn truth(test: &TestDir) -> Value {
    let text = std::fs::read_to_string(test.data().join("demo-sources/demo_truth.json")).unwrap();
    serde_json::from_str::<Value>(&text).unwrap()["shipments"].clone()
}

fn sql_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("'{}'", n.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn demo_resolution_risk_ranking_explanations_and_decisions() {
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let truth = truth(&test);

    // Every planted spelling group seen in the records is one entity.
    let mut groups = 0;
    for group in truth["variant_groups"].as_array().unwrap() {
        let seen: Vec<&str> = group["variants_seen"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        if seen.len() < 2 {
            continue;
        }
        groups += 1;
        let sql = format!(
            "SELECT count(DISTINCT entity_id) FROM resolution WHERE party_name IN ({})",
            sql_list(&seen)
        );
        assert_eq!(test.scalar(&sql), "1", "{group}");
    }
    assert!(groups >= 4, "{groups}");
    // Look-alikes are different entities.
    for pair in truth["look_alikes"].as_array().unwrap() {
        let (a, b) = (
            pair["a"]["name"].as_str().unwrap(),
            pair["b"]["name"].as_str().unwrap(),
        );
        let rows = test.query(&format!(
            "SELECT DISTINCT entity_id FROM resolution WHERE party_name IN ({})",
            sql_list(&[a, b])
        ));
        if rows.len() >= 2
            || test
                .query(&format!(
                    "SELECT 1 FROM resolution WHERE party_name = {}",
                    sql_list(&[b])
                ))
                .is_empty()
        {
            continue;
        }
        panic!("look-alikes merged: {pair}");
    }
    // Ownership edges from the demo's relation file are in the relations table.
    assert_eq!(
        test.scalar("SELECT count(*) FROM relations WHERE kind = 'ownership'"),
        "6"
    );

    // Owners and paths over the stored relations.
    let subsidiary = truth["subsidiary_brand_links"][0]["subsidiary"]
        .as_str()
        .unwrap();
    let parent = truth["subsidiary_brand_links"][0]["parent"]
        .as_str()
        .unwrap();
    let owners = String::from_utf8(test.run(&["network", "owners", subsidiary]).stdout).unwrap();
    assert!(
        owners.contains(&format!("direct owner: {parent} 100 % (not listed")),
        "{owners}"
    );
    assert!(
        owners.contains("listed parties own 0.0 %: below the 50 % rule"),
        "{owners}"
    );
    let paths = String::from_utf8(
        test.run(&[
            "network",
            "paths",
            "--from",
            parent,
            "--to",
            subsidiary,
            "--max-hops",
            "2",
        ])
        .stdout,
    )
    .unwrap();
    assert!(
        paths.starts_with("1. 1 hops:")
            && paths.contains(&format!("{parent} owns 100 % of {subsidiary}")),
        "{paths}"
    );

    // The ranking: subsidiaries of Western brand owners shipping to hub consignees first.
    let output = test.run(&["--output", "json", "risk", "--limit", "15"]);
    let ranked: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(ranked.len(), 15);
    let hubs = ["KGZ", "KAZ", "ARM", "TUR", "ARE"];
    for row in &ranked {
        let reasons = row["reasons"].as_str().unwrap();
        assert!(
            reasons.contains("western_subsidiary") && reasons.contains("transit"),
            "{row}"
        );
        assert!(
            hubs.contains(&row["consignee_country"].as_str().unwrap()),
            "{row}"
        );
    }
    let scores: Vec<f64> = ranked
        .iter()
        .map(|r| r["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    // The explanation names the owner, the consignee's onward trade and the spellings.
    let top = ranked[0]["declaration_id"].as_str().unwrap();
    let explained = String::from_utf8(test.run(&["risk", "explain", top]).stdout).unwrap();
    for needle in [
        "western_subsidiary",
        "% owned by",
        "ships to Russian parties itself",
        "parties:",
        "shipper:",
    ] {
        assert!(explained.contains(needle), "{needle} missing:\n{explained}");
    }
    let unknown = test
        .command()
        .args(["risk", "explain", "NO-SUCH-ID"])
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no shipment with declaration_id"));

    // --since keeps later shipments only; a bad date is refused.
    let output = test.run(&[
        "--output",
        "json",
        "risk",
        "--since",
        "2025-01-01",
        "--limit",
        "1000",
    ]);
    let later: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        !later.is_empty()
            && later
                .iter()
                .all(|r| r["date"].as_str().unwrap() >= "2025-01-01")
    );
    let bad = test
        .command()
        .args(["risk", "--since", "2025-13-01"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected a date"));

    // A split decision undoes a merge at the next build.
    let group = truth["variant_groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["variants_seen"].as_array().unwrap().len() >= 2)
        .unwrap();
    let seen: Vec<&str> = group["variants_seen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    // Two spellings that differ beyond case and punctuation.
    let plain = |name: &str| {
        name.to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let other = seen.iter().find(|n| plain(n) != plain(seen[0])).unwrap();
    let seen = [seen[0], *other];
    test.run(&["network", "split", seen[0], seen[1], "--note", "test"]);
    test.run(&[
        "network",
        "build",
        "--relations",
        test.data()
            .join("demo-sources/demo_relations.csv")
            .to_str()
            .unwrap(),
    ]);
    let sql = format!(
        "SELECT count(DISTINCT entity_id) FROM resolution WHERE party_name IN ({})",
        sql_list(&seen[..2])
    );
    assert_eq!(test.scalar(&sql), "2");
}

#[test]
fn malformed_relation_rows_are_rejected_with_reasons_and_kept() {
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let relations = test.path("relations.csv");
    std::fs::write(
        &relations,
        "parent,subsidiary,share,source\nNordwell Electronics GmbH,Elbtal Komponenten Vertrieb GmbH,0.3,registry\nA,B,lots,registry\nC,,0.5,registry\n",
    )
    .unwrap();
    let output = test.run(&[
        "network",
        "build",
        "--relations",
        relations.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("relations.csv:3") && stderr.contains("relations.csv:4"),
        "{stderr}"
    );
    assert_eq!(
        test.scalar("SELECT count(*) FROM rejects WHERE format = 'relations-csv'"),
        "2"
    );
    // The demo's six links stay; the good row is added once, also when built again.
    assert_eq!(
        test.scalar("SELECT count(*) FROM relations WHERE kind = 'ownership'"),
        "7"
    );
    test.run(&[
        "network",
        "build",
        "--relations",
        relations.to_str().unwrap(),
    ]);
    assert_eq!(
        test.scalar("SELECT count(*) FROM relations WHERE kind = 'ownership'"),
        "7"
    );
}

/// Splits the demo's shipments into `n` NDJSON files in `dir`.
fn split_shipments(source: &std::path::Path, dir: &std::path::Path, n: usize) -> BTreeSet<String> {
    let text = std::fs::read_to_string(source).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut ids = BTreeSet::new();
    for (k, chunk) in lines.chunks(lines.len().div_ceil(n)).enumerate() {
        let mut file = std::fs::File::create(dir.join(format!("batch-{k:02}.ndjson"))).unwrap();
        for line in chunk {
            writeln!(file, "{line}").unwrap();
            let record: Value = serde_json::from_str(line).unwrap();
            ids.insert(record["declaration_id"].as_str().unwrap().to_string());
        }
    }
    ids
}

/// A data directory and an inbox holding the small demo's shipments split
/// into `n` files; returns them with the declaration ids.
fn demo_inbox(n: usize) -> (TestDir, std::path::PathBuf, BTreeSet<String>) {
    let source = TestDir::new();
    source.run(&["demo", "--small"]);
    let test = TestDir::new();
    let inbox = test.path("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let ids = split_shipments(
        &source.data().join("demo-sources/demo_shipments.ndjson"),
        &inbox,
        n,
    );
    (test, inbox, ids)
}

#[test]
fn watch_killed_mid_stream_and_restarted_scores_every_shipment_once() {
    let (test, inbox, ids) = demo_inbox(8);

    // Kill the watcher with SIGKILL after its first, third and fifth alert lines.
    for kill_after in [1, 3, 5] {
        let mut child = test
            .command()
            .args([
                "watch",
                inbox.to_str().unwrap(),
                "--interval",
                "0.2",
                "--alert-score",
                "0",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let started = Instant::now();
        let mut seen = 0;
        while seen < kill_after && started.elapsed() < Duration::from_secs(120) {
            match lines.next() {
                Some(Ok(line)) => {
                    let alert: Value = serde_json::from_str(&line).unwrap();
                    assert!(
                        alert["reasons"].is_array() && alert["score"].is_number(),
                        "{line}"
                    );
                    seen += 1;
                }
                _ => break,
            }
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
    }
    // Restart and finish what is left.
    let output = test.run(&[
        "watch",
        inbox.to_str().unwrap(),
        "--once",
        "--alert-score",
        "0",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("batch-07.ndjson"), "{stderr}");

    // Every shipment stored once and scored (alerted, at alert score 0) exactly once.
    let stored: Vec<Vec<String>> =
        test.query("SELECT declaration_id, count(*) FROM shipments GROUP BY declaration_id");
    assert_eq!(stored.len(), ids.len());
    assert!(stored.iter().all(|r| r[1] == "1"), "duplicated shipments");
    let alerts: BTreeMap<String, String> = test
        .query("SELECT declaration_id, count(*) FROM alerts GROUP BY declaration_id")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(
        alerts.keys().cloned().collect::<BTreeSet<_>>(),
        ids,
        "every shipment scored"
    );
    assert!(
        alerts.values().all(|n| n == "1"),
        "a shipment scored twice: {alerts:?}"
    );
    // A further run finds nothing new.
    let again = test.run(&["watch", inbox.to_str().unwrap(), "--once"]);
    assert!(
        String::from_utf8_lossy(&again.stderr)
            .matches("already scored")
            .count()
            == 8
    );
}

/// A one-shot HTTP server on loopback: returns its address and the body of
/// the first request it receives.
fn webhook_receiver() -> (String, std::sync::mpsc::Receiver<String>) {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}/hook", listener.local_addr().unwrap());
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 65536];
        loop {
            let n = stream.read(&mut buffer).unwrap();
            request.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&request).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap())
                    })
                    .unwrap_or(0);
                if body.len() >= length {
                    stream
                        .write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
                        .unwrap();
                    sender.send(body.to_string()).unwrap();
                    return;
                }
            }
            if n == 0 {
                return;
            }
        }
    });
    (address, receiver)
}

#[test]
fn watch_posts_alerts_to_a_webhook() {
    let (test, inbox, _) = demo_inbox(1);
    let (url, bodies) = webhook_receiver();
    let output = test.run(&[
        "watch",
        inbox.to_str().unwrap(),
        "--once",
        "--webhook",
        &url,
    ]);
    let printed = String::from_utf8(output.stdout).unwrap().lines().count();
    let body = bodies
        .recv_timeout(Duration::from_secs(30))
        .expect("a webhook call");
    let alerts: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert!(
        !alerts.is_empty() && alerts.len() == printed,
        "{} posted, {printed} printed",
        alerts.len()
    );
    assert!(
        alerts
            .iter()
            .all(|a| a["score"].as_f64().unwrap() >= 5.0 && a["reasons"].is_array())
    );
}

#[test]
fn the_lists_own_relations_join_the_network() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let fixtures = util::shared_data("ftm/yente-fixtures");
    test.run(&["lists", "load", fixtures.to_str().unwrap()]);
    test.run(&["network", "build"]);
    // Every relation of the FtM file is stored under the lists' entity ids.
    let text = std::fs::read_to_string(fixtures.join("zala__entities.ftm.json")).unwrap();
    let expected = text
        .lines()
        .filter(|l| {
            ["\"Ownership\"", "\"Directorship\"", "\"Family\""]
                .iter()
                .any(|s| {
                    l.contains(&format!("\"schema\": {s}"))
                        || l.contains(&format!("\"schema\":{s}"))
                })
        })
        .count();
    let stored: usize = test
        .scalar("SELECT count(*) FROM relations WHERE evidence LIKE 'list relation:%'")
        .parse()
        .unwrap();
    assert!(
        expected > 0 && stored == expected,
        "{stored} stored, {expected} in the file"
    );
    // A company owned by a listed person falls under the 50 % rule, with the chain.
    let owned = test.query("SELECT to_id FROM relations WHERE evidence LIKE 'list relation:%' AND kind = 'ownership' AND share = 1.0 LIMIT 1");
    let report = String::from_utf8(test.run(&["network", "owners", &owned[0][0]]).stdout).unwrap();
    assert!(
        report.contains("50 % rule applies") && report.contains("(listed;"),
        "{report}"
    );
}
