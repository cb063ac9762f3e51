//! Pretty-printed JSON, byte for byte what `serde_json::to_string_pretty`
//! writes, in fewer and cheaper writes.
//!
//! serde_json's `PrettyFormatter` writes a line's indentation one level at a
//! time, and every piece goes through `Vec::extend_from_slice`, a call to
//! `memcpy` for a few bytes. A canonical document of a plan nests items six
//! or more levels deep, so most of its writes were two spaces: seed 000's
//! 344 KB of JSON took ~73,000 `memcpy` calls. Here a new line and its
//! indentation are one slice of a constant, and short pieces are copied in
//! place.

use serde::Serialize;
use serde_json::ser::Formatter;
use std::io;

/// `value` as pretty-printed JSON (two-space indentation), as
/// `serde_json::to_string_pretty` prints it.
pub(crate) fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Buffer(Vec::with_capacity(64 * 1024));
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, Pretty::default()))?;
    // SAFETY: as in `serde_json::to_string_pretty`, which does the same:
    // the serializer writes `str`s (cut only before an ASCII byte it
    // escapes), escapes and ASCII, and the formatter above only ASCII.
    // Checking 344 KB again cost seed 000 1.35 M instructions.
    Ok(unsafe { String::from_utf8_unchecked(out.0) })
}

/// A new line and the indentation of up to [`MAX_LEVEL`] levels.
const NEWLINE_INDENT: &[u8; 1 + 2 * MAX_LEVEL] = &{
    let mut line = [b' '; 1 + 2 * MAX_LEVEL];
    line[0] = b'\n';
    line
};
const MAX_LEVEL: usize = 64;

/// serde_json's `PrettyFormatter` with an indentation of two spaces.
#[derive(Default)]
struct Pretty {
    level: usize,
    has_value: bool,
}

impl Pretty {
    /// A new line indented to the current level.
    fn new_line<W: ?Sized + io::Write>(&self, writer: &mut W) -> io::Result<()> {
        if self.level <= MAX_LEVEL {
            return writer.write_all(&NEWLINE_INDENT[..1 + 2 * self.level]);
        }
        writer.write_all(b"\n")?;
        (0..self.level).try_for_each(|_| writer.write_all(b"  "))
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.new_line(writer)?;
        }
        writer.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.new_line(writer)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.new_line(writer)?;
        }
        writer.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.new_line(writer)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// A growing buffer that copies short pieces (keys, punctuation, short
/// values) byte by byte rather than through a `memcpy` call.
struct Buffer(Vec<u8>);

impl io::Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if buf.len() <= 16 {
            self.0.reserve(16);
            for &b in buf {
                self.0.push(b);
            }
        } else {
            self.0.extend_from_slice(buf);
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The same bytes as serde_json's pretty printer: nested and empty
    /// arrays and objects, escapes, numbers, and nesting past the
    /// constant's depth.
    #[test]
    fn prints_as_serde_json_pretty() {
        let mut deep = json!("leaf");
        for i in 0..(MAX_LEVEL + 5) {
            deep = if i % 2 == 0 { json!([deep, {}]) } else { json!({ "k": deep, "e": [] }) };
        }
        let cases = [
            json!(null),
            json!([]),
            json!({}),
            json!([[], {}, [[]], {"a": {}}]),
            json!({"text": "Kế hoạch \"số\" 12/KH\n\t\u{1}", "n": 1.5, "i": -3, "b": true, "z": null}),
            json!({"items": [{"id": "1.1", "children": [{"id": "2.1", "fields": {"lead": "Sở Nội vụ"}}]}]}),
            json!("a string of more than sixteen bytes, with ế and “quotes”"),
            deep,
        ];
        for value in &cases {
            assert_eq!(to_string_pretty(value).unwrap(), serde_json::to_string_pretty(value).unwrap(), "{value}");
        }
    }
}
