//! Field readings on the seeds: deadlines, agencies, deliverables and
//! indicators as data, in the canonical JSON and the flat records.

use crate::util::{convert, root, seeds};
use kehoach_extract::Code;
use serde_json::Value;
use std::process::Command;

fn records(name: &str) -> Vec<Value> {
    let doc = convert(&root().join("fixtures/seeds").join(name));
    let mut out = Vec::new();
    kehoach_normalize::write_jsonl(&kehoach_normalize::flat_records(&doc), &mut out).expect("in memory");
    String::from_utf8(out).expect("UTF-8").lines().map(|l| serde_json::from_str(l).expect("JSON")).collect()
}

#[test]
fn framework_records_carry_deadline_ranges_and_agency_lists() {
    let records = records("000_546985720e17fb0b.txt");
    let first = &records[0];
    assert_eq!(first["deadline"], "Trước 15/01/2024");
    assert_eq!(first["deadline_kind"], "by_date");
    assert_eq!(first["deadline_start"], Value::Null);
    assert_eq!(first["deadline_end"], "2024-01-15");
    assert_eq!(first["lead_list"], serde_json::json!(["Văn phòng Sở"]));
    assert_eq!(first["partners_list"], serde_json::json!(["Các Phòng, Trung tâm thuộc Sở"]));
    assert_eq!(first["output_list"], serde_json::json!(["Kế hoạch CCHC năm 2024"]));
    // The reading keys come in the contract's order.
    let line = serde_json::to_string(
        &kehoach_normalize::flat_records(&convert(&root().join("fixtures/seeds/000_546985720e17fb0b.txt")))[0],
    )
    .expect("serializes");
    let keys: Vec<String> = ["note", "deadline_kind", "deadline_start", "deadline_end", "lead_list", "output_list"]
        .iter()
        .map(|k| format!("\"{k}\":"))
        .collect();
    let positions: Vec<usize> =
        keys.iter().map(|k| line.find(k.as_str()).unwrap_or_else(|| panic!("{k} in {line}"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{line}");
    // A quarter without a year takes the plan's year (2024, from the title).
    let plan = self::records("004_81dc5ac12a8b2fdd.txt");
    let quarter = plan.iter().find(|r| r["deadline"] == "Quý II").expect("a 'Quý II' deadline");
    assert_eq!((&quarter["deadline_start"], &quarter["deadline_end"]), (&"2024-04-01".into(), &"2024-06-30".into()));
    // Abbreviated and OCR-damaged agency names are unified.
    let damaged = records
        .iter()
        .find(|r| r["lead"].as_str().is_some_and(|l| l.starts_with("Phòng XD, KT") && !l.contains('(')))
        .expect("an abbreviated lead");
    assert_eq!(damaged["lead_list"], serde_json::json!(["Phòng Xây dựng, Kiểm tra và Theo dõi thi hành pháp luật"]));
}

#[test]
fn mixed_assignment_cells_give_lead_and_partners() {
    let records = records("002_ddd63cb72f6035f4.txt");
    let r = records
        .iter()
        .find(|r| r["lead"].as_str().is_some_and(|l| l.starts_with("Văn phòng Sở chủ trì, phối hợp với các Phòng")))
        .expect("an assignment with roles");
    assert_eq!(r["lead_list"], serde_json::json!(["Văn phòng Sở"]));
    assert_eq!(r["partners_list"][0], "Các Phòng, Trung tâm thuộc Sở");
}

#[test]
fn indicator_targets_become_numbers() {
    let doc = convert(&root().join("fixtures/seeds/004_81dc5ac12a8b2fdd.txt"));
    let json = serde_json::to_value(&doc).expect("serializes");
    let mut found = Vec::new();
    fn walk(items: &Value, found: &mut Vec<Value>) {
        for item in items.as_array().into_iter().flatten() {
            if item["kind"] == "target" {
                found.extend(item["readings"]["indicators"].as_array().into_iter().flatten().cloned());
            }
            walk(&item["children"], found);
        }
    }
    for table in json["tables"].as_array().expect("tables") {
        walk(&table["items"], &mut found);
    }
    assert!(found.len() >= 10, "{found:?}");
    assert!(found.iter().all(|i| i["value"].is_number() && i["comparator"].is_string()));
    assert!(found.iter().any(|i| i["comparator"] == "at_least" && i["unit"] == "%"), "{found:?}");
}

/// How many field values per seed have no structured reading (each is a
/// diagnostic): checked by reading every distinct value against its reading.
#[test]
fn unparsed_values_per_seed() {
    let mut counts = Vec::new();
    for seed in seeds() {
        let doc = convert(&seed);
        let n = doc
            .diagnostics
            .iter()
            .filter(|d| {
                [
                    Code::DeadlineUnparsed,
                    Code::AgencyUnrecognized,
                    Code::AssignmentUnparsed,
                    Code::IndicatorUnparsed,
                    Code::BudgetUnparsed,
                ]
                .contains(&d.code)
            })
            .count();
        counts.push(n);
    }
    assert_eq!(counts, [0, 0, 0, 0, 0]);
}

#[test]
fn csv_joins_lists_and_ubnd_can_be_spelled_out() {
    let seed = root().join("fixtures/seeds/000_546985720e17fb0b.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["convert", "--format", "csv", "--expand-ubnd"])
        .arg(&seed)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().expect("header").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let partners = column("partners_list");
    assert!(rows.iter().any(|r| r[partners].contains("; ")), "lists are joined with \"; \"");
    assert!(rows.iter().any(|r| r[partners].contains("Ủy ban nhân dân cấp huyện")));
    assert!(!rows.iter().any(|r| r[partners].contains("UBND cấp huyện")));
}

/// Issue 3 (part): the many small tables of 003 take their section from the
/// numbered heading above each ("9.2.I" when the table has Roman groups).
#[test]
fn small_tables_take_their_section_from_the_heading_above() {
    let sections: Vec<(u64, String)> = records("003_4e8a737463cde151.txt")
        .iter()
        .map(|r| (r["table"].as_u64().unwrap(), r["section"].as_str().unwrap_or("").to_string()))
        .collect();
    let mut distinct: Vec<(u64, String)> = Vec::new();
    for s in sections {
        if !distinct.contains(&s) {
            distinct.push(s);
        }
    }
    let expected = [
        (0, "1"),
        (1, "2"),
        (2, "3"),
        (3, "4"),
        (4, "5"),
        (5, "6"),
        (6, "7"),
        (7, "8"),
        (8, "9.1"),
        (9, "9.2.I"),
        (9, "9.2.II"),
        (10, "10"),
        (11, "11"),
        (12, "12"),
        (13, "I"),
        (13, "II"),
        (13, "III"),
        (13, "IV"),
    ];
    let expected: Vec<(u64, String)> = expected.iter().map(|(t, s)| (*t, s.to_string())).collect();
    assert_eq!(distinct, expected);
}

/// Issue 3 (part): a row without a number under a task (002, VII.7) is a
/// sub-row of that task: its own record, with the task's ids.
#[test]
fn a_row_without_a_number_is_a_sub_row_of_the_task_above() {
    let records = records("002_ddd63cb72f6035f4.txt");
    let task7: Vec<&Value> = records.iter().filter(|r| r["section"] == "VII" && r["task_id"] == "7").collect();
    assert_eq!(task7.len(), 2);
    assert!(task7[0]["output"].as_str().unwrap().starts_with("Kế hoạch Duy trì Hệ thống"));
    assert_eq!(task7[0]["deadline"], "Quý I/2021");
    assert!(task7[1]["output"].as_str().unwrap().starts_with("Kết quả đánh giá nội bộ"));
    assert_eq!(task7[1]["deadline"], "Theo tiến độ của Kế hoạch");
    assert_eq!(task7[0]["task"], task7[1]["task"]);
}

/// Issue 3 (part): 003 Phụ lục II has a header over two rows; its columns
/// map through the lower cells ("chủ trì", "phối hợp", "Hoàn thành"), and
/// the text cut into the row-number column by a page break (line 183) is
/// joined back to its task.
#[test]
fn two_row_headers_and_text_in_the_wrong_column() {
    let records = records("003_4e8a737463cde151.txt");
    let last = records.last().expect("records");
    assert_eq!(last["table"], 13);
    assert_eq!(last["lead"], "Phòng Hành chính tư pháp");
    assert_eq!(last["partners"], "Các phòng, đơn vị có liên quan");
    assert_eq!(last["extra"]["Cơ quan phối hợp giải quyết thủ tục hành chính"], "UBND cấp xã");
    assert_eq!(last["deadline"], "Tháng 9/2024");
    assert_eq!(last["extra"]["Thời gian thực hiện rà soát: Bắt đầu"], "Tháng 8 /2024");
    let cut = records
        .iter()
        .find(|r| r["task"].as_str().is_some_and(|t| t.starts_with("Thực hiện tích hợp, chia sẻ, đồng bộ dữ liệu")))
        .expect("task 8 of section 4");
    assert!(cut["task"].as_str().unwrap().ends_with("với Hệ thống thông tin giải quyết TTHC của tỉnh."), "{cut}");
}

/// Issue 3 (part): narrative plans get an outline tree from their
/// numbering (001, and the plan body of 004 after the decision's recipients).
#[test]
fn narrative_plans_have_an_outline() {
    let doc = convert(&root().join("fixtures/seeds/001_a4ffcc6e1ad3a5f9.txt"));
    let markers: Vec<&str> = doc.outline.iter().map(|n| n.marker.as_str()).collect();
    assert_eq!(markers, ["I.", "II.", "III.", "IV."]);
    let goals = &doc.outline[1].children[1].children[0].children[1];
    assert_eq!((goals.marker.as_str(), goals.text.as_str()), ("2.1.2.", "Mục tiêu, chỉ tiêu cụ thể"));
    let horizons: Vec<&str> = goals.children.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(horizons, ["Đến năm 2025", "Đến năm 2030"]);
    assert_eq!(goals.children[1].children.len(), 4, "four targets for 2030");
    let plan = convert(&root().join("fixtures/seeds/004_81dc5ac12a8b2fdd.txt"));
    let titles: Vec<&str> = plan.outline.iter().map(|n| n.text.lines().next().unwrap_or("")).collect();
    assert_eq!(titles[1], "CÁC CHỈ TIÊU CHỦ YẾU");
}

/// Issue 3 (part): targets and tasks stated in prose become a narrative
/// table: 001's "Mục tiêu, chỉ tiêu cụ thể" lists under horizons, its
/// "Nhiệm vụ" lists; 004's "CÁC CHỈ TIÊU CHỦ YẾU" indicators.
#[test]
fn targets_and_tasks_in_prose() {
    let records = records("001_a4ffcc6e1ad3a5f9.txt");
    let targets_2030: Vec<&Value> =
        records.iter().filter(|r| r["section"] == "II.2.1.2" && r["horizon"] == "2030").collect();
    assert_eq!(targets_2030.len(), 4);
    assert!(targets_2030.iter().all(|r| r["target"].is_string() && r["task"].is_null()));
    assert_eq!(records.iter().filter(|r| r["section"] == "II.2.1.3" && r["task"].is_string()).count(), 13);
    let plan = self::records("004_81dc5ac12a8b2fdd.txt");
    let narrative = plan.iter().map(|r| r["table"].as_u64().unwrap()).max().unwrap();
    let indicators = plan.iter().filter(|r| r["table"] == narrative && r["section"] == "II").count();
    assert_eq!(indicators, 26);
}

/// Issue 3 (part): 004's footnotes are kept apart, their marks taken out of
/// the outline text.
#[test]
fn footnotes_are_separated_from_the_text() {
    let doc = convert(&root().join("fixtures/seeds/004_81dc5ac12a8b2fdd.txt"));
    let marks: Vec<&str> = doc.footnotes.iter().map(|f| f.mark.as_str()).collect();
    assert_eq!(marks, ["1", "2", "3"]);
    assert!(doc.footnotes[0].text.starts_with("Nghị quyết số 76/NQ-CP ngày 15/7/2021"));
    assert_eq!(doc.footnotes[0].referenced_at.len(), 1);
    let json = kehoach_normalize::to_json(&doc);
    let outline_part = &json[json.find("\"outline\"").unwrap()..json.find("\"footnotes\"").unwrap()];
    assert!(!outline_part.contains('¹') && !outline_part.contains('²'));
}
