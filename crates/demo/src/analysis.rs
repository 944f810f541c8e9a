//! Measures the planted patterns on the rows actually written, so the truth
//! file reports generated numbers rather than parameters alone.

use serde_json::{Value, json};

use crate::comtrade::RowRecord;
use crate::flows::{T_FIBRE_BEFORE, T_FIBRE_SURGE, year_month};
use crate::geo::{CONTROLS, ECONOMIES, HUB_PARAMS, HUBS, Role, TRANSIT_GAPS, idx};
use crate::goods::{Basket, GOODS, is_machine_tool, is_micro};
use crate::world::{MONTHS, T_2022_04, month_index};

/// Rounds to `d` decimals for the truth file.
pub(crate) fn round(x: f64, d: i32) -> f64 {
    let f = [1.0, 10.0, 100.0, 1000.0, 10_000.0, 100_000.0][d as usize];
    (x * f).round() / f
}

/// The rows of one written flows file, indexed for the measurements.
pub(crate) struct Facts<'a> {
    rows: &'a [RowRecord],
    rus: u8,
}

fn role(i: u8) -> Role {
    ECONOMIES[usize::from(i)].role
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len()) as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    if saa == 0.0 || sbb == 0.0 {
        0.0
    } else {
        sab / (saa * sbb).sqrt()
    }
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len().max(1) as f64
}

/// Month-on-month relative changes (plain arithmetic, so identical on every platform).
fn changes(xs: &[f64]) -> Vec<f64> {
    xs.windows(2)
        .map(|w| {
            if w[0] > 0.0 && w[1] > 0.0 {
                w[1] / w[0] - 1.0
            } else {
                0.0
            }
        })
        .collect()
}

impl<'a> Facts<'a> {
    /// Facts over written rows.
    pub(crate) fn new(rows: &'a [RowRecord]) -> Facts<'a> {
        Facts {
            rows,
            rus: idx("RUS") as u8,
        }
    }

    /// Monthly totals of rows passing `keep`.
    fn monthly(&self, keep: impl Fn(&RowRecord) -> bool) -> Vec<f64> {
        let mut out = vec![0.0; MONTHS];
        for r in self.rows.iter().filter(|r| keep(r)) {
            out[usize::from(r.t)] += r.value;
        }
        out
    }

    /// Russia's imports seen through partners' exports (mirror statistics).
    fn to_russia(&self, r: &RowRecord) -> bool {
        r.export && r.partner == self.rus
    }

    /// Shares of origins in Russia's mirror imports of the codes `goods`, over months `months`.
    fn shares(&self, goods: &dyn Fn(usize) -> bool, months: std::ops::Range<usize>) -> Value {
        let (mut total, mut chn, mut hkg, mut coal, mut hub) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for r in self.rows.iter().filter(|r| {
            self.to_russia(r) && goods(usize::from(r.good)) && months.contains(&usize::from(r.t))
        }) {
            total += r.value;
            match role(r.reporter) {
                Role::China => chn += r.value,
                Role::HongKong => hkg += r.value,
                Role::Coalition => coal += r.value,
                Role::Hub => hub += r.value,
                _ => {}
            }
        }
        let s = |x: f64| round(x / total.max(1.0), 4);
        json!({
            "total_usd": round(total, 0),
            "china_usd": round(chn, 0),
            "china_share": s(chn),
            "china_hong_kong_share": s(chn + hkg),
            "coalition_share": s(coal),
            "hubs_share": s(hub),
        })
    }

    /// Pattern a: China's rise, the coalition's collapse, the seed claims.
    pub(crate) fn origin_shares(&self) -> Value {
        let all = |_: usize| true;
        let micro = |g: usize| is_micro(GOODS[g].hs6);
        let tools = |g: usize| is_machine_tool(GOODS[g].hs6);
        let mut by_year = serde_json::Map::new();
        let mut micro_by_year = serde_json::Map::new();
        for year in 2019..=2025u16 {
            let months = month_index(year, 1)..month_index(year, 12) + 1;
            by_year.insert(year.to_string(), self.shares(&all, months.clone()));
            micro_by_year.insert(year.to_string(), self.shares(&micro, months));
        }
        let coalition_monthly =
            self.monthly(|r| self.to_russia(r) && role(r.reporter) == Role::Coalition);
        let avg = |from: usize, to: usize| mean(&coalition_monthly[from..=to]);
        let chpl_or_tool = |g: usize| GOODS[g].chpl || is_machine_tool(GOODS[g].hs6);
        let since_2023: f64 = self
            .rows
            .iter()
            .filter(|r| {
                self.to_russia(r)
                    && role(r.reporter) == Role::China
                    && usize::from(r.t) >= month_index(2023, 1)
                    && chpl_or_tool(usize::from(r.good))
            })
            .map(|r| r.value)
            .sum();
        let q4 = month_index(2023, 10)..month_index(2023, 12) + 1;
        json!({
            "method": "mirror statistics: partners' reported exports (flowCode X) to RUS, primaryValue USD",
            "high_priority_by_year": by_year,
            "microelectronics_8541_8542_by_year": micro_by_year,
            "high_priority_2022_h2_onward": self.shares(&all, month_index(2022, 7)..MONTHS),
            "claims": {
                "microelectronics_china_hong_kong_share_2023": {
                    "claimed": 0.90,
                    "generated": self.shares(&micro, month_index(2023, 1)..month_index(2024, 1))["china_hong_kong_share"],
                },
                "machine_tools_china_share_2023_q4": {
                    "claimed_share": 0.70,
                    "claimed_china_usd": 900_000_000.0,
                    "generated": self.shares(&tools, q4),
                },
                "china_chpl_and_machine_tools_to_russia_since_2023_01": {
                    "claimed_usd_more_than": 20_000_000_000.0,
                    "generated_usd_2023_01_to_2025_12": round(since_2023, 0),
                },
            },
            "coalition_direct_exports_to_russia_monthly_usd": {
                "avg_2021": round(avg(month_index(2021, 1), month_index(2021, 12)), 0),
                "2022_02": round(coalition_monthly[month_index(2022, 2)], 0),
                "2022_03": round(coalition_monthly[month_index(2022, 3)], 0),
                "avg_2022_04_to_2025_12": round(avg(T_2022_04, MONTHS - 1), 0),
                "ratio_after_to_2021": round(avg(T_2022_04, MONTHS - 1) / avg(month_index(2021, 1), month_index(2021, 12)), 4),
            },
        })
    }

    /// Pattern b: the fibre-optic surge, and the largest month-on-month jumps
    /// of every series of the fibre-optic basket.
    pub(crate) fn fibre(&self) -> Value {
        let (chn, fibre) = (idx("CHN") as u8, crate::goods::good_idx("854470") as u8);
        let mut km = vec![0.0; MONTHS];
        for r in self
            .rows
            .iter()
            .filter(|r| r.export && r.reporter == chn && r.partner == self.rus && r.good == fibre)
        {
            km[usize::from(r.t)] = r.qty;
        }
        let series: Vec<Value> = (0..MONTHS)
            .map(|t| {
                let (y, m) = year_month(t);
                json!([format!("{y}-{m:02}"), round(km[t], 1)])
            })
            .collect();
        let (before, surge) = (km[T_FIBRE_BEFORE], km[T_FIBRE_SURGE]);
        let jumps = self.largest_jumps(Basket::Fibre);
        json!({
            "series": "CHN reports exports (X) to RUS of HS 854470, qtyUnitAbbr km",
            "monthly_km": series,
            "steady_avg_km_2023_01_to_2025_06": round(mean(&km[month_index(2023, 1)..month_index(2025, 7)]), 0),
            "month_before": "2025-07",
            "km_before": round(before, 1),
            "surge_month": "2025-08",
            "km_surge": round(surge, 1),
            "miles_surge": round(chokepoint_model::km_to_miles(surge), 0),
            "ratio": round(surge / before, 4),
            "largest_month_on_month_jumps_in_fibre_basket": jumps,
        })
    }

    /// The five largest month-on-month ratios among series of a basket
    /// (reporter, flow, partner, code; consecutive months both present).
    fn largest_jumps(&self, basket: Basket) -> Vec<Value> {
        let mut series: std::collections::BTreeMap<(u8, bool, u8, u8), Vec<f64>> =
            std::collections::BTreeMap::new();
        for r in self
            .rows
            .iter()
            .filter(|r| GOODS[usize::from(r.good)].basket == basket)
        {
            series
                .entry((r.reporter, r.export, r.partner, r.good))
                .or_insert_with(|| vec![0.0; MONTHS])[usize::from(r.t)] = r.value;
        }
        let mut jumps: Vec<(f64, String)> = Vec::new();
        for ((rep, export, partner, good), values) in &series {
            for t in 1..MONTHS {
                if values[t - 1] > 0.0 && values[t] > 0.0 {
                    let (y, m) = year_month(t);
                    let label = format!(
                        "{} {} {} {} {y}-{m:02}",
                        ECONOMIES[usize::from(*rep)].alpha3,
                        if *export { "X" } else { "M" },
                        ECONOMIES[usize::from(*partner)].alpha3,
                        GOODS[usize::from(*good)].hs6
                    );
                    jumps.push((values[t] / values[t - 1], label));
                }
            }
        }
        jumps.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        jumps
            .iter()
            .take(5)
            .map(|(ratio, label)| json!({"series_month": label, "value_ratio": round(*ratio, 3)}))
            .collect()
    }

    /// Pattern c: one hub or control country's corridor measurements.
    fn corridor(&self, x: u8) -> Value {
        let supply =
            self.monthly(|r| r.export && r.partner == x && role(r.reporter) == Role::Coalition);
        let onward = self.monthly(|r| r.export && r.reporter == x && r.partner == self.rus);
        let hub_imports =
            self.monthly(|r| !r.export && r.reporter == x && role(r.partner) == Role::Coalition);
        let hub_imports_all = self.monthly(|r| !r.export && r.reporter == x);
        let y2021 = month_index(2021, 1)..month_index(2022, 1);
        let post = T_2022_04..MONTHS;
        let ratio = |s: &[f64]| round(mean(&s[post.clone()]) / mean(&s[y2021.clone()]).max(1.0), 3);
        let sum = |s: &[f64]| s[post.clone()].iter().sum::<f64>();
        json!({
            "coalition_exports_to_x_avg_2021_usd": round(mean(&supply[y2021.clone()]), 0),
            "coalition_exports_to_x_avg_2022_04_on_usd": round(mean(&supply[post.clone()]), 0),
            "coalition_exports_growth": ratio(&supply),
            "x_exports_to_russia_avg_2021_usd": round(mean(&onward[y2021.clone()]), 0),
            "x_exports_to_russia_avg_2022_04_on_usd": round(mean(&onward[post.clone()]), 0),
            "x_exports_to_russia_growth": ratio(&onward),
            "correlation_levels_2021_01_to_2025_12": round(pearson(&supply[y2021.start..], &onward[y2021.start..]), 3),
            "correlation_month_on_month_changes_2022_05_on": round(pearson(&changes(&supply[T_2022_04..]), &changes(&onward[T_2022_04..])), 3),
            "pass_through_of_imports_from_coalition_2022_04_on": round(sum(&onward) / sum(&hub_imports).max(1.0), 3),
            "pass_through_of_all_imports_2022_04_on": round(sum(&onward) / sum(&hub_imports_all).max(1.0), 3),
        })
    }

    /// Pattern c: hubs, controls and "lost in transit" gaps.
    pub(crate) fn corridors(&self) -> Value {
        let mut hubs = serde_json::Map::new();
        for (code, growth, pass) in HUB_PARAMS {
            let mut v = self.corridor(idx(code) as u8);
            v["planted_growth_of_coalition_exports"] = json!(growth);
            v["planted_pass_through"] = json!(pass);
            hubs.insert(code.to_string(), v);
        }
        let mut controls = serde_json::Map::new();
        for code in CONTROLS {
            controls.insert(code.to_string(), self.corridor(idx(code) as u8));
        }
        let gaps: Vec<Value> = TRANSIT_GAPS
            .iter()
            .map(|(src, hub, gap)| {
                let (pre, post) = self.mirror_ratio(idx(src) as u8, idx(hub) as u8);
                json!({
                    "source": src, "hub": hub, "planted_excess": gap,
                    "source_exports_over_hub_imports_2021": round(pre, 4),
                    "source_exports_over_hub_imports_2022_04_on": round(post, 4),
                })
            })
            .collect();
        let mut normal = Vec::new();
        for hub in HUBS {
            for c in (0..ECONOMIES.len()).filter(|&c| ECONOMIES[c].role == Role::Coalition) {
                let planted = TRANSIT_GAPS
                    .iter()
                    .any(|(s, h, _)| *s == ECONOMIES[c].alpha3 && *h == hub);
                let (_, post) = self.mirror_ratio(c as u8, idx(hub) as u8);
                if !planted && post > 0.0 {
                    normal.push(post);
                }
            }
        }
        normal.sort_by(f64::total_cmp);
        json!({
            "method": "coalition = source-reported exports (X) to the country; onward = the country's reported exports (X) to RUS; all codes; 2021 vs 2022-04..2025-12",
            "hubs": hubs,
            "controls": controls,
            "lost_in_transit": gaps,
            "unplanted_coalition_to_hub_median_export_over_import_ratio": normal.get(normal.len() / 2).map(|x| round(*x, 4)),
        })
    }

    /// Source-reported exports over hub-reported imports on matching
    /// (code, month) pairs: (2021, from 2022-04).
    fn mirror_ratio(&self, src: u8, hub: u8) -> (f64, f64) {
        let mut x = std::collections::HashMap::new();
        for r in self
            .rows
            .iter()
            .filter(|r| r.export && r.reporter == src && r.partner == hub)
        {
            x.insert((r.good, r.t), r.value);
        }
        let (mut pre, mut post) = ([0.0, 0.0], [0.0, 0.0]);
        for r in self
            .rows
            .iter()
            .filter(|r| !r.export && r.reporter == hub && r.partner == src)
        {
            if let Some(v) = x.get(&(r.good, r.t)) {
                let t = usize::from(r.t);
                let acc = if t >= T_2022_04 {
                    &mut post
                } else if (month_index(2021, 1)..month_index(2022, 1)).contains(&t) {
                    &mut pre
                } else {
                    continue;
                };
                acc[0] += v;
                acc[1] += r.value;
            }
        }
        let ratio = |a: [f64; 2]| if a[1] > 0.0 { a[0] / a[1] } else { 0.0 };
        (ratio(pre), ratio(post))
    }

    /// Row counts by reporter role and basic structure facts.
    pub(crate) fn summary(&self) -> Value {
        let russia_rows_from_2022 = self
            .rows
            .iter()
            .filter(|r| r.reporter == self.rus && usize::from(r.t) >= crate::world::T_2022_01)
            .count();
        let last_russia = self
            .rows
            .iter()
            .filter(|r| r.reporter == self.rus)
            .map(|r| r.t)
            .max()
            .map(|t| {
                let (y, m) = year_month(usize::from(t));
                format!("{y}-{m:02}")
            });
        json!({
            "rows": self.rows.len(),
            "russia_reporter_rows_from_2022_01": russia_rows_from_2022,
            "russia_last_reported_month": last_russia,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pearson_and_helpers() {
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]) - 1.0).abs() < 1e-12);
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert_eq!(pearson(&[1.0, 1.0], &[1.0, 2.0]), 0.0);
        assert_eq!(round(1.23456, 2), 1.23);
        assert_eq!(changes(&[1.0, 0.0, 2.0]), vec![0.0, 0.0]);
        assert_eq!(changes(&[2.0, 3.0]), vec![0.5]);
    }
}
