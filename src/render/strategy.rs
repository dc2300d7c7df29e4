//! A strategy's page (goals with charts, benchmarks by quarter, action steps in sequence)
//! and the strategy summaries of the index pages.

use serde::Serialize;

use crate::content::Kind;
use crate::model::*;
use crate::present::{Ctx, Ref, StatusView};

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
    /// Its `short`, else "Goal 1".
    pub label: String,
    pub short: Option<String>,
    pub statement: String,
    pub measure: Option<String>,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub latest: Option<String>,
    pub latest_date: Option<String>,
    pub direction: Direction,
    pub measurements: Vec<(String, String)>,
    pub status: StatusView,
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
    /// Its `short`, else "Benchmark 2".
    pub label: String,
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
    pub status: StatusView,
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
    /// Its `short`, else "Step 3".
    pub label: String,
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
    pub status: StatusView,
    /// The step's own status in words (`status` says overdue instead when it is late).
    pub recorded_status: String,
    /// The status as written (`in-progress`), which the edit form starts on.
    pub recorded: &'static str,
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
    /// Whether a goal has a chart (the chart key is shown only then).
    pub has_charts: bool,
}

pub fn strategy(cx: &Ctx, page: &Page, s: &Strategy) -> StrategyView {
    let action_steps = s.action_steps.iter().map(|a| step_view(cx, page, s, a)).collect();
    let goals: Vec<GoalView> = s.goals.iter().map(|g| goal_view(cx, page, g)).collect();
    let goals_have_charts = goals.iter().any(|g| g.chart.is_some());
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
        goals,
        quarters: benchmark_grid(cx, page, s),
        steps_done: s.action_steps.iter().filter(|a| a.status == Status::Done).count(),
        action_steps,
        reflections: s.reflections.clone(),
        steps_total: s.action_steps.len(),
        steps_overdue: overdue_steps(s),
        current_quarter: status::quarter_at(&cx.site.config, cx.site.scope.as_of).map(|q| q.name.clone()),
        has_milestones: s.goals.iter().any(|g| !g.milestones.is_empty()),
        has_charts: goals_have_charts,
    }
}

/// The rendered `evidence` of an entry of the strategy written at `page`. Its links are
/// relative to the strategy's page; on another page (the plan packet) they are rebased.
fn snippet(cx: &Ctx, page: &Page, list: &str, index: usize) -> Option<String> {
    let i = cx.site.index_of(Kind::Strategy, &page.id)?;
    let key = format!("{list}/{index}/evidence");
    let html = cx.body(i).snippets.iter().find(|(k, _)| *k == key).map(|(_, html)| html.as_str())?;
    let written_for = crate::util::root_prefix(&page.url);
    if written_for == cx.prefix() {
        return Some(html.to_string());
    }
    let mut out = html.to_string();
    for attr in ["href", "src"] {
        out = out.replace(&format!("{attr}=\"{written_for}"), &format!("{attr}=\"{}", cx.prefix()));
    }
    Some(out)
}

fn goal_view(cx: &Ctx, page: &Page, g: &Goal) -> GoalView {
    let unit = g.unit.as_deref();
    let latest = g.latest.as_ref();
    GoalView {
        id: g.id.clone(),
        label: cx.label(g),
        short: g.short.clone(),
        milestones: g.milestones.iter().map(|m| (m.quarter.clone(), cx.words().value(m.target, unit))).collect(),
        targets: g.targets.iter().map(|t| (t.year.clone(), cx.words().value(t.value, unit))).collect(),
        by_milestone: !g.milestones.is_empty() && g.expected.is_some(),
        statement: g.statement.clone(),
        measure: g.measure.clone(),
        baseline: g.baseline.map(|v| cx.words().value(v, unit)),
        target: g.target.map(|v| cx.words().value(v, unit)),
        latest: latest.map(|m| cx.words().value(m.value, unit)),
        latest_date: latest.map(|m| cx.words().long_date(m.date)),
        direction: g.direction,
        measurements: g
            .measurements
            .iter()
            .map(|m| (cx.words().long_date(m.date), cx.words().value(m.value, unit)))
            .collect(),
        measured: g
            .measurements
            .iter()
            .filter(|m| m.date <= cx.site.scope.as_of)
            .map(|m| (cx.words().short_date(m.date), cx.words().value(m.value, unit)))
            .collect(),
        latest_short_date: latest.map(|m| cx.words().short_date(m.date)),
        status: cx.status(g.effective_status),
        expected: g.expected.map(|v| cx.words().value((v * 10.0).round() / 10.0, unit)),
        chart: goal_chart(cx, page, g),
    }
}

/// The benchmarks by quarter, in the site's quarter order, with the site's quarters the
/// strategy has none in yet.
fn benchmark_grid(cx: &Ctx, page: &Page, s: &Strategy) -> Vec<QuarterView> {
    let mut quarters: Vec<QuarterView> = Vec::new();
    for b in &s.benchmarks {
        let name = b.quarter.clone().unwrap_or_else(|| cx.words().text("entry.any_time").to_string());
        let view = benchmark_view(cx, page, s, b);
        match quarters.iter_mut().find(|q| q.name == name) {
            Some(q) => q.benchmarks.push(view),
            None => {
                let dates = cx.site.config.quarter(&name).map(|q| quarter_dates(cx.words(), q));
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
        label: cx.label(b),
        short: b.short.clone(),
        evidence: snippet(cx, page, "benchmarks", b.index),
        statement: b.statement.clone(),
        goals: b.goals.iter().filter_map(|g| s.goal(g)).map(|g| cx.entry_ref(&page.id, g)).collect(),
        baseline: b.baseline.map(|v| cx.words().value(v, unit)),
        target: b.target.map(|v| cx.words().value(v, unit)),
        actual: b.actual.map(|v| cx.words().value(v, unit)),
        direction: b.direction,
        source: b.source.clone(),
        status: cx.benchmark_status(b),
    }
}

fn step_view(cx: &Ctx, page: &Page, s: &Strategy, a: &ActionStep) -> StepView {
    StepView {
        id: a.id.clone(),
        number: a.place,
        label: cx.label(a),
        short: a.short.clone(),
        action: a.action.clone(),
        owners: cx.owners(&a.owners),
        support: cx.owners(&a.support),
        start: a.start.map(|d| cx.words().long_date(d)),
        due: a.due.map(|d| cx.words().long_date(d)),
        when: a.when.clone(),
        evidence: snippet(cx, page, "action_steps", a.index),
        completed: a.completed.map(|d| cx.words().long_date(d)),
        resources: a.resources.clone(),
        funding: a.funding.clone(),
        benchmarks: a.benchmarks.iter().filter_map(|b| s.benchmark(b)).map(|b| cx.entry_ref(&page.id, b)).collect(),
        status: cx.status(a.effective_status),
        recorded_status: cx.status(a.status).label,
        recorded: a.status.as_str(),
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
        words: cx.words(),
        label: &cx.label(g),
        goal: g,
        config: &cx.site.config,
        as_of: cx.site.scope.as_of,
    })
}

pub fn quarter_dates(w: &crate::i18n::Words, q: &crate::config::Quarter) -> String {
    w.fill("date.range", &[("from", &w.short_date(q.start)), ("to", &w.long_date(q.end))])
}

/// Completes a strategy's benchmark grid with the site's quarters it has no benchmark in
/// yet, and marks which quarter is current and which have started.
fn mark_quarters(cx: &Ctx, quarters: &mut Vec<QuarterView>) {
    let config = &cx.site.config;
    let as_of = cx.site.scope.as_of;
    if !quarters.is_empty() {
        for q in &config.quarters {
            if !quarters.iter().any(|v| v.name == q.name) {
                let dates = Some(quarter_dates(cx.words(), q));
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

/// Strategies under one district- or school-level team, by goal area.
#[derive(Serialize)]
pub struct StrategyGroup<T> {
    /// The team's level ("district", "school"), None for strategies without a team.
    pub level: Option<String>,
    /// The team the strategies belong to; None for strategies without a team.
    pub team: Option<Ref>,
    pub areas: Vec<AreaGroup<T>>,
}

#[derive(Serialize)]
pub struct AreaGroup<T> {
    pub area: Option<String>,
    pub strategies: Vec<T>,
}

/// The strategies as the home page and the index show them: under the district- or
/// school-level team they belong to (their team, or the nearest team above it at one of
/// the site's first two levels: a satellite team's strategy is its school's), district
/// first; within a team by goal area (alphabetical, strategies without one last); each
/// strategy made by `view`.
pub fn grouped<T>(cx: &Ctx, view: impl Fn(usize, &Page, &Strategy) -> T) -> Vec<StrategyGroup<T>> {
    let site = cx.site;
    let mut keyed: Vec<(Option<usize>, usize, &Page, &Strategy)> = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        if let PageData::Strategy(s) = &page.data {
            keyed.push((s.team.as_deref().and_then(|t| unit_of(site, t)), i, page, s));
        }
    }
    let level_rank = |unit: Option<usize>| match unit.map(|u| &site.pages[u].data) {
        Some(PageData::Team(t)) => {
            let rank = t.level.as_ref().and_then(|l| site.config.levels.iter().position(|x| x == l));
            (0, rank.unwrap_or(usize::MAX))
        }
        _ => (1, 0),
    };
    keyed.sort_by(|a, b| {
        let title = |u: Option<usize>| u.map(|u| site.pages[u].title.to_lowercase());
        (level_rank(a.0), title(a.0), a.0).cmp(&(level_rank(b.0), title(b.0), b.0))
    });
    let mut groups: Vec<StrategyGroup<T>> = Vec::new();
    let mut units: Vec<Option<usize>> = Vec::new();
    for (unit, i, page, s) in keyed {
        if units.last() != Some(&unit) {
            units.push(unit);
            let level = unit.and_then(|u| match &site.pages[u].data {
                PageData::Team(t) => t.level.as_deref().map(|l| cx.words().level(l).to_string()),
                _ => None,
            });
            groups.push(StrategyGroup { level, team: unit.map(|u| cx.page(u)), areas: Vec::new() });
        }
        let areas = &mut groups.last_mut().expect("a group was just pushed").areas;
        match areas.iter_mut().find(|a| a.area == s.area) {
            Some(a) => a.strategies.push(view(i, page, s)),
            None => areas.push(AreaGroup { area: s.area.clone(), strategies: vec![view(i, page, s)] }),
        }
    }
    for g in &mut groups {
        g.areas.sort_by(|a, b| (a.area.is_none(), &a.area).cmp(&(b.area.is_none(), &b.area)));
    }
    groups
}

/// The district- or school-level team a team belongs to: itself when it is at one of the
/// site's first two levels, else the nearest such team above it (by `parent`), else the
/// top of its chain.
fn unit_of(site: &Site, team: &str) -> Option<usize> {
    let tiers = &site.config.levels[..site.config.levels.len().min(2)];
    let mut at = site.index_of(Kind::Team, team)?;
    // At most one step per team: a cycle of parents (an error) cannot loop forever.
    for _ in 0..site.pages.len() {
        let PageData::Team(t) = &site.pages[at].data else { break };
        if t.level.as_ref().is_some_and(|l| tiers.contains(l)) {
            break;
        }
        match t.parent.as_deref().and_then(|p| site.index_of(Kind::Team, p)) {
            Some(up) => at = up,
            None => break,
        }
    }
    Some(at)
}

/// Every strategy's listing, in page order.
pub fn listings(cx: &Ctx) -> Vec<StrategyListing> {
    let pages = cx.site.pages.iter().enumerate();
    pages.filter(|(_, p)| p.kind == Kind::Strategy).map(|(i, _)| strategy_listing(cx, i)).collect()
}

/// A strategy on the strategies index: its link and its view.
#[derive(Serialize)]
pub struct IndexEntry {
    pub link: Ref,
    #[serde(flatten)]
    pub strategy: StrategyView,
}

/// The strategies index: every strategy in full, under its district or school and by goal
/// area, as on the home page.
pub fn insert_index(context: &mut tera::Context, cx: &Ctx) {
    let groups = grouped(cx, |i, p, s| IndexEntry { link: cx.page(i), strategy: strategy(cx, p, s) });
    let headed = groups.len() > 1 || groups.iter().any(|g| g.areas.iter().any(|a| a.area.is_some()));
    context.insert("groups", &groups);
    context.insert("headed", &headed);
}
