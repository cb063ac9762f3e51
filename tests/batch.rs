//! Batch conversion: report file, skipped and broken files, skip-unchanged,
//! stdin lists, time limits, interruption, no half-written outputs.

use crate::util::{kehoach, root, scratch};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn report(dir: &Path) -> Vec<Value> {
    std::fs::read_to_string(dir.join("_report.jsonl"))
        .expect("a report")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn entry<'a>(report: &'a [Value], suffix: &str) -> &'a Value {
    report.iter().find(|r| r["input"].as_str().is_some_and(|i| i.ends_with(suffix))).expect(suffix)
}

fn files_named(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_named(&p, needle));
        } else if p.to_string_lossy().contains(needle) {
            out.push(p);
        }
    }
    out
}

/// Every broken file gets a clear per-file error (or a skip reason) in the
/// report and on stderr; the good file is converted; exit status 1.
#[test]
fn broken_files_fail_alone_and_are_reported() {
    let out_dir = scratch("batch-broken");
    let out = kehoach(&[
        "convert",
        "-q",
        "-o",
        out_dir.to_str().unwrap(),
        "fixtures/broken",
        "fixtures/seeds/002_ddd63cb72f6035f4.txt",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let report = report(&out_dir);
    assert_eq!(report.len(), 9);
    let expect = [
        ("empty.txt", "no-plan", ""),
        ("garbage.txt", "failed", "binary data of no supported format"),
        ("tcvn3.txt", "no-plan", ""),
        ("truncated.docx", "failed", "not a readable zip archive"),
        ("bomb.docx", "failed", "zip bomb"),
        ("missing-sheet.xlsx", "failed", "not found"),
        ("broken-xref.pdf", "failed", "not a readable PDF"),
        ("fuzz-shared-string-index.xlsx", "failed", "the workbook is malformed"),
        ("002_ddd63cb72f6035f4.txt", "ok", ""),
    ];
    for (name, status, reason) in expect {
        let e = entry(&report, name);
        assert_eq!(e["status"], status, "{name}: {e}");
        if !reason.is_empty() {
            assert!(e["error"].as_str().is_some_and(|m| m.contains(name) && m.contains(reason)), "{name}: {e}");
            if status == "failed" {
                assert!(err.contains(reason), "{name} on stderr: {err}");
            }
        }
        assert_eq!(e["tool"], concat!("kehoach ", env!("CARGO_PKG_VERSION")));
    }
    let good = entry(&report, "002_ddd63cb72f6035f4.txt");
    assert_eq!(good["format"], "text");
    assert_eq!(good["records"], 44, "43 tasks, one with a sub-row");
    assert_eq!(good["items"]["tasks"], 43);
    assert!(good["diagnostics"].as_u64().is_some_and(|n| n > 0));
    assert!(err.contains("converted 3 of 9 input(s), 6 failed"), "{err}");
    assert!(!err.contains('\x1b'), "no terminal codes when stderr is not a terminal");
    assert!(files_named(&out_dir, ".tmp-").is_empty(), "no temporary files left");
}

#[test]
fn skip_unchanged_reconverts_only_what_changed() {
    let input = scratch("batch-skip-in");
    let out_dir = scratch("batch-skip-out");
    for name in ["000_546985720e17fb0b.txt", "002_ddd63cb72f6035f4.txt"] {
        std::fs::copy(root().join("fixtures/seeds").join(name), input.join(name)).unwrap();
    }
    let args = ["convert", "-q", "--skip-unchanged", "-o", out_dir.to_str().unwrap(), input.to_str().unwrap()];
    assert_eq!(kehoach(&args).status.code(), Some(0));
    let first = report(&out_dir);
    assert!(first.iter().all(|r| r["status"] == "ok-with-warnings" || r["status"] == "ok"), "{first:?}");
    // Same bytes: both unchanged. One file edited: only it is converted again.
    let out = kehoach(&args);
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 unchanged"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(report(&out_dir).iter().all(|r| r["status"] == "unchanged"));
    let mut file = std::fs::OpenOptions::new().append(true).open(input.join("002_ddd63cb72f6035f4.txt")).unwrap();
    writeln!(file, "\nGhi chú thêm.").unwrap();
    kehoach(&args);
    let third = report(&out_dir);
    assert_eq!(entry(&third, "000_546985720e17fb0b.txt")["status"], "unchanged");
    assert_ne!(entry(&third, "002_ddd63cb72f6035f4.txt")["status"], "unchanged");
    assert_eq!(entry(&third, "000_546985720e17fb0b.txt")["records"], 120, "carried over from the first run");
    // Without -o it is a usage error.
    assert_eq!(
        kehoach(&["convert", "--skip-unchanged", "-f", "jsonl", input.to_str().unwrap()]).status.code(),
        Some(2)
    );
}

#[test]
fn stdin_list_streams_results_in_input_order() {
    let list = "fixtures/seeds/002_ddd63cb72f6035f4.txt\nfixtures/office/features.xlsx\nmissing.txt\n";
    let run = |format: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
            .args(["convert", "--stdin-list", "-f", format])
            .current_dir(root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        child.stdin.take().unwrap().write_all(list.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run("jsonl");
    assert_eq!(out.status.code(), Some(1), "the missing file fails");
    let records: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    assert_eq!(records.len(), 44 + 7);
    assert_eq!(records[0]["doc"], "002_ddd63cb72f6035f4.txt");
    assert_eq!(records[44]["doc"], "features.xlsx");
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt: cannot read"));
    // One canonical document per line.
    let out = run("json");
    let docs: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["source"]["format"], "xlsx");
}

#[test]
fn a_file_over_its_time_limit_fails_alone() {
    let out_dir = scratch("batch-timeout");
    let out = kehoach(&[
        "convert",
        "-q",
        "--timeout",
        "0.000001",
        "-o",
        out_dir.to_str().unwrap(),
        "fixtures/seeds/004_81dc5ac12a8b2fdd.txt",
        "fixtures/office/features.xlsx",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("timed out after"), "{err}");
    let report = report(&out_dir);
    assert!(report.iter().any(|r| r["status"] == "failed" && r["error"].as_str().unwrap().contains("--timeout")));
}

/// Ctrl-C stops starting new files, finishes the ones in progress, writes
/// the report and exits 130; every output present is complete.
#[cfg(unix)]
#[test]
fn interruption_leaves_only_complete_outputs() {
    let input = scratch("batch-int-in");
    let out_dir = scratch("batch-int-out");
    let seed = std::fs::read(root().join("fixtures/seeds/004_81dc5ac12a8b2fdd.txt")).unwrap();
    for i in 0..600 {
        std::fs::write(input.join(format!("{i:04}.txt")), &seed).unwrap();
    }
    let child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["convert", "-j", "1", "-o", out_dir.to_str().unwrap(), input.to_str().unwrap()])
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    std::thread::sleep(std::time::Duration::from_millis(1000));
    let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill runs");
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    let report = report(&out_dir);
    assert_eq!(report.len(), 600);
    let converted = report.iter().filter(|r| r["status"] == "ok-with-warnings").count();
    let interrupted = report.iter().filter(|r| r["status"] == "interrupted").count();
    assert!(converted > 0 && interrupted > 0 && converted + interrupted == 600, "{converted} + {interrupted}");
    // Said once, not once per file not started.
    assert_eq!(err.matches("not started").count(), 1, "{err}");
    assert!(err.contains(&format!("{interrupted} not started (interrupted)")), "{err}");
    let outputs = files_named(&out_dir, ".txt.json");
    assert_eq!(outputs.len(), converted);
    for path in outputs {
        let text = std::fs::read_to_string(&path).unwrap();
        serde_json::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{} is incomplete: {e}", path.display()));
    }
    assert!(files_named(&out_dir, ".tmp-").is_empty());
}
