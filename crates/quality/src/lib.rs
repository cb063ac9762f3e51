//! Quality tooling over kehoach's outputs: where a parse went wrong and
//! whether a change made things better or worse.
//!
//! - [`diff`]: two outputs (canonical JSON or flat JSONL) compared item by
//!   item — added, missing and changed items with the fields that changed;
//! - [`check`]: a fixture set (inputs and expected outputs by a naming
//!   convention) scored per document: precision, recall, field accuracy;
//! - [`report`]: a self-contained HTML page for spot-checking one document
//!   against its source.
//!
//! This crate reads outputs and the extracted document; it runs no part of
//! the pipeline itself.
#![deny(missing_docs)]

pub mod check;
pub mod diff;
pub mod report;

pub use check::{check, pairs, render_table, without_expected, CheckError, Outcome, Pair};
pub use diff::{diff, entries, render, Diff, Entry, FormatError};
pub use report::{report_html, report_html_with_image, report_html_with_pages, PageImage};
