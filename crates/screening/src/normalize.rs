//! Unicode normalisation of names to a comparable, still script-preserving
//! form: NFKC, case folding, diacritics and punctuation removed, camelCase
//! split, whitespace collapsed.

use unicode_normalization::UnicodeNormalization;

/// Normalises a name for comparison. Letters and digits of every script are
/// kept (transliteration happens later, per token); accents, Hebrew points and
/// Arabic short vowels are dropped; apostrophes vanish ("O'Brien" → "obrien");
/// other punctuation becomes a space; a lowercase→Uppercase step inside a word
/// ("AlisherUsmanov") splits it. The result is idempotent:
/// `normalize(&normalize(x)) == normalize(x)`.
///
/// ```
/// use chokepoint_screening::normalize;
/// assert_eq!(normalize("Crédit  Agricole S.A."), "credit agricole s a");
/// assert_eq!(normalize("AlisherUsmanov"), "alisher usmanov");
/// assert_eq!(normalize("ООО «Ромашка»"), "ооо ромашка");
/// ```
pub fn normalize(text: &str) -> String {
    let split = split_camel_case(text);
    let folded: String = split.nfkc().flat_map(char::to_lowercase).collect();
    let stripped: String = folded
        .nfd()
        .filter(|c| !is_removable_mark(*c))
        .nfc()
        .collect();
    let mut out = String::with_capacity(stripped.len());
    let mut pending_space = false;
    for ch in stripped.chars() {
        if is_apostrophe(ch) {
            continue;
        }
        if ch.is_alphanumeric() || is_kept_mark(ch) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch);
        } else {
            pending_space = true;
        }
    }
    // A second pass only matters for rare characters whose lowercase form
    // is not NFKC-stable; it keeps the function idempotent.
    if out.nfkc().eq(out.chars()) {
        out
    } else {
        normalize(&out.nfkc().collect::<String>())
    }
}

/// Inserts a space where a run of at least two lowercase letters is followed
/// by an uppercase letter and then a lowercase one ("AlisherUsmanov"), but not
/// in "McDonald" or "JPMorgan".
fn split_camel_case(text: &str) -> std::borrow::Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let mut cuts = Vec::new();
    let mut lower_run = 0usize;
    for idx in 0..chars.len() {
        let ch = chars[idx];
        if ch.is_lowercase() {
            lower_run += 1;
        } else {
            if ch.is_uppercase()
                && lower_run >= 2
                && chars.get(idx + 1).is_some_and(|next| next.is_lowercase())
            {
                cuts.push(idx);
            }
            lower_run = 0;
        }
    }
    if cuts.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + cuts.len());
    let mut next_cut = cuts.iter().peekable();
    for (idx, ch) in chars.iter().enumerate() {
        if next_cut.peek().is_some_and(|cut| **cut == idx) {
            out.push(' ');
            next_cut.next();
        }
        out.push(*ch);
    }
    std::borrow::Cow::Owned(out)
}

fn is_apostrophe(ch: char) -> bool {
    matches!(
        ch,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02BB}' | '\u{02B9}' | '`' | '\u{00B4}'
    )
}

/// Combining marks that are accents or vowel points, safe to drop: Latin,
/// Greek and Cyrillic diacritics, Hebrew points, Arabic harakat.
fn is_removable_mark(ch: char) -> bool {
    matches!(ch as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Combining marks that are part of letters in abugidas (Devanagari, Thai,
/// Korean jamo...): kept so that transliteration sees whole syllables.
fn is_kept_mark(ch: char) -> bool {
    !is_removable_mark(ch) && unicode_mark(ch)
}

fn unicode_mark(ch: char) -> bool {
    // General category M* for the scripts we keep: approximated by the
    // combining ranges of Indic, Southeast Asian and other abugidas.
    matches!(ch as u32, 0x0900..=0x0DFF | 0x0E31..=0x0E4E | 0x0EB1..=0x0ECD | 0x0F18..=0x0FBC
        | 0x102B..=0x103E | 0x1712..=0x1714 | 0x17B4..=0x17D3 | 0x3099..=0x309A)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(normalize(input), expected, "input {input:?}");
    }

    #[test]
    fn examples() {
        check("Co. Ltd.", "co ltd");
        check("CO LTD", "co ltd");
        check("  Zoë  O'Brien-Smith ", "zoe obrien smith");
        check("杭州海康威视", "杭州海康威视");
        check("Ⅻ ﬁrm", "xii firm");
        check("McDonald JPMorgan", "mcdonald jpmorgan");
        check("Margarita-Simonyan", "margarita simonyan");
        check("Евгений Захаров", "евгении захаров");
        check("", "");
    }

    proptest! {
        #[test]
        fn idempotent(text in "\\PC{0,40}") {
            let once = normalize(&text);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn idempotent_mixed(text in "[a-zA-ZÀ-ÿА-я杭州 .,'-]{0,30}") {
            let once = normalize(&text);
            prop_assert_eq!(normalize(&once), once);
        }
    }
}
