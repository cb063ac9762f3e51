//! Whether a text is in Unicode NFC, cheaply for the text kehoach reads.

/// `text` is in NFC for certain: what `unicode_normalization::is_nfc_quick`
/// answers `Yes` for. Latin below the combining marks (U+0000–U+02FF),
/// Latin Extended Additional (every Vietnamese letter with its tone,
/// U+1E00–U+1EFF) and the dashes, quotes and bullets of U+2010–U+2027 —
/// nearly every character of a Vietnamese plan, each NFC "Yes" with
/// combining class 0 (a test checks each) — are passed by their UTF-8
/// bytes without the quick check's table
/// look-ups; from the first other character on, the quick check runs (its
/// state after characters of combining class 0 is its starting state, so
/// the answer is the whole text's).
pub fn is_nfc(text: &str) -> bool {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    let at = stable_prefix(text.as_bytes());
    at == text.len() || is_nfc_quick(text[at..].chars()) == IsNormalized::Yes
}

/// The length of the longest prefix of UTF-8 `bytes` made of
/// those characters: ASCII, lead bytes C2–CB (U+0080–U+02FF),
/// E1 B8–BB (U+1E00–U+1EFF) and E2 80 90–A7 (U+2010–U+2027).
fn stable_prefix(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        let second = bytes.get(i + 1).copied().unwrap_or(0);
        let third = bytes.get(i + 2).copied().unwrap_or(0);
        i += match bytes[i] {
            0xC2..=0xCB => 2,
            0xE1 if (0xB8..=0xBB).contains(&second) => 3,
            0xE2 if second == 0x80 && (0x90..=0xA7).contains(&third) => 3,
            _ => break,
        };
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ranges of Latin and Vietnamese letters and of common punctuation in
    /// which every character is NFC "Yes" with combining class 0: Latin below
    /// the combining marks (U+0000–U+02FF), Latin Extended Additional (every
    /// Vietnamese letter with its tone, U+1E00–U+1EFF) and the dashes, quotes
    /// and bullets of U+2010–U+2027 (a test checks each character).
    const NFC_STABLE: [(char, char); 3] = [('\0', '\u{2FF}'), ('\u{1E00}', '\u{1EFF}'), ('\u{2010}', '\u{2027}')];

    /// Every character of the fast NFC path is NFC "Yes" with combining
    /// class 0, so a text of them alone is what the quick check calls NFC.
    /// The byte test passes exactly the characters of [`NFC_STABLE`].
    #[test]
    fn the_byte_test_passes_the_stable_characters() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let stable = NFC_STABLE.iter().any(|&(lo, hi)| lo <= c && c <= hi);
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(stable_prefix(bytes) == bytes.len(), stable, "{c:?}");
        }
    }

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
            // The bytes passed are a prefix of the characters the old
            // per-character test passed.
            let chars = text.char_indices().find(|&(_, c)| !NFC_STABLE.iter().any(|&(lo, hi)| lo <= c && c <= hi));
            assert_eq!(stable_prefix(text.as_bytes()), chars.map_or(text.len(), |(at, _)| at), "{text:?}");
            assert_eq!(is_nfc(text), is_nfc_quick(text.chars()) == IsNormalized::Yes, "{text:?}");
        }
    }
}
