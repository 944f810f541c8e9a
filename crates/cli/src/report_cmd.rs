//! `chokepoint report`: the analytics of a basket assembled into one
//! self-contained HTML or Markdown document with charts and exported tables.

use std::process::ExitCode;

use chokepoint_analytics::{
    SurgeQuery, check_claims, corridor_query, corridors, origin_shares, read_claim_file,
    shares_query, surges,
};
use chokepoint_datadir::DataDir;
use chokepoint_report::write_report;
use chokepoint_sections::{BasketAnswers, ShareTable, basket_report};
use chokepoint_store::ReferenceData;

use crate::analytics_cmd::goods_params;
use crate::args::{Cli, ReportArgs};
use crate::commands::session;

/// Runs `report`.
pub async fn report(
    cli: &Cli,
    args: &ReportArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let mut params = goods_params(
        &args.basket,
        &args.to,
        &args.by,
        [args.from.as_ref(), args.until.as_ref()],
        &args.group,
    );
    params
        .set("top", 6)
        .set("source", "mirror")
        .set("sources", &args.sources);
    let shares_query = shares_query(&params, &reference.baskets)?;
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
    params.set("top", args.top);
    let corridor_query = corridor_query(&params, &reference.baskets)?;
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
