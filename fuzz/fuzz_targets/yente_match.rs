//! `POST /match/{dataset}` bodies (yente's wire format): parsed into
//! screening queries as the handler parses them, with the server's default
//! limits, then searched in a small index of Latin, Cyrillic, Chinese and
//! Arabic names, so query names of any script go through normalisation,
//! retrieval and scoring.
#![no_main]

use std::sync::OnceLock;

use chokepoint_index::{SearchOptions, WatchlistIndex};
use chokepoint_server::{Limits, parse_match_request};
use libfuzzer_sys::fuzz_target;

/// A few entities in the FtM format the lists crate loads.
const ENTITIES: &str = concat!(
    r#"{"id":"c1","schema":"Company","properties":{"name":["OOO Radiotekhnika"],"alias":["ООО Радиотехника"],"innCode":["7701234567"],"country":["ru"]}}"#,
    "\n",
    r#"{"id":"c2","schema":"Company","properties":{"name":["Shenzhen Hua Xin Electronics Co., Ltd."],"alias":["深圳华信电子有限公司"],"country":["cn"]}}"#,
    "\n",
    r#"{"id":"p1","schema":"Person","properties":{"name":["Ivan Petrovich SIDOROV"],"alias":["Иван Петрович Сидоров"],"birthDate":["1961-02-03"],"nationality":["ru"]}}"#,
    "\n",
    r#"{"id":"c3","schema":"Company","properties":{"name":["Al Noor General Trading LLC"],"alias":["شركة النور للتجارة العامة"],"country":["ae"]}}"#,
    "\n",
    r#"{"id":"v1","schema":"Vessel","properties":{"name":["SEA BREEZE"],"imoNumber":["9123456"]}}"#,
    "\n",
);

fn index() -> &'static WatchlistIndex {
    static INDEX: OnceLock<WatchlistIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let path = chokepoint_fuzz::scratch_file("fixture__entities.ftm.json", ENTITIES.as_bytes());
        let loaded = chokepoint_lists::load_paths(&[path]).expect("the fixture loads");
        WatchlistIndex::build(&loaded)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(queries) = parse_match_request(data, &Limits::default()) else {
        return;
    };
    let options = SearchOptions::default();
    for (_, parsed) in queries {
        for found in index().search(&parsed.query, &options) {
            assert!(
                (0.0..=1.0).contains(&found.score),
                "score {} out of [0, 1]",
                found.score
            );
        }
    }
});
