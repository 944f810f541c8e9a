//! Parsing on several threads loses, duplicates and reorders nothing that matters:
//! the same rows and rejects, with their lines, as on one thread.

use std::sync::Arc;

use arrow::array::AsArray;
use arrow::datatypes::Int64Type;
use chokepoint_catalog::schema::TableKind;
use chokepoint_ingest::{IngestOptions, read_file};

fn lines_by_table(path: &std::path::Path, parse_threads: usize) -> (Vec<i64>, Vec<i64>) {
    let options = IngestOptions {
        parse_threads,
        batch_rows: 1000,
        ..IngestOptions::default()
    };
    let (mut rows, mut rejects) = (Vec::new(), Vec::new());
    read_file(path, "t", &options, Arc::default(), &mut |kind, batch| {
        let column = if kind == TableKind::Rejects {
            "line"
        } else {
            "source_line"
        };
        let lines = batch
            .column_by_name(column)
            .unwrap()
            .as_primitive::<Int64Type>()
            .values()
            .to_vec();
        match kind {
            TableKind::Rejects => rejects.extend(lines),
            _ => rows.extend(lines),
        }
        Ok(())
    })
    .unwrap();
    rows.sort_unstable();
    rejects.sort_unstable();
    (rows, rejects)
}

#[test]
fn every_line_lands_once_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows.csv");
    let mut text = String::from("reporterISO,partnerISO,flowCode,period,cmdCode,primaryValue\n");
    for index in 0..20_011 {
        let value = if index % 97 == 0 {
            "oops".to_string()
        } else {
            index.to_string()
        };
        text.push_str(&format!(
            "CHN,RUS,X,2024{:02},854231,{value}\n",
            index % 12 + 1
        ));
    }
    std::fs::write(&path, text).unwrap();
    let single = lines_by_table(&path, 1);
    let parallel = lines_by_table(&path, 4);
    assert_eq!(single, parallel);
    let expected_rejects: Vec<i64> = (0..20_011).filter(|i| i % 97 == 0).map(|i| i + 2).collect();
    assert_eq!(single.1, expected_rejects);
    assert_eq!(single.0.len() + single.1.len(), 20_011);
}
