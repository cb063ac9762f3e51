//! Tables an office suite's plain-text export writes a cell a line
//! (LibreOffice's `--convert-to txt`): the cells of each row one after the
//! other with no delimiter, each cell's paragraphs and soft line breaks a
//! line each, an empty cell (or one merged down from the row above) an
//! empty line, and a cell spanning columns once.
//!
//! Nothing in the lines marks a cell's end, so a table is read only where
//! its shape is certain:
//!
//! - **the header**: a line naming the row-number column ("TT", "STT": the
//!   `row_number` wordings of the parser's `headers.tsv`), then two lines or
//!   more that each name a column (a wording of that file, alone or as
//!   whole words of a short line) — their count is the number of cells;
//! - **a second header row** under columns split in two ("Thời gian" over
//!   "Bắt đầu" and "Hoàn thành"): the lines up to the first row, an empty
//!   line for each header cell merged down and the sub-headers under the
//!   ones that span, gives the number of grid columns and the spans; a row
//!   of column numbers ("1", "2", … or "(1)", "(2)", …) is kept as a row;
//! - **rows** start at a line holding only an item number ("1", "1.2.",
//!   "II", "a)") that follows the numbering so far (the next number at some
//!   level, the first one under the last, a first "1" after a Roman
//!   section), or at a numbered line ("I. CẢI CÁCH THỂ CHẾ") that such a
//!   number line follows: a section row across the table. A row is read
//!   when its lines are as many as the columns; two lines are a number and
//!   a title across the other columns; with more lines than columns, the
//!   lines that go on a cell's text (opening with "-", "+", "•", "a)" or a
//!   lower-case letter) are joined to the cell above when they are exactly
//!   the surplus. Any other row is left out with the rows numbered under
//!   it, never read into the wrong columns; so is the last row when what
//!   follows it does not close a table (an empty line, an outline item, a
//!   line in capitals).

use crate::layouts::Found;
use crate::markup;
use crate::model::{Block, Cell, Location, Row, Table};
use std::sync::LazyLock;

/// The column header wordings of the parser's data file, folded, each
/// with the field it names.
static WORDINGS: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    include_str!("../../parse/data/headers.tsv")
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .map(|(field, wording)| (field, kehoach_vi::fold::search_key(wording)))
        .collect()
});

/// The longest header cell, in characters.
const HEADER_CHARS: usize = 60;
/// The longest sub-header cell of a second header row, in characters.
const SUB_HEADER_CHARS: usize = 40;
/// How far past a row's expected end the next row is looked for.
const SLACK: usize = 12;

fn line_number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

fn column_number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// A header cell folded, its numbering prefix ("3- ", "2.") dropped.
fn folded_header(cell: &str) -> String {
    let digits = cell.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &cell[digits..];
    let unnumbered = if (1..=2).contains(&digits) && rest.starts_with(['-', '.', ')']) { &rest[1..] } else { cell };
    kehoach_vi::fold::search_key(unnumbered)
}

/// `text` holds `words` as whole words (both folded).
fn has_words(text: &str, words: &str) -> bool {
    !words.is_empty() && format!(" {text} ").contains(&format!(" {words} "))
}

/// The line names the row-number column ("TT", "STT", "Số TT").
fn number_header(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.len() > 24 {
        return false;
    }
    let folded = folded_header(trimmed);
    WORDINGS.iter().any(|(field, wording)| *field == "row_number" && *wording == folded)
}

/// The line names a column: a header wording, alone or as whole words of
/// a short line that does not close a sentence.
fn header_cell(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.chars().count() > HEADER_CHARS || trimmed.ends_with(['.', ';']) {
        return false;
    }
    names_field(trimmed, None)
}

/// The header names a field (any field when `None`): one of its wordings
/// alone or as whole words.
fn names_field(header: &str, field: Option<&str>) -> bool {
    let folded = folded_header(header);
    !folded.is_empty()
        && WORDINGS.iter().any(|(f, wording)| {
            field.is_none_or(|field| field == *f) && (*wording == folded || has_words(&folded, wording))
        })
}

/// A line that goes on a header cell's text, written on two lines (a soft
/// break): a lower-case start ("thực hiện") or a parenthesis ("(Năm 2026)").
fn goes_on(line: &str) -> bool {
    let trimmed = line.trim_start();
    let worded = trimmed.chars().any(char::is_alphabetic);
    worded && (trimmed.starts_with('(') || trimmed.chars().next().is_some_and(char::is_lowercase))
}

/// The header's cells from `lines[at]` (the row-number column's): each a
/// line range, with the index of the line after them. A cell is a line
/// naming a column, or such a name written on two lines: the second goes
/// on the first's text.
fn header_lines(lines: &[&str], at: usize) -> (Vec<(usize, usize)>, usize) {
    let mut cells = vec![(at, at + 1)];
    let mut i = at + 1;
    while let Some(line) = lines.get(i) {
        let joined = |a: &str, b: &str| header_cell(&format!("{} {}", a.trim(), b.trim()));
        if header_cell(line) {
            cells.push((i, i + 1));
            i += 1;
        } else if lines.get(i + 1).is_some_and(|next| goes_on(next) && joined(line, next)) {
            cells.push((i, i + 2));
            i += 2;
        } else if goes_on(line) && cells.len() > 1 && joined(&lines[cells[cells.len() - 1].0..i].join(" "), line) {
            let last = cells.len() - 1;
            cells[last].1 = i + 1;
            i += 1;
        } else {
            break;
        }
    }
    (cells, i)
}

/// An item number: a Roman numeral, a number with sub-numbers, a letter.
#[derive(Clone, Debug, PartialEq)]
enum Marker {
    Roman(u32),
    Number(Vec<u32>),
    Letter(usize),
}

/// Outline letters in order, the Vietnamese ones and the others.
const LETTERS: &str = "abcdđefghijklmnopqrstuvwxyz";

fn roman_value(s: &str) -> Option<u32> {
    let value = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        _ => None,
    };
    let digits: Vec<u32> = s.chars().map(value).collect::<Option<_>>()?;
    let mut total: i64 = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|next| next > d) {
            total -= i64::from(*d);
        } else {
            total += i64::from(*d);
        }
    }
    let total = u32::try_from(total).ok().filter(|t| (1..=30).contains(t))?;
    // Only the numeral's usual spelling ("IV", not "IIII" or "VX").
    (roman_text(total) == s).then_some(total)
}

fn roman_text(mut n: u32) -> String {
    let mut out = String::new();
    for (value, text) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= value {
            out.push_str(text);
            n -= value;
        }
    }
    out
}

/// The item number a whole piece of text is ("2", "1.2.", "IV", "a)").
fn marker(text: &str) -> Option<Marker> {
    let (body, closed) = match text.strip_suffix(['.', ')']) {
        Some(body) => (body, true),
        None => (text, false),
    };
    if body.is_empty() || text.ends_with("..") {
        return None;
    }
    if body.bytes().all(|b| matches!(b, b'I' | b'V' | b'X')) {
        return roman_value(body).map(Marker::Roman);
    }
    if body.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let parts: Vec<u32> = body
            .split('.')
            .map(|part| if (1..=2).contains(&part.len()) { part.parse().ok() } else { None })
            .collect::<Option<_>>()?;
        return (parts.len() <= 4 && parts.iter().all(|&p| p > 0)).then_some(Marker::Number(parts));
    }
    let mut chars = body.chars();
    let letter = chars.next()?;
    if closed && chars.next().is_none() {
        return LETTERS.chars().position(|c| c == letter).map(Marker::Letter);
    }
    None
}

/// The item number a line opens with before its text ("I. CẢI CÁCH").
fn title_marker(line: &str) -> Option<Marker> {
    let (head, rest) = line.split_once(char::is_whitespace)?;
    if !head.ends_with(['.', ')']) || rest.trim().is_empty() {
        return None;
    }
    marker(head)
}

/// The numbering read so far: the last number of each kind.
#[derive(Clone, Debug, Default)]
struct Numbering {
    roman: Option<u32>,
    number: Option<Vec<u32>>,
    letter: Option<usize>,
    /// Numbers may start again at 1 (at the table's start, after a Roman
    /// section).
    restart: bool,
}

impl Numbering {
    fn new() -> Numbering {
        Numbering { restart: true, ..Numbering::default() }
    }

    fn follows(&self, m: &Marker) -> bool {
        match m {
            Marker::Roman(r) => *r == self.roman.map_or(1, |last| last + 1),
            Marker::Letter(c) => *c == 0 || self.letter.is_some_and(|last| *c == last + 1 || *c == last + 2),
            Marker::Number(path) => {
                let first = path.iter().all(|&p| p == 1);
                (self.restart && first) || self.number.as_deref().is_some_and(|last| next_number(last, path))
            }
        }
    }

    fn take(&mut self, m: &Marker) {
        match m {
            Marker::Roman(r) => {
                self.roman = Some(*r);
                self.letter = None;
                self.restart = true;
            }
            Marker::Letter(c) => self.letter = Some(*c),
            Marker::Number(path) => {
                self.number = Some(path.clone());
                self.letter = None;
                self.restart = false;
            }
        }
    }
}

/// `path` comes right after `last`: the first number under it ("1.2" →
/// "1.2.1") or the next at one of its levels, then first numbers ("1.2" →
/// "1.3", "2", "2.1").
fn next_number(last: &[u32], path: &[u32]) -> bool {
    if path.len() == last.len() + 1 && path.starts_with(last) && path[last.len()] == 1 {
        return true;
    }
    (0..last.len().min(path.len())).any(|level| {
        path[..level] == last[..level] && path[level] == last[level] + 1 && path[level + 1..].iter().all(|&p| p == 1)
    })
}

/// Where a row starts at `lines[i]` given the numbering: its number and
/// whether the line is a section title across the table.
fn row_start(lines: &[&str], i: usize, numbering: &Numbering) -> Option<(Marker, bool)> {
    let line = lines.get(i)?.trim();
    if let Some(m) = marker(line) {
        return numbering.follows(&m).then_some((m, false));
    }
    let m = title_marker(line).filter(|m| numbering.follows(m))?;
    let mut after = numbering.clone();
    after.take(&m);
    let next = marker(lines.get(i + 1)?.trim())?;
    after.follows(&next).then_some((m, true))
}

/// How surely a line goes on the cell above rather than opening one.
#[derive(Clone, Copy, PartialEq)]
enum GoesOn {
    /// The line above ends with ";" or ",": a list going on.
    Surely,
    /// The line opens a list item ("-", "+", "•", "a)"), a parenthesis or
    /// with a lower-case letter: so do some cells.
    Maybe,
}

fn goes_on_cell(above: &str, line: &str) -> Option<GoesOn> {
    let above = above.trim_end();
    let trimmed = line.trim_start();
    let first = trimmed.chars().next()?;
    if above.is_empty() {
        return None;
    }
    if above.ends_with([';', ',']) {
        return Some(GoesOn::Surely);
    }
    let item = || {
        trimmed.split_once(char::is_whitespace).is_some_and(|(head, _)| head.ends_with(')') && marker(head).is_some())
    };
    (first.is_lowercase() || matches!(first, '-' | '+' | '•' | '–' | '(') || item()).then_some(GoesOn::Maybe)
}

/// A cell whose first line is an amount alone ("15.000.000", "850").
fn amount(text: &str) -> bool {
    let text = text.lines().next().unwrap_or_default().trim();
    text.bytes().filter(u8::is_ascii_digit).count() >= 2
        && text.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b' '))
}

/// A row's cells from its lines `p..end`: each line a cell, but the lines
/// that surely go on the cell above joined to it, and those that may when
/// that makes the count. `None` when no such reading gives `columns` cells.
fn row_cells(lines: &[&str], p: usize, end: usize, columns: usize) -> Option<Vec<Cell>> {
    let mut surely = Vec::new();
    let mut maybe = Vec::new();
    for i in p + 2..end {
        match goes_on_cell(lines[i - 1], lines[i]) {
            Some(GoesOn::Surely) => surely.push(i),
            Some(GoesOn::Maybe) => maybe.push(i),
            None => {}
        }
    }
    let n = end - p;
    let joined: Vec<usize> = if n == columns + surely.len() {
        surely
    } else if n == columns + surely.len() + maybe.len() {
        let mut all = [surely, maybe].concat();
        all.sort_unstable();
        all
    } else {
        return None;
    };
    let mut cells = Vec::with_capacity(columns);
    let mut i = p;
    while i < end {
        let mut to = i + 1;
        while to < end && joined.contains(&to) {
            to += 1;
        }
        cells.push(cell(lines, i, to, cells.len()));
        i = to;
    }
    Some(cells)
}

/// In a table with a budget column ("Kinh phí"), the groups whose rows
/// hold an amount in another column (the row number's aside): cells of
/// such a row have moved, one of them being left out or written on two
/// lines.
fn moved_amounts(header: &Row, body: &[(Row, Option<usize>)], columns: usize) -> Vec<usize> {
    let budget: Vec<bool> = header
        .cells
        .iter()
        .flat_map(|cell| std::iter::repeat_n(names_field(&cell.text, Some("budget")), cell.col_span as usize))
        .collect();
    if budget.len() != columns || !budget.contains(&true) {
        return Vec::new();
    }
    body.iter()
        .filter(|(row, group)| {
            group.is_some()
                && row.cells.len() == columns
                && row.cells.iter().zip(&budget).skip(1).any(|(cell, budget)| !budget && amount(&cell.text))
        })
        .filter_map(|(_, group)| *group)
        .collect()
}

/// Whether the line after a table's last row closes it: the end, an
/// empty line, an outline item or a line in capitals.
fn closes_table(line: Option<&&str>) -> bool {
    let Some(line) = line.map(|l| l.trim()) else { return true };
    if line.is_empty() || title_marker(line).is_some() {
        return true;
    }
    let mut letters = line.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| !c.is_lowercase())
}

fn cell(lines: &[&str], from: usize, to: usize, column: usize) -> Cell {
    let text: Vec<String> = lines[from..to].iter().map(|l| markup::clean(l).text).filter(|t| !t.is_empty()).collect();
    Cell::new(text.join("\n"), Location::line_column(line_number(from), column_number(column)))
}

/// The header rows: the first row's cells with their spans, and the
/// second row if there is one, from the header's lines and the lines
/// between it and the first row.
fn header_rows(lines: &[&str], header: &[(usize, usize)], second: &[&str]) -> Option<(Vec<Row>, usize)> {
    let (at, count) = (header[0].0, header.len());
    let first_cells = |spans: &[u32]| -> Vec<Cell> {
        spans
            .iter()
            .zip(header)
            .enumerate()
            .map(|(i, (span, (from, to)))| Cell { col_span: *span, ..cell(lines, *from, *to, i) })
            .collect()
    };
    let row =
        |cells: Vec<Cell>, index: usize| Row { cells, header: false, location: Location::line(line_number(index)) };
    if second.is_empty() {
        return Some((vec![row(first_cells(&vec![1; count]), at)], count));
    }
    let start = header[count - 1].1;
    // A row of column numbers: "1", "2", … or "(1)", "(2)", ….
    let numbered = second.len() == count
        && second.iter().enumerate().all(|(i, l)| {
            let t = l.trim();
            let n = (i + 1).to_string();
            t == n || t.strip_prefix('(').and_then(|t| t.strip_suffix(')')) == Some(&n)
        });
    if numbered {
        let numbers = (0..count).map(|i| cell(lines, start + i, start + i + 1, i)).collect();
        return Some((vec![row(first_cells(&vec![1; count]), at), row(numbers, start)], count));
    }
    // Sub-headers: an empty line under each header cell merged down, runs
    // of short lines under the cells that span.
    if second.iter().any(|l| l.trim().chars().count() > SUB_HEADER_CHARS || marker(l.trim()).is_some()) {
        return None;
    }
    let empty = second.iter().filter(|l| l.trim().is_empty()).count();
    let mut runs: Vec<usize> = Vec::new();
    let mut previous_empty = true;
    for l in second {
        let is_empty = l.trim().is_empty();
        if !is_empty {
            if previous_empty {
                runs.push(0);
            }
            *runs.last_mut()? += 1;
        }
        previous_empty = is_empty;
    }
    let spanning = count.checked_sub(empty).filter(|&n| n > 0)?;
    // Each run under one header cell, or one run shared evenly.
    let run_spans: Vec<Vec<u32>> = if runs.len() == spanning {
        runs.iter().map(|&r| Some(vec![u32::try_from(r).ok()?])).collect::<Option<_>>()?
    } else if runs.len() == 1 && runs[0] % spanning == 0 {
        vec![vec![u32::try_from(runs[0] / spanning).ok()?; spanning]]
    } else {
        return None;
    };
    let mut spans = Vec::with_capacity(count);
    let mut run_index = 0;
    let mut i = 0;
    while i < second.len() {
        if second[i].trim().is_empty() {
            spans.push(1);
            i += 1;
        } else {
            let group = &run_spans[run_index];
            spans.extend(group);
            i += group.iter().sum::<u32>() as usize;
            run_index += 1;
        }
    }
    if spans.len() != count {
        return None;
    }
    let lower = second
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let c = cell(lines, start + i, start + i + 1, i);
            if l.trim().is_empty() {
                Cell { merged_above: true, ..c }
            } else {
                c
            }
        })
        .collect();
    Some((vec![row(first_cells(&spans), at), row(lower, start)], second.len()))
}

/// A section's level: Roman numerals above numbers, numbers by their
/// depth, letters below.
fn level(m: &Marker) -> usize {
    match m {
        Marker::Roman(_) => 0,
        Marker::Number(path) => path.len(),
        Marker::Letter(_) => 9,
    }
}

/// Whether a row numbered `m` is under the row numbered `parent`.
fn under(parent: &Marker, m: &Marker) -> bool {
    match (parent, m) {
        (Marker::Roman(_), Marker::Roman(_)) => false,
        (Marker::Roman(_), _) => true,
        (Marker::Number(p), Marker::Number(path)) => path.len() > p.len() && path.starts_with(p),
        (Marker::Number(_), Marker::Letter(_)) => true,
        _ => false,
    }
}

/// The cell-a-line table whose header starts at `lines[at]`, if any.
pub(crate) fn table_at(lines: &[&str], at: usize) -> Option<Found> {
    if !number_header(lines[at]) {
        return None;
    }
    let (header, start) = header_lines(lines, at);
    let count = header.len();
    if count < 3 {
        return None;
    }
    let numbering = Numbering::new();
    // The first row: right after the header, after a row of column
    // numbers, or after a second header row.
    let numbered_row = (0..count)
        .all(|i| lines.get(start + i).is_some_and(|l| l.trim().trim_matches(['(', ')']) == (i + 1).to_string()));
    let first_row = if numbered_row {
        start + count
    } else {
        (start..(start + 2 * count + 2).min(lines.len())).find(|&i| row_start(lines, i, &numbering).is_some())?
    };
    let (mut rows, columns) = header_rows(lines, &header, &lines[start..first_row])?;
    let mut numbering = numbering;
    let mut p = first_row;
    let mut left_out: Option<Marker> = None;
    // Rows read, each with its group: a row holding an item and the rows
    // numbered under it. A group with a row left out is left out whole (a
    // task without its activities would read as a task alone).
    let mut body: Vec<(Row, Option<usize>)> = Vec::new();
    // The level of each section row read (`None` for rows of items).
    let mut levels: Vec<Option<usize>> = Vec::new();
    let mut dropped: Vec<usize> = Vec::new();
    let mut head: Option<(Marker, usize)> = None;
    let mut groups = 0;
    while let Some((m, title)) = row_start(lines, p, &numbering) {
        numbering.take(&m);
        let next = if title {
            Some(p + 1)
        } else {
            (p + 1..(p + columns + SLACK).min(lines.len())).find(|&i| row_start(lines, i, &numbering).is_some())
        };
        let end = match next {
            Some(end) => end,
            // The last row: as many lines as columns, if the table closes
            // after them.
            None if p + columns <= lines.len() && closes_table(lines.get(p + columns)) => p + columns,
            None => break,
        };
        let n = end - p;
        if left_out.as_ref().is_some_and(|parent| under(parent, &m)) {
            p = end;
            continue;
        }
        left_out = None;
        let location = Location::line(line_number(p));
        let section = title || n == 2 || matches!(m, Marker::Roman(_));
        let cells: Option<Vec<Cell>> = match n {
            1 if title => {
                Some(vec![Cell { col_span: u32::try_from(columns).unwrap_or(1), ..cell(lines, p, p + 1, 0) }])
            }
            2 if columns > 2 => Some(vec![
                cell(lines, p, p + 1, 0),
                Cell { col_span: u32::try_from(columns - 1).unwrap_or(1), ..cell(lines, p + 1, p + 2, 1) },
            ]),
            n if n >= columns => row_cells(lines, p, end, columns),
            _ => None,
        };
        let group = if section && cells.is_some() {
            head = None;
            None
        } else if let Some((_, g)) = head.as_ref().filter(|(parent, _)| under(parent, &m)) {
            Some(*g)
        } else {
            groups += 1;
            head = Some((m.clone(), groups));
            Some(groups)
        };
        match cells {
            Some(cells) => {
                levels.push(group.is_none().then(|| level(&m)));
                body.push((Row { cells, header: false, location }, group));
            }
            None => {
                dropped.extend(group);
                left_out = Some(m);
            }
        }
        p = end;
    }
    dropped.extend(moved_amounts(&rows[0], &body, columns));
    let kept = |group: &Option<usize>| group.is_none_or(|g| !dropped.contains(&g));
    if !body.iter().any(|(_, group)| group.is_some() && kept(group)) {
        return None;
    }
    // A section whose rows are all left out is left out too: alone, it
    // would read as an empty item.
    let kept_rows: Vec<bool> = body.iter().map(|(_, group)| kept(group)).collect();
    let empty_section = |i: usize| {
        let Some(own) = levels[i] else { return false };
        let next = (i + 1..body.len()).filter(|&j| kept_rows[j]).find(|&j| levels[j].is_none_or(|l| l <= own));
        next.is_none_or(|j| levels[j].is_some())
    };
    let keep: Vec<bool> = (0..body.len()).map(|i| kept_rows[i] && !empty_section(i)).collect();
    rows.extend(body.into_iter().zip(keep).filter(|(_, keep)| *keep).map(|((row, _), _)| row));
    let table = Table { rows, location: Location::line(line_number(at)) };
    Some(Found { blocks: vec![Block::Table(table)], end: p })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(Vec<Vec<String>>, usize)> {
        let lines: Vec<&str> = text.split('\n').collect();
        let found = table_at(&lines, 0)?;
        let Block::Table(table) = &found.blocks[0] else { panic!("a table") };
        Some((table.rows.iter().map(|r| r.cells.iter().map(|c| c.text.clone()).collect()).collect(), found.end))
    }

    #[test]
    fn numbers_and_their_order() {
        assert_eq!(marker("1.2."), Some(Marker::Number(vec![1, 2])));
        assert_eq!(marker("IV"), Some(Marker::Roman(4)));
        assert_eq!(marker("IIII"), None);
        assert_eq!(marker("b)"), Some(Marker::Letter(1)));
        assert_eq!(marker("b"), None);
        assert_eq!(marker("2024"), None);
        assert!(next_number(&[1, 2], &[1, 3]));
        assert!(next_number(&[1, 2], &[2]));
        assert!(next_number(&[1, 2], &[2, 1]));
        assert!(next_number(&[1], &[1, 1]));
        assert!(!next_number(&[1, 2], &[1, 4]));
        assert!(!next_number(&[3], &[1]));
    }

    #[test]
    fn a_header_gives_the_columns_and_rows_are_read_by_their_numbers() {
        let text = "STT\nNội dung công việc\nĐơn vị thực hiện\nThời gian\nI\nCẢI CÁCH THỂ CHẾ\n1\nRà soát văn bản\nPhòng Tư pháp\nQuý I\n2\nKiểm tra văn bản\n\nQuý II\nII. CẢI CÁCH THỦ TỤC\n3\nCông khai thủ tục\nVăn phòng\nThường xuyên\n\n3. Tổ chức thực hiện";
        let (rows, end) = read(text).expect("a table");
        assert_eq!(
            rows,
            [
                vec!["STT", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian"],
                vec!["I", "CẢI CÁCH THỂ CHẾ"],
                vec!["1", "Rà soát văn bản", "Phòng Tư pháp", "Quý I"],
                vec!["2", "Kiểm tra văn bản", "", "Quý II"],
                vec!["II. CẢI CÁCH THỦ TỤC"],
                vec!["3", "Công khai thủ tục", "Văn phòng", "Thường xuyên"],
            ]
        );
        assert_eq!(end, 19, "the table closes at the empty line after its last row");
    }

    #[test]
    fn a_second_header_row_gives_the_grid_and_the_spans() {
        let text = "TT\nNhiệm vụ\nThời gian thực hiện\nChủ trì\n\n\nBắt đầu\nHoàn thành\n\n1\nRà soát\nQuý I\nQuý II\nVăn phòng\n";
        let lines: Vec<&str> = text.split('\n').collect();
        let found = table_at(&lines, 0).expect("a table");
        let Block::Table(table) = &found.blocks[0] else { panic!("a table") };
        let spans: Vec<u32> = table.rows[0].cells.iter().map(|c| c.col_span).collect();
        assert_eq!(spans, [1, 1, 2, 1]);
        let merged: Vec<bool> = table.rows[1].cells.iter().map(|c| c.merged_above).collect();
        assert_eq!(merged, [true, true, false, false, true]);
        let texts: Vec<&str> = table.rows[2].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["1", "Rà soát", "Quý I", "Quý II", "Văn phòng"]);
    }

    #[test]
    fn a_header_cell_on_two_lines_and_a_row_of_column_numbers() {
        let text = "TT\nNội dung nhiệm vụ\nTrách nhiệm\nthực hiện\nThời gian\n(Năm 2026)\n(1)\n(2)\n(3)\n(4)\n1\nKiện toàn\nPhòng Nội vụ\nQuý I\n";
        let (rows, _) = read(text).expect("a table");
        assert_eq!(rows[0], ["TT", "Nội dung nhiệm vụ", "Trách nhiệm\nthực hiện", "Thời gian\n(Năm 2026)"]);
        assert_eq!(rows[1], ["(1)", "(2)", "(3)", "(4)"]);
        assert_eq!(rows[2], ["1", "Kiện toàn", "Phòng Nội vụ", "Quý I"]);
    }

    #[test]
    fn lines_that_go_on_a_cell_are_joined_when_they_make_the_count() {
        // After ";" a list goes on; "- …" lines may, and make the count.
        let text = "TT\nNhiệm vụ\nChủ trì\nPhối hợp\n1\nCải tiến quy trình:\n- đăng ký trực tuyến;\n- thanh toán\nPhòng Y\nSở A;\nSở B\n2\nTập huấn\nPhòng Tổ chức\nTrường Y\n";
        let (rows, _) = read(text).expect("a table");
        assert_eq!(
            rows[1],
            ["1", "Cải tiến quy trình:\n- đăng ký trực tuyến;\n- thanh toán", "Phòng Y", "Sở A;\nSở B"]
        );
        assert_eq!(rows[2], ["2", "Tập huấn", "Phòng Tổ chức", "Trường Y"]);
    }

    #[test]
    fn a_row_that_cannot_be_aligned_is_left_out_with_the_rows_under_it() {
        // Row 1 has a line too many that nothing marks as going on a cell:
        // it and its activity 1.1 are left out, and so is section I, empty.
        let text = "TT\nNhiệm vụ\nChủ trì\nThời hạn\nI\nTHỂ CHẾ\n1\nRà soát\nĐịa bàn: 03 huyện\nPhòng A\nQuý I\n1.1\nXây dựng kế hoạch\nPhòng A\nQuý I\nII\nTHỦ TỤC\n2\nCông khai\nVăn phòng\nQuý II\n";
        let (rows, _) = read(text).expect("a table");
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[1], ["II", "THỦ TỤC"]);
        assert_eq!(rows[2], ["2", "Công khai", "Văn phòng", "Quý II"]);
    }

    #[test]
    fn a_number_out_of_sequence_is_a_cell_not_a_row() {
        let text = "TT\nNhiệm vụ\nSố lượng\nChủ trì\n1\nMở lớp\n5\nPhòng A\n2\nKiểm tra\n2\nPhòng B\n";
        // "Số lượng" is no header wording: no table.
        assert!(read(text).is_none());
        let text = "TT\nNhiệm vụ\nSản phẩm\nChủ trì\n1\nMở lớp\n7\nPhòng A\n2\nKiểm tra\n1\nPhòng B\n";
        let (rows, _) = read(text).expect("a table");
        assert_eq!(rows[1], ["1", "Mở lớp", "7", "Phòng A"]);
        assert_eq!(rows[2], ["2", "Kiểm tra", "1", "Phòng B"]);
    }

    #[test]
    fn an_amount_outside_the_budget_column_means_cells_have_moved() {
        // Row 2's lead is left out (merged with row 1's) and its budget is
        // on two lines: as many lines as columns, but moved.
        let text = "TT\nNhiệm vụ\nChủ trì\nSản phẩm\nKinh phí\n1\nRà soát\nPhòng A\nBáo cáo\n15.000.000\n2\nKiểm tra\nKết luận\n10.000.000\nNguồn sự nghiệp\n3\nCông khai\nPhòng B\nDanh mục\n\n";
        let (rows, _) = read(text).expect("a table");
        let numbers: Vec<&str> = rows.iter().skip(1).map(|r| r[0].as_str()).collect();
        assert_eq!(numbers, ["1", "3"]);
    }

    #[test]
    fn the_last_row_is_read_only_where_the_table_closes() {
        let table = "TT\nNhiệm vụ\nChủ trì\nThời hạn\n1\nRà soát\nPhòng A\nQuý I\n2\nKiểm tra\nPhòng B\nQuý II\n";
        let (rows, _) = read(&format!("{table}Nơi nhận:")).expect("a table");
        assert_eq!(rows.len(), 2, "the last row might go on: left out");
        let (rows, _) = read(&format!("{table}V. TỔ CHỨC THỰC HIỆN")).expect("a table");
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn no_table_without_a_header_or_rows() {
        assert!(read("TT\nNhiệm vụ\nChủ trì\nThời hạn\nCác nhiệm vụ được giao cụ thể như sau.").is_none());
        assert!(read("TT\nHuyện ủy\nHĐND huyện\n1\nA\nB\n").is_none());
        assert!(read("Nhiệm vụ\nChủ trì\nThời hạn\n1\nRà soát\nPhòng A\n").is_none());
    }
}
