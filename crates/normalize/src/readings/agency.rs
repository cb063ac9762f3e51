//! Agencies: lists split into names, abbreviations unified, roles read out
//! of mixed "Phân công" cells.
//!
//! Splitting is by name patterns, not by every comma: a comma starts a new
//! agency only when what follows starts like an agency ("Sở …", "Phòng …",
//! "UBND …", "các đơn vị …") and what precedes is not a bare kind ("Các
//! Phòng, Trung tâm thuộc Sở" and "Sở, ban, ngành cấp tỉnh" stay whole).

use super::words::WORDS;
use super::{fold, strip_marks};
use kehoach_parse::classes::{digits, space_end, SPACE};
use kehoach_vi::fold::lowercase;
use schemars::JsonSchema;
use serde::Serialize;
use std::sync::LazyLock;

/// One agency named in a cell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Agency {
    /// Canonical name: abbreviations expanded, known names spelled as in
    /// the gazetteer, first letter capitalised, trailing punctuation gone.
    pub name: String,
    /// The name as printed, when it differs from `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed: Option<String>,
    /// A qualifier that limits the agency's part ("đối với chỉ số PCI,
    /// DTI"), from parentheses or an "đối với …" clause.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

// Scanners for what were three regexes (~1 M instructions to compile at
// start-up); the tests keep the regexes and compare on every seed line.

/// Where the white space that ends `text[..at]` starts (`at` if none).
fn space_before(text: &str, at: usize) -> usize {
    text[..at].trim_end_matches(|c| SPACE.contains(c)).len()
}

/// The parentheses of `\s*\(([^()]*)\)` from byte `from` on, leftmost
/// first: the match (with the white space before) and what is inside.
fn parens(text: &str, from: usize) -> Option<(std::ops::Range<usize>, &str)> {
    let mut open_from = from;
    loop {
        let open = open_from + text[open_from..].find('(')?;
        let inside = open + 1;
        match text[inside..].find(['(', ')']) {
            Some(i) if text[inside + i..].starts_with(')') => {
                let start = space_before(text, open).max(from);
                return Some((start..inside + i + 1, &text[inside..inside + i]));
            }
            Some(i) => open_from = inside + i,
            None => return None,
        }
    }
}

/// `text` with every `\s*\(([^()]*)\)` removed.
fn without_parens(text: &str) -> String {
    let (mut out, mut from) = (String::new(), 0);
    while let Some((whole, _)) = parens(text, from) {
        out.push_str(&text[from..whole.start]);
        from = whole.end;
    }
    out.push_str(&text[from..]);
    out
}

/// The clause `\s+(đối với\s.*)$`: where its white space starts, and the
/// clause.
fn for_clause(text: &str) -> Option<(usize, &str)> {
    const WORDS: &str = "đối với";
    text.match_indices(WORDS).find_map(|(at, _)| {
        let start = space_before(text, at);
        let after = text[at + WORDS.len()..].chars().next().filter(|&c| SPACE.contains(c))?;
        let rest = &text[at + WORDS.len() + after.len_utf8()..];
        (start < at && !rest.contains('\n')).then_some((start, &text[at..]))
    })
}

/// `text` after `^(?:[0-9]+\s+)?(?:các\s+)?`: a count and "các".
fn after_leading_count(text: &str) -> &str {
    /// `text` after its first `n` bytes and the white space after them
    /// (at least one character of it).
    fn spaced(text: &str, n: usize) -> Option<&str> {
        let end = space_end(text, n);
        (n > 0 && end > n).then(|| &text[end..])
    }
    let text = spaced(text, digits(text)).unwrap_or(text);
    text.strip_prefix("các").and_then(|_| spaced(text, "các".len())).unwrap_or(text)
}

/// Splits a lead or partners cell into agencies.
pub fn split_agencies(text: &str) -> Vec<Agency> {
    let mut out = Vec::new();
    for part in strong_parts(text) {
        let part = match first_verb(&part, &WORDS.list_verbs) {
            Some(cut) if cut > 0 => part[..cut].to_string(),
            _ => part,
        };
        for piece in comma_pieces(&part) {
            if let Some(agency) = agency(&piece) {
                out.push(agency);
            }
        }
    }
    out
}

/// Reads a mixed cell ("Văn phòng Sở chủ trì, phối hợp với các Phòng …",
/// "Phòng A, Phòng B rà soát …; Văn phòng Sở tổng hợp"): (lead, partners).
/// Without role words, the agencies a clause starts with lead.
pub fn read_roles(text: &str) -> (Vec<Agency>, Vec<Agency>) {
    let mut lead = Vec::new();
    let mut partners = Vec::new();
    for clause in clauses(text) {
        let lower = lowercase(&clause);
        let cooperate = lower.find("phối hợp");
        let chair = chair_role(&clause);
        match (chair, cooperate) {
            (Some(c), Some(p)) if c < p => {
                lead.extend(leading_agencies(&clause[..c], None));
                let after = clause[p + "phối hợp".len()..].trim_start();
                let after = strip_prefix_ci(after, &["với ", "cùng "]);
                partners.extend(leading_agencies(after, None));
            }
            (Some(c), _) => {
                let scope = for_clause(&clause[c..]).map(|(_, scope)| scope.trim().to_string());
                lead.extend(leading_agencies(&clause[..c], scope));
            }
            (None, Some(p)) => {
                let before = leading_agencies(&clause[..p], None);
                let after = strip_prefix_ci(clause[p + "phối hợp".len()..].trim_start(), &["với ", "cùng "]);
                let named_after = leading_agencies(after, None);
                if before.is_empty() {
                    partners.extend(named_after);
                } else {
                    // "A …, phối hợp B …": A does the work, B helps.
                    lead.extend(before);
                    partners.extend(named_after);
                }
            }
            (None, None) => lead.extend(leading_agencies(&clause, None)),
        }
    }
    dedup(&mut lead);
    dedup(&mut partners);
    partners.retain(|p| !lead.iter().any(|l| l.name == p.name));
    (lead, partners)
}

fn dedup(list: &mut Vec<Agency>) {
    let mut seen = std::collections::HashSet::new();
    list.retain(|a| seen.insert(a.name.clone()));
}

fn strip_prefix_ci<'a>(text: &'a str, prefixes: &[&str]) -> &'a str {
    let lower = lowercase(text);
    for p in prefixes {
        if lower.starts_with(p) {
            return &text[p.len()..];
        }
    }
    text
}

/// Clauses of a mixed cell: lines, bullets, ";" and sentence ends.
fn clauses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        for part in line.split(';') {
            for sentence in part.split(". ") {
                for bullet in sentence.split(" - ") {
                    let t = bullet.trim().trim_start_matches(['-', '+', '•']).trim();
                    if !t.is_empty() {
                        out.push(t.to_string());
                    }
                }
            }
        }
    }
    out
}

/// The agencies a clause starts with, up to its first verb.
fn leading_agencies(clause: &str, scope: Option<String>) -> Vec<Agency> {
    let cut = first_verb(clause, &WORDS.verbs).unwrap_or(clause.len());
    let head = clause[..cut].trim().trim_end_matches([',', '.', ':']).trim();
    if head.is_empty() {
        return Vec::new();
    }
    let mut agencies: Vec<Agency> = comma_pieces(head).iter().filter_map(|p| agency(p)).collect();
    // Only pieces that look like agencies count in running text.
    agencies.retain(|a| starts_with_head(&a.name));
    if let (Some(scope), Some(last)) = (scope, agencies.last_mut()) {
        last.scope.get_or_insert(scope);
    }
    agencies
}

/// Byte offset of the first lower-case verb of `verbs` that ends a name,
/// outside parentheses.
///
/// The word starts are tried left to right, each against every verb: the
/// first one a verb holds at is the least offset over the verbs of each
/// verb's first match (no verb's words overlap another match of it: a
/// test checks that no verb ends with words it starts with).
fn first_verb(text: &str, verbs: &[&str]) -> Option<usize> {
    let inside = |at: usize| {
        let before = &text[..at];
        before.matches('(').count() > before.matches(')').count()
    };
    let word_starts = std::iter::once(0).chain(text.match_indices(' ').map(|(i, _)| i + 1));
    word_starts.into_iter().find(|&i| {
        let rest = &text[i..];
        let first = rest.as_bytes().first();
        verbs.iter().any(|verb| {
            verb.as_bytes().first() == first
                && starts_with_word(rest, verb)
                && !inside(i)
                && (*verb != "chủ trì" || !chair_is_a_kind(&text[..i]))
        })
    })
}

/// Whether a cell says who is in charge ("Sở Nội vụ chủ trì đối với …").
pub(crate) fn names_a_role(text: &str) -> bool {
    chair_role(text).is_some()
}

/// Where "chủ trì" names a role ("Văn phòng Sở chủ trì, …"), not a kind
/// of agency ("các cơ quan chủ trì các lĩnh vực") or words in parentheses.
fn chair_role(text: &str) -> Option<usize> {
    let lower = lowercase(text);
    lower.match_indices("chủ trì").map(|(i, _)| i).find(|&i| {
        let before = &lower[..i];
        let in_parens = before.matches('(').count() > before.matches(')').count();
        !in_parens && !chair_is_a_kind(before)
    })
}

/// "các cơ quan chủ trì", "đơn vị chủ trì", "được giao chủ trì": the words
/// before "chủ trì" make it part of a noun phrase.
fn chair_is_a_kind(before: &str) -> bool {
    let before = lowercase(before.trim_end());
    ["cơ quan", "đơn vị", "giao"].iter().any(|w| before.ends_with(w))
}

/// Splits on line breaks and ";" (outside parentheses).
fn strong_parts(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            _ => {}
        }
        if depth == 0 && (c == ';' || c == '\n') {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

/// Splits one part on the commas that start a new agency.
fn comma_pieces(part: &str) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    let chars: Vec<char> = part.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            _ => {}
        }
        if depth == 0 && c == ',' {
            let rest: String = chars[i + 1..].iter().collect();
            if starts_new_agency(&current, rest.trim_start()) {
                pieces.push(std::mem::take(&mut current));
                continue;
            }
        }
        current.push(c);
    }
    pieces.push(current);
    pieces.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

fn starts_new_agency(before: &str, rest: &str) -> bool {
    let rest_lower = lowercase(rest);
    if WORDS.continuations.iter().any(|w| starts_with_word(&rest_lower, w)) {
        // "Sở, ban, ngành", "UBND cấp huyện, cấp xã", "số 1, số 2": a
        // lower-case continuation; an upper-case "Ban …" is an agency.
        if !rest.starts_with("Ban ") {
            return false;
        }
    }
    if !starts_with_head(rest) {
        return false;
    }
    // "Các Phòng, Trung tâm thuộc Sở", "Các sở, ngành, đơn vị": after a bare
    // kind the list of kinds goes on, unless a named agency or an acronym
    // ("UBND …", "Sở Nội vụ") starts.
    !is_bare_kind(before) || is_named(rest)
}

/// "UBND cấp huyện", "Sở Nội vụ", "Trung tâm Dịch vụ …": an acronym head or
/// a head followed by a capitalised word.
fn is_named(text: &str) -> bool {
    let text = text.split(',').next().unwrap_or(text);
    let words: Vec<&str> = text.split_whitespace().collect();
    let words: &[&str] = match words.first().map(|w| lowercase(w)) {
        Some(w) if w == "các" || w.chars().all(|c| c.is_ascii_digit()) => &words[1..],
        _ => &words[..],
    };
    let Some(first) = words.first() else { return false };
    if first.chars().filter(|c| c.is_alphabetic()).count() >= 2 && first.chars().all(|c| !c.is_lowercase()) {
        return true; // UBND, VP, HĐĐ
    }
    let lower = lowercase(&words.join(" "));
    WORDS.heads.iter().filter(|h| starts_with_word(&lower, h)).any(|h| {
        let n = h.split_whitespace().count();
        words.get(n).and_then(|w| w.chars().next()).is_some_and(char::is_uppercase)
    })
}

fn starts_with_head(text: &str) -> bool {
    let text = text.trim();
    // Whether a head starts the name is decided by the head's letters and
    // the one after them, so only the start of the name is lower-cased
    // (a whole name cost ~1,700 instructions): as far as the longest head
    // reaches past a short leading count, all of it when the count reaches
    // further. Lower-casing goes character by character, so the start's
    // lower case is the start of the whole's (a final sigma aside, which
    // is a letter either way and no head's).
    let reach = *HEAD_REACH;
    if let Some((cut, _)) = text.char_indices().nth(reach + COUNT_SLACK) {
        let lower = lowercase(&text[..cut]);
        let rest = after_leading_count(&lower);
        if rest.chars().count() > reach {
            return WORDS.heads.iter().any(|h| starts_with_word(rest, h));
        }
    }
    starts_with_head_lowered(&lowercase(text))
}

/// [`starts_with_head`] of a trimmed, lower-cased name.
fn starts_with_head_lowered(lower: &str) -> bool {
    let rest = after_leading_count(lower);
    WORDS.heads.iter().any(|h| starts_with_word(rest, h))
}

/// The longest head in characters, and the character after it.
static HEAD_REACH: LazyLock<usize> =
    LazyLock::new(|| WORDS.heads.iter().map(|h| h.chars().count()).max().unwrap_or(0) + 1);
/// Characters lower-cased beyond [`HEAD_REACH`] for a leading count
/// ("12 các ").
const COUNT_SLACK: usize = 12;

/// `text` starts with the words `word`, followed by nothing or a non-letter.
pub(crate) fn starts_with_word(text: &str, word: &str) -> bool {
    text.strip_prefix(word).is_some_and(|after| after.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// "Các Phòng", "Sở", "các cơ quan", "…, đơn vị": the last item of the list
/// so far is a kind without a name.
fn is_bare_kind(text: &str) -> bool {
    let last = text.rsplit(',').next().unwrap_or(text);
    let lower = lowercase(last.trim());
    let rest = after_leading_count(&lower).trim();
    WORDS.heads.contains(&rest) || ["ngành", "ban", "ban ngành"].contains(&rest)
}

/// One agency from one piece: scope from parentheses or "đối với …",
/// canonical name.
fn agency(piece: &str) -> Option<Agency> {
    let mut scope = None;
    let mut name = piece.to_string();
    if let Some((_, inside)) = parens(&name, 0) {
        scope = Some(inside.trim().to_string());
        name = without_parens(&name);
    }
    if scope.is_none() {
        if let Some((start, clause)) = for_clause(&name) {
            scope = Some(clause.trim().to_string());
            name.truncate(start);
        }
    }
    let printed = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let printed = without_list_marker(&printed)
        .trim_matches(|c: char| c == '.' || c == ',' || c == ';' || c == ':' || c == '-')
        .trim()
        .to_string();
    if printed.is_empty() || printed.chars().all(|c| !c.is_alphabetic()) {
        return None;
    }
    let name = canonical_name(&printed);
    Some(Agency { printed: (name != printed).then_some(printed), name, scope })
}

/// A piece without the list marker an office typed or a converter kept
/// before it: a bullet ("• Văn phòng Sở", a DOCX list item's "•"), or an
/// item number ("1. Công chức Tư pháp - Hộ tịch", "2) Phòng Nội vụ").
fn without_list_marker(piece: &str) -> &str {
    let rest = piece.trim_start_matches(['•', '·', '▪', '◦', '●', '+', '*', '–', '—', '-']).trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    match rest.as_bytes().get(digits) {
        Some(b'.' | b')') if (1..=2).contains(&digits) && rest[digits + 1..].starts_with(' ') => {
            rest[digits + 1..].trim_start()
        }
        _ => rest,
    }
}

/// Folded, diacritic-free lookup keys of the aliases and the gazetteer.
static KNOWN: LazyLock<std::collections::HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut known: std::collections::HashMap<String, &'static str> =
        WORDS.known.iter().map(|name| (name_key(name), *name)).collect();
    known.extend(WORDS.aliases.iter().map(|(alias, name)| (alias.to_string(), *name)));
    known
});

/// "Phòng Bổ trợ Tư pháp" → "phong bo tro tu phap"; "KT & TDTH" → "kt&tdth".
fn name_key(name: &str) -> String {
    let key = strip_marks(&fold(name)).replace(" & ", "&").replace(" &", "&").replace("& ", "&");
    key.strip_prefix("cac ").map(str::to_string).unwrap_or(key)
}

/// The canonical spelling of a printed agency name.
pub fn canonical_name(printed: &str) -> String {
    if let Some(name) = KNOWN.get(&name_key(printed)) {
        return name.to_string();
    }
    // Abbreviations inside a longer name ("Văn phòng Sở; VP. UBND tỉnh …").
    let mut out = printed.to_string();
    for (from, to) in &WORDS.abbreviations {
        match out.strip_prefix(from) {
            Some(rest) if rest.is_empty() || rest.starts_with(' ') => out = format!("{to}{rest}"),
            _ => {}
        }
    }
    capitalize(&out)
}

/// Whether a name starts like an agency ("Sở …", "các đơn vị …").
pub fn looks_like_agency(name: &str) -> bool {
    starts_with_head(name)
}

/// "UBND" spelled out as "Ủy ban nhân dân".
pub(crate) fn expand_ubnd(name: &str) -> String {
    name.split(' ').map(|w| if w == "UBND" { "Ủy ban nhân dân" } else { w }).collect::<Vec<_>>().join(" ")
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// unseen18's DOCX keeps a cell's list bullets, unseen17's commune
    /// numbers the doers in one cell: the agencies are the names.
    #[test]
    fn list_markers_are_no_part_of_an_agency() {
        let names = |text: &str| split_agencies(text).into_iter().map(|a| a.name).collect::<Vec<_>>();
        assert_eq!(names("• Văn phòng Sở\n• Phòng Chuyển đổi số"), ["Văn phòng Sở", "Phòng Chuyển đổi số"]);
        assert_eq!(
            names("1. Công chức Tư pháp - Hộ tịch\n2. Công chức Văn phòng - Thống kê"),
            ["Công chức Tư pháp - Hộ tịch", "Công chức Văn phòng - Thống kê"]
        );
        assert_eq!(without_list_marker("- Phòng Nội vụ"), "Phòng Nội vụ");
        assert_eq!(without_list_marker("2) Phòng Nội vụ"), "Phòng Nội vụ");
        assert_eq!(without_list_marker("UBND các xã"), "UBND các xã");
        assert_eq!(without_list_marker("03 xã"), "03 xã");
    }

    /// [`first_verb`] finds each verb at word starts only: no verb may
    /// end with words it starts with, or a match overlapping an earlier
    /// one would be found, which `match_indices` skips.
    #[test]
    fn no_verb_ends_with_words_it_starts_with() {
        for verb in WORDS.verbs.iter().chain(&WORDS.list_verbs) {
            for (i, _) in verb.match_indices(' ') {
                assert!(!verb.starts_with(&verb[i + 1..]), "{verb:?}");
            }
        }
    }

    /// [`first_verb`] as it was first written: each verb's first match,
    /// the least of them.
    fn first_verb_by_searching(text: &str, verbs: &[&str]) -> Option<usize> {
        let inside = |at: usize| {
            let before = &text[..at];
            before.matches('(').count() > before.matches(')').count()
        };
        verbs
            .iter()
            .filter_map(|verb| {
                text.match_indices(verb)
                    .find(|(i, _)| {
                        (*i == 0 || text[..*i].ends_with(' '))
                            && starts_with_word(&text[*i..], verb)
                            && !inside(*i)
                            && (*verb != "chủ trì" || !chair_is_a_kind(&text[..*i]))
                    })
                    .map(|(i, _)| i)
            })
            .min()
    }

    #[test]
    fn first_verb_finds_what_searching_each_verb_finds() {
        let mut texts: Vec<String> = vec![
            "Sở Nội vụ chủ trì, phối hợp với các Sở".into(),
            "Các phòng (chủ trì rà soát) phối hợp".into(),
            "Văn phòng  tổng hợp  báo cáo".into(),
            "đơn vị chủ trì; chủ trì".into(),
            "gửi".into(),
            " trình ".into(),
            "".into(),
        ];
        let seeds = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seeds")).expect("seeds");
        for entry in seeds {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("UTF-8 seed");
            texts.extend(text.lines().map(str::to_string));
        }
        for text in &texts {
            for verbs in [&WORDS.verbs, &WORDS.list_verbs] {
                assert_eq!(first_verb(text, verbs), first_verb_by_searching(text, verbs), "{text:?}");
            }
        }
    }
    use regex::Regex;

    /// Lower-casing only a name's start decides as lower-casing all of it:
    /// every line and cell of the seeds and samples' text, every head with
    /// counts, "các" and other letters around it, and case-changing
    /// letters at each place.
    #[test]
    fn heads_are_read_from_the_start_as_from_the_whole() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds");
        let mut names: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(&root).expect("seeds") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).unwrap_or_default();
            names.extend(text.lines().flat_map(|l| l.split(['\t', '|', ','])).map(str::to_string));
        }
        let odd = ["", " ", "Σ", "İ", "ẞ", "Ǆ", "12", "1234567890123", "các", "CÁC", "\u{a0}", "x"];
        for head in WORDS.heads.iter() {
            let upper = head.to_uppercase();
            for a in odd {
                for b in odd {
                    for h in [*head, upper.as_str()] {
                        names.push(format!("{a}{h}{b} Nội vụ"));
                        names.push(format!("{a} {h}{b}"));
                        names.push(format!("{a} các {a}{h} {b}"));
                        names.push(format!("12 {a}{h}{b}"));
                    }
                }
            }
        }
        assert!(names.len() > 10_000, "{}", names.len());
        let mut heads = 0;
        for name in &names {
            let whole = starts_with_head_lowered(&lowercase(name.trim()));
            assert_eq!(starts_with_head(name), whole, "{name:?}");
            heads += usize::from(whole);
        }
        assert!(heads > 1_000, "{heads}");
    }

    #[test]
    fn the_agency_scanners_agree_with_the_regexes() {
        let parens_re = Regex::new(r"\s*\(([^()]*)\)").expect("valid regex");
        let for_re = Regex::new(r"\s+(đối với\s.*)$").expect("valid regex");
        let count_re = Regex::new(r"^(?:[0-9]+\s+)?(?:các\s+)?").expect("valid regex");
        let cases = [
            "Sở A (chủ trì) (phối hợp)",
            "a ((b) c) (d",
            "(x)  (y)\u{a0}(z)",
            "Sở Nội vụ đối với các xã",
            "Sở  đối với\ncác xã\nvà phường",
            "đối với x, Sở đối với",
            "Sởđối với x Sở đối vớix Sở\u{2003}đối với\u{a0}y",
            "12 các sở",
            "12các sở",
            "các  phòng",
            "1\n\ncácsở",
            "",
        ];
        let seeds = super::super::tests::seed_lines_and_cells();
        let lowered = seeds.iter().map(|t| t.to_lowercase());
        let texts: Vec<String> =
            cases.map(str::to_string).into_iter().chain(seeds.iter().cloned()).chain(lowered).collect();
        let (mut with_parens, mut with_clause) = (0, 0);
        for text in &texts {
            let text = text.as_str();
            let expected =
                parens_re.captures(text).map(|c| (c.get(0).expect("m").range(), c.get(1).expect("g").as_str()));
            assert_eq!(parens(text, 0), expected, "{text:?}");
            assert_eq!(without_parens(text), parens_re.replace_all(text, ""), "{text:?}");
            let expected = for_re.captures(text).map(|c| (c.get(0).expect("m").start(), c.get(1).expect("g").as_str()));
            assert_eq!(for_clause(text), expected, "{text:?}");
            let expected = count_re.find(text).map_or(text, |m| &text[m.end()..]);
            assert_eq!(after_leading_count(text), expected, "{text:?}");
            with_parens += usize::from(parens_re.is_match(text));
            with_clause += usize::from(for_re.is_match(text));
        }
        assert!(with_parens > 20 && with_clause > 3, "{with_parens} {with_clause}");
    }

    fn names(list: &[Agency]) -> Vec<&str> {
        list.iter().map(|a| a.name.as_str()).collect()
    }

    #[test]
    fn the_word_lists_load() {
        assert_eq!(WORDS.heads.first(), Some(&"sở"));
        assert!(WORDS.aliases.contains(&("so tttt", "Sở Thông tin và Truyền thông")));
        assert!(WORDS.deliverables.contains(&"báo cáo"));
        // Every alias names a known agency spelled as in the gazetteer, or
        // one the gazetteer does not list under another spelling.
        for (_, name) in &WORDS.aliases {
            assert_eq!(canonical_name(name), *name, "{name}");
        }
    }

    #[test]
    fn abbreviations_are_expanded_and_printed_kept() {
        let list = split_agencies("VP UBND tỉnh");
        assert_eq!(list[0].name, "Văn phòng UBND tỉnh");
        assert_eq!(list[0].printed.as_deref(), Some("VP UBND tỉnh"));
        for printed in ["VPUB tỉnh", "V PUB tỉnh", "VP. UBND tỉnh"] {
            assert_eq!(split_agencies(printed)[0].name, "Văn phòng UBND tỉnh", "{printed}");
        }
        assert_eq!(split_agencies("Sở TTTT")[0].name, "Sở Thông tin và Truyền thông");
        assert_eq!(split_agencies("Sở KH&CN")[0].name, "Sở Khoa học và Công nghệ");
        assert_eq!(split_agencies("Sở Nội vụ")[0].printed, None, "a canonical name keeps no printed copy");
    }

    #[test]
    fn scopes_in_parentheses_and_for_clauses() {
        let list = split_agencies(
            "Phòng XD, KT&TDTH PL (đối với chỉ số PAPI, PAR INDEX, SIPAS); Văn phòng Sở (đối với chỉ số PCI, DTI)",
        );
        assert_eq!(names(&list), ["Phòng Xây dựng, Kiểm tra và Theo dõi thi hành pháp luật", "Văn phòng Sở"]);
        assert_eq!(list[1].scope.as_deref(), Some("đối với chỉ số PCI, DTI"));
        assert_eq!(list[0].scope.as_deref(), Some("đối với chỉ số PAPI, PAR INDEX, SIPAS"));
    }

    #[test]
    fn roles_in_mixed_cells() {
        let (lead, partners) = read_roles("Văn phòng Sở chủ trì, phối hợp với các Phòng, Trung tâm thuộc Sở.");
        assert_eq!(names(&lead), ["Văn phòng Sở"]);
        assert_eq!(names(&partners), ["Các Phòng, Trung tâm thuộc Sở"]);
        let (lead, partners) = read_roles(
            "Trung tâm Dịch vụ đấu giá tài sản, Trung tâm Trợ giúp pháp lý Nhà nước, Phòng Công chứng số 1 chủ trì, phối hợp Văn phòng Sở.",
        );
        assert_eq!(lead.len(), 3);
        assert_eq!(names(&partners), ["Văn phòng Sở"]);
        let (lead, partners) = read_roles(
            "- Phòng Hỗ trợ tư pháp, Phòng Hành chính tư pháp rà soát, đề xuất gửi Văn phòng Sở tổng hợp.\n- Văn phòng Sở thực hiện công khai TTHC",
        );
        assert_eq!(names(&lead), ["Phòng Hỗ trợ tư pháp", "Phòng Hành chính tư pháp", "Văn phòng Sở"]);
        assert!(partners.is_empty());
        let (lead, _) = read_roles(
            "Sở Nội vụ chủ trì đối với nhân rộng mô hình hay; Sở Khoa học và Công nghệ chủ trì đối với áp dụng các sáng kiến CCHC",
        );
        assert_eq!(names(&lead), ["Sở Nội vụ", "Sở Khoa học và Công nghệ"]);
        assert_eq!(lead[0].scope.as_deref(), Some("đối với nhân rộng mô hình hay"));
        let (lead, partners) =
            read_roles("Thanh tra Sở chủ trì, phối hợp với Văn phòng Sở, các phòng, trung tâm thực hiện");
        assert_eq!(names(&lead), ["Thanh tra Sở"]);
        assert_eq!(names(&partners), ["Văn phòng Sở", "Các phòng, trung tâm"]);
        // "cơ quan chủ trì" is a kind of agency, not a role.
        let (lead, _) = read_roles("Các cơ quan chủ trì các lĩnh vực CCHC tỉnh");
        assert_eq!(names(&lead), ["Các cơ quan chủ trì các lĩnh vực CCHC tỉnh"]);
        let (lead, partners) = read_roles(
            "Các Phòng chuyên môn (liên quan đến văn bản được giao chủ trì soạn thảo), phối hợp với phòng Xây dựng và Kiểm tra văn bản QPPL",
        );
        assert_eq!(names(&lead), ["Các Phòng chuyên môn"]);
        assert_eq!(lead[0].scope.as_deref(), Some("liên quan đến văn bản được giao chủ trì soạn thảo"));
        assert_eq!(names(&partners), ["Phòng Xây dựng và Kiểm tra văn bản QPPL"]);
    }
}
