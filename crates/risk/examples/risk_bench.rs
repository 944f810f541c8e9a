//! Throughput of risk scoring and entity resolution on SYNTHETIC records
//! (`bench/risk` runs it in release mode). Shipments are generated in
//! memory — fictitious parties drawn from a pool, each under a few
//! spellings — as a cycle of distinct Arrow batches, so generation is not
//! timed. Prints `key=value` lines:
//!
//! * `stage=observe`: the context pass (shipments/s);
//! * `stage=finish`: resolution of the parties and medians (s);
//! * `stage=score`: scoring on `threads` threads (shipments/s);
//! * `stage=resolve`: entity resolution of `names` party spellings (s);
//! * `stage=memory`: peak RSS (VmHWM) in MB.
//!
//! Usage: `risk_bench SHIPMENTS NAMES [THREADS]`.

use std::sync::Arc;
use std::time::Instant;

use arrow::array::{ArrayRef, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray};
use chokepoint_catalog::schema::TableKind;
use chokepoint_resolve::{ResolveConfig, Sighting, resolve};
use chokepoint_risk::{ContextBuilder, OwnershipLink, RiskRules, score_batch};

const BATCH_ROWS: usize = 65_536;
const DISTINCT_BATCHES: usize = 16;

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const SYLLABLES: &[&str] = &[
    "an", "bei", "chen", "da", "fang", "guo", "hai", "jin", "kai", "long", "ming", "nan", "ping",
    "qi", "rui", "sheng", "tai", "wei", "xin", "yang", "zhi", "kor", "vel", "tar", "mon", "sar",
];
const GENERIC: &[&str] = &[
    "Trading",
    "Electronics",
    "Technology",
    "Industrial",
    "Logistics",
    "Components",
];
const FORMS: &[&str] = &["Co., Ltd.", "LLC", "Limited", "LLP", "JSC", "GmbH"];
const COUNTRIES: &[&str] = &[
    "CHN", "HKG", "KGZ", "KAZ", "ARM", "TUR", "ARE", "RUS", "DEU", "USA", "IND", "BRA",
];
const CODES: &[&str] = &[
    "854231", "854232", "854239", "851762", "847150", "848210", "901380", "845710", "850760",
    "850440", "392690", "940540",
];

/// A fictitious party: its spellings, address and country.
struct Party {
    spellings: Vec<String>,
    address: String,
    country: &'static str,
}

fn party(rng: &mut Rng, index: usize) -> Party {
    let word: String = (0..2 + rng.below(2))
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect();
    let mut word = word;
    word[..1].make_ascii_uppercase();
    let name = format!(
        "{word} {} {} {}",
        GENERIC[rng.below(GENERIC.len())],
        index,
        FORMS[rng.below(FORMS.len())]
    );
    let upper = name.to_uppercase().replace([',', '.'], "");
    let spaced = name.replacen(' ', "  ", 1);
    Party {
        spellings: vec![name, upper, spaced],
        address: format!(
            "{} {} Road, office {}",
            1 + rng.below(400),
            SYLLABLES[rng.below(SYLLABLES.len())],
            index % 1000
        ),
        country: COUNTRIES[rng.below(COUNTRIES.len())],
    }
}

fn shipments_batch(rng: &mut Rng, parties: &[Party], first_row: usize) -> RecordBatch {
    let n = BATCH_ROWS;
    let mut columns: Vec<(&str, Vec<Option<String>>)> = Vec::new();
    let (mut dates, mut values, mut quantities) = (Vec::new(), Vec::new(), Vec::new());
    let mut text: std::collections::BTreeMap<&str, Vec<Option<String>>> = Default::default();
    for row in 0..n {
        let (s, c) = (
            &parties[rng.below(parties.len())],
            &parties[rng.below(parties.len())],
        );
        let code = CODES[rng.below(CODES.len())];
        let destination = if rng.unit() < 0.3 { "RUS" } else { c.country };
        let mut put = |k: &'static str, v: String| text.entry(k).or_default().push(Some(v));
        put("declaration_id", format!("SYN-{:09}", first_row + row));
        put("hs_code", format!("{code}0000"));
        put("hs6", code.to_string());
        put("shipper_name", s.spellings[rng.below(3)].clone());
        put("shipper_address", s.address.clone());
        put("shipper_country", s.country.to_string());
        put("consignee_name", c.spellings[rng.below(3)].clone());
        put("consignee_address", c.address.clone());
        put("consignee_country", c.country.to_string());
        put("origin_country", s.country.to_string());
        put("dispatch_country", s.country.to_string());
        put("destination_country", destination.to_string());
        put("manufacturer", s.spellings[0].clone());
        put("brand", "Synthetic".to_string());
        put("quantity_unit", "u".to_string());
        dates.push(18_628 + rng.below(1800) as i32);
        let quantity = 1.0 + rng.below(5000) as f64;
        quantities.push(Some(quantity));
        values.push(Some(
            quantity * (5.0 + 20.0 * rng.unit()) * if rng.unit() < 0.001 { 40.0 } else { 1.0 },
        ));
    }
    columns.extend(text);
    let schema = TableKind::Shipments.schema();
    let arrays: Vec<ArrayRef> = schema
        .fields()
        .iter()
        .map(|field| -> ArrayRef {
            match field.name().as_str() {
                "date" => Arc::new(Date32Array::from(dates.clone())),
                "value" | "value_usd" => Arc::new(Float64Array::from(values.clone())),
                "quantity" => Arc::new(Float64Array::from(quantities.clone())),
                "net_weight_kg" => Arc::new(Float64Array::from(vec![Some(1.0); n])),
                "source_line" => Arc::new(Int64Array::from_iter_values(0..n as i64)),
                name => {
                    let values = columns
                        .iter()
                        .find(|(k, _)| *k == name)
                        .map(|(_, v)| v.clone());
                    Arc::new(StringArray::from(
                        values.unwrap_or_else(|| vec![Some("SYNTHETIC".to_string()); n]),
                    ))
                }
            }
        })
        .collect();
    RecordBatch::try_new(schema, arrays).expect("synthetic batch matches the schema")
}

fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let shipments: usize = args
        .get(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000_000);
    let names: usize = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let threads: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(2);
    let mut rng = Rng(2022);
    let parties: Vec<Party> = (0..20_000).map(|i| party(&mut rng, i)).collect();
    let batches: Vec<RecordBatch> = (0..DISTINCT_BATCHES)
        .map(|b| shipments_batch(&mut rng, &parties, b * BATCH_ROWS))
        .collect();
    let n_batches = shipments.div_ceil(BATCH_ROWS);
    let rows = n_batches * BATCH_ROWS;
    println!(
        "stage=setup parties={} spellings={} shipments={rows} batch_rows={BATCH_ROWS}",
        parties.len(),
        parties.len() * 3
    );

    let rules = RiskRules::default();
    let started = Instant::now();
    let mut builder = ContextBuilder::new(&rules);
    for k in 0..n_batches {
        builder
            .observe(&batches[k % DISTINCT_BATCHES])
            .expect("observe");
    }
    let observe_s = started.elapsed().as_secs_f64();
    println!(
        "stage=observe shipments={rows} seconds={observe_s:.2} shipments_per_s={:.0}",
        rows as f64 / observe_s
    );

    let started = Instant::now();
    let ownership: Vec<OwnershipLink> = parties
        .iter()
        .take(500)
        .zip(parties.iter().skip(500))
        .map(|(parent, child)| OwnershipLink {
            parent: parent.spellings[0].clone(),
            subsidiary: child.spellings[0].clone(),
            share: Some(0.6),
            evidence: "synthetic".into(),
        })
        .collect();
    let context = builder.finish(&[], &ownership, None);
    println!(
        "stage=finish entities={} seconds={:.2}",
        context.resolution().entities.len(),
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let alerts: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (context, batches) = (&context, &batches);
                scope.spawn(move || {
                    (t..n_batches)
                        .step_by(threads)
                        .map(|k| {
                            let scored = score_batch(context, &batches[k % DISTINCT_BATCHES])
                                .expect("score");
                            scored
                                .iter()
                                .filter(|r| r.score >= context.rules().alert_score)
                                .count()
                        })
                        .sum::<usize>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("scoring thread"))
            .sum()
    });
    let score_s = started.elapsed().as_secs_f64();
    println!(
        "stage=score shipments={rows} threads={threads} seconds={score_s:.2} shipments_per_s={:.0} alerts={alerts}",
        rows as f64 / score_s
    );
    println!(
        "stage=total shipments={rows} seconds={:.2} shipments_per_s={:.0}",
        observe_s + score_s,
        rows as f64 / (observe_s + score_s)
    );

    // Entity resolution of `names` spellings: a third as many parties, three spellings each.
    let mut rng = Rng(7);
    let pool: Vec<Party> = (0..names.div_ceil(3))
        .map(|i| party(&mut rng, 1_000_000 + i))
        .collect();
    let sightings: Vec<Sighting> = pool
        .iter()
        .flat_map(|p| {
            p.spellings
                .iter()
                .map(|s| Sighting::new(s, Some(&p.address), Some(p.country), 0))
        })
        .take(names)
        .collect();
    let started = Instant::now();
    let mut config = ResolveConfig::default();
    config.threads = threads;
    let resolution = resolve(&sightings, &[], &config);
    println!(
        "stage=resolve names={} entities={} true_parties={} seconds={:.2}",
        sightings.len(),
        resolution.entities.len(),
        pool.len(),
        started.elapsed().as_secs_f64()
    );
    println!("stage=memory peak_rss_mb={}", peak_rss_mb());
}
