//! Risk on the synthetic demo world: the planted channels rank where an
//! analyst needs them, each with the reasons that put it there.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::LazyLock;
use std::sync::atomic::AtomicU64;

use arrow::array::RecordBatch;
use chokepoint_demo::{DemoConfig, DemoScale, write_demo_sources};
use chokepoint_ingest::{IngestOptions, read_file};
use chokepoint_risk::{ContextBuilder, OwnershipLink, RiskRules, ShipmentRisk, score_batch};
use serde_json::Value;

struct Scored {
    ranked: Vec<ShipmentRisk>,
    truth: Value,
    /// Records per (HS6, unit), counted from the NDJSON independently.
    records_per_code: std::collections::HashMap<(String, String), usize>,
}

static SCORED: LazyLock<Scored> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write_demo_sources(
        dir.path(),
        &DemoConfig {
            seed: 11,
            scale: DemoScale::Small,
        },
    )
    .unwrap();
    let mut batches: Vec<RecordBatch> = Vec::new();
    read_file(
        &manifest.shipments_file,
        "test",
        &IngestOptions::default(),
        Arc::new(AtomicU64::new(0)),
        &mut |kind, batch| {
            if kind.name() == "shipments" {
                batches.push(batch);
            }
            Ok(())
        },
    )
    .unwrap();
    let relations = chokepoint_network::read_relations_csv(&manifest.relations_file).unwrap();
    assert!(relations.rejects.is_empty());
    let ownership: Vec<OwnershipLink> = relations
        .relations
        .iter()
        .map(|r| OwnershipLink {
            parent: r.from.clone(),
            subsidiary: r.to.clone(),
            share: r.share,
            evidence: r.source.clone(),
        })
        .collect();
    let rules = RiskRules::default();
    let mut builder = ContextBuilder::new(&rules);
    for batch in &batches {
        builder.observe(batch).unwrap();
    }
    let context = builder.finish(&[], &ownership, None);
    let mut ranked: Vec<ShipmentRisk> = batches
        .iter()
        .flat_map(|b| score_batch(&context, b).unwrap())
        .collect();
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.declaration_id.cmp(&b.declaration_id))
    });
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest.truth_file).unwrap()).unwrap();
    let mut records_per_code = std::collections::HashMap::new();
    for line in std::fs::read_to_string(&manifest.shipments_file)
        .unwrap()
        .lines()
    {
        let record: Value = serde_json::from_str(line).unwrap();
        let code = record["hs_code"].as_str().unwrap()[..6].to_string();
        let unit = record["quantity_unit"].as_str().unwrap().to_string();
        *records_per_code.entry((code, unit)).or_insert(0) += 1;
    }
    Scored {
        ranked,
        truth: truth["shipments"].clone(),
        records_per_code,
    }
});

fn names(list: &str, field: &str) -> HashSet<String> {
    SCORED.truth[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[field].as_str().unwrap().to_string())
        .collect()
}

fn rules_of(risk: &ShipmentRisk) -> Vec<&'static str> {
    risk.reasons.iter().map(|r| r.rule).collect()
}

#[test]
fn subsidiaries_shipping_their_brand_to_hub_consignees_rank_first() {
    let mut subsidiaries = names("subsidiary_brand_links", "subsidiary");
    for group in SCORED.truth["variant_groups"].as_array().unwrap() {
        let variants: Vec<String> = group["variants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        if subsidiaries.contains(&variants[0]) {
            subsidiaries.extend(variants);
        }
    }
    let top = &SCORED.ranked[..10];
    for risk in top {
        let rules = rules_of(risk);
        assert!(
            subsidiaries.contains(risk.shipper_name.as_deref().unwrap())
                && rules.contains(&"western_subsidiary")
                && rules.contains(&"transit")
                && rules.contains(&"high_priority_goods"),
            "{risk:#?}"
        );
        let reason = risk
            .reasons
            .iter()
            .find(|r| r.rule == "western_subsidiary")
            .unwrap();
        assert!(
            reason.detail.contains("100 % owned by") && reason.detail.contains("brand"),
            "{}",
            reason.detail
        );
    }
}

#[test]
fn new_hub_consignees_rank_above_ordinary_trade_with_transit_reasons() {
    let hub_firms = names("new_hub_trading_firms", "name");
    let position = |pred: &dyn Fn(&ShipmentRisk) -> bool| -> Vec<usize> {
        SCORED
            .ranked
            .iter()
            .enumerate()
            .filter(|(_, r)| pred(r))
            .map(|(i, _)| i)
            .collect()
    };
    // Shipments to the planted hub firms under their canonical names.
    let to_hubs = position(&|r| {
        r.consignee_name
            .as_deref()
            .is_some_and(|n| hub_firms.contains(n))
    });
    assert!(to_hubs.len() >= 20, "{}", to_hubs.len());
    for &i in &to_hubs {
        let rules = rules_of(&SCORED.ranked[i]);
        assert!(rules.contains(&"transit"), "{:#?}", SCORED.ranked[i]);
    }
    // Ordinary trade (coalition firms to coalition buyers) scores low.
    let ordinary = position(&|r| {
        r.reasons
            .iter()
            .all(|reason| reason.rule == "high_priority_goods")
    });
    assert!(!ordinary.is_empty());
    let median_hub = to_hubs[to_hubs.len() / 2];
    assert!(
        median_hub < ordinary[0],
        "hub consignees' median rank {median_hub}, first ordinary {}",
        ordinary[0]
    );
    // Some early shipments to a hub firm are flagged as a new consignee.
    assert!(
        to_hubs
            .iter()
            .any(|&i| rules_of(&SCORED.ranked[i]).contains(&"new_consignee"))
    );
}

#[test]
fn planted_value_outliers_are_flagged() {
    // Outliers of codes with enough records for a median (the small world
    // has a code or two with a handful of records only).
    let min_records = RiskRules::default().unit_value.min_records;
    let planted: HashSet<String> = SCORED.truth["value_outliers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["declaration_id"].as_str().unwrap().to_string())
        .filter(|id| {
            let risk = SCORED
                .ranked
                .iter()
                .find(|r| &r.declaration_id == id)
                .unwrap();
            SCORED
                .records_per_code
                .iter()
                .any(|((code, _), n)| *code == risk.hs_code[..6] && *n >= min_records)
        })
        .collect();
    let flagged: HashSet<String> = SCORED
        .ranked
        .iter()
        .filter(|r| rules_of(r).contains(&"unit_value"))
        .map(|r| r.declaration_id.clone())
        .collect();
    assert!(planted.len() >= 2, "{planted:?}");
    let found = planted.intersection(&flagged).count();
    assert_eq!(
        found,
        planted.len(),
        "planted {planted:?}, flagged {flagged:?}"
    );
    assert!(
        flagged.len() <= planted.len() * 3,
        "too many flagged: {}",
        flagged.len()
    );
}

/// Golden of the whole scoring: every shipment's score and reasons (rule,
/// points, sentence), by declaration id. Recorded before the rules became a
/// registry; a change here is a change of behaviour. Regenerate with
/// `INSTA_UPDATE=always cargo test -p chokepoint-risk --test demo_risk` and
/// review the diff.
#[test]
fn every_shipment_scores_as_recorded() {
    let mut by_id: Vec<&ShipmentRisk> = SCORED.ranked.iter().collect();
    by_id.sort_by(|a, b| a.declaration_id.cmp(&b.declaration_id));
    let mut golden = String::new();
    for risk in by_id {
        golden.push_str(&format!("{} score={:?}\n", risk.declaration_id, risk.score));
        for reason in &risk.reasons {
            golden.push_str(&format!(
                "  {} {:?}: {}\n",
                reason.rule, reason.points, reason.detail
            ));
        }
    }
    // Evidence names the relations file by its name, never by the temp
    // directory it was loaded from (issue 18, defect 15).
    insta::assert_snapshot!(golden);
}
