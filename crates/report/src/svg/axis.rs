//! Axis arithmetic shared by all charts: nice ticks, linear scales, compact
//! tick labels and thinning of period labels.

/// Tick positions covering a data range, spaced in 1-2-5 steps.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    /// Tick values from lowest to highest; the first is ≤ the data minimum
    /// and the last ≥ the data maximum.
    pub values: Vec<f64>,
    /// Distance between neighbouring ticks.
    pub step: f64,
}

impl Ticks {
    /// Lowest tick, which is the bottom of the axis.
    pub fn first(&self) -> f64 {
        self.values.first().copied().unwrap_or(0.0)
    }

    /// Highest tick, which is the top of the axis.
    pub fn last(&self) -> f64 {
        self.values.last().copied().unwrap_or(1.0)
    }
}

/// Largest magnitude we lay out; beyond it spans overflow to infinity.
const MAX_MAGNITUDE: f64 = 1e300;

/// Picks about `target_count` round ticks spanning `min..=max`.
///
/// Non-finite bounds fall back to 0..1, and an empty span is widened, so the
/// result always has at least two distinct ticks and a positive step.
pub(crate) fn nice_ticks(min: f64, max: f64, target_count: usize) -> Ticks {
    let (mut low, mut high) = if min.is_finite() && max.is_finite() {
        (
            min.clamp(-MAX_MAGNITUDE, MAX_MAGNITUDE),
            max.clamp(-MAX_MAGNITUDE, MAX_MAGNITUDE),
        )
    } else {
        (0.0, 1.0)
    };
    if low > high {
        std::mem::swap(&mut low, &mut high);
    }
    if low == high {
        let widen_by = if low == 0.0 { 1.0 } else { low.abs() * 0.1 };
        low -= widen_by;
        high += widen_by;
        if low < 0.0 && min >= 0.0 {
            // A flat non-negative series should not get a negative axis.
            low = 0.0;
        }
    }
    let step = nice_step((high - low) / target_count.max(1) as f64);
    let first_index = (low / step).floor();
    let last_index = (high / step).ceil();
    // Ticks are computed from integer multiples of the step rather than by
    // repeated addition, so rounding errors do not accumulate.
    let n_ticks = ((last_index - first_index) as usize).clamp(1, 1000) + 1;
    let values = (0..n_ticks)
        .map(|tick_idx| {
            let value = (first_index + tick_idx as f64) * step;
            if value == 0.0 { 0.0 } else { value }
        })
        .collect();
    Ticks { values, step }
}

/// Rounds a raw step up to 1, 2 or 5 times a power of ten.
fn nice_step(raw_step: f64) -> f64 {
    if !raw_step.is_finite() || raw_step <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(raw_step.log10().floor());
    let normalised = raw_step / power;
    let nice = if normalised <= 1.0 + 1e-9 {
        1.0
    } else if normalised <= 2.0 + 1e-9 {
        2.0
    } else if normalised <= 5.0 + 1e-9 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// How tick values are written on an axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TickStyle {
    /// Compact numbers: 350k, 1.2M, 4B.
    Compact,
    /// Fractions as percentages: 0.45 → 45%.
    Percent,
}

/// Writes every tick with the same suffix and number of decimals, chosen
/// from the largest tick and the step, so labels read 0, 0.5M, 1M, 1.5M.
pub(crate) fn tick_labels(ticks: &Ticks, style: TickStyle) -> Vec<String> {
    let (scale, suffix) = match style {
        TickStyle::Percent => (0.01, "%"),
        TickStyle::Compact => {
            let largest = ticks.values.iter().fold(0.0_f64, |acc, v| acc.max(v.abs()));
            compact_unit(largest)
        }
    };
    let scaled_step = ticks.step / scale;
    let decimals = decimals_for_step(scaled_step);
    ticks
        .values
        .iter()
        .map(|value| {
            let text = format!("{:.decimals$}", value / scale);
            let is_zero = text
                .trim_start_matches('-')
                .chars()
                .all(|c| c == '0' || c == '.');
            match (is_zero, style) {
                // A bare zero reads better than "0.0M" at the axis origin.
                (true, TickStyle::Compact) => "0".to_owned(),
                (true, TickStyle::Percent) => "0%".to_owned(),
                (false, _) => format!("{text}{suffix}"),
            }
        })
        .collect()
}

/// Formats a single value compactly, for bar ends and node labels.
pub(crate) fn compact_number(value: f64) -> String {
    if !value.is_finite() {
        return crate::format::format_number(value);
    }
    let (scale, suffix) = compact_unit(value.abs());
    let scaled = value / scale;
    let decimals = if scaled.abs() >= 100.0 || scaled == scaled.round() {
        0
    } else if scaled.abs() >= 10.0 {
        1
    } else {
        // Keep two significant digits for small values: 0.042 → "0.042".
        let leading_zeros = if scaled == 0.0 {
            0
        } else {
            (-scaled.abs().log10().floor()).max(0.0) as usize
        };
        (leading_zeros + 1).min(6)
    };
    let text = format!("{scaled:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    format!("{text}{suffix}")
}

fn compact_unit(largest: f64) -> (f64, &'static str) {
    if largest >= 1e12 {
        (1e12, "T")
    } else if largest >= 1e9 {
        (1e9, "B")
    } else if largest >= 1e6 {
        (1e6, "M")
    } else if largest >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    }
}

fn decimals_for_step(step: f64) -> usize {
    if !step.is_finite() || step <= 0.0 || step >= 1.0 {
        return 0;
    }
    // 1-2-5 steps need exactly as many decimals as the step's leading zeros
    // plus one: 0.5 → 1, 0.25 is impossible, 0.02 → 2.
    ((-step.log10()).ceil() as usize).min(12)
}

/// Maps data values to pixel positions linearly.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinearScale {
    domain_start: f64,
    domain_end: f64,
    range_start: f64,
    range_end: f64,
}

impl LinearScale {
    /// A scale mapping `domain_start..domain_end` onto
    /// `range_start..range_end` (pixels; the range may run backwards, as the
    /// y axis does).
    pub fn new(domain_start: f64, domain_end: f64, range_start: f64, range_end: f64) -> Self {
        LinearScale {
            domain_start,
            domain_end,
            range_start,
            range_end,
        }
    }

    /// The pixel position of `value`; a degenerate domain maps everything to
    /// the middle of the range.
    pub fn map(&self, value: f64) -> f64 {
        let domain_width = self.domain_end - self.domain_start;
        if domain_width == 0.0 || !domain_width.is_finite() {
            return (self.range_start + self.range_end) / 2.0;
        }
        let fraction = (value - self.domain_start) / domain_width;
        let position = self.range_start + fraction * (self.range_end - self.range_start);
        if position.is_finite() {
            position
        } else {
            self.range_start
        }
    }
}

/// Which of `n_labels` period labels to print so that labels about
/// `label_width` pixels wide do not overlap across `available_width`. Always
/// keeps the first label, then every k-th.
pub(crate) fn label_stride(n_labels: usize, label_width: f64, available_width: f64) -> usize {
    if n_labels == 0 || available_width <= 0.0 {
        return 1;
    }
    let fitting = (available_width / label_width.max(1.0)).floor().max(1.0) as usize;
    let minimal = n_labels.div_ceil(fitting).max(1);
    // Strides that divide a year keep monthly and quarterly labels on the
    // same months every year (2019-01, 2020-01, …) instead of drifting.
    FRIENDLY_STRIDES
        .iter()
        .copied()
        .find(|stride| *stride >= minimal)
        .unwrap_or_else(|| minimal.div_ceil(12) * 12)
}

/// Label strides tried in order before falling back to multiples of 12.
const FRIENDLY_STRIDES: [usize; 6] = [1, 2, 3, 4, 6, 12];

#[cfg(test)]
mod tests {
    use super::*;

    fn check_ticks(min: f64, max: f64, expected: &[f64]) {
        let ticks = nice_ticks(min, max, 5);
        assert_eq!(
            ticks.values.len(),
            expected.len(),
            "ticks for {min}..{max}: {ticks:?}"
        );
        for (actual, wanted) in ticks.values.iter().zip(expected) {
            assert!(
                (actual - wanted).abs() < 1e-9,
                "ticks for {min}..{max}: {ticks:?}"
            );
        }
        assert!(ticks.first() <= min.min(max) || !min.is_finite());
        assert!(ticks.last() >= max.max(min) || !max.is_finite());
    }

    #[test]
    fn ticks_are_round_and_cover_the_data() {
        check_ticks(0.0, 1.0, &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        check_ticks(
            0.0,
            1_234_567.0,
            &[0.0, 500_000.0, 1_000_000.0, 1_500_000.0],
        );
        check_ticks(-37.0, 81.0, &[-50.0, 0.0, 50.0, 100.0]);
        check_ticks(0.0, 7.3, &[0.0, 2.0, 4.0, 6.0, 8.0]);
        check_ticks(0.0, 0.0, &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        check_ticks(5.0, 5.0, &[4.4, 4.6, 4.8, 5.0, 5.2, 5.4, 5.6]);
    }

    #[test]
    fn every_step_is_one_two_or_five_times_a_power_of_ten() {
        for (min, max) in [
            (0.0, 7.3),
            (0.0, 0.037),
            (-1e9, 3e9),
            (12.0, 13.0),
            (0.0, 999.0),
        ] {
            let step = nice_ticks(min, max, 5).step;
            let mantissa = step / 10f64.powf(step.log10().floor());
            assert!(
                [1.0, 2.0, 5.0]
                    .iter()
                    .any(|nice| (mantissa - nice).abs() < 1e-9),
                "step {step} for {min}..{max}"
            );
        }
    }

    #[test]
    fn degenerate_ranges_do_not_panic() {
        for (min, max) in [
            (f64::NAN, 1.0),
            (f64::NEG_INFINITY, f64::INFINITY),
            (1e308, -1e308),
        ] {
            let ticks = nice_ticks(min, max, 5);
            assert!(ticks.values.len() >= 2);
            assert!(ticks.step > 0.0 && ticks.step.is_finite());
        }
    }

    #[test]
    fn labels_share_suffix_and_decimals() {
        let ticks = nice_ticks(0.0, 1_234_567.0, 5);
        assert_eq!(
            tick_labels(&ticks, TickStyle::Compact),
            ["0", "0.5M", "1.0M", "1.5M"]
        );
        let ticks = nice_ticks(0.0, 350_000.0, 4);
        assert_eq!(
            tick_labels(&ticks, TickStyle::Compact),
            ["0", "100k", "200k", "300k", "400k"]
        );
        let ticks = nice_ticks(0.0, 1.0, 5);
        assert_eq!(
            tick_labels(&ticks, TickStyle::Percent),
            ["0%", "20%", "40%", "60%", "80%", "100%"]
        );
    }

    #[test]
    fn compact_numbers() {
        assert_eq!(compact_number(1_234_567.0), "1.2M");
        assert_eq!(compact_number(350_000.0), "350k");
        assert_eq!(compact_number(0.042), "0.042");
        assert_eq!(compact_number(-45.0), "-45");
        assert_eq!(compact_number(0.0), "0");
    }

    #[test]
    fn scale_maps_linearly_and_survives_empty_domains() {
        let scale = LinearScale::new(0.0, 10.0, 300.0, 100.0);
        assert_eq!(scale.map(0.0), 300.0);
        assert_eq!(scale.map(5.0), 200.0);
        assert_eq!(LinearScale::new(3.0, 3.0, 0.0, 100.0).map(3.0), 50.0);
    }

    #[test]
    fn label_stride_thins_many_periods() {
        assert_eq!(label_stride(84, 50.0, 700.0), 6);
        assert_eq!(label_stride(10, 50.0, 700.0), 1);
        assert_eq!(label_stride(0, 50.0, 700.0), 1);
        // 7 would fit, but 12 keeps labels on January.
        assert_eq!(label_stride(84, 57.5, 716.0), 12);
        assert_eq!(label_stride(400, 50.0, 700.0), 36);
    }
}
