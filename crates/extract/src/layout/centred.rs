//! Rows of a table without rules whose cells are centred vertically, as
//! office suites print plan tables: each cell's lines stand around the
//! middle of its row, so a short cell's lines fall between a tall cell's,
//! and the row number sits on a middle line, not the first.
//!
//! The lines fall into bands, runs of lines no further apart than
//! [`ROW_GAP`] × the leading (cell padding and paragraph spacing part
//! rows). In a band, the first column's cells (numbers: one entry each,
//! its lines wrapped from one another) anchor the rows: the first row runs
//! from the band's first line to twice its number's middle less that line,
//! the next from the line after, and so on, and the last row must end at
//! the band's last line; a number below its row's first line must stand
//! beside a cell whose wrapped lines run on across it (top-aligned rows
//! start every cell on the number's line). A band with no number is one row when every
//! column's text is centred in it. A column's cell (its lines wrapped from
//! one another) belongs to the row it is centred in; a cell centred on
//! several rows and alone in them is merged down over them, as an office
//! suite draws a merged cell (also over the next band's first row: a gap
//! parts the rows, not the cell); any other text goes to the row it stands
//! in.
//! Where a number starts below its row's first line, the band is read so;
//! elsewhere (top-aligned cells) the caller's rules read it.

use super::lines::TextLine;
use super::tolerance::{CENTRE_SLACK, ROW_GAP};

/// One row of centred cells: its first and last line, the lines of each
/// column's cell that starts in it, how many rows each cell spans, and
/// which cells are covered by a cell merged down from a row above.
#[derive(Debug)]
pub(super) struct CentredRow {
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) cells: Vec<Vec<usize>>,
    pub(super) spans: Vec<u32>,
    pub(super) covered: Vec<bool>,
}

/// The bands of `lines` that read as rows of centred cells: (first line,
/// end, rows). `continues(column, above, below)` tells whether `below` is
/// the same paragraph as `above`, wrapped. On a character `grid`, where
/// each baseline gets a line of its own, a cell's lines may stand two lines
/// apart (another cell's line between them): `leading` is then the grid's
/// line pitch.
pub(super) fn centred_bands(
    lines: &[TextLine],
    split: &[Vec<Option<TextLine>>],
    leading: f64,
    grid: bool,
    continues: impl Fn(usize, &TextLine, &TextLine) -> bool,
) -> Vec<(usize, usize, Vec<CentredRow>)> {
    let mut bands: Vec<(usize, usize)> = Vec::new();
    let mut top = 0;
    // On a character grid the row of column numbers under a header ("(1)
    // (2) … (9)") stands apart like a row of its own: no cell is centred
    // across it (pdftotext prints a group's row right under it).
    let apart = |i: usize| grid && column_numbers(&lines[i]);
    while top < lines.len() {
        let mut end = top + 1;
        while end < lines.len()
            && lines[end].y - lines[end - 1].y <= leading * ROW_GAP
            && !apart(end)
            && !apart(end - 1)
        {
            end += 1;
        }
        bands.push((top, end));
        top = end;
    }
    let reach = leading * ROW_GAP * if grid { 2.0 } else { 1.0 };
    let mut out = Vec::new();
    let mut k = 0;
    while k < bands.len() {
        let (top, end) = bands[k];
        k += 1;
        if end - top < 2 {
            continue;
        }
        let Some((rows, stray)) = band_rows(lines, split, (top, end), leading, reach, &continues) else { continue };
        // A cell centred on no row of its band may be merged down over the
        // next band's first row (a gap parts the rows, not the cell).
        let joined = bands.get(k).filter(|_| stray > 0).and_then(|&(_, next_end)| {
            band_rows(lines, split, (top, next_end), leading, reach, &continues)
                .filter(|(_, fewer)| *fewer < stray)
                .map(|(rows, _)| (rows, next_end))
        });
        match joined {
            Some((rows, next_end)) => {
                out.push((top, next_end, rows));
                k += 1;
            }
            None => out.push((top, end, rows)),
        }
    }
    out
}

/// Whether a line holds only the columns' own numbers, three or more,
/// counting up by one from 1: "(1) (2) (3)", "1 2 3", "[1] [2] [3]".
fn column_numbers(line: &TextLine) -> bool {
    line.words.len() >= 3
        && line.words.iter().enumerate().all(|(k, w)| {
            let bare = w.text.trim_start_matches(['(', '[']).trim_end_matches([')', ']']);
            bare.parse::<usize>().is_ok_and(|n| n == k + 1) && bare.len() <= 2
        })
}

/// Whether a cell's line is a row's label alone: "1", "12.", "1.2",
/// "IV".
fn row_label(text: &str) -> bool {
    let text = text.strip_suffix('.').unwrap_or(text);
    let numbered = !text.is_empty()
        && text.split('.').all(|part| (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()));
    let roman = (1..=6).contains(&text.len()) && text.bytes().all(|b| b"IVXLC".contains(&b));
    numbered || roman
}

/// A column's cells in lines `top..end`: runs of its lines, each wrapped
/// from the one before and at most `reach` below it.
fn cells_of(
    lines: &[TextLine],
    split: &[Vec<Option<TextLine>>],
    reach: f64,
    column: usize,
    (top, end): (usize, usize),
    continues: &impl Fn(usize, &TextLine, &TextLine) -> bool,
) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    for i in (top..end).filter(|&i| split[i][column].is_some()) {
        let joins = runs.last().and_then(|run| run.last()).is_some_and(|&j| {
            lines[i].y - lines[j].y <= reach
                && split[j][column]
                    .as_ref()
                    .zip(split[i][column].as_ref())
                    .is_some_and(|(a, b)| continues(column, a, b))
        });
        match runs.last_mut() {
            Some(run) if joins => run.push(i),
            _ => runs.push(vec![i]),
        }
    }
    runs
}

fn band_rows(
    lines: &[TextLine],
    split: &[Vec<Option<TextLine>>],
    (top, end): (usize, usize),
    leading: f64,
    reach: f64,
    continues: &impl Fn(usize, &TextLine, &TextLine) -> bool,
) -> Option<(Vec<CentredRow>, usize)> {
    let columns = split.first().map_or(0, Vec::len);
    let slack = leading * CENTRE_SLACK;
    let y = |i: usize| lines[i].y;
    let middle = |run: &[usize]| (y(run[0]) + y(run[run.len() - 1])) / 2.0;
    let mut all: Vec<Vec<Vec<usize>>> =
        (0..columns).map(|c| cells_of(lines, split, reach, c, (top, end), continues)).collect();
    // Two row labels one under the other ("IV" over "1": a group's row
    // right above a task's) are two rows' numbers, not one wrapped.
    let numbers: Vec<Vec<usize>> = all[0]
        .iter()
        .flat_map(|run| {
            let mut parts: Vec<Vec<usize>> = Vec::new();
            for &i in run {
                let label = |j: usize| split[j][0].as_ref().is_some_and(|l| row_label(&l.text));
                match parts.last_mut() {
                    Some(part) if !(label(i) && part.last().is_some_and(|&j| label(j))) => part.push(i),
                    _ => parts.push(vec![i]),
                }
            }
            parts
        })
        .collect();
    all[0] = numbers;
    let numbers = &all[0];
    // Row extents (first and last line).
    let mut extents: Vec<(usize, usize)> = Vec::new();
    if numbers.is_empty() {
        let band_middle = (y(top) + y(end - 1)) / 2.0;
        let mut below_top = false;
        for runs in &all {
            for run in runs {
                below_top |= run[0] > top;
                if (middle(run) - band_middle).abs() > slack {
                    return None;
                }
            }
        }
        if !below_top {
            return None;
        }
        extents.push((top, end - 1));
    } else {
        let mut next = top;
        let mut below_first = false;
        for (k, number) in numbers.iter().enumerate() {
            let last_row = k + 1 == numbers.len();
            // The row's first line: the first after the row above (the
            // band's first for the first row) whose row, centred on the
            // number, ends on a line; lines skipped between two rows are a
            // cell centred across both (placed below).
            let first = if k == 0 { top..=top } else { next..=number[0] };
            let row = first.into_iter().find_map(|start| {
                let bottom = 2.0 * middle(number) - y(start);
                let last = (start..end).take_while(|&i| y(i) <= bottom + slack).last()?;
                let next_number = numbers.get(k + 1).map_or(end, |n| n[0]);
                let ends = (y(last) - bottom).abs() <= slack && (!last_row || last == end - 1);
                (ends && last >= number[number.len() - 1] && last < next_number).then_some((start, last))
            });
            let (start, last) = row?;
            // A number below its row's first line stands beside a taller
            // cell whose lines run on across it (top-aligned rows start
            // every cell on the number's line).
            if number[0] > start {
                // A column with text right above and right below the
                // number's lines and none beside them is a cell centred
                // around the number, also where the wrap test parted its
                // lines (a character grid keeps no widths).
                let (above, below) = (number[0] - 1, number[number.len() - 1] + 1);
                let around = (1..columns).any(|c| {
                    below <= last
                        && split[above][c].is_some()
                        && split[below][c].is_some()
                        && number.iter().all(|&i| split[i][c].is_none())
                });
                let across = around
                    || all[1..].iter().flatten().any(|run| run[0] < number[0] && run[run.len() - 1] >= number[0]);
                if !across {
                    return None;
                }
                below_first = true;
            }
            extents.push((start, last));
            next = last + 1;
        }
        if !below_first {
            return None;
        }
    }
    // The row a line stands in; a line between two rows, the row above.
    let row_of = |i: usize| extents.iter().rposition(|&(a, _)| a <= i).unwrap_or(0);
    let mut rows: Vec<CentredRow> = extents
        .iter()
        .map(|&(first, last)| CentredRow {
            first,
            last,
            cells: vec![Vec::new(); columns],
            spans: vec![1; columns],
            covered: vec![false; columns],
        })
        .collect();
    // Runs centred on no row nor rows, placed by where they stand.
    let mut stray = 0usize;
    let row_middle = |r0: usize, r1: usize| (y(extents[r0].0) + y(extents[r1].1)) / 2.0;
    for (c, runs) in all.iter().enumerate() {
        // The rows each run stands in.
        let spans: Vec<(usize, usize)> = runs.iter().map(|r| (row_of(r[0]), row_of(r[r.len() - 1]))).collect();
        for (k, run) in runs.iter().enumerate() {
            let (ra, rb) = spans[k];
            let centre = middle(run);
            if c == 0 || ra == rb && (centre - row_middle(ra, ra)).abs() <= slack {
                rows[ra].cells[c].extend(run);
                continue;
            }
            // Cells of several rows the wrap test could not part, each
            // centred on its row.
            let parts_centred = ra < rb
                && (ra..=rb).all(|r| {
                    let part: Vec<usize> = run.iter().copied().filter(|&i| row_of(i) == r).collect();
                    part.is_empty() || (middle(&part) - row_middle(r, r)).abs() <= slack
                });
            if parts_centred {
                for &i in run {
                    rows[row_of(i)].cells[c].push(i);
                }
                continue;
            }
            // Centred on rows r0..=r1 that hold no other text of the column.
            let alone = |r0: usize, r1: usize| spans.iter().enumerate().all(|(j, &(a, b))| j == k || b < r0 || a > r1);
            let merged = (0..=ra)
                .flat_map(|r0| (rb.max(r0 + 1)..rows.len()).map(move |r1| (r0, r1)))
                .find(|&(r0, r1)| (centre - row_middle(r0, r1)).abs() <= slack && alone(r0, r1));
            match merged {
                Some((r0, r1)) => {
                    rows[r0].cells[c].extend(run);
                    rows[r0].spans[c] = u32::try_from(r1 - r0 + 1).unwrap_or(u32::MAX);
                    for row in &mut rows[r0 + 1..=r1] {
                        row.covered[c] = true;
                    }
                }
                None => {
                    stray += 1;
                    for &i in run {
                        rows[row_of(i)].cells[c].push(i);
                    }
                }
            }
        }
    }
    Some((rows, stray))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_line as line;

    /// Lines split into three columns at x = 10, 40 and 200.
    fn split(lines: &[TextLine]) -> Vec<Vec<Option<TextLine>>> {
        lines
            .iter()
            .map(|l| {
                (0..3)
                    .map(|c| {
                        let (lo, hi) = [(0.0, 40.0), (40.0, 200.0), (200.0, 1e9)][c];
                        let words: Vec<_> = l.words.iter().filter(|w| w.x0 >= lo && w.x0 < hi).cloned().collect();
                        TextLine::from_words(words, l.y, l.size)
                    })
                    .collect()
            })
            .collect()
    }

    fn texts(lines: &[TextLine], rows: &[CentredRow]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| {
                r.cells
                    .iter()
                    .enumerate()
                    .map(|(c, ls)| {
                        ls.iter()
                            .map(|&i| split(lines)[i][c].as_ref().unwrap().text.clone())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn centred_cells_make_rows_around_their_numbers() {
        // Leading 14. Row 1: a three-line task, its number and a one-line
        // lead on the middle line; row 2: a two-line task, the number half
        // a line down, a lead merged over rows 1 and 2 would be centred on
        // both (here: its own). Rows 14 apart, no gap between them.
        let lines = vec![
            line(100.0, &[(40.0, "Rà soát văn bản")]),
            line(114.0, &[(10.0, "1.1"), (40.0, "quy phạm pháp luật"), (200.0, "Phòng Tư pháp")]),
            line(128.0, &[(40.0, "của tỉnh")]),
            line(142.0, &[(40.0, "Kiểm tra việc")]),
            line(149.0, &[(10.0, "1.2"), (200.0, "Văn phòng")]),
            line(156.0, &[(40.0, "thực hiện")]),
        ];
        let bands = centred_bands(&lines, &split(&lines), 14.0, false, |_, _, _| true);
        assert_eq!(bands.len(), 1);
        let (top, end, rows) = &bands[0];
        assert_eq!((*top, *end), (0, 6));
        assert_eq!(
            texts(&lines, rows),
            vec![
                vec!["1.1", "Rà soát văn bản quy phạm pháp luật của tỉnh", "Phòng Tư pháp"],
                vec!["1.2", "Kiểm tra việc thực hiện", "Văn phòng"],
            ]
        );
    }

    #[test]
    fn a_cell_centred_on_two_rows_is_merged_down() {
        // The lead stands between rows 1 and 2, alone in its column.
        let lines = vec![
            line(100.0, &[(40.0, "Rà soát")]),
            line(107.0, &[(10.0, "1")]),
            line(114.0, &[(40.0, "văn bản")]),
            line(121.0, &[(200.0, "Phòng Tư pháp")]),
            line(128.0, &[(40.0, "Kiểm tra")]),
            line(135.0, &[(10.0, "2")]),
            line(142.0, &[(40.0, "việc")]),
        ];
        let bands = centred_bands(&lines, &split(&lines), 14.0, false, |_, _, _| true);
        let rows = &bands[0].2;
        assert_eq!(
            texts(&lines, rows),
            vec![vec!["1", "Rà soát văn bản", "Phòng Tư pháp"], vec!["2", "Kiểm tra việc", ""]]
        );
        assert_eq!(rows[0].spans[2], 2);
        assert!(rows[1].covered[2]);
    }

    /// unseen9's layout text: a task's two lines stand above and below its
    /// number's line, which holds a one-line cell; the wrap test of a
    /// character grid parts the two lines (no widths), so no run of the
    /// task column crosses the number's line. The task column, empty
    /// beside the number and filled right above and below it, is a cell
    /// centred around it.
    #[test]
    fn a_cell_around_the_number_s_line_is_centred_on_it() {
        let lines = vec![
            line(100.0, &[(40.0, "Xây dựng, trình ban hành")]),
            line(112.0, &[(10.0, "1"), (200.0, "Sở Tư pháp")]),
            line(124.0, &[(40.0, "của UBND tỉnh")]),
        ];
        let bands = centred_bands(&lines, &split(&lines), 12.0, true, |_, _, _| false);
        assert_eq!(bands.len(), 1, "{bands:?}");
        assert_eq!(texts(&lines, &bands[0].2), vec![vec!["1", "Xây dựng, trình ban hành của UBND tỉnh", "Sở Tư pháp"]]);
    }

    /// unseen9's layout text: the row of column numbers "(1) (2) (3)"
    /// right under a header whose labels are centred on its first label
    /// ("Thời gian" over "hoàn thành" beside "STT"), and a group's row
    /// right under it. The numbers' row stands apart: no centred row
    /// takes it and the group's row together (they were one row, "(1) I").
    #[test]
    fn the_column_numbers_row_stands_apart() {
        let lines = vec![
            line(100.0, &[(200.0, "Thời gian")]),
            line(112.0, &[(10.0, "STT"), (40.0, "Nội dung")]),
            line(124.0, &[(200.0, "hoàn thành")]),
            line(136.0, &[(10.0, "(1)"), (40.0, "(2)"), (200.0, "(3)")]),
            line(148.0, &[(10.0, "I"), (40.0, "CẢI CÁCH THỂ CHẾ")]),
        ];
        let bands = centred_bands(&lines, &split(&lines), 12.0, true, |_, _, _| true);
        let rows: Vec<(usize, usize)> = bands.iter().flat_map(|b| b.2.iter().map(|r| (r.first, r.last))).collect();
        assert_eq!(rows, vec![(0, 2)], "the header alone is a centred row");
    }

    /// unseen9's layout text: a group's row ("IV") right above a task
    /// whose number stands on its middle line. The two labels are two
    /// rows' numbers, though the column's wrap test joins its lines.
    #[test]
    fn two_row_labels_one_under_the_other_are_two_numbers() {
        let lines = vec![
            line(100.0, &[(10.0, "IV"), (40.0, "CẢI CÁCH TÀI CHÍNH CÔNG")]),
            line(112.0, &[(40.0, "Triển khai cơ chế")]),
            line(124.0, &[(10.0, "1"), (200.0, "Sở Tài chính")]),
            line(136.0, &[(40.0, "công lập")]),
        ];
        let bands = centred_bands(&lines, &split(&lines), 12.0, true, |_, _, _| true);
        assert_eq!(bands.len(), 1, "{bands:?}");
        assert_eq!(
            texts(&lines, &bands[0].2),
            vec![vec!["IV", "CẢI CÁCH TÀI CHÍNH CÔNG", ""], vec!["1", "Triển khai cơ chế công lập", "Sở Tài chính"]]
        );
    }

    #[test]
    fn top_aligned_rows_are_left_to_the_caller() {
        // Numbers on the first line of their rows: no centring shows.
        let lines = vec![
            line(100.0, &[(10.0, "1"), (40.0, "Rà soát"), (200.0, "Phòng Tư pháp")]),
            line(114.0, &[(40.0, "văn bản")]),
            line(128.0, &[(10.0, "2"), (40.0, "Kiểm tra"), (200.0, "Văn phòng")]),
        ];
        assert!(centred_bands(&lines, &split(&lines), 14.0, false, |_, _, _| true).is_empty());
    }

    #[test]
    fn centre_slack_bounds_a_centred_row() {
        // A one-line number beside a three-line task, moved off the middle.
        let band = |dy: f64| {
            let lines = vec![
                line(100.0, &[(40.0, "Rà soát")]),
                line(114.0 + dy, &[(10.0, "1")]),
                line(114.0, &[(40.0, "văn bản")]),
                line(128.0, &[(40.0, "quy phạm")]),
            ];
            let mut lines = lines;
            lines.sort_by(|a, b| a.y.total_cmp(&b.y));
            centred_bands(&lines, &split(&lines), 14.0, false, |_, _, _| true).len()
        };
        // The row ends at twice the number's middle less its first line:
        // the band's last line must be within the slack of it.
        assert_eq!(band(-(14.0 * CENTRE_SLACK / 2.0) + 0.1), 1);
        assert_eq!(band(-(14.0 * CENTRE_SLACK / 2.0) - 0.1), 0);
    }
}
