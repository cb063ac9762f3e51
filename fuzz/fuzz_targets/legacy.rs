//! Fuzz target: arbitrary bytes as a legacy Word (.doc) or RTF file through
//! the whole pipeline. Both go through LibreOffice (`soffice`, which must be
//! installed), so an execution takes about a second: this target checks
//! kehoach's side (sniffing, the LibreOffice wrapper, its time limit and
//! error handling, the DOCX it gets back), not LibreOffice's parsers. The
//! first byte picks the name (even: .doc, odd: .rtf).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let name = if pick % 2 == 0 { "fuzz.doc" } else { "fuzz.rtf" };
    common::convert(name, bytes);
});
