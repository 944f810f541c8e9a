//! Penalties for evidence of two different entities: shuffled or swapped
//! name parts, conflicting words, extra places or distinctive words,
//! different patronymics.

use super::{Feature, FeatureContribution, PairContext};
use crate::align::MatchKind;
use crate::prepared::NameQuery;
use crate::tokens::{Token, TokenClass};

/// Person names may be written in any order, but a shuffle that is not a
/// simple rotation ("Salman bin Muhammad" vs "Muhammad bin Salman")
/// suggests different people.
pub struct PersonTokenOrder;

impl Feature for PersonTokenOrder {
    fn name(&self) -> &'static str {
        "token_order"
    }

    fn score(&self, context: &PairContext<'_>) -> Option<FeatureContribution> {
        if !context.is_person {
            return None;
        }
        let order: Vec<usize> = context
            .alignment
            .pairs
            .iter()
            .filter(|pair| pair.kind != MatchKind::BrandSlot)
            .map(|pair| pair.right.start)
            .collect();
        if let Some(explanation) = kinship_swap(context) {
            return context.contribution(
                self.name(),
                -1.0,
                context.config.kinship_swap_weight,
                || explanation,
            );
        }
        if order.len() < 3 || is_rotation(&order) {
            return None;
        }
        context.contribution(self.name(), -1.0, context.config.order_weight, || {
            "aligned name parts are shuffled, not just rotated".to_string()
        })
    }
}

/// In "Salman bin Muhammad" the word after "bin" names the father. When a
/// name part follows bin/ibn/ben/bint on one side and aligns with a part
/// that does not on the other, the roles are swapped.
fn kinship_swap(context: &PairContext<'_>) -> Option<String> {
    let left = context.left.prepared().tokens();
    let right = context.right.prepared().tokens();
    let is_kin = |tokens: &[Token], idx: usize| {
        idx > 0
            && matches!(
                tokens[idx - 1].text.as_str(),
                "bin" | "ibn" | "ben" | "bint" | "binti" | "ould"
            )
    };
    let has_kin = |tokens: &[Token]| (1..tokens.len()).any(|idx| is_kin(tokens, idx));
    if !has_kin(left) || !has_kin(right) {
        return None;
    }
    for pair in &context.alignment.pairs {
        if pair.left.len() != 1 || pair.right.len() != 1 {
            continue;
        }
        let (left_idx, right_idx) = (pair.left.start, pair.right.start);
        if left[left_idx].class == TokenClass::Particle {
            continue;
        }
        if is_kin(left, left_idx) != is_kin(right, right_idx) {
            return Some(format!(
                "`{}` names the father on one side only (bin/ibn roles swapped)",
                left[left_idx].text
            ));
        }
    }
    None
}

fn is_rotation(order: &[usize]) -> bool {
    let n_descents = order.windows(2).filter(|pair| pair[1] < pair[0]).count();
    n_descents == 0 || (n_descents == 1 && order.last() < order.first())
}

/// Each side has a distinctive part the other lacks ("Mostafa Hassan
/// Ibrahim" vs "Mostafa Kamel Ibrahim"): a sign of two different entities.
pub struct ConflictingTokens;

impl Feature for ConflictingTokens {
    fn name(&self) -> &'static str {
        "conflicting_tokens"
    }

    fn score(&self, context: &PairContext<'_>) -> Option<FeatureContribution> {
        let is_person = context.is_person;
        let left = unmatched_distinctive(
            context.left.prepared().tokens(),
            &context.alignment.left_similarity,
            is_person,
        );
        let right = unmatched_distinctive(
            context.right.prepared().tokens(),
            &context.alignment.right_similarity,
            is_person,
        );
        if left.is_empty() || right.is_empty() {
            return None;
        }
        // Han against Latin: a brand is rarely a transliteration; where the
        // brand slot (see `compare`) accepted the unmatched words as one
        // brand, they do not conflict. Where it did not (they do not even
        // sound alike), they do, at the cross-script half penalty.
        let has_han = |query: &NameQuery| {
            query
                .prepared()
                .tokens()
                .iter()
                .any(|token| token.script == crate::translit::Script::Han)
        };
        let brand_slot = context
            .alignment
            .pairs
            .iter()
            .any(|pair| pair.kind == crate::align::MatchKind::BrandSlot);
        if has_han(context.left) != has_han(context.right) && brand_slot {
            return None;
        }
        // Across scripts an unmatched pair is often a transliteration the
        // keys did not catch: half the penalty.
        // Han brands were already compared as pinyin and by sound (above).
        let cross_script = context.left.prepared().has_non_latin()
            != context.right.prepared().has_non_latin()
            && has_han(context.left) == has_han(context.right);
        let weight = if context.is_person {
            context.config.person_conflict_weight
        } else {
            context.config.organisation_conflict_weight
        };
        // A near miss (Zayb/Zeb, Artem/Artsiom) is a spelling variant the
        // aligner did not accept, not a conflict: grade by the closest pair.
        let closest = left
            .iter()
            .flat_map(|a| right.iter().map(move |b| (a, b)))
            .fold(0.0f64, |closest, (a, b)| {
                closeness(a, b, closest).max(closest)
            });
        let mut value = -((CONFLICT_FREE_SIMILARITY - closest) / CONFLICT_RANGE).clamp(0.0, 1.0);
        // Generic words against generic words ("Group" vs "International")
        // are weaker evidence than distinctive ones.
        let all_generic = left
            .iter()
            .chain(&right)
            .all(|token| token.class == TokenClass::Generic);
        if all_generic || cross_script {
            value *= 0.5;
        }
        // Different family names (the last parts, both unmatched) always
        // count a little, however alike (Ronaldinho/Ronaldo).
        if context.is_person
            && context.alignment.left_similarity.last() == Some(&0.0)
            && context.alignment.right_similarity.last() == Some(&0.0)
        {
            value = value.min(-FAMILY_NAME_CONFLICT);
        }
        let names = |tokens: &[&Token]| {
            tokens
                .iter()
                .map(|token| token.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        context.contribution(self.name(), value, weight, || {
            format!(
                "unmatched on both sides: {} vs {} (closest similarity {closest:.2})",
                names(&left),
                names(&right)
            )
        })
    }
}

/// A place only one organisation name has ("Banco Santander" vs "Banco
/// Santander Chile") marks a subsidiary or branch, not the same entity.
pub struct ExtraPlace;

impl Feature for ExtraPlace {
    fn name(&self) -> &'static str {
        "extra_place"
    }

    fn score(&self, context: &PairContext<'_>) -> Option<FeatureContribution> {
        if context.is_person {
            return None;
        }
        // "Post Bank of Iran" is the Post Bank; "Banco Santander Chile" is a
        // subsidiary: a place after "of"/"in"/"de" does not count.
        let place = |tokens: &[Token], similarity: &[f64]| -> Option<String> {
            tokens
                .iter()
                .zip(similarity)
                .enumerate()
                .filter(|(idx, _)| {
                    *idx == 0
                        || !matches!(
                            tokens[idx - 1].text.as_str(),
                            "of" | "in" | "de" | "del" | "du" | "des"
                        )
                })
                .map(|(_, pair)| pair)
                .find(|(token, sim)| **sim == 0.0 && token.is_place)
                .map(|(token, _)| token.text.clone())
        };
        let left = place(
            context.left.prepared().tokens(),
            &context.alignment.left_similarity,
        );
        let right = place(
            context.right.prepared().tokens(),
            &context.alignment.right_similarity,
        );
        let extra = left.or(right)?;
        if context.alignment.pairs.is_empty() {
            return None;
        }
        context.contribution(self.name(), -1.0, context.config.extra_place_weight, || {
            format!("place `{extra}` on one side only")
        })
    }
}

/// A registered organisation name fully contained in a longer one that adds
/// a distinctive word ("Siemens AG" vs "Siemens Energy AG") names another
/// entity of the same group.
pub struct ExtraDistinctive;

impl Feature for ExtraDistinctive {
    fn name(&self) -> &'static str {
        "extra_distinctive"
    }

    fn score(&self, context: &PairContext<'_>) -> Option<FeatureContribution> {
        // Only between two full registered names (each with a legal form):
        // a short alias without one ("Mbada" for "Mbada Diamonds Ltd") is a
        // brand, not another registration.
        if context.is_person
            || context.alignment.pairs.is_empty()
            || context.left.prepared().legal_forms().is_empty()
            || context.right.prepared().legal_forms().is_empty()
        {
            return None;
        }
        let extra = |tokens: &[Token], similarity: &[f64]| -> Vec<String> {
            tokens
                .iter()
                .zip(similarity)
                .filter(|(token, sim)| {
                    **sim == 0.0 && !token.optional && token.class == TokenClass::Distinctive
                })
                .map(|(token, _)| token.text.clone())
                .collect()
        };
        let left = extra(
            context.left.prepared().tokens(),
            &context.alignment.left_similarity,
        );
        let right = extra(
            context.right.prepared().tokens(),
            &context.alignment.right_similarity,
        );
        let (words, tokens) = match (left.is_empty(), right.is_empty()) {
            (true, false) => (right, context.right.prepared().tokens()),
            (false, true) => (left, context.left.prepared().tokens()),
            _ => return None,
        };
        // Graded by the share of the longer name's distinctive words that
        // the other name lacks: one of two is a lot, one of four is less.
        let n_distinctive = tokens
            .iter()
            .filter(|token| !token.optional && token.class == TokenClass::Distinctive)
            .count()
            .max(1);
        let share = words.len() as f64 / n_distinctive as f64;
        context.contribution(
            self.name(),
            -share,
            context.config.extra_distinctive_weight,
            || format!("distinctive word(s) on one side only: {}", words.join(" ")),
        )
    }
}

/// Two different patronymics (Magomedovich vs Salimovich) mean two
/// different people even when given and family names agree.
pub struct PatronymicConflict;

impl Feature for PatronymicConflict {
    fn name(&self) -> &'static str {
        "patronymic_conflict"
    }

    fn score(&self, context: &PairContext<'_>) -> Option<FeatureContribution> {
        if !context.is_person {
            return None;
        }
        let unmatched = |tokens: &'_ [Token], similarity: &[f64]| -> Vec<String> {
            tokens
                .iter()
                .zip(similarity)
                .filter(|(token, sim)| **sim == 0.0 && token.class == TokenClass::Patronymic)
                .map(|(token, _)| token.text.clone())
                .collect()
        };
        let left = unmatched(
            context.left.prepared().tokens(),
            &context.alignment.left_similarity,
        );
        let right = unmatched(
            context.right.prepared().tokens(),
            &context.alignment.right_similarity,
        );
        if left.is_empty() || right.is_empty() {
            return None;
        }
        context.contribution(
            self.name(),
            -1.0,
            context.config.patronymic_conflict_weight,
            || {
                format!(
                    "different patronymics: {} vs {}",
                    left.join(" "),
                    right.join(" ")
                )
            },
        )
    }
}

/// How close two unmatched tokens are: Jaro-Winkler on phonetic keys, but
/// two different characters of a syllabic script (高石 vs 高市) are apart
/// whatever their reading. A result at or below `floor` is only known to
/// be no higher (the keys are then not compared).
fn closeness(left: &Token, right: &Token, floor: f64) -> f64 {
    // Same non-Latin, non-Cyrillic script: the writing itself differs, and
    // in abjads and syllabaries one letter is a lot.
    if !left.original.is_empty()
        && left.script == right.script
        && left.original != right.original
        && left.script != crate::translit::Script::Cyrillic
    {
        return 0.0;
    }
    let text = strsim::jaro_winkler(&left.text, &right.text);
    if text <= floor {
        return text;
    }
    text.min(strsim::jaro_winkler(&left.key, &right.key))
}

/// Least conflict value when both family names are unmatched.
const FAMILY_NAME_CONFLICT: f64 = 0.1;

/// Closest-pair similarity at or above which unmatched tokens do not conflict.
const CONFLICT_FREE_SIMILARITY: f64 = 0.9;
/// Similarity range below that over which the conflict reaches full weight.
const CONFLICT_RANGE: f64 = 0.25;

fn unmatched_distinctive<'a>(
    tokens: &'a [Token],
    similarity: &[f64],
    is_person: bool,
) -> Vec<&'a Token> {
    tokens
        .iter()
        .zip(similarity)
        .filter(|(token, sim)| {
            **sim == 0.0
                && match token.class {
                    TokenClass::Distinctive
                    | TokenClass::CommonName
                    | TokenClass::Initial
                    | TokenClass::Patronymic => true,
                    TokenClass::Generic => !is_person,
                    _ => false,
                }
        })
        .map(|(token, _)| token)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotations() {
        assert!(is_rotation(&[0, 1, 2]));
        assert!(is_rotation(&[2, 0, 1]));
        assert!(is_rotation(&[1, 2, 0]));
        assert!(!is_rotation(&[2, 1, 0, 3]));
    }
}
