//! Self-contained HTML and Markdown reports of Chokepoint with offline SVG
//! charts.
//!
//! A [`Report`] is plain data — title, notice, key figures and sections of
//! prose, [`Chart`]s and [`Table`]s — filled by the caller from its queries.
//! The renderers turn it into text:
//!
//! - [`render_html`]: one HTML file with inline CSS and inline SVG;
//! - [`render_markdown`]: GitHub-flavoured Markdown plus one SVG file per
//!   chart;
//! - [`render_svg`]: a single chart as a standalone SVG;
//! - [`table_csv`] and [`table_json`]: raw table exports;
//! - [`write_report`]: all of the above written to disk, atomically.
//!
//! The key design choice is that output is **self-contained and
//! script-free**: charts are SVG built from strings with our own axis and
//! layout code, there are no web fonts, CDNs or JavaScript, and the only URL
//! in the output is the SVG namespace. A report therefore reads the same
//! offline, in an air-gapped archive or attached to an email. Rendering
//! never fails and never panics: NaN, infinities, missing values, ragged rows
//! and dangling indices are skipped or shown as gaps. Every data mark carries
//! `class="mark"` and a `<title>` tooltip with its value, for readers and
//! tests alike.
//!
//! ```
//! use chokepoint_report::{
//!     Cell, Chart, KeyFigure, Report, Section, Series, Table, render_html, render_markdown,
//! };
//!
//! let report = Report {
//!     title: "Microchips into Russia".into(),
//!     notice: Some("SYNTHETIC demo data".into()),
//!     key_figures: vec![KeyFigure {
//!         label: "Surge, Kyrgyzstan 2023".into(),
//!         value: "10.4×".into(),
//!         note: None,
//!     }],
//!     sections: vec![Section {
//!         title: "Origin shares".into(),
//!         charts: vec![Chart::StackedShares {
//!             title: "Origin of chips".into(),
//!             periods: vec!["2021".into(), "2023".into()],
//!             series: vec![
//!                 Series { name: "EU".into(), values: vec![Some(0.7), Some(0.2)] },
//!                 Series { name: "China".into(), values: vec![Some(0.3), Some(0.8)] },
//!             ],
//!         }],
//!         tables: vec![Table {
//!             name: "shares".into(),
//!             caption: "Shares by origin".into(),
//!             columns: vec!["origin".into(), "share 2023".into()],
//!             rows: vec![vec![Cell::from("China"), Cell::Share(0.8)]],
//!         }],
//!         ..Section::default()
//!     }],
//!     ..Report::default()
//! };
//!
//! let html = render_html(&report);
//! assert!(html.contains("SYNTHETIC demo data"));
//! assert_eq!(html.matches("class=\"mark\"").count(), 4);
//! assert!(html.contains("<td class=\"num\">80.0%</td>"));
//!
//! let markdown = render_markdown(&report, "report_files");
//! assert!(markdown.markdown.contains("![Origin of chips](report_files/chart-1.svg)"));
//! assert_eq!(markdown.assets[0].0, "report_files/chart-1.svg");
//! ```
#![deny(missing_docs)]

mod error;
mod escape;
mod export;
mod format;
mod html;
mod markdown;
mod model;
mod svg;
mod write;

pub use error::ReportError;
pub use escape::{encode_link_path, encode_uri_component, escape_xml};
pub use export::{csv_text_cell, export_stems, table_csv, table_json};
pub use format::{format_cell, format_integer, format_number, format_ratio, format_share};
pub use html::{HtmlOptions, render_html, render_html_with};
pub use markdown::{MarkdownOptions, MarkdownReport, render_markdown, render_markdown_with};
pub use model::{
    Bar, Cell, Chart, FlowLink, Highlight, KeyFigure, ReferenceLine, Report, Section, Series, Table,
};
pub use svg::render_svg;
pub use write::write_report;
