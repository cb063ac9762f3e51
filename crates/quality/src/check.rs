//! Fixture checks: every input of a fixture set against its expected output.
//!
//! Naming convention: an input file `DIR/sub/name.ext` (any format kehoach
//! reads; directories named `expected` are skipped) is paired with the
//! canonical JSON `EXPECTED/sub/name.ext.json`, where `EXPECTED` is the
//! directory given with `--expected`, or `DIR/expected`. Its flat records,
//! when kept, sit beside it as `name.ext.jsonl`.

use crate::diff::{diff, entries, Diff};
use std::path::{Path, PathBuf};

/// One input and where its expected output is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// The input file.
    pub input: PathBuf,
    /// Its expected canonical JSON.
    pub expected: PathBuf,
}

impl Pair {
    /// The expected flat records beside the canonical JSON.
    pub fn expected_records(&self) -> PathBuf {
        self.expected.with_extension("jsonl")
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
            let mut name = relative.into_os_string();
            name.push(".json");
            Pair { expected: expected_root.join(name), input }
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
    pub error: Option<String>,
}

impl Outcome {
    /// The document's score (0 when it could not be compared).
    pub fn score(&self) -> f64 {
        self.diff.as_ref().map_or(0.0, Diff::score)
    }
}

/// Compares one pair; `actual` is the input's canonical JSON (or why it
/// could not be converted).
pub fn check(pair: &Pair, actual: Result<String, String>) -> Outcome {
    let fail = |error: String| Outcome { pair: pair.clone(), diff: None, exact: false, error: Some(error) };
    let actual = match actual {
        Ok(actual) => actual,
        Err(e) => return fail(format!("conversion failed: {e}")),
    };
    let expected = match std::fs::read_to_string(&pair.expected) {
        Ok(text) => text,
        Err(e) => {
            return fail(format!(
                "no expected output {} ({e}); run with --update to create it",
                pair.expected.display()
            ))
        }
    };
    let (e, a) = match (entries(&expected), entries(&actual)) {
        (Ok(e), Ok(a)) => (e, a),
        (Err(err), _) => return fail(format!("{}: {err}", pair.expected.display())),
        (_, Err(err)) => return fail(format!("actual output: {err}")),
    };
    Outcome { pair: pair.clone(), diff: Some(diff(&e, &a)), exact: expected == actual, error: None }
}

/// The per-document table and a total line.
pub fn render_table(outcomes: &[Outcome], min_score: f64) -> String {
    let mut out = format!(
        "{:<44} {:>8} {:>6} {:>7} {:>9} {:>6} {:>7} {:>6} {:>5}  status\n",
        "document", "expected", "found", "matched", "precision", "recall", "fields", "score", "exact"
    );
    let (mut e, mut f, mut m, mut fc, mut fe) = (0, 0, 0, 0, 0);
    for o in outcomes {
        let name = o.pair.input.display().to_string();
        let name = if name.chars().count() > 44 {
            format!("…{}", name.chars().skip(name.chars().count() - 43).collect::<String>())
        } else {
            name
        };
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
                out.push_str(&format!("{name:<44} {:>8}  ERROR {}\n", "-", error.as_deref().unwrap_or("")));
            }
        }
    }
    let total = Diff {
        expected_count: e,
        actual_count: f,
        matched: m,
        fields_compared: fc,
        fields_equal: fe,
        ..Diff::default()
    };
    out.push_str(&format!(
        "{:<44} {:>8} {:>6} {:>7} {:>9.3} {:>6.3} {:>7.3} {:>6.3}\n",
        format!("TOTAL ({} documents)", outcomes.len()),
        e,
        f,
        m,
        total.precision(),
        total.recall(),
        total.field_accuracy(),
        total.score()
    ));
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
        assert!(outcome.error.as_deref().is_some_and(|e| e.contains("--update")), "{outcome:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
