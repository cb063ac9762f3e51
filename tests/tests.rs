//! kehoach's integration tests, organised by area (one test binary).
//!
//! - `batch`: reports, broken and skipped files, skip-unchanged, stdin
//!   lists, time limits, interruption;
//! - `fixtures`: every seed in `fixtures/seeds/` and office file in
//!   `fixtures/office/` and `fixtures/samples/` against its expected
//!   canonical JSON and JSONL (and, for office files, blocks) in
//!   `fixtures/expected/`;
//! - `formats`: the same plan as text, DOCX and XLSX gives the same records;
//!   damaged and hostile office files fail alone with a clear error;
//! - `quality`: `kehoach diff`, `check` and `report` on deliberate changes;
//! - `readings`: deadlines, agencies, deliverables and indicators as data;
//! - `schema`: the checked-in JSON Schema matches the types and every
//!   output validates against it;
//! - `cli`: the `kehoach` binary's behaviour (formats, errors, exit codes,
//!   output tree, determinism).
//!
//! Re-bless expected outputs after an intended change with
//! `KEHOACH_BLESS=1 cargo test --test tests`, then read the diff.

mod batch;
mod cli;
mod fixtures;
mod formats;
mod quality;
mod readings;
mod schema;
mod util;
