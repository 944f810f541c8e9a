//! Retrieval keys: what a listed name and a query must share to meet in the
//! inverted index.
//!
//! Key families, hashed into one `u64` space whose top byte names the
//! family, so they never collide with each other and the family can be told
//! from a key:
//!
//! - the phonetic key of every token ("zakharov" and "zaharov", Захаров
//!   and Zakharov share it), numbers by value;
//! - the consonant skeleton of every token (Muhammad / Mohammed);
//! - each token's key and written form with one character deleted, in every position, so
//!   that one typo in a short word still leaves a rare shared key (the
//!   symmetric-delete idea);
//! - character trigrams of the tokens' phonetic keys joined without
//!   spaces, which survive typos in long words and joined or split words
//!   ("vanderbilt" / "van der bilt", 杭州's syllables "hang zhou" and
//!   "hangzhou");
//! - exact identifier values (INN, OGRN, USCC, LEI, IMO, ...), normalised to
//!   uppercase letters and digits.
//!
//! A listed name is indexed under all its keys. A query is split into
//! [`QueryToken`]s, each with its own keys, so that retrieval can score how
//! well each query word is covered rather than counting shared trigrams
//! (which would let a long generic word outweigh a short distinctive one).

use chokepoint_screening::PreparedName;
use chokepoint_screening::tokens::TokenClass;

/// A hashed retrieval key: family in the top byte, 56 bits of hash below.
pub(crate) type Key = u64;

/// Key families.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Family {
    /// A token's phonetic key.
    Token = 1,
    /// A number token's value.
    Number = 2,
    /// A one-deletion variant of a token key (or the key itself).
    Deletion = 3,
    /// A trigram of the joined token keys.
    Gram = 4,
    /// An identifier value.
    Identifier = 5,
    /// A token's consonant skeleton (Muhammad / Mohammed).
    Skeleton = 6,
}

impl Family {
    /// Whether `key` is of this family.
    pub(crate) fn holds(self, key: Key) -> bool {
        (key >> 56) as u8 == self as u8
    }
}

/// Length of the character n-grams.
const GRAM_LEN: usize = 3;

/// Shortest normalised query text that is also looked up as an identifier:
/// shorter values (a 4-digit number in a name) would be noise.
const MIN_IDENTIFIER_LEN: usize = 6;

/// FNV-1a of the text, truncated to 56 bits, under the family byte: fast on
/// short strings and stable across runs and platforms, which the persisted
/// postings need.
fn hash(family: Family, text: &[u8]) -> Key {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut state = OFFSET;
    for byte in text {
        state ^= u64::from(*byte);
        state = state.wrapping_mul(PRIME);
    }
    (u64::from(family as u8) << 56) | (state & 0x00ff_ffff_ffff_ffff)
}

/// One query word with its keys.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QueryToken {
    /// The token's weight in the name (generic words and particles less).
    pub(crate) weight: f32,
    /// Its phonetic-key (or number) key; `None` for the fallback token of a
    /// name without tokens.
    pub(crate) exact: Option<Key>,
    /// Its consonant-skeleton key, when long enough to mean something.
    pub(crate) skeleton: Option<Key>,
    /// Its one-deletion keys, of the written form and of the phonetic key
    /// (the comparison forgives a typo in either).
    pub(crate) deletions: Vec<Key>,
    /// Its trigrams.
    pub(crate) grams: Vec<Key>,
}

/// The keys of a listed name, sorted and deduplicated.
pub(crate) fn name_keys(name: &PreparedName) -> Vec<Key> {
    let mut keys = Vec::with_capacity(name.tokens().len() * 16);
    let mut joined = String::new();
    for token in name.tokens() {
        match (token.class, token.number) {
            (TokenClass::Number, Some(number)) => {
                keys.push(hash(Family::Number, number.to_string().as_bytes()));
            }
            _ if !token.key.is_empty() => {
                keys.push(hash(Family::Token, token.key.as_bytes()));
                keys.extend(skeleton_key(&token.skeleton));
                push_deletions(&token.key, &mut keys);
                push_deletions(&token.text, &mut keys);
            }
            _ => {}
        }
        joined.push_str(&token.key);
    }
    // The token list of an all-legal-form name ("Co. Ltd.") may be empty:
    // fall back to the compact text so the name is still reachable.
    if joined.is_empty() {
        joined = name.compact().to_string();
    }
    push_grams(&joined, &mut keys);
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The query tokens of a query name.
pub(crate) fn query_tokens(name: &PreparedName) -> Vec<QueryToken> {
    let mut tokens: Vec<QueryToken> = name
        .tokens()
        .iter()
        .filter(|token| !token.key.is_empty() || token.number.is_some())
        .map(|token| {
            let mut deletions = Vec::new();
            let mut grams = Vec::new();
            let mut skeleton = None;
            let exact = match (token.class, token.number) {
                (TokenClass::Number, Some(number)) => {
                    hash(Family::Number, number.to_string().as_bytes())
                }
                _ => {
                    push_deletions(&token.key, &mut deletions);
                    push_deletions(&token.text, &mut deletions);
                    push_grams(&token.key, &mut grams);
                    skeleton = skeleton_key(&token.skeleton);
                    hash(Family::Token, token.key.as_bytes())
                }
            };
            deletions.sort_unstable();
            deletions.dedup();
            grams.sort_unstable();
            grams.dedup();
            QueryToken {
                weight: token.weight as f32,
                exact: Some(exact),
                skeleton,
                deletions,
                grams,
            }
        })
        .collect();
    if tokens.is_empty() && !name.compact().is_empty() {
        let mut grams = Vec::new();
        push_grams(name.compact(), &mut grams);
        grams.sort_unstable();
        grams.dedup();
        tokens.push(QueryToken {
            weight: 1.0,
            exact: None,
            skeleton: None,
            deletions: Vec::new(),
            grams,
        });
    }
    tokens
}

/// The skeleton key, for skeletons of three consonants or more (shorter
/// ones match too many words to be evidence).
fn skeleton_key(skeleton: &str) -> Option<Key> {
    (skeleton.len() >= 3).then(|| hash(Family::Skeleton, skeleton.as_bytes()))
}

/// Token lengths (in characters) that get deletion keys: shorter tokens
/// match by their key only, longer ones have trigrams enough.
const DELETION_LENGTHS: std::ops::RangeInclusive<usize> = 4..=12;

/// The token's key and every variant with one character deleted: two
/// words one edit apart ("varan" / "vargan", "sensor" / "senzor") always
/// share one of these, however short they are (the symmetric-delete idea).
fn push_deletions(key: &str, keys: &mut Vec<Key>) {
    let chars: Vec<char> = key.chars().collect();
    if !DELETION_LENGTHS.contains(&chars.len()) {
        return;
    }
    keys.push(hash(Family::Deletion, key.as_bytes()));
    let mut variant = String::with_capacity(key.len());
    for skip in 0..chars.len() {
        variant.clear();
        variant.extend(
            chars
                .iter()
                .enumerate()
                .filter(|(idx, _)| *idx != skip)
                .map(|(_, ch)| *ch),
        );
        keys.push(hash(Family::Deletion, variant.as_bytes()));
    }
}

/// Trigrams of `text` (the whole text when shorter), by characters.
fn push_grams(text: &str, keys: &mut Vec<Key>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if chars.is_empty() {
        return;
    }
    if chars.len() <= GRAM_LEN {
        keys.push(hash(Family::Gram, text.as_bytes()));
        return;
    }
    for start in 0..=chars.len() - GRAM_LEN {
        let begin = chars[start].0;
        let end = chars
            .get(start + GRAM_LEN)
            .map_or(text.len(), |(offset, _)| *offset);
        keys.push(hash(Family::Gram, &text.as_bytes()[begin..end]));
    }
}

/// The key of an identifier value, normalised like the loaders do.
pub(crate) fn identifier_key(raw: &str) -> Option<Key> {
    let value = chokepoint_lists::normalise_identifier(raw);
    (!value.is_empty()).then(|| hash(Family::Identifier, value.as_bytes()))
}

/// The identifier key of a query name that looks like an identifier
/// (enough characters, at least half of them digits): users paste numbers
/// into the name box.
pub(crate) fn name_as_identifier_key(name: &str) -> Option<Key> {
    let value = chokepoint_lists::normalise_identifier(name);
    let n_chars = value.chars().count();
    let n_digits = value.chars().filter(char::is_ascii_digit).count();
    (n_chars >= MIN_IDENTIFIER_LEN && n_digits * 2 >= n_chars)
        .then(|| hash(Family::Identifier, value.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chokepoint_screening::Schema;

    fn keys(name: &str) -> Vec<Key> {
        name_keys(&PreparedName::new(name, Schema::Company))
    }

    fn shared(left: &str, right: &str) -> usize {
        let right = keys(right);
        keys(left).iter().filter(|key| right.contains(key)).count()
    }

    #[test]
    fn transliterations_share_token_keys() {
        let left = keys("Zakharov Trading");
        let right = keys("Zaharov Trading");
        assert!(left.iter().any(|key| right.contains(key)));
        assert!(shared("Захаров", "Zakharov") >= 3);
    }

    #[test]
    fn joined_and_split_words_share_grams() {
        assert!(shared("Vanderbilt Holdings", "Van der Bilt Holdings") >= 6);
        assert!(shared("Hangzhou Hikvision", "Hang Zhou Hikvision") >= 8);
    }

    #[test]
    fn one_edit_shares_a_deletion_key() {
        assert!(shared("Varan", "Varhan") >= 2);
        assert!(shared("Global Sensor", "Global Senzor") > shared("Global Sensor", "Global Motor"));
    }

    #[test]
    fn query_tokens_carry_their_keys() {
        let tokens = query_tokens(&PreparedName::new(
            "Global Sensor 7 Co. Ltd.",
            Schema::Company,
        ));
        assert_eq!(tokens.len(), 3);
        let listed = keys("Global Sensor 7");
        for token in &tokens {
            assert!(token.exact.is_some_and(|key| listed.contains(&key)));
            assert!(token.grams.iter().all(|key| Family::Gram.holds(*key)));
        }
        assert!(
            tokens[0].weight < tokens[1].weight,
            "generic word weighs less"
        );
        assert!(tokens[2].deletions.is_empty() && tokens[2].grams.is_empty());
        let fallback = query_tokens(&PreparedName::new("()", Schema::Company));
        assert!(fallback.iter().all(|token| token.exact.is_none()));
    }

    #[test]
    fn identifiers_normalise() {
        assert_eq!(
            identifier_key("9133 0000-733796106p"),
            identifier_key("91330000733796106P")
        );
        assert_eq!(
            name_as_identifier_key("91330000733796106P"),
            identifier_key("91330000733796106P")
        );
        assert_eq!(name_as_identifier_key("Acme 12"), None);
        assert_eq!(identifier_key(" - "), None);
    }

    #[test]
    fn empty_and_short_names_do_not_panic() {
        assert!(keys("").is_empty());
        assert_eq!(keys("AB").len(), 2);
        assert!(!keys("Co. Ltd.").is_empty());
        assert!(!keys("北京").is_empty());
    }
}
