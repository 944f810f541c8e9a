//! Printing rows as a table, CSV or JSON: every command that prints rows goes through here.

use std::borrow::Cow;
use std::fmt::Write as _;
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
            let shown = batches
                .iter()
                .map(|batch| chokepoint_sections::map_text_cells(batch, terminal_text))
                .collect::<Result<Vec<_>, _>>()?;
            writeln!(out, "{}", pretty_format_batches(&shown)?)?;
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

/// Text safe to print on a terminal: control characters (C0, DEL, C1; ESC
/// above all, which starts escape sequences) are shown escaped, `\x1b` or
/// `\u{9b}`, so a party name cannot move the cursor, retitle the window or
/// clear the screen. Tables only: CSV and JSON keep the text.
fn terminal_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match u32::from(c) {
            code @ (0..=0x1f | 0x7f) => {
                let _ = write!(shown, "\\x{code:02x}");
            }
            code @ 0x80..=0x9f => {
                let _ = write!(shown, "\\u{{{code:x}}}");
            }
            _ => shown.push(c),
        }
    }
    Cow::Owned(shown)
}

#[cfg(test)]
mod tests {
    use super::terminal_text;

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(terminal_text("plain Ω"), "plain Ω");
        assert_eq!(
            terminal_text("a\u{1b}[2J\u{7}\u{7f}\u{9b}b\tc"),
            r"a\x1b[2J\x07\x7f\u{9b}b\x09c"
        );
    }
}
