//! Diversion corridors: third countries whose trade looks like re-export of
//! controlled goods from source economies to a destination.
//!
//! One plan (one scan of `flows`) sums five monthly legs per third country X
//! over the basket:
//! sources' reported exports to X, X's reported imports from the sources,
//! X's imports from everyone, X's reported exports to the destination, and the
//! destination's reported imports from X. The evidence for each X is then
//! computed from those few series (see `Corridor`).

use std::collections::BTreeMap;

use arrow::array::{Array, AsArray};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type, Int32Type};
use chokepoint_catalog::Basket;
use chokepoint_model::{Country, Period};
use datafusion::prelude::SessionContext;

use crate::AnalyticsError;
use crate::filters::{basket_sql, code_list};
use crate::series::period_of_index;

/// A corridor scan.
#[derive(Debug, Clone)]
pub struct CorridorQuery {
    /// The goods.
    pub basket: Basket,
    /// The destination (Russia).
    pub destination: &'static Country,
    /// Economies whose goods are controlled (`coalition`, `EU27,G7`).
    pub sources: Vec<&'static Country>,
    /// Before: monthly averages over this window (default 2021).
    pub baseline: (Period, Period),
    /// After: from this month (default 2022-04) to `until` or the last data.
    pub after: Period,
    /// Last month of the after window.
    pub until: Option<Period>,
    /// CIF/FOB allowance for mirror gaps: an import declared CIF is divided
    /// by `1 + allowance` before comparing with the FOB export (IMF: 6 %).
    pub cif_fob_allowance: f64,
    /// X's monthly exports to the destination after must reach this (USD).
    pub min_value_usd: f64,
    /// Number of corridors returned.
    pub top: usize,
}

impl CorridorQuery {
    /// A scan with the defaults (2021 baseline, after from 2022-04, 6 %
    /// allowance, USD 10,000 a month, top 20).
    pub fn new(
        basket: Basket,
        destination: &'static Country,
        sources: Vec<&'static Country>,
    ) -> CorridorQuery {
        CorridorQuery {
            basket,
            destination,
            sources,
            baseline: (
                Period::new(2021, 1).expect("valid month"),
                Period::new(2021, 12).expect("valid month"),
            ),
            after: Period::new(2022, 4).expect("valid month"),
            until: None,
            cif_fob_allowance: 0.06,
            min_value_usd: 10_000.0,
            top: 20,
        }
    }

    /// The plan: `hub, year, month` and the monthly USD of each leg
    /// (`source_to_hub` ... `destination_from_hub`, null where none), ordered.
    pub fn to_sql(&self) -> Result<String, AnalyticsError> {
        if self.sources.is_empty() {
            return Err(AnalyticsError::InvalidParameter {
                parameter: "--sources",
                message: "no source economy given".into(),
            });
        }
        if self
            .sources
            .iter()
            .any(|s| std::ptr::eq(*s, self.destination))
        {
            return Err(AnalyticsError::InvalidParameter {
                parameter: "--sources",
                message: format!(
                    "the destination {} is among the sources",
                    self.destination.alpha3()
                ),
            });
        }
        if self.baseline.1 >= self.after {
            return Err(AnalyticsError::InvalidParameter {
                parameter: "--after",
                message: format!(
                    "{} must follow the baseline ending {}",
                    self.after, self.baseline.1
                ),
            });
        }
        let sources = code_list(&self.sources);
        let dest = self.destination.alpha3();
        let until = self
            .until
            .map(|u| format!(" AND period <= DATE '{u}-01'"))
            .unwrap_or_default();
        // One scan: every row belongs to at most two legs of one hub, so
        // the legs are conditional sums of one grouping by hub and month.
        let not_hub = format!("NOT IN ({sources}, '{dest}')");
        // The filter of each leg, in `LEGS` order.
        let filters = [
            format!("flow = 'export' AND reporter IN ({sources}) AND partner {not_hub}"),
            format!("flow = 'import' AND partner IN ({sources}) AND reporter {not_hub}"),
            format!("flow = 'import' AND reporter {not_hub}"),
            format!("flow = 'export' AND partner = '{dest}' AND reporter {not_hub}"),
            format!("flow = 'import' AND reporter = '{dest}' AND partner {not_hub}"),
        ];
        // The hub is the partner of sources' exports and of the
        // destination's imports, the reporter otherwise.
        let hub = format!(
            "CASE WHEN (flow = 'export' AND reporter IN ({sources})) OR (flow = 'import' AND reporter = '{dest}') \
             THEN partner ELSE reporter END"
        );
        let sums: Vec<String> = LEGS
            .iter()
            .zip(&filters)
            .map(|(name, filter)| format!("sum(CASE WHEN {filter} THEN value_usd END) AS {name}"))
            .collect();
        let any_leg: Vec<String> = filters.iter().map(|filter| format!("({filter})")).collect();
        Ok(format!(
            "SELECT {hub} AS hub, year, month, {} FROM flows \
             WHERE frequency = 'M' AND value_usd IS NOT NULL AND NOT reporter_is_aggregate \
             AND NOT partner_is_aggregate AND {} AND period >= DATE '{}-01'{until} AND ({}) \
             GROUP BY 1, 2, 3 ORDER BY hub, year, month",
            sums.join(", "),
            basket_sql(&self.basket),
            self.baseline.0,
            any_leg.join(" OR ")
        ))
    }
}

/// The legs' names, in the plan's column order after `hub, year, month`.
const LEGS: [&str; 5] = [
    "source_to_hub",
    "hub_imports_from_sources",
    "hub_imports",
    "hub_to_destination",
    "destination_from_hub",
];

/// Monthly USD of one leg, keyed by month index.
type Leg = BTreeMap<i32, f64>;

/// The evidence that third country `hub` carries source goods to the destination.
#[derive(Debug, Clone, PartialEq)]
pub struct Corridor {
    /// The third country (ISO alpha-3).
    pub hub: String,
    /// Sum of the five evidence terms, each in 0..=1.
    pub score: f64,
    /// Sources' reported exports to the hub, monthly average before / after.
    pub source_to_hub: (f64, f64),
    /// After / before.
    pub source_growth: Option<f64>,
    /// Hub's reported exports to the destination, monthly average before / after.
    pub hub_to_destination: (f64, f64),
    /// After / before.
    pub onward_growth: Option<f64>,
    /// Correlation of month-on-month log changes of the two legs, after.
    pub co_movement: Option<f64>,
    /// Hub's exports to the destination / hub's imports from everyone, after.
    pub pass_through: Option<f64>,
    /// Share of sources' exports to the hub missing from the hub's imports
    /// (after the CIF/FOB allowance), before / after.
    pub lost_in_transit: (Option<f64>, Option<f64>),
    /// Destination's own reported imports from the hub, monthly average before / after.
    pub destination_reported: (f64, f64),
    /// Monthly series (month, sources → hub, hub → destination) for charts.
    pub series: Vec<(Period, f64, f64)>,
}

impl Corridor {
    /// The evidence terms (name, value in 0..=1), in score order.
    pub fn evidence(&self) -> [(&'static str, f64); 5] {
        let growth = |g: Option<f64>| g.map_or(0.0, |g| (g.ln() / 10f64.ln()).clamp(0.0, 1.0));
        let gap = match self.lost_in_transit {
            (Some(before), Some(after)) => ((after - before) / 0.25).clamp(0.0, 1.0),
            (None, Some(after)) => (after / 0.25).clamp(0.0, 1.0),
            _ => 0.0,
        };
        // A country exporting more than twice what it imports of the goods
        // makes them itself: its pass-through says nothing about re-export.
        let pass_through = match self.pass_through {
            Some(p) if p <= 2.0 => p.clamp(0.0, 1.0),
            _ => 0.0,
        };
        [
            ("source growth", growth(self.source_growth)),
            ("onward growth", growth(self.onward_growth)),
            (
                "co-movement",
                self.co_movement.unwrap_or(0.0).clamp(0.0, 1.0),
            ),
            ("pass-through", pass_through),
            ("lost in transit", gap),
        ]
    }

    /// One sentence with the evidence.
    pub fn explanation(&self, destination: &str) -> String {
        let ratio = |r: Option<f64>| r.map_or("n/a".to_string(), |r| format!("{r:.1}×"));
        let share = |r: Option<f64>| r.map_or("n/a".to_string(), |r| format!("{:.0}%", r * 100.0));
        format!(
            "sources→{hub} {} (USD {:.0} → {:.0} a month); {hub}→{destination} {} (USD {:.0} → {:.0}); \
             co-movement {}; pass-through {}; lost in transit {} → {}",
            ratio(self.source_growth),
            self.source_to_hub.0,
            self.source_to_hub.1,
            ratio(self.onward_growth),
            self.hub_to_destination.0,
            self.hub_to_destination.1,
            self.co_movement
                .map_or("n/a".to_string(), |c| format!("{c:.2}")),
            share(self.pass_through),
            share(self.lost_in_transit.0),
            share(self.lost_in_transit.1),
            hub = self.hub,
        )
    }
}

/// Ranks third countries by the evidence of re-export, strongest first.
pub async fn corridors(
    ctx: &SessionContext,
    query: &CorridorQuery,
) -> Result<Vec<Corridor>, AnalyticsError> {
    let batches = crate::exec::collect(ctx, &query.to_sql()?).await?;
    let mut legs: BTreeMap<String, BTreeMap<String, Leg>> = BTreeMap::new();
    let mut last_month = i32::MIN;
    for batch in &batches {
        let cast_to = |i: usize, to: &DataType| {
            cast(batch.column(i), to).map_err(datafusion::error::DataFusionError::from)
        };
        let (hub, year, month) = (
            cast_to(0, &DataType::Utf8)?,
            cast_to(1, &DataType::Int32)?,
            cast_to(2, &DataType::Int32)?,
        );
        let (hub, year, month) = (
            hub.as_string::<i32>(),
            year.as_primitive::<Int32Type>(),
            month.as_primitive::<Int32Type>(),
        );
        for (offset, name) in LEGS.iter().enumerate() {
            let value = cast_to(3 + offset, &DataType::Float64)?;
            let value = value.as_primitive::<Float64Type>();
            for row in 0..batch.num_rows() {
                if value.is_null(row) || year.is_null(row) || month.is_null(row) {
                    continue;
                }
                let t = year.value(row) * 12 + month.value(row) - 1;
                last_month = last_month.max(t);
                *legs
                    .entry(hub.value(row).to_string())
                    .or_default()
                    .entry(name.to_string())
                    .or_default()
                    .entry(t)
                    .or_default() += value.value(row);
            }
        }
    }
    let after_end = query
        .until
        .map_or(last_month, |u| u.month_index().min(last_month));
    let windows = Windows {
        before: (
            query.baseline.0.month_index(),
            query.baseline.1.month_index(),
        ),
        after: (query.after.month_index(), after_end),
    };
    let mut found: Vec<Corridor> = legs
        .into_iter()
        .filter_map(|(hub, legs)| corridor(hub, &legs, windows, query))
        .collect();
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.hub.cmp(&b.hub)));
    found.truncate(query.top);
    Ok(found)
}

#[derive(Debug, Clone, Copy)]
struct Windows {
    before: (i32, i32),
    after: (i32, i32),
}

fn window_sum(leg: Option<&Leg>, (lo, hi): (i32, i32)) -> f64 {
    // `+ 0.0` turns the empty sum's -0.0 into 0.0.
    leg.map_or(0.0, |l| l.range(lo..=hi).map(|(_, v)| v).sum::<f64>() + 0.0)
}

fn months((lo, hi): (i32, i32)) -> f64 {
    f64::from((hi - lo + 1).max(1))
}

fn growth(before: f64, after: f64) -> Option<f64> {
    (before > 0.0 && after > 0.0).then(|| after / before)
}

/// Pearson correlation of two equally long samples (`None` under 6 points or no variance).
fn correlation(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len().min(b.len());
    if n < 6 {
        return None;
    }
    let mean = |x: &[f64]| x[..n].iter().sum::<f64>() / n as f64;
    let (ma, mb) = (mean(a), mean(b));
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for i in 0..n {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma).powi(2);
        sbb += (b[i] - mb).powi(2);
    }
    (saa > 0.0 && sbb > 0.0).then(|| sab / (saa * sbb).sqrt())
}

/// Month-on-month log changes of two legs over a window, for months where
/// both legs traded in the month and the one before.
fn log_changes(a: Option<&Leg>, b: Option<&Leg>, (lo, hi): (i32, i32)) -> (Vec<f64>, Vec<f64>) {
    let value = |leg: Option<&Leg>, t: i32| leg.and_then(|l| l.get(&t)).copied().unwrap_or(0.0);
    let mut out = (Vec::new(), Vec::new());
    for t in (lo + 1)..=hi {
        let (a0, a1, b0, b1) = (value(a, t - 1), value(a, t), value(b, t - 1), value(b, t));
        if a0 > 0.0 && a1 > 0.0 && b0 > 0.0 && b1 > 0.0 {
            out.0.push((a1 / a0).ln());
            out.1.push((b1 / b0).ln());
        }
    }
    out
}

fn corridor(
    hub: String,
    legs: &BTreeMap<String, Leg>,
    w: Windows,
    query: &CorridorQuery,
) -> Option<Corridor> {
    let leg = |name: &str| legs.get(name);
    let avg = |name: &str, window: (i32, i32)| window_sum(leg(name), window) / months(window);
    let source_to_hub = (
        avg("source_to_hub", w.before),
        avg("source_to_hub", w.after),
    );
    let hub_to_destination = (
        avg("hub_to_destination", w.before),
        avg("hub_to_destination", w.after),
    );
    if hub_to_destination.1 < query.min_value_usd {
        return None;
    }
    let lost = |window: (i32, i32)| {
        let exported = window_sum(leg("source_to_hub"), window);
        let imported = window_sum(leg("hub_imports_from_sources"), window);
        (exported > 0.0 && imported > 0.0)
            .then(|| (exported - imported / (1.0 + query.cif_fob_allowance)) / exported)
    };
    let imports_after = window_sum(leg("hub_imports"), w.after);
    let (a, b) = log_changes(leg("source_to_hub"), leg("hub_to_destination"), w.after);
    let series = (w.before.0..=w.after.1)
        .filter_map(|t| {
            let at = |name: &str| leg(name).and_then(|l| l.get(&t)).copied().unwrap_or(0.0);
            Some((
                period_of_index(t)?,
                at("source_to_hub"),
                at("hub_to_destination"),
            ))
        })
        .collect();
    let mut found = Corridor {
        hub,
        score: 0.0,
        source_to_hub,
        source_growth: growth(source_to_hub.0, source_to_hub.1),
        hub_to_destination,
        onward_growth: growth(hub_to_destination.0, hub_to_destination.1),
        co_movement: correlation(&a, &b),
        pass_through: (imports_after > 0.0)
            .then(|| window_sum(leg("hub_to_destination"), w.after) / imports_after),
        lost_in_transit: (lost(w.before), lost(w.after)),
        destination_reported: (
            avg("destination_from_hub", w.before),
            avg("destination_from_hub", w.after),
        ),
        series,
    };
    found.score = found.evidence().iter().map(|(_, v)| v).sum();
    Some(found)
}
