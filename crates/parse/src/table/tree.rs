//! The item tree: placing each new item under its parent, and taking the
//! finished tree out of the builder.

use super::rows::{Builder, Node};
use super::short;
use crate::fields::Fields;
use crate::plan::{Item, ItemKind, Join};
use kehoach_extract::{Code, Diagnostic, Level, Location};

impl Builder<'_> {
    pub(super) fn push(&mut self, item: Item, level: Option<usize>, parent: Option<usize>) -> usize {
        let index = self.nodes.len();
        self.nodes.push(Node { item, children: Vec::new(), level });
        if let Some(parent) = parent {
            self.nodes[parent].children.push(index);
        }
        index
    }

    /// The node new items of `level` hang under.
    pub(super) fn parent_for(&self, level: usize) -> Option<usize> {
        self.current[..level].iter().rev().flatten().next().copied().or(self.groups.last().map(|(_, n)| *n))
    }

    pub(super) fn new_item(
        &mut self,
        level: usize,
        id: Option<(String, String)>,
        text: String,
        cell: Location,
    ) -> usize {
        let (_, kind, _) = self.roles.levels[level];
        let (id, number) = match id {
            Some((printed, number)) => (Some(printed), Some(number)),
            None => (None, None),
        };
        let item = bare_item(kind, id, number, text, cell);
        let parent = self.parent_for(level);
        let node = self.push(item, Some(level), parent);
        if parent.is_none() {
            self.roots.push(node);
        }
        self.current[level] = Some(node);
        for deeper in &mut self.current[level + 1..] {
            *deeper = None;
        }
        node
    }

    /// Appends `text` to the item's text (`cut`: the rest of its cell, cut
    /// by a page break; the join is recorded).
    pub(super) fn append_text(&mut self, node: usize, text: &str, cell: Location, cut: bool) {
        if self.nodes[node].item.text.is_empty() {
            self.nodes[node].item.text = text.to_string();
        } else {
            let before = std::mem::take(&mut self.nodes[node].item.text);
            self.nodes[node].item.text = self.join_text(&before, text, cut, &cell);
        }
        let item = &mut self.nodes[node].item;
        if !item.cells.contains(&cell) {
            item.cells.push(cell);
        }
    }

    /// A cut row read whole puts the items of the level below under the
    /// last item of `level` in the row (see `check_ambiguous_parents`); so
    /// when its continuation adds an item of `level`, the row's items of the
    /// level below that hang under an item of this row move to it, as they
    /// would if the page had not cut the row.
    pub(super) fn adopt_row_children(&mut self, record: usize, level: usize, new_parent: usize) {
        let row_items = self.records[record].items.clone();
        let parents: Vec<usize> =
            row_items.iter().copied().filter(|&n| self.nodes[n].level == Some(level) && n != new_parent).collect();
        let mut moved = Vec::new();
        for parent in parents {
            let (stay, go): (Vec<usize>, Vec<usize>) = std::mem::take(&mut self.nodes[parent].children)
                .into_iter()
                .partition(|c| !row_items.contains(c) || self.nodes[*c].level != Some(level + 1));
            self.nodes[parent].children = stay;
            moved.extend(go);
        }
        if moved.is_empty() {
            return;
        }
        let children = &mut self.nodes[new_parent].children;
        let mut adopted = moved;
        adopted.append(children);
        *children = adopted;
    }

    pub(super) fn record_item(&mut self, record: usize, node: usize, level: usize) {
        let rec = &mut self.records[record];
        rec.items.push(node);
        rec.depth = Some(rec.depth.map_or(level, |d| d.max(level)));
    }

    pub(super) fn unnumbered(&mut self, node: usize) {
        if self.roles.levels.iter().any(|(_, _, m)| m.is_some()) {
            let item = &self.nodes[node].item;
            let location = item.cells.first().cloned();
            self.diags.push(Diagnostic::new(
                Level::Warning,
                Code::UnnumberedItem,
                format!("a {} without a number: {:?}", item.kind.name(), short(&item.text)),
                location,
            ));
        }
    }

    pub(super) fn label(&self, node: usize) -> String {
        let item = &self.nodes[node].item;
        item.number.clone().unwrap_or_else(|| format!("(unnumbered {})", item.kind.name()))
    }

    pub(super) fn finish(mut self, table: usize, joins: &mut Vec<Join>, diags: &mut Vec<Diagnostic>) -> Vec<Item> {
        let records = std::mem::take(&mut self.records);
        for record in records {
            let fields = self.fields_of(&record.parts);
            for node in &record.items {
                let at_depth = self.nodes[*node].level == record.depth;
                if at_depth || self.nodes[*node].children.is_empty() {
                    let item = &mut self.nodes[*node].item;
                    item.fields = fields.clone();
                    item.rows = record.rows.clone();
                }
            }
        }
        self.check_numbering(table);
        // The joins' places among the document's diagnostics.
        joins.extend(self.joins.drain(..).map(|join| Join { diagnostic: join.diagnostic + diags.len(), ..join }));
        diags.append(&mut self.diags);
        let roots = std::mem::take(&mut self.roots);
        roots.into_iter().map(|r| self.take_tree(r)).collect()
    }

    pub(super) fn take_tree(&mut self, node: usize) -> Item {
        let children = std::mem::take(&mut self.nodes[node].children);
        let mut item = std::mem::replace(&mut self.nodes[node].item, placeholder());
        item.children = children.into_iter().map(|c| self.take_tree(c)).collect();
        item
    }

    pub(super) fn descendants(&self, node: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for &child in &self.nodes[node].children {
            out.push(child);
            out.extend(self.descendants(child));
        }
        out
    }
}

fn placeholder() -> Item {
    Item {
        kind: ItemKind::Group,
        id: None,
        number: None,
        text: String::new(),
        row_number: None,
        fields: Fields::default(),
        cells: Vec::new(),
        rows: Vec::new(),
        children: Vec::new(),
    }
}

/// An item read from one cell, before its row's fields, rows and children.
pub(super) fn bare_item(
    kind: ItemKind,
    id: Option<String>,
    number: Option<String>,
    text: String,
    cell: Location,
) -> Item {
    Item {
        kind,
        id,
        number,
        text,
        row_number: None,
        fields: Fields::default(),
        cells: vec![cell],
        rows: Vec::new(),
        children: Vec::new(),
    }
}
