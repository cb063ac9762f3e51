//! The canonical format's JSON Schema: generated from the types, checked in
//! at `schema/kehoach.schema.json`, and every output validates against it.

use crate::util::{blessing, convert, root, seeds};

fn schema_path() -> std::path::PathBuf {
    root().join("schema/kehoach.schema.json")
}

#[test]
fn checked_in_schema_matches_the_types() {
    let generated = kehoach_normalize::schema();
    if blessing() {
        std::fs::write(schema_path(), &generated).expect("write schema");
        return;
    }
    let checked_in = std::fs::read_to_string(schema_path()).expect("schema/kehoach.schema.json exists");
    assert!(
        checked_in == generated,
        "schema/kehoach.schema.json is out of date with the canonical types; \
         regenerate with `cargo run -- schema > schema/kehoach.schema.json` and review the change"
    );
}

#[test]
fn every_output_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&kehoach_normalize::schema()).expect("schema parses");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    for seed in crate::util::all_fixtures() {
        let output: serde_json::Value =
            serde_json::from_str(&kehoach_normalize::to_json(&convert(&seed))).expect("output parses");
        let errors: Vec<String> =
            validator.iter_errors(&output).take(10).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{} does not validate:\n{}", seed.display(), errors.join("\n"));
    }
}

#[test]
fn the_schema_rejects_what_it_should() {
    let schema: serde_json::Value = serde_json::from_str(&kehoach_normalize::schema()).expect("schema parses");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut output: serde_json::Value =
        serde_json::from_str(&kehoach_normalize::to_json(&convert(&seeds()[0]))).expect("output parses");
    assert!(validator.is_valid(&output));
    output["tables"][0]["items"][0]["kind"] = serde_json::json!("chapter");
    assert!(!validator.is_valid(&output), "an unknown item kind must not validate");
    output["tables"] = serde_json::json!("none");
    assert!(!validator.is_valid(&output));
}

/// The README's table of diagnostic codes is the list of
/// `kehoach_extract::Code`, in its order, with each code's description
/// (`KEHOACH_BLESS=1` rewrites it).
#[test]
fn readme_lists_every_diagnostic_code() {
    let mut table = String::from("| code | meaning |\n|---|---|\n");
    for code in kehoach_extract::Code::ALL {
        table.push_str(&format!("| `{}` | {} |\n", code.as_str(), code.description()));
    }
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (begin, end) = ("<!-- diagnostic codes: begin -->\n", "<!-- diagnostic codes: end -->");
    let start = readme.find(begin).expect("README has the diagnostic codes markers") + begin.len();
    let stop = readme[start..].find(end).expect("end marker") + start;
    if blessing() {
        std::fs::write(&path, format!("{}{table}{}", &readme[..start], &readme[stop..])).expect("write README");
        return;
    }
    assert!(readme[start..stop] == table, "README's diagnostic codes differ from kehoach_extract::Code:\n{table}");
}
