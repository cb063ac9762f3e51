//! The rows an XLS (BIFF8) sheet's author hid, which calamine does not
//! report: the `Workbook` stream's BOUNDSHEET records name each sheet and
//! where its records start; a sheet's ROW records flag a hidden row
//! (`fDyZero`, [MS-XLS] 2.4.221) with its outline level. Rows hidden in a
//! sheet with an AUTOFILTERINFO record are a filter's view, and rows of an
//! outline group a collapsed group's: neither is reported (as for XLSX in
//! `xlsx.rs`). Anything unexpected — no `Workbook` stream, a record past
//! the stream's end, a sheet offset that is no BOF — gives no hidden rows:
//! the workbook is then read with them, as calamine reads it.

use std::collections::{BTreeSet, HashMap};
use std::io::Read;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const ROW: u16 = 0x0208;
const AUTOFILTERINFO: u16 = 0x009D;

/// Each sheet's hidden rows (0-based), by the sheet's name; empty when
/// none, or when the stream does not read as expected.
pub(super) fn hidden_rows(bytes: &[u8]) -> HashMap<String, BTreeSet<u32>> {
    stream(bytes).map(|s| from_stream(&s)).unwrap_or_default()
}

fn stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).ok()?;
    let mut stream = file.open_stream("/Workbook").ok()?;
    let mut out = Vec::new();
    stream.read_to_end(&mut out).ok()?;
    Some(out)
}

/// The records from `at`: (type, data), up to the stream's end or a
/// record that does not fit in it.
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = at;
    std::iter::from_fn(move || {
        let head = stream.get(at..at.checked_add(4)?)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((kind, data))
    })
}

fn from_stream(stream: &[u8]) -> HashMap<String, BTreeSet<u32>> {
    let mut sheets = Vec::new();
    for (kind, data) in records(stream, 0) {
        match kind {
            BOUNDSHEET => {
                if let (Some(at), Some(name)) = (data.get(..4), data.get(6..).and_then(short_string)) {
                    sheets.push((u32::from_le_bytes([at[0], at[1], at[2], at[3]]) as usize, name));
                }
            }
            EOF => break,
            _ => {}
        }
    }
    let mut out = HashMap::new();
    for (at, name) in sheets {
        let mut rows = records(stream, at);
        if !matches!(rows.next(), Some((BOF, _))) {
            continue;
        }
        let mut hidden = BTreeSet::new();
        let mut filtered = false;
        for (kind, data) in rows {
            match kind {
                ROW if data.len() >= 16 => {
                    let row = u32::from(u16::from_le_bytes([data[0], data[1]]));
                    let flags = u16::from_le_bytes([data[12], data[13]]);
                    let (level, zero_height) = (flags & 0x0007, flags & 0x0020 != 0);
                    if zero_height && level == 0 {
                        hidden.insert(row);
                    }
                }
                AUTOFILTERINFO => filtered = true,
                EOF => break,
                _ => {}
            }
        }
        if !hidden.is_empty() && !filtered {
            out.insert(name, hidden);
        }
    }
    out
}

/// A ShortXLUnicodeString: a length in characters, a flag byte (bit 0:
/// two bytes a character), the characters.
fn short_string(data: &[u8]) -> Option<String> {
    let (&count, rest) = data.split_first()?;
    let (&flags, chars) = rest.split_first()?;
    let count = usize::from(count);
    if flags & 1 == 1 {
        let units: Vec<u16> =
            chars.get(..count * 2)?.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
        String::from_utf16(&units).ok()
    } else {
        Some(chars.get(..count)?.iter().map(|&b| char::from(b)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// unseen9's XLS (LibreOffice's "MS Excel 97" export of the workbook):
    /// row 17 of the task sheet is hidden; no other sheet hides a row. A
    /// damaged or foreign file gives none.
    #[test]
    fn the_hidden_row_of_an_xls() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/unseen9/unseen9-2034.xls");
        let hidden = hidden_rows(&std::fs::read(path).expect("the fixture"));
        assert_eq!(hidden.len(), 1, "{hidden:?}");
        assert_eq!(hidden.get("KH CCHC 2034").map(|r| r.iter().copied().collect::<Vec<_>>()), Some(vec![16]));
        assert!(hidden_rows(b"not a compound file").is_empty());
        // A ROW record with the outline level set, or in a filtered sheet,
        // is not reported.
        let row = |flags: u16| {
            let mut data = vec![0u8; 16];
            data[0] = 3;
            data[12..14].copy_from_slice(&flags.to_le_bytes());
            record(ROW, &data)
        };
        let book = |sheet: Vec<u8>| {
            let mut name = vec![1u8, 0, b'S'];
            let mut bound = vec![0u8; 6];
            let at = 4 + 6 + name.len() + 4; // the sheet's BOF, after BOUNDSHEET and EOF
            bound[..4].copy_from_slice(&(at as u32).to_le_bytes());
            bound.append(&mut name);
            let mut stream = record(BOUNDSHEET, &bound);
            stream.extend(record(EOF, &[]));
            stream.extend(record(BOF, &[0; 16]));
            stream.extend(sheet);
            stream.extend(record(EOF, &[]));
            from_stream(&stream)
        };
        assert_eq!(book(row(0x0020)).get("S").map(|r| r.iter().copied().collect::<Vec<_>>()), Some(vec![3]));
        assert!(book(row(0x0021)).is_empty(), "an outline group's");
        assert!(book([row(0x0020), record(AUTOFILTERINFO, &[1, 0])].concat()).is_empty(), "a filter's");
        assert!(book(row(0)).is_empty());
    }

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }
}
