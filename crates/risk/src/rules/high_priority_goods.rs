//! Goods on the Common High Priority List, weighted by tier.

use super::{Findings, RiskRules, Rule, Shipment};

/// CHPL goods: strength is the tier's factor from the rules file.
pub(crate) struct HighPriorityGoods;

impl Rule for HighPriorityGoods {
    fn name(&self) -> &'static str {
        "high_priority_goods"
    }

    fn description(&self) -> &'static str {
        "goods on the Common High Priority List, weighted by tier"
    }

    fn weight(&self, rules: &RiskRules) -> f64 {
        rules.high_priority_goods.weight
    }

    fn evaluate(&self, shipment: &Shipment<'_>, findings: &mut Findings<'_>) {
        let Some(tier) = shipment.tier else { return };
        let factor = shipment
            .context
            .rules
            .high_priority_goods
            .tier_factors
            .get(tier.label())
            .copied()
            .unwrap_or(0.0);
        findings.add(factor, || {
            format!(
                "HS {} is on the Common High Priority List, {tier}",
                shipment.hs6.unwrap_or_default()
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Fixture, Record};

    fn check(case: &str, hs6: &'static str, expected: &[&str]) {
        let shipment = Record {
            hs6,
            shipper: "Nordwell Electronics GmbH",
            consignee: "Kestrel Trading LLC",
            ..Record::default()
        };
        crate::rules::testing::check(
            &HighPriorityGoods,
            case,
            &Fixture::default(),
            &shipment,
            expected,
        );
    }

    #[test]
    fn weighs_chpl_goods_by_tier() {
        check(
            "tier 1, full strength",
            "854231",
            &["2: HS 854231 is on the Common High Priority List, Tier 1"],
        );
        check(
            "tier 2",
            "851762",
            &["1.8: HS 851762 is on the Common High Priority List, Tier 2"],
        );
        check(
            "tier 4.A",
            "902750",
            &["1.2: HS 902750 is on the Common High Priority List, Tier 4.A"],
        );
        check(
            "an HS 2017 code takes the tier of its HS 2022 successor",
            "880330",
            &["1.5: HS 880330 is on the Common High Priority List, Tier 3.B"],
        );
        check("not on the list", "940540", &[]);
        check("no code", "", &[]);
    }
}
