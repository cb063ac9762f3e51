//! One input's conversion, the unit of work of a batch: skipped, found
//! unchanged since the last report, or converted, rendered and written
//! under a temporary name or into place, always ending in a report line
//! ([`ReportLine`]) and never panicking. The batch runs it on a thread for
//! standard input, and each worker process runs it for the batch.

use crate::cli::{self, OutputFormat};
use crate::inputs::Input;
use crate::output::{self, DiagnosticRow};
use anyhow::Result;
use kehoach_normalize::{CanonicalDocument, FlatRecord, ItemCounts};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// The tool and version recorded in reports (`--skip-unchanged` compares it).
pub(crate) const TOOL: &str = concat!("kehoach ", env!("CARGO_PKG_VERSION"));

/// Set by the first Ctrl-C: no new file is started.
pub(crate) static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// How one input ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Status {
    Ok,
    OkWithWarnings,
    // Converted, but no table of it is a plan (or indicators) table.
    NoPlan,
    Failed,
    Skipped,
    Unchanged,
    Interrupted,
}

/// One line of `_report.jsonl` (its JSON Schema: [`report_schema`]).
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(title = "kehoach report line")]
pub(crate) struct ReportLine {
    pub input: String,
    /// The input's path relative to its root, as `doc` and `source.path`
    /// give it (NFC, `/`-separated, non-UTF-8 bytes as `\xNN`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub path: Option<String>,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub output: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    bytes: Option<u64>,
    #[serde(default)]
    items: ItemCounts,
    #[serde(default)]
    records: usize,
    #[serde(default)]
    diagnostics: usize,
    #[serde(default)]
    warnings: usize,
    #[serde(default)]
    errors: usize,
    #[serde(default)]
    ms: u64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
    tool: String,
}

/// What converting one input produced.
pub(crate) struct Done {
    pub line: ReportLine,
    /// What goes to standard output (nothing under `-o`).
    pub stdout: Option<ForStdout>,
    /// The output written under a temporary name, still to be renamed to
    /// the line's `output` (by the batch, when a worker process wrote it).
    pub tmp: Option<PathBuf>,
}

/// A converted document kept for standard output.
pub(crate) enum ForStdout {
    Document(Box<CanonicalDocument>),
    Records(Vec<FlatRecord>, Vec<DiagnosticRow>),
    /// Rendered by a worker process.
    Bytes(Vec<u8>),
}

/// The JSON Schema of a line of `_report.jsonl` (`kehoach schema --report`).
pub(crate) fn report_schema() -> String {
    let schema = schemars::schema_for!(ReportLine);
    let mut out = serde_json::to_string_pretty(&schema).expect("schemas always serialize");
    out.push('\n');
    out
}

/// What every worker needs, shared.
pub(crate) struct Settings {
    pub output: Option<PathBuf>,
    pub format: OutputFormat,
    pub csv_bom: bool,
    /// How each input is converted.
    pub options: kehoach::Options,
    pub previous: HashMap<String, ReportLine>,
    pub inputs: Vec<Input>,
}

pub(crate) fn blank_line(input: &Input) -> ReportLine {
    ReportLine {
        input: input.path.display().to_string(),
        path: Some(input.shown_relative()),
        status: Status::Ok,
        output: None,
        format: None,
        sha256: None,
        bytes: None,
        items: ItemCounts::default(),
        records: 0,
        diagnostics: 0,
        warnings: 0,
        errors: 0,
        ms: 0,
        error: None,
        tool: TOOL.to_string(),
    }
}

pub(crate) fn failed(input: &Input, error: String, since: Instant) -> Done {
    let line = ReportLine {
        status: Status::Failed,
        error: Some(error),
        ms: since.elapsed().as_millis() as u64,
        ..blank_line(input)
    };
    Done { line, stdout: None, tmp: None }
}

pub(crate) fn skipped(input: &Input, reason: &str) -> Done {
    let error = format!("{}: {reason}", input.path.display());
    Done {
        line: ReportLine { status: Status::Skipped, error: Some(error), ..blank_line(input) },
        stdout: None,
        tmp: None,
    }
}

pub(crate) fn interrupted(input: &Input) -> Done {
    let error = format!("{}: not started (interrupted)", input.path.display());
    Done {
        line: ReportLine { status: Status::Interrupted, error: Some(error), ..blank_line(input) },
        stdout: None,
        tmp: None,
    }
}

/// Converts (or skips) one input, writing its output to `target` if any;
/// never panics. With `deferred`, the output is left under its temporary
/// name (in `Done::tmp`) for the batch to rename.
pub(crate) fn process(input: &Input, settings: &Settings, target: Option<&Path>, deferred: bool) -> Done {
    let started = Instant::now();
    let shown = input.path.display().to_string();
    let mut line = blank_line(input);
    let fail = |mut line: ReportLine, status: Status, error: String| {
        line.status = status;
        line.error = Some(error);
        line.ms = started.elapsed().as_millis() as u64;
        Done { line, stdout: None, tmp: None }
    };
    if let Some(reason) = &input.skip {
        return fail(line, Status::Skipped, format!("{shown}: {reason}"));
    }
    if let Some(error) = &input.error {
        return fail(line, Status::Failed, error.clone());
    }
    if INTERRUPTED.load(Ordering::SeqCst) {
        return interrupted(input);
    }
    if let (Some(target), Some(before)) = (target, settings.previous.get(&shown)) {
        let unchanged =
            matches!(before.status, Status::Ok | Status::OkWithWarnings | Status::NoPlan | Status::Unchanged)
                && before.tool == TOOL
                && target.exists()
                && before.sha256.is_some()
                && before.sha256 == file_sha256(&input.path);
        if unchanged {
            let mut line = before.clone();
            line.status = Status::Unchanged;
            line.path = Some(input.shown_relative());
            line.ms = started.elapsed().as_millis() as u64;
            return Done { line, stdout: None, tmp: None };
        }
    }
    let mut doc = match cli::convert_file(&input.path, &settings.options) {
        Ok(doc) => doc,
        Err(error) => return fail(line, Status::Failed, error.to_string()),
    };
    doc.source.path = input.shown_relative();
    // Records are made only for the formats that hold them.
    let records =
        if settings.format == OutputFormat::Json { Vec::new() } else { kehoach_normalize::flat_records(&doc) };
    line.items = doc.item_counts();
    line.records = kehoach_normalize::flat_record_count(&doc);
    line.format = Some(doc.source.format.name().to_string());
    line.sha256 = Some(doc.source.sha256.clone());
    line.bytes = Some(doc.source.bytes);
    line.diagnostics = doc.diagnostics.len();
    line.warnings = doc.diagnostics.iter().filter(|d| d.level == kehoach_extract::Level::Warning).count();
    line.errors = doc.diagnostics.iter().filter(|d| d.level == kehoach_extract::Level::Error).count();
    if line.warnings + line.errors > 0 {
        line.status = Status::OkWithWarnings;
    }
    if !doc.has_plan_table() {
        line.status = Status::NoPlan;
    }
    let diagnostics = if settings.format == OutputFormat::Xlsx { output::diagnostic_rows(&doc) } else { Vec::new() };
    let mut tmp = None;
    if let Some(target) = target {
        let written = render(&doc, &records, &diagnostics, settings).and_then(|bytes| {
            if deferred {
                output::write_temporary(target, &bytes).map(|t| tmp = Some(t))
            } else {
                output::write_atomically(target, &bytes)
            }
        });
        if let Err(err) = written {
            return fail(line, Status::Failed, format!("{shown}: {err:#}"));
        }
        line.output = Some(target.display().to_string());
    }
    line.ms = started.elapsed().as_millis() as u64;
    let stdout = match (&settings.output, settings.format) {
        (Some(_), _) => None,
        (None, OutputFormat::Json) => Some(ForStdout::Document(Box::new(doc))),
        (None, _) => Some(ForStdout::Records(records, diagnostics)),
    };
    Done { line, stdout, tmp }
}

fn render(
    doc: &CanonicalDocument,
    records: &[FlatRecord],
    diagnostics: &[DiagnosticRow],
    settings: &Settings,
) -> Result<Vec<u8>> {
    match settings.format {
        OutputFormat::Json => Ok(kehoach_normalize::to_json(doc).into_bytes()),
        format => output::render_records(records, diagnostics, format, settings.csv_bom),
    }
}

pub(crate) fn file_sha256(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    Some(kehoach_extract::sha256_hex(&bytes))
}
