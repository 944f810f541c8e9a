//! The rule configuration: weights and parameters, from TOML.

use std::collections::{BTreeMap, HashSet};

use chokepoint_model::Country;
use serde::Deserialize;

use crate::RiskError;

/// The typed-in default rules with their sources (`rules/default.toml`).
pub const DEFAULT_RULES_TOML: &str = include_str!("../../rules/default.toml");

/// Every rule's weight and parameters.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskRules {
    /// Score at or above which a shipment raises an alert.
    pub alert_score: f64,
    /// CHPL goods.
    pub high_priority_goods: GoodsRule,
    /// Russia or Belarus as destination.
    pub russian_destination: CountriesRule,
    /// Countries of diversion concern.
    pub transit: CountriesRule,
    /// Listed or listed-owned parties.
    pub listed_party: ListedRule,
    /// New consignees buying high-priority goods.
    pub new_consignee: NewConsigneeRule,
    /// Subsidiaries of Western brand owners shipping the brand to transit.
    pub western_subsidiary: SubsidiaryRule,
    /// Addresses shared with listed entities.
    pub shared_address: WeightRule,
    /// Unit values far from the code's median.
    pub unit_value: UnitValueRule,
}

/// A rule with a weight only.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightRule {
    /// Points at full strength.
    pub weight: f64,
}

/// The CHPL rule.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoodsRule {
    /// Points at full strength.
    pub weight: f64,
    /// Strength per CHPL tier label (`1`, `2`, `3.A`...).
    pub tier_factors: BTreeMap<String, f64>,
}

/// A rule over a set of countries.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountriesRule {
    /// Points at full strength.
    pub weight: f64,
    /// ISO alpha-2 or alpha-3 codes.
    pub countries: Vec<String>,
}

/// The listed-party rule.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListedRule {
    /// Points at full strength.
    pub weight: f64,
    /// Screening score at or above which a party is taken as the listed entity.
    pub min_score: f64,
}

/// The new-consignee rule.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewConsigneeRule {
    /// Points at full strength.
    pub weight: f64,
    /// How recent "new" is.
    pub days: i32,
}

/// The Western-subsidiary rule.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubsidiaryRule {
    /// Points at full strength.
    pub weight: f64,
    /// Ownership share from which the shipper is the owner's subsidiary.
    pub min_share: f64,
}

/// The unit-value rule.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitValueRule {
    /// Points at full strength.
    pub weight: f64,
    /// Ratio to the median (either way) from which a unit value is an outlier.
    pub min_ratio: f64,
    /// Records of the code and unit needed for a median.
    pub min_records: usize,
}

impl Default for RiskRules {
    fn default() -> RiskRules {
        toml::from_str(DEFAULT_RULES_TOML).expect("the default rules parse")
    }
}

impl RiskRules {
    /// Reads rules from TOML; keys left out keep the defaults.
    pub fn from_toml(text: &str, origin: &str) -> Result<RiskRules, RiskError> {
        let mut merged: toml::Table =
            toml::from_str(DEFAULT_RULES_TOML).expect("the default rules parse");
        let user: toml::Table = toml::from_str(text).map_err(|e| RiskError::Rules {
            origin: origin.to_string(),
            message: e.to_string(),
        })?;
        merge(&mut merged, user);
        let rules: RiskRules =
            merged
                .try_into()
                .map_err(|e: toml::de::Error| RiskError::Rules {
                    origin: origin.to_string(),
                    message: e.to_string(),
                })?;
        rules.validate(origin)?;
        Ok(rules)
    }

    fn validate(&self, origin: &str) -> Result<(), RiskError> {
        let fail = |message: String| RiskError::Rules {
            origin: origin.to_string(),
            message,
        };
        for label in self.high_priority_goods.tier_factors.keys() {
            if !chokepoint_catalog::ChplTier::ALL
                .iter()
                .any(|t| t.label() == label)
            {
                return Err(fail(format!(
                    "high_priority_goods.tier_factors: unknown CHPL tier \"{label}\" (tiers: 1, 2, 3.A, 3.B, 4.A, 4.B)"
                )));
            }
        }
        for (rule, list) in [
            ("russian_destination", &self.russian_destination),
            ("transit", &self.transit),
        ] {
            for code in &list.countries {
                Country::lookup(code)
                    .map_err(|e| fail(format!("{rule}.countries: \"{code}\": {e}")))?;
            }
        }
        Ok(())
    }

    /// Alpha-3 codes of a country rule (validated at load).
    pub(crate) fn alpha3_set(list: &CountriesRule) -> HashSet<&'static str> {
        list.countries
            .iter()
            .filter_map(|code| Country::lookup(code).ok())
            .map(|country| country.alpha3())
            .collect()
    }
}

/// Overlays `user` on `base`, table by table.
fn merge(base: &mut toml::Table, user: toml::Table) {
    for (key, value) in user {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(base_table)), toml::Value::Table(user_table))
                if key != "tier_factors" =>
            {
                merge(base_table, user_table);
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_a_user_file_overrides_only_what_it_names() {
        let defaults = RiskRules::default();
        assert_eq!(defaults.transit.weight, 2.0);
        let rules = RiskRules::from_toml("[transit]\nweight = 4.0\n", "user.toml").unwrap();
        assert_eq!(rules.transit.weight, 4.0);
        assert_eq!(rules.transit.countries, defaults.transit.countries);
        assert_eq!(rules.unit_value, defaults.unit_value);
    }

    #[test]
    fn bad_rules_name_the_file_and_key() {
        let error =
            RiskRules::from_toml("[transit]\ncountries = [\"XX\"]\n", "r.toml").unwrap_err();
        assert!(
            error.to_string().contains("r.toml") && error.to_string().contains("transit.countries"),
            "{error}"
        );
        let error = RiskRules::from_toml("[transit]\nwieght = 1\n", "r.toml").unwrap_err();
        assert!(error.to_string().contains("wieght"), "{error}");
        let error =
            RiskRules::from_toml("[high_priority_goods.tier_factors]\n\"5\" = 1\n", "r.toml")
                .unwrap_err();
        assert!(error.to_string().contains("unknown CHPL tier"), "{error}");
    }
}
