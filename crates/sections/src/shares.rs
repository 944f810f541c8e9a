//! Origin shares: the stacked-shares chart, its table and the key figure.

use std::collections::BTreeMap;

use arrow::array::{Array, ArrayRef, AsArray, RecordBatch};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type};
use arrow::error::ArrowError;
use chokepoint_report::{Cell, Chart, KeyFigure, Section, Series, Table};

/// Origin shares by period, as the shares plan returned them.
#[derive(Debug, Clone, Default)]
pub struct ShareTable {
    periods: Vec<String>,
    /// origin → period → (value, share)
    origins: BTreeMap<String, BTreeMap<String, (f64, f64)>>,
}

impl ShareTable {
    /// Reads `period, origin, value_usd, share` batches.
    pub fn of(batches: &[RecordBatch]) -> Result<ShareTable, ArrowError> {
        let mut table = ShareTable::default();
        for batch in batches {
            let period = cast(batch.column(0), &DataType::Utf8)?;
            let origin = cast(batch.column(1), &DataType::Utf8)?;
            let value = cast(batch.column(2), &DataType::Float64)?;
            let share = cast(batch.column(3), &DataType::Float64)?;
            let (period, origin) = (period.as_string::<i32>(), origin.as_string::<i32>());
            let (value, share) = (
                value.as_primitive::<Float64Type>(),
                share.as_primitive::<Float64Type>(),
            );
            for row in 0..batch.num_rows() {
                if period.is_null(row) || origin.is_null(row) {
                    continue;
                }
                let p = period.value(row).to_string();
                if !table.periods.contains(&p) {
                    table.periods.push(p.clone());
                }
                table
                    .origins
                    .entry(origin.value(row).to_string())
                    .or_default()
                    .insert(p, (value.value(row), share.value(row)));
            }
        }
        table.periods.sort();
        Ok(table)
    }

    /// Origins by total value, largest first, "other" last.
    pub fn ranked_origins(&self) -> Vec<&String> {
        let mut ranked: Vec<(&String, f64)> = self
            .origins
            .iter()
            .map(|(o, by)| (o, by.values().map(|v| v.0).sum()))
            .collect();
        ranked.sort_by(|a, b| {
            (a.0 == "other")
                .cmp(&(b.0 == "other"))
                .then(b.1.total_cmp(&a.1))
        });
        ranked.into_iter().map(|(o, _)| o).collect()
    }

    /// The largest origin's share in the last period, against the first.
    pub fn key_figures(&self) -> Vec<KeyFigure> {
        let (Some(first), Some(last)) = (self.periods.first(), self.periods.last()) else {
            return vec![];
        };
        let Some(top) = self.ranked_origins().into_iter().find(|o| *o != "other") else {
            return vec![];
        };
        let share_in = |p: &String| self.origins[top].get(p).map_or(0.0, |v| v.1);
        vec![KeyFigure {
            label: format!("Share of {top}, {last}"),
            value: format!("{:.0}%", share_in(last) * 100.0),
            note: Some(format!("{:.0}% in {first}", share_in(first) * 100.0)),
        }]
    }

    /// The stacked-shares chart and the table behind it.
    pub fn section(&self, destination: &str) -> Section {
        let origins = self.ranked_origins();
        let series = origins
            .iter()
            .map(|o| Series {
                name: (*o).clone(),
                values: self
                    .periods
                    .iter()
                    .map(|p| Some(self.origins[*o].get(p).map_or(0.0, |v| v.1)))
                    .collect(),
            })
            .collect();
        let mut columns = vec!["origin".to_string()];
        columns.extend(self.periods.iter().cloned());
        let rows = origins
            .iter()
            .map(|o| {
                let mut row = vec![Cell::Text((*o).clone())];
                row.extend(self.periods.iter().map(|p| {
                    self.origins[*o]
                        .get(p)
                        .map_or(Cell::Empty, |v| Cell::Share(v.1))
                }));
                row
            })
            .collect();
        Section {
            title: "Origin shares".into(),
            text: Some(format!(
                "Each origin's share of {destination}'s imports of the basket, measured by \
                 partners' reported exports to {destination} (mirror statistics, the only source \
                 once it stopped publishing). Aggregate partners never count; the largest origins \
                 are shown, the rest as \"other\"."
            )),
            charts: vec![Chart::StackedShares {
                title: format!("Origins of {destination}'s imports"),
                periods: self.periods.clone(),
                series,
            }],
            tables: vec![Table {
                name: "origin_shares".into(),
                caption: "Share of each origin by period".into(),
                columns,
                rows,
            }],
        }
    }
}

/// Direct against mirror shares (`source=both` rows) as a table.
pub fn both_table(batches: &[RecordBatch]) -> Result<Table, ArrowError> {
    let mut rows = Vec::new();
    for batch in batches {
        let text = |i: usize| cast(batch.column(i), &DataType::Utf8);
        let number = |i: usize| cast(batch.column(i), &DataType::Float64);
        let (period, origin) = (text(0)?, text(1)?);
        let (direct, mirror, gap) = (number(3)?, number(5)?, number(6)?);
        let share = |array: &ArrayRef, row: usize| {
            let values = array.as_primitive::<Float64Type>();
            if values.is_null(row) {
                Cell::Empty
            } else {
                Cell::Share(values.value(row))
            }
        };
        for row in 0..batch.num_rows() {
            rows.push(vec![
                Cell::Text(period.as_string::<i32>().value(row).to_string()),
                Cell::Text(origin.as_string::<i32>().value(row).to_string()),
                share(&direct, row),
                share(&mirror, row),
                share(&gap, row),
            ]);
        }
    }
    Ok(Table {
        name: "direct_vs_mirror".into(),
        caption: "Direct (the destination's imports) against mirror (partners' exports) shares"
            .into(),
        columns: ["period", "origin", "direct", "mirror", "gap"]
            .map(String::from)
            .to_vec(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::{Float64Array, StringArray};

    use super::*;

    fn rows(rows: &[(Option<&str>, &str, f64, f64)]) -> RecordBatch {
        let column = |values: Vec<Option<&str>>| Arc::new(StringArray::from(values)) as ArrayRef;
        let number = |values: Vec<f64>| Arc::new(Float64Array::from(values)) as ArrayRef;
        RecordBatch::try_from_iter([
            ("period", column(rows.iter().map(|r| r.0).collect())),
            ("origin", column(rows.iter().map(|r| Some(r.1)).collect())),
            ("value_usd", number(rows.iter().map(|r| r.2).collect())),
            ("share", number(rows.iter().map(|r| r.3).collect())),
        ])
        .unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn origins_rank_by_total_value_with_other_last() {
        let table = ShareTable::of(&[rows(&[
            (Some("2023"), "other", 500.0, 0.5),
            (Some("2023"), "HKG", 100.0, 0.1),
            (Some("2021"), "CHN", 300.0, 0.3),
            (Some("2023"), "CHN", 400.0, 0.4),
            (None, "DEU", 900.0, 0.9),
        ])])
        .unwrap_or_else(|error| panic!("{error}"));
        // A row without a period is no share of any period.
        assert_eq!(table.ranked_origins(), ["CHN", "HKG", "other"]);
        let figures = table.key_figures();
        assert_eq!(figures[0].label, "Share of CHN, 2023");
        assert_eq!(figures[0].value, "40%");
        assert_eq!(figures[0].note.as_deref(), Some("30% in 2021"));
        // An origin missing in a period is an empty cell, not a zero share.
        let section = table.section("RUS");
        assert_eq!(section.tables[0].columns, ["origin", "2021", "2023"]);
        assert!(matches!(section.tables[0].rows[1][1], Cell::Empty));
    }

    #[test]
    fn no_rows_give_no_key_figure() {
        let table = ShareTable::of(&[]).unwrap_or_else(|error| panic!("{error}"));
        assert!(table.key_figures().is_empty());
    }
}
