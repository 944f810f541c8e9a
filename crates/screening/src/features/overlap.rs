//! The main feature: weighted token overlap.

use super::{Feature, FeatureContribution, PairContext};
use crate::tokens::{Token, TokenClass};

/// Weighted share of tokens that align, both sides together (a weighted
/// Dice coefficient), with optional person-name parts discounted.
pub struct TokenOverlap;

impl Feature for TokenOverlap {
    fn name(&self) -> &'static str {
        "token_overlap"
    }

    fn score(&self, context: &PairContext<'_>) -> Option<FeatureContribution> {
        let left = context.left.prepared().tokens();
        let right = context.right.prepared().tokens();
        let alignment = context.alignment;
        let (left_matched, left_total) = side_mass(left, &alignment.left_similarity);
        let (right_matched, right_total) = side_mass(right, &alignment.right_similarity);
        let mut left_total = left_total;
        let mut right_total = right_total;
        if context.is_person {
            // Middle names are optional when the shorter name is fully
            // covered by at least two distinctive parts.
            let factor = context.config.optional_middle_name_factor;
            let left_full = fully_covered(left, &alignment.left_similarity);
            let right_full = fully_covered(right, &alignment.right_similarity);
            if left_full && n_matched_distinctive(left, &alignment.left_similarity) >= 2 {
                right_total -=
                    unmatched_weight(right, &alignment.right_similarity) * (1.0 - factor);
            }
            if right_full && n_matched_distinctive(right, &alignment.right_similarity) >= 2 {
                left_total -= unmatched_weight(left, &alignment.left_similarity) * (1.0 - factor);
            }
        }
        let total = left_total + right_total;
        let left_compact = context.left.prepared().compact();
        if !left_compact.is_empty() && left_compact == context.right.prepared().compact() {
            return context.contribution(self.name(), 1.0, 1.0, || {
                "same letters and digits, spacing differs".to_string()
            });
        }
        let mut value = if total <= 0.0 {
            let same =
                context.left.prepared().normalized() == context.right.prepared().normalized();
            if same { 1.0 } else { 0.0 }
        } else {
            ((left_matched + right_matched) / total).clamp(0.0, 1.0)
        };
        // Organisation names that agree only on generic words ("China
        // Construction Trust" vs "China Construction Bank") agree on little.
        if !context.is_person
            && value < 1.0
            && !matched_distinctive(left, &alignment.left_similarity)
            && !matched_distinctive(right, &alignment.right_similarity)
        {
            value *= context.config.generic_only_factor;
            // ...and less still when one of them names something specific
            // the other lacks ("Hong Kong Tianrui Electronics" vs "Hong
            // Kong Electronics").
            if has_unmatched_distinctive(left, &alignment.left_similarity)
                || has_unmatched_distinctive(right, &alignment.right_similarity)
            {
                value *= context.config.generic_only_factor;
            }
        }
        // One name part against a full name ("Shamsuddin" vs "Shamsuddin
        // Mohammed Haqqani") is weak evidence.
        if context.is_person && is_mononym_against_full(left, right) {
            value *= context.config.mononym_factor;
        }
        // One name part that is only the other name's given name ("Michaela"
        // vs "Michelle Obama") names nobody in particular.
        if context.is_person
            && (given_name_only(left, right, &alignment.right_similarity)
                || given_name_only(right, left, &alignment.left_similarity))
        {
            value *= context.config.given_name_only_factor;
        }
        // Initials alone ("N. N.") say little about who is meant.
        if context.is_person
            && (only_initials_matched(left, &alignment.left_similarity)
                || only_initials_matched(right, &alignment.right_similarity))
        {
            value *= 0.5;
        }
        let n_pairs = alignment.pairs.len();
        context.contribution(self.name(), value, 1.0, || {
            format!(
                "{n_pairs} aligned token group(s); weighted coverage left {:.2}, right {:.2}",
                ratio(left_matched, left_total),
                ratio(right_matched, right_total)
            )
        })
    }
}

fn is_mononym_against_full(left: &[Token], right: &[Token]) -> bool {
    let parts = |tokens: &[Token]| {
        tokens
            .iter()
            .filter(|token| !matches!(token.class, TokenClass::Particle | TokenClass::Title))
            .count()
    };
    let (left_parts, right_parts) = (parts(left), parts(right));
    (left_parts == 1 && right_parts >= 3) || (right_parts == 1 && left_parts >= 3)
}

/// Whether `single` has one name part and it aligns only with the first
/// part of the longer `other` name.
fn given_name_only(single: &[Token], other: &[Token], other_similarity: &[f64]) -> bool {
    let parts = |tokens: &[Token]| {
        tokens
            .iter()
            .filter(|token| !matches!(token.class, TokenClass::Particle | TokenClass::Title))
            .count()
    };
    parts(single) == 1
        && parts(other) >= 2
        && other_similarity.first().is_some_and(|sim| *sim > 0.0)
        && other_similarity[1..].iter().all(|sim| *sim == 0.0)
}

fn matched_distinctive(tokens: &[Token], similarity: &[f64]) -> bool {
    tokens
        .iter()
        .zip(similarity)
        .any(|(token, sim)| *sim > 0.0 && token.class == TokenClass::Distinctive)
}

fn has_unmatched_distinctive(tokens: &[Token], similarity: &[f64]) -> bool {
    tokens.iter().zip(similarity).any(|(token, sim)| {
        *sim == 0.0 && !token.optional && token.class == TokenClass::Distinctive
    })
}

fn only_initials_matched(tokens: &[Token], similarity: &[f64]) -> bool {
    let mut matched = tokens
        .iter()
        .zip(similarity)
        .filter(|(_, sim)| **sim > 0.0)
        .peekable();
    matched.peek().is_some() && matched.all(|(token, _)| token.class == TokenClass::Initial)
}

fn ratio(part: f64, total: f64) -> f64 {
    if total > 0.0 {
        (part / total).min(1.0)
    } else {
        0.0
    }
}

fn side_mass(tokens: &[Token], similarity: &[f64]) -> (f64, f64) {
    let mut matched = 0.0;
    let mut total = 0.0;
    for (token, sim) in tokens.iter().zip(similarity) {
        matched += token.weight * sim;
        total += token.weight;
    }
    (matched, total)
}

fn fully_covered(tokens: &[Token], similarity: &[f64]) -> bool {
    tokens
        .iter()
        .zip(similarity)
        .all(|(token, sim)| *sim > 0.0 || token.class != TokenClass::Distinctive)
}

fn n_matched_distinctive(tokens: &[Token], similarity: &[f64]) -> usize {
    tokens
        .iter()
        .zip(similarity)
        .filter(|(token, sim)| **sim > 0.0 && token.class == TokenClass::Distinctive)
        .count()
}

fn unmatched_weight(tokens: &[Token], similarity: &[f64]) -> f64 {
    tokens
        .iter()
        .zip(similarity)
        .filter(|(_, sim)| **sim == 0.0)
        .map(|(token, _)| token.weight)
        .sum()
}
