//! Removal of the markdown and HTML fragments that converters leave in text.
//!
//! Block-level tags (`<p>`, `<br>`, `<li>`, …) become line breaks, inline
//! emphasis (`<b>`, `<i>`, `**`) is dropped after noting whether it covered
//! the whole text, entities are decoded, and whitespace is collapsed within
//! each line.

use regex::Regex;
use std::sync::LazyLock;

/// Text with its markup removed, and what the markup said about emphasis.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Clean {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

static BLOCK_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<\s*/?\s*(?:p|br|li|ul|ol|div|tr|h[1-6])\b[^>]*>").expect("valid regex"));
static INLINE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)<\s*/?\s*(?:b|i|u|em|strong|span|font|sup|sub|s|strike|a|td|th|table|tbody|thead)\b[^>]*>")
        .expect("valid regex")
});
static BOLD_WRAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)^(?:<\s*(?:b|strong)\b[^>]*>\s*)+.*?(?:\s*<\s*/\s*(?:b|strong)\s*>)+$|^\*\*.*\*\*$")
        .expect("valid regex")
});
static ITALIC_WRAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)^(?:<\s*(?:i|em)\b[^>]*>\s*)+.*?(?:\s*<\s*/\s*(?:i|em)\s*>)+$|^\*[^*].*[^*]\*$")
        .expect("valid regex")
});
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));").expect("valid regex"));

/// Cleans one cell or paragraph of text input.
pub(crate) fn clean(raw: &str) -> Clean {
    let trimmed = raw.trim();
    // Most cells hold plain text: skip the regexes when no markup character
    // occurs at all.
    let has_tag = trimmed.contains('<');
    let has_emphasis = trimmed.contains('*') || trimmed.contains("__");
    let marked = has_tag || has_emphasis;
    let bold = marked && BOLD_WRAP.is_match(trimmed) && !trimmed.is_empty();
    let italic = marked && ITALIC_WRAP.is_match(trimmed) && !trimmed.is_empty();
    let text: std::borrow::Cow<'_, str> = if has_tag {
        let text = BLOCK_TAG.replace_all(trimmed, "\n");
        INLINE_TAG.replace_all(&text, "").into_owned().into()
    } else {
        trimmed.into()
    };
    let text = if has_emphasis { strip_markdown_emphasis(&text) } else { text.into_owned() };
    let text = decode_entities(&text);
    let text = if text.contains('\\') { unescape_markdown(&text) } else { text };
    Clean { text: collapse_lines(&text), bold, italic }
}

/// Removes `**` and `__` emphasis markers and a whole-text `*…*`.
fn strip_markdown_emphasis(text: &str) -> String {
    let mut out = text.replace("**", "").replace("__", "");
    let t = out.trim();
    if t.len() > 2 && t.starts_with('*') && t.ends_with('*') {
        out = t[1..t.len() - 1].to_string();
    }
    out
}

/// Removes markdown's backslash escapes (`\.`, `\*`, `\[`: pandoc writes
/// them before punctuation that would otherwise be markup); a backslash
/// before anything else stays.
fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            if let Some(next) = chars.next() {
                out.push(next);
            }
            continue;
        }
        out.push(c);
    }
    out
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    ENTITY
        .replace_all(text, |caps: &regex::Captures<'_>| {
            let decoded = if let Some(dec) = caps.get(1) {
                dec.as_str().parse::<u32>().ok().and_then(char::from_u32)
            } else if let Some(hex) = caps.get(2) {
                u32::from_str_radix(hex.as_str(), 16).ok().and_then(char::from_u32)
            } else {
                match caps.get(3).map(|m| m.as_str()) {
                    Some("amp") => Some('&'),
                    Some("lt") => Some('<'),
                    Some("gt") => Some('>'),
                    Some("quot") => Some('"'),
                    Some("apos") => Some('\''),
                    Some("nbsp") => Some(' '),
                    _ => None,
                }
            };
            match decoded {
                Some(c) => c.to_string(),
                None => caps[0].to_string(),
            }
        })
        .into_owned()
}

/// Collapses runs of whitespace inside each line, trims lines and drops
/// empty ones; lines are joined with `\n`.
pub(crate) fn collapse_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let mut first = true;
        for word in line.split_whitespace() {
            if first {
                if !out.is_empty() {
                    out.push('\n');
                }
                first = false;
            } else {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_tags_become_line_breaks() {
        let c = clean("<p>3.1. Xây dựng.</p> <p>3.2. Gửi.</p>");
        assert_eq!(c.text, "3.1. Xây dựng.\n3.2. Gửi.");
        assert!(!c.bold);
    }

    #[test]
    fn list_items_become_lines() {
        let c = clean(r#"<ul style="list-style-type: none"> <li>- Quyết định</li> <li>- Công văn</li></ul>"#);
        assert_eq!(c.text, "- Quyết định\n- Công văn");
    }

    #[test]
    fn bold_is_noted_and_removed() {
        let c = clean("<b>TT</b>");
        assert_eq!(c.text, "TT");
        assert!(c.bold);
        let c = clean("**PHỤ LỤC**  ");
        assert_eq!(c.text, "PHỤ LỤC");
        assert!(c.bold);
        let c = clean("a <b>b</b> c");
        assert_eq!(c.text, "a b c");
        assert!(!c.bold);
    }

    #[test]
    fn italic_and_entities() {
        let c = clean("*(Kèm theo Kế hoạch &amp; phụ lục)*");
        assert_eq!(c.text, "(Kèm theo Kế hoạch & phụ lục)");
        assert!(c.italic);
        assert_eq!(clean("a&nbsp;&nbsp;b &#272;").text, "a b Đ");
        assert_eq!(clean("&unknown; x").text, "&unknown; x");
    }

    #[test]
    fn markdown_escapes_are_removed() {
        assert_eq!(clean(r"nâng lương,\... \[1\] a\b").text, r"nâng lương,... [1] a\b");
    }

    #[test]
    fn br_and_whitespace() {
        assert_eq!(clean("  Văn   phòng<br>Sở\u{a0} ").text, "Văn phòng\nSở");
        assert_eq!(clean("<br/><br />").text, "");
    }
}
