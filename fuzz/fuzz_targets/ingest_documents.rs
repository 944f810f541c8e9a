//! Trade files read as whole documents: the IMF IMTS wide table and
//! Comtrade API JSON. The choice byte: bit 0 forces the format (bit 1
//! picks which), else it is detected from the first bytes.
#![no_main]

use chokepoint_fuzz::{choice, ingest, ingest_options, scratch_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((pick, body)) = choice(data) else {
        return;
    };
    let format = (pick & 1 == 1).then(|| {
        if pick & 2 == 0 {
            "imf-imts"
        } else {
            "comtrade-json"
        }
    });
    let name = if pick & 2 == 0 {
        "input.csv"
    } else {
        "input.json"
    };
    let path = scratch_file(name, body);
    ingest(&path, &ingest_options(format));
});
