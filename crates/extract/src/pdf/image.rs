//! Page images (PNG, JPEG, TIFF, PNM) as a backend: Tesseract's words and
//! rules become one page's glyphs and segments.

use super::scan::{ocr_note, ocr_page, place_ocr};
use super::PdfError;
use crate::layout::{self, PageContent};
use crate::model::{Block, Diagnostic};
use crate::ocr;
use crate::pixels;

/// Reads a page image (PNG, JPEG, PNM; TIFF with one or more pages) by OCR
/// into blocks, its boxes in points at 300 dpi.
pub(crate) fn read_image(
    bytes: &[u8],
    extension: &'static str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<Block>, PdfError> {
    // A PNG, JPEG or TIFF kehoach decodes gets what a scanned PDF page
    // gets: deskewing and the second look at table cells with ink but no
    // word. Boxes stay in points at 300 dpi whatever resolution the file
    // states (the report draws them on the image at that scale).
    let decoded: Option<Vec<(ocr::Gray, Option<u32>)>> = match extension {
        "png" => Some(vec![pixels::decode_png(bytes)?]),
        "jpg" => match pixels::decode_jpeg(bytes) {
            Ok(page) => Some(vec![page]),
            // Arithmetic-coded or lossless: Tesseract reads it as stored.
            Err(e) if e.unsupported_coding() => None,
            Err(e) => return Err(e.into()),
        },
        "tif" => crate::pixels::tiff_gray_pages(bytes),
        _ => None,
    };
    let version = ocr::available().map_err(|e| PdfError::ocr("the image", e))?;
    if let Some(decoded) = decoded {
        let scale = 72.0 / 300.0;
        let mut pages = Vec::with_capacity(decoded.len());
        for (number, (gray, dpi)) in (1..).zip(decoded) {
            let (width, height) = (gray.width as f64, gray.height as f64);
            let mut page =
                PageContent { number, width: width * scale, height: height * scale, ..PageContent::default() };
            let image =
                ocr::Image { bytes: gray.to_pgm(), extension: "pgm", dpi: Some(dpi.unwrap_or(300)), gray: Some(gray) };
            let what = || format!("page {number} of the image");
            let note = ocr_page(&mut page, image, (width, height), &version).map_err(|e| PdfError::ocr(&what(), e))?;
            diagnostics.push(note);
            pages.push(page);
        }
        return Ok(layout::blocks(pages, diagnostics));
    }
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
