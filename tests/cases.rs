//! Table-driven cases: domain examples kept as data in `tests/cases/*.tsv`,
//! so someone who knows the plans can add a row without touching Rust. Each
//! file says its columns in its header; every failing row is reported, with
//! its line, expected and actual side by side.
//!
//! The deadline and agency cases call `kehoach-normalize`'s readings
//! directly, on purpose: they test that stage on one cell's text; the
//! header and numbering cases go through `kehoach::convert`.

use crate::util::root;
use kehoach_normalize::readings::{read_deadline, read_roles, split_agencies, Agency};
use serde_json::Value;

/// The case rows of `tests/cases/NAME`: (line number, cells).
fn rows(name: &str) -> Vec<(usize, Vec<String>)> {
    let path = root().join("tests/cases").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rows: Vec<(usize, Vec<String>)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').map(str::to_string).collect()))
        .collect();
    assert!(!rows.is_empty(), "{name} has cases");
    rows
}

/// `-` is empty.
fn cell(text: &str) -> Option<&str> {
    (text != "-").then_some(text)
}

/// A JSON value as a cell: strings bare, null as `-`.
fn shown(value: &Value) -> String {
    match value {
        Value::Null => "-".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn names(list: &[Agency]) -> String {
    if list.is_empty() {
        return "-".to_string();
    }
    list.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(" | ")
}

/// Runs every row through `case`, which returns the actual cells for the
/// expected ones; fails with every row that differs.
fn run(name: &str, width: usize, case: impl Fn(&[String]) -> Vec<String>) {
    let mut failures = Vec::new();
    for (line, cells) in rows(name) {
        assert_eq!(cells.len(), width, "{name}:{line}: {width} tab-separated columns expected, got {cells:?}");
        let actual = case(&cells);
        let expected = &cells[cells.len() - actual.len()..];
        if actual != expected {
            failures.push(format!("{name}:{line}: {:?}\n  expected {expected:?}\n  actual   {actual:?}", cells[0]));
        }
    }
    assert!(failures.is_empty(), "{} case(s) differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn deadlines() {
    run("deadlines.tsv", 6, |cells| {
        let year = cell(&cells[1]).map(|y| y.parse().expect("a plan year"));
        let reading = serde_json::to_value(read_deadline(&cells[0], year)).expect("serializes");
        ["kind", "start", "end", "recurrence"].iter().map(|key| shown(&reading[key])).collect()
    });
}

#[test]
fn agencies() {
    let mut failures = Vec::new();
    for (line, cells) in rows("agencies.tsv") {
        let (expected, actual) = match cells.as_slice() {
            [kind, text, list] if kind == "split" => (vec![list.clone()], vec![names(&split_agencies(text))]),
            [kind, text, lead, partners] if kind == "roles" => {
                let (l, p) = read_roles(text);
                (vec![lead.clone(), partners.clone()], vec![names(&l), names(&p)])
            }
            _ => panic!("agencies.tsv:{line}: cannot read {cells:?}"),
        };
        if actual != expected {
            failures
                .push(format!("agencies.tsv:{line}: {:?}\n  expected {expected:?}\n  actual   {actual:?}", cells[1]));
        }
    }
    assert!(failures.is_empty(), "{} case(s) differ:\n{}", failures.len(), failures.join("\n"));
}

/// The first table of a one-table text document: header cells and rows,
/// each given as cells joined by " | ".
fn table_of(header: &str, rows: &[&str]) -> Value {
    let line = |cells: &str| cells.split(" | ").collect::<Vec<_>>().join("\t");
    let mut text = line(header) + "\n";
    for row in rows {
        text += &(line(row) + "\n");
    }
    let converted = crate::util::convert_bytes("case.txt", text.as_bytes());
    let json = serde_json::to_value(&converted.document).expect("serializes");
    json["tables"][0].clone()
}

#[test]
fn headers() {
    run("headers.tsv", 2, |cells| {
        let table = table_of(&cells[0], &[&vec!["1"; cells[0].split(" | ").count()].join(" | ")]);
        let fields: Vec<String> =
            table["columns"].as_array().expect("columns").iter().map(|c| shown(&c["field"])).collect();
        vec![fields.join(" | ")]
    });
}

/// Items in tree order: `kind number`, `>` before a first child, `,`
/// between siblings, `<` back up.
fn outline(items: &Value, out: &mut String) {
    for (i, item) in items.as_array().into_iter().flatten().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&format!("{} {}", shown(&item["kind"]), shown(&item["id"])));
        if item["children"].as_array().is_some_and(|c| !c.is_empty()) {
            out.push_str(" > ");
            outline(&item["children"], out);
            if i + 1 < items.as_array().map_or(0, Vec::len) {
                out.push_str(" <");
            }
        }
    }
}

#[test]
fn items() {
    run("items.tsv", 3, |cells| {
        let rows: Vec<&str> = cells[1].split(" // ").collect();
        let table = table_of(&cells[0], &rows);
        let mut out = String::new();
        outline(&table["items"], &mut out);
        vec![out]
    });
}
