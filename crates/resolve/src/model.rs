//! What resolution reads and returns.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// One appearance of a party in the records (a shipper or consignee of one
/// shipment, or the same spelling seen `records` times).
#[derive(Debug, Clone, PartialEq)]
pub struct Sighting {
    /// The name as written.
    pub name: String,
    /// The address as written.
    pub address: Option<String>,
    /// The country code as stored (ISO alpha-3 in the shipments table).
    pub country: Option<String>,
    /// Date of the record, days since 1970-01-01.
    pub day: i32,
    /// How many records this sighting stands for.
    pub records: u64,
}

impl Sighting {
    /// One record's sighting.
    pub fn new(name: &str, address: Option<&str>, country: Option<&str>, day: i32) -> Sighting {
        Sighting {
            name: name.to_string(),
            address: address.map(str::to_string),
            country: country.map(str::to_string),
            day,
            records: 1,
        }
    }
}

/// A distinct spelling: name, address and country as written (trimmed;
/// empty when absent).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartyKey {
    /// The name.
    pub name: String,
    /// The address, or empty.
    pub address: String,
    /// The country, or empty.
    pub country: String,
}

impl PartyKey {
    /// The key of a name, address and country.
    pub fn new(name: &str, address: Option<&str>, country: Option<&str>) -> PartyKey {
        PartyKey {
            name: name.trim().to_string(),
            address: address.unwrap_or_default().trim().to_string(),
            country: country.unwrap_or_default().trim().to_string(),
        }
    }

    pub(crate) fn hash_of(name: &str, address: Option<&str>, country: Option<&str>) -> u64 {
        let mut hasher = DefaultHasher::new();
        name.trim().hash(&mut hasher);
        address.unwrap_or_default().trim().hash(&mut hasher);
        country.unwrap_or_default().trim().hash(&mut hasher);
        hasher.finish()
    }

    pub(crate) fn matches(&self, name: &str, address: Option<&str>, country: Option<&str>) -> bool {
        self.name == name.trim()
            && self.address == address.unwrap_or_default().trim()
            && self.country == country.unwrap_or_default().trim()
    }
}

/// What an analyst decided about two spellings (by name, any address).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionKind {
    /// Never in one entity.
    Split,
    /// Always in one entity (same country).
    Merge,
}

impl DecisionKind {
    /// `split` or `merge`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Split => "split",
            DecisionKind::Merge => "merge",
        }
    }

    /// Parses `split` or `merge`.
    pub fn parse(text: &str) -> Option<DecisionKind> {
        match text {
            "split" => Some(DecisionKind::Split),
            "merge" => Some(DecisionKind::Merge),
            _ => None,
        }
    }
}

/// An analyst's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// One spelling's name.
    pub left_name: String,
    /// The other's.
    pub right_name: String,
    /// What to do.
    pub kind: DecisionKind,
}

/// Why two spellings were merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeRule {
    /// Same country and address, names match.
    SameAddress,
    /// Same country, near-identical names, an address missing on one side.
    NearIdenticalName,
    /// Same country, identical names after normalisation, addresses differ.
    IdenticalName,
    /// An analyst's merge decision.
    Analyst,
}

impl MergeRule {
    /// A stable label.
    pub fn as_str(self) -> &'static str {
        match self {
            MergeRule::SameAddress => "same_address",
            MergeRule::NearIdenticalName => "near_identical_name",
            MergeRule::IdenticalName => "identical_name",
            MergeRule::Analyst => "analyst_decision",
        }
    }
}

/// One merge and its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeEvidence {
    /// Spelling index (into [`Resolution::spellings`]).
    pub left: usize,
    /// The other spelling.
    pub right: usize,
    /// Name comparison score of the pair.
    pub name_score: f64,
    /// Address similarity, when both have an address.
    pub address_score: Option<f64>,
    /// The rule that merged them.
    pub rule: MergeRule,
}

/// How one spelling was resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct SpellingResolution {
    /// The spelling.
    pub key: PartyKey,
    /// Index of its entity in [`Resolution::entities`].
    pub entity: usize,
    /// Records with this spelling.
    pub records: u64,
    /// The strongest merge that joined it to another spelling
    /// (index into [`Resolution::merges`]); `None` when it stands alone.
    pub merge: Option<usize>,
}

/// One canonical party.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedEntity {
    /// Stable id derived from the canonical spelling (`party-<12 hex>`).
    pub id: String,
    /// The most frequent spelling's name.
    pub canonical_name: String,
    /// Its country.
    pub country: Option<String>,
    /// Its address.
    pub address: Option<String>,
    /// Spelling indices, most records first.
    pub spellings: Vec<usize>,
    /// Records across spellings.
    pub records: u64,
    /// First and last record dates (days since 1970-01-01).
    pub first_day: i32,
    /// See `first_day`.
    pub last_day: i32,
}

/// Settings. Start from [`ResolveConfig::default`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ResolveConfig {
    /// Name score at or above which two spellings at the same address merge
    /// (the screening default threshold: the names are the same company's).
    pub name_threshold: f64,
    /// Name score at or above which spellings merge with no address to compare.
    pub near_identical: f64,
    /// Address similarity at or above which addresses agree.
    pub address_agree: f64,
    /// Blocks with more spellings than this are not compared pairwise
    /// (a very common word or a mass-registration address carries no signal).
    pub max_block: usize,
    /// Threads preparing and comparing names.
    pub threads: usize,
}

impl Default for ResolveConfig {
    fn default() -> ResolveConfig {
        ResolveConfig {
            name_threshold: chokepoint_screening::MatchConfig::default().threshold,
            near_identical: 0.9,
            address_agree: 0.6,
            max_block: 200,
            threads: std::thread::available_parallelism().map_or(1, usize::from),
        }
    }
}

/// The result: entities, spellings and merges.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// Canonical parties.
    pub entities: Vec<ResolvedEntity>,
    /// Distinct spellings.
    pub spellings: Vec<SpellingResolution>,
    /// Every merge made, strongest first.
    pub merges: Vec<MergeEvidence>,
    pub(crate) by_hash: HashMap<u64, Vec<usize>>,
}

impl Resolution {
    /// The entity index of a spelling, without allocating.
    pub fn lookup(
        &self,
        name: &str,
        address: Option<&str>,
        country: Option<&str>,
    ) -> Option<usize> {
        let candidates = self
            .by_hash
            .get(&PartyKey::hash_of(name, address, country))?;
        candidates
            .iter()
            .find(|&&s| self.spellings[s].key.matches(name, address, country))
            .map(|&s| self.spellings[s].entity)
    }

    /// The entity of a sighting's spelling.
    pub fn entity_of(&self, sighting: &Sighting) -> Option<&ResolvedEntity> {
        let index = self.lookup(
            &sighting.name,
            sighting.address.as_deref(),
            sighting.country.as_deref(),
        )?;
        Some(&self.entities[index])
    }

    /// The entity with an id.
    pub fn entity(&self, id: &str) -> Option<&ResolvedEntity> {
        self.entities.iter().find(|entity| entity.id == id)
    }

    /// One line of evidence for a spelling: the merge that joined it.
    pub fn explain(&self, spelling: usize) -> String {
        let Some(merge) = self.spellings[spelling].merge.map(|m| &self.merges[m]) else {
            return "stands alone: no other spelling matched".to_string();
        };
        let other = if merge.left == spelling {
            merge.right
        } else {
            merge.left
        };
        let address = merge
            .address_score
            .map_or("no address to compare".to_string(), |a| {
                format!("address similarity {a:.2}")
            });
        format!(
            "{} with \"{}\": name score {:.2}, {address}",
            merge.rule.as_str(),
            self.spellings[other].key.name,
            merge.name_score
        )
    }
}
