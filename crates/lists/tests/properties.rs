//! Property tests: normalisation is idempotent, date parsing round-trips, and
//! loaders never fail or panic on arbitrary record content.

use chokepoint_lists::{load_paths, normalise_identifier, parse_date, resolve_country};
use proptest::prelude::*;

proptest! {
    #[test]
    fn identifier_normalisation_is_idempotent(raw in "\\PC{0,40}") {
        let once = normalise_identifier(&raw);
        prop_assert_eq!(normalise_identifier(&once), once.clone());
        prop_assert!(once.chars().all(char::is_alphanumeric));
    }

    #[test]
    fn parsed_dates_are_iso_and_round_trip(text in "\\PC{0,20}|[0-9]{1,2} (Jan|Feb|Oct|Dec) [0-9]{4}|[0-9]{2}/[0-9]{2}/[0-9]{4}") {
        if let Some(iso) = parse_date(&text) {
            prop_assert!(matches!(iso.len(), 4 | 7 | 10), "{}", iso);
            prop_assert_eq!(parse_date(&iso), Some(iso.clone()));
        }
        let _ = resolve_country(&text);
    }

    #[test]
    fn ofac_csv_never_fails_on_arbitrary_rows(rows in prop::collection::vec("[0-9a-zA-Z ,\"'\\-;.()]{0,80}", 0..12)) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("sdn.csv"), rows.join("\r\n")).unwrap();
        std::fs::write(dir.path().join("alt.csv"), rows.join("\n")).unwrap();
        let loaded = load_paths(&[dir.path().to_path_buf()]).unwrap();
        prop_assert_eq!(loaded.len(), 1);
        prop_assert!(loaded[0].entities.iter().all(|e| e.primary_name().is_some()));
    }

    #[test]
    fn ftm_never_fails_on_arbitrary_lines(lines in prop::collection::vec("\\PC{0,60}|\\{\"id\":\"[a-z]{1,3}\",\"schema\":\"(Person|Ownership|Company)\",\"properties\":\\{\\}\\}", 0..12)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x__entities.ftm.json");
        std::fs::write(&path, lines.join("\n")).unwrap();
        let loaded = load_paths(&[path]).unwrap();
        prop_assert_eq!(loaded.len(), 1);
        let non_blank = lines.iter().flat_map(|l| l.lines()).filter(|l| !l.trim().is_empty()).count();
        // Every non-blank line is an entity, a relation, a skipped schema or a reject.
        prop_assert!(loaded[0].rejects.len() <= non_blank);
    }
}
