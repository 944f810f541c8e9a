//! Shipment intake and live alerts through the real binary: `chokepoint
//! serve --token` over the small demo world; `POST /shipments` with and
//! without the bearer token, duplicates, malformed lines and an oversized
//! body; `GET /alerts`; and a server-sent event arriving on
//! `/alerts/stream` for a posted shipment.

mod util;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::Client;
use serde_json::Value;
use util::{TestDir, subsidiary_shipment};

const TOKEN: &str = "intake-token-for-tests-0001";

/// Opens `/alerts/stream` and forwards each `data:` line.
fn subscribe(base: &str) -> mpsc::Receiver<Value> {
    let address = base.strip_prefix("http://").unwrap().to_string();
    let mut stream = TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "GET /alerts/stream HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            if let Some(data) = line.trim_end().strip_prefix("data: ")
                && let Ok(value) = serde_json::from_str::<Value>(data)
            {
                let _ = sender.send(value);
            }
            line.clear();
        }
        let _ = reader.read_to_end(&mut Vec::new());
    });
    receiver
}

#[test]
fn posted_shipments_are_scored_once_and_alerts_stream_live() {
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let server = test.serve(&["--token", TOKEN, "--max-body", "65536"]);
    let client = Client::new();
    let post = |body: String, token: Option<&str>| {
        let mut request = client
            .post(format!("{}/shipments", server.base))
            .header("content-type", "application/x-ndjson")
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().unwrap()
    };

    // No token, a wrong token: 401 with the reason, nothing stored.
    let response = post(subsidiary_shipment("API-1"), None);
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    assert!(
        response.json::<Value>().unwrap()["detail"]
            .as_str()
            .unwrap()
            .contains("missing bearer token")
    );
    let response = post(
        subsidiary_shipment("API-1"),
        Some("wrong-token-wrong-token"),
    );
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        test.scalar("SELECT count(*) FROM shipments WHERE declaration_id = 'API-1'"),
        "0"
    );
    // Empty and oversized bodies.
    assert_eq!(
        post("\n\n".into(), Some(TOKEN)).status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post("x".repeat(70_000), Some(TOKEN)).status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );

    // A live subscriber sees the alert of a posted shipment.
    let events = subscribe(&server.base);
    std::thread::sleep(Duration::from_millis(300));
    let body = format!(
        "{}\n{{\"declaration_id\":\"API-2\",\"date\":\"2025-13-01\"}}\nnot json\n",
        subsidiary_shipment("API-1")
    );
    let response = post(body.clone(), Some(TOKEN));
    assert_eq!(response.status(), StatusCode::OK);
    let result: Value = response.json().unwrap();
    assert_eq!(result["accepted"], 1, "{result}");
    let alert = &result["alerts"][0];
    assert_eq!(alert["declaration_id"], "API-1");
    let rules: Vec<&str> = alert["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"western_subsidiary") && rules.contains(&"transit"),
        "{rules:?}"
    );
    let rejected = result["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 2, "{result}");
    assert_eq!(
        (rejected[0]["line"].as_u64(), rejected[0]["field"].as_str()),
        (Some(2), Some("date"))
    );
    assert_eq!(rejected[1]["line"], 3);
    let event = events
        .recv_timeout(Duration::from_secs(10))
        .expect("an alert event");
    assert_eq!(event["declaration_id"], "API-1");

    // The same declaration again is a duplicate: stored and alerted once.
    let result: Value = post(subsidiary_shipment("API-1"), Some(TOKEN))
        .json()
        .unwrap();
    assert_eq!(result["accepted"], 0);
    assert_eq!(result["duplicates"][0]["declaration_id"], "API-1");
    assert_eq!(
        test.scalar("SELECT count(*) FROM shipments WHERE declaration_id = 'API-1'"),
        "1"
    );
    assert_eq!(
        test.scalar("SELECT count(*) FROM alerts WHERE declaration_id = 'API-1'"),
        "1"
    );
    assert!(
        test.scalar("SELECT count(*) FROM rejects WHERE reason LIKE 'invalid date%'")
            .parse::<u64>()
            .unwrap()
            >= 1
    );

    // GET /alerts lists it; bad parameters are refused.
    let listed: Value = client
        .get(format!("{}/alerts?limit=5", server.base))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(listed["alerts"][0]["declaration_id"], "API-1");
    assert!(listed["alerts"][0]["reasons"].is_array());
    let bad = client
        .get(format!("{}/alerts?since=yesterday", server.base))
        .send()
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    // The dashboard's live page lists it among the alerts, with the rules' chart.
    let html = client
        .get(format!("{}/live", server.base))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        html.contains("data-declaration-id=\"API-1\""),
        "the alert row"
    );
    assert!(html.contains("class=\"mark\"") && html.contains("EventSource('/alerts/stream')"));
    // The OpenAPI document describes the intake and its bearer scheme.
    let openapi: Value = client
        .get(format!("{}/openapi.json", server.base))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert!(openapi["paths"]["/shipments"]["post"].is_object());
    assert_eq!(
        openapi["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

/// The shipments page keeps its ranking between loads, yet a file ingested
/// by another process (`chokepoint ingest`) is counted and ranked on the
/// next load, scored against a context that has observed it.
#[test]
fn the_live_page_follows_ingests_of_other_processes() {
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let server = test.serve(&[]);
    let client = Client::new();
    let page = || {
        client
            .get(format!("{}/live", server.base))
            .send()
            .unwrap()
            .text()
            .unwrap()
    };
    let stored = |html: &str| -> u64 {
        // The key figure: its value comes just before its label.
        let label = html
            .find("<div class=\"figure-label\">Shipments stored<")
            .expect("key figure");
        let before = &html[..label];
        let value = &before[before.rfind("<div class=\"figure-value\">").unwrap()..];
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        digits.parse().unwrap()
    };
    let first = page();
    let n_before = stored(&first);
    assert_eq!(
        n_before.to_string(),
        test.scalar("SELECT count(*) FROM shipments")
    );
    assert!(!first.contains("CLI-1"));

    let file = test.path("from-another-process.ndjson");
    std::fs::write(&file, format!("{}\n", subsidiary_shipment("CLI-1"))).unwrap();
    test.ingest(&[&file]);
    let second = page();
    assert_eq!(stored(&second), n_before + 1);
    assert!(
        second.contains("CLI-1"),
        "a brand's subsidiary shipping to a hub firm ranks among the highest"
    );
}

#[test]
fn intake_is_disabled_without_a_token() {
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let server = test.serve(&[]);
    let response = Client::new()
        .post(format!("{}/shipments", server.base))
        .body(subsidiary_shipment("API-9"))
        .send()
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(
        response.json::<Value>().unwrap()["detail"]
            .as_str()
            .unwrap()
            .contains("intake is disabled")
    );
}
