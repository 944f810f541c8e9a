//! `chokepoint screen`: one name against the loaded lists with explained
//! matches, or the name columns of a CSV/NDJSON file in parallel batches.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use chokepoint_index::{IndexStore, ScreenMatch, ScreenQuery, SearchOptions, WatchlistIndex};
use chokepoint_lists::Schema;
use rayon::prelude::*;

use crate::args::{Cli, OutputFormat, ScreenArgs};
use crate::lists_cmd::index_dir;

/// Rows screened per parallel batch (bounds memory while keeping cores busy).
const BATCH_ROWS: usize = 2_000;

/// The current index, search options and schema from the arguments.
pub fn index_and_options(
    cli: &Cli,
    args: &ScreenArgs,
) -> anyhow::Result<(WatchlistIndex, SearchOptions, Option<Schema>)> {
    let store = IndexStore::open(index_dir(&cli.data))?;
    if store.current()?.is_none() {
        bail!(
            "no lists loaded: run `chokepoint lists load FILE...` or `chokepoint lists update` first"
        );
    }
    let index = store.load_current()?;
    let mut options = SearchOptions::default();
    options.limit = args.limit;
    if let Some(threshold) = args.threshold {
        if !(0.0..=1.0).contains(&threshold) {
            bail!("--threshold {threshold}: expected a number between 0 and 1");
        }
        options.threshold = threshold;
    }
    let schema = args
        .schema
        .as_deref()
        .map(|text| {
            Schema::parse_party(text).with_context(|| {
                format!("--schema {text:?}: expected Person, Company, Organization, LegalEntity, Vessel or Aircraft")
            })
        })
        .transpose()?;
    Ok((index, options, schema))
}

/// Runs `screen` for a name or a file.
pub fn screen_command(cli: &Cli, args: &ScreenArgs) -> anyhow::Result<ExitCode> {
    let (index, options, schema) = index_and_options(cli, args)?;
    if let Some(file) = &args.file {
        return screen_file(&index, &options, schema, file, args);
    }
    let Some(name) = &args.name else {
        bail!("give a name, --file FILE --columns COL,COL, or --table shipments");
    };
    let query = ScreenQuery {
        names: vec![name.clone()],
        schema,
        countries: args.country.clone(),
        identifiers: args.id.clone(),
        birth_date: args.dob.clone(),
    };
    let matches = index.search(&query, &options);
    print_matches(cli, &matches, args.explain)?;
    Ok(ExitCode::SUCCESS)
}

fn print_matches(cli: &Cli, matches: &[ScreenMatch], explain: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if cli.output == OutputFormat::Json {
        let rows: Vec<serde_json::Value> = matches.iter().map(match_json).collect();
        writeln!(out, "{}", serde_json::Value::Array(rows))?;
        return Ok(());
    }
    if matches.is_empty() {
        writeln!(out, "no candidates")?;
    }
    for (rank, m) in matches.iter().enumerate() {
        writeln!(
            out,
            "{:>2}. {:.3} {:<8} {} [{}] {} ({})",
            rank + 1,
            m.score,
            if m.is_match { "MATCH" } else { "" },
            m.caption,
            m.schema.as_str(),
            m.entity_id,
            m.list
        )?;
        if explain {
            if let (Some(query), Some(listed)) = (&m.matched_query_name, &m.matched_listed_name) {
                writeln!(out, "      {query:?} ~ {listed:?}")?;
            }
            for f in &m.features {
                writeln!(
                    out,
                    "      {:<24} {:+.3} × {:.2}  {}",
                    f.name, f.value, f.weight, f.explanation
                )?;
            }
        }
    }
    Ok(())
}

fn match_json(m: &ScreenMatch) -> serde_json::Value {
    serde_json::json!({
        "id": m.entity_id,
        "caption": m.caption,
        "schema": m.schema.as_str(),
        "list": m.list,
        "score": m.score,
        "match": m.is_match,
        "matched_query_name": m.matched_query_name,
        "matched_listed_name": m.matched_listed_name,
        "features": m.features.iter().map(|f| serde_json::json!({
            "name": f.name, "value": f.value, "weight": f.weight, "explanation": f.explanation
        })).collect::<Vec<_>>(),
    })
}

/// One input record: its line and the names of the chosen columns.
struct Record {
    line: u64,
    names: Vec<(String, String)>,
}

/// Screens the chosen columns of every record, batch by batch, writing the
/// best match per name: `line, column, name, score, match, id, caption, list`.
fn screen_file(
    index: &WatchlistIndex,
    options: &SearchOptions,
    schema: Option<Schema>,
    file: &Path,
    args: &ScreenArgs,
) -> anyhow::Result<ExitCode> {
    let columns: Vec<String> = args
        .columns
        .as_deref()
        .context("--file needs --columns COL,COL (the name columns to screen)")?
        .split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    let is_ndjson = matches!(
        file.extension().and_then(|e| e.to_str()),
        Some("ndjson" | "jsonl" | "json")
    );
    let input = File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let output: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let mut writer = csv::Writer::from_writer(output);
    writer.write_record([
        "line", "column", "name", "score", "match", "id", "caption", "list",
    ])?;
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message("screening");
        bar
    });
    let (mut n_names, mut n_matches) = (0u64, 0u64);
    let mut flush =
        |batch: &mut Vec<Record>, writer: &mut csv::Writer<Box<dyn Write>>| -> anyhow::Result<()> {
            let results: Vec<(u64, String, String, Option<ScreenMatch>)> = batch
                .par_iter()
                .flat_map_iter(|record| {
                    record.names.iter().map(move |(column, name)| {
                        let query = ScreenQuery {
                            names: vec![name.clone()],
                            schema,
                            ..ScreenQuery::default()
                        };
                        let best = index.search(&query, options).into_iter().next();
                        (record.line, column.clone(), name.clone(), best)
                    })
                })
                .collect();
            for (line, column, name, best) in results {
                n_names += 1;
                let (score, is_match, id, caption, list) = match &best {
                    Some(m) => (
                        format!("{:.4}", m.score),
                        m.is_match,
                        m.entity_id.as_str(),
                        m.caption.as_str(),
                        m.list.as_str(),
                    ),
                    None => (String::new(), false, "", "", ""),
                };
                n_matches += u64::from(is_match);
                let text = chokepoint_report::csv_text_cell;
                writer.write_record([
                    line.to_string().as_str(),
                    &text(&column),
                    &text(&name),
                    &score,
                    if is_match { "true" } else { "false" },
                    &text(id),
                    &text(caption),
                    list,
                ])?;
            }
            if let Some(bar) = &progress {
                bar.set_message(format!("{n_names} names screened, {n_matches} matches"));
                bar.tick();
            }
            batch.clear();
            Ok(())
        };
    let mut batch = Vec::with_capacity(BATCH_ROWS);
    if is_ndjson {
        for (i, line) in BufReader::new(input).lines().enumerate() {
            let line_number = i as u64 + 1;
            let line = line.with_context(|| format!("{}:{line_number}", file.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let value: serde_json::Value = serde_json::from_str(&line)
                .with_context(|| format!("{}:{line_number}: not a JSON object", file.display()))?;
            let names = columns
                .iter()
                .filter_map(|c| {
                    let name = value.get(c)?.as_str()?.trim();
                    (!name.is_empty()).then(|| (c.clone(), name.to_string()))
                })
                .collect();
            batch.push(Record {
                line: line_number,
                names,
            });
            if batch.len() == BATCH_ROWS {
                flush(&mut batch, &mut writer)?;
            }
        }
    } else {
        let mut reader = csv::Reader::from_reader(BufReader::new(input));
        let headers = reader.headers()?.clone();
        let positions: Vec<(String, usize)> = columns
            .iter()
            .map(|c| {
                headers
                    .iter()
                    .position(|h| h.trim() == c)
                    .map(|i| (c.clone(), i))
                    .with_context(|| {
                        format!(
                            "{}: no column {c:?} (columns: {})",
                            file.display(),
                            headers.iter().collect::<Vec<_>>().join(", ")
                        )
                    })
            })
            .collect::<Result<_, _>>()?;
        for record in reader.records() {
            let record = record.with_context(|| file.display().to_string())?;
            let line = record.position().map_or(0, |p| p.line());
            let names = positions
                .iter()
                .filter_map(|(c, i)| {
                    let name = record.get(*i)?.trim();
                    (!name.is_empty()).then(|| (c.clone(), name.to_string()))
                })
                .collect();
            batch.push(Record { line, names });
            if batch.len() == BATCH_ROWS {
                flush(&mut batch, &mut writer)?;
            }
        }
    }
    flush(&mut batch, &mut writer)?;
    writer.flush()?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    eprintln!("{n_names} names screened, {n_matches} matches");
    Ok(ExitCode::SUCCESS)
}
