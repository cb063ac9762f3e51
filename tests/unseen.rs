//! A plan no rule was tuned on (`fixtures/unseen/`, written after them by
//! `make_unseen.py`): a district's 2027 plan with a layout no seed uses,
//! in the forms an office suite and pandoc print it, against the truth
//! written from the same data. Every task and every field is read exactly.

use crate::util::{records_without_doc, root};
use serde_json::Value;

/// The values of `keys` in each record, whitespace-normalised ("" for
/// null or absent).
fn fields(records: &[serde_json::Map<String, Value>], keys: [&str; 8]) -> Vec<Vec<String>> {
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
    };
    records.iter().map(|r| keys.iter().map(|k| text(r.get(*k))).collect()).collect()
}

#[test]
fn an_unseen_plan_is_read_exactly_in_every_committed_form() {
    let dir = root().join("fixtures/unseen");
    let truth: Vec<serde_json::Map<String, Value>> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("unseen-2027.truth.json")).expect("truth"))
            .expect("truth parses");
    assert_eq!(truth.len(), 12);
    let expected = fields(&truth, ["group", "id", "task", "output", "lead", "partners", "deadline", "note"]);
    for form in ["html", "docx", "odt", "xlsx", "pandoc.md", "gfm.md", "plain.txt", "ruled-landscape.pdf"] {
        let records = records_without_doc(&dir.join(format!("unseen-2027.{form}")));
        let found = fields(&records, ["section", "task_id", "task", "output", "lead", "partners", "deadline", "note"]);
        assert_eq!(found, expected, "unseen-2027.{form}");
    }
}
