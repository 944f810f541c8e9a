//! Risk rule files (`--rules`): user keys merged over the defaults.
#![no_main]

use chokepoint_risk::RiskRules;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = RiskRules::from_toml(text, "rules.toml");
});
