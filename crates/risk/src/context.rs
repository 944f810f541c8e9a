//! What the rules need to know beyond one shipment, gathered in a first pass
//! over the records: who the parties are (entity resolution), when each was
//! first seen, who ships to Russia, the unit-value medians of each code, who
//! owns whom, and which parties are listed.

use std::collections::{HashMap, HashSet};

use arrow::array::RecordBatch;
use chokepoint_catalog::{CHPL_2024_02_23, ChplTier, resolve_country_groups};
use chokepoint_resolve::{
    Decision, Resolution, ResolveConfig, Sighting, normalize_address, resolve,
};
use chokepoint_screening::normalize;

use crate::columns::{ShipmentView, get, get_f64};
use crate::listed::{ListedHit, ListedParties};
use crate::{RiskError, RiskRules};

/// An ownership link from a relations file: parent and subsidiary by name
/// (or id), the share when known, and the evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnershipLink {
    /// The owner.
    pub parent: String,
    /// The owned party.
    pub subsidiary: String,
    /// Share in 0..=1, when known.
    pub share: Option<f64>,
    /// Where the link comes from.
    pub evidence: String,
}

/// The owner of a resolved party.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parent {
    pub name: String,
    pub country: Option<String>,
    pub share: Option<f64>,
    pub evidence: String,
}

/// Per spelling while reading: records, first and last day, shipments to Russia.
#[derive(Debug, Clone, Copy)]
struct SpellingStats {
    records: u64,
    first_day: i32,
    last_day: i32,
    russian_sales: u64,
}

/// Collects the context from batches of shipments (`observe`), then
/// resolves parties and builds the [`RiskContext`] (`finish`).
#[derive(Debug, Clone)]
pub struct ContextBuilder {
    rules: RiskRules,
    russian: HashSet<&'static str>,
    spellings: HashMap<String, SpellingStats>,
    /// Log unit values by HS6 code, then unit.
    unit_values: HashMap<String, HashMap<String, Vec<f32>>>,
    records_start: Option<i32>,
    records: u64,
    key: String,
}

/// Key of a spelling in the builder: name, address and country joined by \u{1}.
fn spelling_key(buffer: &mut String, name: &str, address: Option<&str>, country: Option<&str>) {
    buffer.clear();
    buffer.push_str(name.trim());
    buffer.push('\u{1}');
    buffer.push_str(address.unwrap_or_default().trim());
    buffer.push('\u{1}');
    buffer.push_str(country.unwrap_or_default().trim());
}

impl ContextBuilder {
    /// A builder for these rules.
    pub fn new(rules: &RiskRules) -> ContextBuilder {
        ContextBuilder {
            russian: RiskRules::alpha3_set(&rules.russian_destination),
            rules: rules.clone(),
            spellings: HashMap::new(),
            unit_values: HashMap::new(),
            records_start: None,
            records: 0,
            key: String::new(),
        }
    }

    /// Reads one batch of the `shipments` table.
    pub fn observe(&mut self, batch: &RecordBatch) -> Result<(), RiskError> {
        let view = ShipmentView::new(batch)?;
        for row in 0..view.len() {
            let day = view.date.value(row);
            self.records += 1;
            self.records_start = Some(self.records_start.map_or(day, |start| start.min(day)));
            let to_russia = [&view.destination_country, &view.consignee_country]
                .into_iter()
                .any(|column| get(column, row).is_some_and(|c| self.russian.contains(c)));
            for (name, address, country, sells) in [
                (
                    &view.shipper_name,
                    &view.shipper_address,
                    &view.shipper_country,
                    to_russia,
                ),
                (
                    &view.consignee_name,
                    &view.consignee_address,
                    &view.consignee_country,
                    false,
                ),
            ] {
                let Some(name) = get(name, row) else { continue };
                spelling_key(&mut self.key, name, get(address, row), get(country, row));
                let stats = match self.spellings.get_mut(self.key.as_str()) {
                    Some(stats) => stats,
                    None => self
                        .spellings
                        .entry(self.key.clone())
                        .or_insert(SpellingStats {
                            records: 0,
                            first_day: day,
                            last_day: day,
                            russian_sales: 0,
                        }),
                };
                stats.records += 1;
                stats.first_day = stats.first_day.min(day);
                stats.last_day = stats.last_day.max(day);
                stats.russian_sales += u64::from(sells);
            }
            if let (Some(hs6), Some(unit), Some(value), Some(quantity)) = (
                get(&view.hs6, row),
                get(&view.quantity_unit, row),
                get_f64(&view.value_usd, row),
                get_f64(&view.quantity, row),
            ) && value > 0.0
                && quantity > 0.0
            {
                let unit_value = (value / quantity).ln() as f32;
                let per_unit = match self.unit_values.get_mut(hs6) {
                    Some(per_unit) => per_unit,
                    None => self.unit_values.entry(hs6.to_string()).or_default(),
                };
                match per_unit.get_mut(unit) {
                    Some(values) => values.push(unit_value),
                    None => {
                        per_unit.insert(unit.to_string(), vec![unit_value]);
                    }
                }
            }
        }
        Ok(())
    }

    /// Records observed so far.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Resolves the parties (honouring `decisions`), links owners, screens
    /// the parties with `listed` (when lists are loaded) and returns the context.
    ///
    /// The builder is kept: observe more batches and finish again for a
    /// context that includes them (`chokepoint watch` does so per file).
    pub fn finish(
        &self,
        decisions: &[Decision],
        ownership: &[OwnershipLink],
        listed: Option<&ListedParties<'_>>,
    ) -> RiskContext {
        let sightings: Vec<Sighting> = self
            .spellings
            .iter()
            .map(|(key, stats)| {
                let mut parts = key.split('\u{1}');
                let (name, address, country) = (
                    parts.next().unwrap_or_default(),
                    parts.next().filter(|s| !s.is_empty()),
                    parts.next().filter(|s| !s.is_empty()),
                );
                Sighting {
                    records: stats.records,
                    ..Sighting::new(name, address, country, stats.first_day)
                }
            })
            .collect();
        let resolution = resolve(&sightings, decisions, &ResolveConfig::default());
        let mut entity_russian_sales = vec![0u64; resolution.entities.len()];
        for (key, stats) in &self.spellings {
            let mut parts = key.split('\u{1}');
            let (name, address, country) = (parts.next(), parts.next(), parts.next());
            if let Some(entity) = resolution.lookup(name.unwrap_or_default(), address, country) {
                entity_russian_sales[entity] += stats.russian_sales;
            }
        }
        let unit_value_medians = self
            .unit_values
            .iter()
            .map(|(hs6, per_unit)| {
                let medians = per_unit
                    .iter()
                    .filter(|(_, values)| values.len() >= self.rules.unit_value.min_records)
                    .map(|(unit, values)| {
                        let mut values = values.clone();
                        values.sort_by(f32::total_cmp);
                        let median = f64::from(values[values.len() / 2]);
                        (unit.clone(), (median, values.len()))
                    })
                    .collect();
                (hs6.clone(), medians)
            })
            .collect();
        let parents = link_parents(&resolution, ownership);
        let (listed_hits, address_hits) = match listed {
            Some(listed) => (
                listed.screen_entities(&resolution, ownership),
                listed.shared_addresses(&resolution),
            ),
            None => (
                vec![Vec::new(); resolution.entities.len()],
                vec![Vec::new(); resolution.entities.len()],
            ),
        };
        RiskContext {
            transit: RiskRules::alpha3_set(&self.rules.transit),
            coalition: resolve_country_groups("coalition")
                .map(|countries| countries.iter().map(|c| c.alpha3()).collect())
                .unwrap_or_default(),
            tiers: chpl_tiers(),
            russian: self.russian.clone(),
            rules: self.rules.clone(),
            resolution,
            entity_russian_sales,
            records_start: self.records_start,
            unit_value_medians,
            parents,
            listed: listed_hits,
            shared_addresses: address_hits,
        }
    }
}

/// Tier of each CHPL code, HS 2022 and the HS 2017 subheadings older records use.
fn chpl_tiers() -> HashMap<&'static str, ChplTier> {
    let mut tiers = HashMap::new();
    for entry in CHPL_2024_02_23 {
        tiers.insert(entry.hs6, entry.tier);
        for old in entry.hs2017_equivalents() {
            tiers.entry(*old).or_insert(entry.tier);
        }
    }
    tiers
}

/// Entities by normalised name (every spelling).
pub(crate) fn entities_by_name(resolution: &Resolution) -> HashMap<String, Vec<usize>> {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for spelling in &resolution.spellings {
        let entry = by_name.entry(normalize(&spelling.key.name)).or_default();
        if !entry.contains(&spelling.entity) {
            entry.push(spelling.entity);
        }
    }
    by_name
}

/// The owners of each entity, from links naming parties by any spelling.
fn link_parents(resolution: &Resolution, ownership: &[OwnershipLink]) -> Vec<Vec<Parent>> {
    let by_name = entities_by_name(resolution);
    let mut parents = vec![Vec::new(); resolution.entities.len()];
    for link in ownership {
        let parent_entity = by_name
            .get(&normalize(&link.parent))
            .and_then(|e| e.first().copied());
        for &child in by_name
            .get(&normalize(&link.subsidiary))
            .into_iter()
            .flatten()
        {
            let (name, country) = match parent_entity {
                Some(p) => (
                    resolution.entities[p].canonical_name.clone(),
                    resolution.entities[p].country.clone(),
                ),
                None => (link.parent.clone(), None),
            };
            parents[child].push(Parent {
                name,
                country,
                share: link.share,
                evidence: link.evidence.clone(),
            });
        }
    }
    parents
}

/// Everything the rules read besides the shipment itself.
pub struct RiskContext {
    pub(crate) rules: RiskRules,
    pub(crate) resolution: Resolution,
    pub(crate) russian: HashSet<&'static str>,
    pub(crate) transit: HashSet<&'static str>,
    pub(crate) coalition: HashSet<&'static str>,
    pub(crate) tiers: HashMap<&'static str, ChplTier>,
    pub(crate) entity_russian_sales: Vec<u64>,
    pub(crate) records_start: Option<i32>,
    /// Median log unit value and record count by HS6 code, then unit
    /// (two lookups by `&str`, so scoring builds no key).
    pub(crate) unit_value_medians: HashMap<String, HashMap<String, (f64, usize)>>,
    pub(crate) parents: Vec<Vec<Parent>>,
    pub(crate) listed: Vec<Vec<ListedHit>>,
    pub(crate) shared_addresses: Vec<Vec<ListedHit>>,
}

impl RiskContext {
    /// The rules in force.
    pub fn rules(&self) -> &RiskRules {
        &self.rules
    }

    /// The resolved parties.
    pub fn resolution(&self) -> &Resolution {
        &self.resolution
    }

    /// Listed-entity hits of a resolved party (direct or through owners).
    pub fn listed_hits(&self, entity: usize) -> &[ListedHit] {
        &self.listed[entity]
    }

    /// A normalised address as the listed-address index keys it.
    pub(crate) fn address_key(address: &str) -> String {
        let mut tokens = normalize_address(address);
        tokens.sort_unstable();
        tokens.join(" ")
    }
}
