//! Turns a parsed plan into kehoach's canonical JSON and flat records.
//!
//! This crate owns the last step of kehoach's pipeline and the output
//! contract: the [`CanonicalDocument`] type (whose JSON Schema, from
//! [`schema`], is checked into the repository), the text normalization every
//! output string gets (NFC, whitespace collapsed, line breaks kept as `\n`),
//! the structured [`readings`] of field texts (deadline ranges, agencies with
//! roles, deliverables, indicator values, budgets), and the flat
//! [`FlatRecord`] view — one record per leaf item, every key of [`COLUMNS`]
//! always present (schema [`flat_schema`]) — written as JSON Lines or CSV.
//!
//! Output is deterministic: struct fields serialize in declaration order,
//! maps are ordered, and nothing depends on time, paths or thread count.
//!
//! ```
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seeds/004_81dc5ac12a8b2fdd.txt");
//! let mut doc = kehoach_extract::read_path_with(path, Default::default()).unwrap();
//! let words = kehoach_repair::words(&mut doc, Default::default());
//! let mut plan = kehoach_parse::parse(&doc);
//! kehoach_repair::diacritics(words, &mut doc, &mut plan);
//! let canonical = kehoach_normalize::canonical(&doc.source, &plan);
//! let records = kehoach_normalize::flat_records(&canonical);
//! let first = &records[0];
//! assert_eq!(first.section.as_deref(), Some("I"));
//! assert_eq!(first.activity_id.as_deref(), Some("3.1"));
//! assert_eq!(first.lead.as_deref(), Some("Sở Nội vụ"));
//! ```
#![deny(missing_docs)]

mod flat;
mod json;
pub mod readings;

pub use flat::{
    flat_record_count, flat_records, flat_schema, write_csv, write_csv_header, write_jsonl, FlatRecord, FlatValue,
    COLUMNS, FLAT_SCHEMA_ID, UTF8_BOM,
};

use kehoach_extract::{Code, Diagnostic, Format, Level, Location, Source};
use kehoach_parse::{Field, Item, Plan, TableKind, TableRole};
use readings::{Context, DeadlineKind, Memo, Readings};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use unicode_normalization::UnicodeNormalization;

/// Identifies the canonical format and its version; changes when the format
/// changes incompatibly.
pub const SCHEMA_ID: &str = "kehoach.plan/1";

/// One converted document: kehoach's canonical output.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CanonicalDocument {
    /// Always [`SCHEMA_ID`].
    pub schema: String,
    /// The input file.
    pub source: SourceInfo,
    /// What the document says about itself, as far as found.
    pub document: DocumentOut,
    /// Every table in document order, each with its role: `plan` and
    /// `indicators` tables hold items, `other` tables their cells.
    pub tables: Vec<TableOut>,
    /// The narrative outline: numbered and bulleted paragraphs outside the
    /// tables as a tree (I. → 1. → 1.1. → a) → - → +).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub outline: Vec<OutlineOut>,
    /// Footnotes ("¹Nghị quyết số 76/NQ-CP …"), kept apart from the text
    /// their marks interrupt (the marks are removed from the outline text).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub footnotes: Vec<FootnoteOut>,
    /// Everything the conversion noticed, repaired or doubted.
    pub diagnostics: Vec<Diagnostic>,
}

/// How many items of each kind a document holds (sub-rows not counted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize, JsonSchema)]
pub struct ItemCounts {
    /// Groups and sub-groups.
    pub groups: usize,
    /// Targets.
    pub targets: usize,
    /// Tasks.
    pub tasks: usize,
    /// Activities.
    pub activities: usize,
}

impl CanonicalDocument {
    /// Whether a plan or indicators table gave items: a document without
    /// one is reported as `no-plan`.
    pub fn has_plan_table(&self) -> bool {
        self.tables.iter().any(|t| t.role != TableRoleOut::Other && !t.items.is_empty())
    }

    /// Counts the items of every table.
    pub fn item_counts(&self) -> ItemCounts {
        fn walk(items: &[ItemOut], c: &mut ItemCounts) {
            for item in items {
                match item.kind {
                    ItemKindOut::Group => c.groups += 1,
                    ItemKindOut::Target => c.targets += 1,
                    ItemKindOut::Task => c.tasks += 1,
                    ItemKindOut::Activity => c.activities += 1,
                    ItemKindOut::SubRow => {}
                }
                walk(&item.children, c);
            }
        }
        let mut counts = ItemCounts::default();
        for table in &self.tables {
            walk(&table.items, &mut counts);
        }
        counts
    }
}

/// The input file.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SourceInfo {
    /// File name without directories.
    pub file: String,
    /// The file's path relative to the folder it was found under (with
    /// that folder's name when a batch has several), `/`-separated, in
    /// Unicode NFC, bytes that are not UTF-8 written `\xNN` (and `\` as
    /// `\x5C`); the file name when the file was named on its own.
    pub path: String,
    /// Detected format.
    pub format: Format,
    /// Lower-case hex SHA-256 of the file.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// What the document says about itself: kind, number, date and place,
/// title and period, who issues and signs it, who receives it, and the
/// documents it implements, is based on or is attached to. Every key is
/// present; null or empty when not found.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct DocumentOut {
    /// `plan` (Kế hoạch), `decision` (Quyết định), `appendix` (Phụ lục),
    /// `report` (Báo cáo), `charter` (Điều lệ), `notice` (Thông báo,
    /// Thông báo kết luận), `submission` (Tờ trình, Phiếu trình), `letter`
    /// (Công văn), `program` (Chương trình) or `unknown`: from the title
    /// line, the type code of the number and the subject line.
    pub kind: String,
    /// What decided the kind.
    pub kind_evidence: Vec<EvidenceOut>,
    /// The document issues a plan as its attachment (a decision "Về việc
    /// ban hành Kế hoạch …", or a later KẾ HOẠCH title).
    pub attached_plan: bool,
    /// Document number as printed (`588/KH-STP`); null when left blank.
    pub number: Option<String>,
    /// The number field as printed when it was left blank (`/QĐ-UBND`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_text: Option<String>,
    /// Date of issue, ISO `YYYY-MM-DD`, when fully printed.
    pub date: Option<String>,
    /// The place-and-date line as printed.
    pub date_text: Option<String>,
    /// Place of issue.
    pub place: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Years the document covers, from its title ("giai đoạn 2021-2030" →
    /// 2021–2030, "năm 2024" → 2024–2024).
    pub period: Option<PeriodOut>,
    /// Issuing bodies from the header (`UBND TỈNH HÀ TĨNH`, `SỞ TƯ PHÁP`).
    pub issuer: Vec<String>,
    /// Who signs it.
    pub signer: Option<SignerOut>,
    /// Recipients listed under "Nơi nhận".
    pub recipients: Vec<String>,
    /// Documents it implements, is based on or is attached to.
    pub references: Vec<ReferenceOut>,
}

/// A footnote.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FootnoteOut {
    /// Its mark as a number (`¹` → `1`).
    pub mark: String,
    /// Its text.
    pub text: String,
    /// Where the footnote text is.
    pub location: Location,
    /// Where its mark was found in the outline's paragraphs.
    pub referenced_at: Vec<Location>,
}

/// One numbered or bulleted paragraph of the outline.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct OutlineOut {
    /// The marker as printed: `I.`, `1.`, `1.1.`, `a)`, `-`, `+`.
    pub marker: String,
    /// Its text without the marker, then the plain paragraphs that follow
    /// it, one per line.
    pub text: String,
    /// Where it starts.
    pub location: Location,
    /// Nodes under it.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub children: Vec<OutlineOut>,
}

fn outline_out(node: &kehoach_parse::OutlineNode) -> OutlineOut {
    OutlineOut {
        marker: node.marker.clone(),
        text: normalize_text(&node.text),
        location: node.location.clone(),
        children: node.children.iter().map(outline_out).collect(),
    }
}

/// A span of years.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PeriodOut {
    /// First year.
    pub start: i32,
    /// Last year.
    pub end: i32,
}

/// The signer of a document.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SignerOut {
    /// Position as printed ("GIÁM ĐỐC", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH").
    pub position: Option<String>,
    /// Name.
    pub name: Option<String>,
}

/// A document referred to by this one.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ReferenceOut {
    /// `implements` ("Thực hiện …"), `based_on` ("Căn cứ …") or
    /// `attached_to` ("Kèm theo …").
    pub relation: String,
    /// Its kind as printed ("Quyết định", "Nghị quyết", "Kế hoạch").
    pub kind: String,
    /// Its number ("3504/QĐ-UBND"), when printed.
    pub number: Option<String>,
    /// Its date, ISO, when printed.
    pub date: Option<String>,
    /// The words that name it, as printed.
    pub text: String,
}

/// Table kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TableKindOut {
    /// Targets, tasks and activities in their own columns.
    Framework,
    /// One item column and a row number.
    Items,
    /// No recognised header: `raw_rows` holds the cells.
    Unrecognized,
    /// Targets and tasks stated in prose, read from the outline (horizons
    /// such as "Đến năm 2025" as the extra field `horizon`).
    Narrative,
}

/// What a table is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TableRoleOut {
    /// Tasks, targets or activities assigned to agencies: holds items.
    Plan,
    /// Numeric targets with their agencies: holds items.
    Indicators,
    /// Anything else (letterhead, signature, statistics, agenda, member
    /// list, comment summary, …): `raw_rows` holds its cells, and items
    /// only with `--tables all`.
    Other,
}

impl TableRoleOut {
    /// The lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            TableRoleOut::Plan => "plan",
            TableRoleOut::Indicators => "indicators",
            TableRoleOut::Other => "other",
        }
    }
}

/// One piece of evidence behind a decision.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct EvidenceOut {
    /// What was looked at: `item_column`, `agency_column`,
    /// `deadline_column`, `output_column`, `header_words`, `agency_cells`,
    /// `deadline_cells`, `status_cells`, `numeric_cells`, `clock_times`,
    /// `items_are_agencies`, `document_kind`, `no_header`, `no_rows`,
    /// `shape`, `narrative`, `score` (the sum, against the threshold);
    /// for documents `title_word`, `number_code`, `subject_line`,
    /// `issues_plan`, `attached_plan_title`.
    pub feature: String,
    /// How much it counted towards a plan (negative: against).
    pub weight: f32,
    /// What was seen, as printed or counted.
    pub detail: String,
}

fn evidence_out(e: &kehoach_parse::Evidence) -> EvidenceOut {
    EvidenceOut { feature: e.feature.clone(), weight: e.weight, detail: normalize_text(&e.detail) }
}

/// One table.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TableOut {
    /// 0-based index among the document's tables.
    pub index: usize,
    /// Table kind.
    pub kind: TableKindOut,
    /// What the table is for: only `plan` and `indicators` tables yield
    /// items and flat records (every table with `--tables all`).
    pub role: TableRoleOut,
    /// How sure the role is, 0.5–1.
    pub role_confidence: f32,
    /// The structure was guessed: a doubtful role, columns matched only
    /// approximately, or items read from prose.
    pub low_confidence: bool,
    /// What decided the role.
    pub evidence: Vec<EvidenceOut>,
    /// Where the table starts (its header row).
    pub start: Location,
    /// Where its last row is.
    pub end: Location,
    /// How each column was understood.
    pub columns: Vec<ColumnOut>,
    /// The item tree.
    pub items: Vec<ItemOut>,
    /// Cell texts, row by row, of a table whose items are not given (an
    /// `other` table, or one without a recognised header).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub raw_rows: Vec<Vec<String>>,
    /// Where each of `raw_rows` is (cell `i` of a row is its column `i`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub raw_locations: Vec<Location>,
}

/// How one column was understood.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ColumnOut {
    /// 0-based column index.
    pub index: usize,
    /// Raw header text.
    pub header: String,
    /// Canonical field, or null when the column's values go to `extra`.
    pub field: Option<FieldName>,
    /// Mapping confidence, 0–1.
    pub confidence: f32,
}

/// Generates the normalizer's views of the field list
/// ([`kehoach_parse::row_fields!`]): the field names of columns, the row
/// fields of an item, and the copy from the parser's fields.
macro_rules! define_fields_out {
    ($( $(#[$value:meta])* $variant:ident $name:ident $column:literal, )*) => {
        /// Canonical column fields.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        #[allow(missing_docs)]
        pub enum FieldName {
            RowNumber,
            Target,
            Task,
            Activity,
            $( $variant, )*
        }

        impl From<Field> for FieldName {
            fn from(f: Field) -> FieldName {
                match f {
                    Field::RowNumber => FieldName::RowNumber,
                    Field::Target => FieldName::Target,
                    Field::Task => FieldName::Task,
                    Field::Activity => FieldName::Activity,
                    $( Field::$variant => FieldName::$variant, )*
                }
            }
        }

        /// Row fields; absent keys are empty cells.
        #[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
        pub struct FieldsOut {
            $(
                $(#[$value])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $name: Option<String>,
            )*
            /// Unmapped columns: raw header → value.
            #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
            pub extra: BTreeMap<String, String>,
        }

        impl FieldsOut {
            /// The parser's fields, their texts normalized.
            fn from_parsed(f: &kehoach_parse::Fields) -> FieldsOut {
                FieldsOut {
                    $( $name: opt(&f.$name), )*
                    extra: f.extra.iter().map(|(h, v)| (normalize_text(h), normalize_text(v))).collect(),
                }
            }
        }
    };
}

kehoach_parse::row_fields!(define_fields_out);

/// Item kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ItemKindOut {
    /// Group (Roman numeral) or lettered sub-group.
    Group,
    /// Target / indicator (1.x).
    Target,
    /// Task (2.x).
    Task,
    /// Activity (3.x).
    Activity,
    /// A row with no item of its own under an item: more fields of the same
    /// item (its flat record repeats the item's ids).
    #[serde(rename = "sub_row")]
    SubRow,
}

/// A group, target, task or activity.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ItemOut {
    /// Item kind.
    pub kind: ItemKindOut,
    /// Number as printed (`1.1.`, `2.12:`, `VII`), or null when unnumbered.
    pub id: Option<String>,
    /// Number without trailing punctuation (`1.1`, `2.12`, `VII`).
    pub number: Option<String>,
    /// Text without the number (a group's title).
    pub text: String,
    /// Row-number cell (TT) of the row that introduced the item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row_number: Option<String>,
    /// The row's fields, on the items a row describes.
    #[serde(skip_serializing_if = "FieldsOut::is_empty", default)]
    pub fields: FieldsOut,
    /// Structured readings of the fields (deadline range, agencies,
    /// deliverables, indicator values, budget); the raw texts stay in `fields`.
    #[serde(skip_serializing_if = "Readings::is_empty", default)]
    pub readings: Readings,
    /// Where the item came from.
    pub provenance: Provenance,
    /// Items below it.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub children: Vec<ItemOut>,
}

impl FieldsOut {
    fn is_empty(&self) -> bool {
        *self == FieldsOut::default()
    }
}

/// Where an item came from.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Provenance {
    /// The cells its text came from (several when a page break cut it).
    pub cells: Vec<Location>,
    /// The rows whose fields it carries (several for a row cut by a page break).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub rows: Vec<Location>,
}

/// Normalizes output text: NFC, whitespace runs collapsed to one space,
/// lines trimmed, empty lines dropped, line breaks kept as `\n`.
pub fn normalize_text(text: &str) -> String {
    let is_nfc = kehoach_extract::is_nfc(text);
    // Most texts are normalized already (the readers collapse lines): a
    // copy, without splitting them into words.
    if is_nfc && spaced_as_normalized(text) {
        return text.to_string();
    }
    let nfc: std::borrow::Cow<'_, str> = if is_nfc { text.into() } else { text.nfc().collect::<String>().into() };
    // One pass, no line or word lists.
    let mut out = String::with_capacity(nfc.len());
    for line in nfc.split('\n') {
        let mut words = line.split_whitespace();
        let Some(first) = words.next() else { continue };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(first);
        for word in words {
            out.push(' ');
            out.push_str(word);
        }
    }
    out
}

/// Whether `text` is spaced as [`normalize_text`] leaves it: no
/// whitespace but single spaces between words and single line breaks
/// between lines, none at either end. Bytes, not characters: Unicode's
/// other white space (`char::is_whitespace`) is told by its UTF-8 bytes.
fn spaced_as_normalized(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut previous = b'\n';
    for (i, &b) in bytes.iter().enumerate() {
        let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        let space = match b {
            b' ' | b'\n' => {
                if previous == b' ' || previous == b'\n' {
                    return false;
                }
                false
            }
            b'\t' | b'\r' | 0x0b | 0x0c => true,
            // U+0085, U+00A0
            0xc2 => matches!(at(1), 0x85 | 0xa0),
            // U+1680
            0xe1 => at(1) == 0x9a && at(2) == 0x80,
            // U+2000–U+200A, U+2028, U+2029, U+202F; U+205F
            0xe2 => {
                (at(1) == 0x80 && matches!(at(2), 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf)) || (at(1) == 0x81 && at(2) == 0x9f)
            }
            // U+3000
            0xe3 => at(1) == 0x80 && at(2) == 0x80,
            _ => false,
        };
        if space {
            return false;
        }
        previous = b;
    }
    previous != b' ' && (previous != b'\n' || bytes.is_empty())
}

fn opt(text: &Option<String>) -> Option<String> {
    text.as_deref().map(normalize_text).filter(|t| !t.is_empty())
}

/// Choices about how readings are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Spell out "UBND" as "Ủy ban nhân dân" in canonical agency names.
    pub expand_ubnd: bool,
    /// Give the items of every table whose header is recognised, not only
    /// of `plan` and `indicators` tables (`--tables all`).
    pub all_tables: bool,
}

/// Builds the canonical document for a parsed plan with default [`Options`].
pub fn canonical(source: &Source, plan: &Plan) -> CanonicalDocument {
    canonical_with(source, plan, Options::default())
}

/// Builds the canonical document for a parsed plan.
pub fn canonical_with(source: &Source, plan: &Plan, options: Options) -> CanonicalDocument {
    let m = &plan.metadata;
    let yields = |t: &kehoach_parse::PlanTable| options.all_tables || t.role.role.yields_items();
    let mut deadlines = Vec::new();
    for table in plan.tables.iter().filter(|t| yields(t)) {
        collect_deadlines(&table.items, &mut deadlines);
    }
    let year = readings::plan_year(m.title.as_deref(), deadlines.iter().map(String::as_str), m.date.as_deref());
    let ctx = Context { year, expand_ubnd: options.expand_ubnd, budget_factor: None };
    let mut memo = Memo::default();
    let mut diagnostics = plan.diagnostics.clone();
    if let Some(year) = year {
        diagnostics.push(Diagnostic::new(
            Level::Info,
            Code::PlanYear,
            format!("deadlines that leave out the year are read in {year}, the plan's year"),
            None,
        ));
    }
    let mut doc = CanonicalDocument {
        schema: SCHEMA_ID.to_string(),
        source: SourceInfo {
            file: source.file.clone(),
            path: source.file.clone(),
            format: source.format,
            sha256: source.sha256.clone(),
            bytes: source.bytes,
        },
        document: DocumentOut {
            kind: plan.class.kind.name().to_string(),
            kind_evidence: plan.class.evidence.iter().map(evidence_out).collect(),
            attached_plan: plan.class.attached_plan,
            number: opt(&m.number),
            number_text: opt(&m.number_text),
            date: m.date.clone(),
            date_text: opt(&m.date_text),
            place: opt(&m.place),
            title: opt(&m.title),
            period: m.period.map(|(start, end)| PeriodOut { start, end }),
            issuer: m.issuer.iter().map(|i| normalize_text(i)).collect(),
            signer: m.signer.as_ref().map(|s| SignerOut { position: opt(&s.position), name: opt(&s.name) }),
            recipients: m.recipients.iter().map(|r| normalize_text(r)).collect(),
            references: m
                .references
                .iter()
                .map(|r| ReferenceOut {
                    relation: r.relation.clone(),
                    kind: r.kind.clone(),
                    number: r.number.clone(),
                    date: r.date.clone(),
                    text: normalize_text(&r.text),
                })
                .collect(),
        },
        tables: plan
            .tables
            .iter()
            .map(|t| {
                // Items where the table yields them; its cells otherwise, so
                // that nothing is lost and a reviewer sees why.
                let items = if yields(t) && !t.items.is_empty() {
                    let budget_factor = t
                        .columns
                        .iter()
                        .find(|c| c.field == Some(kehoach_parse::Field::Budget))
                        .and_then(|c| readings::header_factor(&c.header));
                    let ctx = Context { year: t.deadline_year.or(year), budget_factor, ..ctx };
                    t.items.iter().map(|i| item_out(i, ctx, &mut memo)).collect()
                } else {
                    Vec::new()
                };
                let grid = items.is_empty();
                TableOut {
                    index: t.index,
                    kind: match t.kind {
                        TableKind::Framework => TableKindOut::Framework,
                        TableKind::Items => TableKindOut::Items,
                        TableKind::Unrecognized => TableKindOut::Unrecognized,
                        TableKind::Narrative => TableKindOut::Narrative,
                    },
                    role: match t.role.role {
                        TableRole::Plan => TableRoleOut::Plan,
                        TableRole::Indicators => TableRoleOut::Indicators,
                        TableRole::Other => TableRoleOut::Other,
                    },
                    role_confidence: t.role.confidence,
                    low_confidence: t.role.low_confidence,
                    evidence: t.role.evidence.iter().map(evidence_out).collect(),
                    start: t.start.clone(),
                    end: t.end.clone(),
                    columns: t
                        .columns
                        .iter()
                        .map(|c| ColumnOut {
                            index: c.index,
                            header: normalize_text(&c.header),
                            field: c.field.map(FieldName::from),
                            confidence: c.confidence,
                        })
                        .collect(),
                    items,
                    raw_rows: if grid {
                        t.raw_rows.iter().map(|r| r.iter().map(|c| normalize_text(c)).collect()).collect()
                    } else {
                        Vec::new()
                    },
                    raw_locations: if grid { t.raw_locations.clone() } else { Vec::new() },
                }
            })
            .collect(),
        outline: plan.outline.iter().map(outline_out).collect(),
        footnotes: plan
            .footnotes
            .iter()
            .map(|f| FootnoteOut {
                mark: f.mark.clone(),
                text: normalize_text(&f.text),
                location: f.location.clone(),
                referenced_at: f.referenced_at.clone(),
            })
            .collect(),
        diagnostics: Vec::new(),
    };
    for table in &doc.tables {
        reading_diagnostics(&table.items, &mut diagnostics);
    }
    doc.diagnostics = diagnostics;
    doc
}

fn collect_deadlines(items: &[Item], out: &mut Vec<String>) {
    for item in items {
        out.extend(item.fields.deadline.clone());
        collect_deadlines(&item.children, out);
    }
}

/// One diagnostic per field value that has no structured reading, at its
/// row: deadlines not understood, agency cells or pieces that name no
/// agency, indicator values without a number, budgets of unknown source.
fn reading_diagnostics(items: &[ItemOut], out: &mut Vec<Diagnostic>) {
    diagnostics_of(items, out, &mut HashMap::new());
}

/// [`reading_diagnostics`], with whether each agency name looks like one
/// remembered: a plan names the same few agencies on row after row, and
/// lower-casing a name cost ~1,700 instructions.
fn diagnostics_of<'a>(items: &'a [ItemOut], out: &mut Vec<Diagnostic>, agencies: &mut HashMap<&'a str, bool>) {
    for item in items {
        let at = item.provenance.rows.first().or(item.provenance.cells.first()).cloned();
        let mut note = |code: Code, what: &str, raw: &str| {
            out.push(Diagnostic::new(
                Level::Info,
                code,
                format!("{what} not understood, kept as printed: {raw:?}"),
                at.clone(),
            ));
        };
        let (f, r) = (&item.fields, &item.readings);
        if let (Some(reading), Some(raw)) = (&r.deadline, &f.deadline) {
            if reading.kind == DeadlineKind::Unparsed {
                note(Code::DeadlineUnparsed, "deadline", raw);
            }
        }
        for (raw, list) in
            [(&f.lead, &r.lead), (&f.partners, &r.partners), (&f.evaluator, &r.evaluator), (&f.monitor, &r.monitor)]
        {
            if let Some(raw) = raw {
                for agency in list {
                    let name = agency.name.as_str();
                    if !*agencies.entry(name).or_insert_with(|| readings::looks_like_agency(name)) {
                        note(Code::AgencyUnrecognized, "agency", agency.printed.as_deref().unwrap_or(name));
                    }
                }
                if list.is_empty() {
                    note(Code::AgencyUnrecognized, "agency list", raw);
                }
            }
        }
        if let Some(raw) = &f.assignment {
            if r.lead.is_empty() && r.partners.is_empty() {
                note(Code::AssignmentUnparsed, "assignment", raw);
            }
        }
        if let Some(raw) = &f.target_value {
            if r.indicators.is_empty() {
                note(Code::IndicatorUnparsed, "indicator value", raw);
            }
        }
        if let (Some(raw), Some(budget)) = (&f.budget, &r.budget) {
            if budget.source == readings::BudgetSource::Other && budget.amount_vnd.is_none() {
                note(Code::BudgetUnparsed, "budget", raw);
            }
        }
        diagnostics_of(&item.children, out, agencies);
    }
}

fn item_out(item: &Item, ctx: Context, memo: &mut Memo) -> ItemOut {
    let f = &item.fields;
    let kind = match item.kind {
        kehoach_parse::ItemKind::Group => ItemKindOut::Group,
        kehoach_parse::ItemKind::Target => ItemKindOut::Target,
        kehoach_parse::ItemKind::Task => ItemKindOut::Task,
        kehoach_parse::ItemKind::Activity => ItemKindOut::Activity,
        kehoach_parse::ItemKind::SubRow => ItemKindOut::SubRow,
    };
    let fields = FieldsOut::from_parsed(f);
    let text = normalize_text(&item.text);
    let target_text = (kind == ItemKindOut::Target).then_some(text.as_str());
    let readings = readings::read_fields(&fields, target_text, ctx, memo);
    ItemOut {
        kind,
        id: item.id.clone(),
        number: item.number.clone(),
        row_number: opt(&item.row_number),
        fields,
        readings,
        text,
        provenance: Provenance { cells: item.cells.clone(), rows: item.rows.clone() },
        children: item.children.iter().map(|c| item_out(c, ctx, memo)).collect(),
    }
}

/// The canonical document as pretty-printed JSON with a final newline.
pub fn to_json(doc: &CanonicalDocument) -> String {
    let mut out = json::to_string_pretty(doc).expect("canonical documents always serialize");
    out.push('\n');
    out
}

/// The JSON Schema of [`CanonicalDocument`], pretty-printed with a final newline.
pub fn schema() -> String {
    let schema = schemars::schema_for!(CanonicalDocument);
    let mut out = serde_json::to_string_pretty(&schema).expect("schemas always serialize");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The flat contract (kehoach.flat/2) is fixed, but it must follow the
    /// field list: every row field is a column of its own, in the list's
    /// order, and a field name serializes as the parser names it.
    #[test]
    fn flat_columns_and_field_names_follow_the_field_list() {
        let row_fields: Vec<&str> = Field::ALL
            .iter()
            .map(|f| f.name())
            .filter(|n| !["row_number", "target", "task", "activity"].contains(n))
            .collect();
        let positions: Vec<usize> =
            row_fields.iter().map(|n| COLUMNS.iter().position(|c| c == n).unwrap_or_else(|| panic!("{n}"))).collect();
        assert!(positions.windows(2).all(|w| w[0] + 1 == w[1]), "{positions:?}");
        for &field in Field::ALL {
            assert_eq!(serde_json::to_value(FieldName::from(field)).unwrap(), field.name());
        }
        let names: Vec<String> = serde_json::to_value(FieldsOut { monitor: Some("x".into()), ..FieldsOut::default() })
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(names, ["monitor"]);
    }

    #[test]
    fn text_normalization() {
        assert_eq!(normalize_text("  a \t b\n\n  c  "), "a b\nc");
        assert_eq!(normalize_text("Vie\u{0302}\u{0323}t"), "Việt");
        assert_eq!(normalize_text("\n \r\n\u{a0}x\u{3000}y \n\n\tz\n"), "x y\nz");
        assert_eq!(normalize_text(" \n\t"), "");
    }

    /// Texts already spaced as normalized are copied; every other text
    /// goes through the words: both give the same, on every seed line and
    /// cell, whole seeds, and every white-space character of Unicode (and a
    /// few that are not) at each place in a short text.
    #[test]
    fn normalized_texts_are_copied_as_the_words_would_give_them() {
        fn by_words(text: &str) -> String {
            let nfc: String = text.nfc().collect();
            let lines: Vec<String> = nfc
                .split('\n')
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|l| !l.is_empty())
                .collect();
            lines.join("\n")
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seeds");
        let seeds: Vec<String> = std::fs::read_dir(dir)
            .expect("seeds")
            .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("UTF-8"))
            .collect();
        let mut texts: Vec<String> = seeds.clone();
        for seed in &seeds {
            for line in seed.lines() {
                texts.push(line.to_string());
                texts.extend(line.split('\t').map(str::to_string));
                texts.push(line.replace('\t', "\n"));
            }
        }
        let odd: Vec<char> = (0..=0x10ffff_u32)
            .filter_map(char::from_u32)
            .filter(|c| {
                c.is_whitespace()
                    || matches!(c, '\u{1c}'..='\u{1f}' | '\u{200b}' | '\u{feff}' | '\u{1e00}' | '\u{2030}')
            })
            .collect();
        for c in odd {
            for at in 0..=4 {
                let mut t: Vec<char> = "a bc".chars().collect();
                t.insert(at, c);
                texts.push(t.iter().collect());
                t.insert(at, '\n');
                texts.push(t.into_iter().collect());
            }
        }
        texts.extend(
            ["", " ", "\n", "a", "a\n", "\na", "a\nb", "a\n\nb", "a \nb", "a\n b", "a  b", "Vie\u{0302}\u{0323}t"]
                .map(String::from),
        );
        let mut copied = 0;
        for text in &texts {
            assert_eq!(normalize_text(text), by_words(text), "{text:?}");
            copied += usize::from(spaced_as_normalized(text));
        }
        assert!(copied > 1_000 && copied < texts.len() - 500, "{copied} of {}", texts.len());
    }

    #[test]
    fn schema_names_the_item_kinds() {
        let schema = schema();
        assert!(schema.contains("\"activity\""));
        assert!(schema.contains("CanonicalDocument"));
    }
}
