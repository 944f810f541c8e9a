//! Features on attributes besides the name words: numbers, legal forms,
//! schema, countries.

use super::{Feature, FeatureContribution, PairContext};
use crate::Schema;
use crate::legal_form;

/// Numbers must agree: "Alpha 1" is not "Alpha 2".
pub struct NumberAgreement;

impl Feature for NumberAgreement {
    fn name(&self) -> &'static str {
        "number_agreement"
    }

    fn score(&self, context: &PairContext<'_>) -> Option<FeatureContribution> {
        let left = context.left.prepared().numbers();
        let right = context.right.prepared().numbers();
        if left.is_empty() && right.is_empty() {
            return None;
        }
        let weight = context.config.number_mismatch_weight;
        if left == right {
            return context.contribution(self.name(), 0.0, weight, || {
                format!("numbers agree: {left:?}")
            });
        }
        if left.is_empty() || right.is_empty() {
            return context.contribution(self.name(), -0.8, weight, || {
                format!("numbers only on one side: {left:?} vs {right:?}")
            });
        }
        context.contribution(self.name(), -1.0, weight, || {
            format!("numbers differ: {left:?} vs {right:?}")
        })
    }
}

/// Legal forms weigh lightly: agreement helps a little, a commercial form
/// against a non-profit or state form hurts.
pub struct LegalFormAgreement;

impl Feature for LegalFormAgreement {
    fn name(&self) -> &'static str {
        "legal_form"
    }

    fn score(&self, context: &PairContext<'_>) -> Option<FeatureContribution> {
        let left = context.left.prepared().legal_forms();
        let right = context.right.prepared().legal_forms();
        if left.is_empty() || right.is_empty() {
            return None;
        }
        let value = legal_form::agreement(left, right);
        let weight = if value <= -1.0 {
            context.config.legal_form_conflict_weight
        } else if value < 0.0 {
            context.config.legal_form_family_weight
        } else {
            context.config.legal_form_weight
        };
        let names = |forms: &[legal_form::LegalForm]| {
            forms
                .iter()
                .map(|form| form.canonical)
                .collect::<Vec<_>>()
                .join("+")
        };
        context.contribution(self.name(), value, weight, || {
            format!("legal forms {} vs {}", names(left), names(right))
        })
    }
}

/// A person is never a company: incompatible schemata lower the score strongly.
pub struct SchemaCompatibility;

impl Feature for SchemaCompatibility {
    fn name(&self) -> &'static str {
        "schema"
    }

    fn score(&self, context: &PairContext<'_>) -> Option<FeatureContribution> {
        let left = context.left.schema();
        let right = context.right.schema();
        if compatible(left, right) {
            return None;
        }
        context.contribution(
            self.name(),
            -1.0,
            context.config.schema_mismatch_weight,
            || {
                format!(
                    "schema {} is incompatible with {}",
                    left.as_str(),
                    right.as_str()
                )
            },
        )
    }
}

/// Whether two schemata can describe the same entity.
pub fn compatible(left: Schema, right: Schema) -> bool {
    use Schema::*;
    let group = |schema: Schema| match schema {
        Unknown | Thing => 0,
        Person => 1,
        Company | Organization | LegalEntity => 2,
        Vessel => 3,
        Aircraft => 4,
    };
    let (a, b) = (group(left), group(right));
    a == 0 || b == 0 || a == b
}

/// Disjoint country sets lower the score somewhat.
pub struct CountryAgreement;

impl Feature for CountryAgreement {
    fn name(&self) -> &'static str {
        "country"
    }

    fn score(&self, context: &PairContext<'_>) -> Option<FeatureContribution> {
        let left = context.left.countries();
        let right = context.right.countries();
        if left.is_empty() || right.is_empty() {
            return None;
        }
        let shared = left.iter().any(|country| right.contains(country));
        let weight = context.config.country_mismatch_weight;
        if shared {
            context.contribution(self.name(), 0.0, weight, || {
                format!("countries overlap: {left:?} / {right:?}")
            })
        } else {
            context.contribution(self.name(), -1.0, weight, || {
                format!("countries differ: {left:?} vs {right:?}")
            })
        }
    }
}
