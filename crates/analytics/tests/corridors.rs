//! Corridor evidence on a hand-built world: one re-export hub, one control.

mod common;

use chokepoint_analytics::{CorridorQuery, corridors, corridors_table};
use chokepoint_catalog::{BasketSet, resolve_country_groups};
use chokepoint_model::{Country, Period};
use common::{Flow, session};

/// Month-to-month wobble of the hub's trade after the switch (mean 9.5 / 9).
const WOBBLE: [f64; 9] = [1.0, 1.2, 0.9, 1.1, 1.0, 1.3, 0.8, 1.0, 1.2];

fn flow(
    reporter: &'static str,
    partner: &'static str,
    flow: &'static str,
    t: i32,
    value: f64,
) -> Flow {
    (
        reporter,
        partner,
        flow,
        2021 + t / 12,
        t % 12 + 1,
        "854231",
        value,
        None,
        None,
    )
}

/// 2021-01..2022-12 (t = 0..24); the after window is 2022-04.. (t = 15..24).
fn world() -> Vec<Flow> {
    let mut rows = Vec::new();
    for t in 0..24 {
        let after = t >= 15;
        let f = if after {
            WOBBLE[(t - 15) as usize]
        } else {
            1.0
        };
        let source = if after { 500.0 * f } else { 100.0 };
        // Hub: the source's exports grow 5x; the hub declares only 80 % of them
        // after (plus 6 % CIF); its exports to Russia follow the same wobble.
        rows.push(flow("DEU", "KGZ", "export", t, source));
        let declared = if after { 0.8 * source } else { source };
        rows.push(flow("KGZ", "DEU", "import", t, declared * 1.06));
        rows.push(flow(
            "KGZ",
            "RUS",
            "export",
            t,
            if after { 300.0 * f } else { 10.0 },
        ));
        // Control: flat trade with both sides.
        rows.push(flow("DEU", "SRB", "export", t, 100.0));
        rows.push(flow("SRB", "DEU", "import", t, 106.0));
        rows.push(flow("SRB", "RUS", "export", t, 50.0));
        // Russia's own reports stop after 2021.
        if t < 12 {
            rows.push(flow("RUS", "KGZ", "import", t, 12.0));
        }
    }
    rows
}

fn query() -> CorridorQuery {
    let mut query = CorridorQuery::new(
        BasketSet::builtin()
            .get("microelectronics")
            .unwrap()
            .clone(),
        Country::lookup("RUS").unwrap(),
        resolve_country_groups("EU27,G7").unwrap(),
    );
    query.min_value_usd = 1.0;
    query
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[tokio::test]
async fn the_hub_ranks_first_with_evidence_worked_out_by_hand() {
    let found = corridors(&session(&world()), &query()).await.unwrap();
    let hubs: Vec<&str> = found.iter().map(|c| c.hub.as_str()).collect();
    assert_eq!(hubs, ["KGZ", "SRB"]);
    let hub = &found[0];
    let mean_wobble = 9.5 / 9.0;
    assert!(close(hub.source_to_hub.0, 100.0));
    assert!(close(hub.source_to_hub.1, 500.0 * mean_wobble));
    assert!(close(hub.source_growth.unwrap(), 5.0 * mean_wobble));
    assert!(close(hub.onward_growth.unwrap(), 30.0 * mean_wobble));
    assert!(close(hub.co_movement.unwrap(), 1.0));
    // 300 f / (0.8 × 1.06 × 500 f)
    assert!(close(hub.pass_through.unwrap(), 300.0 / 424.0));
    assert!(close(hub.lost_in_transit.0.unwrap(), 0.0));
    assert!(close(hub.lost_in_transit.1.unwrap(), 0.2));
    assert!(close(hub.destination_reported.0, 12.0));
    assert!(close(hub.destination_reported.1, 0.0));
    let expected = (5.0 * mean_wobble).log10() + 1.0 + 1.0 + 300.0 / 424.0 + 0.2 / 0.25;
    assert!(close(hub.score, expected), "{} vs {expected}", hub.score);
    assert_eq!(hub.series.len(), 24);
    assert_eq!(hub.series[0].0, Period::new(2021, 1).unwrap());

    let control = &found[1];
    assert!(close(control.source_growth.unwrap(), 1.0));
    assert_eq!(control.co_movement, None);
    assert!(close(control.score, 50.0 / 106.0));
    let table = corridors_table(&found, "RUS");
    assert_eq!(table.num_rows(), 2);
    assert!(found[0].explanation("RUS").contains("KGZ→RUS"));
}

#[tokio::test]
async fn thresholds_sources_and_windows_are_checked() {
    let mut q = query();
    q.min_value_usd = 100.0;
    let found = corridors(&session(&world()), &q).await.unwrap();
    // SRB exports 50 a month to Russia: below the minimum.
    assert_eq!(found.len(), 1);
    let mut q = query();
    q.sources.push(Country::lookup("RUS").unwrap());
    assert!(q.to_sql().is_err());
    let mut q = query();
    q.after = Period::new(2021, 6).unwrap();
    assert!(q.to_sql().is_err());
    let mut q = query();
    q.sources.clear();
    assert!(q.to_sql().is_err());
}
