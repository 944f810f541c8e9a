//! EU Financial Sanctions Files XML export (namespace
//! `http://eu.europa.ec/fpi/fsd/export`): `<sanctionEntity>` records with
//! `nameAlias`, `citizenship`, `birthdate`, `identification` and `address`
//! children whose data sits in attributes.

use std::path::{Path, PathBuf};

use crate::ListError;
use crate::Schema;
use crate::load::{ListLoader, LoadedList, ensure_recognised, files_marked};
use crate::model::{Entity, NameKind};
use crate::text::{at, join_parts, read_text};
use crate::xml::Element;

/// Loader of the EU FSF XML.
pub(crate) struct EuFsfLoader;

const LIST: &str = "eu-fsf";

impl ListLoader for EuFsfLoader {
    fn id(&self) -> &'static str {
        LIST
    }

    fn recognises(&self, files: &[PathBuf]) -> Vec<PathBuf> {
        files_marked(files, ".xml", "fpi/fsd/export", 4096)
    }

    fn load(&self, files: &[PathBuf]) -> Result<LoadedList, ListError> {
        ensure_recognised(self, files)?;
        let mut loaded = LoadedList::new(LIST, files);
        for path in files {
            let root = crate::xml::parse(path, &read_text(path)?)?;
            for record in root.children_named("sanctionEntity") {
                load_record(&mut loaded, path, record);
            }
        }
        Ok(loaded)
    }
}

/// A name is in an original script when it has letters beyond Latin Extended.
fn is_non_latin(name: &str) -> bool {
    name.chars().any(|c| c.is_alphabetic() && c as u32 > 0x024F)
}

/// "00" is the FSF's code for an unknown country.
fn country_code(element: &Element) -> Option<&str> {
    element
        .attribute("countryIso2Code")
        .filter(|code| *code != "00")
}

fn load_record(loaded: &mut LoadedList, path: &Path, record: &Element) {
    let line = Some(record.line);
    let Some(logical_id) = record.attribute("logicalId") else {
        loaded.reject(path, line, None, "sanctionEntity has no logicalId");
        return;
    };
    let schema = match record
        .child("subjectType")
        .and_then(|s| s.attribute("code"))
    {
        Some("person") => Schema::Person,
        _ => Schema::Organization,
    };
    let reference = record.attribute("euReferenceNumber").unwrap_or("-");
    let source = format!(
        "{LIST} logicalId {logical_id} ref {reference} at {}",
        at(path, record.line)
    );
    let mut entity = Entity::new(format!("{LIST}-{logical_id}"), schema, LIST, source);
    for alias in record.children_named("nameAlias") {
        let whole = alias
            .attribute("wholeName")
            .map(str::to_string)
            .unwrap_or_else(|| {
                let parts: Vec<&str> = ["firstName", "middleName", "lastName"]
                    .iter()
                    .filter_map(|a| alias.attribute(a))
                    .collect();
                parts.join(" ")
            });
        // The first name alias is the name the entry is filed under.
        let kind = if entity.primary_name().is_none() && !is_non_latin(&whole) {
            NameKind::Primary
        } else if is_non_latin(&whole) {
            NameKind::OriginalScript
        } else if alias.attribute("strong") == Some("false") {
            NameKind::WeakAlias
        } else {
            NameKind::Alias
        };
        entity.add_name(&whole, kind);
    }
    if entity.primary_name().is_none()
        && let Some(original) = entity.names.first().map(|n| n.value.clone())
    {
        entity.add_name(&original, NameKind::Primary);
    }
    for regulation in record.children_named("regulation") {
        if let Some(programme) = regulation.attribute("programme") {
            entity.add_program(programme);
        }
    }
    entity.listed_on = record
        .attribute("designationDate")
        .and_then(crate::dates::parse_date);
    for citizenship in record.children_named("citizenship") {
        if let Some(code) = country_code(citizenship) {
            entity.add_country_text(code);
        }
    }
    for birth in record.children_named("birthdate") {
        let text = birth
            .attribute("birthdate")
            .map(str::to_string)
            .or_else(|| {
                let year = birth.attribute("year")?;
                Some(match birth.attribute("monthOfYear") {
                    Some(month) => format!("{year}-{month:0>2}"),
                    None => year.to_string(),
                })
            });
        let Some(text) = text else { continue };
        match crate::dates::parse_date(&text) {
            Some(iso) => entity.add_birth_date(&iso),
            None => loaded.reject(
                path,
                Some(birth.line),
                Some(logical_id),
                format!("unparseable birth date {text:?} (record kept without it)"),
            ),
        }
    }
    for document in record.children_named("identification") {
        let Some(number) = document.attribute("number") else {
            continue;
        };
        let kind = match document.attribute("identificationTypeCode") {
            Some("passport") => crate::IdentifierKind::Passport,
            Some("id") => crate::IdentifierKind::NationalId,
            _ => crate::identifiers::kind_for_document_type(
                document
                    .attribute("identificationTypeDescription")
                    .unwrap_or(""),
            ),
        };
        if let Some(identifier) =
            crate::identifiers::identifier(kind, number, country_code(document))
        {
            entity.add_identifier(identifier);
        }
    }
    for address in record.children_named("address") {
        let parts = [
            "street",
            "poBox",
            "zipCode",
            "city",
            "place",
            "region",
            "countryDescription",
        ];
        entity.add_address(&join_parts(
            parts.iter().filter_map(|a| address.attribute(a)),
        ));
        if let Some(code) = country_code(address) {
            entity.add_country_text(code);
        }
    }
    for remark in record.children_named("remark") {
        entity.add_remark(&remark.text);
    }
    loaded.push_entity(entity, path, line);
}
