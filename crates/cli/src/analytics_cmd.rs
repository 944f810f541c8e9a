//! `chokepoint shares`, `totals`, `surges`, `corridors` and `check`: the
//! analytics crate's parameter structs, flattened into the commands' flags,
//! → its validated queries (the HTTP API reads the same structs, so names,
//! defaults and messages agree).

use std::process::ExitCode;

use chokepoint_analytics::{
    Verdict, check_claims, claims_table, corridors, corridors_table, origin_shares,
    read_claim_file, surges, surges_table, totals,
};
use chokepoint_store::ReferenceData;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::prelude::SessionContext;

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

/// What the four questions share: with `--show-sql` the plan is printed
/// instead of run; otherwise the answer is computed on a session under the
/// scan spinner and printed as rows.
async fn answer(
    cli: &Cli,
    reference: &ReferenceData,
    name: &str,
    show_sql: bool,
    sql: impl FnOnce() -> anyhow::Result<String>,
    rows: impl AsyncFnOnce(&SessionContext) -> anyhow::Result<Vec<RecordBatch>>,
) -> anyhow::Result<ExitCode> {
    if show_sql {
        print_sql(&sql()?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let ctx = session(cli, reference).await?;
    let spinner = ScanSpinner::start(&ctx, name);
    let batches = rows(&ctx).await?;
    spinner.finish();
    print_batches(&batches, cli.output, &mut std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `shares`.
pub async fn shares_command(
    cli: &Cli,
    args: &SharesArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let query = args.params.to_query(&reference.baskets)?;
    let sql = || Ok(query.to_sql()?);
    answer(cli, reference, "shares", args.show_sql, sql, async |ctx| {
        Ok(origin_shares(ctx, &query).await?)
    })
    .await
}

/// Runs `totals`.
pub async fn totals_command(
    cli: &Cli,
    args: &TotalsArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let query = args.params.to_query(&reference.baskets)?;
    let sql = || Ok(query.to_sql()?);
    answer(cli, reference, "totals", args.show_sql, sql, async |ctx| {
        Ok(totals(ctx, &query).await?)
    })
    .await
}

/// Runs `surges`.
pub async fn surges_command(
    cli: &Cli,
    args: &SurgesArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let query = args.params.to_query(&reference.baskets)?;
    let sql = || Ok(query.to_sql()?);
    answer(cli, reference, "surges", args.show_sql, sql, async |ctx| {
        Ok(vec![surges_table(&surges(ctx, &query).await?)])
    })
    .await
}

/// Runs `corridors`.
pub async fn corridors_command(
    cli: &Cli,
    args: &CorridorsArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let query = args.params.to_query(&reference.baskets)?;
    let sql = || Ok(query.to_sql()?);
    answer(
        cli,
        reference,
        "corridors",
        args.show_sql,
        sql,
        async |ctx| {
            let found = corridors(ctx, &query).await?;
            Ok(vec![corridors_table(&found, query.destination.alpha3())])
        },
    )
    .await
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
