//! Paths on hand-built graphs mixing ownership, control and trade edges.

use chokepoint_network::{EdgeKind, Graph, Path, PathConfig, Share, Traversal, paths, paths_with};

fn trade(value_usd: f64) -> EdgeKind {
    EdgeKind::Trade {
        baskets: vec!["cnc-machine-tools".into()],
        value_usd,
        first: "2024-01-05".into(),
        last: "2024-06-30".into(),
        n_shipments: 3,
    }
}

fn own(share: f64) -> EdgeKind {
    EdgeKind::Ownership {
        share: Share::new(share),
    }
}

/// A supplier network:
///
/// ```text
/// oligarch ─owns 60%─▶ holding ─owns 100%─▶ factory
///     │ director of                          ▲ trade
///     ▼                                      │
///  shellco ──trade──▶ trader ──trade──▶ (factory)
///  supplier ──trade──▶ shellco
/// ```
fn network() -> Graph {
    let mut g = Graph::new();
    let edges = [
        ("oligarch", "holding", own(0.6), "egrul 1"),
        ("holding", "factory", own(1.0), "egrul 2"),
        ("oligarch", "shellco", EdgeKind::Directorship, "egrul 3"),
        ("shellco", "trader", trade(1e6), "shipments 1-2"),
        ("trader", "factory", trade(9e5), "shipments 3-4"),
        ("supplier", "shellco", trade(2e6), "shipments 5"),
        ("supplier", "shellco", trade(5e5), "shipments 6"),
    ];
    for (from, to, kind, evidence) in edges {
        g.add_edge(from, to, kind, evidence).unwrap();
    }
    g
}

fn check(found: &[Path], expected: &[&str]) {
    let got: Vec<String> = found.iter().map(|p| p.nodes().join(" > ")).collect();
    assert_eq!(got, expected);
}

#[test]
fn ordered_by_hops_then_by_ids() {
    let g = network();
    let found = paths(&g, "supplier", "factory", 6).unwrap();
    check(
        &found,
        &[
            "supplier > shellco > trader > factory",
            "supplier > shellco > oligarch > holding > factory",
        ],
    );
    let hops: Vec<usize> = found.iter().map(Path::hops).collect();
    assert!(hops.windows(2).all(|w| w[0] <= w[1]));
    let found = paths(&g, "oligarch", "factory", 3).unwrap();
    check(
        &found,
        &[
            "oligarch > holding > factory",
            "oligarch > shellco > trader > factory",
        ],
    );
}

#[test]
fn equal_lengths_break_ties_on_entity_ids_not_insertion_order() {
    let mut g = Graph::new();
    // Inserted in reverse of the expected order.
    for (from, to) in [
        ("z", "end"),
        ("start", "z"),
        ("m", "end"),
        ("start", "m"),
        ("a", "end"),
        ("start", "a"),
    ] {
        g.add_edge(from, to, EdgeKind::Associate, "x").unwrap();
    }
    check(
        &paths(&g, "start", "end", 2).unwrap(),
        &["start > a > end", "start > m > end", "start > z > end"],
    );
}

#[test]
fn max_hops_is_respected() {
    let g = network();
    check(
        &paths(&g, "supplier", "factory", 3).unwrap(),
        &["supplier > shellco > trader > factory"],
    );
    assert!(paths(&g, "supplier", "factory", 2).unwrap().is_empty());
    for max_hops in 0..6 {
        let found = paths(&g, "supplier", "factory", max_hops).unwrap();
        assert!(found.iter().all(|p| p.hops() <= max_hops));
    }
}

#[test]
fn every_step_carries_its_evidence_and_direction() {
    let g = network();
    let found = paths(&g, "supplier", "factory", 5).unwrap();
    let longest = &found[1];
    // Parallel trade records are one step with both pieces of evidence.
    let first: Vec<&str> = longest.steps[0]
        .edges
        .iter()
        .map(|e| e.evidence.as_str())
        .collect();
    assert_eq!(first, vec!["shipments 5", "shipments 6"]);
    // shellco → oligarch follows the directorship against its direction.
    let against = &longest.steps[1];
    assert_eq!(
        (against.from.as_str(), against.to.as_str()),
        ("shellco", "oligarch")
    );
    assert_eq!(against.edges[0].from, "oligarch");
    assert_eq!(against.edges[0].kind, EdgeKind::Directorship);
    assert!(longest.steps.iter().all(|s| !s.edges.is_empty()));
}

#[test]
fn along_edges_follows_only_edge_direction() {
    let g = network();
    let config = PathConfig {
        max_hops: 6,
        max_paths: None,
        traversal: Traversal::AlongEdges,
    };
    let search = paths_with(&g, "supplier", "factory", &config).unwrap();
    check(&search.paths, &["supplier > shellco > trader > factory"]);
    // Nothing flows from the factory back to the supplier.
    assert!(
        paths_with(&g, "factory", "supplier", &config)
            .unwrap()
            .paths
            .is_empty()
    );
}

#[test]
fn cycles_do_not_repeat_entities() {
    let mut g = Graph::new();
    for (from, to) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        g.add_edge(from, to, EdgeKind::LinkedTo, "x").unwrap();
    }
    let found = paths(&g, "a", "d", 10).unwrap();
    check(&found, &["a > c > d", "a > b > c > d"]);
}
