//! Bytes to text: UTF-8 (with or without a BOM), UTF-16 with a BOM, or a
//! legacy Vietnamese encoding (TCVN3, VNI, Windows-1258), in NFC with `\n`
//! line ends, within the bounds a plan's text keeps. The text and HTML
//! readers start here.

use crate::model::{record_notes, Block, Diagnostic, Level};
use crate::Code;
use kehoach_vi::repair::{Confidence, Note, NoteKind};
use unicode_normalization::UnicodeNormalization;

/// Why a text file could not be read.
#[derive(Debug)]
pub(crate) enum TextError {
    NotUtf8 {
        line: usize,
        offset: usize,
    },
    /// A line longer than [`MAX_LINE_BYTES`].
    LineTooLong {
        line: usize,
    },
    /// More table cells than [`MAX_CELLS`].
    TooManyCells,
}

/// Lines longer than this are not plan text: the file is refused.
pub(crate) const MAX_LINE_BYTES: usize = 4 << 20;
/// More tab- or pipe-separated cells than this in one file are refused.
pub(crate) const MAX_CELLS: usize = 2_000_000;

/// Decodes `bytes` as UTF-8 (a BOM is accepted), UTF-16 with a BOM, or a
/// legacy Vietnamese encoding, in NFC with `\n` line ends.
pub(crate) fn decode(bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Result<String, TextError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let legacy;
    // UTF-16 with a byte-order mark (Windows Notepad's "Unicode").
    let utf16 = match bytes {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    let text = match utf16.map(|e| e.decode_without_bom_handling(&bytes[2..]).0) {
        Some(wide) => {
            legacy = wide.into_owned();
            legacy.as_str()
        }
        None => match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                // Not UTF-8: a legacy Vietnamese encoding when one reads as
                // Vietnamese, else an error naming the first bad byte.
                let offset = e.valid_up_to();
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                let (encoding, decoded) =
                    crate::vietnamese::decode_legacy(bytes).ok_or(TextError::NotUtf8 { line, offset })?;
                diagnostics.push(Diagnostic::new(
                    Level::Info,
                    Code::LegacyEncoding,
                    format!(
                    "the file is not UTF-8 but {} Vietnamese (first non-UTF-8 byte on line {line}); it was converted \
                     to Unicode",
                    encoding.name()
                ),
                    None,
                ));
                legacy = decoded;
                legacy.as_str()
            }
        },
    };
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() };
    let mut cells = 0usize;
    for (index, line) in text.split('\n').enumerate() {
        if line.len() > MAX_LINE_BYTES {
            return Err(TextError::LineTooLong { line: index + 1 });
        }
        // A row with n separators has n + 1 cells.
        let separators = line.bytes().filter(|b| *b == b'\t' || *b == b'|').count();
        cells += if separators > 0 { separators + 1 } else { 0 };
        if cells > MAX_CELLS {
            return Err(TextError::TooManyCells);
        }
    }
    if crate::is_nfc(&text) {
        return Ok(text);
    }
    let nfc: String = text.nfc().collect();
    if nfc != text {
        diagnostics.push(Diagnostic::new(
            Level::Info,
            Code::UnicodeNfc,
            "the text was not in Unicode NFC (composed) form and was normalized to it",
            None,
        ));
    }
    Ok(nfc)
}

/// Re-reads, in place, the texts of office files and PDFs (whose text is
/// Unicode already) made of Latin-1 letters that read as Vietnamese only in
/// TCVN3 or VNI ("Céng hoµ", a ".VnTime" run), each recorded with the
/// original. This is reading, not repair: the extractor runs it before
/// anything looks at the text (`flag_unreadable_text`), and the repair
/// stage (`kehoach-repair`) then sees the decoded text.
pub(crate) fn decode_legacy(blocks: &mut [Block], diagnostics: &mut Vec<Diagnostic>) {
    for (text, location) in blocks.iter_mut().flat_map(Block::texts_mut) {
        let Some((encoding, unicode)) = crate::vietnamese::reread_legacy(text) else { continue };
        let original = std::mem::replace(text, unicode.clone());
        let note = Note::new(NoteKind::LegacyEncoding(encoding), original, unicode, Confidence::High);
        record_notes(vec![note], location, diagnostics);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_accepts_bom_and_normalizes() {
        let mut diags = Vec::new();
        let text = decode(b"\xEF\xBB\xBFa\r\nb", &mut diags).unwrap();
        assert_eq!(text, "a\nb");
        assert!(diags.is_empty());
        let text = decode("Vie\u{0302}\u{0323}t".as_bytes(), &mut diags).unwrap();
        assert_eq!(text, "Việt");
        assert_eq!(diags[0].code, Code::UnicodeNfc);
    }

    #[test]
    fn decode_rejects_other_encodings_with_the_line() {
        let mut diags = Vec::new();
        let err = decode(b"ok\n\x80\x81 abc \xfe\xff", &mut diags).unwrap_err();
        assert!(matches!(err, TextError::NotUtf8 { line: 2, offset: 3 }));
        // TCVN3 reads as Vietnamese: converted, and said so.
        let text = decode(b"ok\nC\xe9ng ho\xb5 x\xb7 h\xe9i", &mut diags).unwrap();
        assert_eq!(text, "ok\nCộng hoà xã hội");
        assert_eq!(diags[0].code, Code::LegacyEncoding);
        let long = format!("a\n{}\n", "x".repeat(MAX_LINE_BYTES + 1));
        assert!(matches!(decode(long.as_bytes(), &mut Vec::new()), Err(TextError::LineTooLong { line: 2 })));
        let wide = "\t".repeat(MAX_CELLS + 1);
        assert!(matches!(decode(wide.as_bytes(), &mut Vec::new()), Err(TextError::TooManyCells)));
    }
}
