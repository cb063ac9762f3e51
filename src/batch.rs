//! `kehoach convert`: many files, in parallel, observable, isolated.
//!
//! Inputs are converted by `--jobs` worker processes (see [`crate::worker`]):
//! each file runs under a memory limit and a time limit, and a file that
//! crashes, exhausts memory or hangs fails alone; records for one output
//! (standard output, `-o FILE`) come back from the workers as data. (Only a
//! document read from standard input is converted on a thread of this
//! process, under a panic guard.) Outputs under `-o` are written to a temporary name
//! and renamed into place; results on standard output are written in input
//! order as they are done (memory stays bounded by a window). Progress goes
//! to standard error (a bar on a terminal, a line every few seconds
//! otherwise), and a report line per input is appended to
//! `OUT/_report.jsonl` as each file finishes (rewritten in input order at
//! the end), so an interrupted or killed run can be resumed with
//! `--skip-unchanged`.

use crate::cli::{self, print_stdout, ConvertArgs, OutputFormat};
use crate::inputs::{self, Input};
use crate::job::{self, Done, ForStdout, ReportLine, Settings, Status, INTERRUPTED};
use crate::output::{self, RecordSink, Target};
use crate::worker;
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::HashMap;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

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
    let timeout = parse_timeout(args.timeout)?;
    let max_memory = worker::parse_size(&args.max_memory).map_err(|e| anyhow::anyhow!("--max-memory {e}"))?;
    // Usage errors first, before any work.
    let target = output::target(args.output.as_deref(), args.format)?;
    let reads_stdin = args.inputs.iter().any(|p| cli::is_stdin(p));
    if reads_stdin && args.stdin_list {
        bail!("`-` (a document on standard input) and --stdin-list (paths on standard input) exclude each other");
    }
    if reads_stdin {
        cli::read_stdin_document()?;
    }
    let out_dir = match &target {
        Target::Dir(dir) => Some(dir.clone()),
        Target::Stdout | Target::File(_) => None,
    };
    let mut inputs = Vec::new();
    if args.stdin_list {
        for line in io::stdin().lock().lines() {
            let line = line.context("reading the list of files from standard input")?;
            let path = line.trim_end_matches('\r');
            if !path.trim().is_empty() {
                inputs.push(Input {
                    path: PathBuf::from(path),
                    relative: inputs::safe_relative(Path::new(path)),
                    skip: None,
                    error: None,
                });
            }
        }
    }
    inputs::collect(&args.inputs, args.inputs.len() > 1, &mut inputs);
    if inputs.is_empty() && !args.stdin_list {
        bail!("no inputs: name files or directories, or pass --stdin-list and a list of paths on standard input");
    }
    inputs::dedupe(&mut inputs);
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
    // Checked before any work: where outputs go, and that no two inputs
    // would write the same output.
    if let Some(dir) = &out_dir {
        inputs::check_output_dir(dir)?;
        let collisions = inputs::collisions(&inputs);
        if !collisions.is_empty() {
            bail!(
                "two inputs would write the same output under {}; nothing was converted:\n  {}",
                dir.display(),
                collisions.join("\n  ")
            );
        }
        clean_stale_temporaries(dir);
    }
    let report_path = args.report.clone().or_else(|| out_dir.as_ref().map(|o| o.join("_report.jsonl")));
    let previous = if args.skip_unchanged { previous_report(report_path.as_deref()) } else { HashMap::new() };
    let journal = match &report_path {
        Some(path) => {
            Some(Journal::open(path).with_context(|| format!("{}: cannot write the report", path.display()))?)
        }
        None => None,
    };

    // Ctrl-C, and SIGTERM (what job schedulers send), alike.
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            worker::kill_all();
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
        options: kehoach::Options {
            extract: kehoach_extract::Options { ocr: !args.no_ocr, ..Default::default() },
            repair: !args.no_repair,
            tone_style: args.tone_style.into(),
            normalize: kehoach_normalize::Options {
                expand_ubnd: args.expand_ubnd,
                all_tables: args.tables == cli::Tables::All,
            },
        },
        previous,
        inputs,
    });
    let mut lines: Vec<ReportLine> = Vec::with_capacity(settings.inputs.len());
    let mut sink = match (&target, args.format) {
        (Target::Dir(_), _) | (_, OutputFormat::Json) => None,
        (Target::File(file), format) => Some(RecordSink::new(format, Some(file.clone()), args.csv_bom)?),
        (Target::Stdout, format) => Some(RecordSink::new(format, None, args.csv_bom)?),
    };
    let mut emit = |done: Done| -> Result<()> {
        let Done { line, stdout, .. } = done;
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
            Some(ForStdout::Bytes(bytes)) => print_stdout(&bytes)?,
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
    // Every file goes to a worker process; records gathered into one output
    // (standard output or `-o FILE`) come back to this process as data. Only
    // a document read from standard input (already read here) is converted
    // in this process, on a thread under a panic guard.
    let in_process = reads_stdin || args.in_process;
    let outcome = if in_process {
        worker::keep_heap();
        let mut pool = Threads::new(workers, &settings)?;
        run_workers(&settings, &mut pool, timeout, journal, &mut emit)
    } else {
        let worker_settings = worker::WorkerSettings {
            format: args.format.extension().to_string(),
            expand_ubnd: args.expand_ubnd,
            repair: !args.no_repair,
            ocr: !args.no_ocr,
            tone_style: match args.tone_style {
                cli::ToneStyleArg::Old => "old",
                cli::ToneStyleArg::New => "new",
                cli::ToneStyleArg::AsPrinted => "as-printed",
            }
            .to_string(),
            one_line: args.stdin_list,
            to_files: out_dir.is_some(),
            csv_bom: args.csv_bom,
            all_tables: args.tables == cli::Tables::All,
        };
        let jobs = workers.min(settings.inputs.len().max(1));
        let mut pool = Processes { pool: Some(worker::Pool::new(jobs, worker_settings, max_memory)?) };
        let outcome = run_workers(&settings, &mut pool, timeout, journal, &mut emit);
        if let Some(pool) = pool.pool.take() {
            pool.shutdown();
        }
        outcome
    };
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
    if let Some(dir) = &out_dir {
        // Again at the end: a worker of a killed run may still have been
        // exiting when this run started.
        clean_stale_temporaries(dir);
    }
    summary(&lines, 0, progress.started.elapsed(), report_path.as_deref());
    let failed = lines.iter().any(|l| l.status == Status::Failed);
    Ok(if INTERRUPTED.load(Ordering::SeqCst) {
        ExitCode::from(130)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--timeout SECS`: a positive, finite number of seconds.
fn parse_timeout(secs: f64) -> Result<Duration> {
    if !secs.is_finite() || secs <= 0.0 || secs > 1e9 {
        bail!("--timeout {secs}: give a positive number of seconds (e.g. 300)");
    }
    Ok(Duration::from_secs_f64(secs))
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

/// What a set of workers reports to [`run_workers`].
enum Event {
    /// The worker in `slot` finished job `job`.
    Done { slot: usize, job: usize, done: Box<Done> },
    /// The worker in `slot` (process `pid`) died (and was replaced) for `reason`.
    Died { slot: usize, pid: u32, reason: String },
}

/// Workers that convert inputs: processes (the batch) or threads.
trait Workers {
    fn count(&self) -> usize;
    /// Hands job `job` to the idle worker in `slot`.
    fn send(&mut self, slot: usize, job: usize, settings: &Settings) -> Result<()>;
    /// The next event, waiting at most `wait`; `busy` says which job each
    /// slot is on.
    fn next(&mut self, wait: Duration, busy: &[Option<(usize, Instant)>], settings: &Settings)
        -> Result<Option<Event>>;
    /// Stops the worker in `slot` (over its time limit) and starts another.
    fn replace(&mut self, slot: usize) -> Result<()>;
    /// The temporary file the worker in `slot` may have left for `target`.
    fn leftover(&self, slot: usize, target: &Path) -> Option<PathBuf>;
    /// How a timed-out worker was dealt with, for the message.
    fn stopped(&self) -> &'static str;
}

/// Worker processes ([`worker::Pool`]).
struct Processes {
    pool: Option<worker::Pool>,
}

impl Processes {
    fn pool(&mut self) -> &mut worker::Pool {
        self.pool.as_mut().expect("the pool runs until shutdown")
    }
}

impl Workers for Processes {
    fn count(&self) -> usize {
        self.pool.as_ref().map_or(0, |p| p.count())
    }

    fn send(&mut self, slot: usize, job: usize, settings: &Settings) -> Result<()> {
        let input = &settings.inputs[job];
        let target = settings.output.as_ref().map(|dir| output_path(dir, input, settings.format));
        let previous = settings.previous.get(&input.path.display().to_string());
        self.pool().send(slot, job, input, target.as_deref(), previous)
    }

    fn next(
        &mut self,
        wait: Duration,
        busy: &[Option<(usize, Instant)>],
        settings: &Settings,
    ) -> Result<Option<Event>> {
        let reader = |slot: usize| match busy.get(slot).copied().flatten() {
            Some((job, _)) => worker::reader_name(&settings.inputs[job].path),
            None => "reader",
        };
        Ok(self.pool().next(wait, &reader)?.map(|event| match event {
            worker::Event::Done { slot, job, done } => Event::Done { slot, job, done },
            worker::Event::Died { slot, pid, reason } => Event::Died { slot, pid, reason },
        }))
    }

    fn replace(&mut self, slot: usize) -> Result<()> {
        self.pool().replace(slot)
    }

    fn leftover(&self, slot: usize, target: &Path) -> Option<PathBuf> {
        let pid = self.pool.as_ref()?.pid(slot);
        Some(output::temporary_name(target, pid))
    }

    fn stopped(&self) -> &'static str {
        "its worker process was stopped"
    }
}

/// In-process worker threads, each file under a panic guard; a thread
/// over its time limit is abandoned (it cannot be stopped) and replaced.
struct Threads {
    slots: Vec<(usize, mpsc::Sender<usize>)>,
    next_id: usize,
    settings: Arc<Settings>,
    results: mpsc::Receiver<(usize, usize, Done)>,
    sender: mpsc::Sender<(usize, usize, Done)>,
}

impl Threads {
    fn new(count: usize, settings: &Arc<Settings>) -> Result<Threads> {
        let (sender, results) = mpsc::channel();
        let mut threads = Threads { slots: Vec::new(), next_id: 0, settings: Arc::clone(settings), results, sender };
        for _ in 0..count.max(1) {
            let slot = threads.spawn()?;
            threads.slots.push(slot);
        }
        Ok(threads)
    }

    fn spawn(&mut self) -> Result<(usize, mpsc::Sender<usize>)> {
        let id = self.next_id;
        self.next_id += 1;
        let (send, receive) = mpsc::channel::<usize>();
        let settings = Arc::clone(&self.settings);
        let results = self.sender.clone();
        std::thread::Builder::new()
            .name(format!("kehoach-worker-{id}"))
            .stack_size(64 << 20)
            .spawn(move || {
                for job in receive {
                    let input = &settings.inputs[job];
                    let target = settings.output.as_ref().map(|dir| output_path(dir, input, settings.format));
                    let done = job::process(input, &settings, target.as_deref(), false);
                    if results.send((id, job, done)).is_err() {
                        break;
                    }
                }
            })
            .context("cannot start a worker thread")?;
        Ok((id, send))
    }
}

impl Workers for Threads {
    fn count(&self) -> usize {
        self.slots.len()
    }

    fn send(&mut self, slot: usize, job: usize, _: &Settings) -> Result<()> {
        self.slots[slot].1.send(job).context("a worker stopped")
    }

    fn next(&mut self, wait: Duration, _: &[Option<(usize, Instant)>], _: &Settings) -> Result<Option<Event>> {
        match self.results.recv_timeout(wait) {
            Ok((id, job, done)) => Ok(self
                .slots
                .iter()
                .position(|(slot_id, _)| *slot_id == id)
                .map(|slot| Event::Done { slot, job, done: Box::new(done) })),
            Err(mpsc::RecvTimeoutError::Timeout) => Ok(None),
            Err(mpsc::RecvTimeoutError::Disconnected) => bail!("all workers stopped"),
        }
    }

    fn replace(&mut self, slot: usize) -> Result<()> {
        self.slots[slot] = self.spawn()?;
        Ok(())
    }

    fn leftover(&self, _: usize, _: &Path) -> Option<PathBuf> {
        None
    }

    fn stopped(&self) -> &'static str {
        "the conversion was abandoned"
    }
}

/// Runs every input on the workers and hands the results to `emit` in
/// input order; each result is also appended to the journal (the report
/// as it goes) as soon as it arrives. A file that overruns `timeout` fails
/// alone: its worker is stopped and replaced.
fn run_workers(
    settings: &Arc<Settings>,
    workers: &mut dyn Workers,
    timeout: Duration,
    mut journal: Option<Journal>,
    emit: &mut dyn FnMut(Done) -> Result<()>,
) -> Result<()> {
    let total = settings.inputs.len();
    let count = workers.count();
    let mut busy: Vec<Option<(usize, Instant)>> = vec![None; count];
    let mut next_job = 0;
    let mut next_emit = 0;
    let mut idle_deaths = 0;
    // Results that wait for an earlier one; the window keeps this bounded.
    let window = count.max(1) * 8;
    let mut waiting: std::collections::BTreeMap<usize, Done> = std::collections::BTreeMap::new();
    let mut arrived = |job: usize, done: Done, waiting: &mut std::collections::BTreeMap<usize, Done>| {
        if let Some(journal) = journal.as_mut() {
            journal.append(&done.line);
        }
        waiting.insert(job, done);
    };
    while next_emit < total {
        // Hand out work; after Ctrl-C, start nothing more.
        if INTERRUPTED.load(Ordering::SeqCst) {
            while next_job < total {
                arrived(next_job, job::interrupted(&settings.inputs[next_job]), &mut waiting);
                next_job += 1;
            }
        }
        // Inputs that fail or are skipped before being read need no worker.
        while next_job < total && next_job < next_emit + window {
            let input = &settings.inputs[next_job];
            let early = if let Some(error) = &input.error {
                Some(job::failed(input, error.clone(), Instant::now()))
            } else {
                input.skip.as_ref().map(|reason| job::skipped(input, reason))
            };
            let Some(done) = early else { break };
            arrived(next_job, done, &mut waiting);
            next_job += 1;
        }
        for (slot, state) in busy.iter_mut().enumerate() {
            if state.is_some() || next_job >= total || next_job >= next_emit + window {
                continue;
            }
            let input = &settings.inputs[next_job];
            if input.error.is_some() || input.skip.is_some() {
                break; // handled above on the next round
            }
            workers.send(slot, next_job, settings)?;
            *state = Some((next_job, Instant::now()));
            next_job += 1;
        }
        if busy.iter().all(Option::is_none) {
            // Nothing in flight: emit what is ready without waiting.
            while let Some(done) = waiting.remove(&next_emit) {
                emit(done)?;
                next_emit += 1;
            }
            continue;
        }
        // Collect a result, or notice one that is late.
        let busy_since = busy.iter().filter_map(|b| b.map(|(_, t)| t)).min();
        let wait = busy_since.map_or(Duration::from_millis(50), |t| timeout.saturating_sub(t.elapsed()));
        match workers.next(wait.max(Duration::from_millis(1)), &busy, settings)? {
            Some(Event::Done { slot, job, done }) if busy[slot].is_some_and(|(j, _)| j == job) => {
                busy[slot] = None;
                let mut done = *done;
                if let Some(tmp) = done.tmp.take() {
                    let target = done.line.output.clone().map(PathBuf::from);
                    if let Some(Err(err)) = target.map(|t| std::fs::rename(&tmp, &t)) {
                        let _ = std::fs::remove_file(&tmp);
                        let input = &settings.inputs[job];
                        let error = format!("{}: cannot write the output: {err}", input.path.display());
                        done = job::failed(input, error, Instant::now());
                    }
                }
                arrived(job, done, &mut waiting);
            }
            Some(Event::Died { slot, pid, reason }) => match busy[slot].take() {
                Some((job, since)) => {
                    idle_deaths = 0;
                    let input = &settings.inputs[job];
                    let error = format!("{}: {reason}", input.path.display());
                    if let Some(dir) = &settings.output {
                        // Nothing of the crashed worker's output stays.
                        let _ = std::fs::remove_file(output::temporary_name(
                            &output_path(dir, input, settings.format),
                            pid,
                        ));
                    }
                    arrived(job, job::failed(input, error, since), &mut waiting);
                }
                None => {
                    idle_deaths += 1;
                    if idle_deaths > 3 {
                        bail!("worker processes die before any work ({reason})");
                    }
                }
            },
            Some(Event::Done { .. }) | None => {}
        }
        for (slot, state) in busy.iter_mut().enumerate() {
            let Some((job, since)) = *state else { continue };
            if since.elapsed() >= timeout {
                let input = &settings.inputs[job];
                let leftover = settings
                    .output
                    .as_ref()
                    .and_then(|dir| workers.leftover(slot, &output_path(dir, input, settings.format)));
                workers.replace(slot)?;
                if let Some(leftover) = leftover {
                    let _ = std::fs::remove_file(leftover);
                }
                let error = format!(
                    "{}: timed out after {} s (--timeout); {}",
                    input.path.display(),
                    timeout.as_secs_f64(),
                    workers.stopped()
                );
                *state = None;
                arrived(job, job::failed(input, error, since), &mut waiting);
            }
        }
        while let Some(done) = waiting.remove(&next_emit) {
            emit(done)?;
            next_emit += 1;
        }
    }
    Ok(())
}

/// The report as it goes: one line appended per finished input, so that a
/// killed run leaves what it did for `--skip-unchanged`. Appended after the
/// previous run's lines (a later line of the same input wins when read).
struct Journal {
    file: std::fs::File,
}

impl Journal {
    fn open(path: &Path) -> io::Result<Journal> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Journal { file })
    }

    fn append(&mut self, line: &ReportLine) {
        if let Ok(mut bytes) = serde_json::to_vec(line) {
            bytes.push(b'\n');
            // One write per line: a kill leaves whole lines (at worst one
            // torn last line, which is ignored when read).
            let _ = self.file.write_all(&bytes);
        }
    }
}

fn output_path(dir: &Path, input: &Input, format: OutputFormat) -> PathBuf {
    let mut name = input.relative.clone().into_os_string();
    name.push(".");
    name.push(format.extension());
    dir.join(name)
}

fn write_report(path: &Path, lines: &[ReportLine]) -> Result<()> {
    let mut bytes = Vec::new();
    for line in lines {
        serde_json::to_writer(&mut bytes, line)?;
        bytes.push(b'\n');
    }
    output::write_atomically(path, &bytes)
}

/// The last line of each input in a report (a journal of a killed run has
/// several; a torn last line is ignored).
fn previous_report(path: Option<&Path>) -> HashMap<String, ReportLine> {
    let Some(text) = path.and_then(|p| std::fs::read(p).ok()) else { return HashMap::new() };
    String::from_utf8_lossy(&text)
        .lines()
        .filter_map(|l| serde_json::from_str::<ReportLine>(l).ok())
        .map(|l| (l.input.clone(), l))
        .collect()
}

/// Removes `*.tmp-PID` files under `dir` left by runs that are no longer
/// alive (killed, or a crashed worker).
fn clean_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            clean_stale_temporaries(&path);
            continue;
        }
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some((_, pid)) = name.rsplit_once(".tmp-") else { continue };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if kind.is_file() && !worker::process_alive(pid) {
            let _ = std::fs::remove_file(&path);
        }
    }
}
