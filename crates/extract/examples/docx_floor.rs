//! A floor for `benches/peers.sh`: for each `.docx` in a folder, the least
//! any reader of its text does — inflate `word/document.xml` (zip) and
//! parse it into a tree (roxmltree, what kehoach's DOCX reader uses),
//! then add up the lengths of its `w:t` texts. No styles, numbering,
//! tables, parsing or output: a conversion of the file costs more.
//!
//!     cargo run --release -p kehoach-extract --example docx_floor -- DIR
use std::io::Read;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: docx_floor DIR");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("a folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "docx"))
        .collect();
    paths.sort();
    let mut total = 0usize;
    for path in &paths {
        let file = std::fs::File::open(path).expect("a file");
        let mut zip = zip::ZipArchive::new(file).expect("a zip");
        let mut xml = String::new();
        zip.by_name("word/document.xml").expect("a document part").read_to_string(&mut xml).expect("UTF-8");
        let tree = roxmltree::Document::parse(&xml).expect("XML");
        total += tree
            .descendants()
            .filter(|n| n.tag_name().name() == "t")
            .filter_map(|n| n.text())
            .map(str::len)
            .sum::<usize>();
    }
    println!("{} files, {total} bytes of text", paths.len());
}
