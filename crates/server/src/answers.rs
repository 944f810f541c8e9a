//! Answers kept per (question, committed table versions): the rendered body
//! of an analytics endpoint or trade page with its content type, served again
//! while no table has a new commit.
//!
//! The key is the normalised question plus [`Store::committed_versions`]
//! read on each request (a look at the log directories, no log read), so a
//! commit by any process makes the next request compute afresh; entries of
//! older versions are never asked for again and age out. Memory is bounded by
//! the bytes of the kept answers (a `moka` cache with a weigher and LRU
//! eviction). Concurrent requests for a question not yet kept are computed
//! once: the others wait for that result (`try_get_with`). A failed
//! computation is not kept, and a request that times out only drops its own
//! wait: when it was the one computing, a waiting request takes over.
//!
//! [`Store::committed_versions`]: chokepoint_store::Store::committed_versions

use std::fmt::Debug;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use moka::future::Cache;
use moka::notification::RemovalCause;
use moka::policy::EvictionPolicy;
use sha2::{Digest, Sha256};

use crate::AppError;

/// The response header that says how an answer was served: `hit` (kept),
/// `miss` (computed by this request), `shared` (computed by a concurrent
/// request this one waited for).
pub const CACHE_HEADER: &str = "x-chokepoint-cache";

/// A normalised question: two requests asking the same thing give equal
/// questions, two that could be answered differently never do.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Question {
    text: String,
    varies_by_accept: bool,
}

impl Question {
    /// An API question: the endpoint, the body format and every field of
    /// the parsed query (its `Debug` form). The query's `to_sql()` alone is
    /// not enough: top-N, surge thresholds, the CIF/FOB allowance and the
    /// like are applied after the plan and are not in its text. Parsing
    /// normalises (`to=rus` and `to=RUS` are one question).
    pub fn api(endpoint: &str, format: Format, query: &impl Debug) -> Question {
        Question {
            text: format!("{endpoint} {format:?} {query:?}"),
            varies_by_accept: true,
        }
    }

    /// A dashboard page: its path, the demo notice and its query parameters
    /// as `chokepoint_analytics::from_query` reads them (values trimmed,
    /// empty ones dropped, stably sorted by name, so the order of one name's
    /// values is kept).
    /// Raw rather than parsed because the page echoes them in its form.
    pub fn page(path: &str, demo_notice: bool, pairs: &[(String, String)]) -> Question {
        let mut canonical: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(name, value)| (name.as_str(), value.trim()))
            .filter(|(_, value)| !value.is_empty())
            .collect();
        canonical.sort_by_key(|(name, _)| *name);
        Question {
            text: format!("page {path} {demo_notice} {canonical:?}"),
            varies_by_accept: false,
        }
    }
}

/// JSON (default) or CSV (`Accept: text/csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `application/json`.
    Json,
    /// `text/csv` with a header row.
    Csv,
}

impl Format {
    /// The format the client asked for.
    pub fn of(headers: &HeaderMap) -> Format {
        let csv = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/csv"));
        if csv { Format::Csv } else { Format::Json }
    }
}

/// A rendered answer.
#[derive(Debug, Clone)]
pub struct Answer {
    content_type: HeaderValue,
    body: Bytes,
}

impl Answer {
    /// A body of the given content type.
    pub fn new(content_type: &'static str, body: impl Into<Bytes>) -> Answer {
        Answer {
            content_type: HeaderValue::from_static(content_type),
            body: body.into(),
        }
    }

    /// A JSON value.
    pub fn json(value: &impl serde::Serialize) -> Result<Answer, AppError> {
        let body =
            serde_json::to_vec(value).map_err(|e| AppError::Internal(format!("json: {e}")))?;
        Ok(Answer::new("application/json", body))
    }

    /// An HTML page.
    pub fn html(page: String) -> Answer {
        Answer::new("text/html; charset=utf-8", page)
    }

    /// The `Content-Type`.
    pub fn content_type(&self) -> &HeaderValue {
        &self.content_type
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

/// What the cache did so far, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Answers served from the cache.
    pub hits: u64,
    /// Computations started (each by one request; failed and timed-out
    /// ones included).
    pub computed: u64,
    /// Requests that waited for a concurrent request's computation.
    pub shared: u64,
    /// Requests answered 304 Not Modified.
    pub not_modified: u64,
    /// Entries evicted to stay within the byte bound.
    pub evictions: u64,
    /// Entries kept.
    pub entries: u64,
    /// Bytes kept (bodies, keys and a fixed overhead per entry).
    pub bytes: u64,
    /// The byte bound.
    pub capacity: u64,
}

/// Key of a kept answer: the question and the versions it was asked at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct AnswerKey {
    question: Question,
    versions: Vec<Option<u64>>,
}

/// A kept answer with its entity tag.
#[derive(Debug, Clone)]
struct Kept {
    answer: Answer,
    etag: HeaderValue,
}

/// Bytes counted per entry besides body and question: the key's versions,
/// header values, the cache's own node (a rough, generous figure).
const ENTRY_OVERHEAD: usize = 256;

#[derive(Debug, Default)]
struct Counters {
    hits: AtomicU64,
    computed: AtomicU64,
    shared: AtomicU64,
    not_modified: AtomicU64,
    evictions: Arc<AtomicU64>,
}

/// The bounded cache of answers.
pub(crate) struct AnswerCache {
    entries: Cache<AnswerKey, Kept>,
    capacity: u64,
    counters: Counters,
}

impl AnswerCache {
    /// A cache of at most `capacity` bytes (0 keeps nothing).
    pub(crate) fn new(capacity: u64) -> AnswerCache {
        let counters = Counters::default();
        let evictions = Arc::clone(&counters.evictions);
        let entries = Cache::builder()
            .max_capacity(capacity)
            .weigher(|key: &AnswerKey, kept: &Kept| {
                let bytes = kept.answer.body.len() + key.question.text.len() + ENTRY_OVERHEAD;
                u32::try_from(bytes).unwrap_or(u32::MAX)
            })
            .eviction_policy(EvictionPolicy::lru())
            .eviction_listener(move |_, _, cause| {
                if cause == RemovalCause::Size {
                    evictions.fetch_add(1, Ordering::Relaxed);
                }
            })
            .build();
        AnswerCache {
            entries,
            capacity,
            counters,
        }
    }

    /// The kept answer to `question` at `versions`, or the one `compute`
    /// gives (computed once for concurrent callers, kept when it succeeds),
    /// as a response; 304 when the request's `If-None-Match` names it.
    pub(crate) async fn answer(
        &self,
        question: Question,
        versions: Vec<Option<u64>>,
        request: &HeaderMap,
        compute: impl Future<Output = Result<Answer, AppError>> + Send,
    ) -> Result<Response, AppError> {
        let key = AnswerKey { question, versions };
        let (kept, served) = match self.entries.get(&key).await {
            Some(kept) => {
                self.counters.hits.fetch_add(1, Ordering::Relaxed);
                (kept, "hit")
            }
            None => {
                let computed_here = AtomicBool::new(false);
                let etag = entity_tag(&key);
                let kept = self
                    .entries
                    .try_get_with(key.clone(), async {
                        computed_here.store(true, Ordering::Relaxed);
                        self.counters.computed.fetch_add(1, Ordering::Relaxed);
                        let answer = compute.await?;
                        Ok::<_, AppError>(Kept { answer, etag })
                    })
                    .await
                    .map_err(Arc::unwrap_or_clone)?;
                if computed_here.load(Ordering::Relaxed) {
                    (kept, "miss")
                } else {
                    self.counters.shared.fetch_add(1, Ordering::Relaxed);
                    (kept, "shared")
                }
            }
        };
        let mut response = if if_none_match(request, &kept.etag) {
            self.counters.not_modified.fetch_add(1, Ordering::Relaxed);
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let mut response = kept.answer.body.into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, kept.answer.content_type);
            response
        };
        let headers = response.headers_mut();
        headers.insert(header::ETAG, kept.etag);
        // Clients may keep the body but must ask again: the next commit
        // changes the answer, at a time no expiry could tell.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        if key.question.varies_by_accept {
            headers.insert(header::VARY, HeaderValue::from_static("accept"));
        }
        headers.insert(CACHE_HEADER, HeaderValue::from_static(served));
        Ok(response)
    }

    /// Counters and sizes, after the cache's pending housekeeping (so the
    /// sizes are exact, not estimates).
    pub(crate) async fn stats(&self) -> CacheStats {
        self.entries.run_pending_tasks().await;
        let counters = &self.counters;
        CacheStats {
            hits: counters.hits.load(Ordering::Relaxed),
            computed: counters.computed.load(Ordering::Relaxed),
            shared: counters.shared.load(Ordering::Relaxed),
            not_modified: counters.not_modified.load(Ordering::Relaxed),
            evictions: counters.evictions.load(Ordering::Relaxed),
            entries: self.entries.entry_count(),
            bytes: self.entries.weighted_size(),
            capacity: self.capacity,
        }
    }
}

/// A strong entity tag of (question, versions): the first 128 bits of their
/// SHA-256, stable across restarts for the same data.
fn entity_tag(key: &AnswerKey) -> HeaderValue {
    let mut hasher = Sha256::new();
    hasher.update(key.question.text.as_bytes());
    for version in &key.versions {
        match version {
            Some(v) => hasher.update(format!(" {v}")),
            None => hasher.update(" -"),
        }
    }
    let digest = hasher.finalize();
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    // Hex digits in quotes are always a valid header value.
    HeaderValue::from_str(&format!("\"{hex}\"")).expect("hex entity tag")
}

/// Whether `If-None-Match` lists `etag` (or is `*`); weak tags compare by
/// their opaque part, as RFC 9110 asks for this header.
fn if_none_match(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let Ok(ours) = etag.to_str() else {
        return false;
    };
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_questions_ignore_order_across_names_and_blank_values() {
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect()
        };
        let a = Question::page("/goods", true, &pairs(&[("to", "RUS"), ("basket", "chpl")]));
        let b = Question::page(
            "/goods",
            true,
            &pairs(&[("basket", " chpl "), ("from", ""), ("to", "RUS")]),
        );
        assert_eq!(a, b);
        // The order of one name's values matters (the last one counts).
        let c = Question::page("/goods", true, &pairs(&[("to", "RUS"), ("to", "CHN")]));
        let d = Question::page("/goods", true, &pairs(&[("to", "CHN"), ("to", "RUS")]));
        assert_ne!(c, d);
        assert_ne!(a, Question::page("/surges", true, &pairs(&[("to", "RUS")])));
        assert_ne!(a, Question::page("/goods", false, &pairs(&[("to", "RUS")])));
        // Quotes in values cannot fake a boundary between pairs.
        let e = Question::page("/goods", true, &pairs(&[("a", "1\", \"b"), ("c", "2")]));
        let f = Question::page(
            "/goods",
            true,
            &pairs(&[("a", "1"), ("b", "\", \"c"), ("c", "2")]),
        );
        assert_ne!(e, f);
    }

    #[test]
    fn if_none_match_reads_lists_weak_tags_and_star() {
        let etag = HeaderValue::from_static("\"abc\"");
        let check = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
            if_none_match(&headers, &etag)
        };
        assert!(check("\"abc\""));
        assert!(check("\"x\", W/\"abc\""));
        assert!(check("*"));
        assert!(!check("\"abd\""));
        assert!(!if_none_match(&HeaderMap::new(), &etag));
    }

    #[tokio::test]
    async fn errors_are_not_kept_and_the_next_request_computes_again() {
        let cache = AnswerCache::new(1 << 20);
        let question = Question::api("shares", Format::Json, &"q");
        let failed = cache
            .answer(question.clone(), vec![Some(1)], &HeaderMap::new(), async {
                Err(AppError::Internal("boom".into()))
            })
            .await;
        assert!(failed.is_err());
        let response = cache
            .answer(question.clone(), vec![Some(1)], &HeaderMap::new(), async {
                Answer::json(&[1])
            })
            .await
            .unwrap();
        assert_eq!(response.headers()[CACHE_HEADER], "miss");
        let again = cache
            .answer(question, vec![Some(1)], &HeaderMap::new(), async {
                unreachable!("kept")
            })
            .await
            .unwrap();
        assert_eq!(again.headers()[CACHE_HEADER], "hit");
        // The failed computation and the one that was kept.
        assert_eq!(cache.stats().await.computed, 2);
    }

    #[tokio::test]
    async fn a_dropped_computation_leaves_no_entry() {
        let cache = AnswerCache::new(1 << 20);
        let question = Question::api("surges", Format::Csv, &"q");
        let request = HeaderMap::new();
        let slow = cache.answer(question.clone(), vec![None], &request, async {
            std::future::pending::<()>().await;
            unreachable!("never finishes")
        });
        let timed_out = tokio::time::timeout(std::time::Duration::from_millis(20), slow).await;
        assert!(timed_out.is_err());
        let response = cache
            .answer(question, vec![None], &HeaderMap::new(), async {
                Ok(Answer::new("text/csv; charset=utf-8", "a\n1\n"))
            })
            .await
            .unwrap();
        assert_eq!(response.headers()[CACHE_HEADER], "miss");
    }
}
