//! Names prepared once for many comparisons: schema, normalised text,
//! transliterated and classified tokens, legal forms, numbers, countries.

use crate::legal_form::{self, LegalForm};
use crate::normalize::normalize;
use crate::person::natural_order;
use crate::phonetic::phonetic_key;
use crate::tokens::{Token, TokenClass};
use crate::translit::{LatinPiece, Script, transliterate_word};

use chokepoint_model::Schema;

/// A name normalised, transliterated and tokenised once, reusable for any
/// number of comparisons (the candidate index keeps these).
#[derive(Debug, Clone)]
pub struct PreparedName {
    original: String,
    normalized: String,
    schema: Schema,
    tokens: Vec<Token>,
    legal_forms: Vec<LegalForm>,
    compact: String,
    alias_parts: Option<(String, String)>,
}

impl PreparedName {
    /// Prepares `name` as a name of the given schema.
    ///
    /// ```
    /// use chokepoint_screening::{PreparedName, Schema};
    /// let name = PreparedName::new("Samsung Electronics Co., Ltd.", Schema::Company);
    /// assert_eq!(name.token_texts(), ["samsung", "electronics"]);
    /// assert_eq!(name.legal_forms()[0].canonical, "ltd");
    /// ```
    pub fn new(name: &str, schema: Schema) -> PreparedName {
        let is_person = schema == Schema::Person;
        let ordered = if is_person {
            natural_order(name)
        } else {
            std::borrow::Cow::Borrowed(name)
        };
        let normalized = normalize(&ordered);
        let (main, remark) = split_parenthetical(&ordered);
        // A place in parentheses qualifies the name ("Bowne (Spain)"): its
        // words stay ordinary tokens. Other remarks are aliases or acronyms.
        // So does a remark followed by nothing but a legal form: "Cardell
        // Instruments (Shanghai) Co., Ltd." is the Shanghai company of the
        // name, not a company called "Shanghai".
        let remark_is_place = remark.as_deref().is_some_and(|remark| {
            chokepoint_model::Country::lookup(remark.trim()).is_ok()
                || qualifies_a_legal_form(&ordered, schema)
        });
        let (main, remark) = if remark_is_place {
            (ordered.to_string(), None)
        } else {
            (main, remark)
        };
        let (mut tokens, mut legal_forms) = tokenize(&normalize(&main), schema);
        let alias_parts = remark.as_ref().map(|remark| (main.clone(), remark.clone()));
        if let Some(remark) = remark {
            let (mut extra, forms) = tokenize(&normalize(&remark), schema);
            for token in &mut extra {
                token.optional = true;
                token.weight *= PARENTHETICAL_WEIGHT;
            }
            tokens.append(&mut extra);
            legal_forms.extend(forms);
        }
        let compact: String = normalized.chars().filter(|ch| *ch != ' ').collect();
        PreparedName {
            original: name.to_string(),
            normalized,
            schema,
            tokens,
            legal_forms,
            compact,
            alias_parts,
        }
    }
}

/// Tokens kept per name part: no real name is longer, and comparison cost
/// grows with the product of both lengths.
const MAX_TOKENS: usize = 48;

/// Weight factor of tokens from a parenthetical remark.
const PARENTHETICAL_WEIGHT: f64 = 0.3;

/// Whether the text after the last closing parenthesis is a legal form and
/// nothing else ("X (Shenzhen) Co., Ltd.", "X（深圳）有限公司").
fn qualifies_a_legal_form(text: &str, schema: Schema) -> bool {
    let Some(end) = text.rfind([')', ']', '）']) else {
        return false;
    };
    let rest = &text[end + text[end..].chars().next().map_or(1, char::len_utf8)..];
    // Legal forms are recognised after a name word, so give them one.
    let (tokens, forms) = tokenize(&normalize(&format!("qualified {rest}")), schema);
    tokens.len() == 1 && !forms.is_empty()
}

/// Splits "Main Name (remark)" into the main text and the remarks; when
/// nothing but remarks has letters, the whole text is the main text.
fn split_parenthetical(text: &str) -> (String, Option<String>) {
    if !text.contains(['(', '[']) {
        return (text.to_string(), None);
    }
    let mut main = String::with_capacity(text.len());
    let mut remark = String::new();
    let mut depth = 0usize;
    for ch in text.chars() {
        match ch {
            '(' | '[' => {
                depth += 1;
                main.push(' ');
                remark.push(' ');
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                main.push(' ');
                remark.push(' ');
            }
            _ if depth > 0 => remark.push(ch),
            _ => main.push(ch),
        }
    }
    if !main.chars().any(char::is_alphanumeric) {
        return (text.to_string(), None);
    }
    let remark = remark.chars().any(char::is_alphanumeric).then_some(remark);
    (main, remark)
}

/// Tokenises a normalised text: transliteration, legal forms (for
/// organisations), acronym joining, classification.
fn tokenize(normalized: &str, schema: Schema) -> (Vec<Token>, Vec<LegalForm>) {
    let is_person = schema == Schema::Person;
    {
        let mut pieces: Vec<LatinPiece> = Vec::new();
        for word in normalized.split(' ').filter(|word| !word.is_empty()) {
            transliterate_word(word, &mut pieces);
        }
        let mut words: Vec<LatinPiece> = Vec::with_capacity(pieces.len());
        for piece in pieces {
            if piece.text.contains(' ') {
                for part in piece.text.split(' ').filter(|part| !part.is_empty()) {
                    words.push(LatinPiece {
                        text: part.to_string(),
                        ..piece.clone()
                    });
                }
            } else {
                words.push(piece);
            }
        }
        let mut legal_forms = Vec::new();
        if schema.is_organisation() {
            words = strip_legal_forms(words, &mut legal_forms);
            words = join_single_letters(words);
            // "CJSC VAD Aktsionernoe Obshchestvo VAD": a name repeated
            // around a second legal form counts once.
            if legal_forms.len() >= 2 {
                let mut seen = std::collections::HashSet::new();
                words.retain(|word| word.text.len() < 3 || seen.insert(word.text.clone()));
            }
        }
        let tokens = words
            .iter()
            .take(MAX_TOKENS)
            .map(|word| {
                Token::with_original(
                    &word.text,
                    word.script,
                    word.syllable,
                    is_person,
                    word.original.clone(),
                )
            })
            .collect();
        (tokens, legal_forms)
    }
}

impl PreparedName {
    /// The normalised name without spaces, legal forms included
    /// ("SiemensAG" and "Siemens AG" share it).
    pub fn compact(&self) -> &str {
        &self.compact
    }

    /// The name as given.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// The normalised (script-preserving) form.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// The schema the name was prepared for.
    pub fn schema(&self) -> Schema {
        self.schema
    }

    /// The comparable tokens (legal forms removed).
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The Latin text of each token.
    pub fn token_texts(&self) -> Vec<&str> {
        self.tokens
            .iter()
            .map(|token| token.text.as_str())
            .collect()
    }

    /// The legal forms found in the name.
    pub fn legal_forms(&self) -> &[LegalForm] {
        &self.legal_forms
    }

    /// The numbers in the name, sorted.
    pub fn numbers(&self) -> Vec<u64> {
        let mut numbers: Vec<u64> = self
            .tokens
            .iter()
            .filter_map(|token| token.number)
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }

    /// Whether any token is written in a non-Latin script.
    pub fn has_non_latin(&self) -> bool {
        self.tokens
            .iter()
            .any(|token| token.script != Script::Latin)
    }

    /// Total weight of the tokens.
    pub fn total_weight(&self) -> f64 {
        self.tokens.iter().map(|token| token.weight).sum()
    }

    /// Whether the name has at least one distinctive token.
    pub fn has_distinctive(&self) -> bool {
        self.tokens
            .iter()
            .any(|token| token.class == TokenClass::Distinctive)
    }
}

/// Removes legal-form phrases: repeatedly at the end and the start (short
/// forms allowed there), then long forms anywhere. Keeps the words when
/// nothing else would remain.
fn strip_legal_forms(words: Vec<LatinPiece>, forms: &mut Vec<LegalForm>) -> Vec<LatinPiece> {
    let keys: Vec<String> = words.iter().map(|word| phonetic_key(&word.text)).collect();
    let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let texts: Vec<&str> = words.iter().map(|word| word.text.as_str()).collect();
    let n_words = key_refs.len();
    let mut removed = vec![false; n_words];
    let mut found = Vec::new();
    // Leading forms.
    let mut start = 0;
    while start < n_words {
        match legal_form::match_at(&texts, &key_refs, start, true) {
            Some((len, form)) => {
                found.push(form);
                removed[start..start + len]
                    .iter_mut()
                    .for_each(|flag| *flag = true);
                start += len;
            }
            None => break,
        }
    }
    // Trailing forms: try every start position whose phrase ends at `end`.
    let mut end = n_words;
    while end > start {
        let lowest = start.max(end.saturating_sub(6));
        let trailing = (lowest..end).find_map(|begin| {
            legal_form::match_at(&texts[..end], &key_refs[..end], begin, true)
                .filter(|(len, _)| begin + len == end)
                .map(|(_, form)| (begin, form))
        });
        // A name cut short by a field width may end in a truncated form.
        let trailing = trailing.or_else(|| {
            (end == n_words)
                .then(|| {
                    (lowest..end).find_map(|begin| {
                        legal_form::match_truncated_at(&texts[..end], begin)
                            .map(|(_, form)| (begin, form))
                    })
                })
                .flatten()
        });
        let Some((begin, form)) = trailing else {
            break;
        };
        found.push(form);
        removed[begin..end].iter_mut().for_each(|flag| *flag = true);
        end = begin;
    }
    // Long forms in the middle.
    let mut idx = start;
    while idx < end {
        if let Some((len, form)) = legal_form::match_at(&texts[..end], &key_refs[..end], idx, false)
            && len + idx <= end
            && (len > 1 || key_refs[idx].len() > 4)
        {
            found.push(form);
            removed[idx..idx + len]
                .iter_mut()
                .for_each(|flag| *flag = true);
            idx += len;
        } else {
            idx += 1;
        }
    }
    if removed.iter().all(|flag| *flag) {
        forms.extend(found);
        return words;
    }
    forms.extend(found);
    words
        .into_iter()
        .zip(removed)
        .filter(|(_, removed)| !removed)
        .map(|(word, _)| word)
        .collect()
}

/// Joins runs of two or more single Latin letters into one acronym token
/// ("l x c aviation" → "lxc aviation").
fn join_single_letters(words: Vec<LatinPiece>) -> Vec<LatinPiece> {
    let mut out: Vec<LatinPiece> = Vec::with_capacity(words.len());
    let mut run: Vec<LatinPiece> = Vec::new();
    let flush = |run: &mut Vec<LatinPiece>, out: &mut Vec<LatinPiece>| {
        if run.len() >= 2 {
            let text: String = run.iter().map(|piece| piece.text.as_str()).collect();
            out.push(LatinPiece {
                text,
                ..run[0].clone()
            });
        } else {
            out.append(run);
        }
        run.clear();
    };
    for word in words {
        if word.text.len() == 1 && word.text.as_bytes()[0].is_ascii_alphabetic() && !word.syllable {
            run.push(word);
        } else {
            flush(&mut run, &mut out);
            out.push(word);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// A name to compare: the prepared name plus optional countries.
#[derive(Debug, Clone)]
pub struct NameQuery {
    prepared: PreparedName,
    countries: Vec<&'static str>,
    variants: Vec<NameQuery>,
}

impl NameQuery {
    /// A query for `name` of the given schema, without countries. A name
    /// with a parenthetical alias ("Electronic Components Industries (ECI)")
    /// also gets the variants "Electronic Components Industries" and "ECI".
    pub fn new(name: &str, schema: Schema) -> NameQuery {
        let prepared = PreparedName::new(name, schema);
        // A part that is nothing but a legal form ("(JOINT-STOCK COMPANY)")
        // names no one: it is no reading of its own.
        let variants = match &prepared.alias_parts {
            Some((main, remark)) => [main, remark]
                .into_iter()
                .filter(|part| crate::legal_form::lookup(normalize(part).trim()).is_none())
                .map(|part| NameQuery {
                    prepared: PreparedName::new(part, schema),
                    countries: Vec::new(),
                    variants: Vec::new(),
                })
                .collect(),
            None => Vec::new(),
        };
        NameQuery {
            prepared,
            countries: Vec::new(),
            variants,
        }
    }

    /// Alternative readings of the name (main part and parenthetical alias).
    pub fn variants(&self) -> &[NameQuery] {
        &self.variants
    }

    /// Adds countries given as ISO alpha-2, alpha-3 or names; unknown values
    /// and empty strings are ignored.
    pub fn with_countries<'a>(mut self, countries: impl IntoIterator<Item = &'a str>) -> NameQuery {
        for text in countries {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            if let Ok(country) = chokepoint_model::Country::lookup(text)
                && !self.countries.contains(&country.alpha2())
            {
                self.countries.push(country.alpha2());
            }
        }
        for variant in &mut self.variants {
            variant.countries = self.countries.clone();
        }
        self
    }

    /// The prepared name.
    pub fn prepared(&self) -> &PreparedName {
        &self.prepared
    }

    /// The schema.
    pub fn schema(&self) -> Schema {
        self.prepared.schema
    }

    /// Resolved countries as ISO alpha-2 codes.
    pub fn countries(&self) -> &[&'static str] {
        &self.countries
    }

    /// The same query with another name (schema and countries kept).
    pub fn with_name(&self, name: &str) -> NameQuery {
        let mut query = NameQuery::new(name, self.prepared.schema);
        query.countries = self.countries.clone();
        for variant in &mut query.variants {
            variant.countries = self.countries.clone();
        }
        query
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, schema: Schema, tokens: &[&str], forms: &[&str]) {
        let prepared = PreparedName::new(name, schema);
        assert_eq!(prepared.token_texts(), tokens, "{name}");
        let canonical: Vec<&str> = prepared
            .legal_forms()
            .iter()
            .map(|form| form.canonical)
            .collect();
        assert_eq!(canonical, forms, "{name}");
    }

    #[test]
    fn legal_forms_removed() {
        check("Co. Ltd.", Schema::Company, &["co", "ltd"], &["ltd"]);
        check("ABC Co. Ltd.", Schema::Company, &["abc"], &["ltd"]);
        check("ABC CO LTD", Schema::Company, &["abc"], &["ltd"]);
        check("ООО \"Ромашка\"", Schema::Company, &["romashka"], &["llc"]);
        check("Romashka LLC", Schema::Company, &["romashka"], &["llc"]);
        check(
            "Siemens Energy AG",
            Schema::Company,
            &["siemens", "energy"],
            &["ag"],
        );
        check(
            "Stripe Limited Liability Company",
            Schema::Company,
            &["stripe"],
            &["llc"],
        );
        check(
            "L.X.C. Aviation",
            Schema::Company,
            &["lxc", "aviation"],
            &[],
        );
        check(
            "Sp. z o.o. Polimex",
            Schema::Company,
            &["polimex"],
            &["spzoo"],
        );
        check("John Co", Schema::Person, &["john", "co"], &[]);
        check("SMITH, John", Schema::Person, &["john", "smith"], &[]);
    }

    #[test]
    fn legal_forms_across_scripts() {
        check("Acme A.Ş.", Schema::Company, &["acme"], &["as"]);
        check("Acme Ltd. Şti.", Schema::Company, &["acme"], &["ltd"]);
        check("Acme S.p.A.", Schema::Company, &["acme"], &["spa"]);
        check("Acme S.r.l.", Schema::Company, &["acme"], &["srl"]);
        check("Acme FZE", Schema::Company, &["acme"], &["fze"]);
        check("PJSC Acme", Schema::Company, &["acme"], &["pjsc"]);
        check("ЗАО Акме", Schema::Company, &["akme"], &["cjsc"]);
        check("ПАО Акме", Schema::Company, &["akme"], &["pjsc"]);
        check("Acme GmbH", Schema::Company, &["acme"], &["gmbh"]);
        check(
            "北京有限责任公司",
            Schema::Company,
            &["bei", "jing"],
            &["llc"],
        );
        check("Acme Company Limited", Schema::Company, &["acme"], &["ltd"]);
    }

    #[test]
    fn parenthetical_is_optional() {
        let prepared = PreparedName::new("Electronic Components Industries (ECI)", Schema::Company);
        let optional: Vec<bool> = prepared
            .tokens()
            .iter()
            .map(|token| token.optional)
            .collect();
        assert_eq!(optional, [false, false, false, true]);
        let only = PreparedName::new("(ECI)", Schema::Company);
        assert_eq!(only.token_texts(), ["eci"]);
        let place = PreparedName::new("Bowne Global Solutions (Spain), S.L.", Schema::Company);
        assert!(place.tokens().iter().all(|token| !token.optional));
        assert_eq!(
            NameQuery::new("Electronic Components Industries (ECI)", Schema::Company)
                .variants()
                .len(),
            2
        );
    }

    #[test]
    fn han_company() {
        let prepared = PreparedName::new("杭州海康威视数字技术股份有限公司", Schema::Company);
        assert_eq!(
            prepared.token_texts(),
            [
                "hang",
                "zhou",
                "hai",
                "kang",
                "wei",
                "shi",
                "digital",
                "technology"
            ]
        );
        assert_eq!(prepared.legal_forms()[0].canonical, "ltd");
    }

    #[test]
    fn countries_resolve() {
        let query =
            NameQuery::new("x", Schema::Company).with_countries(["RU", "Russia", "", "zz?"]);
        assert_eq!(query.countries(), ["RU"]);
    }
}
