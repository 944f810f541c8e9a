//! Claim files (`chokepoint check`), with an optional basket file before
//! them (split on 0x1e): the baskets are added to the built-in set as
//! `--baskets` adds them, then the claims are read against that set.
#![no_main]

use chokepoint_analytics::parse_claims;
use chokepoint_catalog::BasketSet;
use chokepoint_fuzz::{FILE_SEPARATOR, scratch_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut baskets = BasketSet::builtin();
    let claims = match data.iter().position(|b| *b == FILE_SEPARATOR) {
        Some(at) => {
            let path = scratch_file("baskets.toml", &data[..at]);
            if baskets.load_file(&path).is_err() {
                return;
            }
            &data[at + 1..]
        }
        None => data,
    };
    let Ok(text) = std::str::from_utf8(claims) else {
        return;
    };
    let _ = parse_claims(text, "claims.toml", &baskets);
});
