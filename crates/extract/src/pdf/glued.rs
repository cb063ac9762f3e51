//! Spaces OCR drops inside one of its words: Tesseract reads the narrow
//! gap between two syllables, or after a comma or an item number, as no
//! gap at all ("Banhành", "XD,KT", "3.21.Ban"). Vietnamese is written one
//! syllable a word, so a word that is no syllable but is, letter for
//! letter, a run of syllables the corpus lexicon knows next to each other
//! was glued by OCR; it is split where the lexicon's pair counts say.

use kehoach_vi::diacritics::{normal, BUILTIN};
use kehoach_vi::vietnamese::is_syllable;

/// Times the corpus must have counted each syllable of a split, and each
/// pair of neighbouring syllables: a split into rare words is a guess.
const MIN_SYLLABLE_COUNT: u32 = 20;
const MIN_PAIR_COUNT: u32 = 2;
/// Longest glued run split: three syllables ("VănphòngSở").
const MAX_SYLLABLES: usize = 3;

/// The OCR word with the spaces OCR dropped put back: after a comma or
/// semicolon between letters, after an item number stuck to a letter, and
/// between glued syllables.
pub(super) fn unglue(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        let between_letters =
            i > 0 && chars[i - 1].is_alphabetic() && chars.get(i + 1).is_some_and(|c| c.is_alphabetic());
        if matches!(c, ',' | ';') && between_letters {
            out.push(' ');
        }
    }
    let numbered = number_prefix(&out).map(|n| (out[..n].to_string(), out[n..].to_string()));
    let (prefix, rest) = numbered.unwrap_or((String::new(), out));
    let split: Vec<String> = rest.split(' ').map(split_syllables).collect();
    let rest = split.join(" ");
    if prefix.is_empty() {
        rest
    } else {
        format!("{prefix} {rest}")
    }
}

/// The length of an item number ("3.21.") that a letter follows with no
/// space: digits and dots, ending with a dot, two parts or more.
fn number_prefix(word: &str) -> Option<usize> {
    let end = word.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let number = &word[..end];
    let letter_follows = word[end..].chars().next().is_some_and(char::is_alphabetic);
    let parts = number.trim_end_matches('.').split('.').collect::<Vec<_>>();
    let well_formed = number.ends_with('.')
        && parts.len() >= 2
        && parts.iter().all(|p| (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()));
    (letter_follows && well_formed).then_some(end)
}

/// A word of letters (with punctuation around it) split into the
/// syllables OCR glued, when it is no syllable and no word of the lexicon
/// but splits into syllables the lexicon knows side by side; else as it is.
fn split_syllables(word: &str) -> String {
    let start = word.find(char::is_alphabetic).unwrap_or(word.len());
    let end = word.rfind(char::is_alphabetic).map_or(start, |i| i + word[i..].chars().next().map_or(0, char::len_utf8));
    let core = &word[start..end];
    let letters: Vec<(usize, char)> = core.char_indices().collect();
    let vietnamese = !core.is_ascii();
    if letters.len() < 4
        || !vietnamese
        || !core.chars().all(char::is_alphabetic)
        || is_syllable(core)
        || BUILTIN.count(&normal(core)) > 0
    {
        return word.to_string();
    }
    match best_split(core) {
        Some(pieces) => format!("{}{}{}", &word[..start], pieces.join(" "), &word[end..]),
        None => word.to_string(),
    }
}

/// The split of `core` into 2 to `MAX_SYLLABLES` known syllables whose
/// neighbours the corpus has seen together, the fewest pieces first, then
/// the one whose rarest pair is the most common.
fn best_split(core: &str) -> Option<Vec<&str>> {
    let cuts: Vec<usize> = core.char_indices().map(|(i, _)| i).skip(1).collect();
    let known = |piece: &str| is_syllable(piece) && BUILTIN.count(&normal(piece)) >= MIN_SYLLABLE_COUNT;
    let pair = |a: &str, b: &str| BUILTIN.pair_count(&normal(a), &normal(b));
    let mut best: Option<(usize, u32, Vec<&str>)> = None;
    for pieces in 2..=MAX_SYLLABLES {
        for positions in combinations(&cuts, pieces - 1) {
            let mut bounds = vec![0];
            bounds.extend(positions);
            bounds.push(core.len());
            let split: Vec<&str> = bounds.windows(2).map(|w| &core[w[0]..w[1]]).collect();
            if !split.iter().all(|p| known(p)) {
                continue;
            }
            let rarest = split.windows(2).map(|w| pair(w[0], w[1])).min().unwrap_or(0);
            if rarest >= MIN_PAIR_COUNT && best.as_ref().is_none_or(|(n, r, _)| *n == pieces && rarest > *r) {
                best = Some((pieces, rarest, split));
            }
        }
        if best.is_some() {
            break;
        }
    }
    best.map(|(_, _, split)| split)
}

/// The ways to choose `k` of `items`, in order.
fn combinations(items: &[usize], k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for (i, &first) in items.iter().enumerate() {
        for mut rest in combinations(&items[i + 1..], k - 1) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::unglue;

    #[test]
    fn spaces_ocr_dropped_are_put_back() {
        for (ocr, meant) in [
            ("Banhành", "Ban hành"),
            ("Thựchiện", "Thực hiện"),
            ("tụcrà", "tục rà"),
            ("VănphòngSở", "Văn phòng Sở"),
            ("(cơsở),", "(cơ sở),"),
            ("XD,KT", "XD, KT"),
            ("UBND,HĐND", "UBND, HĐND"),
            ("3.21.Banhành", "3.21. Ban hành"),
        ] {
            assert_eq!(unglue(ocr), meant, "{ocr}");
        }
        // Syllables, lexicon words, acronyms, numbers and foreign words stay.
        for word in ["hành", "nghiêng", "QPPL", "TTHC,", "1,5", "3.21.", "2.1", "online", "Zalo", "1.Ban"] {
            assert_eq!(unglue(word), word);
        }
    }
}
