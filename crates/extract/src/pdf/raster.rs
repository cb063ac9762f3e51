//! Scanned PDF pages whose image kehoach cannot hand to OCR as stored
//! (CCITT G3/G4 fax coding as `tiff2pdf` writes office scans, JBIG2,
//! JPEG 2000, predictor-coded or indexed images, several strips per page)
//! are rendered by poppler's `pdftoppm` when it is installed: the whole page
//! at 300 dpi in gray, whatever its codec, rotation or resources.

use crate::ocr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Rendering resolution.
pub(crate) const DPI: u32 = 300;
/// The longest one page may take to render.
const TIME_LIMIT: Duration = Duration::from_secs(120);

fn program() -> PathBuf {
    std::env::var_os("KEHOACH_PDFTOPPM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("pdftoppm"))
}

/// Why `pdftoppm` gave no page image.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The temporary directory or copy could not be made.
    #[error("cannot {0}: {1}")]
    Temporary(&'static str, std::io::Error),
    /// `pdftoppm` is there but cannot be started.
    #[error("cannot run pdftoppm: {0}")]
    Start(std::io::Error),
    /// Waiting for it failed.
    #[error("waiting for pdftoppm failed: {0}")]
    Wait(std::io::Error),
    /// It ran longer than 120 s on the page (its number).
    #[error("pdftoppm took longer than {limit} s on page {0}", limit = TIME_LIMIT.as_secs())]
    TimedOut(u32),
    /// It wrote no image.
    #[error("pdftoppm could not render page {0} ({1})")]
    NoImage(u32, std::process::ExitStatus),
    /// It wrote an image that is no 8-bit gray PGM.
    #[error("pdftoppm wrote no readable image for page {0}")]
    Unreadable(u32),
}

/// A temporary directory removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Renders page `page` (1-based) of the PDF `pdf` as a gray PGM image;
/// `Ok(None)` when `pdftoppm` is not installed.
pub(crate) fn render(pdf: &[u8], page: u32) -> Result<Option<ocr::Image>, RenderError> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "kehoach-raster-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| RenderError::Temporary("make a temporary directory", e))?;
    let dir = TempDir(dir);
    let input = dir.0.join("in.pdf");
    std::fs::write(&input, pdf).map_err(|e| RenderError::Temporary("write a temporary copy", e))?;
    let out = dir.0.join("page");
    let child = Command::new(program())
        .args(["-r", &DPI.to_string(), "-gray", "-singlefile", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(&input)
        .arg(&out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(RenderError::Start(e)),
    };
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RenderError::TimedOut(page));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(RenderError::Wait(e)),
        }
    };
    let bytes = std::fs::read(dir.0.join("page.pgm")).map_err(|_| RenderError::NoImage(page, status))?;
    let gray = ocr::parse_pgm(&bytes).ok_or(RenderError::Unreadable(page))?;
    Ok(Some(ocr::Image { bytes, extension: "pgm", dpi: Some(DPI), gray: Some(gray) }))
}
