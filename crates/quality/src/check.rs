//! Fixture checks: every input of a fixture set against its expected output.
//!
//! Naming convention: an input file `DIR/sub/name.ext` (any format kehoach
//! reads; directories named `expected` are skipped) is paired with the
//! canonical JSON `EXPECTED/sub/name.ext.json` (the mirrored layout) or, when
//! that is not there, `EXPECTED/name.ext.json` (the flat layout, one folder
//! for several fixture directories), where `EXPECTED` is the directory given
//! with `--expected`, or `DIR/expected`. Its flat records sit beside it as
//! `name.ext.jsonl`, the extracted blocks as `name.ext.blocks.json`.

use crate::diff::{diff, entries, Diff, FormatError};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why a pair was not scored.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CheckError {
    /// There is no expected output (the input was not converted).
    #[error("no expected output {}; --update creates it", .0.display())]
    NoExpected(PathBuf),
    /// The input could not be converted.
    #[error("conversion failed: {0}")]
    Conversion(Arc<dyn std::error::Error + Send + Sync>),
    /// The expected file cannot be read.
    #[error("{}: cannot read ({source})", .path.display())]
    ReadExpected {
        /// The expected file.
        path: PathBuf,
        /// Why.
        source: Arc<std::io::Error>,
    },
    /// The expected file is not kehoach output.
    #[error("{}: {source}", .path.display())]
    Expected {
        /// The expected file.
        path: PathBuf,
        /// What is wrong with it.
        source: FormatError,
    },
    /// The actual output is not kehoach output.
    #[error("actual output: {0}")]
    Actual(FormatError),
}

/// One input and where its expected output is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// The input file.
    pub input: PathBuf,
    /// Its expected canonical JSON: where it is, or (when there is none)
    /// where `--update` writes it.
    pub expected: PathBuf,
}

impl Pair {
    /// The expected flat records beside the canonical JSON.
    pub fn expected_records(&self) -> PathBuf {
        self.expected.with_extension("jsonl")
    }

    /// The expected extracted blocks beside the canonical JSON.
    pub fn expected_blocks(&self) -> PathBuf {
        self.expected.with_extension("blocks.json")
    }

    /// Whether the expected canonical JSON exists.
    pub fn has_expected(&self) -> bool {
        self.expected.is_file()
    }
}

/// The fixture pairs under `dir`, sorted by input path.
pub fn pairs(dir: &Path, expected_dir: Option<&Path>) -> std::io::Result<Vec<Pair>> {
    let expected_root = expected_dir.map_or_else(|| dir.join("expected"), Path::to_path_buf);
    let mut inputs = Vec::new();
    walk(dir, &mut inputs)?;
    inputs.sort();
    Ok(inputs
        .into_iter()
        .map(|input| {
            let relative = input.strip_prefix(dir).unwrap_or(&input).to_path_buf();
            let with_json = |path: &Path| {
                let mut name = path.as_os_str().to_owned();
                name.push(".json");
                expected_root.join(name)
            };
            let mirrored = with_json(&relative);
            let flat = relative.file_name().map(|name| with_json(Path::new(name)));
            let expected = match flat {
                Some(flat) if !mirrored.is_file() && flat.is_file() => flat,
                _ => mirrored,
            };
            Pair { expected, input }
        })
        .collect())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            if entry.file_name() != "expected" {
                walk(&path, out)?;
            }
        } else if kehoach_extract::is_supported_name(&entry.file_name().to_string_lossy()) {
            out.push(path);
        }
    }
    Ok(())
}

/// The result of checking one pair.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The pair.
    pub pair: Pair,
    /// Item-level differences, when both sides could be read.
    pub diff: Option<Diff>,
    /// The actual canonical JSON equals the expected file byte for byte.
    pub exact: bool,
    /// Why the pair could not be compared.
    pub error: Option<CheckError>,
    /// There is no expected output: the input was not converted, not scored.
    pub unexpected: bool,
}

impl Outcome {
    /// The document's score (0 when it could not be compared).
    pub fn score(&self) -> f64 {
        self.diff.as_ref().map_or(0.0, Diff::score)
    }

    /// Whether the document was scored (both sides read and compared).
    pub fn scored(&self) -> bool {
        self.diff.is_some()
    }

    /// Whether checking failed: the conversion or the expected file could
    /// not be read (a missing expected output is not a failure).
    pub fn errored(&self) -> bool {
        self.diff.is_none() && !self.unexpected
    }
}

/// The outcome for a pair without an expected output (nothing converted).
pub fn without_expected(pair: &Pair) -> Outcome {
    Outcome {
        pair: pair.clone(),
        diff: None,
        exact: false,
        error: Some(CheckError::NoExpected(pair.expected.clone())),
        unexpected: true,
    }
}

/// Compares one pair; `actual` is the input's canonical JSON (or why it
/// could not be converted).
pub fn check(pair: &Pair, actual: Result<String, Box<dyn std::error::Error + Send + Sync>>) -> Outcome {
    let fail = |error: CheckError| Outcome {
        pair: pair.clone(),
        diff: None,
        exact: false,
        error: Some(error),
        unexpected: false,
    };
    if !pair.has_expected() {
        return without_expected(pair);
    }
    let actual = match actual {
        Ok(actual) => actual,
        Err(e) => return fail(CheckError::Conversion(e.into())),
    };
    let path = || pair.expected.clone();
    let expected = match std::fs::read_to_string(&pair.expected) {
        Ok(text) => text,
        Err(e) => return fail(CheckError::ReadExpected { path: path(), source: e.into() }),
    };
    let (e, a) = match (entries(&expected), entries(&actual)) {
        (Ok(e), Ok(a)) => (e, a),
        (Err(source), _) => return fail(CheckError::Expected { path: path(), source }),
        (_, Err(err)) => return fail(CheckError::Actual(err)),
    };
    Outcome { pair: pair.clone(), diff: Some(diff(&e, &a)), exact: expected == actual, error: None, unexpected: false }
}

/// The per-document table and a total line. Only scored documents count
/// in the total; documents whose check failed (conversion or expected file
/// unreadable) are listed as errors, and inputs without an expected output
/// are counted apart, not converted.
pub fn render_table(outcomes: &[Outcome], min_score: f64) -> String {
    let mut out = format!(
        "{:<44} {:>8} {:>6} {:>7} {:>9} {:>6} {:>7} {:>6} {:>5}  status\n",
        "document", "expected", "found", "matched", "precision", "recall", "fields", "score", "exact"
    );
    let (mut e, mut f, mut m, mut fc, mut fe) = (0, 0, 0, 0, 0);
    let shorten = |name: String| {
        if name.chars().count() > 44 {
            format!("…{}", name.chars().skip(name.chars().count() - 43).collect::<String>())
        } else {
            name
        }
    };
    for o in outcomes.iter().filter(|o| !o.unexpected) {
        let name = shorten(o.pair.input.display().to_string());
        match (&o.diff, &o.error) {
            (Some(d), _) => {
                e += d.expected_count;
                f += d.actual_count;
                m += d.matched;
                fc += d.fields_compared;
                fe += d.fields_equal;
                let status = if o.score() + 1e-9 >= min_score { "ok" } else { "BELOW" };
                out.push_str(&format!(
                    "{name:<44} {:>8} {:>6} {:>7} {:>9.3} {:>6.3} {:>7.3} {:>6.3} {:>5}  {status}\n",
                    d.expected_count,
                    d.actual_count,
                    d.matched,
                    d.precision(),
                    d.recall(),
                    d.field_accuracy(),
                    d.score(),
                    if o.exact { "yes" } else { "no" },
                ));
            }
            (None, error) => {
                let error = error.as_ref().map(ToString::to_string).unwrap_or_default();
                out.push_str(&format!("{name:<44} {:>8}  ERROR {error}\n", "-"));
            }
        }
    }
    let scored = outcomes.iter().filter(|o| o.scored()).count();
    let errored = outcomes.iter().filter(|o| o.errored()).count();
    let unexpected = outcomes.iter().filter(|o| o.unexpected).count();
    let mut label = format!("TOTAL ({scored} scored");
    if errored > 0 {
        label.push_str(&format!(", {errored} errored"));
    }
    label.push(')');
    if scored == 0 {
        out.push_str(&format!(
            "{label:<44} {:>8} {:>6} {:>7} {:>9} {:>6} {:>7} {:>6}\n",
            "-", "-", "-", "-", "-", "-", "-"
        ));
    } else {
        let total = Diff {
            expected_count: e,
            actual_count: f,
            matched: m,
            fields_compared: fc,
            fields_equal: fe,
            ..Diff::default()
        };
        out.push_str(&format!(
            "{label:<44} {:>8} {:>6} {:>7} {:>9.3} {:>6.3} {:>7.3} {:>6.3}\n",
            e,
            f,
            m,
            total.precision(),
            total.recall(),
            total.field_accuracy(),
            total.score()
        ));
    }
    if unexpected > 0 {
        out.push_str(&format!(
            "{unexpected} input(s) without an expected output, not converted (--update creates them):\n"
        ));
        for o in outcomes.iter().filter(|o| o.unexpected) {
            out.push_str(&format!("  {}\n", o.pair.input.display()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_follow_the_naming_convention() {
        let dir = std::env::temp_dir().join(format!("kehoach-check-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::create_dir_all(dir.join("expected")).unwrap();
        std::fs::write(dir.join("a.txt"), "x").unwrap();
        std::fs::write(dir.join("sub/b.docx"), "x").unwrap();
        std::fs::write(dir.join("notes.pdf.bak"), "x").unwrap();
        std::fs::write(dir.join("expected/a.txt.json"), "{}").unwrap();
        let found = pairs(&dir, None).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].expected, dir.join("expected/a.txt.json"));
        assert_eq!(found[1].expected, dir.join("expected/sub/b.docx.json"));
        assert_eq!(found[0].expected_records(), dir.join("expected/a.txt.jsonl"));
        let outcome = check(&found[1], Ok("{}".into()));
        assert!(matches!(&outcome.error, Some(CheckError::NoExpected(p)) if *p == found[1].expected), "{outcome:?}");
        assert!(outcome.error.as_ref().unwrap().to_string().contains("--update"));
        assert!(outcome.unexpected && !outcome.errored() && !outcome.scored());
        // The flat layout: expectations of several directories in one folder.
        std::fs::create_dir_all(dir.join("expected/sub")).unwrap();
        std::fs::write(dir.join("expected/b.docx.json"), "{}").unwrap();
        let found = pairs(&dir, None).unwrap();
        assert_eq!(found[1].expected, dir.join("expected/b.docx.json"));
        assert_eq!(found[1].expected_blocks(), dir.join("expected/b.docx.blocks.json"));
        // The mirrored layout wins when both are there.
        std::fs::write(dir.join("expected/sub/b.docx.json"), "{}").unwrap();
        assert_eq!(pairs(&dir, None).unwrap()[1].expected, dir.join("expected/sub/b.docx.json"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
