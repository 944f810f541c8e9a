//! The plans as they were before they became single passes (frozen copies
//! of the earlier `to_sql()` texts), kept as the oracle the property tests
//! compare the new plans against. Not used by the library.
#![allow(dead_code)]

use chokepoint_analytics::{
    Claim, ClaimKind, CorridorQuery, Grain, Measure, ReportedBy, ShareSource, SharesQuery,
    SurgeQuery, TotalsQuery, TotalsSource, Window,
};
use chokepoint_catalog::Basket;
use chokepoint_model::{Country, Period};

fn label_sql(grain: Grain) -> &'static str {
    match grain {
        Grain::Month => "concat(CAST(year AS VARCHAR), '-', lpad(CAST(month AS VARCHAR), 2, '0'))",
        Grain::Quarter => {
            "concat(CAST(year AS VARCHAR), '-Q', CAST((month - 1) / 3 + 1 AS VARCHAR))"
        }
        Grain::Year => "CAST(year AS VARCHAR)",
    }
}

fn basket_sql(basket: &Basket) -> String {
    if basket.is_total_trade() {
        return "hs_code = 'TOTAL'".to_string();
    }
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
            let lookup = format!("substr(hs_code, 1, {len}) IN ({})", prefixes.join(", "));
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
    format!("length(hs_code) >= 6 AND ({})", terms.join(" OR "))
}

fn range_sql(from: Option<Period>, until: Option<Period>) -> String {
    let mut parts = vec!["TRUE".to_string()];
    if let Some(from) = from {
        parts.push(format!("period >= DATE '{from}-01'"));
    }
    if let Some(until) = until {
        parts.push(format!("period <= DATE '{until}-01'"));
    }
    parts.join(" AND ")
}

fn code_list(countries: &[&'static Country]) -> String {
    countries
        .iter()
        .map(|c| format!("'{}'", c.alpha3()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn origin_sql(query: &SharesQuery, column: &str) -> String {
    if query.groups.is_empty() {
        return column.to_string();
    }
    let cases: Vec<String> = query
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

/// Shares: direct and mirror as two scans, the top origins ranked over the raw rows.
pub fn shares_sql(query: &SharesQuery) -> String {
    let destination = query.destination.alpha3();
    let common = format!(
        "frequency = 'M' AND value_usd > 0 AND {} AND {}",
        basket_sql(&query.basket),
        range_sql(query.from, query.until)
    );
    let label = label_sql(query.grain);
    let direct = format!(
        "SELECT 'direct' AS side, {label} AS period, {} AS origin, value_usd FROM flows \
         WHERE reporter = '{destination}' AND flow = 'import' AND NOT partner_is_aggregate AND {common}",
        origin_sql(query, "partner")
    );
    let mirror = format!(
        "SELECT 'mirror' AS side, {label} AS period, {} AS origin, value_usd FROM flows \
         WHERE partner = '{destination}' AND flow = 'export' AND NOT reporter_is_aggregate \
         AND reporter <> '{destination}' AND {common}",
        origin_sql(query, "reporter")
    );
    let base = match query.source {
        ShareSource::Direct => direct,
        ShareSource::Mirror => mirror,
        ShareSource::Both => format!("{direct} UNION ALL {mirror}"),
    };
    let labelled = match query.top {
        Some(top) => format!(
            "ranked AS (SELECT origin FROM base GROUP BY origin ORDER BY sum(value_usd) DESC, origin LIMIT {top}), \
             labelled AS (SELECT b.side, b.period, CASE WHEN r.origin IS NULL THEN 'other' ELSE b.origin END AS origin, b.value_usd \
             FROM base b LEFT JOIN ranked r ON b.origin = r.origin)"
        ),
        None => "labelled AS (SELECT side, period, origin, value_usd FROM base)".to_string(),
    };
    let shared = "grouped AS (SELECT side, period, origin, sum(value_usd) AS value_usd FROM labelled GROUP BY side, period, origin), \
         shared AS (SELECT side, period, origin, value_usd, value_usd / sum(value_usd) OVER (PARTITION BY side, period) AS share FROM grouped)";
    let select = match query.source {
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
    format!("WITH base AS ({base}), {labelled}, {shared} {select}")
}

/// Totals: the filtered rows scanned twice, once for the unit check.
pub fn totals_sql(query: &TotalsQuery) -> String {
    let origins = code_list(&query.origins);
    let destination = query.destination.alpha3();
    let side = match query.source {
        TotalsSource::Exporter => {
            format!("reporter IN ({origins}) AND partner = '{destination}' AND flow = 'export'")
        }
        TotalsSource::Importer => {
            format!("reporter = '{destination}' AND partner IN ({origins}) AND flow = 'import'")
        }
    };
    let label = label_sql(Grain::Month);
    let (quantity, unit) = match query.unit {
        Some(target) => (
            format!(
                "convert_quantity(quantity, quantity_unit, '{}')",
                target.code()
            ),
            format!(
                "CASE WHEN quantity_unit IS NULL THEN NULL ELSE '{}' END",
                target.code()
            ),
        ),
        None => ("quantity".to_string(), "quantity_unit".to_string()),
    };
    format!(
        "WITH base AS (SELECT {label} AS period, value_usd, {quantity} AS quantity, {unit} AS quantity_unit FROM flows \
           WHERE frequency = 'M' AND {side} AND {} AND {}), \
         units AS (SELECT count(DISTINCT quantity_unit) AS n_units, max(quantity_unit) AS unit, \
           count(*) - count(quantity) AS n_missing FROM base), \
         monthly AS (SELECT period, sum(value_usd) AS value_usd, sum(quantity) AS quantity FROM base GROUP BY period) \
         SELECT period, value_usd, \
           sum(value_usd) OVER (ORDER BY period ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative_value_usd, \
           CASE WHEN units.n_units = 1 AND units.n_missing = 0 THEN quantity END AS quantity, \
           CASE WHEN units.n_units = 1 AND units.n_missing = 0 \
             THEN sum(quantity) OVER (ORDER BY period ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) END AS cumulative_quantity, \
           CASE WHEN units.n_units = 1 AND units.n_missing = 0 THEN units.unit END AS quantity_unit \
         FROM monthly CROSS JOIN units ORDER BY period",
        basket_sql(&query.basket),
        range_sql(Some(query.since), query.until)
    )
}

/// Surges: HS6 series and basket-total series as two groupings of the rows.
pub fn surges_sql(query: &SurgeQuery) -> String {
    let mut filters = vec![
        "frequency = 'M'".to_string(),
        "flow IN ('export', 'import')".to_string(),
        "NOT reporter_is_aggregate AND NOT partner_is_aggregate".to_string(),
        "length(hs_code) >= 6".to_string(),
    ];
    if let Some(basket) = &query.basket {
        filters.push(basket_sql(basket));
    }
    if let Some(destination) = query.destination {
        let code = destination.alpha3();
        filters.push(format!(
            "((flow = 'export' AND partner = '{code}') OR (flow = 'import' AND reporter = '{code}'))"
        ));
    }
    if let Some(origin) = query.origin {
        let code = origin.alpha3();
        filters.push(format!(
            "((flow = 'export' AND reporter = '{code}') OR (flow = 'import' AND partner = '{code}'))"
        ));
    }
    let rows = format!(
        "SELECT CASE WHEN flow = 'export' THEN reporter ELSE partner END AS exporter, \
           CASE WHEN flow = 'export' THEN partner ELSE reporter END AS importer, \
           CASE WHEN flow = 'export' THEN 'exporter' ELSE 'importer' END AS reported_by, \
           hs6, year, month, value_usd, quantity, quantity_unit FROM flows WHERE {}",
        filters.join(" AND ")
    );
    let measures = "sum(value_usd) AS value_usd, \
        CASE WHEN min(quantity_unit) = max(quantity_unit) AND count(quantity) = count(*) THEN sum(quantity) END AS quantity, \
        CASE WHEN min(quantity_unit) = max(quantity_unit) THEN max(quantity_unit) END AS unit";
    let by_code = format!(
        "SELECT exporter, importer, reported_by, hs6 AS code, year, month, {measures} \
         FROM rows GROUP BY exporter, importer, reported_by, hs6, year, month"
    );
    let series = match &query.basket {
        Some(basket) => format!(
            "{by_code} UNION ALL SELECT exporter, importer, reported_by, 'basket:{}' AS code, year, month, {measures} \
             FROM rows GROUP BY exporter, importer, reported_by, year, month",
            basket.name()
        ),
        None => by_code,
    };
    format!(
        "WITH rows AS ({rows}) SELECT * FROM ({series}) \
         ORDER BY exporter, importer, reported_by, code, year, month"
    )
}

/// Corridors: five legs, each a scan of the filtered rows; `leg, hub, year, month, value_usd`.
pub fn corridors_sql(query: &CorridorQuery) -> String {
    let sources = code_list(&query.sources);
    let dest = query.destination.alpha3();
    let until = query
        .until
        .map(|u| format!(" AND period <= DATE '{u}-01'"))
        .unwrap_or_default();
    let leg = |name: &str, hub: &str, filter: &str| {
        format!(
            "SELECT '{name}' AS leg, {hub} AS hub, year, month, sum(value_usd) AS value_usd \
             FROM base WHERE {filter} GROUP BY {hub}, year, month"
        )
    };
    let not_hub = format!("IN ({sources}, '{dest}')");
    let legs = [
        leg(
            "source_to_hub",
            "partner",
            &format!("flow = 'export' AND reporter IN ({sources}) AND partner NOT {not_hub}"),
        ),
        leg(
            "hub_imports_from_sources",
            "reporter",
            &format!("flow = 'import' AND partner IN ({sources}) AND reporter NOT {not_hub}"),
        ),
        leg(
            "hub_imports",
            "reporter",
            &format!("flow = 'import' AND reporter NOT {not_hub}"),
        ),
        leg(
            "hub_to_destination",
            "reporter",
            &format!("flow = 'export' AND partner = '{dest}' AND reporter NOT {not_hub}"),
        ),
        leg(
            "destination_from_hub",
            "partner",
            &format!("flow = 'import' AND reporter = '{dest}' AND partner NOT {not_hub}"),
        ),
    ];
    format!(
        "WITH base AS (SELECT reporter, partner, flow, year, month, value_usd FROM flows \
           WHERE frequency = 'M' AND value_usd IS NOT NULL AND NOT reporter_is_aggregate \
           AND NOT partner_is_aggregate AND {} AND period >= DATE '{}-01'{until}) \
         SELECT * FROM ({}) ORDER BY hub, leg, year, month",
        basket_sql(&query.basket),
        query.baseline.0,
        legs.join(" UNION ALL ")
    )
}

/// A claim's window measured by its own scan: `part, whole, months_with_data, last_period`.
pub fn claim_sql(claim: &Claim, window: Window) -> String {
    let destination = claim.destination.alpha3();
    let origins = code_list(&claim.origins);
    let (side, origin_column) = match claim.reported_by {
        ReportedBy::Exporter => (
            format!(
                "partner = '{destination}' AND flow = 'export' AND NOT reporter_is_aggregate AND reporter <> '{destination}'"
            ),
            "reporter",
        ),
        ReportedBy::Importer => (
            format!("reporter = '{destination}' AND flow = 'import' AND NOT partner_is_aggregate"),
            "partner",
        ),
    };
    let amount = match (claim.measure, claim.unit) {
        (Measure::Value, _) => "value_usd".to_string(),
        (Measure::Quantity, Some(unit)) => format!(
            "convert_quantity(quantity, quantity_unit, '{}')",
            unit.code()
        ),
        (Measure::Quantity, None) => "quantity".to_string(),
    };
    let convertible = match (claim.measure, claim.unit) {
        (Measure::Quantity, Some(_)) => format!(" AND {amount} IS NOT NULL"),
        _ => String::new(),
    };
    let last = window
        .last
        .map(|last| format!(" AND period <= DATE '{last}-01'"))
        .unwrap_or_default();
    let unit_check = match (claim.measure, claim.unit) {
        (Measure::Quantity, None) => {
            "min(CASE WHEN in_origins THEN quantity_unit END) = max(CASE WHEN in_origins THEN quantity_unit END)"
        }
        _ => "TRUE",
    };
    format!(
        "WITH rows AS (SELECT period, {origin_column} IN ({origins}) AS in_origins, {amount} AS amount \
           FROM flows WHERE frequency = 'M' AND {side} AND {} AND period >= DATE '{}-01'{last}{convertible}) \
         SELECT CASE WHEN {unit_check} AND count(CASE WHEN in_origins THEN 1 END) = count(CASE WHEN in_origins THEN amount END) \
                  THEN sum(CASE WHEN in_origins THEN amount END) END AS part, \
                sum(amount) AS whole, \
                count(DISTINCT CASE WHEN {} THEN period END) AS months_with_data, \
                max(period) AS last_period \
         FROM rows",
        basket_sql(&claim.basket),
        window.first,
        if claim.kind == ClaimKind::Share {
            "TRUE"
        } else {
            "in_origins"
        },
    )
}
