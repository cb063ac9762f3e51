//! Issue 16's measurement: a noise generator damages clean text the way
//! OCR does, and the repairs are scored against the clean text; clean text
//! must come through unchanged.
//!
//! Each sampled line (a paragraph or cell with four or more words with
//! accents) gets one damage at a random word: a tone mark dropped ("mục" →
//! "muc") or swapped ("kịp" → "kíp"), a vowel shape lost ("lưu" → "luu",
//! "đạt" → "dạt"), the word split by a space ("thường" → "thườn g") or a
//! Cyrillic look-alike letter ("hoạch" → "hоạch"). A repair of the damaged
//! line is *correct* when it gives back the clean line; recall is correct
//! repairs over damaged lines, precision correct repairs over lines changed.
//! Each damaged line is repaired as the reader repairs it: as one text of
//! its document (the document's other texts clean, this one damaged), so
//! what the document repeats elsewhere counts as evidence. The measurement
//! calls `kehoach-vi`'s diacritic repair directly, on purpose (it scores
//! that model, line by line); `clean_text_is_left_alone` goes through
//! `kehoach::convert`.
//!
//! - `clean_text_is_left_alone` (fast, always run): four clean legal
//!   documents (`fixtures/clean/`, never used for tuning) and phrases that
//!   older repairs broke must come through the whole conversion with no
//!   word changed and no flag;
//! - `repairs_restore_damaged_seed_text` (fast): the noise on the seeds;
//! - `vi_clean_measurement` (`#[ignore]`d, a few seconds in a release build: `cargo test
//!   --release --test tests vi_clean -- --ignored --nocapture`): the 40
//!   documents of `../shared/vi-clean/` (or `$KEHOACH_VI_CLEAN`) — every
//!   false repair listed, suspect notes counted, and the noise measured on
//!   documents 01–20 (the half the thresholds were tuned on), 21–40 (held
//!   out: its tone and shape recall must be 0.8 or more at precision 0.99)
//!   and all 40 with another draw, per damage kind; then words at a text's
//!   edge (short cell-like texts cut from the lines, their first or last
//!   word damaged, and the clean short texts as false repairs), tuned and
//!   held-out halves. Its figures are in the README.

use crate::util::{convert_bytes, root};
use kehoach_extract::Code;
use kehoach_vi::diacritics::{repair_in, Document, Lexicon, BUILTIN};
use kehoach_vi::repair::{latin_twin, NoteKind};
use kehoach_vi::ToneStyle;
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

/// A small deterministic generator (64-bit LCG).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

/// One damage of one word, or `None` when the kind does not apply.
fn damage(word: &str, kind: usize) -> Option<String> {
    let nfd: Vec<char> = word.nfd().collect();
    let out: String = match kind {
        // tone dropped
        0 => nfd.iter().filter(|c| !TONES.contains(c)).collect::<String>(),
        // tone swapped for the next one
        1 => {
            let tone = nfd.iter().position(|c| TONES.contains(c))?;
            let next = TONES[(TONES.iter().position(|t| *t == nfd[tone]).unwrap() + 1) % 5];
            nfd.iter().enumerate().map(|(i, c)| if i == tone { next } else { *c }).collect()
        }
        // vowel shape lost (horn, circumflex, breve; đ → d)
        2 => nfd
            .iter()
            .filter(|c| !matches!(c, '\u{031B}' | '\u{0302}' | '\u{0306}'))
            .map(|c| match c {
                'đ' => 'd',
                'Đ' => 'D',
                other => *other,
            })
            .collect(),
        // split by a space before the last letter
        3 => {
            let chars: Vec<char> = word.chars().collect();
            if chars.len() < 4 {
                return None;
            }
            let cut = chars.len() - 1;
            format!("{} {}", chars[..cut].iter().collect::<String>(), chars[cut..].iter().collect::<String>())
        }
        // a Cyrillic look-alike for a Latin "o", "a", "e", "c" or "p"
        _ => {
            let swap = |c: char| match c {
                'o' => Some('о'),
                'a' => Some('а'),
                'e' => Some('е'),
                'c' => Some('с'),
                'p' => Some('р'),
                _ => None,
            };
            let at = word.chars().position(|c| swap(c).is_some())?;
            word.chars().enumerate().map(|(i, c)| if i == at { swap(c).unwrap() } else { c }).collect()
        }
    };
    let out: String = out.nfc().collect();
    (out != word).then_some(out)
}

fn seed_texts() -> Vec<(String, String)> {
    crate::util::seeds()
        .into_iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(p).unwrap()))
        .collect()
}

/// The lines to damage: cells and paragraphs with four or more words with
/// accents, no markup.
fn sample_lines(text: &str) -> Vec<String> {
    text.lines()
        .flat_map(|l| l.split('\t'))
        .map(|c| c.trim().to_string())
        .filter(|c| !c.contains('<') && !c.contains('*') && c.split_whitespace().filter(|w| !w.is_ascii()).count() >= 4)
        .collect()
}

const KINDS: [&str; 5] = ["tone dropped", "tone swapped", "shape lost", "word split", "look-alike"];

#[derive(Default, Debug)]
struct Score {
    damaged: usize,
    changed: usize,
    correct: usize,
    clean_lines: usize,
    false_repairs: usize,
    /// Per damage kind: (damaged, changed, restored).
    by_kind: [(usize, usize, usize); 5],
}

impl Score {
    /// Scores the repair of `words` with the word at `at` damaged by damage
    /// `kind` (nothing when that damage leaves the word as it is):
    /// `texts` (the document's other texts) gets the damaged text as its
    /// last, and the repair restores it when it gives `reference`.
    fn damaged_word(
        &mut self,
        words: &[&str],
        at: usize,
        kind: usize,
        reference: &str,
        mut texts: Vec<String>,
        lexicon: &Lexicon,
    ) {
        let Some(bad) = damage(words[at], kind) else { return };
        let damaged: String =
            words.iter().enumerate().map(|(i, w)| if i == at { bad.as_str() } else { w }).collect::<Vec<_>>().join(" ");
        self.damaged += 1;
        self.by_kind[kind].0 += 1;
        texts.push(damaged.clone());
        let fixed = fix(&damaged, lexicon, &Document::new(texts));
        if fixed != damaged {
            self.changed += 1;
            self.by_kind[kind].1 += 1;
            if fixed == reference {
                self.correct += 1;
                self.by_kind[kind].2 += 1;
            }
        }
    }

    fn kind(&self, kind: usize) -> (f64, f64) {
        let (damaged, changed, restored) = self.by_kind[kind];
        (restored as f64 / damaged.max(1) as f64, restored as f64 / changed.max(1) as f64)
    }
}

/// Repairs a line as the reader does: look-alike letters by `kehoach-vi`'s
/// own table (the reader's other mechanical repairs, such as removing
/// invisible characters, are left out: the clean references keep theirs),
/// then diacritics and split words with `lexicon`, the line read as one
/// text of `document`.
fn fix(line: &str, lexicon: &Lexicon, document: &Document) -> String {
    let latin: String = line.chars().map(|c| latin_twin(c).unwrap_or(c)).collect();
    repair_in(&latin, lexicon, document).map_or(latin, |(t, _)| t)
}

/// The texts of a document as the reader repairs them: its lines, cut at
/// tabs (cells).
fn texts_of(text: &str) -> Vec<String> {
    text.lines().flat_map(|l| l.split('\t')).map(str::to_string).collect()
}

/// One damage per line; each line is `(line, document)`, an index into
/// `documents`, and is repaired in its document as the reader repairs it
/// (the document's other texts as they are, this line damaged: what the
/// document itself repeats is evidence). `reference` gives the clean form
/// of a line (the line itself for clean text; for a seed line, the line
/// with its own, reviewed damage repaired). Clean-text false repairs:
/// references that a repair changes.
fn measure(
    lines: &[(String, usize)],
    documents: &[Vec<String>],
    lexicon: &Lexicon,
    rng: &mut Rng,
    reference: impl Fn(&str, &Document) -> String,
) -> Score {
    let mut score = Score::default();
    let clean: Vec<Document> = documents.iter().map(|d| Document::new(d.clone())).collect();
    for (line, d) in lines {
        let reference = reference(line, &clean[*d]);
        score.clean_lines += 1;
        if fix(&reference, lexicon, &clean[*d]) != reference {
            score.false_repairs += 1;
        }
        let words: Vec<&str> = reference.split(' ').collect();
        let at = rng.below(words.len());
        let kind = rng.below(5);
        let texts: Vec<String> = documents[*d].iter().filter(|t| t.trim() != line.as_str()).cloned().collect();
        score.damaged_word(&words, at, kind, &reference, texts, lexicon);
    }
    score
}

/// Words at a text's edge, where one neighbour is missing: each sampled
/// line gives a short cell-like text (its first or last two to four words,
/// drawn at random), read as one text of its document in place of the
/// line. The clean short text must come through unchanged (a change is a
/// false repair at an edge: "ngầm hóa cáp" → "cấp" when "cáp" ends a
/// cell); then its first or last word gets one damage, and the repair of
/// that word is scored as in [`measure`].
fn measure_edges(lines: &[(String, usize)], documents: &[Vec<String>], lexicon: &Lexicon, rng: &mut Rng) -> Score {
    let mut score = Score::default();
    for (line, d) in lines {
        let words: Vec<&str> = line.split(' ').collect();
        let n = (2 + rng.below(3)).min(words.len());
        let at_end = rng.below(2) == 0;
        let short = if at_end { &words[words.len() - n..] } else { &words[..n] };
        let reference = short.join(" ");
        let mut texts: Vec<String> = documents[*d].iter().filter(|t| t.trim() != line.as_str()).cloned().collect();
        texts.push(reference.clone());
        score.clean_lines += 1;
        let clean = fix(&reference, lexicon, &Document::new(texts.clone()));
        if clean != reference {
            eprintln!("  edge false repair: {reference:?} → {clean:?}");
            score.false_repairs += 1;
        }
        let at = if at_end { n - 1 } else { 0 };
        let kind = rng.below(5);
        texts.pop();
        score.damaged_word(short, at, kind, &reference, texts, lexicon);
    }
    score
}

/// The sampled lines of `texts`, each with the index of its text.
fn lines_of(texts: &[(String, String)], keep: impl Fn(usize) -> bool) -> Vec<(String, usize)> {
    texts
        .iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .flat_map(|(i, (_, t))| sample_lines(t).into_iter().map(move |l| (l, i)))
        .collect()
}

fn report(name: &str, s: &Score) -> (f64, f64, f64) {
    let precision = s.correct as f64 / s.changed.max(1) as f64;
    let recall = s.correct as f64 / s.damaged.max(1) as f64;
    let false_rate = s.false_repairs as f64 / s.clean_lines.max(1) as f64;
    eprintln!(
        "{name}: {} damaged lines, {} changed, {} restored: precision {precision:.3}, recall {recall:.3}; \
         clean lines changed: {} of {} ({:.2}%)",
        s.damaged,
        s.changed,
        s.correct,
        s.false_repairs,
        s.clean_lines,
        false_rate * 100.0
    );
    for (k, kind) in KINDS.iter().enumerate() {
        let (damaged, changed, restored) = s.by_kind[k];
        let (recall, precision) = s.kind(k);
        eprintln!(
            "  {kind}: {restored} of {damaged} restored ({changed} changed): recall {recall:.3}, precision {precision:.3}"
        );
    }
    (precision, recall, false_rate)
}

/// The text repairs that change no word: tone placement is a convention,
/// and invisible characters are no word.
const NOT_WORD_CHANGES: [NoteKind; 3] = [
    NoteKind::TonePlacement(ToneStyle::Old),
    NoteKind::TonePlacement(ToneStyle::New),
    NoteKind::InvisibleCharactersRemoved,
];

/// What the whole conversion changes in a clean text, one line per word
/// change (tone-placement moves are a convention, not a change of word),
/// and its `suspect-word` notes.
fn conversion_changes(name: &str, text: &str) -> (Vec<String>, Vec<String>) {
    let doc = convert_bytes(name, text.as_bytes()).blocks;
    let mut changes = Vec::new();
    let mut suspects = Vec::new();
    for d in &doc.diagnostics {
        match d.code {
            Code::TextRepair if !NOT_WORD_CHANGES.iter().any(|k| d.message.starts_with(k.name())) => {
                changes.push(format!("{name}: {}", d.message))
            }
            Code::SuspectWord => suspects.push(format!("{name}: {}", d.message)),
            _ => {}
        }
    }
    (changes, suspects)
}

#[test]
fn clean_text_is_left_alone() {
    let dir = root().join("fixtures/clean");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/clean")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 4);
    let mut texts: Vec<(String, String)> = files
        .iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(p).unwrap()))
        .collect();
    // Correct text that earlier repairs changed or flagged (issue 16).
    texts.push((
        "regressions.txt".into(),
        [
            "Cơ sở lưu trú du lịch phải đăng ký lưu trú cho khách.",
            "Chương trình Make in Viet Nam của Bộ.",
            "Hệ thống it is designed for the public.",
            "Kết quả đáp ứng đúng yêu cầu của người dân.",
            "Phát triển tri thức, gia đình và số ngành có liên quan.",
        ]
        .join("\n"),
    ));
    let mut all = Vec::new();
    for (name, text) in &texts {
        let (changes, suspects) = conversion_changes(name, text);
        all.extend(changes);
        all.extend(suspects);
    }
    assert!(all.is_empty(), "clean text changed or flagged:\n{}", all.join("\n"));
}

#[test]
fn repairs_restore_damaged_seed_text() {
    let seeds = seed_texts();
    let lines = lines_of(&seeds, |_| true);
    let documents: Vec<Vec<String>> = seeds.iter().map(|(_, t)| texts_of(t)).collect();
    assert!(lines.len() > 500, "{} lines", lines.len());
    let s = measure(&lines, &documents, &BUILTIN, &mut Rng(7), |l, d| fix(l, &BUILTIN, d));
    let (precision, recall, false_rate) = report("seeds (lexicon without them)", &s);
    assert!(precision >= 0.95 && recall >= 0.5 && false_rate <= 0.005, "{precision} {recall} {false_rate}");
}

/// `../shared/vi-clean/`, next to the repository (or `$KEHOACH_VI_CLEAN`).
fn vi_clean_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("KEHOACH_VI_CLEAN") {
        return PathBuf::from(dir);
    }
    let root = root();
    for dir in root.ancestors() {
        let candidate = dir.join("shared/vi-clean");
        if candidate.is_dir() {
            return candidate;
        }
    }
    panic!("../shared/vi-clean not found: set KEHOACH_VI_CLEAN to the directory of the 40 clean documents");
}

#[test]
#[ignore = "measurement on ../shared/vi-clean (a few seconds in release); run with --ignored"]
fn vi_clean_measurement() {
    let dir = vi_clean_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("vi-clean")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 40, "the 40 clean documents in {}", dir.display());
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(p).unwrap()))
        .collect();
    let words: usize = texts.iter().map(|(_, t)| t.split_whitespace().count()).sum();
    let (mut changes, mut suspects) = (Vec::new(), Vec::new());
    for (name, text) in &texts {
        let (c, s) = conversion_changes(name, text);
        changes.extend(c);
        suspects.extend(s);
    }
    eprintln!("vi-clean: {} documents, {words} words", texts.len());
    eprintln!("word changes: {}", changes.len());
    for c in &changes {
        eprintln!("  {c}");
    }
    eprintln!("suspect-word notes: {}", suspects.len());
    for s in &suspects {
        eprintln!("  {s}");
    }
    let documents: Vec<Vec<String>> = texts.iter().map(|(_, t)| texts_of(t)).collect();
    let same = |l: &str, _: &Document| l.to_string();
    let tuned = measure(&lines_of(&texts, |i| i < 20), &documents, &BUILTIN, &mut Rng(7), same);
    report("vi-clean 01-20 (tuned on)", &tuned);
    let held_out = measure(&lines_of(&texts, |i| i >= 20), &documents, &BUILTIN, &mut Rng(11), same);
    let (precision, _, _) = report("vi-clean 21-40 (held out)", &held_out);
    let all = measure(&lines_of(&texts, |_| true), &documents, &BUILTIN, &mut Rng(3), same);
    report("vi-clean 01-40 (another draw)", &all);
    let edges_tuned = measure_edges(&lines_of(&texts, |i| i < 20), &documents, &BUILTIN, &mut Rng(5));
    report("vi-clean 01-20, short texts, edge word (tuned on)", &edges_tuned);
    let edges = measure_edges(&lines_of(&texts, |i| i >= 20), &documents, &BUILTIN, &mut Rng(13));
    report("vi-clean 21-40, short texts, edge word (held out)", &edges);
    // Every change must be one of these typos of the sources (reviewed one
    // by one: "hăng năm" for "hằng năm", "Giáo dục thưởng xuyên", and the
    // OCR-like text of document 34: "thâm quyên", "Đôi với", "đê thực
    // hiện", "thay thê băng", "chấm đứt" …).
    let genuine = [
        "02-doc_000033.txt: \"hăng\" → \"hằng\"",
        "12-doc_000590.txt: \"thưởng\" → \"thường\"",
        "34-doc_000030.txt: \"dich\" → \"dịch\"",
        "34-doc_000030.txt: \"cầp\" → \"cấp\"",
        "34-doc_000030.txt: \"Sô\" → \"Sổ\"",
        "34-doc_000030.txt: \"kêt\" → \"kết\"",
        "34-doc_000030.txt: \"tinh\" → \"tỉnh\"",
        "34-doc_000030.txt: \"kiêm\" → \"kiểm\"",
        "34-doc_000030.txt: \"chêt\" → \"chết\"",
        "34-doc_000030.txt: \"thê\" → \"thế\"",
        "34-doc_000030.txt: \"băng\" → \"bằng\"",
        "34-doc_000030.txt: \"thâm\" → \"thẩm\"",
        "34-doc_000030.txt: \"đứt\" → \"dứt\"",
        "34-doc_000030.txt: \"quyên\" → \"quyền\"",
        "34-doc_000030.txt: \"Đôi\" → \"Đối\"",
        "34-doc_000030.txt: \"đê\" → \"để\"",
    ];
    let is_genuine = |c: &String| {
        genuine.iter().any(|g| {
            let (doc, change) = g.split_once(": ").unwrap();
            c.starts_with(doc) && c.contains(change)
        })
    };
    let false_repairs: Vec<&String> = changes.iter().filter(|c| !is_genuine(c)).collect();
    eprintln!("false repairs of correct words: {}", false_repairs.len());
    assert!(false_repairs.len() <= 4, "false repairs: {false_repairs:#?}");
    assert!(suspects.len() <= 20, "{} suspect notes", suspects.len());
    assert!(precision >= 0.99, "precision {precision}");
    // Issue 16: tone and shape damage restored at 0.8 or more, held out.
    for (kind, name) in KINDS.iter().enumerate().take(3) {
        let (recall, _) = held_out.kind(kind);
        assert!(recall >= 0.8, "{name}: recall {recall}");
    }
}

/// Structure recovery holds on damaged text: seed 002 with one word in
/// five damaged (headers, group titles and numbers' neighbours included)
/// gives the same items as the clean seed.
#[test]
fn structure_survives_damage() {
    let clean_path = root().join("fixtures/seeds/002_ddd63cb72f6035f4.txt");
    let clean = std::fs::read_to_string(&clean_path).unwrap();
    let mut rng = Rng(3);
    let damaged: String = clean
        .split('\n')
        .map(|line| {
            line.split('\t')
                .map(|cell| {
                    cell.split(' ')
                        .map(|w| {
                            let plain = w.chars().all(|c| c.is_alphabetic());
                            if plain && rng.below(5) == 0 {
                                damage(w, rng.below(5)).unwrap_or_else(|| w.to_string())
                            } else {
                                w.to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(damaged, clean);
    let convert = |name: &str, text: &str| kehoach_normalize::to_json(&convert_bytes(name, text.as_bytes()).document);
    let entries = |json: &str| kehoach_quality::entries(json).expect("canonical JSON");
    let diff = kehoach_quality::diff(&entries(&convert("002.txt", &clean)), &entries(&convert("002.txt", &damaged)));
    eprintln!(
        "damaged 002: {} of {} items matched ({} added, {} missing), {} of {} fields equal",
        diff.matched,
        diff.expected_count,
        diff.added.len(),
        diff.missing.len(),
        diff.fields_equal,
        diff.fields_compared
    );
    assert_eq!((diff.matched, diff.added.len(), diff.missing.len()), (diff.expected_count, 0, 0));
}

/// The decisions the diacritic model keeps per worker thread
/// (`kehoach-vi`'s shared decision cache) depend on no option: one thread
/// converting documents in turn with every tone style, without repair and
/// with the output options, in two orders, gives each conversion what a
/// fresh thread (empty caches) gives it. The documents are seed 001 (its
/// "KÉ HOẠCH" and "bô máy" are valid syllables changed in context) and
/// seeds 000 and 002 with one word in five damaged.
#[test]
fn decisions_kept_per_thread_do_not_depend_on_options() {
    use kehoach_vi::ToneStyle::{AsPrinted, New, Old};
    let seeds = crate::util::seeds();
    let read = |k: usize| std::fs::read_to_string(&seeds[k]).unwrap();
    let docs: Vec<(String, String)> = vec![
        ("001.txt".into(), read(1)),
        ("000-damaged.txt".into(), damaged_document(&read(0), &mut Rng(11))),
        ("002-damaged.txt".into(), damaged_document(&read(2), &mut Rng(12))),
    ];
    let options: Vec<kehoach::Options> =
        [(Old, true, false), (New, true, false), (AsPrinted, true, true), (New, false, false)]
            .into_iter()
            .map(|(tone_style, repair, outputs)| {
                let mut options = kehoach::Options { tone_style, repair, ..Default::default() };
                options.normalize.expand_ubnd = outputs;
                options.normalize.all_tables = outputs;
                options
            })
            .collect();
    let convert = |(name, text): &(String, String), options: &kehoach::Options| -> String {
        let input = kehoach::Input::Bytes { name, bytes: text.as_bytes() };
        let converted = kehoach::convert(input, options).expect("converts");
        let blocks: Vec<&str> = converted.blocks.blocks.iter().flat_map(kehoach_extract::Block::texts).collect();
        format!("{}\n{blocks:?}", kehoach_normalize::to_json(&converted.document))
    };
    // Each conversion on a thread of its own: nothing kept from another.
    let cold: Vec<Vec<String>> = std::thread::scope(|scope| {
        let runs: Vec<Vec<_>> =
            options.iter().map(|o| docs.iter().map(|d| scope.spawn(move || convert(d, o))).collect()).collect();
        runs.into_iter().map(|r| r.into_iter().map(|h| h.join().expect("converts")).collect()).collect()
    });
    // Every option set and document in turn on one thread, options first
    // and documents first, forwards and backwards.
    let orders: Vec<Vec<(usize, usize)>> = {
        let pairs: Vec<(usize, usize)> =
            (0..options.len()).flat_map(|o| (0..docs.len()).map(move |d| (o, d))).collect();
        let by_document: Vec<(usize, usize)> =
            (0..docs.len()).flat_map(|d| (0..options.len()).map(move |o| (o, d))).collect();
        vec![pairs.clone(), pairs.into_iter().rev().collect(), by_document.into_iter().rev().collect()]
    };
    for order in orders {
        std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    for &(o, d) in &order {
                        let warm = convert(&docs[d], &options[o]);
                        assert!(
                            warm == cold[o][d],
                            "{} with options {o} after {order:?}: differs from a cold run",
                            docs[d].0
                        );
                    }
                })
                .join()
                .expect("the same as cold runs");
        });
    }
    // The option sets give different outputs (tone placement, repair on
    // or off), so a decision carried across them would show.
    assert!(cold[0][1] != cold[1][1] && cold[0][1] != cold[3][1]);
}

/// Item numbers damaged by OCR ("3,1." and "3.l." for "3.1.") are read as
/// the numbers they are: seed 000 with such numbers gives the clean seed's
/// records.
#[test]
fn damaged_item_numbers_are_read() {
    let clean = std::fs::read_to_string(root().join("fixtures/seeds/000_546985720e17fb0b.txt")).unwrap();
    let damaged = clean.replace("3.1. ", "3,1. ").replace("3.11. ", "3.ll. ").replace("2.1. ", "2,1. ");
    assert_ne!(damaged, clean);
    let records = |text: &str| {
        let canonical = convert_bytes("000.txt", text.as_bytes()).document;
        let notes = canonical.diagnostics.iter().filter(|d| d.code == Code::NumberRepaired).count();
        (kehoach_normalize::flat_records(&canonical), notes)
    };
    let (expected, none) = records(&clean);
    let (actual, repaired) = records(&damaged);
    assert_eq!(none, 0);
    assert!(repaired >= 3, "{repaired} numbers repaired");
    assert_eq!(serde_json::to_value(&actual).unwrap(), serde_json::to_value(&expected).unwrap(), "records differ");
}

/// `text` with each word of letters damaged with odds 1 in 5 (a kind
/// drawn at random), as `structure_survives_damage` damages seed 002.
fn damaged_document(text: &str, rng: &mut Rng) -> String {
    let word = |w: &str, rng: &mut Rng| {
        let plain = w.chars().all(|c| c.is_alphabetic());
        if plain && rng.below(5) == 0 {
            damage(w, rng.below(5)).unwrap_or_else(|| w.to_string())
        } else {
            w.to_string()
        }
    };
    text.split('\n')
        .map(|line| {
            line.split('\t')
                .map(|cell| cell.split(' ').map(|w| word(w, rng)).collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plan of `text` as parsed after every repair (`Repairs::repair` on
/// each paragraph and cell, the order before the repairs were split around
/// parsing: `every_repair`) or after the repairs that change words
/// (`kehoach_repair::words`: mechanical, abbreviations, split words, what
/// the parser reads now), as the parser decided it: printed with `{:#?}`,
/// one line per field, every word as "w" (how a word is spelled is the
/// repairs' business; which words the parser found, where, how many, with
/// what numbers and confidences is the parser's), the repairs' own
/// diagnostics left out. (How many cells name an agency is returned apart,
/// as (agency cells, cells) per count.) Then the whole plan, words and
/// all: for `every_repair`, as parsed; else after the repairs after
/// parsing (`kehoach_repair::diacritics`, here without its repairs at the
/// joins of cells cut by page breaks, which the parser made before), which
/// must have carried every repaired word to the plan by place.
fn plan_seen(name: &str, text: &str, every_repair: bool) -> (Vec<String>, Vec<(usize, usize)>, Vec<String>) {
    let mut doc = kehoach_extract::read_bytes_with(name, text.as_bytes(), Default::default()).expect("readable");
    let words = if every_repair {
        let texts: Vec<&str> = doc.blocks.iter().flat_map(kehoach_extract::Block::texts).collect();
        let repairs = kehoach_vi::repair::Repairs::new(&texts, ToneStyle::Old);
        for (text, location) in doc.blocks.iter_mut().flat_map(kehoach_extract::Block::texts_mut) {
            if let Some((fixed, notes)) = repairs.repair(text) {
                kehoach_extract::record_notes(notes, location, &mut doc.diagnostics);
                *text = fixed;
            }
        }
        None
    } else {
        Some(kehoach_repair::words(&mut doc, ToneStyle::Old))
    };
    let mut plan = kehoach_parse::parse(&doc);
    let parsed = plan.clone();
    if let Some(words) = words {
        // Without the repairs at the joins of cut cells, which the parser
        // made before (the fixtures check those, `fixtures/expected`).
        plan.joins.clear();
        let unmapped = kehoach_repair::diacritics(words, &mut doc, &mut plan);
        assert_eq!(unmapped.texts, 0, "{name}: plan texts repaired alone");
    }
    plan.joins.clear();
    let whole = format!("{plan:#?}").lines().map(str::to_string).collect();
    let mut plan = parsed;
    plan.diagnostics.retain(|d| !matches!(d.code, Code::TextRepair | Code::SuspectWord));
    plan.joins.clear();
    // How many cells name an agency, apart (see `parsing_needs_no_diacritic_repair`).
    let mut agencies = Vec::new();
    for evidence in plan.tables.iter_mut().flat_map(|t| t.role.evidence.iter_mut()) {
        if evidence.feature == "agency_cells" || evidence.feature == "items_are_agencies" {
            let numbers: Vec<usize> = evidence.detail.split(' ').filter_map(|w| w.parse().ok()).collect();
            agencies.push((numbers[0], numbers[1]));
            evidence.detail.clear();
        }
    }
    let shown = format!("{plan:#?}");
    (shown.lines().map(|line| words_as_w(&without_escaped_marks(line))).collect(), agencies, whole)
}

/// `line` with every run of letters (and their marks) as one "w": what
/// the parser decided, not how the repairs spelled the words.
fn words_as_w(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_word = false;
    for c in line.chars() {
        let letter = c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c);
        if letter && !in_word {
            out.push('w');
        } else if !letter {
            out.push(c);
        }
        in_word = letter;
    }
    out
}

/// `line` without the combining marks `{:?}` escapes ("lua\\u{302}t"):
/// marks in the wrong order, which NFC leaves apart.
fn without_escaped_marks(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("\\u{3") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('}').map_or(rest.len(), |e| i + e + 1);
        let mark = u32::from_str_radix(&rest[i + 3..end - 1], 16).is_ok_and(|u| (0x300..0x370).contains(&u));
        if !mark {
            out.push_str(&rest[i..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The lines of `a` and `b` that differ, after their common head and tail.
fn differing(a: &[String], b: &[String]) -> (Vec<String>, Vec<String>) {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..].iter().rev().zip(b[head..].iter().rev()).take_while(|(x, y)| x == y).count();
    (a[head..a.len() - tail].to_vec(), b[head..b.len() - tail].to_vec())
}

/// The parser needs no diacritic repair: on the five seeds damaged the way
/// OCR damages text (one word in five: a tone dropped or swapped, a shape
/// lost, a word split, a look-alike letter; two draws), the plan parsed
/// after only the repairs that change words (look-alikes, invisible
/// characters, abbreviations, split words: `kehoach_repair::words`, what
/// `kehoach::convert` runs before parsing) is the plan parsed after every
/// repair: the same items with the same numbers, cells and words, the same
/// metadata (references, number, date, period, recipients, signer), column
/// roles, triage decisions, evidence and confidences. One count may be
/// lower: cells that name an agency, where the tone of the agency's first
/// word was swapped for another ("Sợ" for "Sở"): the parser reads an
/// agency's head with marks dropped ("So", "Sơ"), as OCR drops them, but
/// not with other marks ("Bảo đảm" is no "Báo", "Số" no "Sở"). It stays
/// within a tenth of the cells and changes no decision.
///
/// And the diacritic repairs after parsing (`kehoach_repair::diacritics`)
/// give the plan every repair before parsing gave, word for word: each
/// repaired word is carried to the plan's texts by where it stands in the
/// paragraphs and cells (none repaired alone), the diagnostics in the same
/// order — on the clean seeds and on both draws, but for the agency count
/// above where it differs.
#[test]
fn parsing_needs_no_diacritic_repair() {
    let mut report = Vec::new();
    for (draw, seed) in [(0, 0u64), (1, 11), (2, 23)] {
        for (name, clean) in seed_texts() {
            let text = if draw == 0 { clean.clone() } else { damaged_document(&clean, &mut Rng(seed)) };
            let ((every, every_agencies, before), (words, words_agencies, after)) =
                (plan_seen(&name, &text, true), plan_seen(&name, &text, false));
            assert_eq!(every_agencies.len(), words_agencies.len(), "{name}, draw {draw}");
            for ((yes, all), (found, cells)) in every_agencies.iter().zip(&words_agencies) {
                assert_eq!(all, cells, "{name}, draw {draw}: agency cells");
                assert!(found <= yes && yes - found <= all / 10 + 1, "{name}, draw {draw}: {found} < {yes} of {all}");
            }
            let (a, b) = differing(&every, &words);
            if !a.is_empty() || !b.is_empty() {
                report.push(format!("{name}, draw {draw}:\n  every repair: {a:#?}\n  words only: {b:#?}"));
            }
            // Word for word, but for differing agency counts.
            let counts_differ = every_agencies != words_agencies;
            let agency_count = |line: &String| {
                counts_differ
                    && (line.contains(" cells name an agency\"") || line.contains(" item cells are agency names\""))
            };
            let lines: Vec<(&String, &String)> =
                before.iter().zip(&after).filter(|(x, y)| x != y && !(agency_count(x) && agency_count(y))).collect();
            if before.len() != after.len() || !lines.is_empty() {
                report.push(format!(
                    "{name}, draw {draw}, repaired: {} lines, then {}: {lines:#?}",
                    before.len(),
                    after.len()
                ));
            }
        }
    }
    assert!(report.is_empty(), "plans differ:\n{}", report.join("\n"));
}
