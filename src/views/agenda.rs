//! What an agenda page computes: each item's clock time, the minutes planned against the
//! meeting's length, the roles (from the team when the agenda names none), the strategies and
//! benchmarks it serves, and the action items still open from the team's earlier meetings.

use chrono::{Duration, NaiveDate, NaiveTime};
use serde::Serialize;

use crate::config::Clock;
use crate::content::Kind;
use crate::model::{ActionItem, Agenda, AgendaItem, PageData, Relations, Site, Team, planned_minutes};
use crate::present::{Ctx, Ref};

/// When one item runs: from `start`, to `end` when it has minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub start: NaiveTime,
    pub end: Option<NaiveTime>,
}

impl Slot {
    /// "3:30–3:35 pm" (or "15:30–15:35"), or just the start for an item without minutes.
    pub fn text(&self, w: &crate::i18n::Words, clock: Clock) -> String {
        match self.end {
            Some(end) => w.time_range(self.start, end, clock),
            None => w.time(self.start, clock),
        }
    }
}

/// Each item's slot: the meeting's start plus the minutes of the items before it. An item
/// without minutes starts at the running time and takes none. All None without a start.
pub fn clock_times(start: Option<NaiveTime>, items: &[AgendaItem]) -> Vec<Option<Slot>> {
    let Some(mut at) = start else { return vec![None; items.len()] };
    items
        .iter()
        .map(|item| {
            let begin = at;
            let end = item.minutes.map(|m| {
                at = add_minutes(at, m);
                at
            });
            Some(Slot { start: begin, end })
        })
        .collect()
}

/// A clock time plus minutes (past midnight it wraps around, as a clock does).
pub fn add_minutes(t: NaiveTime, minutes: u32) -> NaiveTime {
    t.overflowing_add_signed(Duration::minutes(i64::from(minutes))).0
}

/// Roles that run a meeting; a team member with one of these roles fills it on every agenda
/// that names no roles of its own, and in the agendas `clockwork new agenda` writes.
pub const MEETING_ROLES: [&str; 8] =
    ["facilitator", "co-facilitator", "chair", "co-chair", "lead", "note-taker", "recorder", "timekeeper"];

/// The team's meeting roles: role → person id, the first member with each role, in the
/// order the members are listed.
pub fn team_roles(team: &Team) -> Vec<(String, String)> {
    let mut roles: Vec<(String, String)> = Vec::new();
    for m in &team.members {
        let Some(role) = m.role.as_deref().map(str::trim) else { continue };
        let key = role.to_lowercase();
        if MEETING_ROLES.contains(&key.as_str()) && !roles.iter().any(|(r, _)| r.to_lowercase() == key) {
            roles.push((role.to_string(), m.person.clone()));
        }
    }
    roles
}

/// An agenda's roles as shown: its own, else its team's; and whether they came from the team.
pub fn roles(site: &Site, a: &Agenda) -> (Vec<(String, String)>, bool) {
    if !a.roles.is_empty() {
        return (a.roles.clone(), false);
    }
    match site.get(Kind::Team, &a.team).map(|p| &p.data) {
        Some(PageData::Team(t)) => {
            let roles = team_roles(t);
            let from_team = !roles.is_empty();
            (roles, from_team)
        }
        _ => (Vec::new(), false),
    }
}

/// An action item not yet done, and the agenda (page index) that created it.
#[derive(Debug, Clone, Copy)]
pub struct OpenItem<'a> {
    pub agenda: usize,
    pub item: &'a ActionItem,
}

/// The action items of the team's earlier agendas that are not done: each lives in the
/// agenda that created it and shows on every later agenda until `done: true` is set there.
pub fn still_open<'a>(site: &'a Site, rel: &Relations, index: usize) -> Vec<OpenItem<'a>> {
    let PageData::Agenda(a) = &site.pages[index].data else { return Vec::new() };
    let Some(list) = rel.team_agendas.get(&a.team) else { return Vec::new() };
    let Some(here) = list.iter().position(|&i| i == index) else { return Vec::new() };
    list[..here]
        .iter()
        .flat_map(|&i| match &site.pages[i].data {
            PageData::Agenda(earlier) => {
                earlier.action_items.iter().filter(|x| !x.done).map(|item| OpenItem { agenda: i, item }).collect()
            }
            _ => Vec::new(),
        })
        .collect()
}

/// An open action item as the agenda page shows it.
#[derive(Debug, Serialize)]
pub struct OpenItemView {
    pub task: String,
    pub owner: Option<Ref>,
    pub due: Option<String>,
    /// Due before the meeting's date.
    pub late: bool,
    /// The agenda that created it.
    pub from: Ref,
    pub from_date: Option<String>,
}

pub fn open_item_views(cx: &Ctx, index: usize, meeting: Option<NaiveDate>) -> Vec<OpenItemView> {
    still_open(cx.site, cx.rel, index)
        .into_iter()
        .map(|open| {
            let from_date = match &cx.site.pages[open.agenda].data {
                PageData::Agenda(a) => a.date.map(|d| cx.words().short_date(d)),
                _ => None,
            };
            OpenItemView {
                task: open.item.task.clone(),
                owner: open.item.owner.as_ref().map(|o| cx.owner(o)),
                due: open.item.due.map(|d| cx.words().long_date(d)),
                late: matches!((open.item.due, meeting), (Some(due), Some(day)) if due < day),
                from: cx.page(open.agenda),
                from_date,
            }
        })
        .collect()
}

/// The strategies and benchmarks an agenda's items serve, each once, in the order first named.
pub fn serves(cx: &Ctx, a: &Agenda) -> Vec<Ref> {
    let mut seen: Vec<(String, Option<String>)> = Vec::new();
    let mut out = Vec::new();
    for item in &a.items {
        if let Some(s) = &item.strategy
            && !seen.contains(&(s.clone(), None))
        {
            seen.push((s.clone(), None));
            out.push(cx.to(Kind::Strategy, s));
        }
        if let Some((s, b)) = &item.benchmark
            && !seen.contains(&(s.clone(), Some(b.clone())))
        {
            seen.push((s.clone(), Some(b.clone())));
            out.push(benchmark_ref(cx, s, b));
        }
    }
    out
}

/// A benchmark by its label and statement ("Benchmark 1 (Q1): 90% of …"), linked to its
/// anchor.
pub fn benchmark_ref(cx: &Ctx, strategy: &str, id: &str) -> Ref {
    let text = match cx.site.get(Kind::Strategy, strategy).map(|p| &p.data) {
        Some(PageData::Strategy(s)) => match s.benchmark(id) {
            Some(b) => {
                let statement = crate::util::truncate(&b.statement, 90);
                let label = cx.label(b);
                match b.quarter.as_deref() {
                    Some(q) => cx
                        .words()
                        .fill("entry.benchmark_ref", &[("label", &label), ("quarter", q), ("statement", &statement)]),
                    None => format!("{label}: {statement}"),
                }
            }
            None => format!("{strategy}#{id}"),
        },
        _ => format!("{strategy}#{id}"),
    };
    cx.entry(strategy, id, text)
}

/// The meeting's timing as the page shows it.
#[derive(Debug, Serialize)]
pub struct Timing {
    /// "15:30–16:30".
    pub hours: Option<String>,
    pub planned: u32,
    pub length: Option<u32>,
    /// Minutes planned beyond the meeting's length.
    pub over: u32,
    /// Minutes of the meeting left unplanned.
    pub spare: u32,
}

pub fn timing(w: &crate::i18n::Words, a: &Agenda, clock: Clock) -> Timing {
    let planned = planned_minutes(&a.items);
    Timing {
        hours: a.start.map(|s| Slot { start: s, end: a.minutes.map(|m| add_minutes(s, m)) }.text(w, clock)),
        planned,
        length: a.minutes,
        over: a.minutes.map_or(0, |m| planned.saturating_sub(m)),
        spare: a.minutes.map_or(0, |m| m.saturating_sub(planned)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Member;

    fn item(minutes: Option<u32>) -> AgendaItem {
        AgendaItem {
            index: 0,
            topic: "t".into(),
            minutes,
            kind: None,
            lead: None,
            strategy: None,
            benchmark: None,
            notes: None,
        }
    }

    fn at(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    #[test]
    fn clock_times_run_on_from_the_start() {
        let items = [item(Some(5)), item(None), item(Some(25)), item(Some(30))];
        let texts: Vec<String> = clock_times(Some(at("15:30")), &items)
            .iter()
            .map(|s| s.map(|s| s.text(&crate::i18n::Words::english(), Clock::H24)).unwrap())
            .collect();
        assert_eq!(texts, ["15:30–15:35", "15:35", "15:35–16:00", "16:00–16:30"]);
        assert!(clock_times(None, &items).iter().all(Option::is_none));
    }

    #[test]
    fn huge_minutes_neither_overflow_nor_panic() {
        let items = [item(Some(u32::MAX)), item(Some(u32::MAX))];
        assert_eq!(planned_minutes(&items), u32::MAX);
        assert_eq!(clock_times(Some(at("23:50")), &items[..1])[0].unwrap().start, at("23:50"));
        assert_eq!(add_minutes(at("23:50"), 20), at("00:10"));
    }

    #[test]
    fn team_roles_are_the_first_member_of_each_meeting_role() {
        let member = |person: &str, role: Option<&str>, index| Member {
            person: person.into(),
            role: role.map(String::from),
            index,
        };
        let team = Team {
            members: vec![
                member("ana", Some("Facilitator"), 0),
                member("bo", Some("member"), 1),
                member("cy", Some("note-taker"), 2),
                member("di", Some("facilitator"), 3),
                member("ed", None, 4),
                member("fa", Some("K-2 representative"), 5),
            ],
            ..Team::default()
        };
        assert_eq!(
            team_roles(&team),
            [("Facilitator".to_string(), "ana".to_string()), ("note-taker".to_string(), "cy".to_string())]
        );
    }
}
