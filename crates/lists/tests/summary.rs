//! Loads every staged list and prints per-list counts (run with --nocapture).

use std::path::PathBuf;

use chokepoint_lists::load_paths;

fn data() -> PathBuf {
    chokepoint_test_support::shared_data_dir()
}

#[test]
fn summary_of_all_staged_lists() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let sanctions = data().join("sanctions");
    let ftm = data().join("ftm");
    let paths = vec![
        sanctions.join("ofac-2021-consistent-set"),
        sanctions.join("ofac-sdn-2024-05-03"),
        sanctions.join("ofac-sdn-aux-2025-12"),
        sanctions.join("ofac-consolidated-nonsdn"),
        sanctions.join("un-consolidated"),
        sanctions.join("uk-sanctions-list-derived"),
        sanctions.join("bis-denied-persons"),
        sanctions.join("format-fixtures-deriv"),
        ftm.join("yente-fixtures"),
        ftm.join("nomenklatura-fixtures/donations.ijson"),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
    ];
    let loaded = load_paths(&paths).unwrap();
    for list in &loaded {
        let names: usize = list.entities.iter().map(|e| e.names.len()).sum();
        let identifiers: usize = list.entities.iter().map(|e| e.identifiers.len()).sum();
        let dir = list.files[0]
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!(
            "{:<20} {:<28} entities {:>6} names {:>6} identifiers {:>6} relations {:>5} rejects {:>6}",
            list.list,
            dir,
            list.entities.len(),
            names,
            identifiers,
            list.relations.len(),
            list.rejects.len()
        );
        assert!(list.entities.iter().all(|e| e.primary_name().is_some()));
    }
}
