//! BIS DPL, OFAC XML, EU FSF, UK OFSI and the hand-written CSL fixtures.

mod common;

use std::collections::HashSet;
use std::path::PathBuf;

use chokepoint_lists::{IdentifierKind, NameKind, Schema};
use common::{count_names, csv_rows, entity, load_one, names_of, sanctions};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn bis_denied_persons_merges_rows_per_party() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let path = sanctions("bis-denied-persons/dpl.txt");
    let list = load_one(std::slice::from_ref(&path));
    assert_eq!(list.list, "bis-dpl");
    assert!(list.rejects.is_empty(), "{:?}", list.rejects.first());
    let rows = csv_rows(&path, b'\t', true);
    assert_eq!(rows.len(), 581);
    // One party per distinct (name, effective date); every row's address is kept.
    // Names compare by letters and digits only ("AL-NASER AIRLINES" = "AL NASER AIRLINES").
    let key = |name: &str| {
        name.to_uppercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let parties: HashSet<(String, String)> =
        rows.iter().map(|r| (key(&r[0]), r[6].clone())).collect();
    assert_eq!(list.entities.len(), parties.len());
    let addresses: usize = list.entities.iter().map(|e| e.addresses.len()).sum();
    let distinct_addresses: HashSet<(String, String, String)> = rows
        .iter()
        .map(|r| (key(&r[0]), r[6].clone(), r[1..6].join("|")))
        .collect();
    assert!(addresses <= distinct_addresses.len() && addresses >= parties.len());
    let naser = list
        .entities
        .iter()
        .find(|e| e.id == "bis-dpl-al-naser-airlines-2022-05-13")
        .unwrap();
    assert_eq!(naser.names.len(), 2, "{:?}", naser.names);
    let villa = list
        .entities
        .iter()
        .find(|e| e.primary_name() == Some("AARON ABRAHAM VILLA"))
        .unwrap();
    assert_eq!(villa.listed_on.as_deref(), Some("2022-08-24"));
    assert_eq!(villa.id, "bis-dpl-aaron-abraham-villa-2022-08-24");
    assert!(villa.addresses[0].starts_with("3415 RIVERA AVENUE, EL PASO, TX"));
}

#[test]
fn ofac_sdn_xml_excerpt() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let path = sanctions("format-fixtures-deriv/sdn.xml");
    let text = std::fs::read_to_string(&path).unwrap();
    let list = load_one(&[path]);
    assert_eq!(list.list, "ofac-sdn");
    assert!(list.rejects.is_empty(), "{:?}", list.rejects.first());
    assert_eq!(list.entities.len(), text.matches("<sdnEntry>").count());
    assert_eq!(
        count_names(&list, NameKind::WeakAlias),
        text.matches("<category>weak</category>").count()
    );
    let saeed = entity(&list, "ofac-sdn-10689");
    assert_eq!(saeed.primary_name(), Some("SAEED, Muhammad"));
    assert_eq!(saeed.schema, Schema::Person);
    assert_eq!(saeed.programs, vec!["SDGT"]);
    assert!(names_of(saeed, NameKind::WeakAlias).contains(&"HAFIZ SAHIB"));
    assert!(names_of(saeed, NameKind::Alias).contains(&"SAEED, Hafiz Muhammad"));
    assert!(
        saeed
            .identifiers
            .iter()
            .any(|i| i.kind == IdentifierKind::Passport
                && i.value == "BE5978421"
                && i.country.as_deref() == Some("PK"))
    );
    assert!(
        saeed
            .identifiers
            .iter()
            .any(|i| i.kind == IdentifierKind::NationalId && i.value == "35200255098427")
    );
    // "01 Jan 1976 to 31 Dec 1978" keeps both ends.
    assert!(
        list.entities
            .iter()
            .any(|e| e.birth_dates.contains(&"1976-01-01".to_string())
                && e.birth_dates.contains(&"1978-12-31".to_string()))
    );
}

#[test]
fn eu_fsf_sample() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let path = sanctions("format-fixtures-deriv/sample_eu.xml");
    let text = std::fs::read_to_string(&path).unwrap();
    let list = load_one(&[path]);
    assert_eq!(list.list, "eu-fsf");
    assert!(list.rejects.is_empty(), "{:?}", list.rejects.first());
    assert_eq!(
        list.entities.len(),
        text.matches("<sanctionEntity ").count()
    );
    let loaded_names: usize = list.entities.iter().map(|e| e.names.len()).sum();
    assert!(
        loaded_names <= text.matches("<nameAlias ").count() && loaded_names >= list.entities.len()
    );
    let zeid = entity(&list, "eu-fsf-5295");
    assert_eq!(zeid.primary_name(), Some("Abid Hammadou"));
    assert!(names_of(zeid, NameKind::Alias).contains(&"Abdelhamid Abou Zeid"));
    assert_eq!(zeid.countries.first().map(String::as_str), Some("DZ"));
    assert!(zeid.birth_dates.contains(&"1965-12-12".to_string()));
    assert_eq!(zeid.programs, vec!["TAQA"]);
    assert_eq!(zeid.listed_on.as_deref(), Some("2008-07-03"));
    assert_eq!(
        list.entities
            .iter()
            .map(|e| e.identifiers.len())
            .sum::<usize>(),
        text.matches("<identification ").count()
    );
}

#[test]
fn uk_ofsi_conlist_sample_groups_rows() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let path = sanctions("format-fixtures-deriv/sample_hmt.csv");
    let list = load_one(std::slice::from_ref(&path));
    assert_eq!(list.list, "uk-ofsi");
    assert!(list.rejects.is_empty(), "{:?}", list.rejects.first());
    let rows: Vec<Vec<String>> = csv_rows(&path, b',', false).into_iter().skip(2).collect();
    let groups: HashSet<&str> = rows.iter().map(|r| r[35].as_str()).collect();
    assert_eq!(list.entities.len(), groups.len());
    let hojati = entity(&list, "uk-ofsi-9053");
    assert_eq!(hojati.primary_name(), Some("Mohsen HOJATI"));
    assert_eq!(
        names_of(hojati, NameKind::OriginalScript),
        vec!["محسن حجتی"]
    );
    assert_eq!(hojati.birth_dates, vec!["1955-09-28"]);
    assert_eq!(hojati.programs, vec!["Iran (nuclear proliferation)"]);
    assert_eq!(hojati.listed_on.as_deref(), Some("2007-03-24"));
    // Partial dates: 10/00/1983 → year only, 00/04/1984 → month.
    let hubarieva = entity(&list, "uk-ofsi-13063");
    assert!(
        hubarieva.birth_dates.contains(&"1983".to_string())
            && hubarieva.birth_dates.contains(&"1984-04".to_string())
    );
}

#[test]
fn csl_hand_written_csv_fixture() {
    let list = load_one(&[fixture("csl_handwritten_consolidated.csv")]);
    assert_eq!(list.list, "us-csl");
    assert!(list.rejects.is_empty(), "{:?}", list.rejects.first());
    assert_eq!(list.entities.len(), 3);
    let vision = entity(&list, "us-csl-hw-0001");
    assert_eq!(vision.schema, Schema::Organization);
    assert_eq!(
        names_of(vision, NameKind::Alias),
        vec!["Example Vision", "EHVT"]
    );
    assert_eq!(vision.addresses.len(), 2);
    assert_eq!(vision.countries, vec!["CN", "HK"]);
    assert_eq!(vision.identifiers[0].kind, IdentifierKind::Uscc);
    assert_eq!(vision.identifiers[0].value, "91330000000000001X");
    assert_eq!(vision.listed_on.as_deref(), Some("2019-10-09"));
    assert!(
        vision
            .programs
            .contains(&"Entity List (EL) - Bureau of Industry and Security".to_string())
    );
    let testov = entity(&list, "us-csl-hw-0002");
    assert_eq!(testov.schema, Schema::Person);
    assert_eq!(testov.birth_dates, vec!["1970-05-04", "1971"]);
    assert!(testov.programs.contains(&"CYBER2".to_string()));
    let kinds: Vec<_> = testov
        .identifiers
        .iter()
        .map(|i| (i.kind.clone(), i.value.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (IdentifierKind::Passport, "7101234567"),
            (IdentifierKind::Inn, "770112345678")
        ]
    );
    let star = entity(&list, "us-csl-hw-0003");
    assert_eq!(star.schema, Schema::Vessel);
    assert_eq!(star.identifiers[0].kind, IdentifierKind::Imo);
}

#[test]
fn csl_hand_written_json_fixture() {
    let list = load_one(&[fixture("csl_handwritten_consolidated.json")]);
    assert_eq!(list.list, "us-csl");
    assert!(list.rejects.is_empty(), "{:?}", list.rejects.first());
    assert_eq!(list.entities.len(), 2);
    let vision = entity(&list, "us-csl-hw-json-0001");
    assert_eq!(
        vision.addresses,
        vec!["1 Example Road, Binjiang District, Hangzhou, Zhejiang, 310051, CN"]
    );
    assert_eq!(vision.identifiers[0].kind, IdentifierKind::Uscc);
    let testov = entity(&list, "us-csl-hw-json-0002");
    assert_eq!(testov.birth_dates, vec!["1970-05-04", "1971"]);
    assert_eq!(testov.countries, vec!["RU"]);
}
