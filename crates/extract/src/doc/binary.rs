//! The structures of the Word 97–2003 binary format ([MS-DOC]) the reader
//! needs: the compound file's two streams, the FIB, the piece table, the
//! paragraph and character property pages (FKPs), property modifiers
//! (sprms) and the style sheet. Every offset is checked against its stream:
//! a damaged file gives a [`WordError`], never a panic or a loop.

use crate::error::WordError;
use std::io::Read;

/// `WordDocument` and the table stream the FIB names (`0Table`/`1Table`).
pub(super) struct Streams {
    pub word: Vec<u8>,
    pub table: Vec<u8>,
    /// The `Data` stream, empty when there is none.
    pub data: Vec<u8>,
    pub fib: Fib,
}

/// Opens the compound file and reads its streams. The `cfb` crate is
/// guarded as calamine is in `sheet.rs`: a panic on a malformed container
/// is the file's damage, not the caller's crash.
pub(super) fn open(bytes: &[u8]) -> Result<Streams, WordError> {
    crate::bounds::check_cfb(bytes)?;
    let streams = std::panic::catch_unwind(|| -> Result<[Option<Vec<u8>>; 4], WordError> {
        let mut cfb = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).map_err(WordError::Container)?;
        let mut stream = |name: &str| -> Result<Option<Vec<u8>>, WordError> {
            if !cfb.is_stream(name) {
                return Ok(None);
            }
            let mut out = Vec::new();
            let mut s = cfb.open_stream(name).map_err(WordError::Container)?;
            s.read_to_end(&mut out).map_err(WordError::Container)?;
            Ok(Some(out))
        };
        let word = stream("/WordDocument")?.ok_or(WordError::NoWordDocument)?;
        Ok([Some(word), stream("/0Table")?, stream("/1Table")?, stream("/Data")?])
    })
    .unwrap_or_else(|payload| Err(WordError::ContainerPanicked(crate::panic_message(payload.as_ref()))));
    let [word, table0, table1, data] = streams?;
    let word = word.unwrap_or_default();
    let fib = Fib::parse(&word)?;
    let table = if fib.table1 { table1 } else { table0 };
    let table = table.ok_or(WordError::Damaged("the table stream the FIB names is missing"))?;
    Ok(Streams { word, table, data: data.unwrap_or_default(), fib })
}

/// Little-endian readers that say `None` past the end.
pub(super) fn u8_at(b: &[u8], at: usize) -> Option<u8> {
    b.get(at).copied()
}
pub(super) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}
pub(super) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}
pub(super) fn i16_at(b: &[u8], at: usize) -> Option<i16> {
    u16_at(b, at).map(|v| v as i16)
}

/// What the reader takes from the File Information Block.
pub(super) struct Fib {
    /// The `1Table` stream holds the tables (else `0Table`).
    table1: bool,
    /// Characters of the main document text.
    pub ccp_text: u32,
    /// Where the text-box story starts (after the main text, footnotes,
    /// headers, macros, comments and endnotes) and its length, in CPs.
    pub txbx_start: u32,
    pub ccp_txbx: u32,
    /// (offset, length) pairs of `FibRgFcLcb97`, by index.
    fc_lcb: Vec<(u32, u32)>,
}

/// Indexes into `FibRgFcLcb97` ([MS-DOC] 2.5.6).
pub(super) const STSHF: usize = 1;
pub(super) const PLCF_SED: usize = 6;
pub(super) const PLCF_BTE_CHPX: usize = 12;
pub(super) const PLCF_BTE_PAPX: usize = 13;
pub(super) const CLX: usize = 33;
pub(super) const PLC_SPA_MOM: usize = 40;
pub(super) const PLCF_TXBX_TXT: usize = 56;
pub(super) const PLF_LST: usize = 73;
pub(super) const PLF_LFO: usize = 74;

impl Fib {
    fn parse(word: &[u8]) -> Result<Fib, WordError> {
        let bad = WordError::Damaged;
        if u16_at(word, 0) != Some(0xA5EC) {
            return Err(if word.len() < 32 {
                bad("the FIB is cut short")
            } else {
                bad("the FIB has no Word identifier")
            });
        }
        let n_fib = u16_at(word, 2).ok_or(bad("the FIB is cut short"))?;
        // Word 97 writes 0x00C1 (later versions keep it in FibBase and put
        // their own in FibRgCswNew); Word 6 and 95 wrote 0x0065–0x0068 and
        // a different layout.
        if n_fib < 0x00C0 {
            return Err(WordError::OldVersion(n_fib));
        }
        let flags = u16_at(word, 0x0A).ok_or(bad("the FIB is cut short"))?;
        if flags & 0x0100 != 0 || flags & 0x8000 != 0 {
            return Err(WordError::Encrypted);
        }
        let csw = usize::from(u16_at(word, 32).ok_or(bad("the FIB is cut short"))?);
        let lw_at = 34 + csw * 2;
        let cslw = usize::from(u16_at(word, lw_at).ok_or(bad("the FIB is cut short"))?);
        let ccp_text = u32_at(word, lw_at + 2 + 3 * 4).filter(|_| cslw > 3).ok_or(bad("the FIB is cut short"))?;
        // FibRgLw97: ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx.
        let lw = |i: usize| if cslw > i { u32_at(word, lw_at + 2 + i * 4).unwrap_or(0) } else { 0 };
        let txbx_start = (3..=8).fold(0u32, |sum, i| sum.saturating_add(lw(i)));
        let ccp_txbx = lw(9);
        let fc_at = lw_at + 2 + cslw * 4;
        let count = usize::from(u16_at(word, fc_at).ok_or(bad("the FIB is cut short"))?);
        let fc_lcb = (0..count)
            .map_while(|i| Some((u32_at(word, fc_at + 2 + i * 8)?, u32_at(word, fc_at + 6 + i * 8)?)))
            .collect::<Vec<_>>();
        if fc_lcb.len() <= CLX {
            return Err(bad("the FIB is cut short"));
        }
        Ok(Fib { table1: flags & 0x0200 != 0, ccp_text, txbx_start, ccp_txbx, fc_lcb })
    }

    /// Where the table-stream structure at `index` ends (what follows it
    /// there, such as the LVLs after the PlfLst), if within the stream.
    pub fn end_of(&self, table: &[u8], index: usize) -> Option<usize> {
        let &(fc, lcb) = self.fc_lcb.get(index)?;
        let end = (fc as usize).checked_add(lcb as usize)?;
        (end <= table.len()).then_some(end)
    }

    /// The bytes of the table-stream structure at `index` (empty when the
    /// file has none); an error when it lies outside the stream.
    pub fn part<'t>(&self, table: &'t [u8], index: usize, what: &'static str) -> Result<&'t [u8], WordError> {
        let Some(&(fc, lcb)) = self.fc_lcb.get(index) else { return Ok(&[]) };
        if lcb == 0 {
            return Ok(&[]);
        }
        let start = fc as usize;
        table.get(start..start.saturating_add(lcb as usize)).ok_or(WordError::OutOfBounds(what))
    }
}

// ------------------------------------------------------------ piece table

/// One piece of the text: CPs `[cp, cp_end)` stored from `fc` in the
/// `WordDocument` stream, one byte (cp1252) or two (UTF-16) per character.
#[derive(Clone, Copy)]
pub(super) struct Piece {
    pub cp: u32,
    pub cp_end: u32,
    pub fc: u32,
    pub compressed: bool,
    /// The piece's property modifier (`Prm`).
    pub prm: u16,
}

impl Piece {
    /// The stream offset of the character at `cp`.
    pub fn fc_of(&self, cp: u32) -> u32 {
        let i = cp - self.cp;
        if self.compressed {
            self.fc + i
        } else {
            self.fc + 2 * i
        }
    }
}

/// The piece table and the property groups (`Prc`) pieces may point to.
pub(super) struct Clx<'t> {
    pub pieces: Vec<Piece>,
    pub grpprls: Vec<&'t [u8]>,
}

pub(super) fn clx<'t>(fib: &Fib, table: &'t [u8]) -> Result<Clx<'t>, WordError> {
    let bad = WordError::Damaged;
    let clx = fib.part(table, CLX, "the piece table")?;
    let mut at = 0usize;
    let mut grpprls = Vec::new();
    // Prc entries (0x01) precede the Pcdt (0x02).
    while u8_at(clx, at) == Some(0x01) {
        let cb = usize::from(u16_at(clx, at + 1).ok_or(bad("a property group of the piece table is cut short"))?);
        grpprls.push(clx.get(at + 3..at + 3 + cb).ok_or(bad("a property group of the piece table is cut short"))?);
        at += 3 + cb;
    }
    if u8_at(clx, at) != Some(0x02) {
        return Err(bad("the piece table is missing"));
    }
    let lcb = u32_at(clx, at + 1).ok_or(bad("the piece table is cut short"))? as usize;
    let plc = clx.get(at + 5..).and_then(|p| p.get(..lcb)).ok_or(bad("the piece table is cut short"))?;
    // (n + 1) CPs of 4 bytes and n descriptors of 8.
    if plc.len() < 4 || (plc.len() - 4) % 12 != 0 {
        return Err(bad("the piece table has a size no piece count gives"));
    }
    let n = (plc.len() - 4) / 12;
    let mut pieces = Vec::with_capacity(n);
    for i in 0..n {
        let (cp, cp_end) = (u32_at(plc, i * 4), u32_at(plc, i * 4 + 4));
        let pcd = 4 * (n + 1) + i * 8;
        let (Some(cp), Some(cp_end), Some(raw), Some(prm)) = (cp, cp_end, u32_at(plc, pcd + 2), u16_at(plc, pcd + 6))
        else {
            return Err(bad("the piece table is cut short"));
        };
        if cp_end < cp {
            return Err(bad("the piece table's positions go backwards"));
        }
        let compressed = raw & 0x4000_0000 != 0;
        let fc = if compressed { (raw & 0x3FFF_FFFF) / 2 } else { raw & 0x3FFF_FFFF };
        pieces.push(Piece { cp, cp_end, fc, compressed, prm });
    }
    Ok(Clx { pieces, grpprls })
}

// ------------------------------------------------------------------ sprms

/// The operand bytes of each property modifier in a `grpprl`, with its
/// opcode; stops at the first one cut short.
pub(super) fn sprms(grpprl: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let op = u16_at(grpprl, at)?;
        let len = match op >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match op {
                // sprmTDefTable and sprmTDefTable10: a 2-byte size, one more
                // than the bytes after it.
                0xD608 | 0xD606 => usize::from(u16_at(grpprl, at + 2)?) + 1,
                // sprmPChgTabs: 255 says the size is computed.
                0xC615 if u8_at(grpprl, at + 2)? == 255 => {
                    let del = usize::from(u8_at(grpprl, at + 3)?);
                    let add = usize::from(u8_at(grpprl, at + 4 + del * 4)?);
                    2 + del * 4 + add * 3 + 1
                }
                _ => usize::from(u8_at(grpprl, at + 2)?) + 1,
            },
        };
        let operand = grpprl.get(at + 2..at + 2 + len)?;
        at += 2 + len;
        Some((op, operand))
    })
}

/// The grpprl a piece's `Prm` points to, if any (`Prm1`; a `Prm0` holds a
/// single sprm of a fixed list that affects no property read here except
/// through that list, which is not followed).
pub(super) fn piece_grpprl<'t>(clx: &Clx<'t>, prm: u16) -> &'t [u8] {
    if prm & 1 == 1 {
        clx.grpprls.get(usize::from(prm >> 1)).copied().unwrap_or(&[])
    } else {
        &[]
    }
}

// ------------------------------------------------------------------- FKPs

/// A run of text (by stream offsets) and its property bytes: for
/// paragraphs the style index and grpprl, for characters the grpprl.
pub(super) struct Run<'w> {
    pub fc: u32,
    pub fc_end: u32,
    pub istd: u16,
    pub grpprl: &'w [u8],
}

/// Reads the runs of every property page a `PlcfBte` names, in order.
pub(super) fn runs<'w>(plcf_bte: &[u8], word: &'w [u8], paragraphs: bool) -> Result<Vec<Run<'w>>, WordError> {
    let what = if paragraphs { "paragraph properties" } else { "character properties" };
    if plcf_bte.is_empty() {
        return Ok(Vec::new());
    }
    if plcf_bte.len() < 4 || (plcf_bte.len() - 4) % 8 != 0 {
        return Err(WordError::Damaged("a property index has a size no page count gives"));
    }
    let n = (plcf_bte.len() - 4) / 8;
    let mut out = Vec::new();
    for i in 0..n {
        let pn = u32_at(plcf_bte, 4 * (n + 1) + i * 4).unwrap_or(0) & 0x003F_FFFF;
        let start = pn as usize * 512;
        let page = word.get(start..start + 512).ok_or(WordError::OutOfBounds(what))?;
        let crun = usize::from(page[511]);
        for r in 0..crun {
            let (Some(fc), Some(fc_end)) = (u32_at(page, r * 4), u32_at(page, r * 4 + 4)) else {
                return Err(WordError::Damaged("a property page is cut short"));
            };
            let entry = 4 * (crun + 1) + r * if paragraphs { 13 } else { 1 };
            let offset = usize::from(u8_at(page, entry).ok_or(WordError::Damaged("a property page is cut short"))?) * 2;
            let (istd, grpprl) = if offset == 0 {
                (0, &[][..])
            } else if paragraphs {
                // PapxInFkp: cb, (cb' when cb is 0), then istd + grpprl.
                let cb = usize::from(page.get(offset).copied().unwrap_or(0));
                let (from, len) = if cb == 0 {
                    (offset + 2, usize::from(page.get(offset + 1).copied().unwrap_or(0)) * 2)
                } else {
                    (offset + 1, (cb * 2).saturating_sub(1))
                };
                let bytes = page.get(from..from + len).filter(|b| b.len() >= 2);
                let bytes = bytes.ok_or(WordError::Damaged("paragraph properties run past their page"))?;
                (u16::from_le_bytes([bytes[0], bytes[1]]), &bytes[2..])
            } else {
                let cb = usize::from(page.get(offset).copied().unwrap_or(0));
                let bytes = page.get(offset + 1..offset + 1 + cb);
                (0, bytes.ok_or(WordError::Damaged("character properties run past their page"))?)
            };
            // The page lives as long as the stream: take the slice from it.
            let grpprl = subslice(word, start, page, grpprl);
            out.push(Run { fc, fc_end, istd, grpprl });
        }
    }
    Ok(out)
}

/// `part` (a slice of `page`, which starts at `start` in `word`) as a
/// slice of `word`.
fn subslice<'w>(word: &'w [u8], start: usize, page: &[u8], part: &[u8]) -> &'w [u8] {
    if part.is_empty() {
        return &[];
    }
    let from = start + (part.as_ptr() as usize - page.as_ptr() as usize);
    &word[from..from + part.len()]
}

/// The index of the run holding stream offset `fc` (runs sorted by offset).
pub(super) fn run_index(runs: &[Run], fc: u32) -> Option<usize> {
    let i = runs.partition_point(|r| r.fc <= fc).checked_sub(1)?;
    (fc < runs[i].fc_end).then_some(i)
}

/// The run holding stream offset `fc`.
pub(super) fn run_at<'r, 'w>(runs: &'r [Run<'w>], fc: u32) -> Option<&'r Run<'w>> {
    runs.get(run_index(runs, fc)?)
}

// ----------------------------------------------------------------- styles

/// What a style says, as read from the style sheet.
#[derive(Clone, Default)]
pub(super) struct Style {
    pub name: String,
    /// Built-in style identifier (1–9: Heading 1–9, 62: Title).
    pub sti: u16,
    pub base: Option<u16>,
    /// Paragraph style's grpprl and character grpprl.
    pub papx: Vec<u8>,
    pub chpx: Vec<u8>,
}

/// The styles by index (`istd`); an unreadable style sheet gives none.
pub(super) fn styles(fib: &Fib, table: &[u8]) -> Result<Vec<Style>, WordError> {
    let stsh = fib.part(table, STSHF, "the style sheet")?;
    let Some(cb_stshi) = u16_at(stsh, 0) else { return Ok(Vec::new()) };
    let stshi = &stsh[2..(2 + usize::from(cb_stshi)).min(stsh.len())];
    let (Some(cstd), Some(cb_base)) = (u16_at(stshi, 0), u16_at(stshi, 2)) else { return Ok(Vec::new()) };
    let cb_base = usize::from(cb_base);
    let mut at = 2 + usize::from(cb_stshi);
    let mut out = Vec::with_capacity(usize::from(cstd));
    for _ in 0..cstd {
        let Some(cb) = u16_at(stsh, at) else { break };
        let std = stsh.get(at + 2..at + 2 + usize::from(cb)).unwrap_or(&[]);
        at += 2 + usize::from(cb);
        out.push(style(std, cb_base).unwrap_or_default());
    }
    Ok(out)
}

fn style(std: &[u8], cb_base: usize) -> Option<Style> {
    if std.len() < 10 {
        return None;
    }
    let sti = u16_at(std, 0)? & 0x0FFF;
    let stk = u16_at(std, 2)? & 0x000F;
    let base = u16_at(std, 2)? >> 4;
    let cupx = u16_at(std, 4)? & 0x000F;
    let cch = usize::from(u16_at(std, cb_base)?);
    let name_at = cb_base + 2;
    let name: Vec<u16> = (0..cch).map_while(|i| u16_at(std, name_at + i * 2)).collect();
    let mut at = name_at + (cch + 1) * 2;
    let mut upx = Vec::new();
    for _ in 0..cupx {
        let cb = usize::from(u16_at(std, at)?);
        upx.push(std.get(at + 2..at + 2 + cb)?);
        at += 2 + cb + cb % 2;
    }
    let (papx, chpx) = match (stk, upx.as_slice()) {
        // Paragraph style: UpxPapx (istd, grpprl), UpxChpx.
        (1, [p, c, ..]) => (p.get(2..).unwrap_or(&[]), *c),
        (1, [p]) => (p.get(2..).unwrap_or(&[]), &[][..]),
        // Character style: UpxChpx.
        (2, [c, ..]) => (&[][..], *c),
        _ => (&[][..], &[][..]),
    };
    Some(Style {
        name: String::from_utf16_lossy(&name),
        sti,
        base: (base != 0x0FFF).then_some(base),
        papx: papx.to_vec(),
        chpx: chpx.to_vec(),
    })
}

// ------------------------------------------------------------------- PLCs

/// The CPs of a PLC (the `n + 1` positions before its `n` data items of
/// `item` bytes).
pub(super) fn plc_cps(plc: &[u8], item: usize) -> Vec<u32> {
    if plc.len() < 4 {
        return Vec::new();
    }
    let n = (plc.len() - 4) / (4 + item);
    (0..=n).filter_map(|i| u32_at(plc, i * 4)).collect()
}
