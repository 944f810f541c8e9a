//! Eurostat Comext: the relational-view CSV of the web interface (country
//! names, labels such as `Aug. 2024`, `VALUE_IN_EUR`) and the bulk
//! `full_v2_YYYYMM` layout (ISO codes, `PRODUCT_NC`, `VALUE_EUR`, `QUANTITY_KG`).
//! Values are kept in EUR and converted to USD with the session's rate table.

use chokepoint_catalog::{Currency, FxRates};
use chokepoint_model::{Country, FlowDirection, HsRevision, Period, QuantityUnit};

use super::{Columns, FormatContext, ParsedRow, RowParser, SourceFormat};
use crate::RowError;
use crate::builder::FlowRow;
use crate::fields::{self, Row};

const VALUE: &[&str] = &["valueineur", "valueeur"];
const PRODUCT: &[&str] = &["productnc", "product"];

pub(crate) struct Comext;

impl SourceFormat for Comext {
    fn name(&self) -> &'static str {
        "comext"
    }

    fn detect(&self, headers: &[String]) -> bool {
        Columns::new(headers).has_all(&[
            &["reporter"],
            &["partner"],
            PRODUCT,
            &["flow"],
            &["period"],
            VALUE,
        ])
    }

    fn bind(
        &self,
        headers: &[String],
        context: &FormatContext<'_>,
    ) -> Result<Box<dyn RowParser>, String> {
        let columns = Columns::new(headers);
        Ok(Box::new(ComextParser {
            names: headers.to_vec(),
            reporter: columns.require(&["reporter"])?,
            partner: columns.require(&["partner"])?,
            product: columns.require(PRODUCT)?,
            flow: columns.require(&["flow"])?,
            period: columns.require(&["period"])?,
            value: columns.require(VALUE)?,
            weight_kg: columns.find(&["quantitykg"]),
            weight_100kg: columns.find(&["quantityin100kg"]),
            supplementary: columns.find(&["quantitysupplunit", "supplementaryquantity"]),
            supplementary_unit: columns.find(&["supplunit", "suppunit"]),
            fx: context.fx.clone(),
        }))
    }
}

struct ComextParser {
    names: Vec<String>,
    reporter: usize,
    partner: usize,
    product: usize,
    flow: usize,
    period: usize,
    value: usize,
    weight_kg: Option<usize>,
    weight_100kg: Option<usize>,
    supplementary: Option<usize>,
    supplementary_unit: Option<usize>,
    fx: FxRates,
}

/// Eurostat's own country codes where they differ from ISO 3166 (EL Greece, UK).
fn country(field: &str, text: &str) -> Result<&'static Country, RowError> {
    let iso = match text {
        "EL" => "GR",
        "UK" => "GB",
        other => other,
    };
    fields::country(field, iso)
}

impl RowParser for ComextParser {
    fn parse<'a>(&mut self, row: &Row<'a>) -> Result<ParsedRow<'a>, RowError> {
        let name = |index: usize| self.names[index].as_str();
        let reporter = country(name(self.reporter), row.get(self.reporter))?;
        let partner = country(name(self.partner), row.get(self.partner))?;
        let flow = FlowDirection::parse(row.get(self.flow))
            .map_err(|e| RowError::field(name(self.flow), e.to_string()))?;
        let (period, frequency) = Period::parse_label(row.get(self.period))
            .map_err(|e| RowError::field(name(self.period), e.to_string()))?;
        let commodity = fields::commodity(name(self.product), row.get(self.product))?;
        let value_eur = fields::amount(name(self.value), row.get(self.value), false)?;
        let net_weight_kg = match (self.weight_kg, self.weight_100kg) {
            (Some(i), _) => fields::amount(name(i), row.get(i), false)?,
            (None, Some(i)) => fields::amount(name(i), row.get(i), false)?.map(|q| q * 100.0),
            (None, None) => None,
        };
        let quantity_unit = match self.supplementary_unit {
            Some(i) if !fields::is_missing(row.get(i)) => Some(
                QuantityUnit::parse(row.get(i))
                    .map_err(|e| RowError::field(name(i), e.to_string()))?,
            ),
            _ => None,
        };
        let quantity = match (self.supplementary, quantity_unit) {
            (Some(i), Some(_)) => fields::amount(name(i), row.get(i), false)?,
            _ => None,
        };
        Ok(ParsedRow::Flow(FlowRow {
            reporter: reporter.into(),
            partner: partner.into(),
            flow,
            period,
            frequency,
            // Comext product codes are CN8, whose first six digits follow the HS edition in force.
            hs_revision: commodity
                .as_ref()
                .map(|_| HsRevision::in_force(period.year())),
            commodity,
            value_usd: value_eur.map(|v| self.fx.to_usd(v, Currency::Eur, period)),
            value_original: value_eur,
            currency: Currency::Eur,
            // Eurostat values exports FOB and imports CIF.
            valuation: Some(if flow.is_inbound() { "CIF" } else { "FOB" }),
            net_weight_kg,
            quantity,
            quantity_unit,
        }))
    }
}
