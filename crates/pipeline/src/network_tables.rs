//! The `entities`, `resolution` and `relations` tables: the resolved parties
//! of the shipments, how each spelling was resolved (with its evidence), and
//! the edges between parties — ownership from relation files and trade
//! aggregated from the shipments.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray,
};
use chokepoint_catalog::schema::TableKind;
use chokepoint_catalog::text_column;
use chokepoint_index::WatchlistIndex;
use chokepoint_lists::RelationKind;
use chokepoint_resolve::Resolution;
use chokepoint_risk::RiskContext;
use chokepoint_screening::normalize;
use chokepoint_store::{ReferenceData, Store};
use futures::StreamExt;

use crate::PipelineError;
use crate::context::LiveContext;

/// The three tables' batches.
#[derive(Debug, Clone)]
pub struct NetworkTables {
    /// One row per resolved party.
    pub entities: RecordBatch,
    /// One row per distinct spelling.
    pub resolution: RecordBatch,
    /// Ownership and trade edges.
    pub relations: RecordBatch,
}

fn opt(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

#[derive(Default)]
struct TradeEdge {
    n: i64,
    value: f64,
    codes: BTreeSet<String>,
    first: i32,
    last: i32,
    example: String,
}

fn strings(values: Vec<Option<String>>) -> ArrayRef {
    Arc::new(StringArray::from(values))
}

/// Builds the tables from the stored shipments and the live context; the
/// lists' own relations (of `lists`, the screening index) join the
/// relations table under their entity ids.
pub async fn network_tables(
    store: &Store,
    live: &LiveContext,
    build_id: &str,
    lists: Option<&WatchlistIndex>,
) -> Result<NetworkTables, PipelineError> {
    let context: RiskContext = live.context();
    let resolution = context.resolution();
    let trade = trade_edges(store, resolution).await?;
    Ok(NetworkTables {
        entities: entities_batch(resolution, build_id)?,
        resolution: resolution_batch(resolution, build_id)?,
        relations: relations_batch(resolution, live, &trade, lists, build_id)?,
    })
}

async fn trade_edges(
    store: &Store,
    resolution: &Resolution,
) -> Result<BTreeMap<(usize, usize), TradeEdge>, PipelineError> {
    let ctx = store.session(&ReferenceData::default()).await?;
    let sql = "SELECT declaration_id, date, hs6, value_usd, shipper_name, shipper_address, shipper_country, \
               consignee_name, consignee_address, consignee_country FROM shipments";
    let mut stream = ctx.sql(sql).await?.execute_stream().await?;
    let mut edges: BTreeMap<(usize, usize), TradeEdge> = BTreeMap::new();
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        let column = |name: &str| text_column(&batch, name);
        let (ids, hs6) = (column("declaration_id")?, column("hs6")?);
        let (sn, sa, sc) = (
            column("shipper_name")?,
            column("shipper_address")?,
            column("shipper_country")?,
        );
        let (cn, ca, cc) = (
            column("consignee_name")?,
            column("consignee_address")?,
            column("consignee_country")?,
        );
        let dates = arrow::compute::cast(batch.column(1), &arrow::datatypes::DataType::Date32)?;
        let dates = dates
            .as_any()
            .downcast_ref::<Date32Array>()
            .cloned()
            .unwrap_or_else(|| Date32Array::from(vec![0; batch.num_rows()]));
        let values = arrow::compute::cast(batch.column(3), &arrow::datatypes::DataType::Float64)?;
        let values = values
            .as_any()
            .downcast_ref::<Float64Array>()
            .cloned()
            .unwrap_or_else(|| Float64Array::from(vec![0.0; batch.num_rows()]));
        for row in 0..batch.num_rows() {
            let shipper = resolution.lookup(&sn[row], opt(&sa[row]), opt(&sc[row]));
            let consignee = resolution.lookup(&cn[row], opt(&ca[row]), opt(&cc[row]));
            let (Some(from), Some(to)) = (shipper, consignee) else {
                continue;
            };
            let day = dates.value(row);
            let edge = edges.entry((from, to)).or_insert_with(|| TradeEdge {
                first: day,
                last: day,
                example: ids[row].clone(),
                ..TradeEdge::default()
            });
            edge.n += 1;
            edge.value += if values.is_null(row) {
                0.0
            } else {
                values.value(row)
            };
            if !hs6[row].is_empty() {
                edge.codes.insert(hs6[row].clone());
            }
            edge.first = edge.first.min(day);
            edge.last = edge.last.max(day);
        }
    }
    Ok(edges)
}

fn entities_batch(resolution: &Resolution, build_id: &str) -> Result<RecordBatch, PipelineError> {
    let entities = &resolution.entities;
    let names = entities
        .iter()
        .map(|e| {
            let names: Vec<&str> = e
                .spellings
                .iter()
                .map(|&s| resolution.spellings[s].key.name.as_str())
                .collect();
            Some(names.join(" | "))
        })
        .collect();
    Ok(RecordBatch::try_new(
        TableKind::Entities.schema(),
        vec![
            strings(entities.iter().map(|e| Some(e.id.clone())).collect()),
            strings(
                entities
                    .iter()
                    .map(|e| Some(e.canonical_name.clone()))
                    .collect(),
            ),
            strings(entities.iter().map(|e| e.country.clone()).collect()),
            strings(entities.iter().map(|e| e.address.clone()).collect()),
            strings(names),
            Arc::new(Int64Array::from(
                entities
                    .iter()
                    .map(|e| e.spellings.len() as i64)
                    .collect::<Vec<_>>(),
            )),
            Arc::new(Int64Array::from(
                entities
                    .iter()
                    .map(|e| e.records as i64)
                    .collect::<Vec<_>>(),
            )),
            Arc::new(Date32Array::from(
                entities
                    .iter()
                    .map(|e| Some(e.first_day))
                    .collect::<Vec<_>>(),
            )),
            Arc::new(Date32Array::from(
                entities
                    .iter()
                    .map(|e| Some(e.last_day))
                    .collect::<Vec<_>>(),
            )),
            strings(
                entities
                    .iter()
                    .map(|_| Some(build_id.to_string()))
                    .collect(),
            ),
        ],
    )?)
}

fn resolution_batch(resolution: &Resolution, build_id: &str) -> Result<RecordBatch, PipelineError> {
    let spellings = &resolution.spellings;
    let merge = |i: usize| spellings[i].merge.map(|m| &resolution.merges[m]);
    let empty_none = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Ok(RecordBatch::try_new(
        TableKind::Resolution.schema(),
        vec![
            strings(spellings.iter().map(|s| Some(s.key.name.clone())).collect()),
            strings(
                spellings
                    .iter()
                    .map(|s| empty_none(&s.key.address))
                    .collect(),
            ),
            strings(
                spellings
                    .iter()
                    .map(|s| empty_none(&s.key.country))
                    .collect(),
            ),
            strings(
                spellings
                    .iter()
                    .map(|s| Some(resolution.entities[s.entity].id.clone()))
                    .collect(),
            ),
            strings(
                (0..spellings.len())
                    .map(|i| {
                        Some(merge(i).map_or("alone".to_string(), |m| m.rule.as_str().to_string()))
                    })
                    .collect(),
            ),
            Arc::new(Float64Array::from(
                (0..spellings.len())
                    .map(|i| merge(i).map(|m| m.name_score))
                    .collect::<Vec<_>>(),
            )),
            Arc::new(Float64Array::from(
                (0..spellings.len())
                    .map(|i| merge(i).and_then(|m| m.address_score))
                    .collect::<Vec<_>>(),
            )),
            strings(
                (0..spellings.len())
                    .map(|i| {
                        merge(i).map(|m| {
                            spellings[if m.left == i { m.right } else { m.left }]
                                .key
                                .name
                                .clone()
                        })
                    })
                    .collect(),
            ),
            strings(
                spellings
                    .iter()
                    .map(|_| Some(build_id.to_string()))
                    .collect(),
            ),
        ],
    )?)
}

fn relations_batch(
    resolution: &Resolution,
    live: &LiveContext,
    trade: &BTreeMap<(usize, usize), TradeEdge>,
    lists: Option<&WatchlistIndex>,
    build_id: &str,
) -> Result<RecordBatch, PipelineError> {
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for spelling in &resolution.spellings {
        by_name
            .entry(normalize(&spelling.key.name))
            .or_insert(spelling.entity);
    }
    let party = |name: &str| match by_name.get(&normalize(name)) {
        Some(&e) => (
            resolution.entities[e].id.clone(),
            resolution.entities[e].canonical_name.clone(),
        ),
        None => (format!("name:{}", normalize(name)), name.to_string()),
    };
    let mut rows: Vec<[Option<String>; 5]> = Vec::new();
    let mut shares = Vec::new();
    let mut counts = Vec::new();
    let mut values = Vec::new();
    let mut codes = Vec::new();
    let mut firsts = Vec::new();
    let mut lasts = Vec::new();
    for link in live.ownership() {
        let (from, to) = (party(&link.parent), party(&link.subsidiary));
        rows.push([
            Some(from.0),
            Some(from.1),
            Some(to.0),
            Some(to.1),
            Some(link.evidence.clone()),
        ]);
        shares.push(link.share);
        counts.push(None);
        values.push(None);
        codes.push(None);
        firsts.push(None);
        lasts.push(None);
    }
    let mut kinds: Vec<&str> = vec!["ownership"; rows.len()];
    for relation in lists.map(WatchlistIndex::relations).unwrap_or_default() {
        let caption = |id: &str| {
            lists
                .and_then(|index| index.get(id))
                .and_then(|entity| entity.names.first())
                .map_or(id.to_string(), |name| name.value.clone())
        };
        rows.push([
            Some(relation.from.clone()),
            Some(caption(&relation.from)),
            Some(relation.to.clone()),
            Some(caption(&relation.to)),
            Some(format!("list relation: {}", relation.source)),
        ]);
        kinds.push(match relation.kind {
            RelationKind::Ownership => "ownership",
            RelationKind::Directorship => "directorship",
            RelationKind::Family => "family",
            RelationKind::Associate => "associate",
            RelationKind::LinkedTo => "linked_to",
        });
        shares.push(relation.share);
        counts.push(None);
        values.push(None);
        codes.push(None);
        firsts.push(None);
        lasts.push(None);
    }
    for (&(from, to), edge) in trade {
        let (f, t) = (&resolution.entities[from], &resolution.entities[to]);
        rows.push([
            Some(f.id.clone()),
            Some(f.canonical_name.clone()),
            Some(t.id.clone()),
            Some(t.canonical_name.clone()),
            Some(format!(
                "{} shipments in the records, e.g. {}",
                edge.n, edge.example
            )),
        ]);
        kinds.push("trade");
        shares.push(None);
        counts.push(Some(edge.n));
        values.push(Some(edge.value));
        codes.push(Some(
            edge.codes.iter().cloned().collect::<Vec<_>>().join(","),
        ));
        firsts.push(Some(edge.first));
        lasts.push(Some(edge.last));
    }
    let column = |k: usize| strings(rows.iter().map(|r| r[k].clone()).collect());
    let kinds = kinds.iter().map(|k| Some((*k).to_string())).collect();
    Ok(RecordBatch::try_new(
        TableKind::Relations.schema(),
        vec![
            column(0),
            column(1),
            column(2),
            column(3),
            strings(kinds),
            Arc::new(Float64Array::from(shares)),
            Arc::new(Int64Array::from(counts)),
            Arc::new(Float64Array::from(values)),
            strings(codes),
            Arc::new(Date32Array::from(firsts)),
            Arc::new(Date32Array::from(lasts)),
            column(4),
            strings(rows.iter().map(|_| Some(build_id.to_string())).collect()),
        ],
    )?)
}
