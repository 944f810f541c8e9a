//! Analytics results → report building blocks (figures, charts, tables),
//! shared by the dashboard pages and `chokepoint report`, so a chart looks
//! the same in both.

use std::collections::BTreeMap;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type};
use chokepoint_analytics::{ClaimCheck, Corridor, Surge};
use chokepoint_report::{
    Bar, Cell, Chart, FlowLink, Highlight, KeyFigure, ReferenceLine, Section, Series, Table,
};

use crate::AppError;

/// The banner of pages and reports over the synthetic demo world.
pub fn synthetic_notice(data: &std::path::Path) -> Option<String> {
    chokepoint_demo::is_demo_data_dir(data).then(|| {
        "SYNTHETIC demo data: the figures come from the generated demo world, not from real \
         trade statistics."
            .to_string()
    })
}

/// Origin shares by period, as the shares plan returned them.
#[derive(Debug, Clone, Default)]
pub struct ShareTable {
    periods: Vec<String>,
    /// origin → period → (value, share)
    origins: BTreeMap<String, BTreeMap<String, (f64, f64)>>,
}

impl ShareTable {
    /// Reads `period, origin, value_usd, share` batches.
    pub fn of(batches: &[RecordBatch]) -> Result<ShareTable, AppError> {
        let mut table = ShareTable::default();
        for batch in batches {
            let period = cast(batch.column(0), &DataType::Utf8)?;
            let origin = cast(batch.column(1), &DataType::Utf8)?;
            let value = cast(batch.column(2), &DataType::Float64)?;
            let share = cast(batch.column(3), &DataType::Float64)?;
            let (period, origin) = (period.as_string::<i32>(), origin.as_string::<i32>());
            let (value, share) = (
                value.as_primitive::<Float64Type>(),
                share.as_primitive::<Float64Type>(),
            );
            for row in 0..batch.num_rows() {
                if period.is_null(row) || origin.is_null(row) {
                    continue;
                }
                let p = period.value(row).to_string();
                if !table.periods.contains(&p) {
                    table.periods.push(p.clone());
                }
                table
                    .origins
                    .entry(origin.value(row).to_string())
                    .or_default()
                    .insert(p, (value.value(row), share.value(row)));
            }
        }
        table.periods.sort();
        Ok(table)
    }

    /// Origins by total value, largest first, "other" last.
    pub fn ranked_origins(&self) -> Vec<&String> {
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

    /// The largest origin's share in the last period, against the first.
    pub fn key_figures(&self) -> Vec<KeyFigure> {
        let (Some(first), Some(last)) = (self.periods.first(), self.periods.last()) else {
            return vec![];
        };
        let Some(top) = self.ranked_origins().into_iter().find(|o| *o != "other") else {
            return vec![];
        };
        let share_in = |p: &String| self.origins[top].get(p).map_or(0.0, |v| v.1);
        vec![KeyFigure {
            label: format!("Share of {top}, {last}"),
            value: format!("{:.0}%", share_in(last) * 100.0),
            note: Some(format!("{:.0}% in {first}", share_in(first) * 100.0)),
        }]
    }

    /// The stacked-shares chart and the table behind it.
    pub fn section(&self, destination: &str) -> Section {
        let origins = self.ranked_origins();
        let series = origins
            .iter()
            .map(|o| Series {
                name: (*o).clone(),
                values: self
                    .periods
                    .iter()
                    .map(|p| Some(self.origins[*o].get(p).map_or(0.0, |v| v.1)))
                    .collect(),
            })
            .collect();
        let mut columns = vec!["origin".to_string()];
        columns.extend(self.periods.iter().cloned());
        let rows = origins
            .iter()
            .map(|o| {
                let mut row = vec![Cell::Text((*o).clone())];
                row.extend(self.periods.iter().map(|p| {
                    self.origins[*o]
                        .get(p)
                        .map_or(Cell::Empty, |v| Cell::Share(v.1))
                }));
                row
            })
            .collect();
        Section {
            title: "Origin shares".into(),
            text: Some(format!(
                "Each origin's share of {destination}'s imports of the basket, measured by \
                 partners' reported exports to {destination} (mirror statistics, the only source \
                 once it stopped publishing). Aggregate partners never count; the largest origins \
                 are shown, the rest as \"other\"."
            )),
            charts: vec![Chart::StackedShares {
                title: format!("Origins of {destination}'s imports"),
                periods: self.periods.clone(),
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
}

/// Direct against mirror shares (`source=both` rows) as a table.
pub fn both_table(batches: &[RecordBatch]) -> Result<Table, AppError> {
    let mut rows = Vec::new();
    for batch in batches {
        let text = |i: usize| cast(batch.column(i), &DataType::Utf8);
        let number = |i: usize| cast(batch.column(i), &DataType::Float64);
        let (period, origin) = (text(0)?, text(1)?);
        let (direct, mirror, gap) = (number(3)?, number(5)?, number(6)?);
        let share = |array: &arrow::array::ArrayRef, row: usize| {
            let values = array.as_primitive::<Float64Type>();
            if values.is_null(row) {
                Cell::Empty
            } else {
                Cell::Share(values.value(row))
            }
        };
        for row in 0..batch.num_rows() {
            rows.push(vec![
                Cell::Text(period.as_string::<i32>().value(row).to_string()),
                Cell::Text(origin.as_string::<i32>().value(row).to_string()),
                share(&direct, row),
                share(&mirror, row),
                share(&gap, row),
            ]);
        }
    }
    Ok(Table {
        name: "direct_vs_mirror".into(),
        caption: "Direct (the destination's imports) against mirror (partners' exports) shares"
            .into(),
        columns: ["period", "origin", "direct", "mirror", "gap"]
            .map(String::from)
            .to_vec(),
        rows,
    })
}

/// The strongest surge as a key figure.
pub fn surge_figure(top: &Surge) -> KeyFigure {
    KeyFigure {
        label: "Strongest surge".into(),
        value: format!(
            "{}→{} {} {}",
            top.exporter, top.importer, top.code, top.period
        ),
        note: top
            .month_on_month
            .map(|r| format!("{r:.1}× the previous month")),
    }
}

/// The strongest corridor as a key figure.
pub fn corridor_figure(top: &Corridor) -> KeyFigure {
    KeyFigure {
        label: "Strongest corridor".into(),
        value: top.hub.clone(),
        note: Some(format!("evidence score {:.2} of 5", top.score)),
    }
}

/// A surge's series with the flagged month ringed and the baseline dashed.
pub fn surge_chart(s: &Surge) -> Chart {
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
        reference: s.baseline.map(|value| ReferenceLine {
            value,
            label: "baseline".into(),
        }),
        series: vec![Series {
            name: s.code.clone(),
            values: s.series.iter().map(|(_, v)| Some(*v)).collect(),
        }],
        periods,
        y_label: s.unit.clone(),
    }
}

/// Surges as a table; `link(rank)` makes the flow a link (dashboard), and
/// `explain` adds the explanation sentence (documents).
pub fn surges_table(
    found: &[Surge],
    link: Option<&dyn Fn(usize) -> String>,
    explain: bool,
) -> Table {
    let ratio = |r: Option<f64>| r.map_or(Cell::Empty, Cell::Ratio);
    let rows = found
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let flow = format!("{}→{} {}", s.exporter, s.importer, s.code);
            let mut row = vec![
                Cell::Integer(i as i64 + 1),
                match link {
                    Some(link) => Cell::Link {
                        text: flow,
                        href: link(i + 1),
                    },
                    None => Cell::Text(flow),
                },
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
            ];
            if explain {
                row.push(Cell::Text(s.explanation()));
            }
            row
        })
        .collect();
    let mut columns: Vec<String> = [
        "rank",
        "flow",
        "month",
        "value USD",
        "vs previous",
        "vs year ago",
        "vs baseline",
        "robust score",
        "quantity",
    ]
    .map(String::from)
    .to_vec();
    if explain {
        columns.push("explanation".into());
    }
    Table {
        name: "surges".into(),
        caption: "Strongest surge per series".into(),
        columns,
        rows,
    }
}

/// Corridor scores as bars (score ≥ 2.5 emphasised).
pub fn corridor_bars(found: &[Corridor]) -> Chart {
    Chart::Bars {
        title: "Corridor evidence score".into(),
        bars: found
            .iter()
            .map(|c| Bar {
                label: c.hub.clone(),
                value: c.score,
                emphasis: c.score >= CORRIDOR_EMPHASIS,
            })
            .collect(),
        x_label: "score (0–5)".into(),
        emphasis_label: Some("score ≥ 2.5".into()),
    }
}

/// Score from which a corridor is drawn as one (half the evidence).
const CORRIDOR_EMPHASIS: f64 = 2.5;

/// Sources → hub → destination monthly flows after the switch, for the
/// corridors with strong evidence (a weak one, such as a producer country
/// exporting its own goods, would dwarf them and say nothing of re-export).
pub fn corridor_flows(found: &[Corridor], sources: &str, destination: &str) -> Chart {
    let links = found
        .iter()
        .filter(|c| c.score >= CORRIDOR_EMPHASIS)
        .take(6)
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
    Chart::Flows {
        title: format!("Monthly flows since 2022-04: sources → country → {destination}"),
        links,
        unit: "USD/month".into(),
    }
}

/// The corridors' evidence table.
pub fn corridors_table(found: &[Corridor], destination: &str) -> Table {
    let optional = |x: Option<f64>, cell: fn(f64) -> Cell| x.map_or(Cell::Empty, cell);
    let rows = found
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
    Table {
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
    }
}

/// What the corridor evidence means, for section text.
pub fn corridors_text(sources: &str, destination: &str) -> String {
    format!(
        "Third countries ranked by evidence of re-exporting the basket from {sources} to \
         {destination} (each term 0–1, summed): growth of the sources' exports to the country \
         (2022-04 onward vs 2021), growth of its exports to {destination}, co-movement of the \
         two, its pass-through (exports to {destination} / all its imports), and the rise in goods \
         reported sent to it but not reported received (after a 6 % CIF/FOB allowance)."
    )
}

/// The claim-check section.
pub fn claims_section(checks: &[ClaimCheck]) -> Section {
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
