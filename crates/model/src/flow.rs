use std::fmt;

use crate::ModelError;

/// Direction of a reported trade flow, from the reporter's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FlowDirection {
    /// Goods entering the reporter.
    Import,
    /// Goods leaving the reporter.
    Export,
    /// Foreign goods leaving the reporter after import.
    ReExport,
    /// Domestic goods returning to the reporter.
    ReImport,
}

impl FlowDirection {
    /// Parses the labels of Comtrade (`M`, `X`, `RX`, `RM`, `Import`, `Re-export`),
    /// Comext (`1`/`2`, `IMPORT`, `2-EXPORT`) and plain text.
    pub fn parse(text: &str) -> Result<FlowDirection, ModelError> {
        let trimmed = text.trim();
        // Comext codes flows as 1 (import) and 2 (export), sometimes as a prefix: "2-EXPORT".
        match trimmed {
            "1" | "M" => return Ok(FlowDirection::Import),
            "2" | "X" => return Ok(FlowDirection::Export),
            _ => {}
        }
        let letters: String = trimmed
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let flow = match letters.as_str() {
            "m" | "import" | "imports" | "importation" => FlowDirection::Import,
            "x" | "export" | "exports" | "exportation" => FlowDirection::Export,
            "rx" | "reexport" | "reexports" => FlowDirection::ReExport,
            "rm" | "reimport" | "reimports" => FlowDirection::ReImport,
            _ => return Err(ModelError::InvalidFlow(text.to_string())),
        };
        Ok(flow)
    }

    /// The label stored in tables: `import`, `export`, `re-export`, `re-import`.
    pub fn as_str(self) -> &'static str {
        match self {
            FlowDirection::Import => "import",
            FlowDirection::Export => "export",
            FlowDirection::ReExport => "re-export",
            FlowDirection::ReImport => "re-import",
        }
    }

    /// Whether goods move towards the reporter.
    pub fn is_inbound(self) -> bool {
        matches!(self, FlowDirection::Import | FlowDirection::ReImport)
    }
}

impl fmt::Display for FlowDirection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_source_labels() {
        let cases = [
            ("M", FlowDirection::Import),
            ("X", FlowDirection::Export),
            ("RX", FlowDirection::ReExport),
            ("Re-import", FlowDirection::ReImport),
            ("EXPORT", FlowDirection::Export),
            ("2-EXPORT", FlowDirection::Export),
            ("1", FlowDirection::Import),
            ("2", FlowDirection::Export),
            ("Import", FlowDirection::Import),
        ];
        for (text, expected) in cases {
            assert_eq!(FlowDirection::parse(text).unwrap(), expected, "{text}");
        }
        assert!(FlowDirection::parse("transit").is_err());
        assert!(FlowDirection::parse("3").is_err());
    }

    #[test]
    fn stored_labels_parse_back() {
        for flow in [
            FlowDirection::Import,
            FlowDirection::Export,
            FlowDirection::ReExport,
            FlowDirection::ReImport,
        ] {
            assert_eq!(FlowDirection::parse(flow.as_str()).unwrap(), flow);
        }
    }
}
