//! FollowTheMoney entity and delta files against the staged fixtures.

mod common;

use std::collections::HashSet;

use chokepoint_lists::{IdentifierKind, NameKind, RelationKind, Schema, load_paths};
use common::{data, entity, load_one};
use serde_json::Value;

const PARTIES: [&str; 7] = [
    "Person",
    "Company",
    "Organization",
    "LegalEntity",
    "PublicBody",
    "Vessel",
    "Airplane",
];

fn lines(file: &str) -> Vec<Value> {
    std::fs::read_to_string(data().join("ftm").join(file))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn strings<'a>(entity: &'a Value, property: &str) -> Vec<&'a str> {
    entity["properties"][property]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn zala_entities_names_and_ownership_shares() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let raw = lines("yente-fixtures/zala__entities.ftm.json");
    let list = load_one(&[data().join("ftm/yente-fixtures/zala__entities.ftm.json")]);
    assert_eq!(list.list, "zala");
    assert!(list.rejects.is_empty(), "{:?}", list.rejects.first());

    let parties: Vec<&Value> = raw
        .iter()
        .filter(|e| PARTIES.contains(&e["schema"].as_str().unwrap()))
        .collect();
    assert_eq!(list.entities.len(), parties.len());
    assert_eq!(list.entities.len(), 17);
    let expected_names: usize = parties
        .iter()
        .map(|e| {
            let mut seen = HashSet::new();
            for (property, kind) in [
                ("name", 0),
                ("alias", 1),
                ("weakAlias", 2),
                ("previousName", 3),
            ] {
                for value in strings(e, property) {
                    seen.insert((kind, value.split_whitespace().collect::<Vec<_>>().join(" ")));
                }
            }
            seen.len()
        })
        .sum();
    let loaded_names: usize = list.entities.iter().map(|e| e.names.len()).sum();
    assert_eq!(loaded_names, expected_names);

    let ownership: Vec<_> = list
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::Ownership)
        .collect();
    assert_eq!(ownership.len(), 14);
    let raw_ownership: Vec<&Value> = raw.iter().filter(|e| e["schema"] == "Ownership").collect();
    for relation in &ownership {
        let source = raw_ownership
            .iter()
            .find(|e| relation.source.starts_with(e["id"].as_str().unwrap()))
            .unwrap();
        assert_eq!(relation.from, strings(source, "owner")[0]);
        assert_eq!(relation.to, strings(source, "asset")[0]);
        let expected = strings(source, "percentage")
            .first()
            .map(|p| p.parse::<f64>().unwrap() / 100.0);
        assert_eq!(relation.share, expected, "{}", relation.source);
    }
    assert_eq!(ownership.iter().filter(|r| r.share.is_some()).count(), 10);
    assert!(
        ownership
            .iter()
            .any(|r| r.share == Some(0.5) && r.to == "NK-abdzbEBkqyT29GyREbiURZ")
    );
    assert_eq!(
        list.relations
            .iter()
            .filter(|r| r.kind == RelationKind::Directorship)
            .count(),
        3
    );
    assert_eq!(
        list.relations
            .iter()
            .filter(|r| r.kind == RelationKind::Family)
            .count(),
        4
    );

    // Zala Aero: INN, sanctions programme from its Sanction entity, addresses from Address entities.
    let zala = entity(&list, "NK-abdzbEBkqyT29GyREbiURZ");
    assert_eq!(zala.schema, Schema::Company);
    assert!(
        zala.names
            .iter()
            .any(|n| n.value == "Zala Aero Group" && n.kind == NameKind::Primary)
    );
    assert!(
        zala.identifiers
            .iter()
            .any(|i| i.kind == IdentifierKind::Inn
                && i.value == "1841015504"
                && i.country.as_deref() == Some("RU"))
    );
    assert!(zala.programs.iter().any(|p| p == "Autonomous (Russia)"));
    assert!(zala.listed_on.is_some());
    assert!(!zala.addresses.is_empty());
    assert_eq!(zala.countries, vec!["RU"]);
}

#[test]
fn delta_files_apply_add_mod_del_in_order() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let dir = data().join("ftm/yente-fixtures");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".delta.json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 4);
    let list = load_one(&files);
    assert_eq!(list.list, "t2");
    // Independent replay: last ADD/MOD wins, DEL removes.
    let mut state: Vec<(String, Value)> = Vec::new();
    for file in &files {
        for line in std::fs::read_to_string(file)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            let delta: Value = serde_json::from_str(line).unwrap();
            let id = delta["entity"]["id"].as_str().unwrap().to_string();
            state.retain(|(other, _)| *other != id);
            if delta["op"] != "DEL" {
                state.push((id, delta["entity"].clone()));
            }
        }
    }
    let expected: HashSet<&str> = state.iter().map(|(id, _)| id.as_str()).collect();
    let loaded: HashSet<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(loaded, expected);
    assert!(!loaded.contains("NK-500Poltergeist"));
    let (_, modified) = state
        .iter()
        .find(|(id, _)| id == "NK-2T3S8Hu29ktYnKSTgQp2wL")
        .unwrap();
    let aqi = entity(&list, "NK-2T3S8Hu29ktYnKSTgQp2wL");
    assert_eq!(aqi.schema, Schema::Organization);
    let aliases = aqi
        .names
        .iter()
        .filter(|n| n.kind == NameKind::Alias)
        .count();
    assert_eq!(
        aliases,
        strings(modified, "alias")
            .iter()
            .collect::<HashSet<_>>()
            .len()
    );
}

#[test]
fn donations_skip_payments_and_resolve_addresses() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let raw = lines("nomenklatura-fixtures/donations.ijson");
    let list = load_one(&[data().join("ftm/nomenklatura-fixtures/donations.ijson")]);
    assert_eq!(list.list, "donations");
    assert!(list.rejects.is_empty());
    let parties = raw
        .iter()
        .filter(|e| PARTIES.contains(&e["schema"].as_str().unwrap()))
        .count();
    assert_eq!(list.entities.len(), parties);
    let with_address_entity = raw
        .iter()
        .filter(|e| {
            PARTIES.contains(&e["schema"].as_str().unwrap())
                && !strings(e, "addressEntity").is_empty()
        })
        .count();
    assert_eq!(
        list.entities
            .iter()
            .filter(|e| !e.addresses.is_empty())
            .count(),
        with_address_entity
    );
    assert!(list.relations.is_empty());
}

#[test]
fn a_directory_of_fixtures_splits_by_dataset() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let loaded = load_paths(&[data().join("ftm/yente-fixtures")]).unwrap();
    let lists: Vec<&str> = loaded.iter().map(|l| l.list.as_str()).collect();
    assert_eq!(lists, vec!["parteispenden", "t1", "t2", "zala"]);
    let t1 = &loaded[1];
    assert_eq!(t1.entities.len(), 6);
    assert!(
        t1.entities
            .iter()
            .any(|e| e.names.iter().any(|n| n.value == "LLC “Inter Tobacco”"))
    );
}
