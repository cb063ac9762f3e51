//! The format-neutral block model every reader produces.

use crate::Code;
use kehoach_vi::repair::{Note, NoteKind};
use serde::Serialize;

/// The input formats kehoach knows about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Format {
    /// Scanned-to-text or converter output: tab-separated table rows with
    /// markdown/HTML fragments.
    Text,
    /// An HTML page (saved by a browser, an office suite or a converter).
    Html,
    /// Office Open XML word-processing document.
    Docx,
    /// Office Open XML spreadsheet.
    Xlsx,
    /// Legacy Word 97–2003 document, read natively (Word 6.0/95, encrypted
    /// and Works files through LibreOffice).
    Doc,
    /// Rich Text Format document, read through LibreOffice.
    Rtf,
    /// OpenDocument text.
    Odt,
    /// Legacy Excel 97–2003 workbook.
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// Portable Document Format.
    Pdf,
    /// A page image (PNG, JPEG, TIFF), read by OCR.
    Image,
    /// Delimited text (CSV): one sheet as an office program exports it.
    Csv,
}

impl Format {
    /// The lower-case name used in output and messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Doc => "doc",
            Format::Rtf => "rtf",
            Format::Odt => "odt",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
            Format::Pdf => "pdf",
            Format::Image => "image",
        }
    }
}

/// Where a piece of content came from inside its source file.
///
/// Only the coordinates that make sense for the format are set: text input
/// gives `line` (1-based) and, inside tables, `column` (1-based cell index);
/// DOCX gives `paragraph` for body paragraphs and `table`, `row`, `column`
/// for table cells; spreadsheets give `sheet`, `cell` (`B7`), `row` and
/// `column`; PDF gives `page` and `bbox`, and `table`, `row`, `column`
/// (counted per page part of a table) inside tables.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
pub struct Location {
    /// 1-based line number in a text file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column (cell index) of a table row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// 1-based page number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Spreadsheet sheet name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<std::sync::Arc<str>>,
    /// Spreadsheet cell reference such as `B7`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// 1-based index of a table among the document's tables (DOCX).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<u32>,
    /// 1-based row: of its table (DOCX) or of its sheet (spreadsheets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// 1-based index of a paragraph among the document's paragraphs (DOCX).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// Box on the page (PDF): left, top, right, bottom in whole points
    /// from the page's top-left corner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[u32; 4]>,
}

impl Location {
    /// A location on one line of a text file.
    pub fn line(line: u32) -> Location {
        Location { line: Some(line), ..Location::default() }
    }

    /// A location of one cell on one line of a text file.
    pub fn line_column(line: u32, column: u32) -> Location {
        Location { line: Some(line), column: Some(column), ..Location::default() }
    }

    /// The same location without its column: the row rather than the cell.
    pub fn without_column(&self) -> Location {
        Location { column: None, cell: None, ..self.clone() }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if let Some(page) = self.page {
            parts.push(format!("page {page}"));
        }
        if let Some(sheet) = &self.sheet {
            parts.push(format!("sheet {sheet}"));
        }
        if let Some(cell) = &self.cell {
            parts.push(format!("cell {cell}"));
        }
        if let Some(table) = self.table {
            parts.push(format!("table {table}"));
        }
        if let Some(row) = self.row {
            parts.push(format!("row {row}"));
        }
        if let Some(paragraph) = self.paragraph {
            parts.push(format!("paragraph {paragraph}"));
        }
        if let Some(line) = self.line {
            parts.push(format!("line {line}"));
        }
        if let Some(column) = self.column {
            parts.push(format!("column {column}"));
        }
        if parts.is_empty() {
            f.write_str("document")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Something was done to the input that a reader may want to know about.
    Info,
    /// The output may not say what the document means.
    Warning,
    /// Part of the document could not be understood.
    Error,
}

/// A note about the conversion: a repair, an ambiguity, a gap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// How serious it is.
    pub level: Level,
    /// What it is about (serialized as a stable kebab-case code, e.g.
    /// `numbering-gap`).
    pub code: Code,
    /// A human-readable sentence.
    pub message: String,
    /// Where in the source it applies, if anywhere in particular.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl Diagnostic {
    /// Builds a diagnostic.
    pub fn new(level: Level, code: Code, message: impl Into<String>, location: Option<Location>) -> Diagnostic {
        Diagnostic { level, code, message: message.into(), location }
    }
}

/// Identity of the input file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// File name (without directories), as shown in output.
    pub file: String,
    /// Detected format.
    pub format: Format,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// One extracted document: its source and its blocks in reading order.
#[derive(Clone, Debug, Serialize)]
pub struct Document {
    /// Where it came from.
    pub source: Source,
    /// Paragraphs, tables and page breaks in reading order.
    pub blocks: Vec<Block>,
    /// What the reader noticed or changed while reading.
    pub diagnostics: Vec<Diagnostic>,
}

/// A unit of content in reading order.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "block", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of running text or a heading.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
    /// A page break (or what the format shows of one: in text input, blank
    /// lines between two parts of a table).
    PageBreak(Location),
}

/// A paragraph or heading.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Paragraph {
    /// Clean text (markup removed, NFC); line breaks as `\n`.
    pub text: String,
    /// Heading level (1 = top) when the source marks it as a heading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<u8>,
    /// The whole paragraph is bold.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
    /// The whole paragraph is italic.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub italic: bool,
    /// A bullet or list marker that preceded the text (`-`, `+`, `a)`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list_marker: Option<String>,
    /// Where it starts.
    pub location: Location,
}

/// A table: rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Table {
    /// Rows in order.
    pub rows: Vec<Row>,
    /// Where the table starts.
    pub location: Location,
}

/// One table row.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Row {
    /// Cells in order. Rows of one table may have different lengths. A cell
    /// spanning several grid columns (`col_span`) stands for all of them; a
    /// grid position covered by a cell merged down from an earlier row is
    /// present as a cell with `merged_above` set.
    pub cells: Vec<Cell>,
    /// The source marks this row as a header row (e.g. DOCX `w:tblHeader`).
    /// Text input never does; the parser recognises headers by content.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub header: bool,
    /// Where the row is.
    pub location: Location,
}

/// One table cell.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Cell {
    /// Clean text (markup removed, NFC); paragraphs and list items inside the
    /// cell are separated by `\n`.
    pub text: String,
    /// Number of grid columns the cell spans (1 for an ordinary cell).
    #[serde(skip_serializing_if = "is_one")]
    pub col_span: u32,
    /// Number of rows the cell spans (1 for an ordinary cell).
    #[serde(skip_serializing_if = "is_one")]
    pub row_span: u32,
    /// The whole cell is bold.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
    /// This grid position is covered by a cell merged down from an earlier
    /// row (DOCX `w:vMerge` continuation, a spreadsheet merged region): the
    /// text is empty here and belongs to the cell where the merge starts.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub merged_above: bool,
    /// Where the cell is.
    pub location: Location,
}

impl Block {
    /// The block's texts: a paragraph's, or a table's cells row by row (a
    /// page break has none).
    pub fn texts(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        match self {
            Block::Paragraph(p) => Box::new(std::iter::once(p.text.as_str())),
            Block::Table(t) => Box::new(t.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.text.as_str()))),
            Block::PageBreak(_) => Box::new(std::iter::empty()),
        }
    }

    /// The block's texts as in [`Block::texts`], to change, each with where
    /// it is.
    pub fn texts_mut(&mut self) -> Box<dyn Iterator<Item = (&mut String, &Location)> + '_> {
        match self {
            Block::Paragraph(p) => Box::new(std::iter::once((&mut p.text, &p.location))),
            Block::Table(t) => {
                Box::new(t.rows.iter_mut().flat_map(|r| r.cells.iter_mut().map(|c| (&mut c.text, &c.location))))
            }
            Block::PageBreak(_) => Box::new(std::iter::empty()),
        }
    }
}

/// One diagnostic per note of `kehoach-vi`'s text repairs (the repair
/// stage's, the parser's where it joins the parts of a cut cell, and the
/// legacy-font decoding's): a `text-repair` with the original, a
/// `legacy-encoding` for decoded legacy-font text, or a `suspect-word` for
/// what was flagged and left.
pub fn record_notes(notes: Vec<Note>, location: &Location, diagnostics: &mut Vec<Diagnostic>) {
    for Note { kind, original, replacement, confidence, score } in notes {
        let evidence = score.map(|s| format!(", odds 10^{s:.1}")).unwrap_or_default();
        let code = match kind {
            NoteKind::SuspectPair => Code::SuspectWord,
            // Decoding is reading, not repair: `--no-repair` keeps it.
            NoteKind::LegacyEncoding(_) => Code::LegacyEncoding,
            _ => Code::TextRepair,
        };
        let (original, replacement) = (Quoted(&original), Quoted(&replacement));
        let message = if kind.is_flag() {
            format!("{original}: the corpus prefers {replacement} here{evidence}; left as is")
        } else {
            format!("{kind}: {original} → {replacement} (confidence {confidence}{evidence})")
        };
        diagnostics.push(Diagnostic::new(Level::Info, code, message, Some(location.clone())));
    }
}

/// A text as `{:?}` quotes it, written without `Debug`'s per-character
/// escaping where none is needed: ASCII that is printed as is and Latin
/// letters (U+00C0–U+024F, U+1E00–U+1EFF: printable, none a combining
/// mark), most of a repair note's text. Anything else goes through `Debug`.
struct Quoted<'a>(&'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plain = |c: char| match c {
            ' '..='~' => c != '"' && c != '\\',
            '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => c.is_alphabetic(),
            _ => false,
        };
        if self.0.chars().all(plain) {
            write!(f, "\"{}\"", self.0)
        } else {
            write!(f, "{:?}", self.0)
        }
    }
}

impl Cell {
    /// An ordinary one-by-one cell.
    pub fn new(text: impl Into<String>, location: Location) -> Cell {
        Cell { text: text.into(), col_span: 1, row_span: 1, bold: false, merged_above: false, location }
    }
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

#[cfg(test)]
mod tests {
    use super::Quoted;

    #[test]
    fn a_quoted_text_reads_as_debug_quotes_it() {
        // Every character of the fast path's ranges and around them, alone
        // and between letters, and some texts that leave it.
        let chars = (0..0x2FF).chain(0x1DF0..0x1F10).chain([0x200B, 0xFEFF, 0x2028, 0x0301]).filter_map(char::from_u32);
        for c in chars {
            for text in [c.to_string(), format!("a{c}b"), format!("Phòng{c}")] {
                assert_eq!(Quoted(&text).to_string(), format!("{text:?}"), "U+{:04X}", c as u32);
            }
        }
        for text in ["", "Bộ trợ tư pháp", "\"quoted\" \\ back", "e\u{0301}", "tab\there", "Ủy ban nhân dân"]
        {
            assert_eq!(Quoted(text).to_string(), format!("{text:?}"));
        }
    }
}
