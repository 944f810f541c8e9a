//! OFAC legacy CSV sets: SDN (`sdn.csv`, `alt.csv`, `add.csv`,
//! `sdn_comments.csv`) and the consolidated non-SDN list (`cons_prim.csv`,
//! `cons_alt.csv`, `cons_add.csv`, `cons_comments.csv`), same layout.
//!
//! The files have no header, write `-0-` for null, are Windows-1252 and end
//! with a 0x1A line. Aliases in `alt.csv` are OFAC's strong AKAs; the weak
//! ones are quoted in the primary record's remarks (see [`crate::remarks`]).
//! Remarks longer than OFAC's cell limit continue in the comments file and
//! are joined back before parsing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::Schema;
use crate::load::{ListLoader, LoadedList, ensure_recognised, named};
use crate::model::{Entity, NameKind};
use crate::tabular::{Row, rows};
use crate::text::{at, collapse_whitespace, join_parts, read_text};
use crate::{IdentifierKind, ListError};

/// Loader of one OFAC CSV set.
pub(crate) struct OfacCsvLoader {
    list: &'static str,
    primary: &'static str,
    alt: &'static str,
    add: &'static str,
    comments: &'static str,
}

impl OfacCsvLoader {
    /// The SDN list.
    pub(crate) fn sdn() -> Self {
        OfacCsvLoader {
            list: "ofac-sdn",
            primary: "sdn.csv",
            alt: "alt.csv",
            add: "add.csv",
            comments: "sdn_comments.csv",
        }
    }

    /// The consolidated non-SDN list.
    pub(crate) fn consolidated() -> Self {
        OfacCsvLoader {
            list: "ofac-cons",
            primary: "cons_prim.csv",
            alt: "cons_alt.csv",
            add: "cons_add.csv",
            comments: "cons_comments.csv",
        }
    }

    fn file<'a>(&self, files: &'a [PathBuf], name: &str) -> Option<&'a PathBuf> {
        files.iter().find(|f| named(f, &[name]))
    }
}

const PRIMARY_COLUMNS: usize = 12;
const ALT_COLUMNS: usize = 5;
const ADD_COLUMNS: usize = 6;
const COMMENT_COLUMNS: usize = 2;

impl ListLoader for OfacCsvLoader {
    fn id(&self) -> &'static str {
        self.list
    }

    fn recognises(&self, files: &[PathBuf]) -> Vec<PathBuf> {
        let names = [self.primary, self.alt, self.add, self.comments];
        files.iter().filter(|f| named(f, &names)).cloned().collect()
    }

    fn load(&self, files: &[PathBuf]) -> Result<LoadedList, ListError> {
        ensure_recognised(self, files)?;
        let mut loaded = LoadedList::new(self.list, files);
        // ent_num → (first line, continued remarks text).
        let mut extensions: HashMap<String, (u64, String)> = HashMap::new();
        if let Some(path) = self.file(files, self.comments) {
            for (line, fields) in checked_rows(&mut loaded, path, COMMENT_COLUMNS)? {
                let ent_num = null(&fields[0]).unwrap_or_default().to_string();
                extensions
                    .entry(ent_num)
                    .or_insert((line, String::new()))
                    .1
                    .push_str(&fields[1]);
            }
        }
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut links = Vec::new();
        if let Some(path) = self.file(files, self.primary) {
            for (line, fields) in checked_rows(&mut loaded, path, PRIMARY_COLUMNS)? {
                let extension = null(&fields[0])
                    .and_then(|n| extensions.remove(n))
                    .map(|(_, text)| text);
                if let Some((entity, linked)) =
                    self.primary_entity(&mut loaded, path, line, &fields, extension)
                {
                    let idx = loaded.entities.len();
                    index.insert(entity.id.clone(), idx);
                    let id = entity.id.clone();
                    links.extend(linked.into_iter().map(|name| {
                        let source =
                            format!("{id} remarks \"Linked To: {name}\" at {}", at(path, line));
                        (idx, name, source)
                    }));
                    loaded.entities.push(entity);
                }
            }
        }
        let primary_name = self.primary;
        if let Some(path) = self.file(files, self.comments) {
            // Comments whose entry is missing from the primary file.
            let mut orphans: Vec<_> = extensions.into_iter().collect();
            orphans.sort_by_key(|(_, (line, _))| *line);
            for (ent_num, (line, _)) in orphans {
                let reason = format!("no {primary_name} record for ent_num {ent_num:?}");
                loaded.reject(path, Some(line), Some(&ent_num), reason);
            }
        }
        if let Some(path) = self.file(files, self.alt) {
            for (line, fields) in checked_rows(&mut loaded, path, ALT_COLUMNS)? {
                let Some(entity) =
                    parent(&mut loaded, &index, path, line, &fields[0], primary_name)
                else {
                    continue;
                };
                let Some(name) = null(&fields[3]) else {
                    loaded.reject(path, Some(line), null(&fields[1]), "alias has no name");
                    continue;
                };
                let kind = match null(&fields[2]).map(str::to_ascii_lowercase).as_deref() {
                    Some("fka") => NameKind::Former,
                    // "aka", "nka" (now known as) and anything unexpected are aliases.
                    _ => NameKind::Alias,
                };
                entity.add_name(name, kind);
            }
        }
        if let Some(path) = self.file(files, self.add) {
            for (line, fields) in checked_rows(&mut loaded, path, ADD_COLUMNS)? {
                let Some(entity) =
                    parent(&mut loaded, &index, path, line, &fields[0], primary_name)
                else {
                    continue;
                };
                let address = join_parts(
                    [&fields[2], &fields[3], &fields[4]]
                        .into_iter()
                        .filter_map(|f| null(f)),
                );
                entity.add_address(&address);
                if let Some(country) = null(&fields[4]) {
                    entity.add_country_text(country);
                }
                if let Some(remark) = null(&fields[5]) {
                    entity.add_remark(remark);
                }
            }
        }
        loaded.relations = super::resolve_links(&loaded.entities, &links);
        Ok(loaded)
    }
}

impl OfacCsvLoader {
    /// Builds the entity of one primary row, or rejects the row.
    fn primary_entity(
        &self,
        loaded: &mut LoadedList,
        path: &Path,
        line: u64,
        fields: &[String],
        extension: Option<String>,
    ) -> Option<(Entity, Vec<String>)> {
        let Some(ent_num) = null(&fields[0]).filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
        else {
            loaded.reject(
                path,
                Some(line),
                None,
                format!("ent_num {:?} is not a number", fields[0]),
            );
            return None;
        };
        let Some(name) = null(&fields[1]) else {
            loaded.reject(path, Some(line), Some(ent_num), "record has no name");
            return None;
        };
        let schema = match null(&fields[2]).map(str::to_ascii_lowercase).as_deref() {
            Some("individual") => Schema::Person,
            Some("vessel") => Schema::Vessel,
            Some("aircraft") => Schema::Aircraft,
            None => Schema::Organization,
            Some(other) => {
                loaded.reject(
                    path,
                    Some(line),
                    Some(ent_num),
                    format!("unknown sdn type {other:?}"),
                );
                return None;
            }
        };
        let id = format!("{}-{ent_num}", self.list);
        let mut entity = Entity::new(
            id,
            schema,
            self.list,
            format!("{} ent_num {ent_num} at {}", self.list, at(path, line)),
        );
        entity.add_name(name, NameKind::Primary);
        // Several programmes are written "SDGT] [IRGC".
        for program in null(&fields[3]).unwrap_or_default().split("] [") {
            entity.add_program(program.trim_matches(['[', ']', ' ']));
        }
        if let Some(title) = null(&fields[4]) {
            entity.add_remark(&format!("Title: {title}"));
        }
        if let Some(call_sign) = null(&fields[5])
            && let Some(id) = crate::identifiers::identifier(
                IdentifierKind::Other("CALL SIGN".into()),
                call_sign,
                None,
            )
        {
            entity.add_identifier(id);
        }
        if let Some(flag) = null(&fields[9]) {
            entity.add_country_text(flag);
        }
        let vessel_details: Vec<String> = [
            ("Vessel Type", 6),
            ("Tonnage", 7),
            ("GRT", 8),
            ("Vessel Flag", 9),
            ("Vessel Owner", 10),
        ]
        .iter()
        .filter_map(|(label, col)| null(&fields[*col]).map(|v| format!("{label} {v}")))
        .collect();
        let mut remarks = null(&fields[11]).unwrap_or_default().to_string();
        if let Some(extension) = extension {
            // The comments file continues the cell mid-word: join without a separator.
            remarks.push_str(&extension);
        }
        let remarks = collapse_whitespace(&remarks);
        let facts = crate::remarks::apply_ofac_remarks(&remarks, &mut entity);
        entity.add_remark(&remarks);
        for detail in vessel_details {
            entity.add_remark(&detail);
        }
        Some((entity, facts.linked_to))
    }
}

/// `None` for OFAC's null marker `-0-` (written `-0- `) and blank cells.
fn null(field: &str) -> Option<&str> {
    let field = field.trim();
    (!field.is_empty() && field != "-0-").then_some(field)
}

/// Reads a file's rows, rejecting unreadable rows and rows with the wrong
/// number of columns; returns `(line, fields)` of the good ones.
fn checked_rows(
    loaded: &mut LoadedList,
    path: &Path,
    columns: usize,
) -> Result<Vec<(u64, Vec<String>)>, ListError> {
    let text = read_text(path)?;
    let mut good = Vec::new();
    for Row { line, fields } in rows(&text, b',') {
        match fields {
            Err(reason) => loaded.reject(
                path,
                Some(line),
                None,
                format!("unreadable csv row: {reason}"),
            ),
            Ok(fields) if fields.len() != columns => {
                let id = fields.first().and_then(|f| null(f));
                loaded.reject(
                    path,
                    Some(line),
                    id,
                    format!("expected {columns} columns, found {}", fields.len()),
                );
            }
            Ok(fields) => good.push((line, fields)),
        }
    }
    Ok(good)
}

/// The entity a secondary row belongs to, or a reject.
fn parent<'a>(
    loaded: &'a mut LoadedList,
    index: &HashMap<String, usize>,
    path: &Path,
    line: u64,
    ent_num: &str,
    primary_name: &str,
) -> Option<&'a mut Entity> {
    let ent_num = null(ent_num).unwrap_or_default();
    let id = format!("{}-{ent_num}", loaded.list);
    match index.get(&id) {
        Some(&idx) => loaded.entities.get_mut(idx),
        None => {
            loaded.reject(
                path,
                Some(line),
                Some(ent_num),
                format!("no {primary_name} record for ent_num {ent_num:?}"),
            );
            None
        }
    }
}
