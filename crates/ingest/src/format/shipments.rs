//! Transaction-level shipment records, CSV or NDJSON, in the documented schema
//! (`SHIPMENT_COLUMNS`; see the README). Common alternative column names are
//! accepted as aliases.

use std::sync::LazyLock;

use chokepoint_catalog::schema::TableKind;
use chokepoint_catalog::{Currency, FxRates};
use chokepoint_model::{HsCode, Period, QuantityUnit, date_to_epoch_days};

use super::{Columns, FormatContext, ParsedRow, RowParser, SourceFormat};
use crate::RowError;
use crate::builder::{SHIPMENT_TEXT_COLUMNS, ShipmentRow};
use crate::fields::{self, Row};

/// The canonical input columns of a shipment record, in order: the id, date and
/// code, the text columns the table stores as given, then the amounts.
pub(crate) static SHIPMENT_COLUMNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let leading = ["declaration_id", "date", "hs_code"];
    let amounts = [
        "value",
        "currency",
        "net_weight_kg",
        "quantity",
        "quantity_unit",
    ];
    leading
        .into_iter()
        .chain(SHIPMENT_TEXT_COLUMNS)
        .chain(amounts)
        .collect()
});

/// The position in [`SHIPMENT_COLUMNS`] of a (normalised) key or alias.
pub(crate) fn canonical_index(normalized_key: &str) -> Option<usize> {
    SHIPMENT_COLUMNS
        .iter()
        .position(|column| aliases(column).iter().any(|alias| alias == normalized_key))
}

/// Columns holding countries, validated and stored as ISO alpha-3.
const COUNTRY_COLUMNS: [&str; 5] = [
    "shipper_country",
    "consignee_country",
    "origin_country",
    "dispatch_country",
    "destination_country",
];

fn aliases(column: &str) -> Vec<String> {
    let extra: &[&str] = match column {
        "declaration_id" => &["declarationnumber", "declarationno", "id", "recordid"],
        "date" => &["declarationdate", "shipmentdate", "shipdate"],
        "hs_code" => &["hs", "hscode", "commoditycode", "tnved"],
        "goods_description" => &["description", "goods", "productdescription"],
        "shipper_name" => &["shipper", "exporter", "exportername"],
        "consignee_name" => &["consignee", "importer", "importername"],
        "shipper_address" => &["exporteraddress"],
        "consignee_address" => &["importeraddress"],
        "shipper_country" => &["exportercountry"],
        "consignee_country" => &["importercountry"],
        "origin_country" => &["countryoforigin", "origin"],
        "dispatch_country" => &["countryofdispatch", "dispatch"],
        "destination_country" => &["countryofdestination", "destination"],
        "value" => &["invoicevalue", "amount"],
        "net_weight_kg" => &["netweight", "netweightkg", "weightkg"],
        "quantity_unit" => &["unit", "qtyunit"],
        _ => &[],
    };
    std::iter::once(super::normalize_header(column))
        .chain(extra.iter().map(|s| s.to_string()))
        .collect()
}

pub(crate) struct Shipments;

impl SourceFormat for Shipments {
    fn name(&self) -> &'static str {
        "shipments"
    }

    fn target(&self) -> TableKind {
        TableKind::Shipments
    }

    fn detect(&self, headers: &[String]) -> bool {
        let columns = Columns::new(headers);
        let find = |column| {
            let names = aliases(column);
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            columns.find(&refs).is_some()
        };
        find("declaration_id")
            && find("hs_code")
            && (find("shipper_name") || find("consignee_name"))
    }

    fn bind(
        &self,
        headers: &[String],
        context: &FormatContext<'_>,
    ) -> Result<Box<dyn RowParser>, String> {
        let columns = Columns::new(headers);
        let find = |column: &str| {
            let names = aliases(column);
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            columns.find(&refs)
        };
        let require =
            |column: &str| find(column).ok_or_else(|| format!("missing column {column:?}"));
        Ok(Box::new(ShipmentsParser {
            declaration_id: require("declaration_id")?,
            date: require("date")?,
            hs_code: require("hs_code")?,
            text: SHIPMENT_TEXT_COLUMNS.map(find),
            value: find("value"),
            currency: find("currency"),
            net_weight_kg: find("net_weight_kg"),
            quantity: find("quantity"),
            quantity_unit: find("quantity_unit"),
            fx: context.fx.clone(),
        }))
    }
}

struct ShipmentsParser {
    declaration_id: usize,
    date: usize,
    hs_code: usize,
    text: [Option<usize>; 12],
    value: Option<usize>,
    currency: Option<usize>,
    net_weight_kg: Option<usize>,
    quantity: Option<usize>,
    quantity_unit: Option<usize>,
    fx: FxRates,
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `DD.MM.YYYY` or an ISO timestamp's date part.
fn parse_date(text: &str) -> Option<i32> {
    let date = text.get(..10).unwrap_or(text);
    let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (year, month, day) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    date_to_epoch_days(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

impl RowParser for ShipmentsParser {
    fn parse<'a>(&mut self, row: &Row<'a>) -> Result<ParsedRow<'a>, RowError> {
        let declaration_id = row.get(self.declaration_id);
        if declaration_id.is_empty() {
            return Err(RowError::field("declaration_id", "missing declaration id"));
        }
        let date_text = row.get(self.date);
        let date_epoch_days = parse_date(date_text)
            .ok_or_else(|| RowError::field("date", format!("invalid date {date_text:?}")))?;
        let hs_code = HsCode::parse(row.get(self.hs_code))
            .map_err(|e| RowError::field("hs_code", e.to_string()))?;
        let mut text: [Option<&'a str>; 12] = [None; 12];
        for (index, (column, position)) in SHIPMENT_TEXT_COLUMNS.iter().zip(self.text).enumerate() {
            let value = row.opt(position);
            if fields::is_missing(value) {
                continue;
            }
            if COUNTRY_COLUMNS.contains(column) {
                let country = fields::country(column, value)?;
                text[index] = Some(country.alpha3());
            } else {
                text[index] = Some(value);
            }
        }
        let value = match self.value {
            Some(i) => fields::amount("value", row.get(i), false)?,
            None => None,
        };
        let currency = match self
            .currency
            .map(|i| row.get(i))
            .filter(|c| !fields::is_missing(c))
        {
            Some(code) => Some(Currency::parse(code).ok_or_else(|| {
                RowError::field("currency", format!("unknown currency {code:?}"))
            })?),
            None => value.map(|_| Currency::Usd),
        };
        let period = epoch_days_to_period(date_epoch_days);
        let value_usd = match (value, currency, period) {
            (Some(v), Some(c), Some(p)) => Some(self.fx.to_usd(v, c, p)),
            _ => None,
        };
        let net_weight_kg = match self.net_weight_kg {
            Some(i) => fields::amount("net_weight_kg", row.get(i), false)?,
            None => None,
        };
        let quantity_unit = match self
            .quantity_unit
            .map(|i| row.get(i))
            .filter(|u| !fields::is_missing(u))
        {
            Some(unit) => Some(
                QuantityUnit::parse(unit)
                    .map_err(|e| RowError::field("quantity_unit", e.to_string()))?,
            ),
            None => None,
        };
        let quantity = match self.quantity {
            Some(i) => fields::amount("quantity", row.get(i), false)?,
            None => None,
        };
        Ok(ParsedRow::Shipment(ShipmentRow {
            declaration_id,
            date_epoch_days,
            hs_code,
            text,
            value,
            currency,
            value_usd,
            net_weight_kg,
            quantity,
            quantity_unit,
        }))
    }
}

/// The month of a `Date32` day number (inverse of Hinnant's days-from-civil).
fn epoch_days_to_period(days: i32) -> Option<Period> {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i32::from(month <= 2);
    Period::new(u16::try_from(year).ok()?, month as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_map_back_to_their_month() {
        let days = parse_date("2024-08-15").unwrap();
        assert_eq!(epoch_days_to_period(days).unwrap().to_string(), "2024-08");
        assert_eq!(parse_date("15.08.2024"), Some(days));
        assert_eq!(parse_date("2024-08-15T10:00:00Z"), Some(days));
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(
            epoch_days_to_period(parse_date("2024-03-01").unwrap())
                .unwrap()
                .to_string(),
            "2024-03"
        );
        assert_eq!(
            epoch_days_to_period(parse_date("2023-12-31").unwrap())
                .unwrap()
                .to_string(),
            "2023-12"
        );
    }
}
