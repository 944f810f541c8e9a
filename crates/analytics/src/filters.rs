//! SQL fragments shared by the plans. Every value spliced in has been validated
//! into a domain type first (ISO codes, HS digits, periods), so the text is safe.

use chokepoint_catalog::Basket;
use chokepoint_model::{Country, Period};

/// Period granularity of a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    /// `2024-08`.
    Month,
    /// `2024-Q3`.
    Quarter,
    /// `2024`.
    Year,
}

impl Grain {
    /// Parses `month`, `quarter` or `year`.
    pub fn parse(text: &str) -> Option<Grain> {
        match text.to_ascii_lowercase().as_str() {
            "month" | "m" => Some(Grain::Month),
            "quarter" | "q" => Some(Grain::Quarter),
            "year" | "y" => Some(Grain::Year),
            _ => None,
        }
    }

    /// The period label expression over the monthly `flows` columns.
    pub(crate) fn label_sql(self) -> &'static str {
        match self {
            Grain::Month => {
                "concat(CAST(year AS VARCHAR), '-', lpad(CAST(month AS VARCHAR), 2, '0'))"
            }
            Grain::Quarter => {
                "concat(CAST(year AS VARCHAR), '-Q', CAST((month - 1) / 3 + 1 AS VARCHAR))"
            }
            Grain::Year => "CAST(year AS VARCHAR)",
        }
    }
}

/// Rows of the basket. Aggregate rows at HS2/HS4 are left out, so a source
/// that reports several levels (a heading and its subheadings) is not counted
/// twice; HS 2017 equivalents apply only to data classified before HS 2022.
///
/// Membership is tested on the derived `hs2`/`hs4`/`hs6` columns (one
/// `IN` list per prefix length; `hs6` is set exactly when the code has six
/// or more digits), and only longer national prefixes on `hs_code` itself:
/// a plain column lookup is cheaper than a substring per row, and Parquet
/// statistics and dictionaries of those columns can skip data.
pub(crate) fn basket_sql(basket: &Basket) -> String {
    if basket.is_total_trade() {
        return "hs_code = 'TOTAL'".to_string();
    }
    // (prefix length, before HS 2022 only) -> quoted prefixes, in order.
    let mut groups: std::collections::BTreeMap<(usize, bool), Vec<String>> =
        std::collections::BTreeMap::new();
    for code in basket.codes() {
        let prefix = code.prefix().as_str();
        let quoted = format!("'{prefix}'");
        let group = groups
            .entry((prefix.len(), code.before_hs2022_only()))
            .or_default();
        if !group.contains(&quoted) {
            group.push(quoted);
        }
    }
    let terms: Vec<String> = groups
        .into_iter()
        .map(|((len, before_hs2022_only), prefixes)| {
            let column = match len {
                2 => "hs2".to_string(),
                4 => "hs4".to_string(),
                6 => "hs6".to_string(),
                _ => format!("substr(hs_code, 1, {len})"),
            };
            let lookup = format!("{column} IN ({})", prefixes.join(", "));
            if before_hs2022_only {
                format!("({lookup} AND (hs_revision IS NULL OR hs_revision < 'H6'))")
            } else {
                lookup
            }
        })
        .collect();
    if terms.is_empty() {
        return "FALSE".to_string();
    }
    format!("hs6 IS NOT NULL AND ({})", terms.join(" OR "))
}

/// `period` within an optional closed range.
pub(crate) fn range_sql(from: Option<Period>, until: Option<Period>) -> String {
    let mut parts = vec!["TRUE".to_string()];
    if let Some(from) = from {
        parts.push(format!("period >= DATE '{from}-01'"));
    }
    if let Some(until) = until {
        parts.push(format!("period <= DATE '{until}-01'"));
    }
    parts.join(" AND ")
}

/// `'CHN', 'HKG'`.
pub(crate) fn code_list(countries: &[&'static Country]) -> String {
    countries
        .iter()
        .map(|c| format!("'{}'", c.alpha3()))
        .collect::<Vec<_>>()
        .join(", ")
}
