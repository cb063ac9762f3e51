//! Deskewing a scanned page before OCR: a page fed through a scanner at a
//! slant has its text lines and table rules at a small angle, which breaks
//! Tesseract's rule detection and the layout stage's rows and columns.
//!
//! The angle is the one at which the dark pixels' row profile is sharpest
//! (text lines and rules fall into the fewest rows): for each candidate
//! angle the dark pixels of a reduced copy of the page are projected onto
//! the vertical axis and the sum of squared row counts compared. The page is
//! then turned back by that angle (bilinear, white outside).

use crate::ocr::Gray;

/// Degrees: the largest slant looked for (a page fed at more is no scan
/// of a plan table kehoach can read anyway).
const MAX_SKEW_DEGREES: f64 = 5.0;
/// Degrees: the step between candidate angles, refined once by a tenth.
const STEP_DEGREES: f64 = 0.2;
/// Degrees: slants below this are left alone (rotating costs a little
/// sharpness and the layout tolerates them).
const MIN_SKEW_DEGREES: f64 = 0.15;
/// Pixels: the reduced copy used for measuring is at most this wide.
const MEASURE_WIDTH: usize = 1000;

/// The page's slant in degrees (positive: lines fall to the right), or
/// `None` when it is below [`MIN_SKEW_DEGREES`] or the page is blank.
pub(crate) fn skew(gray: &Gray) -> Option<f64> {
    let factor = gray.width.div_ceil(MEASURE_WIDTH).max(1);
    let (w, h) = (gray.width / factor, gray.height / factor);
    // Dark pixels of the reduced page: a cell is dark when any pixel of it is.
    let mut dark = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let any = (0..factor).any(|dy| {
                let row = (y * factor + dy) * gray.width + x * factor;
                gray.pixels[row..row + factor].iter().any(|&p| p < 128)
            });
            if any {
                dark.push((x as f64, y as f64));
            }
        }
    }
    if dark.len() < 100 {
        return None;
    }
    let sharpness = |degrees: f64| {
        let tan = degrees.to_radians().tan();
        let mut rows = vec![0u32; h + w + 2];
        let offset = (w as f64 * MAX_SKEW_DEGREES.to_radians().tan()).ceil() + 1.0;
        for &(x, y) in &dark {
            let at = (y - x * tan + offset).round();
            if at >= 0.0 && (at as usize) < rows.len() {
                rows[at as usize] += 1;
            }
        }
        rows.iter().map(|&n| f64::from(n) * f64::from(n)).sum::<f64>()
    };
    let best = |from: f64, to: f64, step: f64| {
        let steps = ((to - from) / step).round() as i64;
        (0..=steps)
            .map(|i| from + i as f64 * step)
            .map(|a| (a, sharpness(a)))
            .fold((0.0, f64::MIN), |best, (a, s)| if s > best.1 { (a, s) } else { best })
            .0
    };
    let coarse = best(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES, STEP_DEGREES);
    let fine = best(coarse - STEP_DEGREES, coarse + STEP_DEGREES, STEP_DEGREES / 10.0);
    (fine.abs() >= MIN_SKEW_DEGREES).then_some(fine)
}

/// The page turned by `degrees` (counter-clockwise for positive: undoing a
/// slant found by [`skew`]), same size, white where nothing was.
pub(crate) fn rotate(gray: &Gray, degrees: f64) -> Gray {
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (gray.width as f64 / 2.0, gray.height as f64 / 2.0);
    let mut pixels = vec![255u8; gray.width * gray.height];
    let at = |x: isize, y: isize| -> f64 {
        if x < 0 || y < 0 || x as usize >= gray.width || y as usize >= gray.height {
            255.0
        } else {
            f64::from(gray.pixels[y as usize * gray.width + x as usize])
        }
    };
    for y in 0..gray.height {
        for x in 0..gray.width {
            // Where this output pixel comes from in the slanted page.
            let (dx, dy) = (x as f64 - cx, y as f64 - cy);
            let sx = cx + dx * cos - dy * sin;
            let sy = cy + dx * sin + dy * cos;
            let (x0, y0) = (sx.floor(), sy.floor());
            let (fx, fy) = (sx - x0, sy - y0);
            let (x0, y0) = (x0 as isize, y0 as isize);
            let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx;
            let bottom = at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx;
            pixels[y * gray.width + x] = (top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8;
        }
    }
    Gray { width: gray.width, height: gray.height, pixels }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of horizontal "text lines" (dark bars with gaps), slanted by
    /// `degrees`.
    fn page(degrees: f64) -> Gray {
        let (width, height) = (1200, 1600);
        let straight = {
            let mut pixels = vec![255u8; width * height];
            for line in 0..30 {
                let y0 = 100 + line * 45;
                for y in y0..y0 + 12 {
                    for x in 100..1100 {
                        if (x / 40) % 5 != 4 {
                            pixels[y * width + x] = 0;
                        }
                    }
                }
            }
            Gray { width, height, pixels }
        };
        rotate(&straight, -degrees)
    }

    #[test]
    fn a_slanted_page_is_measured_and_turned_back() {
        for degrees in [1.5, -2.3, 0.6] {
            let slanted = page(degrees);
            let found = skew(&slanted).expect("a slant");
            assert!((found - degrees).abs() < 0.1, "slanted by {degrees}°, measured {found}°");
            assert!(skew(&rotate(&slanted, found)).is_none(), "straight after turning back");
        }
        assert!(skew(&page(0.0)).is_none(), "a straight page is left alone");
        let blank = Gray { width: 100, height: 100, pixels: vec![255; 10_000] };
        assert!(skew(&blank).is_none());
    }
}
