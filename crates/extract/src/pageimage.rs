//! Page images for people checking OCR by eye (the HTML report): PDF pages
//! rendered by the renderer the scan path uses (`pdf::raster`, poppler's
//! `pdftoppm` at 300 dpi in gray), encoded as PNG at half that resolution
//! so a report of several pages stays a few MB.

use crate::pdf::raster;
use std::io::Write;

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

/// Renders the first `max_pages` pages of a PDF; an error when `pdftoppm`
/// is not installed, the PDF cannot be read or a page cannot be rendered.
pub fn pdf_page_images(pdf: &[u8], max_pages: u32) -> Result<Vec<PageImage>, String> {
    let doc = pdf_extract::Document::load_mem(pdf).map_err(|e| format!("cannot read the PDF: {e}"))?;
    let pages = u32::try_from(doc.get_pages().len()).unwrap_or(u32::MAX).min(max_pages);
    let mut out = Vec::new();
    for page in 1..=pages {
        let Some(image) = raster::render(pdf, page).map_err(|e| e.to_string())? else {
            return Err(
                "poppler's pdftoppm, which renders the pages, is not installed (apt-get install poppler-utils)".into(),
            );
        };
        let Some(gray) = image.gray else { continue };
        let scale = 72.0 / f64::from(raster::DPI);
        out.push(PageImage {
            page,
            width_pt: gray.width as f64 * scale,
            height_pt: gray.height as f64 * scale,
            png: gray_png_half(gray.width, gray.height, &gray.pixels),
        });
    }
    Ok(out)
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
