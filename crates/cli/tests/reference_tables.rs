//! Reference tables: baskets, countries and the HS nomenclature loaded from the official CSVs.

mod util;

use util::{TestDir, shared_data};

#[test]
fn baskets_list_every_basket_with_codes_including_total_trade_and_user_files() {
    let test = TestDir::new();
    let user = test.path("baskets.toml");
    std::fs::write(
        &user,
        "[[basket]]\nname = \"drone-motors\"\ndescription = \"FPV motors\"\ncodes = [\"850131\"]\n",
    )
    .unwrap();
    let output = test.run(&[
        "--baskets",
        user.to_str().unwrap(),
        "--output",
        "json",
        "baskets",
    ]);
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let basket = |name: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["basket"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        basket("chpl")["n_codes"],
        55,
        "50 HS 2022 codes and 5 HS 2017 equivalents"
    );
    assert_eq!(basket("total-trade")["codes"], "TOTAL");
    assert_eq!(basket("fibre-optic")["codes"], "854470 900110");
    assert_eq!(basket("drone-motors")["codes"], "850131");
    // A bad user file is an error naming it.
    let bad = test.path("bad.toml");
    std::fs::write(&bad, "[[basket]]\nname = \"x\"\ncodes = [\"12AB\"]\n").unwrap();
    let failed = test
        .command()
        .args(["--baskets", bad.to_str().unwrap(), "baskets"])
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("bad.toml"));
}

#[test]
fn hs_nomenclature_describes_codes_and_flags_unknown_ones() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    let hs_dir = shared_data("hs");
    let file = test.path("codes.csv");
    // 854231 exists in HS 2022; 854299 does not exist in any edition (8542.90 is "parts").
    std::fs::write(
        &file,
        "reporterISO,partnerISO,flowCode,period,cmdCode,classificationCode,primaryValue\n\
         CHN,RUS,X,202408,854231,H6,10\nCHN,RUS,X,202408,854299,H6,10\nCHN,RUS,X,201908,880330,H5,10\n",
    )
    .unwrap();
    let hs = hs_dir.to_str().unwrap();
    test.run(&["--hs-dir", hs, "ingest", file.to_str().unwrap()]);
    let flags = test.query("SELECT hs_code, CAST(hs_known AS VARCHAR) FROM flows ORDER BY hs_code");
    assert_eq!(
        flags,
        [["854231", "true"], ["854299", "false"], ["880330", "true"]]
    );
    assert_eq!(
        test.scalar("SELECT count(*) FROM rejects"),
        "0",
        "unknown codes are flagged, not rejected"
    );
    let output = test.run(&[
        "--hs-dir",
        hs,
        "--output",
        "csv",
        "sql",
        "SELECT description FROM hs WHERE revision = 'H6' AND code = '854232'",
    ]);
    let description: Vec<&str> = std::str::from_utf8(&output.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .collect();
    assert_eq!(description, ["Electronic integrated circuits; memories"]);
    // The countries table keeps Hong Kong, Macao and Taiwan distinct and marks aggregates.
    let rows = test.query(
        "SELECT alpha3, is_aggregate FROM countries WHERE m49 IN (0, 344, 446, 490) ORDER BY m49",
    );
    assert_eq!(
        rows,
        [
            ["W00", "true"],
            ["HKG", "false"],
            ["MAC", "false"],
            ["S19", "false"]
        ]
    );
}

#[test]
fn hs_nomenclature_is_found_in_the_data_directory_without_a_flag() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    let reference = test.data().join("reference/hs");
    std::fs::create_dir_all(&reference).unwrap();
    let source = shared_data("hs/hs2022_harmonized-system.csv");
    std::fs::copy(&source, reference.join("hs2022_harmonized-system.csv")).unwrap();
    assert_eq!(
        test.scalar("SELECT description FROM hs WHERE code = '854470'"),
        "Insulated electric conductors; optical fibre cables"
    );
}
