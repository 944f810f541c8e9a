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

use crate::context::{Parent, RiskContext};

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
    fn screen(&self, names: Vec<String>, country: Option<&str>) -> Option<ListedHit> {
        let query = ScreenQuery {
            names,
            schema: Some(Schema::Company),
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
    /// more by matched parties (owners named in relation files included).
    pub(crate) fn screen_entities(
        &self,
        resolution: &Resolution,
        parents: &[Vec<Parent>],
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
                self.screen(names, entity.country.as_deref())
                    .into_iter()
                    .collect()
            })
            .collect();
        if parents.iter().all(Vec::is_empty) {
            return hits;
        }
        // Ownership graph over entity ids and owners' names.
        let mut graph = Graph::new();
        let node_of_name: HashMap<String, usize> = resolution
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (normalize(&e.canonical_name), i))
            .collect();
        let mut parent_hits: HashMap<String, Option<ListedHit>> = HashMap::new();
        for (i, entity) in resolution.entities.iter().enumerate() {
            graph.add_node(&entity.id, &entity.canonical_name);
            if let Some(hit) = hits[i].first() {
                graph.add_listing(&entity.id, listing(hit));
            }
        }
        for (child, owners_of_child) in parents.iter().enumerate() {
            for parent in owners_of_child {
                let parent_id = match node_of_name.get(&normalize(&parent.name)) {
                    Some(&p) => resolution.entities[p].id.clone(),
                    None => {
                        let id = format!("name:{}", normalize(&parent.name));
                        graph.add_node(&id, &parent.name);
                        let hit = parent_hits.entry(id.clone()).or_insert_with(|| {
                            self.screen(vec![parent.name.clone()], parent.country.as_deref())
                        });
                        if let Some(hit) = hit {
                            graph.add_listing(&id, listing(hit));
                        }
                        id
                    }
                };
                let share = parent.share.and_then(Share::new);
                // A malformed edge (self-ownership) is skipped: the link is only evidence.
                let _ = graph.add_edge(
                    &parent_id,
                    &resolution.entities[child].id,
                    EdgeKind::Ownership { share },
                    &parent.evidence,
                );
            }
        }
        for (i, entity) in resolution.entities.iter().enumerate() {
            if parents[i].is_empty() {
                continue;
            }
            let Ok(report) = owners(&graph, &entity.id) else {
                continue;
            };
            if !report.fifty_percent_rule {
                continue;
            }
            let Some(top) = report.owners.first() else {
                continue;
            };
            let caption = graph
                .node(&top.owner)
                .map_or(top.owner.clone(), |n| n.caption().to_string());
            let chain = top.chains.first().map_or(String::new(), |chain| {
                chain
                    .hops
                    .iter()
                    .map(|hop| {
                        let name = |id: &str| {
                            graph
                                .node(id)
                                .map_or(id.to_string(), |n| n.caption().to_string())
                        };
                        format!(
                            "{} owns {} of {}",
                            name(&hop.owner),
                            hop.share.map_or("an unknown share".into(), |s| format!(
                                "{:.0} %",
                                s * 100.0
                            )),
                            name(&hop.asset)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            });
            let listing = graph
                .node(&top.owner)
                .and_then(|n| n.listings().first().cloned());
            hits[i].push(ListedHit {
                listed_id: top.owner.clone(),
                caption: caption.clone(),
                list: listing.map(|l| l.list).unwrap_or_default(),
                via: ListedVia::Ownership {
                    share: report.total_listed_share,
                },
                detail: format!(
                    "owned {:.0} % by listed parties (50 % rule): {chain}",
                    report.total_listed_share * 100.0
                ),
            });
        }
        hits
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

fn listing(hit: &ListedHit) -> Listing {
    Listing {
        list: hit.list.clone(),
        programs: Vec::new(),
    }
}
