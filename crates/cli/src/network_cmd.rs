//! `chokepoint network`: the entities/resolution/relations tables, analysts'
//! merge decisions, owners and paths over the stored relations.

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, bail};
use arrow::array::{ArrayRef, RecordBatch, StringArray};
use chokepoint_catalog::schema::TableKind;
use chokepoint_network::{EdgeKind, Graph, Listing, owners, paths};
use chokepoint_pipeline::{LiveContext, network_tables, now_rfc3339};
use chokepoint_risk::{ListedParties, ListedVia};
use chokepoint_screening::normalize;
use chokepoint_store::{AppendRequest, Store};

use crate::args::{Cli, NetworkCommand, RiskSourceArgs};
use crate::risk_cmd::risk_sources;

/// Runs a `network` subcommand.
pub async fn network_command(cli: &Cli, command: &NetworkCommand) -> anyhow::Result<ExitCode> {
    match command {
        NetworkCommand::Build { relations } => build(cli, relations).await,
        NetworkCommand::Split { left, right, note } => {
            decide(cli, left, right, "split", note).await
        }
        NetworkCommand::Merge { left, right, note } => {
            decide(cli, left, right, "merge", note).await
        }
        NetworkCommand::Owners { party } => owners_command(cli, party).await,
        NetworkCommand::Paths { from, to, max_hops } => {
            paths_command(cli, from, to, *max_hops).await
        }
    }
}

/// Resolves the stored shipment parties and replaces the entities,
/// resolution and relations tables.
pub(crate) async fn build(cli: &Cli, relations: &[std::path::PathBuf]) -> anyhow::Result<ExitCode> {
    let store = Store::open(&cli.data)?;
    let args = RiskSourceArgs {
        rules: None,
        relations: relations.to_vec(),
    };
    let mut sources = risk_sources(cli, &args)?;
    // The lists' relations join the table; screening is the risk rules' job.
    let lists = sources.index.take();
    let live = LiveContext::load(&store, sources).await?;
    if live.records() == 0 {
        bail!(
            "no shipments in {}: ingest shipment files first",
            cli.data.display()
        );
    }
    let build_id = format!("network-build-{}", now_rfc3339());
    let tables = network_tables(&store, &live, &build_id, lists.as_deref()).await?;
    let mut committed = Vec::new();
    for (kind, batch) in [
        (TableKind::Entities, &tables.entities),
        (TableKind::Resolution, &tables.resolution),
        (TableKind::Relations, &tables.relations),
    ] {
        let metadata = HashMap::from([
            ("build_id".to_string(), serde_json::json!(build_id)),
            ("rows".to_string(), serde_json::json!(batch.num_rows())),
        ]);
        let version = store.replace(kind, vec![batch.clone()], metadata).await?;
        committed.push(format!(
            "{} v{version} ({} rows)",
            kind.name(),
            batch.num_rows()
        ));
    }
    let rejects = live.relation_rejects();
    if !rejects.is_empty() {
        store_relation_rejects(&store, rejects, &build_id).await?;
        for reject in rejects {
            eprintln!(
                "{}:{}: {}{} (row kept in rejects)",
                reject.file.display(),
                reject.line,
                reject.field.map(|f| format!("{f}: ")).unwrap_or_default(),
                reject.reason
            );
        }
    }
    let merged = tables.resolution.num_rows() - tables.entities.num_rows();
    eprintln!(
        "{} spellings resolved to {} parties ({merged} merged); committed {}",
        tables.resolution.num_rows(),
        tables.entities.num_rows(),
        committed.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

async fn store_relation_rejects(
    store: &Store,
    rejects: &[chokepoint_network::Reject],
    build_id: &str,
) -> anyhow::Result<()> {
    let text = |values: Vec<Option<String>>| -> ArrayRef { Arc::new(StringArray::from(values)) };
    let batch = RecordBatch::try_new(
        TableKind::Rejects.schema(),
        vec![
            text(
                rejects
                    .iter()
                    .map(|r| Some(r.file.display().to_string()))
                    .collect(),
            ),
            Arc::new(arrow::array::Int64Array::from_iter_values(
                rejects.iter().map(|r| r.line as i64),
            )),
            text(
                rejects
                    .iter()
                    .map(|_| Some("relations-csv".to_string()))
                    .collect(),
            ),
            text(
                rejects
                    .iter()
                    .map(|r| r.field.map(str::to_string))
                    .collect(),
            ),
            text(rejects.iter().map(|r| Some(r.reason.clone())).collect()),
            text(rejects.iter().map(|_| Some(String::new())).collect()),
            text(rejects.iter().map(|_| Some(build_id.to_string())).collect()),
        ],
    )?;
    let mut append = store
        .append(
            TableKind::Rejects,
            AppendRequest {
                ingest_id: build_id.to_string(),
            },
        )
        .await?;
    append.write(batch).await?;
    append
        .commit_with_metadata(HashMap::from([(
            "source_file".to_string(),
            serde_json::json!("relation files"),
        )]))
        .await?;
    Ok(())
}

async fn decide(
    cli: &Cli,
    left: &str,
    right: &str,
    decision: &str,
    note: &Option<String>,
) -> anyhow::Result<ExitCode> {
    if normalize(left) == normalize(right) {
        bail!("{left:?} and {right:?} are the same spelling");
    }
    let store = Store::open(&cli.data)?;
    let decided_at = now_rfc3339();
    let id = format!("decision-{decided_at}");
    let text = |value: Option<String>| -> ArrayRef { Arc::new(StringArray::from(vec![value])) };
    let batch = RecordBatch::try_new(
        TableKind::ResolutionDecisions.schema(),
        vec![
            text(Some(left.to_string())),
            text(Some(right.to_string())),
            text(Some(decision.to_string())),
            text(note.clone()),
            text(Some(decided_at)),
            text(Some(id.clone())),
        ],
    )?;
    let mut append = store
        .append(
            TableKind::ResolutionDecisions,
            AppendRequest { ingest_id: id },
        )
        .await?;
    append.write(batch).await?;
    let version = append.commit_with_metadata(HashMap::new()).await?;
    eprintln!(
        "recorded: {decision} {left:?} / {right:?} (resolution_decisions v{version}); run `chokepoint network build` to apply it to the tables (risk applies it at once)"
    );
    Ok(ExitCode::SUCCESS)
}

/// The stored relations as a graph, owners screened against the loaded lists.
async fn stored_graph(cli: &Cli) -> anyhow::Result<Graph> {
    let store = Store::open(&cli.data)?;
    let mut graph = chokepoint_pipeline::stored_graph(&store).await?;
    if graph.nodes().is_empty() {
        bail!(
            "no relations in {}: run `chokepoint network build [--relations FILE]` first",
            cli.data.display()
        );
    }
    let owners: Vec<(String, String)> = graph
        .edges()
        .iter()
        .filter(|edge| matches!(edge.kind, EdgeKind::Ownership { .. }))
        .map(|edge| {
            let caption = graph
                .node(&edge.from)
                .map_or(edge.from.clone(), |n| n.caption().to_string());
            (edge.from.clone(), caption)
        })
        .collect();
    let sources = risk_sources(
        cli,
        &RiskSourceArgs {
            rules: None,
            relations: Vec::new(),
        },
    )?;
    if let Some(index) = &sources.index {
        // Parties of the lists' own relations are listed entities by id.
        let ids: Vec<String> = graph.nodes().iter().map(|n| n.id().to_string()).collect();
        for id in ids {
            if let Some(entity) = index.get(&id) {
                graph.add_listing(
                    &id,
                    Listing {
                        list: entity.list.clone(),
                        programs: entity.programs.clone(),
                    },
                );
            }
        }
        // Owners screened as the risk rules screen them.
        let listed = ListedParties::new(index, sources.rules.listed_party.min_score);
        for (id, name) in owners {
            if let Some(hit) = listed.screen_name(vec![name], None, None)
                && let ListedVia::Name { score } = hit.via
            {
                graph.add_listing(
                    &id,
                    Listing {
                        list: format!("{} ({}, score {score:.2})", hit.list, hit.listed_id),
                        programs: Vec::new(),
                    },
                );
            }
        }
    }
    Ok(graph)
}

/// A node id from an id or a name (any spelling the graph captions).
fn find_node(graph: &Graph, party: &str) -> anyhow::Result<String> {
    if graph.node(party).is_some() {
        return Ok(party.to_string());
    }
    let wanted = normalize(party);
    let found: Vec<&str> = graph
        .nodes()
        .iter()
        .filter(|n| normalize(n.caption()) == wanted)
        .map(|n| n.id())
        .collect();
    match found.as_slice() {
        [one] => Ok(one.to_string()),
        [] => {
            bail!("no party {party:?} in the relations table (use an entity id or a stored name)")
        }
        many => bail!("{party:?} names several parties: {}", many.join(", ")),
    }
}

async fn owners_command(cli: &Cli, party: &str) -> anyhow::Result<ExitCode> {
    let graph = stored_graph(cli).await?;
    let id = find_node(&graph, party)?;
    let report = owners(&graph, &id).context("aggregating ownership")?;
    let caption = |id: &str| {
        graph
            .node(id)
            .map_or(id.to_string(), |n| n.caption().to_string())
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{} ({id})", caption(&id))?;
    writeln!(
        out,
        "listed parties own {:.1} %{}{}",
        (report.total_listed_share * 100.0).abs(),
        if report.unknown_shares {
            " or more (some shares unknown)"
        } else {
            ""
        },
        if report.fifty_percent_rule {
            ": 50 % rule applies"
        } else {
            ": below the 50 % rule"
        }
    )?;
    for edge in graph.edges_to(&id) {
        if let EdgeKind::Ownership { share } = &edge.kind {
            let listed = graph.node(&edge.from).is_some_and(|n| n.is_listed());
            writeln!(
                out,
                "  direct owner: {} {} ({}{})",
                caption(&edge.from),
                share.map_or("?".into(), |s| format!("{:.0} %", s.value() * 100.0)),
                if listed { "listed; " } else { "not listed; " },
                edge.evidence
            )?;
        }
    }
    for owner in &report.owners {
        let listing = graph
            .node(&owner.owner)
            .and_then(|n| n.listings().first())
            .map_or(String::new(), |l| format!(" [{}]", l.list));
        writeln!(
            out,
            "  {} {:.1} %{listing}",
            caption(&owner.owner),
            owner.attributed * 100.0
        )?;
        for chain in &owner.chains {
            let hops: Vec<String> = chain
                .hops
                .iter()
                .map(|hop| {
                    format!(
                        "{} → {} {} ({})",
                        caption(&hop.owner),
                        caption(&hop.asset),
                        hop.share
                            .map_or("?".into(), |s| format!("{:.0} %", s * 100.0)),
                        hop.evidence.join("; ")
                    )
                })
                .collect();
            writeln!(out, "    {}", hops.join(", "))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn paths_command(
    cli: &Cli,
    from: &str,
    to: &str,
    max_hops: usize,
) -> anyhow::Result<ExitCode> {
    let graph = stored_graph(cli).await?;
    let (from, to) = (find_node(&graph, from)?, find_node(&graph, to)?);
    let found = paths(&graph, &from, &to, max_hops)?;
    let caption = |id: &str| {
        graph
            .node(id)
            .map_or(id.to_string(), |n| n.caption().to_string())
    };
    let mut out = std::io::stdout().lock();
    if found.is_empty() {
        writeln!(out, "no connection within {max_hops} hops")?;
    }
    for (i, path) in found.iter().enumerate() {
        writeln!(
            out,
            "{}. {} hops: {}",
            i + 1,
            path.hops(),
            path.nodes()
                .iter()
                .map(|n| caption(n))
                .collect::<Vec<_>>()
                .join(" — ")
        )?;
        for step in &path.steps {
            for edge in &step.edges {
                let what = match &edge.kind {
                    EdgeKind::Ownership { share } => format!(
                        "owns {} of",
                        share.map_or("?".into(), |s| format!("{:.0} %", s.value() * 100.0))
                    ),
                    EdgeKind::Trade {
                        n_shipments,
                        value_usd,
                        baskets,
                        ..
                    } => {
                        format!(
                            "shipped {n_shipments} times, USD {value_usd:.0}, HS {}",
                            baskets.join(",")
                        )
                    }
                    other => other.label().to_string(),
                };
                writeln!(
                    out,
                    "     {} {what} {} ({})",
                    caption(&edge.from),
                    caption(&edge.to),
                    edge.evidence
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
