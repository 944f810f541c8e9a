//! The FICTITIOUS companies of the shipment records.
//!
//! Every name, brand and address here is invented for the demo; none names a
//! real firm or brand, and any resemblance to a real one is coincidental.
//! Some parties appear under several spellings (the first is canonical);
//! some look-alikes are deliberately different companies.

use crate::goods::Basket;

/// What a party does in the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartyKind {
    /// Chinese manufacturer of the goods of its basket, under its own brand.
    ChineseMaker,
    /// Chinese trading firm.
    ChineseTrader,
    /// Hong Kong trading firm.
    HongKongTrader,
    /// Western brand owner.
    WesternBrand,
    /// Chinese subsidiary of a Western brand owner (see `parent`).
    Subsidiary,
    /// Western distributor.
    WesternDistributor,
    /// Trading firm in a hub country, new from `first_seen`.
    NewHubTrader,
    /// Established firm in a hub country buying for its own use.
    HubLocal,
    /// Russian buyer.
    RussianBuyer,
    /// Buyer in a control country.
    ControlBuyer,
    /// Buyer in a coalition country.
    WesternBuyer,
}

/// One fictitious company.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Party {
    /// Stable identifier used in the truth file.
    pub id: &'static str,
    /// Spellings seen in records; the first is canonical.
    pub names: &'static [&'static str],
    /// Street address.
    pub address: &'static str,
    /// ISO alpha-2 country.
    pub country: &'static str,
    /// Role.
    pub kind: PartyKind,
    /// Goods it makes or trades (empty: any).
    pub baskets: &'static [Basket],
    /// Brand of its goods (makers, brand owners and subsidiaries).
    pub brand: Option<&'static str>,
    /// Parent brand owner's id (subsidiaries).
    pub parent: Option<&'static str>,
    /// First month it may appear (new hub traders), `(year, month)`.
    pub first_seen: Option<(u16, u8)>,
}

use Basket::*;
use PartyKind::*;

#[allow(clippy::too_many_arguments)]
const fn p(
    id: &'static str,
    names: &'static [&'static str],
    address: &'static str,
    country: &'static str,
    kind: PartyKind,
    baskets: &'static [Basket],
    brand: Option<&'static str>,
    parent: Option<&'static str>,
    first_seen: Option<(u16, u8)>,
) -> Party {
    Party {
        id,
        names,
        address,
        country,
        kind,
        baskets,
        brand,
        parent,
        first_seen,
    }
}

/// All parties.
pub(crate) const PARTIES: &[Party] = &[
    // Chinese manufacturers.
    p(
        "cn-ruixin-micro",
        &["Changsha Ruixin Microelectronics Co., Ltd."],
        "No. 9 Lugu Avenue, Yuelu District, Changsha, Hunan 410205",
        "CN",
        ChineseMaker,
        &[Micro],
        Some("Ruixin"),
        None,
        None,
    ),
    p(
        "cn-haoxun-comm",
        &["Shenzhen Haoxun Communication Technology Co., Ltd."],
        "Building 7, Gaoxin South 4th Road, Nanshan District, Shenzhen 518057",
        "CN",
        ChineseMaker,
        &[Electronics],
        Some("Haoxun"),
        None,
        None,
    ),
    p(
        "cn-hongyi-machinery",
        &["Jiangsu Hongyi Precision Machinery Co., Ltd."],
        "No. 118 Wujin Road, Changzhou, Jiangsu 213161",
        "CN",
        ChineseMaker,
        &[MachineTools],
        Some("Hongyi"),
        None,
        None,
    ),
    p(
        "cn-lanqiao-cable",
        &["Hubei Lanqiao Optical Cable Co., Ltd."],
        "No. 66 Guanggu 3rd Road, Donghu Hi-tech Zone, Wuhan, Hubei 430074",
        "CN",
        ChineseMaker,
        &[Fibre],
        Some("Lanqiao"),
        None,
        None,
    ),
    p(
        "cn-yunfeng-energy",
        &["Dongguan Yunfeng New Energy Technology Co., Ltd."],
        "No. 3 Songshan Lake Industrial Road, Dongguan, Guangdong 523808",
        "CN",
        ChineseMaker,
        &[LiIon],
        Some("Yunfeng"),
        None,
        None,
    ),
    p(
        "cn-anda-bearing",
        &["Wuxi Anda Bearing Manufacturing Co., Ltd."],
        "No. 41 Xishan Industrial Park, Wuxi, Jiangsu 214101",
        "CN",
        ChineseMaker,
        &[Bearings],
        Some("ADB"),
        None,
        None,
    ),
    p(
        "cn-tianmu-optics",
        &["Xi'an Tianmu Thermal Optics Co., Ltd."],
        "No. 25 Jinye 1st Road, High-tech Zone, Xi'an, Shaanxi 710077",
        "CN",
        ChineseMaker,
        &[Optics],
        Some("Tianmu"),
        None,
        None,
    ),
    p(
        "cn-beichen-chemical",
        &["Sichuan Beichen Chemical Materials Co., Ltd."],
        "No. 8 Chemical Park Road, Luzhou, Sichuan 646000",
        "CN",
        ChineseMaker,
        &[Nitro],
        Some("Beichen"),
        None,
        None,
    ),
    p(
        "cn-feiyun-uav",
        &["Shenzhen Feiyun UAV Technology Co., Ltd."],
        "Floor 5, No. 12 Keji Road, Bao'an District, Shenzhen 518101",
        "CN",
        ChineseMaker,
        &[Uav],
        Some("Feiyun"),
        None,
        None,
    ),
    p(
        "cn-jingce-instruments",
        &["Hefei Jingce Instruments Co., Ltd."],
        "No. 77 Wangjiang West Road, Hefei, Anhui 230088",
        "CN",
        ChineseMaker,
        &[Semicon],
        Some("Jingce"),
        None,
        None,
    ),
    // Chinese and Hong Kong traders.
    p(
        "cn-jinghua-trading",
        &[
            "Shenzhen Jinghua Trading Co., Ltd.",
            "SHENZHEN JINGHUA TRADING CO LTD",
            "Shenzhen Jing Hua Trading Company Limited",
            "深圳京华贸易有限公司",
            "Shenzhen Jinghua Trading Co. Ltd",
        ],
        "Room 1203, Block B, Futian Science Tower, 28 Shennan Road, Futian District, Shenzhen 518040",
        "CN",
        ChineseTrader,
        &[],
        None,
        None,
        None,
    ),
    p(
        "cn-jinghua-electronics",
        &["Shenzhen Jinghua Electronics Co., Ltd."],
        "No. 16 Xixiang Industrial Road, Bao'an District, Shenzhen 518102",
        "CN",
        ChineseTrader,
        &[],
        None,
        None,
        None,
    ),
    p(
        "cn-baisheng-trade",
        &["Yiwu Baisheng Import & Export Co., Ltd."],
        "No. 200 Futian Road, Yiwu, Zhejiang 322000",
        "CN",
        ChineseTrader,
        &[],
        None,
        None,
        None,
    ),
    p(
        "cn-beifang-commerce",
        &["Harbin Beifang Border Commerce Co., Ltd."],
        "No. 15 Hongjun Street, Nangang District, Harbin, Heilongjiang 150001",
        "CN",
        ChineseTrader,
        &[],
        None,
        None,
        None,
    ),
    p(
        "hk-tianrui-electronics",
        &[
            "Hong Kong Tianrui Electronics Limited",
            "HONG KONG TIANRUI ELECTRONICS LTD",
            "Hongkong Tian Rui Electronics Ltd.",
            "香港天瑞电子有限公司",
        ],
        "Unit 1708, 17/F, Harbourview Commercial Centre, 88 Connaught Road West, Sheung Wan, Hong Kong",
        "HK",
        HongKongTrader,
        &[],
        None,
        None,
        None,
    ),
    p(
        "hk-tianrui-industrial",
        &["Hong Kong Tianrui Industrial Limited"],
        "Flat B, 9/F, Wing Fat Industrial Building, 12 Wang Tai Road, Kowloon Bay, Hong Kong",
        "HK",
        HongKongTrader,
        &[],
        None,
        None,
        None,
    ),
    p(
        "hk-goldport-asia",
        &["Goldport Asia Trading Limited"],
        "Room 503, 5/F, Lucky Centre, 165 Wan Chai Road, Wan Chai, Hong Kong",
        "HK",
        HongKongTrader,
        &[],
        None,
        None,
        None,
    ),
    // Western brand owners and their Chinese subsidiaries.
    p(
        "de-nordwell",
        &["Nordwell Electronics GmbH"],
        "Leopoldstraße 210, 80804 München",
        "DE",
        WesternBrand,
        &[Micro, Electronics],
        Some("Nordwell"),
        None,
        None,
    ),
    p(
        "cn-nordwell-shenzhen",
        &[
            "Nordwell Electronics (Shenzhen) Co., Ltd.",
            "NORDWELL ELECTRONICS (SHENZHEN) CO., LTD.",
            "诺德威电子(深圳)有限公司",
        ],
        "No. 5 Huanguan South Road, Longhua District, Shenzhen 518110",
        "CN",
        Subsidiary,
        &[Micro, Electronics],
        Some("Nordwell"),
        Some("de-nordwell"),
        None,
    ),
    p(
        "se-halvorsen",
        &["Halvorsen Optics AB"],
        "Lindholmsallén 14, 417 55 Göteborg",
        "SE",
        WesternBrand,
        &[Optics],
        Some("Halvorsen"),
        None,
        None,
    ),
    p(
        "cn-halvorsen-suzhou",
        &["Halvorsen Optics (Suzhou) Co., Ltd."],
        "No. 36 Xinghu Street, Suzhou Industrial Park, Jiangsu 215123",
        "CN",
        Subsidiary,
        &[Optics],
        Some("Halvorsen"),
        Some("se-halvorsen"),
        None,
    ),
    p(
        "us-cardell",
        &["Cardell Instruments Inc."],
        "4100 Riverside Technology Drive, Austin, TX 78741",
        "US",
        WesternBrand,
        &[Semicon],
        Some("Cardell"),
        None,
        None,
    ),
    p(
        "cn-cardell-shanghai",
        &["Cardell Instruments (Shanghai) Co., Ltd."],
        "No. 1599 Zuchongzhi Road, Pudong New Area, Shanghai 201203",
        "CN",
        Subsidiary,
        &[Semicon],
        Some("Cardell"),
        Some("us-cardell"),
        None,
    ),
    p(
        "it-vantero",
        &["Vantero Macchine Utensili S.p.A."],
        "Via dell'Industria 44, 25030 Castel Mella (BS)",
        "IT",
        WesternBrand,
        &[MachineTools],
        Some("Vantero"),
        None,
        None,
    ),
    p(
        "cn-vantero-ningbo",
        &["Vantero Machine Tools (Ningbo) Co., Ltd."],
        "No. 88 Mingzhou West Road, Beilun District, Ningbo, Zhejiang 315800",
        "CN",
        Subsidiary,
        &[MachineTools],
        Some("Vantero"),
        Some("it-vantero"),
        None,
    ),
    p(
        "jp-mitsuhana",
        &["Mitsuhana Precision K.K."],
        "3-12-7 Meieki, Nakamura-ku, Nagoya, Aichi 450-0002",
        "JP",
        WesternBrand,
        &[Bearings],
        Some("Mitsuhana"),
        None,
        None,
    ),
    p(
        "cn-mitsuhana-dalian",
        &["Mitsuhana Precision Bearings (Dalian) Co., Ltd."],
        "No. 21 Huaihe Middle Road, Dalian Economic Zone, Liaoning 116600",
        "CN",
        Subsidiary,
        &[Bearings],
        Some("Mitsuhana"),
        Some("jp-mitsuhana"),
        None,
    ),
    p(
        "gb-brightmoor",
        &["Brightmoor Power Systems Ltd"],
        "Unit 4, Calder Park Business Centre, Wakefield WF4 3FL",
        "GB",
        WesternBrand,
        &[LiIon],
        Some("Brightmoor"),
        None,
        None,
    ),
    p(
        "cn-brightmoor-huizhou",
        &["Brightmoor Power (Huizhou) Co., Ltd."],
        "No. 10 Zhongkai Hi-tech Zone 6th Road, Huizhou, Guangdong 516006",
        "CN",
        Subsidiary,
        &[LiIon],
        Some("Brightmoor"),
        Some("gb-brightmoor"),
        None,
    ),
    // Western distributors.
    p(
        "de-elbtal",
        &["Elbtal Komponenten Vertrieb GmbH"],
        "Billstraße 112, 20539 Hamburg",
        "DE",
        WesternDistributor,
        &[],
        None,
        None,
        None,
    ),
    p(
        "us-keystone",
        &["Keystone Parts Distribution LLC"],
        "900 Raymond Boulevard, Newark, NJ 07105",
        "US",
        WesternDistributor,
        &[],
        None,
        None,
        None,
    ),
    p(
        "it-padana",
        &["Distribuzione Tecnica Padana S.r.l."],
        "Via Gallarate 301, 20151 Milano",
        "IT",
        WesternDistributor,
        &[],
        None,
        None,
        None,
    ),
    p(
        "jp-kansai-denshi",
        &["Kansai Denshi Trading Co., Ltd."],
        "2-4-9 Nishi-Honmachi, Nishi-ku, Osaka 550-0005",
        "JP",
        WesternDistributor,
        &[],
        None,
        None,
        None,
    ),
    // New trading firms in the hubs.
    p(
        "kg-alatoo-trade",
        &[
            "Alatoo Trade Group LLC",
            "ОсОО \"Алатоо Трейд Групп\"",
            "ALATOO TRADE GROUP LLC",
            "Ala-Too Trade Group",
        ],
        "Chui Avenue 155, office 12, Bishkek 720001",
        "KG",
        NewHubTrader,
        &[],
        None,
        None,
        Some((2022, 5)),
    ),
    p(
        "kg-tengri-logistic",
        &["Tengri Logistic Service LLC"],
        "Ibraimov Street 103, office 7, Bishkek 720011",
        "KG",
        NewHubTrader,
        &[],
        None,
        None,
        Some((2022, 8)),
    ),
    p(
        "kz-steppe-components",
        &["Steppe Components LLP", "ТОО \"Степ Компонентс\""],
        "Al-Farabi Avenue 77/8, office 410, Almaty 050040",
        "KZ",
        NewHubTrader,
        &[],
        None,
        None,
        Some((2022, 7)),
    ),
    p(
        "am-ararat-supply",
        &["Ararat Electronic Supply LLC"],
        "Tigran Mets Avenue 48, office 5, Yerevan 0005",
        "AM",
        NewHubTrader,
        &[],
        None,
        None,
        Some((2022, 6)),
    ),
    p(
        "tr-bosphorus-dis",
        &["Bosphorus Endüstriyel Dış Ticaret Ltd. Şti."],
        "Halkalı Merkez Mah. Basın Ekspres Cad. No: 9, Küçükçekmece, İstanbul",
        "TR",
        NewHubTrader,
        &[],
        None,
        None,
        Some((2022, 9)),
    ),
    p(
        "ae-gulf-horizon",
        &["Gulf Horizon General Trading FZE"],
        "Office Q1-05-117/B, SAIF Zone, Sharjah",
        "AE",
        NewHubTrader,
        &[],
        None,
        None,
        Some((2023, 2)),
    ),
    p(
        "ae-falcon-crest",
        &["Falcon Crest Electronics Trading L.L.C."],
        "Office 1204, Al Moosa Tower 2, Sheikh Zayed Road, Dubai",
        "AE",
        NewHubTrader,
        &[],
        None,
        None,
        Some((2023, 5)),
    ),
    // Established firms in hub countries, buying for their own use.
    p(
        "kz-alatau-trade",
        &["Alatau Trade Group LLP"],
        "Dostyk Avenue 210, Almaty 050051",
        "KZ",
        HubLocal,
        &[],
        None,
        None,
        None,
    ),
    p(
        "kz-kazelectroservice",
        &["KazElectroService LLP"],
        "Kabanbay Batyr Avenue 11, Astana 010000",
        "KZ",
        HubLocal,
        &[],
        None,
        None,
        None,
    ),
    p(
        "tr-anadolu-makina",
        &["Anadolu Makina Sanayi A.Ş."],
        "OSB 4. Cadde No: 17, Nilüfer, Bursa",
        "TR",
        HubLocal,
        &[],
        None,
        None,
        None,
    ),
    p(
        "am-yerevan-instruments",
        &["Yerevan Instrument Works CJSC"],
        "Arshakunyats Avenue 34, Yerevan 0026",
        "AM",
        HubLocal,
        &[],
        None,
        None,
        None,
    ),
    // Russian buyers.
    p(
        "ru-tekhnokomplekt",
        &[
            "ООО \"Технокомплект\"",
            "OOO Tekhnokomplekt",
            "LLC Tekhnokomplekt",
            "Tekhnokomplekt LLC",
            "ООО «Технокомплект»",
        ],
        "ul. Elektrozavodskaya 21, office 304, Moscow 107023",
        "RU",
        RussianBuyer,
        &[],
        None,
        None,
        None,
    ),
    p(
        "ru-tekhkomplekt",
        &["ООО \"Техкомплект\"", "OOO Tekhkomplekt"],
        "ul. Malysheva 51, office 1108, Yekaterinburg 620075",
        "RU",
        RussianBuyer,
        &[],
        None,
        None,
        None,
    ),
    p(
        "ru-uralpribor",
        &["АО \"Уралприбор\"", "JSC Uralpribor", "AO URALPRIBOR"],
        "ul. Frontovykh Brigad 18, Yekaterinburg 620017",
        "RU",
        RussianBuyer,
        &[],
        None,
        None,
        None,
    ),
    p(
        "ru-sibelektronika",
        &["OOO Sibelektronika"],
        "ul. Nikolaeva 12, Novosibirsk 630090",
        "RU",
        RussianBuyer,
        &[],
        None,
        None,
        None,
    ),
    p(
        "ru-volgastanok",
        &["OOO Volgastanok"],
        "Moskovskoe shosse 34, Samara 443013",
        "RU",
        RussianBuyer,
        &[],
        None,
        None,
        None,
    ),
    p(
        "ru-optiksnab",
        &["OOO Optiksnab"],
        "Kantemirovskaya ul. 39, St Petersburg 194100",
        "RU",
        RussianBuyer,
        &[],
        None,
        None,
        None,
    ),
    p(
        "ru-aerosistemy-yug",
        &["OOO Aerosistemy Yug"],
        "pr. Sholokhova 270, Rostov-on-Don 344038",
        "RU",
        RussianBuyer,
        &[],
        None,
        None,
        None,
    ),
    // Buyers in control and coalition countries.
    p(
        "in-bharat-precision",
        &["Bharat Precision Components Pvt. Ltd."],
        "Plot 42, MIDC Bhosari, Pune 411026",
        "IN",
        ControlBuyer,
        &[],
        None,
        None,
        None,
    ),
    p(
        "br-paulista",
        &["Componentes Paulista Ltda."],
        "Rua Vergueiro 3185, São Paulo, SP 04101-300",
        "BR",
        ControlBuyer,
        &[],
        None,
        None,
        None,
    ),
    p(
        "th-siam-electro",
        &["Siam Electro Parts Co., Ltd."],
        "88/12 Moo 4, Bangna-Trad Road, Samut Prakan 10540",
        "TH",
        ControlBuyer,
        &[],
        None,
        None,
        None,
    ),
    p(
        "rs-elektro-morava",
        &["Elektro Morava d.o.o."],
        "Bulevar Nemanjića 25, 18000 Niš",
        "RS",
        ControlBuyer,
        &[],
        None,
        None,
        None,
    ),
    p(
        "mn-khangai-tech",
        &["Khangai Tech LLC"],
        "Peace Avenue 17, Sukhbaatar District, Ulaanbaatar 14240",
        "MN",
        ControlBuyer,
        &[],
        None,
        None,
        None,
    ),
    p(
        "de-rheinland-automation",
        &["Rheinland Automation GmbH"],
        "Am Wassermann 30, 50829 Köln",
        "DE",
        WesternBuyer,
        &[],
        None,
        None,
        None,
    ),
    p(
        "fr-atelier-lyon",
        &["Atelier Électronique de Lyon SAS"],
        "12 rue de Gerland, 69007 Lyon",
        "FR",
        WesternBuyer,
        &[],
        None,
        None,
        None,
    ),
    p(
        "us-great-lakes",
        &["Great Lakes Controls Inc."],
        "2200 Industrial Parkway, Toledo, OH 43612",
        "US",
        WesternBuyer,
        &[],
        None,
        None,
        None,
    ),
];

/// Look-alike pairs: similar names, different companies (party ids).
pub(crate) const LOOK_ALIKES: [(&str, &str, &str); 4] = [
    (
        "cn-jinghua-trading",
        "cn-jinghua-electronics",
        "same city and trade name, different legal name and address (Futian vs Bao'an)",
    ),
    (
        "hk-tianrui-electronics",
        "hk-tianrui-industrial",
        "same trade name, different legal name and address (Sheung Wan vs Kowloon Bay)",
    ),
    (
        "ru-tekhnokomplekt",
        "ru-tekhkomplekt",
        "one syllable apart, different city (Moscow vs Yekaterinburg)",
    ),
    (
        "kg-alatoo-trade",
        "kz-alatau-trade",
        "Ala-Too vs Alatau, different country (KG vs KZ) and legal form (LLC vs LLP)",
    ),
];

/// Writes the ownership of each subsidiary by its brand owner as a
/// `parent,subsidiary,share,source` CSV (canonical names; all fictitious).
pub(crate) fn write_relations(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    writeln!(out, "parent,subsidiary,share,source")?;
    for sub in PARTIES.iter().filter(|p| p.kind == PartyKind::Subsidiary) {
        let parent = &PARTIES[party(sub.parent.unwrap_or_default())];
        writeln!(
            out,
            "\"{}\",\"{}\",1.0,synthetic demo registry extract (fictitious firms)",
            parent.names[0], sub.names[0]
        )?;
    }
    Ok(())
}

/// Index of a party by id (panics on an unknown id: a bug).
pub(crate) fn party(id: &str) -> usize {
    PARTIES
        .iter()
        .position(|p| p.id == id)
        .unwrap_or_else(|| panic!("party {id} not defined"))
}

/// Indices of the parties of a kind.
pub(crate) fn of_kind(kind: PartyKind) -> Vec<usize> {
    (0..PARTIES.len())
        .filter(|&i| PARTIES[i].kind == kind)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_and_names_are_unique() {
        let mut ids = HashSet::new();
        let mut names = HashSet::new();
        for p in PARTIES {
            assert!(ids.insert(p.id), "{}", p.id);
            for n in p.names {
                assert!(names.insert(*n), "{n}");
            }
        }
    }

    #[test]
    fn variant_groups_and_look_alikes() {
        let groups = PARTIES
            .iter()
            .filter(|p| (3..=5).contains(&p.names.len()))
            .count();
        assert!(groups >= 4, "{groups}");
        for (a, b, _) in LOOK_ALIKES {
            assert_ne!(PARTIES[party(a)].address, PARTIES[party(b)].address);
        }
    }

    #[test]
    fn subsidiaries_point_to_brand_owners_with_the_same_brand() {
        for p in PARTIES.iter().filter(|p| p.kind == PartyKind::Subsidiary) {
            let parent = &PARTIES[party(p.parent.unwrap())];
            assert_eq!(parent.kind, PartyKind::WesternBrand);
            assert_eq!(parent.brand, p.brand);
            assert_eq!(p.country, "CN");
        }
        assert!(
            of_kind(PartyKind::NewHubTrader)
                .iter()
                .all(|&i| PARTIES[i].first_seen.is_some())
        );
    }
}
