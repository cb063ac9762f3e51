//! Throughput of the whole pipeline (extract → parse → normalize → JSON) on
//! the seed documents, and on the office renderings of seed 000 (DOCX, XLSX)
//! and the hand-made workbook as XLSX, XLS and ODS, and on the PDF samples
//! (throughput in pages per second). Run with `cargo bench`;
//! criterion reports time per document and bytes per second (of the input
//! file, so a compressed office file shows fewer bytes per second than the
//! same plan as text).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::PathBuf;

fn fixture(dir: &str, name: &str) -> (String, Vec<u8>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(dir).join(name);
    (name.to_string(), std::fs::read(path).expect("fixture exists"))
}

fn seed(name: &str) -> (String, Vec<u8>) {
    fixture("seeds", name)
}

fn converted(name: &str, bytes: &[u8]) -> kehoach::Converted {
    match kehoach::convert(kehoach::Input::Bytes { name, bytes }, &kehoach::Options::default()) {
        Ok(converted) => converted,
        Err(e) => panic!("{e}"),
    }
}

fn convert(name: &str, bytes: &[u8]) -> String {
    kehoach_normalize::to_json(&converted(name, bytes).document)
}

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    for name in ["000_546985720e17fb0b.txt", "004_81dc5ac12a8b2fdd.txt"] {
        let (name, bytes) = seed(name);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(&name, |b| b.iter(|| convert(&name, std::hint::black_box(&bytes))));
    }
    let all: Vec<(String, Vec<u8>)> = [
        "000_546985720e17fb0b.txt",
        "001_a4ffcc6e1ad3a5f9.txt",
        "002_ddd63cb72f6035f4.txt",
        "003_4e8a737463cde151.txt",
        "004_81dc5ac12a8b2fdd.txt",
    ]
    .into_iter()
    .map(seed)
    .collect();
    group.throughput(Throughput::Bytes(all.iter().map(|(_, b)| b.len() as u64).sum()));
    group.bench_function("all five seeds", |b| {
        b.iter(|| all.iter().map(|(n, bytes)| convert(n, std::hint::black_box(bytes)).len()).sum::<usize>())
    });
    group.finish();
}

fn office(c: &mut Criterion) {
    let mut group = c.benchmark_group("office");
    let files = [
        ("samples", "000-framework.docx"),
        ("samples", "000-framework.xlsx"),
        ("samples", "002-tasks.docx"),
        ("samples", "002-tasks.xlsx"),
        ("office", "features.xlsx"),
        ("office", "features.xls"),
        ("office", "features.ods"),
    ];
    for (dir, name) in files {
        let (name, bytes) = fixture(dir, name);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(&name, |b| b.iter(|| convert(&name, std::hint::black_box(&bytes))));
    }
    group.finish();
}

/// Text-layer PDFs, ruled and without rules: criterion's throughput is in
/// pages ("elem/s" = pages per second) for the whole pipeline.
fn pdf(c: &mut Criterion) {
    let mut group = c.benchmark_group("pdf");
    for name in ["000-framework.pdf", "000-framework-noborders.pdf", "002-tasks.pdf", "002-tasks-noborders.pdf"] {
        let (name, bytes) = fixture("samples", name);
        let pages = converted(&name, &bytes)
            .blocks
            .blocks
            .iter()
            .filter_map(|b| match b {
                kehoach_extract::Block::Table(t) => t.location.page,
                kehoach_extract::Block::Paragraph(p) => p.location.page,
                kehoach_extract::Block::PageBreak(l) => l.page,
            })
            .max()
            .unwrap_or(1);
        group.throughput(Throughput::Elements(u64::from(pages)));
        group.bench_function(&name, |b| b.iter(|| convert(&name, std::hint::black_box(&bytes))));
    }
    group.finish();
}

criterion_group!(benches, pipeline, office, pdf);
criterion_main!(benches);
