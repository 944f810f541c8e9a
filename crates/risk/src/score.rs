//! Scoring: each rule's strength on one shipment, times its weight, with
//! the sentence that explains it.

use arrow::array::RecordBatch;
use serde::Serialize;

use crate::RiskError;
use crate::columns::{ShipmentView, get, get_f64};
use crate::context::{RiskContext, unit_value_key};
use crate::listed::ListedVia;
use chokepoint_model::dates::iso_date;

/// One reason a shipment scored: the rule, its points and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// Rule name, as in the rules file.
    pub rule: &'static str,
    /// Points added (`weight × strength`).
    pub points: f64,
    /// Strength in 0..=1.
    pub strength: f64,
    /// Why, in words.
    pub detail: String,
}

/// A shipment's score and reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShipmentRisk {
    /// The declaration id.
    pub declaration_id: String,
    /// Date, ISO.
    pub date: String,
    /// Sum of the reasons' points.
    pub score: f64,
    /// Shipper as written.
    pub shipper_name: Option<String>,
    /// The shipper's resolved entity id.
    pub shipper_entity: Option<String>,
    /// Consignee as written.
    pub consignee_name: Option<String>,
    /// The consignee's resolved entity id.
    pub consignee_entity: Option<String>,
    /// Consignee country (alpha-3).
    pub consignee_country: Option<String>,
    /// Final destination (alpha-3).
    pub destination_country: Option<String>,
    /// Tariff code as declared.
    pub hs_code: String,
    /// Value in USD.
    pub value_usd: Option<f64>,
    /// Reasons, most points first.
    pub reasons: Vec<Reason>,
}

/// Scores every shipment of a batch.
pub fn score_batch(
    context: &RiskContext,
    batch: &RecordBatch,
) -> Result<Vec<ShipmentRisk>, RiskError> {
    let view = ShipmentView::new(batch)?;
    let mut key = String::new();
    Ok((0..view.len())
        .map(|row| score_row(context, &view, row, &mut key))
        .collect())
}

fn score_row(
    context: &RiskContext,
    view: &ShipmentView,
    row: usize,
    key: &mut String,
) -> ShipmentRisk {
    let rules = &context.rules;
    let resolution = &context.resolution;
    let day = view.date.value(row);
    let party = |name, address, country| {
        get(name, row)
            .and_then(|name| resolution.lookup(name, get(address, row), get(country, row)))
    };
    let shipper = party(
        &view.shipper_name,
        &view.shipper_address,
        &view.shipper_country,
    );
    let consignee = party(
        &view.consignee_name,
        &view.consignee_address,
        &view.consignee_country,
    );
    let consignee_country = get(&view.consignee_country, row);
    let destination = get(&view.destination_country, row);
    let dispatch = get(&view.dispatch_country, row);
    let origin = get(&view.origin_country, row);
    let hs6 = get(&view.hs6, row);
    let mut reasons = Vec::new();
    let mut add = |rule: &'static str, weight: f64, strength: f64, detail: String| {
        if weight > 0.0 && strength > 0.0 {
            reasons.push(Reason {
                rule,
                points: weight * strength,
                strength,
                detail,
            });
        }
    };

    // CHPL goods, by tier.
    let tier = hs6.and_then(|code| context.tiers.get(code));
    if let Some(tier) = tier {
        let factor = rules
            .high_priority_goods
            .tier_factors
            .get(tier.label())
            .copied()
            .unwrap_or(0.0);
        add(
            "high_priority_goods",
            rules.high_priority_goods.weight,
            factor,
            format!(
                "HS {} is on the Common High Priority List, {tier}",
                hs6.unwrap_or_default()
            ),
        );
    }

    // Russian destination.
    let russian_end = [destination, consignee_country]
        .into_iter()
        .flatten()
        .find(|c| context.russian.contains(c));
    if let Some(country) = russian_end {
        add(
            "russian_destination",
            rules.russian_destination.weight,
            1.0,
            format!("goods go to {country}"),
        );
    }

    // Transit: a consignee in a diversion country that ships to Russia
    // itself, or foreign goods re-exported from such a country to Russia.
    let consignee_forwards = consignee
        .filter(|_| {
            consignee_country
                .is_some_and(|c| context.transit.contains(c) && !context.russian.contains(c))
        })
        .map(|c| (c, context.entity_russian_sales[c]))
        .filter(|(_, sales)| *sales > 0);
    if let Some((entity, sales)) = consignee_forwards {
        add(
            "transit",
            rules.transit.weight,
            1.0,
            format!(
                "consignee {} in {} ships to Russian parties itself ({sales} shipments in the records)",
                resolution.entities[entity].canonical_name,
                consignee_country.unwrap_or_default()
            ),
        );
    } else if let (Some(from), Some(to)) = (dispatch, russian_end)
        && context.transit.contains(from)
        && origin.is_some_and(|o| o != from)
    {
        add(
            "transit",
            rules.transit.weight,
            1.0,
            format!(
                "goods of {} origin re-exported from {from} to {to}",
                origin.unwrap_or_default()
            ),
        );
    }

    // Listed parties (by name or ownership) and shared addresses.
    for (role, entity) in [("shipper", shipper), ("consignee", consignee)] {
        let Some(entity) = entity else { continue };
        if let Some(hit) = context.listed[entity].first() {
            let strength = match hit.via {
                ListedVia::Name { score } => score.min(1.0),
                _ => 1.0,
            };
            add(
                "listed_party",
                rules.listed_party.weight,
                strength,
                format!("{role}: {}", hit.detail),
            );
        }
        if let Some(hit) = context.shared_addresses[entity].first() {
            add(
                "shared_address",
                rules.shared_address.weight,
                1.0,
                format!("{role}: {}", hit.detail),
            );
        }
    }

    // A new consignee buying high-priority goods.
    if let (Some(entity), Some(_), Some(start)) = (consignee, tier, context.records_start) {
        let first = resolution.entities[entity].first_day;
        let window = rules.new_consignee.days;
        if first >= start + window && day - first <= window {
            add(
                "new_consignee",
                rules.new_consignee.weight,
                1.0,
                format!(
                    "consignee {} first seen {} ({} days before), now buys high-priority goods",
                    resolution.entities[entity].canonical_name,
                    iso_date(first),
                    day - first
                ),
            );
        }
    }

    // A Western brand owner's subsidiary shipping the brand towards Russia.
    let towards_russia =
        russian_end.is_some() || consignee_country.is_some_and(|c| context.transit.contains(c));
    if let (Some(entity), true) = (shipper, towards_russia) {
        let brand = get(&view.brand, row);
        let manufacturer = get(&view.manufacturer, row);
        let owner = context.parents[entity].iter().find(|parent| {
            parent
                .share
                .is_some_and(|s| s >= rules.western_subsidiary.min_share)
                && parent
                    .country
                    .as_deref()
                    .is_some_and(|c| context.coalition.contains(c))
                && (brand.is_some_and(|b| carries(&parent.name, b))
                    || manufacturer.is_some_and(|m| m.eq_ignore_ascii_case(&parent.name)))
        });
        if let Some(owner) = owner {
            add(
                "western_subsidiary",
                rules.western_subsidiary.weight,
                1.0,
                format!(
                    "shipper {} is {:.0} % owned by {} ({}), whose brand {} it ships to {} ({})",
                    resolution.entities[entity].canonical_name,
                    owner.share.unwrap_or_default() * 100.0,
                    owner.name,
                    owner.country.as_deref().unwrap_or_default(),
                    brand.or(manufacturer).unwrap_or_default(),
                    consignee_country.unwrap_or_default(),
                    owner.evidence
                ),
            );
        }
    }

    // Unit value far from the code's median.
    if let (Some(code), Some(unit), Some(value), Some(quantity)) = (
        hs6,
        get(&view.quantity_unit, row),
        get_f64(&view.value_usd, row),
        get_f64(&view.quantity, row),
    ) && value > 0.0
        && quantity > 0.0
    {
        unit_value_key(key, code, unit);
        if let Some(&(median, n)) = context.unit_value_medians.get(key.as_str()) {
            let unit_value = value / quantity;
            let ratio = (unit_value.ln() - median).exp();
            let min = rules.unit_value.min_ratio;
            if ratio >= min || ratio <= 1.0 / min {
                let (times, side) = if ratio >= 1.0 {
                    (ratio, "above")
                } else {
                    (1.0 / ratio, "below")
                };
                add(
                    "unit_value",
                    rules.unit_value.weight,
                    1.0,
                    format!(
                        "unit value USD {unit_value:.2}/{unit} is {times:.0}× {side} the median USD {:.2} of {n} records of HS {code}",
                        median.exp()
                    ),
                );
            }
        }
    }

    reasons.sort_by(|a, b| b.points.total_cmp(&a.points).then(a.rule.cmp(b.rule)));
    let text = |column: &arrow::array::StringArray| get(column, row).map(str::to_string);
    ShipmentRisk {
        declaration_id: view.declaration_id.value(row).to_string(),
        date: iso_date(day),
        score: reasons.iter().map(|r| r.points).sum(),
        shipper_name: text(&view.shipper_name),
        shipper_entity: shipper.map(|e| resolution.entities[e].id.clone()),
        consignee_name: text(&view.consignee_name),
        consignee_entity: consignee.map(|e| resolution.entities[e].id.clone()),
        consignee_country: consignee_country.map(str::to_string),
        destination_country: destination.map(str::to_string),
        hs_code: view.hs_code.value(row).to_string(),
        value_usd: get_f64(&view.value_usd, row),
        reasons,
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

    #[test]
    fn brand_words() {
        assert!(carries("Nordwell Electronics GmbH", "Nordwell"));
        assert!(!carries("Nordwellness GmbH", "Nordwell"));
        assert!(!carries("Nordwell GmbH", ""));
    }
}
