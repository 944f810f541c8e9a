//! Arrow builders for the three tables; every format fills rows through these,
//! so normalisation to the catalog schema is written once.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder,
    RecordBatch, StringBuilder,
};
use arrow::error::ArrowError;
use chokepoint_catalog::schema::TableKind;
use chokepoint_catalog::{Currency, HsNomenclature};
use chokepoint_model::{
    Country, FlowDirection, Frequency, HsCode, HsRevision, Period, QuantityUnit,
};

/// A reporter or partner as stored: a country of the model's table, or an
/// aggregate a source names with its own code (IMF region ids such as `G110`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Party {
    pub code: &'static str,
    pub is_aggregate: bool,
}

impl From<&'static Country> for Party {
    fn from(country: &'static Country) -> Party {
        Party {
            code: country.alpha3(),
            is_aggregate: !country.is_bilateral_partner(),
        }
    }
}

/// One normalised aggregate-statistics row.
pub(crate) struct FlowRow {
    pub reporter: Party,
    pub partner: Party,
    pub flow: FlowDirection,
    pub period: Period,
    pub frequency: Frequency,
    /// `None` is total trade.
    pub commodity: Option<HsCode>,
    pub hs_revision: Option<HsRevision>,
    pub value_usd: Option<f64>,
    pub value_original: Option<f64>,
    pub currency: Currency,
    pub valuation: Option<&'static str>,
    pub net_weight_kg: Option<f64>,
    pub quantity: Option<f64>,
    pub quantity_unit: Option<QuantityUnit>,
}

/// One normalised shipment record.
pub(crate) struct ShipmentRow<'a> {
    pub declaration_id: &'a str,
    pub date_epoch_days: i32,
    pub hs_code: HsCode,
    pub text: [Option<&'a str>; 12],
    pub value: Option<f64>,
    pub currency: Option<Currency>,
    pub value_usd: Option<f64>,
    pub net_weight_kg: Option<f64>,
    pub quantity: Option<f64>,
    pub quantity_unit: Option<QuantityUnit>,
}

/// The text columns of shipments between `hs6` and `value`, in schema order.
pub(crate) const SHIPMENT_TEXT_COLUMNS: [&str; 12] = [
    "goods_description",
    "shipper_name",
    "shipper_address",
    "shipper_country",
    "consignee_name",
    "consignee_address",
    "consignee_country",
    "origin_country",
    "dispatch_country",
    "destination_country",
    "manufacturer",
    "brand",
];

/// Columns every row shares: format, file and ingest id.
pub(crate) struct Provenance {
    pub source: String,
    pub source_file: String,
    pub ingest_id: String,
}

pub(crate) struct FlowsBuilder {
    reporter: StringBuilder,
    reporter_is_aggregate: BooleanBuilder,
    partner: StringBuilder,
    partner_is_aggregate: BooleanBuilder,
    flow: StringBuilder,
    frequency: StringBuilder,
    period: Date32Builder,
    year: Int32Builder,
    month: Int32Builder,
    hs_code: StringBuilder,
    hs2: StringBuilder,
    hs4: StringBuilder,
    hs6: StringBuilder,
    hs_revision: StringBuilder,
    hs_known: BooleanBuilder,
    value_usd: Float64Builder,
    value_original: Float64Builder,
    currency: StringBuilder,
    valuation: StringBuilder,
    net_weight_kg: Float64Builder,
    quantity: Float64Builder,
    quantity_unit: StringBuilder,
    source_line: Int64Builder,
    n_rows: usize,
}

impl FlowsBuilder {
    pub fn new() -> FlowsBuilder {
        FlowsBuilder {
            reporter: StringBuilder::new(),
            reporter_is_aggregate: BooleanBuilder::new(),
            partner: StringBuilder::new(),
            partner_is_aggregate: BooleanBuilder::new(),
            flow: StringBuilder::new(),
            frequency: StringBuilder::new(),
            period: Date32Builder::new(),
            year: Int32Builder::new(),
            month: Int32Builder::new(),
            hs_code: StringBuilder::new(),
            hs2: StringBuilder::new(),
            hs4: StringBuilder::new(),
            hs6: StringBuilder::new(),
            hs_revision: StringBuilder::new(),
            hs_known: BooleanBuilder::new(),
            value_usd: Float64Builder::new(),
            value_original: Float64Builder::new(),
            currency: StringBuilder::new(),
            valuation: StringBuilder::new(),
            net_weight_kg: Float64Builder::new(),
            quantity: Float64Builder::new(),
            quantity_unit: StringBuilder::new(),
            source_line: Int64Builder::new(),
            n_rows: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.n_rows
    }

    pub fn push(&mut self, row: &FlowRow, line: u64, nomenclature: Option<&HsNomenclature>) {
        self.reporter.append_value(row.reporter.code);
        self.reporter_is_aggregate
            .append_value(row.reporter.is_aggregate);
        self.partner.append_value(row.partner.code);
        self.partner_is_aggregate
            .append_value(row.partner.is_aggregate);
        self.flow.append_value(row.flow.as_str());
        self.frequency.append_value(row.frequency.code());
        self.period.append_value(row.period.first_day_epoch_days());
        self.year.append_value(i32::from(row.period.year()));
        match row.frequency {
            Frequency::Monthly => self.month.append_value(i32::from(row.period.month())),
            Frequency::Annual => self.month.append_null(),
        }
        match &row.commodity {
            Some(code) => {
                self.hs_code.append_value(code.as_str());
                self.hs2.append_value(code.hs2());
                self.hs4.append_option(code.hs4());
                self.hs6.append_option(code.hs6());
                let revision = row
                    .hs_revision
                    .unwrap_or_else(|| HsRevision::in_force(row.period.year()));
                self.hs_known
                    .append_option(nomenclature.and_then(|n| n.is_known(code, revision)));
            }
            None => {
                self.hs_code.append_value("TOTAL");
                self.hs2.append_null();
                self.hs4.append_null();
                self.hs6.append_null();
                self.hs_known.append_null();
            }
        }
        self.hs_revision
            .append_option(row.hs_revision.map(HsRevision::label));
        self.value_usd.append_option(row.value_usd);
        self.value_original.append_option(row.value_original);
        self.currency.append_value(row.currency.code());
        self.valuation.append_option(row.valuation);
        self.net_weight_kg.append_option(row.net_weight_kg);
        self.quantity.append_option(row.quantity);
        self.quantity_unit
            .append_option(row.quantity_unit.map(QuantityUnit::code));
        self.source_line.append_value(line as i64);
        self.n_rows += 1;
    }

    pub fn finish(&mut self, provenance: &Provenance) -> Result<RecordBatch, ArrowError> {
        let n_rows = std::mem::take(&mut self.n_rows);
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.reporter.finish()),
            Arc::new(self.reporter_is_aggregate.finish()),
            Arc::new(self.partner.finish()),
            Arc::new(self.partner_is_aggregate.finish()),
            Arc::new(self.flow.finish()),
            Arc::new(self.frequency.finish()),
            Arc::new(self.period.finish()),
            Arc::new(self.year.finish()),
            Arc::new(self.month.finish()),
            Arc::new(self.hs_code.finish()),
            Arc::new(self.hs2.finish()),
            Arc::new(self.hs4.finish()),
            Arc::new(self.hs6.finish()),
            Arc::new(self.hs_revision.finish()),
            Arc::new(self.hs_known.finish()),
            Arc::new(self.value_usd.finish()),
            Arc::new(self.value_original.finish()),
            Arc::new(self.currency.finish()),
            Arc::new(self.valuation.finish()),
            Arc::new(self.net_weight_kg.finish()),
            Arc::new(self.quantity.finish()),
            Arc::new(self.quantity_unit.finish()),
        ];
        finish_with_provenance(
            TableKind::Flows,
            columns,
            &mut self.source_line,
            n_rows,
            provenance,
        )
    }
}

pub(crate) struct ShipmentsBuilder {
    declaration_id: StringBuilder,
    date: Date32Builder,
    hs_code: StringBuilder,
    hs6: StringBuilder,
    text: Vec<StringBuilder>,
    value: Float64Builder,
    currency: StringBuilder,
    value_usd: Float64Builder,
    net_weight_kg: Float64Builder,
    quantity: Float64Builder,
    quantity_unit: StringBuilder,
    source_line: Int64Builder,
    n_rows: usize,
}

impl ShipmentsBuilder {
    pub fn new() -> ShipmentsBuilder {
        ShipmentsBuilder {
            declaration_id: StringBuilder::new(),
            date: Date32Builder::new(),
            hs_code: StringBuilder::new(),
            hs6: StringBuilder::new(),
            text: (0..SHIPMENT_TEXT_COLUMNS.len())
                .map(|_| StringBuilder::new())
                .collect(),
            value: Float64Builder::new(),
            currency: StringBuilder::new(),
            value_usd: Float64Builder::new(),
            net_weight_kg: Float64Builder::new(),
            quantity: Float64Builder::new(),
            quantity_unit: StringBuilder::new(),
            source_line: Int64Builder::new(),
            n_rows: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.n_rows
    }

    pub fn push(&mut self, row: &ShipmentRow<'_>, line: u64) {
        self.declaration_id.append_value(row.declaration_id);
        self.date.append_value(row.date_epoch_days);
        self.hs_code.append_value(row.hs_code.as_str());
        self.hs6.append_option(row.hs_code.hs6());
        for (builder, value) in self.text.iter_mut().zip(row.text.iter()) {
            builder.append_option(*value);
        }
        self.value.append_option(row.value);
        self.currency
            .append_option(row.currency.map(Currency::code));
        self.value_usd.append_option(row.value_usd);
        self.net_weight_kg.append_option(row.net_weight_kg);
        self.quantity.append_option(row.quantity);
        self.quantity_unit
            .append_option(row.quantity_unit.map(QuantityUnit::code));
        self.source_line.append_value(line as i64);
        self.n_rows += 1;
    }

    pub fn finish(&mut self, provenance: &Provenance) -> Result<RecordBatch, ArrowError> {
        let n_rows = std::mem::take(&mut self.n_rows);
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.declaration_id.finish()),
            Arc::new(self.date.finish()),
            Arc::new(self.hs_code.finish()),
            Arc::new(self.hs6.finish()),
        ];
        columns.extend(
            self.text
                .iter_mut()
                .map(|b| Arc::new(b.finish()) as ArrayRef),
        );
        columns.extend([
            Arc::new(self.value.finish()) as ArrayRef,
            Arc::new(self.currency.finish()),
            Arc::new(self.value_usd.finish()),
            Arc::new(self.net_weight_kg.finish()),
            Arc::new(self.quantity.finish()),
            Arc::new(self.quantity_unit.finish()),
        ]);
        finish_with_provenance(
            TableKind::Shipments,
            columns,
            &mut self.source_line,
            n_rows,
            provenance,
        )
    }
}

/// Appends `source, source_file, source_line, ingest_id` and builds the batch.
fn finish_with_provenance(
    table: TableKind,
    mut columns: Vec<ArrayRef>,
    source_line: &mut Int64Builder,
    n_rows: usize,
    provenance: &Provenance,
) -> Result<RecordBatch, ArrowError> {
    let constant = |value: &str| -> ArrayRef {
        let mut builder = StringBuilder::with_capacity(n_rows, value.len() * n_rows);
        for _ in 0..n_rows {
            builder.append_value(value);
        }
        Arc::new(builder.finish())
    };
    columns.push(constant(&provenance.source));
    columns.push(constant(&provenance.source_file));
    columns.push(Arc::new(source_line.finish()));
    columns.push(constant(&provenance.ingest_id));
    RecordBatch::try_new(table.schema(), columns)
}

/// One rejected row.
pub(crate) struct RejectRow<'a> {
    pub line: u64,
    pub field: Option<&'a str>,
    pub reason: &'a str,
    pub raw: &'a str,
}

pub(crate) struct RejectsBuilder {
    line: Int64Builder,
    field: StringBuilder,
    reason: StringBuilder,
    raw: StringBuilder,
    n_rows: usize,
}

impl RejectsBuilder {
    pub fn new() -> RejectsBuilder {
        RejectsBuilder {
            line: Int64Builder::new(),
            field: StringBuilder::new(),
            reason: StringBuilder::new(),
            raw: StringBuilder::new(),
            n_rows: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.n_rows
    }

    pub fn push(&mut self, row: &RejectRow<'_>) {
        self.line.append_value(row.line as i64);
        self.field.append_option(row.field);
        self.reason.append_value(row.reason);
        self.raw.append_value(row.raw);
        self.n_rows += 1;
    }

    pub fn finish(&mut self, provenance: &Provenance) -> Result<RecordBatch, ArrowError> {
        let n_rows = std::mem::take(&mut self.n_rows);
        let constant = |value: &str| -> ArrayRef {
            Arc::new(arrow::array::StringArray::from(vec![value; n_rows]))
        };
        let columns: Vec<ArrayRef> = vec![
            constant(&provenance.source_file),
            Arc::new(self.line.finish()),
            constant(&provenance.source),
            Arc::new(self.field.finish()),
            Arc::new(self.reason.finish()),
            Arc::new(self.raw.finish()),
            constant(&provenance.ingest_id),
        ];
        RecordBatch::try_new(TableKind::Rejects.schema(), columns)
    }
}
