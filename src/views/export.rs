//! The plan as data: `plan.json` (every visible strategy, goal, benchmark and action step
//! with its status at the as-of date) and `action-steps.csv` (one row per action step).
//! Both are built from the model only, so nothing hidden from the build can reach them.
//! Their shape is documented in docs/guide/progress.md ("Exports"); change it only by adding fields.

use serde::Serialize;

use crate::content::Kind;
use crate::model::status::quarter_at;
use crate::model::{
    ActionStep, Audience, Benchmark, Challenge, Direction, Goal, Page, Relations, Site, Status, Strategy,
};
use crate::util::link_target;

pub const PLAN_JSON: &str = "plan.json";
pub const STEPS_CSV: &str = "action-steps.csv";

/// The version of plan.json's shape; bumped only if a field changes meaning or goes away.
pub const PLAN_VERSION: u32 = 1;

/// Both exports: output path → bytes.
pub fn files(site: &Site, rel: &Relations) -> Vec<(String, Vec<u8>)> {
    vec![(PLAN_JSON.to_string(), plan_json(site, rel)), (STEPS_CSV.to_string(), action_steps_csv(site))]
}

#[derive(Serialize)]
struct Plan<'a> {
    format: &'static str,
    version: u32,
    site: SiteInfo<'a>,
    quarters: &'a [crate::config::Quarter],
    strategies: Vec<StrategyData<'a>>,
    /// The priority performance challenges, with their root causes.
    challenges: Vec<ChallengeData<'a>>,
}

#[derive(Serialize)]
struct ChallengeData<'a> {
    id: &'a str,
    title: &'a str,
    url: &'a str,
    data: Option<&'a str>,
    root_causes: Vec<RootCauseData<'a>>,
    /// The strategies that address it (or one of its root causes).
    addressed_by: Vec<&'a str>,
}

#[derive(Serialize)]
struct RootCauseData<'a> {
    id: &'a str,
    statement: &'a str,
    addressed_by: Vec<&'a str>,
}

#[derive(Serialize)]
struct AddressData<'a> {
    challenge: &'a str,
    root_cause: Option<&'a str>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    school_year: Option<&'a str>,
    as_of: String,
    /// The quarter at the as-of date (in a break, the one that just ended).
    quarter: Option<&'a str>,
    audience: &'static str,
}

/// A person or team named by id; `name` is null when that page is not published.
#[derive(Serialize)]
struct Who {
    id: String,
    name: Option<String>,
}

#[derive(Serialize)]
struct StrategyData<'a> {
    id: &'a str,
    title: &'a str,
    url: &'a str,
    description: Option<&'a str>,
    area: Option<&'a str>,
    addresses: Vec<AddressData<'a>>,
    challenge: Option<&'a str>,
    root_causes: &'a [String],
    team: Option<Who>,
    owner: Option<Who>,
    supports: Vec<&'a str>,
    supported_by: Vec<&'a str>,
    goals: Vec<GoalData<'a>>,
    benchmarks: Vec<BenchmarkData<'a>>,
    action_steps: Vec<StepData<'a>>,
}

#[derive(Serialize)]
struct Point {
    date: String,
    value: f64,
}

#[derive(Serialize)]
struct GoalData<'a> {
    id: &'a str,
    short: Option<&'a str>,
    statement: &'a str,
    measure: Option<&'a str>,
    unit: Option<&'a str>,
    baseline: Option<f64>,
    target: Option<f64>,
    direction: Direction,
    measurements: Vec<Point>,
    targets: &'a [crate::model::YearTarget],
    milestones: &'a [crate::model::Milestone],
    latest: Option<Point>,
    expected: Option<f64>,
    status: Status,
    status_explicit: bool,
}

#[derive(Serialize)]
struct BenchmarkData<'a> {
    id: &'a str,
    short: Option<&'a str>,
    quarter: Option<&'a str>,
    goals: Vec<&'a str>,
    statement: &'a str,
    unit: Option<&'a str>,
    baseline: Option<f64>,
    target: Option<f64>,
    direction: Direction,
    actual: Option<f64>,
    source: Option<&'a str>,
    evidence: Option<&'a str>,
    status: Status,
    status_explicit: bool,
}

#[derive(Serialize)]
struct StepData<'a> {
    id: &'a str,
    short: Option<&'a str>,
    action: &'a str,
    /// The first of `owners` (kept for readers of version 1).
    owner: Option<Who>,
    owners: Vec<Who>,
    support: Vec<Who>,
    start: Option<String>,
    due: Option<String>,
    when: Option<&'a str>,
    completed: Option<String>,
    quarter: Option<&'a str>,
    resources: Option<&'a str>,
    funding: Option<&'a str>,
    evidence: Option<&'a str>,
    benchmarks: Vec<&'a str>,
    status: Status,
    recorded_status: &'a str,
    overdue: bool,
}

fn iso(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Rounds a computed value so that the file reads well and stays stable across platforms.
fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn who(site: &Site, id: &str) -> Who {
    let name = site.owner(id).map(|p| p.title.clone()).or_else(|| site.role(id).map(|r| r.title.clone()));
    Who { id: id.to_string(), name }
}

pub fn plan_json(site: &Site, rel: &Relations) -> Vec<u8> {
    let plan = Plan {
        format: "clockwork-plan",
        version: PLAN_VERSION,
        site: SiteInfo {
            title: &site.config.title,
            school_year: site.config.school_year.as_deref(),
            as_of: iso(site.scope.as_of),
            quarter: quarter_at(&site.config, site.scope.as_of).map(|q| q.name.as_str()),
            audience: match site.scope.audience {
                Audience::Public => "public",
                Audience::Staff => "staff",
            },
        },
        quarters: &site.config.quarters,
        strategies: site.strategies().map(|(p, s)| strategy(site, rel, p, s)).collect(),
        challenges: site.challenges().map(|(p, c)| challenge(site, rel, p, c)).collect(),
    };
    let mut json = serde_json::to_vec_pretty(&plan).unwrap_or_default();
    json.push(b'\n');
    json
}

fn challenge<'a>(site: &'a Site, rel: &'a Relations, page: &'a Page, c: &'a Challenge) -> ChallengeData<'a> {
    let by = |root_cause: Option<&str>| -> Vec<&'a str> {
        let list = rel.addressed_by.get(&page.id).map(Vec::as_slice).unwrap_or(&[]);
        let mut ids: Vec<&str> = list
            .iter()
            .filter(|(_, rc)| root_cause.is_none() || rc.as_deref() == root_cause)
            .map(|(i, _)| site.pages[*i].id.as_str())
            .collect();
        ids.dedup();
        ids
    };
    ChallengeData {
        id: &page.id,
        title: &page.title,
        url: link_target(&page.url, site.config.pretty_links),
        data: c.data.as_deref(),
        root_causes: c
            .root_causes
            .iter()
            .map(|r| RootCauseData { id: &r.id, statement: &r.statement, addressed_by: by(Some(&r.id)) })
            .collect(),
        addressed_by: by(None),
    }
}

fn strategy<'a>(site: &'a Site, rel: &'a Relations, page: &'a Page, s: &'a Strategy) -> StrategyData<'a> {
    let goal_ids: Vec<&str> = s.goals.iter().map(|g| g.id.as_str()).collect();
    let benchmark_ids: Vec<&str> = s.benchmarks.iter().map(|b| b.id.as_str()).collect();
    StrategyData {
        id: &page.id,
        title: &page.title,
        url: link_target(&page.url, site.config.pretty_links),
        description: s.description.as_deref(),
        area: s.area.as_deref(),
        // Only published challenges: an id of a staff-only one would leak it.
        addresses: s
            .addresses
            .iter()
            .filter(|a| site.get(Kind::Challenge, &a.challenge).is_some())
            .map(|a| AddressData { challenge: &a.challenge, root_cause: a.root_cause.as_deref() })
            .collect(),
        challenge: s.challenge.as_deref(),
        root_causes: &s.root_causes,
        team: s
            .team
            .as_deref()
            .map(|t| Who { id: t.to_string(), name: site.get(Kind::Team, t).map(|p| p.title.clone()) }),
        owner: s.owner.as_deref().map(|o| who(site, o)),
        // Only published strategies: an id of a draft or staff-only one would leak it.
        supports: s.supports.iter().map(String::as_str).filter(|id| site.get(Kind::Strategy, id).is_some()).collect(),
        supported_by: rel
            .supported_by
            .get(&page.id)
            .map_or_else(Vec::new, |l| l.iter().map(|&i| site.pages[i].id.as_str()).collect()),
        goals: s.goals.iter().map(goal_data).collect(),
        benchmarks: s.benchmarks.iter().map(|b| benchmark_data(b, &goal_ids)).collect(),
        action_steps: s.action_steps.iter().map(|a| step_data(site, a, &benchmark_ids)).collect(),
    }
}

fn goal_data(g: &Goal) -> GoalData<'_> {
    GoalData {
        id: &g.id,
        short: g.short.as_deref(),
        statement: &g.statement,
        measure: g.measure.as_deref(),
        unit: g.unit.as_deref(),
        baseline: g.baseline,
        target: g.target,
        direction: g.direction,
        measurements: g.measurements.iter().map(|m| Point { date: iso(m.date), value: m.value }).collect(),
        targets: &g.targets,
        milestones: &g.milestones,
        latest: g.latest.map(|m| Point { date: iso(m.date), value: m.value }),
        expected: g.expected.map(round),
        status: g.effective_status,
        status_explicit: g.status.is_some(),
    }
}

fn benchmark_data<'a>(b: &'a Benchmark, goal_ids: &[&str]) -> BenchmarkData<'a> {
    BenchmarkData {
        id: &b.id,
        short: b.short.as_deref(),
        quarter: b.quarter.as_deref(),
        goals: b.goals.iter().map(String::as_str).filter(|g| goal_ids.contains(g)).collect(),
        statement: &b.statement,
        unit: b.unit.as_deref(),
        baseline: b.baseline,
        target: b.target,
        direction: b.direction,
        actual: b.actual,
        source: b.source.as_deref(),
        evidence: b.evidence.as_deref(),
        status: b.effective_status,
        status_explicit: b.status.is_some(),
    }
}

fn step_data<'a>(site: &'a Site, a: &'a ActionStep, benchmark_ids: &[&str]) -> StepData<'a> {
    StepData {
        id: &a.id,
        short: a.short.as_deref(),
        action: &a.action,
        owner: a.owners.first().map(|o| who(site, o)),
        owners: a.owners.iter().map(|o| who(site, o)).collect(),
        support: a.support.iter().map(|o| who(site, o)).collect(),
        start: a.start.map(iso),
        due: a.due.map(iso),
        when: a.when.as_deref(),
        completed: a.completed.map(iso),
        quarter: a.due.and_then(|d| quarter_at(&site.config, d)).map(|q| q.name.as_str()),
        resources: a.resources.as_deref(),
        funding: a.funding.as_deref(),
        evidence: a.evidence.as_deref(),
        benchmarks: a.benchmarks.iter().map(String::as_str).filter(|b| benchmark_ids.contains(b)).collect(),
        status: a.effective_status,
        recorded_status: a.status.as_str(),
        overdue: a.effective_status == Status::Overdue,
    }
}

/// The CSV's columns, in order.
pub const STEP_COLUMNS: [&str; 10] =
    ["strategy", "id", "action", "owner", "support", "due", "quarter", "status", "when", "evidence"];

/// One row per action step, as a spreadsheet expects it: UTF-8 with a byte-order mark (so
/// that Excel reads accents right), a header row, every field quoted, CRLF line ends.
pub fn action_steps_csv(site: &Site) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let name = |id: &str| site.owner_name(id);
    let mut rows = vec![STEP_COLUMNS.map(str::to_string)];
    for (page, s) in site.strategies() {
        for a in &s.action_steps {
            rows.push([
                page.id.clone(),
                a.id.clone(),
                a.action.clone(),
                a.owners.iter().map(|o| name(o)).collect::<Vec<_>>().join("; "),
                a.support.iter().map(|o| name(o)).collect::<Vec<_>>().join("; "),
                a.due.map(iso).unwrap_or_default(),
                a.due.and_then(|d| quarter_at(&site.config, d)).map(|q| q.name.clone()).unwrap_or_default(),
                a.effective_status.to_string(),
                a.when.clone().unwrap_or_default(),
                a.evidence.clone().unwrap_or_default(),
            ]);
        }
    }
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned()));
    }
    writer.into_inner().unwrap_or_default()
}

/// A cell a spreadsheet shows as text: one that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return would be run as a formula (`=HYPERLINK(…)` phoning out), so it gets a `'`.
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}").into() } else { cell.into() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formula_cells_are_neutralised() {
        for (cell, out) in [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("Train tutors", "Train tutors"),
        ] {
            assert_eq!(super::spreadsheet_safe(cell), out);
        }
    }
}
