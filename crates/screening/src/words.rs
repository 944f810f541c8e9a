//! Word tables typed in by us: particles, titles, common given names,
//! generic business words (with translations from other languages) and
//! spelling variants. Facts, not logic; see [`crate::tokens`] for their use.

use std::collections::HashSet;
use std::sync::LazyLock;

/// A set of words with constant-time lookup, built on first use.
pub struct WordSet {
    #[cfg_attr(not(test), allow(dead_code))]
    words: &'static [&'static str],
    set: LazyLock<HashSet<&'static str>>,
}

impl WordSet {
    /// Whether `word` is in the set.
    pub fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }

    /// The words, in table order.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

/// Declares a [`WordSet`] from a list of string literals.
macro_rules! word_set {
    ($(#[$meta:meta])* $name:ident = [$($word:literal),* $(,)?]) => {
        $(#[$meta])*
        pub static $name: WordSet = WordSet {
            words: &[$($word),*],
            set: LazyLock::new(|| [$($word),*].into_iter().collect()),
        };
    };
}

word_set! {
    /// Particles and stop words in names of any kind.
    #[rustfmt::skip]
    PARTICLES = [
        "the", "of", "and", "for", "in", "on", "at", "to", "a", "an", "de", "del", "della", "der",
        "den", "des", "du", "da", "das", "dos", "di", "do", "la", "le", "les", "los", "las", "el",
        "al", "ul", "ur", "bin", "ibn", "bint", "ben", "van", "von", "zu", "und", "et", "y", "e", "i",
        "u", "och", "og", "ve", "dan", "wa", "s", "z", "v", "na", "po", "im",
    ]
}

word_set! {
    /// Honorifics and titles dropped to a tiny weight in person names.
    #[rustfmt::skip]
    TITLES = [
        "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "lord", "lady", "sheikh", "shaikh", "shaykh",
        "sheik", "haji", "hajji", "hadji", "mullah", "mulla", "maulvi", "mawlawi", "maulana", "qari",
        "imam", "president", "presidente", "prasident", "president", "gen", "general", "col",
        "colonel", "maj", "major", "capt", "captain", "lt", "sgt", "admiral", "adm", "rev",
        "reverend", "father", "hon", "honorable", "excellency", "his", "her", "king", "queen",
        "prince", "princess", "emir", "amir", "sayyid", "sayed", "seyed", "syed", "engr", "eng",
        "presiden", "prezident", "predsjednik", "presedintele", "elnok", "minister", "senator",
        "judge",
    ]
}

word_set! {
    /// Very common given names: matching them says little on its own.
    #[rustfmt::skip]
    COMMON_NAMES = [
        "muhammad", "ahmad", "ahmed", "ali", "hassan", "hasan", "hussein", "husain", "hussain", "abd",
        "abdullah", "abdallah", "omar", "umar", "mahmoud", "mahmud", "ibrahim", "khalid", "mustafa",
        "mostafa", "yusuf", "youssef", "john", "james", "david", "michael", "robert", "maria", "jose",
        "juan", "kim", "lee", "li", "wang", "zhang", "chen", "liu", "nguyen", "alexander",
        "aleksandr", "sergey", "sergei", "vladimir", "andrey", "andrei", "dmitry", "dmitriy",
        "nikolay", "nikolai", "igor", "oleg", "ivan", "viktor", "yuri", "yuriy",
    ]
}

word_set! {
    /// Generic words in organisation names: low weight, still compared.
    #[rustfmt::skip]
    GENERIC_WORDS = [
        "technology", "trading", "international", "group", "industry", "electronics", "holding",
        "company", "import", "export", "service", "system", "digital", "global", "general",
        "development", "investment", "network", "information", "software", "communication",
        "communications", "machinery", "equipment", "manufacturing", "logistics", "engineering",
        "management", "consulting", "enterprise", "solutions", "products", "partners", "capital",
        "resources", "national", "science", "scientific", "research", "institute", "center", "centre",
        "association", "foundation", "society", "union", "commercial", "business", "world",
        "universal", "united", "new", "bank", "finance", "financial", "construction", "factory",
        "plant", "production", "project", "projects", "supply", "agency", "office", "branch",
        "limited", "corporation", "firm", "transport", "bureau", "design", "state", "federal",
        "republic", "ministry", "organization", "organisation", "establishment", "authority",
        "department", "directorate", "council", "committee", "fund", "sciences", "university",
        "academy", "school", "college", "brothers", "sons", "trust", "ventures", "venture",
        "commerce", "exchange", "market", "tools", "parts", "components", "devices", "labs",
        "laboratory", "applied", "advanced", "integrated", "intelligent", "smart", "innovation",
        "innovations", "complex", "public", "joint", "private", "corporacion", "compania",
        "compagnie", "societe", "sociedad", "societa", "empresa", "empresas", "industrias",
        "servicios", "comercial", "comercializadora", "distribuidora", "constructora", "inversiones",
        "internacional", "nacional", "exportaciones", "importaciones", "inmobiliaria",
        "multiservicios", "grupo", "foreningen", "firma", "gesellschaft", "handels", "unternehmen",
        "werke", "stiftung", "verein", "sherkat", "sazeman", "sazman", "sanaye", "sanayi", "bonyad",
        "moassese", "tejarat", "bazargani", "kompaniya", "kompaniia", "obshchestvo", "predpriyatie",
        "predpriiatie", "zavod", "kombinat", "nauchno", "proizvodstvennoe", "obedinenie", "tsentr",
        "institut", "gosudarstvennyi", "federalnoe", "tekhnologii", "mezhdunarodnyi", "torgovyi",
        "sharikat", "sharika", "muassasat", "jamiat", "hayat",
    ]
}

word_set! {
    /// Country and major-region words, generic in company names.
    #[rustfmt::skip]
    COUNTRY_WORDS = [
        "china", "chinese", "russia", "russian", "iran", "iranian", "korea", "korean", "syria",
        "syrian", "america", "american", "european", "europe", "asia", "asian", "middle", "east",
        "west", "north", "south", "hong", "kong", "hongkong", "emirates", "arab", "islamic", "persian", "gulf",
    ]
}

/// Generic business words of other languages, as transliterated stems, and
/// their English form (typed-in facts). A word matches when it starts with
/// the stem and at most four letters (an inflection) follow.
pub const GENERIC_TRANSLATIONS: &[(&str, &str)] = &[
    // Russian / Ukrainian / Belarusian (as romanised).
    ("zavod", "plant"),
    ("kombinat", "plant"),
    ("predpriyat", "enterprise"),
    ("predpriiat", "enterprise"),
    ("pidpryiemstv", "enterprise"),
    ("obshchestv", "society"),
    ("tsentr", "center"),
    ("nauchn", "scientific"),
    ("issledovatel", "research"),
    ("gosudarstvenn", "state"),
    ("federaln", "federal"),
    ("korporatsi", "corporation"),
    ("kompani", "company"),
    ("gruppa", "group"),
    ("kholding", "holding"),
    ("tekhnologi", "technology"),
    ("promyshlenn", "industry"),
    ("torgov", "trading"),
    ("mezhdunarodn", "international"),
    ("elektron", "electronics"),
    ("khimichesk", "chemical"),
    ("stroitel", "construction"),
    ("transportn", "transport"),
    ("inzhenern", "engineering"),
    ("investitsi", "investment"),
    ("upravleni", "management"),
    ("bank", "bank"),
    ("ministerstv", "ministry"),
    ("institut", "institute"),
    ("obedineni", "association"),
    ("kontsern", "concern"),
    ("agentstv", "agency"),
    // Turkish.
    ("sanayi", "industry"),
    ("ticaret", "trading"),
    ("teknoloji", "technology"),
    ("inovasyon", "innovation"),
    ("muhendislik", "engineering"),
    ("insaat", "construction"),
    ("elektronik", "electronics"),
    ("uluslararasi", "international"),
    ("holding", "holding"),
    ("pazarlama", "marketing"),
    ("lojistik", "logistics"),
    ("dis", "foreign"),
    // Persian (as romanised on sanctions lists).
    ("sanaye", "industry"),
    ("sanaat", "industry"),
    ("tejarat", "trading"),
    ("bazargan", "commercial"),
    ("sherkat", "company"),
    ("sazeman", "organization"),
    ("sazman", "organization"),
    ("bonyad", "foundation"),
    ("moassese", "institute"),
    ("tose", "development"),
    ("mohandes", "engineering"),
    ("saderat", "export"),
    ("tolid", "production"),
    // Spanish / Portuguese / French / Italian / German.
    ("industria", "industry"),
    ("servicio", "service"),
    ("servico", "service"),
    ("comerci", "commercial"),
    ("internacional", "international"),
    ("corporacion", "corporation"),
    ("compania", "company"),
    ("compagnie", "company"),
    ("societe", "society"),
    ("sociedad", "society"),
    ("empresa", "enterprise"),
    ("inversion", "investment"),
    ("tecnologi", "technology"),
    ("technologie", "technology"),
    ("ingenieria", "engineering"),
    ("exportacion", "export"),
    ("importacion", "import"),
    ("fundacion", "foundation"),
    ("fondation", "foundation"),
    ("banco", "bank"),
    ("banque", "bank"),
    ("gesellschaft", "society"),
    ("handels", "trading"),
    ("stiftung", "foundation"),
    ("anstalt", "establishment"),
    // Arabic (as romanised).
    ("sharik", "company"),
    ("muassas", "institute"),
    ("jamiy", "society"),
    ("jamiat", "society"),
];

/// The English form of a generic word of another language, if any.
pub fn translate_generic(text: &str) -> Option<&'static str> {
    GENERIC_TRANSLATIONS
        .iter()
        .find(|(stem, _)| text.starts_with(stem) && text.len() <= stem.len() + 4)
        .map(|(_, english)| *english)
}

/// Maps spelling variants and abbreviations of generic words to one form.
pub fn fold_synonym(text: &str) -> Option<&'static str> {
    let folded = match text {
        "technologies" | "tech" | "technological" | "technologie" | "tecnologia" => "technology",
        "intl" | "internacional" | "internationale" | "int" => "international",
        "industries" | "industrial" | "ind" | "inds" | "industria" | "industrie" => "industry",
        "electronic" | "elektronik" | "electronica" => "electronics",
        "systems" | "sys" => "system",
        "services" | "svc" | "svcs" | "servicios" => "service",
        "holdings" | "hldgs" | "holding" => "holding",
        "trade" | "trading" | "traders" => "trading",
        "mfg" | "manufacturers" | "manufacturer" => "manufacturing",
        "natl" | "nat" => "national",
        "grp" | "groupe" | "gruppa" | "grupo" | "gruppe" => "group",
        "bros" => "brothers",
        "assn" | "assoc" => "association",
        "dept" => "department",
        "univ" => "university",
        "mgmt" => "management",
        "invest" | "investments" => "investment",
        "enterprises" | "ent" => "enterprise",
        "imp" => "import",
        "exp" => "export",
        "saint" | "st" | "sankt" => "saint",
        "mohammed" | "mohammad" | "muhammed" | "mohamed" | "muhamad" | "mohamad" | "muhammet"
        | "mehmet" | "mohd" | "muhd" | "md" => "muhammad",
        "abdul" | "abdel" | "abdal" | "abdol" => "abd",
        _ => return None,
    };
    Some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_normalised() {
        for set in [
            &PARTICLES,
            &TITLES,
            &COMMON_NAMES,
            &GENERIC_WORDS,
            &COUNTRY_WORDS,
        ] {
            for word in set.words() {
                assert_eq!(crate::normalize(word), *word);
                assert!(set.contains(word));
            }
        }
        for (stem, english) in GENERIC_TRANSLATIONS {
            assert_eq!(crate::normalize(stem), *stem);
            assert_eq!(crate::normalize(english), *english);
        }
    }
}
