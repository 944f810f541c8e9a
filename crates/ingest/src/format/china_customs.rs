//! China customs statistics query export: GB18030/GBK text with Chinese column
//! names (数据年月, 商品编码, 贸易伙伴名称, 第一数量, 第一计量单位, 美元 or 人民币)
//! and thousands separators. China is the reporter; the flow comes from a
//! 进出口 column when present, else from `--flow` (the query page chooses it).

use chokepoint_catalog::{Currency, FxRates};
use chokepoint_model::{Country, FlowDirection, HsRevision, Period, QuantityUnit};

use super::{Columns, FormatContext, ParsedRow, RowParser, SourceFormat};
use crate::RowError;
use crate::builder::FlowRow;
use crate::fields::{self, Row};

pub(crate) struct ChinaCustoms;

impl SourceFormat for ChinaCustoms {
    fn name(&self) -> &'static str {
        "china-customs"
    }

    fn detect(&self, headers: &[String]) -> bool {
        Columns::new(headers).has_all(&[&["商品编码"], &["美元", "人民币", "美元值", "人民币值"]])
    }

    fn bind(
        &self,
        headers: &[String],
        context: &FormatContext<'_>,
    ) -> Result<Box<dyn RowParser>, String> {
        let columns = Columns::new(headers);
        let usd = columns.find(&["美元", "美元值"]);
        let cny = columns.find(&["人民币", "人民币值"]);
        let (value, currency) = match (usd, cny) {
            (Some(i), _) => (i, Currency::Usd),
            (None, Some(i)) => (i, Currency::Cny),
            (None, None) => return Err("missing column \"美元\" (or \"人民币\")".into()),
        };
        let flow_column = columns.find(&["进出口", "贸易流向", "进出口类型"]);
        if flow_column.is_none() && context.flow.is_none() {
            return Err("the file does not say whether it holds imports or exports (no 进出口 column): pass --flow import or --flow export".into());
        }
        Ok(Box::new(ChinaCustomsParser {
            names: headers.to_vec(),
            period: columns.require(&["数据年月", "年月"])?,
            commodity: columns.require(&["商品编码"])?,
            partner: columns.require(&["贸易伙伴名称", "国别地区", "贸易伙伴"])?,
            flow_column,
            flow: context.flow,
            quantity: [columns.find(&["第一数量"]), columns.find(&["第二数量"])],
            unit: [
                columns.find(&["第一计量单位"]),
                columns.find(&["第二计量单位"]),
            ],
            value,
            currency,
            fx: context.fx.clone(),
            china: Country::lookup("CHN").map_err(|e| e.to_string())?,
        }))
    }
}

struct ChinaCustomsParser {
    names: Vec<String>,
    period: usize,
    commodity: usize,
    partner: usize,
    flow_column: Option<usize>,
    flow: Option<FlowDirection>,
    quantity: [Option<usize>; 2],
    unit: [Option<usize>; 2],
    value: usize,
    currency: Currency,
    fx: FxRates,
    china: &'static Country,
}

impl RowParser for ChinaCustomsParser {
    fn parse<'a>(&mut self, row: &Row<'a>) -> Result<ParsedRow<'a>, RowError> {
        let name = |index: usize| self.names[index].as_str();
        let period = Period::parse(row.get(self.period))
            .map_err(|e| RowError::field(name(self.period), e.to_string()))?;
        let commodity = fields::commodity(name(self.commodity), row.get(self.commodity))?;
        let partner = fields::country(name(self.partner), row.get(self.partner))?;
        let flow = match self.flow_column {
            Some(i) => match row.get(i) {
                "出口" => FlowDirection::Export,
                "进口" => FlowDirection::Import,
                other => FlowDirection::parse(other)
                    .map_err(|e| RowError::field(name(i), e.to_string()))?,
            },
            // Proven invariant: bind() refuses files with neither a flow column nor --flow.
            None => self.flow.expect("flow checked at bind"),
        };
        let value = fields::amount(name(self.value), row.get(self.value), true)?;
        // The first quantity is the statutory unit (台, 米, 千克...); where either unit is
        // kilograms it is also the net weight.
        let mut quantity = None;
        let mut quantity_unit = None;
        let mut net_weight_kg = None;
        for (q, u) in self.quantity.into_iter().zip(self.unit) {
            let (Some(q), Some(u)) = (q, u) else { continue };
            if fields::is_missing(row.get(u)) {
                continue;
            }
            let unit = QuantityUnit::parse(row.get(u))
                .map_err(|e| RowError::field(name(u), e.to_string()))?;
            let amount = fields::amount(name(q), row.get(q), true)?;
            if unit == QuantityUnit::Kilograms && net_weight_kg.is_none() {
                net_weight_kg = amount;
            }
            if quantity_unit.is_none() {
                quantity = amount;
                quantity_unit = Some(unit);
            }
        }
        Ok(ParsedRow::Flow(FlowRow {
            reporter: self.china.into(),
            partner: partner.into(),
            flow,
            period,
            frequency: chokepoint_model::Frequency::Monthly,
            hs_revision: commodity
                .as_ref()
                .map(|_| HsRevision::in_force(period.year())),
            commodity,
            value_usd: value.map(|v| self.fx.to_usd(v, self.currency, period)),
            value_original: value,
            currency: self.currency,
            // China values exports FOB and imports CIF.
            valuation: Some(if flow.is_inbound() { "CIF" } else { "FOB" }),
            net_weight_kg,
            quantity,
            quantity_unit,
        }))
    }
}
