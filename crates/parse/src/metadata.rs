//! Document metadata from the paragraphs: kind, number, place and date,
//! title and period, issuing bodies, the documents it implements or is
//! attached to, recipients and signer.

use crate::columns::fold;
use crate::place_date;
use crate::plan::{Metadata, Reference, Signer};
use kehoach_extract::Block;
use regex::Regex;
use std::sync::LazyLock;

static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*Số\s*:\s*(\S+)").expect("valid regex"));
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(Luật|Nghị định|Nghị quyết|Quyết định|Chỉ thị|Thông tư|Kế hoạch|Công văn|Văn bản|Chương trình|Đề án)(?:\s+số)?\s+([0-9][\w\-]*/[\p{L}\w\-/]+)?(?:\s+ngày\s+([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}))?",
    )
    .expect("valid regex")
});
static DATE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ngày\s+([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})").expect("valid regex"));
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:giai đoạn|từ năm)\s+((?:19|20)[0-9]{2})\s*[-–]\s*((?:19|20)[0-9]{2})|năm\s+((?:19|20)[0-9]{2})")
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
        if meta.number.is_none() && meta.number_text.is_none() {
            if let Some(caps) = NUMBER.captures(text) {
                // "Số: /QĐ-UBND": a number left blank for the clerk to fill.
                if caps[1].starts_with('/') {
                    meta.number_text = Some(caps[1].to_string());
                } else {
                    meta.number = Some(caps[1].to_string());
                }
            }
        }
        if meta.date_text.is_none() {
            if let Some(found) = place_date::find(text) {
                meta.place = Some(found.place.trim().to_string());
                meta.date_text = Some(found.whole.trim().to_string());
                if let (Some(d), Some(m)) = (found.day, found.month) {
                    let (d, m): (u32, u32) = (d.parse().unwrap_or(0), m.parse().unwrap_or(0));
                    if (1..=31).contains(&d) && (1..=12).contains(&m) {
                        meta.date = Some(format!("{}-{m:02}-{d:02}", found.year));
                    }
                }
            }
        }
        if meta.kind.is_none() {
            // Folding also matches OCR-damaged titles such as "KÉ HOẠCH".
            let folded = fold(text);
            let kind =
                [("ke hoach", "plan"), ("quyet dinh", "decision"), ("phu luc", "appendix"), ("bao cao", "report")]
                    .into_iter()
                    .find(|(word, _)| folded == *word || folded.starts_with(&format!("{word} ")));
            let upper = text.chars().filter(|c| c.is_alphabetic()).take(8).all(char::is_uppercase);
            // "Phụ lục" heading an appendix may be written in any case.
            let upper = upper || (i < 3 && kind.is_some_and(|(w, _)| w == "phu luc"));
            if let (Some((word, kind)), true) = (kind, upper) {
                meta.kind = Some(kind.to_string());
                let words = word.split(' ').count();
                let rest: Vec<&str> = text.split_whitespace().skip(words).collect();
                let title = if rest.is_empty() {
                    paragraphs.get(i + 1).map(|t| t.replace('\n', " "))
                } else {
                    Some(rest.join(" "))
                };
                // "… (Kèm theo Kế hoạch …)" is a reference, not the title.
                meta.title = title.map(|t| {
                    let cut = ["(Kèm theo", "*(Kèm theo", "(Ban hành kèm theo", "*(Ban hành kèm theo"]
                        .iter()
                        .filter_map(|m| t.find(m))
                        .min()
                        .unwrap_or(t.len());
                    t[..cut].trim().trim_matches('*').trim().to_string()
                });
            }
        }
    }
    meta.period = meta.title.as_deref().and_then(|t| {
        let c = PERIOD.captures(t)?;
        match (c.get(1), c.get(2), c.get(3)) {
            (Some(a), Some(b), _) => Some((a.as_str().parse().ok()?, b.as_str().parse().ok()?)),
            (_, _, Some(y)) => {
                let y: i32 = y.as_str().parse().ok()?;
                Some((y, y))
            }
            _ => None,
        }
    });
    meta.issuer = issuer(&paragraphs);
    meta.references = references(&paragraphs);
    let (recipients, after) = recipients(&paragraphs);
    meta.recipients = recipients;
    // The signature block follows the recipients; without them, it ends
    // the document.
    let window = match after {
        Some(i) => &paragraphs[i..paragraphs.len().min(i + 6)],
        None => &paragraphs[paragraphs.len().saturating_sub(8)..],
    };
    meta.signer = signer(window);
    meta
}

/// Issuing bodies: the upper-case header lines before the national motto
/// ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), split at each body's head word.
fn issuer(paragraphs: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for text in paragraphs.iter().take(4) {
        let folded = fold(text);
        let kind_word = ["ke hoach", "quyet dinh", "phu luc", "bao cao"].iter().any(|w| folded.starts_with(w));
        if folded.starts_with("cong hoa") || folded.starts_with("so:") || folded.starts_with("so ") || kind_word {
            break;
        }
        let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() < 3 || !letters.iter().all(|c| c.is_uppercase()) {
            continue;
        }
        // Split "UBND TỈNH HÀ TĨNH SỞ TƯ PHÁP" before each head word.
        let heads = ["SỞ", "UBND", "ỦY", "UỶ", "BAN", "VĂN", "BỘ", "CỤC", "PHÒNG", "TRUNG"];
        let mut current: Vec<&str> = Vec::new();
        for word in text.split_whitespace() {
            let starts_body =
                heads.contains(&word) && !current.is_empty() && !current.last().is_some_and(|w| heads.contains(w));
            // "ỦY BAN NHÂN DÂN": BAN right after ỦY continues the name.
            if starts_body && !(word == "BAN" && current.last().is_some_and(|w| *w == "ỦY" || *w == "UỶ")) {
                out.push(current.join(" "));
                current.clear();
            }
            current.push(word);
        }
        if !current.is_empty() {
            out.push(current.join(" "));
        }
        break;
    }
    out
}

/// Documents named in "Thực hiện …", "Căn cứ …" and "Kèm theo …" lines.
fn references(paragraphs: &[&str]) -> Vec<Reference> {
    let mut out = Vec::new();
    let attached = paragraphs.iter().take(8).filter_map(|p| {
        // "(Kèm theo Kế hoạch …)" inside a title paragraph.
        let i = p.find("(Kèm theo").or_else(|| p.find("(Ban hành kèm theo"))?;
        Some(&p[i..])
    });
    let lines: Vec<&str> = paragraphs.iter().take(40).copied().chain(attached).collect();
    for text in lines {
        let trimmed = text.trim().trim_start_matches(['(', '*', '_']).trim_start();
        let folded = fold(trimmed);
        let relation = if folded.starts_with("thuc hien") {
            "implements"
        } else if folded.starts_with("can cu") {
            "based_on"
        } else if folded.starts_with("kem theo") || folded.starts_with("ban hanh kem theo") {
            "attached_to"
        } else {
            continue;
        };
        // The words up to the first ";" name the documents of this line.
        for clause in trimmed.split(';') {
            for c in REFERENCE.captures_iter(clause) {
                let whole = c.get(0).expect("match");
                // A document is named by its kind at the start of the
                // clause, or by a number.
                if c.get(2).is_none() && whole.start() > clause.len().min(40) {
                    continue;
                }
                let iso = |d: &str, m: &str, y: &str| {
                    let (d, m): (u32, u32) = (d.parse().unwrap_or(0), m.parse().unwrap_or(0));
                    ((1..=31).contains(&d) && (1..=12).contains(&m)).then(|| format!("{y}-{m:02}-{d:02}"))
                };
                let date = match (c.get(3), c.get(4), c.get(5)) {
                    (Some(d), Some(m), Some(y)) => iso(d.as_str(), m.as_str(), y.as_str()),
                    // "Luật Tổ chức … ngày 19/6/2015": the date further on.
                    _ => DATE_AFTER.captures(&clause[whole.start()..]).and_then(|d| iso(&d[1], &d[2], &d[3])),
                };
                let tail: String = clause[whole.start()..].chars().take(200).collect();
                out.push(Reference {
                    relation: relation.to_string(),
                    kind: c[1].to_string(),
                    number: c.get(2).map(|m| m.as_str().to_string()),
                    date,
                    text: tail.trim().trim_end_matches([')', '.', ',']).to_string(),
                });
                break; // one document per clause
            }
        }
    }
    out
}

/// The list under "Nơi nhận:" (OCR also gives "Nơi nhân"), and the index
/// of the first paragraph after it.
fn recipients(paragraphs: &[&str]) -> (Vec<String>, Option<usize>) {
    let Some(start) = paragraphs.iter().position(|p| fold(p.trim_start_matches('*')).starts_with("noi nhan")) else {
        return (Vec::new(), None);
    };
    let mut out = Vec::new();
    // Items on the same paragraph after the colon, then following items.
    let first = paragraphs[start].split_once(':').map_or("", |(_, rest)| rest.trim_start_matches('*'));
    let mut end = start + 1;
    for (offset, text) in std::iter::once(first).chain(paragraphs[start + 1..].iter().copied()).enumerate() {
        let item = text.trim().trim_start_matches(['-', '+', '•']).trim().trim_end_matches(['.', ';', ',']).trim();
        if item.is_empty() {
            continue;
        }
        let upper = item.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
        if upper || out.len() >= 40 {
            break; // the signer's block starts
        }
        out.push(item.to_string());
        end = start + offset + 1;
    }
    (out, Some(end))
}

/// The signer: the upper-case position lines and the name after them.
fn signer(tail: &[&str]) -> Option<Signer> {
    let is_name = |t: &str| {
        let words: Vec<&str> = t.split_whitespace().collect();
        (2..=5).contains(&words.len())
            && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
            && words.iter().any(|w| w.chars().skip(1).any(char::is_lowercase))
            && !t.contains(':')
    };
    let name_at = tail.iter().position(|t| is_name(t))?;
    let positions = ["GIÁM ĐỐC", "CHỦ TỊCH", "TRƯỞNG", "THỦ TRƯỞNG", "KT.", "TM.", "TUQ.", "Q.", "CHÁNH"];
    let position: Vec<&str> =
        tail[..name_at].iter().copied().filter(|t| positions.iter().any(|p| t.contains(p))).collect();
    if position.is_empty() {
        return None;
    }
    let position = position.join(" ").replace('\n', " ");
    Some(Signer { position: Some(position), name: Some(tail[name_at].trim().to_string()) })
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
    fn issuer_references_recipients_and_signer() {
        let meta = find(&blocks(&[
            "UBND TỈNH HÀ TĨNH SỞ TƯ PHÁP",
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
            "Số: 588/KH-STP",
            "Hà Tĩnh, ngày 16 tháng 12 năm 2021",
            "KÉ HOẠCH Công tác cải cách hành chính giai đoạn 2021-2030",
            "Thực hiện Quyết định số 3504/QĐ-UBND ngày 22/10/2021 của UBND tỉnh ban hành Chương trình tổng thể",
            "Nơi nhân:",
            "- UBND tinh;",
            "- Sở Nội vụ;",
            "- Luru: VT, VP.",
            "GIÁM ĐỐC",
            "SÓ",
            "Lê Viết Hồng",
        ]));
        assert_eq!(meta.issuer, ["UBND TỈNH HÀ TĨNH", "SỞ TƯ PHÁP"]);
        assert_eq!(meta.period, Some((2021, 2030)));
        assert_eq!(meta.references.len(), 1);
        let r = &meta.references[0];
        assert_eq!((r.relation.as_str(), r.kind.as_str()), ("implements", "Quyết định"));
        assert_eq!((r.number.as_deref(), r.date.as_deref()), (Some("3504/QĐ-UBND"), Some("2021-10-22")));
        assert_eq!(meta.recipients, ["UBND tinh", "Sở Nội vụ", "Luru: VT, VP"]);
        let signer = meta.signer.expect("a signer");
        assert_eq!((signer.position.as_deref(), signer.name.as_deref()), (Some("GIÁM ĐỐC"), Some("Lê Viết Hồng")));
    }

    #[test]
    fn blank_number_and_appendix() {
        let meta = find(&blocks(&["Số: /QĐ-UBND", "Hà Tĩnh, ngày tháng năm 2023"]));
        assert_eq!((meta.number, meta.number_text.as_deref()), (None, Some("/QĐ-UBND")));
        let meta = find(&blocks(&[
            "PHỤ LỤC",
            "NHIỆM VỤ CỤ THỂ, SẢN PHẨM, TIẾN ĐỘ VÀ TRÁCH NHIỆM THỰC HIỆN",
            "(Kèm theo Kế hoạch cải cách hành chính năm 2021 Sở Tư pháp tỉnh Khánh Hòa)",
        ]));
        assert_eq!(meta.kind.as_deref(), Some("appendix"));
        assert_eq!(meta.title.as_deref(), Some("NHIỆM VỤ CỤ THỂ, SẢN PHẨM, TIẾN ĐỘ VÀ TRÁCH NHIỆM THỰC HIỆN"));
        assert_eq!(meta.references[0].relation, "attached_to");
        assert_eq!(meta.references[0].kind, "Kế hoạch");
        assert!(meta.references[0].text.starts_with("Kế hoạch cải cách hành chính năm 2021"));
    }

    #[test]
    fn sentences_are_not_titles() {
        let meta = find(&blocks(&["Kế hoạch này thay thế cho Kế hoạch số 20"]));
        assert_eq!(meta.kind, None);
    }
}
