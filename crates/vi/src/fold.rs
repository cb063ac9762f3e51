//! The folds kehoach compares Vietnamese text by. They differ on purpose,
//! so each has its own name:
//!
//! | fold | marks | case | other characters | used for |
//! |---|---|---|---|---|
//! | [`search_key`] | removed, đ → d | lower | runs of non-letters/digits → one space | header synonyms, table triage, outline words (parser) |
//! | [`comparable`] | kept (NFC) | lower | "quí" → "quý", dashes unified, spaces collapsed | readings of deadlines, agencies, figures (normaliser) |
//! | [`strip_marks`] | removed, đ → d | kept | kept | agency names without marks (normaliser) |
//! | [`letters`] | removed, đ → d | lower | kept, marks dropped | the lexicon's letter key of one word (repair) |
//! | [`bare`] ([`find_bare`], [`bare_pattern`]) | any, đ ~ d | kept | kept, offsets kept | the parser's words in fixed places ("Số:", "ngày … tháng … năm") in text not yet repaired |
//! | [`marks_dropped`] ([`starts_with_marks_dropped`]) | dropped only ("Sơ" ~ "Sở", not "Số") | kept | kept | agency heads in text not yet repaired (parser) |

use unicode_normalization::UnicodeNormalization;

fn combining(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// Lower-cases, removes diacritics (`đ` → `d`) and turns everything that is
/// not a letter or digit into single spaces, trimmed ("3- Hoạt động" →
/// "3 hoat dong").
pub fn search_key(text: &str) -> String {
    // A Vietnamese letter's base letter from the table (a test checks it
    // is what decomposing gives, for every character).
    search_key_by(text, |c, push| match crate::vietnamese::letter(c) {
        Some(l) => push(l.plain),
        None => decomposed(c, push),
    })
}

/// The base letters of `c` by decomposing it (marks dropped).
fn decomposed(c: char, push: &mut dyn FnMut(char)) {
    std::iter::once(c).nfd().filter(|d| !combining(*d)).for_each(push)
}

/// [`search_key`], with the base letters of a character other than ASCII
/// and "đ" given by `base`.
fn search_key_by(text: &str, base: impl Fn(char, &mut dyn FnMut(char))) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    let mut push = |c: char| {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    };
    for c in text.chars() {
        match c {
            'đ' | 'Đ' | 'Ð' => push('d'),
            c if c.is_ascii() => push(c),
            c => base(c, &mut push),
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// `text.to_lowercase()`, with the letters of Vietnamese text lowered by
/// their UTF-8 bytes instead of the Unicode tables' search: ASCII,
/// Latin-1's capitals, "Ă Đ Ĩ Ũ Ơ Ư" and Latin Extended Additional's "Ạ"
/// to "Ỹ" (each capital before its small letter). Any other character
/// goes through the tables, and a text with "Σ" (whose small form depends
/// on the letters around it) through `str::to_lowercase` whole. A test
/// checks it against `str::to_lowercase` for every character.
pub fn lowercase(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        let third = bytes.get(i + 2).copied().unwrap_or(0);
        match (b, next) {
            (0..=0x7F, _) => {
                out.push(b.to_ascii_lowercase());
                i += 1;
            }
            // U+00C0–U+00DE but U+00D7 "×".
            (0xC3, 0x80..=0x9E) if next != 0x97 => {
                out.extend_from_slice(&[b, next + 0x20]);
                i += 2;
            }
            // "Ă", "Đ", "Ĩ", "Ũ", "Ơ".
            (0xC4, 0x82 | 0x90 | 0xA8) | (0xC5, 0xA8) | (0xC6, 0xA0) => {
                out.extend_from_slice(&[b, next + 1]);
                i += 2;
            }
            // "Ư" U+01AF → "ư" U+01B0.
            (0xC6, 0xAF) => {
                out.extend_from_slice(&[0xC6, 0xB0]);
                i += 2;
            }
            // U+1EA0–U+1EF9: E1 BA A0 … E1 BB B9, a capital's last byte even.
            (0xE1, 0xBA) if third >= 0xA0 => {
                out.extend_from_slice(&[b, next, third | 1]);
                i += 3;
            }
            (0xE1, 0xBB) if third <= 0xB9 => {
                out.extend_from_slice(&[b, next, third | 1]);
                i += 3;
            }
            _ => {
                let c = text[i..].chars().next().expect("a character");
                if c == 'Σ' {
                    return text.to_lowercase();
                }
                let mut buf = [0; 4];
                for lower in c.to_lowercase() {
                    out.extend_from_slice(lower.encode_utf8(&mut buf).as_bytes());
                }
                i += c.len_utf8();
            }
        }
    }
    // SAFETY: `out` is `text`'s characters, each whole, with a capital's
    // bytes changed only to its small letter's (same length, same lead
    // byte) or encoded by `encode_utf8`.
    unsafe { String::from_utf8_unchecked(out) }
}

/// Lower case, NFC, "quí" → "quý", en and em dashes → "-", runs of white
/// space → one space, trimmed.
pub fn comparable(text: &str) -> String {
    // Text that is NFC already (nearly all) is not composed again.
    let lower = if crate::nfc::is_nfc(text) { lowercase(text) } else { lowercase(&text.nfc().collect::<String>()) };
    // Word by word: neither replacement spans white space.
    let mut out = String::with_capacity(lower.len());
    for word in lower.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.contains("quí") || word.contains(['–', '—']) {
            out.push_str(&word.replace("quí", "quý").replace(['–', '—'], "-"));
        } else {
            out.push_str(word);
        }
    }
    out
}

/// Without diacritics, case kept ("Bổ trợ" → "Bo tro"); đ → d, Đ → D.
pub fn strip_marks(text: &str) -> String {
    // Character by character: decomposing the whole text differs only in
    // the order of the combining marks, and they are dropped. A
    // Vietnamese letter's base letter comes from the table (a test checks
    // it is what decomposing gives, for every character).
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            c if c.is_ascii() => out.push(c),
            c => match crate::vietnamese::letter(c) {
                Some(l) if c.is_uppercase() => out.push(l.plain.to_ascii_uppercase()),
                Some(l) => out.push(l.plain),
                None => decomposed(c, &mut |d| out.push(d)),
            },
        }
    }
    out
}

/// The letters of a word without any mark, lower case ("Mục" → "muc",
/// "Đồng" → "dong"): the key the lexicon groups spellings by.
pub fn letters(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match crate::vietnamese::letter(c) {
            Some(l) => out.push(l.plain),
            None if combining(c) => {}
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A vowel or "đ" without its Vietnamese marks (tone, shape, the stroke),
/// case kept ("Ố" → 'O', "đ" → 'd', "Ư" → 'U'); any other character,
/// consonants included, as it is (no Vietnamese mark sits on them).
pub fn bare(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    match crate::vietnamese::letter(c) {
        Some(l) if takes_marks(l.plain) && c.is_uppercase() => l.plain.to_ascii_uppercase(),
        Some(l) if takes_marks(l.plain) => l.plain,
        _ => c,
    }
}

/// The letters Vietnamese marks sit on: the vowels and "d" (as "đ").
fn takes_marks(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'd')
}

/// Whether `text` starts with `word` with marks ignored on both sides
/// (case kept: "Quyet đinh số" starts with "Quyết định"); the byte length
/// of the part of `text` that matched. Combining marks in `text` are
/// skipped, so decomposed text matches too. How the parser finds its
/// words in text whose marks OCR damaged, keeping the text's offsets.
pub fn strip_prefix_bare(text: &str, word: &str) -> Option<usize> {
    let mut chars = text.char_indices().peekable();
    for w in word.chars() {
        let w = bare(w);
        let (_, c) = chars.next()?;
        if bare(c) != w {
            return None;
        }
        while chars.next_if(|(_, c)| combining(*c)).is_some() {}
    }
    Some(chars.peek().map_or(text.len(), |(i, _)| *i))
}

/// The first place at or after byte `from` of `text` where
/// [`strip_prefix_bare`] matches `word`: its start and end.
pub fn find_bare(text: &str, word: &str, from: usize) -> Option<(usize, usize)> {
    let first = bare(word.chars().next()?);
    let found = |i: usize| strip_prefix_bare(&text[from + i..], word).map(|len| (from + i, from + i + len));
    if first.is_ascii() && !takes_marks(first) {
        // A character that no mark sits on is only itself: found by a
        // substring search, not a walk over every character.
        return text[from..].match_indices(first).find_map(|(i, _)| found(i));
    }
    text[from..].char_indices().filter(|(_, c)| bare(*c) == first).find_map(|(i, _)| found(i))
}

/// Whether `printed` can be `intended` with marks dropped, as OCR drops
/// them (the repair model's likeliest damage: a tone or a shape lost):
/// the same letter and case, each of its marks `intended`'s or none
/// ("So", "Sơ", "Sỏ" can be "Sở"; "Số" cannot). Any other character only
/// as itself.
pub fn marks_dropped(printed: char, intended: char) -> bool {
    if printed == intended {
        return true;
    }
    let (Some(p), Some(i)) = (crate::vietnamese::letter(printed), crate::vietnamese::letter(intended)) else {
        return false;
    };
    p.plain == i.plain
        && printed.is_uppercase() == intended.is_uppercase()
        && (p.tone == 0 || p.tone == i.tone)
        && (p.shaped == p.plain || p.shaped == i.shaped)
}

/// Whether the words `text` start with `words`, whole words, each printed
/// letter [`marks_dropped`] from the one of `words` ("phong tu phap"
/// starts with "phòng"; "số 12" does not start with "sở").
pub fn starts_with_marks_dropped(text: &str, words: &str) -> bool {
    let mut printed = text.chars();
    for w in words.chars() {
        if !printed.next().is_some_and(|p| marks_dropped(p, w)) {
            return false;
        }
    }
    printed.next().is_none_or(|c| c == ' ')
}

/// A regex pattern that matches `word` with any marks (or none) on each
/// letter, case kept ("Số" → `S[oóòỏõọôốồổỗộơớờởỡợ]`): for the parser's
/// patterns, which must also read words whose marks OCR damaged.
pub fn bare_pattern(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars() {
        let b = bare(c);
        let same: String =
            (0xC0..0x250u32).chain(0x1E00..0x1EFA).filter_map(char::from_u32).filter(|v| bare(*v) == b).collect();
        if same.is_empty() {
            out.push_str(&regex_syntax_escape(c));
        } else {
            out.push('[');
            out.push(b);
            out.push_str(&same);
            out.push(']');
        }
    }
    out
}

/// `c` escaped for a regex when it is a meta character.
fn regex_syntax_escape(c: char) -> String {
    if r"\.+*?()|[]{}^$#&-~".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`strip_marks`] and [`comparable`] as they were written first: the
    /// whole text decomposed, or composed, then folded.
    fn strip_marks_by_decomposing(text: &str) -> String {
        text.nfd()
            .filter(|c| !combining(*c))
            .map(|c| match c {
                'đ' => 'd',
                'Đ' => 'D',
                c => c,
            })
            .collect()
    }

    fn comparable_by_composing(text: &str) -> String {
        let lower: String = text.nfc().collect::<String>().to_lowercase();
        let lower = lower.replace("quí", "quý").replace(['–', '—'], "-");
        lower.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn lowercase_is_str_to_lowercase() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for text in [format!("{c}A{c}"), format!("{c}A{c}Σ")] {
                assert_eq!(lowercase(&text), text.to_lowercase(), "{c:?}");
            }
        }
    }

    #[test]
    fn strip_marks_and_comparable_fold_as_by_decomposing_and_composing() {
        // Every character of the Basic Multilingual Plane, of the other
        // planes' marks and one in 61 of the rest, after a letter and
        // before marks; then every line of the seeds, decomposed and
        // composed.
        let others = (0x10000..=0x10FFFF).filter(|u| u % 61 == 0 || (0x1D165..=0x1D244).contains(u));
        for c in (0..0x10000).chain(others).chain(0xE0000..=0xE01EF).filter_map(char::from_u32) {
            for text in [format!("a{c}\u{0301}b {c}"), format!("Quí {c}– x\u{0323}\u{0302}")] {
                assert_eq!(strip_marks(&text), strip_marks_by_decomposing(&text), "{c:?}");
                assert_eq!(comparable(&text), comparable_by_composing(&text), "{c:?}");
            }
        }
        let seeds = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seeds")).expect("seeds");
        for entry in seeds {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("UTF-8 seed");
            let decomposed: String = text.nfd().collect();
            for line in text.lines().chain(decomposed.lines()) {
                assert_eq!(strip_marks(line), strip_marks_by_decomposing(line), "{line:?}");
                assert_eq!(comparable(line), comparable_by_composing(line), "{line:?}");
            }
        }
    }

    #[test]
    fn search_key_reads_letters_by_table_as_by_decomposing() {
        // The search key as it was made before the letter table, for every
        // character alone and between letters.
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b {c}");
            assert_eq!(search_key(&text), search_key_by(&text, decomposed), "{c:?}");
        }
    }

    #[test]
    fn the_four_folds_differ_as_documented() {
        let text = "3- Hoạt  động Quí–I";
        assert_eq!(search_key(text), "3 hoat dong qui i");
        assert_eq!(comparable(text), "3- hoạt động quý-i");
        assert_eq!(strip_marks("Bổ trợ Đồng"), "Bo tro Dong");
        assert_eq!(letters("Đồng"), "dong");
        assert_eq!(letters("Mục"), "muc");
        assert_eq!(search_key("  Đơn vị —  chủ trì "), "don vi chu tri");
    }

    #[test]
    fn bare_matching_ignores_marks_and_keeps_offsets() {
        assert_eq!(bare('Ố'), 'O');
        assert_eq!(bare('đ'), 'd');
        assert_eq!(bare('/'), '/');
        let text = "Quyet đinh so 277/QĐ-UBND";
        assert_eq!(strip_prefix_bare(text, "Quyết định"), Some("Quyet đinh".len()));
        assert_eq!(strip_prefix_bare(text, "quyết định"), None, "case is kept");
        assert_eq!(strip_prefix_bare("Quye\u{302}\u{301}t", "Quyết"), Some("Quye\u{302}\u{301}t".len()));
        assert_eq!(find_bare(text, "số", 0), Some((12, 14)));
        assert_eq!(find_bare("ngày và ngay", "ngày", 1), Some((10, 14)));
        let re = regex::Regex::new(&format!("^{}:", bare_pattern("Số"))).unwrap();
        assert!(marks_dropped('ơ', 'ở') && marks_dropped('o', 'ở') && marks_dropped('ỏ', 'ở'));
        assert!(!marks_dropped('ố', 'ở') && !marks_dropped('O', 'ở') && !marks_dropped('ó', 'ở'));
        assert!(starts_with_marks_dropped("phong tu phap", "phòng"));
        assert!(!starts_with_marks_dropped("phongtu", "phòng") && !starts_with_marks_dropped("số 12", "sở"));
        assert!(re.is_match("Số:") && re.is_match("So:") && re.is_match("Sô:") && !re.is_match("Sa:"));
    }
}
