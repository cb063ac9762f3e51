//! The repair stage of kehoach's pipeline, between reading and parsing:
//!
//! ```text
//! kehoach-extract ─ blocks as read ─▶ kehoach-repair ─ repaired blocks ─▶ kehoach-parse
//! ```
//!
//! It owns one thing: walking a [`Document`]'s paragraphs and cells, with
//! the whole document as context, through `kehoach-vi`'s text repairs
//! ([`kehoach_vi::repair`]: invisible characters, look-alike letters,
//! split abbreviations, broken diacritics and split words, mark order and
//! tone placement) and recording each change as a `text-repair`
//! diagnostic with the original, each doubt as a `suspect-word`
//! ([`kehoach_extract::record_notes`]). What a repair does to one text is
//! `kehoach-vi`'s; the block model and the codes are `kehoach-extract`'s.
//!
//! It still runs before parsing. The parser's recognisers now read words
//! whose marks are damaged (they need only the repairs that change words:
//! look-alike letters, invisible characters, abbreviations, split words —
//! `kehoach_vi::repair::Repairs::repair_words`; `tests/noise.rs`,
//! `parsing_needs_no_diacritic_repair`), but moving the diacritic repairs
//! after parsing needs a walk over every text of the plan that keeps the
//! diagnostics and the `blocks` output as they are, which is not built
//! yet. The parser repairs again, with the same model, where it joins the
//! parts of a cell cut by a page break (`kehoach-parse`'s `join.rs`),
//! since only there is such a text whole.
//! `kehoach::convert` runs it unless `--no-repair`.
//!
//! ```
//! use kehoach_extract::{read_bytes_with, Block, Code, Options};
//! let text = "Văn phòng V PUB tỉnh";
//! let mut doc = read_bytes_with("plan.txt", text.as_bytes(), Options::default())?;
//! kehoach_repair::repair(&mut doc, kehoach_vi::ToneStyle::Old);
//! let texts: Vec<&str> = doc.blocks.iter().flat_map(Block::texts).collect();
//! assert_eq!(texts, ["Văn phòng VPUB tỉnh"]);
//! let repair = doc.diagnostics.iter().find(|d| d.code == Code::TextRepair).expect("recorded");
//! assert!(repair.message.starts_with("space inside an abbreviation: \"V PUB\" → \"VPUB\""));
//! # Ok::<(), kehoach_extract::Error>(())
//! ```
#![deny(missing_docs)]

use kehoach_extract::{record_notes, Block, Document};
use kehoach_vi::diacritics;
use kehoach_vi::repair::Repairs;
use kehoach_vi::ToneStyle;

/// Repairs every paragraph and cell of a document read by
/// `kehoach_extract::read_bytes_with` or `read_path_with`, placing the tone
/// of "oa", "oe", "uy" syllables by `tone_style`: one diagnostic per
/// repair or flag, appended to the document's.
///
/// Returns the repaired document's word and pair counts (`None` for a
/// document not written in Latin script), for the parser's repairs where
/// it joins cut cells (`kehoach_parse::parse_with_counts`): the document
/// is counted once, and the texts the stage repaired again.
pub fn repair(doc: &mut Document, tone_style: ToneStyle) -> Option<diacritics::Document> {
    let texts: Vec<&str> = doc.blocks.iter().flat_map(Block::texts).collect();
    let repairs = Repairs::new(&texts, tone_style);
    // Each repaired text before and after.
    let mut repaired: Vec<(String, String)> = Vec::new();
    for (text, location) in doc.blocks.iter_mut().flat_map(Block::texts_mut) {
        if let Some((fixed, notes)) = repairs.repair(text) {
            record_notes(notes, location, &mut doc.diagnostics);
            repaired.push((std::mem::replace(text, fixed), text.clone()));
        }
    }
    repairs.into_document(&repaired)
}
