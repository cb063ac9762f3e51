//! What calamine does not report of an XLS (BIFF8) workbook: the rows a
//! sheet's author hid, and what each date cell's number format shows
//! (calamine keeps a format's kind, not its pattern, so an "mm/yyyy" date
//! would read "31/12/2034"; `shapes_from_stream`).
//!
//! Hidden rows: the `Workbook` stream's BOUNDSHEET records name each sheet and
//! where its records start; a sheet's ROW records flag a hidden row
//! (`fDyZero`, [MS-XLS] 2.4.221) with its outline level. Rows hidden in a
//! sheet with an AUTOFILTERINFO record are a filter's view, and rows of an
//! outline group a collapsed group's: neither is reported (as for XLSX in
//! `xlsx.rs`). Anything unexpected — no `Workbook` stream, a record past
//! the stream's end, a sheet offset that is no BOF — gives no hidden rows:
//! the workbook is then read with them, as calamine reads it.

use super::{Shape, Shapes};
use std::collections::{BTreeSet, HashMap};
use std::io::Read;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const ROW: u16 = 0x0208;
const AUTOFILTERINFO: u16 = 0x009D;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;

/// What is read of an XLS beside calamine, by sheet name.
#[derive(Default)]
pub(super) struct Extras {
    /// Each sheet's hidden rows (0-based).
    pub(super) hidden_rows: HashMap<String, BTreeSet<u32>>,
    /// Each sheet's cells whose format shows a date otherwise than
    /// [`Shape::FULL`].
    pub(super) shapes: HashMap<String, Shapes>,
}

/// The hidden rows and date shapes of an XLS; empty when none, or when
/// the stream does not read as expected.
pub(super) fn extras(bytes: &[u8]) -> Extras {
    match stream(bytes) {
        Some(s) => Extras { hidden_rows: from_stream(&s), shapes: shapes_from_stream(&s) },
        None => Extras::default(),
    }
}

#[cfg(test)]
fn hidden_rows(bytes: &[u8]) -> HashMap<String, BTreeSet<u32>> {
    extras(bytes).hidden_rows
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
            BOUNDSHEET => sheets.extend(bound_sheet(data)),
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

/// Each sheet's cells whose format shows a date otherwise than day, month,
/// year and time, with that [`Shape`]: the globals' FORMAT records (a code
/// by id) and XF records (a format id by cell style, in order), and the
/// cell records that carry a style (NUMBER, RK, MULRK, FORMULA).
fn shapes_from_stream(stream: &[u8]) -> HashMap<String, Shapes> {
    let mut codes: HashMap<u16, Shape> = HashMap::new();
    let mut styles: Vec<Shape> = Vec::new();
    let mut sheets = Vec::new();
    for (kind, data) in records(stream, 0) {
        match kind {
            FORMAT => {
                if let (Some(id), Some(code)) = (data.get(..2), data.get(2..).and_then(unicode_string)) {
                    codes.insert(u16::from_le_bytes([id[0], id[1]]), Shape::of_code(&code));
                }
            }
            XF => {
                let id = data.get(2..4).map_or(0, |id| u16::from_le_bytes([id[0], id[1]]));
                styles.push(codes.get(&id).copied().unwrap_or_else(|| Shape::builtin(id)));
            }
            BOUNDSHEET => sheets.extend(bound_sheet(data)),
            EOF => break,
            _ => {}
        }
    }
    let mut out = HashMap::new();
    if styles.iter().all(|s| *s == Shape::FULL) {
        return out;
    }
    let u16_at = |data: &[u8], at: usize| data.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    for (at, name) in sheets {
        let mut rows = records(stream, at);
        if !matches!(rows.next(), Some((BOF, _))) {
            continue;
        }
        let mut shapes = Shapes::new();
        let mut put = |row: u16, col: u16, style: u16| {
            if let Some(shape) = styles.get(usize::from(style)).filter(|s| **s != Shape::FULL) {
                shapes.insert((u32::from(row), u32::from(col)), *shape);
            }
        };
        for (kind, data) in rows {
            match kind {
                NUMBER | RK | FORMULA => {
                    if let (Some(row), Some(col), Some(style)) = (u16_at(data, 0), u16_at(data, 2), u16_at(data, 4)) {
                        put(row, col, style);
                    }
                }
                MULRK => {
                    let (Some(row), Some(first)) = (u16_at(data, 0), u16_at(data, 2)) else { continue };
                    // (style, RK value) pairs of 6 bytes, then the last column.
                    let pairs = data.len().saturating_sub(6) / 6;
                    for k in 0..pairs {
                        if let Some(style) = u16_at(data, 4 + 6 * k) {
                            put(row, first.saturating_add(k as u16), style);
                        }
                    }
                }
                EOF => break,
                _ => {}
            }
        }
        if !shapes.is_empty() {
            out.insert(name, shapes);
        }
    }
    out
}

/// An XLUnicodeString: a length in characters (two bytes), a flag byte
/// (bit 0: two bytes a character), the characters.
fn unicode_string(data: &[u8]) -> Option<String> {
    let count = usize::from(u16::from_le_bytes([*data.first()?, *data.get(1)?]));
    let flags = *data.get(2)?;
    let chars = data.get(3..)?;
    if flags & 1 == 1 {
        let units: Vec<u16> =
            chars.get(..count * 2)?.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
        String::from_utf16(&units).ok()
    } else {
        Some(chars.get(..count)?.iter().map(|&b| char::from(b)).collect())
    }
}

/// A ShortXLUnicodeString: a length in characters, a flag byte (bit 0:
/// two bytes a character), the characters.
/// A BOUNDSHEET record's sheet: where its BOF stands in the stream, and its name.
fn bound_sheet(data: &[u8]) -> Option<(usize, String)> {
    let at = data.get(..4)?;
    let name = data.get(6..).and_then(short_string)?;
    Some((u32::from_le_bytes([at[0], at[1], at[2], at[3]]) as usize, name))
}

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

    /// unseen9's XLS keeps its deadline's "MM/YYYY" format in a FORMAT
    /// record: that one cell has a month-year shape, and the sheet reads
    /// "12/2034" where calamine alone gives "31/12/2034".
    #[test]
    fn the_month_year_date_of_an_xls() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/unseen9/unseen9-2034.xls");
        let bytes = std::fs::read(path).expect("the fixture");
        let shapes = extras(&bytes).shapes;
        let sheet = shapes.get("KH CCHC 2034").expect("the task sheet");
        assert_eq!(sheet.values().filter(|s| **s == Shape::of_code("mm/yyyy")).count(), 1, "{sheet:?}");
        let sheets = super::super::read_sheets(crate::model::Format::Xls, &bytes, None).expect("reads");
        let values: Vec<&String> = sheets[0].cells.values().filter(|v| v.ends_with("/2034")).collect();
        assert!(values.contains(&&"12/2034".to_string()) && !values.contains(&&"31/12/2034".to_string()), "{values:?}");
        assert!(extras(b"not a compound file").shapes.is_empty());
    }

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }
}
