//! Vietnamese spelling knowledge built from rules, not from a word list:
//! a syllable validator (onset + rhyme + tone, with the rule that a syllable
//! ending in c, ch, p or t takes only the acute or dot-below tone), and the
//! legacy 8-bit encodings still found in archives — TCVN3 (ABC, the
//! ".VnTime" fonts), VNI (the "VNI-Times" fonts) and Windows-1258 —
//! decoded to Unicode.

use std::collections::HashMap;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// The five tone marks as combining characters.
const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

/// Initial consonants, longest first.
const ONSETS: [&str; 27] = [
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g", "h", "k", "l", "m",
    "n", "p", "r", "s", "t", "v", "x",
];

/// Every rhyme (medial, vowel and final, without tone) of standard
/// Vietnamese spelling.
const RHYMES: &[&str] = &[
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay", "ă", "ăc", "ăm", "ăn", "ăng", "ăp",
    "ăt", "âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây", "e", "ec", "em", "en", "eng", "eo", "ep", "et", "ê", "êch",
    "êm", "ên", "ênh", "êp", "êt", "êu", "i", "ia", "ich", "im", "in", "inh", "ip", "it", "iu", "iêc", "iêm", "iên",
    "iêng", "iêp", "iêt", "iêu", "o", "oc", "oi", "om", "on", "ong", "op", "ot", "oa", "oac", "oach", "oai", "oam",
    "oan", "oang", "oanh", "oao", "oap", "oat", "oay", "oăc", "oăm", "oăn", "oăng", "oăt", "oe", "oen", "oeo", "oet",
    "oong", "ooc", "ô", "ôc", "ôi", "ôm", "ôn", "ông", "ôp", "ôt", "ơ", "ơi", "ơm", "ơn", "ơp", "ơt", "u", "uc", "ui",
    "um", "un", "ung", "up", "ut", "ua", "uân", "uâng", "uât", "uây", "uê", "uêch", "uênh", "uy", "uya", "uych",
    "uyên", "uyêt", "uynh", "uyt", "uyu", "uơ", "uôc", "uôi", "uôm", "uôn", "uông", "uôt", "ư", "ưc", "ưi", "ưm", "ưn",
    "ưng", "ưt", "ưu", "ưa", "ươc", "ươi", "ươm", "ươn", "ương", "ươp", "ươt", "ươu", "y", "yêm", "yên", "yêng", "yêt",
    "yêu",
];

/// One letter of Vietnamese spelling taken apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Letter {
    /// Lower case, with its shape mark and no tone ("ư", "â", "đ", "a").
    pub shaped: char,
    /// The lower-case ASCII letter under the marks ("u", "a", "d").
    pub plain: char,
    /// 0 without a tone, else 1 + the tone's index in `TONES` (2 acute,
    /// 5 dot below).
    pub tone: u8,
}

/// The precomposed letters with an ASCII letter under Vietnamese marks
/// lie in two ranges: Latin-1 and Latin Extended-A and -B (U+00C0 to
/// U+024F: "à", "ă", "đ", "ơ", "ư") and Latin Extended Additional (U+1E00
/// to U+1EF9: "ạ", "ấ", "ự"). No character between them has an ASCII
/// letter under it (a test checks every one).
const LATIN: std::ops::Range<u32> = 0xC0..0x250;
const ADDITIONAL: std::ops::Range<u32> = 0x1E00..0x1EFA;

/// `Letter` of every character of the two ranges, worked out once (per-word
/// NFD decomposition was most of the repairs' cost; the ranges alone keep
/// the start-up cost small).
static LETTERS: LazyLock<Vec<Option<Letter>>> =
    LazyLock::new(|| LATIN.chain(ADDITIONAL).map(|u| char::from_u32(u).and_then(take_apart)).collect());

/// (shaped letter, tone) → the lower-case precomposed letter.
static COMPOSED: LazyLock<HashMap<(char, u8), char>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for u in (0x61..0x7B).chain(LATIN).chain(ADDITIONAL) {
        let Some(c) = char::from_u32(u) else { continue };
        if let Some(l) = letter(c).filter(|_| c.is_lowercase()) {
            map.entry((l.shaped, l.tone)).or_insert(c);
        }
    }
    map
});

fn take_apart(c: char) -> Option<Letter> {
    let mut lower = c.to_lowercase();
    let l = lower.next()?;
    if lower.next().is_some() {
        return None;
    }
    if l == 'đ' {
        return Some(Letter { shaped: 'đ', plain: 'd', tone: 0 });
    }
    let mut parts = std::iter::once(l).nfd();
    let base = parts.next()?;
    if !base.is_ascii_alphabetic() {
        return None;
    }
    let (mut shape, mut tone) = (None, 0u8);
    for m in parts {
        if let Some(t) = TONES.iter().position(|x| *x == m) {
            if tone != 0 {
                return None;
            }
            tone = t as u8 + 1;
        } else if matches!(m, '\u{0302}' | '\u{0306}' | '\u{031B}') && shape.is_none() {
            shape = Some(m);
        } else {
            return None;
        }
    }
    let shaped = match shape {
        None => base,
        Some(m) => {
            let composed: String = [base, m].iter().collect::<String>().nfc().collect();
            let mut chars = composed.chars();
            let c = chars.next()?;
            if chars.next().is_some() {
                return None;
            }
            c
        }
    };
    Some(Letter { shaped, plain: base, tone })
}

/// A precomposed (NFC) letter of Vietnamese spelling taken apart, from a
/// table; `None` for anything else (digits, other scripts, letters with
/// marks Vietnamese does not use, lone combining marks).
pub fn letter(c: char) -> Option<Letter> {
    if c.is_ascii() {
        let l = c.to_ascii_lowercase();
        return c.is_ascii_alphabetic().then_some(Letter { shaped: l, plain: l, tone: 0 });
    }
    let u = u32::from(c);
    if LATIN.contains(&u) {
        LETTERS[(u - LATIN.start) as usize]
    } else if ADDITIONAL.contains(&u) {
        LETTERS[(u - ADDITIONAL.start + LATIN.len() as u32) as usize]
    } else {
        None
    }
}

/// The lower-case letter with `shaped`'s shape and `tone` ("ư", 5 → "ự").
pub fn compose(shaped: char, tone: u8) -> Option<char> {
    COMPOSED.get(&(shaped, tone)).copied()
}

fn combining(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// Whether `word` (one syllable, any case, NFC or not) is spelled as a
/// Vietnamese syllable can be. Lenient on the c/k, g/gh and ng/ngh spelling
/// rules; strict on letters, rhymes, the number of tone marks and the
/// tones a checked syllable (final c, ch, p, t) can take.
pub fn is_syllable(word: &str) -> bool {
    // The shaped letters, on the stack (a syllable has at most 7, of up to
    // 2 bytes each), read by table: no allocation for a word first met.
    let mut buf = [0u8; 28];
    let mut len = 0;
    let mut tone = 0u8;
    for (n, c) in word.chars().enumerate() {
        let Some(l) = letter(c) else { return decomposed_syllable(word) };
        if n >= 7 || (l.tone != 0 && tone != 0) {
            return decomposed_syllable(word);
        }
        tone = tone.max(l.tone);
        len += l.shaped.encode_utf8(&mut buf[len..]).len();
    }
    let Ok(letters) = std::str::from_utf8(&buf[..len]) else { return false };
    if letters.is_empty() {
        return false;
    }
    let rest = ONSETS.iter().find_map(|o| letters.strip_prefix(o).map(|r| (*o, r)));
    let is_rhyme = |r: &str| SORTED_RHYMES.binary_search(&r).is_ok();
    let check = |onset: &str, rhyme: &str| {
        let rhyme_ok = is_rhyme(rhyme) || (onset == "gi" && (rhyme.is_empty() || is_rhyme(&format!("i{rhyme}"))));
        let checked = ["c", "ch", "p", "t"].iter().any(|f| rhyme.ends_with(f));
        // Acute (2) or dot below (5) only, on a checked syllable.
        let tone_ok = !checked || matches!(tone, 2 | 5);
        rhyme_ok && tone_ok
    };
    match rest {
        // "gi" and "qu" also read as "g" + "i…", "q" + "u…" is not a thing;
        // "gi" + "ê…" is "giê…" ("giếng"), "gi" alone is "gì".
        Some(("gi", r)) => check("gi", r) || check("g", &letters[1..]),
        Some((onset, r)) => check(onset, r),
        None => check("", letters),
    }
}

/// [`is_syllable`] of a word the table cannot read as it stands: one with
/// a combining mark is read composed (NFC); any other is no syllable.
fn decomposed_syllable(word: &str) -> bool {
    // A letter of the table is no combining mark: only the others can be.
    if !word.chars().any(|c| !c.is_ascii() && letter(c).is_none() && combining(c)) {
        return false;
    }
    let nfc: String = word.nfc().collect();
    !nfc.chars().any(combining) && is_syllable(&nfc)
}

/// `RHYMES`, sorted for binary search.
static SORTED_RHYMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut rhymes = RHYMES.to_vec();
    rhymes.sort_unstable();
    rhymes
});

/// Whether a word has a vowel letter (any marks): abbreviations such as
/// "HĐND" or "NĐ" have none.
pub fn has_vowel(word: &str) -> bool {
    // A letter of the table decomposes to its plain letter and marks; any
    // other character is decomposed.
    word.chars().any(|c| match letter(c) {
        Some(l) => matches!(l.plain, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'),
        None => !c.is_ascii() && std::iter::once(c).nfd().any(|d| "aeiouyAEIOUY".contains(d)),
    })
}

/// The share of a text's words with a letter outside ASCII that are valid
/// syllables, and how many such words there are: how Vietnamese a decoding
/// reads.
pub fn vietnamese_score(text: &str) -> (f64, usize) {
    let mut words = 0usize;
    let mut valid = 0usize;
    // Words end at spaces and ASCII punctuation only, so that a legacy code
    // shown as a symbol ("C¶I") spoils its word.
    for word in text.split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '-')) {
        let word = word.trim_matches('-');
        // Abbreviations ("HĐND", "NĐ") have no vowel and are no syllables.
        if word.is_empty() || word.is_ascii() || (word.chars().all(char::is_alphabetic) && !has_vowel(word)) {
            continue;
        }
        words += 1;
        valid += usize::from(is_syllable(word));
    }
    (if words == 0 { 0.0 } else { valid as f64 / words as f64 }, words)
}

/// A legacy Vietnamese encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN3 (ABC), the ".VnTime" fonts.
    Tcvn3,
    /// VNI, the "VNI-Times" fonts.
    Vni,
    /// Windows-1258 (combining tone marks).
    Windows1258,
}

impl Legacy {
    /// Its usual name.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3",
            Legacy::Vni => "VNI",
            Legacy::Windows1258 => "Windows-1258",
        }
    }
}

/// TCVN3 (ABC) bytes 0xA1–0xFF, as Unicode (lower-case letters with tones;
/// the ABC capitals with tones live in separate ".VnTimeH" fonts that use
/// these same codes, so they decode as lower case).
const TCVN3_HIGH: [char; 95] = [
    'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', '\u{00AF}', '\u{00B0}', '\u{00B1}',
    '\u{00B2}', '\u{00B3}', '\u{00B4}', 'à', 'ả', 'ã', 'á', 'ạ', '\u{00BA}', 'ằ', 'ẳ', 'ẵ', 'ắ', '\u{00BF}',
    '\u{00C0}', '\u{00C1}', '\u{00C2}', '\u{00C3}', '\u{00C4}', '\u{00C5}', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è',
    '\u{00CD}', 'ẻ', 'ẽ', 'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', '\u{00D9}', '\u{00DA}', '\u{00DB}', 'ĩ', 'í',
    'ị', 'ò', '\u{00E0}', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', '\u{00F0}', 'ủ',
    'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', '\u{00FD}', 'ỵ', '\u{00FF}',
];

/// One TCVN3 byte as Unicode.
fn tcvn3_char(b: u8) -> char {
    match b {
        0xA1..=0xFF => TCVN3_HIGH[usize::from(b - 0xA1)],
        other => char::from(other),
    }
}

/// Decodes TCVN3 bytes.
pub fn decode_tcvn3(bytes: &[u8]) -> String {
    restore_capitals(&bytes.iter().map(|&b| tcvn3_char(b)).collect::<String>())
}

/// Re-reads text whose characters are TCVN3 codes shown as Latin-1 (a
/// ".VnTime" run in a DOCX, a PDF font without a Unicode map).
pub fn reread_tcvn3(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        // "ư" is 0xAD, the soft hyphen, which a PDF's standard encoding
        // shows as "-": between two lower-case letters it is the letter.
        // After a letter and before no capital or digit ("l-îng", "T- pháp"
        // but not "NĐ-CP", "2021-2025").
        let letter_u = i > 0
            && chars[i - 1].is_alphabetic()
            && !chars.get(i + 1).is_some_and(|n| n.is_ascii_uppercase() || n.is_ascii_digit());
        match (c, u8::try_from(u32::from(c))) {
            ('-', _) if letter_u => out.push(tcvn3_char(0xAD)),
            (_, Ok(byte)) => out.push(tcvn3_char(byte)),
            (c, Err(_)) => out.push(c),
        }
    }
    Some(restore_capitals(&out))
}

/// TCVN3 has no codes for capitals with a tone mark: ABC documents show
/// them with the lower-case codes in a capitals font (".VnTimeH"), so they
/// decode as lower case ("PHụ LụC"). A word whose other letters are all
/// capitals, or that stands between words in capitals, is put in capitals.
fn restore_capitals(text: &str) -> String {
    let is_word = |c: char| c.is_alphabetic();
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if current.chars().next().is_some_and(is_word) != is_word(c) && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    parts.push(current);
    let capitals = |w: &str| w.chars().count() >= 2 && w.chars().all(|c| !c.is_lowercase());
    let lower_non_ascii = |w: &str| w.chars().any(|c| c.is_lowercase() && !c.is_ascii());
    let ascii_capitals = |w: &str| {
        let ascii: Vec<char> = w.chars().filter(char::is_ascii_alphabetic).collect();
        !ascii.is_empty() && ascii.iter().all(char::is_ascii_uppercase)
    };
    let words: Vec<usize> = (0..parts.len()).filter(|&i| parts[i].chars().next().is_some_and(is_word)).collect();
    let mut upper = vec![false; parts.len()];
    for (k, &i) in words.iter().enumerate() {
        let w = &parts[i];
        if !lower_non_ascii(w) || !ascii_capitals(w) {
            continue;
        }
        let many = w.chars().filter(char::is_ascii_uppercase).count() >= 2;
        // A neighbour in capitals, separated by spaces only.
        let neighbour = |j: Option<&usize>| {
            j.is_some_and(|&j| {
                let between = &parts[i.min(j) + 1..i.max(j)];
                let spaced = between.iter().all(|p| p.chars().all(char::is_whitespace));
                let caps = capitals(&parts[j])
                    || (ascii_capitals(&parts[j]) && parts[j].chars().filter(char::is_ascii_uppercase).count() >= 2);
                spaced && caps
            })
        };
        if many || neighbour(k.checked_sub(1).and_then(|p| words.get(p))) || neighbour(words.get(k + 1)) {
            upper[i] = true;
        }
    }
    parts.iter().enumerate().map(|(i, p)| if upper[i] { p.to_uppercase() } else { p.clone() }).collect()
}

/// Decodes VNI text: letters followed by Latin-1 characters that stand for
/// marks ("Vieät Nam" → "Việt Nam").
pub fn decode_vni(latin1: &str) -> String {
    let mut out = String::with_capacity(latin1.len());
    let chars: Vec<char> = latin1.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let (base, mut marks): (Option<char>, Vec<char>) = match c {
            'ô' => (Some('o'), vec!['\u{031B}']),
            'Ô' => (Some('O'), vec!['\u{031B}']),
            'ö' => (Some('u'), vec!['\u{031B}']),
            'Ö' => (Some('U'), vec!['\u{031B}']),
            'ñ' => (Some('đ'), vec![]),
            'Ñ' => (Some('Đ'), vec![]),
            'í' | 'Í' => (Some(if c == 'í' { 'i' } else { 'I' }), vec!['\u{0301}']),
            'ì' | 'Ì' => (Some(if c == 'ì' { 'i' } else { 'I' }), vec!['\u{0300}']),
            'æ' | 'Æ' => (Some(if c == 'æ' { 'i' } else { 'I' }), vec!['\u{0309}']),
            'ó' | 'Ó' => (Some(if c == 'ó' { 'i' } else { 'I' }), vec!['\u{0303}']),
            'ò' | 'Ò' => (Some(if c == 'ò' { 'i' } else { 'I' }), vec!['\u{0323}']),
            'î' => (Some('y'), vec!['\u{0323}']),
            'Î' => (Some('Y'), vec!['\u{0323}']),
            c if c.is_ascii_alphabetic() => (Some(c), vec![]),
            _ => (None, vec![]),
        };
        let Some(base) = base else {
            out.push(c);
            i += 1;
            continue;
        };
        i += 1;
        // Shape, then tone; or one character for both.
        let vowel = matches!(base.to_ascii_lowercase(), 'a' | 'e' | 'o' | 'u' | 'y' | 'i');
        while vowel && i < chars.len() {
            let m = chars[i].to_lowercase().next().unwrap_or(chars[i]);
            let a = base.eq_ignore_ascii_case(&'a');
            let shape_tone: Option<&[char]> = match m {
                'â' if matches!(base.to_ascii_lowercase(), 'a' | 'e' | 'o') => Some(&['\u{0302}']),
                'ê' if a => Some(&['\u{0306}']),
                'á' => Some(&['\u{0302}', '\u{0301}']),
                'à' => Some(&['\u{0302}', '\u{0300}']),
                'å' => Some(&['\u{0302}', '\u{0309}']),
                'ã' => Some(&['\u{0302}', '\u{0303}']),
                'ä' => Some(&['\u{0302}', '\u{0323}']),
                'é' if a => Some(&['\u{0306}', '\u{0301}']),
                'è' if a => Some(&['\u{0306}', '\u{0300}']),
                'ú' if a => Some(&['\u{0306}', '\u{0309}']),
                'ü' if a => Some(&['\u{0306}', '\u{0303}']),
                'ë' if a => Some(&['\u{0306}', '\u{0323}']),
                'ù' => Some(&['\u{0301}']),
                'ø' => Some(&['\u{0300}']),
                'û' => Some(&['\u{0309}']),
                'õ' => Some(&['\u{0303}']),
                'ï' => Some(&['\u{0323}']),
                _ => None,
            };
            let Some(add) = shape_tone else { break };
            // Shapes only on the bare letter; a tone only once.
            let has_tone = marks.iter().any(|m| TONES.contains(m));
            if add.iter().any(|m| TONES.contains(m)) && has_tone {
                break;
            }
            if !add.iter().all(|m| TONES.contains(m)) && !marks.is_empty() {
                break;
            }
            marks.extend_from_slice(add);
            i += 1;
        }
        out.push(base);
        out.extend(marks);
    }
    out.nfc().collect()
}

/// Decodes Windows-1258 bytes.
pub fn decode_windows1258(bytes: &[u8]) -> String {
    let (text, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    text.nfc().collect()
}

/// Decodes bytes that are not UTF-8 in whichever legacy encoding reads as
/// Vietnamese best; `None` when none reads as Vietnamese (at least 90 % of
/// the words with accents valid syllables).
pub fn decode_legacy(bytes: &[u8]) -> Option<(Legacy, String)> {
    let latin1: String = bytes.iter().map(|&b| char::from(b)).collect();
    let candidates = [
        (Legacy::Tcvn3, decode_tcvn3(bytes)),
        (Legacy::Vni, decode_vni(&latin1)),
        (Legacy::Windows1258, decode_windows1258(bytes)),
    ];
    candidates
        .into_iter()
        .map(|(legacy, text)| {
            let (score, words) = vietnamese_score(&text);
            (legacy, text, score, words)
        })
        .filter(|(_, _, score, words)| *words > 0 && *score >= 0.9)
        .max_by(|a, b| a.2.total_cmp(&b.2))
        .map(|(legacy, text, _, _)| (legacy, text))
}

/// For a text already in Unicode whose accented letters are legacy codes
/// shown as Latin-1 (a DOCX run in a ".VnTime" or "VNI-Times" font, a PDF
/// font without a Unicode map): the re-read text when a legacy reading is
/// clearly more Vietnamese than the text as it is.
pub fn reread_legacy(text: &str) -> Option<(Legacy, String)> {
    // Only texts made of ASCII and Latin-1 can be legacy codes.
    if text.chars().any(|c| u32::from(c) > 0xFF) || text.is_ascii() {
        return None;
    }
    // A word or two is no evidence ("ï" from OCR is "ù" in TCVN3).
    let (now, words) = vietnamese_score(text);
    if words < 2 {
        return None;
    }
    let candidates = [(Legacy::Tcvn3, reread_tcvn3(text)?), (Legacy::Vni, decode_vni(text))];
    candidates
        .into_iter()
        .map(|(legacy, reread)| {
            let score = vietnamese_score(&reread).0;
            (legacy, reread, score)
        })
        .filter(|(_, _, score)| *score >= 0.75 && *score > now + 0.4)
        .max_by(|a, b| a.2.total_cmp(&b.2))
        .map(|(legacy, reread, _)| (legacy, reread))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every letter of the table is alphabetic, so a test for letters may
    /// ask the table first and `char::is_alphabetic` only for the rest.
    #[test]
    fn table_letters_are_alphabetic() {
        let letters = (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| letter(c).is_some());
        let mut n = 0;
        for c in letters {
            // Alphabetic, and no combining mark: what the word steps read
            // of the table's letters without asking Unicode.
            assert!(c.is_alphabetic() && !combining(c), "{c:?}");
            n += 1;
        }
        assert!(n > 100, "{n}");
    }

    #[test]
    fn letters_lie_in_the_two_ranges() {
        // Every character outside the ranges that the table covers: none
        // is a Vietnamese letter (no ASCII letter under its marks).
        for u in (0x80..0x3_0000).filter(|u| !LATIN.contains(u) && !ADDITIONAL.contains(u)) {
            if let Some(c) = char::from_u32(u).filter(|c| !c.is_ascii()) {
                // The Kelvin sign is a "k" to take_apart, but letter() has
                // never covered it: outside the old table, too.
                if c != '\u{212A}' {
                    assert_eq!(take_apart(c), None, "U+{u:04X}");
                }
                assert_eq!(letter(c), None, "U+{u:04X}");
            }
        }
        assert_eq!(letter('ự'), Some(Letter { shaped: 'ư', plain: 'u', tone: 5 }));
        assert_eq!(letter('Đ'), Some(Letter { shaped: 'đ', plain: 'd', tone: 0 }));
    }

    #[test]
    fn marks_are_put_in_composing_order() {
        assert_eq!(reorder_marks("Vie\u{0301}\u{0302}t ke\u{0301}\u{0302}"), "Viết kế");
        assert_eq!(reorder_marks("Việt Nam"), "Việt Nam");
    }

    #[test]
    fn tone_placement() {
        assert_eq!(place_tone("hoà", ToneStyle::Old), "hòa");
        assert_eq!(place_tone("thuỷ", ToneStyle::Old), "thủy");
        assert_eq!(place_tone("Khoẻ", ToneStyle::Old), "Khỏe");
        assert_eq!(place_tone("hòa", ToneStyle::New), "hoà");
        assert_eq!(place_tone("hoá", ToneStyle::AsPrinted), "hoá");
        for kept in ["Quý", "quỳ", "hoàn", "toán", "khuyến", "hóa", "của", "người"] {
            assert_eq!(place_tone(kept, ToneStyle::Old), kept, "{kept}");
        }
        assert_eq!(place_tone("hóa", ToneStyle::New), "hoá");
    }

    /// `is_syllable` as it was before it read letters into a buffer on the
    /// stack (a `String` per word, combining marks looked for first).
    fn syllable_as_before(word: &str) -> bool {
        if word.chars().any(combining) {
            let nfc: String = word.nfc().collect();
            return !nfc.chars().any(combining) && syllable_as_before(&nfc);
        }
        let mut letters = String::with_capacity(word.len());
        let mut tone = 0u8;
        for (n, c) in word.chars().enumerate() {
            let Some(l) = letter(c) else { return false };
            if n >= 7 || (l.tone != 0 && tone != 0) {
                return false;
            }
            tone = tone.max(l.tone);
            letters.push(l.shaped);
        }
        if letters.is_empty() {
            return false;
        }
        let rest = ONSETS.iter().find_map(|o| letters.strip_prefix(o).map(|r| (*o, r)));
        let is_rhyme = |r: &str| SORTED_RHYMES.binary_search(&r).is_ok();
        let check = |onset: &str, rhyme: &str| {
            let rhyme_ok = is_rhyme(rhyme) || (onset == "gi" && (rhyme.is_empty() || is_rhyme(&format!("i{rhyme}"))));
            let checked = ["c", "ch", "p", "t"].iter().any(|f| rhyme.ends_with(f));
            rhyme_ok && (!checked || matches!(tone, 2 | 5))
        };
        match rest {
            Some(("gi", r)) => check("gi", r) || check("g", &letters[1..]),
            Some((onset, r)) => check(onset, r),
            None => check("", &letters),
        }
    }

    #[test]
    fn syllables_and_vowels_read_by_table_as_before() {
        let vowel_by_decomposing = |word: &str| word.nfd().any(|c| "aeiouyAEIOUY".contains(c));
        let mut forms = 0;
        // Every onset and rhyme with every tone on each of its letters
        // (most of them no spelling), in four shapes, and a few more.
        for onset in ONSETS.iter().chain(&["", "q", "gh", "z", "w", "f"]) {
            for rhyme in RHYMES.iter().chain(&["", "o", "ru", "uu", "ac", "xx", "iêu", "oong"]) {
                let plain = format!("{onset}{rhyme}");
                let n = plain.chars().count();
                for (k, tone) in (0..n).flat_map(|k| (1..=5u8).map(move |t| (k, t))).chain([(0, 0)]) {
                    let word: String = plain
                        .chars()
                        .enumerate()
                        .map(|(i, c)| if i == k && tone > 0 { compose(c, tone).unwrap_or(c) } else { c })
                        .collect();
                    let upper = word.to_uppercase();
                    let decomposed: String = word.nfd().collect();
                    let longer = format!("{word}a");
                    let marked = format!("{word}\u{0301}");
                    for form in [&word, &upper, &decomposed, &longer, &marked] {
                        assert_eq!(has_vowel(form), vowel_by_decomposing(form), "{form:?}");
                        assert_eq!(is_syllable(form), syllable_as_before(form), "{form:?}");
                        forms += 1;
                    }
                }
            }
        }
        assert!(forms > 100_000, "{forms}");
        for odd in ["", "2021", "UBND", "HĐND", "Ðồng", "топ", "x·", "ﬁ", "ǅa", "İa", "a\u{0323}\u{0302}"] {
            assert_eq!(has_vowel(odd), vowel_by_decomposing(odd), "{odd:?}");
            assert_eq!(is_syllable(odd), syllable_as_before(odd), "{odd:?}");
        }
    }

    #[test]
    fn syllables() {
        for ok in [
            "Kế",
            "hoạch",
            "cải",
            "cách",
            "hành",
            "chính",
            "Phấn",
            "đấu",
            "Mục",
            "tiêu",
            "nghĩa",
            "Việt",
            "quyết",
            "giếng",
            "gì",
            "khuya",
            "người",
            "thường",
            "xuyên",
            "uỷ",
            "ủy",
            "ban",
            "nhân",
            "dân",
            "tỉnh",
            "Sở",
            "Tư",
            "pháp",
            "UBND",
            "Lưu",
            "Ứng",
            "dụng",
            "Cổng",
            "kịp",
            "thời",
            "huỳnh",
            "khuỷu",
            "rượu",
        ] {
            assert!(is_syllable(ok) || ok.is_ascii() && ok.len() > 3, "{ok}");
        }
        // Toneless or grave checked syllables ("Muc", "kip", "Phầt") lost
        // or changed their tone; "Luru", "Thườn" and legacy codes are no
        // Vietnamese spelling.
        for bad in ["Muc", "Luru", "kip", "Phầt", "hoµ", "x·", "chñ", "ViÖt", "xyz", "nghÜa"] {
            assert!(!is_syllable(bad), "{bad}");
        }
    }

    #[test]
    fn tcvn3_text_decodes() {
        let bytes = b"C\xe9ng ho\xb5 x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam";
        assert_eq!(decode_tcvn3(bytes), "Cộng hoà xã hội chủ nghĩa Việt Nam");
        // Capitals with tones share the lower-case codes.
        assert_eq!(decode_tcvn3(b"K\xd5 HO\xb9CH C\xb6I C\xb8CH"), "KẾ HOẠCH CẢI CÁCH");
        assert_eq!(decode_tcvn3(b"PH\xf4 L\xf4C, K\xd5 ho\xb9ch"), "PHỤ LỤC, Kế hoạch");
        let (legacy, text) = decode_legacy(bytes).expect("reads as Vietnamese");
        assert_eq!((legacy, text.as_str()), (Legacy::Tcvn3, "Cộng hoà xã hội chủ nghĩa Việt Nam"));
        assert_eq!(reread_tcvn3("chÊt l-îng, NĐ-CP").as_deref(), Some("chất lượng, NĐ-CP"));
        let shown = "Céng hoµ x· héi chñ nghÜa ViÖt Nam";
        assert_eq!(reread_legacy(shown), Some((Legacy::Tcvn3, "Cộng hoà xã hội chủ nghĩa Việt Nam".into())));
    }

    #[test]
    fn vni_text_decodes() {
        assert_eq!(decode_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"), "Cộng hòa xã hội chủ nghĩa Việt Nam");
        assert_eq!(decode_vni("Keá hoaïch caûi caùch haønh chính naêm 2024"), "Kế hoạch cải cách hành chính năm 2024");
        assert_eq!(decode_vni("ÑOÄC LAÄP - TÖÏ DO - HAÏNH PHUÙC"), "ĐỘC LẬP - TỰ DO - HẠNH PHÚC");
        assert_eq!(
            decode_vni("ngöôøi, thöôøng xuyeân, Sôû Tö phaùp, quyeát, kyø"),
            "người, thường xuyên, Sở Tư pháp, quyết, kỳ"
        );
        let latin1 = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam";
        let bytes: Vec<u8> = latin1.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
        assert_eq!(decode_legacy(&bytes).map(|(l, _)| l), Some(Legacy::Vni));
    }

    #[test]
    fn windows_1258_decodes() {
        // "Việt Nam": V i e^ (0xEA) + dot below (0xF2) t
        let bytes = b"Vi\xea\xf2t Nam, c\xf4\xf2ng h\xf4\xf2i";
        assert_eq!(decode_windows1258(bytes), "Việt Nam, cộng hội");
        assert_eq!(decode_legacy(b"Vi\xea\xf2t Nam c\xf4\xf2ng").map(|(l, _)| l), Some(Legacy::Windows1258));
    }

    #[test]
    fn unicode_vietnamese_is_not_reread() {
        for text in ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH", "Công văn", "Thường xuyên", "Ông Tô Văn Á"] {
            assert_eq!(reread_legacy(text), None, "{text}");
        }
        // Upper-case Unicode Vietnamese made only of Latin-1 letters reads
        // better as it is.
        assert_eq!(reread_legacy("CÔNG VĂN, Ý KIẾN"), None);
        assert_eq!(reread_legacy("Ý kiến của các Sở, ban, ngành"), None);
        assert_eq!(reread_legacy("ï"), None, "one word is no evidence");
    }
}

/// Where the tone mark goes in "oa", "oe" and "uy" without a final
/// consonant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ToneStyle {
    /// On the first vowel: "hòa", "khỏe", "thủy" (the spelling most of the
    /// archive uses; the default).
    #[default]
    Old,
    /// On the second vowel: "hoà", "khoẻ", "thuỷ".
    New,
    /// As printed.
    AsPrinted,
}

/// Puts the marks of each letter in the order Unicode composes: shape
/// marks (circumflex, breve, horn) before tone marks, which NFC alone does
/// not do because most of them share a combining class ("e" + acute +
/// circumflex stays two characters).
pub fn reorder_marks(text: &str) -> String {
    let shape = |c: char| matches!(c, '\u{0302}' | '\u{0306}' | '\u{031B}');
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    let mut marks: Vec<char> = Vec::new();
    let flush = |out: &mut Vec<char>, marks: &mut Vec<char>| {
        marks.sort_by_key(|m| u8::from(!shape(*m)));
        out.append(marks);
    };
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            marks.push(c);
        } else {
            flush(&mut out, &mut marks);
            out.push(c);
        }
    }
    flush(&mut out, &mut marks);
    out.into_iter().collect::<String>().nfc().collect()
}

/// Whether a word ends in "oa", "oe" or "uy" with a tone somewhere:
/// only those can have their tone moved (a table lookup per letter instead
/// of decomposing every word).
pub(crate) fn tone_may_move(word: &str) -> bool {
    // Most words are ruled out by their last character: a letter other
    // than "a", "e" or "y" (a combining mark there needs the full look).
    let last = match word.chars().next_back() {
        Some(c) if c.is_ascii() => Some(c.to_ascii_lowercase()),
        Some(c) => letter(c).map(|l| l.plain),
        None => return false,
    };
    if last.is_some_and(|l| !matches!(l, 'a' | 'e' | 'y')) || word.is_ascii() {
        return false;
    }
    let mut tail = word.chars().rev().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).map(letter);
    let (Some(Some(last)), Some(Some(before))) = (tail.next(), tail.next()) else { return false };
    let pair = matches!((before.plain, last.plain), ('o', 'a') | ('o', 'e') | ('u', 'y'));
    pair && (last.tone != 0 || before.tone != 0 || word.chars().any(unicode_normalization::char::is_combining_mark))
}

/// Moves the tone of a syllable ending in "oa", "oe" or "uy" (not "qu…")
/// to the vowel `style` says.
pub fn place_tone(word: &str, style: ToneStyle) -> String {
    if style == ToneStyle::AsPrinted {
        return word.to_string();
    }
    let nfd: Vec<char> = word.nfd().collect();
    let Some(&tone) = nfd.iter().find(|c| TONES.contains(c)) else { return word.to_string() };
    let letters: Vec<char> = nfd.iter().copied().filter(|c| !TONES.contains(c)).collect();
    let lower: String = letters.iter().flat_map(|c| c.to_lowercase()).collect();
    let n = letters.len();
    let pair = n >= 2 && ["oa", "oe", "uy"].iter().any(|p| lower.ends_with(p));
    if !pair || lower.starts_with("qu") || lower.starts_with("gi") && n == 3 {
        return word.to_string();
    }
    // Index (in `letters`) of the vowel that should carry the tone.
    let target = match style {
        ToneStyle::Old => n - 2,
        _ => n - 1,
    };
    let mut out: Vec<char> = Vec::with_capacity(nfd.len());
    for (i, c) in letters.iter().enumerate() {
        out.push(*c);
        if i == target {
            out.push(tone);
        }
    }
    out.into_iter().collect::<String>().nfc().collect()
}
