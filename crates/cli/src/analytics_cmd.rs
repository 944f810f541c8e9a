//! `chokepoint shares` and `chokepoint totals`: validated arguments → analytics queries.

use std::process::ExitCode;

use anyhow::{Context, bail};
use chokepoint_analytics::{
    Grain, OriginGroup, ShareSource, SharesQuery, TotalsQuery, TotalsSource, origin_shares, totals,
};
use chokepoint_catalog::Basket;
use chokepoint_model::{Country, Period, QuantityUnit};
use chokepoint_store::ReferenceData;

use crate::args::{Cli, SharesArgs, TotalsArgs};
use crate::commands::session;
use crate::output::print_batches;

fn basket(reference: &ReferenceData, name: &str) -> anyhow::Result<Basket> {
    match reference.baskets.get(name) {
        Some(basket) => Ok(basket.clone()),
        None => bail!(
            "unknown basket {name:?}: expected one of {}",
            reference.baskets.names().join(", ")
        ),
    }
}

fn country(flag: &str, text: &str) -> anyhow::Result<&'static Country> {
    Country::lookup(text).with_context(|| format!("{flag} {text:?}"))
}

fn period(flag: &str, text: Option<&str>) -> anyhow::Result<Option<Period>> {
    text.map(|t| Period::parse(t).with_context(|| format!("{flag} {t:?}")))
        .transpose()
}

/// Runs `shares`.
pub async fn shares(
    cli: &Cli,
    args: &SharesArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let query = SharesQuery {
        basket: basket(reference, &args.basket)?,
        destination: country("--to", &args.to)?,
        grain: Grain::parse(&args.by)
            .with_context(|| format!("--by {:?}: expected month, quarter or year", args.by))?,
        from: period("--from", args.from.as_deref())?,
        until: period("--until", args.until.as_deref())?,
        groups: args
            .group
            .iter()
            .map(|g| OriginGroup::parse(g))
            .collect::<Result<_, _>>()?,
        top: Some(args.top),
        source: ShareSource::parse(&args.source).with_context(|| {
            format!(
                "--source {:?}: expected direct, mirror or both",
                args.source
            )
        })?,
    };
    if args.show_sql {
        println!("{}", query.to_sql()?);
        return Ok(ExitCode::SUCCESS);
    }
    let ctx = session(cli, reference).await?;
    let batches = origin_shares(&ctx, &query).await?;
    print_batches(&batches, cli.output, &mut std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `totals`.
pub async fn totals_command(
    cli: &Cli,
    args: &TotalsArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let origins = args
        .from
        .split(',')
        .map(|code| country("--from", code.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    let query = TotalsQuery {
        basket: basket(reference, &args.basket)?,
        origins,
        destination: country("--to", &args.to)?,
        since: period("--since", Some(&args.since))?.context("--since is required")?,
        until: period("--until", args.until.as_deref())?,
        source: TotalsSource::parse(&args.source).with_context(|| {
            format!("--source {:?}: expected exporter or importer", args.source)
        })?,
        unit: args
            .unit
            .as_deref()
            .map(QuantityUnit::parse)
            .transpose()
            .context("--unit")?,
    };
    if args.show_sql {
        println!("{}", query.to_sql()?);
        return Ok(ExitCode::SUCCESS);
    }
    let ctx = session(cli, reference).await?;
    let batches = totals(&ctx, &query).await?;
    print_batches(&batches, cli.output, &mut std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}
