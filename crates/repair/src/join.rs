//! Text repair where the parser joined the parts of a cell cut by a page
//! break ([`kehoach_parse::Join`]): each part is repaired as a text of its
//! own, so a word whose context is on the other side of the break
//! ("Phòng Hành chính và Bộ" | "trợ tư pháp") is repaired only here, where
//! the text is whole.
//!
//! The joined text goes through `kehoach-vi`'s diacritic repair; only the
//! changes within [`REACH`] words of the join are kept (everything farther
//! was already seen whole in its part), each recorded as the parts' repairs
//! are (`text-repair`, with the original).

use std::cell::OnceCell;

use kehoach_extract::{Block, Diagnostic, Location};
use kehoach_vi::diacritics::{self, Confidence, Note, NoteKind};
use kehoach_vi::vietnamese::place_tone;
use kehoach_vi::ToneStyle;

/// Words on each side of a join that its repair may change.
pub(crate) const REACH: usize = 3;

/// Words of context the model reads beyond them on each side: a word's
/// neighbours, and the longest official term (14 words,
/// `kehoach-vi`'s `data/terms.txt`).
const CONTEXT: usize = 14;

/// Repairs at the joins of one document.
pub(crate) struct Joiner<'a> {
    blocks: &'a [Block],
    style: ToneStyle,
    /// The repairs' counts of the document, when given.
    counts: Option<&'a diacritics::Document>,
    /// Else the document's texts, for the repair's document counts: built
    /// at the first join.
    document: OnceCell<diacritics::Document>,
}

impl<'a> Joiner<'a> {
    pub(crate) fn new(blocks: &'a [Block], style: ToneStyle, counts: Option<&'a diacritics::Document>) -> Joiner<'a> {
        Joiner { blocks, style, counts, document: OnceCell::new() }
    }

    fn document(&self) -> &diacritics::Document {
        if let Some(counts) = self.counts {
            return counts;
        }
        self.document.get_or_init(|| {
            let mut texts = Vec::new();
            for block in self.blocks {
                match block {
                    Block::Paragraph(p) => texts.push(p.text.clone()),
                    Block::Table(t) => texts.extend(t.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.text.clone()))),
                    Block::PageBreak(_) => {}
                }
            }
            diacritics::Document::new(texts)
        })
    }

    /// `left` and `right` joined by a space, repaired near the join; the
    /// repairs become diagnostics at `location`.
    pub(crate) fn join(&self, left: &str, right: &str, location: &Location, diags: &mut Vec<Diagnostic>) -> String {
        let joined = format!("{left} {right}");
        // The model reads the words near the join with CONTEXT words on
        // each side (what a decision looks at: neighbours, and the longest
        // official term), not the whole cell: the last words of the left
        // part and the first of the right (the space between them parts
        // them), `words[k]` being word k of that window and word `at` the
        // first after the join (the left part's words before the window
        // are not counted: nothing reads them).
        let (before, after) = (last_spans(left, REACH + CONTEXT), first_spans(right, REACH + CONTEXT));
        let at = before.len();
        let to = at + after.len();
        let shift = left.len() + 1;
        let words: Vec<(usize, usize)> =
            before.into_iter().chain(after.into_iter().map(|(s, e)| (s + shift, e + shift))).collect();
        let word = |k: usize| words.get(k);
        let Some(window) = word(0).zip(to.checked_sub(1).and_then(word)).map(|(f, l)| f.0..l.1) else {
            return joined;
        };
        let text = &joined[window.clone()];
        // Only the words near the join are decided (the rest is context).
        let near = match (word(at.saturating_sub(REACH)), word((at + REACH).min(to) - 1)) {
            (Some(first), Some(last)) => first.0 - window.start..last.1 - window.start,
            _ => 0..text.len(),
        };
        let Some((repaired, notes)) = diacritics::repair_near(text, &diacritics::BUILTIN, self.document(), near) else {
            return joined;
        };
        let (text, notes) = keep_near(text, &repaired, notes, at, self.style);
        kehoach_extract::record_notes(notes, location, diags);
        format!("{}{text}{}", &joined[..window.start], &joined[window.end..])
    }
}

/// Byte spans of the words (runs without white space) of `text`.
fn spans(text: &str) -> Vec<(usize, usize)> {
    first_spans(text, usize::MAX)
}

/// Byte spans of the last `n` words (runs without white space) of `text`,
/// in order.
fn last_spans(text: &str, n: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(n);
    let mut end = None;
    for (i, c) in text.char_indices().rev().chain([(0, ' ')]) {
        if out.len() == n {
            break;
        }
        let white = c.is_whitespace();
        match (white, end) {
            (false, None) => end = Some(i + c.len_utf8()),
            (true, Some(e)) => {
                out.push((i + c.len_utf8(), e));
                end = None;
            }
            _ => {}
        }
        // The start of the text ends the first word.
        if i == 0 && !white {
            if let Some(e) = end.take() {
                out.push((0, e));
            }
        }
    }
    out.truncate(n);
    out.reverse();
    out
}

/// Byte spans of the first `n` words (runs without white space) of `text`.
fn first_spans(text: &str, n: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(n.min(64));
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if out.len() == n {
            break;
        }
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The tone of every letter run of `word` placed by `style`, as the
/// repair of a text places it after its other steps.
pub(crate) fn placed(word: &str, style: ToneStyle) -> String {
    let mut out = String::with_capacity(word.len());
    let mut run = String::new();
    for c in word.chars() {
        if c.is_alphabetic() {
            run.push(c);
        } else {
            out.push_str(&place_tone(&run, style));
            run.clear();
            out.push(c);
        }
    }
    out.push_str(&place_tone(&run, style));
    out
}

/// `original` with only the changes of `repaired` that lie within
/// [`REACH`] words of word `at` (the first word after the join), and one
/// note per change kept.
fn keep_near(original: &str, repaired: &str, notes: Vec<Note>, at: usize, style: ToneStyle) -> (String, Vec<Note>) {
    let (old, new) = (spans(original), spans(repaired));
    let near = |i: usize| i + REACH >= at && i < at + REACH;
    // (span of the original, replacement) per change kept.
    let mut changes: Vec<((usize, usize), String)> = Vec::new();
    if old.len() == new.len() {
        for (i, (o, n)) in old.iter().zip(&new).enumerate() {
            let (o_text, n_text) = (&original[o.0..o.1], &repaired[n.0..n.1]);
            if o_text != n_text && near(i) {
                changes.push((*o, placed(n_text, style)));
            }
        }
    } else {
        // A split word joined (or a word split): one changed run of words,
        // kept only if all of it is near the join.
        let word = |spans: &[(usize, usize)], text: &str, i: usize| text[spans[i].0..spans[i].1].to_string();
        let common = old.len().min(new.len());
        let prefix = (0..common).take_while(|&i| word(&old, original, i) == word(&new, repaired, i)).count();
        let suffix = (0..common - prefix)
            .take_while(|&i| word(&old, original, old.len() - 1 - i) == word(&new, repaired, new.len() - 1 - i))
            .count();
        let (old_end, new_end) = (old.len() - suffix, new.len() - suffix);
        if prefix < old_end && near(prefix) && near(old_end - 1) && prefix < new_end {
            let replacement = placed(&repaired[new[prefix].0..new[new_end - 1].1], style);
            changes.push(((old[prefix].0, old[old_end - 1].1), replacement));
        }
    }
    let mut text = String::with_capacity(original.len());
    let mut copied = 0;
    let mut kept = Vec::new();
    for ((start, end), replacement) in changes {
        let before = &original[start..end];
        // The repair's own note for this change, or a plain one.
        let note = notes
            .iter()
            .find(|n| {
                !n.kind.is_flag()
                    && before.contains(n.original.as_str())
                    && replacement.contains(n.replacement.as_str())
            })
            .cloned()
            .unwrap_or_else(|| {
                Note::new(NoteKind::BrokenDiacritics, before.to_string(), replacement.clone(), Confidence::Medium)
            });
        kept.push(note);
        text.push_str(&original[copied..start]);
        text.push_str(&replacement);
        copied = end;
    }
    text.push_str(&original[copied..]);
    (text, kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changes_near_the_join_are_kept() {
        let notes = vec![
            Note::new(NoteKind::BrokenDiacritics, "Bộ".into(), "Bổ".into(), Confidence::High),
            Note::new(NoteKind::BrokenDiacritics, "chinh".into(), "chính".into(), Confidence::High),
        ];
        let original = "Phòng Hành chinh và Bộ trợ tư pháp; Trung tâm";
        let repaired = "Phòng Hành chính và Bổ trợ tư pháp; Trung tâm";
        // Joined after "trợ": word 6 ("tư") is the first after the join;
        // "Bộ" (word 4) is within reach, "chinh" (word 2) is not.
        let (text, kept) = keep_near(original, repaired, notes.clone(), 6, ToneStyle::Old);
        assert_eq!(text, "Phòng Hành chinh và Bổ trợ tư pháp; Trung tâm");
        assert_eq!(kept, notes[..1]);
        // Joined far from both changes: nothing changes.
        let (text, kept) = keep_near(original, repaired, notes, 10, ToneStyle::Old);
        assert_eq!(text, original);
        assert!(kept.is_empty());
    }

    #[test]
    fn the_words_at_either_end_are_those_of_all_the_words() {
        for text in ["", " ", "a", " a ", "Phòng Hành  chính và\tBộ trợ ", "một hai ba bốn năm sáu bảy tám chín mười"]
        {
            let all = spans(text);
            for n in 0..12 {
                assert_eq!(first_spans(text, n), all[..n.min(all.len())], "{text:?} {n}");
                assert_eq!(last_spans(text, n), all[all.len() - n.min(all.len())..], "{text:?} {n}");
            }
        }
    }

    #[test]
    fn a_joined_split_word_is_one_change() {
        let (text, kept) =
            keep_near("cải cách hành chí nh nhà nước", "cải cách hành chính nhà nước", Vec::new(), 4, ToneStyle::Old);
        assert_eq!(text, "cải cách hành chính nhà nước");
        assert_eq!((kept[0].original.as_str(), kept[0].replacement.as_str()), ("chí nh", "chính"));
    }
}
