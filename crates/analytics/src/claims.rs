//! Claim check: quantitative statements recomputed from the loaded data.
//!
//! A claim names a share, a growth ratio or a total; each is one SQL plan
//! (one scan, measuring a growth's two windows side by side) that also
//! counts the months with data, so a window the data do not cover gives
//! "not enough data" instead of a partial figure.

use chokepoint_catalog::Basket;
use chokepoint_model::{Country, Period, QuantityUnit};
use datafusion::prelude::SessionContext;

use crate::AnalyticsError;
use crate::filters::{basket_sql, code_list};
use crate::surges::Measure;

/// What a claim states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimKind {
    /// The origins' share of the destination's imports of the basket.
    Share,
    /// The ratio of one window to another (`versus`).
    Growth,
    /// The value or quantity over a window.
    Total,
}

/// How the computed figure is compared with the claimed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// Within the tolerance (absolute for shares, relative otherwise).
    About,
    /// At least the claimed figure ("over $20 billion").
    AtLeast,
    /// At most the claimed figure.
    AtMost,
}

/// Whose declarations measure the flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportedBy {
    /// The origins' exports (mirror data for the destination).
    Exporter,
    /// The destination's imports.
    Importer,
}

/// A window of months; `last = None` runs to the last month with data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First month.
    pub first: Period,
    /// Last month.
    pub last: Option<Period>,
}

impl Window {
    /// Parses `2023` (a year), `2023-Q4` (a quarter) or a month (`2025-08`).
    pub fn parse(text: &str) -> Option<Window> {
        let text = text.trim();
        if let Ok(year) = text.parse::<u16>() {
            return Some(Window {
                first: Period::new(year, 1)?,
                last: Some(Period::new(year, 12)?),
            });
        }
        if let Some((year, quarter)) = text.split_once(['Q', 'q']) {
            let year: u16 = year.trim_end_matches('-').parse().ok()?;
            let quarter: u8 = quarter.parse().ok()?;
            if !(1..=4).contains(&quarter) {
                return None;
            }
            return Some(Window {
                first: Period::new(year, quarter * 3 - 2)?,
                last: Some(Period::new(year, quarter * 3)?),
            });
        }
        let month = Period::parse(text).ok()?;
        Some(Window {
            first: month,
            last: Some(month),
        })
    }
}

/// One quantitative statement to check.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Short identifier.
    pub id: String,
    /// The statement as published.
    pub statement: String,
    /// Where it was published.
    pub source: Option<String>,
    /// Share, growth or total.
    pub kind: ClaimKind,
    /// The goods.
    pub basket: Basket,
    /// Origin economies (summed).
    pub origins: Vec<&'static Country>,
    /// Destination economy.
    pub destination: &'static Country,
    /// The window measured.
    pub window: Window,
    /// For growth: the window compared against.
    pub versus: Option<Window>,
    /// Value (USD) or quantity.
    pub measure: Measure,
    /// Quantities converted to this unit (e.g. `mi`).
    pub unit: Option<QuantityUnit>,
    /// Whose declarations.
    pub reported_by: ReportedBy,
    /// The claimed figure (a share as a fraction, a ratio, USD or quantity).
    pub claimed: f64,
    /// About, at least, at most.
    pub comparison: Comparison,
    /// Tolerance of `About`: absolute for shares, relative otherwise.
    pub tolerance: f64,
}

/// The outcome of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The data agree within the tolerance.
    Consistent,
    /// The data disagree.
    Inconsistent,
    /// The data do not cover the claim's window.
    NotEnoughData,
}

impl Verdict {
    /// `consistent`, `inconsistent` or `not enough data`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::Inconsistent => "inconsistent",
            Verdict::NotEnoughData => "not enough data",
        }
    }
}

/// A checked claim.
#[derive(Debug, Clone)]
pub struct ClaimCheck {
    /// The claim.
    pub claim: Claim,
    /// The figure computed from the data, when there were data.
    pub computed: Option<f64>,
    /// The verdict.
    pub verdict: Verdict,
    /// What was measured (months covered, the parts of a share or ratio).
    pub detail: String,
    /// The queries behind the figure.
    pub queries: Vec<String>,
}

/// Figures of one window: the measure over the origins, over all origins,
/// the months with data and the months the window spans.
#[derive(Debug, Clone, Copy)]
struct Measured {
    part: Option<f64>,
    whole: Option<f64>,
    months_with_data: i64,
    months_expected: i64,
    last: Option<Period>,
}

impl Claim {
    /// The windows the claim measures: its own, and for growth the one it
    /// is compared against.
    fn windows(&self) -> Vec<Window> {
        match (self.kind, self.versus) {
            (ClaimKind::Growth, Some(versus)) => vec![self.window, versus],
            _ => vec![self.window],
        }
    }

    /// The plan measuring every window of the claim in one scan: for window
    /// `i`, `part_i` (origins), `whole_i` (all origins), `months_i` with data
    /// and `last_i`, the last month with data.
    pub fn to_sql(&self) -> String {
        let destination = self.destination.alpha3();
        let origins = code_list(&self.origins);
        let (side, origin_column) = match self.reported_by {
            ReportedBy::Exporter => (
                format!(
                    "partner = '{destination}' AND flow = 'export' AND NOT reporter_is_aggregate AND reporter <> '{destination}'"
                ),
                "reporter",
            ),
            ReportedBy::Importer => (
                format!(
                    "reporter = '{destination}' AND flow = 'import' AND NOT partner_is_aggregate"
                ),
                "partner",
            ),
        };
        let amount = match (self.measure, self.unit) {
            (Measure::Value, _) => "value_usd".to_string(),
            (Measure::Quantity, Some(unit)) => format!(
                "convert_quantity(quantity, quantity_unit, '{}')",
                unit.code()
            ),
            (Measure::Quantity, None) => "quantity".to_string(),
        };
        // With a target unit, rows in another dimension (optical fibres in kg
        // next to cable in km) cannot be converted and are left out.
        let convertible = match (self.measure, self.unit) {
            (Measure::Quantity, Some(_)) => format!(" AND {amount} IS NOT NULL"),
            _ => String::new(),
        };
        let windows = self.windows();
        let first = windows
            .iter()
            .map(|w| w.first)
            .min()
            .unwrap_or(self.window.first);
        // The scan covers every window: up to the latest end, or open.
        let last = windows
            .iter()
            .map(|w| w.last)
            .collect::<Option<Vec<Period>>>()
            .and_then(|lasts| lasts.into_iter().max())
            .map(|last| format!(" AND period <= DATE '{last}-01'"))
            .unwrap_or_default();
        let measures: Vec<String> = windows
            .iter()
            .enumerate()
            .map(|(i, window)| self.window_sql(i, *window))
            .collect();
        format!(
            "WITH rows AS (SELECT period, {origin_column} IN ({origins}) AS in_origins, {amount} AS amount, quantity_unit \
               FROM flows WHERE frequency = 'M' AND {side} AND {} AND period >= DATE '{first}-01'{last}{convertible}) \
             SELECT {} FROM rows",
            basket_sql(&self.basket),
            measures.join(", "),
        )
    }

    /// The measures of window `i`, as columns of the claim's plan.
    fn window_sql(&self, i: usize, window: Window) -> String {
        let mut inside = format!("period >= DATE '{}-01'", window.first);
        if let Some(last) = window.last {
            inside.push_str(&format!(" AND period <= DATE '{last}-01'"));
        }
        let origin = format!("{inside} AND in_origins");
        // Quantities add up only in one unit: mixed units leave the part
        // empty; one unit is tested without a per-group distinct set (see surges).
        let unit_check = match (self.measure, self.unit) {
            (Measure::Quantity, None) => format!(
                "min(CASE WHEN {origin} THEN quantity_unit END) = max(CASE WHEN {origin} THEN quantity_unit END) AND "
            ),
            _ => String::new(),
        };
        // Shares need the whole market in a month; the others the origins.
        let counted = if self.kind == ClaimKind::Share {
            &inside
        } else {
            &origin
        };
        format!(
            "CASE WHEN {unit_check}count(CASE WHEN {origin} THEN 1 END) = count(CASE WHEN {origin} THEN amount END) \
               THEN sum(CASE WHEN {origin} THEN amount END) END AS part_{i}, \
             sum(CASE WHEN {inside} THEN amount END) AS whole_{i}, \
             count(DISTINCT CASE WHEN {counted} THEN period END) AS months_{i}, \
             max(CASE WHEN {inside} THEN period END) AS last_{i}"
        )
    }

    /// Runs the claim's plan: the figures of each of its windows.
    async fn measure(
        &self,
        ctx: &SessionContext,
    ) -> Result<(Vec<Measured>, String), AnalyticsError> {
        use arrow::array::{Array, AsArray};
        use arrow::datatypes::{DataType, Date32Type, Float64Type, Int64Type};
        let sql = self.to_sql();
        let batches = crate::exec::collect(ctx, &sql).await?;
        let batch = batches.iter().find(|b| b.num_rows() > 0);
        let mut found = Vec::new();
        for (i, window) in self.windows().into_iter().enumerate() {
            let mut measured = Measured {
                part: None,
                whole: None,
                months_with_data: 0,
                months_expected: 0,
                last: None,
            };
            if let Some(batch) = batch {
                let column = |k: usize| batch.column(4 * i + k);
                let float = |k: usize| -> Result<Option<f64>, AnalyticsError> {
                    let column = arrow::compute::cast(column(k), &DataType::Float64)
                        .map_err(datafusion::error::DataFusionError::from)?;
                    let column = column.as_primitive::<Float64Type>();
                    Ok((!column.is_null(0)).then(|| column.value(0)))
                };
                measured.part = float(0)?;
                measured.whole = float(1)?;
                let months = arrow::compute::cast(column(2), &DataType::Int64)
                    .map_err(datafusion::error::DataFusionError::from)?;
                measured.months_with_data = months.as_primitive::<Int64Type>().value(0);
                let last = column(3).as_primitive::<Date32Type>();
                measured.last = (!last.is_null(0))
                    .then(|| epoch_days_to_period(last.value(0)))
                    .flatten();
            }
            let last = window.last.or(measured.last);
            measured.months_expected = last.map_or(0, |last| {
                i64::from(last.month_index() - window.first.month_index() + 1)
            });
            found.push(measured);
        }
        Ok((found, sql))
    }
}

/// The month of a Date32 value.
fn epoch_days_to_period(days: i32) -> Option<Period> {
    // Civil-from-days (proleptic Gregorian), enough for a year and month.
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Period::new(u16::try_from(year).ok()?, u8::try_from(month).ok()?)
}

fn coverage(m: &Measured) -> String {
    format!(
        "{} of {} months with data",
        m.months_with_data, m.months_expected
    )
}

fn covered(m: &Measured) -> bool {
    m.months_expected > 0 && m.months_with_data >= m.months_expected
}

/// Computes a claim's figure from the data and gives the verdict.
pub async fn check_claim(
    ctx: &SessionContext,
    claim: &Claim,
) -> Result<ClaimCheck, AnalyticsError> {
    if claim.kind == ClaimKind::Growth && claim.versus.is_none() {
        return Err(AnalyticsError::InvalidParameter {
            parameter: "versus",
            message: format!("claim {:?}: a growth claim needs a versus window", claim.id),
        });
    }
    let (windows, sql) = claim.measure(ctx).await?;
    let measured = windows[0];
    let queries = vec![sql];
    let (computed, detail, enough) = match claim.kind {
        ClaimKind::Share => {
            let share = match (measured.part, measured.whole) {
                (Some(part), Some(whole)) if whole > 0.0 => Some(part / whole),
                (None, Some(whole)) if whole > 0.0 => Some(0.0),
                _ => None,
            };
            let detail = format!(
                "origins {} of all {}; {}",
                amount(measured.part.unwrap_or(0.0), claim),
                amount(measured.whole.unwrap_or(0.0), claim),
                coverage(&measured)
            );
            (share, detail, covered(&measured))
        }
        ClaimKind::Total => {
            let detail = format!(
                "{}; {}",
                amount(measured.part.unwrap_or(0.0), claim),
                coverage(&measured)
            );
            (measured.part, detail, covered(&measured))
        }
        ClaimKind::Growth => {
            let before = windows[1];
            let ratio = match (measured.part, before.part) {
                (Some(now), Some(then)) if then > 0.0 => Some(now / then),
                _ => None,
            };
            let detail = format!(
                "{} vs {}; {} and {}",
                amount(measured.part.unwrap_or(0.0), claim),
                amount(before.part.unwrap_or(0.0), claim),
                coverage(&measured),
                coverage(&before)
            );
            (ratio, detail, covered(&measured) && covered(&before))
        }
    };
    let verdict = match computed {
        Some(value) if enough => {
            let holds = match claim.comparison {
                Comparison::AtLeast => value >= claim.claimed,
                Comparison::AtMost => value <= claim.claimed,
                Comparison::About if claim.kind == ClaimKind::Share => {
                    (value - claim.claimed).abs() <= claim.tolerance
                }
                Comparison::About => {
                    claim.claimed != 0.0 && (value / claim.claimed - 1.0).abs() <= claim.tolerance
                }
            };
            if holds {
                Verdict::Consistent
            } else {
                Verdict::Inconsistent
            }
        }
        _ => Verdict::NotEnoughData,
    };
    Ok(ClaimCheck {
        claim: claim.clone(),
        computed,
        verdict,
        detail,
        queries,
    })
}

/// Checks each claim in turn ([`check_claim`]), in their order: the claims
/// of a file or request, as `chokepoint check`, `chokepoint report --claims`
/// and `POST /api/trade/check` answer them. One at a time, so no more than
/// one claim's plan holds memory; the first failure stops the run.
pub async fn check_claims(
    ctx: &SessionContext,
    claims: &[Claim],
) -> Result<Vec<ClaimCheck>, AnalyticsError> {
    let mut checks = Vec::with_capacity(claims.len());
    for claim in claims {
        checks.push(check_claim(ctx, claim).await?);
    }
    Ok(checks)
}

fn amount(x: f64, claim: &Claim) -> String {
    match (claim.measure, claim.unit) {
        (Measure::Value, _) => format!("USD {}", crate::surges::format_number(x)),
        (Measure::Quantity, Some(unit)) => format!("{} {unit}", crate::surges::format_number(x)),
        (Measure::Quantity, None) => format!("{} (reported unit)", crate::surges::format_number(x)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_parse_years_quarters_and_months() {
        let p = |y, m| Period::new(y, m).unwrap();
        assert_eq!(
            Window::parse("2023"),
            Some(Window {
                first: p(2023, 1),
                last: Some(p(2023, 12))
            })
        );
        assert_eq!(
            Window::parse("2023-Q4"),
            Some(Window {
                first: p(2023, 10),
                last: Some(p(2023, 12))
            })
        );
        assert_eq!(
            Window::parse("2025-08"),
            Some(Window {
                first: p(2025, 8),
                last: Some(p(2025, 8))
            })
        );
        assert_eq!(Window::parse("2023-Q5"), None);
        assert_eq!(Window::parse("soon"), None);
    }

    #[test]
    fn epoch_days_map_to_months() {
        for (y, m) in [(1970, 1), (2000, 2), (2023, 12), (2025, 8)] {
            let period = Period::new(y, m).unwrap();
            assert_eq!(
                epoch_days_to_period(period.first_day_epoch_days()),
                Some(period)
            );
            assert_eq!(
                epoch_days_to_period(period.first_day_epoch_days() + 27),
                Some(period)
            );
        }
    }
}
