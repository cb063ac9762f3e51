//! OCR through the Tesseract command line, for scanned PDF pages and page
//! images.
//!
//! The image is written to a temporary file and `tesseract IMAGE stdout -l
//! vie tsv` is run on it (one thread, `OMP_THREAD_LIMIT=1`, so batches scale
//! by file and results do not depend on scheduling), under a time limit.
//! The TSV gives every word with its box and confidence, and, as boxes
//! without text, the ruling lines Tesseract's layout analysis found; both go
//! back to the PDF reader, which rebuilds tables from them as from a text
//! layer. The `tesseract` program is looked up on `PATH`, or taken from the
//! `KEHOACH_TESSERACT` environment variable.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// One page takes at most this long to recognise.
const PAGE_TIME_LIMIT: Duration = Duration::from_secs(300);

/// What to install when OCR is needed and not available.
pub(crate) const INSTALL_HINT: &str =
    "install Tesseract with Vietnamese data (Debian/Ubuntu: `apt-get install tesseract-ocr tesseract-ocr-vie`)";

/// How Tesseract segments an image (its `--psm`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Segmentation {
    /// A whole page: blocks, columns, tables and their rules (`--psm 3`).
    Page,
    /// One block of text, such as a table cell (`--psm 6`).
    Block,
    /// One line of text, such as a row number (`--psm 7`).
    Line,
    /// Words wherever they stand, in no order (`--psm 11`): a table without
    /// rules, whose cells' lines the page mode strings together across
    /// columns into lines of garbage.
    Sparse,
}

/// A recognised word, in image pixels.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Word {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
    pub confidence: f64,
    pub text: String,
    /// Tesseract's (block, paragraph, line) numbers: words of one line.
    pub line: (u32, u32, u32),
}

/// What Tesseract found on one image.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Page {
    pub words: Vec<Word>,
    /// Ruling lines as boxes (left, top, width, height), in image pixels.
    pub rules: Vec<(f64, f64, f64, f64)>,
}

impl Page {
    /// Mean word confidence, 0–100.
    pub fn confidence(&self) -> f64 {
        if self.words.is_empty() {
            return 0.0;
        }
        self.words.iter().map(|w| w.confidence).sum::<f64>() / self.words.len() as f64
    }
}

/// An image in a format Tesseract reads, with its file extension.
pub(crate) struct Image {
    pub bytes: Vec<u8>,
    pub extension: &'static str,
    /// Resolution, when known (PDF pages: pixels over the page's inches).
    pub dpi: Option<u32>,
    /// The pixels as gray levels (0 black, 255 white), row by row, when
    /// the reader decoded them: used to check ruling lines.
    pub gray: Option<Gray>,
}

/// A decoded gray image.
pub(crate) struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

/// The ink threshold of a clean scan or rendering (black on white).
const INK_BELOW: u8 = 128;

/// The share of a row or column of a cell's image that must be ink for it
/// to be a piece of a ruling line (text never fills a cell's width).
const RULE_INK_SHARE: f64 = 0.6;

/// The highest ink threshold a page may get: above it paper shades
/// (a gray scan background is ~230) would count as ink.
const INK_BELOW_MAX: u8 = 200;

impl Gray {
    fn dark(&self, x: usize, y: usize, below: u8) -> bool {
        x < self.width && y < self.height && self.pixels[y * self.width + x] < below
    }

    /// The gray level under which a pixel of this page is ink: halfway
    /// between its paper (the median pixel) and its darkest ink (the 1st
    /// percentile), but at least [`INK_BELOW`] and at most
    /// [`INK_BELOW_MAX`]. A clean page (paper 255, ink 0) keeps 128; a
    /// blurred, noisy scan prints a thin rule gray (~135 at 150 dpi, paper
    /// ~250, ink ~86), which a fixed 128 misses.
    pub fn ink_threshold(&self) -> u8 {
        let mut histogram = [0usize; 256];
        for &p in &self.pixels {
            histogram[p as usize] += 1;
        }
        let level = |share: usize| {
            let want = self.pixels.len() * share / 100;
            let mut seen = 0;
            histogram.iter().position(|&n| {
                seen += n;
                seen > want
            })
        };
        match (level(50), level(1)) {
            (Some(paper), Some(ink)) => (((paper + ink) / 2) as u8).clamp(INK_BELOW, INK_BELOW_MAX),
            _ => INK_BELOW,
        }
    }

    /// Boxes `(left, top, right, bottom)` around the ink (pixels under
    /// `below`), ink no more than `gap` pixels apart in one box, in reading
    /// order of their top-left corners. Found on tiles of a few pixels, so a
    /// box may reach a tile beyond its ink.
    pub fn ink_boxes(&self, below: u8, gap: usize) -> Vec<(usize, usize, usize, usize)> {
        let tile = (gap / 2).clamp(1, 8);
        let (tw, th) = (self.width.div_ceil(tile), self.height.div_ceil(tile));
        let mut inked = vec![false; tw * th];
        for (y, row) in self.pixels.chunks_exact(self.width.max(1)).enumerate() {
            for (x, &p) in row.iter().enumerate() {
                if p < below {
                    inked[(y / tile) * tw + x / tile] = true;
                }
            }
        }
        // Tiles within `reach` tiles of each other are one box.
        let reach = (gap / tile).max(1);
        let mut seen = vec![false; tw * th];
        let mut boxes = Vec::new();
        let mut stack = Vec::new();
        for start in 0..tw * th {
            if !inked[start] || seen[start] {
                continue;
            }
            seen[start] = true;
            stack.push(start);
            let (mut l, mut t, mut r, mut b) = (usize::MAX, usize::MAX, 0, 0);
            while let Some(i) = stack.pop() {
                let (x, y) = (i % tw, i / tw);
                (l, t, r, b) = (l.min(x), t.min(y), r.max(x), b.max(y));
                for ny in y.saturating_sub(reach)..=(y + reach).min(th - 1) {
                    for nx in x.saturating_sub(reach)..=(x + reach).min(tw - 1) {
                        let n = ny * tw + nx;
                        if inked[n] && !seen[n] {
                            seen[n] = true;
                            stack.push(n);
                        }
                    }
                }
            }
            let px = |v: usize, limit: usize| (v * tile).min(limit);
            boxes.push((px(l, self.width), px(t, self.height), px(r + 1, self.width), px(b + 1, self.height)));
        }
        boxes.sort_by_key(|&(l, t, _, _)| (t, l));
        boxes
    }

    /// The dark pixels in the box `[x0, x1) × [y0, y1)`.
    pub fn dark_pixels(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> usize {
        let (x1, y1) = (x1.min(self.width), y1.min(self.height));
        (y0..y1).map(|y| (x0..x1).filter(|&x| self.pixels[y * self.width + x] < 128).count()).sum()
    }

    /// The image as a gray PGM file.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.pixels);
        out
    }

    /// The box `[x0, x1) × [y0, y1)` as an image of its own.
    pub fn crop(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> Gray {
        let (x1, y1) = (x1.min(self.width), y1.min(self.height));
        let (x0, y0) = (x0.min(x1), y0.min(y1));
        let mut pixels = Vec::with_capacity((x1 - x0) * (y1 - y0));
        for y in y0..y1 {
            pixels.extend_from_slice(&self.pixels[y * self.width + x0..y * self.width + x1]);
        }
        Gray { width: x1 - x0, height: y1 - y0, pixels }
    }

    /// The image with every row and column within `edge` pixels of its
    /// border that is mostly ink (at least [`RULE_INK_SHARE`] of its pixels
    /// under `below`) turned white: the pieces of ruling lines a cell cut
    /// out of a grid keeps at its edges, which Tesseract reads as letters
    /// ("o0", "T0") around a row number. Inside, a stroke filling a short
    /// cell's height (a lone "I") is text and stays.
    pub fn without_rules(mut self, below: u8, edge: usize) -> Gray {
        let (w, h) = (self.width, self.height);
        let mostly = |ink: usize, of: usize| of > 0 && ink as f64 >= RULE_INK_SHARE * of as f64;
        let near = |i: usize, len: usize| i < edge || i + edge >= len;
        let rows: Vec<usize> =
            (0..h).filter(|&y| near(y, h) && mostly((0..w).filter(|&x| self.dark(x, y, below)).count(), w)).collect();
        let columns: Vec<usize> =
            (0..w).filter(|&x| near(x, w) && mostly((0..h).filter(|&y| self.dark(x, y, below)).count(), h)).collect();
        for y in rows {
            self.pixels[y * w..(y + 1) * w].fill(255);
        }
        for x in columns {
            for y in 0..h {
                self.pixels[y * w + x] = 255;
            }
        }
        self
    }

    /// The image enlarged `factor` times, bilinear between pixel centres
    /// (the edge pixels repeat outward). A factor of 1 is a copy.
    pub fn enlarged(&self, factor: usize) -> Gray {
        let (w, h) = (self.width, self.height);
        if factor <= 1 || w == 0 || h == 0 {
            return Gray { width: w, height: h, pixels: self.pixels.clone() };
        }
        let at = |x: usize, y: usize| f64::from(self.pixels[y * w + x]);
        let (big_w, big_h) = (w * factor, h * factor);
        let mut pixels = Vec::with_capacity(big_w * big_h);
        let f = factor as f64;
        // Per column of the result: its two source columns and the weight.
        let columns: Vec<(usize, usize, f64)> = (0..big_w)
            .map(|bx| {
                let x = ((bx as f64 + 0.5) / f - 0.5).max(0.0);
                let tx = (x.floor() as usize).min(w - 1);
                (tx, (tx + 1).min(w - 1), x.fract())
            })
            .collect();
        for by in 0..big_h {
            // Pixel centres: the enlarged pixel's centre in source pixels.
            let y = ((by as f64 + 0.5) / f - 0.5).max(0.0);
            let ty = (y.floor() as usize).min(h - 1);
            let (y2, dy) = ((ty + 1).min(h - 1), y.fract());
            for &(tx, x2, dx) in &columns {
                let top = at(tx, ty) * (1.0 - dx) + at(x2, ty) * dx;
                let bottom = at(tx, y2) * (1.0 - dx) + at(x2, y2) * dx;
                pixels.push((top * (1.0 - dy) + bottom * dy).round() as u8);
            }
        }
        Gray { width: big_w, height: big_h, pixels }
    }

    /// The image inside a white margin of `margin` pixels (Tesseract reads
    /// text touching the edge badly).
    pub fn with_margin(&self, margin: usize) -> Gray {
        let (w, h) = (self.width + 2 * margin, self.height + 2 * margin);
        let mut pixels = vec![255; w * h];
        for (y, row) in self.pixels.chunks_exact(self.width.max(1)).enumerate() {
            let at = (y + margin) * w + margin;
            pixels[at..at + self.width].copy_from_slice(row);
        }
        Gray { width: w, height: h, pixels }
    }

    /// Whether a line of ink (pixels under `below`) runs from `from` to
    /// `to` (exclusive) along row `at` (`horizontal`) or column `at`,
    /// within 2 pixels across, over at least 90 % of its length.
    pub fn ink_along(&self, horizontal: bool, at: usize, from: usize, to: usize, below: u8) -> bool {
        if to <= from {
            return false;
        }
        let inked = (from..to)
            .filter(|&t| {
                (at.saturating_sub(2)..=at + 2).any(|a| {
                    if horizontal {
                        self.dark(t, a, below)
                    } else {
                        self.dark(a, t, below)
                    }
                })
            })
            .count();
        inked * 10 >= (to - from) * 9
    }
}

/// Ruling lines as boxes (left, top, width, height), cut to the pieces
/// along which the image really has ink: Tesseract reports a table's rules
/// whole, also through merged cells, and misses short ones (a last row cut
/// by the page). Every crossing of a reported row rule and column rule
/// delimits a piece to check. Ink is what is darker than `below` (the
/// page's [`Gray::ink_threshold`], computed once a page by the caller).
pub(crate) fn checked_rules(rules: &[(f64, f64, f64, f64)], gray: &Gray, below: u8) -> Vec<(f64, f64, f64, f64)> {
    let mut xs: Vec<f64> = rules.iter().filter(|r| r.2 < r.3).map(|r| r.0 + r.2 / 2.0).collect();
    let mut ys: Vec<f64> = rules.iter().filter(|r| r.2 >= r.3).map(|r| r.1 + r.3 / 2.0).collect();
    for v in [&mut xs, &mut ys] {
        v.sort_by(f64::total_cmp);
        v.dedup_by(|a, b| (*a - *b).abs() <= 4.0);
    }
    if xs.len() < 2 || ys.len() < 2 {
        return rules.to_vec();
    }
    let px = |v: f64| v.max(0.0).round() as usize;
    let mut out = Vec::new();
    for &y in &ys {
        for pair in xs.windows(2) {
            let (a, b) = (px(pair[0]) + 3, px(pair[1]).saturating_sub(3));
            if gray.ink_along(true, px(y), a, b, below) {
                out.push((pair[0], y - 1.0, pair[1] - pair[0], 2.0));
            }
        }
    }
    for &x in &xs {
        for pair in ys.windows(2) {
            let (a, b) = (px(pair[0]) + 3, px(pair[1]).saturating_sub(3));
            if gray.ink_along(false, px(x), a, b, below) {
                out.push((x - 1.0, pair[0], 2.0, pair[1] - pair[0]));
            }
        }
    }
    out
}

/// The pixels of a binary 8-bit PGM (`P5`) image (the tests read back
/// what `Gray::to_pgm` writes).
#[cfg(test)]
pub(crate) fn parse_pgm(bytes: &[u8]) -> Option<Gray> {
    let mut fields = Vec::new();
    let mut at = 2;
    if !bytes.starts_with(b"P5") {
        return None;
    }
    while fields.len() < 3 {
        while bytes.get(at)?.is_ascii_whitespace() {
            at += 1;
        }
        if bytes[at] == b'#' {
            while *bytes.get(at)? != b'\n' {
                at += 1;
            }
            continue;
        }
        let start = at;
        while bytes.get(at)?.is_ascii_digit() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..at]).ok()?.parse::<usize>().ok()?);
    }
    let (width, height, max) = (fields[0], fields[1], fields[2]);
    let pixels = bytes.get(at + 1..at + 1 + width.checked_mul(height)?)?;
    (max == 255).then(|| Gray { width, height, pixels: pixels.to_vec() })
}

/// Why OCR did not happen.
#[derive(Debug)]
pub(crate) enum OcrError {
    /// Tesseract or its Vietnamese data is not installed.
    Missing(OcrUnavailable),
    /// Tesseract ran and failed, or ran out of time.
    Failed(OcrFailure),
}

/// Why Tesseract with Vietnamese data cannot run here.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OcrUnavailable {
    /// The program cannot be started (not installed, or not executable).
    #[error("the `{program}` program cannot be run ({source})")]
    NotRunnable {
        /// The program, as looked up (`tesseract` or `KEHOACH_TESSERACT`).
        program: String,
        /// Why it cannot be started.
        source: std::sync::Arc<std::io::Error>,
    },
    /// Tesseract runs but lists no `vie` language.
    #[error("Tesseract has no Vietnamese (vie) language data")]
    NoVietnamese,
}

/// Why Tesseract ran and failed on an image.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OcrFailure {
    /// The image could not be written for it.
    #[error("cannot write a temporary image for OCR: {0}")]
    TemporaryImage(#[source] std::io::Error),
    /// It ran past the per-page time limit and was stopped.
    #[error("Tesseract took longer than {0} s on one page; gave up")]
    TimedOut(u64),
    /// Waiting for it failed.
    #[error("waiting for Tesseract failed: {0}")]
    Wait(#[source] std::io::Error),
    /// It exited with an error.
    #[error("Tesseract failed ({status}): {said}")]
    Exit {
        /// Its exit status.
        status: std::process::ExitStatus,
        /// The last line it printed on standard error (its own words).
        said: String,
    },
    /// Its output is not UTF-8.
    #[error("Tesseract wrote output that is not UTF-8")]
    NotUtf8,
}

fn tesseract() -> PathBuf {
    std::env::var_os("KEHOACH_TESSERACT").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("tesseract"))
}

/// The Tesseract version line, when Tesseract with Vietnamese data is
/// installed; else why not. Asked once per process (a batch of scans would
/// otherwise start two extra processes per file).
pub(crate) fn available() -> Result<String, OcrError> {
    static ANSWER: std::sync::OnceLock<Result<String, OcrUnavailable>> = std::sync::OnceLock::new();
    ANSWER.get_or_init(|| ask_tesseract(&tesseract())).clone().map_err(OcrError::Missing)
}

/// The program cannot be started.
fn not_runnable(program: &std::path::Path, e: std::io::Error) -> OcrUnavailable {
    OcrUnavailable::NotRunnable { program: program.display().to_string(), source: e.into() }
}

/// The version line, or why Tesseract with Vietnamese data cannot run.
fn ask_tesseract(program: &std::path::Path) -> Result<String, OcrUnavailable> {
    let langs = Command::new(program)
        .arg("--list-langs")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| not_runnable(program, e))?;
    let listed = String::from_utf8_lossy(&langs.stdout).into_owned() + &String::from_utf8_lossy(&langs.stderr);
    if !listed.lines().any(|l| l.trim() == "vie") {
        return Err(OcrUnavailable::NoVietnamese);
    }
    let version = Command::new(program).arg("--version").stdin(Stdio::null()).output().ok();
    let version = version
        .map(|v| String::from_utf8_lossy(&v.stdout).into_owned() + &String::from_utf8_lossy(&v.stderr))
        .and_then(|v| v.lines().next().map(str::trim).map(str::to_string))
        .unwrap_or_else(|| "tesseract".into());
    Ok(version)
}

/// Recognises the words (and ruling lines, as Tesseract reports them: see
/// [`checked_rules`]) of one image, page by page (a TIFF file may hold
/// several).
pub(crate) fn recognise(image: &Image, segmentation: Segmentation) -> Result<Vec<Page>, OcrError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name =
        format!("kehoach-ocr-{}-{}.{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), image.extension);
    let path = std::env::temp_dir().join(name);
    std::fs::write(&path, &image.bytes).map_err(|e| OcrError::Failed(OcrFailure::TemporaryImage(e)))?;
    let result = run(&path, image.dpi, segmentation);
    let _ = std::fs::remove_file(&path);
    Ok(parse_tsv(&result?))
}

fn run(path: &std::path::Path, dpi: Option<u32>, segmentation: Segmentation) -> Result<String, OcrError> {
    let program = tesseract();
    let mut command = Command::new(&program);
    let psm = match segmentation {
        Segmentation::Page => "3",
        Segmentation::Line => "7",
        Segmentation::Sparse => "11",
        Segmentation::Block => "6",
    };
    command.arg(path).arg("stdout").args(["-l", "vie", "--psm", psm]);
    if let Some(dpi) = dpi {
        command.args(["--dpi", &dpi.to_string()]);
    }
    command.arg("tsv").env("OMP_THREAD_LIMIT", "1").stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|e| OcrError::Missing(not_runnable(&program, e)))?;
    // Read the output on threads so a full pipe cannot block the child.
    let mut stdout = child.stdout.take().expect("piped");
    let stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.take(64 * 1024).read_to_end(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > PAGE_TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(OcrError::Failed(OcrFailure::TimedOut(PAGE_TIME_LIMIT.as_secs())));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(OcrError::Failed(OcrFailure::Wait(e))),
        }
    };
    let out = out.join().unwrap_or_default();
    let err = err.join().unwrap_or_default();
    if !status.success() {
        let message = String::from_utf8_lossy(&err);
        let last = message.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message");
        return Err(OcrError::Failed(OcrFailure::Exit { status, said: last.trim().to_string() }));
    }
    String::from_utf8(out).map_err(|_| OcrError::Failed(OcrFailure::NotUtf8))
}

/// Reads Tesseract's TSV, one [`Page`] per page number (an image without
/// any gives one empty page): level 5 rows are words; rows of other levels
/// with no text and a box at least 20 times longer than thick are ruling
/// lines.
fn parse_tsv(tsv: &str) -> Vec<Page> {
    let mut pages: Vec<Page> = vec![Page::default()];
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 {
            continue;
        }
        let num = |i: usize| f[i].trim().parse::<f64>().ok();
        let (Some(level), Some(left), Some(top), Some(width), Some(height)) = (num(0), num(6), num(7), num(8), num(9))
        else {
            continue;
        };
        let text = f[11].trim();
        let number = f[1].trim().parse::<usize>().unwrap_or(1).clamp(1, crate::bounds::MAX_TIFF_PAGES);
        if pages.len() < number {
            pages.resize_with(number, Page::default);
        }
        let page = &mut pages[number - 1];
        if level == 5.0 && !text.is_empty() {
            let confidence = num(10).unwrap_or(0.0).max(0.0);
            let id = |i: usize| f[i].trim().parse::<u32>().unwrap_or(0);
            let line = (id(2), id(3), id(4));
            page.words.push(Word { left, top, width, height, confidence, text: text.to_string(), line });
        } else if level == 2.0 && text.is_empty() {
            let long = width.max(height);
            let thick = width.min(height).max(1.0);
            if long >= 20.0 * thick && !page.rules.contains(&(left, top, width, height)) {
                page.rules.push((left, top, width, height));
            }
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    /// The probe says why Tesseract cannot run, as a reason the error can
    /// name: a program that does not start, or one without `vie`.
    #[test]
    fn the_probe_names_why_tesseract_cannot_run() {
        let missing = ask_tesseract(std::path::Path::new("/nonexistent/tesseract")).unwrap_err();
        assert!(matches!(&missing, OcrUnavailable::NotRunnable { program, .. } if program == "/nonexistent/tesseract"));
        assert!(missing.to_string().starts_with("the `/nonexistent/tesseract` program cannot be run ("), "{missing}");
        // `echo` runs and lists no language.
        let no_vie = ask_tesseract(std::path::Path::new("echo")).unwrap_err();
        assert!(matches!(no_vie, OcrUnavailable::NoVietnamese), "{no_vie}");
    }

    use super::*;

    #[test]
    fn tsv_words_and_rules() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t2339\t1654\t-1\t\n\
                   2\t1\t1\t0\t0\t0\t117\t252\t2105\t6\t-1\t\n\
                   3\t1\t1\t1\t0\t0\t117\t252\t2105\t6\t-1\t\n\
                   2\t1\t2\t0\t0\t0\t116\t254\t4\t1275\t-1\t\n\
                   2\t1\t3\t0\t0\t0\t134\t264\t200\t20\t-1\t\n\
                   5\t1\t3\t1\t1\t1\t134\t264\t39\t20\t96.71\tTT\n\
                   5\t1\t3\t1\t1\t2\t554\t262\t86\t28\t94.7\tNhiệm\n\
                   5\t1\t3\t1\t1\t3\t654\t262\t6\t28\t10\t \n";
        let pages = parse_tsv(tsv);
        assert_eq!(pages.len(), 1);
        let page = &pages[0];
        assert_eq!(page.words.len(), 2);
        assert_eq!(page.words[1].text, "Nhiệm");
        assert_eq!(page.rules, vec![(117.0, 252.0, 2105.0, 6.0), (116.0, 254.0, 4.0, 1275.0)]);
        assert!((page.confidence() - 95.705).abs() < 0.01);
    }

    #[test]
    fn rules_are_cut_to_their_ink() {
        // A 2 × 2 grid drawn in a 100 × 100 image, except the middle column
        // rule in the lower band (a merged cell); Tesseract reports it whole.
        let mut pixels = vec![255u8; 100 * 100];
        for i in 0..100 {
            for at in [0, 50, 99] {
                pixels[at * 100 + i] = 0; // rows
                if at != 50 || i < 50 {
                    pixels[i * 100 + at] = 0; // columns
                }
            }
        }
        let gray = Gray { width: 100, height: 100, pixels };
        let reported = [
            (0.0, 0.0, 100.0, 1.0),
            (0.0, 50.0, 100.0, 1.0),
            (0.0, 99.0, 100.0, 1.0),
            (0.0, 0.0, 1.0, 100.0),
            (50.0, 0.0, 1.0, 100.0),
            (99.0, 0.0, 1.0, 100.0),
        ];
        let checked = checked_rules(&reported, &gray, gray.ink_threshold());
        let vertical_pieces_at_50: Vec<_> = checked.iter().filter(|r| r.2 < r.3 && (r.0 - 49.5).abs() < 2.0).collect();
        assert_eq!(vertical_pieces_at_50.len(), 1, "{checked:?}");
        assert!(vertical_pieces_at_50[0].1 < 1.0, "only the upper band has the rule");
        assert_eq!(checked.len(), 6 + 5, "3 rules × 2 pieces across, 3 rules × 2 pieces down less one");
    }

    /// A blurred, noisy scan prints thin rules gray: on paper of 250 with
    /// text ink of 40, rules of 135 are ink (the page's threshold is
    /// halfway, 145), which a fixed 128 would miss; a clean black-on-white
    /// page keeps 128.
    #[test]
    fn gray_rules_on_a_noisy_scan_are_ink() {
        let (paper, rule, text) = (250u8, 135u8, 40u8);
        let mut pixels = vec![paper; 100 * 100];
        for i in 0..100 {
            for at in [0, 50, 99] {
                pixels[at * 100 + i] = rule;
                pixels[i * 100 + at] = rule;
            }
        }
        // Some text: 2 % of the page.
        for p in pixels.iter_mut().skip(1000).step_by(50) {
            *p = text;
        }
        let gray = Gray { width: 100, height: 100, pixels };
        assert_eq!(gray.ink_threshold(), 145);
        let reported =
            [(0.0, 0.0, 100.0, 1.0), (0.0, 50.0, 100.0, 1.0), (0.0, 0.0, 1.0, 100.0), (50.0, 0.0, 1.0, 100.0)];
        assert!(!checked_rules(&reported, &gray, 145).is_empty(), "gray rules are kept");
        let lighter = Gray { pixels: gray.pixels.iter().map(|&p| if p == rule { 160 } else { p }).collect(), ..gray };
        assert!(
            checked_rules(&reported, &lighter, lighter.ink_threshold()).is_empty(),
            "a shade lighter than halfway is paper"
        );
        let clean = Gray { width: 4, height: 1, pixels: vec![255, 255, 255, 0] };
        assert_eq!(clean.ink_threshold(), 128);
    }

    #[test]
    fn rule_pieces_are_cleared_from_a_cell() {
        // A 10 × 6 cell: a rule along its top row and left column, a
        // 2 × 2 digit inside.
        let mut pixels = vec![250u8; 60];
        pixels[..10].fill(130);
        for y in 0..6 {
            pixels[y * 10] = 130;
        }
        for (x, y) in [(4, 2), (5, 2), (4, 3), (5, 3)] {
            pixels[y * 10 + x] = 20;
        }
        // A stroke filling the cell's height in its middle: a lone "I".
        for y in 0..6 {
            pixels[y * 10 + 6] = 20;
        }
        let page = Gray { width: 12, height: 8, pixels: vec![255; 96] };
        let cell = Gray { width: 10, height: 6, pixels }.without_rules(140, 2);
        assert!(cell.pixels[..10].iter().all(|&p| p == 255), "the top rule is gone");
        assert!((0..6).all(|y| cell.pixels[y * 10] == 255), "the left rule is gone");
        assert_eq!(cell.dark_pixels(0, 0, 10, 6), 4 + 5, "the digit and the inner stroke stay");
        assert_eq!(page.crop(2, 2, 20, 5).width, 10);
        assert_eq!(page.crop(2, 2, 20, 5).height, 3);
    }

    #[test]
    fn cells_are_enlarged_for_a_second_look() {
        let gray = Gray { width: 3, height: 2, pixels: vec![0, 100, 200, 50, 150, 250] };
        assert_eq!(gray.enlarged(1).pixels, gray.pixels);
        let big = gray.enlarged(2).to_pgm();
        let header = b"P5\n6 4\n255\n";
        assert!(big.starts_with(header));
        let pixels = &big[header.len()..];
        assert_eq!(pixels.len(), 24);
        // Corners keep their pixel; between two pixels, a blend.
        assert_eq!((pixels[0], pixels[5], pixels[18], pixels[23]), (0, 200, 50, 250));
        assert_eq!(pixels[1], 25, "a quarter of the way from 0 to 100");
    }

    #[test]
    fn ink_is_boxed_by_nearness() {
        // Two strokes 2 pixels apart are one mark; one 10 pixels away is another.
        let mut pixels = vec![255u8; 30 * 10];
        for y in 2..8 {
            pixels[y * 30 + 3] = 0;
            pixels[y * 30 + 6] = 0;
            pixels[y * 30 + 20] = 10;
        }
        let gray = Gray { width: 30, height: 10, pixels };
        let boxes = gray.ink_boxes(128, 4);
        assert_eq!(boxes.len(), 2, "{boxes:?}");
        let (l, t, r, b) = boxes[0];
        assert!(l <= 3 && r > 6 && t <= 2 && b >= 8, "{boxes:?}");
        assert!(boxes[1].0 <= 20 && boxes[1].2 > 20 && boxes[1].0 > 6, "{boxes:?}");
        assert_eq!(gray.ink_boxes(5, 4).len(), 1, "the gray stroke is over this threshold");
    }

    #[test]
    fn tsv_pages_are_kept_apart() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   5\t1\t1\t1\t1\t1\t10\t10\t30\t20\t90\tMột\n\
                   5\t2\t1\t1\t1\t1\t10\t10\t30\t20\t90\tHai\n\
                   5\t2\t1\t1\t1\t2\t50\t10\t30\t20\t90\tBa\n";
        let pages = parse_tsv(tsv);
        let words: Vec<Vec<&str>> = pages.iter().map(|p| p.words.iter().map(|w| w.text.as_str()).collect()).collect();
        assert_eq!(words, vec![vec!["Một"], vec!["Hai", "Ba"]]);
    }

    #[test]
    fn a_cell_is_cropped_with_a_white_margin() {
        let mut pixels = vec![255u8; 10 * 10];
        pixels[5 * 10 + 5] = 0;
        let gray = Gray { width: 10, height: 10, pixels };
        assert_eq!(gray.dark_pixels(0, 0, 10, 10), 1);
        assert_eq!(gray.dark_pixels(6, 0, 10, 10), 0);
        let pgm = gray.crop(4, 4, 7, 7).with_margin(2).to_pgm();
        let crop = parse_pgm(&pgm).expect("a PGM");
        assert_eq!((crop.width, crop.height), (7, 7));
        assert_eq!(crop.dark_pixels(0, 0, 7, 7), 1);
        assert_eq!(crop.pixels[3 * 7 + 3], 0, "the dark pixel, moved by the margin less the crop's corner");
    }

    #[test]
    fn pgm_headers_are_read() {
        let gray = parse_pgm(b"P5\n# comment\n3 2\n255\n\x00\x01\x02\x03\x04\x05").unwrap();
        assert_eq!((gray.width, gray.height, gray.pixels.len()), (3, 2, 6));
        assert!(parse_pgm(b"P5\n3 2\n255\n\x00").is_none(), "truncated");
        assert!(parse_pgm(b"P6\n1 1\n255\n\x00\x00\x00").is_none());
    }
}
