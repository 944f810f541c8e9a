//! The document formats (Data Browser spreadsheets, SDMX-CSV, IMF IMTS, UN
//! Comtrade API JSON) on files written here in the published layouts — the
//! XLSX by openpyxl, so it is a real workbook — with bad cells, checking what
//! is kept and that every reject names its file, place and reason.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::{Float64Type, Int64Type};
use chokepoint_catalog::schema::TableKind;
use chokepoint_ingest::{FileSummary, IngestError, IngestOptions, read_file};

struct Read {
    summary: FileSummary,
    rows: Vec<RecordBatch>,
    rejects: Vec<RecordBatch>,
}

fn try_read(path: &Path) -> Result<Read, IngestError> {
    let mut rows = Vec::new();
    let mut rejects = Vec::new();
    let summary = read_file(
        path,
        "test",
        &IngestOptions::default(),
        Arc::default(),
        &mut |kind, batch| {
            match kind {
                TableKind::Rejects => rejects.push(batch),
                _ => rows.push(batch),
            }
            Ok(())
        },
    )?;
    Ok(Read {
        summary,
        rows,
        rejects,
    })
}

fn read(path: &Path) -> Read {
    try_read(path).unwrap()
}

fn strings(batches: &[RecordBatch], column: &str) -> Vec<String> {
    batches
        .iter()
        .flat_map(|b| {
            let array = b.column_by_name(column).unwrap().as_string::<i32>().clone();
            (0..array.len())
                .map(move |i| {
                    if array.is_valid(i) {
                        array.value(i).to_string()
                    } else {
                        String::new()
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn floats(batches: &[RecordBatch], column: &str) -> Vec<f64> {
    batches
        .iter()
        .flat_map(|b| {
            let array = b
                .column_by_name(column)
                .unwrap()
                .as_primitive::<Float64Type>()
                .clone();
            (0..array.len())
                .map(move |i| array.value(i))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn lines(batches: &[RecordBatch]) -> Vec<i64> {
    batches
        .iter()
        .flat_map(|b| {
            let array = b
                .column_by_name("line")
                .unwrap()
                .as_primitive::<Int64Type>()
                .clone();
            (0..array.len())
                .map(move |i| array.value(i))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Runs a Python script with arguments; it must succeed.
fn run_python(python: &Path, script: &str, args: &[&std::ffi::OsStr]) {
    let status = Command::new(python)
        .args(["-c", script])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "{script}");
}

/// A Data Browser workbook as Eurostat lays it out (Summary sheet, then product
/// sheets), written by openpyxl; `None` (a skip) without the test Python.
fn write_workbook(path: &Path) -> Option<()> {
    let python = chokepoint_test_support::test_python(&["openpyxl"])?;
    let script = r#"
import sys, openpyxl
wb = openpyxl.Workbook()
summary = wb.active
summary.title = "Summary"
summary["A6"] = "EU trade since 1988 by HS2-4-6 and CN8 [DS-045409__custom_1]"
def product_sheet(title, product, indicator, rows):
    ws = wb.create_sheet(title)
    ws["A1"] = "Data extracted on 21/01/2023 20:35:13 from [ESTAT]"
    ws["A2"] = "Dataset: "; ws["B2"] = "EU trade since 1988 by HS2-4-6 and CN8 [DS-045409__custom_1]"
    ws["A5"] = "PRODUCT [PRODUCT]"; ws["C5"] = product
    ws["A6"] = "FLOW"; ws["C6"] = "EXPORT"
    ws["A7"] = "INDICATORS"; ws["C7"] = indicator
    ws.append([])
    ws.cell(9, 1, "TIME"); ws.cell(9, 2, "TIME")
    for i, m in enumerate(["2022-01", "2022-02", "2022-03"]):
        ws.cell(9, 3 + i, m); ws.cell(10, 3 + i, "Monthly")
    ws.cell(10, 1, "FREQ (Labels)"); ws.cell(10, 2, "FREQ (Labels)")
    ws.cell(11, 1, "REPORTER (Labels)"); ws.cell(11, 2, "PARTNER (Labels)")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            ws.cell(12 + r, 1 + c, v)
    ws.cell(13 + len(rows), 1, "Special value")
    ws.cell(14 + len(rows), 1, ":"); ws.cell(14 + len(rows), 2, "not available")
product_sheet("Sheet 1", "Processors and controllers [85423190]", "VALUE_IN_EUROS", [
    ["Germany (incl. German Democratic Republic 'DD' from 1991)", "Russian Federation (Russia)", 1000, 2000.5, ":"],
    ["Germany (incl. German Democratic Republic 'DD' from 1991)", "Kazakhstan", ":", "12x", 300],
    ["Atlantis", "Armenia", 5, 6, 7],
])
product_sheet("Sheet 2", "Processors and controllers [85423190]", "QUANTITY_IN_100KG", [
    ["Austria", "Armenia", 1, 2, 3],
])
wb.save(sys.argv[1])
"#;
    run_python(&python, script, &[path.as_os_str()]);
    Some(())
}

#[test]
fn data_browser_workbook_cells_become_rows_and_bad_cells_name_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("DS-045409_spreadsheet.xlsx");
    if write_workbook(&path).is_none() {
        return;
    }
    let read = read(&path);
    assert_eq!(read.summary.format, "eurostat-sheet");
    // 1000, 2000.5 and 300; ":" is missing, not zero.
    assert_eq!((read.summary.n_rows, read.summary.n_rejected), (3, 3));
    assert_eq!(strings(&read.rows, "partner"), ["RUS", "RUS", "KAZ"]);
    assert_eq!(strings(&read.rows, "reporter"), ["DEU", "DEU", "DEU"]);
    assert_eq!(strings(&read.rows, "hs_code"), ["85423190"; 3]);
    assert_eq!(
        floats(&read.rows, "value_original"),
        [1000.0, 2000.5, 300.0]
    );
    assert_eq!(strings(&read.rows, "currency"), ["EUR"; 3]);
    let files = strings(&read.rejects, "source_file");
    assert!(files.iter().all(|f| f == &path.display().to_string()));
    assert_eq!(lines(&read.rejects), [13, 14, 7]);
    assert_eq!(
        strings(&read.rejects, "field"),
        ["Sheet 1!D13", "Sheet 1!A14", "Sheet 2!C7"]
    );
    let reasons = strings(&read.rejects, "reason");
    assert!(
        reasons[0].contains("not a number: \"12x\"") && reasons[0].contains("2022-02"),
        "{reasons:?}"
    );
    assert!(reasons[1].contains("reporter \"Atlantis\""), "{reasons:?}");
    assert!(reasons[2].contains("QUANTITY_IN_100KG"), "{reasons:?}");
}

#[test]
fn data_browser_csv_and_sdmx_csv_read_like_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("table.csv");
    std::fs::write(
        &sheet,
        "\"Data extracted on 21/01/2023 20:35:13 from [ESTAT]\"\n\"Dataset: \",\"EU trade [DS-045409]\"\n\n\
         \"PRODUCT [PRODUCT]\",,\"Processors and controllers [85423190]\"\n\"FLOW\",,\"EXPORT\"\n\
         \"INDICATORS\",,\"VALUE_IN_EUROS\"\n\n\"TIME\",\"TIME\",\"2022-01\",\"2022-02\"\n\
         \"FREQ (Labels)\",\"FREQ (Labels)\",\"Monthly\",\"Monthly\"\n\
         \"REPORTER (Labels)\",\"PARTNER (Labels)\",,\n\"Italy (incl. San Marino 'SM' -> 1993)\",\"Armenia\",\"12\",\":\"\n\n\
         \"Special value\"\n",
    )
    .unwrap();
    let read_sheet = read(&sheet);
    assert_eq!(
        (read_sheet.summary.format, read_sheet.summary.n_rows),
        ("eurostat-sheet", 1)
    );
    assert_eq!(strings(&read_sheet.rows, "reporter"), ["ITA"]);

    let sdmx = dir.path().join("ds-045409.csv");
    std::fs::write(
        &sdmx,
        "DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n\
         ESTAT:DS-045409(1.0),13/01/23 11:00:00,M,DE,RU,85423190,2,VALUE_IN_EUROS,2022-01,1000,\n\
         ESTAT:DS-045409(1.0),13/01/23 11:00:00,M,EL,AM,85423190,2,VALUE_IN_EUROS,2022-02,5,\n\
         ESTAT:DS-045409(1.0),13/01/23 11:00:00,M,DE,RU,85423190,2,QUANTITY_IN_100KG,2022-01,3,\n",
    )
    .unwrap();
    let read_sdmx = read(&sdmx);
    assert_eq!(read_sdmx.summary.format, "eurostat-sdmx");
    assert_eq!(
        (read_sdmx.summary.n_rows, read_sdmx.summary.n_rejected),
        (2, 1)
    );
    assert_eq!(strings(&read_sdmx.rows, "reporter"), ["DEU", "GRC"]);
    assert_eq!(strings(&read_sdmx.rows, "flow"), ["export", "export"]);
    assert_eq!(lines(&read_sdmx.rejects), [4]);
    assert_eq!(strings(&read_sdmx.rejects, "field"), ["indicators"]);
}

#[test]
fn imf_cells_are_scaled_and_bad_cells_are_rejected_with_their_year() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("imts.csv");
    let head = "\u{feff}\"DATASET\",\"SERIES_CODE\",\"OBS_MEASURE\",\"COUNTRY.ID\",\"COUNTRY\",\"INDICATOR.ID\",\"INDICATOR\",\"COUNTERPART_COUNTRY.ID\",\"COUNTERPART_COUNTRY\",\"FREQUENCY.ID\",\"FREQUENCY\",\"SCALE.ID\",\"SCALE\",\"TRADE_FLOW.ID\",\"TRADE_FLOW\",\"2021\",\"2022\"\n";
    let row = |indicator: &str, id: &str, name: &str, a: &str, b: &str| {
        format!(
            "\"IMF.STA:IMTS(1.0.0)\",\"RUS.{indicator}.{id}.A\",\"OBS_VALUE\",\"RUS\",\"Russian Federation\",\"{indicator}\",\"x\",\"{id}\",\"{name}\",\"A\",\"Annual\",\"6\",\"Millions\",\"MG\",\"Imports of goods\",\"{a}\",\"{b}\"\n"
        )
    };
    let text = [
        head.to_string(),
        row(
            "MG_CIF_USD",
            "CHN",
            "China, People's Republic of",
            "72685.74",
            "",
        ),
        row("MG_CIF_USD", "G001", "World", "293656.0", "abc"),
        row("TBG_USD", "CHN", "China", "1", "2"),
        row("XG_FOB_USD", "GX901", "CIS", "10", "11"),
    ]
    .concat();
    std::fs::write(&path, text).unwrap();
    let read = read(&path);
    assert_eq!(read.summary.format, "imf-imts");
    assert_eq!((read.summary.n_rows, read.summary.n_rejected), (4, 2));
    assert_eq!(
        strings(&read.rows, "partner"),
        ["CHN", "W00", "GX901", "GX901"]
    );
    assert_eq!(
        floats(&read.rows, "value_usd")[..2],
        [72_685_740_000.0, 293_656_000_000.0]
    );
    assert_eq!(
        strings(&read.rows, "flow"),
        ["import", "import", "export", "export"]
    );
    assert_eq!(lines(&read.rejects), [3, 4]);
    assert_eq!(strings(&read.rejects, "field"), ["2022", "INDICATOR.ID"]);
    assert!(strings(&read.rejects, "reason")[0].contains("\"abc\""));
}

#[test]
fn comtrade_api_json_records_go_through_the_comtrade_parser() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("comtrade.json");
    let record = |partner: u32, cmd: &str, value: &str| {
        format!(
            r#"{{"typeCode":"C","freqCode":"M","refPeriodId":20230101,"refYear":2023,"refMonth":1,"period":"202301","reporterCode":156,"reporterISO":"CHN","reporterDesc":"China","flowCode":"X","flowDesc":"Export","partnerCode":{partner},"partnerISO":null,"partner2Code":0,"classificationCode":"H6","cmdCode":"{cmd}","customsCode":"C00","mosCode":"0","motCode":0,"qtyUnitCode":8,"qtyUnitAbbr":"kg","qty":12.5,"netWgt":12.5,"primaryValue":{value},"isReported":true,"isAggregate":false}}"#
        )
    };
    let body = format!(
        r#"{{"elapsedTime":"0.05 secs","count":3,"data":[{},{},{}],"error":""}}"#,
        record(643, "854231", "1500000.5"),
        record(0, "854231", "9000000"),
        record(643, "85X", "1"),
    );
    std::fs::write(&path, &body).unwrap();
    let read = read(&path);
    assert_eq!(read.summary.format, "comtrade-json");
    assert_eq!((read.summary.n_rows, read.summary.n_rejected), (2, 1));
    assert_eq!(strings(&read.rows, "partner"), ["RUS", "W00"]);
    assert_eq!(floats(&read.rows, "value_usd"), [1_500_000.5, 9_000_000.0]);
    assert_eq!(strings(&read.rows, "hs_revision"), ["H6", "H6"]);
    assert_eq!(lines(&read.rejects), [3]);
    assert_eq!(strings(&read.rejects, "field"), ["cmdCode"]);

    // A response cut short, or one whose count disagrees, is not read at all.
    let cut = dir.path().join("cut.json");
    std::fs::write(&cut, &body[..body.len() / 2]).unwrap();
    let error = try_read(&cut).err().unwrap().to_string();
    assert!(error.contains("not a complete JSON document"), "{error}");
    let short = dir.path().join("short.json");
    std::fs::write(&short, body.replace("\"count\":3", "\"count\":4")).unwrap();
    let error = try_read(&short).err().unwrap().to_string();
    assert!(error.contains("\"count\" is 4"), "{error}");
}

/// A one-sheet workbook written part by part (so a cell may sit where no
/// spreadsheet program would put it): "Data extracted" in A1 and 1 at
/// `reference`. `None` (a skip) without the test Python.
fn write_raw_workbook(path: &Path, reference: &str) -> Option<()> {
    let python = chokepoint_test_support::test_python(&["zipfile"])?;
    let script = r#"
import sys, zipfile
path, ref = sys.argv[1], sys.argv[2]
ns = "http://schemas.openxmlformats.org/"
rel = ns + "officeDocument/2006/relationships"
parts = {
    "[Content_Types].xml": '<Types xmlns="%spackage/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>' % ns,
    "_rels/.rels": '<Relationships xmlns="%spackage/2006/relationships"><Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % (ns, rel),
    "xl/workbook.xml": '<workbook xmlns="%sspreadsheetml/2006/main" xmlns:r="%s"><sheets><sheet name="Sheet 1" sheetId="1" r:id="rId1"/></sheets></workbook>' % (ns, rel),
    "xl/_rels/workbook.xml.rels": '<Relationships xmlns="%spackage/2006/relationships"><Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' % (ns, rel),
    "xl/worksheets/sheet1.xml": '<worksheet xmlns="%sspreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Data extracted</t></is></c><c r="%s"><v>1</v></c></row></sheetData></worksheet>' % (ns, ref),
}
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in parts.items():
        z.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)
"#;
    run_python(&python, script, &[path.as_os_str(), reference.as_ref()]);
    Some(())
}

/// Found by fuzz/ ingest_sheet: a 1 KB workbook with one cell at column
/// ZZZZZZ made the reader lay out 321 million columns (17 GB; ZZZZZZZ was
/// killed for memory), and a longer column overflowed calamine's cell
/// reference arithmetic. A cell outside the largest XLSX sheet, or cells
/// too far apart to lay out, now make the file unreadable, with the sheet
/// and the cell named.
#[test]
fn cells_outside_a_sheet_or_too_far_apart_are_a_file_error_not_gigabytes() {
    let dir = tempfile::tempdir().unwrap();
    let options = IngestOptions {
        format: Some("eurostat-sheet".to_string()),
        ..IngestOptions::default()
    };
    for (reference, expected) in [
        ("ZZZZZZ1", "column 321272406 lies outside the largest sheet"),
        ("ZZZZZZZZZZZZZ1", "lies outside the largest sheet"),
        (
            "A1048577",
            "row 1048577, column 1 lies outside the largest sheet",
        ),
        (
            "XFD1048576",
            "2 cells spread over 1048576 rows and 16384 columns",
        ),
    ] {
        let path = dir.path().join(format!("{reference}.xlsx"));
        if write_raw_workbook(&path, reference).is_none() {
            return;
        }
        let error = read_file(&path, "test", &options, Arc::default(), &mut |_, _| Ok(()))
            .err()
            .unwrap_or_else(|| panic!("{reference}: read"));
        // The whole chain, as the CLI prints it.
        let mut message = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            message.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        assert!(
            message.contains(&format!("{reference}.xlsx")) && message.contains("Sheet 1"),
            "{reference}: {message}"
        );
        assert!(message.contains(expected), "{reference}: {message}");
    }
    // Within the limits, a cell far out still reads.
    let path = dir.path().join("far.xlsx");
    write_raw_workbook(&path, "Z900").unwrap();
    read_file(&path, "test", &options, Arc::default(), &mut |_, _| Ok(())).unwrap();
}
