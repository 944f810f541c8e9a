//! Shared state: the data directory, reference data, limits and the
//! screening index of `<data>/lists`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chokepoint_store::{ReferenceData, Store};
use datafusion::prelude::SessionContext;

use crate::AppError;
use crate::answers::{Answer, AnswerCache, CacheStats, Question};
use crate::host::AllowedHosts;
use crate::index_state::{IndexCache, Watchlist};
use crate::live_api::LiveState;

/// Limits applied to every request.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest request body accepted (bytes).
    pub body_bytes: usize,
    /// Longest a query may run.
    pub query_timeout: Duration,
    /// Requests handled at once, over all endpoints; more wait their turn.
    pub concurrency: usize,
    /// Longest a client may take to send its request headers, and again its
    /// body: a slow sender holds a connection (and, sending a body, a
    /// request slot) only this long.
    pub read_timeout: Duration,
    /// Queries in one `POST /match` request.
    pub match_queries: usize,
    /// Names (name, alias, weak alias, previous name values) in one query.
    pub names_per_query: usize,
    /// `/alerts/stream` connections open at once; each holds a file
    /// descriptor for as long as the client stays.
    pub event_streams: usize,
    /// Most rows `POST /sql` returns.
    pub sql_rows: usize,
    /// Bytes of analytics answers kept for repeated questions (0: none).
    pub answer_cache_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 1 << 20,
            query_timeout: Duration::from_secs(30),
            concurrency: 64,
            read_timeout: Duration::from_secs(10),
            match_queries: 100,
            names_per_query: 50,
            event_streams: 32,
            sql_rows: 10_000,
            answer_cache_bytes: 64 << 20,
        }
    }
}

/// What handlers share.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    data: PathBuf,
    reference: ReferenceData,
    limits: Limits,
    index: IndexCache,
    live: LiveState,
    /// The last session built, with the table versions it shows.
    session: std::sync::Mutex<Option<(Vec<Option<u64>>, SessionContext)>>,
    /// Rendered analytics answers by (question, table versions).
    answers: AnswerCache,
    /// The `Host` names answered to.
    allowed_hosts: AllowedHosts,
}

impl AppState {
    /// State over a data directory.
    pub fn new(data: PathBuf, reference: ReferenceData, limits: Limits) -> AppState {
        let index = IndexCache::new(chokepoint_datadir::DataDir::new(&data).lists());
        AppState {
            inner: Arc::new(Inner {
                data,
                reference,
                limits,
                index,
                live: LiveState::new(None, chokepoint_risk::RiskRules::default(), &limits),
                session: std::sync::Mutex::new(None),
                answers: AnswerCache::new(limits.answer_cache_bytes),
                allowed_hosts: AllowedHosts::any(),
            }),
        }
    }

    /// Answers only to these `Host` names (default: any; see
    /// [`AllowedHosts::for_address`]). Call before the state is cloned into
    /// the router.
    pub fn with_allowed_hosts(mut self, allowed: AllowedHosts) -> AppState {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.allowed_hosts = allowed;
        }
        self
    }

    pub(crate) fn allowed_hosts(&self) -> AllowedHosts {
        self.inner.allowed_hosts.clone()
    }

    /// Enables `POST /shipments` with this bearer token, scoring with `rules`.
    /// Call before the state is cloned into the router.
    pub fn with_shipment_intake(
        mut self,
        token: String,
        rules: chokepoint_risk::RiskRules,
    ) -> AppState {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.live = LiveState::new(Some(token), rules, &inner.limits);
        }
        self
    }

    /// Intake and alert feed.
    pub(crate) fn live(&self) -> &LiveState {
        &self.inner.live
    }

    /// Baskets and nomenclature.
    pub fn reference(&self) -> &ReferenceData {
        &self.inner.reference
    }

    /// The data directory.
    pub fn data(&self) -> &std::path::Path {
        &self.inner.data
    }

    /// The limits.
    pub fn limits(&self) -> Limits {
        self.inner.limits
    }

    /// A session over the tables as of now: answers include the latest
    /// committed ingest. Loading every Delta table and the reference tables
    /// took ~20 ms, so the session is kept and shared while no table has a
    /// new commit (a look at the log directories), and rebuilt when one has.
    /// Sharing is safe: requests cannot change it (`/sql` refuses DDL and
    /// statements), and its tables are snapshots of one version each.
    pub async fn session(&self) -> Result<SessionContext, AppError> {
        let store = Store::open(&self.inner.data)?;
        let versions = store.committed_versions();
        if let Some((seen, ctx)) = self.cached_session().as_ref()
            && *seen == versions
        {
            return Ok(ctx.clone());
        }
        let ctx = store.session(&self.inner.reference).await?;
        chokepoint_analytics::register_udfs(&ctx);
        *self.cached_session() = Some((versions, ctx.clone()));
        Ok(ctx)
    }

    /// The answer to `question` at the tables' committed versions: kept
    /// from an earlier request, or computed by `compute` (once for
    /// concurrent requests) under the query time limit, as a response with
    /// its `ETag` (304 on a matching `If-None-Match`).
    pub(crate) async fn answer(
        &self,
        question: Question,
        request: &axum::http::HeaderMap,
        compute: impl Future<Output = Result<Answer, AppError>> + Send,
    ) -> Result<axum::response::Response, AppError> {
        let versions = Store::open(&self.inner.data)?.committed_versions();
        self.timed(
            self.inner
                .answers
                .answer(question, versions, request, compute),
        )
        .await
    }

    /// What the answer cache did so far.
    pub(crate) async fn answer_stats(&self) -> CacheStats {
        self.inner.answers.stats().await
    }

    fn cached_session(
        &self,
    ) -> std::sync::MutexGuard<'_, Option<(Vec<Option<u64>>, SessionContext)>> {
        // A panic while holding the lock leaves a whole value: keep using it.
        self.inner
            .session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The published generation of the screening index (`<data>/lists`),
    /// loaded on first use and reloaded when a new one is published;
    /// `Unavailable` when no list has been loaded.
    pub(crate) async fn watchlist(&self) -> Result<Arc<Watchlist>, AppError> {
        self.inner.index.current().await
    }

    /// Runs `work` under the query time limit.
    pub async fn timed<T>(
        &self,
        work: impl Future<Output = Result<T, AppError>>,
    ) -> Result<T, AppError> {
        let limit = self.inner.limits.query_timeout;
        tokio::time::timeout(limit, work).await.map_err(|_| {
            AppError::Timeout(format!(
                "query exceeded the {} s limit",
                limit.as_secs_f64()
            ))
        })?
    }
}

/// Whether the request that started some work is gone.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cancelled(Arc<AtomicBool>);

impl Cancelled {
    pub(crate) fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Held by a request's future; dropping it (the request answered, timed
/// out, or its client hung up) sets the flag that long work checks between
/// its steps, so it does not run on for nobody.
#[derive(Debug, Default)]
pub(crate) struct CancelOnDrop(Cancelled);

impl CancelOnDrop {
    pub(crate) fn flag(&self) -> Cancelled {
        self.0.clone()
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.0.store(true, Ordering::Relaxed);
    }
}

/// Runs CPU-bound screening work on the rayon pool (one thread per core)
/// and awaits its result. Queued work waits its turn in order instead of
/// each request holding a blocking thread of its own: with dozens of
/// requests at once, threads time-sliced against each other spend the CPU
/// on context switches and all finish late.
pub(crate) async fn on_screening_pool<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    rayon::spawn(move || {
        // A panic in a spawned rayon job would abort the process: it is
        // caught here and becomes this request's error. The receiver is
        // gone when the request timed out: nothing to do then.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
        let _ = sender.send(outcome);
    });
    match receiver.await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) => Err(AppError::Internal("screening task panicked".to_string())),
        Err(_) => Err(AppError::Internal("screening task was dropped".to_string())),
    }
}
