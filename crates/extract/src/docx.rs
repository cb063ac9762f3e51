//! The DOCX reader: WordprocessingML into blocks.
//!
//! The XML is read with `roxmltree` rather than docx-rs (see the README for
//! why). What a reader of the document sees is what comes out:
//!
//! - body paragraphs with their heading level (from `w:outlineLvl` or a
//!   "heading N" style, following `w:basedOn`), bold/italic when every
//!   letter is, and automatic list numbers rendered as Word shows them
//!   (`numbering.xml` levels, `%1.%2.` templates, decimal/letter/roman
//!   formats, start overrides): a numbered label is written into the text,
//!   a bullet becomes the paragraph's `list_marker`;
//! - text inside `w:hyperlink`, `w:smartTag`, `w:sdt`, `w:fldSimple`,
//!   `w:customXml`, tracked insertions (`w:ins`, `w:moveTo`) and text boxes;
//!   tracked deletions (`w:del`, `w:moveFrom`) and field instructions are
//!   dropped;
//! - tables with `w:gridSpan` (a cell's `col_span`), `w:vMerge` (the
//!   starting cell's `row_span`; covered positions as `merged_above` cells),
//!   `w:gridBefore`, header rows (`w:tblHeader`), several paragraphs per cell
//!   (lines of the cell text) and nested tables (their rows as lines, cells
//!   joined by ` | `);
//! - explicit page breaks (`w:br w:type="page"`, `w:pageBreakBefore`).

use crate::archive::{Lazy, Limits};
use crate::counters::roman;
use crate::error::{DocxError, XmlError};
use crate::model::{Block, Cell, Diagnostic, Level, Location, Paragraph, Row, Table};
use crate::Code;
use roxmltree::{Document as Xml, Node};
use std::collections::{HashMap, HashSet};

const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
/// Nesting deeper than this (tables in tables in …) is not followed.
const MAX_DEPTH: usize = 64;
/// A main document part larger than this is refused (the longest plans
/// have a few MiB of markup; parsing hundreds takes minutes and gigabytes).
const MAX_DOCUMENT_XML: usize = 64 << 20;
/// Passes over `styles.xml` for styles based on styles skipped before them
/// (a `basedOn` chain is followed 20 deep); past that, every style is read.
const MAX_STYLE_PASSES: usize = 20;

/// Reads a DOCX file's bytes into blocks.
pub(crate) fn read(bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Result<Vec<Block>, DocxError> {
    let mut package = Lazy::open(bytes, Limits::DEFAULT)?;
    let main = main_part(&mut package)?;
    let Some(xml) = package.take_text(&main)? else { return Err(DocxError::MissingPart(main)) };
    if xml.len() > MAX_DOCUMENT_XML {
        return Err(DocxError::TooLarge { part: main, mib: xml.len() >> 20, limit_mib: MAX_DOCUMENT_XML >> 20 });
    }
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let rels_name = format!("{dir}/_rels/{}.rels", main.rsplit('/').next().unwrap_or(&main));
    let rels = package.take_text(&rels_name)?.map(|x| relationships(&x, dir)).transpose()?.unwrap_or_default();
    let part = |kind: &str, default: &str| {
        rels.iter()
            .find(|(t, _)| t.ends_with(kind))
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| format!("{dir}/{default}"))
    };
    // The document's tree first, for the styles it uses; its error, if
    // any, is reported after the styles' and the numbering's, as before.
    let doc = parse_xml(&main, &xml);
    let styles = match package.take_text(&part("/styles", "styles.xml"))? {
        Some(xml) => Styles::read(&xml, doc.as_ref().ok().map(used_styles).as_ref())?.resolve(),
        None => Styles::default(),
    };
    let numbering = match package.take_text(&part("/numbering", "numbering.xml"))? {
        Some(xml) => Numbering::parse(&parse_xml("numbering", &xml)?),
        None => Numbering::default(),
    };
    let doc = doc?;
    let body =
        doc.root_element().children().find(|n| is_w(n, "body")).ok_or_else(|| DocxError::NoBody(main.clone()))?;
    let mut reader = Reader {
        styles,
        numbering,
        counters: ListCounters::default(),
        blocks: Vec::new(),
        paragraphs: 0,
        tables: 0,
        too_deep: false,
    };
    reader.body(body, 0);
    if reader.too_deep {
        diagnostics.push(Diagnostic::new(
            Level::Error,
            Code::NestingTooDeep,
            format!(
                "content nested more than {MAX_DEPTH} levels deep (tables in tables, content controls) was skipped"
            ),
            None,
        ));
    }
    note_if_empty(&reader.blocks, diagnostics);
    Ok(reader.blocks)
}

/// Warns when a word-processing document gave no blocks.
pub(crate) fn note_if_empty(blocks: &[Block], diagnostics: &mut Vec<Diagnostic>) {
    if blocks.is_empty() {
        diagnostics.push(Diagnostic::new(
            Level::Warning,
            Code::EmptyDocument,
            "the document has no visible text",
            None,
        ));
    }
}

fn parse_xml<'x>(part: &str, xml: &'x str) -> Result<Xml<'x>, XmlError> {
    XmlError::parse(part, xml, 50_000_000)
}

/// Finds the main document part through the package relationships.
fn main_part(package: &mut Lazy) -> Result<String, DocxError> {
    if let Some(xml) = package.take_text("_rels/.rels")? {
        for (kind, target) in relationships(&xml, "")? {
            if kind.ends_with("/officeDocument") {
                return Ok(target);
            }
        }
    }
    let names = package.names();
    if names.iter().any(|n| n == "word/document.xml") {
        return Ok("word/document.xml".into());
    }
    if names.iter().any(|n| n == "xl/workbook.xml") {
        return Err(DocxError::Spreadsheet);
    }
    Err(DocxError::NoDocumentPart)
}

/// (type, part path) pairs of a relationships part; targets resolved
/// against `dir`.
fn relationships(xml: &str, dir: &str) -> Result<Vec<(String, String)>, XmlError> {
    let doc = parse_xml("relationships", xml)?;
    Ok(doc
        .root_element()
        .children()
        .filter(|n| n.tag_name().name() == "Relationship" && n.tag_name().namespace() == Some(REL_NS))
        .filter(|n| n.attribute("TargetMode") != Some("External"))
        .filter_map(|n| {
            let target = n.attribute("Target")?;
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None if dir.is_empty() => target.to_string(),
                None => format!("{dir}/{target}"),
            };
            Some((n.attribute("Type")?.to_string(), path))
        })
        .collect())
}

fn is_w(node: &Node, name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && node.tag_name().namespace().is_some_and(|ns| W_NS.contains(&ns))
}

/// The ids the document's paragraphs and runs name as their styles (a
/// superset of those the reader looks up).
fn used_styles<'x>(doc: &'x Xml) -> HashSet<&'x str> {
    doc.descendants().filter(|n| is_w(n, "pStyle") || is_w(n, "rStyle")).filter_map(val).collect()
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| is_w(n, name))
}

/// The `w:val` (or any `val`) attribute.
fn val<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attributes().find(|a| a.name() == "val").map(|a| a.value())
}

/// An on/off property (`<w:b/>`, `<w:b w:val="false"/>`).
fn on_off(node: Option<Node>) -> Option<bool> {
    node.map(|n| !matches!(val(n), Some("0" | "false" | "off")))
}

fn number_attr(node: Option<Node>) -> Option<u32> {
    node.and_then(val).and_then(|v| v.trim().parse().ok())
}

/// A style's children that are read, by the element they are in.
#[derive(Clone, Copy, PartialEq)]
enum StyleLevel {
    Style,
    PPr,
    RPr,
    NumPr,
}

/// Reads the children of a style (or of its `pPr`, `rPr`, `numPr`) up to
/// its end tag into `parts`; the first child of each name counts, as
/// [`child`] finds it, and the others are skipped whole.
fn stream_style_children(
    reader: &mut quick_xml::Reader<&[u8]>,
    namespaces: &Namespaces,
    level: StyleLevel,
    parts: &mut StyleParts,
) -> Option<()> {
    use quick_xml::events::Event;
    let mut read: Vec<&'static str> = Vec::new();
    loop {
        let (e, empty) = match reader.read_event().ok()? {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => return Some(()),
            Event::DocType(_) | Event::Eof => return None,
            _ => continue,
        };
        let key = match (level, e.local_name().as_ref()) {
            (StyleLevel::Style, b"name") => "name",
            (StyleLevel::Style, b"basedOn") => "basedOn",
            (StyleLevel::Style, b"pPr") => "pPr",
            (StyleLevel::Style, b"rPr") => "rPr",
            (StyleLevel::PPr, b"outlineLvl") => "outlineLvl",
            (StyleLevel::PPr, b"numPr") => "numPr",
            (StyleLevel::RPr, b"b") => "b",
            (StyleLevel::RPr, b"i") => "i",
            (StyleLevel::NumPr, b"numId") => "numId",
            (StyleLevel::NumPr, b"ilvl") => "ilvl",
            _ => "",
        };
        if key.is_empty() || read.contains(&key) || !namespaces.is_w(&e)? {
            if !empty {
                skip_element(reader, e.name())?;
            }
            continue;
        }
        read.push(key);
        let value = stream_attribute(&e, "val")?;
        let number = value.as_deref().and_then(|v| v.trim().parse::<u32>().ok());
        let on = !matches!(value.as_deref(), Some("0" | "false" | "off"));
        let inner = match key {
            "name" => {
                parts.name = value;
                None
            }
            "basedOn" => {
                parts.based_on = value;
                None
            }
            "outlineLvl" => {
                parts.outline = number;
                None
            }
            "numId" => {
                parts.num_id = number;
                None
            }
            "ilvl" => {
                parts.ilvl = number;
                None
            }
            "b" => {
                parts.bold = Some(on);
                None
            }
            "i" => {
                parts.italic = Some(on);
                None
            }
            "pPr" => Some(StyleLevel::PPr),
            "rPr" => Some(StyleLevel::RPr),
            _ => Some(StyleLevel::NumPr),
        };
        match (inner, empty) {
            (Some(inner), false) => stream_style_children(reader, namespaces, inner, parts)?,
            (None, false) => {
                skip_element(reader, e.name())?;
            }
            (_, true) => {}
        }
    }
}

/// Skips the rest of the element whose start tag `name` was just read, as
/// `read_to_end` does. Plain content — tags and text, no comments, CDATA,
/// DTDs or processing instructions — is passed over by [`plain_content_len`]
/// without events (most of `styles.xml` is table-style markup no property
/// is read from); its end tag, and any other content, go through quick-xml.
fn skip_element(reader: &mut quick_xml::Reader<&[u8]>, name: quick_xml::name::QName) -> Option<()> {
    use std::io::BufRead;
    let Some(len) = plain_content_len(reader.get_ref(), name.as_ref()) else {
        return reader.read_to_end(name).ok().map(|_| ());
    };
    reader.stream().consume(len);
    match reader.read_event().ok()? {
        quick_xml::events::Event::End(end) if end.name() == name => Some(()),
        _ => None,
    }
}

/// How many bytes of `input` come before the end tag of the element `name`
/// whose start tag was read last, when they are only text and tags whose
/// end tags match, as quick-xml reads them (a tag ends at the first `>`
/// outside quotes; an end tag's name is what stands between `</` and `>`
/// less trailing white space; a start tag's name ends at white space).
/// `None` for anything else: quick-xml then reads it, to the same end or
/// to the same error.
fn plain_content_len(input: &[u8], name: &[u8]) -> Option<usize> {
    let is_space = |b: &u8| matches!(b, b' ' | b'\r' | b'\n' | b'\t');
    let mut open: Vec<&[u8]> = vec![name];
    let mut at = 0;
    loop {
        let lt = at + memchr::memchr(b'<', &input[at..])?;
        let from = lt + 1;
        let mut quote = None;
        let gt = memchr::memchr3_iter(b'>', b'\'', b'"', &input[from..]).find(|&i| {
            match (quote, input[from + i]) {
                (None, b'>') => return true,
                (None, q) => quote = Some(q),
                (Some(q), b) if q == b => quote = None,
                _ => {}
            }
            false
        })?;
        let content = &input[from..from + gt];
        match content.first()? {
            b'!' | b'?' => return None,
            b'/' => {
                let end = &content[1..];
                let end = end.iter().rposition(|b| !is_space(b)).map_or(end, |last| &end[..=last]);
                if open.pop()? != end {
                    return None;
                }
                if open.is_empty() {
                    return Some(lt);
                }
            }
            _ => {
                let empty = content.last() == Some(&b'/');
                let tag = if empty { &content[..content.len() - 1] } else { content };
                let tag_name = &tag[..tag.iter().position(is_space).unwrap_or(tag.len())];
                if tag_name.is_empty() {
                    return None;
                }
                if !empty {
                    open.push(tag_name);
                }
            }
        }
        at = from + gt + 1;
    }
}

/// The namespaces a part's root element declares: (prefix, URI), the empty
/// prefix for the default namespace.
struct Namespaces(Vec<(Vec<u8>, String)>);

impl Namespaces {
    fn declared_on(root: &quick_xml::events::BytesStart) -> Option<Namespaces> {
        use quick_xml::name::PrefixDeclaration;
        let mut declared = Vec::new();
        for attribute in root.attributes() {
            let attribute = attribute.ok()?;
            let prefix = match attribute.key.as_namespace_binding() {
                Some(PrefixDeclaration::Default) => Vec::new(),
                Some(PrefixDeclaration::Named(prefix)) => prefix.to_vec(),
                None => continue,
            };
            let raw = std::str::from_utf8(&attribute.value).ok()?;
            declared.push((prefix, quick_xml::escape::unescape(raw).ok()?.into_owned()));
        }
        Some(Namespaces(declared))
    }

    /// The element is in the WordprocessingML namespace; `None` when it
    /// declares namespaces itself or its prefix is not declared.
    fn is_w(&self, e: &quick_xml::events::BytesStart) -> Option<bool> {
        for attribute in e.attributes() {
            if attribute.ok()?.key.as_namespace_binding().is_some() {
                return None;
            }
        }
        let name = e.name();
        let prefix = name.prefix().map_or(&b""[..], |p| p.into_inner());
        match self.0.iter().rev().find(|(p, _)| p == prefix) {
            Some((_, uri)) => Some(W_NS.contains(&uri.as_str())),
            None if prefix.is_empty() => Some(false),
            None => None,
        }
    }
}

/// What follows a part's root element is nothing but white space,
/// comments and processing instructions.
fn stream_after_root(reader: &mut quick_xml::Reader<&[u8]>) -> bool {
    use quick_xml::events::Event;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return true,
            Ok(Event::Text(t)) if t.iter().all(u8::is_ascii_whitespace) => {}
            Ok(Event::Comment(_) | Event::PI(_)) => {}
            _ => return false,
        }
    }
}

/// The values of a start tag's attributes named `name` (any namespace;
/// namespace declarations are none), unescaped and with white space
/// normalized as an XML parser reports them; `None` if one cannot be read.
fn stream_attributes(e: &quick_xml::events::BytesStart, name: &str) -> Option<Vec<String>> {
    let mut values = Vec::new();
    for attribute in e.attributes() {
        let attribute = attribute.ok()?;
        let key = attribute.key;
        if key.as_namespace_binding().is_some() || key.local_name().as_ref() != name.as_bytes() {
            continue;
        }
        let raw = std::str::from_utf8(&attribute.value).ok()?.replace("\r\n", " ").replace(['\t', '\n', '\r'], " ");
        values.push(quick_xml::escape::unescape(&raw).ok()?.into_owned());
    }
    Some(values)
}

/// The first attribute named `name` ([`stream_attributes`]): `Some(None)`
/// when there is none.
fn stream_attribute(e: &quick_xml::events::BytesStart, name: &str) -> Option<Option<String>> {
    stream_attributes(e, name).map(|v| v.into_iter().next())
}

// ---------------------------------------------------------------- styles

#[derive(Default, Clone, Debug, PartialEq)]
struct Style {
    based_on: Option<String>,
    heading: Option<u8>,
    bold: Option<bool>,
    italic: Option<bool>,
    num: Option<(u32, Option<u32>)>,
}

#[derive(Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default_paragraph: Option<String>,
    /// Each style's properties through its `basedOn` chain, worked out
    /// once by [`Styles::resolve`] (a paragraph asks for four of them).
    resolved: HashMap<String, Resolved>,
    /// The same for a paragraph without a style: the default paragraph
    /// style's.
    unstyled: Resolved,
}

/// A style's properties, each the first found along its `basedOn` chain.
#[derive(Default, Clone, Copy)]
struct Resolved {
    heading: Option<u8>,
    bold: Option<bool>,
    italic: Option<bool>,
    num: Option<(u32, Option<u32>)>,
}

/// What one `w:style` says, read from the tree or from the stream; each
/// is the first such child, as [`child`] finds it.
#[derive(Default)]
struct StyleParts {
    id: String,
    /// `w:name`'s value.
    name: Option<String>,
    based_on: Option<String>,
    /// `w:pPr/w:outlineLvl`.
    outline: Option<u32>,
    /// `w:pPr/w:numPr/w:numId` and `…/w:ilvl`.
    num_id: Option<u32>,
    ilvl: Option<u32>,
    /// `w:rPr/w:b` and `w:rPr/w:i` as on/off properties.
    bold: Option<bool>,
    italic: Option<bool>,
    /// `w:default="1"` on a paragraph style.
    default_paragraph: bool,
}

impl Styles {
    /// Reads `styles.xml` as a stream of XML events: a default Word
    /// template holds ~350 KB of styles a document never uses, and building
    /// their tree was three quarters of a DOCX's XML time. A part the
    /// stream does not take whole (a DTD, markup that is not well-formed)
    /// goes through the tree parser instead, whose error names the problem.
    ///
    /// With `used` (the ids of the document's `pStyle` and `rStyle`), only
    /// those styles, the default paragraph style and the styles they are
    /// based on are read; the others are skipped whole (a default template's
    /// ~160 styles, mostly table styles, for the one or two a document uses).
    fn read(xml: &str, used: Option<&HashSet<&str>>) -> Result<Styles, XmlError> {
        let Some(used) = used else { return Styles::read_all(xml) };
        let mut needed: HashSet<String> = used.iter().map(|id| id.to_string()).collect();
        // A style based on one skipped before it: read again with that one.
        for _ in 0..MAX_STYLE_PASSES {
            match Styles::stream(xml, Some(&mut needed)) {
                Some((styles, true)) => return Ok(styles),
                Some((_, false)) => {}
                None => break,
            }
        }
        Styles::read_all(xml)
    }

    /// Every style of the part.
    fn read_all(xml: &str) -> Result<Styles, XmlError> {
        match Styles::stream(xml, None) {
            Some((styles, _)) => Ok(styles),
            None => Ok(Styles::parse(&parse_xml("styles", xml)?)),
        }
    }

    /// Reads the styles from the part's tree.
    fn parse(doc: &Xml) -> Styles {
        let mut styles = Styles::default();
        for node in doc.root_element().children().filter(|n| is_w(n, "style")) {
            let Some(id) = node.attributes().find(|a| a.name() == "styleId").map(|a| a.value().to_string()) else {
                continue;
            };
            let ppr = child(node, "pPr");
            let rpr = child(node, "rPr");
            let num_pr = ppr.and_then(|p| child(p, "numPr"));
            styles.add(StyleParts {
                id,
                name: child(node, "name").and_then(val).map(str::to_string),
                based_on: child(node, "basedOn").and_then(val).map(str::to_string),
                outline: ppr.and_then(|p| number_attr(child(p, "outlineLvl"))),
                num_id: num_pr.and_then(|n| number_attr(child(n, "numId"))),
                ilvl: num_pr.and_then(|n| number_attr(child(n, "ilvl"))),
                bold: rpr.and_then(|r| on_off(child(r, "b"))),
                italic: rpr.and_then(|r| on_off(child(r, "i"))),
                default_paragraph: node
                    .attributes()
                    .any(|a| a.name() == "default" && matches!(a.value(), "1" | "true"))
                    && node.attributes().any(|a| a.name() == "type" && a.value() == "paragraph"),
            });
        }
        styles
    }

    /// [`Styles::read`]'s stream: the same parts as [`Styles::parse`] takes
    /// from the tree; the children no style property is read from (table
    /// style parts, latent styles) are skipped whole. `None` for a part
    /// that is not plain well-formed XML, or that declares a namespace
    /// anywhere but on its root element. With `needed`, only the styles of
    /// those ids and default paragraph styles are read, and the ids they
    /// are based on join `needed`; `false` with the styles when one of
    /// those was skipped before it joined.
    fn stream(xml: &str, mut needed: Option<&mut HashSet<String>>) -> Option<(Styles, bool)> {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_str(xml);
        let root = loop {
            match reader.read_event().ok()? {
                Event::Start(e) => break e,
                Event::Empty(_) => return stream_after_root(&mut reader).then(|| (Styles::default(), true)),
                Event::Text(t) if !t.iter().all(u8::is_ascii_whitespace) => return None,
                Event::DocType(_) | Event::CData(_) | Event::End(_) | Event::Eof => return None,
                _ => {}
            }
        };
        let namespaces = Namespaces::declared_on(&root)?;
        let mut styles = Styles::default();
        let mut skipped: HashSet<String> = HashSet::new();
        loop {
            let (e, empty) = match reader.read_event().ok()? {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) => break,
                Event::DocType(_) | Event::Eof => return None,
                _ => continue,
            };
            let style = e.local_name().as_ref() == b"style" && namespaces.is_w(&e)?;
            match stream_attribute(&e, "styleId")? {
                Some(id) if style => {
                    let any = |name: &str, values: &[&str]| {
                        stream_attributes(&e, name).map(|v| v.iter().any(|v| values.contains(&v.as_str())))
                    };
                    let mut parts = StyleParts {
                        id,
                        default_paragraph: any("default", &["1", "true"])? && any("type", &["paragraph"])?,
                        ..StyleParts::default()
                    };
                    let wanted = parts.default_paragraph || needed.as_ref().is_none_or(|n| n.contains(&parts.id));
                    if !wanted {
                        if !empty {
                            skip_element(&mut reader, e.name())?;
                        }
                        skipped.insert(parts.id);
                        continue;
                    }
                    if !empty {
                        stream_style_children(&mut reader, &namespaces, StyleLevel::Style, &mut parts)?;
                    }
                    if let (Some(needed), Some(base)) = (needed.as_mut(), &parts.based_on) {
                        needed.insert(base.clone());
                    }
                    styles.add(parts);
                }
                _ if !empty => {
                    skip_element(&mut reader, e.name())?;
                }
                _ => {}
            }
        }
        let complete = needed.is_none_or(|n| skipped.iter().all(|id| !n.contains(id)));
        stream_after_root(&mut reader).then_some((styles, complete))
    }

    fn add(&mut self, parts: StyleParts) {
        let name = parts.name.as_deref().unwrap_or("").to_ascii_lowercase();
        let named = name.strip_prefix("heading ").and_then(|n| n.trim().parse::<u8>().ok());
        let heading =
            parts.outline.filter(|l| *l < 9).map(|l| l as u8 + 1).or(named).or((name == "title").then_some(1));
        let style = Style {
            based_on: parts.based_on,
            heading,
            bold: parts.bold,
            italic: parts.italic,
            num: parts.num_id.map(|id| (id, parts.ilvl)),
        };
        if parts.default_paragraph {
            self.default_paragraph = Some(parts.id.clone());
        }
        self.by_id.insert(parts.id, style);
    }

    /// Works out every style's properties through its `basedOn` chain.
    fn resolve(mut self) -> Styles {
        let of = |styles: &Styles, id: Option<&str>| Resolved {
            heading: styles.lookup(id, |s| s.heading),
            bold: styles.lookup(id, |s| s.bold),
            italic: styles.lookup(id, |s| s.italic),
            num: styles.lookup(id, |s| s.num),
        };
        self.resolved = self.by_id.keys().map(|id| (id.clone(), of(&self, Some(id)))).collect();
        self.unstyled = of(&self, None);
        self
    }

    /// The properties of style `id` (`None`: the default paragraph
    /// style's), as [`Styles::lookup`] finds each; all `None` for a style
    /// the part does not define.
    fn style(&self, id: Option<&str>) -> Resolved {
        match id {
            None => self.unstyled,
            Some(id) => self.resolved.get(id).copied().unwrap_or_default(),
        }
    }

    /// The first value `get` finds along the style's `basedOn` chain.
    fn lookup<T>(&self, id: Option<&str>, get: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut id = id.or(self.default_paragraph.as_deref())?;
        for _ in 0..20 {
            let style = self.by_id.get(id)?;
            if let Some(value) = get(style) {
                return Some(value);
            }
            id = style.based_on.as_deref()?;
        }
        None
    }
}

// ------------------------------------------------------------- numbering

#[derive(Clone, Default)]
struct NumLevel {
    start: u32,
    format: String,
    text: String,
    legal: bool,
    /// The label's font, lower-case, when it is a symbol font (Wingdings,
    /// Symbol) whose letters draw pictures.
    symbol_font: Option<String>,
}

#[derive(Default)]
struct Numbering {
    abstracts: HashMap<u32, Vec<NumLevel>>,
    nums: HashMap<u32, NumInstance>,
}

/// A `w:num`: an abstract list with its overrides.
struct NumInstance {
    abstract_id: u32,
    /// Start overrides by level.
    starts: HashMap<u32, u32>,
    /// Level definitions overridden by level.
    levels: Vec<(u32, NumLevel)>,
}

impl Numbering {
    fn parse(doc: &Xml) -> Numbering {
        let mut numbering = Numbering::default();
        let level = |lvl: Node| NumLevel {
            start: number_attr(child(lvl, "start")).unwrap_or(1),
            format: child(lvl, "numFmt").and_then(val).unwrap_or("decimal").to_string(),
            text: child(lvl, "lvlText").and_then(val).unwrap_or("").to_string(),
            legal: on_off(child(lvl, "isLgl")).unwrap_or(false),
            symbol_font: child(lvl, "rPr")
                .and_then(|r| child(r, "rFonts"))
                .and_then(|f| f.attributes().find(|a| a.name() == "ascii").map(|a| a.value().to_ascii_lowercase()))
                .filter(|f| f.contains("wingdings") || f == "symbol"),
        };
        for node in doc.root_element().children() {
            if is_w(&node, "abstractNum") {
                let Some(id) =
                    node.attributes().find(|a| a.name() == "abstractNumId").and_then(|a| a.value().parse().ok())
                else {
                    continue;
                };
                let mut levels = vec![NumLevel::default(); 9];
                for lvl in node.children().filter(|n| is_w(n, "lvl")) {
                    let ilvl: usize =
                        lvl.attributes().find(|a| a.name() == "ilvl").and_then(|a| a.value().parse().ok()).unwrap_or(0);
                    if ilvl < 9 {
                        levels[ilvl] = level(lvl);
                    }
                }
                numbering.abstracts.insert(id, levels);
            } else if is_w(&node, "num") {
                let Some(id) = node.attributes().find(|a| a.name() == "numId").and_then(|a| a.value().parse().ok())
                else {
                    continue;
                };
                let Some(abstract_id) = number_attr(child(node, "abstractNumId")) else { continue };
                let mut starts = HashMap::new();
                let mut levels = Vec::new();
                for o in node.children().filter(|n| is_w(n, "lvlOverride")) {
                    let ilvl =
                        o.attributes().find(|a| a.name() == "ilvl").and_then(|a| a.value().parse().ok()).unwrap_or(0);
                    if let Some(start) = number_attr(child(o, "startOverride")) {
                        starts.insert(ilvl, start);
                    }
                    if let Some(lvl) = child(o, "lvl") {
                        levels.push((ilvl, level(lvl)));
                    }
                }
                numbering.nums.insert(id, NumInstance { abstract_id, starts, levels });
            }
        }
        numbering
    }

    fn levels(&self, num_id: u32) -> Option<Vec<NumLevel>> {
        let instance = self.nums.get(&num_id)?;
        let mut levels = self.abstracts.get(&instance.abstract_id)?.clone();
        for (ilvl, level) in &instance.levels {
            if let Some(slot) = levels.get_mut(*ilvl as usize) {
                *slot = level.clone();
            }
        }
        Some(levels)
    }
}

/// Word's list counters, for the DOCX and the `.doc` readers: one set per
/// list, shared by all its instances, as in Word; an instance's start
/// overrides restart those levels where it is first used.
#[derive(Default)]
pub(crate) struct ListCounters {
    by_list: HashMap<u32, [Option<u32>; 9]>,
    started: std::collections::HashSet<u32>,
}

impl ListCounters {
    /// Counts a paragraph at level `ilvl` (0–8) of list `list`, through
    /// instance `instance` with its start overrides `starts` (level,
    /// start); `start` is the level's own first number. Deeper levels start
    /// over. Returns every level's counter.
    pub(crate) fn advance(
        &mut self,
        list: u32,
        instance: u32,
        starts: impl Iterator<Item = (usize, u32)>,
        ilvl: usize,
        start: u32,
    ) -> [Option<u32>; 9] {
        let counters = self.by_list.entry(list).or_insert([None; 9]);
        if self.started.insert(instance) {
            for (lvl, start) in starts {
                if let Some(slot) = counters.get_mut(lvl) {
                    *slot = Some(start.saturating_sub(1));
                }
            }
        }
        counters[ilvl] = Some(counters[ilvl].map_or(start, |n| n + 1));
        for deeper in &mut counters[ilvl + 1..] {
            // A start override is kept until the level is first used.
            if deeper.is_some() {
                *deeper = None;
            }
        }
        *counters
    }
}

/// Renders a counter in a Word number format.
pub(crate) fn format_number(n: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(n),
        "upperLetter" => letters(n).to_uppercase(),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" if n < 10 => format!("0{n}"),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

/// a, b, …, z, aa, bb, … as Word counts.
fn letters(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

/// A bullet as it looks: symbol-font private-use characters become "•".
pub(crate) fn bullet_text(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '\u{F0B7}' | '\u{F0A7}' | '\u{F0D8}' | '\u{F076}' | '\u{F0FC}' | '\u{F06E}' => '•',
            '\u{F02D}' => '-',
            c if ('\u{F000}'..='\u{F0FF}').contains(&c) => '•',
            c => c,
        })
        .collect();
    mapped.trim().to_string()
}

/// A bullet drawn by a symbol font: Wingdings letters are pictures. Its
/// letters may be stored in the private area (U+F000 + the letter, as
/// Word and LibreOffice write symbol-font text).
pub(crate) fn symbol_bullet(text: &str, font: &str) -> String {
    let wingdings = font.contains("wingdings");
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '\u{F020}'..='\u{F0FF}' => char::from((c as u32 - 0xF000) as u8),
            c => c,
        })
        .map(|c| match c {
            '-' | '–' | '+' | '*' => c,
            'l' if wingdings => '●',
            'n' if wingdings => '■',
            'q' if wingdings => '❑',
            'v' if wingdings => '❖',
            'Ø' if wingdings => '➢',
            'ü' if wingdings => '✓',
            '§' if wingdings => '▪',
            _ => '•',
        })
        .collect();
    mapped.trim().to_string()
}

// ---------------------------------------------------------------- reader

struct Reader {
    styles: Styles,
    numbering: Numbering,
    /// List counters by abstract list.
    counters: ListCounters,
    blocks: Vec<Block>,
    paragraphs: u32,
    tables: u32,
    /// Content nested deeper than [`MAX_DEPTH`] was skipped.
    too_deep: bool,
}

/// What the runs of a paragraph hold.
#[derive(Default)]
struct Inline {
    text: String,
    /// Letters in bold / italic runs, and all letters.
    bold: usize,
    italic: usize,
    letters: usize,
    page_break: bool,
    /// Text-box contents met inside the runs.
    boxes: Vec<roxmltree::NodeId>,
}

/// A paragraph read out of its XML.
struct Para {
    text: String,
    label: Option<(String, bool)>,
    heading: Option<u8>,
    bold: bool,
    italic: bool,
    break_before: bool,
    break_after: bool,
    boxes: Vec<roxmltree::NodeId>,
}

impl Reader {
    fn body(&mut self, parent: Node, depth: usize) {
        if depth > MAX_DEPTH {
            self.too_deep = true;
            return;
        }
        for node in parent.children().filter(Node::is_element) {
            match node.tag_name().name() {
                "p" if is_w(&node, "p") => self.body_paragraph(node, depth),
                "tbl" if is_w(&node, "tbl") => {
                    let table = self.table(node, depth);
                    if !table.rows.is_empty() {
                        self.blocks.push(Block::Table(table));
                    }
                }
                "sdt" => {
                    if let Some(content) = child(node, "sdtContent") {
                        self.body(content, depth + 1);
                    }
                }
                "customXml" | "ins" | "moveTo" | "txbxContent" => self.body(node, depth + 1),
                _ => {}
            }
        }
    }

    fn body_paragraph(&mut self, node: Node, depth: usize) {
        self.paragraphs += 1;
        let location = Location { paragraph: Some(self.paragraphs), ..Location::default() };
        let para = self.paragraph(node);
        if para.break_before {
            self.page_break(&location);
        }
        let (text, list_marker) = match para.label {
            Some((label, true)) => (para.text, Some(label)),
            Some((label, false)) if !label.is_empty() => (join_label(&label, &para.text), None),
            _ => (para.text, None),
        };
        if !text.is_empty() || list_marker.is_some() {
            self.blocks.push(Block::Paragraph(Paragraph {
                text,
                heading: para.heading,
                bold: para.bold,
                italic: para.italic,
                list_marker,
                location: location.clone(),
            }));
        }
        let doc = node.document();
        for id in para.boxes {
            if let Some(content) = doc.get_node(id) {
                self.body(content, depth + 1);
            }
        }
        if para.break_after {
            self.page_break(&location);
        }
    }

    fn page_break(&mut self, location: &Location) {
        if !self.blocks.is_empty() && !matches!(self.blocks.last(), Some(Block::PageBreak(_))) {
            self.blocks.push(Block::PageBreak(location.clone()));
        }
    }

    fn paragraph(&mut self, node: Node) -> Para {
        let ppr = child(node, "pPr");
        let style = ppr.and_then(|p| child(p, "pStyle")).and_then(val).map(str::to_string);
        let resolved = self.styles.style(style.as_deref());
        let heading = ppr
            .and_then(|p| number_attr(child(p, "outlineLvl")))
            .map(|l| (l < 9).then_some(l as u8 + 1))
            .unwrap_or(resolved.heading);
        let mut inline = Inline::default();
        self.runs(node, &mut inline, resolved.bold.unwrap_or(false), resolved.italic.unwrap_or(false), 0);
        let num = ppr
            .and_then(|p| child(p, "numPr"))
            .map(|n| (number_attr(child(n, "numId")), number_attr(child(n, "ilvl"))))
            .and_then(|(id, lvl)| Some((id?, lvl)))
            .or(resolved.num);
        let text = clean_text(&inline.text);
        // A paragraph deleted whole as a tracked change (its text and its
        // mark) is gone in the text Word shows: it takes no list number,
        // so the next item keeps the number Word prints for it.
        let deleted = ppr.and_then(|p| child(p, "rPr")).and_then(|r| child(r, "del")).is_some();
        let label =
            num.filter(|_| !(deleted && text.is_empty())).and_then(|(id, lvl)| self.label(id, lvl.unwrap_or(0)));
        Para {
            label,
            heading,
            bold: inline.letters > 0 && inline.bold == inline.letters,
            italic: inline.letters > 0 && inline.italic == inline.letters,
            break_before: ppr.and_then(|p| on_off(child(p, "pageBreakBefore"))).unwrap_or(false),
            break_after: inline.page_break,
            boxes: inline.boxes,
            text,
        }
    }

    /// Advances the list counter and renders the label: (text, is_bullet).
    fn label(&mut self, num_id: u32, ilvl: u32) -> Option<(String, bool)> {
        if num_id == 0 {
            return None; // numId 0 switches numbering off
        }
        let levels = self.numbering.levels(num_id)?;
        let ilvl = (ilvl as usize).min(8);
        let level = &levels[ilvl];
        if level.format == "bullet" {
            let text = match &level.symbol_font {
                Some(font) => symbol_bullet(&level.text, font),
                None => bullet_text(&level.text),
            };
            return Some((text, true));
        }
        let NumInstance { abstract_id, starts, .. } = self.numbering.nums.get(&num_id)?;
        let starts = starts.iter().map(|(lvl, start)| (*lvl as usize, *start));
        let counters = self.counters.advance(*abstract_id, num_id, starts, ilvl, level.start);
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let l = (d as usize).saturating_sub(1).min(8);
                    let n = counters[l].unwrap_or(levels[l].start);
                    let format = if level.legal { "decimal" } else { levels[l].format.as_str() };
                    out.push_str(&format_number(n, format));
                    continue;
                }
            }
            out.push(c);
        }
        Some((out.trim().to_string(), false))
    }

    /// Collects the visible text of the runs under `node`.
    fn runs(&self, node: Node, out: &mut Inline, bold: bool, italic: bool, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for n in node.children().filter(Node::is_element) {
            let name = n.tag_name().name();
            if n.tag_name().namespace() == Some(MC_NS) && name == "AlternateContent" {
                // One rendering only: the first choice, else the fallback.
                if let Some(pick) = n.children().find(|c| c.is_element()) {
                    self.runs(pick, out, bold, italic, depth + 1);
                }
                continue;
            }
            if !n.tag_name().namespace().is_some_and(|ns| W_NS.contains(&ns)) {
                // Drawing and VML containers: look for text boxes inside.
                self.runs(n, out, bold, italic, depth + 1);
                continue;
            }
            match name {
                "r" => {
                    let rpr = child(n, "rPr");
                    let rstyle = rpr.and_then(|r| child(r, "rStyle")).and_then(val);
                    let b = rpr
                        .and_then(|r| on_off(child(r, "b")))
                        .or_else(|| rstyle.and_then(|s| self.styles.style(Some(s)).bold))
                        .unwrap_or(bold);
                    let i = rpr
                        .and_then(|r| on_off(child(r, "i")))
                        .or_else(|| rstyle.and_then(|s| self.styles.style(Some(s)).italic))
                        .unwrap_or(italic);
                    self.runs(n, out, b, i, depth + 1);
                }
                "t" => {
                    let text = n.text().unwrap_or("");
                    let letters = text.chars().filter(|c| !c.is_whitespace()).count();
                    out.letters += letters;
                    if bold {
                        out.bold += letters;
                    }
                    if italic {
                        out.italic += letters;
                    }
                    out.text.push_str(text);
                }
                "tab" | "ptab" => out.text.push(' '),
                "br" => match n.attributes().find(|a| a.name() == "type").map(|a| a.value()) {
                    Some("page") => out.page_break = true,
                    Some("column") => out.text.push(' '),
                    _ => out.text.push('\n'),
                },
                "cr" => out.text.push('\n'),
                "noBreakHyphen" => out.text.push('-'),
                "sym" => {
                    let code = n
                        .attributes()
                        .find(|a| a.name() == "char")
                        .and_then(|a| u32::from_str_radix(a.value(), 16).ok());
                    if let Some(c) = code.and_then(char::from_u32) {
                        out.text.push_str(&bullet_text(&c.to_string()));
                    }
                }
                "txbxContent" => out.boxes.push(n.id()),
                // Deleted text, field instructions and properties are not shown.
                "del" | "moveFrom" | "instrText" | "delText" | "rPr" | "pPr" | "sectPr" => {}
                "hyperlink" | "smartTag" | "fldSimple" | "ins" | "moveTo" | "customXml" | "dir" | "bdo" | "sdt"
                | "sdtContent" | "drawing" | "pict" | "object" => self.runs(n, out, bold, italic, depth + 1),
                _ => {}
            }
        }
    }

    fn table(&mut self, node: Node, depth: usize) -> Table {
        self.tables += 1;
        let number = self.tables;
        let mut rows: Vec<Row> = Vec::new();
        // For each grid column, the (row, cell) where a vertical merge started.
        let mut merges: HashMap<usize, (usize, usize)> = HashMap::new();
        for (r, tr) in wrapped_children(node, "tr").into_iter().enumerate() {
            let row_no = u32::try_from(r + 1).unwrap_or(u32::MAX);
            let location = Location { table: Some(number), row: Some(row_no), ..Location::default() };
            let trpr = child(tr, "trPr");
            // A row deleted as a tracked change is not in the text Word
            // shows (unseen11: an activity struck out in review). Its
            // paragraphs are not read, so they take no list number.
            if trpr.and_then(|p| child(p, "del")).is_some() {
                continue;
            }
            let r = rows.len();
            let header = trpr.and_then(|p| on_off(child(p, "tblHeader"))).unwrap_or(false);
            let mut cells = Vec::new();
            let mut grid = 0usize;
            if let Some(before) = trpr.and_then(|p| number_attr(child(p, "gridBefore"))).filter(|n| *n > 0) {
                let location = Location { column: Some(1), ..location.clone() };
                cells.push(Cell { col_span: before, ..Cell::new("", location) });
                grid += before as usize;
            }
            for tc in wrapped_children(tr, "tc") {
                let tcpr = child(tc, "tcPr");
                let span = tcpr.and_then(|p| number_attr(child(p, "gridSpan"))).unwrap_or(1).clamp(1, 1000);
                let vmerge = tcpr.and_then(|p| child(p, "vMerge")).map(|m| val(m).unwrap_or("continue"));
                let cell_location = Location { column: u32::try_from(grid + 1).ok(), ..location.clone() };
                if vmerge == Some("continue") {
                    if let Some(&(orow, ocell)) = merges.get(&grid) {
                        rows[orow].cells[ocell].row_span += 1;
                        cells.push(Cell { col_span: span, merged_above: true, ..Cell::new("", cell_location) });
                        grid += span as usize;
                        continue;
                    }
                }
                let (text, bold) = self.cell_text(tc, depth);
                if vmerge == Some("restart") {
                    merges.insert(grid, (r, cells.len()));
                } else {
                    merges.remove(&grid);
                }
                cells.push(Cell { col_span: span, bold, ..Cell::new(text, cell_location) });
                grid += span as usize;
            }
            rows.push(Row { cells, header, location });
        }
        Table { rows, location: Location { table: Some(number), ..Location::default() } }
    }

    /// A cell's text: its paragraphs as lines, nested tables as lines of
    /// ` | `-joined cells. Bold when every letter is.
    fn cell_text(&mut self, tc: Node, depth: usize) -> (String, bool) {
        let mut lines = Vec::new();
        let mut bold = true;
        let mut any = false;
        self.cell_content(tc, depth, &mut lines, &mut bold, &mut any);
        (lines.join("\n"), any && bold)
    }

    fn cell_content(&mut self, parent: Node, depth: usize, lines: &mut Vec<String>, bold: &mut bool, any: &mut bool) {
        if depth > MAX_DEPTH {
            self.too_deep = true;
            return;
        }
        for node in parent.children().filter(Node::is_element) {
            match node.tag_name().name() {
                "p" if is_w(&node, "p") => {
                    let para = self.paragraph(node);
                    let text = match &para.label {
                        Some((label, _)) if !label.is_empty() => join_label(label, &para.text),
                        _ => para.text.clone(),
                    };
                    if !para.text.is_empty() {
                        *any = true;
                        *bold &= para.bold;
                    }
                    lines.extend(text.split('\n').filter(|l| !l.is_empty()).map(str::to_string));
                    let doc = node.document();
                    for id in para.boxes {
                        if let Some(content) = doc.get_node(id) {
                            self.cell_content(content, depth + 1, lines, bold, any);
                        }
                    }
                }
                "tbl" if is_w(&node, "tbl") => {
                    let nested = self.table(node, depth + 1);
                    for row in nested.rows {
                        let texts: Vec<String> = row
                            .cells
                            .iter()
                            .filter(|c| !c.merged_above && !c.text.is_empty())
                            .map(|c| c.text.replace('\n', " "))
                            .collect();
                        if !texts.is_empty() {
                            lines.push(texts.join(" | "));
                        }
                    }
                }
                "sdt" => {
                    if let Some(content) = child(node, "sdtContent") {
                        self.cell_content(content, depth + 1, lines, bold, any);
                    }
                }
                "customXml" | "ins" | "moveTo" => self.cell_content(node, depth + 1, lines, bold, any),
                _ => {}
            }
        }
    }
}

/// The `w:{name}` children of `parent` (rows of a table, cells of a row),
/// also those wrapped in content controls or custom XML.
fn wrapped_children<'a, 'i>(parent: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    let mut found = Vec::new();
    for n in parent.children().filter(Node::is_element) {
        if is_w(&n, name) {
            found.push(n);
        } else if is_w(&n, "sdt") || is_w(&n, "customXml") {
            let inner = child(n, "sdtContent").unwrap_or(n);
            found.extend(inner.children().filter(|c| is_w(c, name)));
        }
    }
    found
}

pub(crate) fn join_label(label: &str, text: &str) -> String {
    if text.is_empty() {
        label.to_string()
    } else {
        format!("{label} {text}")
    }
}

/// Spaces collapsed, lines trimmed, empty lines dropped; non-breaking and
/// zero-width spaces become ordinary spaces or nothing. (NFC is applied to
/// the whole document afterwards, see `normalize_blocks`.)
pub(crate) fn clean_text(raw: &str) -> String {
    // `collapse_lines` splits on Unicode white space, which takes in
    // non-breaking spaces and tabs; zero-width characters are not white
    // space and are dropped here. Soft hyphens are left to text repair
    // (which records them): in a TCVN3 run, 0xAD is the letter "ư".
    // Most paragraphs have none: found by `memchr`, not copied.
    if !raw.contains('\u{200B}') && !raw.contains('\u{FEFF}') {
        return crate::markup::collapse_lines(raw);
    }
    let raw: String = raw.chars().filter(|c| !matches!(c, '\u{200B}' | '\u{FEFF}')).collect();
    crate::markup::collapse_lines(&raw)
}

/// [`clean_text`] of a text owned already: the text itself, not a copy,
/// when there is nothing to clean (most spreadsheet cells).
pub(crate) fn clean_owned(raw: String) -> String {
    if !raw.contains('\u{200B}') && !raw.contains('\u{FEFF}') && crate::markup::is_collapsed(&raw) {
        return raw;
    }
    clean_text(&raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{zip_of, Package};

    fn docx(body: &str) -> Vec<u8> {
        let xml = format!(r#"<w:document xmlns:w="{}"><w:body>{body}</w:body></w:document>"#, W_NS[0]);
        zip_of(&[("word/document.xml", xml.as_bytes())])
    }

    fn cell(inner: &str) -> String {
        format!("<w:tc>{inner}</w:tc>")
    }

    /// The DOCX fixtures in `dirs` (under fixtures/), opened.
    fn fixture_packages(dirs: &[&str]) -> Vec<(std::path::PathBuf, Package)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut out = Vec::new();
        for dir in dirs {
            for entry in std::fs::read_dir(root.join(dir)).expect("fixtures") {
                let path = entry.expect("entry").path();
                if path.extension().is_some_and(|e| e == "docx") {
                    let bytes = std::fs::read(&path).expect("read");
                    out.push((path, Package::open(&bytes, Limits::DEFAULT).expect("a zip")));
                }
            }
        }
        out
    }

    /// unseen11: a row deleted in review (`w:trPr/w:del`, its text in
    /// `w:delText`, its numbered paragraph's mark deleted) is not read and
    /// takes no number; the next row's item is "2." as Word shows it, and
    /// a merge running over the deleted row goes on below it. A deleted
    /// paragraph in the body takes no number either.
    #[test]
    fn rows_and_paragraphs_deleted_in_review_are_gone() {
        let numbering = format!(
            r#"<w:numbering xmlns:w="{}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>
            <w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
            <w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
            W_NS[0]
        );
        let numbered = |text: &str, deleted: bool| {
            let (mark, run) = if deleted {
                (
                    "<w:rPr><w:del w:id=\"1\" w:author=\"A\"/></w:rPr>",
                    format!("<w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText>{text}</w:delText></w:r></w:del>"),
                )
            } else {
                ("", format!("<w:r><w:t>{text}</w:t></w:r>"))
            };
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr>{mark}</w:pPr>{run}</w:p>"#
            )
        };
        let row =
            |trpr: &str, first: String, lead: String| format!("<w:tr>{trpr}{}{}</w:tr>", cell(&first), cell(&lead));
        let merged = |kind: &str, text: &str| {
            format!(r#"<w:tcPr><w:vMerge{kind}/></w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p>"#)
        };
        let body = format!(
            "<w:tbl>{}{}{}</w:tbl>{}{}",
            row("", numbered("Một", false), merged(" w:val=\"restart\"", "Văn phòng")),
            row(r#"<w:trPr><w:del w:id="3" w:author="A"/></w:trPr>"#, numbered("Bỏ", true), merged("", "")),
            row("", numbered("Hai", false), merged("", "")),
            numbered("Đoạn bỏ", true),
            numbered("Ba", false),
        );
        let xml = format!(r#"<w:document xmlns:w="{}"><w:body>{body}</w:body></w:document>"#, W_NS[0]);
        let bytes = zip_of(&[("word/document.xml", xml.as_bytes()), ("word/numbering.xml", numbering.as_bytes())]);
        let blocks = read(&bytes, &mut Vec::new()).expect("reads");
        let Block::Table(table) = &blocks[0] else { panic!("a table first: {blocks:?}") };
        let texts: Vec<Vec<&str>> =
            table.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(texts, [["1. Một", "Văn phòng"], ["2. Hai", ""]], "the deleted row is gone");
        assert_eq!(table.rows[0].cells[1].row_span, 2, "the lead merged over both rows Word shows");
        assert!(table.rows[1].cells[1].merged_above);
        let paragraphs: Vec<&str> = blocks
            .iter()
            .filter_map(|b| if let Block::Paragraph(p) = b { Some(p.text.as_str()) } else { None })
            .collect();
        assert_eq!(paragraphs, ["3. Ba"], "the deleted paragraph is gone and takes no number");
    }

    #[test]
    fn styles_stream_as_the_tree_reads_them() {
        let tricky = r#"<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="W" xmlns:x="urn:x">
  <w:docDefaults><w:rPrDefault/></w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:b w:val="0"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val=" 0 "/></w:pPr><w:pPr><w:outlineLvl w:val="3"/></w:pPr></w:style>
  <w:style w:styleId="Empty"/>
  <w:style w:type="paragraph" w:styleId="List"><w:name w:val="Title"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/><w:numId w:val="8"/></w:numPr></w:pPr><w:rPr><w:i/><w:b w:val="off"/></w:rPr></w:style>
  <w:style w:styleId="a&amp;b"><w:name w:val="x&#9;yCRLFz&#10;"/><!-- a comment --><w:basedOn val="first" w:val="second"/></w:style>
  <x:style w:styleId="NotWord"><w:name w:val="heading 3"/></x:style>
  <w:style><w:name w:val="no id"/></w:style>
  <w:style w:styleId="H1" w:default="true" w:type="paragraph"><w:name w:val="heading 2"/><w:pPr><w:numPr><w:ilvl w:val="2"/></w:numPr></w:pPr></w:style>
</w:styles>"#
            .replace("\"W\"", &format!("\"{}\"", W_NS[0]))
            .replace("CRLF", "\r\n");
        let mut parts = vec![tricky];
        for (_, mut package) in fixture_packages(&["samples", "office", "triage/dev", "triage/heldout"]) {
            parts.extend(package.take_text("word/styles.xml").expect("readable"));
        }
        assert!(parts.len() > 3, "the fixtures have styles parts");
        for xml in &parts {
            let tree = Styles::parse(&parse_xml("styles", xml).expect("well-formed"));
            let (stream, _) = Styles::stream(xml, None).expect("plain XML streams");
            assert_eq!(tree.by_id, stream.by_id);
            assert_eq!(tree.default_paragraph, stream.default_paragraph);
        }
        // A namespace declared below the root: the tree reads it.
        let inner = parts[0].replace("<w:name w:val=\"Title\"/>", "<w:name xmlns:val=\"urn:v\" w:val=\"Title\"/>");
        assert!(Styles::stream(&inner, None).is_none());
        let (tree, read) =
            (Styles::parse(&parse_xml("styles", &inner).expect("well-formed")), Styles::read(&inner, None));
        assert_eq!(tree.by_id, read.expect("read").by_id);
        let (tricky, _) = Styles::stream(&parts[0], None).expect("streams");
        assert_eq!(tricky.by_id["H1"].heading, Some(2), "a later style of the same id wins");
        assert_eq!(tricky.by_id["List"].num, Some((7, Some(1))));
        assert_eq!(tricky.by_id["a&b"].based_on.as_deref(), Some("first"));
        assert_eq!(tricky.default_paragraph.as_deref(), Some("H1"));
        // Not well-formed, or with a DTD: the tree parser's error.
        for broken in
            ["<w:styles><w:style></w:styles>", "<!DOCTYPE x [<!ENTITY e 'x'>]><x>&e;</x>", "<a/><b/>", "x<a/>"]
        {
            assert!(Styles::stream(broken, None).is_none(), "{broken}");
            assert!(Styles::read(broken, None).is_err(), "{broken}");
            assert!(Styles::read(broken, Some(&HashSet::new())).is_err(), "{broken}");
        }
    }

    #[test]
    fn skipping_an_element_ends_where_quick_xml_ends_it() {
        let mut parts: Vec<String> = [
            r#"<r><a><b x=">" y='">'>t</b></a><z/></r>"#,
            "<r><a><b></c></a></r>",
            "<r><a><!-- c --></a></r>",
            "<r><a><b/ ></a></r>",
            "<r><a><b>\n</b  \t></a></r>",
            "<r><a>< b></ b></a></r>",
            "<r><a><?pi?></a></r>",
            "<r><a><![CDATA[<]]></a></r>",
            "<r><a>",
            "<r><a><b>",
            "<r><a></a ></r>",
            "<r><a><></></a></r>",
            "<r><a><a></a><a/></a></r>",
            "<r><a:x><a:y/></a:x></r>",
            "<r><a x=\"unclosed></a></r>",
            "<r><a></a x></r>",
            "<r><a><b></b c=\">\"></a></r>",
        ]
        .map(str::to_string)
        .to_vec();
        for (_, mut package) in fixture_packages(&["samples", "office"]) {
            parts.extend(package.take_text("word/styles.xml").expect("readable"));
        }
        let mut compared = 0;
        for xml in &parts {
            let mut reader = quick_xml::Reader::from_str(xml);
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Start(e)) => {
                        let (mut read, mut skipped) = (reader.clone(), reader.clone());
                        let expected = read.read_to_end(e.name()).ok().map(|_| read.buffer_position());
                        let got = skip_element(&mut skipped, e.name()).map(|()| skipped.buffer_position());
                        assert_eq!(got, expected, "{xml:?} at {}", reader.buffer_position());
                        // What follows reads the same.
                        if expected.is_some() {
                            assert_eq!(read.read_event().ok(), skipped.read_event().ok(), "{xml:?}");
                        }
                        compared += 1;
                    }
                    Ok(quick_xml::events::Event::Eof) | Err(_) => break,
                    _ => {}
                }
            }
        }
        assert!(compared > 1000, "{compared}");
    }

    #[test]
    fn only_the_used_styles_are_read_and_they_read_the_same() {
        let chain = r#"<w:styles xmlns:w="W">
  <w:style w:styleId="Base"><w:rPr><w:i/></w:rPr></w:style>
  <w:style w:styleId="Mid"><w:basedOn w:val="Base"/></w:style>
  <w:style w:styleId="Table" w:type="table"><w:tblStylePr><w:rPr><w:b/></w:rPr></w:tblStylePr></w:style>
  <w:style w:styleId="Used"><w:basedOn w:val="Mid"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
  <w:style w:styleId="Normal" w:type="paragraph" w:default="1"><w:basedOn w:val="Later"/></w:style>
  <w:style w:styleId="Later"><w:rPr><w:b/></w:rPr></w:style>
</w:styles>"#
            .replace("\"W\"", &format!("\"{}\"", W_NS[0]));
        let used: HashSet<&str> = ["Used", "Missing"].into();
        let read = Styles::read(&chain, Some(&used)).expect("read");
        let mut ids: Vec<&String> = read.by_id.keys().collect();
        ids.sort();
        assert_eq!(ids, ["Base", "Later", "Mid", "Normal", "Used"], "no table style, the chains whole");
        let all = Styles::read(&chain, None).expect("read");
        for id in ["Used", "Mid", "Normal"] {
            assert_eq!(read.by_id[id], all.by_id[id]);
        }
        assert_eq!(read.lookup(Some("Used"), |s| s.italic), Some(true));
        assert_eq!(read.lookup(None, |s| s.bold), Some(true));
        // Every DOCX fixture: each used style reads as from the whole part.
        let mut checked = 0;
        for (path, mut package) in
            fixture_packages(&["samples", "office", "triage/dev", "triage/heldout", "unseen", "unseen2"])
        {
            let (Some(doc), Some(styles)) = (
                package.take_text("word/document.xml").expect("readable"),
                package.take_text("word/styles.xml").expect("readable"),
            ) else {
                continue;
            };
            let doc = parse_xml("document", &doc).expect("well-formed");
            let used = used_styles(&doc);
            let (read, all) =
                (Styles::read(&styles, Some(&used)).expect("read"), Styles::read(&styles, None).expect("read"));
            assert_eq!(read.default_paragraph, all.default_paragraph, "{path:?}");
            for id in used.iter().map(|id| Some(*id)).chain([None]) {
                assert_eq!(
                    read.lookup(id, |s| Some(s.clone())),
                    all.lookup(id, |s| Some(s.clone())),
                    "{path:?} {id:?}"
                );
                assert_eq!(read.lookup(id, |s| s.heading), all.lookup(id, |s| s.heading));
                assert_eq!(read.lookup(id, |s| s.bold), all.lookup(id, |s| s.bold));
                assert_eq!(read.lookup(id, |s| s.italic), all.lookup(id, |s| s.italic));
                assert_eq!(read.lookup(id, |s| s.num), all.lookup(id, |s| s.num));
            }
            // Worked out once per style, each property is what the chain
            // gives, for used styles, unknown ones and no style.
            let read = read.resolve();
            for id in used.iter().map(|id| Some(*id)).chain([None, Some("no such style")]) {
                let resolved = read.style(id);
                assert_eq!(resolved.heading, all.lookup(id, |s| s.heading), "{path:?} {id:?}");
                assert_eq!(resolved.bold, all.lookup(id, |s| s.bold), "{path:?} {id:?}");
                assert_eq!(resolved.italic, all.lookup(id, |s| s.italic), "{path:?} {id:?}");
                assert_eq!(resolved.num, all.lookup(id, |s| s.num), "{path:?} {id:?}");
            }
            checked += 1;
        }
        assert!(checked > 5, "{checked}");
    }

    #[test]
    fn hostile_structure_is_bounded() {
        // Tables nested 500 deep, content controls nested 100 000 deep, a
        // gridSpan of four billion, a merge continuation without a start.
        let mut nested = "<w:p><w:r><w:t>đáy</w:t></w:r></w:p>".to_string();
        for _ in 0..500 {
            nested = format!("<w:tbl><w:tr>{}</w:tr></w:tbl><w:p/>", cell(&nested));
        }
        let deep = format!(
            "{}<w:p><w:r><w:t>sâu</w:t></w:r></w:p>{}",
            "<w:sdt><w:sdtContent>".repeat(100_000),
            "</w:sdtContent></w:sdt>".repeat(100_000)
        );
        let wide = r#"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="4294967295"/></w:tcPr><w:p/></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#.to_string();
        for body in [nested, deep, wide] {
            let mut diags = Vec::new();
            // An error or blocks, never a panic or a stack overflow.
            match read(&docx(&body), &mut diags) {
                Ok(blocks) => {
                    assert!(blocks.len() < 10);
                    let text = format!("{blocks:?}");
                    if !text.contains("đáy") && !text.contains("sâu") && !text.contains('x') {
                        assert!(diags.iter().any(|d| d.code == Code::NestingTooDeep), "{diags:?}");
                    }
                }
                Err(e) => assert!(matches!(e, DocxError::Xml(_)), "{e}"),
            }
        }
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_number(3, "lowerLetter"), "c");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(4, "lowerRoman"), "iv");
        assert_eq!(format_number(7, "decimalZero"), "07");
        assert_eq!(format_number(12, "decimal"), "12");
        assert_eq!(bullet_text("\u{F0B7}"), "•");
        assert_eq!(bullet_text("-"), "-");
        assert_eq!(symbol_bullet("l", "wingdings"), "●");
        assert_eq!(symbol_bullet("\u{B7}", "symbol"), "•");
        assert_eq!(symbol_bullet("-", "wingdings"), "-");
    }

    #[test]
    fn text_is_cleaned() {
        assert_eq!(clean_text("  a\u{00A0} b \n\n c\u{200B}d "), "a b\ncd");
    }
}
