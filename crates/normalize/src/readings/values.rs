//! Deliverables, indicator values and budgets.

use super::words::{Compares, WORDS};
use kehoach_parse::classes::{digits, next_digit, space_end, SPACE};
use kehoach_vi::fold::lowercase;
use regex::Regex;
use schemars::JsonSchema;
use serde::Serialize;
use std::sync::LazyLock;

/// `line` split at each " - " (`\s+-\s+`, leftmost, the white space on
/// both sides taken whole): a scanner, the regex cost ~0.3 M instructions
/// to compile.
fn split_bullets(line: &str) -> Vec<&str> {
    let (mut parts, mut from) = (Vec::new(), 0);
    let mut search = 0;
    while let Some(i) = line[search..].find('-') {
        let dash = search + i;
        let start = line[..dash].trim_end_matches(|c| SPACE.contains(c)).len().max(from);
        let end = space_end(line, dash + 1);
        if start < dash && end > dash + 1 {
            parts.push(&line[from..start]);
            from = end;
            search = end;
        } else {
            search = dash + 1;
        }
    }
    parts.push(&line[from..]);
    parts
}

/// Splits an output cell into deliverables: lines, bullets, ";", "/"
/// before a capital, and commas before a document word.
pub fn split_deliverables(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let bulleted = line.trim_start().starts_with('-');
        let parts: Vec<&str> = if bulleted { split_bullets(line) } else { vec![line] };
        for part in parts {
            for piece in part.split(';') {
                for slashed in split_slashes(piece) {
                    out.extend(split_commas(slashed));
                }
            }
        }
    }
    out.into_iter()
        .map(|d| {
            d.trim()
                .trim_start_matches(['-', '+', '•', '.'])
                .trim()
                .trim_end_matches(['.', ';', ','])
                .trim()
                .trim_end_matches("...")
                .trim()
        })
        .filter(|d| d.chars().any(char::is_alphanumeric))
        .map(str::to_string)
        .collect()
}

/// "Cuộc kiểm tra/ Văn bản đôn đốc": a slash followed by a capital.
fn split_slashes(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut depth) = (0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if c == '/'
            && depth == 0
            && text[i + 1..].chars().find(|c| !c.is_whitespace()).is_some_and(char::is_uppercase)
            && text[..i].chars().rev().find(|c| !c.is_whitespace()).is_some_and(char::is_alphabetic)
        {
            out.push(&text[start..i]);
            start = i + 1;
        }
    }
    out.push(&text[start..]);
    out
}

fn split_commas(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut depth) = (0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            let current_words = text[start..i].split_whitespace().count();
            if current_words <= 12 && starts_with_deliverable(&text[i + 1..]) {
                out.push(&text[start..i]);
                start = i + 1;
            }
        }
    }
    out.push(&text[start..]);
    out
}

/// The longest deliverable word, in characters.
static LONGEST_DELIVERABLE: LazyLock<usize> =
    LazyLock::new(|| WORDS.deliverables.iter().map(|h| h.chars().count()).max().unwrap_or(0));

/// The deliverable words by their first letter, in the data file's order.
static DELIVERABLES_BY_FIRST: LazyLock<Vec<(char, Vec<&'static str>)>> = LazyLock::new(|| {
    let mut by_first: Vec<(char, Vec<&'static str>)> = Vec::new();
    for word in &WORDS.deliverables {
        let first = word.chars().next().expect("a deliverable word");
        match by_first.iter_mut().find(|(c, _)| *c == first) {
            Some((_, words)) => words.push(word),
            None => by_first.push((first, vec![word])),
        }
    }
    by_first
});

/// The text after a comma starts with a deliverable word, in lower case.
fn starts_with_deliverable(rest: &str) -> bool {
    // The start of the text is enough: the longest word and the character
    // after it (lower case maps character by character here). Only the
    // words with its first letter can start it.
    let rest = rest.trim_start();
    let end = rest.char_indices().nth(*LONGEST_DELIVERABLE + 1).map_or(rest.len(), |(i, _)| i);
    let start = lowercase(&rest[..end]);
    let Some(first) = start.chars().next() else { return false };
    DELIVERABLES_BY_FIRST
        .iter()
        .find(|(c, _)| *c == first)
        .is_some_and(|(_, words)| words.iter().any(|h| super::agency::starts_with_word(&start, h)))
}

/// How an indicator's value compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// At least ("Tối thiểu 80", "ít nhất 03", "từ 90% trở lên").
    AtLeast,
    /// More than ("đạt trên 85%").
    MoreThan,
    /// At most ("tối đa", "không quá").
    AtMost,
    /// Less than ("dưới").
    LessThan,
    /// Exactly ("100%", "đạt 95%").
    Equal,
    /// A decrease by ("giảm 28 biên chế").
    Decrease,
    /// An increase by ("tăng 10%").
    Increase,
}

/// A numeric target read from an indicator or a target text.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Indicator {
    /// How the value compares.
    pub comparator: Comparator,
    /// The number.
    pub value: f64,
    /// Out of how many ("02/03 đơn vị" → 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of: Option<f64>,
    /// Unit: "%" or the counted thing's unit as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// What is counted ("hồ sơ TTHC", "sáng kiến", "biên chế").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thing: Option<String>,
    /// The words the reading was taken from.
    pub text: String,
}

/// A number with what may follow it; the comparator word before it is
/// looked up separately. A match of
/// `([0-9]+(?:[.,][0-9]+)?)(?:\s*/\s*([0-9]+))?(?:\s*(%|phần trăm))?(\s*trở lên)?`
/// as `captures_iter` finds it, by a scanner (compiled, the regex cost
/// ~0.9 M instructions per process): its parts are optional, so each is
/// taken where it holds.
#[derive(Debug, PartialEq)]
struct Figure {
    /// Where the match starts and ends.
    start: usize,
    end: usize,
    /// Where the number ends (it starts the match).
    number_end: usize,
    /// Where the N of a "/ N" after it starts and ends ("02/03"), if any.
    of: Option<(usize, usize)>,
    /// Whether "%" or "phần trăm" follows.
    percent: bool,
    /// Whether "trở lên" (or more) follows.
    upward: bool,
}

/// The [`Figure`]s of `text`, left to right.
fn figures(text: &str) -> Vec<Figure> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(skip) = next_digit(&bytes[from..]) {
        let start = from + skip;
        let mut number_end = start + digits(&text[start..]);
        if matches!(bytes.get(number_end), Some(b'.' | b',')) && digits(&text[number_end + 1..]) > 0 {
            number_end += 1 + digits(&text[number_end + 1..]);
        }
        let mut end = number_end;
        let slash = space_end(text, end);
        let of = text[slash..].starts_with('/').then(|| space_end(text, slash + 1)).and_then(|of| {
            let n = digits(&text[of..]);
            (n > 0).then_some((of, of + n))
        });
        end = of.map_or(end, |(_, of_end)| of_end);
        let unit = space_end(text, end);
        let percent = ["%", "phần trăm"].iter().find(|u| text[unit..].starts_with(**u));
        if let Some(u) = percent {
            end = unit + u.len();
        }
        let more = space_end(text, end);
        let upward = text[more..].starts_with("trở lên");
        if upward {
            end = more + "trở lên".len();
        }
        found.push(Figure { start, end, number_end, of, percent: percent.is_some(), upward });
        from = end;
    }
    found
}

/// The comparator word right before `at` in `text`, if any.
fn comparator_before(text: &str, at: usize) -> Option<(&'static str, Compares)> {
    let before: String = text[..at].chars().rev().take(16).collect::<Vec<_>>().into_iter().rev().collect();
    let before = lowercase(before.trim_end());
    WORDS.comparators.iter().copied().find(|(w, _)| {
        before.ends_with(w) && before[..before.len() - w.len()].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Reads numeric targets from a text ("Tối thiểu 80", "đạt trên 85%",
/// "từ 90% trở lên", "giảm 28 biên chế", "ít nhất 03 sáng kiến", "02/03 đơn vị").
/// Only numbers with a comparator word, a percent sign or a counted thing
/// count; years, dates and item numbers do not.
pub fn read_indicators(text: &str, unit_hint: Option<&str>) -> Vec<Indicator> {
    let mut out = Vec::new();
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
    for c in figures(text) {
        let number = &text[c.start..c.number_end];
        let (word, compares) = comparator_before(text, c.start).unzip();
        // Not part of a date, an item number or a code ("15/01/2024", "3.1.", "9001:2015").
        let before = &text[..c.start];
        let after = &text[c.number_end..];
        if before.ends_with(|ch: char| ch.is_ascii_digit()) {
            continue;
        }
        if before.ends_with(['/', '.', ':', '-']) || after.starts_with(['.', ':']) && !after.starts_with(". ") {
            continue;
        }
        if let Some((_, of_end)) = c.of {
            // "02/03 đơn vị" counts; "15/01/2024" and "2088/QĐ-UBND" do not.
            if text[of_end..].starts_with(['/', '.', '-']) {
                continue;
            }
        }
        if after.trim_start().starts_with('/') && c.of.is_none() {
            continue; // "2088/QĐ-UBND": a document number
        }
        let Ok(value) = number.replace(',', ".").parse::<f64>() else { continue };
        if (1900.0..=2100.0).contains(&value) && !c.percent {
            continue; // a year
        }
        let percent = c.percent;
        let upward = c.upward;
        // Up to four words of letters after the number (a word ending in
        // punctuation is the last): the counted thing is among them.
        let rest = &text[c.end..];
        let mut following: Vec<&str> = Vec::new();
        if rest.starts_with(char::is_whitespace) {
            for raw in rest.split_whitespace().take(4) {
                let word = raw.trim_end_matches([',', '.', ';', ':', ')']);
                if word.is_empty() || !word.chars().all(|c| c.is_alphabetic() || c == '&') {
                    break;
                }
                following.push(word);
                if word.len() != raw.len() {
                    break;
                }
            }
        }
        let thing: Option<String> = (!following.is_empty()).then_some(()).and_then(|()| {
            let mut words: Vec<&str> =
                following.iter().copied().take_while(|w| !WORDS.thing_stops.contains(&lowercase(w).as_str())).collect();
            // "các đơn vị", "số hồ sơ", "tổng số cơ quan": the counted thing
            // without its quantifier.
            while words.first().is_some_and(|w| ["các", "số", "tổng"].contains(&lowercase(w).as_str())) {
                words.remove(0);
            }
            (!words.is_empty()).then(|| words.join(" "))
        });
        let comparator = match compares {
            Some(Compares::As(comparator)) => comparator,
            Some(Compares::From) if upward => Comparator::AtLeast,
            Some(Compares::From) => continue, // "từ 01/3": a range start, not a target
            None if upward => Comparator::AtLeast,
            None if percent || c.of.is_some() => Comparator::Equal,
            None => continue,
        };
        let unit = if percent { Some("%".to_string()) } else { unit_hint.map(str::to_string) };
        let of = c.of.and_then(|(start, end)| text[start..end].parse::<f64>().ok());
        out.push(Indicator {
            comparator,
            value,
            of,
            unit,
            thing: if percent || unit_hint.is_none() { thing } else { None },
            text: {
                let phrase =
                    std::iter::once(text[c.start..c.end].trim()).chain(following.iter().copied()).collect::<Vec<_>>();
                match word {
                    Some(w) => format!("{w} {}", phrase.join(" ")),
                    None => phrase.join(" "),
                }
            },
        });
    }
    out
}

/// Where the money comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BudgetSource {
    /// The agency's allocated budget estimate ("Theo dự toán được cấp").
    AllocatedEstimate,
    /// The state or provincial budget, a recurrent-expenditure line ("Nguồn kinh phí sự nghiệp", "ngân sách").
    StateBudget,
    /// Another plan's or programme's money ("Theo KH chuyển đổi số").
    OtherPlan,
    /// Non-state contributions ("xã hội hóa").
    Socialized,
    /// Said otherwise; see the raw text.
    Other,
}

/// The structured reading of a budget cell.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Budget {
    /// Where the money comes from.
    pub source: BudgetSource,
    /// The plan or programme named (for `other_plan`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// An amount in đồng, when the cell states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_vnd: Option<f64>,
}

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)([0-9]+(?:[.,][0-9]+)*)\s*(tỷ|triệu|trđ|tr\.đ|nghìn|ngàn|đồng|đ\b|vnđ)").expect("valid regex")
});
static BARE_AMOUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]{1,3}(?:[.,][0-9]{3})+$|^[0-9]{4,}$").expect("valid regex"));

/// Reads a budget cell.
pub fn read_budget(text: &str) -> Budget {
    let lower = lowercase(text);
    let source = match WORDS.budget_sources.iter().find(|(w, _)| lower.contains(w)) {
        Some((_, source)) => *source,
        None if lower.starts_with("theo ") => BudgetSource::OtherPlan,
        None => BudgetSource::Other,
    };
    let reference = (source == BudgetSource::OtherPlan).then(|| text.trim()["theo ".len()..].trim().to_string());
    let amount_vnd = AMOUNT
        .captures(text)
        .and_then(|c| {
            let number = parse_vn_number(&c[1])?;
            let factor = match lowercase(&c[2]).as_str() {
                "tỷ" => 1e9,
                "triệu" | "trđ" | "tr.đ" => 1e6,
                "nghìn" | "ngàn" => 1e3,
                _ => 1.0,
            };
            Some(number * factor)
        })
        .or_else(|| BARE_AMOUNT.is_match(text.trim()).then(|| parse_vn_number(text.trim())).flatten());
    Budget { source, reference, amount_vnd }
}

/// The unit of money a column header names in brackets: "Kinh phí (triệu
/// đồng)", "Dự toán (triệu đồng)", "(đồng)", "(tỷ đồng)".
static HEADER_UNIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\(\s*(tỷ|triệu|tr\.?|nghìn|ngàn)?\s*(?:đồng|vnđ|đ)\s*\)").expect("valid regex"));
static BARE_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[0-9]+(?:[.,][0-9]+)*$").expect("valid regex"));

/// The amount in đồng of a cell that is a bare number ("1.250", "350")
/// under a header naming its unit of money ("Kinh phí (triệu đồng)"):
/// the amount column beside a funding-source column, kept in `extra`
/// (unseen6's "Dự toán (triệu đồng)", unseen7's "Kinh phí (triệu đồng)").
pub fn amount_in_column(header: &str, value: &str) -> Option<f64> {
    bare_amount(value, header_factor(header)?)
}

/// What one unit of a bare number under `header` is worth in đồng, when
/// the header names its unit of money in brackets ("Kinh phí (triệu
/// đồng)", "KP (tr.đ)": 1,000,000; "(đồng)": 1).
pub fn header_factor(header: &str) -> Option<f64> {
    let unit = HEADER_UNIT.captures(header)?;
    Some(match unit.get(1).map(|m| lowercase(m.as_str())).as_deref() {
        Some("tỷ") => 1e9,
        Some("triệu" | "tr" | "tr.") => 1e6,
        Some("nghìn" | "ngàn") => 1e3,
        _ => 1.0,
    })
}

/// A cell that is a bare number ("12,5", "1.250"), times `factor`.
fn bare_amount(value: &str, factor: f64) -> Option<f64> {
    let value = value.trim();
    BARE_NUMBER.is_match(value).then(|| parse_vn_number(value)).flatten().map(|n| n * factor)
}

/// A budget cell read as [`read_budget`] does, in a column whose header
/// names its unit of money (`factor`, [`header_factor`]): a bare number
/// is that many units ("12,5" under "Dự toán kinh phí (triệu đồng)" is
/// 12,500,000 đồng, and "1.250" 1,250,000,000 — not 1,250 đồng). A cell
/// that prints its own unit ("12,5 triệu") is read by that unit.
pub fn read_budget_in(text: &str, factor: Option<f64>) -> Budget {
    let mut budget = read_budget(text);
    if let Some(amount) = factor.and_then(|factor| bare_amount(text, factor)) {
        budget.amount_vnd = Some(amount);
    }
    budget
}

/// "1.500.000" and "2,5" as Vietnamese write them: dots group thousands, a
/// comma is the decimal mark (a lone dot before 1–2 digits is decimal too).
fn parse_vn_number(s: &str) -> Option<f64> {
    // Both marks ("1.250,5"; "1,250.5" as English writes it): the last one
    // is the decimal mark, the other groups thousands.
    if let (Some(dot), Some(comma)) = (s.rfind('.'), s.rfind(',')) {
        let (group, decimal) = if comma > dot { ('.', ',') } else { (',', '.') };
        return s.replace(group, "").replace(decimal, ".").parse().ok();
    }
    let grouped = s.matches('.').count() > 1 || s.split('.').nth(1).is_some_and(|tail| tail.len() == 3);
    let cleaned = if grouped { s.replace('.', "").replace(',', ".") } else { s.replace(',', ".") };
    cleaned.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_budget_is_read_in_its_columns_unit() {
        let million = header_factor("Dự toán kinh phí (triệu đồng)");
        assert_eq!(million, Some(1e6));
        let amount = |text: &str, factor| read_budget_in(text, factor).amount_vnd;
        assert_eq!(amount("12,5", million), Some(12_500_000.0));
        assert_eq!(amount("1.250", million), Some(1_250_000_000.0));
        assert_eq!(amount("1.250,5", million), Some(1_250_500_000.0));
        assert_eq!(amount(" 42 ", million), Some(42_000_000.0));
        // Its own unit first; words are no amount.
        assert_eq!(amount("500 nghìn", million), Some(500_000.0));
        assert_eq!(amount("Trong dự toán chi thường xuyên", million), None);
        assert_eq!(read_budget_in("Ngân sách tỉnh", million).source, BudgetSource::StateBudget);
        // Without a unit in the header, as before: grouped figures are đồng.
        assert_eq!(amount("1.250", None), Some(1250.0));
        assert_eq!(amount("12,5", None), None);
        assert_eq!(amount("150.000.000", None), Some(150_000_000.0));
        assert_eq!(amount("2500000.5", header_factor("Kinh phí (đồng)")), Some(2_500_000.5));
        assert_eq!(header_factor("Kinh phí"), None);
        // As narrow columns abbreviate it (unseen19).
        assert_eq!(header_factor("KP (tr.đ)"), Some(1e6));
        assert_eq!(header_factor("Kinh phí (trđ)"), Some(1e6));
        assert_eq!(parse_vn_number("1,250.5"), Some(1250.5));
        assert_eq!(parse_vn_number("2,5"), Some(2.5));
        assert_eq!(parse_vn_number("1.500.000"), Some(1_500_000.0));
    }

    #[test]
    fn the_figure_scanner_agrees_with_the_regex() {
        let re = Regex::new(r"([0-9]+(?:[.,][0-9]+)?)(?:\s*/\s*([0-9]+))?(?:\s*(%|phần trăm))?(\s*trở lên)?")
            .expect("valid regex");
        let cases = [
            "đạt trên 85%",
            "từ 90 % trở lên, 02/03 đơn vị",
            "1.5, 2,75. 3. 4,x 15/01/2024",
            "100\u{a0}phần trăm\u{2003}trở lên 7 / x 8/ 9 phần trămtrở lên",
            "12 /\t34% 5trở lên 6  phần  trăm",
            "٣ 1.2.3 9001:2015",
            "",
        ];
        let lines = super::super::tests::seed_lines_and_cells();
        let mut found = 0;
        for text in cases.iter().map(|c| c.to_string()).chain(lines) {
            let expected: Vec<Figure> = re
                .captures_iter(&text)
                .map(|c| Figure {
                    start: c.get(0).expect("match").start(),
                    end: c.get(0).expect("match").end(),
                    number_end: c.get(1).expect("number").end(),
                    of: c.get(2).map(|m| (m.start(), m.end())),
                    percent: c.get(3).is_some(),
                    upward: c.get(4).is_some(),
                })
                .collect();
            found += expected.len();
            assert_eq!(figures(&text), expected, "{text:?}");
        }
        assert!(found >= 100, "the cases hold figures");
    }

    #[test]
    fn the_bullet_splitter_agrees_with_the_regex() {
        let re = Regex::new(r"\s+-\s+").expect("valid regex");
        let cases =
            ["- a - b", "a - - b", "a -  -  b", "a\u{a0}-\u{2003}b", "a -b - c", "a- b", " - ", "-", "", "a \n- b"];
        let texts: Vec<String> =
            cases.map(str::to_string).into_iter().chain(super::super::tests::seed_lines_and_cells()).collect();
        let mut split = 0;
        for text in &texts {
            let expected: Vec<&str> = re.split(text).collect();
            assert_eq!(split_bullets(text), expected, "{text:?}");
            split += usize::from(expected.len() > 1);
        }
        assert!(split > 10, "{split}");
    }

    #[test]
    fn a_deliverable_word_after_a_comma_as_the_whole_rest_reads() {
        let whole = |rest: &str| {
            let rest = lowercase(rest.trim_start());
            WORDS.deliverables.iter().any(|h| super::super::agency::starts_with_word(&rest, h))
        };
        for rest in [
            " báo cáo kết quả",
            "  Báo cáo",
            "báo cáo",
            "báo cáoX",
            " Kế hoạch, văn bản",
            "",
            " ",
            "x",
            " BÁO CÁO  tổng kết",
        ] {
            assert_eq!(starts_with_deliverable(rest), whole(rest), "{rest:?}");
        }
    }

    #[test]
    fn deliverables_split_on_bullets_and_document_words() {
        assert_eq!(split_deliverables("- Công văn - Báo cáo"), ["Công văn", "Báo cáo"]);
        assert_eq!(split_deliverables("Kế hoạch, Quyết định, thông báo"), ["Kế hoạch", "Quyết định", "thông báo"]);
        assert_eq!(
            split_deliverables("Biên bản kiểm tra, báo cáo, văn bản chỉ đạo"),
            ["Biên bản kiểm tra", "báo cáo", "văn bản chỉ đạo"]
        );
        assert_eq!(
            split_deliverables("- Đề án Vị trí việc làm; - Quyết định."),
            ["Đề án Vị trí việc làm", "Quyết định"]
        );
        assert_eq!(
            split_deliverables("Cuộc kiểm tra/ Văn bản đôn đốc/ hướng dẫn"),
            ["Cuộc kiểm tra", "Văn bản đôn đốc/ hướng dẫn"]
        );
        // Commas inside a description stay.
        let one = "Các phản ánh, kiến nghị của tổ chức, cá nhân về quy định hành chính được giải quyết kịp thời";
        assert_eq!(split_deliverables(one), [one]);
        assert_eq!(
            split_deliverables("Báo cáo; (Đề án/ Kế hoạch); Quyết định"),
            ["Báo cáo", "(Đề án/ Kế hoạch)", "Quyết định"]
        );
        assert_eq!(
            split_deliverables("Báo cáo rà soát, đánh giá TTHC; Văn bản hướng dẫn;..."),
            ["Báo cáo rà soát, đánh giá TTHC", "Văn bản hướng dẫn"]
        );
    }

    fn one(text: &str) -> (Comparator, f64, Option<String>, Option<String>) {
        let found = read_indicators(text, None);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        let i = &found[0];
        (i.comparator, i.value, i.unit.clone(), i.thing.clone())
    }

    #[test]
    fn indicator_values() {
        assert_eq!(read_indicators("Tối thiểu 80", Some("%"))[0].comparator, Comparator::AtLeast);
        // The signs (unseen17's "≥ 95" read no value before).
        for (text, comparator) in [
            ("≥ 95", Comparator::AtLeast),
            (">=95", Comparator::AtLeast),
            ("≤ 5", Comparator::AtMost),
            ("> 90", Comparator::MoreThan),
            ("< 2", Comparator::LessThan),
        ] {
            let read = read_indicators(text, Some("%"));
            assert_eq!(read.len(), 1, "{text}");
            assert_eq!(read[0].comparator, comparator, "{text}");
        }
        assert_eq!(read_indicators("≥ 95", Some("%"))[0].value, 95.0);
        assert_eq!(read_indicators("Tối thiểu 80", Some("%"))[0].unit.as_deref(), Some("%"));
        assert_eq!(one("đạt trên 85%"), (Comparator::MoreThan, 85.0, Some("%".into()), None));
        assert_eq!(one("từ 90% trở lên"), (Comparator::AtLeast, 90.0, Some("%".into()), None));
        assert_eq!(
            one("100% hồ sơ TTHC được cập nhật"),
            (Comparator::Equal, 100.0, Some("%".into()), Some("hồ sơ TTHC".into()))
        );
        assert_eq!(one("100% công chức"), (Comparator::Equal, 100.0, Some("%".into()), Some("công chức".into())));
        assert_eq!(one("25% các đơn vị thuộc Sở"), (Comparator::Equal, 25.0, Some("%".into()), Some("đơn vị".into())));
        assert_eq!(one("giảm 28 biên chế"), (Comparator::Decrease, 28.0, None, Some("biên chế".into())));
        assert_eq!(one("ít nhất 03 sáng kiến"), (Comparator::AtLeast, 3.0, None, Some("sáng kiến".into())));
        let found = read_indicators("02/03 đơn vị", None);
        assert_eq!((found[0].value, found[0].of, found[0].thing.as_deref()), (2.0, Some(3.0), Some("đơn vị")));
        assert!(read_indicators("Trước 15/01/2024 theo Quyết định số 2088/QĐ-UBND, ISO 9001:2015", None).is_empty());
        assert!(read_indicators("Năm 2024", None).is_empty());
    }

    #[test]
    fn amounts_under_a_header_naming_their_unit() {
        assert_eq!(amount_in_column("Kinh phí (triệu đồng)", "1.250"), Some(1.25e9));
        assert_eq!(amount_in_column("Dự toán (triệu đồng)", " 350 "), Some(3.5e8));
        assert_eq!(amount_in_column("Kinh phí (đồng)", "15.000.000"), Some(15e6));
        assert_eq!(amount_in_column("Kinh phí (tỷ đồng)", "2,5"), Some(2.5e9));
        assert_eq!(amount_in_column("Kinh phí (triệu đồng)", "Ngân sách tỉnh"), None);
        assert_eq!(amount_in_column("Kinh phí (triệu đồng)", "200 (*)"), None);
        assert_eq!(amount_in_column("Bắt đầu", "2033"), None);
    }

    #[test]
    fn budgets() {
        assert_eq!(read_budget("Theo dự toán được cấp").source, BudgetSource::AllocatedEstimate);
        let b = read_budget("Theo KH chuyển đổi số");
        assert_eq!((b.source, b.reference.as_deref()), (BudgetSource::OtherPlan, Some("KH chuyển đổi số")));
        assert_eq!(read_budget("Nguồn kinh phí sự nghiệp").source, BudgetSource::StateBudget);
        assert_eq!(read_budget("500 triệu đồng").amount_vnd, Some(5e8));
        assert_eq!(read_budget("1,5 tỷ").amount_vnd, Some(1.5e9));
        assert_eq!(read_budget("15.000.000").amount_vnd, Some(15e6));
        assert_eq!(read_budget("15000000").amount_vnd, Some(15e6));
    }
}
