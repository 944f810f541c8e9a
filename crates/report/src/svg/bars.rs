//! Horizontal bar charts: one labelled bar per item, optionally emphasised
//! in a second colour.

use super::axis::{LinearScale, TickStyle, compact_number, nice_ticks, tick_labels};
use super::{
    CHAR_WIDTH, CHART_WIDTH, GRID, INK, PlotArea, SeriesStyle, Swatch, TITLE_BAND, close_svg,
    legend_height, open_svg, push_legend, push_text, series_style, tooltip,
};
use crate::format::{format_number, truncate_label};
use crate::model::Bar;

/// Characters of a bar label that fit left of the plot.
const LABEL_CHARS: usize = 30;
const PLOT_LEFT: f64 = 16.0 + LABEL_CHARS as f64 * CHAR_WIDTH + 8.0;
/// Room right of the plot for the value printed after the longest bar.
const PLOT_RIGHT_MARGIN: f64 = 64.0;
const ROW_HEIGHT: f64 = 24.0;
const BAR_HEIGHT: f64 = 16.0;

pub(crate) fn render(
    title: &str,
    bars: &[Bar],
    x_label: &str,
    emphasis_label: Option<&str>,
    id_prefix: &str,
) -> String {
    let plot = PlotArea {
        left: PLOT_LEFT,
        top: TITLE_BAND + 12.0,
        width: CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT_MARGIN,
        height: bars.len().max(1) as f64 * ROW_HEIGHT,
    };
    let normal_style = series_style(0);
    let emphasis_style = series_style(3);
    let legend_entries: Vec<(String, SeriesStyle)> = match emphasis_label {
        Some(label) if bars.iter().any(|bar| bar.emphasis) => {
            vec![(label.to_owned(), emphasis_style)]
        }
        _ => Vec::new(),
    };
    let legend_top = plot.bottom() + 46.0;
    let height = legend_top + legend_height(legend_entries.len(), plot.width) + 12.0;

    let (mut low, mut high) = (0.0_f64, 0.0_f64);
    for bar in bars.iter().filter(|bar| bar.value.is_finite()) {
        low = low.min(bar.value);
        high = high.max(bar.value);
    }
    let ticks = nice_ticks(low, high, 5);
    let x_scale = LinearScale::new(ticks.first(), ticks.last(), plot.left, plot.right());

    let mut out = String::new();
    open_svg(&mut out, height, id_prefix, title, &describe(bars, x_label));
    out.push_str("<g class=\"axis x-axis\">\n");
    for (value, label) in ticks
        .values
        .iter()
        .zip(tick_labels(&ticks, TickStyle::Compact))
    {
        let x = x_scale.map(*value);
        let stroke = if *value == 0.0 { INK } else { GRID };
        out.push_str(&format!(
            "<line class=\"grid\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{stroke}\"/>\n",
            plot.top,
            plot.bottom()
        ));
        push_text(
            &mut out,
            x,
            plot.bottom() + 16.0,
            "middle",
            "tick-label",
            &label,
        );
    }
    push_text(
        &mut out,
        plot.left + plot.width / 2.0,
        plot.bottom() + 34.0,
        "middle",
        "axis-title",
        &truncate_label(x_label, 80),
    );
    out.push_str("</g>\n");

    let zero_x = x_scale.map(0.0);
    for (bar_idx, bar) in bars.iter().enumerate() {
        let row_top = plot.top + bar_idx as f64 * ROW_HEIGHT;
        let centre_y = row_top + ROW_HEIGHT / 2.0;
        push_text(
            &mut out,
            plot.left - 8.0,
            centre_y + 4.0,
            "end",
            "bar-label",
            &truncate_label(&bar.label, LABEL_CHARS),
        );
        if !bar.value.is_finite() {
            push_text(
                &mut out,
                zero_x + 4.0,
                centre_y + 4.0,
                "start",
                "bar-value",
                "n/a",
            );
            continue;
        }
        let style = if bar.emphasis {
            emphasis_style
        } else {
            normal_style
        };
        let value_x = x_scale.map(bar.value);
        let (x, width) = (zero_x.min(value_x), (value_x - zero_x).abs());
        let emphasis_class = if bar.emphasis { " emphasis" } else { "" };
        out.push_str(&format!(
            "<rect class=\"mark{emphasis_class}\" x=\"{x:.2}\" y=\"{:.2}\" width=\"{width:.2}\" height=\"{BAR_HEIGHT}\" fill=\"{}\">{}</rect>\n",
            centre_y - BAR_HEIGHT / 2.0,
            style.colour,
            tooltip(&format!("{}: {}", bar.label, format_number(bar.value)))
        ));
        let (label_x, anchor) = if bar.value < 0.0 {
            (value_x - 4.0, "end")
        } else {
            (value_x + 4.0, "start")
        };
        push_text(
            &mut out,
            label_x,
            centre_y + 4.0,
            anchor,
            "bar-value",
            &compact_number(bar.value),
        );
    }
    push_legend(
        &mut out,
        &legend_entries,
        Swatch::Block,
        plot.left,
        legend_top,
        plot.width,
    );
    close_svg(&mut out);
    out
}

fn describe(bars: &[Bar], x_label: &str) -> String {
    let listed: Vec<String> = bars
        .iter()
        .take(10)
        .map(|bar| format!("{} {}", bar.label, compact_number(bar.value)))
        .collect();
    let more = if bars.len() > listed.len() {
        ", …"
    } else {
        ""
    };
    format!(
        "Bar chart of {} items by {x_label}: {}{more}.",
        bars.len(),
        listed.join(", ")
    )
}
