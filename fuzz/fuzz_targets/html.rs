//! Fuzz target: arbitrary bytes as an .html file through the whole pipeline
//! (extract → parse → canonical JSON → flat records). Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = kehoach_extract::extract_bytes("fuzz.html", data) {
        let plan = kehoach_parse::parse(&doc);
        let canonical = kehoach_normalize::canonical(&doc.source, &plan);
        let _ = kehoach_normalize::to_json(&canonical);
        let _ = kehoach_normalize::flat_records(&canonical);
    }
});
