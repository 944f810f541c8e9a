//! Writing a report and its side files to disk, atomically per file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::ReportError;
use crate::export::{export_stems, table_csv, table_json};
use crate::html::{HtmlOptions, render_html_with};
use crate::markdown::{MarkdownOptions, render_markdown_with};
use crate::model::Report;

/// The two output formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutputFormat {
    Html,
    Markdown,
}

/// Writes a report to `out`, as HTML for `.html`/`.htm` and Markdown for
/// `.md`/`.markdown` (case-insensitive).
///
/// Side files go to the sibling directory `<stem>_files/`: a CSV and a JSON
/// export of every table and, for Markdown, one SVG per chart. Each file is
/// written to a temp file in its target directory and renamed into place, so
/// a killed process leaves either the old file or the new one, never half of
/// one. The main document is written last, after everything it links to.
///
/// Returns the paths written, main document first.
pub fn write_report(report: &Report, out: &Path) -> Result<Vec<PathBuf>, ReportError> {
    let format = output_format(out).ok_or_else(|| ReportError::UnsupportedFormat {
        path: out.to_path_buf(),
    })?;
    let stem = out
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let files_dir_name = format!("{stem}_files");
    let files_dir = parent.join(&files_dir_name);
    std::fs::create_dir_all(&files_dir).map_err(|source| ReportError::Write {
        path: files_dir.clone(),
        source,
    })?;

    let mut side_files: Vec<(PathBuf, String)> = Vec::new();
    let tables = report.sections.iter().flat_map(|section| &section.tables);
    for (table, export_stem) in tables.zip(export_stems(report)) {
        side_files.push((
            files_dir.join(format!("{export_stem}.csv")),
            table_csv(table),
        ));
        side_files.push((
            files_dir.join(format!("{export_stem}.json")),
            table_json(table),
        ));
    }
    let main_document = match format {
        OutputFormat::Html => render_html_with(
            report,
            &HtmlOptions {
                exports_dir: Some(files_dir_name),
                ..Default::default()
            },
        ),
        OutputFormat::Markdown => {
            let rendered = render_markdown_with(
                report,
                &MarkdownOptions {
                    assets_dir: files_dir_name.clone(),
                    exports_dir: Some(files_dir_name),
                },
            );
            for (relative_path, content) in rendered.assets {
                side_files.push((parent.join(relative_path), content));
            }
            rendered.markdown
        }
    };

    let mut written = vec![out.to_path_buf()];
    for (path, content) in side_files {
        write_atomically(&path, &content)?;
        written.push(path);
    }
    write_atomically(out, &main_document)?;
    Ok(written)
}

fn output_format(path: &Path) -> Option<OutputFormat> {
    let extension = path.extension()?.to_string_lossy().to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => Some(OutputFormat::Html),
        "md" | "markdown" => Some(OutputFormat::Markdown),
        _ => None,
    }
}

/// Writes `content` to a temp file next to `path`, flushes it to disk and
/// renames it over `path`. The temp file lives in the same directory because
/// a rename is only atomic within one file system.
fn write_atomically(path: &Path, content: &str) -> Result<(), ReportError> {
    let write_error = |source| ReportError::Write {
        path: path.to_path_buf(),
        source,
    };
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp_file = tempfile::Builder::new()
        .prefix(".chokepoint-report-")
        .tempfile_in(directory)
        .map_err(write_error)?;
    temp_file
        .write_all(content.as_bytes())
        .map_err(write_error)?;
    // Temp files are created owner-only; a report is a document to share.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp_file
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(write_error)?;
    }
    temp_file.as_file().sync_all().map_err(write_error)?;
    temp_file
        .persist(path)
        .map_err(|persist_error| write_error(persist_error.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_extension_case_insensitively() {
        assert_eq!(
            output_format(Path::new("a/report.HTML")),
            Some(OutputFormat::Html)
        );
        assert_eq!(
            output_format(Path::new("report.htm")),
            Some(OutputFormat::Html)
        );
        assert_eq!(
            output_format(Path::new("report.md")),
            Some(OutputFormat::Markdown)
        );
        assert_eq!(output_format(Path::new("report.pdf")), None);
        assert_eq!(output_format(Path::new("report")), None);
    }
}
