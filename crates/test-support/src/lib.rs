//! What the tests need from outside the repository, found in one place: the
//! reference data `../shared/data` and the labelled name pairs
//! `../shared/eval` beside the checkout, a Python with the test packages, and
//! Chromium with its WebDriver.
//!
//! A test whose need is absent is skipped: it returns early after a line on
//! stderr naming the test and what is missing. With
//! `CHOKEPOINT_REQUIRE_ALL=1` (set by `scripts/test.sh`, the command CI runs)
//! the absence fails the test instead, so a complete run cannot quietly skip.
//!
//! ```no_run
//! fn reads_the_real_file() {
//!     if chokepoint_test_support::shared_data_missing() {
//!         return;
//!     }
//!     // ... uses ../shared/data
//! }
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Environment variable that turns every skip into a failure.
pub const REQUIRE_ALL: &str = "CHOKEPOINT_REQUIRE_ALL";

/// The checkout's root (this crate lives in `crates/test-support`).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared/data` beside the checkout, whether or not it exists.
pub fn shared_data_dir() -> PathBuf {
    workspace_root().join("../shared/data")
}

/// `../shared/eval` beside the checkout (labelled name pairs), whether or
/// not it exists.
pub fn shared_eval_dir() -> PathBuf {
    workspace_root().join("../shared/eval")
}

/// Whether `../shared/data` is absent, reported as a skip (or a failure
/// under [`REQUIRE_ALL`]); a test returns early when this is true.
pub fn shared_data_missing() -> bool {
    dir_missing(&shared_data_dir(), "the reference data")
}

/// Whether `../shared/eval` is absent, reported like [`shared_data_missing`].
pub fn shared_eval_missing() -> bool {
    dir_missing(&shared_eval_dir(), "the labelled name pairs")
}

/// Whether `dir` is absent, reported as a skip of a test that needs `what`.
fn dir_missing(dir: &Path, what: &str) -> bool {
    if dir.is_dir() {
        return false;
    }
    skip(&format!(
        "{what} {} (a shared folder beside the checkout)",
        dir.display()
    ));
    true
}

/// The Python with the test packages: `CHOKEPOINT_TEST_PYTHON`, else the
/// virtualenv `target/pyenv` that `scripts/test.sh` creates; `None` (a skip)
/// when neither exists or it cannot import every one of `modules`.
pub fn test_python(modules: &[&str]) -> Option<PathBuf> {
    let python = std::env::var_os("CHOKEPOINT_TEST_PYTHON").map_or_else(
        || workspace_root().join("target/pyenv/bin/python"),
        PathBuf::from,
    );
    let how = "run `bash scripts/test.sh` (it creates target/pyenv) or set CHOKEPOINT_TEST_PYTHON";
    if !python.exists() {
        skip(&format!(
            "a Python with {} at {}: {how}",
            modules.join(", "),
            python.display()
        ));
        return None;
    }
    let imports = format!("import {}", modules.join(", "));
    let checked = Command::new(&python).args(["-c", &imports]).output();
    match checked {
        Ok(output) if output.status.success() => Some(python),
        Ok(output) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last_line = stderr.lines().last().unwrap_or_default();
            skip(&format!(
                "{} cannot `{imports}` ({last_line}): {how}",
                python.display()
            ));
            None
        }
        Err(error) => {
            skip(&format!(
                "{} does not run ({error}): {how}",
                python.display()
            ));
            None
        }
    }
}

/// Headless Chromium and its WebDriver, for the dashboard's browser tests.
#[derive(Debug, Clone)]
pub struct Browser {
    /// The Chromium binary: `CHOKEPOINT_CHROMIUM`, else Debian's `/usr/bin/chromium`.
    pub chromium: PathBuf,
    /// The WebDriver: `CHOKEPOINT_CHROMEDRIVER`, else Debian's `/usr/bin/chromedriver`.
    pub chromedriver: PathBuf,
}

/// Chromium and chromedriver, or `None` (a skip) when either is absent.
pub fn browser() -> Option<Browser> {
    let program = |variable: &str, default: &str| {
        std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from)
    };
    let browser = Browser {
        chromium: program("CHOKEPOINT_CHROMIUM", "/usr/bin/chromium"),
        chromedriver: program("CHOKEPOINT_CHROMEDRIVER", "/usr/bin/chromedriver"),
    };
    let absent: Vec<String> = [&browser.chromium, &browser.chromedriver]
        .into_iter()
        .filter(|path| !path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if absent.is_empty() {
        return Some(browser);
    }
    skip(&format!(
        "Chromium and its WebDriver ({} absent): install the Debian packages chromium and chromium-driver (`bash scripts/test.sh` does, as root) \
         or set CHOKEPOINT_CHROMIUM and CHOKEPOINT_CHROMEDRIVER",
        absent.join(" and ")
    ));
    None
}

/// Reports that the running test lacks `missing`: a panic under
/// [`REQUIRE_ALL`], else a line on stderr.
fn skip(missing: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    if std::env::var_os(REQUIRE_ALL).is_some_and(|value| value != "0") {
        panic!("{test} needs {missing} ({REQUIRE_ALL} is set, so it may not be skipped)");
    }
    // Straight to stderr, past the test harness's output capture, so the
    // skip shows in a normal `cargo test` run.
    let _ = writeln!(std::io::stderr(), "skipped {test}: missing {missing}");
}
