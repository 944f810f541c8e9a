//! The risk rules: one small type per red flag, each implementing [`Rule`],
//! collected in the registry [`RULES`]; their weights and parameters come
//! from TOML ([`config`]).
//!
//! A rule reads one [`Shipment`] (the row, its resolved parties and the
//! facts several rules share) and reports its strength with the sentence an
//! analyst reads through [`Findings`]; the scorer applies the rule's weight.
//! A new rule is a new file here, a section in `rules/default.toml` and a
//! line in [`RULES`].

mod config;
mod high_priority_goods;
mod listed_party;
mod new_consignee;
mod russian_destination;
mod shared_address;
mod transit;
mod unit_value;
mod western_subsidiary;

#[cfg(test)]
mod testing;

use chokepoint_catalog::ChplTier;

pub use config::{
    CountriesRule, DEFAULT_RULES_TOML, GoodsRule, ListedRule, NewConsigneeRule, RiskRules,
    SubsidiaryRule, UnitValueRule, WeightRule,
};

use crate::columns::{ShipmentView, get, get_f64};
use crate::context::RiskContext;
use crate::score::Reason;
use high_priority_goods::HighPriorityGoods;
use listed_party::ListedParty;
use new_consignee::NewConsignee;
use russian_destination::RussianDestination;
use shared_address::SharedAddress;
use transit::Transit;
use unit_value::UnitValue;
use western_subsidiary::WesternSubsidiary;

/// A red flag: what it is called, what it looks for, its weight in the
/// rules in force, and how strongly one shipment shows it.
pub(crate) trait Rule: Sync {
    /// The rule's name, as in the rules file and in every [`Reason`].
    fn name(&self) -> &'static str;
    /// What the rule looks for, in one sentence.
    fn description(&self) -> &'static str;
    /// Points at full strength under `rules`.
    fn weight(&self, rules: &RiskRules) -> f64;
    /// Reports each way the shipment shows the flag (most rules at most
    /// once; the party rules once per party).
    fn evaluate(&self, shipment: &Shipment<'_>, findings: &mut Findings<'_>);
}

/// The registry: every rule the scorer runs, in this order. Reasons are
/// ranked by points afterwards, so the order only matters between two
/// findings of one rule.
pub(crate) static RULES: &[&dyn Rule] = &[
    &HighPriorityGoods,
    &RussianDestination,
    &Transit,
    &ListedParty,
    &SharedAddress,
    &NewConsignee,
    &WesternSubsidiary,
    &UnitValue,
];

/// Name and description of every registered rule, in registry order.
pub fn rule_descriptions() -> impl Iterator<Item = (&'static str, &'static str)> {
    RULES.iter().map(|rule| (rule.name(), rule.description()))
}

/// One shipment as the rules see it: its fields, its resolved parties and
/// what several rules derive from them, read once per row.
pub(crate) struct Shipment<'a> {
    /// Everything beyond this shipment.
    pub context: &'a RiskContext,
    /// Date, days since 1970-01-01.
    pub day: i32,
    /// The shipper's resolved entity.
    pub shipper: Option<usize>,
    /// The consignee's resolved entity.
    pub consignee: Option<usize>,
    /// Consignee country as written (alpha-3).
    pub consignee_country: Option<&'a str>,
    /// Final destination (alpha-3).
    pub destination: Option<&'a str>,
    /// Country of dispatch (alpha-3).
    pub dispatch: Option<&'a str>,
    /// Country of origin (alpha-3).
    pub origin: Option<&'a str>,
    /// HS6 code.
    pub hs6: Option<&'a str>,
    /// The code's CHPL tier, when on the list.
    pub tier: Option<ChplTier>,
    /// The Russian end of the trip: destination, else consignee country,
    /// when in the Russian set.
    pub russian_end: Option<&'a str>,
    /// Brand as declared.
    pub brand: Option<&'a str>,
    /// Manufacturer as declared.
    pub manufacturer: Option<&'a str>,
    /// Value in USD.
    pub value_usd: Option<f64>,
    /// Quantity.
    pub quantity: Option<f64>,
    /// Unit of the quantity.
    pub quantity_unit: Option<&'a str>,
}

impl<'a> Shipment<'a> {
    /// Reads row `row` of a batch and resolves its parties.
    pub(crate) fn read(context: &'a RiskContext, view: &'a ShipmentView, row: usize) -> Self {
        let party = |name, address, country| {
            get(name, row).and_then(|name| {
                context
                    .resolution
                    .lookup(name, get(address, row), get(country, row))
            })
        };
        let consignee_country = get(&view.consignee_country, row);
        let destination = get(&view.destination_country, row);
        let hs6 = get(&view.hs6, row);
        Shipment {
            context,
            day: view.date.value(row),
            shipper: party(
                &view.shipper_name,
                &view.shipper_address,
                &view.shipper_country,
            ),
            consignee: party(
                &view.consignee_name,
                &view.consignee_address,
                &view.consignee_country,
            ),
            consignee_country,
            destination,
            dispatch: get(&view.dispatch_country, row),
            origin: get(&view.origin_country, row),
            hs6,
            tier: hs6.and_then(|code| context.tiers.get(code)).copied(),
            russian_end: [destination, consignee_country]
                .into_iter()
                .flatten()
                .find(|c| context.russian.contains(c)),
            brand: get(&view.brand, row),
            manufacturer: get(&view.manufacturer, row),
            value_usd: get_f64(&view.value_usd, row),
            quantity: get_f64(&view.quantity, row),
            quantity_unit: get(&view.quantity_unit, row),
        }
    }

    /// The resolved parties with their role, shipper first.
    pub(crate) fn parties(&self) -> impl Iterator<Item = (&'static str, usize)> {
        [("shipper", self.shipper), ("consignee", self.consignee)]
            .into_iter()
            .filter_map(|(role, entity)| Some((role, entity?)))
    }

    /// Canonical name of a resolved party.
    pub(crate) fn entity_name(&self, entity: usize) -> &'a str {
        &self.context.resolution.entities[entity].canonical_name
    }
}

/// Where one rule reports on one shipment: each finding becomes a
/// [`Reason`] of `weight × strength` points.
pub(crate) struct Findings<'r> {
    rule: &'static str,
    weight: f64,
    reasons: &'r mut Vec<Reason>,
}

impl<'r> Findings<'r> {
    /// Findings of `rule`, weighted by `weight`, appended to `reasons`.
    pub(crate) fn new(rule: &'static str, weight: f64, reasons: &'r mut Vec<Reason>) -> Self {
        Findings {
            rule,
            weight,
            reasons,
        }
    }

    /// Adds a finding of `strength` (0..=1). A zero weight or strength adds
    /// nothing, and then the sentence is not written.
    pub(crate) fn add(&mut self, strength: f64, detail: impl FnOnce() -> String) {
        if self.weight > 0.0 && strength > 0.0 {
            self.reasons.push(Reason {
                rule: self.rule,
                points: self.weight * strength,
                strength,
                detail: detail(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn registry_names_are_unique() {
        let mut seen = HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.name()), "{} registered twice", rule.name());
        }
    }

    /// Every section of the default rules file is a registered rule and
    /// every registered rule has one (so no rule is configured but never
    /// run, or run without documented defaults).
    #[test]
    fn every_configured_rule_is_registered() {
        let defaults: toml::Table = toml::from_str(DEFAULT_RULES_TOML).unwrap();
        let sections: HashSet<&str> = defaults
            .iter()
            .filter(|(_, value)| value.is_table())
            .map(|(key, _)| key.as_str())
            .collect();
        let registered: HashSet<&str> = RULES.iter().map(|rule| rule.name()).collect();
        assert_eq!(sections, registered);
    }

    /// Each rule reads the weight of its own section.
    #[test]
    fn each_rule_weighs_by_its_own_section() {
        let distinct_weights: String = RULES
            .iter()
            .enumerate()
            .map(|(idx, rule)| format!("[{}]\nweight = {}.0\n", rule.name(), idx + 10))
            .collect();
        let rules = RiskRules::from_toml(&distinct_weights, "weights.toml").unwrap();
        for (idx, rule) in RULES.iter().enumerate() {
            assert_eq!(rule.weight(&rules), (idx + 10) as f64, "{}", rule.name());
            assert!(!rule.description().is_empty(), "{}", rule.name());
        }
    }
}
