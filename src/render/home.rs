//! The home page: the plan at a glance (each strategy's goals, this quarter's benchmarks and
//! action steps by status) and the steps due next.

use serde::Serialize;

use super::strategy::{overdue_steps, quarter_dates};
use crate::content::Kind;
use crate::format;
use crate::model::*;
use crate::present::{Ctx, Ref};

#[derive(Serialize)]
pub struct StatusCount {
    pub status: &'static str,
    pub count: usize,
}

fn count(order: &[Status], statuses: impl Iterator<Item = Status>) -> Vec<StatusCount> {
    let list: Vec<Status> = statuses.collect();
    order.iter().map(|s| StatusCount { status: s.as_str(), count: list.iter().filter(|x| *x == s).count() }).collect()
}

/// A compact status badge that links to its entry on the strategy's page.
#[derive(Serialize)]
pub struct Chip {
    pub label: String,
    pub title: String,
    pub href: Option<String>,
    pub status: String,
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
    pub status: String,
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
    pub strategies: Vec<GlanceRow>,
    /// Every overdue step, then the next few that are due.
    pub next_steps: Vec<DueStep>,
}

const NEXT_STEPS: usize = 6;

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
    let chip = |p: &Page, id: &str, title: &str, st: Status| Chip {
        label: id.to_string(),
        title: title.to_string(),
        href: cx.entry(&p.id, id, String::new()).href,
        status: st.to_string(),
    };
    let rows = strategies
        .iter()
        .map(|&(i, p, s)| GlanceRow {
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
            goals: s.goals.iter().map(|g| chip(p, &g.id, &g.statement, g.effective_status)).collect(),
            benchmarks: s
                .benchmarks
                .iter()
                .filter(in_quarter)
                .map(|b| chip(p, &b.id, &b.statement, b.effective_status))
                .collect(),
            steps_done: s.action_steps.iter().filter(|a| a.effective_status == Status::Done).count(),
            steps_total: s.action_steps.len(),
            steps_overdue: overdue_steps(s),
        })
        .collect();
    let goals = strategies.iter().flat_map(|(_, _, s)| s.goals.iter().map(|g| g.effective_status));
    let benchmarks =
        strategies.iter().flat_map(|(_, _, s)| s.benchmarks.iter().filter(in_quarter).map(|b| b.effective_status));
    let steps = strategies.iter().flat_map(|(_, _, s)| s.action_steps.iter().map(|a| a.effective_status));
    Glance {
        cycle: status::cycle_label(&site.config, site.scope.as_of),
        quarter: quarter.map(|q| q.name.clone()),
        quarter_dates: quarter.map(quarter_dates),
        goals: count(&[Status::Met, Status::OnTrack, Status::InProgress, Status::OffTrack, Status::NoData], goals),
        benchmarks: count(
            &[Status::Met, Status::PartiallyMet, Status::NotMet, Status::NoData, Status::Upcoming],
            benchmarks,
        ),
        steps: count(&[Status::Done, Status::InProgress, Status::NotStarted, Status::Blocked, Status::Overdue], steps),
        strategies: rows,
        next_steps: next_steps(cx, &strategies),
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
            due: a.due.map(format::long_date),
            status: a.effective_status.to_string(),
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
    recent.sort_by_key(|&i| std::cmp::Reverse(site.pages[i].date));
    recent.truncate(RECENT_MEETINGS);
    let recent: Vec<_> = recent.iter().map(|&i| super::agenda::agenda_listing(cx, i)).collect();
    context.insert("recent_agendas", &recent);
    context.insert("other_pages", &super::footer::other_pages(site));
}
