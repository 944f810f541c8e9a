//! `chokepoint shares`, `totals`, `surges`, `corridors` and `check`: flags →
//! `RawParams` → the analytics crate's validated queries (the HTTP API goes
//! through the same parsers, so names, defaults and messages agree).

use std::process::ExitCode;

use chokepoint_analytics::{
    RawParams, Verdict, check_claims, claims_table, corridor_query, corridors, corridors_table,
    origin_shares, read_claim_file, shares_query, surge_query, surges, surges_table, totals,
    totals_query,
};
use chokepoint_store::ReferenceData;

use crate::args::{CheckArgs, Cli, CorridorsArgs, SharesArgs, SurgesArgs, TotalsArgs};
use crate::commands::session;
use crate::output::print_batches;
use crate::scan_progress::ScanSpinner;

/// Prints a plan for `--show-sql`; a closed pipe is an error `main` treats
/// as success (`println!` would panic).
fn print_sql(sql: &str) -> anyhow::Result<()> {
    use std::io::Write;
    writeln!(std::io::stdout().lock(), "{sql}")?;
    Ok(())
}

/// The goods-and-period parameters that `shares` and `report` share.
pub(crate) fn goods_params(
    basket: &str,
    to: &str,
    by: &str,
    [from, until]: [Option<&String>; 2],
    groups: &[String],
) -> RawParams {
    let mut params = RawParams::new();
    params
        .set("basket", basket)
        .set("to", to)
        .set("by", by)
        .set_opt("from", from)
        .set_opt("until", until);
    for group in groups {
        params.push("group", group);
    }
    params
}

/// Runs `shares`.
pub async fn shares(
    cli: &Cli,
    args: &SharesArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let mut params = goods_params(
        &args.basket,
        &args.to,
        &args.by,
        [args.from.as_ref(), args.until.as_ref()],
        &args.group,
    );
    params.set("top", args.top).set("source", &args.source);
    let query = shares_query(&params, &reference.baskets)?;
    if args.show_sql {
        print_sql(&query.to_sql()?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let ctx = session(cli, reference).await?;
    let spinner = ScanSpinner::start(&ctx, "shares");
    let batches = origin_shares(&ctx, &query).await?;
    spinner.finish();
    print_batches(&batches, cli.output, &mut std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `totals`.
pub async fn totals_command(
    cli: &Cli,
    args: &TotalsArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let mut params = RawParams::new();
    params
        .set("basket", &args.basket)
        .set("from", &args.from)
        .set("to", &args.to)
        .set("since", &args.since)
        .set_opt("until", args.until.as_ref())
        .set("source", &args.source)
        .set_opt("unit", args.unit.as_ref());
    let query = totals_query(&params, &reference.baskets)?;
    if args.show_sql {
        print_sql(&query.to_sql()?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let ctx = session(cli, reference).await?;
    let spinner = ScanSpinner::start(&ctx, "totals");
    let batches = totals(&ctx, &query).await?;
    spinner.finish();
    print_batches(&batches, cli.output, &mut std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `surges`.
pub async fn surges_command(
    cli: &Cli,
    args: &SurgesArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let mut params = RawParams::new();
    params
        .set_opt("basket", args.basket.as_ref())
        .set_opt("to", args.to.as_ref())
        .set_opt("from", args.from.as_ref())
        .set("measure", &args.measure)
        .set("min_value", args.min_value)
        .set("baseline", &args.baseline)
        .set_opt("since", args.since.as_ref())
        .set_opt("until", args.until.as_ref())
        .set("all_points", args.all_points)
        .set("top", args.top);
    let query = surge_query(&params, &reference.baskets)?;
    if args.show_sql {
        print_sql(&query.to_sql()?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let ctx = session(cli, reference).await?;
    let spinner = ScanSpinner::start(&ctx, "surges");
    let found = surges(&ctx, &query).await?;
    spinner.finish();
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
    let mut params = RawParams::new();
    params
        .set("basket", &args.basket)
        .set("to", &args.to)
        .set("sources", &args.sources)
        .set("baseline", &args.baseline)
        .set("after", &args.after)
        .set_opt("until", args.until.as_ref())
        .set("cif_fob", args.cif_fob)
        .set("min_value", args.min_value)
        .set("top", args.top);
    let query = corridor_query(&params, &reference.baskets)?;
    if args.show_sql {
        print_sql(&query.to_sql()?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let ctx = session(cli, reference).await?;
    let spinner = ScanSpinner::start(&ctx, "corridors");
    let found = corridors(&ctx, &query).await?;
    spinner.finish();
    let table = corridors_table(&found, query.destination.alpha3());
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
    let spinner = ScanSpinner::start(&ctx, "check");
    let checks = check_claims(&ctx, &claims).await?;
    spinner.finish();
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
