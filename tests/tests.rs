//! kehoach's integration tests, organised by area (one test binary).
//!
//! - `fixtures`: every seed in `fixtures/seeds/` against its expected
//!   canonical JSON and JSONL in `fixtures/expected/`;
//! - `schema`: the checked-in JSON Schema matches the types and every
//!   output validates against it;
//! - `cli`: the `kehoach` binary's behaviour (formats, errors, exit codes,
//!   output tree, determinism).
//!
//! Re-bless expected outputs after an intended change with
//! `KEHOACH_BLESS=1 cargo test --test tests`, then read the diff.

mod cli;
mod fixtures;
mod schema;
mod util;
