//! Reference tables as Arrow batches, for registration as SQL tables.

use std::sync::Arc;

use arrow::array::{ArrayRef, BooleanArray, Int32Array, RecordBatch, StringArray};
use chokepoint_model::{Country, CountryKind};

use crate::{BasketSet, CatalogError, HsNomenclature};

/// `countries(alpha3, alpha2, m49, name, is_aggregate, aliases)`.
pub fn countries_batch() -> Result<RecordBatch, CatalogError> {
    let all = Country::all();
    let columns: Vec<(&str, ArrayRef)> = vec![
        (
            "alpha3",
            Arc::new(StringArray::from_iter_values(
                all.iter().map(|c| c.alpha3()),
            )),
        ),
        (
            "alpha2",
            Arc::new(StringArray::from_iter_values(
                all.iter().map(|c| c.alpha2()),
            )),
        ),
        (
            "m49",
            Arc::new(Int32Array::from_iter_values(
                all.iter().map(|c| i32::from(c.m49())),
            )),
        ),
        (
            "name",
            Arc::new(StringArray::from_iter_values(all.iter().map(|c| c.name()))),
        ),
        (
            "is_aggregate",
            Arc::new(BooleanArray::from_iter(
                all.iter().map(|c| Some(c.kind() == CountryKind::Aggregate)),
            )),
        ),
        (
            "aliases",
            Arc::new(StringArray::from_iter_values(
                all.iter().map(|c| c.aliases().join("; ")),
            )),
        ),
    ];
    Ok(RecordBatch::try_from_iter(columns)?)
}

/// `hs(revision, code, level, section, description)`.
pub fn hs_batch(nomenclature: &HsNomenclature) -> Result<RecordBatch, CatalogError> {
    let mut entries: Vec<_> = nomenclature.entries().collect();
    entries.sort_by(|a, b| (a.revision, &a.code).cmp(&(b.revision, &b.code)));
    let columns: Vec<(&str, ArrayRef)> = vec![
        (
            "revision",
            Arc::new(StringArray::from_iter_values(
                entries.iter().map(|e| e.revision.label()),
            )),
        ),
        (
            "code",
            Arc::new(StringArray::from_iter_values(
                entries.iter().map(|e| e.code.as_str()),
            )),
        ),
        (
            "level",
            Arc::new(Int32Array::from_iter_values(
                entries.iter().map(|e| e.code.len() as i32),
            )),
        ),
        (
            "section",
            Arc::new(StringArray::from_iter_values(
                entries.iter().map(|e| e.section.as_str()),
            )),
        ),
        (
            "description",
            Arc::new(StringArray::from_iter_values(
                entries.iter().map(|e| e.description.as_str()),
            )),
        ),
    ];
    Ok(RecordBatch::try_from_iter(columns)?)
}

/// `baskets(basket, code, before_hs2022_only, description, origin)`: one row per
/// code; the total-trade basket has one row with code `TOTAL`. Join flows with
/// `starts_with(flows.hs_code, baskets.code)`.
pub fn baskets_batch(baskets: &BasketSet) -> Result<RecordBatch, CatalogError> {
    let mut names = Vec::new();
    let mut codes = Vec::new();
    let mut old_only = Vec::new();
    let mut descriptions = Vec::new();
    let mut origins = Vec::new();
    for basket in baskets.iter() {
        let mut push = |code: String, before_hs2022: bool| {
            names.push(basket.name().to_string());
            codes.push(code);
            old_only.push(Some(before_hs2022));
            descriptions.push(basket.description().to_string());
            origins.push(basket.origin().to_string());
        };
        if basket.is_total_trade() {
            push("TOTAL".to_string(), false);
        }
        for code in basket.codes() {
            push(code.prefix().to_string(), code.before_hs2022_only());
        }
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("basket", Arc::new(StringArray::from(names))),
        ("code", Arc::new(StringArray::from(codes))),
        ("before_hs2022_only", Arc::new(BooleanArray::from(old_only))),
        ("description", Arc::new(StringArray::from(descriptions))),
        ("origin", Arc::new(StringArray::from(origins))),
    ];
    Ok(RecordBatch::try_from_iter(columns)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_have_one_row_per_item() {
        let countries = countries_batch().unwrap();
        assert_eq!(countries.num_rows(), Country::all().len());
        let baskets = baskets_batch(&BasketSet::builtin()).unwrap();
        let chpl_rows = baskets
            .column_by_name("basket")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap()
            .iter()
            .filter(|name| *name == Some("chpl"))
            .count();
        // 50 HS 2022 codes plus the 5 HS 2017 codes they moved from.
        assert_eq!(chpl_rows, 55);
    }
}
