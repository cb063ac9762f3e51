//! PDF: the backend that turns a PDF's pages into positioned glyphs and
//! ruling lines for the layout stage (`crate::layout`).
//!
//! pdf-extract interprets each page's content stream and hands the output
//! device (`device`) every glyph with its position and size and every
//! stroked or filled path. A page without any text is a scanned page
//! (`scan`): its one image decoded or handed to Tesseract as stored, or
//! the page rendered in process (`raster`, the `hayro` renderer) when it is
//! more than one image or its codec is one kehoach does not decode; the
//! OCR words and the rules Tesseract found become the page's glyphs and
//! segments. Page images (PNG, JPEG, TIFF) take the same path
//! (`image`). Either way the layout stage rebuilds tables, paragraphs and
//! page furniture, knowing nothing of where the glyphs came from.
//!
//! pdf-extract can panic on unusual files: the reader runs under a panic
//! guard, counts glyphs and pages against bounds and stops at a time limit
//! (checked as glyphs arrive), and reports each as a damaged file.

mod deskew;
mod device;
mod glued;
mod image;
pub(crate) mod raster;
mod scan;

pub use device::PdfLimit;
pub(crate) use image::read_image;
pub use raster::RenderError;
pub use scan::{CcittProblem, ImageStorage, Jbig2Problem, ScanImageProblem};

use crate::layout::{self, PageContent};
use crate::model::{Block, Diagnostic};
use crate::ocr;
use device::Collector;
use std::time::Instant;

/// Pages beyond this are refused: no plan is that long.
const MAX_PAGES: usize = 5_000;

/// Why a PDF, or a page image, could not be read. The messages are
/// lower-case and name the page where one is at fault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// lopdf could not parse the file.
    #[error("not a readable PDF: {0}")]
    NotPdf(#[source] pdf_extract::Error),
    /// The file is encrypted.
    #[error("the PDF is encrypted; remove the password first (e.g. `qpdf --decrypt in.pdf out.pdf`)")]
    Encrypted,
    /// The page tree holds no page.
    #[error("the PDF has no pages (its page tree is empty or damaged)")]
    NoPages,
    /// More than [`MAX_PAGES`] pages.
    #[error("{0} pages, more than the {MAX_PAGES}-page limit")]
    TooManyPages(usize),
    /// A structural bound of `crate::bounds` (stream sizes, page-tree or
    /// form loops) was exceeded.
    #[error(transparent)]
    Bounds(#[from] crate::error::PdfBound),
    /// The output device stopped the interpreter at a bound.
    #[error(transparent)]
    Stopped(#[from] PdfLimit),
    /// pdf-extract returned an error.
    #[error("cannot interpret the PDF's content: {0}")]
    Interpret(#[source] pdf_extract::OutputError),
    /// pdf-extract panicked: the panic's message (a caught panic has no
    /// error type).
    #[error("the PDF library gave up on this file ({0})")]
    Panicked(String),
    /// A scanned page or image needs OCR, and Tesseract (or its Vietnamese
    /// data) is not installed.
    #[error(
        "{what} is a scanned image without text and needs OCR, but {why}: {hint}; or convert with --no-ocr to skip \
         scanned pages",
        hint = ocr::INSTALL_HINT
    )]
    NeedsOcr {
        /// The page(s) or image.
        what: String,
        /// Why OCR cannot run.
        why: ocr::OcrUnavailable,
    },
    /// Tesseract ran and failed.
    #[error("OCR of {what} failed: {why}")]
    OcrFailed {
        /// The page or image.
        what: String,
        /// What went wrong.
        why: ocr::OcrFailure,
    },
    /// A scanned page's image cannot be read.
    #[error("page {page}: {problem}")]
    Image {
        /// 1-based page number.
        page: u32,
        /// What is wrong with it.
        problem: ScanImageProblem,
    },
    /// The renderer failed on a page.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A page image file (PNG, JPEG) is damaged.
    #[error(transparent)]
    Decode(#[from] crate::pixels::ImageDecodeError),
}

impl PdfError {
    /// The error for a file that needs OCR it cannot get.
    fn ocr(what: &str, error: ocr::OcrError) -> PdfError {
        match error {
            ocr::OcrError::Missing(why) => PdfError::NeedsOcr { what: what.to_string(), why },
            ocr::OcrError::Failed(why) => PdfError::OcrFailed { what: what.to_string(), why },
        }
    }
}

/// Reads a PDF's text layer into blocks; pages that are scanned images
/// without text are recognised by OCR when `ocr` is set.
pub(crate) fn read(bytes: &[u8], ocr: bool, diagnostics: &mut Vec<Diagnostic>) -> Result<Vec<Block>, PdfError> {
    let started = Instant::now();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| interpret(bytes, started)));
    let (doc, mut pages) = match outcome {
        Ok(read) => read?,
        Err(payload) => return Err(PdfError::Panicked(crate::panic_message(payload.as_ref()))),
    };
    scan::scanned_pages(&doc, bytes, &mut pages, ocr, diagnostics)?;
    Ok(layout::blocks(pages, diagnostics))
}

/// Runs pdf-extract over the document, collecting each page's glyphs and
/// ruling segments.
fn interpret(bytes: &[u8], started: Instant) -> Result<(pdf_extract::Document, Vec<PageContent>), PdfError> {
    let doc = pdf_extract::Document::load_mem(bytes).map_err(PdfError::NotPdf)?;
    if doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    if pages.len() > MAX_PAGES {
        return Err(PdfError::TooManyPages(pages.len()));
    }
    crate::bounds::check_pdf(&doc).map_err(PdfError::Bounds)?;
    let mut device = Collector::new(started);
    match pdf_extract::output_doc(&doc, &mut device) {
        Ok(()) => Ok((doc, device.pages)),
        Err(e) => Err(match device.stop {
            Some(stop) => stop.into(),
            None => PdfError::Interpret(e),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF of `objects` (numbered from 1; object 1 the catalog)
    /// with a correct cross-reference table.
    fn pdf(objects: &[String]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (k, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{body}\nendobj\n", k + 1).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for at in offsets {
            out.extend(format!("{at:010} 00000 n \n").bytes());
        }
        out.extend(
            format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).bytes(),
        );
        out
    }

    fn stream(data: &str) -> String {
        format!("<< /Length {} >>\nstream\n{data}\nendstream", data.len())
    }

    /// A CID font's widths in the range form "c_first c_last w" (what
    /// Chromium's PDFs write, with /DW 0) place each glyph after the one
    /// before: "abc" at 20, 25 and 30 pt for 500/1000 of 10 pt. pdf-extract
    /// as published read the range as empty, so all three stood at 20 and
    /// text came out of order (unseen10's Chromium PDF).
    #[test]
    fn a_cid_fonts_width_ranges_advance_its_glyphs() {
        let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
            /CMapName /Test def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            3 beginbfchar <0001> <0061> <0002> <0062> <0003> <0063> endbfchar\n\
            endcmap CMapName currentdict /CMap defineresource pop end end";
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
                .to_string(),
            stream("BT /F1 10 Tf 1 0 0 1 20 100 Tm <000100020003> Tj ET"),
            "<< /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 8 0 R >>"
                .to_string(),
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test /CIDToGIDMap /Identity \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R \
             /DW 0 /W [1 3 500] >>"
                .to_string(),
            "<< /Type /FontDescriptor /FontName /Test /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 \
             /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>"
                .to_string(),
            stream(cmap),
        ];
        let (_, pages) = interpret(&pdf(&objects), Instant::now()).expect("the PDF reads");
        let glyphs: Vec<(String, f64)> =
            pages[0].glyphs.iter().map(|g| (g.text.clone(), (g.x * 10.0).round() / 10.0)).collect();
        assert_eq!(glyphs, [("a".to_string(), 20.0), ("b".to_string(), 25.0), ("c".to_string(), 30.0)]);
    }
}
