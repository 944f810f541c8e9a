//! Property tests: the ownership walk against a brute-force enumeration of
//! simple paths, the `0..=1` bound, and path search against brute force.

use std::collections::BTreeMap;

use chokepoint_network::{EdgeKind, Graph, Listing, Share, owners, paths};
use proptest::prelude::*;

/// A random ownership network on nodes `n0..n{n-1}`.
#[derive(Debug, Clone)]
struct Network {
    n: usize,
    /// (owner, asset) → share; one edge per pair.
    edges: BTreeMap<(usize, usize), f64>,
    listed: Vec<bool>,
}

fn id(idx: usize) -> String {
    format!("n{idx}")
}

/// Raw pairs and weights become shares scaled so that each asset's incoming
/// shares add up to its drawn total (at most 1). `dag` keeps only edges from
/// a lower to a higher index.
fn network(dag: bool) -> impl Strategy<Value = Network> {
    (2usize..8).prop_flat_map(move |n| {
        (
            prop::collection::vec((0..n, 0..n, 0.01f64..1.0), 0..18),
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec(0.0f64..=1.0, n),
        )
            .prop_map(move |(raw, listed, totals)| {
                let mut weights: BTreeMap<(usize, usize), f64> = BTreeMap::new();
                for (a, b, weight) in raw {
                    let pair = if dag { (a.min(b), a.max(b)) } else { (a, b) };
                    if pair.0 != pair.1 {
                        weights.insert(pair, weight);
                    }
                }
                let mut incoming = vec![0.0; n];
                for (&(_, asset), weight) in &weights {
                    incoming[asset] += weight;
                }
                let edges = weights
                    .into_iter()
                    .map(|((owner, asset), weight)| {
                        let share = (weight / incoming[asset] * totals[asset]).min(1.0);
                        ((owner, asset), share)
                    })
                    .collect();
                Network { n, edges, listed }
            })
    })
}

fn build(network: &Network) -> Graph {
    let mut graph = Graph::new();
    for idx in 0..network.n {
        graph.add_node(&id(idx), &id(idx));
        if network.listed[idx] {
            let listing = Listing {
                list: "test".into(),
                programs: vec![],
            };
            graph.add_listing(&id(idx), listing);
        }
    }
    for (&(owner, asset), &share) in &network.edges {
        let kind = EdgeKind::Ownership {
            share: Share::new(share),
        };
        graph.add_edge(&id(owner), &id(asset), kind, "p").unwrap();
    }
    graph
}

/// Walks forward from `owner` along ownership edges over simple paths and
/// returns, for paths ending at `target`: (look-through sum, sum over the
/// paths with no listed party strictly between owner and target).
fn brute_force(network: &Network, owner: usize, target: usize) -> (f64, f64) {
    fn walk(
        network: &Network,
        node: usize,
        target: usize,
        product: f64,
        interior_listed: bool,
        visited: &mut Vec<usize>,
        sums: &mut (f64, f64),
    ) {
        for (&(from, to), &share) in &network.edges {
            if from != node || visited.contains(&to) {
                continue;
            }
            let product = product * share;
            if to == target {
                sums.0 += product;
                if !interior_listed {
                    sums.1 += product;
                }
                continue;
            }
            visited.push(to);
            let listed = interior_listed || network.listed[to];
            walk(network, to, target, product, listed, visited, sums);
            visited.pop();
        }
    }
    let mut sums = (0.0, 0.0);
    if owner != target {
        let mut visited = vec![owner];
        walk(network, owner, target, 1.0, false, &mut visited, &mut sums);
    }
    sums
}

fn check_against_brute_force(network: &Network) -> Result<(), TestCaseError> {
    let graph = build(network);
    for target in 0..network.n {
        let report = owners(&graph, &id(target)).unwrap();
        prop_assert!(!report.truncated);
        let mut total = 0.0;
        for owner in (0..network.n).filter(|&o| network.listed[o]) {
            let (share, attributed) = brute_force(network, owner, target);
            total += attributed;
            let got = report.owners.iter().find(|o| o.owner == id(owner));
            let (got_share, got_attributed) = got.map_or((0.0, 0.0), |o| (o.share, o.attributed));
            prop_assert!(
                (got_share - share).abs() < 1e-9,
                "{owner}->{target}: {got_share} vs {share}"
            );
            prop_assert!((got_attributed - attributed).abs() < 1e-9);
        }
        prop_assert!((report.total_listed_share - total).abs() < 1e-9);
        // Incoming shares add up to at most 1 everywhere, so all stay in 0..=1.
        prop_assert!((0.0..=1.0 + 1e-9).contains(&report.total_listed_share));
        for owner in &report.owners {
            prop_assert!((0.0..=1.0 + 1e-9).contains(&owner.share));
            prop_assert!(owner.attributed <= owner.share + 1e-12);
        }
        prop_assert!(report.over_allocated.is_empty());
    }
    Ok(())
}

/// Every simple path between `from` and `to` in the undirected view, as
/// node sequences, up to `max_hops`.
fn brute_force_paths(
    network: &Network,
    from: usize,
    to: usize,
    max_hops: usize,
) -> Vec<Vec<usize>> {
    fn walk(
        network: &Network,
        to: usize,
        max_hops: usize,
        path: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        let node = *path.last().unwrap();
        if node == to {
            out.push(path.clone());
            return;
        }
        if path.len() > max_hops {
            return;
        }
        for next in 0..network.n {
            let linked = network.edges.contains_key(&(node, next))
                || network.edges.contains_key(&(next, node));
            if linked && !path.contains(&next) {
                path.push(next);
                walk(network, to, max_hops, path, out);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    walk(network, to, max_hops, &mut vec![from], &mut out);
    out
}

proptest! {
    #[test]
    fn dag_shares_equal_brute_force_and_stay_in_range(network in network(true)) {
        check_against_brute_force(&network)?;
    }

    #[test]
    fn cyclic_shares_equal_simple_path_brute_force(network in network(false)) {
        check_against_brute_force(&network)?;
    }

    #[test]
    fn paths_equal_brute_force_in_order(network in network(false), max_hops in 0usize..5) {
        let graph = build(&network);
        for from in 0..network.n {
            for to in 0..network.n {
                let found = paths(&graph, &id(from), &id(to), max_hops).unwrap();
                let got: Vec<Vec<String>> = found
                    .iter()
                    .map(|p| if p.hops() == 0 { vec![id(from)] } else { p.nodes().iter().map(|s| s.to_string()).collect() })
                    .collect();
                let mut want: Vec<Vec<String>> = brute_force_paths(&network, from, to, max_hops)
                    .into_iter()
                    .map(|p| p.into_iter().map(id).collect())
                    .collect();
                // Shortest first, then by the ids along the path.
                want.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
                prop_assert_eq!(got, want);
                for path in &found {
                    prop_assert!(path.steps.iter().all(|s| !s.edges.is_empty()));
                }
            }
        }
    }
}
