//! Downloads trade statistics from official APIs as files the ingest crate
//! reads: UN Comtrade v1 (`get` with a subscription key, else the public
//! `preview`) as its JSON responses, and Eurostat's Comext dissemination API
//! as SDMX-CSV.
//!
//! A query is planned as [`Page`]s — one request each, small enough for the
//! API's limits (a period each for Comtrade, a year each for Eurostat) — and
//! [`fetch_pages`] downloads them into one folder. The key design choice is
//! that a page file is named after its request (a hash of the URL) and only
//! appears, by rename, once its body is complete and valid: a killed or failed
//! run leaves whole pages only, and the next run fetches just the missing
//! ones. Rate limits (429 with `Retry-After`), server errors and cut bodies
//! are retried with backoff; any other status fails naming the URL. The
//! crate downloads only; ingesting the pages (once each, by content hash) is
//! the caller's step, after every page is in.
//!
//! ```
//! use chokepoint_fetch::{ComtradeQuery, Frequency};
//! use chokepoint_model::{Country, HsCode};
//!
//! let query = ComtradeQuery {
//!     base_url: ComtradeQuery::PREVIEW_URL.parse().unwrap(),
//!     frequency: Frequency::Monthly,
//!     reporters: vec![Country::lookup("CHN").unwrap()],
//!     partners: vec![Country::lookup("RUS").unwrap()],
//!     commodities: vec![HsCode::parse("8542").unwrap()],
//!     periods: vec!["2023".into()],
//!     flows: vec![],
//!     subscription_key: None,
//! };
//! let pages = query.pages().unwrap();
//! assert_eq!(pages.len(), 12); // one request per month
//! assert!(pages[0].url.as_str().contains("period=202301"));
//! ```
#![deny(missing_docs)]

mod comtrade;
mod download;
mod eurostat;

use std::path::PathBuf;
use std::time::Duration;

use thiserror::Error;
use url::Url;

pub use comtrade::{ComtradeQuery, Frequency, SUBSCRIPTION_KEY_ENV};
pub use download::fetch_pages;
pub use eurostat::EurostatQuery;

/// One request of a query and the file its response is kept in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The request.
    pub url: Url,
    /// Extra headers (the subscription key), never part of the file name.
    pub headers: Vec<(String, String)>,
    /// The file name under the source's folder: the source, a hash of the URL and the extension.
    pub file_name: String,
    /// How a complete response is recognised.
    pub body: BodyKind,
}

/// What a complete response body must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// A Comtrade v1 JSON object: `data` array as long as `count`, no `error`;
    /// `limit` is the most records one response holds (a full one may be cut).
    ComtradeJson {
        /// The endpoint's record limit.
        limit: usize,
    },
    /// SDMX-CSV: a header line with `OBS_VALUE`, ending in a newline.
    SdmxCsv,
}

/// How downloads behave.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// The folder the source's pages are kept in (`<data>/sources/<source>`).
    pub dir: PathBuf,
    /// Tries per page before giving up (429, 5xx, cut bodies, connection errors).
    pub max_attempts: u32,
    /// The first wait between tries; doubled each time.
    pub backoff: Duration,
    /// The longest wait honoured from a `Retry-After` header.
    pub max_retry_after: Duration,
    /// Timeout of one request.
    pub timeout: Duration,
}

impl FetchConfig {
    /// Defaults for `dir`: 5 tries, 1 s backoff, `Retry-After` up to 2 minutes, 5 minute requests.
    pub fn new(dir: PathBuf) -> FetchConfig {
        FetchConfig {
            dir,
            max_attempts: 5,
            backoff: Duration::from_secs(1),
            max_retry_after: Duration::from_secs(120),
            timeout: Duration::from_secs(300),
        }
    }
}

/// What a fetch produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// Every page file, in page order (downloaded now or kept from an earlier run).
    pub files: Vec<PathBuf>,
    /// How many were downloaded by this run.
    pub n_downloaded: usize,
}

/// Why a fetch failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The server answered with a status that is not retried, or kept failing.
    #[error("{url}: HTTP status {status}{}", detail_suffix(.detail))]
    Status {
        /// The request.
        url: Url,
        /// The status code.
        status: u16,
        /// The start of the response body.
        detail: String,
    },
    /// The server could not be reached or the body not read, after every try.
    #[error("{url}: {reason} (after {attempts} tries)")]
    Transport {
        /// The request.
        url: Url,
        /// The last failure.
        reason: String,
        /// Tries made.
        attempts: u32,
    },
    /// The body arrived but is not a complete response of the expected layout.
    #[error("{url}: incomplete or invalid response: {reason} (after {attempts} tries)")]
    InvalidBody {
        /// The request.
        url: Url,
        /// What is wrong.
        reason: String,
        /// Tries made.
        attempts: u32,
    },
    /// A response holds as many records as the endpoint returns at most, so it may be cut.
    #[error(
        "{url}: the response holds {count} records, the endpoint's limit, so it may be cut; ask for fewer periods or codes{hint}"
    )]
    RowLimit {
        /// The request.
        url: Url,
        /// Records in the response.
        count: usize,
        /// How to lift the limit, if there is a way.
        hint: &'static str,
    },
    /// The query cannot be turned into requests.
    #[error("invalid query: {0}")]
    Query(String),
    /// The page folder could not be written.
    #[error("{path}: cannot write")]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

fn detail_suffix(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(": {detail}")
    }
}

/// `<source>-<first 16 hex digits of SHA-256(url)>.<extension>`.
pub(crate) fn page_file_name(source: &str, url: &Url, extension: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(url.as_str().as_bytes());
    format!("{source}-{}.{extension}", &hex::encode(digest)[..16])
}
