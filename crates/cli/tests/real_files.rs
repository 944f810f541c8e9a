//! Ingesting the real files of `../shared/data` in every format present there,
//! checking counts and values against the files.

mod util;

use util::{TestDir, csv_record_count, shared_data};

#[test]
fn comtrade_client_variant_ingests_every_row_with_its_values() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    let path = shared_data("trade/un-comtrade-armenia-georgia/mobile_phone_reexports.csv");
    test.ingest(&[&path]);
    let n_records = csv_record_count(&path);
    assert_eq!(n_records, 286);
    // A few rows spell Curaçao in Latin-1 inside this UTF-8 file: those go to rejects.
    let text = std::fs::read(&path).unwrap();
    let n_invalid = text
        .split(|b| *b == b'\n')
        .filter(|line| std::str::from_utf8(line).is_err())
        .count();
    assert_eq!(
        test.scalar("SELECT count(*) FROM rejects"),
        n_invalid.to_string()
    );
    assert_eq!(
        test.scalar("SELECT count(*) FROM flows"),
        (n_records - n_invalid).to_string()
    );
    // First data line: 2022,1,...,"X","Export",51,"Armenia",203,"CZE","Czechia",851713,...,5,"u",54,...,11.4,28013.76
    let row = &test.query(
        "SELECT reporter, partner, flow, CAST(period AS VARCHAR), hs_code, hs6, quantity, quantity_unit, net_weight_kg, value_usd, valuation \
         FROM flows WHERE source_line = 2",
    )[0];
    assert_eq!(
        row,
        &[
            "ARM",
            "CZE",
            "export",
            "2022-01-01",
            "851713",
            "851713",
            "54.0",
            "u",
            "11.4",
            "28013.76",
            "FOB"
        ]
    );
    // The total of the valid rows, summed independently with the csv crate.
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let value_col = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "trade_value_us")
        .unwrap();
    let expected: f64 = reader
        .byte_records()
        .map(|r| r.unwrap())
        .filter(|r| std::str::from_utf8(r.as_slice()).is_ok())
        .map(|r| {
            std::str::from_utf8(&r[value_col])
                .unwrap()
                .parse::<f64>()
                .unwrap()
        })
        .sum();
    let total: f64 = test
        .scalar("SELECT sum(value_usd) FROM flows")
        .parse()
        .unwrap();
    assert!((total - expected).abs() < 0.01, "{total} vs {expected}");
}

#[test]
fn non_utf8_rows_of_a_real_file_are_rejected_with_their_field() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    let path = shared_data("trade/un-comtrade-armenia-georgia/vehicle_trade_armenia.csv");
    test.ingest(&[&path]);
    let bytes = std::fs::read(&path).unwrap();
    let n_invalid_lines = bytes
        .split(|b| *b == b'\n')
        .filter(|line| std::str::from_utf8(line).is_err())
        .count();
    assert!(
        n_invalid_lines > 0,
        "PROVENANCE says this file has non-UTF-8 bytes"
    );
    assert_eq!(
        test.scalar("SELECT count(*) FROM rejects"),
        n_invalid_lines.to_string()
    );
    assert_eq!(
        test.scalar(
            "SELECT count(*) FROM rejects WHERE reason LIKE 'invalid UTF-8%' AND field IS NOT NULL"
        ),
        n_invalid_lines.to_string()
    );
    let accepted: usize = test.scalar("SELECT count(*) FROM flows").parse().unwrap();
    assert_eq!(accepted + n_invalid_lines, csv_record_count(&path));
    // Both aggregation levels of the file are kept as reported: heading 8703 and its subheadings.
    assert_eq!(
        test.scalar("SELECT count(DISTINCT length(hs_code)) FROM flows"),
        "2"
    );
}

#[test]
fn comext_relational_view_keeps_eur_and_converts_to_usd() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    let raw = shared_data(
        "trade/eurostat-comext-monthly/raw/armenia_export_eurostat/Relational_View_2024-11-16T06_38_12.719Z.csv",
    );
    let combined =
        shared_data("trade/eurostat-comext-monthly/eurostat_comext_relational_view_combined.csv");
    test.ingest(&[&raw, &combined]);
    let n_raw = csv_record_count(&raw);
    let n_combined = csv_record_count(&combined);
    assert_eq!(n_combined, 19_588);
    let accepted: usize = test.scalar("SELECT count(*) FROM flows").parse().unwrap();
    let rejected: usize = test.scalar("SELECT count(*) FROM rejects").parse().unwrap();
    assert_eq!(
        accepted + rejected,
        n_raw + n_combined,
        "every row is either in flows or in rejects"
    );
    assert!(
        rejected * 20 < n_combined,
        "most rows resolve: {rejected} rejected"
    );
    // "Croatia","Armenia","Total","EXPORT","Total","Aug. 2024",62592 (first row of the raw file).
    let row = &test.query(
        "SELECT reporter, partner, flow, hs_code, value_original, currency, CAST(period AS VARCHAR), frequency \
         FROM flows WHERE reporter = 'HRV' AND partner = 'ARM' AND period = DATE '2024-08-01' AND source_file LIKE '%06_38_12.719Z.csv'",
    )[0];
    assert_eq!(
        row,
        &[
            "HRV",
            "ARM",
            "export",
            "TOTAL",
            "62592.0",
            "EUR",
            "2024-08-01",
            "M"
        ]
    );
    let usd: f64 = test.scalar("SELECT value_usd FROM flows WHERE reporter = 'HRV' AND partner = 'ARM' AND period = DATE '2024-08-01' AND source_file LIKE '%06_38_12.719Z.csv'").parse().unwrap();
    assert!((usd - 62592.0 * 1.0824).abs() < 0.01, "{usd}");
    // Annual rows ("201952-Jan.-Dec. 2019") are stored as annual, never as a January.
    assert!(
        test.scalar("SELECT count(*) FROM flows WHERE frequency = 'A'")
            .parse::<usize>()
            .unwrap()
            > 0
    );
    assert_eq!(
        test.scalar("SELECT count(*) FROM flows WHERE frequency = 'A' AND month IS NOT NULL"),
        "0"
    );
    // EU27 and euro-area reporters are aggregates.
    assert!(
        test.scalar("SELECT count(*) FROM flows WHERE reporter_is_aggregate")
            .parse::<usize>()
            .unwrap()
            > 3000
    );
}

#[test]
fn national_yearly_tables_in_the_comext_layout_are_annual() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    let path =
        shared_data("trade/national-stats/national_data_converted/kazakhstan_import_yearly.csv");
    test.ingest(&[&path]);
    let n_records = csv_record_count(&path);
    let accepted: usize = test.scalar("SELECT count(*) FROM flows").parse().unwrap();
    let rejected: usize = test.scalar("SELECT count(*) FROM rejects").parse().unwrap();
    assert_eq!(accepted + rejected, n_records);
    // First row: Kazakhstan,Albania,TOTAL,IMPORT,NORMAL,Y2019,397957.62
    let row = &test.query(
        "SELECT reporter, partner, flow, frequency, year, month, value_original FROM flows WHERE source_line = 2",
    )[0];
    assert_eq!(row, &["KAZ", "ALB", "import", "A", "2019", "", "397957.62"]);
    assert_eq!(
        test.scalar("SELECT count(*) FROM flows WHERE frequency <> 'A'"),
        "0"
    );
}

#[test]
fn russian_customs_subnational_sample_reads_ten_digit_codes() {
    if chokepoint_test_support::shared_data_missing() {
        return;
    }
    let test = TestDir::new();
    let path = shared_data(
        "trade/russia-fcs-format-sample/russia_fcs_subnational_sample_from_oec-etl_README.csv",
    );
    test.ingest(&[&path]);
    assert_eq!(
        test.scalar("SELECT count(*) FROM flows")
            .parse::<usize>()
            .unwrap(),
        csv_record_count(&path)
    );
    // IMP,01/2015,LI,8708291000,,7826,1899,0,46000 - MOSCOW REGION,...
    let row = &test.query(
        "SELECT reporter, partner, flow, CAST(period AS VARCHAR), hs_code, hs6, value_usd, net_weight_kg FROM flows WHERE source_line = 2",
    )[0];
    assert_eq!(
        row,
        &[
            "RUS",
            "LIE",
            "import",
            "2015-01-01",
            "8708291000",
            "870829",
            "7826.0",
            "1899.0"
        ]
    );
}
