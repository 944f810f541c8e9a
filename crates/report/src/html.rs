//! The HTML renderer: one self-contained file with inline CSS and inline
//! SVG, readable offline, with no scripts and no external resources.

use crate::escape::{encode_link_path, escape_xml};
use crate::export::export_stems;
use crate::format::{format_cell, is_numeric};
use crate::model::{Cell, KeyFigure, Report, Section, Table};
use crate::svg::render_svg_with_id;

/// Options for [`render_html_with`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HtmlOptions {
    /// Directory, relative to the HTML file, holding each table's CSV and
    /// JSON export (named by [`crate::export_stems`]). When set, every table
    /// gets download links; when `None`, no links are written, so nothing
    /// points at files that do not exist.
    pub exports_dir: Option<String>,
    /// Navigation links shown above the title (a dashboard's pages): text,
    /// address, and whether it is the current page.
    pub nav: Vec<(String, String, bool)>,
    /// Trusted HTML (built by the caller, e.g. a filter form) placed after
    /// the header; never user text.
    pub preamble: Option<String>,
    /// Trusted inline script placed at the end of the body (e.g. live
    /// updates); `None` keeps the page script-free.
    pub script: Option<String>,
}

/// Renders a report as a standalone HTML page without export links.
pub fn render_html(report: &Report) -> String {
    render_html_with(report, &HtmlOptions::default())
}

/// Renders a report as a standalone HTML page.
pub fn render_html_with(report: &Report, options: &HtmlOptions) -> String {
    let mut html = String::new();
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Served pages (with navigation) get an inline icon, so browsers do not
    // ask the server for /favicon.ico.
    if !options.nav.is_empty() {
        html.push_str("<link rel=\"icon\" href=\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%230072b2'/%3E%3C/svg%3E\">\n");
    }
    html.push_str(&format!("<title>{}</title>\n", escape_xml(&report.title)));
    html.push_str("<style>\n");
    html.push_str(STYLE_SHEET);
    html.push_str(NAV_STYLE);
    html.push_str("</style>\n</head>\n<body>\n<main>\n");
    if !options.nav.is_empty() {
        html.push_str("<nav class=\"pages\">");
        for (text, href, current) in &options.nav {
            let aria = if *current {
                " aria-current=\"page\""
            } else {
                ""
            };
            html.push_str(&format!(
                "<a href=\"{}\"{aria}>{}</a>",
                escape_xml(href),
                escape_xml(text)
            ));
        }
        html.push_str("</nav>\n");
    }

    if let Some(notice) = &report.notice {
        html.push_str(&format!(
            "<div class=\"notice\" role=\"note\"><strong>Notice:</strong> {}</div>\n",
            escape_xml(notice)
        ));
    }
    html.push_str(&format!(
        "<header>\n<h1>{}</h1>\n",
        escape_xml(&report.title)
    ));
    if let Some(subtitle) = &report.subtitle {
        html.push_str(&format!(
            "<p class=\"subtitle\">{}</p>\n",
            escape_xml(subtitle)
        ));
    }
    html.push_str("</header>\n");
    if let Some(preamble) = &options.preamble {
        html.push_str(preamble);
        html.push('\n');
    }
    push_key_figures(&mut html, &report.key_figures);
    if options.nav.is_empty() {
        push_contents(&mut html, &report.sections);
    }

    let stems = export_stems(report);
    let mut table_counter = 0;
    let mut chart_counter = 0;
    for (section_idx, section) in report.sections.iter().enumerate() {
        html.push_str(&format!(
            "<section id=\"section-{}\">\n<h2>{}</h2>\n",
            section_idx + 1,
            escape_xml(&section.title)
        ));
        if let Some(text) = &section.text {
            push_paragraphs(&mut html, text);
        }
        for chart in &section.charts {
            chart_counter += 1;
            html.push_str("<figure class=\"chart\">\n");
            html.push_str(&render_svg_with_id(
                chart,
                &format!("chart-{chart_counter}"),
            ));
            html.push_str("</figure>\n");
        }
        for table in &section.tables {
            let export_stem = options
                .exports_dir
                .as_deref()
                .zip(stems.get(table_counter))
                .map(|(dir, stem)| export_link_base(dir, stem));
            push_table(&mut html, table, export_stem.as_deref());
            table_counter += 1;
        }
        html.push_str("</section>\n");
    }
    html.push_str("</main>\n");
    if let Some(script) = &options.script {
        html.push_str("<script>\n");
        html.push_str(script);
        html.push_str("\n</script>\n");
    }
    html.push_str("</body>\n</html>\n");
    html
}

/// Navigation bar and form styles (only used when `nav` is set).
const NAV_STYLE: &str = "\
nav.pages { display: flex; gap: 1rem; flex-wrap: wrap; padding: .5rem 0; border-bottom: 1px solid #ddd; margin-bottom: 1rem; }
nav.pages a { text-decoration: none; color: #0072b2; }
nav.pages a[aria-current=page] { font-weight: bold; color: #222; }
form.filters { display: flex; gap: .75rem; flex-wrap: wrap; align-items: end; margin: .5rem 0 1rem; }
form.filters label { display: flex; flex-direction: column; font-size: .85rem; }
";

/// Relative link path without extension, e.g. `report_files/scores`.
fn export_link_base(exports_dir: &str, stem: &str) -> String {
    let dir = exports_dir.trim_end_matches('/');
    if dir.is_empty() {
        stem.to_owned()
    } else {
        format!("{dir}/{stem}")
    }
}

fn push_key_figures(html: &mut String, key_figures: &[KeyFigure]) {
    if key_figures.is_empty() {
        return;
    }
    html.push_str("<section class=\"key-figures\" aria-label=\"Key figures\">\n");
    for figure in key_figures {
        html.push_str(&format!(
            "<div class=\"figure\"><div class=\"figure-value\">{}</div><div class=\"figure-label\">{}</div>",
            escape_xml(&figure.value),
            escape_xml(&figure.label)
        ));
        if let Some(note) = &figure.note {
            html.push_str(&format!(
                "<div class=\"figure-note\">{}</div>",
                escape_xml(note)
            ));
        }
        html.push_str("</div>\n");
    }
    html.push_str("</section>\n");
}

fn push_contents(html: &mut String, sections: &[Section]) {
    // A table of contents only helps once there is something to skip.
    if sections.len() < 3 {
        return;
    }
    html.push_str("<nav class=\"contents\" aria-label=\"Contents\"><ol>\n");
    for (section_idx, section) in sections.iter().enumerate() {
        html.push_str(&format!(
            "<li><a href=\"#section-{}\">{}</a></li>\n",
            section_idx + 1,
            escape_xml(&section.title)
        ));
    }
    html.push_str("</ol></nav>\n");
}

/// Blank lines separate paragraphs; single line breaks are kept.
fn push_paragraphs(html: &mut String, text: &str) {
    let normalised = text.replace("\r\n", "\n");
    for paragraph in normalised
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let lines: Vec<String> = paragraph.lines().map(escape_xml).collect();
        html.push_str(&format!("<p>{}</p>\n", lines.join("<br>\n")));
    }
}

fn push_table(html: &mut String, table: &Table, export_link_base: Option<&str>) {
    let column_names = table.column_names();
    let numeric_columns = numeric_columns(table, column_names.len());
    html.push_str("<div class=\"table-block\">\n<div class=\"table-scroll\">\n<table>\n");
    if !table.caption.is_empty() {
        html.push_str(&format!(
            "<caption>{}</caption>\n",
            escape_xml(&table.caption)
        ));
    }
    html.push_str("<thead><tr>");
    for (column_idx, name) in column_names.iter().enumerate() {
        let class = if numeric_columns[column_idx] {
            " class=\"num\""
        } else {
            ""
        };
        html.push_str(&format!(
            "<th scope=\"col\"{class}>{}</th>",
            escape_xml(name)
        ));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        html.push_str("<tr>");
        for (column_idx, is_numeric_column) in numeric_columns.iter().enumerate() {
            let cell = row.get(column_idx).unwrap_or(&Cell::Empty);
            let class = if *is_numeric_column {
                " class=\"num\""
            } else {
                ""
            };
            let content = match cell {
                Cell::Link { text, href } => {
                    format!("<a href=\"{}\">{}</a>", escape_xml(href), escape_xml(text))
                }
                other => escape_xml(&format_cell(other)),
            };
            html.push_str(&format!("<td{class}>{content}</td>"));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n</div>\n");
    if let Some(link_base) = export_link_base {
        let link_base = encode_link_path(link_base);
        html.push_str(&format!(
            "<p class=\"exports\">Data: <a href=\"{link_base}.csv\" download>CSV</a> · <a href=\"{link_base}.json\" download>JSON</a></p>\n"
        ));
    }
    html.push_str("</div>\n");
}

/// A column is right-aligned when every non-empty cell in it is a number.
pub(crate) fn numeric_columns(table: &Table, n_columns: usize) -> Vec<bool> {
    (0..n_columns)
        .map(|column_idx| {
            let mut cells = table
                .rows
                .iter()
                .filter_map(|row| row.get(column_idx))
                .filter(|cell| **cell != Cell::Empty)
                .peekable();
            cells.peek().is_some() && cells.all(is_numeric)
        })
        .collect()
}

/// Inline CSS: readable on screen and in print, no web fonts, no images.
const STYLE_SHEET: &str = "\
:root { color-scheme: light; }
body { margin: 0; background: #f6f6f4; color: #222; font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 20px 48px; background: #fff; }
h1 { font-size: 1.8em; margin: 0.2em 0; }
h2 { font-size: 1.35em; margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
.subtitle { color: #555; margin-top: 0; }
.notice { background: #fff3cd; border: 2px solid #b26b00; color: #5a3500; padding: 10px 14px; margin: 0 0 16px; font-size: 1.05em; border-radius: 4px; }
.key-figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; margin: 20px 0; }
.figure { border: 1px solid #ddd; border-left: 4px solid #0072B2; padding: 10px 12px; border-radius: 4px; }
.figure-value { font-size: 1.6em; font-weight: 700; font-variant-numeric: tabular-nums; }
.figure-label { color: #333; }
.figure-note { color: #666; font-size: 0.9em; }
.contents ol { columns: 2; }
figure.chart { margin: 16px 0; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 12px 0 4px; font-size: 0.92em; }
caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafafa; }
.exports { font-size: 0.88em; color: #555; margin-top: 0; }
@media print { body { background: #fff; } main { padding: 0; } .exports, .contents { display: none; } figure.chart, table { break-inside: avoid; } }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_columns_ignore_empty_cells() {
        let table = Table {
            columns: vec!["name".into(), "value".into(), "blank".into()],
            rows: vec![
                vec![Cell::Text("a".into()), Cell::Number(1.0), Cell::Empty],
                vec![Cell::Text("b".into()), Cell::Empty, Cell::Empty],
            ],
            ..Table::default()
        };
        assert_eq!(numeric_columns(&table, 3), [false, true, false]);
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let mut html = String::new();
        push_paragraphs(&mut html, "one\ntwo\n\n\nthree <b>");
        assert_eq!(html, "<p>one<br>\ntwo</p>\n<p>three &lt;b&gt;</p>\n");
    }
}
