//! Worker processes: untrusted parsing out of the batch's own process.
//!
//! The batch starts `--jobs` copies of the kehoach binary itself with the
//! hidden `worker` subcommand. Each reads jobs from its standard input and
//! answers on its standard output, one frame per message (a 4-byte
//! little-endian length, then JSON). A worker runs with an address-space
//! limit (`setrlimit(RLIMIT_AS)`, `--max-memory`), in its own process
//! group (so Tesseract and any other child goes with it), dies with the
//! batch (`PR_SET_PDEATHSIG`, even after `kill -9`: it then kills its group
//! and removes its temporary folder) and keeps its temporary files in a
//! folder of its own. A worker that overruns `--timeout` is killed with its group;
//! one that crashes (abort, stack overflow, out of memory) is replaced, and
//! in both cases only its file fails, with the reason.
//!
//! Outputs are written by the worker to `<output>.tmp-<worker pid>` and
//! renamed into place by the batch when the result arrives, so a file that
//! timed out can never write its output later.

use crate::cli::OutputFormat;
use crate::inputs::Input;
use crate::job::{Done, ForStdout, ReportLine, Settings};
use crate::output::DiagnosticRow;
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitCode, ExitStatus, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// Frames larger than this are refused (a bug or a corrupted pipe).
const MAX_FRAME: usize = 1 << 30;

/// What a worker needs to know about the run (its command-line argument).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct WorkerSettings {
    pub format: String,
    pub expand_ubnd: bool,
    pub repair: bool,
    pub ocr: bool,
    pub tone_style: String,
    /// Canonical JSON on one line (for `--stdin-list`).
    pub one_line: bool,
    /// Whether outputs go to files (`-o`).
    pub to_files: bool,
    /// `--csv-bom`.
    pub csv_bom: bool,
    /// `--tables all`.
    pub all_tables: bool,
}

/// One job: a file to convert.
#[derive(Debug, Serialize, Deserialize)]
struct JobMessage {
    job: usize,
    /// The path, as bytes (file names need not be UTF-8).
    path: Vec<u8>,
    relative: Vec<u8>,
    /// Where the output goes (under `-o`).
    target: Option<Vec<u8>>,
    /// The previous report line of this input (`--skip-unchanged`).
    previous: Option<ReportLine>,
}

/// A finished job.
#[derive(Debug, Serialize, Deserialize)]
struct DoneMessage {
    job: usize,
    line: ReportLine,
    /// What goes to standard output: sent as a raw frame of its own right
    /// after this message (as JSON, each byte would be a number: a
    /// document's pretty JSON cost ~90 M instructions to encode and decode).
    #[serde(skip)]
    stdout: Option<Vec<u8>>,
    /// A raw frame with [`DoneMessage::stdout`] follows.
    #[serde(default)]
    has_stdout: bool,
    /// The written temporary output, to be renamed to the target.
    tmp: Option<Vec<u8>>,
    /// Records for the batch's one output (standard output or `-o FILE`).
    #[serde(default)]
    records: Option<(Vec<kehoach_normalize::FlatRecord>, Vec<DiagnosticRow>)>,
}

fn bytes_of(path: &std::path::Path) -> Vec<u8> {
    path.as_os_str().as_encoded_bytes().to_vec()
}

fn path_of(bytes: Vec<u8>) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

fn write_frame(w: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    write_raw_frame(w, &serde_json::to_vec(value)?)
}

fn write_raw_frame(w: &mut impl Write, body: &[u8]) -> io::Result<()> {
    let len = u32::try_from(body.len())
        .ok()
        .filter(|len| *len as usize <= MAX_FRAME)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, format!("a frame of {} bytes", body.len())))?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(body)?;
    w.flush()
}

/// The next frame, or `None` at the end of the stream.
fn read_frame(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("a frame of {len} bytes")));
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body)?;
    Ok(Some(body))
}

/// `kehoach worker SETTINGS`: converts the jobs read from standard input
/// until it closes.
pub(crate) fn main(settings: &str) -> Result<ExitCode> {
    let settings: WorkerSettings = serde_json::from_str(settings).context("worker settings")?;
    // One malloc arena: glibc reserves 64 MiB of address space per extra
    // arena (one per thread that allocates), which counts against the
    // --max-memory limit without holding anything; the worker converts on
    // one thread, so it loses nothing by sharing.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter, before other threads start.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
    keep_heap();
    end_with_the_batch();
    // A deep stack, as the in-process workers have: deeply nested
    // documents are bounded by the readers, not by the stack size.
    let serve = std::thread::Builder::new()
        .name("kehoach-worker".into())
        .stack_size(64 << 20)
        .spawn(move || serve(settings))?;
    match serve.join() {
        Ok(result) => result.map(|()| ExitCode::SUCCESS),
        Err(_) => bail!("the worker crashed"),
    }
}

/// Keeps freed memory for the next file instead of giving it back to the
/// system after each one. By default glibc returns the top of its heap
/// once 128 KiB lie free there and serves large blocks by `mmap`, so the
/// next file's buffers (a DOCX part inflated, the document's word counts)
/// are fresh pages, each a page fault with a page for the kernel to zero:
/// in a batch of seed 000 with repair ~65 faults per file, of the DOCX
/// sample ~270, against ~6 and ~16 with blocks under 4 MiB from the heap
/// and up to 16 MiB of it kept free. Outputs are the same; a mixed batch's
/// peak RSS did not move.
pub(crate) fn keep_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 16 << 20);
    }
}

/// The name of a worker's temporary folder: `kehoach-<batch pid>-worker-<n>`.
fn worker_dir_name(batch: u32, id: usize) -> String {
    format!("kehoach-{batch}-worker-{id}")
}

/// The batch pid in a worker folder's name.
fn worker_dir_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("kehoach-")?;
    let (pid, id) = rest.split_once("-worker-")?;
    id.parse::<usize>().ok()?;
    pid.parse().ok()
}

/// A worker dies with the batch, even when the batch is killed with
/// `kill -9`: `PR_SET_PDEATHSIG` sends it SIGTERM, and then (as on any
/// SIGTERM or SIGINT) it removes its temporary folder and kills its process
/// group — itself and every child it started (Tesseract, LibreOffice,
/// pdftoppm), which share that group.
fn end_with_the_batch() {
    let own_folder = std::env::var_os("TMPDIR")
        .map(PathBuf::from)
        .filter(|dir| dir.file_name().and_then(|n| n.to_str()).and_then(worker_dir_owner).is_some());
    #[cfg(unix)]
    // SAFETY: getpgrp and getpid only read the process's ids.
    let leads_its_group = unsafe { libc::getpgrp() == libc::getpid() };
    #[cfg(not(unix))]
    let leads_its_group = false;
    let _ = ctrlc::set_handler(move || {
        if let Some(dir) = &own_folder {
            let _ = std::fs::remove_dir_all(dir);
        }
        if leads_its_group {
            // SAFETY: kill(2) on our own process group (started with
            // process_group(0) by the batch); no memory is involved.
            #[cfg(unix)]
            unsafe {
                libc::kill(0, libc::SIGKILL);
            }
        }
        std::process::exit(143);
    });
}

/// Removes the temporary folders of workers whose batch no longer runs
/// (a batch killed with `kill -9` cannot clean up after its workers).
fn clean_stale_worker_dirs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(owner) = name.to_str().and_then(worker_dir_owner) else { continue };
        if owner != std::process::id() && !process_alive(owner) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn serve(worker: WorkerSettings) -> Result<()> {
    let format = match worker.format.as_str() {
        "jsonl" => OutputFormat::Jsonl,
        "csv" => OutputFormat::Csv,
        "xlsx" => OutputFormat::Xlsx,
        _ => OutputFormat::Json,
    };
    let tone_style = match worker.tone_style.as_str() {
        "new" => kehoach_extract::vietnamese::ToneStyle::New,
        "as-printed" => kehoach_extract::vietnamese::ToneStyle::AsPrinted,
        _ => kehoach_extract::vietnamese::ToneStyle::Old,
    };
    let mut settings = Settings {
        // Only used to decide whether outputs go to files: each job names
        // its own target.
        output: worker.to_files.then(PathBuf::new),
        format,
        csv_bom: worker.csv_bom,
        options: kehoach::Options {
            extract: kehoach_extract::Options { ocr: worker.ocr, ..Default::default() },
            repair: worker.repair,
            tone_style,
            normalize: kehoach_normalize::Options { expand_ubnd: worker.expand_ubnd, all_tables: worker.all_tables },
        },
        previous: Default::default(),
        inputs: Vec::new(),
    };
    let mut stdin = io::stdin().lock();
    let mut stdout = io::stdout().lock();
    while let Some(frame) = read_frame(&mut stdin)? {
        let message: JobMessage = serde_json::from_slice(&frame).context("a job from the batch")?;
        let input = Input { path: path_of(message.path), relative: path_of(message.relative), skip: None, error: None };
        settings.previous.clear();
        if let Some(previous) = message.previous {
            settings.previous.insert(previous.input.clone(), previous);
        }
        let target = message.target.map(path_of);
        let done = crate::job::process(&input, &settings, target.as_deref(), true);
        let mut records = None;
        let stdout_bytes = match done.stdout {
            Some(ForStdout::Bytes(bytes)) => Some(bytes),
            Some(ForStdout::Document(doc)) if worker.one_line => {
                let mut text = serde_json::to_vec(&doc).unwrap_or_default();
                text.push(b'\n');
                Some(text)
            }
            Some(ForStdout::Document(doc)) => Some(kehoach_normalize::to_json(&doc).into_bytes()),
            // Gathered by the batch into its one output, in input order.
            Some(ForStdout::Records(r, diagnostics)) => {
                records = Some((r, diagnostics));
                None
            }
            None => None,
        };
        let reply = DoneMessage {
            job: message.job,
            line: done.line,
            has_stdout: stdout_bytes.is_some(),
            stdout: None,
            tmp: done.tmp.as_deref().map(bytes_of),
            records,
        };
        write_frame(&mut stdout, &reply)?;
        if let Some(bytes) = stdout_bytes {
            write_raw_frame(&mut stdout, &bytes)?;
        }
    }
    Ok(())
}

/// Process groups of the running workers, for the second Ctrl-C.
static GROUPS: Mutex<Vec<i32>> = Mutex::new(Vec::new());

/// Kills every worker and its children at once (second Ctrl-C).
pub(crate) fn kill_all() {
    let groups = GROUPS.lock().unwrap_or_else(|e| e.into_inner());
    for &group in groups.iter() {
        kill_group(group);
    }
}

fn kill_group(group: i32) {
    #[cfg(unix)]
    // SAFETY: kill(2) with a negative pid signals a process group; no memory is involved.
    unsafe {
        libc::kill(-group, libc::SIGKILL);
    }
    #[cfg(not(unix))]
    let _ = group;
}

/// What a pool reports.
pub(crate) enum Event {
    /// The worker in `slot` finished its job.
    Done { slot: usize, job: usize, done: Box<Done> },
    /// The worker in `slot` (process `pid`) died and was replaced;
    /// `reason` says how.
    Died { slot: usize, pid: u32, reason: String },
}

/// Messages from the threads that read the workers' output.
enum FromWorker {
    Done(Box<DoneMessage>),
    Gone,
}

struct Process {
    id: usize,
    child: Child,
    stdin: Option<ChildStdin>,
    stderr_tail: Arc<Mutex<Vec<u8>>>,
    tmpdir: PathBuf,
}

/// `--jobs` worker processes.
pub(crate) struct Pool {
    settings: WorkerSettings,
    max_memory: Option<u64>,
    slots: Vec<Process>,
    next_id: usize,
    events: mpsc::Receiver<(usize, FromWorker)>,
    sender: mpsc::Sender<(usize, FromWorker)>,
}

impl Pool {
    pub(crate) fn new(count: usize, settings: WorkerSettings, max_memory: Option<u64>) -> Result<Pool> {
        let (sender, events) = mpsc::channel();
        let mut pool = Pool { settings, max_memory, slots: Vec::new(), next_id: 0, events, sender };
        clean_stale_worker_dirs();
        for _ in 0..count.max(1) {
            let process = pool.spawn()?;
            pool.slots.push(process);
        }
        Ok(pool)
    }

    pub(crate) fn count(&self) -> usize {
        self.slots.len()
    }

    fn spawn(&mut self) -> Result<Process> {
        let id = self.next_id;
        self.next_id += 1;
        let exe = std::env::current_exe().context("cannot find the kehoach program to start workers")?;
        let tmpdir = std::env::temp_dir().join(worker_dir_name(std::process::id(), id));
        std::fs::create_dir_all(&tmpdir).with_context(|| format!("cannot create {}", tmpdir.display()))?;
        let mut command = Command::new(exe);
        command
            .arg("worker")
            .arg(serde_json::to_string(&self.settings)?)
            .env("TMPDIR", &tmpdir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            command.process_group(0);
            let limit = self.max_memory;
            let batch = std::process::id();
            // SAFETY: only async-signal-safe calls (prctl, setrlimit) between fork and exec.
            unsafe {
                command.pre_exec(move || {
                    #[cfg(target_os = "linux")]
                    {
                        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
                        // The batch died before the line above: nobody will signal.
                        if libc::getppid() as u32 != batch {
                            libc::_exit(1);
                        }
                    }
                    if let Some(bytes) = limit {
                        let rlim = libc::rlimit { rlim_cur: bytes as libc::rlim_t, rlim_max: bytes as libc::rlim_t };
                        if libc::setrlimit(libc::RLIMIT_AS, &rlim) != 0 {
                            return Err(io::Error::last_os_error());
                        }
                    }
                    Ok(())
                });
            }
        }
        let mut child = command.spawn().context("cannot start a worker process")?;
        GROUPS.lock().unwrap_or_else(|e| e.into_inner()).push(child.id() as i32);
        let mut stdout = child.stdout.take().context("worker stdout")?;
        let mut stderr = child.stderr.take().context("worker stderr")?;
        let sender = self.sender.clone();
        std::thread::spawn(move || {
            loop {
                let message = match read_frame(&mut stdout) {
                    Ok(Some(frame)) => serde_json::from_slice::<DoneMessage>(&frame).ok(),
                    _ => None,
                };
                // The standard output bytes come as the next, raw frame.
                let message = message.and_then(|mut done| {
                    if done.has_stdout {
                        done.stdout = Some(read_frame(&mut stdout).ok().flatten()?);
                    }
                    Some(done)
                });
                match message {
                    Some(done) => {
                        if sender.send((id, FromWorker::Done(Box::new(done)))).is_err() {
                            return;
                        }
                    }
                    None => break,
                }
            }
            let _ = sender.send((id, FromWorker::Gone));
        });
        let stderr_tail = Arc::new(Mutex::new(Vec::new()));
        let tail = Arc::clone(&stderr_tail);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut tail = tail.lock().unwrap_or_else(|e| e.into_inner());
                tail.extend_from_slice(&buf[..n]);
                let excess = tail.len().saturating_sub(8192);
                tail.drain(..excess);
            }
        });
        Ok(Process { id, stdin: child.stdin.take(), child, stderr_tail, tmpdir })
    }

    /// Hands `input` (job number `job`) to the worker in `slot`.
    pub(crate) fn send(
        &mut self,
        slot: usize,
        job: usize,
        input: &Input,
        target: Option<&std::path::Path>,
        previous: Option<&ReportLine>,
    ) -> Result<()> {
        let message = JobMessage {
            job,
            path: bytes_of(&input.path),
            relative: bytes_of(&input.relative),
            target: target.map(bytes_of),
            previous: previous.cloned(),
        };
        let process = &mut self.slots[slot];
        let sent = match process.stdin.as_mut() {
            Some(stdin) => write_frame(stdin, &message),
            None => Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed")),
        };
        // A worker that died before reading is noticed by its reader thread.
        let _ = sent;
        Ok(())
    }

    /// The next event, waiting at most `wait`.
    pub(crate) fn next(&mut self, wait: Duration, reader_of: &dyn Fn(usize) -> &'static str) -> Result<Option<Event>> {
        let (id, message) = match self.events.recv_timeout(wait) {
            Ok(event) => event,
            Err(mpsc::RecvTimeoutError::Timeout) => return Ok(None),
            Err(mpsc::RecvTimeoutError::Disconnected) => bail!("all workers stopped"),
        };
        // Events of a worker that was replaced are stale.
        let Some(slot) = self.slots.iter().position(|p| p.id == id) else { return Ok(None) };
        match message {
            FromWorker::Done(message) => {
                let message = *message;
                let stdout = match message.records {
                    Some((records, diagnostics)) => Some(ForStdout::Records(records, diagnostics)),
                    None => message.stdout.map(ForStdout::Bytes),
                };
                let tmp = message.tmp.map(path_of);
                Ok(Some(Event::Done {
                    slot,
                    job: message.job,
                    done: Box::new(Done { line: message.line, stdout, tmp }),
                }))
            }
            FromWorker::Gone => {
                let pid = self.slots[slot].child.id();
                let status = self.slots[slot].child.wait().ok();
                let tail =
                    String::from_utf8_lossy(&self.slots[slot].stderr_tail.lock().unwrap_or_else(|e| e.into_inner()))
                        .into_owned();
                let reason = crash_reason(status, &tail, reader_of(slot), self.max_memory);
                self.replace(slot)?;
                Ok(Some(Event::Died { slot, pid, reason }))
            }
        }
    }

    /// Kills the worker in `slot` with its children and starts a fresh one.
    pub(crate) fn replace(&mut self, slot: usize) -> Result<()> {
        let fresh = self.spawn()?;
        let old = std::mem::replace(&mut self.slots[slot], fresh);
        stop(old, true);
        Ok(())
    }

    /// The pid of the worker in `slot` (its temporary outputs end in `.tmp-PID`).
    pub(crate) fn pid(&self, slot: usize) -> u32 {
        self.slots[slot].child.id()
    }

    /// Lets every worker finish and exit.
    pub(crate) fn shutdown(self) {
        for mut process in self.slots {
            process.stdin.take();
            stop(process, false);
        }
    }
}

/// Ends a worker: killed with its process group, or (not `kill`) waited for
/// after its input closed; its temporary folder is removed.
fn stop(mut process: Process, kill: bool) {
    let group = process.child.id() as i32;
    process.stdin.take();
    if kill {
        kill_group(group);
    }
    let _ = process.child.wait();
    // Children of the worker (Tesseract) are in its group.
    kill_group(group);
    GROUPS.lock().unwrap_or_else(|e| e.into_inner()).retain(|g| *g != group);
    let _ = std::fs::remove_dir_all(&process.tmpdir);
}

/// Why a worker died, in words: out of memory, stack overflow, a signal.
fn crash_reason(status: Option<ExitStatus>, stderr: &str, reader: &str, limit: Option<u64>) -> String {
    let signal = status.and_then(|s| {
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            s.signal()
        }
        #[cfg(not(unix))]
        {
            let _ = s;
            None
        }
    });
    let limit_text = limit.map_or("no limit".to_string(), |b| format!("limit {}", show_size(b)));
    let what = if stderr.contains("memory allocation of") || stderr.contains("out of memory") {
        format!("the {reader} ran out of memory ({limit_text}, --max-memory)")
    } else if stderr.contains("has overflowed its stack") {
        format!("the {reader} crashed (stack overflow)")
    } else if signal == Some(9) {
        format!("the {reader} was killed (SIGKILL: out of memory, {limit_text}?)")
    } else if let Some(signal) = signal {
        format!("the {reader} crashed (signal {signal}{})", signal_name(signal))
    } else if let Some(code) = status.and_then(|s| s.code()) {
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message");
        format!("the {reader} stopped (exit status {code}: {last})")
    } else {
        format!("the {reader} stopped unexpectedly")
    };
    format!("{what}; a fresh worker took over")
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        6 => ", SIGABRT",
        7 => ", SIGBUS",
        8 => ", SIGFPE",
        11 => ", SIGSEGV",
        _ => "",
    }
}

/// `2 GiB`, `512 MiB`.
pub(crate) fn show_size(bytes: u64) -> String {
    const GIB: u64 = 1 << 30;
    const MIB: u64 = 1 << 20;
    if bytes >= GIB && bytes % GIB == 0 {
        format!("{} GiB", bytes / GIB)
    } else if bytes >= GIB {
        format!("{:.1} GiB", bytes as f64 / GIB as f64)
    } else {
        format!("{} MiB", bytes.div_ceil(MIB))
    }
}

/// Why a `--max-memory` value is refused; the message quotes the value.
#[derive(Debug, PartialEq, thiserror::Error)]
pub(crate) enum SizeError {
    /// The value as the user gave it reads as no size.
    #[error("{0}: not a size (use e.g. 2G, 512M or none)")]
    NotASize(String),
    /// The value as the user gave it is under 64 MiB.
    #[error("{0}: too small for a worker (at least 64M)")]
    TooSmall(String),
}

/// `--max-memory`: `2G`, `512M`, `1500000000`, or `none`.
pub(crate) fn parse_size(text: &str) -> Result<Option<u64>, SizeError> {
    let t = text.trim().to_ascii_lowercase();
    if t == "none" || t == "unlimited" || t == "0" {
        return Ok(None);
    }
    let not_a_size = || SizeError::NotASize(text.to_string());
    let t = t.strip_suffix("ib").or_else(|| t.strip_suffix('b')).unwrap_or(&t);
    let (number, unit) = match t.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((at, _)) => (&t[..at], &t[at..]),
        None => (t, ""),
    };
    let scale: u64 = match unit {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        "t" => 1 << 40,
        _ => return Err(not_a_size()),
    };
    let value: f64 = number.trim().parse().map_err(|_| not_a_size())?;
    if !value.is_finite() || value <= 0.0 {
        return Err(not_a_size());
    }
    let bytes = value * scale as f64;
    if bytes < (64 << 20) as f64 {
        return Err(SizeError::TooSmall(text.to_string()));
    }
    Ok(Some(bytes.min(u64::MAX as f64) as u64))
}

/// The reader a file goes to, by its name, for messages about crashes.
pub(crate) fn reader_name(path: &std::path::Path) -> &'static str {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "pdf" => "PDF reader",
        "docx" | "docm" => "DOCX reader",
        "xlsx" | "xlsm" | "xls" | "ods" => "spreadsheet reader",
        "png" | "jpg" | "jpeg" | "tif" | "tiff" => "image reader",
        "txt" | "md" | "text" => "text reader",
        _ => "reader",
    }
}

pub(crate) fn process_alive(pid: u32) -> bool {
    // A zombie is dead: the worker of a batch killed with `kill -9` is
    // reparented, and an init that does not reap (a container's) leaves it
    // a zombie, whose temporary output would otherwise never be cleaned.
    #[cfg(target_os = "linux")]
    if let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // "PID (COMMAND) STATE …": the state follows the last ')'.
        let state = stat.rsplit_once(')').and_then(|(_, rest)| rest.trim_start().chars().next());
        if matches!(state, Some('Z' | 'X')) {
            return false;
        }
    }
    #[cfg(unix)]
    {
        // SAFETY: kill(2) with signal 0 only checks that the process exists.
        let found = unsafe { libc::kill(pid as libc::pid_t, 0) } == 0;
        found || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("2G"), Ok(Some(2 << 30)));
        assert_eq!(parse_size("512MiB"), Ok(Some(512 << 20)));
        assert_eq!(parse_size("none"), Ok(None));
        assert_eq!(parse_size("2X"), Err(SizeError::NotASize("2X".into())));
        assert_eq!(parse_size("1k"), Err(SizeError::TooSmall("1k".into())), "too small");
        assert_eq!(show_size(2 << 30), "2 GiB");
        assert_eq!(show_size(512 << 20), "512 MiB");
    }

    #[test]
    fn crash_reasons_in_words() {
        let reason =
            crash_reason(None, "memory allocation of 927712935936 bytes failed\n", "spreadsheet reader", Some(2 << 30));
        assert!(reason.starts_with("the spreadsheet reader ran out of memory (limit 2 GiB"), "{reason}");
        let reason = crash_reason(
            None,
            "\nthread 'x' has overflowed its stack\nfatal runtime error: stack overflow",
            "PDF reader",
            None,
        );
        assert!(reason.starts_with("the PDF reader crashed (stack overflow)"), "{reason}");
    }

    #[test]
    fn worker_folders_name_their_batch() {
        assert_eq!(worker_dir_owner(&worker_dir_name(4242, 3)), Some(4242));
        assert_eq!(worker_dir_owner("kehoach-soffice-12-0-99"), None);
        assert_eq!(worker_dir_owner("kehoach-12-worker-x"), None);
    }

    #[test]
    fn frames_round_trip() {
        let mut buf = Vec::new();
        write_frame(&mut buf, &serde_json::json!({"a": 1})).unwrap();
        write_frame(&mut buf, &serde_json::json!("b")).unwrap();
        let mut r = &buf[..];
        assert_eq!(read_frame(&mut r).unwrap().unwrap(), br#"{"a":1}"#);
        assert_eq!(read_frame(&mut r).unwrap().unwrap(), br#""b""#);
        assert!(read_frame(&mut r).unwrap().is_none());
    }
}
