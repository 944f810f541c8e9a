//! Issue 12: the server keeps analytics answers per (question, committed
//! table versions). Through the real binary: `chokepoint serve` on a
//! loopback port over the small demo world, `chokepoint ingest` as a
//! separate process, the cache observed through its `x-chokepoint-cache`
//! header and the counters of `/metrics`.

mod util;

use std::collections::HashMap;
use std::sync::{Arc, Barrier};

use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use util::TestDir;

/// How the server says it served an answer: hit, miss or shared.
fn served(response: &Response) -> String {
    response.headers()["x-chokepoint-cache"]
        .to_str()
        .unwrap()
        .to_string()
}

/// The answer cache's counters from `/metrics`.
fn metrics(client: &Client, base: &str) -> HashMap<String, u64> {
    let text = client
        .get(format!("{base}/metrics"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (name, value) = line.split_once(' ')?;
            let name = name.strip_prefix("chokepoint_answer_cache_")?;
            Some((name.to_string(), value.parse().ok()?))
        })
        .collect()
}

/// Two CSV answers of shares with the same rows: periods and origins equal,
/// numbers within 1e-9 relative (parallel sums may differ in the last bit).
fn assert_same_rows(ours: &str, fresh: &str) {
    let records = |text: &str| -> Vec<Vec<String>> {
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let (ours, fresh) = (records(ours), records(fresh));
    assert_eq!(ours.len(), fresh.len(), "row counts");
    for (a, b) in ours.iter().zip(&fresh) {
        assert_eq!(a[..2], b[..2], "{a:?} vs {b:?}");
        for (x, y) in a[2..].iter().zip(&b[2..]) {
            let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
            assert!(
                (x - y).abs() <= 1e-9 * x.abs().max(y.abs()),
                "{a:?} vs {b:?}"
            );
        }
    }
}

#[test]
fn a_repeated_question_is_served_from_the_cache_with_an_entity_tag() {
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let server = test.serve(&[]);
    let client = Client::new();
    let get = |path: &str, accept: &str| {
        client
            .get(format!("{}{path}", server.base))
            .header("accept", accept)
            .send()
            .unwrap()
    };
    let path = "/api/trade/shares?basket=microelectronics&to=RUS&by=year";
    let first = get(path, "application/json");
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(served(&first), "miss");
    assert_eq!(first.headers()["cache-control"], "no-cache");
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    let first_body = first.text().unwrap();

    let second = get(path, "application/json");
    assert_eq!(served(&second), "hit");
    assert_eq!(second.headers()["etag"], etag.as_str());
    assert_eq!(second.text().unwrap(), first_body);

    // The same question written differently (order, case of the code, a
    // blank parameter) is the same parsed question.
    let same = get(
        "/api/trade/shares?by=year&to=rus&until=&basket=microelectronics",
        "application/json",
    );
    assert_eq!(served(&same), "hit");
    assert_eq!(same.text().unwrap(), first_body);

    // CSV of the same question is another answer, not the JSON one.
    let csv = get(path, "text/csv");
    assert_eq!(served(&csv), "miss");
    assert_ne!(csv.headers()["etag"], etag.as_str());
    assert!(
        csv.text()
            .unwrap()
            .starts_with("period,origin,value_usd,share")
    );
    // A different question is computed, not served another's answer.
    let other = get(
        "/api/trade/shares?basket=microelectronics&to=RUS&by=quarter",
        "application/json",
    );
    assert_eq!(served(&other), "miss");
    assert_ne!(other.text().unwrap(), first_body);

    // A client that kept the body revalidates: 304, no body.
    let revalidated = client
        .get(format!("{}{path}", server.base))
        .header("if-none-match", &etag)
        .send()
        .unwrap();
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
    assert!(revalidated.text().unwrap().is_empty());

    // Dashboard pages are kept too.
    let page = get("/goods?basket=microelectronics", "text/html");
    assert_eq!(served(&page), "miss");
    let page_html = page.text().unwrap();
    let again = get("/goods?basket=microelectronics", "text/html");
    assert_eq!(served(&again), "hit");
    assert_eq!(again.text().unwrap(), page_html);

    let counts = metrics(&client, &server.base);
    // The 304 was found in the cache too.
    assert_eq!(counts["hits_total"], 4, "{counts:?}");
    assert_eq!(counts["computed_total"], 4, "{counts:?}");
    assert_eq!(counts["not_modified_total"], 1, "{counts:?}");
}

#[test]
fn concurrent_identical_requests_are_computed_once() {
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let server = test.serve(&[]);
    let client = Client::new();
    // Every series scanned: the slowest question, so the requests overlap.
    let url = format!("{}/api/trade/surges?top=7&min_value=50000", server.base);
    const N: usize = 12;
    let barrier = Arc::new(Barrier::new(N));
    let answers: Vec<(String, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..N)
            .map(|_| {
                let barrier = Arc::clone(&barrier);
                let url = url.clone();
                scope.spawn(move || {
                    let client = Client::new();
                    barrier.wait();
                    let response = client.get(url).send().unwrap();
                    assert_eq!(response.status(), StatusCode::OK);
                    (served(&response), response.text().unwrap())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let counts = metrics(&client, &server.base);
    assert_eq!(counts["computed_total"], 1, "{counts:?}");
    let misses = answers.iter().filter(|(s, _)| s == "miss").count();
    let shared = answers.iter().filter(|(s, _)| s == "shared").count();
    assert_eq!(misses, 1, "{answers:?}");
    assert!(shared >= 1, "some requests waited for the one computing");
    assert_eq!(
        counts["shared_total"] + counts["hits_total"],
        (N - 1) as u64
    );
    assert!(answers.iter().all(|(_, body)| *body == answers[0].1));
    assert!(answers[0].1.contains("\"rank\":1,"), "{}", answers[0].1);
}

#[test]
fn an_ingest_by_another_process_shows_in_the_next_answer() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let server = test.serve(&[]);
    let client = Client::new();
    // Armenia's own imports of smartphones, by month, as CSV.
    let args = [
        "--basket", "851713", "--to", "ARM", "--source", "direct", "--by", "month",
    ];
    let url = format!(
        "{}/api/trade/shares?basket=851713&to=ARM&source=direct&by=month",
        server.base
    );
    let ask = || {
        let response = client
            .get(&url)
            .header("accept", "text/csv")
            .send()
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        (served(&response), response.text().unwrap())
    };
    let fresh = || {
        let mut cli = vec!["--output", "csv", "shares"];
        cli.extend(args);
        String::from_utf8(test.run(&cli).stdout).unwrap()
    };
    let (_, before) = ask();
    let (how, kept) = ask();
    assert_eq!((how.as_str(), kept.as_str()), ("hit", before.as_str()));
    assert_same_rows(&before, &fresh());

    let file = util::shared_data("trade/un-comtrade-armenia-georgia/mobile_phone_reexports.csv");
    test.ingest(&[&file]);
    let (how, after) = ask();
    assert_eq!(how, "miss", "the commit changed the versions");
    assert_ne!(after, before, "the new rows are in the answer");
    assert!(after.lines().count() > before.lines().count());
    assert_same_rows(&after, &fresh());
    let (how, again) = ask();
    assert_eq!((how.as_str(), again.as_str()), ("hit", after.as_str()));
}

#[test]
fn the_cache_stays_within_its_byte_bound() {
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let bound: u64 = 32 * 1024;
    let server = test.serve(&["--cache-size", "32K"]);
    let client = Client::new();
    let path = |top: usize| format!("/api/trade/shares?basket=high-priority&to=RUS&top={top}");
    let mut body_bytes = 0;
    const QUESTIONS: usize = 30;
    for top in 1..=QUESTIONS {
        let response = client
            .get(format!("{}{}", server.base, path(top)))
            .send()
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(served(&response), "miss");
        body_bytes += response.bytes().unwrap().len() as u64;
    }
    assert!(body_bytes > 2 * bound, "{body_bytes} bytes asked for");
    let counts = metrics(&client, &server.base);
    assert_eq!(counts["capacity_bytes"], bound);
    assert!(counts["bytes"] <= bound, "{counts:?}");
    assert!(counts["evictions_total"] > 0, "{counts:?}");
    assert!(counts["entries"] < QUESTIONS as u64, "{counts:?}");
    // The least recently used answer went first; the latest is kept.
    let first = client
        .get(format!("{}{}", server.base, path(1)))
        .send()
        .unwrap();
    assert_eq!(served(&first), "miss");
    let latest = client
        .get(format!("{}{}", server.base, path(QUESTIONS)))
        .send()
        .unwrap();
    assert_eq!(served(&latest), "hit");
}
