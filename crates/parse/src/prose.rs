//! Targets and tasks stated in prose (001, the body of 004): read from the
//! outline, not from a table.
//!
//! - Under a node that announces targets ("Mục tiêu, chỉ tiêu cụ thể",
//!   "Các chỉ tiêu chủ yếu"), the items listed are targets; under a horizon
//!   ("a) Đến năm 2025") they carry that horizon.
//! - Under a node that announces tasks ("Nhiệm vụ", "Nhiệm vụ, giải pháp"),
//!   the items listed (the leaves) are tasks.
//!
//! - An item followed by labelled lines ("a) Rà soát …" over "- Cơ quan
//!   chủ trì: Văn phòng Ban.", "- Thời gian hoàn thành: Quý II/2033.",
//!   labels being header wordings of `data/headers.tsv`) is one item with
//!   those fields, not a heading over items; a heading over such items is
//!   their group ("1. Kiểm soát thủ tục hành chính" under "III. NHIỆM VỤ
//!   …" is section `III.1`).
//! - A heading followed by a paragraph and no items, among headings over
//!   items ("4. Các nhiệm vụ có sử dụng kinh phí" / "… chi tiết tại Phụ
//!   lục"), is a section with nothing listed, not an item.
//! - A node whose numbered sub-headings head tables ("III. NHIỆM VỤ …" over
//!   "1. Cải cách thể chế" and its table, "2. …" and its table) states its
//!   items in those tables: its sub-headings are sections, not items.
//!
//! The result is one plan table of kind `Narrative`: groups for the outline
//! sections the items sit in (`II` → `2.1`), then the targets and tasks.

use crate::columns::{fold, labelled_line};
use crate::fields::Fields;
use crate::outline::OutlineNode;
use crate::plan::{Item, ItemKind, PlanTable, TableKind};
use kehoach_extract::Location;
use regex::Regex;
use std::sync::LazyLock;

/// Its words with any marks: the parser reads text before its diacritics
/// are repaired.
static HORIZON: LazyLock<Regex> = LazyLock::new(|| {
    let [by, to, within, year] = ["đến", "tới", "trong", "năm"].map(kehoach_vi::fold::bare_pattern);
    Regex::new(&format!(r"(?i)^(?:{by}|{to}|{within})\s+{year}\s+((?:19|20)[0-9]{{2}})\b")).expect("valid regex")
});

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// An item's own text: its first line, and the lines after it that go on
/// with its sentence — a text layout wraps a long item ("a) 100% thủ tục
/// … được tiếp" / "nhận, giải quyết đúng hạn."; unseen8's "… so với năm" /
/// "2033;"): the line before ends in no stop and the next starts with a
/// lower-case letter, or with a number that is no item's ("2033;", not
/// "2. …" or "3) …"). A plain paragraph after the item (a sentence of its
/// own) is context, not its text.
fn item_text(text: &str) -> String {
    let mut lines = text.lines();
    let mut out = lines.next().unwrap_or("").trim_end().to_string();
    for line in lines {
        let line = line.trim();
        let stopped = out.ends_with(['.', ';', ':', '!', '?']);
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let number = digits > 0 && !matches!(line.as_bytes().get(digits), Some(b'.' | b')'));
        if stopped || !(line.chars().next().is_some_and(char::is_lowercase) || number) {
            break;
        }
        out.push(' ');
        out.push_str(line);
    }
    out
}

fn announces_targets(text: &str) -> bool {
    let f = fold(first_line(text));
    f.contains("muc tieu chi tieu cu the")
        || f.contains("chi tieu cu the")
        || f.starts_with("cac chi tieu chu yeu")
        // "II. CHỈ TIÊU", "2. Chỉ tiêu chủ yếu": a heading of targets alone.
        || f == "chi tieu"
        || f == "chi tieu chu yeu"
}

fn announces_tasks(text: &str) -> bool {
    let f = fold(first_line(text));
    f == "nhiem vu" || f.starts_with("nhiem vu ") || f.starts_with("nhiem vu,")
}

/// A marker that is one lower-case letter and ")" or "." ("a)", "b.").
fn is_lettered(node: &OutlineNode) -> bool {
    let mut chars = node.marker.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some(')' | '.'), None) if c.is_lowercase())
}

fn is_numbered(node: &OutlineNode) -> bool {
    node.marker.chars().next().is_some_and(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}

/// The narrative table, when the outline states any targets or tasks;
/// `headings` are where the numbered headings that head tables stand.
pub(crate) fn narrative_table(outline: &[OutlineNode], headings: &[Location], index: usize) -> Option<PlanTable> {
    let mut items = Vec::new();
    for node in outline {
        if let Some(item) = section(node, headings) {
            items.push(item);
        }
    }
    if items.is_empty() {
        return None;
    }
    let start = outline.first().map(|n| n.location.clone()).unwrap_or_default();
    let end = outline.last().map(|n| n.location.clone()).unwrap_or_default();
    Some(PlanTable {
        index,
        kind: TableKind::Narrative,
        columns: Vec::new(),
        items,
        raw_rows: Vec::new(),
        raw_locations: Vec::new(),
        data_from: None,
        deadline_year: None,
        start,
        end,
        role: Default::default(),
    })
}

/// A group for a numbered node whose subtree states targets or tasks.
fn section(node: &OutlineNode, headings: &[Location]) -> Option<Item> {
    if !is_numbered(node) {
        return None;
    }
    let mut children = Vec::new();
    // The most specific announcement wins: "Nhiệm vụ và giải pháp cụ thể"
    // over sub-sections that each state their targets and tasks is a plain
    // section. Sub-headings that head tables are sections too.
    let announced_below = node.children.iter().any(announces_below);
    let tabled = node.children.iter().any(|c| is_numbered(c) && headings.contains(&c.location));
    let announcing = !tabled && (announces_targets(&node.text) || (announces_tasks(&node.text) && !announced_below));
    if announcing && announces_targets(&node.text) {
        collect(node, ItemKind::Target, None, &mut children);
    } else if announcing {
        collect(node, ItemKind::Task, None, &mut children);
    } else {
        for child in &node.children {
            children.extend(section(child, headings));
        }
    }
    if children.is_empty() {
        return None;
    }
    Some(group_of(node, children, announcing))
}

/// Whether a node or one below it announces targets or tasks.
fn announces_below(node: &OutlineNode) -> bool {
    is_numbered(node)
        && (announces_targets(&node.text) || announces_tasks(&node.text) || node.children.iter().any(announces_below))
}

fn group_of(node: &OutlineNode, children: Vec<Item>, announcing: bool) -> Item {
    let number = node.marker.trim_end_matches(['.', ')']).to_string();
    Item {
        kind: ItemKind::Group,
        id: Some(node.marker.clone()),
        number: Some(number),
        text: first_line(&node.text).to_string(),
        row_number: None,
        fields: Fields::default(),
        cells: vec![node.location.clone()],
        rows: if announcing { vec![node.location.clone()] } else { Vec::new() },
        children,
    }
}

/// The fields a node's children state as labelled lines, when each child
/// is one ("- Cơ quan chủ trì: …", "- Sản phẩm: …"); `None` when a child
/// is anything else (an item, a sub-heading).
fn labelled_fields(node: &OutlineNode) -> Option<Fields> {
    if node.children.is_empty() {
        return None;
    }
    let mut fields = Fields::default();
    for child in &node.children {
        if !child.children.is_empty() {
            return None;
        }
        for (field, value) in labelled_line(&item_text(&child.text))? {
            let slot = fields.slot_mut(field)?;
            match slot {
                Some(before) => {
                    before.push('\n');
                    before.push_str(&value);
                }
                None => *slot = Some(value),
            }
        }
    }
    Some(fields)
}

/// Whether `node` holds items with their labelled fields.
fn heads_labelled_items(node: &OutlineNode) -> bool {
    !node.children.is_empty() && node.children.iter().all(|c| labelled_fields(c).is_some())
}

/// A heading with a paragraph under it and nothing listed, among siblings
/// that are all headings over items (each sibling's labelled fields in
/// `labelled`, as [`labelled_fields`] gives them): a section that lists
/// nothing here.
fn empty_heading(node: &OutlineNode, siblings: &[OutlineNode], labelled: &[Option<Fields>]) -> bool {
    node.children.is_empty()
        && is_numbered(node)
        && node.text.lines().nth(1).is_some_and(|l| !l.trim().is_empty())
        && siblings.len() >= 3
        && siblings
            .iter()
            .zip(labelled)
            .filter(|(s, _)| !std::ptr::eq(*s, node))
            .all(|(s, fields)| !s.children.is_empty() && fields.is_none())
}

/// The listed items under `node`: horizons pass their year down; a node
/// with children of its own is a heading, its leaves are the items — unless
/// its children are its labelled fields; a numbered heading over such
/// items is their group.
fn collect(node: &OutlineNode, kind: ItemKind, horizon: Option<&str>, out: &mut Vec<Item>) {
    // The list under "Nơi nhận:" (a paragraph of the node's text when a
    // plain-text export writes the signature table's cells as paragraphs)
    // names recipients, not items.
    if node.text.lines().any(crate::metadata::is_recipients_label) {
        return;
    }
    // Each child's labelled fields, worked out once for it and its siblings.
    let labelled: Vec<Option<Fields>> = node.children.iter().map(labelled_fields).collect();
    for (k, child) in node.children.iter().enumerate() {
        // An item whose paragraphs run into "Nơi nhận:" is itself an
        // item; what is under it is the list of recipients.
        let listed = !child.children.is_empty() && !child.text.lines().any(crate::metadata::is_recipients_label);
        let line = first_line(&child.text);
        if let Some(c) = HORIZON.captures(line) {
            collect(child, kind, Some(&c[1]), out);
            continue;
        }
        if is_numbered(child) && heads_labelled_items(child) {
            let mut items = Vec::new();
            collect(child, kind, horizon, &mut items);
            out.push(group_of(child, items, true));
            continue;
        }
        if labelled[k].is_none() && listed {
            collect(child, kind, horizon, out);
            continue;
        }
        if empty_heading(child, &node.children, &labelled) {
            continue;
        }
        let labelled = labelled[k].clone();
        // A lettered item with its own fields ("a)" over "- Cơ quan chủ
        // trì: …") is identified by its letter, as a numbered one is.
        let numbered = is_numbered(child) || (labelled.is_some() && is_lettered(child));
        let mut fields = labelled.unwrap_or_default();
        if let Some(year) = horizon {
            fields.extra.push(("horizon".to_string(), year.to_string()));
        }
        out.push(Item {
            kind,
            id: numbered.then(|| child.marker.clone()),
            number: numbered.then(|| child.marker.trim_end_matches(['.', ')']).to_string()),
            // The item's own paragraph; plain paragraphs after it are context.
            text: item_text(&child.text),
            row_number: None,
            fields,
            cells: vec![child.location.clone()],
            rows: vec![child.location.clone()],
            children: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehoach_extract::Location;

    fn node(marker: &str, text: &str, children: Vec<OutlineNode>) -> OutlineNode {
        OutlineNode { marker: marker.into(), text: text.into(), location: Location::line(1), children }
    }

    #[test]
    fn targets_with_horizons_and_tasks() {
        let outline = vec![node(
            "II.",
            "NỘI DUNG",
            vec![node(
                "2.1.",
                "Cải cách thể chế",
                vec![
                    node(
                        "2.1.2.",
                        "Mục tiêu, chỉ tiêu cụ thể",
                        vec![
                            node("a)", "Đến năm 2025", vec![node("-", "100% văn bản được rà soát", vec![])]),
                            node("b)", "Đến năm 2030", vec![node("-", "Hoàn thiện thể chế", vec![])]),
                        ],
                    ),
                    node(
                        "2.1.3.",
                        "Nhiệm vụ",
                        vec![node("a)", "Hoàn thiện thể chế", vec![node("-", "Rà soát văn bản", vec![])])],
                    ),
                ],
            )],
        )];
        let table = narrative_table(&outline, &[], 0).expect("a narrative table");
        let section = &table.items[0].children[0];
        assert_eq!(section.number.as_deref(), Some("2.1"));
        let targets = &section.children[0].children;
        assert_eq!(targets.len(), 2);
        assert_eq!(targets[0].kind, ItemKind::Target);
        assert_eq!(targets[0].fields.extra, [("horizon".to_string(), "2025".to_string())]);
        assert_eq!(targets[1].fields.extra[0].1, "2030");
        let tasks = &section.children[1].children;
        assert_eq!((tasks[0].kind, tasks[0].text.as_str()), (ItemKind::Task, "Rà soát văn bản"));
        assert!(narrative_table(&[node("I.", "MỤC ĐÍCH", vec![])], &[], 0).is_none());
    }

    /// A plain-text export writes the signature table's cells as
    /// paragraphs: the list under "Nơi nhận:" follows the last task as
    /// its bullets, and names recipients, not tasks.
    #[test]
    fn the_recipients_list_gives_no_items() {
        let outline = vec![node(
            "III.",
            "NHIỆM VỤ",
            vec![
                node("1.", "Rà soát văn bản.", vec![]),
                node(
                    "2.",
                    "Kiểm tra công vụ.\nNơi nhận:",
                    vec![node("-", "UBND tỉnh (b/c);", vec![]), node("-", "Lưu: VT, VP.", vec![])],
                ),
            ],
        )];
        let table = narrative_table(&outline, &[], 0).expect("a narrative table");
        let texts: Vec<&str> = table.items[0].children.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["Rà soát văn bản.", "Kiểm tra công vụ."]);
    }

    /// unseen5's markdown and layout text wrap a target over two lines:
    /// the wrapped line is the target's; a sentence of its own after it,
    /// or a line after a stop, is not.
    #[test]
    fn a_wrapped_item_keeps_its_second_line() {
        assert_eq!(
            item_text("100% thủ tục được tiếp\nnhận, giải quyết đúng hạn."),
            "100% thủ tục được tiếp nhận, giải quyết đúng hạn."
        );
        assert_eq!(item_text("Tối thiểu 90% hồ sơ;\nnhận thêm"), "Tối thiểu 90% hồ sơ;");
        assert_eq!(item_text("Rà soát văn bản\nSở Tư pháp chủ trì."), "Rà soát văn bản");
        assert_eq!(
            item_text("Chỉ số tăng ít nhất 02 bậc so với năm\n2033;"),
            "Chỉ số tăng ít nhất 02 bậc so với năm 2033;",
            "unseen8's markdown: a year wrapped onto a line of its own"
        );
        assert_eq!(item_text("Rà soát văn bản\n2. Kiểm tra"), "Rà soát văn bản", "an item number");
        assert_eq!(item_text("Rà soát văn bản\n3) Kiểm tra"), "Rà soát văn bản");
        let outline = vec![node(
            "1.2.",
            "Chỉ tiêu cụ thể",
            vec![node("a)", "100% hồ sơ được tiếp\nnhận đúng hạn.", vec![]), node("b)", "Tối thiểu 90%.", vec![])],
        )];
        let table = narrative_table(&outline, &[], 0).expect("targets");
        let texts: Vec<&str> = table.items[0].children.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["100% hồ sơ được tiếp nhận đúng hạn.", "Tối thiểu 90%."]);
    }

    /// unseen4: "II. CHỈ TIÊU" lists targets; under "III. NHIỆM VỤ …" the
    /// numbered sub-headings head one table each (and the last points to
    /// an appendix): sections, not tasks stated in prose. The same
    /// sub-headings heading no table are tasks.
    #[test]
    fn sub_headings_that_head_tables_are_no_tasks() {
        let at = |line: u32, marker: &str, text: &str| OutlineNode {
            marker: marker.into(),
            text: text.into(),
            location: Location::line(line),
            children: Vec::new(),
        };
        let outline = |tasks: Vec<OutlineNode>| {
            vec![
                node("II.", "CHỈ TIÊU", vec![node("-", "100% thủ tục hành chính được công khai;", vec![])]),
                OutlineNode { children: tasks, ..at(5, "III.", "NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN") },
            ]
        };
        let tasks = || {
            vec![
                at(6, "1.", "Cải cách thể chế"),
                at(9, "2.", "Cải cách thủ tục hành chính"),
                at(12, "3.", "Chuyển đổi số"),
            ]
        };
        let kinds = |table: PlanTable| -> Vec<(ItemKind, String)> {
            table.items.iter().flat_map(|g| g.children.iter().map(|i| (i.kind, i.text.clone()))).collect()
        };
        let tabled = narrative_table(&outline(tasks()), &[Location::line(6), Location::line(9)], 0).expect("targets");
        assert_eq!(kinds(tabled), [(ItemKind::Target, "100% thủ tục hành chính được công khai;".to_string())]);
        let prose = narrative_table(&outline(tasks()), &[], 0).expect("targets and tasks");
        assert_eq!(kinds(prose).iter().filter(|(k, _)| *k == ItemKind::Task).count(), 3);
    }

    /// unseen7: tasks stated as "a)" paragraphs, each over its labelled
    /// lines ("- Cơ quan chủ trì: …"), under numbered headings of "III.
    /// NHIỆM VỤ …"; "4." points to the appendix. Each "a)" is one task with
    /// its fields, its heading is its group, and "4." lists nothing.
    #[test]
    fn labelled_lines_are_their_items_fields() {
        let lines = |lines: &[&str]| lines.iter().map(|l| node("-", l, vec![])).collect::<Vec<_>>();
        let outline = vec![node(
            "III.",
            "NHIỆM VỤ VÀ GIẢI PHÁP",
            vec![
                node(
                    "1.",
                    "Kiểm soát thủ tục hành chính",
                    vec![
                        node(
                            "a)",
                            "Rà soát thủ tục hành chính",
                            lines(&[
                                "Cơ quan chủ trì: Văn phòng Ban.",
                                "Cơ quan phối hợp: Phòng Quản lý đầu tư.",
                                "Sản phẩm: Báo cáo rà soát.",
                                "Thời gian hoàn thành: Quý II/2033.",
                            ]),
                        ),
                        node("b)", "Công bố thủ tục", lines(&["Thời gian hoàn thành: Thường xuyên."])),
                    ],
                ),
                node(
                    "2.",
                    "Một cửa liên thông",
                    vec![node(
                        "a)",
                        "Liên thông cấp giấy phép lao động",
                        lines(&["Chủ trì: Phòng Quản lý lao động; phối hợp: Sở Lao động; Công an tỉnh."]),
                    )],
                ),
                node("3.", "Chuyển đổi số", vec![node("a)", "Số hóa hồ sơ", lines(&["Sản phẩm: Hồ sơ số."]))]),
                node("4.", "Các nhiệm vụ có kinh phí\nChi tiết tại Phụ lục kèm theo.", vec![]),
            ],
        )];
        let table = narrative_table(&outline, &[], 0).expect("tasks");
        let groups = &table.items[0].children;
        let numbers: Vec<_> = groups.iter().map(|g| (g.kind, g.number.clone().unwrap_or_default())).collect();
        assert_eq!(
            numbers,
            [(ItemKind::Group, "1".into()), (ItemKind::Group, "2".into()), (ItemKind::Group, "3".into())]
        );
        let first = &groups[0].children[0];
        assert_eq!(
            (first.kind, first.id.as_deref(), first.text.as_str()),
            (ItemKind::Task, Some("a)"), "Rà soát thủ tục hành chính")
        );
        assert!(first.children.is_empty());
        let f = &first.fields;
        assert_eq!(f.lead.as_deref(), Some("Văn phòng Ban"));
        assert_eq!(f.partners.as_deref(), Some("Phòng Quản lý đầu tư"));
        assert_eq!(f.output.as_deref(), Some("Báo cáo rà soát"));
        assert_eq!(f.deadline.as_deref(), Some("Quý II/2033"));
        assert_eq!(groups[0].children[1].fields.deadline.as_deref(), Some("Thường xuyên"));
        let both = &groups[1].children[0].fields;
        assert_eq!(
            (both.lead.as_deref(), both.partners.as_deref()),
            (Some("Phòng Quản lý lao động"), Some("Sở Lao động; Công an tỉnh"))
        );
        // Lines that are no field ("- Rà soát văn bản") stay the items.
        let plain = vec![node(
            "III.",
            "NHIỆM VỤ",
            vec![node("a)", "Hoàn thiện thể chế", lines(&["Rà soát văn bản", "Công bố thủ tục"]))],
        )];
        let texts: Vec<String> =
            narrative_table(&plain, &[], 0).expect("tasks").items[0].children.iter().map(|i| i.text.clone()).collect();
        assert_eq!(texts, ["Rà soát văn bản", "Công bố thủ tục"]);
    }
}
