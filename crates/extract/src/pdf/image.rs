//! Page images (PNG, JPEG, TIFF, PNM) as a backend: Tesseract's words and
//! rules become one page's glyphs and segments.

use super::scan::{ocr_note, place_ocr};
use super::PdfError;
use crate::layout::{self, PageContent};
use crate::model::{Block, Diagnostic};
use crate::ocr;

/// Reads a page image (PNG, JPEG, PNM; TIFF with one or more pages) by OCR
/// into blocks, at 300 dpi (72 points per inch).
pub(crate) fn read_image(
    bytes: &[u8],
    extension: &'static str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<Block>, PdfError> {
    let version = ocr::available().map_err(|e| PdfError::ocr("the image", e))?;
    let image = ocr::Image { bytes: bytes.to_vec(), extension, dpi: None, gray: None };
    let found = ocr::recognise(&image, ocr::Segmentation::Page).map_err(|e| PdfError::ocr("the image", e))?;
    let scale = 72.0 / 300.0;
    let mut pages = Vec::with_capacity(found.len());
    for (number, found) in (1..).zip(&found) {
        let right = found.words.iter().map(|w| w.left + w.width).fold(0.0, f64::max);
        let bottom = found.words.iter().map(|w| w.top + w.height).fold(0.0, f64::max);
        let mut page = PageContent {
            number,
            width: right * scale + 36.0,
            height: bottom * scale + 36.0,
            ..PageContent::default()
        };
        place_ocr(&mut page, found, scale, scale);
        diagnostics.push(ocr_note(&version, number, found));
        pages.push(page);
    }
    Ok(layout::blocks(pages, diagnostics))
}
