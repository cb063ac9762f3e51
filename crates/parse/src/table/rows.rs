//! Reading rows: the builder's state, and what each row is — a new row, the
//! rest of a row cut by a page break, or a row without an item of its own.

use super::{short, LogicalRow, Roles};
use crate::fields::{Field, Fields};
use crate::numbering::{group_mark, sequence_value, split_items, Split};
use crate::plan::{Item, ItemKind, Join};
use kehoach_extract::{Cell, Code, Diagnostic, Level, Location};

/// The labels of a total row (`data/totals.tsv`), folded.
static TOTALS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    let lines = include_str!("../../data/totals.tsv").lines();
    lines.filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(crate::columns::fold).collect()
});

/// A logical row being built: the items it introduced and its field texts.
pub(super) struct RowRecord {
    pub(super) items: Vec<usize>,
    /// Deepest hierarchy level that received an item from this row.
    pub(super) depth: Option<usize>,
    /// Per field column: the text parts (several when a page break cut the cell).
    pub(super) parts: Vec<Vec<Part>>,
    pub(super) rows: Vec<Location>,
}

/// One part of a field cell.
pub(super) struct Part {
    pub(super) text: String,
    /// Its cell.
    pub(super) at: Location,
    /// The rest of a cell cut by a page break: joined with repair.
    pub(super) cut: bool,
}

pub(super) struct Node {
    pub(super) item: Item,
    pub(super) children: Vec<usize>,
    /// Hierarchy level (None for groups).
    pub(super) level: Option<usize>,
}

pub(super) struct Builder<'a> {
    pub(super) roles: &'a Roles,
    pub(super) width: usize,
    pub(super) nodes: Vec<Node>,
    pub(super) roots: Vec<usize>,
    /// Open groups from the top: (rank, node). Ranks follow the order the
    /// kinds first appear: Roman numerals over letters (000's VII.A) or
    /// letters over Roman numerals (A → I), then numbered sub-groups
    /// (5.1 → 5.1.3) by depth.
    pub(super) groups: Vec<(u8, usize)>,
    /// Letters rank above Roman numerals in this table.
    pub(super) letters_first: Option<bool>,
    /// The value of the last Roman group numeral, for numerals OCR damaged.
    pub(super) last_roman: Option<u32>,
    /// The letter of the last lettered group under the current Roman one.
    pub(super) last_letter: Option<char>,
    /// The table has Roman group numerals (so a damaged first one is I).
    pub(super) roman_groups: bool,
    /// Whole numbers in the row-number column ("1", "2.") that later rows
    /// number under ("1.1", "1.2"): parents, so a row of one with only a
    /// title is a group ("1 | Cải cách thể chế").
    pub(super) parents: std::collections::HashSet<String>,
    /// The dotted row numbers ("1.1") under which a later row is numbered
    /// ("1.1.1").
    pub(super) dotted_parents: std::collections::HashSet<String>,
    pub(super) current: Vec<Option<usize>>,
    pub(super) records: Vec<RowRecord>,
    pub(super) diags: Vec<Diagnostic>,
    /// Per column, the text of the last cell that was not covered by a
    /// vertical merge: what a `merged_above` cell shows.
    pub(super) merged_text: Vec<String>,
    /// The joins of cells cut by page breaks, each with the place in
    /// `diags` its repair's notes belong.
    pub(super) joins: Vec<Join>,
}

#[derive(Debug, PartialEq)]
pub(super) enum RowKind {
    /// An ordinary row.
    New,
    /// The rest of the previous row, cut by a page break.
    Continuation,
    /// A new row whose upper hierarchy cells continue merged cells cut by a
    /// page break.
    NewUnderContinuedCells,
}

impl<'a> Builder<'a> {
    pub(super) fn new(roles: &'a Roles, width: usize) -> Builder<'a> {
        Builder {
            roles,
            width,
            nodes: Vec::new(),
            roots: Vec::new(),
            groups: Vec::new(),
            letters_first: None,
            last_roman: None,
            last_letter: None,
            roman_groups: false,
            parents: Default::default(),
            dotted_parents: Default::default(),
            current: vec![None; roles.levels.len()],
            records: Vec::new(),
            diags: Vec::new(),
            merged_text: Vec::new(),
            joins: Vec::new(),
        }
    }

    pub(super) fn cell<'c>(&self, cells: &'c [Cell], index: usize) -> &'c str {
        cells.get(index).map_or("", |c| c.text.as_str())
    }

    pub(super) fn row(&mut self, row: LogicalRow, after_break: bool) {
        let mut cells = row.cells;
        cells.resize_with(self.width.max(cells.len()), Cell::default);
        self.merged_text.resize(cells.len(), String::new());
        let before_break = after_break.then(|| self.merged_text.clone());
        for (slot, cell) in self.merged_text.iter_mut().zip(&cells) {
            if !cell.merged_above {
                slot.clone_from(&cell.text);
            }
        }
        if let Some(texts) = self.total_row(&cells) {
            self.diags.push(Diagnostic::new(
                Level::Info,
                Code::RowWithoutItem,
                format!("a total row is no item and was skipped: {texts:?}"),
                Some(row.location),
            ));
            return;
        }
        if self.group_row(&cells, &row.location) {
            return;
        }
        self.spread_merged_fields(&mut cells);
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
            .enumerate()
            .map(|(level, (col, _, major))| match major {
                Some(m) => {
                    let split = split_items(self.cell(&cells, *col), *m);
                    self.numbered_under_parent(split, &cells, level, &tt)
                }
                None => Split { prefix: self.cell(&cells, *col).trim().to_string(), items: Vec::new() },
            })
            .collect();
        let kind = self.classify(&cells, &tt, &splits, after_break);
        // A cell merged down over rows and cut by the page break shows its
        // whole text in the rows below it too ("Phòng Tổ chức" / "cán bộ").
        // An empty cell of the row's rest is the same cell as above: a merged
        // cell cut by the break goes on showing its text below (unseen8's
        // PDF: "Quý IV/2034" merged over three rows, printed on the first
        // page only, and the next page's part spanning the row's rest and
        // the two rows under it).
        if let (RowKind::Continuation, Some(before)) = (&kind, before_break) {
            for (c, cell) in cells.iter().enumerate() {
                let above = before.get(c).map_or("", |t| t.trim());
                if cell.merged_above || above.is_empty() {
                    continue;
                }
                if cell.text.trim().is_empty() {
                    self.merged_text[c] = above.to_string();
                } else if cell.row_span > 1 {
                    self.merged_text[c] = format!("{above} {}", cell.text.trim());
                }
            }
        }
        let location = row.location.clone();
        match kind {
            RowKind::Continuation => self.continuation(&cells, splits, location),
            RowKind::New | RowKind::NewUnderContinuedCells => {
                self.new_row(&cells, &tt, splits, location, kind == RowKind::NewUnderContinuedCells)
            }
        }
    }

    /// A lower level's cell that starts with its parent's number ("1.1. …"
    /// under task "1.", "5.2. …" under task "5.") is split at those
    /// numbers when the framework's own numbers (3.x for activities) found
    /// none: a task table whose activities are numbered under their task
    /// (unseen11, Word's automatic numbering "%1.%2."). The parent is the
    /// row's own whole row number when its parent cell is filled (the row
    /// that opens the task), else the current item one level up.
    fn numbered_under_parent(&self, split: Split, cells: &[Cell], level: usize, tt: &str) -> Split {
        if level == 0 || !split.items.is_empty() || split.prefix.is_empty() {
            return split;
        }
        let opens_parent = !self.cell(cells, self.roles.levels[level - 1].0).trim().is_empty();
        let row_number = tt.trim().trim_end_matches(['.', ')']);
        let parent = if opens_parent && !row_number.is_empty() {
            row_number.parse::<u32>().ok()
        } else if opens_parent {
            None
        } else {
            self.current[level - 1].and_then(|n| self.nodes[n].item.number.as_deref()?.parse::<u32>().ok())
        };
        match parent.map(|p| split_items(&split.prefix, p)) {
            Some(under) if under.prefix.is_empty() && !under.items.is_empty() => under,
            _ => split,
        }
    }

    /// A total row ("TỔNG CỘNG | | 3.720"): its first filled cell is in the
    /// row-number or an item column — or in any column when those are
    /// empty: a label centred across the row, as a text layout prints it,
    /// lands in a field's column (unseen7) — and is a total's label
    /// (`data/totals.tsv`). Returns the row's texts.
    fn total_row(&self, cells: &[Cell]) -> Option<String> {
        let (at, first) = cells.iter().enumerate().find(|(_, c)| !c.text.trim().is_empty())?;
        let mut numbered_or_items = self.roles.row_number.into_iter().chain(self.roles.levels.iter().map(|l| l.0));
        let labelled = self.roles.row_number == Some(at)
            || self.roles.levels.iter().any(|(c, _, _)| *c == at)
            || numbered_or_items.all(|c| self.cell(cells, c).trim().is_empty());
        let label = first.text.split(['(', ':']).next().unwrap_or_default();
        if !labelled || label.len() > 40 || !TOTALS.contains(&crate::columns::fold(label)) {
            return None;
        }
        let texts: Vec<&str> = cells.iter().map(|c| c.text.trim()).filter(|t| !t.is_empty()).collect();
        Some(texts.join(" | "))
    }

    /// A field cell merged across other field columns gives its text to
    /// each ("Theo phân công tại Quyết định …" across lead and partners),
    /// as a cell merged down gives it to each row; so does a cell of an
    /// unmapped column ("Thường xuyên" across "Bắt đầu | Hoàn thành", the
    /// start kept in `extra`, the finish the deadline).
    fn spread_merged_fields(&self, cells: &mut [Cell]) {
        let field = |i: usize| self.roles.fields.iter().any(|(c, _)| *c == i);
        let source = |i: usize| field(i) || self.roles.extra.iter().any(|(c, _)| *c == i);
        for i in 0..cells.len() {
            let span = cells[i].col_span as usize;
            if span < 2 || !source(i) || cells[i].text.trim().is_empty() {
                continue;
            }
            for j in i + 1..(i + span).min(cells.len()) {
                if field(j) && cells[j].text.trim().is_empty() {
                    cells[j].text = cells[i].text.clone();
                }
            }
        }
    }

    /// Decides how a row relates to the one before it.
    pub(super) fn classify(&self, cells: &[Cell], tt: &str, splits: &[Split], after_break: bool) -> RowKind {
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

    pub(super) fn cell_location(&self, cells: &[Cell], col: usize, row: &Location) -> Location {
        cells
            .get(col)
            .map(|c| c.location.clone())
            .filter(|l| *l != Location::default())
            .unwrap_or_else(|| Location { column: u32::try_from(col + 1).ok(), ..row.clone() })
    }

    /// The field cells of a row (`cut`: the rest of cells cut by a page
    /// break).
    pub(super) fn field_parts(&self, cells: &[Cell], row: &Location, cut: bool) -> Vec<Vec<Part>> {
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
                    vec![Part { text: text.to_string(), at: self.cell_location(cells, c, row), cut }]
                }
            })
            .collect()
    }

    pub(super) fn continuation(&mut self, cells: &[Cell], splits: Vec<Split>, location: Location) {
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
            match self.open_item(level) {
                Some(node) => self.append_text(node, &split.prefix, cell, true),
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
        let parts = self.field_parts(cells, &location, true);
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

    /// The id of an item numbered by its row-number cell: the cell as
    /// printed, or — where the cell is one or two marks that are no number
    /// ("B" for 5, "+" or ")" for 2, as OCR misreads digits) after an item of
    /// the same level numbered n — n + 1, noted.
    pub(super) fn row_number_id(&mut self, level: usize, tt: &str, cells: &[Cell]) -> (String, String) {
        let bare = tt.trim_end_matches(['.', ':', ')']);
        let printed = (tt.to_string(), bare.to_string());
        let misread = !tt.is_empty()
            && tt.chars().count() <= 2
            && !tt.chars().any(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | '—' | '•' | '·' | '*'));
        let previous = self.current.get(level).copied().flatten().and_then(|n| self.nodes[n].item.number.clone());
        let Some(previous) = previous.filter(|p| misread && !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        else {
            return printed;
        };
        let next = (sequence_value(&previous).unwrap_or(0) + 1).to_string();
        let location = self.roles.row_number.and_then(|c| cells.get(c)).map(|c| c.location.clone());
        self.diags.push(Diagnostic::new(
            Level::Info,
            Code::NumberRepaired,
            format!("the row number {tt:?} was read as {next:?}, after {previous:?} (OCR misreads digits)"),
            location,
        ));
        (next.clone(), next)
    }

    pub(super) fn new_row(
        &mut self,
        cells: &[Cell],
        tt: &str,
        splits: Vec<Split>,
        location: Location,
        continued_cells: bool,
    ) {
        let record_index = self.records.len();
        self.records.push(RowRecord {
            items: Vec::new(),
            depth: None,
            parts: self.field_parts(cells, &location, false),
            rows: vec![location.clone()],
        });
        if let Some(task) = self.activity_parent(tt) {
            let text = splits.into_iter().next().map(|s| s.prefix).unwrap_or_default();
            if !text.is_empty() {
                let cell = self.cell_location(cells, self.roles.levels[0].0, &location);
                let number = tt.trim().trim_end_matches(['.', ':', ')']).to_string();
                let item =
                    super::tree::bare_item(ItemKind::Activity, Some(tt.trim().to_string()), Some(number), text, cell);
                let node = self.push(item, Some(1), Some(task));
                self.record_item(record_index, node, 1);
            } else {
                self.orphan_row(record_index, location);
            }
            return;
        }
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
                        self.append_text(node, &split.prefix, cell.clone(), continues_merged_cell);
                    }
                    _ => {
                        // An item without a printed number takes the row number.
                        let id = (!tt_used).then(|| self.row_number_id(level, tt, cells));
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

    /// The task a row is an activity of: in a table whose one item column
    /// holds tasks ("Nhiệm vụ, hoạt động"), a row numbered under the open
    /// task ("1.1.", "1.2" under "1."; "1.1.1" under the task "1.1" of a
    /// group "1") is that task's activity, as "3.1" is an activity of task
    /// 3 in a framework table.
    ///
    /// So is a row lettered in sequence under a numbered task ("a", "b)"
    /// under "2"; unseen16's district plan): "a" opens the task's
    /// activities and each next letter follows the one before, so a letter
    /// out of that sequence stays what it was (an OCR-misread digit).
    pub(super) fn activity_parent(&self, tt: &str) -> Option<usize> {
        let [(_, ItemKind::Task, None)] = self.roles.levels[..] else { return None };
        let task = self.current[0]?;
        let whole = self.nodes[task].item.number.as_deref().filter(|n| {
            !n.is_empty() && n.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        })?;
        let number = tt.trim().trim_end_matches(['.', ':', ')']);
        if let Some(letter) = lone_lower_letter(number) {
            let last = self.nodes[task].children.last().map(|&n| self.nodes[n].item.number.as_deref());
            let expected = match last {
                None => Some('a'),
                Some(previous) => previous.and_then(lone_lower_letter).and_then(|l| char::from_u32(l as u32 + 1)),
            };
            return (expected == Some(letter)).then_some(task);
        }
        let rest = number.strip_prefix(whole)?.strip_prefix('.')?;
        (!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())).then_some(task)
    }

    /// The open item of `level` that the rest of a cut cell belongs to: the
    /// open item, or the activity the last row numbered under it (see
    /// [`Builder::activity_parent`]).
    fn open_item(&self, level: usize) -> Option<usize> {
        let activity = self.records.last().and_then(|r| {
            r.items
                .iter()
                .copied()
                .rfind(|n| self.nodes[*n].level == Some(level + 1) && level + 1 == self.current.len())
        });
        activity.or(self.current[level])
    }

    /// A row that introduces no item: its cells are joined to the previous
    /// row so that nothing is lost.
    pub(super) fn orphan_row(&mut self, record_index: usize, location: Location) {
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

    /// Joins each column's parts; `parts` lists the field columns, then the
    /// extra columns, as [`Builder::field_parts`] does.
    pub(super) fn fields_of(&mut self, parts: &[Vec<Part>]) -> Fields {
        let mut fields = Fields::default();
        let roles = self.roles;
        let (named, extra) = parts.split_at(roles.fields.len());
        for ((_, field), parts) in roles.fields.iter().zip(named) {
            if !parts.is_empty() && fields.slot_mut(*field).is_some() {
                let text = self.join_parts(parts);
                *fields.slot_mut(*field).expect("checked") = Some(text);
            }
        }
        for ((_, header), parts) in roles.extra.iter().zip(extra) {
            if !parts.is_empty() {
                let text = self.join_parts(parts);
                fields.extra.push((header.clone(), text));
            }
        }
        if roles.split_roles {
            if let Some(text) = fields.lead.take() {
                let (lead, partners) = crate::columns::split_roles(&text);
                fields.lead = (!lead.is_empty()).then_some(lead);
                fields.partners = (!partners.is_empty()).then_some(partners);
            }
        } else if fields.partners.is_none() {
            // A lead cell that marks each agency's role and leaves the
            // partners' cell empty ("Phòng A (chủ trì); Phòng B, Phòng C
            // (phối hợp)"; unseen19).
            if let Some((lead, partners)) = fields.lead.as_deref().and_then(crate::columns::split_marked_roles) {
                fields.lead = (!lead.is_empty()).then_some(lead);
                fields.partners = Some(partners);
            }
        }
        fields
    }

    /// The parts of one cell joined by spaces (a join where a page break
    /// had cut the cell recorded, see [`Join`]).
    fn join_parts(&mut self, parts: &[Part]) -> String {
        let mut text = String::new();
        for part in parts {
            if text.is_empty() {
                text.clone_from(&part.text);
            } else {
                text = self.join_text(&text, &part.text, part.cut, &part.at);
            }
        }
        text
    }

    /// `left` and `right` joined by a space; when `cut` (the rest of a
    /// cell cut by a page break), the join is recorded for the repair after
    /// parsing, which repairs the text there once it is whole.
    pub(super) fn join_text(&mut self, left: &str, right: &str, cut: bool, at: &Location) -> String {
        if cut {
            let join =
                Join { left: left.to_string(), right: right.to_string(), at: at.clone(), diagnostic: self.diags.len() };
            self.joins.push(join);
        }
        format!("{left} {right}")
    }
}

/// The letter of a row number that is one lower-case ASCII letter ("a").
fn lone_lower_letter(number: &str) -> Option<char> {
    let mut chars = number.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_lowercase() => Some(c),
        _ => None,
    }
}
