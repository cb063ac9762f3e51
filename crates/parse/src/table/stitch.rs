//! Stitching: the parts of a table that page breaks separated, joined
//! into one logical table, with the numbered heading above it.

use crate::classes::space_end;
use crate::columns::{fold, map_header, similarity};
use crate::numbering::group_mark;
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

/// The numbered heading `text` at `location` is, if it is one ("4. …").
fn numbered_heading(text: &str, location: &Location) -> Option<Heading> {
    let text = text.replace('\n', " ");
    let (printed, number, title) = heading_parts(&text)?;
    Some(Heading {
        printed: printed.to_string(),
        number: number.to_string(),
        title: title.trim().to_string(),
        location: location.clone(),
    })
}

/// The groups of `^\s*(([0-9]{1,2}(?:\.[0-9]{1,2}){0,3})\.?)\s+(\S.*)$` in
/// a text without line breaks: the number as printed, without its last
/// dot, and the title. A scanner: compiled, the regex cost ~0.5 M
/// instructions per process. The number must fill the first word (white
/// space follows it), so its shape is checked on that word alone.
fn heading_parts(text: &str) -> Option<(&str, &str, &str)> {
    let start = space_end(text, 0);
    let end = text[start..].find(|c: char| !(c.is_ascii_digit() || c == '.')).map_or(text.len(), |i| start + i);
    let printed = &text[start..end];
    let number = printed.strip_suffix('.').unwrap_or(printed);
    let parts = number.split('.').count();
    let shaped = (1..=4).contains(&parts) && number.split('.').all(|n| (1..=2).contains(&n.len()));
    let title = space_end(text, end);
    (shaped && title > end && title < text.len()).then(|| (printed, number, &text[title..]))
}

/// The Roman-numbered heading `text` at `location` is, if it is one ("I.
/// CẢI CÁCH THỂ CHẾ": a well-formed numeral of I, V and X, a dot, a space
/// and a title starting with a capital).
fn roman_heading(text: &str, location: &Location) -> Option<Heading> {
    // Most paragraphs start otherwise: no copy of them.
    if !text.trim_start().starts_with(['I', 'V', 'X']) {
        return None;
    }
    let text = text.replace('\n', " ");
    let (numeral, title) = text.trim().split_once(". ")?;
    let title = title.trim();
    (roman_numeral(numeral) && title.chars().next().is_some_and(char::is_uppercase)).then(|| Heading {
        printed: format!("{numeral}."),
        number: numeral.to_string(),
        title: title.to_string(),
        location: location.clone(),
    })
}

/// A numbered paragraph, and whether it is set as a heading (heading level
/// or bold).
fn heading(p: &kehoach_extract::Paragraph) -> Option<(Heading, bool)> {
    numbered_heading(&p.text, &p.location).map(|h| (h, p.heading.is_some() || p.bold))
}

/// How many tables of a document must each have a plain numbered
/// paragraph right above them for those paragraphs to be their sections.
const PLAIN_SECTIONS: usize = 2;

/// The most words a plain numbered paragraph may hold after its number to
/// read as a heading above a lone table ("2. Nhiệm vụ và phân công thực
/// hiện": 7).
const HEADING_WORDS: usize = 15;

/// Whether a plain numbered paragraph reads as a heading rather than an
/// item of a list: a short title starting with a capital, not ended as a
/// sentence or list item ("1. Trưởng các Phòng xây dựng Kế hoạch." and
/// "a) …;" are items; "2. Nhiệm vụ và phân công thực hiện" and "3. Phân
/// công nhiệm vụ:" head what follows).
fn reads_as_heading(h: &Heading) -> bool {
    let title = h.title.trim();
    title.chars().next().is_some_and(char::is_uppercase)
        && !title.ends_with(['.', ';', ','])
        && title.split_whitespace().count() <= HEADING_WORDS
}

/// Joins the parts of each table that page breaks separated.
pub(crate) fn logical_tables(blocks: &[Block]) -> Vec<LogicalTable> {
    let mut tables: Vec<LogicalTable> = Vec::new();
    let mut open = false; // the last table may still continue
    let mut pending_break = false;
    // Only footnotes ("1 Kế hoạch số …", "(*) …") followed the open table
    // so far: the foot of its page, which a table cut by the break
    // continues past.
    let mut foot = false;
    // The last numbered heading and how many paragraphs followed it; the
    // last plain numbered paragraph, while nothing followed it but one
    // lead-in line ending in a colon ("Các chỉ tiêu … như sau:"), and
    // whether that line followed.
    let mut last_heading: Option<(Heading, usize)> = None;
    let mut last_plain: Option<(Heading, bool)> = None;
    // Per table, the plain numbered paragraph right above it.
    let mut plain: Vec<Option<(Heading, bool)>> = Vec::new();
    // The last Roman-numbered heading and how many paragraphs followed it;
    // per table, the one right above it (at most one paragraph between).
    let mut last_roman: Option<(Heading, usize)> = None;
    let mut roman: Vec<Option<Heading>> = Vec::new();
    // Paragraphs since the last table.
    let mut paragraphs = 0usize;
    for block in blocks {
        match block {
            Block::Table(table) => {
                // Rows of rulers only carry no content, as the text reader
                // drops a markdown separator row.
                let rows = table.rows.iter().filter(|r| !ruler_row(&r.cells)).map(|r| LogicalRow {
                    cells: grid_cells(&r.cells),
                    location: r.location.clone(),
                    after_break: false,
                });
                let continues = (open || foot && continued_row(table))
                    && pending_break
                    && tables.last().is_some_and(|t| same_table(t, table))
                    || open && !pending_break && tables.last().is_some_and(|t| split_part(t, table));
                if continues {
                    let last = tables.last_mut().expect("an open table");
                    let first = last.rows.len();
                    last.rows.extend(rows);
                    if let Some(row) = last.rows.get_mut(first) {
                        row.after_break = true;
                    }
                } else {
                    let mut rows: Vec<LogicalRow> = rows.collect();
                    // A part of the plan with no header of its own under a
                    // heading of its own ("III. CẢI CÁCH TỔ CHỨC BỘ MÁY" |
                    // rows of the table above's grid): read with the header
                    // of the table above, which it carries on.
                    if let Some(header) =
                        tables.last().filter(|_| paragraphs <= 2).and_then(|above| inherited_header(above, &rows))
                    {
                        rows.splice(0..0, header);
                    }
                    // A heading applies when at most one paragraph (a note)
                    // stands between it and the table.
                    let heading = last_heading.take().filter(|(_, after)| *after <= 1).map(|(h, _)| h);
                    plain.push(last_plain.take().filter(|_| heading.is_none()));
                    roman.push(last_roman.take().filter(|(_, after)| heading.is_none() && *after <= 1).map(|(h, _)| h));
                    tables.push(LogicalTable { rows, start: table.location.clone(), heading });
                }
                last_plain = None;
                last_roman = None;
                paragraphs = 0;
                open = true;
                foot = false;
                pending_break = false;
            }
            Block::PageBreak(_) => pending_break = open || foot,
            Block::Paragraph(p) => {
                paragraphs += 1;
                foot = (open || foot) && !pending_break && footnote_text(&p.text);
                open = false;
                pending_break = false;
                let lead_in = p.text.trim_end().ends_with(':');
                last_roman = match roman_heading(&p.text, &p.location) {
                    Some(h) => Some((h, 0)),
                    None => last_roman.take().map(|(h, after)| (h, after + 1)),
                };
                last_plain = last_plain.take().filter(|(_, led)| lead_in && !led).map(|(h, _)| (h, true));
                match heading(p) {
                    Some((h, true)) => last_heading = Some((h, 0)),
                    Some((h, false)) => {
                        if let Some((_, after)) = &mut last_heading {
                            *after += 1;
                        }
                        last_plain = Some((h, false));
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
    // right above it and the document does so for two tables or more, or
    // when it reads as a heading: a lone numbered sentence above a table
    // is more likely a list item.
    // One above a lead-in line counts only when it reads as a heading.
    let all = plain.iter().flatten().filter(|(_, led)| !led).count() >= PLAIN_SECTIONS;
    for (table, heading) in tables.iter_mut().zip(plain) {
        if let Some((h, _)) = heading.filter(|(h, led)| all && !led || reads_as_heading(h)) {
            table.heading = Some(h);
        }
    }
    // A Roman-numbered heading right above a table is its section when the
    // document splits its plan so, one table per section, for two tables
    // or more with different numerals ("I. CẢI CÁCH THỂ CHẾ" | table, "II.
    // …" | table): a lone one above a single table is the document's own
    // part ("II. NHIỆM VỤ VÀ GIẢI PHÁP"), whose table numbers its groups.
    // Only tables with a header of plan columns and no Roman groups of their
    // own count and take one (not a signature table below "III. TỔ CHỨC
    // THỰC HIỆN"; not a table that numbers its parts I, II itself).
    let roman: Vec<Option<Heading>> = tables
        .iter()
        .zip(roman)
        .map(|(table, heading)| heading.filter(|_| table.heading.is_none() && sectioned_alone(table)))
        .collect();
    let mut numerals: Vec<&str> = roman.iter().flatten().map(|h| h.number.as_str()).collect();
    numerals.sort_unstable();
    numerals.dedup();
    if numerals.len() >= PLAIN_SECTIONS {
        for (table, heading) in tables.iter_mut().zip(roman) {
            if heading.is_some() {
                table.heading = heading;
            }
        }
    }
    tables
}

/// The header rows of `above` for `rows`, a table that starts after a
/// heading with no header of its own: `above` has a header of plan columns
/// among its first rows, `rows` has none among its first and starts with a
/// numbered row, and both have the same grid width. The rows keep their
/// place in `above` (where the header is printed).
fn inherited_header(above: &LogicalTable, rows: &[LogicalRow]) -> Option<Vec<LogicalRow>> {
    let width = |rows: &[LogicalRow]| rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let numbered = rows.first().and_then(|r| r.cells.first()).is_some_and(|c| {
        let first = c.text.trim();
        let digits = first.bytes().take_while(u8::is_ascii_digit).count();
        (1..=3).contains(&digits) && matches!(&first[digits..], "" | ".")
    });
    if !numbered || width(rows) != width(&above.rows) || find_header(rows, 0, 3).is_some() {
        return None;
    }
    let (at, joined) = find_header(&above.rows, 0, 3)?;
    let end = if joined.is_some() { at + 2 } else { at + 1 };
    let header = above.rows.get(at..end)?;
    Some(
        header
            .iter()
            .map(|r| LogicalRow { cells: r.cells.clone(), location: r.location.clone(), after_break: false })
            .collect(),
    )
}

/// A well-formed Roman numeral of I, V and X ("IV"; not "IIII", "IL").
fn roman_numeral(word: &str) -> bool {
    !word.is_empty()
        && word.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
        && crate::numbering::roman_value(word).is_some()
}

/// A table that may take a Roman-numbered heading above it as its
/// section: it has a header of plan columns among its first rows, and no
/// row starts with a Roman numeral ("II", "III. CẢI CÁCH …": groups of
/// its own).
fn sectioned_alone(table: &LogicalTable) -> bool {
    let roman_row = |row: &LogicalRow| {
        row.cells.iter().map(|c| c.text.trim()).find(|t| !t.is_empty()).is_some_and(|first| {
            let word = first.split_whitespace().next().unwrap_or_default();
            crate::numbering::roman_alone(word).is_some_and(|n| crate::numbering::roman_value(n).is_some())
        })
    };
    find_header(&table.rows, 0, 3).is_some() && !table.rows.iter().any(roman_row)
}

/// A footnote as a PDF prints it at a page's foot: a mark of one or two
/// digits or "(*)" and a text starting with a capital ("1 Kế hoạch số
/// 210/KH-UBND …").
fn footnote_text(text: &str) -> bool {
    let text = text.trim_start();
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = if (1..=2).contains(&digits) {
        text[digits..].strip_prefix(' ')
    } else {
        text.strip_prefix("(*)").map(str::trim_start)
    };
    rest.and_then(|r| r.chars().next()).is_some_and(char::is_uppercase)
}

/// A table part that carries on the rows of a table rather than starting
/// its own: its first row is no header (the rest of a row cut by the page
/// break, a group row, the next numbered row).
fn continued_row(table: &kehoach_extract::Table) -> bool {
    table.rows.first().is_some_and(|row| {
        let cells: Vec<String> = row.cells.iter().map(|c| c.text.clone()).collect();
        map_header(&cells).is_none()
    })
}

/// A table that carries on the table right above it, with nothing between
/// them but empty paragraphs: the parts of one table an office split
/// ("Split Table" in Word, to start a group on a new page or keep a group
/// together; unseen11's three groups). The part above has a header; this
/// one starts with no header of its own and has the same grid width. A
/// letterhead or signature table has no header, so two of those stay
/// apart.
fn split_part(open: &LogicalTable, next: &kehoach_extract::Table) -> bool {
    let width = |rows: &mut dyn Iterator<Item = usize>| rows.max().unwrap_or(0);
    let open_width = width(&mut open.rows.iter().map(|r| r.cells.len()));
    let next_width = width(&mut next.rows.iter().map(|r| grid_cells(&r.cells).len()));
    continued_row(next) && open_width == next_width && find_header(&open.rows, 0, 3).is_some()
}

/// A row whose filled cells are only rulers ("----", ":--:", "---- ---"
/// as a PDF's text joins them): a markdown separator row that a converter
/// put into a table's grid.
fn ruler_row(cells: &[Cell]) -> bool {
    let mut filled = cells.iter().map(|c| c.text.trim()).filter(|t| !t.is_empty()).peekable();
    filled.peek().is_some()
        && filled.flat_map(str::split_whitespace).all(|t| {
            let bare = t.strip_prefix(':').unwrap_or(t);
            let bare = bare.strip_suffix(':').unwrap_or(bare);
            bare.len() >= 2 && bare.bytes().all(|b| b == b'-')
        })
}

/// Where a table's header is among its first rows, and whether it spans
/// two rows (its cells joined, `joined_header`).
pub(super) fn find_header(rows: &[LogicalRow], from: usize, within: usize) -> Option<(usize, Option<Vec<String>>)> {
    (from..rows.len().min(from + within)).find_map(|i| {
        if let Some(cut) = rows.get(i + 1).and_then(|next| cut_header(&rows[i], next)) {
            return Some((i, Some(cut)));
        }
        let joined = rows
            .get(i + 1)
            .and_then(|next| joined_header(&rows[i].cells, &next.cells))
            .filter(|joined| map_header(joined).is_some());
        if joined.is_some() {
            return Some((i, joined));
        }
        let cells: Vec<String> = rows[i].cells.iter().map(|c| c.text.clone()).collect();
        map_header(&cells).is_some().then_some((i, None))
    })
}

/// A header row a page break cut in two (the PDF of a table whose rows
/// may break across pages: "ST | … | Đơn vị | Thời" at a page's foot,
/// "T | | chủ trì | hạn hoàn thành" at the next page's top), each cell
/// joined with its rest; `None` unless the joined row names more columns
/// than its first part and the rest is no header of its own (a header
/// repeated on the next page).
fn cut_header(row: &LogicalRow, rest: &LogicalRow) -> Option<Vec<String>> {
    if !rest.after_break {
        return None;
    }
    let texts = |r: &LogicalRow| r.cells.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
    let named =
        |cells: &[String]| map_header(cells).map_or(0, |cols| cols.iter().filter(|c| c.field.is_some()).count());
    let width = row.cells.len().max(rest.cells.len());
    let text = |r: &LogicalRow, i: usize| r.cells.get(i).map_or("", |c| c.text.trim()).to_string();
    let joined: Vec<String> =
        (0..width).map(|i| format!("{} {}", text(row, i), text(rest, i)).trim().to_string()).collect();
    (map_header(&texts(rest)).is_none() && named(&joined) > named(&texts(row))).then_some(joined)
}

/// The text of a row that holds one value (a title printed into the
/// table's grid), unless that value is a group mark ("II", "II. TITLE").
fn title_row(row: &LogicalRow) -> Option<&str> {
    let mut filled = row.cells.iter().map(|c| c.text.trim()).filter(|t| !t.is_empty());
    let text = filled.next()?;
    (filled.next().is_none() && group_mark(text).is_none()).then_some(text)
}

/// Splits a table where a header comes under rows that each hold one
/// value (titles): a spreadsheet, or a converter that prints several
/// tables into one grid, puts "PHỤ LỤC II" or "9.1. Chỉ tiêu …" and the
/// next table's header between two tables' rows, or a letterhead and the
/// document's paragraphs above its one plan table. The new table starts at
/// its header; a numbered title right above it is its section, and the
/// titles are reported (`table-split`); rows above a first header stay a
/// table of their own (kept as raw cells). A header repeated after a page
/// break, or repeated under titles none of which is numbered, stays a
/// repeated header of the same table.
pub(crate) fn split_inner_headers(tables: Vec<LogicalTable>, diags: &mut Vec<Diagnostic>) -> Vec<LogicalTable> {
    let mut out = Vec::with_capacity(tables.len());
    for mut table in tables {
        // The table's header, when it has one among its first rows.
        let mut header = find_header(&table.rows, 0, 3).map(|(i, _)| i);
        let mut i = header.map_or(1, |h| h + 2);
        while i < table.rows.len() {
            let row = &table.rows[i];
            let above = header.map_or(0, |h| h + 1);
            let titles = (above..i).rev().take_while(|&k| title_row(&table.rows[k]).is_some()).count();
            // Titles, with plan rows between them and the header above.
            let between = header.is_none() || titles < i - above;
            if row.after_break || titles == 0 || !between {
                i += 1;
                continue;
            }
            let Some((found, joined)) = find_header(&table.rows, i, 1) else {
                i += 1;
                continue;
            };
            let lead = i - titles;
            let texts: Vec<&str> = (lead..i).filter_map(|k| title_row(&table.rows[k])).collect();
            let heading = texts.last().and_then(|t| numbered_heading(t, &table.rows[i - 1].location));
            let repeated =
                header.is_some_and(|h| joined.is_none() && folded_row(&row.cells) == folded_row(&table.rows[h].cells));
            if repeated && heading.is_none() {
                i += 1;
                continue;
            }
            diags.push(Diagnostic::new(
                Level::Info,
                Code::TableSplit,
                format!(
                    "a new table starts at its own header, under {} title row(s) that are not plan rows: {:?}",
                    texts.len(),
                    texts.join(" | ")
                ),
                Some(row.location.clone()),
            ));
            let rest = table.rows.split_off(found);
            // Without a header above, the titles stay with the rows above
            // them: nothing of the grid is lost.
            table.rows.truncate(if header.is_some() { lead } else { found });
            let start = rest[0].location.clone();
            out.push(std::mem::replace(&mut table, LogicalTable { rows: rest, start, heading }));
            header = Some(0);
            i = 2;
        }
        out.push(table);
    }
    out
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

/// How close a row after a page break must come to the table's header, as
/// one folded line (strsim's normalized Levenshtein), to be that header
/// repeated with words OCR damaged ("Nhiệrn vụ", "Thởi gian", two cells
/// read as one). A plan row shares at most a few words with the header
/// (0.2–0.5 on the seeds' rows); the header OCR read again on the next
/// page scores 0.9 or more.
const DAMAGED_HEADER_SIMILARITY: f64 = 0.8;

/// The fewest letters a header must hold before it is compared
/// approximately: a short header ("TT | Nội dung") is too easily near
/// a short row.
const DAMAGED_HEADER_LETTERS: usize = 20;

/// Whether `row` is the header `header` printed again with words damaged:
/// not equal once folded, but close as one folded line (cells joined, so
/// cells split or merged differently compare too). Only meant for a row
/// right after a page break, where a header repeats.
pub(super) fn damaged_header(header: &[Cell], row: &[Cell]) -> bool {
    let line = |cells: &[Cell]| folded_row(cells).into_iter().filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ");
    let header = line(header);
    if header.chars().filter(|c| c.is_alphabetic()).count() < DAMAGED_HEADER_LETTERS {
        return false;
    }
    let row = line(row);
    // `similarity` is strsim's normalized Levenshtein wherever it is 0.75
    // or more, and tells lower scores without computing them.
    header != row && similarity(&header, &row).is_some_and(|s| s >= DAMAGED_HEADER_SIMILARITY)
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
    let repeats_header = open.rows.first().is_some_and(|h| {
        folded_row(&h.cells) == folded_row(&next_first.cells) || damaged_header(&h.cells, &next_first.cells)
    });
    // A short part with text in its first cell only is the rest of a cell
    // cut by the page break, whatever its width (003, line 183).
    let stray_text = next.rows.len() <= 2
        && next.rows.iter().all(|r| r.cells.iter().skip(1).all(|c| c.text.trim().is_empty()))
        && group_mark(&next_first.cells[0].text).is_none()
        && !next_first.cells[0].text.trim().chars().next().is_some_and(|c| c.is_ascii_digit());
    repeats_header || open_width == next_width || stray_text
}

#[cfg(test)]
mod tests {
    use crate::{ItemKind, Plan};
    use kehoach_extract::Code;

    #[test]
    fn the_heading_scanner_agrees_with_the_regex() {
        let re = regex::Regex::new(r"^\s*(([0-9]{1,2}(?:\.[0-9]{1,2}){0,3})\.?)\s+(\S.*)$").expect("valid regex");
        let cases = [
            "4. Nhiệm vụ",
            " 2.1 x",
            "1.2.3.4. a",
            "1.2.3.4.5 a",
            "12.34 x",
            "123 x",
            "1.234 x",
            "1..2 x",
            "1. ",
            "1.",
            "1.\u{a0}\u{2003}Tiêu đề",
            ". x",
            "1.2a x",
            "1.2.\tx  ",
            "\u{3000}3 III",
            "",
        ];
        let seeds = crate::classes::tests::seed_texts();
        let mut found = 0;
        for text in cases.into_iter().chain(crate::classes::tests::lines_and_cells(&seeds)) {
            let text = text.replace('\n', " ");
            let expected = re
                .captures(&text)
                .map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str(), c.get(3).unwrap().as_str()));
            assert_eq!(super::heading_parts(&text), expected, "{text:?}");
            found += usize::from(expected.is_some());
        }
        assert!(found >= 10, "the cases hold headings");
    }

    fn plan(name: &str, text: &str) -> Plan {
        crate::parse(&crate::read_named(name, text))
    }

    fn tops(plan: &Plan) -> Vec<Vec<(ItemKind, String)>> {
        let top = |t: &crate::PlanTable| t.items.iter().map(|i| (i.kind, i.id.clone().unwrap_or_default())).collect();
        plan.tables.iter().map(top).collect()
    }

    #[test]
    fn a_new_header_under_titles_starts_a_new_table() {
        let p = plan(
            "t.md",
            "| TT | Nội dung | Đơn vị chủ trì |\n|---|---|---|\n| 1 | A | X |\n| 2 | B | X |\n\
             | PHỤ LỤC II | | |\n| 9.1. Chỉ tiêu giao | | |\n\
             | STT | Chỉ tiêu | Cơ quan chủ trì thực hiện |\n| 1 | C | Y |\n",
        );
        assert_eq!(
            tops(&p),
            [
                vec![(ItemKind::Task, "1".to_string()), (ItemKind::Task, "2".to_string())],
                vec![(ItemKind::Group, "9.1.".to_string())]
            ]
        );
        assert_eq!(p.tables[1].items[0].text, "Chỉ tiêu giao");
        assert_eq!(p.tables[1].items[0].children[0].text, "C");
        let split: Vec<_> = p.diagnostics.iter().filter(|d| d.code == Code::TableSplit).collect();
        assert_eq!(split.len(), 1, "{:?}", p.diagnostics);
        assert!(split[0].message.contains("PHỤ LỤC II | 9.1. Chỉ tiêu giao"), "{}", split[0].message);
    }

    #[test]
    fn a_header_under_a_letterhead_and_titles_starts_the_plan_table() {
        // A document saved as one sheet without blank rows: the letterhead
        // (two values a row) and the titles above the plan's header.
        let p = plan(
            "t.md",
            "| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM | |\n|---|---|---|\n\
             | Số: 18/KH-UBND | Thanh Sơn, ngày 12 tháng 01 năm 2027 | |\n| KẾ HOẠCH | | |\n| PHỤ LỤC | | |\n\
             | STT | Nội dung nhiệm vụ | Đơn vị chủ trì |\n| 1 | A | X |\n",
        );
        assert_eq!(p.tables.len(), 2);
        assert_eq!(p.tables[0].kind, crate::TableKind::Unrecognized);
        assert_eq!(p.tables[0].raw_rows.len(), 4, "the rows above the header are kept");
        assert_eq!(p.tables[1].items[0].text, "A");
        assert_eq!(p.tables[1].items[0].fields.lead.as_deref(), Some("X"));
    }

    #[test]
    fn a_group_row_above_a_repeated_header_stays_in_its_table() {
        // The header repeated under a group title (a PDF pasted into a
        // sheet keeps each page's header) and under an unnumbered title.
        for title in ["II. NHÓM HAI", "Ghi chú trang"] {
            let p = plan(
                "t.md",
                &format!(
                    "| TT | Nội dung | Đơn vị chủ trì |\n|---|---|---|\n| I | NHÓM MỘT | |\n| 1 | A | X |\n\
                     | {title} | | |\n| TT | Nội dung | Đơn vị chủ trì |\n| 2 | B | X |\n"
                ),
            );
            assert_eq!(p.tables.len(), 1, "{title}");
            assert!(p.diagnostics.iter().all(|d| d.code != Code::TableSplit), "{title}");
        }
    }

    /// unseen11: Word's "Split Table" leaves one table per group, only the
    /// first with the header, and an empty paragraph (not read) between
    /// them. The groups of the later parts belong to the plan table; a
    /// paragraph between two tables keeps them apart.
    #[test]
    fn the_parts_of_a_split_table_are_one_table() {
        use kehoach_extract::{Block, Cell, Location, Paragraph, Row, Table};
        let table = |n: u32, rows: &[&[&str]]| {
            Block::Table(Table {
                rows: rows
                    .iter()
                    .enumerate()
                    .map(|(r, cells)| Row {
                        cells: cells.iter().map(|t| Cell::new(*t, Location::default())).collect(),
                        header: false,
                        location: Location { table: Some(n), row: Some(r as u32 + 1), ..Location::default() },
                    })
                    .collect(),
                location: Location { table: Some(n), ..Location::default() },
            })
        };
        let header: &[&str] = &["TT", "Nhiệm vụ", "Chủ trì", "Thời gian hoàn thành"];
        let first = table(1, &[header, &["I", "NHÓM MỘT", "", ""], &["1", "Việc một", "Văn phòng", "Quý I/2036"]]);
        let second = table(2, &[&["II", "NHÓM HAI", "", ""], &["2", "Việc hai", "Phòng Tổ chức", "Quý II/2036"]]);
        let joined = super::logical_tables(&[first.clone(), second.clone()]);
        assert_eq!(joined.len(), 1, "one table");
        assert_eq!(joined[0].rows.len(), 5, "the header, two groups and their tasks");
        let note = Block::Paragraph(Paragraph {
            text: "Ghi chú: bảng sau là bảng khác.".into(),
            ..Paragraph::default()
        });
        assert_eq!(super::logical_tables(&[first.clone(), note, second.clone()]).len(), 2, "a paragraph between");
        let letterhead = table(1, &[&["UBND TỈNH", "CỘNG HÒA", "", ""]]);
        assert_eq!(super::logical_tables(&[letterhead, second]).len(), 2, "no header above: apart");
    }

    #[test]
    fn rows_of_rulers_carry_no_content() {
        let html = "<table><tr><td>TT</td><td>Nội dung</td><td>Đơn vị chủ trì</td></tr>\
                    <tr><td>1</td><td>A</td><td>X</td></tr>\
                    <tr><td>----</td><td>--</td><td>-------- ---</td></tr>\
                    <tr><td>2</td><td>B</td><td>X</td></tr></table>";
        let p = plan("t.html", html);
        let ids: Vec<String> = p.tables[0].items.iter().map(|i| i.id.clone().unwrap_or_default()).collect();
        assert_eq!(ids, ["1", "2"]);
        // A cell holding a dash is content.
        let p = plan(
            "t.html",
            &html.replace("-------- ---", "-").replace("<td>----</td><td>--</td>", "<td>3</td><td>C</td>"),
        );
        assert_eq!(p.tables[0].items.len(), 3);
    }

    #[test]
    fn a_plain_numbered_heading_above_a_lone_table_is_its_section() {
        let table = "TT\tNội dung\tĐơn vị chủ trì\n1\tA\tB\n";
        let lone = |heading: &str| plan("t.txt", &format!("{heading}\n\n{table}")).tables[0].items[0].kind;
        // A title of at most fifteen words starting with a capital, not
        // ended as a sentence or list item.
        assert_eq!(lone("2. Nhiệm vụ và phân công thực hiện"), ItemKind::Group);
        assert_eq!(lone("3. Phân công nhiệm vụ:"), ItemKind::Group);
        let fifteen = "Một hai ba bốn năm sáu bảy tám chín mười mười một mười hai mười";
        assert_eq!(lone(&format!("2. {fifteen}")), ItemKind::Group);
        assert_eq!(lone(&format!("2. {fifteen} ba")), ItemKind::Task);
        assert_eq!(lone("1. Trưởng các Phòng xây dựng Kế hoạch."), ItemKind::Task);
        assert_eq!(lone("2. các đơn vị thực hiện"), ItemKind::Task);
        assert_eq!(lone("2. Các đơn vị thực hiện;"), ItemKind::Task);
        let p = plan("t.txt", &format!("2. Nhiệm vụ và phân công thực hiện\n\n{table}"));
        let section = &p.tables[0].items[0];
        assert_eq!((section.number.as_deref(), section.text.as_str()), (Some("2"), "Nhiệm vụ và phân công thực hiện"));
    }

    /// unseen6's PDF: "2. Các chỉ tiêu cụ thể", not bold (a PDF keeps no
    /// bold), then a lead-in line, then the table.
    #[test]
    fn a_plain_numbered_heading_over_one_lead_in_line_is_its_section() {
        let table = "TT\tNội dung\tĐơn vị chủ trì\n1\tA\tB\n";
        let first = |text: &str| plan("t.txt", &format!("{text}\n\n{table}")).tables[0].items[0].kind;
        assert_eq!(first("2. Các chỉ tiêu cụ thể\n\nCác chỉ tiêu năm 2032 như sau:"), ItemKind::Group);
        // Only a line ending in a colon, only one, and only under a heading.
        assert_eq!(first("2. Các chỉ tiêu cụ thể\n\nCác chỉ tiêu năm 2032 được giao."), ItemKind::Task);
        assert_eq!(first("2. Các chỉ tiêu cụ thể\n\nNhư sau:\n\nCụ thể:"), ItemKind::Task);
        assert_eq!(first("1. Trưởng các Phòng xây dựng Kế hoạch.\n\nNhư sau:"), ItemKind::Task);
    }
}
