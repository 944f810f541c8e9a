//! Chokepoint's analytics answers rendered as report sections: the key
//! figures, charts and tables that the dashboard pages and `chokepoint
//! report` both show, so a chart looks the same in both.
//!
//! Each function takes an answer of `chokepoint-analytics` (share rows,
//! [`Surge`](chokepoint_analytics::Surge)s, [`Corridor`](chokepoint_analytics::Corridor)s,
//! [`ClaimCheck`](chokepoint_analytics::ClaimCheck)s) and returns plain
//! `chokepoint-report` blocks; [`basket_report`] assembles them into the
//! whole document of `chokepoint report`. The crate runs no query and knows
//! no HTTP: the server and the CLI compute the answers, this crate words and
//! draws them. The only failure is share rows whose columns do not cast to
//! text and numbers, an [`ArrowError`](arrow::error::ArrowError).
//!
//! ```
//! use std::sync::Arc;
//! use arrow::array::{Float64Array, RecordBatch, StringArray};
//! use chokepoint_sections::ShareTable;
//!
//! // period, origin, value_usd, share: the rows of the shares plan.
//! let batch = RecordBatch::try_from_iter([
//!     ("period", Arc::new(StringArray::from(vec!["2021", "2023", "2023"])) as _),
//!     ("origin", Arc::new(StringArray::from(vec!["CHN", "CHN", "other"])) as _),
//!     ("value_usd", Arc::new(Float64Array::from(vec![40.0, 90.0, 10.0])) as _),
//!     ("share", Arc::new(Float64Array::from(vec![0.4, 0.9, 0.1])) as _),
//! ])?;
//! let shares = ShareTable::of(&[batch])?;
//! let figure = &shares.key_figures()[0];
//! assert_eq!(figure.label, "Share of CHN, 2023");
//! assert_eq!(figure.value, "90%");
//! assert_eq!(shares.section("RUS").tables[0].rows.len(), 2);
//! # Ok::<(), arrow::error::ArrowError>(())
//! ```
#![deny(missing_docs)]

mod basket_report;
mod claims;
mod corridors;
mod csv_safe;
mod shares;
mod surges;

use chokepoint_datadir::DataDir;

pub use basket_report::{BasketAnswers, basket_report};
pub use claims::{claims_figure, claims_section};
pub use corridors::{
    corridor_bars, corridor_figure, corridor_flows, corridors_table, corridors_text,
};
pub use csv_safe::{csv_safe_batch, map_text_cells};
pub use shares::{ShareTable, both_table};
pub use surges::{surge_chart, surge_figure, surges_table};

/// The banner of pages and reports over the synthetic demo world.
pub fn synthetic_notice(data: &DataDir) -> Option<String> {
    data.is_synthetic().then(|| {
        "SYNTHETIC demo data: the figures come from the generated demo world, not from real \
         trade statistics."
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_synthetic_data_directory_has_the_notice() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let data = DataDir::new(dir.path());
        assert_eq!(synthetic_notice(&data), None);
        std::fs::create_dir(data.demo_sources()).unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(DataDir::synthetic_marker_in(&data.demo_sources()), "")
            .unwrap_or_else(|error| panic!("{error}"));
        let notice = synthetic_notice(&data).unwrap_or_default();
        assert!(notice.starts_with("SYNTHETIC demo data"), "{notice}");
    }
}
