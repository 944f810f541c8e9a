//! Unit values far from the code's median.

use super::{Findings, RiskRules, Rule, Shipment};

/// A unit value at least `min_ratio` times above or below the median of
/// its HS6 code and unit (codes with `min_records` records or more).
pub(crate) struct UnitValue;

impl Rule for UnitValue {
    fn name(&self) -> &'static str {
        "unit_value"
    }

    fn description(&self) -> &'static str {
        "a unit value far above or below the median of its HS6 code and unit"
    }

    fn weight(&self, rules: &RiskRules) -> f64 {
        rules.unit_value.weight
    }

    fn evaluate(&self, shipment: &Shipment<'_>, findings: &mut Findings<'_>) {
        let (Some(code), Some(unit), Some(value), Some(quantity)) = (
            shipment.hs6,
            shipment.quantity_unit,
            shipment.value_usd,
            shipment.quantity,
        ) else {
            return;
        };
        if value <= 0.0 || quantity <= 0.0 {
            return;
        }
        let context = shipment.context;
        let Some(&(median, n)) = context
            .unit_value_medians
            .get(code)
            .and_then(|units| units.get(unit))
        else {
            return;
        };
        let unit_value = value / quantity;
        let ratio = (unit_value.ln() - median).exp();
        let min = context.rules.unit_value.min_ratio;
        if ratio >= min || ratio <= 1.0 / min {
            let (times, side) = if ratio >= 1.0 {
                (ratio, "above")
            } else {
                (1.0 / ratio, "below")
            };
            findings.add(1.0, || {
                format!(
                    "unit value USD {unit_value:.2}/{unit} is {times:.0}× {side} the median USD {:.2} of {n} records of HS {code}",
                    median.exp()
                )
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Fixture, Record};

    /// `n` records of HS 847150 at USD 100 a unit.
    fn priced(n: usize) -> Fixture {
        Fixture {
            history: vec![
                Record {
                    hs6: "847150",
                    shipper: "Nordwell Electronics GmbH",
                    consignee: "Baltic Machinery AB",
                    value_usd: Some(500.0),
                    quantity: Some(5.0),
                    unit: "u",
                    ..Record::default()
                };
                n
            ],
            ..Fixture::default()
        }
    }

    fn check(
        case: &str,
        fixture: &Fixture,
        value_usd: Option<f64>,
        quantity: Option<f64>,
        unit: &'static str,
        expected: &[&str],
    ) {
        let shipment = Record {
            hs6: "847150",
            shipper: "Falcon General Trading FZE",
            consignee: "Volga Components OOO",
            value_usd,
            quantity,
            unit,
            ..Record::default()
        };
        crate::rules::testing::check(&UnitValue, case, fixture, &shipment, expected);
    }

    #[test]
    fn flags_unit_values_far_from_the_median() {
        let eight = priced(8);
        check(
            "ten times above",
            &eight,
            Some(2000.0),
            Some(2.0),
            "u",
            &[
                "1: unit value USD 1000.00/u is 10× above the median USD 100.00 of 9 records of HS 847150",
            ],
        );
        check(
            "ten times below",
            &eight,
            Some(10.0),
            Some(1.0),
            "u",
            &[
                "1: unit value USD 10.00/u is 10× below the median USD 100.00 of 9 records of HS 847150",
            ],
        );
        check("four times above", &eight, Some(400.0), Some(1.0), "u", &[]);
        check(
            "another unit has no median",
            &eight,
            Some(2000.0),
            Some(2.0),
            "kg",
            &[],
        );
        check(
            "too few records for a median",
            &priced(6),
            Some(2000.0),
            Some(2.0),
            "u",
            &[],
        );
        check("no quantity", &eight, Some(2000.0), Some(0.0), "u", &[]);
        check("no value", &eight, None, Some(2.0), "u", &[]);
    }
}
