//! CEPII BACI: `t,i,j,k,v,q` (year, exporter, importer, HS6, value in thousand
//! USD, quantity in tonnes), countries as numeric codes resolved through the
//! release's `country_codes_*.csv` when present, else through UN M49.

use std::collections::HashMap;
use std::path::Path;

use chokepoint_catalog::Currency;
use chokepoint_model::{Country, FlowDirection, Frequency, HsCode, HsRevision, Period};

use super::{Columns, FormatContext, ParsedRow, RowParser, SourceFormat};
use crate::RowError;
use crate::builder::FlowRow;
use crate::fields::{self, Row};

pub(crate) struct Baci;

impl SourceFormat for Baci {
    fn name(&self) -> &'static str {
        "baci"
    }

    fn detect(&self, headers: &[String]) -> bool {
        headers == ["t", "i", "j", "k", "v", "q"]
    }

    fn bind(
        &self,
        headers: &[String],
        context: &FormatContext<'_>,
    ) -> Result<Box<dyn RowParser>, String> {
        let columns = Columns::new(headers);
        let codes = match context.baci_country_codes {
            Some(path) => load_country_codes(path)?,
            None => HashMap::new(),
        };
        // Release files are named BACI_HS17_Y2021_V202401.csv: the HS edition is in the name.
        let file_name = context
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_uppercase())
            .unwrap_or_default();
        let revision = file_name
            .split(['_', '.'])
            .find(|part| part.starts_with("HS") && part.len() == 4)
            .and_then(|part| HsRevision::parse(part).ok());
        Ok(Box::new(BaciParser {
            columns: [
                columns.require(&["t"])?,
                columns.require(&["i"])?,
                columns.require(&["j"])?,
                columns.require(&["k"])?,
                columns.require(&["v"])?,
                columns.require(&["q"])?,
            ],
            codes,
            revision,
        }))
    }
}

/// `country_code,country_name,country_iso2,country_iso3` (older releases: `iso_2digit_alpha`, `iso_3digit_alpha`).
fn load_country_codes(path: &Path) -> Result<HashMap<u16, &'static Country>, String> {
    let describe = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let mut reader = csv::Reader::from_path(path).map_err(|e| describe(&e))?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| describe(&e))?
        .iter()
        .map(super::normalize_header)
        .collect();
    let columns = Columns::new(&headers);
    let code = columns
        .require(&["countrycode"])
        .map_err(|e| describe(&e))?;
    let iso3 = columns
        .require(&["countryiso3", "iso3digitalpha"])
        .map_err(|e| describe(&e))?;
    let mut map = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| describe(&e))?;
        let (Ok(number), Ok(country)) = (
            record[code].trim().parse::<u16>(),
            Country::lookup(record[iso3].trim()),
        ) else {
            // Codes without an ISO alpha-3 fall back to the M49 lookup per row.
            continue;
        };
        map.insert(number, country);
    }
    Ok(map)
}

struct BaciParser {
    columns: [usize; 6],
    codes: HashMap<u16, &'static Country>,
    revision: Option<HsRevision>,
}

impl BaciParser {
    fn country(&self, field: &str, text: &str) -> Result<&'static Country, RowError> {
        let number: u16 = text
            .parse()
            .map_err(|_| RowError::field(field, format!("invalid country code {text:?}")))?;
        match self.codes.get(&number) {
            Some(country) => Ok(country),
            None => Country::by_m49(number).map_err(|e| RowError::field(field, e.to_string())),
        }
    }
}

impl RowParser for BaciParser {
    fn parse<'a>(&mut self, row: &Row<'a>) -> Result<ParsedRow<'a>, RowError> {
        let [t, i, j, k, v, q] = self.columns;
        let year_text = row.get(t);
        let period = year_text
            .parse::<u16>()
            .ok()
            .and_then(|year| Period::new(year, 1))
            .ok_or_else(|| RowError::field("t", format!("invalid year {year_text:?}")))?;
        let exporter = self.country("i", row.get(i))?;
        let importer = self.country("j", row.get(j))?;
        // Some releases write k as an integer, dropping the leading zero of chapters 01-09.
        let code_text = row.get(k);
        let padded = if code_text.len() == 5 {
            format!("0{code_text}")
        } else {
            code_text.to_string()
        };
        let code = HsCode::parse(&padded).map_err(|e| RowError::field("k", e.to_string()))?;
        let value_usd = fields::amount("v", row.get(v), false)?.map(|thousands| thousands * 1000.0);
        let net_weight_kg = fields::amount("q", row.get(q), false)?.map(|tonnes| tonnes * 1000.0);
        Ok(ParsedRow::Flow(FlowRow {
            reporter: exporter.into(),
            partner: importer.into(),
            flow: FlowDirection::Export,
            period,
            frequency: Frequency::Annual,
            commodity: Some(code),
            hs_revision: self.revision,
            value_usd,
            value_original: value_usd,
            currency: Currency::Usd,
            // BACI reconciles both declarations into FOB values.
            valuation: Some("FOB"),
            net_weight_kg,
            quantity: None,
            quantity_unit: None,
        }))
    }
}
