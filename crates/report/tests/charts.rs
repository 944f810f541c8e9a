//! Chart tests: every chart kind is parsed as XML and its data marks,
//! tooltips, axes and annotations are checked against hand-built inputs.

mod support;

use chokepoint_report::{Bar, Chart, FlowLink, Highlight, ReferenceLine, Series, render_svg};
use support::{Element, marks, parse_svg, periods, series, texts_with_class};

fn lines(
    series: Vec<Series>,
    highlights: Vec<Highlight>,
    reference: Option<ReferenceLine>,
) -> Chart {
    Chart::Lines {
        title: "Imports".into(),
        periods: periods(&["2021-01", "2021-02", "2021-03", "2021-04"]),
        series,
        highlights,
        reference,
        y_label: "USD per month".into(),
    }
}

#[test]
fn line_chart_has_one_mark_per_finite_value_with_tooltips() {
    let chart = lines(
        vec![
            series(
                "China",
                &[Some(200_000.0), Some(650_000.0), None, Some(1_200_000.0)],
            ),
            series(
                "Germany",
                &[
                    Some(400_000.0),
                    Some(f64::NAN),
                    Some(300_000.0),
                    Some(f64::INFINITY),
                ],
            ),
        ],
        Vec::new(),
        None,
    );
    let svg = render_svg(&chart);
    let elements = parse_svg(&svg);
    let marks = marks(&elements);
    assert_eq!(marks.len(), 5);
    assert!(marks.iter().all(|mark| mark.name == "circle"));
    let tooltips: Vec<&str> = marks
        .iter()
        .filter_map(|mark| mark.title.as_deref())
        .collect();
    assert!(
        tooltips.contains(&"China · 2021-04: 1,200,000"),
        "{tooltips:?}"
    );
    assert!(
        tooltips.contains(&"Germany · 2021-03: 300,000"),
        "{tooltips:?}"
    );
    // The gap splits China's line into two subpaths.
    let china_line = elements
        .iter()
        .find(|element| element.name == "path" && element.has_class("line"))
        .expect("a line path");
    assert_eq!(china_line.attributes["d"].matches('M').count(), 2);
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
}

#[test]
fn line_chart_axis_ticks_are_round_and_cover_the_data() {
    let chart = lines(
        vec![series("China", &[Some(200_000.0), Some(1_200_000.0)])],
        Vec::new(),
        None,
    );
    let elements = parse_svg(&render_svg(&chart));
    assert_eq!(
        texts_with_class(&elements, "tick-label")[..4],
        ["0", "0.5M", "1.0M", "1.5M"]
    );
    // The highest point lies inside the plot: below the top gridline.
    let top_grid = elements
        .iter()
        .filter(|element| element.has_class("grid"))
        .map(|element| element.number("y1"))
        .fold(f64::INFINITY, f64::min);
    let highest_point = marks(&elements)
        .iter()
        .map(|mark| mark.number("cy"))
        .fold(f64::INFINITY, f64::min);
    assert!(
        highest_point >= top_grid,
        "{highest_point} above {top_grid}"
    );
}

#[test]
fn highlights_and_reference_line_appear() {
    let chart = lines(
        vec![series(
            "Kyrgyzstan",
            &[Some(10.0), Some(12.0), Some(104.0), Some(90.0)],
        )],
        vec![
            Highlight {
                series: 0,
                period_index: 2,
                label: "surge 10.4×".into(),
            },
            // Dangling indices are skipped, not fatal.
            Highlight {
                series: 5,
                period_index: 0,
                label: "nowhere".into(),
            },
            Highlight {
                series: 0,
                period_index: 99,
                label: "nowhere".into(),
            },
        ],
        Some(ReferenceLine {
            value: 10.0,
            label: "2019–21 mean".into(),
        }),
    );
    let elements = parse_svg(&render_svg(&chart));
    let highlight_groups: Vec<&Element> = elements
        .iter()
        .filter(|element| element.has_class("highlight"))
        .collect();
    assert_eq!(highlight_groups.len(), 1);
    assert_eq!(
        texts_with_class(&elements, "highlight-label"),
        ["surge 10.4×"]
    );
    let ring = elements
        .iter()
        .find(|element| {
            element.name == "circle"
                && element
                    .title
                    .as_deref()
                    .is_some_and(|t| t.starts_with("surge"))
        })
        .expect("highlight ring");
    let surge_point = marks(&elements)
        .into_iter()
        .find(|mark| mark.title.as_deref() == Some("Kyrgyzstan · 2021-03: 104"))
        .expect("surge point");
    assert_eq!(ring.number("cx"), surge_point.number("cx"));
    assert_eq!(ring.number("cy"), surge_point.number("cy"));

    assert_eq!(
        texts_with_class(&elements, "reference-label"),
        ["2019–21 mean"]
    );
    let reference_line = elements
        .iter()
        .find(|element| {
            element.name == "line" && element.title.as_deref() == Some("2019–21 mean: 10")
        })
        .expect("reference line");
    assert_eq!(reference_line.number("y1"), reference_line.number("y2"));
}

#[test]
fn stacked_shares_reach_exactly_one_hundred_percent() {
    let chart = Chart::StackedShares {
        title: "Origin shares".into(),
        periods: periods(&["2021", "2022", "2023"]),
        series: vec![
            series("EU", &[Some(0.5), Some(0.25), Some(0.0)]),
            series("China", &[Some(0.3), Some(0.75), Some(1.0)]),
            series("Other", &[Some(0.2), None, Some(-0.1)]),
        ],
    };
    let elements = parse_svg(&render_svg(&chart));
    let marks = marks(&elements);
    // Zero, missing and negative shares draw nothing.
    assert_eq!(marks.len(), 6);
    assert_eq!(
        texts_with_class(&elements, "tick-label")[..6],
        ["0%", "20%", "40%", "60%", "80%", "100%"]
    );
    let grid_ys: Vec<f64> = elements
        .iter()
        .filter(|element| element.has_class("grid"))
        .map(|element| element.number("y1"))
        .collect();
    let (plot_top, plot_bottom) = (
        grid_ys.iter().copied().fold(f64::INFINITY, f64::min),
        grid_ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let mut by_x: std::collections::BTreeMap<String, Vec<&Element>> = Default::default();
    for mark in &marks {
        by_x.entry(mark.attributes["x"].clone())
            .or_default()
            .push(mark);
    }
    assert_eq!(by_x.len(), 3);
    for stack in by_x.values() {
        let total_height: f64 = stack.iter().map(|mark| mark.number("height")).sum();
        assert!(
            (total_height - (plot_bottom - plot_top)).abs() < 0.05,
            "stack height {total_height}"
        );
        let top = stack
            .iter()
            .map(|mark| mark.number("y"))
            .fold(f64::INFINITY, f64::min);
        assert!((top - plot_top).abs() < 0.05);
    }
    assert!(
        marks
            .iter()
            .any(|mark| mark.title.as_deref() == Some("China · 2022: 75.0%"))
    );
    // The legend names every series.
    assert_eq!(
        texts_with_class(&elements, "legend-label"),
        ["EU", "China", "Other"]
    );
}

#[test]
fn bar_chart_marks_emphasis_and_skips_non_finite() {
    let chart = Chart::Bars {
        title: "Corridor scores".into(),
        bars: vec![
            Bar {
                label: "Kyrgyzstan".into(),
                value: 0.82,
                emphasis: true,
            },
            Bar {
                label: "Armenia".into(),
                value: 0.41,
                emphasis: false,
            },
            Bar {
                label: "Unknown".into(),
                value: f64::NAN,
                emphasis: false,
            },
            Bar {
                label: "Negative".into(),
                value: -0.2,
                emphasis: false,
            },
        ],
        x_label: "risk score".into(),
        emphasis_label: Some("flagged".into()),
    };
    let elements = parse_svg(&render_svg(&chart));
    let marks = marks(&elements);
    assert_eq!(marks.len(), 3);
    assert_eq!(
        marks
            .iter()
            .filter(|mark| mark.has_class("emphasis"))
            .count(),
        1
    );
    assert_ne!(marks[0].attributes["fill"], marks[1].attributes["fill"]);
    // Widths are proportional to values.
    let ratio = marks[0].number("width") / marks[1].number("width");
    assert!((ratio - 0.82 / 0.41).abs() < 0.01, "ratio {ratio}");
    // The negative bar ends where the positive ones start: at zero.
    let zero_x = marks[0].number("x");
    assert!((marks[2].number("x") + marks[2].number("width") - zero_x).abs() < 0.05);
    assert_eq!(
        texts_with_class(&elements, "bar-label"),
        ["Kyrgyzstan", "Armenia", "Unknown", "Negative"]
    );
    assert_eq!(texts_with_class(&elements, "legend-label"), ["flagged"]);
}

#[test]
fn flow_bands_are_proportional_to_values() {
    let chart = Chart::Flows {
        title: "Routes into Russia".into(),
        links: vec![
            FlowLink {
                from: "China".into(),
                to: "Kazakhstan".into(),
                value: 6.0,
            },
            FlowLink {
                from: "Germany".into(),
                to: "Kazakhstan".into(),
                value: 2.0,
            },
            FlowLink {
                from: "Kazakhstan".into(),
                to: "Russia".into(),
                value: 8.0,
            },
            FlowLink {
                from: "Russia".into(),
                to: "Russia".into(),
                value: 1.0,
            },
            FlowLink {
                from: "Germany".into(),
                to: "Russia".into(),
                value: 0.0,
            },
        ],
        unit: "USD".into(),
    };
    let elements = parse_svg(&render_svg(&chart));
    let marks = marks(&elements);
    assert_eq!(marks.len(), 3);
    let thickness = |mark: &Element| -> f64 {
        let numbers: Vec<f64> = mark.attributes["d"]
            .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
            .filter(|token| !token.is_empty())
            .map(|token| token.parse().expect("number in path"))
            .collect();
        numbers[9] - numbers[7]
    };
    let china = thickness(marks[0]);
    let germany = thickness(marks[1]);
    let onward = thickness(marks[2]);
    assert!((china / germany - 3.0).abs() < 0.05, "{china} vs {germany}");
    assert!((onward - china - germany).abs() < 0.3);
    assert_eq!(marks[0].title.as_deref(), Some("China → Kazakhstan: 6 USD"));
    // Three columns: sources, hub, destination.
    let node_xs: std::collections::BTreeSet<String> = elements
        .iter()
        .filter(|element| element.has_class("node"))
        .map(|element| element.attributes["x"].clone())
        .collect();
    assert_eq!(node_xs.len(), 3);
}

#[test]
fn text_is_escaped_and_round_trips() {
    let hostile = "AT&T <Ltd> \"quoted\" 'x' \u{1}";
    let chart = Chart::Bars {
        title: hostile.into(),
        bars: vec![Bar {
            label: hostile.into(),
            value: 1.0,
            emphasis: false,
        }],
        x_label: hostile.into(),
        emphasis_label: None,
    };
    let svg = render_svg(&chart);
    assert!(!svg.contains("<Ltd>"));
    let elements = parse_svg(&svg);
    let svg_title = elements
        .iter()
        .find(|element| element.name == "title")
        .expect("title");
    assert_eq!(svg_title.text, "AT&T <Ltd> \"quoted\" 'x' ");
    assert_eq!(
        marks(&elements)[0].title.as_deref(),
        Some("AT&T <Ltd> \"quoted\" 'x' : 1")
    );
}

#[test]
fn svg_is_standalone_and_accessible() {
    let svg = render_svg(&lines(vec![series("a", &[Some(1.0)])], Vec::new(), None));
    let elements = parse_svg(&svg);
    let root = &elements[0];
    assert_eq!(root.attributes["xmlns"], "http://www.w3.org/2000/svg");
    assert!(root.attributes["viewBox"].starts_with("0 0 800 "));
    assert_eq!(root.attributes["role"], "img");
    assert_eq!(elements[1].name, "title");
    assert_eq!(elements[2].name, "desc");
    assert!(elements[2].text.contains("Line chart"));
    assert!(!svg.contains("<script"));
}

#[test]
fn many_periods_get_thinned_labels() {
    let labels: Vec<String> = (0..84)
        .map(|month| format!("{}-{:02}", 2018 + month / 12, month % 12 + 1))
        .collect();
    let values: Vec<Option<f64>> = (0..84)
        .map(|month| Some(f64::from(month) * 1000.0))
        .collect();
    let chart = Chart::Lines {
        title: "Monthly".into(),
        periods: labels,
        series: vec![Series {
            name: "x".into(),
            values,
        }],
        highlights: Vec::new(),
        reference: None,
        y_label: "USD".into(),
    };
    let elements = parse_svg(&render_svg(&chart));
    assert_eq!(marks(&elements).len(), 84);
    let x_labels: Vec<String> = elements
        .iter()
        .filter(|element| {
            element.has_class("tick-label")
                && element
                    .parent
                    .is_some_and(|parent| elements[parent].has_class("x-axis"))
        })
        .map(|element| element.text.clone())
        .collect();
    assert!(x_labels.len() >= 6 && x_labels.len() <= 16, "{x_labels:?}");
    assert_eq!(x_labels[0], "2018-01");
}

#[test]
fn long_labels_are_truncated_with_ellipsis() {
    let long_name = "Limited Liability Company ".repeat(10);
    let chart = Chart::Bars {
        title: "t".into(),
        bars: vec![Bar {
            label: long_name.clone(),
            value: 1.0,
            emphasis: false,
        }],
        x_label: "x".into(),
        emphasis_label: None,
    };
    let elements = parse_svg(&render_svg(&chart));
    let label = &texts_with_class(&elements, "bar-label")[0];
    assert!(label.ends_with('…'));
    assert!(label.chars().count() <= 30);
    // The tooltip keeps the full name.
    assert!(
        marks(&elements)[0]
            .title
            .as_deref()
            .is_some_and(|title| title.starts_with(long_name.trim_end()))
    );
}

#[test]
fn degenerate_inputs_render_well_formed_svg_without_marks_or_nan() {
    let many_series: Vec<Series> = (0..20)
        .map(|idx| series(&format!("s{idx}"), &[Some(1.0 / 20.0)]))
        .collect();
    let charts = vec![
        lines(Vec::new(), Vec::new(), None),
        lines(
            vec![series("none", &[None, None])],
            Vec::new(),
            Some(ReferenceLine {
                value: f64::NAN,
                label: "x".into(),
            }),
        ),
        lines(vec![series("one", &[Some(-5.0)])], Vec::new(), None),
        lines(
            vec![series("flat", &[Some(0.0), Some(0.0)])],
            Vec::new(),
            None,
        ),
        lines(
            vec![series("huge", &[Some(1e308), Some(-1e308)])],
            Vec::new(),
            None,
        ),
        lines(many_series.clone(), Vec::new(), None),
        Chart::StackedShares {
            title: String::new(),
            periods: Vec::new(),
            series: Vec::new(),
        },
        Chart::StackedShares {
            title: "one".into(),
            periods: periods(&["2024"]),
            series: many_series,
        },
        Chart::StackedShares {
            title: "overflow".into(),
            periods: periods(&["a"]),
            series: vec![
                series("x", &[Some(f64::MAX)]),
                series("y", &[Some(f64::MAX)]),
            ],
        },
        Chart::Bars {
            title: String::new(),
            bars: Vec::new(),
            x_label: String::new(),
            emphasis_label: Some("x".into()),
        },
        Chart::Bars {
            title: "zeros".into(),
            bars: vec![Bar {
                label: "z".into(),
                value: 0.0,
                emphasis: false,
            }],
            x_label: String::new(),
            emphasis_label: None,
        },
        Chart::Flows {
            title: String::new(),
            links: Vec::new(),
            unit: String::new(),
        },
        Chart::Flows {
            title: "cycle".into(),
            links: vec![
                FlowLink {
                    from: "a".into(),
                    to: "b".into(),
                    value: 1.0,
                },
                FlowLink {
                    from: "b".into(),
                    to: "a".into(),
                    value: 1.0,
                },
            ],
            unit: "t".into(),
        },
    ];
    for chart in &charts {
        let svg = render_svg(chart);
        parse_svg(&svg);
        assert!(
            !svg.contains("NaN") && !svg.contains("inf"),
            "non-finite output for {chart:?}"
        );
    }
    assert_eq!(marks(&parse_svg(&render_svg(&charts[0]))).len(), 0);
    assert_eq!(marks(&parse_svg(&render_svg(&charts[1]))).len(), 0);
    assert_eq!(marks(&parse_svg(&render_svg(&charts[2]))).len(), 1);
    assert_eq!(marks(&parse_svg(&render_svg(&charts[7]))).len(), 20);
}

/// A tiny deterministic generator, so the randomised test is reproducible
/// without a dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, bound: u64) -> usize {
        (self.next() % bound.max(1)) as usize
    }

    fn value(&mut self) -> Option<f64> {
        match self.below(12) {
            0 => None,
            1 => Some(f64::NAN),
            2 => Some(f64::INFINITY),
            3 => Some(-(self.next() as f64)),
            4 => Some(0.0),
            5 => Some(1e300),
            _ => Some(self.next() as f64 / 1e3),
        }
    }

    fn name(&mut self) -> String {
        const PIECES: [&str; 8] = [
            "AT&T",
            "<Ltd>",
            "\"q\"",
            "Ж",
            "|",
            " ",
            "very long name part",
            "\u{7}",
        ];
        (0..self.below(5)).map(|_| PIECES[self.below(8)]).collect()
    }
}

#[test]
fn random_inputs_render_well_formed_svg_with_exact_mark_counts() {
    let mut random = Lcg(42);
    for _ in 0..300 {
        let n_periods = random.below(30);
        let period_labels: Vec<String> = (0..n_periods).map(|_| random.name()).collect();
        let all_series: Vec<Series> = (0..random.below(12))
            .map(|_| Series {
                name: random.name(),
                values: (0..random.below(32)).map(|_| random.value()).collect(),
            })
            .collect();
        let finite_count = all_series
            .iter()
            .flat_map(|series| &series.values)
            .filter(|value| value.is_some_and(f64::is_finite))
            .count();
        let highlights = (0..random.below(3))
            .map(|_| Highlight {
                series: random.below(14),
                period_index: random.below(34),
                label: random.name(),
            })
            .collect();
        let line_chart = Chart::Lines {
            title: random.name(),
            periods: period_labels.clone(),
            series: all_series.clone(),
            highlights,
            reference: random.value().map(|value| ReferenceLine {
                value,
                label: random.name(),
            }),
            y_label: random.name(),
        };
        check_random(&line_chart, finite_count);

        let n_stack_periods = all_series
            .iter()
            .map(|series| series.values.len())
            .max()
            .unwrap_or(0)
            .max(n_periods);
        let positive_segments: usize = (0..n_stack_periods)
            .map(|period_idx| {
                let positives: Vec<f64> = all_series
                    .iter()
                    .filter_map(|series| series.values.get(period_idx).copied().flatten())
                    .filter(|value| value.is_finite() && *value > 0.0)
                    .collect();
                // A period whose sum overflows is drawn empty.
                if positives.iter().sum::<f64>().is_finite() {
                    positives.len()
                } else {
                    0
                }
            })
            .sum();
        check_random(
            &Chart::StackedShares {
                title: random.name(),
                periods: period_labels,
                series: all_series,
            },
            positive_segments,
        );

        let bars: Vec<Bar> = (0..random.below(15))
            .map(|_| Bar {
                label: random.name(),
                value: random.value().unwrap_or(f64::NAN),
                emphasis: random.below(2) == 0,
            })
            .collect();
        let finite_bars = bars.iter().filter(|bar| bar.value.is_finite()).count();
        check_random(
            &Chart::Bars {
                title: random.name(),
                bars,
                x_label: random.name(),
                emphasis_label: Some(random.name()),
            },
            finite_bars,
        );

        const NODES: [&str; 6] = ["CN", "DE", "KZ", "KG", "RU", "AT&T <x>"];
        let links: Vec<FlowLink> = (0..random.below(12))
            .map(|_| FlowLink {
                from: NODES[random.below(6)].into(),
                to: NODES[random.below(6)].into(),
                value: random.value().unwrap_or(1.0),
            })
            .collect();
        let drawable = links
            .iter()
            .filter(|link| link.value.is_finite() && link.value > 0.0 && link.from != link.to)
            .count();
        check_random(
            &Chart::Flows {
                title: random.name(),
                links,
                unit: random.name(),
            },
            drawable,
        );
    }
}

fn check_random(chart: &Chart, expected_marks: usize) {
    let svg = render_svg(chart);
    let elements = parse_svg(&svg);
    assert!(
        !svg.contains("NaN") && !svg.contains("inf"),
        "non-finite output for {chart:?}"
    );
    assert_eq!(marks(&elements).len(), expected_marks, "marks of {chart:?}");
}
