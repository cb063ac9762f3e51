//! `kehoach convert`: many files, in parallel, observable, isolated.
//!
//! Inputs are converted in chunks on a rayon pool; each file runs on its own
//! thread under a panic guard and a time limit, so one bad file fails alone.
//! Outputs under `-o` are written to a temporary name and renamed into
//! place; records on standard output are written chunk by chunk in input
//! order (memory stays bounded by the chunk). Progress goes to standard
//! error (a bar on a terminal, a line every few seconds otherwise), and a
//! report line per input goes to `OUT/_report.jsonl`.

use crate::output::{self, DiagnosticRow, RecordSink, Target};
use crate::{print_stdout, ConvertArgs, OutputFormat};
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use kehoach_normalize::{CanonicalDocument, FlatRecord, ItemCounts};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// The tool and version recorded in reports (`--skip-unchanged` compares it).
const TOOL: &str = concat!("kehoach ", env!("CARGO_PKG_VERSION"));

/// Set by the first Ctrl-C: no new file is started.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// An input file, the path its output gets under `-o`, or why it is skipped.
pub(crate) struct Input {
    pub path: PathBuf,
    pub relative: PathBuf,
    pub skip: Option<String>,
}

/// How one input ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Status {
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
struct ReportLine {
    input: String,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    output: Option<String>,
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
    error: Option<String>,
    tool: String,
}

/// What converting one input produced.
struct Done {
    line: ReportLine,
    /// What goes to standard output (nothing under `-o`).
    stdout: Option<ForStdout>,
}

/// A converted document kept for standard output.
enum ForStdout {
    Document(Box<CanonicalDocument>),
    Records(Vec<FlatRecord>, Vec<DiagnosticRow>),
}

/// The JSON Schema of a line of `_report.jsonl` (`kehoach schema --report`).
pub(crate) fn report_schema() -> String {
    let schema = schemars::schema_for!(ReportLine);
    let mut out = serde_json::to_string_pretty(&schema).expect("schemas always serialize");
    out.push('\n');
    out
}

/// Progress on standard error: a bar on a terminal, plain lines otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    plain: bool,
    total: usize,
    done: AtomicUsize,
    failed: AtomicUsize,
    started: Instant,
    last_line: Mutex<Instant>,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Progress {
        let terminal = io::stderr().is_terminal();
        let bar = (terminal && !quiet && total > 1).then(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} files  {per_sec}  ETA {eta}  {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Progress {
            plain: !terminal && !quiet && total > 1,
            bar,
            total,
            done: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            started: Instant::now(),
            last_line: Mutex::new(Instant::now()),
        }
    }

    fn finished(&self, status: Status) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let failed = self.failed.fetch_add(usize::from(status == Status::Failed), Ordering::Relaxed)
            + usize::from(status == Status::Failed);
        if let Some(bar) = &self.bar {
            bar.inc(1);
            if failed > 0 {
                bar.set_message(format!("{failed} failed"));
            }
        } else if self.plain {
            let mut last = self.last_line.lock().unwrap_or_else(|e| e.into_inner());
            if last.elapsed() >= Duration::from_secs(5) && done < self.total {
                *last = Instant::now();
                let rate = done as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
                eprintln!("kehoach: {done}/{} files, {rate:.0} files/s, {failed} failed", self.total);
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

pub(crate) fn convert(args: ConvertArgs) -> Result<ExitCode> {
    // Usage errors first, before any work.
    let target = output::target(args.output.as_deref(), args.format)?;
    let reads_stdin = args.inputs.iter().any(|p| crate::is_stdin(p));
    if reads_stdin && args.stdin_list {
        bail!("`-` (a document on standard input) and --stdin-list (paths on standard input) exclude each other");
    }
    if reads_stdin {
        crate::read_stdin_document()?;
    }
    let out_dir = match &target {
        Target::Dir(dir) => Some(dir.clone()),
        Target::Stdout | Target::File(_) => None,
    };
    let mut inputs = Vec::new();
    let mut unreadable = 0usize;
    if args.stdin_list {
        for line in io::stdin().lock().lines() {
            let line = line.context("reading the list of files from standard input")?;
            let path = line.trim_end_matches('\r');
            if !path.trim().is_empty() {
                inputs.push(Input { path: PathBuf::from(path), relative: safe_relative(Path::new(path)), skip: None });
            }
        }
    }
    for path in &args.inputs {
        if let Err(err) = collect_inputs(path, &mut inputs) {
            eprintln!("kehoach: error: {err:#}");
            unreadable += 1;
        }
    }
    if inputs.is_empty() && unreadable == 0 {
        bail!("no inputs: name files or directories, or pass --stdin-list and a list of paths on standard input");
    }
    let stream_json = out_dir.is_none() && args.format == OutputFormat::Json;
    let converted_count = inputs.iter().filter(|i| i.skip.is_none()).count();
    if stream_json && converted_count > 1 && !args.stdin_list {
        bail!(
            "{converted_count} input files but no output directory: use -o DIR to write one JSON file per input, \
             --format jsonl/csv to stream records, or --stdin-list for one JSON document per line"
        );
    }
    if args.skip_unchanged && out_dir.is_none() {
        bail!("--skip-unchanged needs -o DIR: it compares with the outputs and report there");
    }
    let report_path = args.report.clone().or_else(|| out_dir.as_ref().map(|o| o.join("_report.jsonl")));
    let previous = if args.skip_unchanged { previous_report(report_path.as_deref()) } else { HashMap::new() };

    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            eprintln!("\nkehoach: stopped");
            std::process::exit(130);
        }
        eprintln!("\nkehoach: interrupted: finishing the files in progress (Ctrl-C again to stop at once)");
    });

    let workers = match args.jobs {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let progress = Progress::new(inputs.len(), args.quiet);
    let settings = Arc::new(Settings {
        output: out_dir.clone(),
        format: args.format,
        csv_bom: args.csv_bom,
        options: kehoach_normalize::Options {
            expand_ubnd: args.expand_ubnd,
            all_tables: args.tables == crate::Tables::All,
        },
        extract: kehoach_extract::Options {
            repair: !args.no_repair,
            ocr: !args.no_ocr,
            tone_style: args.tone_style.into(),
        },
        previous,
        inputs,
    });
    let timeout = Duration::from_secs_f64(args.timeout.max(0.001));
    let mut lines: Vec<ReportLine> = Vec::with_capacity(settings.inputs.len());
    let mut sink = match (&target, args.format) {
        (Target::Dir(_), _) | (_, OutputFormat::Json) => None,
        (Target::File(file), format) => Some(RecordSink::new(format, Some(file.clone()), args.csv_bom)?),
        (Target::Stdout, format) => Some(RecordSink::new(format, None, args.csv_bom)?),
    };
    let mut emit = |done: Done| -> Result<()> {
        let Done { line, stdout } = done;
        progress.finished(line.status);
        match stdout {
            Some(ForStdout::Document(doc)) => {
                let text = if args.stdin_list {
                    serde_json::to_string(&doc)? + "\n"
                } else {
                    kehoach_normalize::to_json(&doc)
                };
                print_stdout(text.as_bytes())?;
            }
            Some(ForStdout::Records(records, diagnostics)) => {
                if let Some(sink) = sink.as_mut() {
                    sink.add(records, diagnostics)?;
                }
            }
            None => {}
        }
        if let Some(error) = &line.error {
            // Files not started after Ctrl-C are counted once, in the summary.
            if line.status != Status::Interrupted && (!args.quiet || line.status == Status::Failed) {
                let text = format!("kehoach: {}: {error}", status_word(line.status));
                match &progress.bar {
                    Some(bar) => bar.println(text),
                    None => eprintln!("{text}"),
                }
            }
        }
        lines.push(line);
        Ok(())
    };
    let outcome = run_workers(&settings, workers, timeout, &mut emit);
    if let Err(e) = outcome {
        progress.finish();
        return Err(e);
    }
    progress.finish();
    if let Some(sink) = sink {
        let documents: Vec<serde_json::Value> = lines.iter().filter_map(|l| serde_json::to_value(l).ok()).collect();
        sink.finish(&documents)?;
        if let Target::File(file) = &target {
            if !args.quiet {
                eprintln!("kehoach: wrote {}", file.display());
            }
        }
    }
    if let Some(path) = &report_path {
        write_report(path, &lines).with_context(|| format!("{}: cannot write the report", path.display()))?;
    }
    summary(&lines, unreadable, progress.started.elapsed(), report_path.as_deref());
    let failed = lines.iter().any(|l| l.status == Status::Failed) || unreadable > 0;
    Ok(if INTERRUPTED.load(Ordering::SeqCst) {
        ExitCode::from(130)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Failed => "error",
        Status::Skipped => "skipped",
        _ => "note",
    }
}

fn summary(lines: &[ReportLine], unreadable: usize, elapsed: Duration, report: Option<&Path>) {
    let n = |s: Status| lines.iter().filter(|l| l.status == s).count();
    let converted = n(Status::Ok) + n(Status::OkWithWarnings) + n(Status::NoPlan);
    let failed = n(Status::Failed) + unreadable;
    let skipped = n(Status::Skipped);
    let unchanged = n(Status::Unchanged);
    let interrupted = n(Status::Interrupted);
    let total = lines.len() + unreadable;
    if total <= 1 && failed == 0 && skipped == 0 {
        return;
    }
    let mut text = format!("kehoach: converted {converted} of {total} input(s), {failed} failed");
    if n(Status::OkWithWarnings) > 0 {
        text.push_str(&format!(" ({} with warnings)", n(Status::OkWithWarnings)));
    }
    if n(Status::NoPlan) > 0 {
        text.push_str(&format!(", {} without a plan table", n(Status::NoPlan)));
    }
    for (count, word) in [(skipped, "skipped"), (unchanged, "unchanged"), (interrupted, "not started (interrupted)")] {
        if count > 0 {
            text.push_str(&format!(", {count} {word}"));
        }
    }
    let secs = elapsed.as_secs_f64();
    text.push_str(&format!(" in {secs:.1} s"));
    // A rate over one file or a fraction of a second says nothing.
    if converted >= 2 && secs >= 1.0 {
        text.push_str(&format!(" ({:.0} files/s)", converted as f64 / secs));
    }
    if let Some(report) = report {
        text.push_str(&format!("; report: {}", report.display()));
    }
    eprintln!("{text}");
}

/// What every worker needs, shared.
struct Settings {
    output: Option<PathBuf>,
    format: OutputFormat,
    csv_bom: bool,
    options: kehoach_normalize::Options,
    extract: kehoach_extract::Options,
    previous: HashMap<String, ReportLine>,
    inputs: Vec<Input>,
}

/// A worker thread and the job it is on.
struct Worker {
    id: usize,
    jobs: mpsc::Sender<usize>,
    busy: Option<(usize, Instant)>,
}

fn spawn_worker(id: usize, settings: &Arc<Settings>, results: &mpsc::Sender<(usize, usize, Done)>) -> Result<Worker> {
    let (send, receive) = mpsc::channel::<usize>();
    let settings = Arc::clone(settings);
    let results = results.clone();
    std::thread::Builder::new()
        .name(format!("kehoach-worker-{id}"))
        .stack_size(64 << 20)
        .spawn(move || {
            for job in receive {
                let done = process(&settings.inputs[job], &settings);
                if results.send((id, job, done)).is_err() {
                    break;
                }
            }
        })
        .context("cannot start a worker thread")?;
    Ok(Worker { id, jobs: send, busy: None })
}

/// Runs every input on `count` long-lived worker threads (they keep their
/// caches warm across files) and hands the results to `emit` in input
/// order. A file that overruns `timeout` fails alone: its worker is
/// abandoned (left to finish or to die with the process) and replaced.
fn run_workers(
    settings: &Arc<Settings>,
    count: usize,
    timeout: Duration,
    emit: &mut dyn FnMut(Done) -> Result<()>,
) -> Result<()> {
    let total = settings.inputs.len();
    let (results_send, results) = mpsc::channel::<(usize, usize, Done)>();
    let mut workers = Vec::with_capacity(count);
    for id in 0..count.max(1) {
        workers.push(spawn_worker(id, settings, &results_send)?);
    }
    let mut next_id = workers.len();
    let mut next_job = 0;
    let mut next_emit = 0;
    // Results that wait for an earlier one; the window keeps this bounded.
    let window = count.max(1) * 8;
    let mut waiting: std::collections::BTreeMap<usize, Done> = std::collections::BTreeMap::new();
    while next_emit < total {
        // Hand out work; after Ctrl-C, start nothing more.
        if INTERRUPTED.load(Ordering::SeqCst) {
            while next_job < total {
                waiting.insert(next_job, interrupted(&settings.inputs[next_job]));
                next_job += 1;
            }
        }
        for worker in workers.iter_mut().filter(|w| w.busy.is_none()) {
            if next_job >= total || next_job >= next_emit + window {
                break;
            }
            worker.jobs.send(next_job).context("a worker stopped")?;
            worker.busy = Some((next_job, Instant::now()));
            next_job += 1;
        }
        if workers.iter().all(|w| w.busy.is_none()) {
            // Nothing in flight: emit what is ready without waiting.
            while let Some(done) = waiting.remove(&next_emit) {
                emit(done)?;
                next_emit += 1;
            }
            continue;
        }
        // Collect a result, or notice one that is late.
        let busy_since = workers.iter().filter_map(|w| w.busy.map(|(_, t)| t)).min();
        let wait = busy_since.map_or(Duration::from_millis(50), |t| timeout.saturating_sub(t.elapsed()));
        match results.recv_timeout(wait.max(Duration::from_millis(1))) {
            Ok((id, job, done)) => {
                if let Some(worker) = workers.iter_mut().find(|w| w.id == id && w.busy.is_some_and(|(j, _)| j == job)) {
                    worker.busy = None;
                    waiting.insert(job, done);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => anyhow::bail!("all workers stopped"),
        }
        for worker in workers.iter_mut() {
            let Some((job, since)) = worker.busy else { continue };
            if since.elapsed() >= timeout {
                let path = settings.inputs[job].path.display().to_string();
                let error = format!(
                    "{path}: timed out after {:.0} s (--timeout); the conversion was abandoned",
                    timeout.as_secs_f64()
                );
                waiting.insert(job, failed(&settings.inputs[job], error, since));
                *worker = spawn_worker(next_id, settings, &results_send)?;
                next_id += 1;
            }
        }
        while let Some(done) = waiting.remove(&next_emit) {
            emit(done)?;
            next_emit += 1;
        }
    }
    Ok(())
}

fn blank_line(input: &Input) -> ReportLine {
    ReportLine {
        input: input.path.display().to_string(),
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

fn failed(input: &Input, error: String, since: Instant) -> Done {
    let line = ReportLine {
        status: Status::Failed,
        error: Some(error),
        ms: since.elapsed().as_millis() as u64,
        ..blank_line(input)
    };
    Done { line, stdout: None }
}

fn interrupted(input: &Input) -> Done {
    let error = format!("{}: not started (interrupted)", input.path.display());
    Done { line: ReportLine { status: Status::Interrupted, error: Some(error), ..blank_line(input) }, stdout: None }
}

/// Converts (or skips) one input; never panics.
fn process(input: &Input, settings: &Settings) -> Done {
    let started = Instant::now();
    let shown = input.path.display().to_string();
    let mut line = blank_line(input);
    let fail = |mut line: ReportLine, status: Status, error: String| {
        line.status = status;
        line.error = Some(error);
        line.ms = started.elapsed().as_millis() as u64;
        Done { line, stdout: None }
    };
    if let Some(reason) = &input.skip {
        return fail(line, Status::Skipped, format!("{shown}: {reason}"));
    }
    if INTERRUPTED.load(Ordering::SeqCst) {
        return interrupted(input);
    }
    let target = settings.output.as_ref().map(|dir| output_path(dir, input, settings.format));
    if let (Some(target), Some(before)) = (&target, settings.previous.get(&shown)) {
        let unchanged =
            matches!(before.status, Status::Ok | Status::OkWithWarnings | Status::NoPlan | Status::Unchanged)
                && before.tool == TOOL
                && target.exists()
                && before.sha256.is_some()
                && before.sha256 == file_sha256(&input.path);
        if unchanged {
            let mut line = before.clone();
            line.status = Status::Unchanged;
            line.ms = started.elapsed().as_millis() as u64;
            return Done { line, stdout: None };
        }
    }
    let doc = match crate::convert_file(&input.path, settings.options, settings.extract) {
        Ok(doc) => doc,
        Err(error) => return fail(line, Status::Failed, error),
    };
    let records = kehoach_normalize::flat_records(&doc);
    line.items = doc.item_counts();
    line.records = records.len();
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
    if let Some(target) = target {
        let written =
            render(&doc, &records, &diagnostics, settings).and_then(|bytes| write_atomically(&target, &bytes));
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
    Done { line, stdout }
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

fn output_path(dir: &Path, input: &Input, format: OutputFormat) -> PathBuf {
    let mut name = input.relative.clone().into_os_string();
    name.push(".");
    name.push(format.extension());
    dir.join(name)
}

/// Writes `bytes` to a temporary file beside `target`, then renames it into
/// place: readers never see a half-written output.
pub(crate) fn write_atomically(target: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let mut tmp = target.as_os_str().to_owned();
    tmp.push(format!(".tmp-{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let result = (|| -> io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_data()?;
        std::fs::rename(&tmp, target)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", target.display()));
    }
    Ok(())
}

fn write_report(path: &Path, lines: &[ReportLine]) -> Result<()> {
    let mut bytes = Vec::new();
    for line in lines {
        serde_json::to_writer(&mut bytes, line)?;
        bytes.push(b'\n');
    }
    write_atomically(path, &bytes)
}

fn previous_report(path: Option<&Path>) -> HashMap<String, ReportLine> {
    let Some(text) = path.and_then(|p| std::fs::read_to_string(p).ok()) else { return HashMap::new() };
    text.lines().filter_map(|l| serde_json::from_str::<ReportLine>(l).ok()).map(|l| (l.input.clone(), l)).collect()
}

fn file_sha256(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    Some(kehoach_extract::sha256_hex(&bytes))
}

/// A path from a list made safe to mirror under `-o`: no root, no `..`.
fn safe_relative(path: &Path) -> PathBuf {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part),
            _ => None,
        })
        .collect()
}

/// Adds `path` (a file, or every file under a directory) to `out`. Files
/// of formats kehoach does not read are added as skipped, with the reason.
fn collect_inputs(path: &Path, out: &mut Vec<Input>) -> Result<()> {
    if crate::is_stdin(path) {
        out.push(Input { path: path.to_path_buf(), relative: PathBuf::from(crate::STDIN_NAME), skip: None });
        return Ok(());
    }
    let meta = std::fs::metadata(path).with_context(|| format!("{}: cannot read", path.display()))?;
    if meta.is_dir() {
        let mut found = Vec::new();
        walk(path, path, &mut found).with_context(|| format!("{}: cannot list the directory", path.display()))?;
        found.sort_by(|a, b| a.relative.cmp(&b.relative));
        out.extend(found);
    } else {
        let name = path.file_name().map(PathBuf::from).unwrap_or_else(|| path.to_path_buf());
        // A file named explicitly is read whatever its name (the content
        // decides), unless its extension says it is a format kehoach skips.
        let lower = name.to_string_lossy().to_ascii_lowercase();
        let known_unsupported =
            ["bmp", "gif", "webp", "zip", "rar", "7z"].iter().any(|ext| lower.ends_with(&format!(".{ext}")));
        let skip = known_unsupported.then(|| unsupported_reason(&lower));
        out.push(Input { path: path.to_path_buf(), relative: name, skip });
    }
    Ok(())
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<Input>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue; // hidden files and kehoach's own temporary files
        }
        if kind.is_dir() {
            walk(root, &path, out)?;
        } else if kind.is_file() || kind.is_symlink() {
            let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            if name == "_report.jsonl" || name.contains(".tmp-") {
                continue;
            }
            let skip = (!kehoach_extract::is_supported_name(&name)).then(|| unsupported_reason(&name));
            out.push(Input { path, relative, skip });
        }
    }
    Ok(())
}

/// Why a file is skipped, by its extension.
fn unsupported_reason(name: &str) -> String {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "bmp" | "gif" | "webp" => "an image in a format kehoach does not OCR (PNG, JPEG and TIFF are read)".into(),
        "zip" | "rar" | "7z" | "gz" | "tgz" | "tar" | "bz2" | "xz" => {
            "an archive: extract it and convert its files".into()
        }
        "" => "no file extension: not a format kehoach reads (name it .txt if it is text)".into(),
        other => {
            format!(".{other} is not a format kehoach reads (text, DOCX, XLSX, XLS, ODS, PDF, PNG/JPEG/TIFF image)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_paths_mirror_safely() {
        assert_eq!(safe_relative(Path::new("/data/a/../b.txt")), PathBuf::from("data/a/b.txt"));
        assert_eq!(safe_relative(Path::new("./x.docx")), PathBuf::from("x.docx"));
    }

    #[test]
    fn reasons_for_skipping() {
        assert!(unsupported_reason("scan.GIF").contains("OCR"));
        assert!(unsupported_reason("a.zip").contains("archive"));
        assert!(unsupported_reason("a.odt").contains("PDF"));
        assert!(unsupported_reason("README").contains("no file extension"));
    }
}
