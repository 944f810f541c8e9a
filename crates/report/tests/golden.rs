//! Golden documents: the sample report as a whole Markdown document, as an
//! HTML document with table exports linked, and each chart kind's SVG,
//! recorded in `tests/snapshots/`. The report crate reads no clock and no
//! environment, so nothing needs redacting; any change in the output shows
//! up as a reviewed diff (`INSTA_UPDATE=always cargo test` rewrites them).

mod support;

use chokepoint_report::{Chart, HtmlOptions, render_html_with, render_markdown, render_svg};
use support::sample_report;

#[test]
fn markdown_document() {
    let rendered = render_markdown(&sample_report(), "report_files");
    insta::assert_snapshot!("report_markdown", rendered.markdown);
    let asset_paths: Vec<&str> = rendered
        .assets
        .iter()
        .map(|(path, _)| path.as_str())
        .collect();
    insta::assert_snapshot!("report_markdown_assets", asset_paths.join("\n"));
}

#[test]
fn html_document() {
    let html = render_html_with(
        &sample_report(),
        &HtmlOptions {
            exports_dir: Some("report_files".into()),
            ..Default::default()
        },
    );
    insta::assert_snapshot!("report_html", html);
}

#[test]
fn every_chart_kind_svg() {
    let report = sample_report();
    let charts: Vec<&Chart> = report
        .sections
        .iter()
        .flat_map(|section| &section.charts)
        .collect();
    let kind = |chart: &Chart| match chart {
        Chart::StackedShares { .. } => "stacked_shares",
        Chart::Lines { .. } => "lines",
        Chart::Bars { .. } => "bars",
        Chart::Flows { .. } => "flows",
    };
    let mut kinds: Vec<&str> = charts.iter().map(|chart| kind(chart)).collect();
    kinds.sort();
    assert_eq!(kinds, ["bars", "flows", "lines", "stacked_shares"]);
    for chart in charts {
        insta::assert_snapshot!(format!("svg_{}", kind(chart)), render_svg(chart));
    }
}
