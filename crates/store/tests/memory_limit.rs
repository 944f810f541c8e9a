//! Sessions under a memory limit: a sort larger than the limit spills and
//! answers as without a limit; a query that cannot spill fails with a
//! message naming the limit.

use std::sync::Arc;

use arrow::array::{Array, Int64Array, RecordBatch, StringArray};
use chokepoint_store::{ByteSize, Store, describe_resources_exhausted};
use datafusion::physical_plan::{ExecutionPlan, collect};

/// 2 M rows of ~30 bytes each (~60 MB of Arrow data) in an order unrelated
/// to the key they are sorted by.
const SORT: &str = "SELECT value, concat('row-', CAST(value AS VARCHAR), '-padding') AS label \
                    FROM range(2000000) ORDER BY (value * 7919) % 2000003 DESC, value";

struct Sorted {
    n_rows: usize,
    first: (i64, String),
    last: (i64, String),
    spill_count: usize,
}

fn row(batch: &RecordBatch, index: usize) -> (i64, String) {
    let values = batch
        .column(0)
        .as_any()
        .downcast_ref::<Int64Array>()
        .unwrap();
    let labels = arrow::compute::cast(batch.column(1), &arrow::datatypes::DataType::Utf8).unwrap();
    let labels = labels.as_any().downcast_ref::<StringArray>().unwrap();
    (values.value(index), labels.value(index).to_string())
}

fn spill_count(plan: &Arc<dyn ExecutionPlan>) -> usize {
    let own = plan
        .metrics()
        .and_then(|metrics| metrics.spill_count())
        .unwrap_or(0);
    own + plan.children().into_iter().map(spill_count).sum::<usize>()
}

async fn sort_under(limit: ByteSize) -> Sorted {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap().with_memory_limit(limit);
    let ctx = store.session(&Default::default()).await.unwrap();
    let plan = ctx
        .sql(SORT)
        .await
        .unwrap()
        .create_physical_plan()
        .await
        .unwrap();
    let batches = collect(plan.clone(), ctx.task_ctx()).await.unwrap();
    let batches: Vec<&RecordBatch> = batches.iter().filter(|b| b.num_rows() > 0).collect();
    let first_batch = batches.first().unwrap();
    let last_batch = batches.last().unwrap();
    Sorted {
        n_rows: batches.iter().map(|b| b.num_rows()).sum(),
        first: row(first_batch, 0),
        last: row(last_batch, last_batch.num_rows() - 1),
        spill_count: spill_count(&plan),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sort_larger_than_the_limit_spills_and_gives_the_same_answer() {
    let limited = sort_under(ByteSize::mib(32)).await;
    let unlimited = sort_under(ByteSize::bytes(16 << 30)).await;
    assert!(
        limited.spill_count > 0,
        "the sort did not spill under 32 MiB"
    );
    assert_eq!(unlimited.spill_count, 0);
    assert_eq!(limited.n_rows, 2_000_000);
    assert_eq!(limited.n_rows, unlimited.n_rows);
    assert_eq!(limited.first, unlimited.first);
    assert_eq!(limited.last, unlimited.last);
    // (value * 7919) % 2000003 is largest for value 985732 (key 2000002).
    assert_eq!(limited.first.0, 985_732);
    assert_eq!(limited.first.1, "row-985732-padding");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_that_cannot_spill_fails_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path())
        .unwrap()
        .with_memory_limit(ByteSize::mib(8));
    let ctx = store.session(&Default::default()).await.unwrap();
    // One array of 5 M values in one accumulator: nothing to spill.
    let error = ctx
        .sql("SELECT array_length(array_agg(value)) FROM range(5000000)")
        .await
        .unwrap()
        .collect()
        .await
        .unwrap_err();
    let message = describe_resources_exhausted(&error)
        .unwrap_or_else(|| panic!("not a resources error: {error}"));
    assert!(
        message.starts_with("query needs more memory than the 8.0 MiB limit"),
        "{message}"
    );
    assert!(message.contains("--memory-limit"), "{message}");
    // Found through wrappers too (analytics, anyhow).
    let wrapped = chokepoint_store::StoreError::Query(error);
    assert_eq!(describe_resources_exhausted(&wrapped), Some(message));
    // Other errors are not described.
    let other = ctx.sql("SELECT * FROM no_such_table").await.unwrap_err();
    assert_eq!(describe_resources_exhausted(&other), None);
}
