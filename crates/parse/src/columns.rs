//! Header recognition: header cells → canonical fields.
//!
//! Headers are compared after folding (lower case, diacritics removed, `đ` →
//! `d`, numbering prefixes such as `3-` dropped, punctuation as spaces), so
//! "3- Hoạt động", "HOẠT ĐỘNG" and an OCR-damaged "Hoat dong" all match.
//! Exact synonyms score 1; a header that contains a synonym as whole words
//! scores 0.9 (the longest synonym wins); otherwise the closest synonym by
//! normalized Levenshtein similarity is taken when it reaches 0.8. The
//! wordings are data: `data/headers.tsv`.

use crate::classes::{digits, space_end};
use crate::fields::{Column, Field};
use std::sync::LazyLock;

/// The header wordings of `data/headers.tsv`, folded: (guess, wording).
static SYNONYMS: LazyLock<Vec<(Guess, String)>> = LazyLock::new(|| parse_synonyms(include_str!("../data/headers.tsv")));

fn parse_synonyms(data: &str) -> Vec<(Guess, String)> {
    data.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (field, wording) = line.split_once('\t').unwrap_or_else(|| panic!("headers.tsv: no tab in {line:?}"));
            let guess = match field {
                "content" => Guess::Content,
                "lead_partners" => Guess::LeadPartners,
                name => Guess::Field(
                    Field::from_name(name).unwrap_or_else(|| panic!("headers.tsv: unknown field {name:?}")),
                ),
            };
            (guess, fold(wording))
        })
        .collect()
}

/// Where a header's numbering prefix ends (`^\s*[0-9]{1,2}\s*[-.)]\s*`,
/// "3- "), if it has one. A scanner: compiled, the regex cost ~0.3 M
/// instructions per process.
fn number_prefix_end(header: &str) -> Option<usize> {
    let digits_at = space_end(header, 0);
    let n = digits(&header[digits_at..]);
    let mark = space_end(header, digits_at + n);
    let marked = matches!(header.as_bytes().get(mark), Some(b'-' | b'.' | b')'));
    ((1..=2).contains(&n) && marked).then(|| space_end(header, mark + 1))
}

/// Lower-cases, removes diacritics (`đ` → `d`) and turns everything that is
/// not a letter or digit into single spaces: `kehoach-vi`'s search key.
pub(crate) use kehoach_vi::fold::search_key as fold;

/// `text` holds `words` as whole words: `" {text} "` contains `" {words} "`
/// (both folded).
pub(crate) fn has_words(text: &str, words: &str) -> bool {
    if words.is_empty() {
        return true;
    }
    // The places a whole word can start: the beginning and after each
    // space; at each, the words and then a space or the end. (A substring
    // search builds its searcher again for every call, which cost more than
    // the comparisons for these short texts.)
    let (text, words) = (text.as_bytes(), words.as_bytes());
    let fits = |at: usize| text[at..].starts_with(words) && text.get(at + words.len()).is_none_or(|b| *b == b' ');
    fits(0) || text.iter().enumerate().any(|(i, b)| *b == b' ' && fits(i + 1))
}

/// `strsim::normalized_levenshtein(a, b)` where it is at least 0.75; `None`
/// below (a header is matched from 0.8 on, so lower scores are never
/// used). Texts whose lengths or characters differ by more than the
/// distance 0.75 allows are not compared at all; the edit distance stops as soon as
/// every cell of a row of its table exceeds that distance, and runs on
/// bytes when both texts are ASCII (the synonyms always are).
pub(crate) fn similarity(a: &str, b: &str) -> Option<f64> {
    fn distance<T: PartialEq + Copy + Into<u32>>(a: &[T], b: &[T], limit: usize) -> Option<usize> {
        // The distance is at least the difference in length, and at least
        // the characters one text has more of than the other (counted in
        // 64 bins by their low bits: an edit changes that count by one at
        // most, and sharing bins only lowers it).
        if a.len().abs_diff(b.len()) > limit {
            return None;
        }
        let mut bins = [0i32; 64];
        for x in a {
            bins[((*x).into() & 63) as usize] += 1;
        }
        for y in b {
            bins[((*y).into() & 63) as usize] -= 1;
        }
        let (more, fewer) = bins.iter().fold((0, 0), |(m, f), n| (m + n.max(&0), f + (-n).max(0)));
        if more.max(fewer) as usize > limit {
            return None;
        }
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, x) in a.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            let mut least = row[0];
            for (j, y) in b.iter().enumerate() {
                let substitution = diagonal + usize::from(x != y);
                diagonal = row[j + 1];
                row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
                least = least.min(row[j + 1]);
            }
            if least > limit {
                return None;
            }
        }
        Some(row[b.len()]).filter(|d| *d <= limit)
    }
    let (d, longest) = if a.is_ascii() && b.is_ascii() {
        let longest = a.len().max(b.len());
        (distance(a.as_bytes(), b.as_bytes(), longest / 4), longest)
    } else {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let longest = a.len().max(b.len());
        (distance(&a, &b, longest / 4), longest)
    };
    if longest == 0 {
        return Some(1.0);
    }
    // The same arithmetic as strsim's.
    d.map(|d| 1.0 - (d as f64) / (longest as f64))
}

/// Header abbreviations, folded: (short words, long words), longest first.
static ABBREVIATIONS: LazyLock<Vec<(Vec<String>, String)>> = LazyLock::new(|| {
    let mut out: Vec<(Vec<String>, String)> = include_str!("../data/header_abbreviations.tsv")
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (short, long) =
                line.split_once('\t').unwrap_or_else(|| panic!("header_abbreviations.tsv: no tab in {line:?}"));
            (fold(short).split(' ').map(str::to_string).collect(), fold(long))
        })
        .collect();
    out.sort_by_key(|(short, _)| std::cmp::Reverse(short.len()));
    out
});

/// The folded header without its numbering prefix ("3- Hoạt động" → "hoat
/// dong"), its abbreviations spelled out ("T.gian HT" → "thoi gian hoan
/// thanh", `header_abbreviations.tsv`).
fn fold_header(header: &str) -> String {
    let folded = fold(&header[number_prefix_end(header).unwrap_or(0)..]);
    // Most cells offered hold no abbreviation, and a long one is data, not a
    // header (`guess_uncached`): only a word that starts an abbreviation
    // makes the spelling out worth its cost.
    let starts = |w: &str| ABBREVIATIONS.iter().any(|(short, _)| short[0] == w);
    if folded.len() > 80 || !folded.split(' ').any(starts) {
        return folded;
    }
    let words: Vec<&str> = folded.split(' ').collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let found = ABBREVIATIONS
            .iter()
            .find(|(short, _)| words.len() - i >= short.len() && short.iter().zip(&words[i..]).all(|(s, w)| s == w));
        match found {
            Some((short, long)) => {
                out.push(long);
                i += short.len();
            }
            None => {
                out.push(words[i]);
                i += 1;
            }
        }
    }
    out.join(" ")
}

/// A header cell's numbering prefix ("3- Hoạt động" → 3).
pub(crate) fn header_number(header: &str) -> Option<u32> {
    let prefix = &header[..number_prefix_end(header)?];
    prefix.chars().filter(char::is_ascii_digit).collect::<String>().parse().ok()
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Guess {
    Field(Field),
    Content,
    /// One column for the lead and the partners ("Chủ trì/phối hợp"):
    /// mapped to the lead, each cell split ([`split_roles`]).
    LeadPartners,
}

type Seen = (std::collections::HashMap<String, Option<(Guess, f32)>>, usize);

thread_local! {
    /// The guesses of the document being parsed on this thread, and their
    /// cells' bytes.
    static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::default();
}

/// Forgets the remembered guesses: called as a document's parse starts, so
/// each document pays for its own cells.
pub(crate) fn forget_guesses() {
    SEEN.with_borrow_mut(|(seen, bytes)| {
        seen.clear();
        *bytes = 0;
    });
}

/// [`guess_uncached`], remembered per document: the same header and data
/// cells are offered several times (finding a table's header, splitting
/// tables at inner headers, mapping the header). The cache is cleared when
/// it holds 4,096 cells or 1 MB of their text.
fn guess(header: &str) -> Option<(Guess, f32)> {
    if let Some(found) = SEEN.with_borrow(|(seen, _)| seen.get(header).copied()) {
        return found;
    }
    let found = guess_uncached(header);
    SEEN.with_borrow_mut(|(seen, bytes)| {
        if seen.len() >= 4096 || *bytes + header.len() > 1 << 20 {
            seen.clear();
            *bytes = 0;
        }
        *bytes += header.len();
        seen.insert(header.to_string(), found);
    });
    found
}

fn guess_uncached(header: &str) -> Option<(Guess, f32)> {
    // A two-row header joined as "upper: lower": the lower words name the
    // column ("Cơ quan thực hiện: phối hợp" is the partners), the upper ones
    // only when the lower are not recognised.
    if let Some((_, lower)) = header.rsplit_once(": ") {
        if let Some(found) = guess(lower) {
            return Some(found);
        }
    }
    let folded = fold_header(header);
    if folded.is_empty() {
        return None;
    }
    if folded.starts_with("chi tieu nam") || folded.starts_with("gia tri chi tieu") {
        return Some((Guess::Field(Field::TargetValue), 1.0));
    }
    // "Thời gian thực hiện: Bắt đầu" is a start date, not the deadline: kept
    // as an extra column under its header.
    if folded.ends_with("bat dau") || folded.ends_with("tu ngay") {
        return None;
    }
    let candidates = SYNONYMS.iter().map(|(g, w)| (*g, w.as_str()));
    let mut best: Option<(Guess, f32, usize)> = None;
    if folded.len() > 80 {
        return None; // data, not a header
    }
    for (g, syn) in candidates {
        let score = if folded == syn {
            1.0
        } else if has_words(&folded, syn) {
            0.9
        } else if folded.len().abs_diff(syn.len()) * 5 > folded.len().max(syn.len()) {
            0.0 // lengths too far apart to reach 0.8 similarity; skip the edit distance
        } else {
            // Scores below 0.8 are never taken, and two scores closer than
            // f32::EPSILON are equal (each is 1 - d/n, n ≤ 80 + a synonym),
            // so 0.0 for them picks what the full score picked.
            similarity(&folded, syn).map_or(0.0, |s| s as f32)
        };
        let better = match best {
            None => true,
            Some((_, s, len)) => score > s + f32::EPSILON || ((score - s).abs() <= f32::EPSILON && syn.len() > len),
        };
        if better {
            best = Some((g, score, syn.len()));
        }
    }
    best.filter(|(_, score, _)| *score >= 0.8).map(|(g, score, _)| (g, (score * 100.0).round() / 100.0)).or_else(|| {
        // A narrow column's header that a converter cut mid-word ("ST T",
        // "S T T" for "STT"): its pieces joined, when they are a wording.
        let short = folded.len() <= SHORT_HEADER && folded.contains(' ');
        let joined: String = if short { folded.split(' ').collect() } else { return None };
        SYNONYMS.iter().find(|(_, w)| *w == joined).map(|(g, _)| (*g, 1.0))
    })
}

/// The longest folded header (spaces included) read with its pieces joined
/// when a converter cut it mid-word ("s t t").
const SHORT_HEADER: usize = 6;

/// Whether a header names one column for the lead and the partners
/// ("Chủ trì/phối hợp", "Đơn vị chủ trì, phối hợp").
pub(crate) fn names_lead_and_partners(header: &str) -> bool {
    matches!(guess(header), Some((Guess::LeadPartners, _)))
}

/// The role a label names when it is exactly a lead or partners header
/// wording ("Chủ trì", "Phối hợp", "Đơn vị phối hợp").
pub(crate) fn role_label(label: &str) -> Option<Field> {
    if label.split_whitespace().count() > 5 {
        return None;
    }
    match guess(label)? {
        (Guess::Field(f @ (Field::Lead | Field::Partners)), score) if score >= 1.0 => Some(f),
        _ => None,
    }
}

/// A cell of a column headed for the lead and the partners, as (lead,
/// partners): labelled parts ("Chủ trì: A⏎Phối hợp: B", "Chủ trì: A;
/// phối hợp: B", text before any label being the lead), else the two
/// sides of the one slash between words ("A/B", as the header "Chủ
/// trì/phối hợp" writes them), else the whole text as the lead. Numbers
/// such as "45/QĐ-UBND" or "05/01/2030" are never split.
pub(crate) fn split_roles(text: &str) -> (String, String) {
    let (mut lead, mut partners) = (Vec::new(), Vec::new());
    let mut labelled = false;
    let mut into = Field::Lead;
    let mut push = |field: Field, piece: &str| {
        let piece = piece.trim().trim_matches([';', ',']).trim();
        if !piece.is_empty() {
            if field == Field::Partners { &mut partners } else { &mut lead }.push(piece.to_string());
        }
    };
    for line in text.lines() {
        let mut rest = line;
        loop {
            // The label is the last words before a colon ("… UBND xã Phối
            // hợp: …" as a PDF's lines join), the longest that is one.
            let label = rest.match_indices(':').find_map(|(colon, _)| {
                let start = rest[..colon].rfind([';', ',', '.']).map_or(0, |j| j + 1);
                let before = &rest[start..colon];
                let words: Vec<usize> = before
                    .char_indices()
                    .filter(|&(i, c)| {
                        !c.is_whitespace() && before[..i].chars().next_back().is_none_or(char::is_whitespace)
                    })
                    .map(|(i, _)| i)
                    .collect();
                let last = &words[words.len().saturating_sub(5)..];
                last.iter().find_map(|&w| role_label(&before[w..]).map(|field| (start + w, colon, field)))
            });
            let Some((start, colon, field)) = label else {
                push(into, rest);
                break;
            };
            push(into, &rest[..start]);
            (into, labelled) = (field, true);
            rest = &rest[colon + 1..];
        }
    }
    if !labelled {
        let words = |c: Option<char>| c.is_some_and(|c| c.is_alphabetic() || c == ')');
        let slashes: Vec<usize> = text
            .match_indices('/')
            .map(|(i, _)| i)
            .filter(|&i| {
                words(text[..i].trim_end().chars().next_back()) && words(text[i + 1..].trim_start().chars().next())
            })
            .collect();
        if let [at] = slashes[..] {
            return (text[..at].trim().to_string(), text[at + 1..].trim().to_string());
        }
        return (text.trim().to_string(), String::new());
    }
    (lead.join("\n"), partners.join("\n"))
}

/// A cell that marks its agencies' roles in brackets after them, as
/// (lead, partners): "Phòng A (chủ trì); Văn phòng, Phòng B (phối hợp)" is
/// ("Phòng A", "Văn phòng, Phòng B"). Each mark names the role of the
/// agencies printed between the mark before it and itself; agencies after
/// the last mark lead. `None` unless the cell marks partners ("(phối
/// hợp)", "(PH)"), so a lone "(chủ trì)" changes nothing.
pub(crate) fn split_marked_roles(text: &str) -> Option<(String, String)> {
    let mut marks: Vec<(usize, usize, Field)> = Vec::new();
    for (open, _) in text.match_indices('(') {
        let Some(close) = text[open..].find(')').map(|c| open + c) else { break };
        let role = match fold(&text[open + 1..close]).as_str() {
            "chu tri" | "ct" => Field::Lead,
            "phoi hop" | "ph" => Field::Partners,
            _ => continue,
        };
        marks.push((open, close + 1, role));
    }
    if !marks.iter().any(|(_, _, role)| *role == Field::Partners) {
        return None;
    }
    let (mut lead, mut partners) = (Vec::new(), Vec::new());
    let mut from = 0;
    let clean = |piece: &str| piece.trim().trim_matches([';', ',', '.', '\n']).trim().to_string();
    for (open, close, role) in &marks {
        let piece = clean(&text[from..*open]);
        if !piece.is_empty() {
            if *role == Field::Partners { &mut partners } else { &mut lead }.push(piece);
        }
        from = *close;
    }
    let rest = clean(&text[from..]);
    if !rest.is_empty() {
        lead.push(rest);
    }
    Some((lead.join("; "), partners.join("; ")))
}

/// The fields of a labelled line of prose ("- Cơ quan chủ trì: Văn phòng
/// Ban.", "- Thời gian hoàn thành: Quý II/2033."): its label, the words
/// before its first colon, is exactly a header wording of a row field
/// (output, lead, partners, deadline, budget, note, or lead and partners
/// together); the value is the rest, a closing stop dropped. A lead or
/// partners line is read as such a cell is ("Chủ trì: A; phối hợp: B"
/// gives both). `None` for any other line.
pub(crate) fn labelled_line(line: &str) -> Option<Vec<(Field, String)>> {
    let (label, value) = line.split_once(':')?;
    if label.split_whitespace().count() > 6 || value.trim().is_empty() {
        return None;
    }
    let clean = |v: &str| v.trim().trim_end_matches(['.', ';']).trim_end().to_string();
    let roles = |line: &str| {
        let (lead, partners) = split_roles(line);
        [(Field::Lead, clean(&lead)), (Field::Partners, clean(&partners))]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .collect::<Vec<_>>()
    };
    match guess(label.trim())? {
        (_, score) if score < 1.0 => None,
        (Guess::LeadPartners, _) => Some(roles(value)),
        (Guess::Field(Field::Lead | Field::Partners), _) => Some(roles(line)),
        (Guess::Field(f @ (Field::Output | Field::Deadline | Field::Budget | Field::Note)), _) => {
            Some(vec![(f, clean(value))])
        }
        _ => None,
    }
}

/// A header that names a year and nothing else: "Năm 2032", "2032", "Đến
/// năm 2030", or the plan for a year: "Kế hoạch năm 2034" (unseen9's
/// targets sheet).
fn year_alone(header: &str) -> bool {
    let folded = fold(header);
    let folded = folded.strip_prefix("ke hoach ").unwrap_or(&folded);
    let year = folded.strip_prefix("den ").unwrap_or(folded);
    let year = year.strip_prefix("nam ").unwrap_or(year);
    year.len() == 4 && (year.starts_with("19") || year.starts_with("20")) && year.bytes().all(|b| b.is_ascii_digit())
}

/// Maps a candidate header row. Returns `None` when the row does not look
/// like a header: fewer than two recognised columns, or no text column.
pub(crate) fn map_header(cells: &[String]) -> Option<Vec<Column>> {
    let mut guesses: Vec<Option<(Guess, f32)>> = cells.iter().map(|c| guess(c)).collect();
    // A year alone over a column ("Năm 2032", "Đến năm 2030") is the
    // targets' value in a table of targets with their unit and no value
    // column named otherwise.
    let named = |field: Field| guesses.iter().flatten().any(|(g, _)| *g == Guess::Field(field));
    if named(Field::Target) && named(Field::Unit) && !named(Field::TargetValue) {
        for (cell, g) in cells.iter().zip(&mut guesses) {
            if g.is_none() && year_alone(cell) {
                *g = Some((Guess::Field(Field::TargetValue), 0.9));
            }
        }
    }
    let recognised = guesses.iter().flatten().count();
    let has_text_column = guesses
        .iter()
        .flatten()
        .any(|(g, _)| matches!(g, Guess::Content | Guess::Field(Field::Target | Field::Task | Field::Activity)));
    if recognised < 2 || !has_text_column {
        return None;
    }
    let has_task = guesses.iter().flatten().any(|(g, _)| *g == Guess::Field(Field::Task));
    let mut seen = Vec::new();
    let columns = cells
        .iter()
        .zip(guesses)
        .enumerate()
        .map(|(index, (header, g))| {
            let (field, confidence) = match g {
                Some((Guess::Field(f), c)) => (Some(f), c),
                // The main text column holds targets when the table has a
                // separate task column, tasks otherwise.
                Some((Guess::Content, c)) => (Some(if has_task { Field::Target } else { Field::Task }), c),
                Some((Guess::LeadPartners, c)) => (Some(Field::Lead), c),
                None => (None, 0.0),
            };
            // A field claimed twice keeps its first column; later ones are extra.
            let field = field.filter(|f| {
                let fresh = !seen.contains(f);
                seen.push(*f);
                fresh
            });
            Column { index, header: header.clone(), field, confidence: if field.is_some() { confidence } else { 0.0 } }
        })
        .collect();
    Some(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_prefix_scanner_agrees_with_the_regex() {
        let re = regex::Regex::new(r"^\s*[0-9]{1,2}\s*[-.)]\s*").expect("valid regex");
        let cases = ["3- Hoạt động", " 12 ) x", "123. x", "1.2 x", "1\u{a0}-\u{2003}x", "x 1. y", "1", "-", "7)", ""];
        let seeds = crate::classes::tests::seed_texts();
        let mut found = 0;
        for text in cases.into_iter().chain(crate::classes::tests::lines_and_cells(&seeds)) {
            let expected = re.find(text).map(|m| m.end());
            assert_eq!(number_prefix_end(text), expected, "{text:?}");
            found += usize::from(expected.is_some());
        }
        assert!(found >= 5, "the cases hold prefixes");
    }

    fn fields(headers: &[&str]) -> Vec<Option<Field>> {
        let cells: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        map_header(&cells).expect("a header").into_iter().map(|c| c.field).collect()
    }

    #[test]
    fn folding() {
        assert_eq!(fold("1- Mục tiêu/Chỉ tiêu/ Nội dung"), "1 muc tieu chi tieu noi dung");
        assert_eq!(fold("ĐƠN VỊ"), "don vi");
        assert_eq!(header_number("3- Hoạt động"), Some(3));
        assert_eq!(header_number("Hoạt động"), None);
    }

    #[test]
    fn framework_header() {
        use Field::*;
        let got = fields(&[
            "TT",
            "1- Mục tiêu/Chỉ tiêu/ Nội dung",
            "2- Nhiệm vụ",
            "3- Hoạt động",
            "4- Kết quả, sản phẩm",
            "5- Chủ trì",
            "6- Phối hợp",
            "7- Thời gian hoàn thành",
            "8- Kinh phí",
        ]);
        let want = [RowNumber, Target, Task, Activity, Output, Lead, Partners, Deadline, Budget];
        assert_eq!(got, want.map(Some).to_vec());
    }

    #[test]
    fn task_tables_and_content_role() {
        use Field::*;
        assert_eq!(
            fields(&["TT", "Nhiệm vụ", "Sản phẩm", "Tiến độ", "Phân công và cách thức thực hiện"]),
            [RowNumber, Task, Output, Deadline, Assignment].map(Some).to_vec()
        );
        assert_eq!(
            fields(&["Stt", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Ghi chú"]),
            [RowNumber, Task, Lead, Partners, Deadline, Note].map(Some).to_vec()
        );
        assert_eq!(
            fields(&["STT", "Chỉ tiêu", "Đơn vị", "Chỉ tiêu năm 2024", "Cơ quan chủ trì đánh giá", "Lạ"]),
            vec![Some(RowNumber), Some(Target), Some(Unit), Some(TargetValue), Some(Evaluator), None]
        );
    }

    /// A year alone over a column of a targets table ("STT | Chỉ tiêu |
    /// Đơn vị tính | Năm 2032", unseen6) is the target value; without a
    /// unit column, or beside a value column named otherwise, it is not.
    #[test]
    fn a_year_alone_is_the_target_value_of_a_targets_table() {
        use Field::*;
        assert_eq!(
            fields(&["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2032"]),
            [RowNumber, Target, Unit, TargetValue].map(Some).to_vec()
        );
        assert_eq!(fields(&["TT", "Chỉ tiêu", "ĐVT", "Đến năm 2030"])[3], Some(TargetValue));
        assert_eq!(fields(&["STT", "Chỉ tiêu", "Cơ quan chủ trì", "Năm 2032"])[3], None, "no unit column");
        // unseen9: the plan for the year over the targets' values, and
        // the office that follows each target.
        assert_eq!(
            fields(&["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2034", "Cơ quan theo dõi"])[3..],
            [Some(Field::TargetValue), Some(Field::Monitor)]
        );
        assert_eq!(fields(&["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch thực hiện"])[3], None, "no year");
        assert_eq!(fields(&["STT", "Chỉ tiêu", "Đơn vị", "Chỉ tiêu năm 2032", "Năm 2031"])[4], None);
        assert_eq!(fields(&["STT", "Chỉ tiêu", "Đơn vị", "Năm học"])[3], None);
    }

    #[test]
    fn damaged_and_upper_case_headers() {
        assert_eq!(guess("HOẠT ĐỘNG").map(|g| g.0), Some(Guess::Field(Field::Activity)));
        assert_eq!(guess("Thoi gian hoan thanh").map(|g| g.1), Some(1.0));
        assert_eq!(guess("Thời gian hoàn thàn").map(|g| g.0), Some(Guess::Field(Field::Deadline)));
    }

    /// A header naming tasks and activities (unseen6's "Nhiệm vụ, hoạt
    /// động") is the task column, not the activity column its longer
    /// wording "hoạt động" would make it; "Hoạt động" alone stays the
    /// activities.
    #[test]
    fn a_header_naming_tasks_and_activities_is_the_task_column() {
        for header in
            ["Nhiệm vụ, hoạt động", "NHIỆM VỤ/HOẠT ĐỘNG", "Nhiệm vụ và các hoạt động", "Các nhiệm vụ, hoạt động"]
        {
            assert_eq!(guess(header).map(|g| g.0), Some(Guess::Field(Field::Task)), "{header}");
        }
        assert_eq!(guess("Hoạt động").map(|g| g.0), Some(Guess::Field(Field::Activity)));
    }

    /// A narrow number column's header that pandoc's grid table or
    /// `pdftotext -layout` cut mid-word (unseen4: "ST⏎T") is the row
    /// number.
    #[test]
    fn a_short_header_cut_mid_word_is_joined() {
        assert_eq!(guess("ST\nT").map(|g| g.0), Some(Guess::Field(Field::RowNumber)));
        assert_eq!(guess("S T T").map(|g| g.0), Some(Guess::Field(Field::RowNumber)));
        assert_eq!(guess("T T").map(|g| g.0), Some(Guess::Field(Field::RowNumber)));
        assert_eq!(guess("A B"), None);
    }

    /// One column for the lead and the partners (unseen4's appendix): the
    /// header maps to the lead, and each cell splits at its labels or its
    /// one slash between words.
    #[test]
    fn a_lead_and_partners_column_splits_its_cells() {
        for header in ["Chủ trì/phối hợp", "Chủ trì, phối hợp", "Đơn vị chủ trì/phối hợp", "CHỦ TRÌ/ PHỐI HỢP"]
        {
            assert!(names_lead_and_partners(header), "{header}");
            assert_eq!(
                fields(&["TT", "Nội dung", header]),
                [Some(Field::RowNumber), Some(Field::Task), Some(Field::Lead)]
            );
        }
        assert!(!names_lead_and_partners("Đơn vị chủ trì"));
        let split = |t: &str| {
            let (a, b) = split_roles(t);
            [a, b]
        };
        assert_eq!(split("Chủ trì: Văn phòng\nPhối hợp: Viễn thông Lâm Đồng"), ["Văn phòng", "Viễn thông Lâm Đồng"]);
        assert_eq!(split("Chủ trì: Công an xã; phối hợp: Trưởng các thôn."), ["Công an xã", "Trưởng các thôn."]);
        assert_eq!(split("Văn phòng\nĐơn vị phối hợp: Sở Y tế, Sở Tài chính"), ["Văn phòng", "Sở Y tế, Sở Tài chính"]);
        assert_eq!(split("Chủ trì: Văn phòng UBND xã Phối hợp: Viễn thông"), ["Văn phòng UBND xã", "Viễn thông"]);
        assert_eq!(split("Công an xã/Trưởng các thôn"), ["Công an xã", "Trưởng các thôn"]);
        assert_eq!(split("Sở Nội vụ / UBND các huyện"), ["Sở Nội vụ", "UBND các huyện"]);
        assert_eq!(split("Công chức Tư pháp - Hộ tịch"), ["Công chức Tư pháp - Hộ tịch", ""]);
        let decided = "Theo phân công tại Quyết định số 45/QĐ-UBND ngày 05/01/2030";
        assert_eq!(split(decided), [decided, ""]);
        assert_eq!(split("A/B/C"), ["A/B/C", ""], "two slashes: not split");
        assert_eq!(split("Lưu ý: theo kế hoạch"), ["Lưu ý: theo kế hoạch", ""], "a label of no role");
    }

    #[test]
    fn data_rows_are_not_headers() {
        let row: Vec<String> =
            ["1", "1.1. Nâng cao chất lượng", "Văn phòng Sở", "Thường xuyên"].iter().map(|s| s.to_string()).collect();
        assert!(map_header(&row).is_none());
    }
}

#[cfg(test)]
mod variant_tests {
    use super::*;

    /// Every line of the synonym file names a field and folds to words.
    #[test]
    fn the_synonym_file_reads() {
        assert!(SYNONYMS.len() > 60);
        assert!(SYNONYMS
            .iter()
            .all(|(_, w)| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')));
        assert!(SYNONYMS.contains(&(Guess::Field(Field::Lead), "trach nhiem thuc hien".to_string())));
        assert!(SYNONYMS.contains(&(Guess::Content, "noi dung".to_string())));
    }

    /// The bounded edit distance gives strsim's score wherever a header can
    /// be matched (0.8 and more), on every line and cell of the seeds (as
    /// headers, folded) against every synonym, and on non-ASCII text.
    #[test]
    fn the_bounded_similarity_agrees_with_strsim() {
        let seeds = crate::classes::tests::seed_texts();
        let cells = crate::classes::tests::lines_and_cells(&seeds);
        let extra = ["thoi gian hoan thanh", "thoi gian hoan than", "co quan chu tri", "дон ви", "đơn vị", "x", ""];
        let mut close = 0;
        let mut pairs = 0;
        for cell in cells.map(fold_header).chain(extra.iter().map(|s| s.to_string())) {
            if cell.len() > 80 {
                continue;
            }
            for (_, syn) in SYNONYMS.iter() {
                let full = strsim::normalized_levenshtein(&cell, syn);
                let bounded = similarity(&cell, syn);
                pairs += 1;
                if full >= 0.8 {
                    close += 1;
                    assert_eq!(bounded, Some(full), "{cell:?} {syn:?}");
                } else if let Some(b) = bounded {
                    assert_eq!(b, full, "{cell:?} {syn:?}");
                }
            }
        }
        assert!(pairs > 10_000 && close > 20, "{pairs} pairs, {close} close");
    }

    /// The same on whole lines, as the damaged-header test after a page
    /// break compares them: each seed line, folded and as written (so
    /// non-ASCII), against the lines after it and against a copy with
    /// every seventh character changed and every eleventh dropped.
    #[test]
    fn the_bounded_similarity_agrees_with_strsim_on_lines() {
        let seeds = crate::classes::tests::seed_texts();
        let lines: Vec<String> = seeds
            .iter()
            .flat_map(|s| s.lines())
            .filter(|l| l.chars().count() <= 200)
            .step_by(5)
            .flat_map(|l| [l.to_string(), fold(l)])
            .collect();
        let damaged = |l: &str| -> String {
            l.chars().enumerate().filter(|(i, _)| i % 11 != 10).map(|(i, c)| if i % 7 == 6 { 'x' } else { c }).collect()
        };
        let (mut pairs, mut close) = (0, 0);
        for (i, line) in lines.iter().enumerate() {
            let others = lines[i + 1..].iter().take(8).cloned().chain([damaged(line), line.clone()]);
            for other in others {
                let full = strsim::normalized_levenshtein(line, &other);
                let bounded = similarity(line, &other);
                pairs += 1;
                if full >= 0.75 {
                    close += 1;
                    assert_eq!(bounded, Some(full), "{line:?} {other:?}");
                } else if let Some(b) = bounded {
                    assert_eq!(b, full, "{line:?} {other:?}");
                }
            }
        }
        assert!(pairs > 3_000 && close > 1_000, "{pairs} pairs, {close} close");
    }

    /// Roles marked in brackets in one cell (unseen19).
    #[test]
    fn roles_marked_in_brackets_split_a_cell() {
        let split = split_marked_roles;
        assert_eq!(
            split("Phòng Quản lý doanh nghiệp (chủ trì); Văn phòng Ban, Phòng Quản lý đầu tư (phối hợp)"),
            Some(("Phòng Quản lý doanh nghiệp".to_string(), "Văn phòng Ban, Phòng Quản lý đầu tư".to_string()))
        );
        assert_eq!(
            split("Văn phòng Ban (Chủ trì)\nPhòng Quản lý môi trường (Phối hợp)"),
            Some(("Văn phòng Ban".to_string(), "Phòng Quản lý môi trường".to_string()))
        );
        assert_eq!(split("Phòng Quản lý doanh nghiệp (chủ trì)"), None);
        assert_eq!(split("Sở Tư pháp (Phòng Văn bản)"), None);
        assert_eq!(split("Các sở, ngành"), None);
    }

    /// Headers abbreviated in narrow columns (unseen19).
    #[test]
    fn abbreviated_headers_are_read_spelled_out() {
        assert_eq!(fold_header("T.gian HT"), "thoi gian hoan thanh");
        assert_eq!(fold_header("KP (tr.đ)"), "kinh phi trieu dong");
        assert_eq!(fold_header("SP đầu ra"), "san pham dau ra");
        assert_eq!(fold_header("Thời gian hoàn thành"), "thoi gian hoan thanh");
        assert_eq!(fold_header("TT"), "tt");
        // A task's code is no task (unseen9's "Mã NV").
        assert_eq!(guess("Mã NV"), None);
        let cells: Vec<String> =
            ["TT", "ND công việc", "SP đầu ra", "ĐV chủ trì", "CQ phối hợp", "T.gian HT", "KP (tr.đ)"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        let fields: Vec<Option<Field>> = map_header(&cells).expect("a header").into_iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [
                Some(Field::RowNumber),
                Some(Field::Task),
                Some(Field::Output),
                Some(Field::Lead),
                Some(Field::Partners),
                Some(Field::Deadline),
                Some(Field::Budget)
            ]
        );
    }

    /// Every header variant issue 3 lists, plain, upper-case, with a
    /// numbering prefix, with markup and with damaged diacritics.
    #[test]
    fn header_variants_map_to_their_fields() {
        let cases: &[(&str, Option<Field>)] = &[
            ("Nhiệm vụ và giải pháp", Some(Field::Task)),
            ("Tên nhiệm vụ", Some(Field::Task)),
            ("Sản phẩm", Some(Field::Output)),
            ("Sản phẩm dự kiến", Some(Field::Output)),
            ("Sản phẩm đầu ra", Some(Field::Output)),
            ("Kết quả dự kiến", Some(Field::Output)),
            ("Kết quả thực hiện", Some(Field::Output)),
            ("Tiến độ", Some(Field::Deadline)),
            ("Thời gian thực hiện", Some(Field::Deadline)),
            ("Thời gian dự kiến hoàn thành", Some(Field::Deadline)),
            ("Cơ quan chủ trì", Some(Field::Lead)),
            ("Đơn vị thực hiện", Some(Field::Lead)),
            ("Chủ trì thực hiện", Some(Field::Lead)),
            ("Đơn vị phối hợp", Some(Field::Partners)),
            ("Nguồn kinh phí", Some(Field::Budget)),
            ("Phân công và cách thức thực hiện", Some(Field::Assignment)),
            ("CƠ QUAN CHỦ TRÌ", Some(Field::Lead)),
            ("3- Thời gian hoàn thành", Some(Field::Deadline)),
            ("<b>Sản phẩm</b>", Some(Field::Output)),
            ("Co quan phoi hop", Some(Field::Partners)),
            ("Thòi gian hoàn thành", Some(Field::Deadline)),
            // Real offices' wordings (issue 14).
            ("Trách nhiệm thực hiện", Some(Field::Lead)),
            ("Trách nhiệm\nthực hiện", Some(Field::Lead)),
            ("Đơn vị chủ trì", Some(Field::Lead)),
            ("Cơ quan thực hiện", Some(Field::Lead)),
            ("Thời hạn", Some(Field::Deadline)),
            ("Thời gian\n(Năm 2026)", Some(Field::Deadline)),
            ("Theo dõi, kiểm tra, đôn đốc", Some(Field::Monitor)),
            ("Theo dõi,\nkiểm tra, đôn đốc", Some(Field::Monitor)),
        ];
        for (header, want) in cases {
            let cells = vec!["TT".to_string(), "Nội dung thực hiện".to_string(), header.to_string()];
            let columns = map_header(&cells).unwrap_or_else(|| panic!("{header}: no header"));
            // The main text column holds targets when the table also has a
            // task column, tasks otherwise.
            let main = if *want == Some(Field::Task) { Field::Target } else { Field::Task };
            assert_eq!(columns[1].field, Some(main), "{header}: the main text column");
            assert_eq!(columns[2].field, *want, "{header}");
            assert!(columns[2].confidence > 0.0, "{header}: a confidence is recorded");
        }
    }

    /// unseen7's prose tasks: a line labelled with a header wording gives
    /// that field; other lines with a colon give none.
    #[test]
    fn labelled_lines_of_prose() {
        let one =
            |line: &str| labelled_line(line).map(|f| f.into_iter().map(|(f, v)| (f.name(), v)).collect::<Vec<_>>());
        assert_eq!(one("Cơ quan chủ trì: Văn phòng Ban."), Some(vec![("lead", "Văn phòng Ban".to_string())]));
        assert_eq!(one("Thời gian hoàn thành: Quý II/2033."), Some(vec![("deadline", "Quý II/2033".to_string())]));
        assert_eq!(
            one("Sản phẩm: Báo cáo kết quả rà soát;"),
            Some(vec![("output", "Báo cáo kết quả rà soát".to_string())])
        );
        assert_eq!(
            one("Chủ trì: Phòng Quản lý lao động; phối hợp: Sở Lao động - Thương binh và Xã hội; Công an tỉnh."),
            Some(vec![
                ("lead", "Phòng Quản lý lao động".to_string()),
                ("partners", "Sở Lao động - Thương binh và Xã hội; Công an tỉnh".to_string())
            ])
        );
        assert_eq!(one("Nhiệm vụ: rà soát văn bản"), None);
        assert_eq!(one("Tỷ lệ hồ sơ đúng hạn: 98%"), None);
        assert_eq!(one("Rà soát thủ tục hành chính"), None);
        assert_eq!(one("Thời gian hoàn thành:"), None);
    }
}
