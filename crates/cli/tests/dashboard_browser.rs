//! The dashboard in a real browser: headless Chromium driven through
//! WebDriver (Selenium from PyPI, `chromium` and `chromium-driver` from
//! Debian, both installed by `scripts/test.sh`). Every page must
//! show charts with data marks and log no console errors; screenshots of each
//! page are saved under `target/screenshots/` as test artefacts. The
//! screening page is driven like a person would: a name typed into the
//! search box over a real list (OFAC consolidated non-SDN), the explained
//! results, and a click through to the entity page.

mod util;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use util::{TestDir, shared_data};

/// Typed into the screening page's search box.
const SCREENING_NAME: &str = "Hikvision Digital Technology";
const HIKVISION: &str = "ofac-cons-30946";
const HIKVISION_NAME: &str = "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.";
/// Invented for the test (lists carry no shares): a listed company owns
/// Hikvision through an unlisted holding, so the entity page has a chain.
const RELATIONS: &str = "parent,subsidiary,share,source\n\
    ofac-cons-30902,test-holding,60%,test relations file\n\
    test-holding,ofac-cons-30946,90%,test relations file\n";

#[test]
fn every_dashboard_page_draws_its_charts_without_console_errors() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let Some(python) = chokepoint_test_support::test_python(&["selenium"]) else {
        return;
    };
    let Some(browser) = chokepoint_test_support::browser() else {
        return;
    };
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let list = shared_data("sanctions/ofac-consolidated-nonsdn");
    test.run(&["lists", "load", list.to_str().unwrap()]);
    std::fs::write(test.data().join("relations.csv"), RELATIONS).unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .arg("--data")
        .arg(test.data())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_string();
    let screenshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/dashboard_check.py");
    let output = Command::new(&python)
        .arg(&script)
        .arg(&base)
        .arg(&screenshots)
        .arg(&browser.chromium)
        .arg(&browser.chromedriver)
        .arg(SCREENING_NAME)
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        output.status.success(),
        "browser script failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for page in ["overview", "goods", "surges", "corridors"] {
        let result = &results[page];
        assert!(
            result["marks"].as_u64().unwrap() > 0,
            "{page}: no data marks: {result}"
        );
        check_page(page, result);
    }
    assert!(
        results["surge_link"]["url"]
            .as_str()
            .unwrap()
            .contains("focus=2"),
        "{results}"
    );

    let screening = &results["screening"];
    check_page("screening", screening);
    assert!(
        screening["url"].as_str().unwrap().contains("q=Hikvision"),
        "{screening}"
    );
    assert_eq!(screening["query_kept"], SCREENING_NAME, "{screening}");
    assert!(screening["results"].as_u64().unwrap() >= 1, "{screening}");
    assert_eq!(screening["first_result"], HIKVISION_NAME, "{screening}");
    assert_eq!(
        screening["explained"][0],
        format!("1. {HIKVISION_NAME} — why"),
        "{screening}"
    );
    assert!(
        screening["first_explanation_rows"].as_u64().unwrap() >= 2,
        "features of the first result: {screening}"
    );

    let entity = &results["entity"];
    check_page("entity", entity);
    assert!(
        entity["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/entity/{HIKVISION}")),
        "{entity}"
    );
    assert_eq!(entity["heading"], HIKVISION_NAME, "{entity}");
    let sections: Vec<&str> = entity["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(
        sections,
        [
            "Listing",
            "Names",
            "Ownership by listed parties",
            "Relations",
            "Trade partners"
        ],
        "{entity}"
    );
    assert_eq!(
        entity["owner_chains"][0],
        format!("AERO ENGINE CORPORATION OF CHINA —60.0%→ test-holding —90.0%→ {HIKVISION_NAME}"),
        "{entity}"
    );
}

/// Pages every navigation bar links to (others may follow).
const NAV_PAGES: [&str; 5] = ["Overview", "Goods", "Surges", "Corridors", "Screening"];

/// What every page must show: the navigation, no console error, and a
/// screenshot with content.
fn check_page(page: &str, result: &serde_json::Value) {
    assert!(
        result["errors"].as_array().unwrap().is_empty(),
        "{page}: console errors: {result}"
    );
    let nav: Vec<&str> = result["nav"]
        .as_array()
        .unwrap()
        .iter()
        .map(|link| link.as_str().unwrap())
        .collect();
    assert_eq!(nav[..NAV_PAGES.len()], NAV_PAGES, "{page}: {result}");
    let shot = PathBuf::from(result["screenshot"].as_str().unwrap());
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 10_000,
        "{page}: screenshot {} is {size} bytes",
        shot.display()
    );
}
