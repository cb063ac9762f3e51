//! CSV and other delimited text (an office program's export of one sheet)
//! into the one [`Sheet`] a workbook of one sheet gives, so that a table
//! exported as CSV reads as its workbook's sheet does.
//!
//! The text is decoded as text files are (`decode`: UTF-8 with or without
//! a byte-order mark, UTF-16 with one, or a legacy Vietnamese encoding;
//! Excel on a Vietnamese-locale Windows writes Windows-1258, with letters
//! that have no code of their own stored decomposed, which NFC composes).
//! The delimiter is the one of `,`, `;`, tab and `|` that splits the first
//! rows most evenly into two or more fields (Excel writes the locale's
//! list separator: ";" where the decimal separator is ","). Fields follow
//! RFC 4180: a quoted field may hold the delimiter, line breaks and
//! doubled quotes. A CSV has no merged cells, hidden rows or styles:
//! values are the text the exporting program printed.

use super::{Cells, Sheet, MAX_CELLS};
use crate::docx::clean_text;
use crate::error::SheetError;
use std::collections::BTreeSet;

/// More rows than this (Excel's own limit) is refused.
pub(super) const MAX_ROWS: usize = 1_048_576;
/// More fields in one row than this (Excel's own limit) is refused.
pub(super) const MAX_COLUMNS: usize = 16_384;
/// The delimiters tried, in the order that wins a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// Rows looked at to choose the delimiter.
const SAMPLE_ROWS: usize = 200;

/// The one sheet of delimited `text` (already decoded), named `name`.
pub(super) fn sheet(name: &str, text: &str) -> Result<Sheet, SheetError> {
    let delimiter = delimiter(text);
    let mut cells = Cells::new();
    let mut record = csv::ByteRecord::new();
    let mut reader = reader(text, delimiter);
    let mut row = 0usize;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // Read from memory as bytes: only an I/O error is possible, and
            // a slice gives none; worded all the same.
            Err(e) => return Err(SheetError::Malformed(e.to_string())),
        }
        if row >= MAX_ROWS {
            return Err(SheetError::TooManyRows { limit: MAX_ROWS });
        }
        if record.len() > MAX_COLUMNS {
            return Err(SheetError::TooManyColumns { row: row + 1, limit: MAX_COLUMNS });
        }
        for (col, field) in record.iter().enumerate() {
            let text = clean_text(&String::from_utf8_lossy(field));
            if !text.is_empty() {
                cells.insert((row as u32, col as u32), text);
                if cells.len() > MAX_CELLS {
                    return Err(SheetError::SheetTooBig { sheet: name.to_string(), limit: MAX_CELLS });
                }
            }
        }
        row += 1;
    }
    Ok(Sheet { name: name.to_string(), cells, merges: Vec::new(), hidden: false, hidden_rows: BTreeSet::new() })
}

/// Whether the start of a UTF-16 text (`head`, decoded) is a sheet saved
/// as Excel's "Unicode Text" (a `.txt`): at least three rows, and four in
/// five of them (the last one, perhaps cut, aside) split by tabs into the
/// same number of fields, two or more. A text typed with tab-separated
/// rows among paragraphs stays with the text reader.
pub(crate) fn is_tab_sheet(head: &str) -> bool {
    let mut counts = field_counts(head, b'\t');
    counts.pop();
    let rows = counts.len();
    let (_, often) = most_common(counts);
    rows >= 3 && often * 5 >= rows * 4
}

/// How many fields each of the first rows of `text` splits into by `delimiter`.
fn field_counts(text: &str, delimiter: u8) -> Vec<usize> {
    let mut counts = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut reader = reader(text, delimiter);
    while counts.len() < SAMPLE_ROWS && matches!(reader.read_byte_record(&mut record), Ok(true)) {
        counts.push(record.len());
    }
    counts
}

/// The most frequent field count of two or more (the larger on a tie),
/// and how often it stands; `(0, 0)` when no row has two fields.
fn most_common(mut counts: Vec<usize>) -> (usize, usize) {
    counts.sort_unstable();
    let (mut mode, mut often) = (0usize, 0usize);
    for run in counts.chunk_by(|a, b| a == b) {
        if run[0] >= 2 && run.len() >= often {
            (mode, often) = (run[0], run.len());
        }
    }
    (mode, often)
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .double_quote(true)
        .quoting(true)
        .from_reader(text.as_bytes())
}

/// The delimiter that splits the first rows into the same number of
/// fields (two or more) most often; `,` when none splits them.
fn delimiter(text: &str) -> u8 {
    let mut best = (0usize, 0usize, b',');
    for delimiter in DELIMITERS {
        let (mode, often) = most_common(field_counts(text, delimiter));
        if (often, mode) > (best.0, best.1) {
            best = (often, mode, delimiter);
        }
    }
    best.2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;
    use crate::{read_bytes_with, Options};

    fn cells(text: &str) -> Vec<((u32, u32), String)> {
        sheet("s", text).expect("reads").cells.into_iter().collect()
    }

    fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(path))
            .expect("the fixture")
    }

    /// The delimiter is the one that splits the rows evenly; quoted fields
    /// keep delimiters, line breaks and doubled quotes (RFC 4180).
    #[test]
    fn delimiter_and_quotes() {
        let comma = "TT,Nhiệm vụ,Thời gian\n1,\"Rà soát; cập nhật\",\"12/2034\"\n2,\"Tập huấn, \"\"số\"\"\nhai dòng\",Quý III\n";
        assert_eq!(delimiter(comma), b',');
        let got = cells(comma);
        assert!(got.contains(&((1, 1), "Rà soát; cập nhật".into())), "{got:?}");
        assert!(got.contains(&((2, 1), "Tập huấn, \"số\"\nhai dòng".into())), "{got:?}");
        assert!(got.contains(&((2, 2), "Quý III".into())), "{got:?}");
        // Excel on a Vietnamese locale: ";" with commas in the text and
        // decimal commas in the numbers.
        let semicolon = "TT;Nhiệm vụ;Kinh phí\n1;Các sở, ban, ngành;1,5\n2;Sở Nội vụ, Sở Tư pháp;120.000.000\n";
        assert_eq!(delimiter(semicolon), b';');
        assert!(cells(semicolon).contains(&((1, 2), "1,5".into())));
        assert_eq!(delimiter("a\tb, c\td\n1\t2, 3\t4\n"), b'\t');
        assert_eq!(delimiter("a|b|c\n1|2|3\n"), b'|');
        // One column: no delimiter splits it.
        assert_eq!(cells("Kế hoạch\nnăm 2034\n"), vec![((0, 0), "Kế hoạch".into()), ((1, 0), "năm 2034".into())]);
    }

    /// Excel's "Unicode Text" is told from a UTF-16 text with a tab table
    /// among paragraphs.
    #[test]
    fn tab_sheets() {
        assert!(is_tab_sheet("TT\tNhiệm vụ\tGhi chú\n1\t\"a\nb\"\t\n2\tc\t\n3\td\t\n4\te"));
        assert!(!is_tab_sheet("KẾ HOẠCH\nCải cách hành chính năm 2034\n1\ta\tb\n2\tc\td\nNơi nhận:\n- Bộ Nội vụ;\n"));
        assert!(!is_tab_sheet("a\tb\nc\td"), "two rows are too few");
    }

    /// The four forms of unseen9's plan sheet (LibreOffice's UTF-8 CSV,
    /// Excel's Windows-1258 ";" CSV with decomposed tones, Excel's CSV
    /// UTF-8 with a BOM, Excel's UTF-16 "Unicode Text") give the same
    /// blocks but for the sheet's name.
    #[test]
    fn the_forms_of_one_sheet_read_alike() {
        let blocks = |path: &str| {
            let name = path.rsplit('/').next().unwrap();
            let doc = read_bytes_with(name, &fixture(path), Options::default()).expect("reads");
            assert_eq!(doc.source.format, Format::Csv, "{path}");
            let json = serde_json::to_string(&doc.blocks).unwrap();
            json.replace(&format!("\"sheet\":{:?}", name.rsplit_once('.').unwrap().0), "")
        };
        let lo = blocks("unseen9/unseen9-2034.csv");
        assert!(lo.contains("\"12/2034\"") && lo.contains("CẢI CÁCH THỦ TỤC HÀNH CHÍNH"), "{lo}");
        // The numbers as a Vietnamese locale groups them ("120.000.000").
        let chars: Vec<char> = lo.chars().collect();
        let grouped: String = (0..chars.len())
            .map(|k| {
                let digit = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(char::is_ascii_digit);
                if chars[k] == ',' && digit(k.checked_sub(1)) && digit(Some(k + 1)) {
                    '.'
                } else {
                    chars[k]
                }
            })
            .collect();
        assert!(grouped.contains("\"120.000.000\""));
        assert_eq!(blocks("unseen9/unseen9-2034.excel-vn.csv"), grouped);
        for form in ["excel-utf8.csv", "unicode.txt"] {
            assert_eq!(blocks(&format!("unseen9/unseen9-2034.{form}")), lo, "{form}");
        }
    }

    /// Bounds give an error, never a panic; cut or changed bytes of a real
    /// CSV read or fail with a reason.
    #[test]
    fn bounds_and_damaged_bytes() {
        let wide = "x,".repeat(MAX_COLUMNS + 1);
        assert!(matches!(sheet("s", &wide), Err(SheetError::TooManyColumns { row: 1, .. })));
        let bytes = fixture("unseen9/unseen9-2034.excel-vn.csv");
        for k in 0..200 {
            let mut changed = bytes[..bytes.len() * k / 200].to_vec();
            let at = (k * 7919) % bytes.len();
            if at < changed.len() {
                changed[at] = [b'"', b';', b'\n', b'\r', 0xFF, b',', 0x80, b'\t'][k % 8];
            }
            let _ = read_bytes_with("x.csv", &changed, Options::default());
        }
        // An unclosed quote runs to the end as one field.
        assert_eq!(cells("a,\"b\nc,d").len(), 2);
    }
}
