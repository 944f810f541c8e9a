//! Line charts: values over periods with optional highlighted points and a
//! horizontal reference line.

use super::axis::{LinearScale, TickStyle, compact_number, nice_ticks, tick_labels};
use super::{
    CHART_WIDTH, INK, PlotArea, Swatch, TITLE_BAND, close_svg, legend_height, open_svg,
    period_label, push_horizontal_grid, push_legend, push_period_labels, push_text, series_style,
    tooltip,
};
use crate::escape::escape_xml;
use crate::format::{format_number, truncate_label};
use crate::model::{Highlight, ReferenceLine, Series};

/// Borrowed fields of `Chart::Lines`.
pub(crate) struct LineChart<'a> {
    pub title: &'a str,
    pub periods: &'a [String],
    pub series: &'a [Series],
    pub highlights: &'a [Highlight],
    pub reference: Option<&'a ReferenceLine>,
    pub y_label: &'a str,
}

const PLOT_LEFT: f64 = 80.0;
const PLOT_RIGHT_MARGIN: f64 = 24.0;
const PLOT_HEIGHT: f64 = 260.0;
/// Above this many periods points shrink so they do not merge into a band.
const MANY_POINTS: usize = 60;

pub(crate) fn render(chart: &LineChart<'_>, id_prefix: &str) -> String {
    let n_points = chart
        .series
        .iter()
        .map(|series| series.values.len())
        .chain(std::iter::once(chart.periods.len()))
        .max()
        .unwrap_or(0);
    let plot = PlotArea {
        left: PLOT_LEFT,
        top: TITLE_BAND + 12.0,
        width: CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT_MARGIN,
        height: PLOT_HEIGHT,
    };
    let legend_top = plot.bottom() + 32.0;
    let height = legend_top + legend_height(chart.series.len(), plot.width) + 12.0;

    // The axis always includes zero: trade values are compared by size, and a
    // truncated axis exaggerates changes.
    let reference_value = chart
        .reference
        .map(|line| line.value)
        .filter(|v| v.is_finite());
    let (mut low, mut high) = (0.0_f64, 0.0_f64);
    for value in finite_points(chart.series)
        .map(|(_, _, value)| value)
        .chain(reference_value)
    {
        low = low.min(value);
        high = high.max(value);
    }
    let ticks = nice_ticks(low, high, 5);
    let y_scale = LinearScale::new(ticks.first(), ticks.last(), plot.bottom(), plot.top);
    let x_positions: Vec<f64> = (0..n_points)
        .map(|idx| point_x(&plot, idx, n_points))
        .collect();

    let mut out = String::new();
    open_svg(
        &mut out,
        height,
        id_prefix,
        chart.title,
        &describe(chart, n_points),
    );
    push_horizontal_grid(
        &mut out,
        &plot,
        &ticks.values,
        &tick_labels(&ticks, TickStyle::Compact),
        &y_scale,
    );
    out.push_str(&format!(
        "<text class=\"axis-title\" transform=\"translate(16 {:.1}) rotate(-90)\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>\n",
        plot.top + plot.height / 2.0,
        escape_xml(&truncate_label(chart.y_label, 45))
    ));
    let labels: Vec<String> = (0..n_points)
        .map(|idx| period_label(chart.periods, idx))
        .collect();
    push_period_labels(&mut out, &plot, &labels, &x_positions);

    if let Some(reference) = chart.reference.filter(|line| line.value.is_finite()) {
        let y = y_scale.map(reference.value);
        out.push_str(&format!(
            "<g class=\"reference\"><line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{INK}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\">{}</line>\n",
            plot.left,
            plot.right(),
            tooltip(&format!("{}: {}", reference.label, format_number(reference.value)))
        ));
        push_text(
            &mut out,
            plot.right() - 4.0,
            y - 5.0,
            "end",
            "reference-label",
            &truncate_label(&reference.label, 50),
        );
        out.push_str("</g>\n");
    }

    let point_radius = if n_points > MANY_POINTS { 2.0 } else { 3.5 };
    for (series_idx, series) in chart.series.iter().enumerate() {
        let style = series_style(series_idx);
        out.push_str(&format!(
            "<g class=\"series\" data-series=\"{series_idx}\">\n"
        ));
        let path = line_path(series, &x_positions, &y_scale);
        if !path.is_empty() {
            let dash = style
                .dash
                .map(|dash| format!(" stroke-dasharray=\"{dash}\""))
                .unwrap_or_default();
            out.push_str(&format!(
                "<path class=\"line\" d=\"{path}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" stroke-linejoin=\"round\"{dash}/>\n",
                style.colour
            ));
        }
        for (period_idx, value) in finite_values(series) {
            let Some(x) = x_positions.get(period_idx) else {
                continue;
            };
            out.push_str(&format!(
                "<circle class=\"mark\" cx=\"{x:.1}\" cy=\"{:.1}\" r=\"{point_radius}\" fill=\"{}\">{}</circle>\n",
                y_scale.map(value),
                style.colour,
                tooltip(&format!(
                    "{} · {}: {}",
                    series.name,
                    period_label(chart.periods, period_idx),
                    format_number(value)
                ))
            ));
        }
        out.push_str("</g>\n");
    }

    for highlight in chart.highlights {
        push_highlight(&mut out, chart, highlight, &plot, &x_positions, &y_scale);
    }

    let legend_entries: Vec<(String, _)> = chart
        .series
        .iter()
        .enumerate()
        .map(|(series_idx, series)| (series.name.clone(), series_style(series_idx)))
        .collect();
    push_legend(
        &mut out,
        &legend_entries,
        Swatch::Line,
        plot.left,
        legend_top,
        plot.width,
    );
    close_svg(&mut out);
    out
}

/// X position of point `idx` of `n_points`; a single point sits in the middle.
fn point_x(plot: &PlotArea, idx: usize, n_points: usize) -> f64 {
    if n_points <= 1 {
        plot.left + plot.width / 2.0
    } else {
        plot.left + idx as f64 * plot.width / (n_points - 1) as f64
    }
}

/// `(period index, value)` of every finite value of a series.
fn finite_values(series: &Series) -> impl Iterator<Item = (usize, f64)> + '_ {
    series
        .values
        .iter()
        .enumerate()
        .filter_map(|(period_idx, value)| value.filter(|v| v.is_finite()).map(|v| (period_idx, v)))
}

/// `(series index, period index, value)` of every finite value.
fn finite_points(series: &[Series]) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
    series
        .iter()
        .enumerate()
        .flat_map(|(series_idx, one_series)| {
            finite_values(one_series)
                .map(move |(period_idx, value)| (series_idx, period_idx, value))
        })
}

/// The path joining consecutive finite values; a gap starts a new subpath
/// so missing months are not bridged by an invented line.
fn line_path(series: &Series, x_positions: &[f64], y_scale: &LinearScale) -> String {
    let mut path = String::new();
    let mut pen_down = false;
    for (period_idx, value) in series.values.iter().enumerate() {
        match (value.filter(|v| v.is_finite()), x_positions.get(period_idx)) {
            (Some(value), Some(x)) => {
                let command = if pen_down { 'L' } else { 'M' };
                path.push_str(&format!("{command}{x:.1} {:.1} ", y_scale.map(value)));
                pen_down = true;
            }
            _ => pen_down = false,
        }
    }
    path.trim_end().to_owned()
}

fn push_highlight(
    out: &mut String,
    chart: &LineChart<'_>,
    highlight: &Highlight,
    plot: &PlotArea,
    x_positions: &[f64],
    y_scale: &LinearScale,
) {
    // Highlights pointing at a missing series, period or value are skipped:
    // they come from a different query than the series and may disagree.
    let Some(series) = chart.series.get(highlight.series) else {
        return;
    };
    let Some(value) = series
        .values
        .get(highlight.period_index)
        .copied()
        .flatten()
        .filter(|v| v.is_finite())
    else {
        return;
    };
    let Some(x) = x_positions.get(highlight.period_index).copied() else {
        return;
    };
    let y = y_scale.map(value);
    out.push_str(&format!(
        "<g class=\"highlight\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"8\" fill=\"none\" stroke=\"#D55E00\" stroke-width=\"2.5\">{}</circle>\n",
        tooltip(&format!(
            "{} · {} · {}: {}",
            highlight.label,
            series.name,
            period_label(chart.periods, highlight.period_index),
            format_number(value)
        ))
    ));
    let anchor = if x > plot.right() - 120.0 {
        "end"
    } else if x < plot.left + 120.0 {
        "start"
    } else {
        "middle"
    };
    let label_y = if y - 14.0 < plot.top + 10.0 {
        y + 24.0
    } else {
        y - 14.0
    };
    out.push_str(&format!(
        "<text class=\"highlight-label\" x=\"{x:.1}\" y=\"{label_y:.1}\" text-anchor=\"{anchor}\" font-weight=\"bold\" fill=\"#D55E00\" \
         stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text></g>\n",
        escape_xml(&truncate_label(&highlight.label, 40))
    ));
}

fn describe(chart: &LineChart<'_>, n_points: usize) -> String {
    let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
    for (_, _, value) in finite_points(chart.series) {
        low = low.min(value);
        high = high.max(value);
    }
    if low > high {
        return format!(
            "Line chart with {} series and no values.",
            chart.series.len()
        );
    }
    let span = match (chart.periods.first(), chart.periods.last()) {
        (Some(first), Some(last)) if n_points > 1 => format!(" from {first} to {last}"),
        _ => String::new(),
    };
    let names: Vec<&str> = chart
        .series
        .iter()
        .map(|series| series.name.as_str())
        .take(10)
        .collect();
    format!(
        "Line chart of {} series ({}) over {n_points} periods{span}; values range from {} to {} {}.",
        chart.series.len(),
        names.join(", "),
        compact_number(low),
        compact_number(high),
        chart.y_label
    )
}
