//! US Consolidated Screening List (trade.gov) as `consolidated.csv` or its
//! JSON (`{"results": [...]}` or a bare array). Columns: `_id, source,
//! entity_number, type, programs, name, title, addresses, ..., alt_names,
//! citizenships, dates_of_birth, nationalities, places_of_birth, ..., ids`;
//! multi-valued CSV cells are separated by `; `. In the JSON the same fields
//! may be arrays, with addresses and ids as objects.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::ListError;
use crate::Schema;
use crate::load::{ListLoader, LoadedList, ensure_recognised, head_contains};
use crate::model::{Entity, IdentifierKind, NameKind};
use crate::tabular::Table;
use crate::text::{at, read_text};

/// Loader of the CSL.
pub(crate) struct CslLoader;

const LIST: &str = "us-csl";

impl ListLoader for CslLoader {
    fn id(&self) -> &'static str {
        LIST
    }

    fn recognises(&self, files: &[PathBuf]) -> Vec<PathBuf> {
        files
            .iter()
            .filter(|f| {
                let name = crate::text::file_name(f);
                (name.ends_with(".csv") && head_contains(f, "_id,source,entity_number", 512))
                    || (name.ends_with(".json") && head_contains(f, "\"entity_number\"", 8192))
            })
            .cloned()
            .collect()
    }

    fn load(&self, files: &[PathBuf]) -> Result<LoadedList, ListError> {
        ensure_recognised(self, files)?;
        let mut loaded = LoadedList::new(LIST, files);
        for path in files {
            if crate::text::file_name(path).ends_with(".json") {
                load_json(&mut loaded, path)?;
            } else {
                load_csv(&mut loaded, path)?;
            }
        }
        Ok(loaded)
    }
}

/// One CSL record, field by field, whatever the file format.
#[derive(Default)]
struct Record {
    id: Option<String>,
    source: Option<String>,
    kind: Option<String>,
    name: Option<String>,
    title: Option<String>,
    programs: Vec<String>,
    alt_names: Vec<String>,
    addresses: Vec<(String, Option<String>)>,
    countries: Vec<String>,
    dates_of_birth: Vec<String>,
    ids: Vec<(String, String, Option<String>)>,
    start_date: Option<String>,
    remarks: Vec<String>,
}

fn split_multi(text: Option<&str>) -> Vec<String> {
    text.map(|t| {
        t.split("; ")
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

fn load_csv(loaded: &mut LoadedList, path: &Path) -> Result<(), ListError> {
    let table = Table::parse(&read_text(path)?, b',', "_id")
        .ok_or_else(|| ListError::malformed(path, 1, "no csl header"))?;
    for (line, fields) in table.checked_rows(path, loaded) {
        let get = |column: &str| table.get(fields, column);
        let mut record = Record {
            id: get("_id").or(get("entity_number")).map(str::to_string),
            source: get("source").map(str::to_string),
            kind: get("type").map(str::to_string),
            name: get("name").map(str::to_string),
            title: get("title").map(str::to_string),
            programs: split_multi(get("programs")),
            alt_names: split_multi(get("alt_names")),
            start_date: get("start_date").map(str::to_string),
            ..Record::default()
        };
        for address in split_multi(get("addresses")) {
            // "street, city, state, postal code, country code": the country comes last.
            let country = address.rsplit(", ").next().map(str::to_string);
            record.addresses.push((address, country));
        }
        record.countries = split_multi(get("citizenships"))
            .into_iter()
            .chain(split_multi(get("nationalities")))
            .collect();
        record.dates_of_birth = split_multi(get("dates_of_birth"));
        for id in split_multi(get("ids")) {
            // "type, number, country" (country optional).
            let parts: Vec<&str> = id.split(", ").collect();
            match parts.as_slice() {
                [kind, number] => record
                    .ids
                    .push((kind.to_string(), number.to_string(), None)),
                [kind, number @ .., country] if !number.is_empty() => record.ids.push((
                    kind.to_string(),
                    number.join(", "),
                    Some(country.to_string()),
                )),
                _ => {}
            }
        }
        for column in [
            "remarks",
            "federal_register_notice",
            "license_requirement",
            "license_policy",
            "places_of_birth",
        ] {
            if let Some(text) = get(column) {
                record.remarks.push(format!("{column}: {text}"));
            }
        }
        push_record(loaded, path, line, record);
    }
    Ok(())
}

fn load_json(loaded: &mut LoadedList, path: &Path) -> Result<(), ListError> {
    let text = read_text(path)?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| ListError::malformed(path, e.line() as u64, format!("invalid json: {e}")))?;
    let results = match &value {
        Value::Array(items) => items.as_slice(),
        Value::Object(object) => object
            .get("results")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default(),
        _ => &[],
    };
    let string = |v: &Value| -> Option<String> {
        v.as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let many = |v: Option<&Value>| -> Vec<String> {
        match v {
            Some(Value::Array(items)) => items.iter().filter_map(string).collect(),
            Some(Value::String(s)) => split_multi(Some(s)),
            _ => Vec::new(),
        }
    };
    for (idx, item) in results.iter().enumerate() {
        // JSON has no useful line numbers per record: report the record position.
        let position = idx as u64 + 1;
        let Value::Object(object) = item else {
            loaded.reject(
                path,
                None,
                Some(&format!("#{position}")),
                "result is not an object",
            );
            continue;
        };
        let field = |name: &str| object.get(name).and_then(string);
        let mut record = Record {
            id: field("_id")
                .or_else(|| field("id"))
                .or_else(|| field("entity_number")),
            source: field("source"),
            kind: field("type"),
            name: field("name"),
            title: field("title"),
            programs: many(object.get("programs")),
            alt_names: many(object.get("alt_names")),
            countries: many(object.get("citizenships"))
                .into_iter()
                .chain(many(object.get("nationalities")))
                .collect(),
            dates_of_birth: many(object.get("dates_of_birth")),
            start_date: field("start_date"),
            ..Record::default()
        };
        if let Some(Value::Array(addresses)) = object.get("addresses") {
            for address in addresses {
                let part = |name: &str| address.get(name).and_then(string);
                let country = part("country");
                let text = crate::text::join_parts(
                    [
                        part("address"),
                        part("city"),
                        part("state"),
                        part("postal_code"),
                        country.clone(),
                    ]
                    .iter()
                    .flatten()
                    .map(String::as_str),
                );
                record.addresses.push((text, country));
            }
        }
        if let Some(Value::Array(ids)) = object.get("ids") {
            for id in ids {
                let part = |name: &str| id.get(name).and_then(string);
                if let (Some(kind), Some(number)) = (part("type"), part("number")) {
                    record.ids.push((kind, number, part("country")));
                }
            }
        }
        if let Some(remarks) = field("remarks") {
            record.remarks.push(remarks);
        }
        push_record(loaded, path, 0, record);
    }
    Ok(())
}

fn push_record(loaded: &mut LoadedList, path: &Path, line: u64, record: Record) {
    let line_opt = (line > 0).then_some(line);
    let Some(id) = record.id else {
        loaded.reject(path, line_opt, None, "record has no _id");
        return;
    };
    let schema = match record
        .kind
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("individual") => Schema::Person,
        Some("vessel") => Schema::Vessel,
        Some("aircraft") => Schema::Aircraft,
        _ => Schema::Organization,
    };
    let mut entity = Entity::new(
        format!("{LIST}-{id}"),
        schema,
        LIST,
        format!("{LIST} _id {id} at {}", at(path, line)),
    );
    entity.add_name(record.name.as_deref().unwrap_or(""), NameKind::Primary);
    for alias in &record.alt_names {
        entity.add_name(alias, NameKind::Alias);
    }
    // The source is the sub-list ("Entity List (EL) - Bureau of Industry and Security").
    if let Some(source) = &record.source {
        entity.add_program(source);
    }
    for program in &record.programs {
        entity.add_program(program);
    }
    for (address, country) in &record.addresses {
        entity.add_address(address);
        if let Some(country) = country {
            entity.add_country_text(country);
        }
    }
    for country in &record.countries {
        entity.add_country_text(country);
    }
    for date in &record.dates_of_birth {
        match crate::dates::parse_date(date) {
            Some(iso) => entity.add_birth_date(&iso),
            None => loaded.reject(
                path,
                line_opt,
                Some(&id),
                format!("unparseable date of birth {date:?} (record kept without it)"),
            ),
        }
    }
    for (kind, number, country) in &record.ids {
        let kind = if kind.trim().is_empty() {
            IdentifierKind::Other("ID".into())
        } else {
            crate::identifiers::kind_for_document_type(kind)
        };
        if let Some(identifier) = crate::identifiers::identifier(kind, number, country.as_deref()) {
            entity.add_identifier(identifier);
        }
    }
    entity.listed_on = record
        .start_date
        .as_deref()
        .and_then(crate::dates::parse_date);
    if let Some(title) = &record.title {
        entity.add_remark(&format!("Title: {title}"));
    }
    for remark in &record.remarks {
        entity.add_remark(remark);
    }
    loaded.push_entity(entity, path, line_opt);
}
