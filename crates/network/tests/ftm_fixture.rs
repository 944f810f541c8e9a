//! The yente `zala` FtM fixture: a real ownership network around the ZALA
//! drone maker. Expected values are recomputed here from the raw JSON, not
//! taken from the lists crate.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use chokepoint_lists::load_paths;
use chokepoint_network::{EdgeKind, Graph, ListedWhen, owners};
use serde_json::Value;

/// "ЦСТ" LLC, the company with the most owners in the fixture.
const CST: &str = "NK-abdzbEBkqyT29GyREbiURZ";
/// Limited Liability Company "RTC", wholly owned.
const RTC: &str = "NK-ERScv7cLkkvZ3ejz7xiToj";
/// ZALA AERO JSC, owned by a sanctioned person at an unstated share.
const ZALA_AERO: &str = "NK-cPks3aTbes8k4aCerfBAzN";

fn fixture() -> PathBuf {
    chokepoint_test_support::shared_data_dir().join("ftm/yente-fixtures/zala__entities.ftm.json")
}

fn raw() -> Vec<Value> {
    std::fs::read_to_string(fixture())
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn first<'a>(entity: &'a Value, property: &str) -> Option<&'a str> {
    entity["properties"][property].as_array()?.first()?.as_str()
}

/// (owner, asset, percentage as written, record id) of every Ownership.
fn ownerships(raw: &[Value]) -> Vec<(String, String, Option<f64>, String)> {
    raw.iter()
        .filter(|e| e["schema"] == "Ownership")
        .map(|e| {
            (
                first(e, "owner").unwrap().to_string(),
                first(e, "asset").unwrap().to_string(),
                first(e, "percentage").map(|p| p.parse::<f64>().unwrap()),
                e["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Direct owners of `asset` with the largest stated percentage / 100 of each
/// (the crate's default for repeated records) and their record ids.
fn direct_owners(raw: &[Value], asset: &str) -> BTreeMap<String, (Option<f64>, Vec<String>)> {
    let mut owners: BTreeMap<String, (Option<f64>, Vec<String>)> = BTreeMap::new();
    for (owner, to, percent, id) in ownerships(raw) {
        if to != asset {
            continue;
        }
        let entry = owners.entry(owner).or_default();
        let share = percent.map(|p| p / 100.0);
        entry.0 = match (entry.0, share) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        entry.1.push(id);
    }
    owners
}

fn graph(rule: ListedWhen) -> Graph {
    let lists = load_paths(&[fixture()]).unwrap();
    Graph::from_lists_with(&lists, rule).unwrap()
}

#[test]
fn graph_holds_the_fourteen_ownership_relations() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let raw = raw();
    let expected = ownerships(&raw);
    assert_eq!(expected.len(), 14);
    let g = graph(ListedWhen::OnAnyList);
    let mut got: Vec<(String, String, Option<f64>)> = g
        .edges()
        .iter()
        .filter_map(|e| match e.kind {
            EdgeKind::Ownership { share } => {
                Some((e.from.clone(), e.to.clone(), share.map(|s| s.value())))
            }
            _ => None,
        })
        .collect();
    let mut want: Vec<(String, String, Option<f64>)> = expected
        .iter()
        .map(|(o, a, p, _)| (o.clone(), a.clone(), p.map(|p| p / 100.0)))
        .collect();
    got.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    want.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    assert_eq!(got, want);
    // Every party of the fixture is a listed node.
    let parties = raw
        .iter()
        .filter(|e| e["schema"] == "Person" || e["schema"] == "Company")
        .count();
    assert_eq!(g.nodes().iter().filter(|n| n.is_listed()).count(), parties);
}

#[test]
fn cst_owners_match_the_fixture_percentages() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let raw = raw();
    let expected = direct_owners(&raw, CST);
    // The owners of CST own nothing else upstream of it: no owner is itself
    // an asset, so the effective shares are the direct ones.
    let assets: HashSet<String> = ownerships(&raw).into_iter().map(|o| o.1).collect();
    assert!(expected.keys().all(|owner| !assets.contains(owner)));
    assert_eq!(expected.len(), 4);

    let report = owners(&graph(ListedWhen::OnAnyList), CST).unwrap();
    let total: f64 = expected.values().filter_map(|(share, _)| *share).sum();
    assert!((report.total_listed_share - total).abs() < 1e-12);
    assert!(report.fifty_percent_rule);
    // 51 % + 49 % + 2 % + 1 % from stale records: over 100 %, and said so.
    assert!(total > 1.0);
    assert_eq!(report.over_allocated, vec![CST]);
    assert_eq!(report.owners.len(), expected.len());
    for owner in &report.owners {
        let (share, ids) = &expected[&owner.owner];
        assert!(
            (owner.share - share.unwrap()).abs() < 1e-12,
            "{}",
            owner.owner
        );
        assert_eq!(owner.attributed, owner.share);
        assert_eq!(owner.chains.len(), 1);
        let hop = &owner.chains[0].hops[0];
        assert_eq!(hop.asset, CST);
        // Every record between the pair is cited, even the ones not counted.
        assert_eq!(hop.evidence.len(), ids.len());
        for id in ids {
            assert!(
                hop.evidence.iter().any(|e| e.starts_with(id.as_str())),
                "{id}"
            );
        }
    }
    // Largest first: Zakharov's 51 % (of 50 %, 48 %, 51 % records).
    assert_eq!(report.owners[0].owner, "NK-aU5ybkbRFJucf8YMwsJvDw");
    assert_eq!(report.owners[0].share, 0.51);
}

#[test]
fn has_program_leaves_registry_context_parties_unlisted() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let raw = raw();
    // Parties with a programme as the lists crate reads FtM: a `program` or
    // `topics` value of their own, or a Sanction entity naming a programme.
    let mut with_program: HashSet<&str> = raw
        .iter()
        .filter(|e| e["schema"] == "Sanction")
        .filter(|e| first(e, "program").is_some() || first(e, "programId").is_some())
        .filter_map(|e| first(e, "entity"))
        .collect();
    with_program.extend(
        raw.iter()
            .filter(|e| e["schema"] == "Person" || e["schema"] == "Company")
            .filter(|e| first(e, "program").is_some() || first(e, "topics").is_some())
            .filter_map(|e| e["id"].as_str()),
    );
    let g = graph(ListedWhen::HasProgram);
    let listed: HashSet<&str> = g
        .nodes()
        .iter()
        .filter(|n| n.is_listed())
        .map(|n| n.id())
        .collect();
    assert_eq!(listed, with_program);
    // The registry-only companies (ext_ru_egrul, no topics) are context.
    for id in [
        "NK-56Edov9bas9puzaChH5pBy",
        "NK-9Xa4Kg7Y7nfccE7VcZt6Q6",
        "ru-inn-5920040846",
    ] {
        assert!(!g.node(id).unwrap().is_listed(), "{id}");
    }
    // CST's owners all carry programmes, so its report does not change.
    let report = owners(&g, CST).unwrap();
    let total: f64 = direct_owners(&raw, CST)
        .iter()
        .filter(|(owner, _)| with_program.contains(owner.as_str()))
        .filter_map(|(_, (share, _))| *share)
        .sum();
    assert!((report.total_listed_share - total).abs() < 1e-12);
}

#[test]
fn wholly_owned_and_unstated_shares() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let raw = raw();
    let g = graph(ListedWhen::OnAnyList);
    let rtc = direct_owners(&raw, RTC);
    let report = owners(&g, RTC).unwrap();
    assert_eq!(rtc.len(), 1);
    assert_eq!(
        Some(report.total_listed_share),
        rtc.values().next().unwrap().0
    );
    assert!(report.fifty_percent_rule);

    // ZALA AERO's only ownership record has no percentage: a chain without a
    // share, nothing counted, and the report says the total is a lower bound.
    assert!(
        direct_owners(&raw, ZALA_AERO)
            .values()
            .all(|(s, _)| s.is_none())
    );
    let report = owners(&g, ZALA_AERO).unwrap();
    assert_eq!(report.total_listed_share, 0.0);
    assert!(!report.fifty_percent_rule);
    assert!(report.unknown_shares);
    assert_eq!(report.owners.len(), 1);
    assert_eq!(report.owners[0].chains[0].share, None);
}
