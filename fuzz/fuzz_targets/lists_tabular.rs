//! Delimited list files: the OFAC SDN and consolidated CSV sets, the UK
//! sanctions list tables, the OFSI CSV, the BIS Denied Persons list and the
//! US consolidated screening list CSV (choice byte modulo 6; a set's files
//! are separated by 0x1e).
#![no_main]

use chokepoint_fuzz::{choice, load_list};
use libfuzzer_sys::fuzz_target;

const LOADERS: [(&str, &[&str]); 6] = [
    (
        "ofac-sdn",
        &["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"],
    ),
    (
        "ofac-cons",
        &[
            "cons_prim.csv",
            "cons_alt.csv",
            "cons_add.csv",
            "cons_comments.csv",
        ],
    ),
    (
        "uk-sanctions-list",
        &[
            "subjects.csv",
            "subject_names.csv",
            "subject_identifiers.csv",
            "subject_dobs.csv",
            "subject_countries.csv",
        ],
    ),
    ("uk-ofsi", &["ofsi.csv"]),
    ("bis-dpl", &["dpl.txt"]),
    ("us-csl", &["consolidated.csv"]),
];

fuzz_target!(|data: &[u8]| {
    let Some((pick, body)) = choice(data) else {
        return;
    };
    let (id, names) = LOADERS[pick as usize % LOADERS.len()];
    load_list(id, names, body);
});
