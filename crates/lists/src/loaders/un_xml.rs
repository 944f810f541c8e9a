//! UN Security Council consolidated list, official XML (`sc-sanctions.xsd`):
//! `<INDIVIDUAL>` and `<ENTITY>` records with aliases of quality Good/Low,
//! nationalities, dates of birth, addresses and documents.

use std::path::{Path, PathBuf};

use crate::ListError;
use crate::Schema;
use crate::load::{ListLoader, LoadedList, ensure_recognised, files_marked};
use crate::model::{Entity, NameKind};
use crate::text::{at, join_parts, read_text};
use crate::xml::Element;

/// Loader of the UN consolidated XML.
pub(crate) struct UnXmlLoader;

const LIST: &str = "un-sc";

impl ListLoader for UnXmlLoader {
    fn id(&self) -> &'static str {
        LIST
    }

    fn recognises(&self, files: &[PathBuf]) -> Vec<PathBuf> {
        files_marked(files, ".xml", "<CONSOLIDATED_LIST", 4096)
    }

    fn load(&self, files: &[PathBuf]) -> Result<LoadedList, ListError> {
        ensure_recognised(self, files)?;
        let mut loaded = LoadedList::new(LIST, files);
        for path in files {
            let root = crate::xml::parse(path, &read_text(path)?)?;
            for (group, record, schema, prefix) in [
                ("INDIVIDUALS", "INDIVIDUAL", Schema::Person, "INDIVIDUAL"),
                ("ENTITIES", "ENTITY", Schema::Organization, "ENTITY"),
            ] {
                let Some(group) = root.child(group) else {
                    continue;
                };
                for element in group.children_named(record) {
                    load_record(&mut loaded, path, element, schema, prefix);
                }
            }
        }
        Ok(loaded)
    }
}

fn load_record(
    loaded: &mut LoadedList,
    path: &Path,
    record: &Element,
    schema: Schema,
    prefix: &str,
) {
    let line = Some(record.line);
    let reference = record.child_text("REFERENCE_NUMBER");
    let data_id = record.child_text("DATAID");
    let Some(key) = reference.or(data_id) else {
        loaded.reject(
            path,
            line,
            None,
            "record has neither REFERENCE_NUMBER nor DATAID",
        );
        return;
    };
    let id = format!("un-{key}");
    let source = format!(
        "un-sc DATAID {} ref {} at {}",
        data_id.unwrap_or("-"),
        reference.unwrap_or("-"),
        at(path, record.line)
    );
    let mut entity = Entity::new(id, schema, LIST, source);
    let name_parts: Vec<&str> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
        .iter()
        .filter_map(|t| record.child_text(t))
        .collect();
    let name = name_parts.join(" ");
    entity.add_name(&name, NameKind::Primary);
    if let Some(original) = record.child_text("NAME_ORIGINAL_SCRIPT") {
        entity.add_name(original, NameKind::OriginalScript);
    }
    for alias in record.children_named(&format!("{prefix}_ALIAS")) {
        let Some(alias_name) = alias.child_text("ALIAS_NAME") else {
            continue;
        };
        let kind = match alias
            .child_text("QUALITY")
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("low") => NameKind::WeakAlias,
            Some("f.k.a.") => NameKind::Former,
            _ => NameKind::Alias,
        };
        entity.add_name(alias_name, kind);
    }
    if let Some(list_type) = record.child_text("UN_LIST_TYPE") {
        entity.add_program(list_type);
    }
    entity.listed_on = record
        .child_text("LISTED_ON")
        .and_then(crate::dates::parse_date);
    for nationality in record.children_named("NATIONALITY") {
        for value in nationality.children_named("VALUE") {
            entity.add_country_text(&value.text);
        }
    }
    for address in record.children_named(&format!("{prefix}_ADDRESS")) {
        let parts = [
            "STREET",
            "CITY",
            "STATE_PROVINCE",
            "ZIP_CODE",
            "COUNTRY",
            "NOTE",
        ];
        entity.add_address(&join_parts(
            parts.iter().filter_map(|t| address.child_text(t)),
        ));
        if let Some(country) = address.child_text("COUNTRY") {
            entity.add_country_text(country);
        }
    }
    for dob in record.children_named("INDIVIDUAL_DATE_OF_BIRTH") {
        let texts: Vec<&str> = ["DATE", "YEAR", "FROM_YEAR", "TO_YEAR"]
            .iter()
            .filter_map(|t| dob.child_text(t))
            .collect();
        for text in texts {
            match crate::dates::parse_date(text) {
                Some(iso) => entity.add_birth_date(&iso),
                None => loaded.reject(
                    path,
                    Some(dob.line),
                    reference,
                    format!("unparseable date of birth {text:?} (record kept without it)"),
                ),
            }
        }
    }
    for document in record.children_named(&format!("{prefix}_DOCUMENT")) {
        let Some(number) = document.child_text("NUMBER") else {
            continue;
        };
        let doc_type = document
            .child_text("TYPE_OF_DOCUMENT")
            .or(document.child_text("TYPE_OF_DOCUMENT2"))
            .unwrap_or("");
        let kind = crate::identifiers::kind_for_document_type(doc_type);
        let country = document
            .child_text("ISSUING_COUNTRY")
            .or(document.child_text("COUNTRY_OF_ISSUE"));
        if let Some(identifier) = crate::identifiers::identifier(kind, number, country) {
            entity.add_identifier(identifier);
        }
    }
    for tag in ["COMMENTS1", "DESIGNATION", "TITLE"] {
        for element in record.children_named(tag) {
            let values: Vec<&str> = element
                .children_named("VALUE")
                .map(|v| v.text.as_str())
                .collect();
            let text = if values.is_empty() {
                element.text.clone()
            } else {
                values.join("; ")
            };
            if !text.trim().is_empty() {
                let label = if tag == "COMMENTS1" {
                    String::new()
                } else {
                    format!("{}: ", tag.to_lowercase())
                };
                entity.add_remark(&format!(
                    "{label}{}",
                    crate::text::collapse_whitespace(&text)
                ));
            }
        }
    }
    loaded.push_entity(entity, path, line);
}
