//! IMF International Trade in Goods (IMTS) portal exports: a wide SDMX-style
//! CSV, one row per reporter × indicator × counterpart, one column per period
//! (`2016`, `2017`, … or `2023-M01`). Values are scaled by `SCALE.ID` (a power
//! of ten: 6 = millions) into USD. Counterparts are ISO alpha-3 ids or IMF
//! aggregate ids (`G001` World, `G998` European Union, `GX901` CIS, `TX…`
//! "not specified"): aggregates the model's country table knows by name are
//! stored under its code, the others under the IMF id, and all are marked as
//! aggregates, so they never count as bilateral partners. One cell is one row
//! (its line and the period in the reject's field); empty cells are missing.

use std::collections::HashMap;
use std::io::Read;

use chokepoint_catalog::Currency;
use chokepoint_model::{Country, CountryKind, FlowDirection, Frequency, Period};

use super::{DocumentFormat, FormatContext, Record, normalize_header};
use crate::builder::{FlowRow, Party};
use crate::{IngestError, RowError, fields};

/// Columns every IMTS export has (normalised).
const REQUIRED: [&str; 6] = [
    "countryid",
    "indicatorid",
    "counterpartcountryid",
    "counterpartcountry",
    "frequencyid",
    "scaleid",
];

pub(crate) struct ImfImts;

impl DocumentFormat for ImfImts {
    fn name(&self) -> &'static str {
        "imf-imts"
    }

    fn detect(&self, sample: &[u8]) -> bool {
        let text = String::from_utf8_lossy(sample);
        let header = text.lines().next().unwrap_or_default();
        let names: Vec<String> = header.split(',').map(normalize_header).collect();
        REQUIRED.iter().all(|r| names.iter().any(|n| n == r))
    }

    fn read(
        &self,
        input: Box<dyn Read + Send>,
        context: &FormatContext<'_>,
        emit: &mut dyn FnMut(Record) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut records = reader.records();
        let header = match records.next() {
            Some(Ok(header)) => header,
            Some(Err(e)) => return Err(crate::reader::csv_error(context.path, e)),
            None => {
                return Err(IngestError::Empty {
                    path: context.path.to_path_buf(),
                });
            }
        };
        let names: Vec<String> = header
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_string())
            .collect();
        let index: HashMap<String, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (normalize_header(n), i))
            .collect();
        let column = |name: &str| -> Result<usize, IngestError> {
            index.get(name).copied().ok_or_else(|| IngestError::Layout {
                path: context.path.to_path_buf(),
                format: "imf-imts",
                message: format!("missing column {name:?}"),
            })
        };
        let columns = Columns {
            reporter: column("countryid")?,
            indicator: column("indicatorid")?,
            counterpart: column("counterpartcountryid")?,
            counterpart_name: column("counterpartcountry")?,
            frequency: column("frequencyid")?,
            scale: column("scaleid")?,
        };
        // Period columns: every header that reads as a year or a month.
        let periods: Vec<(usize, Period, Frequency)> = names
            .iter()
            .enumerate()
            .filter_map(|(i, name)| {
                let label = name.replace("-M", "-");
                Period::parse_label(&label).ok().map(|(p, f)| (i, p, f))
            })
            .collect();
        if periods.is_empty() {
            return Err(IngestError::Layout {
                path: context.path.to_path_buf(),
                format: "imf-imts",
                message: "no period columns (such as 2016 or 2023-M01)".into(),
            });
        }
        for (n, record) in records.enumerate() {
            let record = record.map_err(|e| crate::reader::csv_error(context.path, e))?;
            let line = record.position().map_or(n as u64 + 2, |p| p.line());
            let fields: Vec<&str> = record.iter().map(str::trim).collect();
            let raw = fields.join(",");
            let get = |i: usize| fields.get(i).copied().unwrap_or_default();
            let values: Vec<(usize, Period, Frequency, &str)> = periods
                .iter()
                .map(|&(i, p, f)| (i, p, f, get(i)))
                .filter(|(_, _, _, v)| !fields::is_missing(v))
                .collect();
            if values.is_empty() {
                continue;
            }
            let reject = |field: usize, reason: String| Record {
                line,
                outcome: Err(RowError::field(&names[field], reason)),
                raw: raw.clone(),
            };
            let row = match columns.row_constants(&get) {
                Ok(row) => row,
                Err((field, reason)) => {
                    emit(reject(field, reason))?;
                    continue;
                }
            };
            for (i, period, frequency, text) in values {
                let outcome = match fields::amount(&names[i], text, false) {
                    Ok(value) => Ok(FlowRow {
                        reporter: row.reporter,
                        partner: row.partner,
                        flow: row.flow,
                        period,
                        frequency,
                        commodity: None,
                        hs_revision: None,
                        value_usd: value.map(|v| v * row.scale),
                        value_original: value.map(|v| v * row.scale),
                        currency: Currency::Usd,
                        valuation: Some(row.valuation),
                        net_weight_kg: None,
                        quantity: None,
                        quantity_unit: None,
                    }),
                    Err(error) => Err(error),
                };
                emit(Record {
                    line,
                    outcome,
                    raw: raw.clone(),
                })?;
            }
        }
        Ok(())
    }
}

struct Columns {
    reporter: usize,
    indicator: usize,
    counterpart: usize,
    counterpart_name: usize,
    frequency: usize,
    scale: usize,
}

/// What every cell of a row shares.
struct RowConstants {
    reporter: Party,
    partner: Party,
    flow: FlowDirection,
    valuation: &'static str,
    scale: f64,
}

impl Columns {
    fn row_constants<'a>(
        &self,
        get: &impl Fn(usize) -> &'a str,
    ) -> Result<RowConstants, (usize, String)> {
        let (flow, valuation) = match get(self.indicator) {
            "MG_CIF_USD" => (FlowDirection::Import, "CIF"),
            "MG_FOB_USD" => (FlowDirection::Import, "FOB"),
            "XG_FOB_USD" => (FlowDirection::Export, "FOB"),
            other => {
                return Err((
                    self.indicator,
                    format!(
                        "indicator {other:?} is not a goods flow in USD (MG_CIF_USD, MG_FOB_USD, XG_FOB_USD)"
                    ),
                ));
            }
        };
        let frequency = get(self.frequency);
        if !matches!(frequency, "A" | "M") {
            return Err((
                self.frequency,
                format!("frequency {frequency:?} is not read (annual A or monthly M)"),
            ));
        }
        let scale_text = get(self.scale);
        let scale = match scale_text.parse::<i32>() {
            Ok(power) if (0..=12).contains(&power) => 10f64.powi(power),
            _ => {
                return Err((
                    self.scale,
                    format!("scale {scale_text:?} is not a power of ten between 0 and 12"),
                ));
            }
        };
        let reporter = party(get(self.reporter), "").map_err(|r| (self.reporter, r))?;
        let partner = party(get(self.counterpart), get(self.counterpart_name))
            .map_err(|r| (self.counterpart, r))?;
        Ok(RowConstants {
            reporter,
            partner,
            flow,
            valuation,
            scale,
        })
    }
}

/// An ISO alpha-3 economy, or an IMF aggregate id (letters and digits, such
/// as `G001`, `GX901`, `TX899`), kept as an aggregate.
fn party(id: &str, name: &str) -> Result<Party, String> {
    let is_iso = id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase());
    if is_iso {
        // IMF ids are ISO alpha-3 but for a few of its own (WBG West Bank and Gaza): then the name.
        return Country::lookup(id)
            .or_else(|e| Country::lookup(name).map_err(|_| e))
            .map(Party::from)
            .map_err(|e| e.to_string());
    }
    let is_imf_aggregate = id.len() >= 2
        && id.starts_with(['G', 'T'])
        && id.bytes().all(|b| b.is_ascii_alphanumeric());
    if !is_imf_aggregate {
        return Err(format!("unknown country or aggregate id {id:?}"));
    }
    // An aggregate our table knows by name (World, European Union, Europe)
    // is stored under its code, so it meets the same aggregate from Comtrade.
    let known = [name, name.split(" (").next().unwrap_or(name)]
        .into_iter()
        .find_map(|n| Country::lookup(n).ok())
        .filter(|c| c.kind() == CountryKind::Aggregate);
    Ok(match known {
        Some(country) => Party::from(country),
        None => Party {
            code: intern(id),
            is_aggregate: true,
        },
    })
}

/// IMF aggregate ids as `&'static str`: the few distinct ids of an export
/// are leaked once each (bounded by the IMF's code list, a few hundred).
fn intern(id: &str) -> &'static str {
    use std::sync::{Mutex, OnceLock};
    static IDS: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let mut ids = IDS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(interned) = ids.get(id) {
        return interned;
    }
    let leaked: &'static str = Box::leak(id.to_string().into_boxed_str());
    ids.insert(id.to_string(), leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parties_are_economies_or_aggregates() {
        assert_eq!(party("CHN", "China").unwrap().code, "CHN");
        assert!(!party("CHN", "China").unwrap().is_aggregate);
        let world = party("G001", "World").unwrap();
        assert_eq!((world.code, world.is_aggregate), ("W00", true));
        let advanced = party("G110", "Advanced Economies").unwrap();
        assert_eq!((advanced.code, advanced.is_aggregate), ("G110", true));
        assert!(party("12", "").is_err());
    }
}
