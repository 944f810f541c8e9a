//! `chokepoint compare`: one pair scored the way screening scores, with the
//! explanation, or every pair of a CSV written back with `score` and `match`.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, bail};
use chokepoint_screening::{MatchConfig, NameQuery, Schema, compare, compare_pairs_csv};

use crate::args::{Cli, CompareArgs, OutputFormat};

/// Runs `compare`.
pub fn compare_command(cli: &Cli, args: &CompareArgs) -> anyhow::Result<ExitCode> {
    let mut config = MatchConfig::default();
    if let Some(threshold) = args.threshold {
        if !(0.0..=1.0).contains(&threshold) {
            bail!("--threshold {threshold}: expected a number between 0 and 1");
        }
        config.threshold = threshold;
    }
    if let Some(pairs) = &args.pairs {
        let input =
            File::open(pairs).with_context(|| format!("cannot read {}", pairs.display()))?;
        let summary = match &args.out {
            Some(out) => {
                let file =
                    File::create(out).with_context(|| format!("cannot write {}", out.display()))?;
                compare_pairs_csv(BufReader::new(input), BufWriter::new(file), &config)
            }
            None => compare_pairs_csv(
                BufReader::new(input),
                BufWriter::new(std::io::stdout().lock()),
                &config,
            ),
        }
        .with_context(|| pairs.display().to_string())?;
        eprintln!(
            "{} pairs scored, {} matches at threshold {}",
            summary.n_pairs, summary.n_matches, config.threshold
        );
        return Ok(ExitCode::SUCCESS);
    }
    let (Some(left), Some(right)) = (&args.left, &args.right) else {
        bail!("give two names, or --pairs FILE.csv");
    };
    let schema = Schema::parse(&args.schema);
    let query = |name: &str, country: &Option<String>| {
        NameQuery::new(name, schema).with_countries(country.iter().map(String::as_str))
    };
    let result = compare(
        &query(left, &args.left_country),
        &query(right, &args.right_country),
        &config,
    );
    let mut out = std::io::stdout().lock();
    if cli.output == OutputFormat::Json {
        let features: Vec<serde_json::Value> = result
            .features
            .iter()
            .map(|f| serde_json::json!({"name": f.name, "value": f.value, "weight": f.weight, "explanation": f.explanation}))
            .collect();
        let alignment: Vec<serde_json::Value> = result
            .alignment
            .iter()
            .map(|a| serde_json::json!({"left": a.left, "right": a.right, "similarity": a.similarity, "kind": format!("{:?}", a.kind)}))
            .collect();
        let body = serde_json::json!({
            "left": left, "right": right, "schema": schema.as_str(),
            "score": result.score, "match": result.is_match, "threshold": config.threshold,
            "features": features, "alignment": alignment,
        });
        writeln!(out, "{body}")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "score {:.3}  {} (threshold {})",
        result.score,
        if result.is_match { "MATCH" } else { "no match" },
        config.threshold
    )?;
    if args.explain {
        writeln!(out, "\nalignment:")?;
        for a in &result.alignment {
            writeln!(
                out,
                "  {:<30} ~ {:<30} {:.2} {:?}",
                a.left, a.right, a.similarity, a.kind
            )?;
        }
        writeln!(out, "\nfeatures:")?;
        for f in &result.features {
            writeln!(
                out,
                "  {:<24} {:+.3} × {:.2}  {}",
                f.name, f.value, f.weight, f.explanation
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
