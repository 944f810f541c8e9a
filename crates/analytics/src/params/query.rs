//! Reading a question's parameters from a query string
//! (`basket=chpl&to=RUS&group=a=CHN&group=b=HKG`).
//!
//! `serde_html_form` groups a repeated name into a sequence (the
//! `serde_urlencoded` behind axum's `Query` cannot put repeated keys into a
//! `Vec`); empty values count as absent, and the field helpers here trim
//! values and let the last value of a single-valued name win, as the
//! dashboard's forms, its defaults and hand-written links expect. `serde_path_to_error`
//! names the field whose value failed, so every error is
//! [`AnalyticsError::InvalidParameter`] naming the parameter.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};

use super::ParamValue;
use crate::AnalyticsError;

/// Reads parameters from a query string (without the `?`); names that are
/// no field are ignored.
///
/// ```
/// use chokepoint_analytics::{SharesParams, from_query};
///
/// let params: SharesParams = from_query("basket=chpl&to=rus&group=china=CHN,HKG&group=us=USA").unwrap();
/// assert_eq!(params.to.unwrap().alpha3(), "RUS");
/// assert_eq!(params.group.len(), 2);
/// let error = from_query::<SharesParams>("to=Atlantis").unwrap_err();
/// assert!(error.to_string().starts_with("invalid to: "), "{error}");
/// ```
pub fn from_query<T: DeserializeOwned>(query: &str) -> Result<T, AnalyticsError> {
    // An empty value counts as absent, so that serde's defaults apply to it
    // (a form's blank input means "the default").
    let given = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            form_urlencoded::parse(query.as_bytes()).filter(|(_, v)| !v.trim().is_empty()),
        )
        .finish();
    let fields = Cell::new(&[][..]);
    let deserializer = FieldNames {
        inner: serde_html_form::Deserializer::from_bytes(given.as_bytes()),
        fields: &fields,
    };
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let key = match error.path().iter().next() {
            Some(serde_path_to_error::Segment::Map { key }) => key.clone(),
            _ => String::new(),
        };
        // The field names are the struct's own (`&'static`), as serde hands
        // them to `deserialize_struct`.
        let parameter = fields
            .get()
            .iter()
            .find(|name| **name == key)
            .copied()
            .unwrap_or("query");
        AnalyticsError::InvalidParameter {
            parameter,
            message: error.into_inner().to_string(),
        }
    })
}

/// Passes everything to `inner`, keeping the field names of the struct
/// being read.
struct FieldNames<'a, D> {
    inner: D,
    fields: &'a Cell<&'static [&'static str]>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for FieldNames<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.fields.set(fields);
        self.inner.deserialize_struct(name, fields, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// An optional single-valued parameter: its last value, parsed.
pub(crate) fn optional<'de, D: Deserializer<'de>, T: ParamValue>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    let texts = deserializer.deserialize_any(Texts)?;
    texts.last().map(|text| parse(text)).transpose()
}

/// A single-valued parameter with a default (serde's `default`, taken
/// when the name is absent or only has empty values): its last value.
pub(crate) fn value<'de, D: Deserializer<'de>, T: ParamValue>(
    deserializer: D,
) -> Result<T, D::Error> {
    // `from_query` dropped empty values, so a name that is present has one.
    optional(deserializer)?.ok_or_else(|| de::Error::custom("is empty"))
}

/// Every value of a repeatable parameter, parsed.
pub(crate) fn all<'de, D: Deserializer<'de>, T: ParamValue>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    let texts = deserializer.deserialize_any(Texts)?;
    texts.iter().map(|text| parse(text)).collect()
}

fn parse<T: ParamValue, E: de::Error>(text: &str) -> Result<T, E> {
    T::parse_param(text).map_err(E::custom)
}

/// One value or the values of a repeated name, trimmed, empty ones dropped.
struct Texts;

impl<'de> Visitor<'de> for Texts {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Vec<String>, E> {
        let mut texts = Vec::new();
        push_trimmed(&mut texts, text);
        Ok(texts)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut texts = Vec::new();
        while let Some(text) = seq.next_element::<String>()? {
            push_trimmed(&mut texts, &text);
        }
        Ok(texts)
    }
}

fn push_trimmed(texts: &mut Vec<String>, text: &str) {
    let text = text.trim();
    if !text.is_empty() {
        texts.push(text.to_string());
    }
}

#[cfg(test)]
mod tests {
    use chokepoint_catalog::BasketSet;

    use crate::{CorridorsParams, Grain, SharesParams, SurgesParams, TotalsParams};

    use super::from_query;

    fn error<T: serde::de::DeserializeOwned + std::fmt::Debug>(query: &str) -> String {
        from_query::<T>(query).unwrap_err().to_string()
    }

    #[test]
    fn repeated_names_trimmed_and_empty_values() {
        let params: SharesParams =
            from_query("basket=chpl&to=&to=%20rus%20&by=year&by=q&group=a%3DCHN&group=&group=b=HKG,MAC&focus=2")
                .unwrap();
        assert_eq!(
            params.to.unwrap().alpha3(),
            "RUS",
            "last non-empty value, trimmed"
        );
        assert_eq!(params.by, Grain::Quarter, "the last value wins");
        let labels: Vec<&str> = params.group.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(
            labels,
            ["a", "b"],
            "every non-empty value of a repeated name"
        );
        let params: SharesParams = from_query("by=&top=%20").unwrap();
        assert_eq!(
            (params.by, params.top),
            (Grain::Year, 10),
            "empty is absent"
        );
        let params: SurgesParams = from_query("all_points=true").unwrap();
        assert!(params.all_points);
        assert!(!from_query::<SurgesParams>("").unwrap().all_points);
    }

    #[test]
    fn messages_name_the_parameter() {
        assert!(error::<SurgesParams>("to=Atlantis").starts_with("invalid to: "));
        assert_eq!(
            error::<SharesParams>("top=ten"),
            "invalid top: \"ten\": expected a whole number"
        );
        assert_eq!(
            error::<SharesParams>("source=x"),
            "invalid source: \"x\": expected direct, mirror or both"
        );
        assert_eq!(
            error::<TotalsParams>("source=x"),
            "invalid source: \"x\": expected exporter or importer"
        );
        assert_eq!(
            error::<SurgesParams>("all_points=yes"),
            "invalid all_points: \"yes\": expected true or false"
        );
        assert_eq!(
            error::<SurgesParams>("min_value=-3"),
            "invalid min_value: -3: expected a non-negative number"
        );
        assert_eq!(
            error::<CorridorsParams>("cif_fob=2"),
            "invalid cif_fob: 2: expected a fraction such as 0.06"
        );
        assert_eq!(
            error::<CorridorsParams>("baseline=2021-05"),
            "invalid baseline: \"2021-05\": expected FIRST..LAST, e.g. 2021-01..2021-12"
        );
        assert!(error::<TotalsParams>("since=2023-13").starts_with("invalid since: "));
        assert!(error::<SharesParams>("group=nolabel").starts_with("invalid group: "));
        let baskets = BasketSet::builtin();
        let missing = |query: &str| {
            from_query::<TotalsParams>(query)
                .unwrap()
                .to_query(&baskets)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(missing(""), "invalid from: is required");
        assert_eq!(missing("from=CHN"), "invalid basket: is required");
        assert_eq!(missing("from=CHN&basket=chpl"), "invalid to: is required");
        assert_eq!(
            missing("from=CHN&basket=chpl&to=RUS"),
            "invalid since: is required"
        );
    }
}
