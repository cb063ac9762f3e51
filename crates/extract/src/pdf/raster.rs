//! Scanned PDF pages that are not one image kehoach decodes itself
//! (several strips or tiles per page, inline images, images inside form
//! XObjects or under inherited resources, JPEG 2000, predictor-coded Flate,
//! indexed colour, masks, `/Rotate`) are rendered in process by the
//! pure-Rust `hayro` renderer: the whole page in gray, upright as displayed,
//! at the resolution of its largest image (kept between [`MIN_DPI`] and
//! [`MAX_DPI`]). The report's page images come from the same renderer.
//!
//! hayro skips what it cannot draw, so a page whose images all fail to
//! decode renders blank: that is caught here ([`RenderError::Undecoded`])
//! rather than handed to OCR as an empty page.

use crate::ocr;
use hayro::hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps, InterpreterCache,
    InterpreterSettings, SoftMask,
};
use hayro::hayro_syntax::Pdf;
use hayro::kurbo::{Affine, BezPath, Rect};
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Resolution of a page whose images give none (and of the report's pages).
pub(crate) const DPI: u32 = 300;
/// Lowest rendering resolution: a scan placed at a lower one (an image
/// wrapped at 96 dpi) is drawn bigger, which OCR reads better.
pub(crate) const MIN_DPI: u32 = 72;
/// Highest rendering resolution: more pixels than this give OCR nothing.
pub(crate) const MAX_DPI: u32 = 400;
/// Longest side of a rendered page, in pixels (a poster-sized page is drawn
/// at a lower resolution rather than taking gigabytes).
const MAX_SIDE: f64 = 10_000.0;
/// Gray level (0 black, 255 white) below which a rendered pixel is ink.
const INK: u8 = 192;

/// Why a page could not be rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The renderer cannot read the file (damaged, or encrypted in a way it
    /// does not decrypt).
    #[error("the page renderer cannot read this PDF")]
    Load,
    /// The renderer has no such page (1-based).
    #[error("the page renderer finds no page {0}")]
    NoPage(u32),
    /// The renderer gave up on the page: the panic's message (a caught panic
    /// has no error type).
    #[error("the page renderer gave up on page {page} ({message})")]
    Panicked {
        /// 1-based page number.
        page: u32,
        /// What it said.
        message: String,
    },
    /// The page draws images, but none of them decodes: the page renders
    /// blank.
    #[error(
        "page {0}: its scanned image cannot be decoded (a damaged image, or a codec the renderer does not read); \
         rasterize the PDF with another tool first (`pdftoppm -r 300 -png in.pdf page`)"
    )]
    Undecoded(u32),
}

/// A PDF loaded for rendering.
pub(crate) struct Renderer {
    pdf: Pdf,
}

/// What a page draws that makes it a scan.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Drawn {
    /// Images drawn (stencil masks included).
    pub images: usize,
    /// The highest resolution an image is drawn at, in pixels per inch of
    /// the page (0 when there is no image).
    pub dpi: f64,
}

impl Renderer {
    /// Loads `pdf` (copied: the renderer keeps its own bytes).
    pub(crate) fn load(pdf: &[u8]) -> Result<Renderer, RenderError> {
        let loaded = catch_unwind(|| Pdf::new(pdf.to_vec()));
        match loaded {
            Ok(Ok(pdf)) => Ok(Renderer { pdf }),
            _ => Err(RenderError::Load),
        }
    }

    /// Page `page` (1-based).
    fn page(&self, page: u32) -> Result<&hayro::hayro_syntax::page::Page<'_>, RenderError> {
        let index = usize::try_from(page).ok().and_then(|n| n.checked_sub(1));
        index.and_then(|i| self.pdf.pages().get(i)).ok_or(RenderError::NoPage(page))
    }

    /// The images page `page` (1-based) draws, wherever they are stored,
    /// without decoding them.
    pub(crate) fn drawn(&self, page: u32) -> Result<Drawn, RenderError> {
        let found = self.page(page)?;
        let census = catch_unwind(AssertUnwindSafe(|| {
            let cache = InterpreterCache::new();
            let crop = found.intersected_crop_box();
            let bbox = Rect::new(crop.x0, crop.y0, crop.x1, crop.y1);
            let mut context =
                Context::new(Affine::IDENTITY, bbox, &cache, found.xref(), InterpreterSettings::default());
            let mut census = Census::default();
            hayro::hayro_interpret::interpret_page(found, &mut context, &mut census);
            census.0
        }));
        census.map_err(|payload| RenderError::Panicked { page, message: crate::panic_message(payload.as_ref()) })
    }

    /// Renders page `page` (1-based) in gray at `dpi` (lowered for a page
    /// whose longer side would pass [`MAX_SIDE`] pixels), upright as
    /// displayed. The image's resolution is the one it was rendered at.
    pub(crate) fn render(&self, page: u32, dpi: f64) -> Result<ocr::Image, RenderError> {
        let found = self.page(page)?;
        let (w, h) = found.render_dimensions();
        let (w, h) = (f64::from(w).max(1.0), f64::from(h).max(1.0));
        let dpi = dpi.min(MAX_SIDE * 72.0 / w.max(h)).max(1.0);
        // The renderer cuts the page's size in pixels down to a whole
        // number: a scale a hair above the whole width keeps a scan's pixels
        // one to one (a page one pixel narrower than its image is resampled
        // all over, which OCR reads measurably worse).
        let scale = ((w * dpi / 72.0).round() + 0.01) / w;
        let dpi = scale * 72.0;
        let scale = scale as f32;
        let rendered = catch_unwind(AssertUnwindSafe(|| {
            let settings = PixmapSettings { x_scale: scale, y_scale: scale, bg_color: WHITE };
            let cache = RenderCache::new();
            let pixmap =
                hayro::render(found, &cache, &InterpreterSettings::default(), &RenderSettings::default(), &settings);
            let (width, height) = (usize::from(pixmap.width()), usize::from(pixmap.height()));
            // Drawn on white, so every pixel is opaque: the colour is the
            // premultiplied one.
            let pixels = pixmap
                .data_as_u8_slice()
                .chunks_exact(4)
                .map(|p| ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000) as u8)
                .collect();
            ocr::Gray { width, height, pixels }
        }));
        let gray = rendered
            .map_err(|payload| RenderError::Panicked { page, message: crate::panic_message(payload.as_ref()) })?;
        if !gray.pixels.iter().any(|&p| p < INK) {
            return Err(RenderError::Undecoded(page));
        }
        Ok(ocr::Image { bytes: gray.to_pgm(), extension: "pgm", dpi: Some(dpi.round() as u32), gray: Some(gray) })
    }
}

/// The resolution to render a page whose images are drawn at `drawn`: its
/// sharpest image's own, so that its pixels map one to one.
pub(crate) fn resolution(drawn: Drawn) -> f64 {
    if drawn.dpi <= 0.0 {
        return f64::from(DPI);
    }
    drawn.dpi.clamp(f64::from(MIN_DPI), f64::from(MAX_DPI))
}

/// A device that only counts the images a page draws and the resolution of
/// the sharpest one.
#[derive(Default)]
struct Census(Drawn);

impl<'a> Device<'a> for Census {
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'a>, _: &DrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph_run(&mut self, _: &hayro::hayro_interpret::font::GlyphRun<'_, 'a>, _: DrawProps<'a>, _: &DrawMode) {}
    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        // The renderer's image transform maps the image's own pixel grid
        // (not the unit square) onto the page, in points.
        let (width, height) = (f64::from(image.width()), f64::from(image.height()));
        let placed = props.transform.transform_rect_bbox(Rect::new(0.0, 0.0, width, height));
        // Pixels per inch along the image's own axes, whichever way it is turned.
        let across = placed.width().max(placed.height());
        if across > 0.0 {
            let dpi = width.max(height) / across * 72.0;
            self.0.dpi = self.0.dpi.max(dpi);
        }
        self.0.images += 1;
    }
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}
