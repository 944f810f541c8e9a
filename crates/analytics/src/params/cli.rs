//! Parameter values as clap arguments (feature `cli`).

use std::ffi::OsStr;
use std::marker::PhantomData;

use clap::builder::{PossibleValue, TypedValueParser};

use super::ParamValue;

/// Parses a flag's argument with [`ParamValue::parse_param`], so the CLI
/// says what the API says, and lists a closed set's choices in `--help`.
#[derive(Debug)]
pub struct ParamParser<T>(PhantomData<fn() -> T>);

impl<T> ParamParser<T> {
    /// The parser of `T`.
    pub fn new() -> ParamParser<T> {
        ParamParser(PhantomData)
    }
}

impl<T> Default for ParamParser<T> {
    fn default() -> ParamParser<T> {
        ParamParser::new()
    }
}

impl<T> Clone for ParamParser<T> {
    fn clone(&self) -> ParamParser<T> {
        ParamParser::new()
    }
}

impl<T: ParamValue> TypedValueParser for ParamParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        // clap's own parser for functions reports the flag and the value
        // around our message.
        let parse = |text: &str| T::parse_param(text.trim());
        parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let choices = T::choices();
        (!choices.is_empty()).then(|| {
            Box::new(choices.iter().map(PossibleValue::new)) as Box<dyn Iterator<Item = _>>
        })
    }
}
