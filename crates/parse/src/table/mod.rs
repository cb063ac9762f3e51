//! Plan tables, one job per module: [`stitch`] joins the parts of a table
//! cut by page breaks into logical tables; this module finds the header's
//! roles and turns a logical table into a [`PlanTable`]; the tree is built
//! row by row by a `Builder` whose work is split into [`rows`] (reading a
//! row: new, continued, orphaned), [`groups`] (group rows: Roman numerals,
//! letters, numbered sub-groups), [`tree`] (placing items under their
//! parents) and [`checks`] (numbering gaps and repeats, ambiguous parents).

mod checks;
mod groups;
mod rows;
mod schedule;
mod stitch;
mod tree;

use stitch::{damaged_header, find_header, folded_row};
pub(crate) use stitch::{logical_tables, split_inner_headers, LogicalRow, LogicalTable};

use crate::columns::{fold, header_number, map_header, names_lead_and_partners};
use crate::fields::{Column, Field, Fields};
use crate::plan::{Item, ItemKind, Join, PlanTable, TableKind};
use kehoach_extract::{Code, Diagnostic, Level, Location};
use rows::Builder;

/// How each column takes part in building items.
struct Roles {
    row_number: Option<usize>,
    /// Hierarchy columns from top to bottom: column, item kind, number major.
    levels: Vec<(usize, ItemKind, Option<u32>)>,
    /// Row-field columns.
    fields: Vec<(usize, Field)>,
    /// Unmapped columns: index and raw header.
    extra: Vec<(usize, String)>,
    /// The lead column holds the partners too ("Chủ trì/phối hợp") and no
    /// other column does: each lead cell is split.
    split_roles: bool,
}

impl Roles {
    fn new(columns: &[Column]) -> Roles {
        let mut roles =
            Roles { row_number: None, levels: Vec::new(), fields: Vec::new(), extra: Vec::new(), split_roles: false };
        for column in columns {
            match column.field {
                Some(Field::RowNumber) => roles.row_number = Some(column.index),
                Some(f) if f.item_kind().is_some() => {
                    let kind = f.item_kind().expect("hierarchy field");
                    roles.levels.push((column.index, kind, header_number(&column.header)));
                }
                Some(f) => roles.fields.push((column.index, f)),
                None if column.header.trim().is_empty() => {
                    roles.extra.push((column.index, format!("column {}", column.index + 1)))
                }
                None => roles.extra.push((column.index, column.header.clone())),
            }
        }
        roles.split_roles = columns.iter().any(|c| c.field == Some(Field::Lead) && names_lead_and_partners(&c.header))
            && !roles.fields.iter().any(|(_, f)| *f == Field::Partners);
        roles.levels.sort_by_key(|(_, kind, _)| *kind);
        // A framework table numbers targets 1.x, tasks 2.x, activities 3.x;
        // the header usually says so ("3- Hoạt động"), and when it does not the
        // conventional numbers are assumed. A lone item column has no such
        // numbers: its items take the row number.
        if roles.levels.len() >= 2 {
            for (_, kind, major) in &mut roles.levels {
                if major.is_none() {
                    *major = Some(match kind {
                        ItemKind::Target => 1,
                        ItemKind::Task => 2,
                        _ => 3,
                    });
                }
            }
        } else {
            for level in &mut roles.levels {
                level.2 = None;
            }
        }
        roles
    }
}

/// Parses one logical table. Diagnostics are appended to `diags`, the
/// joins of cells cut by page breaks to `joins`.
pub(crate) fn parse_table(
    index: usize,
    table: LogicalTable,
    ocr_pages: &[u32],
    plan_year: Option<i32>,
    joins: &mut Vec<Join>,
    diags: &mut Vec<Diagnostic>,
) -> PlanTable {
    let end = table.rows.last().map(|r| r.location.clone()).unwrap_or_else(|| table.start.clone());
    // The grid as printed: what a table that is no plan is shown as.
    let raw_rows: Vec<Vec<String>> =
        table.rows.iter().map(|r| r.cells.iter().map(|c| c.text.clone()).collect()).collect();
    let raw_locations: Vec<Location> = table.rows.iter().map(|r| r.location.clone()).collect();
    // A header over two rows ("Cơ quan thực hiện" over "chủ trì | phối
    // hợp") is read as one: each lower cell joined to the upper one it sits
    // under.
    let found = find_header(&table.rows, 0, 3);
    let header_at = found.as_ref().map(|(i, _)| *i);
    let two_row = found.and_then(|(i, joined)| joined.map(|j| (i, j)));
    let Some(header_at) = header_at else {
        diags.push(Diagnostic::new(
            Level::Warning,
            Code::TableUnrecognized,
            format!(
                "table {index} has no header kehoach recognises; its {} rows are kept as raw cells",
                table.rows.len()
            ),
            Some(table.start.clone()),
        ));
        return PlanTable {
            index,
            kind: TableKind::Unrecognized,
            columns: Vec::new(),
            items: Vec::new(),
            raw_rows,
            raw_locations,
            data_from: None,
            deadline_year: None,
            start: table.start,
            end,
            role: Default::default(),
        };
    };
    let header_location = table.rows[header_at].location.clone();
    let header_row = &table.rows[header_at];
    let header_cells: Vec<String> = match &two_row {
        Some((_, joined)) => joined.clone(),
        None => header_row.cells.iter().map(|c| c.text.clone()).collect(),
    };
    let mut columns = map_header(&header_cells).expect("checked above");
    let schedule = schedule::find(&mut columns, plan_year);
    if schedule.is_some() {
        diags.push(Diagnostic::new(
            Level::Info,
            Code::ScheduleMarks,
            format!(
                "table {index}: no column states a deadline; each row's deadline is the last period it marks \
                 under {:?} (the marks are kept as printed)",
                columns.last().map_or("", |c| c.header.as_str())
            ),
            Some(table.rows[header_at].location.clone()),
        ));
    }
    let data_from = header_at + if two_row.is_some() { 2 } else { 1 };
    for row in &table.rows[..header_at] {
        let text: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).filter(|t| !t.is_empty()).collect();
        diags.push(Diagnostic::new(
            Level::Warning,
            Code::RowBeforeHeader,
            format!("a row above the table header is not part of the plan structure: {:?}", text.join(" | ")),
            Some(row.location.clone()),
        ));
    }
    let roles = Roles::new(&columns);
    let kind = if roles.levels.len() >= 2 { TableKind::Framework } else { TableKind::Items };
    let header_folded = folded_row(&header_row.cells);
    let header_printed = header_row.cells.clone();
    let mut builder = Builder::new(&roles, columns.len());
    let mark_col = roles.row_number.unwrap_or(0);
    builder.roman_groups = table.rows.iter().skip(data_from).any(|row| {
        let mark = row.cells.get(mark_col).and_then(|c| crate::numbering::group_mark(&c.text));
        mark.is_some_and(|m| !m.lettered && !m.number.contains('.') && m.repaired_from.is_none())
    });
    // On a page OCR read, a first group numeral "I" read as "1" has no
    // Roman numeral beside it to go by: a first data row numbered "1" and a
    // second numbered "1" again make the table's groups Roman, so that the
    // first, if it has a title in capitals and no field, is group "I"
    // (`damaged_roman`). Printed text is not second-guessed: a table whose
    // groups are numbered 1, 2, … with tasks from 1 under each is read as
    // printed.
    if !builder.roman_groups {
        let is_one = |row: &LogicalRow| row.cells.get(mark_col).is_some_and(|c| c.text.trim() == "1");
        if let [first, second, ..] = &table.rows[data_from.min(table.rows.len())..] {
            let scanned = first.location.page.is_some_and(|p| ocr_pages.contains(&p));
            builder.roman_groups = scanned && is_one(first) && is_one(second);
        }
    }
    let marks = || table.rows.iter().skip(data_from).map(|row| row.cells.get(mark_col).map_or("", |c| c.text.as_str()));
    builder.parents = parent_numbers(marks());
    // "Nhiệm vụ/hoạt động": the item column holds tasks and activities, so
    // a dotted row with rows numbered under it is a task with activities
    // (unseen14), where under "Nội dung" it heads a sub-group (unseen5).
    let names_activities = columns.iter().any(|c| {
        c.field == Some(Field::Task) && format!(" {} ", fold(&c.header).replace('/', " ")).contains(" hoat dong ")
    });
    if names_activities {
        builder.dotted_parents = dotted_parent_numbers(marks());
    }
    // The lower row of a two-row header, as it is repeated after a page
    // break under the upper one.
    let lower_folded = two_row.as_ref().and_then(|(i, _)| table.rows.get(i + 1)).map(|r| folded_row(&r.cells));
    let mut dropped_headers = Vec::new();
    let mut break_pending = false;
    let mut after_header = true;
    let mut last_dropped: Option<Vec<kehoach_extract::Cell>> = None;
    let header_first = fold(header_row.cells.first().map(|c| c.text.as_str()).unwrap_or(""));
    for row in table.rows.into_iter().skip(data_from) {
        if row.cells.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        // Fold only rows that start like the header: a cheap pre-check.
        let first = row.cells.first().map(|c| c.text.as_str()).unwrap_or("");
        let repeated = (fold(first) == header_first && folded_row(&row.cells) == header_folded)
            || (after_header && lower_folded.as_ref().is_some_and(|lower| folded_row(&row.cells) == *lower));
        if repeated {
            dropped_headers.push((row.location.without_column().to_string(), false));
            break_pending = true;
            after_header = true;
            last_dropped = Some(row.cells);
            continue;
        }
        if row.after_break && damaged_header(&header_printed, &row.cells) {
            dropped_headers.push((row.location.without_column().to_string(), true));
            break_pending = true;
            after_header = true;
            last_dropped = Some(row.cells);
            continue;
        }
        // The rest of a repeated header that a text layout wrapped onto
        // lines of their own ("Thời gian hoàn" | … over "thành").
        if after_header && last_dropped.as_ref().is_some_and(|upper| header_rest(&header_printed, upper, &row.cells)) {
            dropped_headers.push((row.location.without_column().to_string(), false));
            continue;
        }
        last_dropped = None;
        // The row of column numbers many offices print under the header
        // ("(1) | (2) | … | (8)"), there and after each repeated header.
        if after_header && column_numbers(&row.cells) {
            after_header = false;
            continue;
        }
        after_header = false;
        let after_break = row.after_break || break_pending;
        break_pending = false;
        let mut row = row;
        if let Some(schedule) = &schedule {
            let deadline = schedule.deadline_cell(&row.cells);
            row.cells.resize_with(columns.len() - 1, Default::default);
            row.cells.push(deadline);
        }
        builder.row(row, after_break);
    }
    if !dropped_headers.is_empty() {
        let places = |damaged_only: bool| -> Vec<&str> {
            dropped_headers.iter().filter(|(_, d)| *d || !damaged_only).map(|(at, _)| at.as_str()).collect()
        };
        let damaged = match places(true) {
            d if d.is_empty() => String::new(),
            d => format!(", {} of them read with damaged words, as OCR prints them ({})", d.len(), d.join(", ")),
        };
        diags.push(Diagnostic::new(
            Level::Info,
            Code::RepeatedHeader,
            format!(
                "table {index}: dropped {} repeated header row(s) at page breaks ({}){damaged}",
                dropped_headers.len(),
                places(false).join(", ")
            ),
            Some(header_location),
        ));
    }
    let mut items = builder.finish(index, joins, diags);
    if let Some(h) = table.heading {
        // The heading above the table is its section: one group holding the
        // table's items (its own Roman groups become sub-groups: "9.2.I").
        items = vec![Item {
            kind: ItemKind::Group,
            id: Some(h.printed),
            number: Some(h.number),
            text: h.title,
            row_number: None,
            fields: Fields::default(),
            cells: vec![h.location.clone()],
            rows: vec![h.location],
            children: items,
        }];
    }
    let deadline_year = columns.iter().find(|c| c.field == Some(Field::Deadline)).and_then(|c| header_year(&c.header));
    PlanTable {
        index,
        kind,
        columns,
        items,
        raw_rows,
        raw_locations,
        data_from: Some(data_from),
        deadline_year,
        start: table.start,
        end,
        role: Default::default(),
    }
}

/// Whether a row holds only the columns' own numbers ("(1)", "2", "[3]"),
/// at least three, counting up by one from cell to cell and starting no
/// later than its column (a cell merged across grid columns, as a
/// spreadsheet keeps a wide cell, leaves empty columns between them; a
/// converter that closed a gap puts two in one cell, "(3) (4)"), filling
/// at least half the row: the numbering row printed under a header, never
/// a plan row (a plan row holds text).
fn column_numbers(cells: &[kehoach_extract::Cell]) -> bool {
    let (mut numbers, mut filled) = (0, 0);
    let mut next = None;
    for (i, cell) in cells.iter().enumerate() {
        let text = cell.text.trim();
        if text.is_empty() {
            continue;
        }
        filled += 1;
        for token in text.split_whitespace() {
            let bare = token.trim_start_matches(['(', '[']).trim_end_matches([')', ']']);
            if bare.is_empty() {
                continue; // a bracket a narrow column put apart: "(1 )"
            }
            if bare.len() > 2 || !bare.bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
            let n: usize = bare.parse().unwrap_or(0);
            match next {
                None if n >= 1 && n <= i + 1 => {}
                Some(want) if n == want => {}
                _ => return false,
            }
            next = Some(n + 1);
            numbers += 1;
        }
    }
    numbers >= 3 && filled * 2 >= cells.len()
}

/// The year a deadline header names: "Thời gian (Năm 2026)", "Thời gian
/// thực hiện năm 2026".
fn header_year(header: &str) -> Option<i32> {
    crate::classes::year_after_nam(header, true).and_then(|y| y.parse().ok())
}

fn short(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// The dotted numbers among row numbers ("1.1", "2.3.") under which a
/// later row is numbered ("1.1.1", "2.3.2."): tasks with activities, or
/// sub-groups over tasks.
fn dotted_parent_numbers<'t>(marks: impl Iterator<Item = &'t str>) -> std::collections::HashSet<String> {
    let mut seen = std::collections::HashSet::new();
    let mut parents = std::collections::HashSet::new();
    for mark in marks {
        let n = mark.trim().trim_end_matches('.');
        let dotted = n.contains('.') && n.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !dotted {
            continue;
        }
        if let Some((head, _)) = n.rsplit_once('.') {
            if head.contains('.') && seen.contains(head) {
                parents.insert(head.to_string());
            }
        }
        seen.insert(n.to_string());
    }
    parents
}

/// The whole numbers among row numbers ("1", "2.") under which a later
/// row is numbered ("1.1", "1.2."): the numbers of parent rows.
fn parent_numbers<'t>(marks: impl Iterator<Item = &'t str>) -> std::collections::HashSet<String> {
    let whole = |t: &str| {
        let n = t.trim().trim_end_matches('.');
        (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).then(|| n.to_string())
    };
    let mut seen = Vec::new();
    let mut parents = std::collections::HashSet::new();
    for mark in marks {
        if let Some(n) = whole(mark) {
            seen.push(n);
        } else if let Some((head, _)) = mark.trim().split_once('.') {
            if seen.iter().any(|n| n == head) {
                parents.insert(head.to_string());
            }
        }
    }
    parents
}

/// Whether `row` is the rest of the header row `upper` repeated: each of
/// its filled cells, after that column's text in `upper`, gives the
/// header's cell (folded: "Thời gian hoàn" + "thành"), and one at least is
/// filled.
fn header_rest(
    header: &[kehoach_extract::Cell],
    upper: &[kehoach_extract::Cell],
    row: &[kehoach_extract::Cell],
) -> bool {
    fn text(cells: &[kehoach_extract::Cell], i: usize) -> &str {
        cells.get(i).map_or("", |c| c.text.trim())
    }
    let mut filled = false;
    for i in 0..row.len() {
        let rest = text(row, i);
        if rest.is_empty() {
            continue;
        }
        filled = true;
        if fold(&format!("{} {rest}", text(upper, i))) != fold(text(header, i)) {
            return false;
        }
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::{dotted_parent_numbers, parent_numbers, stitch};
    use crate::plan::{Item, Plan};
    use kehoach_extract::Code;

    #[test]
    fn whole_numbers_with_rows_numbered_under_them_are_parents() {
        let marks = ["1", "1.1", "1.2.", "2", "3.", "3.1", "4.1", "4"];
        let parents = parent_numbers(marks.into_iter());
        let mut parents: Vec<&str> = parents.iter().map(String::as_str).collect();
        parents.sort();
        assert_eq!(parents, ["1", "3"], "2 has no rows under it; 4 comes after its 4.1");
        let marks = ["1", "1.1", "1.1.1", "1.1.2.", "1.2", "2.1.1", "2.1", "3.1.", "3.1.1.", " 4.2 ", "4.2.1.5"];
        let mut dotted: Vec<String> = dotted_parent_numbers(marks.into_iter()).into_iter().collect();
        dotted.sort();
        assert_eq!(dotted, ["1.1", "3.1"], "1.2 has none under it; 2.1 comes after 2.1.1; 4.2.1.5 is not under 4.2");
    }

    /// unseen8's PDF: a deadline merged over rows 6–8 and cut by the page
    /// break after row 6's first part. The next page's part of the merged
    /// cell spans the rest of row 6 and rows 7–8; the office suite prints
    /// its text on the first page only. Rows 7 and 8 keep the deadline.
    #[test]
    fn a_merged_cell_cut_by_a_page_break_goes_on_below_the_rest_of_its_row() {
        use kehoach_extract::{Block, Location};
        let mut doc = crate::read_text(
            "TT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n6\tCải tiến quy trình khám bệnh:\tPhòng Nghiệp vụ Y\tQuý IV/2034",
        );
        let Some(Block::Table(first)) = doc.blocks.iter().find(|b| matches!(b, Block::Table(_))).cloned() else {
            panic!("a table")
        };
        let mut next = first.clone();
        let row = |texts: [&str; 4]| {
            let mut r = first.rows[1].clone();
            for (cell, t) in r.cells.iter_mut().zip(texts) {
                cell.text = t.to_string();
            }
            r
        };
        let mut rest = row(["", "- Đăng ký khám bệnh trực tuyến;", "", ""]);
        rest.cells[3].row_span = 3;
        let mut seven = row(["7", "Tổ chức tập huấn", "Phòng Tổ chức cán bộ", ""]);
        seven.cells[3].merged_above = true;
        let mut eight = row(["8", "Kiểm tra quy tắc ứng xử", "Thanh tra Sở", ""]);
        eight.cells[3].merged_above = true;
        next.rows = vec![first.rows[0].clone(), rest, seven, eight];
        doc.blocks = vec![Block::Table(first), Block::PageBreak(Location::line(3)), Block::Table(next)];
        let plan = crate::parse(&doc);
        let deadlines: Vec<(String, Option<String>)> = flatten(&plan.tables[0].items)
            .iter()
            .map(|i| (i.number.clone().unwrap_or_default(), i.fields.deadline.clone()))
            .collect();
        let quarter = Some("Quý IV/2034".to_string());
        assert_eq!(deadlines, [("6".into(), quarter.clone()), ("7".into(), quarter.clone()), ("8".into(), quarter)]);
    }

    /// unseen11: activities in sub-rows numbered under their task by Word
    /// ("1.1." under task "1.", in the activity column), the task merged
    /// down over them. The framework's "3.x" finds no number there; the
    /// task's own number does, so each activity has its id and its text
    /// without the number.
    #[test]
    fn activities_numbered_under_their_task_get_their_ids() {
        use kehoach_extract::Block;
        let mut doc = crate::read_text(
            "TT\tNhiệm vụ\tHoạt động cụ thể\tChủ trì\tThời gian hoàn thành\n\
             1.\tRà soát thủ tục\t1.1. Rà soát quy trình nội bộ\tVăn phòng Sở\tQuý II/2036\n\
             \t\t1.2. Đề xuất cắt giảm hồ sơ\t\tQuý III/2036\n\
             2.\tTổ chức tuyển sinh\t2.1. Xây dựng phân hệ trực tuyến\tPhòng Giáo dục trung học\tTrước 15/4/2036\n\
             3.\tCấp văn bằng có mã định danh\t\tPhòng Quản lý chất lượng\tNăm học 2036-2037",
        );
        let Some(Block::Table(table)) = doc.blocks.iter_mut().find(|b| matches!(b, Block::Table(_))) else {
            panic!("a table")
        };
        for c in [0, 1, 3] {
            table.rows[1].cells[c].row_span = 2;
            table.rows[2].cells[c].merged_above = true;
        }
        let plan = crate::parse(&doc);
        let items: Vec<(String, String)> =
            flatten(&plan.tables[0].items).iter().map(|i| (i.id.clone().unwrap_or_default(), i.text.clone())).collect();
        let want = [
            ("1.", "Rà soát thủ tục"),
            ("1.1.", "Rà soát quy trình nội bộ"),
            ("1.2.", "Đề xuất cắt giảm hồ sơ"),
            ("2.", "Tổ chức tuyển sinh"),
            ("2.1.", "Xây dựng phân hệ trực tuyến"),
            ("3.", "Cấp văn bằng có mã định danh"),
        ];
        assert_eq!(items, want.map(|(a, b)| (a.to_string(), b.to_string())));
    }

    const HEADER: &str = "TT\t1- Mục tiêu\t2- Nhiệm vụ\t3- Hoạt động\t4- Kết quả, sản phẩm\t5- Chủ trì\t6- Phối hợp\t7- Thời gian hoàn thành\t8- Kinh phí";

    fn parse(rows: &[&str]) -> Plan {
        let text = rows.join("\n");
        let doc = crate::read_text(&text);
        crate::parse(&doc)
    }

    fn flatten(items: &[Item]) -> Vec<&Item> {
        let mut out = Vec::new();
        for item in items {
            out.push(item);
            out.extend(flatten(&item.children));
        }
        out
    }

    fn ids(plan: &Plan) -> Vec<String> {
        flatten(&plan.tables[0].items).iter().map(|i| i.id.clone().unwrap_or_default()).collect()
    }

    fn find<'a>(plan: &'a Plan, id: &str) -> &'a Item {
        flatten(&plan.tables[0].items).into_iter().find(|i| i.id.as_deref() == Some(id)).expect("item exists")
    }

    fn codes(plan: &Plan) -> Vec<Code> {
        plan.diagnostics.iter().map(|d| d.code).collect()
    }

    /// unseen6's task table: under Roman groups, a row "1." holding only
    /// its text with rows "1.1.", "1.2." under it is task 1 with its
    /// activities, not a group (the rule for unseen2's "1 | Cải cách thể
    /// chế" made it group "1" covering every row up to the next Roman
    /// group, task "2." included); the same rows without Roman groups keep
    /// that rule. The rest of an activity cut by a page break stays in it.
    #[test]
    fn whole_numbers_under_roman_groups_are_tasks_with_their_activities() {
        use crate::plan::ItemKind;
        let header = "TT\tNhiệm vụ, hoạt động\tSản phẩm\tCơ quan chủ trì\tThời gian hoàn thành";
        let plan = parse(&[
            header,
            "I.\tPHÁT TRIỂN HẠ TẦNG SỐ\t\t\t",
            "1.\tPhát triển hạ tầng viễn thông\t\t\t",
            "1.1.\tPhủ sóng di động 5G\tTrạm 5G\tPhòng Văn hóa và Thông tin\t31/12/2032",
            "1.2.\tNgầm hóa, chỉnh trang cáp\tTuyến phố\tPhòng Quản lý đô thị\t30/11/2032",
            "2.\tNâng cấp mạng WAN\tMạng WAN\tTrung tâm Truyền thông\t30/9/2032",
            "II.\tPHÁT TRIỂN CHÍNH QUYỀN SỐ\t\t\t",
            "3.\tNâng cao chất lượng dịch vụ công\t\t\t",
            "3.1.\tRà soát quy trình\tDanh mục\tVăn phòng\t30/6/2032",
            "",
            header,
            "\tthủ tục hành chính\t\t\t",
            "4.\tHọp trực tuyến\tHệ thống\tVăn phòng\t31/5/2032",
        ]);
        let kinds: Vec<(String, ItemKind)> =
            flatten(&plan.tables[0].items).iter().map(|i| (i.id.clone().unwrap_or_default(), i.kind)).collect();
        use ItemKind::{Activity, Group, Task};
        let want = [
            ("I.", Group),
            ("1.", Task),
            ("1.1.", Activity),
            ("1.2.", Activity),
            ("2.", Task),
            ("II.", Group),
            ("3.", Task),
            ("3.1.", Activity),
            ("4.", Task),
        ];
        assert_eq!(kinds, want.map(|(id, k)| (id.to_string(), k)));
        assert_eq!(find(&plan, "I.").children.len(), 2, "tasks 1 and 2 in group I");
        assert_eq!(find(&plan, "1.").children.len(), 2);
        assert_eq!(find(&plan, "1.2.").number.as_deref(), Some("1.2"));
        assert_eq!(find(&plan, "1.2.").fields.lead.as_deref(), Some("Phòng Quản lý đô thị"));
        assert_eq!(find(&plan, "2.").fields.deadline.as_deref(), Some("30/9/2032"));
        assert_eq!(find(&plan, "3.1.").text, "Rà soát quy trình thủ tục hành chính");
        assert_eq!(find(&plan, "3.").text, "Nâng cao chất lượng dịch vụ công");
        // Without Roman groups, a row "1" with only its title over rows
        // "1.1" is a group (unseen2).
        let plan = parse(&[
            "TT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tThời gian hoàn thành",
            "1\tCải cách thể chế\t\t\t",
            "1.1\tRà soát văn bản\tBáo cáo\tSở Tư pháp\tQuý I/2028",
            "2\tCải cách thủ tục hành chính\t\t\t",
            "2.1\tCông khai thủ tục\tDanh mục\tVăn phòng\tQuý II/2028",
        ]);
        let kinds: Vec<ItemKind> = flatten(&plan.tables[0].items).iter().map(|i| i.kind).collect();
        assert_eq!(kinds, [Group, Task, Group, Task]);
    }

    /// Arabic numbering only, in a "Nhiệm vụ/hoạt động" column: groups
    /// "1", tasks "1.1", activities "1.1.1" (unseen14); under "Nội dung",
    /// the same rows are a group "1", a sub-group "1.1" and tasks "1.1.1"
    /// (unseen5).
    #[test]
    fn arabic_numbering_under_a_tasks_and_activities_column() {
        use crate::plan::ItemKind::{Activity, Group, Task};
        let rows = |column: &str| {
            parse(&[
                &format!("STT\t{column}\tSản phẩm\tCơ quan chủ trì\tThời gian hoàn thành"),
                "1\tCẢI CÁCH THỂ CHẾ\t\t\t",
                "1.1\tRà soát văn bản\t\t\t",
                "1.1.1\tRà soát theo chuyên đề\tBáo cáo\tPhòng Tư pháp\tTháng 02/2039",
                "1.1.2\tCông bố danh mục\tDanh mục\tPhòng Tư pháp\t30/6/2039",
                "1.2\tKiểm tra văn bản\tKết luận\tPhòng Tư pháp\tQuý IV",
                "2\tCẢI CÁCH THỦ TỤC HÀNH CHÍNH\t\t\t",
                "2.1\tCông khai thủ tục\tDanh mục\tVăn phòng\t2039",
            ])
        };
        let kinds = |plan: &Plan| -> Vec<(String, crate::plan::ItemKind)> {
            flatten(&plan.tables[0].items).iter().map(|i| (i.id.clone().unwrap_or_default(), i.kind)).collect()
        };
        let want = |kinds: [crate::plan::ItemKind; 7]| -> Vec<(String, crate::plan::ItemKind)> {
            ["1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1"].iter().map(|s| s.to_string()).zip(kinds).collect()
        };
        let plan = rows("Nhiệm vụ/hoạt động");
        assert_eq!(kinds(&plan), want([Group, Task, Activity, Activity, Task, Group, Task]));
        assert_eq!(find(&plan, "1").children.len(), 2, "tasks 1.1 and 1.2 in group 1");
        let plan = rows("Nội dung");
        assert_eq!(kinds(&plan), want([Group, Group, Task, Task, Task, Group, Task]));
    }

    /// A total row ("TỔNG CỘNG" merged across the row, the sum in the last
    /// column; "Cộng", "Tổng số (I + II)") is no item and no sub-row of the
    /// last task; a task whose text starts with such a word is a task.
    #[test]
    fn a_total_row_is_no_item() {
        // The last: the label centred across the row, in the lead's column
        // as a text layout prints it (unseen7's layout text).
        for label in ["TỔNG CỘNG", "Cộng", "Tổng số (I + II)", "Tổng cộng:", "\t\tTổng cộng\t"] {
            let row = if label.starts_with('\t') { format!("{label}\t200") } else { format!("{label}\t\t\t\t200") };
            let plan = parse(&[
                "TT\tNội dung\tCơ quan chủ trì\tThời gian hoàn thành\tKinh phí (triệu đồng)",
                "1\tCộng đồng số\tPhòng Nội vụ\tQuý I/2032\t120",
                "2\tTập huấn\tPhòng Nội vụ\tQuý II/2032\t80",
                &row,
            ]);
            assert_eq!(ids(&plan), ["1", "2"], "{label}");
            assert!(find(&plan, "2").children.is_empty(), "{label}: no sub-row");
            let note = plan.diagnostics.iter().find(|d| d.code == Code::RowWithoutItem).expect("noted");
            assert!(note.message.contains("total row") && note.message.contains("200"), "{}", note.message);
        }
    }

    /// A two-row header whose upper cell spans an unmapped column and a
    /// field ("Thời gian thực hiện" over "Bắt đầu | Hoàn thành"): a cell
    /// merged across both ("Thường xuyên") is the deadline too, and stays
    /// the start in `extra`.
    #[test]
    fn a_cell_merged_across_an_unmapped_column_and_a_field_fills_both() {
        let html = "<table>\
            <tr><th rowspan=\"2\">TT</th><th rowspan=\"2\">Nhiệm vụ</th><th rowspan=\"2\">Cơ quan chủ trì</th>\
            <th colspan=\"2\">Thời gian thực hiện</th></tr>\
            <tr><th>Bắt đầu</th><th>Hoàn thành</th></tr>\
            <tr><td>1</td><td>Tuyên truyền</td><td>Phòng Nội vụ</td><td colspan=\"2\">Thường xuyên</td></tr>\
            <tr><td>2</td><td>Tập huấn</td><td>Phòng Nội vụ</td><td>Quý III/2032</td><td>31/10/2032</td></tr>\
            </table>";
        let plan = crate::parse(&crate::read_named("t.html", html));
        let start =
            |id: &str| find(&plan, id).fields.extra.iter().find(|(h, _)| h.contains("Bắt đầu")).map(|(_, v)| v.clone());
        assert_eq!(find(&plan, "1").fields.deadline.as_deref(), Some("Thường xuyên"));
        assert_eq!(start("1").as_deref(), Some("Thường xuyên"));
        assert_eq!(find(&plan, "2").fields.deadline.as_deref(), Some("31/10/2032"));
        assert_eq!(start("2").as_deref(), Some("Quý III/2032"));
    }

    /// A first group numeral "I" that OCR read as "1", with no Roman
    /// numeral after it in the table: a first row "1" in capitals with no
    /// field and a second row "1" make it group I, on a page OCR read only;
    /// printed text keeps its numbers.
    #[test]
    fn a_lone_first_numeral_read_as_one_is_group_i_on_a_scanned_page() {
        use kehoach_extract::{Block, Diagnostic, Level, Location};
        let rows = [
            "TT\tNhiệm vụ\tSản phẩm\tTiến độ\tPhân công và cách thức thực hiện",
            "1\tCẢI CÁCH THỂ CHẾ\t\t\t",
            "1\tRà soát văn bản\tBáo cáo\tQuý I/2021\tVăn phòng Sở",
            "2\tKiểm tra văn bản\tBáo cáo\tQuý II/2021\tVăn phòng Sở",
        ];
        let mut doc = crate::read_text(&rows.join("\n"));
        let printed = crate::parse(&doc);
        assert!(!ids(&printed).contains(&"I".to_string()), "{:?}", ids(&printed));
        for block in &mut doc.blocks {
            if let Block::Table(table) = block {
                for row in &mut table.rows {
                    row.location.page = Some(1);
                    row.cells.iter_mut().for_each(|c| c.location.page = Some(1));
                }
            }
        }
        let page = Location { page: Some(1), ..Location::default() };
        doc.diagnostics.push(Diagnostic::new(Level::Info, Code::Ocr, "page 1 was read by OCR", Some(page)));
        let scanned = crate::parse(&doc);
        assert_eq!(ids(&scanned), ["I", "1", "2"]);
        assert_eq!(find(&scanned, "I").text, "CẢI CÁCH THỂ CHẾ");
    }

    /// Group numerals and row numbers as OCR damages them on a scan of
    /// seed 002 (the JPEG and CCITT forms of issue 15): "1" for I (no field
    /// filled), "H" for II, "II" again for III, "1H" for V (and IV) with
    /// its title split over two cells; ")" and "B" for the row numbers 2 and 5. Each
    /// is read from the sequence, with a note.
    #[test]
    fn ocr_damaged_numerals_are_read_from_the_sequence() {
        let plan = parse(&[
            "TT\tNhiệm vụ\tSản phẩm\tTiến độ\tPhân công và cách thức thực hiện",
            "1\tCẢI CÁCH THỂ CHẾ\t\t\t",
            "1\tRà soát văn bản\tBáo cáo\tQuý I/2021\tVăn phòng Sở",
            ")\tKiểm tra văn bản\tBáo cáo\tQuý II/2021\tVăn phòng Sở",
            "H\tCẢI CÁCH THỦ TỤC HÀNH CHÍNH\t\t\t",
            "1\tCông khai thủ tục\tDanh mục\tQuý I/2021\tVăn phòng Sở",
            "2\tRà soát thủ tục\tBáo cáo\tQuý I/2021\tVăn phòng Sở",
            "3\tĐơn giản hóa\tBáo cáo\tQuý I/2021\tVăn phòng Sở",
            "4\tSố hóa hồ sơ\tBáo cáo\tQuý I/2021\tVăn phòng Sở",
            "B\tThanh toán trực tuyến\tBáo cáo\tQuý I/2021\tVăn phòng Sở",
            "II\tCẢI CÁCH TỔ CHỨC BỘ MÁY\t\t\t",
            "1\tSắp xếp tổ chức\tĐề án\tQuý I/2021\tVăn phòng Sở",
            "IV\tCẢI CÁCH TÀI\tCHÍNH CÔNG\t\t",
            "1\tCông khai ngân sách\tQuyết định\tQuý I/2021\tVăn phòng Sở",
            "1H\tCƠ CHẾ MỘT CỬA, MỘT\tCỬA LIÊN THÔNG\t\t",
            "1\tTiếp nhận hồ sơ\tBáo cáo\tQuý I/2021\tVăn phòng Sở",
        ]);
        assert_eq!(ids(&plan), ["I", "1", "2", "II", "1", "2", "3", "4", "5", "III", "1", "IV", "1", "V", "1"]);
        assert_eq!(find(&plan, "V").text, "CƠ CHẾ MỘT CỬA, MỘT CỬA LIÊN THÔNG");
        assert_eq!(find(&plan, "IV").text, "CẢI CÁCH TÀI CHÍNH CÔNG", "a title in capitals split over cells");
        assert_eq!(codes(&plan).iter().filter(|c| **c == Code::NumberRepaired).count(), 6, "{:?}", plan.diagnostics);
        // Letters in their sequence stay lettered groups under a numeral.
        let plan = parse(&[
            "TT\tNhiệm vụ\tSản phẩm\tTiến độ\tPhân công và cách thức thực hiện",
            "I\tCẢI CÁCH THỂ CHẾ\t\t\t",
            "A\tVĂN BẢN\t\t\t",
            "1\tRà soát văn bản\tBáo cáo\tQuý I/2021\tVăn phòng Sở",
            "B\tTHỦ TỤC\t\t\t",
            "1\tCông khai thủ tục\tDanh mục\tQuý I/2021\tVăn phòng Sở",
            "II\tCẢI CÁCH TỔ CHỨC BỘ MÁY\t\t\t",
            "A\tSẮP XẾP\t\t\t",
        ]);
        assert_eq!(ids(&plan), ["I", "A", "1", "B", "1", "II", "A"]);
        assert!(!codes(&plan).contains(&Code::NumberRepaired));
    }

    /// A bitonal scan's serifed "I" read "L" by OCR: the group numerals
    /// "L", "LI", "LII" of a table with no group before them are I, II and
    /// III (unseen10's G4 scan), each with a note; a numeral of the fifties
    /// after XLIX stays as printed.
    #[test]
    fn a_group_numeral_ocr_read_with_l_for_i_is_read_as_its_i() {
        let rows = |marks: [&str; 3]| {
            let plan = parse(&[
                "TT\tNhiệm vụ\tSản phẩm\tTiến độ\tChủ trì",
                &format!("{}\tCẢI CÁCH THỂ CHẾ\t\t\t", marks[0]),
                "1\tRà soát văn bản\tBáo cáo\tQuý I/2021\tVăn phòng Sở",
                &format!("{}\tCẢI CÁCH THỦ TỤC\t\t\t", marks[1]),
                "1\tCông khai thủ tục\tDanh mục\tQuý I/2021\tVăn phòng Sở",
                &format!("{}\tCẢI CÁCH TỔ CHỨC\t\t\t", marks[2]),
                "1\tSắp xếp tổ chức\tĐề án\tQuý I/2021\tVăn phòng Sở",
            ]);
            let repaired = codes(&plan).iter().filter(|c| **c == Code::NumberRepaired).count();
            (ids(&plan).join(" "), repaired)
        };
        assert_eq!(rows(["L", "LI", "LII"]), ("I 1 II 1 III 1".to_string(), 3));
        assert_eq!(rows(["I", "LI", "III"]), ("I 1 II 1 III 1".to_string(), 1));
        assert_eq!(rows(["XLIX", "L", "LI"]), ("XLIX 1 L 1 LI 1".to_string(), 0), "the fifties after XLIX");
        // A grey scan's "III" read "Hi!" ("!" for a stroke) is the next numeral.
        assert_eq!(rows(["I", "II", "Hi!"]), ("I 1 II 1 III 1".to_string(), 1));
    }

    /// The row of column numbers under a header ("(1) | (2) | …") is no
    /// plan row, under the header and after a header (of two rows)
    /// repeated at a page break; numbers that do not count up column by
    /// column, or fill fewer than three cells, are content.
    #[test]
    fn a_row_of_column_numbers_is_no_plan_row() {
        let numbered = |numbers: &str| {
            let plan = parse(&[
                "TT\tNội dung công việc\tĐơn vị chủ trì\tThời gian hoàn thành",
                numbers,
                "1\tRà soát văn bản\tVăn phòng Sở\tQuý I/2029",
            ]);
            ids(&plan)
        };
        assert_eq!(numbered("(1)\t(2)\t(3)\t(4)"), ["1"]);
        assert_eq!(numbered("1\t2\t3\t4"), ["1"]);
        assert_eq!(numbered("\t(2)\t(3)\t(4)"), ["1"]);
        assert_eq!(numbered("(1)\t(3)\t(2)\t(4)").len(), 2, "not counting up");
        assert_eq!(numbered("(1)\t(2)\t\t").len(), 2, "two cells");
        assert_eq!(numbered("1\tA\t(3)\t(4)").len(), 2, "text");
        assert_eq!(numbered("(3)\t(4)\t(5)\t(6)").len(), 2, "starting past its column");
        assert_eq!(numbered("(1)\t(2) (3)\t\t(4)"), ["1"], "two columns' numbers in one cell");
        assert_eq!(numbered("(1 )\t( 2)\t(3)\t(4)"), ["1"], "brackets a narrow column put apart");
        assert_eq!(numbered("(1)\t(2) x\t(3)\t(4)").len(), 2, "a word");
        // A two-row header repeated after a page break, with its numbers.
        let upper = "TT\tNội dung công việc\tPhân công thực hiện\t\tThời gian hoàn thành";
        let lower = "\t\tĐơn vị chủ trì\tĐơn vị phối hợp\t";
        let plan = parse(&[
            upper,
            lower,
            "(1)\t(2)\t(3)\t(4)\t(5)",
            "1\tRà soát văn bản quy phạm\tVăn phòng Sở\tCác phòng\tQuý I/2029",
            "",
            upper,
            lower,
            "(1)\t(2)\t(3)\t(4)\t(5)",
            "\tpháp luật\t\t\t",
            "2\tCông khai\tVăn phòng Sở\t\tThường xuyên",
        ]);
        assert_eq!(ids(&plan), ["1", "2"]);
        assert_eq!(find(&plan, "1").text, "Rà soát văn bản quy phạm pháp luật");
        assert_eq!(find(&plan, "1").fields.lead.as_deref(), Some("Văn phòng Sở"));
        assert_eq!(find(&plan, "1").fields.partners.as_deref(), Some("Các phòng"));
    }

    #[test]
    fn multi_activity_cell_shares_the_row_fields() {
        let plan = parse(&[
            HEADER,
            "I\tCHỈ ĐẠO\t\t\t\t\t\t\t",
            "1\t1.1. Mục tiêu\t2.1. Nhiệm vụ\t3.1. Một. 3.2. Hai; 3.3 Ba\tKế hoạch\tVăn phòng Sở\tCác Phòng\tQuý I/2024\t",
        ]);
        assert_eq!(ids(&plan), ["I", "1.1.", "2.1.", "3.1.", "3.2.", "3.3"]);
        for id in ["3.1.", "3.2.", "3.3"] {
            let item = find(&plan, id);
            assert_eq!(item.fields.output.as_deref(), Some("Kế hoạch"));
            assert_eq!(item.fields.lead.as_deref(), Some("Văn phòng Sở"));
            assert_eq!(item.fields.deadline.as_deref(), Some("Quý I/2024"));
        }
        assert_eq!(find(&plan, "3.2.").text, "Hai;");
        assert_eq!(find(&plan, "2.1.").fields.output, None, "a task with activities carries no row fields");
        assert_eq!(find(&plan, "1.1.").row_number.as_deref(), Some("1"));
    }

    #[test]
    fn row_cut_by_a_page_break_is_one_row() {
        let plan = parse(&[
            HEADER,
            "1\t1.1. Mục tiêu\t2.1. Xây dựng, ban hành Kế hoạch tuyên\t3.1. Xây dựng dự thảo.\tKế hoạch\tVăn phòng\tCác Phòng\tThường\t",
            "",
            HEADER,
            "\t\ttruyền năm 2024.\t3.2. Trình ban hành.\t\tSở\t\txuyên\t",
            "\t\t\t3.3. Tổ chức thực hiện.\tCác hình thức\t\t\tQuý II\t",
        ]);
        assert_eq!(find(&plan, "2.1.").text, "Xây dựng, ban hành Kế hoạch tuyên truyền năm 2024.");
        let joined = find(&plan, "3.2.");
        assert_eq!(joined.fields.lead.as_deref(), Some("Văn phòng Sở"));
        assert_eq!(joined.fields.deadline.as_deref(), Some("Thường xuyên"));
        assert_eq!(find(&plan, "3.1.").fields, joined.fields, "activities of the continuation belong to the row");
        assert_eq!(joined.rows.len(), 2);
        // A new row under the same task keeps its own fields.
        let own = find(&plan, "3.3.");
        assert_eq!(own.fields.output.as_deref(), Some("Các hình thức"));
        assert_eq!(own.fields.lead, None);
        assert!(codes(&plan).contains(&Code::RepeatedHeader));
        assert!(codes(&plan).contains(&Code::RowContinued));
        assert_eq!(plan.tables.len(), 1);
    }

    /// A header OCR read again on the next page with damaged words ("rn"
    /// for "m", a tone on the wrong letter, two cells read as one) is the
    /// header repeated: the table goes on and the row is no item.
    #[test]
    fn a_header_repeated_with_damaged_words_is_dropped() {
        let damaged = "TT\t1- Mục tiẻu\t2- Nhiệrn vụ\t3- Hoạt dộng\t4- Kết qủa, sản phâm\t5- Chủ trì 6- Phối họp\t7- Thởi gian hoàn thành\t8- Kinh phi";
        let plan = parse(&[
            HEADER,
            "1\t1.1. Mục tiêu\t2.1. Xây dựng Kế hoạch.\t3.1. Dự thảo.\tKế hoạch\tVăn phòng\t\tQuý I\t",
            "",
            damaged,
            "2\t\t2.2. Tuyên truyền.\t3.2. Tổ chức.\tBáo cáo\tVăn phòng\t\tQuý II\t",
        ]);
        assert_eq!(plan.tables.len(), 1, "the part after the break continues the table");
        assert_eq!(ids(&plan), ["1.1.", "2.1.", "3.1.", "2.2.", "3.2."]);
        let note = plan.diagnostics.iter().find(|d| d.code == Code::RepeatedHeader).expect("a repeated-header note");
        assert!(note.message.contains("dropped 1 repeated header row(s)"), "{}", note.message);
        assert!(note.message.contains("1 of them read with damaged words"), "{}", note.message);
    }

    #[test]
    fn only_rows_close_to_the_header_are_damaged_headers() {
        let cells = |line: &str| -> Vec<kehoach_extract::Cell> {
            line.split('\t').map(|t| kehoach_extract::Cell { text: t.to_string(), ..Default::default() }).collect()
        };
        let header = cells(HEADER);
        let damaged = cells("TT\t1- Mục tiẻu\t2- Nhiệrn vụ\t3- Hoạt dộng\t4- Kết qủa, sản phâm\t5- Chủ trì 6- Phối họp\t7- Thởi gian hoàn thành\t8- Kinh phi");
        assert!(stitch::damaged_header(&header, &damaged));
        // Equal once folded is the exact path's, not this one's.
        assert!(!stitch::damaged_header(&header, &header));
        // A plan row using the header's own words is far from it.
        let row = cells("1\tMục tiêu\tNhiệm vụ hoạt động\t\tKết quả, sản phẩm\tVăn phòng Sở\tCác phòng\tThời gian hoàn thành: Quý II\t");
        assert!(!stitch::damaged_header(&header, &row));
        // A header of few letters is never compared approximately.
        assert!(!stitch::damaged_header(&cells("TT\tNội dung"), &cells("TT\tNội dnng")));
    }

    /// The cut text of an activity goes to that activity even when the
    /// task column of the continuation starts a new task; and the row's
    /// activities hang under the row's last task, as when the row is whole.
    #[test]
    fn row_cut_between_two_tasks_reads_as_the_whole_row() {
        let whole = parse(&[
            HEADER,
            "1\t1.1. Mục tiêu\t2.1. Đẩy mạnh DVC trên Cổng. 2.2. Nâng tỷ lệ.\t3.1. Rà soát TTHC toàn trình, một phần. 3.2. Tuyên truyền.\tBáo cáo\tVăn phòng Sở\t\tThường xuyên\t",
        ]);
        let cut = parse(&[
            HEADER,
            "1\t1.1. Mục tiêu\t2.1. Đẩy mạnh DVC\t3.1. Rà soát TTHC toàn trình,\tBáo cáo\tVăn phòng Sở\t\tThường xuyên\t",
            "",
            HEADER,
            "\t\ttrên Cổng. 2.2. Nâng tỷ lệ.\tmột phần. 3.2. Tuyên truyền.\t\t\t\t\t",
        ]);
        assert_eq!(find(&cut, "3.1.").text, "Rà soát TTHC toàn trình, một phần.");
        let children = |plan: &Plan, id: &str| -> Vec<String> {
            find(plan, id).children.iter().filter_map(|c| c.id.clone()).collect()
        };
        assert_eq!(children(&whole, "2.2."), ["3.1.", "3.2."]);
        assert_eq!(children(&cut, "2.2."), children(&whole, "2.2."));
        assert!(children(&cut, "2.1.").is_empty());
        assert!(!codes(&cut).contains(&Code::UnnumberedItem));
        assert!(codes(&cut).contains(&Code::AmbiguousParent));
    }

    #[test]
    fn continuation_of_merged_cells_above_a_new_row() {
        // Blank-line page break, no repeated header: the target and task
        // cells continue, the activity with its own lead and deadline is new.
        let plan = parse(&[
            HEADER,
            "1\t1.1. Phấn đấu 10% công chức,\t2.1. Tuyên truyền,\t3.1. Xây dựng kế hoạch.\tKế hoạch\tVăn phòng Sở\t\tTháng 01/2024\t",
            "",
            "\thướng tới 50% lãnh đạo.\tkhuyến khích.\t3.2. Cử công chức.\tCông văn\tVăn phòng Sở\t\tNăm 2024\t",
        ]);
        assert_eq!(find(&plan, "1.1.").text, "Phấn đấu 10% công chức, hướng tới 50% lãnh đạo.");
        assert_eq!(find(&plan, "2.1.").text, "Tuyên truyền, khuyến khích.");
        assert_eq!(find(&plan, "3.1.").fields.deadline.as_deref(), Some("Tháng 01/2024"));
        assert_eq!(find(&plan, "3.2.").fields.deadline.as_deref(), Some("Năm 2024"));
        assert_eq!(find(&plan, "2.1.").children.len(), 2);
    }

    #[test]
    fn typo_numbers_are_kept_and_gaps_and_repeats_reported() {
        let plan = parse(&[
            HEADER,
            "1\t1.1. A\t2.1. B\t3.1. C\tx\ty\t\tz\t",
            "\t\t2.10 D\t3.17 E\tx\ty\t\tz\t",
            "\t\t2.12: F\t3.18. G\tx\ty\t\tz\t",
            "\t\t2.12. H\t3.19. I\tx\ty\t\tz\t",
        ]);
        assert_eq!(ids(&plan), ["1.1.", "2.1.", "3.1.", "2.10", "3.17", "2.12:", "3.18.", "2.12.", "3.19."]);
        assert_eq!(find(&plan, "2.12:").number.as_deref(), Some("2.12"));
        let messages: Vec<&str> = plan.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("jumps from 2.1 to 2.10 (2.2, 2.3, 2.4, 2.5, 2.6, … missing)")),
            "{messages:?}"
        );
        assert!(messages.iter().any(|m| m.contains("task number 2.12 appears again")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("jumps from 3.1 to 3.17")), "{messages:?}");
    }

    #[test]
    fn several_tasks_in_one_cell_are_kept_and_flagged() {
        let plan = parse(&[HEADER, "1\t1.1. A\t2.6. B 2.7. C\t3.1. D 3.2. E\tx\ty\t\tz\t"]);
        assert_eq!(ids(&plan), ["1.1.", "2.6.", "2.7.", "3.1.", "3.2."]);
        assert_eq!(find(&plan, "2.7.").children.len(), 2);
        assert_eq!(find(&plan, "2.6.").fields.output.as_deref(), Some("x"), "a leaf task keeps the row's fields");
        let d = plan.diagnostics.iter().find(|d| d.code == kehoach_extract::Code::AmbiguousParent).expect("flagged");
        assert!(d.message.contains("2.6, 2.7") && d.message.contains("3.1, 3.2"), "{}", d.message);
    }

    /// unseen16: letter parts over Roman groups that restart under each
    /// part, and activities lettered "a", "b" under a numbered task.
    #[test]
    fn parts_over_restarting_groups_and_lettered_activities() {
        let plan = parse(&[
            "KẾ HOẠCH",
            "",
            "STT\tNội dung công việc\tĐơn vị chủ trì\tThời gian hoàn thành",
            "A\tNHIỆM VỤ TRỌNG TÂM\t\t",
            "I\tCẢI CÁCH THỂ CHẾ\t\t",
            "1\tTham mưu ban hành văn bản\tPhòng Tư pháp\tQuý I/2041",
            "2\tRà soát văn bản\t\t",
            "a\tRà soát theo chuyên đề\tPhòng Tư pháp\tQuý II/2041",
            "b\tCông bố danh mục\tPhòng Tư pháp\tQuý III/2041",
            "3\tKiểm tra văn bản\tPhòng Tư pháp\tQuý IV/2041",
            "II\tCẢI CÁCH THỦ TỤC HÀNH CHÍNH\t\t",
            "1\tRà soát thủ tục\tVăn phòng\tQuý II/2041",
            "B\tNHIỆM VỤ THƯỜNG XUYÊN\t\t",
            "I\tCẢI CÁCH CÔNG VỤ\t\t",
            "1\tTuyển dụng công chức\tPhòng Nội vụ\tQuý III/2041",
        ]);
        assert_eq!(ids(&plan), ["A", "I", "1", "2", "a", "b", "3", "II", "1", "B", "I", "1"]);
        assert!(!codes(&plan).contains(&Code::NumberRepaired), "{:?}", plan.diagnostics);
        let task = find(&plan, "2");
        assert_eq!((task.kind, task.children.len()), (crate::plan::ItemKind::Task, 2));
        assert_eq!(task.children[0].kind, crate::plan::ItemKind::Activity);
        assert_eq!(task.children[1].fields.deadline.as_deref(), Some("Quý III/2041"));
        // A letter out of the sequence ("c" first) opens no activity.
        let plan = parse(&[
            "KẾ HOẠCH",
            "",
            "STT\tNội dung công việc\tĐơn vị chủ trì\tThời gian hoàn thành",
            "1\tRà soát văn bản\tPhòng Tư pháp\tQuý I/2041",
            "c\tCông bố danh mục\tPhòng Tư pháp\tQuý III/2041",
        ]);
        assert!(find(&plan, "1").children.is_empty());
    }

    /// unseen15: no deadline column, "Thời gian thực hiện" over the four
    /// quarters marked "x"; one column for the lead and the partners.
    #[test]
    fn a_schedule_of_marked_quarters_gives_each_row_its_last_quarter() {
        let plan = parse(&[
            "KẾ HOẠCH",
            "Cải cách hành chính năm 2040",
            "",
            "STT\tNội dung nhiệm vụ\tCơ quan chủ trì, phối hợp\tThời gian thực hiện\t\t\t",
            "\t\t\tQuý I\tQuý II\tQuý III\tQuý IV",
            "1\tRà soát văn bản\tChủ trì: Phòng Tư pháp; Phối hợp: Văn phòng\tx\t\tx\t",
            "2\tSố hóa hồ sơ\tVăn phòng Sở\t\tx\t\t",
        ]);
        let table = &plan.tables[0];
        assert_eq!(table.role.role, crate::plan::TableRole::Plan, "{:?}", table.role.evidence);
        let first = find(&plan, "1");
        assert_eq!(first.fields.deadline.as_deref(), Some("Quý III/2040"));
        assert_eq!(first.fields.lead.as_deref(), Some("Phòng Tư pháp"));
        assert_eq!(first.fields.partners.as_deref(), Some("Văn phòng"));
        // The marks stay as printed.
        assert_eq!(first.fields.extra.iter().filter(|(_, v)| v == "x").count(), 2, "{:?}", first.fields.extra);
        assert_eq!(find(&plan, "2").fields.deadline.as_deref(), Some("Quý II/2040"));
        assert!(codes(&plan).contains(&Code::ScheduleMarks));
    }

    #[test]
    fn groups_and_lettered_subgroups() {
        let plan = parse(&[
            HEADER,
            "VII\tXÂY DỰNG CHÍNH QUYỀN SỐ\t\t\t\t\t\t\t",
            "A\tỨng dụng công nghệ thông tin\t\t\t\t\t\t\t",
            "1\t1.1. A\t2.1. B\t3.1. C\tx\ty\t\tz\t",
            "B\tÁp dụng ISO\t\t\t\t\t\t\t",
            "1\t1.1. D\t2.1. E\t3.1. F\tx\ty\t\tz\t",
            "VIII\t\tTITLE IN THE TASK COLUMN\t\t\t\t\t\t",
        ]);
        let groups = &plan.tables[0].items;
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].children.iter().map(|g| g.id.clone().unwrap()).collect::<Vec<_>>(), ["A", "B"]);
        assert_eq!(groups[0].children[1].children[0].id.as_deref(), Some("1.1."));
        assert_eq!(groups[1].text, "TITLE IN THE TASK COLUMN");
        assert!(!codes(&plan).contains(&Code::NumberingDuplicate), "numbers restart in each sub-group");
    }

    /// unseen9's workbook: a group row carries its subtotal in the amount
    /// column ("I | CẢI CÁCH THỂ CHẾ | … | 265,000,000"); the figure is
    /// no part of the group's title, however the reader rendered it.
    #[test]
    fn a_group_rows_subtotal_is_no_part_of_its_title() {
        let header = "STT\tNội dung nhiệm vụ\tSản phẩm\tChủ trì\tThời gian hoàn thành\tDự toán (đồng)";
        let plan = parse(&[
            header,
            "I\tCẢI CÁCH THỂ CHẾ\t\t\t\t265,000,000",
            "1\tRà soát văn bản\tBáo cáo\tSở Tư pháp\tQuý II/2034\t265000000",
            "II\tCẢI CÁCH TÀI CHÍNH CÔNG\t\t\t\t0",
            "1\tCông khai ngân sách\tSố liệu\tSở Tài chính\tQuý IV/2034\t",
            "III. XÂY DỰNG CHÍNH QUYỀN SỐ\t\t\t\t\t1.250",
            "1\tTập huấn\tLớp học\tSở Thông tin và Truyền thông\tTháng 8/2034\t1.250",
        ]);
        let groups = &plan.tables[0].items;
        let titles: Vec<&str> = groups.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(titles, ["CẢI CÁCH THỂ CHẾ", "CẢI CÁCH TÀI CHÍNH CÔNG", "XÂY DỰNG CHÍNH QUYỀN SỐ"]);
        assert!(groups.iter().all(|g| g.children.len() == 1), "each group keeps its task");
    }

    #[test]
    fn tables_separated_by_text_stay_apart_and_unknown_tables_are_kept() {
        let plan = parse(&["Stt\tNội dung\tGhi chú", "1.\tViệc một\t", "", "Đoạn văn", "a\tb\tc", "d\te\tf"]);
        assert_eq!(plan.tables.len(), 2);
        assert_eq!(plan.tables[0].items[0].id.as_deref(), Some("1."));
        assert_eq!(plan.tables[0].items[0].number.as_deref(), Some("1"));
        assert_eq!(plan.tables[1].raw_rows, [["a", "b", "c"], ["d", "e", "f"]]);
        assert!(codes(&plan).contains(&Code::TableUnrecognized));
    }

    /// unseen7's layout text: the header repeated on the last page wraps
    /// otherwise than the first ("Thời gian hoàn" over "thành"); the lower
    /// line is the header's rest, not a row that continues the last task.
    #[test]
    fn the_rest_of_a_repeated_header_is_no_row() {
        let cells = |line: &str| -> Vec<kehoach_extract::Cell> {
            line.split('\t').map(|t| kehoach_extract::Cell { text: t.to_string(), ..Default::default() }).collect()
        };
        let header = cells("STT\tNội dung công việc\tThời gian hoàn thành\tKinh phí (triệu đồng)");
        let upper = cells("STT\tNội dung công việc\tThời gian hoàn\tKinh phí (triệu");
        assert!(crate::table::header_rest(&header, &upper, &cells("\t\tthành\tđồng)")));
        assert!(!crate::table::header_rest(&header, &upper, &cells("\t\tthành\t45")));
        assert!(!crate::table::header_rest(&header, &upper, &cells("\tcủa Ban\t\t")));
        assert!(!crate::table::header_rest(&header, &upper, &cells("\t\t\t")));
    }
}
