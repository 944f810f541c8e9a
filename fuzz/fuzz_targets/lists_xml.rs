//! XML list files: OFAC sdn.xml, the UN consolidated list and the EU
//! financial sanctions file (choice byte modulo 3).
#![no_main]

use chokepoint_fuzz::{choice, load_list};
use libfuzzer_sys::fuzz_target;

const LOADERS: [(&str, &str); 3] = [
    ("ofac-sdn-xml", "sdn.xml"),
    ("un-sc", "consolidated.xml"),
    ("eu-fsf", "eu-fsf.xml"),
];

fuzz_target!(|data: &[u8]| {
    let Some((pick, body)) = choice(data) else {
        return;
    };
    let (id, name) = LOADERS[pick as usize % LOADERS.len()];
    load_list(id, &[name], body);
});
