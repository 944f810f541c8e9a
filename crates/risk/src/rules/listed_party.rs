//! Parties matching a listed entity, or owned by listed parties.

use super::{Findings, RiskRules, Rule, Shipment};
use crate::listed::ListedVia;

/// A shipper or consignee tied to a listed entity by name (strength: the
/// screening score) or by 50 % listed ownership (full strength); the
/// strongest tie of each party.
pub(crate) struct ListedParty;

impl Rule for ListedParty {
    fn name(&self) -> &'static str {
        "listed_party"
    }

    fn description(&self) -> &'static str {
        "a party matching a listed entity, or owned 50 % or more by listed parties"
    }

    fn weight(&self, rules: &RiskRules) -> f64 {
        rules.listed_party.weight
    }

    fn evaluate(&self, shipment: &Shipment<'_>, findings: &mut Findings<'_>) {
        for (role, entity) in shipment.parties() {
            if let Some(hit) = shipment.context.listed[entity].first() {
                let strength = match hit.via {
                    ListedVia::Name { score } => score.min(1.0),
                    _ => 1.0,
                };
                findings.add(strength, || format!("{role}: {}", hit.detail));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Fixture, Record, hit};

    const SHIPPER: &str = "Falcon General Trading FZE";
    const CONSIGNEE: &str = "Volga Components OOO";

    fn check(case: &str, listed: &[(&'static str, ListedVia, &str)], expected: &[&str]) {
        let fixture = Fixture {
            listed: listed
                .iter()
                .map(|(party, via, detail)| (*party, hit(via.clone(), detail)))
                .collect(),
            ..Fixture::default()
        };
        let shipment = Record {
            shipper: SHIPPER,
            consignee: CONSIGNEE,
            ..Record::default()
        };
        crate::rules::testing::check(&ListedParty, case, &fixture, &shipment, expected);
    }

    #[test]
    fn flags_listed_and_listed_owned_parties() {
        check(
            "a name match counts by its screening score",
            &[(
                SHIPPER,
                ListedVia::Name { score: 0.75 },
                "matches FALCON GT",
            )],
            &["2.25: shipper: matches FALCON GT"],
        );
        check(
            "a score above one counts once",
            &[(
                SHIPPER,
                ListedVia::Name { score: 1.25 },
                "matches FALCON GT",
            )],
            &["3: shipper: matches FALCON GT"],
        );
        check(
            "listed ownership at full strength",
            &[(
                CONSIGNEE,
                ListedVia::Ownership { share: 0.6 },
                "60 % owned by listed parties",
            )],
            &["3: consignee: 60 % owned by listed parties"],
        );
        check(
            "both parties, shipper first; only each party's first tie",
            &[
                (CONSIGNEE, ListedVia::Ownership { share: 1.0 }, "owned"),
                (CONSIGNEE, ListedVia::Name { score: 0.8 }, "also matches"),
                (SHIPPER, ListedVia::Name { score: 0.75 }, "matches"),
            ],
            &["2.25: shipper: matches", "3: consignee: owned"],
        );
        check("no listed ties", &[], &[]);
    }
}
