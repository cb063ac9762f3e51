//! Item numbers: finding "2.3." inside cell text, group numerals, sequences.

use crate::classes::{space_end, Class};
use std::sync::LazyLock;

/// A cell's text split at item numbers of one level.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Split {
    /// Text before the first number (a continuation, or an unnumbered item).
    pub prefix: String,
    /// Numbered items in order.
    pub items: Vec<Numbered>,
}

/// One numbered item found in a cell.
#[derive(Debug, PartialEq)]
pub(crate) struct Numbered {
    /// As printed, trimmed: `3.1.`, `3.17`, `2.12:`.
    pub printed: String,
    /// Without trailing punctuation: `3.1`.
    pub number: String,
    /// The text after the number, up to the next number.
    pub text: String,
    /// The number as printed when OCR damaged it ("3,1.", "3.l."); then
    /// `printed` is the repaired form.
    pub damaged: Option<String>,
}

/// One item number found in a text, by [`item_numbers`].
struct NumberMatch<'t> {
    /// Where the match ends (after the white space that follows the number).
    end: usize,
    /// The number as printed and where it starts.
    printed: &'t str,
    printed_at: usize,
    major: &'t str,
    minor: &'t str,
}

/// The item numbers of `text`, as the regex's `captures_iter` finds them
/// (leftmost, not overlapping: the white space after one number cannot be
/// the white space before the next). Plain:
/// `(?:^|\s)(([0-9]{1,2})\.([0-9]{1,3})([.:])?)(?:\s+|$)` — a number such
/// as "3.1." / "3.17" / "2.12:" at the start of the text or after white
/// space, followed by white space. `damaged`: as OCR damages them, a comma
/// for the first dot, or "l", "I", "O" for the digits "1", "1", "0" after
/// it ("3,1.", "3.l.", "2.1O."), always with the closing dot:
/// `(?:^|\s)(([0-9]{1,2})[.,]([0-9lIO]{1,3})\.)(?:\s+|$)`. Scanners, not
/// regexes: the two cost ~1.6 M instructions to compile at start-up.
fn item_numbers(text: &str, damaged: bool) -> Vec<NumberMatch<'_>> {
    // The number starting at byte `at`: the lengths of its major and minor
    // parts and of the whole as printed, and where the match ends.
    let number_at = |at: usize| -> Option<(usize, usize, usize, usize)> {
        let s = &text.as_bytes()[at..];
        let major = s.iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=2).contains(&major) || !(s.get(major) == Some(&b'.') || damaged && s.get(major) == Some(&b',')) {
            return None;
        }
        let minor_digit = |b: &&u8| b.is_ascii_digit() || damaged && matches!(b, b'l' | b'I' | b'O');
        let minor = s[major + 1..].iter().take_while(minor_digit).count();
        if !(1..=3).contains(&minor) {
            return None;
        }
        let mut printed = major + 1 + minor;
        match s.get(printed) {
            Some(b'.') => printed += 1,
            Some(b':') if !damaged => printed += 1,
            _ if damaged => return None,
            _ => {}
        }
        let end = space_end(text, at + printed);
        (end > at + printed || end == text.len()).then_some((major, minor, printed, end))
    };
    let mut found = Vec::new();
    let (bytes, mut from) = (text.as_bytes(), 0);
    // A number starts with a digit at the text's start (`^`) or right after
    // a white space character, which starts the match and must not belong
    // to the match before. The next digit is found by `position`, which
    // compiles to a tighter loop than testing every byte in turn.
    let mut at = 0;
    while let Some(skip) = crate::classes::next_digit(&bytes[at..]) {
        at += skip;
        let starts = at == 0 || text[from..at].chars().next_back().is_some_and(|c| crate::classes::SPACE.contains(c));
        let Some((major, minor, printed, end)) = starts.then(|| number_at(at)).flatten() else {
            at += 1;
            continue;
        };
        found.push(NumberMatch {
            end,
            printed: &text[at..at + printed],
            printed_at: at,
            major: &text[at..at + major],
            minor: &text[at + major + 1..at + major + 1 + minor],
        });
        from = end;
        at = end;
    }
    found
}

/// Splits `text` at item numbers whose first component is `major`.
pub(crate) fn split_items(text: &str, major: u32) -> Split {
    // (start of number, end of match, printed, number, damaged original)
    let mut cuts: Vec<(usize, usize, String, String, Option<String>)> = Vec::new();
    let starts_sentence = |rest: &str| {
        rest.chars().next().is_none_or(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '(' | '"' | '“' | '\'' | '-' | '–' | '[')
        })
    };
    for m in item_numbers(text, false) {
        if m.major.parse::<u32>().ok() != Some(major) || !starts_sentence(&text[m.end..]) {
            continue;
        }
        let number = format!("{}.{}", m.major, m.minor);
        cuts.push((m.printed_at, m.end, m.printed.to_string(), number, None));
    }
    for m in item_numbers(text, true) {
        if m.major.parse::<u32>().ok() != Some(major) || !starts_sentence(&text[m.end..]) {
            continue;
        }
        if cuts.iter().any(|c| c.0 == m.printed_at) {
            continue; // read as it is
        }
        let minor: String = m
            .minor
            .chars()
            .map(|c| match c {
                'l' | 'I' => '1',
                'O' => '0',
                c => c,
            })
            .collect();
        let number = format!("{}.{minor}", m.major);
        cuts.push((m.printed_at, m.end, format!("{number}."), number, Some(m.printed.to_string())));
    }
    cuts.sort_by_key(|c| c.0);
    let mut split = Split::default();
    let Some(first) = cuts.first() else {
        split.prefix = text.trim().to_string();
        return split;
    };
    split.prefix = text[..first.0].trim().to_string();
    for (i, (_, body_start, printed, number, damaged)) in cuts.iter().enumerate() {
        let body_end = cuts.get(i + 1).map_or(text.len(), |next| next.0);
        split.items.push(Numbered {
            printed: printed.clone(),
            number: number.clone(),
            text: text[*body_start..body_end].trim().to_string(),
            damaged: damaged.clone(),
        });
    }
    split
}

static UPPER: LazyLock<Class> = LazyLock::new(|| Class::new(r"\p{Lu}"));

/// A cell that is a Roman numeral and at most a dot: the numeral
/// (`^([IVXL]{1,7})\.?$`).
pub(crate) fn roman_alone(cell: &str) -> Option<&str> {
    let n = cell.bytes().take_while(|b| matches!(b, b'I' | b'V' | b'X' | b'L')).count();
    ((1..=7).contains(&n) && matches!(&cell[n..], "" | ".")).then(|| &cell[..n])
}

/// A cell that is one capital letter and at most a dot: the letter
/// (`^([A-Z])\.?$`).
fn letter_alone(cell: &str) -> Option<&str> {
    (cell.as_bytes().first().is_some_and(u8::is_ascii_uppercase) && matches!(&cell[1..], "" | ".")).then(|| &cell[..1])
}

/// The value of a well-formed Roman numeral up to 89, and the numeral
/// of a value: `kehoach-vi`'s.
pub(crate) use kehoach_vi::roman::{roman as to_roman, value as roman_value};

/// A group row's numeral, whether it is a lettered sub-group, and its title
/// when printed in the same cell ("III CƠ CHẾ …").
#[derive(Debug, PartialEq)]
pub(crate) struct GroupMark {
    pub printed: String,
    pub number: String,
    pub lettered: bool,
    pub title: Option<String>,
    /// The cell as printed when OCR damage to the numeral was repaired
    /// ("ïï" → "II").
    pub repaired_from: Option<String>,
}

/// Letters OCR reads for the Roman "I" (accented i's, "l", "|").
fn ocr_roman_one(c: char) -> bool {
    matches!(c, 'ï' | 'í' | 'ì' | 'î' | 'ĩ' | 'ỉ' | 'ị' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ỉ' | 'Ị' | 'l' | '|')
}

/// Reads a group numeral from a row-number cell. A cell that is only a
/// Roman numeral damaged by OCR — "I" read as an accented "i", "l" or "|"
/// ("ïï", "lV") — is read as that numeral, with `repaired_from` set.
pub(crate) fn group_mark(cell: &str) -> Option<GroupMark> {
    let cell = cell.trim();
    let bare = cell.trim_end_matches(['.', ')', ':']);
    if (1..=5).contains(&bare.chars().count())
        && bare.chars().any(ocr_roman_one)
        && bare.chars().all(|c| ocr_roman_one(c) || matches!(c, 'I' | 'V' | 'X'))
    {
        let fixed: String = bare.chars().map(|c| if ocr_roman_one(c) { 'I' } else { c }).collect();
        let mut mark = group_mark(&format!("{fixed}{}", &cell[bare.len()..]))?;
        mark.repaired_from = Some(cell.to_string());
        return Some(mark);
    }
    if let Some(numeral) = roman_alone(cell) {
        roman_value(numeral)?;
        return Some(GroupMark {
            printed: cell.to_string(),
            number: numeral.to_string(),
            lettered: false,
            title: None,
            repaired_from: None,
        });
    }
    if let Some((numeral, title)) = roman_with_title(cell) {
        roman_value(numeral)?;
        let printed = cell[..cell.len() - title.len()].trim().to_string();
        let title = title.trim().to_string();
        return Some(GroupMark {
            printed,
            number: numeral.to_string(),
            lettered: false,
            title: Some(title),
            repaired_from: None,
        });
    }
    let letter = letter_alone(cell)?;
    Some(GroupMark {
        printed: cell.to_string(),
        number: letter.to_string(),
        lettered: true,
        title: None,
        repaired_from: None,
    })
}

/// A numeral and the title after it ("III CƠ CHẾ …"): the groups of the
/// regex `^([IVXL]{1,7})\.?\s+(\p{Lu}[\s\S]*)$`, whose `\p{Lu}` cost ~1.5 M
/// instructions to compile.
fn roman_with_title(cell: &str) -> Option<(&str, &str)> {
    let n = cell.bytes().take_while(|b| matches!(b, b'I' | b'V' | b'X' | b'L')).count();
    if !(1..=7).contains(&n) {
        return None;
    }
    let dot = n + usize::from(cell[n..].starts_with('.'));
    let title = space_end(cell, dot);
    if title == dot || !cell[title..].chars().next().is_some_and(|c| UPPER.contains(c)) {
        return None;
    }
    Some((&cell[..n], &cell[title..]))
}

/// The last numeric component of an item number ("2.10" → 10, "7" → 7).
pub(crate) fn sequence_value(number: &str) -> Option<u32> {
    number.rsplit('.').find(|p| !p.is_empty())?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn the_item_number_scanners_agree_with_the_regexes() {
        let plain = Regex::new(r"(?:^|\s)(([0-9]{1,2})\.([0-9]{1,3})([.:])?)(?:\s+|$)").expect("valid regex");
        let damaged = Regex::new(r"(?:^|\s)(([0-9]{1,2})[.,]([0-9lIO]{1,3})\.)(?:\s+|$)").expect("valid regex");
        let cases = [
            "1.1 2.1 x",
            "1.1  2.1 x",
            " 3.1. A 3.2: B\u{a0}3.3\u{2003}",
            "123.4 x 12.3456 x 1.2.3 x 1.23.",
            "3,1. a 3.l. b 2.1O. c 3,1 d 3.lI. 3.llll. x3.1. 3.1.x",
            "\n2.1.\n2.2",
            "1.1:",
            "1.1::",
            "1.",
            "",
            "é 1.1",
            "٣.1 1.٣",
        ];
        let seeds = crate::classes::tests::seed_texts();
        let mut found = 0;
        for text in cases.into_iter().chain(crate::classes::tests::lines_and_cells(&seeds)) {
            for (re, is_damaged) in [(&plain, false), (&damaged, true)] {
                let expected: Vec<_> = re
                    .captures_iter(text)
                    .map(|c| {
                        (
                            c.get(0).expect("match").end(),
                            c.get(1).expect("number").start(),
                            c[1].to_string(),
                            c[2].to_string(),
                            c[3].to_string(),
                        )
                    })
                    .collect();
                let scanned: Vec<_> = item_numbers(text, is_damaged)
                    .into_iter()
                    .map(|m| (m.end, m.printed_at, m.printed.to_string(), m.major.to_string(), m.minor.to_string()))
                    .collect();
                assert_eq!(scanned, expected, "{text:?} damaged: {is_damaged}");
                found += expected.len();
            }
        }
        assert!(found > 50, "{found}");
    }

    #[test]
    fn the_group_mark_scanners_agree_with_the_regexes() {
        let roman = Regex::new(r"^([IVXL]{1,7})\.?$").expect("valid regex");
        let letter = Regex::new(r"^([A-Z])\.?$").expect("valid regex");
        let cases =
            ["I", "IV.", "IV..", "IIIIIII", "IIIIIIII", "XLVIII.", "A", "A.", "AB", "a", "Đ", "", ".", "I ", "V\n"];
        let seeds = crate::classes::tests::seed_texts();
        for text in cases.into_iter().chain(crate::classes::tests::lines_and_cells(&seeds)) {
            assert_eq!(
                roman_alone(text),
                roman.captures(text).map(|c| c.get(1).expect("numeral").as_str()),
                "{text:?}"
            );
            assert_eq!(
                letter_alone(text),
                letter.captures(text).map(|c| c.get(1).expect("letter").as_str()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_numeral_and_title_scanner_agrees_with_the_regex() {
        let re = Regex::new(r"^([IVXL]{1,7})\.?\s+(\p{Lu}[\s\S]*)$").expect("valid regex");
        let cases = [
            "III CƠ CHẾ",
            "IV. Đổi mới\nhai dòng",
            "II.CÔNG",
            "II.\u{a0}Ánh",
            "IIIIIIII A",
            "IIIIIII A",
            "I  a",
            "I",
            "I ",
            "V 1",
            "X\tΩ",
            "L. Ǆ",
            "",
        ];
        let seeds = crate::classes::tests::seed_texts();
        let cells = crate::classes::tests::lines_and_cells(&seeds);
        let mut matched = 0;
        for text in cases.into_iter().chain(cells) {
            let expected =
                re.captures(text).map(|c| (c.get(1).expect("numeral").as_str(), c.get(2).expect("title").as_str()));
            assert_eq!(roman_with_title(text), expected, "{text:?}");
            matched += usize::from(expected.is_some());
        }
        assert!(matched >= 5, "{matched}");
    }

    fn numbers(split: &Split) -> Vec<(&str, &str)> {
        split.items.iter().map(|i| (i.printed.as_str(), i.text.as_str())).collect()
    }

    #[test]
    fn item_numbers_damaged_by_ocr() {
        let s = split_items("3,1. Xây dựng dự thảo. 3.l. Gửi dự thảo. 3.2. Tổng hợp.", 3);
        let got: Vec<(&str, &str, Option<&str>)> =
            s.items.iter().map(|i| (i.printed.as_str(), i.number.as_str(), i.damaged.as_deref())).collect();
        assert_eq!(got, [("3.1.", "3.1", Some("3,1.")), ("3.1.", "3.1", Some("3.l.")), ("3.2.", "3.2", None)]);
        // A decimal comma is no number: no closing dot, or lower case after.
        assert!(split_items("tăng 3,5 lần so với năm 2023", 3).items.is_empty());
        assert!(split_items("đạt 3,5. so với", 3).items.is_empty());
    }

    #[test]
    fn several_activities_in_one_cell() {
        let s = split_items("3.1. Xây dựng dự thảo. 3.2. Gửi dự thảo. 3.3. Tổng hợp.", 3);
        assert_eq!(s.prefix, "");
        assert_eq!(numbers(&s), [("3.1.", "Xây dựng dự thảo."), ("3.2.", "Gửi dự thảo."), ("3.3.", "Tổng hợp.")]);
    }

    #[test]
    fn typo_forms_are_kept_as_printed() {
        let s = split_items("3.17 Ban hành Kế hoạch 3.18. Thông báo", 3);
        assert_eq!(numbers(&s), [("3.17", "Ban hành Kế hoạch"), ("3.18.", "Thông báo")]);
        assert_eq!(s.items[0].number, "3.17");
        let s = split_items("2.12: Tiếp tục triển khai", 2);
        assert_eq!(numbers(&s), [("2.12:", "Tiếp tục triển khai")]);
        assert_eq!(s.items[0].number, "2.12");
        let s = split_items("2.10 Nghiên cứu, đề xuất", 2);
        assert_eq!(numbers(&s), [("2.10", "Nghiên cứu, đề xuất")]);
    }

    #[test]
    fn continuation_prefix_and_separators() {
        let s = split_items("Nội vụ. 3.7. Trình UBND tỉnh phê duyệt.", 3);
        assert_eq!(s.prefix, "Nội vụ.");
        assert_eq!(numbers(&s), [("3.7.", "Trình UBND tỉnh phê duyệt.")]);
        let s = split_items("3.32. Ban hành Kế hoạch; 3.33. Tổ chức triển khai.", 3);
        assert_eq!(numbers(&s), [("3.32.", "Ban hành Kế hoạch;"), ("3.33.", "Tổ chức triển khai.")]);
        let s = split_items("văn bản\n3.18. Báo cáo kết quả", 3);
        assert_eq!(s.prefix, "văn bản");
        assert_eq!(numbers(&s), [("3.18.", "Báo cáo kết quả")]);
    }

    #[test]
    fn numbers_that_are_not_items() {
        // Other levels, amounts, standards and dates are left in the text.
        let text = "1.2. 100% hồ sơ theo TCVN ISO 9001: 2015, tăng 3.500 triệu đồng, ngày 10/4/2019 theo 2.1 Kế";
        let s = split_items(text, 1);
        assert_eq!(s.items.len(), 1);
        assert_eq!(s.items[0].text, &text[5..]);
        assert!(split_items("tăng 3.5 lần", 3).items.is_empty());
    }

    #[test]
    fn roman_numerals_and_groups() {
        assert_eq!(roman_value("VII"), Some(7));
        assert_eq!(roman_value("IV"), Some(4));
        assert_eq!(roman_value("IIII"), None);
        let g = group_mark("III CƠ CHẾ MỘT CỬA").unwrap();
        assert_eq!((g.number.as_str(), g.title.as_deref()), ("III", Some("CƠ CHẾ MỘT CỬA")));
        let g = group_mark("I. CẢI CÁCH").unwrap();
        assert_eq!((g.printed.as_str(), g.number.as_str()), ("I.", "I"));
        assert!(group_mark("A").unwrap().lettered);
        assert!(group_mark("1").is_none());
        assert!(group_mark("Ia").is_none());
        let g = group_mark("ïï").expect("OCR damage to II");
        assert_eq!((g.number.as_str(), g.printed.as_str(), g.repaired_from.as_deref()), ("II", "II", Some("ïï")));
        assert_eq!(group_mark("lV.").expect("IV").number, "IV");
        assert!(group_mark("l").is_some_and(|g| g.number == "I"));
        assert!(group_mark("lá").is_none(), "a word is no numeral");
        for n in 1..60 {
            assert_eq!(roman_value(&to_roman(n)), Some(n), "{n}");
        }
        assert_eq!(to_roman(14), "XIV");
    }

    #[test]
    fn sequence_values() {
        assert_eq!(sequence_value("2.10"), Some(10));
        assert_eq!(sequence_value("7"), Some(7));
        assert_eq!(sequence_value("1."), Some(1));
    }
}
