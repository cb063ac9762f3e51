//! Tables that document converters print as text layouts, found per table
//! (a document may mix them with tab-separated rows, pipe tables and prose):
//!
//! - **grid tables** (`+---+---+` borders, `|` between cells, `+===+` under
//!   the header), as pandoc prints cells with several paragraphs;
//! - **dashed tables** (pandoc's multiline and simple tables): a ruler of
//!   dash runs (`---- ------ ---`) gives the columns, rows are separated by
//!   blank lines (multiline) or stand one per line (simple);
//! - **HTML `<table>` markup** embedded in markdown (GitHub-flavoured
//!   markdown for tables with merged cells, MinerU, marker), read by the
//!   HTML reader with its `rowspan`/`colspan`;
//! - **bar-separated cells**: each cell on its own line(s) between lines
//!   holding only `|`, two `|` lines in a row ending a row (html-to-text
//!   layouts).
//!
//! Space-aligned columns (`pdftotext -layout`) are found by [`crate::columns`].
//!
//! A cell's lines are joined with spaces, a blank line inside a cell starts
//! a new line of its text, and a word the converter cut because it was wider
//! than its column (pandoc cuts "động" into "đ" and "ộng" in a narrow
//! column; the last piece then fills the column) is put back together when
//! the pieces read as one word and the first does not read as a word alone.

use crate::markup;
use crate::model::{Block, Cell, Location, Row, Table};

// The line shapes below are scanners for the regexes in their comments
// (`\s` is Unicode white space, as `char::is_whitespace`): compiled, each
// regex cost ~0.3 M instructions per process.

/// A grid table's border, `^\s*\+(?:[-=:]{2,}\+)+\s*$` ("+----+==+").
fn grid_border(line: &str) -> bool {
    let body = line.trim_matches(char::is_whitespace);
    let Some(inner) = body.strip_prefix('+').and_then(|b| b.strip_suffix('+')) else { return false };
    inner.split('+').all(|cell| cell.len() >= 2 && cell.bytes().all(|b| matches!(b, b'-' | b'=' | b':')))
}

/// A line of dashes alone, `^\s*-{3,}\s*$`.
fn dash_line(line: &str) -> bool {
    let body = line.trim_matches(char::is_whitespace);
    body.len() >= 3 && body.bytes().all(|b| b == b'-')
}

/// A ruler under a layout's header, `^\s*-{2,}(?: +-{2,})+\s*$`: runs of
/// two dashes or more, at least two, between spaces.
fn ruler(line: &str) -> bool {
    let body = line.trim_matches(char::is_whitespace);
    let mut runs = body.split(' ').filter(|run| !run.is_empty());
    body.bytes().all(|b| b == b'-' || b == b' ') && runs.clone().count() >= 2 && runs.all(|run| run.len() >= 2)
}

/// A table found at a line: its blocks and the index of the first line
/// after it.
pub(crate) struct Found {
    pub blocks: Vec<Block>,
    pub end: usize,
}

/// The table in one of the layouts above that starts at `lines[at]`, if
/// any.
pub(crate) fn table_at(lines: &[&str], at: usize) -> Option<Found> {
    let line = lines[at];
    let trimmed = line.trim_start();
    if trimmed.starts_with('+') && grid_border(line) {
        return grid(lines, at);
    }
    if trimmed.starts_with('-') {
        if dash_line(line) {
            return dashed(lines, at, true);
        }
        if ruler(line) {
            return dashed(lines, at, false);
        }
    }
    if trimmed.get(..6).is_some_and(|t| t.eq_ignore_ascii_case("<table")) {
        return html_table(lines, at);
    }
    if trimmed == "|" {
        return barred(lines, at);
    }
    // A simple table: one header line right above its ruler.
    if !trimmed.is_empty() && lines.get(at + 1).is_some_and(|next| ruler(next)) {
        return simple(lines, at);
    }
    None
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// The characters `from..to` of a line (by character, not byte); `to` may
/// be past the end.
fn slice(line: &str, from: usize, to: usize) -> &str {
    let mut indices = line.char_indices().map(|(i, _)| i).chain(std::iter::once(line.len()));
    let start = indices.by_ref().nth(from);
    let Some(start) = start else { return "" };
    let end = if to > from { line.char_indices().map(|(i, _)| i).nth(to).unwrap_or(line.len()) } else { start };
    &line[start..end.max(start)]
}

/// Character positions of the `+` marks of a grid border.
fn plus_positions(line: &str) -> Vec<usize> {
    line.chars().enumerate().filter(|(_, c)| *c == '+').map(|(i, _)| i).collect()
}

fn grid(lines: &[&str], at: usize) -> Option<Found> {
    let bounds = plus_positions(lines[at]);
    let columns = bounds.len() - 1;
    let mut groups: Vec<Vec<(usize, &str)>> = Vec::new();
    let mut pending: Vec<(usize, &str)> = Vec::new();
    let mut end = at + 1;
    let mut closed = false;
    while end < lines.len() {
        let line = lines[end];
        let trimmed = line.trim_start();
        if trimmed.starts_with('+') && grid_border(line) {
            if !pending.is_empty() {
                groups.push(std::mem::take(&mut pending));
            }
            closed = true;
            end += 1;
            // A border followed by anything but a row or border ends it.
            if !lines.get(end).is_some_and(|l| l.trim_start().starts_with(['|', '+'])) {
                break;
            }
            continue;
        }
        if trimmed.starts_with('|') {
            pending.push((end, line));
            closed = false;
            end += 1;
            continue;
        }
        break;
    }
    if !closed || groups.is_empty() || columns == 0 {
        return None;
    }
    let markdown = is_markdown(&lines[at..end]);
    let rows = groups.iter().map(|group| grid_row(group, &bounds, markdown)).collect();
    let table = Table { rows, location: Location::line(line_number(at)) };
    Some(Found { blocks: vec![Block::Table(table)], end })
}

fn line_number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// One grid row from its content lines. A boundary without `|` on every
/// line of the row is inside a cell spanning both columns.
fn grid_row(content: &[(usize, &str)], bounds: &[usize], markdown: bool) -> Row {
    let is_bar = |line: &str, at: usize| matches!(line.chars().nth(at), Some('|') | None);
    let mut cells = Vec::new();
    let first_line = line_number(content[0].0);
    let mut c = 0;
    while c + 1 < bounds.len() {
        let mut next = c + 1;
        while next + 1 < bounds.len() && !content.iter().all(|(_, l)| is_bar(l, bounds[next])) {
            next += 1;
        }
        let (from, to) = (bounds[c] + 1, bounds[next]);
        let width = to.saturating_sub(from + 2);
        let pieces: Vec<&str> = content.iter().map(|(_, l)| slice(l, from, to).trim()).collect();
        let column = u32::try_from(c + 1).unwrap_or(u32::MAX);
        let mut cell = make_cell(&pieces, width, markdown, Location::line_column(first_line, column));
        cell.col_span = u32::try_from(next - c).unwrap_or(1);
        cells.push(cell);
        c = next;
    }
    Row { cells, header: false, location: Location::line(first_line) }
}

/// Whether a table's lines are markdown (pandoc's markdown writer, which
/// marks emphasis and escapes punctuation) rather than plain text.
fn is_markdown(lines: &[&str]) -> bool {
    lines.iter().any(|l| l.contains("**") || l.contains('\\'))
}

/// Pandoc's markdown writes typographic quotes, dashes and ellipses as
/// ASCII ("smart" punctuation, read back by its markdown reader) and
/// escapes the ASCII ones it means literally: read them back.
fn smart_punctuation(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    let opening = |prev: Option<&char>| prev.is_none_or(|p| p.is_whitespace() || "([{-–—/".contains(*p));
    while i < chars.len() {
        let c = chars[i];
        let prev = if i == 0 { None } else { chars.get(i - 1) };
        match c {
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                out.push(c);
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '"' => out.push(if opening(prev) { '“' } else { '”' }),
            '\'' => {
                let between_letters =
                    prev.is_some_and(|p| p.is_alphanumeric()) && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                out.push(if between_letters || !opening(prev) { '’' } else { '‘' });
            }
            '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                out.push('…');
                i += 3;
                continue;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                let em = chars.get(i + 2) == Some(&'-');
                out.push(if em { '—' } else { '–' });
                i += if em { 3 } else { 2 };
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// The cell made of the pieces of its lines (already cut to its column).
fn make_cell(pieces: &[&str], width: usize, markdown: bool, location: Location) -> Cell {
    let joined = join_pieces(pieces, width);
    let raw = if markdown { smart_punctuation(&joined) } else { joined };
    let clean = markup::clean(&raw);
    Cell { bold: clean.bold, ..Cell::new(clean.text, location) }
}

/// Joins a cell's lines: blank lines separate paragraphs (`\n`), a line
/// ending in `\` (a markdown hard break) ends a line, other lines continue
/// the one before after a space, or without one where a word was cut.
fn join_pieces(pieces: &[&str], width: usize) -> String {
    if width == 1 {
        return one_wide(pieces);
    }
    let mut out = String::new();
    let mut paragraph_open = false;
    let mut hard_break = false;
    for piece in pieces {
        if piece.is_empty() {
            paragraph_open = false;
            continue;
        }
        let (text, ends_break) = match piece.strip_suffix('\\') {
            Some(rest) if !rest.ends_with('\\') => (rest.trim_end(), true),
            _ => (*piece, false),
        };
        if out.is_empty() {
        } else if !paragraph_open || hard_break {
            out.push('\n');
        } else if !cut_word(&out, text, width) {
            out.push(' ');
        }
        out.push_str(text);
        paragraph_open = true;
        hard_break = ends_break;
    }
    out
}

/// A cell one character wide (pandoc's grid table writes a narrow number
/// column so, and the title of a group row merged across the table lands
/// in it): every line is one character, so no line break is known to be a
/// space. The characters are joined ("1", ".", "1" → "1.1"; "*", "*", "1",
/// "*", "*" → "**1**"), and a run of letters that is no syllable is split
/// into the syllables it spells, fewest first ("HẠTẦNGSỐ" → "HẠ TẦNG SỐ").
/// A paragraph break (a blank line) stays a line break.
fn one_wide(pieces: &[&str]) -> String {
    let paragraphs: Vec<String> = pieces
        .split(|p| p.is_empty())
        .filter(|run| !run.is_empty())
        .map(|run| {
            let joined: String = run.concat();
            let mut out = String::new();
            let mut letters = String::new();
            for c in joined.chars().chain(std::iter::once(' ')) {
                if c.is_alphabetic() {
                    letters.push(c);
                    continue;
                }
                if !letters.is_empty() {
                    out.push_str(&syllables(&letters).unwrap_or_else(|| letters.clone()));
                    letters.clear();
                }
                if c != ' ' {
                    out.push(c);
                }
            }
            out
        })
        .collect();
    paragraphs.join("\n")
}

/// `letters` (no spaces) split into Vietnamese syllables with spaces: the
/// split into the fewest syllables, then the fewest that start with a
/// vowel ("HẠ TẦNG", not "HẠT ẦNG"); `None` when no split reads so (an
/// abbreviation such as "STT" or "UBND" stays as written). At most 12
/// syllables of at most 7 letters.
fn syllables(letters: &str) -> Option<String> {
    use crate::vietnamese::{has_vowel, is_syllable};
    let chars: Vec<char> = letters.chars().collect();
    if chars.len() > 84 {
        return None;
    }
    if is_syllable(letters) || roman(letters) {
        return Some(letters.to_string());
    }
    // best[i]: (syllables, vowel-initial syllables, start of the last one)
    // for the first i letters.
    let mut best: Vec<Option<(usize, usize, usize)>> = vec![None; chars.len() + 1];
    best[0] = Some((0, 0, 0));
    for end in 1..=chars.len() {
        for start in end.saturating_sub(7)..end {
            let Some((count, vowels, _)) = best[start] else { continue };
            let word: String = chars[start..end].iter().collect();
            if !is_syllable(&word) {
                continue;
            }
            let vowel_first = has_vowel(&chars[start].to_string());
            let score = (count + 1, vowels + usize::from(vowel_first), start);
            if best[end].is_none_or(|b| (score.0, score.1) < (b.0, b.1)) {
                best[end] = Some(score);
            }
        }
    }
    let (count, ..) = best[chars.len()]?;
    if count > 12 {
        return None;
    }
    let mut words = Vec::new();
    let mut end = chars.len();
    while end > 0 {
        let (.., start) = best[end]?;
        words.push(chars[start..end].iter().collect::<String>());
        end = start;
    }
    words.reverse();
    Some(words.join(" "))
}

/// Whether `next`, the line after `before`, starts with the rest of a word
/// the converter cut: the line fills the column (pandoc cuts a word, or a
/// run of words tied by no-break spaces, wider than the column so that its
/// last piece fills a line), and the two pieces read as one word where the
/// first alone is none.
fn cut_word(before: &str, next: &str, width: usize) -> bool {
    if width == 0 || char_len(next) < width {
        return false;
    }
    let last = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let first = next.split(char::is_whitespace).next().unwrap_or("");
    let a: String = last.chars().filter(|c| !matches!(c, '*' | '_' | '\\')).collect();
    let b: String = first.chars().filter(|c| !matches!(c, '*' | '_' | '\\')).collect();
    // A lone emphasis mark ("*" + "*TT**") is no word.
    if a.is_empty() {
        return true;
    }
    let (Some(ea), Some(sb)) = (a.chars().last(), b.chars().next()) else { return false };
    if ea.is_alphabetic() && sb.is_alphabetic() {
        let head: String =
            a.chars().rev().take_while(|c| c.is_alphabetic()).collect::<Vec<_>>().into_iter().rev().collect();
        let tail: String = b.chars().take_while(|c| c.is_alphabetic()).collect();
        let upper = |s: &str| s.chars().all(char::is_uppercase);
        // A group numeral cut in a column one or two characters wide
        // ("**II**" printed "*", "*", "I", "I", "*", "*"): pieces that join
        // to a Roman numeral.
        if head == a && roman(&head) && roman(&tail) && roman(&format!("{head}{tail}")) {
            return true;
        }
        // An abbreviation cut in two ("C" + "CHC", "I" + "NDEX"): a lone
        // letter, or a rest that starts with two consonants and is no
        // syllable ("PAR" + "INDEX" are two words).
        let joined_is_word =
            !crate::vietnamese::is_syllable(&head) && crate::vietnamese::is_syllable(&format!("{head}{tail}"));
        // A capitalised Vietnamese word cut in two ("TH" + "ÔNG") joins like
        // a lower-case one; only what joins to no syllable is an abbreviation.
        if upper(&head) && upper(&tail) && !joined_is_word {
            let consonant = |c: Option<char>| c.is_some_and(|c| !crate::vietnamese::has_vowel(&c.to_string()));
            let mut rest = tail.chars();
            let clustered = consonant(rest.next()) && consonant(rest.next());
            return !crate::vietnamese::is_syllable(&tail) && (char_len(&head) == 1 || clustered);
        }
        return joined_is_word;
    }
    // A number cut in two ("2" + "019"), or punctuation that no line starts
    // or ends with after a wrap at a space ("15/01" + "/2024", "KT" +
    // "&TDTH").
    let more = char_len(&b) > 1;
    let digit_before_colon = a.chars().rev().nth(1).is_some_and(|c| c.is_ascii_digit());
    (ea.is_ascii_digit() && sb.is_ascii_digit())
        || (matches!(sb, '/' | '.' | ',' | ';' | ':' | ')' | '%' | '&') && more)
        || matches!(ea, '/' | '(' | '&')
        || (ea == ':' && sb.is_ascii_digit() && digit_before_colon)
}

/// Whether `s` is a Roman numeral from I to XXXIX as group rows number
/// them (I, II, …, IV, …, IX, X, …).
fn roman(s: &str) -> bool {
    const UNITS: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    let tens = s.len() - s.trim_start_matches('X').len();
    tens <= 3 && !s.is_empty() && UNITS.contains(&&s[tens..])
}

/// Start and end (exclusive) character positions of the dash runs of a
/// ruler line.
fn runs(ruler: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in ruler.chars().chain(std::iter::once(' ')).enumerate() {
        match (c == '-', start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The cells of one dashed-table row from its lines.
fn dashed_row(content: &[(usize, &str)], columns: &[(usize, usize)], markdown: bool) -> Row {
    let first_line = line_number(content[0].0);
    let cells = columns
        .iter()
        .enumerate()
        .map(|(c, &(start, end))| {
            let to = columns.get(c + 1).map_or(usize::MAX, |n| n.0);
            let pieces: Vec<&str> = content.iter().map(|(_, l)| slice(l, start, to).trim()).collect();
            let column = u32::try_from(c + 1).unwrap_or(u32::MAX);
            make_cell(&pieces, end - start, markdown, Location::line_column(first_line, column))
        })
        .collect();
    Row { cells, header: false, location: Location::line(first_line) }
}

/// A multiline table: a full dash line, header lines, a ruler, rows
/// separated by blank lines, a closing dash line (`framed`); or, without a
/// header, a ruler, rows, and a closing ruler.
fn dashed(lines: &[&str], at: usize, framed: bool) -> Option<Found> {
    let (ruler_at, header) = if framed {
        let ruler = (at + 1..lines.len().min(at + 12)).find(|&i| ruler(lines[i]))?;
        let header: Vec<(usize, &str)> = (at + 1..ruler).map(|i| (i, lines[i])).collect();
        if header.iter().any(|(_, l)| l.trim().is_empty()) {
            return None;
        }
        (ruler, header)
    } else {
        (at, Vec::new())
    };
    let columns = runs(lines[ruler_at]);
    let closing = |l: &str| if framed { dash_line(l) || ruler(l) } else { ruler(l) };
    let close = (ruler_at + 1..lines.len()).find(|&i| closing(lines[i]))?;
    let body: Vec<(usize, &str)> = (ruler_at + 1..close).map(|i| (i, lines[i])).collect();
    if body.is_empty() {
        return None;
    }
    let markdown = is_markdown(&lines[at..close]);
    let mut rows = Vec::new();
    if !header.is_empty() {
        rows.push(dashed_row(&header, &columns, markdown));
    }
    let blank_separated = body.iter().any(|(_, l)| l.trim().is_empty());
    if blank_separated {
        for group in body.split(|(_, l)| l.trim().is_empty()).filter(|g| !g.is_empty()) {
            rows.push(dashed_row(group, &columns, markdown));
        }
    } else {
        rows.extend(body.iter().map(|line| dashed_row(std::slice::from_ref(line), &columns, markdown)));
    }
    let table = Table { rows, location: Location::line(line_number(at)) };
    Some(Found { blocks: vec![Block::Table(table)], end: close + 1 })
}

/// A simple table: a header line, a ruler, one row per line up to a blank
/// line (or a closing ruler).
fn simple(lines: &[&str], at: usize) -> Option<Found> {
    let columns = runs(lines[at + 1]);
    let mut end = at + 2;
    let mut body = Vec::new();
    while end < lines.len() && !lines[end].trim().is_empty() {
        if ruler(lines[end]) {
            end += 1;
            break;
        }
        body.push((end, lines[end]));
        end += 1;
    }
    if body.is_empty() {
        return None;
    }
    let markdown = is_markdown(&lines[at..end]);
    let mut rows = vec![dashed_row(&[(at, lines[at])], &columns, markdown)];
    rows.extend(body.iter().map(|line| dashed_row(std::slice::from_ref(line), &columns, markdown)));
    let table = Table { rows, location: Location::line(line_number(at)) };
    Some(Found { blocks: vec![Block::Table(table)], end })
}

/// HTML table markup from `<table` to the matching `</table>`.
fn html_table(lines: &[&str], at: usize) -> Option<Found> {
    let mut depth = 0i32;
    let mut end = at;
    while end < lines.len() {
        let lower = lines[end].to_ascii_lowercase();
        depth += lower.matches("<table").count() as i32;
        depth -= lower.matches("</table").count() as i32;
        end += 1;
        if depth <= 0 {
            break;
        }
    }
    let markup = lines[at..end].join("\n");
    let blocks = crate::html::fragment(&markup, line_number(at));
    if !blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return None;
    }
    Some(Found { blocks, end })
}

/// Cells on their own lines between `|` lines; two `|` lines in a row end
/// a row. At least two rows of two cells.
fn barred(lines: &[&str], at: usize) -> Option<Found> {
    let bar = |i: usize| lines.get(i).is_some_and(|l| l.trim() == "|");
    let mut rows: Vec<Row> = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    let mut pieces: Vec<&str> = Vec::new();
    let mut cell_line = 0usize;
    let mut row_line = at + 1;
    let mut i = at + 1;
    let mut end = at + 1;
    while i < lines.len() {
        if bar(i) {
            let column = u32::try_from(cells.len() + 1).unwrap_or(u32::MAX);
            cells.push(make_cell(&pieces, 0, false, Location::line_column(line_number(cell_line), column)));
            pieces.clear();
            if bar(i + 1) {
                rows.push(Row {
                    cells: std::mem::take(&mut cells),
                    header: false,
                    location: Location::line(line_number(row_line)),
                });
                end = i + 2;
                i += 2;
                row_line = i;
                if lines.get(i).is_none_or(|l| l.trim().is_empty()) {
                    break;
                }
                continue;
            }
            i += 1;
            continue;
        }
        if lines[i].trim().is_empty() {
            break;
        }
        if pieces.is_empty() {
            cell_line = i;
        }
        pieces.push(lines[i].trim());
        i += 1;
    }
    if rows.len() < 2 || rows.iter().filter(|r| r.cells.len() >= 2).count() < 2 {
        return None;
    }
    let table = Table { rows, location: Location::line(line_number(at)) };
    Some(Found { blocks: vec![Block::Table(table)], end })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_shapes_agree_with_their_regexes() {
        use regex::Regex;
        let grid = Regex::new(r"^\s*\+(?:[-=:]{2,}\+)+\s*$").expect("valid regex");
        let dashes = Regex::new(r"^\s*-{3,}\s*$").expect("valid regex");
        let rule = Regex::new(r"^\s*-{2,}(?: +-{2,})+\s*$").expect("valid regex");
        let mut lines: Vec<String> = [
            "+----+==+",
            " +--+ ",
            "++",
            "+-+",
            "+--",
            "+--+-",
            "+:-:+x",
            "+==+--+\u{a0}",
            "x+--+",
            "---",
            "--",
            " ---\t",
            "-- -",
            "----\u{2003}",
            "-- --",
            "--  ---  --",
            "-- -- -",
            "--\t--",
            "\u{3000}-- --\u{85}",
            "-- --x",
            "",
            " ",
            "\u{a0}-- --",
        ]
        .map(str::to_string)
        .to_vec();
        for dir in ["../../fixtures/converters", "../../fixtures/seeds"] {
            for entry in std::fs::read_dir(dir).expect("fixtures") {
                let text = std::fs::read(entry.expect("entry").path()).expect("read");
                lines.extend(String::from_utf8_lossy(&text).split('\n').map(str::to_string));
            }
        }
        let (mut g, mut r) = (0, 0);
        for line in &lines {
            assert_eq!(grid_border(line), grid.is_match(line), "{line:?}");
            assert_eq!(dash_line(line), dashes.is_match(line), "{line:?}");
            assert_eq!(ruler(line), rule.is_match(line), "{line:?}");
            g += usize::from(grid_border(line));
            r += usize::from(ruler(line));
        }
        assert!(g >= 5 && r >= 5, "the lines hold borders and rulers");
    }

    fn table(text: &str) -> (Table, usize) {
        let lines: Vec<&str> = text.split('\n').collect();
        let found = table_at(&lines, 0).expect("a table");
        let Some(Block::Table(t)) = found.blocks.into_iter().next() else { panic!("a table block") };
        (t, found.end)
    }

    fn texts(t: &Table) -> Vec<Vec<&str>> {
        t.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect()
    }

    #[test]
    fn grid_table_with_cut_words_and_paragraphs() {
        let text = "\
+-------+-------+-------+
| *     | **1-  | **3-  |
| *TT** | Mục   | Hoạt  |
|       | tiê   | đ     |
|       | u/Chỉ | ộng** |
+=======+=======+=======+
| 1     | 3.1.  | Trước |
|       | Xây   | 15/01 |
|       | dựng. | /2024 |
|       |       |       |
|       | 3.2.  |       |
|       | Gửi.  |       |
+-------+-------+-------+
after";
        let (t, end) = table(text);
        assert_eq!(end, 13);
        assert_eq!(
            texts(&t),
            [vec!["TT", "1- Mục tiêu/Chỉ", "3- Hoạt động"], vec!["1", "3.1. Xây dựng.\n3.2. Gửi.", "Trước 15/01/2024"]]
        );
        assert!(t.rows[0].cells[0].bold);
        assert_eq!(t.rows[1].cells[1].location, Location::line_column(7, 2));
    }

    /// A group numeral in bold in a one-character column, as pandoc wraps
    /// it ("**II**" over six lines), is one numeral; letters that do not
    /// join to a numeral, or lines that do not fill the column, stay apart.
    #[test]
    fn a_numeral_cut_in_a_narrow_column_is_one_numeral() {
        let cell = |lines: &[&str]| {
            let width = lines.iter().map(|l| char_len(l)).max().unwrap_or(0);
            let rows: String = lines.iter().map(|l| format!("| {l:width$} | x |\n")).collect();
            let ruler = format!("+-{}-+---+", "-".repeat(width));
            let (t, _) = table(&format!("{ruler}\n{rows}{ruler}"));
            t.rows[0].cells[0].text.clone()
        };
        assert_eq!(cell(&["*", "*", "I", "I", "I", "*", "*"]), "III");
        assert_eq!(cell(&["*", "*", "I", "V", "*", "*"]), "IV");
        assert_eq!(cell(&["X", "I", "V"]), "XIV");
        // In a column one character wide letters that are no numeral are
        // read as the syllables they spell ("i"), or kept as written.
        assert_eq!(cell(&["I", "I", "I", "I"]), "I I I I", "IIII is no numeral");
        assert_eq!(cell(&["I", "X", "X"]), "IXX");
        assert_eq!(cell(&["I", "II"]), "III", "pandoc keeps the full line last");
        assert_eq!(cell(&["I ", "I "]), "I I", "the last line does not fill the column");
    }

    /// pandoc's grid table writes a one-character column one character a
    /// line: a number is joined, a title spanning the row (dropped into the
    /// first column) is read back as its syllables, an abbreviation stays.
    #[test]
    fn a_one_character_column_is_read_back_as_numbers_and_syllables() {
        let lines = |s: &str| s.chars().map(String::from).collect::<Vec<_>>();
        let read = |s: &str| one_wide(&lines(s).iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(read("1.1.1"), "1.1.1");
        assert_eq!(read("**1.2**"), "**1.2**");
        assert_eq!(read("**HẠTẦNGSỐ**"), "**HẠ TẦNG SỐ**");
        assert_eq!(read("DỮLIỆUSỐ"), "DỮ LIỆU SỐ");
        assert_eq!(read("NỀNTẢNGVÀDỊCHVỤSỐ"), "NỀN TẢNG VÀ DỊCH VỤ SỐ");
        assert_eq!(read("**STT**"), "**STT**", "no syllables: kept");
        assert_eq!(read("UBND"), "UBND");
        assert_eq!(read("XIV"), "XIV", "a numeral stays one");
        assert_eq!(one_wide(&["1", "", "2"]), "1\n2", "a blank line is a paragraph break");
        // Through the grid reader: the cell of width 1 only.
        let (t, _) = table("+---+-----+\n| 1 | a   |\n| . | b   |\n| 2 |     |\n+---+-----+");
        assert_eq!(texts(&t), [vec!["1.2", "a b"]]);
    }

    #[test]
    fn grid_cells_spanning_columns() {
        let (t, _) =
            table("+---+-----+-----+\n| I | CÔNG TÁC    |\n+---+-----+-----+\n| 1 | a   | b   |\n+---+-----+-----+");
        assert_eq!(texts(&t), [vec!["I", "CÔNG TÁC"], vec!["1", "a", "b"]]);
        assert_eq!(t.rows[0].cells[1].col_span, 2);
    }

    #[test]
    fn multiline_table_with_header() {
        let text = "\
  --------------------------------
  **TT**  **Nhiệm vụ**   **Tiến
                         độ**
  ------- -------------- ---------
  1       Hoàn thành     Quý
          đúng tiến độ   II/2021

  2       Tiếp tục\\...   Thường
                         xuyên
  --------------------------------";
        let (t, end) = table(text);
        assert_eq!(end, 10);
        assert_eq!(
            texts(&t),
            [
                vec!["TT", "Nhiệm vụ", "Tiến độ"],
                vec!["1", "Hoàn thành đúng tiến độ", "Quý II/2021"],
                vec!["2", "Tiếp tục...", "Thường xuyên"]
            ]
        );
    }

    #[test]
    fn simple_and_headerless_tables() {
        let (t, end) = table("TT  Việc    Hạn\n--  ------  ----\n1   Làm a   Quý I\n2   Làm b   Quý II\n\nSau");
        assert_eq!(end, 4);
        assert_eq!(texts(&t)[2], ["2", "Làm b", "Quý II"]);
        let (t, _) = table("---  -----\n1    a b\n     c\n\n2    d\n---  -----");
        assert_eq!(texts(&t), [vec!["1", "a b c"], vec!["2", "d"]]);
    }

    #[test]
    fn barred_cells() {
        let (t, end) = table("|\nTT\n|\nViệc\n|\n|\n1\n|\nLàm\nngay\n|\n|\nsau");
        assert_eq!(texts(&t), [vec!["TT", "Việc"], vec!["1", "Làm ngay"]]);
        assert_eq!(end, 12);
    }

    #[test]
    fn markdown_smart_punctuation_is_read_back() {
        assert_eq!(
            smart_punctuation(r#"thi đua "Cán bộ" -- năm 2021... l'an \"x\" \..."#),
            r#"thi đua “Cán bộ” – năm 2021… l’an \"x\" \..."#
        );
        let (t, _) = table("+-----+\n| \"A\" |\n+-----+\n| **x** |\n+-----+");
        assert_eq!(t.rows[0].cells[0].text, "“A”");
        let (t, _) = table("+-----+\n| \"A\" |\n+-----+");
        assert_eq!(t.rows[0].cells[0].text, "\"A\"", "plain text keeps its quotes");
    }

    #[test]
    fn cut_words_need_evidence() {
        assert!(cut_word("Hoạt đ", "ộng**", 5));
        assert!(!cut_word("Kế", "hoạch", 5), "a whole word wrapped");
        assert!(!cut_word("UBND", "tỉnh,", 5));
        assert!(!cut_word("Hoạt đ", "ộng", 5), "does not fill the column");
        assert!(cut_word("C", "CHC**", 5));
        assert!(cut_word("PAR I", "NDEX,", 5));
        assert!(!cut_word("PAR", "INDEX", 5));
        assert!(cut_word("khắc phục", ",...", 4));
        assert!(cut_word("ISO 9001:", "2015,", 5));
        assert!(!cut_word("CÔNG", "TÁC", 3), "two syllables");
        assert!(!cut_word("UBND", "TỈNH,", 5));
        assert!(!cut_word("Xây dựng", "& Kiểm tra", 10), "a word of its own");
        assert!(cut_word("giai đoạn 2", "019\u{a0}-", 5), "no-break spaces tie a run of words");
    }
}
