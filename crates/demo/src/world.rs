//! The structure of the demo world: which exporter sells which code to which
//! importer ("links"), and the rows each link produces (export report and
//! mirror import report).
//!
//! The structure does not depend on the seed (a fixed internal hash decides
//! coverage), so row counts and planted patterns are stable; the seed only
//! drives the noise in [`crate::flows`].

use std::collections::BTreeSet;

use crate::DemoScale;
use crate::geo::{CONTROLS, ECONOMIES, HUB_PARAMS, Role, TRANSIT_GAPS, idx};
use crate::goods::{Basket, G_CHN, G_COAL, G_HKG, G_HUB, G_OTH, GOODS, params};
use crate::rng::{hash, unit};

/// First year of the world.
pub(crate) const START_YEAR: u16 = 2019;
/// Months in the world: 2019-01 ..= 2025-12.
pub(crate) const MONTHS: usize = 84;

/// Model month index of a calendar month of the world.
pub(crate) const fn month_index(year: u16, month: u8) -> usize {
    (year - START_YEAR) as usize * 12 + month as usize - 1
}

/// 2022-01: Russia stops publishing; HS 2022 codes begin.
pub(crate) const T_2022_01: usize = month_index(2022, 1);
/// 2022-04: diversion through the hubs begins; "lost in transit" gaps begin.
pub(crate) const T_2022_04: usize = month_index(2022, 4);

/// What drives a link's monthly value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Sales to Russia as a share (of origin group `group`) of Russia's imports.
    ToRussia {
        /// Index of the origin group (`G_CHN` ..= `G_OTH`).
        group: usize,
    },
    /// A hub's sales to Russia: a small local base plus re-exports.
    HubToRussia,
    /// A coalition member's sales to a hub: domestic demand plus goods for re-export.
    CorridorSupply,
    /// Any other flow: a level with a generic trend.
    Plain,
}

/// One exporter → importer → code relation.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    /// Index into [`ECONOMIES`].
    pub exporter: usize,
    /// Index into [`ECONOMIES`].
    pub importer: usize,
    /// Index into [`GOODS`].
    pub good: usize,
    /// What drives the value.
    pub kind: Kind,
    /// Base monthly level, USD (meaning depends on `kind`, see `crate::flows`).
    pub level: f64,
    /// Scale of the re-export component (hub links), USD.
    pub reexport: f64,
    /// For hub links: index into [`HUB_PARAMS`].
    pub hub: usize,
    /// CIF/FOB factor of the importer's report (1.03–1.10).
    pub cif: f64,
    /// "Lost in transit" excess from 2022-04, 0 when none is planted.
    pub gap: f64,
    /// Unit-value level of the exporter relative to the world price.
    pub price: f64,
    /// Whether the link may have months without trade.
    pub sparse: bool,
    /// Stable identifier (noise key).
    pub id: u64,
}

/// One output row position: a link seen from one side.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    /// Index into [`World::links`].
    pub link: usize,
    /// `true` for the exporter's report (flow X), `false` for the importer's (flow M).
    pub export_side: bool,
    /// Reporter, index into [`ECONOMIES`].
    pub reporter: usize,
    /// Partner, index into [`ECONOMIES`].
    pub partner: usize,
}

/// The world's links and output slots.
#[derive(Debug, Clone)]
pub(crate) struct World {
    /// All links.
    pub links: Vec<Link>,
    /// Row slots sorted by reporter, flow, partner, code.
    pub slots: Vec<Slot>,
    /// Whether an economy is part of this world.
    pub economy_active: Vec<bool>,
    /// Whether a code is part of this world.
    pub good_active: Vec<bool>,
}

const STRUCTURE_SEED: u64 = 0x5EED_C40C_E901_0001;

fn covered(tag: u64, a: usize, b: usize, c: usize, p: f64) -> bool {
    unit(hash(STRUCTURE_SEED, tag, a as u64, b as u64, c as u64)) < p
}

fn price_level(role: Role) -> f64 {
    match role {
        Role::China => 0.8,
        Role::HongKong => 0.9,
        Role::Coalition => 1.25,
        Role::Hub => 1.1,
        _ => 1.0,
    }
}

/// Domestic import scale of a control country (share of Russia's 2021 market).
fn control_scale(alpha3: &str) -> f64 {
    match alpha3 {
        "IND" => 0.05,
        "THA" => 0.03,
        "BRA" => 0.03,
        "SRB" => 0.01,
        _ => 0.003,
    }
}

struct Builder {
    scale: DemoScale,
    links: Vec<Link>,
    seen: BTreeSet<(usize, usize, usize)>,
    economy_active: Vec<bool>,
}

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        exporter: usize,
        importer: usize,
        good: usize,
        kind: Kind,
        level: f64,
        reexport: f64,
        hub: usize,
    ) {
        if !self.seen.insert((exporter, importer, good)) || level + reexport <= 0.0 {
            return;
        }
        let id = (exporter as u64) << 16 | (importer as u64) << 8 | good as u64;
        let cif = 1.03 + 0.07 * unit(hash(STRUCTURE_SEED, 99, id, 0, 0));
        let (ex, im) = (ECONOMIES[exporter].alpha3, ECONOMIES[importer].alpha3);
        let gap = TRANSIT_GAPS
            .iter()
            .find(|(s, h, _)| *s == ex && *h == im)
            .map_or(0.0, |g| g.2);
        let sparse = matches!(
            kind,
            Kind::Plain | Kind::ToRussia { group: G_OTH } | Kind::ToRussia { group: G_COAL }
        ) && GOODS[good].basket != Basket::Fibre;
        self.links.push(Link {
            exporter,
            importer,
            good,
            kind,
            level,
            reexport,
            hub,
            cif,
            gap,
            price: price_level(ECONOMIES[exporter].role),
            sparse,
            id,
        });
    }

    fn members(&self, pred: impl Fn(Role) -> bool) -> Vec<usize> {
        (0..ECONOMIES.len())
            .filter(|&i| self.economy_active[i] && pred(ECONOMIES[i].role))
            .collect()
    }

    /// Coverage multiplier for optional links in the reduced world.
    fn thin(&self) -> f64 {
        match self.scale {
            DemoScale::Full => 1.0,
            DemoScale::Small => 0.2,
        }
    }
}

impl World {
    /// Builds the world for a scale.
    pub(crate) fn build(scale: DemoScale) -> World {
        let small = scale == DemoScale::Small;
        let economy_active: Vec<bool> = ECONOMIES.iter().map(|c| !small || c.small).collect();
        let good_active: Vec<bool> = GOODS.iter().map(|g| !small || g.small).collect();
        let mut b = Builder {
            scale,
            links: Vec::new(),
            seen: BTreeSet::new(),
            economy_active: economy_active.clone(),
        };
        let (chn, hkg, rus) = (idx("CHN"), idx("HKG"), idx("RUS"));
        let coalition = b.members(|r| r == Role::Coalition);
        let others = b.members(|r| r == Role::Other);
        let thin = b.thin();
        for h in (0..GOODS.len()).filter(|&h| good_active[h]) {
            let good = &GOODS[h];
            let p = params(good.basket);
            // Codes left out of the reduced world leave their basket's total to the others.
            let basket_weight: f64 = GOODS
                .iter()
                .zip(&good_active)
                .filter(|(g, active)| **active && g.basket == good.basket)
                .map(|(g, _)| g.weight)
                .sum();
            let base = p.base_2021 * good.weight / basket_weight;
            // China sells everything; Hong Kong most of it (all microelectronics).
            b.push(chn, rus, h, Kind::ToRussia { group: G_CHN }, base, 0.0, 0);
            if p.pre[G_HKG] + p.post[G_HKG] > 0.0
                && (good.basket == Basket::Micro || covered(1, hkg, h, 0, 0.75))
            {
                b.push(hkg, rus, h, Kind::ToRussia { group: G_HKG }, base, 0.0, 0);
            }
            // Coalition and other suppliers share their group's slice by weight.
            let deu = idx("DEU");
            let sellers: Vec<usize> = coalition
                .iter()
                .copied()
                .filter(|&c| {
                    c == deu
                        || covered(
                            2,
                            c,
                            h,
                            0,
                            (0.3 + 2.5 * ECONOMIES[c].weight).min(0.95) * thin.max(0.6),
                        )
                })
                .collect();
            push_group(&mut b, &sellers, rus, h, G_COAL, base);
            let mut sellers: Vec<usize> = others
                .iter()
                .copied()
                .filter(|&o| covered(3, o, h, 0, (0.12 + 1.5 * ECONOMIES[o].weight) * thin))
                .collect();
            if sellers.is_empty() {
                sellers.push(idx("BLR"));
            }
            push_group(&mut b, &sellers, rus, h, G_OTH, base);
            // Control countries sell Russia a little, on their own trend (every one, in the small world too).
            for x in CONTROLS
                .iter()
                .map(|c| idx(c))
                .filter(|&x| economy_active[x])
            {
                if covered(3, x, h, 0, (0.12 + 1.5 * ECONOMIES[x].weight).max(0.3)) {
                    let level = base * control_scale(ECONOMIES[x].alpha3) / 5.0;
                    b.push(x, rus, h, Kind::ToRussia { group: G_OTH }, level, 0.0, 0);
                }
            }
            // Hubs re-export what the coalition sends them.
            let mut hubs: Vec<usize> = (0..HUB_PARAMS.len())
                .filter(|&k| {
                    covered(
                        4,
                        idx(HUB_PARAMS[k].0),
                        h,
                        0,
                        [0.4, 0.6, 0.4, 0.55, 0.4][k] * thin.max(0.6),
                    )
                })
                .collect();
            if hubs.is_empty() {
                hubs.push(1);
            }
            let hub_total: f64 = hubs
                .iter()
                .map(|&k| ECONOMIES[idx(HUB_PARAMS[k].0)].weight)
                .sum();
            for &k in &hubs {
                let (hub_code, growth, pass) = HUB_PARAMS[k];
                let hub = idx(hub_code);
                let omega = ECONOMIES[hub].weight / hub_total;
                let extra = p.post[G_HUB] - p.pre[G_HUB];
                b.push(
                    hub,
                    rus,
                    h,
                    Kind::HubToRussia,
                    base * omega * p.pre[G_HUB],
                    base * omega * extra,
                    k,
                );
                // Coalition supply: domestic demand D plus imports for re-export.
                let reexport_post = base * omega * extra * p.growth_post;
                let domestic = reexport_post / (pass * growth);
                let mut suppliers: Vec<usize> = coalition
                    .iter()
                    .copied()
                    .filter(|&c| {
                        c != deu
                            && covered(
                                5,
                                c,
                                hub,
                                h,
                                (0.1 + 1.6 * ECONOMIES[c].weight) * thin.max(0.45),
                            )
                    })
                    .collect();
                suppliers.push(deu);
                let total: f64 = suppliers.iter().map(|&c| ECONOMIES[c].weight).sum();
                for &c in &suppliers {
                    let nu = ECONOMIES[c].weight / total;
                    let for_reexport = base * omega * extra * (growth - 1.0) / (pass * growth) * nu;
                    b.push(
                        c,
                        hub,
                        h,
                        Kind::CorridorSupply,
                        domestic * nu,
                        for_reexport,
                        k,
                    );
                }
            }
            // Controls import from the coalition and from China for their own use.
            for x in CONTROLS
                .iter()
                .map(|c| idx(c))
                .filter(|&x| economy_active[x])
            {
                let scale = control_scale(ECONOMIES[x].alpha3) * base;
                for &c in &coalition {
                    if covered(6, c, x, h, (0.06 + 0.8 * ECONOMIES[c].weight) * thin) {
                        b.push(c, x, h, Kind::Plain, scale * ECONOMIES[c].weight, 0.0, 0);
                    }
                }
                if covered(7, chn, x, h, 0.2 * thin) {
                    b.push(chn, x, h, Kind::Plain, scale * 0.8, 0.0, 0);
                }
            }
            // China's ordinary sales to the hubs; Russia's own small exports.
            for (k, (hub_code, _, _)) in HUB_PARAMS.iter().enumerate() {
                let hub = idx(hub_code);
                if covered(8, chn, hub, h, 0.25 * thin) {
                    b.push(
                        chn,
                        hub,
                        h,
                        Kind::Plain,
                        base * 0.004 * ECONOMIES[hub].weight,
                        0.0,
                        k,
                    );
                }
            }
            for dest in ["KAZ", "BLR", "ARM", "KGZ", "UZB"].map(idx) {
                if economy_active[dest] && covered(9, rus, dest, h, 0.12 * thin) {
                    b.push(rus, dest, h, Kind::Plain, base * 0.004, 0.0, 0);
                }
            }
            // Background trade among the large economies (full world only).
            if !small {
                for dest in ["USA", "DEU", "JPN", "KOR", "NLD", "VNM", "MYS", "SGP"].map(idx) {
                    if covered(10, chn, dest, h, 0.06) {
                        b.push(
                            chn,
                            dest,
                            h,
                            Kind::Plain,
                            base * 0.3 * ECONOMIES[dest].weight.max(0.05),
                            0.0,
                            0,
                        );
                    }
                }
                for src in ["USA", "JPN", "KOR", "DEU", "S19"].map(idx) {
                    for dest in [chn, hkg] {
                        if covered(11, src, dest, h, 0.05) {
                            b.push(
                                src,
                                dest,
                                h,
                                Kind::Plain,
                                base * 0.6 * ECONOMIES[src].weight,
                                0.0,
                                0,
                            );
                        }
                    }
                }
            }
        }
        let links = b.links;
        let slots = make_slots(&links);
        World {
            links,
            slots,
            economy_active,
            good_active,
        }
    }
}

fn push_group(
    b: &mut Builder,
    sellers: &[usize],
    rus: usize,
    good: usize,
    group: usize,
    base: f64,
) {
    let total: f64 = sellers.iter().map(|&s| ECONOMIES[s].weight).sum();
    for &s in sellers {
        b.push(
            s,
            rus,
            good,
            Kind::ToRussia { group },
            base * ECONOMIES[s].weight / total,
            0.0,
            0,
        );
    }
}

fn make_slots(links: &[Link]) -> Vec<Slot> {
    let mut slots: Vec<Slot> = Vec::with_capacity(links.len() * 2);
    for (i, link) in links.iter().enumerate() {
        slots.push(Slot {
            link: i,
            export_side: true,
            reporter: link.exporter,
            partner: link.importer,
        });
        slots.push(Slot {
            link: i,
            export_side: false,
            reporter: link.importer,
            partner: link.exporter,
        });
    }
    // Reporter, then imports before exports, then partner, then code.
    slots.sort_by_key(|s| (s.reporter, s.export_side, s.partner, links[s.link].good));
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn slots_are_unique_keys() {
        for scale in [DemoScale::Full, DemoScale::Small] {
            let world = World::build(scale);
            let mut keys = HashSet::new();
            for s in &world.slots {
                assert!(keys.insert((
                    s.reporter,
                    s.export_side,
                    s.partner,
                    world.links[s.link].good
                )));
            }
            assert_eq!(world.slots.len(), world.links.len() * 2);
        }
    }

    #[test]
    fn every_code_has_china_coalition_and_hub_suppliers() {
        let world = World::build(DemoScale::Small);
        let rus = idx("RUS");
        for h in (0..GOODS.len()).filter(|&h| world.good_active[h]) {
            let to_rus: Vec<&Link> = world
                .links
                .iter()
                .filter(|l| l.good == h && l.importer == rus)
                .collect();
            assert!(
                to_rus
                    .iter()
                    .any(|l| l.kind == Kind::ToRussia { group: G_CHN })
            );
            assert!(
                to_rus
                    .iter()
                    .any(|l| l.kind == Kind::ToRussia { group: G_COAL })
            );
            assert!(to_rus.iter().any(|l| l.kind == Kind::HubToRussia));
            for hub_link in to_rus.iter().filter(|l| l.kind == Kind::HubToRussia) {
                let suppliers = world.links.iter().filter(|l| {
                    l.good == h && l.importer == hub_link.exporter && l.kind == Kind::CorridorSupply
                });
                assert!(suppliers.count() >= 1);
            }
        }
        assert!(
            world
                .links
                .iter()
                .all(|l| world.economy_active[l.exporter] && world.economy_active[l.importer])
        );
    }

    #[test]
    fn month_indices() {
        assert_eq!(month_index(2019, 1), 0);
        assert_eq!(month_index(2025, 12), MONTHS - 1);
        assert_eq!(T_2022_04, 39);
    }
}
