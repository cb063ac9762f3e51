//! What text repair costs in the whole conversion: the seed-000 plan as
//! text, DOCX and XLSX, each converted with repair (the default) and with
//! `--no-repair` (`Options::repair` off). Issue 16 asks for a conversion
//! with repair to cost at most 1.3× the same conversion without: the
//! ratio is criterion's "repair" time over its "no-repair" time for the
//! same input. Run with `cargo bench --bench repair`. (On a shared machine
//! time moves from run to run; README "Diacritic repair" gives the same
//! ratio in instructions, from callgrind.)

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::PathBuf;

fn fixture(dir: &str, name: &str) -> (String, Vec<u8>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(dir).join(name);
    (name.to_string(), std::fs::read(path).expect("fixture exists"))
}

fn convert(name: &str, bytes: &[u8], options: &kehoach::Options) -> usize {
    match kehoach::convert(kehoach::Input::Bytes { name, bytes }, options) {
        Ok(converted) => kehoach_normalize::to_json(&converted.document).len(),
        Err(e) => panic!("{e}"),
    }
}

fn repair_on_off(c: &mut Criterion) {
    let mut group = c.benchmark_group("repair");
    let inputs =
        [("seeds", "000_546985720e17fb0b.txt"), ("samples", "000-framework.docx"), ("samples", "000-framework.xlsx")];
    for (dir, file) in inputs {
        let (name, bytes) = fixture(dir, file);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        for repair in [true, false] {
            let options = kehoach::Options { repair, ..kehoach::Options::default() };
            let id = format!("{name}/{}", if repair { "repair" } else { "no-repair" });
            group.bench_function(&id, |b| b.iter(|| convert(&name, std::hint::black_box(&bytes), &options)));
        }
    }
    group.finish();
}

criterion_group!(benches, repair_on_off);
criterion_main!(benches);
