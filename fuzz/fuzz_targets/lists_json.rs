//! JSON list files: FollowTheMoney entity streams (dataset named by the
//! file) and the US consolidated screening list JSON (choice byte bit 0).
#![no_main]

use chokepoint_fuzz::{choice, load_list};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((pick, body)) = choice(data) else {
        return;
    };
    if pick & 1 == 0 {
        load_list("ftm", &["fuzz__entities.ftm.json"], body);
    } else {
        load_list("us-csl", &["consolidated.json"], body);
    }
});
