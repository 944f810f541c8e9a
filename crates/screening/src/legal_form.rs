//! Legal forms across languages and scripts ("Co., Ltd.", "Company Limited",
//! ООО, 有限公司, GmbH, S.p.A., Sp. z o.o. ...), mapped to a canonical type
//! and a family. Phrases are matched on phonetic keys of the transliterated
//! words, so "obshchestvo s ogranichennoi otvetstvennostiu" and the GOST
//! spelling of the same words both map to `llc`.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::phonetic::phonetic_key;

/// Broad kind of legal form. Two names whose forms are of the same family
/// agree (ООО ↔ LLC ↔ GmbH); different commercial families are a mild
/// disagreement; commercial vs non-profit or state forms a stronger one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegalFamily {
    /// Private limited liability: LLC, Ltd, GmbH, SARL, S.r.l., Sp. z o.o., BV...
    LimitedLiability,
    /// Share / joint-stock companies: JSC, PJSC, AG, SA, NV, S.p.A., PLC, AŞ...
    JointStock,
    /// Partnerships: LP, LLP, KG, OHG.
    Partnership,
    /// Generic incorporations: Inc, Corp, Co.
    Corporation,
    /// Free-zone establishments: FZE, FZCO, DMCC.
    FreeZone,
    /// Non-commercial: autonomous non-profit organisation, foundation, NGO.
    NonProfit,
    /// State enterprises: FGUP, GUP, SUE, state unitary enterprise.
    State,
}

/// A recognised legal form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LegalForm {
    /// Canonical short type, e.g. `llc`, `jsc`, `ltd`, `gmbh`.
    pub canonical: &'static str,
    /// Family for agreement scoring.
    pub family: LegalFamily,
}

use LegalFamily::*;

/// (phrase as normalised Latin words, canonical, family, may stand mid-name).
/// Short ambiguous phrases (`sa`, `ag`, `co`...) only count at either end.
const LEGAL_PHRASES: &[(&str, &str, LegalFamily)] = &[
    ("limited liability company", "llc", LimitedLiability),
    ("limited liability partnership", "llp", LimitedLiability),
    ("limited partnership", "lp", Partnership),
    ("l l c", "llc", LimitedLiability),
    ("llc", "llc", LimitedLiability),
    ("ltd liability co", "llc", LimitedLiability),
    ("fz llc", "fzllc", FreeZone),
    (
        "obshchestvo s ogranichennoi otvetstvennostiu",
        "llc",
        LimitedLiability,
    ),
    (
        "tovarystvo z obmezhenoiu vidpovidalnistiu",
        "llc",
        LimitedLiability,
    ),
    ("ooo", "llc", LimitedLiability),
    ("tov", "llc", LimitedLiability),
    ("too", "llc", LimitedLiability),
    ("co ltd", "ltd", LimitedLiability),
    ("co limited", "ltd", LimitedLiability),
    ("company limited", "ltd", LimitedLiability),
    ("company ltd", "ltd", LimitedLiability),
    ("private limited company", "ltd", LimitedLiability),
    ("private limited", "ltd", LimitedLiability),
    ("pvt ltd", "ltd", LimitedLiability),
    ("pte ltd", "ltd", LimitedLiability),
    ("pty ltd", "ltd", LimitedLiability),
    ("sdn bhd", "ltd", LimitedLiability),
    ("ltd sti", "ltd", LimitedLiability),
    ("limited sirketi", "ltd", LimitedLiability),
    ("ltd", "ltd", LimitedLiability),
    ("limited", "ltd", LimitedLiability),
    (
        "gesellschaft mit beschrankter haftung",
        "gmbh",
        LimitedLiability,
    ),
    ("gmbh", "gmbh", LimitedLiability),
    ("sp z o o", "spzoo", LimitedLiability),
    (
        "spolka z ograniczona odpowiedzialnoscia",
        "spzoo",
        LimitedLiability,
    ),
    ("societe a responsabilite limitee", "sarl", LimitedLiability),
    ("s a r l", "sarl", LimitedLiability),
    ("sarl", "sarl", LimitedLiability),
    ("societa a responsabilita limitata", "srl", LimitedLiability),
    ("societatea cu raspundere limitata", "srl", LimitedLiability),
    ("s r l", "srl", LimitedLiability),
    ("srl", "srl", LimitedLiability),
    (
        "sociedad de responsabilidad limitada",
        "srl",
        LimitedLiability,
    ),
    ("s de rl", "srl", LimitedLiability),
    ("ltda", "ltda", LimitedLiability),
    ("b v", "bv", LimitedLiability),
    ("bv", "bv", LimitedLiability),
    ("besloten vennootschap", "bv", LimitedLiability),
    ("aps", "aps", LimitedLiability),
    ("sro", "sro", LimitedLiability),
    ("s r o", "sro", LimitedLiability),
    ("kft", "kft", LimitedLiability),
    ("doo", "doo", LimitedLiability),
    ("d o o", "doo", LimitedLiability),
    ("eood", "eood", LimitedLiability),
    ("ood", "ood", LimitedLiability),
    ("sl", "sl", LimitedLiability),
    ("public joint stock company", "pjsc", JointStock),
    ("open joint stock company", "ojsc", JointStock),
    ("closed joint stock company", "cjsc", JointStock),
    ("joint stock company", "jsc", JointStock),
    ("jsc", "jsc", JointStock),
    ("ojsc", "ojsc", JointStock),
    ("pjsc", "pjsc", JointStock),
    ("cjsc", "cjsc", JointStock),
    ("publichnoe aktsionernoe obshchestvo", "pjsc", JointStock),
    ("otkrytoe aktsionernoe obshchestvo", "ojsc", JointStock),
    ("zakrytoe aktsionernoe obshchestvo", "cjsc", JointStock),
    ("aktsionernoe obshchestvo", "jsc", JointStock),
    ("aktsionerne tovarystvo", "jsc", JointStock),
    ("pao", "pjsc", JointStock),
    ("oao", "ojsc", JointStock),
    ("zao", "cjsc", JointStock),
    ("ao", "jsc", JointStock),
    ("pat", "pjsc", JointStock),
    ("prat", "jsc", JointStock),
    ("at", "jsc", JointStock),
    ("public limited company", "plc", JointStock),
    ("plc", "plc", JointStock),
    ("p l c", "plc", JointStock),
    ("aktiengesellschaft", "ag", JointStock),
    ("ag", "ag", JointStock),
    ("societe anonyme", "sa", JointStock),
    ("sociedad anonima", "sa", JointStock),
    ("s a de c v", "sa", JointStock),
    ("sa de cv", "sa", JointStock),
    ("s a", "sa", JointStock),
    ("sa", "sa", JointStock),
    ("sas", "sas", JointStock),
    ("s a s", "sas", JointStock),
    ("societe par actions simplifiee", "sas", JointStock),
    ("societa per azioni", "spa", JointStock),
    ("s p a", "spa", JointStock),
    ("spa", "spa", JointStock),
    ("n v", "nv", JointStock),
    ("nv", "nv", JointStock),
    ("naamloze vennootschap", "nv", JointStock),
    ("anonim sirketi", "as", JointStock),
    ("a s", "as", JointStock),
    ("as", "as", JointStock),
    ("asa", "asa", JointStock),
    ("ab", "ab", JointStock),
    ("oy", "oy", JointStock),
    ("oyj", "oyj", JointStock),
    ("kabushiki kaisha", "kk", JointStock),
    ("kk", "kk", JointStock),
    ("berhad", "bhd", JointStock),
    ("bhd", "bhd", JointStock),
    ("tbk", "tbk", JointStock),
    ("pt", "pt", JointStock),
    ("ad", "ad", JointStock),
    ("dd", "dd", JointStock),
    ("llp", "llp", LimitedLiability),
    ("l l p", "llp", LimitedLiability),
    ("lp", "lp", Partnership),
    ("l p", "lp", Partnership),
    ("kg", "kg", Partnership),
    ("gmbh co kg", "kg", Partnership),
    ("ohg", "ohg", Partnership),
    ("kommanditgesellschaft", "kg", Partnership),
    ("incorporated", "inc", Corporation),
    ("inc", "inc", Corporation),
    ("corporation", "corp", Corporation),
    ("corp", "corp", Corporation),
    ("company", "co", Corporation),
    ("co", "co", Corporation),
    ("fze", "fze", FreeZone),
    ("fzco", "fzco", FreeZone),
    ("fzc", "fzco", FreeZone),
    ("fz co", "fzco", FreeZone),
    ("dmcc", "dmcc", FreeZone),
    ("ano", "ano", NonProfit),
    (
        "avtonomnaia nekommercheskaia organizatsiia",
        "ano",
        NonProfit,
    ),
    ("ngo", "ngo", NonProfit),
    ("nko", "nko", NonProfit),
    ("fgup", "sue", State),
    ("gup", "sue", State),
    ("fgbu", "fsbi", State),
    ("fsue", "sue", State),
    ("federal state unitary enterprise", "sue", State),
    ("state unitary enterprise", "sue", State),
    (
        "federalnoe gosudarstvennoe unitarnoe predpriiatie",
        "sue",
        State,
    ),
];

/// A phrase turned into phonetic keys, ready for matching.
struct Phrase {
    keys: Vec<String>,
    words: Vec<&'static str>,
    form: LegalForm,
}

/// Phrases by their first word's key, longest first within each list.
static PHRASES_BY_FIRST: LazyLock<HashMap<&'static str, Vec<&'static Phrase>>> =
    LazyLock::new(|| {
        let mut index: HashMap<&'static str, Vec<&'static Phrase>> = HashMap::new();
        for phrase in PHRASES.iter() {
            if let Some(first) = phrase.keys.first() {
                index.entry(first.as_str()).or_default().push(phrase);
            }
        }
        index
    });

static PHRASES: LazyLock<Vec<Phrase>> = LazyLock::new(|| {
    let mut phrases: Vec<Phrase> = LEGAL_PHRASES
        .iter()
        .map(|(words, canonical, family)| Phrase {
            keys: words.split(' ').map(phonetic_key).collect(),
            words: words.split(' ').collect(),
            form: LegalForm {
                canonical,
                family: *family,
            },
        })
        .collect();
    // Longest first so "co ltd" wins over "co".
    phrases.sort_by_key(|phrase| std::cmp::Reverse(phrase.keys.len()));
    phrases
});

/// Looks up a single phrase, given as normalised Latin words.
///
/// ```
/// use chokepoint_screening::legal_form::lookup;
/// assert_eq!(lookup("co ltd").unwrap().canonical, "ltd");
/// assert_eq!(lookup("ooo").unwrap().canonical, "llc");
/// assert!(lookup("energy").is_none());
/// ```
pub fn lookup(phrase: &str) -> Option<LegalForm> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let keys: Vec<String> = words.iter().map(|word| phonetic_key(word)).collect();
    let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    match_at(&words, &key_refs, 0, true)
        .filter(|(len, _)| *len == words.len())
        .map(|(_, form)| form)
}

/// Finds the longest legal-form phrase starting at `start` in a sequence of
/// words (with their phonetic keys). Short phrases (one word of up to three
/// letters) only count when `allow_short`, which callers give at either end
/// of a name. Returns the number of words used and the form.
pub fn match_at(
    words: &[&str],
    keys: &[&str],
    start: usize,
    allow_short: bool,
) -> Option<(usize, LegalForm)> {
    let rest_keys = keys.get(start..)?;
    let rest_words = words.get(start..)?;
    PHRASES_BY_FIRST
        .get(rest_keys.first()?)?
        .iter()
        .filter(|phrase| phrase.keys.len() <= rest_keys.len())
        .filter(|phrase| allow_short || !is_short(phrase))
        .find(|phrase| {
            phrase
                .keys
                .iter()
                .zip(phrase.words.iter())
                .enumerate()
                .all(|(idx, (key, word))| {
                    // Short words must be spelled exactly ("c" is not "kk").
                    if word.len() <= 3 {
                        rest_words[idx] == *word
                    } else {
                        rest_keys[idx] == key
                    }
                })
        })
        .map(|phrase| (phrase.keys.len(), phrase.form))
}

/// Like [`match_at`] for a name cut short by a list's field width: the
/// phrase must run to the end of `words`, its last word may be truncated to
/// a prefix of at least three letters ("joint stock compan"), and it must
/// have at least two words.
pub fn match_truncated_at(words: &[&str], start: usize) -> Option<(usize, LegalForm)> {
    let rest = words.get(start..)?;
    let (last, full) = rest.split_last()?;
    if last.len() < 3 || full.is_empty() {
        return None;
    }
    PHRASES
        .iter()
        .filter(|phrase| phrase.words.len() == rest.len())
        .find(|phrase| {
            phrase.words[..full.len()] == *full
                && phrase.words[full.len()].starts_with(last)
                && phrase.words[full.len()].len() > last.len()
        })
        .map(|phrase| (phrase.words.len(), phrase.form))
}

fn is_short(phrase: &Phrase) -> bool {
    phrase.keys.len() == 1 && phrase.keys[0].len() <= 3
}

/// How well two sets of legal forms agree, in -1..=1: 1 when a canonical type
/// is shared, 0.5 for the same family, 0 when either side has none, 0.25 when one is a generic Inc/Corp/Co, -0.6 for
/// different commercial families, -1 for commercial vs non-profit/state.
pub fn agreement(left: &[LegalForm], right: &[LegalForm]) -> f64 {
    if left.is_empty() || right.is_empty() {
        return 0.0;
    }
    let mut best = -1.0f64;
    for a in left {
        for b in right {
            let value = if a.canonical == b.canonical {
                1.0
            } else if a.family == b.family {
                0.5
            } else if is_commercial(a.family) && is_commercial(b.family) {
                if a.family == Corporation || b.family == Corporation {
                    0.25
                } else {
                    -0.6
                }
            } else {
                -1.0
            };
            best = best.max(value);
        }
    }
    best
}

fn is_commercial(family: LegalFamily) -> bool {
    !matches!(family, NonProfit | State)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(phrase: &str, canonical: &str) {
        assert_eq!(
            lookup(phrase).map(|form| form.canonical),
            Some(canonical),
            "{phrase}"
        );
    }

    #[test]
    fn forms_map() {
        check("co ltd", "ltd");
        check("company limited", "ltd");
        check("limited", "ltd");
        check("ltd", "ltd");
        check("ooo", "llc");
        check("llc", "llc");
        check("limited liability company", "llc");
        check("obshchestvo s ogranichennoy otvetstvennostyu", "llc");
        check("oao", "ojsc");
        check("pao", "pjsc");
        check("zao", "cjsc");
        check("ao", "jsc");
        check("gmbh", "gmbh");
        check("ag", "ag");
        check("sp z o o", "spzoo");
        check("s p a", "spa");
        check("s r l", "srl");
        check("a s", "as");
        check("ltd sti", "ltd");
        check("fzco", "fzco");
        check("dmcc", "dmcc");
    }

    #[test]
    fn truncated_forms() {
        let words = ["tactical", "missiles", "joint", "stock", "compan"];
        assert_eq!(
            match_truncated_at(&words, 2).map(|(len, form)| (len, form.canonical)),
            Some((3, "jsc"))
        );
        assert!(match_truncated_at(&words, 4).is_none());
    }

    #[test]
    fn agreement_levels() {
        let llc = lookup("ooo").unwrap_or(LegalForm {
            canonical: "",
            family: State,
        });
        let llc2 = lookup("llc").unwrap_or(llc);
        let gmbh = lookup("gmbh").unwrap_or(llc);
        let ano = lookup("ano").unwrap_or(llc);
        assert_eq!(agreement(&[llc], &[llc2]), 1.0);
        assert_eq!(agreement(&[llc], &[gmbh]), 0.5);
        let ag = lookup("ag").unwrap_or(llc);
        assert_eq!(agreement(&[ag], &[gmbh]), -0.6);
        assert_eq!(agreement(&[llc], &[ano]), -1.0);
        assert_eq!(agreement(&[], &[ano]), 0.0);
    }

    #[test]
    fn table_invariants() {
        for (idx, (words, canonical, _)) in LEGAL_PHRASES.iter().enumerate() {
            assert!(!canonical.is_empty());
            assert_eq!(crate::normalize(words), *words, "phrase not normalised");
            assert!(
                !LEGAL_PHRASES[idx + 1..]
                    .iter()
                    .any(|(other, _, _)| other == words),
                "duplicate {words}"
            );
        }
    }
}
