//! The stored `relations` table as a `chokepoint-network` graph: ownership
//! edges (nodes named as the relation files named them, or by entity id)
//! and aggregated trade edges between resolved parties.

use arrow::array::{Array, AsArray};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type};
use chokepoint_catalog::text_column;
use chokepoint_network::{EdgeKind, Graph, Share};
use chokepoint_store::Store;

use crate::PipelineError;
use crate::context::query;

/// Node ids: `from_id`/`to_id` of the table (entity ids of resolved
/// parties, `name:<normalised>` for others); captions the stored names.
pub async fn stored_graph(store: &Store) -> Result<Graph, PipelineError> {
    let batches = query(
        store,
        "SELECT from_id, from_name, to_id, to_name, kind, share, n_shipments, value_usd, hs6_codes, \
         CAST(first_date AS VARCHAR) AS first_date, CAST(last_date AS VARCHAR) AS last_date, evidence FROM relations",
        Vec::new(),
    )
    .await?;
    let mut graph = Graph::new();
    for batch in &batches {
        let column = |name: &str| text_column(batch, name);
        let (from, from_name, to, to_name) = (
            column("from_id")?,
            column("from_name")?,
            column("to_id")?,
            column("to_name")?,
        );
        let (kind, codes, first, last, evidence) = (
            column("kind")?,
            column("hs6_codes")?,
            column("first_date")?,
            column("last_date")?,
            column("evidence")?,
        );
        let number = |name: &str| -> Result<Vec<Option<f64>>, PipelineError> {
            let array = cast(
                batch.column_by_name(name).expect("relations schema"),
                &DataType::Float64,
            )?;
            let array = array.as_primitive::<Float64Type>();
            Ok((0..array.len())
                .map(|i| (!array.is_null(i)).then(|| array.value(i)))
                .collect())
        };
        let (share, n, value) = (
            number("share")?,
            number("n_shipments")?,
            number("value_usd")?,
        );
        for row in 0..batch.num_rows() {
            graph.add_node(&from[row], &from_name[row]);
            graph.add_node(&to[row], &to_name[row]);
            let edge = if kind[row] == "ownership" {
                EdgeKind::Ownership {
                    share: share[row].and_then(Share::new),
                }
            } else {
                EdgeKind::Trade {
                    baskets: codes[row]
                        .split(',')
                        .filter(|c| !c.is_empty())
                        .map(str::to_string)
                        .collect(),
                    value_usd: value[row].unwrap_or_default(),
                    first: first[row].clone(),
                    last: last[row].clone(),
                    n_shipments: n[row].unwrap_or_default() as u64,
                }
            };
            // A self-link (a party trading with itself) is no edge.
            let _ = graph.add_edge(&from[row], &to[row], edge, &evidence[row]);
        }
    }
    Ok(graph)
}
