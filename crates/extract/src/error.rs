//! Why a file could not be read: one [`Error`] naming the file, its
//! [`ErrorKind`], and for damaged files a [`Damage`] that wraps the error of
//! the reader that found it (calamine's model: per-format errors in one top
//! error). Messages are lower-case sentences for the user.

use crate::Format;
use std::error::Error as StdError;

/// What to install when LibreOffice is missing.
pub(crate) const LIBREOFFICE_HINT: &str =
    "LibreOffice is needed to read it and was not found: install it (Debian/Ubuntu: \
     `apt-get install libreoffice-writer-nogui`) or name its soffice program in KEHOACH_SOFFICE, or convert the file \
     to DOCX first";

/// Why a file could not be extracted. The message names the file.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {kind}")]
pub struct Error {
    /// The file, as the caller named it.
    pub file: String,
    /// What went wrong.
    pub kind: ErrorKind,
}

/// What went wrong while extracting.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// The file is larger than [`MAX_INPUT_BYTES`](crate::MAX_INPUT_BYTES).
    #[error("the file is {size} bytes, more than the {limit}-byte limit")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A text file is neither valid UTF-8 nor Vietnamese in a legacy
    /// encoding (TCVN3, VNI, Windows-1258).
    #[error(
        "not valid UTF-8 (first bad byte at offset {offset}, line {line}), and it does not read as Vietnamese in \
         TCVN3, VNI or Windows-1258 either; convert it to UTF-8 first, e.g. with iconv"
    )]
    NotUtf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The file is binary data that is no known document format.
    #[error("binary data of no supported format ({})", crate::INPUT_FORMATS_SHORT)]
    Binary,
    /// A page image, and OCR (its only reader) is turned off.
    #[error("a page image is read by OCR only, and OCR is off (--no-ocr)")]
    ImageWithoutOcr,
    /// The content exceeds a bound (line length, number of cells, image
    /// size).
    #[error(transparent)]
    TooBig(#[from] Bound),
    /// A legacy Word 97–2003, Works or RTF document, and LibreOffice (which
    /// converts them) is not installed.
    #[error("{0} file: {hint}", hint = LIBREOFFICE_HINT)]
    NeedsLibreOffice(Legacy),
    /// A legacy Word file kehoach's own reader does not read (Word 6.0/95,
    /// encrypted, no `WordDocument` stream), and LibreOffice, its fallback,
    /// is not installed.
    #[error("legacy Word (.doc) file kehoach does not read itself ({0}): {hint}", hint = LIBREOFFICE_HINT)]
    DocNeedsLibreOffice(WordError),
    /// The file has the format's container but its content is damaged,
    /// hostile or not what the name says.
    #[error("damaged or unreadable {} file: {reason}", label(.format))]
    Damaged {
        /// The format it was read as.
        format: Format,
        /// What is wrong, as the reader found it.
        reason: Damage,
    },
}

/// A document format kehoach reads through LibreOffice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Legacy {
    /// Word 97–2003 (`.doc`).
    #[error("legacy Word 97-2003 (.doc)")]
    Word97,
    /// Microsoft Works (`.wps`).
    #[error("Works (.wps)")]
    Works,
    /// Rich Text Format (`.rtf`).
    #[error("RTF")]
    Rtf,
}

impl Legacy {
    /// The file extension LibreOffice should read it by.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Legacy::Word97 => "doc",
            Legacy::Works => "wps",
            Legacy::Rtf => "rtf",
        }
    }
}

/// The name of a format in error messages.
fn label(format: &Format) -> &'static str {
    match format {
        Format::Text => "text",
        Format::Html => "HTML",
        Format::Docx => "DOCX",
        Format::Xlsx => "XLSX",
        Format::Doc => "legacy Word 97-2003 or Works (.doc, .wps)",
        Format::Rtf => "RTF",
        Format::Odt => "ODT",
        Format::Xls => "XLS",
        Format::Ods => "ODS",
        Format::Csv => "CSV",
        Format::Pdf => "PDF",
        Format::Image => "image",
    }
}

/// What is wrong with a damaged file, by the reader that found it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Damage {
    /// The zip container of an office file (DOCX, XLSX, ODS, ODT).
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// The Word reader (DOCX, and DOC, RTF, WPS after conversion).
    #[error(transparent)]
    Docx(#[from] DocxError),
    /// The spreadsheet reader (XLSX, XLS, ODS).
    #[error(transparent)]
    Sheet(#[from] SheetError),
    /// The OpenDocument text reader.
    #[error(transparent)]
    Odt(#[from] OdtError),
    /// The compound-file container of a legacy workbook (XLS).
    #[error(transparent)]
    Compound(#[from] CompoundError),
    /// The PDF reader (also for page images and scanned pages).
    #[error(transparent)]
    Pdf(Box<crate::PdfError>),
    /// LibreOffice could not convert the file (DOC, RTF, WPS).
    #[error(transparent)]
    Converter(#[from] ConverterError),
    /// The native reader of legacy Word 97–2003 files (DOC).
    #[error(transparent)]
    Word(#[from] WordError),
}

/// Why the native reader of legacy Word 97–2003 (`.doc`) files did not
/// read one. [`WordError::needs_libreoffice`] tells the formats it leaves
/// to LibreOffice from damaged files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WordError {
    /// The compound-file header does not fit the file.
    #[error(transparent)]
    Compound(#[from] CompoundError),
    /// The compound file cannot be read.
    #[error("not a readable compound file: {0}")]
    Container(#[source] std::io::Error),
    /// The compound-file reader gave up on the file: the panic's message (a
    /// caught panic has no error type).
    #[error("not a readable compound file: {0}")]
    ContainerPanicked(String),
    /// A compound file without a `WordDocument` stream (a Works file, a
    /// workbook or another OLE document).
    #[error("the compound file holds no WordDocument stream: not a Word 97-2003 document")]
    NoWordDocument,
    /// A Word 6.0/95 file (or older), whose layout differs.
    #[error("a Word 6.0/95 file (FIB version {0:#06x}), older than the Word 97-2003 format read natively")]
    OldVersion(u16),
    /// The document is encrypted (password to open) or obfuscated.
    #[error("the document is encrypted (it has a password to open)")]
    Encrypted,
    /// A structure of the file is damaged.
    #[error("{0}")]
    Damaged(&'static str),
    /// A structure points outside the stream that holds it.
    #[error("{0} lies outside its stream (a damaged or mutated file)")]
    OutOfBounds(&'static str),
}

impl WordError {
    /// The file is not damaged but in a form only LibreOffice reads.
    pub fn needs_libreoffice(&self) -> bool {
        matches!(self, WordError::NoWordDocument | WordError::OldVersion(_) | WordError::Encrypted)
    }
}

/// Why LibreOffice did not convert a legacy document.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConverterError {
    /// The temporary directory or copy could not be made.
    #[error("cannot {0}: {1}")]
    Temporary(&'static str, #[source] std::io::Error),
    /// `soffice` is there but cannot be started.
    #[error("cannot start LibreOffice: {0}")]
    Start(#[source] std::io::Error),
    /// Waiting for it failed.
    #[error("waiting for LibreOffice failed: {0}")]
    Wait(#[source] std::io::Error),
    /// It ran past the time limit and was stopped.
    #[error("LibreOffice took longer than {0} s to convert it")]
    TimedOut(u64),
    /// It ran and wrote no document.
    #[error(
        "LibreOffice could not convert it (exit status {}{}{said})",
        .status.map_or("none".to_string(), |c| c.to_string()),
        if .said.is_empty() { "" } else { ": " }
    )]
    Failed {
        /// Its exit code, if it exited.
        status: Option<i32>,
        /// What it printed on standard error (its own words), trimmed.
        said: String,
    },
}

/// A zip container that fails its bounds or cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ArchiveError {
    /// Not a zip archive at all, or its directory is damaged.
    #[error("not a readable zip archive ({0})")]
    NotZip(#[source] zip::result::ZipError),
    /// More entries than the limit.
    #[error("the archive has {count} entries, more than the limit of {limit}")]
    TooManyEntries {
        /// Entries in the archive.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// An entry whose header cannot be read.
    #[error("entry {index} of the archive is damaged ({source})")]
    DamagedEntry {
        /// 0-based index of the entry.
        index: usize,
        /// The zip reader's error.
        source: zip::result::ZipError,
    },
    /// An entry whose header claims more than the per-entry limit.
    #[error("part {part} claims {size} bytes, more than the limit of {limit}")]
    PartClaimsTooMuch {
        /// The entry's name.
        part: String,
        /// The size it claims.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// An entry that cannot be decompressed.
    #[error("part {part} cannot be decompressed ({source})")]
    Inflate {
        /// The entry's name.
        part: String,
        /// The decompressor's error.
        source: std::io::Error,
    },
    /// All entries together expand to more than the limit.
    #[error("the archive expands to more than {limit} bytes (a zip bomb or not an office file)")]
    ExpandsTooMuch {
        /// The limit.
        limit: u64,
    },
    /// One entry expands to more than the limit.
    #[error("part {part} expands to more than {limit} bytes")]
    PartExpandsTooMuch {
        /// The entry's name.
        part: String,
        /// The limit.
        limit: u64,
    },
    /// One entry expands too many times its compressed size.
    #[error("part {part} expands {ratio}-fold (limit {limit}): a zip bomb or a damaged file")]
    Ratio {
        /// The entry's name.
        part: String,
        /// Its decompressed/compressed ratio.
        ratio: u64,
        /// The limit.
        limit: u64,
    },
    /// An entry whose data would lie past the end of the file.
    #[error("part {part} lies past the end of the archive")]
    OutOfBounds {
        /// The entry's name.
        part: String,
    },
    /// A markup part that is not UTF-8.
    #[error("part {part} is not UTF-8 XML")]
    NotUtf8 {
        /// The entry's name.
        part: String,
    },
}

/// A markup part that is not well-formed XML.
#[derive(Debug, thiserror::Error)]
#[error("part {part} is not well-formed XML ({source})")]
pub struct XmlError {
    /// The part's name.
    pub part: String,
    /// The XML parser's error.
    pub source: roxmltree::Error,
}

impl XmlError {
    /// Parses `xml` (the part `part`) with DTDs forbidden (no entity
    /// expansion attacks) and at most `nodes` nodes.
    pub(crate) fn parse<'x>(part: &str, xml: &'x str, nodes: u32) -> Result<roxmltree::Document<'x>, XmlError> {
        let options = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: nodes, ..Default::default() };
        roxmltree::Document::parse_with_options(xml, options)
            .map_err(|source| XmlError { part: part.to_string(), source })
    }
}

/// A Word document that cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocxError {
    /// Its zip container.
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// A part that is not well-formed XML.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// A spreadsheet named like a Word file.
    #[error("this is a spreadsheet (XLSX) with a Word file name; rename it to .xlsx")]
    Spreadsheet,
    /// No main document part in the package.
    #[error("no Word document part (word/document.xml) in the archive")]
    NoDocumentPart,
    /// The relationships name a main part the archive does not have.
    #[error("the main document part {0} is missing")]
    MissingPart(String),
    /// The main part is larger than a plan can be.
    #[error("the main document part {part} is {mib} MiB of markup, more than the {limit_mib} MiB a plan needs")]
    TooLarge {
        /// The part's name.
        part: String,
        /// Its size in MiB.
        mib: usize,
        /// The limit in MiB.
        limit_mib: usize,
    },
    /// The main part has no body.
    #[error("{0} has no w:body: not a Word document")]
    NoBody(String),
}

/// A workbook that cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SheetError {
    /// Its zip container (XLSX, ODS).
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// Its content part is not well-formed XML (ODS).
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// The ODS package has no content part.
    #[error("the content part content.xml is missing")]
    NoContent,
    /// calamine cannot open the workbook.
    #[error("not a readable {} workbook ({source})", label(.format))]
    Workbook {
        /// XLSX or XLS.
        format: Format,
        /// calamine's error.
        source: Box<dyn StdError + Send + Sync>,
    },
    /// A sheet cannot be read.
    #[error("sheet {sheet:?} cannot be read ({source})")]
    Sheet {
        /// The sheet's name.
        sheet: String,
        /// calamine's error.
        source: Box<dyn StdError + Send + Sync>,
    },
    /// A sheet's cells stop reading part-way.
    #[error("sheet {sheet:?} is damaged ({source})")]
    Cells {
        /// The sheet's name.
        sheet: String,
        /// calamine's error.
        source: Box<dyn StdError + Send + Sync>,
    },
    /// A sheet's merged cells cannot be read.
    #[error("the merged cells of sheet {sheet:?} cannot be read ({source})")]
    Merges {
        /// The sheet's name.
        sheet: String,
        /// calamine's error.
        source: Box<dyn StdError + Send + Sync>,
    },
    /// One sheet has more filled cells than the limit.
    #[error("sheet {sheet:?} has more than {limit} filled cells")]
    SheetTooBig {
        /// The sheet's name.
        sheet: String,
        /// The limit.
        limit: usize,
    },
    /// A delimited text (CSV) has more rows than the limit.
    #[error("more than {limit} rows")]
    TooManyRows {
        /// The limit (Excel's).
        limit: usize,
    },
    /// A row of a delimited text (CSV) has more fields than the limit.
    #[error("row {row} has more than {limit} fields")]
    TooManyColumns {
        /// The row, from 1.
        row: usize,
        /// The limit (Excel's).
        limit: usize,
    },
    /// The sheets together have more filled cells than the limit.
    #[error("the workbook has more than {limit} filled cells")]
    TooBig {
        /// The limit.
        limit: usize,
    },
    /// calamine panicked on the workbook (found by fuzzing): the panic's
    /// message (a caught panic has no error type).
    #[error("the workbook is malformed (the spreadsheet reader failed: {0})")]
    Malformed(String),
}

/// An OpenDocument text that cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OdtError {
    /// Its zip container.
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// A part that is not well-formed XML.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// The package has no content part.
    #[error("the content part content.xml is missing")]
    NoContent,
    /// The content has no text body.
    #[error("content.xml has no office:text body: not a text document")]
    NoBody,
}

/// A compound-file header (legacy XLS) that does not fit its file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CompoundError {
    /// Shorter than the 512-byte header.
    #[error("the compound-file header is truncated")]
    Truncated,
    /// A sector size that is neither 512 nor 4096 bytes.
    #[error("the compound-file header declares sectors of 2^{0} bytes")]
    SectorSize(u16),
    /// More sectors of one kind than the file has room for.
    #[error(
        "the compound-file header declares {declared} {what} sectors, but the file has room for {room} (a damaged \
         or mutated file)"
    )]
    Sectors {
        /// Sectors declared.
        declared: u64,
        /// Which kind of sector.
        what: &'static str,
        /// Sectors the file has room for.
        room: u64,
    },
}

/// A structural bound of a PDF, checked before it is read: decompression
/// bombs, page trees and form XObjects that loop or nest too deep.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfBound {
    /// One object stream inflates past the per-stream limit.
    #[error("an object stream inflates to more than {limit_mib} MiB (a decompression bomb?)")]
    ObjectStream {
        /// The limit in MiB.
        limit_mib: u64,
    },
    /// All object streams together inflate past the total limit.
    #[error("its object streams inflate to more than {limit_mib} MiB together")]
    ObjectStreams {
        /// The limit in MiB.
        limit_mib: u64,
    },
    /// One stream inflates past the per-stream limit.
    #[error("stream {object} {generation} inflates to more than {limit_mib} MiB (a decompression bomb?)")]
    Stream {
        /// Its object number.
        object: u32,
        /// Its generation.
        generation: u16,
        /// The limit in MiB.
        limit_mib: u64,
    },
    /// All streams together inflate past the total limit.
    #[error("its streams inflate to more than {limit_mib} MiB together")]
    Streams {
        /// The limit in MiB.
        limit_mib: u64,
    },
    /// A page's parents lead back to themselves.
    #[error("the page tree loops (page {0}'s parents lead back to themselves)")]
    PageTreeLoop(u32),
    /// The page tree is deeper than the limit.
    #[error("the page tree is more than {0} levels deep")]
    PageTreeDepth(usize),
    /// A form XObject draws itself, directly or through others.
    #[error("page {page}: form XObject {object} {generation} draws itself (a cycle)")]
    FormCycle {
        /// The page that draws it.
        page: u32,
        /// Its object number.
        object: u32,
        /// Its generation.
        generation: u16,
    },
    /// Form XObjects nest deeper than the limit.
    #[error("page {page}: form XObjects are nested more than {limit} deep")]
    FormDepth {
        /// The page that draws them.
        page: u32,
        /// The limit.
        limit: usize,
    },
}

/// A bound the content of a file exceeds: not a plan, or not one kehoach
/// reads in one piece.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Bound {
    /// A text line longer than the limit.
    #[error("line {line} is longer than {limit_mib} MiB: not plan text")]
    LineTooLong {
        /// 1-based line number.
        line: usize,
        /// The limit in MiB.
        limit_mib: usize,
    },
    /// More table cells in a text file than the limit.
    #[error("more than {limit} table cells: too large to be one plan")]
    TooManyCells {
        /// The limit.
        limit: usize,
    },
    /// A page image with more pixels than the limit.
    #[error(
        "an image of {width} × {height} pixels, more than the {limit_millions} million-pixel limit for a page scan"
    )]
    ImagePixels {
        /// Width in pixels.
        width: u64,
        /// Height in pixels.
        height: u64,
        /// The limit in millions of pixels.
        limit_millions: u64,
    },
    /// A multi-page TIFF with more pages than the limit.
    #[error("the TIFF file has more than {limit} pages; split it (e.g. `tiffsplit`) and convert the pages")]
    TiffPages {
        /// The limit.
        limit: usize,
    },
}
