//! Plans no rule was tuned on, in the forms an office suite, pandoc and
//! poppler print them, against the truth written from the same data:
//!
//! - `fixtures/unseen/` (written after the rules by `make_unseen.py`): a
//!   district's 2027 plan with a layout no seed uses; every task and every
//!   field is read exactly;
//! - `fixtures/unseen2/` (`make_unseen2.py`, written after the rules for
//!   borderless and vertically centred tables and measured before any
//!   change made because of it): a provincial department's 2028 plan; every
//!   task is read with every field exact, and each form gives the HTML's
//!   records. Its group rows ("1" and a title in sentence case, merged
//!   across the row) are groups because the tasks below are numbered
//!   under them ("1.1"): each task carries its group's title, and under
//!   the numbered heading above the table ("2. Nhiệm vụ …", a section in
//!   every committed form) the group's number within it ("2.1").

use crate::util::{records_without_doc, root};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The values of `keys` in each record, whitespace-normalised ("" for
/// null or absent).
fn fields<const N: usize>(records: &[Map<String, Value>], keys: [&str; N]) -> Vec<Vec<String>> {
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
    };
    records.iter().map(|r| keys.iter().map(|k| text(r.get(*k))).collect()).collect()
}

fn truth(path: &std::path::Path) -> Vec<Map<String, Value>> {
    serde_json::from_str(&std::fs::read_to_string(path).expect("truth")).expect("truth parses")
}

#[test]
fn an_unseen_plan_is_read_exactly_in_every_committed_form() {
    let dir = root().join("fixtures/unseen");
    let truth = truth(&dir.join("unseen-2027.truth.json"));
    assert_eq!(truth.len(), 12);
    let expected = fields(&truth, ["group", "id", "task", "output", "lead", "partners", "deadline", "note"]);
    for form in ["html", "docx", "odt", "xlsx", "pandoc.md", "gfm.md", "plain.txt", "ruled-landscape.pdf", "pdf"] {
        let records = records_without_doc(&dir.join(format!("unseen-2027.{form}")));
        let found = fields(&records, ["section", "task_id", "task", "output", "lead", "partners", "deadline", "note"]);
        assert_eq!(found, expected, "unseen-2027.{form}");
    }
}

#[test]
fn a_second_unseen_plan_gives_every_task_exactly_in_every_committed_form() {
    let dir = root().join("fixtures/unseen2");
    let truth = truth(&dir.join("unseen2-2028.truth.json"));
    assert_eq!(truth.len(), 9);
    let expected = fields(&truth, ["group_title", "id", "task", "output", "lead", "partners", "deadline", "note"]);
    let keys = ["section_title", "task_id", "task", "output", "lead", "partners", "deadline", "note"];
    let groups = fields(&truth, ["group"]);
    let html = records_without_doc(&dir.join("unseen2-2028.html"));
    for form in FORMS_2028 {
        let records = records_without_doc(&dir.join(format!("unseen2-2028.{form}")));
        assert_eq!(fields(&records, keys), expected, "unseen2-2028.{form}");
        let sections: Vec<Vec<String>> = groups.iter().map(|g| vec![format!("2.{}", g[0])]).collect();
        assert_eq!(fields(&records, ["section"]), sections, "unseen2-2028.{form}: groups under heading 2");
        assert_eq!(records, html, "unseen2-2028.{form}: the HTML's records");
    }
}

/// The forms of `fixtures/unseen2/` that give the HTML's records: with the
/// PDFs LibreOffice makes of its DOCX (borderless, cells centred
/// vertically, a portrait page the table is wider than) and of the DOCX on
/// a landscape page, whose plain numbered paragraph "2. Nhiệm vụ và phân
/// công thực hiện" above the one table reads as a heading (a PDF keeps no
/// bold). Measured and not committed (README): the ruled A5 PDF, the
/// `pdftotext -layout` text of the PDFs, pandoc's markdown and plain text.
const FORMS_2028: [&str; 9] = [
    "html",
    "docx",
    "odt",
    "xlsx",
    "gfm.md",
    "borderless-landscape.docx",
    "ruled-a5.docx",
    "pdf",
    "borderless-landscape.pdf",
];

/// `fixtures/unseen3/` (`make_unseen3.py`, written before reading the
/// parser's rules; README *Tests and fixtures*): a department's 2029 plan
/// whose task table has a two-row header, a row of column numbers under
/// it, Roman groups, tasks numbered on across groups and a lead and a
/// budget merged over two tasks, followed by an indicator table. Each
/// form gives the 11 tasks and 4 indicators with every field as the truth
/// has them, and no other record, except what the converter itself lost:
/// pandoc's markdown drops row spans (the merged lead and budget are in
/// their first task only), and LibreOffice Calc's HTML import made "02"
/// the number 2.
#[test]
fn a_third_unseen_plan_gives_its_tasks_and_indicators_in_every_committed_form() {
    let dir = root().join("fixtures/unseen3");
    let (tasks, indicators) = (truth_2029("tasks"), truth_2029("indicators"));
    assert_eq!((tasks.len(), indicators.len()), (11, 4));
    let task_keys =
        ["section", "section_title", "task_id", "task", "output", "lead", "partners", "deadline", "budget", "note"];
    let truth_keys = ["group", "group_title", "id", "task", "output", "lead", "partners", "deadline", "budget", "note"];
    let indicator_keys = ["target_id", "target", "unit", "target_value", "lead", "partners"];
    for form in ["docx", "odt", "html", "gfm.md", "xlsx", "pdf", "pandoc.md"] {
        let records = records_without_doc(&dir.join(format!("unseen3-2029.{form}")));
        let (found_indicators, found_tasks): (Vec<_>, Vec<_>) =
            records.into_iter().partition(|r| r.get("table_role").and_then(Value::as_str) == Some("indicators"));
        let mut want_tasks = fields(&tasks, truth_keys);
        let mut want_indicators = fields(&indicators, ["id", "indicator", "unit", "target_value", "lead", "partners"]);
        if form == "pandoc.md" {
            want_tasks[2][5].clear(); // task 3's lead, merged with task 2's
            want_tasks[7][8].clear(); // task 8's budget, merged with task 7's
        }
        if form == "xlsx" {
            want_indicators[3][3] = "2".into();
        }
        assert_eq!(fields(&found_tasks, task_keys), want_tasks, "unseen3-2029.{form}: tasks");
        assert_eq!(fields(&found_indicators, indicator_keys), want_indicators, "unseen3-2029.{form}: indicators");
    }
}

/// The `pdftotext -layout` text of unseen3's PDF (README: measured before
/// and after the changes it led to): the table's first page starts under
/// a header whose labels wrap over three lines and whose rows are padded
/// with blank lines, and the numbers row "(1) … (3) (4) …" (two columns
/// pdftotext closed to one) is no task. Ten of the eleven tasks are read
/// with their number and whole text (task 5, whose cells hold "- " lines
/// a blank line apart, since a cell's second paragraph goes on with its
/// row); task 4, cut by a page break, is not (pdftotext prints the two
/// sub-columns under "Phân công thực hiện" a space apart, so they stay one
/// column).
#[test]
fn the_layout_text_of_the_third_unseen_plan_gives_ten_tasks() {
    let dir = root().join("fixtures/unseen3");
    let tasks = truth_2029("tasks");
    let records = records_without_doc(&dir.join("unseen3-2029.layout.txt"));
    let found = fields(&records, ["task_id", "task"]);
    let read: Vec<String> =
        fields(&tasks, ["id", "task"]).into_iter().filter(|t| found.contains(t)).map(|t| t[0].clone()).collect();
    assert_eq!(read, ["1", "2", "3", "5", "6", "7", "8", "9", "10", "11"]);
    assert!(found.iter().all(|r| !r[0].starts_with('(')), "no numbers row: {found:?}");
}

/// The `key` list ("tasks" or "indicators") of unseen3's truth.
fn truth_2029(key: &str) -> Vec<Map<String, Value>> {
    let path = root().join("fixtures/unseen3/unseen3-2029.truth.json");
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("truth")).expect("JSON");
    truth[key].as_array().expect("a list").iter().map(|v| v.as_object().expect("an object").clone()).collect()
}

/// `fixtures/unseen4/` (`make_unseen4.py`, written before reading the
/// parser's rules; README *Tests and fixtures*): a commune's 2030 plan
/// with one task table under each numbered heading ("1. Cải cách thể
/// chế" …, rows numbered again in each), targets as typed "- " bullets
/// under "II. CHỈ TIÊU", and an appendix after the signature whose one
/// column holds lead and partners ("Chủ trì: …⏎Phối hợp: …", "A/B") and
/// whose groups are capital titles without a number. In the office,
/// HTML, GFM and PDF forms every task has every field as the truth has
/// it, the three targets are read from the prose, and nothing else is a
/// record. The PDF is read through its page-foot footnotes, a header row
/// cut by a page break, and the footnote mark set in superscript inside a
/// task cell ("Đề án 06" + "2", a footnote "2 Đề án …" at the page's foot).
#[test]
fn a_fourth_unseen_plan_gives_every_task_and_target_in_its_office_and_html_forms() {
    let dir = root().join("fixtures/unseen4");
    let (want, targets) = truth_2030();
    assert_eq!((want.len(), targets.len()), (17, 3));
    for form in ["docx", "doc", "odt", "html", "browser.html", "pandoc.html", "gfm.md", "pdf", "xlsx"] {
        let records = records_without_doc(&dir.join(format!("unseen4-2030.{form}")));
        let (found, tasks) = unseen4_records(&records);
        assert_eq!(tasks, want, "unseen4-2030.{form}: tasks");
        assert_eq!(found, targets, "unseen4-2030.{form}: targets");
    }
}

/// The pandoc form of unseen4 loses what the converter lost, and gives
/// every other task exactly: pandoc's grid table drops the span of the
/// cell across lead and partners (task 3 of section 3 has no partners
/// there); it writes the merged group titles one letter a line in the
/// one-character number column, read back as their syllables ("HẠ TẦNG
/// SỐ"). (LibreOffice Calc's one-sheet XLSX, whose prose cuts the sheet
/// into the letterhead, the three section tables and the appendix and
/// whose footnote mark is a plain digit, "Đề án 062", gives every task
/// above.)
#[test]
fn the_fourth_unseen_plan_in_pandoc_markdown() {
    let dir = root().join("fixtures/unseen4");
    let (want, targets) = truth_2030();
    for (form, lost) in [("pandoc.md", &[9])] {
        let records = records_without_doc(&dir.join(format!("unseen4-2030.{form}")));
        let (found, tasks) = unseen4_records(&records);
        assert_eq!(tasks.len(), want.len(), "unseen4-2030.{form}: {tasks:#?}");
        for (i, task) in want.iter().enumerate() {
            assert_eq!(tasks.contains(task), !lost.contains(&i), "unseen4-2030.{form}: {task:?} in {tasks:#?}");
        }
        assert_eq!(found, targets, "unseen4-2030.{form}: targets");
    }
}

/// The `pdftotext -layout` text of unseen4 (measured only until this
/// session: 3 of 17 tasks): a numbered heading or a paragraph ends a
/// section table and the next header starts the next; a table goes on past
/// its page's footnote, on a page starting with the rest of a cut row or
/// with a group's title in capitals; the header's "ST" over "T" is one
/// label; a task of three paragraphs ("…:", "a) …", "b) …") and a "Chủ
/// trì: …" / "Phối hợp: …" cell are one row each; "Trước 30/6/20" / "30"
/// is one deadline; the footnote mark kept as a digit ("Đề án 062") is
/// dropped. Fourteen tasks are read with their number and whole text,
/// eleven with every field; not read: the third section table, whose
/// header is cut by a page break; the appendix's second page, on a grid of
/// its own, puts outputs in the budget column.
#[test]
fn the_layout_text_of_the_fourth_unseen_plan_gives_fourteen_tasks() {
    let (want, targets) = truth_2030();
    let records = records_without_doc(&root().join("fixtures/unseen4/unseen4-2030.layout.txt"));
    let (found_targets, found) = unseen4_records(&records);
    assert_eq!(found_targets, targets);
    let exact: Vec<usize> = (0..want.len()).filter(|i| found.contains(&want[*i])).collect();
    assert_eq!(exact, [0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 13], "{found:#?}");
    let numbered: Vec<usize> = (0..want.len()).filter(|i| found.iter().any(|f| f[2..4] == want[*i][2..4])).collect();
    assert_eq!(numbered, [0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16]);
}

/// unseen4's truth: its tasks as the fields [`unseen4_records`] reads, and
/// its targets.
fn truth_2030() -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let path = root().join("fixtures/unseen4/unseen4-2030.truth.json");
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("truth")).expect("JSON");
    let tasks: Vec<Map<String, Value>> =
        truth["tasks"].as_array().expect("tasks").iter().map(|t| t.as_object().expect("a task").clone()).collect();
    let mut rows = fields(
        &tasks,
        ["heading", "heading_title", "id", "task", "lead", "partners", "deadline", "output", "budget", "note"],
    );
    for (row, task) in rows.iter_mut().zip(&tasks) {
        if row[1].is_empty() {
            row[1] = task["group_title"].as_str().expect("a group title").to_string();
        }
    }
    let targets =
        truth["targets"].as_array().expect("targets").iter().map(|t| vec![t.as_str().expect("text").to_string()]);
    (rows, targets.collect())
}

/// A form's records of unseen4: its targets (text without the closing
/// ";") and its tasks; any other record fails.
fn unseen4_records(records: &[Map<String, Value>]) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let keys =
        ["section", "section_title", "task_id", "task", "lead", "partners", "deadline", "output", "budget", "note"];
    targets_and_tasks(records, ';', keys)
}

/// A form's targets (their text without the closing `stop`) and its
/// tasks (the `keys` of each); any record of another kind fails.
fn targets_and_tasks<const N: usize>(
    records: &[Map<String, Value>],
    stop: char,
    keys: [&str; N],
) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let kind = |r: &Map<String, Value>| r.get("item_kind").and_then(Value::as_str).unwrap_or_default().to_string();
    let (targets, tasks): (Vec<_>, Vec<_>) = records.iter().cloned().partition(|r| kind(r) == "target");
    assert!(tasks.iter().all(|r| kind(r) == "task"), "{tasks:#?}");
    let targets = fields(&targets, ["target"]).into_iter().map(|t| vec![t[0].trim_end_matches(stop).to_string()]);
    (targets.collect(), fields(&tasks, keys))
}

/// `fixtures/unseen5/` (`make_unseen5.py`, written and its truth written
/// before any rule was changed for it; `measure_unseen5.py` prints the
/// figures): a provincial department's 2031 plan numbered with Arabic
/// numerals at every level, whose one task table stands mid-body on a
/// landscape section with the deadline before the agencies, funding and
/// note columns, group rows "1", sub-group rows "1.1" and tasks "1.1.1"
/// (rows not merged), "Thường xuyên" and a lead merged down over two tasks,
/// the targets as "a)" … items under "1.2. Chỉ tiêu cụ thể", and a
/// reporting-schedule table after the task table. Its DOCX gives every
/// task and target as the truth has them and nothing else, and the
/// LibreOffice (`.doc`, ODT, HTML, one-sheet XLSX; RTF when LibreOffice is
/// there) and pandoc (HTML, GFM) forms give the DOCX's records.
#[test]
fn a_fifth_unseen_plan_gives_its_docx_records_in_its_office_html_and_sheet_forms() {
    let dir = root().join("fixtures/unseen5");
    let (want, targets) = truth_2031();
    assert_eq!((want.len(), targets.len()), (11, 3));
    let docx = records_without_doc(&dir.join("unseen5-2031.docx"));
    let (found, tasks) = unseen5_records(&docx);
    assert_eq!(tasks, want, "unseen5-2031.docx: tasks");
    assert_eq!(found, targets, "unseen5-2031.docx: targets");
    for form in ["doc", "odt", "html", "pandoc.html", "gfm.md", "xlsx", "rtf"] {
        if !crate::converters::form_readable(form, &format!("unseen5-2031.{form}")) {
            continue;
        }
        assert_eq!(records_without_doc(&dir.join(format!("unseen5-2031.{form}"))), docx, "unseen5-2031.{form}");
    }
}

/// The forms of unseen5 that lose what the converter lost, and give every
/// other field exactly: pandoc's grid tables (markdown and plain text) drop
/// the row spans, so "Thường xuyên" is task 2.2's no more and the lead
/// merged over 3.1.1 and 3.1.2 is the first's only, and `pdftotext
/// -layout` prints both once. In LibreOffice's PDF the deadline merged
/// over 2.1 and 2.2 is drawn on the page of 2.1 and the part of the cell
/// on the next page is an empty ruled cell; since session 12 (unseen8) an
/// empty cell of a cut row's rest keeps the merged text going, so the PDF
/// loses nothing. The layout text is read
/// through a row whose gaps pdftotext closed to one space ("Chi cục Tiêu
/// Văn phòng Sở") and a lead and output of two paragraphs cut by a page
/// break.
#[test]
fn the_fifth_unseen_plan_in_pandoc_text_and_pdf() {
    let dir = root().join("fixtures/unseen5");
    let (want, targets) = truth_2031();
    let deadline_of_2_2 = (4, 3);
    let lead_of_3_1_2 = (7, 4);
    for (form, lost) in [
        ("pandoc.md", &[deadline_of_2_2, lead_of_3_1_2][..]),
        ("plain.txt", &[deadline_of_2_2, lead_of_3_1_2]),
        ("layout.txt", &[deadline_of_2_2, lead_of_3_1_2]),
        ("pdf", &[]),
    ] {
        let mut want = want.clone();
        for &(task, field) in lost {
            want[task][field].clear();
        }
        let (found, tasks) = unseen5_records(&records_without_doc(&dir.join(format!("unseen5-2031.{form}"))));
        assert_eq!(tasks, want, "unseen5-2031.{form}: tasks");
        assert_eq!(found, targets, "unseen5-2031.{form}: targets");
    }
}

/// unseen5's truth: its tasks as the fields [`unseen5_records`] reads, and
/// its targets.
fn truth_2031() -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let path = root().join("fixtures/unseen5/unseen5-2031.truth.json");
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("truth")).expect("JSON");
    let tasks: Vec<Map<String, Value>> =
        truth["tasks"].as_array().expect("tasks").iter().map(|t| t.as_object().expect("a task").clone()).collect();
    let keys = ["section", "section_title", "id", "deadline", "lead", "partners", "budget", "output", "note", "task"];
    let targets =
        truth["targets"].as_array().expect("targets").iter().map(|t| vec![t.as_str().expect("text").to_string()]);
    (fields(&tasks, keys), targets.collect())
}

/// A form's records of unseen5: its targets (text without the closing
/// ".") and its tasks; any other record fails.
fn unseen5_records(records: &[Map<String, Value>]) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let keys =
        ["section", "section_title", "task_id", "deadline", "lead", "partners", "budget", "output", "note", "task"];
    targets_and_tasks(records, '.', keys)
}

/// `fixtures/unseen6/` (`make_unseen6.py`; the generator, the DOCX, the
/// truth and `measure_unseen6.py` were committed before kehoach first ran
/// on it; the rules were then changed for it, so it is **tuned on**): a
/// city's 2032 digital-transformation plan whose appendix table has a
/// two-row header with two spans ("Thời gian thực hiện" over "Bắt đầu |
/// Hoàn thành", "Kinh phí" over "Nguồn | Dự toán (triệu đồng)"), Word's
/// automatic multilevel numbers in the TT column (tasks "1." … "9.",
/// activities "1.1." under three of them) under the header "Nhiệm vụ,
/// hoạt động", group rows merged across the whole row ("I. PHÁT TRIỂN HẠ
/// TẦNG SỐ"), "Thường xuyên" merged across both time columns, a total
/// row, and targets as a table "STT | Chỉ tiêu | Đơn vị tính | Năm 2032".
///
/// Asserted exactly: the DOCX gives the 13 leaves in order, each with its
/// section, section title, task and activity ids and texts, output, lead,
/// partners, budget and deadline ("Thường xuyên" merged across both time
/// columns included), keeps every start and amount among its `extra`
/// values, gives the 5 targets with their units and values, and no other
/// record; the `.doc` and the ODT give the DOCX's records (the ODT since
/// its list numbers in cells are read); LibreOffice HTML, pandoc HTML and
/// GFM give one another's records (each number cell a list of its own, so
/// activity 1.1. shows "1." and 1.2. "2."); pandoc's plain text gives its
/// markdown's task records. The rest are **floors**, the measurement after the rules
/// (leaves found by text and with their ids, of 13; fields right, of 91:
/// section, section title, output, lead, partners, deadline, budget;
/// targets, of 5; a ceiling on records no truth explains). Left (README,
/// *Tests and fixtures*): the forms without the parent's number in the
/// TT column give no task with its activities; the output "ngầm hóa cáp" is repaired to "cấp"
/// (not compared). Not in this test: the RTF (LibreOffice; measured
/// identical to the DOCX) and the 6-page scan (not committed).
#[test]
fn a_sixth_unseen_plan_gives_its_tasks_activities_and_targets() {
    let dir = root().join("fixtures/unseen6");
    let (items, targets) = truth_2032();
    assert_eq!((items.len(), targets.len()), (13, 5));
    let form = |f: &str| records_without_doc(&dir.join(format!("unseen6-2032.{f}")));
    let docx = form("docx");
    let role = |r: &Map<String, Value>| text(r.get("table_role"));
    let (found_targets, leaves): (Vec<_>, Vec<_>) = docx.iter().partition(|r| role(r) == "indicators");
    let keys = [
        "section",
        "section_title",
        "task_id",
        "task",
        "activity_id",
        "activity",
        "output",
        "lead",
        "partners",
        "budget",
        "deadline",
    ];
    let row = |m: &Map<String, Value>| keys.iter().map(|k| text(m.get(*k))).collect::<Vec<_>>();
    let mut got: Vec<Vec<String>> = leaves.iter().map(|r| row(r)).collect();
    let mut want: Vec<Vec<String>> = items.iter().map(row).collect();
    // Activity 1.2's output "… ngầm hóa cáp", repaired to "cấp": a gap.
    got[1][6].clear();
    want[1][6].clear();
    assert_eq!(got, want, "unseen6-2032.docx: leaves");
    for (r, t) in leaves.iter().zip(&items) {
        let extra: Vec<String> =
            r.get("extra").and_then(Value::as_object).into_iter().flatten().map(|(_, v)| text(Some(v))).collect();
        let (start, amount) = (text(t.get("start")), text(t.get("amount")));
        assert!(extra.contains(&start), "unseen6-2032.docx: start {start:?} in {extra:?}");
        let budget = text(r.get("budget"));
        assert!(amount.is_empty() || extra.contains(&amount) || budget == amount, "amount {amount:?} in {extra:?}");
    }
    let target_keys = ["target", "unit", "target_value"];
    let target_rows = |list: &[&Map<String, Value>]| -> Vec<Vec<String>> {
        list.iter().map(|m| target_keys.iter().map(|k| text(m.get(*k))).collect()).collect()
    };
    assert_eq!(target_rows(&found_targets), target_rows(&targets.iter().collect::<Vec<_>>()), "unseen6 targets");
    assert_eq!(form("doc"), docx, "unseen6-2032.doc");
    assert_eq!(form("odt"), docx, "unseen6-2032.odt: the DOCX's records");
    let html = form("html");
    for f in ["pandoc.html", "gfm.md"] {
        assert_eq!(form(f), html, "unseen6-2032.{f}: LibreOffice HTML's records");
    }
    let tasks = |records: Vec<Map<String, Value>>| -> Vec<Map<String, Value>> {
        records.into_iter().filter(|r| text(r.get("table_role")) == "plan").collect()
    };
    assert_eq!(tasks(form("plain.txt")), tasks(form("pandoc.md")), "unseen6-2032.plain.txt: the markdown's tasks");
    // (form, leaves found, with their ids, fields right, targets, most
    // records no truth explains)
    for (f, floor) in [
        ("docx", (13, 13, 90, 5, 0)),
        ("html", (13, 6, 90, 5, 3)),
        ("xlsx", (13, 0, 90, 4, 4)),
        ("pandoc.md", (13, 6, 60, 5, 3)),
        ("pdf", (13, 13, 90, 5, 0)),
        ("layout.txt", (12, 9, 54, 3, 7)),
    ] {
        let found = unseen6_score(&form(f), &items, &targets);
        let message = format!("unseen6-2032.{f}: {found:?} against the floor {floor:?}");
        assert!(
            found.0 >= floor.0 && found.1 >= floor.1 && found.2 >= floor.2 && found.3 >= floor.3 && found.4 <= floor.4,
            "{message}"
        );
    }
}

/// Whitespace-normalised text of a JSON value ("" for null or absent).
fn text(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A leaf's text: its activity's, else its task's.
fn leaf_text(r: &Map<String, Value>) -> String {
    Some(text(r.get("activity"))).filter(|a| !a.is_empty()).unwrap_or_else(|| text(r.get("task")))
}

/// JSON objects: records, or the entries of a truth file.
type Objects = Vec<Map<String, Value>>;

/// unseen6's truth: its leaves (tasks without activities, and activities)
/// and its targets.
fn truth_2032() -> (Objects, Objects) {
    let path = root().join("fixtures/unseen6/unseen6-2032.truth.json");
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("truth")).expect("JSON");
    let list = |key: &str| -> Objects {
        truth[key].as_array().expect("a list").iter().map(|t| t.as_object().expect("an object").clone()).collect()
    };
    (list("items"), list("targets"))
}

/// A form's records of unseen6 scored against the truth: (leaves found,
/// leaves found with their ids, fields right, targets found, records no
/// leaf or target explains). A leaf is found by the first unused record
/// whose activity or task is its text, with its ids when its task id and
/// activity id are the truth's; its fields are section, section title,
/// output, lead, partners, deadline and budget; a target by a record whose
/// target is its text (a closing "." aside).
fn unseen6_score(
    records: &[Map<String, Value>],
    items: &[Map<String, Value>],
    targets: &[Map<String, Value>],
) -> (usize, usize, usize, usize, usize) {
    let keys = ["section", "section_title", "output", "lead", "partners", "deadline", "budget"];
    let mut used = vec![false; records.len()];
    let (mut leaves, mut with_ids, mut fields, mut found) = (0, 0, 0, 0);
    for t in items {
        let leaf = leaf_text(t);
        let texts = |r: &Map<String, Value>| [text(r.get("activity")), text(r.get("task"))].contains(&leaf);
        if let Some(i) = (0..records.len()).find(|&i| !used[i] && texts(&records[i])) {
            used[i] = true;
            leaves += 1;
            let ids = ["task_id", "activity_id"].iter().all(|k| text(records[i].get(*k)) == text(t.get(*k)));
            with_ids += usize::from(ids);
            fields += keys.iter().filter(|k| text(records[i].get(**k)) == text(t.get(**k))).count();
        }
    }
    for t in targets {
        let name = text(t.get("target"));
        let same = |r: &Map<String, Value>| text(r.get("target")).trim_end_matches('.') == name;
        if let Some(i) = (0..records.len()).find(|&i| !used[i] && same(&records[i])) {
            used[i] = true;
            found += 1;
        }
    }
    (leaves, with_ids, fields, found, used.iter().filter(|u| !**u).count())
}

/// `fixtures/unseen7/` (`make_unseen7.py`, measured first with
/// `measure_unseen7.py`; README there): a provincial board's 2033 plan
/// written in LibreOffice Writer, its tasks stated in prose — "a)"
/// paragraphs in Writer's automatic letters, each over labelled "- Cơ
/// quan chủ trì: …" lines, under "1."–"3." headings of "III. NHIỆM VỤ VÀ
/// GIẢI PHÁP" — and its budgeted tasks in a landscape appendix table with
/// lettered groups. Tuned on since session 11: every item (7 prose tasks,
/// 9 table tasks) and every field is exact in the DOCX, and the RTF, the
/// PDF, the ODT and LibreOffice's HTML give the DOCX's records (the ODT
/// since its reader restarts a continued list at an item's
/// `text:start-value`, the HTML since an `<li>`'s number waits for its
/// `<p>`). The `.doc` and pandoc's HTML give every item and field, but
/// their prose ids are not compared: pandoc starts each interrupted letter
/// list at "a)"; in the `.doc` LibreOffice's export wrote each group's
/// first item in a list of its own and the rest in another, so the file
/// itself numbers "a)", "a)", "b)" (as LibreOffice shows it too). The
/// board's year-end report on the plan gives no record from its prose ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2034"); its results table
/// gives the nine tasks (the triage sets' definition of a plan table). Its
/// decision publishing procedures gives none. In the layout text, the total
/// row and the header's rest on the last page are no task's.
#[test]
fn a_seventh_unseen_plan_gives_its_prose_tasks_with_their_labelled_fields() {
    let dir = root().join("fixtures/unseen7");
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("unseen7-2033.truth.json")).expect("truth"))
            .expect("JSON");
    let items: Objects =
        truth["items"].as_array().expect("items").iter().map(|t| t.as_object().expect("an object").clone()).collect();
    assert_eq!(items.len(), 16);
    let form = |f: &str| records_without_doc(&dir.join(format!("unseen7-2033.{f}")));
    let keys = ["section", "section_title", "task_id", "task", "output", "lead", "partners", "deadline", "budget"];
    let rows = |list: &[Map<String, Value>], keys: &[&str]| -> Vec<Vec<String>> {
        let mut rows: Vec<Vec<String>> = list
            .iter()
            .filter(|r| text(r.get("item_kind")) != "target")
            .map(|m| keys.iter().map(|k| text(m.get(*k))).collect())
            .collect();
        rows.sort();
        rows
    };
    let docx = form("docx");
    assert_eq!(rows(&docx, &keys), rows(&items, &keys), "unseen7-2033.docx: tasks");
    let targets: Vec<String> =
        docx.iter().filter(|r| text(r.get("item_kind")) == "target").map(|r| text(r.get("target"))).collect();
    let want: Vec<String> =
        truth["targets"].as_array().expect("targets").iter().map(|t| text(t.get("target"))).collect();
    assert_eq!(targets.iter().map(|t| t.trim_end_matches(['.', ';']).to_string()).collect::<Vec<_>>(), want);
    for f in ["rtf", "pdf", "odt", "html"] {
        if !crate::converters::form_readable(f, &format!("unseen7-2033.{f}")) {
            continue;
        }
        assert_eq!(form(f), docx, "unseen7-2033.{f}: the DOCX's records");
    }
    // The amounts of "Kinh phí (triệu đồng)", beside "Nguồn kinh phí": read
    // in đồng ("1.250" triệu is 1,25 tỷ); a task without one has none.
    let amounts: Vec<(String, Option<f64>)> = docx
        .iter()
        .filter(|r| r.get("table").and_then(Value::as_u64) == Some(0))
        .map(|r| (text(r.get("task_id")), r.get("budget_amount_vnd").and_then(Value::as_f64)))
        .collect();
    assert_eq!(amounts[4], ("5".to_string(), Some(1.25e9)));
    assert_eq!(amounts[6], ("7".to_string(), Some(2.6e8)));
    assert_eq!(amounts[3], ("4".to_string(), None));
    let no_ids: Vec<&str> = keys.iter().copied().filter(|k| *k != "task_id").collect();
    for f in ["doc", "pandoc.html"] {
        assert_eq!(rows(&form(f), &no_ids), rows(&items, &no_ids), "unseen7-2033.{f}: tasks and fields");
    }
    let report = records_without_doc(&dir.join("unseen7-2033-baocao.docx"));
    assert!(report.iter().all(|r| r.get("table").and_then(Value::as_u64) == Some(0)), "the report's prose: no record");
    // Its results table lists the plan's tasks with their lead and deadline,
    // but a report states no plan of its own (README, *Which tables are
    // plans*; 9 records before 2026-12-02): none, as the truth says.
    assert!(report.is_empty(), "the report: {report:?}");
    // The board's decision publishing its procedures (agency and time
    // columns under Roman field groups; measured before any change): none.
    for f in ["docx", "layout.txt"] {
        let records = records_without_doc(&dir.join(format!("unseen7-2033-quyetdinh.{f}")));
        assert!(records.is_empty(), "the decision's {f}: {records:?}");
    }
    // Layout text: the "Tổng cộng" row centred in the lead's column and the
    // rest of the header repeated on the last page ("thành" under "Thời
    // gian hoàn") continue no task.
    let layout = form("layout.txt");
    assert_eq!(layout.len(), 20);
    assert!(layout.iter().all(|r| text(r.get("lead")) != "Tổng cộng" && text(r.get("deadline")) != "thành"));
    let last = layout.iter().find(|r| text(r.get("task_id")) == "9").expect("task 9");
    assert_eq!((text(last.get("lead")), text(last.get("deadline"))), ("Văn phòng Ban".into(), "Năm 2033".into()));
}

/// `fixtures/unseen8/` (`make_unseen8.py`, measured first with
/// `measure_unseen8.py`; README there): a health department's 2034 plan
/// issued inside its decision in one file ("QUYẾT ĐỊNH / Ban hành Kế hoạch
/// …", "Điều 1."–"Điều 3.", a signature, then "KẾ HOẠCH … (Ban hành kèm
/// theo Quyết định …)"), a "Trang X/Y" footer, a mid-body landscape table
/// "TT | Nhiệm vụ | Sản phẩm | Thời gian thực hiện (Bắt đầu | Hoàn thành) |
/// Chủ trì | Phối hợp | Ghi chú" with cells merged down over three and four
/// tasks and sub-points split by line breaks. Every task and field is
/// exact in the DOCX (held out: so at the first measurement), and the RTF,
/// ODT, `.doc`, both HTML and the XLSX give the DOCX's records (the XLSX
/// since a long group title in capitals is no prose that cuts its table).
/// The articles give nothing; the start ("Bắt đầu") stays in `extra`. The
/// same department's inspection minutes give no record.
#[test]
fn an_eighth_unseen_plan_issued_inside_its_decision_is_read_in_every_office_form() {
    let dir = root().join("fixtures/unseen8");
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("unseen8-2034.truth.json")).expect("truth"))
            .expect("JSON");
    let items: Objects =
        truth["items"].as_array().expect("items").iter().map(|t| t.as_object().expect("an object").clone()).collect();
    assert_eq!(items.len(), 12);
    let form = |f: &str| records_without_doc(&dir.join(format!("unseen8-2034.{f}")));
    let keys = ["section", "section_title", "task_id", "task", "output", "deadline", "lead", "partners", "note"];
    let tasks = |list: &[Map<String, Value>]| -> Vec<Vec<String>> {
        list.iter()
            .filter(|r| text(r.get("item_kind")) != "target")
            .map(|m| keys.iter().map(|k| text(m.get(*k))).collect())
            .collect()
    };
    let docx = form("docx");
    assert_eq!(tasks(&docx), tasks(&items), "unseen8-2034.docx: tasks");
    let starts: Vec<String> = docx
        .iter()
        .filter(|r| text(r.get("item_kind")) == "task")
        .map(|r| text(r.get("extra").and_then(|e| e.get("Thời gian thực hiện: Bắt đầu"))))
        .collect();
    let want: Vec<String> = items.iter().map(|t| text(t.get("start"))).collect();
    assert_eq!(starts, want, "the start merged over a whole group belongs to each of its tasks");
    let targets: Vec<String> = docx
        .iter()
        .filter(|r| text(r.get("item_kind")) == "target")
        .map(|r| text(r.get("target")).trim_end_matches(['.', ';']).to_string())
        .collect();
    let want: Vec<String> =
        truth["targets"].as_array().expect("targets").iter().map(|t| text(t.get("target"))).collect();
    assert_eq!(targets, want);
    assert_eq!(docx.len(), 16, "no record from the decision's articles");
    for f in ["rtf", "odt", "doc", "html", "pandoc.html", "xlsx"] {
        if !crate::converters::form_readable(f, &format!("unseen8-2034.{f}")) {
            continue;
        }
        assert_eq!(form(f), docx, "unseen8-2034.{f}: the DOCX's records");
    }
    // PDF: the finish merged over tasks 6–8 and cut by the page break
    // (printed on the first page only) belongs to all three.
    assert_eq!(tasks(&form("pdf")), tasks(&items), "unseen8-2034.pdf: tasks");
    // GFM: every task and field, and the target whose year pandoc wrapped
    // onto a line of its own ("… so với năm" / "2033;") whole.
    let gfm = form("gfm.md");
    assert_eq!(tasks(&gfm), tasks(&items), "unseen8-2034.gfm.md: tasks");
    let target = |list: &[Map<String, Value>]| -> Vec<String> {
        list.iter().filter(|r| text(r.get("item_kind")) == "target").map(|r| text(r.get("target"))).collect()
    };
    assert_eq!(target(&gfm), target(&docx));
    // Layout text: the footer "Trang 3/6" inside the table's run is no
    // row's deadline.
    let layout = form("layout.txt");
    assert!(layout.iter().all(|r| !text(r.get("deadline")).starts_with("Trang")), "{layout:?}");
    // … and its "Bắt đầu | Hoàn thành" under "Thời gian thực hiện" are two
    // columns, as in the DOCX (they were one: "Tháng Quý 01/2034 I/2034").
    assert_eq!(layout.len(), 16);
    assert_eq!(tasks(&layout)[0], tasks(&items)[0], "task 1 whole");
    assert!(layout.iter().all(|r| text(r.get("lead")) != "Hoàn thành"));
    for f in ["docx", "doc", "odt", "pdf", "layout.txt"] {
        let records = records_without_doc(&dir.join(format!("unseen8-2034-bienban.{f}")));
        assert!(records.is_empty(), "the minutes' {f}: {records:?}");
    }
}

/// `fixtures/unseen9/` (`make_unseen9.py`, measured first with
/// `measure_unseen9.py`; README there): a provincial People's Committee's
/// 2034 task list kept as an Excel workbook — letterhead rows in merged
/// cells above a two-row merged header, Roman group rows carrying their
/// subtotal by formula, a hidden code column, a hidden row (a task moved to
/// next year), Excel dates, "#,##0" amounts, a targets sheet ("Kế hoạch năm
/// 2034" over the values, "Cơ quan theo dõi"), a notes sheet and a hidden
/// list sheet. Tuned on since session 12: the 13 tasks and 4 targets are
/// exact in the workbook, its XLS, ODS and PDF (the date formatted
/// "mm/yyyy" reads "12/2034" since session 13; it read as the day it
/// holds); the hidden row is left out in the XLSX, the ODS and the XLS.
/// The main sheet's CSV forms give the tasks and the hidden row. The
/// look-alikes — the same plan's budget estimate and
/// statistics of procedures by agency — give no record in any form.
#[test]
fn a_ninth_unseen_plan_kept_as_a_workbook_gives_its_tasks_and_targets() {
    let dir = root().join("fixtures/unseen9");
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("unseen9-2034.truth.json")).expect("truth"))
            .expect("JSON");
    let keys =
        ["section", "section_title", "task_id", "task", "output", "lead", "partners", "deadline", "budget", "note"];
    // Lists compare by their entries: lines and ";" split them, a leading
    // "- " goes ("- Văn phòng UBND tỉnh\n- Sở Nội vụ").
    let value = |m: &Map<String, Value>, k: &str| {
        let v = m.get(k).and_then(Value::as_str).unwrap_or_default();
        if k == "lead" || k == "partners" {
            let parts: Vec<String> = v
                .split(['\n', ';'])
                .map(|p| p.trim().trim_start_matches("- ").split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| !p.is_empty())
                .collect();
            parts.join("; ")
        } else {
            v.split_whitespace().collect::<Vec<_>>().join(" ")
        }
    };
    let rows = |list: &[Map<String, Value>]| -> Vec<Vec<String>> {
        let mut rows: Vec<Vec<String>> = list
            .iter()
            .filter(|r| r.get("item_kind").and_then(Value::as_str) != Some("target"))
            .map(|m| keys.iter().map(|k| value(m, k)).collect())
            .collect();
        rows.sort();
        rows
    };
    let items: Objects =
        truth["items"].as_array().expect("items").iter().map(|t| t.as_object().expect("an object").clone()).collect();
    let want = rows(&items);
    assert_eq!(want.len(), 13);
    let want_targets: Vec<String> =
        truth["targets"].as_array().expect("targets").iter().map(|t| text(t.get("target"))).collect();
    let form = |f: &str| records_without_doc(&dir.join(format!("unseen9-2034.{f}")));
    let check = |f: &str, records: &[Map<String, Value>], want: &[Vec<String>]| {
        assert_eq!(rows(records), want, "unseen9-2034.{f}: tasks");
        let targets: Vec<String> = records
            .iter()
            .filter(|r| r.get("item_kind").and_then(Value::as_str) == Some("target"))
            .map(|r| text(r.get("target")))
            .collect();
        assert_eq!(targets, want_targets, "unseen9-2034.{f}: targets");
    };
    // The ODS and the PDF carry Calc's rendering of the "mm/yyyy" date;
    // the XLSX and XLS print it as its number format shows it ("12/2034").
    for f in ["ods", "pdf", "nocache.xlsx"] {
        check(f, &form(f), &want);
    }
    let xlsx = form("xlsx");
    check("xlsx", &xlsx, &want);
    // The main sheet as CSV, in the forms LibreOffice and Excel write:
    // the tasks, and the row the workbook hides (a CSV has no mark of
    // it); the targets are on another sheet.
    for f in ["csv", "excel-vn.csv", "excel-utf8.csv", "unicode.txt"] {
        let records = form(f);
        let mut got = rows(&records);
        let hidden = got.iter().position(|r| r[0] == "II" && r[2] == "4").expect("the hidden row's task");
        got.remove(hidden);
        assert_eq!(got, want, "unseen9-2034.{f}: tasks");
        assert!(records.iter().all(|r| r.get("item_kind").and_then(Value::as_str) != Some("target")), "{f}");
    }
    // The amounts, numbers formatted "#,##0" under "Kinh phí: Dự toán
    // (đồng)"; a task without one has none.
    let amount = |id: (&str, &str)| {
        xlsx.iter()
            .find(|r| (text(r.get("section")).as_str(), text(r.get("task_id")).as_str()) == id)
            .and_then(|r| r.get("budget_amount_vnd").and_then(Value::as_f64))
    };
    assert_eq!(amount(("II", "3")), Some(1.25e9));
    assert_eq!(amount(("II", "1")), None);
    // The XLS: its hidden row is read from the ROW records (calamine
    // reports none), so it gives the workbook's tasks too.
    check("xls", &form("xls"), &want);
    // The letterhead typed into the sheet's merged cells above the table
    // gives the document's kind, title and date (before: "appendix", from
    // the targets sheet's "PHỤ LỤC", and no date).
    for f in ["xlsx", "xls", "ods"] {
        let doc = crate::util::convert(&dir.join(format!("unseen9-2034.{f}")));
        let meta = &doc.document;
        assert_eq!(
            (meta.kind.as_str(), meta.title.as_deref(), meta.date.as_deref()),
            ("plan", Some("TRIỂN KHAI NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2034"), Some("2034-01-12")),
            "unseen9-2034.{f}"
        );
    }
    // The layout text of the PDF (session 14, tuned on): every task with
    // its id, group, text, output, agencies and deadline, since the row
    // of column numbers stands apart from the group's row under it, a
    // task's lines around its number's line are one cell and a group's
    // numeral over a task's is two rows' numbers (before: 10 of 13 tasks,
    // 9 false records). Not yet: the budget (the "Kinh phí" label over
    // "Nguồn" is a line above the header line), the targets, and the
    // header repeated on page 2 (two false records: its label row and
    // its column-number row).
    let layout = form("layout.txt");
    let eight = |list: &[Map<String, Value>]| -> Vec<Vec<String>> {
        let mut rows: Vec<Vec<String>> = list
            .iter()
            .filter(|r| !text(r.get("task_id")).is_empty() && text(r.get("task_id")).parse::<u32>().is_ok())
            .map(|m| keys[..8].iter().map(|k| value(m, k)).collect())
            .collect();
        rows.sort();
        rows
    };
    let want_eight: Vec<Vec<String>> = want.iter().map(|r| r[..8].to_vec()).collect();
    assert_eq!(eight(&layout), want_eight, "unseen9-2034.layout.txt: tasks");
    assert_eq!(layout.len(), 15, "13 tasks and the repeated header's two rows: {layout:?}");
    for stem in ["unseen9-2034-dutoan", "unseen9-2034-thongke"] {
        for f in ["xlsx", "ods", "pdf", "layout.txt"] {
            let records = records_without_doc(&dir.join(format!("{stem}.{f}")));
            assert!(records.is_empty(), "{stem}.{f}: {records:?}");
        }
    }
}

/// `fixtures/unseen10/` (`make_unseen10.py`, measured first with
/// `measure_unseen10.py`; README there): a Department of Home Affairs'
/// 2035 plan as it is published — the DOCX, LibreOffice's PDF with page
/// numbers at the top centre and the task table in a landscape appendix
/// ("STT | Nội dung nhiệm vụ | Thời gian hoàn thành | Sản phẩm | Cơ quan,
/// đơn vị thực hiện (Chủ trì | Phối hợp) | Kinh phí", tasks numbered from 1
/// under each Roman group, a budget merged over two tasks), the portal's
/// page and Chromium's PDF of it, and scans of the signed copy. Every task
/// and field is exact in the DOCX (held out: so at the first measurement),
/// and the portal page gives its records; the PDF since a landscape page's
/// top-centre number is furniture (it was a paragraph that cut the table
/// at the page break); Chromium's PDF its tasks (below). The same office's
/// report on last year's plan gives no record.
#[test]
fn a_tenth_unseen_plan_as_published_gives_its_tasks_and_targets() {
    let dir = root().join("fixtures/unseen10");
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("unseen10-2035.truth.json")).expect("truth"))
            .expect("JSON");
    let keys = ["section", "section_title", "task_id", "task", "deadline", "output", "lead", "partners", "budget"];
    let tasks = |list: &[Map<String, Value>]| -> Vec<Vec<String>> {
        list.iter()
            .filter(|r| text(r.get("item_kind")) != "target")
            .map(|m| keys.iter().map(|k| text(m.get(*k))).collect())
            .collect()
    };
    let targets = |list: &[Map<String, Value>]| -> Vec<String> {
        list.iter()
            .filter(|r| text(r.get("item_kind")) == "target")
            .map(|r| text(r.get("target")).trim_end_matches(['.', ';']).to_string())
            .collect()
    };
    let items: Objects =
        truth["items"].as_array().expect("items").iter().map(|t| t.as_object().expect("an object").clone()).collect();
    assert_eq!(items.len(), 9);
    let want_targets: Vec<String> =
        truth["targets"].as_array().expect("targets").iter().map(|t| text(t.get("target"))).collect();
    let form = |f: &str| records_without_doc(&dir.join(format!("unseen10-2035.{f}")));
    let docx = form("docx");
    assert_eq!(tasks(&docx), tasks(&items), "unseen10-2035.docx: tasks");
    assert_eq!(targets(&docx), want_targets, "unseen10-2035.docx: the lettered targets");
    assert_eq!(docx.len(), 13, "nothing from the follow-up duties under V.");
    for f in ["pdf", "portal.html"] {
        let records = form(f);
        assert_eq!(tasks(&records), tasks(&items), "unseen10-2035.{f}: tasks");
        assert_eq!(targets(&records), want_targets, "unseen10-2035.{f}: targets");
    }
    // Chromium's PDF of the portal page: every task exact since a CID
    // font's width ranges are read (letters had piled up at cells' line
    // ends) and the row the page break left open is closed; its targets
    // are not found (left: the page's sidebar beside the text makes page 1
    // one table by alignment, the lettered points cut into its columns).
    let chromium = form("chromium.pdf");
    assert_eq!(tasks(&chromium), tasks(&items), "unseen10-2035.chromium.pdf: tasks");
    assert!(targets(&chromium).is_empty());
    for f in ["docx", "pdf", "layout.txt", "portal.html", "chromium.pdf", "chromium.layout.txt"] {
        let records = records_without_doc(&dir.join(format!("unseen10-2035-baocao.{f}")));
        assert!(records.is_empty(), "the report's {f}: {records:?}");
    }
}

/// unseen10's bitonal G4 scan of the signed copy (4 pages at 300 dpi, each
/// askew, a stamp over the signature; committed): all 9 tasks with their
/// group's numeral and number, since OCR's "L", "HM", "HI" for I, II, III
/// (a serifed "I" read "L", the rest then read on from L = 50) are read
/// as I, II, III; and the 4 targets. Two deadlines keep a stroke OCR lost
/// ("Quý I, I/2035", "Quý II, II/2035").
#[test]
fn the_tenth_unseen_plans_g4_scan_gives_its_tasks_under_their_groups() {
    if !crate::ocr::tesseract("the_tenth_unseen_plans_g4_scan_gives_its_tasks_under_their_groups") {
        return;
    }
    let dir = root().join("fixtures/unseen10");
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("unseen10-2035.truth.json")).expect("truth"))
            .expect("JSON");
    let keys = ["section", "section_title", "task_id", "task", "output", "lead", "partners", "budget"];
    let rows = |list: &[Map<String, Value>]| -> Vec<Vec<String>> {
        list.iter()
            .filter(|r| text(r.get("item_kind")) != "target")
            .map(|m| keys.iter().map(|k| text(m.get(*k))).collect())
            .collect()
    };
    let items: Objects =
        truth["items"].as_array().expect("items").iter().map(|t| t.as_object().expect("an object").clone()).collect();
    let scan = records_without_doc(&dir.join("unseen10-2035.g4.pdf"));
    assert_eq!(rows(&scan), rows(&items), "unseen10-2035.g4.pdf: tasks");
    let deadlines: Vec<String> =
        scan.iter().filter(|r| text(r.get("item_kind")) == "task").map(|r| text(r.get("deadline"))).collect();
    let mut want: Vec<String> = items.iter().map(|t| text(t.get("deadline"))).collect();
    want[0] = "Quý I, I/2035".into();
    want[7] = "Quý II, II/2035".into();
    assert_eq!(deadlines, want, "two deadlines keep OCR's lost stroke");
    let targets = scan.iter().filter(|r| text(r.get("item_kind")) == "target").count();
    assert_eq!(targets, 4);
}

/// `fixtures/unseen11/` (`make_unseen11.py`, measured first with
/// `measure_unseen11.py`; README there): a Department of Education's 2036
/// plan as Word 2016+ writes a file an office edited by hand — row and
/// activity numbers from Word's automatic numbering running across the
/// three tables the task table was split into, activities in sub-rows
/// under a merged task, tracked changes not yet accepted (a deadline
/// replaced, a row deleted, a row inserted, a partner moved), comments,
/// content controls, complex fields. The DOCX and LibreOffice's ODT give
/// every leaf as Word shows it with the changes accepted, since the parts
/// of a split table are one table, activities numbered under their task
/// ("1.1." under "1.") take those numbers as ids, and a row or paragraph
/// deleted in review is gone and takes no number (at the first
/// measurement: 1 of 13 leaves). The `.doc` LibreOffice writes keeps no
/// mark of the deleted paragraph: its row is an empty record "2.2" and the
/// two activities after it are numbered on (2.3, 2.4); every text field is
/// right. The same office's submission of the cost estimate gives no
/// record.
#[test]
fn an_eleventh_unseen_plan_edited_in_word_gives_its_leaves_as_word_shows_them() {
    let dir = root().join("fixtures/unseen11");
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("unseen11-2036.truth.json")).expect("truth"))
            .expect("JSON");
    let items: Objects =
        truth["items"].as_array().expect("items").iter().map(|t| t.as_object().expect("an object").clone()).collect();
    assert_eq!(items.len(), 13);
    let want_targets: Vec<String> =
        truth["targets"].as_array().expect("targets").iter().map(|t| text(t.get("target"))).collect();
    let keys = [
        "section",
        "section_title",
        "task_id",
        "task",
        "activity_id",
        "activity",
        "output",
        "lead",
        "partners",
        "deadline",
        "budget",
    ];
    let leaves = |list: &[Map<String, Value>], keys: &[&str]| -> Vec<Vec<String>> {
        list.iter()
            .filter(|r| text(r.get("item_kind")) != "target")
            .map(|m| keys.iter().map(|k| text(m.get(*k))).collect())
            .collect()
    };
    let targets = |list: &[Map<String, Value>]| -> Vec<String> {
        list.iter()
            .filter(|r| text(r.get("item_kind")) == "target")
            .map(|r| text(r.get("target")).trim_end_matches(['.', ';']).to_string())
            .collect()
    };
    let form = |f: &str| records_without_doc(&dir.join(format!("unseen11-2036.{f}")));
    for f in ["docx", "odt"] {
        let records = form(f);
        assert_eq!(leaves(&records, &keys), leaves(&items, &keys), "unseen11-2036.{f}: leaves");
        assert_eq!(targets(&records), want_targets, "unseen11-2036.{f}: targets");
        assert_eq!(records.len(), 17, "unseen11-2036.{f}: nothing else");
    }
    let mut doc = form("doc");
    let deleted = doc
        .iter()
        .position(|r| text(r.get("activity_id")) == "2.2" && text(r.get("activity")).is_empty())
        .expect("the deleted row's empty record (a gap of LibreOffice's .doc)");
    doc.remove(deleted);
    let texts: Vec<&str> = keys.iter().copied().filter(|k| *k != "activity_id").collect();
    assert_eq!(leaves(&doc, &texts), leaves(&items, &texts), "unseen11-2036.doc: every text field");
    assert_eq!(targets(&doc), want_targets, "unseen11-2036.doc: targets");
    for f in ["docx", "odt", "doc", "pdf", "layout.txt"] {
        let records = records_without_doc(&dir.join(format!("unseen11-2036-totrinh.{f}")));
        assert!(records.is_empty(), "the submission's {f}: {records:?}");
    }
}

/// `fixtures/unseen12/` (`make_unseen12.py`, measured first with
/// `measure_unseen12.py`; README there): a district's 2037 plan written in
/// Google Docs — Google's DOCX (runs split mid-word, empty runs, soft
/// breaks, widths with a decimal point, the task table in a landscape
/// appendix after the signature, group rows merged across, leads merged
/// down, a total row) and Google's HTML, and LibreOffice's ODT, `.doc` and
/// PDF of the DOCX — gives every task with every field and the four
/// targets, and nothing else (so it did at the first measurement). The
/// same district's report, whose results table has the plan's columns
/// but says in its "Tiến độ thực hiện" column how far the work got
/// ("Đã hoàn thành"), gives no record in any form (at the first
/// measurement: 6 false records in each form that keeps its table).
/// Google's plain text of the plan (its paragraphs a line each, its table
/// a cell a line) gives the four targets and three of its eleven tasks,
/// each whole (at the first measurement: no record; in session 16 the
/// targets alone, the table not being read). Not asserted: the layout
/// text's 10 of 11 tasks (README).
#[test]
fn a_twelfth_unseen_plan_from_google_docs_and_a_look_alike_report() {
    let dir = root().join("fixtures/unseen12");
    let (items, want_targets) = items_and_targets(&dir.join("unseen12-2037.truth.json"));
    assert_eq!(items.len(), 11);
    let tasks = |list: &[Map<String, Value>]| tasks_of(list, |t| t);
    for f in ["docx", "html", "odt", "doc", "pdf"] {
        let records = records_without_doc(&dir.join(format!("unseen12-2037.{f}")));
        assert_eq!(tasks(&records), tasks(&items), "unseen12-2037.{f}: tasks");
        assert_eq!(targets_of(&records), want_targets, "unseen12-2037.{f}: targets");
        assert_eq!(records.len(), 15, "unseen12-2037.{f}: nothing else");
    }
    let txt = records_without_doc(&dir.join("unseen12-2037.txt"));
    assert_eq!(targets_of(&txt), want_targets, "unseen12-2037.txt: the targets");
    // Its table a cell a line: the three rows whose cells line up, each
    // with every field of the plan's; the others (a cell merged with the
    // one above left out, a cell on two lines) give nothing.
    let txt_tasks = tasks(&txt);
    let ids: Vec<&str> = txt_tasks.iter().map(|t| t[2].as_str()).collect();
    assert_eq!(ids, ["3", "6", "9"], "unseen12-2037.txt: the tasks read");
    assert!(txt_tasks.iter().all(|t| tasks(&items).contains(t)), "unseen12-2037.txt: {txt_tasks:?}");
    assert_eq!(txt.len(), 7, "unseen12-2037.txt: nothing else");
    for f in ["docx", "html", "txt", "odt", "doc", "pdf", "layout.txt"] {
        let records = records_without_doc(&dir.join(format!("unseen12-2037-baocao.{f}")));
        assert!(records.is_empty(), "the report's {f}: {records:?}");
    }
}

/// `fixtures/unseen13/` (`make_unseen13.py`, measured first with
/// `measure_unseen13.py`; README there): a Sở Công Thương's 2038 plan
/// written in WPS Office, one table per Roman part with the parts' headings
/// as paragraphs between the tables, part III's table printed without a
/// header row, columns in an order no fixture had ("TT | Nhiệm vụ | Thời
/// gian thực hiện | Đơn vị chủ trì | …") and the budget in "triệu đồng"
/// with decimal commas — and LibreOffice's ODT, `.doc` and PDF of it —
/// gives every task with every field, its section from the heading above
/// its table, the four targets, and nothing else (at the first measurement,
/// before the rules it led to, 10 of 13 tasks and no section: the fixes were
/// made on it, so it is a development set now, not a held-out one). Its
/// budgets read in the column's unit, and its month spans as spans. The
/// province's decision publishing a list of procedures, in three tables
/// under Roman headings, gives no record. Not asserted: the layout text of
/// the plan (35 of 117 fields, README).
#[test]
fn a_thirteenth_unseen_plan_from_wps_office_in_one_table_per_part() {
    let dir = root().join("fixtures/unseen13");
    let (items, want_targets) = items_and_targets(&dir.join("unseen13-2038.truth.json"));
    assert_eq!(items.len(), 13);
    let tasks = |list: &[Map<String, Value>]| tasks_of(list, spaced);
    for f in ["docx", "odt", "doc", "pdf"] {
        let records = records_without_doc(&dir.join(format!("unseen13-2038.{f}")));
        assert_eq!(tasks(&records), tasks(&items), "unseen13-2038.{f}: tasks");
        assert_eq!(targets_of(&records), want_targets, "unseen13-2038.{f}: targets");
        assert_eq!(records.len(), 17, "unseen13-2038.{f}: nothing else");
        let read: Vec<(String, String, String, Option<f64>)> = records
            .iter()
            .filter(|r| text(r.get("item_kind")) == "task")
            .map(|r| {
                (
                    text(r.get("deadline_start")),
                    text(r.get("deadline_end")),
                    text(r.get("budget")),
                    r.get("budget_amount_vnd").and_then(Value::as_f64),
                )
            })
            .collect();
        let at = |deadline: &str| {
            let i = items.iter().position(|t| text(t.get("deadline")) == deadline).expect("in the truth");
            read[i].clone()
        };
        assert_eq!(at("Tháng 6 - 9/2038"), ("2038-06-01".into(), "2038-09-30".into(), "15".into(), Some(15e6)), "{f}");
        assert_eq!(at("Tháng 3/2038"), ("2038-03-01".into(), "2038-03-31".into(), "12,5".into(), Some(12.5e6)), "{f}");
        let i = items.iter().position(|t| text(t.get("budget")) == "1.250,5").expect("in the truth");
        assert_eq!(read[i].3, Some(1_250_500_000.0), "{f}");
    }
    for f in ["docx", "odt", "doc", "pdf", "layout.txt"] {
        let records = records_without_doc(&dir.join(format!("unseen13-2038-qd.{f}")));
        assert!(records.is_empty(), "the decision's {f}: {records:?}");
    }
}

/// `fixtures/unseen14/` (`make_unseen14.py`, measured first with
/// `measure_unseen14.py`; README there): a city's 2039 plan issued as the
/// appendix of its decision, its table numbered in Arabic only — groups
/// "1" … "6" merged across, tasks "1.1", activities "1.1.1" in one
/// "Nhiệm vụ/hoạt động" column — with agencies abbreviated ("P.TC-KH"),
/// a start and an end column, notes, and a budget merged down over three
/// activities; its DOCX, and LibreOffice's ODT and PDF of it, give every
/// leaf with every field (at the first measurement: 4 of 16 leaves with
/// their ids, "1.1" read as a sub-group and its activities as tasks). Its
/// layout text gives every leaf too. The look-alike half-year report gives
/// no record (9 before a report was taken to state no plan of its own).
/// Not asserted: the targets under "I. MỤC TIÊU" (none read).
#[test]
fn a_fourteenth_unseen_plan_numbered_in_arabic_gives_tasks_and_activities() {
    let dir = root().join("fixtures/unseen14");
    let keys = [
        "section",
        "section_title",
        "task_id",
        "task",
        "activity_id",
        "activity",
        "output",
        "lead",
        "deadline",
        "budget",
    ];
    let leaves = |list: &[Map<String, Value>]| -> Vec<Vec<String>> {
        list.iter()
            .filter(|r| text(r.get("item_kind")) != "target")
            .map(|m| {
                let mut fields: Vec<String> = keys.iter().map(|k| spaced(text(m.get(*k)))).collect();
                fields.push(partners_joined(m));
                fields
            })
            .collect()
    };
    let items = truth_items(&dir.join("unseen14-2039.truth.json"));
    assert_eq!(items.len(), 16);
    for f in ["docx", "odt", "pdf"] {
        let records = records_without_doc(&dir.join(format!("unseen14-2039.{f}")));
        assert_eq!(leaves(&records), leaves(&items), "unseen14-2039.{f}");
    }
    let layout = records_without_doc(&dir.join("unseen14-2039.layout.txt"));
    let ids = |list: &[Map<String, Value>]| -> Vec<(String, String)> {
        list.iter().map(|r| (text(r.get("task_id")), text(r.get("activity_id")))).collect()
    };
    assert_eq!(ids(&layout), ids(&items), "the layout text's leaves");
    for f in ["docx", "odt", "pdf", "layout.txt"] {
        let records = records_without_doc(&dir.join(format!("unseen14-2039-baocao.{f}")));
        assert!(records.is_empty(), "the report's {f}: {records:?}");
    }
}

/// `fixtures/unseen15/` (`make_unseen15.py`, measured first with
/// `measure_unseen15.py`; README there): a provincial department's 2040
/// plan whose table states no deadline — "Thời gian thực hiện" over "Quý
/// I | Quý II | Quý III | Quý IV", each task marking its quarters with "x"
/// — and one "Cơ quan chủ trì, phối hợp" column labelling both roles
/// ("Chủ trì: …⏎Phối hợp: …"). At the first measurement no task was read
/// (the table was taken for no plan: its agency cells start with a label,
/// its deadline cells hold "x"); now the DOCX, ODT and PDF give all 18 tasks
/// with every field, the deadline the last marked quarter in the plan's
/// year. The same office's notice of conclusions, whose table assigns
/// jobs with deadlines, gives no record (8 at the first measurement). Not
/// asserted: the layout text (113 of 144 fields, 4 false records; README).
#[test]
fn a_fifteenth_unseen_plan_marks_its_quarters_and_labels_its_agencies() {
    let dir = root().join("fixtures/unseen15");
    let keys = ["section", "section_title", "task_id", "task", "output", "lead", "deadline"];
    let tasks = |list: &[Map<String, Value>]| -> Vec<Vec<String>> {
        list.iter()
            .filter(|r| text(r.get("item_kind")) != "target")
            .map(|m| {
                let mut fields: Vec<String> = keys.iter().map(|k| spaced(text(m.get(*k)))).collect();
                let partners = m.get("partners_list").and_then(Value::as_array).map(|l| {
                    l.iter().map(|p| spaced(p.as_str().unwrap_or_default().to_string())).collect::<Vec<_>>().join("; ")
                });
                // The partners list starts each agency with a capital ("Các phòng").
                fields.push(partners.unwrap_or_default().to_lowercase());
                fields
            })
            .collect()
    };
    let items = truth_items(&dir.join("unseen15-2040.truth.json"));
    assert_eq!(items.len(), 18);
    for f in ["docx", "odt", "pdf"] {
        let records = records_without_doc(&dir.join(format!("unseen15-2040.{f}")));
        assert_eq!(tasks(&records), tasks(&items), "unseen15-2040.{f}");
        // The deadline is read as its quarter's last day.
        let all_year = records.iter().find(|r| text(r.get("deadline")) == "Quý IV/2040").expect("a Quý IV task");
        assert_eq!(text(all_year.get("deadline_end")), "2040-12-31", "{f}");
    }
    for f in ["docx", "odt", "pdf", "layout.txt"] {
        let records = records_without_doc(&dir.join(format!("unseen15-2040-tbkl.{f}")));
        assert!(records.is_empty(), "the notice's {f}: {records:?}");
    }
}

/// `fixtures/unseen16/` (`make_unseen16.py`, measured first with
/// `measure_unseen16.py`; README there): a district's 2041 plan typed in a
/// spreadsheet — letter parts A and B over Roman groups that restart
/// under each part, tasks "1", "2" and their activities lettered "a",
/// "b" — with its targets on a second sheet. At the first measurement 10
/// of its 20 leaves (the lettered activities read as tasks renumbered,
/// part B's "I" read as a damaged "IV"); now the XLSX, ODS, PDF and a DOCX
/// of it give every leaf with its ids and the targets. The district's
/// results report gives no record (25 at the first measurement). Not
/// asserted: the two budget columns (province, district: the second is kept
/// in `extra`) and the layout text (1 of 20 leaves; README).
#[test]
fn a_sixteenth_unseen_plan_letters_its_activities_under_parts() {
    let dir = root().join("fixtures/unseen16");
    let keys = ["part", "section", "section_title", "task_id", "task", "activity_id", "activity", "lead", "deadline"];
    let items = truth_items(&dir.join("unseen16-2041.truth.json"));
    assert_eq!(items.len(), 20);
    let want: Vec<Vec<String>> = items.iter().map(|m| keys.iter().map(|k| spaced(text(m.get(*k)))).collect()).collect();
    for f in ["xlsx", "ods", "pdf", "docx"] {
        let records = records_without_doc(&dir.join(format!("unseen16-2041.{f}")));
        let leaves: Vec<Vec<String>> = records
            .iter()
            .filter(|r| text(r.get("item_kind")) != "target")
            .map(|r| {
                keys.iter()
                    .map(|k| match *k {
                        // The part is the record's top group ("A" of "A.I").
                        "part" => text(r.get("section")).split('.').next().unwrap_or_default().to_string(),
                        "section" => text(r.get("section")).rsplit('.').next().unwrap_or_default().to_string(),
                        k => spaced(text(r.get(k))),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(leaves, want, "unseen16-2041.{f}");
        assert_eq!(targets_of(&records).len(), 4, "unseen16-2041.{f}: targets");
    }
    for f in ["xlsx", "ods", "pdf", "layout.txt"] {
        let records = records_without_doc(&dir.join(format!("unseen16-2041-bckq.{f}")));
        assert!(records.is_empty(), "the report's {f}: {records:?}");
    }
}

/// A truth file's items and its targets' texts (unseen12, unseen13).
fn items_and_targets(path: &Path) -> (Objects, Vec<String>) {
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("truth")).expect("JSON");
    let items =
        truth["items"].as_array().expect("items").iter().map(|t| t.as_object().expect("an object").clone()).collect();
    let targets = truth["targets"].as_array().expect("targets").iter().map(|t| text(t.get("target"))).collect();
    (items, targets)
}

/// The task fields of the records (or truth items) that are no target,
/// each text as `shape` makes it.
fn tasks_of(list: &[Map<String, Value>], shape: fn(String) -> String) -> Vec<Vec<String>> {
    let keys = ["section", "section_title", "task_id", "task", "output", "lead", "partners", "deadline", "budget"];
    list.iter()
        .filter(|r| text(r.get("item_kind")) != "target")
        .map(|m| keys.iter().map(|k| shape(text(m.get(*k)))).collect())
        .collect()
}

/// The targets' texts of the records, a closing "." or ";" aside.
fn targets_of(records: &[Map<String, Value>]) -> Vec<String> {
    records
        .iter()
        .filter(|r| text(r.get("item_kind")) == "target")
        .map(|r| text(r.get("target")).trim_end_matches(['.', ';']).to_string())
        .collect()
}

/// A text with its runs of white space as one space.
fn spaced(text: String) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A record's item text, as the measure scripts compare them: its
/// activity, else its task, else its target, white space and a closing
/// "." or ";" aside.
fn item(r: &Map<String, Value>) -> String {
    let t = ["activity", "task", "target"].iter().map(|k| spaced(text(r.get(*k)))).find(|t| !t.is_empty());
    t.unwrap_or_default().trim_end_matches(['.', ';']).to_string()
}

/// `fixtures/layout-heldout/` (README there): `pdftotext -layout` texts no
/// layout rule is tuned on — four new plans with two-row headers and
/// wrapped cells, and the layout texts of PDFs already in `fixtures/`.
/// Each text's records against its source's (the DOCX it was printed
/// from; the TCVN3 PDF itself), as `measure_layout_heldout.py` counts
/// them: (records, source records matched with their ids, records whose
/// item text the source has not). The figures are those after session 14's
/// layout rules (tuned on unseen9/10 only; the first measurement, before
/// them, is in the README there).
#[test]
fn the_held_out_layout_texts_give_their_sources_records() {
    let dir = root().join("fixtures/layout-heldout");
    let norm = |v: Option<&Value>| spaced(text(v));
    let ids = |r: &Map<String, Value>| -> Vec<String> {
        ["section", "target_id", "task_id", "activity_id"]
            .iter()
            .map(|k| norm(r.get(*k)).trim_end_matches(['.', ')']).to_string())
            .collect()
    };
    let cases: [(&str, &str, (usize, usize, usize)); 19] = [
        ("gddt-2036.layout.txt", "layout-heldout/gddt-2036.docx", (8, 7, 0)),
        ("tamnong-2036.layout.txt", "layout-heldout/tamnong-2036.docx", (11, 7, 4)),
        ("taichinh-2036.layout.txt", "layout-heldout/taichinh-2036.docx", (9, 5, 3)),
        ("tnmt-2036.layout.txt", "layout-heldout/tnmt-2036.docx", (6, 0, 1)),
        ("pdf/000-framework-noborders.layout.txt", "samples/000-framework.docx", (120, 120, 0)),
        ("pdf/002-tasks-noborders.layout.txt", "samples/002-tasks.docx", (44, 44, 0)),
        ("pdf/unseen-2027.layout.txt", "unseen/unseen-2027.docx", (12, 10, 2)),
        ("pdf/dev-ke-hoach-cchc-2026-stp.layout.txt", "triage/dev/ke-hoach-cchc-2026-stp.docx", (7, 6, 1)),
        // Its DOCX's records have the sections of the Roman headings above
        // its two tables (2026-12-02), which the layout text does not read:
        // the one record matched with its ids before has no match now.
        ("pdf/dev-ke-hoach-cchc-nganh-y-te.layout.txt", "triage/dev/ke-hoach-cchc-nganh-y-te.docx", (6, 0, 4)),
        ("pdf/dev-qd-ban-hanh-ke-hoach-cds.layout.txt", "triage/dev/qd-ban-hanh-ke-hoach-cds.docx", (5, 5, 0)),
        ("pdf/heldout-ke-hoach-de-an-06.layout.txt", "triage/heldout/ke-hoach-de-an-06.docx", (4, 1, 3)),
        (
            "pdf/heldout2-ke-hoach-khac-phuc-han-che.layout.txt",
            "triage/heldout2/ke-hoach-khac-phuc-han-che.docx",
            (3, 3, 0),
        ),
        ("pdf/heldout-chuong-trinh-hanh-dong.layout.txt", "triage/heldout/chuong-trinh-hanh-dong.docx", (4, 1, 3)),
        // Tuned on in session 16 (README there): a group's title under the
        // header and a row's number one space before its task.
        ("pdf/unseen2-2028.layout.txt", "unseen2/unseen2-2028.docx", (5, 5, 0)),
        (
            "pdf/unseen2-2028.borderless-landscape.layout.txt",
            "unseen2/unseen2-2028.borderless-landscape.docx",
            (2, 2, 0),
        ),
        // Plans whose layout text gives nothing yet.
        (
            "pdf/heldout3-ke-hoach-to-chuc-hoi-thi.layout.txt",
            "triage/heldout3/ke-hoach-to-chuc-hoi-thi.docx",
            (0, 0, 0),
        ),
        ("pdf/003-sections.layout.txt", "converters/003-sections.docx", (0, 0, 0)),
        ("pdf/002-tcvn3.layout.txt", "legacy/002-tcvn3.pdf", (0, 0, 0)),
        ("pdf/unseen-2027.ruled-landscape.layout.txt", "unseen/unseen-2027.docx", (0, 0, 0)),
    ];
    let mut got_all = Vec::new();
    for (layout, source, _) in cases {
        let got = records_without_doc(&dir.join(layout));
        let want = records_without_doc(&root().join("fixtures").join(source));
        let mut used = vec![false; got.len()];
        let mut items = 0;
        for q in &want {
            let same = |r: &Map<String, Value>| item(r) == item(q) && ids(r) == ids(q);
            let at = (0..got.len()).find(|&i| !used[i] && same(&got[i]));
            let at = at.or_else(|| (0..got.len()).find(|&i| !used[i] && item(&got[i]) == item(q)));
            if let Some(i) = at {
                used[i] = true;
                items += usize::from(same(&got[i]));
            }
        }
        let false_records = used.iter().filter(|u| !**u).count();
        got_all.push((layout, (got.len(), items, false_records)));
    }
    let want_all: Vec<(&str, (usize, usize, usize))> = cases.iter().map(|(l, _, f)| (*l, *f)).collect();
    assert_eq!(got_all, want_all);
    // The non-plans' layout texts give no record, as their sources.
    for name in std::fs::read_dir(dir.join("pdf")).expect("pdf/").map(|e| e.expect("entry").file_name()) {
        let name = name.to_string_lossy().into_owned();
        if cases.iter().any(|(l, _, _)| l.ends_with(&name)) {
            continue;
        }
        let records = records_without_doc(&dir.join("pdf").join(&name));
        assert!(records.is_empty(), "{name}: {records:?}");
    }
}

/// unseen11's second look-alike, written after the rules (held out): the
/// office's work programme of the year in the same Word style, its items
/// grouped by quarter ("QUÝ I" merged across the row) and numbered by
/// Word across a split table, one row deleted in review. By the triage
/// definition (items assigned to divisions with the month due) it gives
/// one record per item. Held out, the DOCX gave all 8 exactly; the ODT
/// numbered on past the deleted row, whose number cell carries no mark
/// (now a row whose text was all deleted numbers nothing); the `.doc` still
/// does (its ids 4–9 for 3–8).
#[test]
fn the_eleventh_plans_work_programme_gives_one_record_per_item() {
    let dir = root().join("fixtures/unseen11");
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("unseen11-2036-ctr.truth.json")).expect("truth"))
            .expect("JSON");
    let items: Objects = truth["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|t| {
            let mut t = t.as_object().expect("an object").clone();
            let group = t.remove("group").expect("a group");
            t.insert("section_title".into(), group);
            t
        })
        .collect();
    assert_eq!(items.len(), 8);
    let rows = |list: &[Map<String, Value>], keys: &[&str]| -> Vec<Vec<String>> {
        list.iter().map(|m| keys.iter().map(|k| text(m.get(*k))).collect()).collect()
    };
    let keys = ["section_title", "task_id", "task", "lead", "partners", "deadline"];
    for f in ["docx", "odt"] {
        let records = records_without_doc(&dir.join(format!("unseen11-2036-ctr.{f}")));
        assert_eq!(rows(&records, &keys), rows(&items, &keys), "unseen11-2036-ctr.{f}");
    }
    let doc = records_without_doc(&dir.join("unseen11-2036-ctr.doc"));
    let texts = ["section_title", "task", "lead", "partners", "deadline"];
    assert_eq!(rows(&doc, &texts), rows(&items, &texts), "unseen11-2036-ctr.doc: every text field");
    let ids: Vec<String> = doc.iter().map(|r| text(r.get("task_id"))).collect();
    assert_eq!(ids, ["1", "2", "4", "5", "6", "7", "8", "9"], "the .doc numbers the deleted row (a gap)");
}

/// An export's figures against its source DOCX's records, as
/// `measure_lo_txt.py` counts them: (records, targets among them, items
/// of the source found, false records: an item text the source has not,
/// records with a field the source's item has not: an output, lead,
/// partners, deadline or budget neither empty nor the source's).
type LoFigures = (usize, usize, usize, usize, usize);

fn lo_figures(export: &Path, source: &Path) -> LoFigures {
    let source = records_without_doc(source);
    let want: std::collections::BTreeSet<String> = source.iter().map(item).collect();
    let got = records_without_doc(export);
    let targets = got.iter().filter(|r| text(r.get("item_kind")) == "target").count();
    let found = got.iter().map(item).filter(|t| want.contains(t)).collect::<std::collections::BTreeSet<_>>().len();
    let false_records = got.iter().filter(|r| !want.contains(&item(r))).count();
    let fields = ["output", "lead", "partners", "deadline", "budget"];
    let agrees = |r: &Map<String, Value>, s: &Map<String, Value>| {
        fields.iter().all(|k| text(r.get(*k)).is_empty() || text(r.get(*k)) == text(s.get(*k)))
    };
    let moved = got
        .iter()
        .filter(|r| want.contains(&item(r)) && !source.iter().any(|s| item(s) == item(r) && agrees(r, s)))
        .count();
    assert!(got.iter().all(|r| !item(r).starts_with("Lưu:")), "{}: a recipient as an item", export.display());
    (got.len(), targets, found, false_records, moved)
}

/// `fixtures/lo-txt/` (README there): LibreOffice's plain-text exports of
/// unseen plans and look-alikes — a paragraph a line with no blank line
/// between, a table a cell a line with no delimiter — held out: no rule is
/// tuned on them. The targets stated in prose are found whole (at the
/// first measurement, on main 7cb90ac: none, the lines joined into one
/// paragraph; and 32 false records, the recipients under "Nơi nhận:" and
/// items of a joined outline among them). The tables a cell a line are
/// read where their rows line up with the header (session 17: 33 → 63 of
/// the 131 source items, false records 9 → 7, no field moved); the rest
/// is the gap the figures show.
#[test]
fn libreoffice_plain_text_exports_give_their_prose_targets_and_no_recipients() {
    let dir = root().join("fixtures/lo-txt");
    let cases: [(&str, LoFigures); 14] = [
        ("unseen3-2029", (4, 4, 4, 0, 0)),
        ("unseen4-2030", (8, 3, 3, 5, 0)),
        ("unseen5-2031", (14, 3, 14, 0, 0)),
        ("unseen7-2033", (11, 4, 11, 0, 0)),
        ("unseen7-2033-baocao", (0, 0, 0, 0, 0)),
        ("unseen7-2033-quyetdinh", (0, 0, 0, 0, 0)),
        ("unseen8-2034-bienban", (0, 0, 0, 0, 0)),
        ("unseen10-2035", (13, 4, 13, 0, 0)),
        ("unseen10-2035-baocao", (0, 0, 0, 0, 0)),
        ("unseen11-2036", (10, 4, 8, 2, 0)),
        ("unseen11-2036-ctr", (0, 0, 0, 0, 0)),
        ("unseen11-2036-totrinh", (0, 0, 0, 0, 0)),
        ("unseen12-2037", (10, 4, 10, 0, 0)),
        ("unseen12-2037-baocao", (0, 0, 0, 0, 0)),
    ];
    let mut got_all = Vec::new();
    for (stem, _) in cases {
        let set = stem.split('-').next().expect("a set");
        let source = root().join(format!("fixtures/{set}/{stem}.docx"));
        got_all.push((stem, lo_figures(&dir.join(format!("{stem}.lo.txt")), &source)));
    }
    assert_eq!(got_all, cases.to_vec());
}

/// `fixtures/lo-txt-dev/` (README there): LibreOffice's plain-text exports
/// of other DOCX fixtures, the set the cell-a-line table reader was tuned
/// on (session 17: items of the sources found 1 → 174 of 313, false
/// records 2 → 0). Its sources are listed in `sources.tsv`.
#[test]
fn libreoffice_plain_text_tables_of_the_tuning_set() {
    let dir = root().join("fixtures/lo-txt-dev");
    let cases: [(&str, LoFigures); 13] = [
        ("000-framework", (0, 0, 0, 0, 0)),
        ("002-tasks", (42, 0, 42, 0, 0)),
        ("003-sections", (79, 15, 73, 0, 0)),
        ("bien-ban-hoi-nghi", (0, 0, 0, 0, 0)),
        ("cong-van-cu-dai-bieu", (0, 0, 0, 0, 0)),
        ("features", (4, 0, 4, 0, 0)),
        ("ke-hoach-cchc-2026-stp", (7, 0, 7, 0, 0)),
        ("ke-hoach-de-an-06", (4, 0, 4, 0, 0)),
        ("qd-ban-hanh-ke-hoach-cds", (5, 0, 5, 0, 0)),
        ("unseen-2027", (12, 0, 12, 0, 0)),
        ("unseen2-2028", (9, 0, 9, 0, 0)),
        ("unseen6-2032", (7, 0, 7, 0, 0)),
        ("unseen8-2034", (11, 0, 11, 0, 0)),
    ];
    let listed = std::fs::read_to_string(dir.join("sources.tsv")).expect("sources.tsv");
    let source_of = |export: &str| -> PathBuf {
        let line = listed.lines().find(|l| l.split('\t').next() == Some(export)).expect("a listed export");
        root().join(line.split('\t').nth(1).expect("a source"))
    };
    let mut got_all = Vec::new();
    for (stem, _) in cases {
        let export = format!("{stem}.lo.txt");
        got_all.push((stem, lo_figures(&dir.join(&export), &source_of(&export))));
    }
    assert_eq!(got_all, cases.to_vec());
}

/// `fixtures/unseen17/` (`make_unseen17.py`, measured first with
/// `measure_unseen17.py`; README there): a commune's 2042 plan, its Word
/// file also saved as Word 97 (.doc), with a targets table under "II. CHỈ
/// TIÊU" and a task table under "III. NHIỆM VỤ, GIẢI PHÁP" whose groups
/// are Arabic ("1 | Cải cách thể chế") over tasks "1.1", doers named by
/// post ("Công chức Tư pháp - Hộ tịch"), several numbered in one cell, and
/// deadlines as ranges and periods ("Từ tháng 3 đến tháng 6/2042", "Định
/// kỳ hằng quý"). Every task is read with its id, text, output and
/// deadline in the DOCX, DOC, ODT and PDF, and the five targets with their
/// values ("≥ 95" read as at least 95 since this set; no value before). By
/// the convention of tables headed by the document's Roman parts, a task's
/// section is the part and its group ("III.1"; the set's truth says "1").
/// The commune's monthly work programme gives no record. Not asserted: the
/// layout text (two tables read as one, README there).
#[test]
fn a_seventeenth_unseen_plan_from_a_commune_in_word_97() {
    let dir = root().join("fixtures/unseen17");
    let items = truth_items(&dir.join("unseen17-2042.truth.json"));
    assert_eq!(items.len(), 16);
    let keys = ["task_id", "task", "output", "deadline"];
    let tasks = |list: &[Map<String, Value>]| -> Vec<Vec<String>> {
        list.iter()
            .filter(|r| text(r.get("item_kind")) != "target")
            .map(|m| keys.iter().map(|k| spaced(text(m.get(*k)))).collect())
            .collect()
    };
    // The doers, numbers and all: the lead and the partners of the truth.
    let doers = |m: &Map<String, Value>| -> Vec<String> {
        let mut all = vec![text(m.get("lead"))];
        all.extend(m.get("partners_list").and_then(Value::as_array).into_iter().flatten().map(|p| text(Some(p))));
        all.into_iter().filter(|d| !d.is_empty()).collect()
    };
    for f in ["docx", "doc", "odt", "pdf"] {
        let records = records_without_doc(&dir.join(format!("unseen17-2042.{f}")));
        assert_eq!(tasks(&records), tasks(&items), "unseen17-2042.{f}");
        let got: Vec<&Map<String, Value>> = records.iter().filter(|r| text(r.get("item_kind")) == "task").collect();
        let sections: Vec<String> = got.iter().map(|r| text(r.get("section"))).collect();
        let want: Vec<String> = items.iter().map(|t| format!("III.{}", text(t.get("section")))).collect();
        assert_eq!(sections, want, "unseen17-2042.{f}: sections");
        if f != "pdf" {
            // (The PDF's lines split some posts at " - ": README there.)
            for (record, item) in got.iter().zip(&items) {
                let lead_list: Vec<String> = record
                    .get("lead_list")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|l| text(Some(l)))
                    .collect();
                assert_eq!(lead_list, doers(item), "unseen17-2042.{f}: {}", text(item.get("task_id")));
            }
        }
        let values: Vec<Option<f64>> = records
            .iter()
            .filter(|r| text(r.get("item_kind")) == "target")
            .map(|r| r.get("indicator_value").and_then(Value::as_f64))
            .collect();
        assert_eq!(values.len(), 5, "unseen17-2042.{f}: targets");
        assert!(values.iter().all(Option::is_some), "unseen17-2042.{f}: every target's value: {values:?}");
    }
    for f in ["docx", "doc", "pdf", "layout.txt"] {
        let records = records_without_doc(&dir.join(format!("unseen17-2042-ctct.{f}")));
        assert!(records.is_empty(), "the programme's {f}: {records:?}");
    }
}

/// `fixtures/unseen18/` (`make_unseen18.py`, measured first with
/// `measure_unseen18.py`; README there): a department's 2043 plan as its
/// web portal publishes it (site header, menu, breadcrumbs, related news),
/// its task cells merged down (`rowspan`) over unnumbered activities,
/// partners as a `<ul>` list; and LibreOffice's DOCX and PDF of the page.
/// Every activity is read with its task, text, output, lead, partners and
/// deadline; the activities carry no id, as none is printed (the set's
/// truth numbers them by position). The page's issuer is read below its
/// headline; the DOCX's list bullets are no part of the partners' names.
/// Not asserted: the layout text (rows around a centred number, README)
/// and the look-alike event plan, whose preparation table gives 5 records
/// (the set's truth: none; a plan's own table of jobs, kept).
#[test]
fn an_eighteenth_unseen_plan_from_a_web_portal_with_merged_task_cells() {
    let dir = root().join("fixtures/unseen18");
    let items = truth_items(&dir.join("unseen18-2043.truth.json"));
    assert_eq!(items.len(), 18);
    let keys = ["section", "section_title", "task_id", "task", "activity", "output", "lead", "deadline"];
    let leaves = |list: &[Map<String, Value>]| -> Vec<Vec<String>> {
        list.iter()
            .map(|m| {
                // A closing "." aside.
                let mut fields: Vec<String> =
                    keys.iter().map(|k| spaced(text(m.get(*k))).trim_end_matches('.').to_string()).collect();
                fields.push(partners_joined(m));
                fields
            })
            .collect()
    };
    for f in ["html", "docx", "pdf"] {
        let records = records_without_doc(&dir.join(format!("unseen18-2043.{f}")));
        assert_eq!(leaves(&records), leaves(&items), "unseen18-2043.{f}");
    }
    let page: Value =
        serde_json::from_str(&kehoach_normalize::to_json(&crate::util::convert(&dir.join("unseen18-2043.html"))))
            .expect("JSON");
    assert_eq!(page["document"]["issuer"], serde_json::json!(["SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH LẠNG SƠN"]));
}

/// `fixtures/unseen19/` (`make_unseen19.py`, measured first with
/// `measure_unseen19.py`; README there): an industrial-zones board's 2044
/// plan whose narrow columns abbreviate their headers ("ĐV chủ trì", "T.gian
/// HT", "KP (tr.đ)"; a second form "ND công việc", "SP đầu ra", "CQ chủ
/// trì"), and whose lead cells in six rows mark each agency's role in
/// brackets ("Phòng A (chủ trì); Văn phòng Ban, Phòng B (phối hợp)"). At the
/// first measurement every task was found but the deadline, budget or
/// output of each lost to `extra`, and no marked cell was split; now every
/// field of every task in both DOCX forms, the ODT and the PDF, the
/// budgets read in millions ("KP (tr.đ)"). The board's inspection plan,
/// whose one table is the schedule of units to inspect, gives no record.
/// Not asserted: the layout text (12 of 18 tasks, README there).
#[test]
fn a_nineteenth_unseen_plan_abbreviates_its_headers_and_marks_roles() {
    let dir = root().join("fixtures/unseen19");
    let items = truth_items(&dir.join("unseen19-2044.truth.json"));
    assert_eq!(items.len(), 18);
    let keys = ["section", "section_title", "task_id", "task", "output", "lead", "partners", "deadline", "budget"];
    let tasks = |list: &[Map<String, Value>]| -> Vec<Vec<String>> {
        list.iter().map(|m| keys.iter().map(|k| spaced(text(m.get(*k))).to_lowercase()).collect()).collect()
    };
    for f in ["docx", "b.docx", "odt", "pdf"] {
        let name = if f == "b.docx" { "unseen19-2044-b.docx".to_string() } else { format!("unseen19-2044.{f}") };
        let records = records_without_doc(&dir.join(&name));
        assert_eq!(tasks(&records), tasks(&items), "{name}");
        if f == "docx" {
            // "1.200" under "KP (tr.đ)": 1,2 billion đồng.
            let amount = records
                .iter()
                .find(|r| text(r.get("budget")) == "1.200")
                .and_then(|r| r.get("budget_amount_vnd").and_then(Value::as_f64));
            assert_eq!(amount, Some(1.2e9), "{name}");
        }
    }
    for f in ["docx", "pdf", "layout.txt"] {
        let records = records_without_doc(&dir.join(format!("unseen19-2044-kt.{f}")));
        assert!(records.is_empty(), "the inspection plan's {f}: {records:?}");
    }
}

/// `fixtures/unseen20/` (`make_unseen20.py`, measured first with
/// `measure_unseen20.py`; README there): a department's 2045 plan as a
/// workbook — a cover sheet with the letterhead over two rows ("UBND TỈNH
/// NGHỆ AN" | motto, "SỞ Y TẾ" | "Độc lập …"), one sheet per group, each
/// with its title above its own header, and a summary sheet of counts.
/// Every task with every field in the XLSX, ODS, XLS and PDF at the first
/// measurement (held out, nothing tuned); the issuer was the province
/// alone, now the department under it as well (a letterhead's cells are
/// read column by column). The department's statistical report gives no
/// record. Not asserted: the layout text (README there).
#[test]
fn a_twentieth_unseen_plan_puts_each_group_on_a_sheet_of_its_own() {
    let dir = root().join("fixtures/unseen20");
    let items = truth_items(&dir.join("unseen20-2045.truth.json"));
    assert_eq!(items.len(), 20);
    let keys = ["section", "section_title", "task_id", "task", "output", "lead", "deadline"];
    let tasks = |list: &[Map<String, Value>]| -> Vec<Vec<String>> {
        list.iter().map(|m| keys.iter().map(|k| spaced(text(m.get(*k)))).collect()).collect()
    };
    for f in ["xlsx", "ods", "xls", "pdf"] {
        let records = records_without_doc(&dir.join(format!("unseen20-2045.{f}")));
        assert_eq!(tasks(&records), tasks(&items), "unseen20-2045.{f}");
    }
    let json: Value =
        serde_json::from_str(&kehoach_normalize::to_json(&crate::util::convert(&dir.join("unseen20-2045.xlsx"))))
            .expect("JSON");
    assert_eq!(json["document"]["issuer"], serde_json::json!(["UBND TỈNH NGHỆ AN", "SỞ Y TẾ"]));
    for f in ["xlsx", "ods", "xls", "pdf", "layout.txt"] {
        let records = records_without_doc(&dir.join(format!("unseen20-2045-tk.{f}")));
        assert!(records.is_empty(), "the report's {f}: {records:?}");
    }
}

/// A truth file's items.
fn truth_items(path: &Path) -> Objects {
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("truth")).expect("JSON");
    truth["items"].as_array().expect("items").iter().map(|t| t.as_object().expect("an object").clone()).collect()
}

/// A record's (or truth item's) partners list, each spaced, joined by "; ".
fn partners_joined(m: &Map<String, Value>) -> String {
    m.get("partners_list")
        .and_then(Value::as_array)
        .map(|l| l.iter().map(|p| spaced(p.as_str().unwrap_or_default().to_string())).collect::<Vec<_>>().join("; "))
        .unwrap_or_default()
}
