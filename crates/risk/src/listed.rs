//! Listed parties among the shipment parties: direct matches against the
//! screening index, ownership of 50 % or more by listed parties (through the
//! network crate's aggregated ownership), and addresses shared with listed
//! entities.

use std::collections::HashMap;

use chokepoint_index::{ScreenQuery, SearchOptions, WatchlistIndex};
use chokepoint_lists::Schema;
use chokepoint_network::{EdgeKind, Graph, Listing, Share, owners};
use chokepoint_resolve::Resolution;
use chokepoint_screening::normalize;

use crate::context::{OwnershipLink, RiskContext, entities_by_name};

/// How a party is tied to a listed entity.
#[derive(Debug, Clone, PartialEq)]
pub enum ListedVia {
    /// Its name matches the listed entity.
    Name {
        /// Screening score.
        score: f64,
    },
    /// Listed parties own this share of it (at least 50 %).
    Ownership {
        /// Aggregated listed share.
        share: f64,
    },
    /// It has the listed entity's address.
    Address,
}

/// One tie to a listed entity, with the sentence explaining it.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedHit {
    /// The listed entity's id (`ofac-sdn-1234`...).
    pub listed_id: String,
    /// Its primary name.
    pub caption: String,
    /// Its list.
    pub list: String,
    /// How.
    pub via: ListedVia,
    /// Why, in words.
    pub detail: String,
}

/// The screening index wrapped for the rules.
pub struct ListedParties<'a> {
    index: &'a WatchlistIndex,
    min_score: f64,
    addresses: HashMap<String, Vec<usize>>,
}

impl<'a> ListedParties<'a> {
    /// Wraps an index; parties scoring at least `min_score` are taken as listed.
    pub fn new(index: &'a WatchlistIndex, min_score: f64) -> ListedParties<'a> {
        let mut addresses: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, entity) in index.entities().iter().enumerate() {
            for address in &entity.addresses {
                let key = RiskContext::address_key(address);
                // A bare city or country is no shared address.
                if key.split(' ').count() >= 3 && key.chars().any(|c| c.is_ascii_digit()) {
                    addresses.entry(key).or_default().push(i);
                }
            }
        }
        ListedParties {
            index,
            min_score,
            addresses,
        }
    }

    /// The best listed match of a party's names, if it reaches `min_score`.
    /// Shipment parties are companies; owners may be people, so their
    /// schema is left open (`None`).
    pub fn screen_name(
        &self,
        names: Vec<String>,
        schema: Option<Schema>,
        country: Option<&str>,
    ) -> Option<ListedHit> {
        let query = ScreenQuery {
            names,
            schema,
            countries: country.map(str::to_string).into_iter().collect(),
            ..ScreenQuery::default()
        };
        let mut options = SearchOptions::default();
        options.limit = 1;
        let best = self.index.search(&query, &options).into_iter().next()?;
        (best.score >= self.min_score).then(|| ListedHit {
            detail: format!(
                "\"{}\" matches \"{}\" ({}, {}) with score {:.2}",
                best.matched_query_name.clone().unwrap_or_default(),
                best.matched_listed_name
                    .clone()
                    .unwrap_or_else(|| best.caption.clone()),
                best.entity_id,
                best.list,
                best.score
            ),
            listed_id: best.entity_id,
            caption: best.caption,
            list: best.list,
            via: ListedVia::Name { score: best.score },
        })
    }

    /// Direct matches of each entity's spellings, then ownership of 50 % or
    /// more by listed parties through the relation files' chains (owners and
    /// intermediate holdings need not appear in the shipments).
    pub(crate) fn screen_entities(
        &self,
        resolution: &Resolution,
        ownership: &[OwnershipLink],
    ) -> Vec<Vec<ListedHit>> {
        let mut hits: Vec<Vec<ListedHit>> = resolution
            .entities
            .iter()
            .map(|entity| {
                let mut names: Vec<String> = Vec::new();
                for &s in entity.spellings.iter().take(4) {
                    let name = &resolution.spellings[s].key.name;
                    if !names.iter().any(|n| normalize(n) == normalize(name)) {
                        names.push(name.clone());
                    }
                }
                self.screen_name(names, Some(Schema::Company), entity.country.as_deref())
                    .into_iter()
                    .collect()
            })
            .collect();
        if ownership.is_empty() {
            return hits;
        }
        let graph = self.ownership_graph(resolution, ownership, &hits);
        for (i, entity) in resolution.entities.iter().enumerate() {
            if graph.edges_to(&entity.id).next().is_none() {
                continue;
            }
            if let Some(hit) = owned_by_listed(&graph, &entity.id) {
                hits[i].push(hit);
            }
        }
        hits
    }

    /// Ownership graph: resolved parties by entity id, other names by
    /// `name:<normalised name>`; owners not among the parties are screened.
    fn ownership_graph(
        &self,
        resolution: &Resolution,
        ownership: &[OwnershipLink],
        hits: &[Vec<ListedHit>],
    ) -> Graph {
        let by_name = entities_by_name(resolution);
        let mut graph = Graph::new();
        for (i, entity) in resolution.entities.iter().enumerate() {
            graph.add_node(&entity.id, &entity.canonical_name);
            if let Some(hit) = hits[i].first() {
                graph.add_listing(&entity.id, listing(hit));
            }
        }
        let mut screened: HashMap<String, bool> = HashMap::new();
        let mut node = |graph: &mut Graph, name: &str, is_owner: bool| -> String {
            let key = normalize(name);
            if let Some(&entity) = by_name.get(&key).and_then(|e| e.first()) {
                return resolution.entities[entity].id.clone();
            }
            let id = format!("name:{key}");
            if graph.node(&id).is_none() {
                graph.add_node(&id, name);
            }
            if is_owner && !screened.contains_key(&id) {
                let hit = self.screen_name(vec![name.to_string()], None, None);
                if let Some(hit) = &hit {
                    graph.add_listing(&id, listing(hit));
                }
                screened.insert(id.clone(), hit.is_some());
            }
            id
        };
        for link in ownership {
            let parent = node(&mut graph, &link.parent, true);
            let child = node(&mut graph, &link.subsidiary, false);
            let share = link.share.and_then(Share::new);
            // A malformed link (self-ownership) is skipped: it is evidence only.
            let _ = graph.add_edge(
                &parent,
                &child,
                EdgeKind::Ownership { share },
                &link.evidence,
            );
        }
        graph
    }

    /// Listed entities at each entity's address.
    pub(crate) fn shared_addresses(&self, resolution: &Resolution) -> Vec<Vec<ListedHit>> {
        resolution
            .entities
            .iter()
            .map(|entity| {
                let Some(address) = &entity.address else {
                    return Vec::new();
                };
                let key = RiskContext::address_key(address);
                self.addresses
                    .get(&key)
                    .into_iter()
                    .flatten()
                    .take(3)
                    .map(|&i| {
                        let listed = &self.index.entities()[i];
                        let caption = listed
                            .names
                            .first()
                            .map_or(listed.id.clone(), |n| n.value.clone());
                        ListedHit {
                            detail: format!(
                                "address \"{address}\" is the listed address of {caption} ({}, {})",
                                listed.id, listed.list
                            ),
                            listed_id: listed.id.clone(),
                            caption,
                            list: listed.list.clone(),
                            via: ListedVia::Address,
                        }
                    })
                    .collect()
            })
            .collect()
    }
}

/// The 50 % rule hit of an entity, with the chain of its largest listed owner.
fn owned_by_listed(graph: &Graph, id: &str) -> Option<ListedHit> {
    let report = owners(graph, id).ok()?;
    if !report.fifty_percent_rule {
        return None;
    }
    let top = report.owners.first()?;
    let caption = |id: &str| {
        graph
            .node(id)
            .map_or(id.to_string(), |n| n.caption().to_string())
    };
    let chain = top.chains.first().map_or(String::new(), |chain| {
        chain
            .hops
            .iter()
            .map(|hop| {
                let share = hop
                    .share
                    .map_or("an unknown share".into(), |s| format!("{:.0} %", s * 100.0));
                format!(
                    "{} owns {share} of {}",
                    caption(&hop.owner),
                    caption(&hop.asset)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    });
    let list = graph
        .node(&top.owner)
        .and_then(|n| n.listings().first().map(|l| l.list.clone()))
        .unwrap_or_default();
    Some(ListedHit {
        listed_id: top.owner.clone(),
        caption: caption(&top.owner),
        list,
        via: ListedVia::Ownership {
            share: report.total_listed_share,
        },
        detail: format!(
            "owned {:.0} % by listed parties (50 % rule): {chain}",
            report.total_listed_share * 100.0
        ),
    })
}

fn listing(hit: &ListedHit) -> Listing {
    Listing {
        list: hit.list.clone(),
        programs: Vec::new(),
    }
}
