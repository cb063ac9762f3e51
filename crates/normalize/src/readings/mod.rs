//! Structured readings of field texts: deadlines as date ranges, agency
//! lists as canonical names with roles, outputs as deliverables, indicator
//! values as numbers, budgets as sources. The raw texts stay in `fields`;
//! these readings sit next to them in `readings`.

mod agency;
mod deadline;
mod values;
mod words;

pub use agency::{canonical_name, looks_like_agency, read_roles, split_agencies, Agency};
pub use deadline::{read_deadline, DeadlineKind, DeadlineReading, Period, Recurrence};
pub use values::{
    amount_in_column, header_factor, read_budget, read_budget_in, read_indicators, split_deliverables, Budget,
    BudgetSource, Comparator, Indicator,
};

use crate::FieldsOut;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::HashMap;

/// The structured readings of one item's fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct Readings {
    /// The deadline as a kind and an ISO date range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<DeadlineReading>,
    /// Lead agencies: from the lead column, or the agencies a mixed
    /// assignment cell puts in charge.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub lead: Vec<Agency>,
    /// Partner agencies: from the partners column and the "phối hợp" part
    /// of a mixed assignment cell.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub partners: Vec<Agency>,
    /// The evaluating agencies of an indicator.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub evaluator: Vec<Agency>,
    /// The monitoring agencies (Theo dõi, kiểm tra, đôn đốc).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub monitor: Vec<Agency>,
    /// The output split into deliverables.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub deliverables: Vec<String>,
    /// Numeric targets from the indicator value, the item's text (targets)
    /// and its output.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub indicators: Vec<Indicator>,
    /// The budget's source and amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
}

impl Readings {
    /// Whether nothing was read.
    pub fn is_empty(&self) -> bool {
        *self == Readings::default()
    }
}

/// What the readings need to know about the document.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context {
    /// The plan's year, for deadlines that leave it out.
    pub year: Option<i32>,
    /// Spell out "UBND" as "Ủy ban nhân dân" in agency names.
    pub expand_ubnd: bool,
    /// What one unit of a bare number in the budget column is worth in
    /// đồng, when the column's header names its unit ("Dự toán kinh phí
    /// (triệu đồng)": 1,000,000); see [`values::header_factor`].
    pub budget_factor: Option<f64>,
}

/// A mixed cell's (lead, partners).
type Roles = (Vec<Agency>, Vec<Agency>);

/// Readings already made in this document: plans repeat the same cells
/// ("Văn phòng Sở", "Thường xuyên") dozens of times, and readings are pure
/// functions of the text.
#[derive(Default)]
pub struct Memo {
    agencies: HashMap<String, Vec<Agency>>,
    leads: HashMap<String, Vec<Agency>>,
    roles: HashMap<String, Roles>,
    deadlines: HashMap<String, DeadlineReading>,
    /// The year the remembered deadlines were read in (a table's deadline
    /// header may name its own: "Thời gian (Năm 2026)").
    deadline_year: Option<i32>,
}

fn remember<V: Clone>(cache: &mut HashMap<String, V>, key: &str, compute: impl FnOnce() -> V) -> V {
    if let Some(hit) = cache.get(key) {
        return hit.clone();
    }
    let value = compute();
    cache.insert(key.to_string(), value.clone());
    value
}

/// Reads an item's fields; `target_text` is the item's own text when it is
/// a target (indicators are stated there).
pub fn read_fields(fields: &FieldsOut, target_text: Option<&str>, ctx: Context, memo: &mut Memo) -> Readings {
    if memo.deadline_year != ctx.year {
        memo.deadlines.clear();
        memo.deadline_year = ctx.year;
    }
    let mut readings = Readings {
        deadline: fields.deadline.as_deref().map(|d| remember(&mut memo.deadlines, d, || read_deadline(d, ctx.year))),
        lead: fields.lead.as_deref().map(|l| remember(&mut memo.leads, l, || read_lead(l))).unwrap_or_default(),
        partners: fields
            .partners
            .as_deref()
            .map(|p| remember(&mut memo.agencies, p, || split_agencies(p)))
            .unwrap_or_default(),
        evaluator: fields
            .evaluator
            .as_deref()
            .map(|e| remember(&mut memo.agencies, e, || split_agencies(e)))
            .unwrap_or_default(),
        monitor: fields
            .monitor
            .as_deref()
            .map(|m| remember(&mut memo.agencies, m, || split_agencies(m)))
            .unwrap_or_default(),
        deliverables: fields.output.as_deref().map(split_deliverables).unwrap_or_default(),
        indicators: Vec::new(),
        budget: fields.budget.as_deref().map(|b| read_budget_in(b, ctx.budget_factor)),
    };
    // The amount in a column of its own beside the funding source ("Nguồn
    // kinh phí" | "Kinh phí (triệu đồng)"), kept in `extra`.
    if readings.budget.as_ref().is_none_or(|b| b.amount_vnd.is_none()) {
        if let Some(amount) = fields.extra.iter().find_map(|(h, v)| amount_in_column(h, v)) {
            readings.budget.get_or_insert_with(|| read_budget("")).amount_vnd = Some(amount);
        }
    }
    if let Some(assignment) = fields.assignment.as_deref() {
        let (lead, partners) = remember(&mut memo.roles, assignment, || read_roles(assignment));
        if readings.lead.is_empty() {
            readings.lead = lead;
        }
        for p in partners {
            if !readings.partners.iter().any(|q| q.name == p.name) {
                readings.partners.push(p);
            }
        }
    }
    if let Some(value) = fields.target_value.as_deref() {
        let found = read_indicators(value, fields.unit.as_deref());
        match value.trim().replace(',', ".").parse::<f64>() {
            // A bare number in a target-value column is the target itself.
            Ok(number) if found.is_empty() => readings.indicators.push(Indicator {
                comparator: Comparator::Equal,
                value: number,
                of: None,
                unit: fields.unit.clone(),
                thing: None,
                text: value.trim().to_string(),
            }),
            _ => readings.indicators.extend(found),
        }
    }
    for text in [target_text, fields.output.as_deref()].into_iter().flatten() {
        readings.indicators.extend(read_indicators(text, None));
    }
    if ctx.expand_ubnd {
        for agency in readings.lead.iter_mut().chain(&mut readings.partners).chain(&mut readings.evaluator) {
            let expanded = agency::expand_ubnd(&agency.name);
            if expanded != agency.name {
                agency.printed.get_or_insert_with(|| agency.name.clone());
                agency.name = expanded;
            }
        }
    }
    readings
}

/// A lead cell: roles when it says who is in charge of what, else a list.
fn read_lead(text: &str) -> Vec<Agency> {
    if agency::names_a_role(text) && !text.contains('(') {
        let (lead, _) = read_roles(text);
        if !lead.is_empty() {
            return lead;
        }
    }
    split_agencies(text)
}

/// The plan's year: from the title ("… năm 2024"), else the year its
/// deadlines name most often, else the year of its date.
pub fn plan_year<'a>(title: Option<&str>, deadlines: impl Iterator<Item = &'a str>, date: Option<&str>) -> Option<i32> {
    if let Some(year) = title.and_then(|t| kehoach_parse::classes::year_after_nam(t, false)) {
        return year.parse().ok();
    }
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for d in deadlines {
        for at in kehoach_parse::classes::years(d) {
            if let Ok(y) = d[at..at + 4].parse() {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    // Most frequent; ties go to the later year (plans are written for the coming year).
    if let Some((year, _)) = counts.iter().max_by_key(|(y, n)| (**n, **y)) {
        return Some(*year);
    }
    date.and_then(|d| d.get(..4)).and_then(|y| y.parse().ok())
}

/// Lower-case, NFC, "quí" → "quý", dashes unified, spaces collapsed:
/// `kehoach-vi`'s comparable form.
pub(crate) use kehoach_vi::fold::comparable as fold;
/// Without diacritics ("Bổ trợ" → "bo tro"); đ → d.
pub(crate) use kehoach_vi::fold::strip_marks;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every line and tab-separated cell of the seeds, for comparing a
    /// scanner with the regex it stands for.
    pub(crate) fn seed_lines_and_cells() -> Vec<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seeds");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).expect("seeds") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("UTF-8 seed");
            for line in text.lines() {
                out.push(line.to_string());
                out.extend(line.split('\t').map(str::to_string));
            }
        }
        out
    }

    #[test]
    fn plan_year_prefers_the_title() {
        assert_eq!(plan_year(Some("Cải cách hành chính năm 2024"), ["Quý I/2021"].into_iter(), None), Some(2024));
        assert_eq!(plan_year(None, ["Quý I/2021", "Tháng 3/2021", "Năm 2022"].into_iter(), None), Some(2021));
        assert_eq!(plan_year(None, [].into_iter(), Some("2021-12-16")), Some(2021));
        assert_eq!(plan_year(None, [].into_iter(), None), None);
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Quí  IV–2025"), "quý iv-2025");
        assert_eq!(strip_marks("Phòng Bổ trợ tư pháp"), "Phong Bo tro tu phap");
    }

    #[test]
    fn mixed_assignment_fills_lead_and_partners() {
        let fields = FieldsOut {
            assignment: Some("Văn phòng Sở chủ trì, phối hợp với các Phòng, Trung tâm thuộc Sở".into()),
            deadline: Some("Quý II".into()),
            ..FieldsOut::default()
        };
        let r = read_fields(
            &fields,
            None,
            Context { year: Some(2024), expand_ubnd: false, budget_factor: None },
            &mut Memo::default(),
        );
        assert_eq!(r.lead[0].name, "Văn phòng Sở");
        assert_eq!(r.partners[0].name, "Các Phòng, Trung tâm thuộc Sở");
        assert_eq!(r.deadline.unwrap().start.as_deref(), Some("2024-04-01"));
        let fields = FieldsOut { target_value: Some("100".into()), unit: Some("%".into()), ..FieldsOut::default() };
        let r = read_fields(&fields, None, Context::default(), &mut Memo::default());
        assert_eq!((r.indicators[0].comparator, r.indicators[0].value), (Comparator::Equal, 100.0));
        assert_eq!(r.indicators[0].unit.as_deref(), Some("%"));
        let fields = FieldsOut { lead: Some("VP UBND tỉnh; UBND cấp huyện".into()), ..FieldsOut::default() };
        let r = read_fields(
            &fields,
            None,
            Context { year: None, expand_ubnd: true, budget_factor: None },
            &mut Memo::default(),
        );
        assert_eq!(r.lead[0].name, "Văn phòng Ủy ban nhân dân tỉnh");
        assert_eq!(r.lead[0].printed.as_deref(), Some("VP UBND tỉnh"));
        assert_eq!(r.lead[1].name, "Ủy ban nhân dân cấp huyện");
        assert_eq!(r.lead[1].printed.as_deref(), Some("UBND cấp huyện"));
    }
}
