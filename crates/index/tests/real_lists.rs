//! Screening against the real lists in `shared/data` (OFAC SDN and non-SDN,
//! UK, UN, BIS, format fixtures, FtM fixtures).

use std::path::PathBuf;
use std::sync::LazyLock;

use chokepoint_index::{ScreenMatch, ScreenQuery, SearchOptions, WatchlistIndex};
use chokepoint_lists::Schema;

fn data_dir() -> PathBuf {
    chokepoint_test_support::shared_data_dir()
}

/// Every list directory except the OFAC auxiliary files of 2025-12, which
/// have no matching sdn.csv.
fn list_paths() -> Vec<PathBuf> {
    let sanctions = data_dir().join("sanctions");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&sanctions)
        .unwrap_or_else(|error| panic!("{}: {error}", sanctions.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_dir() && !path.ends_with("ofac-sdn-aux-2025-12"))
        .collect();
    paths.sort();
    // The FtM entity fixtures (the nomenklatura ones are not entity files).
    paths.push(data_dir().join("ftm/yente-fixtures"));
    paths
}

static INDEX: LazyLock<WatchlistIndex> = LazyLock::new(|| {
    let lists = chokepoint_lists::load_paths(&list_paths())
        .unwrap_or_else(|error| panic!("loading the real lists: {error}"));
    WatchlistIndex::build(&lists)
});

fn search(query: &ScreenQuery) -> Vec<ScreenMatch> {
    INDEX.search(query, &SearchOptions::default())
}

fn ids(found: &[ScreenMatch]) -> Vec<&str> {
    found.iter().map(|found| found.entity_id.as_str()).collect()
}

fn company(name: &str) -> ScreenQuery {
    ScreenQuery {
        schema: Some(Schema::Company),
        ..ScreenQuery::name(name)
    }
}

#[test]
fn all_lists_are_indexed() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let stats = INDEX.stats();
    assert!(stats.n_entities > 20_000, "{stats:?}");
    for list in ["ofac-sdn", "ofac-cons", "un-sc", "uk-sanctions"] {
        assert!(
            stats.lists.iter().any(|found| found.list.starts_with(list)),
            "{list} missing from {:?}",
            stats.lists
        );
    }
    assert!(INDEX.get("ofac-sdn-46633").is_some());
}

#[test]
fn wuhan_global_sensor_first() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let found = search(&company("Wuhan Global Sensor Technology Co., Ltd."));
    assert_eq!(found[0].entity_id, "ofac-sdn-46633", "{:?}", ids(&found));
    assert!(found[0].is_match);
    assert!(
        found[0]
            .features
            .iter()
            .any(|feature| feature.name == "align")
    );
    assert_eq!(
        found[0].matched_query_name.as_deref(),
        Some("Wuhan Global Sensor Technology Co., Ltd.")
    );
}

#[test]
fn hikvision_through_its_names_and_aliases() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    for name in ["HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD", "Hikvision"] {
        let found = search(&ScreenQuery::name(name));
        assert!(
            found[0].entity_id.ends_with("30946"),
            "{name}: {:?}",
            ids(&found)
        );
        assert!(found[0].is_match, "{name}: {}", found[0].score);
    }
}

#[test]
fn wuhan_tongsheng_on_two_lists() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let found = search(&company("Wuhan Tongsheng Technology"));
    let matched: Vec<&str> = found
        .iter()
        .filter(|found| found.is_match)
        .map(|found| found.entity_id.as_str())
        .collect();
    assert!(matched.contains(&"ofac-sdn-47368"), "{matched:?}");
    assert!(
        matched.iter().any(|id| id.ends_with("RUS2137")),
        "{matched:?}"
    );
}

#[test]
fn uscc_alone_finds_hikvision() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let query = ScreenQuery {
        identifiers: vec!["91330000733796106P".into()],
        ..ScreenQuery::default()
    };
    let found = search(&query);
    assert!(found[0].entity_id.ends_with("30946"), "{:?}", ids(&found));
    assert!(found[0].score >= 0.95, "{}", found[0].score);
    assert!(
        found[0]
            .features
            .iter()
            .any(|feature| feature.name == "identifier")
    );
    // Pasted into the name box, the number works too.
    let found = search(&ScreenQuery::name("9133 0000 7337 9610 6P"));
    assert!(found[0].entity_id.ends_with("30946"), "{:?}", ids(&found));
    assert!(found[0].score >= 0.95);
}

#[test]
fn identifier_with_a_weak_name() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let query = ScreenQuery {
        names: vec!["HK Digital".into()],
        identifiers: vec!["91330000733796106P".into()],
        ..ScreenQuery::default()
    };
    let found = search(&query);
    assert!(found[0].entity_id.ends_with("30946"));
    assert!(found[0].score >= 0.95);
}

#[test]
fn shenzhen_is_not_wuhan() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let found = search(&company("Shenzhen Global Sensor Technology Co., Ltd."));
    let wuhan = found
        .iter()
        .find(|found| found.entity_id == "ofac-sdn-46633");
    assert!(
        wuhan.is_none_or(|wuhan| !wuhan.is_match),
        "{:?}",
        wuhan.map(|wuhan| wuhan.score)
    );
}

fn score_of(query: &ScreenQuery, id: &str) -> f64 {
    search(query)
        .iter()
        .find(|found| found.entity_id == id)
        .map_or(0.0, |found| found.score)
}

#[test]
fn wrong_schema_scores_lower() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    // Sergey Lavrov is on the UK list as a person.
    let as_person = ScreenQuery {
        schema: Some(Schema::Person),
        ..ScreenQuery::name("Sergey Viktorovich Lavrov")
    };
    let found = search(&as_person);
    let top = &found[0];
    assert_eq!(top.schema, Schema::Person);
    assert!(top.is_match, "{top:?}");
    let as_company = ScreenQuery {
        schema: Some(Schema::Company),
        ..as_person.clone()
    };
    let wrong = score_of(&as_company, &top.entity_id);
    assert!(wrong < top.score - 0.3, "{wrong} vs {}", top.score);
    assert!(
        search(&as_company)
            .iter()
            .filter(|found| found.entity_id == top.entity_id)
            .all(|found| found
                .features
                .iter()
                .any(|feature| feature.name == "schema"))
    );
}

#[test]
fn birth_date_and_country_move_the_score() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let base = ScreenQuery {
        schema: Some(Schema::Person),
        ..ScreenQuery::name("Sergey Viktorovich Lavrov")
    };
    let top = search(&base)[0].clone();
    let entity = INDEX
        .get(&top.entity_id)
        .unwrap_or_else(|| panic!("{}", top.entity_id));
    if let Some(date) = entity.birth_dates.first() {
        let right = ScreenQuery {
            birth_date: Some(date.clone()),
            ..base.clone()
        };
        let wrong = ScreenQuery {
            birth_date: Some("1901".into()),
            ..base.clone()
        };
        let right_score = score_of(&right, &top.entity_id);
        let wrong_score = score_of(&wrong, &top.entity_id);
        assert!(
            right_score >= top.score && wrong_score < top.score,
            "{right_score} {wrong_score}"
        );
    }
    if let Some(country) = entity.countries.first() {
        let right = ScreenQuery {
            countries: vec![country.clone()],
            ..base.clone()
        };
        let wrong = ScreenQuery {
            countries: vec!["BR".into()],
            ..base.clone()
        };
        let wrong_score = score_of(&wrong, &top.entity_id);
        assert!(score_of(&right, &top.entity_id) > wrong_score);
    }
}

#[test]
fn ordering_is_deterministic() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let query = ScreenQuery::name("Technology Co Ltd");
    let first = search(&query);
    let second = search(&query);
    assert_eq!(first, second);
    for pair in first.windows(2) {
        assert!(
            pair[0].score > pair[1].score
                || (pair[0].score == pair[1].score && pair[0].entity_id <= pair[1].entity_id)
        );
    }
}

#[test]
fn odd_queries_do_not_panic() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    for name in [
        "",
        " ",
        "()",
        "Co. Ltd.",
        "武汉高德红外",
        "a",
        "x".repeat(500).as_str(),
    ] {
        let _ = search(&ScreenQuery::name(name));
    }
    assert!(search(&ScreenQuery::default()).is_empty());
}
