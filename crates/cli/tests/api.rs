//! The HTTP API through the real binary: `chokepoint serve` on a loopback
//! port over the small demo world, every endpoint, good and bad input.

mod util;

use reqwest::StatusCode;
use reqwest::blocking::Client;
use serde_json::Value;
use util::TestDir;

fn detail(response: reqwest::blocking::Response) -> (StatusCode, String) {
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("application/json"),
        "{status} {content_type}"
    );
    let body: Value = response.json().unwrap();
    (
        status,
        body["detail"].as_str().unwrap_or_default().to_string(),
    )
}

#[test]
fn every_trade_endpoint_answers_and_refuses_bad_input() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let server = test.serve(&["--max-body", "4096"]);
    let client = Client::new();
    let get = |path: &str| client.get(format!("{}{path}", server.base)).send().unwrap();

    // Health, readiness and the OpenAPI document generated from the handlers.
    assert_eq!(get("/healthz").json::<Value>().unwrap()["status"], "ok");
    let ready: Value = get("/readyz").json().unwrap();
    assert!(
        ready["tables"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "flows")
    );
    let openapi: Value = get("/openapi.json").json().unwrap();
    assert!(openapi["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/trade/shares",
        "/api/trade/surges",
        "/api/trade/corridors",
        "/api/trade/check",
        "/sql",
    ] {
        assert!(openapi["paths"][path].is_object(), "{path} documented");
    }

    // Shares: same answer as the CLI (China + HK ~0.9 of microelectronics in 2023).
    let shares: Vec<Value> = get(
        "/api/trade/shares?basket=microelectronics&to=RUS&from=2023-01&until=2023-12&group=china=CHN,HKG,MAC",
    )
    .json()
    .unwrap();
    let china = shares.iter().find(|r| r["origin"] == "china").unwrap();
    assert!(
        (0.85..0.95).contains(&china["share"].as_f64().unwrap()),
        "{china}"
    );
    // HS codes in place of a basket name: the same answer as the basket
    // with those codes (chpl-tier-1 is the four integrated-circuit codes).
    let by_codes: Vec<Value> = get("/api/trade/shares?basket=854231,8542.32,854233,854239&to=RUS")
        .json()
        .unwrap();
    let by_name: Vec<Value> = get("/api/trade/shares?basket=chpl-tier-1&to=RUS")
        .json()
        .unwrap();
    assert!(!by_codes.is_empty());
    let rounded = |rows: &[Value]| -> Vec<(String, String, i64)> {
        rows.iter()
            .map(|r| {
                (
                    r["period"].to_string(),
                    r["origin"].to_string(),
                    (r["value_usd"].as_f64().unwrap()).round() as i64,
                )
            })
            .collect()
    };
    assert_eq!(rounded(&by_codes), rounded(&by_name));
    // CSV on request.
    let csv = client
        .get(format!(
            "{}/api/trade/shares?basket=microelectronics&to=RUS",
            server.base
        ))
        .header("accept", "text/csv")
        .send()
        .unwrap();
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        csv.text()
            .unwrap()
            .starts_with("period,origin,value_usd,share")
    );

    let totals: Vec<Value> = get("/api/trade/totals?basket=chpl&from=CHN&to=RUS&since=2023-01")
        .json()
        .unwrap();
    assert_eq!(totals[0]["period"], "2023-01");

    // Surges with their series; corridors with evidence.
    let surges: Vec<Value> = get("/api/trade/surges?basket=fibre-optic&to=RUS&top=3")
        .json()
        .unwrap();
    assert_eq!(surges[0]["exporter"], "CHN");
    assert_eq!(surges[0]["period"], "2025-08");
    assert!(surges[0]["series"].as_array().unwrap().len() > 24);
    let corridors: Vec<Value> = get("/api/trade/corridors?basket=high-priority&to=RUS&top=5")
        .json()
        .unwrap();
    let hubs: Vec<&str> = corridors
        .iter()
        .map(|c| c["hub"].as_str().unwrap())
        .collect();
    for hub in ["KGZ", "KAZ", "ARM", "TUR", "ARE"] {
        assert!(hubs.contains(&hub), "{hubs:?}");
    }
    assert_eq!(corridors[0]["evidence"].as_array().unwrap().len(), 5);

    // Claim check from a TOML body.
    let claims = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../claims/seed-claims.toml"),
    )
    .unwrap();
    let checked: Vec<Value> = client
        .post(format!("{}/api/trade/check", server.base))
        .header("content-type", "application/toml")
        .body(claims.clone())
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(checked.len(), 7);
    assert!(
        checked.iter().all(|c| c["verdict"] == "consistent"),
        "{checked:?}"
    );

    // SQL: SELECT works with a row limit; anything else is refused by the planner.
    let sql = |body: Value| {
        client
            .post(format!("{}/sql", server.base))
            .json(&body)
            .send()
            .unwrap()
    };
    let rows: Vec<Value> =
        sql(serde_json::json!({"query": "SELECT reporter FROM flows", "limit": 5}))
            .json()
            .unwrap();
    assert_eq!(rows.len(), 5);
    for statement in [
        "DROP TABLE flows",
        "CREATE TABLE x AS SELECT 1",
        "INSERT INTO flows SELECT * FROM flows",
        "COPY (SELECT 1) TO '/tmp/chokepoint-api-test.csv'",
        "CREATE EXTERNAL TABLE e STORED AS CSV LOCATION '/etc/passwd'",
        "SET datafusion.execution.batch_size = 1",
    ] {
        let (status, message) = detail(sql(serde_json::json!({ "query": statement })));
        assert_eq!(status, StatusCode::BAD_REQUEST, "{statement}: {message}");
        assert!(message.contains("refused"), "{statement}: {message}");
    }

    // EXPLAIN is read-only too, and answered with its plan.
    let plan: Vec<Value> = sql(serde_json::json!({"query": "EXPLAIN SELECT count(*) FROM flows"}))
        .json()
        .unwrap();
    assert!(
        plan.iter().any(|row| row["plan_type"] == "physical_plan"),
        "{plan:?}"
    );

    // The server keeps its session between requests, yet an ingest by
    // another process shows in the next answer.
    let count = || -> u64 {
        let rows: Vec<Value> = sql(serde_json::json!({"query": "SELECT count(*) AS n FROM flows"}))
            .json()
            .unwrap();
        rows[0]["n"].as_u64().unwrap()
    };
    let before = count();
    assert_eq!(count(), before);
    let file = util::shared_data("trade/un-comtrade-armenia-georgia/mobile_phone_reexports.csv");
    test.ingest(&[&file]);
    let added: u64 = test
        .scalar("SELECT count(*) FROM flows WHERE source_file LIKE '%mobile_phone_reexports.csv'")
        .parse()
        .unwrap();
    assert!(added > 0);
    assert_eq!(count(), before + added);

    // Bad input: each with its status and a message naming the problem.
    let (status, message) = detail(get("/api/trade/shares?basket=chips&to=RUS"));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        message.contains("unknown basket") && message.contains("microelectronics"),
        "{message}"
    );
    let (status, message) = detail(get("/api/trade/shares?basket=854231,85x2&to=RUS"));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        message.contains("basket") && message.contains("invalid HS code \"85x2\""),
        "{message}"
    );
    let (status, message) = detail(get("/api/trade/surges?basket=85423100001"));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(message.contains("2 to 10 digits"), "{message}");
    let (status, message) = detail(get("/api/trade/shares?basket=chpl"));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(message.contains("to"), "{message}");
    let (status, message) = detail(get("/api/trade/surges?to=Atlantis"));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(message.contains("to"), "{message}");
    let (status, _) = detail(get(
        "/api/trade/totals?basket=chpl&from=CHN&to=RUS&since=2023-13",
    ));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = detail(
        client
            .post(format!("{}/sql", server.base))
            .header("content-type", "application/json")
            .body("{\"query\": ")
            .send()
            .unwrap(),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, message) = detail(
        client
            .post(format!("{}/api/trade/check", server.base))
            .body("[[claim]]\nstatement = 1")
            .send()
            .unwrap(),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST, "{message}");
    let (status, _) = detail(
        client
            .post(format!("{}/api/trade/check", server.base))
            .body("#".repeat(10_000))
            .send()
            .unwrap(),
    );
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, _) = detail(get("/nowhere"));
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = detail(
        client
            .delete(format!("{}/sql", server.base))
            .send()
            .unwrap(),
    );
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

#[test]
fn dashboard_pages_render_charts_offline() {
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let server = test.serve(&[]);
    let client = Client::new();
    for (path, marks) in [
        ("/", 5),
        ("/goods?basket=microelectronics&by=year", 20),
        ("/surges?basket=fibre-optic&focus=1", 40),
        ("/corridors?basket=high-priority", 10),
    ] {
        let response = client.get(format!("{}{path}", server.base)).send().unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let html = response.text().unwrap();
        assert!(html.contains("SYNTHETIC"), "{path}: demo labelled");
        assert!(html.contains("<nav class=\"pages\">"), "{path}");
        assert!(html.contains("<svg"), "{path}: a chart");
        let n_marks = html.matches("class=\"mark").count();
        assert!(n_marks >= marks, "{path}: {n_marks} data marks");
        assert!(
            !html.contains("src=\"http") && !html.contains("href=\"http"),
            "{path}: offline"
        );
    }
    // The surges list links each flow to its chart; the focused one is drawn.
    let html = client
        .get(format!("{}/surges?basket=fibre-optic&to=RUS", server.base))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        html.contains("href=\"/surges?focus=2&amp;basket=fibre-optic&amp;to=RUS"),
        "links"
    );
    assert!(html.contains("CHN → RUS"), "the top surge's chart");
    // A bad filter is a 400 with the message, not a broken page.
    let response = client
        .get(format!("{}/goods?basket=nope", server.base))
        .send()
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}
