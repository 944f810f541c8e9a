//! Paths between two entities over every edge kind.
//!
//! A path is a sequence of distinct entities, each consecutive pair linked
//! by at least one edge. A [`Step`] carries *every* edge linking its pair
//! that the traversal allows (three ownership records and a trade flow
//! between the same two companies are one step with four pieces of
//! evidence), so paths differ in their entities, not in which of several
//! parallel records they cite.
//!
//! # Directions
//!
//! By default ([`Traversal::BothDirections`]) every edge is followed both
//! ways. Family, associate and "linked to" edges are symmetric anyway. For
//! ownership, directorship and trade the question "how is X connected to Y"
//! does not depend on who owns or ships to whom: a sanctioned parent reached
//! upward from a supplier and a subsidiary reached downward both matter. Each
//! edge keeps its own `from` and `to`, so the report still shows which way
//! it points. [`Traversal::AlongEdges`] follows edges only from `from` to
//! `to` (owner to asset, exporter to importer), for questions such as "where
//! can goods shipped by X end up".
//!
//! # Order
//!
//! Paths come shortest first; among paths of the same length, in
//! lexicographic order of their entity ids. The search deepens one hop at a
//! time, so when [`PathConfig::max_paths`] stops it, the paths kept are the
//! shortest ones, and [`PathSearch::truncated`] says more exist.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::rc::Rc;

use crate::NetworkError;
use crate::graph::{Edge, Graph};

// The search recurses once per hop; see the ownership walk.
const DEPTH_LIMIT: usize = 1_000;

/// Which way edges may be followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Traversal {
    /// Along and against every edge.
    #[default]
    BothDirections,
    /// Only from an edge's `from` to its `to`.
    AlongEdges,
}

/// Limits and choices of a path search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathConfig {
    /// The longest path returned, in hops (capped at 1000).
    pub max_hops: usize,
    /// Stop after this many paths; `None` returns all within `max_hops`.
    pub max_paths: Option<usize>,
    /// Which way edges may be followed.
    pub traversal: Traversal,
}

impl Default for PathConfig {
    fn default() -> Self {
        PathConfig {
            max_hops: 4,
            max_paths: Some(1_000),
            traversal: Traversal::BothDirections,
        }
    }
}

/// One hop of a path: two entities and every edge linking them.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The entity the step leaves.
    pub from: String,
    /// The entity the step reaches.
    pub to: String,
    /// The edges between them, in insertion order; an edge whose own `from`
    /// is this step's `to` was followed against its direction.
    pub edges: Vec<Edge>,
}

/// A simple path between two entities.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The hops in order; empty when start and end are the same entity.
    pub steps: Vec<Step>,
}

impl Path {
    /// The number of hops.
    pub fn hops(&self) -> usize {
        self.steps.len()
    }

    /// The entity ids along the path, both ends included.
    pub fn nodes(&self) -> Vec<&str> {
        let mut nodes: Vec<&str> = self.steps.iter().map(|s| s.from.as_str()).collect();
        if let Some(last) = self.steps.last() {
            nodes.push(&last.to);
        }
        nodes
    }
}

/// What [`paths_with`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct PathSearch {
    /// The paths, shortest first, then by entity ids.
    pub paths: Vec<Path>,
    /// `max_paths` stopped the search; longer or later paths exist.
    pub truncated: bool,
}

/// Every simple path of at most `max_hops` hops from `from` to `to`, both
/// directions, no cap on the count: the cost grows with the graph's degree
/// to the power `max_hops`, so keep it small or use [`paths_with`].
pub fn paths(
    graph: &Graph,
    from: &str,
    to: &str,
    max_hops: usize,
) -> Result<Vec<Path>, NetworkError> {
    let config = PathConfig {
        max_hops,
        max_paths: None,
        traversal: Traversal::BothDirections,
    };
    Ok(paths_with(graph, from, to, &config)?.paths)
}

/// Simple paths from `from` to `to` under `config`; an error only when the
/// graph lacks either entity.
pub fn paths_with(
    graph: &Graph,
    from: &str,
    to: &str,
    config: &PathConfig,
) -> Result<PathSearch, NetworkError> {
    let start = graph.index_of(from).ok_or_else(|| Graph::unknown(from))?;
    let goal = graph.index_of(to).ok_or_else(|| Graph::unknown(to))?;
    if start == goal {
        return Ok(PathSearch {
            paths: vec![Path { steps: Vec::new() }],
            truncated: false,
        });
    }
    let max_hops = config.max_hops.min(DEPTH_LIMIT);
    let mut search = Search {
        graph,
        traversal: config.traversal,
        max_paths: config.max_paths,
        goal,
        distance: distances_to(graph, goal, max_hops, config.traversal),
        neighbours: HashMap::new(),
        on_path: vec![start],
        found: Vec::new(),
        truncated: false,
    };
    for length in 1..=max_hops {
        if search.truncated {
            break;
        }
        search.extend(start, length);
    }
    let paths = search
        .found
        .iter()
        .map(|(nodes, edges)| path(graph, nodes, edges))
        .collect();
    Ok(PathSearch {
        paths,
        truncated: search.truncated,
    })
}

/// A neighbour and the edges reaching it.
type Neighbours = Rc<Vec<(usize, Vec<usize>)>>;

struct Search<'g> {
    graph: &'g Graph,
    traversal: Traversal,
    max_paths: Option<usize>,
    goal: usize,
    // Fewest hops from a node to the goal, ignoring simplicity: a lower
    // bound that prunes branches which cannot arrive in time.
    distance: HashMap<usize, usize>,
    neighbours: HashMap<usize, Neighbours>,
    on_path: Vec<usize>,
    // Node sequence and, per step, the edges linking the pair.
    found: Vec<(Vec<usize>, Vec<Vec<usize>>)>,
    truncated: bool,
}

impl Search<'_> {
    /// Extends the current path by exactly `remaining` hops to the goal.
    fn extend(&mut self, node: usize, remaining: usize) {
        let neighbours = self.neighbours_of(node);
        for (next, _) in neighbours.iter() {
            if self.truncated {
                return;
            }
            let next = *next;
            if self.on_path.contains(&next) {
                continue;
            }
            let in_time = self.distance.get(&next).is_some_and(|&d| d < remaining);
            if !in_time {
                continue;
            }
            self.on_path.push(next);
            if next == self.goal {
                // A path ends at the goal; it is recorded only at the length
                // this round is looking for (shorter ones were recorded before).
                if remaining == 1 {
                    self.record();
                }
            } else if remaining > 1 {
                self.extend(next, remaining - 1);
            }
            self.on_path.pop();
        }
    }

    fn record(&mut self) {
        if self.max_paths.is_some_and(|cap| self.found.len() >= cap) {
            self.truncated = true;
            return;
        }
        let nodes = self.on_path.clone();
        let mut steps = Vec::with_capacity(nodes.len().saturating_sub(1));
        for pair in nodes.windows(2) {
            let edges = self
                .neighbours_of(pair[0])
                .iter()
                .find(|(next, _)| *next == pair[1])
                .map(|(_, edges)| edges.clone())
                .unwrap_or_default();
            steps.push(edges);
        }
        self.found.push((nodes, steps));
    }

    fn neighbours_of(&mut self, node: usize) -> Neighbours {
        if let Some(neighbours) = self.neighbours.get(&node) {
            return Rc::clone(neighbours);
        }
        let graph = self.graph;
        let mut by_id: BTreeMap<&str, (usize, Vec<usize>)> = BTreeMap::new();
        let mut add = |other: usize, edge_idx: usize| {
            if other == node {
                return;
            }
            by_id
                .entry(graph.node_at(other).id())
                .or_insert_with(|| (other, Vec::new()))
                .1
                .push(edge_idx);
        };
        for &edge_idx in graph.outgoing_of(node) {
            add(graph.ends_of(edge_idx).1, edge_idx);
        }
        if self.traversal == Traversal::BothDirections {
            for &edge_idx in graph.incoming_of(node) {
                add(graph.ends_of(edge_idx).0, edge_idx);
            }
        }
        let mut neighbours: Vec<(usize, Vec<usize>)> = by_id.into_values().collect();
        for (_, edges) in &mut neighbours {
            edges.sort_unstable();
            edges.dedup();
        }
        let neighbours = Rc::new(neighbours);
        self.neighbours.insert(node, Rc::clone(&neighbours));
        neighbours
    }
}

/// Breadth-first hop counts to `goal`, walking edges backwards, up to
/// `max_hops`.
fn distances_to(
    graph: &Graph,
    goal: usize,
    max_hops: usize,
    traversal: Traversal,
) -> HashMap<usize, usize> {
    let mut distance = HashMap::from([(goal, 0)]);
    let mut queue = VecDeque::from([goal]);
    while let Some(node) = queue.pop_front() {
        let hops = distance[&node];
        if hops >= max_hops {
            continue;
        }
        // Predecessors: nodes with an edge into `node` (and, both ways, out of it).
        let mut previous: Vec<usize> = graph
            .incoming_of(node)
            .iter()
            .map(|&e| graph.ends_of(e).0)
            .collect();
        if traversal == Traversal::BothDirections {
            previous.extend(graph.outgoing_of(node).iter().map(|&e| graph.ends_of(e).1));
        }
        for other in previous {
            if let std::collections::hash_map::Entry::Vacant(slot) = distance.entry(other) {
                slot.insert(hops + 1);
                queue.push_back(other);
            }
        }
    }
    distance
}

fn path(graph: &Graph, nodes: &[usize], edges: &[Vec<usize>]) -> Path {
    let steps = nodes
        .windows(2)
        .zip(edges)
        .map(|(pair, edges)| Step {
            from: graph.node_at(pair[0]).id().to_string(),
            to: graph.node_at(pair[1]).id().to_string(),
            edges: edges.iter().map(|&e| graph.edge_at(e).clone()).collect(),
        })
        .collect();
    Path { steps }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::EdgeKind;

    fn graph(edges: &[(&str, &str)]) -> Graph {
        let mut graph = Graph::new();
        for (from, to) in edges {
            graph
                .add_edge(from, to, EdgeKind::LinkedTo, &format!("{from}-{to}"))
                .unwrap();
        }
        graph
    }

    fn ids(paths: &[Path]) -> Vec<String> {
        paths.iter().map(|p| p.nodes().join(">")).collect()
    }

    #[test]
    fn direction_and_cap() {
        let g = graph(&[("a", "b"), ("c", "b"), ("a", "c")]);
        let both = paths(&g, "a", "c", 3).unwrap();
        assert_eq!(ids(&both), vec!["a>c", "a>b>c"]);
        let along = PathConfig {
            max_hops: 3,
            max_paths: None,
            traversal: Traversal::AlongEdges,
        };
        let search = paths_with(&g, "a", "c", &along).unwrap();
        assert_eq!(ids(&search.paths), vec!["a>c"]);
        let capped = PathConfig {
            max_paths: Some(1),
            ..PathConfig::default()
        };
        let search = paths_with(&g, "a", "c", &capped).unwrap();
        assert_eq!(ids(&search.paths), vec!["a>c"]);
        assert!(search.truncated);
    }

    #[test]
    fn same_entity_and_unknown_ids() {
        let g = graph(&[("a", "b")]);
        let same = paths(&g, "a", "a", 3).unwrap();
        assert_eq!(same.len(), 1);
        assert_eq!(same[0].hops(), 0);
        assert!(matches!(
            paths(&g, "a", "zz", 3),
            Err(NetworkError::UnknownEntity { .. })
        ));
        assert!(paths(&g, "a", "b", 0).unwrap().is_empty());
    }
}
