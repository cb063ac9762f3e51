//! The output device pdf-extract draws into: glyphs with their position
//! and size, and straight path edges as ruling segments, page by page.

use crate::layout::{Glyph, PageContent, Segment};
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};
use std::time::{Duration, Instant};

/// Glyphs on one page beyond this are refused (a dense A4 page holds ~5,000).
const MAX_PAGE_GLYPHS: usize = 200_000;
/// Path segments on one page beyond this are ignored for table finding.
const MAX_PAGE_SEGMENTS: usize = 50_000;
/// Glyphs in the whole document beyond this are refused.
const MAX_GLYPHS: usize = 20_000_000;
/// Reading one PDF stops after this long.
const TIME_LIMIT: Duration = Duration::from_secs(120);
/// Points: a path edge that strays no more than this across its direction
/// is a straight rule.
const RULE_STRAY: f64 = 1.0;
/// Points: a filled rectangle no thicker than this is a rule drawn as a
/// fill (as Word draws table borders).
const FILLED_RULE_THICKNESS: f64 = 2.0;
/// Points: path edges (and filled rectangles) shorter than this are no
/// rules (dots, bullet marks, glyph-like strokes).
const MIN_RULE_LENGTH: f64 = 2.0;

/// A bound at which the reader stopped interpreting a PDF.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfLimit {
    /// Reading took longer than 120 s.
    #[error("reading the PDF took longer than {} s; gave up", TIME_LIMIT.as_secs())]
    TimeLimit,
    /// More than 20 million glyphs in all.
    #[error("more than {MAX_GLYPHS} characters: too large to be one plan")]
    TooManyGlyphs,
    /// More than 200,000 glyphs on one page (its number).
    #[error("page {0} has more than {MAX_PAGE_GLYPHS} characters")]
    PageTooDense(u32),
}

/// The output device: collects glyphs and segments page by page and stops
/// pdf-extract (by returning an error) when a bound is reached.
#[derive(Default)]
pub(crate) struct Collector {
    pub(crate) pages: Vec<PageContent>,
    page: PageContent,
    origin: (f64, f64),
    glyphs: usize,
    started: Option<Instant>,
    pub(crate) stop: Option<PdfLimit>,
}

impl Collector {
    /// A device whose time limit runs from `started`.
    pub(crate) fn new(started: Instant) -> Collector {
        Collector { started: Some(started), ..Collector::default() }
    }

    fn halt(&mut self, stop: PdfLimit) -> Result<(), OutputError> {
        let message = stop.to_string();
        self.stop = Some(stop);
        Err(OutputError::IoError(std::io::Error::other(message)))
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
        if dy <= RULE_STRAY && dx > MIN_RULE_LENGTH {
            self.page.horizontal.push(Segment { at: (a.1 + b.1) / 2.0, from: a.0.min(b.0), to: a.0.max(b.0) });
        } else if dx <= RULE_STRAY && dy > MIN_RULE_LENGTH {
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
                        if y1 - y0 <= FILLED_RULE_THICKNESS && x1 - x0 > MIN_RULE_LENGTH {
                            let y = (y0 + y1) / 2.0;
                            self.add_segment((x0, y), (x1, y));
                        } else if x1 - x0 <= FILLED_RULE_THICKNESS && y1 - y0 > MIN_RULE_LENGTH {
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
            return self.halt(PdfLimit::TimeLimit);
        }
        if self.glyphs > MAX_GLYPHS {
            return self.halt(PdfLimit::TooManyGlyphs);
        }
        if self.page.glyphs.len() >= MAX_PAGE_GLYPHS {
            return self.halt(PdfLimit::PageTooDense(self.page.number));
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
