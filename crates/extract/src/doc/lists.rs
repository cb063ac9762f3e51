//! Word lists of a `.doc` ([MS-DOC] 2.9.188 PlfLst with its LVLs, 2.9.190
//! PlfLfo): the numbers and bullets Word draws before list paragraphs,
//! rendered as the DOCX reader renders `numbering.xml` — the same number
//! formats, `%1.%2.`-style templates (here placeholders 0–8 in the level's
//! text), legal numbering, start overrides, counters shared by every list
//! instance of one list, deeper levels restarting, and bullets drawn by a
//! symbol font (the font table, `SttbfFfn`) mapped to what they show.
//! Every structure is bounds-checked; an unreadable list table gives no
//! lists (the paragraphs keep their text and a `list-numbers-missing`
//! warning says so).

use super::binary::{sprms, u16_at, u32_at, u8_at, Fib};
use std::collections::HashMap;

/// Indexes into `FibRgFcLcb97` of the structures read here.
const STTBF_FFN: usize = 15;
const PLF_LST: usize = super::binary::PLF_LST;
const PLF_LFO: usize = super::binary::PLF_LFO;
/// Sizes of the fixed structures.
const LSTF: usize = 28;
const LVLF: usize = 28;
const LFO: usize = 16;
/// More lists or list instances than this are not read (Word's own limit
/// for list instances is 2046).
const MAX_LISTS: usize = 4096;

/// One level of a list.
#[derive(Clone, Default)]
struct Level {
    start: u32,
    /// The number format (`nfc`): 0 decimal, 1 upper Roman, 2 lower
    /// Roman, 3 upper letter, 4 lower letter, 22 two digits, 23 bullet,
    /// 255 none, others decimal.
    nfc: u8,
    /// Every level's number in Arabic digits (`fLegal`).
    legal: bool,
    /// The label's text: code units below 9 stand for the number of that
    /// level.
    text: Vec<u16>,
    /// The label's font, lower-case, when it is a symbol font.
    symbol_font: Option<String>,
}

/// A list instance (`LFO`): its list and the levels it overrides.
struct Instance {
    lsid: u32,
    /// (level, start override, level definition override).
    overrides: Vec<(usize, Option<u32>, Option<Level>)>,
}

/// The document's lists and the counters of the paragraphs read so far.
#[derive(Default)]
pub(super) struct Lists {
    /// Levels by list id.
    lists: HashMap<u32, Vec<Level>>,
    /// List instances, by `ilfo` − 1.
    instances: Vec<Instance>,
    counters: crate::docx::ListCounters,
}

impl Lists {
    /// Reads the list tables; anything unreadable is left out.
    pub(super) fn read(fib: &Fib, table: &[u8]) -> Lists {
        let fonts = fib.part(table, STTBF_FFN, "the font table").map(font_names).unwrap_or_default();
        let mut lists = HashMap::new();
        if let (Ok(plf), Some(after)) = (fib.part(table, PLF_LST, "the list table"), fib.end_of(table, PLF_LST)) {
            let count = u16_at(plf, 0).map_or(0, |n| usize::from(n).min(MAX_LISTS));
            // The LVLs follow the PlfLst, outside its stated length.
            let mut at = after;
            for i in 0..count {
                let Some(lstf) = plf.get(2 + i * LSTF..2 + (i + 1) * LSTF) else { break };
                let lsid = u32_at(lstf, 0).unwrap_or(0);
                let simple = lstf[26] & 1 != 0;
                let mut levels = Vec::with_capacity(9);
                for _ in 0..if simple { 1 } else { 9 } {
                    let Some((level, next)) = level_at(table, at, &fonts) else { break };
                    levels.push(level);
                    at = next;
                }
                levels.resize(9, Level::default());
                lists.insert(lsid, levels);
            }
        }
        let mut instances = Vec::new();
        if let Ok(plf) = fib.part(table, PLF_LFO, "the list overrides") {
            let count = u32_at(plf, 0).map_or(0, |n| (n as usize).min(MAX_LISTS));
            // LFOData, one per LFO, after the LFOs: cp, then its LFOLVLs.
            let mut at = 4 + count * LFO;
            for i in 0..count {
                let Some(lfo) = plf.get(4 + i * LFO..4 + (i + 1) * LFO) else { break };
                let lsid = u32_at(lfo, 0).unwrap_or(0);
                let levels = usize::from(lfo[12]);
                let mut overrides = Vec::new();
                at += 4;
                for _ in 0..levels {
                    let (Some(start), Some(bits)) = (u32_at(plf, at), u32_at(plf, at + 4)) else { break };
                    at += 8;
                    let ilvl = (bits & 0xF) as usize;
                    let restart = bits & 0x10 != 0;
                    let formatting = bits & 0x20 != 0;
                    let level = if formatting {
                        let Some((level, next)) = level_at(plf, at, &fonts) else { break };
                        at = next;
                        Some(level)
                    } else {
                        None
                    };
                    if ilvl < 9 {
                        overrides.push((ilvl, restart.then_some(start), level));
                    }
                }
                instances.push(Instance { lsid, overrides });
            }
        }
        Lists { lists, instances, ..Lists::default() }
    }

    /// Advances the counters for a paragraph of list instance `ilfo`
    /// (1-based) at level `ilvl` and renders its label: (text, is a
    /// bullet). `None` when the paragraph is in no list this document
    /// defines.
    pub(super) fn label(&mut self, ilfo: i16, ilvl: u8) -> Option<(String, bool)> {
        let index = usize::try_from(ilfo).ok()?.checked_sub(1)?;
        let instance = self.instances.get(index)?;
        let mut levels = self.lists.get(&instance.lsid)?.clone();
        for (lvl, _, level) in &instance.overrides {
            if let Some(level) = level {
                levels[*lvl] = level.clone();
            }
        }
        let ilvl = usize::from(ilvl).min(8);
        let level = &levels[ilvl];
        if level.nfc == 23 {
            let text = String::from_utf16_lossy(&level.text);
            let text = match &level.symbol_font {
                Some(font) => crate::docx::symbol_bullet(&text, font),
                None => crate::docx::bullet_text(&text),
            };
            return Some((text, true));
        }
        let starts = instance.overrides.iter().filter_map(|(lvl, start, _)| Some((*lvl, (*start)?)));
        let counters = self.counters.advance(instance.lsid, index as u32, starts, ilvl, level.start);
        let mut out = String::new();
        for c in char::decode_utf16(level.text.iter().copied()) {
            match c {
                Ok(c) if (c as u32) < 9 => {
                    let l = c as usize;
                    let n = counters[l].unwrap_or(levels[l].start);
                    let format = if level.legal { 0 } else { levels[l].nfc };
                    out.push_str(&crate::docx::format_number(n, format_name(format)));
                }
                Ok(c) => out.push(c),
                Err(_) => out.push('\u{FFFD}'),
            }
        }
        Some((out.trim().to_string(), false))
    }
}

/// The `numbering.xml` name of a number format.
fn format_name(nfc: u8) -> &'static str {
    match nfc {
        1 => "upperRoman",
        2 => "lowerRoman",
        3 => "upperLetter",
        4 => "lowerLetter",
        22 => "decimalZero",
        255 => "none",
        _ => "decimal",
    }
}

/// The LVL at `at` (LVLF, grpprlPapx, grpprlChpx, the label's text) and
/// where the next one starts.
fn level_at(bytes: &[u8], at: usize, fonts: &[String]) -> Option<(Level, usize)> {
    let lvlf = bytes.get(at..at + LVLF)?;
    let start = u32_at(lvlf, 0)?;
    let nfc = lvlf[4];
    let legal = lvlf[5] & 0x04 != 0;
    let (cb_chpx, cb_papx) = (usize::from(lvlf[24]), usize::from(lvlf[25]));
    let chpx_at = at + LVLF + cb_papx;
    let chpx = bytes.get(chpx_at..chpx_at + cb_chpx)?;
    let text_at = chpx_at + cb_chpx;
    let cch = usize::from(u16_at(bytes, text_at)?);
    let text: Vec<u16> = (0..cch).map(|i| u16_at(bytes, text_at + 2 + 2 * i)).collect::<Option<_>>()?;
    // sprmCRgFtc0: the font of the label's ASCII letters.
    let symbol_font = sprms(chpx)
        .filter(|(op, _)| *op == 0x4A4F)
        .last()
        .and_then(|(_, v)| fonts.get(usize::from(u16_at(v, 0)?)))
        .map(|f| f.to_ascii_lowercase())
        .filter(|f| f.contains("wingdings") || f == "symbol");
    Some((Level { start, nfc, legal, text, symbol_font }, text_at + 2 + 2 * cch))
}

/// The font names of the font table (`SttbfFfn`), by font index.
fn font_names(sttb: &[u8]) -> Vec<String> {
    let Some(count) = u16_at(sttb, 0) else { return Vec::new() };
    let mut at = 4;
    let mut out = Vec::new();
    for _ in 0..count {
        let Some(len) = u8_at(sttb, at) else { break };
        let ffn = sttb.get(at + 1..at + 1 + usize::from(len)).unwrap_or(&[]);
        // FFN: ffid, wWeight, chs, ixchSzAlt, panose (10), fs (24), then
        // the name, NUL-terminated UTF-16.
        let name: Vec<u16> = (0..).map_while(|i| u16_at(ffn, 39 + 2 * i)).take_while(|&u| u != 0).collect();
        out.push(String::from_utf16_lossy(&name));
        at += 1 + usize::from(len);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(nfc: u8, text: &[u16]) -> Level {
        Level { start: 1, nfc, legal: false, text: text.to_vec(), symbol_font: None }
    }

    #[test]
    fn labels_count_restart_deeper_levels_and_follow_templates() {
        let mut levels = vec![Level::default(); 9];
        levels[0] = level(1, &[0, '.' as u16]);
        levels[1] = level(0, &[1, '.' as u16]);
        levels[2] = level(0, &[1, '.' as u16, 2, '.' as u16]);
        levels[3] = level(4, &[3, ')' as u16]);
        let mut lists = Lists {
            lists: HashMap::from([(7, levels)]),
            instances: vec![
                Instance { lsid: 7, overrides: Vec::new() },
                Instance { lsid: 7, overrides: vec![(0, Some(5), None)] },
            ],
            ..Lists::default()
        };
        let mut labels = Vec::new();
        for (ilfo, ilvl) in [(1, 0), (1, 1), (1, 2), (1, 3), (1, 3), (1, 1), (1, 0), (1, 1), (2, 0), (1, 0)] {
            labels.push(lists.label(ilfo, ilvl).expect("a list").0);
        }
        assert_eq!(labels, ["I.", "1.", "1.1.", "a)", "b)", "2.", "II.", "1.", "V.", "VI."]);
        assert_eq!(lists.label(3, 0), None, "no such instance");
        assert_eq!(lists.label(0, 0), None, "no list");
    }

    #[test]
    fn bullets_in_symbol_fonts_show_what_they_draw() {
        let mut bullet = level(23, &[0xF06C]);
        bullet.symbol_font = Some("wingdings".into());
        let mut plain = level(23, &[0xF0B7]);
        plain.symbol_font = None;
        let mut lists = Lists {
            lists: HashMap::from([(1, vec![bullet; 9]), (2, vec![plain; 9])]),
            instances: vec![Instance { lsid: 1, overrides: Vec::new() }, Instance { lsid: 2, overrides: Vec::new() }],
            ..Lists::default()
        };
        assert_eq!(lists.label(1, 0), Some(("●".to_string(), true)));
        assert_eq!(lists.label(2, 0), Some(("•".to_string(), true)));
    }

    #[test]
    fn damaged_tables_give_no_lists() {
        assert!(font_names(&[3, 0, 0, 0, 200]).iter().all(String::is_empty));
        assert!(level_at(&[0; 20], 0, &[]).is_none());
        let mut lvl = vec![0u8; LVLF];
        lvl[25] = 200; // a grpprlPapx past the end
        assert!(level_at(&lvl, 0, &[]).is_none());
    }
}
