//! Finding the inputs of `kehoach convert` and checking them before any work.
//!
//! Every file found gets the path it is known by in outputs: relative to
//! the root it was found under (a directory named on the command line),
//! prefixed with that root's name when several inputs are given, so that
//! `A/x.txt` and `B/x.txt` never write the same output. The same file named
//! twice is converted once; two different files that would still share an
//! output are refused before the first conversion, both named. Problems of
//! the tree (an unreadable folder, a FIFO, a symlink loop) become report
//! lines of their own and the rest of the tree is converted.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Component, Path, PathBuf};

/// An input file, the path its output gets under `-o`, or why it is skipped
/// or failed before being read.
pub(crate) struct Input {
    /// The path to read.
    pub path: PathBuf,
    /// Its path relative to its root (with the root's name when several
    /// inputs are given): the output's path under `-o`, and `doc`.
    pub relative: PathBuf,
    /// Why it is not converted (a format kehoach does not read, a FIFO…).
    pub skip: Option<String>,
    /// Why it failed before being read (an unreadable folder or file).
    pub error: Option<String>,
}

impl Input {
    fn file(path: PathBuf, relative: PathBuf) -> Input {
        Input { path, relative, skip: None, error: None }
    }

    /// [`Input::relative`] as it appears in outputs: `/`-separated, NFC,
    /// bytes that are not UTF-8 escaped as `\xNN` (and `\` as `\x5C`, so the
    /// escape can be undone).
    pub fn shown_relative(&self) -> String {
        shown_path(&self.relative)
    }
}

/// A path as text in outputs (see [`Input::shown_relative`]).
pub(crate) fn shown_path(path: &Path) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut parts = Vec::new();
    for component in path.components() {
        if let Component::Normal(part) = component {
            parts.push(escape_bytes(part.as_encoded_bytes()).nfc().collect::<String>());
        }
    }
    parts.join("/")
}

fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\x5C");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// Collects the files of every input (`several`: whether more than one root
/// was named, so that each keeps its own name in outputs). Never fails:
/// what cannot be read becomes an input with its error.
pub(crate) fn collect(paths: &[PathBuf], several: bool, out: &mut Vec<Input>) {
    for path in paths {
        collect_one(path, several, out);
    }
}

fn collect_one(path: &Path, several: bool, out: &mut Vec<Input>) {
    if crate::cli::is_stdin(path) {
        out.push(Input::file(path.to_path_buf(), PathBuf::from(crate::cli::STDIN_NAME)));
        return;
    }
    let name = path.file_name().map(PathBuf::from).unwrap_or_else(|| root_name(path));
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) => {
            let error = format!("{}: cannot read: {}", path.display(), describe(&err));
            out.push(Input { error: Some(error), ..Input::file(path.to_path_buf(), name) });
            return;
        }
    };
    if meta.is_dir() {
        let prefix = if several { root_name(path) } else { PathBuf::new() };
        let mut found = Vec::new();
        let mut visited = HashSet::new();
        if let Some(id) = dir_id(&meta) {
            visited.insert(id);
        }
        walk(path, path, &prefix, &mut visited, &mut found);
        found.sort_by(|a, b| a.relative.cmp(&b.relative));
        out.extend(found);
    } else {
        // A file named explicitly is read whatever its name (the content
        // decides) and whatever its kind (a pipe from `<(…)` is fine),
        // unless its extension says it is a format kehoach skips.
        let lower = name.to_string_lossy().to_ascii_lowercase();
        let known_unsupported =
            ["bmp", "gif", "webp", "zip", "rar", "7z"].iter().any(|ext| lower.ends_with(&format!(".{ext}")));
        let skip = known_unsupported
            .then(|| unsupported_reason(&lower))
            .or_else(|| is_own_records(path, &lower).then(|| OWN_RECORDS.into()));
        out.push(Input { skip, ..Input::file(path.to_path_buf(), name) });
    }
}

/// The name a root directory keeps under `-o` when several are given: its
/// last component (resolved for `.` and `..`).
fn root_name(path: &Path) -> PathBuf {
    if let Some(name) = path.file_name() {
        return PathBuf::from(name);
    }
    std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.file_name().map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("root"))
}

#[cfg(unix)]
fn dir_id(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn dir_id(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// An I/O error in words, without the "(os error N)" suffix.
fn describe(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn walk(root: &Path, dir: &Path, prefix: &Path, visited: &mut HashSet<(u64, u64)>, out: &mut Vec<Input>) {
    let relative_of = |path: &Path| prefix.join(path.strip_prefix(root).unwrap_or(path));
    let fail = |out: &mut Vec<Input>, path: &Path, error: String| {
        out.push(Input { error: Some(error), ..Input::file(path.to_path_buf(), relative_of(path)) });
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            return fail(out, dir, format!("{}: cannot list the directory: {}", dir.display(), describe(&err)));
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                return fail(out, dir, format!("{}: cannot list the directory: {}", dir.display(), describe(&err)));
            }
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "_report.jsonl" {
            continue; // hidden files, and kehoach's own report
        }
        let skip = |out: &mut Vec<Input>, reason: String| {
            out.push(Input { skip: Some(reason), ..Input::file(path.clone(), relative_of(&path)) });
        };
        let link = entry.file_type().is_ok_and(|t| t.is_symlink());
        // Follows symlinks; a loop or a dangling link is reported, not read.
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(err) if link && err.raw_os_error() == Some(40) => {
                skip(out, "a symbolic link that loops (ELOOP): not followed".into());
                continue;
            }
            Err(err) if link && err.kind() == io::ErrorKind::NotFound => {
                skip(out, "a symbolic link to nothing (its target is missing)".into());
                continue;
            }
            Err(err) => {
                fail(out, &path, format!("{}: cannot read: {}", path.display(), describe(&err)));
                continue;
            }
        };
        if meta.is_dir() {
            match dir_id(&meta) {
                Some(id) if !visited.insert(id) => {
                    skip(out, "a symbolic link to a folder already searched (a loop): not followed".into());
                }
                _ => walk(root, &path, prefix, visited, out),
            }
        } else if !meta.is_file() {
            skip(out, format!("{}: not read", special_kind(&meta)));
        } else if name.contains(".tmp-") {
            skip(out, "a temporary file of an interrupted kehoach run (`.tmp-` in its name): not read".into());
        } else if !kehoach_extract::is_supported_name(&name) {
            skip(out, unsupported_reason(&name));
        } else if is_own_records(&path, &name) {
            skip(out, OWN_RECORDS.into());
        } else {
            out.push(Input::file(path.clone(), relative_of(&path)));
        }
    }
}

/// Why kehoach's own record CSV is not read.
const OWN_RECORDS: &str =
    "kehoach's own record output (a CSV whose header is kehoach's record columns): not read as a plan";

/// Whether `path` is a CSV of kehoach's own records (`convert --format
/// csv`, perhaps written into the folder being converted, perhaps
/// re-saved by a spreadsheet program): its first line, after a byte-order
/// mark, starts with the record columns `doc`, `file`, `table`,
/// `section`, `section_title`, quoted or not, whatever the delimiter.
/// Read again, its task and deadline columns would make it a plan.
fn is_own_records(path: &Path, name: &str) -> bool {
    use std::io::Read;
    let lower = name.to_ascii_lowercase();
    if !(lower.ends_with(".csv") || lower.ends_with(".tsv")) {
        return false;
    }
    let mut head = [0u8; 512];
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    let Ok(n) = file.read(&mut head) else { return false };
    let head = head[..n].strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head[..n]);
    let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let fields: Vec<String> =
        String::from_utf8_lossy(line).split([',', ';', '\t']).map(|f| f.trim().trim_matches('"').to_string()).collect();
    let own = &kehoach_normalize::COLUMNS[..5];
    fields.len() > own.len() && fields.iter().zip(own).all(|(f, c)| f == c)
}

/// What kind of special file a non-regular, non-directory entry is.
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a FIFO (named pipe; reading it could block)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    let _ = meta;
    "not a regular file"
}

/// Why a file is skipped, by its extension.
pub(crate) fn unsupported_reason(name: &str) -> String {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "bmp" | "gif" | "webp" => "an image in a format kehoach does not OCR (PNG, JPEG and TIFF are read)".into(),
        "zip" | "rar" | "7z" | "gz" | "tgz" | "tar" | "bz2" | "xz" => {
            "an archive: extract it and convert its files".into()
        }
        "" => "no file extension: not a format kehoach reads (name it .txt if it is text)".into(),
        other => {
            format!(".{other} is not a format kehoach reads ({})", kehoach_extract::INPUT_FORMATS_SHORT)
        }
    }
}

/// A path from a list made safe to mirror under `-o`: no root, no `..`.
pub(crate) fn safe_relative(path: &Path) -> PathBuf {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part),
            _ => None,
        })
        .collect()
}

/// Drops inputs that name a file already listed (the same file named twice,
/// or found under two roots), keeping the first.
pub(crate) fn dedupe(inputs: &mut Vec<Input>) {
    let mut seen = HashSet::new();
    inputs.retain(|input| {
        if input.error.is_some() {
            return true;
        }
        let key = std::fs::canonicalize(&input.path).unwrap_or_else(|_| input.path.clone());
        seen.insert(key)
    });
}

/// Two different inputs that would write the same output: each pair,
/// described with both paths.
pub(crate) fn collisions(inputs: &[Input]) -> Vec<String> {
    let mut first: HashMap<&Path, &Path> = HashMap::new();
    let mut found = Vec::new();
    for input in inputs.iter().filter(|i| i.skip.is_none() && i.error.is_none()) {
        if let Some(other) = first.insert(&input.relative, &input.path) {
            found.push(format!(
                "{} and {} would both be written as {}",
                other.display(),
                input.path.display(),
                input.relative.display()
            ));
            first.insert(&input.relative, other);
        }
    }
    found
}

/// Why `-o DIR` cannot take the outputs; each message names the directory
/// and the system's reason (kept in the message, not as a source, so the
/// CLI's `{:#}` does not print it twice).
#[derive(Debug, thiserror::Error)]
pub(crate) enum OutputDirError {
    #[error("-o {}: exists and is not a directory", .0.display())]
    NotADirectory(PathBuf),
    #[error("-o {}: cannot create the directory: {}", .0.display(), describe(.1))]
    Create(PathBuf, io::Error),
    #[error("-o {}: cannot write in the directory: {}", .0.display(), describe(.1))]
    Write(PathBuf, io::Error),
}

/// Makes sure `-o DIR` is a directory kehoach can write in (creating it),
/// before any work.
pub(crate) fn check_output_dir(dir: &Path) -> Result<(), OutputDirError> {
    if let Ok(meta) = std::fs::metadata(dir) {
        if !meta.is_dir() {
            return Err(OutputDirError::NotADirectory(dir.to_path_buf()));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| OutputDirError::Create(dir.to_path_buf(), e))?;
    let probe = dir.join(format!(".kehoach-probe-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(OutputDirError::Write(dir.to_path_buf(), e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_paths_mirror_safely() {
        assert_eq!(safe_relative(Path::new("/data/a/../b.txt")), PathBuf::from("data/a/b.txt"));
        assert_eq!(safe_relative(Path::new("./x.docx")), PathBuf::from("x.docx"));
    }

    #[test]
    fn reasons_for_skipping() {
        assert!(unsupported_reason("scan.GIF").contains("OCR"));
        assert!(unsupported_reason("a.zip").contains("archive"));
        assert!(unsupported_reason("a.odt").contains("PDF"));
        assert!(unsupported_reason("README").contains("no file extension"));
    }

    #[cfg(unix)]
    #[test]
    fn shown_paths_are_nfc_and_escape_bytes_reversibly() {
        use std::os::unix::ffi::OsStrExt;
        let nfd = Path::new("2023/Ke\u{302}\u{301} hoa\u{323}ch.txt");
        assert_eq!(shown_path(nfd), "2023/Kế hoạch.txt");
        let latin1 = Path::new(std::ffi::OsStr::from_bytes(b"K\xe9 hoach.txt"));
        assert_eq!(shown_path(latin1), "K\\xE9 hoach.txt");
        assert_eq!(shown_path(Path::new("a\\b.txt")), "a\\x5Cb.txt");
    }

    #[test]
    fn collisions_name_both_inputs() {
        let input = |path: &str, relative: &str| Input::file(PathBuf::from(path), PathBuf::from(relative));
        let inputs = [input("A/x.txt", "x.txt"), input("B/x.txt", "x.txt"), input("C/y.txt", "y.txt")];
        let found = collisions(&inputs);
        assert_eq!(found, ["A/x.txt and B/x.txt would both be written as x.txt"]);
    }
}
