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
//!   context-decided repair of broken diacritics and split words;
//! - [`repair`]: every text repair, in the order they run over one text of
//!   a document ([`repair::Repairs`]: invisible characters, look-alike
//!   letters, split abbreviations, diacritics, mark order and tone
//!   placement), each change a [`repair::Note`] with the original.
//!
//! What it does not own: the block model, and how notes become
//! diagnostics (`kehoach-extract`); walking a document's blocks through
//! the repairs is the repair stage, `kehoach-repair`.

pub mod diacritics;
pub mod fold;
pub mod nfc;
pub mod repair;
pub mod roman;
pub mod vietnamese;

pub use vietnamese::ToneStyle;
