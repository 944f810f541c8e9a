//! The on-disk form of a generation: entities as JSON lines (readable,
//! diffable, parsed in parallel) and the built postings as one little-endian
//! binary file, so loading skips key extraction.
//!
//! Model types do not derive `Serialize` (STYLE.md "Serialization"): the
//! `Stored*` types here are this crate's own storage format.

use std::io::Write;
use std::path::Path;

use chokepoint_lists::{
    Entity, Identifier, IdentifierKind, Name, NameKind, Relation, RelationKind, Schema,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::IndexError;
use crate::postings::Postings;

/// First bytes of a postings file; the last byte is the format version.
const MAGIC: &[u8; 8] = b"CPIDXPB\x01";

#[derive(Serialize, Deserialize)]
struct StoredEntity {
    id: String,
    schema: String,
    names: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    countries: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    addresses: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    identifiers: Vec<(String, String, Option<String>)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    birth_dates: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    programs: Vec<String>,
    list: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    listed_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
    source_record: String,
}

/// Writes entities as JSON lines.
pub(crate) fn write_entities(path: &Path, entities: &[Entity]) -> Result<(), IndexError> {
    let io = |error| IndexError::io(path, error);
    let file = std::fs::File::create(path).map_err(io)?;
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
    // Serialise in parallel chunks, write in order.
    for chunk in entities.chunks(16_384) {
        let lines: Vec<Vec<u8>> = chunk
            .par_iter()
            .map(|entity| {
                let mut line = serde_json::to_vec(&to_stored(entity)).unwrap_or_default();
                line.push(b'\n');
                line
            })
            .collect();
        for line in lines {
            writer.write_all(&line).map_err(io)?;
        }
    }
    let file = writer
        .into_inner()
        .map_err(|error| io(error.into_error()))?;
    file.sync_all().map_err(io)
}

/// Reads entities written by [`write_entities`].
pub(crate) fn read_entities(path: &Path) -> Result<Vec<Entity>, IndexError> {
    let text = std::fs::read_to_string(path).map_err(|error| IndexError::io(path, error))?;
    let lines: Vec<&str> = text.lines().collect();
    lines
        .par_iter()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(line_idx, line)| {
            serde_json::from_str::<StoredEntity>(line)
                .map(from_stored)
                .map_err(|source| IndexError::Entity {
                    path: path.to_path_buf(),
                    line: line_idx as u64 + 1,
                    source,
                })
        })
        .collect()
}

/// A relation as one JSON line.
#[derive(Serialize, Deserialize)]
struct StoredRelation {
    kind: String,
    from: String,
    to: String,
    share: Option<f64>,
    source: String,
}

fn relation_kind_label(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Ownership => "ownership",
        RelationKind::Directorship => "directorship",
        RelationKind::Family => "family",
        RelationKind::Associate => "associate",
        RelationKind::LinkedTo => "linked_to",
    }
}

fn parse_relation_kind(text: &str) -> Option<RelationKind> {
    Some(match text {
        "ownership" => RelationKind::Ownership,
        "directorship" => RelationKind::Directorship,
        "family" => RelationKind::Family,
        "associate" => RelationKind::Associate,
        "linked_to" => RelationKind::LinkedTo,
        _ => return None,
    })
}

/// Writes relations as JSON lines.
pub(crate) fn write_relations(path: &Path, relations: &[Relation]) -> Result<(), IndexError> {
    let io = |error| IndexError::io(path, error);
    let mut text = Vec::new();
    for relation in relations {
        let stored = StoredRelation {
            kind: relation_kind_label(relation.kind).to_string(),
            from: relation.from.clone(),
            to: relation.to.clone(),
            share: relation.share,
            source: relation.source.clone(),
        };
        serde_json::to_writer(&mut text, &stored).map_err(|e| io(e.into()))?;
        text.push(b'\n');
    }
    let mut file = std::fs::File::create(path).map_err(io)?;
    file.write_all(&text).map_err(io)?;
    file.sync_all().map_err(io)
}

/// Reads relations written by [`write_relations`]; a generation written
/// before relations were kept has none.
pub(crate) fn read_relations(path: &Path) -> Result<Vec<Relation>, IndexError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(IndexError::io(path, error)),
    };
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(line_idx, line)| {
            let stored: StoredRelation =
                serde_json::from_str(line).map_err(|source| IndexError::Entity {
                    path: path.to_path_buf(),
                    line: line_idx as u64 + 1,
                    source,
                })?;
            let kind = parse_relation_kind(&stored.kind)
                .ok_or_else(|| IndexError::corrupt(path, "unknown relation kind"))?;
            Ok(Relation {
                kind,
                from: stored.from,
                to: stored.to,
                share: stored.share,
                source: stored.source,
            })
        })
        .collect()
}

/// Writes both postings tables.
pub(crate) fn write_postings(
    path: &Path,
    n_names: usize,
    names: &Postings,
    identifiers: &Postings,
) -> Result<(), IndexError> {
    let io = |error| IndexError::io(path, error);
    let file = std::fs::File::create(path).map_err(io)?;
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut bytes: Vec<u8> = Vec::with_capacity(1 << 16);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&(n_names as u64).to_le_bytes());
    writer.write_all(&bytes).map_err(io)?;
    for postings in [names, identifiers] {
        let (keys, offsets, items) = postings.parts();
        bytes.clear();
        bytes.extend_from_slice(&(keys.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&(items.len() as u64).to_le_bytes());
        writer.write_all(&bytes).map_err(io)?;
        for chunk in keys.chunks(8192) {
            bytes.clear();
            chunk
                .iter()
                .for_each(|key| bytes.extend_from_slice(&key.to_le_bytes()));
            writer.write_all(&bytes).map_err(io)?;
        }
        for chunk in offsets.chunks(8192) {
            bytes.clear();
            chunk
                .iter()
                .for_each(|offset| bytes.extend_from_slice(&offset.to_le_bytes()));
            writer.write_all(&bytes).map_err(io)?;
        }
        for chunk in items.chunks(16384) {
            bytes.clear();
            chunk
                .iter()
                .for_each(|item| bytes.extend_from_slice(&item.to_le_bytes()));
            writer.write_all(&bytes).map_err(io)?;
        }
    }
    let file = writer
        .into_inner()
        .map_err(|error| io(error.into_error()))?;
    file.sync_all().map_err(io)
}

/// Reads the postings tables; checks the name count and every invariant.
pub(crate) fn read_postings(
    path: &Path,
    n_names: usize,
) -> Result<(Postings, Postings), IndexError> {
    let bytes = std::fs::read(path).map_err(|error| IndexError::io(path, error))?;
    let corrupt = |reason| IndexError::corrupt(path, reason);
    let mut reader = ByteReader {
        bytes: &bytes,
        position: 0,
    };
    if reader.take(MAGIC.len()) != Some(MAGIC.as_slice()) {
        return Err(corrupt("not a postings file of this version"));
    }
    if reader.u64s(1).and_then(|values| values.first().copied()) != Some(n_names as u64) {
        return Err(corrupt("name count differs from the entities file"));
    }
    let mut tables = Vec::with_capacity(2);
    for _ in 0..2 {
        let header = reader.u64s(2).ok_or_else(|| corrupt("truncated header"))?;
        let n_keys = usize::try_from(header[0]).map_err(|_| corrupt("bad key count"))?;
        let n_items = usize::try_from(header[1]).map_err(|_| corrupt("bad item count"))?;
        let keys = reader
            .u64s(n_keys)
            .ok_or_else(|| corrupt("truncated keys"))?;
        let offsets = reader
            .u64s(
                n_keys
                    .checked_add(1)
                    .ok_or_else(|| corrupt("bad key count"))?,
            )
            .ok_or_else(|| corrupt("truncated offsets"))?;
        let items = reader
            .u32s(n_items)
            .ok_or_else(|| corrupt("truncated postings"))?;
        let postings = Postings::from_parts(keys, offsets, items)
            .ok_or_else(|| corrupt("inconsistent postings"))?;
        tables.push(postings);
    }
    if reader.position != bytes.len() {
        return Err(corrupt("trailing bytes"));
    }
    let identifiers = tables.pop().unwrap_or_default();
    let names = tables.pop().unwrap_or_default();
    Ok((names, identifiers))
}

struct ByteReader<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl ByteReader<'_> {
    fn take(&mut self, len: usize) -> Option<&[u8]> {
        let end = self.position.checked_add(len)?;
        let slice = self.bytes.get(self.position..end)?;
        self.position = end;
        Some(slice)
    }

    fn u64s(&mut self, count: usize) -> Option<Vec<u64>> {
        let slice = self.take(count.checked_mul(8)?)?;
        Some(
            slice
                .chunks_exact(8)
                .map(|chunk| u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])))
                .collect(),
        )
    }

    fn u32s(&mut self, count: usize) -> Option<Vec<u32>> {
        let slice = self.take(count.checked_mul(4)?)?;
        Some(
            slice
                .chunks_exact(4)
                .map(|chunk| u32::from_le_bytes(chunk.try_into().unwrap_or([0; 4])))
                .collect(),
        )
    }
}

fn to_stored(entity: &Entity) -> StoredEntity {
    StoredEntity {
        id: entity.id.clone(),
        schema: entity.schema.as_str().to_string(),
        names: entity
            .names
            .iter()
            .map(|name| (name.value.clone(), name_kind_label(name.kind).to_string()))
            .collect(),
        countries: entity.countries.clone(),
        addresses: entity.addresses.clone(),
        identifiers: entity
            .identifiers
            .iter()
            .map(|identifier| {
                (
                    identifier_kind_label(&identifier.kind),
                    identifier.value.clone(),
                    identifier.country.clone(),
                )
            })
            .collect(),
        birth_dates: entity.birth_dates.clone(),
        programs: entity.programs.clone(),
        list: entity.list.clone(),
        listed_on: entity.listed_on.clone(),
        remarks: entity.remarks.clone(),
        source_record: entity.source_record.clone(),
    }
}

fn from_stored(stored: StoredEntity) -> Entity {
    let mut entity = Entity::new(
        stored.id,
        // A code this version does not know reads as the most general party.
        Schema::from_code(&stored.schema).unwrap_or(Schema::LegalEntity),
        stored.list,
        stored.source_record,
    );
    entity.names = stored
        .names
        .into_iter()
        .map(|(value, kind)| Name {
            value,
            kind: parse_name_kind(&kind),
        })
        .collect();
    entity.countries = stored.countries;
    entity.addresses = stored.addresses;
    entity.identifiers = stored
        .identifiers
        .into_iter()
        .map(|(kind, value, country)| Identifier {
            kind: parse_identifier_kind(&kind),
            value,
            country,
        })
        .collect();
    entity.birth_dates = stored.birth_dates;
    entity.programs = stored.programs;
    entity.listed_on = stored.listed_on;
    entity.remarks = stored.remarks;
    entity
}

fn name_kind_label(kind: NameKind) -> &'static str {
    match kind {
        NameKind::Primary => "primary",
        NameKind::Alias => "alias",
        NameKind::WeakAlias => "weak",
        NameKind::Former => "former",
        NameKind::OriginalScript => "original",
    }
}

fn parse_name_kind(text: &str) -> NameKind {
    match text {
        "primary" => NameKind::Primary,
        "weak" => NameKind::WeakAlias,
        "former" => NameKind::Former,
        "original" => NameKind::OriginalScript,
        _ => NameKind::Alias,
    }
}

/// Fixed kinds by name; `Other` as `other:<label>`.
const IDENTIFIER_KINDS: [(&str, IdentifierKind); 11] = [
    ("inn", IdentifierKind::Inn),
    ("ogrn", IdentifierKind::Ogrn),
    ("uscc", IdentifierKind::Uscc),
    ("lei", IdentifierKind::Lei),
    ("imo", IdentifierKind::Imo),
    ("registration", IdentifierKind::Registration),
    ("tax", IdentifierKind::Tax),
    ("passport", IdentifierKind::Passport),
    ("national_id", IdentifierKind::NationalId),
    ("swift", IdentifierKind::Swift),
    ("isin", IdentifierKind::Isin),
];

fn identifier_kind_label(kind: &IdentifierKind) -> String {
    match kind {
        IdentifierKind::Other(label) => format!("other:{label}"),
        known => IDENTIFIER_KINDS
            .iter()
            .find(|(_, kind)| kind == known)
            .map_or_else(|| "other:".to_string(), |(label, _)| (*label).to_string()),
    }
}

fn parse_identifier_kind(text: &str) -> IdentifierKind {
    if let Some(label) = text.strip_prefix("other:") {
        return IdentifierKind::Other(label.to_string());
    }
    IDENTIFIER_KINDS
        .iter()
        .find(|(label, _)| *label == text)
        .map_or_else(
            || IdentifierKind::Other(text.to_string()),
            |(_, kind)| kind.clone(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_round_trip_and_old_generations_have_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("relations.jsonl");
        assert!(read_relations(&path).unwrap().is_empty());
        let relations = vec![
            Relation {
                kind: RelationKind::Ownership,
                from: "a".into(),
                to: "b".into(),
                share: Some(0.6),
                source: "r1 at f:1".into(),
            },
            Relation {
                kind: RelationKind::LinkedTo,
                from: "b".into(),
                to: "c".into(),
                share: None,
                source: "remark".into(),
            },
        ];
        write_relations(&path, &relations).unwrap();
        assert_eq!(read_relations(&path).unwrap(), relations);
        std::fs::write(
            &path,
            "{\"kind\":\"rivalry\",\"from\":\"a\",\"to\":\"b\",\"share\":null,\"source\":\"\"}\n",
        )
        .unwrap();
        assert!(read_relations(&path).is_err());
    }

    #[test]
    fn entities_round_trip() {
        let mut entity = Entity::new("x-1", Schema::Vessel, "x", "f:1");
        entity.add_name("Ship One", NameKind::Primary);
        entity.add_name("S1", NameKind::WeakAlias);
        entity.add_country("PA");
        entity.add_identifier(Identifier {
            kind: IdentifierKind::Imo,
            value: "1234567".into(),
            country: None,
        });
        entity.add_identifier(Identifier {
            kind: IdentifierKind::Other("MMSI".into()),
            value: "123".into(),
            country: Some("PA".into()),
        });
        entity.add_birth_date("2001");
        entity.listed_on = Some("2020-01-02".into());
        entity.add_remark("built 2001");
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let path = dir.path().join("entities.jsonl");
        let entities = vec![entity, Entity::new("y", Schema::Person, "y", "g:2")];
        write_entities(&path, &entities).unwrap_or_else(|error| panic!("{error}"));
        let read = read_entities(&path).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(read, entities);
        std::fs::write(&path, "{}\n").unwrap_or_else(|error| panic!("{error}"));
        assert!(matches!(
            read_entities(&path),
            Err(IndexError::Entity { line: 1, .. })
        ));
    }

    /// The schema codes of generations already on disk: one line written
    /// before the codes moved to the model, read back as it always was.
    #[test]
    fn schema_codes_are_those_stored_before() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let path = dir.path().join("entities.jsonl");
        let line = |id: &str, code: &str| {
            format!(
                "{{\"id\":\"{id}\",\"schema\":\"{code}\",\"names\":[],\"list\":\"l\",\"source_record\":\"f:1\"}}\n"
            )
        };
        let codes = [
            ("Person", Schema::Person),
            ("Company", Schema::Company),
            ("Organization", Schema::Organization),
            ("LegalEntity", Schema::LegalEntity),
            ("Vessel", Schema::Vessel),
            ("Aircraft", Schema::Aircraft),
            ("Ship", Schema::LegalEntity),
            ("person", Schema::LegalEntity),
        ];
        let text: String = codes.iter().map(|(code, _)| line(code, code)).collect();
        std::fs::write(&path, &text).unwrap_or_else(|error| panic!("{error}"));
        let read = read_entities(&path).unwrap_or_else(|error| panic!("{error}"));
        let schemata: Vec<Schema> = read.iter().map(|entity| entity.schema).collect();
        let expected: Vec<Schema> = codes.iter().map(|(_, schema)| *schema).collect();
        assert_eq!(schemata, expected);
        write_entities(&path, &read[..6]).unwrap_or_else(|error| panic!("{error}"));
        let written = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{error}"));
        let expected_text: String = codes[..6]
            .iter()
            .map(|(code, _)| line(code, code))
            .collect();
        assert_eq!(written, expected_text);
    }

    #[test]
    fn postings_round_trip_and_corruption() {
        let lists: Vec<Vec<u64>> = vec![vec![1, 7], vec![7]];
        let names = Postings::build(2, |id| &lists[id]);
        let identifiers = Postings::build(1, |_| &[42]);
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let path = dir.path().join("postings.bin");
        write_postings(&path, 2, &names, &identifiers).unwrap_or_else(|error| panic!("{error}"));
        let (read_names, read_ids) =
            read_postings(&path, 2).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!((read_names, read_ids), (names, identifiers));
        assert!(matches!(
            read_postings(&path, 3),
            Err(IndexError::Corrupt { .. })
        ));
        let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap_or_else(|error| panic!("{error}"));
        assert!(matches!(
            read_postings(&path, 2),
            Err(IndexError::Corrupt { .. })
        ));
    }
}
