//! The folds kehoach compares Vietnamese text by. They differ on purpose,
//! so each has its own name:
//!
//! | fold | marks | case | other characters | used for |
//! |---|---|---|---|---|
//! | [`search_key`] | removed, đ → d | lower | runs of non-letters/digits → one space | header synonyms, table triage, outline words (parser) |
//! | [`comparable`] | kept (NFC) | lower | "quí" → "quý", dashes unified, spaces collapsed | readings of deadlines, agencies, figures (normaliser) |
//! | [`strip_marks`] | removed, đ → d | kept | kept | agency names without marks (normaliser) |
//! | [`letters`] | removed, đ → d | lower | kept, marks dropped | the lexicon's letter key of one word (repair) |

use unicode_normalization::UnicodeNormalization;

fn combining(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// Lower-cases, removes diacritics (`đ` → `d`) and turns everything that is
/// not a letter or digit into single spaces, trimmed ("3- Hoạt động" →
/// "3 hoat dong").
pub fn search_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    let mut push = |c: char, out: &mut String| {
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
            'đ' | 'Đ' | 'Ð' => push('d', &mut out),
            c if c.is_ascii() => push(c, &mut out),
            // Decompose only non-ASCII letters, keeping the base letter.
            c => std::iter::once(c).nfd().filter(|d| !combining(*d)).for_each(|d| push(d, &mut out)),
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Lower case, NFC, "quí" → "quý", en and em dashes → "-", runs of white
/// space → one space, trimmed.
pub fn comparable(text: &str) -> String {
    let lower: String = text.nfc().collect::<String>().to_lowercase();
    let lower = lower.replace("quí", "quý").replace(['–', '—'], "-");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Without diacritics, case kept ("Bổ trợ" → "Bo tro"); đ → d, Đ → D.
pub fn strip_marks(text: &str) -> String {
    text.nfd()
        .filter(|c| !combining(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
