//! Schedules printed as marks: a time header over one column per period
//! ("Thời gian thực hiện" over "Quý I | Quý II | Quý III | Quý IV", or
//! months, or years), each row marking the periods it runs in with "x".
//!
//! No cell of such a table states a deadline; the row's deadline is the
//! last period it marks ("Quý IV", with the year the time header prints or
//! the plan's one year). It is read into a deadline column of its own after
//! the grid's (its cells placed at the marked cell they come from), and the
//! period columns stay in each row's extra fields as printed, so no mark is
//! lost.

use crate::columns::fold;
use crate::fields::{Column, Field};
use kehoach_extract::Cell;

/// The period columns of a table and what they stand for.
#[derive(Debug)]
pub(super) struct Schedule {
    /// (grid column, the period's label: "Quý IV", "Tháng 12", "Năm 2041").
    periods: Vec<(usize, String)>,
    /// The year the time header prints or the plan's, for quarters and months.
    year: Option<i32>,
}

/// The time header's words that head a schedule's period columns.
const TIME_WORDS: [&str; 4] = ["thoi gian", "tien do", "lo trinh", "thoi han"];

/// Finds a schedule among the columns: two adjacent period columns or more
/// under one time header ("Thời gian thực hiện: Quý I", as a two-row header
/// is read), or three or more period columns with no header above them.
/// When one is found, its columns become extra columns and a deadline
/// column is added after the grid's, unless another column is the deadline
/// already. `plan_year` is the plan's one year, if its title gives one.
pub(super) fn find(columns: &mut Vec<Column>, plan_year: Option<i32>) -> Option<Schedule> {
    let mut best: Option<(usize, usize, String)> = None;
    let mut i = 0;
    while i < columns.len() {
        let (parent, _) = split_header(&columns[i].header);
        let mut j = i;
        while j < columns.len()
            && period_label(&columns[j].header).is_some()
            && split_header(&columns[j].header).0 == parent
        {
            j += 1;
        }
        let run = j - i;
        let timed = TIME_WORDS.iter().any(|w| crate::columns::has_words(&fold(parent), w));
        let schedule = (run >= 2 && timed) || (run >= 3 && parent.is_empty());
        if schedule && best.as_ref().is_none_or(|(a, b, _)| b - a < run) {
            best = Some((i, j, parent.to_string()));
        }
        i = j.max(i + 1);
    }
    let (from, to, parent) = best?;
    let periods: Vec<(usize, String)> =
        (from..to).filter_map(|c| Some((columns[c].index, period_label(&columns[c].header)?))).collect();
    let year = super::header_year(&parent).or(plan_year);
    let other_deadline = columns[..from].iter().chain(&columns[to..]).any(|c| c.field == Some(Field::Deadline));
    for column in &mut columns[from..to] {
        column.field = None;
        column.confidence = 0.0;
    }
    if !other_deadline {
        let index = columns.len();
        let header = if parent.is_empty() { "Thời gian thực hiện".to_string() } else { parent };
        columns.push(Column { index, header, field: Some(Field::Deadline), confidence: 1.0 });
    }
    (!other_deadline).then_some(Schedule { periods, year })
}

impl Schedule {
    /// The row's deadline cell: its last marked period, placed at the mark;
    /// an empty cell when it marks none.
    pub(super) fn deadline_cell(&self, cells: &[Cell]) -> Cell {
        let last = self.periods.iter().rev().find(|(c, _)| cells.get(*c).is_some_and(|cell| is_mark(&cell.text)));
        let Some((c, label)) = last else { return Cell::default() };
        let text = match self.year {
            Some(year) if !label.starts_with("Năm") => format!("{label}/{year}"),
            _ => label.clone(),
        };
        Cell { text, location: cells[*c].location.clone(), ..Cell::default() }
    }
}

/// The header's upper part and its lower part, as a two-row header is
/// read ("Thời gian thực hiện: Quý I"); ("", header) for a header of one row.
fn split_header(header: &str) -> (&str, &str) {
    header.rsplit_once(": ").unwrap_or(("", header))
}

/// The period a column's (lower) header names: "Quý I".."Quý IV" (or
/// "Quý 1"), "Tháng 1".."Tháng 12" (or "T1"), a year ("2041", "Năm 2041").
fn period_label(header: &str) -> Option<String> {
    let f = fold(split_header(header).1);
    let words: Vec<&str> = f.split(' ').collect();
    let roman = ["i", "ii", "iii", "iv"];
    match words.as_slice() {
        ["quy", q] => {
            let n = roman.iter().position(|r| r == q).map(|p| p + 1).or_else(|| q.parse::<usize>().ok())?;
            (1..=4).contains(&n).then(|| format!("Quý {}", ["I", "II", "III", "IV"][n - 1]))
        }
        ["thang", m] => month(m),
        [t] if t.starts_with('t') && t.len() <= 3 => month(&t[1..]),
        ["nam", y] | [y] if y.len() == 4 && (y.starts_with("20") || y.starts_with("19")) => {
            y.bytes().all(|b| b.is_ascii_digit()).then(|| format!("Năm {y}"))
        }
        _ => None,
    }
}

fn month(m: &str) -> Option<String> {
    let n: u32 = m.parse().ok()?;
    (1..=12).contains(&n).then(|| format!("Tháng {n}"))
}

/// Whether a cell holds a mark alone ("x", "X", "✓", "•", "+").
fn is_mark(text: &str) -> bool {
    let t = text.trim();
    let mut chars = t.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if "xX✓✔√•●■+*vV".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(index: usize, header: &str, field: Option<Field>) -> Column {
        Column { index, header: header.to_string(), field, confidence: 1.0 }
    }

    #[test]
    fn period_labels() {
        assert_eq!(period_label("Thời gian thực hiện: Quý III").as_deref(), Some("Quý III"));
        assert_eq!(period_label("Quý 4").as_deref(), Some("Quý IV"));
        assert_eq!(period_label("Tiến độ: Tháng 12").as_deref(), Some("Tháng 12"));
        assert_eq!(period_label("T3").as_deref(), Some("Tháng 3"));
        assert_eq!(period_label("Năm 2041").as_deref(), Some("Năm 2041"));
        assert_eq!(period_label("Quý V"), None);
        assert_eq!(period_label("Thời gian hoàn thành"), None);
        assert_eq!(period_label("Tổng"), None);
    }

    #[test]
    fn quarter_columns_under_a_time_header_give_the_last_marked_quarter() {
        let mut columns = vec![
            column(0, "STT", Some(Field::RowNumber)),
            column(1, "Nội dung", Some(Field::Task)),
            column(2, "Thời gian thực hiện: Quý I", Some(Field::Deadline)),
            column(3, "Thời gian thực hiện: Quý II", None),
            column(4, "Thời gian thực hiện: Quý III", None),
            column(5, "Thời gian thực hiện: Quý IV", None),
            column(6, "Ghi chú", Some(Field::Note)),
        ];
        let schedule = find(&mut columns, Some(2040)).expect("a schedule");
        assert_eq!(columns.len(), 8);
        assert_eq!(
            (columns[7].index, columns[7].field, columns[7].header.as_str()),
            (7, Some(Field::Deadline), "Thời gian thực hiện")
        );
        assert!(columns[2..6].iter().all(|c| c.field.is_none()));
        let cells: Vec<Cell> = ["1", "Rà soát", "x", "", "X", "", ""]
            .iter()
            .map(|t| Cell { text: t.to_string(), ..Cell::default() })
            .collect();
        assert_eq!(schedule.deadline_cell(&cells).text, "Quý III/2040");
        let none: Vec<Cell> = ["1", "Rà soát", "", "", "", "", "Ghi"]
            .iter()
            .map(|t| Cell { text: t.to_string(), ..Cell::default() })
            .collect();
        assert_eq!(schedule.deadline_cell(&none).text, "");
    }

    #[test]
    fn a_table_with_its_own_deadline_keeps_it() {
        let mut columns = vec![
            column(0, "Nội dung", Some(Field::Task)),
            column(1, "Thời gian hoàn thành", Some(Field::Deadline)),
            column(2, "Tiến độ: Quý I", None),
            column(3, "Tiến độ: Quý II", None),
        ];
        assert!(find(&mut columns, None).is_none());
        assert_eq!(columns.len(), 4);
        assert_eq!(columns[1].field, Some(Field::Deadline));
    }

    #[test]
    fn columns_of_figures_by_year_are_no_schedule() {
        // "Kinh phí: 2026 | 2027": figures under years, not a time header.
        let mut columns = vec![
            column(0, "Nội dung", Some(Field::Task)),
            column(1, "Kinh phí: 2026", Some(Field::Budget)),
            column(2, "Kinh phí: 2027", None),
        ];
        assert!(find(&mut columns, None).is_none());
        assert_eq!(columns[1].field, Some(Field::Budget));
    }
}
