//! Parties at a listed entity's address.

use super::{Findings, RiskRules, Rule, Shipment};

/// A shipper or consignee whose address equals a listed entity's; the
/// first such address of each party.
pub(crate) struct SharedAddress;

impl Rule for SharedAddress {
    fn name(&self) -> &'static str {
        "shared_address"
    }

    fn description(&self) -> &'static str {
        "a party at the address of a listed entity"
    }

    fn weight(&self, rules: &RiskRules) -> f64 {
        rules.shared_address.weight
    }

    fn evaluate(&self, shipment: &Shipment<'_>, findings: &mut Findings<'_>) {
        for (role, entity) in shipment.parties() {
            if let Some(hit) = shipment.context.shared_addresses[entity].first() {
                findings.add(1.0, || format!("{role}: {}", hit.detail));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ListedVia;
    use crate::rules::testing::{Fixture, Record, hit};

    const SHIPPER: &str = "Falcon General Trading FZE";
    const CONSIGNEE: &str = "Volga Components OOO";

    fn check(case: &str, shared: &[(&'static str, &str)], expected: &[&str]) {
        let fixture = Fixture {
            shared_addresses: shared
                .iter()
                .map(|(party, detail)| (*party, hit(ListedVia::Address, detail)))
                .collect(),
            ..Fixture::default()
        };
        let shipment = Record {
            shipper: SHIPPER,
            consignee: CONSIGNEE,
            ..Record::default()
        };
        crate::rules::testing::check(&SharedAddress, case, &fixture, &shipment, expected);
    }

    #[test]
    fn flags_parties_at_listed_addresses() {
        check(
            "the consignee at a listed address",
            &[(CONSIGNEE, "shares 5 Lenina St with LISTED OOO")],
            &["1.5: consignee: shares 5 Lenina St with LISTED OOO"],
        );
        check(
            "both parties, shipper first; each party's first address only",
            &[
                (CONSIGNEE, "first"),
                (CONSIGNEE, "second"),
                (SHIPPER, "the shipper's"),
            ],
            &["1.5: shipper: the shipper's", "1.5: consignee: first"],
        );
        check("no shared addresses", &[], &[]);
    }
}
