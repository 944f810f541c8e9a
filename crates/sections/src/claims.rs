//! Claim checks: the verdicts' key figure and the claims section.

use chokepoint_analytics::{ClaimCheck, Verdict};
use chokepoint_report::{Cell, KeyFigure, Section, Table};

/// How many claims the data agree with, as a key figure.
pub fn claims_figure(checks: &[ClaimCheck]) -> KeyFigure {
    let consistent = checks
        .iter()
        .filter(|c| c.verdict == Verdict::Consistent)
        .count();
    KeyFigure {
        label: "Claims consistent with the data".into(),
        value: format!("{consistent} of {}", checks.len()),
        note: None,
    }
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
