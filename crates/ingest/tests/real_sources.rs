//! The real downloads in `../shared/data/trade`: every Eurostat Data Browser
//! XLSX export of DS-045409 and the IMF IMTS export, each read by us and by a
//! second reader in Python (`tests/python/`, the standard library over the
//! workbook XML and the CSV), and the analysts' questions they answer. The 22
//! workbooks are read once per test binary.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::{Float64Type, Int32Type, Int64Type};
use chokepoint_catalog::schema::TableKind;
use chokepoint_ingest::{FileSummary, IngestOptions, read_file};
use serde_json::Value;

/// What one file gave.
struct Read {
    summary: FileSummary,
    rows: Vec<RecordBatch>,
    rejects: Vec<RecordBatch>,
}

fn read(path: &Path) -> Read {
    let mut rows = Vec::new();
    let mut rejects = Vec::new();
    let summary = read_file(
        path,
        "test",
        &IngestOptions::default(),
        Arc::default(),
        &mut |kind, batch| {
            match kind {
                TableKind::Rejects => rejects.push(batch),
                _ => rows.push(batch),
            }
            Ok(())
        },
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Read {
        summary,
        rows,
        rejects,
    }
}

/// One flow row, the columns the checks use.
#[derive(Debug, Clone)]
struct Flow {
    reporter: String,
    partner: String,
    partner_is_aggregate: bool,
    flow: String,
    year: i32,
    month: Option<i32>,
    hs_code: String,
    hs6: Option<String>,
    value_original: f64,
    value_usd: f64,
    line: i64,
}

fn flows(batches: &[RecordBatch]) -> Vec<Flow> {
    let mut out = Vec::new();
    for b in batches {
        let s = |name: &str| b.column_by_name(name).unwrap().as_string::<i32>().clone();
        let (reporter, partner, flow, hs_code, hs6) = (
            s("reporter"),
            s("partner"),
            s("flow"),
            s("hs_code"),
            s("hs6"),
        );
        let aggregate = b
            .column_by_name("partner_is_aggregate")
            .unwrap()
            .as_boolean()
            .clone();
        let year = b
            .column_by_name("year")
            .unwrap()
            .as_primitive::<Int32Type>()
            .clone();
        let month = b
            .column_by_name("month")
            .unwrap()
            .as_primitive::<Int32Type>()
            .clone();
        let f = |name: &str| {
            b.column_by_name(name)
                .unwrap()
                .as_primitive::<Float64Type>()
                .clone()
        };
        let (original, usd) = (f("value_original"), f("value_usd"));
        let line = b
            .column_by_name("source_line")
            .unwrap()
            .as_primitive::<Int64Type>()
            .clone();
        for i in 0..b.num_rows() {
            out.push(Flow {
                reporter: reporter.value(i).to_string(),
                partner: partner.value(i).to_string(),
                partner_is_aggregate: aggregate.value(i),
                flow: flow.value(i).to_string(),
                year: year.value(i),
                month: month.is_valid(i).then(|| month.value(i)),
                hs_code: hs_code.value(i).to_string(),
                hs6: hs6.is_valid(i).then(|| hs6.value(i).to_string()),
                value_original: original.value(i),
                value_usd: usd.value(i),
                line: line.value(i),
            });
        }
    }
    out
}

/// Runs a second-reader script; `None` (a skip) without data or Python.
fn second_reader(script: &str, args: &[PathBuf]) -> Option<Value> {
    let python = chokepoint_test_support::test_python(&["json", "zipfile"])?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/python")
        .join(script);
    let output = Command::new(python)
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "second reader failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

fn trade_dir(name: &str) -> Option<PathBuf> {
    if chokepoint_test_support::shared_data_missing() {
        return None;
    }
    Some(
        chokepoint_test_support::shared_data_dir()
            .join("trade")
            .join(name),
    )
}

/// The 22 workbooks as we read them, and as the second reader did.
struct Eurostat {
    files: Vec<(String, Read)>,
    flows: Vec<Flow>,
    expected: Value,
}

fn eurostat() -> Option<&'static Eurostat> {
    static EUROSTAT: OnceLock<Option<Eurostat>> = OnceLock::new();
    EUROSTAT
        .get_or_init(|| {
            let dir = trade_dir("eurostat-ds045409-xlsx")?;
            let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
                .collect();
            paths.sort();
            assert_eq!(paths.len(), 22, "the 22 Data Browser exports");
            let expected = second_reader("eurostat_xlsx.py", &paths)?;
            let files: Vec<(String, Read)> = paths
                .iter()
                .map(|p| {
                    (
                        p.file_name().unwrap().to_string_lossy().into_owned(),
                        read(p),
                    )
                })
                .collect();
            let flows = files.iter().flat_map(|(_, r)| flows(&r.rows)).collect();
            Some(Eurostat {
                files,
                flows,
                expected,
            })
        })
        .as_ref()
}

#[test]
fn every_eurostat_workbook_gives_one_row_per_value_cell_and_no_rejects() {
    let Some(eurostat) = eurostat() else { return };
    let mut total = 0;
    for (name, read) in &eurostat.files {
        let expected = eurostat.expected["files"][name].as_u64().unwrap();
        assert_eq!(read.summary.format, "eurostat-sheet", "{name}");
        assert_eq!(
            read.summary.n_rows, expected,
            "{name}: rows vs numeric cells"
        );
        assert_eq!(read.summary.n_rejected, 0, "{name}: {:?}", read.rejects);
        total += read.summary.n_rows;
    }
    // ":" cells (not available, every 2022-12 cell among them) give no row.
    assert_eq!(total, 1_141_670);
    assert!(
        eurostat
            .flows
            .iter()
            .all(|f| f.month != Some(12) || f.year != 2022)
    );
}

#[test]
fn eurostat_cells_keep_their_labels_codes_and_values() {
    let Some(eurostat) = eurostat() else { return };
    let samples = eurostat.expected["samples"].as_array().unwrap();
    assert!(samples.len() >= 40, "samples from every file");
    let by_key: HashMap<(String, String, String, i32, i32), &Flow> = eurostat
        .flows
        .iter()
        .map(|f| {
            let key = (
                f.reporter.clone(),
                f.partner.clone(),
                f.hs_code.clone(),
                f.year,
                f.month.unwrap(),
            );
            (key, f)
        })
        .collect();
    for sample in samples {
        let reporter =
            chokepoint_model::Country::lookup(sample["reporter"].as_str().unwrap()).unwrap();
        let partner =
            chokepoint_model::Country::lookup(sample["partner"].as_str().unwrap()).unwrap();
        let month = sample["month"].as_str().unwrap();
        let key = (
            reporter.alpha3().to_string(),
            partner.alpha3().to_string(),
            sample["product"].as_str().unwrap().to_string(),
            month[..4].parse().unwrap(),
            month[5..].parse().unwrap(),
        );
        let flow = by_key
            .get(&key)
            .unwrap_or_else(|| panic!("no row for {sample}"));
        assert_eq!(
            flow.value_original,
            sample["value"].as_f64().unwrap(),
            "{sample}"
        );
        assert_eq!(flow.line, sample["row"].as_i64().unwrap(), "{sample}");
        assert_eq!(flow.flow, "export");
        assert!(
            flow.value_usd > flow.value_original,
            "EUR converted to USD at > 1 USD/EUR"
        );
    }
}

/// Monthly EUR sums of HS 8542 exports by partner, EU27 reporters.
fn hs8542_by_partner_month(flows: &[Flow]) -> BTreeMap<(String, i32, i32), f64> {
    let mut sums = BTreeMap::new();
    for f in flows.iter().filter(|f| f.hs_code.starts_with("8542")) {
        *sums
            .entry((f.partner.clone(), f.year, f.month.unwrap()))
            .or_insert(0.0) += f.value_original;
    }
    sums
}

#[test]
fn hs8542_exports_to_russia_collapse_after_february_2022_and_rise_to_kazakhstan_and_armenia() {
    let Some(eurostat) = eurostat() else { return };
    let ours = hs8542_by_partner_month(&eurostat.flows);
    // The second reader's sums, keyed the same way.
    let mut theirs = BTreeMap::new();
    for (label, months) in eurostat.expected["hs8542"].as_object().unwrap() {
        let partner = chokepoint_model::Country::lookup(label).unwrap().alpha3();
        for (month, value) in months.as_object().unwrap() {
            let key = (
                partner.to_string(),
                month[..4].parse::<i32>().unwrap(),
                month[5..].parse::<i32>().unwrap(),
            );
            theirs.insert(key, value.as_f64().unwrap());
        }
    }
    assert_eq!(ours.len(), theirs.len());
    for (key, value) in &theirs {
        let mine = ours[key];
        assert!(
            (mine - value).abs() < 0.5,
            "{key:?}: ours {mine} vs {value}"
        );
    }
    // March–November (December 2022 is not available) of 2022 against 2021.
    let window = |partner: &str, year: i32| -> f64 {
        (3..=11)
            .map(|m| {
                ours.get(&(partner.to_string(), year, m))
                    .copied()
                    .unwrap_or(0.0)
            })
            .sum()
    };
    let russia = (window("RUS", 2021), window("RUS", 2022));
    let january_february_2022: f64 = (1..=2).map(|m| ours[&("RUS".to_string(), 2022, m)]).sum();
    eprintln!(
        "HS 8542 EU27 exports, Mar-Nov EUR: RUS 2021 {:.0} 2022 {:.0}; KAZ {:.0} -> {:.0}; ARM {:.0} -> {:.0}",
        russia.0,
        russia.1,
        window("KAZ", 2021),
        window("KAZ", 2022),
        window("ARM", 2021),
        window("ARM", 2022)
    );
    assert!(
        russia.1 < 0.05 * russia.0,
        "collapse to under 5 %: {russia:?}"
    );
    assert!(
        january_february_2022 > 30.0 * russia.1 / 9.0,
        "before the invasion, months were still large"
    );
    assert!(window("KAZ", 2022) > 2.0 * window("KAZ", 2021));
    assert!(window("ARM", 2022) > 5.0 * window("ARM", 2021));
}

#[test]
fn hs4_headings_beside_their_cn8_lines_stay_out_of_basket_sums() {
    let Some(eurostat) = eurostat() else { return };
    let headings = eurostat.expected["headings"].as_object().unwrap();
    assert!(headings.contains_key("9026"), "{headings:?}");
    for (heading, sums) in headings {
        let heading_rows: Vec<&Flow> = eurostat
            .flows
            .iter()
            .filter(|f| f.hs_code == *heading)
            .collect();
        assert!(!heading_rows.is_empty());
        // Basket predicates take HS6-or-finer rows only (`hs6 IS NOT NULL`).
        assert!(heading_rows.iter().all(|f| f.hs6.is_none()), "{heading}");
        let basket_sum: f64 = eurostat
            .flows
            .iter()
            .filter(|f| f.hs6.is_some() && f.hs_code.starts_with(heading.as_str()))
            .map(|f| f.value_original)
            .sum();
        let heading_sum: f64 = heading_rows.iter().map(|f| f.value_original).sum();
        assert!(
            (basket_sum - sums["lines"].as_f64().unwrap()).abs() < 0.5,
            "{heading}"
        );
        assert!(
            (heading_sum - sums["heading"].as_f64().unwrap()).abs() < 0.5,
            "{heading}"
        );
        // Summing both would count the heading's trade twice.
        assert!(heading_sum >= 0.99 * basket_sum, "{heading}");
    }
}

#[test]
fn imf_imts_gives_chinas_share_of_russias_goods_imports_by_year() {
    let Some(dir) = trade_dir("imf-imts-russia") else {
        return;
    };
    let path = dir.join("RU_trade_IMF_IMTS.csv");
    let Some(expected) = second_reader("imf_imts.py", std::slice::from_ref(&path)) else {
        return;
    };
    let read = read(&path);
    assert_eq!(read.summary.format, "imf-imts");
    assert_eq!(read.summary.n_rejected, 0, "{:?}", read.rejects);
    assert_eq!(read.summary.n_rows, expected["cells"].as_u64().unwrap());
    let rows = flows(&read.rows);
    let imports = |partner: &str, year: i32| -> f64 {
        rows.iter()
            .filter(|f| f.flow == "import" && f.partner == partner && f.year == year)
            .map(|f| f.value_usd)
            .sum()
    };
    assert!(
        rows.iter()
            .all(|f| f.reporter == "RUS" && f.hs_code == "TOTAL" && f.month.is_none())
    );
    // Aggregates: World under the model's code, IMF regions under their ids.
    assert!(
        rows.iter()
            .filter(|f| f.partner == "W00")
            .all(|f| f.partner_is_aggregate)
    );
    assert!(
        rows.iter()
            .any(|f| f.partner == "G110" && f.partner_is_aggregate)
    );
    assert!(
        rows.iter()
            .filter(|f| f.partner == "CHN")
            .all(|f| !f.partner_is_aggregate)
    );
    let mut shares = Vec::new();
    for year in 2016..=2024 {
        let key = year.to_string();
        let china = expected["china"][&key].as_f64().unwrap();
        let world = expected["world"][&key].as_f64().unwrap();
        assert!((imports("CHN", year) - china).abs() < 1.0, "{year}");
        assert!((imports("W00", year) - world).abs() < 1.0, "{year}");
        let share = imports("CHN", year) / imports("W00", year);
        assert!((share - china / world).abs() < 1e-9);
        shares.push((year, share));
    }
    eprintln!("China's share of Russia's goods imports: {shares:.3?}");
    let share = |year: i32| shares.iter().find(|(y, _)| *y == year).unwrap().1;
    assert!(share(2021) > 0.2 && share(2021) < 0.3, "{shares:?}");
    assert!(share(2023) > 0.4, "{shares:?}");
}
