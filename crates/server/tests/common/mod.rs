//! Shared helpers of the server's loopback tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chokepoint_catalog::{BasketSet, HsNomenclature};
use chokepoint_server::{AppState, Limits, router};
use chokepoint_store::ReferenceData;
use serde_json::Value;

/// `../shared/data` beside the repository (a test that uses it first checks
/// `chokepoint_test_support::shared_data_missing()`).
pub fn shared_data(relative: &str) -> PathBuf {
    chokepoint_test_support::shared_data_dir().join(relative)
}

/// Loads lists from `shared/data` (paths relative to it) and publishes
/// them as the index generation of `<data>/lists`; returns them.
pub fn publish_lists(data: &Path, relatives: &[&str]) -> Vec<chokepoint_lists::LoadedList> {
    let paths: Vec<PathBuf> = relatives.iter().map(|path| shared_data(path)).collect();
    let lists = chokepoint_lists::load_paths(&paths).unwrap();
    chokepoint_index::IndexStore::open(data.join("lists"))
        .unwrap()
        .publish(&lists)
        .unwrap();
    lists
}

/// Serves a data directory on a loopback port from its own thread and
/// runtime (so it outlives any one test's runtime); returns the base URL.
pub fn serve(data: PathBuf, limits: Limits) -> String {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let reference = ReferenceData {
                baskets: BasketSet::builtin(),
                nomenclature: HsNomenclature::new(),
            };
            let state = AppState::new(data, reference, limits);
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = listener.local_addr().unwrap();
            sender.send(format!("http://{address}")).unwrap();
            axum::serve(listener, router(state)).await.unwrap();
        });
    });
    receiver.recv().unwrap()
}

/// A data directory served for the whole test binary: the directory lives
/// as long as its server.
pub struct Served {
    _dir: tempfile::TempDir,
    /// The server's base URL.
    pub url: String,
}

/// A fresh data directory with `lists` published (see [`publish_lists`]),
/// then `prepare`d (relation files, tables), then served.
pub fn serve_lists(lists: &[&str], limits: Limits, prepare: impl FnOnce(&Path)) -> Served {
    let dir = tempfile::tempdir().unwrap();
    publish_lists(dir.path(), lists);
    prepare(dir.path());
    let url = serve(dir.path().to_path_buf(), limits);
    Served { _dir: dir, url }
}

/// GETs `path` and returns the status and the JSON body.
pub async fn get_json(url: &str, path: &str) -> (u16, Value) {
    let response = reqwest::get(format!("{url}{path}")).await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// POSTs a JSON `body` to `path` and returns the status and the JSON body.
pub async fn post_json(url: &str, path: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{url}{path}"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}
