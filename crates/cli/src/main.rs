//! The `chokepoint` binary: parses arguments, dispatches to the library crates,
//! maps errors to exit code 2 (a broken pipe counts as success).

mod analytics_cmd;
// The flags' doc comments are clap's help text, written for the terminal:
// brackets there mark optional CSV columns, not intra-doc links.
#[allow(rustdoc::broken_intra_doc_links)]
mod args;
mod commands;
mod compare_cmd;
mod demo_cmd;
mod fetch_cmd;
mod ingest_cmd;
mod layout_cmd;
mod lists_cmd;
mod network_cmd;
mod output;
mod report_cmd;
mod risk_cmd;
mod scan_progress;
mod screen_cmd;
mod screen_table;

use std::process::ExitCode;

use clap::Parser;

use crate::args::Cli;

/// mimalloc rather than glibc's allocator: screening and DataFusion queries
/// allocate many small short-lived values from many threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    if let Some(limit) = cli.memory_limit {
        // Before any store is opened: every session of this process
        // (commands, `serve`, compaction after ingests) takes it.
        chokepoint_store::set_default_memory_limit(limit);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("chokepoint: cannot start the runtime: {error}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) if chokepoint_store::describe_resources_exhausted(error.as_ref()).is_some() => {
            // The pool's message names the limit and how to raise it; the
            // chain above it only repeats it.
            let message = chokepoint_store::describe_resources_exhausted(error.as_ref());
            eprintln!("chokepoint: error: {}", message.unwrap_or_default());
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("chokepoint: error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("CHOKEPOINT_LOG").unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new(format!("{default},datafusion=warn,deltalake=warn"))
        });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
