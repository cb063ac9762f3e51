//! Repairs of broken Vietnamese diacritics and split words, decided by the
//! syllable validator and a lexicon of syllables and syllable pairs
//! counted in clean plan text (`data/lexicon.tsv`, made by `cargo run -p
//! kehoach-extract --example lexicon`).
//!
//! - A word that is no valid syllable ("Muc", "kip", "đat", "Luru" — OCR's
//!   "ru" for "ư") is replaced by the lexicon syllable with the same letters
//!   that forms the most frequent pair with its neighbours; with no such
//!   evidence it is left alone and flagged (`suspect-word`).
//! - Valid syllables wrong in context: a run of words with the letters of
//!   an official term (`data/terms.txt`) takes the term's marks ("KÉ
//!   HOẠCH", "Phòng Bộ trợ tư pháp", "Công DVC"); "phần đầu"/"phân đấu" at
//!   the start of a text or before a figure or "đạt" is "phấn đấu". A pair
//!   never seen in the lexicon while a pair with the same letters is
//!   frequent ("cấp tính" for "cấp tỉnh") is flagged with the suggestion,
//!   not changed.
//! - A word split by a space ("Thườn g", "xu yên") is joined when the
//!   joined word is a known syllable and a part is no word of its own.

use crate::vietnamese::{has_vowel, is_syllable, place_tone, ToneStyle};
use std::collections::HashMap;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// Syllable and syllable-pair counts from clean text (lower case, NFC).
#[derive(Debug, Default)]
pub struct Lexicon {
    unigrams: HashMap<String, u32>,
    bigrams: HashMap<(String, String), u32>,
    /// Letters without marks → the syllables spelled with them.
    by_key: HashMap<String, Vec<String>>,
    /// Official terms (`data/terms.txt`): the letters of the phrase → its
    /// spelling, one entry per syllable count.
    terms: HashMap<String, Vec<String>>,
}

/// The lexicon shipped with kehoach.
pub static BUILTIN: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lexicon = Lexicon::parse(include_str!("../data/lexicon.tsv"));
    lexicon.add_terms(include_str!("../data/terms.txt"));
    lexicon
});

/// The letters of a word without any mark, lower case ("Mục" → "muc",
/// "Đồng" → "dong").
pub fn key(word: &str) -> String {
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// A word as the lexicon keeps it: lower case, NFC, tone placed in the old
/// style ("hòa"), so that "hoà" and "hòa" are one word.
fn normal(word: &str) -> String {
    let lower: String = word.nfc().flat_map(char::to_lowercase).collect();
    place_tone(&lower, ToneStyle::Old)
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic() && !unicode_normalization::char::is_combining_mark(c))
        .filter(|w| !w.is_empty())
        .map(normal)
        .collect()
}

impl Lexicon {
    /// Counts the valid syllables and pairs of valid syllables of `texts`
    /// (pairs within one line only).
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for text in texts {
            for line in text.lines() {
                let words: Vec<String> = words_of(line);
                for w in &words {
                    if is_syllable(w) {
                        *lexicon.unigrams.entry(w.clone()).or_default() += 1;
                    }
                }
                for pair in words.windows(2) {
                    if is_syllable(&pair[0]) && is_syllable(&pair[1]) {
                        *lexicon.bigrams.entry((pair[0].clone(), pair[1].clone())).or_default() += 1;
                    }
                }
            }
        }
        lexicon.index();
        lexicon
    }

    /// Reads the `lexicon.tsv` format: `1\tword\tcount` and
    /// `2\tword\tword\tcount` lines.
    pub fn parse(tsv: &str) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for line in tsv.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            match f.as_slice() {
                ["1", w, n] => {
                    lexicon.unigrams.insert(w.to_string(), n.parse().unwrap_or(0));
                }
                ["2", a, b, n] => {
                    lexicon.bigrams.insert((a.to_string(), b.to_string()), n.parse().unwrap_or(0));
                }
                _ => {}
            }
        }
        lexicon.index();
        lexicon
    }

    /// The `lexicon.tsv` text, sorted (deterministic).
    pub fn to_tsv(&self) -> String {
        let mut lines: Vec<String> = self.unigrams.iter().map(|(w, n)| format!("1\t{w}\t{n}")).collect();
        lines.extend(self.bigrams.iter().map(|((a, b), n)| format!("2\t{a}\t{b}\t{n}")));
        lines.sort();
        lines.join("\n") + "\n"
    }

    /// Adds official terms, one phrase per line (`#` starts a comment):
    /// a run of words with a term's letters takes the term's spelling.
    pub fn add_terms(&mut self, lines: &str) {
        for line in lines.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let words = words_of(line);
            if words.len() >= 2 {
                let letters: Vec<String> = words.iter().map(|w| key(w)).collect();
                self.terms.insert(letters.join(" "), words);
            }
        }
    }

    fn index(&mut self) {
        self.by_key.clear();
        for w in self.unigrams.keys() {
            self.by_key.entry(key(w)).or_default().push(w.clone());
        }
        for list in self.by_key.values_mut() {
            list.sort();
        }
    }

    fn unigram(&self, w: &str) -> u32 {
        self.unigrams.get(w).copied().unwrap_or(0)
    }

    fn bigram(&self, a: &str, b: &str) -> u32 {
        self.bigrams.get(&(a.to_string(), b.to_string())).copied().unwrap_or(0)
    }

    fn spelled(&self, key: &str) -> &[String] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }
}

/// (kind, original, replacement, confidence) of one repair.
pub type Note = (&'static str, String, String, &'static str);

/// A word of the text: its byte range and its lower-case form.
struct Token {
    start: usize,
    end: usize,
    lower: String,
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let letter = c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c);
        match (letter, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Token { start: s, end: i, lower: normal(&text[s..i]) });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Token { start: s, end: text.len(), lower: normal(&text[s..]) });
    }
    out
}

/// `replacement` in the letter case of `original` (all capitals, first
/// capital, or lower case).
fn with_case(original: &str, replacement: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| !c.is_lowercase()) {
        replacement.to_uppercase()
    } else if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut chars = replacement.chars();
        chars.next().map(|f| f.to_uppercase().chain(chars).collect()).unwrap_or_default()
    } else {
        replacement.to_string()
    }
}

/// Abbreviations, foreign words and single letters are not repaired: no
/// vowel, ASCII capitals ("UBND", "PAPI"), ASCII words the lexicon does not
/// spell, one letter.
fn is_candidate(word: &str, lexicon: &Lexicon) -> bool {
    let vowel = has_vowel(word);
    let ascii_caps = word.is_ascii() && word.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
    let long_enough = word.chars().count() >= 2; // "ï" alone may be a damaged numeral
    vowel
        && long_enough
        && !ascii_caps
        && (!word.is_ascii() || !lexicon.spelled(&key(word)).is_empty() || word.contains("ru"))
}

/// Repairs the diacritics and split words of one text; `None` when nothing
/// was repaired. Flags (`suspect` notes) go with the repairs.
pub fn repair(text: &str, lexicon: &Lexicon) -> Option<(String, Vec<Note>)> {
    let toks = tokens(text);
    if toks.is_empty() {
        return None;
    }
    // Replacement lower-case words, by token index; joins remove a token.
    let mut new: Vec<Option<String>> = vec![None; toks.len()];
    let mut joined_into_previous = vec![false; toks.len()];
    let mut notes: Vec<Note> = Vec::new();
    let lower: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
    let neighbour_score = |i: usize, candidate: &str| -> u32 {
        let before = i.checked_sub(1).map_or(0, |p| lexicon.bigram(lower[p], candidate));
        let after = lower.get(i + 1).map_or(0, |n| lexicon.bigram(candidate, n));
        before + after
    };
    // 1. Split words: "thườn g", "xu yên".
    for i in 0..toks.len().saturating_sub(1) {
        let adjacent = text[toks[i].end..toks[i + 1].start] == *" ";
        if !adjacent || joined_into_previous[i] {
            continue;
        }
        let joined = format!("{}{}", lower[i], lower[i + 1]);
        let part_alone = |w: &str| !is_syllable(w) || (lexicon.unigram(w) == 0 && w.chars().count() <= 2);
        if is_syllable(&joined)
            && lexicon.unigram(&joined) >= 2
            && (part_alone(lower[i]) || part_alone(lower[i + 1]))
            && lexicon.bigram(lower[i], lower[i + 1]) == 0
        {
            new[i] = Some(joined);
            joined_into_previous[i + 1] = true;
        }
    }
    // 2. Invalid syllables.
    for i in 0..toks.len() {
        if new[i].is_some() || joined_into_previous[i] {
            continue;
        }
        let word = &text[toks[i].start..toks[i].end];
        if is_syllable(word) || !is_candidate(word, lexicon) {
            continue;
        }
        let mut keys = vec![key(word)];
        if keys[0].contains("ru") {
            keys.push(keys[0].replace("ru", "u")); // OCR reads "ư" as "ru"
        }
        let mut candidates: Vec<&String> = keys.iter().flat_map(|k| lexicon.spelled(k)).collect();
        candidates.sort();
        candidates.dedup();
        let best = candidates
            .iter()
            .map(|c| (neighbour_score(i, c), lexicon.unigram(c), *c))
            .max_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(b.2.cmp(a.2)));
        match best {
            Some((context, _, c)) if context > 0 => new[i] = Some(c.clone()),
            Some((_, count, c)) if candidates.len() == 1 && count >= 5 => {
                notes.push(("broken diacritics", word.to_string(), with_case(word, c), "medium"));
                new[i] = Some(c.clone());
                continue;
            }
            _ => {
                notes.push(("suspect word", word.to_string(), String::new(), "low"));
                continue;
            }
        }
        let replacement = with_case(word, new[i].as_deref().unwrap_or_default());
        notes.push(("broken diacritics", word.to_string(), replacement, "high"));
    }
    // 3. Official terms: a run of words with a term's letters and other
    //    marks ("Phòng Bộ trợ tư pháp", "Công DVC") takes the term's.
    let longest = lexicon.terms.values().map(Vec::len).max().unwrap_or(0);
    let mut i = 0;
    while i < toks.len() {
        let mut matched = 0;
        for n in (2..=longest.min(toks.len() - i)).rev() {
            let span = &toks[i..i + n];
            let spaced = span.windows(2).all(|w| text[w[0].end..w[1].start].trim().is_empty());
            let untouched = (i..i + n).all(|k| new[k].is_none() && !joined_into_previous[k]);
            if !spaced || !untouched {
                continue;
            }
            let letters: Vec<String> = span.iter().map(|t| key(&t.lower)).collect();
            let Some(term) = lexicon.terms.get(&letters.join(" ")) else { continue };
            if span.iter().zip(term).all(|(t, w)| t.lower == *w) {
                matched = n;
                break;
            }
            let original = text[span[0].start..span[n - 1].end].to_string();
            let mut fixed = Vec::new();
            for (k, (t, w)) in span.iter().zip(term).enumerate() {
                if t.lower != *w {
                    new[i + k] = Some(w.clone());
                }
                fixed.push(with_case(&text[t.start..t.end], w));
            }
            notes.push(("official term", original, fixed.join(" "), "high"));
            matched = n;
            break;
        }
        i += matched.max(1);
    }
    // 4. Valid syllables wrong in context: an unseen pair whose letters
    //    spell a frequent pair with other marks.
    for i in 0..toks.len().saturating_sub(1) {
        if new[i].is_some() || new[i + 1].is_some() || joined_into_previous[i] || joined_into_previous[i + 1] {
            continue;
        }
        let (a, b) = (lower[i], lower[i + 1]);
        if text[toks[i].end..toks[i + 1].start].trim() != "" || !is_syllable(a) || !is_syllable(b) {
            continue;
        }
        if key(a) == "phan" && key(b) == "dau" && (a, b) != ("phấn", "đấu") {
            // "phấn đấu" (to strive for) before a target figure or "đạt".
            // At the start of a text (a target cell), or before "đạt" or a
            // figure within the next five words.
            let rest = &text[toks[i + 1].end..];
            let next: Vec<&str> = rest.split_whitespace().take(5).collect();
            let at_start =
                text[..toks[i].start].trim().is_empty() && a.chars().next() != text[toks[i].start..].chars().next();
            let target = at_start
                || next.first().is_some_and(|w| key(w).starts_with("dat"))
                || next.iter().any(|w| w.contains('%') || w.starts_with(|c: char| c.is_ascii_digit()));
            if target {
                new[i] = Some("phấn".into());
                new[i + 1] = Some("đấu".into());
                let original =
                    format!("{} {}", &text[toks[i].start..toks[i].end], &text[toks[i + 1].start..toks[i + 1].end]);
                notes.push((
                    "wrong diacritics in context",
                    original.clone(),
                    with_case(&original, "phấn đấu"),
                    "medium",
                ));
            }
            continue;
        }
        // Only a pair never seen: counted pairs are trusted (a ratio rule
        // against frequent look-alike pairs changed correct text such as
        // "Sở tại" and "người dùng" on the seeds).
        if lexicon.bigram(a, b) > 0 {
            continue;
        }
        let mut best: Option<(u32, &String, &String)> = None;
        for ca in lexicon.spelled(&key(a)) {
            for cb in lexicon.spelled(&key(b)) {
                let n = lexicon.bigram(ca, cb);
                if n >= 3 && best.is_none_or(|(m, _, _)| n > m) {
                    best = Some((n, ca, cb));
                }
            }
        }
        // Flagged with the suggestion, not changed: on text from outside the
        // lexicon's plans this rule also fires on correct words ("ghi chú
        // trong hộp văn bản" is no "chú trọng").
        if let Some((_, ca, cb)) = best {
            let original =
                format!("{} {}", &text[toks[i].start..toks[i].end], &text[toks[i + 1].start..toks[i + 1].end]);
            let suggestion = format!(
                "{} {}",
                with_case(&text[toks[i].start..toks[i].end], ca),
                with_case(&text[toks[i + 1].start..toks[i + 1].end], cb)
            );
            notes.push(("suspect pair", original, suggestion, "low"));
        }
    }
    if new.iter().all(Option::is_none) {
        return (!notes.is_empty()).then(|| (text.to_string(), notes));
    }
    // Rebuild the text.
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (i, t) in toks.iter().enumerate() {
        if joined_into_previous[i] {
            continue;
        }
        out.push_str(&text[at..t.start]);
        match &new[i] {
            Some(w) => {
                let end = if joined_into_previous.get(i + 1) == Some(&true) { toks[i + 1].end } else { t.end };
                let original = &text[t.start..end];
                let replacement = with_case(original, w);
                if joined_into_previous.get(i + 1) == Some(&true) {
                    notes.push(("split word joined", original.to_string(), replacement.clone(), "high"));
                }
                out.push_str(&replacement);
                at = end;
            }
            None => {
                out.push_str(&text[t.start..t.end]);
                at = t.end;
            }
        }
    }
    out.push_str(&text[at..]);
    Some((out, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        let mut lexicon = Lexicon::from_texts([
            "Mục tiêu kế hoạch. Mục tiêu năm. Mục tiêu chung. Mục tiêu cụ thể. Mục tiêu",
            "kịp thời, kịp thời, kịp thời",
            "KẾ HOẠCH CẢI CÁCH; kế hoạch; kế hoạch; Kế hoạch",
            "ứng dụng công nghệ; ứng dụng; ứng dụng",
            "Phòng Bổ trợ tư pháp; Bổ trợ tư pháp; bổ trợ tư pháp",
            "lưu trữ; lưu trữ; Lưu trữ",
            "thường xuyên; thường xuyên",
            "đạt 100%; đạt; đạt; đạt; đạt",
        ]);
        lexicon.add_terms("# terms\nphòng bổ trợ tư pháp\ncổng dvc\nứng dụng\n");
        lexicon
    }

    #[test]
    fn official_terms_take_their_spelling() {
        assert_eq!(fixed("Phòng Bộ trợ tư pháp chủ trì"), "Phòng Bổ trợ tư pháp chủ trì");
        assert_eq!(fixed("trên Công DVC"), "trên Cổng DVC");
        assert_eq!(fixed("Úng dụng công nghệ"), "Ứng dụng công nghệ");
        assert_eq!(fixed("Bộ Tư pháp"), "Bộ Tư pháp", "another phrase");
    }

    fn fixed(text: &str) -> String {
        repair(text, &lexicon()).map_or_else(|| text.to_string(), |(t, _)| t)
    }

    #[test]
    fn invalid_syllables_take_the_lexicon_spelling() {
        assert_eq!(fixed("Muc tiêu năm 2024"), "Mục tiêu năm 2024");
        assert_eq!(fixed("xử lý kip thời"), "xử lý kịp thời");
        assert_eq!(fixed("Luru trữ hồ sơ"), "Lưu trữ hồ sơ");
        assert_eq!(fixed("tỷ lệ đat 90%"), "tỷ lệ đạt 90%");
    }

    #[test]
    fn valid_syllables_wrong_in_context() {
        let (_, notes) = repair("KÉ HOẠCH CẢI CÁCH", &lexicon()).expect("a flag");
        assert_eq!((notes[0].0, notes[0].2.as_str()), ("suspect pair", "KẾ HOẠCH"), "flagged, not changed");
        assert_eq!(fixed("ghi chú trong hộp"), "ghi chú trong hộp");
        assert_eq!(fixed("Phòng Bỏ trợ tư pháp"), "Phòng Bổ trợ tư pháp");
        assert_eq!(fixed("Phần đầu 100% hồ sơ"), "Phấn đấu 100% hồ sơ");
        assert_eq!(fixed("Phần đầu có ít nhất 01 sáng kiến"), "Phấn đấu có ít nhất 01 sáng kiến");
        assert_eq!(fixed("phân đấu đạt chuẩn"), "phấn đấu đạt chuẩn");
        assert_eq!(fixed("phần đầu của báo cáo"), "phần đầu của báo cáo", "no target figure: left");
    }

    #[test]
    fn split_words_are_joined() {
        assert_eq!(fixed("Thườn g xuyên"), "Thường xuyên");
    }

    #[test]
    fn correct_text_and_abbreviations_are_left_alone() {
        for text in ["Kế hoạch cải cách hành chính", "UBND tỉnh, HĐND, NĐ-CP, PAPI", "Online", "Sở Tư pháp"]
        {
            let result = repair(text, &lexicon());
            assert!(result.as_ref().is_none_or(|(t, _)| t == text), "{text}: {result:?}");
        }
    }

    #[test]
    fn words_without_evidence_are_flagged_not_changed() {
        let (text, notes) = repair("xyzô abc", &lexicon()).expect("a flag");
        assert_eq!(text, "xyzô abc");
        assert_eq!(notes[0].0, "suspect word");
    }
}
