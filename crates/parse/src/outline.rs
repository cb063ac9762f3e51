//! The outline of a narrative plan: its numbered and bulleted paragraphs as
//! a tree (I. → 1. → 1.1. → 2.1.1. → a) → - → +), each node with its text
//! and the plain paragraphs that follow it.

use crate::columns::fold;
use kehoach_extract::{Block, Location};
use regex::Regex;
use std::sync::LazyLock;

/// One numbered or bulleted paragraph and what is under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineNode {
    /// The marker as printed: `I.`, `1.`, `1.1.`, `a)`, `-`, `+`.
    pub marker: String,
    /// The paragraph's text without its marker, then the plain paragraphs
    /// that follow it (one per line).
    pub text: String,
    /// Where it starts.
    pub location: Location,
    /// Nodes under it.
    pub children: Vec<OutlineNode>,
}

static ROMAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*([IVXL]{1,6})[.)]\s+(\S.*)$").expect("valid regex"));
static DECIMAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,4})([.)]?)\s+(\S.*)$").expect("valid regex"));
static LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*([a-zđ])[).]\s+(\S.*)$").expect("valid regex"));

/// A paragraph's marker, its rank (smaller is higher) and its text.
fn marker(text: &str, list_marker: Option<&str>) -> Option<(String, u8, String)> {
    // "- a) …", "- + …": a bullet in front of the real marker (a scanning
    // artefact); the inner marker decides.
    if list_marker.is_some() {
        if let Some(inner) = text.strip_prefix("+ ") {
            return Some(("+".to_string(), 9, inner.to_string()));
        }
        if let Some(c) = LETTER.captures(text.lines().next().unwrap_or("")) {
            let rest: String = std::iter::once(c[2].to_string())
                .chain(text.lines().skip(1).map(str::to_string))
                .collect::<Vec<_>>()
                .join("\n");
            return Some((format!("{})", &c[1]), 7, rest));
        }
    }
    if let Some(m) = list_marker {
        let rank = match m {
            "+" => 9,
            "*" | "•" => 8,
            _ => 8,
        };
        return Some((m.to_string(), rank, text.to_string()));
    }
    let line = text.lines().next().unwrap_or("");
    let rest_lines = |first: &str| {
        let mut out = first.to_string();
        for extra in text.lines().skip(1) {
            out.push('\n');
            out.push_str(extra);
        }
        out
    };
    if let Some(c) = ROMAN.captures(line) {
        return Some((format!("{}.", &c[1]), 1, rest_lines(&c[2])));
    }
    if let Some(c) = DECIMAL.captures(line) {
        let depth = c[1].split('.').count() as u8;
        // "2021-2030 …" or a bare year is not a number of the outline.
        if c[1].len() <= 5 && !(c[2].is_empty() && depth == 1) {
            return Some((format!("{}{}", &c[1], &c[2]), 1 + depth, rest_lines(&c[3])));
        }
    }
    if let Some(c) = LETTER.captures(line) {
        return Some((format!("{})", &c[1]), 7, rest_lines(&c[2])));
    }
    None
}

/// The outline of the paragraphs outside tables, recipients lists left out.
pub(crate) fn outline(blocks: &[Block]) -> Vec<OutlineNode> {
    let mut roots: Vec<OutlineNode> = Vec::new();
    // Path of open nodes: (rank, index path).
    let mut open: Vec<u8> = Vec::new();
    // Inside a "Nơi nhận" list (recipients, then the signature): not part
    // of the outline. A decision and the plan it issues follow each other,
    // so the outline resumes with the next numbered paragraph.
    let mut recipients = false;
    for block in blocks {
        let Block::Paragraph(p) = block else { continue };
        if fold(p.text.trim_start_matches('*')).starts_with("noi nhan") {
            recipients = true;
            open.clear();
            continue;
        }
        if recipients {
            if p.list_marker.is_some() || marker(&p.text, None).is_none() {
                continue;
            }
            recipients = false;
        }
        match marker(&p.text, p.list_marker.as_deref()) {
            Some((printed, rank, text)) => {
                while open.last().is_some_and(|r| *r >= rank) {
                    open.pop();
                }
                let node = OutlineNode { marker: printed, text, location: p.location.clone(), children: Vec::new() };
                let siblings = children_at(&mut roots, open.len());
                siblings.push(node);
                open.push(rank);
            }
            None => {
                // Plain text belongs to the open node, if any.
                if let Some(node) = last_open(&mut roots, open.len()) {
                    node.text.push('\n');
                    node.text.push_str(&p.text);
                }
            }
        }
    }
    roots
}

/// The children list at `depth` along the last-child path.
fn children_at(roots: &mut Vec<OutlineNode>, depth: usize) -> &mut Vec<OutlineNode> {
    let mut list = roots;
    for _ in 0..depth {
        list = &mut list.last_mut().expect("an open node at every depth").children;
    }
    list
}

/// The deepest open node.
fn last_open(roots: &mut [OutlineNode], depth: usize) -> Option<&mut OutlineNode> {
    if depth == 0 {
        return None;
    }
    let mut node = roots.last_mut()?;
    for _ in 1..depth {
        node = node.children.last_mut()?;
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehoach_extract::Paragraph;

    fn para(text: &str, list_marker: Option<&str>) -> Block {
        Block::Paragraph(Paragraph {
            text: text.into(),
            list_marker: list_marker.map(str::to_string),
            location: Location::line(1),
            ..Paragraph::default()
        })
    }

    #[test]
    fn numbering_builds_the_tree() {
        let tree = outline(&[
            para("I. MỤC TIÊU, YÊU CẦU", None),
            para("1. Mục tiêu", None),
            para("Xây dựng nền hành chính hiện đại", Some("-")),
            para("a) Đến năm 2025", None),
            para("Tỷ lệ hài lòng đạt trên 85%", Some("-")),
            para("Chi tiết", Some("+")),
            para("b) Đến năm 2030", None),
            para("2. Yêu cầu", None),
            para("Bám sát chỉ đạo.", None),
            para("2.1. Cụ thể", None),
            para("II. NHIỆM VỤ", None),
            para("Nơi nhận:", None),
            para("Sở Nội vụ;", Some("-")),
            para("GIÁM ĐỐC", None),
            para("I. MỤC TIÊU CỦA KẾ HOẠCH ĐI KÈM", None),
        ]);
        assert_eq!(tree.len(), 3);
        assert_eq!(tree[2].text, "MỤC TIÊU CỦA KẾ HOẠCH ĐI KÈM", "the outline resumes after the signature");
        assert!(tree[1].children.is_empty(), "recipients are not in the outline");
        let goals = &tree[0].children[0];
        assert_eq!((goals.marker.as_str(), goals.text.as_str()), ("1.", "Mục tiêu"));
        assert_eq!(goals.children.len(), 3, "a bullet, a), b)");
        assert_eq!(goals.children[1].marker, "a)");
        assert_eq!(goals.children[1].children[0].children[0].marker, "+");
        let req = &tree[0].children[1];
        assert_eq!(req.text, "Yêu cầu\nBám sát chỉ đạo.");
        assert_eq!(req.children[0].marker, "2.1.");
        assert_eq!(tree[1].text, "NHIỆM VỤ");
    }

    #[test]
    fn a_bullet_in_front_of_a_marker_gives_way() {
        assert_eq!(marker("a) Tiếp tục", Some("-")).map(|m| (m.0, m.1)), Some(("a)".to_string(), 7)));
        assert_eq!(marker("a. Đến năm 2025", Some("-")).map(|m| m.0), Some("a)".to_string()));
        assert_eq!(
            marker("+ Nâng cao", Some("-")).map(|m| (m.0, m.2)),
            Some(("+".to_string(), "Nâng cao".to_string()))
        );
    }

    #[test]
    fn years_are_not_numbers() {
        assert_eq!(marker("2021 là năm bản lề", None), None);
        assert_eq!(marker("1.1. Nâng cao", None).map(|m| m.1), Some(3));
    }
}
