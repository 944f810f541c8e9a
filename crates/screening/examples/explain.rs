//! Prints the explained comparison of two names.
//!
//! ```text
//! cargo run -p chokepoint-screening --example explain -- "Siemens AG" "Siemens Energy AG" Company
//! ```

use chokepoint_screening::{MatchConfig, NameQuery, Schema, compare};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: explain LEFT RIGHT [SCHEMA]");
        std::process::exit(2);
    }
    let schema = Schema::parse(args.get(2).map_or("", String::as_str));
    let left = NameQuery::new(&args[0], schema);
    let right = NameQuery::new(&args[1], schema);
    println!(
        "left tokens:  {:?} forms {:?}",
        left.prepared().token_texts(),
        left.prepared().legal_forms()
    );
    println!(
        "right tokens: {:?} forms {:?}",
        right.prepared().token_texts(),
        right.prepared().legal_forms()
    );
    let comparison = compare(&left, &right, &MatchConfig::default());
    println!(
        "score {:.3} match {}",
        comparison.score, comparison.is_match
    );
    for feature in &comparison.features {
        println!(
            "  {:<20} {:+.3} x {:.2}  {}",
            feature.name, feature.value, feature.weight, feature.explanation
        );
    }
    for pair in &comparison.alignment {
        println!(
            "  {:>20} ~ {:<20} {:.2} {}",
            pair.left,
            pair.right,
            pair.similarity,
            pair.kind.as_str()
        );
    }
}
