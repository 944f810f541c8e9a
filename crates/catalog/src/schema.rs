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
    /// Canonical parties of the shipment records (entity resolution).
    Entities,
    /// Edges between entities: ownership, control and aggregated trade.
    Relations,
    /// How each spelling of a party was resolved, with the evidence.
    Resolution,
    /// Analysts' merge/split decisions the resolution honours.
    ResolutionDecisions,
    /// Risk alerts raised on shipments.
    Alerts,
    /// Best listed match of each party name of the shipments (`screen --table`).
    ScreeningResults,
}

impl TableKind {
    /// Every table, in the order commands list them.
    pub const ALL: [TableKind; 9] = [
        TableKind::Flows,
        TableKind::Shipments,
        TableKind::Rejects,
        TableKind::Entities,
        TableKind::Relations,
        TableKind::Resolution,
        TableKind::ResolutionDecisions,
        TableKind::Alerts,
        TableKind::ScreeningResults,
    ];

    /// The tables `chokepoint ingest` writes.
    pub const INGESTED: [TableKind; 3] =
        [TableKind::Flows, TableKind::Shipments, TableKind::Rejects];

    /// The table name (also its directory name and SQL name).
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Flows => "flows",
            TableKind::Shipments => "shipments",
            TableKind::Rejects => "rejects",
            TableKind::Entities => "entities",
            TableKind::Relations => "relations",
            TableKind::Resolution => "resolution",
            TableKind::ResolutionDecisions => "resolution_decisions",
            TableKind::Alerts => "alerts",
            TableKind::ScreeningResults => "screening_results",
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
            TableKind::Entities => ENTITIES.clone(),
            TableKind::Relations => RELATIONS.clone(),
            TableKind::Resolution => RESOLUTION.clone(),
            TableKind::ResolutionDecisions => RESOLUTION_DECISIONS.clone(),
            TableKind::Alerts => ALERTS.clone(),
            TableKind::ScreeningResults => SCREENING_RESULTS.clone(),
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

fn date(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Date32, nullable)
}

fn int(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Int64, nullable)
}

/// `ingest_id` of derived tables: the id of the build or decision that wrote the row.
static ENTITIES: LazyLock<SchemaRef> = LazyLock::new(|| {
    Arc::new(Schema::new(vec![
        utf8("entity_id", false),
        utf8("canonical_name", false),
        utf8("country", true),
        utf8("address", true),
        utf8("names", false),
        int("n_spellings", false),
        int("n_shipments", false),
        date("first_seen", true),
        date("last_seen", true),
        utf8("ingest_id", false),
    ]))
});

static RELATIONS: LazyLock<SchemaRef> = LazyLock::new(|| {
    Arc::new(Schema::new(vec![
        utf8("from_id", false),
        utf8("from_name", false),
        utf8("to_id", false),
        utf8("to_name", false),
        utf8("kind", false),
        float("share"),
        int("n_shipments", true),
        float("value_usd"),
        utf8("hs6_codes", true),
        date("first_date", true),
        date("last_date", true),
        utf8("evidence", false),
        utf8("ingest_id", false),
    ]))
});

static RESOLUTION: LazyLock<SchemaRef> = LazyLock::new(|| {
    Arc::new(Schema::new(vec![
        utf8("party_name", false),
        utf8("party_address", true),
        utf8("party_country", true),
        utf8("entity_id", false),
        utf8("rule", false),
        float("name_score"),
        float("address_score"),
        utf8("merged_with", true),
        utf8("ingest_id", false),
    ]))
});

static RESOLUTION_DECISIONS: LazyLock<SchemaRef> = LazyLock::new(|| {
    Arc::new(Schema::new(vec![
        utf8("left_name", false),
        utf8("right_name", false),
        utf8("decision", false),
        utf8("note", true),
        utf8("decided_at", false),
        utf8("ingest_id", false),
    ]))
});

static ALERTS: LazyLock<SchemaRef> = LazyLock::new(|| {
    Arc::new(Schema::new(vec![
        utf8("declaration_id", false),
        date("date", false),
        float("score"),
        utf8("shipper_name", true),
        utf8("consignee_name", true),
        utf8("consignee_country", true),
        utf8("destination_country", true),
        utf8("hs_code", false),
        float("value_usd"),
        utf8("reasons", false),
        utf8("raised_at", false),
        utf8("source_file", false),
        utf8("ingest_id", false),
    ]))
});

static SCREENING_RESULTS: LazyLock<SchemaRef> = LazyLock::new(|| {
    Arc::new(Schema::new(vec![
        utf8("declaration_id", false),
        utf8("column", false),
        utf8("name", false),
        float("score"),
        Field::new("is_match", DataType::Boolean, false),
        utf8("entity_id", true),
        utf8("caption", true),
        utf8("list", true),
        utf8("matched_listed_name", true),
        utf8("explanation", true),
        utf8("screened_at", false),
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
