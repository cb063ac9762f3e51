//! Pretty-printed JSON, byte for byte what `serde_json::to_string_pretty`
//! writes, by a serializer of our own that is cheaper per byte.
//!
//! serde_json escapes a string one byte at a time through a 256-entry
//! table, and its `Formatter` cannot take that loop over (the serializer
//! calls it directly): for an XLSX sample's canonical JSON that loop was 2.35
//! M instructions of ~33 M. Here a string is scanned eight bytes at a time
//! for the few bytes JSON requires escaped (`"`, `\` and controls below
//! U+0020), and runs of plain bytes are copied whole. Numbers are still
//! written by serde_json (its integer and float forms, `null` for a
//! non-finite float), so only the layout and the strings are ours; the
//! tests compare with serde_json's pretty printer.
//!
//! A new line and its indentation are one slice of a constant: a canonical
//! document nests items six or more levels deep.

use serde::ser::{self, Error as _, Serialize};
use serde_json::Error;

/// `value` as pretty-printed JSON (two-space indentation), as
/// `serde_json::to_string_pretty` prints it.
pub(crate) fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    // Room for as much as the thread's last document took: a batch's
    // documents are alike, and growing by doubling copied the output
    // three or four times.
    thread_local! {
        static LAST_LEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    let capacity = LAST_LEN.with(|last| last.get()).max(64 * 1024);
    let mut writer = Pretty { out: Vec::with_capacity(capacity), level: 0 };
    value.serialize(&mut writer)?;
    LAST_LEN.with(|last| last.set(writer.out.len() + writer.out.len() / 8));
    // SAFETY: the writer copies `str`s whole or cut only before or after an
    // ASCII byte it escapes, and writes only ASCII besides (punctuation,
    // indentation, escapes, serde_json's numbers). Checking the whole
    // output again cost seed 000 1.35 M instructions.
    Ok(unsafe { String::from_utf8_unchecked(writer.out) })
}

/// A new line and the indentation of up to [`MAX_LEVEL`] levels.
const NEWLINE_INDENT: &[u8; 1 + 2 * MAX_LEVEL] = &{
    let mut line = [b' '; 1 + 2 * MAX_LEVEL];
    line[0] = b'\n';
    line
};
const MAX_LEVEL: usize = 64;

/// The serializer: the output and the nesting level.
struct Pretty {
    out: Vec<u8>,
    level: usize,
}

impl Pretty {
    /// A new line indented to the current level.
    fn new_line(&mut self) {
        if self.level <= MAX_LEVEL {
            self.out.extend_from_slice(&NEWLINE_INDENT[..1 + 2 * self.level]);
        } else {
            self.out.push(b'\n');
            (0..self.level).for_each(|_| self.out.extend_from_slice(b"  "));
        }
    }

    /// serde_json's compact serializer over the same output, for numbers.
    fn numbers(&mut self) -> serde_json::Serializer<&mut Vec<u8>> {
        serde_json::Serializer::new(&mut self.out)
    }

    /// Opens an array or object of `len` elements (`open` is `[` or `{`);
    /// one known to be empty is closed at once, as serde_json does.
    fn open(&mut self, open: u8, close: u8, len: Option<usize>) -> Compound<'_> {
        self.out.push(open);
        if len == Some(0) {
            self.out.push(close);
            return Compound { ser: self, state: State::Empty, close, variant: false };
        }
        self.level += 1;
        Compound { ser: self, state: State::First, close, variant: false }
    }

    /// `{ "variant": ` of an enum variant with content, which
    /// [`Pretty::close_variant`] closes.
    fn open_variant(&mut self, variant: &str) {
        self.out.push(b'{');
        self.level += 1;
        self.new_line();
        write_str(&mut self.out, variant);
        self.out.extend_from_slice(b": ");
    }

    /// Closes what [`Pretty::open_variant`] opened.
    fn close_variant(&mut self) {
        self.level -= 1;
        self.new_line();
        self.out.push(b'}');
    }
}

/// Where an array or object is: closed already (known empty), before its
/// first element, or after one.
#[derive(PartialEq, Eq)]
enum State {
    Empty,
    First,
    Rest,
}

/// An open array or object.
struct Compound<'a> {
    ser: &'a mut Pretty,
    state: State,
    close: u8,
    /// The content of a variant: [`Compound::end`] closes the variant's
    /// object too.
    variant: bool,
}

impl Compound<'_> {
    /// The separator and new line before an element or key.
    fn next(&mut self) {
        if self.state == State::Rest {
            self.ser.out.push(b',');
        }
        self.state = State::Rest;
        self.ser.new_line();
    }

    /// Closes the array or object (one closed at once stays closed), and
    /// the variant around it.
    fn end(self) -> Result<(), Error> {
        match self.state {
            State::Empty => {}
            State::First => {
                self.ser.level -= 1;
                self.ser.out.push(self.close);
            }
            State::Rest => {
                self.ser.level -= 1;
                self.ser.new_line();
                self.ser.out.push(self.close);
            }
        }
        if self.variant {
            self.ser.close_variant();
        }
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.next();
        value.serialize(&mut *self.ser)
    }

    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.next();
        key.serialize(MapKey { ser: self.ser })
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.ser.out.extend_from_slice(b": ");
        value.serialize(&mut *self.ser)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.next();
        write_str(&mut self.ser.out, key);
        self.value(value)
    }
}

/// Which bytes JSON requires escaped, and how: `u` for `\u00XX`, else the
/// letter after the backslash; 0 for a byte copied as is.
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Whether any of the eight bytes of `word` is below 0x20, `"` or `\`.
#[inline]
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below n (n ≤ 0x80) sets its high bit in (x - n) & !x; a zero
    // byte of x ^ c is a byte equal to c. Exact as an "any" test.
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    (below(word, 0x20) | below(word ^ (ONES * b'"' as u64), 1) | below(word ^ (ONES * b'\\' as u64), 1)) != 0
}

/// `s` as a JSON string, escaped as serde_json escapes it.
fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let len = bytes.len();
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
    out.reserve(len + 2);
    out.push(b'"');
    // Bytes before `start` are written; bytes before `i` are checked.
    let mut start = 0;
    let mut i = 0;
    loop {
        while i + 8 <= len && !needs_escape(word(i)) {
            i += 8;
        }
        let end = if i + 8 <= len {
            i + 8
        } else {
            // The last bytes: checked as one word that ends at the end (it
            // overlaps bytes checked already), or padded with spaces.
            let clean = if len >= 8 {
                !needs_escape(word(len - 8))
            } else {
                let mut padded = [b' '; 8];
                padded[..len].copy_from_slice(bytes);
                !needs_escape(u64::from_le_bytes(padded))
            };
            if clean {
                break;
            }
            len
        };
        // A word with a byte to escape, or the last bytes: byte by byte.
        while i < end {
            let b = bytes[i];
            let escape = ESCAPE[b as usize];
            i += 1;
            if escape == 0 {
                continue;
            }
            out.extend_from_slice(&bytes[start..i - 1]);
            if escape == b'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(b >> 4) as usize], HEX[(b & 0xf) as usize]]);
            } else {
                out.extend_from_slice(&[b'\\', escape]);
            }
            start = i;
        }
        if i >= len {
            break;
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

impl<'a> ser::Serializer for &'a mut Pretty {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        ser::Serializer::serialize_i8(&mut self.numbers(), v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        ser::Serializer::serialize_i16(&mut self.numbers(), v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        ser::Serializer::serialize_i32(&mut self.numbers(), v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        ser::Serializer::serialize_i64(&mut self.numbers(), v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        ser::Serializer::serialize_i128(&mut self.numbers(), v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        ser::Serializer::serialize_u8(&mut self.numbers(), v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        ser::Serializer::serialize_u16(&mut self.numbers(), v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        ser::Serializer::serialize_u32(&mut self.numbers(), v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        ser::Serializer::serialize_u64(&mut self.numbers(), v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        ser::Serializer::serialize_u128(&mut self.numbers(), v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        ser::Serializer::serialize_f32(&mut self.numbers(), v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        ser::Serializer::serialize_f64(&mut self.numbers(), v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(&mut self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(&mut self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        v.iter().try_for_each(|b| seq.serialize_element(b))?;
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.close_variant();
        Ok(())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open(b'[', b']', len))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.open_variant(variant);
        Ok(Compound { variant: true, ..self.open(b'[', b']', Some(len)) })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open(b'{', b'}', len))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.open_variant(variant);
        Ok(Compound { variant: true, ..self.open(b'{', b'}', Some(len)) })
    }
}

/// The compound traits whose elements or fields go through one
/// [`Compound`] method each, ended by [`Compound::end`].
macro_rules! compound {
    ($($trait:ident :: $method:ident ($($key:ident: $key_type:ty,)?) => $call:ident;)*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, $($key: $key_type,)? value: &T) -> Result<(), Error> {
                self.$call($($key,)? value)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

compound! {
    SerializeSeq::serialize_element() => element;
    SerializeTuple::serialize_element() => element;
    SerializeTupleStruct::serialize_field() => element;
    SerializeTupleVariant::serialize_field() => element;
    SerializeStruct::serialize_field(key: &'static str,) => field;
    SerializeStructVariant::serialize_field(key: &'static str,) => field;
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.value(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

/// A map key: a string, or a number or bool written as one, as serde_json
/// writes keys; anything else is refused with serde_json's message.
struct MapKey<'a> {
    ser: &'a mut Pretty,
}

impl MapKey<'_> {
    /// `v` as serde_json's compact form, in quotes.
    fn quoted(self, write: impl FnOnce(&mut Pretty) -> Result<(), Error>) -> Result<(), Error> {
        self.ser.out.push(b'"');
        write(self.ser)?;
        self.ser.out.push(b'"');
        Ok(())
    }
}

fn key_must_be_a_string() -> Error {
    Error::custom("key must be a string")
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(&mut self.ser.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(|ser| ser::Serializer::serialize_bool(ser, v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.quoted(|ser| ser::Serializer::serialize_i8(ser, v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.quoted(|ser| ser::Serializer::serialize_i16(ser, v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.quoted(|ser| ser::Serializer::serialize_i32(ser, v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.quoted(|ser| ser::Serializer::serialize_i64(ser, v))
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.quoted(|ser| ser::Serializer::serialize_i128(ser, v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.quoted(|ser| ser::Serializer::serialize_u8(ser, v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.quoted(|ser| ser::Serializer::serialize_u16(ser, v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.quoted(|ser| ser::Serializer::serialize_u32(ser, v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.quoted(|ser| ser::Serializer::serialize_u64(ser, v))
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.quoted(|ser| ser::Serializer::serialize_u128(ser, v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(Error::custom("float key must be finite (got NaN or +/-inf)"));
        }
        self.quoted(|ser| ser::Serializer::serialize_f32(ser, v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(Error::custom("float key must be finite (got NaN or +/-inf)"));
        }
        self.quoted(|ser| ser::Serializer::serialize_f64(ser, v))
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn same<T: Serialize + ?Sized + std::fmt::Debug>(value: &T) {
        assert_eq!(to_string_pretty(value).unwrap(), serde_json::to_string_pretty(value).unwrap(), "{value:?}");
    }

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
            json!([1e300, -0.0, 0.1, u64::MAX, i64::MIN, 1.0e-7]),
            deep,
        ];
        for value in &cases {
            same(value);
        }
    }

    /// Every byte that can stand in a string, at every offset of the
    /// eight-byte scan (before, inside and after a word, and at the end),
    /// escaped as serde_json escapes it.
    #[test]
    fn escapes_as_serde_json() {
        let mut chars: Vec<char> = (0u8..0x80).map(char::from).collect();
        chars.extend(['\u{7f}', '\u{80}', 'é', 'ế', '\u{2028}', '\u{feff}', '😀']);
        for c in chars {
            for before in 0..17 {
                for after in [0, 1, 7, 8, 9] {
                    let s = format!("{}{c}{}", "a".repeat(before), "ư".repeat(after));
                    assert_eq!(to_string_pretty(&s).unwrap(), serde_json::to_string(&s).unwrap(), "{s:?}");
                }
            }
        }
        same("\"\\\"\\\u{0}\u{1f} \u{8}\u{9}\u{a}\u{c}\u{d}\u{b}");
    }

    /// The shapes serde's derive and the standard types produce: enums of
    /// every kind, options, tuples, maps with string, number and bool keys,
    /// structs with skipped fields, internally tagged enums.
    #[test]
    fn serde_shapes_as_serde_json() {
        #[derive(serde::Serialize, Debug)]
        enum E {
            Unit,
            New(u8),
            Tuple(u8, String),
            Struct { a: Option<f32>, b: Vec<u8> },
            EmptyStruct {},
            EmptyTuple(),
        }
        #[derive(serde::Serialize, Debug)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        enum Tagged {
            One { x: u8 },
            Two,
        }
        #[derive(serde::Serialize, Debug)]
        struct S {
            #[serde(skip_serializing_if = "Option::is_none")]
            skipped: Option<String>,
            unit: (),
            c: char,
            pair: (u8, &'static str),
            f: f32,
            nan: f64,
            e: Vec<E>,
            t: Vec<Tagged>,
            bytes: serde_bytes_like::Bytes,
        }
        mod serde_bytes_like {
            /// Serialized with `serialize_bytes`.
            #[derive(Debug)]
            pub struct Bytes(pub Vec<u8>);
            impl serde::Serialize for Bytes {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_bytes(&self.0)
                }
            }
        }
        let s = S {
            skipped: None,
            unit: (),
            c: '"',
            pair: (7, "x"),
            f: 0.3,
            nan: f64::NAN,
            e: vec![
                E::Unit,
                E::New(1),
                E::Tuple(2, "ba".into()),
                E::Struct { a: Some(1.5), b: vec![] },
                E::Struct { a: None, b: vec![1, 2] },
                E::EmptyStruct {},
                E::EmptyTuple(),
            ],
            t: vec![Tagged::One { x: 3 }, Tagged::Two],
            bytes: serde_bytes_like::Bytes(vec![0, 255]),
        };
        same(&s);
        same(&E::New(4));
        same(&E::EmptyStruct {});
        let mut strings = BTreeMap::new();
        strings.insert("k\"ey\n".to_string(), vec![Some(1), None]);
        strings.insert(String::new(), vec![]);
        same(&strings);
        let numbers: BTreeMap<i32, bool> = [(-1, true), (10, false)].into_iter().collect();
        same(&numbers);
        let bools: BTreeMap<bool, ()> = [(true, ())].into_iter().collect();
        same(&bools);
        let empty: BTreeMap<String, u8> = BTreeMap::new();
        same(&empty);
        let bad: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
        assert_eq!(
            to_string_pretty(&bad).unwrap_err().to_string(),
            serde_json::to_string_pretty(&bad).unwrap_err().to_string()
        );
    }
}
