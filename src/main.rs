//! The `kehoach` command line: the commands and their printing. Every
//! conversion goes through the library's one entry point, `kehoach::convert`
//! (src/lib.rs); the `convert` command (`cli`, `batch`, `worker`) finds the
//! input files, converts them in worker processes, writes the outputs and
//! reports failures one line per file.

mod batch;
mod cli;
mod inputs;
mod job;
mod output;
mod quality;
mod worker;

use anyhow::Result;
use clap::{Parser, Subcommand};
use cli::{print_stdout, ConvertArgs, CONVERT_HELP};
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a conversion makes and drops
/// hundreds of thousands of small strings, and glibc's malloc and free were
/// about a sixth of a file's instructions (README, *Performance*).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc commits each arena (1 GiB of address space) up front on Linux,
/// so a process's pages stay resident once touched; committed on demand,
/// a worker's peak RSS over the batch bench's corpus is ~25 MB instead of
/// ~36 MB (glibc: ~20 MB). The option must be set before the first
/// allocation reserves an arena: in `main` it is too late (the runtime has
/// allocated by then), so it is set by a constructor, as the environment
/// variable `MIMALLOC_ARENA_EAGER_COMMIT=0` would.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static COMMIT_ON_DEMAND: extern "C" fn() = commit_on_demand;

#[cfg(target_os = "linux")]
extern "C" fn commit_on_demand() {
    /// mimalloc's `mi_option_arena_eager_commit` (its `mimalloc.h`, v2;
    /// the sys crate names no constant for it).
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    // SAFETY: sets one of mimalloc's option values; touches no memory.
    unsafe { libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0) };
}

/// The input formats, in one line (the help of `blocks` and `check`).
pub(crate) const INPUT_FORMATS: &str = "text (.txt, .md, .text), HTML (.html, .htm, .xhtml), Word (.docx, .docm, \
     .doc; .rtf, .wps through LibreOffice), ODT (.odt), spreadsheets (.xlsx, .xlsm, .xls, .ods, .csv, .tsv), PDF (.pdf) or a \
     page image (.png, .jpg, .jpeg, .tif, .tiff)";

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
                job::report_schema()
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
    match kehoach::convert(kehoach::Input::Path(file), &kehoach::Options::default()) {
        Ok(converted) => {
            let mut json = serde_json::to_string_pretty(&converted.blocks)?;
            json.push('\n');
            print_stdout(json.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            eprintln!("kehoach: error: {err}");
            Ok(ExitCode::from(1))
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}
