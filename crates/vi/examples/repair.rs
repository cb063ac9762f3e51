//! Repairs the lines of standard input with the shipped lexicon and prints
//! each changed or flagged line with its notes and their scores: a way to
//! see what the diacritic repair would do to a text.
//!
//!     echo "Muc tiêu năm 2024" | cargo run -p kehoach-vi --example repair
use kehoach_vi::diacritics::{repair, BUILTIN};
use std::io::BufRead;

fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("UTF-8 input");
        match repair(&line, &BUILTIN) {
            Some((fixed, notes)) => {
                println!("{line}\n→ {fixed}");
                for n in notes {
                    println!(
                        "  {}: {:?} → {:?} ({}, score {:?})",
                        n.kind, n.original, n.replacement, n.confidence, n.score
                    );
                }
            }
            None => println!("{line}\n  (unchanged)"),
        }
    }
}
