//! Retrieval recall on the real lists, for every positive pair of
//! `sanctions_aliases_dev.csv` whose right_name is a listed name: screens
//! left_name and checks whether an entity having right_name among its
//! names is in the top 10 results (and among the retrieved candidates
//! before scoring).
//!
//! Both names of a positive pair are names of the same listed subject, so
//! left_name is usually listed too and finds its entity by itself. The
//! second, held-out figure removes every such left_name from the lists
//! before indexing: the entity must then be found through its other names
//! (the alias path).
//!
//! ```text
//! retrieval_recall PAIRS.csv LIST_PATH...
//! ```

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chokepoint_index::{IndexConfig, ScreenQuery, SearchOptions, WatchlistIndex};
use chokepoint_lists::{Entity, Schema};

struct Pair {
    left: String,
    right: String,
    schema: Option<Schema>,
}

fn main() {
    if let Err(error) = run() {
        eprintln!("error: {error}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (pairs_file, list_paths) = args
        .split_first()
        .ok_or("usage: retrieval_recall PAIRS.csv LIST_PATH...")?;
    let list_paths: Vec<PathBuf> = list_paths.iter().map(PathBuf::from).collect();
    let lists = chokepoint_lists::load_paths(&list_paths).map_err(|error| error.to_string())?;
    let entities: Vec<Entity> = lists.into_iter().flat_map(|list| list.entities).collect();
    let pairs = read_pairs(pairs_file)?;

    let index = WatchlistIndex::from_entities(entities.clone(), &IndexConfig::default());
    measure("as given", &index, &pairs);

    let left_names: HashSet<&str> = pairs.iter().map(|pair| pair.left.as_str()).collect();
    let right_names: HashSet<&str> = pairs.iter().map(|pair| pair.right.as_str()).collect();
    let held_out: Vec<Entity> = entities
        .iter()
        .cloned()
        .map(|mut entity| {
            let before = entity.names.clone();
            entity.names.retain(|name| {
                !left_names.contains(name.value.as_str())
                    || right_names.contains(name.value.as_str())
            });
            if entity.names.is_empty() {
                entity.names = before;
            }
            entity
        })
        .collect();
    let index = WatchlistIndex::from_entities(held_out, &IndexConfig::default());
    measure("left_name held out", &index, &pairs);
    Ok(())
}

fn measure(label: &str, index: &WatchlistIndex, pairs: &[Pair]) {
    let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
    for entity in index.entities() {
        for name in &entity.names {
            by_name
                .entry(name.value.as_str())
                .or_default()
                .push(entity.id.as_str());
        }
    }
    let options = SearchOptions::default();
    let (mut n_pairs, mut n_unlisted, mut in_top10, mut retrieved, mut matched) = (0, 0, 0, 0, 0);
    for pair in pairs {
        let Some(targets) = by_name.get(pair.right.as_str()) else {
            n_unlisted += 1;
            continue;
        };
        n_pairs += 1;
        let query = ScreenQuery {
            schema: pair.schema,
            ..ScreenQuery::name(pair.left.clone())
        };
        let found = index.search(&query, &options);
        if let Some(hit) = found
            .iter()
            .find(|found| targets.contains(&found.entity_id.as_str()))
        {
            in_top10 += 1;
            matched += usize::from(hit.is_match);
        }
        let candidates = index.retrieve(&query, options.candidates);
        if candidates
            .iter()
            .any(|(id, _)| targets.contains(&id.as_str()))
        {
            retrieved += 1;
        }
    }
    let share = |count: usize| count as f64 / n_pairs.max(1) as f64;
    println!(
        "== {label}: {n_pairs} positive pairs whose right_name is listed ({n_unlisted} skipped)"
    );
    println!(
        "  retrieved among the candidates: {retrieved} ({:.3})",
        share(retrieved)
    );
    println!(
        "  entity in the top 10 results:   {in_top10} ({:.3})",
        share(in_top10)
    );
    println!(
        "  ... and a match at the default threshold: {matched} ({:.3})",
        share(matched)
    );
    println!(
        "RESULT set={} recall_top10={:.4} recall_candidates={:.4} recall_matched={:.4} n={n_pairs}",
        label.replace(' ', "_"),
        share(in_top10),
        share(retrieved),
        share(matched)
    );
}

fn read_pairs(file: &str) -> Result<Vec<Pair>, String> {
    let mut reader = csv::Reader::from_path(file).map_err(|error| format!("{file}: {error}"))?;
    let headers = reader.headers().map_err(|error| error.to_string())?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|header| header == name)
            .ok_or(format!("{file}: no {name} column"))
    };
    let (left, right, schema, is_match) = (
        column("left_name")?,
        column("right_name")?,
        column("schema")?,
        column("is_match")?,
    );
    let mut pairs = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| format!("{file}: {error}"))?;
        if record.get(is_match) != Some("true") {
            continue;
        }
        let (Some(left_name), Some(right_name)) = (record.get(left), record.get(right)) else {
            continue;
        };
        pairs.push(Pair {
            left: left_name.to_string(),
            right: right_name.to_string(),
            schema: match record
                .get(schema)
                .unwrap_or_default()
                .to_ascii_lowercase()
                .as_str()
            {
                "person" => Some(Schema::Person),
                "company" => Some(Schema::Company),
                "organization" => Some(Schema::Organization),
                "vessel" => Some(Schema::Vessel),
                _ => None,
            },
        });
    }
    Ok(pairs)
}
