//! UK OFSI (HM Treasury) consolidated list, `ConList.csv` layout: a "Last
//! Updated" line, then a header `Name 6, Name 1..Name 5, Title, ...,
//! Group ID`, then one row per name of a designation. Rows are merged by
//! `Group ID` into one entity; "Prime Alias" rows give the primary name.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::ListError;
use crate::Schema;
use crate::load::{ListLoader, LoadedList, ensure_recognised, files_marked};
use crate::model::{Entity, IdentifierKind, NameKind};
use crate::tabular::Table;
use crate::text::{at, join_parts, read_text};

/// Loader of the OFSI `ConList.csv`.
pub(crate) struct UkOfsiLoader;

const LIST: &str = "uk-ofsi";

impl ListLoader for UkOfsiLoader {
    fn id(&self) -> &'static str {
        LIST
    }

    fn recognises(&self, files: &[PathBuf]) -> Vec<PathBuf> {
        files_marked(files, ".csv", "Name 6,Name 1,Name 2", 4096)
    }

    fn load(&self, files: &[PathBuf]) -> Result<LoadedList, ListError> {
        ensure_recognised(self, files)?;
        let mut loaded = LoadedList::new(LIST, files);
        for path in files {
            load_file(&mut loaded, path)?;
        }
        Ok(loaded)
    }
}

fn load_file(loaded: &mut LoadedList, path: &Path) -> Result<(), ListError> {
    let table = Table::parse(&read_text(path)?, b',', "name 6")
        .ok_or_else(|| ListError::malformed(path, 1, "no header row starting with \"Name 6\""))?;
    let mut entities: Vec<(Entity, u64)> = Vec::new();
    let mut by_group: HashMap<String, usize> = HashMap::new();
    for (line, fields) in table.checked_rows(path, loaded) {
        let get = |column: &str| table.get(fields, column);
        let Some(group) = get("group id") else {
            loaded.reject(path, Some(line), None, "row has no group id");
            continue;
        };
        let name_parts: Vec<&str> = ["name 1", "name 2", "name 3", "name 4", "name 5", "name 6"]
            .iter()
            .filter_map(|c| get(c))
            .collect();
        if name_parts.is_empty() {
            loaded.reject(path, Some(line), Some(group), "record has no name");
            continue;
        }
        let idx = *by_group.entry(group.to_string()).or_insert_with(|| {
            let schema = match get("group type").map(str::to_ascii_lowercase).as_deref() {
                Some("individual") => Schema::Person,
                Some("ship") => Schema::Vessel,
                _ => Schema::Organization,
            };
            let source = format!("{LIST} group {group} at {}", at(path, line));
            entities.push((
                Entity::new(format!("{LIST}-{group}"), schema, LIST, source),
                line,
            ));
            entities.len() - 1
        });
        let entity = &mut entities[idx].0;
        let kind = match (
            get("alias type").map(str::to_ascii_lowercase).as_deref(),
            get("alias quality").map(str::to_ascii_lowercase),
        ) {
            (Some("prime alias" | "primary name"), _) => NameKind::Primary,
            (_, Some(quality)) if quality.contains("low") => NameKind::WeakAlias,
            (Some(kind), _) if kind.contains("fka") || kind.contains("former") => NameKind::Former,
            _ => NameKind::Alias,
        };
        entity.add_name(&name_parts.join(" "), kind);
        if let Some(original) = get("name non-latin script") {
            entity.add_name(original, NameKind::OriginalScript);
        }
        if let Some(dob) = get("dob") {
            match crate::dates::parse_date(dob) {
                Some(iso) => entity.add_birth_date(&iso),
                None => loaded.reject(
                    path,
                    Some(line),
                    Some(group),
                    format!("unparseable dob {dob:?} (row kept without it)"),
                ),
            }
        }
        for column in ["nationality", "country"] {
            if let Some(country) = get(column) {
                entity.add_country_text(country);
            }
        }
        for (column, kind) in [
            ("passport number", IdentifierKind::Passport),
            ("national identification number", IdentifierKind::NationalId),
        ] {
            if let Some(number) = get(column)
                && let Some(id) = crate::identifiers::identifier(kind, number, None)
            {
                entity.add_identifier(id);
            }
        }
        let address_columns = [
            "address 1",
            "address 2",
            "address 3",
            "address 4",
            "address 5",
            "address 6",
            "post/zip code",
            "country",
        ];
        entity.add_address(&join_parts(address_columns.iter().filter_map(|c| get(c))));
        if let Some(regime) = get("regime") {
            entity.add_program(regime);
        }
        if entity.listed_on.is_none() {
            entity.listed_on = get("listed on").and_then(crate::dates::parse_date);
        }
        for column in ["title", "position", "other information"] {
            if let Some(text) = get(column) {
                entity.add_remark(text);
            }
        }
    }
    for (mut entity, line) in entities {
        // A group seen only through AKA rows still needs a primary name.
        if entity.primary_name().is_none()
            && let Some(first) = entity.names.first().map(|n| n.value.clone())
        {
            entity.add_name(&first, NameKind::Primary);
        }
        loaded.push_entity(entity, path, Some(line));
    }
    Ok(())
}
