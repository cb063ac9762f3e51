//! XLSX read from the parts the archive check already decompressed: one
//! pass of inflate and one pass over each sheet's XML, where calamine
//! inflates every part again and reads each sheet twice (its cells, then
//! its merged regions).
//!
//! This is a fast path, not a second reader. It mirrors calamine 0.30's
//! XLSX reading step by step (the same elements, in the same loops: shared
//! strings, number formats, sheet order and state, the 1904 date system,
//! cells and their types, merged regions) and hands back the very
//! [`DataRef`] values calamine would, which `sheet.rs` renders. Whatever it
//! is not sure to read as calamine does — a damaged or unusual part, an
//! entity or a cell reference out of the ordinary, a cell type it does not
//! know, a byte-order mark, another encoding — gives [`Unsure`], and the
//! workbook is read by calamine, which then also words any error.

use super::{render_owned, Cells, Shape, Shapes, Sheet, MAX_CELLS};
use crate::archive::Package;
use calamine::{DataRef, Dimensions, ExcelDateTime, ExcelDateTimeType};
use std::collections::{BTreeSet, HashMap};

/// The workbook is left to calamine.
#[derive(Debug)]
pub(super) struct Unsure;

type Read<T> = Result<T, Unsure>;

/// Every sheet of a checked XLSX package, or [`Unsure`].
pub(super) fn sheets(package: &Package) -> Read<Vec<Sheet>> {
    let part = |name: &str| package_part(package, name);
    // In calamine's order: shared strings, styles, relationships, workbook.
    let strings = match part("xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(xml)?,
        None => Vec::new(),
    };
    let formats = match part("xl/styles.xml")? {
        Some(xml) => formats(xml)?,
        None => Vec::new(),
    };
    let rels = relationships(part("xl/_rels/workbook.xml.rels")?.ok_or(Unsure)?)?;
    let (listed, is_1904) = workbook(part("xl/workbook.xml")?.ok_or(Unsure)?, &rels)?;
    let mut sheets = Vec::with_capacity(listed.len());
    let mut total = 0usize;
    for (k, (name, path, hidden)) in listed.iter().enumerate() {
        // calamine finds a sheet by its name: the first of that name.
        if listed[..k].iter().any(|(n, ..)| n == name) {
            return Err(Unsure);
        }
        let xml = part(path)?.ok_or(Unsure)?;
        let (cells, merges, hidden_rows) = sheet(xml, &strings, &formats, is_1904)?;
        total += cells.len();
        if total > MAX_CELLS {
            return Err(Unsure); // calamine's path words the limit
        }
        sheets.push(Sheet { name: name.clone(), cells, merges, hidden: *hidden, hidden_rows });
    }
    Ok(sheets)
}

/// The date shapes of every sheet's cells whose style's format shows a
/// date otherwise than [`Shape::FULL`], for a workbook the fast path leaves
/// to calamine (which keeps no format): `styles.xml`'s cell styles, and
/// each `<c>` with a reference and a style in the sheets. Read leniently:
/// a part that does not read gives no shapes (its dates then read
/// dd/mm/yyyy), a sheet stops at its first unreadable tag.
pub(super) fn date_shapes(package: &Package) -> HashMap<String, Shapes> {
    let part = |name: &str| package_part(package, name).ok().flatten();
    let bomless = |xml: &'_ [u8]| xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml).to_vec();
    let Some(formats) = part("xl/styles.xml").map(bomless).and_then(|xml| formats(&xml).ok()) else {
        return HashMap::new();
    };
    if !formats.iter().any(|k| matches!(k, Kind::DateTime(s) if *s != Shape::FULL)) {
        return HashMap::new();
    }
    let listed = part("xl/_rels/workbook.xml.rels")
        .and_then(|rels| relationships(rels).ok())
        .and_then(|rels| part("xl/workbook.xml").and_then(|xml| workbook(xml, &rels).ok()));
    let mut out = HashMap::new();
    for (name, path, _) in listed.map(|(listed, _)| listed).unwrap_or_default() {
        let Some(xml) = part(&path).map(bomless) else { continue };
        let Ok(mut events) = Events::new(&xml) else { continue };
        let mut shapes = Shapes::new();
        while let Ok(event) = events.next() {
            match event {
                Event::Start(tag, attributes) if local(tag) == b"c" => {
                    let Ok(attributes) = Attributes::parse(attributes) else { break };
                    let at = attributes.get(b"r").and_then(|r| position(r).ok());
                    let style = attributes.get(b"s").and_then(|s| index(s).ok()).and_then(|s| formats.get(s));
                    if let (Some((row, Some(col))), Some(Kind::DateTime(shape))) = (at, style) {
                        if *shape != Shape::FULL {
                            shapes.insert((row, col), *shape);
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !shapes.is_empty() {
            out.entry(name).or_insert(shapes);
        }
    }
    out
}

/// A part as calamine finds it: the first entry whose name, with `\` as
/// `/`, equals `path` ignoring ASCII case; unsure when that entry is not
/// the one of exactly this name, or was not kept as markup.
fn package_part<'p>(package: &'p Package, path: &str) -> Read<Option<&'p [u8]>> {
    let mut found = package.entry_names().filter(|n| path.eq_ignore_ascii_case(&n.replace('\\', "/")));
    match (found.next(), found.next()) {
        (None, _) => Ok(None),
        (Some(name), None) if name == path => package.part(name).map(Some).ok_or(Unsure),
        _ => Err(Unsure),
    }
}

// ---------------------------------------------------------------------------
// The XML events calamine's reader sees (quick-xml with empty elements
// expanded, end names unchecked, text untrimmed, comments, processing
// instructions and CDATA passed over by every loop here).

#[derive(Clone, Copy)]
enum Event<'a> {
    /// A start tag: its name and its raw attributes.
    Start(&'a [u8], &'a [u8]),
    End(&'a [u8]),
    Text(&'a [u8]),
    Eof,
}

struct Events<'a> {
    xml: &'a [u8],
    at: usize,
    /// The end of an empty element, given after its start.
    pending_end: Option<&'a [u8]>,
}

impl<'a> Events<'a> {
    /// Events of a part: UTF-8 without a byte-order mark, and no other
    /// encoding declared.
    fn new(xml: &'a [u8]) -> Read<Events<'a>> {
        if std::str::from_utf8(xml).is_err() || xml.starts_with(b"\xEF\xBB\xBF") {
            return Err(Unsure);
        }
        if xml.starts_with(b"<?xml") {
            let end = memchr::memmem::find(xml, b"?>").ok_or(Unsure)?;
            let declaration = &xml[5..end];
            if let Some(at) = memchr::memmem::find(declaration, b"encoding") {
                let value = attribute_value_after(&declaration[at + 8..]).ok_or(Unsure)?;
                if !value.eq_ignore_ascii_case(b"utf-8") {
                    return Err(Unsure);
                }
            }
        }
        Ok(Events { xml, at: 0, pending_end: None })
    }

    fn next(&mut self) -> Read<Event<'a>> {
        if let Some(name) = self.pending_end.take() {
            return Ok(Event::End(name));
        }
        loop {
            let rest = &self.xml[self.at..];
            if rest.is_empty() {
                return Ok(Event::Eof);
            }
            if rest[0] != b'<' {
                let len = memchr::memchr(b'<', rest).unwrap_or(rest.len());
                self.at += len;
                return Ok(Event::Text(&rest[..len]));
            }
            let skip_to = |end: &[u8]| memchr::memmem::find(rest, end).map(|at| at + end.len()).ok_or(Unsure);
            if rest.starts_with(b"<?") {
                self.at += skip_to(b"?>")?;
            } else if rest.starts_with(b"<!--") {
                self.at += skip_to(b"-->")?;
            } else if rest.starts_with(b"<![CDATA[") {
                self.at += skip_to(b"]]>")?;
            } else if rest.starts_with(b"<!") {
                return Err(Unsure); // a document type: entities of its own
            } else if let Some(tag) = rest.strip_prefix(b"</") {
                let close = memchr::memchr(b'>', tag).ok_or(Unsure)?;
                let name = trim_end(&tag[..close]);
                if name.is_empty() || name.iter().any(|b| is_space(*b)) {
                    return Err(Unsure);
                }
                self.at += close + 3;
                return Ok(Event::End(name));
            } else {
                // A start tag ends at the first `>` outside quotes.
                let mut close = 1;
                loop {
                    close += memchr::memchr3(b'>', b'"', b'\'', &rest[close..]).ok_or(Unsure)?;
                    let quote = rest[close];
                    if quote == b'>' {
                        break;
                    }
                    close += 1 + memchr::memchr(quote, &rest[close + 1..]).ok_or(Unsure)? + 1;
                }
                let mut inner = &rest[1..close];
                let empty = inner.last() == Some(&b'/');
                if empty {
                    inner = &inner[..inner.len() - 1];
                }
                let name_len = inner.iter().position(|b| is_space(*b)).unwrap_or(inner.len());
                let (name, attributes) = inner.split_at(name_len);
                if name.is_empty() {
                    return Err(Unsure);
                }
                self.at += close + 1;
                if empty {
                    self.pending_end = Some(name);
                }
                return Ok(Event::Start(name, attributes));
            }
        }
    }

    /// Skips to the end of the element `name` just started (nested
    /// elements of the same name counted), as quick-xml's `read_to_end`.
    fn skip_to_end(&mut self, name: &[u8]) -> Read<()> {
        let mut depth = 0u32;
        loop {
            match self.next()? {
                Event::Start(n, _) if n == name => depth += 1,
                Event::End(n) if n == name => {
                    if depth == 0 {
                        return Ok(());
                    }
                    depth -= 1;
                }
                Event::Eof => return Err(Unsure),
                _ => {}
            }
        }
    }

    /// The unescaped text up to the end of the element `name` (texts
    /// joined, nested elements passed over), as calamine reads `<t>`/`<v>`.
    fn text_until_end(&mut self, name: &[u8], out: &mut String) -> Read<()> {
        loop {
            match self.next()? {
                Event::Text(t) => unescape_into(t, out)?,
                Event::End(n) if n == name => return Ok(()),
                Event::Eof => return Err(Unsure),
                _ => {}
            }
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn trim_end(mut s: &[u8]) -> &[u8] {
    while let [rest @ .., last] = s {
        if !is_space(*last) {
            break;
        }
        s = rest;
    }
    s
}

/// The name after its prefix, as quick-xml's `local_name`.
fn local(name: &[u8]) -> &[u8] {
    match memchr::memchr(b':', name) {
        Some(at) => &name[at + 1..],
        None => name,
    }
}

/// `= "value"` (after an attribute's name) → the raw value.
fn attribute_value_after(s: &[u8]) -> Option<&[u8]> {
    let s = s.trim_ascii_start().strip_prefix(b"=")?.trim_ascii_start();
    let quote = *s.first().filter(|q| **q == b'"' || **q == b'\'')?;
    let end = memchr::memchr(quote, &s[1..])?;
    Some(&s[1..1 + end])
}

/// At most this many attributes on one element; more is left to calamine.
const MAX_ATTRIBUTES: usize = 16;

/// An element's attributes, raw; unsure when malformed or repeated (where
/// quick-xml would give an error somewhere along them).
struct Attributes<'a> {
    list: [(&'a [u8], &'a [u8]); MAX_ATTRIBUTES],
    len: usize,
}

impl<'a> Attributes<'a> {
    fn parse(raw: &'a [u8]) -> Read<Attributes<'a>> {
        let mut list = [(&b""[..], &b""[..]); MAX_ATTRIBUTES];
        let mut len = 0;
        let mut s = raw.trim_ascii_start();
        while !s.is_empty() {
            let key_len = s.iter().position(|b| is_space(*b) || *b == b'=').ok_or(Unsure)?;
            let (key, rest) = s.split_at(key_len);
            let rest = rest.trim_ascii_start().strip_prefix(b"=").ok_or(Unsure)?.trim_ascii_start();
            let quote = *rest.first().filter(|q| **q == b'"' || **q == b'\'').ok_or(Unsure)?;
            let end = memchr::memchr(quote, &rest[1..]).ok_or(Unsure)?;
            let value = &rest[1..1 + end];
            let after = &rest[end + 2..];
            if key.is_empty() || len == MAX_ATTRIBUTES || list[..len].iter().any(|(k, _)| *k == key) {
                return Err(Unsure);
            }
            // Attributes are separated by white space.
            if !after.is_empty() && !is_space(after[0]) {
                return Err(Unsure);
            }
            list[len] = (key, value);
            len += 1;
            s = after.trim_ascii_start();
        }
        Ok(Attributes { list, len })
    }

    fn get(&self, key: &[u8]) -> Option<&'a [u8]> {
        self.list[..self.len].iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }
}

/// Appends `raw` with its entity and character references resolved, as
/// quick-xml's `unescape`; what that would refuse is [`Unsure`].
fn unescape_into(raw: &[u8], out: &mut String) -> Read<()> {
    // Parts were checked to be UTF-8 and are cut at ASCII bytes only.
    let raw = std::str::from_utf8(raw).map_err(|_| Unsure)?;
    let bytes = raw.as_bytes();
    out.reserve(raw.len());
    let mut last = 0;
    while let Some(found) = memchr::memchr(b'&', &bytes[last..]) {
        let start = last + found;
        out.push_str(&raw[last..start]);
        let (resolved, end) = reference(bytes, start + 1)?;
        out.push(resolved);
        last = end + 1;
    }
    out.push_str(&raw[last..]);
    Ok(())
}

/// The reference whose name starts at `from` (after `&`): its character
/// and the index of its `;`. quick-xml takes the name up to the next `&`
/// or `;`, which must be a `;`; it resolves the five predefined entities
/// and decimal or `x` hexadecimal character references without a sign.
fn reference(bytes: &[u8], from: usize) -> Read<(char, usize)> {
    if bytes.get(from) == Some(&b'#') {
        let hex = bytes.get(from + 1) == Some(&b'x');
        let digits = from + 1 + usize::from(hex);
        let radix = if hex { 16 } else { 10 };
        let mut code = 0u32;
        let mut at = digits;
        loop {
            let b = *bytes.get(at).ok_or(Unsure)?;
            if b == b';' {
                break;
            }
            // Eight digits or fewer: no overflow, and longer is left to quick-xml.
            if at - digits == 8 {
                return Err(Unsure);
            }
            code = code * radix + char::from(b).to_digit(radix).ok_or(Unsure)?;
            at += 1;
        }
        if at == digits || code == 0 {
            return Err(Unsure);
        }
        return Ok((char::from_u32(code).ok_or(Unsure)?, at));
    }
    let end = from + bytes[from..].iter().take(5).position(|b| *b == b';').ok_or(Unsure)?;
    let resolved = match &bytes[from..end] {
        b"lt" => '<',
        b"gt" => '>',
        b"amp" => '&',
        b"apos" => '\'',
        b"quot" => '"',
        _ => return Err(Unsure),
    };
    Ok((resolved, end))
}

fn unescaped(raw: &[u8]) -> Read<String> {
    let mut out = String::with_capacity(raw.len());
    unescape_into(raw, &mut out)?;
    Ok(out)
}

// ---------------------------------------------------------------------------
// The workbook's parts, as calamine's `Xlsx::new` reads them.

/// `xl/sharedStrings.xml`: each `<si>` that gives a string (calamine skips
/// the others, and so do the indexes after them).
fn shared_strings(xml: &[u8]) -> Read<Vec<String>> {
    let mut events = Events::new(xml)?;
    let mut strings = Vec::new();
    loop {
        match events.next()? {
            Event::Start(name, _) if local(name) == b"si" => {
                if let Some(s) = string(&mut events, name)? {
                    strings.push(s);
                }
            }
            Event::End(name) if local(name) == b"sst" => return Ok(strings),
            Event::Eof => return Err(Unsure),
            _ => {}
        }
    }
}

/// A plain or rich string up to the end of `closing`: the first `<t>`
/// alone, or the `<t>`s of every run after a `<r>`; phonetic runs left out.
fn string(events: &mut Events, closing: &[u8]) -> Read<Option<String>> {
    let mut rich: Option<String> = None;
    let mut phonetic = false;
    loop {
        match events.next()? {
            Event::Start(name, _) if local(name) == b"r" => {
                rich.get_or_insert_with(String::new);
            }
            Event::Start(name, _) if local(name) == b"rPh" => phonetic = true,
            Event::End(name) if name == closing => return Ok(rich),
            Event::End(name) if local(name) == b"rPh" => phonetic = false,
            Event::Start(name, _) if local(name) == b"t" && !phonetic => {
                let mut value = String::new();
                events.text_until_end(name, &mut value)?;
                match rich.as_mut() {
                    Some(s) => s.push_str(&value),
                    None => {
                        events.skip_to_end(closing)?;
                        return Ok(Some(value));
                    }
                }
            }
            Event::Eof => return Err(Unsure),
            _ => {}
        }
    }
}

/// How a number styled with a format reads: calamine's `CellFormat`,
/// and for a date what its format shows of it.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Number,
    DateTime(Shape),
    Duration,
}

/// `xl/styles.xml`: each cell style (`cellXfs/xf`) as a [`Kind`].
fn formats(xml: &[u8]) -> Read<Vec<Kind>> {
    let mut events = Events::new(xml)?;
    let mut custom: HashMap<&[u8], &[u8]> = HashMap::new();
    let mut kinds = Vec::new();
    loop {
        match events.next()? {
            Event::Start(name, _) if local(name) == b"numFmts" => loop {
                match events.next()? {
                    Event::Start(name, attributes) if local(name) == b"numFmt" => {
                        let attributes = Attributes::parse(attributes)?;
                        let id = attributes.get(b"numFmtId").unwrap_or(b"");
                        // calamine decodes the code without unescaping it.
                        let code = attributes.get(b"formatCode").unwrap_or(b"");
                        if !code.is_empty() {
                            custom.insert(id, code);
                        }
                    }
                    Event::End(name) if local(name) == b"numFmts" => break,
                    Event::Eof => return Err(Unsure),
                    _ => {}
                }
            },
            Event::Start(name, _) if local(name) == b"cellXfs" => loop {
                match events.next()? {
                    Event::Start(name, attributes) if local(name) == b"xf" => {
                        let id = Attributes::parse(attributes)?.get(b"numFmtId");
                        kinds.push(match id {
                            None => Kind::Number,
                            Some(id) => match custom.get(id) {
                                Some(code) => custom_kind(std::str::from_utf8(code).map_err(|_| Unsure)?),
                                None => builtin_kind(id),
                            },
                        });
                    }
                    Event::End(name) if local(name) == b"cellXfs" => break,
                    Event::Eof => return Err(Unsure),
                    _ => {}
                }
            },
            Event::End(name) if local(name) == b"styleSheet" => return Ok(kinds),
            Event::Eof => return Err(Unsure),
            _ => {}
        }
    }
}

/// calamine's `detect_custom_number_format`: a date or time when the first
/// section has a date or time letter outside quotes, escapes and brackets;
/// a duration when it has an elapsed-time bracket (`[h]`).
fn custom_kind(format: &str) -> Kind {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return Kind::Number,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return Kind::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return Kind::DateTime(Shape::of_code(format)),
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return Kind::DateTime(Shape::of_code(format))
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    Kind::Number
}

/// calamine's `builtin_format_by_id`.
fn builtin_kind(id: &[u8]) -> Kind {
    match id {
        b"14" | b"15" | b"16" | b"17" | b"18" | b"19" | b"20" | b"21" | b"22" | b"45" | b"47" => {
            let number = std::str::from_utf8(id).ok().and_then(|n| n.parse().ok()).unwrap_or(14);
            Kind::DateTime(Shape::builtin(number))
        }
        b"46" => Kind::Duration,
        _ => Kind::Number,
    }
}

/// `xl/_rels/workbook.xml.rels`: target by relationship id.
fn relationships(xml: &[u8]) -> Read<HashMap<&[u8], &str>> {
    let mut events = Events::new(xml)?;
    let mut rels = HashMap::new();
    loop {
        match events.next()? {
            Event::Start(name, attributes) if local(name) == b"Relationship" => {
                let attributes = Attributes::parse(attributes)?;
                let id = attributes.get(b"Id").unwrap_or(b"");
                let target = std::str::from_utf8(attributes.get(b"Target").unwrap_or(b"")).map_err(|_| Unsure)?;
                rels.insert(id, target);
            }
            Event::End(name) if local(name) == b"Relationships" => return Ok(rels),
            Event::Eof => return Err(Unsure),
            _ => {}
        }
    }
}

/// A sheet as listed: name, part path, hidden.
type Listed = (String, String, bool);

/// `xl/workbook.xml`: the sheets in order, and whether dates count from 1904.
fn workbook(xml: &[u8], rels: &HashMap<&[u8], &str>) -> Read<(Vec<Listed>, bool)> {
    let mut events = Events::new(xml)?;
    let mut sheets = Vec::new();
    let mut is_1904 = false;
    loop {
        match events.next()? {
            Event::Start(name, attributes) if local(name) == b"sheet" => {
                let attributes = Attributes::parse(attributes)?;
                let mut sheet_name = String::new();
                let mut path = String::new();
                let mut hidden = false;
                for &(key, value) in &attributes.list[..attributes.len] {
                    match key {
                        b"name" => sheet_name = unescaped(value)?,
                        b"state" => {
                            hidden = match unescaped(value)?.as_str() {
                                "visible" => false,
                                "hidden" | "veryHidden" => true,
                                _ => return Err(Unsure),
                            }
                        }
                        b"r:id" | b"relationships:id" => {
                            let target = *rels.get(value).ok_or(Unsure)?;
                            path = if target.starts_with("/xl/") {
                                target[1..].to_string()
                            } else if target.starts_with("xl/") {
                                target.to_string()
                            } else {
                                format!("xl/{target}")
                            };
                        }
                        _ => {}
                    }
                }
                // Worksheets only: chart and dialog sheets are calamine's.
                if path.split('/').nth(1) != Some("worksheets") {
                    return Err(Unsure);
                }
                sheets.push((sheet_name, path, hidden));
            }
            Event::Start(name, attributes) if name == b"workbookPr" => {
                if let Some(value) = Attributes::parse(attributes)?.get(b"date1904") {
                    is_1904 = matches!(unescaped(value)?.as_str(), "1" | "true");
                }
            }
            Event::Start(name, attributes) if local(name) == b"definedName" => {
                // Read only for calamine's errors: a name's text must unescape.
                if let Some(value) = Attributes::parse(attributes)?.get(b"name") {
                    unescaped(value)?;
                    events.text_until_end(name, &mut String::new())?;
                }
            }
            Event::End(name) if local(name) == b"workbook" => return Ok((sheets, is_1904)),
            Event::Eof => return Err(Unsure),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------
// A worksheet.

/// A sheet's filled cells (rendered), merged regions, and the rows its
/// author hid (none when the sheet has an `<autoFilter>`: then hidden rows
/// are a filter's view, not left out of the plan; nor the rows of a
/// collapsed outline group).
fn sheet(
    xml: &[u8],
    strings: &[String],
    formats: &[Kind],
    is_1904: bool,
) -> Read<(Cells, Vec<Dimensions>, BTreeSet<u32>)> {
    let mut events = Events::new(xml)?;
    // Up to <sheetData>: a <dimension> must read as a range.
    loop {
        match events.next()? {
            Event::Start(name, attributes) => match local(name) {
                b"dimension" => {
                    dimension(Attributes::parse(attributes)?.get(b"ref").ok_or(Unsure)?)?;
                }
                b"sheetData" => break,
                _ => {}
            },
            Event::Eof => return Err(Unsure),
            _ => {}
        }
    }
    let mut cells = Cells::new();
    let mut hidden_rows = BTreeSet::new();
    let (mut row, mut col) = (0u32, 0u32);
    let mut text = String::new();
    loop {
        match events.next()? {
            Event::Start(name, attributes) if local(name) == b"row" => {
                let attributes = Attributes::parse(attributes)?;
                if let Some(r) = attributes.get(b"r") {
                    row = position(r)?.0;
                }
                // A row hidden by hand; not one of a collapsed outline
                // group (a view, like a filter's).
                let grouped = attributes.get(b"outlineLevel").is_some_and(|l| l != b"0");
                if matches!(attributes.get(b"hidden"), Some(b"1" | b"true")) && !grouped {
                    hidden_rows.insert(row);
                }
            }
            Event::End(name) if local(name) == b"row" => {
                row = row.checked_add(1).ok_or(Unsure)?;
                col = 0;
            }
            Event::Start(name, attributes) if local(name) == b"c" => {
                let attributes = Attributes::parse(attributes)?;
                let at = match attributes.get(b"r") {
                    Some(r) => match position(r)? {
                        (r, Some(c)) => {
                            col = c;
                            (r, c)
                        }
                        (_, None) => return Err(Unsure),
                    },
                    None => (row, col),
                };
                let (mut value, mut shape) = (DataRef::Empty, Shape::FULL);
                loop {
                    match events.next()? {
                        Event::Start(child, _) => {
                            (value, shape) =
                                cell_value(&mut events, child, &attributes, strings, formats, is_1904, &mut text)?
                        }
                        Event::End(name) if local(name) == b"c" => break,
                        Event::Eof => return Err(Unsure),
                        _ => {}
                    }
                }
                col = col.checked_add(1).ok_or(Unsure)?;
                let rendered = render_owned(value, shape);
                if !rendered.is_empty() {
                    cells.insert(at, rendered);
                    if cells.len() > MAX_CELLS {
                        return Err(Unsure);
                    }
                }
            }
            Event::End(name) if local(name) == b"sheetData" => break,
            Event::Eof => return Err(Unsure),
            _ => {}
        }
    }
    // The merged regions: calamine takes the first <mergeCells> in the
    // part; one before the end of the cells (misplaced) is left to it.
    if memchr::memmem::find(&xml[..events.at], b"mergeCells").is_some() {
        return Err(Unsure);
    }
    if !hidden_rows.is_empty() && memchr::memmem::find(xml, b"autoFilter").is_some() {
        hidden_rows.clear();
    }
    let mut merges = Vec::new();
    loop {
        match events.next()? {
            Event::Start(name, _) if local(name) == b"mergeCells" => loop {
                match events.next()? {
                    Event::Start(name, attributes) if local(name) == b"mergeCell" => {
                        if let Some(r) = Attributes::parse(attributes)?.get(b"ref") {
                            merges.push(dimension(r)?);
                        }
                    }
                    Event::End(name) if local(name) == b"mergeCells" => return Ok((cells, merges, hidden_rows)),
                    Event::Eof => return Err(Unsure),
                    _ => {}
                }
            },
            Event::Eof => return Ok((cells, merges, hidden_rows)),
            _ => {}
        }
    }
}

/// A cell's value from its child element `child` (calamine's `read_value`
/// and `read_v`), and the shape its style gives a date; the last child
/// with a value wins, as there.
fn cell_value<'s>(
    events: &mut Events,
    child: &[u8],
    cell: &Attributes,
    strings: &'s [String],
    formats: &[Kind],
    is_1904: bool,
    v: &mut String,
) -> Read<(DataRef<'s>, Shape)> {
    match local(child) {
        b"is" => Ok((string(events, child)?.map_or(DataRef::Empty, DataRef::String), Shape::FULL)),
        b"f" => {
            events.skip_to_end(child)?;
            Ok((DataRef::Empty, Shape::FULL))
        }
        b"v" => {
            v.clear();
            events.text_until_end(child, v)?;
            let kind = match cell.get(b"s") {
                Some(style) => formats.get(index(style)?).copied(),
                None => Some(Kind::Number),
            };
            let shape = match kind {
                Some(Kind::DateTime(shape)) => shape,
                _ => Shape::FULL,
            };
            let number = |n: f64| match kind {
                Some(Kind::DateTime(_)) => {
                    DataRef::DateTime(ExcelDateTime::new(n, ExcelDateTimeType::DateTime, is_1904))
                }
                Some(Kind::Duration) => DataRef::DateTime(ExcelDateTime::new(n, ExcelDateTimeType::TimeDelta, is_1904)),
                _ => DataRef::Float(n),
            };
            let value = match cell.get(b"t") {
                Some(b"s") => DataRef::SharedString(strings.get(index(v.as_bytes())?).ok_or(Unsure)?),
                Some(b"b") => DataRef::Bool(v != "0"),
                Some(b"d") => DataRef::DateTimeIso(v.clone()),
                Some(b"str") => DataRef::String(v.clone()),
                Some(b"n") if v.is_empty() => DataRef::Empty,
                Some(b"n") => number(v.parse().map_err(|_| Unsure)?),
                None => match v.parse() {
                    Ok(n) => number(n),
                    Err(_) => DataRef::String(v.clone()),
                },
                // Errors ("e") and anything else: calamine's.
                Some(_) => return Err(Unsure),
            };
            Ok((value, shape))
        }
        _ => Err(Unsure),
    }
}

/// A style or shared-string index: plain decimal digits.
fn index(digits: &[u8]) -> Read<usize> {
    if digits.is_empty() || digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(Unsure);
    }
    Ok(digits.iter().fold(0usize, |n, d| n * 10 + usize::from(d - b'0')))
}

/// A cell reference (`B7`, or a row alone) as calamine reads it: (row,
/// column if any), 0-based; unsure where calamine would fail or overflow.
fn position(reference: &[u8]) -> Read<(u32, Option<u32>)> {
    let (mut row, mut col) = (0u32, 0u32);
    let mut pow = 1u32;
    let mut reading_row = true;
    for &c in reference.iter().rev() {
        match c {
            b'0'..=b'9' if reading_row => {
                row = u32::from(c - b'0').checked_mul(pow).and_then(|d| row.checked_add(d)).ok_or(Unsure)?;
                pow = pow.checked_mul(10).ok_or(Unsure)?;
            }
            b'A'..=b'Z' | b'a'..=b'z' => {
                if reading_row {
                    if row == 0 {
                        return Err(Unsure);
                    }
                    pow = 1;
                    reading_row = false;
                }
                let letter = u32::from(c.to_ascii_uppercase() - b'A') + 1;
                col = letter.checked_mul(pow).and_then(|d| col.checked_add(d)).ok_or(Unsure)?;
                pow = pow.checked_mul(26).ok_or(Unsure)?;
            }
            _ => return Err(Unsure),
        }
    }
    Ok((row.checked_sub(1).ok_or(Unsure)?, col.checked_sub(1)))
}

/// A range (`A1:C3`, or one cell) as calamine's `get_dimension`.
fn dimension(range: &[u8]) -> Read<Dimensions> {
    let cell = |r: &[u8]| match position(r)? {
        (row, Some(col)) => Ok((row, col)),
        _ => Err(Unsure),
    };
    let mut parts = range.split(|b| *b == b':');
    let start = cell(parts.next().ok_or(Unsure)?)?;
    let end = match parts.next() {
        Some(p) => cell(p)?,
        None => start,
    };
    // More parts, or a range running backwards (calamine wraps there).
    if parts.next().is_some() || end.0 < start.0 || end.1 < start.1 {
        return Err(Unsure);
    }
    Ok(Dimensions::new(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{zip_of, Limits};
    use crate::model::Format;

    /// The fast path's sheets, or `None` when it leaves the workbook to
    /// calamine; calamine's sheets beside them.
    fn both(bytes: &[u8]) -> (Option<Vec<Sheet>>, Vec<Sheet>) {
        let package = Package::open(bytes, Limits::DEFAULT).expect("a zip");
        let fast = sheets(&package).ok();
        let slow = super::super::read_sheets(Format::Xlsx, bytes, Some(&package)).expect("calamine reads it");
        (fast, slow)
    }

    fn same(fast: &[Sheet], slow: &[Sheet]) -> bool {
        fast.len() == slow.len()
            && fast
                .iter()
                .zip(slow)
                .all(|(a, b)| a.name == b.name && a.cells == b.cells && a.merges == b.merges && a.hidden == b.hidden)
    }

    /// Every XLSX fixture that calamine reads is read the same here, and
    /// the fast path takes all but the damaged ones.
    #[test]
    fn fixtures_read_as_calamine_reads_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut files = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).expect("fixtures") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "xlsx") {
                    files.push(path);
                }
            }
        }
        let mut fast_ones = 0;
        for path in &files {
            let bytes = std::fs::read(path).expect("read");
            let Ok(package) = Package::open(&bytes, Limits::DEFAULT) else { continue };
            let fast = sheets(&package);
            let slow = std::panic::catch_unwind(|| super::super::read_sheets(Format::Xlsx, &bytes, Some(&package)));
            match (fast, slow) {
                (Ok(fast), Ok(Ok(slow))) => {
                    assert!(same(&fast, &slow), "{}", path.display());
                    fast_ones += 1;
                }
                (Ok(_), _) => panic!("{}: calamine fails where the fast path reads", path.display()),
                (Err(Unsure), _) => {}
            }
        }
        assert!(fast_ones >= 10, "{fast_ones} of {} fixtures on the fast path", files.len());
    }

    /// Damaged sheets (sample 000's cut short at 150 places, and with a byte
    /// changed at 150 more) never panic here: each is left to calamine or
    /// read as calamine reads it.
    #[test]
    fn damaged_sheets_do_not_panic() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/samples/000-framework.xlsx");
        let bytes = std::fs::read(root).expect("sample");
        let package = Package::open(&bytes, Limits::DEFAULT).expect("a zip");
        let sheet_xml = package.part("xl/worksheets/sheet1.xml").expect("sheet").to_vec();
        let others: Vec<(String, Vec<u8>)> = package
            .entry_names()
            .filter(|n| *n != "xl/worksheets/sheet1.xml")
            .filter_map(|n| package.part(n).map(|p| (n.to_string(), p.to_vec())))
            .collect();
        let mut variants = Vec::new();
        for k in 0..150 {
            variants.push(sheet_xml[..sheet_xml.len() * k / 150].to_vec());
            let mut changed = sheet_xml.clone();
            let at = (k * 7919) % changed.len();
            changed[at] = [b'<', b'>', b'"', b'&', b';', b'/', b'x', 0xE1][k % 8];
            variants.push(changed);
        }
        let mut fast = 0;
        for xml in &variants {
            let mut parts: Vec<(&str, &[u8])> = others.iter().map(|(n, p)| (n.as_str(), p.as_slice())).collect();
            parts.push(("xl/worksheets/sheet1.xml", xml));
            let zip = zip_of(&parts);
            let package = Package::open(&zip, Limits::DEFAULT).expect("a zip");
            if let Ok(read) = sheets(&package) {
                let slow = std::panic::catch_unwind(|| super::super::read_sheets(Format::Xlsx, &zip, Some(&package)));
                assert!(matches!(slow, Ok(Ok(slow)) if same(&read, &slow)), "{}", String::from_utf8_lossy(xml));
                fast += 1;
            }
        }
        assert!(fast > 0 && fast < variants.len(), "{fast} of {} read", variants.len());
    }

    /// A workbook with what calamine reads in cells: shared strings (rich,
    /// phonetic, one skipped), styles with date, time, duration and custom
    /// formats, the 1904 system, every cell type, formulas, cells without
    /// references, a hidden sheet, merged regions.
    #[test]
    fn cell_types_read_as_calamine_reads_them() {
        let strings = concat!(
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
            r#"<si><t>Kế hoạch</t></si><si/><si><r><t>Ph&#7909; </t></r><r><rPr><b/></rPr><t>l&#7909;c</t></r>"#,
            r#"<rPh><t>ignored</t></rPh></si><si><t xml:space="preserve"> a &amp; b </t><t>second</t></si></sst>"#
        );
        let styles = concat!(
            r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
            r#"<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>"#,
            r##"<numFmt numFmtId="165" formatCode="#,##0.000"/><numFmt numFmtId="166" formatCode="[h]:mm"/></numFmts>"##,
            r#"<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0"/>"#,
            r#"<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="20"/><xf/></cellXfs>"#,
            r#"<dxfs><dxf><numFmt numFmtId="167" formatCode="yyyy"/></dxf></dxfs></styleSheet>"#
        );
        let cells = concat!(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>"#,
            r#"<row r="2"><c r="A2" s="1"><v>45306</v></c><c r="B2" s="2"><v>1.2</v></c><c r="C2" s="3"><v>1.5</v></c>"#,
            r#"<c r="D2" s="4"><v>0.5</v></c><c r="E2" s="5"><v>2024</v></c><c r="F2" s="9"><v>7</v></c></row>"#,
            r#"<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="str"><f>A1</f><v>tính</v></c>"#,
            r#"<c r="C3" t="d"><v>2024-01-15T08:30:00</v></c><c r="D3" t="n"><v>0.1</v></c><c r="E3"><v>abc</v></c>"#,
            r#"<c r="F3" t="inlineStr"><is><t>inline &lt;x&gt;</t></is></c><c r="G3" s="1"/></row>"#,
            r#"<row><c><v>3</v></c><c><v>4</v></c></row><row r="9"><c r="B9" t="s"><v>0</v></c></row>"#
        );
        let sheet1 = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!-- made by hand --><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:G9"/><sheetData>{cells}</sheetData><mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="B9:C10"/></mergeCells></worksheet>"#
        );
        let sheet2 = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ẩn</t></is></c></row></sheetData></worksheet>"#;
        let workbook = concat!(
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
            r#"<workbookPr date1904="true"/><sheets><sheet name="Ph&#7909; l&#7909;c" sheetId="1" r:id="rId1"/>"#,
            r#"<sheet name="Ẩn" sheetId="2" state="hidden" r:id="rId2"/></sheets>"#,
            r#"<definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">'Phụ lục'!$A$1:$G$9</definedName></definedNames></workbook>"#
        );
        let rels = concat!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            r#"<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>"#,
            r#"<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>"#
        );
        let bytes = zip_of(&[
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
            ("xl/sharedStrings.xml", strings.as_bytes()),
            ("xl/styles.xml", styles.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet1.as_bytes()),
            ("xl/worksheets/sheet2.xml", sheet2.as_bytes()),
        ]);
        let (fast, slow) = both(&bytes);
        let fast = fast.expect("the fast path reads it");
        assert!(same(&fast, &slow), "{:?}\n{:?}", fast[0].cells, slow[0].cells);
        assert_eq!(slow[0].cells.len(), 18, "{:?}", slow[0].cells);
        assert_eq!(slow[0].cells[&(0, 1)], "Phụ lục", "rich text, phonetic run left out, <si/> skipped");
        assert_eq!(slow[0].cells[&(0, 2)], "a & b", "the first <t> only");
        assert_eq!(slow[0].cells[&(1, 0)], "16/01/2028", "1904 dates");
        assert_eq!(slow[0].cells[&(3, 1)], "4", "cells without references follow the row");
        assert!(slow[1].hidden && slow[1].name == "Ẩn");

        // What the fast path leaves to calamine.
        for (from, to) in [
            (r#"<c r="E3"><v>abc</v></c>"#, r#"<c r="E3" t="e"><v>#N/A</v></c>"#),
            (r#"<c r="D3" t="n">"#, r#"<c r="D3" t="n" t="n">"#),
            ("inline &lt;x&gt;", "inline &nbsp;"),
            (r#"<mergeCell ref="A1:B1"/>"#, r#"<mergeCell ref="B1:A1"/>"#),
            ("<sheetData>", r#"<mergeCells><mergeCell ref="A1:B1"/></mergeCells><sheetData>"#),
            (r#"<?xml version="1.0" encoding="UTF-8""#, r#"<?xml version="1.0" encoding="windows-1258""#),
        ] {
            assert!(sheet1.contains(from), "{from}");
            let changed = sheet1.replace(from, to);
            let bytes = zip_of(&[
                ("xl/workbook.xml", workbook.as_bytes()),
                ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
                ("xl/sharedStrings.xml", strings.as_bytes()),
                ("xl/worksheets/sheet1.xml", changed.as_bytes()),
                ("xl/worksheets/sheet2.xml", sheet2.as_bytes()),
            ]);
            let package = Package::open(&bytes, Limits::DEFAULT).expect("a zip");
            assert!(sheets(&package).is_err(), "{to}");
        }
    }

    /// unseen9's deadline formatted "mm/yyyy" reads "12/2034" as the sheet
    /// prints it, on the fast path and through calamine alike, also when
    /// the workbook goes to calamine (an error cell, a byte-order mark):
    /// the shapes then come from `date_shapes`.
    #[test]
    fn month_year_dates_read_as_printed_on_both_paths() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/unseen9/unseen9-2034.xlsx");
        let bytes = std::fs::read(root).expect("the fixture");
        let month_year = |sheets: &[Sheet]| {
            let values: Vec<&String> = sheets[0].cells.values().filter(|v| v.ends_with("/2034")).collect();
            assert!(values.iter().any(|v| *v == "30/06/2034"), "{values:?}");
            values.iter().filter(|v| **v == "12/2034").count()
        };
        let (fast, slow) = both(&bytes);
        let fast = fast.expect("the fast path reads it");
        assert!(same(&fast, &slow));
        assert_eq!(month_year(&fast), 1);
        let package = Package::open(&bytes, Limits::DEFAULT).expect("a zip");
        let sheet1 = package.part("xl/worksheets/sheet1.xml").expect("sheet").to_vec();
        let error_cell = String::from_utf8(sheet1.clone())
            .unwrap()
            .replacen("</row>", r#"<c r="Z1" t="e"><v>#N/A</v></c></row>"#, 1)
            .into_bytes();
        let bom = [b"\xEF\xBB\xBF".as_slice(), &sheet1].concat();
        for changed in [error_cell, bom] {
            let mut parts: Vec<(&str, &[u8])> = package
                .entry_names()
                .filter(|n| *n != "xl/worksheets/sheet1.xml")
                .filter_map(|n| package.part(n).map(|p| (n, p)))
                .collect();
            parts.push(("xl/worksheets/sheet1.xml", &changed));
            let zip = zip_of(&parts);
            let changed = Package::open(&zip, Limits::DEFAULT).expect("a zip");
            assert!(sheets(&changed).is_err(), "left to calamine");
            let slow = super::super::read_sheets(Format::Xlsx, &zip, Some(&changed)).expect("calamine reads it");
            assert_eq!(month_year(&slow), 1);
        }
    }

    #[test]
    fn references_as_calamine_reads_them() {
        assert_eq!(position(b"A1").unwrap(), (0, Some(0)));
        assert_eq!(position(b"C107").unwrap(), (106, Some(2)));
        assert_eq!(position(b"aa1").unwrap(), (0, Some(26)));
        assert_eq!(position(b"12").unwrap(), (11, None));
        assert!(position(b"A0").is_err());
        assert!(position(b"A").is_err());
        assert!(position(b"1A").is_err());
        assert!(position(b"A99999999999").is_err(), "overflow is calamine's");
        assert!(dimension(b"B2:A1").is_err(), "backwards");
        assert_eq!(dimension(b"A1:B3").unwrap(), Dimensions::new((0, 0), (2, 1)));
    }

    #[test]
    fn references_resolve_as_quick_xml_resolves_them() {
        for raw in ["PH&#7908; L&#7908;C", "a &amp; b &lt;c&gt; &quot;&apos;", "&#x1EE5;x", "plain", "a;b"] {
            let mut out = String::new();
            unescape_into(raw.as_bytes(), &mut out).unwrap();
            assert_eq!(out, quick_xml::escape::unescape(raw).unwrap(), "{raw}");
        }
        for raw in ["&nbsp;", "&#0;", "&#+65;", "&#xD800;", "a & b", "&amp", "&a&b;"] {
            assert!(unescape_into(raw.as_bytes(), &mut String::new()).is_err(), "{raw}");
            assert!(quick_xml::escape::unescape(raw).is_err(), "quick-xml refuses {raw} too");
        }
    }

    #[test]
    fn number_formats_as_calamine_reads_them() {
        for (format, kind) in [
            ("DD/MM/YY", Kind::DateTime(Shape::FULL)),
            ("H:MM:SS;@", Kind::DateTime(Shape::FULL)),
            ("#,##0\\ [$\\u20bd-46D]", Kind::Number),
            ("[h]:mm:ss", Kind::Duration),
            ("\"$\"#,##0_);[Red](\"$\"#,##0)", Kind::Number),
            ("0.00", Kind::Number),
            ("[>=100][Magenta][s].00", Kind::Duration),
        ] {
            let same = matches!(
                (custom_kind(format), kind),
                (Kind::DateTime(_), Kind::DateTime(_))
                    | (Kind::Number, Kind::Number)
                    | (Kind::Duration, Kind::Duration)
            );
            assert!(same, "{format}");
        }
        assert!(matches!(builtin_kind(b"14"), Kind::DateTime(_)));
        assert!(builtin_kind(b"46") == Kind::Duration);
        assert!(builtin_kind(b"0") == Kind::Number);
    }
}
