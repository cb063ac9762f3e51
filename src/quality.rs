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
Naming convention: an input DIR/sub/name.ext (any format kehoach converts;
directories named `expected` are skipped) is checked against the canonical
JSON EXPECTED/sub/name.ext.json (mirrored layout) or, when that is not there,
EXPECTED/name.ext.json (flat layout: one folder for several directories, as
fixtures/expected), where EXPECTED is --expected or DIR/expected. An input
without an expected output is listed apart and not converted.

--update writes the actual outputs there instead, every kind at once: the
canonical JSON name.ext.json, the flat records name.ext.jsonl and, for inputs
that are not plain text (or that have one already), the extracted blocks
name.ext.blocks.json. Review them with `git diff` before committing.

Per document: items expected, found, matched (by path, then by text),
precision, recall, field accuracy over matched items, a score (F1 × field
accuracy) and whether the output is byte-identical. TOTAL sums the scored
documents only; documents that could not be converted are ERROR rows.
Exit status: 0 every scored document at or above --min-score and none in
error, 1 otherwise (also when nothing could be scored), 2 usage error.

Examples:
  kehoach check fixtures
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

/// Colours on a terminal, unless NO_COLOR is set (https://no-color.org).
fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn diff(expected: &Path, actual: &Path, format: DiffFormat) -> Result<ExitCode> {
    let e = kehoach_quality::entries(&read(expected)?).with_context(|| expected.display().to_string())?;
    let a = kehoach_quality::entries(&read(actual)?).with_context(|| actual.display().to_string())?;
    let d = kehoach_quality::diff(&e, &a);
    let text = match format {
        DiffFormat::Json => serde_json::to_string_pretty(&d)? + "\n",
        DiffFormat::Text => kehoach_quality::render(&d, colour()),
    };
    crate::cli::print_stdout(text.as_bytes())?;
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
    if update {
        return update_expected(&pairs);
    }
    let options = kehoach::Options::default();
    let mut outcomes = Vec::new();
    for pair in &pairs {
        // Look for the expectation first: converting (OCR can take minutes)
        // to report that there is nothing to compare with helps nobody.
        if !pair.has_expected() {
            outcomes.push(kehoach_quality::without_expected(pair));
            continue;
        }
        let converted = kehoach::convert(kehoach::Input::Path(&pair.input), &options);
        let actual = converted.map(|c| kehoach_normalize::to_json(&c.document)).map_err(Into::into);
        outcomes.push(kehoach_quality::check(pair, actual));
    }
    let mut out = kehoach_quality::render_table(&outcomes, min_score);
    for o in outcomes.iter().filter(|o| o.scored() && o.score() + 1e-9 < min_score) {
        if let Some(d) = &o.diff {
            out.push_str(&format!("\n{}:\n{}", o.pair.input.display(), kehoach_quality::render(d, false)));
        }
    }
    crate::cli::print_stdout(out.as_bytes())?;
    let below = outcomes.iter().any(|o| o.scored() && o.score() + 1e-9 < min_score);
    let errored = outcomes.iter().any(|o| o.errored());
    let none_scored = !outcomes.iter().any(|o| o.scored());
    Ok(if below || errored || none_scored { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `check --update`: writes every kind of expected output of each input —
/// canonical JSON, flat records and (for inputs that are not plain text, or
/// that have them already) the extracted blocks.
fn update_expected(pairs: &[kehoach_quality::Pair]) -> Result<ExitCode> {
    let mut failed = 0;
    for pair in pairs {
        let (doc, canonical) = match kehoach::convert(kehoach::Input::Path(&pair.input), &kehoach::Options::default()) {
            Ok(converted) => (converted.blocks, converted.document),
            Err(e) => {
                eprintln!("kehoach: error: {e}");
                failed += 1;
                continue;
            }
        };
        if let Some(parent) = pair.expected.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let write = |path: &Path, bytes: &[u8]| {
            std::fs::write(path, bytes).with_context(|| format!("{}: cannot write", path.display()))
        };
        write(&pair.expected, kehoach_normalize::to_json(&canonical).as_bytes())?;
        let mut records = Vec::new();
        kehoach_normalize::write_jsonl(&kehoach_normalize::flat_records(&canonical), &mut records)?;
        write(&pair.expected_records(), &records)?;
        let mut written = vec![pair.expected.clone(), pair.expected_records()];
        if doc.source.format != kehoach::Format::Text || pair.expected_blocks().is_file() {
            write(&pair.expected_blocks(), (serde_json::to_string_pretty(&doc)? + "\n").as_bytes())?;
            written.push(pair.expected_blocks());
        }
        let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        eprintln!("kehoach: wrote {}", names.join(", "));
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The most PDF or TIFF pages a report shows as images (each is about 0.3–1 MB).
const MAX_REPORT_PAGES: u32 = 20;

pub fn report(input: &Path, output: &Path) -> Result<ExitCode> {
    let kehoach::Converted { blocks: doc, document: canonical, .. } =
        kehoach::convert(kehoach::Input::Path(input), &kehoach::Options::default())?;
    let text = (doc.source.format == kehoach::Format::Text)
        .then(|| std::fs::read(input).ok().map(|b| String::from_utf8_lossy(&b).into_owned()))
        .flatten();
    // An image input is shown with the OCR boxes of its items (a TIFF page
    // by page, decoded); a PDF with its pages as the scan path renders them
    // (in process), with the boxes of the items read by OCR or from the text
    // layer.
    let bytes = match doc.source.format {
        kehoach::Format::Image | kehoach::Format::Pdf => std::fs::read(input).ok(),
        _ => None,
    };
    let rendered = match (&bytes, doc.source.format) {
        (Some(pdf), kehoach::Format::Pdf) => kehoach_extract::pdf_page_images(pdf, MAX_REPORT_PAGES),
        (Some(image), kehoach::Format::Image) if image.starts_with(b"II*\0") || image.starts_with(b"MM\0*") => {
            kehoach_extract::tiff_page_images(image, MAX_REPORT_PAGES)
        }
        _ => Ok(Vec::new()),
    };
    let rendered = rendered.unwrap_or_else(|e| {
        eprintln!("kehoach: {}: no page images in the report: {e}", input.display());
        Vec::new()
    });
    let mut pages: Vec<kehoach_quality::PageImage> = rendered
        .iter()
        .map(|p| kehoach_quality::PageImage {
            page: p.page,
            bytes: &p.png,
            width_pt: p.width_pt,
            height_pt: p.height_pt,
        })
        .collect();
    if doc.source.format == kehoach::Format::Image && pages.is_empty() {
        // PNG and JPEG are embedded as they are.
        pages.extend(bytes.as_deref().and_then(kehoach_quality::PageImage::of_scan));
    }
    let html = kehoach_quality::report_html_with_pages(&doc, &canonical, text.as_deref(), &pages);
    let mut file = std::fs::File::create(output).with_context(|| format!("{}: cannot write", output.display()))?;
    file.write_all(html.as_bytes())?;
    eprintln!("kehoach: wrote {}", output.display());
    Ok(ExitCode::SUCCESS)
}
