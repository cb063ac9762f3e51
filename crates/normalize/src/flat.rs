//! Flat records: one per leaf item, for spreadsheets and other systems.
//!
//! The flat record is a contract (`kehoach.flat/2`): every record has every
//! key of [`COLUMNS`], in that order, whatever the input — a string, number,
//! boolean or list, or null when the document does not say. Source columns
//! kehoach does not know go into the one `extra` object (raw header → value),
//! never into new top-level keys. Its JSON Schema is [`flat_schema`].

use crate::readings::Comparator;
use crate::{CanonicalDocument, ItemKindOut, ItemOut};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Identifies the flat-record contract and its version.
pub const FLAT_SCHEMA_ID: &str = "kehoach.flat/2";

/// Every key of a flat record, in order (the CSV header, the XLSX columns).
pub const COLUMNS: [&str; 48] = [
    "doc",
    "file",
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
    "assignment",
    "unit",
    "target_value",
    "evaluator",
    "monitor",
    "horizon",
    "deadline_kind",
    "deadline_start",
    "deadline_end",
    "lead_list",
    "partners_list",
    "evaluator_list",
    "monitor_list",
    "output_list",
    "indicator_comparator",
    "indicator_value",
    "indicator_of",
    "indicator_unit",
    "budget_source",
    "budget_amount_vnd",
    "table_role",
    "confidence",
    "low_confidence",
    "page",
    "line",
    "sheet",
    "cell",
    "row",
    "column",
    "item_kind",
    "extra",
];

/// One leaf item (an activity where the table has activities, else a task,
/// else a target) with everything above it flattened in: the flat-record
/// contract `kehoach.flat/2`.
///
/// Ids are the printed numbers without trailing punctuation (`2.12:` →
/// `2.12`); `section` is the group numeral, a lettered sub-group joined as
/// `VII.A`. A mixed "Phân công" column goes whole into `lead`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "kehoach flat record (kehoach.flat/2)")]
pub struct FlatRecord {
    /// The input: its path relative to the input root (`source.path` of the
    /// canonical document; the file name for a file named on the command
    /// line, the path as listed for `--stdin-list`).
    pub doc: String,
    /// The input's base name.
    pub file: String,
    /// 0-based index among the document's tables that yield records (plan
    /// and indicators tables): a letterhead table before the plan table
    /// does not count.
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
    /// Output (product) as printed.
    pub output: Option<String>,
    /// Lead agency as printed (or the whole text of a mixed assignment
    /// column when there is no lead column).
    pub lead: Option<String>,
    /// Partner agencies as printed.
    pub partners: Option<String>,
    /// Deadline as printed.
    pub deadline: Option<String>,
    /// Budget as printed.
    pub budget: Option<String>,
    /// Note as printed.
    pub note: Option<String>,
    /// A mixed "Phân công" (assignment) column, when the table also has a
    /// lead column (otherwise it is in `lead`).
    pub assignment: Option<String>,
    /// Unit of an indicator's target value ("Đơn vị tính").
    pub unit: Option<String>,
    /// An indicator's target value as printed ("Chỉ tiêu").
    pub target_value: Option<String>,
    /// The evaluating agency of an indicator as printed.
    pub evaluator: Option<String>,
    /// The monitoring agency as printed ("Theo dõi, kiểm tra, đôn đốc").
    pub monitor: Option<String>,
    /// The horizon year of a target stated in prose ("Đến năm 2025").
    pub horizon: Option<String>,
    /// Deadline kind: `date`, `by_date`, `month`, `quarter`, `year`, `range`,
    /// `recurring`, `event`, `per_plan` or `unparsed`; null without a deadline.
    pub deadline_kind: Option<String>,
    /// First day of the deadline (ISO 8601 date).
    pub deadline_start: Option<String>,
    /// Last day of the deadline (ISO 8601 date).
    pub deadline_end: Option<String>,
    /// Lead agencies, canonical names.
    pub lead_list: Vec<String>,
    /// Partner agencies, canonical names.
    pub partners_list: Vec<String>,
    /// Evaluating agencies, canonical names.
    pub evaluator_list: Vec<String>,
    /// Monitoring agencies, canonical names.
    pub monitor_list: Vec<String>,
    /// The output split into deliverables.
    pub output_list: Vec<String>,
    /// How the first numeric target compares: `at_least`, `more_than`,
    /// `at_most`, `less_than`, `equal`, `decrease` or `increase`.
    pub indicator_comparator: Option<String>,
    /// The first numeric target's value.
    pub indicator_value: Option<f64>,
    /// Out of how many ("02/03 đơn vị" → 3).
    pub indicator_of: Option<f64>,
    /// The first numeric target's unit ("%" or the unit as printed).
    pub indicator_unit: Option<String>,
    /// Where the money comes from: `allocated_estimate`, `state_budget`,
    /// `other_plan`, `socialized` or `other`.
    pub budget_source: Option<String>,
    /// An amount in đồng, when the budget cell states one.
    pub budget_amount_vnd: Option<f64>,
    /// The role of the table the record comes from (`plan`, `indicators`);
    /// null where tables are not classified.
    pub table_role: Option<String>,
    /// How sure the table's role is, 0–1; null where not measured.
    pub confidence: Option<f64>,
    /// True where the record's structure was guessed; null where not
    /// measured.
    pub low_confidence: Option<bool>,
    /// 1-based page of the item's first cell (PDF, images).
    pub page: Option<u32>,
    /// 1-based line of the item's first cell (text files).
    pub line: Option<u32>,
    /// Sheet of the item's first cell (spreadsheets).
    pub sheet: Option<String>,
    /// Cell reference of the item's first cell, such as `B7` (spreadsheets).
    pub cell: Option<String>,
    /// 1-based row of the item's first cell in its table or sheet (DOCX,
    /// spreadsheets, PDF).
    pub row: Option<u32>,
    /// 1-based column of the item's first cell.
    pub column: Option<u32>,
    /// What the record is: `target`, `task`, `activity`, or `sub_row` (more
    /// fields of the item above, on a row of their own).
    pub item_kind: Option<String>,
    /// Source columns kehoach does not map, raw header → value ({} when none).
    pub extra: BTreeMap<String, String>,
}

/// One value of a flat record, typed for writers that keep types (XLSX) or
/// turn them into text (CSV).
#[derive(Clone, Debug, PartialEq)]
pub enum FlatValue<'a> {
    /// No value.
    Null,
    /// Text (ids and codes too: "3.10" stays "3.10").
    Text(&'a str),
    /// An ISO 8601 date (`YYYY-MM-DD`).
    Date(&'a str),
    /// A whole number.
    Integer(u64),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A list of texts.
    List(&'a [String]),
    /// A JSON object, as JSON text.
    Json(String),
}

impl FlatValue<'_> {
    /// The value as one CSV cell: lists joined with "; ", null empty.
    pub fn to_text(&self) -> String {
        match self {
            FlatValue::Null => String::new(),
            FlatValue::Text(s) | FlatValue::Date(s) => s.to_string(),
            FlatValue::Integer(n) => n.to_string(),
            FlatValue::Number(n) => number_text(*n),
            FlatValue::Bool(b) => b.to_string(),
            FlatValue::List(items) => items.join("; "),
            FlatValue::Json(json) => json.clone(),
        }
    }
}

/// A number as JSON prints it (`3`, `0.5`), without a trailing `.0`.
fn number_text(n: f64) -> String {
    serde_json::Number::from_f64(n).map_or_else(String::new, |v| {
        let text = v.to_string();
        text.strip_suffix(".0").map_or(text.clone(), str::to_string)
    })
}

impl FlatRecord {
    /// The record's values in [`COLUMNS`] order.
    pub fn values(&self) -> [FlatValue<'_>; COLUMNS.len()] {
        fn text(v: &Option<String>) -> FlatValue<'_> {
            v.as_deref().map_or(FlatValue::Null, FlatValue::Text)
        }
        fn date(v: &Option<String>) -> FlatValue<'_> {
            v.as_deref().map_or(FlatValue::Null, FlatValue::Date)
        }
        let whole = |v: Option<u32>| v.map_or(FlatValue::Null, |n| FlatValue::Integer(n.into()));
        let number = |v: Option<f64>| v.map_or(FlatValue::Null, FlatValue::Number);
        [
            FlatValue::Text(&self.doc),
            FlatValue::Text(&self.file),
            FlatValue::Integer(self.table as u64),
            text(&self.section),
            text(&self.section_title),
            text(&self.target_id),
            text(&self.target),
            text(&self.task_id),
            text(&self.task),
            text(&self.activity_id),
            text(&self.activity),
            text(&self.output),
            text(&self.lead),
            text(&self.partners),
            text(&self.deadline),
            text(&self.budget),
            text(&self.note),
            text(&self.assignment),
            text(&self.unit),
            text(&self.target_value),
            text(&self.evaluator),
            text(&self.monitor),
            text(&self.horizon),
            text(&self.deadline_kind),
            date(&self.deadline_start),
            date(&self.deadline_end),
            FlatValue::List(&self.lead_list),
            FlatValue::List(&self.partners_list),
            FlatValue::List(&self.evaluator_list),
            FlatValue::List(&self.monitor_list),
            FlatValue::List(&self.output_list),
            text(&self.indicator_comparator),
            number(self.indicator_value),
            number(self.indicator_of),
            text(&self.indicator_unit),
            text(&self.budget_source),
            number(self.budget_amount_vnd),
            text(&self.table_role),
            number(self.confidence),
            self.low_confidence.map_or(FlatValue::Null, FlatValue::Bool),
            whole(self.page),
            whole(self.line),
            text(&self.sheet),
            text(&self.cell),
            whole(self.row),
            whole(self.column),
            text(&self.item_kind),
            FlatValue::Json(serde_json::to_string(&self.extra).expect("a string map serializes")),
        ]
    }
}

/// The JSON Schema of a flat record (`kehoach schema --flat`).
pub fn flat_schema() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(FlatRecord)).expect("schemas always serialize");
    // Every key is always there, null when the document does not say.
    schema["required"] = serde_json::json!(COLUMNS.to_vec());
    let mut out = serde_json::to_string_pretty(&schema).expect("schemas always serialize");
    out.push('\n');
    out
}

/// The flat records of a document, in document order.
pub fn flat_records(doc: &CanonicalDocument) -> Vec<FlatRecord> {
    let mut out = Vec::new();
    let file = base_name(&doc.source.file).to_string();
    // Only tables that yield items count: letterheads, signature blocks and
    // the other tables kept as grids do not.
    for (index, table) in doc.tables.iter().filter(|t| !t.items.is_empty()).enumerate() {
        let base = FlatRecord {
            doc: doc.source.path.clone(),
            file: file.clone(),
            table: index,
            table_role: Some(table.role.name().to_string()),
            // f32 → f64 through its printed form: 0.98, not 0.9800000190734863.
            confidence: table.role_confidence.to_string().parse().ok(),
            low_confidence: Some(table.low_confidence),
            ..FlatRecord::default()
        };
        for item in &table.items {
            walk(item, &base, None, &mut out);
        }
    }
    out
}

/// How many records [`flat_records`] makes of `doc`, without making them
/// (a batch writing JSON reports the count only).
pub fn flat_record_count(doc: &CanonicalDocument) -> usize {
    // As `walk`: a leaf is one record; an item with sub-rows has one of its
    // own before its children's.
    fn count(item: &ItemOut) -> usize {
        if item.children.is_empty() {
            return 1;
        }
        let own = usize::from(item.children.iter().any(|c| c.kind == ItemKindOut::SubRow));
        own + item.children.iter().map(count).sum::<usize>()
    }
    doc.tables.iter().flat_map(|t| &t.items).map(count).sum()
}

/// The last component of a `/`- or `\`-separated path.
fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
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
    if item.kind != ItemKindOut::Group {
        record.item_kind = Some(item_kind_name(item.kind).to_string());
        locate(&mut record, item);
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

fn item_kind_name(kind: ItemKindOut) -> &'static str {
    match kind {
        ItemKindOut::Group => "group",
        ItemKindOut::Target => "target",
        ItemKindOut::Task => "task",
        ItemKindOut::Activity => "activity",
        ItemKindOut::SubRow => "sub_row",
    }
}

/// Sets the source location columns from the item's first cell (or row).
fn locate(record: &mut FlatRecord, item: &ItemOut) {
    let Some(at) = item.provenance.cells.first().or_else(|| item.provenance.rows.first()) else { return };
    record.page = at.page;
    record.line = at.line;
    record.sheet = at.sheet.as_deref().map(str::to_string);
    record.cell.clone_from(&at.cell);
    record.row = at.row;
    record.column = at.column;
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

/// The extra field keys the parser itself produces (not source headers):
/// they have columns of their own.
const KNOWN_EXTRA: [&str; 1] = ["horizon"];

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
        if f.lead.is_some() {
            record.assignment = f.assignment.clone();
        }
        record.unit = f.unit.clone();
        record.target_value = f.target_value.clone();
        record.evaluator = f.evaluator.clone();
        record.monitor = f.monitor.clone();
        record.horizon = f.extra.get("horizon").cloned();
        record.extra = f
            .extra
            .iter()
            .filter(|(k, _)| !KNOWN_EXTRA.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let Some(d) = &r.deadline {
            record.deadline_kind = Some(d.kind.name().to_string());
            record.deadline_start.clone_from(&d.start);
            record.deadline_end.clone_from(&d.end);
        }
        record.lead_list = r.lead.iter().map(|a| a.name.clone()).collect();
        record.partners_list = r.partners.iter().map(|a| a.name.clone()).collect();
        record.evaluator_list = r.evaluator.iter().map(|a| a.name.clone()).collect();
        record.monitor_list = r.monitor.iter().map(|a| a.name.clone()).collect();
        record.output_list.clone_from(&r.deliverables);
        if let Some(i) = r.indicators.first() {
            record.indicator_comparator = Some(comparator_name(i.comparator).into());
            record.indicator_value = Some(i.value);
            record.indicator_of = i.of;
            record.indicator_unit.clone_from(&i.unit);
        }
        if let Some(b) = &r.budget {
            record.budget_source = serde_json::to_value(b.source).ok().and_then(|v| v.as_str().map(str::to_string));
            record.budget_amount_vnd = b.amount_vnd;
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

/// The UTF-8 byte order mark spreadsheets need to read a CSV file as UTF-8.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the CSV header: every key of [`COLUMNS`], quoted.
pub fn write_csv_header(mut w: impl Write) -> io::Result<()> {
    let cells: Vec<String> = COLUMNS.iter().map(|k| quoted(k)).collect();
    w.write_all(cells.join(",").as_bytes())?;
    w.write_all(b"\r\n")
}

/// Writes records as CSV rows (RFC 4180, CRLF), one column per key of
/// [`COLUMNS`]: lists joined with "; ", `extra` as JSON. Every text value
/// (ids, codes, dates, lists) is quoted and numbers and booleans are not,
/// so a reader can tell "3.10" the id from 3.1 the number (Python's
/// `csv.QUOTE_STRINGS`, LibreOffice's "Quoted field as text"); null is an
/// empty, unquoted cell. The header is [`write_csv_header`].
pub fn write_csv(records: &[FlatRecord], mut w: impl Write) -> io::Result<()> {
    let mut line = String::new();
    for record in records {
        line.clear();
        for (i, value) in record.values().iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            match value {
                FlatValue::Null => {}
                FlatValue::Integer(_) | FlatValue::Number(_) | FlatValue::Bool(_) => line.push_str(&value.to_text()),
                FlatValue::Text(_) | FlatValue::Date(_) | FlatValue::List(_) | FlatValue::Json(_) => {
                    line.push_str(&quoted(&value.to_text()))
                }
            }
        }
        line.push_str("\r\n");
        w.write_all(line.as_bytes())?;
    }
    w.flush()
}

/// A CSV cell in double quotes, inner quotes doubled.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_serialize_every_column_in_order() {
        let record = FlatRecord {
            doc: "2024/a.txt".into(),
            file: "a.txt".into(),
            table: 2,
            lead: Some("Sở".into()),
            indicator_value: Some(3.0),
            extra: [("Ghi chú khác".to_string(), "x".to_string())].into(),
            ..FlatRecord::default()
        };
        let json: serde_json::Value = serde_json::to_value(&record).unwrap();
        let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        let text = serde_json::to_string(&record).unwrap();
        let mut positions: Vec<usize> = COLUMNS.iter().map(|k| text.find(&format!("\"{k}\":")).unwrap()).collect();
        assert_eq!(keys.len(), COLUMNS.len());
        let sorted = positions.clone();
        positions.sort_unstable();
        assert_eq!(positions, sorted, "keys serialize in COLUMNS order: {text}");
        assert!(text.starts_with(r#"{"doc":"2024/a.txt","file":"a.txt","table":2,"section":null,"#), "{text}");
        assert!(text.ends_with(r#""item_kind":null,"extra":{"Ghi chú khác":"x"}}"#), "{text}");
        assert_eq!(record.values().len(), COLUMNS.len());
        let back: FlatRecord = serde_json::from_str(&text).unwrap();
        assert_eq!(back, record);
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
    fn csv_has_one_fixed_header_and_typed_text() {
        let records = vec![
            FlatRecord { doc: "a.txt".into(), task: Some("x, \"y\"\nz".into()), ..FlatRecord::default() },
            FlatRecord {
                doc: "b.txt".into(),
                task_id: Some("3.10".into()),
                indicator_value: Some(95.0),
                budget_amount_vnd: Some(1.5e9),
                lead_list: vec!["Sở A".into(), "Sở B".into()],
                extra: [("Cột lạ".to_string(), "v".to_string())].into(),
                ..FlatRecord::default()
            },
        ];
        let mut out = Vec::new();
        write_csv_header(&mut out).unwrap();
        write_csv(&records, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), COLUMNS);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let col = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
        assert_eq!(&rows[0][col("task")], "x, \"y\"\nz");
        assert_eq!(&rows[0][col("extra")], "{}");
        assert_eq!(&rows[1][col("task_id")], "3.10");
        assert_eq!(&rows[1][col("indicator_value")], "95");
        assert_eq!(&rows[1][col("budget_amount_vnd")], "1500000000");
        assert_eq!(&rows[1][col("lead_list")], "Sở A; Sở B");
        assert_eq!(&rows[1][col("extra")], r#"{"Cột lạ":"v"}"#);
        assert_eq!(&rows[1][col("table_role")], "");
        // Text quoted, numbers bare, null empty: "3.10" stays an id.
        let line = text.lines().find(|l| l.contains("3.10")).unwrap();
        assert!(line.contains(",\"3.10\",") && line.contains(",95,") && line.contains(",,"), "{line}");
        assert!(text.starts_with("\"doc\",\"file\","), "the header is quoted too");
    }
}
