//! Unicode character classes exactly as the regex crate reads them, for the
//! small scanners that stand for regexes too costly to compile at start-up
//! (the place-and-date line, references, triage's deadline words and number
//! code, group titles; `kehoach-normalize`'s years).
//!
//! Compiling a regex with a Unicode class builds its UTF-8 automaton
//! (forwards and backwards, each with a fresh 400 KB map); looking a
//! character up in the class's ranges costs nothing to set up. The ranges
//! come from `regex-syntax`, the regex crate's own parser, so `\s`, `\w`
//! and `\p{L}` mean here what they meant in the regexes.

use regex_syntax::hir::{Class as HirClass, HirKind};
use std::sync::LazyLock;

/// The ranges of one Unicode character class.
pub struct Class(Vec<(char, char)>);

impl Class {
    /// The class a one-class pattern (`\s`, `[\w\-]`) stands for.
    pub fn new(pattern: &str) -> Class {
        match regex_syntax::parse(pattern).expect("valid class").into_kind() {
            HirKind::Class(HirClass::Unicode(class)) => {
                Class(class.ranges().iter().map(|r| (r.start(), r.end())).collect())
            }
            other => panic!("{pattern} is not a Unicode class: {other:?}"),
        }
    }

    /// Whether `c` is in the class.
    pub fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            // Most text is ASCII: a linear look at the few ASCII ranges.
            return self.0.iter().take_while(|&&(lo, _)| lo <= c).any(|&(_, hi)| c <= hi);
        }
        self.0
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

/// `\s`: Unicode white space.
pub static SPACE: LazyLock<Class> = LazyLock::new(|| Class::new(r"\s"));
/// `\p{L}`: a letter.
pub static LETTER: LazyLock<Class> = LazyLock::new(|| Class::new(r"\p{L}"));
/// `\w`: a Unicode word character (what `\b` looks at).
pub static WORD: LazyLock<Class> = LazyLock::new(|| Class::new(r"\w"));

/// `text` after its leading `\s*`.
pub fn skip_space(text: &str) -> &str {
    text.trim_start_matches(|c| SPACE.contains(c))
}

/// Where `\s*` starting at `at` ends.
pub fn space_end(text: &str, at: usize) -> usize {
    text.len() - skip_space(&text[at..]).len()
}

/// Whether `\b` holds at byte `at` of `text`: a word character on exactly
/// one side.
pub fn word_boundary(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back().is_some_and(|c| WORD.contains(c));
    let after = text[at..].chars().next().is_some_and(|c| WORD.contains(c));
    before != after
}

/// The number of ASCII digits at the start of `text`.
pub fn digits(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_digit).count()
}

/// Where the first ASCII digit of `bytes` is: `position(u8::is_ascii_digit)`
/// eight bytes at a time. A byte `b` is a digit when `b ^ 0x30` is below
/// 10: its high bit clear, and still clear after adding 0x76 to its low
/// seven bits (which no carry leaves).
pub fn next_digit(bytes: &[u8]) -> Option<usize> {
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let t = u64::from_le_bytes(chunk.try_into().expect("eight bytes")) ^ 0x3030_3030_3030_3030;
        let digits = !(((t & LOW) + 0x7676_7676_7676_7676) | t) & HIGH;
        if digits != 0 {
            return Some(at + digits.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    bytes[at..].iter().position(u8::is_ascii_digit).map(|i| at + i)
}

/// Whether a year starts at byte `at`: `(?:19|20)[0-9]{2}`.
pub fn year_at(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    digits(rest) >= 4 && (rest.starts_with("19") || rest.starts_with("20"))
}

/// Where the matches of `\b((?:19|20)[0-9]{2})\b` start, left to right
/// (a year standing alone; compiled, that regex costs ~1.2 M instructions).
/// A match never starts inside another: no `\b` lies between digits.
pub fn years(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.char_indices()
        .filter(move |&(i, c)| {
            c.is_ascii_digit() && word_boundary(text, i) && year_at(text, i) && word_boundary(text, i + 4)
        })
        .map(|(i, _)| i)
}

/// The first year named by "năm" (any case): `(?i)năm\s+((?:19|20)[0-9]{2})\b`,
/// with `\b` before "năm" too when `whole_word`. A scanner: the regex cost
/// ~0.6 M instructions to compile.
pub fn year_after_nam(text: &str, whole_word: bool) -> Option<&str> {
    let is = |c: Option<char>, lower: char, upper: char| c == Some(lower) || c == Some(upper);
    text.char_indices().find_map(|(at, _)| {
        let mut chars = text[at..].chars();
        let nam = is(chars.next(), 'n', 'N') && is(chars.next(), 'ă', 'Ă') && is(chars.next(), 'm', 'M');
        if !nam || whole_word && !word_boundary(text, at) {
            return None;
        }
        let after = at + "năm".len();
        let year = space_end(text, after);
        (year > after && year_at(text, year) && word_boundary(text, year + 4)).then(|| &text[year..year + 4])
    })
}

/// Whether `c` matches the class that `(?i)` and
/// [`kehoach_vi::fold::bare_pattern`] make of the letter `letter`: the
/// letter with any marks (or none), in either case. Exact for the letters
/// of the parser's words (a test checks every character against the
/// regex); not for `k` and `s`, whose case folds hold other characters.
pub fn bare_either_case(c: char, letter: char) -> bool {
    let (c, letter) = (kehoach_vi::fold::bare(c), kehoach_vi::fold::bare(letter));
    c == letter || c.is_ascii() && c.eq_ignore_ascii_case(&letter)
}

/// Whether `c` matches the class [`kehoach_vi::fold::bare_pattern`] makes
/// of the letter `letter` (without `(?i)`): the letter with any marks (or
/// none), its case kept.
pub fn bare_same(c: char, letter: char) -> bool {
    kehoach_vi::fold::bare(c) == kehoach_vi::fold::bare(letter)
}

/// The end of `word` at byte `at` of `text`, each of its letters matched as
/// the word's `bare_pattern` matches it: [`bare_either_case`] when
/// `either_case` (the pattern under `(?i)`), else [`bare_same`].
pub fn bare_word_end(text: &str, at: usize, word: &str, either_case: bool) -> Option<usize> {
    let same = if either_case { bare_either_case } else { bare_same };
    let mut chars = text[at..].char_indices();
    for w in word.chars() {
        let (_, c) = chars.next()?;
        if !same(c, w) {
            return None;
        }
    }
    Some(chars.next().map_or(text.len(), |(i, _)| at + i))
}

/// `c.is_numeric()`, answered without Unicode's tables for the characters
/// of Vietnamese text (ASCII, Latin up to U+02FF, U+1E00–U+1EFF), where
/// the standard library searches them for every non-ASCII letter (a test
/// checks every character).
pub fn is_numeric(c: char) -> bool {
    match c {
        '0'..='9' => true,
        '\0'..='\u{7F}' | '\u{1E00}'..='\u{1EFF}' => false,
        '\u{80}'..='\u{2FF}' => matches!(c, '\u{B2}' | '\u{B3}' | '\u{B9}' | '\u{BC}'..='\u{BE}'),
        _ => c.is_numeric(),
    }
}

/// `c.is_alphanumeric()`, likewise: every character of U+00C0–U+02AF but
/// `×` and `÷`, and of U+1E00–U+1EFF, is a letter.
pub fn is_alphanumeric(c: char) -> bool {
    match c {
        '\0'..='\u{7F}' => c.is_ascii_alphanumeric(),
        '\u{C0}'..='\u{2AF}' => c != '\u{D7}' && c != '\u{F7}',
        '\u{1E00}'..='\u{1EFF}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// `c.is_alphabetic()`, likewise.
pub fn is_alphabetic(c: char) -> bool {
    match c {
        '\0'..='\u{7F}' => c.is_ascii_alphabetic(),
        '\u{C0}'..='\u{2AF}' => c != '\u{D7}' && c != '\u{F7}',
        '\u{1E00}'..='\u{1EFF}' => true,
        _ => c.is_alphabetic(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn next_digit_finds_what_position_finds() {
        // Every byte value at every place of a 19-byte window, among
        // digits' neighbours ('/', ':') and Vietnamese letters' bytes.
        for b in 0..=255u8 {
            for at in 0..19 {
                for fill in [b'a', b'/', b':', 0xE1, 0xBA] {
                    let mut bytes = [fill; 19];
                    bytes[at] = b;
                    assert_eq!(next_digit(&bytes), bytes.iter().position(u8::is_ascii_digit), "{b} at {at}");
                    assert_eq!(next_digit(&bytes[at..]), bytes[at..].iter().position(u8::is_ascii_digit));
                }
            }
        }
        assert_eq!(next_digit(b""), None);
    }

    /// The quick character tests answer as the standard library's, for
    /// every character.
    #[test]
    fn quick_character_tests_agree_with_the_standard_library() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_numeric(c), c.is_numeric(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    /// [`bare_either_case`] is the class `(?i)` and `bare_pattern` make of
    /// each letter of the parser's words, for every character.
    #[test]
    fn bare_letters_agree_with_their_regex_classes() {
        for letter in "giờphútnămađoạnừưSốyeêkhcv".chars().filter(|c| !matches!(c, 'k' | 's' | 'S')) {
            let class = Regex::new(&format!("(?i)^{}$", kehoach_vi::fold::bare_pattern(&letter.to_string())))
                .expect("valid regex");
            for c in (0..=0x10FFFF).filter_map(char::from_u32) {
                assert_eq!(bare_either_case(c, letter), class.is_match(c.encode_utf8(&mut [0; 4])), "{letter} {c:?}");
            }
        }
        for letter in "Số".chars() {
            let class =
                Regex::new(&format!("^{}$", kehoach_vi::fold::bare_pattern(&letter.to_string()))).expect("valid regex");
            for c in (0..=0x10FFFF).filter_map(char::from_u32) {
                assert_eq!(bare_same(c, letter), class.is_match(c.encode_utf8(&mut [0; 4])), "{letter} {c:?}");
            }
        }
        assert_eq!(bare_word_end("x Giai ĐOẠN 2", 2, "giai đoạn", true), Some(14));
        assert_eq!(bare_word_end("x Giai ĐOẠN 2", 2, "giai đoạn", false), None);
        assert_eq!(bare_word_end("giai doa", 0, "giai đoạn", true), None);
    }

    /// Years at the edges of `\b` (Unicode digits and letters around them).
    pub(crate) const YEAR_CASES: [&str; 13] = [
        "2026",
        "x2026",
        "2026x",
        "20266",
        "12026",
        "1999-2000",
        "2100",
        "٣2020",
        "2020٣",
        "é2020",
        "2020é",
        " 1900,",
        "",
    ];

    #[test]
    fn the_nam_year_scanner_agrees_with_the_regexes() {
        let loose = Regex::new(r"(?i)năm\s+((?:19|20)[0-9]{2})\b").expect("valid regex");
        let whole = Regex::new(r"(?i)\bnăm\s+((?:19|20)[0-9]{2})\b").expect("valid regex");
        let cases = [
            "Kế hoạch NĂM 2024",
            "Năm\u{a0}2025x năm 2026",
            "trongnăm 2024 năm 20245 năm 2024",
            "NĂm  1999.",
            "nĂm 2100 năm 1899 năm 2000",
            "Thời gian (Năm 2026)",
            "năm",
            "",
        ];
        let seeds = seed_texts();
        let mut found = 0;
        for text in cases.into_iter().chain(lines_and_cells(&seeds)) {
            let expect = |re: &Regex| re.captures(text).map(|c| c.get(1).expect("year").as_str());
            assert_eq!(year_after_nam(text, false), expect(&loose), "{text:?}");
            assert_eq!(year_after_nam(text, true), expect(&whole), "{text:?}");
            found += usize::from(expect(&loose).is_some());
        }
        assert!(found > 10, "{found}");
    }

    #[test]
    fn the_year_scanner_agrees_with_the_regex() {
        let re = Regex::new(r"\b((?:19|20)[0-9]{2})\b").expect("valid regex");
        let cases = YEAR_CASES;
        let seeds = seed_texts();
        for text in cases.into_iter().chain(seeds.iter().flat_map(|s| s.lines())) {
            let expected: Vec<usize> = re.find_iter(text).map(|m| m.start()).collect();
            assert_eq!(years(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    /// The text of every seed, for comparing a scanner with its regex.
    /// Every line of the seeds, and every tab-separated cell of each line.
    pub(crate) fn lines_and_cells(seeds: &[String]) -> impl Iterator<Item = &str> {
        seeds.iter().flat_map(|s| s.lines().flat_map(|l| std::iter::once(l).chain(l.split('\t'))))
    }

    pub(crate) fn seed_texts() -> Vec<String> {
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seeds"))
            .expect("seeds")
            .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("UTF-8 seed"))
            .collect()
    }
}
