//! Fuzz target: arbitrary bytes as a .txt file through the whole pipeline
//! (extract → parse → canonical JSON → flat records). Any panic is a bug.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::convert("fuzz.txt", data));
