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
    assert_eq!(report.len(), 15);
    let expect = [
        ("empty.txt", "no-plan", ""),
        ("garbage.txt", "failed", "binary data of no supported format"),
        ("tcvn3.txt", "no-plan", ""),
        ("truncated.docx", "failed", "not a readable zip archive"),
        ("bomb.docx", "failed", "zip bomb"),
        ("missing-sheet.xlsx", "failed", "not found"),
        ("broken-xref.pdf", "failed", "not a readable PDF"),
        ("fuzz-shared-string-index.xlsx", "failed", "the workbook is malformed"),
        // Found by the xls fuzz target (calamine's compound-file reader
        // slicing past the end; caught, the file fails alone), twice.
        ("fuzz-cfb-slice.xls", "failed", "the workbook is malformed"),
        ("fuzz-cfb-range.xls", "failed", "the workbook is malformed"),
        // Found by the pdf fuzz target (pdf-extract panics on a missing object).
        ("fuzz-missing-object.pdf", "failed", "the PDF library gave up on this file"),
        // A page image cut short: the PNG decoder's reason, before OCR.
        ("truncated.png", "failed", "cannot decode the PNG image"),
        // Word 97-2003 files cut short and with an offset out of its stream.
        ("truncated.doc", "failed", "not a readable compound file"),
        ("garbled.doc", "failed", "the piece table lies outside its stream"),
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
    assert!(err.contains("converted 3 of 15 input(s), 12 failed"), "{err}");
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
    // `doc` is the path as listed (the list has no root to be relative to).
    assert_eq!(records[0]["doc"], "fixtures/seeds/002_ddd63cb72f6035f4.txt");
    assert_eq!(records[44]["doc"], "fixtures/office/features.xlsx");
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

/// `A/x.txt` and `B/x.txt` keep their roots' names under `-o`; `doc` and
/// `source.path` carry the relative path; a file named twice is converted
/// once; two different files that would still share an output are refused
/// before any work, both named.
#[test]
fn outputs_of_several_roots_cannot_collide() {
    let input = scratch("collide-in");
    let seed = std::fs::read(root().join("fixtures/seeds/002_ddd63cb72f6035f4.txt")).unwrap();
    let other = std::fs::read(root().join("fixtures/seeds/000_546985720e17fb0b.txt")).unwrap();
    for (dir, bytes) in [("A", &seed), ("B", &other)] {
        std::fs::create_dir_all(input.join(dir).join("sub")).unwrap();
        std::fs::write(input.join(dir).join("sub/x.txt"), bytes).unwrap();
    }
    let out_dir = scratch("collide-out");
    let a = input.join("A");
    let b = input.join("B");
    let out = kehoach(&["convert", "-q", "-o", out_dir.to_str().unwrap(), a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc_a: Value = serde_json::from_slice(&std::fs::read(out_dir.join("A/sub/x.txt.json")).unwrap()).unwrap();
    let doc_b: Value = serde_json::from_slice(&std::fs::read(out_dir.join("B/sub/x.txt.json")).unwrap()).unwrap();
    assert_eq!(doc_a["source"]["path"], "A/sub/x.txt");
    assert_eq!(doc_a["source"]["file"], "x.txt");
    assert_eq!(doc_b["source"]["path"], "B/sub/x.txt");
    assert_ne!(doc_a["source"]["sha256"], doc_b["source"]["sha256"]);
    assert_eq!(entry(&report(&out_dir), "B/sub/x.txt")["path"], "B/sub/x.txt");
    // Records say where they came from.
    let out = kehoach(&["convert", "-q", "-f", "jsonl", a.to_str().unwrap(), b.to_str().unwrap()]);
    let docs: std::collections::BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["doc"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(docs.into_iter().collect::<Vec<_>>(), ["A/sub/x.txt", "B/sub/x.txt"]);

    // The same file twice: converted once.
    let out_dir = scratch("collide-twice");
    let x = a.join("sub/x.txt");
    let out = kehoach(&["convert", "-q", "-o", out_dir.to_str().unwrap(), x.to_str().unwrap(), x.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(report(&out_dir).len(), 1);

    // Two different files named x.txt: refused, nothing written.
    let out_dir = scratch("collide-refused");
    let y = b.join("sub/x.txt");
    let out = kehoach(&["convert", "-q", "-o", out_dir.to_str().unwrap(), x.to_str().unwrap(), y.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(x.to_str().unwrap()) && err.contains(y.to_str().unwrap()), "{err}");
    assert!(err.contains("would both be written as x.txt"), "{err}");
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 0, "nothing converted");
}

/// An unreadable folder is reported by its own path; the rest of the tree
/// is converted. FIFOs and symlink loops are skipped with a reason, never
/// read; `.tmp-` files get a line.
#[cfg(unix)]
#[test]
fn an_unreadable_folder_fails_alone_and_special_files_are_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let input = scratch("unreadable-in");
    std::fs::copy(root().join("fixtures/seeds/002_ddd63cb72f6035f4.txt"), input.join("good.txt")).unwrap();
    let locked = input.join("g");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::copy(root().join("fixtures/seeds/000_546985720e17fb0b.txt"), locked.join("hidden.txt")).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let fifo = input.join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    std::os::unix::fs::symlink("loop", input.join("loop")).unwrap();
    std::fs::write(input.join("left.txt.tmp-123"), "x").unwrap();
    let out_dir = scratch("unreadable-out");
    let out = kehoach(&["convert", "-q", "--timeout", "20", "-o", out_dir.to_str().unwrap(), input.to_str().unwrap()]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let report = report(&out_dir);
    let root_can_read = std::fs::read_dir(&locked).is_ok()
        && report.iter().any(|r| r["input"].as_str().unwrap().ends_with("hidden.txt"));
    if root_can_read {
        // As root, permissions do not lock a folder; the rest still holds.
        assert_eq!(out.status.code(), Some(0), "{err}");
    } else {
        assert_eq!(out.status.code(), Some(1), "{err}");
        let g = entry(&report, "/g");
        assert_eq!(g["status"], "failed");
        assert!(g["error"].as_str().unwrap().contains("cannot list the directory"), "{g}");
        assert!(err.contains("cannot list the directory"), "{err}");
    }
    assert!(entry(&report, "good.txt")["status"].as_str().unwrap().starts_with("ok"));
    assert!(out_dir.join("good.txt.json").exists());
    if made {
        let pipe = entry(&report, "pipe.txt");
        assert_eq!(pipe["status"], "skipped");
        assert!(pipe["error"].as_str().unwrap().contains("FIFO"), "{pipe}");
    }
    let link = entry(&report, "/loop");
    assert_eq!(link["status"], "skipped");
    assert!(link["error"].as_str().unwrap().contains("loops"), "{link}");
    assert_eq!(entry(&report, "left.txt.tmp-123")["status"], "skipped");
}

/// `-o` naming a file, or a folder that cannot be written, is an error
/// before the first conversion.
#[cfg(unix)]
#[test]
fn a_bad_output_directory_is_refused_before_any_work() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("bad-o");
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = kehoach(&["convert", "-q", "-o", file.to_str().unwrap(), "fixtures/seeds"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("exists and is not a directory"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line, no per-file errors: {err}");
    let locked = dir.join("locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let writable = std::fs::write(locked.join("probe"), "x").is_ok();
    if !writable {
        let out = kehoach(&["convert", "-q", "-o", locked.join("out").to_str().unwrap(), "fixtures/seeds"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("cannot create the directory"), "{err}");
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// After `kill -9` mid-run, `--skip-unchanged` converts exactly what is
/// missing, leftover temporary files are removed, and the outputs are those
/// of an uninterrupted run.
#[cfg(unix)]
#[test]
fn a_killed_run_resumes_where_it_stopped() {
    let input = scratch("resume-in");
    let seed = std::fs::read(root().join("fixtures/seeds/004_81dc5ac12a8b2fdd.txt")).unwrap();
    for i in 0..40 {
        std::fs::write(input.join(format!("{i:04}.txt")), &seed).unwrap();
    }
    let out_dir = scratch("resume-out");
    let args =
        ["convert", "-q", "-j", "1", "--skip-unchanged", "-o", out_dir.to_str().unwrap(), input.to_str().unwrap()];
    let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach")).args(args).stderr(Stdio::null()).spawn().unwrap();
    // Wait until some outputs exist, then kill without warning.
    let started = std::time::Instant::now();
    while files_named(&out_dir, ".txt.json").len() < 3 && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let done_before =
        files_named(&out_dir, ".txt.json").iter().filter(|p| !p.to_string_lossy().contains(".tmp-")).count();
    assert!(done_before > 0 && done_before < 40, "killed mid-run: {done_before} outputs");
    // A stale temporary file as a killed run leaves it.
    std::fs::write(out_dir.join("0039.txt.json.tmp-999999"), "partial").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kehoach")).args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let report = report(&out_dir);
    assert_eq!(report.len(), 40);
    let unchanged = report.iter().filter(|r| r["status"] == "unchanged").count();
    // Every output written before the kill was journaled (at most the one
    // renamed just before the kill is converted again).
    assert!(
        unchanged + 1 >= done_before && unchanged <= done_before,
        "{unchanged} unchanged, {done_before} done before"
    );
    assert!(
        files_named(&out_dir, ".tmp-").is_empty(),
        "stale temporary files are removed: {:?}",
        files_named(&out_dir, ".tmp-")
    );
    // The same outputs as an uninterrupted run.
    let fresh = scratch("resume-fresh");
    let out = kehoach(&["convert", "-q", "-o", fresh.to_str().unwrap(), input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    for i in [0, 20, 39] {
        let name = format!("{i:04}.txt.json");
        assert!(std::fs::read(out_dir.join(&name)).unwrap() == std::fs::read(fresh.join(&name)).unwrap(), "{name}");
    }
}

/// A worker that crashes (here: out of memory under a small limit) fails
/// its file alone, named on stderr and in the report; the others convert.
#[test]
fn a_crashing_file_fails_alone() {
    let input = scratch("crash-in");
    std::fs::copy(root().join("fixtures/seeds/002_ddd63cb72f6035f4.txt"), input.join("a.txt")).unwrap();
    std::fs::copy(root().join("fixtures/seeds/000_546985720e17fb0b.txt"), input.join("c.txt")).unwrap();
    // A 200 MiB text file cannot even be read under a 256 MiB limit.
    let huge = "x".repeat(200 << 20);
    std::fs::write(input.join("b.txt"), format!("{huge}\n")).unwrap();
    let out_dir = scratch("crash-out");
    let out = kehoach(&[
        "convert",
        "-q",
        "-j",
        "1",
        "--max-memory",
        "256M",
        "-o",
        out_dir.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let report = report(&out_dir);
    let b = entry(&report, "b.txt");
    assert_eq!(b["status"], "failed");
    assert!(b["error"].as_str().unwrap().contains("ran out of memory (limit 256 MiB"), "{b}");
    assert!(err.contains("b.txt: the text reader ran out of memory"), "{err}");
    assert!(entry(&report, "a.txt")["status"].as_str().unwrap().starts_with("ok"));
    assert!(entry(&report, "c.txt")["status"].as_str().unwrap().starts_with("ok"));
}

#[test]
fn small_points_of_the_command_line() {
    // An empty list is an empty, successful run.
    let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["convert", "--stdin-list", "-f", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    // Infinite or negative time limits are usage errors.
    for bad in ["inf", "-1", "NaN", "0"] {
        let out = kehoach(&["convert", &format!("--timeout={bad}"), "fixtures/seeds/000_546985720e17fb0b.txt"]);
        assert_eq!(out.status.code(), Some(2), "--timeout {bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--timeout"));
    }
    let out = kehoach(&["convert", "--max-memory", "lots", "fixtures/seeds/000_546985720e17fb0b.txt"]);
    assert_eq!(out.status.code(), Some(2));
}

/// A batch killed with `kill -9` takes its workers' children with it (here
/// a stand-in for LibreOffice that would sleep for ever) and their
/// temporary files: the worker is told by `PR_SET_PDEATHSIG`, kills its
/// process group and removes its folder.
#[cfg(target_os = "linux")]
#[test]
fn a_killed_batch_leaves_no_child_and_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("orphans");
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let pid_file = dir.join("child.pid");
    let fake = dir.join("fake-soffice");
    std::fs::write(
        &fake,
        format!("#!/bin/sh\necho big > \"$TMPDIR/scratch.png\"\necho $$ > '{}'\nexec sleep 600\n", pid_file.display()),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let input = dir.join("plan.rtf");
    std::fs::write(&input, "{\\rtf1 K\\'e9 ho\\'e1ch}").unwrap();
    let out_dir = dir.join("out");
    let mut batch = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["convert", "-q", "-o", out_dir.to_str().unwrap(), input.to_str().unwrap()])
        .env("KEHOACH_SOFFICE", &fake)
        .env("TMPDIR", &tmp)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let child_pid = loop {
        if let Some(pid) = std::fs::read_to_string(&pid_file).ok().and_then(|t| t.trim().parse::<i32>().ok()) {
            break pid;
        }
        assert!(started.elapsed().as_secs() < 60, "the stand-in for LibreOffice never started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let leftovers = |dir: &Path| files_named(dir, "scratch.png");
    assert!(!leftovers(&tmp).is_empty(), "the child wrote into its worker's folder");
    batch.kill().unwrap();
    batch.wait().unwrap();
    let gone = |pid: i32| {
        // A zombie (reaped by init later) counts as gone.
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map_or(true, |stat| stat.rsplit(") ").next().is_some_and(|s| s.starts_with('Z')))
    };
    let started = std::time::Instant::now();
    while !(gone(child_pid) && leftovers(&tmp).is_empty()) && started.elapsed().as_secs() < 10 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(gone(child_pid), "the worker's child {child_pid} outlived the killed batch");
    assert!(leftovers(&tmp).is_empty(), "temporary files left: {:?}", leftovers(&tmp));
}

/// kehoach's own record CSV written into the folder being converted
/// (`convert --format csv DIR > DIR/records.csv`, or re-saved by Excel with
/// ";") is skipped on the next run with the reason, never read as a plan:
/// the second run gives the first run's records. A plan's CSV beside it is
/// read.
#[test]
fn own_record_csv_in_the_folder_is_not_read_again() {
    let input = scratch("own-csv-in");
    std::fs::copy(root().join("fixtures/samples/002-tasks.xlsx"), input.join("002-tasks.xlsx")).unwrap();
    std::fs::copy(root().join("fixtures/csv/002-tasks.excel-vn.csv"), input.join("plan.csv")).unwrap();
    let run = || {
        let out = kehoach(&["convert", "-q", "--format", "csv", input.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let first = run();
    std::fs::write(input.join("records.csv"), &first).unwrap();
    // The same records as Excel saves them again on a Vietnamese locale.
    let text = String::from_utf8(first[3..].to_vec()).unwrap();
    std::fs::write(input.join("records-excel.csv"), text.replace("\",\"", "\";\"").replace(",\"", ";\"")).unwrap();
    assert_eq!(run(), first, "the second run reads neither records file");
    let jsonl = kehoach(&["convert", "-q", "--format", "jsonl", input.to_str().unwrap()]);
    assert_eq!(String::from_utf8_lossy(&jsonl.stdout).lines().count(), 2 * 44, "the workbook's and the plan CSV's");
    let out_dir = scratch("own-csv-out");
    let out = kehoach(&["convert", "-q", "-o", out_dir.to_str().unwrap(), input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let report = report(&out_dir);
    for name in ["records.csv", "records-excel.csv"] {
        let line = entry(&report, name);
        assert_eq!(line["status"], "skipped", "{line}");
        assert!(line["error"].as_str().unwrap().contains("kehoach's own record output"), "{line}");
    }
    assert!(entry(&report, "plan.csv")["status"].as_str().unwrap().starts_with("ok"));
    // Named on the command line, it is skipped too.
    let out = kehoach(&["convert", "--format", "jsonl", input.join("records.csv").to_str().unwrap()]);
    assert!(out.stdout.is_empty() && String::from_utf8_lossy(&out.stderr).contains("own record output"));
}
