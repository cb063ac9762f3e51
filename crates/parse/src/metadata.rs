//! Document metadata from the paragraphs: kind, number, place and date, title.

use crate::columns::fold;
use crate::plan::Metadata;
use kehoach_extract::Block;
use regex::Regex;
use std::sync::LazyLock;

static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*Số\s*:\s*(\S+)").expect("valid regex"));
static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*([\p{L}][\p{L} .\-]{1,40}?)\s*,\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})")
        .expect("valid regex")
});

/// Looks for metadata in the paragraphs (tables are not searched).
pub(crate) fn find(blocks: &[Block]) -> Metadata {
    let mut meta = Metadata::default();
    let paragraphs: Vec<&str> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            _ => None,
        })
        .collect();
    for (i, text) in paragraphs.iter().enumerate() {
        if meta.number.is_none() {
            if let Some(caps) = NUMBER.captures(text) {
                meta.number = Some(caps[1].to_string());
            }
        }
        if meta.date_text.is_none() {
            if let Some(caps) = PLACE_DATE.captures(text) {
                meta.place = Some(caps[1].trim().to_string());
                meta.date_text = Some(caps[0].trim().to_string());
                if let (Some(d), Some(m)) = (caps.get(2), caps.get(3)) {
                    let (d, m): (u32, u32) = (d.as_str().parse().unwrap_or(0), m.as_str().parse().unwrap_or(0));
                    if (1..=31).contains(&d) && (1..=12).contains(&m) {
                        meta.date = Some(format!("{}-{m:02}-{d:02}", &caps[4]));
                    }
                }
            }
        }
        if meta.kind.is_none() {
            // Folding also matches OCR-damaged titles such as "KÉ HOẠCH".
            let folded = fold(text);
            let kind = [("ke hoach", "plan"), ("quyet dinh", "decision")]
                .into_iter()
                .find(|(word, _)| folded == *word || folded.starts_with(&format!("{word} ")));
            let upper = text.chars().filter(|c| c.is_alphabetic()).take(8).all(char::is_uppercase);
            if let (Some((word, kind)), true) = (kind, upper) {
                meta.kind = Some(kind.to_string());
                let words = word.split(' ').count();
                let rest: Vec<&str> = text.split_whitespace().skip(words).collect();
                meta.title = if rest.is_empty() {
                    paragraphs.get(i + 1).map(|t| t.replace('\n', " "))
                } else {
                    Some(rest.join(" "))
                };
            }
        }
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehoach_extract::{Location, Paragraph};

    fn blocks(lines: &[&str]) -> Vec<Block> {
        lines
            .iter()
            .map(|t| {
                Block::Paragraph(Paragraph { text: t.to_string(), location: Location::line(1), ..Paragraph::default() })
            })
            .collect()
    }

    #[test]
    fn plan_header() {
        let meta = find(&blocks(&[
            "UBND TỈNH HÀ TĨNH SỞ TƯ PHÁP",
            "Số: 588/KH-STP",
            "Hà Tĩnh, ngày 16 tháng 12 năm 2021",
            "KÉ HOẠCH Công tác cải cách hành chính giai đoạn 2021-2030",
        ]));
        assert_eq!(meta.number.as_deref(), Some("588/KH-STP"));
        assert_eq!(meta.place.as_deref(), Some("Hà Tĩnh"));
        assert_eq!(meta.date.as_deref(), Some("2021-12-16"));
        assert_eq!(meta.kind.as_deref(), Some("plan"));
        assert_eq!(meta.title.as_deref(), Some("Công tác cải cách hành chính giai đoạn 2021-2030"));
    }

    #[test]
    fn blank_date_and_title_on_next_line() {
        let meta = find(&blocks(&["Hà Tĩnh, ngày tháng năm 2023", "QUYẾT ĐỊNH", "Về việc ban hành Kế hoạch"]));
        assert_eq!(meta.date, None);
        assert_eq!(meta.date_text.as_deref(), Some("Hà Tĩnh, ngày tháng năm 2023"));
        assert_eq!(meta.kind.as_deref(), Some("decision"));
        assert_eq!(meta.title.as_deref(), Some("Về việc ban hành Kế hoạch"));
    }

    #[test]
    fn sentences_are_not_titles() {
        let meta = find(&blocks(&["Kế hoạch này thay thế cho Kế hoạch số 20"]));
        assert_eq!(meta.kind, None);
    }
}
