//! A self-contained HTML page for spot-checking one converted document.
//!
//! Left: the recovered hierarchy as a table (kind, number, text, fields,
//! deadline reading), each item linked to the source lines or cells it came
//! from. Right: the source — the text file's lines, or for office files the
//! paragraphs and table rows the reader saw — with every line that a
//! diagnostic points at highlighted by level. Counts are at the top; the
//! diagnostics list (errors, then warnings, then notes, filterable by level
//! with checkboxes and CSS) at the bottom, after the page image of an image
//! input with each item's OCR box. No scripts, fonts or other assets are
//! loaded: the page works offline and from a file.

use kehoach_extract::{Block, Diagnostic, Document, Format, Level, Location};
use kehoach_normalize::{CanonicalDocument, ItemKindOut, ItemOut};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The anchor of the source line a location points into.
fn anchor(loc: &Location) -> String {
    if let Some(line) = loc.line {
        return format!("L{line}");
    }
    if let (Some(sheet), Some(row)) = (&loc.sheet, loc.row) {
        let sheet: String = sheet.chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
        return format!("S{sheet}-R{row}");
    }
    if let (Some(table), Some(row)) = (loc.table, loc.row) {
        return format!("T{table}-R{row}");
    }
    if let Some(p) = loc.paragraph {
        return format!("P{p}");
    }
    if let Some(page) = loc.page {
        return format!("G{page}");
    }
    "top".into()
}

/// A short label for a location ("12", "T1 R5", "B7", "R5", "¶3").
fn label(loc: &Location) -> String {
    if let Some(line) = loc.line {
        return line.to_string();
    }
    if let Some(cell) = &loc.cell {
        return cell.clone();
    }
    if let (Some(t), Some(r)) = (loc.table, loc.row) {
        return format!("T{t} R{r}");
    }
    if let Some(r) = loc.row {
        return format!("R{r}");
    }
    if let Some(p) = loc.paragraph {
        return format!("¶{p}");
    }
    loc.to_string()
}

struct SourceLine {
    anchor: String,
    label: String,
    text: String,
}

/// The source as numbered lines: a text file's lines, or the blocks.
fn source_lines(doc: &Document, source_text: Option<&str>) -> Vec<SourceLine> {
    if doc.source.format == Format::Text {
        if let Some(text) = source_text {
            return text
                .lines()
                .enumerate()
                .map(|(i, l)| SourceLine {
                    anchor: format!("L{}", i + 1),
                    label: (i + 1).to_string(),
                    text: l.replace('\t', " │ "),
                })
                .collect();
        }
    }
    let mut out = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => out.push(SourceLine {
                anchor: anchor(&p.location),
                label: label(&p.location),
                text: format!("{}{}", p.list_marker.as_deref().map(|m| format!("{m} ")).unwrap_or_default(), p.text),
            }),
            Block::Table(t) => {
                for row in &t.rows {
                    let cells: Vec<String> = row
                        .cells
                        .iter()
                        .map(|c| if c.merged_above { "↑".to_string() } else { c.text.replace('\n', " ⏎ ") })
                        .collect();
                    out.push(SourceLine {
                        anchor: anchor(&row.location),
                        label: label(&row.location),
                        text: cells.join(" │ "),
                    });
                }
            }
            Block::PageBreak(_) => {
                out.push(SourceLine { anchor: String::new(), label: String::new(), text: "— page break —".into() })
            }
        }
    }
    out
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Info => "info",
        Level::Warning => "warning",
        Level::Error => "error",
    }
}

const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1d2330;background:#f6f7f9}
header{padding:14px 20px;background:#fff;border-bottom:1px solid #dde1e7}
h1{font-size:18px;margin:0 0 6px}
.meta{color:#5a6270;font-size:13px}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin-top:10px}
.count{background:#eef1f5;border-radius:6px;padding:4px 10px;font-size:13px}
.count b{font-size:15px}
.count.warning{background:#fff3cd}.count.error{background:#f8d7da}.count.info{background:#e2ecfb}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:0;height:calc(100vh - 150px);min-height:420px}
section{overflow:auto;background:#fff;border-right:1px solid #dde1e7}
h2{font-size:14px;margin:0;padding:8px 12px;background:#f0f2f5;border-bottom:1px solid #dde1e7;position:sticky;top:0;z-index:1}
table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #eceef2;padding:4px 8px;vertical-align:top;text-align:left}
th{font-size:12px;color:#5a6270;background:#fafbfc;position:sticky;top:33px}
.kind{font-size:11px;border-radius:4px;padding:1px 6px;white-space:nowrap;color:#fff}
.k-group{background:#6b4fbb}.k-target{background:#1f7a5a}.k-task{background:#1f5fa8}.k-activity{background:#8a5a00}.k-subrow{background:#7a8290}
tr.group td{background:#f3f0fb;font-weight:600}
.id{white-space:nowrap;font-weight:600}
.fields{font-size:12px;color:#3b4250}
.fields span{display:block}
.fields i{color:#7a8290;font-style:normal}
.src a{font-size:12px;color:#1f5fa8;text-decoration:none;margin-right:4px;white-space:nowrap}
.source td.ln{color:#9aa1ad;text-align:right;width:1%;white-space:nowrap;font:12px ui-monospace,monospace}
.source td.tx{font:12.5px/1.45 system-ui,"Noto Sans","DejaVu Sans",sans-serif;white-space:pre-wrap;word-break:break-word}
.source tr:target td{background:#d7e6ff}
.source tr.d-info td.tx{background:#eef4ff}
.source tr.d-warning td.tx{background:#fff7d6}
.source tr.d-error td.tx{background:#fde2e4}
.note{display:block;font:11px system-ui,sans-serif;color:#8a5a00;margin-top:2px}
.source tr.d-error .note{color:#a1262f}
.source tr.d-info .note{color:#1f5fa8}
#diagnostics{background:#fff;border-top:1px solid #dde1e7;padding:8px 20px;max-height:30vh;overflow:auto}
#diagnostics li{margin:2px 0}
.lv{font-size:11px;border-radius:4px;padding:0 5px;margin-right:6px}
.lv.info{background:#e2ecfb}.lv.warning{background:#fff3cd}.lv.error{background:#f8d7da}
#diagnostics label{cursor:pointer;margin-right:10px}
#page{background:#fff;border-top:1px solid #dde1e7;padding:8px 20px}
#page .pg{position:relative;max-width:1000px;margin-bottom:16px}
#page img{width:100%;display:block;border:1px solid #dde1e7}
#page .box{position:absolute;border:2px solid;opacity:.6;background:transparent}
#page .box:hover{opacity:1;background:rgba(255,255,0,.2)}
#page .box.k-group{border-color:#6b4fbb}#page .box.k-target{border-color:#1f7a5a}#page .box.k-task{border-color:#1f5fa8}#page .box.k-activity{border-color:#8a5a00}#page .box.k-subrow{border-color:#7a8290}
#diagnostics input{margin:0 2px 0 0;vertical-align:middle}
#f-error:not(:checked)~ul li.error,#f-warning:not(:checked)~ul li.warning,#f-info:not(:checked)~ul li.info{display:none}
@media (max-width:900px){main{grid-template-columns:1fr;height:auto}section{max-height:70vh}}
"#;

/// Renders the report. `source_text` is the input file's text for text
/// inputs (shown line by line); office inputs show their blocks.
pub fn report_html(doc: &Document, canonical: &CanonicalDocument, source_text: Option<&str>) -> String {
    report_html_with_image(doc, canonical, source_text, None)
}

/// A page image to show under the plan, with the boxes of the items on
/// that page drawn on it.
#[derive(Clone, Copy, Debug)]
pub struct PageImage<'a> {
    /// The page number (1-based), as the items' locations give it.
    pub page: u32,
    /// PNG or JPEG bytes.
    pub bytes: &'a [u8],
    /// The page's size in points, the unit of the items' boxes.
    pub width_pt: f64,
    /// The page's height in points.
    pub height_pt: f64,
}

impl<'a> PageImage<'a> {
    /// The image of an image input (PNG or JPEG bytes, read by OCR at 300
    /// dpi, so its boxes are in points at that resolution); none when its
    /// size cannot be read.
    pub fn of_scan(bytes: &'a [u8]) -> Option<PageImage<'a>> {
        let (_, width, height) = image_size(bytes)?;
        Some(PageImage {
            page: 1,
            bytes,
            width_pt: f64::from(width) * 72.0 / 300.0,
            height_pt: f64::from(height) * 72.0 / 300.0,
        })
    }
}

/// Renders the report, with the page image of an image input (PNG or JPEG
/// bytes, read by OCR at 300 dpi) under the plan, each item's OCR box drawn
/// on it and linked to the item.
pub fn report_html_with_image(
    doc: &Document,
    canonical: &CanonicalDocument,
    source_text: Option<&str>,
    page_image: Option<&[u8]>,
) -> String {
    let pages: Vec<PageImage> = page_image.and_then(PageImage::of_scan).into_iter().collect();
    report_html_with_pages(doc, canonical, source_text, &pages)
}

/// Renders the report with page images (of a scanned PDF, rendered as the
/// scan path renders them, or of an image input) under the plan, each
/// item's box drawn on its page and linked to the item.
pub fn report_html_with_pages(
    doc: &Document,
    canonical: &CanonicalDocument,
    source_text: Option<&str>,
    pages: &[PageImage],
) -> String {
    let counts = canonical.item_counts();
    let records = kehoach_normalize::flat_records(canonical).len();
    let mut levels: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &canonical.diagnostics {
        *levels.entry(level_name(d.level)).or_default() += 1;
    }
    // Diagnostics by the source line they point at.
    let mut at_line: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &canonical.diagnostics {
        if let Some(loc) = &d.location {
            at_line.entry(anchor(loc)).or_default().push(d);
        }
    }
    let mut html = String::new();
    let title = format!("kehoach report — {}", canonical.source.file);
    let _ = writeln!(
        html,
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>",
        escape(&title)
    );
    let m = &canonical.document;
    let meta: Vec<String> = [("", &m.title), ("số ", &m.number), ("", &m.place), ("ngày ", &m.date)]
        .iter()
        .filter_map(|(prefix, v)| v.as_ref().map(|v| format!("{prefix}{}", escape(v))))
        .collect();
    let _ = write!(
        html,
        "<header id=\"top\"><h1>{}</h1><div class=\"meta\">{} · {} bytes · sha256 {}{}</div><div class=\"counts\">",
        escape(&canonical.source.file),
        canonical.source.format.name(),
        canonical.source.bytes,
        &canonical.source.sha256[..12.min(canonical.source.sha256.len())],
        if meta.is_empty() { String::new() } else { format!(" · {}", meta.join(" · ")) }
    );
    for (name, n) in [
        ("tables", canonical.tables.len()),
        ("groups", counts.groups),
        ("targets", counts.targets),
        ("tasks", counts.tasks),
        ("activities", counts.activities),
        ("flat records", records),
    ] {
        let _ = write!(html, "<span class=\"count\"><b>{n}</b> {name}</span>");
    }
    for (level, n) in &levels {
        let _ = write!(html, "<span class=\"count {level}\"><b>{n}</b> {level}</span>");
    }
    html.push_str("</div></header>\n<main><section class=\"items\"><h2>Recovered plan</h2><table><thead><tr><th>kind</th><th>no.</th><th>text</th><th>fields</th><th>source</th></tr></thead><tbody>\n");
    for table in &canonical.tables {
        let _ = writeln!(
            html,
            "<tr class=\"group\"><td colspan=\"5\">Table {} ({}) — columns: {}</td></tr>",
            table.index,
            escape(&format!("{:?}", table.kind).to_lowercase()),
            escape(
                &table
                    .columns
                    .iter()
                    .map(|c| format!(
                        "{} → {}",
                        c.header,
                        c.field.map_or("extra".to_string(), |f| serde_json::to_value(f)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default())
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        );
        for item in &table.items {
            item_rows(item, 0, &mut html);
        }
        for row in &table.raw_rows {
            let _ = writeln!(html, "<tr><td colspan=\"5\"><i>raw:</i> {}</td></tr>", escape(&row.join(" │ ")));
        }
    }
    html.push_str("</tbody></table></section>\n<section class=\"source\"><h2>Source</h2><table><tbody>\n");
    // Several source rows can share a place (the paragraphs of one page):
    // the first carries the anchor and the notes, so each note shows once.
    let mut placed = std::collections::BTreeSet::new();
    for line in source_lines(doc, source_text) {
        let first = !line.anchor.is_empty() && placed.insert(line.anchor.clone());
        let notes = at_line.get(&line.anchor).filter(|_| first);
        let worst = notes.and_then(|n| n.iter().map(|d| d.level).max());
        let class = worst.map_or(String::new(), |l| format!(" class=\"d-{}\"", level_name(l)));
        let id = if first { format!(" id=\"{}\"", line.anchor) } else { String::new() };
        let _ = write!(
            html,
            "<tr{id}{class}><td class=\"ln\">{}</td><td class=\"tx\">{}",
            escape(&line.label),
            escape(&line.text)
        );
        for d in notes.into_iter().flatten() {
            let _ = write!(html, "<span class=\"note\">{}: {}</span>", escape(d.code.as_str()), escape(&d.message));
        }
        html.push_str("</td></tr>\n");
    }
    html.push_str("</tbody></table></section></main>\n");
    if !pages.is_empty() {
        html.push_str(&pages_view(canonical, pages));
    }
    html.push_str("<div id=\"diagnostics\"><h2>Diagnostics</h2>\n");
    // Filters by level: checkboxes and CSS, no script; all shown at first.
    for level in ["error", "warning", "info"] {
        let n = levels.get(level).copied().unwrap_or(0);
        let _ = write!(
            html,
            "<input type=\"checkbox\" id=\"f-{level}\" checked><label for=\"f-{level}\" class=\"lv {level}\">{level} ({n})</label> "
        );
    }
    html.push_str("\n<ul>\n");
    // Errors first, then warnings, then notes, each in document order.
    let mut ordered: Vec<&Diagnostic> = canonical.diagnostics.iter().collect();
    ordered.sort_by_key(|d| match d.level {
        Level::Error => 0,
        Level::Warning => 1,
        Level::Info => 2,
    });
    for d in ordered {
        let place = d
            .location
            .as_ref()
            .map_or(String::new(), |l| format!(" <a href=\"#{}\">{}</a>", anchor(l), escape(&l.to_string())));
        let _ = writeln!(
            html,
            "<li class=\"{}\"><span class=\"lv {}\">{}</span><b>{}</b> {}{place}</li>",
            level_name(d.level),
            level_name(d.level),
            level_name(d.level),
            escape(d.code.as_str()),
            escape(&d.message)
        );
    }
    html.push_str("</ul></div></body></html>\n");
    html
}

/// The page images, each with a box per item cell on that page (boxes in
/// points, placed as percentages of the page's size).
fn pages_view(canonical: &CanonicalDocument, pages: &[PageImage]) -> String {
    fn walk(items: &[ItemOut], page: &PageImage, out: &mut String) {
        for item in items {
            for cell in &item.provenance.cells {
                let (Some(b), Some(first)) = (cell.bbox, item.provenance.cells.first()) else { continue };
                if cell.page.unwrap_or(1) != page.page {
                    continue;
                }
                let pct = |v: u32, of: f64| f64::from(v) * 100.0 / of;
                let (w, h) = (page.width_pt, page.height_pt);
                let _ = write!(
                    out,
                    "<a class=\"box k-{}\" href=\"#{}\" title=\"{} {}\" style=\"left:{:.2}%;top:{:.2}%;width:{:.2}%;height:{:.2}%\"></a>",
                    format!("{:?}", item.kind).to_lowercase(),
                    anchor(first),
                    escape(item.number.as_deref().unwrap_or("")),
                    escape(&item.text),
                    pct(b[0], w),
                    pct(b[1], h),
                    pct(b[2].saturating_sub(b[0]), w),
                    pct(b[3].saturating_sub(b[1]), h),
                );
            }
            walk(&item.children, page, out);
        }
    }
    let mut html = String::from("<div id=\"page\"><h2>Page images (boxes of the items)</h2>\n");
    for page in pages {
        let Some((mime, _, _)) = image_size(page.bytes) else { continue };
        let mut boxes = String::new();
        for table in &canonical.tables {
            walk(&table.items, page, &mut boxes);
        }
        let _ = writeln!(
            html,
            "<div class=\"pg\" id=\"page-{n}\"><img alt=\"page {n}\" src=\"data:{mime};base64,{}\">{boxes}</div>",
            base64(page.bytes),
            n = page.page
        );
    }
    html.push_str("</div>\n");
    html
}

/// The MIME type and pixel size of a PNG or JPEG image.
fn image_size(bytes: &[u8]) -> Option<(&'static str, u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() >= 24 {
        let be = |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        return Some(("image/png", be(16), be(20)));
    }
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    // JPEG: walk the segments to a start-of-frame marker.
    let mut at = 2;
    while at + 9 < bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let height = u16::from_be_bytes([bytes[at + 5], bytes[at + 6]]);
            let width = u16::from_be_bytes([bytes[at + 7], bytes[at + 8]]);
            return Some(("image/jpeg", width.into(), height.into()));
        }
        at += 2 + length;
    }
    None
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn item_rows(item: &ItemOut, depth: usize, html: &mut String) {
    let kind = format!("{:?}", item.kind).to_lowercase();
    let f = &item.fields;
    let mut fields = String::new();
    for (name, value) in [
        ("output", &f.output),
        ("lead", &f.lead),
        ("partners", &f.partners),
        ("assignment", &f.assignment),
        ("deadline", &f.deadline),
        ("budget", &f.budget),
        ("target value", &f.target_value),
        ("note", &f.note),
    ] {
        if let Some(v) = value {
            let _ = write!(fields, "<span><i>{name}:</i> {}</span>", escape(v));
        }
    }
    if let Some(d) = &item.readings.deadline {
        let range = match (&d.start, &d.end) {
            (Some(s), Some(e)) if s == e => s.clone(),
            (Some(s), Some(e)) => format!("{s} – {e}"),
            (None, Some(e)) => format!("by {e}"),
            _ => String::new(),
        };
        let _ = write!(fields, "<span><i>when:</i> {} {}</span>", escape(d.kind.name()), escape(&range));
    }
    let mut sources = String::new();
    let mut seen = Vec::new();
    for loc in item.provenance.cells.iter().chain(&item.provenance.rows) {
        let a = anchor(loc);
        if !seen.contains(&a) {
            let _ = write!(sources, "<a href=\"#{a}\">{}</a>", escape(&label(&loc.without_column())));
            seen.push(a);
        }
    }
    let class = if item.kind == ItemKindOut::Group { " class=\"group\"" } else { "" };
    let _ = writeln!(
        html,
        "<tr{class}><td><span class=\"kind k-{kind}\">{kind}</span></td><td class=\"id\">{}</td><td style=\"padding-left:{}px\">{}</td><td class=\"fields\">{fields}</td><td class=\"src\">{sources}</td></tr>",
        escape(item.id.as_deref().unwrap_or("")),
        8 + depth * 14,
        escape(&item.text).replace('\n', "<br>")
    );
    for child in &item.children {
        item_rows(child, depth + 1, html);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_anchors() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(anchor(&Location::line(12)), "L12");
        let cell =
            Location {
                sheet: Some("Kế hoạch".into()), row: Some(5), cell: Some("B5".into()), ..Location::default()
            };
        assert_eq!(anchor(&cell), "SKế_hoạch-R5");
        let docx = Location { table: Some(1), row: Some(3), column: Some(2), ..Location::default() };
        assert_eq!(anchor(&docx), "T1-R3");
    }
}
