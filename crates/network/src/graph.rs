//! The graph: a node per party, a directed edge per relation or trade flow.

use std::collections::HashMap;
use std::path::Path;

use chokepoint_lists::{Entity, LoadedList, Relation, RelationKind};

use crate::NetworkError;
use crate::relations_csv::{Reject, read_relations_csv};
use crate::share::Share;

/// One list that names a node, with the programmes it lists it under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// The list id ("ofac-sdn", an FtM dataset...).
    pub list: String,
    /// Sanctions programmes or regimes; may be empty.
    pub programs: Vec<String>,
}

/// A party: an entity id, a caption and the lists that name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    id: String,
    caption: String,
    listings: Vec<Listing>,
}

impl Node {
    /// The entity id, unique in the graph.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The primary name, or the id when the node only appears in relations.
    pub fn caption(&self) -> &str {
        &self.caption
    }

    /// The lists naming this node; empty for an unlisted party.
    pub fn listings(&self) -> &[Listing] {
        &self.listings
    }

    /// Whether at least one list names this node.
    pub fn is_listed(&self) -> bool {
        !self.listings.is_empty()
    }
}

/// What an edge says about its two ends. Every kind but `Family` and
/// `Associate` reads `from` → `to`: owner → asset, director → organisation,
/// exporter → importer.
#[derive(Debug, Clone, PartialEq)]
pub enum EdgeKind {
    /// `from` owns part of `to`; `share` is `None` when the source omits it.
    Ownership {
        /// The share of `to` that `from` holds.
        share: Option<Share>,
    },
    /// `from` directs or leads `to`.
    Directorship,
    /// `from` and `to` are relatives.
    Family,
    /// `from` and `to` are associates.
    Associate,
    /// A list links `from` to `to` without saying how.
    LinkedTo,
    /// `from` shipped goods to `to` (aggregated shipments).
    Trade {
        /// Chokepoint basket ids of the goods shipped.
        baskets: Vec<String>,
        /// Declared value in US dollars, summed over the shipments.
        value_usd: f64,
        /// ISO date of the first shipment.
        first: String,
        /// ISO date of the last shipment.
        last: String,
        /// Number of shipments aggregated.
        n_shipments: u64,
    },
}

impl EdgeKind {
    /// A lowercase label: "ownership", "directorship", ..., "trade".
    pub fn label(&self) -> &'static str {
        match self {
            EdgeKind::Ownership { .. } => "ownership",
            EdgeKind::Directorship => "directorship",
            EdgeKind::Family => "family",
            EdgeKind::Associate => "associate",
            EdgeKind::LinkedTo => "linked to",
            EdgeKind::Trade { .. } => "trade",
        }
    }

    /// The ownership share, for ownership edges that state one.
    pub fn share(&self) -> Option<Share> {
        match self {
            EdgeKind::Ownership { share } => *share,
            _ => None,
        }
    }
}

/// A directed edge with the evidence it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Owner, director, exporter or the first party of a symmetric link.
    pub from: String,
    /// Asset, organisation, importer or the second party.
    pub to: String,
    /// What the edge says.
    pub kind: EdgeKind,
    /// The source record: list relation id and `file:line`, or a shipment
    /// table and row range. Never empty.
    pub evidence: String,
}

/// Which entities of a list count as listed nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListedWhen {
    /// Every entity a list holds (the lists' own meaning of "listed").
    #[default]
    OnAnyList,
    /// Only entities with at least one programme. FtM datasets also carry
    /// context parties (registry companies, relatives) that no programme
    /// names; this rule leaves those unlisted. The lists crate reads FtM
    /// `topics` as programmes (`topic:sanction`), so a party tagged with any
    /// topic still counts.
    HasProgram,
}

/// The corporate network: parties and the edges between them.
///
/// Nodes are keyed by entity id. Building never fails on a dangling id: an
/// edge to an id no list holds creates an unlisted node captioned with the
/// id, so relations and shipments can be added in any order.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    nodes: Vec<Node>,
    index: HashMap<String, usize>,
    edges: Vec<Edge>,
    // (from, to) node indices of each edge, parallel to `edges`.
    ends: Vec<(usize, usize)>,
    outgoing: Vec<Vec<usize>>,
    incoming: Vec<Vec<usize>>,
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Self {
        Graph::default()
    }

    /// Every entity of the lists as a listed node, then every relation as an
    /// edge ([`ListedWhen::OnAnyList`]).
    pub fn from_lists(lists: &[LoadedList]) -> Result<Graph, NetworkError> {
        Graph::from_lists_with(lists, ListedWhen::OnAnyList)
    }

    /// As [`Graph::from_lists`], with a rule for which entities are listed.
    ///
    /// Fails only on a relation the lists crate promises never to produce
    /// (an empty id or a share outside `0..=1`), naming its source record.
    pub fn from_lists_with(lists: &[LoadedList], rule: ListedWhen) -> Result<Graph, NetworkError> {
        let mut graph = Graph::new();
        for list in lists {
            for entity in &list.entities {
                graph.add_entity(entity, rule);
            }
        }
        for list in lists {
            for relation in &list.relations {
                graph.add_relation(relation)?;
            }
        }
        Ok(graph)
    }

    /// Adds an entity: its node gets the entity's primary name as caption
    /// and, when `rule` says so, a listing. An id seen before keeps its node
    /// and gains the listing (the same FtM id can come from several datasets).
    pub fn add_entity(&mut self, entity: &Entity, rule: ListedWhen) {
        if entity.id.is_empty() {
            return;
        }
        let idx = self.ensure_node(&entity.id, entity.primary_name());
        let listed = match rule {
            ListedWhen::OnAnyList => true,
            ListedWhen::HasProgram => !entity.programs.is_empty(),
        };
        if listed {
            self.push_listing(
                idx,
                Listing {
                    list: entity.list.clone(),
                    programs: entity.programs.clone(),
                },
            );
        }
    }

    /// Adds a node (unlisted unless a listing is added) or updates the
    /// caption of a node that only had its id as caption.
    pub fn add_node(&mut self, id: &str, caption: &str) {
        if !id.is_empty() {
            self.ensure_node(id, Some(caption));
        }
    }

    /// Marks a node as listed by `listing`, creating the node if needed.
    pub fn add_listing(&mut self, id: &str, listing: Listing) {
        if id.is_empty() {
            return;
        }
        let idx = self.ensure_node(id, None);
        self.push_listing(idx, listing);
    }

    /// Adds an edge, creating unlisted nodes for unknown ids.
    ///
    /// Parallel edges are kept: two ownership records between the same pair
    /// are two pieces of evidence, and the ownership computation decides how
    /// to combine them ([`crate::ParallelShares`]).
    pub fn add_edge(
        &mut self,
        from: &str,
        to: &str,
        kind: EdgeKind,
        evidence: &str,
    ) -> Result<(), NetworkError> {
        if from.trim().is_empty() || to.trim().is_empty() {
            return Err(NetworkError::EmptyId {
                evidence: evidence.to_string(),
            });
        }
        if let EdgeKind::Trade { value_usd, .. } = &kind
            && (!value_usd.is_finite() || *value_usd < 0.0)
        {
            return Err(NetworkError::InvalidTradeValue {
                value: *value_usd,
                evidence: evidence.to_string(),
            });
        }
        let from_idx = self.ensure_node(from, None);
        let to_idx = self.ensure_node(to, None);
        let edge_idx = self.edges.len();
        let evidence = if evidence.trim().is_empty() {
            // Evidence is never empty, so a report can always cite something.
            format!("{} edge {from} -> {to} without a source", kind.label())
        } else {
            evidence.to_string()
        };
        self.edges.push(Edge {
            from: from.to_string(),
            to: to.to_string(),
            kind,
            evidence,
        });
        self.ends.push((from_idx, to_idx));
        self.outgoing[from_idx].push(edge_idx);
        self.incoming[to_idx].push(edge_idx);
        Ok(())
    }

    /// Adds a list relation as an edge of the matching kind, its `source` as
    /// evidence.
    pub fn add_relation(&mut self, relation: &Relation) -> Result<(), NetworkError> {
        let kind = match relation.kind {
            RelationKind::Ownership => {
                let share = match relation.share {
                    None => None,
                    Some(value) => {
                        Some(Share::new(value).ok_or_else(|| NetworkError::InvalidShare {
                            value,
                            evidence: relation.source.clone(),
                        })?)
                    }
                };
                EdgeKind::Ownership { share }
            }
            RelationKind::Directorship => EdgeKind::Directorship,
            RelationKind::Family => EdgeKind::Family,
            RelationKind::Associate => EdgeKind::Associate,
            RelationKind::LinkedTo => EdgeKind::LinkedTo,
        };
        self.add_edge(&relation.from, &relation.to, kind, &relation.source)
    }

    /// Reads a user relations file (see [`read_relations_csv`]) and adds its
    /// good rows as ownership edges; returns the rejected rows.
    pub fn read_relations_csv(&mut self, path: &Path) -> Result<Vec<Reject>, NetworkError> {
        let file = read_relations_csv(path)?;
        for relation in &file.relations {
            // The reader validated ids and shares, so this cannot fail; an
            // error would still surface rather than be dropped.
            self.add_relation(relation)?;
        }
        Ok(file.rejects)
    }

    /// The node with this entity id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&idx| &self.nodes[idx])
    }

    /// All nodes, in insertion order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// All edges, in insertion order.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Edges leaving the node (`from` is `id`); empty for an unknown id.
    pub fn edges_from<'g>(&'g self, id: &str) -> impl Iterator<Item = &'g Edge> + 'g {
        let list = self.index.get(id).map(|&idx| self.outgoing[idx].as_slice());
        list.unwrap_or_default()
            .iter()
            .map(|&edge_idx| &self.edges[edge_idx])
    }

    /// Edges arriving at the node (`to` is `id`); empty for an unknown id.
    pub fn edges_to<'g>(&'g self, id: &str) -> impl Iterator<Item = &'g Edge> + 'g {
        let list = self.index.get(id).map(|&idx| self.incoming[idx].as_slice());
        list.unwrap_or_default()
            .iter()
            .map(|&edge_idx| &self.edges[edge_idx])
    }

    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub(crate) fn node_at(&self, idx: usize) -> &Node {
        &self.nodes[idx]
    }

    pub(crate) fn edge_at(&self, edge_idx: usize) -> &Edge {
        &self.edges[edge_idx]
    }

    pub(crate) fn ends_of(&self, edge_idx: usize) -> (usize, usize) {
        self.ends[edge_idx]
    }

    pub(crate) fn outgoing_of(&self, idx: usize) -> &[usize] {
        &self.outgoing[idx]
    }

    pub(crate) fn incoming_of(&self, idx: usize) -> &[usize] {
        &self.incoming[idx]
    }

    pub(crate) fn unknown(id: &str) -> NetworkError {
        NetworkError::UnknownEntity { id: id.to_string() }
    }

    fn ensure_node(&mut self, id: &str, caption: Option<&str>) -> usize {
        let caption = caption.map(str::trim).filter(|c| !c.is_empty());
        if let Some(&idx) = self.index.get(id) {
            let node = &mut self.nodes[idx];
            if let Some(caption) = caption
                && node.caption == node.id
            {
                node.caption = caption.to_string();
            }
            return idx;
        }
        let idx = self.nodes.len();
        self.nodes.push(Node {
            id: id.to_string(),
            caption: caption.unwrap_or(id).to_string(),
            listings: Vec::new(),
        });
        self.outgoing.push(Vec::new());
        self.incoming.push(Vec::new());
        self.index.insert(id.to_string(), idx);
        idx
    }

    fn push_listing(&mut self, idx: usize, listing: Listing) {
        let listings = &mut self.nodes[idx].listings;
        match listings.iter_mut().find(|l| l.list == listing.list) {
            Some(existing) => {
                for program in listing.programs {
                    if !existing.programs.contains(&program) {
                        existing.programs.push(program);
                    }
                }
            }
            None => listings.push(listing),
        }
    }
}

#[cfg(test)]
mod tests {
    use chokepoint_lists::Schema;

    use super::*;

    fn entity(id: &str, name: &str, programs: &[&str]) -> Entity {
        let mut entity = Entity::new(id, Schema::Company, "test-list", "test:1");
        entity.add_name(name, chokepoint_lists::NameKind::Primary);
        for program in programs {
            entity.add_program(program);
        }
        entity
    }

    #[test]
    fn dangling_relations_create_unlisted_nodes() {
        let mut graph = Graph::new();
        graph.add_entity(
            &entity("a", "Alpha", &["RUSSIA-EO14024"]),
            ListedWhen::OnAnyList,
        );
        let relation = Relation {
            kind: RelationKind::Ownership,
            from: "a".into(),
            to: "b".into(),
            share: Some(0.25),
            source: "r1 at test:2".into(),
        };
        graph.add_relation(&relation).unwrap();
        assert!(graph.node("a").unwrap().is_listed());
        assert_eq!(graph.node("a").unwrap().caption(), "Alpha");
        let b = graph.node("b").unwrap();
        assert!(!b.is_listed());
        assert_eq!(b.caption(), "b");
        assert_eq!(graph.edges_to("b").count(), 1);
        assert_eq!(graph.edges_from("b").count(), 0);
        assert_eq!(graph.edges()[0].kind.share(), Share::new(0.25));
        // A later entity fills in the caption of a node seen only as an id.
        graph.add_entity(&entity("b", "Beta", &[]), ListedWhen::HasProgram);
        assert_eq!(graph.node("b").unwrap().caption(), "Beta");
        assert!(!graph.node("b").unwrap().is_listed());
    }

    #[test]
    fn bad_edges_are_errors_not_panics() {
        let mut graph = Graph::new();
        let relation = Relation {
            kind: RelationKind::Ownership,
            from: "a".into(),
            to: "b".into(),
            share: Some(1.5),
            source: "r1".into(),
        };
        assert!(matches!(
            graph.add_relation(&relation),
            Err(NetworkError::InvalidShare { .. })
        ));
        assert!(matches!(
            graph.add_edge("", "b", EdgeKind::Family, "x"),
            Err(NetworkError::EmptyId { .. })
        ));
        let trade = EdgeKind::Trade {
            baskets: vec![],
            value_usd: f64::NAN,
            first: "2024-01-01".into(),
            last: "2024-02-01".into(),
            n_shipments: 1,
        };
        assert!(matches!(
            graph.add_edge("a", "b", trade, "x"),
            Err(NetworkError::InvalidTradeValue { .. })
        ));
        assert!(graph.edges().is_empty());
    }

    #[test]
    fn listings_merge_per_list() {
        let mut graph = Graph::new();
        graph.add_entity(&entity("a", "Alpha", &["P1"]), ListedWhen::OnAnyList);
        graph.add_entity(&entity("a", "Alpha", &["P2", "P1"]), ListedWhen::OnAnyList);
        let listings = graph.node("a").unwrap().listings();
        assert_eq!(listings.len(), 1);
        assert_eq!(listings[0].programs, vec!["P1", "P2"]);
    }
}
