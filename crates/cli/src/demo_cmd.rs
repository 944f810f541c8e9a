//! `chokepoint demo` and `chokepoint generate`: the synthetic world.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use chokepoint_demo::{
    DemoConfig, DemoScale, write_comtrade_plus, write_demo_sources, write_world_like,
};
use chokepoint_ingest::IngestOptions;
use chokepoint_store::{ReferenceData, Store};

use crate::args::{Cli, DemoArgs, GenerateArgs, GenerateProfile};
use crate::commands::ingest_files;
use crate::output::print_batches;

/// The first query the demo runs: China and Hong Kong's share of partners'
/// reported exports of high-priority goods to Russia, by year (mirror data,
/// since Russia stopped publishing in 2022).
pub const DEMO_QUERY: &str = "\
SELECT f.year,
       round(sum(CASE WHEN f.reporter IN ('CHN', 'HKG') THEN f.value_usd ELSE 0 END) / sum(f.value_usd), 3) AS china_hk_share,
       round(sum(f.value_usd) / 1e9, 2) AS total_busd
FROM flows f
WHERE f.partner = 'RUS' AND f.flow = 'export' AND f.frequency = 'M'
  AND EXISTS (SELECT 1 FROM baskets b WHERE b.basket = 'high-priority' AND starts_with(f.hs_code, b.code))
GROUP BY f.year ORDER BY f.year";

/// Writes the demo sources into `<data>/demo-sources`, ingests them and runs the first query.
pub async fn demo_command(
    cli: &Cli,
    args: &DemoArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let store = Store::open(&cli.data)?;
    let sources = chokepoint_datadir::DataDir::new(store.root()).demo_sources();
    std::fs::create_dir_all(&sources).with_context(|| format!("creating {}", sources.display()))?;
    let config = DemoConfig {
        seed: args.seed,
        scale: if args.small {
            DemoScale::Small
        } else {
            DemoScale::Full
        },
    };
    eprintln!(
        "building the SYNTHETIC demo world (seed {}) in {}",
        config.seed,
        sources.display()
    );
    let manifest = tokio::task::spawn_blocking({
        let sources = sources.clone();
        move || write_demo_sources(&sources, &config)
    })
    .await??;
    eprintln!(
        "wrote {} flow rows and {} shipments (synthetic; see {})",
        manifest.n_flow_rows,
        manifest.n_shipments,
        manifest.truth_file.display()
    );
    let files = [manifest.flows_file.clone(), manifest.shipments_file.clone()];
    let code = ingest_files(&store, &files, &IngestOptions::default()).await?;
    if code != ExitCode::SUCCESS {
        return Ok(code);
    }
    // Entities, resolution and relations (the subsidiaries' ownership), so
    // `chokepoint risk` and `network` work on the demo at once.
    crate::network_cmd::build(cli, std::slice::from_ref(&manifest.relations_file)).await?;
    eprintln!(
        "\nChina + Hong Kong share of partners' high-priority exports to Russia (SYNTHETIC demo data):"
    );
    eprintln!("{DEMO_QUERY}\n");
    let ctx = store.session(reference).await?;
    let batches = ctx.sql(DEMO_QUERY).await?.collect().await?;
    let stdout = std::io::stdout();
    print_batches(&batches, cli.output, &mut stdout.lock())?;
    if args.serve {
        return crate::commands::serve(cli, &args.server, reference.clone()).await;
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `--rows` synthetic Comtrade-plus rows of `--profile` to `--out` or stdout.
pub fn generate_command(args: &GenerateArgs) -> anyhow::Result<ExitCode> {
    let write = |out: &mut dyn Write| match args.profile {
        GenerateProfile::Demo => write_comtrade_plus(out, args.rows, args.seed),
        GenerateProfile::World => write_world_like(out, args.rows, args.seed),
    };
    let n_written = match &args.out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("creating {}", path.display()))?;
            let mut writer = BufWriter::with_capacity(1 << 20, file);
            let n = write(&mut writer)?;
            writer.flush()?;
            n
        }
        None => {
            let stdout = std::io::stdout();
            let mut writer = BufWriter::with_capacity(1 << 20, stdout.lock());
            let n = write(&mut writer)?;
            writer.flush()?;
            n
        }
    };
    tracing::info!(rows = n_written, "generated synthetic Comtrade-plus rows");
    Ok(ExitCode::SUCCESS)
}
