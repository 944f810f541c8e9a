//! The pipeline of Chokepoint: records in, alerts out, each exactly once.
//!
//! [`ingest_file`] is the one ingest pipeline (`chokepoint ingest`, `watch`,
//! the server): a file is parsed on a blocking thread and committed once
//! per table under its content hash. [`LiveContext`] is the risk context of
//! a data directory — every stored shipment observed, analysts' resolution
//! decisions, ownership from the `relations` table and relation files, the
//! screening index — kept current as ingests arrive. [`score_stored`]
//! ranks stored shipments (`chokepoint risk`); [`record_alerts`] commits
//! one ingest's alerts under the same content hash, so
//! [`watch`] can be killed at any point and resumed without losing or
//! repeating a scored shipment.
#![deny(missing_docs)]

mod alerts;
mod context;
mod error;
mod graph;
mod ingest;
mod network_tables;
mod score;
mod watch;

pub use alerts::{alert_json, alerts_recorded, now_rfc3339, record_alerts};
pub use context::{LiveContext, RiskSources, sql_text, text_column};
pub use error::PipelineError;
pub use graph::stored_graph;
pub use ingest::{FileOutcome, ingest_file};
pub use network_tables::{NetworkTables, network_tables};
pub use score::score_stored;
pub use watch::{FileResult, WatchOptions, process_file, watch};
