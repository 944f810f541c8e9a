//! `chokepoint report`: the analytics of a basket assembled into one
//! self-contained HTML or Markdown document with charts and exported tables.

use std::process::ExitCode;

use chokepoint_analytics::{
    SurgeQuery, Verdict, check_claim, corridor_query, corridors, origin_shares, read_claim_file,
    shares_query, surges,
};
use chokepoint_report::{KeyFigure, Report, Section, write_report};
use chokepoint_server::sections::{
    ShareTable, claims_section, corridor_bars, corridor_figure, corridor_flows, corridors_table,
    corridors_text, surge_chart, surge_figure, surges_table, synthetic_notice,
};
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
    let mut checks = Vec::new();
    for claim in claims.iter().flatten() {
        checks.push(check_claim(&ctx, claim).await?);
    }

    let dest = destination.alpha3();
    let mut key_figures = shares.key_figures();
    key_figures.extend(found_surges.first().map(surge_figure));
    key_figures.extend(found_corridors.first().map(corridor_figure));
    if !checks.is_empty() {
        let consistent = checks
            .iter()
            .filter(|c| c.verdict == Verdict::Consistent)
            .count();
        key_figures.push(KeyFigure {
            label: "Claims consistent with the data".into(),
            value: format!("{consistent} of {}", checks.len()),
            note: None,
        });
    }
    let mut report = Report {
        title: format!("{} → {dest}: origins, surges and corridors", goods.name()),
        subtitle: Some(format!(
            "Basket {}: {}. Data directory {}.",
            goods.name(),
            goods.description(),
            cli.data.display()
        )),
        notice: synthetic_notice(&cli.data),
        key_figures,
        sections: vec![shares.section(dest)],
    };
    report.sections.push(Section {
        title: "Surges".into(),
        text: Some(
            "Abnormal monthly jumps in exporter × importer × HS6 series and the basket total: \
             month-on-month and year-on-year ratios, the ratio to the 2021 monthly average, and a \
             robust score (log deviation from a seasonal median fit, in MAD units). Months worth \
             less than USD 100,000 are not flagged."
                .into(),
        ),
        charts: found_surges.iter().take(3).map(surge_chart).collect(),
        tables: vec![surges_table(&found_surges, None, true)],
    });
    report.sections.push(Section {
        title: "Diversion corridors".into(),
        text: Some(corridors_text(&args.sources, dest)),
        charts: vec![
            corridor_bars(&found_corridors),
            corridor_flows(&found_corridors, &args.sources, dest),
        ],
        tables: vec![corridors_table(&found_corridors, dest)],
    });
    if !checks.is_empty() {
        report.sections.push(claims_section(&checks));
    }
    let written = write_report(&report, &args.out)?;
    for path in &written {
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
