//! Goods passing through a country of diversion concern on their way to
//! Russia.

use super::{Findings, RiskRules, Rule, Shipment};

/// A consignee in a transit country that ships to Russian parties itself,
/// or else foreign goods re-exported from a transit country to Russia.
pub(crate) struct Transit;

impl Rule for Transit {
    fn name(&self) -> &'static str {
        "transit"
    }

    fn description(&self) -> &'static str {
        "a consignee in a transit country that ships to Russia itself, or foreign goods re-exported from one to Russia"
    }

    fn weight(&self, rules: &RiskRules) -> f64 {
        rules.transit.weight
    }

    fn evaluate(&self, shipment: &Shipment<'_>, findings: &mut Findings<'_>) {
        let context = shipment.context;
        let consignee_country = shipment.consignee_country;
        let consignee_forwards = shipment
            .consignee
            .filter(|_| {
                consignee_country
                    .is_some_and(|c| context.transit.contains(c) && !context.russian.contains(c))
            })
            .map(|c| (c, context.entity_russian_sales[c]))
            .filter(|(_, sales)| *sales > 0);
        if let Some((entity, sales)) = consignee_forwards {
            findings.add(1.0, || {
                format!(
                    "consignee {} in {} ships to Russian parties itself ({sales} shipments in the records)",
                    shipment.entity_name(entity),
                    consignee_country.unwrap_or_default()
                )
            });
        } else if let (Some(from), Some(to)) = (shipment.dispatch, shipment.russian_end)
            && context.transit.contains(from)
            && shipment.origin.is_some_and(|o| o != from)
        {
            findings.add(1.0, || {
                format!(
                    "goods of {} origin re-exported from {from} to {to}",
                    shipment.origin.unwrap_or_default()
                )
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Fixture, Record};

    const HUB: &str = "Kestrel Trading LLC";

    /// The hub firm in Kyrgyzstan selling on to Russia twice.
    fn hub_sells_to_russia() -> Fixture {
        let sale = Record {
            date: "2024-01-10",
            shipper: HUB,
            shipper_address: "12 Chui Avenue, Bishkek",
            shipper_country: "KGZ",
            consignee: "Volga Components OOO",
            consignee_country: "RUS",
            destination: "RUS",
            ..Record::default()
        };
        Fixture {
            history: vec![sale.clone(), sale],
            ..Fixture::default()
        }
    }

    fn to_hub(destination: &'static str) -> Record {
        Record {
            shipper: "Nordwell Electronics GmbH",
            shipper_country: "DEU",
            consignee: HUB,
            consignee_address: "12 Chui Avenue, Bishkek",
            consignee_country: "KGZ",
            origin: "DEU",
            dispatch: "DEU",
            destination,
            ..Record::default()
        }
    }

    fn re_export(origin: &'static str, dispatch: &'static str) -> Record {
        Record {
            shipper: "Falcon General Trading FZE",
            consignee: "Volga Components OOO",
            consignee_country: "RUS",
            origin,
            dispatch,
            destination: "RUS",
            ..Record::default()
        }
    }

    fn check(case: &str, fixture: &Fixture, shipment: Record, expected: &[&str]) {
        crate::rules::testing::check(&Transit, case, fixture, &shipment, expected);
    }

    #[test]
    fn flags_hub_consignees_and_re_exports_to_russia() {
        let hub = hub_sells_to_russia();
        let none = Fixture::default();
        check(
            "a hub consignee that ships to Russia itself",
            &hub,
            to_hub("KGZ"),
            &[
                "2: consignee Kestrel Trading LLC in KGZ ships to Russian parties itself (2 shipments in the records)",
            ],
        );
        check(
            "the hub consignee is named once even when the goods also go on to Russia",
            &hub,
            Record {
                origin: "CHN",
                dispatch: "ARE",
                ..to_hub("RUS")
            },
            &[
                "2: consignee Kestrel Trading LLC in KGZ ships to Russian parties itself (2 shipments in the records)",
            ],
        );
        check(
            "a consignee in a transit country that never ships to Russia",
            &none,
            to_hub("KGZ"),
            &[],
        );
        check(
            "foreign goods re-exported from a transit country to Russia",
            &none,
            re_export("CHN", "ARE"),
            &["2: goods of CHN origin re-exported from ARE to RUS"],
        );
        check(
            "a transit country's own goods",
            &none,
            re_export("ARE", "ARE"),
            &[],
        );
        check(
            "an unknown origin is no re-export",
            &none,
            re_export("", "ARE"),
            &[],
        );
        check(
            "dispatched from a country that is no transit country",
            &none,
            re_export("CHN", "DEU"),
            &[],
        );
    }
}
