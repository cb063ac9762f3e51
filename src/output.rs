//! Where converted records go: JSON Lines, CSV or an XLSX workbook, to
//! standard output, into one file for the whole run (`-o FILE.jsonl`,
//! `-o FILE.csv`, `-o FILE.xlsx`) or one file per input (`-o DIR`).
//!
//! Every writer uses the flat-record contract of `kehoach-normalize`
//! (`COLUMNS`): the same columns in the same order whatever the inputs, so
//! the CSV header and the workbook's columns never change between runs.

use crate::cli::OutputFormat;
use anyhow::{bail, Context, Result};
use kehoach_normalize::{CanonicalDocument, FlatRecord, FlatValue, COLUMNS};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where `convert` writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Standard output.
    Stdout,
    /// Everything into this one file (written atomically at the end).
    File(PathBuf),
    /// One file per input under this directory.
    Dir(PathBuf),
}

/// The file extensions kehoach writes.
const OUTPUT_EXTENSIONS: [&str; 4] = ["json", "jsonl", "csv", "xlsx"];

/// Decides what `-o` means for `format`: a name with the format's extension
/// (jsonl, csv, xlsx) is one output file, an existing directory or any
/// other name a directory. A name with another output extension is refused
/// rather than silently made a directory.
pub(crate) fn target(output: Option<&Path>, format: OutputFormat) -> Result<Target> {
    let Some(path) = output else {
        if format == OutputFormat::Xlsx {
            bail!("--format xlsx writes a workbook: name it with -o FILE.xlsx (one workbook for all inputs) or -o DIR (one per input)");
        }
        return Ok(Target::Stdout);
    };
    if path.is_dir() {
        return Ok(Target::Dir(path.to_path_buf()));
    }
    let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if !OUTPUT_EXTENSIONS.contains(&extension.as_str()) {
        return Ok(Target::Dir(path.to_path_buf()));
    }
    if extension == format.extension() && format != OutputFormat::Json {
        return Ok(Target::File(path.to_path_buf()));
    }
    if format == OutputFormat::Json {
        bail!(
            "-o {}: --format json writes one file per input into a directory (-o DIR); for one file with \
             everything use --format jsonl, csv or xlsx with -o FILE.jsonl|csv|xlsx",
            path.display()
        );
    }
    bail!(
        "-o {} names a .{extension} file but the output format is {}: use --format {extension}, or -o FILE.{}",
        path.display(),
        format.extension(),
        format.extension()
    )
}

/// One diagnostic of a document, for the workbook's diagnostics sheet
/// (plain values, so a worker process can send it to the batch).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct DiagnosticRow {
    doc: String,
    level: String,
    code: String,
    message: String,
    page: Option<u32>,
    line: Option<u32>,
    sheet: Option<String>,
    cell: Option<String>,
    row: Option<u32>,
    column: Option<u32>,
}

/// The diagnostics of a document as workbook rows.
pub(crate) fn diagnostic_rows(doc: &CanonicalDocument) -> Vec<DiagnosticRow> {
    doc.diagnostics
        .iter()
        .map(|d| {
            let at = d.location.clone().unwrap_or_default();
            DiagnosticRow {
                doc: doc.source.file.clone(),
                level: level_name(d.level).to_string(),
                code: d.code.to_string(),
                message: d.message.clone(),
                page: at.page,
                line: at.line,
                sheet: at.sheet.as_deref().map(str::to_string),
                cell: at.cell,
                row: at.row,
                column: at.column,
            }
        })
        .collect()
}

/// The records of one input as the bytes of a file of `format` (JSONL, CSV
/// with its header, or a workbook); `-o DIR` writes one per input.
pub(crate) fn render_records(
    records: &[FlatRecord],
    diagnostics: &[DiagnosticRow],
    format: OutputFormat,
    bom: bool,
) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    match format {
        OutputFormat::Jsonl => kehoach_normalize::write_jsonl(records, &mut bytes)?,
        OutputFormat::Csv => {
            if bom {
                bytes.extend_from_slice(kehoach_normalize::UTF8_BOM);
            }
            kehoach_normalize::write_csv_header(&mut bytes)?;
            kehoach_normalize::write_csv(records, &mut bytes)?;
        }
        OutputFormat::Xlsx => bytes = workbook(records, diagnostics, &[])?,
        OutputFormat::Json => bail!("canonical JSON is not a record format"),
    }
    Ok(bytes)
}

/// Collects the records of a whole run and writes them to standard output
/// (as they come) or into one file (atomically: a temporary file beside it
/// is renamed into place at the end; on failure it is removed).
pub(crate) struct RecordSink {
    format: OutputFormat,
    /// The final file, or none for standard output.
    target: Option<PathBuf>,
    /// The temporary file being written (JSONL, CSV into a file).
    file: Option<(PathBuf, BufWriter<std::fs::File>)>,
    /// What a workbook holds until the end.
    records: Vec<FlatRecord>,
    diagnostics: Vec<DiagnosticRow>,
}

impl RecordSink {
    /// A sink for `format` writing to `target` (standard output when none).
    /// The CSV header (after the BOM) is written at once, so a run without
    /// records still gives a CSV with its header.
    pub(crate) fn new(format: OutputFormat, target: Option<PathBuf>, bom: bool) -> Result<RecordSink> {
        let mut sink = RecordSink { format, target, file: None, records: Vec::new(), diagnostics: Vec::new() };
        if let (Some(target), OutputFormat::Jsonl | OutputFormat::Csv) = (&sink.target, format) {
            if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
            }
            let tmp = temporary_name(target, 0);
            let file = std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
            sink.file = Some((tmp, BufWriter::new(file)));
        }
        if format == OutputFormat::Csv {
            let mut head = Vec::new();
            if bom {
                head.extend_from_slice(kehoach_normalize::UTF8_BOM);
            }
            kehoach_normalize::write_csv_header(&mut head)?;
            sink.write(&head)?;
        }
        Ok(sink)
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        match &mut self.file {
            Some((tmp, file)) => file.write_all(bytes).with_context(|| format!("cannot write {}", tmp.display())),
            None => crate::cli::print_stdout(bytes),
        }
    }

    /// Adds the records (and, for a workbook, the diagnostics) of one input.
    pub(crate) fn add(&mut self, records: Vec<FlatRecord>, diagnostics: Vec<DiagnosticRow>) -> Result<()> {
        let mut bytes = Vec::new();
        match self.format {
            OutputFormat::Jsonl => kehoach_normalize::write_jsonl(&records, &mut bytes)?,
            OutputFormat::Csv => kehoach_normalize::write_csv(&records, &mut bytes)?,
            OutputFormat::Xlsx => {
                self.records.extend(records);
                self.diagnostics.extend(diagnostics);
            }
            OutputFormat::Json => {}
        }
        if !bytes.is_empty() {
            self.write(&bytes)?;
        }
        Ok(())
    }

    /// Finishes the output: flushes and renames the file into place, or
    /// builds the workbook (with a sheet of `documents`, the report lines).
    pub(crate) fn finish(mut self, documents: &[serde_json::Value]) -> Result<()> {
        if self.format == OutputFormat::Xlsx {
            let bytes = workbook(&self.records, &self.diagnostics, documents)?;
            let target = self.target.clone().context("a workbook needs a file")?;
            return write_atomically(&target, &bytes);
        }
        let Some((tmp, file)) = self.file.take() else { return Ok(()) };
        let target = self.target.clone().expect("a file sink has a target");
        let result = (|| -> std::io::Result<()> {
            let file = file.into_inner().map_err(|e| e.into_error())?;
            file.sync_data()?;
            std::fs::rename(&tmp, &target)
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e).with_context(|| format!("cannot write {}", target.display()));
        }
        Ok(())
    }
}

impl Drop for RecordSink {
    fn drop(&mut self) {
        // Not finished (an error on the way): leave no half-written file.
        if let Some((tmp, _)) = self.file.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// The most characters an XLSX cell holds.
const MAX_CELL_CHARS: usize = 32_767;

/// A workbook: a `records` sheet (the flat-record columns, typed: ids and
/// codes as text, ISO dates as dates, numbers as numbers, lists joined with
/// "; "), a `documents` sheet when report lines are given, and a
/// `diagnostics` sheet. Each sheet has a bold, frozen header row, an
/// autofilter and column widths fitted to their content.
pub(crate) fn workbook(
    records: &[FlatRecord],
    diagnostics: &[DiagnosticRow],
    documents: &[serde_json::Value],
) -> Result<Vec<u8>> {
    let too_many = |what: &str, n: usize| {
        anyhow::anyhow!("{n} {what} do not fit in one XLSX sheet (at most 1,048,575 rows); use --format jsonl or csv")
    };
    if records.len() >= 1_048_576 {
        return Err(too_many("records", records.len()));
    }
    if diagnostics.len() >= 1_048_576 {
        return Err(too_many("diagnostics", diagnostics.len()));
    }
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");

    let sheet = book.add_worksheet();
    sheet.set_name("records")?;
    let rows = records.iter().map(|r| r.values().to_vec());
    write_sheet(sheet, &COLUMNS, rows, &bold, &date)?;

    if !documents.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name("documents")?;
        let (columns, rows) = document_rows(documents);
        let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
        let rows = rows.iter().map(|row| row.iter().map(json_cell).collect::<Vec<_>>());
        write_sheet(sheet, &columns, rows, &bold, &date)?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name("diagnostics")?;
    let columns = ["doc", "level", "code", "message", "page", "line", "sheet", "cell", "row", "column"];
    let rows = diagnostics.iter().map(|row| {
        let whole = |v: Option<u32>| v.map_or(Cell::Null, |n| Cell::Number(f64::from(n)));
        vec![
            Cell::Text(row.doc.clone()),
            Cell::Text(row.level.clone()),
            Cell::Text(row.code.clone()),
            Cell::Text(row.message.clone()),
            whole(row.page),
            whole(row.line),
            row.sheet.clone().map_or(Cell::Null, Cell::Text),
            row.cell.clone().map_or(Cell::Null, Cell::Text),
            whole(row.row),
            whole(row.column),
        ]
    });
    write_sheet(sheet, &columns, rows, &bold, &date)?;
    Ok(book.save_to_buffer()?)
}

fn level_name(level: kehoach_extract::Level) -> &'static str {
    match level {
        kehoach_extract::Level::Info => "info",
        kehoach_extract::Level::Warning => "warning",
        kehoach_extract::Level::Error => "error",
    }
}

/// A workbook cell.
enum Cell {
    Null,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(String),
}

impl From<&FlatValue<'_>> for Cell {
    fn from(value: &FlatValue<'_>) -> Cell {
        match value {
            FlatValue::Null => Cell::Null,
            FlatValue::Text(s) => Cell::Text(s.to_string()),
            FlatValue::Date(s) => Cell::Date(s.to_string()),
            FlatValue::Integer(n) => Cell::Number(*n as f64),
            FlatValue::Number(n) => Cell::Number(*n),
            FlatValue::Bool(b) => Cell::Bool(*b),
            FlatValue::List(_) | FlatValue::Json(_) => Cell::Text(value.to_text()),
        }
    }
}

/// The report lines as a table: every key in order of first appearance,
/// nested objects (`items`) spread into `items.groups`, `items.targets`, ….
fn document_rows(documents: &[serde_json::Value]) -> (Vec<String>, Vec<Vec<serde_json::Value>>) {
    let mut columns: Vec<String> = Vec::new();
    let mut flat_docs = Vec::new();
    for doc in documents {
        let mut flat: Vec<(String, serde_json::Value)> = Vec::new();
        for (key, value) in doc.as_object().into_iter().flatten() {
            match value {
                serde_json::Value::Object(inner) => {
                    flat.extend(inner.iter().map(|(k, v)| (format!("{key}.{k}"), v.clone())));
                }
                other => flat.push((key.clone(), other.clone())),
            }
        }
        for (key, _) in &flat {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
        flat_docs.push(flat);
    }
    let rows = flat_docs
        .into_iter()
        .map(|flat| {
            columns
                .iter()
                .map(|c| flat.iter().find(|(k, _)| k == c).map_or(serde_json::Value::Null, |(_, v)| v.clone()))
                .collect()
        })
        .collect();
    (columns, rows)
}

fn json_cell(value: &serde_json::Value) -> Cell {
    match value {
        serde_json::Value::Null => Cell::Null,
        serde_json::Value::Bool(b) => Cell::Bool(*b),
        serde_json::Value::Number(n) => n.as_f64().map_or(Cell::Null, Cell::Number),
        serde_json::Value::String(s) => Cell::Text(s.clone()),
        other => Cell::Text(other.to_string()),
    }
}

fn write_sheet<R, C>(sheet: &mut Worksheet, columns: &[&str], rows: R, bold: &Format, date: &Format) -> Result<()>
where
    R: Iterator<Item = Vec<C>>,
    for<'a> &'a C: Into<Cell>,
{
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for (col, name) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, bold)?;
    }
    let mut last_row = 0u32;
    for (i, row) in rows.enumerate() {
        let r = i as u32 + 1;
        last_row = r;
        for (col, value) in row.iter().enumerate() {
            let c = col as u16;
            let shown = match value.into() {
                Cell::Null => 0,
                Cell::Text(text) => {
                    let text = clip(&text);
                    sheet.write_string(r, c, text)?;
                    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, n)?;
                    n.to_string().len()
                }
                Cell::Bool(b) => {
                    sheet.write_boolean(r, c, b)?;
                    5
                }
                Cell::Date(text) => {
                    match iso_date(&text) {
                        Some(day) => sheet.write_datetime_with_format(r, c, &day, date)?,
                        None => sheet.write_string(r, c, &text)?,
                    };
                    10
                }
            };
            if let Some(width) = widths.get_mut(col) {
                *width = (*width).max(shown);
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, (*width).clamp(6, 60) as f64 + 2.0)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !columns.is_empty() {
        sheet.autofilter(0, 0, last_row, columns.len() as u16 - 1)?;
    }
    Ok(())
}

impl From<&Cell> for Cell {
    fn from(cell: &Cell) -> Cell {
        match cell {
            Cell::Null => Cell::Null,
            Cell::Text(s) => Cell::Text(s.clone()),
            Cell::Number(n) => Cell::Number(*n),
            Cell::Bool(b) => Cell::Bool(*b),
            Cell::Date(s) => Cell::Date(s.clone()),
        }
    }
}

/// A text cut to what one cell holds.
fn clip(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// `YYYY-MM-DD` as a spreadsheet date.
fn iso_date(text: &str) -> Option<ExcelDateTime> {
    let mut parts = text.splitn(3, '-');
    let year: u16 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// `<target>.tmp-<pid>` (`pid` 0: this process).
pub(crate) fn temporary_name(target: &Path, pid: u32) -> PathBuf {
    let pid = if pid == 0 { std::process::id() } else { pid };
    let mut tmp = target.as_os_str().to_owned();
    tmp.push(format!(".tmp-{pid}"));
    PathBuf::from(tmp)
}

/// Writes `bytes` to `<target>.tmp-<pid>` (synced), returning that name.
pub(crate) fn write_temporary(target: &Path, bytes: &[u8]) -> Result<PathBuf> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let tmp = temporary_name(target, 0);
    let result = (|| -> io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_data()
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", target.display()));
    }
    Ok(tmp)
}

/// Writes `bytes` to a temporary file beside `target`, then renames it into
/// place: readers never see a half-written output.
pub(crate) fn write_atomically(target: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = write_temporary(target, bytes)?;
    if let Err(e) = std::fs::rename(&tmp, target) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", target.display()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_decide_file_or_directory() {
        use OutputFormat::*;
        let p = |s: &str| Some(PathBuf::from(s));
        assert_eq!(target(None, Jsonl).unwrap(), Target::Stdout);
        assert!(target(None, Xlsx).unwrap_err().to_string().contains("-o FILE.xlsx"));
        assert_eq!(target(p("all.jsonl").as_deref(), Jsonl).unwrap(), Target::File("all.jsonl".into()));
        assert_eq!(target(p("all.CSV").as_deref(), Csv).unwrap(), Target::File("all.CSV".into()));
        assert_eq!(target(p("book.xlsx").as_deref(), Xlsx).unwrap(), Target::File("book.xlsx".into()));
        assert_eq!(target(p("out").as_deref(), Xlsx).unwrap(), Target::Dir("out".into()));
        assert_eq!(target(p("out").as_deref(), Json).unwrap(), Target::Dir("out".into()));
        let mismatch = target(p("comb.jsonl").as_deref(), Csv).unwrap_err().to_string();
        assert!(mismatch.contains("--format jsonl"), "{mismatch}");
        assert!(target(p("comb.json").as_deref(), Json).unwrap_err().to_string().contains("-o DIR"));
    }

    #[test]
    fn dates_and_clipping() {
        assert!(iso_date("2024-01-15").is_some());
        assert!(iso_date("2024-13-01").is_none());
        assert!(iso_date("Quý II").is_none());
        let long = "ệ".repeat(MAX_CELL_CHARS + 5);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_CHARS);
    }
}
