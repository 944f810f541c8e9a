//! Subsidiaries of Western brand owners shipping the brand towards Russia.

use super::{Findings, RiskRules, Rule, Shipment};

/// A shipper owned at least `min_share` by a manufacturer in a coalition
/// country, shipping that manufacturer's brand (or its goods, by
/// manufacturer name) to Russia or a transit country.
pub(crate) struct WesternSubsidiary;

impl Rule for WesternSubsidiary {
    fn name(&self) -> &'static str {
        "western_subsidiary"
    }

    fn description(&self) -> &'static str {
        "a subsidiary of a coalition-country manufacturer shipping its brand to Russia or a transit country"
    }

    fn weight(&self, rules: &RiskRules) -> f64 {
        rules.western_subsidiary.weight
    }

    fn evaluate(&self, shipment: &Shipment<'_>, findings: &mut Findings<'_>) {
        let context = shipment.context;
        let consignee_country = shipment.consignee_country;
        let towards_russia = shipment.russian_end.is_some()
            || consignee_country.is_some_and(|c| context.transit.contains(c));
        let Some(entity) = shipment.shipper.filter(|_| towards_russia) else {
            return;
        };
        let (brand, manufacturer) = (shipment.brand, shipment.manufacturer);
        let min_share = context.rules.western_subsidiary.min_share;
        let owner = context.parents[entity].iter().find(|parent| {
            parent.share.is_some_and(|s| s >= min_share)
                && parent
                    .country
                    .as_deref()
                    .is_some_and(|c| context.coalition.contains(c))
                && (brand.is_some_and(|b| carries(&parent.name, b))
                    || manufacturer.is_some_and(|m| m.eq_ignore_ascii_case(&parent.name)))
        });
        if let Some(owner) = owner {
            findings.add(1.0, || {
                format!(
                    "shipper {} is {:.0} % owned by {} ({}), whose brand {} it ships to {} ({})",
                    shipment.entity_name(entity),
                    owner.share.unwrap_or_default() * 100.0,
                    owner.name,
                    owner.country.as_deref().unwrap_or_default(),
                    brand.or(manufacturer).unwrap_or_default(),
                    consignee_country.unwrap_or_default(),
                    owner.evidence
                )
            });
        }
    }
}

/// Whether a name carries a brand as a word ("Nordwell Electronics GmbH" carries "Nordwell").
fn carries(name: &str, brand: &str) -> bool {
    let brand = chokepoint_screening::normalize(brand);
    !brand.is_empty()
        && chokepoint_screening::normalize(name)
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word == brand)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OwnershipLink;
    use crate::rules::testing::{Fixture, Record};

    const OWNER: &str = "Nordwell Electronics GmbH";
    const SUBSIDIARY: &str = "Nordwell Trading (HK) Limited";

    /// The owner, seen shipping from `owner_country`, owns `share` of the subsidiary.
    fn owned(owner_country: &'static str, share: f64) -> Fixture {
        Fixture {
            history: vec![Record {
                shipper: OWNER,
                shipper_country: owner_country,
                consignee: "Baltic Machinery AB",
                consignee_country: "SWE",
                ..Record::default()
            }],
            ownership: vec![OwnershipLink {
                parent: OWNER.into(),
                subsidiary: SUBSIDIARY.into(),
                share: Some(share),
                evidence: "annual report 2023".into(),
            }],
            ..Fixture::default()
        }
    }

    fn shipment(consignee_country: &'static str, brand: &'static str) -> Record {
        Record {
            shipper: SUBSIDIARY,
            shipper_country: "HKG",
            consignee: "Kestrel Trading LLC",
            consignee_country,
            brand,
            ..Record::default()
        }
    }

    fn check(case: &str, fixture: &Fixture, shipment: Record, expected: &[&str]) {
        crate::rules::testing::check(&WesternSubsidiary, case, fixture, &shipment, expected);
    }

    #[test]
    fn flags_subsidiaries_shipping_their_owners_brand_towards_russia() {
        let german_owner = owned("DEU", 1.0);
        check(
            "the owner's brand to a transit country",
            &german_owner,
            shipment("KGZ", "Nordwell"),
            &[
                "2: shipper Nordwell Trading (HK) Limited is 100 % owned by Nordwell Electronics GmbH (DEU), whose brand Nordwell it ships to KGZ (annual report 2023)",
            ],
        );
        check(
            "the owner as manufacturer, any case, to Russia",
            &german_owner,
            Record {
                manufacturer: "NORDWELL ELECTRONICS GMBH",
                ..shipment("RUS", "")
            },
            &[
                "2: shipper Nordwell Trading (HK) Limited is 100 % owned by Nordwell Electronics GmbH (DEU), whose brand NORDWELL ELECTRONICS GMBH it ships to RUS (annual report 2023)",
            ],
        );
        check(
            "the owner's brand to a coalition buyer",
            &german_owner,
            shipment("SWE", "Nordwell"),
            &[],
        );
        check(
            "another brand",
            &german_owner,
            shipment("KGZ", "Kestrel"),
            &[],
        );
        check(
            "a minority share",
            &owned("DEU", 0.3),
            shipment("KGZ", "Nordwell"),
            &[],
        );
        check(
            "an owner outside the coalition",
            &owned("CHN", 1.0),
            shipment("KGZ", "Nordwell"),
            &[],
        );
    }

    #[test]
    fn brand_words() {
        assert!(carries("Nordwell Electronics GmbH", "Nordwell"));
        assert!(!carries("Nordwellness GmbH", "Nordwell"));
        assert!(!carries("Nordwell GmbH", ""));
    }
}
