//! Cyrillic → Latin, one canonical (BGN/PCGN-like) spelling per letter.
//!
//! GOST, ICAO, BGN/PCGN and informal spellings of the same Cyrillic name
//! differ (Zakharov/Zaharov, Yevgeny/Evgeniy, Aleksandr/Alexander); they are
//! not listed here but made to meet by [`crate::phonetic_key`], which reduces any
//! Latin spelling to a phonetic key. This table only has to produce *one*
//! reasonable spelling. Input is already lowercased and stripped of accents
//! by [`crate::normalize`] (so й arrives as и, ё as е).

/// Whether a character is a Cyrillic letter.
pub fn is_cyrillic(ch: char) -> bool {
    matches!(ch as u32, 0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F)
}

/// Appends the Latin spelling of a lowercase Cyrillic letter to `out`.
/// Unknown letters fall back to `any_ascii`.
pub fn push_latin(ch: char, out: &mut String) {
    let latin = match ch {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'э' | 'ё' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'і' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        'є' => "ye",
        'ї' => "yi",
        'ґ' => "g",
        'ђ' => "dj",
        'ј' => "j",
        'љ' => "lj",
        'њ' => "nj",
        'ћ' => "c",
        'џ' => "dzh",
        'ѓ' => "gj",
        'ќ' => "kj",
        'ѕ' => "dz",
        'ә' => "a",
        'ғ' => "gh",
        'қ' => "q",
        'ң' => "ng",
        'ө' => "o",
        'ұ' | 'ү' => "u",
        'һ' => "h",
        _ => {
            out.push_str(&any_ascii::any_ascii_char(ch).to_ascii_lowercase());
            return;
        }
    };
    out.push_str(latin);
}

/// Transliterates a lowercase token that may mix Cyrillic and other letters.
pub fn to_latin(token: &str) -> String {
    let mut out = String::with_capacity(token.len() * 2);
    for ch in token.chars() {
        if is_cyrillic(ch) {
            push_latin(ch, &mut out);
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(to_latin(input), expected);
    }

    #[test]
    fn letters() {
        check("захаров", "zakharov");
        check("путин", "putin");
        check("щукин", "shchukin");
        check("ромашка", "romashka");
        check("ооо", "ooo");
    }
}
