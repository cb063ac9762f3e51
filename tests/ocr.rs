//! Scanned PDFs and page images through Tesseract.
//!
//! `fixtures/pdf/002-tasks-scanned.pdf` is `fixtures/samples/002-tasks.pdf`
//! rasterized at 200 dpi (no text layer); `002-tasks-page1.png` is its first
//! page. The tests that run Tesseract need it with Vietnamese data
//! (`tesseract-ocr-vie`; `.ci/run` installs it) and say so on standard
//! error when they are skipped. Without Tesseract, a scanned file fails
//! alone with what to install; `--no-ocr` converts it with a warning.

use crate::util::{convert, convert_whole, kehoach, root};
use kehoach_extract::Code;
use std::process::Command;

/// Whether Tesseract with Vietnamese data is installed; prints why a test
/// is skipped when not. With `KEHOACH_REQUIRE_OCR=1` (set by `.ci/run`) a
/// missing Tesseract fails the test instead, so CI cannot be green without
/// OCR coverage.
pub(crate) fn tesseract(test: &str) -> bool {
    let listed = Command::new("tesseract").arg("--list-langs").output();
    let ok = listed.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "vie"));
    if !ok {
        assert!(
            std::env::var_os("KEHOACH_REQUIRE_OCR").is_none_or(|v| v != "1"),
            "{test}: KEHOACH_REQUIRE_OCR=1 but Tesseract with Vietnamese data (tesseract-ocr-vie) is not installed"
        );
        eprintln!("SKIPPED {test}: Tesseract with Vietnamese data (tesseract-ocr-vie) is not installed");
    }
    ok
}

/// The scanned rendering of seed 002 recovers the text's structure: every
/// task and group found, fields mostly equal. The score is the quality
/// check's (item F1 × field accuracy) against the text seed.
#[test]
fn scanned_pdf_recovers_the_plan_structure() {
    if !tesseract("scanned_pdf_recovers_the_plan_structure") {
        return;
    }
    let scanned = convert(&root().join("fixtures/pdf/002-tasks-scanned.pdf"));
    let text = convert(&root().join("fixtures/seeds/002_ddd63cb72f6035f4.txt"));
    let counts = scanned.item_counts();
    assert_eq!((counts.groups, counts.tasks), (text.item_counts().groups, text.item_counts().tasks));
    let diff = scored(&text, &scanned);
    eprintln!(
        "scanned 002: {} of {} items matched, {} of {} fields equal, score {:.3}",
        diff.matched,
        diff.expected_count,
        diff.fields_equal,
        diff.fields_compared,
        diff.score()
    );
    assert!(diff.score() >= 0.85, "score {:.3}", diff.score());
    let ocr_notes = scanned.diagnostics.iter().filter(|d| d.code == Code::Ocr).count();
    assert_eq!(ocr_notes, 8, "one note per page");
}

/// A page image is read the same way, as one page.
#[test]
fn page_image_is_read_by_ocr() {
    if !tesseract("page_image_is_read_by_ocr") {
        return;
    }
    let canonical = convert(&root().join("fixtures/pdf/002-tasks-page1.png"));
    assert_eq!(canonical.source.format, kehoach_extract::Format::Image);
    let ids = task_ids(&canonical);
    assert_eq!(ids, ["1", "2", "3", "4"], "the four tasks of group I on page 1");
}

/// The report of a page image shows the image with each item's OCR box
/// over it, linked to the item's source row.
#[test]
fn report_shows_the_page_image_with_item_boxes() {
    if !tesseract("report_shows_the_page_image_with_item_boxes") {
        return;
    }
    let dir = crate::util::scratch("ocr-report");
    let html = dir.join("page.html");
    let out = kehoach(&["report", "fixtures/pdf/002-tasks-page1.png", "-o", html.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("<img alt=\"page 1\" src=\"data:image/png;base64,iVBORw0KGgo"), "the page, embedded");
    // The group and the four tasks of page 1, each a box on the page.
    assert_eq!(html.matches("class=\"box k-task\"").count(), 4);
    assert_eq!(html.matches("class=\"box k-group\"").count(), 1);
    let style = html.split("class=\"box k-task\"").nth(1).unwrap().split("style=\"").nth(1).unwrap();
    let left: f64 = style.strip_prefix("left:").unwrap().split('%').next().unwrap().parse().unwrap();
    assert!((15.0..40.0).contains(&left), "the task column is the second of five: {style}");
}

/// The report of a multi-page TIFF scan shows every page, decoded, with
/// the boxes of the items OCR read on it.
#[test]
fn report_shows_tiff_pages_with_item_boxes() {
    if !tesseract("report_shows_tiff_pages_with_item_boxes") {
        return;
    }
    let dir = crate::util::scratch("ocr-report-tiff");
    let html = dir.join("tiff.html");
    let out = kehoach(&["report", "fixtures/pdf/002-tasks-pages1-2.tif", "-o", html.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("no page images"));
    let html = std::fs::read_to_string(html).unwrap();
    for page in [1, 2] {
        let at = html.find(&format!(
            "<div class=\"pg\" id=\"page-{page}\"><img alt=\"page {page}\" src=\"data:image/png;base64,iVBORw0KGgo"
        ));
        let at = at.unwrap_or_else(|| panic!("page {page}, embedded"));
        let boxes = html[at..].split("</div>").next().unwrap().matches("class=\"box k-task\"").count();
        assert!(boxes >= 4, "page {page}: {boxes} task boxes");
    }
    // A page's OCR note shows once, at that page's first source row, and
    // anchors are unique.
    assert_eq!(html.matches("<span class=\"note\">ocr: page 1 was read").count(), 1);
    assert_eq!(html.matches("<span class=\"note\">ocr: page 2 was read").count(), 0, "page 2 has no prose row");
    let ids: Vec<&str> = html.split(" id=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
}

/// Without Tesseract a scanned PDF fails alone, saying what to install; a
/// text PDF in the same batch converts. With --no-ocr it converts with a
/// warning and no content.
#[test]
fn scanned_pdf_without_tesseract_fails_with_the_install_hint() {
    let scanned = "fixtures/pdf/002-tasks-scanned.pdf";
    let out = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["convert", "-f", "jsonl", scanned, "fixtures/samples/002-tasks.pdf"])
        .env("KEHOACH_TESSERACT", "/nonexistent/tesseract")
        .current_dir(root())
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let line = err.lines().find(|l| l.contains("002-tasks-scanned.pdf")).expect("an error for the scan");
    assert!(line.contains("needs OCR") && line.contains("apt-get install tesseract-ocr tesseract-ocr-vie"), "{line}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 44, "the text PDF's records");
    let out = kehoach(&["convert", "--no-ocr", scanned]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let warning =
        json["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == Code::PdfNoTextLayer.as_str()).cloned();
    assert!(warning.is_some_and(|w| w["message"].as_str().unwrap().starts_with("page(s) 1, 2, 3, 4, 5, 6, 7, 8")));
}

/// Seed 002's first scanned page fed into the scanner 2° askew
/// (`fixtures/pdf/002-tasks-skewed.pdf`): without deskewing, Tesseract's
/// rules and the rows run at a slant and no plan table is found; turned
/// straight first, the page gives the four tasks of group I.
#[test]
fn a_skewed_scan_is_straightened_before_ocr() {
    if !tesseract("a_skewed_scan_is_straightened_before_ocr") {
        return;
    }
    assert_straightened_to_group_one("fixtures/pdf/002-tasks-skewed.pdf");
}

/// A PNG page image gets what a scanned PDF page gets: the same first page
/// turned 2° askew as a PNG (`fixtures/pdf/002-tasks-page1-skewed.png`) is
/// turned straight before OCR and gives the four tasks of group I.
#[test]
fn a_skewed_png_is_straightened_before_ocr() {
    if !tesseract("a_skewed_png_is_straightened_before_ocr") {
        return;
    }
    assert_straightened_to_group_one("fixtures/pdf/002-tasks-page1-skewed.png");
}

/// A JPEG page image and a PDF of JPEG scans (DCT-coded, as `img2pdf`
/// stores them) are decoded too and get the same: the same askew page as a
/// gray JPEG at quality 75 (`002-tasks-page1-skewed.jpg`, and wrapped by
/// `img2pdf` as `002-tasks-skewed.jpeg.pdf`) is turned straight and gives
/// the four tasks of group I.
#[test]
fn a_skewed_jpeg_is_straightened_before_ocr() {
    if !tesseract("a_skewed_jpeg_is_straightened_before_ocr") {
        return;
    }
    assert_straightened_to_group_one("fixtures/pdf/002-tasks-page1-skewed.jpg");
    assert_straightened_to_group_one("fixtures/pdf/002-tasks-skewed.jpeg.pdf");
}

/// Seed 002's first page fed 2° askew: the OCR note says it was turned
/// straight, and the page gives the four tasks of group I.
fn assert_straightened_to_group_one(fixture: &str) {
    let converted = convert_whole(&root().join(fixture));
    let note = converted.blocks.diagnostics.iter().find(|d| d.code == Code::Ocr).expect("an OCR note");
    assert!(note.message.contains("deskewed by 2.0°"), "{fixture}: {}", note.message);
    let ids = task_ids(&converted.document);
    assert_eq!(ids, ["1", "2", "3", "4"], "{fixture}: the four tasks of group I on page 1");
}

/// A multi-page TIFF (seed 002's first two pages, CCITT G4 at 200 dpi, as
/// fax-style scanners store them) is read page by page: one OCR note per
/// page and a page break between them.
#[test]
fn a_multi_page_tiff_is_read_page_by_page() {
    if !tesseract("a_multi_page_tiff_is_read_page_by_page") {
        return;
    }
    let converted = convert_whole(&root().join("fixtures/pdf/002-tasks-pages1-2.tif"));
    let doc = &converted.blocks;
    assert_eq!(doc.diagnostics.iter().filter(|d| d.code == Code::Ocr).count(), 2);
    let breaks = doc.blocks.iter().filter(|b| matches!(b, kehoach_extract::Block::PageBreak(_))).count();
    assert_eq!(breaks, 1);
    let ids = task_ids(&converted.document);
    // Each page is decoded (the `tiff` crate) and read at the resolution the
    // file states, as a scanned PDF page is: page 1's row numbers, standing
    // alone in their column, come back (without decoding they were lost).
    // The group numerals are OCR's to damage: "I" is read "1" and "II" "H".
    assert!(
        ids.ends_with(&["1", "2", "3", "4", "5", "6", "7", "8", "9", "1", "2"].map(String::from)),
        "the tasks of both pages: {ids:?}"
    );
}

/// Page 1 of seed 002 as scans stored in ways other than one image
/// kehoach decodes (`fixtures/pdf/make_pdf.py`): a JBIG2 scan (its G4 fax
/// data as a JBIG2 MMR region) is decoded; JPEG 2000, a 1-bit PNG with
/// predictors, and four strips under inherited resources shown upright by
/// /Rotate are rendered in process. Nothing needs installing but
/// Tesseract; each page gives the four tasks of group I.
#[test]
fn scans_in_any_storage_are_read_without_installed_renderers() {
    if !tesseract("scans_in_any_storage_are_read_without_installed_renderers") {
        return;
    }
    for form in ["jbig2", "jpx", "png1", "strips"] {
        let out = Command::new(env!("CARGO_BIN_EXE_kehoach"))
            .args(["convert", "--format", "jsonl"])
            .arg(root().join(format!("fixtures/pdf/002-tasks-page1.{form}.pdf")))
            .output()
            .expect("runs");
        assert!(out.status.success(), "{form}: {}", String::from_utf8_lossy(&out.stderr));
        let records: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON record"))
            .collect();
        let ids: Vec<&str> = records.iter().filter_map(|r| r["task_id"].as_str()).collect();
        assert_eq!(ids, ["1", "2", "3", "4"], "{form}: the four tasks of group I on page 1");
        assert!(records.iter().all(|r| r["section_title"] == "CẢI CÁCH THỂ CHẾ"), "{form}: {records:?}");
    }
}

/// The quality check's comparison of `found` with `expected` (items
/// matched, fields equal, the score), as `kehoach check` makes it.
fn scored(
    expected: &kehoach_normalize::CanonicalDocument,
    found: &kehoach_normalize::CanonicalDocument,
) -> kehoach_quality::Diff {
    let entries = |doc: &kehoach_normalize::CanonicalDocument| {
        kehoach_quality::entries(&kehoach_normalize::to_json(doc)).expect("canonical JSON")
    };
    kehoach_quality::diff(&entries(expected), &entries(found))
}

/// The task ids of a converted document's records, in order.
fn task_ids(canonical: &kehoach_normalize::CanonicalDocument) -> Vec<String> {
    kehoach_normalize::flat_records(canonical).iter().filter_map(|r| r.task_id.clone()).collect()
}

/// Page 1 of seed 002 as a poor office scan (`make_pdf.py` `noisy()`:
/// 150 dpi gray, noise, a blur, JPEG quality 60). Its thin rules print
/// ~135 gray: they are ink by the page's own threshold (halfway between
/// its paper and its darkest ink), so the grid is found; the row numbers
/// Tesseract's page pass drops are read again in their cells, enlarged to
/// 300 dpi with the rule pieces at their edges cleared. Group I's lone
/// numeral is beyond OCR at this resolution (read "1" at best, or nothing).
#[test]
fn a_blurred_noisy_150_dpi_scan_keeps_its_grid_and_row_numbers() {
    if !tesseract("a_blurred_noisy_150_dpi_scan_keeps_its_grid_and_row_numbers") {
        return;
    }
    let converted = convert_whole(&root().join("fixtures/pdf/002-tasks-page1.noisy150.pdf"));
    assert_eq!(task_ids(&converted.document), ["1", "2", "3", "4"]);
    let records = kehoach_normalize::flat_records(&converted.document);
    let leads: Vec<&str> = records.iter().filter_map(|r| r.lead.as_deref()).collect();
    assert_eq!(leads.len(), 4, "{leads:?}");
    assert!(leads[1..].iter().all(|l| l.starts_with("Phòng Xây dựng")), "{leads:?}");
    let deadlines: Vec<&str> = records.iter().filter_map(|r| r.deadline.as_deref()).collect();
    assert_eq!(deadlines[1..], ["Thường xuyên", "Quý II/2021", "Quý I/2021"]);
}

/// Page 1 of seed 002 without table rules as an office scan
/// (`make_pdf.py` `borderless_scan()`: 200 dpi gray, 0.4° askew, JPEG).
/// Tesseract's page pass strings a borderless table's cells together
/// across columns, so a page without a ruled table is read again word by
/// word; the row numbers standing alone in their column, which both passes
/// drop, are read as marks of ink on their own. Group I's lone numeral
/// reads "1" here, and no other Roman numeral on the page tells it is one:
/// a first row "1" in capitals with no field, followed by a row "1", is
/// group I on a page OCR read, so the four tasks are in section I.
#[test]
fn a_borderless_scan_keeps_its_columns_and_row_numbers() {
    if !tesseract("a_borderless_scan_keeps_its_columns_and_row_numbers") {
        return;
    }
    let converted = convert_whole(&root().join("fixtures/pdf/002-tasks-noborders-page1.scan200.pdf"));
    let records = kehoach_normalize::flat_records(&converted.document);
    let numbered = |start: &str| {
        let record = records.iter().find(|r| r.task.as_deref().is_some_and(|t| t.starts_with(start)));
        record.map(|r| (r.task_id.clone(), r.deadline.clone()))
    };
    let some = |s: &str| Some(s.to_string());
    assert_eq!(numbered("Hoàn thành đúng tiến độ").map(|r| r.0), Some(some("1")), "{records:?}");
    assert_eq!(numbered("Tiếp tục tăng cường"), Some((some("2"), some("Thường xuyên"))), "{records:?}");
    assert_eq!(numbered("Theo đề nghị bằng văn bản"), Some((some("3"), some("Quý II/2021"))), "{records:?}");
    assert_eq!(numbered("Xây dựng và trình"), Some((some("4"), some("Quý I/2021"))), "{records:?}");
    let leads: Vec<&str> = records.iter().filter_map(|r| r.lead.as_deref()).collect();
    assert!(leads.iter().filter(|l| l.starts_with("Phòng Xây dựng")).count() >= 3, "{leads:?}");
    let sections: Vec<(Option<&str>, Option<&str>)> =
        records.iter().map(|r| (r.section.as_deref(), r.section_title.as_deref())).collect();
    assert!(sections.iter().all(|s| *s == (Some("I"), Some("CẢI CÁCH THỂ CHẾ"))), "{sections:?}");
    assert!(records.iter().all(|r| r.task.as_deref() != Some("CẢI CÁCH THỂ CHẾ")), "the group is no task");
}

/// A report of the triage set rendered by LibreOffice and scanned
/// (`make_pdf.py` `letterhead_scan()`: 200 dpi gray, 0.4° askew, JPEG).
/// Its letterhead and signature are printed in two columns: read across,
/// the issuer took in the motto ("UBND TỈNH HÀ TĨNH CỘNG HÒA XÃ HỘI CHỦ
/// NGHĨA VIỆT NAM") and the recipients were lost beside the signer's
/// position; as the Word file's one-row, two-cell tables they give its
/// metadata. Its deadlines wrap in their cells, "Quý" over "II/2026",
/// where Tesseract's line goes on with the next cell's words: the numeral
/// is mended after the word over it ("Quý 11/2026", "Quý IH/2026" before).
/// A report states no plan of its own, so neither form gives a record
/// (until 2026-12-02 both gave the same 4): the task table's cells, kept as
/// printed, are compared with the Word file's.
#[test]
fn a_scanned_letterhead_and_signature_give_the_word_files_metadata() {
    if !tesseract("a_scanned_letterhead_and_signature_give_the_word_files_metadata") {
        return;
    }
    let scanned = convert(&root().join("fixtures/pdf/bao-cao-tien-do-nhiem-vu.scan200.pdf"));
    let docx = convert(&root().join("fixtures/triage/heldout/bao-cao-tien-do-nhiem-vu.docx"));
    let json: serde_json::Value = serde_json::from_str(&kehoach_normalize::to_json(&scanned)).expect("JSON");
    let document = &json["document"];
    assert_eq!(document["issuer"], serde_json::json!(["UBND TỈNH HÀ TĨNH", "SỞ CÔNG THƯƠNG"]), "{document}");
    assert_eq!(document["recipients"], serde_json::json!(["Sở Nội vụ", "Lưu: VT"]), "{document}");
    assert_eq!(document["signer"]["name"], "Trần Tú Anh", "{document}");
    assert!(kehoach_normalize::flat_records(&scanned).is_empty() && kehoach_normalize::flat_records(&docx).is_empty());
    // The task table's rows as printed: row number, task, lead, deadline.
    let rows = |json: &serde_json::Value| -> Vec<Vec<String>> {
        let table = json["tables"]
            .as_array()
            .expect("tables")
            .iter()
            .find(|t| t["raw_rows"][0][0] == "TT")
            .unwrap_or_else(|| panic!("the task table: {json}"));
        table["raw_rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| {
                (0..4)
                    .map(|i| r[i].as_str().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect()
            })
            .collect()
    };
    let from_docx: serde_json::Value = serde_json::from_str(&kehoach_normalize::to_json(&docx)).expect("JSON");
    let scanned_rows = rows(&json);
    assert_eq!(scanned_rows, rows(&from_docx));
    let deadlines: Vec<&str> = scanned_rows.iter().map(|r| r[3].as_str()).collect();
    assert!(deadlines.contains(&"Quý II/2026") && deadlines.contains(&"Quý III/2026"), "{deadlines:?}");
}
