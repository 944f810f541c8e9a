//! The listed-party rules on hand-built records: a name on a (hand-built)
//! list, 50 % ownership through a chain of holdings (60 % × 90 % = 54 %), a
//! minority stake that stays below the rule, a listed person as owner, and a
//! listed address.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use arrow::array::RecordBatch;
use chokepoint_index::{IndexConfig, WatchlistIndex};
use chokepoint_ingest::{IngestOptions, read_file};
use chokepoint_lists::{Entity, Name, NameKind, Schema};
use chokepoint_risk::{
    ContextBuilder, ListedParties, OwnershipLink, RiskRules, ShipmentRisk, score_batch,
};

fn listed(id: &str, name: &str, address: &str) -> Entity {
    listed_as(Schema::Company, id, name, address)
}

fn listed_as(schema: Schema, id: &str, name: &str, address: &str) -> Entity {
    let mut entity = Entity::new(id, schema, "hand-list", format!("{id} test"));
    entity.names.push(Name {
        value: name.to_string(),
        kind: NameKind::Primary,
    });
    entity.countries.push("RU".into());
    entity.addresses.push(address.to_string());
    entity
}

fn record(id: &str, consignee: &str, address: &str) -> String {
    format!(
        r#"{{"declaration_id":"{id}","date":"2024-03-01","hs_code":"8542310000","shipper_name":"Example Trading Co., Ltd.","shipper_address":"1 Harbour Road, Shenzhen","shipper_country":"CN","consignee_name":"{consignee}","consignee_address":"{address}","consignee_country":"RU","origin_country":"CN","dispatch_country":"CN","destination_country":"RU","value":1000.0,"currency":"USD","net_weight_kg":1.0,"quantity":100,"quantity_unit":"u"}}"#
    )
}

fn score(records: &[String], ownership: &[OwnershipLink]) -> Vec<ShipmentRisk> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shipments.ndjson");
    std::fs::write(&path, records.join("\n") + "\n").unwrap();
    let mut batches: Vec<RecordBatch> = Vec::new();
    read_file(
        &path,
        "t",
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
    let index = WatchlistIndex::from_entities(
        vec![
            listed(
                "hl-1",
                "Uralpribor Holding JSC",
                "ul. Frontovykh Brigad 18, Yekaterinburg 620017",
            ),
            listed(
                "hl-2",
                "Volga Precision Engineering JSC",
                "Moskovskoe shosse 34, Samara 443013",
            ),
            // A person (fictitious), owner of a consignee below.
            listed_as(
                Schema::Person,
                "hl-3",
                "Ivan Petrovich Sidorenko",
                "Tverskaya 7, Moscow 125009",
            ),
        ],
        &IndexConfig::default(),
    );
    let rules = RiskRules::default();
    let screen = ListedParties::new(&index, rules.listed_party.min_score);
    let mut builder = ContextBuilder::new(&rules);
    for batch in &batches {
        builder.observe(batch).unwrap();
    }
    let context = builder.finish(&[], ownership, Some(&screen));
    batches
        .iter()
        .flat_map(|b| score_batch(&context, b).unwrap())
        .collect()
}

fn link(parent: &str, subsidiary: &str, share: f64) -> OwnershipLink {
    OwnershipLink {
        parent: parent.into(),
        subsidiary: subsidiary.into(),
        share: Some(share),
        evidence: format!("registry extract {parent}"),
    }
}

#[test]
fn listed_names_chains_of_holdings_and_addresses() {
    let records = [
        record("D1", "AO Uralpribor Holding", "Lenina 1, Moscow"),
        record("D2", "OOO Sever Komponent", "Lenina 2, Moscow"),
        record("D3", "OOO Yug Komponent", "Lenina 3, Moscow"),
        record(
            "D4",
            "OOO Zapad Snab",
            "Moskovskoe shosse 34, Samara 443013",
        ),
        record("D5", "OOO Vostok Komponent", "Lenina 5, Moscow"),
    ];
    let ownership = [
        // 60 % × 90 % = 54 %: under the 50 % rule.
        link("Uralpribor Holding JSC", "OOO Mid Holding", 0.6),
        link("OOO Mid Holding", "OOO Sever Komponent", 0.9),
        // 40 %: not under the rule.
        link("Uralpribor Holding JSC", "OOO Yug Komponent", 0.4),
        // An owner is screened as whatever it is: here a listed person,
        // named family name first and without the patronymic.
        link("Sidorenko Ivan", "OOO Vostok Komponent", 0.75),
    ];
    let scored = score(&records, &ownership);
    let reason = |id: &str, rule: &str| {
        let risk = scored.iter().find(|r| r.declaration_id == id).unwrap();
        risk.reasons
            .iter()
            .find(|r| r.rule == rule)
            .map(|r| r.detail.clone())
    };
    let d1 = reason("D1", "listed_party").expect("a listed name");
    assert!(d1.contains("hl-1") && d1.contains("score"), "{d1}");
    let d2 = reason("D2", "listed_party").expect("54 % owned by a listed party");
    assert!(
        d2.contains("owned 54 %") && d2.contains("60 %") && d2.contains("90 %"),
        "{d2}"
    );
    assert_eq!(reason("D3", "listed_party"), None, "40 % is below the rule");
    let d4 = reason("D4", "shared_address").expect("the listed address");
    assert!(d4.contains("hl-2"), "{d4}");
    assert_eq!(reason("D4", "listed_party"), None);
    let d5 = reason("D5", "listed_party").expect("75 % owned by a listed person");
    assert!(d5.contains("75 %"), "{d5}");
}
