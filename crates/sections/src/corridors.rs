//! Diversion corridors: the key figure, score bars, the flows chart, the
//! evidence table and what the evidence means.

use chokepoint_analytics::Corridor;
use chokepoint_report::{Bar, Cell, Chart, FlowLink, KeyFigure, Table};

/// The strongest corridor as a key figure.
pub fn corridor_figure(top: &Corridor) -> KeyFigure {
    KeyFigure {
        label: "Strongest corridor".into(),
        value: top.hub.clone(),
        note: Some(format!("evidence score {:.2} of 5", top.score)),
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
