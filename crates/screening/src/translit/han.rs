//! Han characters → pinyin syllables, with a typed-in dictionary of generic
//! business words and legal forms that are translated rather than
//! transliterated (数字 → "digital", 有限公司 → "ltd").
//!
//! A Chinese company name is usually a place name (transliterated: 杭州 →
//! "hang zhou", which meets "Hangzhou" through syllable joining in
//! [`crate::align`]), a brand (often not a transliteration at all), generic
//! words (translated in the English name) and a legal form.

/// Whether a character is a Han ideograph.
pub fn is_han(ch: char) -> bool {
    matches!(ch as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// One piece of a segmented Han run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HanPiece {
    /// A single syllable in plain pinyin ("hang") and its character.
    Syllable(String, char),
    /// A generic word translated to English ("digital", "technology").
    Translated(&'static str),
}

/// Generic Han words and their English translation; legal forms translate
/// to their English abbreviation and are recognised by
/// [`crate::legal_form`]. Longest entries win during segmentation.
const HAN_WORDS: &[(&str, &str)] = &[
    ("股份有限公司", "co ltd"),
    ("有限责任公司", "limited liability company"),
    ("有限公司", "co ltd"),
    ("集团公司", "group company"),
    ("分公司", "branch"),
    ("公司", "company"),
    ("集团", "group"),
    ("控股", "holding"),
    ("科技", "technology"),
    ("技术", "technology"),
    ("数字", "digital"),
    ("数码", "digital"),
    ("电子", "electronics"),
    ("贸易", "trading"),
    ("商贸", "trading"),
    ("国际", "international"),
    ("工业", "industrial"),
    ("实业", "industrial"),
    ("发展", "development"),
    ("投资", "investment"),
    ("网络", "network"),
    ("信息", "information"),
    ("软件", "software"),
    ("通信", "communication"),
    ("通讯", "communication"),
    ("能源", "energy"),
    ("机械", "machinery"),
    ("设备", "equipment"),
    ("制造", "manufacturing"),
    ("进出口", "import export"),
    ("物流", "logistics"),
    ("航运", "shipping"),
    ("船务", "shipping"),
    ("海运", "shipping"),
    ("化工", "chemical"),
    ("材料", "materials"),
    ("光电", "optoelectronics"),
    ("半导体", "semiconductor"),
    ("精密", "precision"),
    ("仪器", "instruments"),
    ("传感", "sensor"),
    ("传感器", "sensor"),
    ("研究所", "institute"),
    ("研究院", "research institute"),
    ("大学", "university"),
    ("银行", "bank"),
    ("电气", "electric"),
    ("智能", "intelligent"),
    ("系统", "systems"),
    ("工程", "engineering"),
    ("服务", "service"),
    ("管理", "management"),
    ("咨询", "consulting"),
    ("航空", "aviation"),
    ("航天", "aerospace"),
    ("船舶", "shipbuilding"),
    ("重工", "heavy industry"),
    ("汽车", "automotive"),
    ("医药", "pharmaceutical"),
    ("生物", "biotechnology"),
    ("香港", "hong kong"),
    ("中国", "china"),
    ("全球", "global"),
    ("环球", "global"),
    ("新材料", "new materials"),
    ("微电子", "microelectronics"),
    ("集成电路", "integrated circuit"),
];

const MAX_WORD_CHARS: usize = 6;

/// Traditional → simplified for the characters of the dictionary's words
/// (and a few common in company names): typed in from the standard tables.
const TRADITIONAL: &[(char, char)] = &[
    ('國', '国'),
    ('際', '际'),
    ('運', '运'),
    ('術', '术'),
    ('電', '电'),
    ('貿', '贸'),
    ('團', '团'),
    ('數', '数'),
    ('碼', '码'),
    ('實', '实'),
    ('發', '发'),
    ('網', '网'),
    ('絡', '络'),
    ('軟', '软'),
    ('機', '机'),
    ('設', '设'),
    ('備', '备'),
    ('製', '制'),
    ('進', '进'),
    ('務', '务'),
    ('導', '导'),
    ('體', '体'),
    ('儀', '仪'),
    ('傳', '传'),
    ('學', '学'),
    ('銀', '银'),
    ('氣', '气'),
    ('統', '统'),
    ('諮', '咨'),
    ('詢', '询'),
    ('車', '车'),
    ('醫', '医'),
    ('藥', '药'),
    ('環', '环'),
    ('責', '责'),
    ('資', '资'),
    ('訊', '讯'),
    ('業', '业'),
    ('產', '产'),
    ('東', '东'),
    ('華', '华'),
    ('龍', '龙'),
    ('興', '兴'),
    ('廣', '广'),
    ('門', '门'),
    ('島', '岛'),
    ('灣', '湾'),
    ('創', '创'),
    ('測', '测'),
    ('鐵', '铁'),
    ('鋼', '钢'),
    ('礦', '矿'),
    ('輸', '输'),
    ('點', '点'),
    ('號', '号'),
    ('區', '区'),
    ('縣', '县'),
    ('鎮', '镇'),
    ('廠', '厂'),
    ('貨', '货'),
    ('層', '层'),
    ('樓', '楼'),
    ('雲', '云'),
    ('聯', '联'),
    ('開', '开'),
    ('達', '达'),
    ('億', '亿'),
    ('萬', '万'),
    ('寶', '宝'),
    ('豐', '丰'),
    ('匯', '汇'),
];

fn simplified(ch: char) -> char {
    TRADITIONAL
        .iter()
        .find(|(traditional, _)| *traditional == ch)
        .map_or(ch, |(_, simple)| *simple)
}

/// Segments a run of Han characters: dictionary words first (longest match),
/// every other character becomes its pinyin syllable. Characters without a
/// reading are skipped.
pub fn segment(run: &str) -> Vec<HanPiece> {
    use pinyin::ToPinyin;
    // Traditional characters (Hong Kong, Taiwan, older lists) are folded to
    // simplified so the dictionary's words are found in either writing; the
    // pinyin reading is the same.
    let chars: Vec<char> = run.chars().map(simplified).collect();
    let mut pieces = Vec::with_capacity(chars.len());
    let mut idx = 0;
    while idx < chars.len() {
        let mut matched = None;
        for len in (2..=MAX_WORD_CHARS.min(chars.len() - idx)).rev() {
            let candidate: String = chars[idx..idx + len].iter().collect();
            if let Some((_, english)) = HAN_WORDS.iter().find(|(han, _)| *han == candidate) {
                matched = Some((len, *english));
                break;
            }
        }
        if let Some((len, english)) = matched {
            pieces.push(HanPiece::Translated(english));
            idx += len;
            continue;
        }
        if let Some(reading) = chars[idx].to_pinyin() {
            pieces.push(HanPiece::Syllable(reading.plain().to_string(), chars[idx]));
        }
        idx += 1;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_writing_finds_the_same_words() {
        assert_eq!(segment("國際海運"), segment("国际海运"));
        assert_eq!(
            segment("國際海運"),
            [
                HanPiece::Translated("international"),
                HanPiece::Translated("shipping")
            ]
        );
    }

    fn syllables(pieces: &[HanPiece]) -> Vec<String> {
        pieces
            .iter()
            .map(|piece| match piece {
                HanPiece::Syllable(text, _) => text.clone(),
                HanPiece::Translated(text) => format!("<{text}>"),
            })
            .collect()
    }

    #[test]
    fn hikvision() {
        let pieces = segment("杭州海康威视数字技术股份有限公司");
        assert_eq!(
            syllables(&pieces),
            [
                "hang",
                "zhou",
                "hai",
                "kang",
                "wei",
                "shi",
                "<digital>",
                "<technology>",
                "<co ltd>"
            ]
        );
    }

    #[test]
    fn dictionary_has_no_duplicates() {
        for (idx, (han, _)) in HAN_WORDS.iter().enumerate() {
            assert!(han.chars().all(is_han), "{han}");
            assert!(han.chars().count() <= MAX_WORD_CHARS);
            assert!(
                !HAN_WORDS[idx + 1..].iter().any(|(other, _)| other == han),
                "{han}"
            );
        }
    }
}
