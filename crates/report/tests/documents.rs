//! Document tests: HTML, Markdown, CSV/JSON exports and writing to disk.

mod support;

use std::path::Path;

use chokepoint_report::{
    Cell, HtmlOptions, Report, ReportError, Section, Table, render_html, render_html_with,
    render_markdown, table_csv, table_json, write_report,
};
use support::{marks, parse_svg, sample_report};

/// Values of every `attribute="…"` in a document.
fn attribute_values(document: &str, attribute: &str) -> Vec<String> {
    let needle = format!("{attribute}=\"");
    document
        .match_indices(&needle)
        .map(|(start, _)| {
            let rest = &document[start + needle.len()..];
            rest[..rest.find('"').expect("closing quote")].to_owned()
        })
        .collect()
}

#[test]
fn html_has_no_external_resources() {
    let html = render_html_with(
        &sample_report(),
        &HtmlOptions {
            exports_dir: Some("report_files".into()),
            ..Default::default()
        },
    );
    for attribute in ["src", "href", "xlink:href", "action"] {
        for value in attribute_values(&html, attribute) {
            assert!(
                !value.contains("//") && !value.to_ascii_lowercase().starts_with("javascript:"),
                "external {attribute}: {value}"
            );
        }
    }
    let url_count = html.matches("http://").count() + html.matches("https://").count();
    let namespace_count = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    assert_eq!(
        url_count, namespace_count,
        "only the SVG namespace may be a URL"
    );
    assert_eq!(namespace_count, 4);
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("@import"));
}

#[test]
fn html_shows_notice_first_and_escapes_text() {
    let html = render_html(&sample_report());
    let notice = html.find("class=\"notice\"").expect("notice banner");
    let heading = html.find("<h1>").expect("heading");
    assert!(notice < heading);
    assert!(html.contains("SYNTHETIC demo data"));
    assert!(html.contains("<h1>Chips into Russia &amp; &lt;friends&gt;</h1>"));
    assert!(!html.contains("<friends>"));
    assert!(html.contains("<td class=\"num\">1,234,567</td>"));
    assert!(html.contains("<td class=\"num\">10.4×</td>"));
    assert!(html.contains("<div class=\"figure-value\">10.4×</div>"));
    // Every inline chart has its own ids.
    assert!(html.contains("id=\"chart-1-title\"") && html.contains("id=\"chart-4-title\""));
    // Without an exports directory there are no dangling links.
    assert!(!html.contains(".csv"));
}

#[test]
fn html_links_table_exports_when_asked() {
    let html = render_html_with(
        &sample_report(),
        &HtmlOptions {
            exports_dir: Some("my report_files".into()),
            ..Default::default()
        },
    );
    let links = attribute_values(&html, "href");
    assert_eq!(
        links,
        [
            "my%20report_files/origin_shares.csv",
            "my%20report_files/origin_shares.json",
            "my%20report_files/corridors.csv",
            "my%20report_files/corridors.json",
        ]
    );
}

#[test]
fn inline_svgs_keep_their_marks() {
    let html = render_html(&sample_report());
    // 6 share segments + 3 line points + 2 bars + 2 flow bands.
    assert_eq!(html.matches("class=\"mark").count(), 13);
    for svg in html.split("<svg").skip(1) {
        let end = svg.find("</svg>").expect("closed svg") + "</svg>".len();
        parse_svg(&format!("<svg{}", &svg[..end]));
    }
}

#[test]
fn markdown_references_the_assets_it_returns() {
    let rendered = render_markdown(&sample_report(), "report_files");
    assert_eq!(rendered.assets.len(), 4);
    for (path, svg) in &rendered.assets {
        assert!(path.starts_with("report_files/chart-") && path.ends_with(".svg"));
        assert!(
            rendered.markdown.contains(&format!("]({path})")),
            "{path} not referenced"
        );
        parse_svg(svg);
    }
    assert_eq!(marks(&parse_svg(&rendered.assets[0].1)).len(), 6);
    let markdown = &rendered.markdown;
    assert!(markdown.starts_with("> **⚠ Notice:** SYNTHETIC demo data"));
    assert!(markdown.contains("# Chips into Russia & &lt;friends&gt;\n"));
    assert!(markdown.contains("**Shares \\| by origin**"));
    assert!(markdown.contains("| origin | share | value |\n| --- | ---: | ---: |\n"));
    assert!(markdown.contains("| China, PRC | 90.0% | 1,234,567 |\n"));
    assert!(markdown.contains("| A\\|B \"quoted\" next | 10.0% |  |\n"));
    assert!(!markdown.contains(".csv"));
}

fn hostile_table() -> Table {
    Table {
        name: "hostile".into(),
        caption: "c".into(),
        columns: vec!["name, full".into(), "value".into(), "name, full".into()],
        rows: vec![
            vec![
                Cell::from("He said \"hi\", then\r\nleft"),
                Cell::Number(0.1 + 0.2),
                Cell::Integer(i64::MIN),
            ],
            vec![
                Cell::Empty,
                Cell::Share(f64::NAN),
                Cell::Ratio(10.43),
                Cell::from("extra"),
            ],
        ],
    }
}

#[test]
fn csv_round_trips_commas_quotes_and_newlines() {
    let csv = table_csv(&hostile_table());
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, ["name, full", "value", "name, full", "column 4"]);
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|record| record.expect("record").iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(
        records,
        [
            vec![
                "He said \"hi\", then\r\nleft",
                "0.30000000000000004",
                "-9223372036854775808",
                ""
            ],
            vec!["", "", "10.43", "extra"],
        ]
    );
}

#[test]
fn json_is_an_array_of_objects_keyed_by_column() {
    let json: serde_json::Value =
        serde_json::from_str(&table_json(&hostile_table())).expect("valid JSON");
    let rows = json.as_array().expect("array");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["name, full"], "He said \"hi\", then\r\nleft");
    assert_eq!(rows[0]["value"], 0.30000000000000004);
    assert_eq!(rows[0]["name, full_2"], i64::MIN);
    assert!(rows[1]["value"].is_null());
    assert_eq!(rows[1]["name, full_2"], 10.43);
    assert_eq!(rows[1]["column 4"], "extra");
}

fn files_in(directory: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(directory)
        .expect("readable directory")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn write_report_html_writes_document_and_exports() {
    let directory = tempfile::tempdir().expect("temp dir");
    let out = directory.path().join("report.html");
    let written = write_report(&sample_report(), &out).expect("written");
    assert_eq!(written[0], out);
    assert_eq!(written.len(), 5);
    for path in &written {
        assert!(path.is_file(), "{} missing", path.display());
    }
    assert_eq!(files_in(directory.path()), ["report.html", "report_files"]);
    assert_eq!(
        files_in(&directory.path().join("report_files")),
        [
            "corridors.csv",
            "corridors.json",
            "origin_shares.csv",
            "origin_shares.json"
        ]
    );
    let html = std::fs::read_to_string(&out).expect("html");
    for link in attribute_values(&html, "href")
        .iter()
        .filter(|link| !link.starts_with('#'))
    {
        assert!(
            directory.path().join(link).is_file(),
            "dangling link {link}"
        );
    }
    let csv = std::fs::read_to_string(directory.path().join("report_files/origin_shares.csv"))
        .expect("csv");
    assert!(csv.starts_with("origin,share,value\r\n\"China, PRC\",0.9,1234567\r\n"));
}

#[test]
fn write_report_markdown_writes_assets_it_links() {
    let directory = tempfile::tempdir().expect("temp dir");
    let out = directory.path().join("Report.MD");
    let written = write_report(&sample_report(), &out).expect("written");
    assert_eq!(written.len(), 1 + 4 + 4);
    let markdown = std::fs::read_to_string(&out).expect("markdown");
    let mut n_links = 0;
    for (start, _) in markdown.match_indices("](") {
        let rest = &markdown[start + 2..];
        let target = &rest[..rest.find(')').expect("closing parenthesis")];
        assert!(
            directory.path().join(target).is_file(),
            "dangling link {target}"
        );
        n_links += 1;
    }
    assert_eq!(n_links, 4 + 4);
    assert!(markdown.contains("![Routes](Report_files/chart-4.svg)"));
    // Rewriting over an existing report works and leaves no temp files.
    write_report(&sample_report(), &out).expect("rewritten");
    assert_eq!(files_in(directory.path()), ["Report.MD", "Report_files"]);
}

#[test]
fn write_report_refuses_unknown_extensions_naming_the_path() {
    let directory = tempfile::tempdir().expect("temp dir");
    for name in ["report.pdf", "report"] {
        let out = directory.path().join(name);
        let error = write_report(&sample_report(), &out).expect_err("unsupported");
        assert!(matches!(error, ReportError::UnsupportedFormat { .. }));
        let message = error.to_string();
        assert!(message.contains(&out.display().to_string()), "{message}");
        assert!(message.starts_with("unsupported report format"));
    }
    assert!(files_in(directory.path()).is_empty());
}

#[test]
fn write_report_names_the_path_it_cannot_write() {
    let directory = tempfile::tempdir().expect("temp dir");
    // A file where the report's directory should be.
    let blocker = directory.path().join("blocked");
    std::fs::write(&blocker, "not a directory").expect("blocker");
    let out = blocker.join("report.html");
    let error = write_report(&sample_report(), &out).expect_err("cannot write");
    assert!(matches!(error, ReportError::Write { .. }));
    assert!(error.to_string().contains("blocked"), "{error}");
}

#[test]
fn links_navigation_and_scripts_render_only_when_asked() {
    let report = Report {
        title: "Surges".into(),
        sections: vec![Section {
            title: "List".into(),
            tables: vec![Table {
                name: "list".into(),
                columns: vec!["flow".into()],
                rows: vec![vec![Cell::Link {
                    text: "CHN→RUS <cable>".into(),
                    href: "/surges?focus=1&basket=fibre-optic".into(),
                }]],
                ..Default::default()
            }],
            ..Default::default()
        }],
        ..Default::default()
    };
    let plain = render_html(&report);
    assert!(
        plain.contains(
            "<a href=\"/surges?focus=1&amp;basket=fibre-optic\">CHN→RUS &lt;cable&gt;</a>"
        )
    );
    assert!(!plain.contains("<nav") && !plain.contains("<script"));
    let page = render_html_with(
        &report,
        &HtmlOptions {
            nav: vec![
                ("Overview".into(), "/".into(), false),
                ("Surges".into(), "/surges".into(), true),
            ],
            preamble: Some("<form class=\"filters\"></form>".into()),
            script: Some("console.log(1)".into()),
            ..Default::default()
        },
    );
    assert!(page.contains("<a href=\"/surges\" aria-current=\"page\">Surges</a>"));
    assert!(page.contains("<form class=\"filters\"></form>") && page.contains("<script>"));
    assert_eq!(
        table_csv(&report.sections[0].tables[0]).lines().nth(1),
        Some("CHN→RUS <cable>")
    );
}
