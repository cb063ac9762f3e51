//! What a document is, and which of its tables are plans.
//!
//! Real archives are mostly not plans: charters, reports with statistics
//! and scoring tables, agendas, member lists, comment summaries, decisions.
//! Almost every Word file has a letterhead table and a signature table. A
//! table yields items only when it is decided to be a `plan` (tasks,
//! targets, activities assigned to agencies) or `indicators` table; every
//! decision carries its evidence and a confidence.
//!
//! The decision is conservative: a false record is worse than a missing
//! one, because nobody sees it in a batch. A table is a plan when its
//! evidence adds up to [`PLAN_THRESHOLD`]:
//!
//! - its header: an item column (tasks, targets, content) and an agency
//!   column (lead, partners, assignment), or a deadline and an output
//!   column, or targets with a unit and a value column (the minimum
//!   shape), each counting; header words of other
//!   tables count against ("Họ và tên", "Điểm tối đa", "Tỷ lệ", "Ý kiến
//!   góp ý", "Thành tiền", …, `data/triage.tsv`);
//! - its rows: the share of agency cells that name an agency, of deadline
//!   cells that read as a time (or state progress, as a report's results
//!   do: "Đã hoàn thành"), of cells that are bare numbers
//!   (statistics), of rows with clock times (agendas), of item cells that
//!   are agency names (statistics by agency, rankings, schedules);
//! - the document kind: a plan or a decision weakly (±0.5, less than any
//!   single table feature: a misread kind never makes a table a plan on its
//!   own); a report, notice, charter, submission or letter that carries no
//!   plan outweighs any table (−6): such documents quote, report on or
//!   assign a plan's tasks and state no plan of their own.
//!
//! A narrative outline is read for targets and tasks only in a document
//! that is a plan (or carries one attached): never from the articles of a
//! charter, a law or a decision, or the items of a report.

use crate::classes::{
    bare_word_end, digits, is_alphabetic, is_alphanumeric, is_numeric, space_end, word_boundary, year_at, LETTER,
};
use crate::columns::{fold, has_words};
use crate::fields::Field;
use crate::numbering::group_mark;
use crate::plan::{DocumentClass, DocumentKind, Evidence, Metadata, PlanTable, RoleDecision, TableKind, TableRole};
use kehoach_extract::Block;
use kehoach_vi::fold::lowercase;
use regex::Regex;
use std::sync::LazyLock;

/// The evidence a table needs, summed, to be a plan or indicators table.
pub const PLAN_THRESHOLD: f32 = 2.5;

struct Words {
    /// (folded title words, kind), longest first.
    titles: Vec<(String, DocumentKind)>,
    /// (number type code, kind).
    codes: Vec<(String, DocumentKind)>,
    /// (folded words, weight, as printed, exact cell).
    headers: Vec<(String, f32, String, bool)>,
    /// Words agency names start with (lower case, with diacritics: "sở"
    /// is no "số").
    agencies: Vec<String>,
    /// Words that start like an agency and are none ("Ban hành", "Tổ
    /// chức", "Báo cáo", "Phòng, chống").
    not_agencies: Vec<String>,
    /// Folded progress statuses ("da hoan thanh", "dang trien khai").
    statuses: Vec<String>,
    /// Folded words of a procedure's time limit ("ngay lam viec").
    time_limits: Vec<String>,
    /// The weight of each document kind for or against its tables being a
    /// plan's (`kind` rows); a plan's weight also counts for a document
    /// that carries one attached.
    kind_weights: Vec<(DocumentKind, f32)>,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| parse_words(include_str!("../data/triage.tsv")));

fn parse_words(data: &str) -> Words {
    let mut words = Words {
        titles: Vec::new(),
        codes: Vec::new(),
        headers: Vec::new(),
        agencies: Vec::new(),
        not_agencies: Vec::new(),
        statuses: Vec::new(),
        time_limits: Vec::new(),
        kind_weights: Vec::new(),
    };
    for line in data.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let parts: Vec<&str> = line.split('\t').collect();
        let kind = |name: &str| {
            DocumentKind::from_name(name).unwrap_or_else(|| panic!("triage.tsv: unknown document kind {name:?}"))
        };
        let weight = |w: &str| w.parse::<f32>().unwrap_or_else(|_| panic!("triage.tsv: bad weight {w:?}"));
        match parts.as_slice() {
            ["title", k, w] => words.titles.push((fold(w), kind(k))),
            ["code", k, c] => words.codes.push((c.to_string(), kind(k))),
            ["header", w, p] => words.headers.push((fold(p), weight(w), p.to_string(), false)),
            ["exact", w, p] => words.headers.push((fold(p), weight(w), p.to_string(), true)),
            ["agency", a] => words.agencies.push(lower_words(a)),
            ["not-agency", a] => words.not_agencies.push(lower_words(a)),
            ["status", s] => words.statuses.push(fold(s)),
            ["time-limit", s] => words.time_limits.push(fold(s)),
            ["kind", k, w] => words.kind_weights.push((kind(k), weight(w))),
            _ => panic!("triage.tsv: cannot read {line:?}"),
        }
    }
    words.titles.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    words
}

/// Lower case with diacritics kept, NFC, everything that is not a letter
/// or digit as single spaces.
fn lower_words(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // Most cells are NFC already: the check spares composing them again.
    let lower =
        if kehoach_extract::is_nfc(text) { lowercase(text) } else { lowercase(&text.nfc().collect::<String>()) };
    let mut out = String::with_capacity(lower.len());
    for word in lower.split(|c: char| !is_alphanumeric(c)).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether a deadline cell, folded, is exactly a progress status
/// (`status` in `data/triage.tsv`), a closing "." or ";" aside.
fn states_progress(folded: &str) -> bool {
    let folded = folded.trim();
    !folded.is_empty() && WORDS.statuses.iter().any(|s| s == folded)
}

/// Whether a deadline cell, folded, sets a procedure's time limit
/// (`time-limit` in `data/triage.tsv`: "Không quá 03 ngày làm việc").
fn limits_time(folded: &str) -> bool {
    WORDS.time_limits.iter().any(|w| {
        folded.match_indices(w.as_str()).any(|(i, _)| word_boundary(folded, i) && word_boundary(folded, i + w.len()))
    })
}

/// `words` is `head` or starts with `head` and a space.
fn starts_with_words(words: &str, head: &str) -> bool {
    words.strip_prefix(head).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// [`starts_with_words`], or the same with marks of `head` dropped in
/// `words` (OCR's "phong tu phap" for "phòng tư pháp"; the parser reads
/// text before its diacritics are repaired). Only dropped marks: "số" is
/// no damaged "sở".
fn starts_with_damaged(words: &str, head: &str) -> bool {
    starts_with_words(words, head) || kehoach_vi::fold::starts_with_marks_dropped(words, head)
}

static SUBJECT_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*V/v\b").expect("valid regex"));

/// The texts of the document's blocks in order: paragraphs, and each table
/// cell's text (letterheads put the number in a table).
fn texts(blocks: &[Block]) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) => out.push((p.text.as_str(), true)),
            Block::Table(t) => {
                for row in &t.rows {
                    for cell in &row.cells {
                        out.push((cell.text.as_str(), false));
                    }
                }
            }
            Block::PageBreak(_) => {}
        }
    }
    out
}

/// A title line: mostly upper-case letters.
fn is_upper(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).take(12).collect();
    !letters.is_empty() && letters.iter().all(|c| c.is_uppercase())
}

fn title_kind(text: &str) -> Option<DocumentKind> {
    let folded = fold(text);
    WORDS.titles.iter().find(|(w, _)| starts_with_words(&folded, w)).map(|(_, k)| *k)
}

/// Decides what kind of document it is, from its title line, the type code
/// of its number and its subject line, and whether it carries a plan.
pub(crate) fn classify_document(blocks: &[Block], metadata: &Metadata) -> DocumentClass {
    let mut class = DocumentClass::default();
    let texts = texts(blocks);
    // The first upper-case title paragraph that names a kind.
    let mut title_at = None;
    for (i, (text, paragraph)) in texts.iter().enumerate() {
        let first = text.lines().next().unwrap_or("");
        if *paragraph && is_upper(first) {
            if let Some(kind) = title_kind(first) {
                class.kind = kind;
                class.evidence.push(Evidence::new("title_word", 1.0, first.trim()));
                title_at = Some(i);
                break;
            }
        }
    }
    // The metadata reader also takes a "Phụ lục" heading in any case.
    if class.kind == DocumentKind::Unknown {
        if let Some(kind) = metadata.kind.as_deref().and_then(DocumentKind::from_name) {
            class.kind = kind;
            class.evidence.push(Evidence::new("title_word", 1.0, kind.name()));
        }
    }
    let code = texts.iter().find_map(|(t, _)| number_code(t)).map(str::to_string);
    if let Some(code) = &code {
        let by_code = WORDS.codes.iter().find(|(c, _)| c.eq_ignore_ascii_case(code)).map(|(_, k)| *k);
        match by_code {
            Some(kind) => {
                let agrees = class.kind == DocumentKind::Unknown || class.kind == kind;
                class.evidence.push(Evidence::new(
                    "number_code",
                    if agrees { 1.0 } else { 0.0 },
                    format!("{code} ({})", kind.name()),
                ));
                if class.kind == DocumentKind::Unknown {
                    class.kind = kind;
                }
            }
            None => class.evidence.push(Evidence::new("number_code", 0.0, format!("{code} (no type code)"))),
        }
    }
    if class.kind == DocumentKind::Unknown && texts.iter().any(|(t, _)| SUBJECT_LINE.is_match(t)) {
        class.kind = DocumentKind::Letter;
        class.evidence.push(Evidence::new("subject_line", 1.0, "V/v …"));
    }
    // A plan issued as an attachment: a later KẾ HOẠCH title, or a title
    // that says it issues or approves a plan.
    if class.kind != DocumentKind::Plan {
        let issues_plan = metadata.title.as_deref().map(fold).is_some_and(|t| {
            ["ban hanh ke hoach", "phe duyet ke hoach", "ban hanh chuong trinh hanh dong"]
                .iter()
                .any(|w| has_words(&t, w))
        });
        if issues_plan && class.kind == DocumentKind::Decision {
            class.attached_plan = true;
            class.evidence.push(Evidence::new("issues_plan", 1.0, metadata.title.clone().unwrap_or_default()));
        }
        // A title's first line, as for the document's title: a text file
        // may hold the title and its subject in one paragraph.
        let later_plan_title = texts.iter().skip(title_at.map_or(0, |i| i + 1)).find(|(t, paragraph)| {
            let t = t.lines().next().unwrap_or("");
            *paragraph && is_upper(t) && title_kind(t) == Some(DocumentKind::Plan) && {
                let f = fold(t);
                f == "ke hoach" || f.split(' ').count() <= 12
            }
        });
        if let (Some((t, _)), true) = (later_plan_title, title_at.is_some()) {
            class.attached_plan = true;
            class.evidence.push(Evidence::new("attached_plan_title", 1.0, t.lines().next().unwrap_or("").trim()));
        }
    }
    class
}

/// The type code of the document's number ("Số: 12/KH-UBND" → "KH"): the
/// first match's group of the regex
/// `Số\s*:\s*[0-9.]*\s*/\s*(?:[0-9]{4}/)?([\p{L}]+)`, which cost ~2.3 M
/// instructions to compile.
fn number_code(text: &str) -> Option<&str> {
    // "Số" with any marks: the parser reads text before its diacritics are
    // repaired.
    let mut from = 0;
    while let Some((at, end)) = kehoach_vi::fold::find_bare(text, "Số", from) {
        if let Some(code) = number_code_at(text, end) {
            return Some(code);
        }
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// The code, when the rest of the match follows "Số" at `at`.
fn number_code_at(text: &str, at: usize) -> Option<&str> {
    let colon = space_end(text, at);
    if !text[colon..].starts_with(':') {
        return None;
    }
    let number = space_end(text, colon + 1);
    let slash =
        space_end(text, number + text[number..].bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count());
    if !text[slash..].starts_with('/') {
        return None;
    }
    let mut code = space_end(text, slash + 1);
    // "(?:[0-9]{4}/)?": a year before the code.
    if digits(&text[code..]) >= 4 && text[code + 4..].starts_with('/') {
        code += 5;
    }
    let end = text[code..].find(|c| !LETTER.contains(c)).map_or(text.len(), |i| code + i);
    (end > code).then(|| &text[code..end])
}

/// Columns that name agencies.
const AGENCY_FIELDS: [Field; 5] = [Field::Lead, Field::Partners, Field::Assignment, Field::Evaluator, Field::Monitor];

/// Whole words (`\bword\b`) and phrases (anywhere) that make a folded
/// cell read as a time.
const DEADLINE_WORDS: [&str; 12] =
    ["thang", "quy", "qui", "nam", "truoc", "tu", "den", "sau khi", "khi", "theo", "lien tuc", "ngay sau"];
const DEADLINE_PHRASES: [&str; 9] =
    ["thuong xuyen", "hang nam", "hang thang", "hang quy", "hang tuan", "dinh ky", "dot xuat", "giai doan", "kip thoi"];

/// A folded cell reads as a time: a year, a day/month, a deadline word.
/// True exactly where the regex
/// `\b(?:19|20)[0-9]{2}\b|\b[0-9]{1,2}/[0-9]{1,2}\b|\bngay [0-9]|\bWORD\b|PHRASE`
/// (each of [`DEADLINE_WORDS`] and [`DEADLINE_PHRASES`]) matches; compiled,
/// it cost ~3 M instructions, and its Unicode `\b` kept the regex crate on
/// its slowest engine.
fn reads_as_time(folded: &str) -> bool {
    let whole = |word: &str| {
        folded.match_indices(word).any(|(i, _)| word_boundary(folded, i) && word_boundary(folded, i + word.len()))
    };
    DEADLINE_PHRASES.iter().any(|p| folded.contains(p))
        || DEADLINE_WORDS.iter().any(|w| whole(w))
        || folded
            .match_indices("ngay ")
            .any(|(i, _)| word_boundary(folded, i) && digits(&folded[i + "ngay ".len()..]) > 0)
        || folded
            .char_indices()
            .any(|(i, c)| c.is_ascii_digit() && word_boundary(folded, i) && year_or_day_month(folded, i))
}

/// `(?:19|20)[0-9]{2}\b` or `[0-9]{1,2}/[0-9]{1,2}\b` at byte `at` of `text`.
fn year_or_day_month(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let n = digits(rest);
    if year_at(text, at) && word_boundary(text, at + 4) {
        return true;
    }
    if (1..=2).contains(&n) && rest[n..].starts_with('/') {
        let month = at + n + 1;
        let m = digits(&text[month..]);
        return (1..=2).contains(&m) && word_boundary(text, month + m);
    }
    false
}
/// `text` holds a clock time ("7h30", "8 giờ", "14:00"): the regex
///
/// `(?i)\b[0-9]{1,2}\s*(?:h|giờ|g)\s*[0-9]{0,2}\b(?:\s*(?:phút|')?)|\b[0-9]{1,2}:[0-9]{2}\b`
///
/// (its words with any marks, as `bare_pattern` writes them: the parser
/// reads text before its diacritics are repaired) matches. The two quick
/// tests answer nearly every text; [`clock_time_at`] is the regex itself,
/// a scanner: compiled, the regex cost ~1.2 M instructions per process.
fn has_clock_time(text: &str) -> bool {
    unit_after_digits(text) && could_be_clock_time(text) && clock_time(text)
}

/// Whether [`has_clock_time`]'s regex matches `text`, by [`clock_time_at`].
fn clock_time(text: &str) -> bool {
    text.char_indices().any(|(at, c)| c.is_ascii_digit() && clock_time_at(text, at))
}

/// Whether a match of [`has_clock_time`]'s regex starts at byte `at`.
/// Its `[0-9]{1,2}` must take every digit of the run: a third digit is
/// neither white space, a unit nor `:`, and a run starting inside a run
/// has no `\b` before it. After the unit, `\s*[0-9]{0,2}\b` holds when
/// the unit (a letter) ends a word, or when one or two digits follow it
/// and end one.
fn clock_time_at(text: &str, at: usize) -> bool {
    let n = digits(&text[at..]);
    if !(1..=2).contains(&n) || !word_boundary(text, at) {
        return false;
    }
    let after = at + n;
    // `[0-9]{1,2}:[0-9]{2}\b`
    if text[after..].starts_with(':') && digits(&text[after + 1..]) == 2 && word_boundary(text, after + 3) {
        return true;
    }
    let unit = space_end(text, after);
    let ends_word = |end: usize| {
        let m = digits(&text[end..]);
        word_boundary(text, end) || (1..=2).contains(&m) && word_boundary(text, end + m)
    };
    let mut one = text[unit..].chars();
    let single = one.next().is_some_and(|c| matches!(c, 'h' | 'H' | 'g' | 'G')).then(|| unit + 1);
    single.is_some_and(ends_word) || bare_word_end(text, unit, "giờ", true).is_some_and(ends_word)
}

/// Whether a run of ASCII digits is followed, after white space if any, by
/// `h`, `g` or `:` in either case, as in every match of [`has_clock_time`]'s
/// regex (its digits are ASCII): found from digit to digit, without decoding the letters
/// between them as [`could_be_clock_time`] does.
fn unit_after_digits(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(skip) = crate::classes::next_digit(&bytes[at..]) {
        at += skip;
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        at = space_end(text, at);
        if matches!(bytes.get(at), Some(b'h' | b'H' | b'g' | b'G' | b':')) {
            return true;
        }
    }
    false
}

/// What every match of [`has_clock_time`]'s regex has: a run of digits, white space, then `:`,
/// or `h` / `g` that no letter follows (a digit may), or `giờ`. False only
/// where the regex cannot match; "1 Giao nhiệm vụ" (a row number, then a
/// task) is false.
fn could_be_clock_time(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_numeric(c) {
            continue;
        }
        while chars.next_if(|&c| is_numeric(c)).is_some() {}
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&unit) = chars.peek() else { return false };
        let mut after = chars.clone().skip(1);
        let ends_word = |c: Option<char>| !c.is_some_and(is_alphabetic);
        let found = match unit {
            ':' => true,
            'h' | 'H' => ends_word(after.next()),
            'g' | 'G' => {
                let (next, then) = (after.next(), after.next());
                let o = then.map(kehoach_vi::fold::bare);
                ends_word(next) || (matches!(next, Some('i' | 'I')) && matches!(o, Some('o' | 'O')))
            }
            _ => false,
        };
        if found {
            return true;
        }
    }
    false
}

/// The bytes of [`lower_words`] that decide [`looks_like_agency`]: the
/// longest head, after the longest of its prefixes ("toàn bộ "), and one
/// more.
static AGENCY_HEAD_BYTES: LazyLock<usize> = LazyLock::new(|| {
    let longest = WORDS.agencies.iter().chain(&WORDS.not_agencies).map(String::len).max().unwrap_or(0);
    longest + ["các ", "toàn bộ ", "tất cả "].map(str::len).into_iter().max().unwrap_or(0) + 1
});

/// The first words of `text` that decide [`looks_like_agency`]: the text up
/// to a space once its [`lower_words`] are long enough, else all of it.
/// Cut before a space, the words are a prefix of the whole text's (no
/// composition or final-sigma rule reaches across a space), so an item
/// cell of a paragraph is not lowered whole.
fn agency_words(text: &str) -> String {
    let need = *AGENCY_HEAD_BYTES;
    // Cuts at the first space after `need` bytes, then after twice as
    // many, …: punctuation runs shrink the words.
    let mut from = need;
    while from < text.len() {
        let Some(space) = text.as_bytes()[from..].iter().position(|b| *b == b' ').map(|i| from + i) else { break };
        let words = lower_words(&text[..space]);
        if words.len() >= need {
            return words;
        }
        from = (space + 1).max(from * 2);
    }
    lower_words(text)
}

/// The agency a cell names after its role label, when it has one ("Chủ
/// trì: Phòng Nội vụ⏎Phối hợp: …" names "Phòng Nội vụ"; a column for the
/// lead and the partners labels each): the cell itself otherwise.
fn named_agency(cell: &str) -> &str {
    match cell.split_once(':') {
        Some((label, rest)) if crate::columns::role_label(label).is_some() => rest.trim_start(),
        _ => cell,
    }
}

fn looks_like_agency(text: &str) -> bool {
    let words = agency_words(text);
    let rest = ["các", "toàn bộ", "tất cả"]
        .iter()
        .find(|w| starts_with_damaged(&words, w) && words.len() > w.len())
        .map_or(words.as_str(), |w| {
            // The head's letters, as printed: as many characters.
            let at = words.char_indices().nth(w.chars().count() + 1).map_or(words.len(), |(i, _)| i);
            &words[at..]
        });
    let key = first_key(rest);
    let starts = |words: &[String], keys: &[Option<char>]| {
        words.iter().zip(keys).any(|(a, k)| k.is_none_or(|k| Some(k) == key) && starts_with_damaged(rest, a))
    };
    starts(&WORDS.agencies, &AGENCY_KEYS.0) && !starts(&WORDS.not_agencies, &AGENCY_KEYS.1)
}

/// The plain letter under the first character of `text` (itself if it
/// is not a letter): a text [`starts_with_damaged`] by words has the same
/// key as the words, so words of another key need no test (each of ~100
/// agency words cost a call per cell).
fn first_key(text: &str) -> Option<char> {
    text.chars().next().map(|c| kehoach_vi::vietnamese::letter(c).map_or(c, |l| l.plain))
}

/// [`first_key`] of each of a list of words.
type Keys = Vec<Option<char>>;

/// [`first_key`] of each of `WORDS.agencies` and `WORDS.not_agencies`.
static AGENCY_KEYS: LazyLock<(Keys, Keys)> = LazyLock::new(|| {
    let keys = |words: &[String]| words.iter().map(|w| first_key(w)).collect();
    (keys(&WORDS.agencies), keys(&WORDS.not_agencies))
});

fn looks_like_number(text: &str) -> bool {
    let t = text.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | ' ' | '-' | '/' | '+'))
}

/// Whether `row` is the header whose folded cells are `header`, repeated.
fn repeats_header(row: &[String], header: &[String]) -> bool {
    row.len() == header.len() && row.iter().zip(header).all(|(c, h)| fold(c) == *h)
}

/// Share of `cells` for which `test` holds; `None` below two cells.
fn share<'a>(cells: impl Iterator<Item = &'a str>, mut test: impl FnMut(&str) -> bool) -> Option<(f32, usize, usize)> {
    share_of(cells.filter(|c| !c.trim().is_empty()), |c| test(c))
}

/// Share of `items` for which `test` holds; `None` below two items.
fn share_of<T>(items: impl Iterator<Item = T>, mut test: impl FnMut(&T) -> bool) -> Option<(f32, usize, usize)> {
    let (mut yes, mut all) = (0, 0);
    for item in items {
        all += 1;
        yes += usize::from(test(&item));
    }
    (all >= 2).then(|| (yes as f32 / all as f32, yes, all))
}

/// The document kind's weight for or against its tables (`kind` rows of
/// `triage.tsv`): a plan's, for a plan, an appendix or a document carrying
/// a plan; none for a kind without a row.
fn kind_weight(class: &DocumentClass) -> f32 {
    let kind = if class.states_a_plan() { DocumentKind::Plan } else { class.kind };
    WORDS.kind_weights.iter().find(|(k, _)| *k == kind).map_or(0.0, |(_, w)| *w)
}

fn confidence(score: f32) -> f32 {
    let c = 1.0 / (1.0 + (-(score - PLAN_THRESHOLD).abs()).exp());
    (c * 100.0).round() / 100.0
}

/// Decides the role of one table from its header, its rows and the
/// document's kind.
pub(crate) fn classify_table(table: &PlanTable, class: &DocumentClass) -> RoleDecision {
    let mut evidence = Vec::new();
    if table.kind == TableKind::Narrative {
        return if class.states_a_plan() {
            evidence.push(Evidence::new(
                "narrative",
                1.0,
                format!("prose of a {} that states a plan", class.kind.name()),
            ));
            // Items read from prose: the structure is guessed.
            RoleDecision { role: TableRole::Plan, confidence: 0.75, low_confidence: true, evidence }
        } else {
            evidence.push(Evidence::new(
                "narrative",
                -1.0,
                format!("prose of a {}: its articles and items are no plan", class.kind.name()),
            ));
            RoleDecision { role: TableRole::Other, confidence: 0.75, low_confidence: true, evidence }
        };
    }
    let Some(data_from) = table.data_from else {
        evidence.push(Evidence::new("no_header", -1.0, "no header kehoach recognises"));
        return RoleDecision { role: TableRole::Other, confidence: 0.95, low_confidence: false, evidence };
    };
    let column = |fields: &[Field]| table.columns.iter().find(|c| c.field.is_some_and(|f| fields.contains(&f)));
    let columns = |fields: &[Field]| {
        table
            .columns
            .iter()
            .filter(|c| c.field.is_some_and(|f| fields.contains(&f)))
            .map(|c| c.index)
            .collect::<Vec<_>>()
    };
    let item = column(&[Field::Target, Field::Task, Field::Activity]);
    let agency = column(&AGENCY_FIELDS);
    let deadline = column(&[Field::Deadline]);
    let output = column(&[Field::Output]);
    let mut score = 0.0;
    let mut add = |evidence: &mut Vec<Evidence>, feature: &str, weight: f32, detail: String| {
        score += weight;
        evidence.push(Evidence::new(feature, weight, detail));
    };
    if let Some(c) = item {
        add(&mut evidence, "item_column", 1.0, c.header.replace('\n', " "));
    }
    if let Some(c) = agency {
        add(&mut evidence, "agency_column", 1.5, c.header.replace('\n', " "));
    }
    if let Some(c) = deadline {
        add(&mut evidence, "deadline_column", 1.0, c.header.replace('\n', " "));
    }
    if let Some(c) = output {
        add(&mut evidence, "output_column", 0.5, c.header.replace('\n', " "));
    }
    // Targets with their unit and value and no agency ("Chỉ tiêu | Đơn vị
    // tính | Năm 2032"): a table of targets needs no agency column.
    let valued = column(&[Field::Unit]).is_some() && column(&[Field::TargetValue]).is_some();
    let targets_shape = column(&[Field::Target]).is_some()
        && valued
        && agency.is_none()
        && column(&[Field::Task, Field::Activity]).is_none();
    if targets_shape {
        add(&mut evidence, "target_value_columns", 1.0, "targets with a unit and a value".to_string());
    }
    // Header words of the tables that are no plan.
    let headers: Vec<String> = table.columns.iter().map(|c| fold(&c.header)).collect();
    let mut against = 0.0f32;
    for (words, weight, printed, exact) in &WORDS.headers {
        let found = headers.iter().any(|h| if *exact { h == words } else { has_words(h, words) });
        if found && against > -6.0 {
            let weight = weight.max(-6.0 - against);
            against += weight;
            add(&mut evidence, "header_words", weight, printed.clone());
        }
    }
    // The rows: group rows (I, II, A) and repeated headers aside.
    let header_cells: Option<&Vec<String>> = data_from.checked_sub(1).and_then(|i| table.raw_rows.get(i));
    // Compared folded: a header repeated after a page break may be printed
    // with other (damaged) marks.
    let header_key: Option<Vec<String>> = header_cells.map(|h| h.iter().map(|c| fold(c)).collect());
    let rows: Vec<&Vec<String>> = table.raw_rows[data_from.min(table.raw_rows.len())..]
        .iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .filter(|r| !header_key.as_ref().is_some_and(|h| repeats_header(r, h)))
        .filter(|r| {
            let filled: Vec<&String> = r.iter().filter(|c| !c.trim().is_empty()).collect();
            !(filled.len() <= 2 && r.first().is_some_and(|c| group_mark(c).is_some()))
        })
        .collect();
    if rows.is_empty() {
        add(&mut evidence, "no_rows", -1.0, "no data rows".to_string());
    }
    let cells_of = |indices: &[usize]| -> Vec<&str> {
        rows.iter().flat_map(|r| indices.iter().filter_map(|i| r.get(*i).map(String::as_str))).collect()
    };
    if agency.is_some() {
        let cells = cells_of(&columns(&AGENCY_FIELDS));
        // Agency columns repeat their names: each tested once.
        let mut known = std::collections::HashMap::new();
        let mut agency = |c: &str| *known.entry(c.to_string()).or_insert_with(|| looks_like_agency(named_agency(c)));
        if let Some((s, yes, all)) = share(cells.iter().copied(), &mut agency) {
            let detail = format!("{yes} of {all} cells name an agency");
            if s >= 0.6 {
                add(&mut evidence, "agency_cells", 1.0, detail);
            } else if s < 0.3 {
                add(&mut evidence, "agency_cells", -1.5, detail);
            }
        }
    }
    if deadline.is_some() {
        // The cells that are not blank, each folded once for both tests.
        let cells: Vec<&str> =
            cells_of(&columns(&[Field::Deadline])).into_iter().filter(|c| !c.trim().is_empty()).collect();
        let folded: Vec<String> = cells.iter().map(|c| fold(c)).collect();
        let indices = || 0..cells.len();
        if let Some((s, yes, all)) = share_of(indices(), |&i| reads_as_time(&folded[i]) && !has_clock_time(cells[i])) {
            let detail = format!("{yes} of {all} cells read as a time");
            if s >= 0.6 {
                add(&mut evidence, "deadline_cells", 1.0, detail);
            } else if s < 0.3 {
                add(&mut evidence, "deadline_cells", -1.5, detail);
            }
        }
        // A report's results: its "Tiến độ" column says how far the work
        // got ("Đã hoàn thành", "Đang triển khai"), not when it is due.
        if let Some((s, yes, all)) = share_of(indices(), |&i| states_progress(&folded[i])) {
            if s >= 0.5 {
                add(&mut evidence, "status_cells", -2.0, format!("{yes} of {all} deadline cells state progress"));
            }
        }
        // A procedure's steps: each done within a time limit ("Không quá
        // 03 ngày làm việc"), where a plan gives a date or a period.
        if let Some((s, yes, all)) = share_of(indices(), |&i| limits_time(&folded[i])) {
            if s >= 0.5 {
                add(&mut evidence, "time_limit_cells", -2.0, format!("{yes} of {all} deadline cells are time limits"));
            }
        }
    }
    // Bare numbers outside the row number, unit and target value columns.
    let counted: Vec<usize> = (0..table.columns.len())
        .filter(|i| {
            !table.columns[*i].field.is_some_and(|f| matches!(f, Field::RowNumber | Field::Unit | Field::TargetValue))
        })
        .collect();
    if let Some((s, yes, all)) = share(cells_of(&counted).into_iter(), looks_like_number) {
        let detail = format!("{yes} of {all} cells are bare numbers");
        if s >= 0.5 {
            add(&mut evidence, "numeric_cells", -2.0, detail);
        } else if s >= 0.3 {
            add(&mut evidence, "numeric_cells", -1.0, detail);
        }
    }
    let row_texts: Vec<String> = rows.iter().map(|r| r.join(" ")).collect();
    if let Some((s, yes, all)) = share(row_texts.iter().map(String::as_str), has_clock_time) {
        if s >= 0.3 {
            add(&mut evidence, "clock_times", -3.0, format!("{yes} of {all} rows hold a clock time"));
        }
    }
    if let Some(c) = item {
        if let Some((s, yes, all)) = share(cells_of(&[c.index]).into_iter(), looks_like_agency) {
            if s >= 0.5 {
                add(&mut evidence, "items_are_agencies", -2.5, format!("{yes} of {all} item cells are agency names"));
            }
        }
    }
    let kind_weight = kind_weight(class);
    if kind_weight != 0.0 {
        let detail = if class.attached_plan {
            format!("{} with an attached plan", class.kind.name())
        } else if kind_weight <= -PLAN_THRESHOLD {
            format!("{}: a kind of document that states no plan of its own", class.kind.name())
        } else {
            class.kind.name().to_string()
        };
        add(&mut evidence, "document_kind", kind_weight, detail);
    }
    // The minimum shape of a plan table: items assigned to agencies, or
    // items with a deadline and an output, or targets with a unit and a
    // value.
    let shape = item.is_some() && (agency.is_some() || (deadline.is_some() && output.is_some())) || targets_shape;
    if !shape {
        evidence.push(Evidence::new(
            "shape",
            0.0,
            "no item column with an agency column, or with deadline and output columns, or targets with unit and value",
        ));
    }
    let score = (score * 100.0).round() / 100.0;
    let passes = shape && score >= PLAN_THRESHOLD;
    let role = if !passes {
        TableRole::Other
    } else if column(&[Field::Task, Field::Activity]).is_none()
        && column(&[Field::Target]).is_some()
        && column(&[Field::Unit, Field::TargetValue]).is_some()
    {
        TableRole::Indicators
    } else {
        TableRole::Plan
    };
    let confidence = if shape { confidence(score) } else { 0.95 };
    evidence.push(Evidence::new("score", score, format!("threshold {PLAN_THRESHOLD}")));
    let guessed_columns = table.columns.iter().any(|c| c.field.is_some() && c.confidence < 0.9);
    RoleDecision { role, confidence, low_confidence: confidence < 0.8 || guessed_columns, evidence }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> crate::Plan {
        crate::parse(&crate::read_text(text))
    }

    #[test]
    fn the_data_file_reads() {
        assert!(WORDS.titles.iter().any(|(w, k)| w == "dieu le" && *k == DocumentKind::Charter));
        assert!(WORDS.agencies.iter().any(|a| a == "ủy ban"));
        assert!(WORDS.headers.iter().any(|(w, weight, _, _)| w == "ho va ten" && *weight < 0.0));
    }

    /// The clock-time tests (the two quick gates and the scanner) answer as
    /// the regex they stand for.
    #[test]
    fn the_clock_time_scanner_agrees_with_the_regex() {
        let [hour, minute] = ["giờ", "phút"].map(kehoach_vi::fold::bare_pattern);
        let clock = Regex::new(&format!(
            r"(?i)\b[0-9]{{1,2}}\s*(?:h|{hour}|g)\s*[0-9]{{0,2}}\b(?:\s*(?:{minute}|')?)|\b[0-9]{{1,2}}:[0-9]{{2}}\b"
        ))
        .expect("valid regex");
        let cases = [
            "8 gio",
            "8 GIỜ30",
            "8giờ30p",
            "8 Gìơ 5",
            "8 giờ5x",
            "8 giờ 5x",
            "8 giờx",
            "8 giờ٣",
            "8 gi",
            "8 g",
            "8 G_",
            "7h3x",
            "7h 3x",
            "7h123",
            "7h12 ",
            "7h12é",
            "7H١",
            "12:345",
            "12:34",
            "1:23x",
            "1:2",
            "123:45",
            "x12:30",
            "é7h",
            "_7h",
            "7 \u{a0}h",
            "7hé",
            "7 hh",
            "07:00-17h",
            "7h30 - 8h00",
            "8 giờ 15 phút",
            "8\u{a0}GIỜ",
            "lúc 9g sáng",
            "14:00",
            "Quý II/2026 hoàn thành",
            "2026 H",
            "Tháng 3/2026",
            "١٢h",
            "1 Giao nhiệm vụ",
            "2 Hướng dẫn",
            "3 giờ",
            "3 GIỜ",
            "5 gói thầu",
            "7h-",
            "7h30p",
            "x7h",
            "123h",
            "7hx",
            "9\u{3000}h",
            "9\u{a0}\u{2009}g",
            "9\u{b}h",
            "9\u{1c}h",
            "10 :30",
            "",
        ];
        let seeds: Vec<String> = crate::classes::tests::seed_texts();
        let cells = crate::classes::tests::lines_and_cells(&seeds);
        let mut matched = 0;
        for text in cases.into_iter().chain(cells) {
            assert_eq!(clock_time(text), clock.is_match(text), "{text:?}");
            // The gates are the regex's, but for a marked "i" in "giờ"
            // ("8 Gìơ"), which they pass over; outputs keep that.
            let gated = unit_after_digits(text) && could_be_clock_time(text) && clock.is_match(text);
            assert_eq!(has_clock_time(text), gated, "{text:?}");
            matched += usize::from(clock.is_match(text));
        }
        assert!(matched >= 5, "the cases hold clock times");
    }

    /// Reading only an agency cell's first words decides as reading all of
    /// them, on every line and cell of the seeds.
    #[test]
    fn agency_heads_read_from_the_first_words() {
        let whole = |text: &str| {
            let words = lower_words(text);
            let rest = ["các ", "toàn bộ ", "tất cả "].iter().find_map(|p| words.strip_prefix(p)).unwrap_or(&words);
            WORDS.agencies.iter().any(|a| starts_with_damaged(rest, a))
                && !WORDS.not_agencies.iter().any(|a| starts_with_damaged(rest, a))
        };
        // Each agency word and look-alike as printed, with its marks
        // dropped (OCR), with "đ" printed "d", after "các", and cut short.
        let mut damaged = Vec::new();
        for word in WORDS.agencies.iter().chain(&WORDS.not_agencies) {
            let bare: String = word.chars().map(kehoach_vi::fold::bare).collect();
            let d = word.replace('đ', "d");
            let short: String = word.chars().take(word.chars().count().saturating_sub(1)).collect();
            for w in [word.as_str(), &bare, &d, &short] {
                damaged.extend([format!("{w} tỉnh"), format!("các {w}"), w.to_uppercase(), format!("{w}x")]);
            }
        }
        let seeds: Vec<String> = crate::classes::tests::seed_texts();
        let cells = crate::classes::tests::lines_and_cells(&seeds);
        let cases = ["Ủy ban nhân dân các xã, phường", "các   --  Sở, ban, ngành", "Phòng, chống tham nhũng", "Sở"];
        let mut agencies = 0;
        for text in cases.into_iter().chain(cells).chain(damaged.iter().map(String::as_str)) {
            assert_eq!(looks_like_agency(text), whole(text), "{text:?}");
            agencies += usize::from(whole(text));
        }
        assert!(agencies > 100, "{agencies}");
    }

    #[test]
    fn the_number_code_scanner_agrees_with_the_regex() {
        let so = kehoach_vi::fold::bare_pattern("Số");
        let re = Regex::new(&format!(r"{so}\s*:\s*[0-9.]*\s*/\s*(?:[0-9]{{4}}/)?([\p{{L}}]+)")).expect("valid regex");
        let cases = [
            "Số: 12/KH-UBND",
            "Số : 1.234 / 2024/QĐ-UBND",
            "Số:/KH",
            "Số: 12/2024/",
            "Số: 12/20245/KH",
            "Số: 12/2024/ KH",
            "Số 12/KH Số: 3/BC",
            "SốSố:\u{a0}4/\u{2003}TTr",
            "Số: 12 /ٳKH",
            "Số: 12a/KH",
            "Số: 1/1",
            "",
        ];
        let seeds: Vec<String> = crate::classes::tests::seed_texts();
        let mut matched = 0;
        for text in cases.into_iter().chain(seeds.iter().flat_map(|s| s.lines())) {
            let expected = re.captures(text).map(|c| c.get(1).expect("code").as_str());
            assert_eq!(number_code(text), expected, "{text:?}");
            matched += usize::from(expected.is_some());
        }
        assert!(matched >= 5, "{matched}");
    }

    #[test]
    fn the_time_scanner_agrees_with_the_regex() {
        let re = Regex::new(
            r"\b(?:19|20)[0-9]{2}\b|\b[0-9]{1,2}/[0-9]{1,2}\b|\bthang\b|\bquy\b|\bqui\b|\bnam\b|thuong xuyen|hang nam|hang thang|hang quy|hang tuan|dinh ky|dot xuat|\btruoc\b|\btu\b|\bden\b|giai doan|kip thoi|\bngay [0-9]|\bsau khi\b|\bkhi\b|\btheo\b|\blien tuc\b|\bngay sau\b",
        )
        .expect("valid regex");
        let cases = [
            "3/4",
            "03/04/2026",
            "123/4",
            "3/456",
            "3/4a",
            "a3/4",
            "3/ 4",
            "3/4/",
            "thang",
            "thangx",
            "xthang",
            "quy ii",
            "namnam",
            "nam_",
            "thuong xuyenx",
            "xhang tuan",
            "ngay 5",
            "ngay x",
            "angay 5",
            "ngay  5",
            "sau khi",
            "sau  khi",
            "tu",
            "tuu",
            "lien tuc",
            "ngay sau",
            "ngay saux",
            "ó tu",
            "tu‿",
            "",
        ];
        let seeds: Vec<String> = crate::classes::tests::seed_texts();
        let cells = crate::classes::tests::lines_and_cells(&seeds);
        let (mut yes, mut all) = (0, 0);
        let cases = cases.into_iter().chain(crate::classes::tests::YEAR_CASES);
        for text in cases.map(str::to_string).chain(cells.map(fold)) {
            assert_eq!(reads_as_time(&text), re.is_match(&text), "{text:?}");
            yes += usize::from(re.is_match(&text));
            all += 1;
        }
        assert!(yes >= 100 && all - yes >= 100, "{yes} of {all}");
    }

    #[test]
    fn whole_words_as_the_padded_search_finds_them() {
        let padded = |t: &str, w: &str| format!(" {t} ").contains(&format!(" {w} "));
        let texts = ["ho va ten", "ba a a", "aaa aa", "ke hoach", "", "a"];
        let words = ["ho", "va ten", "a a", "aa", "ke hoach", "hoach", "a", "ten"];
        for t in texts {
            for w in words {
                assert_eq!(has_words(t, w), padded(t, w), "{t:?} {w:?}");
            }
        }
    }

    #[test]
    fn agency_names_and_task_texts() {
        for agency in
            ["Sở Nội vụ", "các Phòng chuyên môn", "UBND các xã", "Ban Chỉ đạo CCHC", "Tổ công tác", "Văn phòng Sở"]
                .into_iter()
                // Marks dropped, as OCR drops them.
                .chain(["Sơ Nội vụ", "cac Phong chuyên môn", "Van phong Sở", "Uy ban nhân dân"])
        {
            assert!(looks_like_agency(agency), "{agency}");
        }
        for task in [
            "Số hóa hồ sơ",
            "Ban hành Kế hoạch",
            "Tổ chức tập huấn",
            "Báo cáo kết quả",
            "Phòng, chống tham nhũng",
            "Tham mưu UBND tỉnh",
            // Other words with an agency's letters: not its marks dropped.
            "Bảo đảm an toàn",
            "Sợ hãi",
        ] {
            assert!(!looks_like_agency(task), "{task}");
        }
    }

    #[test]
    fn kinds_from_title_code_and_subject() {
        let p = parse("Số: 12/BC-SNV\n\nBÁO CÁO\n\nKết quả năm 2025\n");
        assert_eq!(p.class.kind, DocumentKind::Report);
        let p = parse("Số: 215/SNV-CCHC\nV/v báo cáo quý I\n\nKính gửi: các sở.\n");
        assert_eq!(p.class.kind, DocumentKind::Letter);
        let p = parse("Số: 20/TTr-SNV\n\nVề việc phê duyệt kinh phí\n");
        assert_eq!(p.class.kind, DocumentKind::Submission);
        let p = parse("ĐIỀU LỆ\nHội Luật gia\n\nĐiều 1. Tên gọi\n");
        assert_eq!(p.class.kind, DocumentKind::Charter);
        let p = parse("QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch CCHC năm 2026\n\nĐiều 1. Ban hành.\n");
        assert_eq!((p.class.kind, p.class.attached_plan), (DocumentKind::Decision, true));
        let p = parse("QUYẾT ĐỊNH\nVề việc công bố thủ tục hành chính\n\nĐiều 1. Công bố.\n");
        assert_eq!((p.class.kind, p.class.attached_plan), (DocumentKind::Decision, false));
        assert_eq!(parse("Một dòng.\n").class.kind, DocumentKind::Unknown);
    }

    #[test]
    fn an_agenda_with_clock_times_is_no_plan() {
        let p = parse(
            "CHƯƠNG TRÌNH\nHội nghị\n\nThời gian\tNội dung\tChủ trì\n7h30 - 8h00\tĐón tiếp đại biểu\tVăn phòng Sở\n\
             8h00 - 8h30\tBáo cáo tổng kết\tSở Nội vụ\n8h30 - 9h00\tThảo luận\tCác đại biểu\n",
        );
        let role = &p.tables[0].role;
        assert_eq!(role.role, TableRole::Other, "{:?}", role.evidence);
        assert!(role.evidence.iter().any(|e| e.feature == "clock_times"));
    }

    #[test]
    fn a_task_table_is_a_plan_and_says_why() {
        let p = parse(
            "KẾ HOẠCH\nCCHC năm 2026\n\nTT\tNhiệm vụ\tĐơn vị chủ trì\tThời hạn\n1\tBan hành kế hoạch\tVăn phòng Sở\tTháng 01/2026\n\
             2\tKiểm tra CCHC\tThanh tra Sở\tQuý II/2026\n",
        );
        let role = &p.tables[0].role;
        assert_eq!(role.role, TableRole::Plan, "{:?}", role.evidence);
        assert!(role.confidence >= 0.9);
        assert!(!role.low_confidence);
        let features: Vec<&str> = role.evidence.iter().map(|e| e.feature.as_str()).collect();
        for f in ["item_column", "agency_column", "deadline_column", "agency_cells", "deadline_cells", "document_kind"]
        {
            assert!(features.contains(&f), "{f} in {features:?}");
        }
    }

    #[test]
    fn the_kind_alone_never_makes_a_plan() {
        // A plan document whose table has items but no agency column, and
        // no deadline with an output.
        let p = parse("KẾ HOẠCH\nBồi dưỡng\n\nTT\tNội dung\tGhi chú\n1\tKhai mạc\t\n2\tBế mạc\t\n");
        assert_eq!(p.tables[0].role.role, TableRole::Other);
    }

    #[test]
    fn a_labelled_agency_cell_names_its_agency() {
        assert_eq!(named_agency("Chủ trì: Phòng Nội vụ\nPhối hợp: Văn phòng"), "Phòng Nội vụ\nPhối hợp: Văn phòng");
        assert_eq!(named_agency("Cơ quan chủ trì: Sở Tư pháp"), "Sở Tư pháp");
        assert_eq!(named_agency("Phối hợp: Công an tỉnh"), "Công an tỉnh");
        assert_eq!(named_agency("Sở Nội vụ"), "Sở Nội vụ");
        assert_eq!(named_agency("Theo Quyết định: số 12"), "Theo Quyết định: số 12");
        assert!(looks_like_agency(named_agency("Chủ trì: Phòng Nội vụ")));
    }

    #[test]
    fn statistics_by_agency_are_no_plan() {
        let p = parse(
            "BÁO CÁO\nKết quả\n\nTT\tCơ quan, đơn vị\tTổng số nhiệm vụ được giao\tĐã hoàn thành\tQuá hạn\n\
             1\tSở Nội vụ\t85\t70\t2\n2\tSở Tài chính\t120\t98\t2\n3\tSở Y tế\t54\t50\t0\n",
        );
        assert_eq!(p.tables[0].role.role, TableRole::Other, "{:?}", p.tables[0].role.evidence);
    }

    /// A report's results table looks like a plan's (items, a lead, a
    /// "Tiến độ" column and "Kết quả thực hiện") but its "Tiến độ" cells
    /// state progress; the same table with times is a plan.
    #[test]
    fn a_results_table_whose_progress_column_states_progress_is_no_plan() {
        let table = |a: &str, b: &str| {
            format!(
                "BÁO CÁO\nKết quả\n\nSTT\tNội dung nhiệm vụ\tCơ quan chủ trì\tTiến độ thực hiện\tKết quả thực hiện\n\
                 1\tRà soát văn bản\tPhòng Tư pháp\t{a}\tBáo cáo số 45\n2\tSố hóa hồ sơ\tPhòng Nội vụ\t{b}\tĐạt 86%\n"
            )
        };
        let p = parse(&table("Đã hoàn thành", "Đang triển khai."));
        let role = &p.tables[0].role;
        assert_eq!(role.role, TableRole::Other, "{:?}", role.evidence);
        assert!(role.evidence.iter().any(|e| e.feature == "status_cells"), "{:?}", role.evidence);
        let p = parse(&table("Quý II/2036", "Tháng 6/2036").replacen("BÁO CÁO", "KẾ HOẠCH", 1));
        assert_eq!(p.tables[0].role.role, TableRole::Plan, "{:?}", p.tables[0].role.evidence);
    }

    /// A report, a notice of conclusions, a submission or a letter states no
    /// plan of its own: a table of tasks with agencies and deadlines in it
    /// (results, assigned jobs) is none, unless the document carries a plan
    /// under a KẾ HOẠCH title of its own.
    #[test]
    fn a_task_table_in_a_document_that_states_no_plan_is_none() {
        let table = "STT\tNội dung công việc\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời hạn hoàn thành\n\
                     1\tRà soát thủ tục hành chính\tPhòng Tư pháp\tVăn phòng\tQuý II/2036\n\
                     2\tSố hóa hồ sơ\tPhòng Nội vụ\tCác phòng\tTháng 6/2036\n";
        for (title, kind) in [
            ("BÁO CÁO\nKết quả thực hiện Kế hoạch", "report"),
            ("THÔNG BÁO\nKết luận của Chủ tịch", "notice"),
            ("TỜ TRÌNH\nVề việc", "submission"),
            ("ĐIỀU LỆ\nHội", "charter"),
        ] {
            let p = parse(&format!("{title}\n\n{table}"));
            let role = &p.tables[0].role;
            assert_eq!(p.class.kind.name(), kind);
            assert_eq!(role.role, TableRole::Other, "{kind}: {:?}", role.evidence);
            assert!(role.evidence.iter().any(|e| e.feature == "document_kind" && e.weight <= -6.0), "{kind}");
        }
        let p = parse(&format!("KẾ HOẠCH\nCải cách hành chính\n\n{table}"));
        assert_eq!(p.tables[0].role.role, TableRole::Plan, "{:?}", p.tables[0].role.evidence);
        // A submission carrying the plan it submits: its table is the plan's.
        let p = parse(&format!("TỜ TRÌNH\nVề việc ban hành Kế hoạch\n\nKẾ HOẠCH\nCải cách hành chính\n\n{table}"));
        assert!(p.class.attached_plan);
        assert_eq!(p.tables[0].role.role, TableRole::Plan, "{:?}", p.tables[0].role.evidence);
    }

    #[test]
    fn indicators_with_agencies() {
        let p = parse(
            "KẾ HOẠCH\nCCHC\n\nTT\tChỉ tiêu\tĐơn vị tính\tChỉ tiêu năm 2026\tĐơn vị chủ trì\n\
             1\tTỷ lệ hồ sơ đúng hạn\t%\tTối thiểu 98\tVăn phòng Sở\n2\tSố cuộc kiểm tra\tcuộc\t04\tThanh tra Sở\n",
        );
        assert_eq!(p.tables[0].role.role, TableRole::Indicators, "{:?}", p.tables[0].role.evidence);
    }

    /// A plan's targets as a table of their own, with a unit and a value
    /// under a year and no agency column (unseen6): indicators. The same
    /// table in a report is no plan.
    #[test]
    fn targets_with_unit_and_value_and_no_agency() {
        let table = "STT\tChỉ tiêu\tĐơn vị tính\tNăm 2032\n\
                     1.\tTỷ lệ hồ sơ trực tuyến toàn trình\t%\t≥ 80\n\
                     2.\tSố nền tảng số dùng chung\tnền tảng\t03\n\
                     3.\tTỷ lệ người dân hài lòng\t%\tTrên 90\n";
        let p = parse(&format!("KẾ HOẠCH\nChuyển đổi số\n\n{table}"));
        assert_eq!(p.tables[0].role.role, TableRole::Indicators, "{:?}", p.tables[0].role.evidence);
        let p = parse(&format!("BÁO CÁO\nKết quả\n\n{table}"));
        assert_eq!(p.tables[0].role.role, TableRole::Other, "{:?}", p.tables[0].role.evidence);
    }

    #[test]
    fn charter_articles_are_no_narrative_plan() {
        let text = "ĐIỀU LỆ\nHội\n\nI. MỤC TIÊU\n\n1. Mục tiêu, chỉ tiêu cụ thể\n\n- Phát triển hội viên.\n";
        let p = parse(text);
        let narrative = p.tables.iter().find(|t| t.kind == TableKind::Narrative).expect("a narrative table");
        assert_eq!(narrative.role.role, TableRole::Other);
        let p = parse(&text.replace("ĐIỀU LỆ", "KẾ HOẠCH"));
        let narrative = p.tables.iter().find(|t| t.kind == TableKind::Narrative).expect("a narrative table");
        assert_eq!(narrative.role.role, TableRole::Plan);
    }
}
