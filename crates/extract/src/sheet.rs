//! The spreadsheet reader: XLSX and XLS (through calamine), ODS, and CSV
//! (`delimited`, one sheet) into blocks.
//!
//! Every sheet is read, in workbook order. Cells are collected sparsely
//! (XLSX cells are streamed, ODS rows and cells with repeat counts are
//! walked without expanding empty runs), so a stray value far away from the
//! table costs one cell, not a grid of billions. ODS is read from its
//! `content.xml` directly because calamine expands ODS sheets into dense
//! grids; XLS sheets are dense in calamine but capped by the format at
//! 65,536 × 256 cells. Each sheet is cut
//! into segments at blank rows; in a segment, the rows before the first row
//! with two or more filled cells and after the last such row are paragraphs
//! (titles, notes), the rest is one table — unless its header row comes
//! again under rows holding one value each (a numbered heading between two
//! tables printed into one sheet): there the table ends, those rows are
//! paragraphs and a new table starts. A whole document printed into one
//! sheet has no blank rows: there a run of one-value rows with a paragraph
//! of prose among them (a sentence, or sixteen words or more, in the first
//! column) is paragraphs and cuts the segment. A table keeps only the
//! columns something in it uses.
//!
//! Merged regions (XLSX, XLS, ODS): the
//! top-left cell gets `col_span`/`row_span`, the covered positions of the
//! first column in later rows are `merged_above` cells. Values are rendered
//! as a person reads them: whole numbers without ".0", dates as their
//! number format shows them (`date_shape`: dd/mm/yyyy, mm/yyyy, yyyy or
//! dd/mm, with HH:MM when the format has a time and there is one; a format
//! not known gives dd/mm/yyyy), times as HH:MM, booleans as TRUE/FALSE,
//! errors as Excel shows them (`#N/A`).

use crate::archive::{Limits, Package};
use crate::docx::clean_text;
use crate::error::{SheetError, XmlError};
use crate::model::{Block, Cell, Diagnostic, Format, Level, Location, Paragraph, Row, Table};
use crate::Code;
use calamine::{Data, DataRef, Dimensions, Reader, SheetVisible};
use date_shape::Shape;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::sync::Arc;

mod date_shape;
mod delimited;
mod xls_rows;
mod xlsx;

/// More filled cells than this in one workbook is refused.
const MAX_CELLS: usize = 5_000_000;

type Cells = BTreeMap<(u32, u32), String>;

/// One sheet as read: its name, filled cells, merged regions, hidden flag,
/// and the rows its author hid (XLSX on the fast path: `<row hidden="1">`
/// in a sheet without an `<autoFilter>`, whose hidden rows are a filter's
/// view; ODS: `table:visibility="collapse"`, not `"filter"`; XLS: ROW
/// records with `fDyZero`, `xls_rows.rs`; neither in a collapsed outline
/// group nor under a filter). calamine does not report hidden rows, so an
/// XLSX the fast path leaves to it keeps them.
struct Sheet {
    name: String,
    cells: Cells,
    merges: Vec<Dimensions>,
    hidden: bool,
    hidden_rows: BTreeSet<u32>,
}

/// Reads a workbook's bytes into blocks.
pub(crate) fn read(format: Format, bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Result<Vec<Block>, SheetError> {
    // The zip is checked first (calamine reads it itself); its markup is
    // kept for the XLSX fast path and for ODS.
    let package = match format {
        Format::Xlsx => Some(Package::open(bytes, Limits::DEFAULT)?),
        Format::Ods => Some(Package::open(bytes, Limits::DEFAULT)?),
        _ => None,
    };
    // calamine panics on some malformed workbooks (found by fuzzing: a
    // shared-string cell whose index is past the string table): such a
    // file is damaged, not a reason to take the caller down.
    let sheets = std::panic::catch_unwind(|| match (format, package.as_ref()) {
        (Format::Xlsx, Some(package)) => {
            xlsx::sheets(package).or_else(|xlsx::Unsure| read_sheets(format, bytes, Some(package)))
        }
        (Format::Ods, Some(package)) => ods_sheets(package).and_then(|sheets| {
            let total: usize = sheets.iter().map(|s| s.cells.len()).sum();
            if total > MAX_CELLS {
                return Err(SheetError::TooBig { limit: MAX_CELLS });
            }
            Ok(sheets)
        }),
        _ => read_sheets(format, bytes, None),
    })
    .unwrap_or_else(|payload| Err(SheetError::Malformed(crate::panic_message(payload.as_ref()))))?;
    let mut blocks = Vec::new();
    for Sheet { name, mut cells, mut merges, hidden, hidden_rows } in sheets {
        leave_out_hidden_rows(&name, &mut cells, &mut merges, &hidden_rows, diagnostics);
        if hidden && !cells.is_empty() {
            diagnostics.push(Diagnostic::new(
                Level::Info,
                Code::HiddenSheet,
                format!("sheet {name:?} is hidden in the workbook; it was read like the others"),
                Some(Location { sheet: Some(name.as_str().into()), ..Location::default() }),
            ));
        }
        sheet_blocks(&name, &cells, &merges, &hidden_rows, &mut blocks, diagnostics);
    }
    Ok(blocks)
}

pub(crate) use delimited::is_tab_sheet;

/// Reads delimited text (a CSV file named `name`, already decoded) into
/// the blocks of the one sheet it holds (`delimited`), named after the
/// file as a spreadsheet program names it: the name without its extension.
pub(crate) fn read_delimited(
    name: &str,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<Block>, SheetError> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    let Sheet { name, cells, merges, hidden_rows, .. } = delimited::sheet(stem, text)?;
    let mut blocks = Vec::new();
    sheet_blocks(&name, &cells, &merges, &hidden_rows, &mut blocks, diagnostics);
    Ok(blocks)
}

/// Leaves out the cells of the rows the sheet's author hid, and the merged
/// regions that start in them, with a note naming the rows: they are not
/// printed (unseen9: a task moved to next year's plan, hidden in its row).
/// The rows around them stay one table (`sheet_blocks`).
fn leave_out_hidden_rows(
    name: &str,
    cells: &mut Cells,
    merges: &mut Vec<Dimensions>,
    hidden_rows: &BTreeSet<u32>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let before = cells.len();
    cells.retain(|(row, _), _| !hidden_rows.contains(row));
    if cells.len() == before {
        return;
    }
    merges.retain(|m| !hidden_rows.contains(&m.start.0));
    let shown: Vec<String> = hidden_rows.iter().take(10).map(|r| (r + 1).to_string()).collect();
    let more = if hidden_rows.len() > 10 { format!(" and {} more", hidden_rows.len() - 10) } else { String::new() };
    diagnostics.push(Diagnostic::new(
        Level::Info,
        Code::HiddenRows,
        format!("rows {}{more} of sheet {name:?} are hidden in the workbook and were left out", shown.join(", ")),
        Some(Location { sheet: Some(name.into()), ..Location::default() }),
    ));
}

/// Every sheet of an XLSX or XLS workbook read by calamine, its filled
/// cells read sparsely, its dates printed as their formats show them
/// (calamine keeps no format: the shapes come from the XLSX `package`'s
/// styles and cell styles, `xlsx::date_shapes`, or from the XLS records,
/// `xls_rows`).
fn read_sheets(format: Format, bytes: &[u8], package: Option<&Package>) -> Result<Vec<Sheet>, SheetError> {
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut total = 0usize;
    let mut count = |cells: &Cells| -> Result<(), SheetError> {
        total += cells.len();
        if total > MAX_CELLS {
            return Err(SheetError::TooBig { limit: MAX_CELLS });
        }
        Ok(())
    };
    match format {
        Format::Xlsx => {
            let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| workbook_error(Format::Xlsx, e))?;
            let metadata: Vec<(String, bool)> =
                book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible != SheetVisible::Visible)).collect();
            let mut shapes = package.map(xlsx::date_shapes).unwrap_or_default();
            for (name, hidden) in metadata {
                let shapes = shapes.remove(&name).unwrap_or_default();
                let mut cells = Cells::new();
                {
                    let mut reader = book
                        .worksheet_cells_reader(&name)
                        .map_err(|e| SheetError::Sheet { sheet: name.clone(), source: Box::new(e) })?;
                    while let Some(cell) = reader
                        .next_cell()
                        .map_err(|e| SheetError::Cells { sheet: name.clone(), source: Box::new(e) })?
                    {
                        let shape = shapes.get(&cell.get_position()).copied().unwrap_or(Shape::FULL);
                        let text = render_ref(cell.get_value(), shape);
                        if !text.is_empty() {
                            cells.insert(cell.get_position(), text);
                            if cells.len() > MAX_CELLS {
                                return Err(SheetError::SheetTooBig { sheet: name.clone(), limit: MAX_CELLS });
                            }
                        }
                    }
                }
                count(&cells)?;
                let merges = match book.worksheet_merge_cells(&name) {
                    Some(Ok(merges)) => merges,
                    Some(Err(e)) => return Err(SheetError::Merges { sheet: name, source: Box::new(e) }),
                    None => Vec::new(),
                };
                sheets.push(Sheet { name, cells, merges, hidden, hidden_rows: BTreeSet::new() });
            }
        }
        Format::Xls => {
            let mut book = calamine::Xls::new(Cursor::new(bytes)).map_err(|e| workbook_error(Format::Xls, e))?;
            let metadata: Vec<(String, bool)> =
                book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible != SheetVisible::Visible)).collect();
            let xls_rows::Extras { mut hidden_rows, mut shapes } = xls_rows::extras(bytes);
            for (name, hidden) in metadata {
                let range = book
                    .worksheet_range(&name)
                    .map_err(|e| SheetError::Sheet { sheet: name.clone(), source: Box::new(e) })?;
                let cells = sparse(&range, &shapes.remove(&name).unwrap_or_default());
                count(&cells)?;
                let merges = book.worksheet_merge_cells(&name).unwrap_or_default();
                let hidden_rows = hidden_rows.remove(&name).unwrap_or_default();
                sheets.push(Sheet { name, cells, merges, hidden, hidden_rows });
            }
        }
        // ODS is read by `ods_sheets`; the caller passes spreadsheet formats only.
        _ => {}
    }
    Ok(sheets)
}

fn workbook_error(format: Format, error: impl std::error::Error + Send + Sync + 'static) -> SheetError {
    SheetError::Workbook { format, source: Box::new(error) }
}

const TABLE_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const TEXT_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";

/// Reads the sheets of an ODS file from `content.xml`, sparsely.
fn ods_sheets(package: &Package) -> Result<Vec<Sheet>, SheetError> {
    let xml = package.text("content.xml")?.ok_or(SheetError::NoContent)?;
    let doc = XmlError::parse("content.xml", xml, u32::MAX)?;
    let is = |n: &roxmltree::Node, ns: &str, name: &str| {
        n.is_element() && n.tag_name().namespace() == Some(ns) && n.tag_name().name() == name
    };
    fn attr<'a>(n: &roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
        n.attribute((TABLE_NS, name))
    }
    let count = |n: &roxmltree::Node, name: &str| attr(n, name).and_then(|v| v.parse::<u32>().ok()).unwrap_or(1).max(1);
    let mut sheets = Vec::new();
    // Top-level tables only, and their own rows only: the walks do not
    // enter nested tables, so deep nesting costs linear time.
    let is_table = |n: &roxmltree::Node| is(n, TABLE_NS, "table");
    for table in outside_nested(doc.root(), &is_table) {
        let name = attr(&table, "name").unwrap_or("").to_string();
        let mut cells = Cells::new();
        let mut merges = Vec::new();
        let mut row = 0u32;
        // Rows may sit inside header-rows, row-groups and rows wrappers.
        let is_row = |n: &roxmltree::Node| is(n, TABLE_NS, "table-row") || is_table(n);
        let rows = table.children().flat_map(|child| outside_nested(child, &is_row)).filter(|n| !is_table(n));
        let mut hidden_rows = BTreeSet::new();
        for tr in rows {
            let repeat = count(&tr, "number-rows-repeated");
            // Rows the author hid ("collapse"; a filter's are "filter"),
            // not the rows of a collapsed group (`table:table-row-group`).
            let grouped = tr.parent().is_some_and(|p| is(&p, TABLE_NS, "table-row-group"));
            let collapsed = attr(&tr, "visibility") == Some("collapse") && !grouped;
            let mut col = 0u32;
            let mut values = Vec::new();
            for tc in tr.children().filter(|n| is(n, TABLE_NS, "table-cell") || is(n, TABLE_NS, "covered-table-cell")) {
                let span = count(&tc, "number-columns-repeated");
                let text = ods_cell_text(tc);
                if !text.is_empty() && is(&tc, TABLE_NS, "table-cell") {
                    let spanned = (count(&tc, "number-rows-spanned"), count(&tc, "number-columns-spanned"));
                    for c in 0..span.min(1024) {
                        values.push((col.saturating_add(c), text.clone(), spanned));
                    }
                }
                col = col.saturating_add(span);
            }
            // Identical non-empty rows repeated: bounded copies.
            let copies = if values.is_empty() { 0 } else { repeat.min(1024) };
            for r in 0..copies {
                if collapsed {
                    hidden_rows.insert(row.saturating_add(r));
                }
                for (c, text, (rows_spanned, cols_spanned)) in &values {
                    let at = (row.saturating_add(r), *c);
                    cells.insert(at, text.clone());
                    if *rows_spanned > 1 || *cols_spanned > 1 {
                        merges.push(Dimensions::new(
                            at,
                            (at.0.saturating_add(rows_spanned - 1), at.1.saturating_add(cols_spanned - 1)),
                        ));
                    }
                }
                if cells.len() > MAX_CELLS {
                    return Err(SheetError::SheetTooBig { sheet: name, limit: MAX_CELLS });
                }
            }
            row = row.saturating_add(repeat);
        }
        sheets.push(Sheet { name, cells, merges, hidden: false, hidden_rows });
    }
    Ok(sheets)
}

/// The nodes under `node` (itself included) that `stop` matches, in
/// document order, without looking inside them; iterative, so nesting
/// depth costs neither stack nor quadratic time.
fn outside_nested<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    stop: &dyn Fn(&roxmltree::Node) -> bool,
) -> Vec<roxmltree::Node<'a, 'i>> {
    let mut found = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if stop(&n) {
            found.push(n);
            continue;
        }
        let children: Vec<_> = n.children().filter(|c| c.is_element()).collect();
        stack.extend(children.into_iter().rev());
    }
    found
}

/// The displayed text of an ODS cell: its paragraphs as lines, with
/// `text:s` spaces, tabs and line breaks.
fn ods_cell_text(cell: roxmltree::Node) -> String {
    fn walk(node: roxmltree::Node, out: &mut String, depth: usize) {
        if depth > 64 {
            return; // spans nested deeper are not plan text
        }
        for n in node.children() {
            if n.is_text() {
                out.push_str(n.text().unwrap_or(""));
                continue;
            }
            if n.tag_name().namespace() != Some(TEXT_NS) {
                continue;
            }
            match n.tag_name().name() {
                "s" => {
                    let c = n.attribute((TEXT_NS, "c")).and_then(|v| v.parse::<usize>().ok()).unwrap_or(1);
                    out.push_str(&" ".repeat(c.min(100)));
                }
                "tab" => out.push(' '),
                "line-break" => out.push('\n'),
                "note" | "annotation" => {}
                _ => walk(n, out, depth + 1),
            }
        }
    }
    let mut lines = Vec::new();
    for p in cell.children().filter(|n| n.is_element() && n.tag_name().namespace() == Some(TEXT_NS)) {
        let mut line = String::new();
        walk(p, &mut line, 0);
        lines.push(line);
    }
    clean_text(&lines.join("\n"))
}

/// Date shapes of a sheet's cells, by position; a cell not in it is
/// [`Shape::FULL`].
type Shapes = std::collections::HashMap<(u32, u32), Shape>;

fn sparse(range: &calamine::Range<Data>, shapes: &Shapes) -> Cells {
    range
        .used_cells()
        .filter_map(|(r, c, value)| {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let at = (r0 + r as u32, c0 + c as u32);
            let text = render(value, shapes.get(&at).copied().unwrap_or(Shape::FULL));
            (!text.is_empty()).then_some((at, text))
        })
        .collect()
}

/// A value as a person reads it; a date as `shape` shows it.
fn render_ref(value: &DataRef, shape: Shape) -> String {
    match value {
        DataRef::String(s) => clean_text(s),
        DataRef::SharedString(s) => clean_text(s),
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(f) => float(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(d) => datetime(d, shape),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => iso(s),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

/// [`render_ref`] of a value owned: its text kept, not copied, when
/// there is nothing to clean.
fn render_owned(value: DataRef, shape: Shape) -> String {
    match value {
        DataRef::String(s) => crate::docx::clean_owned(s),
        value => render_ref(&value, shape),
    }
}

fn render(value: &Data, shape: Shape) -> String {
    match value {
        Data::String(s) => clean_text(s),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => float(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => datetime(d, shape),
        Data::DateTimeIso(s) | Data::DurationIso(s) => iso(s),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

fn float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        // Shortest text that reads back as the same number, as Excel shows
        // it in a General cell (up to float noise: 0.1+0.2 shows 0.3).
        let rounded = format!("{f:.10}");
        rounded.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn datetime(d: &calamine::ExcelDateTime, shape: Shape) -> String {
    if d.is_duration() {
        let minutes = (d.as_f64() * 24.0 * 60.0).round() as i64;
        return format!("{}:{:02}", minutes / 60, minutes % 60);
    }
    match d.as_datetime() {
        Some(dt) => shape.render(dt, d.as_f64()),
        None => float(d.as_f64()),
    }
}

/// ISO dates (ODS) as dd/mm/yyyy; anything else as given.
fn iso(s: &str) -> String {
    let b = s.as_bytes();
    if s.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s[..4].bytes().chain(s[5..7].bytes()).all(|c| c.is_ascii_digit())
    {
        let date = format!("{}/{}/{}", &s[8..10], &s[5..7], &s[..4]);
        return match s.get(11..16) {
            Some(time) if time != "00:00" => format!("{date} {time}"),
            _ => date,
        };
    }
    s.to_string()
}

/// `B7` for (6, 1), in one allocation (every cell of a table has one).
fn cell_name(row: u32, col: u32) -> String {
    use std::fmt::Write;
    // u32 columns take at most 7 letters.
    let mut letters = [0u8; 7];
    let mut start = letters.len();
    // Wrapping as the release build always did (no sheet has 2^32 rows
    // or columns; a hostile ODS position saturates there).
    let mut n = col.wrapping_add(1);
    while n > 0 {
        start -= 1;
        letters[start] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    let mut name = String::with_capacity(letters.len() - start + 10);
    name.extend(letters[start..].iter().map(|&b| char::from(b)));
    let _ = write!(name, "{}", row.wrapping_add(1));
    name
}

/// Merged regions met in row order: the ones covering the current row.
struct MergeSweep {
    /// Sorted by start row.
    sorted: Vec<Dimensions>,
    next: usize,
    active: Vec<Dimensions>,
}

impl MergeSweep {
    fn new(mut merges: Vec<Dimensions>) -> MergeSweep {
        merges.sort();
        MergeSweep { sorted: merges, next: 0, active: Vec::new() }
    }

    /// The regions covering `row`; rows must come in increasing order.
    fn at(&mut self, row: u32) -> &[Dimensions] {
        while self.next < self.sorted.len() && self.sorted[self.next].start.0 <= row {
            self.active.push(self.sorted[self.next]);
            self.next += 1;
        }
        self.active.retain(|m| m.end.0 >= row);
        &self.active
    }
}

/// Most merged regions honoured per sheet, and most blank rows that merged
/// regions may pull into tables; beyond these the sheet is read without them.
const MAX_MERGES: usize = 100_000;
const MAX_MERGED_ROWS: u64 = 1_000_000;

fn sheet_blocks(
    sheet: &str,
    cells: &Cells,
    merges: &[Dimensions],
    hidden_rows: &BTreeSet<u32>,
    blocks: &mut Vec<Block>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut merges = merges.to_vec();
    if merges.len() > MAX_MERGES {
        diags.push(Diagnostic::new(
            Level::Warning,
            Code::TooManyMerges,
            format!("sheet {sheet:?} has {} merged regions; only the first {MAX_MERGES} were used", merges.len()),
            Some(Location { sheet: Some(sheet.into()), ..Location::default() }),
        ));
        merges.truncate(MAX_MERGES);
    }
    // Rows that hold something: a value or a merged region's covered area
    // (a vertical merge keeps its rows together).
    let mut rows: BTreeSet<u32> = cells.keys().map(|(r, _)| *r).collect();
    let mut budget = MAX_MERGED_ROWS;
    for m in &merges {
        let height = u64::from(m.end.0.saturating_sub(m.start.0)) + 1;
        if height > 1 && height <= budget && cells.contains_key(&m.start) {
            budget -= height;
            rows.extend(m.start.0..=m.end.0);
        }
    }
    let mut sweep = MergeSweep::new(merges);
    let sheet: Arc<str> = sheet.into();
    let sheet = &sheet;
    let mut segment: Vec<u32> = Vec::new();
    for row in rows {
        // Rows left out as hidden (`leave_out_hidden_rows`) are no gap.
        let apart = |last: u32| row != last + 1 && !(last + 1..row).all(|r| hidden_rows.contains(&r));
        if segment.last().is_some_and(|last| apart(*last)) {
            segment_blocks(sheet, cells, &mut sweep, &segment, blocks);
            segment.clear();
        }
        segment.push(row);
    }
    segment_blocks(sheet, cells, &mut sweep, &segment, blocks);
}

fn row_cells(cells: &Cells, row: u32) -> impl Iterator<Item = (&(u32, u32), &String)> {
    cells.range((row, 0)..=(row, u32::MAX))
}

/// How many of the sorted `values` lie in `from..=to` (at least 1).
fn count_in(values: &[u32], from: u32, to: u32) -> u32 {
    let lo = values.partition_point(|v| *v < from);
    let hi = values.partition_point(|v| *v <= to);
    u32::try_from(hi.saturating_sub(lo)).unwrap_or(u32::MAX).max(1)
}

/// Whether a cell's text reads as a paragraph of prose rather than a
/// table's title or group row: a sentence (six words or more ending in a
/// stop, a colon or a semicolon) or a long text (sixteen words or more),
/// not written in capitals (a long group title in capitals, unseen8's
/// "I. CÔNG KHAI, MINH BẠCH … THỦ TỤC HÀNH CHÍNH", is a group row).
fn is_prose(text: &str) -> bool {
    let words = text.split_whitespace().count();
    let capitals = text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase);
    !capitals && ((words >= 6 && text.trim_end().ends_with(['.', ':', ';'])) || words >= 16)
}

/// A segment's blocks. A whole document printed into one sheet (Calc's
/// import of a Word file's HTML) has no blank row between its parts: its
/// paragraphs, one value each in the segment's first column, cut it. A run
/// of rows holding one value each with a paragraph of prose among them is
/// paragraphs, and the rows on either side are read apart.
fn segment_blocks(sheet: &Arc<str>, cells: &Cells, sweep: &mut MergeSweep, rows: &[u32], blocks: &mut Vec<Block>) {
    let filled = |row: u32| row_cells(cells, row).take(2).count();
    let first_column = rows.iter().filter_map(|r| row_cells(cells, *r).next().map(|((_, c), _)| *c)).min();
    let prose = |row: u32| {
        filled(row) == 1
            && row_cells(cells, row).next().is_some_and(|((_, c), t)| Some(*c) == first_column && is_prose(t))
    };
    let (mut start, mut k) = (0, 0);
    while k < rows.len() {
        if !prose(rows[k]) {
            k += 1;
            continue;
        }
        let mut from = k;
        while from > start && filled(rows[from - 1]) == 1 {
            from -= 1;
        }
        let mut to = k + 1;
        while to < rows.len() && filled(rows[to]) == 1 {
            to += 1;
        }
        part_blocks(sheet, cells, sweep, &rows[start..from], blocks);
        part_blocks(sheet, cells, sweep, &rows[from..to], blocks);
        (start, k) = (to, to);
    }
    part_blocks(sheet, cells, sweep, &rows[start..], blocks);
}

/// The blocks of rows with no paragraph of prose between them: the rows
/// before the first with two or more values and after the last are
/// paragraphs, the rest tables.
fn part_blocks(sheet: &Arc<str>, cells: &Cells, sweep: &mut MergeSweep, rows: &[u32], blocks: &mut Vec<Block>) {
    if rows.is_empty() {
        return;
    }
    let filled = |row: u32| row_cells(cells, row).take(2).count();
    let mut first = rows.iter().position(|r| filled(*r) >= 2);
    let last = rows.iter().rposition(|r| filled(*r) >= 2);
    // A letterhead typed into the sheet: rows whose values each stand in a
    // cell merged across columns on that row ("ỦY BAN NHÂN DÂN TỈNH …" over
    // A:C | "CỘNG HÒA …" over E:J), then rows of one value (the motto,
    // place and date, the title "KẾ HOẠCH …", its subtitle; unseen9), are
    // paragraphs above the table. The run must end in a row of one value:
    // a two-row header's upper row ("Cơ quan thực hiện" over E:F | "Kinh
    // phí" over H:I) stands right above the lower one. Only at the top of
    // the sheet, where a letterhead stands.
    let top = cells.keys().next().is_some_and(|(r, _)| *r == rows[0]);
    if let (Some(at), true) = (first, top) {
        let mut across = |row: u32| {
            let merges = sweep.at(row);
            row_cells(cells, row)
                .all(|(&(r, c), _)| merges.iter().any(|m| m.start == (r, c) && m.end.0 == r && m.end.1 > c))
        };
        let mut end = at;
        while end < rows.len() && (filled(rows[end]) == 1 || across(rows[end])) {
            end += 1;
        }
        if end > at && filled(rows[end - 1]) == 1 {
            first = rows[end..].iter().position(|r| filled(*r) >= 2).map(|k| end + k);
        }
    }
    let paragraph = |row: u32, blocks: &mut Vec<Block>| {
        for (&(r, c), text) in row_cells(cells, row) {
            blocks.push(Block::Paragraph(Paragraph {
                text: text.clone(),
                heading: None,
                bold: false,
                italic: false,
                list_marker: None,
                location: location(sheet, r, Some(c)),
            }));
        }
    };
    let (Some(first), Some(last)) = (first, last) else {
        rows.iter().for_each(|r| paragraph(*r, blocks));
        return;
    };
    rows[..first].iter().for_each(|r| paragraph(*r, blocks));
    let all = &rows[first..=last];
    let texts = |row: u32| row_cells(cells, row).map(|(_, t)| t.as_str()).collect::<Vec<_>>();
    let header = texts(all[0]);
    let mut start = 0;
    for k in 1..all.len() {
        if texts(all[k]) != header || filled(all[k - 1]) != 1 {
            continue;
        }
        // The rows of one value each right above the repeated header.
        let mut lead = k;
        while lead > start + 1 && filled(all[lead - 1]) == 1 {
            lead -= 1;
        }
        blocks.push(table_block(sheet, cells, sweep, &all[start..lead]));
        all[lead..k].iter().for_each(|r| paragraph(*r, blocks));
        start = k;
    }
    blocks.push(table_block(sheet, cells, sweep, &all[start..]));
    rows[last + 1..].iter().for_each(|r| paragraph(*r, blocks));
}

/// The table of `table_rows`, which keeps the columns its values use.
fn table_block(sheet: &Arc<str>, cells: &Cells, sweep: &mut MergeSweep, table_rows: &[u32]) -> Block {
    // Columns used by the table's values.
    let mut columns: BTreeSet<u32> = BTreeSet::new();
    for &row in table_rows {
        columns.extend(row_cells(cells, row).map(|((_, c), _)| *c));
    }
    let columns: Vec<u32> = columns.into_iter().collect();
    let mut out = Vec::new();
    for &row in table_rows {
        let mut row_out = Vec::new();
        // The regions over this row by first column: a lookup per cell.
        let by_column: BTreeMap<u32, &Dimensions> = sweep.at(row).iter().map(|m| (m.start.1, m)).collect();
        for &col in &columns {
            let merge = by_column.range(..=col).next_back().map(|(_, m)| *m).filter(|m| m.contains(row, col));
            let here = location(sheet, row, Some(col));
            match merge {
                Some(m) if (row, col) == m.start => {
                    let text = cells.get(&(row, col)).cloned().unwrap_or_default();
                    row_out.push(Cell {
                        col_span: count_in(&columns, m.start.1, m.end.1),
                        row_span: count_in(table_rows, m.start.0, m.end.0),
                        ..Cell::new(text, here)
                    });
                }
                Some(m) if col == m.start.1 => row_out.push(Cell {
                    col_span: count_in(&columns, m.start.1, m.end.1),
                    merged_above: true,
                    ..Cell::new("", here)
                }),
                Some(_) => {} // inside a span already counted
                None => row_out.push(Cell::new(cells.get(&(row, col)).cloned().unwrap_or_default(), here)),
            }
        }
        while row_out.last().is_some_and(|c: &Cell| c.text.is_empty() && !c.merged_above) {
            row_out.pop();
        }
        out.push(Row { cells: row_out, header: false, location: location(sheet, row, None) });
    }
    Block::Table(Table { rows: out, location: location(sheet, table_rows[0], None) })
}

/// A cell's or row's location; the sheet's name shared, not copied.
fn location(sheet: &Arc<str>, row: u32, col: Option<u32>) -> Location {
    Location {
        sheet: Some(Arc::clone(sheet)),
        row: Some(row + 1),
        column: col.map(|c| c + 1),
        cell: col.map(|c| cell_name(row, c)),
        ..Location::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::zip_of;

    /// A one-sheet XLSX whose sheet XML is `sheet_data` + `tail`.
    fn xlsx(sheet_data: &str, tail: &str) -> Vec<u8> {
        let workbook = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
        let root = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
        let sheet = format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData>{tail}</worksheet>"#
        );
        zip_of(&[
            ("_rels/.rels", root.as_bytes()),
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ])
    }

    fn inline(r: &str, text: &str) -> String {
        format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
    }

    #[test]
    fn hostile_sheets_stay_small() {
        // A table, a stray cell at the far corner, 50 000 merged regions
        // (some over a million rows) and a merge as wide as the sheet.
        let data = format!(
            r#"<row r="1">{}{}</row><row r="2">{}{}</row><row r="1048576">{}</row>"#,
            inline("A1", "TT"),
            inline("B1", "Nhiệm vụ"),
            inline("A2", "1"),
            inline("B2", "Rà soát"),
            inline("XFD1048576", "xa")
        );
        let mut merges: Vec<String> = (3..50_003).map(|r| format!(r#"<mergeCell ref="C{r}:D{r}"/>"#)).collect();
        merges.push(r#"<mergeCell ref="B2:XFD2"/>"#.into());
        merges.push(r#"<mergeCell ref="A2:A1048575"/>"#.into());
        let tail = format!("<mergeCells>{}</mergeCells>", merges.concat());
        let bytes = xlsx(&data, &tail);
        let mut diags = Vec::new();
        let blocks = read(Format::Xlsx, &bytes, &mut diags).expect("reads");
        let Block::Table(table) = &blocks[0] else { panic!("a table first: {blocks:?}") };
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1].cells[1].col_span, 1, "the span counts only used columns");
        assert_eq!(table.rows[1].cells[0].row_span, 1, "rows beyond the budget are not pulled in");
        assert!(blocks.iter().any(|b| matches!(b, Block::Paragraph(p) if p.text == "xa")));
    }

    /// unseen4's and unseen5's XLSX (Calc's import of the LibreOffice HTML
    /// of a Word file): the whole document in one sheet without a blank
    /// row. The prose (the targets above the header, the sections after the
    /// table) is paragraphs; a short heading next to it goes with it; the
    /// tables on either side are read apart; a group row of one short value
    /// stays in its table.
    #[test]
    fn a_whole_document_in_one_sheet_is_cut_at_its_prose() {
        let row = |r: usize, values: &[&str]| {
            let cells: String = values
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_empty())
                .map(|(c, v)| inline(&cell_name(r as u32 - 1, c as u32), v))
                .collect();
            format!(r#"<row r="{r}">{cells}</row>"#)
        };
        let sheet = [
            &["UBND XÃ", "CỘNG HÒA"][..],
            &["KẾ HOẠCH"],
            &["II. CHỈ TIÊU"],
            &["- 100% thủ tục hành chính được công khai đầy đủ;"],
            &["STT", "Nội dung", "Chủ trì"],
            &["1", "Rà soát văn bản", "Văn phòng"],
            &["HẠ TẦNG SỐ"],
            &["2", "Nâng cấp mạng", "Văn phòng"],
            &["3. KINH PHÍ THỰC HIỆN"],
            &["Kinh phí thực hiện từ nguồn ngân sách xã được giao năm 2030."],
            &["Loại báo cáo", "Thời hạn"],
            &["Báo cáo quý", "Trước ngày 12"],
        ];
        let data: String = sheet.iter().enumerate().map(|(i, v)| row(i + 1, v)).collect();
        let blocks = read(Format::Xlsx, &xlsx(&data, ""), &mut Vec::new()).expect("reads");
        let shape: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                Block::Table(t) => format!("table {}", t.rows.len()),
                Block::Paragraph(p) => p.text.clone(),
                _ => "other".into(),
            })
            .collect();
        assert_eq!(
            shape,
            [
                "table 1",
                "KẾ HOẠCH",
                "II. CHỈ TIÊU",
                "- 100% thủ tục hành chính được công khai đầy đủ;",
                "table 4",
                "3. KINH PHÍ THỰC HIỆN",
                "Kinh phí thực hiện từ nguồn ngân sách xã được giao năm 2030.",
                "table 2"
            ]
        );
        assert!(is_prose("Kinh phí thực hiện từ nguồn ngân sách xã."));
        assert!(!is_prose("HẠ TẦNG SỐ"), "a group title");
        assert!(!is_prose("Rà soát văn bản."), "too short for a sentence");
    }

    /// unseen8's XLSX: a group row of sixteen words in capitals right under
    /// a two-row header is the table's group row, not prose that cuts the
    /// header from its tasks.
    #[test]
    fn a_long_group_title_in_capitals_stays_in_its_table() {
        let group = "I. CÔNG KHAI, MINH BẠCH VÀ NÂNG CAO CHẤT LƯỢNG GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH";
        assert_eq!(group.split_whitespace().count(), 16);
        let data = format!(
            r#"<row r="1">{}</row><row r="2">{}{}{}</row><row r="3">{}{}</row><row r="4">{}</row><row r="5">{}{}{}</row>"#,
            inline("A1", "Các nhiệm vụ, sản phẩm, thời gian và đơn vị thực hiện cụ thể như sau:"),
            inline("A2", "TT"),
            inline("B2", "Nhiệm vụ"),
            inline("C2", "Thời gian thực hiện"),
            inline("C3", "Bắt đầu"),
            inline("D3", "Hoàn thành"),
            inline("A4", group),
            inline("A5", "1"),
            inline("B5", "Rà soát thủ tục hành chính"),
            inline("D5", "Quý I/2034"),
        );
        let blocks = read(Format::Xlsx, &xlsx(&data, ""), &mut Vec::new()).expect("reads");
        let tables: Vec<usize> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t.rows.len()),
                _ => None,
            })
            .collect();
        assert_eq!(tables, [4], "{blocks:?}");
        assert!(!is_prose(group));
        assert!(is_prose(&group.to_lowercase()), "the same words in lower case are prose (sixteen words)");
    }

    /// unseen9: a letterhead typed into the sheet above the table, its
    /// values in cells merged across columns, and the title row under it
    /// are paragraphs (the document's issuer, date and kind come from
    /// them); a two-row header's upper row, merged the same way but right
    /// above the lower row, stays the table's.
    #[test]
    fn a_letterhead_in_merged_cells_is_paragraphs_above_the_table() {
        let blocks_of = |data: &str, merges: &str| {
            let tail = format!("<mergeCells>{merges}</mergeCells>");
            read(Format::Xlsx, &xlsx(data, &tail), &mut Vec::new()).expect("reads")
        };
        let summary = |blocks: &[Block]| -> Vec<String> {
            blocks
                .iter()
                .map(|b| match b {
                    Block::Paragraph(p) => p.text.clone(),
                    Block::Table(t) => format!("table of {} rows", t.rows.len()),
                    _ => "other".into(),
                })
                .collect()
        };
        let row = |r: u32, cells: &[(&str, &str)]| {
            let cells: String = cells.iter().map(|(c, t)| inline(&format!("{c}{r}"), t)).collect();
            format!(r#"<row r="{r}">{cells}</row>"#)
        };
        let table = [
            row(4, &[("A", "STT"), ("B", "Nội dung"), ("C", "Chủ trì"), ("D", "Thời gian")]),
            row(5, &[("A", "1"), ("B", "Rà soát"), ("C", "Sở Tư pháp"), ("D", "Quý II/2034")]),
        ]
        .concat();
        let letterhead = [
            row(1, &[("A", "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"), ("C", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]),
            row(2, &[("C", "Độc lập - Tự do - Hạnh phúc")]),
            row(3, &[("A", "KẾ HOẠCH")]),
        ]
        .concat();
        let merged =
            r#"<mergeCell ref="A1:B1"/><mergeCell ref="C1:D1"/><mergeCell ref="C2:D2"/><mergeCell ref="A3:D3"/>"#;
        assert_eq!(
            summary(&blocks_of(&(letterhead.clone() + &table), merged)),
            [
                "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "KẾ HOẠCH",
                "table of 2 rows"
            ]
        );
        // Not merged: the letterhead's first row starts the table, as before.
        assert_eq!(summary(&blocks_of(&(letterhead + &table), "")), ["table of 5 rows"]);
        // A two-row header's upper row is no letterhead.
        let header = [
            row(1, &[("A", "KẾ HOẠCH")]),
            row(2, &[("C", "Cơ quan thực hiện"), ("E", "Kinh phí")]),
            row(
                3,
                &[
                    ("A", "STT"),
                    ("B", "Nội dung"),
                    ("C", "Chủ trì"),
                    ("D", "Phối hợp"),
                    ("E", "Nguồn"),
                    ("F", "Số tiền"),
                ],
            ),
            row(4, &[("A", "1"), ("B", "Rà soát"), ("C", "Sở Tư pháp"), ("E", "Ngân sách tỉnh")]),
        ]
        .concat();
        let merged = r#"<mergeCell ref="C2:D2"/><mergeCell ref="E2:F2"/>"#;
        assert_eq!(summary(&blocks_of(&header, merged)), ["KẾ HOẠCH", "table of 3 rows"]);
    }

    /// unseen9: a row its author hid (a task moved to next year's plan) is
    /// not printed, so it is left out, with a note, and the rows around it
    /// stay one table; a filter's hidden rows (the sheet has an
    /// `<autoFilter>`) and a collapsed outline group's are a view, and kept.
    #[test]
    fn rows_hidden_by_hand_are_left_out() {
        let rows = |third: &str| {
            [("1", "STT", "Nội dung"), ("2", "1", "Việc một"), ("3", "2", "Việc hai"), ("4", "3", "Việc ba")]
                .iter()
                .map(|(r, a, b)| {
                    let attrs = if *r == "3" { third } else { "" };
                    format!(
                        r#"<row r="{r}"{attrs}>{}{}</row>"#,
                        inline(&format!("A{r}"), a),
                        inline(&format!("B{r}"), b)
                    )
                })
                .collect::<String>()
        };
        let read_rows = |data: &str, tail: &str| {
            let mut diags = Vec::new();
            let blocks = read(Format::Xlsx, &xlsx(data, tail), &mut diags).expect("reads");
            let tables: Vec<Vec<String>> = blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Table(t) => Some(t.rows.iter().map(|r| r.cells[0].text.clone()).collect()),
                    _ => None,
                })
                .collect();
            (tables, diags.iter().filter(|d| d.code == Code::HiddenRows).count())
        };
        let (tables, notes) = read_rows(&rows(r#" hidden="1""#), "");
        assert_eq!(tables, [["STT", "1", "3"]], "one table without the hidden row");
        assert_eq!(notes, 1);
        let all = vec![vec!["STT".to_string(), "1".into(), "2".into(), "3".into()]];
        let filtered = read_rows(&rows(r#" hidden="1""#), r#"<autoFilter ref="A1:B4"/>"#);
        assert_eq!(filtered, (all.clone(), 0), "a filter's hidden row is kept");
        assert_eq!(read_rows(&rows(r#" hidden="1" outlineLevel="1""#), ""), (all.clone(), 0), "a collapsed group");
        assert_eq!(read_rows(&rows(r#" hidden="0""#), ""), (all, 0));
    }

    #[test]
    fn values_read_as_shown() {
        assert_eq!(float(2024.0), "2024");
        assert_eq!(float(0.95), "0.95");
        assert_eq!(float(0.1 + 0.2), "0.3");
        assert_eq!(iso("2024-01-15"), "15/01/2024");
        assert_eq!(iso("2024-01-15T08:30:00"), "15/01/2024 08:30");
        assert_eq!(cell_name(6, 1), "B7");
        assert_eq!(cell_name(0, 26), "AA1");
        // As the letters were built before (a vector of letters reversed,
        // then the row), at every width of column name.
        let before = |row: u32, col: u32| {
            let mut letters = Vec::new();
            let mut n = col.wrapping_add(1);
            while n > 0 {
                letters.push(char::from(b'A' + ((n - 1) % 26) as u8));
                n = (n - 1) / 26;
            }
            letters.iter().rev().collect::<String>() + &row.wrapping_add(1).to_string()
        };
        let cols = (0..20_000).chain([475_253, 475_254, 12_356_629, 12_356_630, u32::MAX - 1, u32::MAX]);
        for col in cols {
            for row in [0, 9, 99, 65_535, u32::MAX] {
                assert_eq!(cell_name(row, col), before(row, col), "{row} {col}");
            }
        }
        let d = calamine::ExcelDateTime::new(45306.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(datetime(&d, Shape::FULL), "15/01/2024");
        let d = calamine::ExcelDateTime::new(45306.5, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(datetime(&d, Shape::FULL), "15/01/2024 12:00");
    }
}
