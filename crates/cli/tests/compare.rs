//! `chokepoint compare` through the real binary: one pair, and a pairs CSV
//! written back with score and match.

mod util;

use util::TestDir;

#[test]
fn one_pair_is_scored_with_its_explanation() {
    let test = TestDir::new();
    let output = test.run(&[
        "compare",
        "杭州海康威视数字技术股份有限公司",
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
        "--schema",
        "Company",
        "--explain",
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("MATCH") && text.contains("features:"),
        "{text}"
    );
    let output = test.run(&[
        "--output",
        "json",
        "compare",
        "Siemens AG",
        "Siemens Energy AG",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["match"], false, "{json}");
    assert!(json["features"].as_array().unwrap().len() > 1);
}

#[test]
fn a_pairs_file_comes_back_with_score_and_match() {
    let test = TestDir::new();
    let input = test.path("pairs.csv");
    std::fs::write(
        &input,
        "left_name,right_name,schema,left_country,right_country,case\n\
         Евгений Захаров,Yevgeny Zakharov,Person,,,a\n\
         \"Wuhan Global Sensor Technology Co., Ltd.\",\"Shenzhen Global Sensor Technology Co., Ltd.\",Company,CN,CN,b\n",
    )
    .unwrap();
    let out = test.path("scored.csv");
    test.run(&[
        "compare",
        "--pairs",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        headers,
        [
            "left_name",
            "right_name",
            "schema",
            "left_country",
            "right_country",
            "case",
            "score",
            "match"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!((&rows[0][5], &rows[0][7]), ("a", "true"));
    assert_eq!((&rows[1][5], &rows[1][7]), ("b", "false"));
    // A row without the second name is refused with its line and field.
    std::fs::write(&input, "left_name,right_name,schema\nA,,Company\n").unwrap();
    let failed = test
        .command()
        .args(["compare", "--pairs", input.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("line 2") && stderr.contains("right_name"),
        "{stderr}"
    );
}
