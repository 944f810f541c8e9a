//! Surges: abnormal jumps in exporter × importer × HS6 (and basket) monthly series.
//!
//! One plan groups every bilateral series of the filtered flows by month; each
//! series is then scored on its own (see `robust.rs`) as it streams out, on
//! a second thread, so memory holds a few chunks of series plus the ranked
//! surges.

use chokepoint_catalog::Basket;
use chokepoint_model::{Country, Period, QuantityUnit};
use datafusion::prelude::SessionContext;

use crate::AnalyticsError;
use crate::filters::basket_sql;
use crate::robust::{ratio, seasonal_fit};
use crate::series::{MonthlySeries, for_each_series, period_of_index};

/// What a series measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Value in USD.
    Value,
    /// Quantity in the series' unit (series whose units change are skipped).
    Quantity,
}

impl Measure {
    /// Parses `value` or `quantity`.
    pub fn parse(text: &str) -> Option<Measure> {
        match text.to_ascii_lowercase().as_str() {
            "value" | "usd" => Some(Measure::Value),
            "quantity" | "qty" => Some(Measure::Quantity),
            _ => None,
        }
    }
}

/// A detection method that can flag a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SurgeMethod {
    /// Against the previous month.
    MonthOnMonth,
    /// Against the same month a year earlier.
    YearOnYear,
    /// Against the monthly average of the pre-war baseline window.
    Baseline,
    /// Log deviation from the seasonal median fit, in robust (MAD) units.
    Robust,
}

impl SurgeMethod {
    /// Short name shown in results.
    pub fn name(self) -> &'static str {
        match self {
            SurgeMethod::MonthOnMonth => "month-on-month",
            SurgeMethod::YearOnYear => "year-on-year",
            SurgeMethod::Baseline => "baseline",
            SurgeMethod::Robust => "robust",
        }
    }
}

/// When a method fires.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurgeThresholds {
    /// Month-on-month ratio.
    pub month_on_month: f64,
    /// Year-on-year ratio.
    pub year_on_year: f64,
    /// Ratio to the baseline monthly average.
    pub baseline: f64,
    /// Robust score (log deviation / MAD).
    pub robust: f64,
}

impl Default for SurgeThresholds {
    /// A tripling (or more) for the ratios and four robust deviations: a
    /// lognormal series with 15 % noise crosses 4 MAD a few times in a
    /// thousand months, while a tripling is rare in any steady trade flow.
    fn default() -> Self {
        SurgeThresholds {
            month_on_month: 3.0,
            year_on_year: 3.0,
            baseline: 3.0,
            robust: 4.0,
        }
    }
}

/// A surge scan.
#[derive(Debug, Clone)]
pub struct SurgeQuery {
    /// Only these goods; each basket also gets its own basket-total series.
    pub basket: Option<Basket>,
    /// Only flows into this economy.
    pub destination: Option<&'static Country>,
    /// Only flows out of this economy.
    pub origin: Option<&'static Country>,
    /// Value or quantity.
    pub measure: Measure,
    /// A flagged month must be worth at least this much (USD), so tiny series don't dominate.
    pub min_value_usd: f64,
    /// The baseline window (default 2021-01..2021-12, the last pre-war year).
    pub baseline: (Period, Period),
    /// First month that may be flagged.
    pub from: Option<Period>,
    /// Last month that may be flagged.
    pub until: Option<Period>,
    /// When methods fire.
    pub thresholds: SurgeThresholds,
    /// Keep every flagged month instead of the strongest one per series.
    pub all_points: bool,
    /// Number of surges returned.
    pub top: usize,
}

impl SurgeQuery {
    /// A scan with the defaults: value, USD 100,000 minimum, 2021 baseline, top 20.
    pub fn new() -> SurgeQuery {
        SurgeQuery {
            basket: None,
            destination: None,
            origin: None,
            measure: Measure::Value,
            min_value_usd: 100_000.0,
            baseline: (
                Period::new(2021, 1).expect("valid month"),
                Period::new(2021, 12).expect("valid month"),
            ),
            from: None,
            until: None,
            thresholds: SurgeThresholds::default(),
            all_points: false,
            top: 20,
        }
    }

    /// The plan of the monthly series: exporter, importer, reporting side,
    /// code (HS6 or `basket:<name>`), then year, month, value, quantity, unit.
    pub fn to_sql(&self) -> Result<String, AnalyticsError> {
        if self.top == 0 {
            return Err(AnalyticsError::InvalidParameter {
                parameter: "--top",
                message: "must be at least 1".into(),
            });
        }
        if self.baseline.0 > self.baseline.1 {
            return Err(AnalyticsError::InvalidParameter {
                parameter: "--baseline",
                message: format!("{} is after {}", self.baseline.0, self.baseline.1),
            });
        }
        let mut filters = vec![
            "frequency = 'M'".to_string(),
            "flow IN ('export', 'import')".to_string(),
            "NOT reporter_is_aggregate AND NOT partner_is_aggregate".to_string(),
            "length(hs_code) >= 6".to_string(),
        ];
        if let Some(basket) = &self.basket {
            filters.push(basket_sql(basket));
        }
        if let Some(destination) = self.destination {
            let code = destination.alpha3();
            filters.push(format!(
                "((flow = 'export' AND partner = '{code}') OR (flow = 'import' AND reporter = '{code}'))"
            ));
        }
        if let Some(origin) = self.origin {
            let code = origin.alpha3();
            filters.push(format!(
                "((flow = 'export' AND reporter = '{code}') OR (flow = 'import' AND partner = '{code}'))"
            ));
        }
        let rows = format!(
            "SELECT CASE WHEN flow = 'export' THEN reporter ELSE partner END AS exporter, \
               CASE WHEN flow = 'export' THEN partner ELSE reporter END AS importer, \
               CASE WHEN flow = 'export' THEN 'exporter' ELSE 'importer' END AS reported_by, \
               hs6, year, month, value_usd, quantity, quantity_unit FROM flows WHERE {}",
            filters.join(" AND ")
        );
        // Quantities add up only when one unit covers the group's rows.
        // `min = max` tests "one unit" as `count(DISTINCT) = 1` would, but
        // a distinct count keeps a hash set per group: on the full demo
        // (~100k groups) that faulted in 4.7 GB and took 7-11 s.
        let measures = "sum(value_usd) AS value_usd, \
            CASE WHEN min(quantity_unit) = max(quantity_unit) AND count(quantity) = count(*) THEN sum(quantity) END AS quantity, \
            CASE WHEN min(quantity_unit) = max(quantity_unit) THEN max(quantity_unit) END AS unit";
        // With a basket, the basket-total series come from the same scan:
        // a second grouping set without the code.
        let (code, grouping) = match &self.basket {
            Some(basket) => (
                format!(
                    "CASE WHEN grouping(hs6) = 1 THEN 'basket:{}' ELSE hs6 END",
                    basket.name()
                ),
                "GROUPING SETS ((exporter, importer, reported_by, hs6, year, month), (exporter, importer, reported_by, year, month))",
            ),
            None => (
                "hs6".to_string(),
                "exporter, importer, reported_by, hs6, year, month",
            ),
        };
        Ok(format!(
            "WITH rows AS ({rows}) SELECT exporter, importer, reported_by, {code} AS code, year, month, {measures} \
             FROM rows GROUP BY {grouping} \
             ORDER BY exporter, importer, reported_by, code, year, month"
        ))
    }
}

impl Default for SurgeQuery {
    fn default() -> Self {
        SurgeQuery::new()
    }
}

/// One flagged month with the evidence behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Surge {
    /// Exporting economy (ISO alpha-3).
    pub exporter: String,
    /// Importing economy.
    pub importer: String,
    /// Whose declarations: `exporter` or `importer`.
    pub reported_by: String,
    /// HS6 code or `basket:<name>`.
    pub code: String,
    /// The flagged month.
    pub period: Period,
    /// Measured amount of the month (USD or quantity).
    pub amount: f64,
    /// Value of the month in USD.
    pub value_usd: f64,
    /// Unit of `amount` (`USD` or the quantity unit).
    pub unit: String,
    /// Previous month's amount.
    pub previous: Option<f64>,
    /// `amount / previous`.
    pub month_on_month: Option<f64>,
    /// Same month a year earlier.
    pub year_ago: Option<f64>,
    /// `amount / year_ago`.
    pub year_on_year: Option<f64>,
    /// Monthly average over the baseline window.
    pub baseline: Option<f64>,
    /// `amount / baseline`.
    pub baseline_ratio: Option<f64>,
    /// Amount the seasonal fit expected.
    pub expected: Option<f64>,
    /// Robust score: log deviation from the fit over its MAD.
    pub robust_score: Option<f64>,
    /// Methods that fired, in `SurgeMethod` order.
    pub methods: Vec<SurgeMethod>,
    /// The quantity of the month and its unit, when known.
    pub quantity: Option<(f64, String)>,
    /// The quantity in a second unit (cable in km also shown in miles).
    pub quantity_alternative: Option<(f64, String)>,
    /// The whole series (month, amount), zero-filled between first and last month.
    pub series: Vec<(Period, f64)>,
}

impl Surge {
    /// One sentence naming the method(s), the ratios and the baseline.
    pub fn explanation(&self) -> String {
        let amount = |x: f64| format_amount(x, &self.unit);
        let mut parts = vec![format!(
            "{} {}→{} {} {} = {}",
            self.reported_by,
            self.exporter,
            self.importer,
            self.code,
            self.period,
            amount(self.amount)
        )];
        if let (Some(r), Some(p)) = (self.month_on_month, self.previous) {
            parts.push(format!("{r:.1}× the previous month ({})", amount(p)));
        }
        if let (Some(r), Some(p)) = (self.year_on_year, self.year_ago) {
            parts.push(format!("{r:.1}× a year earlier ({})", amount(p)));
        }
        if let (Some(r), Some(b)) = (self.baseline_ratio, self.baseline) {
            parts.push(format!(
                "{r:.1}× the baseline monthly average ({})",
                amount(b)
            ));
        }
        if let (Some(s), Some(e)) = (self.robust_score, self.expected) {
            parts.push(format!(
                "robust score {s:.1} against a seasonal expectation of {}",
                amount(e)
            ));
        }
        if let Some((q, unit)) = &self.quantity {
            let mut quantity = format!("quantity {} {unit}", format_number(*q));
            if let Some((alt, alt_unit)) = &self.quantity_alternative {
                quantity.push_str(&format!(" ({} {alt_unit})", format_number(*alt)));
            }
            parts.push(quantity);
        }
        let methods: Vec<&str> = self.methods.iter().map(|m| m.name()).collect();
        format!("{}; fired: {}", parts.join("; "), methods.join(", "))
    }

    /// The months around the flagged one (`before` earlier, `after` later).
    pub fn context(&self, before: usize, after: usize) -> &[(Period, f64)] {
        let at = self
            .series
            .iter()
            .position(|(p, _)| *p == self.period)
            .unwrap_or(0);
        let lo = at.saturating_sub(before);
        let hi = (at + after + 1).min(self.series.len());
        &self.series[lo..hi]
    }

    /// The key used to rank: the robust score, or, without enough history for
    /// a fit, the log of the largest ratio scaled as if by a 0.25 MAD (below
    /// any fitted series with the same jump, which has shown its noise).
    pub fn strength(&self) -> f64 {
        if let Some(score) = self.robust_score {
            return score;
        }
        let largest = [self.month_on_month, self.year_on_year, self.baseline_ratio]
            .into_iter()
            .flatten()
            .fold(1.0_f64, f64::max);
        largest.ln() / 0.25
    }
}

/// `12,345` / `1.2M` style, for explanations.
pub(crate) fn format_number(x: f64) -> String {
    let abs = x.abs();
    if abs >= 1e9 {
        format!("{:.2}B", x / 1e9)
    } else if abs >= 1e6 {
        format!("{:.2}M", x / 1e6)
    } else if abs >= 1e4 {
        format!("{:.1}k", x / 1e3)
    } else {
        format!("{x:.1}")
    }
}

fn format_amount(x: f64, unit: &str) -> String {
    if unit == "USD" {
        format!("USD {}", format_number(x))
    } else {
        format!("{} {unit}", format_number(x))
    }
}

/// Scans every series of the query and returns the top surges, strongest first.
///
/// Series are scored on a thread of their own, in chunks, while the plan
/// keeps streaming: the plan's last stage (the ordered merge) runs on one
/// core, so the other scores.
pub async fn surges(
    ctx: &SessionContext,
    query: &SurgeQuery,
) -> Result<Vec<Surge>, AnalyticsError> {
    const CHUNK: usize = 512;
    let sql = query.to_sql()?;
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<MonthlySeries>>(8);
    let scorer = {
        let query = query.clone();
        std::thread::spawn(move || {
            let mut found = Vec::new();
            for chunk in receiver {
                for series in &chunk {
                    let mut flagged = score_series(&query, series);
                    if !query.all_points {
                        flagged.sort_by(|a, b| b.strength().total_cmp(&a.strength()));
                        flagged.truncate(1);
                    }
                    found.extend(flagged);
                }
            }
            found
        })
    };
    let mut chunk = Vec::with_capacity(CHUNK);
    // A send fails only when the scorer is gone (it panicked); its join
    // below reports that.
    let streamed = for_each_series(ctx, &sql, 4, |series| {
        chunk.push(series);
        if chunk.len() == CHUNK {
            let _ = sender.send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)));
        }
    })
    .await;
    if !chunk.is_empty() {
        let _ = sender.send(chunk);
    }
    drop(sender);
    let mut found = scorer.join().map_err(|_| {
        AnalyticsError::Query(datafusion::error::DataFusionError::Execution(
            "the surge scoring thread panicked".into(),
        ))
    })?;
    streamed?;
    found.sort_by(|a, b| {
        b.strength()
            .total_cmp(&a.strength())
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.exporter.cmp(&b.exporter))
            .then_with(|| a.importer.cmp(&b.importer))
            .then_with(|| a.period.cmp(&b.period))
            .then_with(|| a.reported_by.cmp(&b.reported_by))
    });
    found.truncate(query.top);
    Ok(found)
}

/// Dense monthly amounts of a series, with the unit; `None` for a quantity
/// series whose unit is missing or changes.
fn dense(
    query: &SurgeQuery,
    series: &MonthlySeries,
) -> Option<(Period, Vec<f64>, Vec<f64>, String)> {
    let first = series.points.first()?.period;
    let last = series.points.last()?.period;
    let n = usize::try_from(last.month_index() - first.month_index() + 1).ok()?;
    let mut amounts = vec![0.0; n];
    let mut values = vec![0.0; n];
    let unit = match query.measure {
        Measure::Value => "USD".to_string(),
        Measure::Quantity => {
            let unit = series.points[0].unit.clone()?;
            if series
                .points
                .iter()
                .any(|p| p.unit.as_deref() != Some(&unit))
            {
                return None;
            }
            unit
        }
    };
    for point in &series.points {
        let at = usize::try_from(point.period.month_index() - first.month_index()).ok()?;
        values[at] = point.value_usd;
        amounts[at] = match query.measure {
            Measure::Value => point.value_usd,
            Measure::Quantity => point.quantity?,
        };
    }
    Some((first, amounts, values, unit))
}

/// The flagged months of one series.
pub(crate) fn score_series(query: &SurgeQuery, series: &MonthlySeries) -> Vec<Surge> {
    let Some((first, amounts, values, unit)) = dense(query, series) else {
        return Vec::new();
    };
    let period_at = |i: usize| period_of_index(first.month_index() + i as i32);
    let index_of = |p: Period| usize::try_from(p.month_index() - first.month_index()).ok();
    // Baseline: the monthly average over the window, when the series covers it.
    let baseline = match (index_of(query.baseline.0), index_of(query.baseline.1)) {
        (Some(lo), Some(hi)) if hi < amounts.len() => {
            Some(amounts[lo..=hi].iter().sum::<f64>() / (hi - lo + 1) as f64)
        }
        _ => None,
    };
    let logs: Vec<f64> = amounts.iter().map(|a| (a + 1.0).ln()).collect();
    // The whole series, built only once a month is flagged (most series
    // have none).
    let mut full: Option<Vec<(Period, f64)>> = None;
    let t = query.thresholds;
    let mut flagged = Vec::new();
    let mut history: Vec<(u8, f64)> = Vec::with_capacity(36);
    for i in 0..amounts.len() {
        let Some(period) = period_at(i) else { continue };
        if values[i] < query.min_value_usd
            || query.from.is_some_and(|from| period < from)
            || query.until.is_some_and(|until| period > until)
        {
            continue;
        }
        let amount = amounts[i];
        let previous = i.checked_sub(1).map(|j| amounts[j]);
        let year_ago = i.checked_sub(12).map(|j| amounts[j]);
        let month_on_month = ratio(amount, previous);
        let year_on_year = ratio(amount, year_ago);
        let baseline_ratio = if baseline.is_some() && query.baseline.1 < period {
            ratio(amount, baseline)
        } else {
            None
        };
        let history_start = i.saturating_sub(36);
        // Months without trade are gaps (unreported or below thresholds), not levels.
        history.clear();
        history.extend(
            (history_start..i)
                .filter(|j| amounts[*j] > 0.0)
                .filter_map(|j| Some((period_at(j)?.month() - 1, logs[j]))),
        );
        let fit = seasonal_fit(&history, period.month() - 1);
        let robust_score = fit.map(|f| (logs[i] - f.expected_log) / f.scale);
        let mut methods = Vec::new();
        if month_on_month.is_some_and(|r| r >= t.month_on_month) {
            methods.push(SurgeMethod::MonthOnMonth);
        }
        if year_on_year.is_some_and(|r| r >= t.year_on_year) {
            methods.push(SurgeMethod::YearOnYear);
        }
        if baseline_ratio.is_some_and(|r| r >= t.baseline) {
            methods.push(SurgeMethod::Baseline);
        }
        if robust_score.is_some_and(|s| s >= t.robust) {
            methods.push(SurgeMethod::Robust);
        }
        if methods.is_empty() {
            continue;
        }
        let point = series.points.iter().find(|p| p.period == period);
        let quantity = point.and_then(|p| Some((p.quantity?, p.unit.clone()?)));
        let quantity_alternative = quantity.as_ref().and_then(|(q, u)| alternative(*q, u));
        flagged.push(Surge {
            exporter: series.key[0].clone(),
            importer: series.key[1].clone(),
            reported_by: series.key[2].clone(),
            code: series.key[3].clone(),
            period,
            amount,
            value_usd: values[i],
            unit: unit.clone(),
            previous,
            month_on_month,
            year_ago,
            year_on_year,
            baseline: baseline_ratio.and(baseline),
            baseline_ratio,
            expected: fit.map(|f| f.expected_log.exp() - 1.0),
            robust_score,
            methods,
            quantity,
            quantity_alternative,
            series: full
                .get_or_insert_with(|| {
                    (0..amounts.len())
                        .filter_map(|i| Some((period_at(i)?, amounts[i])))
                        .collect()
                })
                .clone(),
        });
    }
    flagged
}

/// Lengths are also shown in miles (cable is reported in km, claims often in miles).
fn alternative(quantity: f64, unit: &str) -> Option<(f64, String)> {
    let unit = QuantityUnit::parse(unit).ok()?;
    if unit == QuantityUnit::Miles {
        return None;
    }
    let miles = unit.convert(quantity, QuantityUnit::Miles)?;
    Some((miles, QuantityUnit::Miles.code().to_string()))
}
