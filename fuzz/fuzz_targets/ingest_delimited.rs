//! Delimited trade and shipment files (BACI, China customs, Eurostat SDMX
//! CSV, Comext, Comtrade, Russia FCS, shipments CSV). The choice byte:
//! bits 0-3 pick a forced format (0 and 8+: detected from the header),
//! bits 4-5 a forced text encoding, bit 7 gzips the rest first.
#![no_main]

use chokepoint_fuzz::{choice, gzip, ingest, ingest_options, scratch_file};
use chokepoint_ingest::{IngestOptions, TextEncoding};
use libfuzzer_sys::fuzz_target;

const FORMATS: [&str; 7] = [
    "baci",
    "china-customs",
    "eurostat-sdmx",
    "comext",
    "comtrade",
    "russia-fcs",
    "shipments",
];

fuzz_target!(|data: &[u8]| {
    let Some((pick, body)) = choice(data) else {
        return;
    };
    let format = match (pick & 0x0f) as usize {
        n @ 1..=7 => Some(FORMATS[n - 1]),
        _ => None,
    };
    let encoding = match (pick >> 4) & 0x03 {
        1 => TextEncoding::parse("utf-8"),
        2 => TextEncoding::parse("gb18030"),
        3 => TextEncoding::parse("windows-1252"),
        _ => None,
    };
    let bytes = if pick & 0x80 != 0 {
        gzip(body)
    } else {
        body.to_vec()
    };
    let path = scratch_file("input.csv", &bytes);
    let options = IngestOptions {
        encoding,
        ..ingest_options(format)
    };
    ingest(&path, &options);
});
