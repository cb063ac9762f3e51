//! The `kehoach` binary: formats, errors, exit codes, output tree, determinism.

use crate::util::{kehoach, root, scratch};
use std::path::Path;
use std::process::Output;

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 stderr")
}

const SEED: &str = "fixtures/seeds/000_546985720e17fb0b.txt";

fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path.display().to_string());
        }
    }
    out.sort();
    out
}

#[test]
fn one_file_to_stdout_is_the_canonical_json() {
    let out = kehoach(&["convert", SEED]);
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = kehoach_normalize::to_json(&crate::util::convert(&root().join(SEED)));
    assert_eq!(stdout(&out), expected);
    assert_eq!(stderr(&out), "");
}

#[test]
fn jsonl_and_csv_carry_the_same_records() {
    let jsonl = stdout(&kehoach(&["convert", "--format", "jsonl", SEED]));
    let csv_out = kehoach(&["convert", "--format", "csv", SEED]);
    assert!(csv_out.status.success());
    let csv_text = stdout(&csv_out);
    let csv_text = csv_text.strip_prefix('\u{feff}').expect("a UTF-8 byte order mark");
    let mut reader = csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers.iter().collect::<Vec<_>>(), &kehoach_normalize::COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let records: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), records.len());
    assert!(records.len() > 100);
    for (row, record) in rows.iter().zip(&records) {
        for (i, key) in kehoach_normalize::COLUMNS.iter().enumerate() {
            let value = match &record[key] {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(items) => {
                    items.iter().map(|v| v.as_str().unwrap()).collect::<Vec<_>>().join("; ")
                }
                serde_json::Value::Number(n) => n.to_string().trim_end_matches(".0").to_string(),
                other => other.to_string(),
            };
            assert_eq!(row.get(i).unwrap(), value, "column {key}");
        }
    }
}

#[test]
fn output_directory_mirrors_inputs_and_ignores_job_count() {
    let input = scratch("mirror-in");
    std::fs::create_dir_all(input.join("2024/sub")).unwrap();
    for (i, seed) in crate::util::seeds().iter().enumerate() {
        let name = seed.file_name().unwrap();
        let target = if i % 2 == 0 { input.join("2024/sub").join(name) } else { input.join(name) };
        std::fs::copy(seed, target).unwrap();
    }
    std::fs::write(input.join("notes.bin"), b"\0\0").unwrap(); // not a supported name: skipped
    let one = scratch("mirror-out-1");
    let four = scratch("mirror-out-4");
    for (dir, jobs) in [(&one, "1"), (&four, "4")] {
        let out = kehoach(&["convert", "-o", dir.to_str().unwrap(), "--jobs", jobs, input.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("converted 5 of 6 input(s), 0 failed"), "{err}");
        assert!(err.contains("1 skipped") && err.contains("notes.bin: .bin is not a format kehoach reads"), "{err}");
    }
    let listed: Vec<String> = files_under(&one)
        .iter()
        .map(|p| p.strip_prefix(one.to_str().unwrap()).unwrap().to_string())
        .filter(|p| p != "/_report.jsonl")
        .collect();
    assert_eq!(
        listed,
        [
            "/001_a4ffcc6e1ad3a5f9.txt.json",
            "/003_4e8a737463cde151.txt.json",
            "/2024/sub/000_546985720e17fb0b.txt.json",
            "/2024/sub/002_ddd63cb72f6035f4.txt.json",
            "/2024/sub/004_81dc5ac12a8b2fdd.txt.json",
        ]
    );
    for file in &listed {
        let a = std::fs::read(format!("{}{file}", one.display())).unwrap();
        let b = std::fs::read(format!("{}{file}", four.display())).unwrap();
        assert!(a == b, "{file} differs between --jobs 1 and --jobs 4");
    }
}

#[test]
fn a_bad_file_fails_alone_with_its_name_and_reason() {
    let dir = scratch("bad-input");
    let bad = dir.join("legacy.txt");
    // Not UTF-8, and no legacy Vietnamese encoding reads it as Vietnamese.
    std::fs::write(&bad, b"\x80\x81 abc \x82\x83\xfe\xff").unwrap();
    let out = kehoach(&["convert", "--format", "jsonl", SEED, bad.to_str().unwrap(), "missing.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}: not valid UTF-8", bad.display())), "{err}");
    assert!(err.contains("missing.txt: cannot read"), "{err}");
    assert!(err.contains("converted 1 of 3 input(s), 2 failed"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // The good file was still converted.
    assert!(stdout(&out).lines().count() > 100);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(kehoach(&["convert"]).status.code(), Some(2));
    assert_eq!(kehoach(&["convert", "--format", "xml", SEED]).status.code(), Some(2));
    let out = kehoach(&["convert", "fixtures/seeds"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("use -o DIR"), "{}", stderr(&out));
}

#[test]
fn help_explains_formats_and_shows_an_example() {
    let out = kehoach(&["convert", "--help"]);
    assert!(out.status.success());
    let help = stdout(&out);
    for needle in ["jsonl", "csv", "kehoach convert fixtures/seeds/000_546985720e17fb0b.txt", "Exit status"] {
        assert!(help.contains(needle), "--help lacks {needle:?}:\n{help}");
    }
}

#[test]
fn schema_command_prints_the_checked_in_schema() {
    let out = kehoach(&["schema"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), kehoach_normalize::schema());
}

#[test]
fn office_files_in_a_directory_are_found_and_kept_apart() {
    let input = scratch("office-in");
    for name in ["features.docx", "features.xlsx", "features.xls", "features.ods"] {
        std::fs::copy(root().join("fixtures/office").join(name), input.join(name)).unwrap();
    }
    std::fs::write(input.join("old.rtf"), b"{\\rtf1 legacy}").unwrap();
    let out_dir = scratch("office-out");
    // Without LibreOffice (whether or not this machine has it), an RTF
    // file fails alone with the install hint (a .doc is read natively).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["convert", "-o", out_dir.to_str().unwrap(), input.to_str().unwrap()])
        .env("KEHOACH_SOFFICE", "/nonexistent/soffice")
        .output()
        .expect("kehoach runs");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("old.rtf: RTF file: LibreOffice is needed"), "{err}");
    assert!(err.contains("apt-get install libreoffice-writer-nogui"), "{err}");
    assert!(err.contains("converted 4 of 5"), "{err}");
    let listed: Vec<String> =
        files_under(&out_dir).iter().map(|p| p.strip_prefix(out_dir.to_str().unwrap()).unwrap().to_string()).collect();
    assert_eq!(
        listed,
        ["/_report.jsonl", "/features.docx.json", "/features.ods.json", "/features.xls.json", "/features.xlsx.json"]
    );
    let xlsx: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("features.xlsx.json")).unwrap()).unwrap();
    assert_eq!(xlsx["source"]["format"], "xlsx");
    assert_eq!(xlsx["tables"].as_array().map(Vec::len), Some(3));
}

#[test]
fn blocks_shows_what_the_reader_sees() {
    let out = kehoach(&["blocks", "fixtures/office/features.xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(doc["source"]["format"], "xlsx");
    let first = &doc["blocks"][0];
    assert_eq!(first["block"], "paragraph");
    assert_eq!(first["location"]["cell"], "A1");
    let out = kehoach(&["blocks", "fixtures/hostile/bomb.docx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bomb.docx: damaged or unreadable DOCX file"), "{}", stderr(&out));
}

/// Issue 4: repairs (look-alike letters, broken diacritics) are made and
/// recorded with the original; --no-repair leaves the text as read.
#[test]
fn text_repairs_are_recorded_and_can_be_turned_off() {
    let out = kehoach(&["convert", SEED]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let repairs: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == kehoach_extract::Code::TextRepair.as_str())
        .collect();
    let look_alike =
        repairs.iter().find(|r| r["message"].as_str().unwrap().contains("\"топ\" → \"top\"")).expect("топ");
    assert_eq!(look_alike["location"]["line"], 18);
    let kip = repairs.iter().find(|r| r["message"].as_str().unwrap().contains("\"kip\" → \"kịp\"")).expect("kip");
    assert!(kip["message"].as_str().unwrap().starts_with("broken diacritics"));
    assert!(stdout(&out).contains("kịp thời") && !stdout(&out).contains("kip thời"));
    let text = stdout(&out);
    assert!(text.contains("nằm trong top 06"));
    let raw = kehoach(&["convert", "--no-repair", SEED]);
    let raw_text = stdout(&raw);
    assert!(
        raw_text.contains("nằm trong топ 06") && raw_text.contains("kip thời") && !raw_text.contains("text-repair")
    );
}

/// One tone-placement convention, chosen with --tone-style: "hủy" (old,
/// the default) or "huỷ" (new), or as printed.
#[test]
fn tone_style_is_configurable() {
    let seed = "fixtures/seeds/003_4e8a737463cde151.txt";
    let old = stdout(&kehoach(&["convert", seed]));
    assert!(old.contains("hủy bỏ") && !old.contains("\"huỷ bỏ") && old.contains("tone placement (old style)"));
    let new = stdout(&kehoach(&["convert", "--tone-style", "new", seed]));
    assert!(new.contains("huỷ bỏ") && new.contains("số hoá") && !new.contains("số hóa"));
    assert!(new.contains("Quý"), "\"Quý\": the u belongs to qu");
    let printed = stdout(&kehoach(&["convert", "--tone-style", "as-printed", seed]));
    assert!(printed.contains("huỷ bỏ") && printed.contains("số hóa") && !printed.contains("tone placement"));
}
