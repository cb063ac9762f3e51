//! Glyphs into visual lines and words; the lines of a cell or paragraph
//! joined into text.

use super::tolerance::{FILLED, SAME_LINE, WORD_JOIN};
use super::Glyph;

/// Glyphs grouped into visual lines, each line's text and extent.
#[derive(Clone, Debug)]
pub(crate) struct TextLine {
    pub(crate) text: String,
    pub(crate) x0: f64,
    pub(crate) x1: f64,
    /// Baseline.
    pub(crate) y: f64,
    pub(crate) size: f64,
    /// The line's words (runs of glyphs without a gap), left to right.
    pub(crate) words: Vec<Word>,
}

impl TextLine {
    /// A line of `words` (left to right) at baseline `y`; `None` without
    /// words.
    pub(crate) fn from_words(words: Vec<Word>, y: f64, size: f64) -> Option<TextLine> {
        let x0 = words.first()?.x0;
        let text = words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
        let x1 = words.iter().map(|w| w.x1).fold(f64::MIN, f64::max);
        Some(TextLine { text, x0, x1, y, size, words })
    }
}

/// A run of glyphs without a space or gap.
#[derive(Clone, Debug)]
pub(crate) struct Word {
    pub(crate) text: String,
    pub(crate) x0: f64,
    pub(crate) x1: f64,
}

/// Puts glyphs into lines (by baseline) and each line in reading order,
/// with spaces where the gap between glyphs is wider than a space would be.
pub(crate) fn text_lines(mut glyphs: Vec<Glyph>) -> Vec<TextLine> {
    // Combining marks drawn as glyphs of their own belong to the glyph before.
    let mut joined: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    for g in glyphs.drain(..) {
        let combining = g.text.chars().all(is_combining);
        match joined.last_mut() {
            Some(prev) if combining => prev.text.push_str(&g.text),
            _ => joined.push(g),
        }
    }
    let mut rows = visual_lines(joined);
    superscripts(&mut rows);
    rows.into_iter()
        .filter_map(|row| {
            let mut words: Vec<Word> = Vec::new();
            let mut open = false;
            for g in &row {
                if g.text.trim().is_empty() {
                    open = false;
                    continue;
                }
                match words.last_mut() {
                    Some(w) if open && g.x <= w.x1 + g.size * WORD_JOIN => {
                        w.text.push_str(g.text.trim());
                        w.x1 = w.x1.max(g.x + g.width);
                    }
                    _ => words.push(Word { text: g.text.trim().to_string(), x0: g.x, x1: g.x + g.width }),
                }
                open = !g.text.ends_with(char::is_whitespace);
            }
            let size = row.iter().filter(|g| !g.text.trim().is_empty()).map(|g| g.size).fold(0.0, f64::max);
            let y = row.iter().map(|g| g.y).sum::<f64>() / row.len() as f64;
            TextLine::from_words(words, y, size)
        })
        .collect()
}

/// How much smaller than its line a glyph is at most to be a superscript.
const SUPERSCRIPT_SIZE: f64 = 0.8;
/// How far above its line's baseline a superscript's baseline stands at
/// least, and how far at most above the next line a row of superscripts
/// alone stands (in the line's size).
const SUPERSCRIPT_RISE: (f64, f64) = (0.2, 0.6);

/// Note marks set in superscript ("Đề án 06" + a raised "2"): digits and
/// "*" drawn smaller than their line and raised become superscript
/// characters ("06²"), so the mark is no word of the text; a raised mark
/// whose baseline stood too far from its line's to share it (a row of its
/// own between two lines) goes back into the line below it.
fn superscripts(rows: &mut Vec<Vec<Glyph>>) {
    let marks = |row: &[Glyph]| {
        row.iter().all(|g| !g.text.is_empty() && g.text.chars().all(|c| c.is_ascii_digit() || c == '*'))
    };
    let size = |row: &[Glyph]| row.iter().map(|g| g.size).fold(0.0, f64::max);
    let mut i = 0;
    while i + 1 < rows.len() {
        let (line, below) = (size(&rows[i]), size(&rows[i + 1]));
        let rise = rows[i + 1][0].y - rows[i][0].y;
        if marks(&rows[i]) && line <= below * SUPERSCRIPT_SIZE && rise > 0.0 && rise <= below * SUPERSCRIPT_RISE.1 {
            let moved = rows.remove(i);
            rows[i].extend(moved.into_iter().map(|g| Glyph { y: g.y + rise, ..raise(g) }));
            rows[i].sort_by(|a, b| a.x.total_cmp(&b.x));
        } else {
            i += 1;
        }
    }
    for row in rows.iter_mut() {
        let line = size(row);
        let normal: Vec<f64> = row.iter().filter(|g| g.size > line * SUPERSCRIPT_SIZE).map(|g| g.y).collect();
        let Some(&baseline) = normal.iter().max_by(|a, b| a.total_cmp(b)) else { continue };
        for g in row.iter_mut() {
            let small = g.size <= line * SUPERSCRIPT_SIZE && baseline - g.y >= line * SUPERSCRIPT_RISE.0;
            if small && marks(std::slice::from_ref(g)) {
                *g = raise(g.clone());
            }
        }
    }
}

/// The glyph's digits as superscript characters.
fn raise(g: Glyph) -> Glyph {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let text = g.text.chars().map(|c| c.to_digit(10).map_or(c, |d| DIGITS[d as usize])).collect();
    Glyph { text, ..g }
}

/// Glyphs grouped by baseline into visual lines, top to bottom, each left
/// to right.
pub(crate) fn visual_lines(mut glyphs: Vec<Glyph>) -> Vec<Vec<Glyph>> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (g.y - row[0].y).abs() <= row[0].size.min(g.size) * SAME_LINE => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    for row in &mut rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    rows
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Whether a line starts a new item rather than continuing the one before:
/// a bullet, a dash, a number or letter label (a number of four digits or
/// more, "2024.", is a year that ended a sentence, no label).
pub(crate) fn starts_item(text: &str) -> bool {
    static LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(?:[-+•●▪*–—]|(?:[0-9]{1,3}|[IVXLC]+|[a-zđ])[.)](?:\s|$)|[0-9]+(?:\.[0-9]+)+\.?\s)")
            .expect("valid regex")
    });
    LABEL.is_match(text)
}

/// Whether a line starts with an item number ("1.", "2)", "1.2.", "3.10 ").
pub(crate) fn starts_number(text: &str) -> bool {
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    digits > 0 && starts_item(text)
}

/// Joins the lines of one cell: a line that starts an item begins a new
/// line of the cell's text; other lines continue the one before, also a
/// line that is a label alone ("mức độ 3," / "4.": the number wrapped).
pub(crate) fn cell_text(lines: &[TextLine]) -> String {
    cell_text_within(lines, None)
}

/// [`cell_text`] for a cell whose text runs from its left to at most
/// `right` (`width` wide): a word wider than the cell was broken by the
/// layout engine where the line ended ("III/202" + "8", "ST" + "T"), so
/// where a line ends within [`FILLED`] × size of the right end and its last
/// word and the next line's first are together wider than the cell, they
/// are one word.
pub(crate) fn cell_text_within(lines: &[TextLine], bounds: Option<(f64, f64)>) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let broken = bounds.is_some_and(|(width, right)| {
                let before = &lines[i - 1];
                let last = before.words.last().map_or(0.0, |w| w.x1 - w.x0);
                let first = line.words.first().map_or(0.0, |w| w.x1 - w.x0);
                let filled = before.x1 >= right - before.size * FILLED;
                filled && last + first > width && one_token(&out, &line.text) || year_goes_on(&out, &line.text)
            });
            if broken {
            } else if starts_item(&line.text) && line.words.len() > 1 {
                out.push('\n');
            } else {
                push_continuation(&mut out);
            }
        }
        out.push_str(&line.text);
    }
    out
}

/// Whether a word broken at the end of `before` and going on at the start
/// of `after` reads as one token: digits on both sides ("III/202" + "8"),
/// a slash before ("31/10/" + "2028"), or capitals on both sides that the
/// lexicon has seen joined more often than the first piece alone ("ST" +
/// "T": "stt" 410 times, "st" 18). A
/// Vietnamese syllable is never wider than a cell; codes and numbers are.
fn one_token(before: &str, after: &str) -> bool {
    let (Some(a), Some(b)) = (before.chars().next_back(), after.chars().next()) else { return false };
    if a.is_ascii_digit() && b.is_ascii_digit() || a == '/' && b.is_alphanumeric() {
        return true;
    }
    let word = |text: &str| kehoach_vi::diacritics::normal(text);
    let head = before.rsplit(char::is_whitespace).next().unwrap_or_default();
    let tail = after.split(char::is_whitespace).next().unwrap_or_default();
    let lexicon = &*kehoach_vi::diacritics::BUILTIN;
    a.is_uppercase() && b.is_uppercase() && lexicon.count(&word(&format!("{head}{tail}"))) > lexicon.count(&word(head))
}

/// Whether a date's year was broken at a line's end: "01/01/203" + "2" is
/// "01/01/2032", however wide the cell looked (unseen6's PDF broke it 7 pt
/// short of the edge the glyphs show: an indent or margin they do not
/// show narrows the line). A year is four digits and holds no space.
fn year_goes_on(before: &str, after: &str) -> bool {
    let head = before.rsplit(char::is_whitespace).next().unwrap_or_default();
    let mut parts = head.split('/');
    let (Some(day), Some(month), Some(year), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let digits = |s: &str, most: usize| !s.is_empty() && s.len() <= most && s.bytes().all(|b| b.is_ascii_digit());
    let rest = after.bytes().take_while(u8::is_ascii_digit).count();
    digits(day, 2) && digits(month, 2) && digits(year, 3) && year.len() + rest == 4
}

/// Ends `text` so the next wrapped line can follow: with a space, unless
/// the line broke after a hyphen inside a word ("NĐ-" + "CP", as layout
/// engines wrap "NĐ-CP").
pub(crate) fn push_continuation(text: &mut String) {
    let mut tail = text.chars().rev();
    let wrapped_at_hyphen = tail.next() == Some('-') && tail.next().is_some_and(char::is_alphanumeric);
    if !wrapped_at_hyphen {
        text.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_glyphs as glyphs;

    #[test]
    fn glyphs_become_lines_in_reading_order() {
        let mut all = glyphs("Kế hoạch", 10.0, 100.0);
        all.extend(glyphs("số 12", 100.0, 100.4));
        all.extend(glyphs("- Phòng", 10.0, 114.0));
        all.reverse();
        let lines = text_lines(all);
        assert_eq!(lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["Kế hoạch số 12", "- Phòng"]);
        assert_eq!(cell_text(&lines), "Kế hoạch số 12\n- Phòng");
        let wrapped =
            text_lines([glyphs("Nghị định số 60/NĐ-", 10.0, 100.0), glyphs("CP của Chính phủ", 10.0, 114.0)].concat());
        assert_eq!(cell_text(&wrapped), "Nghị định số 60/NĐ-CP của Chính phủ");
    }

    #[test]
    fn a_word_broken_at_a_cell_edge_is_joined_where_it_reads_as_one_token() {
        assert!(one_token("Quý III/202", "8"));
        assert!(one_token("Trước ngày 31/10/", "2028"));
        assert!(one_token("ST", "T"));
        assert!(!one_token("Nghị định số 34/2016/NĐ-CP", "của Chính phủ"));
        assert!(!one_token("của UBND", "HĐND tỉnh"));
    }

    #[test]
    fn a_year_broken_at_a_full_line_goes_on() {
        assert!(year_goes_on("01/01/203", "2"));
        assert!(year_goes_on("Trước 30/6/20", "33"));
        assert!(!year_goes_on("01/01/2032", "2"), "a whole year");
        assert!(!year_goes_on("01/01/203", "22"), "five digits");
        assert!(!year_goes_on("Quý I/203", "2"), "no date");
        assert!(!year_goes_on("1/2/3/4", "5"));
        // unseen6's PDF: "01/01/2032" in a column narrower than it looks.
        let line = |y: f64, text: &str| super::super::test_line(y, &[(10.0, text)]);
        let lines = [line(100.0, "01/01/203"), line(114.0, "2")];
        assert_eq!(cell_text_within(&lines, Some((70.0, 72.0))), "01/01/2032");
        let lines = [line(100.0, "Quý I/203"), line(114.0, "2")];
        assert_eq!(cell_text_within(&lines, Some((70.0, 72.0))), "Quý I/203 2", "no date, a line not full");
    }

    #[test]
    fn items_start_with_labels_and_years_are_no_labels() {
        for item in
            ["1. Rà soát", "12) Báo cáo", "123. Kiểm tra", "1.2. Tiếp tục", "3.10 Tổ chức", "a) cập nhật", "- Công văn"]
        {
            assert!(starts_item(item), "{item}");
        }
        // A year that ended a sentence, wrapped onto a line of its own.
        for text in ["2024.", "2028) và", "Hà Tĩnh năm", "1.2.3"] {
            assert!(!starts_item(text), "{text}");
        }
        assert!(starts_number("1.2. Tiếp tục") && starts_number("4."));
        assert!(!starts_number("- Công văn") && !starts_number("a) cập nhật") && !starts_number("1- Mục tiêu"));
    }

    /// unseen4's PDF: a footnote mark drawn at 0.75 of the text's size
    /// and raised; on its own row between two lines (its baseline too far
    /// from either) it goes to the line below, glued to its word as a
    /// superscript; in its line it becomes a superscript too. A small
    /// letter or a digit on the baseline is no mark.
    #[test]
    fn raised_small_digits_are_superscript_marks() {
        let small = |text: &str, x: f64, y: f64| Glyph { x, y, width: 4.0, size: 8.25, text: text.into() };
        let mut all = glyphs("phục vụ Đề", 10.0, 100.0);
        all.extend(glyphs("án 06", 10.0, 114.0));
        all.push(small("2", 40.0, 108.5));
        let lines = text_lines(all);
        assert_eq!(lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["phục vụ Đề", "án 06²"]);
        let mut inline = glyphs("UBND tỉnh", 10.0, 100.0);
        inline.push(small("1", 64.0, 96.0));
        inline.extend(glyphs(";", 68.0, 100.0));
        assert_eq!(text_lines(inline)[0].text, "UBND tỉnh¹;");
        let mut level = glyphs("m", 10.0, 100.0);
        level.push(small("2", 16.0, 100.0));
        level.push(small("x", 20.5, 97.5));
        assert_eq!(text_lines(level)[0].text, "m2x");
    }

    #[test]
    fn combining_marks_join_their_letter() {
        let mut all = glyphs("Vie", 10.0, 100.0);
        all.push(Glyph { x: 22.0, y: 100.0, width: 0.0, size: 11.0, text: "\u{0302}".into() });
        all.extend(glyphs("t", 28.0, 100.0));
        assert_eq!(text_lines(all)[0].text, "Vie\u{0302}t");
    }
}
