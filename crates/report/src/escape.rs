//! Escaping for the places our text lands: markup (HTML, SVG) and URLs.
//! One copy here, used by the report renderers and the dashboard alike.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Escapes text for XML and HTML content and attribute values. Characters
/// that XML 1.0 forbids outright (most C0 controls) are dropped, because no
/// escape makes them legal and one would make the whole SVG unreadable.
pub fn escape_xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            '\t' | '\n' | '\r' => escaped.push(character),
            control if (control as u32) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            other => escaped.push(other),
        }
    }
    escaped
}

/// What stays as it is in a URI component (a query value, a path segment):
/// RFC 3986's unreserved characters.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A link path keeps its `/` too, so the directory structure survives.
const LINK_PATH: &AsciiSet = &QUERY_VALUE.remove(b'/');

/// Percent-encodes one URI component — a query value (`&name=VALUE`) or a
/// path segment (`/entity/ID`) — as UTF-8.
pub fn encode_uri_component(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

/// Percent-encodes a relative path for a link target, keeping `/`. Spaces
/// and non-ASCII names would otherwise break Markdown links and some HTML
/// viewers.
pub fn encode_link_path(path: &str) -> String {
    utf8_percent_encode(path, LINK_PATH).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_controls_are_escaped() {
        assert_eq!(
            escape_xml("AT&T <Ltd> \"q\" 'a'\u{1}"),
            "AT&amp;T &lt;Ltd&gt; &quot;q&quot; &#39;a&#39;"
        );
    }

    #[test]
    fn uri_components_keep_only_unreserved_characters() {
        assert_eq!(
            encode_uri_component("8542,8541 a&b=c/ü~"),
            "8542%2C8541%20a%26b%3Dc%2F%C3%BC~"
        );
    }

    #[test]
    fn link_paths_keep_their_slashes() {
        assert_eq!(
            encode_link_path("my report_files/a b.csv"),
            "my%20report_files/a%20b.csv"
        );
        assert_eq!(encode_link_path("ä/x#y"), "%C3%A4/x%23y");
    }
}
