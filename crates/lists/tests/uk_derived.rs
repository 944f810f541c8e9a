//! UK Sanctions List (derived five-file layout) against the staged files.

mod common;

use std::collections::HashSet;

use chokepoint_lists::{NameKind, Schema};
use common::{collapse, count_names, csv_rows, entity, load_one, sanctions};

#[test]
fn counts_match_the_files() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let dir = sanctions("uk-sanctions-list-derived");
    let list = load_one(std::slice::from_ref(&dir));
    assert_eq!(list.list, "uk-sanctions-list");
    assert_eq!(list.files.len(), 5, "README is skipped");
    assert!(list.rejects.is_empty(), "{:?}", list.rejects.first());

    let subjects = csv_rows(&dir.join("subjects.csv"), b',', true);
    assert_eq!(list.entities.len(), subjects.len());
    assert_eq!(list.entities.len(), 6046);
    let ships = subjects.iter().filter(|r| r[1] == "ship").count();
    assert_eq!(
        list.entities
            .iter()
            .filter(|e| e.schema == Schema::Vessel)
            .count(),
        ships
    );

    // name_id, unique_id, name_type, alias_strength, full_name, ...
    let names = csv_rows(&dir.join("subject_names.csv"), b',', true);
    let distinct = |pick: &dyn Fn(&Vec<String>) -> bool| {
        names
            .iter()
            .filter(|r| pick(r))
            .map(|r| (r[1].clone(), collapse(&r[4])))
            .collect::<HashSet<_>>()
            .len()
    };
    assert_eq!(
        count_names(&list, NameKind::Primary),
        distinct(&|r| r[2] == "primary")
    );
    assert_eq!(
        count_names(&list, NameKind::WeakAlias),
        distinct(&|r| r[2] != "primary" && r[3] == "low_quality_aka")
    );
    assert_eq!(
        count_names(&list, NameKind::Alias),
        distinct(&|r| r[2] != "primary" && r[3] != "low_quality_aka")
    );

    let dobs = csv_rows(&dir.join("subject_dobs.csv"), b',', true);
    let with_dob: HashSet<&str> = dobs.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        list.entities
            .iter()
            .filter(|e| !e.birth_dates.is_empty())
            .count(),
        with_dob.len()
    );
    let imos: HashSet<(String, String)> =
        csv_rows(&dir.join("subject_identifiers.csv"), b',', true)
            .into_iter()
            .filter(|r| r[4] == "imo")
            .map(|r| {
                (
                    r[1].clone(),
                    r[3].trim().trim_start_matches("IMO").to_string(),
                )
            })
            .collect();
    let loaded_imos = list
        .entities
        .iter()
        .flat_map(|e| &e.identifiers)
        .filter(|i| i.kind == chokepoint_lists::IdentifierKind::Imo)
        .count();
    assert_eq!(loaded_imos, imos.len());
}

#[test]
fn wuhan_tongsheng_rus2137() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let list = load_one(&[sanctions("uk-sanctions-list-derived")]);
    let wuhan = entity(&list, "uk-RUS2137");
    // The trailing space of name_6 is gone; the name has no final period.
    assert_eq!(
        wuhan.primary_name(),
        Some("WUHAN TONGSHENG TECHNOLOGY CO., LTD")
    );
    assert_eq!(wuhan.schema, Schema::Organization);
    assert_eq!(wuhan.countries, vec!["CN"]);
    assert_eq!(wuhan.listed_on.as_deref(), Some("2024-06-13"));
    assert_eq!(wuhan.programs, vec!["UK-RUS"]);
    assert!(
        wuhan
            .remarks
            .as_deref()
            .unwrap_or("")
            .contains("OFSI group ID 16510")
    );
}
