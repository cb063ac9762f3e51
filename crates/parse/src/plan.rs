//! The plan structure the parser recovers.

use crate::fields::{Column, Field, Fields};
use kehoach_extract::{Diagnostic, Location};

/// Everything recovered from one document.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The narrative outline: numbered and bulleted paragraphs as a tree.
    pub outline: Vec<crate::outline::OutlineNode>,
    /// Footnotes: superscript-marked texts, kept apart from the text their
    /// marks interrupt.
    pub footnotes: Vec<crate::outline::Footnote>,
    /// Document metadata found in the text around the tables.
    pub metadata: Metadata,
    /// What kind of document it is, and why.
    pub class: DocumentClass,
    /// Tables in document order (one logical table even when it spans
    /// several pages), each with its role.
    pub tables: Vec<PlanTable>,
    /// Extraction and parsing diagnostics, in the order they arose.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the parts of cells cut by page breaks were joined, in the
    /// order joined: the repair after parsing repairs the text there, where
    /// it is whole (`kehoach-repair`).
    pub joins: Vec<Join>,
}

/// Where the parser joined the rest of a cell cut by a page break to the
/// part before the break (an item's text or a field).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Join {
    /// The text before the break (the parts joined so far), as the parser
    /// read it.
    pub left: String,
    /// The part after the break, as read.
    pub right: String,
    /// Where the part after the break is.
    pub at: Location,
    /// The place among the plan's diagnostics where the notes of a repair
    /// at the join belong: the number of diagnostics made before it.
    pub diagnostic: usize,
}

impl Plan {
    /// Calls `f` on every text the plan puts out, but the diagnostics',
    /// with where it came from when the plan knows (the cells of an item's
    /// text, the rows of its fields, a raw row, the header rows of a column
    /// header (or a table's evidence), an outline marker's paragraph, a
    /// footnote; else nothing): the outline, footnotes, metadata
    /// (references, recipients, signer …), the document's and the tables'
    /// evidence, column headers, every item's number, text and fields (the
    /// header texts that are extra fields' keys too), and the raw rows. The
    /// repair after parsing walks them (`kehoach-repair`).
    pub fn for_each_text_mut(&mut self, f: &mut dyn FnMut(&mut String, &[Location])) {
        fn outline(nodes: &mut [crate::outline::OutlineNode], f: &mut dyn FnMut(&mut String, &[Location])) {
            for node in nodes {
                // The text goes on with the plain paragraphs below it.
                f(&mut node.marker, std::slice::from_ref(&node.location));
                f(&mut node.text, &[]);
                outline(&mut node.children, f);
            }
        }
        fn items(list: &mut [Item], header: &[Location], f: &mut dyn FnMut(&mut String, &[Location])) {
            for item in list {
                let Item { id, number, text, row_number, fields, cells, rows, children, .. } = item;
                id.iter_mut().chain(number).for_each(|t| f(t, cells));
                f(text, cells);
                row_number.iter_mut().for_each(|t| f(t, rows));
                for &field in Field::ALL {
                    if let Some(Some(text)) = fields.slot_mut(field) {
                        f(text, rows);
                    }
                }
                for (key, value) in &mut fields.extra {
                    f(key, header);
                    f(value, rows);
                }
                items(children, header, f);
            }
        }
        outline(&mut self.outline, f);
        for footnote in &mut self.footnotes {
            f(&mut footnote.mark, std::slice::from_ref(&footnote.location));
            f(&mut footnote.text, std::slice::from_ref(&footnote.location));
        }
        let m = &mut self.metadata;
        let single =
            [&mut m.kind, &mut m.number, &mut m.place, &mut m.date, &mut m.date_text, &mut m.title, &mut m.number_text];
        single.into_iter().flatten().chain(&mut m.issuer).chain(&mut m.recipients).for_each(|t| f(t, &[]));
        if let Some(signer) = &mut m.signer {
            signer.position.iter_mut().chain(&mut signer.name).for_each(|t| f(t, &[]));
        }
        for r in &mut m.references {
            [&mut r.relation, &mut r.kind, &mut r.text]
                .into_iter()
                .chain(&mut r.number)
                .chain(&mut r.date)
                .for_each(|t| f(t, &[]));
        }
        self.class.evidence.iter_mut().for_each(|e| f(&mut e.detail, &[]));
        for table in &mut self.tables {
            // The header: the rows above the data.
            let header = &table.raw_locations[..table.data_from.unwrap_or(0).min(table.raw_locations.len())];
            table.columns.iter_mut().for_each(|c| f(&mut c.header, header));
            items(&mut table.items, header, f);
            for (row, at) in table.raw_rows.iter_mut().zip(&table.raw_locations) {
                row.iter_mut().for_each(|t| f(t, std::slice::from_ref(at)));
            }
            // Evidence quotes headers and cells.
            table.role.evidence.iter_mut().for_each(|e| f(&mut e.detail, header));
        }
    }
}

/// Document metadata. Every field is what the document prints, when found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// `plan` (Kế hoạch) or `decision` (Quyết định), from the first title line.
    pub kind: Option<String>,
    /// Document number as printed after `Số:` (e.g. `588/KH-STP`).
    pub number: Option<String>,
    /// Place of issue (e.g. `Hà Tĩnh`).
    pub place: Option<String>,
    /// Date of issue as ISO `YYYY-MM-DD`, when day, month and year are all printed.
    pub date: Option<String>,
    /// The place-and-date line as printed.
    pub date_text: Option<String>,
    /// The title that follows the document kind.
    pub title: Option<String>,
    /// The document number as printed when it is left blank (`/QĐ-UBND`);
    /// `number` is then empty.
    pub number_text: Option<String>,
    /// Issuing bodies from the header (`UBND TỈNH HÀ TĨNH`, `SỞ TƯ PHÁP`).
    pub issuer: Vec<String>,
    /// Who signs: position lines and name from the tail.
    pub signer: Option<Signer>,
    /// Recipients listed under "Nơi nhận".
    pub recipients: Vec<String>,
    /// Documents it implements or is based on ("Thực hiện Quyết định số …",
    /// "Căn cứ …", "Kèm theo Kế hoạch …").
    pub references: Vec<Reference>,
    /// The period it covers, from the title ("giai đoạn 2021-2030", "năm 2024").
    pub period: Option<(i32, i32)>,
}

/// The signer of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Signer {
    /// Position as printed ("GIÁM ĐỐC", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH").
    pub position: Option<String>,
    /// Name ("Lê Viết Hồng").
    pub name: Option<String>,
}

/// A document referred to in the head of another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reference {
    /// How it is referred to: `implements` ("Thực hiện"), `based_on` ("Căn
    /// cứ"), `attached_to` ("Kèm theo", "Ban hành kèm theo"), `other`.
    pub relation: String,
    /// Its kind as printed ("Quyết định", "Nghị quyết", "Kế hoạch").
    pub kind: String,
    /// Its number ("3504/QĐ-UBND"), when printed.
    pub number: Option<String>,
    /// Its date as ISO, when printed.
    pub date: Option<String>,
    /// The words that name it, as printed.
    pub text: String,
}

/// What kind of table a [`PlanTable`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    /// Several numbered hierarchy columns (targets, tasks, activities).
    Framework,
    /// One item column (tasks or targets) with a row-number column.
    Items,
    /// No header the parser recognises; rows are kept raw.
    Unrecognized,
    /// Targets and tasks stated in prose, read from the outline.
    Narrative,
}

impl Field {
    /// The item kind of a hierarchy field.
    pub fn item_kind(self) -> Option<ItemKind> {
        match self {
            Field::Target => Some(ItemKind::Target),
            Field::Task => Some(ItemKind::Task),
            Field::Activity => Some(ItemKind::Activity),
            _ => None,
        }
    }
}

/// One plan table and the hierarchy recovered from it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanTable {
    /// 0-based index among the document's tables.
    pub index: usize,
    /// What kind of table it is.
    pub kind: TableKind,
    /// Column mapping (empty for unrecognized tables).
    pub columns: Vec<Column>,
    /// Top-level items: groups, or targets/tasks when the table has no groups.
    pub items: Vec<Item>,
    /// Raw cell texts of every row, as a grid (empty for narrative tables):
    /// what an `other` table is shown as, so nothing is lost.
    pub raw_rows: Vec<Vec<String>>,
    /// Where each raw row is (parallel to `raw_rows`).
    pub raw_locations: Vec<Location>,
    /// The raw row the data starts at (after the header), when a header
    /// was recognised.
    pub data_from: Option<usize>,
    /// The year a deadline column's header names ("Thời gian (Năm 2026)"):
    /// deadlines under it that leave out the year are in that year.
    pub deadline_year: Option<i32>,
    /// Where the table starts and ends.
    pub start: Location,
    /// Where the last row is.
    pub end: Location,
    /// What the table is (plan, indicators, other), how sure, and why.
    pub role: RoleDecision,
}

/// What a table is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TableRole {
    /// Tasks, targets or activities assigned to agencies: yields items.
    Plan,
    /// Numeric targets (indicators) with their agencies: yields items.
    Indicators,
    /// Anything else (letterhead, signature, statistics, agenda, member
    /// list, …): kept as a grid, yields no items unless asked to.
    #[default]
    Other,
}

impl TableRole {
    /// The lower-case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            TableRole::Plan => "plan",
            TableRole::Indicators => "indicators",
            TableRole::Other => "other",
        }
    }

    /// Whether tables of this role yield items and flat records by default.
    pub fn yields_items(self) -> bool {
        self != TableRole::Other
    }
}

/// One piece of evidence behind a decision.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// What was looked at (`lead_column`, `clock_times`, `title_word`, …).
    pub feature: String,
    /// How much it counted towards a plan (negative: against).
    pub weight: f32,
    /// What was seen, as printed or counted.
    pub detail: String,
}

impl Evidence {
    pub(crate) fn new(feature: &str, weight: f32, detail: impl Into<String>) -> Evidence {
        Evidence { feature: feature.to_string(), weight, detail: detail.into() }
    }
}

/// The role decided for a table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoleDecision {
    /// The role.
    pub role: TableRole,
    /// How sure the decision is, 0.5–1.
    pub confidence: f32,
    /// The structure was guessed: the role is doubtful, or columns were
    /// matched only approximately.
    pub low_confidence: bool,
    /// What decided it.
    pub evidence: Vec<Evidence>,
}

/// Document kinds a provincial archive holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DocumentKind {
    /// Kế hoạch.
    Plan,
    /// Quyết định (with or without an attached plan).
    Decision,
    /// Phụ lục: an appendix (of a plan, as a file of its own).
    Appendix,
    /// Báo cáo.
    Report,
    /// Điều lệ.
    Charter,
    /// Thông báo, Thông báo kết luận.
    Notice,
    /// Tờ trình, Phiếu trình.
    Submission,
    /// Công văn: an official letter ("V/v …").
    Letter,
    /// Chương trình: a programme of work or a meeting agenda.
    Program,
    /// None of these could be told.
    #[default]
    Unknown,
}

impl DocumentKind {
    /// The snake_case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Plan => "plan",
            DocumentKind::Decision => "decision",
            DocumentKind::Appendix => "appendix",
            DocumentKind::Report => "report",
            DocumentKind::Charter => "charter",
            DocumentKind::Notice => "notice",
            DocumentKind::Submission => "submission",
            DocumentKind::Letter => "letter",
            DocumentKind::Program => "program",
            DocumentKind::Unknown => "unknown",
        }
    }

    /// Every kind.
    pub const ALL: [DocumentKind; 10] = [
        DocumentKind::Plan,
        DocumentKind::Decision,
        DocumentKind::Appendix,
        DocumentKind::Report,
        DocumentKind::Charter,
        DocumentKind::Notice,
        DocumentKind::Submission,
        DocumentKind::Letter,
        DocumentKind::Program,
        DocumentKind::Unknown,
    ];

    /// The kind a name ([`DocumentKind::name`]) names.
    pub fn from_name(name: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// What kind of document it is, and why.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocumentClass {
    /// The kind.
    pub kind: DocumentKind,
    /// A decision (or other document) that issues a plan as its attachment
    /// ("Về việc ban hành Kế hoạch …", a later "KẾ HOẠCH" title, "Ban hành
    /// kèm theo Quyết định …").
    pub attached_plan: bool,
    /// What decided it.
    pub evidence: Vec<Evidence>,
}

impl DocumentClass {
    /// Whether the document is, or carries, a plan: only then does its prose
    /// outline yield targets and tasks.
    pub fn states_a_plan(&self) -> bool {
        matches!(self.kind, DocumentKind::Plan | DocumentKind::Appendix) || self.attached_plan
    }
}

/// The kind of a recovered item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    /// Group row (Roman numeral) or lettered sub-group inside one.
    Group,
    /// Target / indicator (1.x).
    Target,
    /// Task (2.x).
    Task,
    /// Activity (3.x).
    Activity,
    /// A row with no item of its own under an item (002, VII.7): more
    /// fields of the same item (another output, deadline, assignment).
    SubRow,
}

impl ItemKind {
    /// The lower-case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Group => "group",
            ItemKind::Target => "target",
            ItemKind::Task => "task",
            ItemKind::Activity => "activity",
            ItemKind::SubRow => "sub-row",
        }
    }
}

/// A group, target, task or activity.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// What it is.
    pub kind: ItemKind,
    /// Its number as printed (`1.1.`, `2.10`, `2.12:`, `VII`, `A`), if any.
    pub id: Option<String>,
    /// The number without trailing punctuation (`1.1`, `2.12`, `VII`).
    pub number: Option<String>,
    /// Its text with the number removed (a group's title).
    pub text: String,
    /// The table's row-number cell (TT) of the row that introduced it.
    pub row_number: Option<String>,
    /// Row fields (output, lead, …) for the items a row describes.
    pub fields: Fields,
    /// The cells its text came from, in order (several when a page break cut it).
    pub cells: Vec<Location>,
    /// The source rows whose fields it carries (several for a row cut by a page break).
    pub rows: Vec<Location>,
    /// Items below it.
    pub children: Vec<Item>,
}
