//! Scanned pages: a PDF page without any glyph is blank (noted) or a
//! scan. A page that is one image is decoded to gray (JPEG, CCITT fax,
//! JBIG2, Flate gray) or handed to Tesseract as stored (Flate bilevel or
//! RGB); a page in any other codec, or drawn from several images (strips,
//! inline images, form XObjects, inherited resources), is rendered by the
//! in-process renderer (`raster`). OCR words
//! and the ruling lines Tesseract found become the page's glyphs and
//! segments, in points, for the layout stage.

use super::raster::{self, Renderer};
use super::{deskew, glued, PdfError};
use crate::layout::{self, Glyph, PageContent, Segment};
use crate::model::{Diagnostic, Level, Location};
use crate::ocr;
use crate::Code;
use kehoach_vi::roman::value as roman_value;

/// × the page's word height: a dash-like OCR "word" taller than this is a
/// vertical rule read as text, not a dash.
const RULE_AS_TEXT: f64 = 1.5;
/// × the page's word height: OCR baselines (the bottom of the word boxes)
/// are raised by this to where a text layer would put the baseline, so the
/// layout tolerances hold for both.
const BASELINE_RAISE: f64 = 0.15;
/// Inches: the band inside a cell's rules left out when looking for ink
/// in an empty cell (rules are up to about 1/100 inch thick and may lean).
const CELL_INSET_INCHES: f64 = 0.02;
/// Dark pixels (at 300 dpi) an empty cell must hold to be read again: less
/// than the smallest digit, more than scanner specks.
const MIN_CELL_INK: f64 = 40.0;
/// Tesseract's confidence (0–100) a word found in a cell read again must
/// reach: specks and rule ends come back as low-confidence marks.
const SECOND_LOOK_CONFIDENCE: f64 = 60.0;

/// A page scanned under this resolution is enlarged (bilinear, by a whole
/// factor, to at least this) before it is read, and so is a cell cut out
/// of it to be read again: Tesseract reads small text best at about
/// 300 dpi, and a row number alone in its column of a 150-dpi scan is ~15
/// pixels high.
const SECOND_LOOK_DPI: u32 = 200;
/// Tesseract's confidence (0–100) a word of the page pass must reach to be
/// kept beside a sparse pass's words where those have none.
const SPARSE_EXTRA_CONFIDENCE: f64 = 80.0;
/// × the page's word height: ink this far apart (or nearer) is one mark.
const LONE_MARK_GAP: f64 = 0.3;
/// × the page's word height: the least and most height of a lone mark.
const LONE_MARK_HEIGHT: (f64, f64) = (0.5, 1.6);
/// × the page's word height: the most width of a lone mark (a few letters).
const LONE_MARK_WIDTH: f64 = 3.0;
/// The most lone marks read again on a page (each is a Tesseract run).
const MAX_LONE_MARKS: usize = 60;
/// The most a page is enlarged (a 50-dpi page to 200 dpi): beyond, the
/// image grows without a letter gaining a stroke.
const MAX_ENLARGEMENT: u32 = 4;
/// × the page's word height: the widest gap between a word and the word
/// it follows on its line (a space; a cell's edge is wider).
const WORD_BEFORE_GAP: f64 = 1.0;
/// × the page's word height: the most a wrapped line of a cell stands
/// below the line before (top to top).
const WRAPPED_LINE_RISE: f64 = 2.5;

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
    // Loaded only for a page that is not one image listed on the page itself.
    let mut renderer: Option<Renderer> = None;
    let mut scanned = Vec::new();
    let mut blank = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        if page.glyphs.iter().any(|g| !g.text.trim().is_empty()) {
            continue;
        }
        let listed = ids.get(&page.number).and_then(|id| doc.get_page_images(*id).ok()).map_or(0, |i| i.len());
        if listed == 1 {
            scanned.push((index, Source::Stored));
            continue;
        }
        // None or several on the page itself: what the page draws (inline
        // images, form XObjects, inherited resources, strips), as the
        // renderer sees it.
        let drawn = loaded(&mut renderer, bytes)?.drawn(page.number)?;
        if drawn.images == 0 {
            blank.push(page.number);
        } else {
            scanned.push((index, Source::Render(raster::resolution(drawn))));
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
    let numbers: Vec<u32> = scanned.iter().map(|&(i, _)| pages[i].number).collect();
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
    for (index, source) in scanned {
        let page = &mut pages[index];
        let id = ids[&page.number];
        // One image in a codec kehoach decodes: decoded here. Any other
        // (JPEG 2000, predictors, indexed colour, …), or a page that is more
        // than one image: the page rendered.
        let decoded = match source {
            Source::Stored => match page_image(doc, id, page) {
                Err(ScanImageProblem::Unsupported(_)) => None,
                other => Some(other.map_err(|problem| PdfError::Image { page: page.number, problem })?),
            },
            Source::Render(_) => None,
        };
        let image = match decoded {
            Some(image) => image,
            None => {
                let renderer = loaded(&mut renderer, bytes)?;
                let dpi = match source {
                    Source::Render(dpi) => dpi,
                    Source::Stored => raster::resolution(renderer.drawn(page.number)?),
                };
                let image = renderer.render(page.number, dpi)?;
                let (w, h) = image.gray.as_ref().map_or((1, 1), |g| (g.width, g.height));
                // Upright as displayed (a /Rotate page turned): the page's
                // size is the rendering's.
                let scale = 72.0 / f64::from(image.dpi.unwrap_or(raster::DPI));
                (page.width, page.height) = (w as f64 * scale, h as f64 * scale);
                (image, w as f64, h as f64)
            }
        };
        let number = page.number;
        let note = ocr_page(page, image.0, (image.1, image.2), &version)
            .map_err(|e| PdfError::ocr(&format!("page {number}"), e))?;
        diagnostics.push(note);
    }
    Ok(())
}

/// The document loaded for rendering, once, on first need.
fn loaded<'a>(slot: &'a mut Option<Renderer>, bytes: &[u8]) -> Result<&'a Renderer, PdfError> {
    match slot {
        Some(renderer) => Ok(renderer),
        None => Ok(slot.insert(Renderer::load(bytes)?)),
    }
}

/// Where a scanned page's image comes from.
#[derive(Clone, Copy)]
enum Source {
    /// The one image the page lists, decoded here where its codec allows.
    Stored,
    /// The page rendered at this resolution: it is more than one image, or
    /// its image is not listed on the page itself.
    Render(f64),
}

/// Recognises one page image onto `page` (whose size in points is set),
/// `width` × `height` pixels: turned straight first where its pixels are
/// held and it was fed in askew, its words and rules placed, and the table
/// cells with ink but no word read again. Returns the page's `ocr` note.
pub(crate) fn ocr_page(
    page: &mut PageContent,
    mut image: ocr::Image,
    (width, height): (f64, f64),
    version: &str,
) -> Result<Diagnostic, ocr::OcrError> {
    // A bilevel page (fax, JBIG2, a 1-bit TIFF) is softened first.
    if let Some(gray) = image.gray.take_if(|g| bilevel(g)) {
        let soft = soften(gray);
        image = ocr::Image { bytes: soft.to_pgm(), extension: "pgm", dpi: image.dpi, gray: Some(soft) };
    }
    // Same size once straight, so the scale to points holds.
    let slant = image.gray.as_ref().and_then(deskew::skew);
    if let (Some(angle), Some(gray)) = (slant, &image.gray) {
        let straight = deskew::rotate(gray, angle);
        image = ocr::Image { bytes: straight.to_pgm(), extension: "pgm", dpi: image.dpi, gray: Some(straight) };
    }
    // A page scanned under SECOND_LOOK_DPI is read enlarged, as its cells are.
    let (mut width, mut height, mut enlarged) = (width, height, 1);
    if let (Some(dpi), Some(gray)) = (image.dpi.filter(|&d| d < SECOND_LOOK_DPI), &image.gray) {
        let factor = SECOND_LOOK_DPI.div_ceil(dpi.max(1)).min(MAX_ENLARGEMENT);
        enlarged = factor;
        let big = gray.enlarged(factor as usize);
        (width, height) = (width * f64::from(factor), height * f64::from(factor));
        image = ocr::Image { bytes: big.to_pgm(), extension: "pgm", dpi: Some(dpi * factor), gray: Some(big) };
    }
    let mut found = ocr::recognise(&image, ocr::Segmentation::Page)?.into_iter().next().unwrap_or_default();
    // The page's ink threshold, once: for the rules, the cells read again
    // and the lone marks.
    let ink = image.gray.as_ref().map(|gray| (gray, gray.ink_threshold()));
    if let Some((gray, below)) = ink {
        found.rules = ocr::checked_rules(&found.rules, gray, below);
    }
    let (sx, sy) = (page.width / width, page.height / height);
    // The rules as the page's segments, once: whether they make a table, and
    // then the page's own.
    let (horizontal, vertical) = (segments(&found.rules, (sx, sy), true), segments(&found.rules, (sx, sy), false));
    let grids = layout::find_grids(horizontal.clone(), vertical.clone());
    let sparse = grids.is_empty() && !found.words.is_empty();
    if sparse {
        let words = ocr::recognise(&image, ocr::Segmentation::Sparse)?.into_iter().next().unwrap_or_default();
        found = with_sparse_words(found, words);
    }
    // The grids of the page's segments: the OCR rules' own, unless the page
    // drew lines of its own too.
    let grids = if page.horizontal.is_empty() && page.vertical.is_empty() {
        grids
    } else {
        let mut h = page.horizontal.clone();
        let mut v = page.vertical.clone();
        h.extend(horizontal.iter().cloned());
        v.extend(vertical.iter().cloned());
        layout::find_grids(h, v)
    };
    let size = place_words_of(page, &found, (horizontal, vertical), (sx, sy));
    let mut note = ocr_note(version, page.number, &found);
    if let Some(angle) = slant {
        note.message.push_str(&format!("; deskewed by {angle:.1}°"));
    }
    if enlarged > 1 {
        note.message.push_str(&format!("; read enlarged {enlarged}×"));
    }
    if sparse {
        note.message.push_str("; no ruled table, so read again word by word");
    }
    if let (Some((gray, below)), Some(dpi)) = (ink, image.dpi) {
        let cells = second_look(page, &grids, (gray, below), dpi, (sx, sy), size)?;
        if cells > 0 {
            note.message.push_str(&format!("; {cells} table cell(s) with ink but no word read again on their own"));
        }
        if sparse {
            let marks = lone_marks(page, (gray, below), dpi, &found, (sx, sy), size)?;
            if marks > 0 {
                note.message.push_str(&format!("; {marks} mark(s) of ink outside every word read on their own"));
            }
        }
    }
    Ok(note)
}

/// How a scanned image is stored, when kehoach cannot hand it to OCR as
/// stored (the names are the PDF's own).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImageStorage {
    /// A Flate or LZW stream with a predictor.
    #[error("a predictor-coded stream")]
    Predictor,
    /// A colour space other than gray or RGB (its name, if any).
    #[error("colour space {}", .0.as_deref().unwrap_or("none"))]
    ColourSpace(Option<String>),
    /// Samples of this many bits (8, and 1 for gray, are read).
    #[error("{0}-bit samples")]
    Bits(i64),
    /// CCITT fax coding the decoder does not read (what of it).
    #[error("CCITTFaxDecode ({0})")]
    Ccitt(CcittProblem),
    /// JBIG2 the decoder does not read (why).
    #[error("JBIG2Decode ({0})")]
    Jbig2(Jbig2Problem),
    /// A chain of filters (JPEG 2000, …).
    #[error("{}", .0.join(" + "))]
    Filters(Vec<String>),
}

/// What of a CCITT fax image kehoach's decoder does not read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CcittProblem {
    /// `/Columns` is not the image's width (or either is over 65,535).
    #[error("{columns} columns in a {width}-pixel-wide image")]
    Columns {
        /// The stated columns.
        columns: i64,
        /// The image's width.
        width: usize,
    },
    /// `/EncodedByteAlign`: rows padded to whole bytes.
    #[error("byte-aligned rows")]
    ByteAligned,
    /// Group 3 with two-dimensional rows (`/K` above 0).
    #[error("mixed one- and two-dimensional coding, K={0}")]
    Mixed(i64),
    /// The data decodes to fewer rows than the image has.
    #[error("data that decodes to {rows} of {height} rows")]
    Short {
        /// Rows decoded.
        rows: usize,
        /// The image's height.
        height: usize,
    },
}

/// Why kehoach's decoder did not read a JBIG2 image.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Jbig2Problem {
    /// `/JBIG2Globals` is no stream.
    #[error("its shared symbols (/JBIG2Globals) are missing")]
    Globals,
    /// `hayro-jbig2` rejected the data.
    #[error("{0}")]
    Decode(#[source] hayro_jbig2::DecodeError),
    /// The coded page is not the image's size (width × height).
    #[error("a coded page of {} × {} pixels in an image of {} × {}", coded.0, coded.1, image.0, image.1)]
    Size {
        /// The coded (or decoded) size.
        coded: (usize, usize),
        /// The image's size.
        image: (usize, usize),
    },
}

/// What is wrong with a scanned page's image.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScanImageProblem {
    /// lopdf could not read the page's images.
    #[error("cannot read its image: {0}")]
    Unreadable(#[source] pdf_extract::Error),
    /// The page has no image.
    #[error("no image")]
    Missing,
    /// The image's size is no page scan's.
    #[error("an image of {0} × {1} pixels is not a page scan kehoach reads")]
    Size(i64, i64),
    /// The image is stored in a way kehoach does not decode itself: the
    /// page goes to the renderer (`raster`), so this is never the final word.
    #[error("the scanned image is stored as {0}, which kehoach does not decode itself")]
    Unsupported(ImageStorage),
    /// The image's data is damaged.
    #[error("the scanned image is damaged ({0})")]
    Damaged(std::io::Error),
    /// The image's JPEG data is damaged.
    #[error("the scanned image is damaged ({0})")]
    Decode(#[source] crate::pixels::ImageDecodeError),
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
    let images = doc.get_page_images(id).map_err(ScanImageProblem::Unreadable)?;
    let image = images.iter().max_by_key(|i| i.width.saturating_mul(i.height)).ok_or(ScanImageProblem::Missing)?;
    let (w, h) = (image.width, image.height);
    if w <= 0 || h <= 0 || w > 20_000 || h > 20_000 {
        return Err(ScanImageProblem::Size(w, h));
    }
    let dpi = Some(((w as f64) / (page.width / 72.0)).round().clamp(30.0, 2400.0) as u32);
    let filters: Vec<&str> = image.filters.iter().flatten().map(String::as_str).collect();
    let unsupported = ScanImageProblem::Unsupported;
    if image.origin_dict.get(b"DecodeParms").is_ok() && matches!(filters.as_slice(), ["FlateDecode"] | ["LZWDecode"]) {
        return Err(unsupported(ImageStorage::Predictor));
    }
    match filters.as_slice() {
        // Decoded, so that the page gets deskewing and the second look;
        // in a coding the decoder does not read, handed over as stored.
        ["DCTDecode"] => match crate::pixels::decode_jpeg(image.content) {
            Ok((gray, _)) => {
                let (w, h) = (gray.width as f64, gray.height as f64);
                Ok((ocr::Image { bytes: gray.to_pgm(), extension: "pgm", dpi, gray: Some(gray) }, w, h))
            }
            Err(e) if e.unsupported_coding() => Ok((
                ocr::Image { bytes: image.content.to_vec(), extension: "jpg", dpi, gray: None },
                w as f64,
                h as f64,
            )),
            Err(e) => Err(ScanImageProblem::Decode(e)),
        },
        // Bilevel fax coding as office scanners and `tiff2pdf` store it:
        // decoded here, so that no renderer is needed and the page gets
        // deskewing and the second look.
        ["CCITTFaxDecode"] => {
            let gray = decode_ccitt(image.content, image.origin_dict, (w as usize, h as usize))
                .map_err(|reason| unsupported(ImageStorage::Ccitt(reason)))?;
            Ok((ocr::Image { bytes: gray.to_pgm(), extension: "pgm", dpi, gray: Some(gray) }, w as f64, h as f64))
        }
        // JBIG2, what many office scanners store for a "high compression"
        // PDF: decoded by `hayro-jbig2`, with the document's shared symbols.
        ["JBIG2Decode"] => {
            let gray = decode_jbig2(doc, image.content, image.origin_dict, (w as usize, h as usize))
                .map_err(|problem| unsupported(ImageStorage::Jbig2(problem)))?;
            Ok((ocr::Image { bytes: gray.to_pgm(), extension: "pgm", dpi, gray: Some(gray) }, w as f64, h as f64))
        }
        ["FlateDecode"] | [] => {
            let bits = image.bits_per_component.unwrap_or(8);
            let components = match image.color_space.as_deref() {
                Some("DeviceGray") | Some("CalGray") => 1,
                Some("DeviceRGB") | Some("CalRGB") => 3,
                other => return Err(unsupported(ImageStorage::ColourSpace(other.map(str::to_string)))),
            };
            let row = if bits == 1 && components == 1 { (w as usize).div_ceil(8) } else { w as usize * components };
            if bits != 8 && !(bits == 1 && components == 1) {
                return Err(unsupported(ImageStorage::Bits(bits)));
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
        other => Err(unsupported(ImageStorage::Filters(other.iter().map(|f| f.to_string()).collect()))),
    }
}

/// Decodes a CCITT fax image (`/CCITTFaxDecode`, PDF 1.7 § 7.4.6) of
/// `width` × `height` pixels to gray (0 black, 255 white): Group 4 (`/K`
/// below 0) and one-dimensional Group 3 (`/K 0`), by the `fax` crate.
/// `Err` names what it does not decode, for the renderer to draw.
fn decode_ccitt(
    data: &[u8],
    dict: &pdf_extract::Dictionary,
    (width, height): (usize, usize),
) -> Result<ocr::Gray, CcittProblem> {
    let parms = parms(dict);
    let int =
        |key: &[u8], default: i64| parms.and_then(|d| d.get(key).ok()).and_then(|v| v.as_i64().ok()).unwrap_or(default);
    let flag = |key: &[u8]| parms.and_then(|d| d.get(key).ok()).and_then(|v| v.as_bool().ok()).unwrap_or(false);
    let k = int(b"K", 0);
    let columns = int(b"Columns", 1728);
    if columns != width as i64 || width > usize::from(u16::MAX) || height > usize::from(u16::MAX) {
        return Err(CcittProblem::Columns { columns, width });
    }
    if flag(b"EncodedByteAlign") {
        return Err(CcittProblem::ByteAligned);
    }
    // A decoded black run is sample 1 with /BlackIs1, else sample 0; the
    // sample goes through /Decode (default [0 1]: 0 is black). An image
    // mask paints where its sample is 0 (under the default /Decode).
    let inverted = inverted(dict);
    let black_sample = u8::from(flag(b"BlackIs1"));
    let ink = |sample: u8| (sample == 0) != inverted;
    let (black, white) = if ink(black_sample) { (0u8, 255u8) } else { (255, 0) };
    let mut pixels = Vec::with_capacity(width * height);
    let line = |transitions: &[u16]| {
        if pixels.len() < width * height {
            pixels.extend(fax::decoder::pels(transitions, width as u16).map(|c| match c {
                fax::Color::Black => black,
                fax::Color::White => white,
            }));
        }
    };
    let bytes = data.iter().copied();
    let decoded = match k {
        ..0 => fax::decoder::decode_g4(bytes, width as u16, Some(height as u16), line),
        0 => fax::decoder::decode_g3(bytes, line),
        _ => return Err(CcittProblem::Mixed(k)),
    };
    if decoded.is_none() || pixels.len() < width * height {
        return Err(CcittProblem::Short { rows: pixels.len() / width.max(1), height });
    }
    Ok(ocr::Gray { width, height, pixels })
}

/// Decodes a JBIG2 image (`/JBIG2Decode`, PDF 1.7 § 7.4.7: the embedded
/// organisation, with `/JBIG2Globals` from `/DecodeParms`) of `width` ×
/// `height` pixels to gray.
fn decode_jbig2(
    doc: &pdf_extract::Document,
    data: &[u8],
    dict: &pdf_extract::Dictionary,
    (width, height): (usize, usize),
) -> Result<ocr::Gray, Jbig2Problem> {
    let settings = hayro_jbig2::DecodeSettings::default();
    let globals = match parms(dict).and_then(|p| p.get(b"JBIG2Globals").ok()) {
        Some(reference) => {
            let stream = reference
                .as_reference()
                .and_then(|id| doc.get_object(id))
                .and_then(|o| o.as_stream())
                .map_err(|_| Jbig2Problem::Globals)?;
            let bytes = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
            Some(hayro_jbig2::Globals::new(&bytes, &settings).map_err(Jbig2Problem::Decode)?)
        }
        None => None,
    };
    let page = hayro_jbig2::Page::new_embedded(data, globals.as_ref(), &settings).map_err(Jbig2Problem::Decode)?;
    let size = (page.width() as usize, page.height() as usize);
    if size != (width, height) {
        return Err(Jbig2Problem::Size { coded: size, image: (width, height) });
    }
    // The filter's output is PDF's: 0 black, unless /Decode turns it over.
    let (black, white) = if inverted(dict) { (255u8, 0u8) } else { (0, 255) };
    struct Pixels {
        pixels: Vec<u8>,
        black: u8,
        white: u8,
        limit: usize,
    }
    impl hayro_jbig2::Decoder for Pixels {
        fn push_pixel(&mut self, black: bool) {
            if self.pixels.len() < self.limit {
                self.pixels.push(if black { self.black } else { self.white });
            }
        }
        fn push_pixel_chunk(&mut self, black: bool, chunk_count: u32) {
            let n = (chunk_count as usize * 8).min(self.limit - self.pixels.len());
            let value = if black { self.black } else { self.white };
            self.pixels.extend(std::iter::repeat_n(value, n));
        }
        fn next_line(&mut self) {}
    }
    let mut out = Pixels { pixels: Vec::with_capacity(width * height), black, white, limit: width * height };
    page.decode(&mut out).map_err(Jbig2Problem::Decode)?;
    if out.pixels.len() < width * height {
        return Err(Jbig2Problem::Size { coded: (width, out.pixels.len() / width.max(1)), image: (width, height) });
    }
    Ok(ocr::Gray { width, height, pixels: out.pixels })
}

/// An image's `/DecodeParms` dictionary (the first, for a filter chain).
fn parms(dict: &pdf_extract::Dictionary) -> Option<&pdf_extract::Dictionary> {
    dict.get(b"DecodeParms").ok().and_then(|p| match p {
        pdf_extract::Object::Dictionary(d) => Some(d),
        pdf_extract::Object::Array(a) => a.first().and_then(|p| p.as_dict().ok()),
        _ => None,
    })
}

/// Whether a 1-bit image's `/Decode` array turns its samples over
/// (`[1 0]`: sample 0 is white).
fn inverted(dict: &pdf_extract::Dictionary) -> bool {
    dict.get(b"Decode")
        .ok()
        .and_then(|d| d.as_array().ok())
        .and_then(|a| a.first())
        .and_then(|v| v.as_float().ok().or_else(|| v.as_i64().ok().map(|i| i as f32)))
        .is_some_and(|first| first > 0.5)
}

/// Whether every pixel is black or white (a fax, JBIG2 or 1-bit scan).
fn bilevel(gray: &ocr::Gray) -> bool {
    gray.pixels.iter().all(|&p| p == 0 || p == 255)
}

/// Softens a bilevel image's edges with a 3 × 3 binomial filter (1 2 1),
/// as a renderer's smooth scaling does: Tesseract misreads fewer letters
/// on it than on the hard pixels (002's G4 scan, measured in the README).
fn soften(gray: ocr::Gray) -> ocr::Gray {
    let (w, h) = (gray.width, gray.height);
    if w < 3 || h < 3 {
        return gray;
    }
    let p = &gray.pixels;
    let mut across = vec![0u16; w * h];
    for y in 0..h {
        let row = &p[y * w..(y + 1) * w];
        for x in 0..w {
            let (l, r) = (row[x.saturating_sub(1)], row[(x + 1).min(w - 1)]);
            across[y * w + x] = u16::from(l) + 2 * u16::from(row[x]) + u16::from(r);
        }
    }
    let mut pixels = vec![0u8; w * h];
    for y in 0..h {
        let (up, down) = (y.saturating_sub(1), (y + 1).min(h - 1));
        for x in 0..w {
            let sum = across[up * w + x] + 2 * across[y * w + x] + across[down * w + x];
            pixels[y * w + x] = (sum / 16) as u8;
        }
    }
    ocr::Gray { width: w, height: h, pixels }
}

/// Inflates a zlib stream, refusing more than `limit` bytes (+1 KiB).
fn inflate(data: &[u8], limit: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::with_capacity(limit.min(64 << 20));
    flate2::read::ZlibDecoder::new(data).take(limit as u64 + 1024).read_to_end(&mut out)?;
    Ok(out)
}

/// Puts OCR words (as glyphs) and ruling lines (as segments) on a page,
/// scaling image pixels to points; returns the page's one font size.
/// Tesseract's rules (boxes in image pixels) as page segments: the
/// horizontal ones, or the vertical ones.
fn segments(rules: &[(f64, f64, f64, f64)], (sx, sy): (f64, f64), horizontal: bool) -> Vec<Segment> {
    rules
        .iter()
        .filter(|r| (r.2 >= r.3) == horizontal)
        .map(|&(left, top, width, height)| {
            if horizontal {
                Segment { at: (top + height / 2.0) * sy, from: left * sx, to: (left + width) * sx }
            } else {
                Segment { at: (left + width / 2.0) * sx, from: top * sy, to: (top + height) * sy }
            }
        })
        .collect()
}

/// A page without a ruled table read word by word (`sparse`), with the
/// page pass's rules, and those of its words that stand where the sparse
/// pass found nothing and that Tesseract is sure of (a row number alone in
/// its column, which the sparse pass drops). The page pass's words keep
/// lines of their own.
fn with_sparse_words(page_pass: ocr::Page, sparse: ocr::Page) -> ocr::Page {
    let overlaps = |a: &ocr::Word, b: &ocr::Word| {
        a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height
    };
    let mut words = sparse.words;
    let kept: Vec<ocr::Word> = page_pass
        .words
        .into_iter()
        .filter(|w| w.confidence >= SPARSE_EXTRA_CONFIDENCE && !words.iter().any(|s| overlaps(w, s)))
        .map(|mut w| {
            w.line.0 = w.line.0.saturating_add(u32::MAX / 2);
            w
        })
        .collect();
    words.extend(kept);
    ocr::Page { words, rules: page_pass.rules }
}

pub(crate) fn place_ocr(page: &mut PageContent, found: &ocr::Page, sx: f64, sy: f64) -> f64 {
    let rules = (segments(&found.rules, (sx, sy), true), segments(&found.rules, (sx, sy), false));
    place_words_of(page, found, rules, (sx, sy))
}

/// [`place_ocr`] with the rules already turned into the page's
/// (horizontal, vertical) segments.
fn place_words_of(
    page: &mut PageContent,
    found: &ocr::Page,
    (horizontal, vertical): (Vec<Segment>, Vec<Segment>),
    (sx, sy): (f64, f64),
) -> f64 {
    page.ocr = true;
    // One size for the page: the median word height, so that thresholds do
    // not follow each word's accents.
    let mut heights: Vec<f64> = found.words.iter().map(|w| w.height * sy).collect();
    heights.sort_by(f64::total_cmp);
    let size = heights.get(heights.len() / 2).copied().unwrap_or(10.0).max(1.0);
    place_words(page, &found.words, (sx, sy), size);
    page.horizontal.extend(horizontal);
    page.vertical.extend(vertical);
    size
}

/// Puts OCR words on a page as glyphs of one `size`.
fn place_words(page: &mut PageContent, words: &[ocr::Word], (sx, sy): (f64, f64), size: f64) {
    // One baseline per Tesseract line (the median of its words' bottoms), so
    // that descenders and stacked accents do not split a line.
    let mut bottoms: std::collections::HashMap<(u32, u32, u32), Vec<f64>> = Default::default();
    for w in words {
        bottoms.entry(w.line).or_default().push(w.top + w.height);
    }
    let baseline: std::collections::HashMap<(u32, u32, u32), f64> = bottoms
        .into_iter()
        .map(|(line, mut b)| {
            b.sort_by(f64::total_cmp);
            (line, b[b.len() / 2])
        })
        .collect();
    // Each word's text as mended, for the words after it.
    let mut mended: Vec<String> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        // Rules read as letters: a lone "|", or "|"/"_" stuck to a word.
        let text: String = w.text.chars().filter(|c| !c.is_control()).collect();
        let before = word_before(words, i, size / sy).map(|j| mended[j].as_str());
        let text = confusions(before, text.trim_matches(|c| matches!(c, '|' | '_')));
        mended.push(text.clone());
        let text = glued::unglue(&text);
        let text = text.as_str();
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
            // Tesseract's word ends with a space: the layout never glues it
            // to the next word, however close ("Số thứ tự" in a narrow bold
            // header cell came out "Sốthứtự").
            text: format!("{text} "),
        });
    }
}

/// The word that `words[i]` follows in reading, as far as OCR shows it: the
/// word a space before it on its line, or, where none is (a cell's text
/// wrapped: "Quý" over "II/2026", while Tesseract's line goes on with
/// the next cell's words), the last word of its run on the line just
/// above, over it (both before it in Tesseract's order). `height` is the
/// page's word height in pixels.
fn word_before(words: &[ocr::Word], i: usize, height: f64) -> Option<usize> {
    let w = &words[i];
    let right = |u: &ocr::Word| u.left + u.width;
    let near = height * WORD_BEFORE_GAP;
    let left_of =
        |u: &ocr::Word, v: &ocr::Word| u.line == v.line && v.left >= right(u) - near / 2.0 && v.left - right(u) <= near;
    if let Some(j) = words[..i].iter().rposition(|u| left_of(u, w)) {
        return Some(j);
    }
    let above = |u: &ocr::Word| {
        let rise = w.top - u.top;
        (height * 0.5..=height * WRAPPED_LINE_RISE).contains(&rise)
            && u.left < right(w)
            && w.left < right(u)
            && !words.iter().any(|v| left_of(u, v))
    };
    words[..i].iter().rposition(above)
}

/// Mends two misreadings OCR makes of numerals in dates and deadlines: a
/// slash read twice between letters or digits ("I//2021", "I/⁄2021"), and
/// the strokes of a Roman numeral read as "1", "l", "|" or "H" after a word
/// that takes Roman numerals (`roman_after.txt`: "Quý 1/2021" for "Quý
/// I/2021", "Quý H/2024" for "Quý II/2024") or in a list of them ("Quý II,
/// IH/2024").
fn confusions(before: Option<&str>, text: &str) -> String {
    static ROMAN_AFTER: std::sync::LazyLock<Vec<&str>> = std::sync::LazyLock::new(|| {
        include_str!("roman_after.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    });
    // "/" or the fraction slash "⁄" OCR also reads for it.
    let slash = |c: Option<&char>| matches!(c, Some('/' | '⁄'));
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let doubled = slash(chars.get(i))
            && slash(chars.get(i + 1))
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 2).is_some_and(|c| c.is_alphanumeric());
        if doubled {
            out.push('/');
            i += 2;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    // After a word that takes Roman numerals, or after a Roman numeral
    // ending an item of a list ("Quý II, III/2024"): a numeral of strokes OCR
    // misread, "1", "l" or "|" for I and "H" for II (two strokes joined), up
    // to IV (quarters).
    let roman_word = before.is_some_and(|b| ROMAN_AFTER.contains(&b.to_lowercase().as_str()));
    let roman_list = before.and_then(|b| b.strip_suffix(',')).is_some_and(|n| roman_value(n).is_some());
    if roman_word || roman_list {
        let end = out.find(['/', ',', '.', ';']).unwrap_or(out.len());
        let numeral = &out[..end];
        let strokes: Option<String> = numeral
            .chars()
            .map(|c| match c {
                'I' | '1' | 'l' | '|' => Some("I"),
                'H' => Some("II"),
                _ => None,
            })
            .collect();
        let read = strokes.filter(|r| r != numeral && roman_value(r).is_some_and(|v| v <= 4));
        if let Some(read) = read {
            out.replace_range(..end, &read);
        }
    }
    out
}

/// Marks of ink on a page without a ruled table that lie outside every
/// word both passes found, each of a word's height and at most a few
/// letters wide, recognised again each on its own as one line: the row
/// numbers ("1", "I", "2.1") of a table without rules, which Tesseract
/// drops when they stand alone in their column. Returns how many marks
/// were read again.
fn lone_marks(
    page: &mut PageContent,
    (gray, below): (&ocr::Gray, u8),
    dpi: u32,
    found: &ocr::Page,
    (sx, sy): (f64, f64),
    size: f64,
) -> Result<usize, ocr::OcrError> {
    let mut heights: Vec<f64> = found.words.iter().map(|w| w.height).collect();
    heights.sort_by(f64::total_cmp);
    let Some(&height) = heights.get(heights.len() / 2) else {
        return Ok(0);
    };
    let min_ink = (MIN_CELL_INK * (dpi as f64 / 300.0).powi(2)).ceil() as usize;
    let pad = (height * 0.25).ceil() as usize;
    let words: Vec<(usize, usize, usize, usize)> = found
        .words
        .iter()
        .map(|w| {
            let (l, t) = (w.left.max(0.0) as usize, w.top.max(0.0) as usize);
            (
                l.saturating_sub(pad),
                t.saturating_sub(pad),
                (w.left + w.width) as usize + pad,
                (w.top + w.height) as usize + pad,
            )
        })
        .collect();
    let marks: Vec<(usize, usize, usize, usize)> = gray
        .ink_boxes(below, (height * LONE_MARK_GAP) as usize)
        .into_iter()
        .filter(|&(l, t, r, b)| {
            let (w, h) = ((r - l) as f64, (b - t) as f64);
            (LONE_MARK_HEIGHT.0 * height..=LONE_MARK_HEIGHT.1 * height).contains(&h)
                && w <= LONE_MARK_WIDTH * height
                && gray.dark_pixels(l, t, r, b) >= min_ink
                && !words.iter().any(|&(wl, wt, wr, wb)| l < wr && wl < r && t < wb && wt < b)
        })
        .take(MAX_LONE_MARKS)
        .collect();
    let mut read = Vec::new();
    for (i, &(left, top, right, bottom)) in marks.iter().enumerate() {
        let cut = gray.crop(left, top, right, bottom);
        let line = u32::MAX / 4 - i as u32;
        read.extend(read_cut(cut, dpi, (left, top), pad.max(2), ocr::Segmentation::Line, line)?);
    }
    place_words(page, &read, (sx, sy), size);
    Ok(marks.len())
}

/// The words Tesseract is sure of in `cut`, a piece of a page scanned at
/// `dpi` whose top-left corner is `(left, top)` on the page: read inside a
/// white `margin`, enlarged to [`SECOND_LOOK_DPI`], and placed back in the
/// page's pixels on lines of their own (`line`, apart from the page's).
fn read_cut(
    cut: ocr::Gray,
    dpi: u32,
    (left, top): (usize, usize),
    margin: usize,
    segmentation: ocr::Segmentation,
    line: u32,
) -> Result<Vec<ocr::Word>, ocr::OcrError> {
    let factor = SECOND_LOOK_DPI.div_ceil(dpi.max(1)) as usize;
    let image = ocr::Image {
        bytes: cut.with_margin(margin).enlarged(factor).to_pgm(),
        extension: "pgm",
        dpi: Some(dpi * factor as u32),
        gray: None,
    };
    let f = factor as f64;
    let mut found = Vec::new();
    for piece in ocr::recognise(&image, segmentation)? {
        for mut word in piece.words {
            if word.confidence < SECOND_LOOK_CONFIDENCE || !word.text.chars().any(char::is_alphanumeric) {
                continue;
            }
            (word.left, word.top, word.width, word.height) =
                (word.left / f, word.top / f, word.width / f, word.height / f);
            word.left += left as f64 - margin as f64;
            word.top += top as f64 - margin as f64;
            word.line = (line, word.line.1, word.line.2);
            found.push(word);
        }
    }
    Ok(found)
}

/// Grid cells of an OCR page that hold ink but no word, recognised again
/// each on its own, as one block of text: Tesseract's page layout analysis
/// drops small text standing alone (a row number in its narrow column), and
/// finds it in the cell cut out. Returns how many cells were read again.
fn second_look(
    page: &mut PageContent,
    grids: &[layout::Grid],
    (gray, below): (&ocr::Gray, u8),
    dpi: u32,
    (sx, sy): (f64, f64),
    size: f64,
) -> Result<usize, ocr::OcrError> {
    let inset = (dpi as f64 * CELL_INSET_INCHES).ceil() as usize;
    let min_ink = (MIN_CELL_INK * (dpi as f64 / 300.0).powi(2)).ceil() as usize;
    let pixel = |v: f64, scale: f64| (v / scale).max(0.0).round() as usize;
    let mut found = Vec::new();
    let mut looked = 0;
    for (x0, y0, x1, y1) in grids.iter().flat_map(layout::Grid::cell_boxes) {
        let holds_word = page.glyphs.iter().any(|g| {
            let (x, y) = g.centre();
            x >= x0 && x <= x1 && y >= y0 && y <= y1
        });
        let (left, top) = (pixel(x0, sx) + inset, pixel(y0, sy) + inset);
        let (right, bottom) = (pixel(x1, sx).saturating_sub(inset), pixel(y1, sy).saturating_sub(inset));
        if holds_word || right <= left + inset || bottom <= top + inset {
            continue;
        }
        if gray.dark_pixels(left, top, right, bottom) < min_ink {
            continue;
        }
        let margin = inset * 2;
        let cut = gray.crop(left, top, right, bottom).without_rules(below, margin);
        looked += 1;
        let line = u32::MAX - looked as u32;
        found.extend(read_cut(cut, dpi, (left, top), margin, ocr::Segmentation::Block, line)?);
    }
    place_words(page, &found, (sx, sy), size);
    Ok(looked)
}

#[cfg(test)]
mod tests {
    use super::{confusions, decode_ccitt, decode_jbig2, place_words, word_before, CcittProblem, Jbig2Problem};
    use crate::layout::PageContent;
    use crate::ocr::Word;
    use pdf_extract::{Dictionary, Object};

    /// A 40 × 12 image, white with a black 10 × 4 block at (5, 3), coded
    /// as Group 4 by the `fax` crate's encoder.
    fn g4_block() -> Vec<u8> {
        let mut encoder = fax::encoder::Encoder::new(fax::VecWriter::new());
        for y in 0..12 {
            let row = (0..40).map(|x| {
                if (5..15).contains(&x) && (3..7).contains(&y) {
                    fax::Color::Black
                } else {
                    fax::Color::White
                }
            });
            encoder.encode_line(row, 40).expect("encodes");
        }
        encoder.finish().expect("ends").finish()
    }

    fn image(parms: Vec<(&str, Object)>, decode: Option<[i64; 2]>) -> Dictionary {
        let mut dict = Dictionary::new();
        let mut p = Dictionary::new();
        for (k, v) in parms {
            p.set(k, v);
        }
        dict.set("DecodeParms", Object::Dictionary(p));
        if let Some([a, b]) = decode {
            dict.set("Decode", Object::Array(vec![Object::Integer(a), Object::Integer(b)]));
        }
        dict
    }

    /// The 40 × 12 block as an embedded JBIG2 page (T.88 7.2, 7.4.6, 7.4.8):
    /// a page information segment and an immediate generic region whose
    /// MMR coding is the Group 4 data.
    fn jbig2_block() -> Vec<u8> {
        let segment = |number: u32, kind: u8, data: &[u8]| {
            let mut s = number.to_be_bytes().to_vec();
            s.extend([kind, 0, 1]);
            s.extend((data.len() as u32).to_be_bytes());
            s.extend(data);
            s
        };
        let be = |values: &[u32]| values.iter().flat_map(|v| v.to_be_bytes()).collect::<Vec<u8>>();
        let mut info = be(&[40, 12, 0, 0]);
        info.extend([0, 0, 0]);
        let mut region = be(&[40, 12, 0, 0]);
        region.extend([0, 1]);
        region.extend(g4_block());
        [segment(0, 48, &info), segment(1, 38, &region)].concat()
    }

    #[test]
    fn jbig2_scans_decode_to_gray_with_ink_black() {
        let doc = pdf_extract::Document::new();
        let data = jbig2_block();
        let dark = |gray: &crate::ocr::Gray, x: usize, y: usize| gray.pixels[y * gray.width + x] < 128;
        let gray = decode_jbig2(&doc, &data, &Dictionary::new(), (40, 12)).expect("decodes");
        assert!(dark(&gray, 9, 5) && !dark(&gray, 30, 10) && !dark(&gray, 9, 9));
        let gray = decode_jbig2(&doc, &data, &image(vec![], Some([1, 0])), (40, 12)).expect("decodes");
        assert!(!dark(&gray, 9, 5) && dark(&gray, 30, 10), "/Decode [1 0] turns it over");
        assert!(matches!(
            decode_jbig2(&doc, &data, &Dictionary::new(), (40, 13)),
            Err(Jbig2Problem::Size { coded: (40, 12), image: (40, 13) })
        ));
        let globals = vec![("JBIG2Globals", Object::Reference((99, 0)))];
        assert!(matches!(decode_jbig2(&doc, &data, &image(globals, None), (40, 12)), Err(Jbig2Problem::Globals)));
        assert!(matches!(decode_jbig2(&doc, &data[..9], &Dictionary::new(), (40, 12)), Err(Jbig2Problem::Decode(_))));
    }

    #[test]
    fn ccitt_group4_scans_decode_to_gray_with_ink_black() {
        let data = g4_block();
        let dark = |gray: &crate::ocr::Gray, x: usize, y: usize| gray.pixels[y * gray.width + x] < 128;
        let g4 = vec![("K", Object::Integer(-1)), ("Columns", Object::Integer(40)), ("Rows", Object::Integer(12))];
        // Black runs are black under every equivalent way of saying so:
        // the default, /BlackIs1 with an inverted /Decode.
        let mut black_is_1 = g4.clone();
        black_is_1.push(("BlackIs1", Object::Boolean(true)));
        for dict in [image(g4.clone(), None), image(black_is_1.clone(), Some([1, 0]))] {
            let gray = decode_ccitt(&data, &dict, (40, 12)).expect("decodes");
            assert_eq!((gray.width, gray.height), (40, 12));
            assert!(dark(&gray, 9, 5) && !dark(&gray, 30, 10) && !dark(&gray, 9, 9));
            let ink = (0..12).flat_map(|y| (0..40).map(move |x| (x, y))).filter(|&(x, y)| dark(&gray, x, y)).count();
            assert_eq!(ink, 40, "the block's 40 pixels");
        }
        // /BlackIs1 alone turns the picture over (the coded black is white).
        let gray = decode_ccitt(&data, &image(black_is_1, None), (40, 12)).expect("decodes");
        assert!(!dark(&gray, 9, 5) && dark(&gray, 30, 10));
        // What it does not read is named, for the renderer to take over.
        assert!(matches!(
            decode_ccitt(&data, &image(g4.clone(), None), (48, 12)),
            Err(CcittProblem::Columns { columns: 40, width: 48 })
        ));
        let mixed = vec![("K", Object::Integer(2)), ("Columns", Object::Integer(40))];
        assert!(matches!(decode_ccitt(&data, &image(mixed, None), (40, 12)), Err(CcittProblem::Mixed(2))));
        assert!(matches!(
            decode_ccitt(&data[..data.len() / 3], &image(g4.clone(), None), (40, 12)),
            Err(CcittProblem::Short { .. })
        ));
    }

    #[test]
    fn ocr_misreadings_of_numerals_are_mended() {
        assert_eq!(confusions(Some("Quý"), "1/2021"), "I/2021");
        assert_eq!(confusions(Some("quý"), "l,"), "I,");
        assert_eq!(confusions(Some("Quý"), "I//2021"), "I/2021");
        assert_eq!(confusions(Some("Quý"), "I/⁄2021"), "I/2021");
        assert_eq!(confusions(Some("Quý"), "II/2021"), "II/2021");
        assert_eq!(confusions(None, "Tháng 1/2021"), "Tháng 1/2021");
        assert_eq!(confusions(Some("Tháng"), "1/2021"), "1/2021", "months are Arabic numerals");
        assert_eq!(confusions(Some("Quý"), "12"), "12");
        assert_eq!(confusions(Some("Quý"), "H/2024"), "II/2024");
        assert_eq!(confusions(Some("II,"), "IH/2024"), "III/2024");
        assert_eq!(confusions(Some("Quý"), "IV/2024"), "IV/2024");
        assert_eq!(confusions(Some("II,"), "Hà"), "Hà");
        assert_eq!(confusions(Some("xã,"), "H/2024"), "H/2024", "no numeral before");
        assert_eq!(confusions(Some("Quý"), "HH/2024"), "HH/2024", "IIII is no numeral");
        assert_eq!(confusions(None, "https://dichvucong.gov.vn"), "https://dichvucong.gov.vn");
    }

    fn word(text: &str, (left, top): (f64, f64), line: (u32, u32, u32)) -> Word {
        let width = 12.0 * text.chars().count() as f64;
        Word { left, top, width, height: 20.0, confidence: 95.0, text: text.to_string(), line }
    }

    /// Tesseract strings a table row's words across its cells into one
    /// line: a deadline cell's "Quý" over "11/2026" has, on its line, the
    /// word of the cell left of it before it. The word it follows is the
    /// one over it, and its Roman numeral is mended.
    #[test]
    fn a_wrapped_cell_word_follows_the_word_over_it() {
        let words = [
            word("Phòng", (100.0, 100.0), (1, 1, 1)),
            word("Quý", (400.0, 100.0), (1, 1, 1)),
            word("Quản", (100.0, 130.0), (1, 1, 2)),
            word("lý", (165.0, 130.0), (1, 1, 2)),
            word("11/2026", (400.0, 130.0), (1, 1, 2)),
            word("Quý", (400.0, 200.0), (1, 1, 3)),
            word("IH/2026", (450.0, 200.0), (1, 1, 3)),
        ];
        assert_eq!(word_before(&words, 3, 20.0), Some(2), "a space away on its line");
        assert_eq!(word_before(&words, 4, 20.0), Some(1), "the cell's word over it, not the next cell's");
        assert_eq!(word_before(&words, 6, 20.0), Some(5));
        assert_eq!(word_before(&words, 5, 20.0), None, "too far below the line before");
        assert_eq!(word_before(&words, 1, 20.0), None, "the first line");
        let mut page = PageContent { width: 600.0, height: 800.0, ..PageContent::default() };
        place_words(&mut page, &words, (1.0, 1.0), 20.0);
        let texts: Vec<&str> = page.glyphs.iter().map(|g| g.text.trim_end()).collect();
        assert_eq!(texts, ["Phòng", "Quý", "Quản", "lý", "II/2026", "Quý", "III/2026"]);
        assert!(page.glyphs.iter().all(|g| g.text.ends_with(' ')), "each word ends with its space");
    }
}
