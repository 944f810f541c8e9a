//! Hostile text in output, through the real binary (issue 18, defects 11
//! and 12): spreadsheet formulas in CSV cells and terminal escape sequences
//! in table cells.

mod util;

use util::TestDir;

/// A query whose text cells start with every formula trigger and whose
/// number cell is negative.
const HOSTILE_SQL: &str = "SELECT '=HYPERLINK(\"http://x\",\"y\")' AS a, '+1+1' AS b, \
     '-2+3' AS c, '@SUM(A1)' AS d, chr(9) || 'tab' AS e, chr(13) || 'cr' AS f, \
     '-3.5' AS g, CAST(-3.5 AS DOUBLE) AS h, 'plain' AS i";

/// The cells of the first data row of a CSV document.
fn first_row(csv_text: &[u8]) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv_text);
    let record = reader.records().next().unwrap().unwrap();
    record.iter().map(str::to_string).collect()
}

fn assert_neutralised(row: &[String]) {
    assert_eq!(
        row,
        [
            "'=HYPERLINK(\"http://x\",\"y\")",
            "'+1+1",
            "'-2+3",
            "'@SUM(A1)",
            "'\ttab",
            "'\rcr",
            "-3.5",
            "-3.5",
            "plain",
        ]
    );
}

/// Defect 11, CLI: `--output csv` neutralises formula cells (a leading
/// quote) and leaves numbers, and text that is a number, as they are.
#[test]
fn cli_csv_cells_cannot_be_formulas() {
    let test = TestDir::new();
    let output = test.run(&["--output", "csv", "sql", HOSTILE_SQL]);
    assert_neutralised(&first_row(&output.stdout));
}

/// Defect 11, API: `Accept: text/csv` does the same.
#[test]
fn api_csv_cells_cannot_be_formulas() {
    let test = TestDir::new();
    let server = test.serve(&[]);
    let response = reqwest::blocking::Client::new()
        .post(format!("{}/sql", server.base))
        .header("accept", "text/csv")
        .json(&serde_json::json!({ "query": HOSTILE_SQL }))
        .send()
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    assert_neutralised(&first_row(&response.bytes().unwrap()));
}

/// Defect 12: a party name carrying terminal escape sequences (ESC, a C1
/// CSI, BEL, DEL) is shown escaped in a table, never sent to the terminal;
/// JSON keeps the value as it is.
#[test]
fn table_cells_cannot_drive_the_terminal() {
    let test = TestDir::new();
    let sql = "SELECT 'ACME' || chr(27) || ']0;pwned' || chr(7) || chr(27) || '[2J' \
               || chr(155) || '31m' || chr(127) || ' LLC' AS name";
    let table = test.run(&["sql", sql]).stdout;
    let table = String::from_utf8(table).unwrap();
    assert!(
        !table
            .chars()
            .any(|c| matches!(c, '\u{1b}' | '\u{7}' | '\u{7f}' | '\u{80}'..='\u{9f}')),
        "{table:?}"
    );
    assert!(
        table.contains(r"ACME\x1b]0;pwned\x07\x1b[2J\u{9b}31m\x7f LLC"),
        "{table}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&test.run(&["--output", "json", "sql", sql]).stdout).unwrap();
    assert_eq!(
        json[0]["name"],
        "ACME\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{7f} LLC"
    );
}

/// Defect 13: every response, pages, API answers and errors alike, carries
/// the security headers.
#[test]
fn every_response_carries_security_headers() {
    let test = TestDir::new();
    let server = test.serve(&[]);
    let client = reqwest::blocking::Client::new();
    let responses = [
        client.get(format!("{}/", server.base)).send().unwrap(),
        client
            .get(format!("{}/healthz", server.base))
            .send()
            .unwrap(),
        client
            .get(format!("{}/no/such/page", server.base))
            .send()
            .unwrap(),
        client
            .post(format!("{}/sql", server.base))
            .body("not json")
            .send()
            .unwrap(),
    ];
    for response in responses {
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_else(|| panic!("{} {}: no {name}", response.status(), response.url()))
        };
        assert_eq!(header("x-frame-options"), "DENY");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("referrer-policy"), "no-referrer");
        let csp = header("content-security-policy");
        for directive in [
            "default-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(directive), "{csp}");
        }
    }
}

/// The status line of a GET of `/healthz` sent with this `Host` header.
fn status_with_host(base: &str, host: &str) -> String {
    use std::io::{BufRead, BufReader, Write};
    let address = base.strip_prefix("http://").unwrap();
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut status = String::new();
    BufReader::new(stream).read_line(&mut status).unwrap();
    status.trim_end().to_string()
}

/// Defect 13, the rest: any `Host` was accepted, so a page of another site
/// whose name is re-pointed at 127.0.0.1 (DNS rebinding) could read the
/// server. A loopback server answers to loopback names only (421 otherwise),
/// and to names given with `--allowed-host`.
#[test]
fn a_loopback_server_refuses_other_host_names() {
    let test = TestDir::new();
    let server = test.serve(&["--allowed-host", "dash.local"]);
    let port = server.base.rsplit(':').next().unwrap().to_string();
    for host in [format!("evil.example:{port}"), "evil.example".to_string()] {
        let status = status_with_host(&server.base, &host);
        assert!(status.starts_with("HTTP/1.1 421"), "{host}: {status}");
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("dash.local:{port}"),
    ] {
        let status = status_with_host(&server.base, &host);
        assert!(status.starts_with("HTTP/1.1 200"), "{host}: {status}");
    }
}

/// Defect 14: the README passes the intake token through the environment,
/// never on the command line (where the process list shows it), and the
/// environment alone enables intake.
#[test]
fn the_token_comes_from_the_environment() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    assert!(
        !readme
            .lines()
            .any(|line| line.contains("--token \"$") || line.contains("--token $")),
        "the README puts the token on a command line"
    );
    let test = TestDir::new();
    let mut child = test
        .command()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("CHOKEPOINT_API_TOKEN", "s3cret-token-0123456789")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    let post = |token: &str| {
        reqwest::blocking::Client::new()
            .post(format!("{base}/shipments"))
            .bearer_auth(token)
            .header("content-type", "application/x-ndjson")
            .body("")
            .send()
            .unwrap()
    };
    let wrong = post("wrong");
    let right = post("s3cret-token-0123456789");
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(wrong.status(), 401);
    assert_ne!(right.status(), 401, "the environment's token was not taken");
}
