//! Flat records: one per leaf item, for spreadsheets and other systems.

use crate::readings::Comparator;
use crate::{CanonicalDocument, ItemKindOut, ItemOut};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::io::{self, Write};

/// The fixed columns of every flat record, in order.
pub const FIXED_COLUMNS: [&str; 16] = [
    "doc",
    "table",
    "section",
    "section_title",
    "target_id",
    "target",
    "task_id",
    "task",
    "activity_id",
    "activity",
    "output",
    "lead",
    "partners",
    "deadline",
    "budget",
    "note",
];

/// The reading columns every flat record has after the fixed ones: the
/// deadline's kind and ISO range, and the canonical agency and deliverable
/// lists (JSON arrays; in CSV joined with "; ").
pub const READING_COLUMNS: [&str; 6] =
    ["deadline_kind", "deadline_start", "deadline_end", "lead_list", "partners_list", "output_list"];

/// One leaf item (an activity where the table has activities, else a task,
/// else a target) with everything above it flattened in.
///
/// Ids are the printed numbers without trailing punctuation (`2.12:` →
/// `2.12`); `section` is the group numeral, a lettered sub-group joined as
/// `VII.A`. A mixed "Phân công" column goes whole into `lead`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlatRecord {
    /// Source file name.
    pub doc: String,
    /// 0-based table index.
    pub table: usize,
    /// Group numeral (`I`, `VII.A`).
    pub section: Option<String>,
    /// Group title (the sub-group's, for a sub-group).
    pub section_title: Option<String>,
    /// Target number.
    pub target_id: Option<String>,
    /// Target text.
    pub target: Option<String>,
    /// Task number.
    pub task_id: Option<String>,
    /// Task text.
    pub task: Option<String>,
    /// Activity number.
    pub activity_id: Option<String>,
    /// Activity text.
    pub activity: Option<String>,
    /// Output.
    pub output: Option<String>,
    /// Lead agency (or the whole assignment text).
    pub lead: Option<String>,
    /// Partner agencies.
    pub partners: Option<String>,
    /// Deadline.
    pub deadline: Option<String>,
    /// Budget.
    pub budget: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Deadline kind (`date`, `by_date`, `month`, `quarter`, `year`,
    /// `range`, `recurring`, `event`, `per_plan`, `unparsed`).
    pub deadline_kind: Option<String>,
    /// First day of the deadline (ISO 8601).
    pub deadline_start: Option<String>,
    /// Last day of the deadline (ISO 8601).
    pub deadline_end: Option<String>,
    /// Lead agencies, canonical names.
    pub lead_list: Vec<String>,
    /// Partner agencies, canonical names.
    pub partners_list: Vec<String>,
    /// Deliverables.
    pub output_list: Vec<String>,
    /// Extra keys after the reading columns (indicator fields, unmapped columns),
    /// in a stable order; only non-empty values are listed.
    pub extra: Vec<(String, String)>,
}

impl FlatRecord {
    fn fixed_values(&self) -> [Option<String>; 16] {
        [
            Some(self.doc.clone()),
            Some(self.table.to_string()),
            self.section.clone(),
            self.section_title.clone(),
            self.target_id.clone(),
            self.target.clone(),
            self.task_id.clone(),
            self.task.clone(),
            self.activity_id.clone(),
            self.activity.clone(),
            self.output.clone(),
            self.lead.clone(),
            self.partners.clone(),
            self.deadline.clone(),
            self.budget.clone(),
            self.note.clone(),
        ]
    }
}

impl FlatRecord {
    /// The reading columns as CSV cells (lists joined with "; ").
    fn reading_values(&self) -> [String; 6] {
        [
            self.deadline_kind.clone().unwrap_or_default(),
            self.deadline_start.clone().unwrap_or_default(),
            self.deadline_end.clone().unwrap_or_default(),
            self.lead_list.join("; "),
            self.partners_list.join("; "),
            self.output_list.join("; "),
        ]
    }
}

impl Serialize for FlatRecord {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(FIXED_COLUMNS.len() + READING_COLUMNS.len() + self.extra.len()))?;
        for (key, value) in FIXED_COLUMNS.iter().zip(self.fixed_values()) {
            if *key == "table" {
                map.serialize_entry(key, &self.table)?;
            } else {
                map.serialize_entry(key, &value)?;
            }
        }
        map.serialize_entry("deadline_kind", &self.deadline_kind)?;
        map.serialize_entry("deadline_start", &self.deadline_start)?;
        map.serialize_entry("deadline_end", &self.deadline_end)?;
        map.serialize_entry("lead_list", &self.lead_list)?;
        map.serialize_entry("partners_list", &self.partners_list)?;
        map.serialize_entry("output_list", &self.output_list)?;
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// The flat records of a document, in document order.
pub fn flat_records(doc: &CanonicalDocument) -> Vec<FlatRecord> {
    let mut out = Vec::new();
    for table in &doc.tables {
        let base = FlatRecord { doc: doc.source.file.clone(), table: table.index, ..FlatRecord::default() };
        for item in &table.items {
            walk(item, &base, None, &mut out);
        }
    }
    out
}

fn walk<'a>(item: &'a ItemOut, above: &FlatRecord, owner: Option<&'a ItemOut>, out: &mut Vec<FlatRecord>) {
    let mut record = above.clone();
    let number = item.number.clone();
    let text = Some(item.text.clone()).filter(|t| !t.is_empty());
    match item.kind {
        ItemKindOut::Group => {
            record.section = match (&above.section, number) {
                // "II.2.1" then "2.1.2": the number extends a tail of the
                // section ("II.2.1.2"), else it is appended ("VII.A", "9.2.I").
                (Some(parent), Some(n)) => Some(join_section(parent, &n)),
                (None, n) => n,
                (parent, None) => parent.clone(),
            };
            record.section_title = text;
        }
        ItemKindOut::Target => (record.target_id, record.target) = (number, text),
        ItemKindOut::Task => (record.task_id, record.task) = (number, text),
        ItemKindOut::Activity => (record.activity_id, record.activity) = (number, text),
        ItemKindOut::SubRow => {}
    }
    // A leaf without fields of its own takes them from the nearest item above
    // that has some.
    let owner = if item.fields.is_empty() { owner } else { Some(item) };
    let has_sub_rows = item.children.iter().any(|c| c.kind == ItemKindOut::SubRow);
    if !item.children.is_empty() {
        // An item with sub-rows has a record of its own first, then one per
        // sub-row (same ids, the sub-row's fields).
        if has_sub_rows {
            leaf_record(record.clone(), owner, out);
        }
        for child in &item.children {
            walk(child, &record, owner, out);
        }
        return;
    }
    leaf_record(record, owner, out);
}

/// `parent` then `n`: when `n` continues a dotted tail of `parent`
/// ("II.2.1" + "2.1.2" → "II.2.1.2"), the tail is replaced; otherwise `n`
/// is appended ("VII" + "A" → "VII.A").
fn join_section(parent: &str, n: &str) -> String {
    for (i, _) in parent.match_indices('.') {
        let tail = &parent[i + 1..];
        if n.starts_with(&format!("{tail}.")) {
            return format!("{}{n}", &parent[..=i]);
        }
    }
    if n.starts_with(&format!("{parent}.")) {
        return n.to_string();
    }
    format!("{parent}.{n}")
}

/// Fills a leaf's record from the fields (and readings) of `owner`.
fn leaf_record(mut record: FlatRecord, owner: Option<&ItemOut>, out: &mut Vec<FlatRecord>) {
    if let Some(owner) = owner {
        let f = &owner.fields;
        let r = &owner.readings;
        record.output = f.output.clone();
        record.lead = f.lead.clone().or_else(|| f.assignment.clone());
        record.partners = f.partners.clone();
        record.deadline = f.deadline.clone();
        record.budget = f.budget.clone();
        record.note = f.note.clone();
        let named = [("unit", &f.unit), ("target_value", &f.target_value), ("evaluator", &f.evaluator)];
        record.extra = named.iter().filter_map(|(k, v)| v.as_ref().map(|v| (k.to_string(), v.clone()))).collect();
        if f.lead.is_some() {
            if let Some(assignment) = &f.assignment {
                record.extra.push(("assignment".to_string(), assignment.clone()));
            }
        }
        record.extra.extend(f.extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        if let Some(d) = &r.deadline {
            record.deadline_kind = Some(d.kind.name().to_string());
            record.deadline_start.clone_from(&d.start);
            record.deadline_end.clone_from(&d.end);
        }
        record.lead_list = r.lead.iter().map(|a| a.name.clone()).collect();
        record.partners_list = r.partners.iter().map(|a| a.name.clone()).collect();
        record.output_list.clone_from(&r.deliverables);
        if let Some(i) = r.indicators.first() {
            record.extra.push(("indicator_comparator".into(), comparator_name(i.comparator).into()));
            record.extra.push(("indicator_value".into(), i.value.to_string()));
            if let Some(unit) = &i.unit {
                record.extra.push(("indicator_unit".into(), unit.clone()));
            }
        }
        if let Some(b) = &r.budget {
            record.extra.push((
                "budget_source".into(),
                serde_json::to_value(b.source).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            ));
        }
    }
    out.push(record);
}

fn comparator_name(c: Comparator) -> &'static str {
    match c {
        Comparator::AtLeast => "at_least",
        Comparator::MoreThan => "more_than",
        Comparator::AtMost => "at_most",
        Comparator::LessThan => "less_than",
        Comparator::Equal => "equal",
        Comparator::Decrease => "decrease",
        Comparator::Increase => "increase",
    }
}

/// Writes records as JSON Lines.
pub fn write_jsonl(records: &[FlatRecord], mut w: impl Write) -> io::Result<()> {
    for record in records {
        serde_json::to_writer(&mut w, record)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// The CSV columns for a set of records: the fixed ones, the reading
/// columns, then every extra key in order of first appearance.
pub fn csv_columns(records: &[FlatRecord]) -> Vec<String> {
    let mut columns: Vec<String> = FIXED_COLUMNS.iter().chain(READING_COLUMNS.iter()).map(|c| c.to_string()).collect();
    for record in records {
        for (key, _) in &record.extra {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    columns
}

/// Writes records as CSV (RFC 4180 quoting) with `columns` (see
/// [`csv_columns`]); writes the header row when `header` is true.
pub fn write_csv(records: &[FlatRecord], columns: &[String], header: bool, w: impl Write) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(w);
    if header {
        writer.write_record(columns)?;
    }
    for record in records {
        let fixed = record.fixed_values();
        let readings = record.reading_values();
        let row = columns.iter().enumerate().map(|(i, column)| {
            if i < FIXED_COLUMNS.len() {
                fixed[i].clone().unwrap_or_default()
            } else if i < FIXED_COLUMNS.len() + READING_COLUMNS.len() {
                readings[i - FIXED_COLUMNS.len()].clone()
            } else {
                record.extra.iter().find(|(k, _)| k == column).map(|(_, v)| v.clone()).unwrap_or_default()
            }
        });
        writer.write_record(row)?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_serialize_every_fixed_key_in_order() {
        let record = FlatRecord {
            doc: "a.txt".into(),
            table: 2,
            lead: Some("Sở".into()),
            extra: vec![("unit".into(), "%".into())],
            ..FlatRecord::default()
        };
        let json = serde_json::to_string(&record).unwrap();
        assert!(json.starts_with(r#"{"doc":"a.txt","table":2,"section":null,"#), "{json}");
        assert!(json.ends_with(r#""note":null,"deadline_kind":null,"deadline_start":null,"deadline_end":null,"lead_list":[],"partners_list":[],"output_list":[],"unit":"%"}"#), "{json}");
    }

    #[test]
    fn sections_join_without_repeating_numbers() {
        assert_eq!(join_section("II", "2"), "II.2");
        assert_eq!(join_section("II.2", "2.1"), "II.2.1");
        assert_eq!(join_section("II.2.1", "2.1.2"), "II.2.1.2");
        assert_eq!(join_section("VII", "A"), "VII.A");
        assert_eq!(join_section("9.2", "I"), "9.2.I");
        assert_eq!(join_section("9", "9.2"), "9.2");
    }

    #[test]
    fn csv_quotes_and_extra_columns() {
        let records = vec![
            FlatRecord { doc: "a.txt".into(), task: Some("x, \"y\"\nz".into()), ..FlatRecord::default() },
            FlatRecord { doc: "b.txt".into(), extra: vec![("unit".into(), "%".into())], ..FlatRecord::default() },
        ];
        let columns = csv_columns(&records);
        assert_eq!(columns.len(), 23);
        let mut out = Vec::new();
        write_csv(&records, &columns, true, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert!(lines[0].starts_with("doc,table,section,"));
        assert!(lines[0]
            .ends_with(",note,deadline_kind,deadline_start,deadline_end,lead_list,partners_list,output_list,unit"));
        assert!(lines[1].contains("\"x, \"\"y\"\"\nz\""), "{}", lines[1]);
        assert!(lines[2].ends_with(",%"), "{}", lines[2]);
    }
}
