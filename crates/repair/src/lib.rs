//! The repair stages of kehoach's pipeline, one on each side of parsing:
//!
//! ```text
//! kehoach-extract ─ blocks as read ─▶ words ─ words repaired ─▶ kehoach-parse ─ plan ─▶ diacritics ─ plan repaired ─▶ kehoach-normalize
//! ```
//!
//! - [`words`], before parsing: the repairs that change what a word is,
//!   over every paragraph and cell — invisible characters, look-alike
//!   letters, spaces inside abbreviations, and words split by a space
//!   joined (the diacritic model's first step, with the document's word
//!   and pair counts, taken once here). The parser's recognisers read
//!   words whose marks are damaged but not words cut in two or spelled in
//!   another alphabet (`tests/noise.rs`, `parsing_needs_no_diacritic_repair`).
//! - [`diacritics`], after parsing: the diacritic model (broken marks,
//!   words valid but wrong in context, flags) and mark order and tone
//!   placement, decided on each whole paragraph and cell with the same
//!   context and counts as before, and at each join of a cell cut by a
//!   page break ([`kehoach_parse::Plan::joins`]), where only the parser
//!   made the text whole ("Phòng Hành chính và Bộ" | "trợ tư pháp" → "Bổ
//!   trợ tư pháp"). The blocks get the repaired texts, and so does every
//!   text the plan puts out: each word the repair changed is carried to
//!   the plan's texts by where it stands in the blocks (`map.rs`).
//!
//! Each change is a `text-repair` diagnostic with the original, each doubt
//! a `suspect-word` ([`kehoach_extract::record_notes`]), at the paragraph
//! or cell (or join) it was made in, in document order, before the
//! parser's own diagnostics. What a repair does to one text is
//! `kehoach-vi`'s ([`kehoach_vi::repair::Repairs`]); the block model and
//! the codes are `kehoach-extract`'s. `kehoach::convert` runs both stages
//! unless `--no-repair`.
//!
//! ```
//! use kehoach_extract::{read_bytes_with, Block, Code, Options};
//! let text = "Văn phòng V PUB tỉnh thưc hiên";
//! let mut doc = read_bytes_with("plan.txt", text.as_bytes(), Options::default())?;
//! let words = kehoach_repair::words(&mut doc, kehoach_vi::ToneStyle::Old);
//! // The parser reads the abbreviation whole, the marks as printed.
//! let texts: Vec<&str> = doc.blocks.iter().flat_map(Block::texts).collect();
//! assert_eq!(texts, ["Văn phòng VPUB tỉnh thưc hiên"]);
//! let mut plan = kehoach_parse::parse(&doc);
//! kehoach_repair::diacritics(words, &mut doc, &mut plan);
//! let texts: Vec<&str> = doc.blocks.iter().flat_map(Block::texts).collect();
//! assert_eq!(texts, ["Văn phòng VPUB tỉnh thực hiện"]);
//! let repair = doc.diagnostics.iter().find(|d| d.code == Code::TextRepair).expect("recorded");
//! assert!(repair.message.starts_with("space inside an abbreviation: \"V PUB\" → \"VPUB\""));
//! assert_eq!(plan.diagnostics, doc.diagnostics);
//! # Ok::<(), kehoach_extract::Error>(())
//! ```
#![deny(missing_docs)]

mod join;
mod map;

use std::cell::LazyCell;

use kehoach_extract::{record_notes, Block, Document};
use kehoach_parse::Plan;
use kehoach_vi::diacritics;
use kehoach_vi::repair::{Note, Prepared, Repairs};
use kehoach_vi::ToneStyle;

/// A document between the two repair stages: what [`words`] did to each
/// text and what [`diacritics`] goes on from.
pub struct Words {
    repairs: Repairs,
    /// Per paragraph and cell, in block order: the text as read when the
    /// word repairs changed it, and the repairs before the model.
    texts: Vec<(Option<String>, Prepared)>,
    /// Per paragraph and cell, the earlier one with the same text as read,
    /// when there is one: its repairs are the earlier one's (a document
    /// repeats its cells: agencies, deadlines, units), worked out once.
    repeats: Vec<Option<usize>>,
    tone_style: ToneStyle,
    /// The read's diagnostics (the plan's first ones).
    read_diagnostics: usize,
}

/// The repairs before parsing, over every paragraph and cell of a document
/// read by `kehoach_extract::read_bytes_with` or `read_path_with`: each
/// text becomes what the parser reads (look-alikes, invisible characters,
/// abbreviations, split words repaired; marks as printed). Nothing is
/// recorded yet: [`diacritics`] finishes the repairs and records them all.
pub fn words(doc: &mut Document, tone_style: ToneStyle) -> Words {
    let texts: Vec<&str> = doc.blocks.iter().flat_map(Block::texts).collect();
    let repairs = Repairs::new(&texts, tone_style);
    let repeats = repairs.repeats().to_vec();
    let mut kept: Vec<(Option<String>, Prepared)> = Vec::with_capacity(texts.len());
    // Per text, what the word repairs made of it when they changed it (for
    // its repeats).
    let mut made: Vec<Option<String>> = Vec::with_capacity(texts.len());
    for ((text, _), repeat) in doc.blocks.iter_mut().flat_map(Block::texts_mut).zip(&repeats) {
        if let Some(first) = *repeat {
            repairs.skip(text);
            let (read, prepared) = kept[first].clone();
            let words = made[first].clone();
            if read.is_some() {
                *text = words.clone().expect("made with the text as read");
            }
            kept.push((read, prepared));
            made.push(words);
            continue;
        }
        let mut prepared = repairs.prepare(text);
        let read = repairs.words(text, &mut prepared).map(|words| std::mem::replace(text, words));
        made.push(read.as_ref().map(|_| text.clone()));
        kept.push((read, prepared));
    }
    Words { repairs, texts: kept, repeats, tone_style, read_diagnostics: doc.diagnostics.len() }
}

/// What [`diacritics`] could not carry to the plan by place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unmapped {
    /// Texts of the plan with a repaired word that no place in the blocks
    /// told apart, repaired alone instead.
    pub texts: usize,
}

/// The repairs after parsing: `doc` is the document [`words`] repaired and
/// `plan` what the parser made of it. Every paragraph and cell is repaired
/// whole (the model's decisions in context, marks and tones), then the
/// text at each join of a cut cell; the blocks get the repaired texts, the
/// plan's texts their repaired words, and both the notes, as `text-repair`
/// and `suspect-word` diagnostics after the read's and before the
/// parser's (a join's where the parser joined).
pub fn diacritics(words: Words, doc: &mut Document, plan: &mut Plan) -> Unmapped {
    let Words { repairs, texts, repeats, tone_style, read_diagnostics } = words;
    // Each text as the parser read it, when the repair changes it.
    let mut read: Vec<Option<String>> = Vec::with_capacity(texts.len());
    // Each repaired text before the repairs and after, for the counts.
    let mut repaired: Vec<(String, String)> = Vec::new();
    // Per text, what the repairs made of it (for its repeats).
    let mut made: Vec<Option<(String, Vec<Note>)>> = Vec::with_capacity(texts.len());
    let texts_mut = doc.blocks.iter_mut().flat_map(Block::texts_mut);
    for (((text, location), (original, prepared)), repeat) in texts_mut.zip(texts).zip(repeats) {
        let finished = match repeat {
            Some(first) => made[first].clone(),
            None => repairs.finish(original.as_deref().unwrap_or(text), prepared),
        };
        made.push(finished.clone());
        let Some((fixed, notes)) = finished else {
            read.push(None);
            continue;
        };
        record_notes(notes, location, &mut doc.diagnostics);
        let parsed = std::mem::replace(text, fixed);
        repaired.push((original.unwrap_or_else(|| parsed.clone()), text.clone()));
        read.push(Some(parsed));
    }
    let notes = doc.diagnostics[read_diagnostics..].to_vec();
    // The sources: each text as the parser read it, and each join.
    let texts = doc.blocks.iter().flat_map(Block::texts).zip(&read);
    let bytes = texts.map(|(text, parsed)| parsed.as_deref().unwrap_or(text).len()).sum::<usize>()
        + plan.joins.iter().map(|join| join.left.len() + join.right.len() + 1).sum::<usize>();
    let mut map = map::TextMap::with_capacity(read.len() + plan.joins.len(), bytes);
    let blocks = doc.blocks.iter().flat_map(|b| match b {
        Block::Paragraph(p) => vec![(p.text.as_str(), &p.location)],
        Block::Table(t) => t.rows.iter().flat_map(|r| r.cells.iter().map(|c| (c.text.as_str(), &c.location))).collect(),
        Block::PageBreak(_) => Vec::new(),
    });
    for (parsed, (text, location)) in read.iter().zip(blocks) {
        map.add(parsed.as_deref().unwrap_or(text), text, location);
    }
    // The joins, repaired where the text is whole, with the document's
    // counts as repaired: counted again only when a join or a text
    // repaired alone asks (most documents have neither).
    let counts = LazyCell::new(move || repairs.into_document(&repaired));
    let alone = |text: &str| -> Option<String> {
        let counts = LazyCell::force(&counts).as_ref()?;
        let (fixed, _) = diacritics::repair_in(text, &diacritics::BUILTIN, counts)?;
        Some(fixed.split_inclusive(char::is_whitespace).map(|w| join::placed(w, tone_style)).collect())
    };
    let joins = std::mem::take(&mut plan.joins);
    let mut join_notes = Vec::with_capacity(joins.len());
    let joiner =
        (!joins.is_empty()).then(|| join::Joiner::new(&doc.blocks, tone_style, LazyCell::force(&counts).as_ref()));
    for join in &joins {
        let joiner = joiner.as_ref().expect("made when there are joins");
        let (mut left, mut right) = (join.left.clone(), join.right.clone());
        map.map(&mut left, &[], &alone);
        map.map(&mut right, std::slice::from_ref(&join.at), &alone);
        let mut notes = Vec::new();
        let whole = joiner.join(&left, &right, &join.at, &mut notes);
        if !notes.is_empty() {
            map.add(format!("{} {}", join.left, join.right), whole, &join.at);
        }
        join_notes.push((join.diagnostic, notes));
    }
    plan.joins = joins.clone();
    // The plan's texts, the parser's diagnostics among them.
    plan.for_each_text_mut(&mut |text, from| map.map(text, from, &alone));
    for diagnostic in plan.diagnostics.iter_mut().skip(read_diagnostics) {
        map.map(&mut diagnostic.message, diagnostic.location.as_slice(), &alone);
    }
    // The notes: the texts' after the read's, the joins' among the parser's.
    let parsed = plan.diagnostics.split_off(read_diagnostics);
    plan.diagnostics.extend(notes);
    let mut joins = join_notes.into_iter().peekable();
    for (at, diagnostic) in parsed.into_iter().enumerate() {
        while let Some((_, notes)) = joins.next_if(|(index, _)| *index <= at + read_diagnostics) {
            plan.diagnostics.extend(notes);
        }
        plan.diagnostics.push(diagnostic);
    }
    plan.diagnostics.extend(joins.flat_map(|(_, notes)| notes));
    Unmapped { texts: map.unmapped }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehoach_extract::{Code, Location};

    /// A cell cut by a page break after "Bộ": "Bộ trợ tư pháp" ("Bổ trợ", a
    /// judicial support office) is whole only where the parser joins it.
    const CUT: &str = "TT\tNội dung\tĐơn vị phối hợp\n\
                       1\tViệc một\tPhòng Hành chính và Bộ trợ\n\
                       \n\
                       \t\ttư pháp; Trung tâm Trợ giúp pháp lý\n";

    fn converted(repair: bool) -> (Document, Plan) {
        let mut doc = kehoach_extract::read_bytes_with("t.txt", CUT.as_bytes(), Default::default()).expect("reads");
        let words = repair.then(|| words(&mut doc, ToneStyle::Old));
        let mut plan = kehoach_parse::parse(&doc);
        if let Some(words) = words {
            assert_eq!(diacritics(words, &mut doc, &mut plan), Unmapped::default());
        }
        (doc, plan)
    }

    fn repairs(plan: &Plan) -> Vec<&str> {
        plan.diagnostics.iter().filter(|d| d.code == Code::TextRepair).map(|d| d.message.as_str()).collect()
    }

    #[test]
    fn a_word_cut_by_a_page_break_is_repaired_where_the_cell_is_joined() {
        let (doc, plan) = converted(true);
        assert_eq!(plan.joins.len(), 1);
        let task = &plan.tables[0].items[0];
        assert_eq!(
            task.fields.partners.as_deref(),
            Some("Phòng Hành chính và Bổ trợ tư pháp; Trung tâm Trợ giúp pháp lý")
        );
        let repairs = repairs(&plan);
        assert_eq!(repairs.len(), 1, "{repairs:?}");
        assert!(repairs[0].contains("\"Bộ\" → \"Bổ\""), "{repairs:?}");
        // The blocks keep their parts as repaired alone.
        assert!(doc.blocks.iter().flat_map(Block::texts).any(|t| t == "Phòng Hành chính và Bộ trợ"));
    }

    #[test]
    fn without_repair_the_joined_cell_is_left_as_printed() {
        let (_, plan) = converted(false);
        let task = &plan.tables[0].items[0];
        assert_eq!(
            task.fields.partners.as_deref(),
            Some("Phòng Hành chính và Bộ trợ tư pháp; Trung tâm Trợ giúp pháp lý")
        );
        assert!(repairs(&plan).is_empty());
    }

    #[test]
    fn a_repeated_text_is_repaired_and_noted_where_each_stands() {
        // The same cell twice (repaired once, as the first): both get the
        // repairs, each with its own notes, as a cell alone would.
        let text = "TT\tNội dung\tĐơn vị chủ trì\n\
                    1\tViệc một\tV PUB tỉnh, Sở Nôi vụ\n\
                    2\tViệc hai\tV PUB tỉnh, Sở Nôi vụ\n";
        let mut doc = kehoach_extract::read_bytes_with("t.txt", text.as_bytes(), Default::default()).expect("reads");
        let words = words(&mut doc, ToneStyle::Old);
        let mut plan = kehoach_parse::parse(&doc);
        diacritics(words, &mut doc, &mut plan);
        let leads: Vec<_> = plan.tables[0].items.iter().map(|i| i.fields.lead.as_deref()).collect();
        assert_eq!(leads, [Some("VPUB tỉnh, Sở Nội vụ"); 2]);
        let lines: Vec<_> = plan
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::TextRepair)
            .map(|d| d.location.as_ref().and_then(|l| l.line))
            .collect();
        assert_eq!(lines, [Some(2), Some(2), Some(3), Some(3)], "{:?}", plan.diagnostics);
    }

    #[test]
    fn a_word_is_repaired_as_where_it_stands() {
        // "Bộ" left alone in one cell, changed in another: each plan text
        // gets the repair of the place its words agree with farthest.
        let (one, two, three, four) = (Location::line(1), Location::line(2), Location::line(3), Location::line(4));
        let mut map = map::TextMap::default();
        map.add("Bộ Tư pháp", "Bộ Tư pháp", &one);
        map.add("Phòng Hành chính và Bộ trợ tư pháp", "Phòng Hành chính và Bổ trợ tư pháp", &two);
        map.add("Bộ", "Bộ", &three);
        let alone = |_: &str| -> Option<String> { panic!("no text is repaired alone") };
        for (text, expected) in [
            ("Bộ Tư pháp", "Bộ Tư pháp"),
            ("Bộ", "Bộ"),
            ("và Bộ trợ tư pháp", "và Bổ trợ tư pháp"),
            ("Hành chính và Bộ", "Hành chính và Bổ"),
            ("phối hợp: \"Phòng Hành chính và Bộ trợ\"", "phối hợp: \"Phòng Hành chính và Bổ trợ\""),
            ("Phòng Hành chính và Bộ trợ tư pháp; Trung tâm", "Phòng Hành chính và Bổ trợ tư pháp; Trung tâm"),
        ] {
            let mut text = text.to_string();
            map.map(&mut text, &[], &alone);
            assert_eq!(text, expected);
        }
        // Two places agree as far with different repairs: repaired alone.
        map.add("Cục Bộ trợ giúp", "Cục Bộ trợ giúp", &four);
        let alone = |t: &str| Some(format!("alone: {t}"));
        let mut text = "Bộ trợ".to_string();
        map.map(&mut text, &[], &alone);
        assert_eq!((text.as_str(), map.unmapped), ("alone: Bộ trợ", 1));
        // Unless the plan knows where it came from.
        for (at, expected) in [(&two, "Bổ trợ"), (&four, "Bộ trợ")] {
            let mut text = "Bộ trợ".to_string();
            map.map(&mut text, std::slice::from_ref(at), &alone);
            assert_eq!(text, expected);
        }
    }

    #[test]
    fn a_text_equal_to_a_source_takes_its_repairs_only_where_no_other_agrees_as_far() {
        // A text equal to a source agrees with it to both ends; a source
        // that differs only in white space agrees as far (runs of white
        // space agree with any other), so where the two are repaired
        // differently the text is repaired alone, as before any shortcut.
        let (one, two, three) = (Location::line(1), Location::line(2), Location::line(3));
        let mut map = map::TextMap::default();
        map.add("Phòng Bộ trợ", "Phòng Bổ trợ", &one);
        map.add("Phòng  Bộ trợ", "Phòng  Bộ trợ", &two);
        map.add("Cục Bộ trợ giúp", "Cục Bộ trợ giúp", &three);
        let alone = |t: &str| Some(format!("alone: {t}"));
        let mut text = "Phòng Bộ trợ".to_string();
        map.map(&mut text, &[], &alone);
        assert_eq!((text.as_str(), map.unmapped), ("alone: Phòng Bộ trợ", 1));
        // Where the plan knows the place, that place's repairs.
        for (at, expected) in [(&one, "Phòng Bổ trợ"), (&two, "Phòng  Bộ trợ")] {
            let mut text = if at == &one { "Phòng Bộ trợ" } else { "Phòng  Bộ trợ" }.to_string();
            map.map(&mut text, std::slice::from_ref(at), &alone);
            assert_eq!(text, expected);
        }
        // Repaired alike, the two agree: the source's repairs.
        let mut map = map::TextMap::default();
        map.add("Phòng Bộ trợ", "Phòng Bổ trợ", &one);
        map.add("Phòng\tBộ trợ", "Phòng\tBổ trợ", &two);
        map.add("Cục Bộ trợ giúp", "Cục Bộ trợ giúp", &three);
        let mut text = "Phòng Bộ trợ".to_string();
        map.map(&mut text, &[], &alone);
        assert_eq!((text.as_str(), map.unmapped), ("Phòng Bổ trợ", 0));
    }
}
