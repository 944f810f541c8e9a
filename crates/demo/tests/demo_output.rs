//! Tests of the files the generator actually writes: every figure below is
//! computed by parsing the output, never taken from the generator's own state.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chokepoint_demo::{
    COMTRADE_PLUS_COLUMNS, DemoConfig, DemoManifest, DemoScale, write_comtrade_plus,
    write_demo_sources,
};

fn temp_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("chokepoint-demo-{name}"))
}

/// The small world for seed 2022, written once per test process.
fn small() -> &'static DemoManifest {
    static MANIFEST: OnceLock<DemoManifest> = OnceLock::new();
    MANIFEST.get_or_init(|| {
        write_demo_sources(
            &temp_dir("small"),
            &DemoConfig {
                seed: 2022,
                scale: DemoScale::Small,
            },
        )
        .unwrap()
    })
}

/// One parsed flow row: the fields the tests need.
struct Row {
    reporter: String,
    flow: String,
    partner: String,
    cmd: String,
    year: u16,
    period: u32,
    qty_unit: String,
    qty: f64,
    value: f64,
}

fn parse_flows(path: &Path) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (rep, flow, par, cmd, year, period, unit, qty, value) = (
        col("reporterISO"),
        col("flowCode"),
        col("partnerISO"),
        col("cmdCode"),
        col("refYear"),
        col("period"),
        col("qtyUnitAbbr"),
        col("qty"),
        col("primaryValue"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(r.len(), 47);
            Row {
                reporter: r[rep].to_string(),
                flow: r[flow].to_string(),
                partner: r[par].to_string(),
                cmd: r[cmd].to_string(),
                year: r[year].parse().unwrap(),
                period: r[period].parse().unwrap(),
                qty_unit: r[unit].to_string(),
                qty: r[qty].parse().unwrap(),
                value: r[value].parse().unwrap(),
            }
        })
        .collect()
}

fn small_rows() -> &'static Vec<Row> {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| parse_flows(&small().flows_file))
}

#[test]
fn header_is_the_47_comtrade_plus_columns() {
    let mut reader = csv::Reader::from_path(&small().flows_file).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, COMTRADE_PLUS_COLUMNS);
    assert_eq!(header.len(), 47);
}

#[test]
fn small_world_size_and_manifest() {
    let m = small();
    assert!(
        (10_000..=20_000).contains(&m.n_flow_rows),
        "{} rows",
        m.n_flow_rows
    );
    assert_eq!(small_rows().len() as u64, m.n_flow_rows);
    assert!(
        (800..=1_200).contains(&m.n_shipments),
        "{} shipments",
        m.n_shipments
    );
    assert!(m.synthetic);
    let readme = std::fs::read_to_string(&m.readme_file).unwrap();
    assert!(readme.contains("SYNTHETIC") && readme.contains("not real trade statistics"));
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&m.truth_file).unwrap()).unwrap();
    assert_eq!(truth["synthetic"], true);
    assert_eq!(truth["counts"]["flow_rows"], m.n_flow_rows);
}

/// The cell of `row` under the column `name` of `headers`.
fn field<'a>(headers: &csv::StringRecord, row: &'a csv::StringRecord, name: &str) -> &'a str {
    let index = headers
        .iter()
        .position(|header| header == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    &row[index]
}

#[test]
fn rows_have_comtrade_values() {
    let mut reader = csv::Reader::from_path(&small().flows_file).unwrap();
    let headers = reader.headers().unwrap().clone();
    for r in reader.records().take(2_000) {
        let r = r.unwrap();
        let cell = |name: &str| field(&headers, &r, name);
        let year: u16 = cell("refYear").parse().unwrap();
        assert_eq!((cell("typeCode"), cell("freqCode")), ("C", "M"));
        assert_eq!(
            cell("refPeriodId"),
            format!(
                "{}{:02}01",
                cell("refYear"),
                cell("refMonth").parse::<u8>().unwrap()
            )
        );
        assert_eq!(
            cell("classificationCode"),
            if year < 2022 { "H5" } else { "H6" }
        );
        assert_eq!(cell("cmdCode").len(), 6);
        assert_eq!(
            (
                cell("partner2Code"),
                cell("partner2ISO"),
                cell("partner2Desc")
            ),
            ("0", "W00", "World")
        );
        let (cif, fob) = (cell("cifvalue"), cell("fobvalue"));
        match cell("flowCode") {
            "M" => assert!(cif.parse::<f64>().unwrap() > 0.0 && fob.is_empty()),
            "X" => assert!(fob.parse::<f64>().unwrap() > 0.0 && cif.is_empty()),
            other => panic!("flowCode {other}"),
        }
    }
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let again = write_demo_sources(
        &temp_dir("again"),
        &DemoConfig {
            seed: 2022,
            scale: DemoScale::Small,
        },
    )
    .unwrap();
    let other = write_demo_sources(
        &temp_dir("other"),
        &DemoConfig {
            seed: 7,
            scale: DemoScale::Small,
        },
    )
    .unwrap();
    let read = |p: &Path| std::fs::read(p).unwrap();
    let base = small();
    for (a, b, c) in [
        (&base.flows_file, &again.flows_file, &other.flows_file),
        (
            &base.shipments_file,
            &again.shipments_file,
            &other.shipments_file,
        ),
        (&base.truth_file, &again.truth_file, &other.truth_file),
    ] {
        assert_eq!(read(a), read(b), "{}", a.display());
        assert_ne!(read(a), read(c), "{}", a.display());
    }
    std::fs::remove_dir_all(temp_dir("again")).unwrap();
    std::fs::remove_dir_all(temp_dir("other")).unwrap();
}

#[test]
fn russia_stops_reporting_in_2022() {
    let rows = small_rows();
    assert!(rows.iter().any(|r| r.reporter == "RUS" && r.year == 2021));
    assert_eq!(
        rows.iter()
            .filter(|r| r.reporter == "RUS" && r.year >= 2022)
            .count(),
        0
    );
    assert!(rows.iter().any(|r| r.partner == "RUS" && r.year >= 2022));
}

#[test]
fn fibre_optic_surge_is_tenfold_and_the_largest_jump() {
    let rows = small_rows();
    let km = |period: u32| {
        rows.iter()
            .find(|r| {
                r.reporter == "CHN"
                    && r.flow == "X"
                    && r.partner == "RUS"
                    && r.cmd == "854470"
                    && r.period == period
            })
            .map(|r| {
                assert_eq!(r.qty_unit, "km");
                r.qty
            })
            .unwrap()
    };
    let (july, august) = (km(202507), km(202508));
    let ratio = august / july;
    assert!((9.5..=10.5).contains(&ratio), "ratio {ratio}");
    assert!((505_000.0..=540_000.0).contains(&august), "{august} km");
    let miles = august * 0.621_371_192;
    assert!((310_000.0..=340_000.0).contains(&miles), "{miles} miles");
    // Largest month-on-month jump (value) among all fibre-optic series.
    let mut series: HashMap<(&str, &str, &str, &str), BTreeMap<u32, f64>> = HashMap::new();
    for r in rows
        .iter()
        .filter(|r| r.cmd == "854470" || r.cmd == "900110")
    {
        series
            .entry((&r.reporter, &r.flow, &r.partner, &r.cmd))
            .or_default()
            .insert(r.period, r.value);
    }
    let mut best = (0.0, String::new());
    for (key, months) in &series {
        let v: Vec<(&u32, &f64)> = months.iter().collect();
        for w in v.windows(2) {
            let consecutive = w[1].0 - w[0].0 == 1
                || w[1].0 % 100 == 1 && w[0].0 % 100 == 12 && w[1].0 - w[0].0 == 89;
            if consecutive && w[1].1 / w[0].1 > best.0 {
                best = (w[1].1 / w[0].1, format!("{key:?} {}", w[1].0));
            }
        }
    }
    assert_eq!(best.1, "(\"CHN\", \"X\", \"RUS\", \"854470\") 202508");
}

/// Share of CHN+HKG in partners' reported exports to RUS of codes `keep` in `year`.
fn china_share(rows: &[Row], year: u16, keep: impl Fn(&str) -> bool) -> f64 {
    let (mut all, mut china) = (0.0, 0.0);
    for r in rows
        .iter()
        .filter(|r| r.flow == "X" && r.partner == "RUS" && r.year == year && keep(&r.cmd))
    {
        all += r.value;
        if r.reporter == "CHN" || r.reporter == "HKG" {
            china += r.value;
        }
    }
    china / all
}

#[test]
fn china_hong_kong_share_of_microelectronics_in_2023() {
    let micro = |c: &str| c.starts_with("8541") || c.starts_with("8542");
    let share = china_share(small_rows(), 2023, micro);
    assert!((0.85..=0.95).contains(&share), "share {share}");
    let before = china_share(small_rows(), 2021, micro);
    assert!((0.25..=0.45).contains(&before), "2021 share {before}");
    let all = china_share(small_rows(), 2024, |_| true);
    assert!((0.8..=0.9).contains(&all), "high-priority share 2024 {all}");
}

#[test]
fn hubs_co_move_and_controls_do_not() {
    let coalition = [
        "USA", "DEU", "JPN", "ITA", "KOR", "FRA", "NLD", "POL", "GBR",
    ];
    let rows = small_rows();
    let growth = |keep: &dyn Fn(&Row) -> bool| {
        let total = |from: u32, to: u32| {
            rows.iter()
                .filter(|r| keep(r) && (from..=to).contains(&r.period))
                .map(|r| r.value)
                .sum::<f64>()
        };
        (total(202204, 202512) / 45.0) / (total(202101, 202112) / 12.0)
    };
    for hub in ["KGZ", "KAZ", "ARM", "TUR", "ARE"] {
        let supply = growth(&|r: &Row| {
            r.flow == "X" && r.partner == hub && coalition.contains(&r.reporter.as_str())
        });
        let onward = growth(&|r: &Row| r.flow == "X" && r.reporter == hub && r.partner == "RUS");
        assert!(
            (2.5..=11.0).contains(&supply) && onward > 3.0,
            "{hub}: supply x{supply}, onward x{onward}"
        );
    }
    for control in ["SRB", "MNG", "IND", "BRA", "THA"] {
        let supply = growth(&|r: &Row| {
            r.flow == "X" && r.partner == control && coalition.contains(&r.reporter.as_str())
        });
        let onward =
            growth(&|r: &Row| r.flow == "X" && r.reporter == control && r.partner == "RUS");
        assert!(
            supply < 1.5 && onward < 1.5,
            "{control}: supply x{supply}, onward x{onward}"
        );
    }
}

#[test]
fn shipments_are_complete_json_records() {
    const FIELDS: [&str; 21] = [
        "declaration_id",
        "date",
        "hs_code",
        "goods_description",
        "shipper_name",
        "shipper_address",
        "shipper_country",
        "consignee_name",
        "consignee_address",
        "consignee_country",
        "origin_country",
        "dispatch_country",
        "destination_country",
        "manufacturer",
        "brand",
        "value",
        "currency",
        "net_weight_kg",
        "quantity",
        "quantity_unit",
        "note",
    ];
    let text = std::fs::read_to_string(&small().shipments_file).unwrap();
    let mut ids = HashSet::new();
    let mut lines = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let obj = v.as_object().unwrap();
        assert_eq!(obj.len(), FIELDS.len(), "{line}");
        for f in FIELDS {
            assert!(obj.contains_key(f), "{f} missing in {line}");
        }
        for f in ["value", "net_weight_kg", "quantity"] {
            assert!(v[f].as_f64().unwrap() > 0.0, "{f} in {line}");
        }
        assert!(ids.insert(v["declaration_id"].as_str().unwrap().to_string()));
        assert_eq!(v["note"], "synthetic demo record");
        let hs = v["hs_code"].as_str().unwrap();
        assert!((6..=10).contains(&hs.len()) && hs.bytes().all(|b| b.is_ascii_digit()));
        let date = v["date"].as_str().unwrap();
        assert!(
            date.len() == 10 && ("2021".."2026").contains(&&date[..4]),
            "{date}"
        );
        assert!(["USD", "EUR", "CNY"].contains(&v["currency"].as_str().unwrap()));
        lines += 1;
    }
    assert_eq!(lines as u64, small().n_shipments);
}

#[test]
fn shipment_truth_matches_the_records() {
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&small().truth_file).unwrap()).unwrap();
    let text = std::fs::read_to_string(&small().shipments_file).unwrap();
    let names: HashSet<String> = text
        .lines()
        .flat_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            [
                v["shipper_name"].as_str().unwrap().to_string(),
                v["consignee_name"].as_str().unwrap().to_string(),
            ]
        })
        .collect();
    let groups = truth["shipments"]["variant_groups"].as_array().unwrap();
    let rich = groups
        .iter()
        .filter(|g| g["variants_seen"].as_array().unwrap().len() >= 3)
        .count();
    assert!(rich >= 4, "{rich} groups with 3+ spellings seen");
    for g in groups {
        for v in g["variants_seen"].as_array().unwrap() {
            assert!(names.contains(v.as_str().unwrap()));
        }
    }
    let ids: HashSet<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["declaration_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    for o in truth["shipments"]["value_outliers"].as_array().unwrap() {
        assert!(ids.contains(o["declaration_id"].as_str().unwrap()));
    }
    for f in truth["shipments"]["new_hub_trading_firms"]
        .as_array()
        .unwrap()
    {
        let first = f["first_seen_in_records"].as_str().unwrap_or("9999");
        assert!(first >= f["in_business_from"].as_str().unwrap() && first >= "2022");
    }
}

#[test]
fn write_comtrade_plus_writes_exactly_n_distinct_rows() {
    for n in [0u64, 1, 12_345] {
        let mut out = Vec::new();
        assert_eq!(write_comtrade_plus(&mut out, n, 3).unwrap(), n);
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count() as u64, n + 1);
    }
    // Crossing into the second seven-year block keeps keys distinct.
    let n = 320_000;
    let mut out = Vec::new();
    let started = std::time::Instant::now();
    write_comtrade_plus(&mut out, n, 3).unwrap();
    eprintln!(
        "write_comtrade_plus: {n} rows in {:?} (debug build)",
        started.elapsed()
    );
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let mut keys = HashSet::new();
    let mut years = HashSet::new();
    let headers = reader.headers().unwrap().clone();
    for r in reader.records() {
        let r = r.unwrap();
        let cell = |name: &str| field(&headers, &r, name).to_string();
        years.insert(cell("refYear"));
        let key = [
            "period",
            "reporterCode",
            "flowCode",
            "partnerCode",
            "partner2Code",
            "cmdCode",
            "motCode",
        ]
        .map(cell);
        assert!(keys.insert(key), "duplicate key in row {:?}", r);
    }
    assert_eq!(keys.len() as u64, n);
    assert!(years.contains("2026"), "second block reached");
}

#[test]
fn full_world_size() {
    let started = std::time::Instant::now();
    let dir = temp_dir("full");
    let m = write_demo_sources(&dir, &DemoConfig::default()).unwrap();
    eprintln!(
        "full world: {} flow rows, {} shipments in {:?} (debug build)",
        m.n_flow_rows,
        m.n_shipments,
        started.elapsed()
    );
    assert!(
        (150_000..=400_000).contains(&m.n_flow_rows),
        "{}",
        m.n_flow_rows
    );
    assert!(
        (4_000..=6_000).contains(&m.n_shipments),
        "{}",
        m.n_shipments
    );
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&m.truth_file).unwrap()).unwrap();
    let claims = &truth["patterns"]["a_china_replaces_coalition"]["claims"];
    let tools = &claims["machine_tools_china_share_2023_q4"]["generated"];
    assert!(
        (0.65..=0.75).contains(&tools["china_share"].as_f64().unwrap()),
        "{tools}"
    );
    assert!(
        (800e6..=1000e6).contains(&tools["china_usd"].as_f64().unwrap()),
        "{tools}"
    );
    assert!(claims["china_chpl_and_machine_tools_to_russia_since_2023_01"]["generated_usd_2023_01_to_2025_12"].as_f64().unwrap() > 20e9);
    std::fs::remove_dir_all(dir).unwrap();
}
