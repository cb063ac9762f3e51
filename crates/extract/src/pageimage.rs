//! Page images for people checking OCR by eye (the HTML report): PDF pages
//! rendered by the renderer the scan path uses (`pdf::raster`, the
//! in-process `hayro` renderer, at 300 dpi in gray), and the pages of a TIFF image input
//! decoded in process (`pixels`, as OCR gets them), both encoded as gray PNG
//! at half their resolution so a report of several pages stays a few MB.

use crate::pdf::raster;
use crate::pdf::RenderError;
use std::io::Write;

/// Why there are no page images.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PageImageError {
    /// The PDF cannot be loaded.
    #[error("cannot read the PDF: {0}")]
    Pdf(#[source] pdf_extract::Error),
    /// The renderer failed on a page.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The TIFF decoder cannot read the file or a page of it, or a page's
    /// pixels are not gray or RGB (a palette, CMYK, …).
    #[error(transparent)]
    Image(#[from] crate::pixels::ImageDecodeError),
    /// The TIFF decoder panicked on a damaged file: the panic's message (a
    /// caught panic has no error type).
    #[error("the TIFF decoder gave up on this file ({0})")]
    Panicked(String),
}

/// One rendered page.
#[derive(Clone, Debug)]
pub struct PageImage {
    /// The page number (1-based).
    pub page: u32,
    /// A gray PNG.
    pub png: Vec<u8>,
    /// The page's size in points (1/72 inch), as the blocks' boxes are.
    pub width_pt: f64,
    /// The page's height in points.
    pub height_pt: f64,
}

/// Renders the first `max_pages` pages of a PDF; an error when the PDF
/// cannot be read or a page cannot be rendered. A blank page has no image.
pub fn pdf_page_images(pdf: &[u8], max_pages: u32) -> Result<Vec<PageImage>, PageImageError> {
    let doc = pdf_extract::Document::load_mem(pdf).map_err(PageImageError::Pdf)?;
    let pages = u32::try_from(doc.get_pages().len()).unwrap_or(u32::MAX).min(max_pages);
    let mut out = Vec::new();
    let renderer = raster::Renderer::load(pdf)?;
    for page in 1..=pages {
        let image = match renderer.render(page, f64::from(raster::DPI)) {
            Err(RenderError::Undecoded(_)) => continue,
            other => other?,
        };
        let Some(gray) = image.gray else { continue };
        let scale = 72.0 / f64::from(image.dpi.unwrap_or(raster::DPI));
        out.push(PageImage {
            page,
            width_pt: gray.width as f64 * scale,
            height_pt: gray.height as f64 * scale,
            png: gray_png_half(gray.width, gray.height, &gray.pixels),
        });
    }
    Ok(out)
}

/// Decodes the first `max_pages` pages of a TIFF image input. The page size
/// is given at the 300 dpi that image inputs are read by OCR at (the unit of
/// their items' boxes), whatever resolution the file states.
pub fn tiff_page_images(tiff: &[u8], max_pages: u32) -> Result<Vec<PageImage>, PageImageError> {
    let decoded = std::panic::catch_unwind(|| decode_tiff(tiff, max_pages));
    decoded.unwrap_or_else(|payload| Err(PageImageError::Panicked(crate::panic_message(payload.as_ref()))))
}

fn decode_tiff(tiff: &[u8], max_pages: u32) -> Result<Vec<PageImage>, PageImageError> {
    let scale = 72.0 / 300.0;
    Ok(crate::pixels::gray_tiff_pages(tiff, max_pages)?
        .into_iter()
        .zip(1..)
        .map(|((gray, _), page)| PageImage {
            page,
            width_pt: gray.width as f64 * scale,
            height_pt: gray.height as f64 * scale,
            png: gray_png_half(gray.width, gray.height, &gray.pixels),
        })
        .collect())
}

/// A gray PNG of the image at half its width and height (each pixel the
/// mean of a 2×2 block).
fn gray_png_half(width: usize, height: usize, pixels: &[u8]) -> Vec<u8> {
    let (w, h) = (width.div_ceil(2), height.div_ceil(2));
    let at = |x: usize, y: usize| u32::from(pixels[y.min(height - 1) * width + x.min(width - 1)]);
    let mut raw = Vec::with_capacity((w + 1) * h);
    for y in 0..h {
        raw.push(0); // filter: none
        for x in 0..w {
            let sum = at(2 * x, 2 * y) + at(2 * x + 1, 2 * y) + at(2 * x, 2 * y + 1) + at(2 * x + 1, 2 * y + 1);
            raw.push((sum / 4) as u8);
        }
    }
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = encoder.write_all(&raw);
    let data = encoder.finish().unwrap_or_default();
    let mut ihdr = Vec::new();
    ihdr.extend((w as u32).to_be_bytes());
    ihdr.extend((h as u32).to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]); // 8-bit gray, deflate, no filter choice, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, body) in [(b"IHDR", ihdr), (b"IDAT", data), (b"IEND", Vec::new())] {
        png.extend((body.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(&body);
        png.extend(kind);
        png.extend(&body);
        png.extend(crc.sum().to_be_bytes());
    }
    png
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pixels::ImageDecodeError;

    fn png_pixels(png: &[u8]) -> Vec<u8> {
        let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
        let len = u32::from_be_bytes(png[idat - 4..idat].try_into().unwrap()) as usize;
        let mut raw = Vec::new();
        use std::io::Read;
        flate2::read::ZlibDecoder::new(&png[idat + 4..idat + 4 + len]).read_to_end(&mut raw).unwrap();
        raw
    }

    /// The committed office scan (two pages of seed 002, CCITT G4, 200 dpi,
    /// white is zero) decodes page by page: white paper, black ink, the
    /// size in points at the 300 dpi of the OCR boxes.
    #[test]
    fn tiff_pages_decode_to_gray_pngs() {
        let tiff = include_bytes!("../../../fixtures/pdf/002-tasks-pages1-2.tif");
        let pages = tiff_page_images(tiff, 20).unwrap();
        assert_eq!(pages.iter().map(|p| p.page).collect::<Vec<_>>(), [1, 2]);
        for page in &pages {
            assert!((page.width_pt - 2339.0 * 0.24).abs() < 1e-9 && (page.height_pt - 1654.0 * 0.24).abs() < 1e-9);
            assert_eq!(&page.png[16..24], &[0, 0, 4, 146, 0, 0, 3, 59], "1170 × 827 pixels");
            let raw = png_pixels(&page.png);
            assert_eq!(raw.len(), (1170 + 1) * 827);
            let white = raw.iter().filter(|&&v| v == 255).count() as f64 / raw.len() as f64;
            let dark = raw.iter().filter(|&&v| v < 64).count();
            assert!(white > 0.8, "mostly white paper: {white}");
            assert!(dark > 10_000, "with text and rules: {dark}");
        }
        assert_eq!(tiff_page_images(tiff, 1).unwrap().len(), 1, "at most max_pages");
        let truncated = tiff_page_images(&tiff[..2000], 20);
        assert!(
            matches!(truncated, Err(PageImageError::Image(ImageDecodeError::Tiff(_)) | PageImageError::Panicked(_))),
            "{truncated:?}"
        );
        assert!(matches!(tiff_page_images(b"not a tiff", 20), Err(PageImageError::Image(ImageDecodeError::Tiff(_)))));
    }

    #[test]
    fn half_size_gray_png_decodes_to_the_means() {
        // 3 × 2 pixels: the odd column is paired with itself.
        let png = gray_png_half(3, 2, &[0, 255, 100, 0, 255, 100]);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(&png[16..24], &[0, 0, 0, 2, 0, 0, 0, 1], "2 × 1 pixels");
        let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
        let len = u32::from_be_bytes(png[idat - 4..idat].try_into().unwrap()) as usize;
        let mut raw = Vec::new();
        use std::io::Read;
        flate2::read::ZlibDecoder::new(&png[idat + 4..idat + 4 + len]).read_to_end(&mut raw).unwrap();
        assert_eq!(raw, [0, 127, 100]);
    }
}
