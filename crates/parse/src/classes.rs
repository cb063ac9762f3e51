//! Unicode character classes exactly as the regex crate reads them, for the
//! small scanners that stand for regexes too costly to compile at start-up
//! (`place_date`, `metadata`'s references, `triage`'s deadline words).
//!
//! Compiling a regex with a Unicode class builds its UTF-8 automaton
//! (forwards and backwards, each with a fresh 400 KB map); looking a
//! character up in the class's ranges costs nothing to set up. The ranges
//! come from `regex-syntax`, the regex crate's own parser, so `\s`, `\w`
//! and `\p{L}` mean here what they meant in the regexes.

use regex_syntax::hir::{Class as HirClass, HirKind};
use std::sync::LazyLock;

/// The ranges of one Unicode character class.
pub(crate) struct Class(Vec<(char, char)>);

impl Class {
    /// The class a one-class pattern (`\s`, `[\w\-]`) stands for.
    pub(crate) fn new(pattern: &str) -> Class {
        match regex_syntax::parse(pattern).expect("valid class").into_kind() {
            HirKind::Class(HirClass::Unicode(class)) => {
                Class(class.ranges().iter().map(|r| (r.start(), r.end())).collect())
            }
            other => panic!("{pattern} is not a Unicode class: {other:?}"),
        }
    }

    pub(crate) fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            // Most text is ASCII: a linear look at the few ASCII ranges.
            return self.0.iter().take_while(|&&(lo, _)| lo <= c).any(|&(_, hi)| c <= hi);
        }
        self.0
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

/// `\s`: Unicode white space.
pub(crate) static SPACE: LazyLock<Class> = LazyLock::new(|| Class::new(r"\s"));
/// `\p{L}`: a letter.
pub(crate) static LETTER: LazyLock<Class> = LazyLock::new(|| Class::new(r"\p{L}"));
/// `\w`: a Unicode word character (what `\b` looks at).
pub(crate) static WORD: LazyLock<Class> = LazyLock::new(|| Class::new(r"\w"));

/// `text` after its leading `\s*`.
pub(crate) fn skip_space(text: &str) -> &str {
    text.trim_start_matches(|c| SPACE.contains(c))
}

/// Where `\s*` starting at `at` ends.
pub(crate) fn space_end(text: &str, at: usize) -> usize {
    text.len() - skip_space(&text[at..]).len()
}

/// Whether `\b` holds at byte `at` of `text`: a word character on exactly
/// one side.
pub(crate) fn word_boundary(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back().is_some_and(|c| WORD.contains(c));
    let after = text[at..].chars().next().is_some_and(|c| WORD.contains(c));
    before != after
}

/// The number of ASCII digits at the start of `text`.
pub(crate) fn digits(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_digit).count()
}
