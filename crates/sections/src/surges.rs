//! Surges: the key figure, a surge's series chart and the ranked table.

use chokepoint_analytics::Surge;
use chokepoint_report::{Cell, Chart, Highlight, KeyFigure, ReferenceLine, Series, Table};

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
