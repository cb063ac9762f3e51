//! Group rows: Roman numerals, letters and numbered sub-groups, and group
//! numerals that OCR damaged.

use super::rows::Builder;
use crate::fields::Fields;
use crate::numbering::{group_mark, roman_value, split_items, to_roman};
use crate::plan::{Item, ItemKind};
use kehoach_extract::{Cell, Code, Diagnostic, Level, Location};

impl Builder<'_> {
    /// Recognises a group row (Roman numeral, letter, or a numbered
    /// sub-group "5.1" with a title and no fields) and opens it.
    pub(super) fn group_row(&mut self, cells: &[Cell], location: &Location) -> bool {
        let mark_col = self.roles.row_number.unwrap_or(0);
        let Some(mut mark) = group_mark(self.cell(cells, mark_col))
            .or_else(|| self.numbered_group(cells, mark_col))
            .or_else(|| self.damaged_roman(cells, mark_col))
        else {
            return self.unnumbered_group(cells, location);
        };
        // OCR reads a serifed "I" as "L" ("L", "LI", "LII" for I, II, III on
        // a bitonal scan): a numeral of 50 or more where the groups so far
        // come nowhere near it (none, or under XL) is "I" in place of its
        // "L". A lettered sub-group "L" after "K" stays a letter.
        let far = self.last_roman.is_none_or(|last| last < 40) && self.last_letter != Some('K');
        if far && mark.repaired_from.is_none() && !mark.lettered && mark.number.starts_with('L') {
            let fixed = format!("I{}", &mark.number[1..]);
            if roman_value(&fixed).is_some() {
                mark.repaired_from = Some(self.cell(cells, mark_col).trim().to_string());
                mark.printed = mark.printed.replacen(&mark.number, &fixed, 1);
                mark.number = fixed;
            }
        }
        // Under Roman group numerals, a capital letter out of the letters'
        // sequence ("H" for "II") or a numeral that repeats or goes back
        // while the next one starts with it ("II" for "III", "VI" for
        // "VII"), on a row titled in capitals, is the next numeral OCR
        // damaged.
        if let (Some(last), None, false) = (self.last_roman, &mark.repaired_from, mark.number.contains('.')) {
            let next = to_roman(last + 1);
            let out_of_sequence = if mark.lettered {
                let expected = self.last_letter.map_or(Some('A'), |l| char::from_u32(l as u32 + 1));
                self.letters_first != Some(true) && mark.number.chars().next() != expected
            } else {
                roman_value(&mark.number).is_some_and(|v| v <= last) && next.starts_with(mark.number.as_str())
            };
            if out_of_sequence && self.capitals_title(cells, mark_col).is_some() {
                mark.repaired_from = Some(self.cell(cells, mark_col).trim().to_string());
                mark.printed = mark.printed.replacen(&mark.number, &next, 1);
                mark.number = next;
                mark.lettered = false;
            }
        }
        // A numeral OCR damaged ("ï" for "III") takes its place in the
        // sequence of group numerals.
        if mark.repaired_from.is_some() && !mark.lettered && !mark.number.contains('.') {
            if let Some(last) = self.last_roman {
                if roman_value(&mark.number) != Some(last + 1) {
                    let next = to_roman(last + 1);
                    mark.printed = mark.printed.replacen(&mark.number, &next, 1);
                    mark.number = next;
                }
            }
        }
        let others: Vec<&Cell> = cells
            .iter()
            .enumerate()
            .filter(|(i, c)| *i != mark_col && !c.text.is_empty() && !figure(&c.text))
            .map(|(_, c)| c)
            .collect();
        let (title, title_cell) = match (&mark.title, others.as_slice()) {
            (Some(title), []) => (title.clone(), cells[mark_col].location.clone()),
            (None, [only]) => (only.text.clone(), only.location.clone()),
            // A title in capitals split over cells (OCR saw the rules of the
            // columns through a merged cell).
            (None, [first, ..]) => match self.capitals_title(cells, mark_col) {
                Some(title) => (title, first.location.clone()),
                None => return false,
            },
            _ => return false,
        };
        // A title that starts with an item number is a data row, not a group.
        if self.roles.levels.iter().any(|(_, _, m)| m.is_some_and(|m| !split_items(&title, m).items.is_empty())) {
            return false;
        }
        if let Some(original) = &mark.repaired_from {
            self.diags.push(Diagnostic::new(
                Level::Info,
                Code::NumberRepaired,
                format!("the group numeral {original:?} was read as {:?} (letters OCR reads for \"I\")", mark.printed),
                Some(cells[mark_col].location.clone()),
            ));
        }
        if !mark.lettered {
            if let Some(value) = roman_value(&mark.number) {
                self.last_roman = Some(value);
            }
            if self.letters_first != Some(true) {
                self.last_letter = None;
            }
        } else {
            self.last_letter = mark.number.chars().next();
            // Letter parts over Roman groups ("A" over I, II, III, then "B"
            // over I, II): each part numbers its groups afresh, so B's "I"
            // is no damaged "IV".
            if self.letters_first == Some(true) {
                self.last_roman = None;
            }
        }
        let dotted = mark.number.contains('.');
        let rank = if dotted {
            2 + mark.number.matches('.').count() as u8
        } else {
            let letters_first = *self.letters_first.get_or_insert(mark.lettered);
            u8::from(mark.lettered != letters_first)
        };
        let item = Item {
            kind: ItemKind::Group,
            id: Some(mark.printed),
            number: Some(mark.number),
            text: title,
            row_number: None,
            fields: Fields::default(),
            cells: vec![title_cell],
            rows: vec![location.clone()],
            children: Vec::new(),
        };
        while self.groups.last().is_some_and(|(r, _)| *r >= rank) {
            self.groups.pop();
        }
        let parent = self.groups.last().map(|(_, n)| *n);
        let node = self.push(item, None, parent);
        if parent.is_none() {
            self.roots.push(node);
        }
        self.groups.push((rank, node));
        self.current.iter_mut().for_each(|c| *c = None);
        true
    }

    /// A row whose one filled cell is a title of two words or more in
    /// capitals, with no number ("HẠ TẦNG SỐ" merged across the row), in a
    /// table with a row-number column and no group numerals before it: a
    /// group without a number (unseen4's appendix). Its tasks carry its
    /// title; the section number stays the table's.
    fn unnumbered_group(&mut self, cells: &[Cell], location: &Location) -> bool {
        let numbered_groups = self.last_roman.is_some()
            || self.letters_first.is_some()
            || self.groups.iter().any(|(_, n)| self.nodes[*n].item.number.is_some());
        if self.roles.row_number.is_none() || numbered_groups {
            return false;
        }
        let mut filled = cells.iter().filter(|c| !c.text.trim().is_empty() && !figure(&c.text));
        let (Some(cell), None) = (filled.next(), filled.next()) else { return false };
        let title = cell.text.trim();
        let mut letters = title.chars().filter(|c| c.is_alphabetic()).peekable();
        let capitals = letters.peek().is_some() && letters.all(char::is_uppercase);
        if !capitals || title.split_whitespace().count() < 2 || group_mark(title).is_some() {
            return false;
        }
        let item = Item {
            kind: ItemKind::Group,
            id: None,
            number: None,
            text: title.to_string(),
            row_number: None,
            fields: Fields::default(),
            cells: vec![cell.location.clone()],
            rows: vec![location.clone()],
            children: Vec::new(),
        };
        self.groups.clear();
        let node = self.push(item, None, None);
        self.roots.push(node);
        self.groups.push((0, node));
        self.current.iter_mut().for_each(|c| *c = None);
        true
    }

    /// "5.1 | Title" with no fields in a table of one item column: a
    /// numbered sub-group; so is "1 | Title" when later rows are numbered
    /// under it ("1.1", "1.2"), unless a Roman or lettered group is open:
    /// under "I. TITLE" the whole numbers are the tasks, and the rows
    /// numbered under one its activities (`Builder::activity_parent`).
    pub(super) fn numbered_group(&self, cells: &[Cell], mark_col: usize) -> Option<crate::numbering::GroupMark> {
        if self.roles.levels.len() != 1 || self.roles.row_number.is_none() {
            return None;
        }
        let tt = self.cell(cells, mark_col).trim();
        let number = tt.trim_end_matches('.');
        let dotted =
            number.contains('.') && number.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        let no_fields = self.roles.fields.iter().all(|(c, _)| self.cell(cells, *c).trim().is_empty());
        let parent = self.parents.contains(number) && !self.in_lettered_or_roman_group();
        // "1 | CẢI CÁCH THỂ CHẾ" over "1.1 | task" over "1.1.1 | activity":
        // under a whole-number group of its own and no Roman or lettered
        // one, a dotted row with rows numbered under it is a task with
        // activities, not a sub-group ("5.1 Thương mại" over "5.1.3" stays
        // one under a Roman group).
        let task_with_activities = dotted
            && self.dotted_parents.contains(number)
            && !self.in_lettered_or_roman_group()
            && number.rsplit_once('.').is_some_and(|(up, _)| {
                !up.contains('.')
                    && self.groups.last().is_some_and(|(_, n)| self.nodes[*n].item.number.as_deref() == Some(up))
            });
        ((dotted || parent) && no_fields && !task_with_activities).then(|| crate::numbering::GroupMark {
            printed: tt.to_string(),
            number: number.to_string(),
            lettered: false,
            title: None,
            repaired_from: None,
        })
    }

    /// Whether an open group is numbered with a Roman numeral or a letter.
    pub(super) fn in_lettered_or_roman_group(&self) -> bool {
        self.groups.iter().any(|(_, n)| {
            self.nodes[*n]
                .item
                .number
                .as_deref()
                .is_some_and(|number| !number.starts_with(|c: char| c.is_ascii_digit()))
        })
    }

    /// A row-number cell of one to four capital letters that is no numeral
    /// ("VH" for "VII"), or of up to three letters and digits OCR made of a
    /// numeral ("1H", "vn", "Hi!", "1" for "I" with no field filled), after Roman
    /// group numerals (or in a table that has them, for the first), in a
    /// row whose only other text is a title in capitals: a group numeral OCR
    /// damaged. Its number is settled by the sequence (see `group_row`).
    pub(super) fn damaged_roman(&self, cells: &[Cell], mark_col: usize) -> Option<crate::numbering::GroupMark> {
        let last = self.last_roman.or(self.roman_groups.then_some(0))?;
        let printed = self.cell(cells, mark_col).trim();
        let bare = printed.trim_end_matches(['.', ')', ':']);
        let count = bare.chars().count();
        let no_fields = self.roles.fields.iter().all(|(c, _)| *c == mark_col || self.cell(cells, *c).trim().is_empty());
        // "!" is a stroke of a numeral too ("Hi!" for "III" on a grey scan).
        let letters = (1..=4).contains(&count) && bare.chars().all(|c| c.is_uppercase())
            || (1..=3).contains(&count)
                && bare.chars().all(|c| c.is_alphanumeric() || c == '!')
                && (bare.chars().any(char::is_alphabetic) || no_fields);
        let title = self.capitals_title(cells, mark_col).is_some();
        (letters && title).then(|| crate::numbering::GroupMark {
            printed: to_roman(last + 1),
            number: to_roman(last + 1),
            lettered: false,
            title: None,
            repaired_from: Some(printed.to_string()),
        })
    }

    /// The row's text outside the mark column, joined, when there is some
    /// and all its letters are capitals (a group title); figures are no
    /// part of it (see `figure`).
    pub(super) fn capitals_title(&self, cells: &[Cell], mark_col: usize) -> Option<String> {
        let others: Vec<&str> = cells
            .iter()
            .enumerate()
            .filter(|(i, c)| *i != mark_col && !c.text.trim().is_empty() && !figure(&c.text))
            .map(|(_, c)| c.text.trim())
            .collect();
        let mut letters = others.iter().flat_map(|t| t.chars()).filter(|c| c.is_alphabetic()).peekable();
        (letters.peek().is_some() && letters.all(char::is_uppercase)).then(|| others.join(" "))
    }

    /// Records an item number read through OCR damage ("3,1." as "3.1.").
    pub(super) fn note_damaged_number(&mut self, numbered: &crate::numbering::Numbered, cell: &Location) {
        if let Some(original) = &numbered.damaged {
            self.diags.push(Diagnostic::new(
                Level::Info,
                Code::NumberRepaired,
                format!("the item number {original:?} was read as {:?} (OCR damage)", numbered.printed),
                Some(cell.clone()),
            ));
        }
    }
}

/// A cell that is a bare figure ("265,000,000", "1.250", "0"): on a group
/// row, the group's subtotal, which an office's workbook puts in the amount
/// column beside the title (unseen9: "I | CẢI CÁCH THỂ CHẾ | … |
/// 265,000,000"). It is no part of the group's title.
fn figure(text: &str) -> bool {
    let text = text.trim();
    text.starts_with(|c: char| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}'))
}
