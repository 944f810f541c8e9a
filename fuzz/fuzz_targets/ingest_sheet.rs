//! Eurostat Data Browser spreadsheets (XLSX, a zip of XML parts), forced or
//! detected (choice byte bit 0).
#![no_main]

use chokepoint_fuzz::{choice, ingest, ingest_options, scratch_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((pick, body)) = choice(data) else {
        return;
    };
    let path = scratch_file("input.xlsx", body);
    let format = (pick & 1 == 1).then_some("eurostat-sheet");
    ingest(&path, &ingest_options(format));
});
