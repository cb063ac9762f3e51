//! Whether a text is in Unicode NFC, cheaply for the text kehoach reads.

/// The ranges of Latin and Vietnamese letters and of common punctuation in
/// which every character is NFC "Yes" with combining class 0: Latin below
/// the combining marks (U+0000–U+02FF), Latin Extended Additional (every
/// Vietnamese letter with its tone, U+1E00–U+1EFF) and the dashes, quotes
/// and bullets of U+2010–U+2027 (a test checks each character).
const NFC_STABLE: [(char, char); 3] = [('\0', '\u{2FF}'), ('\u{1E00}', '\u{1EFF}'), ('\u{2010}', '\u{2027}')];

/// `text` is in NFC for certain: what `unicode_normalization::is_nfc_quick`
/// answers `Yes` for. [`NFC_STABLE`] characters, nearly every character of
/// a Vietnamese plan, are passed without the quick check's table look-ups;
/// from the first other character on, the quick check runs (its state after
/// characters of combining class 0 is its starting state, so the answer is
/// the whole text's).
pub fn is_nfc(text: &str) -> bool {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    match text.char_indices().find(|&(_, c)| !NFC_STABLE.iter().any(|&(lo, hi)| lo <= c && c <= hi)) {
        None => true,
        Some((at, _)) => is_nfc_quick(text[at..].chars()) == IsNormalized::Yes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character of the fast NFC path is NFC "Yes" with combining
    /// class 0, so a text of them alone is what the quick check calls NFC.
    #[test]
    fn the_nfc_stable_ranges_are_stable() {
        use unicode_normalization::{char::canonical_combining_class, is_nfc_quick, IsNormalized};
        for &(lo, hi) in &NFC_STABLE {
            for c in lo..=hi {
                assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
                assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            }
        }
        let cases = [
            "Việt Nam – “kế hoạch”…",
            "Vie\u{0302}\u{0323}t",
            "\u{1EA0}\u{0300}",
            "Å",
            "\u{212B}",
            "a\u{0323}\u{0302}",
        ];
        let more =
            ["x \u{2192} e\u{0302}\u{0301}", "e\u{0301}\u{0302}\u{0323}", "\u{0300}", "€ \u{1EA0}\u{0323}", "ế ✓ ế"];
        let seeds: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seeds"))
            .expect("seeds")
            .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("UTF-8 seed"))
            .collect();
        let lines = seeds.iter().flat_map(|s| std::iter::once(s.as_str()).chain(s.lines()));
        for text in cases.into_iter().chain(more).chain(lines) {
            assert_eq!(is_nfc(text), is_nfc_quick(text.chars()) == IsNormalized::Yes, "{text:?}");
        }
    }
}
