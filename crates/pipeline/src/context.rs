//! The risk context of a data directory: every stored shipment observed,
//! analysts' resolution decisions, ownership from the `relations` table and
//! relation files, and the screening index when lists are loaded.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type};
use chokepoint_catalog::text_column;
use chokepoint_index::WatchlistIndex;
use chokepoint_network::{Reject, read_relations_csv};
use chokepoint_resolve::{Decision, DecisionKind};
use chokepoint_risk::{ContextBuilder, ListedParties, OwnershipLink, RiskContext, RiskRules};
use chokepoint_store::{ReferenceData, Store};
use datafusion::scalar::ScalarValue;
use futures::StreamExt;

use crate::PipelineError;

/// Where risk scoring takes its rules and side information from.
#[derive(Debug, Clone, Default)]
pub struct RiskSources {
    /// The rules.
    pub rules: RiskRules,
    /// Relation files (`parent,subsidiary,share[,source]`) besides the `relations` table.
    pub relation_files: Vec<PathBuf>,
    /// The screening index of the loaded lists, if any.
    pub index: Option<Arc<WatchlistIndex>>,
}

/// A context kept current as new ingests arrive.
#[derive(Debug, Clone)]
pub struct LiveContext {
    sources: RiskSources,
    builder: ContextBuilder,
    observed: HashSet<String>,
    ownership: Vec<OwnershipLink>,
    decisions: Vec<Decision>,
    relation_rejects: Vec<Reject>,
}

/// Runs a query, `$1`, `$2`, ... in `sql` taking `params`, and returns its batches.
pub(crate) async fn query(
    store: &Store,
    sql: &str,
    params: Vec<ScalarValue>,
) -> Result<Vec<RecordBatch>, PipelineError> {
    let ctx = store.session(&ReferenceData::default()).await?;
    Ok(ctx
        .sql(sql)
        .await?
        .with_param_values(params)?
        .collect()
        .await?)
}

impl LiveContext {
    /// Observes every stored shipment and reads decisions and ownership.
    pub async fn load(store: &Store, sources: RiskSources) -> Result<LiveContext, PipelineError> {
        let mut live = LiveContext {
            builder: ContextBuilder::new(&sources.rules),
            sources,
            observed: HashSet::new(),
            ownership: Vec::new(),
            decisions: Vec::new(),
            relation_rejects: Vec::new(),
        };
        let ctx = store.session(&ReferenceData::default()).await?;
        let mut stream = ctx
            .sql("SELECT * FROM shipments")
            .await?
            .execute_stream()
            .await?;
        while let Some(batch) = stream.next().await {
            let batch = batch?;
            live.builder.observe(&batch)?;
            live.observed.extend(text_column(&batch, "ingest_id")?);
        }
        // Ownership stored by earlier builds from relation files (the lists'
        // own relations come from the index, not from here).
        for batch in query(
            store,
            "SELECT left_name, right_name, decision FROM resolution_decisions ORDER BY decided_at",
            Vec::new(),
        )
        .await?
        {
            let (left, right, kind) = (
                text_column(&batch, "left_name")?,
                text_column(&batch, "right_name")?,
                text_column(&batch, "decision")?,
            );
            for i in 0..batch.num_rows() {
                if let Some(kind) = DecisionKind::parse(&kind[i]) {
                    live.decisions.push(Decision {
                        left_name: left[i].clone(),
                        right_name: right[i].clone(),
                        kind,
                    });
                }
            }
        }
        for batch in query(
            store,
            "SELECT from_name, to_name, share, evidence FROM relations WHERE kind = 'ownership' AND evidence NOT LIKE 'list relation:%'",
            Vec::new(),
        )
        .await?
        {
            let (from, to, evidence) = (
                text_column(&batch, "from_name")?,
                text_column(&batch, "to_name")?,
                text_column(&batch, "evidence")?,
            );
            let share = cast(batch.column(2), &DataType::Float64)?;
            let share = share.as_primitive::<Float64Type>();
            for i in 0..batch.num_rows() {
                live.ownership.push(OwnershipLink {
                    parent: from[i].clone(),
                    subsidiary: to[i].clone(),
                    share: (!share.is_null(i)).then(|| share.value(i)),
                    evidence: evidence[i].clone(),
                });
            }
        }
        for path in live.sources.relation_files.clone() {
            let read = read_relations_csv(&path)?;
            live.relation_rejects.extend(read.rejects);
            live.ownership
                .extend(read.relations.into_iter().map(|r| OwnershipLink {
                    parent: r.from,
                    subsidiary: r.to,
                    share: r.share,
                    evidence: r.source,
                }));
        }
        // Links stored by an earlier build and given again in a file count once.
        let mut seen = HashSet::new();
        live.ownership.retain(|link| {
            seen.insert((
                link.parent.clone(),
                link.subsidiary.clone(),
                link.share.map(f64::to_bits),
                link.evidence.clone(),
            ))
        });
        Ok(live)
    }

    /// Observes the shipments of one ingest (once) and returns them.
    pub async fn observe_ingest(
        &mut self,
        store: &Store,
        ingest_id: &str,
    ) -> Result<Vec<RecordBatch>, PipelineError> {
        let batches = query(
            store,
            "SELECT * FROM shipments WHERE ingest_id = $1",
            vec![ScalarValue::from(ingest_id)],
        )
        .await?;
        if self.observed.insert(ingest_id.to_string()) {
            for batch in &batches {
                self.builder.observe(batch)?;
            }
        }
        Ok(batches)
    }

    /// Observes the stored ingests not observed yet (written by another
    /// process, e.g. `chokepoint watch` or `chokepoint ingest`); returns
    /// how many there were.
    pub async fn catch_up(&mut self, store: &Store) -> Result<usize, PipelineError> {
        let mut stored = Vec::new();
        for batch in query(
            store,
            "SELECT DISTINCT ingest_id FROM shipments",
            Vec::new(),
        )
        .await?
        {
            stored.extend(text_column(&batch, "ingest_id")?);
        }
        stored.retain(|id| !self.observed.contains(id));
        stored.sort();
        for ingest_id in &stored {
            self.observe_ingest(store, ingest_id).await?;
        }
        Ok(stored.len())
    }

    /// The context over everything observed so far.
    pub fn context(&self) -> RiskContext {
        let rules = &self.sources.rules;
        let listed = self
            .sources
            .index
            .as_deref()
            .map(|index| ListedParties::new(index, rules.listed_party.min_score));
        self.builder
            .finish(&self.decisions, &self.ownership, listed.as_ref())
    }

    /// The rules.
    pub fn rules(&self) -> &RiskRules {
        &self.sources.rules
    }

    /// Ownership links in force.
    pub fn ownership(&self) -> &[OwnershipLink] {
        &self.ownership
    }

    /// Rows of relation files that could not be read.
    pub fn relation_rejects(&self) -> &[Reject] {
        &self.relation_rejects
    }

    /// Shipment records observed.
    pub fn records(&self) -> u64 {
        self.builder.records()
    }
}
