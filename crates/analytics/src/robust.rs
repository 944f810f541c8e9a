//! Robust, seasonality-aware statistics of one monthly series: the scores
//! behind `surges`. Pure functions over dense monthly values, so each method
//! is checked by hand in the tests below.

/// Noise floor of the robust scale (log units): a perfectly regular series
/// still varies by a few percent, and a zero scale would turn any change
/// into an infinite score.
pub(crate) const MIN_LOG_SCALE: f64 = 0.05;

/// Values a fit takes the median of at once without allocating: windows
/// of 12, the history of 36 months, a calendar month's few observations.
const STACK_VALUES: usize = 64;

/// Median of a slice (NaN-free), `None` when empty. Selects (rather than
/// sorts) in a copy on the stack for short slices: surges fit every month
/// of every series, and the allocation and sort per call were most of it.
/// The result equals the sorted middle (or the mean of the two middles).
pub(crate) fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut copy = Values::from_slice(values);
    Some(median_in_place(&mut copy))
}

/// Median of a non-empty buffer, reordering it.
fn median_in_place(values: &mut [f64]) -> f64 {
    let mid = values.len() / 2;
    let upper = *values.select_nth_unstable_by(mid, f64::total_cmp).1;
    if values.len().is_multiple_of(2) {
        // The other middle is the largest of the lower part.
        let below = values[..mid]
            .iter()
            .copied()
            .max_by(f64::total_cmp)
            .unwrap_or(upper);
        (below + upper) / 2.0
    } else {
        upper
    }
}

/// Scaled median absolute deviation (consistent with a standard deviation
/// for normal data).
pub(crate) fn mad(values: &[f64]) -> Option<f64> {
    let centre = median(values)?;
    let mut deviations: Values = values.iter().map(|v| (v - centre).abs()).collect();
    Some(1.4826 * median_in_place(&mut deviations))
}

/// The expected log level of a month and the robust scale of the history
/// around that expectation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SeasonalFit {
    /// Expected log value of the scored month.
    pub expected_log: f64,
    /// Robust scale of the history's residuals (log units, floored).
    pub scale: f64,
}

/// Fits a level-plus-seasonal model on `history` (log values of the months
/// with trade, oldest first, each tagged with its calendar month 0..12) and
/// predicts calendar month `target_month`, which follows the last history point.
///
/// The level is the median of the last 12 history points. Each history point
/// is detrended by the median of its centred 12-month neighbourhood; the
/// seasonal offset of a calendar month is the median detrended value of that
/// month (two observations: the one nearer zero; one: none). Residuals of the history under the
/// same model give the scale (MAD). Medians throughout, so one earlier spike
/// or zero month does not move the fit.
pub(crate) fn seasonal_fit(history: &[(u8, f64)], target_month: u8) -> Option<SeasonalFit> {
    if history.len() < 12 {
        return None;
    }
    // Buffers on the stack for the usual 12..36 months: this runs for every
    // month of every series a surge scan scores.
    let logs: Values = history.iter().map(|(_, l)| *l).collect();
    let n = logs.len();
    let detrended: Values = (0..n)
        .map(|i| {
            let lo = i.saturating_sub(6);
            let hi = (lo + 12).min(n);
            let lo = hi.saturating_sub(12);
            logs[i] - median(&logs[lo..hi]).unwrap_or(logs[i])
        })
        .collect();
    // Each calendar month's detrended values, gathered in one pass.
    let mut by_month: [smallvec::SmallVec<[f64; 4]>; 12] = Default::default();
    for ((m, _), d) in history.iter().zip(&detrended) {
        by_month[usize::from(*m) % 12].push(*d);
    }
    let mut seasonal = [0.0; 12];
    for (offset, of_month) in seasonal.iter_mut().zip(&by_month) {
        // Two observations: the one nearer zero (the median of two is their
        // mean, which one bad month would drag); one observation: no offset.
        *offset = match of_month.len() {
            0 | 1 => 0.0,
            2 => {
                if of_month[0].abs() < of_month[1].abs() {
                    of_month[0]
                } else {
                    of_month[1]
                }
            }
            _ => median(of_month).unwrap_or(0.0),
        };
    }
    let residuals: Values = history
        .iter()
        .zip(&detrended)
        .map(|((m, _), d)| d - seasonal[usize::from(*m)])
        .collect();
    let level = median(&logs[n - 12..])?;
    let scale = mad(&residuals)?.max(MIN_LOG_SCALE);
    Some(SeasonalFit {
        expected_log: level + seasonal[usize::from(target_month % 12)],
        scale,
    })
}

/// Values a fit or a median works on, on the stack up to [`STACK_VALUES`].
type Values = smallvec::SmallVec<[f64; STACK_VALUES]>;

/// `numerator / denominator` when both are positive.
pub(crate) fn ratio(numerator: f64, denominator: Option<f64>) -> Option<f64> {
    match denominator {
        Some(d) if d > 0.0 && numerator > 0.0 => Some(numerator / d),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Selection gives exactly the sorted middle, on the stack and off it.
        #[test]
        fn median_equals_the_sorted_middle(values in proptest::collection::vec(-1e6..1e6f64, 1..150)) {
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let mid = sorted.len() / 2;
            let expected = if sorted.len() % 2 == 0 {
                (sorted[mid - 1] + sorted[mid]) / 2.0
            } else {
                sorted[mid]
            };
            proptest::prop_assert_eq!(median(&values), Some(expected));
        }
    }

    #[test]
    fn median_and_mad_by_hand() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        // Deviations from 2: 1, 0, 1, 7 → median 1.
        assert_eq!(mad(&[1.0, 2.0, 3.0, 9.0]), Some(1.4826 * 1.0));
    }

    #[test]
    fn flat_history_predicts_its_level_with_the_floor_scale() {
        let history: Vec<(u8, f64)> = (0..24).map(|i| ((i % 12) as u8, 10.0)).collect();
        let fit = seasonal_fit(&history, 0).unwrap();
        assert_eq!(fit.expected_log, 10.0);
        assert_eq!(fit.scale, MIN_LOG_SCALE);
    }

    #[test]
    fn a_regular_seasonal_dip_is_expected_not_scored() {
        // Every February (month 1) is one log unit lower; the rest alternate ±0.1.
        let history: Vec<(u8, f64)> = (0..36)
            .map(|i| {
                let month = (i % 12) as u8;
                let base = if i % 2 == 0 { 10.1 } else { 9.9 };
                (month, if month == 1 { base - 1.0 } else { base })
            })
            .collect();
        let february = seasonal_fit(&history, 1).unwrap();
        let march = seasonal_fit(&history, 2).unwrap();
        assert!(
            (february.expected_log - (march.expected_log - 1.0)).abs() < 0.25,
            "{february:?} {march:?}"
        );
        // The alternation is the noise: a scale near 0.1, well above the floor.
        assert!((0.05..0.3).contains(&march.scale), "{march:?}");
    }

    #[test]
    fn an_old_spike_does_not_move_the_fit() {
        let mut history: Vec<(u8, f64)> = (0..24)
            .map(|i| ((i % 12) as u8, if i % 2 == 0 { 5.05 } else { 4.95 }))
            .collect();
        history[3].1 = 9.0;
        let fit = seasonal_fit(&history, 0).unwrap();
        assert!((fit.expected_log - 5.0).abs() < 0.1, "{fit:?}");
        assert!(fit.scale < 0.2, "{fit:?}");
    }

    #[test]
    fn short_history_has_no_fit_and_ratios_need_positive_parts() {
        let history: Vec<(u8, f64)> = (0..11).map(|i| (i as u8, 1.0)).collect();
        assert_eq!(seasonal_fit(&history, 11), None);
        assert_eq!(ratio(10.0, Some(2.0)), Some(5.0));
        assert_eq!(ratio(10.0, Some(0.0)), None);
        assert_eq!(ratio(10.0, None), None);
        assert_eq!(ratio(0.0, Some(3.0)), None);
    }
}
