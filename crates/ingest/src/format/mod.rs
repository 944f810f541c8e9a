//! Source formats: each maps a file's header onto the canonical fields of a
//! table and parses one row at a time; the shared normalisation lives in
//! `fields` and `builder`.

mod baci;
mod china_customs;
mod comext;
mod comtrade;
mod comtrade_json;
mod eurostat_sdmx;
mod eurostat_sheet;
mod imf;
mod russia_fcs;
mod shipments;

use std::path::Path;

use chokepoint_catalog::FxRates;
use chokepoint_catalog::schema::TableKind;
use chokepoint_model::FlowDirection;

use crate::RowError;
use crate::builder::{FlowRow, ShipmentRow};
use crate::fields::Row;

pub(crate) use shipments::{SHIPMENT_COLUMNS, canonical_index};

/// What a format needs to know besides the header.
pub(crate) struct FormatContext<'a> {
    pub path: &'a Path,
    pub fx: &'a FxRates,
    /// The flow direction when the file does not say (China customs query exports).
    pub flow: Option<FlowDirection>,
    /// A BACI `country_codes_*.csv`, if given or found beside the file.
    pub baci_country_codes: Option<&'a Path>,
}

/// A parsed row for one of the two data tables.
pub(crate) enum ParsedRow<'a> {
    Flow(FlowRow),
    Shipment(ShipmentRow<'a>),
}

/// A file layout Chokepoint reads. One implementation per layout family; header
/// aliases cover the variants (API vs bulk, client renamings) inside a family.
pub(crate) trait SourceFormat: Sync {
    /// The name used by `--format` and stored in `flows.source`.
    fn name(&self) -> &'static str;
    /// The table its rows go to: aggregate statistics unless the format says otherwise.
    fn target(&self) -> TableKind {
        TableKind::Flows
    }
    /// Whether a header (already normalised by [`normalize_header`]) is this layout.
    fn detect(&self, headers: &[String]) -> bool;
    /// Binds column positions; an error names the missing column.
    fn bind(
        &self,
        headers: &[String],
        context: &FormatContext<'_>,
    ) -> Result<Box<dyn RowParser>, String>;
}

/// Parses rows of one bound file.
pub(crate) trait RowParser: Send {
    /// Parses one row; a `RowError` sends it to `rejects`.
    fn parse<'a>(&mut self, row: &Row<'a>) -> Result<ParsedRow<'a>, RowError>;
}

/// A layout read as a whole document rather than one line per row:
/// spreadsheets, wide tables (one column per period) and JSON responses, where
/// one cell or array element is one row. Detected from the first bytes.
pub(crate) trait DocumentFormat: Sync {
    /// The name used by `--format` and stored in `flows.source`.
    fn name(&self) -> &'static str;
    /// Whether the file's first bytes (decoded, gzip removed) are this layout.
    fn detect(&self, sample: &[u8]) -> bool;
    /// Reads the document, handing every cell or element to `emit` as a
    /// [`Record`]; an `Err` means the document as a whole cannot be read.
    fn read(
        &self,
        input: Box<dyn std::io::Read + Send>,
        context: &FormatContext<'_>,
        emit: &mut dyn FnMut(Record) -> Result<(), crate::IngestError>,
    ) -> Result<(), crate::IngestError>;
}

/// One row of a document: where it is, and the parsed row or why it was rejected.
pub(crate) struct Record {
    /// The row (sheet row, CSV line, array element), 1-based.
    pub line: u64,
    /// The parsed row, or the reason; a reject's field names the place
    /// (for a spreadsheet `sheet!cell`).
    pub outcome: Result<FlowRow, RowError>,
    /// The row's text as written, for rejects.
    pub raw: String,
}

/// Every supported delimited format, in detection order (most specific first).
pub(crate) fn registry() -> [&'static dyn SourceFormat; 7] {
    [
        &baci::Baci,
        &china_customs::ChinaCustoms,
        &eurostat_sdmx::EurostatSdmx,
        &comext::Comext,
        &comtrade::Comtrade,
        &russia_fcs::RussiaFcs,
        &shipments::Shipments,
    ]
}

/// Every supported document format, tried before the delimited ones.
pub(crate) fn document_registry() -> [&'static dyn DocumentFormat; 3] {
    [
        &eurostat_sheet::EurostatSheet,
        &imf::ImfImts,
        &comtrade_json::ComtradeJson,
    ]
}

/// Names accepted by `--format`.
pub fn format_names() -> Vec<&'static str> {
    document_registry()
        .iter()
        .map(|f| f.name())
        .chain(registry().iter().map(|f| f.name()))
        .collect()
}

/// Lowercase, letters and digits only (CJK kept): `Trade Value (US$)` → `tradevalueus`.
pub(crate) fn normalize_header(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Column lookup over normalised headers.
pub(crate) struct Columns<'a> {
    headers: &'a [String],
}

impl<'a> Columns<'a> {
    pub fn new(headers: &'a [String]) -> Columns<'a> {
        Columns { headers }
    }

    /// The first column whose normalised name is one of `aliases`.
    pub fn find(&self, aliases: &[&str]) -> Option<usize> {
        aliases
            .iter()
            .find_map(|alias| self.headers.iter().position(|h| h == alias))
    }

    /// Like `find`, but a missing column is an error naming the first alias.
    pub fn require(&self, aliases: &[&str]) -> Result<usize, String> {
        self.find(aliases)
            .ok_or_else(|| format!("missing column {:?}", aliases[0]))
    }

    pub fn has_all(&self, groups: &[&[&str]]) -> bool {
        groups.iter().all(|aliases| self.find(aliases).is_some())
    }
}
