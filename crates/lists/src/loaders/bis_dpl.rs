//! BIS Denied Persons List, `dpl.txt`: tab-separated, quoted, with a header
//! `Name, Street_Address, City, State, Country, Postal_Code, Effective_Date,
//! Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation`.
//!
//! The file has no record ids and repeats a party once per address, so rows
//! with the same name (compared by letters and digits only) and effective
//! date are merged; the id is built from both, which keeps it stable across
//! downloads. A differently punctuated spelling becomes an alias.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::ListError;
use crate::Schema;
use crate::load::{ListLoader, LoadedList, ensure_recognised, head_contains};
use crate::model::{Entity, NameKind};
use crate::tabular::Table;
use crate::text::{at, collapse_whitespace, join_parts, read_text};

/// Loader of the BIS DPL.
pub(crate) struct BisDplLoader;

const LIST: &str = "bis-dpl";

impl ListLoader for BisDplLoader {
    fn id(&self) -> &'static str {
        LIST
    }

    fn recognises(&self, files: &[PathBuf]) -> Vec<PathBuf> {
        files
            .iter()
            .filter(|f| head_contains(f, "\"Name\"\t\"Street_Address\"", 512))
            .cloned()
            .collect()
    }

    fn load(&self, files: &[PathBuf]) -> Result<LoadedList, ListError> {
        ensure_recognised(self, files)?;
        let mut loaded = LoadedList::new(LIST, files);
        for path in files {
            let table = Table::parse(&read_text(path)?, b'\t', "name")
                .ok_or_else(|| ListError::malformed(path, 1, "no dpl header"))?;
            let mut entities: Vec<(Entity, u64)> = Vec::new();
            let mut by_key: HashMap<String, usize> = HashMap::new();
            for (line, fields) in table.checked_rows(path, &mut loaded) {
                let get = |column: &str| table.get(fields, column);
                let Some(name) = get("name").map(collapse_whitespace) else {
                    loaded.reject(path, Some(line), None, "record has no name");
                    continue;
                };
                let effective_raw = get("effective_date").unwrap_or("");
                let effective = crate::dates::parse_us_date(effective_raw);
                if effective.is_none() && !effective_raw.is_empty() {
                    loaded.reject(
                        path,
                        Some(line),
                        Some(&name),
                        format!("unparseable effective_date {effective_raw:?}"),
                    );
                    continue;
                }
                let key = format!(
                    "{}-{}",
                    slug(&name),
                    effective.as_deref().unwrap_or("undated")
                );
                let idx = *by_key.entry(key.clone()).or_insert_with(|| {
                    let source = format!("{LIST} {name:?} at {}", at(path, line));
                    let mut entity =
                        Entity::new(format!("{LIST}-{key}"), Schema::LegalEntity, LIST, source);
                    entity.add_name(&name, NameKind::Primary);
                    entity.add_program("BIS-DPL");
                    entity.listed_on = effective.clone();
                    entities.push((entity, line));
                    entities.len() - 1
                });
                let entity = &mut entities[idx].0;
                // Rows of one party may spell the name differently ("AL-NASER" / "AL NASER").
                if entity.primary_name() != Some(name.as_str()) {
                    entity.add_name(&name, NameKind::Alias);
                }
                let address = ["street_address", "city", "state", "postal_code", "country"];
                entity.add_address(&join_parts(address.iter().filter_map(|c| get(c))));
                if let Some(country) = get("country") {
                    entity.add_country_text(country);
                }
                let details: Vec<String> = [
                    ("Expiration", "expiration_date"),
                    ("Standard order", "standard_order"),
                    ("Action", "action"),
                    ("FR", "fr_citation"),
                ]
                .iter()
                .filter_map(|(label, column)| get(column).map(|v| format!("{label}: {v}")))
                .collect();
                entity.add_remark(&details.join("; "));
            }
            for (entity, line) in entities {
                loaded.push_entity(entity, path, Some(line));
            }
        }
        Ok(loaded)
    }
}

/// Lowercase letters and digits joined by single hyphens.
fn slug(text: &str) -> String {
    crate::loaders::name_key(text)
        .to_lowercase()
        .replace(' ', "-")
}
