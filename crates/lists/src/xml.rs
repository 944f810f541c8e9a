//! A small element tree over quick-xml, enough for the list files (a few MB).
//!
//! Loaders walk records as trees rather than as event streams: the formats
//! nest names, documents and dates a few levels deep, and a tree keeps each
//! loader's mapping readable. Namespaces are dropped (local names only).

use std::path::Path;

use quick_xml::events::Event;

use crate::ListError;

/// Deepest element nesting accepted. The official list formats nest a few
/// levels (the deepest, OFAC's advanced XML, about ten).
const MAX_DEPTH: usize = 256;

/// One element with its attributes, text and children.
#[derive(Debug, Default)]
pub(crate) struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
    /// 1-based line of the start tag.
    pub line: u64,
}

impl Element {
    /// The first child with this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// All children with this local name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Trimmed text of the first child with this name, `None` when absent or blank.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name)
            .and_then(|c| crate::text::non_empty(&c.text))
    }

    /// An attribute value, `None` when absent or blank.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| crate::text::non_empty(v))
    }
}

/// Parses a whole document; a syntax error is [`ListError::Malformed`] since
/// XML cannot be resynchronised after one.
pub(crate) fn parse(path: &Path, text: &str) -> Result<Element, ListError> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let line_at = |offset: u64| line_starts.partition_point(|&start| start as u64 <= offset) as u64;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element {
        name: "#document".into(),
        ..Element::default()
    }];
    loop {
        let position = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            ListError::malformed(path, line_at(reader.error_position()), format!("xml: {e}"))
        })?;
        match event {
            Event::Start(start) => {
                // The tree is dropped (and walked) recursively: a hostile
                // file nested a million levels deep would overflow the stack.
                if stack.len() > MAX_DEPTH {
                    return Err(ListError::malformed(
                        path,
                        line_at(position),
                        format!("elements nested deeper than {MAX_DEPTH} levels"),
                    ));
                }
                stack.push(element(&reader, &start, line_at(position), path)?)
            }
            Event::Empty(start) => {
                let element = element(&reader, &start, line_at(position), path)?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(element);
                }
            }
            Event::End(_) => {
                let Some(mut done) = stack.pop() else { break };
                done.text = done.text.trim().to_string();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => {
                        return Err(ListError::malformed(
                            path,
                            line_at(position),
                            "unbalanced end tag",
                        ));
                    }
                }
            }
            Event::Text(text) => {
                let decoded = text
                    .xml10_content()
                    .map_err(|e| ListError::malformed(path, line_at(position), e.to_string()))?;
                push_text(&mut stack, &decoded);
            }
            Event::CData(data) => push_text(&mut stack, &String::from_utf8_lossy(&data)),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(ch)) => ch.to_string(),
                    _ => {
                        let name = reference.decode().map_err(|e| {
                            ListError::malformed(path, line_at(position), e.to_string())
                        })?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .unwrap_or("")
                            .to_string()
                    }
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(ListError::malformed(
            path,
            line_starts.len() as u64,
            "unexpected end of document (unclosed elements)",
        ));
    }
    let mut document = stack.pop().unwrap_or_default();
    Ok(document.children.pop().unwrap_or_default())
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut() {
        top.text.push_str(text);
    }
}

fn element(
    reader: &quick_xml::Reader<&[u8]>,
    start: &quick_xml::events::BytesStart<'_>,
    line: u64,
    path: &Path,
) -> Result<Element, ListError> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute
            .map_err(|e| ListError::malformed(path, line, format!("xml attribute: {e}")))?;
        let key = String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned();
        let value = attribute
            .decode_and_unescape_value(reader.decoder())
            .map_err(|e| ListError::malformed(path, line, format!("xml attribute: {e}")))?;
        attributes.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attributes,
        line,
        ..Element::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_beyond_the_limit_is_malformed_not_a_stack_overflow() {
        let deep = 1_000_000;
        let doc = format!("{}{}", "<a>".repeat(deep), "</a>".repeat(deep));
        let error = parse(Path::new("deep.xml"), &doc).unwrap_err().to_string();
        assert!(error.contains("deeper than 256 levels"), "{error}");
        let fine = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert_eq!(parse(Path::new("ok.xml"), &fine).unwrap().name, "a");
    }

    #[test]
    fn builds_tree_with_entities_and_lines() {
        let doc = "<a x=\"1 &amp; 2\">\n<b>Tom &amp; Jerry</b><c/>\n<b>Z</b></a>";
        let root = parse(Path::new("t.xml"), doc).unwrap();
        assert_eq!(root.name, "a");
        assert_eq!(root.attribute("x"), Some("1 & 2"));
        assert_eq!(root.child_text("b"), Some("Tom & Jerry"));
        assert_eq!(root.children_named("b").count(), 2);
        assert_eq!(root.children[2].line, 3);
    }

    #[test]
    fn truncated_document_is_malformed() {
        assert!(parse(Path::new("t.xml"), "<a><b>x</b>").is_err());
    }
}
