//! Entity-level scoring: the best name comparison over the query's names ×
//! the candidate's names, combined with identifiers, countries, schema and
//! date of birth, each contribution kept as an explained feature.

use std::collections::HashMap;

use chokepoint_lists::{Entity, NameKind, Schema};
use chokepoint_screening::{
    self as screening, Comparison, MatchConfig, NameQuery, compare, compare_score,
};

use crate::build::WatchlistIndex;
use crate::keys;
use crate::retrieve::{Candidate, RetrievalLimits};

/// What to screen: one party with what is known of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScreenQuery {
    /// Names of the party (any script); empty when screening identifiers only.
    pub names: Vec<String>,
    /// The party's kind, when known.
    pub schema: Option<Schema>,
    /// Countries as ISO alpha-2, alpha-3 or names.
    pub countries: Vec<String>,
    /// Identifier values (any formatting: "9133 0000 7337 9610 6P").
    pub identifiers: Vec<String>,
    /// Date of birth ("1952", "1952-10" or "1952-10-07"), for persons.
    pub birth_date: Option<String>,
}

impl ScreenQuery {
    /// A query with one name and nothing else.
    pub fn name(name: impl Into<String>) -> ScreenQuery {
        ScreenQuery {
            names: vec![name.into()],
            ..ScreenQuery::default()
        }
    }
}

/// Search parameters. Start from [`SearchOptions::default`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SearchOptions {
    /// Results returned at most.
    pub limit: usize,
    /// Candidates retrieved and scored in full (K).
    pub candidates: usize,
    /// Results below this score are dropped.
    pub min_score: f64,
    /// Score at or above which a result is a match.
    pub threshold: f64,
    /// A fuzzy retrieval key (trigram, one-deletion variant, skeleton)
    /// found in more names than this is skipped, except a token's rarest
    /// trigram: such keys are weak evidence and cost the most. A query word
    /// in more than 20 times this many names only raises names that its
    /// rarer words found.
    pub max_key_postings: usize,
    /// Candidates whose retrieval score is below this fraction of the best
    /// candidate's are not scored (identifier hits always are).
    pub relative_cut: f64,
    /// Names of a candidate whose retrieval score is below this fraction
    /// of the candidate's best name's are not compared.
    pub name_cut: f64,
    /// Name comparison settings (its threshold is not used; see `threshold`).
    pub match_config: MatchConfig,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        let match_config = MatchConfig::default();
        SearchOptions {
            limit: 10,
            candidates: 50,
            min_score: 0.0,
            threshold: match_config.threshold,
            max_key_postings: 300,
            relative_cut: 0.4,
            name_cut: 0.6,
            match_config,
        }
    }
}

/// One scoring contribution: `value × weight` was added to the score.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchFeature {
    /// Stable name: `name.<feature>` for the name comparison's features,
    /// `align` for token alignments (weight 0), otherwise the entity-level
    /// feature (`name_kind`, `identifier`, `country`, `schema`, `birth_date`).
    pub name: String,
    /// The value (similarity for alignments).
    pub value: f64,
    /// The weight.
    pub weight: f64,
    /// Why.
    pub explanation: String,
}

/// One listed entity found for a query.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenMatch {
    /// The entity id.
    pub entity_id: String,
    /// Its primary name.
    pub caption: String,
    /// Its schema.
    pub schema: Schema,
    /// Its list.
    pub list: String,
    /// The score in 0..=1.
    pub score: f64,
    /// Whether `score >= threshold`.
    pub is_match: bool,
    /// The query name that compared best (`None` for identifier-only queries).
    pub matched_query_name: Option<String>,
    /// The listed name it compared best with.
    pub matched_listed_name: Option<String>,
    /// Every contribution, name comparison first.
    pub features: Vec<MatchFeature>,
}

/// Factor on the name score of a low-quality alias: it is weaker evidence.
const WEAK_ALIAS_FACTOR: f64 = 0.8;
/// Score floor of an identifier match; the name score fills the rest.
const IDENTIFIER_FLOOR: f64 = 0.95;
/// Entity-level weights.
const COUNTRY_AGREE_WEIGHT: f64 = 0.05;
const COUNTRY_DISAGREE_WEIGHT: f64 = 0.1;
const SCHEMA_WEIGHT: f64 = 0.2;
const BIRTH_DAY_WEIGHT: f64 = 0.1;
const BIRTH_MONTH_WEIGHT: f64 = 0.07;
const BIRTH_YEAR_WEIGHT: f64 = 0.05;
const BIRTH_CONFLICT_WEIGHT: f64 = 0.2;

/// A query prepared once per search.
pub(crate) struct PreparedQuery<'q> {
    query: &'q ScreenQuery,
    names: Vec<NameQuery>,
    /// The text of each of `names`.
    name_texts: Vec<String>,
    identifiers: Vec<String>,
    countries: Vec<&'static str>,
}

impl<'q> PreparedQuery<'q> {
    pub(crate) fn new(query: &'q ScreenQuery) -> PreparedQuery<'q> {
        let schema = query.schema.unwrap_or_default();
        let name_texts: Vec<String> = query
            .names
            .iter()
            .filter(|name| !name.trim().is_empty())
            .cloned()
            .collect();
        let names = name_texts
            .iter()
            .map(|name| NameQuery::new(name, schema))
            .collect();
        // Resolved the way the loaders resolve list countries, so that
        // "Russia", "RUS" and "RU" agree with the lists' alpha-2 codes.
        let mut countries: Vec<&'static str> = Vec::new();
        for code in query
            .countries
            .iter()
            .filter_map(|text| chokepoint_lists::resolve_country(text))
        {
            if !countries.contains(&code) {
                countries.push(code);
            }
        }
        let mut identifiers: Vec<String> = query
            .identifiers
            .iter()
            .map(|value| chokepoint_lists::normalise_identifier(value))
            .filter(|value| !value.is_empty())
            .collect();
        // A query name that is an identifier counts as one.
        identifiers.extend(
            query
                .names
                .iter()
                .filter(|name| keys::name_as_identifier_key(name).is_some())
                .map(|name| chokepoint_lists::normalise_identifier(name)),
        );
        PreparedQuery {
            query,
            names,
            name_texts,
            identifiers,
            countries,
        }
    }

    pub(crate) fn names(&self) -> &[NameQuery] {
        &self.names
    }

    pub(crate) fn identifier_keys(&self) -> Vec<keys::Key> {
        self.identifiers
            .iter()
            .filter_map(|value| keys::identifier_key(value))
            .collect()
    }
}

/// A candidate scored, before its explanation is written out.
struct Evaluation {
    entity: u32,
    identifier_hit: bool,
    score: f64,
    best: Option<BestPair>,
}

/// The best (query name, listed name) pair of a candidate.
struct BestPair {
    /// Name score after the alias-quality factor.
    adjusted: f64,
    query_idx: usize,
    name_idx: u32,
}

/// Scores of (query name, listed text, schema) already compared in this
/// search: the same name is often listed by several lists (UN, UK, EU and
/// OFAC list the same people).
type ScoreCache<'a> = HashMap<(usize, &'a str, screening::Schema), f64>;

impl WatchlistIndex {
    /// Screens one party: retrieves candidates from the inverted index and
    /// scores each in full. Ordered by score descending, then entity id.
    pub fn search(&self, query: &ScreenQuery, options: &SearchOptions) -> Vec<ScreenMatch> {
        let _span = tracing::debug_span!("screen", n_names = query.names.len()).entered();
        let prepared = PreparedQuery::new(query);
        let limits = RetrievalLimits {
            n_candidates: options.candidates,
            max_key_postings: options.max_key_postings,
            relative_cut: options.relative_cut as f32,
            name_cut: options.name_cut as f32,
        };
        let candidates = self.candidates(&prepared.names, &prepared.identifier_keys(), limits);
        self.rank(&prepared, candidates, options)
    }

    /// The test oracle: scores every entity against every name, without
    /// the inverted index. Same scoring as [`WatchlistIndex::search`].
    #[doc(hidden)]
    pub fn search_exhaustive(
        &self,
        query: &ScreenQuery,
        options: &SearchOptions,
    ) -> Vec<ScreenMatch> {
        let prepared = PreparedQuery::new(query);
        let identifier_keys = prepared.identifier_keys();
        let candidates = (0..self.entities.len() as u32)
            .map(|entity| Candidate {
                entity,
                score: 0.0,
                names: self.names_of(entity).collect(),
                identifier_hit: identifier_keys.iter().any(|key| {
                    self.identifier_postings
                        .get(*key)
                        .binary_search(&entity)
                        .is_ok()
                }),
            })
            .collect();
        self.rank(&prepared, candidates, options)
    }

    /// Scores candidates, keeps the best `limit` and explains those.
    fn rank(
        &self,
        query: &PreparedQuery<'_>,
        candidates: Vec<Candidate>,
        options: &SearchOptions,
    ) -> Vec<ScreenMatch> {
        let mut cache = ScoreCache::new();
        let mut evaluations: Vec<Evaluation> = candidates
            .iter()
            .map(|candidate| self.evaluate(query, candidate, options, &mut cache))
            .filter(|evaluation| evaluation.score >= options.min_score && evaluation.score > 0.0)
            .collect();
        evaluations.sort_by(|left, right| {
            let (left_entity, right_entity) = (
                &self.entities[left.entity as usize],
                &self.entities[right.entity as usize],
            );
            right
                .score
                .total_cmp(&left.score)
                .then_with(|| left_entity.id.cmp(&right_entity.id))
                .then_with(|| left_entity.list.cmp(&right_entity.list))
                .then_with(|| left.entity.cmp(&right.entity))
        });
        evaluations.truncate(options.limit);
        evaluations
            .into_iter()
            .map(|evaluation| self.explain(query, evaluation, options))
            .collect()
    }

    /// The candidate's score: best name pair, attributes, identifier floor.
    fn evaluate<'a>(
        &'a self,
        query: &PreparedQuery<'_>,
        candidate: &Candidate,
        options: &SearchOptions,
        cache: &mut ScoreCache<'a>,
    ) -> Evaluation {
        let entity = &self.entities[candidate.entity as usize];
        let first_name = self.names_of(candidate.entity).start;
        let schema = entity.schema;
        let mut best: Option<BestPair> = None;
        for (query_idx, query_name) in query.names.iter().enumerate() {
            for name_idx in &candidate.names {
                let name = &entity.names[(*name_idx - first_name) as usize];
                let key = (query_idx, name.value.as_str(), schema);
                // Scores only: the few candidates returned are compared
                // again with explanations in `explain`.
                let score = *cache.entry(key).or_insert_with(|| {
                    compare_score(query_name, self.prepared(*name_idx), &options.match_config)
                });
                let adjusted = score * kind_factor(name.kind);
                if best
                    .as_ref()
                    .is_none_or(|current| adjusted > current.adjusted)
                {
                    best = Some(BestPair {
                        adjusted,
                        query_idx,
                        name_idx: *name_idx,
                    });
                }
            }
        }
        let name_score = best.as_ref().map_or(0.0, |best| best.adjusted);
        let mut score = (name_score + self.attribute_features(query, entity, None)).clamp(0.0, 1.0);
        if candidate.identifier_hit {
            score = IDENTIFIER_FLOOR + (1.0 - IDENTIFIER_FLOOR) * score;
        }
        Evaluation {
            entity: candidate.entity,
            identifier_hit: candidate.identifier_hit,
            score,
            best,
        }
    }

    /// Writes out an evaluation with every contribution explained.
    fn explain(
        &self,
        query: &PreparedQuery<'_>,
        evaluation: Evaluation,
        options: &SearchOptions,
    ) -> ScreenMatch {
        let entity = &self.entities[evaluation.entity as usize];
        let first_name = self.names_of(evaluation.entity).start;
        let mut features = Vec::new();
        let mut matched_query_name = None;
        let mut matched_listed_name = None;
        let mut score = 0.0;
        if let Some(best) = evaluation.best {
            let name = &entity.names[(best.name_idx - first_name) as usize];
            let comparison = compare(
                &query.names[best.query_idx],
                self.prepared(best.name_idx),
                &options.match_config,
            );
            matched_query_name = query.name_texts.get(best.query_idx).cloned();
            matched_listed_name = Some(name.value.clone());
            push_name_features(&mut features, &comparison);
            if kind_factor(name.kind) < 1.0 {
                features.push(MatchFeature {
                    name: "name_kind".to_string(),
                    value: best.adjusted - comparison.score,
                    weight: 1.0,
                    explanation: format!(
                        "matched a {} name, which counts less",
                        kind_label(name.kind)
                    ),
                });
            }
            score = best.adjusted;
        }
        score += self.attribute_features(query, entity, Some(&mut features));
        score = score.clamp(0.0, 1.0);
        if evaluation.identifier_hit {
            let floor = IDENTIFIER_FLOOR + (1.0 - IDENTIFIER_FLOOR) * score;
            let shared = query
                .identifiers
                .iter()
                .find(|value| entity.identifiers.iter().any(|id| &id.value == *value))
                .cloned()
                .unwrap_or_default();
            features.push(MatchFeature {
                name: "identifier".to_string(),
                value: floor - score,
                weight: 1.0,
                explanation: format!("identifier {shared} is the entity's: near-decisive"),
            });
        }
        ScreenMatch {
            entity_id: entity.id.clone(),
            caption: entity.primary_name().unwrap_or_default().to_string(),
            schema: entity.schema,
            list: entity.list.clone(),
            score: evaluation.score,
            is_match: evaluation.score >= options.threshold,
            matched_query_name,
            matched_listed_name,
            features,
        }
    }

    /// Country, schema and date-of-birth contributions; returns their sum.
    /// Explanations are written only when `features` is given.
    fn attribute_features(
        &self,
        query: &PreparedQuery<'_>,
        entity: &Entity,
        mut features: Option<&mut Vec<MatchFeature>>,
    ) -> f64 {
        let mut total = 0.0;
        let mut push = |name: &str, value: f64, weight: f64, explanation: &dyn Fn() -> String| {
            total += value * weight;
            if let Some(features) = features.as_deref_mut() {
                features.push(MatchFeature {
                    name: name.to_string(),
                    value,
                    weight,
                    explanation: explanation(),
                });
            }
        };
        if !query.countries.is_empty() && !entity.countries.is_empty() {
            let shared: Vec<&str> = query
                .countries
                .iter()
                .copied()
                .filter(|code| entity.countries.iter().any(|other| other == code))
                .collect();
            if shared.is_empty() {
                push("country", -1.0, COUNTRY_DISAGREE_WEIGHT, &|| {
                    format!(
                        "countries differ: {:?} vs {:?}",
                        query.countries, entity.countries
                    )
                });
            } else {
                push("country", 1.0, COUNTRY_AGREE_WEIGHT, &|| {
                    format!("countries agree: {shared:?}")
                });
            }
        }
        if let Some(schema) = query.query.schema {
            let compatible = screening::features::compatible(schema, entity.schema);
            if !compatible {
                push("schema", -1.0, SCHEMA_WEIGHT, &|| {
                    format!("query is a {schema:?}, the entity a {:?}", entity.schema)
                });
            }
        }
        if entity.schema == Schema::Person
            && let Some(date) = query.query.birth_date.as_deref()
            && let Some((value, weight, explanation)) =
                birth_date_feature(date, &entity.birth_dates)
        {
            push("birth_date", value, weight, &|| explanation.clone());
        }
        total
    }
}

fn push_name_features(features: &mut Vec<MatchFeature>, comparison: &Comparison) {
    for feature in &comparison.features {
        features.push(MatchFeature {
            name: format!("name.{}", feature.name),
            value: feature.value,
            weight: feature.weight,
            explanation: feature.explanation.clone(),
        });
    }
    for pair in &comparison.alignment {
        features.push(MatchFeature {
            name: "align".to_string(),
            value: pair.similarity,
            weight: 0.0,
            explanation: format!("{} ~ {} ({})", pair.left, pair.right, pair.kind.as_str()),
        });
    }
}

fn kind_factor(kind: NameKind) -> f64 {
    match kind {
        NameKind::WeakAlias => WEAK_ALIAS_FACTOR,
        _ => 1.0,
    }
}

fn kind_label(kind: NameKind) -> &'static str {
    match kind {
        NameKind::Primary => "primary",
        NameKind::Alias => "alias",
        NameKind::WeakAlias => "weak alias",
        NameKind::Former => "former",
        NameKind::OriginalScript => "original-script",
    }
}

/// Compares a query date with the listed dates at the shared precision:
/// the best agreement wins; a conflict only when every listed date
/// disagrees on the year.
fn birth_date_feature(query: &str, listed: &[String]) -> Option<(f64, f64, String)> {
    let query = parse_date(query)?;
    let mut best: Option<(f64, f64, String)> = None;
    let mut any = false;
    for text in listed {
        let Some(date) = parse_date(text) else {
            continue;
        };
        any = true;
        if date.0 != query.0 {
            continue;
        }
        let (weight, level) = match (query.1, date.1, query.2, date.2) {
            (Some(qm), Some(lm), Some(qd), Some(ld)) if qm == lm && qd == ld => {
                (BIRTH_DAY_WEIGHT, "day")
            }
            (Some(qm), Some(lm), _, _) if qm == lm => (BIRTH_MONTH_WEIGHT, "month"),
            (Some(_), Some(_), _, _) => continue,
            _ => (BIRTH_YEAR_WEIGHT, "year"),
        };
        if best.as_ref().is_none_or(|current| weight > current.1) {
            best = Some((
                1.0,
                weight,
                format!("birth date {text} agrees to the {level}"),
            ));
        }
    }
    if best.is_none() && any {
        return Some((
            -1.0,
            BIRTH_CONFLICT_WEIGHT,
            format!("birth date differs from {listed:?}"),
        ));
    }
    best
}

/// "1952", "1952-10" or "1952-10-07" as (year, month, day).
fn parse_date(text: &str) -> Option<(u32, Option<u32>, Option<u32>)> {
    let mut parts = text.trim().split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next().and_then(|part| part.parse().ok());
    let day = parts.next().and_then(|part| part.parse().ok());
    Some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_dates() {
        let listed = vec!["1952-10-07".to_string(), "1953".to_string()];
        assert_eq!(
            birth_date_feature("1952-10-07", &listed).map(|f| f.1),
            Some(BIRTH_DAY_WEIGHT)
        );
        assert_eq!(
            birth_date_feature("1952-10", &listed).map(|f| f.1),
            Some(BIRTH_MONTH_WEIGHT)
        );
        assert_eq!(
            birth_date_feature("1953-01-01", &listed).map(|f| f.1),
            Some(BIRTH_YEAR_WEIGHT)
        );
        assert_eq!(birth_date_feature("1960", &listed).map(|f| f.0), Some(-1.0));
        assert_eq!(
            birth_date_feature("1952-11-07", &listed[..1]).map(|f| f.0),
            Some(-1.0)
        );
        assert_eq!(birth_date_feature("garbage", &listed), None);
        assert_eq!(birth_date_feature("1952", &[]), None);
    }
}
