//! Identifier normalisation and classification shared by all loaders.

use crate::model::{Identifier, IdentifierKind};

/// Uppercases and keeps letters and digits only, so "9142 0100-0668" and
/// "91420100 0668" compare equal. Non-ASCII letters (Cyrillic passport series)
/// are kept, uppercased.
pub fn normalise_value(raw: &str) -> String {
    // Uppercase first: some letters uppercase to a base plus combining marks,
    // which must go too for the result to be stable.
    raw.chars()
        .flat_map(char::to_uppercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Builds an identifier: normalises the value, resolves the country and
/// refines generic kinds from the value's shape (see [`refine_kind`]).
/// `None` when the value holds no digit (labels and prose, not numbers),
/// except for SWIFT codes, which may be all letters.
pub fn identifier(
    kind: IdentifierKind,
    raw_value: &str,
    country: Option<&str>,
) -> Option<Identifier> {
    let value = normalise_value(raw_value);
    if value.is_empty()
        || (kind != IdentifierKind::Swift && !value.chars().any(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let country = country
        .and_then(crate::countries::resolve)
        .map(str::to_string);
    // "IMO 9000001" is an IMO number whatever the label ("Vessel Registration Identification").
    if let Some(digits) = value
        .strip_prefix("IMO")
        .filter(|d| d.len() == 7 && d.bytes().all(|b| b.is_ascii_digit()))
    {
        return Some(Identifier {
            kind: IdentifierKind::Imo,
            value: digits.to_string(),
            country,
        });
    }
    let kind = refine_kind(kind, &value, country.as_deref());
    Some(Identifier {
        kind,
        value,
        country,
    })
}

/// Sharpens a generic kind when the country and shape leave no doubt: a
/// Russian tax number of 10 or 12 digits is an INN, a Russian registration
/// number of 13 or 15 digits an OGRN, an 18-character Chinese registration
/// number a USCC. Lists label these inconsistently ("Tax ID No.",
/// "Registration ID"), and matching on the specific kind is what finds them.
pub fn refine_kind(kind: IdentifierKind, value: &str, country: Option<&str>) -> IdentifierKind {
    let digits = value.bytes().all(|b| b.is_ascii_digit());
    match (&kind, country) {
        (IdentifierKind::Tax, Some("RU")) if digits && matches!(value.len(), 10 | 12) => {
            IdentifierKind::Inn
        }
        (IdentifierKind::Registration, Some("RU")) if digits && matches!(value.len(), 13 | 15) => {
            IdentifierKind::Ogrn
        }
        (IdentifierKind::Registration | IdentifierKind::Tax, Some("CN"))
            if is_uscc_shape(value) =>
        {
            IdentifierKind::Uscc
        }
        _ => kind,
    }
}

fn is_uscc_shape(value: &str) -> bool {
    value.len() == 18 && value.bytes().take(2).all(|b| b.is_ascii_digit()) && value.is_ascii()
}

/// Maps an identifier label as lists write it to a kind. Case-insensitive;
/// `None` for labels that are not identifiers.
pub fn kind_for_label(label: &str) -> Option<IdentifierKind> {
    let lower = label
        .trim()
        .trim_end_matches([':', '.', '-', '–', '#'])
        .trim()
        .to_lowercase();
    let lower = lower.strip_prefix("alt. ").unwrap_or(&lower);
    let kind = match lower {
        "inn" | "инн" | "унн/инн" | "(унн/инн)" | "tax identification number: inn" => {
            IdentifierKind::Inn
        }
        "ogrn" | "огрн" | "psrn" | "ogrnip" => IdentifierKind::Ogrn,
        "uscc" | "unified social credit code" | "unified social credit code (uscc)" => {
            IdentifierKind::Uscc
        }
        "lei"
        | "legal entity number"
        | "legal entity identifier"
        | "legal entity identifier (lei)" => IdentifierKind::Lei,
        "imo"
        | "vessel registration identification imo"
        | "identification number imo"
        | "company number imo"
        | "imo number" => IdentifierKind::Imo,
        "swift/bic" | "swift" | "bic" | "swift code" | "swift/bic code" => IdentifierKind::Swift,
        "isin" => IdentifierKind::Isin,
        "tax id no"
        | "tax id"
        | "tin"
        | "tax identification number"
        | "tax number"
        | "v.a.t. number"
        | "vat number"
        | "vat"
        | "rfc"
        | "nit"
        | "ruc"
        | "ntn" => IdentifierKind::Tax,
        "passport"
        | "passport no"
        | "passport number"
        | "diplomatic passport"
        | "travel document number" => IdentifierKind::Passport,
        "national id no"
        | "national id"
        | "national identification number"
        | "national identity card"
        | "cedula no"
        | "d.n.i"
        | "identification number"
        | "personal id card"
        | "citizen's card number"
        | "nic"
        | "curp" => IdentifierKind::NationalId,
        "registration number"
        | "registration id"
        | "business registration number"
        | "commercial registry number"
        | "company number"
        | "company registration number"
        | "government gazette number"
        | "c.r. no"
        | "cr no"
        | "trade license no"
        | "chamber of commerce number"
        | "folio mercantil no"
        | "matricula mercantil no"
        | "business registration document"
        | "economic register number (cbls)"
        | "central registration system number"
        | "registered charity no"
        | "trade register number"
        | "uk company no"
        | "enterprise number"
        | "bin"
        | "registration no"
        | "state registration number"
        | "usreou code"
        | "edrpou" => IdentifierKind::Registration,
        "mmsi" => IdentifierKind::Other("MMSI".into()),
        "kpp" => IdentifierKind::Other("KPP".into()),
        "bik (ru)" | "bik" => IdentifierKind::Other("BIK".into()),
        "okpo" => IdentifierKind::Other("OKPO".into()),
        "d-u-n-s number" | "duns" => IdentifierKind::Other("DUNS".into()),
        "spark code" => IdentifierKind::Other("SPARK".into()),
        _ => return None,
    };
    Some(kind)
}

/// Maps a free-text document type ("National Identification Number",
/// "Numéro de passeport", "Tax Identification No.") to a kind by keywords;
/// unknown types are kept as [`IdentifierKind::Other`] with the type text.
pub fn kind_for_document_type(text: &str) -> IdentifierKind {
    if let Some(kind) = kind_for_label(text) {
        return kind;
    }
    let lower = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["passport", "passeport", "pasaporte"]) {
        IdentifierKind::Passport
    } else if has(&["tax", "fiscal", "inn"]) {
        IdentifierKind::Tax
    } else if has(&["regist", "company", "business"]) {
        IdentifierKind::Registration
    } else if has(&["imo"]) {
        IdentifierKind::Imo
    } else if has(&["national", "identi", "id card", "identity"]) {
        IdentifierKind::NationalId
    } else {
        let label = crate::text::collapse_whitespace(text)
            .trim_end_matches([':', '.'])
            .to_uppercase();
        IdentifierKind::Other(if label.is_empty() {
            "DOCUMENT".to_string()
        } else {
            label
        })
    }
}

/// Extracts identifiers from labelled free text such as UK business
/// registration cells: "INN: 7701234567 OGRN: 1027700000000",
/// "OGRN – 1027700167110; INN – 7744001497; KPP - 770201001",
/// "Unified Social Credit Code: 91420100MA4F0QE59C". Each known label is
/// followed by its value; text without any label counts as one value of
/// `default_kind`.
pub fn from_labelled_text(
    text: &str,
    default_kind: IdentifierKind,
    country: Option<&str>,
) -> Vec<Identifier> {
    const LABELS: [&str; 24] = [
        "unified social credit code",
        "legal entity identifier",
        "legal entity number",
        "tax identification number",
        "company registration number",
        "registration number",
        "tax id no.",
        "swift/bic",
        "uk company no.",
        "spark code",
        "usreou code",
        "bik (ru)",
        "ogrnip",
        "ogrn",
        "огрн",
        "inn/tin",
        "inn",
        "инн",
        "tin",
        "uscc",
        "kpp",
        "okpo",
        "lei",
        "imo",
    ];
    let lower = text.to_lowercase();
    // Find label positions on word boundaries, longest label first at a position.
    let mut hits: Vec<(usize, usize, &str)> = Vec::new();
    for label in LABELS {
        let mut start = 0;
        while let Some(found) = lower[start..].find(label) {
            let begin = start + found;
            let end = begin + label.len();
            // A digit may precede a label: cells run values into labels ("7704734000OGRN").
            let before_ok = lower[..begin]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphabetic());
            let after_ok = lower[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphabetic());
            let overlaps = hits.iter().any(|(b, e, _)| begin < *e && end > *b);
            if before_ok && after_ok && !overlaps {
                hits.push((begin, end, label));
            }
            start = end;
        }
    }
    hits.sort_by_key(|(begin, _, _)| *begin);
    if hits.is_empty() {
        return value_tokens(text)
            .into_iter()
            .filter_map(|v| identifier(default_kind.clone(), v, country))
            .take(1)
            .collect();
    }
    let mut out = Vec::new();
    for (idx, (_, end, label)) in hits.iter().enumerate() {
        let stop = hits.get(idx + 1).map_or(lower.len(), |next| next.0);
        // Offsets index `lower`, whose byte length can differ from `text` for a few
        // scripts; values are uppercased by normalisation anyway.
        let segment = lower.get(*end..stop).unwrap_or("");
        let kind = match *label {
            "inn/tin" => Some(IdentifierKind::Inn),
            "tax identification number"
                if segment.trim_start().to_lowercase().starts_with("inn") =>
            {
                continue;
            }
            other => kind_for_label(other),
        };
        let Some(kind) = kind else { continue };
        if let Some(value) = value_tokens(segment).first()
            && let Some(id) = identifier(kind, value, country)
        {
            out.push(id);
        }
    }
    out
}

/// Tokens that look like identifier values: runs of letters, digits and
/// inner hyphens/slashes containing at least one digit.
fn value_tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, ':' | ';' | ',' | '(' | ')' | '–' | '·' | '\u{a0}')
    })
    .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
    .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(ids: &[Identifier]) -> Vec<(IdentifierKind, &str)> {
        ids.iter()
            .map(|id| (id.kind.clone(), id.value.as_str()))
            .collect()
    }

    #[test]
    fn normalises() {
        assert_eq!(
            normalise_value(" 9142-0100 0668186736 "),
            "914201000668186736"
        );
        assert_eq!(normalise_value("ab.12"), "AB12");
    }

    #[test]
    fn refines_by_country_and_shape() {
        let id = identifier(IdentifierKind::Tax, "7701234567", Some("Russia")).unwrap();
        assert_eq!(id.kind, IdentifierKind::Inn);
        assert_eq!(id.country.as_deref(), Some("RU"));
        let id = identifier(
            IdentifierKind::Registration,
            "91320594MA1MAHHR9W",
            Some("China"),
        )
        .unwrap();
        assert_eq!(id.kind, IdentifierKind::Uscc);
        assert!(identifier(IdentifierKind::Passport, "unknown", None).is_none());
        let id = identifier(IdentifierKind::Registration, "IMO 9000001", None).unwrap();
        assert_eq!(
            (id.kind, id.value.as_str()),
            (IdentifierKind::Imo, "9000001")
        );
    }

    #[test]
    fn labelled_text() {
        let ids = from_labelled_text(
            "INN: 7704734000OGRN: 1027700000000",
            IdentifierKind::Registration,
            None,
        );
        assert_eq!(
            kinds(&ids),
            vec![
                (IdentifierKind::Inn, "7704734000"),
                (IdentifierKind::Ogrn, "1027700000000")
            ]
        );
        let ids = from_labelled_text(
            "OGRN – 1027700167110; INN – 7744001497; KPP - 770201001",
            IdentifierKind::Registration,
            None,
        );
        assert_eq!(ids.len(), 3);
        assert_eq!(ids[2].kind, IdentifierKind::Other("KPP".into()));
        let ids = from_labelled_text(
            "Unified Social Credit Code: 91420100MA4F0QE59C",
            IdentifierKind::Registration,
            None,
        );
        assert_eq!(
            kinds(&ids),
            vec![(IdentifierKind::Uscc, "91420100MA4F0QE59C")]
        );
        let ids = from_labelled_text(
            "1027700167110 (Russia)",
            IdentifierKind::Registration,
            Some("Russia"),
        );
        assert_eq!(kinds(&ids), vec![(IdentifierKind::Ogrn, "1027700167110")]);
        let ids = from_labelled_text(
            "Tax Identification Number: INN 7701234567",
            IdentifierKind::Registration,
            None,
        );
        assert_eq!(kinds(&ids), vec![(IdentifierKind::Inn, "7701234567")]);
    }
}
