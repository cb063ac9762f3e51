//! The `kehoach` command line: converts plan documents to canonical JSON or
//! flat records. The pipeline itself lives in the `kehoach-extract`,
//! `kehoach-parse` and `kehoach-normalize` crates; this binary finds the
//! input files, runs them in parallel, writes the outputs and reports
//! failures one line per file.

mod batch;
mod inputs;
mod output;
mod quality;
mod worker;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use kehoach_normalize::CanonicalDocument;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const CONVERT_HELP: &str = "\
Input formats: text (.txt, .md: UTF-8 or UTF-16, tab-separated rows, pipe,
grid and multiline tables, HTML table markup, pdftotext -layout columns;
TCVN3, VNI and Windows-1258 are decoded), HTML (.html, .htm), Word (.docx;
.doc, .rtf, .wps through LibreOffice, which must then be installed: apt-get
install libreoffice-writer-nogui), ODT (.odt), spreadsheets (.xlsx, .xls,
.ods), PDF (.pdf; scanned pages through Tesseract OCR) and page images (.png,
.jpg, .jpeg, .tif, .tiff; OCR). `-` reads one document from standard input
(its content decides the format).

Output formats:
  json   one canonical JSON document per input: source (file, format, sha256),
         document (kind, number, date, title, issuer, signer,
         recipients, references), tables with their column mapping and the item tree
         group → target → task → activity, and diagnostics. Its JSON Schema is
         printed by `kehoach schema`.
  jsonl  one JSON object per leaf item (activity, else task, else target) with
         the same keys in the same order for every document (the flat-record
         contract kehoach.flat/1, JSON Schema: `kehoach schema --flat`): doc
         (path relative to the input root), file, table, section, section_title,
         target_id, target, task_id, task, activity_id, activity, output, lead,
         partners, deadline, budget, note, assignment, unit, target_value,
         evaluator, horizon, the readings (deadline_kind, deadline_start,
         deadline_end, lead_list, partners_list, evaluator_list, output_list,
         indicator_*, budget_source, budget_amount_vnd), table_role, confidence,
         low_confidence, the source location (page, line, sheet, cell, row,
         column), item_kind, and extra: unmapped source columns as one object.
         Only plan and indicators tables give records (--tables all: every
         table); table counts those tables, not letterheads or signature
         blocks; confidence is the table role's (0.5-1), low_confidence is
         true where the structure was guessed.
  csv    the same records as CSV, one column per key, header always the same;
         lists joined with \"; \", extra as JSON. Starts with a UTF-8 byte order
         mark so spreadsheets read it as UTF-8 (--csv-bom=false drops it).
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

/// The input formats, in one line (the help of `blocks` and `check`).
pub(crate) const INPUT_FORMATS: &str =
    "text (.txt, .md), Word (.docx), spreadsheets (.xlsx, .xls, .ods), PDF (.pdf) or a page image (.png, .jpg, .tif)";

#[derive(Parser)]
#[command(
    name = "kehoach",
    version,
    about = "Turns Vietnamese administrative-reform plans (Kế hoạch cải cách hành chính) into structured data.",
    long_about = "Turns Vietnamese administrative-reform plans (Kế hoạch cải cách hành chính) into structured \
                  data: the numbered targets (1.x), tasks (2.x) and activities (3.x) of their plan tables, \
                  each with its output, lead and partner agencies, deadline and budget.",
    after_help = "Run `kehoach convert --help` for the output formats and examples."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert plan documents (files or directories) to JSON, JSONL, CSV or XLSX.
    #[command(after_long_help = CONVERT_HELP, after_help = "Run with --help for the output formats and examples.")]
    Convert(ConvertArgs),
    /// Print a JSON Schema: of the canonical JSON format (default), of a
    /// flat record (--flat) or of a line of _report.jsonl (--report).
    Schema {
        /// The schema of a flat record (JSONL; the CSV and XLSX columns).
        #[arg(long, conflicts_with = "report")]
        flat: bool,
        /// The schema of a line of the batch report (_report.jsonl).
        #[arg(long)]
        report: bool,
    },
    /// Print what the reader sees in one file, before any parsing: its
    /// paragraphs, tables (rows, cells with spans and merges) and page breaks,
    /// with their locations, as JSON. For checking a new file or format.
    Blocks {
        /// The file to read.
        #[arg(help = format!("The file to read: {INPUT_FORMATS}"))]
        file: PathBuf,
    },
    /// Compare two outputs (canonical JSON or flat JSONL) item by item.
    #[command(after_long_help = quality::DIFF_HELP)]
    Diff {
        /// The expected output.
        expected: PathBuf,
        /// The actual output.
        actual: PathBuf,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = quality::DiffFormat::Text)]
        format: quality::DiffFormat,
    },
    /// Check fixture sets: every input against its expected output, scored.
    #[command(after_long_help = quality::CHECK_HELP)]
    Check {
        /// Directories of fixture inputs.
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// Where expected outputs are (default: DIR/expected).
        #[arg(long, value_name = "EXPECTED")]
        expected: Option<PathBuf>,
        /// Lowest acceptable document score (0–1).
        #[arg(long, default_value_t = 1.0, value_name = "SCORE")]
        min_score: f64,
        /// Write the actual outputs as the expected ones (re-bless).
        #[arg(long)]
        update: bool,
    },
    /// Converts the jobs framed on standard input in a worker process of a
    /// batch (internal).
    #[command(hide = true)]
    Worker {
        /// The run's settings, as JSON.
        settings: String,
    },
    /// Write a self-contained HTML page for spot-checking one document.
    Report {
        /// The input file.
        input: PathBuf,
        /// The HTML file to write.
        #[arg(short, long, value_name = "HTML")]
        output: PathBuf,
    },
}

#[derive(clap::Args)]
struct ConvertArgs {
    /// Input files or directories (searched recursively).
    #[arg(required_unless_present = "stdin_list", value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Also read input paths from standard input, one per line (for
    /// pipelines: results go to standard output in input order).
    #[arg(long)]
    stdin_list: bool,
    /// Write one output file per input under DIR, mirroring relative paths;
    /// or, with --format jsonl, csv or xlsx and a name with that extension,
    /// every record into that one FILE.
    #[arg(short, long, value_name = "DIR|FILE")]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Json)]
    format: OutputFormat,
    /// Start CSV output with a UTF-8 byte order mark, so spreadsheets open
    /// it as UTF-8 (--csv-bom=false to leave it out).
    #[arg(long, value_name = "BOOL", default_value_t = true, action = clap::ArgAction::Set)]
    csv_bom: bool,
    /// Number of files converted at once (default: all cores).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Spell out "UBND" as "Ủy ban nhân dân" in canonical agency names
    /// (readings and lead_list/partners_list; the printed text is kept).
    #[arg(long)]
    expand_ubnd: bool,
    /// Which tables yield items and records: `plans` (the tables decided to
    /// be plan or indicators tables; every table still appears in the JSON
    /// with its role, confidence and evidence) or `all` (every table with a
    /// recognised header, whatever its role).
    #[arg(long, value_enum, default_value = "plans")]
    tables: Tables,
    /// Leave the text exactly as read (Unicode NFC only): no repairs of
    /// invisible characters, "Ð" for "Đ", look-alike letters, legacy-font
    /// text in office files and PDFs, broken diacritics, official terms,
    /// split words or tone placement. Repairs are otherwise recorded as
    /// `text-repair` diagnostics with the original.
    #[arg(long)]
    no_repair: bool,
    /// Do not run OCR: scanned PDF pages are reported (`pdf-no-text-layer`)
    /// and left out, page images are refused. By default scanned pages and
    /// PNG/JPEG/TIFF images are recognised with Tesseract, which must then
    /// be installed with Vietnamese data (`tesseract-ocr-vie`).
    #[arg(long)]
    no_ocr: bool,
    /// Where repairs put the tone mark of "oa", "oe", "uy" syllables without
    /// a final consonant: `old` ("hòa", "khỏe", "thủy"; most of the archive
    /// spells so), `new` ("hoà", "khoẻ", "thuỷ") or `as-printed`. Each move
    /// is recorded as a `text-repair`.
    #[arg(long, value_enum, default_value = "old")]
    tone_style: ToneStyleArg,
    /// Give up on a file after this many seconds: its worker process is
    /// killed (with any OCR it started) and the file fails alone.
    #[arg(long, default_value_t = 300.0, value_name = "SECS")]
    timeout: f64,
    /// Memory (address space) each worker process may use, e.g. 2G, 512M,
    /// or `none`; a file that needs more fails alone ("ran out of memory").
    #[arg(long, default_value = "2G", value_name = "SIZE")]
    max_memory: String,
    /// With -o: skip inputs whose output is there from a run of the same
    /// kehoach version on the same input bytes (per the report).
    #[arg(long)]
    skip_unchanged: bool,
    /// Where to write the per-input report (default: OUT/_report.jsonl with -o).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// No progress bar or progress lines; errors and the summary still print.
    #[arg(short, long)]
    quiet: bool,
}

/// `--tables`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Tables {
    Plans,
    All,
}

/// `--tone-style`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ToneStyleArg {
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
enum OutputFormat {
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
    fn extension(self) -> &'static str {
        match self {
            OutputFormat::Json => "json",
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Csv => "csv",
            OutputFormat::Xlsx => "xlsx",
        }
    }
}

fn main() -> ExitCode {
    // Panics are caught per file and reported as errors; the default hook
    // would print a backtrace-style message first.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Schema { flat, report } => {
            let schema = if flat {
                kehoach_normalize::flat_schema()
            } else if report {
                batch::report_schema()
            } else {
                kehoach_normalize::schema()
            };
            print_stdout(schema.as_bytes()).map(|()| ExitCode::SUCCESS)
        }
        Command::Convert(args) => batch::convert(args),
        Command::Blocks { file } => blocks(&file),
        Command::Diff { expected, actual, format } => quality::diff(&expected, &actual, format),
        Command::Check { dirs, expected, min_score, update } => {
            quality::check(&dirs, expected.as_deref(), min_score, update)
        }
        Command::Report { input, output } => quality::report(&input, &output),
        Command::Worker { settings } => worker::main(&settings),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("kehoach: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn blocks(file: &std::path::Path) -> Result<ExitCode> {
    let guarded = std::panic::catch_unwind(|| kehoach_extract::extract_path(file));
    match guarded {
        Ok(Ok(doc)) => {
            let mut json = serde_json::to_string_pretty(&doc)?;
            json.push('\n');
            print_stdout(json.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Ok(Err(err)) => {
            eprintln!("kehoach: error: {err}");
            Ok(ExitCode::from(1))
        }
        Err(_) => {
            eprintln!("kehoach: error: {}: the reader crashed (a bug in kehoach; please report it)", file.display());
            Ok(ExitCode::from(1))
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
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
pub(crate) fn convert_file(
    path: &Path,
    options: kehoach_normalize::Options,
    extract: kehoach_extract::Options,
) -> Result<CanonicalDocument, String> {
    let run = || -> Result<CanonicalDocument, String> {
        let doc = if is_stdin(path) {
            let bytes = STDIN_DOCUMENT.get().ok_or("standard input: not read")?;
            kehoach_extract::extract_bytes_with(STDIN_NAME, bytes, extract)
        } else {
            kehoach_extract::extract_path_with(path, extract)
        }
        .map_err(|e| e.to_string())?;
        let plan = kehoach_parse::parse(&doc);
        Ok(kehoach_normalize::canonical_with(&doc.source, &plan, options))
    };
    match std::panic::catch_unwind(run) {
        Ok(result) => result,
        Err(payload) => {
            let reason = kehoach_extract::panic_message(payload.as_ref());
            Err(format!("{}: internal error while converting (a bug in kehoach: {reason})", path.display()))
        }
    }
}
