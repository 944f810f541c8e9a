//! Arrow schemas of the tables the store keeps.
//!
//! Codes are stored as their canonical text (ISO alpha-3 countries, HS digits,
//! flow labels, unit codes) so any Delta/Parquet reader can use the tables
//! without our types. Every row keeps the file, line and ingest id it came from.
//!
//! `flows` columns worth knowing: `frequency` is `M` (monthly; `month` set) or
//! `A` (annual; `period` is the year's January, `month` null); `partner_is_aggregate`
//! marks World and regional totals, which analyses never count as partners;
//! `hs_code` is `TOTAL` for rows without HS breakdown; `hs_known` is false for
//! codes absent from the loaded nomenclature of their revision (null when no
//! nomenclature was loaded); `value_usd` is converted from `value_original` in
//! `currency` where the source is not in USD; `valuation` is `CIF` or `FOB`.

use std::sync::{Arc, LazyLock};

use arrow::datatypes::{DataType, Field, Schema, SchemaRef};

/// The tables of a Chokepoint data directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    /// Aggregate trade statistics (Comtrade, Comext, BACI, China customs).
    Flows,
    /// Transaction-level shipment records.
    Shipments,
    /// Rows rejected by ingest, with the reason.
    Rejects,
}

impl TableKind {
    /// Every table, in the order commands list them.
    pub const ALL: [TableKind; 3] = [TableKind::Flows, TableKind::Shipments, TableKind::Rejects];

    /// The table name (also its directory name and SQL name).
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Flows => "flows",
            TableKind::Shipments => "shipments",
            TableKind::Rejects => "rejects",
        }
    }

    /// Parses a table name.
    pub fn parse(name: &str) -> Option<TableKind> {
        TableKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The Arrow schema of the table.
    pub fn schema(self) -> SchemaRef {
        match self {
            TableKind::Flows => FLOWS.clone(),
            TableKind::Shipments => SHIPMENTS.clone(),
            TableKind::Rejects => REJECTS.clone(),
        }
    }
}

fn utf8(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn float(name: &str) -> Field {
    Field::new(name, DataType::Float64, true)
}

fn provenance() -> [Field; 4] {
    [
        utf8("source", false),
        utf8("source_file", false),
        Field::new("source_line", DataType::Int64, false),
        utf8("ingest_id", false),
    ]
}

static FLOWS: LazyLock<SchemaRef> = LazyLock::new(|| {
    let mut fields = vec![
        utf8("reporter", false),
        Field::new("reporter_is_aggregate", DataType::Boolean, false),
        utf8("partner", false),
        Field::new("partner_is_aggregate", DataType::Boolean, false),
        utf8("flow", false),
        utf8("frequency", false),
        Field::new("period", DataType::Date32, false),
        Field::new("year", DataType::Int32, false),
        Field::new("month", DataType::Int32, true),
        utf8("hs_code", false),
        utf8("hs2", true),
        utf8("hs4", true),
        utf8("hs6", true),
        utf8("hs_revision", true),
        Field::new("hs_known", DataType::Boolean, true),
        float("value_usd"),
        float("value_original"),
        utf8("currency", false),
        utf8("valuation", true),
        float("net_weight_kg"),
        float("quantity"),
        utf8("quantity_unit", true),
    ];
    fields.extend(provenance());
    Arc::new(Schema::new(fields))
});

static SHIPMENTS: LazyLock<SchemaRef> = LazyLock::new(|| {
    let mut fields = vec![
        utf8("declaration_id", false),
        Field::new("date", DataType::Date32, false),
        utf8("hs_code", false),
        utf8("hs6", true),
        utf8("goods_description", true),
        utf8("shipper_name", true),
        utf8("shipper_address", true),
        utf8("shipper_country", true),
        utf8("consignee_name", true),
        utf8("consignee_address", true),
        utf8("consignee_country", true),
        utf8("origin_country", true),
        utf8("dispatch_country", true),
        utf8("destination_country", true),
        utf8("manufacturer", true),
        utf8("brand", true),
        float("value"),
        utf8("currency", true),
        float("value_usd"),
        float("net_weight_kg"),
        float("quantity"),
        utf8("quantity_unit", true),
    ];
    fields.extend(provenance());
    Arc::new(Schema::new(fields))
});

static REJECTS: LazyLock<SchemaRef> = LazyLock::new(|| {
    Arc::new(Schema::new(vec![
        utf8("source_file", false),
        Field::new("line", DataType::Int64, false),
        utf8("format", false),
        utf8("field", true),
        utf8("reason", false),
        utf8("raw", false),
        utf8("ingest_id", false),
    ]))
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_schemas_carry_provenance() {
        for kind in TableKind::ALL {
            assert_eq!(TableKind::parse(kind.name()), Some(kind));
            assert!(kind.schema().field_with_name("ingest_id").is_ok());
        }
        assert_eq!(TableKind::parse("nope"), None);
    }
}
