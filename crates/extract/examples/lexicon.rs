//! Writes `crates/extract/data/lexicon.tsv`: syllable and pair counts from
//! clean plan text (the seed documents) plus the official terms in
//! `data/terms.txt`, each counted 100 times.
//!
//!     cargo run -p kehoach-extract --example lexicon
use kehoach_extract::diacritics::Lexicon;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut texts = Vec::new();
    let mut seeds: Vec<_> =
        std::fs::read_dir(root.join("fixtures/seeds")).expect("seeds").map(|e| e.expect("entry").path()).collect();
    seeds.sort();
    for path in seeds {
        texts.push(std::fs::read_to_string(&path).expect("UTF-8 seed"));
    }
    let terms = std::fs::read_to_string(root.join("crates/extract/data/terms.txt")).expect("terms");
    let terms: String = terms.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    for _ in 0..100 {
        texts.push(terms.clone());
    }
    let lexicon = Lexicon::from_texts(texts.iter().map(String::as_str));
    let out = root.join("crates/extract/data/lexicon.tsv");
    std::fs::write(&out, lexicon.to_tsv()).expect("write");
    println!("wrote {}", out.display());
}
