//! OFAC SDN XML (`sdnList.xsd`, `sdn.xml`): one `<sdnEntry>` per entry with
//! structured programme, id, aka, address, nationality and birth date lists.
//! Entry uids are the CSV `ent_num`s, so ids match [`super::ofac_csv`].

use std::path::{Path, PathBuf};

use crate::ListError;
use crate::Schema;
use crate::load::{ListLoader, LoadedList, ensure_recognised, files_marked};
use crate::model::{Entity, IdentifierKind, NameKind};
use crate::text::{at, join_parts, read_text};
use crate::xml::Element;

/// Loader of OFAC's `sdn.xml`.
pub(crate) struct OfacXmlLoader;

const LIST: &str = "ofac-sdn";

impl ListLoader for OfacXmlLoader {
    fn id(&self) -> &'static str {
        "ofac-sdn-xml"
    }

    fn recognises(&self, files: &[PathBuf]) -> Vec<PathBuf> {
        files_marked(files, ".xml", "<sdnList", 4096)
    }

    fn load(&self, files: &[PathBuf]) -> Result<LoadedList, ListError> {
        ensure_recognised(self, files)?;
        let mut loaded = LoadedList::new(LIST, files);
        let mut links = Vec::new();
        for path in files {
            let root = crate::xml::parse(path, &read_text(path)?)?;
            for entry in root.children_named("sdnEntry") {
                if let Some((entity, linked)) = entry_entity(&mut loaded, path, entry) {
                    let idx = loaded.entities.len();
                    let source = format!("{} remarks at {}", entity.id, at(path, entry.line));
                    links.extend(linked.into_iter().map(|name| (idx, name, source.clone())));
                    loaded.entities.push(entity);
                }
            }
        }
        loaded.relations = super::resolve_links(&loaded.entities, &links);
        Ok(loaded)
    }
}

/// "LAST, First" as in the CSV, or the last name alone for non-persons.
fn full_name(element: &Element) -> String {
    match (
        element.child_text("lastName"),
        element.child_text("firstName"),
    ) {
        (Some(last), Some(first)) => format!("{last}, {first}"),
        (Some(last), None) => last.to_string(),
        (None, Some(first)) => first.to_string(),
        (None, None) => String::new(),
    }
}

fn entry_entity(
    loaded: &mut LoadedList,
    path: &Path,
    entry: &Element,
) -> Option<(Entity, Vec<String>)> {
    let line = Some(entry.line);
    let Some(uid) = entry.child_text("uid") else {
        loaded.reject(path, line, None, "sdnEntry has no uid");
        return None;
    };
    let schema = match entry
        .child_text("sdnType")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("individual") => Schema::Person,
        Some("vessel") => Schema::Vessel,
        Some("aircraft") => Schema::Aircraft,
        _ => Schema::Organization,
    };
    let mut entity = Entity::new(
        format!("{LIST}-{uid}"),
        schema,
        LIST,
        format!("{LIST} uid {uid} at {}", at(path, entry.line)),
    );
    let name = full_name(entry);
    if name.is_empty() {
        loaded.reject(path, line, Some(uid), "record has no name");
        return None;
    }
    entity.add_name(&name, NameKind::Primary);
    if let Some(programs) = entry.child("programList") {
        for program in programs.children_named("program") {
            entity.add_program(&program.text);
        }
    }
    if let Some(akas) = entry.child("akaList") {
        for aka in akas.children_named("aka") {
            let weak = aka
                .child_text("category")
                .is_some_and(|c| c.eq_ignore_ascii_case("weak"));
            let kind = match (aka.child_text("type"), weak) {
                (Some("f.k.a."), _) => NameKind::Former,
                (_, true) => NameKind::WeakAlias,
                _ => NameKind::Alias,
            };
            entity.add_name(&full_name(aka), kind);
        }
    }
    if let Some(ids) = entry.child("idList") {
        for id in ids.children_named("id") {
            let (Some(id_type), Some(number)) =
                (id.child_text("idType"), id.child_text("idNumber"))
            else {
                continue;
            };
            let (kind, number) = match number.strip_prefix("IMO") {
                Some(imo) => (IdentifierKind::Imo, imo),
                None => (crate::identifiers::kind_for_document_type(id_type), number),
            };
            if let Some(identifier) =
                crate::identifiers::identifier(kind, number, id.child_text("idCountry"))
            {
                entity.add_identifier(identifier);
            }
        }
    }
    if let Some(addresses) = entry.child("addressList") {
        for address in addresses.children_named("address") {
            let parts = [
                "address1",
                "address2",
                "address3",
                "city",
                "stateOrProvince",
                "postalCode",
                "country",
            ];
            entity.add_address(&join_parts(
                parts.iter().filter_map(|p| address.child_text(p)),
            ));
            if let Some(country) = address.child_text("country") {
                entity.add_country_text(country);
            }
        }
    }
    for (list, item) in [
        ("nationalityList", "nationality"),
        ("citizenshipList", "citizenship"),
    ] {
        if let Some(items) = entry.child(list) {
            for element in items.children_named(item) {
                if let Some(country) = element.child_text("country") {
                    entity.add_country_text(country);
                }
            }
        }
    }
    if let Some(dobs) = entry.child("dateOfBirthList") {
        for item in dobs.children_named("dateOfBirthItem") {
            let Some(text) = item.child_text("dateOfBirth") else {
                continue;
            };
            match crate::dates::parse_date_range(text) {
                Some(dates) => dates.iter().for_each(|iso| entity.add_birth_date(iso)),
                None => loaded.reject(
                    path,
                    Some(item.line),
                    Some(uid),
                    format!("unparseable date of birth {text:?} (record kept without it)"),
                ),
            }
        }
    }
    if let Some(title) = entry.child_text("title") {
        entity.add_remark(&format!("Title: {title}"));
    }
    let mut linked = Vec::new();
    if let Some(remarks) = entry.child_text("remarks") {
        linked = crate::remarks::apply_ofac_remarks(remarks, &mut entity).linked_to;
        entity.add_remark(remarks);
    }
    Some((entity, linked))
}
