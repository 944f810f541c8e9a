//! The yente-compatible screening API over real lists (OFAC consolidated
//! non-SDN and the UN consolidated list), served on a loopback port and
//! called with a real HTTP client, then with the real `yente-client`
//! Python package.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use chokepoint_index::{IndexStore, SearchOptions};
use chokepoint_server::Limits;
use common::{Served, get_json, post_json, serve, serve_lists};
use serde_json::{Value, json};

const HIKVISION: &str = "ofac-cons-30946";
const HIKVISION_USCC: &str = "91330000733796106P";
const NO_LISTS: &str = "no lists loaded: run chokepoint lists load";
/// Body limit of the test servers (the oversized-body test exceeds it).
const BODY_BYTES: usize = 64 * 1024;

/// The test servers' limits (the oversized-body test exceeds the body limit).
fn test_limits() -> Limits {
    Limits {
        body_bytes: BODY_BYTES,
        ..Limits::default()
    }
}

/// One data directory with both real lists published, and its server.
fn fixture() -> &'static Served {
    static FIXTURE: OnceLock<Served> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        serve_lists(
            &[
                "sanctions/ofac-consolidated-nonsdn",
                "sanctions/un-consolidated",
            ],
            test_limits(),
            |_| {},
        )
    })
}

async fn get(path: &str) -> (u16, Value) {
    get_json(&fixture().url, path).await
}

async fn post(path: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
    post_json(&fixture().url, path, body).await
}

/// POSTs one query under key `q` and returns its response object.
async fn match_one(path: &str, query: Value) -> Value {
    let body = json!({ "queries": { "q": query } }).to_string();
    let (status, response) = post(path, body).await;
    assert_eq!(status, 200, "{response}");
    response["responses"]["q"].clone()
}

fn ids(results: &Value) -> Vec<&str> {
    results
        .as_array()
        .unwrap()
        .iter()
        .map(|entity| entity["id"].as_str().unwrap())
        .collect()
}

fn assert_error(status: u16, body: &Value, expected_status: u16, detail_contains: &str) {
    assert_eq!(status, expected_status, "{body}");
    let detail = body["detail"]
        .as_str()
        .unwrap_or_else(|| panic!("no detail: {body}"));
    assert!(
        detail.contains(detail_contains),
        "{detail:?} lacks {detail_contains:?}"
    );
}

#[tokio::test]
async fn match_finds_hikvision_by_name_with_explanations() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let response = match_one(
        "/match/default?algorithm=best",
        json!({"schema": "Company", "properties": {"name": ["Hangzhou Hikvision Digital Technology Co., Ltd."], "country": ["cn"]}}),
    )
    .await;
    assert_eq!(response["status"], 200);
    let top = &response["results"][0];
    assert_eq!(top["id"], HIKVISION, "{response}");
    let threshold = SearchOptions::default().threshold;
    assert!(top["score"].as_f64().unwrap() >= threshold, "{top}");
    assert_eq!(top["match"], true);
    assert_eq!(top["schema"], "Organization");
    assert_eq!(top["datasets"], json!(["ofac-cons"]));
    assert_eq!(top["target"], true);
    assert!(
        top["properties"]["name"][0]
            .as_str()
            .unwrap()
            .contains("HIKVISION")
    );
    let explanations = top["explanations"].as_object().unwrap();
    assert!(
        explanations.keys().any(|key| key.starts_with("name.")),
        "{top}"
    );
    for explanation in explanations.values() {
        assert!(explanation["score"].is_f64(), "{explanation}");
        assert!(explanation["detail"].is_string(), "{explanation}");
    }
    assert_eq!(
        explanations["country"]["score"].as_f64().map(|s| s > 0.0),
        Some(true)
    );
    assert_eq!(response["total"]["relation"], "eq");
    assert_eq!(response["query"]["schema"], "Company");
    assert_eq!(
        response["query"]["properties"]["name"][0],
        "Hangzhou Hikvision Digital Technology Co., Ltd."
    );

    // A threshold above the score keeps the result but not the match flag;
    // a cutoff above it drops it.
    let score = top["score"].as_f64().unwrap();
    if score < 1.0 {
        let strict = match_one(
            "/match/default?threshold=1",
            json!({"schema": "Company", "properties": {"name": "Hangzhou Hikvision Digital Technology Co., Ltd."}}),
        )
        .await;
        assert_eq!(strict["results"][0]["id"], HIKVISION);
        assert_eq!(strict["results"][0]["match"], false);
        let cut = match_one(
            "/match/default?cutoff=1",
            json!({"schema": "Company", "properties": {"name": "Hangzhou Hikvision Digital Technology Co., Ltd."}}),
        )
        .await;
        assert!(!ids(&cut["results"]).contains(&HIKVISION), "{cut}");
    }
}

#[tokio::test]
async fn match_finds_hikvision_by_identifier() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    for prop in ["registrationNumber", "taxNumber", "uscCode"] {
        let response = match_one(
            "/match/ofac-cons",
            json!({"schema": "Company", "properties": {prop: [HIKVISION_USCC]}}),
        )
        .await;
        let top = &response["results"][0];
        assert_eq!(top["id"], HIKVISION, "{prop}: {response}");
        assert_eq!(top["match"], true);
        assert!(
            top["explanations"]["identifier"]["detail"]
                .as_str()
                .unwrap()
                .contains(HIKVISION_USCC)
        );
    }
}

#[tokio::test]
async fn match_filters_and_limits() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let query =
        json!({"schema": "Company", "properties": {"name": "Hikvision Digital Technology"}});
    let all = match_one("/match/default?limit=2", query.clone()).await;
    assert!(all["results"].as_array().unwrap().len() <= 2);
    assert!(ids(&all["results"]).contains(&HIKVISION));
    let excluded = match_one("/match/default?exclude_dataset=ofac-cons", query.clone()).await;
    assert!(
        ids(&excluded["results"])
            .iter()
            .all(|id| !id.starts_with("ofac-cons")),
        "{excluded}"
    );
    let un_only = match_one("/match/default?include_dataset=un-sc", query.clone()).await;
    assert!(
        ids(&un_only["results"])
            .iter()
            .all(|id| id.starts_with("un-")),
        "{un_only}"
    );
    let by_path = match_one("/match/un-sc", query.clone()).await;
    assert!(!ids(&by_path["results"]).contains(&HIKVISION));
    let persons = match_one("/match/default?include_schema=Person", query.clone()).await;
    assert!(
        persons["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["schema"] == "Person")
    );
    let no_companies = match_one("/match/default?exclude_schema=Organization", query.clone()).await;
    assert!(!ids(&no_companies["results"]).contains(&HIKVISION));
    let no_entity = match_one(
        &format!(
            "/match/default?exclude_entity_ids={HIKVISION}&topics=sanction&changed_since=2024-01-01"
        ),
        query,
    )
    .await;
    assert!(!ids(&no_entity["results"]).contains(&HIKVISION));
}

#[tokio::test]
async fn search_by_name_and_browse() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let (status, found) = get("/search/default?q=hikvision&limit=5").await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(ids(&found["results"])[0], HIKVISION);
    assert_eq!(found["limit"], 5);
    assert_eq!(found["offset"], 0);
    assert!(found["total"]["value"].as_u64().unwrap() >= 1);
    assert!(found["facets"].is_object());
    let (_, persons) = get("/search/default?q=hikvision&schema=Person").await;
    assert!(!ids(&persons["results"]).contains(&HIKVISION));
    let (_, page) = get("/search/ofac-cons?limit=3&offset=2").await;
    assert_eq!(page["results"].as_array().unwrap().len(), 3);
    assert!(
        ids(&page["results"])
            .iter()
            .all(|id| id.starts_with("ofac-cons-"))
    );
    let (_, first) = get("/search/ofac-cons?limit=3").await;
    assert_eq!(first["total"], page["total"]);
    assert_eq!(first["results"][2]["id"], page["results"][0]["id"]);
    let (status, deep) =
        get("/search/default?q=hikvision&schema=Company&limit=500&offset=1000").await;
    assert_eq!(status, 200, "{deep}");
    assert_eq!(deep["results"], json!([]));
    let (_, chinese) = get("/search/default?q=hikvision&countries=cn").await;
    assert!(ids(&chinese["results"]).contains(&HIKVISION), "{chinese}");
}

#[tokio::test]
async fn entity_fetch_and_not_found() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let (status, entity) = get(&format!("/entities/{HIKVISION}")).await;
    assert_eq!(status, 200, "{entity}");
    assert_eq!(entity["id"], HIKVISION);
    assert_eq!(entity["schema"], "Organization");
    assert_eq!(entity["datasets"], json!(["ofac-cons"]));
    let properties = &entity["properties"];
    assert!(
        properties["name"][0]
            .as_str()
            .unwrap()
            .contains("HIKVISION")
    );
    assert_eq!(properties["uscCode"], json!([HIKVISION_USCC]));
    assert!(
        properties["country"]
            .as_array()
            .unwrap()
            .contains(&json!("cn")),
        "{entity}"
    );
    assert_eq!(properties["topics"], json!(["sanction"]));
    assert!(properties["notes"][0].as_str().unwrap().contains("USCC"));
    assert_eq!(properties["sanctions"][0]["schema"], "Sanction");
    let (_, flat) = get(&format!("/entities/{HIKVISION}?nested=false")).await;
    assert!(flat["properties"].get("sanctions").is_none());
    let (status, missing) = get("/entities/no-such-entity").await;
    assert_error(status, &missing, 404, "no-such-entity");
}

#[tokio::test]
async fn algorithms_and_catalog() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let (status, algorithms) = get("/algorithms").await;
    assert_eq!(status, 200);
    let names: Vec<&str> = ids_by(&algorithms["algorithms"], "name");
    for name in ["chokepoint-v1", "logic-v1", "logic-v2", "best", "default"] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    assert_eq!(algorithms["best"], "chokepoint-v1");
    assert_eq!(algorithms["default"], "chokepoint-v1");
    let (status, catalog) = get("/catalog").await;
    assert_eq!(status, 200, "{catalog}");
    let datasets = ids_by(&catalog["datasets"], "name");
    assert_eq!(datasets, ["default", "ofac-cons", "un-sc"]);
    assert_eq!(
        catalog["datasets"][0]["children"],
        json!(["ofac-cons", "un-sc"])
    );
    let counts: u64 = catalog["datasets"].as_array().unwrap()[1..]
        .iter()
        .map(|dataset| dataset["entity_count"].as_u64().unwrap())
        .sum();
    assert_eq!(
        catalog["datasets"][0]["entity_count"].as_u64(),
        Some(counts)
    );
    let (status, openapi) = get("/openapi.json").await;
    assert_eq!(status, 200);
    for path in [
        "/match/{dataset}",
        "/search/{dataset}",
        "/entities/{id}",
        "/algorithms",
        "/catalog",
    ] {
        assert!(
            openapi["paths"].get(path).is_some(),
            "{path} missing from the OpenAPI document"
        );
    }
}

fn ids_by<'a>(items: &'a Value, field: &str) -> Vec<&'a str> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item[field].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn bad_input_is_a_client_error_with_detail() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let (status, body) = post("/match/default", "{\"queries\": ").await;
    assert_error(status, &body, 400, "invalid match request");
    let (status, body) = post("/match/default", "{}").await;
    assert_error(status, &body, 400, "queries");
    let unknown_schema =
        json!({"queries": {"q": {"schema": "Spaceship", "properties": {"name": ["X"]}}}});
    let (status, body) = post("/match/default", unknown_schema.to_string()).await;
    assert_error(status, &body, 400, "unknown schema");
    let bad_property =
        json!({"queries": {"q": {"schema": "Company", "properties": {"name": [{"x": 1}]}}}});
    let (status, body) = post("/match/default", bad_property.to_string()).await;
    assert_error(status, &body, 400, "property");
    let oversized = format!(
        "{{\"queries\": {{\"q\": {{\"schema\": \"Company\", \"properties\": {{\"name\": [\"{}\"]}}}}}}}}",
        "x".repeat(BODY_BYTES + 1)
    );
    let (status, body) = post("/match/default", oversized).await;
    assert_eq!(status, 413, "{body}");
    assert!(body["detail"].is_string(), "{body}");
    let query =
        json!({"queries": {"q": {"schema": "Company", "properties": {"name": ["X"]}}}}).to_string();
    let (status, body) = post("/match/no-such-list", query.clone()).await;
    assert_error(status, &body, 404, "unknown dataset");
    let (status, body) = post("/match/default?algorithm=magic", query.clone()).await;
    assert_error(status, &body, 400, "unknown algorithm");
    let (status, body) = post("/match/default?limit=0", query.clone()).await;
    assert_error(status, &body, 400, "limit");
    let (status, body) = post("/match/default?threshold=2", query.clone()).await;
    assert_error(status, &body, 400, "threshold");
    let (status, body) = post("/match/default?exclude_schema=Spaceship", query).await;
    assert_error(status, &body, 400, "unknown schema");
    let (status, body) = get("/search/no-such-list?q=x").await;
    assert_error(status, &body, 404, "unknown dataset");
    let (status, body) = get("/search/default?q=x&limit=abc").await;
    assert_error(status, &body, 400, "limit");
}

/// A tiny FtM list, published as the next generation of `store`.
fn publish_ftm(store: &IndexStore, dir: &Path, name: &str) {
    let file = dir.join("tiny__entities.ftm.json");
    let line = json!({"id": "tiny-1", "schema": "Company", "properties": {"name": [name]}});
    std::fs::write(&file, format!("{line}\n")).unwrap();
    store
        .publish(&chokepoint_lists::load_paths(&[file]).unwrap())
        .unwrap();
}

#[tokio::test]
async fn unavailable_until_lists_are_loaded_then_follows_generations() {
    let dir = tempfile::tempdir().unwrap();
    let url = serve(dir.path().to_path_buf(), test_limits());
    let query = |name: &str| {
        json!({"queries": {"q": {"schema": "Company", "properties": {"name": [name]}}}}).to_string()
    };
    let (status, body) = post_json(&url, "/match/default", query("Zephyr Widgets")).await;
    assert_error(status, &body, 503, NO_LISTS);
    assert_eq!(body["detail"], NO_LISTS);
    for path in ["/search/default?q=x", "/entities/tiny-1", "/catalog"] {
        let (status, body) = get_json(&url, path).await;
        assert_error(status, &body, 503, NO_LISTS);
    }
    let (status, _) = get_json(&url, "/algorithms").await;
    assert_eq!(status, 200);
    assert!(
        !dir.path().join("lists").exists(),
        "a read created the index directory"
    );

    let store = IndexStore::open(dir.path().join("lists")).unwrap();
    publish_ftm(&store, dir.path(), "Zephyr Widgets Limited");
    let (status, body) = post_json(&url, "/match/default", query("Zephyr Widgets")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["responses"]["q"]["results"][0]["id"], "tiny-1");
    let (_, entity) = get_json(&url, "/entities/tiny-1").await;
    assert_eq!(entity["caption"], "Zephyr Widgets Limited");

    // A new generation is picked up by the next request.
    publish_ftm(&store, dir.path(), "Quartz Harbour Shipping");
    let (_, entity) = get_json(&url, "/entities/tiny-1").await;
    assert_eq!(entity["caption"], "Quartz Harbour Shipping");
    let (_, catalog) = get_json(&url, "/catalog").await;
    assert_eq!(catalog["datasets"][0]["index_version"], "2");
}

#[test]
fn the_real_yente_client_validates_our_responses() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let Some(python) = chokepoint_test_support::test_python(&["yente_client"]) else {
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/yente_client_check.py");
    let output = Command::new(&python)
        .arg(script)
        .arg(&fixture().url)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["best"], "chokepoint-v1");
    assert!(
        summary["algorithms"]
            .as_array()
            .unwrap()
            .contains(&json!("logic-v2"))
    );
    assert_eq!(
        summary["datasets"],
        json!(["default", "ofac-cons", "un-sc"])
    );
    let matched = &summary["match"];
    assert_eq!(matched["top_id"], HIKVISION, "{summary}");
    assert_eq!(matched["top_match"], true);
    assert_eq!(matched["limit"], 3);
    assert_eq!(matched["query_schema"], "Company");
    assert!(!matched["contributing"].as_array().unwrap().is_empty());
    assert_eq!(summary["identifier_top_id"], HIKVISION);
    assert_eq!(summary["search"]["ids"][0], HIKVISION);
    assert_eq!(summary["entity"]["id"], HIKVISION);
    assert_eq!(summary["entity"]["datasets"], json!(["ofac-cons"]));
    assert_eq!(summary["entity"]["nested_sanctions"], 1);
    assert_eq!(summary["missing_entity"], 404);
}
