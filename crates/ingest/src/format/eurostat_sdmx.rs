//! Eurostat SDMX-CSV 1.0, as the dissemination API and the Data Browser
//! return it for Comext datasets such as DS-045409: one observation per line,
//! `DATAFLOW, LAST UPDATE, freq, reporter, partner, product, flow, indicators,
//! TIME_PERIOD, OBS_VALUE, OBS_FLAG`, dimensions as codes (or `code:label`
//! with labels on). Only the `VALUE_IN_EUROS` indicator is read; values are
//! kept in EUR and converted to USD with the session's rate table.

use chokepoint_catalog::{Currency, FxRates};
use chokepoint_model::{FlowDirection, HsRevision, Period};

use super::{Columns, FormatContext, ParsedRow, RowParser, SourceFormat};
use crate::RowError;
use crate::builder::FlowRow;
use crate::fields::{self, Row};

pub(crate) struct EurostatSdmx;

impl SourceFormat for EurostatSdmx {
    fn name(&self) -> &'static str {
        "eurostat-sdmx"
    }

    fn detect(&self, headers: &[String]) -> bool {
        Columns::new(headers).has_all(&[
            &["dataflow"],
            &["reporter"],
            &["partner"],
            &["product"],
            &["flow"],
            &["timeperiod"],
            &["obsvalue"],
        ])
    }

    fn bind(
        &self,
        headers: &[String],
        context: &FormatContext<'_>,
    ) -> Result<Box<dyn RowParser>, String> {
        let columns = Columns::new(headers);
        Ok(Box::new(SdmxParser {
            names: headers.to_vec(),
            reporter: columns.require(&["reporter"])?,
            partner: columns.require(&["partner"])?,
            product: columns.require(&["product"])?,
            flow: columns.require(&["flow"])?,
            indicator: columns.find(&["indicators", "indicator"]),
            period: columns.require(&["timeperiod"])?,
            value: columns.require(&["obsvalue"])?,
            fx: context.fx.clone(),
        }))
    }
}

struct SdmxParser {
    names: Vec<String>,
    reporter: usize,
    partner: usize,
    product: usize,
    flow: usize,
    indicator: Option<usize>,
    period: usize,
    value: usize,
    fx: FxRates,
}

/// `AT` or `AT:Austria` → `AT`.
fn code(text: &str) -> &str {
    text.split_once(':').map_or(text, |(head, _)| head).trim()
}

impl RowParser for SdmxParser {
    fn parse<'a>(&mut self, row: &Row<'a>) -> Result<ParsedRow<'a>, RowError> {
        let name = |index: usize| self.names[index].as_str();
        if let Some(i) = self.indicator {
            let indicator = code(row.get(i));
            if indicator != "VALUE_IN_EUROS" {
                return Err(RowError::field(
                    name(i),
                    format!("indicator {indicator:?} is not read (only VALUE_IN_EUROS)"),
                ));
            }
        }
        // Eurostat's own country codes where they differ from ISO 3166.
        let country = |index: usize| {
            let text = match code(row.get(index)) {
                "EL" => "GR",
                "UK" => "GB",
                other => other,
            };
            fields::country(name(index), text)
        };
        let reporter = country(self.reporter)?;
        let partner = country(self.partner)?;
        let flow = FlowDirection::parse(code(row.get(self.flow)))
            .map_err(|e| RowError::field(name(self.flow), e.to_string()))?;
        let (period, frequency) = Period::parse_label(row.get(self.period))
            .map_err(|e| RowError::field(name(self.period), e.to_string()))?;
        let commodity = fields::commodity(name(self.product), code(row.get(self.product)))?;
        let value_eur = fields::amount(name(self.value), row.get(self.value), false)?;
        Ok(ParsedRow::Flow(FlowRow {
            reporter: reporter.into(),
            partner: partner.into(),
            flow,
            period,
            frequency,
            hs_revision: commodity
                .as_ref()
                .map(|_| HsRevision::in_force(period.year())),
            commodity,
            value_usd: value_eur.map(|v| self.fx.to_usd(v, Currency::Eur, period)),
            value_original: value_eur,
            currency: Currency::Eur,
            valuation: Some(if flow.is_inbound() { "CIF" } else { "FOB" }),
            net_weight_kg: None,
            quantity: None,
            quantity_unit: None,
        }))
    }
}
