//! Reads plan documents into one format-neutral block model.
//!
//! This crate owns the first step of kehoach's pipeline: bytes in, a
//! [`Document`] out. A document is a sequence of [`Block`]s in reading order —
//! paragraphs (with heading level and emphasis), tables (rows of cells with
//! spans) and page breaks — each carrying the [`Location`] it came from. No
//! reader interprets the plan; that is `kehoach-parse`'s job, so every format
//! feeds the same parser.
//!
//! Formats: scanned-to-text files (UTF-8, UTF-16, or TCVN3/VNI/Windows-1258
//! decoded by [`vietnamese`], from `kehoach-vi`; tab-separated table rows, markdown/HTML
//! fragments, and the table layouts converters print: `layouts`,
//! `columns`), HTML (`html`), DOCX (`docx`), Word 97–2003 DOC (`doc`, read
//! natively; RTF, WPS and the DOC files it leaves converted to DOCX by
//! LibreOffice: `soffice`), ODT (`odt`), XLSX, XLS, ODS and CSV (`sheet`). Office files are zip
//! containers and pass the bounds of `archive` before any part is parsed.
//! PDFs (`pdf`) are read through pdf-extract; scanned pages and page images
//! go through Tesseract (`ocr`); these backends give positioned glyphs and
//! ruling lines per page, from which one layout stage (`layout`) rebuilds
//! tables (from rules or, without, from alignment) and paragraphs.
//!
//! Reading ([`read_path_with`], [`read_bytes_with`]) gives the text as read
//! (decoded, legacy fonts too, NFC, NUL dropped), not repaired: text repair
//! is the next stage, `kehoach-repair`, which `kehoach::convert` runs
//! between reading and parsing. This crate owns the block model
//! ([`Document`]), the diagnostic codes ([`Code`]) and how a text repair is
//! recorded ([`record_notes`]), which the later stages share.
//!
//! ```
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seeds/000_546985720e17fb0b.txt");
//! let doc = kehoach_extract::read_path_with(path, kehoach_extract::Options::default())?;
//! assert_eq!(doc.source.format, kehoach_extract::Format::Text);
//! let tables = doc.blocks.iter().filter(|b| matches!(b, kehoach_extract::Block::Table(_))).count();
//! assert!(tables > 10); // one per page of the framework table
//! # Ok::<(), kehoach_extract::Error>(())
//! ```
#![deny(missing_docs)]

mod archive;
mod bounds;
mod cell_lines;
mod code;
mod columns;
mod counters;
mod decode;
mod doc;
mod docx;
mod error;
mod html;
mod layout;
mod layouts;
mod markup;
mod model;
mod ocr;
mod odt;
mod pageimage;
mod pdf;
mod pixels;
mod sheet;
mod soffice;
mod text;

pub use code::Code;
pub use error::{
    ArchiveError, Bound, CompoundError, ConverterError, Damage, DocxError, Error, ErrorKind, Legacy, OdtError,
    PdfBound, SheetError, WordError, XmlError,
};
/// Whether a text is in NFC, cheaply: `kehoach-vi`'s, re-exported.
pub use kehoach_vi::nfc::is_nfc;
/// Vietnamese letters, syllables, tone placement and legacy encodings, and
/// the corpus-lexicon diacritic repair: `kehoach-vi`'s, re-exported.
pub use kehoach_vi::{diacritics, vietnamese};
pub use model::{
    record_notes, Block, Cell, Diagnostic, Document, Format, Level, Location, Paragraph, Row, Source, Table,
};
pub use ocr::{OcrFailure, OcrUnavailable};
pub use pageimage::{pdf_page_images, tiff_page_images, PageImage, PageImageError};
pub use pdf::{CcittProblem, ImageStorage, Jbig2Problem, PdfError, PdfLimit, RenderError, ScanImageProblem};
pub use pixels::ImageDecodeError;

use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// Files larger than this are refused rather than read into memory.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Choices about reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Recognise scanned PDF pages and page images with Tesseract (which
    /// must then be installed, with Vietnamese data). When off, scanned
    /// pages are reported and left out, and images are refused. On by
    /// default; off with `kehoach --no-ocr`.
    pub ocr: bool,
    /// Re-read the legacy-font text of office files and PDFs: Latin-1
    /// letters that read as Vietnamese only in TCVN3 or VNI ("Céng hoµ" in
    /// a ".VnTime" run), each re-reading a `text-repair` diagnostic with the
    /// original. This is reading, not repair: on by default and under
    /// `kehoach --no-repair` too, as text files in a legacy encoding are
    /// always decoded. Off (a library choice only) leaves the codes the
    /// fonts hold, which in a PDF raise the `pdf-unreadable-text` warning.
    pub legacy_fonts: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { ocr: true, legacy_fonts: true }
    }
}

/// Reads the file at `path` into blocks, with the text as read: decoded
/// (legacy-font text in office files and PDFs too, when
/// `options.legacy_fonts`),
/// in Unicode NFC, but not repaired: `kehoach-repair` is the next stage.
pub fn read_path_with(path: impl AsRef<Path>, options: Options) -> Result<Document, Error> {
    let path = path.as_ref();
    let shown = path.display().to_string();
    let fail = |kind: ErrorKind| Error { file: shown.clone(), kind };
    let file = std::fs::File::open(path).map_err(|e| fail(e.into()))?;
    let size = file.metadata().map_err(|e| fail(e.into()))?.len();
    if size > MAX_INPUT_BYTES {
        return Err(fail(ErrorKind::TooLarge { size, limit: MAX_INPUT_BYTES }));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // Read one byte past the limit so a file that grew after stat() is caught.
    file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes).map_err(|e| fail(e.into()))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(fail(ErrorKind::TooLarge { size: bytes.len() as u64, limit: MAX_INPUT_BYTES }));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| shown.clone());
    read_bytes_with(&name, &bytes, options).map_err(|e| Error { file: shown, kind: e.kind })
}

/// Reads a document from memory into blocks, with the text as read (see
/// [`read_path_with`]); `name` is the file name shown in output and errors.
pub fn read_bytes_with(name: &str, bytes: &[u8], options: Options) -> Result<Document, Error> {
    let fail = |kind: ErrorKind| Error { file: name.to_string(), kind };
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(fail(ErrorKind::TooLarge { size: bytes.len() as u64, limit: MAX_INPUT_BYTES }));
    }
    let format = sniff(name, bytes);
    if format == Some(Format::Image) {
        // From the header, before anything decodes the pixels.
        bounds::check_image(bytes).map_err(|bound| fail(bound.into()))?;
    }
    let mut diagnostics = Vec::new();
    let blocks = match format {
        Some(Format::Text) => {
            let text = decode::decode(bytes, &mut diagnostics).map_err(|e| fail(text_error(e)))?;
            text::blocks(&text)
        }
        Some(Format::Html) => {
            let text = html::decode(bytes, &mut diagnostics).map_err(|e| fail(text_error(e)))?;
            let mut blocks = html::read(&text);
            normalize_blocks(&mut blocks, &mut diagnostics);
            blocks
        }
        Some(Format::Docx) => {
            let mut blocks = docx::read(bytes, &mut diagnostics).map_err(|e| fail(damaged(Format::Docx, e)))?;
            normalize_blocks(&mut blocks, &mut diagnostics);
            blocks
        }
        Some(sheet @ (Format::Xlsx | Format::Xls | Format::Ods)) => {
            if sheet == Format::Xls {
                bounds::check_cfb(bytes).map_err(|e| fail(damaged(Format::Xls, e)))?;
            }
            let mut blocks = sheet::read(sheet, bytes, &mut diagnostics).map_err(|e| fail(damaged(sheet, e)))?;
            normalize_blocks(&mut blocks, &mut diagnostics);
            blocks
        }
        Some(Format::Csv) => {
            // Decoded as a text file is (UTF-8, UTF-16, legacy Vietnamese).
            let text = decode::decode(bytes, &mut diagnostics).map_err(|e| fail(text_error(e)))?;
            let mut blocks =
                sheet::read_delimited(name, &text, &mut diagnostics).map_err(|e| fail(damaged(Format::Csv, e)))?;
            normalize_blocks(&mut blocks, &mut diagnostics);
            blocks
        }
        Some(Format::Pdf) => {
            bounds::check_pdf_object_streams(bytes)
                .map_err(|reason| fail(damaged(Format::Pdf, Damage::Pdf(PdfError::Bounds(reason).into()))))?;
            let mut blocks = pdf::read(bytes, options.ocr, &mut diagnostics)
                .map_err(|reason| fail(damaged(Format::Pdf, Damage::Pdf(reason.into()))))?;
            normalize_blocks(&mut blocks, &mut diagnostics);
            blocks
        }
        Some(Format::Image) if !options.ocr => return Err(fail(ErrorKind::ImageWithoutOcr)),
        Some(Format::Image) => {
            let extension = image_extension(bytes);
            let mut blocks = pdf::read_image(bytes, extension, &mut diagnostics)
                .map_err(|reason| fail(damaged(Format::Image, Damage::Pdf(reason.into()))))?;
            normalize_blocks(&mut blocks, &mut diagnostics);
            blocks
        }
        Some(Format::Doc) => {
            // Read natively; LibreOffice only for what the reader leaves to
            // it (Word 6.0/95, encrypted, Works and other compound files).
            let mut blocks = match doc::read(bytes, &mut diagnostics) {
                Ok(blocks) => blocks,
                Err(reason) if reason.needs_libreoffice() => {
                    let works = name.to_ascii_lowercase().ends_with(".wps");
                    let legacy = if works { Legacy::Works } else { Legacy::Word97 };
                    let docx = match soffice::to_docx(bytes, legacy.extension()) {
                        Ok(docx) => docx,
                        Err(soffice::SofficeError::Missing) if works => {
                            return Err(fail(ErrorKind::NeedsLibreOffice(legacy)))
                        }
                        Err(soffice::SofficeError::Missing) => {
                            return Err(fail(ErrorKind::DocNeedsLibreOffice(reason)))
                        }
                        Err(soffice::SofficeError::Failed(why)) => {
                            return Err(fail(damaged(Format::Doc, Damage::Converter(why))))
                        }
                    };
                    docx::read(&docx, &mut diagnostics).map_err(|e| fail(damaged(Format::Doc, e)))?
                }
                Err(reason) => return Err(fail(damaged(Format::Doc, reason))),
            };
            normalize_blocks(&mut blocks, &mut diagnostics);
            blocks
        }
        Some(Format::Rtf) => {
            let docx = soffice::to_docx(bytes, Legacy::Rtf.extension()).map_err(|e| match e {
                soffice::SofficeError::Missing => fail(ErrorKind::NeedsLibreOffice(Legacy::Rtf)),
                soffice::SofficeError::Failed(reason) => fail(damaged(Format::Rtf, Damage::Converter(reason))),
            })?;
            let mut blocks = docx::read(&docx, &mut diagnostics).map_err(|e| fail(damaged(Format::Rtf, e)))?;
            normalize_blocks(&mut blocks, &mut diagnostics);
            blocks
        }
        Some(Format::Odt) => {
            let mut blocks = odt::read(bytes).map_err(|e| fail(damaged(Format::Odt, e)))?;
            normalize_blocks(&mut blocks, &mut diagnostics);
            blocks
        }
        None => return Err(fail(ErrorKind::Binary)),
    };
    let mut blocks = blocks;
    drop_nul(&mut blocks, &mut diagnostics);
    // Legacy-font text is decoded before anything looks at the text (text
    // files were decoded whole by their reader).
    if options.legacy_fonts && format != Some(Format::Text) {
        decode::decode_legacy(&mut blocks, &mut diagnostics);
    }
    if format == Some(Format::Pdf) {
        flag_unreadable_text(&blocks, &mut diagnostics);
    }
    let source = Source {
        file: name.to_string(),
        format: format.unwrap_or(Format::Text),
        sha256: hex(&Sha256::digest(bytes)),
        bytes: bytes.len() as u64,
    };
    Ok(Document { source, blocks, diagnostics })
}

/// Every file extension kehoach reads (the content decides the format; the
/// extension only picks files when walking directories). The help texts
/// name each of them, and a test keeps them so.
pub const INPUT_EXTENSIONS: [&str; 24] = [
    ".txt", ".md", ".text", ".html", ".htm", ".xhtml", ".docx", ".docm", ".xlsx", ".xlsm", ".xls", ".ods", ".csv",
    ".tsv", ".odt", ".doc", ".wps", ".rtf", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff",
];

/// The input formats in a few words, for messages about a file kehoach
/// does not read.
pub const INPUT_FORMATS_SHORT: &str =
    "text, HTML, DOCX, DOC, ODT, XLSX, XLS, ODS, CSV, PDF, PNG/JPEG/TIFF image; RTF and WPS through LibreOffice";

/// Whether a file name has an extension kehoach reads or recognises; used
/// when walking directories.
pub fn is_supported_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    INPUT_EXTENSIONS.iter().any(|ext| lower.ends_with(ext))
}

fn text_error(error: decode::TextError) -> ErrorKind {
    match error {
        decode::TextError::NotUtf8 { line, offset } => ErrorKind::NotUtf8 { line, offset },
        decode::TextError::LineTooLong { line } => {
            Bound::LineTooLong { line, limit_mib: decode::MAX_LINE_BYTES >> 20 }.into()
        }
        decode::TextError::TooManyCells => Bound::TooManyCells { limit: decode::MAX_CELLS }.into(),
    }
}

fn damaged(format: Format, reason: impl Into<Damage>) -> ErrorKind {
    ErrorKind::Damaged { format, reason: reason.into() }
}

/// Detects the format from the content, using the name only to tell apart
/// the formats that share a container.
fn sniff(name: &str, bytes: &[u8]) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    if bytes.starts_with(b"%PDF-") {
        return Some(Format::Pdf);
    }
    if !image_extension(bytes).is_empty() {
        return Some(Format::Image);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(zip_format(&lower, bytes));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Some(Format::Rtf);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(if lower.ends_with(".xls") { Format::Xls } else { Format::Doc });
    }
    // UTF-16 text with a byte-order mark (it has NUL bytes).
    let head = match bytes {
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => {
            let encoding = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
            let end = bytes.len().min(4096) & !1;
            let head = encoding.decode_without_bom_handling(&bytes[2..end.max(2)]).0.into_owned();
            // A sheet saved as Excel's "Unicode Text" (a `.txt`): its
            // quoted cells may hold line breaks, which only CSV reads.
            if sheet::is_tab_sheet(&head) {
                return Some(Format::Csv);
            }
            head
        }
        _ => {
            // Text: no NUL bytes in the first 8 KiB. Encoding is checked by the reader.
            let head = &bytes[..bytes.len().min(8192)];
            if head.contains(&0) {
                return None;
            }
            String::from_utf8_lossy(&head[..head.len().min(4096)]).into_owned()
        }
    };
    // Delimited text by its name: its content alone does not tell a CSV
    // from prose with commas. Encoding and delimiter come from the bytes.
    if [".csv", ".tsv"].iter().any(|ext| lower.ends_with(ext)) {
        return Some(Format::Csv);
    }
    let html_name = [".html", ".htm", ".xhtml"].iter().any(|ext| lower.ends_with(ext));
    if html_name || html::looks_like_html(&head) {
        return Some(Format::Html);
    }
    Some(Format::Text)
}

/// The file extension of a page image Tesseract reads, by its magic bytes;
/// empty when the bytes are no such image.
fn image_extension(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "jpg"
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        "tif"
    } else {
        ""
    }
}

/// Puts every text of the blocks in Unicode NFC, recording once that the
/// document needed it (as the text reader does for text files).
fn normalize_blocks(blocks: &mut [Block], diagnostics: &mut Vec<Diagnostic>) {
    use unicode_normalization::UnicodeNormalization;
    let mut changed = false;
    let mut nfc = |text: &mut String| {
        if !is_nfc(text) {
            let normalized: String = text.nfc().collect();
            if normalized != *text {
                changed = true;
                *text = normalized;
            }
        }
    };
    for (text, _) in blocks.iter_mut().flat_map(Block::texts_mut) {
        nfc(text);
    }
    if changed {
        diagnostics.push(Diagnostic::new(
            Level::Info,
            Code::UnicodeNfc,
            "some text was not in Unicode NFC (composed) form and was normalized to it",
            None,
        ));
    }
}

/// Drops NUL characters from the text (a hostile or damaged file can carry
/// them in any format; they must never reach JSON, CSV or a workbook).
fn drop_nul(blocks: &mut [Block], diagnostics: &mut Vec<Diagnostic>) {
    let mut dropped = 0usize;
    let mut clean = |text: &mut String| {
        if text.contains('\0') {
            dropped += text.matches('\0').count();
            text.retain(|c| c != '\0');
        }
    };
    for block in blocks.iter_mut() {
        match block {
            Block::Paragraph(p) => {
                clean(&mut p.text);
                p.list_marker.iter_mut().for_each(&mut clean);
            }
            Block::Table(t) => t.rows.iter_mut().flat_map(|r| r.cells.iter_mut()).for_each(|c| clean(&mut c.text)),
            Block::PageBreak(_) => {}
        }
    }
    if dropped > 0 {
        diagnostics.push(Diagnostic::new(
            Level::Warning,
            Code::NulDropped,
            format!("{dropped} NUL character(s) in the text were dropped"),
            None,
        ));
    }
}

/// Warns when a PDF's text does not read as Vietnamese: a font without a
/// usable Unicode map (glyph codes instead of letters, replacement
/// characters) that no legacy re-reading fixed.
fn flag_unreadable_text(blocks: &[Block], diagnostics: &mut Vec<Diagnostic>) {
    let text = blocks.iter().flat_map(Block::texts).collect::<Vec<_>>().join("\n");
    let replacement = text.chars().filter(|c| *c == '\u{FFFD}' || (c.is_control() && !c.is_whitespace())).count();
    let (score, words) = vietnamese::vietnamese_score(&text);
    let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
    if (words >= 20 && score < 0.5) || replacement * 20 > letters.max(1) {
        diagnostics.push(Diagnostic::new(
            Level::Warning,
            Code::PdfUnreadableText,
            format!(
                "the text layer does not read as Vietnamese ({:.0}% of {words} words with accents are valid syllables, \
                 {replacement} unknown characters): a font without a usable Unicode map? OCR of the rendered pages \
                 may read it",
                score * 100.0
            ),
            None,
        ));
    }
}

/// Tells DOCX, XLSX and ODS apart by the parts the archive lists (its
/// central directory only; nothing is decompressed), else by the name.
fn zip_format(lower_name: &str, bytes: &[u8]) -> Format {
    if let Ok(zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        let has = |part: &str| zip.index_for_name(part).is_some();
        if has("word/document.xml") {
            return Format::Docx;
        }
        if has("xl/workbook.xml") {
            return Format::Xlsx;
        }
        if has("content.xml") && lower_name.ends_with(".ods") {
            return Format::Ods;
        }
        if has("content.xml") && lower_name.ends_with(".odt") {
            return Format::Odt;
        }
        // An OpenDocument package says what it is in its first entry.
        if has("content.xml") && bytes.get(30..38) == Some(b"mimetype".as_slice()) {
            let head = &bytes[38..bytes.len().min(38 + 60)];
            let says = |what: &[u8]| head.windows(what.len()).any(|w| w == what);
            if says(b"opendocument.spreadsheet") {
                return Format::Ods;
            }
            if says(b"opendocument.text") {
                return Format::Odt;
            }
        }
    }
    if lower_name.ends_with(".xlsx") || lower_name.ends_with(".xlsm") {
        Format::Xlsx
    } else if lower_name.ends_with(".ods") {
        Format::Ods
    } else if lower_name.ends_with(".odt") {
        Format::Odt
    } else {
        Format::Docx
    }
}

/// The message of a caught panic (`std::panic::catch_unwind`'s payload),
/// or "unknown cause".
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_string())
}

/// Lower-case hex SHA-256 of `bytes`, as in [`Source::sha256`].
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, bytes: &[u8]) -> Result<Document, Error> {
        read_bytes_with(name, bytes, Options::default())
    }

    #[test]
    fn errors_name_the_file_and_reason() {
        let err = read("plan.txt", b"ok\n\xff").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("plan.txt: not valid UTF-8"), "{msg}");
        assert!(msg.contains("line 2"), "{msg}");
        let err = read("x.bin", b"\0\x01\x02").unwrap_err();
        assert!(matches!(err.kind, ErrorKind::Binary));
        let err = read("a.docx", b"PK\x03\x04rest").unwrap_err();
        assert!(err.to_string().starts_with("a.docx: damaged or unreadable DOCX file: not a readable zip"), "{err}");
        let err = read("a.pdf", b"%PDF-1.4").unwrap_err();
        assert!(err.to_string().starts_with("a.pdf: damaged or unreadable PDF file: not a readable PDF"), "{err}");

        let err = read_path_with("/nonexistent/dir/plan.txt", Options::default()).unwrap_err();
        assert!(err.to_string().starts_with("/nonexistent/dir/plan.txt: cannot read the file"));

        let png = include_bytes!("../../../fixtures/pdf/002-tasks-page1.png");
        let err = read_bytes_with("scan.png", png, Options { ocr: false, ..Options::default() }).unwrap_err();
        assert!(matches!(err.kind, ErrorKind::ImageWithoutOcr));
        assert_eq!(err.to_string(), "scan.png: a page image is read by OCR only, and OCR is off (--no-ocr)");
        // The typed reasons keep the words the user saw before.
        let kind = ErrorKind::NeedsLibreOffice(Legacy::Works);
        assert!(kind.to_string().starts_with("Works (.wps) file: LibreOffice is needed to read it"), "{kind}");
        let failed = ConverterError::Failed { status: Some(77), said: "Error: source file could not be loaded".into() };
        assert_eq!(
            failed.to_string(),
            "LibreOffice could not convert it (exit status 77: Error: source file could not be loaded)"
        );
        let silent = ConverterError::Failed { status: None, said: String::new() };
        assert_eq!(silent.to_string(), "LibreOffice could not convert it (exit status none)");
        let damaged =
            ErrorKind::Damaged { format: Format::Rtf, reason: Damage::Converter(ConverterError::TimedOut(180)) };
        assert_eq!(
            damaged.to_string(),
            "damaged or unreadable RTF file: LibreOffice took longer than 180 s to convert it"
        );
    }

    #[test]
    fn source_identity() {
        let doc = read("a.txt", b"abc").unwrap();
        assert_eq!(doc.source.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(doc.source.bytes, 3);
        assert_eq!(doc.source.format, Format::Text);
    }

    /// Regression: a workbook found by fuzzing (a shared-string cell whose
    /// index is past the string table) made calamine panic.
    #[test]
    fn fuzz_found_workbook_is_an_error_not_a_panic() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/broken/fuzz-shared-string-index.xlsx");
        let bytes = std::fs::read(path).unwrap();
        let err = read_bytes_with("crash.xlsx", &bytes, Options::default()).unwrap_err();
        assert!(err.to_string().contains("the workbook is malformed"), "{err}");
    }

    #[test]
    fn office_text_is_put_in_nfc_and_the_repair_recorded() {
        let mut blocks = vec![Block::Paragraph(Paragraph { text: "Ho\u{0300}a".into(), ..Paragraph::default() })];
        let mut diags = Vec::new();
        normalize_blocks(&mut blocks, &mut diags);
        assert!(matches!(&blocks[0], Block::Paragraph(p) if p.text == "Hòa"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::UnicodeNfc);
        normalize_blocks(&mut blocks, &mut diags);
        assert_eq!(diags.len(), 1, "nothing to repair the second time");
    }

    #[test]
    fn empty_file_is_an_empty_document() {
        let doc = read("empty.txt", b"").unwrap();
        assert!(doc.blocks.is_empty());
    }
}
