//! kehoach turns Vietnamese administrative-reform plan documents ("Kế
//! hoạch") into structured data. This crate is the one entry point to the
//! pipeline, for the `kehoach` command line and for any other program:
//!
//! ```text
//! bytes ─ read ─▶ blocks as read ─ word repairs ─▶ blocks the parser reads ─ parse ─▶ plan
//!       ─ diacritic repairs ─▶ repaired blocks and plan ─ normalize ─▶ canonical JSON, flat records
//! ```
//!
//! (one crate per stage: reading is `kehoach-extract`'s
//! [`kehoach_extract::read_path_with`]; the repairs are `kehoach-repair`'s,
//! with `kehoach-vi`'s text repairs: [`kehoach_repair::words`] before
//! parsing — look-alike letters, invisible characters, abbreviations, words
//! split by a space, what the parser's recognisers need — and
//! [`kehoach_repair::diacritics`] after it — the diacritic model, marks and
//! tones, decided on each whole paragraph and cell and where the parser
//! joined a cell cut by a page break, carried to the plan's texts; then
//! `kehoach-parse` and `kehoach-normalize`.) [`convert`] runs the steps on one
//! input (a file, or bytes with a name) and never panics: a bug in a reader
//! or in the parser becomes an [`Error::Internal`] naming the file, so one
//! bad file cannot take a batch down with it. (The panic itself still goes through the process's panic
//! hook; the `kehoach` binary installs a silent one.)
//!
//! ```
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/seeds/000_546985720e17fb0b.txt");
//! let converted = kehoach::convert(kehoach::Input::Path(path.as_ref()), &kehoach::Options::default())?;
//! assert_eq!(converted.document.source.format, kehoach::Format::Text);
//! assert!(converted.document.item_counts().activities > 100);
//! let records = kehoach_normalize::flat_records(&converted.document);
//! assert!(!records.is_empty());
//! # Ok::<(), kehoach::Error>(())
//! ```
#![deny(missing_docs)]

use std::path::Path;

pub use kehoach_extract::{Document, Format};
pub use kehoach_normalize::CanonicalDocument;

/// One document to convert.
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    /// A file, read by kehoach (and refused if larger than
    /// [`kehoach_extract::MAX_INPUT_BYTES`]). Errors name it as given.
    Path(&'a Path),
    /// A document already in memory. `name` is the file name shown in the
    /// output and in errors; its extension helps tell apart the formats
    /// that share a container (`.xls` and `.doc`, `.ods` and `.odt`).
    Bytes {
        /// The name it goes by.
        name: &'a str,
        /// Its content.
        bytes: &'a [u8],
    },
}

impl Input<'_> {
    /// The name errors give the input.
    fn shown(&self) -> String {
        match self {
            Input::Path(path) => path.display().to_string(),
            Input::Bytes { name, .. } => name.to_string(),
        }
    }
}

/// Choices about a conversion; the default is what `kehoach convert` does
/// without options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Reading: OCR, legacy-font text.
    pub extract: kehoach_extract::Options,
    /// Repair the text: the word repairs before parsing
    /// ([`kehoach_repair::words`]) and the diacritic repairs after it
    /// ([`kehoach_repair::diacritics`]). On by default; off with
    /// `kehoach --no-repair`, which leaves reading as it is (decoding,
    /// legacy fonts, NFC, NUL characters dropped).
    pub repair: bool,
    /// Where repairs put the tone of "oa", "oe", "uy" syllables ("hòa" or
    /// "hoà"); `ToneStyle::Old` by default (`--tone-style`).
    pub tone_style: kehoach_extract::vietnamese::ToneStyle,
    /// Output: agency spelling, which tables yield items.
    pub normalize: kehoach_normalize::Options,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            extract: kehoach_extract::Options::default(),
            repair: true,
            tone_style: kehoach_extract::vietnamese::ToneStyle::default(),
            normalize: kehoach_normalize::Options::default(),
        }
    }
}

/// A converted document.
#[derive(Debug)]
pub struct Converted {
    /// What the reader saw, repaired (`kehoach blocks`).
    pub blocks: Document,
    /// The canonical document (`kehoach convert --format json`); its flat
    /// records are [`kehoach_normalize::flat_records`].
    pub document: CanonicalDocument,
    /// Texts of the plan with a repaired word that no place in the blocks
    /// told apart, repaired alone instead (0 without repairs; see
    /// [`kehoach_repair::Unmapped`]). A check on the repair's provenance,
    /// not an output.
    pub unmapped: usize,
}

/// Why a document could not be converted. The message names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input could not be read: unreadable, too large, damaged, of no
    /// supported format (see [`kehoach_extract::ErrorKind`]).
    #[error(transparent)]
    Read(#[from] kehoach_extract::Error),
    /// A bug in kehoach: a reader or the parser panicked on this input.
    #[error("{file}: internal error while converting (a bug in kehoach: {reason})")]
    Internal {
        /// The input, as named.
        file: String,
        /// The panic's message.
        reason: String,
    },
}

/// Converts one document: reads it into blocks, parses the plan, builds the
/// canonical document. Never panics (see [`Error::Internal`]).
pub fn convert(input: Input<'_>, options: &Options) -> Result<Converted, Error> {
    let run = || -> Result<Converted, Error> {
        // Reading: the text as read (decoded, NFC).
        let mut blocks = match input {
            Input::Path(path) => kehoach_extract::read_path_with(path, options.extract),
            Input::Bytes { name, bytes } => kehoach_extract::read_bytes_with(name, bytes, options.extract),
        }?;
        // The repairs that change words, over every paragraph and cell: the
        // parser reads words whose marks are damaged, not words split by a
        // space or spelled with look-alike letters (README "Architecture").
        let words = options.repair.then(|| kehoach_repair::words(&mut blocks, options.tone_style));
        let mut plan = kehoach_parse::parse(&blocks);
        // The diacritic repairs, decided on each whole paragraph and cell
        // and where the parser joined a cell cut by a page break, carried to
        // the blocks and to the plan's texts.
        let unmapped = words.map_or(0, |words| kehoach_repair::diacritics(words, &mut blocks, &mut plan).texts);
        let document = kehoach_normalize::canonical_with(&blocks.source, &plan, options.normalize);
        Ok(Converted { blocks, document, unmapped })
    };
    std::panic::catch_unwind(run).unwrap_or_else(|payload| {
        Err(Error::Internal { file: input.shown(), reason: kehoach_extract::panic_message(payload.as_ref()) })
    })
}
