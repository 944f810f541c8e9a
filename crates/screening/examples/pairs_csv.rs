//! Scores a pairs CSV from standard input to standard output with
//! [`compare_pairs_csv`] (what the CLI will call).
//!
//! ```text
//! cargo run --release -p chokepoint-screening --example pairs_csv < pairs.csv > scored.csv
//! ```

use chokepoint_screening::{MatchConfig, compare_pairs_csv};

fn main() {
    let stdin = std::io::stdin().lock();
    let stdout = std::io::stdout().lock();
    match compare_pairs_csv(stdin, stdout, &MatchConfig::default()) {
        Ok(summary) => eprintln!("{} pairs, {} matches", summary.n_pairs, summary.n_matches),
        Err(err) => {
            let mut message = err.to_string();
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            eprintln!("error: {message}");
            std::process::exit(2);
        }
    }
}
