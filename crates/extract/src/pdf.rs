//! PDF: text-layer documents, rebuilt into paragraphs and tables.
//!
//! pdf-extract interprets each page's content stream and hands this module,
//! through its output-device interface, every glyph with its position and
//! size and every stroked or filled path. From those the reader rebuilds, page
//! by page:
//!
//! - **tables** from ruling lines: horizontal and vertical segments that
//!   touch form a grid; a missing vertical segment inside a row band is a
//!   horizontal merge, a missing horizontal one a vertical merge (`row_span`
//!   and `merged_above`, as DOCX gives them); glyphs go to the cell holding
//!   their centre;
//! - **paragraphs** from the glyphs outside tables: lines by baseline, lines
//!   joined while they continue one another;
//! - **page furniture**: page numbers ("3", "- 3 -", "Trang 3/8") and running
//!   lines repeated at the same height on most pages are dropped, once noted.
//!
//! Each page ends with a [`Block::PageBreak`], so a table row that continues
//! on the next page and header rows repeated on every page are handled by the
//! parser exactly as in text input. Every block carries its page and its box
//! (`bbox`, whole points from the page's top-left corner).
//!
//! pdf-extract can panic on unusual files: the reader runs under a panic
//! guard, counts glyphs and pages against bounds and stops at a time limit
//! (checked as glyphs arrive), and reports each as a damaged file. A page
//! without any text is reported as a scanned page (OCR is not done here).

use crate::model::{Block, Cell, Diagnostic, Level, Location, Paragraph, Row, Table};
use crate::ocr;
use crate::Code;
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};
use std::time::{Duration, Instant};

/// Pages beyond this are refused: no plan is that long.
const MAX_PAGES: usize = 5_000;
/// Glyphs on one page beyond this are refused (a dense A4 page holds ~5,000).
const MAX_PAGE_GLYPHS: usize = 200_000;
/// Path segments on one page beyond this are ignored for table finding.
const MAX_PAGE_SEGMENTS: usize = 50_000;
/// Glyphs in the whole document beyond this are refused.
const MAX_GLYPHS: usize = 20_000_000;
/// Reading one PDF stops after this long.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// Reads a PDF's text layer into blocks; pages that are scanned images
/// without text are recognised by OCR when `ocr` is set.
pub(crate) fn read(bytes: &[u8], ocr: bool, diagnostics: &mut Vec<Diagnostic>) -> Result<Vec<Block>, String> {
    let started = Instant::now();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| interpret(bytes, started)));
    let (doc, mut pages) = match outcome {
        Ok(Ok(read)) => read,
        Ok(Err(reason)) => return Err(reason),
        Err(payload) => {
            return Err(format!("the PDF library gave up on this file ({})", crate::panic_message(payload.as_ref())))
        }
    };
    scanned_pages(&doc, bytes, &mut pages, ocr, diagnostics)?;
    Ok(layout(pages, diagnostics))
}

/// Reads a page image (PNG, JPEG, TIFF, PNM) by OCR into blocks, as one
/// page at 300 dpi (72 points per inch).
pub(crate) fn read_image(
    bytes: &[u8],
    extension: &'static str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<Block>, String> {
    let version = ocr::available().map_err(|e| needs_ocr("the image", e))?;
    let image = ocr::Image { bytes: bytes.to_vec(), extension, dpi: None, gray: None };
    let found = ocr::recognise(&image).map_err(|e| needs_ocr("the image", e))?;
    let scale = 72.0 / 300.0;
    let right = found.words.iter().map(|w| w.left + w.width).fold(0.0, f64::max);
    let bottom = found.words.iter().map(|w| w.top + w.height).fold(0.0, f64::max);
    let mut page =
        PageContent { number: 1, width: right * scale + 36.0, height: bottom * scale + 36.0, ..PageContent::default() };
    place_ocr(&mut page, &found, scale, scale);
    diagnostics.push(ocr_note(&version, 1, &found));
    Ok(layout(vec![page], diagnostics))
}

/// The error for a file that needs OCR it cannot get.
fn needs_ocr(what: &str, error: ocr::OcrError) -> String {
    match error {
        ocr::OcrError::Missing(why) => format!(
            "{what} is a scanned image without text and needs OCR, but {why}: {}; or convert with --no-ocr to skip \
             scanned pages",
            ocr::INSTALL_HINT
        ),
        ocr::OcrError::Failed(why) => format!("OCR of {what} failed: {why}"),
    }
}

fn ocr_note(version: &str, page: u32, found: &ocr::Page) -> Diagnostic {
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
fn scanned_pages(
    doc: &pdf_extract::Document,
    bytes: &[u8],
    pages: &mut [PageContent],
    ocr: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), String> {
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
    let version = ocr::available().map_err(|e| needs_ocr(&what, e))?;
    for index in scanned {
        let page = &mut pages[index];
        let id = ids[&page.number];
        // An image stored in a codec kehoach does not hand to OCR as it is
        // (CCITT, JBIG2, JPX, predictors, …): the page rendered by pdftoppm.
        let image = match page_image(doc, id, page) {
            Err(reason) if reason.contains(UNSUPPORTED) => match crate::raster::render(bytes, page.number)? {
                Some(image) => {
                    let (w, h) = image.gray.as_ref().map_or((1, 1), |g| (g.width, g.height));
                    (image, w as f64, h as f64)
                }
                None => return Err(reason),
            },
            other => other?,
        };
        let (width, height) = (image.1, image.2);
        let found = ocr::recognise(&image.0).map_err(|e| needs_ocr(&format!("page {}", page.number), e))?;
        place_ocr(page, &found, page.width / width, page.height / height);
        diagnostics.push(ocr_note(&version, page.number, &found));
    }
    Ok(())
}

/// Marks the error of [`page_image`] for an image stored in a way it cannot
/// hand to OCR.
const UNSUPPORTED: &str = "which kehoach cannot hand to OCR as stored";

/// The largest image of a page, in a format Tesseract reads, with its size
/// in pixels. The image is taken to cover the whole page (a scan).
fn page_image(
    doc: &pdf_extract::Document,
    id: pdf_extract::ObjectId,
    page: &PageContent,
) -> Result<(ocr::Image, f64, f64), String> {
    let images = doc.get_page_images(id).map_err(|e| format!("page {}: cannot read its image: {e}", page.number))?;
    let image = images
        .iter()
        .max_by_key(|i| i.width.saturating_mul(i.height))
        .ok_or_else(|| format!("page {}: no image", page.number))?;
    let (w, h) = (image.width, image.height);
    if w <= 0 || h <= 0 || w > 20_000 || h > 20_000 {
        return Err(format!("page {}: an image of {w} × {h} pixels is not a page scan kehoach reads", page.number));
    }
    let dpi = Some(((w as f64) / (page.width / 72.0)).round().clamp(30.0, 2400.0) as u32);
    let filters: Vec<&str> = image.filters.iter().flatten().map(String::as_str).collect();
    let unsupported = |what: String| {
        format!(
            "page {}: the scanned image is stored as {what}, {UNSUPPORTED}; install poppler-utils (pdftoppm) and \
             kehoach renders such pages itself, or rasterize the PDF first (`pdftoppm -r 300 -png in.pdf page`)",
            page.number
        )
    };
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
                inflate(image.content, expected)
                    .map_err(|e| format!("page {}: the scanned image is damaged ({e})", page.number))?
            };
            if raw.len() < expected {
                return Err(format!(
                    "page {}: the scanned image has {} bytes, {expected} expected",
                    page.number,
                    raw.len()
                ));
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
fn place_ocr(page: &mut PageContent, found: &ocr::Page, sx: f64, sy: f64) {
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
            || (text.chars().all(|c| matches!(c, '—' | '-' | '–' | '[' | ']' | '!')) && w.height * sy > size * 1.5)
        {
            continue;
        }
        page.glyphs.push(Glyph {
            x: w.left * sx,
            y: baseline.get(&w.line).copied().unwrap_or(w.top + w.height) * sy - size * 0.15,
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

/// Runs pdf-extract over the document, collecting each page's glyphs and
/// ruling segments.
fn interpret(bytes: &[u8], started: Instant) -> Result<(pdf_extract::Document, Vec<PageContent>), String> {
    let doc = pdf_extract::Document::load_mem(bytes).map_err(|e| format!("not a readable PDF: {e}"))?;
    if doc.is_encrypted() {
        return Err("the PDF is encrypted; remove the password first (e.g. `qpdf --decrypt in.pdf out.pdf`)".into());
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err("the PDF has no pages (its page tree is empty or damaged)".into());
    }
    if pages.len() > MAX_PAGES {
        return Err(format!("{} pages, more than the {MAX_PAGES}-page limit", pages.len()));
    }
    crate::bounds::check_pdf(&doc)?;
    let mut device = Collector { started: Some(started), ..Collector::default() };
    match pdf_extract::output_doc(&doc, &mut device) {
        Ok(()) => Ok((doc, device.pages)),
        Err(_) if device.stop.is_some() => Err(device.stop.unwrap_or_default()),
        Err(e) => Err(format!("cannot interpret the PDF's content: {e:?}")),
    }
}

/// One glyph as drawn: top-down coordinates in points.
#[derive(Clone, Debug)]
struct Glyph {
    x: f64,
    /// Baseline, measured from the top of the page.
    y: f64,
    width: f64,
    size: f64,
    text: String,
}

impl Glyph {
    fn centre(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y - self.size * 0.3)
    }
}

/// A horizontal or vertical ruling segment: `at` is its y (horizontal) or x
/// (vertical); it runs from `from` to `to` along the other axis.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Segment {
    at: f64,
    from: f64,
    to: f64,
}

#[derive(Debug, Default)]
struct PageContent {
    number: u32,
    width: f64,
    height: f64,
    glyphs: Vec<Glyph>,
    horizontal: Vec<Segment>,
    vertical: Vec<Segment>,
    /// The glyphs are OCR words (a scanned page).
    ocr: bool,
}

/// The output device: collects glyphs and segments page by page and stops
/// pdf-extract (by returning an error) when a bound is reached.
#[derive(Default)]
struct Collector {
    pages: Vec<PageContent>,
    page: PageContent,
    origin: (f64, f64),
    glyphs: usize,
    started: Option<Instant>,
    stop: Option<String>,
}

impl Collector {
    fn halt(&mut self, reason: String) -> Result<(), OutputError> {
        self.stop = Some(reason.clone());
        Err(OutputError::IoError(std::io::Error::other(reason)))
    }

    /// Page coordinates (top-down) of a point in user space.
    fn point(&self, ctm: &Transform, x: f64, y: f64) -> (f64, f64) {
        let px = x * ctm.m11 + y * ctm.m21 + ctm.m31;
        let py = x * ctm.m12 + y * ctm.m22 + ctm.m32;
        (px - self.origin.0, self.origin.1 - py)
    }

    fn add_segment(&mut self, a: (f64, f64), b: (f64, f64)) {
        if self.page.horizontal.len() + self.page.vertical.len() >= MAX_PAGE_SEGMENTS {
            return;
        }
        let (dx, dy) = ((a.0 - b.0).abs(), (a.1 - b.1).abs());
        if dy <= 1.0 && dx > 2.0 {
            self.page.horizontal.push(Segment { at: (a.1 + b.1) / 2.0, from: a.0.min(b.0), to: a.0.max(b.0) });
        } else if dx <= 1.0 && dy > 2.0 {
            self.page.vertical.push(Segment { at: (a.0 + b.0) / 2.0, from: a.1.min(b.1), to: a.1.max(b.1) });
        }
    }

    /// Straight edges of a path: lines and rectangle sides. A filled
    /// rectangle counts only when it is thin (a rule drawn as a fill).
    fn add_path(&mut self, ctm: &Transform, path: &Path, filled: bool) {
        let mut start: Option<(f64, f64)> = None;
        let mut current: Option<(f64, f64)> = None;
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    current = Some(self.point(ctm, x, y));
                    start = current;
                }
                PathOp::LineTo(x, y) => {
                    let to = self.point(ctm, x, y);
                    if let (Some(from), false) = (current, filled) {
                        self.add_segment(from, to);
                    }
                    current = Some(to);
                }
                PathOp::CurveTo(_, _, _, _, x, y) => current = Some(self.point(ctm, x, y)),
                PathOp::Rect(x, y, w, h) => {
                    let corners = [
                        self.point(ctm, x, y),
                        self.point(ctm, x + w, y),
                        self.point(ctm, x + w, y + h),
                        self.point(ctm, x, y + h),
                    ];
                    let (xs, ys) = (corners.map(|c| c.0), corners.map(|c| c.1));
                    let (x0, x1) =
                        (xs.iter().copied().fold(f64::MAX, f64::min), xs.iter().copied().fold(f64::MIN, f64::max));
                    let (y0, y1) =
                        (ys.iter().copied().fold(f64::MAX, f64::min), ys.iter().copied().fold(f64::MIN, f64::max));
                    if filled {
                        if y1 - y0 <= 2.0 && x1 - x0 > 2.0 {
                            let y = (y0 + y1) / 2.0;
                            self.add_segment((x0, y), (x1, y));
                        } else if x1 - x0 <= 2.0 && y1 - y0 > 2.0 {
                            let x = (x0 + x1) / 2.0;
                            self.add_segment((x, y0), (x, y1));
                        }
                    } else {
                        for i in 0..4 {
                            self.add_segment(corners[i], corners[(i + 1) % 4]);
                        }
                    }
                }
                PathOp::Close => {
                    if let (Some(from), Some(to), false) = (current, start, filled) {
                        self.add_segment(from, to);
                    }
                    current = start;
                }
            }
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page = PageContent {
            number: page_num,
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
            ..PageContent::default()
        };
        self.origin = (media_box.llx.min(media_box.urx), media_box.lly.max(media_box.ury));
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        let page = std::mem::take(&mut self.page);
        self.pages.push(page);
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        self.glyphs += 1;
        if self.glyphs % 4096 == 0 && self.started.is_some_and(|t| t.elapsed() > TIME_LIMIT) {
            return self.halt(format!("reading the PDF took longer than {} s; gave up", TIME_LIMIT.as_secs()));
        }
        if self.glyphs > MAX_GLYPHS {
            return self.halt(format!("more than {MAX_GLYPHS} characters: too large to be one plan"));
        }
        if self.page.glyphs.len() >= MAX_PAGE_GLYPHS {
            return self.halt(format!("page {} has more than {MAX_PAGE_GLYPHS} characters", self.page.number));
        }
        // The rendered size: the font size scaled by the text matrix.
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        let (x, y) = (trm.m31 - self.origin.0, self.origin.1 - trm.m32);
        if !(x.is_finite() && y.is_finite() && size.is_finite()) {
            return Ok(());
        }
        let text: String = text.chars().filter(|c| !c.is_control()).collect();
        if text.is_empty() {
            return Ok(());
        }
        self.page.glyphs.push(Glyph { x, y, width: (width * size).max(0.0), size: size.max(0.1), text });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(&mut self, ctm: &Transform, _: &ColorSpace, _: &[f64], path: &Path) -> Result<(), OutputError> {
        self.add_path(ctm, path, false);
        Ok(())
    }

    fn fill(&mut self, ctm: &Transform, _: &ColorSpace, _: &[f64], path: &Path) -> Result<(), OutputError> {
        self.add_path(ctm, path, true);
        Ok(())
    }
}

/// How close two coordinates must be to count as one line of a grid.
const SNAP: f64 = 2.0;

/// A ruled table found on a page: grid lines and which cell owns each
/// grid position.
#[derive(Debug)]
struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
    /// For each grid position (row-major), the index of its cell.
    owner: Vec<usize>,
    /// Cells: top-left grid position and spans.
    cells: Vec<GridCell>,
}

#[derive(Clone, Copy, Debug)]
struct GridCell {
    row: usize,
    col: usize,
    rows: usize,
    cols: usize,
}

impl Grid {
    fn bbox(&self) -> (f64, f64, f64, f64) {
        (self.xs[0], self.ys[0], self.xs[self.xs.len() - 1], self.ys[self.ys.len() - 1])
    }

    fn contains(&self, (x, y): (f64, f64)) -> bool {
        let (x0, y0, x1, y1) = self.bbox();
        x >= x0 && x <= x1 && y >= y0 && y <= y1
    }

    /// The cell holding a point inside the grid.
    fn cell_at(&self, (x, y): (f64, f64)) -> usize {
        let col = self.xs.partition_point(|&v| v <= x).clamp(1, self.xs.len() - 1) - 1;
        let row = self.ys.partition_point(|&v| v <= y).clamp(1, self.ys.len() - 1) - 1;
        self.owner[row * (self.xs.len() - 1) + col]
    }
}

/// Sorts segments and joins those on one line that touch or overlap.
fn merge_segments(mut segments: Vec<Segment>) -> Vec<Segment> {
    segments.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut lines: Vec<Vec<Segment>> = Vec::new();
    for s in segments {
        match lines.last_mut() {
            Some(line) if (line[0].at - s.at).abs() <= SNAP => line.push(s),
            _ => lines.push(vec![s]),
        }
    }
    let mut merged = Vec::new();
    for mut line in lines {
        let at = line.iter().map(|s| s.at).sum::<f64>() / line.len() as f64;
        line.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut current: Option<Segment> = None;
        for s in line {
            match &mut current {
                Some(c) if s.from <= c.to + SNAP => c.to = c.to.max(s.to),
                _ => {
                    if let Some(c) = current.take() {
                        merged.push(c);
                    }
                    current = Some(Segment { at, ..s });
                }
            }
        }
        merged.extend(current);
    }
    merged
}

/// Groups values closer than [`SNAP`] and returns each group's mean.
fn cluster(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut groups: Vec<Vec<f64>> = Vec::new();
    for v in values {
        match groups.last_mut() {
            Some(g) if v - g[g.len() - 1] <= SNAP => g.push(v),
            _ => groups.push(vec![v]),
        }
    }
    groups.iter().map(|g| g.iter().sum::<f64>() / g.len() as f64).collect()
}

/// Finds the ruled tables of a page: connected sets of horizontal and
/// vertical segments with at least two of each.
fn find_grids(horizontal: Vec<Segment>, vertical: Vec<Segment>) -> Vec<Grid> {
    let h = merge_segments(horizontal);
    let v = merge_segments(vertical);
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, hs) in h.iter().enumerate() {
        for (j, vs) in v.iter().enumerate() {
            let touches =
                vs.at >= hs.from - SNAP && vs.at <= hs.to + SNAP && hs.at >= vs.from - SNAP && hs.at <= vs.to + SNAP;
            if touches {
                let (a, b) = (find(&mut parent, i), find(&mut parent, h.len() + j));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Segment>, Vec<Segment>)> = Default::default();
    for i in 0..n {
        let root = find(&mut parent, i);
        let entry = groups.entry(root).or_default();
        if i < h.len() {
            entry.0.push(h[i]);
        } else {
            entry.1.push(v[i - h.len()]);
        }
    }
    // A single box (a frame, a text box) is no table.
    let mut grids: Vec<Grid> =
        groups.into_values().filter_map(|(h, v)| grid(&h, &v)).filter(|g| g.cells.len() >= 2).collect();
    grids.sort_by(|a, b| a.ys[0].total_cmp(&b.ys[0]));
    grids
}

/// Builds the cell structure of one table from its segments.
fn grid(h: &[Segment], v: &[Segment]) -> Option<Grid> {
    if h.len() < 2 || v.len() < 2 {
        return None;
    }
    let ys = cluster(h.iter().map(|s| s.at).collect());
    let xs = cluster(v.iter().map(|s| s.at).collect());
    if ys.len() < 2 || xs.len() < 2 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    // A boundary separates two grid positions when a segment runs along it
    // through the middle of their shared edge.
    let vertical_rule = |k: usize, r: usize| {
        let mid = (ys[r] + ys[r + 1]) / 2.0;
        v.iter().any(|s| (s.at - xs[k]).abs() <= SNAP && s.from <= mid && s.to >= mid)
    };
    let horizontal_rule = |k: usize, c: usize| {
        let mid = (xs[c] + xs[c + 1]) / 2.0;
        h.iter().any(|s| (s.at - ys[k]).abs() <= SNAP && s.from <= mid && s.to >= mid)
    };
    let mut owner = vec![usize::MAX; rows * cols];
    let mut cells = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            if owner[r * cols + c] != usize::MAX {
                continue;
            }
            let mut span = 1;
            while c + span < cols && !vertical_rule(c + span, r) && owner[r * cols + c + span] == usize::MAX {
                span += 1;
            }
            let mut down = 1;
            while r + down < rows
                && (c..c + span).all(|cc| !horizontal_rule(r + down, cc) && owner[(r + down) * cols + cc] == usize::MAX)
            {
                down += 1;
            }
            for rr in r..r + down {
                for cc in c..c + span {
                    owner[rr * cols + cc] = cells.len();
                }
            }
            cells.push(GridCell { row: r, col: c, rows: down, cols: span });
        }
    }
    Some(Grid { xs, ys, owner, cells })
}

/// Glyphs grouped into visual lines, each line's text and extent.
#[derive(Clone, Debug)]
pub(crate) struct TextLine {
    pub(crate) text: String,
    pub(crate) x0: f64,
    pub(crate) x1: f64,
    /// Baseline.
    pub(crate) y: f64,
    pub(crate) size: f64,
    /// The line's words (runs of glyphs without a gap), left to right.
    pub(crate) words: Vec<Word>,
}

impl TextLine {
    /// A line of `words` (left to right) at baseline `y`; `None` without
    /// words.
    pub(crate) fn from_words(words: Vec<Word>, y: f64, size: f64) -> Option<TextLine> {
        let x0 = words.first()?.x0;
        let text = words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
        let x1 = words.iter().map(|w| w.x1).fold(f64::MIN, f64::max);
        Some(TextLine { text, x0, x1, y, size, words })
    }
}

/// A run of glyphs without a space or gap.
#[derive(Clone, Debug)]
pub(crate) struct Word {
    pub(crate) text: String,
    pub(crate) x0: f64,
    pub(crate) x1: f64,
}

/// Puts glyphs into lines (by baseline) and each line in reading order,
/// with spaces where the gap between glyphs is wider than a space would be.
fn text_lines(mut glyphs: Vec<Glyph>) -> Vec<TextLine> {
    // Combining marks drawn as glyphs of their own belong to the glyph before.
    let mut joined: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    for g in glyphs.drain(..) {
        let combining = g.text.chars().all(is_combining);
        match joined.last_mut() {
            Some(prev) if combining => prev.text.push_str(&g.text),
            _ => joined.push(g),
        }
    }
    visual_lines(joined)
        .into_iter()
        .filter_map(|row| {
            let mut words: Vec<Word> = Vec::new();
            let mut open = false;
            for g in &row {
                if g.text.trim().is_empty() {
                    open = false;
                    continue;
                }
                match words.last_mut() {
                    Some(w) if open && g.x <= w.x1 + g.size * 0.15 => {
                        w.text.push_str(g.text.trim());
                        w.x1 = w.x1.max(g.x + g.width);
                    }
                    _ => words.push(Word { text: g.text.trim().to_string(), x0: g.x, x1: g.x + g.width }),
                }
                open = !g.text.ends_with(char::is_whitespace);
            }
            let size = row.iter().filter(|g| !g.text.trim().is_empty()).map(|g| g.size).fold(0.0, f64::max);
            let y = row.iter().map(|g| g.y).sum::<f64>() / row.len() as f64;
            TextLine::from_words(words, y, size)
        })
        .collect()
}

/// Glyphs grouped by baseline into visual lines, top to bottom, each left
/// to right.
fn visual_lines(mut glyphs: Vec<Glyph>) -> Vec<Vec<Glyph>> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (g.y - row[0].y).abs() <= row[0].size.min(g.size) * 0.4 => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    for row in &mut rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    rows
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Whether a line starts a new item rather than continuing the one before:
/// a bullet, a dash, a number or letter label.
fn starts_item(text: &str) -> bool {
    static LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(?:[-+•●▪*–—]|(?:[0-9]+|[IVXLC]+|[a-zđ])[.)](?:\s|$)|[0-9]+(?:\.[0-9]+)+\.?\s)")
            .expect("valid regex")
    });
    LABEL.is_match(text)
}

/// Joins the lines of one cell: a line that starts an item begins a new
/// line of the cell's text; other lines continue the one before.
fn cell_text(lines: &[TextLine]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            if starts_item(&line.text) {
                out.push('\n');
            } else {
                push_continuation(&mut out);
            }
        }
        out.push_str(&line.text);
    }
    out
}

/// Ends `text` so the next wrapped line can follow: with a space, unless
/// the line broke after a hyphen inside a word ("NĐ-" + "CP", as layout
/// engines wrap "NĐ-CP").
fn push_continuation(text: &mut String) {
    let mut tail = text.chars().rev();
    let wrapped_at_hyphen = tail.next() == Some('-') && tail.next().is_some_and(char::is_alphanumeric);
    if !wrapped_at_hyphen {
        text.push(' ');
    }
}

/// Rounds a box to whole points for provenance.
fn bbox(x0: f64, y0: f64, x1: f64, y1: f64) -> Option<[u32; 4]> {
    let p = |v: f64| v.max(0.0).round().min(f64::from(u32::MAX)) as u32;
    Some([p(x0), p(y0), p(x1), p(y1)])
}

/// Something placed on a page, in reading order by its top.
enum Placed {
    Table(f64, Table),
    Lines(f64, Vec<TextLine>),
}

/// A page number or running header/footer line, by its text.
fn is_page_number(text: &str) -> bool {
    static PAGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^(?:[-–—]\s*)?(?:trang\s*)?[0-9]{1,3}(?:\s*/\s*[0-9]{1,3})?(?:\s*[-–—])?$")
            .expect("valid regex")
    });
    PAGE.is_match(text.trim())
}

/// Turns the collected pages into blocks.
fn layout(pages: Vec<PageContent>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Block> {
    let running = running_lines(&pages);
    let mut blocks = Vec::new();
    let mut tables = 0u32;
    let mut dropped = 0usize;
    let total = pages.len();
    // The column edges of a table found by alignment that ended the last page.
    let mut aligned_open: Option<Vec<f64>> = None;
    for (index, page) in pages.into_iter().enumerate() {
        let number = page.number;
        let grids = find_grids(page.horizontal, page.vertical);
        let mut per_cell: Vec<Vec<Vec<Glyph>>> = grids.iter().map(|g| vec![Vec::new(); g.cells.len()]).collect();
        let mut outside = Vec::new();
        // OCR words line by line, for the rule below.
        let glyphs: Vec<Glyph> = if page.ocr { visual_lines(page.glyphs).concat() } else { page.glyphs };
        // (table, cell, baseline, right end) of the last word placed.
        let mut previous: Option<(usize, usize, f64, f64)> = None;
        for glyph in glyphs {
            let centre = glyph.centre();
            match grids.iter().position(|g| g.contains(centre)) {
                Some(t) => {
                    let mut cell = grids[t].cell_at(centre);
                    // Tesseract reports a column rule over the whole table,
                    // also through merged cells: an OCR word that follows
                    // the word before at a space's distance stays in its cell.
                    if let Some((pt, pc, py, px1)) = previous {
                        let same_line = (glyph.y - py).abs() <= glyph.size * 0.4 && glyph.x > px1 - glyph.size;
                        if page.ocr && pt == t && same_line && glyph.x - px1 <= glyph.size * 0.45 {
                            cell = pc;
                        }
                    }
                    previous = Some((t, cell, glyph.y, glyph.x + glyph.width));
                    per_cell[t][cell].push(glyph);
                }
                None => outside.push(glyph),
            }
        }
        let mut placed = Vec::new();
        for (grid, glyphs) in grids.iter().zip(per_cell) {
            tables += 1;
            placed.push(Placed::Table(grid.ys[0], table(grid, glyphs, number, tables)));
        }
        let margin = page.height * 0.08;
        let lines: Vec<TextLine> = text_lines(outside)
            .into_iter()
            .filter(|line| {
                let edge = line.y < margin || line.y > page.height - margin;
                let furniture = edge
                    && (is_page_number(&line.text) || running.contains(&(line.text.clone(), line.y.round() as i64)));
                dropped += usize::from(furniture);
                !furniture
            })
            .collect();
        // Without ruling lines, a table may still be there by alignment.
        let mut lines = lines;
        if grids.is_empty() {
            match aligned_table(&lines, aligned_open.as_deref()) {
                Some(found) => {
                    let after = lines.split_off(found.end);
                    let rows: Vec<TextLine> = lines.split_off(found.start);
                    aligned_open = after.is_empty().then(|| found.edges.clone());
                    tables += 1;
                    let table = aligned_rows(&rows, &found.edges, found.header, number, tables);
                    placed.push(Placed::Table(rows[0].y - rows[0].size, table));
                    if let Some(first) = after.first() {
                        placed.push(Placed::Lines(first.y - first.size, after));
                    }
                }
                None => aligned_open = None,
            }
        } else {
            aligned_open = None;
        }
        // Lines between two tables (or before/after them) stay together.
        let mut group: Vec<TextLine> = Vec::new();
        let tops: Vec<f64> = grids.iter().map(|g| g.ys[0]).collect();
        for line in lines {
            let split = group.last().is_some_and(|last| tops.iter().any(|&t| last.y < t && line.y > t));
            if split {
                let top = group[0].y - group[0].size;
                placed.push(Placed::Lines(top, std::mem::take(&mut group)));
            }
            group.push(line);
        }
        if !group.is_empty() {
            let top = group[0].y - group[0].size;
            placed.push(Placed::Lines(top, group));
        }
        placed.sort_by(|a, b| {
            let top = |p: &Placed| match p {
                Placed::Table(t, _) | Placed::Lines(t, _) => *t,
            };
            top(a).total_cmp(&top(b))
        });
        for p in placed {
            match p {
                Placed::Table(_, t) => blocks.push(Block::Table(t)),
                Placed::Lines(_, lines) => blocks.extend(paragraphs(&lines, number, page.width)),
            }
        }
        if index + 1 < total {
            blocks.push(Block::PageBreak(Location { page: Some(number), ..Location::default() }));
        }
    }
    if dropped > 0 {
        diagnostics.push(Diagnostic::new(
            Level::Info,
            Code::PdfPageFurniture,
            format!("{dropped} page number or running header/footer line(s) left out"),
            None,
        ));
    }
    blocks
}

/// A table found by alignment: lines `start..end` of the page, and the
/// left edges of its columns.
#[derive(Debug, PartialEq)]
pub(crate) struct Aligned {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) edges: Vec<f64>,
    /// The first line is the table's header.
    pub(crate) header: bool,
}

/// The line's runs of words separated by a column-wide gap.
fn chunks(line: &TextLine) -> Vec<(f64, f64)> {
    let gap = (line.size * 0.6).max(5.0);
    let mut out: Vec<(f64, f64)> = Vec::new();
    for w in &line.words {
        match out.last_mut() {
            Some(last) if w.x0 - last.1 <= gap => last.1 = w.x1,
            _ => out.push((w.x0, w.x1)),
        }
    }
    out
}

/// Finds a table without ruling lines: from the first line with three or
/// more column-separated runs (its header) to the last line with two or
/// more, plus the lines that follow it closely. Column edges are the starts
/// of the header's runs (the header names every column), each moved left to
/// where the column's body text starts (headers may be centred). Without a
/// header line on a page that continues a table, `previous` edges are kept.
pub(crate) fn aligned_table(lines: &[TextLine], previous: Option<&[f64]>) -> Option<Aligned> {
    let runs: Vec<Vec<(f64, f64)>> = lines.iter().map(chunks).collect();
    let header = runs.iter().position(|r| r.len() >= 3);
    let start = match (previous, header) {
        (Some(_), _) if runs.first().is_some_and(|r| r.len() >= 2) => 0,
        (_, Some(h)) => h,
        _ => return None,
    };
    let mut end = start + runs[start..].iter().rposition(|r| r.len() >= 2)? + 1;
    while end < lines.len() {
        let (prev, next) = (&lines[end - 1], &lines[end]);
        if next.y - prev.y > prev.size.max(next.size) * 1.6 || next.x0 < lines[start].x0 - 3.0 {
            break;
        }
        end += 1;
    }
    let edges = match header.filter(|&h| h == start) {
        Some(h) => header_edges(lines, &runs, h, end),
        None => previous?.to_vec(),
    };
    (edges.len() >= 3).then_some(Aligned { start, end, edges, header: header == Some(start) })
}

/// Column edges from the header line at `h` (and the header lines just
/// below it, for labels placed lower), moved left to the body's text.
fn header_edges(lines: &[TextLine], runs: &[Vec<(f64, f64)>], h: usize, end: usize) -> Vec<f64> {
    let mut labels: Vec<(f64, f64)> = runs[h].clone();
    for k in h + 1..end.min(h + 4) {
        if lines[k].y - lines[h].y > lines[h].size * 3.5 {
            break;
        }
        for &run in &runs[k] {
            let covered = labels.iter().any(|l| run.0 <= l.1 + SNAP && run.1 >= l.0 - SNAP);
            if !covered {
                labels.push(run);
            }
        }
    }
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    let body: Vec<f64> = runs[h..end].iter().flatten().map(|r| r.0).collect();
    let mut edges = Vec::with_capacity(labels.len());
    for (k, label) in labels.iter().enumerate() {
        let floor = if k == 0 { f64::MIN } else { labels[k - 1].1 };
        let start = body.iter().copied().filter(|&x| x > floor && x <= label.0).fold(label.0, f64::min);
        edges.push(start);
    }
    edges
}

/// The rows of a table found by alignment. A row starts at a line with text
/// in the first column, after a gap wider than the table's usual line
/// pitch, or where a column's text comes back after a line without it
/// (cells are top-aligned and have no blank lines). Each word goes to the
/// column whose left edge it is right of, unless it follows the word before
/// at a space's distance (a title running across columns). Text that goes
/// on in a column from the line just above into a new row, where that line
/// had to wrap (the new line's first word would not have fitted on it), is a
/// cell merged down from the row above (`row_span`); a header row merges
/// into nothing, and ends where a column's next line is no wrap of its label.
pub(crate) fn aligned_rows(lines: &[TextLine], edges: &[f64], header_first: bool, page: u32, index: u32) -> Table {
    let mut pitches: Vec<f64> = lines.windows(2).map(|w| w[1].y - w[0].y).filter(|d| *d > 0.0).collect();
    pitches.sort_by(f64::total_cmp);
    // The usual line pitch: the lower quartile of the gaps between lines.
    let pitch = pitches.get(pitches.len() / 4).copied().unwrap_or(f64::MAX);
    let column_of = |x: f64| edges.iter().rposition(|&e| x >= e - SNAP).unwrap_or(0);
    let columns = edges.len();
    // Each line's words by column.
    let split: Vec<Vec<Option<TextLine>>> = lines
        .iter()
        .map(|line| {
            let mut per: Vec<Vec<Word>> = vec![Vec::new(); columns];
            let mut previous: Option<(usize, f64)> = None;
            for w in &line.words {
                let column = match previous {
                    Some((c, x1)) if w.x0 - x1 <= line.size * 0.45 => c,
                    _ => column_of(w.x0),
                };
                per[column].push(w.clone());
                previous = Some((column, w.x1));
            }
            per.into_iter().map(|words| TextLine::from_words(words, line.y, line.size)).collect()
        })
        .collect();
    // Row bands (first and last line) and, per row and column, the lines of
    // the cell that starts there; `owner[c]` is the row whose cell column
    // `c` is currently filling.
    let mut bands: Vec<(usize, usize)> = Vec::new();
    let mut cells: Vec<Vec<Vec<TextLine>>> = Vec::new();
    let mut owner: Vec<usize> = vec![0; columns];
    let mut last_line: Vec<Option<usize>> = vec![None; columns];
    let mut spans: Vec<Vec<u32>> = Vec::new();
    let mut covered: Vec<Vec<bool>> = Vec::new();
    // Where each column's text must wrap: the next column's edge less the
    // cell padding, the padding being the least room any column leaves.
    let widest: Vec<f64> = (0..columns)
        .map(|c| {
            let inside = |x: &f64| edges.get(c + 1).is_none_or(|next| *x <= *next);
            split.iter().filter_map(|p| p[c].as_ref().map(|l| l.x1)).filter(inside).fold(f64::MIN, f64::max)
        })
        .collect();
    let padding = (0..columns.saturating_sub(1))
        .filter(|&c| widest[c] > f64::MIN)
        .map(|c| (edges[c + 1] - widest[c]).max(0.0))
        .fold(f64::MAX, f64::min);
    let limit = |c: usize| match edges.get(c + 1) {
        Some(next) if padding < f64::MAX => next - padding,
        _ => widest[c],
    };
    // Whether `next` is the same paragraph wrapped from `prev`: its first
    // word would not have fitted at the end of `prev`, and it is no item.
    let wrapped = |c: usize, prev: &TextLine, next: &TextLine| {
        let word = next.words.first().map_or(0.0, |w| w.x1 - w.x0);
        // Measured widths run a little short of the layout engine's: lean
        // towards "wrapped" by a fifth of the font size.
        !starts_item(&next.text) && prev.x1 + next.size * 0.25 + word > limit(c) - next.size * 0.2
    };
    for (i, parts) in split.iter().enumerate() {
        let present = |c: usize| parts[c].is_some();
        let first_column = present(0);
        let gap = i > 0 && lines[i].y - lines[i - 1].y > pitch * 1.3;
        let resumed = (0..columns).any(|c| present(c) && last_line[c].is_some_and(|l| l + 1 < i));
        // Text right under a column's line that is not that line wrapped
        // starts a new cell, so a new row, where the column is still filling
        // a cell of an earlier row or the header.
        let goes_on = |c: usize| {
            let prev = cells.get(owner[c]).and_then(|row| row[c].last());
            match (prev, parts[c].as_ref()) {
                (Some(prev), Some(next)) => last_line[c] == Some(i - 1) && wrapped(c, prev, next),
                _ => false,
            }
        };
        let in_header = header_first && bands.len() == 1;
        let new_cell = (0..columns).any(|c| {
            present(c)
                && last_line[c] == Some(i.wrapping_sub(1))
                && (owner[c] + 1 < bands.len() || in_header)
                && !goes_on(c)
        });
        if bands.is_empty() || first_column || gap || resumed || new_cell {
            let fresh = bands.is_empty() || first_column || gap;
            let row = bands.len();
            let flowing: Vec<bool> =
                (0..columns).map(|c| !(fresh || header_first && owner[c] == 0) && goes_on(c)).collect();
            spans.push(vec![1; columns]);
            covered.push(vec![false; columns]);
            for c in 0..columns {
                if flowing[c] {
                    spans[owner[c]][c] += 1;
                    covered[row][c] = true;
                } else {
                    owner[c] = row;
                    last_line[c] = None;
                }
            }
            bands.push((i, i));
            cells.push(vec![Vec::new(); columns]);
        }
        let row = bands.len() - 1;
        bands[row].1 = i;
        for (c, part) in parts.iter().enumerate() {
            if let Some(part) = part {
                cells[owner[c]][c].push(part.clone());
                last_line[c] = Some(i);
            }
        }
    }
    let right = lines.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
    let mut table = Table::default();
    for (r, &(first, last)) in bands.iter().enumerate() {
        let (top, bottom) = (lines[first].y - lines[first].size, lines[last].y + lines[last].size * 0.3);
        let row_location = Location {
            page: Some(page),
            table: Some(index),
            row: Some(r as u32 + 1),
            bbox: bbox(edges[0], top, right, bottom),
            ..Location::default()
        };
        let mut row = Row { cells: Vec::new(), header: false, location: row_location };
        for (c, &edge) in edges.iter().enumerate() {
            let next = edges.get(c + 1).copied().unwrap_or(right);
            let location =
                Location { column: Some(c as u32 + 1), bbox: bbox(edge, top, next, bottom), ..row.location.clone() };
            let mut cell = Cell::new(cell_text(&cells[r][c]), location);
            cell.row_span = spans[r][c];
            cell.merged_above = covered[r][c];
            row.cells.push(cell);
        }
        table.rows.push(row);
    }
    let (top, bottom) = (lines[0].y - lines[0].size, lines[lines.len() - 1].y + lines[lines.len() - 1].size * 0.3);
    table.location = Location {
        page: Some(page),
        table: Some(index),
        bbox: bbox(edges[0], top, right, bottom),
        ..Location::default()
    };
    table
}

/// Lines that recur at the same height near the top or bottom of most
/// pages (running headers and footers), by text and rounded baseline.
fn running_lines(pages: &[PageContent]) -> std::collections::HashSet<(String, i64)> {
    let mut counts: std::collections::HashMap<(String, i64), usize> = Default::default();
    if pages.len() < 3 {
        return Default::default();
    }
    for page in pages {
        let margin = page.height * 0.08;
        let edge: Vec<Glyph> =
            page.glyphs.iter().filter(|g| g.y < margin || g.y > page.height - margin).cloned().collect();
        let mut seen = std::collections::HashSet::new();
        for line in text_lines(edge) {
            let key = (line.text, line.y.round() as i64);
            if seen.insert(key.clone()) {
                *counts.entry(key).or_default() += 1;
            }
        }
    }
    counts.into_iter().filter(|(_, n)| *n * 2 > pages.len()).map(|(k, _)| k).collect()
}

/// One page's part of a ruled table.
fn table(grid: &Grid, glyphs: Vec<Vec<Glyph>>, page: u32, index: u32) -> Table {
    let cols = grid.xs.len() - 1;
    let texts: Vec<String> = glyphs.into_iter().map(|g| cell_text(&text_lines(g))).collect();
    let (x0, y0, x1, y1) = grid.bbox();
    let mut table = Table {
        rows: Vec::new(),
        location: Location { page: Some(page), table: Some(index), bbox: bbox(x0, y0, x1, y1), ..Location::default() },
    };
    for r in 0..grid.ys.len() - 1 {
        let row_number = r as u32 + 1;
        let mut cells = Vec::new();
        let mut c = 0;
        let mut column = 0u32;
        while c < cols {
            let id = grid.owner[r * cols + c];
            let cell = grid.cells[id];
            column += 1;
            let location = Location {
                page: Some(page),
                table: Some(index),
                row: Some(row_number),
                column: Some(column),
                bbox: bbox(
                    grid.xs[cell.col],
                    grid.ys[cell.row],
                    grid.xs[cell.col + cell.cols],
                    grid.ys[cell.row + cell.rows],
                ),
                ..Location::default()
            };
            let mut out = Cell::new(if cell.row == r { texts[id].clone() } else { String::new() }, location);
            out.col_span = cell.cols as u32;
            if cell.row == r {
                out.row_span = cell.rows as u32;
            } else {
                out.merged_above = true;
            }
            cells.push(out);
            c += cell.cols;
        }
        table.rows.push(Row {
            cells,
            header: false,
            location: Location {
                page: Some(page),
                table: Some(index),
                row: Some(row_number),
                bbox: bbox(x0, grid.ys[r], x1, grid.ys[r + 1]),
                ..Location::default()
            },
        });
    }
    table
}

/// Paragraphs from the lines outside tables: a line continues the
/// paragraph before when it follows closely, starts no new item and is not
/// indented past the paragraph's left edge while the line before ran full.
fn paragraphs(lines: &[TextLine], page: u32, page_width: f64) -> Vec<Block> {
    let right = lines.iter().map(|l| l.x1).fold(0.0, f64::max).min(page_width);
    let mut out: Vec<(Vec<&TextLine>, f64)> = Vec::new();
    for line in lines {
        let continues = out.last().is_some_and(|(para, left)| {
            let last = para[para.len() - 1];
            let close = line.y - last.y <= last.size.max(line.size) * 1.9;
            let full = last.x1 >= right - last.size * 4.0;
            let aligned = (line.x0 - left).abs() <= last.size * 1.5;
            close && full && aligned && !starts_item(&line.text) && (line.size - last.size).abs() < 1.0
        });
        if continues {
            out.last_mut().expect("checked").0.push(line);
        } else {
            out.push((vec![line], line.x0));
        }
    }
    out.into_iter()
        .map(|(para, _)| {
            let x0 = para.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
            let x1 = para.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
            let (top, bottom) = (para[0].y - para[0].size, para[para.len() - 1].y + para[para.len() - 1].size * 0.3);
            let mut text = String::new();
            for (i, line) in para.iter().enumerate() {
                if i > 0 {
                    push_continuation(&mut text);
                }
                text.push_str(&line.text);
            }
            Block::Paragraph(Paragraph {
                text,
                location: Location { page: Some(page), bbox: bbox(x0, top, x1, bottom), ..Location::default() },
                ..Paragraph::default()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(at: f64, from: f64, to: f64) -> Segment {
        Segment { at, from, to }
    }

    #[test]
    fn a_grid_with_a_missing_rule_merges_cells() {
        // 3 columns × 3 rows; row 2 has no rule between columns 2 and 3
        // (a horizontal merge); column 1 has no rule between rows 2 and 3
        // (a vertical merge).
        let horizontal = vec![h(10.0, 0.0, 300.0), h(30.0, 0.0, 300.0), h(50.0, 100.0, 300.0), h(70.0, 0.0, 300.0)];
        let vertical = vec![
            h(0.0, 10.0, 70.0),
            h(100.0, 10.0, 70.0),
            h(200.0, 10.0, 30.0),
            h(200.0, 50.0, 70.0),
            h(300.0, 10.0, 70.0),
        ];
        let grids = find_grids(horizontal, vertical);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!(g.xs.len(), 4);
        assert_eq!(g.ys.len(), 4);
        let spans: Vec<(usize, usize, usize, usize)> = g.cells.iter().map(|c| (c.row, c.col, c.rows, c.cols)).collect();
        assert_eq!(
            spans,
            vec![(0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 1, 1), (1, 0, 2, 1), (1, 1, 1, 2), (2, 1, 1, 1), (2, 2, 1, 1)]
        );
        assert_eq!(g.cell_at((50.0, 60.0)), 3, "row 3, column 1 belongs to the merged cell");
    }

    #[test]
    fn separate_rulings_are_separate_tables() {
        let horizontal = vec![h(10.0, 0.0, 100.0), h(20.0, 0.0, 100.0), h(200.0, 0.0, 100.0), h(220.0, 0.0, 100.0)];
        let vertical = vec![
            h(0.0, 10.0, 20.0),
            h(50.0, 10.0, 20.0),
            h(100.0, 10.0, 20.0),
            h(0.0, 200.0, 220.0),
            h(50.0, 200.0, 220.0),
            h(100.0, 200.0, 220.0),
        ];
        assert_eq!(find_grids(horizontal.clone(), vertical).len(), 2);
        // A single box (a frame) is no table.
        let frame = vec![h(0.0, 10.0, 20.0), h(100.0, 10.0, 20.0)];
        assert!(find_grids(horizontal[..2].to_vec(), frame).is_empty());
        // Lines that never cross (underlines, a frame's single rule) are no table.
        assert!(find_grids(vec![h(10.0, 0.0, 100.0), h(40.0, 0.0, 100.0)], vec![]).is_empty());
    }

    fn glyphs(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph { x: x + i as f64 * 6.0, y, width: 5.5, size: 11.0, text: c.to_string() })
            .collect()
    }

    #[test]
    fn glyphs_become_lines_in_reading_order() {
        let mut all = glyphs("Kế hoạch", 10.0, 100.0);
        all.extend(glyphs("số 12", 100.0, 100.4));
        all.extend(glyphs("- Phòng", 10.0, 114.0));
        all.reverse();
        let lines = text_lines(all);
        assert_eq!(lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["Kế hoạch số 12", "- Phòng"]);
        assert_eq!(cell_text(&lines), "Kế hoạch số 12\n- Phòng");
        let wrapped =
            text_lines([glyphs("Nghị định số 60/NĐ-", 10.0, 100.0), glyphs("CP của Chính phủ", 10.0, 114.0)].concat());
        assert_eq!(cell_text(&wrapped), "Nghị định số 60/NĐ-CP của Chính phủ");
    }

    #[test]
    fn combining_marks_join_their_letter() {
        let mut all = glyphs("Vie", 10.0, 100.0);
        all.push(Glyph { x: 22.0, y: 100.0, width: 0.0, size: 11.0, text: "\u{0302}".into() });
        all.extend(glyphs("t", 28.0, 100.0));
        assert_eq!(text_lines(all)[0].text, "Vie\u{0302}t");
    }

    /// Builds a page line from (x, text) runs at baseline `y`, one glyph per
    /// character, 6 pt apart.
    fn line(y: f64, runs: &[(f64, &str)]) -> TextLine {
        let mut all = Vec::new();
        for (x, text) in runs {
            all.extend(glyphs(text, *x, y));
        }
        text_lines(all).remove(0)
    }

    #[test]
    fn a_table_without_rules_is_found_by_alignment() {
        // Header, a row whose first cell wraps onto a second line while the
        // third column's text flows on, then a row whose text starts back in
        // the first column. Column 2's second row starts right under its
        // first one: no wrap (the line above was short), so a new cell.
        let lines = vec![
            line(100.0, &[(10.0, "KẾ HOẠCH")]),
            line(130.0, &[(10.0, "TT"), (40.0, "Nhiệm vụ"), (200.0, "Sản phẩm"), (330.0, "Tiến độ")]),
            line(143.0, &[(10.0, "1"), (40.0, "Rà soát văn bản"), (200.0, "Báo cáo"), (330.0, "Quý I")]),
            line(156.0, &[(40.0, "QPPL")]),
            line(169.0, &[(10.0, "2"), (40.0, "Kiểm tra"), (200.0, "Kế hoạch"), (330.0, "Quý II")]),
            line(240.0, &[(10.0, "Nơi nhận:")]),
        ];
        let found = aligned_table(&lines, None).expect("a table");
        assert_eq!((found.start, found.end), (1, 5), "the title and the note are outside");
        assert_eq!(found.edges, vec![10.0, 40.0, 200.0, 330.0]);
        let table = aligned_rows(&lines[1..5], &found.edges, true, 1, 1);
        let texts: Vec<Vec<&str>> =
            table.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(
            texts,
            vec![
                vec!["TT", "Nhiệm vụ", "Sản phẩm", "Tiến độ"],
                vec!["1", "Rà soát văn bản QPPL", "Báo cáo", "Quý I"],
                vec!["2", "Kiểm tra", "Kế hoạch", "Quý II"],
            ]
        );
        assert_eq!(table.rows[2].cells[1].location.row, Some(3));
        assert!(table.rows[2].cells[1].location.bbox.is_some());
        // Fewer than three columns is no table.
        assert!(aligned_table(&lines[..1], None).is_none());
    }

    #[test]
    fn page_numbers_are_recognised() {
        for text in ["3", "- 3 -", "Trang 3/8", "12"] {
            assert!(is_page_number(text), "{text}");
        }
        for text in ["2021", "1. Mục tiêu", "Quý I/2021", "I"] {
            assert!(!is_page_number(text), "{text}");
        }
    }
}
