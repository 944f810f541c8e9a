//! Bounds on the SQL functions whose output can dwarf their input:
//! `repeat('x', 2000000000)` builds 2 GB in one call, and the memory pool
//! never sees it (the pool accounts for operators' buffers, not for the
//! values a function returns), so a few such queries at once abort the
//! process. Each of these functions is replaced, under its own name, by a
//! wrapper that works out what a call would build before building it and
//! refuses calls beyond the session's memory limit, with the pool's
//! message naming that limit.

use std::hash::Hash;

use arrow::array::{Array, AsArray};
use arrow::compute::cast;
use arrow::compute::kernels::length::length;
use arrow::datatypes::{DataType, FieldRef, Int64Type};
use datafusion::common::{DataFusionError, ExprSchema, Result};
use datafusion::logical_expr::simplify::{ExprSimplifyResult, SimplifyContext};
use datafusion::logical_expr::sort_properties::{ExprProperties, SortProperties};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, Expr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF,
    ScalarUDFImpl, Signature,
};
use datafusion::prelude::SessionContext;

use crate::memory::{ByteSize, EXHAUSTED_PREFIX};

/// How a bounded function's output grows with its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Growth {
    /// `repeat(text, n)`: the text's bytes, n times.
    Repeat,
    /// `lpad(text, n[, fill])`, `rpad`: n characters.
    Pad,
    /// `array_repeat(element, n)`: n elements (counted at 8 bytes).
    ArrayRepeat,
}

/// The functions bounded, by name.
const BOUNDED: [(&str, Growth); 4] = [
    ("repeat", Growth::Repeat),
    ("lpad", Growth::Pad),
    ("rpad", Growth::Pad),
    ("array_repeat", Growth::ArrayRepeat),
];

/// Replaces the session's built-in functions that [`BOUNDED`] names by
/// bounded ones: a call that would build more than `limit` bytes fails
/// with `ResourcesExhausted` before it allocates.
pub(crate) fn bound_functions(ctx: &SessionContext, limit: ByteSize) {
    let state = ctx.state();
    for (name, growth) in BOUNDED {
        if let Some(inner) = state.scalar_functions().get(name) {
            let bounded = Bounded {
                inner: inner.as_ref().clone(),
                growth,
                limit: limit.as_u64(),
            };
            ctx.register_udf(ScalarUDF::new_from_impl(bounded));
        }
    }
}

/// A built-in function with a bound on what one call builds.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Bounded {
    inner: ScalarUDF,
    growth: Growth,
    limit: u64,
}

impl Bounded {
    /// Bytes one call over `rows` rows would build (an estimate from the
    /// counts and lengths; exact for ASCII `repeat`).
    fn bytes_built(&self, args: &[ColumnarValue], rows: usize) -> Result<u64> {
        let Some(count) = args.get(1) else {
            return Ok(0);
        };
        let counts = cast(&count.to_array(rows)?, &DataType::Int64)?;
        let counts = counts.as_primitive::<Int64Type>();
        let count_at = |row: usize| -> u64 {
            if counts.is_null(row) {
                0
            } else {
                u64::try_from(counts.value(row)).unwrap_or(0)
            }
        };
        let mut total: u64 = 0;
        match self.growth {
            Growth::Repeat => {
                let lengths = cast(&length(&args[0].to_array(rows)?)?, &DataType::Int64)?;
                let lengths = lengths.as_primitive::<Int64Type>();
                for row in 0..counts.len() {
                    let text = u64::try_from(lengths.value(row)).unwrap_or(0);
                    total = total.saturating_add(text.saturating_mul(count_at(row)));
                }
            }
            Growth::Pad => {
                for row in 0..counts.len() {
                    total = total.saturating_add(count_at(row));
                }
            }
            Growth::ArrayRepeat => {
                for row in 0..counts.len() {
                    total = total.saturating_add(count_at(row).saturating_mul(8));
                }
            }
        }
        Ok(total)
    }
}

/// Every method delegates to the built-in, except that `invoke_with_args`
/// checks the bound first.
impl ScalarUDFImpl for Bounded {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn aliases(&self) -> &[String] {
        self.inner.aliases()
    }

    fn signature(&self) -> &Signature {
        self.inner.signature()
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.inner.return_type(arg_types)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        self.inner.return_field_from_args(args)
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        self.inner.coerce_types(arg_types)
    }

    fn is_nullable(&self, args: &[Expr], schema: &dyn ExprSchema) -> bool {
        #[expect(deprecated)]
        self.inner.is_nullable(args, schema)
    }

    fn simplify(&self, args: Vec<Expr>, info: &SimplifyContext) -> Result<ExprSimplifyResult> {
        self.inner.simplify(args, info)
    }

    fn short_circuits(&self) -> bool {
        self.inner.short_circuits()
    }

    fn output_ordering(&self, inputs: &[ExprProperties]) -> Result<SortProperties> {
        self.inner.output_ordering(inputs)
    }

    fn documentation(&self) -> Option<&Documentation> {
        self.inner.documentation()
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let built = self.bytes_built(&args.args, args.number_rows)?;
        if built > self.limit {
            return Err(DataFusionError::ResourcesExhausted(format!(
                "{EXHAUSTED_PREFIX} {} limit (raise it with --memory-limit or \
                 CHOKEPOINT_MEMORY_LIMIT): {}() would build {} in one call",
                ByteSize::bytes(self.limit),
                self.inner.name(),
                ByteSize::bytes(built)
            )));
        }
        self.inner.invoke_with_args(args)
    }
}
