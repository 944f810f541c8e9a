//! `chokepoint report`: the analytics of a basket assembled into one
//! self-contained HTML or Markdown document with charts and exported tables.

use std::process::ExitCode;

use chokepoint_analytics::{
    CorridorsParams, ShareSource, SharesParams, SurgeQuery, check_claims, corridors, origin_shares,
    read_claim_file, surges,
};
use chokepoint_datadir::DataDir;
use chokepoint_report::write_report;
use chokepoint_sections::{BasketAnswers, ShareTable, basket_report};
use chokepoint_store::ReferenceData;

use crate::args::{Cli, ReportArgs};
use crate::commands::session;

/// Runs `report`.
pub async fn report_command(
    cli: &Cli,
    args: &ReportArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let shares_query = SharesParams {
        basket: Some(args.basket.clone()),
        to: Some(args.to),
        by: args.by,
        from: args.from,
        until: args.until,
        group: args.group.clone(),
        top: 6,
        source: ShareSource::Mirror,
    }
    .to_query(&reference.baskets)?;
    let goods = shares_query.basket.clone();
    let destination = shares_query.destination;
    let claims = args
        .claims
        .as_deref()
        .map(|path| read_claim_file(path, &reference.baskets))
        .transpose()?;
    let ctx = session(cli, reference).await?;
    let shares = ShareTable::of(&origin_shares(&ctx, &shares_query).await?)?;
    let surge_query = SurgeQuery {
        basket: Some(goods.clone()),
        destination: Some(destination),
        top: args.top,
        ..SurgeQuery::new()
    };
    let found_surges = surges(&ctx, &surge_query).await?;
    let corridor_query = CorridorsParams {
        basket: Some(args.basket.clone()),
        to: Some(args.to),
        sources: args.sources.clone(),
        until: args.until,
        top: args.top,
        ..CorridorsParams::default()
    }
    .to_query(&reference.baskets)?;
    let found_corridors = corridors(&ctx, &corridor_query).await?;
    let checks = check_claims(&ctx, claims.as_deref().unwrap_or_default()).await?;
    let answers = BasketAnswers {
        basket: &goods,
        destination,
        sources: args.sources.as_str(),
        shares: &shares,
        surges: &found_surges,
        corridors: &found_corridors,
        checks: &checks,
    };
    let report = basket_report(&answers, &DataDir::new(&cli.data));
    let written = write_report(&report, &args.out)?;
    for path in &written {
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
