//! The home page: the plan at a glance (each strategy's goals, this quarter's benchmarks and
//! action steps by status) and the steps due next.

use serde::Serialize;

use super::strategy::{StrategyGroup, grouped, overdue_steps, quarter_dates};
use crate::content::Kind;
use crate::model::*;
use crate::present::{Ctx, Ref, StatusView};

#[derive(Serialize)]
pub struct StatusCount {
    pub status: StatusView,
    pub count: usize,
}

fn count(
    order: &[Status],
    statuses: impl Iterator<Item = Status>,
    words: impl Fn(Status) -> StatusView,
) -> Vec<StatusCount> {
    let list: Vec<Status> = statuses.collect();
    // Only the statuses something has: "0 not met" is noise to a reader.
    let counts =
        order.iter().map(|&s| StatusCount { status: words(s), count: list.iter().filter(|x| **x == s).count() });
    counts.filter(|c| c.count > 0).collect()
}

/// A goal or benchmark with its status, linked to its entry on the strategy's page.
#[derive(Serialize)]
pub struct Chip {
    /// A goal's `short` or its statement in full; a benchmark's label.
    pub label: String,
    pub href: Option<String>,
    pub status: StatusView,
}

#[derive(Serialize)]
pub struct GlanceRow {
    pub link: Ref,
    pub owner: Option<Ref>,
    pub supports: Vec<Ref>,
    pub supported_by: Vec<Ref>,
    pub goals: Vec<Chip>,
    /// This quarter's benchmarks.
    pub benchmarks: Vec<Chip>,
    pub steps_done: usize,
    pub steps_total: usize,
    pub steps_overdue: usize,
}

#[derive(Serialize)]
pub struct DueStep {
    pub strategy: Ref,
    pub step: Ref,
    pub owners: Vec<Ref>,
    pub due: Option<String>,
    pub status: StatusView,
}

/// The home page's "plan at a glance".
#[derive(Serialize)]
pub struct Glance {
    /// Where the as-of date sits: "Q2", "between Q1 and Q2".
    pub cycle: Option<String>,
    /// The quarter whose benchmarks are shown (in a break, the one that just ended).
    pub quarter: Option<String>,
    pub quarter_dates: Option<String>,
    pub goals: Vec<StatusCount>,
    pub benchmarks: Vec<StatusCount>,
    pub steps: Vec<StatusCount>,
    /// The strategies, under their district or school, by goal area.
    pub groups: Vec<StrategyGroup<GlanceRow>>,
    /// Whether the groups need headings (more than one team, or any goal area).
    pub headed: bool,
    /// Every overdue step, then the next few that are due.
    pub next_steps: Vec<DueStep>,
}

const NEXT_STEPS: usize = 6;

const GOAL_ORDER: [Status; 6] =
    [Status::Met, Status::Reached, Status::OnTrack, Status::InProgress, Status::OffTrack, Status::NoData];
const BENCHMARK_ORDER: [Status; 6] =
    [Status::Met, Status::PartiallyMet, Status::NotMet, Status::Pending, Status::NoData, Status::Upcoming];
const STEP_ORDER: [Status; 5] =
    [Status::Done, Status::InProgress, Status::NotStarted, Status::Blocked, Status::Overdue];

pub fn glance(cx: &Ctx) -> Glance {
    let site = cx.site;
    let quarter = status::quarter_at(&site.config, site.scope.as_of);
    let in_quarter = |b: &&Benchmark| quarter.is_some() && b.quarter.as_deref() == quarter.map(|q| q.name.as_str());
    let strategies: Vec<(usize, &Page, &Strategy)> = site
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| if let PageData::Strategy(s) = &p.data { Some((i, p, s)) } else { None })
        .collect();
    let groups = grouped(cx, |i, p, s| glance_row(cx, i, p, s, &in_quarter));
    let goals = strategies.iter().flat_map(|(_, _, s)| s.goals.iter().map(|g| g.effective_status));
    let benchmarks =
        strategies.iter().flat_map(|(_, _, s)| s.benchmarks.iter().filter(in_quarter).map(|b| b.effective_status));
    let steps = strategies.iter().flat_map(|(_, _, s)| s.action_steps.iter().map(|a| a.effective_status));
    // This quarter's pending benchmarks are all due by its end.
    let benchmark_words = |st: Status| match (st, quarter) {
        (Status::Pending, Some(q)) => StatusView::due_by(cx.words(), q.end),
        _ => cx.status(st),
    };
    Glance {
        cycle: status::cycle_label(&site.config, site.scope.as_of),
        quarter: quarter.map(|q| q.name.clone()),
        quarter_dates: quarter.map(|q| quarter_dates(cx.words(), q)),
        goals: count(&GOAL_ORDER, goals, |s| cx.status(s)),
        benchmarks: count(&BENCHMARK_ORDER, benchmarks, benchmark_words),
        steps: count(&STEP_ORDER, steps, |s| cx.status(s)),
        headed: groups.len() > 1 || groups.iter().any(|g| g.areas.iter().any(|a| a.area.is_some())),
        groups,
        next_steps: next_steps(cx, &strategies),
    }
}

fn glance_row(cx: &Ctx, i: usize, p: &Page, s: &Strategy, in_quarter: &dyn Fn(&&Benchmark) -> bool) -> GlanceRow {
    let site = cx.site;
    GlanceRow {
        link: cx.page(i),
        owner: s.owner.as_ref().map(|o| cx.owner(o)),
        supports: s
            .supports
            .iter()
            .filter_map(|id| site.index_of(Kind::Strategy, id))
            .map(|j| cx.short(j, 48))
            .collect(),
        supported_by: cx
            .rel
            .supported_by
            .get(&p.id)
            .map_or_else(Vec::new, |l| l.iter().map(|&j| cx.short(j, 48)).collect()),
        goals: s
            .goals
            .iter()
            .map(|g| Chip {
                label: g.short.clone().unwrap_or_else(|| g.statement.clone()),
                href: cx.entry(&p.id, &g.id, String::new()).href,
                status: cx.status(g.effective_status),
            })
            .collect(),
        benchmarks: s
            .benchmarks
            .iter()
            .filter(in_quarter)
            .map(|b| Chip { label: cx.label(b), href: cx.entry_ref(&p.id, b).href, status: cx.benchmark_status(b) })
            .collect(),
        steps_done: s.action_steps.iter().filter(|a| a.effective_status == Status::Done).count(),
        steps_total: s.action_steps.len(),
        steps_overdue: overdue_steps(s),
    }
}

fn next_steps(cx: &Ctx, strategies: &[(usize, &Page, &Strategy)]) -> Vec<DueStep> {
    let mut open: Vec<(bool, chrono::NaiveDate, usize, &Page, &ActionStep)> = strategies
        .iter()
        .flat_map(|&(i, p, s)| s.action_steps.iter().map(move |a| (i, p, a)))
        .filter(|(_, _, a)| a.effective_status != Status::Done)
        .filter_map(|(i, p, a)| Some((a.effective_status != Status::Overdue, a.due?, i, p, a)))
        .collect();
    open.sort_by(|a, b| (a.0, a.1, &a.3.id, a.4.index).cmp(&(b.0, b.1, &b.3.id, b.4.index)));
    let overdue = open.iter().filter(|x| !x.0).count();
    open.truncate(overdue + NEXT_STEPS);
    open.into_iter()
        .map(|(_, _, i, p, a)| DueStep {
            strategy: cx.page(i),
            step: cx.entry(&p.id, &a.id, a.action.clone()),
            owners: cx.owners(&a.owners),
            due: a.due.map(|d| cx.words().long_date(d)),
            status: cx.status(a.effective_status),
        })
        .collect()
}

/// How many meetings the home page lists.
const RECENT_MEETINGS: usize = 5;

/// The home page's view: the glance, the strategies, the teams, the newest meetings.
pub fn insert(context: &mut tera::Context, cx: &Ctx) {
    let site = cx.site;
    context.insert("glance", &glance(cx));
    context.insert("strategies", &super::strategy::listings(cx));
    context.insert("team_groups", &super::team::team_groups(cx));
    let mut recent: Vec<usize> =
        site.pages.iter().enumerate().filter(|(_, p)| p.kind == Kind::Agenda).map(|(i, _)| i).collect();
    // Newest first by the meeting's date; the same day's by its clock time, then its file.
    recent.sort_by_key(|&i| {
        let start = match &site.pages[i].data {
            PageData::Agenda(a) => a.start,
            _ => None,
        };
        std::cmp::Reverse((site.pages[i].date, start, std::cmp::Reverse(i)))
    });
    recent.truncate(RECENT_MEETINGS);
    let recent: Vec<_> = recent.iter().map(|&i| super::agenda::agenda_listing(cx, i)).collect();
    context.insert("recent_agendas", &recent);
    context.insert("other_pages", &super::footer::other_pages(site));
}
