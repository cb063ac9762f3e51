//! kehoach's integration tests, organised by area (one test binary).
//!
//! - `architecture`: no import loops between the modules of any crate;
//! - `batch`: reports, broken and skipped files, skip-unchanged, stdin
//!   lists, time limits, interruption;
//! - `fixtures`: every seed in `fixtures/seeds/` and office file in
//!   `fixtures/office/` and `fixtures/samples/` against its expected
//!   canonical JSON and JSONL (and, for office files, blocks) in
//!   `fixtures/expected/`;
//! - `converters`: the DOCX samples as pandoc, LibreOffice and pdftotext
//!   print them (markdown layouts, HTML, ODT, DOC, RTF, UTF-16) give the
//!   DOCX's records; `.doc` without LibreOffice fails with the install hint;
//! - `formats`: the same plan as text, DOCX, XLSX and PDF gives the same
//!   records; damaged and hostile office files and PDFs fail alone with a
//!   clear error;
//! - `legacy`: TCVN3, VNI and Windows-1258 text files, a ".VnTime" DOCX and
//!   a TCVN3-font PDF give seed 002's records;
//! - `noise`: damaged seed text, repaired: precision, recall and false
//!   repairs on clean text (issue 4's measurement);
//! - `ocr`: scanned PDFs and page images through Tesseract (skipped, with a
//!   message, where it is not installed), and the error without it;
//! - `outputs`: the flat-record contract and the flat and report schemas,
//!   CSV with a BOM, XLSX read back, single-file outputs, standard input,
//!   `check` on the repository, `diff --format json`, summaries;
//! - `quality`: `kehoach diff`, `check` and `report` on deliberate changes;
//! - `readings`: deadlines, agencies, deliverables and indicators as data;
//! - `schema`: the checked-in JSON Schema matches the types and every
//!   output validates against it;
//! - `triage`: the triage corpus (plan tables among an archive's other
//!   tables): precision and recall, `--tables all`, `no-plan`;
//! - `unseen`: two plans written after the rules, never tuned on before
//!   their first measurement, in the forms that read exactly, against
//!   their truth;
//! - `cases`: domain examples as data (`tests/cases/*.tsv`: deadlines,
//!   agencies, table headers, item numbering), one row per case;
//! - `cli`: the `kehoach` binary's behaviour (formats, errors, exit codes,
//!   output tree, determinism).
//!
//! Re-bless expected outputs after an intended change with
//! `KEHOACH_BLESS=1 cargo test --test tests`, then read the diff.

mod architecture;
mod batch;
mod cases;
mod cli;
mod converters;
mod fixtures;
mod formats;
mod hostile;
mod legacy;
mod noise;
mod ocr;
mod outputs;
mod quality;
mod readings;
mod schema;
mod triage;
mod unseen;
mod util;
