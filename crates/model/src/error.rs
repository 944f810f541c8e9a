use thiserror::Error;

/// Why a text value could not be parsed into a domain type.
///
/// Messages name the offending value so ingest can put them in a reject reason
/// verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ModelError {
    /// Not a recognised ISO 3166 / UN M49 code or country name.
    #[error("unknown country {0:?}")]
    UnknownCountry(String),
    /// Not 2 to 10 digits after removing dots and spaces.
    #[error("invalid HS code {0:?}: expected 2 to 10 digits")]
    InvalidHsCode(String),
    /// Not an HS revision label (H0..H6, HS1992..HS2022).
    #[error("invalid HS revision {0:?}")]
    InvalidHsRevision(String),
    /// Not a month in a recognised layout.
    #[error("invalid period {0:?}: expected a month such as 2024-08, 202408 or Aug. 2024")]
    InvalidPeriod(String),
    /// Not a trade flow label.
    #[error("invalid flow {0:?}: expected import, export, re-export or re-import")]
    InvalidFlow(String),
    /// Not a known quantity unit.
    #[error("unknown quantity unit {0:?}")]
    UnknownUnit(String),
}
