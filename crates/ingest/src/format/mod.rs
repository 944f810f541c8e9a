//! Source formats: each maps a file's header onto the canonical fields of a
//! table and parses one row at a time; the shared normalisation lives in
//! `fields` and `builder`.

mod baci;
mod china_customs;
mod comext;
mod comtrade;
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

/// Every supported format, in detection order (most specific first).
pub(crate) fn registry() -> [&'static dyn SourceFormat; 6] {
    [
        &baci::Baci,
        &china_customs::ChinaCustoms,
        &comext::Comext,
        &comtrade::Comtrade,
        &russia_fcs::RussiaFcs,
        &shipments::Shipments,
    ]
}

/// Names accepted by `--format`.
pub fn format_names() -> Vec<&'static str> {
    registry().iter().map(|f| f.name()).collect()
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
