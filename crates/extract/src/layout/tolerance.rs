//! The layout stage's tolerances, in one place.
//!
//! Positions are in points (1/72 inch) from the page's top-left corner; a
//! tolerance named "× size" is a fraction of the font size of the line or
//! glyph at hand (an OCR page has one size: its median word height), so the
//! rules hold for a 10-point table and a 14-point title alike. Each value
//! was set on the sample PDFs (LibreOffice and Word exports, 300 dpi scans)
//! and is pinned by a test below at either side of its boundary.

/// Points: two ruling lines this close are one line of a grid (a rule
/// drawn twice, or as the two edges of a thin filled rectangle).
pub(crate) const SNAP: f64 = 2.0;

/// × size: glyphs whose baselines differ by at most this are on one visual
/// line (accents, subscripts and OCR boxes move a baseline a little).
pub(crate) const SAME_LINE: f64 = 0.4;

/// × size: a glyph that starts within this of the previous glyph's end,
/// with no space character between them, continues the same word.
pub(crate) const WORD_JOIN: f64 = 0.15;

/// × size: a word that starts within this of the previous word's end is
/// separated from it by a space only, so it stays in the same cell or
/// column (a title running across columns, an OCR word beyond a rule that
/// Tesseract drew through a merged cell).
pub(crate) const SPACE_GAP: f64 = 0.45;

/// × size: the centre of a glyph lies this far above its baseline (about
/// half the x-height); a glyph belongs to the grid cell holding its centre.
pub(crate) const CENTRE_RISE: f64 = 0.3;

/// × size: a line's text reaches this far below its baseline (descenders),
/// for the bottom of a block's box.
pub(crate) const DESCENT: f64 = 0.3;

/// Fraction of the page height: lines this close to the top or bottom edge
/// may be page furniture (running headers and footers); for page numbers,
/// of the page's longer side, because a header stands as far from the
/// paper's edge on a landscape page as on a portrait one (a page number at
/// the top centre of a landscape appendix page, 50 pt down, is within 8 %
/// of 842 pt, not of 595).
pub(crate) const FURNITURE_MARGIN: f64 = 0.08;

/// × size, at least [`MIN_COLUMN_GAP`]: a gap this wide between two words
/// of a line separates two columns of a table without rules.
pub(crate) const COLUMN_GAP: f64 = 0.6;

/// Points: the narrowest gap between columns, whatever the font size.
pub(crate) const MIN_COLUMN_GAP: f64 = 5.0;

/// × size: a gap this wide within a line outside tables parts the two
/// columns of a letterhead or signature frame (issuer | motto); words of
/// prose, even justified, stand far closer (`frame`).
pub(crate) const FRAME_GAP: f64 = 3.0;

/// × size: the most a line of a frame stands below the line before (the
/// two columns' lines interleave; a blank line may part the rows).
pub(crate) const FRAME_LINE_GAP: f64 = 4.0;

/// × size: the most a right-hand line of a frame stands below the line
/// before: the signer's name under the space left for the signature.
pub(crate) const FRAME_SIGNATURE_GAP: f64 = 9.0;

/// × size: a line below the last line with two or more columns still
/// belongs to a table without rules while it is no further below the line
/// before than this (a cell's wrapped last lines).
pub(crate) const TABLE_LINE_GAP: f64 = 1.6;

/// Points: a line starting further left than this of the table's first
/// line ends a table without rules.
pub(crate) const TABLE_LEFT_SLACK: f64 = 3.0;

/// × size: lines within this below a table's header line are more of the
/// header (column labels placed lower, wrapped labels).
pub(crate) const HEADER_DEPTH: f64 = 3.5;

/// × the usual line pitch (the lower quartile of the gaps between lines):
/// a wider gap between two lines of a table without rules starts a new row.
pub(crate) const ROW_GAP: f64 = 1.3;

/// × the leading: a row of cells centred one against another has the
/// centres of all its columns' text within this of the middle of its
/// lines; top-aligned cells of different heights are half a line or more
/// apart.
pub(crate) const CENTRE_SLACK: f64 = 0.25;

/// × size: a line closer than this above a table's header line cannot be a
/// line of text flowing above the table (single spacing puts lines about
/// 1.15 × size apart): it is a line of a header cell centred against
/// taller ones, between their lines.
pub(crate) const INTERLEAVED: f64 = 1.0;

/// Points: a word starting this close to a column's left edge starts that
/// column, even right after the word before at a space's distance (an
/// office suite closes the gap between two cells of a wide table to a
/// space): the lines of a left-aligned cell start at one x, to within
/// rounding.
pub(crate) const AT_EDGE: f64 = 1.0;

/// × size: a cell's line ending this close to the cell's right edge (less
/// its padding) filled it: a word wider than the cell is broken there.
pub(crate) const FILLED: f64 = 0.5;

/// × size: the width of a space, for deciding whether the next line's
/// first word would have fitted at the end of a line.
pub(crate) const SPACE_WIDTH: f64 = 0.25;

/// × size: measured widths run a little short of the layout engine's, so
/// the fit test leans towards "the line had to wrap" by this much.
pub(crate) const WRAP_LEAN: f64 = 0.2;

/// × size: a line further below the previous one than this starts a new
/// paragraph.
pub(crate) const PARAGRAPH_GAP: f64 = 1.9;

/// × size: a line that ends within this of the text's right edge ran full
/// width, so the paragraph may go on on the next line.
pub(crate) const FULL_LINE_SLACK: f64 = 4.0;

/// × size: a line that starts further from the paragraph's left edge than
/// this (an indented first line) starts a new paragraph.
pub(crate) const PARAGRAPH_INDENT: f64 = 1.5;

/// Points: lines whose font sizes differ by this much or more are not one
/// paragraph (a heading above body text).
pub(crate) const SIZE_CHANGE: f64 = 1.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{blocks, test_glyphs, test_line, Glyph, PageContent};
    use crate::model::Block;

    /// One glyph of size 11 at (x, y).
    fn glyph(text: &str, x: f64, y: f64) -> Glyph {
        Glyph { x, y, width: 5.5, size: 11.0, text: text.into() }
    }

    #[test]
    fn same_line_bounds_the_baseline_shift_within_a_line() {
        let lines = |dy: f64| super::super::visual_lines(vec![glyph("a", 0.0, 100.0), glyph("b", 20.0, 100.0 + dy)]);
        assert_eq!(lines(11.0 * SAME_LINE - 0.1).len(), 1);
        assert_eq!(lines(11.0 * SAME_LINE + 0.1).len(), 2);
    }

    #[test]
    fn word_join_bounds_the_gap_inside_a_word() {
        let words = |gap: f64| {
            let line = super::super::lines::text_lines(vec![glyph("a", 0.0, 100.0), glyph("b", 5.5 + gap, 100.0)]);
            line[0].words.len()
        };
        assert_eq!(words(11.0 * WORD_JOIN - 0.1), 1);
        assert_eq!(words(11.0 * WORD_JOIN + 0.1), 2);
    }

    #[test]
    fn column_gap_separates_columns_and_not_words() {
        // Words "ab" and "cd" (11 pt) with a gap just under and just over a
        // column gap; at 11 pt the relative gap is wider than the minimum.
        const { assert!(11.0 * COLUMN_GAP > MIN_COLUMN_GAP) };
        let runs =
            |gap: f64| super::super::aligned::chunks(&test_line(100.0, &[(0.0, "ab"), (11.5 + gap, "cd")])).len();
        assert_eq!(runs(11.0 * COLUMN_GAP - 0.1), 1);
        assert_eq!(runs(11.0 * COLUMN_GAP + 0.1), 2);
        // Small print: the minimum gap holds.
        let small = |gap: f64| {
            let glyphs = [("a", 0.0), ("b", 2.0 + gap)].map(|(t, x)| Glyph {
                x,
                y: 100.0,
                width: 2.0,
                size: 4.0,
                text: t.into(),
            });
            super::super::aligned::chunks(&super::super::lines::text_lines(glyphs.to_vec())[0]).len()
        };
        assert_eq!(small(MIN_COLUMN_GAP - 0.1), 1);
        assert_eq!(small(MIN_COLUMN_GAP + 0.1), 2);
    }

    #[test]
    fn at_edge_bounds_a_cell_closed_up_to_a_space() {
        // "Báo cáo" then "Phòng" one space after it: "Phòng" starts the
        // third column only where it starts at that column's edge.
        use crate::layout::aligned_rows;
        let edges = [10.0, 40.0, 200.0];
        // "kết quả" ends at 196, a space before the edge at 200.
        let third = |dx: f64| {
            let lines =
                vec![test_line(100.0, &[(10.0, "1"), (40.0, "Báo cáo"), (154.5, "kết quả"), (200.0 - dx, "Phòng")])];
            aligned_rows(&lines, &edges, false, true, 1, 1).rows[0].cells[2].text.clone()
        };
        assert_eq!(third(AT_EDGE - 0.1), "Phòng");
        assert_eq!(third(AT_EDGE + 0.1), "");
    }

    #[test]
    fn interleaved_bounds_a_header_line_above_the_header() {
        // A label's first line ("Thời hạn") above the header line, centred
        // over its column's label ("hoàn").
        use crate::layout::aligned_table;
        let start = |dy: f64| {
            let lines = vec![
                test_line(130.0 - dy, &[(330.0, "Thời hạn")]),
                test_line(130.0, &[(10.0, "TT"), (40.0, "Nhiệm vụ"), (200.0, "Sản phẩm"), (330.0, "hoàn")]),
                test_line(143.0, &[(10.0, "1"), (40.0, "Rà soát"), (200.0, "Báo cáo"), (330.0, "Quý I")]),
                test_line(156.0, &[(10.0, "2"), (40.0, "Kiểm tra"), (200.0, "Kế hoạch"), (330.0, "Quý II")]),
            ];
            aligned_table(&lines, None, false).expect("a table").start
        };
        assert_eq!(start(11.0 * INTERLEAVED - 0.1), 0);
        assert_eq!(start(11.0 * INTERLEAVED + 0.1), 1);
    }

    #[test]
    fn filled_bounds_a_word_broken_at_a_cell_edge() {
        // A cell 40 wide ending at 50: "III/202" runs to 50 - dx, "8" below.
        use crate::layout::lines::{cell_text_within, text_lines};
        let joined = |dx: f64| {
            let lines =
                text_lines([test_glyphs("III/202", 50.0 - dx - 41.5, 100.0), test_glyphs("8", 10.0, 114.0)].concat());
            cell_text_within(&lines, Some((40.0, 50.0)))
        };
        assert_eq!(joined(11.0 * FILLED - 0.1), "III/2028");
        assert_eq!(joined(11.0 * FILLED + 0.1), "III/202 8");
    }

    #[test]
    fn snap_joins_rules_drawn_twice() {
        let lines = |d: f64| super::super::grid::cluster(vec![10.0, 10.0 + d]).len();
        assert_eq!(lines(SNAP - 0.1), 1);
        assert_eq!(lines(SNAP + 0.1), 2);
    }

    /// The paragraphs of one page's lines.
    fn paragraphs(lines: &[(f64, f64, &str)]) -> Vec<String> {
        let glyphs: Vec<Glyph> = lines.iter().flat_map(|&(x, y, text)| test_glyphs(text, x, y)).collect();
        let page = PageContent { number: 1, width: 600.0, height: 800.0, glyphs, ..PageContent::default() };
        blocks(vec![page], &mut Vec::new())
            .into_iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn paragraph_gap_and_indent_bound_a_paragraph() {
        let full = "Kế hoạch cải cách hành chính năm 2026 của Sở";
        let two = |dy: f64, dx: f64| paragraphs(&[(50.0, 300.0, full), (50.0 + dx, 300.0 + dy, "Tư pháp")]).len();
        assert_eq!(two(11.0 * PARAGRAPH_GAP - 0.1, 0.0), 1);
        assert_eq!(two(11.0 * PARAGRAPH_GAP + 0.1, 0.0), 2);
        assert_eq!(two(14.0, 11.0 * PARAGRAPH_INDENT - 0.1), 1);
        assert_eq!(two(14.0, 11.0 * PARAGRAPH_INDENT + 0.1), 2);
    }

    #[test]
    fn furniture_margin_bounds_where_page_numbers_are_dropped() {
        let kept = |y: f64| paragraphs(&[(50.0, 300.0, "Nội dung"), (300.0, y, "3")]).len();
        assert_eq!(kept(800.0 * (1.0 - FURNITURE_MARGIN) + 0.5), 1, "in the margin: a page number");
        assert_eq!(kept(800.0 * (1.0 - FURNITURE_MARGIN) - 0.5), 2, "above it: text");
    }

    #[test]
    fn a_landscape_pages_furniture_margin_is_measured_on_its_longer_side() {
        // 800 wide, 600 high: a page number 60 pt from the top is within 8 %
        // of 800 (64 pt), where it was not within 8 % of 600 (48 pt).
        let kept = |y: f64| {
            let glyphs: Vec<Glyph> = [test_glyphs("3", 400.0, y), test_glyphs("Nội dung", 50.0, 300.0)].concat();
            let page = PageContent { number: 1, width: 800.0, height: 600.0, glyphs, ..PageContent::default() };
            blocks(vec![page], &mut Vec::new()).into_iter().filter(|b| matches!(b, Block::Paragraph(_))).count()
        };
        assert_eq!(kept(800.0 * FURNITURE_MARGIN - 0.5), 1, "in the margin: a page number");
        assert_eq!(kept(800.0 * FURNITURE_MARGIN + 0.5), 2, "below it: text");
        assert_eq!(kept(600.0 - 800.0 * FURNITURE_MARGIN + 0.5), 1, "the foot's margin too");
    }

    #[test]
    fn a_glyph_goes_to_the_cell_holding_its_centre() {
        // A two-row ruled table with its row rule at y = 100; a glyph whose
        // baseline is just below the rule sits in the lower row only if its
        // centre (CENTRE_RISE × size above the baseline) is below it too.
        let row = |baseline: f64| {
            let h = |at| crate::layout::Segment { at, from: 0.0, to: 200.0 };
            let v = |at| crate::layout::Segment { at, from: 80.0, to: 120.0 };
            let page = PageContent {
                number: 1,
                width: 600.0,
                height: 800.0,
                glyphs: vec![glyph("x", 10.0, baseline)],
                horizontal: vec![h(80.0), h(100.0), h(120.0)],
                vertical: vec![v(0.0), v(100.0), v(200.0)],
                ..PageContent::default()
            };
            let table = blocks(vec![page], &mut Vec::new())
                .into_iter()
                .find_map(|b| if let Block::Table(t) = b { Some(t) } else { None })
                .expect("a table");
            table.rows.iter().position(|r| r.cells[0].text == "x").expect("placed")
        };
        assert_eq!(row(100.0 + 11.0 * CENTRE_RISE - 0.1), 0);
        assert_eq!(row(100.0 + 11.0 * CENTRE_RISE + 0.1), 1);
    }
}
