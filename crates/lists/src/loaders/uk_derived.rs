//! UK Sanctions List in the normalised five-file layout of
//! github.com/covyr/uk-sanctions-list: `subjects.csv` plus `subject_names`,
//! `subject_identifiers`, `subject_dobs` and `subject_countries`, joined by
//! `unique_id` (regime prefix + number, e.g. `RUS2137`).
//!
//! That transformation copies identifiers and countries once per name row,
//! so duplicates are expected and merged. Names of type `primary_variation`
//! are aliases; `alias_strength` `low_quality_aka` makes a weak alias.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::ListError;
use crate::Schema;
use crate::load::{ListLoader, LoadedList, ensure_recognised, named};
use crate::model::{Entity, IdentifierKind, NameKind};
use crate::tabular::Table;
use crate::text::{at, read_text};

/// Loader of the derived UK Sanctions List files.
pub(crate) struct UkDerivedLoader;

const LIST: &str = "uk-sanctions-list";
const SUBJECTS: &str = "subjects.csv";
const NAMES: &str = "subject_names.csv";
const IDENTIFIERS: &str = "subject_identifiers.csv";
const DOBS: &str = "subject_dobs.csv";
const COUNTRIES: &str = "subject_countries.csv";

impl ListLoader for UkDerivedLoader {
    fn id(&self) -> &'static str {
        LIST
    }

    fn recognises(&self, files: &[PathBuf]) -> Vec<PathBuf> {
        files
            .iter()
            .filter(|f| named(f, &[SUBJECTS, NAMES, IDENTIFIERS, DOBS, COUNTRIES]))
            .cloned()
            .collect()
    }

    fn load(&self, files: &[PathBuf]) -> Result<LoadedList, ListError> {
        ensure_recognised(self, files)?;
        let file = |name: &str| files.iter().find(|f| named(f, &[name]));
        let subjects_path = file(SUBJECTS).ok_or(ListError::MissingFile {
            loader: LIST,
            missing: SUBJECTS,
        })?;
        let mut loaded = LoadedList::new(LIST, files);
        let mut entities: Vec<(Entity, u64)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let subjects = read_table(subjects_path, "unique_id")?;
        for_each_row(
            &mut loaded,
            subjects_path,
            &subjects,
            |loaded, line, fields| {
                let Some(unique_id) = subjects.get(fields, "unique_id") else {
                    loaded.reject(subjects_path, Some(line), None, "subject has no unique_id");
                    return;
                };
                let schema = match subjects
                    .get(fields, "subject_type")
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    Some("individual") => Schema::Person,
                    Some("ship") => Schema::Vessel,
                    Some("entity") => Schema::Organization,
                    other => {
                        loaded.reject(
                            subjects_path,
                            Some(line),
                            Some(unique_id),
                            format!("unknown subject_type {other:?}"),
                        );
                        return;
                    }
                };
                let source = format!(
                    "{LIST} unique_id {unique_id} at {}",
                    at(subjects_path, line)
                );
                let mut entity = Entity::new(format!("uk-{unique_id}"), schema, LIST, source);
                // The regime is the letter prefix of the id (RUS, DPR, IRN...).
                entity.add_program(&format!(
                    "UK-{}",
                    unique_id.trim_end_matches(|c: char| c.is_ascii_digit())
                ));
                if let Some(date) = subjects.get(fields, "date_designated") {
                    match crate::dates::parse_date(date) {
                        Some(iso) => entity.listed_on = Some(iso),
                        None => loaded.reject(
                            subjects_path,
                            Some(line),
                            Some(unique_id),
                            format!(
                                "unparseable date_designated {date:?} (subject kept without it)"
                            ),
                        ),
                    }
                }
                if let Some(un) = subjects.get(fields, "un_reference_number") {
                    entity.add_remark(&format!("UN reference {un}"));
                }
                if let Some(group) = subjects.get(fields, "ofsi_group_id") {
                    entity.add_remark(&format!("OFSI group ID {group}"));
                }
                index.insert(unique_id.to_string(), entities.len());
                entities.push((entity, line));
            },
        );
        let mut attach = |name: &str, first: &str, apply: &ApplyRow| -> Result<(), ListError> {
            let Some(path) = file(name) else {
                return Ok(());
            };
            let table = read_table(path, first)?;
            for_each_row(&mut loaded, path, &table, |loaded, line, fields| {
                let unique_id = table.get(fields, "unique_id").unwrap_or_default();
                let Some(&idx) = index.get(unique_id) else {
                    loaded.reject(
                        path,
                        Some(line),
                        Some(unique_id),
                        format!("no subject with unique_id {unique_id:?}"),
                    );
                    return;
                };
                if let Err(reason) = apply(&table, fields, &mut entities[idx].0) {
                    loaded.reject(path, Some(line), Some(unique_id), reason);
                }
            });
            Ok(())
        };
        attach(NAMES, "name_id", &apply_name)?;
        attach(IDENTIFIERS, "id", &apply_identifier)?;
        attach(DOBS, "dob_id", &apply_dob)?;
        attach(COUNTRIES, "id", &apply_country)?;
        for (entity, line) in entities {
            loaded.push_entity(entity, subjects_path, Some(line));
        }
        Ok(loaded)
    }
}

/// Applies one row of a per-subject file to its subject; `Err` is a reject reason.
type ApplyRow = dyn Fn(&Table, &[String], &mut Entity) -> Result<(), String>;

fn read_table(path: &Path, first_column: &str) -> Result<Table, ListError> {
    Table::parse(&read_text(path)?, b',', first_column).ok_or_else(|| {
        ListError::malformed(
            path,
            1,
            format!("no header row starting with {first_column:?}"),
        )
    })
}

/// Calls `apply` on each row with the header's column count; rejects the others.
fn for_each_row(
    loaded: &mut LoadedList,
    path: &Path,
    table: &Table,
    mut apply: impl FnMut(&mut LoadedList, u64, &[String]),
) {
    for row in &table.rows {
        match &row.fields {
            Err(reason) => loaded.reject(
                path,
                Some(row.line),
                None,
                format!("unreadable csv row: {reason}"),
            ),
            Ok(fields) if fields.len() != table.width() => {
                let reason = format!("expected {} columns, found {}", table.width(), fields.len());
                loaded.reject(
                    path,
                    Some(row.line),
                    fields.get(1).map(String::as_str),
                    reason,
                );
            }
            Ok(fields) => apply(loaded, row.line, fields),
        }
    }
}

fn apply_name(table: &Table, fields: &[String], entity: &mut Entity) -> Result<(), String> {
    let name = table
        .get(fields, "full_name")
        .or_else(|| table.get(fields, "name_6"))
        .ok_or("name row has no name")?;
    let kind = match (
        table.get(fields, "name_type"),
        table.get(fields, "alias_strength"),
    ) {
        (Some("primary"), _) => NameKind::Primary,
        (_, Some("low_quality_aka")) => NameKind::WeakAlias,
        _ => NameKind::Alias,
    };
    entity.add_name(name, kind);
    Ok(())
}

fn apply_identifier(table: &Table, fields: &[String], entity: &mut Entity) -> Result<(), String> {
    let raw = table
        .get(fields, "raw_value")
        .ok_or("identifier row has no value")?;
    let info = table.get(fields, "additional_info").unwrap_or("");
    // Passport and national id details start with the issuing country: "Malaysia. Issued on ...".
    let country = info
        .split(['.', ',', ';', '('])
        .next()
        .filter(|c| crate::countries::resolve(c).is_some());
    match table.get(fields, "identifier_type") {
        Some("business_registration_numbers") => {
            for identifier in
                crate::identifiers::from_labelled_text(raw, IdentifierKind::Registration, None)
            {
                entity.add_identifier(identifier);
            }
        }
        Some(kind) => {
            let (kind, raw) = match kind {
                "passport" => (IdentifierKind::Passport, raw),
                "national" => (IdentifierKind::NationalId, raw),
                "imo" => (IdentifierKind::Imo, raw.trim_start_matches("IMO")),
                other => (IdentifierKind::Other(other.to_uppercase()), raw),
            };
            if let Some(identifier) = crate::identifiers::identifier(kind, raw, country) {
                entity.add_identifier(identifier);
            }
        }
        None => return Err("identifier row has no identifier_type".into()),
    }
    Ok(())
}

fn apply_dob(table: &Table, fields: &[String], entity: &mut Entity) -> Result<(), String> {
    let text = match (
        table.get(fields, "year"),
        table.get(fields, "month"),
        table.get(fields, "day"),
    ) {
        (Some(y), Some(m), Some(d)) => format!("{y}-{m}-{d}"),
        (Some(y), Some(m), None) => format!("{y}-{m}"),
        (Some(y), _, _) => y.to_string(),
        _ => return Err("date of birth has no year".into()),
    };
    let iso = crate::dates::parse_date(&text)
        .ok_or_else(|| format!("unparseable date of birth {text:?}"))?;
    entity.add_birth_date(&iso);
    Ok(())
}

fn apply_country(table: &Table, fields: &[String], entity: &mut Entity) -> Result<(), String> {
    let available = table
        .get(fields, "iso_available")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    match table.get(fields, "iso") {
        Some(iso) if available => {
            entity.add_country(&iso.to_ascii_uppercase());
            Ok(())
        }
        // Unmapped text ("Occupied Palestinian Territories"...) stays a remark.
        _ => {
            if let Some(raw) = table.get(fields, "raw_value")
                && !entity.add_country_text(raw)
            {
                entity.add_remark(&format!("country: {raw}"));
            }
            Ok(())
        }
    }
}
