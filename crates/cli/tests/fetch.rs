//! `chokepoint fetch` against loopback HTTP servers that answer in the
//! documented layouts of the UN Comtrade v1 API (JSON with a `data` array) and
//! Eurostat's SDMX-CSV: pages, a 429 with Retry-After, a body cut short, error
//! statuses, an unreachable server, and a fetch killed mid-way that resumes
//! without duplicates.

mod util;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use util::TestDir;

/// What the server answers.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    /// Bytes of the body written before the connection is closed (the
    /// Content-Length still announces the whole body).
    cut_after: Option<usize>,
    /// A wait before answering.
    delay: Duration,
}

impl Reply {
    fn ok(body: String) -> Reply {
        Reply {
            status: 200,
            headers: Vec::new(),
            body: body.into_bytes(),
            cut_after: None,
            delay: Duration::ZERO,
        }
    }

    fn status(status: u16, body: &str) -> Reply {
        Reply {
            status,
            ..Reply::ok(body.to_string())
        }
    }
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    target: String,
    key: Option<String>,
    at: Instant,
}

type Handler = dyn Fn(&str, usize) -> Reply + Send + Sync;

/// A loopback HTTP/1.1 server; `handler(target, n)` answers the `n`-th
/// (0-based) request for a target. Each connection gets its own thread.
struct Loopback {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Loopback {
    fn start(handler: impl Fn(&str, usize) -> Reply + Send + Sync + 'static) -> Loopback {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (handler, log) = (handler.clone(), log.clone());
                std::thread::spawn(move || serve(stream, &*handler, &log));
            }
        });
        Loopback { port, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let target = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_string();
    let mut key = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("ocp-apim-subscription-key")
        {
            key = Some(value.trim().to_string());
        }
    }
    let n = {
        let mut log = log.lock().unwrap();
        let n = log.iter().filter(|s| s.target == target).count();
        log.push(Seen {
            target: target.clone(),
            key,
            at: Instant::now(),
        });
        n
    };
    let reply = handler(&target, n);
    std::thread::sleep(reply.delay);
    let mut stream = stream;
    let mut head = format!(
        "HTTP/1.1 {} Status\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let body = &reply.body[..reply.cut_after.unwrap_or(reply.body.len())];
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}

/// A Comtrade v1 response for China's exports to Russia in `period`
/// (YYYYMM): one record per HS code, value `base + i`.
fn comtrade_response(period: &str, base: f64) -> String {
    let records: Vec<String> = ["854231", "854232"]
        .iter()
        .enumerate()
        .map(|(i, cmd)| {
            format!(
                r#"{{"typeCode":"C","freqCode":"M","refPeriodId":{period}01,"refYear":{},"refMonth":{},"period":"{period}","reporterCode":156,"reporterISO":"CHN","reporterDesc":"China","flowCode":"X","flowDesc":"Export","partnerCode":643,"partnerISO":"RUS","partnerDesc":"Russian Federation","partner2Code":0,"partner2ISO":"W00","classificationCode":"H6","classificationSearchCode":"HS","isOriginalClassification":true,"cmdCode":"{cmd}","cmdDesc":"Electronic integrated circuits","aggrLevel":6,"isLeaf":true,"customsCode":"C00","mosCode":"0","motCode":0,"qtyUnitCode":-1,"qtyUnitAbbr":"N/A","qty":null,"isQtyEstimated":false,"altQtyUnitCode":-1,"altQty":null,"netWgt":120.5,"isNetWgtEstimated":false,"grossWgt":null,"cifvalue":null,"fobvalue":{value},"primaryValue":{value},"legacyEstimationFlag":0,"isReported":true,"isAggregate":false}}"#,
                &period[..4],
                period[4..].trim_start_matches('0'),
                value = base + i as f64,
            )
        })
        .collect();
    format!(
        r#"{{"elapsedTime":"0.12 secs","count":{},"data":[{}],"error":""}}"#,
        records.len(),
        records.join(",")
    )
}

fn period_of(target: &str) -> String {
    target
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("period="))
        .unwrap_or_default()
        .to_string()
}

fn base_value(period: &str) -> f64 {
    period.parse::<f64>().unwrap() * 10.0
}

fn fetch_comtrade(dir: &TestDir, server: &Loopback, periods: &str) -> std::process::Command {
    let mut command = dir.command();
    command
        .args([
            "fetch",
            "--backoff-ms",
            "100",
            "comtrade",
            "--reporter",
            "CHN",
            "--partner",
            "RUS",
        ])
        .args(["--cmd", "854231,854232", "--freq", "M", "--period", periods])
        .args(["--url", &server.url("/public/v1/preview")])
        .env_remove("COMTRADE_API_KEY")
        .env_remove("CHOKEPOINT_COMTRADE_URL");
    command
}

fn page_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn comtrade_pages_survive_a_429_and_a_cut_body_and_are_ingested_once() {
    let server = Loopback::start(|target, n| {
        let period = period_of(target);
        let body = comtrade_response(&period, base_value(&period));
        match (period.as_str(), n) {
            ("202302", 0) => Reply {
                headers: vec![("Retry-After", "1".into())],
                ..Reply::status(
                    429,
                    r#"{"statusCode":429,"message":"Rate limit is exceeded."}"#,
                )
            },
            ("202303", 0) => Reply {
                cut_after: Some(body.len() / 2),
                ..Reply::ok(body)
            },
            _ => Reply::ok(body),
        }
    });
    let dir = TestDir::new();
    let output = fetch_comtrade(&dir, &server, "202301,202302,202303")
        .env("COMTRADE_API_KEY", "test-key")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let seen = server.seen();
    let periods: Vec<String> = seen.iter().map(|s| period_of(&s.target)).collect();
    assert_eq!(periods, ["202301", "202302", "202302", "202303", "202303"]);
    assert!(seen.iter().all(|s| s.key.as_deref() == Some("test-key")));
    assert!(seen[0].target.starts_with(
        "/public/v1/preview/C/M/HS?reporterCode=156&partnerCode=643&cmdCode=854231%2C854232"
    ));
    assert!(seen[0].target.contains("maxRecords=250000"));
    // The Retry-After of the 429 was honoured.
    assert!(
        seen[2].at - seen[1].at >= Duration::from_millis(950),
        "{:?}",
        seen[2].at - seen[1].at
    );
    assert!(stderr.contains("3 pages, 3 downloaded now"), "{stderr}");
    let sources = dir.data().join("sources/comtrade");
    let files = page_files(&sources);
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(
        files
            .iter()
            .all(|f| f.starts_with("comtrade-") && f.ends_with(".json"))
    );
    let expected: f64 = ["202301", "202302", "202303"]
        .iter()
        .map(|p| 2.0 * base_value(p) + 1.0)
        .sum();
    let totals = dir.query("SELECT count(*), sum(value_usd), count(DISTINCT source_file) FROM flows WHERE reporter = 'CHN' AND partner = 'RUS' AND flow = 'export'");
    assert_eq!(
        totals,
        [vec![
            "6".to_string(),
            format!("{expected:.1}"),
            "3".to_string()
        ]]
    );

    // Again: every page is kept, nothing is asked for, nothing added.
    let again = fetch_comtrade(&dir, &server, "202301,202302,202303")
        .env("COMTRADE_API_KEY", "test-key")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{stderr}");
    assert_eq!(server.seen().len(), 5);
    assert!(stderr.contains("0 downloaded now, 3 kept"), "{stderr}");
    assert_eq!(stderr.matches("already ingested").count(), 3, "{stderr}");
    assert_eq!(dir.scalar("SELECT count(*) FROM flows"), "6");
}

#[test]
fn error_statuses_and_an_unreachable_server_fail_naming_the_url_and_ingest_nothing() {
    let server = Loopback::start(|target, _| {
        let period = period_of(target);
        if period == "202303" {
            Reply::status(
                400,
                r#"{"statusCode":400,"message":"Invalid parameter: period"}"#,
            )
        } else {
            Reply::ok(comtrade_response(&period, base_value(&period)))
        }
    });
    let dir = TestDir::new();
    let output = fetch_comtrade(&dir, &server, "202301,202302,202303")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("no COMTRADE_API_KEY: using the public preview endpoint, at most 500 records per request"), "{stderr}");
    assert!(
        stderr.contains(&server.url("/public/v1/preview/C/M/HS?")),
        "{stderr}"
    );
    assert!(
        stderr.contains("period=202303") && stderr.contains("HTTP status 400"),
        "{stderr}"
    );
    assert!(stderr.contains("Invalid parameter: period"), "{stderr}");
    // A 400 is not retried; the two good pages wait on disk, none is ingested.
    assert_eq!(server.seen().len(), 3);
    assert_eq!(page_files(&dir.data().join("sources/comtrade")).len(), 2);
    assert!(!dir.data().join("flows").exists(), "nothing ingested");

    // Nothing listening: the URL and the tries are named.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/public/v1/preview");
    let output = dir
        .command()
        .args([
            "fetch",
            "--tries",
            "2",
            "--backoff-ms",
            "50",
            "comtrade",
            "--reporter",
            "CHN",
        ])
        .args(["--period", "2023", "--url", &url])
        .env_remove("COMTRADE_API_KEY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains(&format!("{url}/C/A/HS?reporterCode=156"))
            && stderr.contains("after 2 tries"),
        "{stderr}"
    );
}

#[test]
fn a_killed_fetch_resumes_without_duplicates() {
    let server = Loopback::start(|target, n| {
        let period = period_of(target);
        let reply = Reply::ok(comtrade_response(&period, base_value(&period)));
        if period == "202302" && n == 0 {
            // The first try of page 2 hangs until the fetch is killed.
            Reply {
                delay: Duration::from_secs(60),
                ..reply
            }
        } else {
            reply
        }
    });
    let dir = TestDir::new();
    let mut child = fetch_comtrade(&dir, &server, "202301,202302,202303")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !server
        .seen()
        .iter()
        .any(|s| period_of(&s.target) == "202302")
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "page 2 never asked for"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let sources = dir.data().join("sources/comtrade");
    assert_eq!(page_files(&sources).len(), 1, "page 1 kept whole");
    assert!(
        !dir.data().join("flows").exists(),
        "nothing ingested before every page is in"
    );

    let output = fetch_comtrade(&dir, &server, "202301,202302,202303")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("3 pages, 2 downloaded now, 1 kept"),
        "{stderr}"
    );
    let periods: Vec<String> = server.seen().iter().map(|s| period_of(&s.target)).collect();
    assert_eq!(
        periods,
        ["202301", "202302", "202302", "202303"],
        "page 1 not asked for again"
    );
    assert_eq!(page_files(&sources).len(), 3);
    let rows = dir.query("SELECT period, hs_code, count(*) FROM flows GROUP BY period, hs_code ORDER BY period, hs_code");
    assert_eq!(rows.len(), 6, "{rows:?}");
    assert!(rows.iter().all(|r| r[2] == "1"), "no duplicates: {rows:?}");
}

#[test]
fn eurostat_sdmx_pages_per_year_survive_a_server_error() {
    let server = Loopback::start(|target, n| {
        let year = target
            .split(['?', '&'])
            .find_map(|pair| pair.strip_prefix("startPeriod="))
            .unwrap_or_default()[..4]
            .to_string();
        if year == "2022" && n == 0 {
            return Reply::status(503, "Service Unavailable");
        }
        let months: &[&str] = if year == "2021" {
            &["2021-11", "2021-12"]
        } else {
            &["2022-01", "2022-02"]
        };
        let mut body = String::from(
            "DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n",
        );
        for (i, month) in months.iter().enumerate() {
            body.push_str(&format!("ESTAT:DS-045409(1.0),13/01/23 11:00:00,M,DE,RU,85423190,2,VALUE_IN_EUROS,{month},{},\n", 1000 * (i + 1)));
            body.push_str(&format!("ESTAT:DS-045409(1.0),13/01/23 11:00:00,M,EL,KZ,85423190,2,VALUE_IN_EUROS,{month},{},\n", 10 * (i + 1)));
        }
        Reply::ok(body)
    });
    let dir = TestDir::new();
    let output = dir
        .command()
        .args([
            "fetch",
            "--backoff-ms",
            "100",
            "eurostat",
            "--dataset",
            "DS-045409",
        ])
        .args([
            "--reporter",
            "DE,GR",
            "--partner",
            "RU,KZ",
            "--product",
            "85423190",
            "--flow",
            "export",
        ])
        .args([
            "--since",
            "2021-11",
            "--until",
            "2022-02",
            "--url",
            &server.url("/comext/dissemination"),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let seen = server.seen();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(seen[0].target.starts_with("/comext/dissemination/sdmx/2.1/data/DS-045409/M.DE+EL.RU+KZ.85423190.2.VALUE_IN_EUROS?startPeriod=2021-11&endPeriod=2021-12&format=SDMX-CSV"), "{seen:?}");
    assert!(stderr.contains("eurostat-sdmx"), "{stderr}");
    let rows = dir.query("SELECT reporter, partner, count(*), sum(value_original) FROM flows GROUP BY reporter, partner ORDER BY reporter");
    assert_eq!(
        rows,
        [["DEU", "RUS", "4", "6000.0"], ["GRC", "KAZ", "4", "60.0"]]
            .map(|r| r.map(String::from).to_vec())
    );
}
