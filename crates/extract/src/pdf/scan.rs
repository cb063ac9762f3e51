//! Scanned pages: a PDF page without any glyph is blank (noted) or a
//! scanned image, which is handed to Tesseract as stored (JPEG, Flate gray
//! or bilevel) or, in any other codec, rendered by `pdftoppm`. OCR words
//! and the ruling lines Tesseract found become the page's glyphs and
//! segments, in points, for the layout stage.

use super::PdfError;
use crate::layout::{Glyph, PageContent, Segment};
use crate::model::{Diagnostic, Level, Location};
use crate::ocr;
use crate::Code;

/// × the page's word height: a dash-like OCR "word" taller than this is a
/// vertical rule read as text, not a dash.
const RULE_AS_TEXT: f64 = 1.5;
/// × the page's word height: OCR baselines (the bottom of the word boxes)
/// are raised by this to where a text layer would put the baseline, so the
/// layout tolerances hold for both.
const BASELINE_RAISE: f64 = 0.15;

pub(crate) fn ocr_note(version: &str, page: u32, found: &ocr::Page) -> Diagnostic {
    Diagnostic::new(
        Level::Info,
        Code::Ocr,
        format!(
            "page {page} was read by OCR ({version}, Vietnamese): {} words, mean confidence {:.0}%",
            found.words.len(),
            found.confidence()
        ),
        Some(Location { page: Some(page), ..Location::default() }),
    )
}

/// Pages without any glyph: blank (noted), or scanned images (recognised
/// by OCR, or reported when OCR is off).
pub(crate) fn scanned_pages(
    doc: &pdf_extract::Document,
    bytes: &[u8],
    pages: &mut [PageContent],
    ocr: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), PdfError> {
    let ids = doc.get_pages();
    let mut scanned = Vec::new();
    let mut blank = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        if page.glyphs.iter().any(|g| !g.text.trim().is_empty()) {
            continue;
        }
        let images = ids.get(&page.number).and_then(|id| doc.get_page_images(*id).ok()).unwrap_or_default();
        if images.is_empty() {
            blank.push(page.number);
        } else {
            scanned.push(index);
        }
    }
    let list = |numbers: &[u32]| numbers.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    if !blank.is_empty() {
        diagnostics.push(Diagnostic::new(
            Level::Info,
            Code::PdfBlankPage,
            format!("page(s) {} have no text and no image", list(&blank)),
            None,
        ));
    }
    if scanned.is_empty() {
        return Ok(());
    }
    let numbers: Vec<u32> = scanned.iter().map(|&i| pages[i].number).collect();
    if !ocr {
        diagnostics.push(Diagnostic::new(
            Level::Warning,
            Code::PdfNoTextLayer,
            format!("page(s) {} are scanned images without text; OCR is off (--no-ocr), so their content is not in the output", list(&numbers)),
            None,
        ));
        return Ok(());
    }
    let what = format!("page(s) {}", list(&numbers));
    let version = ocr::available().map_err(|e| PdfError::ocr(&what, e))?;
    for index in scanned {
        let page = &mut pages[index];
        let id = ids[&page.number];
        // An image stored in a codec kehoach does not hand to OCR as it is
        // (CCITT, JBIG2, JPX, predictors, …): the page rendered by pdftoppm.
        let image = match page_image(doc, id, page) {
            Err(ScanImageProblem::Unsupported(what)) => match super::raster::render(bytes, page.number)? {
                Some(image) => {
                    let (w, h) = image.gray.as_ref().map_or((1, 1), |g| (g.width, g.height));
                    (image, w as f64, h as f64)
                }
                None => {
                    return Err(PdfError::Image { page: page.number, problem: ScanImageProblem::Unsupported(what) })
                }
            },
            other => other.map_err(|problem| PdfError::Image { page: page.number, problem })?,
        };
        let (width, height) = (image.1, image.2);
        let found = ocr::recognise(&image.0).map_err(|e| PdfError::ocr(&format!("page {}", page.number), e))?;
        place_ocr(page, &found, page.width / width, page.height / height);
        diagnostics.push(ocr_note(&version, page.number, &found));
    }
    Ok(())
}

/// What is wrong with a scanned page's image.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScanImageProblem {
    /// lopdf could not read the page's images.
    #[error("cannot read its image: {0}")]
    Unreadable(String),
    /// The page has no image.
    #[error("no image")]
    Missing,
    /// The image's size is no page scan's.
    #[error("an image of {0} × {1} pixels is not a page scan kehoach reads")]
    Size(i64, i64),
    /// The image is stored in a way kehoach does not decode (and `pdftoppm`
    /// is not there to render the page).
    #[error(
        "the scanned image is stored as {0}, which kehoach cannot hand to OCR as stored; install poppler-utils \
         (pdftoppm) and kehoach renders such pages itself, or rasterize the PDF first (`pdftoppm -r 300 -png in.pdf \
         page`)"
    )]
    Unsupported(String),
    /// The image's data is damaged.
    #[error("the scanned image is damaged ({0})")]
    Damaged(std::io::Error),
    /// The image has fewer bytes than its size needs.
    #[error("the scanned image has {0} bytes, {1} expected")]
    Short(usize, usize),
}

/// The largest image of a page, in a format Tesseract reads, with its size
/// in pixels. The image is taken to cover the whole page (a scan).
fn page_image(
    doc: &pdf_extract::Document,
    id: pdf_extract::ObjectId,
    page: &PageContent,
) -> Result<(ocr::Image, f64, f64), ScanImageProblem> {
    let images = doc.get_page_images(id).map_err(|e| ScanImageProblem::Unreadable(e.to_string()))?;
    let image = images.iter().max_by_key(|i| i.width.saturating_mul(i.height)).ok_or(ScanImageProblem::Missing)?;
    let (w, h) = (image.width, image.height);
    if w <= 0 || h <= 0 || w > 20_000 || h > 20_000 {
        return Err(ScanImageProblem::Size(w, h));
    }
    let dpi = Some(((w as f64) / (page.width / 72.0)).round().clamp(30.0, 2400.0) as u32);
    let filters: Vec<&str> = image.filters.iter().flatten().map(String::as_str).collect();
    let unsupported = ScanImageProblem::Unsupported;
    if image.origin_dict.get(b"DecodeParms").is_ok() && matches!(filters.as_slice(), ["FlateDecode"] | ["LZWDecode"]) {
        return Err(unsupported("a predictor-coded stream".into()));
    }
    match filters.as_slice() {
        ["DCTDecode"] => {
            Ok((ocr::Image { bytes: image.content.to_vec(), extension: "jpg", dpi, gray: None }, w as f64, h as f64))
        }
        ["FlateDecode"] | [] => {
            let bits = image.bits_per_component.unwrap_or(8);
            let components = match image.color_space.as_deref() {
                Some("DeviceGray") | Some("CalGray") => 1,
                Some("DeviceRGB") | Some("CalRGB") => 3,
                other => return Err(unsupported(format!("colour space {}", other.unwrap_or("none")))),
            };
            let row = if bits == 1 && components == 1 { (w as usize).div_ceil(8) } else { w as usize * components };
            if bits != 8 && !(bits == 1 && components == 1) {
                return Err(unsupported(format!("{bits}-bit samples")));
            }
            let expected = row * h as usize;
            let raw = if filters.is_empty() {
                image.content.to_vec()
            } else {
                inflate(image.content, expected).map_err(ScanImageProblem::Damaged)?
            };
            if raw.len() < expected {
                return Err(ScanImageProblem::Short(raw.len(), expected));
            }
            let (magic, extension, max) = match (bits, components) {
                (1, _) => ("P4", "pbm", ""),
                (_, 1) => ("P5", "pgm", "255\n"),
                _ => ("P6", "ppm", "255\n"),
            };
            let mut bytes = format!("{magic}\n{w} {h}\n{max}").into_bytes();
            if bits == 1 {
                // PDF gray: 0 is black; PBM: 1 is black.
                bytes.extend(raw[..expected].iter().map(|b| !b));
            } else {
                bytes.extend_from_slice(&raw[..expected]);
            }
            let gray = (bits == 8 && components == 1).then(|| ocr::Gray {
                width: w as usize,
                height: h as usize,
                pixels: raw[..expected].to_vec(),
            });
            Ok((ocr::Image { bytes, extension, dpi, gray }, w as f64, h as f64))
        }
        other => Err(unsupported(other.join(" + "))),
    }
}

/// Inflates a zlib stream, refusing more than `limit` bytes (+1 KiB).
fn inflate(data: &[u8], limit: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::with_capacity(limit.min(64 << 20));
    flate2::read::ZlibDecoder::new(data).take(limit as u64 + 1024).read_to_end(&mut out)?;
    Ok(out)
}

/// Puts OCR words (as glyphs) and ruling lines (as segments) on a page,
/// scaling image pixels to points.
pub(crate) fn place_ocr(page: &mut PageContent, found: &ocr::Page, sx: f64, sy: f64) {
    page.ocr = true;
    // One size for the page: the median word height, so that thresholds do
    // not follow each word's accents.
    let mut heights: Vec<f64> = found.words.iter().map(|w| w.height * sy).collect();
    heights.sort_by(f64::total_cmp);
    let size = heights.get(heights.len() / 2).copied().unwrap_or(10.0).max(1.0);
    // One baseline per Tesseract line (the median of its words' bottoms), so
    // that descenders and stacked accents do not split a line.
    let mut bottoms: std::collections::HashMap<(u32, u32, u32), Vec<f64>> = Default::default();
    for w in &found.words {
        bottoms.entry(w.line).or_default().push(w.top + w.height);
    }
    let baseline: std::collections::HashMap<(u32, u32, u32), f64> = bottoms
        .into_iter()
        .map(|(line, mut b)| {
            b.sort_by(f64::total_cmp);
            (line, b[b.len() / 2])
        })
        .collect();
    for w in &found.words {
        // Rules read as letters: a lone "|", or "|"/"_" stuck to a word.
        let text: String = w.text.chars().filter(|c| !c.is_control()).collect();
        let text = text.trim_matches(|c| matches!(c, '|' | '_'));
        if text.is_empty()
            || (text.chars().all(|c| matches!(c, '—' | '-' | '–' | '[' | ']' | '!'))
                && w.height * sy > size * RULE_AS_TEXT)
        {
            continue;
        }
        page.glyphs.push(Glyph {
            x: w.left * sx,
            y: baseline.get(&w.line).copied().unwrap_or(w.top + w.height) * sy - size * BASELINE_RAISE,
            width: w.width * sx,
            size,
            text: text.to_string(),
        });
    }
    for &(left, top, width, height) in &found.rules {
        if width >= height {
            let at = (top + height / 2.0) * sy;
            page.horizontal.push(Segment { at, from: left * sx, to: (left + width) * sx });
        } else {
            let at = (left + width / 2.0) * sx;
            page.vertical.push(Segment { at, from: top * sy, to: (top + height) * sy });
        }
    }
}
