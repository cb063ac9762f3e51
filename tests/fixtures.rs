//! Whole-output fixture tests, run through `kehoach-quality`'s fixture
//! check (the same as `kehoach check fixtures/seeds fixtures/office
//! fixtures/samples --expected fixtures/expected`): every input's canonical
//! JSON must score 1 item for item and equal its expected file byte for
//! byte; its JSONL records and, for office files, its extracted blocks must
//! equal theirs. A failure prints the check table, the changed items and
//! fields, and the differing JSON paths. Re-bless with `kehoach check
//! --update …` or `KEHOACH_BLESS=1 cargo test --test tests` after an
//! intended change, then review `git diff fixtures/expected`.

use crate::util::{all_fixtures, blessing, convert, convert_whole, json_diff, office_fixtures, root};
use std::path::PathBuf;

/// `fixtures/expected/<file name>.<ext>` (`000_….txt.json`,
/// `features.docx.json`): the naming convention of `kehoach check`.
fn expected_path(input: &std::path::Path, ext: &str) -> PathBuf {
    let name = input.file_name().expect("file name").to_string_lossy();
    root().join("fixtures/expected").join(format!("{name}.{ext}"))
}

/// The fixture pairs of the three fixture directories, by the check's
/// naming convention.
fn fixture_pairs() -> Vec<kehoach_quality::Pair> {
    let expected = root().join("fixtures/expected");
    let mut pairs = Vec::new();
    for dir in ["fixtures/seeds", "fixtures/office", "fixtures/samples"] {
        pairs.extend(kehoach_quality::pairs(&root().join(dir), Some(&expected)).expect("fixture directory"));
    }
    assert_eq!(pairs.len(), all_fixtures().len(), "every fixture is paired");
    pairs
}

/// Compares `actual` with the expected file, or rewrites it when blessing.
/// Returns a description of the differences.
fn check(path: &PathBuf, actual: &str, describe: impl Fn(&str, &str) -> Vec<String>) -> Option<String> {
    if blessing() {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create fixtures/expected");
        std::fs::write(path, actual).expect("write expected output");
        return None;
    }
    let expected = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(_) => return Some(format!("{}: missing; run KEHOACH_BLESS=1 cargo test --test tests", path.display())),
    };
    if expected == actual {
        return None;
    }
    let mut lines = describe(&expected, actual);
    if lines.is_empty() {
        lines.push("(formatting differs; the values are equal)".to_string());
    }
    Some(format!("{} differs from the actual output:\n  {}", path.display(), lines.join("\n  ")))
}

#[test]
fn fixtures_match_expected_canonical_json() {
    let pairs = fixture_pairs();
    if blessing() {
        for pair in &pairs {
            check(&pair.expected, &kehoach_normalize::to_json(&convert(&pair.input)), |_, _| Vec::new());
        }
        return;
    }
    let outcomes: Vec<kehoach_quality::Outcome> = pairs
        .iter()
        .map(|pair| kehoach_quality::check(pair, Ok(kehoach_normalize::to_json(&convert(&pair.input)))))
        .collect();
    let failing: Vec<&kehoach_quality::Outcome> = outcomes.iter().filter(|o| !o.exact || o.score() < 1.0).collect();
    if failing.is_empty() {
        return;
    }
    let mut report = kehoach_quality::render_table(&outcomes, 1.0);
    for o in failing {
        report.push_str(&format!("\n{}:\n", o.pair.input.display()));
        if let Some(error) = &o.error {
            report.push_str(&format!("  {error}\n"));
        }
        if let Some(d) = &o.diff {
            report.push_str(&kehoach_quality::render(d, false));
        }
        // Differences outside the items (provenance, diagnostics, columns).
        let expected = std::fs::read_to_string(&o.pair.expected).unwrap_or_default();
        let actual = kehoach_normalize::to_json(&convert(&o.pair.input));
        if let (Ok(e), Ok(a)) = (serde_json::from_str(&expected), serde_json::from_str(&actual)) {
            for line in json_diff(&e, &a, 20) {
                report.push_str(&format!("  {line}\n"));
            }
        }
    }
    panic!("\n{report}\nre-bless after an intended change: kehoach check --update … (see README)");
}

#[test]
fn fixtures_match_expected_records() {
    let mut failures = Vec::new();
    for seed in all_fixtures() {
        let doc = convert(&seed);
        let records = kehoach_normalize::flat_records(&doc);
        assert_eq!(kehoach_normalize::flat_record_count(&doc), records.len(), "{}", seed.display());
        let mut out = Vec::new();
        kehoach_normalize::write_jsonl(&records, &mut out).expect("write to memory");
        let actual = String::from_utf8(out).expect("UTF-8");
        let failure = check(&expected_path(&seed, "jsonl"), &actual, |expected, actual| {
            let e: Vec<&str> = expected.lines().collect();
            let a: Vec<&str> = actual.lines().collect();
            let mut lines = Vec::new();
            if e.len() != a.len() {
                lines.push(format!("expected {} records, got {}", e.len(), a.len()));
            }
            for i in 0..e.len().max(a.len()) {
                let (ev, av) = (e.get(i), a.get(i));
                if ev != av {
                    let parse = |s: Option<&&str>| {
                        s.map_or(serde_json::Value::Null, |s| serde_json::from_str(s).expect("JSON line"))
                    };
                    for d in json_diff(&parse(ev), &parse(av), 8) {
                        lines.push(format!("record {}: {d}", i + 1));
                    }
                }
                if lines.len() > 40 {
                    break;
                }
            }
            lines
        });
        failures.extend(failure);
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// What the office readers see, before parsing: every paragraph, table row
/// and cell with its spans, merges and location.
#[test]
fn office_blocks_match_expected() {
    let mut failures = Vec::new();
    for input in office_fixtures() {
        let doc = convert_whole(&input).blocks;
        let actual = serde_json::to_string_pretty(&doc).expect("serializes") + "\n";
        let failure = check(&expected_path(&input, "blocks.json"), &actual, |expected, actual| {
            let e: serde_json::Value = serde_json::from_str(expected).expect("expected JSON parses");
            let a: serde_json::Value = serde_json::from_str(actual).expect("actual JSON parses");
            json_diff(&e, &a, 40)
        });
        failures.extend(failure);
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn output_is_deterministic() {
    for seed in all_fixtures() {
        let first = kehoach_normalize::to_json(&convert(&seed));
        let second = kehoach_normalize::to_json(&convert(&seed));
        assert_eq!(first, second, "{}", seed.display());
    }
}

/// The counts of recovered items per seed, checked by hand against the
/// source documents (see the closing note of the foundation issue). A change
/// here is a change in what kehoach recovers, not only in how it prints it.
#[test]
fn recovered_item_counts() {
    fn count(items: &[kehoach_normalize::ItemOut], counts: &mut [usize; 4]) {
        for item in items {
            let slot = match item.kind {
                kehoach_normalize::ItemKindOut::Group => 0,
                kehoach_normalize::ItemKindOut::Target => 1,
                kehoach_normalize::ItemKindOut::Task => 2,
                kehoach_normalize::ItemKindOut::Activity => 3,
                kehoach_normalize::ItemKindOut::SubRow => continue,
            };
            counts[slot] += 1;
            count(&item.children, counts);
        }
    }
    let framework = |name: &str| {
        let doc = convert(&root().join("fixtures/seeds").join(name));
        let mut counts = [0; 4];
        count(&doc.tables[0].items, &mut counts);
        counts
    };
    // [groups incl. lettered sub-groups, targets, tasks, activities]
    assert_eq!(framework("000_546985720e17fb0b.txt"), [9, 41, 62, 115]);
    assert_eq!(framework("004_81dc5ac12a8b2fdd.txt"), [9, 48, 72, 93]);
}

/// Hostile input never panics: binary-ish noise, an enormous line, a table
/// of thousands of columns, deep garbage markup. Each either converts or
/// fails with an error naming the file.
#[test]
fn hostile_inputs_do_not_panic() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut noise = Vec::new();
    for _ in 0..200_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        // Mostly printable bytes, tabs and newlines, some invalid UTF-8.
        let byte = match state % 10 {
            0 => b'\t',
            1 => b'\n',
            2 => b'.',
            3 => b'0' + (state >> 8) as u8 % 10,
            _ => (state >> 16) as u8,
        };
        noise.push(byte);
    }
    let huge_line = "3.1. ".repeat(400_000);
    let wide_table = format!("TT\t{}\n1\t{}\n", "Nhiệm vụ\t".repeat(5_000), "1.1. x\t".repeat(5_000));
    let markup = format!("TT\tNội dung\n1\t{}\n", "<p><b><i>**x**</i></b></p>".repeat(50_000));
    let utf8_noise = String::from_utf8_lossy(&noise).into_owned();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("noise.txt", noise),
        ("noise-utf8.txt", utf8_noise.into_bytes()),
        ("huge-line.txt", huge_line.into_bytes()),
        ("wide.txt", wide_table.into_bytes()),
        ("markup.txt", markup.into_bytes()),
    ];
    for (name, bytes) in cases {
        match kehoach::convert(kehoach::Input::Bytes { name, bytes: &bytes }, &kehoach::Options::default()) {
            Ok(converted) => {
                kehoach_normalize::to_json(&converted.document);
                kehoach_normalize::flat_records(&converted.document);
            }
            Err(kehoach::Error::Internal { reason, .. }) => panic!("{name} panicked: {reason}"),
            Err(e) => assert!(e.to_string().starts_with(name), "{e}"),
        }
    }
}

/// The diacritic repairs run after parsing and are carried to the plan's
/// texts by place (`kehoach_repair::diacritics`); a text no place tells
/// apart is repaired alone and counted. On every fixture with expected
/// outputs and on the office, markup and PDF forms of the converters'
/// samples and the unseen plans, each repaired text is found by place.
#[test]
fn repairs_reach_the_plan_by_place() {
    let mut inputs = all_fixtures();
    for dir in ["fixtures/converters", "fixtures/unseen", "fixtures/unseen2", "fixtures/unseen3", "fixtures/unseen4"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .expect("fixture directory exists")
            .map(|e| e.expect("readable entry").path())
            .filter(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                // Not the scans (OCR: tests/ocr.rs) nor the forms LibreOffice reads.
                let scan = name.contains(".scan") || name.contains(".g4.") || name.contains(".jpeg.");
                let known = ["docx", "xlsx", "odt", "html", "md", "txt", "pdf", "doc"]
                    .iter()
                    .any(|x| p.extension().is_some_and(|e| e == *x));
                known && !scan && !name.contains("truth")
            })
            .collect();
        files.sort();
        inputs.extend(files);
    }
    assert!(inputs.len() > 60, "{} inputs", inputs.len());
    let mut alone = Vec::new();
    for path in &inputs {
        let bytes = std::fs::read(path).expect("readable fixture");
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let Ok(converted) = kehoach::convert(kehoach::Input::Bytes { name: &name, bytes: &bytes }, &Default::default())
        else {
            continue;
        };
        if converted.unmapped > 0 {
            alone.push(format!("{}: {} texts repaired alone", path.display(), converted.unmapped));
        }
    }
    assert!(alone.is_empty(), "repairs not carried by place:\n{}", alone.join("\n"));
}
