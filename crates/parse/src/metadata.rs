//! Document metadata from the paragraphs: kind, number, place and date,
//! title and period, issuing bodies, the documents it implements or is
//! attached to, recipients and signer.

use crate::classes::{bare_word_end, digits, space_end, year_at, Class, SPACE};
use crate::columns::fold;
use crate::place_date;
use crate::plan::{Metadata, Reference, Signer};
use kehoach_extract::Block;
use kehoach_vi::fold::{find_bare, strip_prefix_bare};
use std::sync::LazyLock;

// The parser reads text before its diacritics are repaired: its words are
// matched with any marks (`bare_pattern`, `find_bare`), here where they stand
// in fixed places ("Số:", "Quyết định số … ngày …").
/// The document number of `text`: the first match of
/// `(?m)^\s*Số\s*:\s*(\S+)` ("Số" with any marks, as `bare_pattern`
/// writes it), its group. A scanner: compiled, the regex cost ~0.55 M
/// instructions per process.
fn number_after_so(text: &str) -> Option<&str> {
    // `^` of `(?m)` at the start and after each "\n"; `\s*` may cross lines.
    let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
    starts.into_iter().find_map(|line| {
        let so = bare_word_end(text, space_end(text, line), "Số", false)?;
        let colon = space_end(text, so);
        let number = space_end(text, colon + text[colon..].strip_prefix(':').map(|_| 1)?);
        let end = text[number..].find(|c| SPACE.contains(c)).map_or(text.len(), |i| number + i);
        (end > number).then(|| &text[number..end])
    })
}
/// What the metadata reader knows, from `data/metadata.tsv` (its header
/// says what each kind of row means).
struct Words {
    /// The kinds of document a reference names, as the reference's first
    /// words; none is the start of another.
    references: Vec<&'static str>,
    /// Words of a signer's position.
    signer_positions: Vec<&'static str>,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let mut words = Words { references: Vec::new(), signer_positions: Vec::new() };
    for line in include_str!("../data/metadata.tsv").lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        match line.split('\t').collect::<Vec<_>>().as_slice() {
            ["reference", kind] => words.references.push(kind),
            ["signer", position] => words.signer_positions.push(position),
            _ => panic!("metadata.tsv: cannot read {line:?}"),
        }
    }
    for (a, b) in words.references.iter().flat_map(|a| words.references.iter().map(move |b| (a, b))) {
        assert!(a == b || strip_prefix_bare(b, a).is_none(), "metadata.tsv: reference {a:?} starts {b:?}");
    }
    words
});

/// A document number's characters after its first digit, and after its "/".
static NUMBER_HEAD: LazyLock<Class> = LazyLock::new(|| Class::new(r"[\w\-]"));
static NUMBER_TAIL: LazyLock<Class> = LazyLock::new(|| Class::new(r"[\p{L}\w\-/]"));
/// The years a title names (its first match of
/// `(?i)(?:giai đoạn|từ năm)\s+(YEAR)\s*[-–]\s*(YEAR)|năm\s+(YEAR)`, its
/// words with any marks as `bare_pattern` writes them, YEAR
/// `(?:19|20)[0-9]{2}`): a range, or one year for both ends. A scanner:
/// compiled, that regex cost ~1.7 M instructions per process.
fn period(title: &str) -> Option<(i32, i32)> {
    let year = |at: usize| year_at(title, at).then(|| title[at..at + 4].parse::<i32>().ok()).flatten();
    // `\s+` then a year (greedy: the year starts after every space).
    let year_after = |end: usize| {
        let at = space_end(title, end);
        (at > end).then(|| year(at).map(|y| (at, y))).flatten()
    };
    title.char_indices().find_map(|(at, _)| {
        let range = ["giai đoạn", "từ năm"].iter().find_map(|w| bare_word_end(title, at, w, true)).and_then(|end| {
            let (first, from) = year_after(end)?;
            let dash = space_end(title, first + 4);
            let dash_len = ['-', '–'].iter().find(|d| title[dash..].starts_with(**d))?.len_utf8();
            let until = year(space_end(title, dash + dash_len))?;
            Some((from, until))
        });
        range.or_else(|| year_after(bare_word_end(title, at, "năm", true)?).map(|(_, y)| (y, y)))
    })
}

/// Looks for metadata in the paragraphs and in the lines of small tables
/// (a letterhead or signature block set as a borderless table, as Word
/// documents of the state usually are), read row by row.
pub(crate) fn find(blocks: &[Block]) -> Metadata {
    let mut meta = Metadata::default();
    let paragraphs: Vec<&str> = blocks
        .iter()
        .flat_map(|b| -> Box<dyn Iterator<Item = &str> + '_> {
            match b {
                Block::Paragraph(p) => Box::new(std::iter::once(p.text.as_str())),
                // Column by column: a letterhead typed over several rows (a
                // spreadsheet's cells, unseen20: "UBND TỈNH NGHỆ AN" |
                // motto, then "SỞ Y TẾ" | "Độc lập …") reads its issuer's
                // lines together, and a signature block its recipients'.
                Block::Table(t) if frame_table(t) => Box::new(
                    (0..FRAME_COLUMNS)
                        .flat_map(move |i| t.rows.iter().filter_map(move |r| r.cells.get(i)))
                        .filter(|c| !c.merged_above)
                        .flat_map(|c| c.text.split('\n').map(str::trim).filter(|l| !l.is_empty())),
                ),
                _ => Box::new(std::iter::empty()),
            }
        })
        .collect();
    for (i, text) in paragraphs.iter().enumerate() {
        if meta.number.is_none() && meta.number_text.is_none() {
            if let Some(number) = number_after_so(text) {
                // "Số: /QĐ-UBND": a number left blank for the clerk to fill.
                if number.starts_with('/') {
                    meta.number_text = Some(number.to_string());
                } else {
                    meta.number = Some(number.to_string());
                }
            }
        }
        if meta.date_text.is_none() {
            if let Some(found) = place_date::find(text) {
                meta.place = Some(found.place.trim().to_string());
                meta.date_text = Some(found.whole.trim().to_string());
                if let (Some(d), Some(m)) = (found.day, found.month) {
                    let (d, m): (u32, u32) = (d.parse().unwrap_or(0), m.parse().unwrap_or(0));
                    if (1..=31).contains(&d) && (1..=12).contains(&m) {
                        meta.date = Some(format!("{}-{m:02}-{d:02}", found.year));
                    }
                }
            }
        }
        if meta.kind.is_none() {
            // Folding also matches OCR-damaged titles such as "KÉ HOẠCH".
            let folded = fold(text);
            let kind =
                [("ke hoach", "plan"), ("quyet dinh", "decision"), ("phu luc", "appendix"), ("bao cao", "report")]
                    .into_iter()
                    .find(|(word, _)| folded == *word || folded.starts_with(&format!("{word} ")));
            let upper = text.chars().filter(|c| c.is_alphabetic()).take(8).all(char::is_uppercase);
            // "Phụ lục" heading an appendix may be written in any case.
            let upper = upper || (i < 3 && kind.is_some_and(|(w, _)| w == "phu luc"));
            if let (Some((word, kind)), true) = (kind, upper) {
                meta.kind = Some(kind.to_string());
                let words = word.split(' ').count();
                let rest: Vec<&str> = text.split_whitespace().skip(words).collect();
                let title = if rest.is_empty() {
                    paragraphs.get(i + 1).map(|t| t.replace('\n', " "))
                } else {
                    Some(rest.join(" "))
                };
                // "… (Kèm theo Kế hoạch …)" is a reference, not the title.
                meta.title = title.map(|t| {
                    let cut = ["(Kèm theo", "*(Kèm theo", "(Ban hành kèm theo", "*(Ban hành kèm theo"]
                        .iter()
                        .filter_map(|m| find_bare(&t, m, 0).map(|(at, _)| at))
                        .min()
                        .unwrap_or(t.len());
                    t[..cut].trim().trim_matches('*').trim().to_string()
                });
            }
        }
    }
    meta.period = meta.title.as_deref().and_then(period);
    meta.issuer = issuer(&paragraphs);
    meta.references = references(&paragraphs);
    let (recipients, after) = recipients(&paragraphs);
    meta.recipients = recipients;
    // The signature block follows the recipients; without them, it ends
    // the document.
    meta.signer = match after {
        Some(window) => signer(&window),
        None => signer(&paragraphs[paragraphs.len().saturating_sub(8)..]),
    };
    meta
}

/// A table that frames the document rather than holds its content: at most
/// [`FRAME_COLUMNS`] cells a row and [`FRAME_ROWS`] rows (a letterhead of
/// issuer and motto, number and date; recipients beside the signature).
fn frame_table(table: &kehoach_extract::Table) -> bool {
    table.rows.len() <= FRAME_ROWS && table.rows.iter().all(|r| r.cells.len() <= FRAME_COLUMNS)
}

/// The most cells a row of a letterhead or signature table has.
const FRAME_COLUMNS: usize = 2;
/// The most rows a letterhead or signature table has.
const FRAME_ROWS: usize = 4;

/// Issuing bodies: the upper-case header lines before the national motto
/// ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), split at each body's head word.
fn issuer(paragraphs: &[&str]) -> Vec<String> {
    let found = issuer_at(paragraphs);
    if !found.is_empty() {
        return found;
    }
    // A page printed from a web portal puts its menu and breadcrumbs first:
    // the letterhead is the few lines before the national motto, further
    // down.
    let motto = paragraphs.iter().take(40).position(|t| motto_at(t).is_some());
    match motto {
        Some(at) if at >= 6 => issuer_at(&paragraphs[at - 4..]),
        _ => found,
    }
}

/// Where the national motto ("CỘNG HÒA XÃ HỘI …", either tone placement)
/// starts in a line, if it does.
fn motto_at(text: &str) -> Option<usize> {
    ["CỘNG HÒA", "CỘNG HOÀ"].iter().filter_map(|m| text.find(m)).min()
}

/// [`issuer`] from the first lines of `paragraphs`.
fn issuer_at(paragraphs: &[&str]) -> Vec<String> {
    // The upper-case lines before the motto, the number or the title, one
    // after the other (a letterhead cell holds "ỦY BAN NHÂN DÂN" over "XÃ
    // GIO LINH").
    let mut lines: Vec<&str> = Vec::new();
    let mut motto_cut = false;
    for text in paragraphs.iter().take(6) {
        let folded = fold(text);
        let kind_word = [
            "ke hoach",
            "quyet dinh",
            "phu luc",
            "bao cao",
            "thong bao",
            "to trinh",
            "chuong trinh",
            "bien ban",
            "nghi quyet",
            "chi thi",
            "huong dan",
        ]
        .iter()
        .any(|w| folded.starts_with(w))
            // The title is printed in capitals ("KẾ HOẠCH"); a sentence that
            // starts with the word ("Kế hoạch chuyển đổi số …", a portal
            // page's headline above the letterhead) is no title.
            && !text.split_whitespace().next().unwrap_or_default().chars().any(char::is_lowercase);
        // A numbered part of the body ("I. MỤC ĐÍCH, YÊU CẦU", "1. …"), as
        // a text export without the number line runs the letterhead into it.
        let first = text.split_whitespace().next().unwrap_or_default();
        let part = first.strip_suffix('.').is_some_and(|n| {
            !n.is_empty()
                && (n.bytes().all(|b| b.is_ascii_digit()) || n.bytes().all(|b| matches!(b, b'I' | b'V' | b'X')))
        });
        // "Số: 45/…" or "Số 45/…" ends it; "SỞ NÔNG NGHIỆP" folds alike.
        let number = folded
            .strip_prefix("so")
            .map(str::trim_start)
            .is_some_and(|r| r.starts_with(':') || r.starts_with(|c: char| c.is_ascii_digit()) || r.starts_with('/'));
        if folded.starts_with("cong hoa") || number || kind_word || part {
            break;
        }
        // The motto beside the issuer on one line, as a PDF's text joins
        // the letterhead's two columns ("UBND TỈNH QUẢNG NGÃI CỘNG HÒA XÃ
        // HỘI CHỦ NGHĨA VIỆT"): the issuer is the part before it, and
        // goes on in the lines after (the letterhead's next line, "SỞ …").
        if let Some(at) = motto_at(text) {
            let before = text[..at].trim();
            if before.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !before.chars().any(char::is_lowercase) {
                lines.push(before);
            }
            motto_cut = true;
            continue;
        }
        // The motto's last word wrapped onto a line of its own after a line
        // cut at the motto ("… CHỦ NGHĨA VIỆT" | "NAM").
        if motto_cut && matches!(text.trim(), "NAM" | "VIỆT NAM") {
            continue;
        }
        let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() < 3 || !letters.iter().all(|c| c.is_uppercase()) {
            if lines.is_empty() {
                continue;
            }
            break;
        }
        lines.push(text);
    }
    // Split "UBND TỈNH HÀ TĨNH SỞ TƯ PHÁP" before each head word.
    let heads = ["SỞ", "UBND", "ỦY", "UỶ", "BAN", "VĂN", "BỘ", "CỤC", "PHÒNG", "TRUNG"];
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for word in lines.iter().flat_map(|l| l.split_whitespace()) {
        let starts_body =
            heads.contains(&word) && !current.is_empty() && !current.last().is_some_and(|w| heads.contains(w));
        // "ỦY BAN NHÂN DÂN": BAN right after ỦY continues the name.
        if starts_body && !(word == "BAN" && current.last().is_some_and(|w| *w == "ỦY" || *w == "UỶ")) {
            out.push(current.join(" "));
            current.clear();
        }
        current.push(word);
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

/// Documents named in "Thực hiện …", "Căn cứ …" and "Kèm theo …" lines.
fn references(paragraphs: &[&str]) -> Vec<Reference> {
    let mut out = Vec::new();
    let attached = paragraphs.iter().take(8).filter_map(|p| {
        // "(Kèm theo Kế hoạch …)" inside a title paragraph.
        let i = find_bare(p, "(Kèm theo", 0).or_else(|| find_bare(p, "(Ban hành kèm theo", 0))?.0;
        Some(&p[i..])
    });
    let lines: Vec<&str> = paragraphs.iter().take(40).copied().chain(attached).collect();
    for text in lines {
        let trimmed = text.trim().trim_start_matches(['(', '*', '_']).trim_start();
        let folded = fold(trimmed);
        let relation = if folded.starts_with("thuc hien") {
            "implements"
        } else if folded.starts_with("can cu") {
            "based_on"
        } else if folded.starts_with("kem theo") || folded.starts_with("ban hanh kem theo") {
            "attached_to"
        } else {
            continue;
        };
        // The words up to the first ";" name the documents of this line.
        for clause in trimmed.split(';') {
            for c in references_in(clause) {
                // A document is named by its kind at the start of the
                // clause, or by a number.
                if c.number.is_none() && c.start > clause.len().min(40) {
                    continue;
                }
                let iso = |(d, m, y): Date<'_>| {
                    let (d, m): (u32, u32) = (d.parse().unwrap_or(0), m.parse().unwrap_or(0));
                    ((1..=31).contains(&d) && (1..=12).contains(&m)).then(|| format!("{y}-{m:02}-{d:02}"))
                };
                let date = match c.date {
                    Some(date) => iso(date),
                    // "Luật Tổ chức … ngày 19/6/2015": the date further on.
                    None => date_after(&clause[c.start..]).and_then(iso),
                };
                let tail: String = clause[c.start..].chars().take(200).collect();
                out.push(Reference {
                    relation: relation.to_string(),
                    kind: c.kind.to_string(),
                    number: c.number.map(str::to_string),
                    date,
                    text: tail.trim().trim_end_matches([')', '.', ',']).to_string(),
                });
                break; // one document per clause
            }
        }
    }
    out
}

/// A date as written: day, month, year.
type Date<'t> = (&'t str, &'t str, &'t str);

/// One document named in a reference line. [`references_in`] finds what the
/// regex
/// `(KIND)(?:\s+số)?\s+([0-9][\w\-]*/[\p{L}\w\-/]+)?(?:\s+ngày\s+([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}))?`
/// (KIND one of the `reference` rows of `data/metadata.tsv`) finds, match for match: compiled, its
/// `\w` classes cost ~6 M instructions, a fifth of a one-shot run's regexes.
#[derive(Debug, PartialEq)]
struct Named<'t> {
    /// Where the match starts in the clause.
    start: usize,
    end: usize,
    kind: &'t str,
    number: Option<&'t str>,
    date: Option<Date<'t>>,
}

/// The regex's matches in `text`, left to right, as `captures_iter` gives them.
fn references_in(text: &str) -> impl Iterator<Item = Named<'_>> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let found = next_reference(text, from)?;
        from = found.end;
        Some(found)
    })
}

/// The leftmost match at or after `from`.
fn next_reference(text: &str, mut from: usize) -> Option<Named<'_>> {
    loop {
        // No kind is a prefix of another: at most one starts at a position.
        // The kind as the list spells it, wherever printed with other marks.
        let (start, end, kind) =
            WORDS.references.iter().filter_map(|k| find_bare(text, k, from).map(|(s, e)| (s, e, *k))).min()?;
        if let Some(found) = reference_at(text, start, end, kind) {
            return Some(found);
        }
        from = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
}

/// The match whose kind, `kind`, is printed `text[start..after_kind]`, if
/// the rest follows.
fn reference_at<'t>(text: &'t str, start: usize, after_kind: usize, kind: &'t str) -> Option<Named<'t>> {
    // `(?:\s+số)?\s+`: "số" is taken when white space follows it too.
    let spaced = space_end(text, after_kind);
    let after_so =
        (spaced > after_kind).then(|| strip_prefix_bare(&text[spaced..], "số").map(|n| spaced + n)).flatten();
    let at = match after_so.map(|s| (s, space_end(text, s))) {
        Some((s, e)) if e > s => e,
        _ if spaced > after_kind => spaced,
        _ => return None,
    };
    let number = document_number(&text[at..]);
    let mut end = at + number.map_or(0, str::len);
    let mut date = None;
    // The date is read only after a number: `\s+` took all the white space.
    let spaced = space_end(text, end);
    if number.is_some() && spaced > end {
        if let Some((found, len)) = date_at(&text[spaced..]) {
            date = Some(found);
            end = spaced + len;
        }
    }
    Some(Named { start, end, kind, number, date })
}

/// `[0-9][\w\-]*/[\p{L}\w\-/]+` at the start of `text` (greedy, as the regex).
fn document_number(text: &str) -> Option<&str> {
    if digits(text) == 0 {
        return None;
    }
    let head = 1 + text[1..].find(|c| !NUMBER_HEAD.contains(c)).unwrap_or(text.len() - 1);
    if !text[head..].starts_with('/') {
        return None;
    }
    let tail = head + 1;
    let end = text[tail..].find(|c| !NUMBER_TAIL.contains(c)).map_or(text.len(), |i| tail + i);
    (end > tail).then(|| &text[..end])
}

/// `ngày\s+([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})` at the start of `text`:
/// the date and the length of the match.
fn date_at(text: &str) -> Option<(Date<'_>, usize)> {
    let at = strip_prefix_bare(text, "ngày")?;
    let day = space_end(text, at);
    if day == at {
        return None;
    }
    // `[0-9]{1,2}/`: a run of one or two digits right before the slash.
    let short = |from: usize| {
        let n = digits(&text[from..]);
        ((1..=2).contains(&n) && text[from + n..].starts_with('/')).then_some(from + n)
    };
    let day_end = short(day)?;
    let month = day_end + 1;
    let month_end = short(month)?;
    let year = month_end + 1;
    if digits(&text[year..]) < 4 {
        return None;
    }
    Some(((&text[day..day_end], &text[month..month_end], &text[year..year + 4]), year + 4))
}

/// The first `ngày D/M/YYYY` in `text`.
fn date_after(text: &str) -> Option<Date<'_>> {
    let mut from = 0;
    while let Some((i, _)) = find_bare(text, "ngày", from) {
        if let Some((date, _)) = date_at(&text[i..]) {
            return Some(date);
        }
        from = i + text[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Whether a paragraph or line opens the list of recipients: "Nơi nhận:"
/// (OCR also gives "Nơi nhân"), bold in markdown or not.
pub(crate) fn is_recipients_label(text: &str) -> bool {
    fold(text.trim_start_matches('*')).starts_with("noi nhan")
}

/// The list under "Nơi nhận:" (OCR also gives "Nơi nhân"), and the lines
/// where the signature block is: after the list, or from the position
/// lines the list went on after.
fn recipients<'t>(paragraphs: &[&'t str]) -> (Vec<String>, Option<Vec<&'t str>>) {
    let Some(start) = paragraphs.iter().position(|p| is_recipients_label(p)) else {
        return (Vec::new(), None);
    };
    // Items on the same paragraph after the colon, then following items.
    let first = paragraphs[start].split_once(':').map_or("", |(_, rest)| rest.trim().trim_start_matches('*').trim());
    let lines: Vec<&str> = std::iter::once(first).chain(paragraphs[start + 1..].iter().copied()).collect();
    let item =
        |text: &'t str| text.trim().trim_start_matches(['-', '+', '•']).trim().trim_end_matches(['.', ';', ',']).trim();
    let dashed = |text: &str| text.trim_start().starts_with(['-', '+', '•']);
    let mut out = Vec::new();
    let mut end = 1;
    // Where the signature block's position lines start, when recipients
    // continue after them.
    let mut signature: Option<usize> = None;
    for (offset, &text) in lines.iter().enumerate() {
        let item = item(text);
        if item.is_empty() {
            continue;
        }
        let upper = item.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
        // After position lines, only recipients ("- …") go on: the signer's
        // name is none.
        if signature.is_some() && !upper && !dashed(text) {
            break;
        }
        if upper || out.len() >= 40 {
            // The signer's block starts; but a page break through a
            // signature printed beside the recipients (a scan, a PDF) puts
            // position lines between them: the list goes on after them.
            let resumes = upper && lines[offset + 1..].iter().take(RECIPIENTS_RESUME).any(|l| dashed(l));
            if !resumes {
                break;
            }
            signature.get_or_insert(offset);
            continue;
        }
        out.push(item.to_string());
        end = offset + 1;
    }
    let from = signature.unwrap_or(end);
    let window = lines[from.min(lines.len())..lines.len().min(end.max(from) + 6)].to_vec();
    (out, Some(window))
}

/// The most lines after a position line within which a recipient ("- …")
/// continues the list of recipients (`recipients`).
const RECIPIENTS_RESUME: usize = 4;

/// The signer: the upper-case position lines and the name after them.
fn signer(tail: &[&str]) -> Option<Signer> {
    let is_name = |t: &str| {
        let words: Vec<&str> = t.split_whitespace().collect();
        (2..=5).contains(&words.len())
            && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
            && words.iter().any(|w| w.chars().skip(1).any(char::is_lowercase))
            && !t.contains(':')
    };
    let name_at = tail.iter().position(|t| is_name(t))?;
    let position: Vec<&str> = tail[..name_at]
        .iter()
        .copied()
        .filter(|t| WORDS.signer_positions.iter().any(|p| find_bare(t, p, 0).is_some()))
        .collect();
    if position.is_empty() {
        return None;
    }
    let position = position.join(" ").replace('\n', " ");
    Some(Signer { position: Some(position), name: Some(tail[name_at].trim().to_string()) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehoach_extract::{Location, Paragraph};
    use kehoach_vi::fold::bare_pattern;
    use regex::Regex;

    /// Every line and every clause of the seeds, and cases at the edges.
    fn texts(cases: &[&str]) -> Vec<String> {
        let seeds: Vec<String> = crate::classes::tests::seed_texts();
        let lines = seeds.iter().flat_map(|s| s.lines()).flat_map(|l| std::iter::once(l).chain(l.split(';')));
        cases.iter().copied().chain(lines).map(str::to_string).collect()
    }

    fn group<'t>(c: &regex::Captures<'t>, i: usize) -> &'t str {
        c.get(i).expect("group").as_str()
    }

    #[test]
    fn reference_scanner_agrees_with_the_regex() {
        // The kinds, "số" and "ngày" with any marks, as the scanner reads them.
        let kinds: Vec<String> = WORDS.references.iter().map(|k| format!("(?:{})", bare_pattern(k))).collect();
        let (so, ngay) = (bare_pattern("số"), bare_pattern("ngày"));
        let re = Regex::new(&format!(
            r"({})(?:\s+{so})?\s+([0-9][\w\-]*/[\p{{L}}\w\-/]+)?(?:\s+{ngay}\s+([0-9]{{1,2}})/([0-9]{{1,2}})/([0-9]{{4}}))?",
            kinds.join("|")
        ))
        .expect("valid regex");
        let after = Regex::new(&format!(r"{ngay}\s+([0-9]{{1,2}})/([0-9]{{1,2}})/([0-9]{{4}})")).expect("valid regex");
        let all = texts(&[
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015",
            "Thực hiện Kế hoạch số 12/KH-UBND ngày 5/1/2024 của UBND tỉnh",
            "Thực hiện Quyêt đinh so 277/QĐ-UBND ngay 5/1/2024 của UBND tỉnh",
            "Kế hoạch số  ngày 1/2/2020",
            "Kế hoạch  ngày 1/2/2020",
            "Kế hoạch số12/KH",
            "Kế hoạchsố 12/KH",
            "Kế hoạch sốt 12/KH",
            "Quyết định 123/QĐ ngày 123/4/2020",
            "Quyết định 123/QĐ ngày 12/4/202",
            "Quyết định 123/QĐ ngày 12/4/20201 và Chỉ thị 5/CT\u{a0}ngày\u{a0}1/1/2001",
            "Nghị quyết 01-NQ/TW, Nghị định 2/ ngày 1/1/2000",
            "Văn bản 7/QĐ-ٳ‿x/y ngày 3/3/2003",
            "Đề án\n06/ĐA số",
            "Thông tư 3a_b-c/Bộ/TC\u{2003}ngày\t31/12/1999;Chương trình 1/",
            "KếKế hoạch 1/A",
            "",
        ]);
        assert!(all.len() > 1000);
        for text in &all {
            let expected: Vec<Named<'_>> = re
                .captures_iter(text)
                .map(|c| Named {
                    start: c.get(0).expect("match").start(),
                    end: c.get(0).expect("match").end(),
                    // The kind as the list spells it.
                    kind: WORDS
                        .references
                        .iter()
                        .find(|k| strip_prefix_bare(&c[1], k) == Some(c[1].len()))
                        .expect("kind"),
                    number: c.get(2).map(|m| m.as_str()),
                    date: c.get(3).map(|d| (d.as_str(), group(&c, 4), group(&c, 5))),
                })
                .collect();
            let found: Vec<Named<'_>> = references_in(text).collect();
            assert_eq!(expected, found, "{text:?}");
            let expected = after.captures(text).map(|d| (group(&d, 1), group(&d, 2), group(&d, 3)));
            assert_eq!(expected, date_after(text), "{text:?}");
        }
    }

    #[test]
    fn the_period_scanner_agrees_with_the_regex() {
        let [stage, from, year] = ["giai đoạn", "từ năm", "năm"].map(bare_pattern);
        let re = Regex::new(&format!(
            r"(?i)(?:{stage}|{from})\s+((?:19|20)[0-9]{{2}})\s*[-–]\s*((?:19|20)[0-9]{{2}})|{year}\s+((?:19|20)[0-9]{{2}})"
        ))
        .expect("valid regex");
        let all = texts(&[
            "KẾ HOẠCH cải cách hành chính giai đoạn 2021 - 2025",
            "GIAI ĐOẠN 2021–2025",
            "Giai doan  2021\u{a0}-\u{2003}2025",
            "giai đoạn 2021 – năm 2025",
            "giai đoạn 2021-20",
            "giai đoạn2021-2025 năm 2030",
            "từ năm 2021 đến năm 2025",
            "TỪ NĂM 2021-2025",
            "tu nam 1999 -2000x",
            "Từ năm 2100-2025, năm 2026",
            "năm 20266",
            "năm 2100 năm 1999",
            "NĂm\u{a0}2024",
            "nămm 2024",
            "giai đoạn 2021 - 2025 năm 2020",
            "năm 2020 giai đoạn 2021 - 2025",
            "giai đoạn năm 2021",
            "",
        ]);
        for text in &all {
            let expected = re.captures(text).map(|c| match (c.get(1), c.get(2), c.get(3)) {
                (Some(a), Some(b), _) => (a.as_str().parse().unwrap(), b.as_str().parse().unwrap()),
                (_, _, Some(y)) => (y.as_str().parse().unwrap(), y.as_str().parse().unwrap()),
                _ => unreachable!("a group matched"),
            });
            assert_eq!(period(text), expected, "{text:?}");
        }
    }

    #[test]
    fn the_number_scanner_agrees_with_the_regex() {
        let re = Regex::new(&format!(r"(?m)^\s*{}\s*:\s*(\S+)", bare_pattern("Số"))).expect("valid regex");
        let all = texts(&[
            "Số: 12/KH-UBND",
            "  Sô :\u{a0}/QĐ-UBND",
            "x\nSỐ: 1",
            "xSố: 1\n\n  Sơ: 2/KH",
            "Số:",
            "Số:   \n\n7",
            "số: 3",
            "So : 4 5",
            "Số 5",
            "\r\nSố: 6\r\n",
            "",
        ]);
        let mut found = 0;
        for text in &all {
            let expected = re.captures(text).map(|c| c.get(1).expect("group").as_str());
            assert_eq!(number_after_so(text), expected, "{text:?}");
            found += usize::from(expected.is_some());
        }
        assert!(found >= 5, "the cases hold numbers");
    }

    fn blocks(lines: &[&str]) -> Vec<Block> {
        lines
            .iter()
            .map(|t| {
                Block::Paragraph(Paragraph { text: t.to_string(), location: Location::line(1), ..Paragraph::default() })
            })
            .collect()
    }

    /// A Word letterhead and signature as borderless tables of two
    /// columns: issuer over several lines, number and date, signer.
    #[test]
    fn letterhead_and_signature_tables() {
        let table = |rows: &[&[&str]]| {
            Block::Table(kehoach_extract::Table {
                rows: rows
                    .iter()
                    .map(|cells| kehoach_extract::Row {
                        cells: cells
                            .iter()
                            .map(|t| kehoach_extract::Cell { text: t.to_string(), col_span: 1, ..Default::default() })
                            .collect(),
                        ..Default::default()
                    })
                    .collect(),
                location: Location::line(1),
            })
        };
        let mut doc = vec![table(&[
            &[
                "UBND TỈNH HÀ GIANG\nSỞ NÔNG NGHIỆP VÀ\nPHÁT TRIỂN NÔNG THÔN",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
            ],
            &["Số: 45/KH-SNN", "Hà Giang, ngày 05 tháng 01 năm 2028"],
        ])];
        doc.extend(blocks(&["KẾ HOẠCH", "Thực hiện công tác cải cách hành chính năm 2028", "Nội dung."]));
        doc.push(table(&[&["Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn An"]]));
        let meta = find(&doc);
        assert_eq!(meta.issuer, ["UBND TỈNH HÀ GIANG", "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"]);
        assert_eq!((meta.number.as_deref(), meta.date.as_deref()), (Some("45/KH-SNN"), Some("2028-01-05")));
        assert_eq!(meta.place.as_deref(), Some("Hà Giang"));
        assert_eq!(meta.recipients, ["UBND tỉnh", "Lưu: VT"]);
        let signer = meta.signer.expect("a signer");
        assert_eq!(signer.name.as_deref(), Some("Nguyễn Văn An"), "{signer:?}");
        // A table of content (more columns) is no letterhead.
        let mut wide = vec![table(&[&["STT", "Số: 1/KH", "Chủ trì"]])];
        wide.extend(blocks(&["KẾ HOẠCH"]));
        assert_eq!(find(&wide).number, None);
    }

    /// Recipients printed beside the signature and cut by a page break:
    /// the position lines stand between the recipients of one page and
    /// those of the next, and the list goes on after them; the signer's
    /// position is all its lines. Without recipients after them, position
    /// lines end the list, as before.
    #[test]
    fn recipients_go_on_after_position_lines_a_page_break_put_between() {
        let meta = find(&blocks(&[
            "Nơi nhận:",
            "- UBND tỉnh;",
            "TM. ỦY BAN NHÂN DÂN",
            "KT. CHỦ TỊCH",
            "- Công an tỉnh;",
            "- Lưu: VT.",
            "PHÓ CHỦ TỊCH",
            "Dương Tất Thắng",
        ]));
        assert_eq!(meta.recipients, ["UBND tỉnh", "Công an tỉnh", "Lưu: VT"]);
        let signer = meta.signer.expect("a signer");
        assert_eq!(signer.position.as_deref(), Some("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH"));
        assert_eq!(signer.name.as_deref(), Some("Dương Tất Thắng"));
        // "Nơi nhận: GIÁM ĐỐC" on one line, the list on the next page.
        let meta = find(&blocks(&["Nơi nhận: GIÁM ĐỐC", "- Sở Nội vụ;", "- Lưu: VT.", "Nguyễn Thanh Bình"]));
        assert_eq!(meta.recipients, ["Sở Nội vụ", "Lưu: VT"]);
        let signer = meta.signer.expect("a signer");
        assert_eq!((signer.position.as_deref(), signer.name.as_deref()), (Some("GIÁM ĐỐC"), Some("Nguyễn Thanh Bình")));
        let meta = find(&blocks(&["Nơi nhận:", "- Sở Nội vụ;", "GIÁM ĐỐC", "Nguyễn Thanh Bình", "Ghi chú: - xem"]));
        assert_eq!(meta.recipients, ["Sở Nội vụ"]);
    }

    #[test]
    fn plan_header() {
        let meta = find(&blocks(&[
            "UBND TỈNH HÀ TĨNH SỞ TƯ PHÁP",
            "Số: 588/KH-STP",
            "Hà Tĩnh, ngày 16 tháng 12 năm 2021",
            "KÉ HOẠCH Công tác cải cách hành chính giai đoạn 2021-2030",
        ]));
        assert_eq!(meta.number.as_deref(), Some("588/KH-STP"));
        assert_eq!(meta.place.as_deref(), Some("Hà Tĩnh"));
        assert_eq!(meta.date.as_deref(), Some("2021-12-16"));
        assert_eq!(meta.kind.as_deref(), Some("plan"));
        assert_eq!(meta.title.as_deref(), Some("Công tác cải cách hành chính giai đoạn 2021-2030"));
    }

    #[test]
    fn blank_date_and_title_on_next_line() {
        let meta = find(&blocks(&["Hà Tĩnh, ngày tháng năm 2023", "QUYẾT ĐỊNH", "Về việc ban hành Kế hoạch"]));
        assert_eq!(meta.date, None);
        assert_eq!(meta.date_text.as_deref(), Some("Hà Tĩnh, ngày tháng năm 2023"));
        assert_eq!(meta.kind.as_deref(), Some("decision"));
        assert_eq!(meta.title.as_deref(), Some("Về việc ban hành Kế hoạch"));
    }

    #[test]
    fn an_issuer_beside_the_motto_on_one_line() {
        let paragraphs = ["UBND TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT", "SỞ CÔNG THƯƠNG"];
        assert_eq!(issuer(&paragraphs), ["UBND TỈNH QUẢNG NGÃI", "SỞ CÔNG THƯƠNG"]);
        let paragraphs = ["ỦY BAN NHÂN DÂN", "HUYỆN CẦU KÈ CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"];
        assert_eq!(issuer(&paragraphs), ["ỦY BAN NHÂN DÂN HUYỆN CẦU KÈ"]);
        assert!(issuer(&["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]).is_empty());
        let paragraphs = ["UBND TỈNH NINH THUẬN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT", "NAM", "SỞ Y TẾ"];
        assert_eq!(issuer(&paragraphs), ["UBND TỈNH NINH THUẬN", "SỞ Y TẾ"]);
        // The body's first part or the title after it is no issuer.
        let paragraphs = ["ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "THÔNG BÁO KẾT LUẬN"];
        assert_eq!(issuer(&paragraphs), ["ỦY BAN NHÂN DÂN"]);
        // A portal page's headline and date line above the letterhead.
        let paragraphs = [
            "Kế hoạch chuyển đổi số và cải cách hành chính năm 2043",
            "Ngày đăng: 06/02/2043 08:15 | Lượt xem: 1.245",
            "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
            "TỈNH LẠNG SƠN",
            "-------",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ];
        assert_eq!(issuer(&paragraphs), ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH LẠNG SƠN"]);
        // The same page printed to PDF: its menu first, the letterhead
        // beside the motto further down.
        let menu = ["Cổng thông tin điện tử", "• Trang chủ", "• Giới thiệu", "• Tin tức", "• Văn bản", "• Liên hệ"];
        let page: Vec<&str> = menu
            .iter()
            .copied()
            .chain(["Trang chủ › Văn bản", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
            .chain(["TỈNH LẠNG SƠN Độc lập - Tự do - Hạnh phúc", "Số: 77/KH-STTTT"])
            .collect();
        assert_eq!(issuer(&page), ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG"]);
        let paragraphs = ["UBND TỈNH SƠN LA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "I. MỤC ĐÍCH, YÊU CẦU"];
        assert_eq!(issuer(&paragraphs), ["UBND TỈNH SƠN LA"]);
    }

    #[test]
    fn issuer_references_recipients_and_signer() {
        let meta = find(&blocks(&[
            "UBND TỈNH HÀ TĨNH SỞ TƯ PHÁP",
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
            "Số: 588/KH-STP",
            "Hà Tĩnh, ngày 16 tháng 12 năm 2021",
            "KÉ HOẠCH Công tác cải cách hành chính giai đoạn 2021-2030",
            "Thực hiện Quyết định số 3504/QĐ-UBND ngày 22/10/2021 của UBND tỉnh ban hành Chương trình tổng thể",
            "Nơi nhân:",
            "- UBND tinh;",
            "- Sở Nội vụ;",
            "- Luru: VT, VP.",
            "GIÁM ĐỐC",
            "SÓ",
            "Lê Viết Hồng",
        ]));
        assert_eq!(meta.issuer, ["UBND TỈNH HÀ TĨNH", "SỞ TƯ PHÁP"]);
        assert_eq!(meta.period, Some((2021, 2030)));
        assert_eq!(meta.references.len(), 1);
        let r = &meta.references[0];
        assert_eq!((r.relation.as_str(), r.kind.as_str()), ("implements", "Quyết định"));
        assert_eq!((r.number.as_deref(), r.date.as_deref()), (Some("3504/QĐ-UBND"), Some("2021-10-22")));
        assert_eq!(meta.recipients, ["UBND tinh", "Sở Nội vụ", "Luru: VT, VP"]);
        let signer = meta.signer.expect("a signer");
        assert_eq!((signer.position.as_deref(), signer.name.as_deref()), (Some("GIÁM ĐỐC"), Some("Lê Viết Hồng")));
    }

    #[test]
    fn blank_number_and_appendix() {
        let meta = find(&blocks(&["Số: /QĐ-UBND", "Hà Tĩnh, ngày tháng năm 2023"]));
        assert_eq!((meta.number, meta.number_text.as_deref()), (None, Some("/QĐ-UBND")));
        let meta = find(&blocks(&[
            "PHỤ LỤC",
            "NHIỆM VỤ CỤ THỂ, SẢN PHẨM, TIẾN ĐỘ VÀ TRÁCH NHIỆM THỰC HIỆN",
            "(Kèm theo Kế hoạch cải cách hành chính năm 2021 Sở Tư pháp tỉnh Khánh Hòa)",
        ]));
        assert_eq!(meta.kind.as_deref(), Some("appendix"));
        assert_eq!(meta.title.as_deref(), Some("NHIỆM VỤ CỤ THỂ, SẢN PHẨM, TIẾN ĐỘ VÀ TRÁCH NHIỆM THỰC HIỆN"));
        assert_eq!(meta.references[0].relation, "attached_to");
        assert_eq!(meta.references[0].kind, "Kế hoạch");
        assert!(meta.references[0].text.starts_with("Kế hoạch cải cách hành chính năm 2021"));
    }

    #[test]
    fn sentences_are_not_titles() {
        let meta = find(&blocks(&["Kế hoạch này thay thế cho Kế hoạch số 20"]));
        assert_eq!(meta.kind, None);
    }
}
