//! The document of `chokepoint report`: one basket into one destination,
//! from origin shares through surges and corridors to checked claims.

use chokepoint_analytics::{ClaimCheck, Corridor, Surge};
use chokepoint_catalog::Basket;
use chokepoint_datadir::DataDir;
use chokepoint_model::Country;
use chokepoint_report::{Report, Section};

use crate::{
    ShareTable, claims_figure, claims_section, corridor_bars, corridor_figure, corridor_flows,
    corridors_table, corridors_text, surge_chart, surge_figure, surges_table, synthetic_notice,
};

/// The answers a basket report is made of, computed by the caller.
#[derive(Debug, Clone, Copy)]
pub struct BasketAnswers<'a> {
    /// The goods.
    pub basket: &'a Basket,
    /// The destination economy.
    pub destination: &'static Country,
    /// The corridors' sources as the user named them (`coalition`, `EU27`, codes).
    pub sources: &'a str,
    /// Origin shares by period (mirror statistics).
    pub shares: &'a ShareTable,
    /// Ranked surges into the destination.
    pub surges: &'a [Surge],
    /// Ranked corridors from the sources to the destination.
    pub corridors: &'a [Corridor],
    /// Checked claims; with none, the report has no claims section.
    pub checks: &'a [ClaimCheck],
}

/// The report over the answers of `data`: key figures, then a section each
/// for origin shares, surges, corridors and (when there are any) claims.
pub fn basket_report(answers: &BasketAnswers<'_>, data: &DataDir) -> Report {
    let goods = answers.basket;
    let dest = answers.destination.alpha3();
    let mut key_figures = answers.shares.key_figures();
    key_figures.extend(answers.surges.first().map(surge_figure));
    key_figures.extend(answers.corridors.first().map(corridor_figure));
    if !answers.checks.is_empty() {
        key_figures.push(claims_figure(answers.checks));
    }
    let mut sections = vec![
        answers.shares.section(dest),
        Section {
            title: "Surges".into(),
            text: Some(
                "Abnormal monthly jumps in exporter × importer × HS6 series and the basket \
                 total: month-on-month and year-on-year ratios, the ratio to the 2021 monthly \
                 average, and a robust score (log deviation from a seasonal median fit, in MAD \
                 units). Months worth less than USD 100,000 are not flagged."
                    .into(),
            ),
            charts: answers.surges.iter().take(3).map(surge_chart).collect(),
            tables: vec![surges_table(answers.surges, None, true)],
        },
        Section {
            title: "Diversion corridors".into(),
            text: Some(corridors_text(answers.sources, dest)),
            charts: vec![
                corridor_bars(answers.corridors),
                corridor_flows(answers.corridors, answers.sources, dest),
            ],
            tables: vec![corridors_table(answers.corridors, dest)],
        },
    ];
    if !answers.checks.is_empty() {
        sections.push(claims_section(answers.checks));
    }
    Report {
        title: format!("{} → {dest}: origins, surges and corridors", goods.name()),
        subtitle: Some(format!(
            "Basket {}: {}. Data directory {}.",
            goods.name(),
            goods.description(),
            data.root().display()
        )),
        notice: synthetic_notice(data),
        key_figures,
        sections,
    }
}
