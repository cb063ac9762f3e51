//! What every fuzz target does with its input: the whole pipeline
//! (extract → parse → canonical JSON → flat records) through
//! `kehoach::convert`. Any panic is a bug.

/// Converts `bytes` as a file called `name`; panics on an internal error.
pub fn convert(name: &str, bytes: &[u8]) {
    let input = kehoach::Input::Bytes { name, bytes };
    match kehoach::convert(input, &kehoach::Options::default()) {
        Ok(converted) => {
            let _ = kehoach_normalize::to_json(&converted.document);
            let _ = kehoach_normalize::flat_records(&converted.document);
        }
        // kehoach::convert catches panics; for the fuzzer they are the finds.
        Err(e @ kehoach::Error::Internal { .. }) => panic!("{e}"),
        Err(_) => {}
    }
}
