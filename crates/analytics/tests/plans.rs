//! Shares and totals on small hand-built `flows` tables, answers worked out by hand.

mod common;

use common::{Flow, session, text_column};

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::Float64Type;
use chokepoint_analytics::{
    Grain, OriginGroup, ShareSource, SharesQuery, TotalsQuery, TotalsSource, origin_shares, totals,
};
use chokepoint_catalog::BasketSet;
use chokepoint_model::{Country, Period, QuantityUnit};

fn shares_query(source: ShareSource) -> SharesQuery {
    SharesQuery {
        basket: BasketSet::builtin()
            .get("microelectronics")
            .unwrap()
            .clone(),
        destination: Country::lookup("RUS").unwrap(),
        grain: Grain::Year,
        from: None,
        until: None,
        groups: vec![],
        top: None,
        source,
    }
}

/// (period, origin, value, share) of a single-source result.
fn rows_of(batches: &[RecordBatch]) -> Vec<(String, String, f64, f64)> {
    let mut out = Vec::new();
    for batch in batches {
        let period = text_column(batch, 0);
        let origin = text_column(batch, 1);
        let value = batch.column(2).as_primitive::<Float64Type>();
        let share = batch.column(3).as_primitive::<Float64Type>();
        for i in 0..batch.num_rows() {
            out.push((
                period[i].clone(),
                origin[i].clone(),
                value.value(i),
                (share.value(i) * 1e9).round() / 1e9,
            ));
        }
    }
    out
}

fn world() -> Vec<Flow> {
    vec![
        // 2023, mirror: partners' exports to Russia of microelectronics.
        ("CHN", "RUS", "export", 2023, 3, "854231", 600.0, None, None),
        ("HKG", "RUS", "export", 2023, 5, "854110", 300.0, None, None),
        ("DEU", "RUS", "export", 2023, 1, "854231", 100.0, None, None),
        // Never counted: an HS4 total (double counting), goods outside the basket,
        // an aggregate reporter, and exports to the World.
        ("CHN", "RUS", "export", 2023, 3, "8542", 5000.0, None, None),
        ("CHN", "RUS", "export", 2023, 3, "870323", 999.0, None, None),
        ("XEU", "RUS", "export", 2023, 3, "854231", 777.0, None, None),
        ("CHN", "W00", "export", 2023, 3, "854231", 888.0, None, None),
        // 2021, direct: Russia's own import reports.
        ("RUS", "CHN", "import", 2021, 2, "854231", 200.0, None, None),
        ("RUS", "DEU", "import", 2021, 7, "854239", 300.0, None, None),
        ("RUS", "W00", "import", 2021, 7, "854239", 500.0, None, None),
    ]
}

#[tokio::test]
async fn mirror_shares_count_partners_exports_and_nothing_else() {
    let ctx = session(&world());
    let result = rows_of(
        &origin_shares(&ctx, &shares_query(ShareSource::Mirror))
            .await
            .unwrap(),
    );
    assert_eq!(
        result,
        [
            ("2023".into(), "CHN".into(), 600.0, 0.6),
            ("2023".into(), "HKG".into(), 300.0, 0.3),
            ("2023".into(), "DEU".into(), 100.0, 0.1),
        ]
    );
}

#[tokio::test]
async fn direct_shares_use_the_destinations_imports() {
    let ctx = session(&world());
    let result = rows_of(
        &origin_shares(&ctx, &shares_query(ShareSource::Direct))
            .await
            .unwrap(),
    );
    assert_eq!(
        result,
        [
            ("2021".into(), "DEU".into(), 300.0, 0.6),
            ("2021".into(), "CHN".into(), 200.0, 0.4)
        ]
    );
}

#[tokio::test]
async fn groups_and_top_fold_origins() {
    let ctx = session(&world());
    let mut query = shares_query(ShareSource::Mirror);
    query.groups = vec![OriginGroup::parse("china=CHN,HKG,MAC").unwrap()];
    query.top = Some(1);
    let result = rows_of(&origin_shares(&ctx, &query).await.unwrap());
    assert_eq!(
        result,
        [
            ("2023".into(), "china".into(), 900.0, 0.9),
            ("2023".into(), "other".into(), 100.0, 0.1)
        ]
    );
    assert!(OriginGroup::parse("china").is_err());
    assert!(
        OriginGroup::parse("x=CHN,ZZZ")
            .unwrap_err()
            .to_string()
            .contains("ZZZ")
    );
}

#[tokio::test]
async fn both_sources_side_by_side_with_the_gap() {
    let mut rows = world();
    // Russia's 2023 report of imports from China disagrees with China's exports.
    rows.push(("RUS", "CHN", "import", 2023, 3, "854231", 450.0, None, None));
    rows.push(("RUS", "DEU", "import", 2023, 3, "854231", 50.0, None, None));
    let ctx = session(&rows);
    let mut query = shares_query(ShareSource::Both);
    query.from = Some(Period::new(2023, 1).unwrap());
    let batches = origin_shares(&ctx, &query).await.unwrap();
    let batch = &batches[0];
    let origins = text_column(batch, 1);
    assert_eq!(origins, ["CHN", "DEU", "HKG"]);
    let column = |name: &str| {
        batch
            .column_by_name(name)
            .unwrap()
            .as_primitive::<Float64Type>()
            .clone()
    };
    let (direct, mirror, gap) = (
        column("share_direct"),
        column("share_mirror"),
        column("share_gap"),
    );
    // CHN: direct 450/500 = 0.9, mirror 0.6, gap -0.3. HKG: only mirror, 0.3.
    assert!((direct.value(0) - 0.9).abs() < 1e-9 && (mirror.value(0) - 0.6).abs() < 1e-9);
    assert!((gap.value(0) + 0.3).abs() < 1e-9);
    assert!(direct.is_null(2) && (gap.value(2) - 0.3).abs() < 1e-9);
}

#[tokio::test]
async fn totals_accumulate_value_and_quantity_where_units_agree() {
    let rows = vec![
        (
            "CHN",
            "RUS",
            "export",
            2025,
            6,
            "854470",
            100.0,
            Some(40.0),
            Some("km"),
        ),
        (
            "CHN",
            "RUS",
            "export",
            2025,
            7,
            "854470",
            10.0,
            Some(50.0),
            Some("km"),
        ),
        (
            "CHN",
            "RUS",
            "export",
            2025,
            8,
            "854470",
            100.0,
            Some(500.0),
            Some("km"),
        ),
        (
            "HKG",
            "RUS",
            "export",
            2025,
            8,
            "900110",
            5.0,
            Some(2.0),
            Some("km"),
        ),
    ];
    let query = TotalsQuery {
        basket: BasketSet::builtin().get("fibre-optic").unwrap().clone(),
        origins: vec![
            Country::lookup("CHN").unwrap(),
            Country::lookup("HKG").unwrap(),
        ],
        destination: Country::lookup("RUS").unwrap(),
        since: Period::new(2025, 7).unwrap(),
        until: None,
        source: TotalsSource::Exporter,
        unit: None,
    };
    let batches = totals(&session(&rows), &query).await.unwrap();
    let batch = &batches[0];
    let floats = |name: &str| -> Vec<f64> {
        batch
            .column_by_name(name)
            .unwrap()
            .as_primitive::<Float64Type>()
            .iter()
            .map(Option::unwrap)
            .collect()
    };
    assert_eq!(floats("cumulative_value_usd"), [10.0, 115.0]);
    assert_eq!(floats("cumulative_quantity"), [50.0, 552.0]);
    let unit_index = batch.schema().index_of("quantity_unit").unwrap();
    assert_eq!(text_column(batch, unit_index)[1], "km");

    // The same series in miles (1 mi = 1.609344 km).
    let miles = TotalsQuery {
        unit: Some(QuantityUnit::Miles),
        ..query.clone()
    };
    let batches = totals(&session(&rows), &miles).await.unwrap();
    let cumulative_miles = batches[0]
        .column_by_name("cumulative_quantity")
        .unwrap()
        .as_primitive::<Float64Type>()
        .value(1);
    assert!(
        (cumulative_miles - 552.0 / 1.609_344).abs() < 1e-9,
        "{cumulative_miles}"
    );

    // A second unit in the series: quantities are not summed across units.
    let mut mixed = rows.clone();
    mixed.push((
        "CHN",
        "RUS",
        "export",
        2025,
        8,
        "854470",
        1.0,
        Some(9.0),
        Some("m"),
    ));
    let batches = totals(&session(&mixed), &query).await.unwrap();
    assert!(
        batches[0]
            .column_by_name("cumulative_quantity")
            .unwrap()
            .is_null(1)
    );
    assert_eq!(
        batches[0]
            .column_by_name("cumulative_value_usd")
            .unwrap()
            .as_primitive::<Float64Type>()
            .value(1),
        116.0
    );
}

mod properties {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;

    const ORIGINS: [&str; 4] = ["CHN", "HKG", "DEU", "KGZ"];

    fn run(rows: &[Flow], source: ShareSource) -> Vec<(String, String, f64, f64)> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let mut query = shares_query(source);
        query.grain = Grain::Month;
        rows_of(
            &runtime
                .block_on(origin_shares(&session(rows), &query))
                .unwrap(),
        )
    }

    fn exports() -> impl Strategy<Value = Vec<Flow>> {
        prop::collection::vec((0..ORIGINS.len(), 1..4i32, 1.0..1000.0f64), 1..25).prop_map(|rows| {
            rows.into_iter()
                .map(|(origin, month, value)| {
                    (
                        ORIGINS[origin],
                        "RUS",
                        "export",
                        2023,
                        month,
                        "854231",
                        value,
                        None,
                        None,
                    )
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn shares_of_a_period_sum_to_one(rows in exports()) {
            let mut sums: HashMap<String, f64> = HashMap::new();
            for (period, _, _, share) in run(&rows, ShareSource::Mirror) {
                *sums.entry(period).or_default() += share;
            }
            for sum in sums.values() {
                prop_assert!((sum - 1.0).abs() < 1e-6, "{sum}");
            }
        }

        #[test]
        fn a_zero_value_row_changes_nothing(rows in exports(), origin in 0..ORIGINS.len()) {
            let mut with_zero = rows.clone();
            with_zero.push(("SRB", "RUS", "export", 2023, 1, "854231", 0.0, None, None));
            with_zero.push((ORIGINS[origin], "RUS", "export", 2023, 2, "854231", 0.0, None, None));
            prop_assert_eq!(run(&rows, ShareSource::Mirror), run(&with_zero, ShareSource::Mirror));
        }

        #[test]
        fn mirror_and_direct_agree_when_the_data_agree(rows in exports()) {
            let imports: Vec<Flow> = rows
                .iter()
                .map(|r| ("RUS", r.0, "import", r.3, r.4, r.5, r.6, None, None))
                .collect();
            let all: Vec<Flow> = rows.iter().cloned().chain(imports).collect();
            prop_assert_eq!(run(&all, ShareSource::Mirror), run(&all, ShareSource::Direct));
        }
    }
}
