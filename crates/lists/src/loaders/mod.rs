//! One loader per list format.

pub(crate) mod bis_dpl;
pub(crate) mod csl;
pub(crate) mod eu_fsf;
pub(crate) mod ftm;
pub(crate) mod ofac_csv;
pub(crate) mod ofac_xml;
pub(crate) mod uk_derived;
pub(crate) mod uk_ofsi;
pub(crate) mod un_xml;

use std::collections::HashMap;

use crate::model::{Entity, NameKind, Relation, RelationKind};

/// A name key for resolving "Linked To" references: uppercase letters and
/// digits separated by single spaces, so punctuation and a trailing period
/// ("ACME, LTD." vs "ACME LTD") do not matter.
pub(crate) fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_uppercase));
    }
    key
}

/// Resolves "Linked To" names to entity ids within one list and returns the
/// relations. A name is resolved only when exactly one entity carries it as
/// primary name or strong alias; ambiguous or unknown targets stay in the
/// remarks text only.
pub(crate) fn resolve_links(
    entities: &[Entity],
    links: &[(usize, String, String)],
) -> Vec<Relation> {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (idx, entity) in entities.iter().enumerate() {
        for name in entity
            .names
            .iter()
            .filter(|n| matches!(n.kind, NameKind::Primary | NameKind::Alias))
        {
            let owners = by_name.entry(name_key(&name.value)).or_default();
            if !owners.contains(&idx) {
                owners.push(idx);
            }
        }
    }
    let mut relations = Vec::new();
    for (from_idx, target, source) in links {
        if let Some([to_idx]) = by_name.get(&name_key(target)).map(Vec::as_slice)
            && to_idx != from_idx
        {
            relations.push(Relation {
                kind: RelationKind::LinkedTo,
                from: entities[*from_idx].id.clone(),
                to: entities[*to_idx].id.clone(),
                share: None,
                source: source.clone(),
            });
        }
    }
    relations
}
