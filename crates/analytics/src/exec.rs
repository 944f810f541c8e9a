//! Running a plan: every analytics query goes through here, so a caller can
//! watch how far the scans have got ([`ScanProgress`]) without the plans
//! knowing who is watching.

use std::sync::{Arc, Mutex};

use arrow::array::RecordBatch;
use datafusion::physical_plan::{ExecutionPlan, SendableRecordBatchStream};
use datafusion::prelude::SessionContext;

use crate::AnalyticsError;

/// Rows read so far by the scans of the plans a session ran, for progress
/// displays. Put one into a session with [`ScanProgress::attach`]; the
/// analytics then register each physical plan they execute, and
/// [`ScanProgress::rows_scanned`] sums the live `output_rows` metrics of
/// the plans' leaves (the table scans, after file and row-group pruning).
#[derive(Debug, Default)]
pub struct ScanProgress {
    plans: Mutex<Vec<Arc<dyn ExecutionPlan>>>,
}

impl ScanProgress {
    /// A fresh progress record, attached to `ctx`'s configuration.
    pub fn attach(ctx: &SessionContext) -> Arc<ScanProgress> {
        let progress = Arc::new(ScanProgress::default());
        ctx.state_ref()
            .write()
            .config_mut()
            .set_extension(Arc::clone(&progress));
        progress
    }

    /// Rows the leaves of every registered plan have produced so far.
    pub fn rows_scanned(&self) -> u64 {
        let plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        plans.iter().map(|plan| leaf_rows(plan.as_ref())).sum()
    }

    /// Plans registered so far.
    pub fn n_plans(&self) -> usize {
        self.plans.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    fn watch(&self, plan: Arc<dyn ExecutionPlan>) {
        self.plans
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(plan);
    }
}

/// Rows read by the leaves of a plan: where the scan evaluates filters
/// while decoding (Parquet filter pushdown), the rows it tested, else the
/// rows it produced.
fn leaf_rows(plan: &dyn ExecutionPlan) -> u64 {
    let children = plan.children();
    if !children.is_empty() {
        return children
            .into_iter()
            .map(|child| leaf_rows(child.as_ref()))
            .sum();
    }
    let Some(metrics) = plan.metrics() else {
        return 0;
    };
    let count = |name: &str| metrics.sum_by_name(name).map_or(0, |v| v.as_usize());
    let tested = count("pushdown_rows_pruned") + count("pushdown_rows_matched");
    let rows = if tested > 0 {
        tested
    } else {
        metrics.output_rows().unwrap_or(0)
    };
    rows as u64
}

/// Plans `sql` and registers the physical plan with the session's
/// [`ScanProgress`], if it has one.
async fn physical_plan(
    ctx: &SessionContext,
    sql: &str,
) -> Result<Arc<dyn ExecutionPlan>, AnalyticsError> {
    let plan = ctx.sql(sql).await?.create_physical_plan().await?;
    if let Some(progress) = ctx.state().config().get_extension::<ScanProgress>() {
        progress.watch(Arc::clone(&plan));
    }
    Ok(plan)
}

/// Runs `sql` and collects its batches.
pub(crate) async fn collect(
    ctx: &SessionContext,
    sql: &str,
) -> Result<Vec<RecordBatch>, AnalyticsError> {
    let plan = physical_plan(ctx, sql).await?;
    Ok(datafusion::physical_plan::collect(plan, ctx.task_ctx()).await?)
}

/// Runs `sql` as one stream of batches.
pub(crate) async fn stream(
    ctx: &SessionContext,
    sql: &str,
) -> Result<SendableRecordBatchStream, AnalyticsError> {
    let plan = physical_plan(ctx, sql).await?;
    Ok(datafusion::physical_plan::execute_stream(
        plan,
        ctx.task_ctx(),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn progress_counts_the_rows_the_scans_produced() {
        let ctx = SessionContext::new();
        let progress = ScanProgress::attach(&ctx);
        assert_eq!(progress.rows_scanned(), 0);
        let batches = collect(
            &ctx,
            "SELECT count(*) FROM generate_series(1, 5000) t(x) WHERE x % 2 = 0",
        )
        .await
        .unwrap();
        assert_eq!(batches[0].num_rows(), 1);
        assert_eq!(progress.n_plans(), 1);
        // The leaf produced all 5,000 rows before the filter.
        assert_eq!(progress.rows_scanned(), 5000);
        // Without a progress record, nothing is registered and nothing fails.
        let plain = SessionContext::new();
        collect(&plain, "SELECT 1").await.unwrap();
    }
}
