//! The single-pass plans against the plans they replaced (frozen in
//! `common/old_plans.rs`), on random small `flows` tables and random
//! questions. Values are whole numbers, so sums are exact in any order and
//! the answers must be identical, row for row.

mod common;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type};
use chokepoint_analytics::{
    Claim, ClaimKind, Comparison, CorridorQuery, Grain, Measure, OriginGroup, ReportedBy,
    ShareSource, SharesQuery, SurgeQuery, TotalsQuery, TotalsSource, Window,
};
use chokepoint_catalog::{Basket, BasketSet};
use chokepoint_model::{Country, Period, QuantityUnit};
use common::{Flow, country, old_plans, session};
use proptest::prelude::*;

const ECONOMIES: [&str; 8] = ["RUS", "CHN", "HKG", "DEU", "KGZ", "USA", "XEU", "W00"];
const FLOWS: [&str; 3] = ["export", "import", "re-export"];
const CODES: [&str; 10] = [
    "854231", "854110", "8542", "85423190", "854239", "870323", "900211", "854470", "847330",
    "930690",
];
const UNITS: [Option<&str>; 4] = [Some("km"), Some("kg"), Some("m"), None];

fn flow() -> impl Strategy<Value = Flow> {
    (
        0..ECONOMIES.len(),
        0..ECONOMIES.len(),
        0..FLOWS.len(),
        2020..2025i32,
        1..13i32,
        0..CODES.len(),
        0..2000u32,
        proptest::option::of(0..500u32),
        0..UNITS.len(),
    )
        .prop_map(|(r, p, f, year, month, code, value, quantity, unit)| {
            (
                ECONOMIES[r],
                ECONOMIES[p],
                FLOWS[f],
                year,
                month,
                CODES[code],
                f64::from(value),
                quantity.map(f64::from),
                UNITS[unit],
            )
        })
}

fn table() -> impl Strategy<Value = Vec<Flow>> {
    proptest::collection::vec(flow(), 0..80)
}

fn basket() -> impl Strategy<Value = Basket> {
    prop_oneof![
        Just("microelectronics"),
        Just("high-priority"),
        Just("fibre-optic"),
        Just("chpl"),
        Just("total-trade"),
    ]
    .prop_map(|name| BasketSet::builtin().get(name).unwrap().clone())
}

fn destination() -> impl Strategy<Value = &'static Country> {
    prop_oneof![Just("RUS"), Just("KGZ"), Just("CHN")].prop_map(country)
}

fn month() -> impl Strategy<Value = Option<Period>> {
    proptest::option::of((2020..2025u16, 1..13u8).prop_map(|(y, m)| Period::new(y, m).unwrap()))
}

fn shares_question() -> impl Strategy<Value = SharesQuery> {
    (
        basket(),
        destination(),
        prop_oneof![Just(Grain::Month), Just(Grain::Quarter), Just(Grain::Year)],
        month(),
        month(),
        any::<bool>(),
        proptest::option::of(1..4usize),
        prop_oneof![
            Just(ShareSource::Direct),
            Just(ShareSource::Mirror),
            Just(ShareSource::Both)
        ],
    )
        .prop_map(
            |(basket, destination, grain, from, until, grouped, top, source)| SharesQuery {
                basket,
                destination,
                grain,
                from,
                until,
                groups: if grouped {
                    vec![OriginGroup::parse("china=CHN,HKG").unwrap()]
                } else {
                    vec![]
                },
                top,
                source,
            },
        )
}

/// A cell of a result: text, a number, or null.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Null,
    Text(String),
    Number(f64),
}

fn cells(batches: &[RecordBatch]) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for batch in batches {
        let columns: Vec<Vec<Cell>> = batch
            .columns()
            .iter()
            .map(|column| {
                let numeric = column.data_type().is_numeric();
                let to = if numeric {
                    DataType::Float64
                } else {
                    DataType::Utf8
                };
                let column = cast(column, &to).unwrap();
                (0..column.len())
                    .map(|i| {
                        if column.is_null(i) {
                            Cell::Null
                        } else if numeric {
                            Cell::Number(column.as_primitive::<Float64Type>().value(i))
                        } else {
                            Cell::Text(column.as_string::<i32>().value(i).to_string())
                        }
                    })
                    .collect()
            })
            .collect();
        for i in 0..batch.num_rows() {
            rows.push(columns.iter().map(|c| c[i].clone()).collect());
        }
    }
    rows
}

fn run(rows: &[Flow], sql: &str) -> Vec<Vec<Cell>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        let ctx = session(rows);
        let batches = ctx.sql(sql).await.unwrap().collect().await.unwrap();
        cells(&batches)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn shares_match_the_two_scan_plan(rows in table(), query in shares_question()) {
        prop_assert_eq!(
            run(&rows, &query.to_sql().unwrap()),
            run(&rows, &old_plans::shares_sql(&query))
        );
    }

    #[test]
    fn totals_match_the_two_scan_plan(
        rows in table(),
        basket in basket(),
        destination in destination(),
        since in (2020..2025u16, 1..13u8),
        until in month(),
        importer in any::<bool>(),
        unit in prop_oneof![Just(None), Just(Some(QuantityUnit::Miles)), Just(Some(QuantityUnit::Kilograms))],
    ) {
        let query = TotalsQuery {
            basket,
            origins: vec![country("CHN"), country("HKG")],
            destination,
            since: Period::new(since.0, since.1).unwrap(),
            until,
            source: if importer { TotalsSource::Importer } else { TotalsSource::Exporter },
            unit,
        };
        prop_assert_eq!(
            run(&rows, &query.to_sql().unwrap()),
            run(&rows, &old_plans::totals_sql(&query))
        );
    }

    #[test]
    fn surge_series_match_the_two_grouping_plan(
        rows in table(),
        basket in proptest::option::of(basket()),
        destination in proptest::option::of(destination()),
        origin in proptest::option::of(prop_oneof![Just("CHN"), Just("DEU")].prop_map(country)),
    ) {
        let mut query = SurgeQuery::new();
        query.basket = basket;
        query.destination = destination;
        query.origin = origin;
        prop_assert_eq!(
            run(&rows, &query.to_sql().unwrap()),
            run(&rows, &old_plans::surges_sql(&query))
        );
    }

    #[test]
    fn corridor_legs_match_the_five_scan_plan(
        rows in table(),
        basket in basket(),
        sources in prop_oneof![Just(vec!["DEU", "USA"]), Just(vec!["DEU"]), Just(vec!["CHN", "HKG"])],
        until in month(),
    ) {
        let mut query = CorridorQuery::new(
            basket,
            country("RUS"),
            sources.into_iter().map(country).collect(),
        );
        query.baseline = (Period::new(2020, 1).unwrap(), Period::new(2021, 6).unwrap());
        query.after = Period::new(2021, 7).unwrap();
        query.until = until;
        // Wide (hub, year, month, one column per leg) to long rows, as the old plan gave them.
        let legs = [
            "source_to_hub",
            "hub_imports_from_sources",
            "hub_imports",
            "hub_to_destination",
            "destination_from_hub",
        ];
        let mut new_rows: Vec<Vec<Cell>> = Vec::new();
        for row in run(&rows, &query.to_sql().unwrap()) {
            for (i, leg) in legs.iter().enumerate() {
                if row[3 + i] != Cell::Null {
                    new_rows.push(vec![
                        Cell::Text(leg.to_string()),
                        row[0].clone(),
                        row[1].clone(),
                        row[2].clone(),
                        row[3 + i].clone(),
                    ]);
                }
            }
        }
        let order = |rows: &mut Vec<Vec<Cell>>| {
            rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        };
        let mut old_rows = run(&rows, &old_plans::corridors_sql(&query));
        order(&mut new_rows);
        order(&mut old_rows);
        prop_assert_eq!(new_rows, old_rows);
    }

    #[test]
    fn claim_windows_match_one_scan_per_window(
        rows in table(),
        basket in basket(),
        kind in prop_oneof![Just(ClaimKind::Share), Just(ClaimKind::Growth), Just(ClaimKind::Total)],
        exporter in any::<bool>(),
        first in (2020..2025u16, 1..13u8),
        span in 0..30i32,
        open in any::<bool>(),
        versus_first in (2020..2025u16, 1..13u8),
        quantity in any::<bool>(),
    ) {
        let at = |(y, m): (u16, u8)| Period::new(y, m).unwrap();
        let after = |p: Period, n: i32| {
            let t = p.month_index() + n;
            Period::new(t.div_euclid(12) as u16, (t.rem_euclid(12) + 1) as u8).unwrap()
        };
        let window = Window { first: at(first), last: (!open).then(|| after(at(first), span)) };
        let versus = Window { first: at(versus_first), last: Some(after(at(versus_first), span / 2)) };
        let claim = Claim {
            id: "c".into(),
            statement: String::new(),
            source: None,
            kind,
            basket,
            origins: vec![country("CHN"), country("HKG")],
            destination: country("RUS"),
            window,
            versus: (kind == ClaimKind::Growth).then_some(versus),
            // The old plan could not sum quantities without a target unit.
            measure: if quantity { Measure::Quantity } else { Measure::Value },
            unit: quantity.then_some(QuantityUnit::Kilometres),
            reported_by: if exporter { ReportedBy::Exporter } else { ReportedBy::Importer },
            claimed: 0.5,
            comparison: Comparison::About,
            tolerance: 0.05,
        };
        let new = run(&rows, &claim.to_sql());
        prop_assert_eq!(new.len(), 1);
        let mut windows = vec![window];
        windows.extend(claim.versus);
        for (i, w) in windows.into_iter().enumerate() {
            let old = run(&rows, &old_plans::claim_sql(&claim, w));
            prop_assert_eq!(&new[0][4 * i..4 * i + 4], &old[0][..]);
        }
    }
}
