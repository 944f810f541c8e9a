//! UN Security Council consolidated XML against the staged official file.

mod common;

use std::collections::HashSet;

use chokepoint_lists::{IdentifierKind, NameKind, Schema};
use common::{collapse, count_names, entity, load_one, names_of, sanctions};

/// Text between `<tag>` and `</tag>`, for each occurrence inside `block`.
fn tag_texts<'a>(block: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = block;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(&close) else { break };
        out.push(&after[..end]);
        rest = &after[end + close.len()..];
    }
    out
}

#[test]
fn counts_and_alias_qualities_match_the_file() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let path = sanctions("un-consolidated/UN_consolidated.xml");
    let text = std::fs::read_to_string(&path).unwrap();
    let list = load_one(&[path]);
    assert_eq!(list.list, "un-sc");
    assert!(list.rejects.is_empty(), "{:?}", list.rejects.first());
    assert_eq!(
        list.entities
            .iter()
            .filter(|e| e.schema == Schema::Person)
            .count(),
        730
    );
    assert_eq!(
        list.entities
            .iter()
            .filter(|e| e.schema == Schema::Organization)
            .count(),
        273
    );

    // Independent pass: per record, distinct alias names by quality.
    let mut expected_alias = 0;
    let mut expected_weak = 0;
    let mut expected_former = 0;
    for tag in ["INDIVIDUAL", "ENTITY"] {
        for record in tag_texts(&text, tag) {
            let mut seen = HashSet::new();
            for alias in tag_texts(record, &format!("{tag}_ALIAS")) {
                let (Some(quality), Some(name)) = (
                    tag_texts(alias, "QUALITY").first().copied(),
                    tag_texts(alias, "ALIAS_NAME").first().copied(),
                ) else {
                    continue;
                };
                let name = collapse(&name.replace("&apos;", "'").replace("&amp;", "&"));
                if name.is_empty() || !seen.insert((quality.to_string(), name)) {
                    continue;
                }
                match quality {
                    "Low" => expected_weak += 1,
                    "f.k.a." => expected_former += 1,
                    _ => expected_alias += 1,
                }
            }
        }
    }
    assert_eq!(count_names(&list, NameKind::WeakAlias), expected_weak);
    assert_eq!(count_names(&list, NameKind::Former), expected_former);
    assert_eq!(count_names(&list, NameKind::Alias), expected_alias);
    let original_scripts = tag_texts(&text, "NAME_ORIGINAL_SCRIPT")
        .iter()
        .filter(|t| !t.trim().is_empty())
        .count();
    assert_eq!(
        count_names(&list, NameKind::OriginalScript),
        original_scripts
    );
}

#[test]
fn record_spot_check() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let list = load_one(&[sanctions("un-consolidated/UN_consolidated.xml")]);
    let jaber = entity(&list, "un-QDi.237");
    assert_eq!(
        jaber.primary_name(),
        Some("JABER ABDALLAH JABER AHMAD AL-JALAHMAH")
    );
    assert_eq!(
        names_of(jaber, NameKind::OriginalScript),
        vec!["جابر عبد الله جابر أحمد الجلاهمة"]
    );
    assert!(names_of(jaber, NameKind::Alias).contains(&"Jabir 'Abdallah Jabir Ahmad Al-Jalamah"));
    assert!(names_of(jaber, NameKind::WeakAlias).contains(&"Abdul-Ghani"));
    assert_eq!(jaber.countries.first().map(String::as_str), Some("KW"));
    assert_eq!(jaber.listed_on.as_deref(), Some("2014-01-03"));
    assert_eq!(jaber.programs, vec!["Al-Qaida"]);

    let badege = entity(&list, "un-CDi.001");
    assert_eq!(badege.primary_name(), Some("ERIC BADEGE"));
    assert_eq!(badege.birth_dates, vec!["1971"]);
    assert!(badege.countries.contains(&"CD".to_string()));
    assert!(
        badege.countries.contains(&"RW".to_string()),
        "address country Rwanda"
    );

    let passports = list
        .entities
        .iter()
        .flat_map(|e| &e.identifiers)
        .filter(|i| i.kind == IdentifierKind::Passport)
        .count();
    assert!(passports >= 300, "{passports}");
}

#[test]
fn excerpt_fixture_loads_too() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let list = load_one(&[sanctions("format-fixtures-deriv/sample_unsc.xml")]);
    let text = std::fs::read_to_string(sanctions("format-fixtures-deriv/sample_unsc.xml")).unwrap();
    let records = text.matches("<INDIVIDUAL>").count() + text.matches("<ENTITY>").count();
    assert_eq!(list.entities.len(), records);
    assert!(list.entities.iter().any(|e| e.id == "un-QDi.237"));
}
