//! The diacritic repairs carried from the texts the parser read to the
//! texts the plan puts out.
//!
//! The repair after parsing decides on each whole paragraph and cell, as
//! read by the parser (its *source*), and on each cell the parser joined
//! across a page break; what it changes there is a word's marks, never
//! where a word starts or ends. A text of the plan is made of pieces of
//! sources (a cell without its item number, the parts of a cut cell, a
//! line of the head, a header quoted in a diagnostic), so each of its words
//! that the repair changed somewhere is looked up where it stands in the
//! sources: the place whose text around it agrees with the plan text's
//! farthest (to the ends of either) gives the word's repair — the same
//! word elsewhere may have been left alone, or changed otherwise, in
//! another context. A word no place tells apart (two places agree as far,
//! with different repairs) is not guessed: the text is repaired alone
//! ([`TextMap::unmapped`] counts them; none on the fixtures).

use aho_corasick::AhoCorasick;
use kehoach_extract::Location;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

/// Whether `c` is part of a word (a letter or a mark), as the repair
/// reads words.
fn letter(c: char) -> bool {
    kehoach_vi::diacritics::word_char(c)
}

/// Whether `start..end` of `text` is a whole word (no letter on either side).
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    !text[..start].chars().next_back().is_some_and(letter) && !text[end..].chars().next().is_some_and(letter)
}

/// A byte span of a text.
type Span = (u32, u32);

/// The words of `read` that `repaired` spells otherwise, each with its
/// span in both, when the two have the same words by the same characters
/// between them (the repair changed words' marks, nothing else); `None`
/// when they do not. Only the part between the bytes both share at the
/// start and at the end is read (cut back to where no word goes on across
/// the cut): a repaired paragraph differs in a word or two.
fn changed_words(read: &str, repaired: &str) -> Option<Vec<(Span, Span)>> {
    let (a, b) = (read.as_bytes(), repaired.as_bytes());
    let (la, lb) = (a.len(), b.len());
    let mut p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while !read.is_char_boundary(p) {
        p -= 1;
    }
    while let Some(c) = read[..p].chars().next_back().filter(|&c| letter(c)) {
        p -= c.len_utf8();
    }
    let mut q = a.iter().rev().zip(b.iter().rev()).take(la.min(lb) - p).take_while(|(x, y)| x == y).count();
    while !read.is_char_boundary(la - q) {
        q -= 1;
    }
    while let Some(c) = read[la - q..].chars().next().filter(|&c| letter(c)) {
        q -= c.len_utf8();
    }
    // The words between, and the ends of the words around them: the last
    // before (or the start of the text) and the first after (or the end).
    let before = read[..p].char_indices().rev().find(|&(_, c)| letter(c)).map_or(0, |(i, c)| i + c.len_utf8());
    let after = read[la - q..].char_indices().find(|&(_, c)| letter(c)).map_or(0, |(i, _)| q - i);
    let middle = |text: &str, end: usize| -> Vec<(u32, u32)> {
        kehoach_vi::diacritics::word_spans(&text[p..end]).map(|(s, e)| ((s + p) as u32, (e + p) as u32)).collect()
    };
    let (words_read, words_repaired) = (middle(read, la - q), middle(repaired, lb - q));
    if words_read.len() != words_repaired.len() {
        return None;
    }
    let n = words_read.len();
    fn between<'t>(text: &'t str, spans: &[(u32, u32)], k: usize, before: usize, after: usize) -> &'t str {
        let from = if k == 0 { before } else { spans[k - 1].1 as usize };
        let to = spans.get(k).map_or(text.len() - after, |s| s.0 as usize);
        &text[from..to]
    }
    let gap = |text, spans: &[(u32, u32)], k| between(text, spans, k, before, after);
    if !(0..=n).all(|k| gap(read, &words_read, k) == gap(repaired, &words_repaired, k)) {
        return None;
    }
    Some(
        words_read
            .into_iter()
            .zip(words_repaired)
            .filter(|(r, w)| read[r.0 as usize..r.1 as usize] != repaired[w.0 as usize..w.1 as usize])
            .collect(),
    )
}

/// A text as the parser read it and as repaired, word for word.
struct Source<'a> {
    read: Cow<'a, str>,
    repaired: Cow<'a, str>,
    /// Where it is (a paragraph or cell, or the part after a join).
    location: &'a Location,
    /// Per word of `read` that the repair changed, by its first byte (in
    /// order), its repaired spelling's span in `repaired`.
    changed: Vec<(u32, (u32, u32))>,
    /// Whether its words aligned with the repaired text's (else the
    /// places in it give no repair: [`TextMap::whole`]).
    aligned: bool,
}

/// One place a word the repair changed somewhere stands in a source: the
/// source, and the word's span in its text as read.
#[derive(Clone, Copy)]
struct Place {
    source: u32,
    start: u32,
    end: u32,
}

/// The forms' places in the sources (per form), and the automata that find
/// them: one over the forms known when the places were first needed, and
/// one more over each batch of forms a join brought later (with the index
/// of its first form), so that the places already found stand. Forms are
/// whole words: which of them stands at a place does not depend on the
/// other forms of its automaton.
#[derive(Default)]
struct Index {
    automata: Vec<(AhoCorasick, usize)>,
    places: Vec<Vec<Place>>,
    /// The sources where a form stands, by the hash of their text as
    /// read, each with the key of its group (see `groups`).
    with_forms: FxMap<u64, Vec<(u32, u64)>>,
    /// A source where a form stands has white space outside ASCII: no
    /// text is answered by its source (`groups` would not tell which
    /// agree whole).
    odd_space: bool,
    /// Whether a source where a form stands was added to `with_forms`.
    grouped: Vec<bool>,
    /// The groups of sources where a form stands whose texts as read are
    /// the same but for runs of white space (which agree with any other,
    /// `agreement`): by that text's hash, the hash of the repairs their
    /// places give, the same throughout (`None` when they differ).
    groups: FxMap<u64, Option<u64>>,
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<rustc_hash::FxHasher>>;

impl Index {
    /// The whole words of `text` among the forms, in the order they stand:
    /// each form's index and its place (in source `source`).
    fn find(&self, text: &str, source: usize) -> Vec<(usize, Place)> {
        let mut found: Vec<(usize, Place)> = Vec::new();
        for &(ref automaton, first) in &self.automata {
            find(automaton, text, source, first, &mut found);
        }
        if self.automata.len() > 1 {
            found.sort_by_key(|(_, place)| place.start);
        }
        found
    }
}

/// The repairs of a document's sources, by word.
#[derive(Default)]
pub(crate) struct TextMap<'a> {
    sources: Vec<Source<'a>>,
    /// Every word (as read) the repair changed somewhere, once.
    forms: Vec<String>,
    /// The forms' places in the sources, built when first needed.
    index: Option<Index>,
    /// With the index: the sources where no form stands, by the hash of
    /// their text as read (a plan text equal to one needs no search).
    formless: HashMap<u64, u32, BuildHasherDefault<rustc_hash::FxHasher>>,
    /// Sources whose words did not align with the repaired text's, by
    /// the text as read: only a plan text equal to one is repaired so.
    whole: FxMap<String, usize>,
    /// Plan texts no place told apart, repaired alone.
    pub(crate) unmapped: usize,
    /// The sources' texts as read, one after another with a line break
    /// (no letter) after each, and where each starts: searched whole for
    /// the forms' places, one search instead of one per source.
    all: String,
    starts: Vec<u32>,
}

impl<'a> TextMap<'a> {
    /// A map for about `sources` sources of `bytes` bytes in all (the
    /// document's paragraphs and cells; joins add a few).
    pub(crate) fn with_capacity(sources: usize, bytes: usize) -> TextMap<'a> {
        let mut map = TextMap::default();
        map.sources.reserve(sources);
        map.starts.reserve(sources);
        map.all.reserve(bytes + sources);
        map
    }

    /// Adds a source at `location`: `read` as the parser read it,
    /// `repaired` after the repair (equal when it changed nothing).
    pub(crate) fn add(
        &mut self,
        read: impl Into<Cow<'a, str>>,
        repaired: impl Into<Cow<'a, str>>,
        location: &'a Location,
    ) {
        let (read, repaired) = (read.into(), repaired.into());
        let index = self.sources.len();
        let mut changed = Vec::new();
        let mut aligned = true;
        // (The same text given twice, the most common case, is not compared
        // byte by byte.)
        let same = std::ptr::eq::<str>(read.as_ref(), repaired.as_ref()) || read == repaired;
        if !same {
            match changed_words(&read, &repaired) {
                Some(words) => {
                    for (r, p) in words {
                        changed.push((r.0, p));
                        let a = &read[r.0 as usize..r.1 as usize];
                        if !self.forms.iter().any(|f| f == a) {
                            self.forms.push(a.to_string());
                        }
                    }
                }
                None => {
                    aligned = false;
                    self.whole.insert(read.to_string(), index);
                }
            }
        }
        // A source added once the places are known: its own places.
        // (Its forms not in the index yet are found when they are added.)
        let mut with_forms = false;
        if let Some(places) = &mut self.index {
            let found = places.find(&read, index);
            if found.is_empty() {
                self.formless.entry(text_hash(&read)).or_insert(index as u32);
            }
            with_forms = !found.is_empty();
            for (form, place) in found {
                places.places[form].push(place);
            }
        }
        self.starts.push(self.all.len() as u32);
        self.all.push_str(&read);
        self.all.push('\n');
        self.sources.push(Source { read, repaired, location, changed, aligned });
        if let Some(places) = &mut self.index {
            if with_forms {
                group(places, &self.sources, index);
            }
        }
    }

    /// Whether no source was changed.
    pub(crate) fn is_empty(&self) -> bool {
        self.forms.is_empty() && self.whole.is_empty()
    }

    /// The forms' places in every source, with the forms added since they
    /// were last needed.
    fn index(&mut self) -> &Index {
        let known = self.index.as_ref().map_or(0, |index| index.places.len());
        if self.index.is_none() || known < self.forms.len() {
            // Forms are runs of letters: where the longest at a place is no
            // whole word, no form there is.
            // An NFA: a DFA (what the builder would pick for so few forms)
            // costs more to build than its searches here save (its
            // prefilter finds the candidates either way).
            let automaton = AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
                .build(&self.forms[known..])
                .expect("words make an automaton");
            let first = self.index.is_none();
            let mut index = self.index.take().unwrap_or_default();
            index.places.resize(self.forms.len(), Vec::new());
            let mut with_forms = vec![false; self.sources.len()];
            let mut found = Vec::new();
            find(&automaton, &self.all, 0, known, &mut found);
            for (form, mut place) in found {
                // The source the place is in, and the place in it.
                let s = self.starts.partition_point(|&start| start <= place.start) - 1;
                place.source = s as u32;
                place.start -= self.starts[s];
                place.end -= self.starts[s];
                index.places[form].push(place);
                with_forms[s] = true;
            }
            if first {
                self.formless.clear();
                for (s, source) in self.sources.iter().enumerate().filter(|(s, _)| !with_forms[*s]) {
                    self.formless.entry(text_hash(&source.read)).or_insert(s as u32);
                }
            } else {
                // Sources where a new form stands are formless no more.
                for (s, source) in self.sources.iter().enumerate().filter(|(s, _)| with_forms[*s]) {
                    let hash = text_hash(&source.read);
                    if self.formless.get(&hash) == Some(&(s as u32)) {
                        self.formless.remove(&hash);
                    }
                }
            }
            index.automata.push((automaton, known));
            index.grouped.resize(self.sources.len(), false);
            for s in (0..self.sources.len()).filter(|&s| with_forms[s]) {
                group(&mut index, &self.sources, s);
            }
            self.index = Some(index);
        }
        self.index.as_ref().expect("built")
    }

    /// The repair of a word at `place`: its repaired spelling, or `None`
    /// when left alone.
    fn outcome(&self, place: Place) -> Option<&str> {
        let source = &self.sources[place.source as usize];
        let at = source.changed.binary_search_by_key(&place.start, |c| c.0).ok()?;
        let span = source.changed[at].1;
        Some(&source.repaired[span.0 as usize..span.1 as usize])
    }

    /// `text`, a text of the plan made of pieces of the sources (of those
    /// at `from`, or within them, when the plan knows), with the repairs of
    /// its words; `alone` repairs it by itself where no place tells a
    /// word's repair apart.
    pub(crate) fn map(&mut self, text: &mut String, from: &[Location], alone: &dyn Fn(&str) -> Option<String>) {
        if self.is_empty() {
            return;
        }
        if let Some(&s) = (!self.whole.is_empty()).then(|| self.whole.get(text.as_str())).flatten() {
            *text = self.sources[s].repaired.to_string();
            return;
        }
        // A form is a run of letters: a text without one (a number, an
        // empty field) holds none.
        if self.forms.is_empty() || !text.bytes().any(|b| b.is_ascii_alphabetic() || b >= 0x80) {
            return;
        }
        self.index();
        // A text equal to a source where no form stands has none either.
        let hash = text_hash(text);
        let formless = self.formless.get(&hash).is_some_and(|&s| self.sources[s as usize].read == **text);
        if formless {
            return;
        }
        let index = self.index.as_ref().expect("built");
        // A text equal to a source where forms stand, at a place it came
        // from (or from anywhere when the plan does not know): that source
        // agrees with it farthest, to both ends, at every form, and any
        // other that agrees as far is in its group, repaired alike — so
        // each form takes that source's repair, `best`'s answer.
        let same = index.with_forms.get(&hash).and_then(|sources| {
            sources.iter().find(|&&(s, key)| {
                let source = &self.sources[s as usize];
                source.read == **text
                    && (from.is_empty()
                        || from.iter().any(|f| f == source.location || without_column(f, source.location)))
                    && index.groups.get(&key).is_some_and(Option::is_some)
            })
        });
        let same = same.filter(|_| !index.odd_space);
        if let Some(&(s, _)) = same {
            *text = self.sources[s as usize].repaired.to_string();
            return;
        }
        let mut edits: Vec<((usize, usize), Place)> = Vec::new();
        for (form, at) in index.find(text, 0) {
            let (start, end) = (at.start as usize, at.end as usize);
            match self.best(text, start, end, &index.places[form], from) {
                Some(Some(place)) => edits.push(((start, end), place)),
                Some(None) => {}
                None => {
                    self.unmapped += 1;
                    if let Some(repaired) = alone(text) {
                        *text = repaired;
                    }
                    return;
                }
            }
        }
        let mut out = String::new();
        let mut copied = 0;
        for ((start, end), place) in edits {
            if let Some(repaired) = self.outcome(place) {
                out.push_str(&text[copied..start]);
                out.push_str(repaired);
                copied = end;
            }
        }
        if copied > 0 {
            out.push_str(&text[copied..]);
            *text = out;
        }
    }

    /// The place of the word at `start..end` of `text` whose text agrees
    /// with `text` farthest around it, among the places at `from` when any
    /// is and agrees (the plan knows where the text came from: a cell
    /// joined to the rest of it after a page break may read like another
    /// cell); `Some(None)` where no place agrees beyond the word in a text
    /// of more than the word (a text the parser wrote, "an attached plan",
    /// or cut inside a word), `None` when places that agree as far differ.
    fn best(&self, text: &str, start: usize, end: usize, places: &[Place], from: &[Location]) -> Option<Option<Place>> {
        // Repaired alike wherever it stands: a word inside the text (one at
        // its start or end may be a piece of a word the parser cut).
        let first = self.outcome(places[0]);
        if start > 0 && end < text.len() && places.iter().all(|&p| self.outcome(p) == first) {
            return Some(Some(places[0]));
        }
        let at = |place: &&Place| {
            let location = self.sources[place.source as usize].location;
            from.iter().any(|f| f == location || without_column(f, location))
        };
        // The best agreement, the first place that agrees so far, and
        // whether every place that does is repaired alike.
        let scored = |known: bool| {
            let mut best: Option<(Place, bool)> = None;
            let mut top = (0, 0);
            for place in places.iter().filter(|p| !known || at(p)) {
                let source = &self.sources[place.source as usize];
                let score = agreement(text, start, end, &source.read, place.start as usize, place.end as usize);
                match &mut best {
                    Some((first, alike)) if score == top => *alike &= self.outcome(*place) == self.outcome(*first),
                    Some(_) if score < top => {}
                    _ => {
                        top = score;
                        best = Some((*place, true));
                    }
                }
            }
            (top, best)
        };
        // Nothing but the word agrees, in a text of more than the word, and
        // the place is more than the word (not a part of a cut cell): a text
        // the parser wrote, or cut inside a word ("phục" → "phụ").
        let alone = |top: (usize, u8)| top.0 == 0 && top.1 < 2 && (start, end) != (0, text.len());
        let (mut top, mut best) = scored(places.iter().any(|p| at(&p)));
        if alone(top) {
            // The places it came from say nothing (a field copied from a
            // merged cell above): all places.
            (top, best) = scored(false);
        }
        if alone(top) {
            return Some(None);
        }
        match best {
            Some((first, true)) => Some(Some(first)),
            Some((_, false)) => None,
            None => Some(None),
        }
    }
}

/// Whether `f` is `location` without its column (`*f ==
/// location.without_column()`), field by field, without a copy.
fn without_column(f: &Location, location: &Location) -> bool {
    let Location { line, column: _, page, sheet, cell: _, table, row, paragraph, bbox } = location;
    f.column.is_none()
        && f.cell.is_none()
        && f.line == *line
        && f.page == *page
        && f.sheet == *sheet
        && f.table == *table
        && f.row == *row
        && f.paragraph == *paragraph
        && f.bbox == *bbox
}

/// The hash of a text, for [`TextMap::formless`].
fn text_hash(text: &str) -> u64 {
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(text)
}

/// Source `s`, where a form stands, added to [`Index::with_forms`] and its
/// group (once).
fn group(index: &mut Index, sources: &[Source<'_>], s: usize) {
    if index.grouped.len() <= s {
        index.grouped.resize(s + 1, false);
    }
    if std::mem::replace(&mut index.grouped[s], true) {
        return;
    }
    let source = &sources[s];
    // What its places give: its repairs, or none (words not aligned).
    let gives = if source.aligned { &source.repaired } else { &source.read };
    // (Most sources where a form stands were left as read: one hash.)
    let Some(key) = spaced_hash(&source.read) else {
        index.odd_space = true;
        return;
    };
    let repairs = if gives == &source.read { Some(key) } else { spaced_hash(gives) };
    let Some(repairs) = repairs else {
        index.odd_space = true;
        return;
    };
    index.with_forms.entry(text_hash(&source.read)).or_default().push((s as u32, key));
    let slot = index.groups.entry(key).or_insert(Some(repairs));
    if *slot != Some(repairs) {
        *slot = None;
    }
}

/// The hash of `text` with its runs of white space as one space and none
/// at either end (texts that agree whole, as `agreement` compares them,
/// have the same), `None` when it has white space outside ASCII.
fn spaced_hash(text: &str) -> Option<u64> {
    // White space outside ASCII starts with one of these bytes (U+0085 and
    // U+00A0 with C2, U+1680 with E1 9A, U+2000 to U+205F with E2, U+3000
    // with E3); Vietnamese letters are C3 to C6 and E1 BA, E1 BB.
    let bytes = text.as_bytes();
    let may_have_odd_space = bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| matches!(b, 0xC2 | 0xE2 | 0xE3) || (b == 0xE1 && bytes.get(i + 1) == Some(&0x9A)));
    if may_have_odd_space && text.chars().any(|c| !c.is_ascii() && c.is_whitespace()) {
        return None;
    }
    let mut hasher = BuildHasherDefault::<rustc_hash::FxHasher>::default().build_hasher();
    // ASCII white space as `char::is_whitespace` has it (with U+000B); no
    // byte of a character outside ASCII is one.
    let words = bytes.split(|b| matches!(b, b'\t'..=b'\r' | b' ')).filter(|w| !w.is_empty());
    for (k, word) in words.enumerate() {
        if k > 0 {
            hasher.write_u8(b' ');
        }
        hasher.write(word);
    }
    Some(hasher.finish())
}

/// The whole words of `text` among the automaton's forms (the forms from
/// `first` on): each form's index and its place (in source `source`),
/// added to `out`.
fn find(automaton: &AhoCorasick, text: &str, source: usize, first: usize, out: &mut Vec<(usize, Place)>) {
    for m in automaton.find_iter(text) {
        if whole_word(text, m.start(), m.end()) {
            let place = Place { source: source as u32, start: m.start() as u32, end: m.end() as u32 };
            out.push((first + m.pattern().as_usize(), place));
        }
    }
}

/// How far `text` around its word at `start..end` agrees with `source`
/// around its word at `s..e` (runs of white space agree with any other, and
/// count for nothing): the bytes of `text` that agree, and how many of the
/// source's ends were reached (a source that is all of the text wins a
/// tie).
fn agreement(text: &str, start: usize, end: usize, source: &str, s: usize, e: usize) -> (usize, u8) {
    // Equal ASCII bytes other than white space agree one by one, without
    // decoding (most of a text); any other character is compared whole.
    let plain = |b: u8| b < 0x80 && !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
    let (tb, sb) = (text.as_bytes(), source.as_bytes());
    let mut agreed = 0;
    let (mut i, mut j) = (start, s);
    loop {
        if i > 0 && j > 0 && tb[i - 1] == sb[j - 1] && plain(tb[i - 1]) {
            i -= 1;
            j -= 1;
            agreed += 1;
            continue;
        }
        match (text[..i].chars().next_back(), source[..j].chars().next_back()) {
            (Some(a), Some(b)) if a.is_whitespace() && b.is_whitespace() => {
                i = text[..i].trim_end().len();
                j = source[..j].trim_end().len();
            }
            (Some(a), Some(b)) if a == b => {
                i -= a.len_utf8();
                j -= b.len_utf8();
                agreed += a.len_utf8();
            }
            _ => break,
        }
    }
    let (mut k, mut l) = (end, e);
    loop {
        if k < tb.len() && l < sb.len() && tb[k] == sb[l] && plain(tb[k]) {
            k += 1;
            l += 1;
            agreed += 1;
            continue;
        }
        match (text[k..].chars().next(), source[l..].chars().next()) {
            (Some(a), Some(b)) if a.is_whitespace() && b.is_whitespace() => {
                k = text.len() - text[k..].trim_start().len();
                l = source.len() - source[l..].trim_start().len();
            }
            (Some(a), Some(b)) if a == b => {
                k += a.len_utf8();
                l += b.len_utf8();
                agreed += a.len_utf8();
            }
            _ => break,
        }
    }
    (agreed, u8::from(j == 0) + u8::from(l == source.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `changed_words` finds, reading every word of both texts.
    fn changed_words_whole(read: &str, repaired: &str) -> Option<Vec<(Span, Span)>> {
        let words = |text: &str| -> Vec<(u32, u32)> {
            kehoach_vi::diacritics::word_spans(text).map(|(s, e)| (s as u32, e as u32)).collect()
        };
        let (words_read, words_repaired) = (words(read), words(repaired));
        let between = |text: &'_ str, spans: &[(u32, u32)], k: usize| -> String {
            let from = if k == 0 { 0 } else { spans[k - 1].1 as usize };
            let to = spans.get(k).map_or(text.len(), |s| s.0 as usize);
            text[from..to].to_string()
        };
        let aligned = words_read.len() == words_repaired.len()
            && (0..=words_read.len()).all(|k| between(read, &words_read, k) == between(repaired, &words_repaired, k));
        aligned.then(|| {
            words_read
                .into_iter()
                .zip(words_repaired)
                .filter(|(r, w)| read[r.0 as usize..r.1 as usize] != repaired[w.0 as usize..w.1 as usize])
                .collect()
        })
    }

    #[test]
    fn changed_words_are_found_by_the_part_that_differs() {
        // Seed lines, each changed in one place in many ways: a mark, a
        // word longer or shorter, a space or punctuation added or taken
        // away, at the start, inside and at the end.
        let seed = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/seeds/001_a4ffcc6e1ad3a5f9.txt"
        ))
        .expect("seed 001");
        let mut lines: Vec<String> = seed.lines().flat_map(|l| l.split('\t')).map(str::to_string).collect();
        lines.extend(["", "a", "ạ", "Bộ trợ", " Bộ", "Bộ ", "x—y", "KÉ HOẠCH;"].map(str::to_string));
        let edits: [(&str, &str); 12] = [
            ("ộ", "ổ"),
            ("ạ", "ả"),
            ("a", "á"),
            ("ư", "u"),
            ("á", "a"),
            (" ", "  "),
            (" ", ""),
            ("h", "h "),
            (",", ""),
            ("n", "nn"),
            ("c", "с"),
            ("ế", "e\u{0302}\u{0301}"),
        ];
        let mut compared = 0;
        for line in &lines {
            for (from, to) in edits {
                for (at, _) in line.match_indices(from).take(4) {
                    let changed = format!("{}{to}{}", &line[..at], &line[at + from.len()..]);
                    for (read, repaired) in [(line.as_str(), changed.as_str()), (changed.as_str(), line.as_str())] {
                        if read != repaired {
                            assert_eq!(
                                changed_words(read, repaired),
                                changed_words_whole(read, repaired),
                                "{read:?} → {repaired:?}"
                            );
                            compared += 1;
                        }
                    }
                }
            }
        }
        assert!(compared > 1000, "{compared}");
    }
}
