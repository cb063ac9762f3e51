//! A PNG page image decoded to gray levels, so that image files get what
//! scanned PDF pages get (deskewing, the second look at table cells with
//! ink but no word): 1, 2, 4, 8 and 16-bit gray, gray with alpha, RGB,
//! RGBA and palette images, not interlaced. Anything else is handed to
//! Tesseract as stored.

use crate::ocr::Gray;
use std::io::Read;

/// Largest decoded size kehoach holds (the image bound is checked before).
const MAX_BYTES: usize = 1 << 30;

/// The image's pixels as gray levels (0 black, 255 white), and its
/// resolution when the file states it (`pHYs` in pixels per metre); `None`
/// for a PNG this decoder does not read.
pub(crate) fn decode(bytes: &[u8]) -> Option<(Gray, Option<u32>)> {
    let mut at = 8;
    let (mut width, mut height, mut depth, mut color) = (0usize, 0usize, 0u8, 0u8);
    let mut palette: Vec<[u8; 3]> = Vec::new();
    let mut data = Vec::new();
    let mut dpi = None;
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return None;
    }
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().ok()?) as usize;
        let kind = &bytes[at + 4..at + 8];
        let body = bytes.get(at + 8..at + 8 + len)?;
        match kind {
            b"IHDR" if len >= 13 => {
                width = u32::from_be_bytes(body[0..4].try_into().ok()?) as usize;
                height = u32::from_be_bytes(body[4..8].try_into().ok()?) as usize;
                (depth, color) = (body[8], body[9]);
                if body[12] != 0 {
                    return None; // interlaced
                }
            }
            b"PLTE" => palette = body.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect(),
            b"pHYs" if len >= 9 && body[8] == 1 => {
                let per_metre = u32::from_be_bytes(body[0..4].try_into().ok()?);
                dpi = Some((f64::from(per_metre) * 0.0254).round() as u32).filter(|d| (50..=2400).contains(d));
            }
            b"IDAT" => data.extend_from_slice(body),
            b"IEND" => break,
            _ => {}
        }
        at += 12 + len;
    }
    let channels = match color {
        0 | 3 => 1,
        4 => 2,
        2 => 3,
        6 => 4,
        _ => return None,
    };
    let bits = usize::from(depth) * channels;
    if width == 0 || height == 0 || !matches!(depth, 1 | 2 | 4 | 8 | 16) || (color == 3 && palette.is_empty()) {
        return None;
    }
    let stride = (width * bits).div_ceil(8);
    let size = height.checked_mul(stride + 1)?;
    if size > MAX_BYTES {
        return None;
    }
    let mut raw = Vec::with_capacity(size);
    flate2::read::ZlibDecoder::new(&data[..]).take(size as u64).read_to_end(&mut raw).ok()?;
    if raw.len() < size {
        return None;
    }
    // Undo the row filters in place.
    let bpp = bits.div_ceil(8);
    let mut previous = vec![0u8; stride];
    let mut pixels = Vec::with_capacity(width * height);
    let mut row = vec![0u8; stride];
    for y in 0..height {
        let line = &raw[y * (stride + 1)..(y + 1) * (stride + 1)];
        let filter = line[0];
        row.copy_from_slice(&line[1..]);
        for i in 0..stride {
            let a = if i >= bpp { row[i - bpp] } else { 0 };
            let b = previous[i];
            let c = if i >= bpp { previous[i - bpp] } else { 0 };
            row[i] = match filter {
                0 => row[i],
                1 => row[i].wrapping_add(a),
                2 => row[i].wrapping_add(b),
                3 => row[i].wrapping_add(((u16::from(a) + u16::from(b)) / 2) as u8),
                4 => row[i].wrapping_add(paeth(a, b, c)),
                _ => return None,
            };
        }
        for x in 0..width {
            pixels.push(gray_at(&row, x, depth, color, &palette));
        }
        std::mem::swap(&mut previous, &mut row);
    }
    Some((Gray { width, height, pixels }, dpi))
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = ((p - i16::from(a)).abs(), (p - i16::from(b)).abs(), (p - i16::from(c)).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// Pixel `x` of an unfiltered row as a gray level (alpha over white).
fn gray_at(row: &[u8], x: usize, depth: u8, color: u8, palette: &[[u8; 3]]) -> u8 {
    let sample = |i: usize| -> u8 {
        match depth {
            16 => row[i * 2],
            8 => row[i],
            d => {
                let d = usize::from(d);
                let bit = i * d;
                let v = (row[bit / 8] >> (8 - d - bit % 8)) & ((1 << d) - 1) as u8;
                if color == 3 {
                    v
                } else {
                    (u16::from(v) * 255 / ((1u16 << d) - 1)) as u8
                }
            }
        }
    };
    let luma = |r: u8, g: u8, b: u8| ((u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000) as u8;
    let over_white = |v: u8, alpha: u8| (u32::from(v) * u32::from(alpha) / 255 + 255 - u32::from(alpha)) as u8;
    match color {
        0 => sample(x),
        3 => palette.get(usize::from(sample(x))).map_or(255, |p| luma(p[0], p[1], p[2])),
        4 => over_white(sample(2 * x), sample(2 * x + 1)),
        2 => luma(sample(3 * x), sample(3 * x + 1), sample(3 * x + 2)),
        _ => over_white(luma(sample(4 * x), sample(4 * x + 1), sample(4 * x + 2)), sample(4 * x + 3)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A PNG of `rows` (each a filter byte and the row's bytes).
    fn png(width: u32, height: u32, depth: u8, color: u8, palette: &[u8], rows: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(rows).unwrap();
        let mut ihdr = Vec::new();
        ihdr.extend(width.to_be_bytes());
        ihdr.extend(height.to_be_bytes());
        ihdr.extend([depth, color, 0, 0, 0]);
        let phys = [0, 0, 0x1e, 0xc2, 0, 0, 0x1e, 0xc2, 1]; // 7874 per metre: 200 dpi
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let chunks: [(&[u8; 4], Vec<u8>); 5] = [
            (b"IHDR", ihdr),
            (b"pHYs", phys.to_vec()),
            (b"PLTE", palette.to_vec()),
            (b"IDAT", z.finish().unwrap()),
            (b"IEND", Vec::new()),
        ];
        for (kind, body) in chunks {
            if body.is_empty() && kind != b"IEND" {
                continue;
            }
            out.extend((body.len() as u32).to_be_bytes());
            out.extend(kind);
            out.extend(&body);
            out.extend([0; 4]); // the CRC is not checked
        }
        out
    }

    #[test]
    fn filters_and_colour_types_decode_to_gray() {
        // 8-bit gray, rows filtered Sub, Up, Average and Paeth.
        let rows = [1, 10, 5, 2, 1, 1, 3, 10, 20, 4, 0, 0];
        let (gray, dpi) = decode(&png(2, 4, 8, 0, &[], &rows)).expect("decodes");
        assert_eq!((gray.width, gray.height, dpi), (2, 4, Some(200)));
        assert_eq!(gray.pixels, [10, 15, 11, 16, 15, 35, 15, 35]);
        // RGB: luma; RGBA over white; 1-bit palette.
        let (rgb, _) = decode(&png(2, 1, 8, 2, &[], &[0, 255, 0, 0, 0, 0, 255])).expect("decodes");
        assert_eq!(rgb.pixels, [76, 29]);
        let (rgba, _) = decode(&png(1, 1, 8, 6, &[], &[0, 0, 0, 0, 0])).expect("decodes");
        assert_eq!(rgba.pixels, [255], "transparent is white");
        let (indexed, _) = decode(&png(3, 1, 1, 3, &[255, 255, 255, 0, 0, 0], &[0, 0b0100_0000])).expect("decodes");
        assert_eq!(indexed.pixels, [255, 0, 255]);
        // Interlaced images and other files are left to Tesseract.
        let mut interlaced = png(1, 1, 8, 0, &[], &[0, 0]);
        interlaced[28] = 1;
        assert!(decode(&interlaced).is_none());
        assert!(decode(b"GIF89a").is_none());
    }
}
