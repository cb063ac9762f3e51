//! Legacy Vietnamese encodings: seed 002 written in TCVN3, VNI and
//! Windows-1258 text files, as a DOCX in the ".VnTime" font and as a PDF
//! with a TCVN3 font (`fixtures/legacy/make_legacy.py`), gives the seed's
//! records.

use crate::util::{convert_whole, records_without_doc, root};
use kehoach_extract::Code;
use serde_json::{Map, Value};

/// The generator writes typographic punctuation as ASCII (legacy fonts
/// lack it); the seed's records are mapped the same way.
fn ascii_punctuation(record: &mut Map<String, Value>) {
    fn map(value: &mut Value) {
        match value {
            Value::String(s) => {
                *s = s.replace(['“', '”'], "\"").replace(['‘', '’'], "'").replace(['–', '—'], "-").replace('…', "...")
            }
            Value::Array(items) => items.iter_mut().for_each(map),
            _ => {}
        }
    }
    record.values_mut().for_each(map);
}

#[test]
fn legacy_text_files_give_the_seed_records() {
    let mut expected = records_without_doc(&root().join("fixtures/seeds/002_ddd63cb72f6035f4.txt"));
    expected.iter_mut().for_each(ascii_punctuation);
    for name in ["002-tcvn3.txt", "002-vni.txt", "002-cp1258.txt"] {
        let path = root().join("fixtures/legacy").join(name);
        let actual = records_without_doc(&path);
        assert_eq!(actual.len(), expected.len(), "{name}");
        let mut case_only = 0;
        for (i, (e, a)) in expected.iter().zip(&actual).enumerate() {
            if e == a {
                continue;
            }
            // TCVN3 has no codes for capitals with a tone; within a line of
            // lower case ("Chủ tịch Ủy ban") they come back in lower case.
            let lower = |r: &Map<String, Value>| serde_json::to_string(r).unwrap().to_lowercase();
            assert!(name == "002-tcvn3.txt" && lower(e) == lower(a), "{name}: record {}:\n{e:?}\n{a:?}", i + 1);
            case_only += 1;
        }
        assert!(case_only <= 2, "{name}: {case_only} records differ in case");
        let doc = convert_whole(&path).blocks;
        let note = doc.diagnostics.iter().find(|d| d.code == Code::LegacyEncoding).expect("a legacy-encoding note");
        let encoding = match name {
            "002-tcvn3.txt" => "TCVN3",
            "002-vni.txt" => "VNI",
            _ => "Windows-1258",
        };
        assert!(note.message.contains(encoding), "{name}: {}", note.message);
    }
}

#[test]
fn tcvn3_runs_in_docx_and_pdf_are_reread() {
    let seed = records_without_doc(&root().join("fixtures/seeds/002_ddd63cb72f6035f4.txt"));
    for name in ["002-vntime.docx", "002-tcvn3.pdf"] {
        let actual = records_without_doc(&root().join("fixtures/legacy").join(name));
        assert_eq!(actual.len(), 4, "{name}: tasks 1-4 of group I");
        for (e, a) in seed.iter().zip(&actual) {
            assert_eq!(a["section_title"], "CẢI CÁCH THỂ CHẾ", "{name}");
            assert_eq!(a["task_id"], e["task_id"], "{name}");
            // The PDF's cells hold the first words of each text only.
            let (et, at) = (e["task"].as_str().unwrap().to_lowercase(), a["task"].as_str().unwrap().to_lowercase());
            assert!(at.len() > 20 && et.starts_with(at.trim_end_matches(['-', ' '])), "{name}: {at:?} vs {et:?}");
            let deadline = a["deadline"].as_str().expect("a deadline");
            assert!(e["deadline"].as_str().unwrap().starts_with(deadline), "{name}: {deadline}");
        }
        let doc = convert_whole(&root().join("fixtures/legacy").join(name)).blocks;
        let rereads = doc
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::LegacyEncoding && d.message.starts_with("legacy encoding (TCVN3):"))
            .count();
        assert!(rereads >= 15, "{name}: every text with accents is re-read and recorded, {rereads}");
    }
}

/// Legacy-font decoding is reading, not repair: `--no-repair` leaves it
/// on, the only changes to the text are the re-readings, and they are
/// recorded as `legacy-encoding`, not as repairs.
#[test]
fn legacy_fonts_are_decoded_without_repairs_too() {
    let options = kehoach::Options { repair: false, ..Default::default() };
    for name in ["002-vntime.docx", "002-tcvn3.pdf"] {
        let path = root().join("fixtures/legacy").join(name);
        let converted = kehoach::convert(kehoach::Input::Path(&path), &options).expect("converts");
        let records = kehoach_normalize::flat_records(&converted.document);
        assert_eq!(records.len(), 4, "{name}: tasks 1-4 of group I");
        assert!(records.iter().all(|r| r.section_title.as_deref() == Some("CẢI CÁCH THỂ CHẾ")), "{name}");
        let diagnostics = &converted.blocks.diagnostics;
        assert!(diagnostics.iter().all(|d| d.code != Code::TextRepair), "{name}: no repairs");
        let changes: Vec<&str> =
            diagnostics.iter().filter(|d| d.code == Code::LegacyEncoding).map(|d| d.message.as_str()).collect();
        assert!(changes.len() >= 15, "{name}: every text with accents is re-read, {}", changes.len());
        assert!(changes.iter().all(|m| m.starts_with("legacy encoding (TCVN3):")), "{name}: {changes:?}");
    }
}

/// Left as the fonts code it (`legacy_fonts: false`, a library choice),
/// the TCVN3 PDF's text reads as no Vietnamese: a warning says so instead
/// of passing garbage on in silence.
#[test]
fn unreadable_pdf_text_is_flagged() {
    let path = root().join("fixtures/legacy/002-tcvn3.pdf");
    let options = kehoach::Options {
        extract: kehoach_extract::Options { legacy_fonts: false, ocr: false },
        repair: false,
        ..Default::default()
    };
    let raw = kehoach::convert(kehoach::Input::Path(&path), &options).expect("converts").blocks;
    let warning = raw.diagnostics.iter().find(|d| d.code == Code::PdfUnreadableText).expect("a warning");
    assert!(warning.message.contains("does not read as Vietnamese"), "{}", warning.message);
    let decoded = convert_whole(&path).blocks;
    assert!(decoded.diagnostics.iter().all(|d| d.code != Code::PdfUnreadableText));
}

/// The legacy Word 97-2003 fixtures (LibreOffice-written, see
/// `fixtures/doc/make_doc.sh`) and the DOCX LibreOffice makes back from
/// each (`NAME.lo.docx`).
fn doc_fixtures() -> Vec<(std::path::PathBuf, std::path::PathBuf)> {
    let mut out = Vec::new();
    for dir in ["fixtures/doc", "fixtures/converters"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "doc") {
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                out.push((path, root().join("fixtures/doc").join(format!("{name}.lo.docx"))));
            }
        }
    }
    out.sort();
    out
}

/// `kehoach blocks` of a file, with LibreOffice out of reach, as JSON.
fn blocks_without_soffice(path: &std::path::Path) -> Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .arg("blocks")
        .arg(path)
        .env("KEHOACH_SOFFICE", "/nonexistent/soffice")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON blocks")
}

/// The fixtures for which LibreOffice's own reading of the `.doc` it wrote
/// loses a table (the TCVN3 task table comes back as one paragraph, the
/// two-column "Nơi nhận" / signature table as paragraphs): the reference
/// is then the DOCX the `.doc` was made from.
const FROM_ORIGINAL: [(&str, &str); 3] = [
    ("002-vntime", "fixtures/legacy/002-vntime.docx"),
    ("cong-van-cu-dai-bieu", "fixtures/triage/heldout/cong-van-cu-dai-bieu.docx"),
    ("ke-hoach-de-an-06", "fixtures/triage/heldout/ke-hoach-de-an-06.docx"),
];

/// A `.doc` is read natively (LibreOffice is out of reach here, as in CI)
/// into the blocks of the DOCX LibreOffice makes from it — paragraphs,
/// headings, bold, tables with their spans and merges — so it gives the
/// same records, and triage sees the same letterheads and signatures.
#[test]
fn doc_files_give_the_blocks_and_records_of_their_docx() {
    let fixtures = doc_fixtures();
    assert!(fixtures.len() >= 10, "{fixtures:?}");
    let mut differences = Vec::new();
    for (doc, lo_docx) in &fixtures {
        let name = doc.file_stem().unwrap().to_string_lossy().into_owned();
        let actual = blocks_without_soffice(doc);
        let reference = match FROM_ORIGINAL.iter().find(|(n, _)| *n == name) {
            Some((_, original)) => {
                let lo = blocks_without_soffice(lo_docx);
                assert_ne!(lo["blocks"], actual["blocks"], "{name}: LibreOffice's DOCX is the reference again");
                root().join(original)
            }
            None => lo_docx.clone(),
        };
        let expected = blocks_without_soffice(&reference);
        let diff = crate::util::json_diff(&expected["blocks"], &actual["blocks"], 5);
        if !diff.is_empty() {
            differences.push(format!("{name}:\n  {}", diff.join("\n  ")));
        }
        assert_eq!(records_without_doc(&reference), records_without_doc(doc), "{name}");
    }
    assert!(differences.is_empty(), "blocks differ from the DOCX:\n{}", differences.join("\n"));
}

/// The ".VnTime" document saved as `.doc`: its TCVN3 text reaches the
/// legacy-encoding detection as from the DOCX, and gives the seed's records.
#[test]
fn tcvn3_doc_is_reread() {
    let path = root().join("fixtures/doc/002-vntime.doc");
    let doc = convert_whole(&path).blocks;
    assert_eq!(doc.source.format, kehoach_extract::Format::Doc);
    let rereads = doc.diagnostics.iter().filter(|d| d.message.starts_with("legacy encoding (TCVN3):")).count();
    assert!(rereads >= 15, "every text with accents is re-read and recorded, {rereads}");
    let records = records_without_doc(&path);
    assert_eq!(records.len(), 4, "tasks 1-4 of group I");
    assert!(records.iter().all(|r| r["section_title"] == "CẢI CÁCH THỂ CHẾ"));
}
