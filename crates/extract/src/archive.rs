//! Bounded access to the zip containers of DOCX, XLSX and ODS.
//!
//! Office files are zip archives, and a hostile one can claim a million
//! entries, expand a few kilobytes into gigabytes, or lie about its sizes in
//! its headers. Before any part is parsed, [`Package::open`] checks the
//! central directory against [`Limits`] and then decompresses every entry
//! once through a counting reader, so the limits hold for the real data, not
//! only for what the headers claim. A truncated or corrupt archive is an
//! error here, before a parser sees it.
//!
//! [`Lazy::open`] (the DOCX reader's) checks every entry's structure the
//! same way but decompresses a part only when the reader asks for it: a
//! part nothing reads (`stylesWithEffects.xml`, images, fonts) has its
//! local header read, its data bounds and its claimed sizes checked
//! against the limits, and is never inflated, so damage inside its
//! compressed data (or a checksum that does not match) goes unnoticed. The
//! parts that are read go through the same counting reader as above.

use crate::error::ArchiveError;
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// Bounds on a zip container.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Most entries an archive may hold.
    pub entries: usize,
    /// Largest decompressed size of one entry.
    pub entry_bytes: u64,
    /// Largest decompressed size of all entries together.
    pub total_bytes: u64,
    /// Largest decompressed/compressed ratio of an entry bigger than 1 MiB.
    pub ratio: u64,
}

impl Limits {
    pub(crate) const DEFAULT: Limits =
        Limits { entries: 10_000, entry_bytes: 512 << 20, total_bytes: 1 << 30, ratio: 200 };
}

/// A checked zip container, with its XML parts already decompressed (the
/// check reads every entry once; keeping the markup parts saves a second
/// decompression).
pub(crate) struct Package {
    names: Vec<String>,
    parts: std::collections::HashMap<String, Vec<u8>>,
}

impl Package {
    /// Opens and checks an archive, keeping its markup parts for reading.
    pub(crate) fn open(bytes: &[u8], limits: Limits) -> Result<Package, ArchiveError> {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(ArchiveError::NotZip)?;
        if zip.len() > limits.entries {
            return Err(ArchiveError::TooManyEntries { count: zip.len(), limit: limits.entries });
        }
        let mut total = 0u64;
        let mut sink = [0u8; 64 * 1024];
        let mut parts = std::collections::HashMap::new();
        let mut names = Vec::with_capacity(zip.len());
        for index in 0..zip.len() {
            let mut entry = zip.by_index(index).map_err(|source| ArchiveError::DamagedEntry { index, source })?;
            let name = entry.name().to_string();
            let compressed = entry.compressed_size().max(1);
            if entry.size() > limits.entry_bytes {
                return Err(ArchiveError::PartClaimsTooMuch {
                    part: name,
                    size: entry.size(),
                    limit: limits.entry_bytes,
                });
            }
            let kept = is_markup(&name).then(Vec::new);
            let (size, kept) = inflate(&mut entry, &name, compressed, total, limits, kept, &mut sink)?;
            total += size;
            if let Some(kept) = kept {
                parts.insert(name.clone(), kept);
            }
            names.push(name);
        }
        Ok(Package { names, parts })
    }

    /// The names of all entries, in archive order, borrowed.
    pub(crate) fn entry_names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// One markup part's bytes as stored (no byte-order mark removed).
    pub(crate) fn part(&self, name: &str) -> Option<&[u8]> {
        self.parts.get(name).map(Vec::as_slice)
    }

    /// One markup part as UTF-8 text, borrowed (a byte-order mark left
    /// out); `Ok(None)` when the archive has no such part.
    pub(crate) fn text(&self, name: &str) -> Result<Option<&str>, ArchiveError> {
        let Some(bytes) = self.part(name) else { return Ok(None) };
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        std::str::from_utf8(bytes).map(Some).map_err(|_| ArchiveError::NotUtf8 { part: name.to_string() })
    }

    /// Takes one markup part (`.xml`, `.rels`) out as UTF-8 text; `Ok(None)`
    /// when the archive has no such part (or it was taken before).
    pub(crate) fn take_text(&mut self, name: &str) -> Result<Option<String>, ArchiveError> {
        let Some(bytes) = self.parts.remove(name) else { return Ok(None) };
        let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => rest.to_vec(),
            None => bytes,
        };
        String::from_utf8(bytes).map(Some).map_err(|_| ArchiveError::NotUtf8 { part: name.to_string() })
    }
}

/// A checked zip container whose parts are decompressed on demand (see
/// the module documentation for what is checked of the others).
pub(crate) struct Lazy<'b> {
    zip: ZipArchive<Cursor<&'b [u8]>>,
    limits: Limits,
    names: Vec<String>,
    /// Whether each entry was taken (read) already.
    taken: Vec<bool>,
    /// What the entries expand to, as far as known: the sizes their
    /// headers claim, and the real size of each part read.
    total: u64,
}

impl<'b> Lazy<'b> {
    /// Opens an archive and checks the structure of every entry: the
    /// central directory, each local header, that the entry's data lies
    /// inside the file, and its claimed size against [`Limits`] (the
    /// per-entry and total sizes, and the ratio of a part over 1 MiB).
    pub(crate) fn open(bytes: &'b [u8], limits: Limits) -> Result<Lazy<'b>, ArchiveError> {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(ArchiveError::NotZip)?;
        if zip.len() > limits.entries {
            return Err(ArchiveError::TooManyEntries { count: zip.len(), limit: limits.entries });
        }
        let mut total = 0u64;
        let mut names = Vec::with_capacity(zip.len());
        for index in 0..zip.len() {
            let entry = zip.by_index(index).map_err(|source| ArchiveError::DamagedEntry { index, source })?;
            let name = entry.name().to_string();
            let (size, compressed) = (entry.size(), entry.compressed_size());
            if size > limits.entry_bytes {
                return Err(ArchiveError::PartClaimsTooMuch { part: name, size, limit: limits.entry_bytes });
            }
            if entry.data_start().checked_add(compressed).is_none_or(|end| end > bytes.len() as u64) {
                return Err(ArchiveError::OutOfBounds { part: name });
            }
            // In `Package::open`'s order: the total, then the ratio.
            total += size;
            if total > limits.total_bytes {
                return Err(ArchiveError::ExpandsTooMuch { limit: limits.total_bytes });
            }
            if size > (1 << 20) && size / compressed.max(1) > limits.ratio {
                return Err(ArchiveError::Ratio { part: name, ratio: size / compressed.max(1), limit: limits.ratio });
            }
            names.push(name);
        }
        Ok(Lazy { zip, limits, taken: vec![false; names.len()], names, total })
    }

    /// The names of all entries, in archive order.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// Decompresses one markup part (`.xml`, `.rels`) as UTF-8 text (a
    /// byte-order mark left out); `Ok(None)` when the archive has no such
    /// part, or it was taken before. Of two entries of one name, the last
    /// is read, as [`Package::open`] keeps it.
    pub(crate) fn take_text(&mut self, name: &str) -> Result<Option<String>, ArchiveError> {
        if !is_markup(name) {
            return Ok(None);
        }
        let Some(index) = self.names.iter().rposition(|n| n == name) else { return Ok(None) };
        if std::mem::replace(&mut self.taken[index], true) {
            return Ok(None);
        }
        let limits = self.limits;
        let mut entry = self.zip.by_index(index).map_err(|source| ArchiveError::DamagedEntry { index, source })?;
        let compressed = entry.compressed_size().max(1);
        let others = self.total - entry.size();
        // As much room as the header claims, within what the limits allow
        // of its compressed size (a header may lie).
        let room = entry.size().min(compressed.saturating_mul(limits.ratio)).min(limits.entry_bytes);
        let kept = Some(Vec::with_capacity(room as usize));
        let mut sink = [0u8; 64 * 1024];
        let (size, kept) = inflate(&mut entry, name, compressed, others, limits, kept, &mut sink)?;
        let kept = kept.unwrap_or_default();
        self.total = others + size;
        let bytes = match kept.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => rest.to_vec(),
            None => kept,
        };
        String::from_utf8(bytes).map(Some).map_err(|_| ArchiveError::NotUtf8 { part: name.to_string() })
    }
}

/// Inflates one entry through the limits' bounds (a header may lie about
/// its size): its size, and its bytes if `kept` is given. Past the ratio
/// bound the part fails whatever follows: the count goes on for the
/// error's ratio and the bytes are let go (a 64 MiB bomb does not sit in
/// memory). `others` is what the archive's other parts inflate to.
fn inflate(
    entry: impl Read,
    name: &str,
    compressed: u64,
    others: u64,
    limits: Limits,
    mut kept: Option<Vec<u8>>,
    sink: &mut [u8],
) -> Result<(u64, Option<Vec<u8>>), ArchiveError> {
    let mut bounded = entry.take(limits.entry_bytes + 1);
    let mut size = 0u64;
    loop {
        let n = bounded.read(sink).map_err(|source| ArchiveError::Inflate { part: name.to_string(), source })?;
        if n == 0 {
            break;
        }
        size += n as u64;
        if let Some(bytes) = &mut kept {
            bytes.extend_from_slice(&sink[..n]);
            if size > (1 << 20) && size / compressed > limits.ratio {
                kept = None;
            }
        }
        if others + size > limits.total_bytes {
            return Err(ArchiveError::ExpandsTooMuch { limit: limits.total_bytes });
        }
    }
    if size > limits.entry_bytes {
        return Err(ArchiveError::PartExpandsTooMuch { part: name.to_string(), limit: limits.entry_bytes });
    }
    if size > (1 << 20) && size / compressed > limits.ratio {
        return Err(ArchiveError::Ratio { part: name.to_string(), ratio: size / compressed, limit: limits.ratio });
    }
    Ok((size, kept))
}

/// Parts worth keeping: markup, not media.
fn is_markup(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".rels")
}

/// A zip archive of the given parts, for tests.
#[cfg(test)]
pub(crate) fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut out = Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    for (name, data) in parts {
        writer.start_file(*name, SimpleFileOptions::default()).expect("start entry");
        writer.write_all(data).expect("write entry");
    }
    writer.finish().expect("finish archive");
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_parts_and_reports_missing_ones() {
        let bytes = zip_of(&[("a.xml", b"<a/>")]);
        let mut package = Package::open(&bytes, Limits::DEFAULT).unwrap();
        assert_eq!(package.take_text("a.xml").unwrap().as_deref(), Some("<a/>"));
        assert_eq!(package.take_text("b.xml").unwrap(), None);
        assert_eq!(package.entry_names().collect::<Vec<_>>(), ["a.xml"]);
    }

    #[test]
    fn bombs_and_damage_are_refused() {
        let zeros = vec![0u8; 8 << 20];
        let bomb = zip_of(&[("big.xml", &zeros)]);
        let err = Package::open(&bomb, Limits::DEFAULT).err().unwrap();
        assert!(matches!(err, ArchiveError::Ratio { ratio, limit: 200, .. } if ratio > 200), "{err}");
        assert!(err.to_string().contains("-fold"), "{err}");
        let small = Limits { total_bytes: 1 << 20, ..Limits::DEFAULT };
        let err = Package::open(&bomb, small).err().unwrap();
        assert!(matches!(err, ArchiveError::ExpandsTooMuch { limit: 1_048_576 }), "{err}");
        let many: Vec<(String, &[u8])> = (0..20).map(|i| (format!("{i}.xml"), &b"x"[..])).collect();
        let many: Vec<(&str, &[u8])> = many.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        let err = Package::open(&zip_of(&many), Limits { entries: 10, ..Limits::DEFAULT }).err().unwrap();
        assert!(matches!(err, ArchiveError::TooManyEntries { count: 20, limit: 10 }), "{err}");
        let whole = zip_of(&[("a.xml", b"<a/>")]);
        let err = Package::open(&whole[..whole.len() / 2], Limits::DEFAULT).err().unwrap();
        assert!(matches!(err, ArchiveError::NotZip(_)), "{err}");
    }

    /// The offset of entry `name`'s compressed data in `bytes`.
    fn data_start(bytes: &[u8], name: &str) -> usize {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
        let entry = zip.by_name(name).unwrap();
        entry.data_start() as usize
    }

    #[test]
    fn lazy_inflates_only_the_parts_read() {
        // Text that deflate cannot shrink to nothing, so its data can be damaged.
        let noise: Vec<u8> = (0..20_000u32).map(|i| b'a' + (i.wrapping_mul(2_654_435_761) >> 27) as u8).collect();
        let mut bytes = zip_of(&[("a.xml", b"<a/>"), ("b.xml", &noise), ("c.png", &noise)]);
        let lazy = Lazy::open(&bytes, Limits::DEFAULT).unwrap();
        assert_eq!(lazy.names(), ["a.xml", "b.xml", "c.png"]);
        for part in ["b.xml", "c.png"] {
            let at = data_start(&bytes, part) + 100;
            bytes[at] ^= 0x55;
        }
        // Damage inside parts not read goes unnoticed; the eager check finds it.
        let mut lazy = Lazy::open(&bytes, Limits::DEFAULT).unwrap();
        assert_eq!(lazy.take_text("a.xml").unwrap().as_deref(), Some("<a/>"));
        assert_eq!(lazy.take_text("a.xml").unwrap(), None, "taken once");
        assert_eq!(lazy.take_text("c.png").unwrap(), None, "media are not text");
        assert!(matches!(Package::open(&bytes, Limits::DEFAULT), Err(ArchiveError::Inflate { .. })));
        // A part read is inflated and checked whole.
        let err = lazy.take_text("b.xml").err().unwrap();
        assert!(matches!(&err, ArchiveError::Inflate { part, .. } if part == "b.xml"), "{err}");
    }

    #[test]
    fn lazy_refuses_what_the_headers_claim() {
        let zeros = vec![0u8; 8 << 20];
        let bomb = zip_of(&[("a.xml", b"<a/>"), ("media/big.bin", &zeros)]);
        let err = Lazy::open(&bomb, Limits::DEFAULT).err().unwrap();
        assert!(matches!(&err, ArchiveError::Ratio { part, limit: 200, .. } if part == "media/big.bin"), "{err}");
        let small = Limits { total_bytes: 1 << 20, ..Limits::DEFAULT };
        let err = Lazy::open(&bomb, small).err().unwrap();
        assert!(matches!(err, ArchiveError::ExpandsTooMuch { limit: 1_048_576 }), "{err}");
        let many: Vec<(String, &[u8])> = (0..20).map(|i| (format!("{i}.xml"), &b"x"[..])).collect();
        let many: Vec<(&str, &[u8])> = many.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        let err = Lazy::open(&zip_of(&many), Limits { entries: 10, ..Limits::DEFAULT }).err().unwrap();
        assert!(matches!(err, ArchiveError::TooManyEntries { count: 20, limit: 10 }), "{err}");
        // A local header that is not where the directory says: damaged.
        let mut bytes = zip_of(&[("a.xml", b"<a/>"), ("b.xml", b"<b/>")]);
        let at = data_start(&bytes, "b.xml") - 30 - "b.xml".len();
        bytes[at] = b'X';
        let err = Lazy::open(&bytes, Limits::DEFAULT).err().unwrap();
        assert!(matches!(err, ArchiveError::DamagedEntry { index: 1, .. }), "{err}");
    }
}
