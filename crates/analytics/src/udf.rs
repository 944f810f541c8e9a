//! SQL functions of Chokepoint, registered on a session by [`register_udfs`].

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Float64Array};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type};
use chokepoint_model::QuantityUnit;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use datafusion::prelude::SessionContext;

/// Registers `convert_quantity` on a session.
pub fn register_udfs(ctx: &SessionContext) {
    ctx.register_udf(ScalarUDF::from(ConvertQuantity::new()));
}

/// `convert_quantity(quantity, from_unit, to_unit)`: the quantity in another unit
/// of the same dimension (`convert_quantity(523000, 'km', 'mi')` ≈ 324,977),
/// NULL when a unit is unknown or the dimensions differ (kg to km).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ConvertQuantity {
    signature: Signature,
}

impl ConvertQuantity {
    /// The function.
    pub fn new() -> ConvertQuantity {
        ConvertQuantity {
            signature: Signature::exact(
                vec![DataType::Float64, DataType::Utf8, DataType::Utf8],
                Volatility::Immutable,
            ),
        }
    }
}

impl Default for ConvertQuantity {
    fn default() -> Self {
        ConvertQuantity::new()
    }
}

impl ScalarUDFImpl for ConvertQuantity {
    fn name(&self) -> &str {
        "convert_quantity"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let quantity = cast(&arrays[0], &DataType::Float64)?;
        let from = cast(&arrays[1], &DataType::Utf8)?;
        let to = cast(&arrays[2], &DataType::Utf8)?;
        let (quantity, from, to) = (
            quantity.as_primitive::<Float64Type>(),
            from.as_string::<i32>(),
            to.as_string::<i32>(),
        );
        let converted: Float64Array = (0..quantity.len())
            .map(|i| {
                if quantity.is_null(i) || from.is_null(i) || to.is_null(i) {
                    return None;
                }
                let from_unit = QuantityUnit::parse(from.value(i)).ok()?;
                let to_unit = QuantityUnit::parse(to.value(i)).ok()?;
                from_unit.convert(quantity.value(i), to_unit)
            })
            .collect();
        Ok(ColumnarValue::Array(Arc::new(converted) as ArrayRef))
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    #[tokio::test]
    async fn converts_within_a_dimension_and_is_null_across() {
        let ctx = SessionContext::new();
        register_udfs(&ctx);
        let batches = ctx
            .sql("SELECT convert_quantity(523000.0, 'km', 'mi'), convert_quantity(2.0, 't', 'kg'), convert_quantity(1.0, 'kg', 'km'), convert_quantity(1.0, 'furlong', 'km')")
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        let value = |column: usize| {
            batches[0]
                .column(column)
                .as_primitive::<Float64Type>()
                .clone()
        };
        assert!(
            (value(0).value(0) - 324_976.9).abs() < 1.0,
            "{}",
            value(0).value(0)
        );
        assert_eq!(value(1).value(0), 2000.0);
        assert!(value(2).is_null(0) && value(3).is_null(0));
    }
}
