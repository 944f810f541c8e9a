//! Printing rows as a table, CSV or JSON: every command that prints rows goes through here.

use std::io::Write;

use arrow::array::RecordBatch;
use arrow::util::pretty::pretty_format_batches;

use crate::args::OutputFormat;

/// Prints batches in the chosen format.
pub fn print_batches(
    batches: &[RecordBatch],
    format: OutputFormat,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        OutputFormat::Table => {
            writeln!(out, "{}", pretty_format_batches(batches)?)?;
        }
        OutputFormat::Csv => {
            let mut writer = arrow::csv::WriterBuilder::new()
                .with_header(true)
                .build(&mut *out);
            for batch in batches {
                writer.write(&chokepoint_sections::csv_safe_batch(batch)?)?;
            }
        }
        OutputFormat::Json => {
            let mut writer = arrow::json::ArrayWriter::new(&mut *out);
            let refs: Vec<&RecordBatch> = batches.iter().collect();
            writer.write_batches(&refs)?;
            writer.finish()?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
