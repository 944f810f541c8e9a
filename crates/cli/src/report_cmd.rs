//! `chokepoint report`: the analytics of a basket assembled into one
//! self-contained HTML or Markdown document with charts and exported tables.

use std::collections::BTreeMap;
use std::process::ExitCode;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type};
use chokepoint_analytics::{
    ClaimCheck, Corridor, RawParams, Surge, SurgeQuery, Verdict, check_claim, corridor_query,
    corridors, origin_shares, read_claim_file, shares_query, surges,
};
use chokepoint_report::{
    Bar, Cell, Chart, FlowLink, Highlight, KeyFigure, ReferenceLine, Report, Section, Series,
    Table, write_report,
};
use chokepoint_store::ReferenceData;

use crate::args::{Cli, ReportArgs};
use crate::commands::session;

/// Runs `report`.
pub async fn report(
    cli: &Cli,
    args: &ReportArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let mut params = RawParams::new();
    params
        .set("basket", &args.basket)
        .set("to", &args.to)
        .set("by", &args.by)
        .set_opt("from", args.from.as_ref())
        .set_opt("until", args.until.as_ref())
        .set("top", 6)
        .set("source", "mirror")
        .set("sources", &args.sources);
    for group in &args.group {
        params.push("group", group);
    }
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
    let mut report = Report {
        title: format!("{} → {dest}: origins, surges and corridors", goods.name()),
        subtitle: Some(format!(
            "Basket {}: {}. Data directory {}.",
            goods.name(),
            goods.description(),
            cli.data.display()
        )),
        notice: synthetic_notice(cli),
        key_figures: key_figures(&shares, &found_surges, &found_corridors, &checks),
        sections: vec![shares_section(&shares, dest)],
    };
    report.sections.push(surges_section(&found_surges));
    report
        .sections
        .push(corridors_section(&found_corridors, dest, &args.sources));
    if !checks.is_empty() {
        report.sections.push(claims_section(&checks));
    }
    let written = write_report(&report, &args.out)?;
    for path in &written {
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The demo writes its sources (with a README saying SYNTHETIC) into the data directory.
fn synthetic_notice(cli: &Cli) -> Option<String> {
    cli.data
        .join("demo-sources")
        .join("SYNTHETIC_DATA_README.txt")
        .exists()
        .then(|| {
            "SYNTHETIC demo data: the figures below come from the generated demo world, \
             not from real trade statistics."
                .to_string()
        })
}

/// Shares by period and origin, as the shares plan returned them.
struct ShareTable {
    periods: Vec<String>,
    /// origin → period → (value, share)
    origins: BTreeMap<String, BTreeMap<String, (f64, f64)>>,
}

impl ShareTable {
    fn of(batches: &[RecordBatch]) -> anyhow::Result<ShareTable> {
        let mut periods = Vec::new();
        let mut origins: BTreeMap<String, BTreeMap<String, (f64, f64)>> = BTreeMap::new();
        for batch in batches {
            let period = cast(batch.column(0), &DataType::Utf8)?;
            let origin = cast(batch.column(1), &DataType::Utf8)?;
            let (period, origin) = (period.as_string::<i32>(), origin.as_string::<i32>());
            let value = batch.column(2).as_primitive::<Float64Type>();
            let share = batch.column(3).as_primitive::<Float64Type>();
            for row in 0..batch.num_rows() {
                if period.is_null(row) || origin.is_null(row) {
                    continue;
                }
                let p = period.value(row).to_string();
                if !periods.contains(&p) {
                    periods.push(p.clone());
                }
                origins
                    .entry(origin.value(row).to_string())
                    .or_default()
                    .insert(p, (value.value(row), share.value(row)));
            }
        }
        periods.sort();
        Ok(ShareTable { periods, origins })
    }

    /// Origins by total value, largest first, "other" last.
    fn ranked_origins(&self) -> Vec<&String> {
        let mut ranked: Vec<(&String, f64)> = self
            .origins
            .iter()
            .map(|(o, by)| (o, by.values().map(|v| v.0).sum()))
            .collect();
        ranked.sort_by(|a, b| {
            (a.0 == "other")
                .cmp(&(b.0 == "other"))
                .then(b.1.total_cmp(&a.1))
        });
        ranked.into_iter().map(|(o, _)| o).collect()
    }
}

fn key_figures(
    shares: &ShareTable,
    surges: &[Surge],
    corridors: &[Corridor],
    checks: &[ClaimCheck],
) -> Vec<KeyFigure> {
    let mut figures = Vec::new();
    if let (Some(first), Some(last)) = (shares.periods.first(), shares.periods.last())
        && let Some(top) = shares.ranked_origins().into_iter().find(|o| *o != "other")
    {
        let share_in = |p: &String| shares.origins[top].get(p).map_or(0.0, |v| v.1);
        figures.push(KeyFigure {
            label: format!("Share of {top}, {last}"),
            value: format!("{:.0}%", share_in(last) * 100.0),
            note: Some(format!("{:.0}% in {first}", share_in(first) * 100.0)),
        });
    }
    if let Some(top) = surges.first() {
        figures.push(KeyFigure {
            label: "Strongest surge".into(),
            value: format!(
                "{}→{} {} {}",
                top.exporter, top.importer, top.code, top.period
            ),
            note: top
                .month_on_month
                .map(|r| format!("{r:.1}× the previous month")),
        });
    }
    if let Some(top) = corridors.first() {
        figures.push(KeyFigure {
            label: "Strongest corridor".into(),
            value: top.hub.clone(),
            note: Some(format!("evidence score {:.2} of 5", top.score)),
        });
    }
    if !checks.is_empty() {
        let consistent = checks
            .iter()
            .filter(|c| c.verdict == Verdict::Consistent)
            .count();
        figures.push(KeyFigure {
            label: "Claims consistent with the data".into(),
            value: format!("{consistent} of {}", checks.len()),
            note: None,
        });
    }
    figures
}

fn shares_section(shares: &ShareTable, destination: &str) -> Section {
    let origins = shares.ranked_origins();
    let series = origins
        .iter()
        .map(|o| Series {
            name: (*o).clone(),
            values: shares
                .periods
                .iter()
                .map(|p| Some(shares.origins[*o].get(p).map_or(0.0, |v| v.1)))
                .collect(),
        })
        .collect();
    let mut columns = vec!["origin".to_string()];
    columns.extend(shares.periods.iter().cloned());
    let rows = origins
        .iter()
        .map(|o| {
            let mut row = vec![Cell::Text((*o).clone())];
            row.extend(shares.periods.iter().map(|p| {
                shares.origins[*o]
                    .get(p)
                    .map_or(Cell::Empty, |v| Cell::Share(v.1))
            }));
            row
        })
        .collect();
    Section {
        title: "Origin shares".into(),
        text: Some(format!(
            "Each origin's share of {destination}'s imports of the basket, measured by partners' \
             reported exports to {destination} (mirror statistics, the only source once it \
             stopped publishing). Aggregate partners never count; the six largest origins are \
             shown, the rest as \"other\"."
        )),
        charts: vec![Chart::StackedShares {
            title: format!("Origins of {destination}'s imports"),
            periods: shares.periods.clone(),
            series,
        }],
        tables: vec![Table {
            name: "origin_shares".into(),
            caption: "Share of each origin by period".into(),
            columns,
            rows,
        }],
    }
}

fn surges_section(surges: &[Surge]) -> Section {
    let charts = surges
        .iter()
        .take(3)
        .map(|s| {
            let periods: Vec<String> = s.series.iter().map(|(p, _)| p.to_string()).collect();
            Chart::Lines {
                title: format!(
                    "{} → {} {} ({} reported)",
                    s.exporter, s.importer, s.code, s.reported_by
                ),
                highlights: periods
                    .iter()
                    .position(|p| *p == s.period.to_string())
                    .map(|i| Highlight {
                        series: 0,
                        period_index: i,
                        label: format!(
                            "{} {}",
                            s.period,
                            s.month_on_month
                                .map_or(String::new(), |r| format!("{r:.1}×"))
                        ),
                    })
                    .into_iter()
                    .collect(),
                reference: s.baseline.map(|b| ReferenceLine {
                    value: b,
                    label: "baseline".into(),
                }),
                series: vec![Series {
                    name: s.code.clone(),
                    values: s.series.iter().map(|(_, v)| Some(*v)).collect(),
                }],
                periods,
                y_label: s.unit.clone(),
            }
        })
        .collect();
    let ratio = |r: Option<f64>| r.map_or(Cell::Empty, Cell::Ratio);
    let rows = surges
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                Cell::Integer(i as i64 + 1),
                Cell::Text(format!("{}→{}", s.exporter, s.importer)),
                Cell::Text(s.code.clone()),
                Cell::Text(s.period.to_string()),
                Cell::Number(s.value_usd),
                ratio(s.month_on_month),
                ratio(s.year_on_year),
                ratio(s.baseline_ratio),
                s.robust_score.map_or(Cell::Empty, Cell::Number),
                s.quantity_alternative
                    .as_ref()
                    .or(s.quantity.as_ref())
                    .map_or(Cell::Empty, |(q, u)| Cell::Text(format!("{q:.0} {u}"))),
                Cell::Text(s.explanation()),
            ]
        })
        .collect();
    Section {
        title: "Surges".into(),
        text: Some(
            "Abnormal monthly jumps in exporter × importer × HS6 series and the basket total: \
             month-on-month and year-on-year ratios, the ratio to the 2021 monthly average, and a \
             robust score (log deviation from a seasonal median fit, in MAD units). Months worth \
             less than USD 100,000 are not flagged."
                .into(),
        ),
        charts,
        tables: vec![Table {
            name: "surges".into(),
            caption: "Strongest surge per series".into(),
            columns: [
                "rank",
                "flow",
                "code",
                "month",
                "value USD",
                "vs previous",
                "vs year ago",
                "vs baseline",
                "robust score",
                "quantity",
                "explanation",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        }],
    }
}

fn corridors_section(corridors: &[Corridor], destination: &str, sources: &str) -> Section {
    let bars = corridors
        .iter()
        .map(|c| Bar {
            label: c.hub.clone(),
            value: c.score,
            emphasis: c.score >= 2.5,
        })
        .collect();
    let links = corridors
        .iter()
        .take(5)
        .flat_map(|c| {
            [
                FlowLink {
                    from: format!("sources ({sources})"),
                    to: c.hub.clone(),
                    value: c.source_to_hub.1,
                },
                FlowLink {
                    from: c.hub.clone(),
                    to: destination.to_string(),
                    value: c.hub_to_destination.1,
                },
            ]
        })
        .collect();
    let optional = |x: Option<f64>, cell: fn(f64) -> Cell| x.map_or(Cell::Empty, cell);
    let rows = corridors
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                Cell::Integer(i as i64 + 1),
                Cell::Text(c.hub.clone()),
                Cell::Number(c.score),
                optional(c.source_growth, Cell::Ratio),
                optional(c.onward_growth, Cell::Ratio),
                optional(c.co_movement, Cell::Number),
                optional(c.pass_through, Cell::Share),
                optional(c.lost_in_transit.1, Cell::Share),
                Cell::Text(c.explanation(destination)),
            ]
        })
        .collect();
    Section {
        title: "Diversion corridors".into(),
        text: Some(format!(
            "Third countries ranked by evidence of re-exporting the basket from {sources} to \
             {destination} (each term 0–1, summed): growth of the sources' exports to the country \
             (2022-04 onward vs 2021), growth of its exports to {destination}, co-movement of the \
             two, its pass-through (exports to {destination} / all its imports), and the rise in \
             goods reported sent to it but not reported received (after a 6 % CIF/FOB allowance)."
        )),
        charts: vec![
            Chart::Bars {
                title: "Corridor evidence score".into(),
                bars,
                x_label: "score (0–5)".into(),
                emphasis_label: Some("score ≥ 2.5".into()),
            },
            Chart::Flows {
                title: format!("Monthly flows since 2022-04: sources → country → {destination}"),
                links,
                unit: "USD/month".into(),
            },
        ],
        tables: vec![Table {
            name: "corridors".into(),
            caption: "Corridor evidence".into(),
            columns: [
                "rank",
                "country",
                "score",
                "source growth",
                "onward growth",
                "co-movement",
                "pass-through",
                "lost in transit",
                "explanation",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        }],
    }
}

fn claims_section(checks: &[ClaimCheck]) -> Section {
    let rows = checks
        .iter()
        .map(|c| {
            vec![
                Cell::Text(c.claim.id.clone()),
                Cell::Text(c.claim.statement.clone()),
                c.computed.map_or(Cell::Empty, Cell::Number),
                Cell::Number(c.claim.claimed),
                Cell::Text(c.verdict.name().to_string()),
                Cell::Text(c.detail.clone()),
                Cell::Text(c.queries.join(";\n")),
            ]
        })
        .collect();
    Section {
        title: "Claim check".into(),
        text: Some(
            "Published figures recomputed from the loaded data. Shares compare within an \
             absolute tolerance, growth and totals within a relative one; a window the data do \
             not fully cover gives \"not enough data\"."
                .into(),
        ),
        charts: vec![],
        tables: vec![Table {
            name: "claims".into(),
            caption: "Claims".into(),
            columns: [
                "id",
                "statement",
                "computed",
                "claimed",
                "verdict",
                "detail",
                "query",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        }],
    }
}
