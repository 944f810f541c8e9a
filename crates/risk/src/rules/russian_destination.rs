//! Goods going to Russia or Belarus.

use super::{Findings, RiskRules, Rule, Shipment};

/// Destination or consignee in a country of the `russian_destination` list.
pub(crate) struct RussianDestination;

impl Rule for RussianDestination {
    fn name(&self) -> &'static str {
        "russian_destination"
    }

    fn description(&self) -> &'static str {
        "destination or consignee in Russia or Belarus"
    }

    fn weight(&self, rules: &RiskRules) -> f64 {
        rules.russian_destination.weight
    }

    fn evaluate(&self, shipment: &Shipment<'_>, findings: &mut Findings<'_>) {
        if let Some(country) = shipment.russian_end {
            findings.add(1.0, || format!("goods go to {country}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Fixture, Record};

    fn check(
        case: &str,
        destination: &'static str,
        consignee_country: &'static str,
        expected: &[&str],
    ) {
        let shipment = Record {
            shipper: "Nordwell Electronics GmbH",
            consignee: "Kestrel Trading LLC",
            destination,
            consignee_country,
            ..Record::default()
        };
        crate::rules::testing::check(
            &RussianDestination,
            case,
            &Fixture::default(),
            &shipment,
            expected,
        );
    }

    #[test]
    fn flags_goods_going_to_russia_or_belarus() {
        check("destination Russia", "RUS", "", &["1: goods go to RUS"]);
        check("destination Belarus", "BLR", "BLR", &["1: goods go to BLR"]);
        check(
            "the destination is named before the consignee country",
            "BLR",
            "RUS",
            &["1: goods go to BLR"],
        );
        check(
            "a Russian consignee with the destination elsewhere",
            "KAZ",
            "RUS",
            &["1: goods go to RUS"],
        );
        check("neither in Russia", "KAZ", "KAZ", &[]);
        check("nothing known", "", "", &[]);
    }
}
