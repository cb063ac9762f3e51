//! Item-level comparison of two kehoach outputs.
//!
//! Both sides are flattened into [`Entry`]s — one per item (canonical JSON)
//! or per record (flat JSONL), plus one for the document metadata — keyed
//! by their path of ids (`table 0 › I › 1.1 › 2.1 › 3.1`). Entries pair up
//! by path first, then, among the leftovers of the same kind, by text
//! similarity, so an item whose number changed is reported as changed, not
//! as one missing and one added. Strings compare with whitespace collapsed;
//! object key order never matters.

use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// One comparable unit: an item, a flat record, or the metadata.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    /// Ids from the table down to the item, e.g. `table 0 › I › 1.1 › 2.1`.
    pub path: String,
    /// `group`, `target`, `task`, `activity`, `record` or `document`.
    pub kind: String,
    /// The item's text (empty for metadata).
    pub text: String,
    /// Field name → value (`text` excluded), whitespace collapsed in every
    /// string; lists and objects stay JSON lists and objects.
    pub fields: BTreeMap<String, Value>,
}

/// A field whose value differs between two paired entries.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    /// Field name (`text` for the item's text).
    pub field: String,
    /// Expected value (null when absent).
    pub expected: Option<Value>,
    /// Actual value (null when absent).
    pub actual: Option<Value>,
}

/// Two paired entries that differ.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Changed {
    /// The expected entry's path.
    pub path: String,
    /// The actual entry's path when it differs (matched by text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual_path: Option<String>,
    /// Entry kind.
    pub kind: String,
    /// What differs.
    pub changes: Vec<FieldChange>,
}

/// The differences between two outputs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Diff {
    /// Entries only in the actual output.
    pub added: Vec<Entry>,
    /// Entries only in the expected output.
    pub missing: Vec<Entry>,
    /// Paired entries that differ.
    pub changed: Vec<Changed>,
    /// Entries in the expected output.
    pub expected_count: usize,
    /// Entries in the actual output.
    pub actual_count: usize,
    /// Paired entries (equal or changed).
    pub matched: usize,
    /// Fields compared over the paired entries (text included).
    pub fields_compared: usize,
    /// Of those, equal.
    pub fields_equal: usize,
}

impl Diff {
    /// Whether the two outputs say the same.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.missing.is_empty() && self.changed.is_empty()
    }

    /// Paired entries over entries found (1 when nothing was found).
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.actual_count)
    }

    /// Paired entries over entries expected (1 when nothing was expected).
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.expected_count)
    }

    /// Equal fields over fields compared in paired entries.
    pub fn field_accuracy(&self) -> f64 {
        ratio(self.fields_equal, self.fields_compared)
    }

    /// One number for the document: F1 of precision and recall times field
    /// accuracy; 1 exactly when the outputs agree item for item.
    pub fn score(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        f1 * self.field_accuracy()
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Why an output could not be read as kehoach output.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// One JSON value that is neither a canonical document nor a record.
    #[error("JSON but neither a kehoach canonical document nor flat records")]
    NotKehoach,
    /// A line of JSONL that is not JSON.
    #[error("line {line}: not JSON ({source}); expected canonical JSON or JSONL")]
    NotJson {
        /// 1-based line.
        line: usize,
        /// The JSON parser's error.
        source: std::sync::Arc<serde_json::Error>,
    },
    /// A line of JSONL that is JSON but no object.
    #[error("line {0}: a flat record is a JSON object")]
    NotObject(usize),
}

/// Reads a canonical JSON document or flat JSONL records into entries.
pub fn entries(text: &str) -> Result<Vec<Entry>, FormatError> {
    let trimmed = text.trim_start();
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        if value.get("schema").is_some() && value.get("tables").is_some() {
            return Ok(canonical_entries(&value));
        }
        if value.is_object() && trimmed.lines().count() <= 1 {
            return Ok(record_entries(std::slice::from_ref(&value)));
        }
        return Err(FormatError::NotKehoach);
    }
    let mut records = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let value: Value =
            serde_json::from_str(line).map_err(|e| FormatError::NotJson { line: i + 1, source: e.into() })?;
        if !value.is_object() {
            return Err(FormatError::NotObject(i + 1));
        }
        records.push(value);
    }
    Ok(record_entries(&records))
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A value to compare: null is absent, strings have their whitespace
/// collapsed (inside lists and objects too).
fn scalar(value: &Value) -> Option<Value> {
    match value {
        Value::Null => None,
        other => Some(squash_value(other)),
    }
}

fn squash_value(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(squash(s)),
        Value::Array(items) => Value::Array(items.iter().map(squash_value).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), squash_value(v))).collect()),
        other => other.clone(),
    }
}

/// A value as one line of text: a string as itself, anything else as JSON.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn canonical_entries(doc: &Value) -> Vec<Entry> {
    let mut out = Vec::new();
    if let Some(document) = doc.get("document").or_else(|| doc.get("metadata")).and_then(Value::as_object) {
        let fields: BTreeMap<String, Value> =
            document.iter().filter_map(|(k, v)| Some((k.clone(), scalar(v)?))).collect();
        out.push(Entry { path: "document".into(), kind: "document".into(), text: String::new(), fields });
    }
    for table in doc.get("tables").and_then(Value::as_array).into_iter().flatten() {
        let index = table.get("index").and_then(Value::as_u64).unwrap_or(0);
        let base = format!("table {index}");
        for item in table.get("items").and_then(Value::as_array).into_iter().flatten() {
            item_entries(item, &base, &mut out);
        }
    }
    out
}

fn item_entries(item: &Value, parent: &str, out: &mut Vec<Entry>) {
    let id = item.get("number").and_then(Value::as_str).unwrap_or("-");
    let path = format!("{parent} › {id}");
    let mut fields = BTreeMap::new();
    if let Some(f) = item.get("fields").and_then(Value::as_object) {
        for (k, v) in f {
            match v {
                Value::Object(extra) => {
                    for (h, x) in extra {
                        if let Some(x) = scalar(x) {
                            fields.insert(format!("{k}.{h}"), x);
                        }
                    }
                }
                v => {
                    if let Some(v) = scalar(v) {
                        fields.insert(k.clone(), v);
                    }
                }
            }
        }
    }
    if let Some(row) = item.get("row_number").and_then(scalar) {
        fields.insert("row_number".into(), row);
    }
    out.push(Entry {
        path: path.clone(),
        kind: item.get("kind").and_then(Value::as_str).unwrap_or("item").to_string(),
        text: item.get("text").and_then(Value::as_str).map(squash).unwrap_or_default(),
        fields,
    });
    for child in item.get("children").and_then(Value::as_array).into_iter().flatten() {
        item_entries(child, &path, out);
    }
}

fn record_entries(records: &[Value]) -> Vec<Entry> {
    records
        .iter()
        .map(|r| {
            let get = |k: &str| r.get(k).and_then(scalar).map_or_else(|| "-".into(), |v| plain(&v));
            let path = format!(
                "table {} › {} › {} › {} › {}",
                get("table"),
                get("section"),
                get("target_id"),
                get("task_id"),
                get("activity_id")
            );
            let text = ["activity", "task", "target"]
                .iter()
                .find_map(|k| r.get(*k).and_then(scalar))
                .map(|v| plain(&v))
                .unwrap_or_default();
            // The input's name differs by design when one plan is compared
            // across files.
            let fields = r
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(k, _)| !["doc", "file"].contains(&k.as_str()))
                .filter_map(|(k, v)| Some((k.clone(), scalar(v)?)))
                .collect();
            Entry { path, kind: "record".into(), text, fields }
        })
        .collect()
}

/// Compares two lists of entries.
pub fn diff(expected: &[Entry], actual: &[Entry]) -> Diff {
    let mut result = Diff { expected_count: expected.len(), actual_count: actual.len(), ..Diff::default() };
    // Pair by path, in order among equal paths.
    let mut by_path: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in actual.iter().enumerate().rev() {
        by_path.entry(a.path.as_str()).or_default().push(i);
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut used = vec![false; actual.len()];
    let mut unpaired: Vec<usize> = Vec::new();
    for (e, entry) in expected.iter().enumerate() {
        match by_path.get_mut(entry.path.as_str()).and_then(Vec::pop) {
            Some(a) => {
                used[a] = true;
                pairs.push((e, a));
            }
            None => unpaired.push(e),
        }
    }
    // Then by text similarity among the leftovers of the same kind.
    let mut still_missing = Vec::new();
    for e in unpaired {
        let entry = &expected[e];
        let best = actual
            .iter()
            .enumerate()
            .filter(|(a, cand)| !used[*a] && cand.kind == entry.kind)
            .map(|(a, cand)| (a, strsim::normalized_levenshtein(&entry.text, &cand.text)))
            .filter(|(_, s)| *s >= 0.8)
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
        match best {
            Some((a, _)) => {
                used[a] = true;
                pairs.push((e, a));
            }
            None => still_missing.push(e),
        }
    }
    pairs.sort();
    for (e, a) in pairs {
        let (x, y) = (&expected[e], &actual[a]);
        result.matched += 1;
        let mut changes = Vec::new();
        let mut compare = |field: &str, ev: Option<&Value>, av: Option<&Value>| {
            result.fields_compared += 1;
            if ev == av {
                result.fields_equal += 1;
            } else {
                changes.push(FieldChange { field: field.to_string(), expected: ev.cloned(), actual: av.cloned() });
            }
        };
        compare("text", Some(&Value::String(x.text.clone())), Some(&Value::String(y.text.clone())));
        let keys: std::collections::BTreeSet<&String> = x.fields.keys().chain(y.fields.keys()).collect();
        for key in keys {
            compare(key, x.fields.get(key), y.fields.get(key));
        }
        if !changes.is_empty() || x.path != y.path {
            result.changed.push(Changed {
                path: x.path.clone(),
                actual_path: (x.path != y.path).then(|| y.path.clone()),
                kind: x.kind.clone(),
                changes,
            });
        }
    }
    result.missing = still_missing.into_iter().map(|e| expected[e].clone()).collect();
    result.added = actual.iter().enumerate().filter(|(a, _)| !used[*a]).map(|(_, x)| x.clone()).collect();
    result
}

/// Two long values cut to where they start to differ ("…ban hành kèm theo
/// Nghị định" → "…ban hành kèm"), so the change is visible.
fn around_difference(expected: Option<&str>, actual: Option<&str>) -> (Option<String>, Option<String>) {
    let (Some(e), Some(a)) = (expected, actual) else {
        return (expected.map(str::to_string), actual.map(str::to_string));
    };
    let common = e.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
    if common <= 60 {
        return (Some(e.to_string()), Some(a.to_string()));
    }
    let cut = |s: &str| format!("…{}", s.chars().skip(common - 30).collect::<String>());
    (Some(cut(e)), Some(cut(a)))
}

/// The diff as readable lines; `colour` adds ANSI colours (terminals).
pub fn render(diff: &Diff, colour: bool) -> String {
    let paint = |code: &str, text: &str| if colour { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() };
    let short = |text: &str| {
        if text.chars().count() > 100 {
            format!("{}…", text.chars().take(100).collect::<String>())
        } else {
            text.to_string()
        }
    };
    let show = |v: &Option<String>| v.as_deref().map_or_else(|| "(none)".to_string(), |s| format!("{:?}", short(s)));
    let text_of = |v: &Option<Value>| v.as_ref().map(plain);
    let mut out = String::new();
    for m in &diff.missing {
        out.push_str(&paint("31", &format!("- missing {} {}: {}", m.kind, m.path, short(&m.text))));
        out.push('\n');
    }
    for a in &diff.added {
        out.push_str(&paint("32", &format!("+ added {} {}: {}", a.kind, a.path, short(&a.text))));
        out.push('\n');
    }
    for c in &diff.changed {
        let moved = c.actual_path.as_ref().map_or_else(String::new, |p| format!(" (now {p})"));
        out.push_str(&paint("33", &format!("~ changed {} {}{moved}", c.kind, c.path)));
        out.push('\n');
        for f in &c.changes {
            let (e, a) = around_difference(text_of(&f.expected).as_deref(), text_of(&f.actual).as_deref());
            out.push_str(&format!("    {}: {} → {}\n", f.field, paint("31", &show(&e)), paint("32", &show(&a))));
        }
    }
    out.push_str(&format!(
        "{} expected, {} found, {} matched; {} missing, {} added, {} changed; field accuracy {:.3}\n",
        diff.expected_count,
        diff.actual_count,
        diff.matched,
        diff.missing.len(),
        diff.added.len(),
        diff.changed.len(),
        diff.field_accuracy()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(items: Value) -> String {
        serde_json::json!({"schema": "kehoach.plan/1", "document": {"title": "T"}, "tables": [{"index": 0, "items": items}]})
            .to_string()
    }

    #[test]
    fn equal_outputs_and_whitespace_or_key_order() {
        let a = doc(
            serde_json::json!([{"kind": "task", "number": "1", "text": "Rà  soát\nvăn bản", "fields": {"lead": "A", "deadline": "Quý I"}}]),
        );
        let b = doc(
            serde_json::json!([{"fields": {"deadline": "Quý I", "lead": "A"}, "text": "Rà soát văn bản", "number": "1", "kind": "task"}]),
        );
        let d = diff(&entries(&a).unwrap(), &entries(&b).unwrap());
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(d.score(), 1.0);
    }

    #[test]
    fn added_missing_changed_and_renumbered() {
        let a = doc(serde_json::json!([
            {"kind": "task", "number": "1", "text": "Rà soát văn bản quy phạm", "fields": {"lead": "A"}},
            {"kind": "task", "number": "2", "text": "Kiểm tra", "fields": {"lead": "B"}},
            {"kind": "task", "number": "3", "text": "Công bố thủ tục", "fields": {"lead": "C"}}
        ]));
        let b = doc(serde_json::json!([
            {"kind": "task", "number": "1", "text": "Rà soát văn bản quy phạm", "fields": {"lead": "X"}},
            {"kind": "task", "number": "4", "text": "Công bố thủ tục", "fields": {"lead": "C"}},
            {"kind": "task", "number": "5", "text": "Hoàn toàn mới", "fields": {}}
        ]));
        let d = diff(&entries(&a).unwrap(), &entries(&b).unwrap());
        assert_eq!(d.missing.len(), 1);
        assert_eq!(d.missing[0].path, "table 0 › 2");
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.added[0].path, "table 0 › 5");
        assert_eq!(d.changed.len(), 2);
        assert_eq!(
            d.changed[0].changes,
            [FieldChange { field: "lead".into(), expected: Some("A".into()), actual: Some("X".into()) }]
        );
        assert_eq!(d.changed[1].actual_path.as_deref(), Some("table 0 › 4"), "matched by text");
        assert_eq!((d.expected_count, d.actual_count, d.matched), (4, 4, 3));
        let text = render(&d, false);
        assert!(text.contains("- missing task table 0 › 2: Kiểm tra"), "{text}");
        assert!(text.contains("lead: \"A\" → \"X\""), "{text}");
    }

    #[test]
    fn flat_records_compare_too() {
        let a = r#"{"doc":"a.txt","table":0,"section":"I","target_id":null,"task_id":"1","activity_id":null,"task":"X","lead":"A","lead_list":["A"]}"#;
        let b = r#"{"doc":"b.txt","table":0,"section":"I","target_id":null,"task_id":"1","activity_id":null,"task":"X","lead":"B","lead_list":["B"]}"#;
        let d = diff(&entries(a).unwrap(), &entries(b).unwrap());
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].changes.len(), 2, "lead and lead_list; doc is ignored");
        let list = d.changed[0].changes.iter().find(|c| c.field == "lead_list").expect("lead_list changed");
        assert_eq!(list.actual, Some(serde_json::json!(["B"])), "lists stay JSON lists");
        assert!(entries("not json").is_err());
    }
}
