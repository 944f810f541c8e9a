//! The goods of the demo world: the 50 CHPL codes (BIS, 23 February 2024)
//! plus the other battlefield goods of the seed reports, grouped into model
//! baskets with their 2021 market size and the planted origin shares.

use chokepoint_model::QuantityUnit;

/// A model basket: every code belongs to exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Basket {
    /// Semiconductors and integrated circuits (HS 8541, 8542).
    Micro,
    /// Other CHPL electronics: communications, computers, capacitors, connectors, PCBs.
    Electronics,
    /// Ball and roller bearings (8482).
    Bearings,
    /// Optics, sights and navigation instruments.
    Optics,
    /// Semiconductor manufacturing and test equipment.
    Semicon,
    /// Metal-working machine tools and their parts (8456-8463, 8466).
    MachineTools,
    /// Fibre-optic cable and optical fibres.
    Fibre,
    /// Lithium-ion accumulators.
    LiIon,
    /// Nitrocellulose.
    Nitro,
    /// Unmanned aircraft and aircraft parts.
    Uav,
}

/// Decimals written for quantities in a code's unit: whole items, tenths
/// of a kilometre, hundredths of a kilogram.
pub(crate) fn decimals(unit: QuantityUnit) -> usize {
    match unit {
        QuantityUnit::Pieces => 0,
        QuantityUnit::Kilometres => 1,
        _ => 2,
    }
}

/// Comtrade's `qtyUnitCode` of a unit, `-1` (not available) when it has none.
pub(crate) fn comtrade_code(unit: QuantityUnit) -> i32 {
    unit.comtrade_code().map_or(-1, i32::from)
}

/// One HS six-digit code of the world.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Good {
    /// HS 2022 code.
    pub hs6: &'static str,
    /// The HS 2017 code data classified in H5 reports it under; `None` when the
    /// goods had no H5 line of their own (new in HS 2022, or merged into another
    /// code's line).
    pub h5: Option<&'static str>,
    /// Short description (HS 2022).
    pub desc: &'static str,
    /// Model basket.
    pub basket: Basket,
    /// Whether the CHPL lists it.
    pub chpl: bool,
    /// Quantity unit.
    pub unit: QuantityUnit,
    /// World-market unit value, USD per unit.
    pub unit_value: f64,
    /// Net kilograms per unit.
    pub kg_per_unit: f64,
    /// Share of the basket's trade.
    pub weight: f64,
    /// Whether the reduced `Small` world includes it.
    pub small: bool,
}

#[allow(clippy::too_many_arguments)]
const fn g(
    hs6: &'static str,
    h5: Option<&'static str>,
    desc: &'static str,
    basket: Basket,
    chpl: bool,
    unit: QuantityUnit,
    unit_value: f64,
    kg_per_unit: f64,
    weight: f64,
    small: bool,
) -> Good {
    Good {
        hs6,
        h5,
        desc,
        basket,
        chpl,
        unit,
        unit_value,
        kg_per_unit,
        weight,
        small,
    }
}

use Basket::*;
use QuantityUnit::{Kilograms, Kilometres, Pieces};

/// Every code of the world, CHPL first in list order, then the other goods.
pub(crate) const GOODS: [Good; 63] = [
    g(
        "854231",
        Some("854231"),
        "Electronic integrated circuits; processors and controllers",
        Micro,
        true,
        Pieces,
        3.2,
        0.002,
        0.22,
        true,
    ),
    g(
        "854232",
        Some("854232"),
        "Electronic integrated circuits; memories",
        Micro,
        true,
        Pieces,
        2.1,
        0.002,
        0.14,
        true,
    ),
    g(
        "854233",
        Some("854233"),
        "Electronic integrated circuits; amplifiers",
        Micro,
        true,
        Pieces,
        0.55,
        0.001,
        0.05,
        false,
    ),
    g(
        "854239",
        Some("854239"),
        "Electronic integrated circuits; n.e.c. in heading no. 8542",
        Micro,
        true,
        Pieces,
        0.85,
        0.001,
        0.17,
        true,
    ),
    g(
        "851762",
        Some("851762"),
        "Machines for the reception, conversion and transmission of voice, images or other data",
        Electronics,
        true,
        Pieces,
        120.0,
        1.5,
        0.22,
        true,
    ),
    g(
        "852691",
        Some("852691"),
        "Radio navigational aid apparatus",
        Electronics,
        true,
        Pieces,
        40.0,
        0.3,
        0.02,
        false,
    ),
    g(
        "853221",
        Some("853221"),
        "Electrical capacitors; fixed, tantalum",
        Electronics,
        true,
        Pieces,
        0.08,
        0.0002,
        0.02,
        false,
    ),
    g(
        "853224",
        Some("853224"),
        "Electrical capacitors; fixed, ceramic dielectric, multilayer",
        Electronics,
        true,
        Pieces,
        0.005,
        0.00002,
        0.03,
        false,
    ),
    g(
        "854800",
        Some("854890"),
        "Electrical parts of machinery or apparatus; n.e.c. in chapter 85",
        Electronics,
        true,
        Kilograms,
        40.0,
        1.0,
        0.02,
        false,
    ),
    g(
        "847150",
        Some("847150"),
        "Units of automatic data processing machines; processing units",
        Electronics,
        true,
        Pieces,
        600.0,
        8.0,
        0.15,
        false,
    ),
    g(
        "850440",
        Some("850440"),
        "Electrical static converters",
        Electronics,
        true,
        Pieces,
        35.0,
        0.8,
        0.08,
        false,
    ),
    g(
        "851769",
        Some("851769"),
        "Communication apparatus n.e.c. in item no. 8517.6",
        Electronics,
        true,
        Pieces,
        80.0,
        0.6,
        0.08,
        false,
    ),
    g(
        "852589",
        Some("852580"),
        "Television cameras; n.e.c. in item no. 8525.8",
        Electronics,
        true,
        Pieces,
        150.0,
        0.5,
        0.07,
        false,
    ),
    g(
        "852910",
        Some("852910"),
        "Aerials and aerial reflectors and parts",
        Electronics,
        true,
        Pieces,
        12.0,
        0.4,
        0.02,
        false,
    ),
    g(
        "852990",
        Some("852990"),
        "Parts for apparatus of headings 8524 to 8528",
        Electronics,
        true,
        Kilograms,
        60.0,
        1.0,
        0.05,
        false,
    ),
    g(
        "853669",
        Some("853669"),
        "Plugs and sockets, for a voltage not exceeding 1000 volts",
        Electronics,
        true,
        Pieces,
        0.2,
        0.005,
        0.04,
        false,
    ),
    g(
        "853690",
        Some("853690"),
        "Electrical apparatus for switching or protecting circuits n.e.c., <= 1000 volts",
        Electronics,
        true,
        Pieces,
        0.5,
        0.01,
        0.05,
        false,
    ),
    g(
        "854110",
        Some("854110"),
        "Diodes, other than photosensitive or light-emitting diodes",
        Micro,
        true,
        Pieces,
        0.03,
        0.0003,
        0.04,
        false,
    ),
    g(
        "854121",
        Some("854121"),
        "Transistors, other than photosensitive, dissipation rate < 1 W",
        Micro,
        true,
        Pieces,
        0.02,
        0.0002,
        0.03,
        false,
    ),
    g(
        "854129",
        Some("854129"),
        "Transistors, other than photosensitive, dissipation rate >= 1 W",
        Micro,
        true,
        Pieces,
        0.15,
        0.002,
        0.07,
        false,
    ),
    g(
        "854130",
        Some("854130"),
        "Thyristors, diacs and triacs",
        Micro,
        true,
        Pieces,
        0.3,
        0.003,
        0.02,
        false,
    ),
    g(
        "854149",
        Some("854140"),
        "Photosensitive semiconductor devices n.e.c.",
        Micro,
        true,
        Pieces,
        0.5,
        0.002,
        0.06,
        false,
    ),
    g(
        "854151",
        Some("854150"),
        "Semiconductor-based transducers",
        Micro,
        true,
        Pieces,
        1.5,
        0.003,
        0.05,
        false,
    ),
    g(
        "854159",
        None,
        "Semiconductor devices n.e.c. in heading no. 8541",
        Micro,
        true,
        Pieces,
        0.8,
        0.002,
        0.05,
        false,
    ),
    g(
        "854160",
        Some("854160"),
        "Mounted piezo-electric crystals",
        Micro,
        true,
        Pieces,
        0.15,
        0.001,
        0.10,
        false,
    ),
    g(
        "848210",
        Some("848210"),
        "Ball bearings",
        Bearings,
        true,
        Kilograms,
        12.0,
        1.0,
        0.40,
        true,
    ),
    g(
        "848220",
        Some("848220"),
        "Tapered roller bearings",
        Bearings,
        true,
        Kilograms,
        9.0,
        1.0,
        0.25,
        false,
    ),
    g(
        "848230",
        Some("848230"),
        "Spherical roller bearings",
        Bearings,
        true,
        Kilograms,
        14.0,
        1.0,
        0.15,
        false,
    ),
    g(
        "848250",
        Some("848250"),
        "Cylindrical roller bearings",
        Bearings,
        true,
        Kilograms,
        13.0,
        1.0,
        0.20,
        false,
    ),
    g(
        "880730",
        Some("880330"),
        "Parts of aeroplanes, helicopters or unmanned aircraft n.e.c.",
        Uav,
        true,
        Kilograms,
        150.0,
        1.0,
        0.35,
        true,
    ),
    g(
        "901310",
        Some("901310"),
        "Telescopic sights for fitting to arms; periscopes; telescopes",
        Optics,
        true,
        Pieces,
        900.0,
        1.2,
        0.10,
        false,
    ),
    g(
        "901380",
        Some("901380"),
        "Optical devices, appliances and instruments n.e.c.",
        Optics,
        true,
        Pieces,
        250.0,
        0.8,
        0.22,
        false,
    ),
    g(
        "901420",
        Some("901420"),
        "Instruments for aeronautical or space navigation",
        Optics,
        true,
        Pieces,
        8000.0,
        3.0,
        0.10,
        false,
    ),
    g(
        "901480",
        Some("901480"),
        "Navigational instruments and appliances n.e.c.",
        Optics,
        true,
        Pieces,
        1200.0,
        2.0,
        0.12,
        false,
    ),
    g(
        "847180",
        Some("847180"),
        "Units of automatic data processing machines n.e.c.",
        Electronics,
        true,
        Pieces,
        200.0,
        2.0,
        0.07,
        false,
    ),
    g(
        "848610",
        Some("848610"),
        "Machines for the manufacture of semiconductor boules or wafers",
        Semicon,
        true,
        Pieces,
        400_000.0,
        2000.0,
        0.08,
        false,
    ),
    g(
        "848620",
        Some("848620"),
        "Machines for the manufacture of semiconductor devices or integrated circuits",
        Semicon,
        true,
        Pieces,
        350_000.0,
        1500.0,
        0.22,
        false,
    ),
    g(
        "848640",
        Some("848640"),
        "Machines for masks, assembly of semiconductor devices, handling of 8486 items",
        Semicon,
        true,
        Pieces,
        250_000.0,
        1000.0,
        0.10,
        false,
    ),
    g(
        "853400",
        Some("853400"),
        "Printed circuits",
        Electronics,
        true,
        Kilograms,
        45.0,
        1.0,
        0.06,
        false,
    ),
    g(
        "854320",
        Some("854320"),
        "Signal generators",
        Electronics,
        true,
        Pieces,
        1500.0,
        5.0,
        0.02,
        false,
    ),
    g(
        "902750",
        Some("902750"),
        "Instruments using optical radiations (UV, visible, IR)",
        Optics,
        true,
        Pieces,
        9000.0,
        20.0,
        0.16,
        false,
    ),
    g(
        "903020",
        Some("903020"),
        "Oscilloscopes and oscillographs",
        Semicon,
        true,
        Pieces,
        2500.0,
        6.0,
        0.15,
        false,
    ),
    g(
        "903032",
        Some("903032"),
        "Multimeters with a recording device",
        Semicon,
        true,
        Pieces,
        300.0,
        1.0,
        0.10,
        false,
    ),
    g(
        "903039",
        Some("903039"),
        "Instruments for measuring voltage, current, resistance or power, with recording device",
        Semicon,
        true,
        Pieces,
        800.0,
        3.0,
        0.15,
        false,
    ),
    g(
        "903082",
        Some("903082"),
        "Instruments for measuring or checking semiconductor wafers or devices",
        Semicon,
        true,
        Pieces,
        120_000.0,
        500.0,
        0.20,
        false,
    ),
    g(
        "845710",
        Some("845710"),
        "Machining centres for working metal",
        MachineTools,
        true,
        Pieces,
        150_000.0,
        7000.0,
        0.20,
        true,
    ),
    g(
        "845811",
        Some("845811"),
        "Horizontal lathes for removing metal, numerically controlled",
        MachineTools,
        true,
        Pieces,
        90_000.0,
        5000.0,
        0.14,
        true,
    ),
    g(
        "845891",
        Some("845891"),
        "Lathes for removing metal, numerically controlled, other than horizontal",
        MachineTools,
        true,
        Pieces,
        110_000.0,
        6000.0,
        0.06,
        false,
    ),
    g(
        "845961",
        Some("845961"),
        "Milling machines for metal, numerically controlled",
        MachineTools,
        true,
        Pieces,
        80_000.0,
        4500.0,
        0.08,
        false,
    ),
    g(
        "846693",
        Some("846693"),
        "Parts and accessories for machines of headings 8456 to 8465",
        MachineTools,
        true,
        Kilograms,
        35.0,
        1.0,
        0.20,
        true,
    ),
    // Goods beyond the CHPL named by the seed reports.
    g(
        "854470",
        Some("854470"),
        "Optical fibre cables made up of individually sheathed fibres",
        Fibre,
        false,
        Kilometres,
        120.0,
        35.0,
        0.70,
        true,
    ),
    g(
        "900110",
        Some("900110"),
        "Optical fibres and optical fibre bundles; optical fibre cables",
        Fibre,
        false,
        Kilograms,
        90.0,
        1.0,
        0.30,
        true,
    ),
    g(
        "850760",
        Some("850760"),
        "Lithium-ion accumulators",
        LiIon,
        false,
        Pieces,
        18.0,
        0.5,
        1.0,
        true,
    ),
    g(
        "391220",
        Some("391220"),
        "Cellulose nitrates (including collodions), in primary forms",
        Nitro,
        false,
        Kilograms,
        4.5,
        1.0,
        1.0,
        true,
    ),
    g(
        "880621",
        None,
        "Unmanned aircraft, maximum take-off weight <= 250 g",
        Uav,
        false,
        Pieces,
        350.0,
        0.25,
        0.25,
        false,
    ),
    g(
        "880622",
        None,
        "Unmanned aircraft, maximum take-off weight > 250 g and <= 7 kg",
        Uav,
        false,
        Pieces,
        1200.0,
        2.0,
        0.25,
        false,
    ),
    g(
        "880699",
        None,
        "Unmanned aircraft n.e.c., not for remote-controlled flight only",
        Uav,
        false,
        Pieces,
        15_000.0,
        20.0,
        0.15,
        false,
    ),
    g(
        "845611",
        Some("845611"),
        "Machine tools operated by laser",
        MachineTools,
        false,
        Pieces,
        120_000.0,
        4000.0,
        0.12,
        false,
    ),
    g(
        "846012",
        Some("846012"),
        "Flat-surface grinding machines, numerically controlled",
        MachineTools,
        false,
        Pieces,
        100_000.0,
        5000.0,
        0.07,
        false,
    ),
    g(
        "846190",
        Some("846190"),
        "Machine tools for sawing, cutting-off and other metal-removing n.e.c.",
        MachineTools,
        false,
        Pieces,
        40_000.0,
        2000.0,
        0.05,
        false,
    ),
    g(
        "846223",
        Some("846221"),
        "Press brakes, numerically controlled",
        MachineTools,
        false,
        Pieces,
        70_000.0,
        8000.0,
        0.08,
        false,
    ),
    g(
        "900510",
        Some("900510"),
        "Binoculars",
        Optics,
        false,
        Pieces,
        180.0,
        0.9,
        0.12,
        false,
    ),
    g(
        "902789",
        Some("902780"),
        "Instruments for physical or chemical analysis n.e.c.",
        Optics,
        false,
        Pieces,
        6000.0,
        25.0,
        0.18,
        false,
    ),
];

/// HS 2017 descriptions of the codes whose H5 line differs from HS 2022.
pub(crate) fn h5_desc(h5: &str) -> Option<&'static str> {
    Some(match h5 {
        "854890" => "Electrical parts of machinery or apparatus n.e.c. in chapter 85",
        "852580" => "Television cameras, digital cameras and video camera recorders",
        "854140" => "Photosensitive semiconductor devices; light-emitting diodes",
        "854150" => "Semiconductor devices n.e.c. in heading no. 8541",
        "880330" => "Parts of aeroplanes or helicopters n.e.c.",
        "846221" => "Bending, folding, straightening machines, numerically controlled",
        "902780" => "Instruments for physical or chemical analysis n.e.c.",
        _ => return None,
    })
}

/// Per basket: 2021 monthly imports of Russia (USD), the level reached after
/// 2022 relative to 2021, and origin shares before (2021) and after (from
/// mid-2022) as [China, Hong Kong, coalition, hubs, others].
pub(crate) struct BasketParams {
    /// Russia's monthly imports in 2021, USD.
    pub base_2021: f64,
    /// Import level from 2023 relative to 2021.
    pub growth_post: f64,
    /// Origin shares in 2021.
    pub pre: [f64; 5],
    /// Origin shares from mid-2022.
    pub post: [f64; 5],
}

/// Index of a group in [`BasketParams::pre`]/[`BasketParams::post`].
pub(crate) const G_CHN: usize = 0;
/// Hong Kong.
pub(crate) const G_HKG: usize = 1;
/// Coalition.
pub(crate) const G_COAL: usize = 2;
/// Diversion hubs.
pub(crate) const G_HUB: usize = 3;
/// Everyone else.
pub(crate) const G_OTH: usize = 4;

/// The parameters of a basket.
pub(crate) fn params(basket: Basket) -> BasketParams {
    let (base_2021, growth_post, pre, post) = match basket {
        Micro => (
            150e6,
            0.95,
            [0.25, 0.12, 0.48, 0.005, 0.145],
            [0.63, 0.285, 0.01, 0.045, 0.03],
        ),
        Electronics => (
            450e6,
            1.10,
            [0.30, 0.05, 0.50, 0.005, 0.145],
            [0.80, 0.08, 0.02, 0.04, 0.06],
        ),
        Bearings => (
            60e6,
            1.30,
            [0.25, 0.03, 0.55, 0.005, 0.165],
            [0.76, 0.05, 0.03, 0.07, 0.09],
        ),
        Optics => (
            25e6,
            1.20,
            [0.28, 0.05, 0.50, 0.005, 0.165],
            [0.74, 0.08, 0.03, 0.06, 0.09],
        ),
        Semicon => (
            30e6,
            1.00,
            [0.20, 0.10, 0.55, 0.005, 0.145],
            [0.62, 0.22, 0.03, 0.06, 0.07],
        ),
        MachineTools => (
            150e6,
            2.65,
            [0.25, 0.02, 0.55, 0.005, 0.175],
            [0.70, 0.02, 0.05, 0.08, 0.15],
        ),
        Fibre => (
            7e6,
            1.15,
            [0.55, 0.02, 0.30, 0.005, 0.125],
            [0.85, 0.02, 0.02, 0.05, 0.06],
        ),
        LiIon => (
            60e6,
            1.30,
            [0.45, 0.03, 0.35, 0.005, 0.165],
            [0.84, 0.04, 0.01, 0.04, 0.07],
        ),
        Nitro => (
            2e6,
            1.50,
            [0.40, 0.00, 0.40, 0.005, 0.195],
            [0.85, 0.00, 0.00, 0.05, 0.10],
        ),
        Uav => (
            15e6,
            2.00,
            [0.50, 0.05, 0.30, 0.005, 0.145],
            [0.84, 0.05, 0.01, 0.04, 0.06],
        ),
    };
    BasketParams {
        base_2021,
        growth_post,
        pre,
        post,
    }
}

/// Whether a code is a metal-working machine tool or part (8456-8463, 8466).
pub(crate) fn is_machine_tool(hs6: &str) -> bool {
    matches!(
        &hs6[..4],
        "8456" | "8457" | "8458" | "8459" | "8460" | "8461" | "8462" | "8463" | "8466"
    )
}

/// Whether a code is microelectronics (8541, 8542).
pub(crate) fn is_micro(hs6: &str) -> bool {
    hs6.starts_with("8541") || hs6.starts_with("8542")
}

/// Index of a code in [`GOODS`] (panics on an unknown code: a bug).
pub(crate) fn good_idx(hs6: &str) -> usize {
    GOODS
        .iter()
        .position(|g| g.hs6 == hs6)
        .unwrap_or_else(|| panic!("code {hs6} not in the demo goods"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashSet};

    #[test]
    fn fifty_chpl_codes_in_list_order() {
        let chpl: Vec<&str> = GOODS.iter().filter(|g| g.chpl).map(|g| g.hs6).collect();
        assert_eq!(chpl.len(), 50);
        if chokepoint_test_support::shared_data_missing() {
            return;
        }
        let path = chokepoint_test_support::shared_data_dir().join("chpl/chpl.csv");
        let text = std::fs::read_to_string(path).unwrap();
        let listed: Vec<&str> = text
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .collect();
        assert_eq!(chpl, listed);
    }

    #[test]
    fn codes_are_unique_and_weights_sum_to_one() {
        let mut seen = HashSet::new();
        let mut h5_seen = HashSet::new();
        let mut sums: BTreeMap<Basket, f64> = BTreeMap::new();
        for good in &GOODS {
            assert!(seen.insert(good.hs6));
            assert_eq!(good.hs6.len(), 6);
            if let Some(h5) = good.h5 {
                assert!(h5_seen.insert(h5), "two codes share the H5 line {h5}");
                if h5 != good.hs6 {
                    assert!(h5_desc(h5).is_some(), "{h5}");
                }
            }
            *sums.entry(good.basket).or_default() += good.weight;
        }
        for (basket, sum) in sums {
            assert!((sum - 1.0).abs() < 1e-9, "{basket:?} weights sum to {sum}");
            let p = params(basket);
            assert!(
                (p.pre.iter().sum::<f64>() - 1.0).abs() < 1e-9,
                "{basket:?} pre"
            );
            assert!(
                (p.post.iter().sum::<f64>() - 1.0).abs() < 1e-9,
                "{basket:?} post"
            );
        }
    }

    #[test]
    fn basket_predicates() {
        assert!(
            is_machine_tool("846693") && is_machine_tool("845611") && !is_machine_tool("848210")
        );
        assert!(is_micro("854231") && is_micro("854160") && !is_micro("854470"));
        assert_eq!(GOODS[good_idx("854470")].unit, QuantityUnit::Kilometres);
    }
}
