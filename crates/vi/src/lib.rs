//! Vietnamese-language knowledge for kehoach, in one crate that depends on
//! no other kehoach crate (the readers, the parser and the normaliser all
//! use it):
//!
//! - [`vietnamese`]: letters taken apart by table (shape, tone), the
//!   syllable validator, tone placement ([`ToneStyle`]), combining-mark
//!   order, and the legacy 8-bit encodings (TCVN3, VNI, Windows-1258);
//! - [`fold`]: the folds that compare text — a search key without marks
//!   ([`fold::search_key`]), a lower-case comparable form
//!   ([`fold::comparable`]), marks stripped ([`fold::strip_marks`]) and
//!   the bare letters of a word ([`fold::letters`]);
//! - [`roman`]: Roman numerals, written and read;
//! - [`diacritics`]: the corpus lexicon (`data/lexicon.bin`, provenance in
//!   `data/LEXICON.md`), the official terms (`data/terms.txt`) and the
//!   context-decided repair of broken diacritics and split words, which
//!   returns [`diacritics::Note`]s: the caller turns them into its own
//!   diagnostics.
//!
//! What it does not own: the mechanical repairs tied to the block model
//! (invisible characters, look-alike letters; `kehoach-extract`'s
//! `repair.rs`, which calls this crate) and how diagnostics are coded.

pub mod diacritics;
pub mod fold;
pub mod roman;
pub mod vietnamese;

pub use vietnamese::ToneStyle;
