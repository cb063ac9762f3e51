//! Legacy Word (`.doc`, Works `.wps`) and RTF files, converted to DOCX by
//! LibreOffice (`soffice --headless --convert-to docx`) and then read by the
//! DOCX reader, so they give the records of the DOCX LibreOffice makes.
//!
//! Each conversion runs in a temporary directory of its own (the input
//! copy, the output and a private LibreOffice profile, so conversions run
//! in parallel without sharing a profile lock), under a time limit; the
//! directory is removed afterwards whatever happened. The program is
//! `soffice` on the PATH, or the one `KEHOACH_SOFFICE` names.

use crate::error::ConverterError;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The longest one conversion may take.
const TIME_LIMIT: Duration = Duration::from_secs(180);

/// Why a conversion failed.
#[derive(Debug)]
pub(crate) enum SofficeError {
    /// LibreOffice is not installed (or `KEHOACH_SOFFICE` names nothing).
    Missing,
    /// It could not run, ran and failed, or produced nothing.
    Failed(ConverterError),
}

fn program() -> PathBuf {
    std::env::var_os("KEHOACH_SOFFICE").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("soffice"))
}

/// A temporary directory removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir() -> std::io::Result<TempDir> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let dir = std::env::temp_dir().join(format!("kehoach-soffice-{}-{n}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(TempDir(dir))
}

/// A `file://` URL for a local directory.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => url.push(char::from(byte)),
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    url
}

/// Converts a document (`extension` says what LibreOffice should read it
/// as: `doc`, `rtf`, `wps`) to DOCX bytes.
pub(crate) fn to_docx(bytes: &[u8], extension: &str) -> Result<Vec<u8>, SofficeError> {
    let failed = |what: &'static str, e: std::io::Error| SofficeError::Failed(ConverterError::Temporary(what, e));
    let dir = temp_dir().map_err(|e| failed("make a temporary directory", e))?;
    let input = dir.0.join(format!("input.{extension}"));
    std::fs::write(&input, bytes).map_err(|e| failed("write a temporary copy", e))?;
    let out = dir.0.join("out");
    let profile = dir.0.join("profile");
    let mut child = match Command::new(program())
        .arg(format!("-env:UserInstallation={}", file_url(&profile)))
        .args(["--headless", "--norestore", "--nologo", "--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(&out)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(SofficeError::Missing),
        Err(e) => return Err(SofficeError::Failed(ConverterError::Start(e))),
    };
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(SofficeError::Failed(ConverterError::TimedOut(TIME_LIMIT.as_secs())));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(SofficeError::Failed(ConverterError::Wait(e))),
        }
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        use std::io::Read;
        let _ = pipe.read_to_string(&mut stderr);
    }
    match std::fs::read(out.join("input.docx")) {
        Ok(docx) if !docx.is_empty() => Ok(docx),
        _ => {
            let said = stderr.lines().filter(|l| !l.contains("javaldx")).collect::<Vec<_>>().join(" ");
            Err(SofficeError::Failed(ConverterError::Failed { status: status.code(), said: said.trim().to_string() }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_escape_what_they_must() {
        assert_eq!(file_url(Path::new("/tmp/a b/ẞ")), "file:///tmp/a%20b/%E1%BA%9E");
    }

    #[test]
    fn temporary_directories_are_removed() {
        let dir = temp_dir().unwrap();
        let path = dir.0.clone();
        std::fs::write(path.join("x"), b"x").unwrap();
        drop(dir);
        assert!(!path.exists());
    }
}
