//! The dashboard in a real browser: headless Chromium driven through
//! WebDriver (Selenium from PyPI, `chromium` and `chromium-driver` from
//! Debian, both installed by `.ci/run` / `scripts/test.sh`). Every page must
//! show charts with data marks and log no console errors; screenshots of each
//! page are saved under `target/screenshots/` as test artefacts.

mod util;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use util::TestDir;

fn python() -> PathBuf {
    if let Ok(path) = std::env::var("CHOKEPOINT_TEST_PYTHON") {
        return PathBuf::from(path);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/pyenv/bin/python");
    assert!(
        venv.exists(),
        "no Python with selenium: run `bash scripts/test.sh` (it creates target/pyenv) or set CHOKEPOINT_TEST_PYTHON"
    );
    venv
}

fn program(variable: &str, default: &str) -> PathBuf {
    let path = PathBuf::from(std::env::var(variable).unwrap_or_else(|_| default.to_string()));
    assert!(
        path.exists(),
        "{} not found: install the Debian packages chromium and chromium-driver (.ci/run does) or set {variable}",
        path.display()
    );
    path
}

#[test]
fn every_dashboard_page_draws_its_charts_without_console_errors() {
    let chromium = program("CHOKEPOINT_CHROMIUM", "/usr/bin/chromium");
    let chromedriver = program("CHOKEPOINT_CHROMEDRIVER", "/usr/bin/chromedriver");
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
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
    let output = Command::new(python())
        .arg(&script)
        .arg(&base)
        .arg(&screenshots)
        .arg(&chromium)
        .arg(&chromedriver)
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
        assert!(
            result["errors"].as_array().unwrap().is_empty(),
            "{page}: console errors: {result}"
        );
        assert_eq!(
            result["nav"].as_array().unwrap().len(),
            4,
            "{page}: {result}"
        );
        let shot = PathBuf::from(result["screenshot"].as_str().unwrap());
        let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
        assert!(
            size > 10_000,
            "{page}: screenshot {} is {size} bytes",
            shot.display()
        );
    }
    assert!(
        results["surge_link"]["url"]
            .as_str()
            .unwrap()
            .contains("focus=2"),
        "{results}"
    );
}
