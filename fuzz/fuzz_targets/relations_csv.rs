//! User relation files (`parent,subsidiary,share[,source]`) for
//! `chokepoint network build`; every reject names its line and a reason.
#![no_main]

use chokepoint_fuzz::scratch_file;
use chokepoint_network::read_relations_csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = scratch_file("relations.csv", data);
    let Ok(read) = read_relations_csv(&path) else {
        return;
    };
    for reject in &read.rejects {
        assert!(reject.line >= 1, "a reject before line 1");
        assert!(!reject.reason.is_empty(), "a reject without a reason");
    }
    for relation in &read.relations {
        if let Some(share) = relation.share {
            assert!((0.0..=1.0).contains(&share), "share {share} out of [0, 1]");
        }
    }
});
