//! Origin shares: who supplies a basket to a destination, by period.

use arrow::array::RecordBatch;
use chokepoint_catalog::Basket;
use chokepoint_model::{Country, Period};
use datafusion::prelude::SessionContext;

use crate::AnalyticsError;
use crate::filters::{Grain, basket_sql, code_list, range_sql};

/// Which reports measure a destination's imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareSource {
    /// The destination's own import reports.
    Direct,
    /// Partners' reported exports to it (the only source once it stops publishing).
    Mirror,
    /// Both, side by side with the gap.
    Both,
}

impl ShareSource {
    /// Parses `direct`, `mirror` or `both`.
    pub fn parse(text: &str) -> Option<ShareSource> {
        match text.to_ascii_lowercase().as_str() {
            "direct" => Some(ShareSource::Direct),
            "mirror" => Some(ShareSource::Mirror),
            "both" => Some(ShareSource::Both),
            _ => None,
        }
    }
}

/// Origins reported under one label (`china = CHN, HKG, MAC`).
#[derive(Debug, Clone)]
pub struct OriginGroup {
    /// The label shown instead of the members' codes.
    pub label: String,
    /// The member economies.
    pub members: Vec<&'static Country>,
}

impl OriginGroup {
    /// Parses `label=CODE,CODE`; the label must not be a country code, and members resolve as countries.
    pub fn parse(text: &str) -> Result<OriginGroup, AnalyticsError> {
        let invalid = |message: String| AnalyticsError::InvalidParameter {
            parameter: "--group",
            message,
        };
        let (label, members) = text
            .split_once('=')
            .ok_or_else(|| invalid(format!("{text:?}: expected label=CODE,CODE")))?;
        let label = label.trim();
        if label.is_empty()
            || !label
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return Err(invalid(format!(
                "{label:?}: a label is letters, digits, '-' or '_'"
            )));
        }
        let members = members
            .split(',')
            .map(|code| Country::lookup(code.trim()).map_err(|e| invalid(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(OriginGroup {
            label: label.to_string(),
            members,
        })
    }
}

/// An origin-shares question.
#[derive(Debug, Clone)]
pub struct SharesQuery {
    /// The goods.
    pub basket: Basket,
    /// The importing economy.
    pub destination: &'static Country,
    /// Period granularity.
    pub grain: Grain,
    /// First month included.
    pub from: Option<Period>,
    /// Last month included.
    pub until: Option<Period>,
    /// Origins shown under one label.
    pub groups: Vec<OriginGroup>,
    /// Keep the largest `top` origins over the whole range; the rest become `other`.
    pub top: Option<usize>,
    /// Direct, mirror or both.
    pub source: ShareSource,
}

impl SharesQuery {
    /// The SQL plan of the query (also shown to users as "the query behind it").
    ///
    /// One scan of `flows`: with both sources, each row is tagged direct or
    /// mirror by its flow; the rows are summed per side, period and origin
    /// first, and the top origins are ranked on those sums by a window, so
    /// no part of the plan is evaluated twice.
    pub fn to_sql(&self) -> Result<String, AnalyticsError> {
        if self.top == Some(0) {
            return Err(AnalyticsError::InvalidParameter {
                parameter: "--top",
                message: "must be at least 1".into(),
            });
        }
        let destination = self.destination.alpha3();
        let direct = format!(
            "(reporter = '{destination}' AND flow = 'import' AND NOT partner_is_aggregate)"
        );
        let mirror = format!(
            "(partner = '{destination}' AND flow = 'export' AND NOT reporter_is_aggregate AND reporter <> '{destination}')"
        );
        let (side, origin, sides) = match self.source {
            ShareSource::Direct => ("'direct'".to_string(), self.origin_sql("partner"), direct),
            ShareSource::Mirror => ("'mirror'".to_string(), self.origin_sql("reporter"), mirror),
            ShareSource::Both => (
                "CASE WHEN flow = 'import' THEN 'direct' ELSE 'mirror' END".to_string(),
                format!(
                    "CASE WHEN flow = 'import' THEN {} ELSE {} END",
                    self.origin_sql("partner"),
                    self.origin_sql("reporter")
                ),
                format!("({direct} OR {mirror})"),
            ),
        };
        let grouped = format!(
            "grouped AS (SELECT {side} AS side, {} AS period, {origin} AS origin, sum(value_usd) AS value_usd FROM flows \
             WHERE frequency = 'M' AND value_usd > 0 AND {sides} AND {} AND {} GROUP BY 1, 2, 3)",
            self.grain.label_sql(),
            basket_sql(&self.basket),
            range_sql(self.from, self.until)
        );
        let labelled = match self.top {
            // Rank origins on their total over every side and period; the
            // rest are summed again as `other`.
            Some(top) => format!(
                "ranked AS (SELECT side, period, origin, value_usd, \
                   dense_rank() OVER (ORDER BY origin_total DESC, origin) AS origin_rank \
                 FROM (SELECT side, period, origin, value_usd, sum(value_usd) OVER (PARTITION BY origin) AS origin_total FROM grouped) totalled), \
                 labelled AS (SELECT side, period, CASE WHEN origin_rank <= {top} THEN origin ELSE 'other' END AS origin, \
                   sum(value_usd) AS value_usd FROM ranked GROUP BY 1, 2, 3)"
            ),
            None => "labelled AS (SELECT side, period, origin, value_usd FROM grouped)".to_string(),
        };
        let shared = "shared AS (SELECT side, period, origin, value_usd, value_usd / sum(value_usd) OVER (PARTITION BY side, period) AS share FROM labelled)";
        let select = match self.source {
            ShareSource::Direct | ShareSource::Mirror => {
                "SELECT period, origin, value_usd, share FROM shared ORDER BY period, value_usd DESC, origin".to_string()
            }
            ShareSource::Both => "SELECT period, origin, \
                 sum(CASE WHEN side = 'direct' THEN value_usd END) AS value_direct, \
                 sum(CASE WHEN side = 'direct' THEN share END) AS share_direct, \
                 sum(CASE WHEN side = 'mirror' THEN value_usd END) AS value_mirror, \
                 sum(CASE WHEN side = 'mirror' THEN share END) AS share_mirror, \
                 sum(CASE WHEN side = 'mirror' THEN share ELSE -share END) AS share_gap \
                 FROM shared GROUP BY period, origin ORDER BY period, origin"
                .to_string(),
        };
        Ok(format!("WITH {grouped}, {labelled}, {shared} {select}"))
    }

    /// The origin column with groups applied.
    fn origin_sql(&self, column: &str) -> String {
        if self.groups.is_empty() {
            return column.to_string();
        }
        let cases: Vec<String> = self
            .groups
            .iter()
            .map(|g| {
                format!(
                    "WHEN {column} IN ({}) THEN '{}'",
                    code_list(&g.members),
                    g.label
                )
            })
            .collect();
        format!("CASE {} ELSE {column} END", cases.join(" "))
    }
}

/// Runs an origin-shares query: one row per period and origin with its value
/// (USD) and share; shares of a period sum to 1 per source.
pub async fn origin_shares(
    ctx: &SessionContext,
    query: &SharesQuery,
) -> Result<Vec<RecordBatch>, AnalyticsError> {
    crate::exec::collect(ctx, &query.to_sql()?).await
}
