//! `POST /shipments` bodies: NDJSON shipment records as the intake takes
//! them (blank lines dropped, each record on its own line, read with the
//! shipments format forced), then observed and scored by the risk rules as
//! a posted file is.
#![no_main]

use chokepoint_catalog::schema::TableKind;
use chokepoint_fuzz::{ingest, ingest_options, scratch_file};
use chokepoint_risk::{ContextBuilder, RiskRules, score_batch};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The handler takes the body as a String: not UTF-8 is a 400 before this.
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let text: String = body
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| format!("{line}\n"))
        .collect();
    if text.is_empty() {
        return;
    }
    let path = scratch_file("posted.ndjson", text.as_bytes());
    let Some(ingested) = ingest(&path, &ingest_options(Some("shipments"))) else {
        return;
    };
    let rules = RiskRules::default();
    let mut builder = ContextBuilder::new(&rules);
    let shipments: Vec<_> = ingested
        .batches
        .iter()
        .filter(|(table, _)| *table == TableKind::Shipments)
        .map(|(_, batch)| batch)
        .collect();
    for batch in &shipments {
        builder
            .observe(batch)
            .expect("an ingested shipment batch is observable");
    }
    let context = builder.finish(&[], &[], None);
    for batch in shipments {
        let risks = score_batch(&context, batch).expect("an ingested shipment batch scores");
        assert_eq!(risks.len(), batch.num_rows(), "one risk per shipment");
    }
});
