//! Stacked share charts: one bar per period, split into the shares of each
//! series, on a fixed 0–100 % axis.

use super::axis::{LinearScale, TickStyle, nice_ticks, tick_labels};
use super::{
    CHART_WIDTH, PlotArea, Swatch, TITLE_BAND, close_svg, legend_height, open_svg, period_label,
    push_horizontal_grid, push_legend, push_period_labels, series_style, tooltip,
};
use crate::format::format_share;
use crate::model::Series;

const PLOT_LEFT: f64 = 60.0;
const PLOT_RIGHT_MARGIN: f64 = 24.0;
const PLOT_HEIGHT: f64 = 260.0;

pub(crate) fn render(
    title: &str,
    periods: &[String],
    series: &[Series],
    id_prefix: &str,
) -> String {
    let n_periods = series
        .iter()
        .map(|one_series| one_series.values.len())
        .chain(std::iter::once(periods.len()))
        .max()
        .unwrap_or(0);
    let plot = PlotArea {
        left: PLOT_LEFT,
        top: TITLE_BAND + 12.0,
        width: CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT_MARGIN,
        height: PLOT_HEIGHT,
    };
    let legend_top = plot.bottom() + 32.0;
    let height = legend_top + legend_height(series.len(), plot.width) + 12.0;

    let ticks = nice_ticks(0.0, 1.0, 5);
    let y_scale = LinearScale::new(0.0, 1.0, plot.bottom(), plot.top);
    let band_width = if n_periods == 0 {
        plot.width
    } else {
        plot.width / n_periods as f64
    };
    // Narrow bands get no gap, otherwise 84 monthly bars turn into hairlines.
    let bar_width = if band_width < 6.0 {
        band_width
    } else {
        band_width * 0.8
    };
    let band_centres: Vec<f64> = (0..n_periods)
        .map(|period_idx| plot.left + (period_idx as f64 + 0.5) * band_width)
        .collect();

    let mut out = String::new();
    open_svg(
        &mut out,
        height,
        id_prefix,
        title,
        &describe(periods, series, n_periods),
    );
    push_horizontal_grid(
        &mut out,
        &plot,
        &ticks.values,
        &tick_labels(&ticks, TickStyle::Percent),
        &y_scale,
    );
    let labels: Vec<String> = (0..n_periods)
        .map(|idx| period_label(periods, idx))
        .collect();
    push_period_labels(&mut out, &plot, &labels, &band_centres);

    out.push_str("<g class=\"stacks\">\n");
    for (period_idx, centre) in band_centres.iter().enumerate() {
        let shares = period_shares(series, period_idx);
        let mut stacked = 0.0;
        for (series_idx, share) in shares.iter().enumerate() {
            if *share <= 0.0 {
                continue;
            }
            let style = series_style(series_idx);
            let y_top = y_scale.map(stacked + share);
            let y_bottom = y_scale.map(stacked);
            stacked += share;
            out.push_str(&format!(
                "<rect class=\"mark\" data-series=\"{series_idx}\" x=\"{:.2}\" y=\"{y_top:.2}\" width=\"{bar_width:.2}\" height=\"{:.2}\" fill=\"{}\" fill-opacity=\"{}\">{}</rect>\n",
                centre - bar_width / 2.0,
                (y_bottom - y_top).max(0.0),
                style.colour,
                style.fill_opacity,
                tooltip(&format!(
                    "{} · {}: {}",
                    series[series_idx].name,
                    period_label(periods, period_idx),
                    format_share(*share)
                ))
            ));
        }
    }
    out.push_str("</g>\n");

    let legend_entries: Vec<(String, _)> = series
        .iter()
        .enumerate()
        .map(|(series_idx, one_series)| (one_series.name.clone(), series_style(series_idx)))
        .collect();
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

/// The drawn share of every series in one period. Missing, negative and
/// non-finite values count as zero; a period summing to more than 1 is
/// scaled down so the stack ends exactly at 100 %, while one summing to less
/// leaves the unexplained remainder visibly empty.
pub(crate) fn period_shares(series: &[Series], period_idx: usize) -> Vec<f64> {
    let raw: Vec<f64> = series
        .iter()
        .map(|one_series| {
            one_series
                .values
                .get(period_idx)
                .copied()
                .flatten()
                .filter(|v| v.is_finite() && *v > 0.0)
                .unwrap_or(0.0)
        })
        .collect();
    let total: f64 = raw.iter().sum();
    if total > 1.0 && total.is_finite() {
        raw.iter().map(|share| share / total).collect()
    } else if !total.is_finite() {
        // Several huge values can overflow the sum; treat as no data.
        vec![0.0; raw.len()]
    } else {
        raw
    }
}

fn describe(periods: &[String], series: &[Series], n_periods: usize) -> String {
    let span = match (periods.first(), periods.last()) {
        (Some(first), Some(last)) if n_periods > 1 => format!(" from {first} to {last}"),
        (Some(only), _) => format!(" for {only}"),
        _ => String::new(),
    };
    let latest = n_periods.checked_sub(1).map(|last_idx| {
        let shares = period_shares(series, last_idx);
        let parts: Vec<String> = series
            .iter()
            .zip(&shares)
            .take(10)
            .map(|(one_series, share)| format!("{} {}", one_series.name, format_share(*share)))
            .collect();
        format!(" Latest period: {}.", parts.join(", "))
    });
    format!(
        "Stacked shares of {} series over {n_periods} periods{span}.{}",
        series.len(),
        latest.unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(name: &str, values: &[Option<f64>]) -> Series {
        Series {
            name: name.into(),
            values: values.to_vec(),
        }
    }

    #[test]
    fn shares_are_clamped_and_never_exceed_one() {
        let input = [
            series("a", &[Some(0.7), Some(-0.2), Some(f64::NAN)]),
            series("b", &[Some(0.6), Some(0.5), None]),
        ];
        let first = period_shares(&input, 0);
        assert!((first.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(period_shares(&input, 1), [0.0, 0.5]);
        assert_eq!(period_shares(&input, 2), [0.0, 0.0]);
        assert_eq!(period_shares(&input, 9), [0.0, 0.0]);
        let huge = [
            series("x", &[Some(f64::MAX)]),
            series("y", &[Some(f64::MAX)]),
        ];
        assert_eq!(period_shares(&huge, 0), [0.0, 0.0]);
    }
}
