//! Deadlines ("Thời gian hoàn thành", "Tiến độ") as a kind and a date range.

use super::fold;
use super::words::{DeadlineWords, WORDS};
use kehoach_parse::classes::{digits, space_end, word_boundary, year_at, years, SPACE};
use schemars::JsonSchema;
use serde::Serialize;

/// What kind of deadline a text states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// One day ("15/01/2024").
    Date,
    /// No later than a day or period ("Trước 15/01/2024", "Chậm nhất đến ngày 20/02/2024").
    ByDate,
    /// One or more months ("Tháng 01/2024", "Tháng 7, tháng 12/2024").
    Month,
    /// One or more quarters ("Quý I/2024", "Quý I-IV năm 2024").
    Quarter,
    /// One or more years ("Năm 2024", "Trong năm 2021").
    Year,
    /// From a start to an end ("Năm 2024-2026", "2021-2025", "Từ tháng 3 đến tháng 6/2024").
    Range,
    /// From a start on, with no end ("Bắt đầu thực hiện từ năm 2026", "Từ tháng 3/2026"):
    /// `end` is null.
    From,
    /// Repeats ("Thường xuyên", "Hằng tháng", "Hàng quý", "Định kỳ").
    Recurring,
    /// Relative to an event ("Sau khi UBND tỉnh ban hành Đề án", "Trong thời gian 10 ngày kể từ …").
    Event,
    /// Set by another plan or document ("Theo Kế hoạch của Bộ Nội vụ").
    PerPlan,
    /// Not understood; the raw text is kept and a diagnostic lists it.
    Unparsed,
}

impl DeadlineKind {
    /// The snake_case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            DeadlineKind::Date => "date",
            DeadlineKind::ByDate => "by_date",
            DeadlineKind::Month => "month",
            DeadlineKind::Quarter => "quarter",
            DeadlineKind::Year => "year",
            DeadlineKind::Range => "range",
            DeadlineKind::From => "from",
            DeadlineKind::Recurring => "recurring",
            DeadlineKind::Event => "event",
            DeadlineKind::PerPlan => "per_plan",
            DeadlineKind::Unparsed => "unparsed",
        }
    }
}

/// How a recurring deadline repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// "Thường xuyên", "liên tục": all the time.
    Continuous,
    /// "Hằng tháng".
    Monthly,
    /// "Hằng quý".
    Quarterly,
    /// "Hằng năm".
    Yearly,
    /// "Định kỳ" (periodically, period not said), "đột xuất" (as needed).
    Periodic,
}

/// One period of a deadline: an ISO date range, both ends included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Period {
    /// First day (ISO 8601).
    pub start: String,
    /// Last day (ISO 8601).
    pub end: String,
}

/// The structured reading of a deadline text.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct DeadlineReading {
    /// What the text states.
    pub kind: DeadlineKind,
    /// First day of the time the text allows (ISO 8601), when known. Null
    /// for "by" deadlines (no start) and when no date can be worked out.
    pub start: Option<String>,
    /// Last day (ISO 8601), when known.
    pub end: Option<String>,
    /// The separate periods when the text names several ("Tháng 7, tháng
    /// 12/2024", "Quý I, II năm 2024"); `start`/`end` then span them all.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub periods: Vec<Period>,
    /// How it repeats, for recurring deadlines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<Recurrence>,
    /// The event (for `event`) or the governing plan or document (for
    /// `per_plan`), as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The year was not printed and was taken from the document.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub year_inferred: bool,
}

/// A calendar day: (year, month, day).
type Ymd = (i32, u32, u32);

/// A period found in the text, with its granularity and position.
#[derive(Clone, Debug)]
struct Found {
    at: usize,
    grain: Grain,
    start: Option<Ymd>,
    end: Option<Ymd>,
    inferred: bool,
}

impl Found {
    /// One day found at byte `at`; `inferred` when its year was not printed.
    fn day(at: usize, date: Ymd, inferred: bool) -> Found {
        Found { at, grain: Grain::Day, start: Some(date), end: Some(date), inferred }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Grain {
    Day,
    Month,
    Quarter,
    Year,
    YearRange,
}

/// A whole date, by a scanner (compiled, its regex cost ~1 M instructions
/// per process): where the match starts and ends, the day, month and year.
#[derive(Debug, PartialEq)]
struct Date<'t> {
    start: usize,
    end: usize,
    day: &'t str,
    month: &'t str,
    year: &'t str,
}

/// The whole dates of `text`, as `captures_iter` of
/// `(?:^|[^0-9/])([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})|ngày\s+([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\s+năm\s+([0-9]{4})`
/// finds them ("03/04/2026", "ngày 3 tháng 4 năm 2026"). A match of the
/// first form starts at the character before the day, if any.
fn dates(text: &str) -> Vec<Date<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(date) = text[from..].char_indices().find_map(|(i, c)| {
        let start = from + i;
        let day_at = if start == 0 && c.is_ascii_digit() {
            Some(0)
        } else {
            (!c.is_ascii_digit() && c != '/').then(|| start + c.len_utf8())
        };
        day_at.and_then(|at| numeric_date(text, start, at)).or_else(|| worded_date(text, start))
    }) {
        from = date.end;
        found.push(date);
    }
    found
}

/// Whether folded text `before` a number ends with the word "tháng" or
/// "quý" (the spaces after it aside, and the character a numeric date's
/// match starts with): the number starts a list of months or quarters.
fn after_period_word(before: &str) -> bool {
    let before = before.trim_end();
    ["tháng", "quý"].iter().any(|word| {
        before.strip_suffix(word).is_some_and(|head| !head.chars().next_back().is_some_and(char::is_alphanumeric))
    })
}

/// `([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})` at byte `at`.
fn numeric_date(text: &str, start: usize, at: usize) -> Option<Date<'_>> {
    let separator = |at: usize| {
        let at = space_end(text, at);
        matches!(text.as_bytes().get(at), Some(b'/' | b'.' | b'-')).then(|| space_end(text, at + 1))
    };
    let day_end = one_or_two_digits(text, at)?;
    let month_at = separator(day_end)?;
    let month_end = one_or_two_digits(text, month_at)?;
    let year_at = separator(month_end)?;
    (digits(&text[year_at..]) >= 4).then(|| Date {
        start,
        end: year_at + 4,
        day: &text[at..day_end],
        month: &text[month_at..month_end],
        year: &text[year_at..year_at + 4],
    })
}

/// `ngày\s+([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\s+năm\s+([0-9]{4})` at byte `start`.
fn worded_date(text: &str, start: usize) -> Option<Date<'_>> {
    let word = |at: usize, word: &str| text[at..].starts_with(word).then(|| spaces(text, at + word.len())).flatten();
    let day_at = word(start, "ngày")?;
    let day_end = one_or_two_digits(text, day_at)?;
    let month_at = word(spaces(text, day_end)?, "tháng")?;
    let month_end = one_or_two_digits(text, month_at)?;
    let year_at = word(spaces(text, month_end)?, "năm")?;
    (digits(&text[year_at..]) >= 4).then(|| Date {
        start,
        end: year_at + 4,
        day: &text[day_at..day_end],
        month: &text[month_at..month_end],
        year: &text[year_at..year_at + 4],
    })
}
/// A list of months or quarters after its word, by a scanner ([`MONTHS`],
/// [`QUARTERS`]; compiled, their regexes cost ~1.4 M instructions per
/// process): where the match starts and ends, the first number, the rest
/// of the list as printed, and the year.
#[derive(Debug, PartialEq)]
struct Listed<'t> {
    start: usize,
    end: usize,
    first: &'t str,
    rest: &'t str,
    year: Option<&'t str>,
}

/// How a list of months or quarters is written.
struct ListForm {
    /// The word before the first number, and again before any other.
    word: &'static str,
    /// What parts the numbers.
    separators: &'static [&'static str],
    /// Where the first number at a byte ends, if one starts there.
    first: fn(&str, usize) -> Option<usize>,
    /// Where a later number ends (the first's shape, `\b` after it for
    /// quarters).
    later: fn(&str, usize) -> Option<usize>,
    /// Whether a comma may stand before the year's separator.
    comma: bool,
}

/// `tháng\s*([0-9]{1,2})((?:\s*(?:,|;|và|-|đến)\s*(?:tháng\s*)?[0-9]{1,2})*)\s*(?:(?:/|năm|-)\s*([0-9]{4}))?`:
/// "tháng 3, 6 và 9/2026", "tháng 3 - tháng 6 năm 2026".
const MONTHS: ListForm = ListForm {
    word: "tháng",
    separators: &[",", ";", "và", "-", "đến"],
    first: one_or_two_digits_greedy,
    later: one_or_two_digits_greedy,
    comma: false,
};

/// `quý\s*([ivx]+|[0-9])((?:\s*(?:,|/|-|và|đến)\s*(?:quý\s*)?(?:[ivx]+|[0-9])\b)*)\s*(?:,?\s*(?:/|năm|-)\s*([0-9]{4}))?`:
/// "quý ii, iii/2026", "quý 1 đến quý 3 năm 2026".
const QUARTERS: ListForm = ListForm {
    word: "quý",
    separators: &[",", "/", "-", "và", "đến"],
    first: quarter_at,
    later: |text, at| quarter_at(text, at).filter(|&end| word_boundary(text, end)),
    comma: true,
};

/// `[0-9]{1,2}` at byte `at`, greedy (a third digit may follow).
fn one_or_two_digits_greedy(text: &str, at: usize) -> Option<usize> {
    let n = digits(&text[at..]);
    (n > 0).then(|| at + n.min(2))
}

/// `[ivx]+|[0-9]` at byte `at`.
fn quarter_at(text: &str, at: usize) -> Option<usize> {
    let roman = text[at..].bytes().take_while(|b| matches!(b, b'i' | b'v' | b'x')).count();
    match roman {
        0 => text[at..].starts_with(|c: char| c.is_ascii_digit()).then_some(at + 1),
        n => Some(at + n),
    }
}

/// The matches of a list form's regex, as `captures_iter` finds them.
fn listed<'t>(text: &'t str, form: &ListForm) -> Vec<Listed<'t>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(form.word) {
        let start = from + i;
        match listed_at(text, start, form) {
            Some(m) => {
                from = m.end;
                found.push(m);
            }
            None => from = start + 1,
        }
    }
    found
}

/// The match of a list form's regex at byte `start`, if any. Its tail is
/// optional, so each greedy step's first choice that holds is the
/// regex's: the longest run of spaces, the word before a later number if
/// a number follows it, as many numbers as follow.
fn listed_at<'t>(text: &'t str, start: usize, form: &ListForm) -> Option<Listed<'t>> {
    let first_at = space_end(text, start + form.word.len());
    let first_end = (form.first)(text, first_at)?;
    let mut end = first_end;
    loop {
        let separator_at = space_end(text, end);
        let Some(separator) = form.separators.iter().find(|s| text[separator_at..].starts_with(**s)) else { break };
        let number_at = space_end(text, separator_at + separator.len());
        let after_word = text[number_at..]
            .starts_with(form.word)
            .then(|| (form.later)(text, space_end(text, number_at + form.word.len())))
            .flatten();
        match after_word.or_else(|| (form.later)(text, number_at)) {
            Some(number_end) => end = number_end,
            None => break,
        }
    }
    let rest = &text[first_end..end];
    let tail = space_end(text, end);
    let year_after = |at: usize| {
        let at = space_end(text, at);
        let separator = ["/", "năm", "-"].iter().find(|s| text[at..].starts_with(**s))?;
        let year = space_end(text, at + separator.len());
        (digits(&text[year..]) >= 4).then_some(year)
    };
    let comma = (form.comma && text[tail..].starts_with(',')).then(|| year_after(tail + 1)).flatten();
    let year = comma.or_else(|| year_after(tail));
    Some(Listed {
        start,
        end: year.map_or(tail, |y| y + 4),
        first: &text[first_at..first_end],
        rest,
        year: year.map(|y| &text[y..y + 4]),
    })
}

/// A day and month with no year, by a scanner (compiled, its regex cost
/// ~0.5 M instructions at start-up): where it starts and ends, the day and
/// the month.
struct DayMonth<'t> {
    start: usize,
    end: usize,
    day: &'t str,
    month: &'t str,
}

/// [`day_month_slash`] or [`day_month_words`].
type DayMonthScanner = fn(&str) -> Vec<DayMonth<'_>>;

/// `\s+` at byte `at`: where it ends.
fn spaces(text: &str, at: usize) -> Option<usize> {
    let end = space_end(text, at);
    (end > at).then_some(end)
}

/// One or two digits at byte `at` that no digit follows: where they end.
fn one_or_two_digits(text: &str, at: usize) -> Option<usize> {
    let n = digits(&text[at..]);
    (1..=2).contains(&n).then_some(at + n)
}

/// The matches of a scanner that tries each start from the left, in
/// order, and goes on after the end of each match (a regex's
/// `captures_iter`); `starts` lists the candidate starts.
fn matches_from<'t>(
    text: &'t str,
    starts: impl Fn(&str, usize) -> Option<usize>,
    at: impl Fn(usize) -> Option<DayMonth<'t>>,
) -> Vec<DayMonth<'t>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = starts(text, from) {
        match at(start) {
            Some(m) => {
                from = m.end;
                found.push(m);
            }
            None => from = start + text[start..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// The first of `words` in `text` at or after byte `from`.
fn first_of(text: &str, from: usize, words: &[&str]) -> Option<usize> {
    words.iter().filter_map(|w| text[from..].find(w)).min().map(|i| from + i)
}

/// "ngày 23 tháng 1" with no year, under a "Thời gian (Năm 2026)" header
/// or in a plan whose year is known: `ngày\s+([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\b`.
fn day_month_words(text: &str) -> Vec<DayMonth<'_>> {
    matches_from(
        text,
        |text, from| first_of(text, from, &["ngày"]),
        |start| {
            let day_at = spaces(text, start + "ngày".len())?;
            let day_end = one_or_two_digits(text, day_at)?;
            let month_word = spaces(text, day_end)?;
            if !text[month_word..].starts_with("tháng") {
                return None;
            }
            let month_at = spaces(text, month_word + "tháng".len())?;
            let month_end = one_or_two_digits(text, month_at)?;
            word_boundary(text, month_end).then_some(DayMonth {
                start,
                end: month_end,
                day: &text[day_at..day_end],
                month: &text[month_at..month_end],
            })
        },
    )
}

/// "15/01" with no year: `(?:trước|ngày)\s+(?:ngày\s+)?([0-9]{1,2})/([0-9]{1,2})(?:[^/0-9]|$)`.
fn day_month_slash(text: &str) -> Vec<DayMonth<'_>> {
    matches_from(
        text,
        |text, from| first_of(text, from, &["trước", "ngày"]),
        |start| {
            let word = if text[start..].starts_with("ngày") { "ngày".len() } else { "trước".len() };
            let mut day_at = spaces(text, start + word)?;
            if text[day_at..].starts_with("ngày") {
                day_at = spaces(text, day_at + "ngày".len()).unwrap_or(day_at);
            }
            let day_end = one_or_two_digits(text, day_at)?;
            let month_at = day_end + text[day_end..].strip_prefix('/').map(|_| 1)?;
            let month_end = one_or_two_digits(text, month_at)?;
            let end = match text[month_end..].chars().next() {
                None => month_end,
                Some('/') => return None,
                Some(c) => month_end + c.len_utf8(),
            };
            Some(DayMonth { start, end, day: &text[day_at..day_end], month: &text[month_at..month_end] })
        },
    )
}

/// The numbers of a list of months or quarters, left to right:
/// `[0-9]{1,2}|[ivx]+` (one or two digits, or a Roman numeral).
fn list_numbers(text: &str) -> impl Iterator<Item = &str> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let start = at;
            let run = |at: usize, f: fn(&u8) -> bool, most: usize| {
                bytes[at..].iter().take(most).take_while(|&b| f(b)).count()
            };
            let n = run(start, u8::is_ascii_digit, 2);
            let n = if n > 0 { n } else { run(start, |b| matches!(b, b'i' | b'v' | b'x'), usize::MAX) };
            if n > 0 {
                at = start + n;
                return Some(&text[start..at]);
            }
            at += 1;
        }
        None
    })
}

/// Reads a deadline text. `year` is the document's year, used when the
/// text leaves it out ("Quý II", "Tháng 3").
pub fn read_deadline(raw: &str, year: Option<i32>) -> DeadlineReading {
    let words: &DeadlineWords = &WORDS.deadline;
    let text = fold(raw);
    // OCR splits words ("Thườn g xuyên"): keywords are matched without spaces.
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let found = periods(&text, year);
    let inferred = found.iter().any(|f| f.inferred);
    let mut reading = DeadlineReading {
        kind: DeadlineKind::Unparsed,
        start: None,
        end: None,
        periods: Vec::new(),
        recurrence: None,
        event: None,
        year_inferred: inferred,
    };
    let span = |found: &[Found]| {
        let start = found.iter().filter_map(|f| f.start).min().map(iso);
        let end = found.iter().filter_map(|f| f.end).max().map(iso);
        (start, end)
    };
    // "Thực hiện thường xuyên", "Triển khai hằng năm": the verb says nothing.
    let compact = words
        .verbs
        .iter()
        .find_map(|verb| compact.strip_prefix(verb.as_str()).filter(|rest| recurrence(rest).is_some()))
        .map_or(compact.clone(), str::to_string);
    let starts = |list: &[String]| list.iter().any(|w| compact.starts_with(w.as_str()));
    let holds = |list: &[String]| list.iter().any(|w| compact.contains(w.as_str()));
    if let Some(recurrence) = recurrence(&compact) {
        reading.kind = DeadlineKind::Recurring;
        reading.recurrence = Some(recurrence);
        (reading.start, reading.end) = span(&found);
        // "Thường xuyên trong năm": all the plan's year.
        if found.is_empty() && holds(&words.whole_year) {
            if let Some(y) = year {
                (reading.start, reading.end) = (Some(iso((y, 1, 1))), Some(iso((y, 12, 31))));
                reading.year_inferred = true;
            }
        }
        if holds(&words.on_event) {
            // "Thường xuyên khi văn bản QPPL được ban hành": repeats on an event.
            reading.event = Some(raw.trim().to_string());
        }
        return reading;
    }
    if starts(&words.by) && !found.is_empty() {
        reading.kind = DeadlineKind::ByDate;
        reading.end = span(&found).1;
        return reading;
    }
    if starts(&words.event) && !starts(&words.not_event) {
        reading.kind = DeadlineKind::Event;
        reading.event = Some(raw.trim().to_string());
        return reading;
    }
    if starts(&words.per_plan) || (found.is_empty() && holds(&words.per_plan)) {
        reading.kind = DeadlineKind::PerPlan;
        reading.event = Some(raw.trim().to_string());
        return reading;
    }
    // "6 tháng đầu năm 2031": a half of the year it names.
    if let [Found { grain: Grain::Year, start: Some((y, _, _)), .. }] = found[..] {
        let phrase = compact.trim_end_matches('.').trim_end_matches(|c: char| c.is_ascii_digit());
        if let Some((_, first)) = words.half_year.iter().find(|(w, _)| phrase == w.as_str()) {
            let (start, end) = if *first { ((y, 1, 1), (y, 6, 30)) } else { ((y, 7, 1), (y, 12, 31)) };
            reading.kind = DeadlineKind::Range;
            (reading.start, reading.end) = (Some(iso(start)), Some(iso(end)));
            return reading;
        }
    }
    if found.is_empty() {
        // "Cả năm", "Trong năm": all the plan's year.
        let alone = compact.trim_end_matches('.');
        if let Some(y) = year.filter(|_| words.the_year.iter().any(|w| alone == w.as_str())) {
            reading.kind = DeadlineKind::Year;
            (reading.start, reading.end) = (Some(iso((y, 1, 1))), Some(iso((y, 12, 31))));
            reading.year_inferred = true;
        }
        // "6 tháng đầu năm", "6 tháng cuối năm": a half of the plan's year.
        let half = words.half_year.iter().find(|(w, _)| alone == w.as_str()).map(|(_, first)| *first);
        if let (Some(y), Some(first)) = (year, half) {
            reading.kind = DeadlineKind::Range;
            let (start, end) = if first { ((y, 1, 1), (y, 6, 30)) } else { ((y, 7, 1), (y, 12, 31)) };
            (reading.start, reading.end) = (Some(iso(start)), Some(iso(end)));
            reading.year_inferred = true;
        }
        return reading;
    }
    // "Bắt đầu thực hiện từ năm 2026", "Từ tháng 3/2026": a start, no end.
    if (holds(&words.start) || starts(&words.from)) && !holds(&words.until) && found.len() == 1 {
        reading.kind = DeadlineKind::From;
        reading.start = span(&found).0;
        return reading;
    }
    // Here on the text with its spaces: "từ" before a space ("từng" is no "từ").
    let until = words.until.iter().any(|w| text.contains(w.as_str()));
    let from =
        words.from.iter().any(|w| text.match_indices(w.as_str()).any(|(i, _)| text[i + w.len()..].starts_with(' ')));
    let is_range = found.iter().any(|f| f.grain == Grain::YearRange)
        || (from && until)
        || (found.len() == 2 && found[0].grain == found[1].grain && until);
    (reading.start, reading.end) = span(&found);
    reading.kind = if is_range {
        DeadlineKind::Range
    } else {
        match found.iter().map(|f| f.grain).min().unwrap_or(Grain::Year) {
            Grain::Day => DeadlineKind::Date,
            Grain::Month => DeadlineKind::Month,
            Grain::Quarter => DeadlineKind::Quarter,
            Grain::Year | Grain::YearRange => DeadlineKind::Year,
        }
    };
    if found.len() > 1 && !is_range {
        reading.periods =
            found.iter().filter_map(|f| Some(Period { start: iso(f.start?), end: iso(f.end?) })).collect();
    }
    reading
}

fn recurrence(compact: &str) -> Option<Recurrence> {
    let words = &WORDS.deadline;
    let compact = words.spellings.iter().fold(compact.to_string(), |text, (variant, w)| text.replace(variant, w));
    // A period that comes back: "trong tháng 01 hằng năm", "tháng 9 hằng
    // năm" (yearly, in that month), "Trước ngày 05 của tháng liền kề",
    // "ngày 20 hằng tháng" (monthly). "Theo kế hoạch thẩm định hằng năm" is
    // set by another plan.
    let per_plan = words.per_plan.iter().any(|w| compact.starts_with(w.as_str()));
    words
        .recurs
        .iter()
        .find(|(word, _)| compact.starts_with(word.as_str()))
        .or_else(|| words.recurs_within.iter().find(|(word, _)| compact.contains(word.as_str()) && !per_plan))
        .map(|(_, r)| *r)
}

fn periods(text: &str, year: Option<i32>) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let free = |taken: &[(usize, usize)], s: usize, e: usize| taken.iter().all(|(a, b)| e <= *a || s >= *b);
    let has = |word: &str| text.contains(word);
    // "tháng 3 - 6", "quý I đến quý III": a range of months or quarters.
    let until = |rest: &str| WORDS.deadline.until.iter().any(|w| rest.contains(w.as_str()));
    let dates = if has("/") || has("ngày") || has(".") || has("-") { dates(text) } else { Vec::new() };
    for d in dates {
        // "Tháng 6 - 9/2038", "Quý 2-3/2038": after the word, the numbers
        // are a list of months or quarters with their year, not a day.
        if !text[d.start..].starts_with("ngày") && after_period_word(&text[..d.start]) {
            continue;
        }
        if let Some(date) = day(d.year.parse().ok(), d.month.parse().ok(), d.day.parse().ok()) {
            found.push(Found::day(d.start, date, false));
            taken.push((d.start, d.end));
        }
    }
    // A day and month without a year ("15/01", "ngày 23 tháng 1"): the
    // year comes from the context.
    let day_month_forms: [(bool, DayMonthScanner); 2] =
        [(has("/"), day_month_slash), (has("ngày") && has("tháng"), day_month_words)];
    for (present, scan) in day_month_forms {
        if !present {
            continue;
        }
        for m in scan(text) {
            if !free(&taken, m.start, m.end) {
                continue;
            }
            if let Some(date) = day(year, m.month.parse().ok(), m.day.parse().ok()) {
                found.push(Found::day(m.start, date, true));
                taken.push((m.start, m.end));
            }
        }
    }
    let months = if has("tháng") { listed(text, &MONTHS) } else { Vec::new() };
    for c in months {
        if !free(&taken, c.start, c.end) {
            continue;
        }
        let printed_year = c.year.and_then(|y| y.parse::<i32>().ok());
        let y = printed_year.or(year);
        let mut numbers: Vec<u32> = vec![c.first.parse().unwrap_or(0)];
        let rest = c.rest;
        numbers.extend(list_numbers(rest).filter_map(|n| n.parse::<u32>().ok()));
        let ranged = rest.contains('-') || until(rest);
        let months: Vec<u32> = if ranged && numbers.len() == 2 { (numbers[0]..=numbers[1]).collect() } else { numbers };
        let months: Vec<u32> = months.into_iter().filter(|m| (1..=12).contains(m)).collect();
        if months.is_empty() {
            continue;
        }
        let bounds: Vec<(Option<Ymd>, Option<Ymd>)> =
            months.iter().map(|&m| (y.map(|y| (y, m, 1)), y.map(|y| (y, m, days_in_month(y, m))))).collect();
        if ranged {
            found.push(Found {
                at: c.start,
                grain: Grain::Month,
                start: bounds.first().and_then(|b| b.0),
                end: bounds.last().and_then(|b| b.1),
                inferred: printed_year.is_none() && y.is_some(),
            });
        } else {
            for (start, end) in bounds {
                found.push(Found {
                    at: c.start,
                    grain: Grain::Month,
                    start,
                    end,
                    inferred: printed_year.is_none() && y.is_some(),
                });
            }
        }
        taken.push((c.start, c.end));
    }
    let quarters = if has("quý") { listed(text, &QUARTERS) } else { Vec::new() };
    for c in quarters {
        if !free(&taken, c.start, c.end) {
            continue;
        }
        let printed_year = c.year.and_then(|y| y.parse::<i32>().ok());
        let y = printed_year.or(year);
        let mut numbers: Vec<u32> = vec![quarter_number(c.first)];
        let rest = c.rest;
        numbers.extend(list_numbers(rest).map(quarter_number));
        let ranged = rest.contains('-') || until(rest);
        let quarters: Vec<u32> =
            if ranged && numbers.len() == 2 { (numbers[0]..=numbers[1]).collect() } else { numbers };
        let quarters: Vec<u32> = quarters.into_iter().filter(|q| (1..=4).contains(q)).collect();
        if quarters.is_empty() {
            continue;
        }
        let bound = |q: u32| {
            let first = (q - 1) * 3 + 1;
            (y.map(|y| (y, first, 1)), y.map(|y| (y, first + 2, days_in_month(y, first + 2))))
        };
        let inferred = printed_year.is_none() && y.is_some();
        if ranged {
            found.push(Found {
                at: c.start,
                grain: Grain::Quarter,
                start: bound(quarters[0]).0,
                end: bound(*quarters.last().expect("non-empty")).1,
                inferred,
            });
        } else {
            for q in quarters {
                let (start, end) = bound(q);
                found.push(Found { at: c.start, grain: Grain::Quarter, start, end, inferred });
            }
        }
        taken.push((c.start, c.end));
    }
    for (range_start, range_end, first, last) in year_ranges(text) {
        if !free(&taken, range_start, range_end) {
            continue;
        }
        let (a, b): (i32, i32) = (first.parse().unwrap_or(0), last.parse().unwrap_or(0));
        if a <= b {
            found.push(Found {
                at: range_start,
                grain: Grain::YearRange,
                start: Some((a, 1, 1)),
                end: Some((b, 12, 31)),
                inferred: false,
            });
            taken.push((range_start, range_end));
        }
    }
    // A month and year alone, "12/2034" (what a sheet formatted "mm/yyyy"
    // prints); a day's date ("30/06/2034") was taken above.
    for (start, end, month, y) in month_years(text) {
        if free(&taken, start, end) {
            let bounds = (Some((y, month, 1)), Some((y, month, days_in_month(y, month))));
            found.push(Found { at: start, grain: Grain::Month, start: bounds.0, end: bounds.1, inferred: false });
            taken.push((start, end));
        }
    }
    for at in years(text) {
        if !free(&taken, at, at + 4) {
            continue;
        }
        let y: i32 = text[at..at + 4].parse().unwrap_or(0);
        found.push(Found { at, grain: Grain::Year, start: Some((y, 1, 1)), end: Some((y, 12, 31)), inferred: false });
        taken.push((at, at + 4));
    }
    found.sort_by_key(|f| f.at);
    found
}

fn quarter_number(s: &str) -> u32 {
    match s {
        "i" | "1" => 1,
        "ii" | "2" => 2,
        "iii" | "3" => 3,
        "iv" | "4" => 4,
        _ => 0,
    }
}

fn day(year: Option<i32>, month: Option<u32>, day: Option<u32>) -> Option<Ymd> {
    let (y, m, d) = (year?, month?, day?);
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) && (1900..=2100).contains(&y)).then_some((y, m, d))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn iso((y, m, d): Ymd) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// The year ranges in `text` ("2021-2025", "năm 2021 đến 2025"): where each
/// match of `(?:năm\s*)?\b((?:19|20)[0-9]{2})\s*(?:-|–|đến)\s*((?:19|20)[0-9]{2})\b`
/// starts and ends, and its two years, left to right. Compiled, that regex
/// cost ~2.5 M instructions.
/// "12/2034", "6/2034": a month (1–12) of one or two digits, "/", a year,
/// as (start, end, month, year); not part of a longer date or number
/// ("30/06/2034", "61/2018/NĐ-CP").
fn month_years(text: &str) -> Vec<(usize, usize, u32, i32)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (slash, _) in text.match_indices('/') {
        let year = slash + 1;
        if !year_at(text, year) || !word_boundary(text, year + 4) || bytes.get(year + 4) == Some(&b'/') {
            continue;
        }
        let digits = bytes[..slash].iter().rev().take_while(|b| b.is_ascii_digit()).count();
        let start = slash - digits;
        if !(1..=2).contains(&digits) || start.checked_sub(1).is_some_and(|k| matches!(bytes[k], b'/' | b'.' | b'-')) {
            continue;
        }
        let month: u32 = text[start..slash].parse().unwrap_or(0);
        if (1..=12).contains(&month) && word_boundary(text, start) {
            out.push((start, year + 4, month, text[year..year + 4].parse().unwrap_or(0)));
        }
    }
    out
}

fn year_ranges(text: &str) -> Vec<(usize, usize, &str, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    for (first, c) in text.char_indices() {
        if first < from || !c.is_ascii_digit() || !word_boundary(text, first) || !year_at(text, first) {
            continue;
        }
        let dash_at = space_end(text, first + 4);
        let Some(dash) = ["-", "–", "đến"].into_iter().find(|d| text[dash_at..].starts_with(d)) else { continue };
        let last = space_end(text, dash_at + dash.len());
        if !year_at(text, last) || !word_boundary(text, last + 4) {
            continue;
        }
        // "năm" and white space before the first year start the match.
        let before = text[from..first].trim_end_matches(|c| SPACE.contains(c));
        let start = before.strip_suffix("năm").map_or(first, |b| from + b.len());
        out.push((start, last + 4, &text[first..first + 4], &text[last..last + 4]));
        from = last + 4;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn a_month_and_year_alone() {
        assert_eq!(month_years("12/2034"), vec![(0, 7, 12, 2034)]);
        assert_eq!(month_years("trước 6/2034;"), vec![(9, 15, 6, 2034)]);
        for other in ["30/06/2034", "theo nghị định 12/2018/nđ-cp", "13/2034", "1.12/2034", "123/2034", "12/20345"]
        {
            assert!(month_years(other).is_empty(), "{other}");
        }
    }

    #[test]
    fn the_month_and_quarter_scanners_agree_with_the_regexes() {
        let months = Regex::new(
            r"tháng\s*([0-9]{1,2})((?:\s*(?:,|;|và|-|đến)\s*(?:tháng\s*)?[0-9]{1,2})*)\s*(?:(?:/|năm|-)\s*([0-9]{4}))?",
        )
        .expect("valid regex");
        let quarters = Regex::new(
            r"quý\s*([ivx]+|[0-9])((?:\s*(?:,|/|-|và|đến)\s*(?:quý\s*)?(?:[ivx]+|[0-9])\b)*)\s*(?:,?\s*(?:/|năm|-)\s*([0-9]{4}))?",
        )
        .expect("valid regex");
        let cases = [
            "tháng 3, 6 và 9/2026",
            "tháng 3 - tháng 6 năm 2026 tháng 123",
            "tháng 3 - 2026",
            "tháng3;4 đến tháng  5 -2026x tháng 7 ",
            "tháng 12 năm 20261, tháng tháng 1",
            "tháng 1, tháng x 2",
            "tháng\u{a0}2 /\u{2003}2027",
            "tháng 2 và",
            "quý ii, iii/2026",
            "quý 1 đến quý 3 năm 2026",
            "quý 1/2026 quý iv , 2026 quý ii, năm 2026",
            "quý 12 quý ivx quý in, quý 1, 23",
            "quý i - quý iin quý 1 - 2x quý 3 -  4 , - 2026",
            "quý , quýii quý",
            "",
        ];
        let lines: Vec<String> = super::super::tests::seed_lines_and_cells();
        let folded: Vec<String> = lines.iter().map(|l| fold(l)).collect();
        let texts = cases.iter().map(|c| c.to_string()).chain(lines).chain(folded);
        let mut found = 0;
        for text in texts {
            for (re, form) in [(&months, &MONTHS), (&quarters, &QUARTERS)] {
                let expected: Vec<Listed<'_>> = re
                    .captures_iter(&text)
                    .map(|c| {
                        let whole = c.get(0).expect("match");
                        Listed {
                            start: whole.start(),
                            end: whole.end(),
                            first: c.get(1).expect("group").as_str(),
                            rest: c.get(2).map_or("", |m| m.as_str()),
                            year: c.get(3).map(|m| m.as_str()),
                        }
                    })
                    .collect();
                found += expected.len();
                assert_eq!(listed(&text, form), expected, "{text:?}");
            }
        }
        assert!(found >= 20, "the cases hold months and quarters");
    }

    #[test]
    fn the_date_scanner_agrees_with_the_regex() {
        let re = Regex::new(r"(?:^|[^0-9/])([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})|ngày\s+([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\s+năm\s+([0-9]{4})").expect("valid regex");
        let cases = [
            "03/04/2026",
            "x3.4.2026 và 5 - 6 - 20277/8/2028",
            "trước 15/01/2026, 1/2/2026 3/4/2026",
            "/1/2/2026 11/2/2026",
            "123/4/2026 12/345/2026 1/2/202",
            "1 /\u{a0}2 -\u{2003}2026",
            "é1/2/2026",
            "ngày 3 tháng 4 năm 2026, ngày  12 tháng 12 năm 20261",
            "ngày3 tháng 4 năm 2026 ngày 3 tháng 4 năm 202 ngày 3 tháng 4 năm2026",
            "ngày 123 tháng 4 năm 2026 ngày 1/2/2026",
            "Ngày 3 tháng 4 năm 2026",
            "1/2/2026ngày 3 tháng 4 năm 2026",
            "",
        ];
        let lines = super::super::tests::seed_lines_and_cells();
        let mut found = 0;
        for text in cases.iter().map(|c| c.to_string()).chain(lines) {
            let expected: Vec<Date<'_>> = re
                .captures_iter(&text)
                .map(|c| {
                    let whole = c.get(0).expect("match");
                    let (d, m, y) = match c.get(1) {
                        Some(_) => (1, 2, 3),
                        None => (4, 5, 6),
                    };
                    let group = |i: usize| c.get(i).expect("group").as_str();
                    Date { start: whole.start(), end: whole.end(), day: group(d), month: group(m), year: group(y) }
                })
                .collect();
            found += expected.len();
            assert_eq!(dates(&text), expected, "{text:?}");
        }
        assert!(found >= 10, "the cases hold dates");
    }

    #[test]
    fn the_day_month_and_number_scanners_agree_with_the_regexes() {
        let words = Regex::new(r"ngày\s+([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\b").expect("valid regex");
        let slash =
            Regex::new(r"(?:trước|ngày)\s+(?:ngày\s+)?([0-9]{1,2})/([0-9]{1,2})(?:[^/0-9]|$)").expect("valid regex");
        let number = Regex::new(r"[0-9]{1,2}|[ivx]+").expect("valid regex");
        let cases = [
            "ngày 23 tháng 1",
            "ngày  3\u{a0}tháng 12a ngày 1 tháng 123 ngày 4 tháng 5é ngày 4 tháng 5.",
            "ngàyngày 1 tháng 2",
            "trước ngày 15/01, trước 3/4/2024 ngày ngày 1/2 ngày 12/123 trước 1/2",
            "trướcngày 1/2 ngày ngày1/2 ngày 1/2/ ngày 1/2x",
            "quý i, ii và iv 2024 tháng 3, 12, 123 xiv",
            "",
        ];
        let seeds = super::super::tests::seed_lines_and_cells();
        let mut found = 0;
        for text in cases.iter().map(|c| c.to_string()).chain(seeds.iter().map(|l| super::fold(l))) {
            let text = text.as_str();
            for (re, scan) in [(&words, day_month_words as DayMonthScanner), (&slash, day_month_slash)] {
                let expected: Vec<_> = re
                    .captures_iter(text)
                    .map(|c| (c.get(0).expect("m").range(), c[1].to_string(), c[2].to_string()))
                    .collect();
                let got: Vec<_> =
                    scan(text).into_iter().map(|m| (m.start..m.end, m.day.to_string(), m.month.to_string())).collect();
                assert_eq!(got, expected, "{text:?}");
                found += got.len();
            }
            assert_eq!(
                list_numbers(text).collect::<Vec<_>>(),
                number.find_iter(text).map(|m| m.as_str()).collect::<Vec<_>>(),
                "{text:?}"
            );
        }
        assert!(found >= 15, "{found}");
    }

    #[test]
    fn the_year_range_scanner_agrees_with_the_regex() {
        let re =
            Regex::new(r"(?:năm\s*)?\b((?:19|20)[0-9]{2})\s*(?:-|–|đến)\s*((?:19|20)[0-9]{2})\b").expect("valid regex");
        let cases = [
            "giai đoạn 2021-2025",
            "năm 2021 đến 2025",
            "Năm 2021 - 2025",
            "năm\u{a0}2021–2025; năm  2026-2030",
            "năm2021-2025",
            "2020đến2021",
            "2020-2021-2022",
            "x2020-2021",
            "2020-20211",
            "2020-2021x",
            "20201-2022",
            "2020 -2021 năm 1999 đến 2000",
            "năm năm 2020-2021",
            "",
        ];
        let seeds: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seeds"))
            .expect("seeds")
            .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("UTF-8 seed"))
            .collect();
        let lines = seeds.iter().flat_map(|s| s.lines()).flat_map(|l| [l.to_string(), fold(l)]);
        let mut matched = 0;
        for text in cases.into_iter().map(str::to_string).chain(lines) {
            let expected: Vec<(usize, usize, &str, &str)> = re
                .captures_iter(&text)
                .map(|c| {
                    let whole = c.get(0).expect("match");
                    let (a, b) = (c.get(1).expect("first"), c.get(2).expect("last"));
                    (whole.start(), whole.end(), a.as_str(), b.as_str())
                })
                .collect();
            matched += expected.len();
            assert_eq!(year_ranges(&text), expected, "{text:?}");
        }
        assert!(matched >= 5, "{matched}");
    }

    fn read(text: &str) -> (DeadlineKind, Option<String>, Option<String>) {
        let r = read_deadline(text, Some(2024));
        (r.kind, r.start, r.end)
    }

    fn range(kind: DeadlineKind, start: &str, end: &str) -> (DeadlineKind, Option<String>, Option<String>) {
        (kind, Some(start.to_string()), Some(end.to_string()))
    }

    #[test]
    fn exact_and_by_dates() {
        let r = read_deadline("Trước ngày 05/9", Some(2024));
        assert_eq!((r.kind, r.end.as_deref(), r.year_inferred), (DeadlineKind::ByDate, Some("2024-09-05"), true));
    }

    #[test]
    fn months() {
        let r = read_deadline("Tháng 7, tháng 12/2024", None);
        assert_eq!(r.kind, DeadlineKind::Month);
        assert_eq!(
            r.periods,
            [
                Period { start: "2024-07-01".into(), end: "2024-07-31".into() },
                Period { start: "2024-12-01".into(), end: "2024-12-31".into() }
            ]
        );
        assert_eq!((r.start.as_deref(), r.end.as_deref()), (Some("2024-07-01"), Some("2024-12-31")));
        assert_eq!(read("Trình UBND tỉnh trong tháng 6/2024"), range(DeadlineKind::Month, "2024-06-01", "2024-06-30"));
    }

    #[test]
    fn months_ranged_with_a_slash_year_are_no_day() {
        // Not the day 2038-09-06 that "6 - 9/2038" spells alone.
        let r = read_deadline("Tháng 6 - 9/2038", None);
        assert_eq!(
            (r.kind, r.start.as_deref(), r.end.as_deref()),
            (DeadlineKind::Month, Some("2038-06-01"), Some("2038-09-30"))
        );
        let r = read_deadline("tháng 3-10/2038", None);
        assert_eq!((r.start.as_deref(), r.end.as_deref()), (Some("2038-03-01"), Some("2038-10-31")));
        let r = read_deadline("Quý 2 - 3/2038", None);
        assert_eq!(
            (r.kind, r.start.as_deref(), r.end.as_deref()),
            (DeadlineKind::Quarter, Some("2038-04-01"), Some("2038-09-30"))
        );
        // A date is still a date, after other words or none.
        assert_eq!(read("6-9-2038"), range(DeadlineKind::Date, "2038-09-06", "2038-09-06"));
        assert_eq!(read("Trong tháng: 15/9/2038").1.as_deref(), Some("2038-09-15"));
        let r = read_deadline("Trước ngày 15/9/2038", None);
        assert_eq!((r.kind, r.end.as_deref()), (DeadlineKind::ByDate, Some("2038-09-15")));
        assert!(after_period_word("tháng ") && after_period_word("từ quý") && !after_period_word("hàngtháng "));
        assert!(!after_period_word("ngày") && !after_period_word(""));
    }

    #[test]
    fn the_whole_year_alone_is_the_plans_year() {
        for text in ["Cả năm", "cả năm.", "Trong năm", "Suốt năm"] {
            let r = read_deadline(text, Some(2038));
            assert_eq!(
                (r.kind, r.start.as_deref(), r.end.as_deref(), r.year_inferred),
                (DeadlineKind::Year, Some("2038-01-01"), Some("2038-12-31"), true),
                "{text}"
            );
        }
        assert_eq!(read_deadline("Cả năm", None).kind, DeadlineKind::Unparsed, "no year known");
        // A half of it (unseen17).
        let r = read_deadline("6 tháng đầu năm", Some(2042));
        assert_eq!(
            (r.kind, r.start.as_deref(), r.end.as_deref(), r.year_inferred),
            (DeadlineKind::Range, Some("2042-01-01"), Some("2042-06-30"), true)
        );
        let r = read_deadline("6 tháng cuối năm.", Some(2042));
        assert_eq!((r.start.as_deref(), r.end.as_deref()), (Some("2042-07-01"), Some("2042-12-31")));
        assert_eq!(read_deadline("6 tháng đầu năm", None).kind, DeadlineKind::Unparsed, "no year known");
        let r = read_deadline("6 tháng đầu năm 2031", None);
        assert_eq!(
            (r.kind, r.start.as_deref(), r.end.as_deref(), r.year_inferred),
            (DeadlineKind::Range, Some("2031-01-01"), Some("2031-06-30"), false)
        );
        assert_eq!(read_deadline("Cả năm học", Some(2038)).kind, DeadlineKind::Unparsed, "a school year is not");
        let r = read_deadline("Thường xuyên trong năm", Some(2038));
        assert_eq!(r.kind, DeadlineKind::Recurring);
    }

    #[test]
    fn quarters() {
        let r = read_deadline("Quý I-IV năm 2024", None);
        assert!(r.periods.is_empty(), "a range is one period");
        let r = read_deadline("Quý I, II năm 2024", None);
        assert_eq!(r.periods.len(), 2);
        assert_eq!((r.start.as_deref(), r.end.as_deref()), (Some("2024-01-01"), Some("2024-06-30")));
        let r = read_deadline("Quý II, III/2024", None);
        assert_eq!(r.periods.len(), 2);
        let r = read_deadline("Quý II", Some(2021));
        assert_eq!((r.start.as_deref(), r.year_inferred), (Some("2021-04-01"), true));
        let r = read_deadline("Quý I/II/III, năm", Some(2024));
        assert_eq!((r.kind, r.periods.len(), r.end.as_deref()), (DeadlineKind::Quarter, 3, Some("2024-09-30")));
        let r = read_deadline("Quý IV", None);
        assert_eq!((r.kind, r.start), (DeadlineKind::Quarter, None), "no year anywhere: kind without dates");
    }

    #[test]
    fn recurring() {
        let r = read_deadline("Thường xuyên", Some(2024));
        assert_eq!((r.kind, r.recurrence, r.start), (DeadlineKind::Recurring, Some(Recurrence::Continuous), None));
        assert_eq!(read_deadline("Thườn g xuyên", None).recurrence, Some(Recurrence::Continuous));
        assert_eq!(read_deadline("Hằng tháng", None).recurrence, Some(Recurrence::Monthly));
        assert_eq!(read_deadline("Hàng quý", None).recurrence, Some(Recurrence::Quarterly));
        assert_eq!(read_deadline("Hàng năm", None).recurrence, Some(Recurrence::Yearly));
        assert_eq!(read_deadline("Định kỳ/ đột xuất", None).recurrence, Some(Recurrence::Periodic));
        let r = read_deadline("Thường xuyên trong năm 2021", None);
        assert_eq!((r.start.as_deref(), r.end.as_deref()), (Some("2021-01-01"), Some("2021-12-31")));
    }

    /// The readings issue 14 lists, seen in real plans.
    #[test]
    fn readings_of_real_plans() {
        let r = read_deadline("trong tháng 01 hằng năm", Some(2026));
        assert_eq!((r.kind, r.recurrence), (DeadlineKind::Recurring, Some(Recurrence::Yearly)));
        assert_eq!((r.start.as_deref(), r.end.as_deref()), (Some("2026-01-01"), Some("2026-01-31")));
        let r = read_deadline("tháng 9 hằng năm", Some(2026));
        assert_eq!((r.kind, r.recurrence), (DeadlineKind::Recurring, Some(Recurrence::Yearly)));
        assert_eq!(r.start.as_deref(), Some("2026-09-01"));
        let r = read_deadline("Bắt đầu thực hiện từ năm 2026", None);
        assert_eq!((r.kind, r.start.as_deref(), r.end), (DeadlineKind::From, Some("2026-01-01"), None));
        let r = read_deadline("Từ tháng 3/2026", None);
        assert_eq!((r.kind, r.start.as_deref(), r.end), (DeadlineKind::From, Some("2026-03-01"), None));
        let r = read_deadline("Thực hiện thường xuyên trong năm", Some(2026));
        assert_eq!((r.kind, r.recurrence), (DeadlineKind::Recurring, Some(Recurrence::Continuous)));
        assert_eq!((r.start.as_deref(), r.end.as_deref()), (Some("2026-01-01"), Some("2026-12-31")));
        let r = read_deadline("Trước ngày 05 của tháng liền kề", Some(2026));
        assert_eq!((r.kind, r.recurrence), (DeadlineKind::Recurring, Some(Recurrence::Monthly)));
        let r = read_deadline("ngày 23 tháng 1", Some(2026));
        assert_eq!((r.kind, r.start.as_deref(), r.year_inferred), (DeadlineKind::Date, Some("2026-01-23"), true));
        let r = read_deadline("trước ngày 15 tháng 12", Some(2026));
        assert_eq!((r.kind, r.end.as_deref()), (DeadlineKind::ByDate, Some("2026-12-15")));
        // "Từ … đến …" stays a range.
        assert_eq!(read_deadline("Từ tháng 3 đến tháng 6/2024", None).kind, DeadlineKind::Range);
    }

    #[test]
    fn events_and_other_plans() {
        for text in [
            "Sau khi UBND tỉnh ban hành Đề án",
            "Ngay sau khi Kế hoạch CCHC được ban hành",
            "Trong thời gian 10 ngày kể từ ngày tiếp nhận",
            "Khi TTHC có thay đổi",
            "Thực hiện khi UBND tỉnh triển khai",
        ] {
            let r = read_deadline(text, Some(2024));
            assert_eq!(r.kind, DeadlineKind::Event, "{text}");
            assert_eq!(r.event.as_deref(), Some(text));
        }
        let r = read_deadline("Theo Kế hoạch của Bộ Nội vụ", Some(2024));
        assert_eq!((r.kind, r.event.as_deref()), (DeadlineKind::PerPlan, Some("Theo Kế hoạch của Bộ Nội vụ")));
        assert_eq!(read_deadline("Theo tiến độ triển khai của UBND tỉnh", None).kind, DeadlineKind::PerPlan);
        // A period first, then a reference: the period wins.
        assert_eq!(read("Quý I/2021 Theo tiến độ của Kế hoạch").0, DeadlineKind::Quarter);
        assert_eq!(read("Năm 2024 Theo hướng dẫn của Sở Khoa học và Công nghệ").0, DeadlineKind::Year);
    }

    #[test]
    fn unparsed_is_kept_as_such() {
        let r = read_deadline("Khẩn", Some(2024));
        assert_eq!((r.kind, r.start, r.end), (DeadlineKind::Unparsed, None, None));
    }
}
