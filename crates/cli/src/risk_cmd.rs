//! `chokepoint risk`, `risk explain` and `watch`: arguments → the pipeline crate.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use arrow::array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use chokepoint_index::IndexStore;
use chokepoint_pipeline::{
    Intake, LiveContext, PipelineError, RiskSources, ShipmentFilter, WatchOptions, score_stored,
    watch,
};
use chokepoint_risk::{DEFAULT_RULES_TOML, RiskRules, ShipmentRisk, day_of_iso};
use chokepoint_store::Store;

use crate::args::{Cli, RiskArgs, RiskCommand, RiskSourceArgs, WatchArgs};
use crate::lists_cmd::index_dir;
use crate::output::print_batches;

/// Rules, relation files and the screening index (when lists are loaded).
pub fn risk_sources(cli: &Cli, args: &RiskSourceArgs) -> anyhow::Result<RiskSources> {
    let rules = match &args.rules {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading rules {}", path.display()))?;
            RiskRules::from_toml(&text, &path.display().to_string())?
        }
        None => RiskRules::default(),
    };
    let lists = IndexStore::open(index_dir(&cli.data))?;
    let index = match lists.current()? {
        Some(_) => Some(Arc::new(lists.load_current()?)),
        None => None,
    };
    Ok(RiskSources {
        rules,
        relation_files: args.relations.clone(),
        index,
    })
}

async fn load(cli: &Cli, args: &RiskSourceArgs) -> anyhow::Result<(Store, LiveContext)> {
    let store = Store::open(&cli.data)?;
    let live = LiveContext::load(&store, risk_sources(cli, args)?).await?;
    for reject in live.relation_rejects() {
        eprintln!(
            "{}:{}: {}{} (row skipped)",
            reject.file.display(),
            reject.line,
            reject.field.map(|f| format!("{f}: ")).unwrap_or_default(),
            reject.reason
        );
    }
    if live.records() == 0 {
        bail!(
            "no shipments in {}: ingest shipment files first (`chokepoint ingest FILE`)",
            cli.data.display()
        );
    }
    Ok((store, live))
}

/// Runs `risk` or `risk explain`.
pub async fn risk_command(cli: &Cli, args: &RiskArgs) -> anyhow::Result<ExitCode> {
    if args.print_rules {
        print!("{DEFAULT_RULES_TOML}");
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(RiskCommand::Explain { id, sources }) = &args.command {
        return explain(cli, id, sources).await;
    }
    let filter = match &args.since {
        Some(since) => match day_of_iso(since) {
            Some(day) => ShipmentFilter::DatedFrom(day),
            None => bail!("--since {since:?}: expected a date YYYY-MM-DD"),
        },
        None => ShipmentFilter::All,
    };
    let (store, live) = load(cli, &args.sources).await?;
    let context = live.context();
    let mut ranked = score_stored(&store, &context, &filter, args.min_score).await?;
    ranked.truncate(args.limit);
    let stdout = std::io::stdout();
    print_batches(&[ranking_batch(&ranked)?], cli.output, &mut stdout.lock())?;
    Ok(ExitCode::SUCCESS)
}

fn ranking_batch(ranked: &[ShipmentRisk]) -> anyhow::Result<RecordBatch> {
    let text = |f: &dyn Fn(&ShipmentRisk) -> Option<String>| -> ArrayRef {
        Arc::new(StringArray::from(ranked.iter().map(f).collect::<Vec<_>>()))
    };
    let reasons = |r: &ShipmentRisk| {
        Some(
            r.reasons
                .iter()
                .map(|reason| format!("{} {:.1}", reason.rule, reason.points))
                .collect::<Vec<_>>()
                .join("; "),
        )
    };
    Ok(RecordBatch::try_from_iter(vec![
        (
            "rank",
            Arc::new(Int64Array::from_iter_values(1..=ranked.len() as i64)) as ArrayRef,
        ),
        ("declaration_id", text(&|r| Some(r.declaration_id.clone()))),
        ("date", text(&|r| Some(r.date.clone()))),
        (
            "score",
            Arc::new(Float64Array::from_iter_values(
                ranked.iter().map(|r| (r.score * 100.0).round() / 100.0),
            )),
        ),
        ("shipper", text(&|r| r.shipper_name.clone())),
        ("consignee", text(&|r| r.consignee_name.clone())),
        ("consignee_country", text(&|r| r.consignee_country.clone())),
        ("destination", text(&|r| r.destination_country.clone())),
        ("hs_code", text(&|r| Some(r.hs_code.clone()))),
        (
            "value_usd",
            Arc::new(Float64Array::from(
                ranked.iter().map(|r| r.value_usd).collect::<Vec<_>>(),
            )),
        ),
        ("reasons", text(&reasons)),
    ])?)
}

async fn explain(cli: &Cli, id: &str, sources: &RiskSourceArgs) -> anyhow::Result<ExitCode> {
    let (store, live) = load(cli, sources).await?;
    let context = live.context();
    let filter = ShipmentFilter::Declaration(id.to_string());
    let found = score_stored(&store, &context, &filter, f64::NEG_INFINITY).await?;
    let Some(risk) = found.first() else {
        bail!(
            "no shipment with declaration_id {id:?} in {}",
            cli.data.display()
        );
    };
    let mut out = std::io::stdout().lock();
    if matches!(cli.output, crate::args::OutputFormat::Json) {
        serde_json::to_writer_pretty(&mut out, risk)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} ({}): score {:.2}",
        risk.declaration_id, risk.date, risk.score
    )?;
    writeln!(
        out,
        "  {} → {} ({}), HS {}, USD {}",
        risk.shipper_name.as_deref().unwrap_or("?"),
        risk.consignee_name.as_deref().unwrap_or("?"),
        risk.consignee_country.as_deref().unwrap_or("?"),
        risk.hs_code,
        risk.value_usd.map_or("?".into(), |v| format!("{v:.2}"))
    )?;
    if risk.reasons.is_empty() {
        writeln!(out, "\nno rule applies")?;
    } else {
        writeln!(out, "\nreasons:")?;
        for reason in &risk.reasons {
            writeln!(
                out,
                "  +{:.2}  {:<20} {}",
                reason.points, reason.rule, reason.detail
            )?;
        }
    }
    let resolution = context.resolution();
    writeln!(out, "\nparties:")?;
    for (role, name, entity) in [
        ("shipper", &risk.shipper_name, &risk.shipper_entity),
        ("consignee", &risk.consignee_name, &risk.consignee_entity),
    ] {
        let (Some(name), Some(entity_id)) = (name, entity) else {
            continue;
        };
        let Some(entity) = resolution.entity(entity_id) else {
            continue;
        };
        writeln!(
            out,
            "  {role}: \"{name}\" is {} \"{}\" ({} spellings, {} records, first seen {})",
            entity.id,
            entity.canonical_name,
            entity.spellings.len(),
            entity.records,
            chokepoint_risk::iso_date(entity.first_day)
        )?;
        for &spelling in &entity.spellings {
            writeln!(
                out,
                "    - \"{}\": {}",
                resolution.spellings[spelling].key.name,
                resolution.explain(spelling)
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `watch` until Ctrl-C (or, with `--once`, until the present files are done).
pub async fn watch_command(cli: &Cli, args: &WatchArgs) -> anyhow::Result<ExitCode> {
    if !args.dir.is_dir() {
        bail!("{}: not a directory", args.dir.display());
    }
    if !(args.interval > 0.0 && args.interval.is_finite()) {
        bail!(
            "--interval {}: expected a positive number of seconds",
            args.interval
        );
    }
    let store = Store::open(&cli.data)?;
    let mut sources = risk_sources(cli, &args.sources)?;
    if let Some(score) = args.alert_score {
        sources.rules.alert_score = score;
    }
    let mut live = LiveContext::load(&store, sources).await?;
    let options = WatchOptions {
        interval: Duration::from_secs_f64(args.interval),
        once: args.once,
        ingest: chokepoint_ingest::IngestOptions::default(),
        webhook: args.webhook.clone(),
    };
    eprintln!(
        "watching {} ({} shipments in the store; alert score {})",
        args.dir.display(),
        live.records(),
        live.rules().alert_score
    );
    let mut on_file = |path: &std::path::Path, result: &Result<Intake, PipelineError>| match result
    {
        Ok(Intake::Scored { risks, alerts, .. }) => eprintln!(
            "{}: {} shipments scored, {} alerts",
            path.display(),
            risks.len(),
            alerts.len()
        ),
        Ok(Intake::AlreadyScored { .. }) => eprintln!("{}: already scored", path.display()),
        Ok(Intake::NotShipments { .. }) => {
            eprintln!("{}: not shipments, ingested only", path.display())
        }
        Err(error) => eprintln!("chokepoint: error: {}: {error}", path.display()),
    };
    let mut on_alert = |alert: &serde_json::Value| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{alert}").and_then(|()| out.flush());
    };
    tokio::select! {
        result = watch(&store, &args.dir, &mut live, &options, &mut on_file, &mut on_alert) => result?,
        _ = tokio::signal::ctrl_c() => eprintln!("stopped"),
    }
    Ok(ExitCode::SUCCESS)
}
