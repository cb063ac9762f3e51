//! Tables without ruling lines, found by alignment: a header line names
//! every column; rows start where the first column has text, after a wide
//! gap, or where a column's text comes back; a cell's wrapped lines are
//! joined and text that flows on from the row above is a merge down. Used
//! for PDFs drawn without rules, OCR pages without detected rules, and
//! space-aligned text (`pdftotext -layout`, in `columns`).

use super::bbox;
use super::centred::centred_bands;
use super::lines::{cell_text, cell_text_within, starts_item, starts_number, TextLine, Word};
use super::tolerance::{
    AT_EDGE, COLUMN_GAP, DESCENT, HEADER_DEPTH, INTERLEAVED, MIN_COLUMN_GAP, ROW_GAP, SNAP, SPACE_GAP, SPACE_WIDTH,
    TABLE_LEFT_SLACK, TABLE_LINE_GAP, WRAP_LEAN,
};
use crate::model::{Cell, Location, Row, Table};

/// A table found by alignment: lines `start..end` of the page, and the
/// left edges of its columns.
#[derive(Debug, PartialEq)]
pub(crate) struct Aligned {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) edges: Vec<f64>,
    /// The first line is the table's header.
    pub(crate) header: bool,
    /// Where each column's label stands in the header (start, end), or,
    /// on a page going on without a header, the previous page's edges.
    pub(crate) labels: Vec<(f64, f64)>,
}

/// The line's runs of words separated by a column-wide gap.
pub(super) fn chunks(line: &TextLine) -> Vec<(f64, f64)> {
    let gap = (line.size * COLUMN_GAP).max(MIN_COLUMN_GAP);
    let mut out: Vec<(f64, f64)> = Vec::new();
    for w in &line.words {
        match out.last_mut() {
            Some(last) if w.x0 - last.1 <= gap => last.1 = w.x1,
            _ => out.push((w.x0, w.x1)),
        }
    }
    out
}

/// Finds a table without ruling lines: from the first line with three or
/// more column-separated runs (its header) to the last line with two or
/// more, plus the lines that follow it closely. Column edges are the starts
/// of the header's runs (the header names every column), each moved left to
/// where the column's body text starts (headers may be centred). Without a
/// header line on a page that continues a table, `previous` edges are kept.
///
/// Cells centred against taller ones put their lines between the taller
/// cells' lines: a line of the header above its header line (closer than
/// [`INTERLEAVED`] × size, or on a character `grid` the line right above)
/// whose runs each stand over one label of the header is more of the
/// header; and a page going on with a table begins with it where its
/// first lines, close together, each stand inside the previous page's
/// columns, up to a line with two or more runs (or, on a page with no such
/// line, where they stand outside the first column: the end of a row cut
/// by the page break).
pub(crate) fn aligned_table(lines: &[TextLine], previous: Option<&[f64]>, grid: bool) -> Option<Aligned> {
    let runs: Vec<Vec<(f64, f64)>> = lines.iter().map(chunks).collect();
    let header = runs.iter().position(|r| r.len() >= 3);
    let close = |i: usize| lines[i].y - lines[i - 1].y <= lines[i - 1].size.max(lines[i].size) * TABLE_LINE_GAP;
    // On a character grid a page may go on with a group's title in
    // capitals across the columns ("NỀN TẢNG VÀ DỊCH VỤ SỐ") and rows a
    // blank line apart (a ruled table's padding).
    let title_first = grid && lines.first().is_some_and(capital_title);
    let near = |i: usize| close(i) || grid && lines[i].y - lines[i - 1].y <= lines[i].size * PADDED_GAP;
    let goes_on = previous.is_some_and(|edges| {
        runs.iter().position(|r| r.len() >= 2).is_some_and(|wide| {
            (1..=wide).all(near)
                && lines[..wide].iter().enumerate().all(|(i, l)| within_columns(l, edges) || i == 0 && title_first)
        })
    });
    let start = match (previous, header) {
        (Some(_), _) if runs.first().is_some_and(|r| r.len() >= 2) || goes_on => 0,
        (_, Some(h)) => h,
        (Some(edges), None) => {
            // The last lines of a row cut by the page break, alone on the
            // page: close together, inside the previous page's columns,
            // none in the first (a row's number starts it there).
            let tail = (0..lines.len())
                .take_while(|&i| {
                    (i == 0 || close(i))
                        && within_columns(&lines[i], edges)
                        && edges.get(1).is_some_and(|&second| lines[i].x0 >= second - SNAP)
                })
                .count();
            let edges = edges.to_vec();
            let labels = edges.iter().map(|&e| (e, e)).collect();
            return (tail > 0 && edges.len() >= 3).then_some(Aligned {
                start: 0,
                end: tail,
                edges,
                header: false,
                labels,
            });
        }
        _ => return None,
    };
    let mut end = start + runs[start..].iter().rposition(|r| r.len() >= 2)? + 1;
    // Where the table's rows stand apart (two or more gaps wider than a
    // wrapped line's), a line as far below as its usual gap between rows
    // (their median, × ROW_GAP) still belongs to it.
    let mut apart: Vec<f64> = (start + 1..end)
        .map(|i| lines[i].y - lines[i - 1].y)
        .filter(|&d| d > lines[start].size * TABLE_LINE_GAP)
        .collect();
    apart.sort_by(f64::total_cmp);
    let row_gap = if apart.len() >= 2 { apart[apart.len() / 2] * ROW_GAP } else { 0.0 };
    while end < lines.len() {
        let (prev, next) = (&lines[end - 1], &lines[end]);
        let gap = next.y - prev.y;
        if gap > (prev.size.max(next.size) * TABLE_LINE_GAP).max(row_gap)
            || next.x0 < lines[start].x0 - TABLE_LEFT_SLACK
        {
            break;
        }
        end += 1;
    }
    // On a page going on with a table, a first line starting past the
    // middle of the first column is the rest of a cut row, not a header
    // repeated (a header names its first column).
    let cut_row = |h: usize| {
        previous.is_some_and(|edges| edges.get(1).is_some_and(|&second| lines[h].x0 > (edges[0] + second) / 2.0))
    };
    let (edges, labels) = match header.filter(|&h| h == start && !cut_row(h)) {
        Some(h) => header_edges(lines, &runs, h, end),
        None => {
            let edges = previous?.to_vec();
            let labels = edges.iter().map(|&e| (e, e)).collect();
            (edges, labels)
        }
    };
    let is_header = header == Some(start) && !cut_row(start);
    let h = start;
    let mut start = start;
    if is_header {
        let reach = if grid { TABLE_LINE_GAP } else { INTERLEAVED };
        while start > 0 {
            let (above, below) = (&lines[start - 1], &lines[start]);
            let near = below.y - above.y <= above.size.max(below.size) * reach
                && lines[h].y - above.y <= lines[h].size * HEADER_DEPTH;
            if !(near && under_one_label(above, &labels)) {
                break;
            }
            start -= 1;
        }
    }
    (edges.len() >= 3).then_some(Aligned { start, end, edges, header: is_header, labels })
}

/// Whether each of the line's runs stands over one header label, and over
/// no other (a header cell's line centred over its column's label).
fn under_one_label(line: &TextLine, labels: &[(f64, f64)]) -> bool {
    chunks(line).iter().all(|&(x0, x1)| labels.iter().filter(|l| x0 < l.1 && x1 > l.0).count() == 1)
}

/// × size: on a character grid, the most a line may stand below the one
/// before it with one blank line between them (two pitches of 1.2).
const PADDED_GAP: f64 = 2.5;

/// A group's title in capitals: two words or more, eight letters or more,
/// every letter a capital.
fn capital_title(line: &TextLine) -> bool {
    let letters: Vec<char> = line.text.chars().filter(|c| c.is_alphabetic()).collect();
    line.words.len() >= 2 && letters.len() >= 8 && letters.iter().all(|c| c.is_uppercase())
}

/// Whether each of the line's runs stands inside one column of `edges`
/// (from its left edge to the next one's), none left of the first.
fn within_columns(line: &TextLine, edges: &[f64]) -> bool {
    chunks(line).iter().all(|&(x0, x1)| match edges.iter().rposition(|&e| x0 >= e - SNAP) {
        Some(k) => edges.get(k + 1).is_none_or(|&next| x1 <= next + SNAP),
        None => false,
    })
}

/// Column edges from the header line at `h` (and the header lines just
/// below it, for labels placed lower), moved left to the body's text; and
/// the labels themselves.
fn header_edges(lines: &[TextLine], runs: &[Vec<(f64, f64)>], h: usize, end: usize) -> (Vec<f64>, Vec<(f64, f64)>) {
    let mut labels: Vec<(f64, f64)> = runs[h].clone();
    for k in h + 1..end.min(h + 4) {
        if lines[k].y - lines[h].y > lines[h].size * HEADER_DEPTH {
            break;
        }
        for &run in &runs[k] {
            let covered = labels.iter().any(|l| run.0 <= l.1 + SNAP && run.1 >= l.0 - SNAP);
            if !covered {
                labels.push(run);
            }
        }
    }
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    let body: Vec<f64> = runs[h..end].iter().flatten().map(|r| r.0).collect();
    let mut edges = Vec::with_capacity(labels.len());
    for (k, label) in labels.iter().enumerate() {
        let floor = if k == 0 { f64::MIN } else { labels[k - 1].1 };
        let start = body.iter().copied().filter(|&x| x > floor && x <= label.0).fold(label.0, f64::min);
        edges.push(start);
    }
    (edges, labels)
}

/// The rows of a table found by alignment. A row starts at a line with text
/// in the first column, after a gap wider than the table's usual line
/// pitch, or where a column's text comes back after a line without it
/// (cells are top-aligned and have no blank lines). Each word goes to the
/// column whose left edge it is right of, unless it follows the word before
/// at a space's distance (a title running across columns) and, with
/// `exact` positions (a text layer, not OCR), does not start at a column's
/// edge (an office suite closes the gap between two cells of a wide table
/// to a space; a title in capitals stays whole). Text that goes
/// on in a column from the line just above into a new row, where that line
/// had to wrap (the new line's first word would not have fitted on it), is a
/// cell merged down from the row above (`row_span`); a header row merges
/// into nothing, and ends where a column's next line is no wrap of its label.
pub(crate) fn aligned_rows(
    lines: &[TextLine],
    edges: &[f64],
    header_first: bool,
    exact: bool,
    page: u32,
    index: u32,
) -> Table {
    let column_of = |x: f64| edges.iter().rposition(|&e| x >= e - SNAP).unwrap_or(0);
    // The column right of `c` whose edge a word starting at `x` starts.
    let edge_right_of = |c: usize, x: f64| (c + 1..edges.len()).find(|&k| (x - edges[k]).abs() <= AT_EDGE);
    let columns = edges.len();
    // Each line's words by column.
    let split: Vec<Vec<Option<TextLine>>> = lines
        .iter()
        .map(|line| {
            let mut per: Vec<Vec<Word>> = vec![Vec::new(); columns];
            let mut previous: Option<(usize, f64)> = None;
            let title = capitals(line);
            for w in &line.words {
                let column = match previous {
                    Some((c, x1)) if w.x0 - x1 <= line.size * SPACE_GAP => {
                        edge_right_of(c, w.x0).filter(|_| exact && !title).unwrap_or(c)
                    }
                    _ => column_of(w.x0),
                };
                per[column].push(w.clone());
                previous = Some((column, w.x1));
            }
            per.into_iter().map(|words| TextLine::from_words(words, line.y, line.size)).collect()
        })
        .collect();
    rows_of_split(lines, &split, edges, header_first, page, index, false)
}

/// The leading of a table's text: the lower quartile of the gaps between
/// the successive lines of one column. (Lines of cells centred against
/// taller ones fall between the taller cells' lines, so the gaps between
/// the table's successive lines may be half of it.) `None` where no column
/// has two lines.
fn column_leading(split: &[Vec<Option<TextLine>>]) -> Option<f64> {
    let columns = split.first().map_or(0, Vec::len);
    let mut gaps: Vec<f64> = Vec::new();
    for c in 0..columns {
        let ys: Vec<f64> = split.iter().filter_map(|p| p[c].as_ref().map(|l| l.y)).collect();
        gaps.extend(ys.windows(2).map(|w| w[1] - w[0]).filter(|d| *d > 0.0));
    }
    gaps.sort_by(f64::total_cmp);
    gaps.get(gaps.len() / 4).copied()
}

/// A title in capitals: the line's words after the first hold more than
/// eight letters, all capitals ("IV  XÂY DỰNG VÀ NÂNG CAO CHẤT LƯỢNG …").
fn capitals(line: &TextLine) -> bool {
    let mut letters = line.words.iter().skip(1).flat_map(|w| w.text.chars()).filter(|c| c.is_alphabetic());
    let mut count = 0usize;
    letters.all(|c| {
        count += 1;
        c.is_uppercase()
    }) && count > 8
}

/// The rows of a table found by alignment whose lines are already split
/// into columns (`split[line][column]`), as [`aligned_rows`] describes.
///
/// With `grid` (text on a character grid, where widths cannot tell a
/// wrapped line from a new cell), in a column whose cells start with item
/// numbers (three lines or more start one), a line right under the
/// column's last line that starts no item goes on in the same cell.
pub(crate) fn rows_of_split(
    lines: &[TextLine],
    split: &[Vec<Option<TextLine>>],
    edges: &[f64],
    header_first: bool,
    page: u32,
    index: u32,
    grid: bool,
) -> Table {
    let mut pitches: Vec<f64> = lines.windows(2).map(|w| w[1].y - w[0].y).filter(|d| *d > 0.0).collect();
    pitches.sort_by(f64::total_cmp);
    // The usual line pitch: on a character grid, where each line of text
    // stands on a line of its own, the lower quartile of the gaps between
    // lines; else the leading of the columns' text (centred cells put
    // lines between the lines of taller cells).
    let grid_pitch = pitches.get(pitches.len() / 4).copied().unwrap_or(f64::MAX);
    let pitch = if grid { grid_pitch } else { column_leading(split).unwrap_or(grid_pitch) };
    let columns = edges.len();
    // Row bands (first and last line) and, per row and column, the lines of
    // the cell that starts there; `owner[c]` is the row whose cell column
    // `c` is currently filling.
    let mut bands: Vec<(usize, usize)> = Vec::new();
    let mut cells: Vec<Vec<Vec<TextLine>>> = Vec::new();
    let mut owner: Vec<usize> = vec![0; columns];
    let mut last_line: Vec<Option<usize>> = vec![None; columns];
    let mut spans: Vec<Vec<u32>> = Vec::new();
    let mut covered: Vec<Vec<bool>> = Vec::new();
    // Where each column's text must wrap: the next column's edge less the
    // cell padding, the padding being the least room any column leaves.
    let widest: Vec<f64> = (0..columns)
        .map(|c| {
            let inside = |x: &f64| edges.get(c + 1).is_none_or(|next| *x <= *next);
            split.iter().filter_map(|p| p[c].as_ref().map(|l| l.x1)).filter(inside).fold(f64::MIN, f64::max)
        })
        .collect();
    let padding = (0..columns.saturating_sub(1))
        .filter(|&c| widest[c] > f64::MIN)
        .map(|c| (edges[c + 1] - widest[c]).max(0.0))
        .fold(f64::MAX, f64::min);
    let limit = |c: usize| match edges.get(c + 1) {
        Some(next) if padding < f64::MAX => next - padding,
        _ => widest[c],
    };
    // Whether `next` is the same paragraph wrapped from `prev`: its first
    // word would not have fitted at the end of `prev`, and it is no item.
    let numbered: Vec<bool> = (0..columns)
        .map(|c| grid && split.iter().filter(|p| p[c].as_ref().is_some_and(|l| starts_item(&l.text))).count() >= 3)
        .collect();
    let wrapped = |c: usize, prev: &TextLine, next: &TextLine| {
        let word = next.words.first().map_or(0.0, |w| w.x1 - w.x0);
        // Measured widths run a little short of the layout engine's: lean
        // towards "wrapped" by a fifth of the font size.
        !starts_item(&next.text)
            && (numbered[c] || prev.x1 + next.size * SPACE_WIDTH + word > limit(c) - next.size * WRAP_LEAN)
    };
    // Bands of rows whose cells are centred vertically, read as such.
    let mut centred = centred_bands(lines, split, pitch, grid, wrapped).into_iter().peekable();
    let mut after_centred = false;
    let mut skip_to = 0;
    for (i, parts) in split.iter().enumerate() {
        if i < skip_to {
            continue;
        }
        if let Some((_, end, rows)) = centred.next_if(|(top, _, _)| *top == i) {
            for row in rows {
                bands.push((row.first, row.last));
                let texts =
                    (0..columns).map(|c| row.cells[c].iter().filter_map(|&k| split[k][c].clone()).collect()).collect();
                cells.push(texts);
                spans.push(row.spans);
                covered.push(row.covered);
            }
            owner.fill(bands.len() - 1);
            last_line.fill(None);
            after_centred = true;
            skip_to = end;
            continue;
        }
        let band_top = std::mem::take(&mut after_centred);
        let present = |c: usize| parts[c].is_some();
        let first_column = present(0);
        let gap = i > 0 && lines[i].y - lines[i - 1].y > pitch * ROW_GAP;
        let resumed = (0..columns).any(|c| present(c) && last_line[c].is_some_and(|l| l + 1 < i));
        // Text right under a column's line that is not that line wrapped
        // starts a new cell, so a new row, where the column is still filling
        // a cell of an earlier row or the header.
        //
        // On a character grid a cell that starts with an item number
        // ("1.2. Tiếp tục …") goes on at a line right under it that starts
        // no item, like a column of numbered cells.
        let goes_on = |c: usize| {
            let cell = cells.get(owner[c]).map(|row| &row[c]);
            let header_cell = header_first && owner[c] == 0;
            match (cell.and_then(|lines| lines.last()), parts[c].as_ref()) {
                (Some(prev), Some(next)) if last_line[c] == Some(i - 1) => {
                    // On a character grid a cell does not begin again: a
                    // line repeating its first line is the next row's cell
                    // with the same text ("Các Phòng," under "… thuộc Sở").
                    if grid && cell.and_then(|lines| lines.first()).is_some_and(|l| l.text == next.text) {
                        return false;
                    }
                    let numbered_cell = grid
                        && !header_cell
                        && !starts_item(&next.text)
                        && cell.and_then(|lines| lines.first()).is_some_and(|l| starts_number(&l.text));
                    numbered_cell || wrapped(c, prev, next)
                }
                _ => false,
            }
        };
        let in_header = header_first && bands.len() == 1;
        let new_cell = (0..columns).any(|c| {
            present(c)
                && last_line[c] == Some(i.wrapping_sub(1))
                && (owner[c] + 1 < bands.len() || in_header)
                && !goes_on(c)
        });
        // On a character grid, where rows are top-aligned, text that starts
        // in a column empty since its row's first line, two lines or more
        // below it, starts a new row (a page that goes on with a cut row,
        // then the next row's cells beside its last lines).
        let late = grid
            && !in_header
            && bands.last().is_some_and(|&(first, _)| i > first + 1)
            && (0..columns).any(|c| present(c) && owner[c] + 1 == bands.len() && cells[owner[c]][c].is_empty());
        if bands.is_empty() || first_column || gap || resumed || new_cell || band_top || late {
            let fresh = bands.is_empty() || first_column || gap || band_top;
            let row = bands.len();
            let flowing: Vec<bool> =
                (0..columns).map(|c| !(fresh || header_first && owner[c] == 0) && goes_on(c)).collect();
            spans.push(vec![1; columns]);
            covered.push(vec![false; columns]);
            for c in 0..columns {
                if flowing[c] {
                    spans[owner[c]][c] += 1;
                    covered[row][c] = true;
                } else {
                    owner[c] = row;
                    last_line[c] = None;
                }
            }
            bands.push((i, i));
            cells.push(vec![Vec::new(); columns]);
        }
        let row = bands.len() - 1;
        bands[row].1 = i;
        for (c, part) in parts.iter().enumerate() {
            if let Some(part) = part {
                cells[owner[c]][c].push(part.clone());
                last_line[c] = Some(i);
            }
        }
    }
    let right = lines.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
    let mut table = Table::default();
    for (r, &(first, last)) in bands.iter().enumerate() {
        let (top, bottom) = (lines[first].y - lines[first].size, lines[last].y + lines[last].size * DESCENT);
        let row_location = Location {
            page: Some(page),
            table: Some(index),
            row: Some(r as u32 + 1),
            bbox: bbox(edges[0], top, right, bottom),
            ..Location::default()
        };
        let mut row = Row { cells: Vec::new(), header: false, location: row_location };
        for (c, &edge) in edges.iter().enumerate() {
            let next = edges.get(c + 1).copied().unwrap_or(right);
            let location =
                Location { column: Some(c as u32 + 1), bbox: bbox(edge, top, next, bottom), ..row.location.clone() };
            // On a character grid a word wider than its column was cut
            // where the line filled it ("30/6/20" + "30"): rejoined where it
            // reads as one token.
            let text = if grid {
                cell_text_within(&cells[r][c], Some((limit(c) - edge, limit(c))))
            } else {
                cell_text(&cells[r][c])
            };
            let mut cell = Cell::new(text, location);
            cell.row_span = spans[r][c];
            cell.merged_above = covered[r][c];
            row.cells.push(cell);
        }
        table.rows.push(row);
    }
    let (top, bottom) = (lines[0].y - lines[0].size, lines[lines.len() - 1].y + lines[lines.len() - 1].size * DESCENT);
    table.location = Location {
        page: Some(page),
        table: Some(index),
        bbox: bbox(edges[0], top, right, bottom),
        ..Location::default()
    };
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_line as line;

    #[test]
    fn a_table_without_rules_is_found_by_alignment() {
        // Header, a row whose first cell wraps onto a second line while the
        // third column's text flows on, then a row whose text starts back in
        // the first column. Column 2's second row starts right under its
        // first one: no wrap (the line above was short), so a new cell.
        let lines = vec![
            line(100.0, &[(10.0, "KẾ HOẠCH")]),
            line(130.0, &[(10.0, "TT"), (40.0, "Nhiệm vụ"), (200.0, "Sản phẩm"), (330.0, "Tiến độ")]),
            line(143.0, &[(10.0, "1"), (40.0, "Rà soát văn bản"), (200.0, "Báo cáo"), (330.0, "Quý I")]),
            line(156.0, &[(40.0, "QPPL")]),
            line(169.0, &[(10.0, "2"), (40.0, "Kiểm tra"), (200.0, "Kế hoạch"), (330.0, "Quý II")]),
            line(240.0, &[(10.0, "Nơi nhận:")]),
        ];
        let found = aligned_table(&lines, None, false).expect("a table");
        assert_eq!((found.start, found.end), (1, 5), "the title and the note are outside");
        assert_eq!(found.edges, vec![10.0, 40.0, 200.0, 330.0]);
        let table = aligned_rows(&lines[1..5], &found.edges, true, true, 1, 1);
        let texts: Vec<Vec<&str>> =
            table.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(
            texts,
            vec![
                vec!["TT", "Nhiệm vụ", "Sản phẩm", "Tiến độ"],
                vec!["1", "Rà soát văn bản QPPL", "Báo cáo", "Quý I"],
                vec!["2", "Kiểm tra", "Kế hoạch", "Quý II"],
            ]
        );
        assert_eq!(table.rows[2].cells[1].location.row, Some(3));
        assert!(table.rows[2].cells[1].location.bbox.is_some());
        // Fewer than three columns is no table.
        assert!(aligned_table(&lines[..1], None, false).is_none());
    }
}
