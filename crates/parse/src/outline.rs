//! The outline of a narrative plan: its numbered and bulleted paragraphs as
//! a tree (I. → 1. → 1.1. → 2.1.1. → a) → - → +), each node with its text
//! and the plain paragraphs that follow it.

use crate::classes::{digits, skip_space};
use crate::columns::fold;
use kehoach_extract::{Block, Location};

/// A footnote: its mark, its text and where its mark was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Footnote {
    /// The mark as a number (`¹` → `1`).
    pub mark: String,
    /// The footnote's text.
    pub text: String,
    /// Where the footnote text is.
    pub location: Location,
    /// Where its mark interrupts the text (paragraphs of the outline).
    pub referenced_at: Vec<Location>,
}

const SUPERSCRIPTS: [(char, char); 10] = [
    ('⁰', '0'),
    ('¹', '1'),
    ('²', '2'),
    ('³', '3'),
    ('⁴', '4'),
    ('⁵', '5'),
    ('⁶', '6'),
    ('⁷', '7'),
    ('⁸', '8'),
    ('⁹', '9'),
];

/// The digit a superscript digit stands for. Every character of every
/// text is asked: those outside the superscripts' two ranges (U+00B2 to
/// U+00B9, U+2070 to U+2079; a test checks the table lies in them) are
/// told at once.
fn superscript_digit(c: char) -> Option<char> {
    if !matches!(c, '\u{B2}'..='\u{B9}' | '\u{2070}'..='\u{2079}') {
        return None;
    }
    SUPERSCRIPTS.iter().find(|(s, _)| *s == c).map(|(_, d)| *d)
}

/// A footnote text paragraph: superscript digits, then the text.
fn footnote_definition(text: &str) -> Option<(String, String)> {
    let mark: String = text.chars().map_while(superscript_digit).collect();
    let rest = text.trim_start_matches(|c| superscript_digit(c).is_some()).trim();
    (!mark.is_empty() && !rest.is_empty()).then(|| (mark, rest.to_string()))
}

/// Per block, the footnote a PDF prints at a page's foot with its mark at
/// the text's size ("2 Đề án phát triển …"): a paragraph of a number and a
/// text starting with a capital, followed by the page break (or by another
/// such footnote), whose number the document's text carries as a
/// superscript mark glued to a word ("Đề án 06²").
fn page_foot_definitions(blocks: &[Block]) -> Vec<Option<(String, String)>> {
    let mut used: Vec<String> = Vec::new();
    let mut note = |text: &str| {
        // A superscript digit's UTF-8 starts with C2 or E2: most texts
        // have neither byte and are passed without decoding them.
        if !text.bytes().any(|b| b == 0xC2 || b == 0xE2) {
            return;
        }
        let mut previous: Option<char> = None;
        let mut current = String::new();
        for c in text.chars().chain([' ']) {
            match superscript_digit(c) {
                Some(d) if previous.is_some_and(|p| !p.is_whitespace()) => current.push(d),
                _ => {
                    if !current.is_empty() && !used.contains(&current) {
                        used.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    previous = Some(c);
                }
            }
        }
    };
    for block in blocks {
        match block {
            Block::Paragraph(p) => note(&p.text),
            Block::Table(t) => t.rows.iter().flat_map(|r| &r.cells).for_each(|c| note(&c.text)),
            Block::PageBreak(_) => {}
        }
    }
    let plain = |text: &str| -> Option<(String, String)> {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        let rest = text.get(digits..)?.strip_prefix(' ')?.trim();
        let mark = &text[..digits];
        ((1..=2).contains(&digits)
            && rest.chars().next().is_some_and(char::is_uppercase)
            && used.iter().any(|u| u == mark))
        .then(|| (mark.to_string(), rest.to_string()))
    };
    let mut out = vec![None; blocks.len()];
    // From the end: a footnote stands before the page break or another one.
    let mut foot = true;
    for (i, block) in blocks.iter().enumerate().rev() {
        match block {
            Block::PageBreak(_) => foot = true,
            Block::Paragraph(p) if foot => {
                out[i] = plain(&p.text);
                foot = out[i].is_some();
            }
            _ => foot = false,
        }
    }
    out
}

/// Footnotes a converter printed as plain paragraphs "N Text" (a mark of
/// one or two digits and a text starting with a capital), as marks and
/// texts: a spreadsheet or layout text keeps their marks as plain digits.
pub(crate) fn plain_notes(blocks: &[Block]) -> Vec<(String, String)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => {
                let digits = p.text.bytes().take_while(u8::is_ascii_digit).count();
                let rest = p.text.get(digits..)?.strip_prefix(' ')?.trim();
                ((1..=2).contains(&digits) && rest.chars().next().is_some_and(char::is_uppercase))
                    .then(|| (p.text[..digits].to_string(), rest.to_string()))
            }
            _ => None,
        })
        .collect()
}

/// Removes a footnote's mark kept as a plain digit glued to a word
/// ("Đề án 062"): where the word less the mark, after the word before it,
/// is what the footnote itself names ("2 Đề án … (Đề án 06)." quotes "án
/// 06") and the word with the mark is not.
pub(crate) fn strip_plain_marks(text: &str, notes: &[(String, String)]) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let core = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        let tail = &word[core.len()..];
        let cut = (i > 0).then(|| words[i - 1]).and_then(|before| {
            notes.iter().find_map(|(mark, note)| {
                let base = core.strip_suffix(mark.as_str()).filter(|b| b.ends_with(char::is_alphanumeric))?;
                (note.contains(&format!("{before} {base}")) && !note.contains(&format!("{before} {core}")))
                    .then_some(base)
            })
        });
        out.push(cut.map_or_else(|| word.to_string(), |base| format!("{base}{tail}")));
    }
    out.join(" ")
}

/// Removes the marks of known footnotes glued to words ("2021-2030¹ của")
/// and returns the marks found; other superscripts ("m²") stay.
pub(crate) fn strip_marks(text: &str, known: &[String]) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut marks = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    let mut raw = String::new();
    let flush = |current: &mut String, raw: &mut String, out: &mut String, marks: &mut Vec<String>| {
        if current.is_empty() {
            return;
        }
        if known.contains(current) {
            marks.push(std::mem::take(current));
        } else {
            out.push_str(raw);
            current.clear();
        }
        raw.clear();
    };
    for c in text.chars() {
        match superscript_digit(c) {
            Some(d) if previous.is_some_and(|p| !p.is_whitespace()) || !current.is_empty() => {
                current.push(d);
                raw.push(c);
            }
            _ => {
                flush(&mut current, &mut raw, &mut out, &mut marks);
                out.push(c);
                previous = Some(c);
            }
        }
    }
    flush(&mut current, &mut raw, &mut out, &mut marks);
    (out, marks)
}

/// One numbered or bulleted paragraph and what is under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineNode {
    /// The marker as printed: `I.`, `1.`, `1.1.`, `a)`, `-`, `+`.
    pub marker: String,
    /// The paragraph's text without its marker, then the plain paragraphs
    /// that follow it (one per line).
    pub text: String,
    /// Where it starts.
    pub location: Location,
    /// Nodes under it.
    pub children: Vec<OutlineNode>,
}

/// `^\s*([IVXL]{1,6})[.)]\s+(\S.*)$`: a Roman group number and the text.
///
/// The three marker scanners stand for the regexes in their doc comments
/// (kept in the tests, which check both agree), whose compiling cost every
/// process ~1.4 M instructions. A run of numerals or digits is taken whole:
/// a shorter one is followed by another numeral or digit, where the
/// patterns need a separator, so the regexes could not match with it.
fn roman_marker(line: &str) -> Option<(&str, &str)> {
    let start = skip_space(line);
    let end = start.find(|c| !matches!(c, 'I' | 'V' | 'X' | 'L')).unwrap_or(start.len());
    if !(1..=6).contains(&end) || !start[end..].starts_with(['.', ')']) {
        return None;
    }
    Some((&start[..end], marker_text(&start[end + 1..])?))
}

/// `^\s*([0-9]{1,2}(?:\.[0-9]{1,2}){0,4})([.)]?)\s+(\S.*)$`: a decimal
/// number ("1.", "2.1", "3)"), what follows it, and the text.
fn decimal_marker(line: &str) -> Option<(&str, &str, &str)> {
    let start = skip_space(line);
    let run = |at: usize| (1..=2).contains(&digits(&start[at..])).then(|| at + digits(&start[at..]));
    let mut end = run(0)?;
    for _ in 0..4 {
        match start[end..].strip_prefix('.').and_then(|_| run(end + 1)) {
            Some(next) => end = next,
            None => break,
        }
    }
    let after = &start[end..];
    if after.starts_with(['.', ')']) {
        if let Some(text) = marker_text(&after[1..]) {
            return Some((&start[..end], &after[..1], text));
        }
    }
    Some((&start[..end], "", marker_text(after)?))
}

/// `^\s*([a-zđ])[).]\s+(\S.*)$`: a letter ("a)", "đ.") and the text.
fn letter_marker(line: &str) -> Option<(&str, &str)> {
    let start = skip_space(line);
    let letter = start.chars().next().filter(|&c| c.is_ascii_lowercase() || c == 'đ')?;
    let end = letter.len_utf8();
    if !start[end..].starts_with(['.', ')']) {
        return None;
    }
    Some((&start[..end], marker_text(&start[end + 1..])?))
}

/// `\s+(\S.*)$` at the start of `rest`: the text after white space, to the
/// end of a single line.
fn marker_text(rest: &str) -> Option<&str> {
    let text = skip_space(rest);
    (text.len() < rest.len() && !text.is_empty() && !text.contains('\n')).then_some(text)
}

/// A paragraph's marker, its rank (smaller is higher) and its text.
fn marker(text: &str, list_marker: Option<&str>) -> Option<(String, u8, String)> {
    // "- a) …", "- + …": a bullet in front of the real marker (a scanning
    // artefact); the inner marker decides.
    if list_marker.is_some() {
        if let Some(inner) = text.strip_prefix("+ ") {
            return Some(("+".to_string(), 9, inner.to_string()));
        }
        if let Some((letter, first)) = letter_marker(text.lines().next().unwrap_or("")) {
            let rest: String = std::iter::once(first.to_string())
                .chain(text.lines().skip(1).map(str::to_string))
                .collect::<Vec<_>>()
                .join("\n");
            return Some((format!("{letter})"), 7, rest));
        }
    }
    if let Some(m) = list_marker {
        let rank = match m {
            "+" => 9,
            "*" | "•" => 8,
            _ => 8,
        };
        return Some((m.to_string(), rank, text.to_string()));
    }
    let line = text.lines().next().unwrap_or("");
    // A bullet typed into the text ("- 100% thủ tục …;"), as office files
    // keep it where a text file's reader makes it a list marker.
    for (bullet, rank) in [("- ", 8), ("+ ", 9), ("• ", 8)] {
        if let Some(rest) = text.strip_prefix(bullet).filter(|r| !r.trim().is_empty()) {
            return Some((bullet.trim_end().to_string(), rank, rest.trim_start().to_string()));
        }
    }
    let rest_lines = |first: &str| {
        let mut out = first.to_string();
        for extra in text.lines().skip(1) {
            out.push('\n');
            out.push_str(extra);
        }
        out
    };
    if let Some((numeral, first)) = roman_marker(line) {
        return Some((format!("{numeral}."), 1, rest_lines(first)));
    }
    if let Some((number, separator, first)) = decimal_marker(line) {
        let depth = number.split('.').count() as u8;
        // "2021-2030 …" or a bare year is not a number of the outline.
        if number.len() <= 5 && !(separator.is_empty() && depth == 1) {
            return Some((format!("{number}{separator}"), 1 + depth, rest_lines(first)));
        }
    }
    if let Some((letter, first)) = letter_marker(line) {
        return Some((format!("{letter})"), 7, rest_lines(first)));
    }
    None
}

/// The outline of the paragraphs outside tables, recipients lists left out.
pub(crate) fn outline(blocks: &[Block]) -> (Vec<OutlineNode>, Vec<Footnote>) {
    let mut roots: Vec<OutlineNode> = Vec::new();
    let mut footnotes: Vec<Footnote> = Vec::new();
    let mut marks_at: Vec<(String, Location)> = Vec::new();
    let at_foot = page_foot_definitions(blocks);
    let definition = |i: usize, text: &str| footnote_definition(text).or_else(|| at_foot[i].clone());
    let known: Vec<String> = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Paragraph(p) => definition(i, &p.text).map(|(mark, _)| mark),
            _ => None,
        })
        .collect();
    // Path of open nodes: (rank, index path).
    let mut open: Vec<u8> = Vec::new();
    // Inside a "Nơi nhận" list (recipients, then the signature): not part
    // of the outline. A decision and the plan it issues follow each other,
    // so the outline resumes with the next numbered paragraph.
    let mut recipients = false;
    for (i, block) in blocks.iter().enumerate() {
        let Block::Paragraph(p) = block else { continue };
        // Footnote texts ("¹Nghị quyết số 76/NQ-CP …") are kept apart.
        if let Some((mark, text)) = definition(i, &p.text) {
            footnotes.push(Footnote { mark, text, location: p.location.clone(), referenced_at: Vec::new() });
            continue;
        }
        let (stripped, marks) = strip_marks(&p.text, &known);
        marks_at.extend(marks.into_iter().map(|m| (m, p.location.clone())));
        let p = &kehoach_extract::Paragraph { text: stripped, ..p.clone() };
        if fold(p.text.trim_start_matches('*')).starts_with("noi nhan") {
            recipients = true;
            open.clear();
            continue;
        }
        if recipients {
            if p.list_marker.is_some() || marker(&p.text, None).is_none() {
                continue;
            }
            recipients = false;
        }
        match marker(&p.text, p.list_marker.as_deref()) {
            Some((printed, rank, text)) => {
                while open.last().is_some_and(|r| *r >= rank) {
                    open.pop();
                }
                let node = OutlineNode { marker: printed, text, location: p.location.clone(), children: Vec::new() };
                let siblings = children_at(&mut roots, open.len());
                siblings.push(node);
                open.push(rank);
            }
            None => {
                // Plain text belongs to the open node, if any.
                if let Some(node) = last_open(&mut roots, open.len()) {
                    node.text.push('\n');
                    node.text.push_str(&p.text);
                }
            }
        }
    }
    for footnote in &mut footnotes {
        footnote.referenced_at = marks_at.iter().filter(|(m, _)| *m == footnote.mark).map(|(_, l)| l.clone()).collect();
    }
    (roots, footnotes)
}

/// The children list at `depth` along the last-child path.
fn children_at(roots: &mut Vec<OutlineNode>, depth: usize) -> &mut Vec<OutlineNode> {
    let mut list = roots;
    for _ in 0..depth {
        list = &mut list.last_mut().expect("an open node at every depth").children;
    }
    list
}

/// The deepest open node.
fn last_open(roots: &mut [OutlineNode], depth: usize) -> Option<&mut OutlineNode> {
    if depth == 0 {
        return None;
    }
    let mut node = roots.last_mut()?;
    for _ in 1..depth {
        node = node.children.last_mut()?;
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_superscripts_lie_in_the_ranges_told_at_once() {
        for (superscript, _) in SUPERSCRIPTS {
            assert!(matches!(superscript, '\u{B2}'..='\u{B9}' | '\u{2070}'..='\u{2079}'), "{superscript:?}");
        }
    }

    /// The marker scanners capture what their regexes capture: on every
    /// line of the seeds and on edge cases.
    #[test]
    fn the_marker_scanners_agree_with_their_regexes() {
        use regex::Regex;
        let roman = Regex::new(r"^\s*([IVXL]{1,6})[.)]\s+(\S.*)$").unwrap();
        let decimal = Regex::new(r"^\s*([0-9]{1,2}(?:\.[0-9]{1,2}){0,4})([.)]?)\s+(\S.*)$").unwrap();
        let letter = Regex::new(r"^\s*([a-zđ])[).]\s+(\S.*)$").unwrap();
        let mut cases: Vec<String> = [
            "I. MỤC TIÊU",
            " II) x",
            "IIIIIII. x",
            "IIIIII. x",
            "IV.V. x",
            "IV.",
            "IV. ",
            "IV.  \u{a0}y",
            "IV.x",
            "V.\tx\ny",
            "\u{2003}X. a",
            "L) b",
            "i. x",
            "1. x",
            "1.2. x",
            "1.2 x",
            "1) x",
            "12.34.56.78.90 x",
            "1.2.3.4.5.6 x",
            "1.2.3.4.5. x",
            "123. x",
            "1.234 x",
            "1..2 x",
            "1. ",
            "1.",
            "2021-2030 x",
            "2026 x",
            "1.2.) x",
            "01.02) x",
            "1.2\u{a0}x",
            "1.2.\nx",
            "a) x",
            "đ. x",
            "Đ. x",
            "ab) x",
            "a)x",
            "z) \r",
            "a)\u{85}x",
            "",
            " ",
            "\u{a0}1. x",
            "١. x",
            "1)\u{3000}x",
        ]
        .map(String::from)
        .to_vec();
        cases.extend(crate::classes::tests::seed_texts().iter().flat_map(|s| s.lines().map(str::to_string)));
        let mut matched = 0;
        for line in &cases {
            let two = |re: &Regex| re.captures(line).map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str()));
            assert_eq!(roman_marker(line), two(&roman), "{line:?}");
            assert_eq!(letter_marker(line), two(&letter), "{line:?}");
            let expected = decimal
                .captures(line)
                .map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str(), c.get(3).unwrap().as_str()));
            assert_eq!(decimal_marker(line), expected, "{line:?}");
            matched += usize::from(expected.is_some())
                + usize::from(roman.is_match(line))
                + usize::from(letter.is_match(line));
        }
        assert!(matched > 100, "{matched}");
    }

    /// unseen4's XLSX and layout text keep footnote 2's mark as a plain
    /// digit after "Đề án 06"; a number the footnote does not quote, or
    /// quotes with the digit, stays.
    #[test]
    fn a_plain_footnote_mark_the_footnote_explains_is_dropped() {
        let notes = vec![("2".to_string(), "Đề án phát triển dữ liệu về dân cư (Đề án 06).".to_string())];
        assert_eq!(
            strip_plain_marks("Làm sạch dữ liệu phục vụ Đề án 062", &notes),
            "Làm sạch dữ liệu phục vụ Đề án 06"
        );
        assert_eq!(strip_plain_marks("phục vụ Đề án 062;", &notes), "phục vụ Đề án 06;");
        assert_eq!(strip_plain_marks("Kế hoạch 062", &notes), "Kế hoạch 062", "not what the footnote names");
        assert_eq!(strip_plain_marks("Quý II/2032", &notes), "Quý II/2032");
        let quoted = vec![("2".to_string(), "Theo Đề án 062 của tỉnh.".to_string())];
        assert_eq!(strip_plain_marks("Đề án 062", &quoted), "Đề án 062");
        let blocks = vec![para("2 Đề án phát triển (Đề án 06).", None), para("2030 Năm", None)];
        assert_eq!(plain_notes(&blocks), [("2".to_string(), "Đề án phát triển (Đề án 06).".to_string())]);
    }
    use kehoach_extract::Paragraph;

    fn para(text: &str, list_marker: Option<&str>) -> Block {
        Block::Paragraph(Paragraph {
            text: text.into(),
            list_marker: list_marker.map(str::to_string),
            location: Location::line(1),
            ..Paragraph::default()
        })
    }

    /// A PDF prints a footnote at its page's foot with a plain number
    /// ("2 Đề án …"): a footnote when the text carries that number as a
    /// superscript mark, which then leaves the text; a plain numbered
    /// paragraph elsewhere, or with a number no mark uses, is none.
    #[test]
    fn a_page_foot_footnote_with_a_plain_number() {
        let blocks = [
            para("Căn cứ Kế hoạch của UBND tỉnh¹;", None),
            para("1 Kế hoạch số 210/KH-UBND ngày 25/12/2029.", None),
            Block::PageBreak(Location::line(3)),
            para("2 Đề án phát triển", None),
            Block::PageBreak(Location::line(5)),
        ];
        let (tree, notes) = outline(&blocks);
        assert_eq!(
            notes.iter().map(|n| (n.mark.as_str(), n.text.as_str())).collect::<Vec<_>>(),
            [("1", "Kế hoạch số 210/KH-UBND ngày 25/12/2029.")]
        );
        assert!(tree.iter().all(|n| !n.text.contains('¹')));
        assert_eq!(strip_marks("Đề án 06¹", &["1".to_string()]).0, "Đề án 06");
    }

    #[test]
    fn numbering_builds_the_tree() {
        let (tree, _) = outline(&[
            para("I. MỤC TIÊU, YÊU CẦU", None),
            para("1. Mục tiêu", None),
            para("Xây dựng nền hành chính hiện đại", Some("-")),
            para("a) Đến năm 2025", None),
            para("Tỷ lệ hài lòng đạt trên 85%", Some("-")),
            para("Chi tiết", Some("+")),
            para("b) Đến năm 2030", None),
            para("2. Yêu cầu", None),
            para("Bám sát chỉ đạo.", None),
            para("2.1. Cụ thể", None),
            para("II. NHIỆM VỤ", None),
            para("Nơi nhận:", None),
            para("Sở Nội vụ;", Some("-")),
            para("GIÁM ĐỐC", None),
            para("I. MỤC TIÊU CỦA KẾ HOẠCH ĐI KÈM", None),
        ]);
        assert_eq!(tree.len(), 3);
        assert_eq!(tree[2].text, "MỤC TIÊU CỦA KẾ HOẠCH ĐI KÈM", "the outline resumes after the signature");
        assert!(tree[1].children.is_empty(), "recipients are not in the outline");
        let goals = &tree[0].children[0];
        assert_eq!((goals.marker.as_str(), goals.text.as_str()), ("1.", "Mục tiêu"));
        assert_eq!(goals.children.len(), 3, "a bullet, a), b)");
        assert_eq!(goals.children[1].marker, "a)");
        assert_eq!(goals.children[1].children[0].children[0].marker, "+");
        let req = &tree[0].children[1];
        assert_eq!(req.text, "Yêu cầu\nBám sát chỉ đạo.");
        assert_eq!(req.children[0].marker, "2.1.");
        assert_eq!(tree[1].text, "NHIỆM VỤ");
    }

    #[test]
    fn a_bullet_in_front_of_a_marker_gives_way() {
        assert_eq!(marker("a) Tiếp tục", Some("-")).map(|m| (m.0, m.1)), Some(("a)".to_string(), 7)));
        assert_eq!(marker("a. Đến năm 2025", Some("-")).map(|m| m.0), Some("a)".to_string()));
        assert_eq!(
            marker("+ Nâng cao", Some("-")).map(|m| (m.0, m.2)),
            Some(("+".to_string(), "Nâng cao".to_string()))
        );
    }

    #[test]
    fn footnotes_are_kept_apart() {
        let (tree, notes) = outline(&[
            para("1.1. Triển khai Chương trình giai đoạn 2021-2030¹ của Chính phủ, của tỉnh²; tiếp tục", None),
            para("¹Nghị quyết số 76/NQ-CP ngày 15/7/2021", None),
            para("²Quyết định số 3504/QĐ-UBND", None),
        ]);
        assert_eq!(tree[0].text, "Triển khai Chương trình giai đoạn 2021-2030 của Chính phủ, của tỉnh; tiếp tục");
        assert_eq!(notes.len(), 2);
        assert_eq!((notes[0].mark.as_str(), notes[0].text.as_str()), ("1", "Nghị quyết số 76/NQ-CP ngày 15/7/2021"));
        assert_eq!(notes[1].referenced_at, [Location::line(1)]);
        assert_eq!(strip_marks("100 m² đất", &["1".to_string()]).0, "100 m² đất", "only known marks are removed");
        assert_eq!(strip_marks("tỉnh²;", &["2".to_string()]), ("tỉnh;".to_string(), vec!["2".to_string()]));
    }

    #[test]
    fn years_are_not_numbers() {
        assert_eq!(marker("2021 là năm bản lề", None), None);
        assert_eq!(marker("1.1. Nâng cao", None).map(|m| m.1), Some(3));
    }
}
