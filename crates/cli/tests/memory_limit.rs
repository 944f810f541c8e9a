//! `--memory-limit` through the real binary: a sort over the limit spills
//! and answers; a query that cannot spill fails naming the limit, in the CLI
//! and in `serve`; a size that does not parse is refused.

mod util;

use util::TestDir;

/// One array of 5 M values in one accumulator: nothing to spill.
const UNSPILLABLE: &str = "SELECT array_length(array_agg(value)) FROM range(5000000)";

#[test]
fn a_query_over_the_limit_fails_naming_it_and_a_sort_spills() {
    let test = TestDir::new();
    let output = test
        .command()
        .args(["--memory-limit", "8M", "sql", UNSPILLABLE])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "chokepoint: error: query needs more memory than the 8.0 MiB limit (raise it with --memory-limit"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    // The environment variable works too; the sort spills and answers in
    // order (2 M rows printed).
    let sorted = test
        .command()
        .env("CHOKEPOINT_MEMORY_LIMIT", "32MiB")
        .args([
            "--output",
            "csv",
            "sql",
            "SELECT (value * 7919) % 2000003 AS k, concat('row-', CAST(value AS VARCHAR)) AS label \
             FROM range(2000000) ORDER BY k DESC, label",
        ])
        .output()
        .unwrap();
    assert!(
        sorted.status.success(),
        "{}",
        String::from_utf8_lossy(&sorted.stderr)
    );
    let stdout = String::from_utf8_lossy(&sorted.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1 + 2_000_000);
    assert_eq!(lines[1], "2000002,row-985732");
    assert_eq!(lines[2_000_000], "0,row-0");

    for garbage in ["lots", "1.2.3G", "-1M"] {
        let refused = test
            .command()
            .arg(format!("--memory-limit={garbage}"))
            .args(["sql", "SELECT 1"])
            .output()
            .unwrap();
        assert_eq!(refused.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains("invalid size"), "{garbage}: {stderr}");
    }
}

#[test]
fn serve_answers_a_query_over_the_limit_with_the_limit_named() {
    let test = TestDir::new();
    let server = test.serve(&["--memory-limit", "8M"]);
    let response = reqwest::blocking::Client::new()
        .post(format!("{}/sql", server.base))
        .json(&serde_json::json!({ "query": UNSPILLABLE }))
        .send()
        .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    let body: serde_json::Value = response.json().unwrap();
    let detail = body["detail"].as_str().unwrap();
    assert!(
        detail.contains("query needs more memory than the 8.0 MiB limit"),
        "{detail}"
    );
}
