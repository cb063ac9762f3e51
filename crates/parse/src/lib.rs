//! Recovers the structure of a plan from extracted blocks.
//!
//! This crate owns the second step of kehoach's pipeline: a
//! [`kehoach_extract::Document`] in, a [`Plan`] out. It knows what plan
//! tables look like and nothing about file formats:
//!
//! - a table split by page breaks is stitched back into one table, its
//!   repeated header rows dropped;
//! - several tables printed into one grid (a spreadsheet) are told apart:
//!   a different header under title rows starts a new table;
//! - the header is recognised by its words, not its column count, and each
//!   column is mapped to a canonical [`Field`] (unknown columns are kept);
//! - rows become a tree of [`Item`]s: groups (Roman numerals, lettered
//!   sub-groups) → targets (1.x) → tasks (2.x) → activities (3.x), numbers
//!   kept as printed; a cell listing several numbers gives several items that
//!   share the row's fields; a row cut by a page break is joined back into
//!   one row;
//! - everything doubtful — numbering gaps and repeats, items that cannot be
//!   placed with certainty, joined rows — is reported as a diagnostic.
//!
//! Text is taken as the repairs before parsing (`kehoach-repair`) give
//! it: look-alike letters, invisible characters, abbreviations and words
//! split by a space repaired, marks as printed (the recognisers read words
//! whose marks OCR damaged). Item and group numbers that OCR damaged
//! ("3,1." and "3.l." for "3.1.", "l" for "I") are read as the numbers they
//! are, each reported as `number-repaired`. Where the parts of a cell cut
//! by a page break are joined, the join is recorded ([`Plan::joins`]): the
//! diacritic repair after parsing repairs the text there, once it is whole
//! ("Phòng Hành chính và Bộ" | "trợ tư pháp" → "Bổ trợ tư pháp").
//!
//! ```
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seeds/000_546985720e17fb0b.txt");
//! let doc = kehoach_extract::read_path_with(path, Default::default()).unwrap();
//! let plan = kehoach_parse::parse(&doc);
//! let table = &plan.tables[0];
//! assert_eq!(table.kind, kehoach_parse::TableKind::Framework);
//! let group = &table.items[0];
//! assert_eq!(group.id.as_deref(), Some("I"));
//! assert_eq!(group.children[0].id.as_deref(), Some("1.1."));
//! ```
#![deny(missing_docs)]

pub mod classes;
mod columns;
mod fields;
mod metadata;
mod numbering;
mod outline;
mod place_date;
mod plan;
mod prose;
mod table;
mod triage;

pub use fields::{Column, Field, Fields};
pub use outline::{Footnote, OutlineNode};
pub use plan::{
    DocumentClass, DocumentKind, Evidence, Item, ItemKind, Join, Metadata, Plan, PlanTable, Reference, RoleDecision,
    Signer, TableKind, TableRole,
};
pub use triage::PLAN_THRESHOLD;

use kehoach_extract::{Document, Location};

/// Parses an extracted document into a plan. The joins of cells cut by
/// page breaks are recorded ([`Plan::joins`]) for the repair after parsing.
pub fn parse(doc: &Document) -> Plan {
    columns::forget_guesses();
    let mut diagnostics = doc.diagnostics.clone();
    let metadata = metadata::find(&doc.blocks);
    let mut joins = Vec::new();
    let logical = table::split_inner_headers(table::logical_tables(&doc.blocks), &mut diagnostics);
    // Where the numbered headings that give tables their sections stand:
    // those headings are no items of the prose.
    let headings: Vec<Location> =
        logical.iter().filter_map(|t| t.heading.as_ref()).map(|h| h.location.clone()).collect();
    // The pages OCR read (their numerals may be damaged).
    let ocr_pages: Vec<u32> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == kehoach_extract::Code::Ocr)
        .filter_map(|d| d.location.as_ref()?.page)
        .collect();
    // The plan's one year, when its title gives one ("… năm 2040"): the
    // year of a schedule's periods where the time header prints none.
    let plan_year = metadata.period.filter(|(from, to)| from == to).map(|(year, _)| year);
    let mut tables: Vec<PlanTable> = logical
        .into_iter()
        .enumerate()
        .map(|(index, t)| table::parse_table(index, t, &ocr_pages, plan_year, &mut joins, &mut diagnostics))
        .collect();
    let (outline, footnotes) = outline::outline(&doc.blocks);
    let marks: Vec<String> = footnotes.iter().map(|f| f.mark.clone()).collect();
    for table in tables.iter_mut().filter(|_| !marks.is_empty()) {
        strip_item_marks(&mut table.items, &marks);
    }
    let notes = outline::plain_notes(&doc.blocks);
    for table in tables.iter_mut().filter(|_| !notes.is_empty()) {
        strip_plain_item_marks(&mut table.items, &notes);
    }
    // Targets and tasks stated in prose form one more table, after the real ones.
    if let Some(narrative) = prose::narrative_table(&outline, &headings, tables.len()) {
        tables.push(narrative);
    }
    // What the document is, then what each table is for.
    let class = triage::classify_document(&doc.blocks, &metadata);
    for table in &mut tables {
        table.role = triage::classify_table(table, &class);
    }
    Plan { outline, footnotes, metadata, class, tables, diagnostics, joins }
}

/// Removes the marks of the document's footnotes from the texts of table
/// items ("Đề án 06²" in a PDF's cell), as from the outline's texts.
fn strip_item_marks(items: &mut [plan::Item], marks: &[String]) {
    for item in items {
        item.text = outline::strip_marks(&item.text, marks).0;
        strip_item_marks(&mut item.children, marks);
    }
}

/// Removes footnote marks kept as plain digits ("Đề án 062" in a
/// spreadsheet's or a layout text's cell) from the texts of table items.
fn strip_plain_item_marks(items: &mut [plan::Item], notes: &[(String, String)]) {
    for item in items {
        item.text = outline::strip_plain_marks(&item.text, notes);
        strip_plain_item_marks(&mut item.children, notes);
    }
}

/// A text file's blocks as `kehoach::convert` gives them to the parser:
/// read, then the repairs that change words (the unit tests' input).
#[cfg(test)]
fn read_text(text: &str) -> kehoach_extract::Document {
    read_named("t.txt", text)
}

/// As [`read_text`], for a file named `name` (its extension picks the reader).
#[cfg(test)]
fn read_named(name: &str, text: &str) -> kehoach_extract::Document {
    let options = kehoach_extract::Options::default();
    let mut doc = kehoach_extract::read_bytes_with(name, text.as_bytes(), options).expect("reads");
    let texts: Vec<&str> = doc.blocks.iter().flat_map(kehoach_extract::Block::texts).collect();
    let repairs = kehoach_vi::repair::Repairs::new(&texts, kehoach_vi::ToneStyle::default());
    for (text, _) in doc.blocks.iter_mut().flat_map(kehoach_extract::Block::texts_mut) {
        let mut prepared = repairs.prepare(text);
        if let Some(words) = repairs.words(text, &mut prepared) {
            *text = words;
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(text: &str) -> Plan {
        parse(&crate::read_text(text))
    }

    #[test]
    fn a_numbered_heading_above_a_table_is_its_section() {
        let p = plan("**4. Đẩy nhanh số hóa hồ sơ**\n\nTT\tNội dung\tĐơn vị chủ trì\n1\tSố hóa\tVăn phòng Sở\n");
        let group = &p.tables[0].items[0];
        assert_eq!((group.kind, group.number.as_deref()), (ItemKind::Group, Some("4")));
        assert_eq!(group.text, "Đẩy nhanh số hóa hồ sơ");
        assert_eq!(group.children[0].text, "Số hóa");
        // Roman groups inside become sub-groups of the section.
        let p = plan("### 9.2. Chỉ tiêu\n\nTT\tNội dung\tĐơn vị chủ trì\nI\tNHÓM MỘT\t\n1\tA\tB\n");
        let section = &p.tables[0].items[0];
        assert_eq!(section.number.as_deref(), Some("9.2"));
        assert_eq!(section.children[0].number.as_deref(), Some("I"));
        // A plain numbered sentence, or a heading far above, is not a section.
        let p = plan("1. Trưởng các Phòng xây dựng Kế hoạch.\n\nTT\tNội dung\tĐơn vị chủ trì\n1\tA\tB\n");
        assert_eq!(p.tables[0].items[0].kind, ItemKind::Task);
        let p = plan("**5. Mục**\n\nGhi chú một.\n\nGhi chú hai.\n\nTT\tNội dung\tĐơn vị chủ trì\n1\tA\tB\n");
        assert_eq!(p.tables[0].items[0].kind, ItemKind::Task);
        // Plain numbered paragraphs right above two tables or more are their
        // sections (an office suite's PDF or spreadsheet keeps no bold).
        let table = "TT\tNội dung\tĐơn vị chủ trì\n1\tA\tB\n";
        let p = plan(&format!("1. Thực hiện nhiệm vụ\n\n{table}\n2. Công bố công khai.\n\n{table}"));
        let sections: Vec<(ItemKind, Option<&str>, &str)> = p
            .tables
            .iter()
            .map(|t| (t.items[0].kind, t.items[0].number.as_deref(), t.items[0].text.as_str()))
            .collect();
        assert_eq!(
            sections,
            [(ItemKind::Group, Some("1"), "Thực hiện nhiệm vụ"), (ItemKind::Group, Some("2"), "Công bố công khai.")]
        );
        // Not with a paragraph between.
        let p = plan(&format!("1. Thực hiện nhiệm vụ\n\nGhi chú.\n\n{table}\n2. Công bố\n\n{table}"));
        assert_eq!(p.tables[0].items[0].kind, ItemKind::Task);
    }

    #[test]
    fn roman_headings_above_two_tables_or_more_are_their_sections() {
        let table = "TT\tNội dung\tĐơn vị chủ trì\n1\tA\tB\n";
        let text = format!("**I. CẢI CÁCH THỂ CHẾ**\n\n{table}\nII. CẢI CÁCH TTHC\n\nGhi chú.\n\n{table}");
        let p = plan(&text);
        let sections: Vec<(ItemKind, Option<&str>, &str)> = p
            .tables
            .iter()
            .map(|t| (t.items[0].kind, t.items[0].number.as_deref(), t.items[0].text.as_str()))
            .collect();
        assert_eq!(
            sections,
            [(ItemKind::Group, Some("I"), "CẢI CÁCH THỂ CHẾ"), (ItemKind::Group, Some("II"), "CẢI CÁCH TTHC")]
        );
        assert_eq!(p.tables[1].items[0].children[0].text, "A");
        // One above a single table is the document's part, not a section;
        // so are two with the same numeral, or one with two paragraphs between.
        for text in [
            format!("**II. NHIỆM VỤ VÀ GIẢI PHÁP**\n\n{table}"),
            format!("I. MỘT\n\n{table}\nI. MỘT\n\n{table}"),
            format!("I. MỘT\n\n{table}\nII. HAI\n\nMột.\n\nHai.\n\n{table}"),
            format!("I. một\n\n{table}\nII. hai\n\n{table}"),
            format!("IL. MỘT\n\n{table}\nIIII. HAI\n\n{table}"),
        ] {
            let p = plan(&text);
            assert!(p.tables.iter().all(|t| t.items[0].kind == ItemKind::Task), "{text:?}");
        }
    }
}

#[cfg(test)]
mod header_tests {
    use super::*;

    fn plan(text: &str) -> Plan {
        parse(&crate::read_text(text))
    }

    #[test]
    fn a_header_over_two_rows_maps_through_its_lower_cells() {
        let p = plan(
            "Stt\tTên TTHC\tCơ quan thực hiện\t\tThời gian thực hiện\t\n\
             \t\tchủ trì\tphối hợp\tBắt đầu\tHoàn thành\n\
             1.\tThủ tục A\tPhòng X\tPhòng Y\tTháng 8/2024\tTháng 9/2024\n",
        );
        let fields: Vec<Option<Field>> = p.tables[0].columns.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [
                Some(Field::RowNumber),
                Some(Field::Task),
                Some(Field::Lead),
                Some(Field::Partners),
                None,
                Some(Field::Deadline)
            ]
        );
        let task = &p.tables[0].items[0];
        assert_eq!(task.fields.deadline.as_deref(), Some("Tháng 9/2024"));
        assert_eq!(task.fields.extra, [("Thời gian thực hiện: Bắt đầu".to_string(), "Tháng 8/2024".to_string())]);
    }

    #[test]
    fn numbers_may_run_on_across_groups_or_restart() {
        let run_on = plan("TT\tNội dung\tĐơn vị chủ trì\nI\tMỘT\t\n1\tA\tX\n2\tB\tX\nII\tHAI\t\n3\tC\tX\n");
        assert!(
            run_on.diagnostics.iter().all(|d| d.code != kehoach_extract::Code::NumberingGap),
            "{:?}",
            run_on.diagnostics
        );
        let restart = plan("TT\tNội dung\tĐơn vị chủ trì\nI\tMỘT\t\n1\tA\tX\nII\tHAI\t\n1\tC\tX\n");
        assert!(restart.diagnostics.iter().all(|d| d.code != kehoach_extract::Code::NumberingGap));
        let gap = plan("TT\tNội dung\tĐơn vị chủ trì\nI\tMỘT\t\n1\tA\tX\nII\tHAI\t\n5\tC\tX\n");
        assert!(gap.diagnostics.iter().any(|d| d.code == kehoach_extract::Code::NumberingGap));
    }

    #[test]
    fn text_cut_into_the_row_number_column_joins_its_item() {
        let p = plan(
            "Stt\tNội dung\tĐơn vị chủ trì\n1.\tKết nối với Hệ thống thông tin\tVăn phòng Sở\n\ngiải quyết TTHC.\t\t\n",
        );
        assert_eq!(p.tables.len(), 1, "the stray part is not a table of its own");
        assert_eq!(p.tables[0].items[0].text, "Kết nối với Hệ thống thông tin giải quyết TTHC.");
        assert!(p.diagnostics.iter().any(|d| d.code == kehoach_extract::Code::CellMoved));
    }
}

#[cfg(test)]
mod group_tests {
    use super::*;

    fn plan(text: &str) -> Plan {
        parse(&crate::read_text(text))
    }

    fn numbers(items: &[Item]) -> Vec<String> {
        items.iter().map(|i| i.number.clone().unwrap_or_default()).collect()
    }

    /// Letters over Roman numerals over numbered sub-groups: A → I → 5.1 →
    /// 5.1.3, whichever kind comes first ranks first.
    #[test]
    fn nested_groups_letters_roman_numbered() {
        let p = plan(
            "TT\tNội dung\tĐơn vị chủ trì\n\
             A\tKHỐI MỘT\t\n\
             I\tNHÓM MỘT\t\n\
             5.1\tTiểu mục\t\n\
             5.1.3\tTiểu mục con\t\n\
             1\tViệc một\tVăn phòng Sở\n\
             II\tNHÓM HAI\t\n\
             2\tViệc hai\tVăn phòng Sở\n\
             B\tKHỐI HAI\t\n\
             3\tViệc ba\tVăn phòng Sở\n",
        );
        let roots = &p.tables[0].items;
        assert_eq!(numbers(roots), ["A", "B"]);
        assert_eq!(numbers(&roots[0].children), ["I", "II"]);
        let sub = &roots[0].children[0].children[0];
        assert_eq!(sub.number.as_deref(), Some("5.1"));
        assert_eq!(sub.children[0].number.as_deref(), Some("5.1.3"));
        assert_eq!(sub.children[0].children[0].text, "Việc một");
        assert_eq!(roots[1].children[0].text, "Việc ba");
        let records = p.tables[0].items.len();
        assert_eq!(records, 2);
    }
}
