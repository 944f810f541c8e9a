//! The screening and entity pages of the dashboard over a real list (OFAC
//! consolidated non-SDN), a relations file and a hand-written `shipments`
//! table, served on a loopback port and read with a real HTTP client.
//!
//! The relations and shipments are invented for the test (the lists carry
//! no shares, and no shipment data names a listed company): they only give
//! the entity page something to find.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use arrow::array::{ArrayRef, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::DataType;
use chokepoint_catalog::schema::TableKind;
use chokepoint_server::Limits;
use chokepoint_store::{AppendRequest, Store};
use common::{Served, publish_lists, serve, serve_lists};

const HIKVISION: &str = "ofac-cons-30946";
const HIKVISION_NAME: &str = "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.";
const AERO_ENGINE: &str = "ofac-cons-30902";
const AVIC: &str = "ofac-cons-30925";
/// Aero Engine owns 60 % of an unlisted holding that owns 90 % of
/// Hikvision (54 %), and AVIC 10 % directly: 64 % held by listed parties.
const RELATIONS: &str = "parent,subsidiary,share,source\n\
    ofac-cons-30902,test-holding,60%,test registry extract 1\n\
    test-holding,ofac-cons-30946,0.9,test registry extract 2\n\
    ofac-cons-30925,ofac-cons-30946,10,test registry extract 3\n\
    ,broken-row,0.5,missing parent\n";

/// One row of the test's shipments: shipper, consignee, consignee country,
/// date (days since 1970), value in USD.
type ShipmentRow = (&'static str, &'static str, &'static str, i32, f64);

/// Writes `rows` as one commit of the `shipments` table; every other
/// column is null where the schema allows it, else a test marker.
async fn write_shipments(data: &Path, rows: &[ShipmentRow]) {
    let schema = TableKind::Shipments.schema();
    let n_rows = rows.len();
    let text = |values: Vec<&str>| -> ArrayRef { Arc::new(StringArray::from(values)) };
    let columns: Vec<ArrayRef> = schema
        .fields()
        .iter()
        .map(|field| match field.name().as_str() {
            "shipper_name" => text(rows.iter().map(|r| r.0).collect()),
            "consignee_name" => text(rows.iter().map(|r| r.1).collect()),
            "consignee_country" => text(rows.iter().map(|r| r.2).collect()),
            "date" => Arc::new(Date32Array::from(
                rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            )),
            "value_usd" => Arc::new(Float64Array::from(
                rows.iter().map(|r| r.4).collect::<Vec<_>>(),
            )),
            "source_line" => Arc::new(Int64Array::from_iter_values(1..=n_rows as i64)),
            _ if field.is_nullable() => arrow::array::new_null_array(field.data_type(), n_rows),
            _ => {
                assert_eq!(field.data_type(), &DataType::Utf8, "{field}");
                text(vec!["test"; n_rows])
            }
        })
        .collect();
    let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
    let store = Store::open(data).unwrap();
    let request = AppendRequest {
        ingest_id: "test-shipments".into(),
    };
    let mut append = store.append(TableKind::Shipments, request).await.unwrap();
    append.write(batch).await.unwrap();
    append.commit_with_metadata(HashMap::new()).await.unwrap();
}

/// A data directory with the list published, the relations file and the
/// shipments table, and its server.
fn fixture() -> &'static Served {
    static FIXTURE: OnceLock<Served> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        serve_lists(
            &["sanctions/ofac-consolidated-nonsdn"],
            Limits::default(),
            |data| {
                std::fs::write(data.join("relations.csv"), RELATIONS).unwrap();
                let rows: [ShipmentRow; 4] = [
                    // 2023-03-01 and 2023-05-10; the name in another case still counts.
                    (HIKVISION_NAME, "Test Importer LLC", "RU", 19417, 1_000.0),
                    (
                        "Hangzhou Hikvision Digital Technology Co., Ltd.",
                        "Test Importer LLC",
                        "RU",
                        19487,
                        2_500.0,
                    ),
                    ("Test Supplier Ltd", HIKVISION_NAME, "CN", 19450, 700.0),
                    // A similar but different name is not Hikvision's trade.
                    ("Hikvision Digital", "Other Buyer LLC", "RU", 19450, 9_999.0),
                ];
                // The tests run inside a runtime, which cannot block on another:
                // write from a thread of its own.
                let writer_data = data.to_path_buf();
                std::thread::spawn(move || {
                    tokio::runtime::Runtime::new()
                        .unwrap()
                        .block_on(write_shipments(&writer_data, &rows))
                })
                .join()
                .unwrap();
            },
        )
    })
}

/// GETs `path` and returns the status, content type and body.
async fn get_from(url: &str, path: &str) -> (u16, String, String) {
    let response = reqwest::get(format!("{url}{path}")).await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, content_type, response.text().await.unwrap())
}

async fn get(path: &str) -> (u16, String, String) {
    get_from(&fixture().url, path).await
}

/// The text of the table row holding `needle`, tags stripped.
fn row_with<'a>(html: &'a str, needle: &str) -> &'a str {
    let at = html
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in page:\n{html}"));
    let start = html[..at].rfind("<tr>").unwrap();
    let end = at + html[at..].find("</tr>").unwrap();
    &html[start..end]
}

#[tokio::test]
async fn screening_page_without_a_name_lists_the_loaded_lists() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let (status, content_type, html) = get("/screening").await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(html.contains("id=\"screening-q\""), "{html}");
    assert!(html.contains("<a href=\"/screening\" aria-current=\"page\">Screening</a>"));
    let row = row_with(&html, "ofac-cons");
    assert!(row.contains("ofac-cons"), "{row}");
    assert!(
        !html.contains("<script"),
        "the page must work without script"
    );
}

#[tokio::test]
async fn screening_page_ranks_and_explains_the_matches() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let (status, _, html) = get("/screening?q=Hikvision+Digital+Technology&schema=Company").await;
    assert_eq!(status, 200, "{html}");
    let link = format!("<a href=\"/entity/{HIKVISION}\">{HIKVISION_NAME}</a>");
    let row = row_with(&html, &link);
    assert!(row.contains("<td>match</td>"), "{row}");
    assert!(row.contains("CMIC-EO13959"), "{row}");
    assert!(
        row.contains("Hikvision Digital Technology → "),
        "the names compared: {row}"
    );
    // The first result's explanation: its features and what each added.
    assert!(
        html.contains(&format!("1. {HIKVISION_NAME} — why")),
        "{html}"
    );
    assert!(html.contains(">Contribution</th>"), "{html}");
    assert!(html.contains("<td>name."), "name features listed: {html}");
    // The form keeps what was asked.
    assert!(html.contains("value=\"Hikvision Digital Technology\""));
    assert!(html.contains("<option selected>Company</option>"));
}

#[tokio::test]
async fn screening_page_says_so_when_nothing_resembles_the_name() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let (status, _, html) = get("/screening?q=Zzyzx+Qwvbnm").await;
    assert_eq!(status, 200);
    assert!(html.contains("No listed name resembles"), "{html}");
}

#[tokio::test]
async fn screening_page_refuses_an_unknown_kind() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let (status, content_type, body) = get("/screening?q=x&schema=Spaceship").await;
    assert_eq!(status, 400);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    assert!(body.contains("unknown schema"), "{body}");
}

#[tokio::test]
async fn entity_page_shows_listing_ownership_chain_and_trade_partners() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let (status, content_type, html) = get(&format!("/entity/{HIKVISION}")).await;
    assert_eq!(status, 200, "{html}");
    assert!(content_type.starts_with("text/html"));
    assert!(
        html.contains(&format!("<h1>{HIKVISION_NAME}</h1>")),
        "{html}"
    );
    assert!(row_with(&html, "USCC").contains("91330000733796106P"));
    assert!(row_with(&html, "<td>Programs</td>").contains("CMIC-EO13959"));
    // Ownership: 60 % × 90 % through the unlisted holding plus 10 % direct.
    assert!(html.contains("hold 64.0% of this entity"), "{html}");
    assert!(html.contains("the 50 % rule applies"), "{html}");
    let chain = row_with(&html, "AERO ENGINE CORPORATION OF CHINA —60.0%→");
    assert!(
        chain.contains("—60.0%→ test-holding —90.0%→ HANGZHOU HIKVISION"),
        "{chain}"
    );
    assert!(
        chain.contains(&format!("href=\"/entity/{AERO_ENGINE}\"")),
        "{chain}"
    );
    assert!(html.contains("1 malformed row skipped"), "{html}");
    // Relations: the direct edges with their evidence.
    let direct = row_with(&html, "test registry extract 3");
    assert!(direct.contains("owned by"), "{direct}");
    assert!(
        direct.contains(&format!("href=\"/entity/{AVIC}\"")),
        "{direct}"
    );
    assert!(row_with(&html, "test registry extract 2").contains("test-holding (not listed)"));
    // Trade: two shipments to the importer (names in either case), one from
    // the supplier; the similar name's shipment is not counted.
    let importer = row_with(&html, "Test Importer LLC");
    assert!(
        importer.contains(">2<") && importer.contains("3,500"),
        "{importer}"
    );
    assert!(
        importer.contains("2023-03-01") && importer.contains("2023-05-10"),
        "{importer}"
    );
    assert!(row_with(&html, "Test Supplier Ltd").contains("shipper (entity received)"));
    assert!(!html.contains("Other Buyer LLC"), "{html}");
}

#[tokio::test]
async fn entity_page_of_an_owner_lists_what_it_owns() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let (status, _, html) = get(&format!("/entity/{AERO_ENGINE}")).await;
    assert_eq!(status, 200);
    assert!(row_with(&html, "test registry extract 1").contains("<td>owns</td>"));
    assert!(html.contains("hold 0.0% of this entity"), "{html}");
    assert!(html.contains("No shipment names"), "{html}");
}

#[tokio::test]
async fn unknown_entity_is_an_html_404() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let (status, content_type, html) = get("/entity/ofac-cons-0").await;
    assert_eq!(status, 404);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(html.contains("No entity with id “ofac-cons-0”"), "{html}");
    assert!(
        html.contains("href=\"/screening\""),
        "the nav stays: {html}"
    );
}

#[tokio::test]
async fn without_lists_both_pages_say_how_to_load_them() {
    let dir = tempfile::tempdir().unwrap();
    let url = serve(dir.path().to_path_buf(), Limits::default());
    let (status, _, html) = get_from(&url, "/screening?q=Hikvision").await;
    assert_eq!(status, 200);
    assert!(html.contains("No sanctions list is loaded"), "{html}");
    assert!(html.contains("chokepoint lists load FILE..."), "{html}");
    let (status, content_type, html) = get_from(&url, &format!("/entity/{HIKVISION}")).await;
    assert_eq!(status, 503);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(html.contains("chokepoint lists load FILE..."), "{html}");
}

#[tokio::test]
async fn entity_page_without_relations_file_or_shipments_says_where_they_would_come_from() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    publish_lists(dir.path(), &["sanctions/ofac-consolidated-nonsdn"]);
    let url = serve(dir.path().to_path_buf(), Limits::default());
    let (status, _, html) = get_from(&url, &format!("/entity/{HIKVISION}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("relations.csv"), "{html}");
    // Without relations nothing is known of the owners: no 0 % claim.
    assert!(html.contains("no relations data"), "{html}");
    assert!(!html.contains("Listed parties hold"), "{html}");
    assert!(
        html.contains("No recorded relation names this entity."),
        "{html}"
    );
    assert!(html.contains("has no shipments table"), "{html}");
}

#[tokio::test]
async fn entity_page_uses_the_lists_own_relations() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lists = publish_lists(dir.path(), &["ftm/yente-fixtures"]);
    let n_relations: usize = lists.iter().map(|l| l.relations.len()).sum();
    assert!(n_relations > 0);
    // A company the fixture says a listed person owns 100 %.
    let owned = lists
        .iter()
        .flat_map(|l| &l.relations)
        .find(|r| r.kind == chokepoint_lists::RelationKind::Ownership && r.share == Some(1.0))
        .unwrap();
    let url = serve(dir.path().to_path_buf(), Limits::default());
    let (status, _, html) = get_from(&url, &format!("/entity/{}", owned.to)).await;
    assert_eq!(status, 200);
    assert!(html.contains("50 % rule applies"), "{html}");
    assert!(html.contains(&owned.from), "the owner's id: {html}");
}
