//! SVG charts written as plain strings, with no scripts and no external
//! resources, so they display the same offline, inline in HTML or as files
//! next to Markdown.
//!
//! Every data mark (a line point, a stacked segment, a bar, a flow band) is
//! an element with `class="mark"` and a `<title>` child carrying its value:
//! browsers show it as a tooltip, screen readers read it, and tests count
//! marks without parsing geometry. Decorations (gridlines, lines joining
//! points, legend swatches) never carry the `mark` class.

pub(crate) mod axis;
mod bars;
mod flows;
mod lines;
mod shares;

use crate::escape::escape_xml;
use crate::format::truncate_label;
use crate::model::Chart;

/// Renders a chart as a standalone SVG document.
///
/// The result has an `xmlns`, a `viewBox`, a `<title>` and a `<desc>`
/// summarising the data, and never panics, whatever the input.
pub fn render_svg(chart: &Chart) -> String {
    render_svg_with_id(chart, "chart")
}

/// Renders a chart whose element ids start with `id_prefix`, so several
/// charts can be inlined in one HTML page without clashing ids. The prefix
/// must be a valid XML name made by our own code.
pub(crate) fn render_svg_with_id(chart: &Chart, id_prefix: &str) -> String {
    match chart {
        Chart::StackedShares {
            title,
            periods,
            series,
        } => shares::render(title, periods, series, id_prefix),
        Chart::Lines {
            title,
            periods,
            series,
            highlights,
            reference,
            y_label,
        } => lines::render(
            &lines::LineChart {
                title,
                periods,
                series,
                highlights,
                reference: reference.as_ref(),
                y_label,
            },
            id_prefix,
        ),
        Chart::Bars {
            title,
            bars,
            x_label,
            emphasis_label,
        } => bars::render(title, bars, x_label, emphasis_label.as_deref(), id_prefix),
        Chart::Flows { title, links, unit } => flows::render(title, links, unit, id_prefix),
    }
}

/// Width of every chart in SVG user units; HTML scales it down responsively.
pub(crate) const CHART_WIDTH: f64 = 800.0;
/// Height of the band at the top holding the chart heading.
pub(crate) const TITLE_BAND: f64 = 40.0;
/// Font stack available on every platform without web fonts.
const FONT_FAMILY: &str = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
/// Approximate width of one character at the 11 px label size, used to
/// thin and truncate labels without measuring text.
pub(crate) const CHAR_WIDTH: f64 = 6.5;
/// Colour of axis text and reference lines.
pub(crate) const INK: &str = "#333333";
/// Colour of gridlines.
pub(crate) const GRID: &str = "#dddddd";

/// The Okabe–Ito palette, distinguishable with the common colour-vision
/// deficiencies. Yellow comes late because it is faint on white.
const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
];
/// Dash patterns for lines once the palette has been used up.
const DASHES: [Option<&str>; 4] = [None, Some("7 3"), Some("2 2"), Some("9 3 2 3")];
/// Fill opacities for areas once the palette has been used up.
const FILL_OPACITIES: [f64; 4] = [1.0, 0.55, 0.3, 0.8];

/// How one series is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SeriesStyle {
    /// Stroke or fill colour.
    pub colour: &'static str,
    /// `stroke-dasharray` for lines; `None` is solid.
    pub dash: Option<&'static str>,
    /// Fill opacity for areas.
    pub fill_opacity: f64,
}

/// The style of the series at `series_idx`: palette colours first, then the
/// same colours dashed (lines) or lighter (areas), so any number of series
/// stays drawable.
pub(crate) fn series_style(series_idx: usize) -> SeriesStyle {
    let cycle = series_idx / PALETTE.len();
    SeriesStyle {
        colour: PALETTE[series_idx % PALETTE.len()],
        dash: DASHES[cycle % DASHES.len()],
        fill_opacity: FILL_OPACITIES[cycle % FILL_OPACITIES.len()],
    }
}

/// The rectangle that data is drawn into, in SVG user units.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlotArea {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl PlotArea {
    pub fn right(&self) -> f64 {
        self.left + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.top + self.height
    }
}

/// Writes the `<svg>` start tag, the accessible `<title>` and `<desc>`, a
/// white background and the visible heading.
pub(crate) fn open_svg(
    out: &mut String,
    height: f64,
    id_prefix: &str,
    title: &str,
    description: &str,
) {
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {CHART_WIDTH} {height:.0}\" \
         width=\"{CHART_WIDTH}\" height=\"{height:.0}\" role=\"img\" \
         aria-labelledby=\"{id_prefix}-title {id_prefix}-desc\" class=\"chokepoint-chart\" \
         font-family=\"{FONT_FAMILY}\" font-size=\"11\">\n"
    ));
    out.push_str(&format!(
        "<title id=\"{id_prefix}-title\">{}</title>\n",
        escape_xml(title)
    ));
    out.push_str(&format!(
        "<desc id=\"{id_prefix}-desc\">{}</desc>\n",
        escape_xml(description)
    ));
    out.push_str(&format!(
        "<rect class=\"background\" x=\"0\" y=\"0\" width=\"{CHART_WIDTH}\" height=\"{height:.0}\" fill=\"#ffffff\"/>\n"
    ));
    out.push_str(&format!(
        "<text class=\"chart-title\" x=\"16\" y=\"24\" font-size=\"15\" font-weight=\"bold\" fill=\"{INK}\">{}</text>\n",
        escape_xml(&truncate_label(title, 100))
    ));
}

/// Closes the document opened by [`open_svg`].
pub(crate) fn close_svg(out: &mut String) {
    out.push_str("</svg>\n");
}

/// Writes a `<text>` element; `content` is raw and gets escaped here.
pub(crate) fn push_text(
    out: &mut String,
    x: f64,
    y: f64,
    anchor: &str,
    class: &str,
    content: &str,
) {
    out.push_str(&format!(
        "<text class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" fill=\"{INK}\">{}</text>\n",
        escape_xml(content)
    ));
}

/// Draws horizontal gridlines with value labels left of the plot.
pub(crate) fn push_horizontal_grid(
    out: &mut String,
    plot: &PlotArea,
    tick_values: &[f64],
    tick_labels: &[String],
    scale: &axis::LinearScale,
) {
    out.push_str("<g class=\"axis y-axis\">\n");
    for (value, label) in tick_values.iter().zip(tick_labels) {
        let y = scale.map(*value);
        let stroke = if *value == 0.0 { INK } else { GRID };
        out.push_str(&format!(
            "<line class=\"grid\" x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{stroke}\" stroke-width=\"1\"/>\n",
            plot.left,
            plot.right()
        ));
        push_text(out, plot.left - 6.0, y + 4.0, "end", "tick-label", label);
    }
    out.push_str("</g>\n");
}

/// Writes period labels under the plot, thinned so they do not overlap.
/// `x_positions` has one entry per period.
pub(crate) fn push_period_labels(
    out: &mut String,
    plot: &PlotArea,
    labels: &[String],
    x_positions: &[f64],
) {
    let widest = labels
        .iter()
        .map(|label| label.chars().count().min(12))
        .max()
        .unwrap_or(1);
    let label_width = widest as f64 * CHAR_WIDTH + 12.0;
    let stride = axis::label_stride(labels.len(), label_width, plot.width);
    out.push_str("<g class=\"axis x-axis\">\n");
    out.push_str(&format!(
        "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{INK}\" stroke-width=\"1\"/>\n",
        plot.left,
        plot.bottom(),
        plot.right(),
        plot.bottom()
    ));
    for (label_idx, (label, x)) in labels.iter().zip(x_positions).enumerate() {
        if label_idx % stride != 0 {
            continue;
        }
        out.push_str(&format!(
            "<line class=\"tick\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{INK}\"/>\n",
            plot.bottom(),
            plot.bottom() + 4.0
        ));
        push_text(
            out,
            *x,
            plot.bottom() + 17.0,
            "middle",
            "tick-label",
            &truncate_label(label, 12),
        );
    }
    out.push_str("</g>\n");
}

/// How a legend entry's swatch looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Swatch {
    /// A short line, for line charts.
    Line,
    /// A filled square, for areas and bars.
    Block,
}

/// Width reserved per legend entry.
const LEGEND_ENTRY_WIDTH: f64 = 190.0;
/// Height of one legend row.
const LEGEND_ROW_HEIGHT: f64 = 18.0;
/// Characters of a legend label that fit its entry.
const LEGEND_LABEL_CHARS: usize = 25;

/// Height the legend for `n_entries` takes at `width`.
pub(crate) fn legend_height(n_entries: usize, width: f64) -> f64 {
    if n_entries == 0 {
        return 0.0;
    }
    let per_row = ((width / LEGEND_ENTRY_WIDTH).floor() as usize).max(1);
    n_entries.div_ceil(per_row) as f64 * LEGEND_ROW_HEIGHT
}

/// Draws a legend in rows starting at (`left`, `top`).
pub(crate) fn push_legend(
    out: &mut String,
    entries: &[(String, SeriesStyle)],
    swatch: Swatch,
    left: f64,
    top: f64,
    width: f64,
) {
    let per_row = ((width / LEGEND_ENTRY_WIDTH).floor() as usize).max(1);
    out.push_str("<g class=\"legend\">\n");
    for (entry_idx, (label, style)) in entries.iter().enumerate() {
        let x = left + (entry_idx % per_row) as f64 * LEGEND_ENTRY_WIDTH;
        let y = top + (entry_idx / per_row) as f64 * LEGEND_ROW_HEIGHT + 9.0;
        match swatch {
            Swatch::Line => {
                let dash = style
                    .dash
                    .map(|dash| format!(" stroke-dasharray=\"{dash}\""))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "<line class=\"swatch\" x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{}\" stroke-width=\"2.5\"{dash}/>\n",
                    x + 20.0,
                    style.colour
                ));
            }
            Swatch::Block => {
                out.push_str(&format!(
                    "<rect class=\"swatch\" x=\"{:.1}\" y=\"{:.1}\" width=\"14\" height=\"10\" fill=\"{}\" fill-opacity=\"{}\"/>\n",
                    x + 3.0,
                    y - 5.0,
                    style.colour,
                    style.fill_opacity
                ));
            }
        }
        out.push_str(&format!(
            "<text class=\"legend-label\" x=\"{:.1}\" y=\"{:.1}\" fill=\"{INK}\"><title>{}</title>{}</text>\n",
            x + 26.0,
            y + 4.0,
            escape_xml(label),
            escape_xml(&truncate_label(label, LEGEND_LABEL_CHARS))
        ));
    }
    out.push_str("</g>\n");
}

/// Writes a data mark's tooltip: `<title>` content, escaped.
pub(crate) fn tooltip(text: &str) -> String {
    format!("<title>{}</title>", escape_xml(text))
}

/// The label of period `period_idx`, or "#n" when a series is longer than
/// the period list, so extra values are still shown rather than dropped.
pub(crate) fn period_label(periods: &[String], period_idx: usize) -> String {
    periods
        .get(period_idx)
        .cloned()
        .unwrap_or_else(|| format!("#{}", period_idx + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_cycle_through_palette_then_vary() {
        assert_eq!(series_style(0).colour, "#0072B2");
        assert_eq!(series_style(0).dash, None);
        assert_eq!(series_style(8).colour, "#0072B2");
        assert!(series_style(8).dash.is_some());
        assert!(series_style(8).fill_opacity < 1.0);
        // Far beyond any realistic count, still no panic.
        let _ = series_style(usize::MAX);
    }

    #[test]
    fn legend_wraps_into_rows() {
        assert_eq!(legend_height(0, 760.0), 0.0);
        assert_eq!(legend_height(4, 760.0), LEGEND_ROW_HEIGHT);
        assert_eq!(legend_height(5, 760.0), 2.0 * LEGEND_ROW_HEIGHT);
    }
}
