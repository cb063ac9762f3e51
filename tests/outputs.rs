//! What leaves kehoach: the flat-record contract and its schemas, CSV that
//! spreadsheets open right, XLSX read back cell by cell, single-file
//! outputs, standard input, and honest summaries.

use crate::util::{blessing, convert, kehoach, root, scratch};
use calamine::{Data, Reader};
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

const SEED: &str = "fixtures/seeds/000_546985720e17fb0b.txt";

fn jsonl_records(path: &str) -> Vec<Value> {
    let out = kehoach(&["convert", "--format", "jsonl", path]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn validator(schema: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(schema).expect("schema parses");
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

fn checked_in(generated: &str, name: &str, command: &str) {
    let path = root().join("schema").join(name);
    if blessing() {
        std::fs::write(&path, generated).expect("write schema");
        return;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("schema/{name} exists"));
    assert!(
        text == generated,
        "schema/{name} is out of date with the types; regenerate with `cargo run -- {command} > schema/{name}` \
         and review the change"
    );
}

#[test]
fn checked_in_flat_and_report_schemas_match_the_types() {
    checked_in(&kehoach_normalize::flat_schema(), "flat.schema.json", "schema --flat");
    let out = kehoach(&["schema", "--report"]);
    assert!(out.status.success());
    checked_in(&String::from_utf8(out.stdout).unwrap(), "report.schema.json", "schema --report");
    let out = kehoach(&["schema", "--flat"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), kehoach_normalize::flat_schema());
}

/// Every record of every fixture has exactly the contract's keys, in order,
/// and validates against the flat schema; the schema rejects a record with
/// a key too many, a key missing, or a wrong type. (The expected records
/// are read: `fixtures::` checks they are what kehoach writes.)
#[test]
fn every_record_keeps_the_flat_contract() {
    let validator = validator(&kehoach_normalize::flat_schema());
    let mut total = 0;
    for input in crate::util::all_fixtures() {
        let name = input.file_name().unwrap().to_string_lossy();
        let path = root().join("fixtures/expected").join(format!("{name}.jsonl"));
        let records = std::fs::read_to_string(&path).unwrap();
        for text in records.lines() {
            let value: Value = serde_json::from_str(text).unwrap();
            let record: kehoach_normalize::FlatRecord = serde_json::from_value(value.clone()).expect("a FlatRecord");
            assert_eq!(serde_json::to_string(&record).unwrap(), text, "round trip");
            let keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
            let mut in_order: Vec<usize> =
                kehoach_normalize::COLUMNS.iter().map(|k| text.find(&format!("\"{k}\":")).unwrap()).collect();
            assert_eq!(keys.len(), kehoach_normalize::COLUMNS.len(), "{}: {text}", input.display());
            let sorted = in_order.clone();
            in_order.sort_unstable();
            assert_eq!(in_order, sorted, "keys in contract order: {text}");
            let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", input.display());
        }
        total += records.lines().count();
    }
    assert!(total > 1000, "{total} records");
    let good = serde_json::to_value(&kehoach_normalize::flat_records(&convert(&root().join(SEED)))[0]).unwrap();
    assert!(validator.is_valid(&good));
    let mut extra_key = good.clone();
    extra_key["Thời gian thực hiện"] = "x".into();
    assert!(!validator.is_valid(&extra_key), "unknown columns belong in `extra`, not at the top");
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("note");
    assert!(!validator.is_valid(&missing), "every key is always present");
    let mut wrong = good;
    wrong["lead_list"] = "Sở Nội vụ".into();
    assert!(!validator.is_valid(&wrong));
}

/// Source columns kehoach does not map go into `extra`, not new keys (seed
/// 003's review table has two such columns).
#[test]
fn unknown_columns_go_into_extra() {
    let records = jsonl_records("fixtures/seeds/003_4e8a737463cde151.txt");
    let with_extra: Vec<&Value> =
        records.iter().filter(|r| r["extra"].as_object().is_some_and(|e| !e.is_empty())).collect();
    assert!(!with_extra.is_empty());
    assert!(with_extra.iter().any(|r| r["extra"].get("Thời gian thực hiện rà soát: Bắt đầu").is_some()));
    for r in &records {
        assert_eq!(r.as_object().unwrap().len(), kehoach_normalize::COLUMNS.len());
    }
}

/// A real batch report validates against the report schema.
#[test]
fn report_lines_validate_against_the_report_schema() {
    let out_dir = scratch("outputs-report");
    let out = kehoach(&["convert", "-q", "-o", out_dir.to_str().unwrap(), "fixtures/broken", SEED]);
    assert_eq!(out.status.code(), Some(1));
    let schema = String::from_utf8(kehoach(&["schema", "--report"]).stdout).unwrap();
    let validator = validator(&schema);
    let report = std::fs::read_to_string(out_dir.join("_report.jsonl")).unwrap();
    let mut statuses = std::collections::BTreeSet::new();
    for line in report.lines() {
        let value: Value = serde_json::from_str(line).unwrap();
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{line}: {errors:?}");
        statuses.insert(value["status"].as_str().unwrap().to_string());
    }
    // The empty text file converts without a plan table: no-plan.
    assert!(statuses.contains("failed") && statuses.contains("no-plan"), "{statuses:?}");
    let mut bad: Value = serde_json::from_str(report.lines().next().unwrap()).unwrap();
    bad["status"] = "fine".into();
    assert!(!validator.is_valid(&bad));
}

/// The CSV starts with a UTF-8 byte order mark (spreadsheets then read it as
/// UTF-8), has the contract's header whatever the input, and keeps ids as
/// printed; --csv-bom=false leaves the mark out.
#[test]
fn csv_has_a_bom_and_a_fixed_header() {
    let out = kehoach(&["convert", "--format", "csv", SEED]);
    assert!(out.status.success());
    assert!(out.stdout.starts_with(kehoach_normalize::UTF8_BOM));
    let text = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), kehoach_normalize::COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let activity = kehoach_normalize::COLUMNS.iter().position(|c| *c == "activity_id").unwrap();
    assert!(rows.iter().any(|r| &r[activity] == "3.10"), "ids stay as printed");
    // The same header for a spreadsheet with unmapped columns.
    let other = kehoach(&["convert", "--format", "csv", "--csv-bom=false", "fixtures/office/features.xlsx"]);
    assert!(!other.stdout.starts_with(kehoach_normalize::UTF8_BOM));
    let first = String::from_utf8(other.stdout).unwrap().lines().next().unwrap().to_string();
    let quoted: Vec<String> = kehoach_normalize::COLUMNS.iter().map(|c| format!("\"{c}\"")).collect();
    assert_eq!(first, quoted.join(","));
}

/// The README's LibreOffice import string gives every column of the
/// contract its type (ids and texts text, numbers and booleans US English,
/// ISO dates as dates: `tests/spreadsheets/libreoffice.py` measured it), so
/// it must follow the columns.
#[test]
fn readme_libreoffice_import_string_follows_the_contract() {
    let schema: Value = serde_json::from_str(&kehoach_normalize::flat_schema()).unwrap();
    let probe = kehoach_normalize::FlatRecord {
        deadline_start: Some("2024-01-01".into()),
        deadline_end: Some("2024-01-31".into()),
        ..Default::default()
    };
    let values = probe.values();
    let types: Vec<String> = kehoach_normalize::COLUMNS
        .iter()
        .zip(&values)
        .enumerate()
        .map(|(i, (name, value))| {
            let json_types = &schema["properties"][name]["type"];
            let numeric = ["number", "integer", "boolean"]
                .iter()
                .any(|t| json_types == t || json_types.as_array().is_some_and(|a| a.iter().any(|x| x == t)));
            let kind = match value {
                kehoach_normalize::FlatValue::Date(_) => 5,
                _ if numeric => 10,
                _ => 2,
            };
            format!("{}/{kind}", i + 1)
        })
        .collect();
    let filter = format!("--infilter=\"Text - txt - csv (StarCalc):44,34,76,1,{},0,false,false\"", types.join("/"));
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains(&filter), "the README's import string is out of date; it should be\n{filter}");
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

/// One workbook of the samples: every record, ids as text, dates as dates,
/// Vietnamese intact, read back with calamine; with a documents and a
/// diagnostics sheet.
#[test]
fn xlsx_reads_back_with_typed_cells() {
    let dir = scratch("outputs-xlsx");
    let book_path = dir.join("samples.xlsx");
    let out = kehoach(&[
        "convert",
        "-q",
        "--format",
        "xlsx",
        "-o",
        book_path.to_str().unwrap(),
        SEED,
        "fixtures/samples/002-tasks.docx",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, ["samples.xlsx"], "one file, no temporary left");
    let mut expected = jsonl_records(SEED);
    expected.extend(jsonl_records("fixtures/samples/002-tasks.docx"));

    let mut book = calamine::open_workbook_auto(&book_path).expect("calamine opens it");
    assert_eq!(book.sheet_names(), ["records", "documents", "diagnostics"]);
    let records = book.worksheet_range("records").unwrap();
    let rows: Vec<&[Data]> = records.rows().collect();
    let header: Vec<String> = rows[0].iter().map(cell_text).collect();
    assert_eq!(header, kehoach_normalize::COLUMNS);
    assert_eq!(rows.len() - 1, expected.len());
    let col = |name: &str| kehoach_normalize::COLUMNS.iter().position(|c| *c == name).unwrap();
    let mut ids_checked = 0;
    for (row, record) in rows[1..].iter().zip(&expected) {
        for key in ["doc", "section", "target", "task_id", "task", "activity_id", "activity", "lead", "deadline"] {
            let cell = &row[col(key)];
            match &record[key] {
                Value::Null => assert_eq!(cell, &Data::Empty, "{key}"),
                Value::String(s) => {
                    assert_eq!(cell, &Data::String(s.clone()), "{key} is text, Vietnamese intact");
                    ids_checked += usize::from(key.ends_with("_id"));
                }
                other => panic!("{key}: {other}"),
            }
        }
        assert_eq!(row[col("table")], Data::Float(record["table"].as_f64().unwrap()), "numbers are numbers");
        match record["deadline_end"].as_str() {
            Some(iso) => {
                let Data::DateTime(date) = &row[col("deadline_end")] else {
                    panic!("deadline_end is a date: {:?}", row[col("deadline_end")])
                };
                let day = date.as_datetime().expect("a date").date();
                assert_eq!(day.to_string(), iso);
            }
            None => assert_eq!(row[col("deadline_end")], Data::Empty),
        }
        let joined = record["lead_list"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect::<Vec<_>>();
        assert_eq!(cell_text(&row[col("lead_list")]), joined.join("; "));
    }
    assert!(ids_checked > 100);
    assert!(rows[1..].iter().any(|r| r[col("activity_id")] == Data::String("3.10".into())), "3.10 stays 3.10");

    let documents = book.worksheet_range("documents").unwrap();
    assert_eq!(documents.rows().count(), 3, "a header and one row per input");
    let diagnostics = book.worksheet_range("diagnostics").unwrap();
    assert!(diagnostics.rows().count() > 2);
    assert!(diagnostics.rows().skip(1).any(|r| r[1] == Data::String("warning".into())));
}

/// With -o FILE of the format's extension, one file holds every record; a
/// name of another output format is refused instead of becoming a folder.
#[test]
fn single_file_outputs_and_mismatched_names() {
    let dir = scratch("outputs-single");
    let all = dir.join("all.jsonl");
    let seeds = ["fixtures/seeds/002_ddd63cb72f6035f4.txt", "fixtures/seeds/003_4e8a737463cde151.txt"];
    let out = kehoach(&["convert", "-q", "-f", "jsonl", "-o", all.to_str().unwrap(), seeds[0], seeds[1]]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(all.is_file());
    let lines = std::fs::read_to_string(&all).unwrap().lines().count();
    assert_eq!(lines, jsonl_records(seeds[0]).len() + jsonl_records(seeds[1]).len());
    let csv = dir.join("all.csv");
    let out = kehoach(&["convert", "-q", "-f", "csv", "-o", csv.to_str().unwrap(), seeds[0], seeds[1]]);
    assert!(out.status.success());
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(kehoach_normalize::UTF8_BOM));
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), kehoach_normalize::COLUMNS, "one header");
    assert_eq!(reader.records().count(), lines);
    // -o DIR with xlsx: one workbook per input, with its diagnostics.
    let books = dir.join("books");
    let out = kehoach(&["convert", "-q", "-f", "xlsx", "-o", books.to_str().unwrap(), seeds[0]]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut book = calamine::open_workbook_auto(books.join("002_ddd63cb72f6035f4.txt.xlsx")).expect("a workbook");
    assert_eq!(book.sheet_names(), ["records", "diagnostics"]);
    assert_eq!(book.worksheet_range("records").unwrap().rows().count(), jsonl_records(seeds[0]).len() + 1);
    let wrong = dir.join("comb.jsonl");
    let out = kehoach(&["convert", "-f", "csv", "-o", wrong.to_str().unwrap(), seeds[0]]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format jsonl"));
    assert!(!wrong.exists(), "no folder made");
    let out = kehoach(&["convert", "-f", "xlsx", seeds[0]]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o FILE.xlsx"));
}

/// `-` reads the document from standard input.
#[test]
fn dash_reads_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["convert", "-f", "jsonl", "-"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(root().join("fixtures/samples/002-tasks.docx")).unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let from_stdin: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let from_file = jsonl_records("fixtures/samples/002-tasks.docx");
    assert_eq!(from_stdin.len(), from_file.len());
    for (mut a, mut b) in from_stdin.into_iter().zip(from_file) {
        assert_eq!((&a["doc"], &a["file"]), (&"stdin".into(), &"stdin".into()));
        for key in ["doc", "file"] {
            a.as_object_mut().unwrap().remove(key);
            b.as_object_mut().unwrap().remove(key);
        }
        assert_eq!(a, b);
    }
}

/// `kehoach check fixtures` as a newcomer types it: every document with an
/// expectation (flat `fixtures/expected/`) is scored and perfect, the
/// inputs without one are listed apart, unconverted; exit 0.
#[test]
fn check_fixtures_tells_the_truth() {
    let out = kehoach(&["check", "fixtures"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}{}", String::from_utf8_lossy(&out.stderr));
    let scored = crate::util::all_fixtures().len();
    let total = text.lines().find(|l| l.starts_with("TOTAL")).expect("a TOTAL line");
    assert!(total.starts_with(&format!("TOTAL ({scored} scored)")), "{total}");
    assert!(total.ends_with("1.000  1.000   1.000  1.000"), "{total}");
    assert!(!text.contains("ERROR"), "{text}");
    assert!(text.contains("input(s) without an expected output, not converted"), "{text}");
    assert!(text.contains("fixtures/broken/garbage.txt"), "{text}");
    // A set where conversion fails: errors apart, not in the total.
    let dir = scratch("outputs-check");
    let expected = dir.join("expected");
    std::fs::create_dir_all(&expected).unwrap();
    std::fs::copy(root().join("fixtures/broken/garbage.txt"), dir.join("garbage.txt")).unwrap();
    std::fs::write(expected.join("garbage.txt.json"), "{}").unwrap();
    std::fs::copy(root().join("fixtures/seeds/002_ddd63cb72f6035f4.txt"), dir.join("002.txt")).unwrap();
    std::fs::copy(root().join("fixtures/expected/002_ddd63cb72f6035f4.txt.json"), expected.join("002.txt.json"))
        .unwrap();
    let out = kehoach(&["check", dir.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "an error fails the check: {text}");
    assert!(text.contains("TOTAL (1 scored, 1 errored)"), "{text}");
    assert!(text.lines().any(|l| l.contains("garbage.txt") && l.contains("ERROR")), "{text}");
}

/// `check --update` writes the canonical JSON, the records and the blocks
/// in one command.
#[test]
fn check_update_writes_every_kind() {
    let dir = scratch("outputs-update");
    std::fs::copy(root().join("fixtures/office/tiny.docx"), dir.join("tiny.docx")).unwrap();
    std::fs::copy(root().join("fixtures/seeds/002_ddd63cb72f6035f4.txt"), dir.join("002.txt")).unwrap();
    let out = kehoach(&["check", "--update", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for name in ["tiny.docx.json", "tiny.docx.jsonl", "tiny.docx.blocks.json", "002.txt.json", "002.txt.jsonl"] {
        assert!(dir.join("expected").join(name).is_file(), "{name}");
    }
    assert!(!dir.join("expected/002.txt.blocks.json").exists(), "no blocks for plain text");
    let blocks = std::fs::read_to_string(dir.join("expected/tiny.docx.blocks.json")).unwrap();
    assert_eq!(blocks, std::fs::read_to_string(root().join("fixtures/expected/tiny.docx.blocks.json")).unwrap());
    assert_eq!(kehoach(&["check", dir.to_str().unwrap()]).status.code(), Some(0));
}

/// `diff --format json` gives values as JSON (lists stay lists), and the
/// text form has no colour codes when NO_COLOR is set or not a terminal.
#[test]
fn diff_json_is_real_json() {
    let dir = scratch("outputs-diff");
    let a =
        r#"{"doc":"a.txt","table":0,"section":"I","task_id":"1","task":"X","lead":"A","lead_list":["A"],"extra":{}}"#;
    let b = r#"{"doc":"a.txt","table":0,"section":"I","task_id":"1","task":"X","lead":"B","lead_list":["B","C"],"extra":{"h":"v"}}"#;
    std::fs::write(dir.join("a.jsonl"), format!("{a}\n")).unwrap();
    std::fs::write(dir.join("b.jsonl"), format!("{b}\n")).unwrap();
    let out =
        kehoach(&["diff", "-f", "json", dir.join("a.jsonl").to_str().unwrap(), dir.join("b.jsonl").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = json["changed"][0]["changes"].as_array().unwrap();
    let field = |name: &str| changes.iter().find(|c| c["field"] == name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(field("lead_list")["actual"], serde_json::json!(["B", "C"]));
    assert_eq!(field("extra")["actual"], serde_json::json!({"h": "v"}));
    let text = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["diff", dir.join("a.jsonl").to_str().unwrap(), dir.join("b.jsonl").to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("lead_list: ") && text.contains("lead: \"A\" → \"B\""), "{text}");
    assert!(!text.contains('\x1b'));
}

/// The summary gives a rate only when it means something.
#[test]
fn no_rate_for_a_single_failed_file() {
    let dir = scratch("outputs-rate");
    let out =
        kehoach(&["convert", "-o", dir.to_str().unwrap(), "fixtures/broken/garbage.txt", "fixtures/broken/empty.txt"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("converted 1 of 2 input(s), 1 failed"), "{err}");
    assert!(!err.contains("files/s"), "{err}");
}

/// Help texts name the same input formats.
#[test]
fn help_texts_list_the_same_formats() {
    let convert = String::from_utf8(kehoach(&["convert", "--help"]).stdout).unwrap();
    let blocks = String::from_utf8(kehoach(&["blocks", "--help"]).stdout).unwrap();
    let check = String::from_utf8(kehoach(&["check", "--help"]).stdout).unwrap();
    let named = |help: &str, ext: &str| {
        help.match_indices(ext).any(|(i, _)| !help[i + ext.len()..].starts_with(|c: char| c.is_ascii_alphanumeric()))
    };
    for ext in kehoach_extract::INPUT_EXTENSIONS {
        assert!(named(&convert, ext), "convert --help names {ext}");
        assert!(named(&blocks, ext), "blocks --help names {ext}");
    }
    assert!(check.contains("any format kehoach converts"));
    // The messages for a file kehoach does not read name every format too.
    let dir = scratch("outputs-formats");
    std::fs::write(dir.join("x.bin"), [0u8, 1, 2, 3, 0xFF, 0xFE, 0, 0, 7, 9]).unwrap();
    let err = String::from_utf8(kehoach(&["convert", dir.join("x.bin").to_str().unwrap()]).stderr).unwrap();
    let skipped = String::from_utf8(kehoach(&["convert", "-f", "jsonl", dir.to_str().unwrap()]).stderr).unwrap();
    for message in [&err, &skipped] {
        for format in
            ["text", "HTML", "DOCX", "ODT", "XLSX", "XLS", "ODS", "PDF", "PNG", "JPEG", "TIFF", "DOC", "RTF", "WPS"]
        {
            assert!(message.contains(format), "{format} in: {message}");
        }
    }
}
