//! Legacy Word 97–2003 (`.doc`) files read natively, into the blocks the
//! DOCX reader gives for the DOCX LibreOffice makes of them (see the
//! README for why this reader and not a crate or LibreOffice):
//!
//! - the main text through the piece table, in cp1252 (compressed pieces,
//!   as [MS-DOC] 2.4.1 says, so legacy-font text such as TCVN3 reaches the
//!   legacy-encoding detection as it does from a DOCX) or UTF-16;
//! - paragraphs (0x0D marks) with their heading level (outline level, or a
//!   "heading N"/"Title" style along the style's bases) and bold/italic when
//!   every letter is; field results shown, field instructions, deleted
//!   revisions and object anchors dropped; manual page breaks kept;
//! - tables from the paragraph properties: cells end at 0x07 marks, rows
//!   at the row-end mark whose properties hold the row's cell edges and
//!   merges (`sprmTDefTable`): a cell's `col_span` counts the grid columns
//!   between its edges on the grid of every edge of the table, vertical
//!   merges (`fVertRestart`/`fVertMerge`) give `row_span` and
//!   `merged_above` cells, horizontal ones (`fMerged`) widen the first
//!   cell; header rows; nested tables as lines of ` | `-joined cells, as
//!   the DOCX reader gives them;
//! - list numbers and bullets (`lists`), written into the text or given as
//!   the list marker as the DOCX reader does;
//! - text boxes, after the paragraph they are anchored in, or as more lines
//!   of the cell.
//!
//! Not read here (each falls back to LibreOffice, or fails naming it when
//! LibreOffice is missing): Word 6.0/95 files, encrypted files, compound
//! files with no `WordDocument` stream.

mod binary;
mod lists;

use crate::docx::{bullet_text, clean_text, join_label};
use crate::error::WordError;
use crate::model::{Block, Cell, Diagnostic, Level, Location, Paragraph, Row, Table};
use crate::Code;
use binary::{run_at, sprms, Run, Style};

/// Deeper chains of style bases are not followed.
const MAX_STYLE_DEPTH: usize = 20;
/// Fields nested deeper than this are read as if they were not.
const MAX_FIELD_DEPTH: usize = 64;
/// Cell edges closer than this (in twips) are one grid line, as LibreOffice
/// rounds them when it builds the table grid.
const EDGE_TOLERANCE: i32 = 4;

/// Reads a `.doc` file's bytes into blocks.
pub(crate) fn read(bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Result<Vec<Block>, WordError> {
    let streams = binary::open(bytes)?;
    let (word, table, fib) = (&streams.word, &streams.table, &streams.fib);
    let clx = binary::clx(fib, table)?;
    let papx = binary::runs(fib.part(table, binary::PLCF_BTE_PAPX, "the paragraph-property index")?, word, true)?;
    let chpx = binary::runs(fib.part(table, binary::PLCF_BTE_CHPX, "the character-property index")?, word, false)?;
    let styles = binary::styles(fib, table)?;
    let sections = binary::plc_cps(fib.part(table, binary::PLCF_SED, "the section table")?, 12);
    // Per character run, read once: a tracked deletion, a symbol drawn.
    let marks = chpx.iter().map(|run| (deleted(run), symbol(run.grpprl))).collect();
    let doc = Doc { clx: &clx, papx: &papx, chpx: &chpx, marks, styles: &styles, data: &streams.data };
    let paragraphs = doc.paragraphs(word, (0, fib.ccp_text), &sections)?;
    let mut boxes = text_boxes(fib, table).into_iter().peekable();
    let mut builder = Builder { lists: lists::Lists::read(fib, table), ..Builder::default() };
    for raw in &paragraphs {
        let props = doc.paragraph_props(raw);
        // The text boxes anchored in this paragraph, with any text: in the
        // body they follow it as paragraphs, in a table cell they are more
        // lines of the cell, as the DOCX reader places them.
        let mut inside = Vec::new();
        while let Some((_, range)) = boxes.next_if(|(anchor, _)| *anchor <= raw.mark_cp) {
            let range = (fib.txbx_start.saturating_add(range.0), fib.txbx_start.saturating_add(range.1));
            let mut paragraphs = doc.paragraphs(word, range, &[])?;
            // A box's text ends with one more paragraph mark than its
            // paragraphs have.
            while paragraphs.last().is_some_and(|p| clean_text(&p.text).is_empty()) {
                paragraphs.pop();
            }
            inside.extend(paragraphs);
        }
        if props.itap == 0 {
            builder.add(&doc, raw, &props);
            for inner in &inside {
                let inner_props = ParagraphProps { itap: 0, in_table: false, ..doc.paragraph_props(inner) };
                builder.add(&doc, inner, &inner_props);
            }
        } else {
            builder.box_lines = inside.iter().map(|p| clean_text(&p.text)).collect();
            builder.add(&doc, raw, &props);
        }
    }
    builder.flush_table();
    if builder.unlabelled {
        diagnostics.push(Diagnostic::new(
            Level::Warning,
            Code::ListNumbersMissing,
            "some paragraphs are in Word lists the document does not define readably; a .doc read natively gives \
             their text without the numbers",
            None,
        ));
    }
    crate::docx::note_if_empty(&builder.blocks, diagnostics);
    Ok(builder.blocks)
}

/// The text boxes of the main text, by their anchors' CPs: (anchor, the
/// box's CPs in the text-box story). A box is found by its shape id in the
/// shape anchors (`PlcSpaMom`); reused boxes (a story continued from box
/// to box) and boxes without an anchor are left out.
fn text_boxes(fib: &binary::Fib, table: &[u8]) -> Vec<(u32, (u32, u32))> {
    const FTXBXS: usize = 22;
    const SPA: usize = 26;
    let (Ok(txbx), Ok(spa)) =
        (fib.part(table, binary::PLCF_TXBX_TXT, "the text boxes"), fib.part(table, binary::PLC_SPA_MOM, "the shapes"))
    else {
        return Vec::new();
    };
    let (box_cps, anchor_cps) = (binary::plc_cps(txbx, FTXBXS), binary::plc_cps(spa, SPA));
    let anchors: Vec<(u32, u32)> = (0..anchor_cps.len().saturating_sub(1))
        .filter_map(|i| Some((binary::u32_at(spa, anchor_cps.len() * 4 + i * SPA)?, anchor_cps[i])))
        .collect();
    let mut out: Vec<(u32, (u32, u32))> = (0..box_cps.len().saturating_sub(1))
        .filter_map(|i| {
            let at = box_cps.len() * 4 + i * FTXBXS;
            let reusable = binary::u16_at(txbx, at + 8)? != 0;
            let lid = binary::u32_at(txbx, at + 14)?;
            let (start, end) = (box_cps[i], box_cps[i + 1]);
            let anchor = anchors.iter().find(|(id, _)| *id == lid)?.1;
            (!reusable && start < end && end <= fib.ccp_txbx).then_some((anchor, (start, end)))
        })
        .collect();
    out.sort_by_key(|(anchor, _)| *anchor);
    out
}

/// The document's property tables.
struct Doc<'a, 'w> {
    clx: &'a binary::Clx<'a>,
    papx: &'a [Run<'w>],
    chpx: &'a [Run<'w>],
    /// Per character run: deleted, and the symbol it draws.
    marks: Vec<(bool, Option<char>)>,
    styles: &'a [Style],
    /// The `Data` stream (large paragraph properties).
    data: &'a [u8],
}

/// One paragraph of the main text as stored: its visible text, what its
/// letters look like, and its mark.
#[derive(Default)]
struct RawParagraph {
    text: String,
    /// Letters by the character run they are in (index into the runs, or
    /// none), in order.
    letters: Vec<(Option<usize>, usize)>,
    /// 0x0D (paragraph), 0x07 (cell or row end), 0x0C (section end).
    mark: u8,
    /// Where the mark is in the stream and in the text, and its piece's
    /// modifier.
    mark_fc: u32,
    mark_cp: u32,
    prm: u16,
    /// A manual page break (0x0C inside the paragraph).
    page_break: bool,
}

/// What a paragraph's properties say (style, then direct, then piece).
#[derive(Default)]
struct ParagraphProps {
    istd: u16,
    in_table: bool,
    /// Row end (`sprmPFTtp`) and nesting depth (`sprmPItap`).
    ttp: bool,
    itap: i32,
    inner_cell: bool,
    inner_ttp: bool,
    /// `sprmPOutLvl` given directly.
    outline: Option<u8>,
    break_before: bool,
    /// `sprmPIlfo`: the paragraph's list instance (1-based; 0 or less: in
    /// no list), and `sprmPIlvl`: its level.
    ilfo: i16,
    ilvl: u8,
    row: RowProps,
}

/// A table row's properties (the TAP of its row-end mark).
#[derive(Default, Clone)]
struct RowProps {
    header: bool,
    /// Cell edges, `cells + 1` of them, in twips.
    edges: Vec<i16>,
    /// Per cell: (horizontal merge, vertical merge) as in `TCGRF`.
    merges: Vec<(u8, u8)>,
}

impl Doc<'_, '_> {
    /// Splits the text of CPs `[from, to)` (the main text, or one text
    /// box's) into paragraphs at their marks.
    fn paragraphs(
        &self,
        word: &[u8],
        (from, to): (u32, u32),
        sections: &[u32],
    ) -> Result<Vec<RawParagraph>, WordError> {
        let mut out = Vec::new();
        let mut current = RawParagraph::default();
        // Fields open around the text: `true` while in the instructions.
        let mut fields: Vec<bool> = Vec::new();
        let mut pending_high: Option<u16> = None;
        for piece in &self.clx.pieces {
            let (first, end) = (piece.cp.max(from), piece.cp_end.min(to));
            if first >= end {
                continue;
            }
            let count = (end - first) as usize;
            let width = if piece.compressed { 1 } else { 2 };
            let start = piece.fc_of(first) as usize;
            let bytes = word
                .get(start..start.saturating_add(count * width))
                .ok_or(WordError::OutOfBounds("the text of a piece"))?;
            for i in 0..count {
                let cp = first + i as u32;
                let fc = piece.fc_of(cp);
                let unit = if piece.compressed {
                    u16::from(bytes[i])
                } else {
                    u16::from_le_bytes([bytes[2 * i], bytes[2 * i + 1]])
                };
                let c = if piece.compressed {
                    cp1252(bytes[i])
                } else if let Some(high) = pending_high.take() {
                    char::decode_utf16([high, unit]).next().and_then(Result::ok).unwrap_or('\u{FFFD}')
                } else if (0xD800..0xDC00).contains(&unit) {
                    pending_high = Some(unit);
                    continue;
                } else {
                    char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}')
                };
                let run = binary::run_index(self.chpx, fc);
                let shown = !fields.iter().any(|instruction| *instruction);
                match c {
                    '\u{0D}' | '\u{07}' => {
                        current.mark = c as u8;
                        current.mark_fc = fc;
                        current.mark_cp = cp;
                        current.prm = piece.prm;
                        out.push(std::mem::take(&mut current));
                        continue;
                    }
                    '\u{0C}' if sections.contains(&(cp + 1)) => {
                        current.mark = 0x0C;
                        current.mark_fc = fc;
                        current.mark_cp = cp;
                        current.prm = piece.prm;
                        out.push(std::mem::take(&mut current));
                        continue;
                    }
                    '\u{13}' => {
                        if fields.len() < MAX_FIELD_DEPTH {
                            fields.push(true);
                        }
                        continue;
                    }
                    '\u{14}' => {
                        if let Some(last) = fields.last_mut() {
                            *last = false;
                        }
                        continue;
                    }
                    '\u{15}' => {
                        fields.pop();
                        continue;
                    }
                    _ => {}
                }
                let (gone, drawn) = run.map_or((false, None), |r| self.marks[r]);
                if !shown || gone {
                    continue;
                }
                let text = match c {
                    '\u{0C}' => {
                        current.page_break = true;
                        continue;
                    }
                    '\u{0B}' => "\n".to_string(),
                    '\u{09}' => " ".to_string(),
                    '\u{1E}' => "-".to_string(),
                    // An optional hyphen, U+00AD as in a DOCX: in a TCVN3
                    // run it is the letter "ư" (LibreOffice writes it so).
                    '\u{1F}' => "\u{AD}".to_string(),
                    '(' if drawn.is_some() => bullet_text(&drawn.unwrap_or(' ').to_string()),
                    c if (c as u32) < 0x20 => continue,
                    c => c.to_string(),
                };
                let letters = text.chars().filter(|c| !c.is_whitespace()).count();
                match current.letters.last_mut() {
                    Some((r, n)) if *r == run => *n += letters,
                    _ => current.letters.push((run, letters)),
                }
                current.text.push_str(&text);
            }
        }
        Ok(out)
    }

    /// The style chain of `istd`, the style itself first.
    fn chain(&self, istd: u16) -> impl Iterator<Item = &Style> {
        let mut next = Some(istd);
        std::iter::from_fn(move || {
            let style = self.styles.get(usize::from(next?))?;
            next = style.base;
            Some(style)
        })
        .take(MAX_STYLE_DEPTH)
    }

    fn paragraph_props(&self, raw: &RawParagraph) -> ParagraphProps {
        let mut props = ParagraphProps::default();
        let Some(run) = run_at(self.papx, raw.mark_fc) else { return props };
        props.istd = run.istd;
        let styles: Vec<&Style> = self.chain(run.istd).collect();
        for style in styles.iter().rev() {
            props.apply(&style.papx, false);
        }
        props.apply(run.grpprl, true);
        // sprmPHugePapx: properties too large for their page are in the
        // Data stream (a row of many cells), as cbGrpprl + grpprl.
        if let Some((_, v)) = sprms(run.grpprl).find(|(op, _)| *op == 0x6646) {
            let at = binary::u32_at(v, 0).unwrap_or(u32::MAX) as usize;
            let len = usize::from(binary::u16_at(self.data, at).unwrap_or(0));
            props.apply(self.data.get(at + 2..at + 2 + len).unwrap_or(&[]), true);
        }
        props.apply(binary::piece_grpprl(self.clx, raw.prm), true);
        if props.in_table && props.itap == 0 {
            props.itap = 1;
        }
        if !props.in_table {
            props.itap = 0;
        }
        props
    }

    /// The heading level the paragraph style gives, as the DOCX reader
    /// reads a style: its outline level, else a "heading N" name, else
    /// "Title", along its bases.
    fn style_heading(&self, istd: u16) -> Option<u8> {
        self.chain(istd).find_map(|style| {
            let outline = sprms(&style.papx).filter(|(op, _)| *op == 0x2640).last().and_then(|(_, v)| v.first());
            let name = style.name.to_ascii_lowercase();
            let named = name.strip_prefix("heading ").and_then(|n| n.trim().parse::<u8>().ok());
            let builtin = (1..=9).contains(&style.sti).then_some(style.sti as u8);
            outline
                .filter(|l| **l < 9)
                .map(|l| l + 1)
                .or(named)
                .or(builtin)
                .or((name == "title" || style.sti == 62).then_some(1))
        })
    }

    /// A character toggle (`sprmCFBold` 0x0835, `sprmCFItalic` 0x0836) as
    /// the style chain sets it.
    fn style_toggle(&self, istd: u16, op: u16) -> bool {
        let chain: Vec<&Style> = self.chain(istd).collect();
        chain.iter().rev().fold(false, |on, style| toggle(&style.chpx, op, on))
    }

    /// Letters of the paragraph in bold and in italic.
    fn emphasis(&self, raw: &RawParagraph, istd: u16) -> (usize, usize, usize) {
        let style = (self.style_toggle(istd, 0x0835), self.style_toggle(istd, 0x0836));
        let (mut bold, mut italic, mut letters) = (0, 0, 0);
        for (run, n) in &raw.letters {
            let grpprl = run.map_or(&[][..], |r| self.chpx[r].grpprl);
            // A character style (`sprmCIstd`) over the paragraph style.
            let base = match sprms(grpprl).filter(|(op, _)| *op == 0x4A30).last() {
                Some((_, v)) if v.len() == 2 => {
                    let cs = u16::from_le_bytes([v[0], v[1]]);
                    (style.0 || self.style_toggle(cs, 0x0835), style.1 || self.style_toggle(cs, 0x0836))
                }
                _ => style,
            };
            letters += n;
            if toggle(grpprl, 0x0835, base.0) {
                bold += n;
            }
            if toggle(grpprl, 0x0836, base.1) {
                italic += n;
            }
        }
        (bold, italic, letters)
    }
}

/// A toggle property set by `grpprl` over `base`: 0 off, 1 on, 0x80 as the
/// style, 0x81 the opposite.
fn toggle(grpprl: &[u8], op: u16, base: bool) -> bool {
    match sprms(grpprl).filter(|(o, _)| *o == op).last().and_then(|(_, v)| v.first().copied()) {
        Some(0) => false,
        Some(1) => true,
        Some(0x81) => !base,
        _ => base,
    }
}

/// The run's text is a tracked deletion (`sprmCFRMarkDel`).
fn deleted(run: &Run) -> bool {
    sprms(run.grpprl).filter(|(op, _)| *op == 0x0800).last().is_some_and(|(_, v)| v.first() == Some(&1))
}

/// The character a symbol run (`sprmCSymbol`) draws.
fn symbol(grpprl: &[u8]) -> Option<char> {
    let (_, v) = sprms(grpprl).filter(|(op, _)| *op == 0x6A09).last()?;
    char::from_u32(u32::from(u16::from_le_bytes([*v.get(2)?, *v.get(3)?])))
}

/// A byte of a compressed piece: cp1252, whatever the document's language
/// ([MS-DOC] 2.4.1).
fn cp1252(byte: u8) -> char {
    if byte < 0x80 {
        return char::from(byte);
    }
    let bytes = [byte];
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    text.chars().next().unwrap_or('\u{FFFD}')
}

impl ParagraphProps {
    /// Applies a grpprl's paragraph and table modifiers; `direct` ones also
    /// set the outline level the paragraph itself gives.
    fn apply(&mut self, grpprl: &[u8], direct: bool) {
        for (op, v) in sprms(grpprl) {
            let byte = v.first().copied().unwrap_or(0);
            match op {
                0x2416 => self.in_table = byte != 0,
                0x2417 => self.ttp = byte != 0,
                0x244B => self.inner_cell = byte != 0,
                0x244C => self.inner_ttp = byte != 0,
                0x6649 => self.itap = binary::u32_at(v, 0).map_or(0, |n| n.min(64) as i32),
                0x664A => {
                    let delta = binary::u32_at(v, 0).map_or(0, |n| n as i32);
                    self.itap = self.itap.saturating_add(delta).clamp(0, 64);
                }
                0x2640 if direct => self.outline = Some(byte),
                0x2407 => self.break_before = byte != 0,
                0x460B => self.ilfo = binary::i16_at(v, 0).unwrap_or(0),
                0x260A => self.ilvl = byte,
                0x3404 => self.row.header = byte != 0,
                0xD608 => self.row.define(v),
                0xD62B => {
                    // VerticalMergeOperand: cb, itc, fVertMerge.
                    if let (Some(&itc), Some(&merge)) = (v.get(1), v.get(2)) {
                        if let Some(cell) = self.row.merges.get_mut(usize::from(itc)) {
                            cell.1 = merge & 3;
                        }
                    }
                }
                0x5624 => {
                    // sprmTMerge: itcFirst, itcLim.
                    if let (Some(&first), Some(&lim)) = (v.first(), v.get(1)) {
                        for itc in usize::from(first) + 1..usize::from(lim) {
                            if let Some(cell) = self.row.merges.get_mut(itc) {
                                cell.0 = 2;
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

impl RowProps {
    /// `sprmTDefTable`: cb (2 bytes), itcMac, rgdxaCenter, rgTc80.
    fn define(&mut self, v: &[u8]) {
        let Some(&count) = v.get(2) else { return };
        let count = usize::from(count);
        self.edges = (0..=count).map_while(|i| binary::i16_at(v, 3 + i * 2)).collect();
        if self.edges.len() != count + 1 {
            self.edges.clear();
            return;
        }
        let tcs = 3 + (count + 1) * 2;
        self.merges = (0..count)
            .map(|i| binary::u16_at(v, tcs + i * 20).map_or((0, 0), |grf| ((grf & 3) as u8, ((grf >> 5) & 3) as u8)))
            .collect();
    }
}

/// A cell read so far: its lines and whether every letter is bold.
#[derive(Default)]
struct CellText {
    lines: Vec<String>,
    bold: bool,
    any: bool,
}

impl CellText {
    /// Adds a paragraph of the cell: its text decides the cell's
    /// emphasis, its text with its list label gives its lines.
    fn push(&mut self, text: &str, labeled: &str, bold: bool) {
        if !text.is_empty() {
            self.bold = if self.any { self.bold && bold } else { bold };
            self.any = true;
        }
        self.lines.extend(labeled.split('\n').filter(|l| !l.is_empty()).map(str::to_string));
    }
}

/// A row waiting for its table's grid.
struct PendingRow {
    cells: Vec<CellText>,
    props: RowProps,
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    paragraphs: u32,
    tables: u32,
    rows: Vec<PendingRow>,
    cells: Vec<CellText>,
    cell: CellText,
    /// A nested table's cells and current cell.
    inner_cells: Vec<String>,
    inner_cell: CellText,
    /// The document's lists and their counters.
    lists: lists::Lists,
    /// Some paragraph is in a list the document does not define readably.
    unlabelled: bool,
    /// The text of text boxes anchored in the paragraph being added to a
    /// cell: more lines of the cell.
    box_lines: Vec<String>,
    /// The last paragraph was an empty one in the body.
    empty_before: bool,
}

impl Builder {
    fn add(&mut self, doc: &Doc, raw: &RawParagraph, props: &ParagraphProps) {
        let label = if props.ilfo > 0 { self.lists.label(props.ilfo, props.ilvl) } else { None };
        self.unlabelled |= props.ilfo > 0 && label.is_none();
        let text = clean_text(&raw.text);
        // The text with its number, as the DOCX reader writes it.
        let labeled = match &label {
            Some((label, _)) if !label.is_empty() => join_label(label, &text),
            _ => text.clone(),
        };
        let (bold, italic, letters) = doc.emphasis(raw, props.istd);
        let bold = letters > 0 && bold == letters;
        if props.itap == 0 {
            self.flush_table();
            self.paragraphs += 1;
            let location = Location { paragraph: Some(self.paragraphs), ..Location::default() };
            if props.break_before {
                // After an empty paragraph the page breaks at it, as the
                // DOCX LibreOffice writes a break before a paragraph (a
                // page-break run in the empty paragraph before): the same
                // boundary.
                let at = self.paragraphs - u32::from(self.empty_before);
                self.page_break(&Location { paragraph: Some(at), ..Location::default() });
            }
            // A bullet is the paragraph's list marker; a number is written
            // into its text.
            let (text, list_marker) = match label {
                Some((bullet, true)) => (text, Some(bullet)),
                _ => (labeled, None),
            };
            self.empty_before = text.is_empty() && list_marker.is_none() && !raw.page_break;
            if !text.is_empty() || list_marker.is_some() {
                let heading = match props.outline {
                    Some(level) => (level < 9).then_some(level + 1),
                    None => doc.style_heading(props.istd),
                };
                let italic = letters > 0 && italic == letters;
                let location = location.clone();
                self.blocks.push(Block::Paragraph(Paragraph { text, heading, bold, italic, list_marker, location }));
            }
            if raw.page_break {
                self.page_break(&location);
            }
        } else if props.itap >= 2 {
            self.empty_before = false;
            if props.inner_ttp {
                let row = std::mem::take(&mut self.inner_cells);
                let texts: Vec<String> = row.into_iter().filter(|t| !t.is_empty()).collect();
                if !texts.is_empty() {
                    self.cell.lines.push(texts.join(" | "));
                }
            } else {
                self.inner_cell.push(&text, &labeled, bold);
                if props.inner_cell {
                    let cell = std::mem::take(&mut self.inner_cell);
                    self.inner_cells.push(cell.lines.join(" "));
                }
            }
        } else if props.ttp {
            self.empty_before = false;
            let cells = std::mem::take(&mut self.cells);
            self.rows.push(PendingRow { cells, props: props.row.clone() });
        } else {
            self.empty_before = false;
            self.cell.push(&text, &labeled, bold);
            for line in std::mem::take(&mut self.box_lines) {
                self.cell.push(&line, &line, bold);
            }
            if raw.mark == 0x07 {
                let cell = std::mem::take(&mut self.cell);
                self.cells.push(cell);
            }
        }
    }

    fn page_break(&mut self, location: &Location) {
        if !self.blocks.is_empty() && !matches!(self.blocks.last(), Some(Block::PageBreak(_))) {
            self.blocks.push(Block::PageBreak(location.clone()));
        }
    }

    /// Ends the table being read, if any: its rows on the grid of all its
    /// cell edges.
    fn flush_table(&mut self) {
        // Cells of a row that never ended (a damaged file) make a row.
        if !self.cells.is_empty() || !self.cell.lines.is_empty() {
            let mut cells = std::mem::take(&mut self.cells);
            if !self.cell.lines.is_empty() {
                cells.push(std::mem::take(&mut self.cell));
            }
            self.rows.push(PendingRow { cells, props: RowProps::default() });
        }
        self.cell = CellText::default();
        self.inner_cells.clear();
        self.inner_cell = CellText::default();
        if self.rows.is_empty() {
            return;
        }
        self.tables += 1;
        let number = self.tables;
        let rows = std::mem::take(&mut self.rows);
        let grid = grid(&rows);
        let column = |edge: i16| grid.partition_point(|g| i32::from(*g) + EDGE_TOLERANCE < i32::from(edge));
        let mut table = Table { rows: Vec::new(), location: Location { table: Some(number), ..Location::default() } };
        // For each grid column, the (row, cell) where a vertical merge started.
        let mut merges: std::collections::HashMap<usize, (usize, usize)> = std::collections::HashMap::new();
        for (r, row) in rows.into_iter().enumerate() {
            let location = Location { table: Some(number), row: u32::try_from(r + 1).ok(), ..Location::default() };
            let cells = merge_horizontally(row.cells, &row.props);
            let mut out: Vec<Cell> = Vec::new();
            let first = cells.first().map_or(0, |(_, left, _, _)| column(*left));
            if first > 0 {
                let location = Location { column: Some(1), ..location.clone() };
                out.push(Cell { col_span: first as u32, ..Cell::new("", location) });
            }
            for (cell, left, right, vmerge) in cells {
                let at = column(left);
                let span = column(right).saturating_sub(at).max(1) as u32;
                let cell_location = Location { column: u32::try_from(at + 1).ok(), ..location.clone() };
                if vmerge == 1 {
                    if let Some(&(orow, ocell)) = merges.get(&at) {
                        table.rows[orow].cells[ocell].row_span += 1;
                        out.push(Cell { col_span: span, merged_above: true, ..Cell::new("", cell_location) });
                        continue;
                    }
                }
                if vmerge == 3 {
                    merges.insert(at, (r, out.len()));
                } else {
                    merges.remove(&at);
                }
                let bold = cell.any && cell.bold;
                out.push(Cell { col_span: span, bold, ..Cell::new(cell.lines.join("\n"), cell_location) });
            }
            table.rows.push(Row { cells: out, header: row.props.header, location });
        }
        self.blocks.push(Block::Table(table));
    }
}

/// A row's cells with their edges and vertical merge, cells merged
/// horizontally into the first of their range (its right edge moved).
fn merge_horizontally(cells: Vec<CellText>, props: &RowProps) -> Vec<(CellText, i16, i16, u8)> {
    let mut out: Vec<(CellText, i16, i16, u8)> = Vec::new();
    for (i, cell) in cells.into_iter().enumerate() {
        // Without row properties (a damaged row) cells are one unit wide.
        let fallback = i16::try_from(i).unwrap_or(i16::MAX);
        let left = props.edges.get(i).copied().unwrap_or(fallback);
        let right = props.edges.get(i + 1).copied().unwrap_or(left.saturating_add(1));
        let (horizontal, vertical) = props.merges.get(i).copied().unwrap_or((0, 0));
        match out.last_mut() {
            Some(last) if horizontal >= 2 => {
                last.2 = right;
                last.0.lines.extend(cell.lines);
            }
            _ => out.push((cell, left, right, vertical)),
        }
    }
    out
}

/// Every distinct cell edge of the table's rows, in order (edges within
/// the tolerance counted once).
fn grid(rows: &[PendingRow]) -> Vec<i16> {
    let mut edges: Vec<i16> = rows
        .iter()
        .flat_map(|row| {
            let n = row.cells.len().max(1);
            if row.props.edges.is_empty() {
                (0..=n).map(|i| i16::try_from(i).unwrap_or(i16::MAX)).collect::<Vec<_>>()
            } else {
                row.props.edges.iter().take(n + 1).copied().collect()
            }
        })
        .collect();
    edges.sort_unstable();
    let mut grid: Vec<i16> = Vec::new();
    for edge in edges {
        if grid.last().is_none_or(|last| i32::from(edge) - i32::from(*last) > EDGE_TOLERANCE) {
            grid.push(edge);
        }
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name)).unwrap()
    }

    /// The start of the WordDocument stream (the FIB) in a fixture.
    fn fib_at(bytes: &[u8]) -> usize {
        (512..bytes.len()).step_by(512).find(|&at| bytes[at..].starts_with(&[0xEC, 0xA5])).unwrap()
    }

    #[test]
    fn a_fixture_reads_into_paragraphs_and_tables() {
        let blocks = read(&fixture("converters/002-tasks.doc"), &mut Vec::new()).unwrap();
        let tables: Vec<&Table> =
            blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
        assert_eq!(tables.len(), 1);
        assert!(tables[0].rows.len() > 10);
        assert_eq!(tables[0].rows[0].cells[0].text, "TT");
    }

    /// Cut anywhere or with bytes changed anywhere, a `.doc` gives an error
    /// or blocks, never a panic (the bounds are checked, every loop moves on).
    #[test]
    fn damaged_files_give_errors_not_panics() {
        let bytes = fixture("converters/002-tasks.doc");
        for len in (0..bytes.len()).step_by(3001) {
            let _ = read(&bytes[..len], &mut Vec::new());
        }
        let fib = fib_at(&bytes);
        let mut state = 0x2545_F491u32;
        let mut next = move || {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            state
        };
        for round in 0..100 {
            let mut mutated = bytes.clone();
            for _ in 0..1 + round % 6 {
                // Mostly the FIB and the streams' first sectors, where the
                // offsets and sizes are.
                let at = if next() % 2 == 0 { fib + next() as usize % 1024 } else { next() as usize % bytes.len() };
                mutated[at] = (next() >> 24) as u8;
            }
            let _ = read(&mutated, &mut Vec::new());
        }
    }

    #[test]
    fn damage_is_named() {
        let bytes = fixture("converters/002-tasks.doc");
        let fib = fib_at(&bytes);
        // fcClx (FibRgFcLcb97 index 33) pointed past the table stream.
        let mut far = bytes.clone();
        let fc_lcb = fib + 154;
        far[fc_lcb + 33 * 8..fc_lcb + 33 * 8 + 4].copy_from_slice(&0x00FF_0000u32.to_le_bytes());
        let err = read(&far, &mut Vec::new()).unwrap_err();
        assert_eq!(err.to_string(), "the piece table lies outside its stream (a damaged or mutated file)");
        let mut word6 = bytes.clone();
        word6[fib + 2..fib + 4].copy_from_slice(&0x0065u16.to_le_bytes());
        assert!(read(&word6, &mut Vec::new()).unwrap_err().needs_libreoffice());
        let err = read(&bytes[..bytes.len() / 2], &mut Vec::new()).unwrap_err();
        assert!(!err.needs_libreoffice(), "{err}");
    }
}
