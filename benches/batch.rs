//! End-to-end batch throughput: `kehoach convert -o OUT CORPUS` over a
//! generated corpus of 10,000 files of mixed formats (text seeds with a
//! varying last line, DOCX, XLSX, XLS, ODS fixtures, and a few dozen broken
//! files), once with all cores and once with one. Run with
//! `cargo bench --bench batch`; it prints files per second, CPU seconds,
//! the peak resident memory of the whole process tree and of the batch
//! process (read from /proc while it runs), and the CPU cost of worker
//! processes against converting on threads of one process (`--in-process`). (Not criterion:
//! one run of this size says enough, and it times the real binary.)
//!
//! The corpus is generated once into `$TMPDIR/kehoach-bench-batch/corpus`
//! (`BENCH_BATCH_DIR` to choose another directory) and kept for the next
//! run; the outputs are deleted at the end. `BENCH_BATCH_QUICK=1` makes one
//! run only (every core, worker processes).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const FILES: usize = 10_000;

fn corpus(root: &Path) -> PathBuf {
    let dir = root.join("corpus");
    if dir.join(".complete").exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut sources: Vec<PathBuf> = Vec::new();
    for sub in ["seeds", "office", "samples"] {
        for entry in std::fs::read_dir(fixtures.join(sub)).expect("fixture dir") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| ["txt", "docx", "xlsx", "xls", "ods"].iter().any(|x| e == *x)) {
                sources.push(path);
            }
        }
    }
    sources.sort();
    let broken: Vec<PathBuf> = std::fs::read_dir(fixtures.join("broken"))
        .expect("broken fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    let contents: Vec<(String, Vec<u8>)> = sources
        .iter()
        .map(|p| (p.extension().unwrap().to_string_lossy().into_owned(), std::fs::read(p).expect("readable")))
        .collect();
    for i in 0..FILES {
        let sub = dir.join(format!("{:03}", i / 100));
        std::fs::create_dir_all(&sub).expect("corpus dir");
        if i % 300 == 299 {
            let b = &broken[(i / 300) % broken.len()];
            std::fs::copy(b, sub.join(format!("{i:05}-{}", b.file_name().unwrap().to_string_lossy()))).expect("copy");
            continue;
        }
        let (ext, bytes) = &contents[i % contents.len()];
        let mut bytes = bytes.clone();
        if ext == "txt" {
            bytes.extend_from_slice(format!("\nBản số {i}\n").as_bytes());
        }
        std::fs::write(sub.join(format!("{i:05}.{ext}")), bytes).expect("write");
    }
    std::fs::write(dir.join(".complete"), b"").expect("marker");
    dir
}

/// One batch run.
struct Run {
    wall: f64,
    /// User + system CPU seconds of the batch and every process it waited
    /// for (its workers).
    cpu: f64,
    /// Peak resident memory of the whole process tree (the batch, its
    /// workers and their children, summed at each sample), MB.
    peak_tree_mb: f64,
    /// Peak resident memory of the batch process alone (VmHWM), MB.
    peak_batch_mb: f64,
    summary: String,
}

impl Run {
    fn print(&self, label: &str) {
        println!(
            "batch/{FILES} files, {label}: {:.1} s wall, {:.1} s CPU, {:.0} files/s, \
             peak RSS {:.0} MB (whole tree), {:.0} MB (batch process)",
            self.wall,
            self.cpu,
            FILES as f64 / self.wall,
            self.peak_tree_mb,
            self.peak_batch_mb
        );
        println!("  {}", self.summary);
    }
}

// The child is reaped by wait4 (for its rusage), which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run(corpus: &Path, out: &Path, jobs: usize, in_process: bool) -> Run {
    let _ = std::fs::remove_dir_all(out);
    let started = Instant::now();
    let mut args = vec!["convert".to_string(), "-q".into(), "-o".into(), out.display().to_string()];
    args.extend(["-j".into(), jobs.to_string(), corpus.display().to_string()]);
    if in_process {
        args.push("--in-process".into());
    }
    let mut child =
        Command::new(env!("CARGO_BIN_EXE_kehoach")).args(&args).stderr(Stdio::piped()).spawn().expect("kehoach runs");
    let stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    // The kernel keeps the high-water mark (VmHWM) of the batch; the tree
    // is summed from /proc at each sample.
    let pid = child.id();
    let status = format!("/proc/{pid}/status");
    let (mut peak_kb, mut peak_tree) = (0u64, 0u64);
    let (cpu, wall) = loop {
        if let Some(kb) = std::fs::read_to_string(&status).ok().as_deref().and_then(high_water_kb) {
            peak_kb = peak_kb.max(kb);
        }
        peak_tree = peak_tree.max(tree_rss(pid));
        let mut wait_status = 0;
        // SAFETY: an all-zero rusage is a valid value for wait4 to fill.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: wait4 on our own child, with valid pointers.
        let waited = unsafe { libc::wait4(pid as libc::pid_t, &mut wait_status, libc::WNOHANG, &mut usage) };
        if waited == pid as libc::pid_t {
            let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            break (seconds(usage.ru_utime) + seconds(usage.ru_stime), started.elapsed().as_secs_f64());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = reader.join().expect("stderr read");
    let summary = stderr.lines().last().unwrap_or("").to_string();
    Run { wall, cpu, peak_tree_mb: peak_tree as f64 / 1048576.0, peak_batch_mb: peak_kb as f64 / 1024.0, summary }
}

/// Resident bytes of `root` and all its descendants, now.
fn tree_rss(root: u32) -> u64 {
    let page = 4096u64;
    let mut procs = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        let Some(rest) = stat.rsplit_once(") ").map(|(_, r)| r.to_string()) else { continue };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let (Some(ppid), Some(rss)) =
            (fields.get(1).and_then(|f| f.parse::<u32>().ok()), fields.get(21).and_then(|f| f.parse::<u64>().ok()))
        else {
            continue;
        };
        procs.push((pid, ppid, rss * page));
    }
    let mut tree = vec![root];
    let mut grew = true;
    while grew {
        grew = false;
        for &(pid, ppid, _) in &procs {
            if tree.contains(&ppid) && !tree.contains(&pid) {
                tree.push(pid);
                grew = true;
            }
        }
    }
    procs.iter().filter(|(pid, _, _)| tree.contains(pid)).map(|(_, _, rss)| rss).sum()
}

fn high_water_kb(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    // The corpus (~300 MB) and the outputs are generated outside the
    // repository: in the temporary directory, or BENCH_BATCH_DIR.
    let root = std::env::var_os("BENCH_BATCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("kehoach-bench-batch"));
    let corpus = corpus(&root);
    println!("corpus: {}", corpus.display());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // BENCH_BATCH_QUICK=1: one run with every core and worker processes.
    if std::env::var_os("BENCH_BATCH_QUICK").is_some() {
        run(&corpus, &root.join("out-workers"), cores, false).print(&format!("--jobs {cores}, workers"));
        let _ = std::fs::remove_dir_all(root.join("out-workers"));
        return;
    }
    let mut cpu = [0.0f64; 2];
    // Worker processes (the default) and in-process threads on the same
    // files, alternated, twice: isolation's cost in CPU seconds.
    for round in 0..2 {
        for (mode, in_process) in [("workers", false), ("in-process", true)] {
            let run = run(&corpus, &root.join(format!("out-{mode}")), cores, in_process);
            cpu[usize::from(in_process)] += run.cpu;
            run.print(&format!("--jobs {cores}, {mode} (round {})", round + 1));
        }
    }
    println!(
        "worker overhead: {:+.1} % CPU ({:.1} s with workers, {:.1} s in process, two runs each)",
        (cpu[0] / cpu[1] - 1.0) * 100.0,
        cpu[0],
        cpu[1]
    );
    let run1 = run(&corpus, &root.join("out-1"), 1, false);
    println!(
        "batch/{FILES} files, --jobs 1, workers: {:.1} s wall, {:.1} s CPU, {:.0} files/s, peak RSS {:.0} MB (whole tree)",
        run1.wall,
        run1.cpu,
        FILES as f64 / run1.wall,
        run1.peak_tree_mb
    );
    // The outputs depend neither on the job count nor on isolation.
    let a = root.join("out-workers");
    let mut checked = 0;
    for other in [root.join("out-1"), root.join("out-in-process")] {
        for entry in walk(&a) {
            if entry.extension().is_some_and(|e| e == "json") {
                let rel = entry.strip_prefix(&a).unwrap();
                assert_eq!(
                    std::fs::read(&entry).unwrap(),
                    std::fs::read(other.join(rel)).unwrap(),
                    "{}",
                    rel.display()
                );
                checked += 1;
            }
        }
    }
    println!("  {checked} outputs compared: identical with --jobs {cores}, --jobs 1 and in process");
    for out in ["out-workers", "out-in-process", "out-1"] {
        let _ = std::fs::remove_dir_all(root.join(out));
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
