//! UN Comtrade: the "plus" bulk/API CSV (47 columns), the legacy CSV (22 and 35
//! columns) and the same data as renamed by popular clients (comtradr's
//! snake_case), through header aliases rather than one parser per variant.

use chokepoint_catalog::Currency;
use chokepoint_model::{Country, FlowDirection, Frequency, HsRevision, Period, QuantityUnit};

use super::{Columns, FormatContext, ParsedRow, RowParser, SourceFormat};
use crate::RowError;
use crate::builder::FlowRow;
use crate::fields::{self, Row};

const COMMODITY: &[&str] = &["cmdcode", "commoditycode"];
const VALUE: &[&str] = &[
    "primaryvalue",
    "tradevalueus",
    "tradevalue",
    "tradevalueusd",
];
const REPORTER_ISO: &[&str] = &["reporteriso", "reporteriso3", "rtiso3"];
const REPORTER_CODE: &[&str] = &["reportercode", "rtcode"];
const REPORTER_NAME: &[&str] = &["reporterdesc", "reporter", "rttitle"];
const PARTNER_ISO: &[&str] = &["partneriso", "partneriso3", "ptiso3"];
const PARTNER_CODE: &[&str] = &["partnercode", "ptcode"];
const PARTNER_NAME: &[&str] = &["partnerdesc", "partner", "pttitle"];
const FLOW_CODE: &[&str] = &["flowcode", "tradeflowcode", "tradecode", "rgcode"];
const FLOW_NAME: &[&str] = &["flowdesc", "tradeflow", "rgdesc"];

pub(crate) struct Comtrade;

impl SourceFormat for Comtrade {
    fn name(&self) -> &'static str {
        "comtrade"
    }

    fn detect(&self, headers: &[String]) -> bool {
        let columns = Columns::new(headers);
        let reporter: Vec<&str> = [REPORTER_ISO, REPORTER_CODE, REPORTER_NAME].concat();
        columns.has_all(&[COMMODITY, VALUE, &reporter])
    }

    fn bind(
        &self,
        headers: &[String],
        _context: &FormatContext<'_>,
    ) -> Result<Box<dyn RowParser>, String> {
        let columns = Columns::new(headers);
        let reporter = [
            columns.find(REPORTER_ISO),
            columns.find(REPORTER_CODE),
            columns.find(REPORTER_NAME),
        ];
        let partner = [
            columns.find(PARTNER_ISO),
            columns.find(PARTNER_CODE),
            columns.find(PARTNER_NAME),
        ];
        if reporter.iter().all(Option::is_none) {
            return Err("missing column \"reporterISO\" (or reporterCode, reporterDesc)".into());
        }
        if partner.iter().all(Option::is_none) {
            return Err("missing column \"partnerISO\" (or partnerCode, partnerDesc)".into());
        }
        let flow = [columns.find(FLOW_CODE), columns.find(FLOW_NAME)];
        if flow.iter().all(Option::is_none) {
            return Err("missing column \"flowCode\" (or flowDesc, Trade Flow)".into());
        }
        let period = columns.find(&["period"]);
        let year = columns.find(&["refyear", "year", "yr"]);
        let month = columns.find(&["refmonth", "month"]);
        if period.is_none() && year.is_none() {
            return Err("missing column \"period\" (or refYear)".into());
        }
        Ok(Box::new(ComtradeParser {
            names: headers.to_vec(),
            reporter,
            partner,
            flow,
            frequency: columns.find(&["freqcode", "frequency"]),
            period,
            year,
            month,
            commodity: columns.require(COMMODITY)?,
            classification: columns.find(&["classificationcode", "classification", "pfcode"]),
            unit_abbr: columns.find(&["qtyunitabbr", "qtyunit"]),
            unit_code: columns.find(&["qtyunitcode"]),
            quantity: columns.find(&["qty", "quantity"]),
            net_weight: columns.find(&["netwgt", "netweightkg", "netweight"]),
            value: columns.require(VALUE)?,
        }))
    }
}

struct ComtradeParser {
    names: Vec<String>,
    reporter: [Option<usize>; 3],
    partner: [Option<usize>; 3],
    flow: [Option<usize>; 2],
    frequency: Option<usize>,
    period: Option<usize>,
    year: Option<usize>,
    month: Option<usize>,
    commodity: usize,
    classification: Option<usize>,
    unit_abbr: Option<usize>,
    unit_code: Option<usize>,
    quantity: Option<usize>,
    net_weight: Option<usize>,
    value: usize,
}

impl ComtradeParser {
    fn name(&self, index: Option<usize>) -> &str {
        index.map_or("", |i| self.names[i].as_str())
    }

    /// ISO code first, then M49 numeric, then name: the first non-empty one decides.
    fn country(
        &self,
        row: &Row<'_>,
        candidates: [Option<usize>; 3],
    ) -> Result<&'static Country, RowError> {
        let mut last_field = candidates.iter().flatten().next().copied();
        for index in candidates.into_iter().flatten() {
            let text = row.get(index);
            last_field = Some(index);
            if !fields::is_missing(text) {
                return fields::country(&self.names[index], text);
            }
        }
        Err(RowError::field(self.name(last_field), "missing country"))
    }

    fn flow(&self, row: &Row<'_>) -> Result<FlowDirection, RowError> {
        for index in self.flow.into_iter().flatten() {
            let text = row.get(index);
            if text.is_empty() {
                continue;
            }
            // The legacy API numbers flows 1 import, 2 export, 3 re-export, 4 re-import.
            let parsed = match text {
                "3" => Ok(FlowDirection::ReExport),
                "4" => Ok(FlowDirection::ReImport),
                other => FlowDirection::parse(other),
            };
            return parsed.map_err(|e| RowError::field(&self.names[index], e.to_string()));
        }
        Err(RowError::field(
            self.name(self.flow[0].or(self.flow[1])),
            "missing flow",
        ))
    }

    fn period(&self, row: &Row<'_>) -> Result<(Period, Frequency), RowError> {
        let annual_by_code = self
            .frequency
            .is_some_and(|i| row.get(i).eq_ignore_ascii_case("A"));
        if let Some(index) = self.period {
            let text = row.get(index);
            let parsed = Period::parse_label(text)
                .map_err(|e| RowError::field(&self.names[index], e.to_string()))?;
            return Ok(if annual_by_code {
                (
                    Period::new(parsed.0.year(), 1).unwrap_or(parsed.0),
                    Frequency::Annual,
                )
            } else {
                parsed
            });
        }
        // Only year (and month) columns: month 52 or a missing month is annual.
        let year_index = self.year.ok_or_else(|| RowError::row("missing period"))?;
        let year: u16 = row.get(year_index).parse().map_err(|_| {
            RowError::field(
                &self.names[year_index],
                format!("invalid year {:?}", row.get(year_index)),
            )
        })?;
        let month_text = row.opt(self.month);
        let invalid_month = || {
            RowError::field(
                self.name(self.month),
                format!("invalid month {month_text:?}"),
            )
        };
        if annual_by_code || month_text.is_empty() || month_text == "52" {
            return Period::new(year, 1)
                .map(|p| (p, Frequency::Annual))
                .ok_or_else(invalid_month);
        }
        let month: u8 = month_text.parse().map_err(|_| invalid_month())?;
        Period::new(year, month)
            .map(|p| (p, Frequency::Monthly))
            .ok_or_else(invalid_month)
    }

    fn unit(&self, row: &Row<'_>) -> Result<Option<QuantityUnit>, RowError> {
        let abbr = row.opt(self.unit_abbr);
        let unit = if !fields::is_missing(abbr) {
            QuantityUnit::parse(abbr)
                .map_err(|e| RowError::field(self.name(self.unit_abbr), e.to_string()))?
        } else {
            let code = row.opt(self.unit_code);
            if fields::is_missing(code) {
                return Ok(None);
            }
            let number: i32 = code.parse().map_err(|_| {
                RowError::field(
                    self.name(self.unit_code),
                    format!("invalid unit code {code:?}"),
                )
            })?;
            QuantityUnit::from_comtrade_code(number)
                .map_err(|e| RowError::field(self.name(self.unit_code), e.to_string()))?
        };
        Ok((unit != QuantityUnit::NoQuantity).then_some(unit))
    }
}

impl RowParser for ComtradeParser {
    fn parse<'a>(&mut self, row: &Row<'a>) -> Result<ParsedRow<'a>, RowError> {
        let reporter = self.country(row, self.reporter)?;
        let partner = self.country(row, self.partner)?;
        let flow = self.flow(row)?;
        let (period, frequency) = self.period(row)?;
        let commodity = fields::commodity(&self.names[self.commodity], row.get(self.commodity))?;
        // "HS" means "as reported" in the legacy API: no specific revision.
        let hs_revision = self
            .classification
            .and_then(|i| HsRevision::parse(row.get(i)).ok());
        let value_usd = fields::amount(&self.names[self.value], row.get(self.value), false)?;
        let net_weight_kg = match self.net_weight {
            Some(i) => fields::amount(&self.names[i], row.get(i), false)?,
            None => None,
        };
        let quantity_unit = self.unit(row)?;
        let quantity = match (self.quantity, quantity_unit) {
            (Some(i), Some(_)) => fields::amount(&self.names[i], row.get(i), false)?,
            _ => None,
        };
        Ok(ParsedRow::Flow(FlowRow {
            reporter: reporter.into(),
            partner: partner.into(),
            flow,
            period,
            frequency,
            commodity,
            hs_revision,
            value_usd,
            value_original: value_usd,
            currency: Currency::Usd,
            // Comtrade's primary value is CIF for imports and FOB for exports.
            valuation: Some(if flow.is_inbound() { "CIF" } else { "FOB" }),
            net_weight_kg,
            quantity: quantity.filter(|_| quantity_unit.is_some()),
            quantity_unit,
        }))
    }
}
