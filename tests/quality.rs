//! The quality commands: `diff` and `check` catch a deliberate change as
//! the exact items and fields it touched; `report` writes a self-contained
//! page.

use crate::util::{kehoach, root, scratch};
use serde_json::Value;

/// The expected output of 000 with three deliberate changes: one activity's
/// text cut short, one lead changed, one activity removed.
fn broken_000() -> String {
    let path = root().join("fixtures/expected/000_546985720e17fb0b.txt.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("expected")).expect("JSON");
    let group = &mut doc["tables"][0]["items"][0];
    let task = &mut group["children"][0]["children"][0];
    task["children"][0]["text"] = "Xây dựng dự thảo".into();
    task["children"][1]["fields"]["lead"] = "Thanh tra Sở".into();
    task["children"].as_array_mut().expect("activities").remove(2);
    serde_json::to_string_pretty(&doc).expect("serializes")
}

#[test]
fn diff_names_the_items_and_fields_that_changed() {
    let dir = scratch("quality-diff");
    let broken = dir.join("000.json");
    std::fs::write(&broken, broken_000()).unwrap();
    let out = kehoach(&["diff", "fixtures/expected/000_546985720e17fb0b.txt.json", broken.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("~ changed activity table 0 › I › 1.1 › 2.1 › 3.1"), "{text}");
    assert!(text.contains("text: \"Xây dựng dự thảo Kế hoạch CCHC.\" → \"Xây dựng dự thảo\""), "{text}");
    assert!(text.contains("~ changed activity table 0 › I › 1.1 › 2.1 › 3.2"), "{text}");
    assert!(text.contains("lead: \"Văn phòng Sở\" → \"Thanh tra Sở\""), "{text}");
    assert!(text.contains("- missing activity table 0 › I › 1.1 › 2.1 › 3.3"), "{text}");
    assert!(text.contains("228 expected, 227 found, 227 matched; 1 missing, 0 added, 2 changed"), "{text}");
    // Machine-readable form.
    let out = kehoach(&[
        "diff",
        "--format",
        "json",
        "fixtures/expected/000_546985720e17fb0b.txt.json",
        broken.to_str().unwrap(),
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["missing"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["changed"][1]["changes"][0]["field"], "lead");
    // Equal outputs, whitespace and key order aside: exit 0.
    let same = kehoach(&[
        "diff",
        "fixtures/expected/000_546985720e17fb0b.txt.json",
        "fixtures/expected/000_546985720e17fb0b.txt.json",
    ]);
    assert_eq!(same.status.code(), Some(0));
    // Unreadable input: exit 2.
    let bad = kehoach(&["diff", "fixtures/expected/000_546985720e17fb0b.txt.json", "README.md"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn check_scores_documents_and_fails_below_the_threshold() {
    let dir = scratch("quality-check");
    let inputs = dir.join("inputs");
    let expected = dir.join("expected");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::create_dir_all(&expected).unwrap();
    for name in ["000_546985720e17fb0b.txt", "002_ddd63cb72f6035f4.txt"] {
        std::fs::copy(root().join("fixtures/seeds").join(name), inputs.join(name)).unwrap();
        std::fs::copy(
            root().join("fixtures/expected").join(format!("{name}.json")),
            expected.join(format!("{name}.json")),
        )
        .unwrap();
    }
    std::fs::write(expected.join("000_546985720e17fb0b.txt.json"), broken_000()).unwrap();
    let args = ["check", inputs.to_str().unwrap(), "--expected", expected.to_str().unwrap()];
    let out = kehoach(&args);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let row = text.lines().find(|l| l.contains("000_546985720e17fb0b.txt")).expect("a row for 000");
    assert!(row.contains("227    228     227") && row.ends_with("BELOW"), "{row}");
    assert!(text.lines().any(|l| l.contains("002_ddd63cb72f6035f4.txt") && l.ends_with("ok")), "{text}");
    assert!(text.contains("lead: \"Thanh tra Sở\" → \"Văn phòng Sở\""), "the failing document's diff follows: {text}");
    // A lower threshold lets it pass; --update re-blesses.
    let lenient = kehoach(&[args[0], args[1], args[2], args[3], "--min-score", "0.9"]);
    assert_eq!(lenient.status.code(), Some(0));
    assert_eq!(kehoach(&[args[0], args[1], args[2], args[3], "--update"]).status.code(), Some(0));
    assert!(expected.join("000_546985720e17fb0b.txt.jsonl").exists());
    let again = kehoach(&args);
    assert_eq!(again.status.code(), Some(0), "{}", String::from_utf8_lossy(&again.stdout));
}

#[test]
fn report_is_a_self_contained_page() {
    let dir = scratch("quality-report");
    let html_path = dir.join("000.html");
    let out = kehoach(&["report", "fixtures/seeds/000_546985720e17fb0b.txt", "-o", html_path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // No network, no external assets.
    for external in ["http://", "https://", "<script", "<link", "@import", "src="] {
        assert!(!html.contains(external), "{external} in the report");
    }
    // Counts at the top, the hierarchy, the source lines with anchors, and
    // the items linked to them.
    assert!(html.contains("<b>41</b> targets") && html.contains("<b>115</b> activities"), "counts");
    assert!(html.contains("<b>120</b> flat records"));
    assert!(html.contains("Xây dựng dự thảo Kế hoạch CCHC."));
    assert!(html.contains("<tr id=\"L9\""), "source line 9 has an anchor");
    assert!(html.contains("<a href=\"#L9\">9</a>"), "an item links to its source line");
    // Diagnostics are highlighted where they occur.
    assert!(html.contains("class=\"d-warning\""), "a warned line is highlighted");
    assert!(html.contains("numbering-gap"));
    // Listed errors first, then warnings, then notes, with a filter per
    // level (checkboxes and CSS, no script).
    let listed: Vec<&str> = html.split("<li class=\"").skip(1).filter_map(|l| l.split('"').next()).collect();
    let first_info = listed.iter().position(|l| *l == "info").expect("notes");
    assert!(listed.iter().skip(first_info).all(|l| *l == "info"), "warnings before notes: {listed:?}");
    assert!(listed.contains(&"warning"));
    for level in ["error", "warning", "info"] {
        assert!(html.contains(&format!("<input type=\"checkbox\" id=\"f-{level}\" checked>")), "{level} filter");
        assert!(html.contains(&format!("#f-{level}:not(:checked)~ul li.{level}")), "{level} filter rule");
    }
    // Office input: rows of the reader's tables stand in for lines.
    let docx_html = dir.join("docx.html");
    let out = kehoach(&["report", "fixtures/office/features.docx", "-o", docx_html.to_str().unwrap()]);
    assert!(out.status.success());
    let html = std::fs::read_to_string(&docx_html).unwrap();
    assert!(html.contains("id=\"T1-R3\"") && html.contains("href=\"#T1-R3\""), "table rows are anchored and linked");
}

/// The report of a PDF shows its pages as the scan path renders them (the
/// in-process renderer: nothing to install), each item's box on its page.
#[test]
fn report_shows_pdf_pages_with_item_boxes() {
    let dir = scratch("quality-report-pdf");
    let html_path = dir.join("002.html");
    let pdf = "fixtures/samples/002-tasks.pdf";
    let out = kehoach(&["report", pdf, "-o", html_path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(
        html.contains("<div class=\"pg\" id=\"page-1\"><img alt=\"page 1\" src=\"data:image/png;base64,iVBORw0KGgo")
    );
    let pages = html.matches("<div class=\"pg\"").count();
    assert!(pages >= 2, "{pages} pages");
    // Every task has a box on a page, inside the page.
    let tasks = html.matches("class=\"box k-task\"").count();
    assert!(tasks >= 10, "{tasks} task boxes");
    for style in html.split("class=\"box k-task\"").skip(1).map(|s| s.split("style=\"").nth(1).unwrap()) {
        let left: f64 = style.strip_prefix("left:").unwrap().split('%').next().unwrap().parse().unwrap();
        assert!((0.0..100.0).contains(&left), "{style}");
    }
}
