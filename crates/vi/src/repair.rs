//! The text repairs, over one text at a time: each returns the repaired
//! text and a [`Note`] per change, with the original. They know nothing of
//! blocks or diagnostics; `kehoach-repair` runs them over every paragraph
//! and cell of a document and records the notes (`text-repair`,
//! `suspect-word`). [`Repairs::repair`] runs them all; the pipeline runs
//! them in two parts around parsing: [`Repairs::prepare`] and
//! [`Repairs::words`] (what changes words: the parser reads that text),
//! then [`Repairs::finish`] (the diacritic model, marks and tones), which
//! ends with the same text and notes as [`Repairs::repair`].
//!
//! In the order [`Repairs::repair`] runs them:
//! - invisible characters (zero-width spaces and joiners, soft hyphens,
//!   byte-order marks) are removed; "Ð"/"ð" (Icelandic eth, U+00D0/U+00F0)
//!   used for "Đ"/"đ" become the Vietnamese letters; the fraction slash "⁄"
//!   (U+2044, which OCR reads for "/" in "Quý I/2021") and the division
//!   slash "∕" (U+2215) become "/"; Cyrillic and Greek letters that look
//!   like Latin ones, in a document written in Latin script, become their
//!   Latin twins: within a word that is otherwise Latin (high confidence),
//!   or as a whole word ("топ" → "top", medium confidence). Roman numerals
//!   are Latin already and stay;
//! - spaces inside known abbreviations ("V PUB" → "VPUB");
//! - broken diacritics, words valid but wrong in context and words split by
//!   a space, decided in context by the noisy-channel model over the corpus
//!   lexicon ([`crate::diacritics`]); a word the corpus would spell
//!   otherwise, but not surely enough to change it, is flagged (a "suspect
//!   pair" note);
//! - last, so that words the repairs brought in follow the convention too:
//!   combining marks put in composing order (shape before tone: NFC alone
//!   leaves "e" + acute + circumflex as two characters), and the tone of
//!   "oa", "oe", "uy" syllables placed by one convention ([`ToneStyle`]:
//!   "hòa", "thủy" by default, the archive's majority spelling).
//!
//! (Legacy-font text, TCVN3 or VNI codes shown as Latin-1, is not repaired
//! here: it is decoded while reading, [`crate::vietnamese::reread_legacy`].)

use crate::diacritics::{self, Counted, Document};
pub use crate::diacritics::{Confidence, Note, NoteKind};
pub(crate) use crate::vietnamese::tone_may_move;
use crate::vietnamese::{place_tone, reorder_marks, ToneStyle};

/// The repairs of one document's texts: what they need to know of the
/// whole document (whether it is written in Latin script, its word and
/// word-pair counts) is taken once, from all its texts.
pub struct Repairs {
    /// Whether look-alike letters and diacritics are repaired: only in a
    /// document written in Latin script (a real Russian or Greek passage
    /// would be more than a trace).
    latin: bool,
    /// The document's word and pair counts, for the diacritic repairs (a
    /// document in Latin script only).
    document: Option<Document>,
    tone_style: ToneStyle,
    /// Per text, the first text equal to it (`None` for a first).
    repeats: Vec<Option<usize>>,
}

impl Repairs {
    /// The repairs for the document made of `texts` (every paragraph and
    /// cell), placing tones by `tone_style`.
    pub fn new(texts: &[&str], tone_style: ToneStyle) -> Repairs {
        // Counting the words counts their letters too (every letter is in
        // a word).
        let document = Document::counted(texts, &diacritics::BUILTIN);
        let (letters, foreign) = document.letters();
        let latin = foreign * 100 < (letters - foreign).max(1);
        let repeats = document.repeats().to_vec();
        Repairs { latin, document: latin.then_some(document), tone_style, repeats }
    }

    /// Per text given to [`Repairs::new`], the first of them equal to it
    /// (`None` for a first): its repairs are its first's
    /// ([`Repairs::skip`]).
    pub fn repeats(&self) -> &[Option<usize>] {
        &self.repeats
    }

    /// The document's word and pair counts, for the repairs where the
    /// parser joined the parts of a cut cell, as they are once the texts are
    /// repaired: the counts the diacritic repairs used, with each repaired
    /// text's `(before, after)` in `repaired` counted again (the document is
    /// counted once). `None` for a document not written in Latin script.
    pub fn into_document(self, repaired: &[(String, String)]) -> Option<Document> {
        let mut document = self.document?;
        for (before, after) in repaired {
            document.replace(before, after, &diacritics::BUILTIN);
        }
        Some(document)
    }

    /// One text of the document repaired: the new text and a note per
    /// repair or flag, in the order made; `None` when nothing was repaired
    /// or flagged. The texts must come in the order they were given to
    /// [`Repairs::new`] (each once, through this or [`Repairs::prepare`]).
    pub fn repair(&self, text: &str) -> Option<(String, Vec<Note>)> {
        let prepared = self.prepare(text);
        self.finish(text, prepared)
    }

    /// The first steps of [`Repairs::repair`] over one text, those before
    /// the diacritic model: the mechanical step and spaces inside
    /// abbreviations. The texts must come in the order they were given to
    /// [`Repairs::new`], each once; [`Repairs::words`] and
    /// [`Repairs::finish`] go on from here.
    pub fn prepare(&self, text: &str) -> Prepared {
        // The text's words as counted (the texts come in the order
        // counted), for the steps that get the text as it came.
        let counted = self.document.as_ref().and_then(|d| d.counted_index(text, &diacritics::BUILTIN));
        let words = self.counted_words(counted);
        let mechanical = |text: &str| mechanical(text, self.latin);
        let abbreviations =
            |current: &str| abbreviations_and_marks(current, words.filter(|_| std::ptr::eq(current, text)));
        let repaired = run(text, None, &[&mechanical, &abbreviations]);
        Prepared { counted: counted.filter(|_| repaired.is_none()), repaired, joins: true }
    }

    /// Passes over `text`, the next text in the order counted, which the
    /// caller repairs as an earlier text equal to it (its repairs are the
    /// same): in place of [`Repairs::prepare`], [`Repairs::words`] and
    /// [`Repairs::finish`] of it.
    pub fn skip(&self, text: &str) {
        if let Some(document) = &self.document {
            document.counted_index(text, &diacritics::BUILTIN);
        }
    }

    /// The words of counted text `k`.
    fn counted_words(&self, k: Option<usize>) -> Option<&[Counted]> {
        self.document.as_ref().zip(k).map(|(d, k)| d.counted_at(k))
    }

    /// The text as the parser reads it: `text` after the repairs that
    /// change what a word is, not how it is marked — the steps of
    /// [`Repairs::prepare`] and words split by a space joined, as the
    /// diacritic model joins them first ([`diacritics::join_split_words_in`])
    /// — with its combining marks in composing order (a letter and its
    /// marks one character, as the repaired text has them: the parser
    /// counts characters). `None` when it is `text` unchanged. Its notes
    /// are [`Repairs::finish`]'s, which makes the same joins (or, when
    /// this found none, knows from `prepared` that there are none).
    pub fn words(&self, text: &str, prepared: &mut Prepared) -> Option<String> {
        let counted = self.counted_words(prepared.counted);
        let current = prepared.repaired.as_ref().map_or(text, |(t, _)| t.as_str());
        let joined = self
            .document
            .as_ref()
            .and_then(|d| diacritics::join_split_words_counted(current, &diacritics::BUILTIN, d, counted));
        prepared.joins = joined.is_some();
        let words = joined.map_or(std::borrow::Cow::Borrowed(current), |(joined, _)| joined.into());
        let marks = match counted.filter(|_| std::ptr::eq(words.as_ref(), text)) {
            Some(counted) => counted.iter().any(|(_, _, info)| info.combining),
            None => !words.is_ascii() && scan_marks_and_tones(&words, false).0,
        };
        let words = if marks { reorder_marks(&words).into() } else { words };
        (words != text).then(|| words.into_owned())
    }

    /// The rest of [`Repairs::repair`] of `text` after
    /// [`Repairs::prepare`]: broken diacritics and split words decided in
    /// context by the model, then marks and tones. The repaired text and
    /// every note of the whole repair, in the order made (the same as
    /// [`Repairs::repair`]'s); `None` when nothing was repaired or flagged.
    pub fn finish(&self, text: &str, prepared: Prepared) -> Option<(String, Vec<Note>)> {
        let counted = self.counted_words(prepared.counted);
        let unchanged = |current: &str| std::ptr::eq(current, text);
        let diacritics = |current: &str| {
            let words = counted.filter(|_| unchanged(current));
            self.document
                .as_ref()
                .and_then(|d| diacritics::repair_counted(current, &diacritics::BUILTIN, d, words, prepared.joins))
        };
        let tones = |current: &str| marks_and_tones(current, self.tone_style, counted.filter(|_| unchanged(current)));
        run(text, prepared.repaired, &[&diacritics, &tones])
    }
}

/// A text of a document after [`Repairs::prepare`]: the repairs before
/// the diacritic model made, for [`Repairs::words`] and
/// [`Repairs::finish`].
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The text's place among the counted texts, while its words as
    /// counted hold (no step changed it).
    counted: Option<usize>,
    /// The text repaired so far and the notes, when a step did anything.
    repaired: Option<(String, Vec<Note>)>,
    /// Whether the model may join words split by a space: not when
    /// [`Repairs::words`] joined none (the model would join the same).
    joins: bool,
}

/// `steps` run in order over `text`, each on the text the previous left
/// (`from`: what earlier steps made of it, if anything): the repaired text
/// and every note, or `None` when no step did anything.
fn run(text: &str, from: Option<(String, Vec<Note>)>, steps: &[&Step<'_>]) -> Option<(String, Vec<Note>)> {
    let mut repaired: Option<(String, Vec<Note>)> = from;
    for step in steps {
        let current = repaired.as_ref().map_or(text, |(t, _)| t.as_str());
        if let Some((fixed, mut notes)) = step(current) {
            let all = repaired.get_or_insert_with(Default::default);
            all.1.append(&mut notes);
            all.0 = fixed;
        }
    }
    repaired
}

/// One repair: the repaired text and what was done, or `None`.
type Step<'a> = dyn Fn(&str) -> Option<(String, Vec<Note>)> + 'a;

/// Cyrillic and Greek letters and the Latin letters OCR confuses them with.
const LOOK_ALIKES: [(char, char); 38] = [
    ('а', 'a'),
    ('в', 'b'),
    ('е', 'e'),
    ('к', 'k'),
    ('м', 'm'),
    ('н', 'h'),
    ('о', 'o'),
    ('п', 'p'),
    ('р', 'p'),
    ('с', 'c'),
    ('т', 't'),
    ('у', 'y'),
    ('х', 'x'),
    ('і', 'i'),
    ('ј', 'j'),
    ('ѕ', 's'),
    ('А', 'A'),
    ('В', 'B'),
    ('Е', 'E'),
    ('К', 'K'),
    ('М', 'M'),
    ('Н', 'H'),
    ('О', 'O'),
    ('Р', 'P'),
    ('С', 'C'),
    ('Т', 'T'),
    ('У', 'Y'),
    ('Х', 'X'),
    ('І', 'I'),
    ('ο', 'o'),
    ('Ο', 'O'),
    ('α', 'a'),
    ('ν', 'v'),
    ('ρ', 'p'),
    ('τ', 't'),
    ('Α', 'A'),
    ('Β', 'B'),
    ('Ε', 'E'),
];

/// The Latin letter a Cyrillic or Greek letter looks like ("о" → "o"), by
/// the table the look-alike repair uses; `None` for any other character.
pub fn latin_twin(c: char) -> Option<char> {
    LOOK_ALIKES.iter().find(|(from, _)| *from == c).map(|(_, to)| *to)
}

fn is_foreign_script(c: char) -> bool {
    diacritics::foreign_script(c)
}

/// The first, mechanical step of [`Repairs::repair`] over one text:
/// invisible characters, eth for "đ", slash look-alikes and, when
/// `look_alikes` (a document written in Latin script), Cyrillic and Greek
/// look-alike letters. The repaired text and what was repaired, or `None`
/// when nothing was.
pub fn mechanical(text: &str, look_alikes: bool) -> Option<(String, Vec<Note>)> {
    // Every character this step repairs is outside ASCII, and most texts
    // have none of their first bytes.
    let needs = may_need_mechanical(text.as_bytes(), look_alikes) && text.chars().any(|c| repaired(c, look_alikes));
    if !needs {
        return None;
    }
    let mut notes: Vec<Note> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut removed = 0usize;
    let mut word = String::new();
    let flush_word = |word: &mut String, out: &mut String, notes: &mut Vec<Note>| {
        if word.is_empty() {
            return;
        }
        let has_foreign = word.chars().any(is_foreign_script);
        if look_alikes && has_foreign {
            let has_latin = word.chars().any(|c| c.is_alphabetic() && !is_foreign_script(c));
            let all_twins = word.chars().filter(|c| is_foreign_script(*c)).all(|c| latin_twin(c).is_some());
            if all_twins {
                let fixed: String = word.chars().map(|c| latin_twin(c).unwrap_or(c)).collect();
                let confidence = if has_latin { Confidence::High } else { Confidence::Medium };
                notes.push(Note::new(NoteKind::LookAlikeLetters, word.clone(), fixed.clone(), confidence));
                out.push_str(&fixed);
                word.clear();
                return;
            }
        }
        out.push_str(word);
        word.clear();
    };
    for c in text.chars() {
        match c {
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}' => removed += 1,
            'Ð' | 'ð' => {
                let to = if c == 'Ð' { 'Đ' } else { 'đ' };
                notes.push(Note::new(NoteKind::EthForD, c.to_string(), to.to_string(), Confidence::High));
                word.push(to);
            }
            '⁄' | '∕' => {
                flush_word(&mut word, &mut out, &mut notes);
                notes.push(Note::new(NoteKind::SlashLookAlike, c.to_string(), "/".to_string(), Confidence::High));
                out.push('/');
            }
            c if c.is_alphabetic() || unicode_mark(c) => word.push(c),
            c => {
                flush_word(&mut word, &mut out, &mut notes);
                out.push(c);
            }
        }
    }
    flush_word(&mut word, &mut out, &mut notes);
    if removed > 0 {
        notes.push(Note::new(
            NoteKind::InvisibleCharactersRemoved,
            format!("{removed}"),
            String::new(),
            Confidence::High,
        ));
    }
    (out != text).then_some((out, notes))
}

/// Whether `mechanical` repairs the character `c`.
fn repaired(c: char, look_alikes: bool) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}' | 'Ð' | 'ð' | '⁄' | '∕')
        || (look_alikes && is_foreign_script(c))
}

/// Whether UTF-8 `bytes` may hold a character `mechanical` repairs: a
/// soft hyphen (C2 AD), an eth (C3 90, C3 B0), a Greek or Cyrillic letter
/// (first byte CD to D3), a zero-width space, non-joiner or joiner (E2 80
/// 8B to 8D), the fraction or division slash (E2 81 84, E2 88 95) or the
/// byte-order mark (EF BB BF). A quick test on bytes (dashes, quotes and
/// bullets, E2 too, pass); the characters themselves are checked after.
fn may_need_mechanical(bytes: &[u8], look_alikes: bool) -> bool {
    // Only the first byte of a character of two bytes or more (its top two
    // bits set) can start one: eight bytes are passed at a time, and only
    // such bytes among them are looked at (ASCII and continuation bytes,
    // most of a text, are not).
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // Less the first bytes of most Vietnamese letters, none of which
        // starts a character this step repairs: C4 to C7 ("ă", "đ", "ĩ",
        // "ũ", "ơ", "ư") and E1 ("ạ" … "ỹ").
        let common =
            zero_bytes((w & 0xFCFC_FCFC_FCFC_FCFC) ^ 0xC4C4_C4C4_C4C4_C4C4) | zero_bytes(w ^ 0xE1E1_E1E1_E1E1_E1E1);
        let mut leads = w & (w << 1) & 0x8080_8080_8080_8080 & !common;
        while leads != 0 {
            if repaired_at(bytes, at + (leads.trailing_zeros() / 8) as usize, look_alikes) {
                return true;
            }
            leads &= leads - 1;
        }
        at += 8;
    }
    (at..bytes.len()).any(|i| repaired_at(bytes, i, look_alikes))
}

/// The high bit of each zero byte of `w`, and only those.
#[inline(always)]
fn zero_bytes(w: u64) -> u64 {
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((w & LOW) + LOW) | w | LOW)
}

/// Whether the character starting at byte `i` of UTF-8 `bytes` may be one
/// `mechanical` repairs (see [`may_need_mechanical`]).
fn repaired_at(bytes: &[u8], i: usize, look_alikes: bool) -> bool {
    let (second, third) = (bytes.get(i + 1).copied(), bytes.get(i + 2).copied());
    match bytes[i] {
        0xC2 => second == Some(0xAD),
        0xC3 => matches!(second, Some(0x90 | 0xB0)),
        0xCD..=0xD3 => look_alikes,
        0xE2 => matches!(
            (second, third),
            (Some(0x80), Some(0x8B..=0x8D)) | (Some(0x81), Some(0x84)) | (Some(0x88), Some(0x95))
        ),
        0xEF => second == Some(0xBB) && third == Some(0xBF),
        _ => false,
    }
}

/// Abbreviations of plan text that OCR splits after their first letter
/// ("V PUB" for "VPUB").
const ABBREVIATIONS: [&str; 10] = ["VPUB", "VPUBND", "UBND", "HĐND", "QPPL", "TTHC", "CCHC", "DVC", "BCĐ", "VBQPPL"];

/// Each abbreviation as OCR splits it ("V PUB"), in `ABBREVIATIONS` order.
static SPLITS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    ABBREVIATIONS
        .iter()
        .map(|a| {
            let mut chars = a.chars();
            let first = chars.next().expect("not empty");
            format!("{first} {}", chars.as_str())
        })
        .collect()
});

/// The first letters of `ABBREVIATIONS` (all ASCII).
const SPLIT_STARTS: &[u8] = b"VUHQTCDB";

/// Spaces inside known abbreviations. (Footnote marks glued to words,
/// "2021-2030¹", are the parser's: it links them to their footnotes.)
/// `words`: the text's words when counted already.
fn abbreviations_and_marks(text: &str, words: Option<&[Counted]>) -> Option<(String, Vec<Note>)> {
    // Every split form is an ASCII capital standing alone (after no letter
    // or digit) and a space: most texts have none and need no search.
    let bytes = text.as_bytes();
    let alone = |i: usize| !text[..i].chars().next_back().is_some_and(char::is_alphanumeric);
    let split_start = |i: usize| bytes.get(i + 1) == Some(&b' ') && SPLIT_STARTS.contains(&bytes[i]) && alone(i);
    let found = match words {
        // Such a capital is a word of one letter (a letter before it would
        // be part of its word).
        Some(words) => words.iter().any(|&(s, e, _)| e == s + 1 && split_start(s as usize)),
        None => (0..bytes.len()).any(split_start),
    };
    if !found {
        return None;
    }
    let mut notes = Vec::new();
    let mut out = text.to_string();
    for (abbreviation, split) in ABBREVIATIONS.iter().zip(SPLITS.iter()) {
        let split = split.as_str();
        let mut from = 0;
        while let Some(at) = out[from..].find(split).map(|i| i + from) {
            let before = out[..at].chars().next_back();
            let after = out[at + split.len()..].chars().next();
            let bounded = !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
            if bounded {
                notes.push(Note::new(
                    NoteKind::SpaceInsideAbbreviation,
                    split.to_string(),
                    abbreviation.to_string(),
                    Confidence::High,
                ));
                out.replace_range(at..at + split.len(), abbreviation);
            }
            from = at + 1;
        }
    }
    (out != text).then_some((out, notes))
}

/// Combining marks put in composing order, and the tone of "oa", "oe",
/// "uy" syllables placed by `style`; `words`, the text's words when
/// counted already, spare reading its characters again.
fn marks_and_tones(text: &str, style: ToneStyle, words: Option<&[Counted]>) -> Option<(String, Vec<Note>)> {
    // ASCII has neither combining marks nor tones.
    if text.is_ascii() {
        return None;
    }
    let places = style != ToneStyle::AsPrinted;
    let (marks, movable) = match words {
        // The same words as `scan_marks_and_tones` finds (letters and
        // marks between other characters), each known by its form.
        Some(words) => {
            // Only the words whose tone placing changes, in one pass.
            let (mut marks, mut movable) = (false, Vec::new());
            for &(s, e, info) in words {
                marks |= info.combining;
                if info.tone_moves(style) {
                    movable.push((s as usize, e as usize));
                }
            }
            (marks, movable)
        }
        None => scan_marks_and_tones(text, places),
    };
    let mut notes = Vec::new();
    let mut reordered_text = None;
    if marks {
        let reordered = reorder_marks(text);
        if reordered != text {
            notes.push(Note::new(
                NoteKind::CombiningMarksReordered,
                text.to_string(),
                reordered.clone(),
                Confidence::High,
            ));
            reordered_text = Some(reordered);
        }
    }
    let current = reordered_text.as_deref().unwrap_or(text);
    // The words of the text as reordered, when it was.
    let movable = match reordered_text {
        Some(ref reordered) => scan_marks_and_tones(reordered, places).1,
        None => movable,
    };
    let mut placed_text = None;
    if !movable.is_empty() {
        // The output is built only from the first word whose tone moves.
        let mut out: Option<String> = None;
        let mut copied = 0;
        for (s, i) in movable {
            let word = &current[s..i];
            let placed = place_tone(word, style);
            if placed == word {
                continue;
            }
            notes.push(Note::new(NoteKind::TonePlacement(style), word.to_string(), placed.clone(), Confidence::High));
            let out = out.get_or_insert_with(|| String::with_capacity(current.len()));
            out.push_str(&current[copied..s]);
            out.push_str(&placed);
            copied = i;
        }
        if let Some(mut out) = out {
            out.push_str(&current[copied..]);
            placed_text = Some(out);
        }
    }
    let current = placed_text.or(reordered_text)?;
    (current != text).then_some((current, notes))
}

/// One pass over `text`: whether it has a combining mark outside a
/// Vietnamese letter (to be put in composing order), and, when `places`,
/// the byte spans of its words whose tone may move ([`tone_may_move`]).
fn scan_marks_and_tones(text: &str, places: bool) -> (bool, Vec<(usize, usize)>) {
    let mut marks = false;
    let mut movable = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        // A character of a word: a letter or a combining mark (a
        // Vietnamese letter, found in a table, is no combining mark).
        let inside = if c.is_ascii() {
            c.is_ascii_alphabetic()
        } else if crate::vietnamese::letter(c).is_some() {
            true
        } else {
            let mark = unicode_mark(c);
            marks |= mark;
            mark || c.is_alphabetic()
        };
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                start = None;
                if places && tone_may_move(&text[s..i]) {
                    movable.push((s, i));
                }
            }
            _ => {}
        }
    }
    (marks, movable)
}

fn unicode_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alikes_only_in_a_latin_document() {
        // Three Cyrillic letters among more than 300 Latin ones.
        let plan = "Kế hoạch cải cách hành chính năm 2024 của Sở Tư pháp ".repeat(8);
        let latin = [plan.as_str(), "nằm trong топ 06"];
        let repairs = Repairs::new(&latin, ToneStyle::Old);
        assert_eq!(repairs.repair(latin[1]).map(|r| r.0).as_deref(), Some("nằm trong top 06"));
        let russian = ["Это текст на русском языке, топ", "Кế hoạch"];
        assert_eq!(Repairs::new(&russian, ToneStyle::Old).repair(russian[0]), None);
    }

    #[test]
    fn abbreviations_are_joined() {
        let (fixed, notes) = abbreviations_and_marks("VP UBND, V PUB tỉnh; giai đoạn 2021-2030¹", None).unwrap();
        assert_eq!(fixed, "VP UBND, VPUB tỉnh; giai đoạn 2021-2030¹", "footnote marks are the parser's");
        assert_eq!(notes.len(), 1);
        assert_eq!(abbreviations_and_marks("Mục V PUBLIC", None), None, "only whole abbreviations");
    }

    #[test]
    fn look_alikes_in_latin_text() {
        let (fixed, notes) = mechanical("nằm trong топ 06 các Sở", true).expect("repaired");
        assert_eq!(fixed, "nằm trong top 06 các Sở");
        assert_eq!(notes[0].original, "топ");
        assert_eq!(notes[0].confidence, Confidence::Medium);
        let (fixed, notes) = mechanical("Cải cách hành chίnh", true).map_or(("".into(), vec![]), |x| x);
        // Greek iota has no twin in the table: left alone.
        assert!(fixed.is_empty() && notes.is_empty());
        let (fixed, notes) = mechanical("Mục tiеu", true).expect("a Cyrillic e inside a Latin word");
        assert_eq!((fixed.as_str(), notes[0].confidence), ("Mục tieu", Confidence::High));
        assert_eq!(mechanical("Chương trình VII", true), None, "Roman numerals are Latin");
        let (fixed, notes) = mechanical("Quý I⁄2021", true).expect("a fraction slash");
        assert_eq!((fixed.as_str(), notes[0].kind), ("Quý I/2021", NoteKind::SlashLookAlike));
        assert_eq!(mechanical("топ", false), None, "not in a Russian document");
    }

    #[test]
    fn the_byte_test_passes_every_character_mechanical_repairs() {
        // Alone, and after characters of one to four bytes.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for look_alikes in [true, false] {
                if repaired(c, look_alikes) {
                    for text in [c.to_string(), format!("Nam ệ ✓ é 𝐀 {c}"), format!("kế hoạch{c}")] {
                        assert!(may_need_mechanical(text.as_bytes(), look_alikes), "{text:?}");
                    }
                }
            }
        }
        assert!(!may_need_mechanical("Kế hoạch – “cải cách” • 𝐀 é".as_bytes(), true));
    }

    #[test]
    fn the_byte_test_by_eights_is_the_byte_test_by_ones() {
        // Every character at every place in an eight of bytes, among
        // Vietnamese letters, dashes and quotes.
        let base = "Kế hoạch – “cải cách” • ạ ế ổ 𝐀 é";
        for c in (0x80..=0x10FFFF).step_by(97).chain([0xAD, 0xD0, 0xF0, 0x200B, 0x200D, 0x2044, 0x2215, 0xFEFF, 0x043E])
        {
            let Some(c) = char::from_u32(c) else { continue };
            for pad in 0..9 {
                let text = format!("{}{c}{base}", "a".repeat(pad));
                for look_alikes in [true, false] {
                    let by_ones = (0..text.len()).any(|i| repaired_at(text.as_bytes(), i, look_alikes));
                    assert_eq!(may_need_mechanical(text.as_bytes(), look_alikes), by_ones, "{c:?} after {pad}");
                }
            }
        }
    }

    #[test]
    fn steps_read_the_same_words_from_the_counts_as_from_the_text() {
        // The mark and tone step and the abbreviation step take a counted
        // text's words from the counts; they find what reading the text
        // finds, on every seed text and on edge cases.
        let mut texts: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seeds")).expect("seeds") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("a seed");
            texts.extend(text.lines().flat_map(|l| l.split('\t')).map(str::to_string));
        }
        texts.extend(
            [
                "Hoà bình, thuỷ lợi, HOÀ, khoẻ; hóa",
                "V PUB tỉnh, 2V PUB, ²V PUB, (U BND), V  PUB, V PUB",
                "cải\u{0301} cách, e\u{0301}\u{0302}, thu\u{0309}y",
                "Ðề án, \u{0301}lẻ",
            ]
            .map(str::to_string),
        );
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let document = Document::counted(&refs, &diacritics::BUILTIN);
        for (n, text) in refs.iter().enumerate() {
            let words = document.counted_words(text, &diacritics::BUILTIN).expect("counted in order");
            assert_eq!(abbreviations_and_marks(text, Some(words)), abbreviations_and_marks(text, None), "{n}: {text}");
            for style in [ToneStyle::Old, ToneStyle::New, ToneStyle::AsPrinted] {
                assert_eq!(marks_and_tones(text, style, Some(words)), marks_and_tones(text, style, None), "{text}");
            }
        }
    }

    #[test]
    fn eth_and_invisible_characters() {
        let (fixed, notes) = mechanical("ÐỀ ÁN\u{200B} cải\u{00AD}cách", true).expect("repaired");
        assert_eq!(fixed, "ĐỀ ÁN cảicách");
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[1].kind, NoteKind::InvisibleCharactersRemoved);
    }
}
