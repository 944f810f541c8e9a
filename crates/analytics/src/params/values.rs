//! The types of parameter values and how each is read from its text, with
//! the message a user sees when it does not parse (the same for a flag and
//! a query-string value).

use std::fmt;

use chokepoint_catalog::{Basket, BasketSet, resolve_country_groups};
use chokepoint_model::{Country, HsCode, Period, QuantityUnit};

use crate::{AnalyticsError, Grain, Measure, OriginGroup, ShareSource, TotalsSource};

/// A parameter's value read from its text (a flag's argument, a query
/// string's value).
pub trait ParamValue: Sized + Clone + Send + Sync + 'static {
    /// Parses trimmed, non-empty text; the error is the message after
    /// `invalid <parameter>: `.
    fn parse_param(text: &str) -> Result<Self, String>;

    /// The accepted values of a closed set (shown in help and OpenAPI);
    /// empty for open sets.
    fn choices() -> &'static [&'static str] {
        &[]
    }
}

/// `"x": expected a, b or c`.
fn expected_one_of(text: &str, choices: &[&str]) -> String {
    let listed = match choices {
        [] => String::new(),
        [only] => (*only).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    format!("{text:?}: expected {listed}")
}

/// Closed sets we own: their names once, for help, OpenAPI, `Display` and
/// the "expected ..." message; reading them (with aliases such as `q`,
/// `qty`) stays the type's own `parse`.
macro_rules! choice_values {
    ($($kind:ident { $($variant:ident => $name:literal),+ $(,)? })+) => {$(
        impl $kind {
            /// The value's name as parameters spell it.
            fn param_name(self) -> &'static str {
                match self {
                    $($kind::$variant => $name,)+
                }
            }
        }

        impl fmt::Display for $kind {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.param_name())
            }
        }

        impl ParamValue for $kind {
            fn parse_param(text: &str) -> Result<Self, String> {
                $kind::parse(text).ok_or_else(|| expected_one_of(text, Self::choices()))
            }

            fn choices() -> &'static [&'static str] {
                &[$($name),+]
            }
        }

        /// A string schema listing the choices.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $kind {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some(<$kind as ParamValue>::choices().iter().copied()))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $kind {}
    )+};
}

choice_values! {
    Grain { Month => "month", Quarter => "quarter", Year => "year" }
    ShareSource { Direct => "direct", Mirror => "mirror", Both => "both" }
    Measure { Value => "value", Quantity => "quantity" }
    TotalsSource { Exporter => "exporter", Importer => "importer" }
}

impl ParamValue for usize {
    fn parse_param(text: &str) -> Result<Self, String> {
        text.parse()
            .map_err(|_| format!("{text:?}: expected a whole number"))
    }
}

impl ParamValue for bool {
    fn parse_param(text: &str) -> Result<Self, String> {
        text.parse()
            .map_err(|_| format!("{text:?}: expected true or false"))
    }
}

impl ParamValue for &'static Country {
    fn parse_param(text: &str) -> Result<Self, String> {
        Country::lookup(text).map_err(|e| e.to_string())
    }
}

impl ParamValue for Period {
    fn parse_param(text: &str) -> Result<Self, String> {
        Period::parse(text).map_err(|e| e.to_string())
    }
}

impl ParamValue for QuantityUnit {
    fn parse_param(text: &str) -> Result<Self, String> {
        QuantityUnit::parse(text).map_err(|e| e.to_string())
    }
}

impl ParamValue for OriginGroup {
    fn parse_param(text: &str) -> Result<Self, String> {
        OriginGroup::parse(text).map_err(|error| match error {
            AnalyticsError::InvalidParameter { message, .. } => message,
            other => other.to_string(),
        })
    }
}

/// A basket name or HS code prefixes (`854231,8541`), as given: which one
/// it is depends on the basket registry, so it is resolved by
/// [`BasketOrCodes::resolve`] in each question's `to_query`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasketOrCodes(String);

impl BasketOrCodes {
    /// The text as given (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The basket: a basket name wins; a value starting with a digit that
    /// is no basket's name is read as HS code prefixes.
    pub fn resolve(
        &self,
        baskets: &BasketSet,
        parameter: &'static str,
    ) -> Result<Basket, AnalyticsError> {
        let invalid = |message: String| AnalyticsError::InvalidParameter { parameter, message };
        let text = self.as_str();
        if let Some(basket) = baskets.get(text) {
            return Ok(basket.clone());
        }
        if text.starts_with(|c: char| c.is_ascii_digit()) {
            let codes = text
                .split(',')
                .map(|code| HsCode::parse(code.trim()).map_err(|e| invalid(e.to_string())))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(Basket::from_codes(codes));
        }
        Err(invalid(format!(
            "unknown basket {text:?}: expected one of {}, or HS codes such as 854231,8541",
            baskets.names().join(", ")
        )))
    }
}

impl From<&str> for BasketOrCodes {
    fn from(text: &str) -> BasketOrCodes {
        BasketOrCodes(text.trim().to_string())
    }
}

impl fmt::Display for BasketOrCodes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ParamValue for BasketOrCodes {
    fn parse_param(text: &str) -> Result<Self, String> {
        Ok(BasketOrCodes::from(text))
    }
}

/// A window of months, `FIRST..LAST` (first not after last).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRange {
    /// The first month.
    pub first: Period,
    /// The last month.
    pub last: Period,
}

impl From<MonthRange> for (Period, Period) {
    fn from(range: MonthRange) -> (Period, Period) {
        (range.first, range.last)
    }
}

impl From<(Period, Period)> for MonthRange {
    fn from((first, last): (Period, Period)) -> MonthRange {
        MonthRange { first, last }
    }
}

impl fmt::Display for MonthRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.first, self.last)
    }
}

impl ParamValue for MonthRange {
    fn parse_param(text: &str) -> Result<Self, String> {
        let (first, last) = text
            .split_once("..")
            .ok_or_else(|| format!("{text:?}: expected FIRST..LAST, e.g. 2021-01..2021-12"))?;
        let (first, last) = (Period::parse_param(first)?, Period::parse_param(last)?);
        if first > last {
            return Err(format!("{first} is after {last}"));
        }
        Ok(MonthRange { first, last })
    }
}

/// Economies, comma-separated ISO codes or names (`CHN,HKG`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryList(pub Vec<&'static Country>);

impl fmt::Display for CountryList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let codes: Vec<&str> = self.0.iter().map(|c| c.alpha3()).collect();
        f.write_str(&codes.join(","))
    }
}

impl ParamValue for CountryList {
    fn parse_param(text: &str) -> Result<Self, String> {
        text.split(',')
            .map(|code| Country::lookup(code.trim()).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()
            .map(CountryList)
    }
}

/// Economies or groups of them (`coalition`, `EU27,G7`, ISO codes), kept
/// with the text as given, which pages and reports quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryGroups {
    text: String,
    members: Vec<&'static Country>,
}

impl CountryGroups {
    /// The member economies, groups expanded.
    pub fn members(&self) -> &[&'static Country] {
        &self.members
    }

    /// The text as given (trimmed).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for CountryGroups {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl ParamValue for CountryGroups {
    fn parse_param(text: &str) -> Result<Self, String> {
        let members = resolve_country_groups(text).map_err(|e| e.to_string())?;
        Ok(CountryGroups {
            text: text.to_string(),
            members,
        })
    }
}

/// A non-negative finite amount (USD).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount(f64);

impl Amount {
    /// The amount, if `value` is finite and not negative.
    pub fn new(value: f64) -> Option<Amount> {
        (value.is_finite() && value >= 0.0).then_some(Amount(value))
    }

    /// The amount.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl ParamValue for Amount {
    fn parse_param(text: &str) -> Result<Self, String> {
        let value: f64 = text
            .parse()
            .map_err(|_| format!("{text:?}: expected a non-negative number"))?;
        Amount::new(value).ok_or_else(|| format!("{value}: expected a non-negative number"))
    }
}

/// A fraction in `0..1` (`0.06` = 6 %).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fraction(f64);

impl Fraction {
    /// The fraction, if `value` is in `0..1`.
    pub fn new(value: f64) -> Option<Fraction> {
        (value.is_finite() && (0.0..1.0).contains(&value)).then_some(Fraction(value))
    }

    /// The fraction.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl ParamValue for Fraction {
    fn parse_param(text: &str) -> Result<Self, String> {
        let amount = Amount::parse_param(text)?.get();
        Fraction::new(amount).ok_or_else(|| format!("{amount}: expected a fraction such as 0.06"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every listed choice reads back as the value of that name, so help,
    /// OpenAPI and messages list exactly what the parsers accept.
    fn check_choices<T: ParamValue + fmt::Display>() {
        for name in T::choices() {
            let value = T::parse_param(name).unwrap();
            assert_eq!(value.to_string(), *name);
        }
    }

    #[test]
    fn choices_round_trip() {
        check_choices::<Grain>();
        check_choices::<ShareSource>();
        check_choices::<Measure>();
        check_choices::<TotalsSource>();
        assert_eq!(Grain::parse_param("Q").unwrap(), Grain::Quarter);
        assert_eq!(
            Grain::parse_param("weekly").unwrap_err(),
            "\"weekly\": expected month, quarter or year"
        );
        assert_eq!(
            Measure::parse_param("x").unwrap_err(),
            "\"x\": expected value or quantity"
        );
    }

    #[test]
    fn values_and_messages() {
        assert_eq!(
            usize::parse_param("x").unwrap_err(),
            "\"x\": expected a whole number"
        );
        assert_eq!(
            MonthRange::parse_param("2021-12..2021-01").unwrap_err(),
            "2021-12 is after 2021-01"
        );
        assert_eq!(
            MonthRange::parse_param("2021").unwrap_err(),
            "\"2021\": expected FIRST..LAST, e.g. 2021-01..2021-12"
        );
        assert_eq!(
            MonthRange::parse_param("2021-01..2021-12")
                .unwrap()
                .to_string(),
            "2021-01..2021-12"
        );
        assert_eq!(
            Amount::parse_param("-1").unwrap_err(),
            "-1: expected a non-negative number"
        );
        assert_eq!(
            Fraction::parse_param("1.5").unwrap_err(),
            "1.5: expected a fraction such as 0.06"
        );
        assert_eq!(
            CountryList::parse_param("chn, HKG").unwrap().to_string(),
            "CHN,HKG"
        );
        assert_eq!(CountryGroups::parse_param("G7").unwrap().as_str(), "G7");
        let baskets = BasketSet::builtin();
        let codes = BasketOrCodes::from(" 854231,8541 ");
        assert_eq!(codes.as_str(), "854231,8541");
        assert!(codes.resolve(&baskets, "basket").is_ok());
        let unknown = BasketOrCodes::from("chips")
            .resolve(&baskets, "basket")
            .unwrap_err();
        assert!(
            unknown
                .to_string()
                .starts_with("invalid basket: unknown basket \"chips\"")
        );
        let bad_code = BasketOrCodes::from("854231,85x2")
            .resolve(&baskets, "basket")
            .unwrap_err();
        assert!(
            bad_code.to_string().contains("invalid HS code \"85x2\""),
            "{bad_code}"
        );
    }
}
