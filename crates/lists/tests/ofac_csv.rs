//! OFAC legacy CSV sets against the staged official files.

mod common;

use std::collections::{HashMap, HashSet};

use chokepoint_lists::{IdentifierKind, NameKind, RelationKind, Schema};
use common::{collapse, count_names, csv_rows, entity, load_one, names_of, sanctions};

#[test]
fn consistent_2021_set_counts_match_the_files() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let dir = sanctions("ofac-2021-consistent-set");
    let list = load_one(std::slice::from_ref(&dir));
    assert_eq!(list.list, "ofac-sdn");
    assert_eq!(list.files.len(), 4);
    assert!(list.rejects.is_empty(), "{:?}", list.rejects.first());

    let sdn = csv_rows(&dir.join("sdn.csv"), b',', false);
    assert_eq!(sdn.len(), 8976);
    assert_eq!(list.entities.len(), sdn.len());
    let persons = sdn.iter().filter(|r| r[2].trim() == "individual").count();
    assert_eq!(
        list.entities
            .iter()
            .filter(|e| e.schema == Schema::Person)
            .count(),
        persons
    );
    let vessels = sdn.iter().filter(|r| r[2].trim() == "vessel").count();
    assert_eq!(
        list.entities
            .iter()
            .filter(|e| e.schema == Schema::Vessel)
            .count(),
        vessels
    );

    // Strong aliases: distinct (ent_num, name) per alt_type, as in alt.csv.
    let alt = csv_rows(&dir.join("alt.csv"), b',', false);
    let distinct = |types: &[&str]| {
        alt.iter()
            .filter(|r| types.contains(&r[2].as_str()))
            .map(|r| (r[0].clone(), collapse(&r[3])))
            .collect::<HashSet<_>>()
            .len()
    };
    assert_eq!(
        count_names(&list, NameKind::Alias),
        distinct(&["aka", "nka"])
    );
    assert!(count_names(&list, NameKind::Former) >= distinct(&["fka"]));

    // Weak aliases live in the remarks as a.k.a. 'X'.
    let weak_in_remarks: usize = sdn.iter().map(|r| r[11].matches("a.k.a. '").count()).sum();
    let weak = count_names(&list, NameKind::WeakAlias);
    assert!(
        weak > 0 && weak <= weak_in_remarks,
        "{weak} weak aliases, {weak_in_remarks} in remarks"
    );

    // Every address row lands on its entity.
    let add = csv_rows(&dir.join("add.csv"), b',', false);
    let with_address: HashSet<&str> = add
        .iter()
        .filter(|r| r[2..5].iter().any(|f| f.trim() != "-0-"))
        .map(|r| r[0].as_str())
        .collect();
    let loaded_with_address = list
        .entities
        .iter()
        .filter(|e| !e.addresses.is_empty())
        .count();
    assert_eq!(loaded_with_address, with_address.len());
}

#[test]
fn comments_continue_remarks_and_linked_to_resolves() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let list = load_one(&[sanctions("ofac-2021-consistent-set")]);
    // ent 28263's remark is cut at "snowsjo" and continues in sdn_comments.csv.
    let tian = entity(&list, "ofac-sdn-28263");
    assert_eq!(tian.primary_name(), Some("TIAN, Yinyin"));
    assert_eq!(
        names_of(tian, NameKind::WeakAlias),
        vec!["tianyinyin0404", "snowsjohn"]
    );
    assert_eq!(tian.birth_dates, vec!["1986-07-12"]);
    assert_eq!(tian.countries, vec!["CN"]);
    let lazarus = list
        .entities
        .iter()
        .find(|e| e.primary_name() == Some("LAZARUS GROUP"))
        .unwrap();
    let links: Vec<_> = list
        .relations
        .iter()
        .filter(|r| r.from == tian.id)
        .collect();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].kind, RelationKind::LinkedTo);
    assert_eq!(links[0].to, lazarus.id);
    // Every relation points at loaded entities and never at itself.
    let ids: HashSet<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert!(
        list.relations.iter().all(|r| ids.contains(r.from.as_str())
            && ids.contains(r.to.as_str())
            && r.from != r.to)
    );
}

#[test]
fn sdn_2024_wuhan_global_sensor() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let dir = sanctions("ofac-sdn-2024-05-03");
    let list = load_one(&[dir.join("sdn.csv")]);
    assert!(list.rejects.is_empty(), "{:?}", list.rejects.first());
    // 14,965 records plus a 0x1A end-of-file line that is not a record.
    assert_eq!(
        list.entities.len(),
        csv_rows(&dir.join("sdn.csv"), b',', false).len()
    );
    assert_eq!(list.entities.len(), 14_965);
    let wuhan = entity(&list, "ofac-sdn-46633");
    assert_eq!(
        wuhan.primary_name(),
        Some("WUHAN GLOBAL SENSOR TECHNOLOGY CO., LTD.")
    );
    assert_eq!(wuhan.schema, Schema::Organization);
    assert_eq!(wuhan.programs, vec!["RUSSIA-EO14024"]);
    assert_eq!(wuhan.identifiers.len(), 1);
    assert_eq!(wuhan.identifiers[0].kind, IdentifierKind::Uscc);
    assert_eq!(wuhan.identifiers[0].value, "914201000668186736");
    assert_eq!(wuhan.identifiers[0].country.as_deref(), Some("CN"));
    let text = String::from_utf8_lossy(&std::fs::read(dir.join("sdn.csv")).unwrap()).into_owned();
    let line = text.lines().position(|l| l.starts_with("46633,")).unwrap() + 1;
    assert!(
        wuhan.source_record.ends_with(&format!("sdn.csv:{line}")),
        "{} vs line {line}",
        wuhan.source_record
    );
    let tongsheng = entity(&list, "ofac-sdn-47368");
    assert!(
        tongsheng
            .identifiers
            .iter()
            .any(|i| i.kind == IdentifierKind::Uscc && i.value == "91420100MA4F0QE59C")
    );

    // Russian tax numbers are INNs, Russian registration numbers OGRNs.
    let kinds: HashMap<String, usize> =
        list.entities
            .iter()
            .flat_map(|e| &e.identifiers)
            .fold(HashMap::new(), |mut acc, id| {
                *acc.entry(format!("{:?}", id.kind)).or_default() += 1;
                acc
            });
    assert!(
        kinds["Inn"] > 2000 && kinds["Ogrn"] > 1500 && kinds["Imo"] > 800,
        "{kinds:?}"
    );
    let imo_segments: usize = csv_rows(&dir.join("sdn.csv"), b',', false)
        .iter()
        .filter(|r| r[11].contains(" IMO "))
        .count();
    assert!(
        kinds["Imo"] >= imo_segments * 9 / 10,
        "{} of {imo_segments}",
        kinds["Imo"]
    );
}

#[test]
fn consolidated_non_sdn_hikvision() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let dir = sanctions("ofac-consolidated-nonsdn");
    let list = load_one(std::slice::from_ref(&dir));
    assert_eq!(list.list, "ofac-cons");
    assert!(list.rejects.is_empty(), "{:?}", list.rejects.first());
    assert_eq!(
        list.entities.len(),
        csv_rows(&dir.join("cons_prim.csv"), b',', false).len()
    );
    let alt = csv_rows(&dir.join("cons_alt.csv"), b',', false);
    let akas: HashSet<_> = alt
        .iter()
        .filter(|r| r[2] == "aka")
        .map(|r| (r[0].clone(), collapse(&r[3])))
        .collect();
    assert_eq!(count_names(&list, NameKind::Alias), akas.len());
    let hikvision = entity(&list, "ofac-cons-30946");
    assert_eq!(
        hikvision.primary_name(),
        Some("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.")
    );
    assert_eq!(
        names_of(hikvision, NameKind::Alias),
        vec!["HIKVISION", "HANGZHOU HIKVISION DIGITAL TECHNOLOGY"]
    );
    assert_eq!(hikvision.programs, vec!["CMIC-EO13959"]);
    let ids: Vec<(IdentifierKind, &str)> = hikvision
        .identifiers
        .iter()
        .map(|i| (i.kind.clone(), i.value.as_str()))
        .collect();
    assert!(ids.contains(&(IdentifierKind::Uscc, "91330000733796106P")));
    assert!(ids.contains(&(IdentifierKind::Isin, "CNE100000PM8")));
    assert_eq!(
        hikvision.addresses,
        vec!["555, Qianmo Road, Binjiang District, Hangzhou 310051, China"]
    );
    assert_eq!(hikvision.countries, vec!["CN"]);
}

#[test]
fn aux_files_without_their_sdn_csv_are_all_rejected_with_reasons() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let dir = sanctions("ofac-sdn-aux-2025-12");
    let list = load_one(std::slice::from_ref(&dir));
    assert!(list.entities.is_empty());
    let rows: usize = ["add.csv", "alt.csv"]
        .iter()
        .map(|f| csv_rows(&dir.join(f), b',', false).len())
        .sum();
    let comment_ents: HashSet<String> = csv_rows(&dir.join("sdn_comments.csv"), b',', false)
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(list.rejects.len(), rows + comment_ents.len());
    let reject = &list
        .rejects
        .iter()
        .find(|r| r.file.ends_with("alt.csv"))
        .unwrap();
    assert!(
        reject.reason.starts_with("no sdn.csv record for ent_num"),
        "{}",
        reject.reason
    );
    assert!(reject.line.is_some() && reject.record_id.is_some());
}
