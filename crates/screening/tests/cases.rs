//! Hand-written must-match / must-not-match cases, the Putin name variants
//! of the nomenklatura fixtures, and the evaluation on the dev pairs.

use chokepoint_screening::{MatchConfig, NameQuery, Schema, compare};

/// Compares two names and asserts the match decision at the default
/// threshold, printing the explanation when it is wrong.
fn check(left: &str, right: &str, schema: Schema, expected: bool) {
    let config = MatchConfig::default();
    let comparison = compare(
        &NameQuery::new(left, schema),
        &NameQuery::new(right, schema),
        &config,
    );
    assert_eq!(
        comparison.is_match, expected,
        "{left:?} vs {right:?} ({schema:?}): score {:.3}\nfeatures {:#?}\nalignment {:#?}",
        comparison.score, comparison.features, comparison.alignment
    );
}

#[test]
fn chinese_company_in_han_and_latin() {
    check(
        "杭州海康威视数字技术股份有限公司",
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
        Schema::Company,
        true,
    );
}

#[test]
fn case_and_punctuation_do_not_matter() {
    check(
        "Wuhan Global Sensor Technology Co., Ltd.",
        "WUHAN GLOBAL SENSOR TECHNOLOGY CO., LTD.",
        Schema::Company,
        true,
    );
}

#[test]
fn different_city_is_another_company() {
    check(
        "Shenzhen Global Sensor Technology Co., Ltd.",
        "Wuhan Global Sensor Technology Co., Ltd.",
        Schema::Company,
        false,
    );
}

#[test]
fn distinctive_extra_word_is_another_company() {
    check("Siemens AG", "Siemens Energy AG", Schema::Company, false);
}

#[test]
fn shared_places_and_generic_words_alone_are_no_match() {
    // Agreeing only on places and generic words while one name has its own
    // distinctive word.
    check(
        "Hong Kong Tianrui Electronics Limited",
        "HONG KONG ELECTRONICS",
        Schema::Company,
        false,
    );
    // "(Shanghai)" before the legal form says which company of the name it
    // is; it is not a second name to match on.
    check(
        "Cardell Instruments (Shanghai) Co., Ltd.",
        "SHANGHAI DONGFENG SHIPPING CO LTD",
        Schema::Company,
        false,
    );
    check(
        "诺德威电子(深圳)有限公司",
        "SHEN ZHONG INTERNATIONAL SHIPPING",
        Schema::Company,
        false,
    );
    check(
        "Electronic Components Industries (ECI) Ltd",
        "ECI",
        Schema::Company,
        true,
    );
}

#[test]
fn a_shared_syllable_is_no_brand_slot() {
    // The brand slot (海康威视 in "Hangzhou Hikvision Digital Technology")
    // is a word of the Latin name, not most of it.
    check(
        "深圳京华贸易有限公司",
        "SHEN ZHONG INTERNATIONAL SHIPPING",
        Schema::Company,
        false,
    );
    // Same city and trade, brands that do not even sound alike.
    check(
        "深圳京华贸易有限公司",
        "SHENZHEN BIGUANG TRADING CO., LTD",
        Schema::Company,
        false,
    );
    check(
        "深圳京华贸易有限公司",
        "Shenzhen Jinghua Trading Co., Ltd.",
        Schema::Company,
        true,
    );
    check(
        "杭州海康威视数字技术股份有限公司",
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
        Schema::Company,
        true,
    );
}

#[test]
fn a_shared_legal_form_remark_is_no_name() {
    check(
        "ROSOBORONEXPORT (JOINT-STOCK COMPANY)",
        "ALMAZ-ANTEY (JOINT-STOCK COMPANY)",
        Schema::Company,
        false,
    );
    check(
        "ROSOBORONEXPORT (JOINT-STOCK COMPANY)",
        "JSC ROSOBORONEXPORT",
        Schema::Company,
        true,
    );
}

#[test]
fn a_short_word_does_not_spell_two_arabic_words() {
    check(
        "Shenzhen Jing Hua Trading Company Limited",
        "جانان آغا",
        Schema::LegalEntity,
        false,
    );
}

#[test]
fn a_word_inside_a_longer_brand_is_another_name() {
    // "Vision" is most of "Hikvision" but not the same name.
    check("Hikvision", "VISION", Schema::Company, false);
    check("Hik Vision", "Hikvision", Schema::Company, true);
}

#[test]
fn legal_form_spellings_are_identical() {
    let config = MatchConfig::default();
    let variants = ["Co. Ltd.", "CO LTD", "Co., Ltd", "co ltd"];
    for left in variants {
        for right in variants {
            let score = compare(
                &NameQuery::new(left, Schema::Company),
                &NameQuery::new(right, Schema::Company),
                &config,
            )
            .score;
            assert_eq!(score, 1.0, "{left} vs {right}");
        }
    }
    check(
        "Acme Co. Ltd.",
        "ACME COMPANY LIMITED",
        Schema::Company,
        true,
    );
}

#[test]
fn cyrillic_and_latin_companies() {
    check("ООО \"Ромашка\"", "Romashka LLC", Schema::Company, true);
    check("ОАО «Газпром»", "Gazprom OJSC", Schema::Company, true);
}

#[test]
fn cyrillic_and_latin_persons() {
    check("Евгений Захаров", "Yevgeny Zakharov", Schema::Person, true);
    check("Евгений Захаров", "Evgeniy Zaharov", Schema::Person, true);
    check("Yevgeny Zakharov", "Evgeniy Zaharov", Schema::Person, true);
    check(
        "Владимир Владимирович Путин",
        "Vladimir Putin",
        Schema::Person,
        true,
    );
    check("Евгений Захаров", "Sergey Zakharov", Schema::Person, false);
}

#[test]
fn person_name_forms() {
    check("J. Smith", "John Smith", Schema::Person, true);
    check("SMITH, John", "John Smith", Schema::Person, true);
    check(
        "Aleksandr Lukashenko",
        "Alexander Lukashenko",
        Schema::Person,
        true,
    );
    check("Daniel Tusk", "Donald Tusk", Schema::Person, false);
    check(
        "Zaurbek Magomedovich Guchaev",
        "Zaurbek Salimovich Guchaev",
        Schema::Person,
        false,
    );
}

#[test]
fn numbers_must_agree() {
    check("Alpha 1 LLC", "Alpha 2 LLC", Schema::Company, false);
    check("Alpha 1 LLC", "ALPHA 1 L.L.C.", Schema::Company, true);
}

#[test]
fn person_is_not_a_company() {
    check("John Smith", "John Smith", Schema::Person, true);
    let config = MatchConfig::default();
    let person = NameQuery::new("John Smith", Schema::Person);
    let company = NameQuery::new("John Smith", Schema::Company);
    assert!(!compare(&person, &company, &config).is_match);
}

#[test]
fn most_putin_variants_match() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let path = chokepoint_test_support::shared_data_dir()
        .join("ftm/nomenklatura-fixtures/putin_names.txt");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let config = MatchConfig::default();
    let reference = NameQuery::new("Vladimir Putin", Schema::Person);
    let names: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let missed: Vec<&str> = names
        .iter()
        .copied()
        .filter(|name| {
            !compare(&NameQuery::new(name, Schema::Person), &reference, &config).is_match
        })
        .collect();
    let n_matched = names.len() - missed.len();
    println!(
        "Putin variants matching \"Vladimir Putin\": {n_matched} of {}",
        names.len()
    );
    println!("missed: {missed:?}");
    assert!(
        n_matched * 10 >= names.len() * 7,
        "only {n_matched} of {} matched",
        names.len()
    );
}

#[test]
fn name_bench_f1_at_default_threshold() {
    if chokepoint_test_support::shared_eval_missing() {
        return;
    }
    let path = chokepoint_test_support::shared_eval_dir().join("name_bench_dev.csv");
    let mut reader =
        csv::Reader::from_path(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let config = MatchConfig::default();
    let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
    for record in reader.records() {
        let record = record.unwrap_or_else(|err| panic!("{err}"));
        let schema = Schema::parse(&record[2]);
        let left = NameQuery::new(&record[0], schema).with_countries([&record[3]]);
        let right = NameQuery::new(&record[1], schema).with_countries([&record[4]]);
        let predicted = compare(&left, &right, &config).is_match;
        let actual = &record[5] == "true";
        match (predicted, actual) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            (false, false) => {}
        }
    }
    let precision = f64::from(tp) / f64::from(tp + fp);
    let recall = f64::from(tp) / f64::from(tp + fn_);
    let f1 = 2.0 * precision * recall / (precision + recall);
    println!("name_bench_dev: P {precision:.3} R {recall:.3} F1 {f1:.3}");
    assert!(
        f1 >= 0.90,
        "F1 {f1:.3} < 0.90 (P {precision:.3} R {recall:.3})"
    );
}
