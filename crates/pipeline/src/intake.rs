//! Shipments taken in: a file (`chokepoint watch`) or posted records
//! (`POST /shipments`, kept as an intake file first) are ingested once,
//! scored against the context of everything stored before and with them,
//! and their alerts committed once.
//!
//! Exactly once rests on two Delta commits keyed by the file's content hash:
//! the shipments commit (the ingest) and the alerts commit (the scoring,
//! made even when no shipment reaches the alert score). A kill before the
//! first leaves nothing; between the two, the next intake of the file finds
//! it ingested but not scored and scores it; after both, it is skipped.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use arrow::array::AsArray;
use arrow::compute::cast;
use arrow::datatypes::{DataType, Int64Type};
use chokepoint_catalog::schema::TableKind;
use chokepoint_catalog::text_column;
use chokepoint_ingest::{IngestError, IngestOptions};
use chokepoint_risk::{ShipmentRisk, score_batch};
use chokepoint_store::{ReferenceData, Store};
use datafusion::prelude::{Expr, col, lit};
use datafusion::scalar::ScalarValue;
use serde_json::Value;

use crate::PipelineError;
use crate::alerts::{alerts_recorded, now_rfc3339, record_alerts};
use crate::context::{LiveContext, query};
use crate::ingest::ingest_file;

/// The ingest format posted records are read as, whatever they look like.
const SHIPMENTS_FORMAT: &str = "shipments";

/// What became of one intake file.
#[derive(Debug, Clone)]
pub enum Intake {
    /// Scored now, its alerts committed.
    Scored {
        /// The file's ingest id (content hash).
        ingest_id: String,
        /// Every shipment of the file, scored.
        risks: Vec<ShipmentRisk>,
        /// The alerts committed (shipments at or above the alert score), as JSON.
        alerts: Vec<Value>,
    },
    /// Ingested and scored before (a restart, or the same content again).
    AlreadyScored {
        /// The file's ingest id (content hash).
        ingest_id: String,
    },
    /// Not a shipments file (flows go to `flows`, nothing to score).
    NotShipments {
        /// The file's ingest id (content hash).
        ingest_id: String,
    },
}

impl Intake {
    /// The file's ingest id.
    pub fn ingest_id(&self) -> &str {
        match self {
            Intake::Scored { ingest_id, .. }
            | Intake::AlreadyScored { ingest_id }
            | Intake::NotShipments { ingest_id } => ingest_id,
        }
    }
}

/// Ingests one file, scores its shipments against `live` (which observes
/// them) and commits their alerts — each step once per content hash.
pub async fn intake_file(
    store: &Store,
    path: &Path,
    live: &mut LiveContext,
    options: &IngestOptions,
) -> Result<Intake, PipelineError> {
    let outcome = ingest_file(store, path, options, Arc::new(AtomicU64::new(0))).await?;
    let ingest_id = outcome.ingest_id().to_string();
    let is_shipments = match store.load(TableKind::Shipments).await? {
        Some(table) => {
            store
                .has_ingest(&table, TableKind::Shipments, &ingest_id)
                .await?
        }
        None => false,
    };
    if !is_shipments {
        return Ok(Intake::NotShipments { ingest_id });
    }
    if alerts_recorded(store, &ingest_id).await? {
        return Ok(Intake::AlreadyScored { ingest_id });
    }
    let risks = score_ingest(store, live, &ingest_id).await?;
    let source = path.display().to_string();
    let alerts =
        record_alerts(store, &ingest_id, &source, &risks, live.rules().alert_score).await?;
    Ok(Intake::Scored {
        ingest_id,
        risks,
        alerts,
    })
}

/// Observes the shipments of one ingest (once) and scores them.
async fn score_ingest(
    store: &Store,
    live: &mut LiveContext,
    ingest_id: &str,
) -> Result<Vec<ShipmentRisk>, PipelineError> {
    let batches = live.observe_ingest(store, ingest_id).await?;
    let context = live.context();
    let mut risks = Vec::new();
    for batch in &batches {
        risks.extend(score_batch(&context, batch)?);
    }
    Ok(risks)
}

/// A posted record left out: its declaration id is stored already, or
/// came earlier in the same body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// Its line in the posted body (from 1).
    pub line: usize,
    /// Its declaration id.
    pub declaration_id: String,
}

/// A posted record the ingest rejected (kept in `rejects`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedReject {
    /// Its line in the posted body, when the reject names one.
    pub line: Option<usize>,
    /// The field at fault, when one is.
    pub field: Option<String>,
    /// Why.
    pub reason: String,
}

/// The posted records that were not duplicates, taken in as one intake file.
#[derive(Debug, Clone)]
pub struct TakenRecords {
    /// The intake file they were kept as (`<intake>/posted-<time>.ndjson`).
    pub file: PathBuf,
    /// Records the ingest rejected, by posted line.
    pub rejected: Vec<PostedReject>,
    /// The shipments stored, scored.
    pub risks: Vec<ShipmentRisk>,
    /// Alerts committed now, as JSON.
    pub alerts: Vec<Value>,
}

/// What became of a posted body.
#[derive(Debug, Clone)]
pub struct PostedIntake {
    /// Records left out as duplicates.
    pub duplicates: Vec<Duplicate>,
    /// The other records; `None` when every record was a duplicate
    /// (nothing was written).
    pub taken: Option<TakenRecords>,
}

/// Takes in posted shipment records (`lines`: line number in the body and
/// the NDJSON text, blank lines left out): records whose `declaration_id`
/// is stored already, or repeated within the body, are duplicates; the
/// rest are written as an intake file under `intake_dir` (the source of
/// record) and go through [`intake_file`] like a watched file.
pub async fn intake_posted(
    store: &Store,
    intake_dir: &Path,
    live: &mut LiveContext,
    lines: &[(usize, &str)],
) -> Result<PostedIntake, PipelineError> {
    let ids: Vec<Option<String>> = lines
        .iter()
        .map(|(_, line)| {
            serde_json::from_str::<Value>(line).ok().and_then(|v| {
                v.get("declaration_id")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
        })
        .collect();
    let stored = stored_declarations(store, ids.iter().flatten()).await?;
    let mut seen = HashSet::new();
    let mut kept = Vec::new();
    let mut duplicates = Vec::new();
    for (&(line, text), id) in lines.iter().zip(&ids) {
        match id {
            Some(id) if stored.contains(id) || !seen.insert(id.clone()) => {
                duplicates.push(Duplicate {
                    line,
                    declaration_id: id.clone(),
                })
            }
            _ => kept.push((line, text)),
        }
    }
    if kept.is_empty() {
        return Ok(PostedIntake {
            duplicates,
            taken: None,
        });
    }
    let file = write_intake_file(intake_dir, &kept)?;
    // Forced, not detected: a posted trade table (a Comtrade CSV, say) must
    // not land in `flows` through the shipment intake.
    let options = IngestOptions {
        format: Some(SHIPMENTS_FORMAT.to_string()),
        ..IngestOptions::default()
    };
    let intake = match intake_file(store, &file, live, &options).await {
        Err(PipelineError::Ingest(error)) => {
            if let IngestError::Layout { message, .. } = *error {
                // Not the source of record of anything: a watcher must not
                // pick it up later either.
                let _ = std::fs::remove_file(&file);
                return Err(PipelineError::NotShipments(message));
            }
            return Err(PipelineError::Ingest(error));
        }
        other => other?,
    };
    let rejected = posted_rejects(store, intake.ingest_id(), &kept).await?;
    let (risks, alerts) = match intake {
        Intake::Scored { risks, alerts, .. } => (risks, alerts),
        // The same records posted again under ids the duplicate check does
        // not see (a number, not a text): scored again for the answer,
        // alerted once.
        Intake::AlreadyScored { ingest_id } => {
            (score_ingest(store, live, &ingest_id).await?, Vec::new())
        }
        Intake::NotShipments { .. } => (Vec::new(), Vec::new()),
    };
    Ok(PostedIntake {
        duplicates,
        taken: Some(TakenRecords {
            file,
            rejected,
            risks,
            alerts,
        }),
    })
}

/// The declaration ids among `ids` that `shipments` holds.
async fn stored_declarations<'a>(
    store: &Store,
    ids: impl Iterator<Item = &'a String>,
) -> Result<HashSet<String>, PipelineError> {
    let ids: Vec<Expr> = ids.map(|id| lit(id.as_str())).collect();
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let ctx = store.session(&ReferenceData::default()).await?;
    let batches = ctx
        .table("shipments")
        .await?
        .filter(col("declaration_id").in_list(ids, false))?
        .select_columns(&["declaration_id"])?
        .distinct()?
        .collect()
        .await?;
    let mut stored = HashSet::new();
    for batch in &batches {
        stored.extend(text_column(batch, "declaration_id")?);
    }
    Ok(stored)
}

/// Rejects of the intake file, with the line numbers of the posted body
/// (`kept`: the body lines the file holds, in order).
async fn posted_rejects(
    store: &Store,
    ingest_id: &str,
    kept: &[(usize, &str)],
) -> Result<Vec<PostedReject>, PipelineError> {
    let batches = query(
        store,
        "SELECT line, field, reason FROM rejects WHERE ingest_id = $1 ORDER BY line",
        vec![ScalarValue::from(ingest_id)],
    )
    .await?;
    let mut rejects = Vec::new();
    for batch in &batches {
        let lines = cast(batch.column(0), &DataType::Int64)?;
        let lines = lines.as_primitive::<Int64Type>().values();
        let fields = text_column(batch, "field")?;
        let reasons = text_column(batch, "reason")?;
        for ((&line, field), reason) in lines.iter().zip(fields).zip(reasons) {
            // File line n is the n-th kept body line.
            let line = usize::try_from(line)
                .ok()
                .and_then(|line| kept.get(line.wrapping_sub(1)))
                .map(|(number, _)| *number);
            rejects.push(PostedReject {
                line,
                field: (!field.is_empty()).then_some(field),
                reason,
            });
        }
    }
    Ok(rejects)
}

/// Writes the kept records as `posted-<time>.ndjson` in one step: a
/// temporary file in the same directory, renamed into place once complete,
/// so a watcher of the directory never takes a partial file.
fn write_intake_file(intake_dir: &Path, kept: &[(usize, &str)]) -> Result<PathBuf, PipelineError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PipelineError::Io { path, source }
    };
    std::fs::create_dir_all(intake_dir).map_err(io(intake_dir))?;
    let path = intake_dir.join(format!(
        "posted-{}.ndjson",
        now_rfc3339().replace([':', '.'], "-")
    ));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".posted-").suffix(".part");
    // Readable as the files written before were (the umask applies), not
    // owner-only like a temp file: the intake file is the source of record.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(intake_dir).map_err(io(intake_dir))?;
    let text: String = kept.iter().map(|(_, line)| format!("{line}\n")).collect();
    file.write_all(text.as_bytes()).map_err(io(&path))?;
    file.persist(&path).map_err(|error| PipelineError::Io {
        path: path.clone(),
        source: error.error,
    })?;
    Ok(path)
}
