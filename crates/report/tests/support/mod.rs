//! Test helpers: an SVG reader built on quick-xml, so tests check the real
//! XML structure rather than substrings, and a sample report.

#![allow(dead_code)]

use std::collections::HashMap;

use chokepoint_report::{
    Bar, Cell, Chart, FlowLink, Highlight, KeyFigure, ReferenceLine, Report, Section, Series, Table,
};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// One parsed element: its name, attributes and the text of its direct
/// `<title>` child, if any.
#[derive(Debug, Clone, Default)]
pub struct Element {
    pub name: String,
    pub attributes: HashMap<String, String>,
    pub title: Option<String>,
    /// Text directly inside the element (for `<text>` and `<title>`).
    pub text: String,
    /// Index of the enclosing element.
    pub parent: Option<usize>,
}

impl Element {
    pub fn has_class(&self, class: &str) -> bool {
        self.attributes
            .get("class")
            .is_some_and(|classes| classes.split_whitespace().any(|c| c == class))
    }

    pub fn number(&self, attribute: &str) -> f64 {
        self.attributes
            .get(attribute)
            .unwrap_or_else(|| panic!("{} has no {attribute}", self.name))
            .parse()
            .unwrap_or_else(|_| panic!("{attribute} of {} is not a number", self.name))
    }
}

/// Parses an SVG document, panicking with the position if it is not
/// well-formed XML, and returns all elements in document order.
pub fn parse_svg(svg: &str) -> Vec<Element> {
    let mut reader = Reader::from_str(svg);
    reader.config_mut().check_end_names = true;
    let mut elements: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        let event = reader.read_event().unwrap_or_else(|error| {
            panic!(
                "malformed XML at {}: {error}\n{svg}",
                reader.buffer_position()
            )
        });
        match event {
            Event::Start(start) => {
                elements.push(element(&start, open.last().copied()));
                open.push(elements.len() - 1);
            }
            Event::Empty(start) => elements.push(element(&start, open.last().copied())),
            Event::End(_) => {
                let closed = open.pop().expect("end without start");
                if elements[closed].name == "title"
                    && let Some(parent) = elements[closed].parent
                {
                    let text = elements[closed].text.clone();
                    elements[parent].title = Some(text);
                }
            }
            Event::Text(text) => {
                if let Some(&current) = open.last() {
                    elements[current]
                        .text
                        .push_str(&text.decode().expect("utf-8"));
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(&current) = open.last() {
                    let name = reference.decode().expect("utf-8");
                    let resolved = quick_xml::escape::unescape(&format!("&{name};"))
                        .expect("known entity")
                        .into_owned();
                    elements[current].text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed elements");
    assert_eq!(elements.first().map(|e| e.name.as_str()), Some("svg"));
    elements
}

fn element(start: &BytesStart<'_>, parent: Option<usize>) -> Element {
    let name = String::from_utf8(start.name().as_ref().to_vec()).expect("utf-8 name");
    let attributes = start
        .attributes()
        .map(|attribute| {
            let attribute = attribute.expect("well-formed attribute");
            let key = String::from_utf8(attribute.key.as_ref().to_vec()).expect("utf-8 key");
            let value = attribute
                .unescape_value()
                .expect("valid escapes")
                .into_owned();
            (key, value)
        })
        .collect();
    Element {
        name,
        attributes,
        parent,
        ..Element::default()
    }
}

/// Elements carrying the `mark` class: the data marks.
pub fn marks(elements: &[Element]) -> Vec<&Element> {
    elements
        .iter()
        .filter(|element| element.has_class("mark"))
        .collect()
}

/// Texts of `<text>` elements with the given class.
pub fn texts_with_class(elements: &[Element], class: &str) -> Vec<String> {
    elements
        .iter()
        .filter(|element| element.name == "text" && element.has_class(class))
        .map(|element| element.text.clone())
        .collect()
}

pub fn series(name: &str, values: &[Option<f64>]) -> Series {
    Series {
        name: name.into(),
        values: values.to_vec(),
    }
}

pub fn periods(labels: &[&str]) -> Vec<String> {
    labels.iter().map(|label| label.to_string()).collect()
}

/// A report using every feature, with hostile text in several places.
pub fn sample_report() -> Report {
    Report {
        title: "Chips into Russia & <friends>".into(),
        subtitle: Some("data: ./chokepoint-data · generated 2026-11-23".into()),
        notice: Some("SYNTHETIC demo data — not real trade statistics".into()),
        key_figures: vec![KeyFigure {
            label: "Surge, Kyrgyzstan".into(),
            value: "10.4×".into(),
            note: Some("2023 vs 2019–21".into()),
        }],
        sections: vec![
            Section {
                title: "Origins".into(),
                text: Some("Western share fell.\n\nChina rose.".into()),
                charts: vec![
                    Chart::StackedShares {
                        title: "Origin shares".into(),
                        periods: periods(&["2021", "2022", "2023"]),
                        series: vec![
                            series("EU", &[Some(0.6), Some(0.3), Some(0.1)]),
                            series("China", &[Some(0.4), Some(0.7), Some(0.9)]),
                        ],
                    },
                    Chart::Lines {
                        title: "Exports to Kyrgyzstan".into(),
                        periods: periods(&["2021", "2022", "2023"]),
                        series: vec![series(
                            "AT&T <Ltd>",
                            &[Some(100.0), Some(900.0), Some(1040.0)],
                        )],
                        highlights: vec![Highlight {
                            series: 0,
                            period_index: 2,
                            label: "surge 10.4×".into(),
                        }],
                        reference: Some(ReferenceLine {
                            value: 100.0,
                            label: "2019–21 mean".into(),
                        }),
                        y_label: "USD".into(),
                    },
                ],
                tables: vec![Table {
                    name: "origin_shares".into(),
                    caption: "Shares | by origin".into(),
                    columns: vec!["origin".into(), "share".into(), "value".into()],
                    rows: vec![
                        vec![
                            Cell::from("China, PRC"),
                            Cell::Share(0.9),
                            Cell::Number(1_234_567.0),
                        ],
                        vec![
                            Cell::from("A|B \"quoted\"\nnext"),
                            Cell::Share(0.1),
                            Cell::Empty,
                        ],
                    ],
                }],
            },
            Section {
                title: "Corridors".into(),
                text: None,
                charts: vec![
                    Chart::Bars {
                        title: "Corridor scores".into(),
                        bars: vec![
                            Bar {
                                label: "Kyrgyzstan".into(),
                                value: 0.82,
                                emphasis: true,
                            },
                            Bar {
                                label: "Armenia".into(),
                                value: 0.44,
                                emphasis: false,
                            },
                        ],
                        x_label: "score".into(),
                        emphasis_label: Some("flagged".into()),
                    },
                    Chart::Flows {
                        title: "Routes".into(),
                        links: vec![
                            FlowLink {
                                from: "Germany".into(),
                                to: "Kyrgyzstan".into(),
                                value: 3.0,
                            },
                            FlowLink {
                                from: "Kyrgyzstan".into(),
                                to: "Russia".into(),
                                value: 3.0,
                            },
                        ],
                        unit: "USD".into(),
                    },
                ],
                tables: vec![Table {
                    name: "corridors".into(),
                    caption: "Corridors".into(),
                    columns: vec!["corridor".into(), "score".into()],
                    rows: vec![vec![Cell::from("DE→KG→RU"), Cell::Ratio(10.43)]],
                }],
            },
        ],
    }
}
