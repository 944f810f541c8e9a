//! Writes a sample report with every chart kind, for looking at the output
//! in a browser: `cargo run -p chokepoint-report --example sample_report --
//! /tmp/sample.html` (or `.md`). The numbers are made up.

use std::path::PathBuf;

use chokepoint_report::{
    Bar, Cell, Chart, FlowLink, Highlight, KeyFigure, ReferenceLine, Report, Section, Series,
    Table, write_report,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("sample_report.html"));
    let written = write_report(&sample(), &out)?;
    for path in written {
        println!("{}", path.display());
    }
    Ok(())
}

fn sample() -> Report {
    let periods: Vec<String> = (0..84)
        .map(|month| format!("{}-{:02}", 2018 + month / 12, month % 12 + 1))
        .collect();
    let origins = ["EU", "United States", "China", "Hong Kong", "Other"];
    let share_series: Vec<Series> = origins
        .iter()
        .enumerate()
        .map(|(origin_idx, name)| Series {
            name: (*name).to_owned(),
            values: (0..84)
                .map(|month| Some(share(origin_idx, month)))
                .collect(),
        })
        .collect();
    let exports: Vec<Option<f64>> = (0..84)
        .map(|month| {
            let base = 120_000.0 + 8_000.0 * f64::from(month % 12);
            match month {
                50 => None,
                m if m >= 50 => Some(base * 9.0 + 40_000.0 * f64::from(m - 50)),
                _ => Some(base),
            }
        })
        .collect();
    let re_exports: Vec<Option<f64>> = exports.iter().map(|value| value.map(|v| v * 0.8)).collect();
    Report {
        title: "Microelectronics into Russia via Central Asia".into(),
        subtitle: Some("data: ./chokepoint-data · generated 2026-11-23 12:00 UTC".into()),
        notice: Some("SYNTHETIC demo data — not real trade statistics".into()),
        key_figures: vec![
            KeyFigure {
                label: "Western share of chip imports, 2024".into(),
                value: "18 %".into(),
                note: Some("down from 71 % in 2021".into()),
            },
            KeyFigure {
                label: "Surge, Germany → Kyrgyzstan".into(),
                value: "10.4×".into(),
                note: Some("2023 vs 2019–21 mean".into()),
            },
        ],
        sections: vec![
            Section {
                title: "Who supplies Russia".into(),
                text: Some("Shares of Russia's imports of HS 8542 by origin.\n\nWestern origins were replaced by China and Hong Kong from 2022.".into()),
                charts: vec![Chart::StackedShares {
                    title: "Origin shares of integrated circuits imported by Russia".into(),
                    periods: periods.clone(),
                    series: share_series,
                }],
                tables: vec![Table {
                    name: "origin_shares_2024".into(),
                    caption: "Origin shares, 2024".into(),
                    columns: vec!["origin".into(), "share".into(), "value (USD)".into()],
                    rows: vec![
                        vec![Cell::from("China"), Cell::Share(0.52), Cell::Number(1_234_567_890.0)],
                        vec![Cell::from("Hong Kong"), Cell::Share(0.30), Cell::Number(712_000_000.0)],
                        vec![Cell::from("AT&T <Ltd> | test"), Cell::Share(0.18), Cell::Empty],
                    ],
                }],
            },
            Section {
                title: "Surges in transit countries".into(),
                text: None,
                charts: vec![Chart::Lines {
                    title: "Germany → Kyrgyzstan, HS 8542".into(),
                    periods: periods.clone(),
                    series: vec![
                        Series { name: "Exports (mirror)".into(), values: exports },
                        Series { name: "Kyrgyz re-exports to Russia".into(), values: re_exports },
                    ],
                    highlights: vec![Highlight { series: 0, period_index: 62, label: "surge 10.4×".into() }],
                    reference: Some(ReferenceLine { value: 160_000.0, label: "2019–21 monthly mean".into() }),
                    y_label: "USD per month".into(),
                }],
                tables: Vec::new(),
            },
            Section {
                title: "Corridors".into(),
                text: Some("Corridor risk scores combine surge, share and re-export evidence.".into()),
                charts: vec![
                    Chart::Bars {
                        title: "Corridor risk scores".into(),
                        bars: vec![
                            Bar { label: "Germany → Kyrgyzstan → Russia".into(), value: 0.91, emphasis: true },
                            Bar { label: "China → Kazakhstan → Russia".into(), value: 0.74, emphasis: true },
                            Bar { label: "Italy → Armenia → Russia".into(), value: 0.52, emphasis: false },
                            Bar { label: "United States → United Arab Emirates → Russia via a very long corridor name".into(), value: 0.31, emphasis: false },
                        ],
                        x_label: "risk score (0–1)".into(),
                        emphasis_label: Some("flagged".into()),
                    },
                    Chart::Flows {
                        title: "Routes of HS 8542 into Russia, 2024".into(),
                        links: vec![
                            FlowLink { from: "China".into(), to: "Kazakhstan".into(), value: 420e6 },
                            FlowLink { from: "China".into(), to: "Russia".into(), value: 900e6 },
                            FlowLink { from: "Germany".into(), to: "Kyrgyzstan".into(), value: 150e6 },
                            FlowLink { from: "Germany".into(), to: "Kazakhstan".into(), value: 60e6 },
                            FlowLink { from: "Kazakhstan".into(), to: "Russia".into(), value: 460e6 },
                            FlowLink { from: "Kyrgyzstan".into(), to: "Russia".into(), value: 140e6 },
                            FlowLink { from: "Hong Kong".into(), to: "Russia".into(), value: 380e6 },
                        ],
                        unit: "USD".into(),
                    },
                ],
                tables: vec![Table {
                    name: "corridors".into(),
                    caption: "Corridor scores".into(),
                    columns: vec!["corridor".into(), "score".into(), "surge".into(), "months".into()],
                    rows: vec![
                        vec![Cell::from("DE → KG → RU"), Cell::Number(0.91), Cell::Ratio(10.43), Cell::Integer(34)],
                        vec![Cell::from("CN → KZ → RU"), Cell::Number(0.74), Cell::Ratio(3.2), Cell::Integer(1_200)],
                    ],
                }],
            },
        ],
    }
}

/// A made-up share path: Western origins fall after month 50 (2022-03).
fn share(origin_idx: usize, month: u32) -> f64 {
    let after = month >= 50;
    let weights = if after {
        [0.08, 0.04, 0.5, 0.3, 0.08]
    } else {
        [0.42, 0.28, 0.18, 0.05, 0.07]
    };
    weights[origin_idx]
}
