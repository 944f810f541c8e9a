//! Command-line arguments as clap parses them; `main` turns them into library calls.

use std::path::PathBuf;

use chokepoint_analytics::{
    BasketOrCodes, CorridorsParams, CountryGroups, Grain, OriginGroup, ParamParser, SharesParams,
    SurgesParams, TotalsParams,
};
use chokepoint_catalog::schema::TableKind;
use chokepoint_model::{Country, Period};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Chokepoint traces battlefield-critical goods into Russia's defence industry
/// from official trade statistics and shipment records.
#[derive(Debug, Parser)]
#[command(name = "chokepoint", version, about, max_term_width = 100)]
pub struct Cli {
    /// Data directory holding the Delta tables.
    #[arg(
        long,
        global = true,
        env = "CHOKEPOINT_DATA",
        default_value = "chokepoint-data"
    )]
    pub data: PathBuf,
    /// Directory with the HS nomenclature CSVs (hs2017_harmonized-system.csv, hs2022_...).
    #[arg(long, global = true, env = "CHOKEPOINT_HS_DIR")]
    pub hs_dir: Option<PathBuf>,
    /// TOML file of user-defined baskets.
    #[arg(long, global = true, env = "CHOKEPOINT_BASKETS")]
    pub baskets: Option<PathBuf>,
    /// How commands print rows.
    #[arg(long, short, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// Log more (repeat for debug).
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Memory for queries and table rewrites (512M, 2GiB, 1.5G or bytes);
    /// beyond it they spill to a temporary directory. Default: a quarter of
    /// RAM, at most 1 GiB.
    #[arg(
        long,
        global = true,
        env = "CHOKEPOINT_MEMORY_LIMIT",
        value_name = "SIZE"
    )]
    pub memory_limit: Option<chokepoint_store::ByteSize>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// How rows are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned text table.
    Table,
    /// CSV with a header.
    Csv,
    /// JSON array of objects.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest trade statistics or shipment files (format detected from the header).
    Ingest(IngestArgs),
    /// Download trade data from the UN Comtrade or Eurostat API into the data directory (sources/) and ingest it.
    Fetch(crate::fetch_cmd::FetchArgs),
    /// Run a SQL query over flows, shipments, rejects, countries, hs and baskets.
    Sql {
        /// The query.
        query: String,
    },
    /// List the tables with their version, files and rows.
    Tables,
    /// Show the versions of a table and what each commit ingested.
    History {
        /// The table.
        #[arg(value_parser = table_kind_parser())]
        table: TableKind,
    },
    /// List every goods basket with its HS codes.
    Baskets,
    /// Share of each origin in a destination's imports of a basket, by period.
    Shares(SharesArgs),
    /// Cumulative value and quantity of a basket from origins to a destination since a month.
    Totals(TotalsArgs),
    /// Rank abnormal jumps in exporter × importer × HS6 (and basket) monthly series.
    Surges(SurgesArgs),
    /// Rank third countries by evidence of re-exporting a basket from source economies to a destination.
    Corridors(CorridorsArgs),
    /// Recompute the quantitative claims of a TOML claim file and give a verdict for each.
    Check(CheckArgs),
    /// Write a self-contained report (HTML or Markdown, with charts and CSV/JSON exports).
    Report(ReportArgs),
    /// Serve the HTTP API (trade analytics, read-only SQL, OpenAPI at /openapi.json).
    Serve(ServeArgs),
    /// Score two names the way screening does (with --explain), or every pair of a CSV.
    Compare(CompareArgs),
    /// Sanctions lists: load local files, download the official ones, show what is loaded.
    #[command(subcommand)]
    Lists(ListsCommand),
    /// Screen a name (or the name columns of a file) against the loaded lists.
    Screen(ScreenArgs),
    /// Rank shipments by risk score with their reasons (`risk explain ID` for one shipment).
    Risk(RiskArgs),
    /// Watch a directory: ingest each new shipment file once, score it, record and print alerts.
    Watch(WatchArgs),
    /// Corporate network: resolve shipment parties, record merge decisions, owners and paths.
    #[command(subcommand)]
    Network(NetworkCommand),
    /// Build the synthetic demo world into the data directory and run a first query.
    Demo(DemoArgs),
    /// Write a synthetic Comtrade-plus CSV of any size (for benchmarks).
    Generate(GenerateArgs),
    /// Rewrite tables so filters skip data: flows sorted by flow, importer,
    /// exporter, HS6 and period, shipments by destination, HS6 and date, the
    /// others compacted; only files not yet laid out unless --full.
    Optimize(OptimizeArgs),
    /// Delete files no commit references (a killed ingest or optimize leaves
    /// some) and files removed by commits older than the retention.
    Vacuum(VacuumArgs),
}

/// `chokepoint optimize`.
#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// The table (every table when absent).
    pub table: Option<String>,
    /// Rewrite files already laid out too, into one sorted run.
    #[arg(long)]
    pub full: bool,
    /// Size of the files written (e.g. 256MiB, 1G).
    #[arg(long, default_value = "256MiB", value_name = "SIZE")]
    pub target_size: chokepoint_store::ByteSize,
}

/// `chokepoint vacuum`.
#[derive(Debug, Args)]
pub struct VacuumArgs {
    /// The table (every table when absent).
    pub table: Option<String>,
    /// Keep files removed less than this many hours ago (time travel), and
    /// uncommitted files as young (a running ingest may still commit them).
    #[arg(long, default_value_t = 168.0)]
    pub retain_hours: f64,
    /// List what would be deleted; delete nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `chokepoint ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files to ingest (.csv, .tsv, .txt, .ndjson/.jsonl, optionally .gz).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Force a format (by default it is detected from the header).
    #[arg(long, value_parser = PossibleValuesParser::new(chokepoint_ingest::format_names()))]
    pub format: Option<String>,
    /// Force a text encoding: utf-8, gb18030, cp1252.
    #[arg(long)]
    pub encoding: Option<String>,
    /// Flow of files that do not state it (China customs query exports): import or export.
    #[arg(long)]
    pub flow: Option<String>,
    /// Monthly exchange rates CSV (period,currency,usd_per_unit) overriding the default table.
    #[arg(long)]
    pub fx_rates: Option<PathBuf>,
    /// BACI country_codes_*.csv (default: one found beside the data file).
    #[arg(long)]
    pub baci_country_codes: Option<PathBuf>,
    /// Longest line of a CSV or NDJSON file (e.g. 1MiB, 64K); longer ones
    /// are rejected with their length rather than read into memory.
    #[arg(long, default_value = "1MiB")]
    pub max_record_bytes: chokepoint_store::ByteSize,
}

/// `chokepoint demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Build the small demo world (fast; same planted patterns).
    #[arg(long)]
    pub small: bool,
    /// Seed of the generator (the default world is seed 2022).
    #[arg(long, default_value_t = 2022)]
    pub seed: u64,
    /// Then serve the API and dashboard over the demo world (see `serve`).
    #[arg(long)]
    pub serve: bool,
    /// Server options (with --serve).
    #[command(flatten)]
    pub server: ServeArgs,
}

/// `chokepoint generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of data rows.
    #[arg(long)]
    pub rows: u64,
    /// Output file (stdout if absent).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Seed of the generator.
    #[arg(long, default_value_t = 2022)]
    pub seed: u64,
    /// What the rows look like: `demo` repeats the demo world; `world` has
    /// real Comtrade's sparsity (hundreds of economies, thousands of HS6
    /// codes, Russia in ~2 % of rows) with the demo's patterns planted.
    #[arg(long, value_enum, default_value_t = GenerateProfile::Demo)]
    pub profile: GenerateProfile,
}

/// `chokepoint generate --profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateProfile {
    /// The demo world, repeated over years, modes of transport and partner2.
    Demo,
    /// World-like sparsity (see `chokepoint_demo::write_world_like`).
    World,
}

/// `chokepoint shares`.
#[derive(Debug, Args)]
pub struct SharesArgs {
    /// The question.
    #[command(flatten)]
    pub params: SharesParams,
    /// Print the SQL plan instead of running it.
    #[arg(long)]
    pub show_sql: bool,
}

/// `chokepoint totals`.
#[derive(Debug, Args)]
pub struct TotalsArgs {
    /// The question.
    #[command(flatten)]
    pub params: TotalsParams,
    /// Print the SQL plan instead of running it.
    #[arg(long)]
    pub show_sql: bool,
}

/// `chokepoint surges`.
#[derive(Debug, Args)]
pub struct SurgesArgs {
    /// The question.
    #[command(flatten)]
    pub params: SurgesParams,
    /// Print the SQL plan of the series instead of running it.
    #[arg(long)]
    pub show_sql: bool,
}

/// `chokepoint corridors`.
#[derive(Debug, Args)]
pub struct CorridorsArgs {
    /// The question.
    #[command(flatten)]
    pub params: CorridorsParams,
    /// Print the SQL plan instead of running it.
    #[arg(long)]
    pub show_sql: bool,
}

/// `chokepoint check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Claim file (TOML, see claims/seed-claims.toml).
    pub file: PathBuf,
}

/// `chokepoint report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Basket name (see `chokepoint baskets`), or HS code prefixes such as 854231,8541.
    #[arg(long, default_value = "high-priority", value_parser = ParamParser::<BasketOrCodes>::new())]
    pub basket: BasketOrCodes,
    /// Destination economy.
    #[arg(long, default_value = "RUS", value_parser = ParamParser::<&'static Country>::new())]
    pub to: &'static Country,
    /// Output file: .html or .md (tables are also exported beside it as CSV and JSON).
    #[arg(long)]
    pub out: PathBuf,
    /// Claim file to check and include (TOML).
    #[arg(long)]
    pub claims: Option<PathBuf>,
    /// Source economies or groups for corridors.
    #[arg(long, value_parser = ParamParser::<CountryGroups>::new(), default_value_t = CorridorsParams::default_sources())]
    pub sources: CountryGroups,
    /// Period granularity of the shares chart.
    #[arg(long, value_parser = ParamParser::<Grain>::new(), default_value_t = SharesParams::default_by())]
    pub by: Grain,
    /// First month of the shares chart.
    #[arg(long, value_parser = ParamParser::<Period>::new())]
    pub from: Option<Period>,
    /// Last month of the shares chart (and of the corridors' after window).
    #[arg(long, value_parser = ParamParser::<Period>::new())]
    pub until: Option<Period>,
    /// Report origins under one label, e.g. china=CHN,HKG,MAC (repeatable).
    #[arg(long, value_parser = ParamParser::<OriginGroup>::new())]
    pub group: Vec<OriginGroup>,
    /// Number of surges and corridors listed.
    #[arg(long, value_parser = ParamParser::<usize>::new(), default_value_t = 10)]
    pub top: usize,
}

/// `chokepoint serve` (and `demo --serve`).
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Largest request body accepted (bytes).
    #[arg(long, default_value_t = 1 << 20)]
    pub max_body: usize,
    /// Query time limit (seconds).
    #[arg(long, default_value_t = 30)]
    pub query_timeout: u64,
    /// Requests handled at once, over all endpoints; more wait their turn.
    #[arg(long, default_value_t = 64)]
    pub concurrency: usize,
    /// Seconds a client may take to send request headers, and again a body.
    #[arg(long, default_value_t = 10)]
    pub read_timeout: u64,
    /// Queries in one POST /match request.
    #[arg(long, default_value_t = 100)]
    pub max_match_queries: usize,
    /// Names (name, alias, previous name values) in one match query.
    #[arg(long, default_value_t = 50)]
    pub max_names: usize,
    /// Open /alerts/stream connections.
    #[arg(long, default_value_t = 32)]
    pub max_streams: usize,
    /// A host name the server answers to besides its address (repeatable).
    /// On loopback it answers to localhost and the loopback addresses only,
    /// so pages of other sites cannot reach it through DNS rebinding; on a
    /// network address to any name unless names are given.
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
    /// Memory for analytics answers kept until a table has a new commit
    /// (e.g. 64MiB, 512K; 0 keeps none).
    #[arg(long, default_value = "64MiB")]
    pub cache_size: chokepoint_store::ByteSize,
    /// Bearer token that enables POST /shipments (unset: intake disabled).
    #[arg(long, env = "CHOKEPOINT_API_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Risk rules TOML for posted shipments (default: the built-in rules).
    #[arg(long, env = "CHOKEPOINT_RISK_RULES")]
    pub rules: Option<PathBuf>,
}

/// `chokepoint compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// First name (the query).
    pub left: Option<String>,
    /// Second name (the listed name).
    pub right: Option<String>,
    /// Schema of both names: Person, Company, Organization, LegalEntity, Vessel.
    #[arg(long, default_value = "LegalEntity")]
    pub schema: String,
    /// Country of the first name (ISO code or name).
    #[arg(long)]
    pub left_country: Option<String>,
    /// Country of the second name.
    #[arg(long)]
    pub right_country: Option<String>,
    /// Show the token alignment and each feature's contribution.
    #[arg(long)]
    pub explain: bool,
    /// CSV of pairs (left_name,right_name,schema[,left_country,right_country], extra columns kept);
    /// written back with score and match columns.
    #[arg(long, conflicts_with_all = ["left", "right"])]
    pub pairs: Option<PathBuf>,
    /// Output file for --pairs (stdout if absent).
    #[arg(long, requires = "pairs")]
    pub out: Option<PathBuf>,
    /// Match threshold (default: the calibrated one).
    #[arg(long)]
    pub threshold: Option<f64>,
}

/// `chokepoint lists`.
#[derive(Debug, Subcommand)]
pub enum ListsCommand {
    /// Load list files or directories (format detected); replaces those lists in the index.
    Load {
        /// Files or directories (OFAC CSV/XML, CSL, EU FSF, UK, UN XML, BIS DPL, FtM JSON lines).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Download the official files (keeping the last good copy on failure) and load them.
    Update {
        /// Only these lists (e.g. ofac-sdn, un-sc); repeatable.
        #[arg(long)]
        only: Vec<String>,
        /// Override a list's download URL: LIST=URL (repeatable).
        #[arg(long)]
        url: Vec<String>,
        /// Download time limit per file (seconds).
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
    /// Show the loaded lists.
    Show,
}

/// `chokepoint screen`.
#[derive(Debug, Args)]
pub struct ScreenArgs {
    /// The name to screen.
    pub name: Option<String>,
    /// Schema of the party: Person, Company, Organization, LegalEntity, Vessel.
    #[arg(long)]
    pub schema: Option<String>,
    /// Country of the party (repeatable).
    #[arg(long)]
    pub country: Vec<String>,
    /// Identifier of the party (INN, OGRN, USCC, LEI, IMO...; repeatable).
    #[arg(long)]
    pub id: Vec<String>,
    /// Date of birth (persons): 1952, 1952-10 or 1952-10-07.
    #[arg(long)]
    pub dob: Option<String>,
    /// Show which names matched and each feature's contribution.
    #[arg(long)]
    pub explain: bool,
    /// Results shown per name.
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
    /// Match threshold (default: the calibrated one).
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Screen a CSV or NDJSON file instead of one name.
    #[arg(long, conflicts_with_all = ["name", "table"])]
    pub file: Option<PathBuf>,
    /// Screen a stored table instead (`shipments`): results replace the
    /// `screening_results` Delta table.
    #[arg(long, conflicts_with = "name", value_parser = ["shipments"])]
    pub table: Option<String>,
    /// The name columns of --file or --table, comma-separated (e.g. shipper_name,consignee_name).
    #[arg(long)]
    pub columns: Option<String>,
    /// Output CSV for --file (stdout if absent).
    #[arg(long, requires = "file")]
    pub out: Option<PathBuf>,
}

/// Where risk scoring takes rules and ownership from.
#[derive(Debug, Clone, Args)]
pub struct RiskSourceArgs {
    /// Rules TOML (weights, countries, thresholds); keys left out keep the defaults.
    #[arg(long, env = "CHOKEPOINT_RISK_RULES")]
    pub rules: Option<PathBuf>,
    /// Relation files (parent,subsidiary,share[,source]) besides the relations table (repeatable).
    #[arg(long)]
    pub relations: Vec<PathBuf>,
}

/// `chokepoint risk`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RiskArgs {
    /// Explain one shipment.
    #[command(subcommand)]
    pub command: Option<RiskCommand>,
    /// Only shipments dated on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only shipments scoring at least this.
    #[arg(long, default_value_t = 0.0)]
    pub min_score: f64,
    /// Shipments shown at most.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Print the default rules (TOML, with their sources) and exit.
    #[arg(long)]
    pub print_rules: bool,
    /// Rules and relations.
    #[command(flatten)]
    pub sources: RiskSourceArgs,
}

/// `chokepoint risk explain`.
#[derive(Debug, Subcommand)]
pub enum RiskCommand {
    /// Every reason of one shipment's score, and how its parties were resolved.
    Explain {
        /// The declaration id.
        id: String,
        /// Rules and relations.
        #[command(flatten)]
        sources: RiskSourceArgs,
    },
}

/// `chokepoint watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The directory to watch.
    pub dir: PathBuf,
    /// Seconds between scans (a file is taken once it held still for one scan).
    #[arg(long, default_value_t = 2.0)]
    pub interval: f64,
    /// Process the files present now and stop.
    #[arg(long)]
    pub once: bool,
    /// Alert score (default: the rules' alert_score).
    #[arg(long)]
    pub alert_score: Option<f64>,
    /// POST each file's alerts (a JSON array) to this URL.
    #[arg(long, env = "CHOKEPOINT_WEBHOOK")]
    pub webhook: Option<String>,
    /// Rules and relations.
    #[command(flatten)]
    pub sources: RiskSourceArgs,
}

/// `chokepoint network ...`.
#[derive(Debug, Subcommand)]
pub enum NetworkCommand {
    /// Resolve the shipment parties and write the entities, resolution and relations tables.
    Build {
        /// Relation files (parent,subsidiary,share[,source]) to store as ownership edges (repeatable).
        #[arg(long)]
        relations: Vec<PathBuf>,
    },
    /// Record that two spellings are different parties (undoes a merge at the next build).
    Split {
        /// One spelling.
        left: String,
        /// The other.
        right: String,
        /// Why.
        #[arg(long)]
        note: Option<String>,
    },
    /// Record that two spellings (same country) are one party.
    Merge {
        /// One spelling.
        left: String,
        /// The other.
        right: String,
        /// Why.
        #[arg(long)]
        note: Option<String>,
    },
    /// Aggregated ownership of a party by listed parties, with the chains (50 % rule).
    Owners {
        /// Entity id or name.
        party: String,
    },
    /// Connections between two parties (ownership and trade), fewest hops first.
    Paths {
        /// Entity id or name.
        #[arg(long)]
        from: String,
        /// Entity id or name.
        #[arg(long)]
        to: String,
        /// Hops at most.
        #[arg(long, default_value_t = 4)]
        max_hops: usize,
    },
}

/// `history`'s table: any name of the catalog's table registry.
fn table_kind_parser() -> impl TypedValueParser<Value = TableKind> {
    PossibleValuesParser::new(TableKind::ALL.map(TableKind::name))
        // The possible values are exactly the registry's names.
        .map(|name| TableKind::parse(&name).expect("a registered table name"))
}
