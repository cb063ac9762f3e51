//! The words the readings know, from `data/readings.tsv` (its header says
//! what each kind of row means): agency heads, verbs, abbreviations and
//! known names, deliverable words, comparator words, the words that end a
//! counted thing, budget-source words, and the words of the deadline grammar.

use super::deadline::Recurrence;
use super::values::Comparator;
use std::sync::LazyLock;

/// What a comparator word before a number says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Compares {
    /// It compares this way.
    As(Comparator),
    /// "từ": at least when "trở lên" follows the number, else the start of
    /// a range and not a target.
    From,
}

/// The word lists.
pub(crate) struct Words {
    pub heads: Vec<&'static str>,
    pub continuations: Vec<&'static str>,
    pub verbs: Vec<&'static str>,
    pub list_verbs: Vec<&'static str>,
    pub known: Vec<&'static str>,
    pub aliases: Vec<(&'static str, &'static str)>,
    /// (printed, spelled out), in the order they are tried.
    pub abbreviations: Vec<(&'static str, &'static str)>,
    pub deliverables: Vec<&'static str>,
    /// Longest first, as in the file.
    pub comparators: Vec<(&'static str, Compares)>,
    pub thing_stops: Vec<&'static str>,
    /// In the order they are tried.
    pub budget_sources: Vec<(&'static str, super::values::BudgetSource)>,
    pub deadline: DeadlineWords,
}

/// The words of the deadline grammar, spaces taken out (they are compared
/// with a deadline's text without its spaces). The file's header says what
/// each list does.
#[derive(Default)]
pub(crate) struct DeadlineWords {
    pub verbs: Vec<String>,
    /// In the order they are tried.
    pub recurs: Vec<(String, Recurrence)>,
    /// In the order they are tried.
    pub recurs_within: Vec<(String, Recurrence)>,
    /// (variant, words).
    pub spellings: Vec<(String, String)>,
    pub whole_year: Vec<String>,
    /// A deadline that is these words alone is the plan's year.
    pub the_year: Vec<String>,
    /// A deadline that is these words alone is a half of the plan's year:
    /// (words, the first half).
    pub half_year: Vec<(String, bool)>,
    pub on_event: Vec<String>,
    pub by: Vec<String>,
    pub event: Vec<String>,
    pub not_event: Vec<String>,
    pub per_plan: Vec<String>,
    pub start: Vec<String>,
    pub from: Vec<String>,
    pub until: Vec<String>,
}

pub(crate) static WORDS: LazyLock<Words> = LazyLock::new(|| parse(include_str!("../../data/readings.tsv")));

fn parse(data: &'static str) -> Words {
    use super::values::BudgetSource;
    let mut words = Words {
        heads: Vec::new(),
        continuations: Vec::new(),
        verbs: Vec::new(),
        list_verbs: Vec::new(),
        known: Vec::new(),
        aliases: Vec::new(),
        abbreviations: Vec::new(),
        deliverables: Vec::new(),
        comparators: Vec::new(),
        thing_stops: Vec::new(),
        budget_sources: Vec::new(),
        deadline: DeadlineWords::default(),
    };
    let compact = |w: &str| w.replace(' ', "");
    let recurrence = |how: &str, line: &str| match how {
        "continuous" => Recurrence::Continuous,
        "monthly" => Recurrence::Monthly,
        "quarterly" => Recurrence::Quarterly,
        "yearly" => Recurrence::Yearly,
        "periodic" => Recurrence::Periodic,
        _ => panic!("readings.tsv: unknown recurrence {how:?} in {line:?}"),
    };
    for line in data.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        match line.split('\t').collect::<Vec<_>>().as_slice() {
            ["head", w] => words.heads.push(w),
            ["continuation", w] => words.continuations.push(w),
            ["verb", w] => words.verbs.push(w),
            ["list-verb", w] => words.list_verbs.push(w),
            ["known", name] => words.known.push(name),
            ["alias", key, name] => words.aliases.push((key, name)),
            ["abbreviation", printed, full] => words.abbreviations.push((printed, full)),
            ["deliverable", w] => words.deliverables.push(w),
            ["comparator", w, how] => {
                let compares = match *how {
                    "at_least" => Compares::As(Comparator::AtLeast),
                    "more_than" => Compares::As(Comparator::MoreThan),
                    "at_most" => Compares::As(Comparator::AtMost),
                    "less_than" => Compares::As(Comparator::LessThan),
                    "equal" => Compares::As(Comparator::Equal),
                    "decrease" => Compares::As(Comparator::Decrease),
                    "increase" => Compares::As(Comparator::Increase),
                    "from" => Compares::From,
                    _ => panic!("readings.tsv: unknown comparator {how:?} in {line:?}"),
                };
                words.comparators.push((w, compares));
            }
            ["thing-stop", w] => words.thing_stops.push(w),
            ["budget-source", source, w] => {
                let source = match *source {
                    "allocated_estimate" => BudgetSource::AllocatedEstimate,
                    "socialized" => BudgetSource::Socialized,
                    "state_budget" => BudgetSource::StateBudget,
                    _ => panic!("readings.tsv: unknown budget source {source:?} in {line:?}"),
                };
                words.budget_sources.push((w, source));
            }
            ["deadline-verb", w] => words.deadline.verbs.push(compact(w)),
            ["deadline-recurs", how, w] => words.deadline.recurs.push((compact(w), recurrence(how, line))),
            ["deadline-recurs-within", how, w] => {
                words.deadline.recurs_within.push((compact(w), recurrence(how, line)))
            }
            ["deadline-spelling", variant, w] => words.deadline.spellings.push((compact(variant), compact(w))),
            ["deadline-whole-year", w] => words.deadline.whole_year.push(compact(w)),
            ["deadline-the-year", w] => words.deadline.the_year.push(compact(w)),
            ["deadline-half-year", half, w] => words.deadline.half_year.push((
                compact(w),
                match *half {
                    "first" => true,
                    "second" => false,
                    _ => panic!("readings.tsv: a half year is first or second: {line:?}"),
                },
            )),
            ["deadline-on-event", w] => words.deadline.on_event.push(compact(w)),
            ["deadline-by", w] => words.deadline.by.push(compact(w)),
            ["deadline-event", w] => words.deadline.event.push(compact(w)),
            ["deadline-not-event", w] => words.deadline.not_event.push(compact(w)),
            ["deadline-per-plan", w] => words.deadline.per_plan.push(compact(w)),
            ["deadline-start", w] => words.deadline.start.push(compact(w)),
            ["deadline-from", w] => words.deadline.from.push(compact(w)),
            ["deadline-until", w] => words.deadline.until.push(compact(w)),
            _ => panic!("readings.tsv: cannot read {line:?}"),
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_reads_and_comparators_are_longest_first() {
        let words = &*WORDS;
        assert!(!words.heads.is_empty() && !words.comparators.is_empty() && !words.budget_sources.is_empty());
        // A longer word must come before any word it ends with ("đạt trên" before "trên").
        for (i, (w, _)) in words.comparators.iter().enumerate() {
            for (shorter, _) in &words.comparators[..i] {
                assert!(!w.ends_with(shorter), "{w:?} must come before {shorter:?}");
            }
        }
    }
}
