//! The diagnostic codes: every kind of note the pipeline can leave, in one
//! list. The readers (this crate), the parser and the normalizer all use
//! this enum, so a code cannot be misspelt and tests match variants. The
//! serialized form is the kebab-case name (`numbering-gap`); the README's
//! table of codes and the JSON Schema are generated from this list and
//! checked against it by tests.

use serde::Serialize;

/// Declares [`Code`] with its kebab-case names, in one place: each code's
/// one-line doc comment is also its description in the README.
macro_rules! codes {
    ($( #[doc = $doc:literal] $variant:ident = $name:literal, )*) => {
        /// What a diagnostic is about, as a stable kebab-case code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
        #[serde(rename_all = "kebab-case")]
        #[non_exhaustive]
        pub enum Code {
            $( #[doc = $doc] $variant, )*
        }

        impl Code {
            /// Every code, in the order of this list (readers, parser,
            /// normalizer).
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The kebab-case name, as serialized (`numbering-gap`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Code::$variant => $name, )*
                }
            }

            /// What the code means, in one sentence.
            pub fn description(self) -> &'static str {
                match self {
                    $( Code::$variant => $doc.trim(), )*
                }
            }
        }
    };
}

codes! {
    // Readers (kehoach-extract).
    /// The text was not in Unicode NFC (composed) form and was normalized to it.
    UnicodeNfc = "unicode-nfc",
    /// NUL characters in the text were dropped (they never reach JSON, CSV or a workbook).
    NulDropped = "nul-dropped",
    /// Text in a legacy Vietnamese encoding or font (TCVN3, VNI, Windows-1258) was decoded to Unicode while reading: a whole text file, or a legacy-font run of an office or PDF file (with the original).
    LegacyEncoding = "legacy-encoding",
    /// A mechanical or dictionary text repair, with the original text.
    TextRepair = "text-repair",
    /// A word the corpus finds suspicious, flagged and left as printed.
    SuspectWord = "suspect-word",
    /// A hidden sheet of a workbook was read like the others.
    HiddenSheet = "hidden-sheet",
    /// Rows of a sheet that its author hid (not rows a filter hides) were left out, as they are not printed.
    HiddenRows = "hidden-rows",
    /// A sheet has more merged regions than kehoach uses; the rest were ignored.
    TooManyMerges = "too-many-merges",
    /// Content nested too deep (tables in tables, content controls) was skipped.
    NestingTooDeep = "nesting-too-deep",
    /// The document has no visible text.
    EmptyDocument = "empty-document",
    /// Paragraphs of a legacy Word (.doc) file read natively are in Word lists the file does not define readably: their text is kept without their numbers.
    ListNumbersMissing = "list-numbers-missing",
    /// A page was read by OCR (engine, word count, mean confidence).
    Ocr = "ocr",
    /// PDF pages with neither text nor image.
    PdfBlankPage = "pdf-blank-page",
    /// Scanned PDF pages left out because OCR is off.
    PdfNoTextLayer = "pdf-no-text-layer",
    /// Page numbers and running headers or footers left out of a PDF.
    PdfPageFurniture = "pdf-page-furniture",
    /// A PDF text layer that does not read as Vietnamese (a font without a usable Unicode map).
    PdfUnreadableText = "pdf-unreadable-text",
    // Parser (kehoach-parse).
    /// A table without a recognised header, kept as raw cells.
    TableUnrecognized = "table-unrecognized",
    /// A row above the table header, not part of the plan structure.
    RowBeforeHeader = "row-before-header",
    /// Header rows repeated at page breaks were dropped.
    RepeatedHeader = "repeated-header",
    /// A header under title rows inside a table's grid starts a new table.
    TableSplit = "table-split",
    /// A table's deadlines were read from a schedule's marks: each row's last period marked "x" under a time header (Quý I … Quý IV, months, years).
    ScheduleMarks = "schedule-marks",
    /// Text in the row-number column after a page break was taken as the rest of the item text.
    CellMoved = "cell-moved",
    /// An item or group number damaged by OCR was read as the number it is.
    NumberRepaired = "number-repaired",
    /// A row cut by a page break continues on the next page; its cells were joined.
    RowContinued = "row-continued",
    /// An item without a number.
    UnnumberedItem = "unnumbered-item",
    /// Text before the first number in a cell was appended to the previous item.
    TextBeforeNumber = "text-before-number",
    /// Items of a row could not be assigned to one parent with certainty.
    AmbiguousParent = "ambiguous-parent",
    /// A row with no item of its own, joined to the row above or skipped.
    RowWithoutItem = "row-without-item",
    /// A row with no item of its own is a sub-row of the item above.
    SubRow = "sub-row",
    /// An item number appears twice in the same scope.
    NumberingDuplicate = "numbering-duplicate",
    /// Item numbering skips numbers or does not start at 1.
    NumberingGap = "numbering-gap",
    /// An item number is smaller than the one before it.
    NumberingOrder = "numbering-order",
    // Normalizer (kehoach-normalize).
    /// Deadlines that leave out the year are read in the plan's year.
    PlanYear = "plan-year",
    /// A deadline without a structured reading, kept as printed.
    DeadlineUnparsed = "deadline-unparsed",
    /// An agency cell or piece that names no agency, kept as printed.
    AgencyUnrecognized = "agency-unrecognized",
    /// An assignment (unit, target value) without a structured reading, kept as printed.
    AssignmentUnparsed = "assignment-unparsed",
    /// An indicator value without a number, kept as printed.
    IndicatorUnparsed = "indicator-unparsed",
    /// A budget of unknown source, kept as printed.
    BudgetUnparsed = "budget-unparsed",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_are_the_serialized_kebab_case_names_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::Value::from(code.as_str()));
            assert!(seen.insert(code.as_str()), "{code} twice");
            assert!(!code.description().is_empty() && code.description().ends_with('.'), "{code}");
        }
        assert_eq!(Code::ALL.len(), 38);
    }
}
