//! The text reader: scanned-to-text and converter output.
//!
//! A line holding a tab (or a markdown pipe row) is a table row, its cells
//! split on tabs (pipes). Consecutive rows form one table; blank lines
//! between two rows are a page break between two parts of a table. Other
//! lines are paragraphs: `#` headings, `-`/`+`/`*` list items, and runs of
//! plain lines joined into one paragraph — except where a line opens an
//! outline item ("I. …", "2. …", "a) …") after a line that ends one (a
//! closing ".", ";" or ":", a line in capitals, or a short numbered
//! heading): office suites' plain-text exports write a paragraph a line
//! with no blank line between. Markdown/HTML fragments are removed
//! by [`crate::markup`]; markdown separator rows (`---|---`) are dropped.
//! Tables in converters' layouts are found first ([`crate::layouts`], the
//! cell-a-line tables of [`crate::cell_lines`], [`crate::columns`]).

use crate::markup::{self, Clean};
use crate::model::{Block, Cell, Location, Paragraph, Row, Table};
use regex::Regex;
use std::sync::LazyLock;

static HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(.*)$").expect("valid regex"));
static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([-+*•])\s+(.*)$").expect("valid regex"));
static SEPARATOR_CELL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^:?-{2,}:?$").expect("valid regex"));
/// Whether a line opens an outline item: at its start a Roman numeral
/// (`I`, `V`, `X`, up to five), a number with up to three sub-numbers
/// (`2`, `1.2.3`, each part of one or two digits) or one lower-case letter
/// (`a`–`z`, `đ`), then `.` or `)`, white space and text. Scanned by hand:
/// a regular expression would be compiled in every process that reads a
/// text file (a test checks the two agree).
fn opens_item(line: &str) -> bool {
    // `.` or `)`, white space, then a character that is none.
    let after_marker = |rest: &str| {
        let mut chars = rest.chars();
        if !matches!(chars.next(), Some('.' | ')')) {
            return false;
        }
        let rest = chars.as_str();
        let text = rest.trim_start();
        text.len() < rest.len() && !text.is_empty()
    };
    // A run of the bytes `is` at the start of `s`: its length.
    let run = |s: &str, is: fn(&u8) -> bool| s.bytes().take_while(is).count();
    let roman = run(line, |b| matches!(b, b'I' | b'V' | b'X'));
    if roman > 0 {
        return roman <= 5 && after_marker(&line[roman..]);
    }
    let digits = run(line, u8::is_ascii_digit);
    if digits > 0 {
        if digits > 2 {
            return false;
        }
        let mut rest = &line[digits..];
        for _ in 0..3 {
            if after_marker(rest) {
                return true;
            }
            let Some(after_dot) = rest.strip_prefix('.') else { return false };
            let part = run(after_dot, u8::is_ascii_digit);
            if !(1..=2).contains(&part) {
                return false;
            }
            rest = &after_dot[part..];
        }
        return after_marker(rest);
    }
    match line.chars().next() {
        Some(c @ ('a'..='z' | 'đ')) => after_marker(&line[c.len_utf8()..]),
        _ => false,
    }
}

/// Whether a paragraph's last line ends it when an outline item follows:
/// it closes with ".", ";" or ":", it is in capitals (a heading), or it
/// is a numbered heading of a few words ("2. Chỉ tiêu cụ thể").
fn ends_before_item(line: &str) -> bool {
    let line = line.trim();
    if line.ends_with(['.', ';', ':']) {
        return true;
    }
    let letters = || line.chars().filter(|c| c.is_alphabetic());
    if letters().next().is_some() && letters().all(|c| !c.is_lowercase()) {
        return true;
    }
    opens_item(line) && line.chars().count() <= 60 && !line.ends_with(',')
}

/// Splits decoded text into blocks.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let mut reader = Reader::default();
    let lines: Vec<&str> = text.split('\n').collect();
    let mut columns = crate::columns::Columns::default();
    let mut index = 0;
    while index < lines.len() {
        // Tables in converters' text layouts, recognised table by table.
        let found = crate::layouts::table_at(&lines, index)
            .or_else(|| crate::cell_lines::table_at(&lines, index))
            .or_else(|| columns.table_at(&lines, index));
        if let Some(found) = found.filter(|f| f.end > index) {
            reader.flush_paragraph();
            reader.flush_table();
            reader.blocks.extend(found.blocks);
            index = found.end;
            continue;
        }
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        reader.line(number, lines[index]);
        index += 1;
    }
    reader.finish()
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    table: Option<Table>,
    /// First blank line seen after the last table row, if any.
    blank_after_row: Option<u32>,
    paragraph: Option<OpenParagraph>,
}

impl Reader {
    fn line(&mut self, number: u32, line: &str) {
        if line.trim().is_empty() {
            self.flush_paragraph();
            if self.table.is_some() && self.blank_after_row.is_none() {
                self.blank_after_row = Some(number);
            }
            return;
        }
        if let Some(cells) = split_row(line) {
            self.flush_paragraph();
            self.row(number, cells);
            return;
        }
        self.flush_table();
        self.paragraph_line(number, line);
    }

    fn row(&mut self, number: u32, raw_cells: Vec<&str>) {
        let separator = |c: &str| c.starts_with([':', '-']) && SEPARATOR_CELL.is_match(c);
        if raw_cells.iter().all(|c| c.trim().is_empty() || separator(c.trim()))
            && raw_cells.iter().any(|c| !c.trim().is_empty())
        {
            return; // a markdown separator row carries no content
        }
        let cells = raw_cells
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                let Clean { text, bold, .. } = markup::clean(raw);
                let column = u32::try_from(i + 1).unwrap_or(u32::MAX);
                Cell { bold, ..Cell::new(text, Location::line_column(number, column)) }
            })
            .collect();
        let row = Row { cells, header: false, location: Location::line(number) };
        match (&mut self.table, self.blank_after_row.take()) {
            (Some(table), None) => table.rows.push(row),
            (Some(_), Some(blank)) => {
                self.flush_table();
                self.blocks.push(Block::PageBreak(Location::line(blank)));
                self.table = Some(Table { rows: vec![row], location: Location::line(number) });
            }
            (None, _) => self.table = Some(Table { rows: vec![row], location: Location::line(number) }),
        }
    }

    fn paragraph_line(&mut self, number: u32, line: &str) {
        let trimmed = line.trim();
        if let Some(caps) = trimmed.starts_with('#').then(|| HEADING.captures(trimmed)).flatten() {
            self.flush_paragraph();
            let clean = markup::clean(&caps[2]);
            let level = u8::try_from(caps[1].len()).unwrap_or(6);
            self.push_paragraph(number, clean, Some(level), None);
            return;
        }
        if let Some(caps) = trimmed.starts_with(['-', '+', '*', '•']).then(|| LIST_ITEM.captures(trimmed)).flatten() {
            // `**bold**` starts with `*` too; it is emphasis, not a list item.
            if !trimmed.starts_with("**") {
                self.flush_paragraph();
                let clean = markup::clean(&caps[2]);
                self.push_paragraph(number, clean, None, Some(caps[1].to_string()));
                return;
            }
        }
        if opens_item(trimmed) && self.paragraph.as_ref().is_some_and(|open| ends_before_item(open.last_line())) {
            self.flush_paragraph();
        }
        match &mut self.paragraph {
            Some(open) => {
                let clean = markup::clean(trimmed);
                if !clean.text.is_empty() {
                    open.text.push('\n');
                    open.text.push_str(&clean.text);
                }
                open.bold &= clean.bold;
                open.italic &= clean.italic;
                open.raw.push('\n');
                open.raw.push_str(trimmed);
            }
            None => {
                let clean = markup::clean(trimmed);
                self.paragraph = Some(OpenParagraph {
                    text: clean.text,
                    raw: trimmed.to_string(),
                    bold: clean.bold,
                    italic: clean.italic,
                    line: number,
                });
            }
        }
    }

    fn push_paragraph(&mut self, number: u32, clean: Clean, heading: Option<u8>, list_marker: Option<String>) {
        if clean.text.is_empty() && list_marker.is_none() {
            return;
        }
        self.blocks.push(Block::Paragraph(Paragraph {
            text: clean.text,
            heading,
            bold: clean.bold,
            italic: clean.italic,
            list_marker,
            location: Location::line(number),
        }));
    }

    fn flush_paragraph(&mut self) {
        let Some(open) = self.paragraph.take() else { return };
        // Emphasis may open on one line and close on another ("**KT. CHỦ
        // TỊCH\nPHÓ CHỦ TỊCH**"): clean the joined raw text once more.
        let whole = markup::clean(&open.raw);
        let text = if open.raw.contains('\n') { whole.text } else { open.text };
        if text.is_empty() {
            return;
        }
        self.blocks.push(Block::Paragraph(Paragraph {
            text,
            heading: None,
            bold: open.bold || whole.bold,
            italic: open.italic || whole.italic,
            list_marker: None,
            location: Location::line(open.line),
        }));
    }

    fn flush_table(&mut self) {
        self.blank_after_row = None;
        if let Some(table) = self.table.take() {
            self.blocks.push(Block::Table(table));
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush_paragraph();
        self.flush_table();
        self.blocks
    }
}

struct OpenParagraph {
    text: String,
    raw: String,
    bold: bool,
    italic: bool,
    line: u32,
}

impl OpenParagraph {
    fn last_line(&self) -> &str {
        self.raw.rsplit('\n').next().unwrap_or_default()
    }
}

/// Splits a table row into raw cells, or returns `None` for a non-row line.
fn split_row(line: &str) -> Option<Vec<&str>> {
    if line.contains('\t') {
        return Some(line.split('\t').collect());
    }
    let trimmed = line.trim();
    if trimmed.len() >= 3 && trimmed.starts_with('|') && trimmed.ends_with('|') {
        let inner = &trimmed[1..trimmed.len() - 1];
        return Some(inner.split('|').collect());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(blocks: &[Block]) -> Vec<&Table> {
        blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
    }

    #[test]
    fn tab_rows_make_one_table_and_blank_lines_make_page_breaks() {
        let text = "Title\n\nTT\tA\tB\n1\tx\ty\n\nTT\tA\tB\n\tz\t\nAfter\n";
        let blocks = blocks(text);
        assert!(matches!(&blocks[0], Block::Paragraph(p) if p.text == "Title"));
        assert!(matches!(&blocks[1], Block::Table(t) if t.rows.len() == 2));
        assert_eq!(blocks[2], Block::PageBreak(Location::line(5)));
        let t = tables(&blocks);
        assert_eq!(t[1].rows[1].cells[1].text, "z");
        assert_eq!(t[1].rows[1].cells[1].location, Location::line_column(7, 2));
        assert!(matches!(&blocks[4], Block::Paragraph(p) if p.text == "After"));
    }

    #[test]
    fn separator_rows_are_dropped_and_pipe_tables_read() {
        let blocks = blocks("| TT | Nội dung |\n|---|:---:|\n| 1. | Việc |\n");
        let t = tables(&blocks);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[0].rows[1].cells[1].text, "Việc");
        let blocks = super::blocks("a\tb\n---\t--\n");
        assert_eq!(tables(&blocks)[0].rows.len(), 1);
    }

    /// The hand scanner of outline markers says what the regular
    /// expression it stands for says, on built markers and on every line
    /// of the text fixtures.
    #[test]
    fn the_item_scanner_is_the_regular_expression() {
        let item = Regex::new(r"^(?:[IVX]{1,5}|[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}|[a-zđ])[.)]\s+\S").expect("valid regex");
        let mut lines: Vec<String> = Vec::new();
        let markers = [
            "",
            "I",
            "IV",
            "VIII",
            "XXXX",
            "IVXIV",
            "IVXIVX",
            "1",
            "12",
            "123",
            "1.2",
            "1.2.3",
            "1.2.3.4",
            "1.2.3.4.5",
            "1.23",
            "1.234",
            "12.34.56",
            "1.",
            "1..2",
            "a",
            "đ",
            "z",
            "A",
            "ab",
            "Đ",
            "é",
            "1a",
            "Ia",
        ];
        for marker in markers {
            for stop in ["", ".", ")", ".)", ",", ":"] {
                for space in ["", " ", "  ", "\u{a0}", "\t", " \u{3000}", "\u{2028}"] {
                    for tail in ["", "x", " ", "Nội dung", "\u{a0}", "."] {
                        lines.push(format!("{marker}{stop}{space}{tail}"));
                    }
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        for dir in ["seeds", "unseen12", "lo-txt", "triage/dev", "clean"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("fixtures") {
                let path = entry.expect("entry").path();
                if path.extension().is_some_and(|e| e == "txt") {
                    let text = std::fs::read_to_string(&path).expect("UTF-8");
                    lines.extend(text.lines().map(|l| l.trim().to_string()));
                }
            }
        }
        assert!(lines.len() > 5000, "{}", lines.len());
        for line in &lines {
            assert_eq!(opens_item(line), item.is_match(line), "{line:?}");
        }
    }

    /// A paragraph a line with no blank line between (Google Docs' and
    /// Word's plain text): an outline item after a line that ends one is a
    /// paragraph of its own; a wrapped line is still joined.
    #[test]
    fn outline_items_after_a_closed_line_are_paragraphs() {
        let text = "II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\na) Một trăm phần trăm;\nb) Tỷ lệ đạt 98%.\n\
                    Xây dựng nền hành chính theo Nghị định\n1. số mười, mục\ntiếp theo\n";
        let paras: Vec<String> = blocks(text)
            .iter()
            .filter_map(|b| if let Block::Paragraph(p) = b { Some(p.text.clone()) } else { None })
            .collect();
        assert_eq!(
            paras,
            [
                "II. MỤC TIÊU",
                "2. Chỉ tiêu cụ thể",
                "a) Một trăm phần trăm;",
                "b) Tỷ lệ đạt 98%.\nXây dựng nền hành chính theo Nghị định\n1. số mười, mục\ntiếp theo",
            ]
        );
    }

    #[test]
    fn headings_lists_and_joined_paragraphs() {
        let blocks = blocks("## KẾ HOẠCH\n- một\n  - hai\n**KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH**\n");
        let paras: Vec<&Paragraph> =
            blocks.iter().filter_map(|b| if let Block::Paragraph(p) = b { Some(p) } else { None }).collect();
        assert_eq!(paras[0].heading, Some(2));
        assert_eq!(paras[0].text, "KẾ HOẠCH");
        assert_eq!(paras[1].list_marker.as_deref(), Some("-"));
        assert_eq!(paras[2].text, "hai");
        assert_eq!(paras[3].text, "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH");
        assert!(paras[3].bold);
    }
}
