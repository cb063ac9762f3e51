//! Helpers shared by the integration tests.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `kehoach` binary from the repository root.
pub fn kehoach(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("kehoach runs")
}

/// A fresh, empty scratch directory under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// The seed fixtures, sorted.
pub fn seeds() -> Vec<PathBuf> {
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/seeds"))
        .expect("fixtures/seeds exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 5, "the five seed documents are in fixtures/seeds");
    seeds
}

/// Office fixtures: the hand-made files in `fixtures/office/` and the
/// office-suite renderings in `fixtures/samples/`, sorted.
pub fn office_fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["fixtures/office", "fixtures/samples"] {
        files.extend(
            std::fs::read_dir(root().join(dir))
                .expect("fixture directory exists")
                .map(|e| e.expect("readable entry").path())
                .filter(|p| {
                    p.extension().is_some_and(|e| ["docx", "xlsx", "xls", "ods", "pdf"].iter().any(|x| e == *x))
                }),
        );
    }
    files.sort();
    assert!(files.len() >= 6, "office fixtures are in fixtures/office and fixtures/samples");
    files
}

/// Every input with expected outputs: seeds, then office fixtures.
pub fn all_fixtures() -> Vec<PathBuf> {
    seeds().into_iter().chain(office_fixtures()).collect()
}

/// Whether expected outputs should be rewritten instead of compared.
pub fn blessing() -> bool {
    std::env::var_os("KEHOACH_BLESS").is_some_and(|v| v != "0")
}

/// Runs the whole library pipeline ([`kehoach::convert`]) on a file.
pub fn convert(path: &Path) -> kehoach_normalize::CanonicalDocument {
    match kehoach::convert(kehoach::Input::Path(path), &kehoach::Options::default()) {
        Ok(converted) => converted.document,
        Err(e) => panic!("fixture converts: {e}"),
    }
}

/// Runs the whole library pipeline ([`kehoach::convert`]) on a file and
/// returns both its results: the blocks the parser was given (read and
/// repaired: what `kehoach blocks` prints) and the canonical document.
pub fn convert_whole(path: &Path) -> kehoach::Converted {
    match kehoach::convert(kehoach::Input::Path(path), &kehoach::Options::default()) {
        Ok(converted) => converted,
        Err(e) => panic!("{} converts: {e}", path.display()),
    }
}

/// Runs the whole library pipeline ([`kehoach::convert`]) on a document in
/// memory named `name`.
pub fn convert_bytes(name: &str, bytes: &[u8]) -> kehoach::Converted {
    match kehoach::convert(kehoach::Input::Bytes { name, bytes }, &kehoach::Options::default()) {
        Ok(converted) => converted,
        Err(e) => panic!("{name} converts: {e}"),
    }
}

/// Field-level differences between two JSON values, as readable lines:
/// `tables[0].items[2].text: expected "…", got "…"`. At most `limit` lines.
pub fn json_diff(expected: &Value, actual: &Value, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    diff_at("$", expected, actual, &mut out, limit);
    out
}

fn show(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 160 {
        format!("{}…", s.chars().take(160).collect::<String>())
    } else {
        s
    }
}

fn diff_at(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>, limit: usize) {
    if out.len() >= limit || expected == actual {
        return;
    }
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                match a.get(key) {
                    Some(av) => diff_at(&format!("{path}.{key}"), ev, av, out, limit),
                    None => out.push(format!("{path}.{key}: expected {}, missing", show(ev))),
                }
            }
            for (key, av) in a {
                if !e.contains_key(key) && out.len() < limit {
                    out.push(format!("{path}.{key}: unexpected {}", show(av)));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            for i in 0..e.len().max(a.len()) {
                match (e.get(i), a.get(i)) {
                    (Some(ev), Some(av)) => diff_at(&format!("{path}[{i}]"), ev, av, out, limit),
                    (Some(ev), None) => out.push(format!("{path}[{i}]: expected {}, missing", show(ev))),
                    (None, Some(av)) => out.push(format!("{path}[{i}]: unexpected {}", show(av))),
                    (None, None) => {}
                }
                if out.len() >= limit {
                    break;
                }
            }
        }
        _ => out.push(format!("{path}: expected {}, got {}", show(expected), show(actual))),
    }
}

#[test]
fn json_diff_names_the_field() {
    let e: Value = serde_json::json!({"a": [1, {"b": "x"}], "c": 1});
    let a: Value = serde_json::json!({"a": [1, {"b": "y"}, 3], "d": 2});
    let diff = json_diff(&e, &a, 10);
    assert_eq!(
        diff,
        [
            "$.a[1].b: expected \"x\", got \"y\"",
            "$.a[2]: unexpected 3",
            "$.c: expected 1, missing",
            "$.d: unexpected 2"
        ]
    );
}

/// The flat records of a file, as JSON objects without the keys that name
/// the file and the place in it (`doc`, `file`, `page`, `line`, `sheet`,
/// `cell`, `row`, `column`): they differ by design when one plan is
/// compared across files.
pub fn records_without_doc(path: &Path) -> Vec<serde_json::Map<String, Value>> {
    let mut out = Vec::new();
    kehoach_normalize::write_jsonl(&kehoach_normalize::flat_records(&convert(path)), &mut out).expect("in memory");
    String::from_utf8(out)
        .expect("UTF-8")
        .lines()
        .map(|line| match serde_json::from_str(line).expect("a JSON line") {
            Value::Object(mut map) => {
                for key in ["doc", "file", "page", "line", "sheet", "cell", "row", "column"] {
                    map.remove(key);
                }
                map
            }
            other => panic!("a record is an object, got {other}"),
        })
        .collect()
}
