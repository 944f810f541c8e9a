//! Token alignment: pairs tokens of two prepared names by similarity,
//! including merged/split words (a token against two to four adjacent tokens
//! of the other side: "vanderbilt" ↔ "van der bilt", "hangzhou" ↔ 杭州
//! "hang" + "zhou").

use std::ops::Range;

use crate::person::{is_equivalent_given_name, is_initial_of, is_nickname_pair, is_short_form_of};
use crate::phonetic::{abjad_key, phonetic_key, skeleton};
use crate::prepared::PreparedName;
use crate::tokens::{Token, TokenClass};
use crate::translit::Script;

/// How two tokens (or token groups) were found to correspond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// Identical Latin text.
    Exact,
    /// Same phonetic key (transliteration variant).
    Phonetic,
    /// Small edit distance (typo).
    Fuzzy,
    /// Same consonant skeleton (vowel variants: Muhammad/Mohammed).
    Skeleton,
    /// An initial matching a full name part.
    Initial,
    /// A prefix short form (Ben ↔ Benjamin).
    ShortForm,
    /// One token equals several joined tokens of the other side.
    Joined,
    /// Same stem or one word ending/starting the other (organisation names:
    /// "transportation" ↔ "transporting", "changers" ↔ "exchangers").
    Stem,
    /// Equal numbers.
    Number,
    /// An acronym of several words of the other side ("PLA" ↔ "People's
    /// Liberation Army").
    Acronym,
    /// An untransliterable part between aligned anchors of a cross-script
    /// pair (a brand written differently in each script).
    BrandSlot,
}

impl MatchKind {
    /// Lowercase name for explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Phonetic => "phonetic",
            MatchKind::Fuzzy => "fuzzy",
            MatchKind::Skeleton => "skeleton",
            MatchKind::Initial => "initial",
            MatchKind::ShortForm => "short_form",
            MatchKind::Joined => "joined",
            MatchKind::Number => "number",
            MatchKind::Stem => "stem",
            MatchKind::Acronym => "acronym",
            MatchKind::BrandSlot => "brand_slot",
        }
    }
}

/// One aligned pair of token ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedPair {
    /// Token indices on the left.
    pub left: Range<usize>,
    /// Token indices on the right.
    pub right: Range<usize>,
    /// Similarity in 0..=1.
    pub similarity: f64,
    /// How they matched.
    pub kind: MatchKind,
}

/// The alignment of two names' tokens.
#[derive(Debug, Clone, Default)]
pub struct Alignment {
    /// Aligned pairs, in left order.
    pub pairs: Vec<AlignedPair>,
    /// Per left token: aligned similarity (0 when unaligned).
    pub left_similarity: Vec<f64>,
    /// Per right token: aligned similarity (0 when unaligned).
    pub right_similarity: Vec<f64>,
}

/// Minimum similarity for a pair to be aligned at all.
const MIN_SIMILARITY: f64 = 0.7;

/// Similarity of two single tokens and how they matched.
/// `first_names` tells that both tokens open their names (where given
/// names and their short forms stand).
pub fn token_similarity(
    left: &Token,
    right: &Token,
    is_person: bool,
    first_names: bool,
) -> Option<(f64, MatchKind)> {
    if left.class == TokenClass::Number || right.class == TokenClass::Number {
        return (left.number.is_some() && left.number == right.number)
            .then_some((1.0, MatchKind::Number));
    }
    if left.script == right.script && !left.original.is_empty() && !right.original.is_empty() {
        // Same non-Latin script: compare the original writing. In syllabic
        // scripts one different character is a different name (高市 vs 高石).
        if left.original == right.original {
            return Some((1.0, MatchKind::Exact));
        }
        if is_syllabic(&left.original) {
            return None;
        }
    }
    if left.text == right.text {
        return Some((1.0, MatchKind::Exact));
    }
    if left.key == right.key {
        return Some((0.95, MatchKind::Phonetic));
    }
    if is_person {
        if is_equivalent_given_name(&left.key, &right.key) {
            return Some((0.85, MatchKind::ShortForm));
        }
        if is_initial_of(&left.text, &right.text) || is_initial_of(&right.text, &left.text) {
            return Some((0.7, MatchKind::Initial));
        }
        if first_names
            && (is_short_form_of(&left.text, &right.text)
                || is_short_form_of(&right.text, &left.text)
                || is_nickname_pair(&left.text, &right.text))
        {
            return Some((0.75, MatchKind::ShortForm));
        }
    }
    if (left.script == Script::Arabic) != (right.script == Script::Arabic) {
        return abjad_similarity(&left.text, &right.text);
    }
    // A lone Han syllable meets Latin words only whole or joined with its
    // neighbours ("shen" + "zhen" = "shenzhen"); read as a prefix or an
    // abbreviation of a Latin word it would match half the names of China.
    if !is_person && !left.syllable && !right.syllable {
        if !left.stem.is_empty() && left.stem == right.stem {
            return Some((0.88, MatchKind::Stem));
        }
        if let Some(similarity) = compound_similarity(&left.text, &right.text) {
            return Some((similarity, MatchKind::Stem));
        }
        if is_abbreviation_of(&left.text, &right.text)
            || is_abbreviation_of(&right.text, &left.text)
        {
            return Some((0.8, MatchKind::Stem));
        }
    }
    fuzzy_similarity(
        &left.text,
        &right.text,
        &left.key,
        &right.key,
        &left.skeleton,
        &right.skeleton,
    )
}

/// Similarity of an abjad transliteration and a Latin spelling, on loose
/// consonant keys: letters that romanisations render differently are
/// folded (ض d/z, ق q/k/g, ج j/g), and the Arabic article ال may be glued
/// to the Arabic word.
fn abjad_similarity(left: &str, right: &str) -> Option<(f64, MatchKind)> {
    let left_key = loose_abjad_key(left);
    let right_key = loose_abjad_key(right);
    if left_key.len() < 2 || right_key.len() < 2 {
        return None;
    }
    let without_article = |key: &str| {
        key.strip_prefix('l')
            .filter(|rest| rest.len() >= 2)
            .map(str::to_string)
    };
    // Doubled consonants: kept ("aziz" as عزيز "zyz") or collapsed (a
    // dropped alef doubles "frnndw" for "fernando").
    let collapse = |key: &str| {
        let mut bytes = key.as_bytes().to_vec();
        bytes.dedup();
        Some(String::from_utf8(bytes).unwrap_or_default())
    };
    let mut best: Option<(f64, MatchKind)> = None;
    for (a, b) in [
        (Some(left_key.clone()), Some(right_key.clone())),
        (collapse(&left_key), collapse(&right_key)),
        (without_article(&left_key), Some(right_key.clone())),
        (Some(left_key.clone()), without_article(&right_key)),
    ] {
        let (Some(a), Some(b)) = (a, b) else { continue };
        if a.len() < 2 || b.len() < 2 {
            continue;
        }
        let similarity = if a == b {
            0.92
        } else if a.len().min(b.len()) >= 4 && osa_distance(a.as_bytes(), b.as_bytes()) <= 1 {
            0.8
        } else {
            continue;
        };
        if best.is_none_or(|(current, _)| similarity > current) {
            best = Some((similarity, MatchKind::Skeleton));
        }
    }
    best
}

fn loose_abjad_key(text: &str) -> String {
    abjad_key(text)
        .bytes()
        .map(|b| match b {
            b'z' => 'd',
            b'q' | b'g' | b'j' => 'k',
            _ => b as char,
        })
        .collect()
}

/// Whether `short` abbreviates `long` by dropping letters ("shpg" ↔
/// "shipping", "mfg" ↔ "manufacturing"): same first letter, at least three
/// letters, at most one vowel, and its letters in order within `long`.
fn is_abbreviation_of(short: &str, long: &str) -> bool {
    let short_bytes = short.as_bytes();
    if short_bytes.len() < 3
        || short_bytes.len() * 2 > long.len()
        || short_bytes.first() != long.as_bytes().first()
    {
        return false;
    }
    if short_bytes
        .iter()
        .filter(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u'))
        .count()
        > 1
    {
        return false;
    }
    let mut rest = long.bytes();
    short_bytes.iter().all(|want| rest.any(|got| got == *want))
}

/// One word is the end or the start of the other, as in compounds
/// ("exchangers" ↔ "changers"): at least five letters and 60 % of the longer.
fn compound_similarity(left: &str, right: &str) -> Option<f64> {
    let (short, long) = if left.len() <= right.len() {
        (left, right)
    } else {
        (right, left)
    };
    if short.len() < 5 || short.len() * 4 < long.len() * 3 {
        return None;
    }
    (long.ends_with(short) || long.starts_with(short)).then_some(0.75)
}

/// Han, Hangul and Kana: one character is a syllable.
fn is_syllabic(text: &str) -> bool {
    text.chars().any(|ch| {
        crate::translit::han::is_han(ch)
            || matches!(ch as u32, 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3040..=0x30FF)
    })
}

fn fuzzy_similarity(
    left_text: &str,
    right_text: &str,
    left_key: &str,
    right_key: &str,
    left_skeleton: &str,
    right_skeleton: &str,
) -> Option<(f64, MatchKind)> {
    let min_len = left_text.len().min(right_text.len());
    let max_len = left_text.len().max(right_text.len());
    if min_len < 3 || max_len > min_len * 3 / 2 + 2 {
        return None;
    }
    let allowed = allowed_edits(min_len);
    let key_allowed = allowed_edits(left_key.len().min(right_key.len()));
    // Lengths bound the distances from below: skip hopeless pairs cheaply.
    let hopeless =
        max_len - min_len > allowed + 1 && left_key.len().abs_diff(right_key.len()) > key_allowed;
    let (text_distance, key_distance) = if hopeless {
        (usize::MAX / 2, usize::MAX / 2)
    } else {
        (
            osa_distance(left_text.as_bytes(), right_text.as_bytes()),
            osa_distance(left_key.as_bytes(), right_key.as_bytes()),
        )
    };
    let text_ratio = 1.0 - text_distance as f64 / max_len as f64;
    let key_len = left_key.len().max(right_key.len()).max(1);
    let key_ratio = 1.0 - key_distance as f64 / key_len as f64;
    let mut best: Option<(f64, MatchKind)> = None;
    // The key route forgives spelling-system differences, not a different
    // ending ("orbach" is not "orban").
    let key_route = key_distance <= key_allowed
        && left_key.as_bytes().last() == right_key.as_bytes().last()
        && left_text.as_bytes().first() == right_text.as_bytes().first();
    if text_distance <= allowed || key_route {
        let ratio = text_ratio.max(key_ratio);
        if ratio >= MIN_SIMILARITY {
            best = Some((ratio.min(0.92), MatchKind::Fuzzy));
        }
    }
    if best.is_none()
        && left_skeleton.len() >= 3
        && left_skeleton == right_skeleton
        && same_onset(left_text.as_bytes()[0], right_text.as_bytes()[0])
    {
        best = Some((0.8, MatchKind::Skeleton));
    }
    best
}

/// Optimal string alignment distance (Levenshtein plus adjacent
/// transpositions) of two byte strings, without allocating for short ones.
pub fn osa_distance(left: &[u8], right: &[u8]) -> usize {
    const STACK: usize = 48;
    let n = right.len();
    if left.is_empty() || n == 0 {
        return left.len().max(n);
    }
    if n >= STACK {
        return strsim::osa_distance(
            &String::from_utf8_lossy(left),
            &String::from_utf8_lossy(right),
        );
    }
    // Three rows used in turn: copying whole rows was most of the cost.
    let mut rows = [[0u32; STACK]; 3];
    for (idx, cell) in rows[0].iter_mut().enumerate().take(n + 1) {
        *cell = idx as u32;
    }
    for i in 1..=left.len() {
        let [two_ago, previous, current] = rotate(&mut rows, i);
        current[0] = i as u32;
        for j in 1..=n {
            let cost = u32::from(left[i - 1] != right[j - 1]);
            let mut value = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && left[i - 1] == right[j - 2] && left[i - 2] == right[j - 1] {
                value = value.min(two_ago[j - 2] + 1);
            }
            current[j] = value;
        }
    }
    rows[left.len() % 3][n] as usize
}

/// Row `i` of the distance table is `rows[i % 3]`: the rows for i - 2,
/// i - 1 and i, borrowed apart.
fn rotate<const N: usize>(rows: &mut [[u32; N]; 3], i: usize) -> [&mut [u32; N]; 3] {
    let [a, b, c] = rows;
    match i % 3 {
        0 => [b, c, a],
        1 => [c, a, b],
        _ => [a, b, c],
    }
}

/// Same first letter, or both vowels (Ismail/Esmail, Osama/Usama).
fn same_onset(left: u8, right: u8) -> bool {
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u');
    left == right || (vowel(left) && vowel(right))
}

fn allowed_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=8 => 1,
        9..=12 => 2,
        _ => 3,
    }
}

/// Aligns the tokens of two prepared names.
pub fn align(left: &PreparedName, right: &PreparedName, is_person: bool) -> Alignment {
    let left_tokens = left.tokens();
    let right_tokens = right.tokens();
    // Between one-word names a typo in a short word is another name (Snow/Snoe).
    let single_words = left_tokens.len() == 1 && right_tokens.len() == 1;
    let mut candidates: Vec<AlignedPair> = Vec::new();
    for (left_idx, left_token) in left_tokens.iter().enumerate() {
        for (right_idx, right_token) in right_tokens.iter().enumerate() {
            let first_names = left_idx == 0 && right_idx == 0;
            if let Some((similarity, kind)) =
                token_similarity(left_token, right_token, is_person, first_names)
            {
                if single_words
                    && kind == MatchKind::Fuzzy
                    && left_token.text.len().min(right_token.text.len()) < 5
                {
                    continue;
                }
                candidates.push(AlignedPair {
                    left: left_idx..left_idx + 1,
                    right: right_idx..right_idx + 1,
                    similarity,
                    kind,
                });
            }
        }
    }
    joined_candidates(left_tokens, right_tokens, false, &mut candidates);
    joined_candidates(right_tokens, left_tokens, true, &mut candidates);
    if !is_person {
        acronym_candidates(left_tokens, right_tokens, false, &mut candidates);
        acronym_candidates(right_tokens, left_tokens, true, &mut candidates);
    }
    // Best first; among equals, the one covering more tokens, then earlier.
    candidates.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then_with(|| (b.left.len() + b.right.len()).cmp(&(a.left.len() + a.right.len())))
            .then_with(|| diagonal(a).cmp(&diagonal(b)))
    });
    let mut left_similarity = vec![0.0; left_tokens.len()];
    let mut right_similarity = vec![0.0; right_tokens.len()];
    let mut pairs = Vec::new();
    for candidate in candidates {
        let free = left_similarity[candidate.left.clone()]
            .iter()
            .all(|s| *s == 0.0)
            && right_similarity[candidate.right.clone()]
                .iter()
                .all(|s| *s == 0.0);
        if !free {
            continue;
        }
        left_similarity[candidate.left.clone()].fill(candidate.similarity);
        right_similarity[candidate.right.clone()].fill(candidate.similarity);
        pairs.push(candidate);
    }
    pairs.sort_by_key(|pair| pair.left.start);
    Alignment {
        pairs,
        left_similarity,
        right_similarity,
    }
}

/// Distance from the diagonal, to prefer order-preserving pairs on ties.
fn diagonal(pair: &AlignedPair) -> usize {
    pair.left.start.abs_diff(pair.right.start)
}

/// Adds candidates where one token of `single` equals 2..=4 adjacent tokens
/// of `multi` joined. `swapped` tells that `single` is the right side.
fn joined_candidates(multi: &[Token], single: &[Token], swapped: bool, out: &mut Vec<AlignedPair>) {
    if multi.len() < 2 || multi.len() > 24 {
        return;
    }
    for start in 0..multi.len() - 1 {
        let max_len = if multi[start].syllable { 4 } else { 3 };
        let mut joined = multi[start].text.clone();
        for end in start + 2..=(start + max_len).min(multi.len()) {
            let next = &multi[end - 1];
            if next.class == TokenClass::Number || multi[start].class == TokenClass::Number {
                break;
            }
            joined.push_str(&next.text);
            let mut key: Option<String> = None;
            for (single_idx, token) in single.iter().enumerate() {
                let (left, right) = if swapped {
                    (single_idx..single_idx + 1, start..end)
                } else {
                    (start..end, single_idx..single_idx + 1)
                };
                if token.script == Script::Arabic && multi[start].script != Script::Arabic {
                    if let Some((similarity, _)) = abjad_similarity(&token.text, &joined) {
                        out.push(AlignedPair {
                            left,
                            right,
                            similarity,
                            kind: MatchKind::Joined,
                        });
                    }
                    continue;
                }
                // Arabic-script words joined: their consonant skeleton
                // against the Latin word, never the Latin phonetic key, and
                // only for a word long enough to spell two ("abdulrahman"):
                // a short one meets some pair of skeletons by chance.
                if multi[start].script == Script::Arabic && token.script != Script::Arabic {
                    if token.text.len() < 6 {
                        continue;
                    }
                    if let Some((similarity, _)) = abjad_similarity(&joined, &token.text) {
                        out.push(AlignedPair {
                            left,
                            right,
                            similarity,
                            kind: MatchKind::Joined,
                        });
                    }
                    continue;
                }
                if token.text.len() + 3 < joined.len() || joined.len() + 3 < token.text.len() {
                    continue;
                }
                if token.text.as_bytes().first() != joined.as_bytes().first() {
                    continue;
                }
                let joined_key = key.get_or_insert_with(|| phonetic_key(&joined));
                let similarity = if token.text == joined {
                    1.0
                } else if token.key == *joined_key {
                    0.95
                } else {
                    match fuzzy_similarity(
                        &token.text,
                        &joined,
                        &token.key,
                        joined_key,
                        &token.skeleton,
                        &skeleton(joined_key),
                    ) {
                        Some((similarity, _)) => similarity,
                        None => continue,
                    }
                };
                out.push(AlignedPair {
                    left,
                    right,
                    similarity,
                    kind: MatchKind::Joined,
                });
            }
        }
    }
}

/// Adds candidates where one token of `single` (2 to 8 letters) spells the
/// initials of a run of `multi` tokens, with or without its particles
/// ("pla" ↔ "peoples liberation army", "ouis" ↔ "officers union for
/// international security").
fn acronym_candidates(
    multi: &[Token],
    single: &[Token],
    swapped: bool,
    out: &mut Vec<AlignedPair>,
) {
    if multi.len() < 2 {
        return;
    }
    for (single_idx, token) in single.iter().enumerate() {
        let text = token.text.as_bytes();
        if text.len() < 2 || text.len() > 8 || !text.iter().all(u8::is_ascii_alphabetic) {
            continue;
        }
        if token.script != Script::Latin {
            continue;
        }
        for start in 0..multi.len() {
            if multi[start].text.as_bytes().first() != text.first() {
                continue;
            }
            let mut with_particles = Vec::new();
            let mut without_particles = Vec::new();
            for end in start + 1..=multi.len() {
                let word = &multi[end - 1];
                let Some(initial) = word.text.as_bytes().first() else {
                    break;
                };
                with_particles.push(*initial);
                if word.class != TokenClass::Particle {
                    without_particles.push(*initial);
                }
                if end - start < 2 || with_particles.len() > text.len() + 3 {
                    continue;
                }
                if word.class == TokenClass::Particle {
                    continue;
                }
                if with_particles == text || without_particles == text {
                    let (left, right) = if swapped {
                        (single_idx..single_idx + 1, start..end)
                    } else {
                        (start..end, single_idx..single_idx + 1)
                    };
                    out.push(AlignedPair {
                        left,
                        right,
                        similarity: 0.9,
                        kind: MatchKind::Acronym,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Schema;

    fn similarity(left: &str, right: &str, schema: Schema) -> f64 {
        let left = PreparedName::new(left, schema);
        let right = PreparedName::new(right, schema);
        let alignment = align(&left, &right, schema == Schema::Person);
        alignment
            .pairs
            .iter()
            .map(|pair| pair.similarity)
            .sum::<f64>()
            / alignment.pairs.len().max(1) as f64
    }

    #[test]
    fn osa_matches_reference() {
        for (a, b) in [
            ("kitten", "sitting"),
            ("ca", "abc"),
            ("", "abc"),
            ("schloz", "scholz"),
            ("abc", "abc"),
        ] {
            assert_eq!(
                osa_distance(a.as_bytes(), b.as_bytes()),
                strsim::osa_distance(a, b),
                "{a} {b}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn osa_matches_reference_on_any_ascii(a in "[a-e]{0,60}", b in "[a-e]{0,60}") {
            proptest::prop_assert_eq!(
                osa_distance(a.as_bytes(), b.as_bytes()),
                strsim::osa_distance(&a, &b)
            );
        }
    }

    #[test]
    fn abjad_cross_script() {
        assert!(abjad_similarity("frnndw", "fernando").is_some());
        assert!(abjad_similarity("zyz", "aziz").is_some());
        assert!(abjad_similarity("ltyb", "tayeb").is_some());
        assert!(abjad_similarity("bwtyn", "obama").is_none());
    }

    #[test]
    fn abbreviations() {
        assert!(is_abbreviation_of("shpg", "shipping"));
        assert!(is_abbreviation_of("mfg", "manufacturing"));
        assert!(!is_abbreviation_of("gps", "shipping"));
        assert!(!is_abbreviation_of("shpx", "shipping"));
        assert!(!is_abbreviation_of("shipper", "shipping"));
    }

    #[test]
    fn acronyms() {
        assert_eq!(
            similarity("PLA", "People's Liberation Army", Schema::Organization),
            0.9
        );
        assert_eq!(similarity("ABC", "Alpha Gamma Beta", Schema::Company), 0.0);
    }

    #[test]
    fn joined_words() {
        assert_eq!(
            similarity("vanderbilt", "van der bilt", Schema::Company),
            1.0
        );
        assert_eq!(similarity("Hangzhou", "杭州", Schema::Company), 1.0);
    }

    #[test]
    fn typos_and_variants() {
        assert!(similarity("Zakharov", "Захаров", Schema::Person) >= 0.95);
        assert!(similarity("Samsung", "Samsong", Schema::Company) >= 0.8);
        assert_eq!(similarity("Daniel", "Donald", Schema::Person), 0.0);
    }
}
