//! Token classes and weights: generic business words, particles, titles,
//! numbers, initials. Tables here are facts we type ourselves.

use crate::phonetic::{phonetic_key, skeleton};
use crate::translit::Script;
use crate::words::{
    COMMON_NAMES, COUNTRY_WORDS, GENERIC_WORDS, PARTICLES, TITLES, fold_synonym, translate_generic,
};

/// What a token is, which decides its weight and how it may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenClass {
    /// A distinctive word: full weight.
    Distinctive,
    /// A generic business word (technology, trading, group...): low weight.
    Generic,
    /// A particle or stop word (of, the, and, al, bin, van, de...).
    Particle,
    /// An honorific or title (mr, dr, sheikh, president...).
    Title,
    /// A number (digits, number words, roman numerals in company names).
    Number,
    /// A single letter in a person name (an initial).
    Initial,
    /// A patronymic (…ovich, …ovna): optional in person names.
    Patronymic,
    /// A very common given name (Muhammad, Ali...): weighs less.
    CommonName,
}

/// One comparable token of a prepared name.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Lowercase ASCII form (after transliteration and synonym folding).
    pub text: String,
    /// Phonetic key (see [`crate::phonetic_key`]).
    pub key: String,
    /// Consonant skeleton of the key.
    pub skeleton: String,
    /// Light English stem of an organisation-name word ("transportation"
    /// and "transporting" → "transport"); empty in person names.
    pub stem: String,
    /// The class.
    pub class: TokenClass,
    /// The weight in the overlap score.
    pub weight: f64,
    /// Script of origin.
    pub script: Script,
    /// A single Han syllable (joined with neighbours when aligning).
    pub syllable: bool,
    /// Numeric value when `class` is `Number`.
    pub number: Option<u64>,
    /// The word in its original non-Latin script (empty for Latin).
    pub original: String,
    /// From a parenthetical remark ("(ECI)", "(Hong Kong)"): weighs less.
    pub optional: bool,
    /// A country name ("chile", "mexico"), resolved once at preparation.
    pub is_place: bool,
}

impl Token {
    /// Builds a token from a Latin text, classifying it.
    pub fn new(text: &str, script: Script, syllable: bool, is_person: bool) -> Token {
        Token::with_original(text, script, syllable, is_person, String::new())
    }

    /// Like [`Token::new`], keeping the word in its original script.
    pub fn with_original(
        text: &str,
        script: Script,
        syllable: bool,
        is_person: bool,
        original: String,
    ) -> Token {
        let folded =
            fold_synonym(text).or_else(|| (!is_person).then(|| translate_generic(text)).flatten());
        let text = folded.unwrap_or(text);
        let number = parse_number(text, is_person);
        let class = if number.is_some() {
            TokenClass::Number
        } else {
            classify(text, is_person)
        };
        let key = phonetic_key(text);
        let mut weight = match class {
            TokenClass::Distinctive => 1.0,
            TokenClass::Generic => 0.4,
            TokenClass::Particle => 0.15,
            TokenClass::Title => 0.1,
            TokenClass::Number => 0.5,
            TokenClass::Initial => 0.3,
            TokenClass::Patronymic => 0.5,
            TokenClass::CommonName => 0.6,
        };
        if syllable {
            weight *= 0.5;
        } else if class == TokenClass::Distinctive && text.len() <= 2 {
            weight *= 0.6;
        }
        let stem = if is_person || number.is_some() {
            String::new()
        } else {
            stem(text)
        };
        Token {
            stem,
            skeleton: skeleton(&key),
            key,
            text: text.to_string(),
            class,
            weight,
            script,
            syllable,
            number,
            is_place: !is_person
                && text.len() >= 4
                && script == Script::Latin
                && chokepoint_model::Country::lookup(text)
                    .is_ok_and(|country| country.kind() == chokepoint_model::CountryKind::Economy),
            original,
            optional: false,
        }
    }
}

/// Strips one common English derivational or plural suffix when at least
/// four letters remain.
pub fn stem(text: &str) -> String {
    const SUFFIXES: &[&str] = &[
        // Russian adjectives as romanised (Metallurgicheskiy, Uralskiy).
        "icheskiy",
        "icheskii",
        "icheskaya",
        "icheskoe",
        "skiy",
        "skii",
        "skaya",
        "skoe",
        // English derivations.
        "ation",
        "ative",
        "ing",
        "er",
        "ive",
        "ical",
        "ic",
        "al",
    ];
    let singular = match text.strip_suffix('s') {
        Some(base) if base.len() >= 4 && !base.ends_with('s') && !base.ends_with('u') => base
            .strip_suffix("ie")
            .map_or(base.to_string(), |stem| format!("{stem}y")),
        _ => text.to_string(),
    };
    for suffix in SUFFIXES {
        if let Some(base) = singular.strip_suffix(suffix)
            && base.len() >= 4
        {
            return base.to_string();
        }
    }
    singular
}

fn classify(text: &str, is_person: bool) -> TokenClass {
    if is_person && text.len() == 1 {
        return TokenClass::Initial;
    }
    if PARTICLES.contains(text) {
        return TokenClass::Particle;
    }
    if is_person {
        if TITLES.contains(text) {
            return TokenClass::Title;
        }
        if is_patronymic(text) {
            return TokenClass::Patronymic;
        }
        if COMMON_NAMES.contains(text) {
            return TokenClass::CommonName;
        }
        return TokenClass::Distinctive;
    }
    if GENERIC_WORDS.contains(text) || COUNTRY_WORDS.contains(text) {
        return TokenClass::Generic;
    }
    TokenClass::Distinctive
}

/// Whether a token looks like an East-Slavic or Turkic patronymic.
pub fn is_patronymic(text: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ovich", "evich", "ovych", "evych", "ovitch", "evitch", "ovitsch", "evitsch", "ovna",
        "evna", "ivna", "ichna", "inichna", "ogly", "oglu", "kyzy", "qizi", "ovic", "evic",
    ];
    text.len() > 6 && ENDINGS.iter().any(|ending| text.ends_with(ending))
}

/// Parses digits, number words (one..twenty, first..tenth) and, outside
/// person names, roman numerals made of I, V and X.
fn parse_number(text: &str, is_person: bool) -> Option<u64> {
    if !text.is_empty() && text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() && matches!(&text[digits.len()..], "st" | "nd" | "rd" | "th") {
        return digits.parse().ok();
    }
    const WORDS: &[(&str, u64)] = &[
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("thirteen", 13),
        ("fourteen", 14),
        ("fifteen", 15),
        ("sixteen", 16),
        ("seventeen", 17),
        ("eighteen", 18),
        ("nineteen", 19),
        ("twenty", 20),
        ("first", 1),
        ("second", 2),
        ("third", 3),
        ("fourth", 4),
        ("fifth", 5),
        ("sixth", 6),
        ("seventh", 7),
        ("eighth", 8),
        ("ninth", 9),
        ("tenth", 10),
    ];
    if let Some((_, value)) = WORDS.iter().find(|(word, _)| *word == text) {
        return Some(*value);
    }
    if is_person {
        return None;
    }
    parse_roman(text)
}

fn parse_roman(text: &str) -> Option<u64> {
    if text.len() < 2 || text.len() > 6 || !text.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')) {
        return None;
    }
    let value = |b: u8| match b {
        b'i' => 1i64,
        b'v' => 5,
        _ => 10,
    };
    let bytes = text.as_bytes();
    let mut total = 0i64;
    for (idx, b) in bytes.iter().enumerate() {
        let current = value(*b);
        if bytes
            .get(idx + 1)
            .is_some_and(|next| value(*next) > current)
        {
            total -= current;
        } else {
            total += current;
        }
    }
    // Reject non-canonical spellings such as "iiii" or "vx".
    let canonical = to_roman(total);
    (canonical == text).then_some(total as u64)
}

fn to_roman(mut value: i64) -> String {
    let mut out = String::new();
    for (amount, symbol) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
        while value >= amount {
            out.push_str(symbol);
            value -= amount;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number("viii", false), Some(8));
        assert_eq!(parse_number("ix", false), Some(9));
        assert_eq!(parse_number("iiii", false), None);
        assert_eq!(parse_number("iv", true), None);
        assert_eq!(parse_number("three", false), Some(3));
        assert_eq!(parse_number("21st", false), Some(21));
        assert_eq!(parse_number("007", false), Some(7));
    }

    #[test]
    fn translations() {
        assert_eq!(
            Token::new("zavoda", Script::Latin, false, false).text,
            "plant"
        );
        assert_eq!(
            Token::new("sanayi", Script::Latin, false, false).text,
            "industry"
        );
        assert_eq!(
            Token::new("zavodskoy", Script::Latin, false, true).text,
            "zavodskoy"
        );
        assert_eq!(
            Token::new("bankovskaya", Script::Latin, false, false).text,
            "bankovskaya"
        );
    }

    #[test]
    fn stems() {
        assert_eq!(stem("transportation"), stem("transporting"));
        assert_eq!(stem("chemicals"), stem("chemical"));
        assert_eq!(stem("innovative"), stem("innovation"));
        assert_eq!(stem("gas"), "gas");
        assert_eq!(stem("metallurgicheskiy"), stem("metallurgical"));
        assert_eq!(stem("uralskiy"), "ural");
        assert_eq!(stem("business"), "business");
    }

    #[test]
    fn classes() {
        let token = Token::new("technologies", Script::Latin, false, false);
        assert_eq!(token.class, TokenClass::Generic);
        assert_eq!(token.text, "technology");
        assert_eq!(
            Token::new("siemens", Script::Latin, false, false).class,
            TokenClass::Distinctive
        );
        assert_eq!(
            Token::new("vladimirovich", Script::Latin, false, true).class,
            TokenClass::Patronymic
        );
        assert_eq!(
            Token::new("j", Script::Latin, false, true).class,
            TokenClass::Initial
        );
    }
}
