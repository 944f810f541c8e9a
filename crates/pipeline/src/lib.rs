//! The pipeline of Chokepoint: records in, alerts out, each exactly once.
//!
//! [`ingest_file`] is the one ingest pipeline (`chokepoint ingest`, `watch`,
//! the server): a file is parsed on a blocking thread and committed once
//! per table under its content hash. [`LiveContext`] is the risk context of
//! a data directory — every stored shipment observed, analysts' resolution
//! decisions, ownership from the `relations` table and relation files, the
//! screening index — kept current as ingests arrive. [`score_stored`]
//! ranks stored shipments (`chokepoint risk`); [`record_alerts`] commits
//! one ingest's alerts under the same content hash. [`intake_file`] is the
//! one intake of shipments — ingest, score against the context, alerts
//! once — behind both [`watch`] (a directory, `chokepoint watch`) and
//! [`intake_posted`] (records posted to the server, kept as an intake file
//! first), so either can be killed at any point and resumed without
//! losing or repeating a scored shipment.
#![deny(missing_docs)]

mod alerts;
mod context;
mod error;
mod graph;
mod ingest;
mod intake;
mod network_tables;
mod score;
mod watch;

pub use alerts::{alert_json, alerts_recorded, now_rfc3339, record_alerts};
pub use context::{LiveContext, RiskSources};
pub use error::PipelineError;
pub use graph::stored_graph;
pub use ingest::{FileOutcome, ingest_file};
pub use intake::{
    Duplicate, Intake, PostedIntake, PostedReject, TakenRecords, intake_file, intake_posted,
};
pub use network_tables::{NetworkTables, network_tables};
pub use score::{ShipmentFilter, score_stored};
pub use watch::{WatchOptions, process_file, watch};
