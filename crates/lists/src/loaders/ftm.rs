//! FollowTheMoney entity streams: one JSON object per line
//! (`*.ftm.json`, `*.ijson`, `*.jsonl`) and the delta format
//! (`*.delta.json`, lines `{"op":"ADD"|"MOD"|"DEL","entity":{...}}`).
//!
//! Files are grouped by dataset, the file-name part before `__`
//! (`zala__entities.ftm.json` → `zala`), and a group's files are applied in
//! name order, which for yente's delta files is version order. A MOD replaces
//! the whole entity, as yente writes full entities in deltas.
//!
//! Party schemas become entities. Ownership, Directorship, Family, Associate,
//! UnknownLink, Membership and Employment become relations; Sanction
//! entities add programmes and listing dates to their party; Passport and
//! Identification entities add identifiers to their holder; Address entities
//! are resolved into the addresses of parties that reference them. Other
//! schemas (Payment...) are skipped, not rejected.
//!
//! Ownership `percentage` is read as a percentage, as the FtM model defines
//! it: "50", "50%" and "50,0" give a share of 0.5, and "0.5" gives 0.005.
//! Values outside 0..=100 leave the share empty.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::ListError;
use crate::Schema;
use crate::load::{ListLoader, LoadedList, ensure_recognised};
use crate::model::{Entity, IdentifierKind, NameKind, Relation, RelationKind};
use crate::text::{at, file_name, read_text};

/// Loader of FtM entity and delta files.
pub(crate) struct FtmLoader;

impl ListLoader for FtmLoader {
    fn id(&self) -> &'static str {
        "ftm"
    }

    fn recognises(&self, files: &[PathBuf]) -> Vec<PathBuf> {
        files.iter().filter(|f| is_ftm(f)).cloned().collect()
    }

    fn load(&self, files: &[PathBuf]) -> Result<LoadedList, ListError> {
        ensure_recognised(self, files)?;
        let mut files = files.to_vec();
        files.sort();
        let dataset = files.first().map(|f| dataset_of(f)).unwrap_or_default();
        let mut loaded = LoadedList::new(dataset, &files);
        let mut state = State::default();
        for path in &files {
            let text = read_text(path)?;
            for (idx, line) in text.lines().enumerate() {
                let line_no = idx as u64 + 1;
                if line.trim().is_empty() {
                    continue;
                }
                state.apply_line(&mut loaded, path, line_no, line);
            }
        }
        state.finish(&mut loaded);
        Ok(loaded)
    }

    fn group(&self, files: Vec<PathBuf>) -> Vec<Vec<PathBuf>> {
        let mut groups: Vec<(String, Vec<PathBuf>)> = Vec::new();
        for file in files {
            let dataset = dataset_of(&file);
            match groups.iter_mut().find(|(d, _)| *d == dataset) {
                Some((_, group)) => group.push(file),
                None => groups.push((dataset, vec![file])),
            }
        }
        groups.into_iter().map(|(_, group)| group).collect()
    }
}

fn is_ftm(path: &Path) -> bool {
    let name = file_name(path);
    if name.ends_with(".ftm.json") || name.ends_with(".ijson") || name.ends_with(".delta.json") {
        return true;
    }
    if !(name.ends_with(".json") || name.ends_with(".jsonl")) {
        return false;
    }
    let Some(head) = crate::text::read_head(path, 64 * 1024) else {
        return false;
    };
    let first = head.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    match serde_json::from_str::<Value>(first) {
        Ok(Value::Object(object)) => {
            (object.contains_key("schema") && object.contains_key("properties"))
                || (object.contains_key("op") && object.contains_key("entity"))
        }
        _ => false,
    }
}

/// `zala__entities.ftm.json` → `zala`; `donations.ijson` → `donations`.
fn dataset_of(path: &Path) -> String {
    let name = file_name(path);
    match name.split_once("__") {
        Some((dataset, _)) => dataset.to_string(),
        None => name.split('.').next().unwrap_or(&name).to_string(),
    }
}

/// One FtM entity as read, with where it came from.
struct Raw {
    id: String,
    schema: String,
    properties: Map<String, Value>,
    caption: Option<String>,
    file: PathBuf,
    line: u64,
}

impl Raw {
    fn values(&self, property: &str) -> Vec<&str> {
        match self.properties.get(property) {
            Some(Value::Array(values)) => values
                .iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .collect(),
            Some(Value::String(value)) if !value.trim().is_empty() => vec![value.trim()],
            _ => Vec::new(),
        }
    }

    fn first(&self, property: &str) -> Option<&str> {
        self.values(property).into_iter().next()
    }

    fn source(&self) -> String {
        format!(
            "{} ({}) at {}",
            self.id,
            self.schema,
            at(&self.file, self.line)
        )
    }
}

#[derive(Default)]
struct State {
    order: Vec<String>,
    entities: HashMap<String, Raw>,
}

impl State {
    fn apply_line(&mut self, loaded: &mut LoadedList, path: &Path, line: u64, text: &str) {
        let value: Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(error) => {
                return loaded.reject(path, Some(line), None, format!("invalid json: {error}"));
            }
        };
        let Value::Object(mut object) = value else {
            return loaded.reject(path, Some(line), None, "line is not a json object");
        };
        let op = object
            .get("op")
            .and_then(Value::as_str)
            .map(str::to_ascii_uppercase);
        let entity = match (&op, object.remove("entity")) {
            (Some(_), Some(Value::Object(entity))) => entity,
            (Some(_), _) => {
                return loaded.reject(path, Some(line), None, "delta line has no entity object");
            }
            (None, _) => object,
        };
        let id = entity.get("id").and_then(Value::as_str).map(str::to_string);
        let Some(id) = id.filter(|id| !id.is_empty()) else {
            return loaded.reject(path, Some(line), None, "entity has no id");
        };
        match op.as_deref() {
            Some("DEL") => {
                if self.entities.remove(&id).is_none() {
                    loaded.reject(
                        path,
                        Some(line),
                        Some(&id),
                        "delete of an entity that is not loaded",
                    );
                }
                return;
            }
            None | Some("ADD" | "MOD") => {}
            Some(other) => {
                return loaded.reject(
                    path,
                    Some(line),
                    Some(&id),
                    format!("unknown delta op {other:?}"),
                );
            }
        }
        let Some(schema) = entity
            .get("schema")
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            return loaded.reject(path, Some(line), Some(&id), "entity has no schema");
        };
        let properties = match entity.get("properties") {
            Some(Value::Object(properties)) => properties.clone(),
            None => Map::new(),
            Some(_) => {
                return loaded.reject(path, Some(line), Some(&id), "properties is not an object");
            }
        };
        let caption = entity
            .get("caption")
            .and_then(Value::as_str)
            .map(str::to_string);
        if !self.entities.contains_key(&id) {
            self.order.push(id.clone());
        }
        self.entities.insert(
            id.clone(),
            Raw {
                id,
                schema,
                properties,
                caption,
                file: path.to_path_buf(),
                line,
            },
        );
    }

    fn finish(self, loaded: &mut LoadedList) {
        let raws: Vec<&Raw> = self
            .order
            .iter()
            .filter_map(|id| self.entities.get(id))
            .collect();
        let mut parties: Vec<Entity> = Vec::new();
        let mut party_index: HashMap<&str, usize> = HashMap::new();
        let mut party_lines: Vec<(PathBuf, u64)> = Vec::new();
        for raw in &raws {
            if let Some(schema) = Schema::from_ftm_name(&raw.schema) {
                party_index.insert(&raw.id, parties.len());
                parties.push(party(raw, schema, &loaded.list));
                party_lines.push((raw.file.clone(), raw.line));
            }
        }
        for raw in &raws {
            match raw.schema.as_str() {
                "Sanction" => {
                    for target in raw.values("entity") {
                        let Some(&idx) = party_index.get(target) else {
                            continue;
                        };
                        let entity = &mut parties[idx];
                        for program in raw
                            .values("program")
                            .into_iter()
                            .chain(raw.values("programId"))
                        {
                            entity.add_program(program);
                        }
                        let date = raw
                            .first("listingDate")
                            .or(raw.first("startDate"))
                            .and_then(crate::dates::parse_date);
                        if entity.listed_on.is_none() {
                            entity.listed_on = date;
                        }
                    }
                }
                "Passport" | "Identification" => {
                    let kind = if raw.schema == "Passport" {
                        IdentifierKind::Passport
                    } else {
                        IdentifierKind::NationalId
                    };
                    for holder in raw.values("holder") {
                        let Some(&idx) = party_index.get(holder) else {
                            continue;
                        };
                        for number in raw
                            .values("number")
                            .into_iter()
                            .chain(raw.values("passportNumber"))
                        {
                            if let Some(id) = crate::identifiers::identifier(
                                kind.clone(),
                                number,
                                raw.first("country"),
                            ) {
                                parties[idx].add_identifier(id);
                            }
                        }
                    }
                }
                "Address" => {}
                schema => {
                    if let Some((kind, from, to)) = relation_schema(schema) {
                        match relation(raw, kind, from, to) {
                            Ok(relation) => loaded.relations.push(relation),
                            Err(reason) => {
                                loaded.reject(&raw.file, Some(raw.line), Some(&raw.id), reason)
                            }
                        }
                    }
                }
            }
        }
        // Parties reference Address entities by id: fold their text in.
        let addresses: HashMap<&str, &Raw> = raws
            .iter()
            .filter(|r| r.schema == "Address")
            .map(|r| (r.id.as_str(), *r))
            .collect();
        for (entity, raw) in parties.iter_mut().zip(
            raws.iter()
                .filter(|r| Schema::from_ftm_name(&r.schema).is_some()),
        ) {
            for reference in raw.values("addressEntity") {
                if let Some(address) = addresses.get(reference) {
                    let text = address
                        .first("full")
                        .map(str::to_string)
                        .unwrap_or_else(|| {
                            crate::text::join_parts(
                                ["street", "postalCode", "city", "region", "country"]
                                    .iter()
                                    .filter_map(|p| address.first(p)),
                            )
                        });
                    entity.add_address(&text);
                    for country in address.values("country") {
                        entity.add_country_text(country);
                    }
                }
            }
        }
        for (entity, (file, line)) in parties.into_iter().zip(party_lines) {
            loaded.push_entity(entity, &file, Some(line));
        }
    }
}

/// Relation kind and the `from`/`to` property names of link schemas.
fn relation_schema(schema: &str) -> Option<(RelationKind, &'static str, &'static str)> {
    Some(match schema {
        "Ownership" => (RelationKind::Ownership, "owner", "asset"),
        "Directorship" => (RelationKind::Directorship, "director", "organization"),
        "Family" => (RelationKind::Family, "person", "relative"),
        "Associate" => (RelationKind::Associate, "person", "associate"),
        "UnknownLink" => (RelationKind::LinkedTo, "subject", "object"),
        "Membership" => (RelationKind::LinkedTo, "member", "organization"),
        "Employment" => (RelationKind::LinkedTo, "employee", "employer"),
        _ => return None,
    })
}

fn relation(raw: &Raw, kind: RelationKind, from: &str, to: &str) -> Result<Relation, String> {
    let from_id = raw
        .first(from)
        .ok_or_else(|| format!("{} has no {from}", raw.schema))?;
    let to_id = raw
        .first(to)
        .ok_or_else(|| format!("{} has no {to}", raw.schema))?;
    let share = if kind == RelationKind::Ownership {
        raw.first("percentage").and_then(parse_share)
    } else {
        None
    };
    Ok(Relation {
        kind,
        from: from_id.to_string(),
        to: to_id.to_string(),
        share,
        source: raw.source(),
    })
}

/// A percentage as FtM writes it ("50", "50%", "50,5") → share in 0..=1.
pub(crate) fn parse_share(text: &str) -> Option<f64> {
    let cleaned = text.trim().trim_end_matches('%').trim().replace(',', ".");
    let percent: f64 = cleaned.parse().ok()?;
    (percent.is_finite() && (0.0..=100.0).contains(&percent)).then(|| percent / 100.0)
}

const NAME_PROPERTIES: [(&str, NameKind); 4] = [
    ("name", NameKind::Primary),
    ("alias", NameKind::Alias),
    ("weakAlias", NameKind::WeakAlias),
    ("previousName", NameKind::Former),
];

const COUNTRY_PROPERTIES: [&str; 6] = [
    "country",
    "jurisdiction",
    "nationality",
    "citizenship",
    "mainCountry",
    "flag",
];

fn identifier_properties() -> [(&'static str, IdentifierKind); 17] {
    [
        ("innCode", IdentifierKind::Inn),
        ("ogrnCode", IdentifierKind::Ogrn),
        ("uscCode", IdentifierKind::Uscc),
        ("leiCode", IdentifierKind::Lei),
        ("imoNumber", IdentifierKind::Imo),
        ("registrationNumber", IdentifierKind::Registration),
        ("taxNumber", IdentifierKind::Tax),
        ("vatCode", IdentifierKind::Tax),
        ("swiftBic", IdentifierKind::Swift),
        ("isinCode", IdentifierKind::Isin),
        ("isin", IdentifierKind::Isin),
        ("passportNumber", IdentifierKind::Passport),
        ("idNumber", IdentifierKind::NationalId),
        ("kppCode", IdentifierKind::Other("KPP".into())),
        ("okpoCode", IdentifierKind::Other("OKPO".into())),
        ("dunsCode", IdentifierKind::Other("DUNS".into())),
        ("mmsi", IdentifierKind::Other("MMSI".into())),
    ]
}

fn party(raw: &Raw, schema: Schema, list: &str) -> Entity {
    let mut entity = Entity::new(raw.id.clone(), schema, list, raw.source());
    for (property, kind) in NAME_PROPERTIES {
        for value in raw.values(property) {
            entity.add_name(value, kind);
        }
    }
    if entity.primary_name().is_none() {
        // Persons are sometimes given by name parts only; the caption is FtM's display name.
        let parts: Vec<&str> = ["firstName", "middleName", "fatherName", "lastName"]
            .iter()
            .filter_map(|p| raw.first(p))
            .collect();
        let fallback = if parts.is_empty() {
            raw.caption.clone().unwrap_or_default()
        } else {
            parts.join(" ")
        };
        entity.add_name(&fallback, NameKind::Primary);
    }
    // Identifiers get a country only when the entity has exactly one jurisdiction
    // (or, failing that, one country): with several, the issuer is unknown.
    let single = |property: &str| {
        let countries = raw.values(property);
        if countries.len() == 1 {
            countries.first().copied()
        } else {
            None
        }
    };
    let single_country = single("jurisdiction").or_else(|| single("country"));
    for property in COUNTRY_PROPERTIES {
        for value in raw.values(property) {
            entity.add_country_text(value);
        }
    }
    for (property, kind) in identifier_properties() {
        for value in raw.values(property) {
            if let Some(id) = crate::identifiers::identifier(kind.clone(), value, single_country) {
                entity.add_identifier(id);
            }
        }
    }
    for value in raw.values("birthDate") {
        if let Some(iso) = crate::dates::parse_date(value) {
            entity.add_birth_date(&iso);
        }
    }
    for value in raw.values("program") {
        entity.add_program(value);
    }
    for value in raw.values("topics") {
        entity.add_program(&format!("topic:{value}"));
    }
    for value in raw.values("address") {
        entity.add_address(value);
    }
    for property in ["notes", "summary"] {
        for value in raw.values(property) {
            entity.add_remark(value);
        }
    }
    entity
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_percentages() {
        assert_eq!(parse_share("50"), Some(0.5));
        assert_eq!(parse_share("50%"), Some(0.5));
        assert_eq!(parse_share("12,5"), Some(0.125));
        assert_eq!(parse_share("0.5"), Some(0.005));
        assert_eq!(parse_share("150"), None);
        assert_eq!(parse_share("half"), None);
    }

    #[test]
    fn dataset_from_file_name() {
        assert_eq!(dataset_of(Path::new("/x/zala__entities.ftm.json")), "zala");
        assert_eq!(dataset_of(Path::new("donations.ijson")), "donations");
    }
}
