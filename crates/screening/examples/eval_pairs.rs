//! Evaluates the matcher on labelled pairs (CSV with `left_name,
//! right_name, schema, left_country, right_country, is_match, category`).
//!
//! ```text
//! cargo run --release -p chokepoint-screening --example eval_pairs -- \
//!     [--half even|odd|all] [--threshold 0.7] [--misses 15] [--sweep] [FILE...]
//! ```
//!
//! Prints precision, recall and F1 per file at the threshold, a per-category
//! breakdown, the worst misses and pairs/s, and one machine-readable
//! `RESULT` line per file (used by `bench/screening-eval`).

use std::path::PathBuf;
use std::time::Instant;

use chokepoint_screening::{MatchConfig, NameQuery, Schema, compare};

struct Pair {
    line: u64,
    left: String,
    right: String,
    schema: String,
    left_country: String,
    right_country: String,
    is_match: bool,
    category: String,
}

struct Options {
    half: String,
    threshold: Option<f64>,
    n_misses: usize,
    sweep: bool,
    settings: Vec<(String, f64)>,
    dump: Option<PathBuf>,
    files: Vec<PathBuf>,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        half: "all".to_string(),
        threshold: None,
        n_misses: 15,
        sweep: false,
        settings: Vec::new(),
        dump: None,
        files: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--half" => options.half = args.next().ok_or("--half needs a value")?,
            "--threshold" => {
                let value = args.next().ok_or("--threshold needs a value")?;
                options.threshold = Some(
                    value
                        .parse()
                        .map_err(|_| format!("bad threshold {value}"))?,
                );
            }
            "--misses" => {
                let value = args.next().ok_or("--misses needs a value")?;
                options.n_misses = value.parse().map_err(|_| format!("bad count {value}"))?;
            }
            "--sweep" => options.sweep = true,
            "--dump" => {
                options.dump = Some(PathBuf::from(args.next().ok_or("--dump needs a path")?))
            }
            "--set" => {
                let value = args.next().ok_or("--set needs name=value")?;
                let (name, number) = value.split_once('=').ok_or("--set needs name=value")?;
                let number = number
                    .parse()
                    .map_err(|_| format!("bad value in {value}"))?;
                options.settings.push((name.to_string(), number));
            }
            _ => options.files.push(PathBuf::from(arg)),
        }
    }
    if options.files.is_empty() {
        let eval = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval");
        options.files.push(eval.join("name_bench_dev.csv"));
        options.files.push(eval.join("sanctions_aliases_dev.csv"));
    }
    Ok(options)
}

fn read_pairs(path: &PathBuf, half: &str) -> Result<Vec<Pair>, String> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|err| format!("{}: {err}", path.display()))?;
    let headers = reader.headers().map_err(|err| err.to_string())?.clone();
    let column = |name: &str| headers.iter().position(|header| header == name);
    let required = |name: &str| column(name).ok_or(format!("{}: no column {name}", path.display()));
    let (left, right, schema, label) = (
        required("left_name")?,
        required("right_name")?,
        required("schema")?,
        required("is_match")?,
    );
    let (left_country, right_country, category) = (
        column("left_country"),
        column("right_country"),
        column("category"),
    );
    let mut pairs = Vec::new();
    let mut record = csv::StringRecord::new();
    // Physical line where each record starts (the header is line 1), counted
    // here: the csv reader's own count is off by one after a CRLF header.
    let newlines = |record: &csv::StringRecord| -> u64 {
        record
            .iter()
            .map(|field| field.matches('\n').count() as u64)
            .sum()
    };
    let mut next_line = 2 + newlines(&headers);
    while reader
        .read_record(&mut record)
        .map_err(|err| err.to_string())?
    {
        let line = next_line;
        next_line += 1 + newlines(&record);
        let keep = match half {
            "even" => line % 2 == 0,
            "odd" => line % 2 == 1,
            _ => true,
        };
        if !keep {
            continue;
        }
        let get = |idx: Option<usize>| {
            idx.and_then(|idx| record.get(idx))
                .unwrap_or("")
                .to_string()
        };
        pairs.push(Pair {
            line,
            left: get(Some(left)),
            right: get(Some(right)),
            schema: get(Some(schema)),
            left_country: get(left_country),
            right_country: get(right_country),
            is_match: get(Some(label)).eq_ignore_ascii_case("true"),
            category: get(category),
        });
    }
    Ok(pairs)
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: u64,
    fp: u64,
    fn_: u64,
    tn: u64,
}

impl Counts {
    fn add(&mut self, predicted: bool, actual: bool) {
        match (predicted, actual) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn main() {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            std::process::exit(2);
        }
    };
    let mut config = MatchConfig::default();
    if let Some(threshold) = options.threshold {
        config.threshold = threshold;
    }
    for (name, value) in &options.settings {
        let field = match name.as_str() {
            "number_mismatch_weight" => &mut config.number_mismatch_weight,
            "legal_form_weight" => &mut config.legal_form_weight,
            "legal_form_family_weight" => &mut config.legal_form_family_weight,
            "legal_form_conflict_weight" => &mut config.legal_form_conflict_weight,
            "schema_mismatch_weight" => &mut config.schema_mismatch_weight,
            "country_mismatch_weight" => &mut config.country_mismatch_weight,
            "order_weight" => &mut config.order_weight,
            "optional_middle_name_factor" => &mut config.optional_middle_name_factor,
            "person_conflict_weight" => &mut config.person_conflict_weight,
            "organisation_conflict_weight" => &mut config.organisation_conflict_weight,
            "brand_slot_similarity" => &mut config.brand_slot_similarity,
            "patronymic_conflict_weight" => &mut config.patronymic_conflict_weight,
            "kinship_swap_weight" => &mut config.kinship_swap_weight,
            "extra_place_weight" => &mut config.extra_place_weight,
            "generic_only_factor" => &mut config.generic_only_factor,
            "mononym_factor" => &mut config.mononym_factor,
            "given_name_only_factor" => &mut config.given_name_only_factor,
            "extra_distinctive_weight" => &mut config.extra_distinctive_weight,
            _ => {
                eprintln!("error: unknown setting {name}");
                std::process::exit(2);
            }
        };
        *field = *value;
    }
    for path in &options.files {
        let pairs = match read_pairs(path, &options.half) {
            Ok(pairs) => pairs,
            Err(message) => {
                eprintln!("error: {message}");
                std::process::exit(2);
            }
        };
        let start = Instant::now();
        let scores: Vec<f64> = pairs
            .iter()
            .map(|pair| {
                let schema = Schema::parse(&pair.schema);
                let left =
                    NameQuery::new(&pair.left, schema).with_countries([pair.left_country.as_str()]);
                let right = NameQuery::new(&pair.right, schema)
                    .with_countries([pair.right_country.as_str()]);
                compare(&left, &right, &config).score
            })
            .collect();
        let seconds = start.elapsed().as_secs_f64().max(1e-9);
        let pairs_per_s = pairs.len() as f64 / seconds;
        // The index prepares names once: time comparisons of prepared names too.
        let prepared: Vec<(NameQuery, NameQuery)> = pairs
            .iter()
            .map(|pair| {
                let schema = Schema::parse(&pair.schema);
                (
                    NameQuery::new(&pair.left, schema).with_countries([pair.left_country.as_str()]),
                    NameQuery::new(&pair.right, schema)
                        .with_countries([pair.right_country.as_str()]),
                )
            })
            .collect();
        let start = Instant::now();
        let mut checksum = 0.0;
        for (left, right) in &prepared {
            checksum += compare(left, right, &config).score;
        }
        let prepared_pairs_per_s = prepared.len() as f64 / start.elapsed().as_secs_f64().max(1e-9);
        let _ = checksum;
        let mut counts = Counts::default();
        let mut categories: std::collections::BTreeMap<String, Counts> = Default::default();
        for (pair, score) in pairs.iter().zip(&scores) {
            let predicted = *score >= config.threshold;
            counts.add(predicted, pair.is_match);
            let category = if pair.category.is_empty() {
                "(none)".to_string()
            } else {
                pair.category.clone()
            };
            categories
                .entry(category)
                .or_default()
                .add(predicted, pair.is_match);
        }
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!(
            "== {name} ({} pairs, half {}, threshold {:.2})",
            pairs.len(),
            options.half,
            config.threshold
        );
        println!(
            "precision {:.3}  recall {:.3}  F1 {:.3}  (tp {} fp {} fn {} tn {})",
            counts.precision(),
            counts.recall(),
            counts.f1(),
            counts.tp,
            counts.fp,
            counts.fn_,
            counts.tn,
        );
        println!(
            "speed (one thread): {pairs_per_s:.0} pairs/s preparing both names, \
             {prepared_pairs_per_s:.0} pairs/s on prepared names"
        );
        println!("per category:");
        for (category, c) in &categories {
            println!(
                "  {category:<45} n {:>5}  P {:.3} R {:.3} F1 {:.3}  (fp {} fn {})",
                c.tp + c.fp + c.fn_ + c.tn,
                c.precision(),
                c.recall(),
                c.f1(),
                c.fp,
                c.fn_
            );
        }
        let mut misses: Vec<(f64, &Pair, f64)> = pairs
            .iter()
            .zip(&scores)
            .filter(|(pair, score)| (**score >= config.threshold) != pair.is_match)
            .map(|(pair, score)| ((score - config.threshold).abs(), pair, *score))
            .collect();
        misses.sort_by(|a, b| b.0.total_cmp(&a.0));
        println!("worst misses:");
        for (_, pair, score) in misses.iter().take(options.n_misses) {
            println!(
                "  line {:>5} {} {:.3}  {} | {} [{}]",
                pair.line,
                if pair.is_match { "FN" } else { "FP" },
                score,
                pair.left,
                pair.right,
                pair.schema
            );
        }
        if let Some(dump) = &options.dump {
            let path = dump.with_extension(format!("{name}.tsv"));
            let mut text = String::new();
            for (pair, score) in pairs.iter().zip(&scores) {
                text.push_str(&format!(
                    "{}\t{score:.3}\t{}\t{}\t{}\t{}\t{}\n",
                    pair.line, pair.is_match, pair.left, pair.right, pair.schema, pair.category
                ));
            }
            if let Err(err) = std::fs::write(&path, text) {
                eprintln!("error: {}: {err}", path.display());
            }
        }
        if options.sweep {
            println!("sweep:");
            for step in 40..=95 {
                let threshold = step as f64 / 100.0;
                let mut c = Counts::default();
                for (pair, score) in pairs.iter().zip(&scores) {
                    c.add(*score >= threshold, pair.is_match);
                }
                println!(
                    "  t {threshold:.2}  P {:.3} R {:.3} F1 {:.3}",
                    c.precision(),
                    c.recall(),
                    c.f1()
                );
            }
        }
        println!(
            "RESULT file={name} n={} precision={:.4} recall={:.4} f1={:.4} pairs_per_s={:.0} \
             prepared_pairs_per_s={:.0}",
            pairs.len(),
            counts.precision(),
            counts.recall(),
            counts.f1(),
            pairs_per_s,
            prepared_pairs_per_s
        );
    }
}
