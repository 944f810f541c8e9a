//! Person-name specifics: "LAST, First" reordering and the rules that make
//! middle names, patronymics and initials optional.

/// Reorders a "LAST, First Middle" person name (one comma) to natural
/// order; other names are returned unchanged.
///
/// ```
/// use chokepoint_screening::person::natural_order;
/// assert_eq!(natural_order("SMITH, John"), "John SMITH");
/// assert_eq!(natural_order("John Smith"), "John Smith");
/// ```
pub fn natural_order(name: &str) -> std::borrow::Cow<'_, str> {
    let mut parts = name.split(',');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(last), Some(first), None) if !last.trim().is_empty() && !first.trim().is_empty() => {
            std::borrow::Cow::Owned(format!("{} {}", first.trim(), last.trim()))
        }
        _ => std::borrow::Cow::Borrowed(name),
    }
}

/// Whether `short` can be an initial of `full` ("j" ~ "john").
pub fn is_initial_of(short: &str, full: &str) -> bool {
    short.len() == 1 && full.len() > 1 && full.as_bytes()[0] == short.as_bytes()[0]
}

/// Whether `short` can be a short form of `full` by prefix ("ben" ~
/// "benjamin", "alex" ~ "alexander"): at least three letters and at most
/// two thirds of the full name.
pub fn is_short_form_of(short: &str, full: &str) -> bool {
    short.len() >= 3 && short.len() * 3 <= full.len() * 2 + 1 && full.starts_with(short)
}

/// Whether two given names are a known nickname pair (Ted ↔ Theodore,
/// Bill ↔ William). Typed-in facts: common English hypocoristics whose
/// short form is not a prefix of the full name.
pub fn is_nickname_pair(left: &str, right: &str) -> bool {
    NICKNAMES.iter().any(|(short, full)| {
        (*short == left && *full == right) || (*short == right && *full == left)
    })
}

const NICKNAMES: &[(&str, &str)] = &[
    ("bill", "william"),
    ("will", "william"),
    ("billy", "william"),
    ("liam", "william"),
    ("bob", "robert"),
    ("bobby", "robert"),
    ("rob", "robert"),
    ("bert", "robert"),
    ("dick", "richard"),
    ("rick", "richard"),
    ("rich", "richard"),
    ("ted", "theodore"),
    ("ted", "edward"),
    ("ed", "edward"),
    ("eddie", "edward"),
    ("ned", "edward"),
    ("ted", "edmund"),
    ("teddy", "theodore"),
    ("jim", "james"),
    ("jimmy", "james"),
    ("jack", "john"),
    ("johnny", "john"),
    ("mike", "michael"),
    ("mick", "michael"),
    ("tony", "anthony"),
    ("tom", "thomas"),
    ("chuck", "charles"),
    ("charlie", "charles"),
    ("hank", "henry"),
    ("harry", "henry"),
    ("peggy", "margaret"),
    ("maggie", "margaret"),
    ("meg", "margaret"),
    ("kate", "katherine"),
    ("kathy", "katherine"),
    ("katie", "katherine"),
    ("betty", "elizabeth"),
    ("liz", "elizabeth"),
    ("beth", "elizabeth"),
    ("sally", "sarah"),
    ("polly", "mary"),
    ("molly", "mary"),
    ("sasha", "aleksandr"),
    ("sasha", "alexander"),
    ("sasha", "aleksandra"),
    ("misha", "mikhail"),
    ("dima", "dmitry"),
    ("dima", "dmitriy"),
    ("volodya", "vladimir"),
    ("vova", "vladimir"),
    ("kolya", "nikolai"),
    ("kolya", "nikolay"),
    ("seryozha", "sergey"),
    ("zhenya", "evgeny"),
    ("zhenya", "yevgeny"),
    ("lyosha", "aleksei"),
    ("alyosha", "aleksei"),
    ("pasha", "pavel"),
    ("petya", "pyotr"),
    ("vanya", "ivan"),
    ("kostya", "konstantin"),
    ("tolya", "anatoly"),
    ("yura", "yuri"),
    ("yura", "yuriy"),
    ("natasha", "natalia"),
    ("natasha", "natalya"),
    ("masha", "maria"),
    ("tanya", "tatiana"),
    ("tanya", "tatyana"),
    ("sveta", "svetlana"),
    ("larry", "lawrence"),
    ("jerry", "gerald"),
    ("joe", "joseph"),
    ("pepe", "jose"),
    ("paco", "francisco"),
    ("pancho", "francisco"),
    ("nacho", "ignacio"),
    ("lupe", "guadalupe"),
    ("sandy", "alexander"),
    ("alex", "alexander"),
    ("xander", "alexander"),
    ("andy", "andrew"),
    ("steve", "stephen"),
    ("steve", "steven"),
    ("dave", "david"),
    ("danny", "daniel"),
    ("sam", "samuel"),
    ("ben", "benjamin"),
    ("benny", "benjamin"),
    ("fred", "frederick"),
    ("fritz", "friedrich"),
    ("hans", "johannes"),
    ("sepp", "josef"),
];

/// Whether two given names are forms of one name in different languages
/// (Aleksandr/Oleksandr/Aliaksandr, Yelena/Helen, Dmitry/Dmytro/Dzmitry),
/// compared on phonetic keys.
pub fn is_equivalent_given_name(left_key: &str, right_key: &str) -> bool {
    let groups = &*EQUIVALENT_KEYS;
    match (groups.get(left_key), groups.get(right_key)) {
        (Some(left), Some(right)) => left.iter().any(|group| right.contains(group)),
        _ => false,
    }
}

/// Groups of one given name across Russian, Ukrainian, Belarusian, English
/// and other spellings (typed-in facts).
const EQUIVALENT_NAMES: &[&[&str]] = &[
    &[
        "alexander",
        "aleksandr",
        "oleksandr",
        "aliaksandr",
        "alyaksandr",
        "alexandre",
        "alessandro",
    ],
    &[
        "alexei", "aleksei", "aleksey", "oleksii", "oleksiy", "aliaksei", "alexis",
    ],
    &[
        "helen", "elena", "yelena", "olena", "alena", "helena", "ellen",
    ],
    &[
        "catherine",
        "katherine",
        "ekaterina",
        "yekaterina",
        "kateryna",
        "katsiaryna",
    ],
    &[
        "peter", "pyotr", "petr", "petro", "piotr", "pietro", "pedro", "pierre",
    ],
    &[
        "michael", "mikhail", "mykhailo", "mikhal", "michel", "miguel", "michele",
    ],
    &["paul", "pavel", "pavlo", "pablo", "paolo"],
    &[
        "george", "georgy", "georgii", "heorhiy", "jorge", "giorgi", "georges",
    ],
    &["joseph", "iosif", "yosyp", "josef", "jose", "giuseppe"],
    &[
        "john", "ivan", "ioann", "juan", "giovanni", "jean", "johann", "ian", "sean",
    ],
    &[
        "andrew", "andrei", "andrey", "andriy", "andrii", "andrzej", "andre", "andres",
    ],
    &[
        "nicholas", "nikolai", "nikolay", "mykola", "mikalai", "nicolas", "nikola",
    ],
    &["dmitry", "dmitri", "dmitrii", "dmytro", "dzmitry"],
    &[
        "sergey", "sergei", "serhiy", "serhii", "siarhei", "sergio", "serge",
    ],
    &["vladimir", "volodymyr", "uladzimir"],
    &["yuri", "yury", "yuriy", "iurii", "yurii", "jurij", "yuras"],
    &["natalia", "natalya", "nataliya", "natallia", "natalie"],
    &["tatiana", "tatyana", "tetiana", "tatsiana"],
    &["olga", "olha", "volha"],
    &["igor", "ihor", "ihar"],
    &["oleg", "oleh", "aleh"],
    &["anatoly", "anatolii", "anatoliy", "anatol"],
    &["gennady", "gennadiy", "hennadiy", "henadz", "gennadi"],
    &["vitaly", "vitalii", "vitaliy", "vitali"],
    &["vyacheslav", "viacheslav", "viachaslau"],
    &["stanislav", "stanislau"],
    &["maxim", "maksim", "maksym", "maxime"],
    &["eugene", "evgeny", "yevgeny", "yevhen", "yauhen", "evgenii"],
    &["lydia", "lidiya", "lidia", "lidziya", "lidzia"],
    &["mary", "maria", "mariya", "mariia", "marie"],
    &["anna", "hanna", "ganna", "anne", "ana"],
    &[
        "jacob", "yakov", "yakiv", "jakub", "yaakov", "yakub", "jacques",
    ],
    &[
        "stephen", "steven", "stepan", "stefan", "esteban", "etienne",
    ],
    &["thomas", "foma", "tomas", "tomasz"],
    &[
        "matthew", "matvei", "matvey", "mateo", "matteo", "mathieu", "matthieu",
    ],
    &["ismail", "ismael", "esmail", "esmaeil", "smail"],
    &["ibrahim", "ebrahim", "abraham", "avraham"],
    &["yusuf", "yousef", "youssef", "yosef", "joseph"],
    &["musa", "moussa", "moses", "moshe"],
    &["isa", "issa", "eisa", "jesus"],
    &["suleiman", "sulaiman", "suleyman", "soliman", "solomon"],
];

/// Phonetic key → indices of the groups it belongs to.
static EQUIVALENT_KEYS: std::sync::LazyLock<std::collections::HashMap<String, Vec<usize>>> =
    std::sync::LazyLock::new(|| {
        let mut keys: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for (group, names) in EQUIVALENT_NAMES.iter().enumerate() {
            for name in *names {
                let entry = keys.entry(crate::phonetic::phonetic_key(name)).or_default();
                if !entry.contains(&group) {
                    entry.push(group);
                }
            }
        }
        keys
    });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order() {
        assert_eq!(
            natural_order("PUTIN, Vladimir Vladimirovich"),
            "Vladimir Vladimirovich PUTIN"
        );
        assert_eq!(natural_order("a, b, c"), "a, b, c");
        assert_eq!(natural_order(", x"), ", x");
    }

    #[test]
    fn short_forms() {
        assert!(is_initial_of("j", "john"));
        assert!(!is_initial_of("j", "smith"));
        assert!(is_short_form_of("ben", "benjamin"));
        assert!(!is_short_form_of("benjami", "benjamin"));
        assert!(!is_short_form_of("al", "alexander"));
        assert!(is_nickname_pair("theodore", "ted"));
        assert!(!is_nickname_pair("ted", "tom"));
        let key = crate::phonetic::phonetic_key;
        assert!(is_equivalent_given_name(
            &key("oleksandr"),
            &key("alexander")
        ));
        assert!(is_equivalent_given_name(&key("siarhei"), &key("sergey")));
        assert!(!is_equivalent_given_name(&key("sergey"), &key("vladimir")));
    }
}
