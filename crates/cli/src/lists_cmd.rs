//! `chokepoint lists load|update|show`: sanctions lists into the screening
//! index of the data directory (`<data>/lists`).
//!
//! A load replaces the lists it contains and keeps the others; the index is
//! published as a new generation and switched to in one atomic step, so
//! readers never see a half-built index and a failed load keeps the old one.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use chokepoint_index::{IndexConfig, IndexStore, WatchlistIndex};
use chokepoint_lists::{LoadedList, OFFICIAL_SOURCES, load_paths};

use crate::args::{Cli, ListsCommand};

/// Where the index lives in a data directory.
pub fn index_dir(data: &Path) -> PathBuf {
    chokepoint_datadir::DataDir::new(data).lists()
}

/// Runs `lists`.
pub fn lists_command(cli: &Cli, command: &ListsCommand) -> anyhow::Result<ExitCode> {
    match command {
        ListsCommand::Load { paths } => load(cli, paths),
        ListsCommand::Update { only, url, timeout } => update(cli, only, url, *timeout),
        ListsCommand::Show => show(cli),
    }
}

fn load(cli: &Cli, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let loaded = load_paths(paths)?;
    publish(cli, loaded)
}

/// Prints what was read, merges with the lists already indexed, publishes.
fn publish(cli: &Cli, loaded: Vec<LoadedList>) -> anyhow::Result<ExitCode> {
    let mut n_rejects = 0;
    for list in &loaded {
        let names: usize = list.entities.iter().map(|e| e.names.len()).sum();
        eprintln!(
            "{}: {} entities, {} names, {} relations, {} rejected records ({} files)",
            list.list,
            list.entities.len(),
            names,
            list.relations.len(),
            list.rejects.len(),
            list.files.len()
        );
        for reject in list.rejects.iter().take(5) {
            eprintln!(
                "  rejected {}:{} {}: {}",
                reject.file.display(),
                reject.line.map_or(String::new(), |l| l.to_string()),
                reject.record_id.as_deref().unwrap_or("-"),
                reject.reason
            );
        }
        n_rejects += list.rejects.len();
    }
    // A list file whose every record was rejected would replace the list
    // with nothing: refuse before anything is published.
    for list in &loaded {
        if list.entities.is_empty() {
            let files: Vec<String> = list.files.iter().map(|f| f.display().to_string()).collect();
            bail!(
                "{}: all {} records were rejected, so list {} would be emptied; nothing published, the index is unchanged",
                files.join(", "),
                list.rejects.len(),
                list.list
            );
        }
    }
    let replaced: BTreeSet<&str> = loaded.iter().map(|l| l.list.as_str()).collect();
    let store = IndexStore::open(index_dir(&cli.data))?;
    // The one writer from reading the current generation to publishing the
    // merge: a concurrent load waits, then merges with this one's lists.
    let writer = store.writer()?;
    // The current generation is read only for its entities and relations:
    // its names need not be prepared, the new index prepares them again anyway.
    let (mut entities, mut relations) = match writer.current()? {
        Some(_) => {
            let current = IndexStore::open(index_dir(&cli.data))?
                .with_config(IndexConfig::default().with_keep_prepared(false))
                .load_current()?;
            let kept = |id: &str| {
                current
                    .get(id)
                    .is_some_and(|e| !replaced.contains(e.list.as_str()))
            };
            let relations: Vec<_> = current
                .relations()
                .iter()
                .filter(|r| kept(&r.from))
                .cloned()
                .collect();
            let entities = current
                .entities()
                .iter()
                .filter(|e| !replaced.contains(e.list.as_str()))
                .cloned()
                .collect();
            (entities, relations)
        }
        None => (Vec::new(), Vec::new()),
    };
    for list in loaded {
        entities.extend(list.entities);
        relations.extend(list.relations);
    }
    let index =
        WatchlistIndex::from_entities(entities, &IndexConfig::default()).with_relations(relations);
    let generation = writer.publish_index(&index)?;
    drop(writer);
    eprintln!(
        "index generation {}: {} entities from {} lists",
        generation.number,
        index.len(),
        index.stats().lists.len()
    );
    Ok(if n_rejects > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn show(cli: &Cli) -> anyhow::Result<ExitCode> {
    let store = IndexStore::open(index_dir(&cli.data))?;
    let Some(number) = store.current()? else {
        println!("no lists loaded (chokepoint lists load FILE... or lists update)");
        return Ok(ExitCode::SUCCESS);
    };
    let index = store.load_current()?;
    println!("index generation {number}: {} entities", index.len());
    for list in index.stats().lists {
        println!("  {:<20} {:>8} entities", list.list, list.n_entities);
    }
    Ok(ExitCode::SUCCESS)
}

/// Downloads the official files into `<data>/lists/downloads/<list>/`
/// (each file replaced only once fully downloaded), then loads them.
fn update(cli: &Cli, only: &[String], urls: &[String], timeout: u64) -> anyhow::Result<ExitCode> {
    let overrides: Vec<(&str, &str)> = urls
        .iter()
        .map(|u| {
            u.split_once('=')
                .with_context(|| format!("--url {u:?}: expected LIST=URL"))
        })
        .collect::<Result<_, _>>()?;
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(timeout))
        .build()?;
    let mut downloaded = Vec::new();
    let mut failures = Vec::new();
    let lists: BTreeSet<&str> = OFFICIAL_SOURCES.iter().map(|s| s.list).collect();
    for name in only {
        if !lists.contains(name.as_str()) {
            bail!(
                "--only {name:?}: unknown list; expected one of {}",
                lists.iter().copied().collect::<Vec<_>>().join(", ")
            );
        }
    }
    for name in &lists {
        if !only.is_empty() && !only.iter().any(|o| o == name) {
            continue;
        }
        let dir = index_dir(&cli.data).join("downloads").join(name);
        let targets: Vec<(String, String)> = match overrides.iter().find(|(l, _)| l == name) {
            Some((_, url)) => vec![(url.to_string(), file_name_of(url))],
            // The first publication of the list, its sibling files next to it.
            None => OFFICIAL_SOURCES
                .iter()
                .filter(|s| s.list == *name)
                .take(1)
                .flat_map(|s| {
                    s.files
                        .iter()
                        .map(|f| (sibling_url(s.url, f, s.files[0]), f.to_string()))
                })
                .collect(),
        };
        let result = targets
            .iter()
            .try_for_each(|(url, file)| download(&client, url, &dir.join(file)));
        match result {
            Ok(()) => downloaded.push(dir),
            Err(error) => {
                let kept = if dir.is_dir() {
                    "the last good copy is kept"
                } else {
                    "no earlier copy"
                };
                eprintln!("{name}: download failed ({error:#}); {kept}");
                failures.push(name.to_string());
            }
        }
    }
    if downloaded.is_empty() {
        bail!(
            "no list could be downloaded ({}); the index is unchanged",
            failures.join(", ")
        );
    }
    let code = publish(cli, load_paths(&downloaded)?)?;
    Ok(if failures.is_empty() {
        code
    } else {
        ExitCode::from(1)
    })
}

/// A sibling file's URL: the publisher names files like the first one
/// (OFAC: `SDN.CSV`, `ADD.CSV`, ...), so the last path segment is replaced
/// keeping the first file's letter case.
fn sibling_url(url: &str, file: &str, first: &str) -> String {
    if file == first {
        return url.to_string();
    }
    let Some((base, last)) = url.rsplit_once('/') else {
        return url.to_string();
    };
    let upper = last.chars().any(|c| c.is_ascii_uppercase());
    let name = if upper {
        file.to_ascii_uppercase()
    } else {
        file.to_string()
    };
    format!("{base}/{name}")
}

fn file_name_of(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let name = path.rsplit('/').next().unwrap_or("download");
    if name.is_empty() {
        "download".into()
    } else {
        name.to_string()
    }
}

/// Fetches `url` into `path` through a temp file and a rename.
fn download(client: &reqwest::blocking::Client, url: &str, path: &Path) -> anyhow::Result<()> {
    let mut response = client
        .get(url)
        .send()
        .with_context(|| format!("cannot reach {url} (offline?)"))?;
    if !response.status().is_success() {
        bail!("{url}: HTTP {}", response.status());
    }
    let mut body = Vec::new();
    response
        .read_to_end(&mut body)
        .with_context(|| format!("{url}: download interrupted"))?;
    if body.is_empty() {
        bail!("{url}: empty file");
    }
    let dir = path.parent().context("download path has no directory")?;
    std::fs::create_dir_all(dir)?;
    let temp = path.with_extension("part");
    std::fs::write(&temp, &body)?;
    std::fs::rename(&temp, path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sibling_urls_follow_the_first_files_case() {
        let url = "https://example.org/exports/SDN.CSV";
        assert_eq!(
            sibling_url(url, "add.csv", "sdn.csv"),
            "https://example.org/exports/ADD.CSV"
        );
        assert_eq!(sibling_url(url, "sdn.csv", "sdn.csv"), url);
        assert_eq!(
            sibling_url("https://x.org/a/dpl.txt", "other.txt", "dpl.txt"),
            "https://x.org/a/other.txt"
        );
        assert_eq!(file_name_of("http://127.0.0.1:1/un.xml?x=1"), "un.xml");
    }
}
