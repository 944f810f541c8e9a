//! The plain data a report is made of.
//!
//! Everything here is owned, public and free of Arrow or serde so that the
//! CLI, the HTTP server and tests can fill it from any source. Renderers take
//! these types by reference and never fail on odd values: NaN, infinities,
//! ragged rows and out-of-range indices are skipped or shown as gaps.

/// A whole report: a header, optional headline numbers and titled sections.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// Main heading, also the HTML `<title>`.
    pub title: String,
    /// A line under the title, e.g. data directory and generation time. The
    /// renderers never read the clock themselves so output stays reproducible.
    pub subtitle: Option<String>,
    /// A warning shown prominently above everything else, e.g. that the data
    /// is synthetic.
    pub notice: Option<String>,
    /// Headline numbers shown as cards (HTML) or a small table (Markdown).
    pub key_figures: Vec<KeyFigure>,
    /// The body of the report, in order.
    pub sections: Vec<Section>,
}

/// One headline number, already formatted by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyFigure {
    /// What the number is, e.g. "Western share of chip imports, 2024".
    pub label: String,
    /// The formatted value, e.g. "38 %".
    pub value: String,
    /// Optional context, e.g. "down from 71 % in 2021".
    pub note: Option<String>,
}

/// A titled part of the report with prose, charts and tables, in that order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    /// Section heading.
    pub title: String,
    /// Prose; blank lines separate paragraphs.
    pub text: Option<String>,
    /// Charts shown after the prose.
    pub charts: Vec<Chart>,
    /// Tables shown after the charts.
    pub tables: Vec<Table>,
}

/// A table that is shown in the report and exported as CSV and JSON.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// File-safe slug used for the export file names, e.g. "corridor_scores".
    /// Unsafe characters are replaced and duplicates numbered on export.
    pub name: String,
    /// Caption shown above the table.
    pub caption: String,
    /// Column headings.
    pub columns: Vec<String>,
    /// Rows of cells; a row shorter than the header is padded with empty
    /// cells, a longer one gets extra columns named "column N".
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The column names every renderer uses: the declared columns, extended
    /// with "column N" (1-based) when some row has more cells than headings.
    /// Extending rather than cutting means no cell is ever silently dropped.
    pub fn column_names(&self) -> Vec<String> {
        let widest_row = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut names = self.columns.clone();
        for column_idx in names.len()..widest_row {
            names.push(format!("column {}", column_idx + 1));
        }
        names
    }
}

/// One table cell. Numbers are formatted for people in HTML and Markdown and
/// written raw in CSV and JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Free text, escaped on output.
    Text(String),
    /// A plain number, shown with thousands separators and sensible decimals.
    Number(f64),
    /// A whole number, shown with thousands separators.
    Integer(i64),
    /// A ratio such as a surge factor, shown as "10.4×".
    Ratio(f64),
    /// A share as a fraction (0.452), shown as "45.2%".
    Share(f64),
    /// Text linking to a relative address (a dashboard page); exports keep the text.
    Link {
        /// The text shown and exported.
        text: String,
        /// The address, relative or absolute path (never a network resource).
        href: String,
    },
    /// No value.
    Empty,
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl From<f64> for Cell {
    fn from(number: f64) -> Self {
        Cell::Number(number)
    }
}

impl From<i64> for Cell {
    fn from(integer: i64) -> Self {
        Cell::Integer(integer)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Self {
        value.map_or(Cell::Empty, Into::into)
    }
}

/// A chart, rendered as a standalone SVG by [`crate::render_svg`].
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Shares over time as stacked bars with a 0–100 % axis and a legend.
    /// Each period's values should sum to about 1; negative and non-finite
    /// values count as 0 and a period summing to more than 1 is scaled down
    /// so the stack never exceeds 100 %.
    StackedShares {
        /// Chart heading.
        title: String,
        /// Period labels along the x axis, e.g. "2024-08".
        periods: Vec<String>,
        /// One stacked layer per series, values aligned with `periods`.
        series: Vec<Series>,
    },
    /// Line series over periods with optional highlighted points and a
    /// horizontal reference line.
    Lines {
        /// Chart heading.
        title: String,
        /// Period labels along the x axis.
        periods: Vec<String>,
        /// Lines; `None` and non-finite values leave a gap.
        series: Vec<Series>,
        /// Points to ring and label, e.g. a flagged surge month.
        highlights: Vec<Highlight>,
        /// A horizontal line such as a pre-war baseline.
        reference: Option<ReferenceLine>,
        /// Y axis title including the unit, e.g. "USD per month".
        y_label: String,
    },
    /// Horizontal bars, one per label, e.g. corridor scores.
    Bars {
        /// Chart heading.
        title: String,
        /// Bars from top to bottom.
        bars: Vec<Bar>,
        /// X axis title including the unit.
        x_label: String,
        /// Legend text for emphasised bars, e.g. "flagged"; the legend is
        /// shown only when this is set and some bar is emphasised.
        emphasis_label: Option<String>,
    },
    /// A Sankey-like flow diagram: nodes are placed in columns by topology
    /// (sources left, sinks right) and links are bands whose widths are
    /// proportional to their values.
    Flows {
        /// Chart heading.
        title: String,
        /// Links; non-positive, non-finite and self links are skipped.
        links: Vec<FlowLink>,
        /// Unit of the link values, e.g. "USD".
        unit: String,
    },
}

impl Chart {
    /// The chart's heading.
    pub fn title(&self) -> &str {
        match self {
            Chart::StackedShares { title, .. }
            | Chart::Lines { title, .. }
            | Chart::Bars { title, .. }
            | Chart::Flows { title, .. } => title,
        }
    }
}

/// A named sequence of values aligned with a chart's periods.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// One value per period; `None` is a gap.
    pub values: Vec<Option<f64>>,
}

/// A point of a line chart to ring and label.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Highlight {
    /// Index into the chart's `series`.
    pub series: usize,
    /// Index into the chart's `periods`.
    pub period_index: usize,
    /// Text next to the point, e.g. "surge 10.4×".
    pub label: String,
}

/// A horizontal line across a line chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReferenceLine {
    /// Y value of the line.
    pub value: f64,
    /// Text at the right end of the line, e.g. "2019–21 mean".
    pub label: String,
}

/// One bar of a bar chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bar {
    /// Text left of the bar.
    pub label: String,
    /// Bar length; negative values extend left of zero.
    pub value: f64,
    /// Draw in the second colour, e.g. a flagged corridor.
    pub emphasis: bool,
}

/// One link of a flow diagram.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlowLink {
    /// Source node name.
    pub from: String,
    /// Target node name.
    pub to: String,
    /// Flow size, in the chart's unit.
    pub value: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_extend_for_wide_rows() {
        let table = Table {
            columns: vec!["a".into()],
            rows: vec![vec![Cell::Integer(1), Cell::Integer(2), Cell::Empty]],
            ..Table::default()
        };
        assert_eq!(table.column_names(), ["a", "column 2", "column 3"]);
    }

    #[test]
    fn cells_convert_from_plain_values() {
        assert_eq!(Cell::from("x"), Cell::Text("x".into()));
        assert_eq!(Cell::from(2.5), Cell::Number(2.5));
        assert_eq!(Cell::from(7_i64), Cell::Integer(7));
        assert_eq!(Cell::from(None::<f64>), Cell::Empty);
    }
}
