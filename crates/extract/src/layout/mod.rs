//! The layout stage: positioned glyphs and ruling lines of each page, as a
//! backend produced them (the PDF text layer through pdf-extract, or OCR
//! words and rules of a scanned page or image), rebuilt into blocks:
//!
//! - **tables** from ruling lines (`grid`) or, without rules, from
//!   alignment (`aligned`, also used for space-aligned text by `columns`);
//! - **paragraphs** from the glyphs outside tables: lines by baseline
//!   (`lines`), lines joined while they continue one another
//!   (`paragraphs`), except a letterhead or signature printed in two
//!   columns, which is a one-row, two-cell table as Word sets it (`frame`);
//! - **page furniture** (`furniture`): page numbers and running lines
//!   repeated at the same height on most pages are dropped, once noted.
//!
//! Each page ends with a [`Block::PageBreak`], so a table row that continues
//! on the next page and header rows repeated on every page are handled by the
//! parser exactly as in text input. Every block carries its page and its box
//! (`bbox`, whole points from the page's top-left corner). The tolerances
//! are named, with their reasons, in `tolerance`. This module knows nothing
//! of PDF or OCR.

mod aligned;
mod centred;
mod frame;
mod furniture;
mod grid;
mod lines;
mod paragraphs;
pub(crate) mod tolerance;

pub(crate) use aligned::{aligned_rows, aligned_table, rows_of_split, Aligned};
pub(crate) use grid::{find_grids, Grid};
pub(crate) use lines::{starts_number, visual_lines, TextLine, Word};

use crate::model::{Block, Diagnostic, Level, Location, Table};
use crate::Code;
pub(crate) use furniture::is_page_number;
use furniture::running_lines;
use grid::table;
use lines::text_lines;
use tolerance::{CENTRE_RISE, FURNITURE_MARGIN, SAME_LINE, SPACE_GAP, WORD_JOIN};

/// One glyph as drawn: top-down coordinates in points.
#[derive(Clone, Debug)]
pub(crate) struct Glyph {
    pub(crate) x: f64,
    /// Baseline, measured from the top of the page.
    pub(crate) y: f64,
    pub(crate) width: f64,
    pub(crate) size: f64,
    pub(crate) text: String,
}

impl Glyph {
    pub(crate) fn centre(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y - self.size * CENTRE_RISE)
    }
}

/// A horizontal or vertical ruling segment: `at` is its y (horizontal) or x
/// (vertical); it runs from `from` to `to` along the other axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Segment {
    pub(crate) at: f64,
    pub(crate) from: f64,
    pub(crate) to: f64,
}

/// What a backend found on one page: glyphs (or OCR words) and ruling
/// segments, in points from the page's top-left corner.
#[derive(Debug, Default)]
pub(crate) struct PageContent {
    /// 1-based page number.
    pub(crate) number: u32,
    pub(crate) width: f64,
    pub(crate) height: f64,
    pub(crate) glyphs: Vec<Glyph>,
    pub(crate) horizontal: Vec<Segment>,
    pub(crate) vertical: Vec<Segment>,
    /// The glyphs are OCR words (a scanned page).
    pub(crate) ocr: bool,
}

/// Rounds a box to whole points for provenance.
pub(crate) fn bbox(x0: f64, y0: f64, x1: f64, y1: f64) -> Option<[u32; 4]> {
    let p = |v: f64| v.max(0.0).round().min(f64::from(u32::MAX)) as u32;
    Some([p(x0), p(y0), p(x1), p(y1)])
}

/// Something placed on a page, in reading order by its top.
enum Placed {
    Table(f64, Table),
    Lines(f64, Vec<TextLine>),
}

/// Turns the pages a backend collected into blocks.
pub(crate) fn blocks(pages: Vec<PageContent>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Block> {
    let running = running_lines(&pages);
    let mut blocks = Vec::new();
    let mut tables = 0u32;
    let mut dropped = 0usize;
    let total = pages.len();
    // The column edges of a table found by alignment that ended the last page.
    let mut aligned_open: Option<Vec<f64>> = None;
    for (index, page) in pages.into_iter().enumerate() {
        let number = page.number;
        let (height, number_margin) = (page.height, furniture::number_margin(&page));
        let grids = find_grids(page.horizontal, page.vertical);
        let mut per_cell: Vec<Vec<Vec<Glyph>>> = grids.iter().map(|g| vec![Vec::new(); g.cells.len()]).collect();
        let mut outside = Vec::new();
        // OCR words line by line, for the rule below.
        let glyphs: Vec<Glyph> = if page.ocr { visual_lines(page.glyphs).concat() } else { page.glyphs };
        // (table, cell, baseline, right end) of the last word placed.
        let mut previous: Option<(usize, usize, f64, f64)> = None;
        for glyph in glyphs {
            let centre = glyph.centre();
            match grids.iter().position(|g| g.contains(centre)) {
                Some(t) => {
                    let mut cell = grids[t].cell_at(centre);
                    // Tesseract reports a column rule over the whole table,
                    // also through merged cells: an OCR word that follows
                    // the word before at a space's distance stays in its cell.
                    if let Some((pt, pc, py, px1)) = previous {
                        let same_line = (glyph.y - py).abs() <= glyph.size * SAME_LINE && glyph.x > px1 - glyph.size;
                        if page.ocr && pt == t && same_line && glyph.x - px1 <= glyph.size * SPACE_GAP {
                            cell = pc;
                        }
                    }
                    previous = Some((t, cell, glyph.y, glyph.x + glyph.width));
                    per_cell[t][cell].push(glyph);
                }
                None => outside.push(glyph),
            }
        }
        let outside = overhanging(&grids, &mut per_cell, outside);
        let mut placed = Vec::new();
        for (grid, glyphs) in grids.iter().zip(per_cell) {
            tables += 1;
            placed.push(Placed::Table(grid.ys[0], table(grid, glyphs, number, tables)));
        }
        let lines: Vec<TextLine> = text_lines(outside)
            .into_iter()
            .filter(|line| {
                let near = |margin: f64| line.y < margin || line.y > height - margin;
                let furniture = (near(number_margin) && is_page_number(&line.text))
                    || (near(height * FURNITURE_MARGIN)
                        && running.contains(&(line.text.clone(), line.y.round() as i64)));
                dropped += usize::from(furniture);
                !furniture
            })
            .collect();
        // Without ruling lines, a table may still be there by alignment.
        let mut lines = lines;
        if grids.is_empty() {
            match aligned_table(&lines, aligned_open.as_deref(), false) {
                Some(found) => {
                    let after = lines.split_off(found.end);
                    let rows: Vec<TextLine> = lines.split_off(found.start);
                    aligned_open = after.is_empty().then(|| found.edges.clone());
                    tables += 1;
                    let table = aligned_rows(&rows, &found.edges, found.header, !page.ocr, number, tables);
                    placed.push(Placed::Table(rows[0].y - rows[0].size, table));
                    if let Some(first) = after.first() {
                        placed.push(Placed::Lines(first.y - first.size, after));
                    }
                }
                None => aligned_open = None,
            }
        } else {
            aligned_open = None;
        }
        // Lines between two tables (or before/after them) stay together.
        let mut group: Vec<TextLine> = Vec::new();
        let tops: Vec<f64> = grids.iter().map(|g| g.ys[0]).collect();
        for line in lines {
            let split = group.last().is_some_and(|last| tops.iter().any(|&t| last.y < t && line.y > t));
            if split {
                let top = group[0].y - group[0].size;
                placed.push(Placed::Lines(top, std::mem::take(&mut group)));
            }
            group.push(line);
        }
        if !group.is_empty() {
            let top = group[0].y - group[0].size;
            placed.push(Placed::Lines(top, group));
        }
        placed.sort_by(|a, b| {
            let top = |p: &Placed| match p {
                Placed::Table(t, _) | Placed::Lines(t, _) => *t,
            };
            top(a).total_cmp(&top(b))
        });
        for p in placed {
            match p {
                Placed::Table(_, t) => blocks.push(Block::Table(t)),
                Placed::Lines(_, lines) => blocks.extend(frame::blocks(&lines, number, page.width, &mut tables)),
            }
        }
        if index + 1 < total {
            blocks.push(Block::PageBreak(Location { page: Some(number), ..Location::default() }));
        }
    }
    if dropped > 0 {
        diagnostics.push(Diagnostic::new(
            Level::Info,
            Code::PdfPageFurniture,
            format!("{dropped} page number or running header/footer line(s) left out"),
            None,
        ));
    }
    blocks
}

/// Glyphs drawn just outside a ruled table, continuing a word inside one
/// of its cells with no space between them, belong to that cell: Word
/// hangs a cell's list number ("1.1.") into the cell's margin and, with a
/// narrow margin, across the table's outer rule, so an office suite's PDF
/// prints the first "1" outside the table. Left alone, the number loses
/// its first digit and the stray digit splits the table in two. Returns
/// the glyphs still outside.
fn overhanging(grids: &[Grid], per_cell: &mut [Vec<Vec<Glyph>>], outside: Vec<Glyph>) -> Vec<Glyph> {
    let near = |g: &Glyph, grid: &Grid| {
        let (x0, y0, x1, y1) = grid.bbox();
        let (_, cy) = g.centre();
        cy >= y0 && cy <= y1 && g.x + g.width >= x0 - g.size * 3.0 && g.x <= x1 + g.size * 3.0
    };
    if !outside.iter().any(|g| grids.iter().any(|grid| near(g, grid))) {
        return outside;
    }
    let mut left: Vec<Option<Glyph>> = outside.into_iter().map(Some).collect();
    // Each pass takes the glyphs next to a glyph already in a cell, so a
    // number of several digits is taken digit by digit from the rule out.
    loop {
        let mut moved = false;
        for slot in left.iter_mut() {
            let Some(g) = slot.as_ref() else { continue };
            if g.text.trim().is_empty() {
                continue;
            }
            let Some(t) = grids.iter().position(|grid| near(g, grid)) else { continue };
            let (cx, _) = g.centre();
            let before = cx < grids[t].bbox().0;
            let glued = |h: &Glyph| {
                let gap = if before { h.x - (g.x + g.width) } else { g.x - (h.x + h.width) };
                (h.y - g.y).abs() <= g.size * SAME_LINE && gap >= -g.size * WORD_JOIN && gap <= g.size * WORD_JOIN
            };
            let found = per_cell[t].iter().enumerate().find_map(|(c, glyphs)| {
                glyphs.iter().position(|h| !h.text.trim().is_empty() && glued(h)).map(|i| (c, i))
            });
            if let Some((c, i)) = found {
                let g = slot.take().expect("checked above");
                per_cell[t][c].insert(if before { i } else { i + 1 }, g);
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    left.into_iter().flatten().collect()
}

/// Glyphs of `text` from `x` at baseline `y`, one per character, 6 pt
/// apart, 11 pt in size.
#[cfg(test)]
pub(crate) fn test_glyphs(text: &str, x: f64, y: f64) -> Vec<Glyph> {
    text.chars()
        .enumerate()
        .map(|(i, c)| Glyph { x: x + i as f64 * 6.0, y, width: 5.5, size: 11.0, text: c.to_string() })
        .collect()
}

/// A page line from (x, text) runs at baseline `y`, one glyph per
/// character, 6 pt apart.
#[cfg(test)]
pub(crate) fn test_line(y: f64, runs: &[(f64, &str)]) -> TextLine {
    let mut all = Vec::new();
    for (x, text) in runs {
        all.extend(test_glyphs(text, *x, y));
    }
    text_lines(all).remove(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of a page with a two-column ruled table (x 50–150–300,
    /// y 80–120) and `glyphs`: the first cell's, then every paragraph's.
    fn first_cell_and_paragraphs(glyphs: Vec<Glyph>) -> (String, Vec<String>) {
        let h = |at| Segment { at, from: 50.0, to: 300.0 };
        let v = |at| Segment { at, from: 80.0, to: 120.0 };
        let page = PageContent {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs,
            horizontal: vec![h(80.0), h(100.0), h(120.0)],
            vertical: vec![v(50.0), v(150.0), v(300.0)],
            ..PageContent::default()
        };
        let mut cell = String::new();
        let mut paragraphs = Vec::new();
        for block in blocks(vec![page], &mut Vec::new()) {
            match block {
                Block::Table(t) => cell = t.rows[0].cells[0].text.clone(),
                Block::Paragraph(p) => paragraphs.push(p.text),
                _ => {}
            }
        }
        (cell, paragraphs)
    }

    #[test]
    fn a_list_number_hung_across_the_outer_rule_stays_in_its_cell() {
        // "1.1." from x = 44: its "1" is left of the rule at x = 50.
        let mut glyphs = test_glyphs("1.1.", 44.0, 95.0);
        glyphs.extend(test_glyphs("Việc", 80.0, 95.0));
        assert_eq!(first_cell_and_paragraphs(glyphs), ("1.1. Việc".to_string(), vec![]));
        // "12.1." from x = 38: two digits outside, taken one after the other.
        let mut glyphs = test_glyphs("12.1.", 38.0, 95.0);
        glyphs.extend(test_glyphs("Việc", 80.0, 95.0));
        assert_eq!(first_cell_and_paragraphs(glyphs).0, "12.1. Việc");
        // A mark a space away from the rule's text is no part of the cell.
        let mut glyphs = test_glyphs("*", 40.0, 95.0);
        glyphs.extend(test_glyphs("1.1.", 56.0, 95.0));
        assert_eq!(first_cell_and_paragraphs(glyphs), ("1.1.".to_string(), vec!["*".to_string()]));
    }
}
