//! The dashboard's live alerts in a real browser: headless Chromium on
//! `/live` sees the alert of a shipment posted to `POST /shipments` appear
//! without reloading (server-sent events), with no console errors; the
//! screenshot is saved as `target/screenshots/live.png`.

mod util;

use std::path::Path;
use std::process::Command;

use util::TestDir;

const TOKEN: &str = "browser-test-token-0001";

#[test]
fn a_posted_shipment_appears_live_on_the_dashboard() {
    let Some(python) = chokepoint_test_support::test_python(&["selenium"]) else {
        return;
    };
    let Some(browser) = chokepoint_test_support::browser() else {
        return;
    };
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let server = test.serve(&["--token", TOKEN]);
    let screenshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/live_alerts_check.py");
    let output = Command::new(&python)
        .arg(&script)
        .args([server.base.as_str(), TOKEN])
        .arg(&screenshots)
        .arg(&browser.chromium)
        .arg(&browser.chromedriver)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "browser script failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(result["connected"], true, "{result}");
    assert_eq!(result["post_status"], 200, "{result}");
    assert!(result["marks"].as_u64().unwrap() > 0, "{result}");
    let row: Vec<&str> = result["new_row"]
        .as_array()
        .expect("the alert row appeared")
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(row[0], "BROWSER-LIVE-1");
    assert!(
        row[7].contains("western_subsidiary") && row[7].contains("transit"),
        "{row:?}"
    );
    assert_eq!(
        result["rows_after"].as_u64(),
        result["rows_before"].as_u64().map(|n| n + 1),
        "{result}"
    );
    assert!(
        result["errors"].as_array().unwrap().is_empty(),
        "console errors: {}",
        result["errors"]
    );
    assert!(Path::new(result["screenshot"].as_str().unwrap()).exists());
}
