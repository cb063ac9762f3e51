//! The place-and-date line ("Hà Nội, ngày 15 tháng 3 năm 2024") found by a
//! small scanner instead of one regex.
//!
//! The line reads as the regex
//! `(?m)^\s*([\p{L}][\p{L} .\-]{1,40}?)\s*,\s*ngày\s*([0-9]{1,2})?\s*tháng\s*([0-9]{1,2})?\s*năm\s*([0-9]{4})`,
//! and [`find`] returns exactly that regex's first match. Compiled, that
//! regex cost ~108 M instructions (≈ 30 ms, most of a one-shot run): the
//! bounded repeat of a Unicode class is 40 copies of the letter automaton.
//! Here the place is scanned by hand, shortest first as the lazy repeat
//! tries it, and only the cheap tail after it is a regex. The character
//! classes come from [`crate::classes`], so "letter" and "space" mean what
//! they meant in the regex.

use crate::classes::{skip_space, Class, LETTER};
use kehoach_vi::fold::{bare_pattern, find_bare};
use regex::Regex;
use std::sync::LazyLock;

/// What follows the place: `, ngày D tháng M năm YYYY`, anchored.
/// Its words with any marks (`bare_pattern`): the parser reads text
/// before its diacritics are repaired.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    let [day, month, year] = ["ngày", "tháng", "năm"].map(bare_pattern);
    Regex::new(&format!(r"^\s*,\s*{day}\s*([0-9]{{1,2}})?\s*{month}\s*([0-9]{{1,2}})?\s*{year}\s*([0-9]{{4}})"))
        .expect("valid regex")
});
static PLACE_CHAR: LazyLock<Class> = LazyLock::new(|| Class::new(r"[\p{L} .\-]"));

/// The most characters after the place's first letter (the regex's `{1,40}`).
const PLACE_MAX: usize = 40;

/// One match: the whole text (from the line start), the place, day, month
/// and year as written.
pub(crate) struct PlaceDate<'t> {
    pub(crate) whole: &'t str,
    pub(crate) place: &'t str,
    pub(crate) day: Option<&'t str>,
    pub(crate) month: Option<&'t str>,
    pub(crate) year: &'t str,
}

/// The first place-and-date in `text`, as the regex above finds it.
pub(crate) fn find(text: &str) -> Option<PlaceDate<'_>> {
    // Every match contains "ngày": most paragraphs end here.
    find_bare(text, "ngày", 0)?;
    let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
    for start in line_starts {
        let body = text.len() - skip_space(&text[start..]).len();
        let mut chars = text[body..].char_indices();
        match chars.next() {
            Some((_, c)) if LETTER.contains(c) => {}
            _ => continue,
        }
        // The lazy repeat: the shortest place that the tail completes wins.
        for (i, c) in chars.take(PLACE_MAX) {
            if !PLACE_CHAR.contains(c) {
                break;
            }
            let end = body + i + c.len_utf8();
            if !skip_space(&text[end..]).starts_with(',') {
                continue;
            }
            if let Some(tail) = TAIL.captures(&text[end..]) {
                let at = |n: usize| tail.get(n).map(|m| &text[end + m.start()..end + m.end()]);
                return Some(PlaceDate {
                    whole: &text[start..end + tail[0].len()],
                    place: &text[body..end],
                    day: at(1),
                    month: at(2),
                    year: at(3).expect("the year is not optional"),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regex the scanner stands for (compiled here only: it is slow to build).
    fn reference() -> Regex {
        let [day, month, year] = ["ngày", "tháng", "năm"].map(bare_pattern);
        Regex::new(&format!(
            r"(?m)^\s*([\p{{L}}][\p{{L}} .\-]{{1,40}}?)\s*,\s*{day}\s*([0-9]{{1,2}})?\s*{month}\s*([0-9]{{1,2}})?\s*{year}\s*([0-9]{{4}})"
        ))
        .expect("valid regex")
    }

    #[test]
    fn scanner_agrees_with_the_regex() {
        let re = reference();
        let long = format!("{} , ngày 1 tháng 2 năm 2020", "a".repeat(41));
        let exact = format!("{}, ngày 1 tháng 2 năm 2020", "b".repeat(41));
        let texts = [
            "Hà Tĩnh, ngay 5 thang 3 nam 2024",
            "Hà Tĩnh, ngàỵ 5 thảng 3 năm 2024",
            "Hà Nội, ngày 15 tháng 3 năm 2024",
            "  Thành phố Hồ Chí Minh , ngày  tháng  năm 2023",
            "TP. Hồ Chí Minh, ngày 05 tháng 12 năm 2021 và nữa",
            "Số: 12/KH-UBND\nĐà Nẵng, ngày 1 tháng 1 năm 2022",
            "\n\n  Huế,\nngày 3\ntháng 4 năm 2019",
            "Hà Nội, ngày 123 tháng 3 năm 2024\nCần Thơ, ngày 9 tháng 9 năm 2020",
            "12 Hà Nội, ngày 15 tháng 3 năm 2024",
            "Hà Nội, ngày 15 tháng 3 năm 24",
            "Hà-Nội. Mới, hôm, ngày 2 tháng 3 năm 2001",
            "Hà Nội ngày 15 tháng 3 năm 2024",
            "ngày 15 tháng 3 năm 2024",
            "Nội, ngày ١٢ tháng ٣ năm ٢٠٢٤",
            "Q\u{301}uảng Nam, ngày 1 tháng 2 năm 2003",
            long.as_str(),
            exact.as_str(),
            "",
        ];
        let seeds: Vec<String> = crate::classes::tests::seed_texts();
        // Every line and every pair of lines of the seeds, besides the cases above.
        let windows = seeds.iter().flat_map(|seed| {
            let lines: Vec<&str> = seed.lines().collect();
            let pairs: Vec<String> = lines.windows(2).map(|w| w.join("\n")).collect();
            lines.into_iter().map(str::to_string).chain(pairs).collect::<Vec<_>>()
        });
        let all: Vec<String> = texts.iter().map(|t| t.to_string()).chain(windows).collect();
        assert!(all.len() > 1000);
        for text in &all {
            let text = text.as_str();
            let expected = re.captures(text);
            let found = find(text);
            match (expected, found) {
                (None, None) => {}
                (Some(c), Some(f)) => {
                    assert_eq!(&c[0], f.whole, "{text:?}");
                    assert_eq!(&c[1], f.place, "{text:?}");
                    assert_eq!(c.get(2).map(|m| m.as_str()), f.day, "{text:?}");
                    assert_eq!(c.get(3).map(|m| m.as_str()), f.month, "{text:?}");
                    assert_eq!(&c[4], f.year, "{text:?}");
                }
                (c, f) => panic!("{text:?}: regex {:?}, scanner {:?}", c.map(|c| c[0].to_string()), f.map(|f| f.whole)),
            }
        }
    }
}
