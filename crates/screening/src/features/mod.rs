//! Scoring features: each one looks at an aligned pair of names and
//! contributes `value × weight` to the score. New features implement
//! [`Feature`] and join the list returned by [`default_features`].

mod agreement;
mod conflict;
mod overlap;

pub use agreement::{
    CountryAgreement, LegalFormAgreement, NumberAgreement, SchemaCompatibility, compatible,
};
pub use conflict::{
    ConflictingTokens, ExtraDistinctive, ExtraPlace, PatronymicConflict, PersonTokenOrder,
};
pub use overlap::TokenOverlap;

use crate::align::Alignment;
use crate::compare::MatchConfig;
use crate::prepared::NameQuery;

/// Everything a feature may look at for one pair.
#[derive(Debug, Clone, Copy)]
pub struct PairContext<'a> {
    /// The query side.
    pub left: &'a NameQuery,
    /// The candidate side.
    pub right: &'a NameQuery,
    /// The token alignment.
    pub alignment: &'a Alignment,
    /// Whether names are compared as person names.
    pub is_person: bool,
    /// The configuration.
    pub config: &'a MatchConfig,
    /// Whether explanations are wanted: ranking many candidates needs only
    /// the scores, and writing the sentences is a good part of the cost.
    pub explain: bool,
}

impl PairContext<'_> {
    /// A contribution of `value × weight`, its explanation written only
    /// when explanations are wanted.
    pub fn contribution(
        &self,
        name: &'static str,
        value: f64,
        weight: f64,
        explanation: impl FnOnce() -> String,
    ) -> Option<FeatureContribution> {
        Some(FeatureContribution {
            name,
            value,
            weight,
            explanation: if self.explain {
                explanation()
            } else {
                String::new()
            },
        })
    }
}

/// One feature's contribution to a score: `value × weight` is added.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureContribution {
    /// The feature's name.
    pub name: &'static str,
    /// The feature's value, in -1..=1.
    pub value: f64,
    /// Its weight.
    pub weight: f64,
    /// A human-readable reason (empty when the pair was scored without
    /// explanations).
    pub explanation: String,
}

/// A scoring feature (see STYLE.md "Extension points").
pub trait Feature: Send + Sync {
    /// Stable name used in explanations.
    fn name(&self) -> &'static str;
    /// The contribution, or `None` when the feature does not apply.
    fn score(&self, context: &PairContext<'_>) -> Option<FeatureContribution>;
}

/// The registry: every feature used by [`crate::compare`], in order.
pub fn default_features() -> Vec<Box<dyn Feature>> {
    vec![
        Box::new(TokenOverlap),
        Box::new(NumberAgreement),
        Box::new(LegalFormAgreement),
        Box::new(SchemaCompatibility),
        Box::new(CountryAgreement),
        Box::new(PersonTokenOrder),
        Box::new(ConflictingTokens),
        Box::new(PatronymicConflict),
        Box::new(ExtraPlace),
        Box::new(ExtraDistinctive),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Schema;

    #[test]
    fn schema_groups() {
        assert!(compatible(Schema::Company, Schema::Organization));
        assert!(compatible(Schema::Unknown, Schema::Person));
        assert!(!compatible(Schema::Person, Schema::Company));
        assert!(!compatible(Schema::Vessel, Schema::Company));
    }

    #[test]
    fn registry_names_are_unique() {
        let features = default_features();
        for (idx, feature) in features.iter().enumerate() {
            assert!(
                !features[idx + 1..]
                    .iter()
                    .any(|other| other.name() == feature.name())
            );
        }
    }
}
