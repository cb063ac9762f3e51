//! Paragraphs from the lines outside tables.

use super::bbox;
use super::lines::{push_continuation, starts_item, TextLine};
use super::tolerance::{DESCENT, FULL_LINE_SLACK, PARAGRAPH_GAP, PARAGRAPH_INDENT, SIZE_CHANGE};
use crate::model::{Block, Location, Paragraph};

/// Paragraphs from the lines outside tables: a line continues the
/// paragraph before when it follows closely, starts no new item and is not
/// indented past the paragraph's left edge while the line before ran full.
pub(crate) fn paragraphs(lines: &[TextLine], page: u32, page_width: f64) -> Vec<Block> {
    let right = lines.iter().map(|l| l.x1).fold(0.0, f64::max).min(page_width);
    let mut out: Vec<(Vec<&TextLine>, f64)> = Vec::new();
    for line in lines {
        let continues = out.last().is_some_and(|(para, left)| {
            let last = para[para.len() - 1];
            let close = line.y - last.y <= last.size.max(line.size) * PARAGRAPH_GAP;
            let full = last.x1 >= right - last.size * FULL_LINE_SLACK;
            let aligned = (line.x0 - left).abs() <= last.size * PARAGRAPH_INDENT;
            close && full && aligned && !starts_item(&line.text) && (line.size - last.size).abs() < SIZE_CHANGE
        });
        if continues {
            out.last_mut().expect("checked").0.push(line);
        } else {
            out.push((vec![line], line.x0));
        }
    }
    out.into_iter()
        .map(|(para, _)| {
            let x0 = para.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
            let x1 = para.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
            let (top, bottom) =
                (para[0].y - para[0].size, para[para.len() - 1].y + para[para.len() - 1].size * DESCENT);
            let mut text = String::new();
            for (i, line) in para.iter().enumerate() {
                if i > 0 {
                    push_continuation(&mut text);
                }
                text.push_str(&line.text);
            }
            Block::Paragraph(Paragraph {
                text,
                location: Location { page: Some(page), bbox: bbox(x0, top, x1, bottom), ..Location::default() },
                ..Paragraph::default()
            })
        })
        .collect()
}
