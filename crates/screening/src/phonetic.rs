//! A phonetic-ish key per Latin token, so that transliteration variants of
//! the same name meet: Zakharov/Zaharov, Yevgeny/Evgeniy/Evgenij,
//! Aleksandr/Alexsandr, Mohammed/Muhammad (by skeleton), Romanoff/Romanov.
//!
//! The key is not a sound code like Soundex (which merges too much for
//! sanctions screening); it only folds the spelling choices that
//! romanisation systems (GOST, BGN/PCGN, ICAO, German, French, informal)
//! make differently, and then collapses doubled letters.

/// Returns the phonetic key of a lowercase ASCII token. Digits pass through.
///
/// ```
/// use chokepoint_screening::phonetic_key;
/// assert_eq!(phonetic_key("zakharov"), phonetic_key("zaharov"));
/// assert_eq!(phonetic_key("yevgeny"), phonetic_key("evgeniy"));
/// assert_eq!(phonetic_key("evgenij"), phonetic_key("evgeni"));
/// ```
pub fn phonetic_key(token: &str) -> String {
    let bytes = token.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut idx = 0;
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    while idx < bytes.len() {
        let rest = &bytes[idx..];
        let (emit, used): (&[u8], usize) = if rest == b"js" {
            // Latvian -js (Sergejs): the s is an ending.
            (b"i", 2)
        } else if rest.starts_with(b"shch") {
            (b"S", 4)
        } else if rest.starts_with(b"tsch") {
            (b"C", 4)
        } else if rest.starts_with(b"sch") {
            (b"S", 3)
        } else if rest.starts_with(b"tch") || rest.starts_with(b"tsh") {
            (b"C", 3)
        } else if rest.starts_with(b"dzh") {
            (b"J", 3)
        } else if rest.starts_with(b"ch") || rest.starts_with(b"cz") && at(idx + 2) != b'y' {
            (b"C", 2)
        } else if rest.starts_with(b"sh") || rest.starts_with(b"sz") {
            (b"S", 2)
        } else if rest.starts_with(b"zh") || rest.starts_with(b"dj") || rest.starts_with(b"dg") {
            (b"J", 2)
        } else if rest.starts_with(b"kh") {
            (b"h", 2)
        } else if rest.starts_with(b"gh") {
            // Arabic ghayn and qaf are romanised gh, q, g (Ghods/Qods,
            // Qadhafi/Gaddafi).
            (b"g", 2)
        } else if rest.starts_with(b"ph") {
            (b"f", 2)
        } else if rest.starts_with(b"th") || rest.starts_with(b"dh") {
            (&rest[..1], 2)
        } else if rest.starts_with(b"ts") || rest.starts_with(b"tz") {
            (b"Z", 2)
        } else if rest.starts_with(b"ck") || rest.starts_with(b"kk") {
            (b"k", 2)
        } else if rest.starts_with(b"ou") || rest.starts_with(b"oo") {
            (b"u", 2)
        } else if rest.starts_with(b"ee") {
            (b"i", 2)
        } else {
            let ch = rest[0];
            let next = at(idx + 1);
            let emit: &[u8] = match ch {
                b'c' if matches!(next, b'e' | b'i' | b'y') => b"s",
                b'c' => b"k",
                b'q' => b"g",
                b'x' => b"ks",
                b'w' => b"v",
                b'y' => b"i",
                b'j' => b"i",
                // A final h is often silent (Allah/Alla, Fatimah/Fatima), and
                // so is an initial h before a consonant (Htun/Tun).
                b'h' if idx > 0 && next == 0 => b"",
                b'h' if idx == 0 && next != 0 && !is_vowel(next) => b"",
                // Ukrainian and Belarusian г is romanised h where Russian
                // has g (Serhiy/Sergey, Olha/Olga): after r, l, n, m before a vowel.
                b'h' if idx > 0
                    && matches!(bytes[idx - 1], b'r' | b'l' | b'n' | b'm')
                    && is_vowel(next) =>
                {
                    b"g"
                }
                _ => &rest[..1],
            };
            (emit, 1)
        };
        out.extend_from_slice(emit);
        idx += used;
    }
    // Initial "ie"/"ia"/"iu" from Ye-/Ya-/Yu- spellings: drop the glide before e.
    if out.starts_with(b"ie") {
        out.remove(0);
    }
    // Romanoff → romanov.
    if out.ends_with(b"ff") || (out.ends_with(b"f") && out.len() > 4) {
        let len = out.len();
        out.truncate(len - if out.ends_with(b"ff") { 2 } else { 1 });
        out.push(b'v');
    }
    out.dedup();
    // Baltic nominative endings (Lavrovs, Sergejs, Putins): a final s after
    // a consonant or a glide goes.
    if out.len() >= 6 && out.last() == Some(&b's') && !is_vowel(out[out.len() - 2]) {
        out.pop();
    } else if out.len() >= 7 && (out.ends_with(b"as") || out.ends_with(b"us")) {
        // Lithuanian -as/-us (Putinas, Vladimiras).
        out.truncate(out.len() - 2);
    }
    // Patronymic endings of Russian, Ukrainian and Belarusian spellings
    // (-ovich, -iyovych, -avich; -ovna, -ivna, -auna) meet.
    for (endings, canonical) in [
        (
            &[&b"ioviC"[..], b"ieviC", b"oviC", b"aviC", b"iviC"][..],
            &b"eviC"[..],
        ),
        (&[&b"ovna"[..], b"ivna", b"avna", b"auna"][..], &b"evna"[..]),
    ] {
        if let Some(ending) = endings
            .iter()
            .find(|ending| out.len() > ending.len() + 2 && out.ends_with(ending))
        {
            out.truncate(out.len() - ending.len());
            out.extend_from_slice(canonical);
            break;
        }
    }
    // -iy/-ii/-yi/-ij endings all become "i" after the folds above.
    String::from_utf8(out).unwrap_or_default()
}

/// The consonant skeleton of a phonetic key: vowels and glides dropped,
/// consonants folded as in [`abjad_key`] ("muhammad" and "mohammed" both
/// give "mhmd", "tarek" and "tariq" both "trk").
pub fn skeleton(key: &str) -> String {
    abjad_key(key)
}

/// A consonant key for comparing names written in an abjad (Arabic,
/// Hebrew), whose transliteration drops short vowels, with Latin spellings:
/// vowels and the glides w/y are dropped, p→b, v→f, g→j, q/c→k, a final h
/// dropped, doubled letters collapsed ("fernando" and فرناندو "frnndw" both
/// give "frnd").
pub fn abjad_key(latin: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(latin.len());
    let mut letters: Vec<u8> = latin.bytes().collect();
    // Doubled letters are collapsed before vowels go, so that "aziz" keeps
    // both z ("zz", as عزيز "zyz") while "muhammad" gives "mhmd".
    letters.dedup();
    for ch in letters {
        let mapped = match ch {
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w' => continue,
            b'p' => b'b',
            b'v' => b'f',
            b'g' => b'j',
            b'q' | b'c' => b'k',
            b'x' => b'k',
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => ch,
            _ => continue,
        };
        out.push(mapped);
    }
    if out.len() > 2 && out.last() == Some(&b'h') {
        out.pop();
    }
    String::from_utf8(out).unwrap_or_default()
}

fn is_vowel(ch: u8) -> bool {
    matches!(ch, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meet(left: &str, right: &str) {
        assert_eq!(phonetic_key(left), phonetic_key(right), "{left} vs {right}");
    }

    #[test]
    fn variants_meet() {
        meet("zakharov", "zaharov");
        meet("yevgeny", "evgeniy");
        meet("evgeni", "evgenii");
        meet("evgenij", "yevgeniy");
        meet("aleksandr", "alexandr");
        meet("romanoff", "romanov");
        meet("khodorkovsky", "khodorkovskiy");
        meet("tchaikovsky", "chaikovskii");
        meet("shchukin", "schukin");
        meet("sergei", "sergey");
        meet("jurij", "yuriy");
        meet("ghaani", "qaani");
        meet("qadhafi", "gaddafi");
        meet("mikhail", "mihail");
        meet("serhiy", "sergiy");
        meet("olha", "olga");
        meet("vitaliyovych", "vitalievich");
        meet("mykhailivna", "mikhailovna");
        meet("lavrovs", "lavrov");
        meet("sergejs", "sergey");
        meet("putinas", "putin");
        meet("htun", "tun");
        assert_ne!(phonetic_key("muhandis"), phonetic_key("muhandi"));
    }

    #[test]
    fn abjad_keys() {
        assert_eq!(abjad_key("fernando"), "frnnd");
        assert_eq!(abjad_key("perez"), abjad_key("byryz"));
        assert_eq!(abjad_key("vladimir"), abjad_key("fldymyr"));
        assert_eq!(abjad_key("putin"), abjad_key("bwtyn"));
        assert_eq!(abjad_key("aziz"), abjad_key("zyz"));
        assert_eq!(abjad_key("muhammad"), abjad_key("mhmd"));
    }

    #[test]
    fn skeletons() {
        assert_eq!(
            skeleton(&phonetic_key("muhammad")),
            skeleton(&phonetic_key("mohammed"))
        );
        assert_ne!(phonetic_key("daniel"), phonetic_key("donald"));
    }
}
