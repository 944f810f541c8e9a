//! The world-like profile of `chokepoint generate`: SYNTHETIC Comtrade-plus
//! rows whose sparsity resembles real monthly HS6 data, for benchmarks that
//! measure pruning and memory at realistic selectivity.
//!
//! * Economies: every economy of `chokepoint_model`'s country table (former
//!   ones left out), ranked by a typed-in approximate order of merchandise
//!   trade, with Zipf weights `1 / (rank + 1)`; the largest 170 report, the
//!   rest only appear as partners (mirror data). Russia reports until 2021-12.
//! * Links: each exporter → importer pair trades a number of HS6 codes
//!   proportional to the product of the two weights (a gravity model; a pair
//!   whose expected count is below one trades one code with that
//!   probability), taken from the code space ([`crate::hs_space`]) in
//!   a permutation of its own, so a pair's codes are distinct.
//! * Rows: a link trades in a share of the 84 months 2019-01..2025-12; each
//!   month gives the exporter's report (X, FOB) and the importer's mirror
//!   report (M, CIF 3–10 % higher), each when that side reports. Values are
//!   lognormal across links and months, so a few large pairs carry most of
//!   the value and a long tail of small ones most of the pairs.
//! * Plants: the demo world's links ([`crate::world`], the planted China
//!   share, fibre-optic surge and corridors, at the demo's values) are
//!   written first — the full world from [`FULL_PLANTS_FROM`] rows, the small
//!   one from [`SMALL_PLANTS_FROM`] — and the background never trades a
//!   demo basket code between two demo economies, so the planted answers stay
//!   the answers.
//!
//! Links are written in rounds (every pair's first code, then every pair's
//! second, ...), so a file of any size is a thinned copy of the same world;
//! memory is the pair table, whatever the number of rows.

use std::io::Write;

use chokepoint_model::{Country, CountryKind};

use crate::comtrade::{push_csv_field, push_fixed, push_uint};
use crate::flows::{ValueModel, year_month};
use crate::geo::{ECONOMIES, idx};
use crate::goods::GOODS;
use crate::hs_space::{Code, N_CODES, code_space};
use crate::rng::{exp, hash, lognormal, mix64, normal, unit};
use crate::world::{MONTHS, T_2022_01, World};
use crate::{DemoError, DemoScale};

/// From this many rows the full demo world (~300,000 rows) is planted.
pub const FULL_PLANTS_FROM: u64 = 20_000_000;
/// From this many rows the small demo world (~18,000 rows) is planted.
pub const SMALL_PLANTS_FROM: u64 = 1_000_000;
/// Economies ranked below this only appear as partners.
const N_REPORTERS: usize = 170;

/// The largest traders, in approximate order of merchandise trade (exports
/// plus imports, around 2021; Russia a few places up, so that it is in about
/// 2 % of rows as in real monthly HS6 data); every other economy follows in
/// table order.
const LARGEST: [&str; 96] = [
    "CHN", "USA", "DEU", "NLD", "JPN", "HKG", "KOR", "ITA", "FRA", "BEL", "MEX", "GBR", "RUS",
    "CAN", "SGP", "S19", "IND", "CHE", "ESP", "ARE", "VNM", "MYS", "POL", "AUS", "THA", "BRA",
    "SAU", "IDN", "CZE", "TUR", "AUT", "SWE", "IRL", "DNK", "HUN", "NOR", "SVK", "PHL", "ISR",
    "ZAF", "CHL", "KAZ", "PRT", "ROU", "FIN", "ARG", "IRQ", "QAT", "NGA", "UKR", "KWT", "EGY",
    "PER", "COL", "GRC", "SVN", "DZA", "BLR", "PAK", "BGD", "NZL", "LTU", "BGR", "MAR", "OMN",
    "CRI", "EST", "LKA", "AGO", "HRV", "LUX", "LVA", "ECU", "SRB", "UZB", "TUN", "GTM", "DOM",
    "AZE", "MMR", "KEN", "PAN", "CIV", "GHA", "JOR", "URY", "BOL", "TKM", "PRY", "GEO", "ARM",
    "KGZ", "MNG", "MAC", "TJK", "BRN",
];

/// Former economies of the table (historical files only).
const FORMER: [&str; 5] = ["ANT", "SCG", "YUG", "SUN", "DDR"];

/// Noise streams of the background.
mod stream {
    pub const LINK: u64 = 0x57_01;
    pub const MONTH: u64 = 0x57_02;
    pub const PAIR: u64 = 0x57_03;
}

/// One economy of the world-like file.
#[derive(Debug, Clone)]
struct Economy {
    /// `reporterCode,reporterISO,reporterDesc` (same text for partners).
    piece: Vec<u8>,
    weight: f64,
    reports: bool,
    russia: bool,
    /// Part of the demo world (its basket trade with other demo economies is planted).
    demo: bool,
}

/// One exporter → importer pair and the codes of the current pass.
#[derive(Debug, Clone, Copy)]
struct Pair {
    exporter: u16,
    importer: u16,
    /// Codes `start..end` are traded in the current pass.
    start: u16,
    end: u16,
    /// Size factor of the pair's values.
    size: f64,
    salt: u64,
}

/// The rows a link can give per month, in expectation (for sizing).
fn expected_rows_per_link(e: &Economy, i: &Economy) -> f64 {
    let side = |x: &Economy| match (x.reports, x.russia) {
        (false, _) => 0.0,
        (true, true) => 3.0 / 7.0,
        (true, false) => 1.0,
    };
    MONTHS as f64 * 0.5 * (side(e) + 0.975 * side(i))
}

/// The month piece `C,M,refPeriodId,refYear,refMonth,period,`.
fn period_piece(t: usize) -> Vec<u8> {
    let (year, month) = year_month(t);
    let yyyymm = u64::from(year) * 100 + u64::from(month);
    let mut p = b"C,M,".to_vec();
    push_uint(&mut p, yyyymm * 100 + 1);
    p.push(b',');
    push_uint(&mut p, u64::from(year));
    p.push(b',');
    push_uint(&mut p, u64::from(month));
    p.push(b',');
    push_uint(&mut p, yyyymm);
    p.push(b',');
    p
}

/// Level of ordinary trade relative to 2021.
fn trend(t: usize) -> f64 {
    let (year, month) = year_month(t);
    match year {
        2019 => 0.95,
        2020 if (4..=6).contains(&month) => 0.80,
        2020 => 0.92,
        2021 => 1.0,
        _ => 1.0 + 0.03 * (t - T_2022_01 + 1) as f64 / 12.0,
    }
}

/// One side's figures of a row.
struct Measures {
    value: f64,
    qty: f64,
    kg: f64,
}

/// The generator's state: reference pieces and the output buffer.
struct Writer<'a> {
    out: &'a mut dyn Write,
    buf: Vec<u8>,
    written: u64,
    limit: u64,
    periods: Vec<Vec<u8>>,
}

impl Writer<'_> {
    /// Appends one row; returns `false` once `limit` rows are out.
    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        t: usize,
        reporter: &[u8],
        export: bool,
        partner: &[u8],
        code_piece: &[u8],
        code: &Code,
        m: &Measures,
    ) -> Result<bool, DemoError> {
        let b = &mut self.buf;
        b.extend_from_slice(&self.periods[t]);
        b.extend_from_slice(reporter);
        b.extend_from_slice(if export { b",X,Export," } else { b",M,Import," });
        b.extend_from_slice(partner);
        b.extend_from_slice(b",0,W00,World,");
        b.extend_from_slice(code_piece);
        b.extend_from_slice(b"0,TOTAL MOT,");
        b.extend_from_slice(code.unit);
        push_fixed(b, m.qty, code.decimals);
        b.extend_from_slice(b",False,8,kg,");
        push_fixed(b, m.kg, 2);
        b.extend_from_slice(b",False,");
        push_fixed(b, m.kg, 2);
        b.extend_from_slice(b",False,");
        push_fixed(b, m.kg * 1.06, 2);
        b.extend_from_slice(b",False,");
        if !export {
            push_fixed(b, m.value, 2);
        }
        b.push(b',');
        if export {
            push_fixed(b, m.value, 2);
        }
        b.push(b',');
        push_fixed(b, m.value, 2);
        b.extend_from_slice(b",0,True,False\n");
        self.written += 1;
        if self.buf.len() >= 1 << 20 {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(self.written < self.limit)
    }

    fn finish(&mut self) -> Result<u64, DemoError> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        Ok(self.written)
    }
}

/// The world-like world: economies, codes, pairs.
struct WorldLike {
    seed: u64,
    economies: Vec<Economy>,
    codes: Vec<Code>,
    pairs: Vec<Pair>,
}

impl WorldLike {
    fn build(seed: u64) -> WorldLike {
        let demo: Vec<&str> = ECONOMIES.iter().map(|e| e.alpha3).collect();
        let mut ranked: Vec<&'static Country> = LARGEST
            .iter()
            .map(|code| Country::lookup(code).expect("typed-in economies are in the table"))
            .collect();
        for c in Country::all() {
            if c.kind() == CountryKind::Economy
                && !FORMER.contains(&c.alpha3())
                && !ranked.iter().any(|r| std::ptr::eq(*r, c))
            {
                ranked.push(c);
            }
        }
        let economies: Vec<Economy> = ranked
            .iter()
            .enumerate()
            .map(|(rank, c)| {
                let mut piece = Vec::with_capacity(48);
                push_uint(&mut piece, u64::from(c.m49()));
                piece.push(b',');
                piece.extend_from_slice(c.alpha3().as_bytes());
                piece.push(b',');
                push_csv_field(&mut piece, c.name());
                Economy {
                    piece,
                    weight: 1.0 / (rank + 1) as f64,
                    reports: rank < N_REPORTERS,
                    russia: c.alpha3() == "RUS",
                    demo: demo.contains(&c.alpha3()),
                }
            })
            .collect();
        let top = economies[0].weight * economies[1].weight;
        let mut pairs = Vec::new();
        for (e, exporter) in economies.iter().enumerate() {
            for (i, importer) in economies.iter().enumerate() {
                if e == i || !(exporter.reports || importer.reports) {
                    continue;
                }
                pairs.push(Pair {
                    exporter: e as u16,
                    importer: i as u16,
                    start: 0,
                    end: 0,
                    size: (exporter.weight * importer.weight / top).powf(0.2),
                    salt: hash(seed, stream::PAIR, e as u64, i as u64, 0),
                });
            }
        }
        WorldLike {
            seed,
            economies,
            codes: code_space(),
            pairs,
        }
    }

    fn pair_weight(&self, p: &Pair) -> f64 {
        self.economies[usize::from(p.exporter)].weight
            * self.economies[usize::from(p.importer)].weight
    }

    /// Codes of a pair at scale `c`: `c · weight`, the fraction taken with
    /// that probability, at most the whole space.
    fn n_codes(&self, p: &Pair, c: f64) -> u16 {
        let x = c * self.pair_weight(p) + unit(mix64(p.salt));
        x.min(N_CODES as f64) as u16
    }

    /// The scale at which the pairs give about `rows` rows.
    fn scale_for(&self, rows: f64) -> f64 {
        let expected = |c: f64| -> f64 {
            self.pairs
                .iter()
                .map(|p| {
                    let (e, i) = (
                        &self.economies[usize::from(p.exporter)],
                        &self.economies[usize::from(p.importer)],
                    );
                    (c * self.pair_weight(p) + 0.5).min(N_CODES as f64)
                        * expected_rows_per_link(e, i)
                })
                .sum()
        };
        let (mut lo, mut hi) = (1e-3_f64, 1e12_f64);
        for _ in 0..80 {
            let mid = (lo * hi).sqrt();
            if expected(mid) < rows {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        hi
    }

    /// Writes one background link; returns `false` once the limit is reached.
    fn write_link(&self, w: &mut Writer, p: &Pair, j: usize) -> Result<bool, DemoError> {
        // An affine bijection of the code space, different per pair
        // (`a` is odd and not a multiple of 5, so coprime to 5,120).
        let mut a = (p.salt as usize % 1_024) * 2 + 1;
        if a.is_multiple_of(5) {
            a += 2;
        }
        let b = (p.salt >> 16) as usize % N_CODES;
        let at = (a * j + b) % N_CODES;
        let code = &self.codes[at];
        let (exporter, importer) = (
            &self.economies[usize::from(p.exporter)],
            &self.economies[usize::from(p.importer)],
        );
        if code.demo && exporter.demo && importer.demo {
            return Ok(true);
        }
        let id = hash(self.seed, stream::LINK, p.salt, at as u64, 0);
        let z = normal(id);
        let level = 30_000.0 * exp(1.5 * z) * p.size;
        let active = (0.2 + 0.6 * unit(mix64(id)) + 0.1 * z).clamp(0.1, 1.0);
        let cif = 1.03 + 0.07 * unit(mix64(id ^ 1));
        let price = code.unit_value * lognormal(mix64(id ^ 2), 0.3);
        for t in 0..MONTHS {
            let h = hash(self.seed, stream::MONTH, id, t as u64, 0);
            if unit(h) >= active {
                continue;
            }
            let revision = usize::from(t >= T_2022_01);
            let Some(code_piece) = &code.pieces[revision] else {
                continue;
            };
            let h2 = mix64(h);
            let fob = level * trend(t) * lognormal(h2, 0.35);
            if fob < 10.0 {
                continue;
            }
            let mut qty = fob / price;
            if code.decimals == 0 {
                qty = qty.round().max(1.0);
            }
            let x = Measures {
                value: fob,
                qty,
                kg: qty * code.kg_per_unit,
            };
            let late = t >= T_2022_01;
            if exporter.reports
                && !(exporter.russia && late)
                && !w.row(
                    t,
                    &exporter.piece,
                    true,
                    &importer.piece,
                    code_piece,
                    code,
                    &x,
                )?
            {
                return Ok(false);
            }
            let h3 = mix64(h2);
            if importer.reports && !(importer.russia && late) && unit(h3) >= 0.025 {
                let q = lognormal(mix64(h3), 0.02);
                let mut qty = x.qty * q;
                if code.decimals == 0 {
                    qty = qty.round().max(1.0);
                }
                let m = Measures {
                    value: fob * cif * lognormal(h3, 0.03),
                    qty,
                    kg: x.kg * q,
                };
                if !w.row(
                    t,
                    &importer.piece,
                    false,
                    &exporter.piece,
                    code_piece,
                    code,
                    &m,
                )? {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// Writes the demo world's links (both reports of each), link by link.
    fn write_plants(&self, w: &mut Writer, scale: DemoScale) -> Result<bool, DemoError> {
        let world = World::build(scale);
        let model = ValueModel::new(self.seed);
        let piece_of = |demo_idx: usize| {
            let alpha3 = ECONOMIES[demo_idx].alpha3;
            let at = self
                .economies
                .iter()
                .position(|e| e.piece.split(|&b| b == b',').nth(1) == Some(alpha3.as_bytes()))
                .expect("every demo economy is in the country table");
            &self.economies[at].piece
        };
        let code_of = |good: usize| {
            self.codes
                .iter()
                .find(|c| c.hs6 == GOODS[good].hs6)
                .expect("every demo code is in the code space")
        };
        let rus = idx("RUS");
        for link in &world.links {
            let (exporter, importer) = (piece_of(link.exporter), piece_of(link.importer));
            let code = code_of(link.good);
            for t in 0..MONTHS {
                let flow = model.flow(link, t);
                if flow.fob <= 0.0 {
                    continue;
                }
                let late = t >= T_2022_01;
                let Some(code_piece) = &code.pieces[usize::from(late)] else {
                    continue;
                };
                let x = Measures {
                    value: flow.fob,
                    qty: flow.qty,
                    kg: flow.kg,
                };
                let exporter_reports = link.exporter != rus || !late;
                if exporter_reports && !w.row(t, exporter, true, importer, code_piece, code, &x)? {
                    return Ok(false);
                }
                let importer_reports = link.importer != rus || !late;
                if importer_reports && !model.import_report_missing(link, t) {
                    let mirror = model.mirror(link, &flow, t);
                    let m = Measures {
                        value: mirror.cif,
                        qty: mirror.qty,
                        kg: mirror.kg,
                    };
                    if !w.row(t, importer, false, exporter, code_piece, code, &m)? {
                        return Ok(false);
                    }
                }
            }
        }
        Ok(true)
    }
}

/// Which demo world is planted in a world-like file of `n_rows` rows.
pub fn world_like_plants(n_rows: u64) -> Option<DemoScale> {
    if n_rows >= FULL_PLANTS_FROM {
        Some(DemoScale::Full)
    } else if n_rows >= SMALL_PLANTS_FROM {
        Some(DemoScale::Small)
    } else {
        None
    }
}

/// Writes the rows (no header) of a world-like file; returns the rows written.
pub(crate) fn write_rows(out: &mut dyn Write, n_rows: u64, seed: u64) -> Result<u64, DemoError> {
    if n_rows == 0 {
        return Ok(0);
    }
    let mut world = WorldLike::build(seed);
    let mut w = Writer {
        out,
        buf: Vec::with_capacity(1 << 21),
        written: 0,
        limit: n_rows,
        periods: (0..MONTHS).map(period_piece).collect(),
    };
    if let Some(scale) = world_like_plants(n_rows)
        && !world.write_plants(&mut w, scale)?
    {
        return w.finish();
    }
    let remaining = (n_rows - w.written) as f64;
    let mut scale = world.scale_for(remaining * 1.05);
    let mut pairs = std::mem::take(&mut world.pairs);
    for pass in 0..40 {
        let mut more = false;
        for p in &mut pairs {
            let end = world.n_codes(p, scale);
            (p.start, p.end) = if pass == 0 {
                (0, end)
            } else {
                (p.end, end.max(p.end))
            };
            more |= p.end > p.start;
        }
        if !more && pass > 0 && pairs.iter().all(|p| usize::from(p.end) == N_CODES) {
            break;
        }
        // Round k writes every pair's k-th code of the pass: widest pairs first.
        pairs.sort_by_key(|p| (std::cmp::Reverse(p.end - p.start), p.exporter, p.importer));
        let widest = pairs.first().map_or(0, |p| usize::from(p.end - p.start));
        for k in 0..widest {
            for p in pairs
                .iter()
                .take_while(|p| usize::from(p.end - p.start) > k)
            {
                if !world.write_link(&mut w, p, usize::from(p.start) + k)? {
                    return w.finish();
                }
            }
        }
        scale *= 1.6;
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn rows(n: u64, seed: u64) -> Vec<u8> {
        let mut out = Vec::new();
        assert_eq!(write_rows(&mut out, n, seed).unwrap(), n);
        out
    }

    #[test]
    fn every_largest_trader_is_a_distinct_economy_of_the_table() {
        let mut seen = HashSet::new();
        for code in LARGEST {
            let c = Country::lookup(code).unwrap();
            assert_eq!(c.kind(), CountryKind::Economy);
            assert!(seen.insert(c.alpha3()), "{code} twice");
        }
        for e in ECONOMIES {
            assert_eq!(Country::lookup(e.alpha3).unwrap().alpha3(), e.alpha3);
        }
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let a = rows(20_000, 7);
        assert_eq!(a, rows(20_000, 7));
        assert_ne!(a, rows(20_000, 8));
        assert_eq!(a.iter().filter(|&&b| b == b'\n').count(), 20_000);
    }

    #[test]
    fn keys_are_distinct_and_plants_come_with_size() {
        assert_eq!(world_like_plants(999_999), None);
        assert_eq!(world_like_plants(1_000_000), Some(DemoScale::Small));
        assert_eq!(world_like_plants(20_000_000), Some(DemoScale::Full));
        let text = rows(200_000, 3);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_slice());
        let mut keys = HashSet::new();
        for record in reader.records() {
            let f = record.unwrap();
            assert_eq!(f.len(), 47);
            // period, reporter, flow, partner, classification, code
            let key: Vec<String> = [5, 7, 9, 12, 17, 20].map(|i| f[i].to_string()).into();
            assert!(keys.insert(key.clone()), "duplicate row key {key:?}");
        }
    }
    #[test]
    fn sparsity_resembles_comtrade() {
        let text = rows(400_000, 2022);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_slice());
        let (mut reporters, mut partners, mut codes) =
            (HashSet::new(), HashSet::new(), HashSet::new());
        let (mut n, mut russia, mut russia_reports_late, mut exports) = (0u64, 0u64, 0u64, 0u64);
        let mut per_reporter: std::collections::HashMap<String, u64> = Default::default();
        for record in reader.records() {
            let f = record.unwrap();
            n += 1;
            reporters.insert(f[7].to_string());
            partners.insert(f[12].to_string());
            codes.insert(f[20].to_string());
            *per_reporter.entry(f[7].to_string()).or_default() += 1;
            exports += u64::from(&f[9] == "X");
            if &f[7] == "RUS" || &f[12] == "RUS" {
                russia += 1;
            }
            russia_reports_late += u64::from(&f[7] == "RUS" && &f[3] >= "2022");
        }
        let share = russia as f64 / n as f64;
        let mut sizes: Vec<u64> = per_reporter.values().copied().collect();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        let top10: u64 = sizes.iter().take(10).sum();
        assert!((0.01..=0.03).contains(&share), "RUS in {share:.4} of rows");
        assert_eq!(russia_reports_late, 0);
        assert!(reporters.len() >= 150, "{} reporters", reporters.len());
        assert!(partners.len() >= 200, "{} partners", partners.len());
        assert!(codes.len() >= 2_000, "{} codes", codes.len());
        // Skewed: the ten largest reporters carry a third or more of the rows.
        assert!(top10 as f64 / n as f64 > 0.33, "top 10 {top10} of {n}");
        assert!((0.4..0.65).contains(&(exports as f64 / n as f64)));
    }
}
