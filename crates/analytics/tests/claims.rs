//! Claim checks on a hand-built table, figures worked out by hand.

mod common;

use chokepoint_analytics::{Verdict, check_claim, parse_claims};
use chokepoint_catalog::BasketSet;
use common::{Flow, session};

/// Microelectronics to Russia in 2023: CHN 60 + HKG 30 + DEU 10 a month;
/// fibre cable CHN→RUS: 1,000 km in 2025-07, 9,500 km in 2025-08.
fn world() -> Vec<Flow> {
    let mut rows = Vec::new();
    for month in 1..=12 {
        rows.push((
            "CHN", "RUS", "export", 2023, month, "854231", 60.0, None, None,
        ));
        rows.push((
            "HKG", "RUS", "export", 2023, month, "854231", 30.0, None, None,
        ));
        rows.push((
            "DEU", "RUS", "export", 2023, month, "854231", 10.0, None, None,
        ));
    }
    rows.push((
        "CHN",
        "RUS",
        "export",
        2025,
        7,
        "854470",
        100.0,
        Some(1000.0),
        Some("km"),
    ));
    rows.push((
        "CHN",
        "RUS",
        "export",
        2025,
        8,
        "854470",
        900.0,
        Some(9500.0),
        Some("km"),
    ));
    // Optical fibres in kg: not convertible to miles, left out of a length measure.
    rows.push((
        "CHN",
        "RUS",
        "export",
        2025,
        8,
        "900110",
        50.0,
        Some(70.0),
        Some("kg"),
    ));
    rows
}

const CLAIMS: &str = r#"
[[claim]]
id = "share-90"
statement = "90% from China and Hong Kong"
kind = "share"
basket = "microelectronics"
origins = ["CHN", "HKG"]
destination = "RUS"
period = "2023"
claimed = 0.90

[[claim]]
id = "share-china-only"
statement = "90% from China"
kind = "share"
basket = "microelectronics"
origins = "CHN"
destination = "RUS"
period = "2023"
claimed = 0.90

[[claim]]
id = "growth"
statement = "nearly tenfold"
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
id = "miles"
statement = "around 5,900 miles"
kind = "total"
basket = "fibre-optic"
origins = "CHN"
destination = "RUS"
period = "2025-08"
measure = "quantity"
unit = "mi"
claimed = 5900

[[claim]]
id = "at-least"
statement = "over 1,000 USD since 2023"
kind = "total"
basket = "microelectronics"
origins = ["CHN"]
destination = "RUS"
since = "2023-01"
until = "2023-12"
claimed = 1000
comparison = "at_least"

[[claim]]
id = "uncovered-year"
statement = "a share in 2024, when no data are loaded"
kind = "share"
basket = "microelectronics"
origins = "CHN"
destination = "RUS"
period = "2024"
claimed = 0.5

[[claim]]
id = "direct-after-2021"
statement = "Russia's own import reports for 2023 (it stopped publishing)"
kind = "share"
basket = "microelectronics"
origins = "CHN"
destination = "RUS"
period = "2023"
reported_by = "importer"
claimed = 0.6

[[claim]]
id = "half-covered"
statement = "a total over 2023-07..2024-06, half of which has data"
kind = "total"
basket = "microelectronics"
origins = "CHN"
destination = "RUS"
since = "2023-07"
until = "2024-06"
claimed = 360
"#;

#[tokio::test]
async fn verdicts_and_figures_worked_out_by_hand() {
    let ctx = session(&world());
    let claims = parse_claims(CLAIMS, "test.toml", &BasketSet::builtin()).unwrap();
    let mut results = Vec::new();
    for claim in &claims {
        let check = check_claim(&ctx, claim).await.unwrap();
        assert!(!check.queries.is_empty());
        results.push((claim.id.clone(), check.computed, check.verdict));
    }
    let find = |id: &str| results.iter().find(|r| r.0 == id).unwrap().clone();
    let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-9);

    let (_, share, verdict) = find("share-90");
    assert!(
        close(share, 0.9) && verdict == Verdict::Consistent,
        "{share:?}"
    );
    let (_, share, verdict) = find("share-china-only");
    assert!(close(share, 0.6) && verdict == Verdict::Inconsistent);
    // 9,500 km / 1,000 km; the kg row is left out.
    let (_, growth, verdict) = find("growth");
    assert!(close(growth, 9.5) && verdict == Verdict::Consistent);
    let (_, miles, verdict) = find("miles");
    assert!(close(miles, 9500.0 / 1.609344), "{miles:?}");
    assert_eq!(verdict, Verdict::Consistent);
    let (_, total, verdict) = find("at-least");
    assert!(close(total, 720.0) && verdict == Verdict::Inconsistent);
    assert_eq!(find("uncovered-year").2, Verdict::NotEnoughData);
    assert_eq!(find("direct-after-2021").2, Verdict::NotEnoughData);
    let (_, total, verdict) = find("half-covered");
    assert!(close(total, 360.0), "{total:?}");
    assert_eq!(verdict, Verdict::NotEnoughData);
}
