//! Golden yente JSON: the whole responses of `/match`, `/search`,
//! `/entities/{id}`, `/catalog` and `/algorithms` for one small, fixed list
//! (the yente test fixture `zala__entities.ftm.json`, 17 parties), recorded
//! in `tests/snapshots/`. Scores, explanations, nesting and counts must stay
//! byte for byte. Nothing in these responses varies between runs (no clock,
//! no path; a fresh data directory's index is generation 1), so nothing is
//! redacted: a field that starts to vary is a change to review.

mod common;

use std::sync::OnceLock;

use chokepoint_server::Limits;
use common::{Served, get_json, post_json, serve_lists};
use serde_json::{Value, json};

const LIST: &str = "ftm/yente-fixtures/zala__entities.ftm.json";
/// JSC Kalashnikov Concern, owner of most of the list's companies.
const KALASHNIKOV: &str = "NK-nR5AXM9AVPq4pQaSPSaVam";

fn fixture() -> &'static Served {
    static FIXTURE: OnceLock<Served> = OnceLock::new();
    FIXTURE.get_or_init(|| serve_lists(&[LIST], Limits::default(), |_| {}))
}

async fn get(path: &str) -> Value {
    let (status, body) = get_json(&fixture().url, path).await;
    assert_eq!(status, 200, "{path}");
    body
}

async fn post(path: &str, body: Value) -> Value {
    let (status, body) = post_json(&fixture().url, path, body.to_string()).await;
    assert_eq!(status, 200, "{path}");
    body
}

#[tokio::test]
async fn match_response() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let body = json!({"queries": {
        "company": {"schema": "Company", "properties": {"name": ["Kalashnikov Concern"], "country": ["ru"]}},
        "person": {"schema": "Person", "properties": {"name": ["Mariya Zakharova"], "birthDate": ["1988-01-07"]}},
        "nobody": {"schema": "Person", "properties": {"name": ["Quartz Harbour Shipping"]}},
    }});
    insta::assert_json_snapshot!("match_default", post("/match/default?limit=3", body).await);
}

#[tokio::test]
async fn search_response() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    insta::assert_json_snapshot!(
        "search_zakharov",
        get("/search/default?q=zakharov&limit=5").await
    );
    insta::assert_json_snapshot!(
        "search_companies_page",
        get("/search/zala?schema=Company&limit=3&offset=2").await
    );
}

#[tokio::test]
async fn entity_response() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    insta::assert_json_snapshot!(
        "entity_nested",
        get(&format!("/entities/{KALASHNIKOV}")).await
    );
    insta::assert_json_snapshot!(
        "entity_flat",
        get(&format!("/entities/{KALASHNIKOV}?nested=false")).await
    );
}

#[tokio::test]
async fn catalog_and_algorithms_responses() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    insta::assert_json_snapshot!("catalog", get("/catalog").await);
    insta::assert_json_snapshot!("algorithms", get("/algorithms").await);
}
