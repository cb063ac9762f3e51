//! The HTML reader: `.html`/`.htm` files (saved by a browser, an office
//! suite or pandoc) and HTML table markup inside markdown.
//!
//! Parsing is [scraper](https://crates.io/crates/scraper)'s, that is
//! html5ever's: the HTML5 algorithm, so unclosed `<p>`/`<td>`, stray tags
//! and entities read as a browser reads them. Tables become the block
//! model's tables with `colspan` as `col_span` and `rowspan` as `row_span`
//! plus `merged_above` cells below, as DOCX merges do; `<br>`, `<p>`,
//! `<div>` and list items inside a cell are its lines; a table inside a
//! cell gives lines with its cells joined by ` | `. Outside tables, headings
//! (`<h1>`…`<h6>`) keep their level, `<ul>` items get a `-` marker and
//! `<ol>` items their number. Page chrome is left out: `<nav>`, `<header>`,
//! `<footer>`, `<aside>`, forms, scripts, elements marked as navigation,
//! banner or footer by their role, and elements whose class or id names a
//! menu, navigation bar, breadcrumb, sidebar or footer. The character set
//! comes from the byte-order mark, else `<meta charset>` (or the
//! `http-equiv` content type), else UTF-8 (or a legacy Vietnamese encoding,
//! as for text files).

use crate::counters::{letters, roman};
use crate::decode::TextError;
use crate::markup;
use crate::model::{Block, Cell, Diagnostic, Location, Paragraph, Row, Table};
use scraper::{ElementRef, Html, Node};

/// Deeper element nesting than this is read as plain text.
const MAX_DEPTH: usize = 200;
/// A `rowspan`/`colspan` is capped (HTML caps `colspan` at 1000).
const MAX_SPAN: u32 = 1000;

/// Decodes an HTML file's bytes (BOM, declared charset, else UTF-8 or a
/// legacy Vietnamese encoding) into NFC text.
pub(crate) fn decode(bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Result<String, TextError> {
    if encoding_rs::Encoding::for_bom(bytes).is_none() {
        if let Some(encoding) = declared_charset(bytes) {
            if encoding != encoding_rs::UTF_8 {
                let (text, _, _) = encoding.decode(bytes);
                return crate::decode::decode(text.as_bytes(), diagnostics);
            }
        }
    }
    crate::decode::decode(bytes, diagnostics)
}

/// The character set `<meta charset>` or the content type declares in the
/// first 4 KiB.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes())
}

/// Whether decoded text is an HTML document rather than text with some
/// markup in it: it starts with a doctype or an `<html>` element.
pub(crate) fn looks_like_html(head: &str) -> bool {
    let start = head.trim_start_matches('\u{feff}').trim_start();
    let lower: String = start.chars().take(20).collect::<String>().to_ascii_lowercase();
    lower.starts_with("<!doctype html") || lower.starts_with("<html") || {
        // An XML declaration or comment before the root.
        (lower.starts_with("<?xml") || lower.starts_with("<!--"))
            && start.chars().take(2048).collect::<String>().to_ascii_lowercase().contains("<html")
    }
}

/// The blocks of a whole HTML document.
pub(crate) fn read(text: &str) -> Vec<Block> {
    let html = Html::parse_document(text);
    let mut walker = Walker::new(None);
    walker.children(html.root_element(), Style::default(), 0);
    walker.finish()
}

/// The blocks of an HTML fragment found at `line` of a text file; every
/// block is located at that line.
pub(crate) fn fragment(markup: &str, line: u32) -> Vec<Block> {
    let html = Html::parse_fragment(markup);
    let mut walker = Walker::new(Some(line));
    walker.children(html.root_element(), Style::default(), 0);
    walker.finish()
}

#[derive(Clone, Copy, Default)]
struct Style {
    bold: bool,
    italic: bool,
}

/// Text being gathered, with how much of it is bold or italic.
#[derive(Default)]
struct Inline {
    text: String,
    bold: usize,
    italic: usize,
    letters: usize,
}

impl Inline {
    fn push(&mut self, text: &str, style: Style) {
        let letters = text.chars().filter(|c| !c.is_whitespace()).count();
        self.letters += letters;
        if style.bold {
            self.bold += letters;
        }
        if style.italic {
            self.italic += letters;
        }
        // Line ends in the source are spaces; lines come from <br>, <p>, ….
        self.text.extend(text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }));
    }

    fn line_break(&mut self) {
        self.text.push('\n');
    }

    /// The clean text (whitespace collapsed per line, entities decoded by
    /// the parser) and whether all of it is bold, italic.
    fn take(&mut self) -> (String, bool, bool) {
        let text = markup::collapse_lines(&self.text);
        let bold = self.letters > 0 && self.bold == self.letters;
        let italic = self.letters > 0 && self.italic == self.letters;
        *self = Inline::default();
        (text, bold, italic)
    }
}

struct Walker {
    blocks: Vec<Block>,
    inline: Inline,
    heading: Option<u8>,
    marker: Option<String>,
    prefix: Option<String>,
    paragraphs: u32,
    tables: u32,
    /// The line of a fragment in a text file.
    line: Option<u32>,
}

/// A link to a note in the page whose text is its mark, in superscript:
/// "<a href="#sdfootnote2sym"><sup>2</sup></a>" (LibreOffice), "<a
/// href="#fn2" class="footnote-ref"><sup>2</sup></a>" (pandoc), Word's
/// "[1]" to "#_ftn1". The mark is not the text's ("Đề án 06" + "2").
fn is_note_reference(element: ElementRef) -> bool {
    let value = element.value();
    if value.name() != "a" || !value.attr("href").is_some_and(|h| h.starts_with('#')) {
        return false;
    }
    let text: String = element.text().collect();
    let mark = text.trim().trim_start_matches('[').trim_end_matches(']');
    let superscript = element.descendants().filter_map(ElementRef::wrap).any(|e| e.value().name() == "sup");
    superscript && (1..=3).contains(&mark.len()) && mark.chars().all(|c| c.is_ascii_digit() || c == '*')
}

/// Elements that are never plan content.
fn is_chrome(element: &scraper::node::Element) -> bool {
    let name = element.name();
    if matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "header"
            | "footer"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "textarea"
            | "iframe"
            | "svg"
            | "menu"
            | "object"
            | "title"
    ) {
        return true;
    }
    if element.attr("hidden").is_some() {
        return true;
    }
    if element.attr("style").is_some_and(|s| s.replace(' ', "").to_ascii_lowercase().contains("display:none")) {
        return true;
    }
    if matches!(element.attr("role"), Some("navigation" | "banner" | "contentinfo" | "search" | "menu" | "menubar")) {
        return true;
    }
    if matches!(name, "table" | "thead" | "tbody" | "tfoot" | "tr" | "td" | "th" | "p" | "span" | "b" | "strong") {
        return false;
    }
    const WORDS: [&str; 12] = [
        "menu",
        "nav",
        "navbar",
        "navigation",
        "footer",
        "breadcrumb",
        "breadcrumbs",
        "sidebar",
        "topbar",
        "toolbar",
        "cookie",
        "social",
    ];
    let named = |value: Option<&str>| {
        value.is_some_and(|v| {
            v.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
                .any(|token| WORDS.contains(&token.to_ascii_lowercase().as_str()))
        })
    };
    named(element.attr("class")) || named(element.attr("id"))
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dd"
            | "dt"
            | "blockquote"
            | "pre"
            | "section"
            | "article"
            | "main"
            | "center"
            | "address"
            | "body"
            | "figure"
            | "figcaption"
            | "caption"
            | "hr"
    )
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

fn styled(element: &scraper::node::Element, mut style: Style) -> Style {
    match element.name() {
        "b" | "strong" => style.bold = true,
        "i" | "em" => style.italic = true,
        _ => {}
    }
    if let Some(css) = element.attr("style") {
        let css = css.replace(' ', "").to_ascii_lowercase();
        if css.contains("font-weight:bold") || css.contains("font-weight:700") {
            style.bold = true;
        }
        if css.contains("font-style:italic") {
            style.italic = true;
        }
    }
    style
}

/// The label of an ordered list's `n`th item for the list's `type`.
fn ordinal(n: u32, kind: Option<&str>) -> String {
    match kind {
        Some("a") => letters(n, false),
        Some("A") => letters(n, true),
        Some("i") => roman(n).to_lowercase(),
        Some("I") => roman(n),
        _ => n.to_string(),
    }
}

impl Walker {
    fn new(line: Option<u32>) -> Walker {
        Walker {
            blocks: Vec::new(),
            inline: Inline::default(),
            heading: None,
            marker: None,
            prefix: None,
            paragraphs: 0,
            tables: 0,
            line,
        }
    }

    fn location(&self, paragraph: u32) -> Location {
        match self.line {
            Some(line) => Location::line(line),
            None => Location { paragraph: Some(paragraph), ..Location::default() },
        }
    }

    fn flush(&mut self) {
        let (text, bold, italic) = self.inline.take();
        if text.is_empty() {
            // A list item's number waits for its first text (`<li><p>…`).
            return;
        }
        let text = match self.prefix.take() {
            Some(prefix) => format!("{prefix} {text}"),
            None => text,
        };
        self.paragraphs += 1;
        let location = self.location(self.paragraphs);
        self.blocks.push(Block::Paragraph(Paragraph {
            text,
            heading: self.heading,
            bold,
            italic,
            list_marker: self.marker.take(),
            location,
        }));
    }

    fn children(&mut self, element: ElementRef, style: Style, depth: usize) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.inline.push(text, style),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.element(child, style, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, element: ElementRef, style: Style, depth: usize) {
        let value = element.value();
        if is_chrome(value) || is_note_reference(element) {
            return;
        }
        let name = value.name();
        if depth > MAX_DEPTH {
            self.inline.push(&element.text().collect::<String>(), style);
            return;
        }
        let style = styled(value, style);
        match name {
            "br" => self.inline.line_break(),
            "table" => {
                self.flush();
                self.tables += 1;
                let table = self.table(element, depth);
                if !table.rows.is_empty() {
                    self.blocks.push(Block::Table(table));
                }
            }
            "ul" | "ol" => {
                self.flush();
                let start = element.value().attr("start").and_then(|s| s.trim().parse::<u32>().ok()).unwrap_or(1);
                let kind = element.value().attr("type");
                let mut n = start;
                for child in element.children() {
                    match child.value() {
                        Node::Element(e) if e.name() == "li" => {
                            let Some(item) = ElementRef::wrap(child) else { continue };
                            if is_chrome(e) {
                                continue;
                            }
                            self.flush();
                            if name == "ol" {
                                // `value` sets the item's number (LibreOffice
                                // writes it on every item).
                                if let Some(value) = e.attr("value").and_then(|v| v.trim().parse::<u32>().ok()) {
                                    n = value;
                                }
                                self.prefix = Some(format!("{}.", ordinal(n, kind)));
                                n = n.saturating_add(1);
                            } else {
                                self.marker = Some("-".to_string());
                            }
                            self.children(item, styled(e, style), depth + 1);
                            self.flush();
                            // An empty item's number and marker show nowhere else.
                            self.prefix = None;
                            self.marker = None;
                        }
                        Node::Element(_) => {
                            if let Some(other) = ElementRef::wrap(child) {
                                self.element(other, style, depth + 1);
                            }
                        }
                        Node::Text(text) => self.inline.push(text, style),
                        _ => {}
                    }
                }
                self.flush();
            }
            _ => {
                if let Some(level) = heading_level(name) {
                    self.flush();
                    self.heading = Some(level);
                    self.children(element, style, depth);
                    self.flush();
                    self.heading = None;
                } else if is_block(name) {
                    self.flush();
                    self.children(element, style, depth);
                    self.flush();
                } else {
                    self.children(element, style, depth);
                }
            }
        }
    }

    /// The rows of `table` (not of tables nested in its cells), placed on
    /// a grid so that `rowspan` covers the positions below.
    fn table(&mut self, table: ElementRef, depth: usize) -> Table {
        let mut trs = Vec::new();
        collect_rows(table, &mut trs, depth);
        let index = self.tables;
        let total = trs.len();
        // Per grid column: rows still covered, the span, and the origin cell.
        let mut covering: Vec<Option<(u32, u32, usize, usize)>> = Vec::new();
        let mut rows: Vec<Row> = Vec::with_capacity(total);
        for (r, tr) in trs.iter().enumerate() {
            let row_number = u32::try_from(r + 1).unwrap_or(u32::MAX);
            let row_location = match self.line {
                Some(line) => Location { line: Some(line), row: Some(row_number), ..Location::default() },
                None => Location { table: Some(index), row: Some(row_number), ..Location::default() },
            };
            let cell_location = |column: usize| Location {
                column: Some(u32::try_from(column + 1).unwrap_or(u32::MAX)),
                ..row_location.clone()
            };
            let mut cells: Vec<Cell> = Vec::new();
            let mut column = 0usize;
            let header = tr.ancestors().filter_map(ElementRef::wrap).any(|a| a.value().name() == "thead");
            let mut all_th = true;
            for td in tr.children().filter_map(ElementRef::wrap) {
                let tag = td.value().name();
                if tag != "td" && tag != "th" {
                    continue;
                }
                all_th &= tag == "th";
                cover(&mut covering, &mut column, &mut cells, &mut rows, &cell_location);
                let span = |attr: &str| {
                    td.value().attr(attr).and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(1).clamp(1, MAX_SPAN)
                };
                let (col_span, row_span) = (span("colspan"), span("rowspan"));
                let (text, bold) = cell_text(td, depth);
                let mut cell = Cell { col_span, bold, ..Cell::new(text, cell_location(column)) };
                cell.row_span = 1;
                if row_span > 1 && r + 1 < total {
                    let end = column + col_span as usize;
                    if covering.len() < end {
                        covering.resize(end, None);
                    }
                    for slot in covering.iter_mut().take(end).skip(column) {
                        *slot = Some((row_span - 1, col_span, rows.len(), cells.len()));
                    }
                }
                cells.push(cell);
                column += col_span as usize;
            }
            // Positions covered from above after the row's last cell.
            while column < covering.len() {
                if covering[column].is_some() {
                    cover(&mut covering, &mut column, &mut cells, &mut rows, &cell_location);
                } else {
                    column += 1;
                }
            }
            if !cells.is_empty() {
                rows.push(Row { cells, header: header || all_th, location: row_location });
            }
        }
        let location = match self.line {
            Some(line) => Location::line(line),
            None => Location { table: Some(index), ..Location::default() },
        };
        Table { rows, location }
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }
}

/// Covers the grid positions from `column` on that a cell above spans down
/// into, with `merged_above` cells, counting them in the origin's
/// `row_span`.
fn cover(
    covering: &mut [Option<(u32, u32, usize, usize)>],
    column: &mut usize,
    cells: &mut Vec<Cell>,
    rows: &mut [Row],
    location: &dyn Fn(usize) -> Location,
) {
    while let Some(Some((left, span, origin_row, origin_cell))) = covering.get(*column).copied() {
        cells.push(Cell { col_span: span, merged_above: true, ..Cell::new("", location(*column)) });
        rows[origin_row].cells[origin_cell].row_span += 1;
        let next = (*column + span as usize).min(covering.len());
        for slot in covering.iter_mut().take(next).skip(*column) {
            *slot = (left > 1).then_some((left - 1, span, origin_row, origin_cell));
        }
        *column = next.max(*column + 1);
    }
}

/// The `<tr>` elements of a table, through `thead`/`tbody`/`tfoot`, not
/// those of nested tables.
fn collect_rows<'a>(element: ElementRef<'a>, out: &mut Vec<ElementRef<'a>>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in element.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => out.push(child),
            "thead" | "tbody" | "tfoot" => collect_rows(child, out, depth + 1),
            _ => {}
        }
    }
}

/// A cell's text, its paragraphs and line breaks as lines, and whether it
/// is all bold.
fn cell_text(cell: ElementRef, depth: usize) -> (String, bool) {
    fn walk(element: ElementRef, inline: &mut Inline, style: Style, depth: usize) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => inline.push(text, style),
                Node::Element(e) => {
                    let Some(child) = ElementRef::wrap(child) else { continue };
                    if is_chrome(e) || is_note_reference(child) {
                        continue;
                    }
                    if depth > MAX_DEPTH {
                        inline.push(&child.text().collect::<String>(), style);
                        continue;
                    }
                    let style = styled(e, style);
                    match e.name() {
                        "br" => inline.line_break(),
                        "table" => {
                            // A nested table: its rows as lines, cells joined by " | ".
                            let mut rows = Vec::new();
                            collect_rows(child, &mut rows, depth);
                            inline.line_break();
                            for tr in rows {
                                let texts: Vec<String> = tr
                                    .children()
                                    .filter_map(ElementRef::wrap)
                                    .filter(|c| matches!(c.value().name(), "td" | "th"))
                                    .map(|c| cell_text(c, depth + 1).0.replace('\n', " "))
                                    .filter(|t| !t.is_empty())
                                    .collect();
                                inline.push(&texts.join(" | "), style);
                                inline.line_break();
                            }
                        }
                        "ol" => ordered(child, inline, style, depth),
                        name if is_block(name) || heading_level(name).is_some() || name == "li" => {
                            inline.line_break();
                            walk(child, inline, style, depth + 1);
                            inline.line_break();
                        }
                        _ => walk(child, inline, style, depth + 1),
                    }
                }
                _ => {}
            }
        }
    }
    /// An ordered list numbered as a browser shows it ("1." alone for an
    /// empty item, as a number column holds it; a list right inside a
    /// list, as LibreOffice nests a second level, numbered on its own);
    /// the numbers count for neither letters nor bold.
    fn ordered(list: ElementRef, inline: &mut Inline, style: Style, depth: usize) {
        let e = list.value();
        let mut n = e.attr("start").and_then(|s| s.trim().parse::<u32>().ok()).unwrap_or(1);
        for item in list.children().filter_map(ElementRef::wrap) {
            let name = item.value().name();
            if is_chrome(item.value()) || depth > MAX_DEPTH {
                continue;
            }
            inline.line_break();
            if name == "ol" {
                ordered(item, inline, style, depth + 1);
                continue;
            }
            if name == "li" {
                inline.text.push_str(&format!("{}. ", ordinal(n, e.attr("type"))));
                n = n.saturating_add(1);
            }
            walk(item, inline, styled(item.value(), style), depth + 1);
            inline.line_break();
        }
    }
    let mut inline = Inline::default();
    walk(cell, &mut inline, styled(cell.value(), Style::default()), depth + 1);
    let (text, bold, _) = inline.take();
    (text, bold)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(blocks: &[Block]) -> Vec<&Table> {
        blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
    }

    #[test]
    fn spans_become_the_docx_shape() {
        let blocks = read(
            "<!DOCTYPE html><html><body><table>\
             <tr><th>TT</th><th>Việc</th><th>Chủ trì</th></tr>\
             <tr><td><b>I</b></td><td colspan=2><b>CẢI CÁCH</b></td></tr>\
             <tr><td>1</td><td>Rà soát<br>văn bản</td><td rowspan=2>Văn phòng</td></tr>\
             <tr><td>2</td><td><p>a</p><p>b</p></td></tr>\
             </table></body></html>",
        );
        let t = tables(&blocks)[0];
        assert!(t.rows[0].header);
        assert_eq!(t.rows[1].cells[1].col_span, 2);
        assert!(t.rows[1].cells[1].bold);
        assert_eq!(t.rows[2].cells[1].text, "Rà soát\nvăn bản");
        assert_eq!(t.rows[2].cells[2].row_span, 2);
        assert!(t.rows[3].cells[2].merged_above);
        assert_eq!(t.rows[3].cells[1].text, "a\nb");
        assert_eq!(
            t.rows[3].cells[2].location,
            Location { table: Some(1), row: Some(4), column: Some(3), ..Location::default() }
        );
    }

    #[test]
    fn note_marks_are_left_out() {
        let blocks = read(
            "<body><p>Căn cứ Kế hoạch<sup><a class='sdfootnoteanc' href='#sdfootnote1sym'><sup>1</sup></a></sup>;</p>\
             <table><tr><td>Đề án 06<a href='#fn2' class='footnote-ref'><sup>2</sup></a></td><td>Quý <a href='#q'>2</a></td></tr></table>\
             <div id='sdfootnote1'><p><a class='sdfootnotesym' href='#sdfootnote1anc'>1</a>Kế hoạch số 210</p></div></body>",
        );
        let Block::Paragraph(first) = &blocks[0] else { panic!("{blocks:?}") };
        assert_eq!(first.text, "Căn cứ Kế hoạch;");
        let cells: Vec<&str> = tables(&blocks)[0].rows[0].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(cells, ["Đề án 06", "Quý 2"], "a link without superscript stays");
        let Block::Paragraph(note) = &blocks[2] else { panic!("{blocks:?}") };
        assert_eq!(note.text, "1Kế hoạch số 210", "the note's own mark stays");
    }

    /// LibreOffice's and pandoc's HTML of Writer's letter lists: each item
    /// a `<p>` in its `<li>` (LibreOffice numbering every item with
    /// `value`); the letter stays on the item's first paragraph, and an
    /// empty item's number or bullet goes nowhere.
    #[test]
    fn list_items_keep_their_numbers_over_paragraphs() {
        let blocks = read(
            "<html><body><ol type=\"a\"><li value=\"1\"><p>Rà soát</p><p>tiếp</p></li><li><p>\nCập nhật</p></li></ol>\
             <p>Sau</p><ol type=\"a\"><li value=\"1\"><p>Bố trí</p></li><li value=\"2\"><p>Liên thông</p></li>\
             <li></li></ol><ul><li></li></ul><p>Hết</p></body></html>",
        );
        let texts: Vec<(&str, Option<&str>)> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some((p.text.as_str(), p.list_marker.as_deref())),
                _ => None,
            })
            .collect();
        assert_eq!(
            texts,
            [
                ("a. Rà soát", None),
                ("tiếp", None),
                ("b. Cập nhật", None),
                ("Sau", None),
                ("a. Bố trí", None),
                ("b. Liên thông", None),
                ("Hết", None),
            ]
        );
    }

    #[test]
    fn chrome_is_left_out_and_headings_kept() {
        let blocks = read(
            "<html><head><title>T</title><style>p{}</style></head><body>\
             <nav><a>Trang chủ</a></nav><div class='main-menu'>Văn bản mới</div>\
             <h2>KẾ HOẠCH</h2><p>Nội <b>dung</b></p><ol start=2><li>Hai</li><li>Ba</li></ol>\
             <ul><li>Gạch</li></ul><footer>Bản quyền</footer></body></html>",
        );
        let texts: Vec<(&str, Option<u8>, Option<&str>)> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some((p.text.as_str(), p.heading, p.list_marker.as_deref())),
                _ => None,
            })
            .collect();
        assert_eq!(
            texts,
            [
                ("KẾ HOẠCH", Some(2), None),
                ("Nội dung", None, None),
                ("2. Hai", None, None),
                ("3. Ba", None, None),
                ("Gạch", None, Some("-"))
            ]
        );
    }

    #[test]
    fn charset_from_meta() {
        let bytes = b"<html><head><meta charset=\"windows-1258\"></head><body>Vi\xEA\xF2t</body></html>";
        let text = decode(bytes, &mut Vec::new()).unwrap();
        assert!(text.contains("Việt"), "{text}");
        assert!(looks_like_html(" \n<!DOCTYPE html>"));
        assert!(!looks_like_html("KẾ HOẠCH <b>x</b>"));
    }

    /// A number column as pandoc writes Word's list numbers: each cell an
    /// `<ol>` of one empty item, its `start` the number shown; LibreOffice
    /// nests a second level's list in an `<ol>` without items.
    #[test]
    fn ordered_lists_in_cells_are_numbered_as_shown() {
        let blocks = read(
            "<table><tr><th>TT</th><th>Việc</th></tr>\
             <tr><td><ol type=\"1\"><li></li></ol></td><td>Một</td></tr>\
             <tr><td><ol start=\"2\"><li></li></ol></td><td><b>Hai</b></td></tr>\
             <tr><td>3</td><td><ol type=\"a\" start=\"2\"><li>b việc</li><li>c việc</li></ol></td></tr>\
             <tr><td><ol><ol start=\"2\"><li><p>\n</p></ol></ol></td><td>Bốn</td></tr></table>",
        );
        let t = tables(&blocks)[0];
        let texts: Vec<(&str, &str)> =
            t.rows.iter().map(|r| (r.cells[0].text.as_str(), r.cells[1].text.as_str())).collect();
        assert_eq!(texts, [("TT", "Việc"), ("1.", "Một"), ("2.", "Hai"), ("3", "b. b việc\nc. c việc"), ("2.", "Bốn")]);
        assert!(t.rows[2].cells[1].bold);
    }
}
