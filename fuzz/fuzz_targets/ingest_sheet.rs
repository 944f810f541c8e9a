//! Eurostat Data Browser spreadsheets (XLSX, a zip of XML parts), forced or
//! detected (choice byte bit 0).
#![no_main]

use chokepoint_fuzz::{choice, ingest, scratch_file};
use chokepoint_ingest::IngestOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((pick, body)) = choice(data) else {
        return;
    };
    let path = scratch_file("input.xlsx", body);
    let options = IngestOptions {
        format: (pick & 1 == 1).then(|| "eurostat-sheet".to_string()),
        batch_rows: 64,
        parse_threads: 1,
        ..IngestOptions::default()
    };
    ingest(&path, &options);
});
