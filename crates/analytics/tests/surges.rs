//! Surge detection on hand-built series whose answers are worked out here.

mod common;

use chokepoint_analytics::{Measure, SurgeMethod, SurgeQuery, surges, surges_table};
use chokepoint_catalog::BasketSet;
use chokepoint_model::{Country, Period};
use common::{Flow, session};

/// A steady level with a small deterministic wobble (±5 %), month `i` from 2021-01.
fn steady(level: f64, i: i32) -> f64 {
    level * [0.95, 1.0, 1.05, 0.975, 1.025][(i * 7 % 5) as usize]
}

fn month(i: i32) -> (i32, i32) {
    (2021 + i / 12, i % 12 + 1)
}

/// 36 months (2021-01..2023-12) of one series, with `jump` applied at month `at`.
fn series(
    exporter: &'static str,
    importer: &'static str,
    hs: &'static str,
    level: f64,
    jump: Option<(i32, f64)>,
) -> Vec<Flow> {
    (0..36)
        .map(|i| {
            let (year, m) = month(i);
            let mut value = steady(level, i);
            if let Some((at, factor)) = jump
                && at == i
            {
                value *= factor;
            }
            let km = value / 100.0;
            (
                exporter,
                importer,
                "export",
                year,
                m,
                hs,
                value,
                Some(km),
                Some("km"),
            )
        })
        .collect()
}

fn query() -> SurgeQuery {
    SurgeQuery {
        destination: Some(Country::lookup("RUS").unwrap()),
        ..SurgeQuery::new()
    }
}

#[tokio::test]
async fn a_tenfold_jump_is_flagged_by_every_method_with_its_evidence() {
    // 2023-06 is month 29.
    let rows = series("CHN", "RUS", "854470", 1e6, Some((29, 10.0)));
    let ctx = session(&rows);
    let found = surges(&ctx, &query()).await.unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let surge = &found[0];
    assert_eq!(
        (
            surge.exporter.as_str(),
            surge.importer.as_str(),
            surge.code.as_str()
        ),
        ("CHN", "RUS", "854470")
    );
    assert_eq!(surge.period, Period::new(2023, 6).unwrap());
    let value = steady(1e6, 29) * 10.0;
    assert_eq!(surge.amount, value);
    assert_eq!(surge.previous, Some(steady(1e6, 28)));
    assert_eq!(surge.month_on_month, Some(value / steady(1e6, 28)));
    assert_eq!(surge.year_on_year, Some(value / steady(1e6, 17)));
    let baseline: f64 = (0..12).map(|i| steady(1e6, i)).sum::<f64>() / 12.0;
    assert!((surge.baseline.unwrap() - baseline).abs() < 1e-6);
    assert_eq!(
        surge.methods,
        [
            SurgeMethod::MonthOnMonth,
            SurgeMethod::YearOnYear,
            SurgeMethod::Baseline,
            SurgeMethod::Robust
        ]
    );
    // ln(10) ≈ 2.3 log units over a wobble of a few percent.
    assert!(surge.robust_score.unwrap() > 20.0, "{surge:?}");
    // Quantity in km, also in miles.
    let (km, unit) = surge.quantity.clone().unwrap();
    assert_eq!(unit, "km");
    assert!((km - value / 100.0).abs() < 1e-6);
    let (miles, mi) = surge.quantity_alternative.clone().unwrap();
    assert_eq!(mi, "mi");
    assert!((miles - km / 1.609344).abs() < 1e-6);
    let explanation = surge.explanation();
    assert!(
        explanation.contains("previous month") && explanation.contains("robust"),
        "{explanation}"
    );
    // The whole series travels with the surge (for charts), zero-filled and in order.
    assert_eq!(surge.series.len(), 36);
    assert_eq!(surge.context(2, 1).len(), 4);
    assert_eq!(surges_table(&found).num_rows(), 1);
}

#[tokio::test]
async fn a_regular_seasonal_dip_and_its_recovery_are_not_surges() {
    // Every February at a third of the level: March triples back each year.
    let rows: Vec<Flow> = series("CHN", "RUS", "854231", 1e6, None)
        .into_iter()
        .map(|mut r| {
            if r.4 == 2 {
                r.6 /= 3.0;
            }
            r
        })
        .collect();
    let ctx = session(&rows);
    let strict = SurgeQuery {
        thresholds: chokepoint_analytics::SurgeThresholds {
            month_on_month: 3.5,
            ..Default::default()
        },
        ..query()
    };
    let found = surges(&ctx, &strict).await.unwrap();
    assert!(found.is_empty(), "{found:?}");
    // The plain month-on-month method alone would fire on March (a tripling):
    let loose = SurgeQuery {
        thresholds: chokepoint_analytics::SurgeThresholds {
            month_on_month: 2.5,
            ..Default::default()
        },
        ..query()
    };
    let found = surges(&ctx, &loose).await.unwrap();
    assert!(!found.is_empty());
    assert!(
        found
            .iter()
            .all(|s| s.methods == [SurgeMethod::MonthOnMonth] && s.period.month() == 3),
        "{found:?}"
    );
}

#[tokio::test]
async fn small_series_aggregates_and_other_destinations_are_left_out() {
    let mut rows = series("CHN", "RUS", "854470", 1e3, Some((29, 10.0)));
    rows.extend(series("CHN", "KAZ", "854470", 1e6, Some((29, 10.0))));
    rows.extend(series("CHN", "W00", "854470", 1e6, Some((29, 10.0))));
    let ctx = session(&rows);
    assert!(surges(&ctx, &query()).await.unwrap().is_empty());
    // Without the destination filter the KAZ series appears, never the World.
    let all = surges(&ctx, &SurgeQuery::new()).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].importer, "KAZ");
}

#[tokio::test]
async fn larger_jumps_rank_first_and_baskets_get_a_total_series() {
    let mut rows = series("CHN", "RUS", "854470", 1e6, Some((29, 10.0)));
    rows.extend(series("TUR", "RUS", "900110", 1e6, Some((20, 4.0))));
    let ctx = session(&rows);
    let found = surges(&ctx, &query()).await.unwrap();
    let keys: Vec<(&str, &str)> = found
        .iter()
        .map(|s| (s.exporter.as_str(), s.code.as_str()))
        .collect();
    assert_eq!(keys, [("CHN", "854470"), ("TUR", "900110")]);
    let basket = SurgeQuery {
        basket: Some(BasketSet::builtin().get("fibre-optic").unwrap().clone()),
        ..query()
    };
    let found = surges(&ctx, &basket).await.unwrap();
    let codes: Vec<&str> = found.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes.len(), 4, "{codes:?}");
    assert!(codes.contains(&"basket:fibre-optic"));
    assert_eq!(found[0].exporter, "CHN");
    // Quantity measure: the km series, with miles alongside.
    let by_quantity = SurgeQuery {
        measure: Measure::Quantity,
        ..basket
    };
    let found = surges(&ctx, &by_quantity).await.unwrap();
    assert_eq!(found[0].unit, "km");
    assert_eq!(found[0].period, Period::new(2023, 6).unwrap());
}

#[tokio::test]
async fn a_zero_value_row_changes_nothing() {
    let rows = series("CHN", "RUS", "854470", 1e6, Some((29, 10.0)));
    let mut with_zero = rows.clone();
    with_zero.push((
        "CHN",
        "RUS",
        "export",
        2022,
        3,
        "854470",
        0.0,
        Some(0.0),
        Some("km"),
    ));
    let a = surges(&session(&rows), &query()).await.unwrap();
    let b = surges(&session(&with_zero), &query()).await.unwrap();
    assert_eq!(a, b);
}

#[tokio::test]
async fn a_month_reported_in_two_units_has_no_quantity() {
    let mut rows = series("CHN", "RUS", "854470", 1e6, Some((29, 10.0)));
    // A second row in the surge month, in another unit.
    rows.push((
        "CHN",
        "RUS",
        "export",
        2023,
        6,
        "854470",
        1.0,
        Some(5.0),
        Some("kg"),
    ));
    let ctx = session(&rows);
    let found = surges(&ctx, &query()).await.unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].period, Period::new(2023, 6).unwrap());
    assert_eq!(found[0].amount, steady(1e6, 29) * 10.0 + 1.0);
    assert_eq!(found[0].quantity, None, "km and kg do not add up");
    // Counted in quantities, the series has no single unit: not scanned.
    let by_quantity = SurgeQuery {
        measure: Measure::Quantity,
        ..query()
    };
    assert!(surges(&ctx, &by_quantity).await.unwrap().is_empty());
    // One unit throughout: the quantity series is scanned and flagged.
    let ctx = session(&series("CHN", "RUS", "854470", 1e6, Some((29, 10.0))));
    assert_eq!(surges(&ctx, &by_quantity).await.unwrap().len(), 1);
}
