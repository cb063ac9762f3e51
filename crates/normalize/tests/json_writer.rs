//! The canonical JSON is written by a serializer of the crate's own
//! (src/json.rs), cheaper per byte than serde_json's. It must write exactly
//! what `serde_json::to_string_pretty` writes: these tests serialise with
//! both and compare the bytes, on every canonical document the fixture
//! inputs give (OCR off, repair off and on, default options and
//! `all_tables`), and on documents whose strings, numbers, options and
//! lists are set to edge cases (every control character, `"` and `\`,
//! U+007F, U+2028/U+2029, non-BMP characters, empty strings, lists and maps,
//! escaped map keys, floats such as 0.1, 1e21, -0.0, NaN).

use kehoach_extract::Location;
use kehoach_normalize::readings::{Agency, Budget, BudgetSource, Comparator, Indicator};
use kehoach_normalize::{canonical_with, to_json, CanonicalDocument, ItemOut, Options};
use std::path::{Path, PathBuf};

/// serde_json's pretty printer, with `to_json`'s final newline.
fn serde_json_pretty(doc: &CanonicalDocument) -> String {
    serde_json::to_string_pretty(doc).expect("canonical documents serialize") + "\n"
}

/// Panics, showing where, unless both writers give the same bytes.
fn assert_same(doc: &CanonicalDocument, what: &str) {
    let ours = to_json(doc);
    let theirs = serde_json_pretty(doc);
    if ours != theirs {
        let at = ours.bytes().zip(theirs.bytes()).take_while(|(a, b)| a == b).count();
        let near = |s: &str| {
            String::from_utf8_lossy(&s.as_bytes()[at.saturating_sub(80)..(at + 80).min(s.len())]).into_owned()
        };
        panic!(
            "{what}: to_json differs from serde_json::to_string_pretty at byte {at} (lengths {} and {})\nours:   {:?}\nserde:  {:?}",
            ours.len(),
            theirs.len(),
            near(&ours),
            near(&theirs)
        );
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// Every file under `dir`, sorted.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The canonical documents of one input: repair off, repair on, and repair
/// on with every recognised table's items (`--tables all`) and UBND
/// spelled out. None if it is not read (OCR off, not a document, or one
/// of the damaged fixtures a reader panics on, which `kehoach::convert`
/// catches).
fn documents(path: &Path) -> Option<Vec<CanonicalDocument>> {
    std::panic::catch_unwind(|| documents_of(path)).ok().flatten()
}

fn documents_of(path: &Path) -> Option<Vec<CanonicalDocument>> {
    let options = kehoach_extract::Options { ocr: false, ..Default::default() };
    let read = kehoach_extract::read_path_with(path, options).ok()?;
    let plain = kehoach_parse::parse(&read);
    let mut docs = vec![canonical_with(&read.source, &plain, Options::default())];
    let mut repaired = read;
    let words = kehoach_repair::words(&mut repaired, Default::default());
    let mut plan = kehoach_parse::parse(&repaired);
    kehoach_repair::diacritics(words, &mut repaired, &mut plan);
    docs.push(canonical_with(&repaired.source, &plan, Options::default()));
    docs.push(canonical_with(&repaired.source, &plan, Options { expand_ubnd: true, all_tables: true }));
    Some(docs)
}

/// Every input under fixtures/ that reads (text, office formats, PDF text
/// layers, and whatever else the readers take: JSON and Python files read
/// as text bring many quotes and backslashes).
#[test]
fn fixture_documents_are_written_as_serde_json_writes_them() {
    let mut paths = Vec::new();
    files(&fixtures(), &mut paths);
    // Shared out among threads: in a debug build the walk takes a minute
    // of CPU.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    let counts: Vec<(usize, usize, usize)> = std::thread::scope(|scope| {
        let paths = &paths;
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let (mut inputs, mut compared, mut items) = (0, 0, 0);
                    for path in paths.iter().skip(t).step_by(threads) {
                        let Some(docs) = documents(path) else { continue };
                        inputs += 1;
                        for (i, doc) in docs.iter().enumerate() {
                            assert_same(doc, &format!("{} (variant {i})", path.display()));
                            compared += 1;
                            let counts = doc.item_counts();
                            items += counts.groups + counts.targets + counts.tasks + counts.activities;
                        }
                    }
                    (inputs, compared, items)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("no document differs")).collect()
    });
    let inputs: usize = counts.iter().map(|c| c.0).sum();
    let compared: usize = counts.iter().map(|c| c.1).sum();
    let items: usize = counts.iter().map(|c| c.2).sum();
    eprintln!("{inputs} inputs, {compared} documents, {items} items");
    assert!(inputs >= 450, "only {inputs} fixture inputs read");
    assert!(items >= 20_000, "only {items} items in {compared} documents");
}

/// Strings that need escaping, or nearly do, alone and at every offset of
/// the writer's eight-byte scan.
fn edge_strings() -> Vec<String> {
    let mut strings = vec![String::new(), (0u8..0x20).map(char::from).collect()];
    strings.extend((0u8..0x20).map(|b| char::from(b).to_string()));
    strings.extend(
        [
            "\"",
            "\\",
            "\\\"",
            "\"\\\"\\",
            "\u{7f}",
            "\u{80}",
            "\u{2028}",
            "\u{2029}",
            "\u{2028}\u{2029}",
            "\u{feff}",
            "😀",
            "𝄞\u{10ffff}\u{10000}",
            "</script>/",
            "Kế hoạch \"số\" 12/KH-UBND\n\tngày\r\n",
            "C:\\Tài liệu\\kế hoạch.docx",
            "\u{0}\u{1f} \u{8}\u{9}\u{a}\u{b}\u{c}\u{d}",
        ]
        .map(String::from),
    );
    for c in ['\u{0}', '\u{1f}', '"', '\\', '\n', '\u{7f}', '\u{2028}', '😀', 'ế', ' '] {
        for before in 0..17 {
            strings.push(format!("{}{c}{}", "a".repeat(before), "ư".repeat(before % 4)));
        }
    }
    strings
}

/// Floats serde_json writes in its various forms (and `null` for the
/// non-finite ones).
const EDGE_FLOATS: [f64; 22] = [
    0.0,
    -0.0,
    0.1,
    0.3,
    1.5,
    -3.0,
    1e15,
    1e16,
    1e17,
    1e20,
    1e21,
    1e22,
    1e-7,
    123_456_789.0,
    9_007_199_254_740_993.0,
    f64::MAX,
    f64::MIN,
    f64::MIN_POSITIVE,
    5e-324,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
];

/// Hands out edge cases in turn, so that the slots of a document get
/// different ones.
struct Edges {
    strings: Vec<String>,
    next: usize,
}

impl Edges {
    fn string(&mut self) -> String {
        self.next += 1;
        self.strings[self.next % self.strings.len()].clone()
    }

    /// None every third time.
    fn option(&mut self) -> Option<String> {
        self.next += 1;
        (self.next % 3 != 0).then(|| self.string())
    }

    fn float(&mut self) -> f64 {
        self.next += 1;
        EDGE_FLOATS[self.next % EDGE_FLOATS.len()]
    }

    fn float32(&mut self) -> f32 {
        const EDGE: [f32; 12] =
            [0.1, -0.0, 0.3, 1e21, f32::MAX, f32::MIN_POSITIVE, 1e-45, 16_777_217.0, 0.5, f32::NAN, f32::INFINITY, 1.0];
        self.next += 1;
        EDGE[self.next % EDGE.len()]
    }

    /// A list of zero to three strings.
    fn strings(&mut self) -> Vec<String> {
        self.next += 1;
        (0..self.next % 4).map(|_| self.string()).collect()
    }

    fn location(&mut self, location: &mut Location) {
        location.sheet = self.option().map(Into::into);
        location.cell = self.option();
        location.line = (self.next % 2 == 0).then_some(u32::MAX);
    }

    fn agency(&mut self) -> Agency {
        Agency { name: self.string(), printed: self.option(), scope: self.option() }
    }
}

/// Sets every string, number, option and list of `doc` that the model
/// lets a program set to edge cases, and adds items, readings and tables
/// where the document has none.
fn set_edges(doc: &mut CanonicalDocument, edges: &mut Edges) {
    doc.schema = edges.string();
    doc.source.file = edges.string();
    doc.source.path = edges.string();
    doc.source.sha256 = edges.string();
    doc.source.bytes = u64::MAX;
    let d = &mut doc.document;
    d.kind = edges.string();
    d.number = edges.option();
    d.number_text = edges.option();
    d.date = edges.option();
    d.date_text = edges.option();
    d.place = edges.option();
    d.title = edges.option();
    d.issuer = edges.strings();
    d.recipients = edges.strings();
    d.period = Some(kehoach_normalize::PeriodOut { start: i32::MIN, end: i32::MAX });
    d.signer = Some(kehoach_normalize::SignerOut { position: edges.option(), name: edges.option() });
    for r in &mut d.references {
        r.relation = edges.string();
        r.kind = edges.string();
        r.number = edges.option();
        r.date = edges.option();
        r.text = edges.string();
    }
    for e in &mut d.kind_evidence {
        e.feature = edges.string();
        e.detail = edges.string();
        e.weight = edges.float32();
    }
    for table in &mut doc.tables {
        table.role_confidence = edges.float32();
        table.index = usize::MAX;
        for e in &mut table.evidence {
            e.feature = edges.string();
            e.detail = edges.string();
            e.weight = edges.float32();
        }
        for c in &mut table.columns {
            c.header = edges.string();
            c.confidence = edges.float32();
        }
        edges.location(&mut table.start);
        for row in &mut table.raw_rows {
            *row = edges.strings();
        }
        table.raw_rows.extend([vec![], vec![String::new()], edges.strings()]);
        for item in &mut table.items {
            set_item_edges(item, edges);
        }
    }
    // Empty tables, lists and nested empties next to full ones.
    if let Some(first) = doc.tables.first().cloned() {
        let mut empty = first;
        empty.items.clear();
        empty.columns.clear();
        empty.evidence.clear();
        empty.raw_rows = vec![vec![]];
        doc.tables.push(empty);
    }
    for node in &mut doc.outline {
        node.marker = edges.string();
        node.text = edges.string();
        edges.location(&mut node.location);
    }
    for note in &mut doc.footnotes {
        note.mark = edges.string();
        note.text = edges.string();
        note.referenced_at.clear();
    }
    for diagnostic in &mut doc.diagnostics {
        diagnostic.message = edges.string();
        if let Some(location) = &mut diagnostic.location {
            edges.location(location);
        }
    }
}

fn set_item_edges(item: &mut ItemOut, edges: &mut Edges) {
    item.id = edges.option();
    item.number = edges.option();
    item.text = edges.string();
    item.row_number = edges.option();
    item.fields.lead = edges.option();
    item.fields.output = edges.option();
    // Keys that need escaping, an empty key, and (every fourth item) none.
    item.fields.extra.clear();
    for _ in 0..edges.next % 4 {
        item.fields.extra.insert(edges.string(), edges.string());
    }
    let r = &mut item.readings;
    r.deliverables = edges.strings();
    r.lead = (0..edges.next % 3).map(|_| edges.agency()).collect();
    r.partners = vec![edges.agency()];
    r.indicators.push(Indicator {
        comparator: Comparator::Equal,
        value: edges.float(),
        of: (edges.next % 2 == 0).then(|| edges.float()),
        unit: edges.option(),
        thing: edges.option(),
        text: edges.string(),
    });
    for indicator in &mut r.indicators {
        indicator.value = edges.float();
    }
    r.budget = Some(Budget {
        source: BudgetSource::Other,
        reference: edges.option(),
        amount_vnd: (edges.next % 3 != 0).then(|| edges.float()),
    });
    if let Some(deadline) = &mut r.deadline {
        deadline.start = edges.option();
        deadline.end = edges.option();
    }
    for cell in &mut item.provenance.cells {
        edges.location(cell);
    }
    for child in &mut item.children {
        set_item_edges(child, edges);
    }
}

/// Documents of a text, a DOCX, an XLSX and a PDF with their strings,
/// numbers and lists set to edge cases, several times over with the cases
/// shifted; and a document emptied of tables, outline and diagnostics.
#[test]
fn edge_cases_are_written_as_serde_json_writes_them() {
    let root = fixtures();
    let inputs = [
        "seeds/000_546985720e17fb0b.txt",
        "samples/000-framework.docx",
        "samples/000-framework.xlsx",
        "samples/000-framework.pdf",
    ];
    let mut edges = Edges { strings: edge_strings(), next: 0 };
    let mut compared = 0;
    for input in inputs {
        let docs = documents(&root.join(input)).unwrap_or_else(|| panic!("{input} reads"));
        let doc = &docs[2];
        assert!(!doc.tables.is_empty(), "{input} has tables");
        for shift in 0..7 {
            edges.next = shift;
            let mut edged = doc.clone();
            set_edges(&mut edged, &mut edges);
            assert_same(&edged, &format!("{input} with edge cases (shift {shift})"));
            compared += 1;
        }
        let mut emptied = doc.clone();
        emptied.tables.clear();
        emptied.outline.clear();
        emptied.footnotes.clear();
        emptied.diagnostics.clear();
        emptied.document = Default::default();
        assert_same(&emptied, &format!("{input} emptied"));
        let json = to_json(&emptied);
        assert!(json.contains("\"tables\": []") && json.contains("\"issuer\": []"), "{json}");
    }
    assert_eq!(compared, 28);
}
