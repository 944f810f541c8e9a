//! Eurostat Data Browser spreadsheet exports (XLSX, and the same table layout
//! saved as CSV): per product sheet a header block (`PRODUCT`, `FLOW`,
//! `INDICATORS`, each with its label in column C), a `TIME` row of period
//! columns, a `(Labels)` row naming the row dimensions (`REPORTER`,
//! `PARTNER`), then one row per reporter × partner until a blank row or the
//! `Special value` legend. One cell is one flow row; `:` (not available) and
//! empty cells are missing values, so they yield no row rather than a zero.
//! Workbook sheets without a `TIME` row (`Summary`, `Structure`) are skipped.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use chokepoint_catalog::{Currency, FxRates};
use chokepoint_model::{FlowDirection, HsCode, HsRevision, Period};

use super::{DocumentFormat, FormatContext, Record};
use crate::builder::{FlowRow, Party};
use crate::input::ZIP_MAGIC;
use crate::{IngestError, RowError, fields};

/// The only indicator read: values (the Data Browser also offers quantities).
const VALUE_INDICATOR: &str = "VALUE_IN_EUROS";

pub(crate) struct EurostatSheet;

impl DocumentFormat for EurostatSheet {
    fn name(&self) -> &'static str {
        "eurostat-sheet"
    }

    fn detect(&self, sample: &[u8]) -> bool {
        if sample.starts_with(ZIP_MAGIC) {
            // An XLSX workbook names its parts in the clear in the ZIP directory.
            return contains(sample, b"xl/");
        }
        let text = String::from_utf8_lossy(&sample[..sample.len().min(4096)]);
        let first = text.trim_start_matches('"');
        first.starts_with("Data extracted on") && text.contains("TIME")
    }

    fn read(
        &self,
        mut input: Box<dyn Read + Send>,
        context: &FormatContext<'_>,
        emit: &mut dyn FnMut(Record) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        let read_error = |source| IngestError::Read {
            path: context.path.to_path_buf(),
            source,
        };
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes).map_err(read_error)?;
        let reader = SheetReader { fx: context.fx };
        if bytes.starts_with(ZIP_MAGIC) {
            let io = |e: String| read_error(std::io::Error::other(e));
            let mut workbook =
                guarded(|| Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())).map_err(io)?;
            for name in workbook.sheet_names() {
                let _span = tracing::debug_span!("sheet", name = %name).entered();
                let grid = guarded(|| sheet_grid(&mut workbook, &name)).map_err(io)?;
                reader.read_sheet(&grid, emit)?;
            }
            Ok(())
        } else {
            let text = String::from_utf8(bytes)
                .map_err(|e| read_error(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
            reader.read_sheet(&Grid::from_csv(&text).map_err(read_error)?, emit)
        }
    }
}

/// The largest sheet the XLSX format allows (1,048,576 rows, 16,384
/// columns): a cell beyond it makes the file malformed.
const MAX_SHEET_ROWS: u32 = 1 << 20;
const MAX_SHEET_COLUMNS: u32 = 1 << 14;
/// A sheet's rows are laid out whole, so a few cells far apart would need
/// gigabytes of empty ones (a 1 KB workbook with a cell at column ZZZZZZ
/// took calamine's dense `Range` to 17 GB): the grid may hold this many
/// cells, plus this many per cell the file has.
const GRID_CELLS_FREE: usize = 1 << 20;
const GRID_CELLS_PER_CELL: usize = 64;

/// One sheet's cells, streamed from the file (calamine's cell reader, not
/// its dense `Range`) and checked against the sheet limits before anything
/// is laid out for them.
fn sheet_grid(workbook: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Result<Grid, String> {
    let in_sheet = |e: calamine::XlsxError| format!("sheet {name:?}: {e}");
    let mut reader = workbook.worksheet_cells_reader(name).map_err(in_sheet)?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(in_sheet)? {
        let (row, col) = cell.get_position();
        if row >= MAX_SHEET_ROWS || col >= MAX_SHEET_COLUMNS {
            return Err(format!(
                "sheet {name:?}: a cell at row {}, column {} lies outside the largest \
                 sheet XLSX allows ({MAX_SHEET_ROWS} rows, {MAX_SHEET_COLUMNS} columns)",
                u64::from(row) + 1,
                u64::from(col) + 1
            ));
        }
        let value = sheet_cell(&Data::from(cell.get_value().clone()));
        if value != Cell::Empty {
            cells.push(((row, col), value));
        }
    }
    Grid::from_cells(name, cells)
}

/// A spreadsheet value as a grid cell.
fn sheet_cell(data: &Data) -> Cell {
    match data {
        Data::Int(value) => Cell::Number(*value as f64),
        Data::Float(value) => Cell::Number(*value),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
            if text.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(text.clone())
            }
        }
        Data::Empty => Cell::Empty,
        other => Cell::Text(other.to_string()),
    }
}

/// Runs a step of the spreadsheet reader. The workbook is outside input
/// read by a third-party parser: a panic in it (calamine has panicked on
/// overlong cell references under overflow checks) is this file's error,
/// not the end of the process. The workbook is not used again after one.
fn guarded<T>(step: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!("the spreadsheet reader failed on it ({why})"))
    })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// One cell as the export wrote it.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Number(f64),
    Text(String),
}

impl Cell {
    fn text(&self) -> &str {
        match self {
            Cell::Text(text) => text.trim(),
            _ => "",
        }
    }

    fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(value) => value.to_string(),
            Cell::Text(text) => text.clone(),
        }
    }
}

/// A sheet's cells from A1, rows and columns 0-based.
struct Grid {
    /// The sheet's name; empty for a CSV file.
    name: String,
    rows: Vec<Vec<Cell>>,
}

impl Grid {
    /// Lays out a sheet's cells (0-based positions, in any order) as rows of
    /// equal width, as calamine's `Range` would, once the layout is known to
    /// fit the budget (see [`sheet_grid`]).
    fn from_cells(name: &str, cells: Vec<((u32, u32), Cell)>) -> Result<Grid, String> {
        let height = cells
            .iter()
            .map(|((row, _), _)| *row as usize + 1)
            .max()
            .unwrap_or(0);
        let width = cells
            .iter()
            .map(|((_, col), _)| *col as usize + 1)
            .max()
            .unwrap_or(0);
        let budget = GRID_CELLS_FREE + GRID_CELLS_PER_CELL * cells.len();
        if height.saturating_mul(width) > budget {
            return Err(format!(
                "sheet {name:?}: {} cells spread over {height} rows and {width} columns, \
                 too sparse to lay out (at most {budget} grid cells)",
                cells.len()
            ));
        }
        let mut rows = vec![vec![Cell::Empty; width]; height];
        for ((row, col), cell) in cells {
            rows[row as usize][col as usize] = cell;
        }
        Ok(Grid {
            name: name.to_string(),
            rows,
        })
    }

    fn from_csv(text: &str) -> Result<Grid, std::io::Error> {
        // The first lines hold one cell each: sniff the delimiter on the TIME row.
        let time_line = text
            .lines()
            .find(|l| l.trim_start_matches('"').starts_with("TIME"))
            .unwrap_or(text);
        let delimiter = crate::input::sniff_delimiter(time_line.as_bytes());
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(std::io::Error::other)?;
            rows.push(
                record
                    .iter()
                    .map(|field| {
                        if field.trim().is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(field.to_string())
                        }
                    })
                    .collect(),
            );
        }
        Ok(Grid {
            name: String::new(),
            rows,
        })
    }

    fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|cells| cells.get(col))
            .unwrap_or(&Cell::Empty)
    }

    fn is_blank(&self, row: usize) -> bool {
        self.rows
            .get(row)
            .is_none_or(|cells| cells.iter().all(|c| *c == Cell::Empty))
    }

    /// `Sheet 3!E12` (or `E12` for a CSV file): where a reject is.
    fn place(&self, row: usize, col: usize) -> String {
        let reference = format!("{}{}", column_letters(col), row + 1);
        if self.name.is_empty() {
            reference
        } else {
            format!("{}!{reference}", self.name)
        }
    }
}

/// 0 → A, 25 → Z, 26 → AA.
fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A dimension's value: its label as written and the cell it came from.
struct DimValue {
    label: String,
    row: usize,
    col: usize,
}

struct SheetReader<'a> {
    fx: &'a FxRates,
}

/// The dimension name of a header cell: `PRODUCT [PRODUCT]` → `PRODUCT`,
/// `REPORTER (Labels)` → `REPORTER`.
fn dimension_name(text: &str) -> String {
    text.split([' ', '[', '('])
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_uppercase()
}

/// The code in a label's last brackets (`Parts of ... [85423190]` → `85423190`),
/// or the label itself when it has none.
fn bracketed_code(label: &str) -> &str {
    let trimmed = label.trim();
    match (trimmed.rfind('['), trimmed.ends_with(']')) {
        (Some(open), true) => trimmed[open + 1..trimmed.len() - 1].trim(),
        _ => trimmed,
    }
}

/// A value cell: `Some` number, `None` when missing (`:`, `: c`, empty), or
/// why it cannot be read. A trailing Eurostat flag (`1234 p`) is dropped.
fn cell_value(cell: &Cell) -> Result<Option<f64>, String> {
    let text = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(value) => return checked(*value, &value.to_string()),
        Cell::Text(text) => text.trim(),
    };
    if text.is_empty() || text.starts_with(':') {
        return Ok(None);
    }
    let number = match text.split_once(' ') {
        Some((head, flag)) if flag.trim().chars().all(|c| c.is_ascii_lowercase()) => head,
        _ => text,
    };
    match number.parse::<f64>() {
        Ok(value) => checked(value, text),
        Err(_) => Err(format!("not a number: {text:?}")),
    }
}

fn checked(value: f64, text: &str) -> Result<Option<f64>, String> {
    if !value.is_finite() {
        Err(format!("not a number: {text:?}"))
    } else if value < 0.0 {
        Err(format!("negative amount: {text:?}"))
    } else {
        Ok(Some(value))
    }
}

impl SheetReader<'_> {
    fn read_sheet(
        &self,
        grid: &Grid,
        emit: &mut dyn FnMut(Record) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        let Some(time_row) = (0..grid.rows.len()).find(|&r| grid.cell(r, 0).text() == "TIME")
        else {
            return Ok(());
        };
        let sheet_reject = |row: usize, col: usize, reason: String| Record {
            line: row as u64 + 1,
            outcome: Err(RowError::field(&grid.place(row, col), reason)),
            raw: grid
                .rows
                .get(row)
                .map(|cells| {
                    cells
                        .iter()
                        .map(Cell::display)
                        .collect::<Vec<_>>()
                        .join(" | ")
                })
                .unwrap_or_default(),
        };
        // The header block: one dimension per row, its value in the first
        // non-empty cell after the name.
        let mut fixed: HashMap<String, DimValue> = HashMap::new();
        for row in 0..time_row {
            let name = dimension_name(grid.cell(row, 0).text());
            if name.is_empty() {
                continue;
            }
            let value_col = (1..4).find(|&c| !grid.cell(row, c).text().is_empty());
            if let Some(col) = value_col {
                fixed.insert(
                    name,
                    DimValue {
                        label: grid.cell(row, col).text().to_string(),
                        row,
                        col,
                    },
                );
            }
        }
        // Leading cells of the TIME row repeat "TIME" over the label columns.
        let n_label_cols = (0..)
            .take_while(|&c| grid.cell(time_row, c).text() == "TIME")
            .count();
        let mut periods: Vec<(usize, Period)> = Vec::new();
        let time_cells = grid.rows.get(time_row).map_or(0, Vec::len);
        for col in n_label_cols..time_cells {
            let label = match grid.cell(time_row, col) {
                Cell::Empty => continue, // a flag column
                Cell::Number(value) => value.to_string(),
                Cell::Text(text) => text.trim().to_string(),
            };
            match Period::parse_label(&label) {
                Ok((period, chokepoint_model::Frequency::Monthly)) => periods.push((col, period)),
                Ok((_, _)) => emit(sheet_reject(
                    time_row,
                    col,
                    format!("period {label:?} is not a month; only monthly columns are read"),
                ))?,
                Err(e) => emit(sheet_reject(time_row, col, e.to_string()))?,
            }
        }
        let Some(labels_row) = (time_row + 1..grid.rows.len()).find(|&r| {
            grid.cell(r, 0).text().ends_with("(Labels)")
                && dimension_name(grid.cell(r, 0).text()) != "FREQ"
        }) else {
            return emit(sheet_reject(
                time_row,
                0,
                "no \"(Labels)\" row naming the row dimensions after the TIME row".into(),
            ));
        };
        let row_dims: Vec<(usize, String)> = (0..n_label_cols)
            .map(|c| (c, dimension_name(grid.cell(labels_row, c).text())))
            .filter(|(_, name)| !name.is_empty())
            .collect();
        let has_dim =
            |name: &str| fixed.contains_key(name) || row_dims.iter().any(|(_, n)| n == name);
        for required in ["REPORTER", "PARTNER", "PRODUCT", "FLOW"] {
            if !has_dim(required) {
                return emit(sheet_reject(
                    labels_row,
                    0,
                    format!(
                        "the sheet names no {required} (neither in the header block nor as a row dimension)"
                    ),
                ));
            }
        }
        if let Some(indicator) = fixed.get("INDICATORS")
            && bracketed_code(&indicator.label) != VALUE_INDICATOR
        {
            return emit(sheet_reject(
                indicator.row,
                indicator.col,
                format!(
                    "indicator {:?} is not read; export {VALUE_INDICATOR}",
                    indicator.label
                ),
            ));
        }
        let mut row = labels_row + 1;
        while row < grid.rows.len()
            && !grid.is_blank(row)
            && grid.cell(row, 0).text() != "Special value"
        {
            self.read_data_row(grid, row, &fixed, &row_dims, &periods, emit)?;
            row += 1;
        }
        Ok(())
    }

    fn read_data_row(
        &self,
        grid: &Grid,
        row: usize,
        fixed: &HashMap<String, DimValue>,
        row_dims: &[(usize, String)],
        periods: &[(usize, Period)],
        emit: &mut dyn FnMut(Record) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        let labels: Vec<String> = row_dims
            .iter()
            .map(|(c, _)| grid.cell(row, *c).display())
            .collect();
        let raw = |extra: &str| {
            let mut parts = labels.clone();
            if !extra.is_empty() {
                parts.push(extra.to_string());
            }
            parts.join(" | ")
        };
        let reject = |col: usize, reason: String, extra: &str| Record {
            line: row as u64 + 1,
            outcome: Err(RowError::field(&grid.place(row, col), reason)),
            raw: raw(extra),
        };
        // (label, cell) of a dimension on this row.
        let dim = |name: &str| -> (String, usize, usize) {
            match row_dims.iter().find(|(_, n)| n == name) {
                Some((c, _)) => (grid.cell(row, *c).text().to_string(), row, *c),
                // Proven invariant: read_sheet checked every required dimension is present.
                None => fixed
                    .get(name)
                    .map_or((String::new(), row, 0), |d| (d.label.clone(), d.row, d.col)),
            }
        };
        let party = |name: &str| -> Result<Party, (usize, String)> {
            let (label, _, col) = dim(name);
            fields::country(&grid.place(row, col), &label)
                .map(Party::from)
                .map_err(|e| {
                    (
                        col,
                        format!("{} {label:?}: {}", name.to_lowercase(), e.reason),
                    )
                })
        };
        let (reporter, partner) = match (party("REPORTER"), party("PARTNER")) {
            (Ok(reporter), Ok(partner)) => (reporter, partner),
            (Err((col, reason)), _) | (_, Err((col, reason))) => {
                return emit(reject(col, reason, ""));
            }
        };
        let (flow_label, _, flow_col) = dim("FLOW");
        let flow = match FlowDirection::parse(bracketed_code(&flow_label)) {
            Ok(flow) => flow,
            Err(e) => return emit(reject(flow_col, e.to_string(), "")),
        };
        let (product_label, _, product_col) = dim("PRODUCT");
        let code = bracketed_code(&product_label);
        let commodity: Option<HsCode> = match fields::commodity("PRODUCT", code) {
            Ok(commodity) => commodity,
            Err(e) => {
                return emit(reject(
                    product_col,
                    format!("product {product_label:?}: {}", e.reason),
                    "",
                ));
            }
        };
        for &(col, period) in periods {
            let cell = grid.cell(row, col);
            let value_eur = match cell_value(cell) {
                Ok(Some(value)) => value,
                Ok(None) => continue,
                Err(reason) => {
                    emit(reject(
                        col,
                        format!("{reason} (product {code}, {period})"),
                        &format!("{period} | {}", cell.display()),
                    ))?;
                    continue;
                }
            };
            emit(Record {
                line: row as u64 + 1,
                outcome: Ok(FlowRow {
                    reporter,
                    partner,
                    flow,
                    period,
                    frequency: chokepoint_model::Frequency::Monthly,
                    // CN8 codes: the first six digits follow the HS edition in force.
                    hs_revision: commodity
                        .as_ref()
                        .map(|_| HsRevision::in_force(period.year())),
                    commodity: commodity.clone(),
                    value_usd: Some(self.fx.to_usd(value_eur, Currency::Eur, period)),
                    value_original: Some(value_eur),
                    currency: Currency::Eur,
                    // Eurostat values exports FOB and imports CIF.
                    valuation: Some(if flow.is_inbound() { "CIF" } else { "FOB" }),
                    net_weight_kg: None,
                    quantity: None,
                    quantity_unit: None,
                }),
                raw: String::new(),
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_codes_and_cells() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(37), "AL");
        assert_eq!(dimension_name("PRODUCT [PRODUCT]"), "PRODUCT");
        assert_eq!(dimension_name("REPORTER (Labels)"), "REPORTER");
        assert_eq!(
            bracketed_code("Parts of electronic integrated circuits [85429000]"),
            "85429000"
        );
        assert_eq!(bracketed_code("EXPORT"), "EXPORT");
        assert_eq!(cell_value(&Cell::Text(":".into())), Ok(None));
        assert_eq!(cell_value(&Cell::Text(": c".into())), Ok(None));
        assert_eq!(cell_value(&Cell::Empty), Ok(None));
        assert_eq!(cell_value(&Cell::Number(0.0)), Ok(Some(0.0)));
        assert_eq!(cell_value(&Cell::Text("1234 p".into())), Ok(Some(1234.0)));
        assert!(cell_value(&Cell::Text("12x".into())).is_err());
        assert!(cell_value(&Cell::Number(-1.0)).is_err());
    }
}
