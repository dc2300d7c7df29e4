//! A strategy's page (goals with charts, benchmarks by quarter, action steps in sequence)
//! and the strategy summaries of the index pages.

use serde::Serialize;

use crate::content::Kind;
use crate::format;
use crate::model::*;
use crate::present::{Ctx, Ref};

#[derive(Serialize)]
pub struct StrategyListing {
    pub link: Ref,
    pub goals: usize,
    pub steps_done: usize,
    pub steps_total: usize,
    pub steps_overdue: usize,
}

pub fn strategy_listing(cx: &Ctx, i: usize) -> StrategyListing {
    match &cx.site.pages[i].data {
        PageData::Strategy(s) => StrategyListing {
            link: cx.page(i),
            goals: s.goals.len(),
            steps_done: s.action_steps.iter().filter(|a| a.status == Status::Done).count(),
            steps_total: s.action_steps.len(),
            steps_overdue: overdue_steps(s),
        },
        _ => StrategyListing { link: cx.page(i), goals: 0, steps_done: 0, steps_total: 0, steps_overdue: 0 },
    }
}

#[derive(Serialize)]
pub struct GoalView {
    pub id: String,
    pub short: Option<String>,
    pub statement: String,
    pub measure: Option<String>,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub latest: Option<String>,
    pub latest_date: Option<String>,
    pub direction: Direction,
    pub measurements: Vec<(String, String)>,
    pub status: Option<String>,
    /// What the line from baseline to target predicted for the latest value's date.
    pub expected: Option<String>,
    /// The progress chart (inline SVG), when there is something to draw.
    pub chart: Option<String>,
    /// Measurements up to the as-of date: (short date, value).
    pub measured: Vec<(String, String)>,
    pub latest_short_date: Option<String>,
    /// Interim targets: (quarter, target).
    pub milestones: Vec<(String, String)>,
    /// Targets for later school years: (year, value).
    pub targets: Vec<(String, String)>,
    /// Whether `expected` is a milestone (else the straight line).
    pub by_milestone: bool,
}

#[derive(Serialize)]
pub struct BenchmarkView {
    pub id: String,
    pub short: Option<String>,
    pub statement: String,
    pub goals: Vec<Ref>,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub actual: Option<String>,
    pub direction: Direction,
    pub source: Option<String>,
    /// HTML (its `@/` links resolved).
    pub evidence: Option<String>,
    pub status: Option<String>,
}

#[derive(Serialize)]
pub struct QuarterView {
    pub name: String,
    pub dates: Option<String>,
    pub benchmarks: Vec<BenchmarkView>,
    /// The quarter at the as-of date (in a break, the one that just ended).
    pub current: bool,
    /// Whether it has started by the as-of date.
    pub started: bool,
}

#[derive(Serialize)]
pub struct StepView {
    pub id: String,
    pub number: usize,
    pub short: Option<String>,
    pub action: String,
    pub owners: Vec<Ref>,
    pub support: Vec<Ref>,
    pub start: Option<String>,
    pub due: Option<String>,
    /// Timing in words, as written.
    pub when: Option<String>,
    /// HTML (its `@/` links resolved).
    pub evidence: Option<String>,
    pub completed: Option<String>,
    pub resources: Option<String>,
    pub funding: Option<String>,
    pub benchmarks: Vec<Ref>,
    pub status: String,
    /// The step's own status (`status` says `overdue` instead when it is late).
    pub recorded_status: String,
    pub overdue: bool,
    pub quarter: Option<String>,
}

#[derive(Serialize)]
pub struct StrategyView {
    pub description: Option<String>,
    pub area: Option<String>,
    /// The challenges (and root causes) the strategy answers.
    pub addresses: Vec<super::challenge::AddressView>,
    pub team: Option<Ref>,
    pub owner: Option<Ref>,
    pub challenge: Option<String>,
    pub root_causes: Vec<String>,
    pub supports: Vec<Ref>,
    pub supported_by: Vec<Ref>,
    pub goals: Vec<GoalView>,
    pub quarters: Vec<QuarterView>,
    pub action_steps: Vec<StepView>,
    pub steps_done: usize,
    pub reflections: Vec<Reflection>,
    pub steps_total: usize,
    pub steps_overdue: usize,
    /// The name of the quarter at the as-of date.
    pub current_quarter: Option<String>,
    /// Whether a goal has interim targets (the chart key then explains their marks).
    pub has_milestones: bool,
}

pub fn strategy(cx: &Ctx, page: &Page, s: &Strategy) -> StrategyView {
    let action_steps = s.action_steps.iter().enumerate().map(|(n, a)| step_view(cx, page, s, n, a)).collect();
    StrategyView {
        description: s.description.clone(),
        area: s.area.clone(),
        addresses: super::challenge::addresses(cx, s),
        team: s.team.as_ref().map(|t| cx.to(Kind::Team, t)),
        owner: s.owner.as_ref().map(|o| cx.owner(o)),
        challenge: s.challenge.clone(),
        root_causes: s.root_causes.clone(),
        supports: s
            .supports
            .iter()
            .filter(|id| cx.site.get(Kind::Strategy, id).is_some())
            .map(|id| cx.to(Kind::Strategy, id))
            .collect(),
        supported_by: cx
            .rel
            .supported_by
            .get(&page.id)
            .map_or_else(Vec::new, |l| l.iter().map(|&i| cx.page(i)).collect()),
        goals: s.goals.iter().map(|g| goal_view(cx, page, g)).collect(),
        quarters: benchmark_grid(cx, page, s),
        steps_done: s.action_steps.iter().filter(|a| a.status == Status::Done).count(),
        action_steps,
        reflections: s.reflections.clone(),
        steps_total: s.action_steps.len(),
        steps_overdue: overdue_steps(s),
        current_quarter: status::quarter_at(&cx.site.config, cx.site.scope.as_of).map(|q| q.name.clone()),
        has_milestones: s.goals.iter().any(|g| !g.milestones.is_empty()),
    }
}

/// The rendered `evidence` of an entry of the strategy written at `page`.
fn snippet(cx: &Ctx, page: &Page, list: &str, index: usize) -> Option<String> {
    let i = cx.site.index_of(Kind::Strategy, &page.id)?;
    let key = format!("{list}/{index}/evidence");
    cx.body(i).snippets.iter().find(|(k, _)| *k == key).map(|(_, html)| html.clone())
}

fn goal_view(cx: &Ctx, page: &Page, g: &Goal) -> GoalView {
    let unit = g.unit.as_deref();
    let latest = g.latest.as_ref();
    GoalView {
        id: g.id.clone(),
        short: g.short.clone(),
        milestones: g.milestones.iter().map(|m| (m.quarter.clone(), format::value(m.target, unit))).collect(),
        targets: g.targets.iter().map(|t| (t.year.clone(), format::value(t.value, unit))).collect(),
        by_milestone: !g.milestones.is_empty() && g.expected.is_some(),
        statement: g.statement.clone(),
        measure: g.measure.clone(),
        baseline: g.baseline.map(|v| format::value(v, unit)),
        target: g.target.map(|v| format::value(v, unit)),
        latest: latest.map(|m| format::value(m.value, unit)),
        latest_date: latest.map(|m| format::long_date(m.date)),
        direction: g.direction,
        measurements: g
            .measurements
            .iter()
            .map(|m| (format::long_date(m.date), format::value(m.value, unit)))
            .collect(),
        measured: g
            .measurements
            .iter()
            .filter(|m| m.date <= cx.site.scope.as_of)
            .map(|m| (format::short_date(m.date), format::value(m.value, unit)))
            .collect(),
        latest_short_date: latest.map(|m| format::short_date(m.date)),
        status: Some(g.effective_status.to_string()),
        expected: g.expected.map(|v| format::value((v * 10.0).round() / 10.0, unit)),
        chart: goal_chart(cx, page, g),
    }
}

/// The benchmarks by quarter, in the site's quarter order, with the site's quarters the
/// strategy has none in yet.
fn benchmark_grid(cx: &Ctx, page: &Page, s: &Strategy) -> Vec<QuarterView> {
    let mut quarters: Vec<QuarterView> = Vec::new();
    for b in &s.benchmarks {
        let name = b.quarter.clone().unwrap_or_else(|| "Any time".to_string());
        let view = benchmark_view(cx, page, s, b);
        match quarters.iter_mut().find(|q| q.name == name) {
            Some(q) => q.benchmarks.push(view),
            None => {
                let dates = cx.site.config.quarter(&name).map(quarter_dates);
                quarters.push(QuarterView { name, dates, benchmarks: vec![view], current: false, started: true });
            }
        }
    }
    mark_quarters(cx, &mut quarters);
    let order = |name: &str| cx.site.config.quarters.iter().position(|q| q.name == name).unwrap_or(usize::MAX);
    quarters.sort_by(|a, b| (order(&a.name), &a.name).cmp(&(order(&b.name), &b.name)));
    quarters
}

fn benchmark_view(cx: &Ctx, page: &Page, s: &Strategy, b: &Benchmark) -> BenchmarkView {
    let unit = b.unit.as_deref();
    BenchmarkView {
        id: b.id.clone(),
        short: b.short.clone(),
        evidence: snippet(cx, page, "benchmarks", b.index),
        statement: b.statement.clone(),
        goals: b.goals.iter().filter(|g| s.goal(g).is_some()).map(|g| cx.entry(&page.id, g, g.clone())).collect(),
        baseline: b.baseline.map(|v| format::value(v, unit)),
        target: b.target.map(|v| format::value(v, unit)),
        actual: b.actual.map(|v| format::value(v, unit)),
        direction: b.direction,
        source: b.source.clone(),
        status: Some(b.effective_status.to_string()),
    }
}

fn step_view(cx: &Ctx, page: &Page, s: &Strategy, n: usize, a: &ActionStep) -> StepView {
    StepView {
        id: a.id.clone(),
        number: n + 1,
        short: a.short.clone(),
        action: a.action.clone(),
        owners: cx.owners(&a.owners),
        support: cx.owners(&a.support),
        start: a.start.map(format::long_date),
        due: a.due.map(format::long_date),
        when: a.when.clone(),
        evidence: snippet(cx, page, "action_steps", a.index),
        completed: a.completed.map(format::long_date),
        resources: a.resources.clone(),
        funding: a.funding.clone(),
        benchmarks: a
            .benchmarks
            .iter()
            .filter(|b| s.benchmark(b).is_some())
            .map(|b| cx.entry(&page.id, b, b.clone()))
            .collect(),
        status: a.effective_status.to_string(),
        recorded_status: a.status.to_string(),
        overdue: a.effective_status == Status::Overdue,
        quarter: a.due.and_then(|d| status::quarter_at(&cx.site.config, d)).map(|q| q.name.clone()),
    }
}

pub fn overdue_steps(s: &Strategy) -> usize {
    s.action_steps.iter().filter(|a| a.effective_status == Status::Overdue).count()
}

fn goal_chart(cx: &Ctx, page: &Page, g: &Goal) -> Option<String> {
    let id = format!("{}-{}", page.id, g.id);
    crate::views::chart::goal_chart(&crate::views::chart::ChartInput {
        id: &id,
        goal: g,
        config: &cx.site.config,
        as_of: cx.site.scope.as_of,
    })
}

pub fn quarter_dates(q: &crate::config::Quarter) -> String {
    format!("{} – {}", format::short_date(q.start), format::long_date(q.end))
}

/// Completes a strategy's benchmark grid with the site's quarters it has no benchmark in
/// yet, and marks which quarter is current and which have started.
fn mark_quarters(cx: &Ctx, quarters: &mut Vec<QuarterView>) {
    let config = &cx.site.config;
    let as_of = cx.site.scope.as_of;
    if !quarters.is_empty() {
        for q in &config.quarters {
            if !quarters.iter().any(|v| v.name == q.name) {
                let dates = Some(quarter_dates(q));
                quarters.push(QuarterView {
                    name: q.name.clone(),
                    dates,
                    benchmarks: vec![],
                    current: false,
                    started: true,
                });
            }
        }
    }
    let current = status::quarter_at(config, as_of).map(|q| q.name.as_str());
    for v in quarters.iter_mut() {
        v.current = current == Some(v.name.as_str());
        v.started = config.quarter(&v.name).is_none_or(|q| q.start <= as_of);
    }
}

/// Every strategy's listing, in page order.
pub fn listings(cx: &Ctx) -> Vec<StrategyListing> {
    let pages = cx.site.pages.iter().enumerate();
    pages.filter(|(_, p)| p.kind == Kind::Strategy).map(|(i, _)| strategy_listing(cx, i)).collect()
}

/// The strategies index: every strategy in full, and links to each.
pub fn insert_index(context: &mut tera::Context, cx: &Ctx) {
    let site = cx.site;
    let list: Vec<StrategyView> = site.strategies().map(|(p, s)| strategy(cx, p, s)).collect();
    let pages = site.pages.iter().enumerate();
    let links: Vec<Ref> = pages.filter(|(_, p)| p.kind == Kind::Strategy).map(|(i, _)| cx.page(i)).collect();
    context.insert("strategies", &list);
    context.insert("strategy_links", &links);
}
