//! Transaction-level shipment records (NDJSON) between fictitious companies,
//! with the channels of the seed reports planted: direct Chinese sales,
//! Chinese subsidiaries of Western brands shipping through hub countries,
//! Hong Kong transit, coalition distributors feeding new hub trading firms,
//! spelling variants, look-alikes and value outliers.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use serde_json::{Value, json};

use crate::analysis::round;
use crate::comtrade::push_fixed;
use crate::goods::{Basket, GOODS, decimals};
use crate::parties::{LOOK_ALIKES, PARTIES, PartyKind, of_kind, party};
use crate::rng::SplitMix64;
use crate::{DemoError, DemoScale};
use chokepoint_model::QuantityUnit;
use chokepoint_model::dates::{civil_from_days, days_from_civil};

/// The channel a record belongs to (truth file only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Scenario {
    DirectChina,
    FibreSurge,
    SubsidiaryViaHub,
    HongKongTransit,
    DistributorViaHub,
    PreWarDirect,
    Background,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::DirectChina => "direct_china_to_russia",
            Scenario::FibreSurge => "fibre_optic_surge_2025_08",
            Scenario::SubsidiaryViaHub => "western_brand_chinese_subsidiary_via_hub",
            Scenario::HongKongTransit => "hong_kong_transit",
            Scenario::DistributorViaHub => "coalition_distributor_via_hub",
            Scenario::PreWarDirect => "pre_war_direct_coalition_to_russia",
            Scenario::Background => "ordinary_trade",
        }
    }
}

#[derive(Debug, Clone)]
struct Rec {
    day: i32,
    good: usize,
    shipper: (usize, usize),
    consignee: (usize, usize),
    origin: &'static str,
    dispatch: &'static str,
    destination: &'static str,
    manufacturer: &'static str,
    brand: &'static str,
    model: String,
    qty: f64,
    usd: f64,
    kg: f64,
    currency: &'static str,
    scenario: Scenario,
    /// For the second leg of a chain: index of the first leg.
    first_leg: Option<usize>,
}

/// Month index from 2021-01 (0) to 2025-12 (59).
const SHIP_MONTHS: usize = 60;

fn month_start(k: usize) -> (i32, u32) {
    (2021 + (k / 12) as i32, (k % 12) as u32 + 1)
}

fn month_of_day(day: i32) -> usize {
    let (y, m, _) = civil_from_days(day);
    (y - 2021) as usize * 12 + m as usize - 1
}

struct Gen {
    rng: SplitMix64,
    recs: Vec<Rec>,
}

const BASKET_MIX: [(Basket, f64, f64); 10] = [
    (Basket::Micro, 0.25, 40_000.0),
    (Basket::Electronics, 0.20, 60_000.0),
    (Basket::MachineTools, 0.13, 250_000.0),
    (Basket::Fibre, 0.06, 60_000.0),
    (Basket::LiIon, 0.10, 80_000.0),
    (Basket::Bearings, 0.07, 30_000.0),
    (Basket::Optics, 0.07, 25_000.0),
    (Basket::Semicon, 0.05, 150_000.0),
    (Basket::Nitro, 0.03, 50_000.0),
    (Basket::Uav, 0.04, 40_000.0),
];

impl Gen {
    /// A day in one of the months `from..to` chosen with weight `w(month)`.
    fn day(&mut self, from: usize, to: usize, w: impl Fn(usize) -> f64) -> i32 {
        let weights: Vec<f64> = (from..to).map(&w).collect();
        let k = from + self.rng.weighted(&weights);
        let (y, m) = month_start(k);
        days_from_civil(y, m, 1 + self.rng.below(28) as u32)
    }

    fn basket(&mut self, allowed: &[Basket]) -> Basket {
        let options: Vec<&(Basket, f64, f64)> = BASKET_MIX
            .iter()
            .filter(|b| allowed.is_empty() || allowed.contains(&b.0))
            .collect();
        let weights: Vec<f64> = options.iter().map(|b| b.1).collect();
        options[self.rng.weighted(&weights)].0
    }

    /// A code of the basket that exists at `day` (HS 2022 UAV codes not before 2022).
    fn good(&mut self, basket: Basket, day: i32) -> usize {
        let year = civil_from_days(day).0;
        let codes: Vec<usize> = (0..GOODS.len())
            .filter(|&g| GOODS[g].basket == basket && (year >= 2022 || GOODS[g].h5.is_some()))
            .collect();
        let weights: Vec<f64> = codes.iter().map(|&g| GOODS[g].weight).collect();
        codes[self.rng.weighted(&weights)]
    }

    /// A spelling of a party: canonical half of the time.
    fn name_of(&mut self, p: usize) -> (usize, usize) {
        let n = PARTIES[p].names.len();
        let v = if n == 1 || self.rng.chance(0.5) {
            0
        } else {
            1 + self.rng.below(n - 1)
        };
        (p, v)
    }

    fn pick(&mut self, ids: &[&str]) -> usize {
        party(ids[self.rng.below(ids.len())])
    }

    fn maker_of(basket: Basket, kind: PartyKind) -> Vec<usize> {
        of_kind(kind)
            .into_iter()
            .filter(|&i| PARTIES[i].baskets.contains(&basket))
            .collect()
    }

    fn russian_buyer(&mut self, basket: Basket) -> (usize, usize) {
        let ids: &[&str] = match basket {
            Basket::MachineTools => &["ru-volgastanok", "ru-tekhnokomplekt", "ru-volgastanok"],
            Basket::Optics => &["ru-optiksnab", "ru-uralpribor"],
            Basket::Uav | Basket::LiIon | Basket::Fibre => {
                &["ru-aerosistemy-yug", "ru-tekhnokomplekt"]
            }
            Basket::Nitro => &["ru-uralpribor"],
            Basket::Bearings => &["ru-tekhkomplekt", "ru-volgastanok", "ru-tekhnokomplekt"],
            _ => &[
                "ru-tekhnokomplekt",
                "ru-sibelektronika",
                "ru-uralpribor",
                "ru-tekhnokomplekt",
            ],
        };
        let p = self.pick(ids);
        self.name_of(p)
    }

    /// A new hub trading firm already in business at `day`, if any.
    fn hub_trader(&mut self, day: i32) -> Option<usize> {
        let month = month_of_day(day);
        let active: Vec<usize> = of_kind(PartyKind::NewHubTrader)
            .into_iter()
            .filter(|&i| {
                PARTIES[i]
                    .first_seen
                    .is_some_and(|(y, m)| (y as usize - 2021) * 12 + m as usize - 1 <= month)
            })
            .collect();
        (!active.is_empty()).then(|| active[self.rng.below(active.len())])
    }

    /// Quantity, USD value and net weight of a shipment of `good` at `price`.
    fn amounts(&mut self, good: usize, price: f64, typical: f64) -> (f64, f64, f64) {
        let g = &GOODS[good];
        let target = typical * self.rng.lognormal(0.8) * 0.72;
        let unit_value = g.unit_value * price;
        let mut qty = target / unit_value;
        qty = match g.unit {
            QuantityUnit::Pieces => qty.round().max(1.0),
            QuantityUnit::Kilometres => (qty * 10.0).round().max(1.0) / 10.0,
            _ => (qty * 100.0).round().max(1.0) / 100.0,
        };
        let usd = qty * unit_value * self.rng.lognormal(0.10);
        let kg = if g.unit == QuantityUnit::Kilograms {
            qty
        } else {
            qty * g.kg_per_unit * self.rng.lognormal(0.05)
        };
        (qty, usd, kg)
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        day: i32,
        good: usize,
        shipper: (usize, usize),
        consignee: (usize, usize),
        origin: &'static str,
        maker: usize,
        price: f64,
        scenario: Scenario,
    ) -> usize {
        let typical = BASKET_MIX
            .iter()
            .find(|b| b.0 == GOODS[good].basket)
            .map_or(50_000.0, |b| b.2);
        let (qty, usd, kg) = self.amounts(good, price, typical);
        let brand = PARTIES[maker].brand.unwrap_or("unbranded");
        let model = format!(
            "{}-{}{:03}",
            brand.chars().take(2).collect::<String>().to_uppercase(),
            &GOODS[good].hs6[2..4],
            self.rng.below(1000)
        );
        let dispatch = PARTIES[shipper.0].country;
        let currency = match dispatch {
            "DE" | "IT" | "SE" | "FR" if self.rng.chance(0.35) => "EUR",
            "CN" if self.rng.chance(0.08) => "CNY",
            _ => "USD",
        };
        self.recs.push(Rec {
            day,
            good,
            shipper,
            consignee,
            origin,
            dispatch,
            destination: PARTIES[consignee.0].country,
            manufacturer: PARTIES[maker].names[0],
            brand,
            model,
            qty,
            usd,
            kg,
            currency,
            scenario,
            first_leg: None,
        });
        self.recs.len() - 1
    }

    /// The second leg of a chain: the hub firm forwards the same goods to Russia.
    fn forward(&mut self, first: usize, hub: usize) {
        let leg = self.recs[first].clone();
        let day = leg.day + 5 + self.rng.below(36) as i32;
        if day > days_from_civil(2025, 12, 31) {
            return;
        }
        let buyer = self.russian_buyer(GOODS[leg.good].basket);
        let shipper = self.name_of(hub);
        let markup = self.rng.range(1.05, 1.25);
        self.recs.push(Rec {
            day,
            shipper,
            consignee: buyer,
            dispatch: PARTIES[hub].country,
            destination: "RU",
            usd: leg.usd * markup,
            currency: "USD",
            first_leg: Some(first),
            model: leg.model.clone(),
            ..leg
        });
    }
}

/// Monthly weight of direct Chinese sales: rising after 2022-03.
fn china_weight(k: usize) -> f64 {
    match k {
        0..=11 => 1.0,
        12..=13 => 1.3,
        14..=17 => 1.8,
        _ => 2.6,
    }
}

fn generate(seed: u64, scale: DemoScale) -> Vec<Rec> {
    let n = match scale {
        DemoScale::Full => 5000,
        DemoScale::Small => 1000,
    };
    let mut g = Gen {
        rng: SplitMix64::new(seed, 0x5411),
        recs: Vec::with_capacity(n + 100),
    };
    let count = |share: f64| (share * n as f64).round() as usize;
    let cn_traders = [
        "cn-jinghua-trading",
        "cn-jinghua-trading",
        "cn-baisheng-trade",
        "cn-beifang-commerce",
    ];
    for _ in 0..count(0.30) {
        let day = g.day(0, SHIP_MONTHS, china_weight);
        let basket = g.basket(&[]);
        let good = g.good(basket, day);
        let maker = Gen::maker_of(basket, PartyKind::ChineseMaker)[0];
        let shipper = if g.rng.chance(0.4) {
            maker
        } else {
            g.pick(&cn_traders)
        };
        let (s, c) = (g.name_of(shipper), g.russian_buyer(basket));
        g.push(day, good, s, c, "CN", maker, 0.8, Scenario::DirectChina);
    }
    // The fibre-optic surge: spools for wired drones in August 2025.
    let fibre = crate::goods::good_idx("854470");
    let maker = party("cn-lanqiao-cable");
    for _ in 0..count(0.02) {
        let day = days_from_civil(2025, 8, 1 + g.rng.below(31) as u32);
        let shipper = if g.rng.chance(0.6) {
            maker
        } else {
            party("cn-jinghua-trading")
        };
        let (s, c) = (g.name_of(shipper), g.russian_buyer(Basket::Fibre));
        let i = g.push(day, fibre, s, c, "CN", maker, 0.8, Scenario::FibreSurge);
        let scale_up = g.rng.range(8.0, 14.0);
        let r = &mut g.recs[i];
        r.qty = (r.qty * scale_up * 10.0).round() / 10.0;
        r.usd *= scale_up;
        r.kg *= scale_up;
    }
    let subsidiaries = of_kind(PartyKind::Subsidiary);
    for _ in 0..count(0.075) {
        let day = g.day(16, SHIP_MONTHS, |_| 1.0);
        let Some(hub) = g.hub_trader(day) else {
            continue;
        };
        let sub = subsidiaries[g.rng.below(subsidiaries.len())];
        let basket = g.basket(PARTIES[sub].baskets);
        let good = g.good(basket, day);
        let (s, c) = (g.name_of(sub), g.name_of(hub));
        let first = g.push(day, good, s, c, "CN", sub, 1.0, Scenario::SubsidiaryViaHub);
        g.forward(first, hub);
    }
    let brands = of_kind(PartyKind::WesternBrand);
    for _ in 0..count(0.10) {
        let day = g.day(0, SHIP_MONTHS, |k| if k < 14 { 0.5 } else { 1.5 });
        let hk = if g.rng.chance(0.6) {
            party("hk-tianrui-electronics")
        } else {
            party("hk-goldport-asia")
        };
        let owner = brands[g.rng.below(brands.len())];
        let basket = g.basket(PARTIES[owner].baskets);
        let good = g.good(basket, day);
        let sub = Gen::maker_of(basket, PartyKind::Subsidiary)
            .into_iter()
            .find(|&s| PARTIES[s].parent == Some(PARTIES[owner].id));
        let (maker, origin) = match sub {
            Some(sub) if g.rng.chance(0.5) => (sub, "CN"),
            _ => (owner, PARTIES[owner].country),
        };
        let (s, c) = (g.name_of(hk), g.russian_buyer(basket));
        g.push(
            day,
            good,
            s,
            c,
            origin,
            maker,
            1.1,
            Scenario::HongKongTransit,
        );
    }
    let distributors = of_kind(PartyKind::WesternDistributor);
    for _ in 0..count(0.06) {
        let day = g.day(16, SHIP_MONTHS, |_| 1.0);
        let Some(hub) = g.hub_trader(day) else {
            continue;
        };
        let dist = distributors[g.rng.below(distributors.len())];
        let owner = brands[g.rng.below(brands.len())];
        let basket = g.basket(PARTIES[owner].baskets);
        let good = g.good(basket, day);
        let (s, c) = (g.name_of(dist), g.name_of(hub));
        let first = g.push(
            day,
            good,
            s,
            c,
            PARTIES[owner].country,
            owner,
            1.25,
            Scenario::DistributorViaHub,
        );
        g.forward(first, hub);
    }
    for _ in 0..count(0.06) {
        let day = g.day(0, 14, |_| 1.0);
        let owner = brands[g.rng.below(brands.len())];
        let shipper = if g.rng.chance(0.6) {
            owner
        } else {
            distributors[g.rng.below(distributors.len())]
        };
        let basket = g.basket(PARTIES[owner].baskets);
        let good = g.good(basket, day);
        let (s, c) = (g.name_of(shipper), g.russian_buyer(basket));
        g.push(
            day,
            good,
            s,
            c,
            PARTIES[owner].country,
            owner,
            1.25,
            Scenario::PreWarDirect,
        );
    }
    background(&mut g, count(0.24), &brands, &distributors, &subsidiaries);
    g.recs
}

/// Ordinary trade: Western goods to Western and hub end users, Chinese goods
/// (and the look-alike firms) to control countries.
fn background(
    g: &mut Gen,
    n: usize,
    brands: &[usize],
    distributors: &[usize],
    subsidiaries: &[usize],
) {
    let western_buyers = of_kind(PartyKind::WesternBuyer);
    let control_buyers = of_kind(PartyKind::ControlBuyer);
    let hub_locals = of_kind(PartyKind::HubLocal);
    for i in 0..n {
        let day = g.day(0, SHIP_MONTHS, |_| 1.0);
        match i % 4 {
            0 => {
                let owner = brands[g.rng.below(brands.len())];
                let basket = g.basket(PARTIES[owner].baskets);
                let good = g.good(basket, day);
                let shipper = if g.rng.chance(0.5) {
                    owner
                } else {
                    distributors[g.rng.below(distributors.len())]
                };
                let buyer = western_buyers[g.rng.below(western_buyers.len())];
                let (s, c) = (g.name_of(shipper), g.name_of(buyer));
                g.push(
                    day,
                    good,
                    s,
                    c,
                    PARTIES[owner].country,
                    owner,
                    1.25,
                    Scenario::Background,
                );
            }
            1 => {
                let basket = g.basket(&[]);
                let good = g.good(basket, day);
                let maker = Gen::maker_of(basket, PartyKind::ChineseMaker)[0];
                let shipper = match g.rng.below(3) {
                    0 => maker,
                    1 => party("cn-jinghua-electronics"),
                    _ => party("hk-tianrui-industrial"),
                };
                let buyer = control_buyers[g.rng.below(control_buyers.len())];
                let (s, c) = (g.name_of(shipper), g.name_of(buyer));
                g.push(day, good, s, c, "CN", maker, 0.8, Scenario::Background);
            }
            2 => {
                let owner = brands[g.rng.below(brands.len())];
                let basket = g.basket(PARTIES[owner].baskets);
                let good = g.good(basket, day);
                let shipper = distributors[g.rng.below(distributors.len())];
                let buyer = hub_locals[g.rng.below(hub_locals.len())];
                let (s, c) = (g.name_of(shipper), g.name_of(buyer));
                g.push(
                    day,
                    good,
                    s,
                    c,
                    PARTIES[owner].country,
                    owner,
                    1.25,
                    Scenario::Background,
                );
            }
            _ => {
                let sub = subsidiaries[g.rng.below(subsidiaries.len())];
                let basket = g.basket(PARTIES[sub].baskets);
                let good = g.good(basket, day);
                let buyer = western_buyers[g.rng.below(western_buyers.len())];
                let (s, c) = (g.name_of(sub), g.name_of(buyer));
                g.push(day, good, s, c, "CN", sub, 1.0, Scenario::Background);
            }
        }
    }
}

/// The tariff-line code of a record: HS 2017 before 2022, national digits by destination.
fn tariff_code(rec: &Rec) -> String {
    let good = &GOODS[rec.good];
    let hs6 = if civil_from_days(rec.day).0 < 2022 {
        good.h5.unwrap_or(good.hs6)
    } else {
        good.hs6
    };
    match (rec.destination, rec.dispatch) {
        ("RU" | "KZ" | "KG" | "AM" | "BY", _) => format!("{hs6}0000"),
        (_, "CN" | "HK") => format!("{hs6}00"),
        _ => hs6.to_string(),
    }
}

fn push_json_str(buf: &mut Vec<u8>, text: &str) -> Result<(), DemoError> {
    serde_json::to_writer(&mut *buf, text)?;
    Ok(())
}

/// Writes the records; returns how many were written and their truth.
pub(crate) fn write_shipments(
    out: &mut dyn Write,
    seed: u64,
    scale: DemoScale,
) -> Result<(u64, Value), DemoError> {
    let mut recs = generate(seed, scale);
    // Date order; the index breaks ties so chains keep their legs.
    let mut order: Vec<usize> = (0..recs.len()).collect();
    order.sort_by_key(|&i| (recs[i].day, i));
    let mut position = vec![0usize; recs.len()];
    for (pos, &i) in order.iter().enumerate() {
        position[i] = pos;
    }
    let ids: Vec<String> = order
        .iter()
        .enumerate()
        .map(|(pos, &i)| {
            let (y, m, _) = civil_from_days(recs[i].day);
            format!("SD-{}-{y}{m:02}-{:06}", recs[i].dispatch, pos + 1)
        })
        .collect();
    let outliers = plant_outliers(
        &mut recs,
        &order,
        seed,
        match scale {
            DemoScale::Full => 12,
            DemoScale::Small => 4,
        },
    );
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
    for (pos, &i) in order.iter().enumerate() {
        let r = &recs[i];
        let (y, m, d) = civil_from_days(r.day);
        let good = &GOODS[r.good];
        let rate = match r.currency {
            "EUR" => 0.92,
            "CNY" => 7.1,
            _ => 1.0,
        };
        let fields: [(&str, String); 15] = [
            ("declaration_id", ids[pos].clone()),
            ("date", format!("{y}-{m:02}-{d:02}")),
            ("hs_code", tariff_code(r)),
            (
                "goods_description",
                format!("{}; brand {}; model {}", good.desc, r.brand, r.model),
            ),
            (
                "shipper_name",
                PARTIES[r.shipper.0].names[r.shipper.1].to_string(),
            ),
            ("shipper_address", PARTIES[r.shipper.0].address.to_string()),
            ("shipper_country", PARTIES[r.shipper.0].country.to_string()),
            (
                "consignee_name",
                PARTIES[r.consignee.0].names[r.consignee.1].to_string(),
            ),
            (
                "consignee_address",
                PARTIES[r.consignee.0].address.to_string(),
            ),
            (
                "consignee_country",
                PARTIES[r.consignee.0].country.to_string(),
            ),
            ("origin_country", r.origin.to_string()),
            ("dispatch_country", r.dispatch.to_string()),
            ("destination_country", r.destination.to_string()),
            ("manufacturer", r.manufacturer.to_string()),
            ("brand", r.brand.to_string()),
        ];
        buf.push(b'{');
        for (k, v) in &fields {
            push_json_str(&mut buf, k)?;
            buf.push(b':');
            push_json_str(&mut buf, v)?;
            buf.push(b',');
        }
        buf.extend_from_slice(b"\"value\":");
        push_fixed(&mut buf, r.usd * rate, 2);
        buf.extend_from_slice(b",\"currency\":");
        push_json_str(&mut buf, r.currency)?;
        buf.extend_from_slice(b",\"net_weight_kg\":");
        push_fixed(&mut buf, r.kg, 2);
        buf.extend_from_slice(b",\"quantity\":");
        push_fixed(&mut buf, r.qty, decimals(good.unit));
        buf.extend_from_slice(b",\"quantity_unit\":");
        push_json_str(&mut buf, good.unit.code())?;
        buf.extend_from_slice(b",\"note\":\"synthetic demo record\"}\n");
        out.write_all(&buf)?;
        buf.clear();
    }
    let truth = truth(&recs, &order, &position, &ids, outliers);
    Ok((recs.len() as u64, truth))
}

/// Multiplies or divides the value of a few direct-to-Russia USD records so
/// their unit value sits far from the code's median; returns (record, factor).
fn plant_outliers(recs: &mut [Rec], order: &[usize], seed: u64, n: usize) -> Vec<(usize, f64)> {
    let mut rng = SplitMix64::new(seed, 0x0071);
    let candidates: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| {
            recs[i].currency == "USD"
                && matches!(
                    recs[i].scenario,
                    Scenario::DirectChina | Scenario::HongKongTransit
                )
        })
        .collect();
    let mut chosen = BTreeSet::new();
    while chosen.len() < n.min(candidates.len()) {
        chosen.insert(candidates[rng.below(candidates.len())]);
    }
    chosen
        .into_iter()
        .enumerate()
        .map(|(k, i)| {
            let factor = if k % 2 == 0 {
                rng.range(30.0, 60.0)
            } else {
                1.0 / rng.range(20.0, 40.0)
            };
            recs[i].usd *= factor;
            (i, factor)
        })
        .collect()
}

fn truth(
    recs: &[Rec],
    order: &[usize],
    position: &[usize],
    ids: &[String],
    outliers: Vec<(usize, f64)>,
) -> Value {
    let id_of = |i: usize| ids[position[i]].clone();
    let mut by_scenario: BTreeMap<&str, usize> = BTreeMap::new();
    for r in recs {
        *by_scenario.entry(r.scenario.name()).or_default() += 1;
    }
    let mut seen_names: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let mut first_day: BTreeMap<usize, i32> = BTreeMap::new();
    let mut records_of: BTreeMap<usize, usize> = BTreeMap::new();
    let mut codes_of: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for r in recs {
        for (p, v) in [r.shipper, r.consignee] {
            seen_names.entry(p).or_default().insert(v);
            let first = first_day.entry(p).or_insert(r.day);
            *first = (*first).min(r.day);
            *records_of.entry(p).or_default() += 1;
            codes_of.entry(p).or_default().insert(GOODS[r.good].hs6);
        }
    }
    let date = |day: i32| {
        let (y, m, d) = civil_from_days(day);
        format!("{y}-{m:02}-{d:02}")
    };
    let variant_groups: Vec<Value> = (0..PARTIES.len())
        .filter(|&p| PARTIES[p].names.len() > 1)
        .map(|p| {
            let party = &PARTIES[p];
            let seen: Vec<&str> = seen_names.get(&p).map(|s| s.iter().map(|&v| party.names[v]).collect()).unwrap_or_default();
            json!({"party_id": party.id, "canonical": party.names[0], "variants": party.names, "variants_seen": seen,
                   "country": party.country, "address": party.address, "n_records": records_of.get(&p).copied().unwrap_or(0)})
        })
        .collect();
    let describe = |id: &str| {
        let p = &PARTIES[party(id)];
        json!({"party_id": p.id, "name": p.names[0], "country": p.country, "address": p.address})
    };
    let look_alikes: Vec<Value> = LOOK_ALIKES.iter().map(|(a, b, note)| json!({"a": describe(a), "b": describe(b), "same_company": false, "note": note})).collect();
    let subsidiaries: Vec<Value> = of_kind(PartyKind::Subsidiary)
        .into_iter()
        .map(|s| {
            let parent = &PARTIES[party(PARTIES[s].parent.unwrap_or_default())];
            json!({"subsidiary_id": PARTIES[s].id, "subsidiary": PARTIES[s].names[0], "subsidiary_country": PARTIES[s].country,
                   "parent_id": parent.id, "parent": parent.names[0], "parent_country": parent.country, "brand": PARTIES[s].brand})
        })
        .collect();
    let new_firms: Vec<Value> = of_kind(PartyKind::NewHubTrader)
        .into_iter()
        .map(|p| {
            let (y, m) = PARTIES[p].first_seen.unwrap_or((2022, 1));
            json!({"party_id": PARTIES[p].id, "name": PARTIES[p].names[0], "country": PARTIES[p].country,
                   "in_business_from": format!("{y}-{m:02}"), "first_seen_in_records": first_day.get(&p).map(|&d| date(d)),
                   "n_records": records_of.get(&p).copied().unwrap_or(0),
                   "hs6_codes": codes_of.get(&p).map(|c| c.iter().collect::<Vec<_>>()).unwrap_or_default()})
        })
        .collect();
    let chains: Vec<Value> = order
        .iter()
        .filter_map(|&i| recs[i].first_leg.map(|f| json!([id_of(f), id_of(i)])))
        .collect();
    let outliers: Vec<Value> = outliers
        .into_iter()
        .map(|(i, factor)| {
            let r = &recs[i];
            let mut unit_values: Vec<f64> = recs.iter().filter(|o| o.good == r.good).map(|o| o.usd / o.qty).collect();
            unit_values.sort_by(f64::total_cmp);
            json!({"declaration_id": id_of(i), "hs6": GOODS[r.good].hs6, "unit_value_usd": round(r.usd / r.qty, 4),
                   "median_unit_value_usd_of_hs6": round(unit_values[unit_values.len() / 2], 4), "planted_factor": round(factor, 4)})
        })
        .collect();
    json!({
        "n_records": recs.len(),
        "by_channel": by_scenario,
        "note": "all companies, brands and addresses are fictitious",
        "variant_groups": variant_groups,
        "look_alikes": look_alikes,
        "subsidiary_brand_links": subsidiaries,
        "new_hub_trading_firms": new_firms,
        "two_leg_chains_first_second": chains,
        "value_outliers": outliers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_hub_firms_never_appear_before_they_exist() {
        let recs = generate(5, DemoScale::Small);
        for r in &recs {
            for p in [r.shipper.0, r.consignee.0] {
                if let Some((y, m)) = PARTIES[p].first_seen {
                    assert!(civil_from_days(r.day) >= (i32::from(y), u32::from(m), 1));
                }
            }
            assert!(r.qty > 0.0 && r.usd > 0.0 && r.kg > 0.0);
        }
        assert!(recs.iter().any(|r| r.first_leg.is_some()));
    }

    #[test]
    fn hs_codes_follow_the_revision_and_destination() {
        let recs = generate(9, DemoScale::Small);
        for r in &recs {
            let code = tariff_code(r);
            assert!(
                (6..=10).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()),
                "{code}"
            );
            if r.destination == "RU" {
                assert_eq!(code.len(), 10);
            }
        }
    }
}
