//! Formats without a real file in `../shared/data` (BACI, China customs, the
//! Comext bulk layout, shipments) are read from files written here in their
//! published layouts, and checked value by value.

use std::path::Path;
use std::sync::Arc;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::{Float64Type, Int64Type};
use chokepoint_catalog::schema::TableKind;
use chokepoint_ingest::{FileSummary, IngestOptions, read_file};
use chokepoint_model::FlowDirection;

struct Read {
    summary: FileSummary,
    rows: Vec<RecordBatch>,
    rejects: Vec<RecordBatch>,
}

fn read(path: &Path, options: &IngestOptions) -> Read {
    let mut rows = Vec::new();
    let mut rejects = Vec::new();
    let summary = read_file(
        path,
        "test",
        &options.for_file(path),
        Arc::default(),
        &mut |kind, batch| {
            match kind {
                TableKind::Rejects => rejects.push(batch),
                _ => rows.push(batch),
            }
            Ok(())
        },
    )
    .unwrap();
    Read {
        summary,
        rows,
        rejects,
    }
}

fn strings(batches: &[RecordBatch], column: &str) -> Vec<Option<String>> {
    batches
        .iter()
        .flat_map(|b| {
            let array = b.column_by_name(column).unwrap().as_string::<i32>().clone();
            (0..array.len())
                .map(move |i| array.is_valid(i).then(|| array.value(i).to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn floats(batches: &[RecordBatch], column: &str) -> Vec<Option<f64>> {
    batches
        .iter()
        .flat_map(|b| {
            let array = b
                .column_by_name(column)
                .unwrap()
                .as_primitive::<Float64Type>()
                .clone();
            (0..array.len())
                .map(move |i| array.is_valid(i).then(|| array.value(i)))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn baci_values_are_thousands_of_usd_and_codes_resolve_through_the_release_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("country_codes_V202401.csv"),
        "country_code,country_name,country_iso2,country_iso3\n156,China,CN,CHN\n643,Russian Federation,RU,RUS\n842,USA,US,USA\n490,\"Other Asia, nes\",,S19\n",
    )
    .unwrap();
    let path = dir.path().join("BACI_HS17_Y2021_V202401.csv");
    std::fs::write(&path, "t,i,j,k,v,q\n2021,156,643,854231,1234.5,2.5\n2021,842,643,10121,10,NA\n2021,156,999,854231,1,1\n").unwrap();
    let read = read(&path, &IngestOptions::default());
    assert_eq!(
        (
            read.summary.format,
            read.summary.n_rows,
            read.summary.n_rejected
        ),
        ("baci", 2, 1)
    );
    assert_eq!(
        strings(&read.rows, "reporter"),
        [Some("CHN".into()), Some("USA".into())]
    );
    assert_eq!(
        strings(&read.rows, "hs_code"),
        [Some("854231".into()), Some("010121".into())]
    );
    assert_eq!(
        strings(&read.rows, "hs_revision"),
        [Some("H5".into()), Some("H5".into())]
    );
    assert_eq!(
        strings(&read.rows, "frequency"),
        [Some("A".into()), Some("A".into())]
    );
    assert_eq!(
        floats(&read.rows, "value_usd"),
        [Some(1_234_500.0), Some(10_000.0)]
    );
    assert_eq!(floats(&read.rows, "net_weight_kg"), [Some(2_500.0), None]);
    assert_eq!(strings(&read.rejects, "field"), [Some("j".into())]);
}

#[test]
fn china_customs_gb18030_export_with_thousands_separators() {
    let dir = tempfile::tempdir().unwrap();
    let text = "数据年月,商品编码,商品名称,贸易伙伴编码,贸易伙伴名称,第一数量,第一计量单位,第二数量,第二计量单位,美元\n\
        202408,85447000,光缆,344,俄罗斯联邦,\"523,000\",千米,\"1,250,000\",千克,\"81,000,000\"\n\
        202408,85423100,处理器及控制器,110,中国香港,\"12,000\",个,35,千克,\"4,500,000\"\n\
        202408,85423100,处理器及控制器,999,亚特兰蒂斯,1,个,1,千克,1\n";
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    let path = dir.path().join("海关统计数据.csv");
    std::fs::write(&path, &bytes).unwrap();
    // Without a flow the file is refused as a whole, naming the option.
    let refused = read_file(
        &path,
        "t",
        &IngestOptions::default(),
        Arc::default(),
        &mut |_, _| Ok(()),
    )
    .unwrap_err();
    assert!(refused.to_string().contains("--flow"), "{refused}");

    let options = IngestOptions {
        flow: Some(FlowDirection::Export),
        ..IngestOptions::default()
    };
    let read = read(&path, &options);
    assert_eq!(read.summary.encoding.name(), "GB18030");
    assert_eq!(
        (
            read.summary.format,
            read.summary.n_rows,
            read.summary.n_rejected
        ),
        ("china-customs", 2, 1)
    );
    assert_eq!(
        strings(&read.rows, "partner"),
        [Some("RUS".into()), Some("HKG".into())]
    );
    assert_eq!(
        floats(&read.rows, "value_usd"),
        [Some(81_000_000.0), Some(4_500_000.0)]
    );
    assert_eq!(
        floats(&read.rows, "quantity"),
        [Some(523_000.0), Some(12_000.0)]
    );
    assert_eq!(
        strings(&read.rows, "quantity_unit"),
        [Some("km".into()), Some("u".into())]
    );
    assert_eq!(
        floats(&read.rows, "net_weight_kg"),
        [Some(1_250_000.0), Some(35.0)]
    );
    assert_eq!(
        strings(&read.rejects, "field"),
        [Some("贸易伙伴名称".into())]
    );
}

#[test]
fn comext_bulk_layout_uses_iso_codes_and_eurostat_exceptions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full_v2_202408.dat");
    std::fs::write(
        &path,
        "REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,PRODUCT_SITC,PRODUCT_CPA21,PRODUCT_CPA22,PRODUCT_BEC,PRODUCT_BEC5,PRODUCT_SECTION,FLOW,STAT_PROCEDURE,SUPPL_UNIT,PERIOD,VALUE_EUR,VALUE_NAC,QUANTITY_KG,QUANTITY_SUPPL_UNIT\n\
         EL,KG,E,85423190,776,261,261,22,,16,2,1,p/st,202408,100000,100000,12,4000\n\
         DE,RU,E,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,2,1,,202452,5000000,5000000,900,\n",
    )
    .unwrap();
    let read = read(&path, &IngestOptions::default());
    assert_eq!(
        (
            read.summary.format,
            read.summary.n_rows,
            read.summary.n_rejected
        ),
        ("comext", 2, 0)
    );
    assert_eq!(
        strings(&read.rows, "reporter"),
        [Some("GRC".into()), Some("DEU".into())]
    );
    assert_eq!(
        strings(&read.rows, "partner"),
        [Some("KGZ".into()), Some("RUS".into())]
    );
    assert_eq!(strings(&read.rows, "hs6"), [Some("854231".into()), None]);
    assert_eq!(
        strings(&read.rows, "frequency"),
        [Some("M".into()), Some("A".into())]
    );
    assert_eq!(floats(&read.rows, "quantity"), [Some(4000.0), None]);
    assert_eq!(
        floats(&read.rows, "value_original"),
        [Some(100_000.0), Some(5_000_000.0)]
    );
}

#[test]
fn shipments_ndjson_and_csv_share_one_schema() {
    let dir = tempfile::tempdir().unwrap();
    let ndjson = dir.path().join("shipments.ndjson");
    std::fs::write(
        &ndjson,
        concat!(
            r#"{"declaration_id":"D1","date":"2024-08-15","hs_code":"8544700000","goods_description":"optical fibre cable","shipper_name":"Example Cable Co., Ltd.","shipper_country":"CN","consignee_name":"OOO Primer","consignee_country":"RU","destination_country":"RU","value":1000,"currency":"EUR","net_weight_kg":50,"quantity":12,"quantity_unit":"km","note":"synthetic"}"#,
            "\n",
            r#"{"declaration_id":"D2","date":"2024-02-30","hs_code":"854231"}"#,
            "\n",
            "not json\n",
        ),
    )
    .unwrap();
    let read_json = read(&ndjson, &IngestOptions::default());
    assert_eq!(
        (
            read_json.summary.target,
            read_json.summary.n_rows,
            read_json.summary.n_rejected
        ),
        (TableKind::Shipments, 1, 2)
    );
    assert_eq!(
        strings(&read_json.rows, "consignee_country"),
        [Some("RUS".into())]
    );
    assert_eq!(strings(&read_json.rows, "hs6"), [Some("854470".into())]);
    assert_eq!(
        floats(&read_json.rows, "value_usd"),
        [Some(1000.0 * 1.0824)]
    );
    assert_eq!(
        strings(&read_json.rejects, "field"),
        [Some("date".into()), None]
    );
    let lines: Vec<i64> = read_json
        .rejects
        .iter()
        .flat_map(|b| {
            b.column_by_name("line")
                .unwrap()
                .as_primitive::<Int64Type>()
                .values()
                .to_vec()
        })
        .collect();
    assert_eq!(lines, [2, 3]);

    let csv = dir.path().join("shipments.csv");
    std::fs::write(&csv, "declaration_id,date,hs_code,shipper,consignee,consignee_country,value\nD9,2023-01-02,847150,A,B,Kyrgyzstan,5\n").unwrap();
    let read_csv = read(&csv, &IngestOptions::default());
    assert_eq!(read_csv.rows[0].schema(), read_json.rows[0].schema());
    assert_eq!(
        strings(&read_csv.rows, "consignee_country"),
        [Some("KGZ".into())]
    );
    assert_eq!(strings(&read_csv.rows, "currency"), [Some("USD".into())]);
}
