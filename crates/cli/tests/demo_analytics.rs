//! Issue 3 acceptance on the small demo world: surges, corridors, the seed
//! claims and the report find what the demo planted (read from its truth file).

mod answer;
mod util;

use answer::Answer;
use serde_json::Value;
use util::TestDir;

fn truth(test: &TestDir) -> Value {
    let text = std::fs::read_to_string(test.data().join("demo-sources/demo_truth.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn claims_file() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../claims/seed-claims.toml")
}

#[test]
fn planted_surge_corridors_and_claims_are_found() {
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let truth = truth(&test);
    let fibre = &truth["patterns"]["b_fibre_optic_surge"];

    // Surges: the injected fibre-optic jump ranks first for its basket, in value and quantity.
    for measure in ["value", "quantity"] {
        let output = test.run(&[
            "--output",
            "csv",
            "surges",
            "--basket",
            "fibre-optic",
            "--to",
            "RUS",
            "--measure",
            measure,
        ]);
        let surges = Answer::parse(&output);
        let top = &surges.rows[0];
        assert_eq!(
            (
                surges.get(top, "exporter"),
                surges.get(top, "importer"),
                surges.get(top, "period")
            ),
            ("CHN", "RUS", fibre["surge_month"].as_str().unwrap()),
            "{measure}: {top:?}"
        );
        let methods = surges.get(top, "methods");
        assert!(methods.contains("month-on-month") && methods.contains("robust"));
    }
    // In quantity the km figure of the truth file comes back, with miles beside it.
    let output = test.run(&[
        "--output",
        "csv",
        "surges",
        "--basket",
        "fibre-optic",
        "--to",
        "RUS",
        "--measure",
        "quantity",
        "--top",
        "1",
    ]);
    let surges = Answer::parse(&output);
    let top = &surges.rows[0];
    assert_eq!(surges.get(top, "unit"), "km");
    let km = surges.number(top, "amount");
    assert!(
        (km - fibre["km_surge"].as_f64().unwrap()).abs() < 1.0,
        "{km}"
    );
    let miles = surges.number(top, "quantity_alt");
    assert!(
        (miles - fibre["miles_surge"].as_f64().unwrap()).abs() < 1.0,
        "{miles}"
    );
    assert_eq!(surges.get(top, "quantity_alt_unit"), "mi");

    // Corridors: every planted hub ranks above every control country.
    let corridors = &truth["patterns"]["c_diversion_corridors"];
    let names = |key: &str| -> Vec<String> {
        corridors[key]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let (hubs, controls) = (names("hubs"), names("controls"));
    let output = test.run(&[
        "--output",
        "csv",
        "corridors",
        "--basket",
        "high-priority",
        "--to",
        "RUS",
        "--top",
        "40",
    ]);
    let answer = Answer::parse(&output);
    let ranked: Vec<String> = answer.column("hub").into_iter().map(String::from).collect();
    let rank = |code: &String| ranked.iter().position(|r| r == code);
    let worst_hub = hubs.iter().map(|h| rank(h).expect(h)).max().unwrap();
    assert_eq!(worst_hub, hubs.len() - 1, "hubs first: {ranked:?}");
    for control in &controls {
        assert!(
            rank(control).is_none_or(|r| r > worst_hub),
            "{control}: {ranked:?}"
        );
    }

    // The seed claims: the demo was built to make each consistent.
    let claims = claims_file();
    let output = test.run(&["--output", "csv", "check", claims.to_str().unwrap()]);
    let checks = Answer::parse(&output);
    assert_eq!(checks.rows.len(), 7);
    for row in &checks.rows {
        assert_eq!(checks.get(row, "verdict"), "consistent", "{row:?}");
    }
    let computed = |id: &str| -> f64 { checks.number(checks.find("id", id), "computed") };
    let planted = &truth["patterns"]["a_china_replaces_coalition"]["claims"];
    let micro = planted["microelectronics_china_hong_kong_share_2023"]["generated"]
        .as_f64()
        .unwrap();
    assert!((computed("microelectronics-china-share-2023") - micro).abs() < 0.01);
    let tools = planted["machine_tools_china_share_2023_q4"]["generated"]["china_share"]
        .as_f64()
        .unwrap();
    assert!((computed("machine-tools-china-share-2023q4") - tools).abs() < 0.01);
}

#[test]
fn claims_the_data_contradict_or_cannot_cover_get_those_verdicts() {
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let file = test.path("claims.toml");
    std::fs::write(
        &file,
        r#"
[[claim]]
id = "too-high"
statement = "China alone supplies 99% of Russia's microelectronics"
kind = "share"
basket = "microelectronics"
origins = "CHN"
destination = "RUS"
period = "2023"
claimed = 0.99

[[claim]]
id = "russian-reports-2023"
statement = "by Russia's own customs data, China had 60% in 2023"
kind = "share"
basket = "microelectronics"
origins = "CHN"
destination = "RUS"
period = "2023"
reported_by = "importer"
claimed = 0.6

[[claim]]
id = "future"
statement = "cable exports doubled in 2027"
kind = "growth"
basket = "fibre-optic"
origins = "CHN"
destination = "RUS"
period = "2027"
versus = "2026"
claimed = 2
"#,
    )
    .unwrap();
    let output = test.run(&["--output", "csv", "check", file.to_str().unwrap()]);
    let checks = Answer::parse(&output);
    let verdicts: Vec<(String, String)> = checks
        .rows
        .iter()
        .map(|r| {
            (
                checks.get(r, "id").to_string(),
                checks.get(r, "verdict").to_string(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("too-high".to_string(), "inconsistent".to_string()),
            ("russian-reports-2023".into(), "not enough data".into()),
            ("future".into(), "not enough data".into()),
        ]
    );
    // A malformed claim file names the claim and the field.
    std::fs::write(&file, "[[claim]]\nid = \"x\"\nstatement = \"s\"\nkind = \"ratio\"\nbasket = \"chpl\"\norigins = \"CHN\"\ndestination = \"RUS\"\nperiod = \"2023\"\nclaimed = 1\n").unwrap();
    let failed = test
        .command()
        .args(["check", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("claim \"x\": field kind"), "{stderr}");
}

#[test]
fn report_is_self_contained_with_charts_and_exports() {
    let test = TestDir::new();
    test.run(&["demo", "--small"]);
    let claims = claims_file();
    for name in ["report.html", "report.md"] {
        let out = test.path(name);
        test.run(&[
            "report",
            "--basket",
            "high-priority",
            "--claims",
            claims.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains("SYNTHETIC"), "{name}: the demo is labelled");
        for section in [
            "Origin shares",
            "Surges",
            "Diversion corridors",
            "Claim check",
            "KGZ",
        ] {
            assert!(text.contains(section), "{name}: {section}");
        }
        // Both formats export beside the document, in report_files/.
        let exports = test.path("report_files");
        let files: Vec<String> = std::fs::read_dir(&exports)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        for table in ["origin_shares", "surges", "corridors", "claims"] {
            assert!(files.contains(&format!("{table}.csv")), "{files:?}");
            assert!(files.contains(&format!("{table}.json")), "{files:?}");
        }
        if name.ends_with(".html") {
            // Inline SVG charts with data marks; nothing fetched from a network.
            assert!(text.matches("<svg").count() >= 4);
            assert!(text.matches("class=\"mark").count() > 20);
            assert!(!text.contains("src=\"http") && !text.contains("href=\"http"));
        } else {
            let svgs = files.iter().filter(|f| f.ends_with(".svg")).count();
            assert!(svgs >= 4, "{files:?}");
        }
    }
}
