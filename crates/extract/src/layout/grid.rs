//! Ruled tables: horizontal and vertical segments that touch form a grid;
//! a missing vertical segment inside a row band is a horizontal merge, a
//! missing horizontal one a vertical merge (`row_span` and `merged_above`,
//! as DOCX gives them); glyphs go to the cell holding their centre.

use super::lines::{cell_text_within, text_lines, TextLine};
use super::tolerance::SNAP;
use super::{bbox, Glyph, Segment};
use crate::model::{Cell, Location, Row, Table};

/// A ruled table found on a page: grid lines and which cell owns each
/// grid position.
#[derive(Debug)]
pub(crate) struct Grid {
    pub(crate) xs: Vec<f64>,
    pub(crate) ys: Vec<f64>,
    /// For each grid position (row-major), the index of its cell.
    pub(crate) owner: Vec<usize>,
    /// Cells: top-left grid position and spans.
    pub(crate) cells: Vec<GridCell>,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct GridCell {
    pub(crate) row: usize,
    pub(crate) col: usize,
    pub(crate) rows: usize,
    pub(crate) cols: usize,
}

impl Grid {
    pub(crate) fn bbox(&self) -> (f64, f64, f64, f64) {
        (self.xs[0], self.ys[0], self.xs[self.xs.len() - 1], self.ys[self.ys.len() - 1])
    }

    pub(crate) fn contains(&self, (x, y): (f64, f64)) -> bool {
        let (x0, y0, x1, y1) = self.bbox();
        x >= x0 && x <= x1 && y >= y0 && y <= y1
    }

    /// Each cell's box (left, top, right, bottom).
    pub(crate) fn cell_boxes(&self) -> impl Iterator<Item = (f64, f64, f64, f64)> + '_ {
        self.cells.iter().map(|c| (self.xs[c.col], self.ys[c.row], self.xs[c.col + c.cols], self.ys[c.row + c.rows]))
    }

    /// The cell holding a point inside the grid.
    pub(crate) fn cell_at(&self, (x, y): (f64, f64)) -> usize {
        let col = self.xs.partition_point(|&v| v <= x).clamp(1, self.xs.len() - 1) - 1;
        let row = self.ys.partition_point(|&v| v <= y).clamp(1, self.ys.len() - 1) - 1;
        self.owner[row * (self.xs.len() - 1) + col]
    }
}

/// Sorts segments and joins those on one line that touch or overlap.
fn merge_segments(mut segments: Vec<Segment>) -> Vec<Segment> {
    segments.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut lines: Vec<Vec<Segment>> = Vec::new();
    for s in segments {
        match lines.last_mut() {
            Some(line) if (line[0].at - s.at).abs() <= SNAP => line.push(s),
            _ => lines.push(vec![s]),
        }
    }
    let mut merged = Vec::new();
    for mut line in lines {
        let at = line.iter().map(|s| s.at).sum::<f64>() / line.len() as f64;
        line.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut current: Option<Segment> = None;
        for s in line {
            match &mut current {
                Some(c) if s.from <= c.to + SNAP => c.to = c.to.max(s.to),
                _ => {
                    if let Some(c) = current.take() {
                        merged.push(c);
                    }
                    current = Some(Segment { at, ..s });
                }
            }
        }
        merged.extend(current);
    }
    merged
}

/// Groups values closer than [`SNAP`] and returns each group's mean.
pub(super) fn cluster(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut groups: Vec<Vec<f64>> = Vec::new();
    for v in values {
        match groups.last_mut() {
            Some(g) if v - g[g.len() - 1] <= SNAP => g.push(v),
            _ => groups.push(vec![v]),
        }
    }
    groups.iter().map(|g| g.iter().sum::<f64>() / g.len() as f64).collect()
}

/// Finds the ruled tables of a page: connected sets of horizontal and
/// vertical segments with at least two of each.
pub(crate) fn find_grids(horizontal: Vec<Segment>, vertical: Vec<Segment>) -> Vec<Grid> {
    let h = merge_segments(horizontal);
    let v = merge_segments(vertical);
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, hs) in h.iter().enumerate() {
        for (j, vs) in v.iter().enumerate() {
            let touches =
                vs.at >= hs.from - SNAP && vs.at <= hs.to + SNAP && hs.at >= vs.from - SNAP && hs.at <= vs.to + SNAP;
            if touches {
                let (a, b) = (find(&mut parent, i), find(&mut parent, h.len() + j));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Segment>, Vec<Segment>)> = Default::default();
    for i in 0..n {
        let root = find(&mut parent, i);
        let entry = groups.entry(root).or_default();
        if i < h.len() {
            entry.0.push(h[i]);
        } else {
            entry.1.push(v[i - h.len()]);
        }
    }
    // A single box (a frame, a text box) is no table.
    let mut grids: Vec<Grid> =
        groups.into_values().filter_map(|(h, v)| grid(&h, &v)).filter(|g| g.cells.len() >= 2).collect();
    grids.sort_by(|a, b| a.ys[0].total_cmp(&b.ys[0]));
    grids
}

/// Builds the cell structure of one table from its segments.
fn grid(h: &[Segment], v: &[Segment]) -> Option<Grid> {
    if h.len() < 2 || v.len() < 2 {
        return None;
    }
    let mut ys = cluster(h.iter().map(|s| s.at).collect());
    let xs = cluster(v.iter().map(|s| s.at).collect());
    if ys.len() < 2 || xs.len() < 2 {
        return None;
    }
    close_cut_rows(&mut ys, &xs, v);
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    // A boundary separates two grid positions when a segment runs along it
    // through the middle of their shared edge.
    let vertical_rule = |k: usize, r: usize| {
        let mid = (ys[r] + ys[r + 1]) / 2.0;
        v.iter().any(|s| (s.at - xs[k]).abs() <= SNAP && s.from <= mid && s.to >= mid)
    };
    let horizontal_rule = |k: usize, c: usize| {
        let mid = (xs[c] + xs[c + 1]) / 2.0;
        h.iter().any(|s| (s.at - ys[k]).abs() <= SNAP && s.from <= mid && s.to >= mid)
    };
    let mut owner = vec![usize::MAX; rows * cols];
    let mut cells = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            if owner[r * cols + c] != usize::MAX {
                continue;
            }
            let mut span = 1;
            while c + span < cols && !vertical_rule(c + span, r) && owner[r * cols + c + span] == usize::MAX {
                span += 1;
            }
            let mut down = 1;
            while r + down < rows
                && (c..c + span).all(|cc| !horizontal_rule(r + down, cc) && owner[(r + down) * cols + cc] == usize::MAX)
            {
                down += 1;
            }
            for rr in r..r + down {
                for cc in c..c + span {
                    owner[rr * cols + cc] = cells.len();
                }
            }
            cells.push(GridCell { row: r, col: c, rows: down, cols: span });
        }
    }
    Some(Grid { xs, ys, owner, cells })
}

/// Points: outer rules that run on this far past a table's last (or
/// before its first) horizontal rule hold a row the page break left open.
const OPEN_ROW: f64 = 4.0;

/// A row cut by a page break as Chromium prints it: its cells' rules run
/// down to the page's foot (or, on the next page, from its head) with no
/// horizontal rule closing them, so its text fell outside the grid and
/// became paragraphs. Where both outer vertical rules run on past the
/// first or last horizontal rule by more than [`OPEN_ROW`], the grid gets a
/// band there, closed where the shorter of the two ends.
fn close_cut_rows(ys: &mut Vec<f64>, xs: &[f64], v: &[Segment]) {
    let along = |x: f64| v.iter().filter(move |s| (s.at - x).abs() <= SNAP);
    let (left, right) = (xs[0], xs[xs.len() - 1]);
    let lowest = |x: f64| along(x).map(|s| s.to).fold(f64::MIN, f64::max);
    let highest = |x: f64| along(x).map(|s| s.from).fold(f64::MAX, f64::min);
    let bottom = lowest(left).min(lowest(right));
    if bottom > ys[ys.len() - 1] + OPEN_ROW {
        ys.push(bottom);
    }
    let top = highest(left).max(highest(right));
    if top < ys[0] - OPEN_ROW {
        ys.insert(0, top);
    }
}

/// One page's part of a ruled table.
pub(crate) fn table(grid: &Grid, glyphs: Vec<Vec<Glyph>>, page: u32, index: u32) -> Table {
    let cols = grid.xs.len() - 1;
    let lines: Vec<Vec<TextLine>> = glyphs.into_iter().map(text_lines).collect();
    // The cells' padding: the least room left of any cell's lines (a list
    // number hung across the table's rule, `super::overhanging`, aside).
    let padding = grid
        .cell_boxes()
        .zip(&lines)
        .flat_map(|((left, _, _, _), ls)| ls.iter().map(move |l| l.x0 - left))
        .filter(|&room| room >= -SNAP)
        .fold(f64::MAX, f64::min)
        .max(0.0);
    let texts: Vec<String> = grid
        .cell_boxes()
        .zip(&lines)
        .map(|((left, _, right, _), ls)| {
            let bounds = (padding < f64::MAX).then_some((right - left - 2.0 * padding, right - padding));
            cell_text_within(ls, bounds)
        })
        .collect();
    let (x0, y0, x1, y1) = grid.bbox();
    let mut table = Table {
        rows: Vec::new(),
        location: Location { page: Some(page), table: Some(index), bbox: bbox(x0, y0, x1, y1), ..Location::default() },
    };
    for r in 0..grid.ys.len() - 1 {
        let row_number = r as u32 + 1;
        let mut cells = Vec::new();
        let mut c = 0;
        let mut column = 0u32;
        while c < cols {
            let id = grid.owner[r * cols + c];
            let cell = grid.cells[id];
            column += 1;
            let location = Location {
                page: Some(page),
                table: Some(index),
                row: Some(row_number),
                column: Some(column),
                bbox: bbox(
                    grid.xs[cell.col],
                    grid.ys[cell.row],
                    grid.xs[cell.col + cell.cols],
                    grid.ys[cell.row + cell.rows],
                ),
                ..Location::default()
            };
            let mut out = Cell::new(if cell.row == r { texts[id].clone() } else { String::new() }, location);
            out.col_span = cell.cols as u32;
            if cell.row == r {
                out.row_span = cell.rows as u32;
            } else {
                out.merged_above = true;
            }
            cells.push(out);
            c += cell.cols;
        }
        table.rows.push(Row {
            cells,
            header: false,
            location: Location {
                page: Some(page),
                table: Some(index),
                row: Some(row_number),
                bbox: bbox(x0, grid.ys[r], x1, grid.ys[r + 1]),
                ..Location::default()
            },
        });
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(at: f64, from: f64, to: f64) -> Segment {
        Segment { at, from, to }
    }

    #[test]
    fn a_grid_with_a_missing_rule_merges_cells() {
        // 3 columns × 3 rows; row 2 has no rule between columns 2 and 3
        // (a horizontal merge); column 1 has no rule between rows 2 and 3
        // (a vertical merge).
        let horizontal = vec![h(10.0, 0.0, 300.0), h(30.0, 0.0, 300.0), h(50.0, 100.0, 300.0), h(70.0, 0.0, 300.0)];
        let vertical = vec![
            h(0.0, 10.0, 70.0),
            h(100.0, 10.0, 70.0),
            h(200.0, 10.0, 30.0),
            h(200.0, 50.0, 70.0),
            h(300.0, 10.0, 70.0),
        ];
        let grids = find_grids(horizontal, vertical);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!(g.xs.len(), 4);
        assert_eq!(g.ys.len(), 4);
        let spans: Vec<(usize, usize, usize, usize)> = g.cells.iter().map(|c| (c.row, c.col, c.rows, c.cols)).collect();
        assert_eq!(
            spans,
            vec![(0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 1, 1), (1, 0, 2, 1), (1, 1, 1, 2), (2, 1, 1, 1), (2, 2, 1, 1)]
        );
        assert_eq!(g.cell_at((50.0, 60.0)), 3, "row 3, column 1 belongs to the merged cell");
    }

    /// A row cut by a page break with no rule closing it (Chromium): the
    /// outer and inner rules run on 30 pt below the last horizontal rule,
    /// so the grid gets a third row of three cells there; rules that stop
    /// at the last horizontal one (a closed table) add none. The same at a
    /// page's head.
    #[test]
    fn a_row_left_open_by_a_page_break_is_closed_where_its_rules_end() {
        let horizontal = vec![h(10.0, 0.0, 300.0), h(30.0, 0.0, 300.0), h(50.0, 0.0, 300.0)];
        let rules = |from: f64, to: f64| -> Vec<Segment> {
            [0.0, 100.0, 200.0, 300.0].iter().map(|&x| h(x, from, to)).collect()
        };
        let rows = |vertical: Vec<Segment>| find_grids(horizontal.clone(), vertical)[0].ys.len() - 1;
        assert_eq!(rows(rules(10.0, 50.0)), 2, "closed");
        assert_eq!(rows(rules(10.0, 50.0 + OPEN_ROW - 0.5)), 2, "a rule's overshoot");
        let open = find_grids(horizontal.clone(), rules(10.0, 80.0));
        assert_eq!(open[0].ys, vec![10.0, 30.0, 50.0, 80.0]);
        assert_eq!(open[0].cells.len(), 9);
        assert_eq!(find_grids(horizontal.clone(), rules(-20.0, 50.0))[0].ys, vec![-20.0, 10.0, 30.0, 50.0]);
    }

    #[test]
    fn separate_rulings_are_separate_tables() {
        let horizontal = vec![h(10.0, 0.0, 100.0), h(20.0, 0.0, 100.0), h(200.0, 0.0, 100.0), h(220.0, 0.0, 100.0)];
        let vertical = vec![
            h(0.0, 10.0, 20.0),
            h(50.0, 10.0, 20.0),
            h(100.0, 10.0, 20.0),
            h(0.0, 200.0, 220.0),
            h(50.0, 200.0, 220.0),
            h(100.0, 200.0, 220.0),
        ];
        assert_eq!(find_grids(horizontal.clone(), vertical).len(), 2);
        // A single box (a frame) is no table.
        let frame = vec![h(0.0, 10.0, 20.0), h(100.0, 10.0, 20.0)];
        assert!(find_grids(horizontal[..2].to_vec(), frame).is_empty());
        // Lines that never cross (underlines, a frame's single rule) are no table.
        assert!(find_grids(vec![h(10.0, 0.0, 100.0), h(40.0, 0.0, 100.0)], vec![]).is_empty());
    }
}
