//! Progress trackers applied: each row (`content::trackers`) updates one goal, benchmark or
//! action step of a strategy before statuses are derived again.

use super::{ACTION_STATUSES, BENCHMARK_STATUSES, GOAL_STATUSES, Measurement, PageData, Site, Status, Strategy};
use crate::content::trackers::{Cell, Row};
use crate::content::{Fields, Kind};
use crate::diagnostics::{Diagnostic, Rule};
use crate::util::did_you_mean;

/// What a row's id names inside its strategy.
enum Entry {
    Goal(usize),
    Benchmark(usize),
    Step(usize),
}

/// Applies every row to the site, in order (a later row wins), then derives statuses again.
/// A row naming a draft or staff-only strategy or entry is skipped: the same tracker serves
/// every audience.
pub fn apply(site: &mut Site, rows: &[Row]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for row in rows {
        let Some(index) = site.index_of(Kind::Strategy, &row.strategy.value) else {
            let value = &row.strategy.value;
            if site.hidden(Kind::Strategy, value).is_none() && !site.unloaded(&[Kind::Strategy], value) {
                let ids = site.strategies().map(|(p, _)| p.id.as_str());
                let hint = did_you_mean(&row.strategy.value, ids);
                diags.push(bad(row, row.strategy.pos, format!("there is no strategy `{}`{hint}", row.strategy.value)));
            }
            continue;
        };
        let page = &mut site.pages[index];
        let hidden = hidden_entries(&page.src.fields);
        let PageData::Strategy(s) = &mut page.data else { continue };
        match find(s, &row.id.value) {
            Some(entry) => update(s, entry, row, &mut diags),
            None if hidden.contains(&row.id.value) => {}
            None => {
                let ids: Vec<&str> = s
                    .goals
                    .iter()
                    .map(|g| g.id.as_str())
                    .chain(s.benchmarks.iter().map(|b| b.id.as_str()))
                    .chain(s.action_steps.iter().map(|a| a.id.as_str()))
                    .collect();
                let hint = did_you_mean(&row.id.value, ids);
                let message = format!(
                    "strategy `{}` has no goal, benchmark or action step `{}`{hint}",
                    row.strategy.value, row.id.value
                );
                diags.push(bad(row, row.id.pos, message));
            }
        }
    }
    if !rows.is_empty() {
        super::status::derive(site);
    }
    diags
}

fn bad(row: &Row, pos: (usize, usize), message: String) -> Diagnostic {
    Diagnostic::new(Rule::BadCsv, &row.file, pos, message)
}

fn find(s: &Strategy, id: &str) -> Option<Entry> {
    s.goals
        .iter()
        .position(|g| g.id == id)
        .map(Entry::Goal)
        .or_else(|| s.benchmarks.iter().position(|b| b.id == id).map(Entry::Benchmark))
        .or_else(|| s.action_steps.iter().position(|a| a.id == id).map(Entry::Step))
}

/// Ids of the strategy's entries as written, visible or not (staff-only ones are skipped).
fn hidden_entries(fields: &Fields) -> Vec<String> {
    let Fields::Strategy(raw) = fields else { return Vec::new() };
    let id = |id: &Option<String>, prefix: &str, i: usize| {
        id.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map_or_else(|| format!("{prefix}{}", i + 1), str::to_string)
    };
    let goals = raw.goals.iter().enumerate().map(|(i, g)| id(&g.id, "g", i));
    let benchmarks = raw.benchmarks.iter().enumerate().map(|(i, b)| id(&b.id, "b", i));
    let steps = raw.action_steps.iter().enumerate().map(|(i, a)| id(&a.id, "a", i));
    goals.chain(benchmarks).chain(steps).collect()
}

/// A status cell, checked against the statuses the entry's kind may have.
fn status(row: &Row, allowed: &[Status], what: &str, diags: &mut Vec<Diagnostic>) -> Option<Status> {
    let cell = row.status.as_ref()?;
    let v = cell.value.to_lowercase().replace(' ', "-");
    if let Some(found) = allowed.iter().find(|s| s.as_str() == v) {
        return Some(*found);
    }
    let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
    let hint = did_you_mean(&v, names.iter().copied());
    let mut message = format!("`{}` is not a status of {what}{hint}", cell.value);
    if v == "overdue" && allowed.contains(&Status::Done) {
        message.push_str(" (overdue is worked out from the due date)");
    }
    diags.push(bad(row, cell.pos, message).with_help(format!("{what} takes one of: {}", names.join(", "))));
    None
}

/// Refuses a non-empty cell that means nothing for this kind of entry.
fn unused<T>(row: &Row, cell: &Option<Cell<T>>, column: &str, what: &str, takes: &str, diags: &mut Vec<Diagnostic>) {
    if let Some(c) = cell {
        diags.push(
            bad(row, c.pos, format!("`{}` is {what}, which has no `{column}`", row.id.value))
                .with_help(format!("for {what}, a tracker sets {takes}; leave `{column}` empty")),
        );
    }
}

fn update(s: &mut Strategy, entry: Entry, row: &Row, diags: &mut Vec<Diagnostic>) {
    match entry {
        Entry::Goal(i) => {
            let takes = "`date` with `value` (a measurement) and `status`";
            let status = status(row, &GOAL_STATUSES, "a goal", diags);
            let g = &mut s.goals[i];
            g.status = status.or(g.status.take());
            let value = row.value.as_ref().or(row.actual.as_ref());
            match (&row.date, value) {
                (Some(date), Some(value)) => {
                    let m = Measurement { date: date.value, value: value.value };
                    match g.measurements.iter_mut().find(|x| x.date == m.date) {
                        Some(x) => x.value = m.value,
                        None => g.measurements.push(m),
                    }
                    g.measurements.sort_by_key(|x| x.date);
                }
                (Some(date), None) => diags.push(
                    bad(row, date.pos, format!("goal `{}` has a `date` but no `value`", row.id.value)).with_help(takes),
                ),
                (None, Some(value)) => diags.push(
                    bad(row, value.pos, format!("goal `{}` has a `value` but no `date`", row.id.value))
                        .with_help(takes),
                ),
                (None, None) => {}
            }
        }
        Entry::Benchmark(i) => {
            let what = "a benchmark";
            unused(row, &row.date, "date", what, "`actual` and `status`", diags);
            let status = status(row, &BENCHMARK_STATUSES, what, diags);
            let b = &mut s.benchmarks[i];
            b.status = status.or(b.status.take());
            if let Some(actual) = row.actual.as_ref().or(row.value.as_ref()) {
                b.actual = Some(actual.value);
            }
        }
        Entry::Step(i) => {
            let what = "an action step";
            let takes = "`status` and `date` (the day it was completed)";
            unused(row, &row.actual, "actual", what, takes, diags);
            unused(row, &row.value, "value", what, takes, diags);
            let status = status(row, &ACTION_STATUSES, what, diags);
            let a = &mut s.action_steps[i];
            if let Some(st) = status {
                a.status = st;
            }
            if let Some(date) = &row.date {
                a.completed = Some(date.value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::trackers::parse;
    use std::sync::Arc;

    fn site(as_of: &str) -> Site {
        let text = "---\ntitle: S\ngoals:\n  - { id: g1, statement: G, baseline: 50, target: 80, measurements: [{ date: 2026-09-18, value: 51 }] }\n  - { id: g2, statement: Hidden, target: 1, visibility: staff }\nbenchmarks:\n  - { id: b1, quarter: Q1, statement: B, target: 90, actual: 50 }\naction_steps:\n  - { id: a1, action: A, due: 2026-11-01 }\n---\n";
        let (page, diags) = crate::content::parse_page("content/strategies/s.md", Arc::from(text));
        assert!(diags.is_empty(), "{diags:?}");
        let loaded = crate::content::Loaded { pages: page.into_iter().collect(), ..Default::default() };
        let (config, _) = crate::config::Config::parse(
            "title: T\nquarters:\n  - { name: Q1, start: 2026-08-17, end: 2026-10-30 }\n  - { name: Q2, start: 2026-11-02, end: 2027-06-11 }\n",
        );
        let as_of = crate::config::parse_date(as_of).unwrap();
        let scope = super::super::Scope { audience: super::super::Audience::Public, drafts: false, as_of, edit: None };
        super::super::resolve(config, loaded, scope).site
    }

    fn strategy(site: &Site) -> &Strategy {
        match &site.pages[0].data {
            PageData::Strategy(s) => s,
            _ => panic!("not a strategy"),
        }
    }

    fn apply_csv(site: &mut Site, csv: &str) -> Vec<Diagnostic> {
        let (rows, mut diags) = parse("data/t.csv", csv);
        diags.extend(apply(site, &rows));
        diags
    }

    #[test]
    fn rows_update_values_and_statuses_follow() {
        let mut site = site("2026-11-20");
        assert_eq!(strategy(&site).goals[0].effective_status, super::super::Status::OffTrack);
        let diags = apply_csv(
            &mut site,
            "strategy,id,actual,status,date,value\ns,g1,,,2026-09-18,70\ns,g1,,,2026-11-13,64\ns,b1,95,,,\ns,a1,,In Progress,,\ns,g2,,,2026-11-13,1\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let s = strategy(&site);
        let values: Vec<f64> = s.goals[0].measurements.iter().map(|m| m.value).collect();
        assert_eq!(values, [70.0, 64.0], "a row for an existing date replaces its value");
        assert_eq!(s.goals[0].effective_status, super::super::Status::OnTrack);
        assert_eq!((s.benchmarks[0].actual, s.benchmarks[0].effective_status), (Some(95.0), super::super::Status::Met));
        assert_eq!(s.action_steps[0].status, Status::InProgress);
        assert_eq!(s.action_steps[0].effective_status, super::super::Status::Overdue);
    }

    #[test]
    fn cells_that_mean_nothing_for_the_entry_are_refused() {
        let mut site = site("2026-11-20");
        let diags = apply_csv(
            &mut site,
            "strategy,id,actual,status,date,value\ns,g1,,,2026-11-13,\ns,b1,3,,2026-11-13,\ns,a1,4,,,\ns,b1,,overdue,,\ns,a1,,overdue,,\ns,x9,1,,,\n",
        );
        let found: Vec<(usize, usize, &str)> = diags.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
        assert_eq!(found.len(), 6, "{found:#?}");
        assert!(found[0].2.contains("has a `date` but no `value`") && (found[0].0, found[0].1) == (2, 8), "{found:?}");
        assert!(found[1].2.contains("which has no `date`") && found[1].0 == 3, "{found:?}");
        assert!(found[2].2.contains("which has no `actual`") && found[2].0 == 4, "{found:?}");
        assert!(found[3].2.contains("not a status of a benchmark") && !found[3].2.contains("due date"), "{found:?}");
        assert!(found[4].2.contains("worked out from the due date"), "{found:?}");
        assert!(found[5].2.contains("has no goal, benchmark or action step `x9`"), "{found:?}");
        assert!(diags.iter().all(|d| d.rule == Rule::BadCsv));
    }
}
