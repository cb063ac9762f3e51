//! Page furniture: page numbers ("3", "- 3 -", "Trang 3/8") and running
//! lines repeated at the same height near the top or bottom of most pages,
//! which are no part of the plan's text.

use super::lines::text_lines;
use super::tolerance::FURNITURE_MARGIN;
use super::{Glyph, PageContent};

/// Points from the top and bottom edges within which a page number may
/// stand on `page` ([`FURNITURE_MARGIN`] of its longer side). Running lines
/// are looked for within [`FURNITURE_MARGIN`] of the height only: on a
/// landscape page a wider band takes in a borderless table's repeated
/// header, whose lines recur on every page.
pub(crate) fn number_margin(page: &PageContent) -> f64 {
    page.height.max(page.width) * FURNITURE_MARGIN
}

/// A page number or running header/footer line, by its text.
pub(crate) fn is_page_number(text: &str) -> bool {
    static PAGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^(?:[-–—]\s*)?(?:trang\s*)?[0-9]{1,3}(?:\s*/\s*[0-9]{1,3})?(?:\s*[-–—])?$")
            .expect("valid regex")
    });
    PAGE.is_match(text.trim())
}

/// Lines that recur at the same height near the top or bottom of most
/// pages (running headers and footers), by text and rounded baseline.
pub(crate) fn running_lines(pages: &[PageContent]) -> std::collections::HashSet<(String, i64)> {
    let mut counts: std::collections::HashMap<(String, i64), usize> = Default::default();
    if pages.len() < 3 {
        return Default::default();
    }
    for page in pages {
        let margin = page.height * FURNITURE_MARGIN;
        let edge: Vec<Glyph> =
            page.glyphs.iter().filter(|g| g.y < margin || g.y > page.height - margin).cloned().collect();
        let mut seen = std::collections::HashSet::new();
        for line in text_lines(edge) {
            let key = (line.text, line.y.round() as i64);
            if seen.insert(key.clone()) {
                *counts.entry(key).or_default() += 1;
            }
        }
    }
    counts.into_iter().filter(|(_, n)| *n * 2 > pages.len()).map(|(k, _)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_recognised() {
        for text in ["3", "- 3 -", "Trang 3/8", "12"] {
            assert!(is_page_number(text), "{text}");
        }
        for text in ["2021", "1. Mục tiêu", "Quý I/2021", "I"] {
            assert!(!is_page_number(text), "{text}");
        }
    }
}
