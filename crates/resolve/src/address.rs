//! Address comparison: token overlap after normalisation.
//!
//! Shipment addresses are free text in any order and abbreviation; the same
//! firm's records carry the same address with small variations. We compare
//! token sets (Jaccard) after folding case and punctuation and expanding a
//! few typed-in abbreviations, and require every number of the shorter
//! address to appear in the longer one: house, office and postal numbers are
//! what tells two neighbours apart.

use std::collections::BTreeSet;

use chokepoint_screening::normalize;

/// Abbreviations folded to one form (facts typed in by us).
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("rd", "road"),
    ("st", "street"),
    ("str", "street"),
    ("ave", "avenue"),
    ("av", "avenue"),
    ("blvd", "boulevard"),
    ("bldg", "building"),
    ("ul", "ulitsa"),
    ("pr", "prospekt"),
    ("pr-t", "prospekt"),
    ("off", "office"),
    ("fl", "floor"),
    ("rm", "room"),
    ("no", ""),
    ("nr", ""),
];

/// Normalised address tokens: lowercase Latin text, abbreviations expanded,
/// "No." markers dropped.
pub fn normalize_address(address: &str) -> Vec<String> {
    normalize(address)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|token| !token.is_empty())
        .filter_map(
            |token| match ABBREVIATIONS.iter().find(|(short, _)| *short == token) {
                Some((_, "")) => None,
                Some((_, long)) => Some((*long).to_string()),
                None => Some(token.to_string()),
            },
        )
        .collect()
}

/// Similarity of two addresses in 0..=1: the Jaccard overlap of their
/// token sets, or 0 when a number of the shorter address is missing from
/// the longer one.
pub fn address_similarity(left: &[String], right: &[String]) -> f64 {
    let left: BTreeSet<&str> = left.iter().map(String::as_str).collect();
    let right: BTreeSet<&str> = right.iter().map(String::as_str).collect();
    if left.is_empty() || right.is_empty() {
        return 0.0;
    }
    let (short, long) = if left.len() <= right.len() {
        (&left, &right)
    } else {
        (&right, &left)
    };
    let has_digit = |token: &str| token.chars().any(|c| c.is_ascii_digit());
    if short
        .iter()
        .any(|&token| has_digit(token) && !long.contains(token))
    {
        return 0.0;
    }
    let shared = left.intersection(&right).count();
    shared as f64 / (left.len() + right.len() - shared) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(a: &str, b: &str) -> f64 {
        address_similarity(&normalize_address(a), &normalize_address(b))
    }

    #[test]
    fn same_address_in_other_words_is_similar() {
        assert_eq!(
            sim("No. 9 Lugu Avenue, Changsha", "9 LUGU AVE CHANGSHA"),
            1.0
        );
        assert!(
            sim(
                "ul. Malysheva 51, office 1108, Yekaterinburg",
                "Malysheva st 51 off 1108 Yekaterinburg"
            ) > 0.6
        );
    }

    #[test]
    fn a_different_number_is_a_different_address() {
        assert_eq!(
            sim("Chui Avenue 155, Bishkek", "Chui Avenue 157, Bishkek"),
            0.0
        );
        assert!(sim("Dostyk Avenue 210, Almaty", "Al-Farabi Avenue 77/8, Almaty") < 0.3);
        assert_eq!(sim("", "Chui Avenue 155"), 0.0);
    }
}
