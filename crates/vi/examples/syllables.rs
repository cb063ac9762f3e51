//! Lists the words of the given files with accents that are not valid
//! Vietnamese syllables, most frequent first (a check of the validator).
fn main() {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    let (mut words, mut invalid) = (0, 0);
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("UTF-8 text");
        for word in text.split(|c: char| !c.is_alphabetic() && !unicode_normalization::char::is_combining_mark(c)) {
            if word.is_empty() || word.is_ascii() {
                continue;
            }
            words += 1;
            if !kehoach_vi::vietnamese::is_syllable(word) {
                invalid += 1;
                *counts.entry(word.to_string()).or_default() += 1;
            }
        }
    }
    let mut list: Vec<(String, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("{invalid} of {words} words with accents are not valid syllables");
    for (word, n) in list {
        println!("{n}\t{word}");
    }
}
