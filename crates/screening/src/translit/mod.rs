//! Transliteration of normalised tokens to lowercase ASCII: Cyrillic by our
//! own table ([`cyrillic`]), Han by pinyin plus a generic-word dictionary
//! ([`han`]), every other script through `any_ascii`.

pub mod cyrillic;
pub mod han;

/// Which script a token was written in, before transliteration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin letters or digits only.
    Latin,
    /// Cyrillic letters.
    Cyrillic,
    /// Han ideographs.
    Han,
    /// Abjads that write few vowels: Arabic (and Persian, Urdu), Hebrew, Syriac.
    Arabic,
    /// Any other script (Greek, Arabic, Hebrew, Georgian, Armenian, Hangul...).
    Other,
}

/// One transliterated piece of a normalised word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatinPiece {
    /// Lowercase ASCII letters and digits (may contain spaces when a
    /// dictionary translation has several words).
    pub text: String,
    /// The script the piece came from.
    pub script: Script,
    /// Whether this piece is a dictionary translation, not a transliteration.
    pub translated: bool,
    /// Whether this is a single Han syllable (to be joined with neighbours).
    pub syllable: bool,
    /// The word in its original script (empty for Latin): same-script
    /// pairs are compared on it.
    pub original: String,
}

/// Transliterates one whitespace-free normalised word into Latin pieces. A
/// word mixing Han with other characters is split at script changes.
pub fn transliterate_word(word: &str, out: &mut Vec<LatinPiece>) {
    let mut run = String::new();
    let mut run_is_han = false;
    for ch in word.chars() {
        let is_han = han::is_han(ch);
        if !run.is_empty() && is_han != run_is_han {
            flush(&run, run_is_han, out);
            run.clear();
        }
        run_is_han = is_han;
        run.push(ch);
    }
    if !run.is_empty() {
        flush(&run, run_is_han, out);
    }
}

fn flush(run: &str, is_han: bool, out: &mut Vec<LatinPiece>) {
    if is_han {
        for piece in han::segment(run) {
            match piece {
                han::HanPiece::Syllable(text, original) => out.push(LatinPiece {
                    text,
                    script: Script::Han,
                    translated: false,
                    syllable: true,
                    original: original.to_string(),
                }),
                han::HanPiece::Translated(text) => out.push(LatinPiece {
                    text: text.to_string(),
                    script: Script::Han,
                    translated: true,
                    syllable: false,
                    original: String::new(),
                }),
            }
        }
        return;
    }
    let mut script = Script::Latin;
    let mut text = String::with_capacity(run.len());
    // Greek "ου" is one sound, u (Πούτιν → poutin, not poytin).
    let greek_fixed;
    // Armenian "ու" likewise.
    let run = if run.contains("ου") || run.contains("ու") {
        greek_fixed = run.replace("ου", "ou").replace("ու", "u");
        greek_fixed.as_str()
    } else {
        run
    };
    for ch in run.chars() {
        if ch.is_ascii_alphanumeric() {
            text.push(ch.to_ascii_lowercase());
        } else if cyrillic::is_cyrillic(ch) {
            script = Script::Cyrillic;
            cyrillic::push_latin(ch, &mut text);
        } else {
            if !ch.is_ascii() && !is_latin_letter(ch) && script == Script::Latin {
                script = if matches!(ch as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
                {
                    Script::Arabic
                } else {
                    Script::Other
                };
            }
            for out_ch in any_ascii::any_ascii_char(ch).chars() {
                if out_ch.is_ascii_alphanumeric() {
                    text.push(out_ch.to_ascii_lowercase());
                }
            }
        }
    }
    if !text.is_empty() {
        let original = if script == Script::Latin {
            String::new()
        } else {
            run.to_string()
        };
        out.push(LatinPiece {
            text,
            script,
            translated: false,
            syllable: false,
            original,
        });
    }
}

fn is_latin_letter(ch: char) -> bool {
    matches!(ch as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin(word: &str) -> Vec<String> {
        let mut out = Vec::new();
        transliterate_word(word, &mut out);
        out.into_iter().map(|piece| piece.text).collect()
    }

    #[test]
    fn scripts() {
        assert_eq!(latin("захаров"), ["zakharov"]);
        assert_eq!(latin("πουτιν"), ["poutin"]);
        assert_eq!(latin("ßtraße"), ["sstrasse"]);
        assert_eq!(latin("北京"), ["bei", "jing"]);
        assert_eq!(latin("abc"), ["abc"]);
        assert!(!latin("بوتين").is_empty());
        assert!(!latin("პუტინი").is_empty());
        assert!(!latin("պուտին").is_empty());
    }
}
