//! Throughput of the whole pipeline (extract → parse → normalize → JSON) on
//! the seed documents. Run with `cargo bench`; criterion reports time per
//! document and bytes per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::PathBuf;

fn seed(name: &str) -> (String, Vec<u8>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds").join(name);
    (name.to_string(), std::fs::read(path).expect("seed exists"))
}

fn convert(name: &str, bytes: &[u8]) -> String {
    let doc = kehoach_extract::extract_bytes(name, bytes).expect("extracts");
    let plan = kehoach_parse::parse(&doc);
    kehoach_normalize::to_json(&kehoach_normalize::canonical(&doc.source, &plan))
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

criterion_group!(benches, pipeline);
criterion_main!(benches);
