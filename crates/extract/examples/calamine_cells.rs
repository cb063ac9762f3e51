//! A peer for `benches/peers.sh`: calamine, the XLSX library kehoach
//! prefers, reading every cell of every sheet of each `.xlsx` in a folder
//! and nothing more (no parsing, no output but a count). It is the floor
//! under any conversion that reads a workbook with calamine.
//!
//!     cargo run --release -p kehoach-extract --example calamine_cells -- DIR
use calamine::{open_workbook, DataType, Reader, Xlsx};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: calamine_cells DIR");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("a folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    paths.sort();
    let mut cells = 0usize;
    for path in &paths {
        let mut book: Xlsx<_> = open_workbook(path).expect("a workbook");
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).expect("a sheet");
            cells += range
                .used_cells()
                .filter(|(_, _, v)| !v.is_empty())
                .map(|(_, _, v)| v.to_string().len())
                .sum::<usize>();
        }
    }
    println!("{} files, {cells} cells", paths.len());
}
