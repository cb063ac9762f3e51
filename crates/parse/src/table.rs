//! Plan tables: stitching the parts of a table cut by page breaks, finding
//! its header, and building the group → target → task → activity tree.

use crate::columns::{fold, header_number, map_header};
use crate::fields::{Column, Field, Fields};
use crate::numbering::{group_mark, roman_value, sequence_value, split_items, to_roman, Split};
use crate::plan::{Item, ItemKind, PlanTable, TableKind};
use kehoach_extract::{Block, Cell, Code, Diagnostic, Level, Location};

/// A row of a logical table.
pub(crate) struct LogicalRow {
    pub cells: Vec<Cell>,
    pub location: Location,
    /// The row is the first after a page break (blank lines or a repeated header).
    pub after_break: bool,
}

/// A table as the reader sees it: all its parts, across page breaks.
pub(crate) struct LogicalTable {
    pub rows: Vec<LogicalRow>,
    pub start: Location,
    /// The numbered heading right above the table ("**4. …**", "### 9.2. …"):
    /// the table's section.
    pub heading: Option<Heading>,
}

/// A numbered heading paragraph.
#[derive(Clone, Debug)]
pub(crate) struct Heading {
    pub printed: String,
    pub number: String,
    pub title: String,
    pub location: Location,
}

static HEADING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^\s*((\d{1,2}(?:\.\d{1,2}){0,3})\.?)\s+(\S.*)$").expect("valid regex")
});

/// A numbered paragraph set as a heading (heading level or bold).
fn heading(p: &kehoach_extract::Paragraph) -> Option<Heading> {
    if p.heading.is_none() && !p.bold {
        return None;
    }
    let text = p.text.replace('\n', " ");
    let c = HEADING.captures(&text)?;
    Some(Heading {
        printed: c[1].to_string(),
        number: c[2].to_string(),
        title: c[3].trim().to_string(),
        location: p.location.clone(),
    })
}

/// Joins the parts of each table that page breaks separated.
pub(crate) fn logical_tables(blocks: &[Block]) -> Vec<LogicalTable> {
    let mut tables: Vec<LogicalTable> = Vec::new();
    let mut open = false; // the last table may still continue
    let mut pending_break = false;
    // The last numbered heading and how many paragraphs followed it.
    let mut last_heading: Option<(Heading, usize)> = None;
    for block in blocks {
        match block {
            Block::Table(table) => {
                let rows = table.rows.iter().map(|r| LogicalRow {
                    cells: grid_cells(&r.cells),
                    location: r.location.clone(),
                    after_break: false,
                });
                let continues = open && pending_break && tables.last().is_some_and(|t| same_table(t, table));
                if continues {
                    let last = tables.last_mut().expect("an open table");
                    let first = last.rows.len();
                    last.rows.extend(rows);
                    if let Some(row) = last.rows.get_mut(first) {
                        row.after_break = true;
                    }
                } else {
                    // A heading applies when at most one paragraph (a note)
                    // stands between it and the table.
                    let heading = last_heading.take().filter(|(_, after)| *after <= 1).map(|(h, _)| h);
                    tables.push(LogicalTable { rows: rows.collect(), start: table.location.clone(), heading });
                }
                open = true;
                pending_break = false;
            }
            Block::PageBreak(_) => pending_break = open,
            Block::Paragraph(p) => {
                open = false;
                pending_break = false;
                match heading(p) {
                    Some(h) => last_heading = Some((h, 0)),
                    None => {
                        if let Some((_, after)) = &mut last_heading {
                            *after += 1;
                        }
                    }
                }
            }
        }
    }
    tables
}

/// Widest grid a row is expanded to (the width of a spreadsheet).
const MAX_GRID: usize = 16_384;

/// One cell per grid column: a cell spanning `n` columns is followed by
/// `n - 1` empty cells, so every row indexes columns the same way.
fn grid_cells(cells: &[Cell]) -> Vec<Cell> {
    let mut grid = Vec::with_capacity(cells.len());
    for cell in cells {
        grid.push(cell.clone());
        let extra = (cell.col_span.saturating_sub(1) as usize).min(MAX_GRID.saturating_sub(grid.len()));
        grid.extend(std::iter::repeat_n(Cell { merged_above: cell.merged_above, ..Cell::default() }, extra));
    }
    grid
}

/// Two header rows as one: a lower cell is joined to the upper cell it sits
/// under (the nearest filled one to its left); `None` unless the lower row
/// looks like sub-headers (an empty first cell, two or more filled cells
/// under a spanning upper cell).
fn joined_header(upper: &[Cell], lower: &[Cell]) -> Option<Vec<String>> {
    fn text(cells: &[Cell], i: usize) -> &str {
        cells.get(i).map_or("", |c| c.text.trim())
    }
    if !text(lower, 0).is_empty() || lower.iter().filter(|c| !c.text.trim().is_empty()).count() < 2 {
        return None;
    }
    let width = upper.len().max(lower.len());
    let under_span = (0..width).any(|i| text(upper, i).is_empty() && !text(lower, i).is_empty());
    if !under_span {
        return None;
    }
    let mut joined = Vec::with_capacity(width);
    let mut above = String::new();
    for i in 0..width {
        if !text(upper, i).is_empty() {
            above = text(upper, i).to_string();
        }
        joined.push(match (text(upper, i), text(lower, i)) {
            (_, "") => text(upper, i).to_string(),
            (_, sub) => format!("{above}: {sub}"),
        });
    }
    Some(joined)
}

fn folded_row(cells: &[Cell]) -> Vec<String> {
    let mut folded: Vec<String> = cells.iter().map(|c| fold(&c.text)).collect();
    while folded.last().is_some_and(String::is_empty) {
        folded.pop();
    }
    folded
}

fn same_table(open: &LogicalTable, next: &kehoach_extract::Table) -> bool {
    let Some(next_first) = next.rows.first() else { return false };
    let open_width = open.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let next_width = next.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let repeats_header = open.rows.first().is_some_and(|h| folded_row(&h.cells) == folded_row(&next_first.cells));
    // A short part with text in its first cell only is the rest of a cell
    // cut by the page break, whatever its width (003, line 183).
    let stray_text = next.rows.len() <= 2
        && next.rows.iter().all(|r| r.cells.iter().skip(1).all(|c| c.text.trim().is_empty()))
        && group_mark(&next_first.cells[0].text).is_none()
        && !next_first.cells[0].text.trim().chars().next().is_some_and(|c| c.is_ascii_digit());
    repeats_header || open_width == next_width || stray_text
}

/// How each column takes part in building items.
struct Roles {
    row_number: Option<usize>,
    /// Hierarchy columns from top to bottom: column, item kind, number major.
    levels: Vec<(usize, ItemKind, Option<u32>)>,
    /// Row-field columns.
    fields: Vec<(usize, Field)>,
    /// Unmapped columns: index and raw header.
    extra: Vec<(usize, String)>,
}

impl Roles {
    fn new(columns: &[Column]) -> Roles {
        let mut roles = Roles { row_number: None, levels: Vec::new(), fields: Vec::new(), extra: Vec::new() };
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

/// Parses one logical table. Diagnostics are appended to `diags`.
pub(crate) fn parse_table(index: usize, table: LogicalTable, diags: &mut Vec<Diagnostic>) -> PlanTable {
    let end = table.rows.last().map(|r| r.location.clone()).unwrap_or_else(|| table.start.clone());
    // The grid as printed: what a table that is no plan is shown as.
    let raw_rows: Vec<Vec<String>> =
        table.rows.iter().map(|r| r.cells.iter().map(|c| c.text.clone()).collect()).collect();
    let raw_locations: Vec<Location> = table.rows.iter().map(|r| r.location.clone()).collect();
    // A header over two rows ("Cơ quan thực hiện" over "chủ trì | phối
    // hợp") is read as one: each lower cell joined to the upper one it sits
    // under.
    let mut two_row: Option<(usize, Vec<String>)> = None;
    let header_at = (0..table.rows.len().min(3)).find(|&i| {
        let joined = table
            .rows
            .get(i + 1)
            .and_then(|next| joined_header(&table.rows[i].cells, &next.cells))
            .filter(|joined| map_header(joined).is_some());
        if let Some(joined) = joined {
            two_row = Some((i, joined));
            return true;
        }
        let cells: Vec<String> = table.rows[i].cells.iter().map(|c| c.text.clone()).collect();
        map_header(&cells).is_some()
    });
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
    let columns = map_header(&header_cells).expect("checked above");
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
    let mut builder = Builder::new(&roles, columns.len());
    let mut dropped_headers = Vec::new();
    let mut break_pending = false;
    let header_first = fold(header_row.cells.first().map(|c| c.text.as_str()).unwrap_or(""));
    for row in table.rows.into_iter().skip(data_from) {
        if row.cells.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        // Fold only rows that start like the header: a cheap pre-check.
        let first = row.cells.first().map(|c| c.text.as_str()).unwrap_or("");
        if fold(first) == header_first && folded_row(&row.cells) == header_folded {
            dropped_headers.push(row.location.without_column().to_string());
            break_pending = true;
            continue;
        }
        let after_break = row.after_break || break_pending;
        break_pending = false;
        builder.row(row, after_break);
    }
    if !dropped_headers.is_empty() {
        diags.push(Diagnostic::new(
            Level::Info,
            Code::RepeatedHeader,
            format!(
                "table {index}: dropped {} repeated header row(s) at page breaks ({})",
                dropped_headers.len(),
                dropped_headers.join(", ")
            ),
            Some(header_location),
        ));
    }
    let mut items = builder.finish(index, diags);
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

/// The year a deadline header names: "Thời gian (Năm 2026)", "Thời gian
/// thực hiện năm 2026".
fn header_year(header: &str) -> Option<i32> {
    static YEAR: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)\bnăm\s+((?:19|20)\d{2})\b").expect("valid regex"));
    YEAR.captures(header).and_then(|c| c[1].parse().ok())
}

/// A logical row being built: the items it introduced and its field texts.
struct RowRecord {
    items: Vec<usize>,
    /// Deepest hierarchy level that received an item from this row.
    depth: Option<usize>,
    /// Per field column: the text parts (several when a page break cut the cell).
    parts: Vec<Vec<String>>,
    rows: Vec<Location>,
}

struct Node {
    item: Item,
    children: Vec<usize>,
    /// Hierarchy level (None for groups).
    level: Option<usize>,
}

struct Builder<'a> {
    roles: &'a Roles,
    width: usize,
    nodes: Vec<Node>,
    roots: Vec<usize>,
    /// Open groups from the top: (rank, node). Ranks follow the order the
    /// kinds first appear: Roman numerals over letters (000's VII.A) or
    /// letters over Roman numerals (A → I), then numbered sub-groups
    /// (5.1 → 5.1.3) by depth.
    groups: Vec<(u8, usize)>,
    /// Letters rank above Roman numerals in this table.
    letters_first: Option<bool>,
    /// The value of the last Roman group numeral, for numerals OCR damaged.
    last_roman: Option<u32>,
    current: Vec<Option<usize>>,
    records: Vec<RowRecord>,
    diags: Vec<Diagnostic>,
    /// Per column, the text of the last cell that was not covered by a
    /// vertical merge: what a `merged_above` cell shows.
    merged_text: Vec<String>,
}

#[derive(Debug, PartialEq)]
enum RowKind {
    /// An ordinary row.
    New,
    /// The rest of the previous row, cut by a page break.
    Continuation,
    /// A new row whose upper hierarchy cells continue merged cells cut by a
    /// page break.
    NewUnderContinuedCells,
}

impl<'a> Builder<'a> {
    fn new(roles: &'a Roles, width: usize) -> Builder<'a> {
        Builder {
            roles,
            width,
            nodes: Vec::new(),
            roots: Vec::new(),
            groups: Vec::new(),
            letters_first: None,
            last_roman: None,
            current: vec![None; roles.levels.len()],
            records: Vec::new(),
            diags: Vec::new(),
            merged_text: Vec::new(),
        }
    }

    fn cell<'c>(&self, cells: &'c [Cell], index: usize) -> &'c str {
        cells.get(index).map_or("", |c| c.text.as_str())
    }

    fn row(&mut self, row: LogicalRow, after_break: bool) {
        let mut cells = row.cells;
        cells.resize_with(self.width.max(cells.len()), Cell::default);
        self.merged_text.resize(cells.len(), String::new());
        for (slot, cell) in self.merged_text.iter_mut().zip(&cells) {
            if !cell.merged_above {
                slot.clone_from(&cell.text);
            }
        }
        if self.group_row(&cells, &row.location) {
            return;
        }
        // After a page break, text alone in the row-number cell that is no
        // row number is the rest of the item text cut by the break, landed in
        // the wrong column (003, line 183): move it to the item column.
        if row.after_break && !self.records.is_empty() {
            if let (Some(tt_col), Some(&(leaf_col, _, _))) = (self.roles.row_number, self.roles.levels.last()) {
                let text = self.cell(&cells, tt_col).trim().to_string();
                let alone = cells.iter().enumerate().all(|(i, c)| i == tt_col || c.text.trim().is_empty());
                let numberish = text.trim_end_matches(['.', ')', ':']).chars().all(|c| c.is_ascii_digit())
                    || group_mark(&text).is_some();
                if !text.is_empty() && alone && !numberish && leaf_col != tt_col {
                    self.diags.push(Diagnostic::new(
                        Level::Info,
                        Code::CellMoved,
                        format!("text in the row-number column after a page break was taken as the rest of the item text: {:?}", short(&text)),
                        Some(cells[tt_col].location.clone()),
                    ));
                    cells[leaf_col].text = text;
                    cells[tt_col].text.clear();
                }
            }
        }
        let tt = self.roles.row_number.map_or("", |i| self.cell(&cells, i)).to_string();
        let splits: Vec<Split> = self
            .roles
            .levels
            .iter()
            .map(|(col, _, major)| match major {
                Some(m) => split_items(self.cell(&cells, *col), *m),
                None => Split { prefix: self.cell(&cells, *col).trim().to_string(), items: Vec::new() },
            })
            .collect();
        let kind = self.classify(&cells, &tt, &splits, after_break);
        let location = row.location.clone();
        match kind {
            RowKind::Continuation => self.continuation(&cells, splits, location),
            RowKind::New | RowKind::NewUnderContinuedCells => {
                self.new_row(&cells, &tt, splits, location, kind == RowKind::NewUnderContinuedCells)
            }
        }
    }

    /// Decides how a row relates to the one before it.
    fn classify(&self, cells: &[Cell], tt: &str, splits: &[Split], after_break: bool) -> RowKind {
        if !after_break || !tt.is_empty() || self.records.is_empty() {
            return RowKind::New;
        }
        let Some(leaf) = splits.len().checked_sub(1) else { return RowKind::Continuation };
        let upper_starts_item = splits[..leaf].iter().any(|s| s.prefix.is_empty() && !s.items.is_empty());
        if upper_starts_item {
            return RowKind::New;
        }
        if !splits[leaf].prefix.is_empty() {
            return RowKind::Continuation;
        }
        // The leaf cell is empty or starts a numbered item. A row of its own
        // has its own output and its own lead or deadline; a cut row continues
        // only some of its cells ("Văn phòng" … "Sở", "Thường" … "xuyên").
        let filled = |wanted: &[Field]| {
            self.roles.fields.iter().any(|(col, f)| wanted.contains(f) && !self.cell(cells, *col).is_empty())
        };
        let has_output_column = self.roles.fields.iter().any(|(_, f)| *f == Field::Output);
        let own = filled(&[Field::Lead, Field::Deadline, Field::Assignment])
            && (!has_output_column || filled(&[Field::Output]));
        if own && !splits[leaf].items.is_empty() {
            RowKind::NewUnderContinuedCells
        } else {
            RowKind::Continuation
        }
    }

    /// Recognises a group row (Roman numeral, letter, or a numbered
    /// sub-group "5.1" with a title and no fields) and opens it.
    fn group_row(&mut self, cells: &[Cell], location: &Location) -> bool {
        let mark_col = self.roles.row_number.unwrap_or(0);
        let Some(mut mark) = group_mark(self.cell(cells, mark_col))
            .or_else(|| self.numbered_group(cells, mark_col))
            .or_else(|| self.damaged_roman(cells, mark_col))
        else {
            return false;
        };
        // A numeral OCR damaged ("ï" for "III") takes its place in the
        // sequence of group numerals.
        if mark.repaired_from.is_some() && !mark.lettered && !mark.number.contains('.') {
            if let Some(last) = self.last_roman {
                if roman_value(&mark.number) != Some(last + 1) {
                    let next = to_roman(last + 1);
                    mark.printed = mark.printed.replacen(&mark.number, &next, 1);
                    mark.number = next;
                }
            }
        }
        let others: Vec<&Cell> =
            cells.iter().enumerate().filter(|(i, c)| *i != mark_col && !c.text.is_empty()).map(|(_, c)| c).collect();
        let (title, title_cell) = match (&mark.title, others.as_slice()) {
            (Some(title), []) => (title.clone(), cells[mark_col].location.clone()),
            (None, [only]) => (only.text.clone(), only.location.clone()),
            _ => return false,
        };
        // A title that starts with an item number is a data row, not a group.
        if self.roles.levels.iter().any(|(_, _, m)| m.is_some_and(|m| !split_items(&title, m).items.is_empty())) {
            return false;
        }
        if let Some(original) = &mark.repaired_from {
            self.diags.push(Diagnostic::new(
                Level::Info,
                Code::NumberRepaired,
                format!("the group numeral {original:?} was read as {:?} (letters OCR reads for \"I\")", mark.printed),
                Some(cells[mark_col].location.clone()),
            ));
        }
        if !mark.lettered {
            if let Some(value) = roman_value(&mark.number) {
                self.last_roman = Some(value);
            }
        }
        let dotted = mark.number.contains('.');
        let rank = if dotted {
            2 + mark.number.matches('.').count() as u8
        } else {
            let letters_first = *self.letters_first.get_or_insert(mark.lettered);
            u8::from(mark.lettered != letters_first)
        };
        let item = Item {
            kind: ItemKind::Group,
            id: Some(mark.printed),
            number: Some(mark.number),
            text: title,
            row_number: None,
            fields: Fields::default(),
            cells: vec![title_cell],
            rows: vec![location.clone()],
            children: Vec::new(),
        };
        while self.groups.last().is_some_and(|(r, _)| *r >= rank) {
            self.groups.pop();
        }
        let parent = self.groups.last().map(|(_, n)| *n);
        let node = self.push(item, None, parent);
        if parent.is_none() {
            self.roots.push(node);
        }
        self.groups.push((rank, node));
        self.current.iter_mut().for_each(|c| *c = None);
        true
    }

    /// "5.1 | Title" with no fields in a table of one item column: a
    /// numbered sub-group.
    fn numbered_group(&self, cells: &[Cell], mark_col: usize) -> Option<crate::numbering::GroupMark> {
        if self.roles.levels.len() != 1 || self.roles.row_number.is_none() {
            return None;
        }
        let tt = self.cell(cells, mark_col).trim();
        let number = tt.trim_end_matches('.');
        let dotted =
            number.contains('.') && number.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        let no_fields = self.roles.fields.iter().all(|(c, _)| self.cell(cells, *c).trim().is_empty());
        (dotted && no_fields).then(|| crate::numbering::GroupMark {
            printed: tt.to_string(),
            number: number.to_string(),
            lettered: false,
            title: None,
            repaired_from: None,
        })
    }

    /// A row-number cell of one to four capital letters that is no numeral
    /// ("VH" for "VII"), after Roman group numerals, in a row whose only
    /// other text is a title in capitals: a group numeral OCR damaged. Its
    /// number is settled by the sequence (see `group_row`).
    fn damaged_roman(&self, cells: &[Cell], mark_col: usize) -> Option<crate::numbering::GroupMark> {
        let last = self.last_roman?;
        let printed = self.cell(cells, mark_col).trim();
        let bare = printed.trim_end_matches(['.', ')', ':']);
        let letters = (1..=4).contains(&bare.chars().count()) && bare.chars().all(|c| c.is_uppercase());
        let others: Vec<&str> = cells
            .iter()
            .enumerate()
            .filter(|(i, c)| *i != mark_col && !c.text.trim().is_empty())
            .map(|(_, c)| c.text.trim())
            .collect();
        let title = matches!(others.as_slice(), [t] if t.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase));
        (letters && title).then(|| crate::numbering::GroupMark {
            printed: to_roman(last + 1),
            number: to_roman(last + 1),
            lettered: false,
            title: None,
            repaired_from: Some(printed.to_string()),
        })
    }

    fn push(&mut self, item: Item, level: Option<usize>, parent: Option<usize>) -> usize {
        let index = self.nodes.len();
        self.nodes.push(Node { item, children: Vec::new(), level });
        if let Some(parent) = parent {
            self.nodes[parent].children.push(index);
        }
        index
    }

    /// The node new items of `level` hang under.
    fn parent_for(&self, level: usize) -> Option<usize> {
        self.current[..level].iter().rev().flatten().next().copied().or(self.groups.last().map(|(_, n)| *n))
    }

    fn new_item(&mut self, level: usize, id: Option<(String, String)>, text: String, cell: Location) -> usize {
        let (_, kind, _) = self.roles.levels[level];
        let (id, number) = match id {
            Some((printed, number)) => (Some(printed), Some(number)),
            None => (None, None),
        };
        let item = Item {
            kind,
            id,
            number,
            text,
            row_number: None,
            fields: Fields::default(),
            cells: vec![cell],
            rows: Vec::new(),
            children: Vec::new(),
        };
        let parent = self.parent_for(level);
        let node = self.push(item, Some(level), parent);
        if parent.is_none() {
            self.roots.push(node);
        }
        self.current[level] = Some(node);
        for deeper in &mut self.current[level + 1..] {
            *deeper = None;
        }
        node
    }

    fn append_text(&mut self, node: usize, text: &str, cell: Location) {
        let item = &mut self.nodes[node].item;
        if !item.text.is_empty() {
            item.text.push(' ');
        }
        item.text.push_str(text);
        if !item.cells.contains(&cell) {
            item.cells.push(cell);
        }
    }

    fn cell_location(&self, cells: &[Cell], col: usize, row: &Location) -> Location {
        cells
            .get(col)
            .map(|c| c.location.clone())
            .filter(|l| *l != Location::default())
            .unwrap_or_else(|| Location { column: u32::try_from(col + 1).ok(), ..row.clone() })
    }

    fn field_parts(&self, cells: &[Cell]) -> Vec<Vec<String>> {
        self.roles
            .fields
            .iter()
            .map(|(c, _)| *c)
            .chain(self.roles.extra.iter().map(|(c, _)| *c))
            .map(|c| {
                // A field cell merged down over several rows belongs to each.
                let text = match cells.get(c) {
                    Some(cell) if cell.merged_above => self.merged_text.get(c).map_or("", String::as_str),
                    _ => self.cell(cells, c),
                };
                if text.is_empty() {
                    Vec::new()
                } else {
                    vec![text.to_string()]
                }
            })
            .collect()
    }

    fn continuation(&mut self, cells: &[Cell], splits: Vec<Split>, location: Location) {
        let record_index = self.records.len() - 1;
        let first_row = self.records[record_index].rows.first().map(Location::without_column);
        // First the cut texts, each to the item its cell held before the
        // break; only then the items numbered in the continuation, since a
        // new task ("2.7.") must not take the rest of the activity before it.
        for (level, split) in splits.iter().enumerate() {
            if split.prefix.is_empty() {
                continue;
            }
            let cell = self.cell_location(cells, self.roles.levels[level].0, &location);
            match self.current[level] {
                Some(node) => self.append_text(node, &split.prefix, cell),
                None => {
                    let node = self.new_item(level, None, split.prefix.clone(), cell);
                    self.unnumbered(node);
                    self.record_item(record_index, node, level);
                }
            }
        }
        let mut created_per_level = vec![0usize; splits.len()];
        for (level, split) in splits.into_iter().enumerate() {
            let cell = self.cell_location(cells, self.roles.levels[level].0, &location);
            let mut last = None;
            for numbered in split.items {
                self.note_damaged_number(&numbered, &cell);
                let node = self.new_item(level, Some((numbered.printed, numbered.number)), numbered.text, cell.clone());
                self.record_item(record_index, node, level);
                created_per_level[level] += 1;
                last = Some(node);
            }
            if let Some(last) = last {
                self.adopt_row_children(record_index, level, last);
            }
        }
        // Warn as for the whole row, for the levels the continuation added to
        // (a level it did not add to counts at most once: children only).
        let counts: Vec<usize> = (0..created_per_level.len())
            .map(|level| {
                let items = &self.records[record_index].items;
                let in_row = items.iter().filter(|n| self.nodes[**n].level == Some(level)).count();
                if created_per_level[level] > 0 {
                    in_row
                } else {
                    in_row.min(1)
                }
            })
            .collect();
        self.check_ambiguous_parents(record_index, &counts);
        let parts = self.field_parts(cells);
        let record = &mut self.records[record_index];
        for (slot, new) in record.parts.iter_mut().zip(parts) {
            slot.extend(new);
        }
        record.rows.push(location.clone());
        let joined_to = first_row.map_or_else(String::new, |l| format!(" to the row at {l}"));
        self.diags.push(Diagnostic::new(
            Level::Info,
            Code::RowContinued,
            format!("a row cut by a page break continues here; its cells were joined{joined_to}"),
            Some(location),
        ));
    }

    /// A cut row read whole puts the items of the level below under the
    /// last item of `level` in the row (see `check_ambiguous_parents`); so
    /// when its continuation adds an item of `level`, the row's items of the
    /// level below that hang under an item of this row move to it, as they
    /// would if the page had not cut the row.
    fn adopt_row_children(&mut self, record: usize, level: usize, new_parent: usize) {
        let row_items = self.records[record].items.clone();
        let parents: Vec<usize> =
            row_items.iter().copied().filter(|&n| self.nodes[n].level == Some(level) && n != new_parent).collect();
        let mut moved = Vec::new();
        for parent in parents {
            let (stay, go): (Vec<usize>, Vec<usize>) = std::mem::take(&mut self.nodes[parent].children)
                .into_iter()
                .partition(|c| !row_items.contains(c) || self.nodes[*c].level != Some(level + 1));
            self.nodes[parent].children = stay;
            moved.extend(go);
        }
        if moved.is_empty() {
            return;
        }
        let children = &mut self.nodes[new_parent].children;
        let mut adopted = moved;
        adopted.append(children);
        *children = adopted;
    }

    /// Records an item number read through OCR damage ("3,1." as "3.1.").
    fn note_damaged_number(&mut self, numbered: &crate::numbering::Numbered, cell: &Location) {
        if let Some(original) = &numbered.damaged {
            self.diags.push(Diagnostic::new(
                Level::Info,
                Code::NumberRepaired,
                format!("the item number {original:?} was read as {:?} (OCR damage)", numbered.printed),
                Some(cell.clone()),
            ));
        }
    }

    fn record_item(&mut self, record: usize, node: usize, level: usize) {
        let rec = &mut self.records[record];
        rec.items.push(node);
        rec.depth = Some(rec.depth.map_or(level, |d| d.max(level)));
    }

    fn unnumbered(&mut self, node: usize) {
        if self.roles.levels.iter().any(|(_, _, m)| m.is_some()) {
            let item = &self.nodes[node].item;
            let location = item.cells.first().cloned();
            self.diags.push(Diagnostic::new(
                Level::Warning,
                Code::UnnumberedItem,
                format!("a {} without a number: {:?}", item.kind.name(), short(&item.text)),
                location,
            ));
        }
    }

    fn new_row(&mut self, cells: &[Cell], tt: &str, splits: Vec<Split>, location: Location, continued_cells: bool) {
        let record_index = self.records.len();
        self.records.push(RowRecord {
            items: Vec::new(),
            depth: None,
            parts: self.field_parts(cells),
            rows: vec![location.clone()],
        });
        let mut tt_used = tt.is_empty();
        let mut created_per_level = vec![0usize; splits.len()];
        let leaf = splits.len().saturating_sub(1);
        for (level, split) in splits.into_iter().enumerate() {
            let col = self.roles.levels[level].0;
            let cell = self.cell_location(cells, col, &location);
            if !split.prefix.is_empty() {
                let continues_merged_cell = continued_cells && level < leaf;
                match self.current[level] {
                    Some(node) if continues_merged_cell || !split.items.is_empty() => {
                        if !continues_merged_cell {
                            self.diags.push(Diagnostic::new(
                                Level::Warning,
                                Code::TextBeforeNumber,
                                format!(
                                    "text before the first number in the cell was appended to the previous {}: {:?}",
                                    self.nodes[node].item.kind.name(),
                                    short(&split.prefix)
                                ),
                                Some(cell.clone()),
                            ));
                        }
                        self.append_text(node, &split.prefix, cell.clone());
                    }
                    _ => {
                        // An item without a printed number takes the row number.
                        let id = (!tt_used).then(|| (tt.to_string(), tt.trim_end_matches(['.', ':', ')']).to_string()));
                        let node = self.new_item(level, id.clone(), split.prefix, cell.clone());
                        if id.is_some() {
                            tt_used = true;
                        } else {
                            self.unnumbered(node);
                        }
                        self.record_item(record_index, node, level);
                        created_per_level[level] += 1;
                    }
                }
            }
            for numbered in split.items {
                self.note_damaged_number(&numbered, &cell);
                let node = self.new_item(level, Some((numbered.printed, numbered.number)), numbered.text, cell.clone());
                if !tt_used {
                    self.nodes[node].item.row_number = Some(tt.to_string());
                    tt_used = true;
                }
                self.record_item(record_index, node, level);
                created_per_level[level] += 1;
            }
        }
        self.check_ambiguous_parents(record_index, &created_per_level);
        if self.records[record_index].items.is_empty() {
            self.orphan_row(record_index, location);
        }
    }

    /// Several items of one level in a cell, with children in the same row:
    /// the children hang under the last one, which may be wrong.
    fn check_ambiguous_parents(&mut self, record_index: usize, created_per_level: &[usize]) {
        for (level, count) in created_per_level.iter().enumerate() {
            let has_children_below = created_per_level[level + 1..].iter().any(|c| *c > 0);
            if *count < 2 || !has_children_below {
                continue;
            }
            let items: Vec<usize> = self.records[record_index]
                .items
                .iter()
                .copied()
                .filter(|n| self.nodes[*n].level == Some(level))
                .collect();
            let names: Vec<String> = items.iter().map(|n| self.label(*n)).collect();
            let last = *items.last().expect("two or more");
            let children: Vec<String> = self.records[record_index]
                .items
                .iter()
                .copied()
                .filter(|n| self.nodes[*n].level == Some(level + 1))
                .map(|n| self.label(n))
                .collect();
            let kind = self.nodes[last].item.kind.name();
            let location = self.nodes[last].item.cells.first().cloned();
            self.diags.push(Diagnostic::new(
                Level::Warning,
                Code::AmbiguousParent,
                format!(
                    "one cell lists {kind}s {}; the items of the next column in that row ({}) cannot be assigned to one of them with certainty and are placed under the last, {}",
                    names.join(", "),
                    children.join(", "),
                    self.label(last)
                ),
                location,
            ));
        }
    }

    fn label(&self, node: usize) -> String {
        let item = &self.nodes[node].item;
        item.number.clone().unwrap_or_else(|| format!("(unnumbered {})", item.kind.name()))
    }

    /// A row that introduces no item: its cells are joined to the previous
    /// row so that nothing is lost.
    fn orphan_row(&mut self, record_index: usize, location: Location) {
        let record = self.records.pop().expect("just pushed");
        debug_assert_eq!(self.records.len(), record_index);
        if record.parts.iter().all(Vec::is_empty) {
            return;
        }
        let Some(previous) = self.records.last_mut() else {
            self.diags.push(Diagnostic::new(
                Level::Warning,
                Code::RowWithoutItem,
                "a row with no item and no row above it to belong to was skipped",
                Some(location),
            ));
            return;
        };
        // The row belongs to the deepest item of the row above: it becomes
        // a sub-row of that item, with its own fields.
        let parent = previous
            .items
            .iter()
            .copied()
            .rfind(|n| self.nodes[*n].level == previous.depth)
            .or_else(|| previous.items.last().copied());
        let line = previous.rows.first().map_or_else(String::new, |l| format!(" at {}", l.without_column()));
        let Some(parent) = parent else {
            for (slot, new) in previous.parts.iter_mut().zip(record.parts) {
                slot.extend(new);
            }
            previous.rows.push(location.clone());
            self.diags.push(Diagnostic::new(
                Level::Warning,
                Code::RowWithoutItem,
                format!("a row with no item of its own was joined to the row{line}"),
                Some(location),
            ));
            return;
        };
        let item = Item {
            kind: ItemKind::SubRow,
            id: None,
            number: None,
            text: String::new(),
            row_number: None,
            fields: Fields::default(),
            cells: vec![location.clone()],
            rows: vec![location.clone()],
            children: Vec::new(),
        };
        let node = self.push(item, None, Some(parent));
        self.records.push(RowRecord {
            items: vec![node],
            depth: None,
            parts: record.parts,
            rows: vec![location.clone()],
        });
        let kind = self.nodes[parent].item.kind.name();
        self.diags.push(Diagnostic::new(
            Level::Info,
            Code::SubRow,
            format!("a row with no item of its own is a sub-row of the {kind} in the row{line}"),
            Some(location),
        ));
    }

    fn finish(mut self, table: usize, diags: &mut Vec<Diagnostic>) -> Vec<Item> {
        let records = std::mem::take(&mut self.records);
        for record in records {
            let fields = self.fields_of(&record.parts);
            for node in &record.items {
                let at_depth = self.nodes[*node].level == record.depth;
                if at_depth || self.nodes[*node].children.is_empty() {
                    let item = &mut self.nodes[*node].item;
                    item.fields = fields.clone();
                    item.rows = record.rows.clone();
                }
            }
        }
        self.check_numbering(table);
        diags.append(&mut self.diags);
        let roots = std::mem::take(&mut self.roots);
        roots.into_iter().map(|r| self.take_tree(r)).collect()
    }

    /// Joins each column's parts; `parts` lists the field columns, then the
    /// extra columns, as [`Builder::field_parts`] does.
    fn fields_of(&self, parts: &[Vec<String>]) -> Fields {
        let mut fields = Fields::default();
        let (named, extra) = parts.split_at(self.roles.fields.len());
        for ((_, field), parts) in self.roles.fields.iter().zip(named) {
            if let (Some(slot), false) = (fields.slot_mut(*field), parts.is_empty()) {
                *slot = Some(parts.join(" "));
            }
        }
        for ((_, header), parts) in self.roles.extra.iter().zip(extra) {
            if !parts.is_empty() {
                fields.extra.push((header.clone(), parts.join(" ")));
            }
        }
        fields
    }

    fn take_tree(&mut self, node: usize) -> Item {
        let children = std::mem::take(&mut self.nodes[node].children);
        let mut item = std::mem::replace(&mut self.nodes[node].item, placeholder());
        item.children = children.into_iter().map(|c| self.take_tree(c)).collect();
        item
    }

    /// Reports gaps, repeats and reversals in each level's numbering. Numbers
    /// restart in every group and sub-group.
    fn check_numbering(&mut self, table: usize) {
        let mut scopes: Vec<(String, Vec<usize>)> = Vec::new();
        let mut top_level: Vec<usize> = Vec::new();
        for &root in &self.roots {
            if self.nodes[root].item.kind == ItemKind::Group {
                let name = self.nodes[root].item.number.clone().unwrap_or_default();
                let mut direct = Vec::new();
                for &child in &self.nodes[root].children {
                    if self.nodes[child].item.kind == ItemKind::Group {
                        let sub = self.nodes[child].item.number.clone().unwrap_or_default();
                        scopes.push((format!("group {name}.{sub}"), self.descendants(child)));
                    } else {
                        direct.push(child);
                    }
                }
                let mut nodes = Vec::new();
                for d in direct {
                    nodes.push(d);
                    nodes.extend(self.descendants(d));
                }
                scopes.push((format!("group {name}"), nodes));
            } else {
                top_level.push(root);
                top_level.extend(self.descendants(root));
            }
        }
        if !top_level.is_empty() {
            scopes.push((format!("table {table}"), top_level));
        }
        // Numbers may restart in every group or run on across groups (1…11):
        // a group that starts where the one before stopped is in order.
        let mut carried: Vec<(Option<u32>, Option<u32>)> = vec![(None, None); self.roles.levels.len()];
        for (scope, nodes) in scopes {
            for (level, carry) in carried.iter_mut().enumerate() {
                let at_level: Vec<usize> =
                    nodes.iter().copied().filter(|n| self.nodes[*n].level == Some(level)).collect();
                let last = self.check_sequence(&scope, &at_level, carry.0, |item| item.number.clone());
                carry.0 = last.or(carry.0);
                if level == 0 {
                    let last =
                        self.check_sequence(&format!("{scope} (row-number column)"), &at_level, carry.1, |item| {
                            item.row_number.clone().filter(|r| !r.is_empty())
                        });
                    carry.1 = last.or(carry.1);
                }
            }
        }
    }

    fn descendants(&self, node: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for &child in &self.nodes[node].children {
            out.push(child);
            out.extend(self.descendants(child));
        }
        out
    }

    /// Checks one scope's numbers; `run_on_from` is the last number of the
    /// scope before (a start right after it is not a gap). Returns the last
    /// number seen.
    fn check_sequence(
        &mut self,
        scope: &str,
        nodes: &[usize],
        run_on_from: Option<u32>,
        number_of: impl Fn(&Item) -> Option<String>,
    ) -> Option<u32> {
        let mut previous: Option<(u32, String)> = None;
        let mut seen: Vec<(u32, Option<Location>)> = Vec::new();
        for &node in nodes {
            let item = &self.nodes[node].item;
            let Some(number) = number_of(item) else { continue };
            let Some(value) = sequence_value(&number) else { continue };
            let kind = item.kind.name();
            let location = item.cells.first().cloned();
            let first = seen.iter().find(|(v, _)| *v == value).map(|(_, l)| l.clone());
            let message = match (&previous, first) {
                (_, Some(first)) => {
                    let at = first.map_or_else(String::new, |l| format!(", first at {l}"));
                    Some((Code::NumberingDuplicate, format!("{kind} number {number} appears again in {scope}{at}")))
                }
                (None, None) if value > 1 && run_on_from.is_none_or(|last| value != last + 1) => {
                    Some((Code::NumberingGap, format!("{kind} numbering in {scope} starts at {number}, not at 1")))
                }
                (Some((prev, prev_number)), None) if value > prev + 1 => Some((
                    Code::NumberingGap,
                    format!(
                        "{kind} numbering in {scope} jumps from {prev_number} to {number} ({} missing)",
                        missing(prev_number, *prev, value)
                    ),
                )),
                (Some((prev, prev_number)), None) if value < *prev => {
                    Some((Code::NumberingOrder, format!("{kind} number {number} follows {prev_number} in {scope}")))
                }
                _ => None,
            };
            if let Some((code, message)) = message {
                self.diags.push(Diagnostic::new(Level::Warning, code, message, location.clone()));
            }
            seen.push((value, location));
            previous = Some((value, number));
        }
        previous.map(|(value, _)| value)
    }
}

fn missing(prev_number: &str, prev: u32, value: u32) -> String {
    let stem = prev_number.rsplit_once('.').map_or(String::new(), |(stem, _)| format!("{stem}."));
    let numbers: Vec<String> = (prev + 1..value).take(5).map(|v| format!("{stem}{v}")).collect();
    let more = if value - prev - 1 > 5 { ", …" } else { "" };
    format!("{}{more}", numbers.join(", "))
}

fn placeholder() -> Item {
    Item {
        kind: ItemKind::Group,
        id: None,
        number: None,
        text: String::new(),
        row_number: None,
        fields: Fields::default(),
        cells: Vec::new(),
        rows: Vec::new(),
        children: Vec::new(),
    }
}

fn short(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::plan::{Item, Plan};

    const HEADER: &str = "TT\t1- Mục tiêu\t2- Nhiệm vụ\t3- Hoạt động\t4- Kết quả, sản phẩm\t5- Chủ trì\t6- Phối hợp\t7- Thời gian hoàn thành\t8- Kinh phí";

    fn parse(rows: &[&str]) -> Plan {
        let text = rows.join("\n");
        let doc = kehoach_extract::extract_bytes("t.txt", text.as_bytes()).expect("extracts");
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

    fn codes(plan: &Plan) -> Vec<&str> {
        plan.diagnostics.iter().map(|d| d.code.as_str()).collect()
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
        assert!(codes(&plan).contains(&"repeated-header"));
        assert!(codes(&plan).contains(&"row-continued"));
        assert_eq!(plan.tables.len(), 1);
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
        assert!(!codes(&cut).contains(&"unnumbered-item"));
        assert!(codes(&cut).contains(&"ambiguous-parent"));
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
        assert!(!codes(&plan).contains(&"numbering-duplicate"), "numbers restart in each sub-group");
    }

    #[test]
    fn tables_separated_by_text_stay_apart_and_unknown_tables_are_kept() {
        let plan = parse(&["Stt\tNội dung\tGhi chú", "1.\tViệc một\t", "", "Đoạn văn", "a\tb\tc", "d\te\tf"]);
        assert_eq!(plan.tables.len(), 2);
        assert_eq!(plan.tables[0].items[0].id.as_deref(), Some("1."));
        assert_eq!(plan.tables[0].items[0].number.as_deref(), Some("1"));
        assert_eq!(plan.tables[1].raw_rows, [["a", "b", "c"], ["d", "e", "f"]]);
        assert!(codes(&plan).contains(&"table-unrecognized"));
    }
}
