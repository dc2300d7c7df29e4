//! A team's, a strategy's and an agenda's own fields, checked into the model's types.

use chrono::{NaiveDate, Weekday};

use super::build::agenda_team;
use super::values::{Check, item_visible, nonempty};
use super::*;
use crate::config::parse_date;
use crate::content::kinds::*;
use crate::diagnostics::Rule;

fn weekday(s: &str) -> Option<Weekday> {
    let s = s.trim().to_lowercase();
    let days = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    days.iter().find(|(name, _)| *name == s || (s.len() >= 3 && name.starts_with(&s))).map(|(_, d)| *d)
}

/// A team's meeting rhythm: weekly (every n weeks), monthly on the nth weekday, or on dates.
fn meets(c: &mut Check, m: &RawMeets) -> Option<Meets> {
    let weekday = match m.weekday.as_deref().map(|w| (w, weekday(w))) {
        Some((_, Some(d))) => Some(d),
        Some((w, None)) => {
            c.diags.push(
                Diagnostic::new(
                    Rule::BadDate,
                    &c.src.file,
                    c.src.pos(&["meets", "weekday"]),
                    format!("`{w}` is not a weekday"),
                )
                .with_help("write the day in full, e.g. `weekday: tuesday`"),
            );
            return None;
        }
        None if m.dates.is_empty() => {
            let message = "`meets` needs a `weekday:` (or the meeting `dates:`), e.g. `meets: { weekday: tuesday, start: \"15:30\" }`";
            c.error(Rule::BadDate, &["meets"], message.to_string());
            return None;
        }
        None => None,
    };
    let every_weeks = m.every_weeks.unwrap_or(1);
    if every_weeks == 0 {
        c.error(Rule::BadDate, &["meets", "every_weeks"], "`every_weeks` must be 1 or more".to_string());
    }
    let nth = m.nth.and_then(|n| match n {
        1..=5 | -1 => Some(n as i32),
        _ => {
            let message = format!(
                "`nth: {n}` is not a week of the month: write 1 to 5 (the 2nd Tuesday is `nth: 2`), or -1 for the last"
            );
            c.error(Rule::BadDate, &["meets", "nth"], message);
            None
        }
    });
    if nth.is_some() && weekday.is_none() {
        c.error(
            Rule::BadDate,
            &["meets", "nth"],
            "`nth` needs a `weekday:` (the 2nd Tuesday: `weekday: tuesday, nth: 2`)".to_string(),
        );
    }
    let dates = m
        .dates
        .iter()
        .enumerate()
        .filter_map(|(i, d)| c.date(&["meets", "dates", &i.to_string()], &Some(d.clone())))
        .collect();
    Some(Meets {
        weekday,
        start: c.time(&["meets", "start"], &m.start),
        minutes: m.minutes,
        every_weeks: every_weeks.max(1),
        nth,
        dates,
    })
}

pub(super) fn team(c: &mut Check, f: &TeamFields, _config: &Config) -> Team {
    let meets = f.meets.as_ref().and_then(|m| meets(c, m));
    let members = f.members.iter().enumerate().filter_map(|(i, m)| {
        let person = nonempty(&m.person);
        if person.is_none() {
            c.error(Rule::UnknownReference, &["members", &i.to_string()], "this member names no `person:`".to_string());
        }
        Some(Member { person: person?, role: nonempty(&m.role), index: i })
    });
    let members = members.collect();
    let links = f.links.iter().enumerate().filter_map(|(i, l)| {
        let to = nonempty(&l.to);
        if to.is_none() {
            c.error(Rule::UnknownReference, &["links", &i.to_string()], "this link names no team in `to:`".to_string());
        }
        Some(TeamLink { to: to?, sends: nonempty(&l.sends), index: i })
    });
    let links = links.collect();
    let standing_items = f
        .standing_items
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let index = i.to_string();
            StandingItem {
                topic: c.required(&["standing_items", &index, "topic"], &s.topic, "this standing item's `topic`"),
                minutes: s.minutes,
                kind: c.one_of(&["standing_items", &index, "type"], &s.kind, &ITEM_TYPES),
                lead: nonempty(&s.lead),
            }
        })
        .collect();
    Team {
        level: nonempty(&f.level),
        purpose: nonempty(&f.purpose),
        cadence: nonempty(&f.cadence),
        meets,
        members,
        links,
        parent: nonempty(&f.parent),
        until: c.date(&["until"], &f.until),
        standing_items,
        norms: f.norms.clone(),
    }
}

pub(super) fn strategy(c: &mut Check, f: &StrategyFields, _config: &Config) -> Strategy {
    let mut withheld = Vec::new();
    let mut goals = visible_entries(c, "goals", "g", "goals", &f.goals, goal, &mut withheld);
    let mut benchmarks = visible_entries(c, "benchmarks", "b", "benchmarks", &f.benchmarks, benchmark, &mut withheld);
    let mut action_steps =
        visible_entries(c, "action_steps", "a", "action steps", &f.action_steps, action_step, &mut withheld);
    goals.iter_mut().enumerate().for_each(|(n, g)| g.place = n + 1);
    benchmarks.iter_mut().enumerate().for_each(|(n, b)| b.place = n + 1);
    action_steps.iter_mut().enumerate().for_each(|(n, a)| a.place = n + 1);
    let reflections = f
        .reflections
        .iter()
        .filter_map(|r| Some(Reflection { quarter: nonempty(&r.quarter), text: nonempty(&r.text)? }))
        .collect();
    let addresses = f
        .addresses
        .iter()
        .enumerate()
        .map(|(index, a)| {
            let (challenge, root_cause) = match a.split_once('#') {
                Some((ch, rc)) => (ch.trim().to_string(), Some(rc.trim().to_string())),
                None => (a.trim().to_string(), None),
            };
            Address { challenge, root_cause, index }
        })
        .collect();
    Strategy {
        description: nonempty(&f.description),
        area: nonempty(&f.area),
        addresses,
        team: nonempty(&f.team),
        owner: nonempty(&f.owner),
        challenge: nonempty(&f.challenge),
        root_causes: f.root_causes.clone(),
        supports: f.supports.clone(),
        goals,
        benchmarks,
        action_steps,
        reflections,
        withheld,
    }
}

/// An entry of a strategy's list as written: its id and visibility, if set.
trait RawEntry {
    fn id(&self) -> &Option<String>;
    fn visibility(&self) -> &Option<String>;
}

macro_rules! raw_entry {
    ($($raw:ty),*) => {$(
        impl RawEntry for $raw {
            fn id(&self) -> &Option<String> {
                &self.id
            }
            fn visibility(&self) -> &Option<String> {
                &self.visibility
            }
        }
    )*};
}

raw_entry!(RawGoal, RawBenchmark, RawActionStep);

/// The entries of a strategy's list (`goals`…) this build publishes, each converted with its
/// position and id (`id:`, else the prefix and its place: `g2`); a repeated id is an error.
/// The ids of those it leaves out go to `withheld`.
fn visible_entries<R: RawEntry, T>(
    c: &mut Check,
    list: &str,
    prefix: &str,
    what: &str,
    raw: &[R],
    convert: impl Fn(&mut Check, usize, String, &R) -> T,
    withheld: &mut Vec<String>,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let index = i.to_string();
        let id = nonempty(r.id()).unwrap_or_else(|| format!("{prefix}{}", i + 1));
        if !item_visible(c, &[list, &index, "visibility"], r.visibility()) {
            withheld.push(id);
            continue;
        }
        if ids.contains(&id) {
            c.error(Rule::DuplicateId, &[list, &index, "id"], format!("two {what} have the id `{id}`"));
        }
        ids.push(id.clone());
        out.push(convert(c, i, id, r));
    }
    out
}

fn goal(c: &mut Check, i: usize, id: String, g: &RawGoal) -> Goal {
    let index = i.to_string();
    let mut measurements: Vec<Measurement> = g
        .measurements
        .iter()
        .enumerate()
        .filter_map(|(j, m)| {
            let path = ["goals", &index, "measurements", &j.to_string()];
            let date = c.date(&[&path[..], &["date"]].concat(), &m.date);
            if m.date.is_none() || m.value.is_none() {
                c.error(Rule::BadDate, &path, "a measurement needs both `date:` and `value:`".to_string());
            }
            Some(Measurement { date: date?, value: m.value? })
        })
        .collect();
    measurements.sort_by_key(|m| m.date);
    let targets = g
        .targets
        .iter()
        .enumerate()
        .filter_map(|(j, t)| {
            let path = ["goals", &index, "targets", &j.to_string()];
            if t.year.is_none() || t.value.is_none() {
                let message = "a later year's target needs `year:` and `value:`, e.g. `{ year: 2027-28, value: 84 }`";
                c.error(Rule::BadDate, &path, message.to_string());
            }
            Some(YearTarget { year: nonempty(&t.year)?, value: t.value? })
        })
        .collect();
    let milestones = g
        .milestones
        .iter()
        .enumerate()
        .filter_map(|(j, m)| {
            let path = ["goals", &index, "milestones", &j.to_string()];
            if m.quarter.is_none() || m.target.is_none() {
                let message = "a milestone needs `quarter:` and `target:`, e.g. `{ quarter: Winter, target: 55 }`";
                c.error(Rule::BadDate, &path, message.to_string());
            }
            Some(Milestone { quarter: nonempty(&m.quarter)?, target: m.target? })
        })
        .collect();
    Goal {
        id,
        index: i,
        place: 0,
        short: nonempty(&g.short),
        targets,
        milestones,
        statement: c.required(&["goals", &index, "statement"], &g.statement, "this goal's `statement`"),
        measure: nonempty(&g.measure),
        unit: nonempty(&g.unit),
        baseline: g.baseline,
        target: g.target,
        direction: c.direction(&["goals", &index, "direction"], &g.direction),
        measurements,
        status: c.status(&["goals", &index, "status"], &g.status, &GOAL_STATUSES),
        effective_status: Status::NoData,
        latest: None,
        expected: None,
    }
}

fn benchmark(c: &mut Check, i: usize, id: String, b: &RawBenchmark) -> Benchmark {
    let index = i.to_string();
    Benchmark {
        id,
        index: i,
        place: 0,
        short: nonempty(&b.short),
        evidence: nonempty(&b.evidence),
        quarter: nonempty(&b.quarter),
        goals: b.goals.clone(),
        statement: c.required(&["benchmarks", &index, "statement"], &b.statement, "this benchmark's `statement`"),
        unit: nonempty(&b.unit),
        baseline: b.baseline,
        direction: c.direction(&["benchmarks", &index, "direction"], &b.direction),
        target: b.target,
        actual: b.actual,
        source: nonempty(&b.source),
        status: c.status(&["benchmarks", &index, "status"], &b.status, &BENCHMARK_STATUSES),
        effective_status: Status::NoData,
    }
}

fn action_step(c: &mut Check, i: usize, id: String, a: &RawActionStep) -> ActionStep {
    let index = i.to_string();
    ActionStep {
        id,
        index: i,
        place: 0,
        short: nonempty(&a.short),
        action: c.required(&["action_steps", &index, "action"], &a.action, "this action step's `action`"),
        owners: a.owner.iter().map(|o| o.trim().to_string()).filter(|o| !o.is_empty()).collect(),
        when: nonempty(&a.when),
        evidence: nonempty(&a.evidence),
        support: a.support.clone(),
        start: c.date(&["action_steps", &index, "start"], &a.start),
        due: c.date(&["action_steps", &index, "due"], &a.due),
        completed: c.date(&["action_steps", &index, "completed"], &a.completed),
        resources: nonempty(&a.resources),
        funding: nonempty(&a.funding),
        benchmarks: a.benchmarks.clone(),
        status: c
            .status(&["action_steps", &index, "status"], &a.status, &ACTION_STATUSES)
            .unwrap_or(Status::NotStarted),
        effective_status: Status::NotStarted,
    }
}

pub(super) fn agenda(c: &mut Check, f: &AgendaFields, src: &SourcePage, date: Option<NaiveDate>) -> Agenda {
    let team = agenda_team(src, f).unwrap_or_default();
    let date = date.or_else(|| parse_date(src.stem()));
    if date.is_none() && src.common.date.is_none() {
        c.error(
            Rule::BadDate,
            &["date"],
            format!(
                "this agenda has no date: name the file YYYY-MM-DD.md or set `date:` (the file is `{}`)",
                src.stem()
            ),
        );
    }
    let mut items = Vec::new();
    for (i, it) in f.items.iter().enumerate() {
        let index = i.to_string();
        if !item_visible(c, &["items", &index, "visibility"], &it.visibility) {
            continue;
        }
        let benchmark = nonempty(&it.benchmark).map(|b| match b.split_once('#') {
            Some((s, id)) => (s.to_string(), id.to_string()),
            None => (nonempty(&it.strategy).unwrap_or_default(), b),
        });
        items.push(AgendaItem {
            index: i,
            topic: c.required(&["items", &index, "topic"], &it.topic, "this agenda item's `topic`"),
            minutes: it.minutes,
            kind: c.one_of(&["items", &index, "type"], &it.kind, &ITEM_TYPES),
            lead: nonempty(&it.lead),
            strategy: nonempty(&it.strategy),
            benchmark,
            notes: nonempty(&it.notes),
        });
    }
    let mut action_items = Vec::new();
    for (i, a) in f.action_items.iter().enumerate() {
        let index = i.to_string();
        if !item_visible(c, &["action_items", &index, "visibility"], &a.visibility) {
            continue;
        }
        action_items.push(ActionItem {
            index: i,
            task: c.required(&["action_items", &index, "task"], &a.task, "this action item's `task`"),
            owner: nonempty(&a.owner),
            due: c.date(&["action_items", &index, "due"], &a.due),
            done: a.done.unwrap_or(false),
        });
    }
    Agenda {
        team,
        date,
        start: c.time(&["start"], &f.start),
        minutes: f.minutes,
        location: nonempty(&f.location),
        roles: f.roles.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        present: f.present.clone(),
        absent: f.absent.clone(),
        guests: f.guests.clone(),
        objectives: f.objectives.clone(),
        items,
        decisions: f.decisions.clone(),
        action_items,
        next_items: f.next_items.clone(),
    }
}

/// A challenge's root causes, each with its own id (`rc1`, `rc2`… unless written).
pub(super) fn challenge(c: &mut Check, f: &ChallengeFields) -> Challenge {
    let mut root_causes: Vec<RootCause> = Vec::new();
    for (i, r) in f.root_causes.iter().enumerate() {
        let index = i.to_string();
        let id = nonempty(&r.id).unwrap_or_else(|| format!("rc{}", i + 1));
        if root_causes.iter().any(|x| x.id == id) {
            c.error(Rule::DuplicateId, &["root_causes", &index, "id"], format!("two root causes have the id `{id}`"));
        }
        let statement =
            c.required(&["root_causes", &index, "statement"], &r.statement, "this root cause's `statement`");
        root_causes.push(RootCause { id, index: i, statement });
    }
    Challenge { data: nonempty(&f.data), root_causes }
}
