//! Parsing OFAC's semicolon-separated remarks into structured data.
//!
//! OFAC's legacy CSV puts most facts about an entry in one remarks cell:
//! `DOB 07 Oct 1952; nationality Russia; Tax ID No. 7701... (Russia);
//! a.k.a. 'ACME'; Linked To: ACME LTD.`. The consolidated non-SDN file uses
//! the same conventions. Parsing is best-effort: the whole text is always
//! kept in `Entity::remarks`, so nothing unrecognised is lost.

use crate::model::{Entity, IdentifierKind, NameKind};

/// What the remarks add beyond the entity's own fields.
#[derive(Debug, Default, PartialEq)]
pub struct RemarkFacts {
    /// Names of entries this one is "Linked To", resolved later by name.
    pub linked_to: Vec<String>,
}

/// Identifier labels as OFAC writes them, longest first so that
/// "Vessel Registration Identification IMO" wins over "Registration ID".
const IDENTIFIER_LABELS: &[&str] = &[
    "Vessel Registration Identification IMO",
    "Unified Social Credit Code (USCC)",
    "Economic Register Number (CBLS)",
    "Central Registration System Number",
    "Business Registration Document",
    "Business Registration Number",
    "Commercial Registry Number",
    "Chamber of Commerce Number",
    "Government Gazette Number",
    "Identification Number IMO",
    "National Identification Number",
    "Registration Number",
    "Company Number IMO",
    "Legal Entity Number",
    "Matricula Mercantil No",
    "Folio Mercantil No.",
    "Diplomatic Passport",
    "Trade License No.",
    "Identification Number",
    "Personal ID Card",
    "National ID No.",
    "D-U-N-S Number",
    "Registration ID",
    "Company Number",
    "V.A.T. Number",
    "Tax ID No.",
    "Cedula No.",
    "SWIFT/BIC",
    "BIK (RU)",
    "Passport",
    "C.R. No.",
    "D.N.I.",
    "MMSI",
    "ISIN",
    "RFC",
    "NIT #",
];

/// Applies the remarks of an OFAC record to `entity`: weak aliases, birth
/// dates, nationalities and citizenships, identifiers. Returns the
/// "Linked To" names for the caller to resolve within the list.
pub fn apply_ofac_remarks(remarks: &str, entity: &mut Entity) -> RemarkFacts {
    let mut facts = RemarkFacts::default();
    for segment in split_segments(remarks) {
        let segment = segment.trim().trim_end_matches('.').trim();
        let segment = segment.strip_prefix("alt. ").unwrap_or(segment);
        if segment.is_empty() {
            continue;
        }
        if let Some(name) = segment.strip_prefix("Linked To:") {
            let name = name.trim().trim_end_matches('.').trim();
            if !name.is_empty() {
                facts.linked_to.push(name.to_string());
            }
        } else if let Some(rest) = segment
            .strip_prefix("a.k.a.")
            .or_else(|| segment.strip_prefix("n.k.a."))
        {
            // Aliases in the legacy remarks are OFAC's "weak" (low-quality) AKAs:
            // strong ones are in alt.csv.
            entity.add_name(unquote(rest), NameKind::WeakAlias);
        } else if let Some(rest) = segment.strip_prefix("f.k.a.") {
            entity.add_name(unquote(rest), NameKind::Former);
        } else if let Some(rest) = segment.strip_prefix("DOB ") {
            apply_dob(rest, entity);
        } else if let Some(rest) = segment
            .strip_prefix("nationality ")
            .or_else(|| segment.strip_prefix("citizen "))
        {
            entity.add_country_text(rest);
        } else if let Some((label, rest)) = IDENTIFIER_LABELS
            .iter()
            .find_map(|l| segment.strip_prefix(l).map(|r| (*l, r)))
        {
            apply_identifier(label, rest, entity);
        }
    }
    facts
}

/// Splits on `;` outside single quotes (aliases may contain semicolons).
fn split_segments(text: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let mut start = 0;
    let mut in_quote = false;
    let bytes = text.as_bytes();
    for (idx, &byte) in bytes.iter().enumerate() {
        match byte {
            // A quote opens only after a space (a.k.a. 'X') and closes before `;`/end,
            // so apostrophes inside words (O'BRIEN) do not toggle.
            b'\'' if !in_quote && idx > 0 && bytes[idx - 1] == b' ' => in_quote = true,
            b'\'' if in_quote && matches!(bytes.get(idx + 1), None | Some(b';' | b'.' | b' ')) => {
                in_quote = false
            }
            b';' if !in_quote => {
                segments.push(&text[start..idx]);
                start = idx + 1;
            }
            _ => {}
        }
    }
    segments.push(&text[start..]);
    segments
}

fn unquote(text: &str) -> &str {
    text.trim()
        .trim_end_matches('.')
        .trim()
        .trim_matches('\'')
        .trim()
}

/// "07 Oct 1952", "circa 1950", "1960 to 1962" (both years kept).
fn apply_dob(text: &str, entity: &mut Entity) {
    for iso in crate::dates::parse_date_range(text).unwrap_or_default() {
        entity.add_birth_date(&iso);
    }
}

/// `<value> (<country>) [expires/issued ...]` after an identifier label.
fn apply_identifier(label: &str, rest: &str, entity: &mut Entity) {
    let Some(kind) = crate::identifiers::kind_for_label(label) else {
        return;
    };
    let rest = rest.trim().trim_start_matches([':', '#']).trim();
    let (value, country) = match rest.find(" (") {
        Some(open) => {
            let country = rest[open + 2..].split(')').next();
            (&rest[..open], country)
        }
        None => (rest, None),
    };
    // Drop trailing qualifiers that OFAC writes without a country.
    let value = ["expires", "issued", "Issue Date", "Expire Date"]
        .iter()
        .fold(value, |v, marker| v.split(marker).next().unwrap_or(v))
        .trim();
    let value = match kind {
        // "Registration Number HE 47364": keep letter prefixes, they are part of the number.
        IdentifierKind::Imo => value.trim_start_matches("IMO").trim(),
        _ => value,
    };
    if let Some(identifier) = crate::identifiers::identifier(kind, value, country) {
        entity.add_identifier(identifier);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Schema;

    fn entity_with(remarks: &str) -> (Entity, RemarkFacts) {
        let mut entity = Entity::new("x", Schema::Organization, "ofac-sdn", "x");
        let facts = apply_ofac_remarks(remarks, &mut entity);
        (entity, facts)
    }

    #[test]
    fn wuhan_global_sensor() {
        let (entity, facts) = entity_with(
            "Secondary sanctions risk: this person is designated ...; Organization Established Date 28 Apr 2013; \
             Unified Social Credit Code (USCC) 914201000668186736 (China).",
        );
        assert!(facts.linked_to.is_empty());
        assert_eq!(entity.identifiers.len(), 1);
        assert_eq!(entity.identifiers[0].kind, IdentifierKind::Uscc);
        assert_eq!(entity.identifiers[0].value, "914201000668186736");
        assert_eq!(entity.identifiers[0].country.as_deref(), Some("CN"));
    }

    #[test]
    fn person_remarks() {
        let (entity, facts) = entity_with(
            "DOB 07 Oct 1952; alt. DOB 1953; POB Leningrad, Russia; nationality Russia; Gender Male; \
             Passport 030415788 (Venezuela) expires 22 Nov 2014; Tax ID No. 7701234567 (Russia); \
             a.k.a. 'BNC; X'; f.k.a. 'OLD NAME'; Linked To: ACME, LTD.",
        );
        assert_eq!(entity.birth_dates, vec!["1952-10-07", "1953"]);
        assert_eq!(entity.countries, vec!["RU"]);
        let kinds: Vec<_> = entity
            .identifiers
            .iter()
            .map(|i| (i.kind.clone(), i.value.as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (IdentifierKind::Passport, "030415788"),
                (IdentifierKind::Inn, "7701234567")
            ]
        );
        assert_eq!(
            entity.names[0],
            crate::Name {
                value: "BNC; X".into(),
                kind: NameKind::WeakAlias
            }
        );
        assert_eq!(entity.names[1].kind, NameKind::Former);
        assert_eq!(facts.linked_to, vec!["ACME, LTD"]);
    }

    #[test]
    fn vessel_imo() {
        let (entity, _) =
            entity_with("Vessel Registration Identification IMO 9079107; MMSI 572469210");
        assert_eq!(entity.identifiers[0].kind, IdentifierKind::Imo);
        assert_eq!(entity.identifiers[0].value, "9079107");
        assert_eq!(
            entity.identifiers[1].kind,
            IdentifierKind::Other("MMSI".into())
        );
    }
}
