//! Writing the world as a UN Comtrade "plus" CSV (bulk/API layout).
//!
//! Rows are assembled from pre-escaped pieces (period, reporter/partner,
//! code, unit) and hand-formatted fixed-point numbers into one reused
//! buffer, so writing costs a few hundred nanoseconds per row.

use std::io::Write;

use crate::DemoError;
use crate::flows::{Flow, ValueModel, year_month};
use crate::geo::{ECONOMIES, idx};
use crate::goods::{GOODS, comtrade_code, decimals, h5_desc};
use crate::rng::hash;
use crate::world::{MONTHS, T_2022_01, World};

/// The 47 columns of a Comtrade "plus" CSV, in order.
pub const COMTRADE_PLUS_COLUMNS: [&str; 47] = [
    "typeCode",
    "freqCode",
    "refPeriodId",
    "refYear",
    "refMonth",
    "period",
    "reporterCode",
    "reporterISO",
    "reporterDesc",
    "flowCode",
    "flowDesc",
    "partnerCode",
    "partnerISO",
    "partnerDesc",
    "partner2Code",
    "partner2ISO",
    "partner2Desc",
    "classificationCode",
    "classificationSearchCode",
    "isOriginalClassification",
    "cmdCode",
    "cmdDesc",
    "aggrLevel",
    "isLeaf",
    "customsCode",
    "customsDesc",
    "mosCode",
    "motCode",
    "motDesc",
    "qtyUnitCode",
    "qtyUnitAbbr",
    "qty",
    "isQtyEstimated",
    "altQtyUnitCode",
    "altQtyUnitAbbr",
    "altQty",
    "isAltQtyEstimated",
    "netWgt",
    "isNetWgtEstimated",
    "grossWgt",
    "isGrossWgtEstimated",
    "cifvalue",
    "fobvalue",
    "primaryValue",
    "legacyEstimationFlag",
    "isReported",
    "isAggregate",
];

/// Comtrade modes of transport, used to extend the key space of
/// [`crate::write_comtrade_plus`] once every year 1900–2200 is used.
const MOTS: [(u16, &str); 13] = [
    (0, "TOTAL MOT"),
    (1000, "Air"),
    (2000, "Water"),
    (2100, "Sea"),
    (2200, "Inland waterway"),
    (3000, "Land"),
    (3100, "Pipelines and cables"),
    (3200, "Railway"),
    (3300, "Road"),
    (9000, "Other"),
    (9100, "Postal consignments, mail or courier shipments"),
    (9200, "Self propelled goods"),
    (9900, "Unknown"),
];

/// Seven-year blocks covering 1900..=2200 (the years `chokepoint-model`
/// accepts): the world's 2019–2025 first, then forward, then backward.
pub(crate) const BLOCKS: usize = 43;

/// First year of output block `b`.
pub(crate) fn block_start_year(b: usize) -> u16 {
    if b < 26 {
        2019 + 7 * b as u16
    } else {
        2012 - 7 * (b as u16 - 26)
    }
}

/// One emitted row, kept for the truth computations.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowRecord {
    /// Reporter, index into [`ECONOMIES`].
    pub reporter: u8,
    /// Partner, index into [`ECONOMIES`].
    pub partner: u8,
    /// Flow X (true) or M.
    pub export: bool,
    /// Index into [`GOODS`].
    pub good: u8,
    /// Model month.
    pub t: u8,
    /// Primary value, USD.
    pub value: f64,
    /// Quantity.
    pub qty: f64,
}

/// Appends `text` to `out`, quoted if it holds a comma, quote or newline.
pub(crate) fn push_csv_field(out: &mut Vec<u8>, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend_from_slice(text.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

/// Appends an unsigned integer.
pub(crate) fn push_uint(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// Appends a non-negative number with a fixed number of decimals (0..=3).
pub(crate) fn push_fixed(out: &mut Vec<u8>, x: f64, decimals: usize) {
    const POW: [u64; 4] = [1, 10, 100, 1000];
    let scaled = (x.max(0.0) * POW[decimals] as f64).round() as u64;
    push_uint(out, scaled / POW[decimals]);
    if decimals > 0 {
        out.push(b'.');
        let frac = scaled % POW[decimals];
        for p in (0..decimals).rev() {
            out.push(b'0' + (frac / POW[p] % 10) as u8);
        }
    }
}

/// Pre-rendered text pieces of the rows of a world.
struct Pieces {
    /// Per slot: reporter and partner columns (`reporterCode` .. `partnerDesc,`).
    slots: Vec<Vec<u8>>,
    /// Per good and revision (0 = H5, 1 = H6): `classificationCode` .. `mosCode,`,
    /// `None` when the code has no line in that revision.
    codes: Vec<[Option<Vec<u8>>; 2]>,
    /// Per good: `qtyUnitCode,qtyUnitAbbr,`.
    units: Vec<Vec<u8>>,
}

impl Pieces {
    fn new(world: &World) -> Pieces {
        let slots = world
            .slots
            .iter()
            .map(|s| {
                let (r, p) = (&ECONOMIES[s.reporter], &ECONOMIES[s.partner]);
                let mut b = Vec::with_capacity(96);
                push_uint(&mut b, u64::from(r.m49));
                b.push(b',');
                b.extend_from_slice(r.alpha3.as_bytes());
                b.push(b',');
                push_csv_field(&mut b, r.name);
                b.extend_from_slice(if s.export_side {
                    b",X,Export,"
                } else {
                    b",M,Import,"
                });
                push_uint(&mut b, u64::from(p.m49));
                b.push(b',');
                b.extend_from_slice(p.alpha3.as_bytes());
                b.push(b',');
                push_csv_field(&mut b, p.name);
                b.push(b',');
                b
            })
            .collect();
        let codes = GOODS
            .iter()
            .map(|g| {
                let render = |class: &str, code: &str, desc: &str| {
                    let mut b = Vec::with_capacity(128);
                    b.extend_from_slice(format!("{class},{class},True,{code},").as_bytes());
                    push_csv_field(&mut b, desc);
                    b.extend_from_slice(b",6,True,C00,TOTAL CPC,0,");
                    b
                };
                let h5 =
                    g.h5.map(|code| render("H5", code, h5_desc(code).unwrap_or(g.desc)));
                [h5, Some(render("H6", g.hs6, g.desc))]
            })
            .collect();
        let units = GOODS
            .iter()
            .map(|g| format!("{},{},", comtrade_code(g.unit), g.unit.code()).into_bytes())
            .collect();
        Pieces {
            slots,
            codes,
            units,
        }
    }
}

/// What varies between repetitions of the world in [`crate::write_comtrade_plus`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Variant {
    /// Output block (years), see [`block_start_year`].
    pub block: usize,
    /// Index into the mode-of-transport list.
    pub mot: usize,
    /// 0 = partner2 "World"; otherwise 1 + index into [`ECONOMIES`].
    pub partner2: usize,
}

/// Writes the rows of the world, repeated over variants, until `limit` rows
/// are out; returns the rows written. `records` collects every row when given.
pub(crate) fn write_rows(
    out: &mut dyn Write,
    world: &World,
    seed: u64,
    variants: &mut dyn Iterator<Item = Variant>,
    limit: u64,
    mut records: Option<&mut Vec<RowRecord>>,
) -> Result<u64, DemoError> {
    let pieces = Pieces::new(world);
    let rus = idx("RUS");
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
    let mut written = 0u64;
    let mut flows: Vec<Flow> = vec![Flow::default(); world.links.len()];
    for variant in variants {
        let noise_seed = if variant.block == 0 && variant.mot == 0 && variant.partner2 == 0 {
            seed
        } else {
            hash(
                seed,
                0xB10C,
                variant.block as u64,
                variant.mot as u64,
                variant.partner2 as u64,
            )
        };
        let model = ValueModel::new(noise_seed);
        let mut p2_mot: Vec<u8> = Vec::new();
        if variant.partner2 == 0 {
            p2_mot.extend_from_slice(b"0,W00,World,");
        } else {
            let c = &ECONOMIES[variant.partner2 - 1];
            p2_mot.extend_from_slice(format!("{},{},", c.m49, c.alpha3).as_bytes());
            push_csv_field(&mut p2_mot, c.name);
            p2_mot.push(b',');
        }
        let start = block_start_year(variant.block);
        for t in 0..MONTHS {
            for (flow, link) in flows.iter_mut().zip(&world.links) {
                *flow = model.flow(link, t);
            }
            let (model_year, month) = year_month(t);
            let year = start + (model_year - crate::world::START_YEAR);
            let revision = usize::from(year >= 2022);
            let mut period = Vec::with_capacity(40);
            period.extend_from_slice(b"C,M,");
            let yyyymm = u64::from(year) * 100 + u64::from(month);
            push_uint(&mut period, yyyymm * 100 + 1);
            period.push(b',');
            push_uint(&mut period, u64::from(year));
            period.push(b',');
            push_uint(&mut period, u64::from(month));
            period.push(b',');
            push_uint(&mut period, yyyymm);
            period.push(b',');
            for (s, slot) in world.slots.iter().enumerate() {
                let link = &world.links[slot.link];
                let flow = &flows[slot.link];
                if flow.fob <= 0.0 {
                    continue;
                }
                let Some(code_piece) = &pieces.codes[link.good][revision] else {
                    continue;
                };
                if slot.reporter == rus && t >= T_2022_01 {
                    continue;
                }
                let (value, qty, kg) = if slot.export_side {
                    (flow.fob, flow.qty, flow.kg)
                } else {
                    if model.import_report_missing(link, t) {
                        continue;
                    }
                    let m = model.mirror(link, flow, t);
                    (m.cif, m.qty, m.kg)
                };
                buf.extend_from_slice(&period);
                buf.extend_from_slice(&pieces.slots[s]);
                buf.extend_from_slice(&p2_mot);
                buf.extend_from_slice(code_piece);
                push_uint(&mut buf, u64::from(MOTS[variant.mot].0));
                buf.push(b',');
                push_csv_field(&mut buf, MOTS[variant.mot].1);
                buf.push(b',');
                buf.extend_from_slice(&pieces.units[link.good]);
                push_fixed(&mut buf, qty, decimals(GOODS[link.good].unit));
                buf.extend_from_slice(b",False,8,kg,");
                push_fixed(&mut buf, kg, 2);
                buf.extend_from_slice(b",False,");
                push_fixed(&mut buf, kg, 2);
                buf.extend_from_slice(b",False,");
                push_fixed(&mut buf, kg * 1.06, 2);
                buf.extend_from_slice(b",False,");
                if !slot.export_side {
                    push_fixed(&mut buf, value, 2);
                }
                buf.push(b',');
                if slot.export_side {
                    push_fixed(&mut buf, value, 2);
                }
                buf.push(b',');
                push_fixed(&mut buf, value, 2);
                buf.extend_from_slice(b",0,True,False\n");
                if let Some(records) = records.as_deref_mut() {
                    records.push(RowRecord {
                        reporter: slot.reporter as u8,
                        partner: slot.partner as u8,
                        export: slot.export_side,
                        good: link.good as u8,
                        t: t as u8,
                        value: (value * 100.0).round() / 100.0,
                        qty,
                    });
                }
                written += 1;
                if buf.len() >= 1 << 20 {
                    out.write_all(&buf)?;
                    buf.clear();
                }
                if written == limit {
                    out.write_all(&buf)?;
                    return Ok(written);
                }
            }
        }
    }
    out.write_all(&buf)?;
    Ok(written)
}

/// Writes the header line.
pub(crate) fn write_header(out: &mut dyn Write) -> Result<(), DemoError> {
    out.write_all(COMTRADE_PLUS_COLUMNS.join(",").as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Every variant in the order [`crate::write_comtrade_plus`] uses them: all
/// year blocks with total mode of transport and partner2 World first.
pub(crate) fn all_variants() -> impl Iterator<Item = Variant> {
    let per_partner2 = MOTS.len() * BLOCKS;
    (0..per_partner2 * (ECONOMIES.len() + 1)).map(move |i| Variant {
        block: i % BLOCKS,
        mot: i / BLOCKS % MOTS.len(),
        partner2: i / per_partner2,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn numbers_are_formatted_by_hand() {
        let mut b = Vec::new();
        push_fixed(&mut b, 1234.567, 2);
        b.push(b' ');
        push_fixed(&mut b, 0.004, 2);
        b.push(b' ');
        push_fixed(&mut b, 52300.04, 1);
        b.push(b' ');
        push_fixed(&mut b, 7.0, 0);
        b.push(b' ');
        push_uint(&mut b, 18_446_744_073_709_551_615);
        assert_eq!(
            String::from_utf8(b).unwrap(),
            "1234.57 0.00 52300.0 7 18446744073709551615"
        );
    }

    #[test]
    fn fields_are_quoted_when_needed() {
        let mut b = Vec::new();
        push_csv_field(&mut b, "China, Hong Kong SAR");
        push_csv_field(&mut b, "plain");
        push_csv_field(&mut b, "say \"x\"");
        assert_eq!(
            String::from_utf8(b).unwrap(),
            "\"China, Hong Kong SAR\"plain\"say \"\"x\"\"\""
        );
    }

    #[test]
    fn blocks_cover_1900_to_2200_once() {
        let mut years = HashSet::new();
        for b in 0..BLOCKS {
            for y in block_start_year(b)..block_start_year(b) + 7 {
                assert!(years.insert(y), "year {y} twice");
            }
        }
        assert_eq!(years.len(), 301);
        assert!(years.contains(&1900) && years.contains(&2200));
    }

    #[test]
    fn variants_are_distinct_and_start_with_the_world() {
        let first: Vec<Variant> = all_variants().take(2).collect();
        assert_eq!((first[0].block, first[0].mot, first[0].partner2), (0, 0, 0));
        assert_eq!((first[1].block, first[1].mot, first[1].partner2), (1, 0, 0));
        let keys: HashSet<(usize, usize, usize)> = all_variants()
            .map(|v| (v.block, v.mot, v.partner2))
            .collect();
        assert_eq!(keys.len(), BLOCKS * MOTS.len() * (ECONOMIES.len() + 1));
    }

    #[test]
    fn header_has_47_columns() {
        let mut out = Vec::new();
        write_header(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.trim_end().split(',').count(), 47);
        assert!(text.starts_with("typeCode,freqCode,refPeriodId"));
        assert!(text.ends_with("isReported,isAggregate\n"));
    }
}
