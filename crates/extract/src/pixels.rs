//! Page images decoded to gray levels, so that image files and the JPEG
//! scans of PDFs get what rendered scanned pages get (deskewing, the second
//! look at table cells with ink but no word): PNG by the `png` crate (every
//! colour type and bit depth, interlaced or not), JPEG by `zune-jpeg`
//! (baseline and progressive; gray, YCbCr, RGB, CMYK), TIFF by the `tiff`
//! crate (every page; CCITT G3/G4 as office scanners write them, LZW,
//! Deflate, PackBits or none). Colour is turned to gray by its luma,
//! transparency is laid over white paper.

use crate::ocr::Gray;

/// Largest decoded size kehoach holds (the image bound is checked before,
/// from the header; A4 at 600 dpi in RGBA is about 140 MB).
const MAX_BYTES: usize = 1 << 30;

/// Why an image file cannot be decoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImageDecodeError {
    /// The PNG decoder refused the file (damaged or truncated data, a bad
    /// checksum, a size past the limit).
    #[error("cannot decode the PNG image: {0}")]
    Png(#[source] png::DecodingError),
    /// The JPEG decoder refused the file (damaged data, or a coding it does
    /// not read: arithmetic-coded or lossless JPEG).
    #[error("cannot decode the JPEG image: {0}")]
    Jpeg(#[source] zune_jpeg::errors::DecodeErrors),
    /// The TIFF decoder cannot read the file or a page of it.
    #[error("cannot decode the TIFF image: {0}")]
    Tiff(#[from] tiff::TiffError),
    /// A TIFF page whose pixels are not gray or RGB (a palette, CMYK, …).
    #[error("page {page} of the TIFF image has {kind} pixels, which the report does not show")]
    TiffPixels {
        /// 1-based page number.
        page: u32,
        /// The TIFF colour type, as the decoder names it.
        kind: String,
    },
}

impl ImageDecodeError {
    /// Whether the image is in a coding the decoder does not read (rather
    /// than damaged): Tesseract may still read it as stored.
    pub(crate) fn unsupported_coding(&self) -> bool {
        matches!(self, ImageDecodeError::Jpeg(zune_jpeg::errors::DecodeErrors::Unsupported(_)))
    }
}

/// The PNG's pixels as gray levels (0 black, 255 white), and its
/// resolution when the file states it (`pHYs` in pixels per metre).
pub(crate) fn decode_png(bytes: &[u8]) -> Result<(Gray, Option<u32>), ImageDecodeError> {
    use png::{ColorType, Transformations};
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(bytes), png::Limits { bytes: MAX_BYTES });
    // Palette and low bit depths expanded to 8 bits, 16 bits cut to their
    // high byte, transparency (tRNS) made an alpha channel.
    decoder.set_transformations(Transformations::EXPAND | Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(ImageDecodeError::Png)?;
    let dpi =
        reader.info().pixel_dims.filter(|d| d.unit == png::Unit::Meter).and_then(|d| dpi(f64::from(d.xppu) * 0.0254));
    let size = reader.output_buffer_size().ok_or(ImageDecodeError::Png(png::DecodingError::LimitsExceeded))?;
    let mut buffer = vec![0; size];
    let frame = reader.next_frame(&mut buffer).map_err(ImageDecodeError::Png)?;
    let (width, height) = (frame.width as usize, frame.height as usize);
    let channels = match frame.color_type {
        ColorType::Grayscale | ColorType::Indexed => 1,
        ColorType::GrayscaleAlpha => 2,
        ColorType::Rgb => 3,
        ColorType::Rgba => 4,
    };
    let rows = buffer.chunks(frame.line_size).take(height);
    let mut pixels = Vec::with_capacity(width * height);
    for row in rows {
        pixels.extend(row[..width * channels].chunks_exact(channels).map(|p| match *p {
            [v] => v,
            [v, alpha] => over_white(v, alpha),
            [r, g, b] => luma(r, g, b),
            [r, g, b, alpha] => over_white(luma(r, g, b), alpha),
            _ => 255,
        }));
    }
    Ok((Gray { width, height, pixels }, dpi))
}

/// The JPEG's pixels as gray levels, and its resolution when the file
/// states it (the JFIF density in dots per inch or per centimetre).
pub(crate) fn decode_jpeg(bytes: &[u8]) -> Result<(Gray, Option<u32>), ImageDecodeError> {
    use zune_jpeg::zune_core::{bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions};
    let decoder = |out: ColorSpace| {
        let options = DecoderOptions::default()
            .jpeg_set_out_colorspace(out)
            .set_max_width(usize::from(u16::MAX))
            .set_max_height(usize::from(u16::MAX));
        zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options)
    };
    // Gray and YCbCr straight to gray (the luma is the Y plane); RGB, CMYK
    // and YCCK through RGB.
    let mut jpeg = decoder(ColorSpace::Luma);
    jpeg.decode_headers().map_err(ImageDecodeError::Jpeg)?;
    let through_rgb = !matches!(jpeg.input_colorspace(), Some(ColorSpace::Luma | ColorSpace::YCbCr));
    if through_rgb {
        jpeg = decoder(ColorSpace::RGB);
    }
    let data = jpeg.decode().map_err(ImageDecodeError::Jpeg)?;
    let info = jpeg.info().ok_or(ImageDecodeError::Jpeg(zune_jpeg::errors::DecodeErrors::ZeroError))?;
    let (width, height) = (usize::from(info.width), usize::from(info.height));
    let pixels = if through_rgb { data.chunks_exact(3).map(|p| luma(p[0], p[1], p[2])).collect() } else { data };
    Ok((Gray { width, height, pixels }, jfif_dpi(bytes)))
}

/// The resolution a JPEG's JFIF header (the APP0 segment right after the
/// start of image) states, in dots per inch or per centimetre.
fn jfif_dpi(bytes: &[u8]) -> Option<u32> {
    let app0 = bytes.get(2..18)?;
    if app0[..2] != [0xFF, 0xE0] || &app0[4..9] != b"JFIF\0" {
        return None;
    }
    let density = f64::from(u16::from_be_bytes([app0[12], app0[13]]));
    match app0[11] {
        1 => dpi(density),
        2 => dpi(density * 2.54),
        _ => None,
    }
}

/// A resolution a page scan can have, in dots per inch.
pub(crate) fn dpi(per_inch: f64) -> Option<u32> {
    Some(per_inch.round() as u32).filter(|d| (50..=2400).contains(d))
}

/// The gray level of a colour (ITU-R BT.601 luma).
pub(crate) fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000) as u8
}

/// A gray level of the given opacity laid over white paper.
fn over_white(v: u8, alpha: u8) -> u8 {
    (u32::from(v) * u32::from(alpha) / 255 + 255 - u32::from(alpha)) as u8
}

/// The pages of a TIFF image input as gray pixels, for OCR (deskewing, the
/// second look at empty cells); `None` where the `tiff` crate cannot
/// decode them (Tesseract then reads the file as stored).
/// Each page comes with the resolution the file states, in dots per inch.
pub(crate) fn tiff_gray_pages(tiff: &[u8]) -> Option<Vec<(Gray, Option<u32>)>> {
    let pages = u32::try_from(crate::bounds::MAX_TIFF_PAGES).unwrap_or(u32::MAX);
    let decoded = std::panic::catch_unwind(|| gray_tiff_pages(tiff, pages));
    decoded.ok()?.ok()
}

pub(crate) fn gray_tiff_pages(tiff: &[u8], max_pages: u32) -> Result<Vec<(Gray, Option<u32>)>, ImageDecodeError> {
    let mut decoder = tiff::decoder::Decoder::new(std::io::Cursor::new(tiff)).map_err(ImageDecodeError::Tiff)?;
    let mut out = Vec::new();
    for page in 1..=max_pages {
        let (width, height) = decoder.dimensions()?;
        let kind = decoder.colortype()?;
        let (width, height) = (width as usize, height as usize);
        let gray = match decoder.read_image()? {
            tiff::decoder::DecodingResult::U8(data) => gray_pixels(&data, width, height, kind),
            tiff::decoder::DecodingResult::U16(data) => {
                let high: Vec<u8> = data.iter().map(|v| (v >> 8) as u8).collect();
                gray_pixels(&high, width, height, kind8(kind))
            }
            _ => None,
        };
        let Some(pixels) = gray else {
            return Err(ImageDecodeError::TiffPixels { page, kind: format!("{kind:?}") });
        };
        let per_unit = decoder.get_tag_f64(tiff::tags::Tag::XResolution).ok();
        let per_inch = match decoder.get_tag_u32(tiff::tags::Tag::ResolutionUnit).unwrap_or(2) {
            3 => per_unit.map(|r| r * 2.54),
            _ => per_unit,
        };
        let dpi = per_inch.map(|r| r.round() as u32).filter(|d| (50..=2400).contains(d));
        out.push((Gray { width, height, pixels }, dpi));
        if !decoder.more_images() {
            break;
        }
        decoder.next_image()?;
    }
    Ok(out)
}

/// The same colour type with 8-bit samples (16-bit samples are cut to
/// their high byte first).
fn kind8(kind: tiff::ColorType) -> tiff::ColorType {
    use tiff::ColorType::{Gray, GrayA, RGB, RGBA};
    match kind {
        Gray(_) => Gray(8),
        GrayA(_) => GrayA(8),
        RGB(_) => RGB(8),
        RGBA(_) => RGBA(8),
        other => other,
    }
}

/// Gray levels (0 black, 255 white) of decoded samples: 1-bit gray packed
/// in rows of whole bytes (the decoder has already turned WhiteIsZero
/// around), 8-bit gray, or RGB(A)/gray-alpha by their luma; none for other
/// kinds.
fn gray_pixels(data: &[u8], width: usize, height: usize, kind: tiff::ColorType) -> Option<Vec<u8>> {
    use tiff::ColorType::{Gray, GrayA, RGB, RGBA};
    let pixels = match kind {
        Gray(1) => {
            let row = width.div_ceil(8);
            let mut out = Vec::with_capacity(width * height);
            for y in 0..height {
                let bits = data.get(y * row..(y + 1) * row)?;
                out.extend((0..width).map(|x| if bits[x / 8] & (0x80 >> (x % 8)) != 0 { 255 } else { 0 }));
            }
            out
        }
        Gray(8) => data.get(..width * height)?.to_vec(),
        GrayA(8) => data.get(..width * height * 2)?.chunks_exact(2).map(|p| p[0]).collect(),
        RGB(8) | RGBA(8) => {
            let step = if matches!(kind, RGB(_)) { 3 } else { 4 };
            let rgb = data.get(..width * height * step)?;
            rgb.chunks_exact(step)
                .map(|p| ((299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2])) / 1000) as u8)
                .collect()
        }
        _ => return None,
    };
    Some(pixels)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG written by the `png` crate's encoder, at 200 dpi.
    fn png(
        width: u32,
        height: u32,
        depth: png::BitDepth,
        color: png::ColorType,
        palette: &[u8],
        data: &[u8],
    ) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_depth(depth);
        encoder.set_color(color);
        encoder.set_pixel_dims(Some(png::PixelDimensions { xppu: 7874, yppu: 7874, unit: png::Unit::Meter }));
        if !palette.is_empty() {
            encoder.set_palette(palette.to_vec());
        }
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(data).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn colour_types_decode_to_gray() {
        use png::{BitDepth::*, ColorType::*};
        let (gray, dpi) = decode_png(&png(2, 2, Eight, Grayscale, &[], &[10, 15, 11, 16])).expect("decodes");
        assert_eq!((gray.width, gray.height, dpi), (2, 2, Some(200)));
        assert_eq!(gray.pixels, [10, 15, 11, 16]);
        // 16-bit gray: the high byte. RGB: luma; RGBA over white; 1-bit
        // palette; 2-bit gray scaled to 0–255.
        let (wide, _) = decode_png(&png(1, 1, Sixteen, Grayscale, &[], &[0x80, 0xff])).expect("decodes");
        assert_eq!(wide.pixels, [0x80]);
        let (rgb, _) = decode_png(&png(2, 1, Eight, Rgb, &[], &[255, 0, 0, 0, 0, 255])).expect("decodes");
        assert_eq!(rgb.pixels, [76, 29]);
        let (rgba, _) = decode_png(&png(1, 1, Eight, Rgba, &[], &[0, 0, 0, 0])).expect("decodes");
        assert_eq!(rgba.pixels, [255], "transparent is white");
        let (indexed, _) =
            decode_png(&png(3, 1, One, Indexed, &[255, 255, 255, 0, 0, 0], &[0b0100_0000])).expect("decodes");
        assert_eq!(indexed.pixels, [255, 0, 255]);
        let (two, _) = decode_png(&png(4, 1, Two, Grayscale, &[], &[0b0001_1011])).expect("decodes");
        assert_eq!(two.pixels, [0, 85, 170, 255]);
    }

    #[test]
    fn broken_pngs_are_refused_with_the_decoders_reason() {
        let good = png(2, 2, png::BitDepth::Eight, png::ColorType::Grayscale, &[], &[0, 0, 0, 0]);
        for broken in [&good[..good.len() - 20], &good[..30], b"\x89PNG\r\n\x1a\nnot a png"] {
            let err = decode_png(broken).err().expect("refused");
            assert!(err.to_string().starts_with("cannot decode the PNG image: "), "{err}");
        }
        // The committed broken fixture: a page PNG cut short.
        let cut = include_bytes!("../../../fixtures/broken/truncated.png");
        assert!(matches!(decode_png(cut), Err(ImageDecodeError::Png(_))));
    }

    /// The askew page as a gray JPEG at 200 dpi (JFIF), and 16 × 8 red |
    /// blue JPEGs in RGB and in CMYK (`make_pdf.py`).
    #[test]
    fn jpegs_decode_to_gray() {
        let page = include_bytes!("../../../fixtures/pdf/002-tasks-page1-skewed.jpg");
        let (gray, dpi) = decode_jpeg(page).expect("decodes");
        assert_eq!((gray.width, gray.height, dpi), (2339, 1654, Some(200)));
        let white = gray.pixels.iter().filter(|&&v| v > 200).count() as f64 / gray.pixels.len() as f64;
        assert!(white > 0.8, "mostly white paper: {white}");
        assert!(gray.pixels.iter().filter(|&&v| v < 64).count() > 50_000, "with text and rules");
        for colour in [
            &include_bytes!("../../../fixtures/pdf/red-blue-rgb.jpg")[..],
            include_bytes!("../../../fixtures/pdf/red-blue-cmyk.jpg"),
        ] {
            let (gray, dpi) = decode_jpeg(colour).expect("decodes");
            assert_eq!((gray.width, gray.height, dpi), (16, 8, None));
            let (red, blue) = (gray.pixels[3 * 16 + 2], gray.pixels[3 * 16 + 13]);
            assert!(red.abs_diff(76) <= 8 && blue.abs_diff(29) <= 8, "luma of red {red}, of blue {blue}");
        }
        // A JPEG cut in its image data decodes, the rest gray (as libjpeg
        // does); one cut in its headers is refused.
        let err = decode_jpeg(&page[..100]).err().expect("refused");
        assert!(err.to_string().starts_with("cannot decode the JPEG image: "), "{err}");
        assert!(!err.unsupported_coding());
        assert!(decode_jpeg(b"\xff\xd8\xff\xe0 not a jpeg").is_err());
    }
}
