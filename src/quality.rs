//! The `diff`, `check` and `report` subcommands (see `kehoach-quality`).

use anyhow::{Context, Result};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const DIFF_HELP: &str = "\
Items are matched by their path of ids (table › group › target › task ›
activity), then, for the ones left over, by text similarity (a renumbered
item shows as changed, with its new path). Whitespace and key order are not
differences. Exit status: 0 equal, 1 different, 2 error.

Examples:
  kehoach diff fixtures/expected/000_546985720e17fb0b.txt.json out/000.txt.json
  kehoach diff --format json old.jsonl new.jsonl";

pub const CHECK_HELP: &str = "\
Naming convention: an input DIR/sub/name.ext (text, DOCX, XLSX, XLS, ODS;
directories named `expected` are skipped) is checked against the canonical
JSON EXPECTED/sub/name.ext.json, where EXPECTED is --expected or DIR/expected.
--update writes the actual outputs there instead (name.ext.json and the flat
records name.ext.jsonl): review them with `git diff` before committing.

Per document: items expected, found, matched (by path, then by text),
precision, recall, field accuracy over matched items, a score (F1 × field
accuracy) and whether the output is byte-identical. Exit status: 0 every
document at or above --min-score, 1 otherwise, 2 usage error.

Example:
  kehoach check fixtures/seeds fixtures/office fixtures/samples --expected fixtures/expected";

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Readable lines (coloured on a terminal).
    Text,
    /// One JSON object: added, missing, changed, counts.
    Json,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))
}

pub fn diff(expected: &Path, actual: &Path, format: DiffFormat) -> Result<ExitCode> {
    let e = kehoach_quality::entries(&read(expected)?).with_context(|| expected.display().to_string())?;
    let a = kehoach_quality::entries(&read(actual)?).with_context(|| actual.display().to_string())?;
    let d = kehoach_quality::diff(&e, &a);
    let text = match format {
        DiffFormat::Json => serde_json::to_string_pretty(&d)? + "\n",
        DiffFormat::Text => kehoach_quality::render(&d, std::io::stdout().is_terminal()),
    };
    crate::print_stdout(text.as_bytes())?;
    Ok(if d.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub fn check(dirs: &[PathBuf], expected: Option<&Path>, min_score: f64, update: bool) -> Result<ExitCode> {
    let mut pairs = Vec::new();
    for dir in dirs {
        pairs.extend(kehoach_quality::pairs(dir, expected).with_context(|| format!("{}: cannot list", dir.display()))?);
    }
    if pairs.is_empty() {
        anyhow::bail!(
            "no input files found under {}",
            dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    let options = kehoach_normalize::Options::default();
    let mut outcomes = Vec::new();
    for pair in &pairs {
        let converted = crate::convert_file(&pair.input, options, kehoach_extract::Options::default());
        if update {
            let doc = match converted {
                Ok(doc) => doc,
                Err(e) => {
                    eprintln!("kehoach: error: {e}");
                    continue;
                }
            };
            if let Some(parent) = pair.expected.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&pair.expected, kehoach_normalize::to_json(&doc))?;
            let mut records = Vec::new();
            kehoach_normalize::write_jsonl(&kehoach_normalize::flat_records(&doc), &mut records)?;
            std::fs::write(pair.expected_records(), records)?;
            eprintln!("kehoach: wrote {}", pair.expected.display());
            continue;
        }
        let actual = converted.map(|doc| kehoach_normalize::to_json(&doc));
        outcomes.push(kehoach_quality::check(pair, actual));
    }
    if update {
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = kehoach_quality::render_table(&outcomes, min_score);
    for o in outcomes.iter().filter(|o| o.score() + 1e-9 < min_score) {
        if let Some(d) = &o.diff {
            out.push_str(&format!("\n{}:\n{}", o.pair.input.display(), kehoach_quality::render(d, false)));
        }
    }
    crate::print_stdout(out.as_bytes())?;
    let below = outcomes.iter().any(|o| o.score() + 1e-9 < min_score);
    Ok(if below { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn report(input: &Path, output: &Path) -> Result<ExitCode> {
    let doc = kehoach_extract::extract_path(input)?;
    let plan = kehoach_parse::parse(&doc);
    let canonical = kehoach_normalize::canonical(&doc.source, &plan);
    let text = (doc.source.format == kehoach_extract::Format::Text)
        .then(|| std::fs::read(input).ok().map(|b| String::from_utf8_lossy(&b).into_owned()))
        .flatten();
    let html = kehoach_quality::report_html(&doc, &canonical, text.as_deref());
    let mut file = std::fs::File::create(output).with_context(|| format!("{}: cannot write", output.display()))?;
    file.write_all(html.as_bytes())?;
    eprintln!("kehoach: wrote {}", output.display());
    Ok(ExitCode::SUCCESS)
}
