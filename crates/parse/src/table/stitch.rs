//! Stitching: the parts of a table that page breaks separated, joined
//! into one logical table, with the numbered heading above it.

use crate::columns::fold;
use crate::numbering::group_mark;
use kehoach_extract::{Block, Cell, Location};

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
    regex::Regex::new(r"^\s*(([0-9]{1,2}(?:\.[0-9]{1,2}){0,3})\.?)\s+(\S.*)$").expect("valid regex")
});

/// A numbered paragraph, and whether it is set as a heading (heading level
/// or bold).
fn heading(p: &kehoach_extract::Paragraph) -> Option<(Heading, bool)> {
    let text = p.text.replace('\n', " ");
    let c = HEADING.captures(&text)?;
    let heading = Heading {
        printed: c[1].to_string(),
        number: c[2].to_string(),
        title: c[3].trim().to_string(),
        location: p.location.clone(),
    };
    Some((heading, p.heading.is_some() || p.bold))
}

/// How many tables of a document must each have a plain numbered
/// paragraph right above them for those paragraphs to be their sections.
const PLAIN_SECTIONS: usize = 2;

/// Joins the parts of each table that page breaks separated.
pub(crate) fn logical_tables(blocks: &[Block]) -> Vec<LogicalTable> {
    let mut tables: Vec<LogicalTable> = Vec::new();
    let mut open = false; // the last table may still continue
    let mut pending_break = false;
    // The last numbered heading and how many paragraphs followed it; the
    // last plain numbered paragraph, while nothing followed it.
    let mut last_heading: Option<(Heading, usize)> = None;
    let mut last_plain: Option<Heading> = None;
    // Per table, the plain numbered paragraph right above it.
    let mut plain: Vec<Option<Heading>> = Vec::new();
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
                    plain.push(last_plain.take().filter(|_| heading.is_none()));
                    tables.push(LogicalTable { rows: rows.collect(), start: table.location.clone(), heading });
                }
                last_plain = None;
                open = true;
                pending_break = false;
            }
            Block::PageBreak(_) => pending_break = open,
            Block::Paragraph(p) => {
                open = false;
                pending_break = false;
                last_plain = None;
                match heading(p) {
                    Some((h, true)) => last_heading = Some((h, 0)),
                    Some((h, false)) => {
                        if let Some((_, after)) = &mut last_heading {
                            *after += 1;
                        }
                        last_plain = Some(h);
                    }
                    None => {
                        if let Some((_, after)) = &mut last_heading {
                            *after += 1;
                        }
                    }
                }
            }
        }
    }
    // A numbered paragraph set like the text around it (an office suite's
    // PDF or spreadsheet keeps no bold) is a table's section when it stands
    // right above it and the document does so for two tables or more: a
    // lone numbered sentence above a table is more likely a list item.
    if plain.iter().flatten().count() >= PLAIN_SECTIONS {
        for (table, heading) in tables.iter_mut().zip(plain) {
            if heading.is_some() {
                table.heading = heading;
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
pub(super) fn joined_header(upper: &[Cell], lower: &[Cell]) -> Option<Vec<String>> {
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

pub(super) fn folded_row(cells: &[Cell]) -> Vec<String> {
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
