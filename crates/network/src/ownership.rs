//! Aggregated ownership of an entity by listed parties, direct and indirect.
//!
//! # Semantics: simple paths
//!
//! The effective share of an owner `L` in an entity `X` is the sum, over
//! every *simple* path `L → … → X` of ownership edges (no entity twice on a
//! path), of the product of the shares along the path. [`owners`] finds the
//! paths with a depth-first walk up from `X` that keeps a visited set, so a
//! walk stops where a cycle would close. It terminates on any graph, and on
//! an acyclic graph the result is the exact look-through ownership.
//!
//! The alternative, solving the linear system `(I − S)⁻¹` ("integrated
//! ownership"), counts the walks around a cycle again and again: with A
//! owning half of B and B half of A, every stake reached through A is
//! multiplied by the geometric series `1 / (1 − ½·½)`, and the series diverges
//! when a cycle's product reaches 1. It also yields no finite set of chains
//! to cite. Simple paths count each chain of holdings once, and every number
//! comes with the chains that produce it. Example: A owns 50 % of B, B owns
//! 50 % of A, listed L owns 60 % of A. L holds 60 % of A (`L→A`; `L→A→B→A`
//! repeats A) and 30 % of B (`L→A→B`), where the linear system would give
//! 80 % and 40 %.
//!
//! # Aggregation over listed owners (the 50 % rule)
//!
//! Each [`OwnerShare`] gives the listed owner's full look-through `share`,
//! including chains that pass through other listed parties. Adding those up
//! would count a stake twice (L1 owns listed L2, L2 owns X: L2's stake is
//! also L1's), so the total uses `attributed` instead: the chains with no
//! listed party between the owner and `X`, i.e. each stake is attributed to
//! the nearest listed holder up its chain. `total_listed_share` is the sum of
//! the attributed shares, the fraction of `X` held by listed parties, and the
//! [`OwnershipReport::fifty_percent_rule`] flag is raised when it reaches
//! 50 % (OFAC: property of entities owned 50 % or more, in the aggregate, by
//! one or more blocked persons). With the rule "each entity's incoming
//! shares add up to at most 1" every share and the total stay within `0..=1`.
//!
//! # Data the graph cannot settle
//!
//! - **Parallel edges.** Registries often hold several records for the same
//!   owner and asset (historical stakes without dates in our model). By
//!   default the largest share counts ([`ParallelShares::Largest`]), which
//!   never understates a listed party's stake; all records stay as evidence.
//! - **Unknown shares.** An ownership edge without a share still yields a
//!   chain, with `share: None`; it adds nothing to the numbers and sets
//!   [`OwnershipReport::unknown_shares`], so a total can be read as a lower
//!   bound.
//! - **Over-allocation.** Entities met on the walk whose recorded incoming
//!   shares add up to more than 100 % are named in
//!   [`OwnershipReport::over_allocated`]; their numbers are inflated by stale
//!   or duplicate records.
//! - **Budget.** Simple paths can be exponentially many. The walk stops at
//!   [`OwnershipConfig::max_depth`] hops and after
//!   [`OwnershipConfig::max_steps`] edges and then sets
//!   [`OwnershipReport::truncated`]; nothing is cut silently.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use crate::NetworkError;
use crate::graph::{EdgeKind, Graph};

/// The 50 % rule threshold on the aggregated listed share.
pub const FIFTY_PERCENT: f64 = 0.5;

// Absorbs rounding in sums of products (0.1 × 5 may add up to 0.4999…).
const TOLERANCE: f64 = 1e-9;

// The walk recurses once per hop; this keeps a careless `max_depth` from
// exhausting the stack on a pathological chain.
const DEPTH_LIMIT: usize = 1_000;

/// How several ownership edges between the same owner and asset combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParallelShares {
    /// The largest known share counts: records are read as versions of one
    /// stake, and a screen should not understate it.
    #[default]
    Largest,
    /// Known shares add up: records are separate stakes (share classes).
    Sum,
}

/// Limits and choices of the ownership walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnershipConfig {
    /// The longest chain followed, in hops (capped at 1000).
    pub max_depth: usize,
    /// The most ownership edges walked for one entity.
    pub max_steps: usize,
    /// How parallel ownership edges combine.
    pub parallel: ParallelShares,
}

impl Default for OwnershipConfig {
    fn default() -> Self {
        OwnershipConfig {
            max_depth: 32,
            max_steps: 1_000_000,
            parallel: ParallelShares::Largest,
        }
    }
}

/// One hop of a chain: `owner` holds `share` of `asset`.
#[derive(Debug, Clone, PartialEq)]
pub struct Hop {
    /// The owner's entity id.
    pub owner: String,
    /// The owned entity's id.
    pub asset: String,
    /// The combined share of all ownership edges between the two
    /// ([`ParallelShares`]); `None` when none states a share.
    pub share: Option<f64>,
    /// The evidence of every ownership edge between the two.
    pub evidence: Vec<String>,
}

/// A chain of holdings from a listed owner down to the entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    /// Hops from the listed owner (first hop's `owner`) to the entity (last
    /// hop's `asset`).
    pub hops: Vec<Hop>,
    /// The product of the hops' shares; `None` when a hop has no share.
    pub share: Option<f64>,
    /// Whether another listed party sits between the owner and the entity,
    /// in which case the chain is not counted in the total.
    pub through_listed: bool,
}

/// What one listed party holds of the entity.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerShare {
    /// The listed owner's entity id.
    pub owner: String,
    /// Look-through share: all chains with a known share.
    pub share: f64,
    /// The part counted in the total: chains not through another listed party.
    pub attributed: f64,
    /// The chains, largest share first (unknown shares last), then shortest.
    pub chains: Vec<Chain>,
}

/// Who among listed parties owns an entity, and whether the 50 % rule applies.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnershipReport {
    /// The entity asked about.
    pub entity: String,
    /// Fraction held by listed parties, each stake counted once.
    pub total_listed_share: f64,
    /// `total_listed_share` ≥ 50 % (within 1e-9).
    pub fifty_percent_rule: bool,
    /// Listed owners, largest attributed share first, then by id.
    pub owners: Vec<OwnerShare>,
    /// Some chain has a hop without a share: the total is a lower bound.
    pub unknown_shares: bool,
    /// Entities met on the walk (the entity and its direct and indirect
    /// owners) whose incoming shares add up to over 100 %.
    pub over_allocated: Vec<String>,
    /// The walk hit `max_depth` or `max_steps`: more chains may exist.
    pub truncated: bool,
}

/// The listed owners of `entity`, with the default [`OwnershipConfig`].
pub fn owners(graph: &Graph, entity: &str) -> Result<OwnershipReport, NetworkError> {
    owners_with(graph, entity, &OwnershipConfig::default())
}

/// The listed owners of `entity` under `config`; an error only when the
/// graph has no such entity.
pub fn owners_with(
    graph: &Graph,
    entity: &str,
    config: &OwnershipConfig,
) -> Result<OwnershipReport, NetworkError> {
    let target = graph
        .index_of(entity)
        .ok_or_else(|| Graph::unknown(entity))?;
    let mut walk = Walk {
        graph,
        max_depth: config.max_depth.min(DEPTH_LIMIT),
        max_steps: config.max_steps,
        parallel: config.parallel,
        groups: HashMap::new(),
        visited: HashSet::from([target]),
        hops: Vec::new(),
        found: Vec::new(),
        steps: 0,
        truncated: false,
        over_allocated: Vec::new(),
    };
    walk.climb(target, Some(1.0), false);
    Ok(walk.report(entity))
}

/// Reports for every entity that has at least one listed owner, in node
/// order.
pub fn all_owners(graph: &Graph, config: &OwnershipConfig) -> Vec<OwnershipReport> {
    graph
        .nodes()
        .iter()
        .filter_map(|node| owners_with(graph, node.id(), config).ok())
        .filter(|report| !report.owners.is_empty())
        .collect()
}

/// The owners of one node, parallel edges combined.
struct Group {
    owner: usize,
    share: Option<f64>,
    evidence: Vec<String>,
}

struct Walk<'g> {
    graph: &'g Graph,
    max_depth: usize,
    max_steps: usize,
    parallel: ParallelShares,
    groups: HashMap<usize, Rc<Vec<Group>>>,
    visited: HashSet<usize>,
    // Hops from the entity upwards; reversed when a chain is recorded.
    hops: Vec<Hop>,
    found: Vec<(usize, Chain)>,
    steps: usize,
    truncated: bool,
    over_allocated: Vec<usize>,
}

impl Walk<'_> {
    /// Follows every owner of `asset` not yet on the current path.
    fn climb(&mut self, asset: usize, product: Option<f64>, through_listed: bool) {
        let groups = self.groups_of(asset);
        for group in groups.iter() {
            if self.visited.contains(&group.owner) {
                // Closing a cycle (or revisiting the entity): not a simple path.
                continue;
            }
            if self.steps >= self.max_steps {
                self.truncated = true;
                return;
            }
            self.steps += 1;
            let product = match (product, group.share) {
                (Some(product), Some(share)) => Some(product * share),
                _ => None,
            };
            let owner = self.graph.node_at(group.owner);
            self.hops.push(Hop {
                owner: owner.id().to_string(),
                asset: self.graph.node_at(asset).id().to_string(),
                share: group.share,
                evidence: group.evidence.clone(),
            });
            if owner.is_listed() {
                let chain = Chain {
                    hops: self.hops.iter().rev().cloned().collect(),
                    share: product,
                    through_listed,
                };
                self.found.push((group.owner, chain));
            }
            if self.hops.len() < self.max_depth {
                self.visited.insert(group.owner);
                self.climb(group.owner, product, through_listed || owner.is_listed());
                self.visited.remove(&group.owner);
            } else if self
                .groups_of(group.owner)
                .iter()
                .any(|g| !self.visited.contains(&g.owner))
            {
                self.truncated = true;
            }
            self.hops.pop();
        }
    }

    fn groups_of(&mut self, asset: usize) -> Rc<Vec<Group>> {
        if let Some(groups) = self.groups.get(&asset) {
            return Rc::clone(groups);
        }
        let mut by_owner: BTreeMap<&str, Group> = BTreeMap::new();
        for &edge_idx in self.graph.incoming_of(asset) {
            let edge = self.graph.edge_at(edge_idx);
            let EdgeKind::Ownership { share } = &edge.kind else {
                continue;
            };
            let (owner, _) = self.graph.ends_of(edge_idx);
            if owner == asset {
                continue;
            }
            let share = share.map(|s| s.value());
            let group = by_owner.entry(&edge.from).or_insert(Group {
                owner,
                share: None,
                evidence: Vec::new(),
            });
            group.share = match (group.share, share, self.parallel) {
                (None, share, _) | (share, None, _) => share,
                (Some(a), Some(b), ParallelShares::Largest) => Some(a.max(b)),
                (Some(a), Some(b), ParallelShares::Sum) => Some(a + b),
            };
            group.evidence.push(edge.evidence.clone());
        }
        let groups: Vec<Group> = by_owner.into_values().collect();
        let incoming: f64 = groups.iter().filter_map(|g| g.share).sum();
        if incoming > 1.0 + TOLERANCE {
            self.over_allocated.push(asset);
        }
        let groups = Rc::new(groups);
        self.groups.insert(asset, Rc::clone(&groups));
        groups
    }

    fn report(self, entity: &str) -> OwnershipReport {
        let graph = self.graph;
        let unknown_shares = self.found.iter().any(|(_, chain)| chain.share.is_none());
        let mut by_owner: BTreeMap<&str, Vec<Chain>> = BTreeMap::new();
        for (owner, chain) in self.found {
            by_owner
                .entry(graph.node_at(owner).id())
                .or_default()
                .push(chain);
        }
        let mut owners: Vec<OwnerShare> = by_owner
            .into_iter()
            .map(|(owner, mut chains)| {
                let share = chains.iter().filter_map(|c| c.share).sum();
                let attributed = chains
                    .iter()
                    .filter(|c| !c.through_listed)
                    .filter_map(|c| c.share)
                    .sum();
                chains.sort_by(|a, b| {
                    let key = |c: &Chain| c.share.unwrap_or(-1.0);
                    key(b)
                        .total_cmp(&key(a))
                        .then(a.hops.len().cmp(&b.hops.len()))
                        .then_with(|| chain_ids(a).cmp(&chain_ids(b)))
                });
                OwnerShare {
                    owner: owner.to_string(),
                    share,
                    attributed,
                    chains,
                }
            })
            .collect();
        owners.sort_by(|a, b| {
            b.attributed
                .total_cmp(&a.attributed)
                .then(b.share.total_cmp(&a.share))
                .then_with(|| a.owner.cmp(&b.owner))
        });
        let total_listed_share: f64 = owners.iter().map(|o| o.attributed).sum();
        let mut over_allocated: Vec<String> = self
            .over_allocated
            .iter()
            .map(|&idx| graph.node_at(idx).id().to_string())
            .collect();
        over_allocated.sort();
        OwnershipReport {
            entity: entity.to_string(),
            total_listed_share,
            fifty_percent_rule: total_listed_share + TOLERANCE >= FIFTY_PERCENT,
            owners,
            unknown_shares,
            over_allocated,
            truncated: self.truncated,
        }
    }
}

fn chain_ids(chain: &Chain) -> Vec<&str> {
    chain.hops.iter().map(|hop| hop.owner.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Listing;
    use crate::share::Share;

    fn own(graph: &mut Graph, owner: &str, asset: &str, share: Option<f64>) {
        let share = share.map(|s| Share::new(s).unwrap());
        graph
            .add_edge(
                owner,
                asset,
                EdgeKind::Ownership { share },
                &format!("{owner}>{asset}"),
            )
            .unwrap();
    }

    fn list(graph: &mut Graph, id: &str) {
        graph.add_listing(
            id,
            Listing {
                list: "test".into(),
                programs: vec![],
            },
        );
    }

    #[test]
    fn parallel_edges_take_the_largest_by_default() {
        let mut graph = Graph::new();
        list(&mut graph, "L");
        own(&mut graph, "L", "X", Some(0.2));
        own(&mut graph, "L", "X", Some(0.45));
        own(&mut graph, "L", "X", None);
        let report = owners(&graph, "X").unwrap();
        assert_eq!(report.total_listed_share, 0.45);
        assert_eq!(report.owners[0].chains.len(), 1);
        assert_eq!(report.owners[0].chains[0].hops[0].evidence.len(), 3);
        assert!(!report.fifty_percent_rule);
        assert!(!report.unknown_shares);

        let sum = OwnershipConfig {
            parallel: ParallelShares::Sum,
            ..OwnershipConfig::default()
        };
        let report = owners_with(&graph, "X", &sum).unwrap();
        assert!((report.total_listed_share - 0.65).abs() < 1e-12);
        assert!(report.fifty_percent_rule);
    }

    #[test]
    fn listed_intermediate_is_counted_once() {
        // L1 owns 60 % of listed L2, L2 owns 50 % of X: X is 50 % listed-held.
        let mut graph = Graph::new();
        list(&mut graph, "L1");
        list(&mut graph, "L2");
        own(&mut graph, "L1", "L2", Some(0.6));
        own(&mut graph, "L2", "X", Some(0.5));
        let report = owners(&graph, "X").unwrap();
        assert_eq!(report.total_listed_share, 0.5);
        let l1 = report.owners.iter().find(|o| o.owner == "L1").unwrap();
        assert!((l1.share - 0.3).abs() < 1e-12);
        assert_eq!(l1.attributed, 0.0);
        assert!(l1.chains[0].through_listed);
    }

    #[test]
    fn unknown_share_and_over_allocation_are_reported() {
        let mut graph = Graph::new();
        list(&mut graph, "L");
        own(&mut graph, "L", "A", None);
        own(&mut graph, "A", "X", Some(0.7));
        own(&mut graph, "B", "X", Some(0.6));
        let report = owners(&graph, "X").unwrap();
        assert!(report.unknown_shares);
        assert_eq!(report.total_listed_share, 0.0);
        assert_eq!(report.owners[0].chains[0].share, None);
        assert_eq!(report.over_allocated, vec!["X"]);
    }

    #[test]
    fn all_owners_lists_entities_with_listed_owners() {
        let mut graph = Graph::new();
        list(&mut graph, "L");
        own(&mut graph, "L", "A", Some(0.6));
        own(&mut graph, "A", "B", Some(0.5));
        own(&mut graph, "U", "C", Some(1.0));
        let reports = all_owners(&graph, &OwnershipConfig::default());
        let entities: Vec<&str> = reports.iter().map(|r| r.entity.as_str()).collect();
        assert_eq!(entities, vec!["A", "B"]);
        assert!(reports[0].fifty_percent_rule);
        assert!(!reports[1].fifty_percent_rule);
    }

    #[test]
    fn depth_budget_sets_truncated() {
        let mut graph = Graph::new();
        list(&mut graph, "L");
        own(&mut graph, "L", "A", Some(1.0));
        own(&mut graph, "A", "B", Some(1.0));
        own(&mut graph, "B", "X", Some(1.0));
        let short = OwnershipConfig {
            max_depth: 2,
            ..OwnershipConfig::default()
        };
        let report = owners_with(&graph, "X", &short).unwrap();
        assert!(report.truncated);
        assert!(report.owners.is_empty());
        assert!(!owners(&graph, "X").unwrap().truncated);
        assert!(matches!(
            owners(&graph, "nobody"),
            Err(NetworkError::UnknownEntity { .. })
        ));
    }
}
