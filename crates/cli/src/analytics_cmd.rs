//! `chokepoint shares`, `totals`, `surges`, `corridors` and `check`: validated arguments → analytics queries.

use std::process::ExitCode;

use anyhow::{Context, bail};
use chokepoint_analytics::{
    CorridorQuery, Grain, Measure, OriginGroup, ShareSource, SharesQuery, SurgeQuery, TotalsQuery,
    TotalsSource, Verdict, check_claim, claims_table, corridors, corridors_table, origin_shares,
    read_claim_file, surges, surges_table, totals,
};
use chokepoint_catalog::{Basket, resolve_country_groups};
use chokepoint_model::{Country, Period, QuantityUnit};
use chokepoint_store::ReferenceData;

use crate::args::{CheckArgs, Cli, CorridorsArgs, SharesArgs, SurgesArgs, TotalsArgs};
use crate::commands::session;
use crate::output::print_batches;

pub(crate) fn basket(reference: &ReferenceData, name: &str) -> anyhow::Result<Basket> {
    match reference.baskets.get(name) {
        Some(basket) => Ok(basket.clone()),
        None => bail!(
            "unknown basket {name:?}: expected one of {}",
            reference.baskets.names().join(", ")
        ),
    }
}

pub(crate) fn country(flag: &str, text: &str) -> anyhow::Result<&'static Country> {
    Country::lookup(text).with_context(|| format!("{flag} {text:?}"))
}

pub(crate) fn period(flag: &str, text: Option<&str>) -> anyhow::Result<Option<Period>> {
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

/// `FIRST..LAST` months.
fn period_range(flag: &str, text: &str) -> anyhow::Result<(Period, Period)> {
    let (first, last) = text
        .split_once("..")
        .with_context(|| format!("{flag} {text:?}: expected FIRST..LAST, e.g. 2021-01..2021-12"))?;
    let first = period(flag, Some(first))?.context("first month")?;
    let last = period(flag, Some(last))?.context("last month")?;
    if first > last {
        bail!("{flag} {text:?}: {first} is after {last}");
    }
    Ok((first, last))
}

/// Runs `surges`.
pub async fn surges_command(
    cli: &Cli,
    args: &SurgesArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    if !(args.min_value.is_finite() && args.min_value >= 0.0) {
        bail!(
            "--min-value {}: expected a non-negative number",
            args.min_value
        );
    }
    let query = SurgeQuery {
        basket: args
            .basket
            .as_deref()
            .map(|b| basket(reference, b))
            .transpose()?,
        destination: args.to.as_deref().map(|c| country("--to", c)).transpose()?,
        origin: args
            .from
            .as_deref()
            .map(|c| country("--from", c))
            .transpose()?,
        measure: Measure::parse(&args.measure)
            .with_context(|| format!("--measure {:?}: expected value or quantity", args.measure))?,
        min_value_usd: args.min_value,
        baseline: period_range("--baseline", &args.baseline)?,
        from: period("--since", args.since.as_deref())?,
        until: period("--until", args.until.as_deref())?,
        all_points: args.all_points,
        top: args.top,
        ..SurgeQuery::new()
    };
    if args.show_sql {
        println!("{}", query.to_sql()?);
        return Ok(ExitCode::SUCCESS);
    }
    let ctx = session(cli, reference).await?;
    let found = surges(&ctx, &query).await?;
    print_batches(
        &[surges_table(&found)],
        cli.output,
        &mut std::io::stdout().lock(),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `corridors`.
pub async fn corridors_command(
    cli: &Cli,
    args: &CorridorsArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    if !(0.0..1.0).contains(&args.cif_fob) {
        bail!(
            "--cif-fob {}: expected a fraction such as 0.06",
            args.cif_fob
        );
    }
    if !(args.min_value.is_finite() && args.min_value >= 0.0) {
        bail!(
            "--min-value {}: expected a non-negative number",
            args.min_value
        );
    }
    let destination = country("--to", &args.to)?;
    let mut query = CorridorQuery::new(
        basket(reference, &args.basket)?,
        destination,
        resolve_country_groups(&args.sources).context("--sources")?,
    );
    query.baseline = period_range("--baseline", &args.baseline)?;
    query.after = period("--after", Some(&args.after))?.context("--after")?;
    query.until = period("--until", args.until.as_deref())?;
    query.cif_fob_allowance = args.cif_fob;
    query.min_value_usd = args.min_value;
    query.top = args.top;
    if args.show_sql {
        println!("{}", query.to_sql()?);
        return Ok(ExitCode::SUCCESS);
    }
    let ctx = session(cli, reference).await?;
    let found = corridors(&ctx, &query).await?;
    let table = corridors_table(&found, destination.alpha3());
    print_batches(&[table], cli.output, &mut std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `check`: every claim of the file, one row each. Exit 0 even when a
/// claim is inconsistent: the verdict is the answer, not a failure.
pub async fn check_command(
    cli: &Cli,
    args: &CheckArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let claims = read_claim_file(&args.file, &reference.baskets)?;
    let ctx = session(cli, reference).await?;
    let mut checks = Vec::with_capacity(claims.len());
    for claim in &claims {
        checks.push(check_claim(&ctx, claim).await?);
    }
    print_batches(
        &[claims_table(&checks)],
        cli.output,
        &mut std::io::stdout().lock(),
    )?;
    let count = |v: Verdict| checks.iter().filter(|c| c.verdict == v).count();
    eprintln!(
        "{} claims: {} consistent, {} inconsistent, {} not enough data",
        checks.len(),
        count(Verdict::Consistent),
        count(Verdict::Inconsistent),
        count(Verdict::NotEnoughData)
    );
    Ok(ExitCode::SUCCESS)
}
