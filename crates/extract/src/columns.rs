//! Tables printed with space-aligned columns, as `pdftotext -layout` (and
//! other PDF-to-text converters) print them.
//!
//! Each character of such a line stands at its column on a fixed grid, so
//! the text lines become the same positioned lines the PDF reader builds
//! from glyphs, and the PDF reader's table-by-alignment code finds the
//! table: its header line (three or more runs separated by two or more
//! spaces) gives the column edges, moved left to where the body's text
//! starts; a row starts at text in the first column, after a blank line or
//! where a column's text comes back; a cell's wrapped lines are joined. A
//! page (form feed) that goes on with the table without repeating its
//! header keeps the previous page's columns, and a page break separates
//! the parts, as in a PDF.
//!
//! The converter keeps at least one space between columns but may close
//! the gap to one: a word that starts less than three characters left of a
//! column edge and runs over it belongs to the column on the right.

use crate::layout::{aligned_table, is_page_number, rows_of_split, starts_number, Aligned, TextLine, Word};
use crate::layouts::Found;
use crate::model::{Block, Location, Table};
#[cfg(test)]
use crate::model::{Cell, Row};

/// Grid units per character and the nominal font size and line pitch, in
/// the PDF reader's units: a single space is no column gap, two are.
const CHAR: f64 = 5.0;
const SIZE: f64 = 10.0;
const PITCH: f64 = 12.0;

/// What a table that ran to the end of a page leaves for the next page.
#[derive(Default)]
pub(crate) struct Columns {
    open: Option<Vec<f64>>,
    /// The table stopped at its page's footnotes: the page break goes
    /// before its next page's part, after the footnotes.
    break_owed: bool,
    /// The header of the first table, its wrapped lines joined.
    header: Option<Vec<String>>,
}

/// Runs of a line separated by two or more spaces: (start, end) in
/// characters.
fn runs(line: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut spaces = 0usize;
    for (i, c) in line.chars().enumerate() {
        if c == ' ' || c == '\u{c}' {
            spaces += 1;
            continue;
        }
        match out.last_mut() {
            Some(last) if spaces < 2 => last.1 = i + 1,
            _ => out.push((i, i + 1)),
        }
        spaces = 0;
    }
    out
}

/// Whether a line may be a table line: no tabs, no markdown table syntax.
fn plain(line: &str) -> bool {
    !line.contains('\t') && !line.trim_start().starts_with(['|', '+', '<'])
}

impl Columns {
    /// A space-aligned table whose header is at `lines[at]`, or that goes
    /// on at the top of a new page (a line starting with a form feed)
    /// after a table that ran to the end of the page before.
    pub(crate) fn table_at(&mut self, lines: &[&str], at: usize) -> Option<Found> {
        let line = lines[at];
        let page_start = line.starts_with('\u{c}');
        if page_start && self.open.is_some() {
            if let Some(mut found) = self.page(lines, at) {
                if std::mem::take(&mut self.break_owed) {
                    found.blocks.insert(0, Block::PageBreak(Location::line(u32::try_from(at + 1).unwrap_or(u32::MAX))));
                }
                return Some(found);
            }
        }
        if page_start {
            self.open = None;
            self.break_owed = false;
        }
        if !plain(line) || line.trim().is_empty() {
            return None;
        }
        // The header line, or the line right under it where this one is a
        // line of a header cell centred against taller ones (the reader
        // keeps it only where it stands inside one column).
        let header = if runs(line).len() >= 3 {
            at
        } else {
            match lines.get(at + 1) {
                Some(next) if plain(next) && !next.starts_with('\u{c}') && runs(next).len() >= 3 => at + 1,
                _ => return None,
            }
        };
        // Body lines with two or more runs must follow the header closely:
        // among its next six lines with text (a ruled table's padding
        // prints as blank lines between rows, and a header's wrapped
        // labels as lines of one run).
        let body = lines[header + 1..]
            .iter()
            .take_while(|l| !l.starts_with('\u{c}'))
            .filter(|l| !l.trim().is_empty())
            .take(6)
            .filter(|l| plain(l) && runs(l).len() >= 2)
            .count();
        if body < 2 {
            return None;
        }
        self.open = None;
        self.page(lines, at)
    }

    /// The table on the page from `lines[at]` to the next form feed.
    fn page(&mut self, lines: &[&str], at: usize) -> Option<Found> {
        let page_end = (at + 1..lines.len()).find(|&i| lines[i].starts_with('\u{c}')).unwrap_or(lines.len());
        // The page's footer: a page number ("Trang 3/6", "- 3 -") on the
        // page's last line with text, which no row holds.
        let footer = |i: usize| is_page_number(lines[i]) && lines[i + 1..page_end].iter().all(|l| l.trim().is_empty());
        let mut text_lines = Vec::new();
        let mut indices = Vec::new();
        let mut prose_at = None;
        for (i, line) in lines.iter().enumerate().take(page_end).skip(at) {
            if !plain(line) && !line.trim().is_empty() {
                break;
            }
            if i > at && footer(i) {
                continue;
            }
            if i > at && prose_line(line) {
                prose_at = Some(i);
                break;
            }
            if let Some(text_line) = text_line(line, (i - at + 1) as f64 * PITCH) {
                text_lines.push(text_line);
                indices.push(i);
            }
        }
        let found = aligned_table(&text_lines, self.open.as_deref(), true)?;
        if found.start != 0 {
            return None;
        }
        let rows: Vec<TextLine> = text_lines[found.start..found.end].to_vec();
        let edges = body_edges(&rows[usize::from(found.header)..], &found);
        let rows = unglue(rows, &edges);
        let mut labels: Vec<usize> = found.labels.iter().map(|l| char_at(l.0)).collect();
        let (rows, edges) = if found.header { sub_columns(rows, edges, &found, &mut labels) } else { (rows, edges) };
        let mut split = split_lines(&rows, &edges, &labels);
        for (a, b, own) in row_grids(&rows, usize::from(found.header), &edges, &found) {
            split.splice(a..b, split_lines(&rows[a..b], &own, &labels));
        }
        let mut table = rows_of_split(&rows, &split, &edges, found.header, 1, 1, true);
        if found.header {
            // Label lines above the header line (a two-row header's cells
            // centred higher than the labels merged over both rows).
            let above = (found.start..found.end).take_while(|&k| runs(lines[indices[k]]).len() < 3).count();
            self.join_header_lines(&mut table, above > 0);
        }
        join_paragraph_rows(&mut table, usize::from(found.header));
        let first = indices[found.start];
        let last = indices[found.end - 1];
        relocate(&mut table, at, first);
        let mut end = last + 1;
        let mut blocks = vec![Block::Table(table)];
        // The rest of the page is prose (or nothing): a table that reaches
        // the page's end may go on on the next page.
        let rest_blank = (end..page_end).all(|i| lines[i].trim().is_empty() || footer(i));
        // Only footnotes under the table down to the page's end: the table
        // may go on on the next page past them, as in a PDF.
        let foot = prose_at.is_some_and(|p| {
            let rest: Vec<&&str> = lines[p..page_end].iter().filter(|l| !l.trim().is_empty()).collect();
            rest.first().is_some_and(|l| footnote_line(l)) && rest.iter().all(|l| runs(l).len() == 1)
        });
        if rest_blank && page_end < lines.len() {
            self.open = Some(edges);
            blocks.push(Block::PageBreak(Location::line(u32::try_from(page_end + 1).unwrap_or(u32::MAX))));
            end = page_end;
        } else if foot && page_end < lines.len() {
            self.open = Some(edges);
            self.break_owed = true;
        } else {
            self.open = None;
        }
        Some(Found { blocks, end })
    }
}

/// How many header lines under the header line may hold sub-labels, and
/// on which of them (1: right under it) the sub-labels may start.
const SUB_HEADER_LINES: usize = 4;
const SUB_LABEL_LINE: usize = 2;

/// A two-row header (unseen6's and unseen8's "Thời gian thực hiện" over
/// "Bắt đầu | Hoàn thành"): a label names one column, and a line under it,
/// before the first row, holds two runs or more under that label (a
/// column-wide gap apart). Each run starts a column of its own (the body's
/// gutters may have put the column's edge at the second run, where more
/// rows have text), and each such column's header is the spanning label
/// and its own sub-label ("Thời gian thực hiện: Hoàn thành", as the
/// office readers join a two-row header), written on the header line; the
/// sub-labels leave the lines under it. Returns the lines and the edges,
/// and adds the new columns' label positions to `labels`.
fn sub_columns(
    mut rows: Vec<TextLine>,
    mut edges: Vec<f64>,
    found: &Aligned,
    labels: &mut Vec<usize>,
) -> (Vec<TextLine>, Vec<f64>) {
    if rows.len() < 3 || edges.len() < 2 || found.labels.len() != edges.len() {
        return (rows, edges);
    }
    // The header's own lines: up to the first line with text in the first
    // column (a row's number or a group title).
    let limit = rows.len().min(1 + SUB_HEADER_LINES);
    let body = (1..limit).find(|&i| rows[i].words.first().is_some_and(|w| w.x0 < edges[1])).unwrap_or(limit);
    let slack = PUSHED_LEFT as f64 * CHAR;
    for c in (1..edges.len()).rev() {
        let (label_start, label_end) = found.labels[c];
        let next = found.labels.get(c + 1).map_or(f64::MAX, |l| l.0);
        let (lo, hi) = ((label_start - slack).max(edges[c - 1] + CHAR), (label_end + slack).min(next));
        let inside = |w: &Word| w.x0 >= lo && w.x0 < hi;
        // The first line under the header with two runs or more here, each
        // a short label (three words at most) inside the label's space.
        let Some((at, starts)) = (1..body.min(1 + SUB_LABEL_LINE)).find_map(|i| {
            let mut runs: Vec<(f64, f64, usize)> = Vec::new();
            for w in rows[i].words.iter().filter(|w| inside(w)) {
                match runs.last_mut() {
                    Some(run) if w.x0 - run.1 <= CHAR => {
                        run.1 = w.x1;
                        run.2 += 1;
                    }
                    _ => runs.push((w.x0, w.x1, 1)),
                }
            }
            let labels = runs.len() >= 2 && runs.iter().all(|r| r.2 <= 3 && r.1 <= hi);
            labels.then(|| (i, runs.iter().map(|r| r.0).collect::<Vec<f64>>()))
        }) else {
            continue;
        };
        let mut bounds: Vec<f64> = std::iter::once(lo).chain(starts[1..].iter().copied()).collect();
        bounds.push(hi);
        let words_in = |lines: &[TextLine], a: f64, b: f64| {
            lines
                .iter()
                .flat_map(|l| l.words.iter().filter(move |w| w.x0 >= a && w.x0 < b).map(|w| w.text.as_str()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let label = words_in(&rows[..at], lo, hi);
        let subs: Vec<String> = bounds.windows(2).map(|b| words_in(&rows[at..body], b[0], b[1])).collect();
        for line in rows[1..body].iter_mut() {
            let kept: Vec<Word> = line.words.iter().filter(|w| !inside(w)).cloned().collect();
            if kept.len() != line.words.len() {
                let (y, size) = (line.y, line.size);
                *line = TextLine::from_words(kept, y, size).unwrap_or(TextLine {
                    text: String::new(),
                    words: Vec::new(),
                    ..line.clone()
                });
            }
        }
        let first = starts[0].min(edges[c]);
        let mut words: Vec<Word> = rows[0].words.iter().filter(|w| !inside(w)).cloned().collect();
        let at_starts = std::iter::once(first).chain(starts[1..].iter().copied());
        for (start, sub) in at_starts.zip(&subs) {
            let text = if sub.is_empty() { label.clone() } else { format!("{label}: {sub}") };
            words.push(Word { text, x0: start, x1: start + CHAR });
        }
        words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        if let Some(line) = TextLine::from_words(words, rows[0].y, rows[0].size) {
            rows[0] = line;
        }
        edges[c] = first;
        let at_label = labels.len() == edges.len();
        for start in starts[1..].iter().rev() {
            edges.insert(c + 1, *start);
            if at_label {
                labels.insert(c + 1, char_at(*start));
            }
        }
    }
    rows.retain(|l| !l.words.is_empty());
    (rows, edges)
}

/// pdftotext prints the blank line between two paragraphs of a cell as
/// it prints the padding between two ruled rows, so a cell's second
/// paragraph starts a row of its own. In a table whose rows are numbered
/// (two or more first cells starting with a digit), a row from `from` on
/// with no first cell goes on with the row above when each of its cells
/// goes on with the cell above it: it starts in lower case or with a list
/// mark ("a)", "-", "+") or a label ("Phối hợp: …"), or, not starting
/// with an item number, follows a cell ending in ":", ";" or ",". A row whose cells start afresh (a second
/// leaf of a merged task, "Sở Tư pháp" under "Văn phòng Sở") stays.
fn join_paragraph_rows(table: &mut Table, from: usize) {
    let numbered = table
        .rows
        .iter()
        .filter(|r| r.cells.first().is_some_and(|c| c.text.starts_with(|c: char| c.is_ascii_digit())))
        .count();
    if numbered < 2 {
        return;
    }
    let goes_on = |above: &str, text: &str| {
        let mut chars = text.chars();
        let first = chars.next();
        let marked = matches!(first, Some('-' | '+' | '•'))
            || (first.is_some_and(char::is_lowercase) && chars.next() == Some(')'));
        let item = first.is_some_and(|c| c.is_ascii_digit());
        // A labelled part of the cell ("Phối hợp: …" under "Chủ trì: …").
        let labelled = text.split_whitespace().take(3).any(|w| w.ends_with(':'));
        !above.is_empty()
            && (first.is_some_and(char::is_lowercase)
                || marked
                || labelled
                || (!item && above.trim_end().ends_with([':', ';', ','])))
    };
    let mut r = from.max(1);
    while r < table.rows.len() {
        let (before, after) = table.rows.split_at_mut(r);
        let (above, row) = (&mut before[r - 1], &after[0]);
        let joins = r > from
            && row.cells.len() == above.cells.len()
            && row.cells.first().is_some_and(|c| c.text.is_empty())
            && row.cells.iter().any(|c| !c.text.is_empty())
            && row.cells.iter().zip(&above.cells).all(|(c, a)| c.text.is_empty() || goes_on(&a.text, &c.text));
        if !joins {
            r += 1;
            continue;
        }
        for (a, c) in above.cells.iter_mut().zip(&row.cells) {
            if !c.text.is_empty() {
                a.text = format!("{}\n{}", a.text, c.text);
            }
        }
        table.rows.remove(r);
    }
}

/// A line of prose in a table's way, which ends it: one run (no gap of
/// two spaces) of four words or more and fifteen characters or more,
/// starting in the first two character positions, not in capitals — a
/// numbered heading between two tables ("2. Cải cách thủ tục hành
/// chính"), a paragraph after the last, a footnote at the page's foot. A
/// row's first line keeps a gap after its number or before its next cell;
/// a title in capitals is a group row.
fn prose_line(line: &str) -> bool {
    let line = line.strip_prefix('\u{c}').unwrap_or(line);
    let text = line.trim();
    let capitals = text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    matches!(runs(line)[..], [(start, _)] if start <= 1)
        && text.split_whitespace().count() >= 4
        && text.chars().count() >= 15
        && !capitals
}

/// A footnote's first line: a mark of one or two digits, or "(*)", and a
/// text starting with a capital ("1 Kế hoạch số 210/KH-UBND …").
fn footnote_line(line: &str) -> bool {
    let text = line.trim_start_matches(['\u{c}', ' ']);
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = if (1..=2).contains(&digits) { text[digits..].strip_prefix(' ') } else { text.strip_prefix("(*) ") };
    rest.and_then(|r| r.chars().next()).is_some_and(char::is_uppercase)
}

/// A text line as positioned words; `None` when blank.
fn text_line(line: &str, y: f64) -> Option<TextLine> {
    // The converter writes a page's form feed before its first line, whose
    // columns count from after it.
    let line = line.strip_prefix('\u{c}').unwrap_or(line);
    let mut words = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, c) in line.chars().chain(std::iter::once(' ')).enumerate() {
        if c.is_whitespace() {
            if let Some((start, text)) = current.take() {
                let len = text.chars().count();
                words.push(Word { text, x0: start as f64 * CHAR, x1: (start + len) as f64 * CHAR });
            }
        } else {
            match &mut current {
                Some((_, text)) => text.push(c),
                None => current = Some((i, c.to_string())),
            }
        }
    }
    TextLine::from_words(words, y, SIZE)
}

/// How much a word starting at a position after two or more spaces (or
/// at the line's start) counts for a column edge there, against 1 after a
/// single space; and how much a word running over the position counts
/// against it.
const STRONG_START: f64 = 2.0;
const CROSSING: f64 = 2.0;
/// How much an edge's score drops per character it lies away from its
/// header label (or from the previous page's edge): the body decides, the
/// label breaks ties and keeps empty columns where they are named.
const LABEL_PULL: f64 = 0.3;
/// How far (in lines) a word's start is compared with the starts of the
/// lines around it: a column's lines start at one position.
const ALIGN_REACH: usize = 2;
/// How far (in characters) left of a column edge a word may start and
/// still belong to that column when it runs over the edge: the converter
/// places a column's text on its character grid a few characters off.
const PUSHED_LEFT: usize = 4;
/// How far (in characters) left of a column edge a word may start and
/// still follow the word after it into that column, the lexicon deciding.
const PUSHED_FAR: usize = 12;
/// How many times more often a word must be written next to one
/// neighbour than the other for the pair to decide which column it is in.
const PAIR_ODDS: u32 = 2;
/// How many times more often a word must be written with the word after
/// it than with the word before it to leave its column for the next: the
/// lexicon folds case, so "Sở | Các Phòng" counts "cơ sở các" (64 to 10
/// for "phòng sở"), while a word truly pushed out is written with its
/// neighbour far more often ("Kế hoạch" 3,740 to "Sở Kế" 21).
const PUSH_ODDS: u32 = 8;
/// A pair seen in at least one of this many uses of a word is common
/// enough to keep the word with its neighbour.
const PAIR_SHARE: u64 = 100;

fn char_at(x: f64) -> usize {
    (x / CHAR).round().max(0.0) as usize
}

/// Column edges from the body's gutters: the converter places each
/// column's lines at one character position, which may differ from the
/// header's (a bold or centred header sits on a grid of its own) and from
/// page to page. Every position scores the words that start there (more
/// after a column-wide gap) less the words that run over it; the edges are
/// the increasing positions with the best total score, each between the
/// labels of its neighbouring columns and drawn towards its own label.
fn body_edges(body: &[TextLine], found: &Aligned) -> Vec<f64> {
    let labels: Vec<(usize, usize)> = found.labels.iter().map(|&(a, b)| (char_at(a), char_at(b))).collect();
    let n = found.edges.len();
    if labels.len() != n || body.is_empty() {
        return found.edges.clone();
    }
    let width = body.iter().map(|l| char_at(l.x1)).chain(labels.iter().map(|l| l.1)).max().unwrap_or(0) + 2;
    let score = gutter_scores(body, width);
    let first = char_at(found.edges[0]);
    let range = |k: usize| {
        let lo = labels[k - 1].1.max(first + 2);
        let hi = labels.get(k + 1).map_or(width, |l| l.0.saturating_sub(1)).min(width);
        (lo, hi)
    };
    let targets: Vec<usize> = labels.iter().map(|l| l.0).collect();
    match best_edges(&score, first, &targets, range) {
        Some(edges) => {
            let mut edges: Vec<f64> = edges.iter().map(|&e| e as f64 * CHAR).collect();
            edges[0] = found.edges[0];
            edges
        }
        None => found.edges.clone(),
    }
}

/// Per character position, how much the lines' words vote for a column
/// edge there: the words that start there (more after a column-wide gap)
/// less the words that run over it.
fn gutter_scores(body: &[TextLine], width: usize) -> Vec<f64> {
    let mut score = vec![0.0f64; width + 1];
    for line in body {
        let mut previous_end: Option<usize> = None;
        for w in &line.words {
            let (a, b) = (char_at(w.x0).min(width), char_at(w.x1).min(width));
            let strong = previous_end.is_none_or(|e| a >= e + 2);
            score[a] += if strong { STRONG_START } else { 1.0 };
            for s in &mut score[(a + 1).min(b)..b] {
                *s -= CROSSING;
            }
            previous_end = Some(b);
        }
    }
    score
}

/// The increasing edges (two characters apart or more) with the best total
/// score, edge 0 at `first` and edge k within `range(k)`, each drawn
/// towards `targets[k]` by [`LABEL_PULL`] per character.
fn best_edges(
    score: &[f64],
    first: usize,
    targets: &[usize],
    range: impl Fn(usize) -> (usize, usize),
) -> Option<Vec<usize>> {
    let width = score.len() - 1;
    let n = targets.len();
    // best[k][p]: the best total for edges 1..=k with edge k at p, and
    // where edge k-1 then stands.
    let mut best: Vec<Vec<Option<(f64, usize)>>> = vec![vec![None; width + 1]; n];
    best[0][first.min(width)] = Some((0.0, first));
    for k in 1..n {
        let (lo, hi) = range(k);
        // The best of the previous column's edges left of each position.
        let mut running: Option<(f64, usize)> = None;
        let mut prefix: Vec<Option<(f64, usize)>> = vec![None; width + 1];
        for q in 0..=width {
            if let Some((v, _)) = best[k - 1][q] {
                if running.is_none_or(|(r, _)| v > r) {
                    running = Some((v, q));
                }
            }
            prefix[q] = running;
        }
        for p in lo..=hi.min(width) {
            // The previous edge at least two characters to the left.
            if let Some((v, q)) = p.checked_sub(2).and_then(|i| prefix[i]) {
                let pull = LABEL_PULL * (p as f64 - targets[k] as f64).abs();
                best[k][p] = Some((v + score[p] - pull, q));
            }
        }
    }
    let (end, _) = (0..=width).filter_map(|p| best[n - 1][p].map(|(v, _)| (p, v))).fold(
        None,
        |acc: Option<(usize, f64)>, (p, v)| match acc {
            Some((_, a)) if a >= v => acc,
            _ => Some((p, v)),
        },
    )?;
    let mut edges = vec![first; n];
    let mut at = end;
    for k in (1..n).rev() {
        edges[k] = at;
        at = best[k][at].map_or(first, |(_, q)| q);
    }
    Some(edges)
}

/// How far (in characters) a row's own column edges may stand from the
/// page's: the converter prints a row on a grid of its own, up to 11
/// characters narrower in sample 000.
const ROW_GRID_REACH: usize = 12;
/// How much better a row's own edges must score than the page's for the
/// row to keep them (a line's strong start), and how far one of them at
/// least must stand from the page's (one character is the grid's own
/// rounding: "Sở Kế | hoạch" stays on the page's grid).
const ROW_GRID_MARGIN: f64 = STRONG_START;
const ROW_GRID_SHIFT: usize = 2;
/// How many more of the row's lines must start at its own edges after a
/// gap than at the page's.
const ROW_GRID_LINES: usize = 2;

/// Rows the converter printed on a character grid of their own (sample
/// 000's row "1     1.1. Ban hành    2.1. Ban hành 3.1. Xây dựng    Kế
/// hoạch    Văn phòng Sở Các Phòng, Sau khi UBND", every column a few
/// characters left of the page's): per block of lines from a line with
/// text in the first column to the next (not the lines under a header
/// before its first row, which may be its wrapped labels), the block's own
/// gutters place the edges (each within [`ROW_GRID_REACH`] of the page's,
/// drawn towards the header's labels). The block keeps them where they
/// score better than the page's edges by [`ROW_GRID_MARGIN`] or more, with
/// [`ROW_GRID_LINES`] more lines starting at them after a gap, and one of
/// them [`ROW_GRID_SHIFT`] characters or more away. Returns the blocks
/// that keep their own edges: (first line, end, edges).
fn row_grids(rows: &[TextLine], from: usize, edges: &[f64], found: &Aligned) -> Vec<(usize, usize, Vec<f64>)> {
    let edge_chars: Vec<usize> = edges.iter().map(|&e| char_at(e)).collect();
    let (Some(&second), true) = (edge_chars.get(1), found.labels.len() == edges.len()) else { return Vec::new() };
    let targets: Vec<usize> = found.labels.iter().map(|l| char_at(l.0)).collect();
    let starts_row = |l: &TextLine| l.words.first().is_some_and(|w| char_at(w.x0) < second && char_at(w.x1) <= second);
    let mut bounds: Vec<usize> = (from..rows.len()).filter(|&i| i == from || starts_row(&rows[i])).collect();
    bounds.push(rows.len());
    let mut out = Vec::new();
    for pair in bounds.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        // Under a header, the lines before the first row may be its
        // labels wrapped, which stand on the header's grid.
        if b - a < 2 || a == from && from > 0 && !starts_row(&rows[a]) {
            continue;
        }
        let block = &rows[a..b];
        let width = block.iter().map(|l| char_at(l.x1)).chain(edge_chars.iter().copied()).max().unwrap_or(0)
            + ROW_GRID_REACH
            + 2;
        let score = gutter_scores(block, width);
        let range = |k: usize| {
            (edge_chars[k].saturating_sub(ROW_GRID_REACH).max(edge_chars[0] + 2), edge_chars[k] + ROW_GRID_REACH)
        };
        let Some(own) = best_edges(&score, edge_chars[0], &targets, range) else { continue };
        // A row's own grid takes no text of the later columns into the
        // first: a word the page's edges put right of the first column
        // stays right of it (a row whose number stands between its task's
        // lines, the task on a grid of its own, was cut in two).
        let takes = block.iter().flat_map(|l| &l.words).any(|w| {
            let a = char_at(w.x0);
            a >= second && a < own[1]
        });
        if takes {
            continue;
        }
        let total = |e: &[usize]| e.iter().skip(1).map(|&p| score[p.min(width)]).sum::<f64>();
        let moved = own.iter().zip(&edge_chars).any(|(&o, &e)| o.abs_diff(e) >= ROW_GRID_SHIFT);
        // Lines starting a column after a gap: the row's own grid must be
        // made of them, not of words a space after the text before.
        let mut strong = vec![0usize; width + 1];
        for line in block {
            let mut previous_end: Option<usize> = None;
            for w in &line.words {
                let a = char_at(w.x0).min(width);
                if previous_end.is_none_or(|e| a >= e + 2) {
                    strong[a] += 1;
                }
                previous_end = Some(char_at(w.x1));
            }
        }
        let aligned = |e: &[usize]| e.iter().skip(1).map(|&p| strong[p.min(width)]).sum::<usize>();
        if moved
            && total(&own) >= total(&edge_chars) + ROW_GRID_MARGIN
            && aligned(&own) >= aligned(&edge_chars) + ROW_GRID_LINES
        {
            let mut own: Vec<f64> = own.iter().map(|&e| e as f64 * CHAR).collect();
            own[0] = edges[0];
            out.push((a, b, own));
        }
    }
    out
}

/// Each line's words by column. A line's text breaks into cells at a
/// column-wide gap, at a word that starts where the lines around it start
/// a column (the converter closed the gap to one space), and at a word
/// that starts just left of a column edge and runs over it; each piece
/// goes to the column whose edge is nearest its start, and a piece that
/// would not go right of the piece before joins it. A title in capitals
/// running across columns stays whole.
fn split_lines(lines: &[TextLine], edges: &[f64], labels: &[usize]) -> Vec<Vec<Option<TextLine>>> {
    let columns = edges.len();
    let edge_chars: Vec<usize> = edges.iter().map(|&e| char_at(e)).collect();
    // Per line, per word: its start and whether it starts after a
    // column-wide gap (or the line's start).
    let starts: Vec<Vec<(usize, bool)>> = lines
        .iter()
        .map(|line| {
            let mut previous_end: Option<usize> = None;
            line.words
                .iter()
                .map(|w| {
                    let a = char_at(w.x0);
                    let strong = previous_end.is_none_or(|e| a >= e + 2);
                    previous_end = Some(char_at(w.x1));
                    (a, strong)
                })
                .collect()
        })
        .collect();
    // A word is aligned when it starts after a gap, or where an aligned
    // word of a line at most ALIGN_REACH away starts.
    let mut aligned: Vec<Vec<bool>> = starts.iter().map(|s| s.iter().map(|&(_, strong)| strong).collect()).collect();
    loop {
        let mut changed = false;
        for i in 0..lines.len() {
            for j in 0..starts[i].len() {
                if aligned[i][j] {
                    continue;
                }
                let at = starts[i][j].0;
                let near = (i.saturating_sub(ALIGN_REACH)..(i + ALIGN_REACH + 1).min(lines.len()))
                    .filter(|&k| k != i)
                    .any(|k| starts[k].iter().zip(&aligned[k]).any(|(&(a, _), &al)| al && a == at));
                if near {
                    aligned[i][j] = true;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    // A piece a space after the text before it, in a column where no line
    // at most ALIGN_REACH away starts text after a gap, that ends before
    // the column's header label starts, is the end of the line before it,
    // not a cell ("trực tuyến đạt từ" where other rows of the page put the
    // task column's edge at "từ"; the label and the rows around it say the
    // column starts further right).
    let held = |i: usize, k: usize| {
        let (from, to) =
            (edge_chars[k].saturating_sub(PUSHED_LEFT), edge_chars.get(k + 1).copied().unwrap_or(usize::MAX));
        (i.saturating_sub(ALIGN_REACH)..(i + ALIGN_REACH + 1).min(lines.len()))
            .any(|l| starts[l].iter().any(|&(a, strong)| strong && a >= from && a < to))
    };
    let stray = |i: usize, j: usize, k: usize| {
        let end = (j..lines[i].words.len())
            .take_while(|&m| m == j || !starts[i][m].1)
            .map(|m| char_at(lines[i].words[m].x1))
            .max()
            .unwrap_or(0);
        labels.len() == columns && end < labels[k] && !held(i, k)
    };
    let nearest =
        |at: usize| (0..columns).min_by_key(|&k| (at as i64 - edge_chars[k] as i64).unsigned_abs()).unwrap_or(0);
    let mut assigned: Vec<Vec<usize>> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let title = is_title(line, &edge_chars);
            let mut out: Vec<usize> = Vec::with_capacity(line.words.len());
            for (j, w) in line.words.iter().enumerate() {
                let (a, b) = (char_at(w.x0), char_at(w.x1));
                let strong = starts[i][j].1;
                // Runs over an edge it starts just left of.
                let pushed = edge_chars.iter().skip(1).position(|&e| a < e && b > e && a + PUSHED_LEFT >= e);
                // A line's first word ending before the second column's edge
                // (a number centred in a narrow first column) is in the
                // first column.
                let first_column = j == 0 && edge_chars.get(1).is_some_and(|&e| b <= e);
                let to = if first_column { 0 } else { pushed.map_or_else(|| nearest(a), |k| k + 1) };
                let column = match out.last() {
                    None => to,
                    Some(&c) => {
                        let at_edge = edge_chars.iter().skip(1).any(|&e| e == a);
                        // Text starting right of the next column's edge is
                        // no longer in this column, unless it runs on to
                        // the line's end (a cell spanning columns).
                        let last_run = starts[i][j..].iter().all(|&(_, strong)| !strong);
                        let beyond = !last_run && edge_chars.get(c + 1).is_some_and(|&e| a > e);
                        let breaks = strong || (!title && (aligned[i][j] || at_edge || beyond || pushed.is_some()));
                        if breaks && to > c && (strong || !stray(i, j, to)) {
                            to
                        } else {
                            c
                        }
                    }
                };
                out.push(column);
            }
            out
        })
        .collect();
    // How far each column's text reaches where it is clearly apart from
    // the next column's (two or more spaces, or nothing after it).
    let mut reach: Vec<Option<usize>> = vec![None; columns];
    for (line, columns_of) in lines.iter().zip(&assigned).filter(|(line, _)| !is_title(line, &edge_chars)) {
        for (j, w) in line.words.iter().enumerate() {
            let c = columns_of[j];
            let last_of_piece = columns_of.get(j + 1).is_none_or(|&next| next != c);
            let apart = line.words.get(j + 1).is_none_or(|n| char_at(n.x0) >= char_at(w.x1) + 2);
            let inside = edge_chars.get(c + 1).is_none_or(|&e| char_at(w.x1) < e);
            if last_of_piece && apart && inside {
                reach[c] = Some(reach[c].map_or(char_at(w.x1), |r| r.max(char_at(w.x1))));
            }
        }
    }
    // A word that starts just left of the next column's edge and ends at
    // most one space before it may have been pushed left out of the next
    // column (with the words after it in its piece). The words decide: it
    // goes with the word it is more often written next to (the lexicon's
    // pair counts: "Sở | Kế hoạch" moves, "kết quả | Trong" stays); where
    // neither pair is known, it moves when it reaches further right than
    // its column's text ever does clearly apart from the next column.
    let lexicon = &*kehoach_vi::diacritics::BUILTIN;
    // How often two words stand together; `None` where one is no word
    // the lexicon knows (a number, a code).
    let pair = |a: &Word, b: &Word| {
        let (a, b) = (normal_word(a), normal_word(b));
        (lexicon.count(&a) > 0 && lexicon.count(&b) > 0).then(|| lexicon.pair_count(&a, &b))
    };
    for (i, (line, columns_of)) in
        lines.iter().zip(assigned.iter_mut()).enumerate().filter(|(_, (line, _))| !is_title(line, &edge_chars))
    {
        for j in 0..line.words.len() {
            let c = columns_of[j];
            let Some(&e) = edge_chars.get(c + 1) else { continue };
            let (a, b) = (char_at(line.words[j].x0), char_at(line.words[j].x1));
            let tight = line.words.get(j + 1).is_some_and(|n| char_at(n.x0) <= b + 1);
            if !(a < e && a + PUSHED_LEFT >= e && b + 1 >= e && tight) || stray(i, j, c + 1) {
                continue;
            }
            // A row's number first on its line in the first column ("1.2
            // HĐND tỉnh …", one space before its task) is no word pushed
            // out of the task's column.
            if j == 0 && c == 0 && starts_number(&format!("{} ", line.words[0].text)) {
                continue;
            }
            let before =
                if j > 0 && columns_of[j - 1] == c { pair(&line.words[j - 1], &line.words[j]) } else { Some(0) };
            let after = line.words.get(j + 1).and_then(|next| pair(&line.words[j], next));
            // Where only one neighbour is a word (the other a number or a
            // code), the word stays with it when they are written together
            // in at least one of a hundred of the word's uses, else goes
            // with the other ("bộ, công | 2021" stays, "chính | năm 2021"
            // and "pháp | Quý I/2021" go).
            let common =
                |n: u32| n > 0 && u64::from(n) * PAIR_SHARE >= u64::from(lexicon.count(&normal_word(&line.words[j])));
            let pushed = match (before, after) {
                (Some(stay), Some(go)) if go > PUSH_ODDS * stay => true,
                (Some(stay), Some(go)) if stay > PAIR_ODDS * go => false,
                (Some(stay), None) => !common(stay),
                (None, Some(go)) => common(go),
                _ => reach[c].is_some_and(|r| b > r),
            };
            if pushed {
                for column in columns_of[j..].iter_mut().take_while(|column| **column == c) {
                    *column = c + 1;
                }
            }
        }
        // An ampersand joins the names on both sides of it ("KT &
        // TDTHPL"): one a space before a word that went to the next column,
        // and at most PUSHED_LEFT left of that column's edge, goes with it.
        for j in 0..line.words.len().saturating_sub(1) {
            let c = columns_of[j];
            let (Some(&e), next) = (edge_chars.get(c + 1), &line.words[j + 1]) else { continue };
            let (a, b) = (char_at(line.words[j].x0), char_at(line.words[j].x1));
            if line.words[j].text == "&"
                && columns_of[j + 1] == c + 1
                && char_at(next.x0) <= b + 1
                && a + PUSHED_LEFT >= e
            {
                columns_of[j] = c + 1;
            }
        }
        // Words the converter pushed further left with the word after them
        // ("Chi cục Tiêu Văn | phòng Sở", one space apart, the cell five
        // characters left of its column): right to left, a word in
        // capitals one space before a word in lower case that went to the
        // next column follows it where the lexicon writes the two together
        // more than twice as often as the word with the one before it
        // ("Văn phòng" against "Tiêu Văn").
        for j in (1..line.words.len().saturating_sub(1)).rev() {
            let c = columns_of[j];
            let Some(&e) = edge_chars.get(c + 1) else { continue };
            let (a, b) = (char_at(line.words[j].x0), char_at(line.words[j].x1));
            let next = &line.words[j + 1];
            let follows = columns_of[j + 1] == c + 1 && char_at(next.x0) <= b + 1 && char_at(next.x0) < e;
            // A cell's text starts with a capital: the piece that went over
            // starts in lower case ("phòng Sở"), the word before it in
            // capitals ("Văn"); "công | Báo cáo", "và | chấp hành" stay.
            let capital = |w: &Word| w.text.chars().next().is_some_and(char::is_uppercase);
            let lower = |w: &Word| w.text.chars().next().is_some_and(char::is_lowercase);
            let cut = capital(&line.words[j]) && lower(next);
            if !follows || !cut || columns_of[j - 1] != c || a + PUSHED_FAR < e {
                continue;
            }
            let before = pair(&line.words[j - 1], &line.words[j]);
            let after = pair(&line.words[j], next);
            if let (Some(stay), Some(go)) = (before, after) {
                if go > PAIR_ODDS * stay {
                    columns_of[j] = c + 1;
                }
            }
        }
    }
    lines
        .iter()
        .zip(&assigned)
        .map(|(line, columns_of)| {
            let mut per: Vec<Vec<Word>> = vec![Vec::new(); columns];
            for (w, &c) in line.words.iter().zip(columns_of) {
                per[c].push(w.clone());
            }
            per.into_iter().map(|words| TextLine::from_words(words, line.y, line.size)).collect()
        })
        .collect()
}

/// Cells the converter printed with no space between them ("Tăng
/// cường3.7.", "việcUBND"): a word that runs over a column edge and changes
/// there from a lower-case letter to a digit or a capital, where the part
/// before the edge is a word the lexicon knows and the whole is none, is
/// two words, the second starting at the edge. (No Vietnamese word has a
/// capital or a digit after a lower-case letter.)
fn unglue(mut lines: Vec<TextLine>, edges: &[f64]) -> Vec<TextLine> {
    let lexicon = &*kehoach_vi::diacritics::BUILTIN;
    let edge_chars: Vec<usize> = edges.iter().skip(1).map(|&e| char_at(e)).collect();
    for line in &mut lines {
        let mut words = Vec::with_capacity(line.words.len());
        let mut changed = false;
        for w in std::mem::take(&mut line.words) {
            let (a, b) = (char_at(w.x0), char_at(w.x1));
            let cut = edge_chars.iter().find_map(|&e| {
                if !(a < e && e < b) {
                    return None;
                }
                let chars: Vec<char> = w.text.chars().collect();
                let (left, right) = (chars[e - a - 1], chars[e - a]);
                let turns = left.is_lowercase() && (right.is_ascii_digit() || right.is_uppercase());
                let head: String = chars[..e - a].iter().collect();
                let known = |s: &str| lexicon.count(&kehoach_vi::diacritics::normal(s)) > 0;
                (turns && known(&head) && !known(&w.text)).then_some((
                    e,
                    head,
                    chars[e - a..].iter().collect::<String>(),
                ))
            });
            match cut {
                Some((e, head, tail)) => {
                    words.push(Word { text: head, x0: w.x0, x1: e as f64 * CHAR });
                    words.push(Word { text: tail, x0: e as f64 * CHAR, x1: w.x1 });
                    changed = true;
                }
                None => words.push(w),
            }
        }
        if changed {
            if let Some(rebuilt) = TextLine::from_words(words, line.y, line.size) {
                *line = rebuilt;
            }
        } else {
            line.words = words;
        }
    }
    lines
}

/// A word as the lexicon keeps it, without the punctuation around it.
fn normal_word(w: &Word) -> String {
    kehoach_vi::diacritics::normal(w.text.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// A title running across columns: in capitals ("V    XÂY DỰNG VÀ NÂNG
/// CAO CHẤT LƯỢNG ĐỘI NGŨ …"), its words after the first following each
/// other at a space's distance; or, in any case, a group's label alone in
/// the first column ("A", "II", "1") and one run of words at a space's
/// distance across two or more column edges ("A    Ứng dụng công nghệ
/// thông tin trong hoạt động của đơn vị"), where no word after the label
/// starts an item (cells glued by the converter, "cường3.7.", are no title).
fn is_title(line: &TextLine, edges: &[usize]) -> bool {
    let tight = line.words.windows(2).skip(1).all(|w| w[1].x0 - w[0].x1 <= CHAR * 1.5);
    let letters: Vec<char> =
        line.words.iter().skip(1).flat_map(|w| w.text.chars()).filter(|c| c.is_alphabetic()).collect();
    if line.words.len() > 2 && letters.len() > 8 && letters.iter().all(|c| c.is_uppercase()) && tight {
        return true;
    }
    // A title in capitals with no label ("HẠ TẦNG SỐ", a group row merged
    // across the row), starting in the first column, its words a space
    // apart.
    let all_tight = line.words.windows(2).all(|w| w[1].x0 - w[0].x1 <= CHAR * 1.5);
    let all: Vec<char> = line.words.iter().flat_map(|w| w.text.chars()).filter(|c| c.is_alphabetic()).collect();
    let at_left = edges.get(1).is_some_and(|&e| line.words.first().is_some_and(|w| char_at(w.x0) < e));
    if line.words.len() > 2
        && all.len() >= UNLABELLED_TITLE
        && all.iter().all(|c| c.is_uppercase())
        && all_tight
        && at_left
    {
        return true;
    }
    let (Some(label), Some(second), Some(last)) = (line.words.first(), line.words.get(1), line.words.last()) else {
        return false;
    };
    let (start, end) = (char_at(second.x0), char_at(last.x1));
    let crossed = edges.iter().skip(1).filter(|&&e| e > start && e < end).count();
    let is_label = label.text.chars().count() <= TITLE_LABEL && label.text.chars().all(char::is_alphanumeric);
    let in_first = edges.get(1).is_some_and(|&e| char_at(label.x1) < e && start + 1 >= e);
    tight
        && is_label
        && in_first
        && line.words.len() > TITLE_WORDS
        && crossed >= 2
        && !line.words.iter().skip(1).any(|w| w.text.chars().any(|c| c.is_ascii_digit()) && w.text.contains('.'))
}

/// The fewest letters of a title in capitals without a label ("HẠ TẦNG
/// SỐ": 8).
const UNLABELLED_TITLE: usize = 8;

/// The longest group label a title in sentence case starts with ("III",
/// "A", "12"), and how many words must follow it.
const TITLE_LABEL: usize = 4;
const TITLE_WORDS: usize = 4;

impl Columns {
    /// The header's labels wrapped onto more lines: on a character grid the
    /// wrap cannot be told from a new row by widths. Under the first header,
    /// rows without a first cell are the header going on; under a header
    /// repeated on a later page, a cell goes to the header where it gives
    /// the first header's label again, and the rest of its row is a row cut
    /// by the page break.
    fn join_header_lines(&mut self, table: &mut Table, labels_above: bool) {
        let join = |a: &str, b: &str| if a.is_empty() { b.to_string() } else { format!("{a} {b}") };
        // Label lines above the header line made a row of their own, with
        // no first cell: they are the header's upper lines ("Thời gian"
        // over "hoàn thành"), joined to the header line's row.
        let upper = |table: &Table| {
            labels_above
                && table.rows.len() > 2
                && table.rows[0].cells.len() == table.rows[1].cells.len()
                && table.rows[0].cells.first().is_some_and(|c| c.text.is_empty())
                && table.rows[1].cells.first().is_some_and(|c| !c.text.is_empty())
        };
        if upper(table) {
            let below = table.rows.remove(1);
            for (cell, more) in table.rows[0].cells.iter_mut().zip(below.cells) {
                cell.text = join(&cell.text, &more.text);
            }
        }
        self.split_cut_row(table);
        // The first label cut mid-word ("ST" over "T", unseen4's narrow
        // number column) leaves its rest where a row's number would be.
        let cut_label = |table: &Table| match (table.rows[0].cells.first(), table.rows[1].cells.first()) {
            (Some(label), Some(rest)) => {
                let capitals = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphabetic() && c.is_uppercase());
                capitals(&label.text) && capitals(&rest.text) && format!("{}{}", label.text, rest.text) == "STT"
            }
            _ => false,
        };
        // A row with a cell that starts with an item number ("1. Cải cách
        // thể chế", a group's title under the header) is the first row,
        // no label: a header's label does not start with one.
        let numbered = |table: &Table| table.rows[1].cells.iter().any(|c| starts_number(&c.text));
        while table.rows.len() > 2
            && !numbered(table)
            && (table.rows[1].cells.first().is_some_and(|c| c.text.is_empty()) || cut_label(table))
        {
            if table.rows[1].cells.len() != table.rows[0].cells.len() {
                break;
            }
            let mut moved = false;
            for c in 0..table.rows[0].cells.len() {
                let more = table.rows[1].cells[c].text.clone();
                if more.is_empty() {
                    continue;
                }
                let joined = join(&table.rows[0].cells[c].text, &more);
                let fits = match &self.header {
                    None => true,
                    Some(first) => first.get(c).is_some_and(|label| label.starts_with(&joined)),
                };
                if fits {
                    table.rows[0].cells[c].text = joined;
                    table.rows[1].cells[c].text.clear();
                    moved = true;
                } else if let Some(rest) = self.label_rest(c, &table.rows[0].cells[c].text, &more) {
                    // The label's last words ran into the first line of a
                    // row cut by the page break: they go back to the header.
                    table.rows[0].cells[c].text = joined[..joined.len() - more.len() + rest.len()].to_string();
                    table.rows[1].cells[c].text = more[rest.len()..].trim_start().to_string();
                    moved = true;
                }
            }
            if table.rows[1].cells.iter().all(|c| c.text.is_empty()) {
                table.rows.remove(1);
            } else {
                break;
            }
            if !moved {
                break;
            }
        }
        if self.header.is_none() {
            self.header = Some(table.rows[0].cells.iter().map(|c| c.text.clone()).collect());
        }
    }

    /// Under a header repeated on a later page, a header cell that runs on
    /// past the first header's label took the first lines of a row cut by
    /// the page break (a column of numbered cells goes on at lines that
    /// start no item): what follows the label becomes a row of its own
    /// under the header, for the parser to join to the cut row.
    fn split_cut_row(&self, table: &mut Table) {
        let Some(first) = &self.header else { return };
        let Some(header) = table.rows.first() else { return };
        let rests: Vec<Option<(String, String)>> = header
            .cells
            .iter()
            .zip(first)
            .map(|(cell, label)| {
                let rest = after_words(&cell.text, label)?.trim_start();
                (!rest.is_empty())
                    .then(|| (cell.text[..cell.text.len() - rest.len()].trim_end().to_string(), rest.to_string()))
            })
            .collect();
        if rests.iter().all(Option::is_none) {
            return;
        }
        let mut row = header.clone();
        row.header = false;
        for (c, rest) in rests.into_iter().enumerate() {
            row.cells[c].text = match rest {
                Some((label, rest)) => {
                    table.rows[0].cells[c].text = label;
                    rest
                }
                None => String::new(),
            };
            row.cells[c].row_span = 1;
            row.cells[c].merged_above = false;
        }
        table.rows.insert(1, row);
    }

    /// Where a repeated header's label in column `c` stops short of the
    /// first header's (`have`) and the cell below (`more`) starts with the
    /// words missing, those words.
    fn label_rest<'a>(&self, c: usize, have: &str, more: &'a str) -> Option<&'a str> {
        let label = self.header.as_ref()?.get(c)?;
        let rest = if have.is_empty() { label.as_str() } else { label.strip_prefix(have)?.strip_prefix(' ')? };
        let after = more.strip_prefix(rest)?;
        (!rest.is_empty() && (after.is_empty() || after.starts_with(char::is_whitespace))).then(|| &more[..rest.len()])
    }
}

/// The rest of `text` after the words of `label` (whitespace between
/// words may differ), or `None` where `text` does not start with them.
fn after_words<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    let mut rest = text;
    for word in label.split_whitespace() {
        rest = rest.trim_start().strip_prefix(word)?;
    }
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(rest)
}

/// Gives the table's rows and cells text locations (line, column) instead
/// of page positions: a row's line is its first line.
fn relocate(table: &mut Table, at: usize, first: usize) {
    let line_of = |location: &Location| {
        let top = location.bbox.map_or(0.0, |b| f64::from(b[1]));
        // Lines sit at y = (index - at + 1) * PITCH and their box's top at
        // y - SIZE.
        let index = at + ((top + SIZE) / PITCH).round() as usize - 1;
        u32::try_from(index + 1).unwrap_or(u32::MAX)
    };
    for row in &mut table.rows {
        let line = line_of(&row.location);
        row.location = Location::line(line);
        for (c, cell) in row.cells.iter_mut().enumerate() {
            cell.location = Location::line_column(line, u32::try_from(c + 1).unwrap_or(u32::MAX));
        }
    }
    table.location = Location::line(u32::try_from(first + 1).unwrap_or(u32::MAX));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdftotext_layout_table() {
        let text = "\
                    KẾ HOẠCH

TT   Nhiệm vụ              Sản phẩm              Tiến độ
I    CẢI CÁCH THỂ CHẾ
1    Hoàn thành đúng tiến  Hồ sơ trình ban hành  Quý II/2021
     độ, đảm bảo chất      văn bản QPPL
     lượng
2    Xây dựng và trình Sở Kế hoạch công tác     Quý I/2021
     ban hành
\u{c}TT   Nhiệm vụ              Sản phẩm              Tiến độ
3    Rà soát               Báo cáo               Quý III/2021";
        let lines: Vec<&str> = text.split('\n').collect();
        let mut columns = Columns::default();
        assert!(columns.table_at(&lines, 0).is_none());
        let found = columns.table_at(&lines, 2).expect("a table");
        assert_eq!(found.end, 9, "up to the page's end");
        let Block::Table(t) = &found.blocks[0] else { panic!("a table") };
        let texts: Vec<Vec<&str>> = t.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(texts[0], ["TT", "Nhiệm vụ", "Sản phẩm", "Tiến độ"]);
        assert_eq!(texts[1][..2], ["I", "CẢI CÁCH THỂ CHẾ"]);
        assert_eq!(
            texts[2],
            ["1", "Hoàn thành đúng tiến độ, đảm bảo chất lượng", "Hồ sơ trình ban hành văn bản QPPL", "Quý II/2021"]
        );
        assert_eq!(texts[3], ["2", "Xây dựng và trình Sở ban hành", "Kế hoạch công tác", "Quý I/2021"]);
        assert_eq!(t.rows[2].cells[1].location, Location::line_column(5, 2));
        assert!(matches!(found.blocks[1], Block::PageBreak(_)));
        let next = columns.table_at(&lines, 9).expect("the next page's part");
        let Block::Table(t) = &next.blocks[0] else { panic!("a table") };
        assert_eq!(t.rows[1].cells[1].text, "Rà soát");
    }

    /// unseen8's layout text: the footer "Trang 3/6" printed at a page's
    /// foot inside a table's run is no row (it was a row of its own, read
    /// as a deadline), and the table goes on on the next page.
    #[test]
    fn a_page_number_at_the_page_s_foot_is_no_row() {
        let text = "\
TT   Nhiệm vụ              Sản phẩm              Tiến độ
1    Hoàn thành đúng tiến  Hồ sơ trình ban hành  Quý II/2021
     độ
2    Xây dựng kế hoạch     Kế hoạch công tác     Quý I/2021


                                Trang 3/6
\u{c}TT   Nhiệm vụ              Sản phẩm              Tiến độ
3    Rà soát               Báo cáo               Quý III/2021";
        let lines: Vec<&str> = text.split('\n').collect();
        let mut columns = Columns::default();
        let found = columns.table_at(&lines, 0).expect("a table");
        assert_eq!(found.end, 7, "up to the page's end, its footer included");
        let Block::Table(t) = &found.blocks[0] else { panic!("a table") };
        let texts: Vec<Vec<&str>> = t.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert_eq!(texts[2], ["2", "Xây dựng kế hoạch", "Kế hoạch công tác", "Quý I/2021"]);
        assert!(matches!(found.blocks[1], Block::PageBreak(_)));
        assert!(columns.table_at(&lines, 7).is_some(), "the next page goes on with the table");
    }

    /// A header's label lines above its header line ("Thời gian" over
    /// "hoàn thành", as pdftotext prints a two-row header whose other
    /// labels are centred lower) made a row with no first cell: they are
    /// the header's, joined to the header line's row.
    #[test]
    fn label_lines_above_the_header_line_are_the_header_s() {
        let text = "                      Thời gian
STT   Nội dung        hoàn thành     Chủ trì

1     Rà soát         Quý I          Sở Tư pháp

2     Kiểm tra        Quý II         Văn phòng";
        let rows = rows(text);
        assert_eq!(rows[0], ["STT", "Nội dung", "Thời gian hoàn thành", "Chủ trì"], "{rows:?}");
        assert_eq!(rows[1], ["1", "Rà soát", "Quý I", "Sở Tư pháp"]);
        assert_eq!(rows.len(), 3);
    }

    /// unseen8's two-row header: "Thời gian thực hiện" over "Bắt đầu" and
    /// "Hoàn thành" (wrapped). The sub-labels make two columns, each headed
    /// by the label and its sub-label, though most rows fill only the
    /// second (the body's gutters put the column's edge there); a cell
    /// right of them stays in its column.
    #[test]
    fn sub_labels_under_a_label_split_its_column() {
        let text = "\
TT   Nhiệm vụ              Thời gian thực hiện    Chủ trì
                           Bắt đầu     Hoàn
                                       thành
1    Rà soát thủ tục       Tháng       Quý        Văn phòng Sở
                           01/2034     I/2034
2    Giải quyết hồ sơ                  Thường     Văn phòng Sở
                                       xuyên
3    Số hóa kết quả                    Quý        Phòng Dược
                                       II/2034";
        let lines: Vec<&str> = text.split('\n').collect();
        let found = Columns::default().table_at(&lines, 0).expect("a table");
        let Block::Table(t) = &found.blocks[0] else { panic!("a table") };
        let texts: Vec<Vec<&str>> = t.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(
            texts[0],
            ["TT", "Nhiệm vụ", "Thời gian thực hiện: Bắt đầu", "Thời gian thực hiện: Hoàn thành", "Chủ trì"]
        );
        assert_eq!(texts[1], ["1", "Rà soát thủ tục", "Tháng 01/2034", "Quý I/2034", "Văn phòng Sở"]);
        assert_eq!(texts[2], ["2", "Giải quyết hồ sơ", "", "Thường xuyên", "Văn phòng Sở"]);
        assert_eq!(texts.len(), 4);
    }

    /// A header whose labels wrap over three lines, with blank lines
    /// between the rows of a ruled table, starts the table; a header with
    /// one body line among its next six lines with text does not.
    #[test]
    fn a_header_over_padded_rows_starts_a_table() {
        let text = "\
TT   Nội dung công việc     Sản phẩm            Thời gian
                                                hoàn
                                                thành

(1)  (2)                    (3)                 (4)

1    Rà soát văn bản        Báo cáo             Quý II

2    Công khai thủ tục      Thủ tục được        Thường xuyên
                            công khai";
        let lines: Vec<&str> = text.split('\n').collect();
        let found = Columns::default().table_at(&lines, 0).expect("a table");
        let Block::Table(t) = &found.blocks[0] else { panic!("a table") };
        assert_eq!(t.rows[0].cells[3].text, "Thời gian hoàn thành");
        assert_eq!(t.rows.last().expect("rows").cells[2].text, "Thủ tục được công khai");
        let lone: Vec<&str> =
            lines[..5].iter().copied().chain(["", "Đoạn văn sau bảng.", "", "Một đoạn nữa."]).collect();
        assert!(Columns::default().table_at(&lone, 0).is_none());
    }

    /// The texts of each row of the first table found from line 0.
    fn rows(text: &str) -> Vec<Vec<String>> {
        rows_under(text, None)
    }

    /// [`rows`] of a table whose first header, on an earlier page, had
    /// the labels `first`.
    fn rows_under(text: &str, first: Option<&[&str]>) -> Vec<Vec<String>> {
        let lines: Vec<&str> = text.split('\n').collect();
        let header = first.map(|labels| labels.iter().map(|l| l.to_string()).collect());
        let found = Columns { open: None, header, break_owed: false }.table_at(&lines, 0).expect("a table");
        let Block::Table(t) = &found.blocks[0] else { panic!("a table") };
        t.rows.iter().map(|r| r.cells.iter().map(|c| c.text.replace('\n', " ")).collect()).collect()
    }

    /// Sample 000's cells printed with no space between them: the word
    /// is cut at the edge where a lower-case letter meets a digit or a
    /// capital ("cường3.7.", "việcUBND"); not where the edge falls
    /// elsewhere in it, nor in a word the lexicon knows.
    #[test]
    fn cells_glued_at_a_column_edge_are_cut_there() {
        let header = "TT   Mục tiêu       Nhiệm vụ  Hoạt động      Tiến độ\n";
        let row = "3    Kiểm tra       Rà soát   Báo cáo        Quý III\n";
        let texts = rows(&format!(
            "{header}1    Nâng cao       Tăng cường3.7. Đôn đốc    Quý I\n2    Hoàn chỉnh     Trình việcUBND tỉnh      Quý II\n{row}{row}{row}"
        ));
        assert_eq!(texts[1][1..4], ["Nâng cao", "Tăng cường", "3.7. Đôn đốc"], "{texts:?}");
        assert_eq!(texts[2][1..4], ["Hoàn chỉnh", "Trình việc", "UBND tỉnh"], "{texts:?}");
        let edges = [0.0, 5.0 * CHAR, 20.0 * CHAR];
        let glued = |text: &str| {
            let line = text_line(text, PITCH).expect("a line");
            unglue(vec![line], &edges)[0].words.iter().map(|w| w.text.clone()).collect::<Vec<_>>()
        };
        assert_eq!(glued("1    Tăng cường việcUBND"), ["1", "Tăng", "cường", "việc", "UBND"]);
        // The edge inside "UBND", not at the turn; "iPhone"-like turns
        // where the head is no word; a digit after a capital.
        assert_eq!(glued("1    Tăng cường việUBND"), ["1", "Tăng", "cường", "việUBND"]);
        assert_eq!(glued("1    Tăng cường xyzqUBND"), ["1", "Tăng", "cường", "xyzqUBND"]);
        assert_eq!(glued("1    Tăng cường QĐ3.7."), ["1", "Tăng", "cường", "QĐ3.7."]);
    }

    /// Sample 000's activities 3.17 and 3.18: the partners' cell of the
    /// second fills the line right under the first's last line, and widths
    /// say that line wrapped; but a cell does not begin again, so a line
    /// repeating its first line is the next row's cell.
    #[test]
    fn a_line_repeating_a_cell_s_first_line_starts_the_next_cell() {
        let text = "\
TT   Hoạt động        Chủ trì        Phối hợp
1    1.1. Rà soát     Văn phòng      Các Phòng,
     văn bản                         Trung tâm
     1.2. Kiểm tra    Thanh tra      Các Phòng,
                                     Trung tâm
     1.3. Báo cáo     Văn phòng";
        let texts = rows(text);
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert_eq!(texts[1][1..], ["1.1. Rà soát văn bản", "Văn phòng", "Các Phòng, Trung tâm"]);
        assert_eq!(texts[2][1..], ["1.2. Kiểm tra", "Thanh tra", "Các Phòng, Trung tâm"]);
        // Another text under it still goes on where widths say it wrapped.
        let texts = rows(&text.replacen("Thanh tra      Các Phòng,", "Thanh tra      Các Sở", 1));
        assert_eq!(texts[1][3], "Các Phòng, Trung tâm Các Sở Trung tâm", "{texts:?}");
    }

    /// Sample 000's row IV.2: the page's task column starts at 20 (rows 1
    /// and 2), the row's at 25, on a grid of its own; by the page's edges
    /// "viên", running over 20, went to the task. The row's own gutters
    /// place its edges; rows whose gutters agree with the page keep its.
    #[test]
    fn a_row_on_a_grid_of_its_own_is_split_by_its_own_edges() {
        let text = "\
TT   Mục tiêu            Nhiệm vụ          Chủ trì
1    Kiện toàn      Tiếp tục rà soát       Văn phòng
     cơ cấu         sắp xếp các phòng
     tổ chức        chuyên môn thuộc Sở
2    Tinh giản      Rà soát chức năng      Văn phòng
     biên chế       nhiệm vụ của Sở
     năm 2030       và đơn vị
3    Tinh giản           Thực hiện quy     Văn phòng
     01 biên chế viên    trình tinh
     chức.               giản biên chế";
        let texts = rows(text);
        assert_eq!(
            texts[1][1..3],
            ["Kiện toàn cơ cấu tổ chức", "Tiếp tục rà soát sắp xếp các phòng chuyên môn thuộc Sở"]
        );
        assert_eq!(
            texts[3][1..3],
            ["Tinh giản 01 biên chế viên chức.", "Thực hiện quy trình tinh giản biên chế"],
            "{texts:?}"
        );
        let lines: Vec<TextLine> =
            text.lines().enumerate().filter_map(|(i, l)| text_line(l, (i + 1) as f64 * PITCH)).collect();
        let found = aligned_table(&lines, None, true).expect("a table");
        let edges = body_edges(&lines[1..], &found);
        assert_eq!(edges.iter().map(|&e| char_at(e)).collect::<Vec<_>>(), [0, 5, 20, 43]);
        let own = row_grids(&lines, 1, &edges, &found);
        assert_eq!(own.len(), 1, "only row 3");
        assert_eq!((own[0].0, own[0].1), (7, 10));
        assert_eq!(own[0].2.iter().map(|&e| char_at(e)).collect::<Vec<_>>(), [0, 5, 25, 43]);
    }

    /// Sample 000's row III.1: "Sở" one space before the partners' "Các
    /// Phòng," stays with "Văn phòng": the lexicon writes "sở các" (as in
    /// "cơ sở các") six times as often as "phòng sở", short of the odds a
    /// word needs to leave its column; "Sở Kế | hoạch" (178 times) goes.
    #[test]
    fn a_word_leaves_its_column_only_on_strong_odds() {
        let text = "\
TT   Nội dung       Chủ trì      Phối hợp
1    Rà soát        Văn phòng Sở Các Phòng,
     văn bản                     Trung tâm
2    Kiểm tra       Văn phòng Sở
3    Báo cáo       Lãnh đạo Sở Kế hoạch";
        let texts = rows(text);
        assert_eq!(texts[1][2..], ["Văn phòng Sở", "Các Phòng, Trung tâm"], "{texts:?}");
        assert_eq!(texts[3][2..], ["Lãnh đạo Sở", "Kế hoạch"], "{texts:?}");
    }

    /// Sample 000's row 3.4: the lead's cell printed two characters left
    /// of its column ("Phòng XD, KT" / "& TDTHPL"), the "&" three left of
    /// the edge, a space before "TDTHPL": it goes with the name it joins.
    #[test]
    fn an_ampersand_goes_with_the_name_after_it() {
        let text = "\
TT   Sản phẩm             Chủ trì        Thời hạn
1    Hội nghị tập huấn    Phòng XD, KT   Quý II
2    Lồng ghép trong   Phòng XD, KT     Quý III
     kiểm tra cả CCHC & TDTHPL
3    Báo cáo              Văn phòng      Quý IV
4    Kế hoạch             Văn phòng      Quý I";
        let texts = rows(text);
        assert_eq!(texts[2][1..3], ["Lồng ghép trong kiểm tra cả CCHC", "Phòng XD, KT & TDTHPL"], "{texts:?}");
    }

    /// Sample 000's page going on with target 1.9: other rows of the page
    /// put the task column's edge at "từ" ("trực tuyến đạt từ"), but no
    /// line around it starts text in that column after a gap and the
    /// piece ends before the column's label: it ends the target's line.
    #[test]
    fn a_piece_short_of_an_empty_column_s_label_stays() {
        let text = "\
1    Kiện toàn      Tiếp tục rà soát       Thực hiện
     cơ cấu         sắp xếp các            sắp xếp
     tổ chức        phòng chuyên môn       các phòng
2    Tỷ lệ hồ sơ                           Rà soát
     thanh toán                            thủ tục
     trực tuyến đạt từ                     có yêu cầu
     50% trở lên.                          nghĩa vụ
     trong năm                             tài chính
3    Tinh giản      Thực hiện quy          Hoàn thiện";
        let lines: Vec<TextLine> =
            text.lines().enumerate().filter_map(|(i, l)| text_line(l, (i + 1) as f64 * PITCH)).collect();
        let edges = [0.0, 5.0 * CHAR, 20.0 * CHAR, 43.0 * CHAR];
        let texts = |labels: &[usize]| {
            split_lines(&lines, &edges, labels)[5]
                .iter()
                .map(|part| part.as_ref().map_or(String::new(), |l| l.text.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(&[0, 5, 25, 43]), ["", "trực tuyến đạt từ", "", "có yêu cầu"]);
        // With the label at the edge, the piece reaches it: a cell.
        assert_eq!(texts(&[0, 5, 20, 43]), ["", "trực tuyến", "đạt từ", "có yêu cầu"]);
        // A line around it starting the column after a gap: a cell.
        let near = text.replace("     thanh toán        ", "     thanh toán     Rà soát");
        let lines: Vec<TextLine> =
            near.lines().enumerate().filter_map(|(i, l)| text_line(l, (i + 1) as f64 * PITCH)).collect();
        let near = split_lines(&lines, &edges, &[0, 5, 25, 43]);
        assert_eq!(near[5][2].as_ref().map(|l| l.text.as_str()), Some("đạt từ"), "{:?}", near[5]);
    }

    #[test]
    fn a_group_title_in_sentence_case_stays_whole_across_two_edges_or_more() {
        let header = "TT   Mục tiêu       Nhiệm vụ       Sản phẩm       Tiến độ\n";
        let row = "1    Nâng cao       Ban hành       Kế hoạch       Quý I\n";
        // Across three edges: one title.
        let title = "A    Ứng dụng công nghệ thông tin trong hoạt động của đơn vị\n";
        let texts = rows(&format!("{header}{title}{row}{row}"));
        assert_eq!(texts[1][..3], ["A", "Ứng dụng công nghệ thông tin trong hoạt động của đơn vị", ""]);
        // Across one edge only: cells closed to a space, split as before.
        let texts = rows(&format!("{header}A    Ứng dụng công nghệ thông tin\n{row}{row}"));
        assert_eq!(texts[1][..3], ["A", "Ứng dụng công", "nghệ thông tin"]);
        // A label wider than a group's (four characters), cells glued by
        // the converter ("cường3.7."), fewer than four words after the
        // label or a column-wide gap among them: no title.
        let edges = [0, 5, 20, 35, 50];
        let title = |line: &str| is_title(&text_line(line, PITCH).expect("a line"), &edges);
        assert!(title("A    Ứng dụng công nghệ thông tin trong hoạt động của đơn vị"));
        assert!(title("III  Ứng dụng công nghệ thông tin trong hoạt động"));
        let wide = |line: &str| is_title(&text_line(line, PITCH).expect("a line"), &[0, 7, 20, 35, 50]);
        assert!(wide("XIII   Ứng dụng công nghệ thông tin trong hoạt động của đơn vị"));
        assert!(!wide("XVIII  Ứng dụng công nghệ thông tin trong hoạt động của đơn vị"));
        assert!(!title("A    Ứng dụng công nghệ thông tin cường3.7. hoạt động của đơn vị"));
        assert!(title("A    Ứng dụng công nghệthôngtintronghoạtđộng"));
        assert!(!title("A    Ứng dụng côngnghệthôngtintronghoạtđộng"));
        assert!(!title("A    Ứng dụng công  nghệ thông tin trong hoạt động của đơn vị"));
    }

    /// unseen4's appendix: a group row in capitals with no label, merged
    /// across the row ("HẠ TẦNG SỐ"), stays one cell; a short capital line,
    /// one with a column-wide gap, or one starting past the first column,
    /// is none.
    #[test]
    fn a_title_in_capitals_without_a_label_stays_whole() {
        let header = "TT   Nội dung       Chủ trì        Thời gian      Kinh phí\n";
        let row = "1    Nâng cấp       Văn phòng      Quý II         150\n";
        let texts = rows(&format!("{header}HẠ TẦNG SỐ\n{row}{row}"));
        assert_eq!(texts[1][..2], ["HẠ TẦNG SỐ", ""]);
        let edges = [0, 5, 20, 35, 50];
        let title = |line: &str| is_title(&text_line(line, PITCH).expect("a line"), &edges);
        assert!(title("DỮ LIỆU SỐ"));
        assert!(!title("UBND XÃ"), "two words");
        assert!(!title("HẠ TẦNG    SỐ"), "a column-wide gap");
        assert!(!title("     VĂN PHÒNG SỞ"), "past the first column");
        assert!(!title("Hạ tầng số hóa"), "not in capitals");
    }

    /// unseen4's section tables: a numbered heading or a paragraph in the
    /// table's way ends it, and the next header starts the next table; a
    /// footnote at the page's foot ends it too, and its next page goes on
    /// with the table after the footnote and a page break.
    #[test]
    fn prose_ends_a_table_and_a_footnote_leaves_it_open() {
        let text = "\
TT   Nội dung            Chủ trì       Thời hạn
1    Rà soát các quy     Tư pháp       Quý II
     định của xã
2    Tuyên truyền        Văn phòng     Thường
1 Kế hoạch số 210/KH-UBND ngày 25/12/2029 của UBND tỉnh.
\u{c}     pháp luật                         xuyên
3    Kiểm tra hương      Văn phòng     Tháng 10
2. Cải cách thủ tục hành chính
TT   Nội dung            Chủ trì       Thời hạn
1    Niêm yết thủ tục    Một cửa       Thường xuyên
2    Tự đánh giá         Văn phòng     Quý IV
Các nhiệm vụ chuyển đổi số tại Phụ lục kèm theo.";
        let lines: Vec<&str> = text.split('\n').collect();
        let mut columns = Columns::default();
        let first = columns.table_at(&lines, 0).expect("a table");
        assert_eq!(first.end, 4, "up to the footnote");
        assert_eq!(first.blocks.len(), 1);
        let next = columns.table_at(&lines, 5).expect("the next page's part");
        assert!(matches!(next.blocks[0], Block::PageBreak(_)), "after the footnote");
        let Block::Table(t) = &next.blocks[1] else { panic!("a table") };
        assert_eq!(t.rows.last().expect("rows").cells[1].text, "Kiểm tra hương");
        assert_eq!(next.end, 7, "up to the heading");
        let last = columns.table_at(&lines, 8).expect("the second table");
        assert_eq!(last.end, 11, "up to the paragraph");
        assert!(prose_line("2. Cải cách thủ tục hành chính"));
        assert!(!prose_line("NỀN TẢNG VÀ DỊCH VỤ SỐ"), "a title in capitals");
        assert!(!prose_line("1    Rà soát các quy định của xã"), "a row: a gap after its number");
        assert!(!prose_line("     định của xã không còn phù hợp"), "a cell's wrapped line");
        assert!(footnote_line("1 Kế hoạch số 210") && footnote_line("(*) Đề nghị") && !footnote_line("2021 Kế"));
    }

    /// unseen4's task of three paragraphs ("…:", "a) …", "b) …") and
    /// unseen5's lead and output of two ("…;" / "Trung tâm …", "- …"):
    /// the blank line between them is no row's end; a second leaf of a
    /// task whose cells start afresh is a row of its own.
    #[test]
    fn a_cell_s_second_paragraph_goes_on_with_its_row() {
        let text = "\
TT   Nội dung              Chủ trì          Sản phẩm
1    Niêm yết thủ tục:     Bộ phận Tiếp     Thủ tục được

     a) Tại Bộ phận;       nhận             công khai

     b) Trên Trang.
2    Xây dựng dữ liệu      Phòng Quản lý;   - Dữ liệu;

                           Trung tâm        - Quy chế
3    Rà soát văn bản       Văn phòng Sở     Báo cáo

                           Sở Tư pháp       Kế hoạch
4    Nâng cấp mạng         Chủ trì: Văn     Mạng

                           Phối hợp: Viễn";
        let texts = rows(text);
        assert_eq!(texts.len(), 6, "{texts:?}");
        assert_eq!(texts[5][2], "Chủ trì: Văn Phối hợp: Viễn");
        assert_eq!(
            texts[1][1..],
            ["Niêm yết thủ tục: a) Tại Bộ phận; b) Trên Trang.", "Bộ phận Tiếp nhận", "Thủ tục được công khai"]
        );
        assert_eq!(texts[2][2..], ["Phòng Quản lý; Trung tâm", "- Dữ liệu; - Quy chế"]);
        assert_eq!(texts[4][..3], ["", "", "Sở Tư pháp"]);
    }

    /// unseen4's pages that go on with a table: one starting with the rest
    /// of a cut row in three columns (no header, though its first line has
    /// three runs), one starting with a group's title in capitals and rows
    /// a blank line apart.
    #[test]
    fn a_page_goes_on_with_a_cut_row_or_a_capital_title() {
        let text = "\
TT   Nội dung            Chủ trì       Thời hạn      Ghi chú
1    Rà soát các quy     Tư pháp       Quý II        Không
2    Tuyên truyền        Văn phòng     Thường        Ít nhất
\u{c}     pháp luật           Hộ tịch       xuyên
3    Kiểm tra hương      Văn phòng     Tháng 10      Không
\u{c}DỮ LIỆU SỐ HÓA

4    Số hóa sổ hộ        Tư pháp       Năm 2030      Không

5    Làm sạch dữ liệu    Công an       Thường        Không";
        let lines: Vec<&str> = text.split('\n').collect();
        let mut columns = Columns::default();
        columns.table_at(&lines, 0).expect("a table");
        let next = columns.table_at(&lines, 3).expect("the second page");
        let Block::Table(t) = &next.blocks[0] else { panic!("a table") };
        let texts: Vec<Vec<&str>> = t.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(texts[0], ["", "pháp luật", "Hộ tịch", "xuyên", ""], "no header: {texts:?}");
        assert_eq!(texts[1], ["3", "Kiểm tra hương", "Văn phòng", "Tháng 10", "Không"], "{texts:?}");
        let last = columns.table_at(&lines, 5).expect("the third page");
        let Block::Table(t) = &last.blocks[0] else { panic!("a table") };
        let texts: Vec<Vec<&str>> = t.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(texts[0][0], "DỮ LIỆU SỐ HÓA");
        assert_eq!(texts[2], ["5", "Làm sạch dữ liệu", "Công an", "Thường", "Không"], "{texts:?}");
    }

    /// unseen4's first section table, cut by a page break after a page-foot
    /// footnote: the next page's first line (three runs, nothing in the
    /// number column) is the rest of task 2, not a header.
    #[test]
    fn a_page_starting_with_a_cut_row_of_three_runs_has_no_header() {
        let text = "\
ST     Nội dung công việc        Đơn vị        Đơn vị        Thời           Kết      Ghi
T                                                            hạn          quả/sản    chú
                                 chủ trì      phối hợp
                                                             hoàn          phẩm
                                                            thành

 1    Rà soát, đề xuất sửa    Công chức      Văn phòng        Quý     Báo cáo kết
      đổi các quy định của    Tư pháp -      HĐND và        II/2030   quả rà soát
      xã không còn phù hợp    Hộ tịch        UBND xã
      với quy định của pháp
      luật

 2    Tuyên truyền, phổ       Công chức      Ủy ban Mặt    Thường     Hội nghị      Ít nhất
      biến pháp luật cho      Tư pháp -      trận Tổ        xuyên     tuyên         02

1 Kế hoạch số 210/KH-UBND ngày 25/12/2029 của UBND tỉnh Lâm Đồng về cải
cách hành chính năm 2030.
\u{c}     Nhân dân tại các thôn    Hộ tịch       quốc Việt              truyền được đợt/nă
                                            Nam xã;                tổ chức     m
                                            các đoàn
                                            thể

3    Kiểm tra việc thực       Văn phòng     Trưởng các    Tháng    Thông báo
     hiện quy ước, hương      HĐND và       thôn         10 hằng   kết quả
     ước tại các thôn         UBND xã                      năm     kiểm tra";
        let lines: Vec<&str> = text.split('\n').collect();
        let mut columns = Columns::default();
        let first = columns.table_at(&lines, 0).expect("a table");
        let at = lines.iter().position(|l| l.starts_with('\u{c}')).expect("a page break");
        assert!(first.end < at);
        let next = columns.table_at(&lines, at).expect("the next page");
        let Block::Table(t) = &next.blocks[1] else { panic!("a table after the page break") };
        let texts: Vec<Vec<&str>> = t.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(texts[0][..3], ["", "Nhân dân tại các thôn", "Hộ tịch"], "{texts:?}");
        assert_eq!(texts[1][..2], ["3", "Kiểm tra việc thực hiện quy ước, hương ước tại các thôn"], "{texts:?}");
    }

    /// unseen4's header: "STT" cut in its narrow column ("ST" over "T")
    /// is one label; a Roman numeral under a label is a group's row.
    #[test]
    fn a_first_label_cut_mid_word_is_joined() {
        let body = "1    Rà soát       Tư pháp       Quý II\n2    Tuyên truyền  Văn phòng     Thường xuyên\n";
        let texts =
            rows(&format!("ST   Nội dung      Đơn vị        Thời\nT                  chủ trì       hạn\n{body}"));
        assert_eq!(texts[0], ["ST T", "Nội dung", "Đơn vị chủ trì", "Thời hạn"]);
        assert_eq!(texts[1][0], "1");
        let texts = rows(&format!("TT   Nội dung      Đơn vị        Thời\nI    CẢI CÁCH THỂ CHẾ\n{body}"));
        assert_eq!(texts[1][..2], ["I", "CẢI CÁCH THỂ CHẾ"]);
    }

    /// unseen5's row 2.3: pdftotext closed every gap of the row to one
    /// space and printed the partners' cell five characters left of its
    /// column; "Văn" follows "phòng Sở" into it ("Văn phòng" is written
    /// together, "Tiêu Văn" is not), "Tiêu" stays with "Chi cục".
    #[test]
    fn a_word_pushed_left_with_its_neighbour_follows_it() {
        let text = "\
STT          Nhiệm vụ, giải pháp          Tiến độ    Đơn vị chủ trì    Đơn vị phối       Nguồn         Sản phẩm
                                         thực hiện                        hợp           kinh phí

2.2   Tiếp nhận, xử lý phản ánh, kiến                Văn phòng Sở     Các phòng, đơn                Phản ánh, kiến
      nghị của cá nhân, tổ chức về quy                                vị thuộc Sở                   nghị được xử lý
      định hành chính                                                                               đúng hạn

2.3   Rà soát, đề xuất đơn giản hóa thủ 6 tháng đầu Chi cục Tiêu Văn phòng Sở           Ngân sách   Phương án đơn
      tục hành chính trong lĩnh vực tiêu năm 2031 chuẩn Đo lường                        tỉnh        giản hóa
      chuẩn, đo lường, chất lượng                   Chất lượng
";
        let texts = rows(text);
        let row = texts.iter().find(|r| r[0] == "2.3").expect("row 2.3");
        // (On these few lines the gutters place "chuẩn" one column left; in
        // the whole page it is the lead's.)
        assert_eq!(row[4], "Văn phòng Sở", "{texts:?}");
        assert!(row[3].starts_with("Chi cục Tiêu") && !row[3].contains("Văn"), "{texts:?}");
    }

    #[test]
    fn a_numbered_cell_goes_on_at_a_line_that_starts_no_item() {
        let header = "TT   Mục tiêu       Nhiệm vụ       Sản phẩm       Tiến độ\n";
        let body = |first: &str| {
            format!(
                "{header}1    {first}Ban hành       Kế hoạch       Quý I\n     chất           kế hoạch\n     công tác       2.2. Chỉ đạo   Văn bản        Quý II\n"
            )
        };
        // "công tác" would have fitted after "chất": by widths a new cell,
        // but the cell starts with an item number, so it goes on.
        let texts = rows(&body("1.1. Nâng cao  "));
        assert_eq!(texts[1][1], "1.1. Nâng cao chất công tác");
        assert_eq!(texts[2][1], "");
        let texts = rows(&body("Nâng cao       "));
        assert_eq!(texts[1][1], "Nâng cao chất");
        assert_eq!(texts[2][1], "công tác");
    }

    #[test]
    fn text_starting_two_lines_below_its_rows_top_starts_a_row() {
        let header = "TT   Mục tiêu       Nhiệm vụ       Sản phẩm       Tiến độ\n";
        // A row cut by the page break goes on at the top; the next row's
        // cells start beside its last lines.
        let cut = "     tiếp theo      của Sở\n                    năm 2024\n";
        let next = "                    đúng hạn       Các hình thức  Thường xuyên\n";
        let first: &[&str] = &["TT", "Mục tiêu", "Nhiệm vụ", "Sản phẩm", "Tiến độ"];
        let texts = rows_under(&format!("{header}{cut}{next}"), Some(first));
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert_eq!(texts[2][3..], ["Các hình thức", "Thường xuyên"]);
        // One line below the row's top: the same row.
        let cut = "     tiếp theo      của Sở\n";
        let texts = rows_under(&format!("{header}{cut}{next}"), Some(first));
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert_eq!(texts[1][3..], ["Các hình thức", "Thường xuyên"]);
    }

    #[test]
    fn a_repeated_header_gives_back_the_lines_of_a_cut_row() {
        let cell = |text: &str| Cell::new(text.to_string(), Location::default());
        let row = |texts: &[&str]| Row {
            cells: texts.iter().map(|t| cell(t)).collect(),
            header: false,
            location: Location::default(),
        };
        let columns = Columns {
            open: None,
            header: Some(vec!["TT".into(), "Mục tiêu Nội dung".into(), "Nhiệm vụ".into()]),
            break_owed: false,
        };
        let mut table = Table {
            rows: vec![
                row(&["TT", "Mục tiêu\nNội dung vi bí mật nhà nước).", "Nhiệm vụ"]),
                row(&["4", "1.4. 100%", "2.6. Tăng"]),
            ],
            ..Table::default()
        };
        columns.split_cut_row(&mut table);
        let texts: Vec<Vec<&str>> =
            table.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(
            texts,
            [
                vec!["TT", "Mục tiêu\nNội dung", "Nhiệm vụ"],
                vec!["", "vi bí mật nhà nước).", ""],
                vec!["4", "1.4. 100%", "2.6. Tăng"]
            ]
        );
        // A label that only starts like the first header's ("Nội dungs") is left.
        table.rows = vec![row(&["TT", "Mục tiêu Nội dungs", "Nhiệm vụ"])];
        columns.split_cut_row(&mut table);
        assert_eq!(table.rows.len(), 1);
    }

    /// unseen2-2028's layout text (LibreOffice, cells centred vertically):
    /// a group's title "1. Cải cách thể chế" right under a header whose
    /// labels wrap is the first row, no wrapped label (the header took it
    /// and the next row's first lines, and was recognised no more); and a
    /// row's number one space before its task ("1.2 HĐND …") stays in the
    /// first column (the lexicon test for words pushed out of the next
    /// column moved it, a number being no word it knows).
    #[test]
    fn a_numbered_row_under_the_header_and_its_number_stay_apart_on_the_page_s_grid() {
        let text = "                                             Đơn vị thực     Đơn vị phối                 Sản phẩm
STT            Nội dung công việc                                           Thời gian                    Ghi
                                                hiện            hợp                       dự kiến

  1. Cải cách thể chế

     Rà soát các văn bản quy phạm pháp
     luật về nông nghiệp do HĐND, UBND                     Các phòng, đơn Tháng         Báo cáo rà
 1.1
     tỉnh ban hành, đề xuất sửa đổi, bổ                    vị thuộc Sở    6/2028        soát
     sung, thay thế                       Phòng Pháp
                                          chế
     Tham mưu xây dựng Nghị quyết của                      Sở Tài chính;                                Trình
                                                                          Quý           Dự thảo
 1.2 HĐND tỉnh quy định chính sách hỗ trợ                  Sở Kế hoạch và                               họp c
                                                                          III/2028      Nghị quyết
     phát triển hợp tác xã nông nghiệp                     Đầu tư                                       năm

  2. Cải cách thủ tục hành chính

     Công bố, công khai thủ tục hành chính
     thuộc thẩm quyền giải quyết của Sở
                                                        Trung tâm Phục
     gồm:                                                                               Thủ tục được
 2.1                                       Văn phòng Sở vụ hành chính
     a) cập nhật trên Cơ sở dữ liệu quốc                                                công khai
                                                        công tỉnh
     gia;                                                              Thường
     b) niêm yết tại Bộ phận Một cửa                                   xuyên

     Rà soát, đơn giản hóa thủ tục hành    Chi cục Thủy
                                                                                        Phương án
 2.2 chính trong lĩnh vực thủy lợi, lâm    lợi; Chi cục    Văn phòng Sở
                                                                                        đơn giản hóa
     nghiệp                                Kiểm lâm

       Số hóa kết quả giải quyết thủ tục hành                              Trước ngày Dữ liệu được
 2.3                                          Văn phòng Sở Viễn thông tỉnh                         Đạt 1
       chính còn hiệu lực                                                  31/10/2028 số hóa";
        let rows = rows(text);
        let header =
            ["STT", "Nội dung công việc", "Đơn vị thực hiện", "Đơn vị phối hợp", "Thời gian", "Sản phẩm dự kiến"];
        assert_eq!(rows[0][..6], header, "{rows:?}");
        assert_eq!(rows[1][..2], ["1.", "Cải cách thể chế"]);
        let task = "Rà soát các văn bản quy phạm pháp luật về nông nghiệp do HĐND, UBND tỉnh ban hành, đề xuất sửa đổi, bổ sung, thay thế";
        assert_eq!(rows[2][..4], ["1.1", task, "Phòng Pháp chế", "Các phòng, đơn vị thuộc Sở"]);
        let task =
            "Tham mưu xây dựng Nghị quyết của HĐND tỉnh quy định chính sách hỗ trợ phát triển hợp tác xã nông nghiệp";
        assert_eq!(rows[3][..5], ["1.2", task, "", "Sở Tài chính; Sở Kế hoạch và Đầu tư", "Quý III/2028"]);
        assert_eq!(rows[4][..2], ["2.", "Cải cách thủ tục hành chính"]);
        // Row 2.3's task stands on a grid of its own, two characters right
        // of the page's, its number between the task's two lines: the
        // row's own grid would put "chính" in the number column.
        let last = rows.last().expect("rows");
        assert_eq!(
            last[..4],
            ["2.3", "Số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực", "Văn phòng Sở", "Viễn thông tỉnh"],
            "{rows:?}"
        );
    }
}
