//! What the subcommands share: the arguments of `convert`, the output
//! formats, standard output, the document read from standard input, and the
//! call into the library ([`kehoach::convert`]) for one input.

use anyhow::{Context, Result};
use clap::ValueEnum;
use kehoach::CanonicalDocument;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub(crate) const CONVERT_HELP: &str = "\
Input formats: text (.txt, .md, .text: UTF-8 or UTF-16, tab-separated rows,
pipe, grid and multiline tables, HTML table markup, pdftotext -layout
columns; TCVN3, VNI and Windows-1258 are decoded), HTML (.html, .htm,
.xhtml), Word (.docx, .docm, .doc; .rtf, .wps through LibreOffice, which must
then be installed: apt-get install libreoffice-writer-nogui), ODT (.odt),
spreadsheets (.xlsx, .xlsm, .xls, .ods; .csv, .tsv: one sheet, UTF-8, UTF-16 or
Windows-1258, delimiter from the content; kehoach's own record CSVs found in
a folder are skipped), PDF (.pdf; scanned pages through
Tesseract OCR) and page images (.png, .jpg, .jpeg, .tif, .tiff; OCR). `-` reads one document from standard input
(its content decides the format).

Output formats:
  json   one canonical JSON document per input: source (file, format, sha256),
         document (kind, number, date, title, issuer, signer,
         recipients, references), tables with their column mapping and the item tree
         group → target → task → activity, and diagnostics. Its JSON Schema is
         printed by `kehoach schema`.
  jsonl  one JSON object per leaf item (activity, else task, else target) with
         the same keys in the same order for every document (the flat-record
         contract kehoach.flat/2, JSON Schema: `kehoach schema --flat`): doc
         (path relative to the input root), file, table, section, section_title,
         target_id, target, task_id, task, activity_id, activity, output, lead,
         partners, deadline, budget, note, assignment, unit, target_value,
         evaluator, monitor, horizon, the readings (deadline_kind,
         deadline_start, deadline_end, lead_list, partners_list, evaluator_list,
         monitor_list, output_list, indicator_*, budget_source,
         budget_amount_vnd), table_role, confidence,
         low_confidence, the source location (page, line, sheet, cell, row,
         column), item_kind, and extra: unmapped source columns as one object.
         Only plan and indicators tables give records (--tables all: every
         table); table counts those tables, not letterheads or signature
         blocks; confidence is the table role's (0.5-1), low_confidence is
         true where the structure was guessed.
  csv    the same records as CSV, one column per key, header always the same;
         lists joined with \"; \", extra as JSON, text quoted. Starts with a
         UTF-8 byte order mark so spreadsheets read it as UTF-8 (--csv-bom=false
         drops it); a spreadsheet's default import still reads ids such as
         3.10 as numbers (README: the import options that keep them), so for
         people use xlsx.
  xlsx   the same records as an Excel workbook: sheet `records` (ids as text,
         dates as dates, frozen header, autofilter), `documents` (the report,
         with -o FILE.xlsx) and `diagnostics`. Needs -o.

With one input and no -o, the output goes to standard output. With
--format jsonl, csv or xlsx, -o FILE.jsonl / FILE.csv / FILE.xlsx writes the
records of every input into that one file (atomically: complete or absent).
With -o DIR, each input FILE gets DIR/<its path relative to the input>.<format>,
so `-o out plans/` turns plans/2024/a.txt into out/2024/a.txt.json; with several
inputs each keeps its name (`-o out A B`: out/A/…, out/B/…). That relative
path is also `source.path` and `doc` in the outputs. Two inputs that would
write the same output are refused before any work.
Several inputs without -o need --format jsonl or csv (streamed in input order).
With -o DIR, OUT/_report.jsonl gets one line per input (--report FILE
elsewhere; JSON Schema: `kehoach schema --report`): status (ok,
ok-with-warnings, no-plan, failed, skipped, unchanged, interrupted), format, sha256,
item counts, diagnostics, time and error. --skip-unchanged reuses it.

Directories are searched recursively: files of the input formats above are
converted; archives and other files are listed as skipped with the reason;
without LibreOffice, .doc/.rtf/.wps files fail with the install hint. A file
that cannot be converted (damaged, hostile, too large, over --timeout) fails
alone, reported on standard error with the reason: each file is converted in
a worker process limited to --max-memory and killed at --timeout, so a crash,
a hang or a memory blow-up costs only that file. --stdin-list reads more
paths from standard input, one per line (for pipelines and cluster jobs).

Exit status: 0 every input converted or skipped, 1 at least one input
failed, 2 usage error, 130 interrupted by Ctrl-C or SIGTERM (outputs written
so far are complete; --skip-unchanged resumes, even after kill -9).

Examples:
  kehoach convert fixtures/seeds/000_546985720e17fb0b.txt
  kehoach convert --format csv fixtures/seeds/ > records.csv
  kehoach convert --format xlsx -o plans.xlsx fixtures/samples/
  kehoach convert --format jsonl fixtures/samples/000-framework.docx
  kehoach convert -o out/ --format jsonl archive/
  kehoach convert -o out/ --skip-unchanged --jobs 8 archive/
  curl -s https://example.invalid/plan.docx | kehoach convert -f jsonl -
  find archive -name '*.docx' | kehoach convert --stdin-list -f jsonl -q > records.jsonl";

#[derive(clap::Args)]
pub(crate) struct ConvertArgs {
    /// Input files or directories (searched recursively).
    #[arg(required_unless_present = "stdin_list", value_name = "INPUT")]
    pub(crate) inputs: Vec<PathBuf>,
    /// Also read input paths from standard input, one per line (for
    /// pipelines: results go to standard output in input order).
    #[arg(long)]
    pub(crate) stdin_list: bool,
    /// Write one output file per input under DIR, mirroring relative paths;
    /// or, with --format jsonl, csv or xlsx and a name with that extension,
    /// every record into that one FILE.
    #[arg(short, long, value_name = "DIR|FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Json)]
    pub(crate) format: OutputFormat,
    /// Start CSV output with a UTF-8 byte order mark, so spreadsheets open
    /// it as UTF-8 (--csv-bom=false to leave it out).
    #[arg(long, value_name = "BOOL", default_value_t = true, action = clap::ArgAction::Set)]
    pub(crate) csv_bom: bool,
    /// Number of files converted at once (default: all cores).
    #[arg(short, long, value_name = "N")]
    pub(crate) jobs: Option<usize>,
    /// Spell out "UBND" as "Ủy ban nhân dân" in canonical agency names
    /// (readings and lead_list/partners_list; the printed text is kept).
    #[arg(long)]
    pub(crate) expand_ubnd: bool,
    /// Which tables yield items and records: `plans` (the tables decided to
    /// be plan or indicators tables; every table still appears in the JSON
    /// with its role, confidence and evidence) or `all` (every table with a
    /// recognised header, whatever its role).
    #[arg(long, value_enum, default_value = "plans")]
    pub(crate) tables: Tables,
    /// Leave the text as read: no repairs of invisible characters, "Ð" for
    /// "Đ", look-alike letters and slashes, split abbreviations, broken
    /// diacritics, official terms, split words, mark order or tone
    /// placement, neither before parsing nor where cells cut by page breaks
    /// are joined. Repairs are otherwise recorded as `text-repair`
    /// diagnostics with the original. Reading is the same either way: text
    /// in legacy encodings and legacy fonts (TCVN3, VNI) is decoded, put
    /// in Unicode NFC, and NUL characters are dropped.
    #[arg(long)]
    pub(crate) no_repair: bool,
    /// Do not run OCR: scanned PDF pages are reported (`pdf-no-text-layer`)
    /// and left out, page images are refused. By default scanned pages and
    /// PNG/JPEG/TIFF images are recognised with Tesseract, which must then
    /// be installed with Vietnamese data (`tesseract-ocr-vie`).
    #[arg(long)]
    pub(crate) no_ocr: bool,
    /// Where repairs put the tone mark of "oa", "oe", "uy" syllables without
    /// a final consonant: `old` ("hòa", "khỏe", "thủy"; most of the archive
    /// spells so), `new` ("hoà", "khoẻ", "thuỷ") or `as-printed`. Each move
    /// is recorded as a `text-repair`.
    #[arg(long, value_enum, default_value = "old")]
    pub(crate) tone_style: ToneStyleArg,
    /// Give up on a file after this many seconds: its worker process is
    /// killed (with any OCR it started) and the file fails alone.
    #[arg(long, default_value_t = 300.0, value_name = "SECS")]
    pub(crate) timeout: f64,
    /// Memory (address space) each worker process may use, e.g. 2G, 512M,
    /// or `none`; a file that needs more fails alone ("ran out of memory").
    #[arg(long, default_value = "2G", value_name = "SIZE")]
    pub(crate) max_memory: String,
    /// With -o: skip inputs whose output is there from a run of the same
    /// kehoach version on the same input bytes (per the report).
    #[arg(long)]
    pub(crate) skip_unchanged: bool,
    /// Where to write the per-input report (default: OUT/_report.jsonl with -o).
    #[arg(long, value_name = "FILE")]
    pub(crate) report: Option<PathBuf>,
    /// No progress bar or progress lines; errors and the summary still print.
    #[arg(short, long)]
    pub(crate) quiet: bool,
    /// Convert on threads of this process instead of worker processes (no
    /// memory limit, no kill at the timeout): for measuring what isolation
    /// costs (`cargo bench --bench batch`), not for untrusted files.
    #[arg(long, hide = true)]
    pub(crate) in_process: bool,
}

/// `--tables`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Tables {
    Plans,
    All,
}

/// `--tone-style`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ToneStyleArg {
    Old,
    New,
    AsPrinted,
}

impl From<ToneStyleArg> for kehoach_extract::vietnamese::ToneStyle {
    fn from(arg: ToneStyleArg) -> Self {
        match arg {
            ToneStyleArg::Old => Self::Old,
            ToneStyleArg::New => Self::New,
            ToneStyleArg::AsPrinted => Self::AsPrinted,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// Canonical JSON, one document per input.
    Json,
    /// JSON Lines, one flat record per leaf item.
    Jsonl,
    /// CSV, one flat record per leaf item.
    Csv,
    /// An Excel workbook of flat records (needs -o).
    Xlsx,
}

impl OutputFormat {
    pub(crate) fn extension(self) -> &'static str {
        match self {
            OutputFormat::Json => "json",
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Csv => "csv",
            OutputFormat::Xlsx => "xlsx",
        }
    }
}
pub(crate) fn print_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}

/// The document read from standard input (the input `-`), read once.
static STDIN_DOCUMENT: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

/// The name a document from standard input goes by (`doc`, `source.file`).
pub(crate) const STDIN_NAME: &str = "stdin";

/// Whether `path` is `-`, standard input.
pub(crate) fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads the whole of standard input as the document `-` (up to the input
/// size limit). Call once, before any conversion.
pub(crate) fn read_stdin_document() -> Result<()> {
    use std::io::Read;
    let limit = kehoach_extract::MAX_INPUT_BYTES;
    let mut bytes = Vec::new();
    io::stdin().lock().take(limit + 1).read_to_end(&mut bytes).context("reading the document from standard input")?;
    if bytes.len() as u64 > limit {
        anyhow::bail!("standard input: larger than {} MiB, the input size limit", limit >> 20);
    }
    let _ = STDIN_DOCUMENT.set(bytes);
    Ok(())
}

/// Runs the pipeline on one file (`-`: the document on standard input);
/// never panics.
pub(crate) fn convert_file(path: &Path, options: &kehoach::Options) -> Result<CanonicalDocument, kehoach::Error> {
    let input = if is_stdin(path) {
        let Some(bytes) = STDIN_DOCUMENT.get() else {
            let reason = "standard input was not read before the conversion".to_string();
            return Err(kehoach::Error::Internal { file: STDIN_NAME.to_string(), reason });
        };
        kehoach::Input::Bytes { name: STDIN_NAME, bytes }
    } else {
        kehoach::Input::Path(path)
    };
    kehoach::convert(input, options).map(|converted| converted.document)
}

#[cfg(test)]
mod tests {
    /// The help names every key of the flat-record contract, in its order
    /// (the `indicator_*` keys as one), so the help cannot drift from
    /// `kehoach_normalize::COLUMNS`.
    #[test]
    fn convert_help_names_every_flat_column_in_order() {
        let help = super::CONVERT_HELP;
        let mut at = help.find("kehoach.flat/2").expect("the help names the contract");
        for column in kehoach_normalize::COLUMNS {
            let word = if column.starts_with("indicator_") { "indicator_*" } else { column };
            let found = help[at..]
                .match_indices(word)
                .find(|(i, _)| {
                    let (start, end) = (at + i, at + i + word.len());
                    let before = help[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && c != '_');
                    let after = help[end..].chars().next().is_none_or(|c| !c.is_alphanumeric() && c != '_');
                    before && after
                })
                .unwrap_or_else(|| panic!("the convert help does not name {column} after position {at}"));
            if column.starts_with("indicator_") {
                continue; // the same `indicator_*` for each
            }
            at += found.0 + word.len();
        }
    }
}
