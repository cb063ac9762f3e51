//! Cheap checks that refuse hostile files before a reader works on them.
//!
//! Each check costs a fraction of the reading it guards: PDF streams are
//! inflated into a counting sink (nothing kept), page trees and form
//! XObjects are walked once with cycle detection, image sizes and TIFF pages
//! are read from the headers; object streams (which lopdf inflates while
//! loading) are checked in the raw bytes first. What these cannot catch (an
//! allocation a library makes on a lying header) is left to the batch's worker processes and their memory limit.

use crate::error::{Bound, CompoundError, PdfBound};
use pdf_extract::{Dictionary, Document, Object, ObjectId};
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// Largest decompressed size of one PDF stream (content, form, font).
pub(crate) const MAX_PDF_STREAM_BYTES: u64 = 256 << 20;
/// Largest decompressed size of all of a PDF's streams together (images
/// excepted: they are bounded by their pixel size when read).
pub(crate) const MAX_PDF_TOTAL_BYTES: u64 = 1 << 30;
/// Deepest nesting of form XObjects, and of a page tree.
pub(crate) const MAX_PDF_DEPTH: usize = 32;
/// Largest page image handed to OCR, in pixels (A4 at 600 dpi is 35 M).
pub(crate) const MAX_IMAGE_PIXELS: u64 = 100_000_000;
/// Most pages (images) of a TIFF file.
pub(crate) const MAX_TIFF_PAGES: usize = 100;

/// Checks a PDF's object streams in its raw bytes, before lopdf loads it
/// (lopdf inflates every `/ObjStm` while loading, whatever its size): each
/// Flate-coded one is inflated into a counting sink, and one that inflates
/// to more than [`MAX_PDF_STREAM_BYTES`] (or all together to more than
/// [`MAX_PDF_TOTAL_BYTES`]) refuses the file. Damaged ones are left to the
/// reader.
pub(crate) fn check_pdf_object_streams(bytes: &[u8]) -> Result<(), PdfBound> {
    let mut total = 0u64;
    let mut sink = vec![0u8; 64 * 1024];
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], b"/ObjStm").map(|i| i + from) {
        from = at + 7;
        // The dictionary holding the name ends at its stream keyword.
        let Some(start) = find(&bytes[from..], b"stream").map(|i| i + from) else { break };
        // (Near the name: a filter of an earlier object only costs a look.)
        let dict = &bytes[at.saturating_sub(1024)..start];
        if find(dict, b"/FlateDecode").is_none() && find(dict, b"/Fl").is_none() {
            continue;
        }
        let mut data = start + 6;
        if bytes.get(data) == Some(&b'\r') {
            data += 1;
        }
        if bytes.get(data) == Some(&b'\n') {
            data += 1;
        }
        let mut reader = flate2::read::ZlibDecoder::new(&bytes[data.min(bytes.len())..]).take(MAX_PDF_STREAM_BYTES + 1);
        let mut size = 0u64;
        loop {
            match reader.read(&mut sink) {
                Ok(0) | Err(_) => break,
                Ok(n) => size += n as u64,
            }
        }
        if size > MAX_PDF_STREAM_BYTES {
            return Err(PdfBound::ObjectStream { limit_mib: MAX_PDF_STREAM_BYTES >> 20 });
        }
        total += size;
        if total > MAX_PDF_TOTAL_BYTES {
            return Err(PdfBound::ObjectStreams { limit_mib: MAX_PDF_TOTAL_BYTES >> 20 });
        }
        from = start;
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Checks a loaded PDF: decompressed stream sizes, page-tree parent chains
/// and form XObjects that draw themselves (directly or in a cycle).
pub(crate) fn check_pdf(doc: &Document) -> Result<(), PdfBound> {
    stream_sizes(doc)?;
    page_tree(doc)?;
    forms(doc)
}

fn stream_sizes(doc: &Document) -> Result<(), PdfBound> {
    let mut total = 0u64;
    let mut sink = vec![0u8; 64 * 1024];
    for (id, object) in &doc.objects {
        let Object::Stream(stream) = object else { continue };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|s| s == b"Image") {
            continue;
        }
        let Ok(filters) = stream.filters() else { continue };
        if filters.first().is_none_or(|f| *f != b"FlateDecode" && *f != b"Fl") {
            continue;
        }
        let mut reader = flate2::read::ZlibDecoder::new(&stream.content[..]).take(MAX_PDF_STREAM_BYTES + 1);
        let mut size = 0u64;
        loop {
            match reader.read(&mut sink) {
                Ok(0) | Err(_) => break, // damaged streams are the reader's business
                Ok(n) => size += n as u64,
            }
        }
        if size > MAX_PDF_STREAM_BYTES {
            return Err(PdfBound::Stream { object: id.0, generation: id.1, limit_mib: MAX_PDF_STREAM_BYTES >> 20 });
        }
        total += size;
        if total > MAX_PDF_TOTAL_BYTES {
            return Err(PdfBound::Streams { limit_mib: MAX_PDF_TOTAL_BYTES >> 20 });
        }
    }
    Ok(())
}

/// Every page's `/Parent` chain ends, within [`MAX_PDF_DEPTH`] steps
/// (inherited resources and page sizes are looked up along it).
fn page_tree(doc: &Document) -> Result<(), PdfBound> {
    let mut fine: HashSet<ObjectId> = HashSet::new();
    for (number, page) in doc.get_pages() {
        let mut chain = Vec::new();
        let mut at = page;
        loop {
            if fine.contains(&at) {
                break;
            }
            if chain.contains(&at) {
                return Err(PdfBound::PageTreeLoop(number));
            }
            if chain.len() > MAX_PDF_DEPTH {
                return Err(PdfBound::PageTreeDepth(MAX_PDF_DEPTH));
            }
            chain.push(at);
            match doc.get_dictionary(at).ok().and_then(|d| d.get(b"Parent").ok()).and_then(|p| p.as_reference().ok()) {
                Some(parent) => at = parent,
                None => break,
            }
        }
        fine.extend(chain);
    }
    Ok(())
}

fn dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(object).ok().and_then(|(_, o)| o.as_dict().ok())
}

/// The page's resources, inherited along its parents (bounded: the page
/// tree was checked first).
fn page_resources(doc: &Document, page: ObjectId) -> Option<&Dictionary> {
    let mut at = doc.get_dictionary(page).ok()?;
    for _ in 0..=MAX_PDF_DEPTH {
        if let Some(resources) = at.get(b"Resources").ok().and_then(|r| dict(doc, r)) {
            return Some(resources);
        }
        at = doc.get_dictionary(at.get(b"Parent").ok()?.as_reference().ok()?).ok()?;
    }
    None
}

/// Form XObjects drawn by a form, by the names its content uses with `Do`
/// (a scan for the operator; forms that never use it cost one inflate).
fn drawn_names(content: &[u8]) -> Vec<Vec<u8>> {
    if !content.windows(2).any(|w| w == b"Do") {
        return Vec::new();
    }
    match pdf_extract::content::Content::decode(content) {
        Ok(content) => content
            .operations
            .into_iter()
            .filter(|op| op.operator == "Do")
            .filter_map(|op| op.operands.first().and_then(|o| o.as_name().ok()).map(<[u8]>::to_vec))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// No form XObject draws itself, directly or through others, and none are
/// nested deeper than [`MAX_PDF_DEPTH`]. A form without resources of its
/// own uses its caller's, so the walk follows (form, resources) pairs.
fn forms(doc: &Document) -> Result<(), PdfBound> {
    type Key = (ObjectId, usize);
    let mut done: HashSet<Key> = HashSet::new();
    let mut drawn: HashMap<ObjectId, Vec<Vec<u8>>> = HashMap::new();
    for (number, page) in doc.get_pages() {
        let Some(resources) = page_resources(doc, page) else { continue };
        // Forms the page can draw; the page's own content is not scanned:
        // only forms can recurse.
        let Some(xobjects) = resources.get(b"XObject").ok().and_then(|x| dict(doc, x)) else { continue };
        for (_, entry) in xobjects.iter() {
            let Ok(id) = entry.as_reference() else { continue };
            let mut path: Vec<ObjectId> = Vec::new();
            visit(doc, number, id, resources, &mut path, &mut done, &mut drawn)?;
        }
    }
    Ok(())
}

fn visit(
    doc: &Document,
    page: u32,
    id: ObjectId,
    caller: &Dictionary,
    path: &mut Vec<ObjectId>,
    done: &mut HashSet<(ObjectId, usize)>,
    drawn: &mut HashMap<ObjectId, Vec<Vec<u8>>>,
) -> Result<(), PdfBound> {
    let Ok(Object::Stream(stream)) = doc.get_object(id) else { return Ok(()) };
    if !stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|s| s == b"Form") {
        return Ok(());
    }
    let resources = stream.dict.get(b"Resources").ok().and_then(|r| dict(doc, r)).unwrap_or(caller);
    let key = (id, resources as *const Dictionary as usize);
    if done.contains(&key) {
        return Ok(());
    }
    if path.contains(&id) {
        return Err(PdfBound::FormCycle { page, object: id.0, generation: id.1 });
    }
    if path.len() >= MAX_PDF_DEPTH {
        return Err(PdfBound::FormDepth { page, limit: MAX_PDF_DEPTH });
    }
    let names = drawn
        .entry(id)
        .or_insert_with(|| {
            let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
            drawn_names(&content)
        })
        .clone();
    if !names.is_empty() {
        if let Some(xobjects) = resources.get(b"XObject").ok().and_then(|x| dict(doc, x)) {
            path.push(id);
            for name in names {
                if let Some(next) = xobjects.get(&name).ok().and_then(|o| o.as_reference().ok()) {
                    visit(doc, page, next, resources, path, done, drawn)?;
                }
            }
            path.pop();
        }
    }
    done.insert(key);
    Ok(())
}

/// Checks the header of a compound file (legacy `.xls`): the sector
/// counts it declares must fit in the file. calamine reserves memory from
/// them before reading, so a mutated header asks for terabytes.
pub(crate) fn check_cfb(bytes: &[u8]) -> Result<(), CompoundError> {
    let Some(header) = bytes.get(..512) else { return Err(CompoundError::Truncated) };
    let u32_at = |at: usize| u32::from_le_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]) as u64;
    let sector = match u16::from_le_bytes([header[30], header[31]]) {
        0x09 => 512u64,
        0x0C => 4096,
        other => return Err(CompoundError::SectorSize(other)),
    };
    let sectors_in_file = (bytes.len() as u64).div_ceil(sector);
    for (what, at) in [("directory", 40), ("allocation-table", 44), ("mini allocation-table", 64), ("DIFAT", 72)] {
        let declared = u32_at(at);
        if declared > sectors_in_file {
            return Err(CompoundError::Sectors { declared, what, room: sectors_in_file });
        }
    }
    Ok(())
}

/// Checks a page image's size (from its header) and, for TIFF, its number
/// of pages, before it goes to OCR.
pub(crate) fn check_image(bytes: &[u8]) -> Result<(), Bound> {
    let size = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png_size(bytes)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        jpeg_size(bytes)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        let pages = tiff_pages(bytes);
        if pages.len() > MAX_TIFF_PAGES {
            return Err(Bound::TiffPages { limit: MAX_TIFF_PAGES });
        }
        pages.into_iter().max_by_key(|(w, h)| w * h)
    } else {
        None
    };
    if let Some((w, h)) = size {
        if w.saturating_mul(h) > MAX_IMAGE_PIXELS {
            return Err(Bound::ImagePixels { width: w, height: h, limit_millions: MAX_IMAGE_PIXELS / 1_000_000 });
        }
    }
    Ok(())
}

fn png_size(bytes: &[u8]) -> Option<(u64, u64)> {
    let ihdr = bytes.get(12..24)?;
    if &ihdr[..4] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(ihdr[4..8].try_into().ok()?);
    let h = u32::from_be_bytes(ihdr[8..12].try_into().ok()?);
    Some((w as u64, h as u64))
}

fn jpeg_size(bytes: &[u8]) -> Option<(u64, u64)> {
    let mut at = 2;
    while at + 9 < bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let len = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        // Start-of-frame markers (not DHT, JPG, DAC).
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let h = u16::from_be_bytes([bytes[at + 5], bytes[at + 6]]);
            let w = u16::from_be_bytes([bytes[at + 7], bytes[at + 8]]);
            return Some((w as u64, h as u64));
        }
        at += 2 + len;
    }
    None
}

/// Width and height of each page (IFD) of a TIFF file, in order; stops at
/// a loop in the IFD chain and after [`MAX_TIFF_PAGES`] + 1 pages.
fn tiff_pages(bytes: &[u8]) -> Vec<(u64, u64)> {
    let little = bytes.starts_with(b"II");
    let u16_at = |at: usize| -> Option<u64> {
        let b: [u8; 2] = bytes.get(at..at + 2)?.try_into().ok()?;
        Some(if little { u16::from_le_bytes(b) } else { u16::from_be_bytes(b) } as u64)
    };
    let u32_at = |at: usize| -> Option<u64> {
        let b: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
        Some(if little { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) } as u64)
    };
    let mut pages = Vec::new();
    let mut seen = HashSet::new();
    let mut ifd = u32_at(4).unwrap_or(0) as usize;
    while ifd != 0 && seen.insert(ifd) && pages.len() <= MAX_TIFF_PAGES {
        let Some(count) = u16_at(ifd) else { break };
        let (mut w, mut h) = (0, 0);
        for i in 0..count as usize {
            let entry = ifd + 2 + i * 12;
            let (Some(tag), Some(kind)) = (u16_at(entry), u16_at(entry + 2)) else { break };
            let value = if kind == 3 { u16_at(entry + 8) } else { u32_at(entry + 8) }.unwrap_or(0);
            match tag {
                256 => w = value,
                257 => h = value,
                _ => {}
            }
        }
        pages.push((w, h));
        ifd = u32_at(ifd + 2 + count as usize * 12).unwrap_or(0) as usize;
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(w.to_be_bytes());
        bytes.extend(h.to_be_bytes());
        bytes.extend([8, 0, 0, 0, 0]);
        bytes
    }

    #[test]
    fn huge_images_are_refused_from_their_header() {
        assert!(check_image(&png(2480, 3508)).is_ok());
        let err = check_image(&png(30_000, 30_000)).unwrap_err();
        assert!(matches!(err, Bound::ImagePixels { width: 30_000, height: 30_000, .. }), "{err}");
        assert!(err.to_string().contains("30000 × 30000 pixels"), "{err}");
    }

    /// A TIFF of `pages` 1×1 pages; with `looped`, the last IFD points back
    /// to the first.
    fn tiff(pages: usize, looped: bool) -> Vec<u8> {
        let mut bytes = b"II*\0\x08\0\0\0".to_vec();
        for i in 0..pages {
            let at = bytes.len();
            bytes.extend(2u16.to_le_bytes());
            for tag in [256u16, 257] {
                bytes.extend(tag.to_le_bytes());
                bytes.extend(3u16.to_le_bytes());
                bytes.extend(1u32.to_le_bytes());
                bytes.extend(1u32.to_le_bytes());
            }
            let next = if i + 1 < pages {
                at + 30
            } else if looped {
                8
            } else {
                0
            };
            bytes.extend((next as u32).to_le_bytes());
        }
        bytes
    }

    #[test]
    fn tiff_pages_are_counted_and_loops_end() {
        assert_eq!(tiff_pages(&tiff(3, false)), vec![(1, 1); 3]);
        assert_eq!(tiff_pages(&tiff(3, true)).len(), 3);
        assert!(matches!(check_image(&tiff(MAX_TIFF_PAGES + 5, false)), Err(Bound::TiffPages { .. })));
    }
}
