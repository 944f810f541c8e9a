//! The country reference table, typed in from ISO 3166-1 and UN M49.
//!
//! Rows hold, in this order: every ISO 3166-1 economy plus Kosovo (`XK`/`XKX`,
//! M49 412 as in Comtrade), a few former economies still present in historical
//! files, then the aggregates. Lookup keys are shared between rows on a
//! first-row-wins basis, so economies must come first.
//!
//! Conventions:
//! - Taiwan is stored as Comtrade reports it: `S19`, M49 490, "Other Asia, nes"
//!   (alpha-2 `TW`; `TWN` and 158 are aliases). Hong Kong and Macao are
//!   economies distinct from China.
//! - Historical numerics used by Comtrade and BACI are aliases, written as
//!   decimal text: 251 France, 381 Italy, 579 Norway, 699 India, 757
//!   Switzerland, 841/842 USA, 280 (Federal Republic of) Germany, 736 (former)
//!   Sudan, 849 US minor outlying islands.
//! - Chinese names are those of China customs statistics (贸易伙伴名称).
//! - Aggregates use Comtrade's codes where known (`W00` World, `_X` Areas nes),
//!   Comext's partner codes as alpha-2 where one exists (`QU`, `QQ`, `QX`,
//!   `QP`, `EU`), and otherwise invented codes that cannot clash with ISO:
//!   alpha-3 starting with `X`, alpha-2 of a letter and a digit (`X1`, `Y4`,
//!   `Z2`...). Aggregates without any M49 numeric get one above 1000 (1001 Euro
//!   area ... 1005 High seas).
use crate::country::{Country, CountryKind::*};

macro_rules! row {
    ($a2:literal, $a3:literal, $m49:literal, $name:literal, $kind:ident, [$($alias:literal),* $(,)?]) => {
        Country { alpha2: $a2, alpha3: $a3, m49: $m49, name: $name, kind: $kind, aliases: &[$($alias),*] }
    };
}

#[rustfmt::skip]
pub(crate) static COUNTRY_TABLE: &[Country] = &[
    // ISO 3166-1 economies, by English name.
    row!("AF", "AFG", 4, "Afghanistan", Economy, ["Islamic Republic of Afghanistan", "Islamic Emirate of Afghanistan", "阿富汗"]),
    row!("AX", "ALA", 248, "Åland Islands", Economy, ["Aland Islands", "Aland", "奥兰群岛"]),
    row!("AL", "ALB", 8, "Albania", Economy, ["Republic of Albania", "阿尔巴尼亚"]),
    row!("DZ", "DZA", 12, "Algeria", Economy, ["People's Democratic Republic of Algeria", "阿尔及利亚"]),
    row!("AS", "ASM", 16, "American Samoa", Economy, ["美属萨摩亚"]),
    row!("AD", "AND", 20, "Andorra", Economy, ["Principality of Andorra", "安道尔"]),
    row!("AO", "AGO", 24, "Angola", Economy, ["Republic of Angola", "安哥拉"]),
    row!("AI", "AIA", 660, "Anguilla", Economy, ["安圭拉"]),
    row!("AQ", "ATA", 10, "Antarctica", Economy, ["南极洲"]),
    row!("AG", "ATG", 28, "Antigua and Barbuda", Economy, ["Antigua & Barbuda", "安提瓜和巴布达"]),
    row!("AR", "ARG", 32, "Argentina", Economy, ["Argentine Republic", "阿根廷"]),
    row!("AM", "ARM", 51, "Armenia", Economy, ["Republic of Armenia", "亚美尼亚"]),
    row!("AW", "ABW", 533, "Aruba", Economy, ["阿鲁巴"]),
    row!("AU", "AUS", 36, "Australia", Economy, ["Commonwealth of Australia", "澳大利亚"]),
    row!("AT", "AUT", 40, "Austria", Economy, ["Republic of Austria", "奥地利"]),
    row!("AZ", "AZE", 31, "Azerbaijan", Economy, ["Republic of Azerbaijan", "阿塞拜疆"]),
    row!("BS", "BHS", 44, "Bahamas", Economy, ["Bahamas, The", "The Bahamas", "Commonwealth of the Bahamas", "巴哈马"]),
    row!("BH", "BHR", 48, "Bahrain", Economy, ["Kingdom of Bahrain", "巴林"]),
    row!("BD", "BGD", 50, "Bangladesh", Economy, ["People's Republic of Bangladesh", "孟加拉国", "孟加拉"]),
    row!("BB", "BRB", 52, "Barbados", Economy, ["巴巴多斯"]),
    row!("BY", "BLR", 112, "Belarus", Economy, ["Republic of Belarus", "Byelorussia", "白俄罗斯"]),
    row!("BE", "BEL", 56, "Belgium", Economy, ["Kingdom of Belgium", "比利时"]),
    row!("BZ", "BLZ", 84, "Belize", Economy, ["伯利兹"]),
    row!("BJ", "BEN", 204, "Benin", Economy, ["Republic of Benin", "贝宁"]),
    row!("BM", "BMU", 60, "Bermuda", Economy, ["百慕大"]),
    row!("BT", "BTN", 64, "Bhutan", Economy, ["Kingdom of Bhutan", "不丹"]),
    row!("BO", "BOL", 68, "Bolivia", Economy, ["Bolivia (Plurinational State of)", "Bolivia, Plurinational State of", "Plurinational State of Bolivia", "玻利维亚"]),
    row!("BQ", "BES", 535, "Bonaire, Sint Eustatius and Saba", Economy, ["Bonaire", "Bonaire, Saint Eustatius and Saba", "Caribbean Netherlands"]),
    row!("BA", "BIH", 70, "Bosnia and Herzegovina", Economy, ["Bosnia Herzegovina", "Bosnia-Herzegovina", "Bosnia & Herzegovina", "波斯尼亚和黑塞哥维那", "波黑"]),
    row!("BW", "BWA", 72, "Botswana", Economy, ["Republic of Botswana", "博茨瓦纳"]),
    row!("BV", "BVT", 74, "Bouvet Island", Economy, ["布维岛"]),
    row!("BR", "BRA", 76, "Brazil", Economy, ["Federative Republic of Brazil", "巴西"]),
    row!("IO", "IOT", 86, "British Indian Ocean Territory", Economy, ["Br. Indian Ocean Terr.", "British Indian Ocean Terr.", "英属印度洋领地"]),
    row!("BN", "BRN", 96, "Brunei Darussalam", Economy, ["Brunei", "文莱"]),
    row!("BG", "BGR", 100, "Bulgaria", Economy, ["Republic of Bulgaria", "保加利亚"]),
    row!("BF", "BFA", 854, "Burkina Faso", Economy, ["Upper Volta", "布基纳法索"]),
    row!("BI", "BDI", 108, "Burundi", Economy, ["Republic of Burundi", "布隆迪"]),
    row!("CV", "CPV", 132, "Cabo Verde", Economy, ["Cape Verde", "Republic of Cabo Verde", "佛得角"]),
    row!("KH", "KHM", 116, "Cambodia", Economy, ["Kingdom of Cambodia", "Kampuchea", "柬埔寨"]),
    row!("CM", "CMR", 120, "Cameroon", Economy, ["Republic of Cameroon", "喀麦隆"]),
    row!("CA", "CAN", 124, "Canada", Economy, ["加拿大"]),
    row!("KY", "CYM", 136, "Cayman Islands", Economy, ["Cayman Isds", "开曼群岛"]),
    row!("CF", "CAF", 140, "Central African Republic", Economy, ["Central African Rep.", "中非共和国", "中非"]),
    row!("TD", "TCD", 148, "Chad", Economy, ["Republic of Chad", "乍得"]),
    row!("CL", "CHL", 152, "Chile", Economy, ["Republic of Chile", "智利"]),
    row!("CN", "CHN", 156, "China", Economy, ["中国", "People's Republic of China", "China, People's Republic of", "Mainland China", "China, mainland", "PRC", "中华人民共和国"]),
    row!("CX", "CXR", 162, "Christmas Island", Economy, ["Christmas Isds", "Christmas Islands", "圣诞岛"]),
    row!("CC", "CCK", 166, "Cocos (Keeling) Islands", Economy, ["Cocos Islands", "Cocos Isds", "Keeling Islands", "科科斯(基林)群岛"]),
    row!("CO", "COL", 170, "Colombia", Economy, ["Republic of Colombia", "哥伦比亚"]),
    row!("KM", "COM", 174, "Comoros", Economy, ["Union of the Comoros", "科摩罗"]),
    row!("CG", "COG", 178, "Congo", Economy, ["Republic of the Congo", "Congo, Rep.", "Congo, Republic of", "Congo (Brazzaville)", "Congo-Brazzaville", "Rep. of the Congo", "刚果(布)", "刚果布", "刚果共和国"]),
    row!("CD", "COD", 180, "Democratic Republic of the Congo", Economy, ["Dem. Rep. of the Congo", "Congo, Democratic Republic of the", "Congo, The Democratic Republic of the", "Congo, Democratic Republic of", "Congo, Dem. Rep.", "Congo (Kinshasa)", "Congo-Kinshasa", "DR Congo", "DRC", "Zaire", "刚果(金)", "刚果金", "刚果民主共和国"]),
    row!("CK", "COK", 184, "Cook Islands", Economy, ["Cook Isds", "库克群岛"]),
    row!("CR", "CRI", 188, "Costa Rica", Economy, ["Republic of Costa Rica", "哥斯达黎加"]),
    row!("CI", "CIV", 384, "Côte d'Ivoire", Economy, ["Cote d'Ivoire", "Côte d’Ivoire", "Ivory Coast", "Republic of Côte d'Ivoire", "科特迪瓦"]),
    row!("HR", "HRV", 191, "Croatia", Economy, ["Republic of Croatia", "克罗地亚"]),
    row!("CU", "CUB", 192, "Cuba", Economy, ["Republic of Cuba", "古巴"]),
    row!("CW", "CUW", 531, "Curaçao", Economy, ["Curacao", "库拉索"]),
    row!("CY", "CYP", 196, "Cyprus", Economy, ["Republic of Cyprus", "塞浦路斯"]),
    row!("CZ", "CZE", 203, "Czechia", Economy, ["Czech Republic", "Czech Rep.", "捷克", "捷克共和国"]),
    row!("DK", "DNK", 208, "Denmark", Economy, ["Kingdom of Denmark", "丹麦"]),
    row!("DJ", "DJI", 262, "Djibouti", Economy, ["Republic of Djibouti", "吉布提"]),
    row!("DM", "DMA", 212, "Dominica", Economy, ["Commonwealth of Dominica", "多米尼克"]),
    row!("DO", "DOM", 214, "Dominican Republic", Economy, ["Dominican Rep.", "多米尼加", "多米尼加共和国"]),
    row!("EC", "ECU", 218, "Ecuador", Economy, ["Republic of Ecuador", "厄瓜多尔"]),
    row!("EG", "EGY", 818, "Egypt", Economy, ["Arab Republic of Egypt", "Egypt, Arab Rep.", "埃及"]),
    row!("SV", "SLV", 222, "El Salvador", Economy, ["Republic of El Salvador", "萨尔瓦多"]),
    row!("GQ", "GNQ", 226, "Equatorial Guinea", Economy, ["Republic of Equatorial Guinea", "赤道几内亚"]),
    row!("ER", "ERI", 232, "Eritrea", Economy, ["State of Eritrea", "厄立特里亚"]),
    row!("EE", "EST", 233, "Estonia", Economy, ["Republic of Estonia", "爱沙尼亚"]),
    row!("SZ", "SWZ", 748, "Eswatini", Economy, ["Swaziland", "Kingdom of Eswatini", "斯威士兰", "埃斯瓦蒂尼"]),
    row!("ET", "ETH", 231, "Ethiopia", Economy, ["Federal Democratic Republic of Ethiopia", "埃塞俄比亚"]),
    row!("FK", "FLK", 238, "Falkland Islands", Economy, ["Falkland Islands (Malvinas)", "Falkland Isds", "Falkland Isds (Malvinas)", "Malvinas", "福克兰群岛", "马尔维纳斯群岛"]),
    row!("FO", "FRO", 234, "Faroe Islands", Economy, ["Faeroe Islands", "Faeroe Isds", "Faroe Isds", "Faroes", "法罗群岛"]),
    row!("FJ", "FJI", 242, "Fiji", Economy, ["Republic of Fiji", "斐济"]),
    row!("FI", "FIN", 246, "Finland", Economy, ["Republic of Finland", "芬兰"]),
    row!("FR", "FRA", 250, "France", Economy, ["French Republic", "251", "法国"]),
    row!("GF", "GUF", 254, "French Guiana", Economy, ["法属圭亚那"]),
    row!("PF", "PYF", 258, "French Polynesia", Economy, ["法属波利尼西亚"]),
    row!("TF", "ATF", 260, "French Southern Territories", Economy, ["Fr. South Antarctic Terr.", "French Southern and Antarctic Lands", "法属南部领地"]),
    row!("GA", "GAB", 266, "Gabon", Economy, ["Gabonese Republic", "加蓬"]),
    row!("GM", "GMB", 270, "Gambia", Economy, ["Gambia, The", "The Gambia", "Republic of The Gambia", "冈比亚"]),
    row!("GE", "GEO", 268, "Georgia", Economy, ["格鲁吉亚"]),
    row!("DE", "DEU", 276, "Germany", Economy, ["Federal Republic of Germany", "Fmr Fed. Rep. of Germany", "280", "德国"]),
    row!("GH", "GHA", 288, "Ghana", Economy, ["Republic of Ghana", "加纳"]),
    row!("GI", "GIB", 292, "Gibraltar", Economy, ["直布罗陀"]),
    row!("GR", "GRC", 300, "Greece", Economy, ["Hellenic Republic", "EL", "希腊"]),
    row!("GL", "GRL", 304, "Greenland", Economy, ["格陵兰"]),
    row!("GD", "GRD", 308, "Grenada", Economy, ["格林纳达"]),
    row!("GP", "GLP", 312, "Guadeloupe", Economy, ["瓜德罗普"]),
    row!("GU", "GUM", 316, "Guam", Economy, ["关岛"]),
    row!("GT", "GTM", 320, "Guatemala", Economy, ["Republic of Guatemala", "危地马拉"]),
    row!("GG", "GGY", 831, "Guernsey", Economy, ["Bailiwick of Guernsey", "根西"]),
    row!("GN", "GIN", 324, "Guinea", Economy, ["Republic of Guinea", "几内亚"]),
    row!("GW", "GNB", 624, "Guinea-Bissau", Economy, ["Republic of Guinea-Bissau", "几内亚比绍"]),
    row!("GY", "GUY", 328, "Guyana", Economy, ["Co-operative Republic of Guyana", "圭亚那"]),
    row!("HT", "HTI", 332, "Haiti", Economy, ["Republic of Haiti", "海地"]),
    row!("HM", "HMD", 334, "Heard Island and McDonald Islands", Economy, ["Heard and McDonald Islands", "Heard Island and McDonald Isds", "赫德岛和麦克唐纳群岛"]),
    row!("VA", "VAT", 336, "Holy See", Economy, ["Holy See (Vatican City State)", "Vatican City State", "Vatican City", "Vatican", "梵蒂冈", "教廷"]),
    row!("HN", "HND", 340, "Honduras", Economy, ["Republic of Honduras", "洪都拉斯"]),
    row!("HK", "HKG", 344, "Hong Kong", Economy, ["Hong Kong, China", "China, Hong Kong SAR", "中国香港", "Hong Kong SAR, China", "Hong Kong SAR", "Hong Kong Special Administrative Region of China", "China, Hong Kong Special Administrative Region", "Hongkong", "香港"]),
    row!("HU", "HUN", 348, "Hungary", Economy, ["匈牙利"]),
    row!("IS", "ISL", 352, "Iceland", Economy, ["冰岛"]),
    row!("IN", "IND", 356, "India", Economy, ["Republic of India", "699", "印度"]),
    row!("ID", "IDN", 360, "Indonesia", Economy, ["Republic of Indonesia", "印度尼西亚", "印尼"]),
    row!("IR", "IRN", 364, "Iran", Economy, ["Iran (Islamic Republic of)", "Iran, Islamic Republic of", "Iran, Islamic Rep.", "Islamic Republic of Iran", "伊朗"]),
    row!("IQ", "IRQ", 368, "Iraq", Economy, ["Republic of Iraq", "伊拉克"]),
    row!("IE", "IRL", 372, "Ireland", Economy, ["Eire", "Éire", "Republic of Ireland", "爱尔兰"]),
    row!("IM", "IMN", 833, "Isle of Man", Economy, ["马恩岛"]),
    row!("IL", "ISR", 376, "Israel", Economy, ["State of Israel", "以色列"]),
    row!("IT", "ITA", 380, "Italy", Economy, ["Italian Republic", "381", "意大利"]),
    row!("JM", "JAM", 388, "Jamaica", Economy, ["牙买加"]),
    row!("JP", "JPN", 392, "Japan", Economy, ["日本"]),
    row!("JE", "JEY", 832, "Jersey", Economy, ["Bailiwick of Jersey", "泽西"]),
    row!("JO", "JOR", 400, "Jordan", Economy, ["Hashemite Kingdom of Jordan", "约旦"]),
    row!("KZ", "KAZ", 398, "Kazakhstan", Economy, ["Republic of Kazakhstan", "Kazakstan", "哈萨克斯坦"]),
    row!("KE", "KEN", 404, "Kenya", Economy, ["Republic of Kenya", "肯尼亚"]),
    row!("KI", "KIR", 296, "Kiribati", Economy, ["Republic of Kiribati", "基里巴斯"]),
    row!("KP", "PRK", 408, "Democratic People's Republic of Korea", Economy, ["Dem. People's Rep. of Korea", "Korea, Democratic People's Republic of", "Korea, Dem. People's Rep.", "Korea, Dem. Rep.", "North Korea", "DPRK", "朝鲜"]),
    row!("KR", "KOR", 410, "Republic of Korea", Economy, ["Rep. of Korea", "Korea, Republic of", "Korea, Rep.", "South Korea", "Korea (South)", "韩国", "大韩民国"]),
    row!("KW", "KWT", 414, "Kuwait", Economy, ["State of Kuwait", "科威特"]),
    row!("KG", "KGZ", 417, "Kyrgyzstan", Economy, ["Kyrgyz Republic", "Kirghizia", "吉尔吉斯斯坦", "吉尔吉斯"]),
    row!("LA", "LAO", 418, "Lao People's Democratic Republic", Economy, ["Lao People's Dem. Rep.", "Lao PDR", "Laos", "老挝"]),
    row!("LV", "LVA", 428, "Latvia", Economy, ["Republic of Latvia", "拉脱维亚"]),
    row!("LB", "LBN", 422, "Lebanon", Economy, ["Lebanese Republic", "黎巴嫩"]),
    row!("LS", "LSO", 426, "Lesotho", Economy, ["Kingdom of Lesotho", "莱索托"]),
    row!("LR", "LBR", 430, "Liberia", Economy, ["Republic of Liberia", "利比里亚"]),
    row!("LY", "LBY", 434, "Libya", Economy, ["State of Libya", "Libyan Arab Jamahiriya", "利比亚"]),
    row!("LI", "LIE", 438, "Liechtenstein", Economy, ["Principality of Liechtenstein", "列支敦士登"]),
    row!("LT", "LTU", 440, "Lithuania", Economy, ["Republic of Lithuania", "立陶宛"]),
    row!("LU", "LUX", 442, "Luxembourg", Economy, ["Grand Duchy of Luxembourg", "卢森堡"]),
    row!("MO", "MAC", 446, "Macao", Economy, ["Macau", "China, Macao SAR", "中国澳门", "Macao SAR, China", "Macao SAR", "Macau SAR", "Macao, China", "Macao Special Administrative Region of China", "澳门"]),
    row!("MG", "MDG", 450, "Madagascar", Economy, ["Republic of Madagascar", "马达加斯加"]),
    row!("MW", "MWI", 454, "Malawi", Economy, ["Republic of Malawi", "马拉维"]),
    row!("MY", "MYS", 458, "Malaysia", Economy, ["马来西亚"]),
    row!("MV", "MDV", 462, "Maldives", Economy, ["Republic of Maldives", "马尔代夫"]),
    row!("ML", "MLI", 466, "Mali", Economy, ["Republic of Mali", "马里"]),
    row!("MT", "MLT", 470, "Malta", Economy, ["Republic of Malta", "马耳他"]),
    row!("MH", "MHL", 584, "Marshall Islands", Economy, ["Marshall Isds", "Republic of the Marshall Islands", "马绍尔群岛"]),
    row!("MQ", "MTQ", 474, "Martinique", Economy, ["马提尼克"]),
    row!("MR", "MRT", 478, "Mauritania", Economy, ["Islamic Republic of Mauritania", "毛里塔尼亚"]),
    row!("MU", "MUS", 480, "Mauritius", Economy, ["Republic of Mauritius", "毛里求斯"]),
    row!("YT", "MYT", 175, "Mayotte", Economy, ["马约特"]),
    row!("MX", "MEX", 484, "Mexico", Economy, ["United Mexican States", "墨西哥"]),
    row!("FM", "FSM", 583, "Micronesia", Economy, ["Micronesia (Federated States of)", "Micronesia, Federated States of", "Micronesia, Fed. Sts.", "Federated States of Micronesia", "FS Micronesia", "密克罗尼西亚联邦", "密克罗尼西亚"]),
    row!("MD", "MDA", 498, "Republic of Moldova", Economy, ["Rep. of Moldova", "Moldova, Republic of", "Moldova", "摩尔多瓦"]),
    row!("MC", "MCO", 492, "Monaco", Economy, ["Principality of Monaco", "摩纳哥"]),
    row!("MN", "MNG", 496, "Mongolia", Economy, ["蒙古", "蒙古国"]),
    row!("ME", "MNE", 499, "Montenegro", Economy, ["XM", "黑山"]),
    row!("MS", "MSR", 500, "Montserrat", Economy, ["蒙特塞拉特"]),
    row!("MA", "MAR", 504, "Morocco", Economy, ["Kingdom of Morocco", "摩洛哥"]),
    row!("MZ", "MOZ", 508, "Mozambique", Economy, ["Republic of Mozambique", "莫桑比克"]),
    row!("MM", "MMR", 104, "Myanmar", Economy, ["Burma", "Myanmar (Burma)", "Republic of the Union of Myanmar", "缅甸"]),
    row!("NA", "NAM", 516, "Namibia", Economy, ["Republic of Namibia", "纳米比亚"]),
    row!("NR", "NRU", 520, "Nauru", Economy, ["Republic of Nauru", "瑙鲁"]),
    row!("NP", "NPL", 524, "Nepal", Economy, ["Federal Democratic Republic of Nepal", "尼泊尔"]),
    row!("NL", "NLD", 528, "Netherlands", Economy, ["Kingdom of the Netherlands", "Netherlands (Kingdom of the)", "The Netherlands", "Holland", "荷兰"]),
    row!("NC", "NCL", 540, "New Caledonia", Economy, ["新喀里多尼亚"]),
    row!("NZ", "NZL", 554, "New Zealand", Economy, ["新西兰"]),
    row!("NI", "NIC", 558, "Nicaragua", Economy, ["Republic of Nicaragua", "尼加拉瓜"]),
    row!("NE", "NER", 562, "Niger", Economy, ["Republic of the Niger", "尼日尔"]),
    row!("NG", "NGA", 566, "Nigeria", Economy, ["Federal Republic of Nigeria", "尼日利亚"]),
    row!("NU", "NIU", 570, "Niue", Economy, ["纽埃"]),
    row!("NF", "NFK", 574, "Norfolk Island", Economy, ["Norfolk Isds", "诺福克岛"]),
    row!("MK", "MKD", 807, "North Macedonia", Economy, ["Republic of North Macedonia", "Macedonia", "The former Yugoslav Republic of Macedonia", "Macedonia, the former Yugoslav Republic of", "TFYR of Macedonia", "TFYR Macedonia", "北马其顿", "马其顿"]),
    row!("MP", "MNP", 580, "Northern Mariana Islands", Economy, ["N. Mariana Isds", "Northern Mariana Isds", "北马里亚纳群岛"]),
    row!("NO", "NOR", 578, "Norway", Economy, ["Kingdom of Norway", "579", "挪威"]),
    row!("OM", "OMN", 512, "Oman", Economy, ["Sultanate of Oman", "阿曼"]),
    row!("PK", "PAK", 586, "Pakistan", Economy, ["Islamic Republic of Pakistan", "巴基斯坦"]),
    row!("PW", "PLW", 585, "Palau", Economy, ["Republic of Palau", "帕劳"]),
    row!("PS", "PSE", 275, "State of Palestine", Economy, ["Palestine", "Palestine, State of", "Occupied Palestinian Territory", "Palestinian Territory, Occupied", "Occupied Palestinian Territories", "West Bank and Gaza", "巴勒斯坦"]),
    row!("PA", "PAN", 591, "Panama", Economy, ["Republic of Panama", "巴拿马"]),
    row!("PG", "PNG", 598, "Papua New Guinea", Economy, ["Independent State of Papua New Guinea", "巴布亚新几内亚"]),
    row!("PY", "PRY", 600, "Paraguay", Economy, ["Republic of Paraguay", "巴拉圭"]),
    row!("PE", "PER", 604, "Peru", Economy, ["Republic of Peru", "秘鲁"]),
    row!("PH", "PHL", 608, "Philippines", Economy, ["Republic of the Philippines", "The Philippines", "菲律宾"]),
    row!("PN", "PCN", 612, "Pitcairn", Economy, ["Pitcairn Islands", "皮特凯恩"]),
    row!("PL", "POL", 616, "Poland", Economy, ["Republic of Poland", "波兰"]),
    row!("PT", "PRT", 620, "Portugal", Economy, ["Portuguese Republic", "葡萄牙"]),
    row!("PR", "PRI", 630, "Puerto Rico", Economy, ["波多黎各"]),
    row!("QA", "QAT", 634, "Qatar", Economy, ["State of Qatar", "卡塔尔"]),
    row!("RE", "REU", 638, "Réunion", Economy, ["Reunion", "留尼汪"]),
    row!("RO", "ROU", 642, "Romania", Economy, ["ROM", "罗马尼亚"]),
    row!("RU", "RUS", 643, "Russian Federation", Economy, ["Russia", "俄罗斯联邦", "俄罗斯"]),
    row!("RW", "RWA", 646, "Rwanda", Economy, ["Republic of Rwanda", "卢旺达"]),
    row!("BL", "BLM", 652, "Saint Barthélemy", Economy, ["Saint Barthelemy", "St. Barthélemy", "St Barts", "圣巴泰勒米"]),
    row!("SH", "SHN", 654, "Saint Helena, Ascension and Tristan da Cunha", Economy, ["Saint Helena", "St. Helena", "Saint Helena, Ascension and Tristan Da Cunha", "圣赫勒拿"]),
    row!("KN", "KNA", 659, "Saint Kitts and Nevis", Economy, ["St. Kitts and Nevis", "Saint Kitts & Nevis", "Saint Christopher and Nevis", "圣基茨和尼维斯"]),
    row!("LC", "LCA", 662, "Saint Lucia", Economy, ["St. Lucia", "圣卢西亚"]),
    row!("MF", "MAF", 663, "Saint Martin (French part)", Economy, ["Saint Martin", "St. Martin (French part)", "Saint-Martin", "法属圣马丁"]),
    row!("PM", "SPM", 666, "Saint Pierre and Miquelon", Economy, ["St. Pierre and Miquelon", "Saint-Pierre-et-Miquelon", "圣皮埃尔和密克隆"]),
    row!("VC", "VCT", 670, "Saint Vincent and the Grenadines", Economy, ["St. Vincent and the Grenadines", "Saint Vincent & the Grenadines", "圣文森特和格林纳丁斯"]),
    row!("WS", "WSM", 882, "Samoa", Economy, ["Independent State of Samoa", "Western Samoa", "萨摩亚"]),
    row!("SM", "SMR", 674, "San Marino", Economy, ["Republic of San Marino", "圣马力诺"]),
    row!("ST", "STP", 678, "Sao Tome and Principe", Economy, ["São Tomé and Príncipe", "Sao Tome & Principe", "圣多美和普林西比"]),
    row!("SA", "SAU", 682, "Saudi Arabia", Economy, ["Kingdom of Saudi Arabia", "沙特阿拉伯", "沙特"]),
    row!("SN", "SEN", 686, "Senegal", Economy, ["Republic of Senegal", "塞内加尔"]),
    row!("RS", "SRB", 688, "Serbia", Economy, ["Republic of Serbia", "XS", "塞尔维亚"]),
    row!("SC", "SYC", 690, "Seychelles", Economy, ["Republic of Seychelles", "塞舌尔"]),
    row!("SL", "SLE", 694, "Sierra Leone", Economy, ["Republic of Sierra Leone", "塞拉利昂"]),
    row!("SG", "SGP", 702, "Singapore", Economy, ["Republic of Singapore", "新加坡"]),
    row!("SX", "SXM", 534, "Sint Maarten (Dutch part)", Economy, ["Sint Maarten", "Saint Maarten", "St. Maarten", "荷属圣马丁"]),
    row!("SK", "SVK", 703, "Slovakia", Economy, ["Slovak Republic", "斯洛伐克"]),
    row!("SI", "SVN", 705, "Slovenia", Economy, ["Republic of Slovenia", "斯洛文尼亚"]),
    row!("SB", "SLB", 90, "Solomon Islands", Economy, ["Solomon Isds", "所罗门群岛"]),
    row!("SO", "SOM", 706, "Somalia", Economy, ["Federal Republic of Somalia", "索马里"]),
    row!("ZA", "ZAF", 710, "South Africa", Economy, ["Republic of South Africa", "南非"]),
    row!("GS", "SGS", 239, "South Georgia and the South Sandwich Islands", Economy, ["South Georgia and South Sandwich Islands", "South Georgia and the South Sandwich Isds", "南乔治亚岛和南桑威奇群岛"]),
    row!("SS", "SSD", 728, "South Sudan", Economy, ["Republic of South Sudan", "南苏丹"]),
    row!("ES", "ESP", 724, "Spain", Economy, ["Kingdom of Spain", "西班牙"]),
    row!("LK", "LKA", 144, "Sri Lanka", Economy, ["Democratic Socialist Republic of Sri Lanka", "Ceylon", "斯里兰卡"]),
    row!("SD", "SDN", 729, "Sudan", Economy, ["Republic of the Sudan", "The Sudan", "Fmr Sudan", "736", "苏丹"]),
    row!("SR", "SUR", 740, "Suriname", Economy, ["Surinam", "Republic of Suriname", "苏里南"]),
    row!("SJ", "SJM", 744, "Svalbard and Jan Mayen", Economy, ["Svalbard and Jan Mayen Islands", "Svalbard & Jan Mayen", "斯瓦尔巴和扬马延"]),
    row!("SE", "SWE", 752, "Sweden", Economy, ["Kingdom of Sweden", "瑞典"]),
    row!("CH", "CHE", 756, "Switzerland", Economy, ["Swiss Confederation", "757", "瑞士"]),
    row!("SY", "SYR", 760, "Syrian Arab Republic", Economy, ["Syria", "叙利亚"]),
    row!("TW", "S19", 490, "Other Asia, nes", Economy, ["Taiwan", "Chinese Taipei", "中国台湾", "Taiwan, Province of China", "Taiwan Province of China", "Taipei, Chinese", "Separate Customs Territory of Taiwan, Penghu, Kinmen and Matsu", "Other Asia, not elsewhere specified", "TWN", "158", "台湾", "台澎金马关税区"]),
    row!("TJ", "TJK", 762, "Tajikistan", Economy, ["Republic of Tajikistan", "塔吉克斯坦"]),
    row!("TZ", "TZA", 834, "United Republic of Tanzania", Economy, ["United Rep. of Tanzania", "Tanzania, United Republic of", "Tanzania", "坦桑尼亚"]),
    row!("TH", "THA", 764, "Thailand", Economy, ["Kingdom of Thailand", "泰国"]),
    row!("TL", "TLS", 626, "Timor-Leste", Economy, ["East Timor", "Democratic Republic of Timor-Leste", "东帝汶"]),
    row!("TG", "TGO", 768, "Togo", Economy, ["Togolese Republic", "多哥"]),
    row!("TK", "TKL", 772, "Tokelau", Economy, ["托克劳"]),
    row!("TO", "TON", 776, "Tonga", Economy, ["Kingdom of Tonga", "汤加"]),
    row!("TT", "TTO", 780, "Trinidad and Tobago", Economy, ["Trinidad & Tobago", "Republic of Trinidad and Tobago", "特立尼达和多巴哥"]),
    row!("TN", "TUN", 788, "Tunisia", Economy, ["Republic of Tunisia", "突尼斯"]),
    row!("TR", "TUR", 792, "Türkiye", Economy, ["Turkey", "土耳其", "Turkiye", "Republic of Türkiye", "Republic of Turkey"]),
    row!("TM", "TKM", 795, "Turkmenistan", Economy, ["土库曼斯坦"]),
    row!("TC", "TCA", 796, "Turks and Caicos Islands", Economy, ["Turks and Caicos Isds", "Turks & Caicos Islands", "特克斯和凯科斯群岛"]),
    row!("TV", "TUV", 798, "Tuvalu", Economy, ["图瓦卢"]),
    row!("UG", "UGA", 800, "Uganda", Economy, ["Republic of Uganda", "乌干达"]),
    row!("UA", "UKR", 804, "Ukraine", Economy, ["乌克兰"]),
    row!("AE", "ARE", 784, "United Arab Emirates", Economy, ["UAE", "U.A.E.", "阿拉伯联合酋长国", "阿联酋"]),
    row!("GB", "GBR", 826, "United Kingdom", Economy, ["United Kingdom of Great Britain and Northern Ireland", "UK", "U.K.", "Great Britain", "Britain", "英国"]),
    row!("US", "USA", 840, "United States", Economy, ["United States of America", "U.S.A.", "U.S.", "842", "841", "美国"]),
    row!("UM", "UMI", 581, "United States Minor Outlying Islands", Economy, ["US Minor Outlying Islands", "US Misc. Pacific Isds", "849", "美国本土外小岛屿"]),
    row!("UY", "URY", 858, "Uruguay", Economy, ["Oriental Republic of Uruguay", "乌拉圭"]),
    row!("UZ", "UZB", 860, "Uzbekistan", Economy, ["Republic of Uzbekistan", "乌兹别克斯坦"]),
    row!("VU", "VUT", 548, "Vanuatu", Economy, ["Republic of Vanuatu", "瓦努阿图"]),
    row!("VE", "VEN", 862, "Venezuela", Economy, ["Venezuela (Bolivarian Republic of)", "Venezuela, Bolivarian Republic of", "Bolivarian Republic of Venezuela", "Venezuela, RB", "委内瑞拉"]),
    row!("VN", "VNM", 704, "Viet Nam", Economy, ["Vietnam", "Socialist Republic of Viet Nam", "越南"]),
    row!("VG", "VGB", 92, "British Virgin Islands", Economy, ["Br. Virgin Isds", "Virgin Islands, British", "Virgin Islands (British)", "British Virgin Isds", "英属维尔京群岛", "维尔京群岛(英)"]),
    row!("VI", "VIR", 850, "United States Virgin Islands", Economy, ["US Virgin Isds", "US Virgin Islands", "U.S. Virgin Islands", "Virgin Islands, U.S.", "Virgin Islands (U.S.)", "美属维尔京群岛", "维尔京群岛(美)"]),
    row!("WF", "WLF", 876, "Wallis and Futuna", Economy, ["Wallis and Futuna Isds", "Wallis and Futuna Islands", "Wallis & Futuna", "瓦利斯和富图纳"]),
    row!("EH", "ESH", 732, "Western Sahara", Economy, ["西撒哈拉"]),
    row!("YE", "YEM", 887, "Yemen", Economy, ["Republic of Yemen", "Yemen, Rep.", "也门"]),
    row!("ZM", "ZMB", 894, "Zambia", Economy, ["Republic of Zambia", "赞比亚"]),
    row!("ZW", "ZWE", 716, "Zimbabwe", Economy, ["Republic of Zimbabwe", "津巴布韦"]),
    row!("XK", "XKX", 412, "Kosovo", Economy, ["Republic of Kosovo", "科索沃"]),
    // Former economies still found in historical Comtrade and BACI files (ISO 3166-3).
    row!("AN", "ANT", 530, "Netherlands Antilles", Economy, ["Neth. Antilles", "荷属安的列斯"]),
    row!("CS", "SCG", 891, "Serbia and Montenegro", Economy, ["Serbia & Montenegro", "塞尔维亚和黑山"]),
    row!("YU", "YUG", 890, "Yugoslavia", Economy, ["Fmr Yugoslavia", "Socialist Federal Republic of Yugoslavia", "SFR of Yugoslavia", "南斯拉夫"]),
    row!("SU", "SUN", 810, "USSR", Economy, ["Fmr USSR", "Union of Soviet Socialist Republics", "Soviet Union", "苏联"]),
    row!("DD", "DDR", 278, "German Democratic Republic", Economy, ["Fmr Dem. Rep. of Germany", "East Germany", "GDR", "民主德国"]),
    // Aggregates: never bilateral partners. Listed after every economy so that
    // an economy wins any key the two could share.
    row!("W0", "W00", 0, "World", Aggregate, ["All partners", "世界", "World total", "WLD", "001", "总值", "全球"]),
    row!("QU", "_X", 899, "Areas, nes", Aggregate, ["Areas nes", "Areas, not elsewhere specified", "Countries and territories not specified", "QV", "QW", "国别(地区)不详", "国别不详"]),
    row!("QQ", "XBU", 837, "Bunkers", Aggregate, ["Ship stores and bunkers", "Stores and provisions", "QR", "QS"]),
    row!("X1", "XFZ", 838, "Free Zones", Aggregate, ["Free zones, nes"]),
    row!("QX", "XSC", 839, "Special Categories", Aggregate, ["Special categories, nes", "Countries and territories not specified for commercial or military reasons", "QY", "QZ"]),
    row!("QP", "XHS", 1005, "High seas", Aggregate, []),
    row!("X2", "XEN", 568, "Other Europe, nes", Aggregate, ["Europe, nes", "Europe nes", "Other Europe, not elsewhere specified"]),
    row!("X3", "XAN", 577, "Other Africa, nes", Aggregate, ["Africa, nes", "Africa nes", "Other Africa, not elsewhere specified"]),
    row!("X4", "XON", 527, "Oceania, nes", Aggregate, ["Oceania nes", "Oceania, not elsewhere specified"]),
    row!("X5", "XNC", 637, "North America and Central America, nes", Aggregate, ["North and Central America, nes"]),
    row!("X6", "XRA", 636, "Rest of America, nes", Aggregate, ["America, nes"]),
    row!("X7", "XCN", 129, "Caribbean, nes", Aggregate, ["Caribbean nes"]),
    row!("X8", "XLA", 473, "LAIA, nes", Aggregate, ["LAIA nes", "Latin American Integration Association, nes"]),
    row!("X9", "XNA", 290, "Northern Africa, nes", Aggregate, ["Northern Africa nes", "North Africa, nes"]),
    row!("X0", "XWA", 879, "Western Asia, nes", Aggregate, ["Western Asia nes"]),
    row!("Y1", "XCM", 471, "CACM, nes", Aggregate, ["CACM nes", "Central American Common Market, nes"]),
    row!("Y2", "XCA", 472, "Africa CAMEU region, nes", Aggregate, ["Africa CAMEU region nes"]),
    row!("Y3", "XEF", 697, "Europe EFTA, nes", Aggregate, ["EFTA, nes"]),
    row!("NT", "NTZ", 536, "Neutral Zone", Aggregate, ["Saudi-Iraqi Neutral Zone"]),
    row!("Y4", "BLX", 58, "Belgium-Luxembourg", Aggregate, ["Belgium and Luxembourg", "Belgium-Luxembourg Economic Union", "BLEU"]),
    row!("Y5", "XSA", 711, "Southern African Customs Union", Aggregate, ["So. African Customs Union", "SACU"]),
    row!("EU", "XEU", 97, "European Union", Aggregate, [
        "EU27", "EU-27", "EU27_2020", "European Union - 27 countries", "European Union - 27 countries (from 2020)",
        "Union européenne - 27 pays", "Union européenne - 27 pays (à partir de 2020)", "Europäische Union - 27 Länder (ab 2020)",
        "EU28", "EU-28", "European Union - 28 countries", "EU27_2007", "EU25", "EU15",
        "European Union (EU6-1958, EU9-1973, EU10-1981, EU12-1986, EU15-1995, EU25-2004, EU27-2007, EU28-2013, EU27-2020)",
        "EUR", "欧盟", "欧洲联盟",
    ]),
    row!("Y6", "XEA", 1001, "Euro area", Aggregate, ["Euro area - 20 countries", "Euro area - 20 countries (from 2023)", "EA20", "Euro area - 19 countries (2015-2022)", "EA19", "Eurozone", "Euro zone", "欧元区"]),
    row!("Y7", "XEX", 1002, "Extra-EU", Aggregate, ["Extra-EU27", "Extra-EU27 (from 2020)", "Extra-EU27_2020", "EXT_EU27_2020", "EU27_2020_EXTRA", "Extra-EU trade", "Extra-EU28", "EXT_EU28"]),
    row!("Y8", "XIN", 1003, "Intra-EU", Aggregate, ["Intra-EU27", "Intra-EU27 (from 2020)", "Intra-EU27_2020", "INT_EU27_2020", "EU27_2020_INTRA", "Intra-EU trade", "Intra-EU28", "INT_EU28"]),
    row!("Y9", "XSN", 1004, "ASEAN", Aggregate, ["Association of Southeast Asian Nations", "东盟", "东南亚国家联盟"]),
    // UN M49 regions.
    row!("Z1", "XAF", 2, "Africa", Aggregate, ["非洲"]),
    row!("Z2", "XAM", 19, "Americas", Aggregate, ["美洲"]),
    row!("Z3", "XAS", 142, "Asia", Aggregate, ["亚洲"]),
    row!("Z4", "XER", 150, "Europe", Aggregate, ["欧洲"]),
    row!("Z5", "XOC", 9, "Oceania", Aggregate, ["大洋洲"]),
    row!("Z6", "XLC", 419, "Latin America and the Caribbean", Aggregate, ["Latin America", "拉丁美洲"]),
    row!("Z7", "XNM", 21, "Northern America", Aggregate, ["北美洲"]),
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::COUNTRY_TABLE;
    use crate::country::{Country, CountryKind};

    fn economies() -> impl Iterator<Item = &'static Country> {
        COUNTRY_TABLE
            .iter()
            .filter(|c| c.kind == CountryKind::Economy)
    }

    #[test]
    fn alpha3_codes_are_unique() {
        let mut seen = HashSet::new();
        for country in COUNTRY_TABLE {
            assert!(
                seen.insert(country.alpha3),
                "duplicate alpha-3 {}",
                country.alpha3
            );
        }
    }

    #[test]
    fn alpha2_codes_are_unique_and_never_empty() {
        let mut seen = HashSet::new();
        for country in COUNTRY_TABLE {
            assert!(
                !country.alpha2.is_empty(),
                "{} has no alpha-2",
                country.alpha3
            );
            assert!(
                seen.insert(country.alpha2),
                "duplicate alpha-2 {}",
                country.alpha2
            );
        }
    }

    #[test]
    fn m49_codes_are_unique() {
        let mut seen = HashSet::new();
        for country in COUNTRY_TABLE {
            assert!(
                seen.insert(country.m49),
                "duplicate M49 {} ({})",
                country.m49,
                country.alpha3
            );
        }
    }

    #[test]
    fn economy_codes_are_well_formed() {
        for country in economies() {
            let a2 = country.alpha2;
            assert!(
                a2.len() == 2 && a2.bytes().all(|b| b.is_ascii_uppercase()),
                "alpha-2 {a2:?} of {}",
                country.alpha3
            );
            let a3 = country.alpha3;
            assert!(
                a3.len() == 3
                    && a3
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
                "alpha-3 {a3:?}"
            );
            assert!(!country.name.is_empty(), "{a3} has no name");
        }
    }

    #[test]
    fn economies_come_before_aggregates() {
        let first_aggregate = COUNTRY_TABLE
            .iter()
            .position(|c| c.kind == CountryKind::Aggregate)
            .expect("the table has aggregates");
        assert!(
            COUNTRY_TABLE[first_aggregate..]
                .iter()
                .all(|c| c.kind == CountryKind::Aggregate)
        );
    }

    #[test]
    fn table_covers_every_economy() {
        assert!(
            economies().count() >= 240,
            "only {} economies",
            economies().count()
        );
    }

    /// Every code, name and alias of a row finds that row, not another one that
    /// claims the same key first.
    #[test]
    fn every_key_resolves_to_its_own_row() {
        for country in COUNTRY_TABLE {
            country.for_each_key(|key| {
                let found = Country::lookup(key).unwrap_or_else(|e| panic!("{key:?}: {e}"));
                assert!(
                    std::ptr::eq(found, country),
                    "{key:?} of {} resolves to {}",
                    country.alpha3,
                    found.alpha3
                );
            });
        }
    }

    fn check(input: &str, expected_alpha3: &str) {
        let found = Country::lookup(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(found.alpha3(), expected_alpha3, "input {input:?}");
    }

    #[test]
    fn resolves_comext_labels() {
        for (input, expected) in [
            ("Russian Federation (Russia)", "RUS"),
            (
                "Germany (incl. German Democratic Republic 'DD' from 1991)",
                "DEU",
            ),
            (
                "France (incl. Saint Barthélemy 'BL' -> 2012; incl. French Guiana 'GF', Guadeloupe 'GP', \
                 Martinique 'MQ', Réunion 'RE' from 1997; incl. Mayotte 'YT' from 2014)",
                "FRA",
            ),
            ("Italy (incl. San Marino 'SM' -> 1993)", "ITA"),
            ("Spain (incl. Canary Islands 'XB' from 1997)", "ESP"),
            ("Belgium (incl. Luxembourg 'LU' -> 1998)", "BEL"),
            ("Ireland (Eire)", "IRL"),
            (
                "European Union - 27 countries (AT, BE, BG, HR, CY, CZ, DK, EE, FI, FR, DE, GR, HU, IE, IT, \
                 LV, LT, LU, MT, NL, PL, PT, RO, SK, SI, ES, SE)",
                "XEU",
            ),
            ("Korea, Republic of (South Korea)", "KOR"),
            ("Kosovo (as defined by UNSC Resolution 1244/99)", "XKX"),
            ("Extra-EU27 (from 2020)", "XEX"),
            ("Euro area - 20 countries (from 2023)", "XEA"),
            ("EL", "GRC"),
            ("UK", "GBR"),
            ("XK", "XKX"),
            ("QU", "_X"),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn resolves_comtrade_names_and_codes() {
        for (input, expected) in [
            ("China, Hong Kong SAR", "HKG"),
            ("China, Macao SAR", "MAC"),
            ("Rep. of Korea", "KOR"),
            ("Dem. People's Rep. of Korea", "PRK"),
            ("United Rep. of Tanzania", "TZA"),
            ("Bosnia Herzegovina", "BIH"),
            ("Dominican Rep.", "DOM"),
            ("Central African Rep.", "CAF"),
            ("Dem. Rep. of the Congo", "COD"),
            ("Congo", "COG"),
            ("Saudi Arabia", "SAU"),
            ("United Arab Emirates", "ARE"),
            ("State of Palestine", "PSE"),
            ("Lao People's Dem. Rep.", "LAO"),
            ("Côte d'Ivoire", "CIV"),
            ("Cote d'Ivoire", "CIV"),
            ("Bolivia (Plurinational State of)", "BOL"),
            ("Iran (Islamic Republic of)", "IRN"),
            ("Kyrgyz Republic", "KGZ"),
            ("Czech Republic", "CZE"),
            ("Viet Nam", "VNM"),
            ("Vietnam", "VNM"),
            ("Turkiye", "TUR"),
            ("United States of America", "USA"),
            ("USA", "USA"),
            ("Great Britain", "GBR"),
            ("Republic of Moldova", "MDA"),
            ("Eire", "IRL"),
            ("Other Asia, nes", "S19"),
            ("Taiwan", "S19"),
            ("TWN", "S19"),
            ("158", "S19"),
            ("Areas, nes", "_X"),
            ("899", "_X"),
            ("Bunkers", "XBU"),
            ("Special Categories", "XSC"),
            ("097", "XEU"),
            ("W00", "W00"),
            ("000", "W00"),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn resolves_baci_numerics() {
        for (input, expected) in [
            ("842", "USA"),
            ("251", "FRA"),
            ("699", "IND"),
            ("757", "CHE"),
            ("579", "NOR"),
            ("490", "S19"),
            ("58", "BLX"),
            ("410", "KOR"),
            ("036", "AUS"),
        ] {
            check(input, expected);
        }
        assert!(!Country::lookup("58").unwrap().is_bilateral_partner());
    }

    #[test]
    fn resolves_china_customs_names() {
        for (input, expected) in [
            ("美国", "USA"),
            ("日本", "JPN"),
            ("韩国", "KOR"),
            ("德国", "DEU"),
            ("俄罗斯联邦", "RUS"),
            ("哈萨克斯坦", "KAZ"),
            ("吉尔吉斯斯坦", "KGZ"),
            ("亚美尼亚", "ARM"),
            ("土耳其", "TUR"),
            ("阿拉伯联合酋长国", "ARE"),
            ("乌兹别克斯坦", "UZB"),
            ("白俄罗斯", "BLR"),
            ("朝鲜", "PRK"),
            ("中国香港", "HKG"),
            ("中国澳门", "MAC"),
            ("中国台湾", "S19"),
            ("刚果(金)", "COD"),
            ("刚果（布）", "COG"),
            ("世界", "W00"),
            ("欧盟", "XEU"),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn aggregates_are_not_bilateral_partners() {
        for code in ["W00", "_X", "XEU", "XEA", "XEX", "XIN", "BLX", "XAS"] {
            let country = Country::lookup(code).unwrap();
            assert_eq!(country.alpha3(), code);
            assert!(!country.is_bilateral_partner(), "{code}");
        }
    }

    #[test]
    fn unknown_codes_stay_unknown() {
        for input in ["ZZZ", "999", "Nowhere", "Korea", "Virgin Islands", "()"] {
            assert!(Country::lookup(input).is_err(), "{input:?}");
        }
    }
}
