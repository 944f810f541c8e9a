//! Russian Federal Customs Service (FCS/ФТС) sub-national trade data:
//! `DIRECTION, PERIOD (MM/YYYY), COUNTRY (ISO alpha-2 partner), HS (TN VED,
//! 10 digits), UM, VALUE (USD), NETWEIGHT (kg), QUANTITY, REGION, REGION_S`.
//! Russia is the reporter; the region columns are not kept (the flows table
//! has no sub-national grain), so rows of several regions sum per partner.

use chokepoint_catalog::Currency;
use chokepoint_model::{Country, FlowDirection, Frequency, HsRevision, Period, QuantityUnit};

use super::{Columns, FormatContext, ParsedRow, RowParser, SourceFormat};
use crate::RowError;
use crate::builder::FlowRow;
use crate::fields::{self, Row};

pub(crate) struct RussiaFcs;

impl SourceFormat for RussiaFcs {
    fn name(&self) -> &'static str {
        "russia-fcs"
    }

    fn detect(&self, headers: &[String]) -> bool {
        Columns::new(headers).has_all(&[
            &["direction"],
            &["period"],
            &["country"],
            &["hs"],
            &["value"],
            &["netweight"],
        ])
    }

    fn bind(
        &self,
        headers: &[String],
        _context: &FormatContext<'_>,
    ) -> Result<Box<dyn RowParser>, String> {
        let columns = Columns::new(headers);
        Ok(Box::new(RussiaFcsParser {
            direction: columns.require(&["direction"])?,
            period: columns.require(&["period"])?,
            country: columns.require(&["country"])?,
            hs: columns.require(&["hs"])?,
            unit: columns.find(&["um"]),
            value: columns.require(&["value"])?,
            net_weight: columns.require(&["netweight"])?,
            quantity: columns.find(&["quantity"]),
            russia: Country::lookup("RUS").map_err(|e| e.to_string())?,
        }))
    }
}

struct RussiaFcsParser {
    direction: usize,
    period: usize,
    country: usize,
    hs: usize,
    unit: Option<usize>,
    value: usize,
    net_weight: usize,
    quantity: Option<usize>,
    russia: &'static Country,
}

impl RowParser for RussiaFcsParser {
    fn parse<'a>(&mut self, row: &Row<'a>) -> Result<ParsedRow<'a>, RowError> {
        let flow = match row.get(self.direction) {
            "IM" | "IMP" | "ИМ" => FlowDirection::Import,
            "EK" | "EX" | "EXP" | "ЭК" => FlowDirection::Export,
            other => FlowDirection::parse(other)
                .map_err(|e| RowError::field("DIRECTION", e.to_string()))?,
        };
        let period = Period::parse(row.get(self.period))
            .map_err(|e| RowError::field("PERIOD", e.to_string()))?;
        let partner = fields::country("COUNTRY", row.get(self.country))?;
        let commodity = fields::commodity("HS", row.get(self.hs))?;
        let quantity_unit = match self
            .unit
            .map(|i| row.get(i))
            .filter(|u| !fields::is_missing(u))
        {
            Some(unit) => {
                Some(QuantityUnit::parse(unit).map_err(|e| RowError::field("UM", e.to_string()))?)
            }
            None => None,
        };
        let quantity = match (self.quantity, quantity_unit) {
            (Some(i), Some(_)) => fields::amount("QUANTITY", row.get(i), false)?,
            _ => None,
        };
        let value_usd = fields::amount("VALUE", row.get(self.value), false)?;
        Ok(ParsedRow::Flow(FlowRow {
            reporter: self.russia.into(),
            partner: partner.into(),
            flow,
            period,
            frequency: Frequency::Monthly,
            hs_revision: commodity
                .as_ref()
                .map(|_| HsRevision::in_force(period.year())),
            commodity,
            value_usd,
            value_original: value_usd,
            currency: Currency::Usd,
            // FCS statistics value imports CIF and exports FOB.
            valuation: Some(if flow.is_inbound() { "CIF" } else { "FOB" }),
            net_weight_kg: fields::amount("NETWEIGHT", row.get(self.net_weight), false)?,
            quantity,
            quantity_unit,
        }))
    }
}
