//! Downloading pages: retries with backoff, `Retry-After`, validation of the
//! body, and the rename that makes a page file appear only when complete.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::Client;

use crate::{BodyKind, FetchConfig, FetchError, Fetched, Page};

/// Downloads every page not already kept in `config.dir`, in order, and
/// returns all page files. A page file is written to a temporary file in the
/// same folder and renamed only once its body is complete and valid, so a
/// killed or failed run leaves whole pages only and a re-run skips them.
pub fn fetch_pages(pages: &[Page], config: &FetchConfig) -> Result<Fetched, FetchError> {
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| FetchError::Write { path, source }
    };
    std::fs::create_dir_all(&config.dir).map_err(write_error(&config.dir))?;
    let client = Client::builder()
        .timeout(config.timeout)
        .user_agent(concat!("chokepoint/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| FetchError::Query(format!("cannot build the HTTP client: {e}")))?;
    let mut fetched = Fetched {
        files: Vec::with_capacity(pages.len()),
        n_downloaded: 0,
    };
    for page in pages {
        let path = config.dir.join(&page.file_name);
        if path.is_file() {
            tracing::info!(url = %page.url, path = %path.display(), "page kept from an earlier run");
            fetched.files.push(path);
            continue;
        }
        let _span = tracing::info_span!("fetch_page", url = %page.url).entered();
        let body = download(&client, page, config)?;
        let mut part = tempfile::Builder::new()
            .prefix(".part-")
            .tempfile_in(&config.dir)
            .map_err(write_error(&config.dir))?;
        part.write_all(&body).map_err(write_error(part.path()))?;
        part.as_file()
            .sync_all()
            .map_err(write_error(part.path()))?;
        part.persist(&path).map_err(|e| FetchError::Write {
            path: path.clone(),
            source: e.error,
        })?;
        fetched.files.push(path);
        fetched.n_downloaded += 1;
    }
    Ok(fetched)
}

/// What one try gave.
enum Attempt {
    /// The complete, valid body.
    Done(Vec<u8>),
    /// A failure worth another try, after the wait the server asked for (if any).
    Retry(Option<Duration>, FetchError),
    /// A final failure.
    Fail(FetchError),
}

fn download(client: &Client, page: &Page, config: &FetchConfig) -> Result<Vec<u8>, FetchError> {
    let attempts = config.max_attempts.max(1);
    let mut backoff = config.backoff;
    let mut attempt = 1;
    loop {
        let (wait, error) = match try_once(client, page, attempt) {
            Attempt::Done(body) => return Ok(body),
            Attempt::Retry(wait, error) => (wait, error),
            Attempt::Fail(error) => return Err(error),
        };
        if attempt >= attempts {
            return Err(error);
        }
        let wait = wait.map_or(backoff, |w| w.min(config.max_retry_after));
        tracing::warn!(url = %page.url, attempt, wait_ms = wait.as_millis() as u64, "retrying: {error}");
        std::thread::sleep(wait);
        backoff = backoff.saturating_mul(2);
        attempt += 1;
    }
}

/// One request: the body, a failure worth retrying, or a final one.
fn try_once(client: &Client, page: &Page, attempt: u32) -> Attempt {
    let mut request = client.get(page.url.clone());
    for (name, value) in &page.headers {
        request = request.header(name, value);
    }
    let transport = |reason: String| FetchError::Transport {
        url: page.url.clone(),
        reason,
        attempts: attempt,
    };
    let response = match request.send() {
        Ok(response) => response,
        Err(error) => return Attempt::Retry(None, transport(error_chain(&error))),
    };
    let status = response.status();
    if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let detail = excerpt(&response.bytes().unwrap_or_default());
        let error = FetchError::Status {
            url: page.url.clone(),
            status: status.as_u16(),
            detail,
        };
        return Attempt::Retry(retry_after, error);
    }
    if !status.is_success() {
        let detail = excerpt(&response.bytes().unwrap_or_default());
        return Attempt::Fail(FetchError::Status {
            url: page.url.clone(),
            status: status.as_u16(),
            detail,
        });
    }
    let body = match response.bytes() {
        Ok(body) => body.to_vec(),
        Err(error) => {
            return Attempt::Retry(
                None,
                transport(format!("body cut short: {}", error_chain(&error))),
            );
        }
    };
    match validate(page.body, &body) {
        Ok(()) => Attempt::Done(body),
        Err(Invalid::Retry(reason)) => Attempt::Retry(
            None,
            FetchError::InvalidBody {
                url: page.url.clone(),
                reason,
                attempts: attempt,
            },
        ),
        Err(Invalid::Fatal(error)) => Attempt::Fail(error(page)),
    }
}

enum Invalid {
    /// A body cut or garbled in transit: try again.
    Retry(String),
    /// A complete answer that cannot be used.
    Fatal(Box<dyn Fn(&Page) -> FetchError>),
}

fn validate(kind: BodyKind, body: &[u8]) -> Result<(), Invalid> {
    match kind {
        BodyKind::ComtradeJson { limit } => {
            let value: serde_json::Value = serde_json::from_slice(body)
                .map_err(|e| Invalid::Retry(format!("not a complete JSON document: {e}")))?;
            if let Some(error) = value.get("error").and_then(|e| e.as_str())
                && !error.is_empty()
            {
                let error = error.to_string();
                return Err(Invalid::Fatal(Box::new(move |page: &Page| {
                    FetchError::InvalidBody {
                        url: page.url.clone(),
                        reason: format!("the API reports an error: {error}"),
                        attempts: 1,
                    }
                })));
            }
            let Some(data) = value.get("data").and_then(|d| d.as_array()) else {
                return Err(Invalid::Retry("no \"data\" array".into()));
            };
            if let Some(count) = value.get("count").and_then(|c| c.as_u64())
                && count != data.len() as u64
            {
                return Err(Invalid::Retry(format!(
                    "\"count\" is {count} but \"data\" holds {} records",
                    data.len()
                )));
            }
            if data.len() >= limit {
                let count = data.len();
                return Err(Invalid::Fatal(Box::new(move |page: &Page| {
                    FetchError::RowLimit {
                        url: page.url.clone(),
                        count,
                        hint: if page.headers.is_empty() {
                            " (or set COMTRADE_API_KEY for the subscription endpoint)"
                        } else {
                            ""
                        },
                    }
                })));
            }
            Ok(())
        }
        BodyKind::SdmxCsv => {
            let text = std::str::from_utf8(body)
                .map_err(|e| Invalid::Retry(format!("not UTF-8 text: {e}")))?;
            let header = text.lines().next().unwrap_or_default();
            if !header.contains("OBS_VALUE") {
                return Err(Invalid::Retry(format!(
                    "no SDMX-CSV header (first line {:?})",
                    excerpt(header.as_bytes())
                )));
            }
            if !text.ends_with('\n') {
                return Err(Invalid::Retry(
                    "the last line is cut (no final newline)".into(),
                ));
            }
            Ok(())
        }
    }
}

/// The start of a body, on one line, for error messages.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.chars().take(200).collect()
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
