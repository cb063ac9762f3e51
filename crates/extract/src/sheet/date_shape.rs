//! How a spreadsheet date is printed: as its number format shows it.
//!
//! Readers that get a date as a number (XLSX, XLS) take the [`Shape`] of
//! the cell's number format (`xlsx.rs` from `styles.xml`, `xls_rows.rs`
//! from the FORMAT and XF records), so that a deadline formatted "mm/yyyy"
//! reads "12/2034", as the printed sheet shows it, not "31/12/2034" with a
//! day nobody wrote. ODS and CSV carry the printed text itself.

/// What a date format shows of a date: which of day, month and year, and
/// whether a time. A cell is printed as its format shows it, so that an
/// "mm/yyyy" deadline reads "12/2034", not a day the sheet never printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Shape {
    day: bool,
    month: bool,
    year: bool,
    time: bool,
}

impl Shape {
    /// Day, month, year and time: how a date reads when its format is not
    /// known (the time only when there is one).
    pub(crate) const FULL: Shape = Shape { day: true, month: true, year: true, time: true };
    const DATE: Shape = Shape { time: false, ..Shape::FULL };
    const TIME: Shape = Shape { day: false, month: false, year: false, time: true };

    /// The shape of a built-in number format (the ids calamine counts as
    /// dates or times): 14 is the locale's short date, 16 "d-mmm", 17
    /// "mmm-yy", 18–21 and 45 times, 22 date and time.
    pub(crate) fn builtin(id: u16) -> Shape {
        match id {
            14 | 15 => Shape::DATE,
            16 => Shape { year: false, ..Shape::DATE },
            17 => Shape { day: false, ..Shape::DATE },
            18..=21 | 45 | 47 => Shape::TIME,
            _ => Shape::FULL,
        }
    }

    /// The shape of a format code's first section: its date and time
    /// letters outside quotes, escapes and brackets; an `m` next to an
    /// hour or before seconds is minutes. A code with no date or time
    /// letter is [`Shape::FULL`].
    pub(crate) fn of_code(code: &str) -> Shape {
        let mut letters: Vec<char> = Vec::new();
        let mut chars = code.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                ';' => break,
                '"' => {
                    for q in chars.by_ref() {
                        if q == '"' {
                            break;
                        }
                    }
                }
                '\\' | '_' | '*' => {
                    chars.next();
                }
                '[' => {
                    for q in chars.by_ref() {
                        if q == ']' {
                            break;
                        }
                    }
                }
                // AM/PM and A/P mark a time.
                'a' | 'A' => {
                    let rest: String = chars.clone().take(4).collect();
                    if rest.to_ascii_uppercase().starts_with("M/PM") || rest.to_ascii_uppercase().starts_with("/P") {
                        letters.push('h');
                    }
                }
                _ => {
                    let c = c.to_ascii_lowercase();
                    if matches!(c, 'd' | 'm' | 'y' | 'h' | 's') && letters.last() != Some(&c) {
                        letters.push(c);
                    }
                }
            }
        }
        let mut shape = Shape { day: false, month: false, year: false, time: false };
        for (k, c) in letters.iter().enumerate() {
            match c {
                'd' => shape.day = true,
                'y' => shape.year = true,
                'h' | 's' => shape.time = true,
                _ => {
                    // 'm': minutes after an hour or before seconds.
                    let after_hour = k > 0 && letters[k - 1] == 'h';
                    let before_seconds = letters.get(k + 1) == Some(&'s');
                    if after_hour || before_seconds {
                        shape.time = true;
                    } else {
                        shape.month = true;
                    }
                }
            }
        }
        if shape == (Shape { day: false, month: false, year: false, time: false }) {
            Shape::FULL
        } else {
            shape
        }
    }

    /// The text of a date and time as this shape shows it.
    pub(crate) fn render(self, dt: chrono::NaiveDateTime, serial: f64) -> String {
        use chrono::{Datelike, Timelike};
        let time = format!("{:02}:{:02}", dt.hour(), dt.minute());
        let date = match (self.day, self.month, self.year) {
            (false, true, true) => format!("{:02}/{}", dt.month(), dt.year()),
            (false, false, true) => dt.year().to_string(),
            (true, true, false) => format!("{:02}/{:02}", dt.day(), dt.month()),
            (false, false, false) => return time,
            _ => format!("{:02}/{:02}/{}", dt.day(), dt.month(), dt.year()),
        };
        if self.time && serial < 1.0 {
            time
        } else if !self.time || time == "00:00" {
            date
        } else {
            format!("{date} {time}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(code: &str, serial: f64) -> String {
        let d = calamine::ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, false);
        Shape::of_code(code).render(d.as_datetime().unwrap(), serial)
    }

    /// Each format shows what its letters say: month and year "12/2034"
    /// (unseen9's deadline), a year, day and month, a time; a date format
    /// without a time leaves the time out.
    #[test]
    fn dates_as_their_format_shows_them() {
        let december = 50_740.0; // 1 December 2038
        let noon = december + 0.5;
        assert_eq!(shown("dd/mm/yyyy", december), "01/12/2038");
        assert_eq!(shown("mm/yyyy", december), "12/2038");
        assert_eq!(shown("MM/YYYY;@", december), "12/2038");
        assert_eq!(shown("[$-42A]mmmm yyyy", december), "12/2038");
        assert_eq!(shown("\"Năm\" yyyy", december), "2038");
        assert_eq!(shown("d/m", december), "01/12");
        assert_eq!(shown("dd/mm/yyyy", noon), "01/12/2038", "the time left out");
        assert_eq!(shown("dd/mm/yyyy hh:mm", noon), "01/12/2038 12:00");
        assert_eq!(shown("h:mm AM/PM", noon), "12:00");
        assert_eq!(shown("mm:ss", 0.25), "06:00", "minutes, not a month");
        assert_eq!(Shape::of_code("General"), Shape::FULL);
        assert_eq!(Shape::builtin(17), Shape::of_code("mmm-yy"));
        assert_eq!(Shape::builtin(14), Shape::of_code("dd/mm/yyyy"));
        assert_eq!(Shape::builtin(22), Shape::of_code("m/d/yy h:mm"));
    }
}
