//! Screening speed of the index (used by `bench/screening-speed`).
//!
//! ```text
//! screening_speed real PAIRS_OUT.csv QUERIES.csv... -- LIST_PATH...
//!     loads the lists, builds the index, screens every left_name of the
//!     query CSVs on one thread; writes the (query, best listed name, schema)
//!     pairs to PAIRS_OUT.csv for the peer comparison
//! screening_speed synthetic N_ENTITIES STORE_DIR QUERIES.csv...
//!     generates N synthetic entities (syllable names), builds, screens,
//!     publishes to STORE_DIR and loads it back
//! ```
//!
//! Lines starting with `RESULT` are parsed by the bench script.

use std::path::PathBuf;
use std::time::Instant;

use chokepoint_index::{IndexConfig, IndexStore, ScreenQuery, SearchOptions, WatchlistIndex};
use chokepoint_lists::{Entity, Identifier, IdentifierKind, NameKind, Schema};
use chokepoint_screening::{MatchConfig, NameQuery, compare};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("real") => real(&args[1..]),
        Some("synthetic") => synthetic(&args[1..]),
        _ => Err("usage: screening_speed real|synthetic ...".to_string()),
    };
    if let Err(error) = result {
        eprintln!("error: {error}");
        std::process::exit(2);
    }
}

fn real(args: &[String]) -> Result<(), String> {
    let split = args
        .iter()
        .position(|arg| arg == "--")
        .ok_or("missing --")?;
    let (pairs_out, query_files) = args[..split].split_first().ok_or("missing PAIRS_OUT")?;
    let list_paths: Vec<PathBuf> = args[split + 1..].iter().map(PathBuf::from).collect();
    let queries = read_queries(query_files)?;

    let start = Instant::now();
    let lists = chokepoint_lists::load_paths(&list_paths).map_err(|error| error.to_string())?;
    let load_seconds = start.elapsed().as_secs_f64();
    let index = WatchlistIndex::build(&lists);
    drop(lists);
    let stats = index.stats();
    println!(
        "RESULT stage=build entities={} names={} keys={} postings={} load_s={:.2} build_s={:.2} rss_mb={} peak_rss_mb={}",
        stats.n_entities,
        stats.n_names,
        stats.n_name_keys,
        stats.n_name_postings,
        load_seconds,
        stats.build_seconds,
        rss_mb("VmRSS"),
        rss_mb("VmHWM"),
    );
    let options = options_from_env();
    let (latencies, results) = run_queries(&index, &queries, &options);
    report(
        "real",
        &latencies,
        results.iter().filter(|found| found.0).count(),
    );

    // The pairs the peer compares: each query with its best listed name.
    let mut writer = csv::Writer::from_path(pairs_out).map_err(|error| error.to_string())?;
    writer
        .write_record(["left_name", "right_name", "schema"])
        .map_err(|error| error.to_string())?;
    let mut pairs: Vec<(String, String, Schema)> = Vec::new();
    for (query, (_, best)) in queries.iter().zip(&results) {
        if let Some((listed, schema)) = best {
            writer
                .write_record([query.as_str(), listed.as_str(), schema.as_str()])
                .map_err(|error| error.to_string())?;
            pairs.push((query.clone(), listed.clone(), *schema));
        }
    }
    writer.flush().map_err(|error| error.to_string())?;
    pair_speed(&pairs);
    Ok(())
}

/// Our pairwise comparison speed on the same pairs the peer gets: names
/// prepared per pair (like the peer) and prepared once (like the index).
fn pair_speed(pairs: &[(String, String, Schema)]) {
    let config = MatchConfig::default();
    let schema = |schema: Schema| match schema {
        Schema::Person => chokepoint_screening::Schema::Person,
        Schema::Vessel => chokepoint_screening::Schema::Vessel,
        Schema::Aircraft => chokepoint_screening::Schema::Aircraft,
        _ => chokepoint_screening::Schema::Company,
    };
    let start = Instant::now();
    let mut checksum = 0.0;
    for (left, right, kind) in pairs {
        let left = NameQuery::new(left, schema(*kind));
        let right = NameQuery::new(right, schema(*kind));
        checksum += compare(&left, &right, &config).score;
    }
    let per_pair = pairs.len() as f64 / start.elapsed().as_secs_f64().max(1e-9);
    let prepared: Vec<(NameQuery, NameQuery)> = pairs
        .iter()
        .map(|(left, right, kind)| {
            (
                NameQuery::new(left, schema(*kind)),
                NameQuery::new(right, schema(*kind)),
            )
        })
        .collect();
    let start = Instant::now();
    for (left, right) in &prepared {
        checksum += compare(left, right, &config).score;
    }
    let on_prepared = pairs.len() as f64 / start.elapsed().as_secs_f64().max(1e-9);
    println!(
        "RESULT stage=pairs n={} pairs_per_s={per_pair:.0} prepared_pairs_per_s={on_prepared:.0} checksum={checksum:.1}",
        pairs.len()
    );
}

fn synthetic(args: &[String]) -> Result<(), String> {
    let n_entities: usize = args
        .first()
        .and_then(|text| text.parse().ok())
        .ok_or("missing N_ENTITIES")?;
    let store_dir = PathBuf::from(args.get(1).ok_or("missing STORE_DIR")?);
    let eval_queries = read_queries(&args[2..])?;

    let start = Instant::now();
    let mut generator = Generator::new(0x5eed);
    let entities: Vec<Entity> = (0..n_entities).map(|idx| generator.entity(idx)).collect();
    let generate_seconds = start.elapsed().as_secs_f64();
    // Queries: listed synthetic names with a typo, and the real eval names
    // (mostly absent from a synthetic list: the no-hit path).
    let mut queries: Vec<String> = (0..2000)
        .map(|idx| {
            let entity = &entities[(idx * 7919) % entities.len().max(1)];
            generator.typo(&entity.names[0].value)
        })
        .collect();
    queries.extend(eval_queries.into_iter().take(2000));

    let config = IndexConfig::default()
        .with_keep_prepared(std::env::var("KEEP_PREPARED").is_ok_and(|value| value == "1"));
    let index = WatchlistIndex::from_entities(entities, &config);
    let stats = index.stats();
    println!(
        "RESULT stage=build entities={} names={} keys={} postings={} generate_s={generate_seconds:.2} build_s={:.2} keep_prepared={} rss_mb={} peak_rss_mb={}",
        stats.n_entities,
        stats.n_names,
        stats.n_name_keys,
        stats.n_name_postings,
        stats.build_seconds,
        config.keep_prepared,
        rss_mb("VmRSS"),
        rss_mb("VmHWM"),
    );
    let options = options_from_env();
    // Cold: the first queries prepare the candidates' names (lazy mode).
    let (latencies, results) = run_queries(&index, &queries, &options);
    report(
        "synthetic_cold",
        &latencies,
        results.iter().filter(|found| found.0).count(),
    );
    let (latencies, results) = run_queries(&index, &queries, &options);
    report(
        "synthetic",
        &latencies,
        results.iter().filter(|found| found.0).count(),
    );

    let start = Instant::now();
    let store = IndexStore::open(&store_dir)
        .map_err(|error| error.to_string())?
        .with_config(config.clone());
    let generation = store
        .publish_index(&index)
        .map_err(|error| error.to_string())?;
    let publish_seconds = start.elapsed().as_secs_f64();
    let size: u64 = std::fs::read_dir(&generation.path)
        .map_err(|error| error.to_string())?
        .filter_map(|entry| entry.ok()?.metadata().ok())
        .map(|metadata| metadata.len())
        .sum();
    drop(index);
    let start = Instant::now();
    let loaded = store.load_current().map_err(|error| error.to_string())?;
    let load_seconds = start.elapsed().as_secs_f64();
    println!(
        "RESULT stage=store generation={} size_mb={} publish_s={publish_seconds:.2} load_s={load_seconds:.2} loaded_entities={} peak_rss_mb={}",
        generation.number,
        size / 1_000_000,
        loaded.len(),
        rss_mb("VmHWM"),
    );
    Ok(())
}

/// Default options; `CANDIDATES=K` overrides the number of candidates.
fn options_from_env() -> SearchOptions {
    let mut options = SearchOptions::default();
    if let Some(candidates) = std::env::var("CANDIDATES")
        .ok()
        .and_then(|text| text.parse().ok())
    {
        options.candidates = candidates;
    }
    if let Some(max) = std::env::var("MAX_KEY_POSTINGS")
        .ok()
        .and_then(|text| text.parse().ok())
    {
        options.max_key_postings = max;
    }
    if let Some(cut) = std::env::var("NAME_CUT")
        .ok()
        .and_then(|text| text.parse().ok())
    {
        options.name_cut = cut;
    }
    if let Some(cut) = std::env::var("RELATIVE_CUT")
        .ok()
        .and_then(|text| text.parse().ok())
    {
        options.relative_cut = cut;
    }
    options
}

type QueryResult = (bool, Option<(String, Schema)>);

/// Screens every query on this thread; returns latencies (µs) and, per
/// query, whether the top result matched and its listed name.
fn run_queries(
    index: &WatchlistIndex,
    queries: &[String],
    options: &SearchOptions,
) -> (Vec<f64>, Vec<QueryResult>) {
    let mut latencies = Vec::with_capacity(queries.len());
    let mut results = Vec::with_capacity(queries.len());
    let cpu_start = thread_cpu_ns();
    for name in queries {
        let query = ScreenQuery::name(name.clone());
        let start = Instant::now();
        let found = index.search(&query, options);
        latencies.push(start.elapsed().as_secs_f64() * 1e6);
        let top = found.first();
        results.push((
            top.is_some_and(|top| top.is_match),
            top.and_then(|top| Some((top.matched_listed_name.clone()?, top.schema))),
        ));
    }
    let cpu_seconds = thread_cpu_ns().saturating_sub(cpu_start) as f64 / 1e9;
    println!(
        "RESULT stage=cpu queries={} cpu_s={cpu_seconds:.2} queries_per_cpu_s={:.0}",
        queries.len(),
        queries.len() as f64 / cpu_seconds.max(1e-9)
    );
    (latencies, results)
}

fn report(stage: &str, latencies: &[f64], n_matched: usize) {
    let mut sorted = latencies.to_vec();
    sorted.sort_by(f64::total_cmp);
    let total: f64 = sorted.iter().sum();
    let at = |quantile: f64| {
        sorted
            .get(((sorted.len() as f64 - 1.0) * quantile).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "RESULT stage={stage} queries={} matched={n_matched} queries_per_s={:.0} p50_ms={:.3} p99_ms={:.3} max_ms={:.3}",
        sorted.len(),
        sorted.len() as f64 / (total / 1e6).max(1e-9),
        at(0.5) / 1000.0,
        at(0.99) / 1000.0,
        sorted.last().copied().unwrap_or(0.0) / 1000.0,
    );
}

fn read_queries(files: &[String]) -> Result<Vec<String>, String> {
    let mut queries = Vec::new();
    for file in files {
        let mut reader =
            csv::Reader::from_path(file).map_err(|error| format!("{file}: {error}"))?;
        let headers = reader.headers().map_err(|error| error.to_string())?.clone();
        let column = headers
            .iter()
            .position(|header| header == "left_name")
            .ok_or_else(|| format!("{file}: no left_name column"))?;
        for record in reader.records() {
            let record = record.map_err(|error| format!("{file}: {error}"))?;
            if let Some(name) = record.get(column).filter(|name| !name.trim().is_empty()) {
                queries.push(name.to_string());
            }
        }
    }
    Ok(queries)
}

/// CPU time of this thread in nanoseconds (Linux schedstat; 0 elsewhere):
/// queries per CPU second stay meaningful on a machine shared with builds.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn rss_mb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with(field))?
                .split_whitespace()
                .nth(1)?
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kb| kb / 1024)
}

/// Deterministic synthetic entities: names from syllables (labelled
/// synthetic in every entity's list and source record).
struct Generator {
    state: u64,
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ren", "sto", "var", "tek", "zhou", "han", "ov", "ski", "bel", "dor", "an",
    "shi", "ya", "gor", "in", "tra", "nik", "ma", "ser", "gei", "vla", "dim", "ir", "ole", "pet",
    "ro", "su", "li", "wei", "chen", "fang", "ming", "hua", "jin", "lu", "ah", "med", "ras", "hid",
    "far", "zad", "kar", "im", "bo", "ris", "ev", "na", "ta", "sha", "nur", "ali", "om", "ar",
    "ven", "tor", "gal", "pol",
];
const GENERIC: &[&str] = &[
    "Trading",
    "Technology",
    "Industrial",
    "Logistics",
    "Engineering",
    "Electronics",
    "Shipping",
    "Holding",
    "Investment",
    "Machinery",
    "Energy",
    "Group",
    "Systems",
    "International",
];
const LEGAL: &[&str] = &[
    "LLC",
    "Co., Ltd.",
    "JSC",
    "Limited",
    "GmbH",
    "OOO",
    "FZE",
    "Inc.",
];

impl Generator {
    fn new(seed: u64) -> Generator {
        Generator { state: seed }
    }

    /// splitmix64.
    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn word(&mut self) -> String {
        let n_syllables = 2 + self.below(2);
        let word: String = (0..n_syllables)
            .map(|_| SYLLABLES[self.below(SYLLABLES.len())])
            .collect();
        let mut chars = word.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }

    fn company_name(&mut self) -> String {
        let n_words = 1 + self.below(2);
        let words: Vec<String> = (0..n_words).map(|_| self.word()).collect();
        let generic = GENERIC[self.below(GENERIC.len())];
        let legal = LEGAL[self.below(LEGAL.len())];
        format!("{} {generic} {legal}", words.join(" "))
    }

    fn person_name(&mut self) -> String {
        let n_words = 2 + self.below(2);
        (0..n_words)
            .map(|_| self.word())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn entity(&mut self, idx: usize) -> Entity {
        let person = self.below(3) == 0;
        let schema = if person {
            Schema::Person
        } else {
            Schema::Company
        };
        let mut entity = Entity::new(
            format!("synthetic-{idx}"),
            schema,
            "synthetic",
            format!("synthetic generator #{idx}"),
        );
        let primary = if person {
            self.person_name()
        } else {
            self.company_name()
        };
        entity.add_name(&primary, NameKind::Primary);
        for _ in 0..self.below(3) {
            let alias = if person {
                self.person_name()
            } else {
                self.company_name()
            };
            entity.add_name(&alias, NameKind::Alias);
        }
        let countries = ["RU", "CN", "IR", "AE", "TR", "KP", "BY", "HK"];
        entity.add_country(countries[self.below(countries.len())]);
        if !person && self.below(2) == 0 {
            entity.add_identifier(Identifier {
                kind: IdentifierKind::Inn,
                value: format!("{:010}", self.next() % 10_000_000_000),
                country: Some("RU".to_string()),
            });
        }
        if person {
            let year = 1940 + self.below(60);
            entity.add_birth_date(&format!(
                "{year}-{:02}-{:02}",
                1 + self.below(12),
                1 + self.below(28)
            ));
        }
        entity
    }

    /// The name with one letter replaced (a typo).
    fn typo(&mut self, name: &str) -> String {
        let mut chars: Vec<char> = name.chars().collect();
        if chars.len() > 3 {
            let at = 1 + self.below(chars.len() - 2);
            if chars[at].is_alphabetic() {
                chars[at] = if chars[at] == 'e' { 'a' } else { 'e' };
            }
        }
        chars.into_iter().collect()
    }
}
