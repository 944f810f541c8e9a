//! The value model: what each link trades in each month.
//!
//! Russia's imports of a basket follow a demand curve (flat 2019–2021, a dip
//! in spring 2022, then a new level); each origin group takes a share that
//! moves from its 2021 value to its post-2022 value (China and Hong Kong up,
//! the coalition collapsing from 2022-03, hubs re-exporting from 2022-04).
//! Hub re-exports and the coalition's sales to that hub share one monthly
//! shock, which is what makes them co-move; control countries get their own.

use chokepoint_model::QuantityUnit;

use crate::geo::{ECONOMIES, Role};
use crate::goods::{BasketParams, G_COAL, G_HUB, GOODS, good_idx, params};
use crate::rng::{hash, lognormal, unit};
use crate::world::{Kind, Link, START_YEAR, T_2022_01, month_index};

/// Noise streams: one per independent random quantity.
mod stream {
    pub const NOISE: u64 = 1;
    pub const REEXPORT: u64 = 2;
    pub const HUB_SHOCK: u64 = 3;
    pub const UNIT_VALUE: u64 = 4;
    pub const KG: u64 = 5;
    pub const ZERO: u64 = 6;
    pub const DROP: u64 = 7;
    pub const MIRROR: u64 = 8;
    pub const MIRROR_QTY: u64 = 9;
    pub const CONTROL_SHOCK: u64 = 10;
    pub const FIBRE: u64 = 11;
    pub const SMALL: u64 = 12;
}

const T_2022_03: usize = month_index(2022, 3);
const T_2023_01: usize = month_index(2023, 1);
/// The month before the fibre-optic surge.
pub(crate) const T_FIBRE_BEFORE: usize = month_index(2025, 7);
/// The fibre-optic surge month.
pub(crate) const T_FIBRE_SURGE: usize = month_index(2025, 8);
/// China's fibre-optic cable sales to Russia in 2025-07, km (before noise).
pub(crate) const FIBRE_JULY_KM: f64 = 52_300.0;
/// August over July.
pub(crate) const FIBRE_SURGE_RATIO: f64 = 10.0;
/// Elevated level after the surge, multiples of the normal level (2025-09..12).
const FIBRE_AFTER: [f64; 4] = [6.0, 4.5, 3.6, 3.2];

/// Calendar (year, month) of a model month.
pub(crate) fn year_month(t: usize) -> (u16, u8) {
    (START_YEAR + (t / 12) as u16, (t % 12) as u8 + 1)
}

/// Seasonal profile, Jan..Dec, each averaging 1.
fn season(role: Role, month: u8) -> f64 {
    const CHINA: [f64; 12] = [
        0.95, 0.72, 1.02, 1.00, 1.01, 1.03, 1.05, 1.04, 1.03, 0.99, 1.05, 1.11,
    ];
    const EUROPE: [f64; 12] = [
        0.92, 0.97, 1.06, 1.01, 1.01, 1.04, 1.02, 0.84, 1.03, 1.06, 1.05, 0.99,
    ];
    const DEFAULT: [f64; 12] = [
        0.80, 0.88, 1.03, 1.00, 1.00, 1.04, 1.02, 0.98, 1.03, 1.05, 1.04, 1.13,
    ];
    let m = usize::from(month - 1);
    match role {
        Role::China | Role::HongKong => CHINA[m],
        Role::Coalition => EUROPE[m],
        Role::Control => 1.0,
        _ => DEFAULT[m],
    }
}

/// Russia's import level of a basket relative to 2021.
pub(crate) fn demand(p: &BasketParams, t: usize) -> f64 {
    let (year, month) = year_month(t);
    let year_factor = match year {
        2019 => 0.93,
        2020 if (4..=6).contains(&month) => 0.78,
        2020 => 0.90,
        _ => 1.0,
    };
    let shock = match t.checked_sub(T_2022_03) {
        Some(0) => 0.70,
        Some(1) => 0.75,
        Some(2) => 0.85,
        Some(3) => 0.95,
        _ => 1.0,
    };
    let ramp = ((t as f64 - (T_2022_03 - 1) as f64) / 10.0).clamp(0.0, 1.0);
    let trend = if t >= T_2023_01 {
        1.0 + 0.03 * (t - T_2023_01) as f64 / 12.0
    } else {
        1.0
    };
    year_factor * shock * (1.0 + (p.growth_post - 1.0) * ramp) * trend
}

/// How far an origin group has moved from its 2021 share to its post-war share.
pub(crate) fn transition(group: usize, t: usize) -> f64 {
    let steps: &[f64] = match group {
        G_COAL => &[0.6, 0.85, 0.95],
        G_HUB => &[0.0, 0.2, 0.4, 0.6, 0.8],
        _ => &[0.25, 0.45, 0.65, 0.85],
    };
    match t.checked_sub(T_2022_03) {
        None => 0.0,
        Some(k) => steps.get(k).copied().unwrap_or(1.0),
    }
}

/// Origin share of a group in a month.
fn share(p: &BasketParams, group: usize, t: usize) -> f64 {
    p.pre[group] + transition(group, t) * (p.post[group] - p.pre[group])
}

/// Level of ordinary trade relative to 2021.
fn generic_trend(t: usize) -> f64 {
    let (year, month) = year_month(t);
    match year {
        2019 => 0.93,
        2020 if (4..=6).contains(&month) => 0.80,
        2020 => 0.90,
        2021 => 1.0,
        _ => 1.0 + 0.02 * (t + 1 - T_2022_01) as f64 / 12.0,
    }
}

/// One link's trade in one month, as the exporter reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Flow {
    /// FOB value, USD; 0 when nothing was traded.
    pub fob: f64,
    /// Quantity in the code's unit.
    pub qty: f64,
    /// Net weight, kg.
    pub kg: f64,
}

/// The mirror: the same flow as the importer reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Mirror {
    /// CIF value, USD.
    pub cif: f64,
    /// Quantity.
    pub qty: f64,
    /// Net weight, kg.
    pub kg: f64,
}

/// Evaluates links for a seed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ValueModel {
    seed: u64,
    fibre: usize,
    chn: usize,
    rus: usize,
}

impl ValueModel {
    /// A model for a noise seed.
    pub(crate) fn new(seed: u64) -> ValueModel {
        let econ = |a: &str| {
            ECONOMIES
                .iter()
                .position(|c| c.alpha3 == a)
                .unwrap_or(usize::MAX)
        };
        ValueModel {
            seed,
            fibre: good_idx("854470"),
            chn: econ("CHN"),
            rus: econ("RUS"),
        }
    }

    fn noise(&self, s: u64, link: &Link, t: usize, sigma: f64) -> f64 {
        lognormal(hash(self.seed, s, link.id, t as u64, 0), sigma)
    }

    /// The re-export driver of a hub and code: coalition seasonality and the
    /// hub's own monthly shock, shared by its imports and its exports.
    fn reexport_driver(&self, hub: usize, good: usize, t: usize) -> f64 {
        let (_, month) = year_month(t);
        let hub_econ = hub as u64;
        season(Role::Coalition, month)
            * lognormal(
                hash(self.seed, stream::REEXPORT, hub_econ, good as u64, t as u64),
                0.15,
            )
            * lognormal(
                hash(self.seed, stream::HUB_SHOCK, hub_econ, t as u64, 0),
                0.10,
            )
    }

    /// Whether a link trades at all in month `t` (zero months of small flows).
    pub(crate) fn trades(&self, link: &Link, t: usize) -> bool {
        !(link.sparse && unit(hash(self.seed, stream::ZERO, link.id, t as u64, 0)) < 0.04)
    }

    /// Whether the importer's report of a link is missing in month `t` (mirror
    /// statistics are usually, not always, both sides).
    pub(crate) fn import_report_missing(&self, link: &Link, t: usize) -> bool {
        unit(hash(self.seed, stream::DROP, link.id, t as u64, 0)) < 0.025
    }

    /// The FOB value of a link in a model month (0 = no trade).
    pub(crate) fn value(&self, link: &Link, t: usize) -> f64 {
        let good = &GOODS[link.good];
        if good.h5.is_none() && t < T_2022_01 || !self.trades(link, t) {
            return 0.0;
        }
        let p = params(good.basket);
        let exporter = &ECONOMIES[link.exporter];
        let (_, month) = year_month(t);
        let noise = self.noise(stream::NOISE, link, t, 0.15);
        let hub_part = |m: &ValueModel| {
            link.reexport
                * demand(&p, t)
                * transition(G_HUB, t)
                * m.reexport_driver(link.hub, link.good, t)
        };
        match link.kind {
            Kind::ToRussia { .. } if exporter.role == Role::Control => {
                // Control countries ignore the war: their own trend and shocks.
                let shock = lognormal(
                    hash(
                        self.seed,
                        stream::CONTROL_SHOCK,
                        link.exporter as u64,
                        t as u64,
                        0,
                    ),
                    0.10,
                );
                link.level * generic_trend(t) * noise * shock
            }
            Kind::ToRussia { group } => {
                link.level
                    * demand(&p, t)
                    * share(&p, group, t)
                    * season(exporter.role, month)
                    * noise
            }
            Kind::HubToRussia => {
                link.level * demand(&p, t) * season(Role::Hub, month) * noise + hub_part(self)
            }
            Kind::CorridorSupply => {
                link.level * generic_trend(t) * season(Role::Coalition, month) * noise
                    + hub_part(self) * self.noise(stream::SMALL, link, t, 0.05)
            }
            Kind::Plain => link.level * generic_trend(t) * season(exporter.role, month) * noise,
        }
    }

    /// Value, quantity and weight of a link in a model month.
    pub(crate) fn flow(&self, link: &Link, t: usize) -> Flow {
        let good = &GOODS[link.good];
        let unit_value =
            good.unit_value * link.price * self.noise(stream::UNIT_VALUE, link, t, 0.08);
        let mut fob = self.value(link, t);
        if fob < 100.0 {
            return Flow::default();
        }
        let mut qty = fob / unit_value;
        if link.good == self.fibre && link.exporter == self.chn && link.importer == self.rus {
            // The planted surge: ~52,300 km in 2025-07, ten times that in 2025-08.
            let july = FIBRE_JULY_KM * lognormal(hash(self.seed, stream::FIBRE, 0, 0, 0), 0.01);
            qty = match t {
                T_FIBRE_BEFORE => july,
                T_FIBRE_SURGE => {
                    july * FIBRE_SURGE_RATIO
                        * lognormal(hash(self.seed, stream::FIBRE, 1, 0, 0), 0.004)
                }
                _ if t > T_FIBRE_SURGE => qty * FIBRE_AFTER[(t - T_FIBRE_SURGE - 1).min(3)],
                _ => qty,
            };
            fob = qty * good.unit_value * link.price * self.noise(stream::FIBRE, link, t, 0.03);
        }
        let kg = match good.unit {
            QuantityUnit::Kilograms => qty,
            _ => qty * good.kg_per_unit * self.noise(stream::KG, link, t, 0.05),
        };
        if good.unit == QuantityUnit::Pieces {
            if qty < 0.5 {
                // Less than one machine: nothing shipped this month.
                return Flow::default();
            }
            qty = qty.round();
        }
        Flow { fob, qty, kg }
    }

    /// The importer's report of a flow: CIF margin, small reporting noise and,
    /// for the planted pairs from 2022-04, goods "lost in transit".
    pub(crate) fn mirror(&self, link: &Link, flow: &Flow, t: usize) -> Mirror {
        let lost = if t >= crate::world::T_2022_04 {
            1.0 + link.gap
        } else {
            1.0
        };
        let cif = flow.fob * link.cif * self.noise(stream::MIRROR, link, t, 0.03) / lost;
        let q = self.noise(stream::MIRROR_QTY, link, t, 0.02) / lost;
        let mut qty = flow.qty * q;
        if GOODS[link.good].unit == QuantityUnit::Pieces {
            qty = qty.round().max(1.0);
        }
        Mirror {
            cif,
            qty,
            kg: flow.kg * q,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DemoScale;
    use crate::goods::Basket;
    use crate::world::World;

    #[test]
    fn shares_move_at_the_planted_dates() {
        let p = params(Basket::Micro);
        assert_eq!(share(&p, 0, month_index(2021, 12)), p.pre[0]);
        assert_eq!(share(&p, 0, month_index(2022, 7)), p.post[0]);
        assert_eq!(transition(G_HUB, month_index(2022, 3)), 0.0);
        assert!(transition(G_HUB, month_index(2022, 4)) > 0.0);
        assert!(transition(G_COAL, month_index(2022, 3)) >= 0.5);
    }

    #[test]
    fn seasons_average_one() {
        for role in [Role::China, Role::Coalition, Role::Other, Role::Control] {
            let mean: f64 = (1..=12).map(|m| season(role, m)).sum::<f64>() / 12.0;
            assert!((mean - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn fibre_surge_is_planted() {
        let world = World::build(DemoScale::Small);
        let model = ValueModel::new(2022);
        let link = world
            .links
            .iter()
            .find(|l| l.good == model.fibre && l.exporter == model.chn && l.importer == model.rus)
            .unwrap();
        let july = model.flow(link, T_FIBRE_BEFORE).qty;
        let august = model.flow(link, T_FIBRE_SURGE).qty;
        assert!((august / july - 10.0).abs() < 0.2, "{}", august / july);
        assert!((august - 523_000.0).abs() < 15_000.0, "{august}");
    }

    #[test]
    fn new_hs2022_codes_do_not_trade_before_2022() {
        let world = World::build(DemoScale::Full);
        let model = ValueModel::new(1);
        let uav = good_idx("880622");
        for link in world.links.iter().filter(|l| l.good == uav) {
            assert_eq!(model.value(link, T_2022_01 - 1), 0.0);
        }
    }
}
