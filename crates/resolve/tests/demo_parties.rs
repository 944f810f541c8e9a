//! Resolution on the synthetic demo world: the planted spelling variants of
//! each firm become one entity, the planted look-alikes stay apart, and no
//! two different firms are merged.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use chokepoint_demo::{DemoConfig, DemoScale, write_demo_sources};
use chokepoint_resolve::{Decision, DecisionKind, ResolveConfig, Sighting, resolve};
use serde_json::Value;

struct Demo {
    sightings: Vec<Sighting>,
    truth: Value,
}

static DEMO: LazyLock<Demo> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let config = DemoConfig {
        seed: 7,
        scale: DemoScale::Small,
    };
    let manifest = write_demo_sources(dir.path(), &config).unwrap();
    let text = std::fs::read_to_string(&manifest.shipments_file).unwrap();
    let mut sightings = Vec::new();
    for line in text.lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        let field = |name: &str| record[name].as_str().unwrap().to_string();
        for role in ["shipper", "consignee"] {
            sightings.push(Sighting {
                name: field(&format!("{role}_name")),
                address: Some(field(&format!("{role}_address"))),
                country: Some(field(&format!("{role}_country"))),
                day: 0,
                records: 1,
            });
        }
    }
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest.truth_file).unwrap()).unwrap();
    Demo {
        sightings,
        truth: truth["shipments"].clone(),
    }
});

/// The truth's party of each (name, address): variant groups list all their
/// spellings; every other spelling is its own party.
fn party_of_spelling() -> BTreeMap<(String, String), String> {
    let mut parties = BTreeMap::new();
    for group in DEMO.truth["variant_groups"].as_array().unwrap() {
        for variant in group["variants"].as_array().unwrap() {
            let key = (
                variant.as_str().unwrap().to_string(),
                group["address"].as_str().unwrap().to_string(),
            );
            parties.insert(key, group["party_id"].as_str().unwrap().to_string());
        }
    }
    parties
}

#[test]
fn every_planted_variant_group_is_one_entity_and_no_firms_are_merged() {
    let resolution = resolve(&DEMO.sightings, &[], &ResolveConfig::default());
    let truth_party = party_of_spelling();
    let mut entities_of_party: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut parties_of_entity: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for sighting in &DEMO.sightings {
        let address = sighting.address.clone().unwrap();
        let party = truth_party
            .get(&(sighting.name.clone(), address.clone()))
            .cloned()
            .unwrap_or_else(|| format!("single:{address}"));
        let entity = resolution
            .lookup(
                &sighting.name,
                sighting.address.as_deref(),
                sighting.country.as_deref(),
            )
            .unwrap();
        entities_of_party
            .entry(party.clone())
            .or_default()
            .insert(entity);
        parties_of_entity.entry(entity).or_default().insert(party);
    }
    let split: Vec<_> = entities_of_party
        .iter()
        .filter(|(_, e)| e.len() > 1)
        .collect();
    assert!(split.is_empty(), "variants left apart: {split:?}");
    let merged: Vec<_> = parties_of_entity.values().filter(|p| p.len() > 1).collect();
    assert!(merged.is_empty(), "different firms merged: {merged:?}");
    let groups_seen = DEMO.truth["variant_groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["variants_seen"].as_array().unwrap().len() > 1)
        .count();
    assert!(
        groups_seen >= 4,
        "the demo should show several spellings of a firm: {groups_seen}"
    );
}

#[test]
fn look_alikes_stay_apart_with_their_reason() {
    let resolution = resolve(&DEMO.sightings, &[], &ResolveConfig::default());
    let mut compared = 0;
    for pair in DEMO.truth["look_alikes"].as_array().unwrap() {
        let entity = |side: &str| {
            let p = &pair[side];
            let country = DEMO
                .sightings
                .iter()
                .find(|s| s.name == p["name"].as_str().unwrap())
                .and_then(|s| s.country.clone());
            resolution.lookup(
                p["name"].as_str().unwrap(),
                p["address"].as_str(),
                country.as_deref(),
            )
        };
        let (a, b) = (entity("a"), entity("b"));
        if let (Some(a), Some(b)) = (a, b) {
            assert_ne!(a, b, "{pair}");
            compared += 1;
        }
    }
    assert!(
        compared >= 3,
        "look-alike pairs present in the records: {compared}"
    );
}

#[test]
fn merges_carry_evidence_and_a_split_decision_undoes_one() {
    let resolution = resolve(&DEMO.sightings, &[], &ResolveConfig::default());
    let han = resolution
        .spellings
        .iter()
        .position(|s| s.key.name == "深圳京华贸易有限公司")
        .expect("the Han spelling is in the small demo");
    let latin = resolution
        .spellings
        .iter()
        .position(|s| s.key.name == "Shenzhen Jinghua Trading Co., Ltd.")
        .unwrap();
    assert_eq!(
        resolution.spellings[han].entity,
        resolution.spellings[latin].entity
    );
    let evidence = resolution.explain(han);
    assert!(evidence.starts_with("same_address with"), "{evidence}");

    let decisions = [Decision {
        left_name: "深圳京华贸易有限公司".into(),
        right_name: "Shenzhen Jinghua Trading Co., Ltd.".into(),
        kind: DecisionKind::Split,
    }];
    let undone = resolve(&DEMO.sightings, &decisions, &ResolveConfig::default());
    let han = undone
        .spellings
        .iter()
        .position(|s| s.key.name == "深圳京华贸易有限公司")
        .unwrap();
    let latin = undone
        .spellings
        .iter()
        .position(|s| s.key.name == "Shenzhen Jinghua Trading Co., Ltd.")
        .unwrap();
    assert_ne!(undone.spellings[han].entity, undone.spellings[latin].entity);
    assert_eq!(undone.entities.len(), resolution.entities.len() + 1);
}
