//! Golden `to_sql()` text of every analytics question ("the query behind"
//! an answer), recorded in `tests/snapshots/`. The queries are built from the
//! query types themselves, not from any parameter parser, so a change in how
//! parameters reach the library leaves these files alone; a change in a plan
//! shows up here as a reviewed diff (`INSTA_UPDATE=always cargo test` rewrites
//! them, a plain run fails on any difference).

mod common;

use chokepoint_analytics::{
    CorridorQuery, Grain, Measure, OriginGroup, ShareSource, SharesQuery, SurgeQuery, TotalsQuery,
    TotalsSource, parse_claims,
};
use chokepoint_catalog::{BasketSet, resolve_country_groups};
use chokepoint_model::QuantityUnit;
use common::{basket, country, month};

fn shares(source: ShareSource) -> SharesQuery {
    SharesQuery {
        basket: basket("microelectronics"),
        destination: country("RUS"),
        grain: Grain::Year,
        from: None,
        until: None,
        groups: vec![],
        top: Some(10),
        source,
    }
}

fn grouped(mut query: SharesQuery) -> SharesQuery {
    query.grain = Grain::Quarter;
    query.from = Some(month("2021-01"));
    query.until = Some(month("2024-06"));
    query.groups = vec![
        OriginGroup::parse("china=CHN,HKG,MAC").unwrap(),
        OriginGroup::parse("eu_core=DEU,FRA").unwrap(),
    ];
    query.top = Some(5);
    query
}

#[test]
fn shares_sql() {
    insta::assert_snapshot!(
        "shares_direct",
        shares(ShareSource::Direct).to_sql().unwrap()
    );
    insta::assert_snapshot!(
        "shares_mirror",
        shares(ShareSource::Mirror).to_sql().unwrap()
    );
    insta::assert_snapshot!("shares_both", shares(ShareSource::Both).to_sql().unwrap());
    insta::assert_snapshot!(
        "shares_direct_groups_range",
        grouped(shares(ShareSource::Direct)).to_sql().unwrap()
    );
    insta::assert_snapshot!(
        "shares_mirror_groups_range",
        grouped(shares(ShareSource::Mirror)).to_sql().unwrap()
    );
    let mut monthly_all = grouped(shares(ShareSource::Both));
    monthly_all.grain = Grain::Month;
    monthly_all.top = None;
    insta::assert_snapshot!(
        "shares_both_groups_month_no_top",
        monthly_all.to_sql().unwrap()
    );
}

fn totals(unit: Option<QuantityUnit>) -> TotalsQuery {
    TotalsQuery {
        basket: basket("fibre-optic"),
        origins: vec![country("CHN"), country("HKG")],
        destination: country("RUS"),
        since: month("2023-01"),
        until: None,
        source: TotalsSource::Exporter,
        unit,
    }
}

#[test]
fn totals_sql() {
    insta::assert_snapshot!("totals_exporter", totals(None).to_sql().unwrap());
    let mut in_miles = totals(Some(QuantityUnit::parse("mi").unwrap()));
    in_miles.until = Some(month("2025-08"));
    insta::assert_snapshot!("totals_exporter_unit_until", in_miles.to_sql().unwrap());
    let mut importer = totals(None);
    importer.source = TotalsSource::Importer;
    insta::assert_snapshot!("totals_importer", importer.to_sql().unwrap());
}

#[test]
fn surges_sql() {
    insta::assert_snapshot!("surges_defaults", SurgeQuery::new().to_sql().unwrap());
    let mut basket_scan = SurgeQuery::new();
    basket_scan.basket = Some(basket("microelectronics"));
    basket_scan.destination = Some(country("RUS"));
    basket_scan.origin = Some(country("CHN"));
    basket_scan.from = Some(month("2022-01"));
    basket_scan.until = Some(month("2024-12"));
    insta::assert_snapshot!("surges_basket_route", basket_scan.to_sql().unwrap());
    let mut quantity = SurgeQuery::new();
    quantity.measure = Measure::Quantity;
    quantity.basket = Some(basket("fibre-optic"));
    quantity.destination = Some(country("RUS"));
    quantity.baseline = (month("2020-01"), month("2020-12"));
    quantity.min_value_usd = 0.0;
    quantity.all_points = true;
    quantity.top = 5;
    insta::assert_snapshot!("surges_basket_quantity", quantity.to_sql().unwrap());
}

#[test]
fn corridors_sql() {
    let defaults = CorridorQuery::new(
        basket("microelectronics"),
        country("RUS"),
        resolve_country_groups("coalition").unwrap(),
    );
    insta::assert_snapshot!("corridors_defaults", defaults.to_sql().unwrap());
    let mut options = CorridorQuery::new(
        basket("chpl"),
        country("RUS"),
        resolve_country_groups("EU27,G7").unwrap(),
    );
    options.baseline = (month("2020-07"), month("2021-06"));
    options.after = month("2023-01");
    options.until = Some(month("2024-12"));
    options.cif_fob_allowance = 0.1;
    options.min_value_usd = 50_000.0;
    options.top = 5;
    insta::assert_snapshot!("corridors_options", options.to_sql().unwrap());
}

/// One claim of each kind, and each way of reading one (importer side,
/// quantity in another unit, several baskets, an open window).
const CLAIMS: &str = r#"
[[claim]]
id = "share"
statement = "90% from China and Hong Kong"
kind = "share"
basket = "microelectronics"
origins = ["CHN", "HKG"]
destination = "RUS"
period = "2023"
claimed = 0.90

[[claim]]
id = "share-importer-quarter"
statement = "Russia's own reports: 60% from China in 2021-Q4"
kind = "share"
basket = ["chpl", "machine-tools"]
origins = "CHN"
destination = "RUS"
period = "2021-Q4"
reported_by = "importer"
claimed = 0.6

[[claim]]
id = "growth-quantity"
statement = "nearly tenfold, in miles"
kind = "growth"
basket = "fibre-optic"
origins = "CHN"
destination = "RUS"
period = "2025-08"
versus = "2025-07"
measure = "quantity"
unit = "mi"
claimed = 10

[[claim]]
id = "growth-value"
statement = "doubled from 2021 to 2023"
kind = "growth"
basket = "microelectronics"
origins = ["CHN", "HKG"]
destination = "RUS"
period = "2023"
versus = "2021"
claimed = 2
comparison = "at_least"

[[claim]]
id = "total-since"
statement = "over 1,000 USD since 2023"
kind = "total"
basket = "microelectronics"
origins = ["CHN"]
destination = "RUS"
since = "2023-01"
claimed = 1000
comparison = "at_least"

[[claim]]
id = "total-quantity"
statement = "around 5,900 miles"
kind = "total"
basket = "fibre-optic"
origins = "CHN"
destination = "RUS"
since = "2025-01"
until = "2025-08"
measure = "quantity"
unit = "mi"
claimed = 5900
comparison = "at_most"
"#;

#[test]
fn claims_sql() {
    let claims = parse_claims(CLAIMS, "golden.toml", &BasketSet::builtin()).unwrap();
    assert_eq!(claims.len(), 6);
    for claim in &claims {
        insta::assert_snapshot!(format!("claim_{}", claim.id), claim.to_sql());
    }
}
