//! Pair comparison: align tokens, run the feature registry, sum the
//! contributions into a 0..=1 score with an explanation.

use std::sync::LazyLock;

use crate::Schema;
use crate::align::{AlignedPair, Alignment, MatchKind, align};
use crate::features::{Feature, FeatureContribution, PairContext, default_features};
use crate::prepared::NameQuery;
use crate::tokens::TokenClass;
use crate::translit::Script;

/// Tunable weights and the decision threshold. Start from
/// [`MatchConfig::default`] and change fields.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MatchConfig {
    /// Score at or above which a pair is a match.
    ///
    /// The default, 0.45, was calibrated on the dev pairs in `shared/eval`
    /// with `examples/eval_pairs.rs --half odd --sweep`, using only the pairs
    /// on odd-numbered lines of the files: name_bench F1 is at its maximum
    /// (0.911) for thresholds 0.45–0.47 while sanctions-alias precision
    /// stays ≥ 0.99 throughout, and the lowest threshold of that plateau was
    /// taken since it recalls the most sanctions aliases (P 1.000 / R 0.607).
    /// Held-out even lines: name_bench F1 0.914, sanctions P 0.998 / R 0.614.
    /// Below 0.45 name_bench F1 drops to 0.900. Scores are a weighted token
    /// overlap minus penalties, not probabilities, so the peer's 0.70 does
    /// not transfer.
    pub threshold: f64,
    /// Weight of the penalty when numbers differ.
    pub number_mismatch_weight: f64,
    /// Weight of legal-form agreement (small).
    pub legal_form_weight: f64,
    /// Weight of different commercial legal-form families (AG vs GmbH).
    pub legal_form_family_weight: f64,
    /// Weight of a commercial vs non-profit/state legal-form conflict.
    pub legal_form_conflict_weight: f64,
    /// Weight of the penalty for incompatible schemata (Person vs Company).
    pub schema_mismatch_weight: f64,
    /// Weight of the penalty for disjoint countries.
    pub country_mismatch_weight: f64,
    /// Weight of the penalty for shuffled person-name parts.
    pub order_weight: f64,
    /// Factor applied to unmatched middle names when the shorter person
    /// name is fully covered (0 = ignore them, 1 = count fully).
    pub optional_middle_name_factor: f64,
    /// Weight of the penalty when both person names keep an unmatched part.
    pub person_conflict_weight: f64,
    /// Weight of the penalty when both organisation names keep an unmatched
    /// distinctive word.
    pub organisation_conflict_weight: f64,
    /// Weight of the penalty when a name part is the father's name (after
    /// bin/ibn) on one side only.
    pub kinship_swap_weight: f64,
    /// Factor on the overlap of organisation names that share only generic
    /// words.
    pub generic_only_factor: f64,
    /// Factor on the overlap of a one-part person name against a name of
    /// three or more parts.
    pub mononym_factor: f64,
    /// Factor on the overlap when a one-part person name matches only the
    /// given name of a longer name.
    pub given_name_only_factor: f64,
    /// Weight of the penalty for distinctive words on one side only of
    /// organisation names that otherwise align.
    pub extra_distinctive_weight: f64,
    /// Weight of the penalty for a place name on one side only.
    pub extra_place_weight: f64,
    /// Weight of the penalty for two different patronymics.
    pub patronymic_conflict_weight: f64,
    /// Similarity given to an untransliterable brand slot in a cross-script
    /// pair (see [`MatchKind::BrandSlot`]).
    pub brand_slot_similarity: f64,
}

impl Default for MatchConfig {
    fn default() -> MatchConfig {
        MatchConfig {
            threshold: 0.45,
            number_mismatch_weight: 0.4,
            legal_form_weight: 0.04,
            legal_form_family_weight: 1.0,
            legal_form_conflict_weight: 0.5,
            schema_mismatch_weight: 0.6,
            country_mismatch_weight: 0.1,
            order_weight: 0.12,
            optional_middle_name_factor: 0.3,
            person_conflict_weight: 0.6,
            organisation_conflict_weight: 0.25,
            brand_slot_similarity: 0.6,
            patronymic_conflict_weight: 0.5,
            extra_place_weight: 0.35,
            generic_only_factor: 0.75,
            mononym_factor: 0.9,
            given_name_only_factor: 0.8,
            extra_distinctive_weight: 0.6,
            kinship_swap_weight: 0.6,
        }
    }
}

/// A token (group) on each side and how they matched.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenAlignment {
    /// Left token(s), space-joined.
    pub left: String,
    /// Right token(s), space-joined.
    pub right: String,
    /// Similarity in 0..=1.
    pub similarity: f64,
    /// How they matched.
    pub kind: MatchKind,
}

/// The result of comparing two names, with its explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Score in 0..=1.
    pub score: f64,
    /// Whether `score >= config.threshold`.
    pub is_match: bool,
    /// Every applicable feature's contribution.
    pub features: Vec<FeatureContribution>,
    /// The token alignment.
    pub alignment: Vec<TokenAlignment>,
}

static FEATURES: LazyLock<Vec<Box<dyn Feature>>> = LazyLock::new(default_features);

/// Compares two names.
///
/// ```
/// use chokepoint_screening::{compare, MatchConfig, NameQuery, Schema};
/// let config = MatchConfig::default();
/// let left = NameQuery::new("ООО \"Ромашка\"", Schema::Company);
/// let right = NameQuery::new("Romashka LLC", Schema::Company);
/// assert!(compare(&left, &right, &config).is_match);
/// ```
pub fn compare(left: &NameQuery, right: &NameQuery, config: &MatchConfig) -> Comparison {
    compare_readings(left, right, config, true)
}

/// The score [`compare`] gives, without writing explanations: for ranking
/// many candidates, of which only the few returned are explained.
///
/// ```
/// use chokepoint_screening::{compare, compare_score, MatchConfig, NameQuery, Schema};
/// let config = MatchConfig::default();
/// let left = NameQuery::new("Acme Trading", Schema::Company);
/// let right = NameQuery::new("ACME Trading Co.", Schema::Company);
/// assert_eq!(compare_score(&left, &right, &config), compare(&left, &right, &config).score);
/// ```
pub fn compare_score(left: &NameQuery, right: &NameQuery, config: &MatchConfig) -> f64 {
    compare_readings(left, right, config, false).score
}

/// The best comparison over the readings (variants) of each name.
fn compare_readings(
    left: &NameQuery,
    right: &NameQuery,
    config: &MatchConfig,
    explain: bool,
) -> Comparison {
    let mut best = compare_one(left, right, config, explain);
    if left.variants().is_empty() && right.variants().is_empty() {
        return best;
    }
    let lefts = std::iter::once(left).chain(left.variants());
    for left_option in lefts {
        let rights = std::iter::once(right).chain(right.variants());
        for right_option in rights {
            if std::ptr::eq(left_option, left) && std::ptr::eq(right_option, right) {
                continue;
            }
            let comparison = compare_one(left_option, right_option, config, explain);
            if comparison.score > best.score {
                best = comparison;
            }
        }
    }
    best
}

/// Compares one reading of each name; the alignment and the features'
/// sentences are written out only when `explain`.
fn compare_one(
    left: &NameQuery,
    right: &NameQuery,
    config: &MatchConfig,
    explain: bool,
) -> Comparison {
    let is_person = left.schema() == Schema::Person || right.schema() == Schema::Person;
    let mut alignment = align(left.prepared(), right.prepared(), is_person);
    add_brand_slot(left, right, &mut alignment, config);
    let context = PairContext {
        left,
        right,
        alignment: &alignment,
        is_person,
        config,
        explain,
    };
    let features: Vec<FeatureContribution> = FEATURES
        .iter()
        .filter_map(|feature| feature.score(&context))
        .collect();
    let score = features
        .iter()
        .map(|feature| feature.value * feature.weight)
        .sum::<f64>()
        .clamp(0.0, 1.0);
    let token_alignment = if explain {
        alignment
            .pairs
            .iter()
            .map(|pair| TokenAlignment {
                left: join_tokens(left, pair.left.clone()),
                right: join_tokens(right, pair.right.clone()),
                similarity: pair.similarity,
                kind: pair.kind,
            })
            .collect()
    } else {
        Vec::new()
    };
    Comparison {
        score,
        is_match: score >= config.threshold,
        features,
        alignment: token_alignment,
    }
}

/// The best of several names of one candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct BestName {
    /// Index of the best name in the candidate's list.
    pub index: usize,
    /// Its comparison.
    pub comparison: Comparison,
}

/// Compares a query with every name of a candidate (same schema, no
/// countries) and returns the best-scoring one; `None` for no names.
pub fn compare_names(
    query: &NameQuery,
    candidate_names: &[&str],
    config: &MatchConfig,
) -> Option<BestName> {
    let candidates: Vec<NameQuery> = candidate_names
        .iter()
        .map(|name| NameQuery::new(name, query.schema()))
        .collect();
    compare_best(query, &candidates, config)
}

/// Like [`compare_names`] with prepared candidate names (schema and
/// countries of each), as the index keeps them.
pub fn compare_best(
    query: &NameQuery,
    candidates: &[NameQuery],
    config: &MatchConfig,
) -> Option<BestName> {
    let mut best: Option<BestName> = None;
    for (index, candidate) in candidates.iter().enumerate() {
        let comparison = compare(query, candidate, config);
        if best
            .as_ref()
            .is_none_or(|current| comparison.score > current.comparison.score)
        {
            best = Some(BestName { index, comparison });
        }
    }
    best
}

fn join_tokens(query: &NameQuery, range: std::ops::Range<usize>) -> String {
    let tokens = query.prepared().tokens();
    tokens
        .get(range)
        .unwrap_or_default()
        .iter()
        .map(|token| token.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// In a Han ↔ Latin pair, a brand is often not a transliteration
/// (海康威视 ↔ Hikvision). When exactly one run of unaligned Han syllables
/// and exactly one run of unaligned distinctive Latin tokens sit in the
/// same slot between aligned anchors, and a distinctive anchor aligned,
/// the two runs are aligned with a reduced similarity.
fn add_brand_slot(
    left: &NameQuery,
    right: &NameQuery,
    alignment: &mut Alignment,
    config: &MatchConfig,
) {
    let left_han = left
        .prepared()
        .tokens()
        .iter()
        .any(|token| token.script == Script::Han);
    let right_han = right
        .prepared()
        .tokens()
        .iter()
        .any(|token| token.script == Script::Han);
    if left_han == right_han || alignment.pairs.is_empty() {
        return;
    }
    let has_distinctive_anchor = alignment.pairs.iter().any(|pair| {
        left.prepared().tokens()[pair.left.clone()]
            .iter()
            .any(|token| token.class == TokenClass::Distinctive)
    });
    if !has_distinctive_anchor {
        return;
    }
    let Some(left_gap) = single_gap(&alignment.left_similarity) else {
        return;
    };
    let Some(right_gap) = single_gap(&alignment.right_similarity) else {
        return;
    };
    // A brand is a word or two of the Latin name, most of which the anchors
    // cover ("Hangzhou [Hikvision] Digital Technology"); a gap spanning most
    // of it means the names share a syllable, not a slot.
    let (latin_gap, latin_len) = if left_han {
        (right_gap.len(), right.prepared().tokens().len())
    } else {
        (left_gap.len(), left.prepared().tokens().len())
    };
    if latin_gap > 2 || 2 * latin_gap > latin_len {
        return;
    }
    // Same slot: the aligned pairs before each gap are the same pairs.
    let before = |pair: &AlignedPair| pair.left.end <= left_gap.start;
    let before_right = |pair: &AlignedPair| pair.right.end <= right_gap.start;
    if !alignment
        .pairs
        .iter()
        .all(|pair| before(pair) == before_right(pair))
    {
        return;
    }
    // The brand's pinyin and its Latin spelling still sound alike: same
    // first letter, and half the shorter consonant skeleton in order in
    // the other ("hai kang wei shi" and "hikvision"; not "jing hua" and "biguang").
    let gap_text = |query: &NameQuery, gap: &std::ops::Range<usize>| -> String {
        query.prepared().tokens()[gap.clone()]
            .iter()
            .map(|token| token.text.as_str())
            .collect()
    };
    if !sounds_alike(&gap_text(left, &left_gap), &gap_text(right, &right_gap)) {
        return;
    }
    let similarity = config.brand_slot_similarity;
    alignment.left_similarity[left_gap.clone()].fill(similarity);
    alignment.right_similarity[right_gap.clone()].fill(similarity);
    alignment.pairs.push(AlignedPair {
        left: left_gap,
        right: right_gap,
        similarity,
        kind: MatchKind::BrandSlot,
    });
    alignment.pairs.sort_by_key(|pair| pair.left.start);
}

/// Same first letter, and the longest common subsequence of the consonant
/// skeletons covers at least half of the shorter one.
fn sounds_alike(left: &str, right: &str) -> bool {
    let consonants = |text: &str| -> Vec<u8> {
        text.bytes()
            .filter(|b| b.is_ascii_alphabetic() && !b"aeiouy".contains(b))
            .collect()
    };
    if left.bytes().next() != right.bytes().next() {
        return false;
    }
    let (a, b) = (consonants(left), consonants(right));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            table[i][j] = if a[i - 1] == b[j - 1] {
                table[i - 1][j - 1] + 1
            } else {
                table[i - 1][j].max(table[i][j - 1])
            };
        }
    }
    2 * table[a.len()][b.len()] >= a.len().min(b.len())
}

/// The one contiguous run of unaligned tokens, if there is exactly one.
fn single_gap(similarity: &[f64]) -> Option<std::ops::Range<usize>> {
    let start = similarity.iter().position(|sim| *sim == 0.0)?;
    let len = similarity[start..]
        .iter()
        .take_while(|sim| **sim == 0.0)
        .count();
    let end = start + len;
    if similarity[end..].contains(&0.0) {
        return None;
    }
    Some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_input_gives_a_bounded_score(
            left in "\\PC{0,60}",
            right in "[a-zA-Z0-9 .,()'&-]{0,60}",
            person in any::<bool>(),
        ) {
            let schema = if person { Schema::Person } else { Schema::Company };
            let config = MatchConfig::default();
            let comparison = compare(&NameQuery::new(&left, schema), &NameQuery::new(&right, schema), &config);
            prop_assert!((0.0..=1.0).contains(&comparison.score));
            prop_assert_eq!(comparison.is_match, comparison.score >= config.threshold);
            let score_only = compare_score(&NameQuery::new(&left, schema), &NameQuery::new(&right, schema), &config);
            prop_assert_eq!(score_only, comparison.score);
        }
    }

    #[test]
    fn long_and_empty_names_do_not_panic() {
        let config = MatchConfig::default();
        let long = "Alpha Beta Gamma Delta ".repeat(200);
        let long_query = NameQuery::new(&long, Schema::Company);
        assert!(compare(&long_query, &long_query, &config).is_match);
        for text in ["", " ", "()", "...", "Co. Ltd.", "(ECI)"] {
            let query = NameQuery::new(text, Schema::Unknown);
            let score = compare(&query, &long_query, &config).score;
            assert!((0.0..=1.0).contains(&score), "{text:?}");
        }
    }

    fn score(left: &str, right: &str, schema: Schema) -> f64 {
        let config = MatchConfig::default();
        compare(
            &NameQuery::new(left, schema),
            &NameQuery::new(right, schema),
            &config,
        )
        .score
    }

    #[test]
    fn identical_is_one() {
        assert_eq!(score("Siemens AG", "SIEMENS AG", Schema::Company), 1.0);
        assert_eq!(score("Co. Ltd.", "CO LTD", Schema::Company), 1.0);
    }

    #[test]
    fn schema_mismatch_lowers() {
        let config = MatchConfig::default();
        let person = NameQuery::new("John Smith", Schema::Person);
        let company = NameQuery::new("John Smith", Schema::Company);
        assert!(!compare(&person, &company, &config).is_match);
    }

    #[test]
    fn country_mismatch_lowers() {
        let config = MatchConfig::default();
        let left = NameQuery::new("Acme Trading", Schema::Company).with_countries(["RU"]);
        let right = NameQuery::new("Acme Trading", Schema::Company).with_countries(["CN"]);
        let same = NameQuery::new("Acme Trading", Schema::Company).with_countries(["RUS"]);
        assert!(compare(&left, &right, &config).score < compare(&left, &same, &config).score);
    }

    #[test]
    fn best_name() {
        let config = MatchConfig::default();
        let query = NameQuery::new("Vladimir Putin", Schema::Person);
        let best = compare_names(&query, &["Dmitry Medvedev", "Владимир Путин"], &config);
        assert_eq!(best.map(|best| best.index), Some(1));
        assert!(compare_names(&query, &[], &config).is_none());
    }
}
