//! Tables printed with space-aligned columns, as `pdftotext -layout` (and
//! other PDF-to-text converters) print them.
//!
//! Each character of such a line stands at its column on a fixed grid, so
//! the text lines become the same positioned lines the PDF reader builds
//! from glyphs, and the PDF reader's table-by-alignment code finds the
//! table: its header line (three or more runs separated by two or more
//! spaces) gives the column edges, moved left to where the body's text
//! starts; a row starts at text in the first column, after a blank line or
//! where a column's text comes back; a cell's wrapped lines are joined. A
//! page (form feed) that goes on with the table without repeating its
//! header keeps the previous page's columns, and a page break separates
//! the parts, as in a PDF.
//!
//! The converter keeps at least one space between columns but may close
//! the gap to one: a word that starts less than three characters left of a
//! column edge and runs over it belongs to the column on the right.

use crate::layout::{aligned_rows, aligned_table, TextLine, Word};
use crate::layouts::Found;
use crate::model::{Block, Location, Table};

/// Grid units per character and the nominal font size and line pitch, in
/// the PDF reader's units: a single space is no column gap, two are.
const CHAR: f64 = 5.0;
const SIZE: f64 = 10.0;
const PITCH: f64 = 12.0;

/// What a table that ran to the end of a page leaves for the next page.
#[derive(Default)]
pub(crate) struct Columns {
    open: Option<Vec<f64>>,
    /// The header of the first table, its wrapped lines joined.
    header: Option<Vec<String>>,
}

/// Runs of a line separated by two or more spaces: (start, end) in
/// characters.
fn runs(line: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut spaces = 0usize;
    for (i, c) in line.chars().enumerate() {
        if c == ' ' || c == '\u{c}' {
            spaces += 1;
            continue;
        }
        match out.last_mut() {
            Some(last) if spaces < 2 => last.1 = i + 1,
            _ => out.push((i, i + 1)),
        }
        spaces = 0;
    }
    out
}

/// Whether a line may be a table line: no tabs, no markdown table syntax.
fn plain(line: &str) -> bool {
    !line.contains('\t') && !line.trim_start().starts_with(['|', '+', '<'])
}

impl Columns {
    /// A space-aligned table whose header is at `lines[at]`, or that goes
    /// on at the top of a new page (a line starting with a form feed)
    /// after a table that ran to the end of the page before.
    pub(crate) fn table_at(&mut self, lines: &[&str], at: usize) -> Option<Found> {
        let line = lines[at];
        let page_start = line.starts_with('\u{c}');
        if page_start && self.open.is_some() {
            if let Some(found) = self.page(lines, at) {
                return Some(found);
            }
        }
        if page_start {
            self.open = None;
        }
        if !plain(line) || runs(line).len() < 3 {
            return None;
        }
        // Body lines with two or more runs must follow the header closely.
        let body = lines[at + 1..]
            .iter()
            .take(6)
            .take_while(|l| !l.starts_with('\u{c}'))
            .filter(|l| plain(l) && runs(l).len() >= 2)
            .count();
        if body < 2 {
            return None;
        }
        self.open = None;
        self.page(lines, at)
    }

    /// The table on the page from `lines[at]` to the next form feed.
    fn page(&mut self, lines: &[&str], at: usize) -> Option<Found> {
        let page_end = (at + 1..lines.len()).find(|&i| lines[i].starts_with('\u{c}')).unwrap_or(lines.len());
        let mut text_lines = Vec::new();
        let mut indices = Vec::new();
        for (i, line) in lines.iter().enumerate().take(page_end).skip(at) {
            if !plain(line) && !line.trim().is_empty() {
                break;
            }
            if let Some(text_line) = text_line(line, (i - at + 1) as f64 * PITCH) {
                text_lines.push(text_line);
                indices.push(i);
            }
        }
        let found = aligned_table(&text_lines, self.open.as_deref())?;
        if found.start != 0 {
            return None;
        }
        let mut rows: Vec<TextLine> = text_lines[found.start..found.end].to_vec();
        for line in &mut rows {
            snap_to_edges(line, &found.edges);
        }
        let mut table = aligned_rows(&rows, &found.edges, found.header, 1, 1);
        if found.header {
            self.join_header_lines(&mut table);
        }
        let first = indices[found.start];
        let last = indices[found.end - 1];
        relocate(&mut table, at, first);
        let mut end = last + 1;
        let mut blocks = vec![Block::Table(table)];
        // The rest of the page is prose (or nothing): a table that reaches
        // the page's end may go on on the next page.
        let rest_blank = lines[end..page_end].iter().all(|l| l.trim().is_empty());
        if rest_blank && page_end < lines.len() {
            self.open = Some(found.edges);
            blocks.push(Block::PageBreak(Location::line(u32::try_from(page_end + 1).unwrap_or(u32::MAX))));
            end = page_end;
        } else {
            self.open = None;
        }
        Some(Found { blocks, end })
    }
}

/// A text line as positioned words; `None` when blank.
fn text_line(line: &str, y: f64) -> Option<TextLine> {
    let mut words = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, c) in line.chars().chain(std::iter::once(' ')).enumerate() {
        if c.is_whitespace() {
            if let Some((start, text)) = current.take() {
                let len = text.chars().count();
                words.push(Word { text, x0: start as f64 * CHAR, x1: (start + len) as f64 * CHAR });
            }
        } else {
            match &mut current {
                Some((_, text)) => text.push(c),
                None => current = Some((i, c.to_string())),
            }
        }
    }
    TextLine::from_words(words, y, SIZE)
}

/// Moves a word that starts just left of a column edge and runs over it
/// onto the edge: the converter closed the gap between two columns.
fn snap_to_edges(line: &mut TextLine, edges: &[f64]) {
    // A title in capitals running across columns ("V    XÂY DỰNG VÀ NÂNG
    // CAO CHẤT LƯỢNG ĐỘI NGŨ …"): its words follow each other at a space's
    // distance, so they stay in the column where it starts.
    let letters: Vec<char> =
        line.words.iter().skip(1).flat_map(|w| w.text.chars()).filter(|c| c.is_alphabetic()).collect();
    let title = line.words.len() > 2
        && letters.len() > 8
        && letters.iter().all(|c| c.is_uppercase())
        && line.words.windows(2).skip(1).all(|w| w[1].x0 - w[0].x1 <= CHAR * 1.5);
    if title {
        for i in 2..line.words.len() {
            let shift = line.words[i - 1].x1 + CHAR * 0.8 - line.words[i].x0;
            line.words[i].x0 += shift;
            line.words[i].x1 += shift;
        }
        return;
    }
    let mut previous_end = f64::MIN;
    let starts: Vec<f64> = line.words.iter().map(|w| w.x0).collect();
    for (i, word) in line.words.iter_mut().enumerate() {
        for &edge in edges.iter().skip(1) {
            let straddles = word.x0 < edge && word.x1 >= edge;
            // Or it ends just before the edge, one space from a word that
            // starts the column: both were pushed left together.
            let leads = word.x0 < edge
                && word.x1 >= edge - CHAR
                && starts.get(i + 1).is_some_and(|&next| (next - edge).abs() <= CHAR && next - word.x1 <= CHAR);
            if (straddles || leads) && word.x0 >= edge - 3.0 * CHAR && word.x0 > previous_end {
                let shift = edge - word.x0;
                word.x0 += shift;
                word.x1 += shift;
            }
        }
        previous_end = word.x1;
    }
    line.x0 = line.words.first().map_or(line.x0, |w| w.x0);
}

impl Columns {
    /// The header's labels wrapped onto more lines: on a character grid the
    /// wrap cannot be told from a new row by widths. Under the first header,
    /// rows without a first cell are the header going on; under a header
    /// repeated on a later page, a cell goes to the header where it gives
    /// the first header's label again, and the rest of its row is a row cut
    /// by the page break.
    fn join_header_lines(&mut self, table: &mut Table) {
        let join = |a: &str, b: &str| if a.is_empty() { b.to_string() } else { format!("{a} {b}") };
        while table.rows.len() > 2
            && table.rows[1].cells.first().is_some_and(|c| c.text.is_empty())
            && table.rows[1].cells.len() == table.rows[0].cells.len()
        {
            let mut moved = false;
            for c in 0..table.rows[0].cells.len() {
                let more = table.rows[1].cells[c].text.clone();
                if more.is_empty() {
                    continue;
                }
                let joined = join(&table.rows[0].cells[c].text, &more);
                let fits = match &self.header {
                    None => true,
                    Some(first) => first.get(c).is_some_and(|label| label.starts_with(&joined)),
                };
                if fits {
                    table.rows[0].cells[c].text = joined;
                    table.rows[1].cells[c].text.clear();
                    moved = true;
                }
            }
            if table.rows[1].cells.iter().all(|c| c.text.is_empty()) {
                table.rows.remove(1);
            } else {
                break;
            }
            if !moved {
                break;
            }
        }
        if self.header.is_none() {
            self.header = Some(table.rows[0].cells.iter().map(|c| c.text.clone()).collect());
        }
    }
}

/// Gives the table's rows and cells text locations (line, column) instead
/// of page positions: a row's line is its first line.
fn relocate(table: &mut Table, at: usize, first: usize) {
    let line_of = |location: &Location| {
        let top = location.bbox.map_or(0.0, |b| f64::from(b[1]));
        // Lines sit at y = (index - at + 1) * PITCH and their box's top at
        // y - SIZE.
        let index = at + ((top + SIZE) / PITCH).round() as usize - 1;
        u32::try_from(index + 1).unwrap_or(u32::MAX)
    };
    for row in &mut table.rows {
        let line = line_of(&row.location);
        row.location = Location::line(line);
        for (c, cell) in row.cells.iter_mut().enumerate() {
            cell.location = Location::line_column(line, u32::try_from(c + 1).unwrap_or(u32::MAX));
        }
    }
    table.location = Location::line(u32::try_from(first + 1).unwrap_or(u32::MAX));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdftotext_layout_table() {
        let text = "\
                    KẾ HOẠCH

TT   Nhiệm vụ              Sản phẩm              Tiến độ
I    CẢI CÁCH THỂ CHẾ
1    Hoàn thành đúng tiến  Hồ sơ trình ban hành  Quý II/2021
     độ, đảm bảo chất      văn bản QPPL
     lượng
2    Xây dựng và trình Sở Kế hoạch công tác     Quý I/2021
     ban hành
\u{c}TT   Nhiệm vụ              Sản phẩm              Tiến độ
3    Rà soát               Báo cáo               Quý III/2021";
        let lines: Vec<&str> = text.split('\n').collect();
        let mut columns = Columns::default();
        assert!(columns.table_at(&lines, 0).is_none());
        let found = columns.table_at(&lines, 2).expect("a table");
        assert_eq!(found.end, 9, "up to the page's end");
        let Block::Table(t) = &found.blocks[0] else { panic!("a table") };
        let texts: Vec<Vec<&str>> = t.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(texts[0], ["TT", "Nhiệm vụ", "Sản phẩm", "Tiến độ"]);
        assert_eq!(texts[1][..2], ["I", "CẢI CÁCH THỂ CHẾ"]);
        assert_eq!(
            texts[2],
            ["1", "Hoàn thành đúng tiến độ, đảm bảo chất lượng", "Hồ sơ trình ban hành văn bản QPPL", "Quý II/2021"]
        );
        assert_eq!(texts[3], ["2", "Xây dựng và trình Sở ban hành", "Kế hoạch công tác", "Quý I/2021"]);
        assert_eq!(t.rows[2].cells[1].location, Location::line_column(5, 2));
        assert!(matches!(found.blocks[1], Block::PageBreak(_)));
        let next = columns.table_at(&lines, 9).expect("the next page's part");
        let Block::Table(t) = &next.blocks[0] else { panic!("a table") };
        assert_eq!(t.rows[1].cells[1].text, "Rà soát");
    }
}
