//! Writes `crates/vi/data/lexicon.bin`, the lexicon (fixed-width tables read in place) the
//! diacritic repairs read, from the syllable and pair counts of 1,506
//! Vietnamese legal and administrative documents (`unigrams.tsv`,
//! `bigrams.tsv`: `word<TAB>count`, `word word<TAB>count`; provenance and
//! licence in `crates/vi/data/LEXICON.md`):
//!
//!     cargo run --release -p kehoach-vi --example lexicon -- ../shared/lexicon
//!
//! No counts of the seeds or of the clean test documents go in, so the
//! measurements on them are on unseen text.
use kehoach_vi::diacritics::Lexicon;
use std::path::{Path, PathBuf};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: lexicon DIR (with unigrams.tsv, bigrams.tsv)"));
    let unigrams: Vec<(String, u32)> = read(&dir.join("unigrams.tsv"))
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .filter_map(|(w, n)| Some((w.to_string(), n.trim().parse().ok()?)))
        .collect();
    let bigrams: Vec<(String, String, u32)> = read(&dir.join("bigrams.tsv"))
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .filter_map(|(pair, n)| {
            let (a, b) = pair.split_once(' ')?;
            Some((a.to_string(), b.to_string(), n.trim().parse().ok()?))
        })
        .collect();
    let lexicon = Lexicon::from_counts(unigrams, bigrams);
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lexicon.bin");
    let bytes = lexicon.to_bytes();
    std::fs::write(&out, &bytes).expect("write");
    println!("wrote {} ({} words, {} bytes)", out.display(), lexicon.len(), bytes.len());
}
