//! Claim files (TOML): one `[[claim]]` table per statement.
//!
//! ```toml
//! [[claim]]
//! id = "microelectronics-share-2023"
//! statement = "around 90% of Russia's microelectronics were sourced from China in 2023"
//! kind = "share"                 # share | growth | total
//! basket = "microelectronics"    # or a list, e.g. ["chpl", "machine-tools"]
//! origins = ["CHN", "HKG"]
//! destination = "RUS"
//! period = "2023"                # a year, 2023-Q4, a month; or since = "2023-01" (+ until)
//! claimed = 0.90
//! tolerance = 0.05               # absolute for shares, relative otherwise
//! ```
//!
//! Growth claims add `versus` (the window compared against); `measure =
//! "quantity"` with `unit = "mi"` converts quantities; `comparison` is
//! `about` (default), `at_least` or `at_most`; `reported_by` is `exporter`
//! (default, mirror data) or `importer`.

use std::path::Path;

use chokepoint_catalog::{Basket, BasketSet};
use chokepoint_model::{Country, Period, QuantityUnit};
use serde::Deserialize;

use crate::claims::{Claim, ClaimKind, Comparison, ReportedBy, Window};
use crate::surges::Measure;

/// A problem in a claim file, naming the file, the claim and the field.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClaimFileError {
    /// The file cannot be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML or a field has the wrong type.
    #[error("{path}: {message}")]
    Syntax {
        /// The file.
        path: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A field's value is invalid.
    #[error("{path}: claim {claim:?}: field {field}: {message}")]
    Field {
        /// The file.
        path: String,
        /// The claim's id (or its position).
        claim: String,
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    claim: Vec<RawClaim>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    id: Option<String>,
    statement: String,
    source: Option<String>,
    kind: String,
    basket: OneOrMany,
    origins: OneOrMany,
    destination: String,
    period: Option<String>,
    since: Option<String>,
    until: Option<String>,
    versus: Option<String>,
    measure: Option<String>,
    unit: Option<String>,
    reported_by: Option<String>,
    claimed: f64,
    comparison: Option<String>,
    tolerance: Option<f64>,
}

/// Reads a claim file.
pub fn read_claim_file(path: &Path, baskets: &BasketSet) -> Result<Vec<Claim>, ClaimFileError> {
    let text = std::fs::read_to_string(path).map_err(|source| ClaimFileError::Read {
        path: path.display().to_string(),
        source,
    })?;
    parse_claims(&text, &path.display().to_string(), baskets)
}

/// Parses claim-file text; `origin` names it in errors.
pub fn parse_claims(
    text: &str,
    origin: &str,
    baskets: &BasketSet,
) -> Result<Vec<Claim>, ClaimFileError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| ClaimFileError::Syntax {
        path: origin.to_string(),
        message: e.to_string().trim_end().to_string(),
    })?;
    if raw.claim.is_empty() {
        return Err(ClaimFileError::Syntax {
            path: origin.to_string(),
            message: "no [[claim]] table".into(),
        });
    }
    raw.claim
        .into_iter()
        .enumerate()
        .map(|(index, raw)| convert(raw, index, origin, baskets))
        .collect()
}

fn list(value: OneOrMany) -> Vec<String> {
    match value {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    }
}

fn convert(
    raw: RawClaim,
    index: usize,
    origin: &str,
    baskets: &BasketSet,
) -> Result<Claim, ClaimFileError> {
    let id = raw.id.clone().unwrap_or_else(|| format!("#{}", index + 1));
    let fail = |field: &'static str, message: String| ClaimFileError::Field {
        path: origin.to_string(),
        claim: id.clone(),
        field,
        message,
    };
    let kind = match raw.kind.as_str() {
        "share" => ClaimKind::Share,
        "growth" => ClaimKind::Growth,
        "total" => ClaimKind::Total,
        other => {
            return Err(fail(
                "kind",
                format!("{other:?}: expected share, growth or total"),
            ));
        }
    };
    let basket_names = list(raw.basket);
    let members = basket_names
        .iter()
        .map(|name| {
            baskets.get(name).ok_or_else(|| {
                fail(
                    "basket",
                    format!(
                        "unknown basket {name:?}: expected one of {}",
                        baskets.names().join(", ")
                    ),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let basket = Basket::union(&members).ok_or_else(|| {
        fail(
            "basket",
            "total trade cannot be combined with other baskets".into(),
        )
    })?;
    let country = |field: &'static str, text: &str| {
        Country::lookup(text).map_err(|e| fail(field, e.to_string()))
    };
    let origins = list(raw.origins)
        .iter()
        .map(|code| country("origins", code))
        .collect::<Result<Vec<_>, _>>()?;
    if origins.is_empty() {
        return Err(fail("origins", "no origin given".into()));
    }
    let destination = country("destination", &raw.destination)?;
    let window = match (&raw.period, &raw.since) {
        (Some(period), None) => Window::parse(period).ok_or_else(|| {
            fail(
                "period",
                format!("{period:?}: expected 2023, 2023-Q4 or 2023-08"),
            )
        })?,
        (None, Some(since)) => {
            let month = |field: &'static str, text: &str| {
                Period::parse(text).map_err(|e| fail(field, e.to_string()))
            };
            Window {
                first: month("since", since)?,
                last: raw
                    .until
                    .as_deref()
                    .map(|u| month("until", u))
                    .transpose()?,
            }
        }
        _ => {
            return Err(fail(
                "period",
                "give either period or since (and until)".into(),
            ));
        }
    };
    let versus = match (kind, &raw.versus) {
        (ClaimKind::Growth, Some(text)) => Some(Window::parse(text).ok_or_else(|| {
            fail(
                "versus",
                format!("{text:?}: expected a year, quarter or month"),
            )
        })?),
        (ClaimKind::Growth, None) => {
            return Err(fail("versus", "a growth claim needs versus".into()));
        }
        (_, Some(_)) => return Err(fail("versus", "only growth claims compare windows".into())),
        (_, None) => None,
    };
    let measure = match raw.measure.as_deref() {
        None => Measure::Value,
        Some(text) => Measure::parse(text)
            .ok_or_else(|| fail("measure", format!("{text:?}: expected value or quantity")))?,
    };
    if kind == ClaimKind::Share && measure == Measure::Quantity {
        return Err(fail(
            "measure",
            "shares are of value: goods in different units do not add up".into(),
        ));
    }
    let unit = raw
        .unit
        .as_deref()
        .map(|u| QuantityUnit::parse(u).map_err(|e| fail("unit", e.to_string())))
        .transpose()?;
    let reported_by = match raw.reported_by.as_deref() {
        None | Some("exporter") => ReportedBy::Exporter,
        Some("importer") => ReportedBy::Importer,
        Some(other) => {
            return Err(fail(
                "reported_by",
                format!("{other:?}: expected exporter or importer"),
            ));
        }
    };
    let comparison = match raw.comparison.as_deref() {
        None | Some("about") => Comparison::About,
        Some("at_least" | "more_than") => Comparison::AtLeast,
        Some("at_most" | "less_than") => Comparison::AtMost,
        Some(other) => {
            return Err(fail(
                "comparison",
                format!("{other:?}: expected about, at_least or at_most"),
            ));
        }
    };
    let tolerance = raw.tolerance.unwrap_or(match kind {
        ClaimKind::Share => 0.05,
        ClaimKind::Growth => 0.15,
        ClaimKind::Total => 0.10,
    });
    if !(tolerance.is_finite() && tolerance >= 0.0) {
        return Err(fail(
            "tolerance",
            format!("{tolerance}: expected a non-negative number"),
        ));
    }
    if !raw.claimed.is_finite() || (kind == ClaimKind::Share && !(0.0..=1.0).contains(&raw.claimed))
    {
        return Err(fail(
            "claimed",
            format!("{}: a share is a fraction between 0 and 1", raw.claimed),
        ));
    }
    Ok(Claim {
        id,
        statement: raw.statement,
        source: raw.source,
        kind,
        basket,
        origins,
        destination,
        window,
        versus,
        measure,
        unit,
        reported_by,
        claimed: raw.claimed,
        comparison,
        tolerance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Claim>, ClaimFileError> {
        parse_claims(text, "claims.toml", &BasketSet::builtin())
    }

    #[test]
    fn a_growth_claim_in_miles() {
        let claims = parse(
            r#"
            [[claim]]
            id = "fibre"
            statement = "surged nearly tenfold in August"
            kind = "growth"
            basket = "fibre-optic"
            origins = "CHN"
            destination = "RUS"
            period = "2025-08"
            versus = "2025-07"
            measure = "quantity"
            unit = "mi"
            claimed = 10
            "#,
        )
        .unwrap();
        let claim = &claims[0];
        assert_eq!(claim.kind, ClaimKind::Growth);
        assert_eq!(claim.unit, Some(QuantityUnit::Miles));
        assert_eq!(claim.tolerance, 0.15);
        assert_eq!(claim.versus.unwrap().first, Period::new(2025, 7).unwrap());
    }

    #[test]
    fn errors_name_the_claim_and_the_field() {
        let base = |extra: &str| {
            format!(
                "[[claim]]\nid = \"x\"\nstatement = \"s\"\nkind = \"share\"\nbasket = \"microelectronics\"\n\
                 origins = [\"CHN\"]\ndestination = \"RUS\"\nclaimed = 0.9\n{extra}"
            )
        };
        let message = |extra: &str| parse(&base(extra)).unwrap_err().to_string();
        assert!(message("period = \"2023\"\nmeasure = \"quantity\"").contains("field measure"));
        assert!(message("period = \"someday\"").contains("field period"));
        assert!(message("").contains("field period"));
        let unknown =
            parse(&base("period = \"2023\"").replace("microelectronics", "chips")).unwrap_err();
        assert!(
            unknown.to_string().contains("claim \"x\": field basket"),
            "{unknown}"
        );
        let syntax = parse("[[claim]]\nstatement = ").unwrap_err();
        assert!(syntax.to_string().starts_with("claims.toml: "), "{syntax}");
        assert!(parse(&base("period = \"2023\"\nclaimed2 = 1")).is_err());
    }
}
