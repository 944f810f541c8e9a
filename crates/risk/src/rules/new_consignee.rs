//! New consignees buying high-priority goods.

use chokepoint_model::dates::iso_date;

use super::{Findings, RiskRules, Rule, Shipment};

/// A consignee first seen at most `days` before the shipment that buys CHPL
/// goods, counted only when the records started at least `days` before the
/// consignee appeared (so that "new" means new, not "the records began").
pub(crate) struct NewConsignee;

impl Rule for NewConsignee {
    fn name(&self) -> &'static str {
        "new_consignee"
    }

    fn description(&self) -> &'static str {
        "a consignee first seen recently that buys high-priority goods"
    }

    fn weight(&self, rules: &RiskRules) -> f64 {
        rules.new_consignee.weight
    }

    fn evaluate(&self, shipment: &Shipment<'_>, findings: &mut Findings<'_>) {
        let context = shipment.context;
        let (Some(entity), Some(_), Some(start)) =
            (shipment.consignee, shipment.tier, context.records_start)
        else {
            return;
        };
        let first = context.resolution.entities[entity].first_day;
        let window = context.rules.new_consignee.days;
        if first >= start + window && shipment.day - first <= window {
            findings.add(1.0, || {
                format!(
                    "consignee {} first seen {} ({} days before), now buys high-priority goods",
                    shipment.entity_name(entity),
                    iso_date(first),
                    shipment.day - first
                )
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Fixture, Record};

    const CONSIGNEE: &str = "Kestrel Trading LLC";

    /// Records from `records_start`, the consignee's first shipment on
    /// `first_seen`.
    fn history(records_start: &'static str, first_seen: &'static str) -> Fixture {
        Fixture {
            history: vec![
                Record {
                    date: records_start,
                    shipper: "Nordwell Electronics GmbH",
                    consignee: "Baltic Machinery AB",
                    ..Record::default()
                },
                Record {
                    date: first_seen,
                    shipper: "Nordwell Electronics GmbH",
                    consignee: CONSIGNEE,
                    hs6: "940540",
                    ..Record::default()
                },
            ],
            ..Fixture::default()
        }
    }

    fn check(
        case: &str,
        fixture: &Fixture,
        date: &'static str,
        hs6: &'static str,
        expected: &[&str],
    ) {
        let shipment = Record {
            date,
            hs6,
            shipper: "Nordwell Electronics GmbH",
            consignee: CONSIGNEE,
            ..Record::default()
        };
        crate::rules::testing::check(&NewConsignee, case, fixture, &shipment, expected);
    }

    #[test]
    fn flags_new_consignees_of_chpl_goods() {
        let new = history("2022-01-01", "2023-06-01");
        check(
            "first seen three months before",
            &new,
            "2023-09-01",
            "854231",
            &[
                "1.5: consignee Kestrel Trading LLC first seen 2023-06-01 (92 days before), now buys high-priority goods",
            ],
        );
        check(
            "on the last day of the window",
            &new,
            "2024-05-31",
            "854231",
            &[
                "1.5: consignee Kestrel Trading LLC first seen 2023-06-01 (365 days before), now buys high-priority goods",
            ],
        );
        check("a day after the window", &new, "2024-06-01", "854231", &[]);
        check("goods not on the list", &new, "2023-09-01", "940540", &[]);
        check(
            "seen since the records began, so not known to be new",
            &history("2023-01-01", "2023-06-01"),
            "2023-09-01",
            "854231",
            &[],
        );
    }
}
