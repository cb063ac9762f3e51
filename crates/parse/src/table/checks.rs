//! Checks on the finished rows and tree: items that cannot be placed with
//! certainty, and numbering gaps, repeats and disorder.

use super::rows::Builder;
use crate::numbering::sequence_value;
use crate::plan::{Item, ItemKind};
use kehoach_extract::{Code, Diagnostic, Level, Location};

impl Builder<'_> {
    /// Several items of one level in a cell, with children in the same row:
    /// the children hang under the last one, which may be wrong.
    pub(super) fn check_ambiguous_parents(&mut self, record_index: usize, created_per_level: &[usize]) {
        for (level, count) in created_per_level.iter().enumerate() {
            let has_children_below = created_per_level[level + 1..].iter().any(|c| *c > 0);
            if *count < 2 || !has_children_below {
                continue;
            }
            let items: Vec<usize> = self.records[record_index]
                .items
                .iter()
                .copied()
                .filter(|n| self.nodes[*n].level == Some(level))
                .collect();
            let names: Vec<String> = items.iter().map(|n| self.label(*n)).collect();
            let last = *items.last().expect("two or more");
            let children: Vec<String> = self.records[record_index]
                .items
                .iter()
                .copied()
                .filter(|n| self.nodes[*n].level == Some(level + 1))
                .map(|n| self.label(n))
                .collect();
            let kind = self.nodes[last].item.kind.name();
            let location = self.nodes[last].item.cells.first().cloned();
            self.diags.push(Diagnostic::new(
                Level::Warning,
                Code::AmbiguousParent,
                format!(
                    "one cell lists {kind}s {}; the items of the next column in that row ({}) cannot be assigned to one of them with certainty and are placed under the last, {}",
                    names.join(", "),
                    children.join(", "),
                    self.label(last)
                ),
                location,
            ));
        }
    }

    /// Reports gaps, repeats and reversals in each level's numbering. Numbers
    /// restart in every group and sub-group.
    pub(super) fn check_numbering(&mut self, table: usize) {
        let mut scopes: Vec<(String, Vec<usize>)> = Vec::new();
        let mut top_level: Vec<usize> = Vec::new();
        for &root in &self.roots {
            if self.nodes[root].item.kind == ItemKind::Group {
                let name = self.nodes[root].item.number.clone().unwrap_or_default();
                let mut direct = Vec::new();
                for &child in &self.nodes[root].children {
                    if self.nodes[child].item.kind == ItemKind::Group {
                        let sub = self.nodes[child].item.number.clone().unwrap_or_default();
                        scopes.push((format!("group {name}.{sub}"), self.descendants(child)));
                    } else {
                        direct.push(child);
                    }
                }
                let mut nodes = Vec::new();
                for d in direct {
                    nodes.push(d);
                    nodes.extend(self.descendants(d));
                }
                scopes.push((format!("group {name}"), nodes));
            } else {
                top_level.push(root);
                top_level.extend(self.descendants(root));
            }
        }
        if !top_level.is_empty() {
            scopes.push((format!("table {table}"), top_level));
        }
        // Numbers may restart in every group or run on across groups (1…11):
        // a group that starts where the one before stopped is in order.
        let mut carried: Vec<(Option<u32>, Option<u32>)> = vec![(None, None); self.roles.levels.len()];
        for (scope, nodes) in scopes {
            for (level, carry) in carried.iter_mut().enumerate() {
                let at_level: Vec<usize> =
                    nodes.iter().copied().filter(|n| self.nodes[*n].level == Some(level)).collect();
                let last = self.check_sequence(&scope, &at_level, carry.0, |item| item.number.clone());
                carry.0 = last.or(carry.0);
                if level == 0 {
                    let last =
                        self.check_sequence(&format!("{scope} (row-number column)"), &at_level, carry.1, |item| {
                            item.row_number.clone().filter(|r| !r.is_empty())
                        });
                    carry.1 = last.or(carry.1);
                }
            }
        }
    }

    /// Checks one scope's numbers; `run_on_from` is the last number of the
    /// scope before (a start right after it is not a gap). Returns the last
    /// number seen.
    pub(super) fn check_sequence(
        &mut self,
        scope: &str,
        nodes: &[usize],
        run_on_from: Option<u32>,
        number_of: impl Fn(&Item) -> Option<String>,
    ) -> Option<u32> {
        let mut previous: Option<(u32, String)> = None;
        let mut seen: Vec<(u32, Option<Location>)> = Vec::new();
        for &node in nodes {
            let item = &self.nodes[node].item;
            let Some(number) = number_of(item) else { continue };
            let Some(value) = sequence_value(&number) else { continue };
            let kind = item.kind.name();
            let location = item.cells.first().cloned();
            let first = seen.iter().find(|(v, _)| *v == value).map(|(_, l)| l.clone());
            let message = match (&previous, first) {
                (_, Some(first)) => {
                    let at = first.map_or_else(String::new, |l| format!(", first at {l}"));
                    Some((Code::NumberingDuplicate, format!("{kind} number {number} appears again in {scope}{at}")))
                }
                (None, None) if value > 1 && run_on_from.is_none_or(|last| value != last + 1) => {
                    Some((Code::NumberingGap, format!("{kind} numbering in {scope} starts at {number}, not at 1")))
                }
                (Some((prev, prev_number)), None) if value > prev + 1 => Some((
                    Code::NumberingGap,
                    format!(
                        "{kind} numbering in {scope} jumps from {prev_number} to {number} ({} missing)",
                        missing(prev_number, *prev, value)
                    ),
                )),
                (Some((prev, prev_number)), None) if value < *prev => {
                    Some((Code::NumberingOrder, format!("{kind} number {number} follows {prev_number} in {scope}")))
                }
                _ => None,
            };
            if let Some((code, message)) = message {
                self.diags.push(Diagnostic::new(Level::Warning, code, message, location.clone()));
            }
            seen.push((value, location));
            previous = Some((value, number));
        }
        previous.map(|(value, _)| value)
    }
}

fn missing(prev_number: &str, prev: u32, value: u32) -> String {
    let stem = prev_number.rsplit_once('.').map_or(String::new(), |(stem, _)| format!("{stem}."));
    let numbers: Vec<String> = (prev + 1..value).take(5).map(|v| format!("{stem}{v}")).collect();
    let more = if value - prev - 1 > 5 { ", …" } else { "" };
    format!("{}{more}", numbers.join(", "))
}
