//! CSV answers of the binary read by column name, so a column added or
//! moved in an output fails only the tests about that column.
#![allow(dead_code)]

use std::process::Output;

use csv::StringRecord;

/// A CSV answer: its header and rows.
pub struct Answer {
    pub header: StringRecord,
    pub rows: Vec<StringRecord>,
}

impl Answer {
    /// Reads the standard output of a `--output csv` run.
    pub fn parse(output: &Output) -> Answer {
        let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
        let header = reader.headers().expect("a CSV header").clone();
        let rows = reader
            .records()
            .map(|record| record.expect("a CSV record"))
            .collect();
        Answer { header, rows }
    }

    /// The cell of `row` under `column`; panics naming a missing column.
    pub fn get<'a>(&self, row: &'a StringRecord, column: &str) -> &'a str {
        let index = self
            .header
            .iter()
            .position(|name| name == column)
            .unwrap_or_else(|| panic!("no column {column:?} in {:?}", self.header));
        &row[index]
    }

    /// The cell of `row` under `column` as a number.
    pub fn number(&self, row: &StringRecord, column: &str) -> f64 {
        let text = self.get(row, column);
        text.parse()
            .unwrap_or_else(|_| panic!("{column} = {text:?} is not a number"))
    }

    /// The first row whose `column` is `value`; panics if there is none.
    pub fn find(&self, column: &str, value: &str) -> &StringRecord {
        self.rows
            .iter()
            .find(|row| self.get(row, column) == value)
            .unwrap_or_else(|| panic!("no row with {column} = {value:?}"))
    }

    /// Every value of `column`, in row order.
    pub fn column(&self, column: &str) -> Vec<&str> {
        self.rows.iter().map(|row| self.get(row, column)).collect()
    }
}
