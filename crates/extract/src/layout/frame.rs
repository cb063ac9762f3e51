//! Letterhead and signature frames: the two columns of lines a document of
//! the state sets side by side outside its tables — issuer and number on
//! the left, national motto and place/date on the right; recipients on the
//! left, position and signer on the right. Word sets them as a borderless
//! table of one row and two cells; a page (a PDF's text layer or a scan)
//! prints the two columns' lines at the same heights, which read across
//! would string the issuer and the motto into one line ("UBND TỈNH QUẢNG
//! TRỊ CỘNG HÒA XÃ HỘI CHỦ NGHĨA"). Found here, such a frame becomes that
//! one-row, two-cell table, each cell its column's lines, as the Word file
//! gives it.

use super::bbox;
use super::lines::TextLine;
use super::paragraphs::paragraphs;
use super::tolerance::{DESCENT, FRAME_GAP, FRAME_LINE_GAP, FRAME_SIGNATURE_GAP};
use crate::model::{Block, Cell, Location, Row, Table};

/// The most lines a frame holds (a letterhead of three rows of two or
/// three lines each; recipients beside a signature).
const MAX_FRAME_LINES: usize = 12;

/// The blocks of a page's run of lines outside tables: paragraphs, and each
/// frame in them as a table numbered after `tables` (which it advances).
pub(super) fn blocks(lines: &[TextLine], page: u32, page_width: f64, tables: &mut u32) -> Vec<Block> {
    let mut out = Vec::new();
    let (mut start, mut at) = (0, 0);
    while at < lines.len() {
        let Some((end, gap)) = frame_at(lines, at) else {
            at += 1;
            continue;
        };
        if start < at {
            out.extend(paragraphs(&lines[start..at], page, page_width));
        }
        *tables += 1;
        out.push(Block::Table(frame_table(&lines[at..end], gap, page, *tables)));
        (start, at) = (end, end);
    }
    if start == 0 {
        return paragraphs(lines, page, page_width);
    }
    if start < lines.len() {
        out.extend(paragraphs(&lines[start..], page, page_width));
    }
    out
}

/// The line's runs of words separated by a frame-wide gap.
fn runs(line: &TextLine) -> Vec<(f64, f64)> {
    let gap = line.size * FRAME_GAP;
    let mut out: Vec<(f64, f64)> = Vec::new();
    for w in &line.words {
        match out.last_mut() {
            Some(last) if w.x0 - last.1 <= gap => last.1 = last.1.max(w.x1),
            _ => out.push((w.x0, w.x1)),
        }
    }
    out
}

/// Where a frame starting at line `at` ends (exclusive), and the gap
/// between its columns (left of `.1`, right of `.0`): it starts with a line
/// of two runs a frame-wide gap apart and goes on over the lines that
/// follow closely, each of two runs on either side of the gap or of one run
/// on one side (its centre right of the gap on the right: a title centred
/// on the page is no frame line). A right-hand line, the signer's name, may
/// follow after the space left for the signature. At least two lines.
fn frame_at(lines: &[TextLine], at: usize) -> Option<(usize, (f64, f64))> {
    let [(_, left_end), (right_start, _)] = runs(&lines[at])[..] else {
        return None;
    };
    let mut gap = (left_end, right_start);
    let mut end = at + 1;
    while end < lines.len() && end - at < MAX_FRAME_LINES {
        let (line, before) = (&lines[end], &lines[end - 1]);
        let size = line.size.max(before.size);
        let rise = line.y - before.y;
        let fits = match runs(line)[..] {
            [(_, l1), (r0, _)] if l1 < gap.1 && r0 > gap.0 && rise <= size * FRAME_LINE_GAP => {
                gap = (gap.0.max(l1), gap.1.min(r0));
                true
            }
            [(_, x1)] if x1 < gap.1 => rise <= size * FRAME_LINE_GAP,
            [(x0, x1)] if x0 > gap.0 && (x0 + x1) / 2.0 >= gap.1 => {
                rise <= size * FRAME_SIGNATURE_GAP && !titled(line, lines.get(end + 1), gap)
            }
            _ => false,
        };
        if !fits {
            break;
        }
        end += 1;
    }
    (end - at >= 2).then_some((end, gap))
}

/// Whether `line`, right of the gap, is a title whose subject line follows
/// it (`next`): close below, across the gap and centred with it ("KẾ
/// HOẠCH" over "Cải cách hành chính năm 2027 …" under a letterhead whose
/// right column starts left of the page's middle).
fn titled(line: &TextLine, next: Option<&TextLine>, gap: (f64, f64)) -> bool {
    next.is_some_and(|next| {
        let across = next.x0 < gap.1 && next.x1 > gap.0;
        let centre = |l: &TextLine| (l.x0 + l.x1) / 2.0;
        let size = line.size.max(next.size);
        across && next.y - line.y <= size * FRAME_LINE_GAP && (centre(line) - centre(next)).abs() <= size
    })
}

/// The frame's lines as one row of two cells, each its column's lines, one
/// per line: a line of two runs split between them, a line of one run on
/// the side of its centre.
fn frame_table(lines: &[TextLine], gap: (f64, f64), page: u32, index: u32) -> Table {
    let mut columns: [Vec<TextLine>; 2] = [Vec::new(), Vec::new()];
    for line in lines {
        let split = match runs(line)[..] {
            [_, (right_start, _)] => right_start,
            _ if (line.x0 + line.x1) / 2.0 >= gap.1 => f64::MIN,
            _ => f64::MAX,
        };
        let (right, left): (Vec<_>, Vec<_>) = line.words.iter().cloned().partition(|w| w.x0 >= split);
        for (column, words) in columns.iter_mut().zip([left, right]) {
            column.extend(TextLine::from_words(words, line.y, line.size));
        }
    }
    let at = |column: Option<u32>, lines: &[TextLine]| {
        let x0 = lines.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
        let x1 = lines.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
        let top = lines.first().map_or(0.0, |l| l.y - l.size);
        let bottom = lines.last().map_or(0.0, |l| l.y + l.size * DESCENT);
        let row = column.map(|_| 1);
        Location {
            page: Some(page),
            table: Some(index),
            row,
            column,
            bbox: bbox(x0, top, x1, bottom),
            ..Location::default()
        }
    };
    let cells = columns
        .iter()
        .zip(1..)
        .map(|(lines, column)| Cell {
            text: lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n"),
            col_span: 1,
            row_span: 1,
            location: at(Some(column), lines),
            ..Cell::default()
        })
        .collect();
    let mut row = at(None, lines);
    row.row = Some(1);
    Table { rows: vec![Row { cells, header: false, location: row }], location: at(None, lines) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_line;

    fn texts(block: &Block) -> Vec<String> {
        match block {
            Block::Table(t) => t.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.text.clone())).collect(),
            Block::Paragraph(p) => vec![p.text.clone()],
            _ => Vec::new(),
        }
    }

    /// A letterhead printed in two columns comes out as Word's one-row,
    /// two-cell table, each cell its column's lines, and the title after
    /// it as a paragraph.
    #[test]
    fn a_letterhead_in_two_columns_is_one_row_of_two_cells() {
        let lines = [
            test_line(80.0, &[(90.0, "UBND TỈNH A"), (310.0, "CỘNG HÒA XÃ HỘI")]),
            test_line(95.0, &[(310.0, "VIỆT NAM")]),
            test_line(103.0, &[(90.0, "SỞ DU LỊCH")]),
            test_line(122.0, &[(310.0, "Độc lập")]),
            test_line(130.0, &[(90.0, "Số: 25/KH"), (310.0, "A, ngày 1")]),
            test_line(200.0, &[(250.0, "KẾ HOẠCH")]),
        ];
        let mut tables = 3;
        let blocks = blocks(&lines, 1, 595.0, &mut tables);
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            texts(&blocks[0]),
            ["UBND TỈNH A\nSỞ DU LỊCH\nSố: 25/KH", "CỘNG HÒA XÃ HỘI\nVIỆT NAM\nĐộc lập\nA, ngày 1"]
        );
        assert_eq!(tables, 4, "numbered after the tables before it");
        let Block::Table(table) = &blocks[0] else { panic!("a table") };
        assert_eq!(table.rows[0].cells[1].location.column, Some(2));
        assert_eq!(table.location.table, Some(4));
        assert_eq!(texts(&blocks[1]), ["KẾ HOẠCH"]);
    }

    /// Recipients beside the signature, the signer's name after the space
    /// left for the signature.
    #[test]
    fn recipients_beside_the_signature_are_a_frame_with_the_name() {
        let lines = [
            test_line(400.0, &[(90.0, "Văn bản kết thúc ở đây.")]),
            test_line(430.0, &[(90.0, "Nơi nhận:"), (330.0, "GIÁM ĐỐC")]),
            test_line(455.0, &[(90.0, "- UBND tỉnh;")]),
            test_line(480.0, &[(90.0, "- Lưu: VT.")]),
            test_line(560.0, &[(320.0, "Lê Văn A")]),
        ];
        let blocks = blocks(&lines, 2, 595.0, &mut 0);
        assert_eq!(blocks.len(), 2);
        assert_eq!(texts(&blocks[0]), ["Văn bản kết thúc ở đây."]);
        assert_eq!(texts(&blocks[1]), ["Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.", "GIÁM ĐỐC\nLê Văn A"]);
    }

    /// A title centred under a letterhead whose right column starts left of
    /// the page's middle, with its subject line under it, ends the frame.
    #[test]
    fn a_title_and_its_subject_line_end_the_frame() {
        let lines = [
            test_line(60.0, &[(60.0, "UBND HUYỆN"), (205.0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]),
            test_line(80.0, &[(60.0, "Số: 18/KH"), (205.0, "Thanh Sơn, ngày 12 tháng 01 năm 2027")]),
            test_line(110.0, &[(291.0, "KẾ HOẠCH")]),
            test_line(125.0, &[(171.0, "Cải cách hành chính năm 2027 của huyện Thanh Sơn")]),
        ];
        let blocks = blocks(&lines, 1, 595.0, &mut 0);
        assert_eq!(
            texts(&blocks[0]),
            ["UBND HUYỆN\nSố: 18/KH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nThanh Sơn, ngày 12 tháng 01 năm 2027"]
        );
        assert_eq!(texts(&blocks[1])[0], "KẾ HOẠCH");
    }

    /// Lines without a frame-wide gap, a gap on one line alone, and a line
    /// across the gap after it are no frame, or end it.
    #[test]
    fn prose_and_lone_gaps_are_no_frame() {
        let prose = [
            test_line(100.0, &[(90.0, "Một đoạn văn bình thường"), (250.0, "tiếp tục")]),
            test_line(115.0, &[(90.0, "dòng thứ hai của đoạn văn")]),
        ];
        assert!(frame_at(&prose, 0).is_none(), "a gap under the frame's width");
        let lone = [
            test_line(100.0, &[(90.0, "Nơi nhận:"), (330.0, "GIÁM ĐỐC")]),
            test_line(160.0, &[(90.0, "- UBND tỉnh;")]),
        ];
        assert!(frame_at(&lone, 0).is_none(), "the next line is too far below");
        let across = [
            test_line(100.0, &[(90.0, "UBND"), (330.0, "CỘNG HÒA")]),
            test_line(114.0, &[(200.0, "a line across the gap of the frame")]),
        ];
        assert!(frame_at(&across, 0).is_none());
        assert_eq!(blocks(&across, 1, 595.0, &mut 0), paragraphs(&across, 1, 595.0), "paragraphs, as before");
    }
}
