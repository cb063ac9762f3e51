//! End-to-end batch throughput: `kehoach convert -o OUT CORPUS` over a
//! generated corpus of 10,000 files of mixed formats (text seeds with a
//! varying last line, DOCX, XLSX, XLS, ODS fixtures, and a few dozen broken
//! files), once with all cores and once with one. Run with
//! `cargo bench --bench batch`; it prints files per second and the peak
//! resident memory of the process (read from /proc while it runs). (Not criterion:
//! one run of this size says enough, and it times the real binary.)

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

/// One batch run: wall seconds, peak RSS in MB (Linux; 0 elsewhere) and
/// the summary line.
fn run(corpus: &Path, out: &Path, jobs: usize) -> (f64, f64, String) {
    let _ = std::fs::remove_dir_all(out);
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["convert", "-q", "-o", out.to_str().unwrap(), "-j", &jobs.to_string(), corpus.to_str().unwrap()])
        .stderr(Stdio::piped())
        .spawn()
        .expect("kehoach runs");
    let stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    // The kernel keeps the high-water mark (VmHWM): reading it often enough
    // before the process ends gives its peak resident memory.
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    while child.try_wait().expect("waits").is_none() {
        if let Some(kb) = std::fs::read_to_string(&status).ok().as_deref().and_then(high_water_kb) {
            peak_kb = peak_kb.max(kb);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let secs = started.elapsed().as_secs_f64();
    let stderr = reader.join().expect("stderr read");
    let summary = stderr.lines().last().unwrap_or("").to_string();
    (secs, peak_kb as f64 / 1024.0, summary)
}

fn high_water_kb(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-batch");
    let corpus = corpus(&root);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for jobs in [cores, 1] {
        let (secs, peak_mb, summary) = run(&corpus, &root.join(format!("out-{jobs}")), jobs);
        println!(
            "batch/{FILES} files, --jobs {jobs}: {secs:.1} s, {:.0} files/s, peak RSS {peak_mb:.0} MB",
            FILES as f64 / secs
        );
        println!("  {summary}");
    }
    // The outputs do not depend on the job count.
    let a = root.join(format!("out-{cores}"));
    let b = root.join("out-1");
    let mut checked = 0;
    for entry in walk(&a) {
        if entry.extension().is_some_and(|e| e == "json") {
            let rel = entry.strip_prefix(&a).unwrap();
            assert_eq!(std::fs::read(&entry).unwrap(), std::fs::read(b.join(rel)).unwrap(), "{}", rel.display());
            checked += 1;
        }
    }
    println!("  {checked} outputs identical with --jobs {cores} and --jobs 1");
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
