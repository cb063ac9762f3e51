//! Fuzz target: arbitrary bytes as an .html file through the whole pipeline
//! (extract → parse → canonical JSON → flat records). Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = kehoach::Input::Bytes { name: "fuzz.html", bytes: data };
    match kehoach::convert(input, &kehoach::Options::default()) {
        Ok(converted) => {
            let _ = kehoach_normalize::to_json(&converted.document);
            let _ = kehoach_normalize::flat_records(&converted.document);
        }
        // kehoach::convert catches panics; for the fuzzer they are the finds.
        Err(e @ kehoach::Error::Internal { .. }) => panic!("{e}"),
        Err(_) => {}
    }
});
