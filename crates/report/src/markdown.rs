//! The Markdown renderer: GitHub-flavoured Markdown with charts as SVG
//! files beside it, since Markdown cannot carry inline SVG portably.

use crate::escape::encode_link_path;
use crate::export::export_stems;
use crate::format::format_cell;
use crate::html::numeric_columns;
use crate::model::{Cell, Report, Table};
use crate::svg::render_svg_with_id;

/// A rendered Markdown report and the files it references.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MarkdownReport {
    /// The Markdown document.
    pub markdown: String,
    /// Files the document references, as (path relative to the document,
    /// content); one SVG per chart, named `chart-N.svg`.
    pub assets: Vec<(String, String)>,
}

/// Options for [`render_markdown_with`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MarkdownOptions {
    /// Directory, relative to the document, for the chart SVGs.
    pub assets_dir: String,
    /// Directory, relative to the document, holding each table's CSV and
    /// JSON export; `None` writes no links to them.
    pub exports_dir: Option<String>,
}

/// Renders a report as Markdown with chart SVGs under `assets_dir` and no
/// links to table exports.
pub fn render_markdown(report: &Report, assets_dir: &str) -> MarkdownReport {
    render_markdown_with(
        report,
        &MarkdownOptions {
            assets_dir: assets_dir.to_owned(),
            exports_dir: None,
        },
    )
}

/// Renders a report as Markdown.
pub fn render_markdown_with(report: &Report, options: &MarkdownOptions) -> MarkdownReport {
    let mut markdown = String::new();
    let mut assets = Vec::new();
    if let Some(notice) = &report.notice {
        markdown.push_str(&format!("> **⚠ Notice:** {}\n\n", escape_inline(notice)));
    }
    markdown.push_str(&format!("# {}\n\n", escape_inline(&report.title)));
    if let Some(subtitle) = &report.subtitle {
        markdown.push_str(&format!("_{}_\n\n", escape_inline(subtitle)));
    }
    if !report.key_figures.is_empty() {
        markdown.push_str("| Key figure | Value | Note |\n| --- | ---: | --- |\n");
        for figure in &report.key_figures {
            markdown.push_str(&format!(
                "| {} | **{}** | {} |\n",
                escape_cell(&figure.label),
                escape_cell(&figure.value),
                escape_cell(figure.note.as_deref().unwrap_or(""))
            ));
        }
        markdown.push('\n');
    }

    let stems = export_stems(report);
    let mut table_counter = 0;
    let mut chart_counter = 0;
    for section in &report.sections {
        markdown.push_str(&format!("## {}\n\n", escape_inline(&section.title)));
        if let Some(text) = &section.text {
            push_paragraphs(&mut markdown, text);
        }
        for chart in &section.charts {
            chart_counter += 1;
            let asset_path =
                join_relative(&options.assets_dir, &format!("chart-{chart_counter}.svg"));
            markdown.push_str(&format!(
                "![{}]({})\n\n",
                escape_inline(chart.title()),
                encode_link_path(&asset_path)
            ));
            let svg = render_svg_with_id(chart, &format!("chart-{chart_counter}"));
            assets.push((asset_path, svg));
        }
        for table in &section.tables {
            push_table(&mut markdown, table);
            if let (Some(dir), Some(stem)) = (&options.exports_dir, stems.get(table_counter)) {
                let base = encode_link_path(&join_relative(dir, stem));
                markdown.push_str(&format!(
                    "Data: [CSV]({base}.csv) · [JSON]({base}.json)\n\n"
                ));
            }
            table_counter += 1;
        }
    }
    MarkdownReport { markdown, assets }
}

fn join_relative(dir: &str, file_name: &str) -> String {
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() {
        file_name.to_owned()
    } else {
        format!("{dir}/{file_name}")
    }
}

fn push_paragraphs(markdown: &mut String, text: &str) {
    let normalised = text.replace("\r\n", "\n");
    for paragraph in normalised
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let lines: Vec<String> = paragraph.lines().map(escape_line_start).collect();
        // Two trailing spaces keep the caller's single line breaks.
        markdown.push_str(&lines.join("  \n"));
        markdown.push_str("\n\n");
    }
}

fn push_table(markdown: &mut String, table: &Table) {
    let column_names = table.column_names();
    if !table.caption.is_empty() {
        markdown.push_str(&format!("**{}**\n\n", escape_inline(&table.caption)));
    }
    if column_names.is_empty() {
        markdown.push_str("_(empty table)_\n\n");
        return;
    }
    let numeric = numeric_columns(table, column_names.len());
    let header: Vec<String> = column_names.iter().map(|name| escape_cell(name)).collect();
    markdown.push_str(&format!("| {} |\n", header.join(" | ")));
    let rule: Vec<&str> = numeric
        .iter()
        .map(|is_numeric| if *is_numeric { "---:" } else { "---" })
        .collect();
    markdown.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in &table.rows {
        let cells: Vec<String> = (0..column_names.len())
            .map(|column_idx| {
                escape_cell(&format_cell(row.get(column_idx).unwrap_or(&Cell::Empty)))
            })
            .collect();
        markdown.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    markdown.push('\n');
}

/// Escapes characters that Markdown would read as formatting or HTML, so
/// names like `AT&T <Ltd>` or `corridor_scores` show literally.
fn escape_inline(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' => {
                escaped.push('\\');
                escaped.push(character);
            }
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '\r' | '\n' => escaped.push(' '),
            other => escaped.push(other),
        }
    }
    escaped
}

/// A table cell: inline escaping, and never a line break, which would end
/// the table row.
fn escape_cell(text: &str) -> String {
    escape_inline(text.trim())
}

/// A prose line: inline escaping plus a backslash before characters that
/// would start a heading, list or quote at the beginning of a line.
fn escape_line_start(line: &str) -> String {
    let escaped = escape_inline(line);
    match escaped.chars().next() {
        Some('#' | '-' | '+' | '=') => format!("\\{escaped}"),
        _ => escaped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_markup_and_newlines() {
        assert_eq!(
            escape_cell(" a|b\nc <Ltd> *x* "),
            "a\\|b c &lt;Ltd&gt; \\*x\\*"
        );
    }

    #[test]
    fn prose_lines_cannot_become_headings() {
        let mut markdown = String::new();
        push_paragraphs(&mut markdown, "# not a heading\n- not a list");
        assert_eq!(markdown, "\\# not a heading  \n\\- not a list\n\n");
    }

    #[test]
    fn asset_paths_join_without_double_slashes() {
        assert_eq!(
            join_relative("report_files/", "chart-1.svg"),
            "report_files/chart-1.svg"
        );
        assert_eq!(join_relative("", "chart-1.svg"), "chart-1.svg");
    }
}
