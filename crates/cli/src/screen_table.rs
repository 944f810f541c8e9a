//! `chokepoint screen --table shipments --columns ...`: every distinct party
//! name of the stored shipments screened once (in parallel), the best match
//! of each name written back per shipment as the `screening_results` Delta
//! table (replaced in one version).

use std::collections::{HashMap, HashSet};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::bail;
use arrow::array::{ArrayRef, BooleanArray, Float64Array, RecordBatch, StringArray};
use chokepoint_catalog::schema::TableKind;
use chokepoint_catalog::text_column;
use chokepoint_index::{ScreenMatch, ScreenQuery};
use chokepoint_pipeline::now_rfc3339;
use chokepoint_store::{ReferenceData, Store};
use futures::StreamExt;
use rayon::prelude::*;

use crate::args::{Cli, ScreenArgs};
use crate::screen_cmd::index_and_options;

/// One name of one shipment: declaration id, column index, name.
type NameRow = (String, usize, String);

/// Name columns of the shipments table.
const NAME_COLUMNS: [&str; 4] = ["shipper_name", "consignee_name", "manufacturer", "brand"];

/// Runs `screen --table shipments`.
pub async fn screen_table(cli: &Cli, args: &ScreenArgs) -> anyhow::Result<ExitCode> {
    let columns: Vec<&str> = args
        .columns
        .as_deref()
        .unwrap_or("shipper_name,consignee_name")
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    for column in &columns {
        if !NAME_COLUMNS.contains(column) {
            bail!(
                "--columns: {column:?} is not a name column of shipments ({})",
                NAME_COLUMNS.join(", ")
            );
        }
    }
    let (index, options, schema) = index_and_options(cli, args)?;
    let store = Store::open(&cli.data)?;
    let ctx = store.session(&ReferenceData::default()).await?;
    let sql = format!(
        "SELECT declaration_id, {} FROM shipments",
        columns.join(", ")
    );
    let mut stream = ctx.sql(&sql).await?.execute_stream().await?;
    // (declaration id, column index, name), and each distinct name once.
    let mut rows: Vec<NameRow> = Vec::new();
    let mut distinct: HashSet<String> = HashSet::new();
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        let ids = text_column(&batch, "declaration_id")?;
        for (c, column) in columns.iter().enumerate() {
            for (id, name) in ids.iter().zip(text_column(&batch, column)?) {
                let name = name.trim();
                if name.is_empty() {
                    continue;
                }
                distinct.insert(name.to_string());
                rows.push((id.clone(), c, name.to_string()));
            }
        }
    }
    if rows.is_empty() {
        bail!(
            "no names in the shipments table of {}: ingest shipment files first",
            cli.data.display()
        );
    }
    let distinct: Vec<String> = distinct.into_iter().collect();
    let best: HashMap<&str, Option<ScreenMatch>> = distinct
        .par_iter()
        .map(|name| {
            let query = ScreenQuery {
                names: vec![name.clone()],
                schema,
                ..ScreenQuery::default()
            };
            (
                name.as_str(),
                index.search(&query, &options).into_iter().next(),
            )
        })
        .collect();
    let screened_at = now_rfc3339();
    let run_id = format!("screening-{screened_at}");
    let result = |row: &NameRow| best.get(row.2.as_str()).and_then(Option::as_ref);
    let text = |f: &dyn Fn(&NameRow) -> Option<String>| -> ArrayRef {
        Arc::new(StringArray::from(rows.iter().map(f).collect::<Vec<_>>()))
    };
    let explanation = |m: &ScreenMatch| {
        m.features
            .iter()
            .filter(|f| f.weight != 0.0)
            .map(|f| format!("{} {:+.3}", f.name, f.value * f.weight))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let batch = RecordBatch::try_new(
        TableKind::ScreeningResults.schema(),
        vec![
            text(&|r| Some(r.0.clone())),
            text(&|r| Some(columns[r.1].to_string())),
            text(&|r| Some(r.2.clone())),
            Arc::new(Float64Array::from(
                rows.iter()
                    .map(|r| result(r).map(|m| m.score))
                    .collect::<Vec<_>>(),
            )),
            Arc::new(BooleanArray::from(
                rows.iter()
                    .map(|r| result(r).is_some_and(|m| m.is_match))
                    .collect::<Vec<_>>(),
            )),
            text(&|r| result(r).map(|m| m.entity_id.clone())),
            text(&|r| result(r).map(|m| m.caption.clone())),
            text(&|r| result(r).map(|m| m.list.clone())),
            text(&|r| result(r).and_then(|m| m.matched_listed_name.clone())),
            text(&|r| result(r).map(explanation)),
            text(&|_| Some(screened_at.clone())),
            text(&|_| Some(run_id.clone())),
        ],
    )?;
    let matches = rows
        .iter()
        .filter(|r| result(r).is_some_and(|m| m.is_match))
        .count();
    let metadata = HashMap::from([
        ("run_id".to_string(), serde_json::json!(run_id)),
        ("names".to_string(), serde_json::json!(distinct.len())),
        ("rows".to_string(), serde_json::json!(rows.len())),
    ]);
    let version = store
        .replace(TableKind::ScreeningResults, vec![batch], metadata)
        .await?;
    eprintln!(
        "{} names of {} columns ({} distinct) screened, {matches} matches; screening_results v{version}",
        rows.len(),
        columns.len(),
        distinct.len()
    );
    Ok(ExitCode::SUCCESS)
}
