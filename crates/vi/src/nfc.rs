//! Whether a text is in Unicode NFC, cheaply for the text kehoach reads.

/// `text` is in NFC for certain: what `unicode_normalization::is_nfc_quick`
/// answers `Yes` for. Latin below the combining marks (U+0000–U+02FF),
/// Latin Extended Additional (every Vietnamese letter with its tone,
/// U+1E00–U+1EFF) and the dashes, quotes and bullets of U+2010–U+2027 —
/// nearly every character of a Vietnamese plan, each NFC "Yes" with
/// combining class 0 (a test checks each) — are passed by their UTF-8
/// bytes without the quick check's table look-ups. A run of other
/// characters goes through the quick check alone: its state after a
/// character of combining class 0 is its starting state, so the text is
/// "Yes" exactly when every such run is, and one Cyrillic or CJK word does
/// not send the rest of the text down the slow path.
pub fn is_nfc(text: &str) -> bool {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    let mut rest = text;
    loop {
        let at = stable_prefix(rest.as_bytes());
        if at == rest.len() {
            return true;
        }
        rest = &rest[at..];
        let end = rest.char_indices().find(|&(_, c)| stable(c)).map_or(rest.len(), |(i, _)| i);
        if is_nfc_quick(rest[..end].chars()) != IsNormalized::Yes {
            return false;
        }
        rest = &rest[end..];
    }
}

/// One of the characters [`stable_prefix`] passes.
fn stable(c: char) -> bool {
    matches!(c, '\0'..='\u{2FF}' | '\u{1E00}'..='\u{1EFF}' | '\u{2010}'..='\u{2027}')
}

/// The length of the longest prefix of UTF-8 `bytes` made of
/// those characters: ASCII, lead bytes C2–CB (U+0080–U+02FF),
/// E1 B8–BB (U+1E00–U+1EFF) and E2 80 90–A7 (U+2010–U+2027).
///
/// Each character's length comes from its first byte by a table and the
/// three-byte ranges are tested by arithmetic, so the loop has one branch
/// that is nearly always taken the same way: Vietnamese text mixes one-,
/// two- and three-byte characters every few bytes, and a branch on each
/// kind was mispredicted once every ~50 bytes. Before each character the
/// ASCII bytes among the next eight are passed at once (counted from the
/// first byte with its high bit set, none: all eight), again without a
/// branch: a Vietnamese word has a letter with marks every few bytes, but
/// the spaces and plain letters between them are most of the text.
fn stable_prefix(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            i += (word & 0x8080_8080_8080_8080).trailing_zeros() as usize / 8;
            if i == bytes.len() {
                break;
            }
        }
        let first = bytes[i];
        let second = bytes.get(i + 1).copied().unwrap_or(0);
        let third = bytes.get(i + 2).copied().unwrap_or(0);
        let three = (first == 0xE1) & second.wrapping_sub(0xB8).lt(&4)
            | (first == 0xE2) & (second == 0x80) & third.wrapping_sub(0x90).lt(&0x18);
        let n = LENGTH[usize::from(first)];
        let len = usize::from(n) * usize::from((n != 3) | three);
        if len == 0 {
            break;
        }
        i += len;
    }
    i
}

/// By a character's first byte: 1 for ASCII, 2 for C2–CB, 3 for E1 and
/// E2 (if the bytes after it are in range), 0 for anything else.
const LENGTH: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b {
            0x00..=0x7F => 1,
            0xC2..=0xCB => 2,
            0xE1 | 0xE2 => 3,
            _ => 0,
        };
        b += 1;
    }
    table
};

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
            // Between ASCII, at every offset of the eight-byte step.
            for before in 0..9 {
                let text = format!("{}{c}{}", &"abcdefghi"[..before], "abcdefghi");
                let expected = if stable { text.len() } else { before };
                assert_eq!(stable_prefix(text.as_bytes()), expected, "{c:?} after {before}");
            }
            assert_eq!(super::stable(c), stable, "{c:?}");
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

    /// Runs of other characters checked one by one give the quick check's
    /// answer for the whole text: generated texts mixing Vietnamese letters,
    /// Cyrillic, Hangul jamo and syllables, combining marks in and out of
    /// order, CJK compatibility ideographs (NFC "No") and ASCII.
    #[test]
    fn runs_checked_alone_agree_with_the_whole_text() {
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let alphabet = [
            "a", " ", "ế", "Đ", "–", "т", "о", "п", "\u{0301}", "\u{0323}", "\u{0302}", "\u{1100}", "\u{1161}",
            "\u{11A8}", "\u{AC00}", "\u{F900}", "\u{212B}", "€", "✓", "\u{0340}", "e", "ω",
        ];
        let mut state = 0x2545_f491_u32;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as usize
        };
        let (mut yes, mut not) = (0, 0);
        for _ in 0..50_000 {
            let len = 1 + next() % 12;
            let text: String = (0..len).map(|_| alphabet[next() % alphabet.len()]).collect();
            let whole = is_nfc_quick(text.chars()) == IsNormalized::Yes;
            assert_eq!(is_nfc(&text), whole, "{text:?}");
            if whole {
                yes += 1
            } else {
                not += 1
            }
        }
        assert!(yes > 1000 && not > 1000, "{yes} {not}");
        assert!(is_nfc("Nằm trong топ 06 của tỉnh"));
        assert!(!is_nfc("топ e\u{0301}"));
        assert!(!is_nfc("топ\u{0301} ế"));
    }
}
