//! What each template sees: plain serializable views built from the model for one page,
//! with every link already written relative to that page.

use serde::Serialize;

use super::format;
use crate::content::Kind;
use crate::model::*;
use crate::util::{link_target, root_prefix};

/// A link to a page, or plain text when the page is not published in this build.
#[derive(Debug, Clone, Serialize)]
pub struct Ref {
    pub text: String,
    pub href: Option<String>,
}

/// The rendered Markdown of each page (by page index) and of its agenda items' notes.
#[derive(Debug, Default)]
pub struct Body {
    pub html: String,
    pub summary: String,
    pub text: String,
    pub headings: Vec<crate::markdown::Heading>,
    /// Agenda item position → notes HTML.
    pub notes: Vec<(usize, String)>,
    /// The page's search terms (`views::search::page_terms`); empty when not rendering.
    pub terms: Vec<String>,
}

/// Builds views for the page written at `from`.
pub struct Ctx<'a> {
    pub site: &'a Site,
    pub rel: &'a Relations,
    pub bodies: &'a [Body],
    prefix: String,
}

impl<'a> Ctx<'a> {
    pub fn new(site: &'a Site, rel: &'a Relations, bodies: &'a [Body], from: &str) -> Self {
        Ctx { site, rel, bodies, prefix: root_prefix(from) }
    }

    /// Builds views whose links are absolute, under `base` (a URL ending in `/`): for the 404
    /// page, which a web server shows at whatever depth the missing address had.
    pub fn absolute(site: &'a Site, rel: &'a Relations, bodies: &'a [Body], base: &str) -> Self {
        Ctx { site, rel, bodies, prefix: base.to_string() }
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A relative href to an output path from the site root.
    pub fn href(&self, url: &str) -> String {
        let target = link_target(url, self.site.config.pretty_links);
        let href = format!("{}{target}", self.prefix);
        if href.is_empty() { "./".to_string() } else { href }
    }

    pub fn page(&self, i: usize) -> Ref {
        let p = &self.site.pages[i];
        Ref { text: p.title.clone(), href: Some(self.href(&p.url)) }
    }

    pub fn to(&self, kind: Kind, id: &str) -> Ref {
        match self.site.get(kind, id) {
            Some(p) => Ref { text: p.title.clone(), href: Some(self.href(&p.url)) },
            None => Ref { text: id.to_string(), href: None },
        }
    }

    /// An owner or supporter: a person, else a team.
    pub fn owner(&self, id: &str) -> Ref {
        match self.site.owner(id) {
            Some(p) => Ref { text: p.title.clone(), href: Some(self.href(&p.url)) },
            None => Ref { text: id.to_string(), href: None },
        }
    }

    /// A goal or benchmark of a strategy: a link to its anchor on the strategy's page.
    pub fn entry(&self, strategy: &str, id: &str, text: String) -> Ref {
        match self.site.get(Kind::Strategy, strategy) {
            Some(p) if strategy_has(p, id) => Ref { text, href: Some(format!("{}#{id}", self.href(&p.url))) },
            _ => Ref { text, href: None },
        }
    }

    pub fn body(&self, i: usize) -> &Body {
        &self.bodies[i]
    }

    pub fn summary(&self, i: usize) -> String {
        let p = &self.site.pages[i];
        p.summary.clone().unwrap_or_else(|| truncate(&self.bodies[i].summary, 240))
    }
}

fn strategy_has(p: &Page, id: &str) -> bool {
    match &p.data {
        PageData::Strategy(s) => {
            s.goals.iter().any(|g| g.id == id)
                || s.benchmarks.iter().any(|b| b.id == id)
                || s.action_steps.iter().any(|a| a.id == id)
        }
        _ => false,
    }
}

pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

fn date(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(format::long_date)
}

#[derive(Serialize)]
pub struct Member {
    pub person: Ref,
    pub role: Option<String>,
}

#[derive(Serialize)]
pub struct Flow {
    pub team: Ref,
    pub sends: Option<String>,
}

#[derive(Serialize)]
pub struct StandingItemView {
    pub topic: String,
    pub minutes: Option<u32>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub lead: Option<Ref>,
}

#[derive(Serialize)]
pub struct AgendaListing {
    pub link: Ref,
    pub date: Option<String>,
    pub team: Ref,
    pub items: usize,
    pub open_actions: usize,
}

#[derive(Serialize)]
pub struct StrategyListing {
    pub link: Ref,
    pub goals: usize,
    pub steps_done: usize,
    pub steps_total: usize,
    pub steps_overdue: usize,
}

#[derive(Serialize)]
pub struct TeamView {
    pub level: Option<String>,
    pub purpose: Option<String>,
    pub cadence: Option<String>,
    pub meets: Option<String>,
    pub members: Vec<Member>,
    pub sends: Vec<Flow>,
    pub receives: Vec<Flow>,
    pub parent: Option<Ref>,
    pub children: Vec<Ref>,
    pub until: Option<String>,
    pub ended: bool,
    pub standing_items: Vec<StandingItemView>,
    pub standing_minutes: u32,
    pub norms: Vec<String>,
    pub strategies: Vec<StrategyListing>,
    pub agendas: Vec<AgendaListing>,
    pub next_meeting: Option<NextMeeting>,
    /// Link to the team's own `calendar.ics`, when it meets.
    pub calendar_ics: Option<String>,
}

/// The team's next meeting on or after the as-of date.
#[derive(Serialize)]
pub struct NextMeeting {
    pub date: String,
    pub hours: Option<String>,
    pub agenda: Option<Ref>,
}

fn next_meeting(cx: &Ctx, page: &Page, t: &Team) -> Option<NextMeeting> {
    let m = crate::views::schedule::next_meeting(cx.site, cx.rel, &page.id, t, cx.site.scope.as_of)?;
    let slot = m.start.map(|start| crate::views::agenda::Slot {
        start,
        end: m.minutes.map(|min| crate::views::agenda::add_minutes(start, min)),
    });
    Some(NextMeeting {
        date: format::day_date(m.date),
        hours: slot.map(|s| s.text()),
        agenda: m.agenda.map(|i| cx.page(i)),
    })
}

pub fn meets_text(m: &Meets) -> String {
    let every = match m.every_weeks {
        1 => "Every week".to_string(),
        2 => "Every other week".to_string(),
        n => format!("Every {n} weeks"),
    };
    let mut s = format!("{every} on {}", format::weekday_name(m.weekday));
    if let Some(start) = m.start {
        s.push_str(&format!(", {}", format::time(start)));
        if let Some(min) = m.minutes {
            let end = start + chrono::Duration::minutes(min as i64);
            s.push_str(&format!("–{}", format::time(end)));
        }
    }
    if let Some(min) = m.minutes {
        s.push_str(&format!(" ({min} minutes)"));
    }
    s
}

pub fn team(cx: &Ctx, page: &Page, t: &Team) -> TeamView {
    let receives = cx.rel.links_in.get(&page.id).map_or_else(Vec::new, |list| {
        list.iter()
            .filter_map(|&(from, j)| match &cx.site.pages[from].data {
                PageData::Team(other) => Some(Flow { team: cx.page(from), sends: other.links[j].sends.clone() }),
                _ => None,
            })
            .collect()
    });
    let agendas = cx
        .rel
        .team_agendas
        .get(&page.id)
        .map_or_else(Vec::new, |list| list.iter().rev().map(|&i| agenda_listing(cx, i)).collect());
    let strategies = cx
        .rel
        .team_strategies
        .get(&page.id)
        .map_or_else(Vec::new, |list| list.iter().map(|&i| strategy_listing(cx, i)).collect());
    TeamView {
        level: t.level.clone(),
        purpose: t.purpose.clone(),
        cadence: t.cadence.clone(),
        meets: t.meets.as_ref().map(meets_text),
        members: t
            .members
            .iter()
            .map(|m| Member { person: cx.to(Kind::Person, &m.person), role: m.role.clone() })
            .collect(),
        sends: t.links.iter().map(|l| Flow { team: cx.to(Kind::Team, &l.to), sends: l.sends.clone() }).collect(),
        receives,
        parent: t.parent.as_ref().map(|p| cx.to(Kind::Team, p)),
        children: cx.rel.children.get(&page.id).map_or_else(Vec::new, |l| l.iter().map(|&i| cx.page(i)).collect()),
        until: date(t.until),
        ended: t.until.is_some_and(|u| u < cx.site.scope.as_of),
        standing_minutes: t.standing_items.iter().filter_map(|s| s.minutes).sum(),
        standing_items: t
            .standing_items
            .iter()
            .map(|s| StandingItemView {
                topic: s.topic.clone(),
                minutes: s.minutes,
                kind: s.kind.clone(),
                lead: s.lead.as_ref().map(|l| cx.owner(l)),
            })
            .collect(),
        norms: t.norms.clone(),
        strategies,
        agendas,
        next_meeting: next_meeting(cx, page, t),
        calendar_ics: crate::views::calendar::team_ics_href(cx, page),
    }
}

pub fn agenda_listing(cx: &Ctx, i: usize) -> AgendaListing {
    let page = &cx.site.pages[i];
    match &page.data {
        PageData::Agenda(a) => AgendaListing {
            link: cx.page(i),
            date: date(a.date),
            team: cx.to(Kind::Team, &a.team),
            items: a.items.len(),
            open_actions: a.action_items.iter().filter(|x| !x.done).count(),
        },
        _ => AgendaListing {
            link: cx.page(i),
            date: None,
            team: Ref { text: String::new(), href: None },
            items: 0,
            open_actions: 0,
        },
    }
}

pub fn strategy_listing(cx: &Ctx, i: usize) -> StrategyListing {
    match &cx.site.pages[i].data {
        PageData::Strategy(s) => StrategyListing {
            link: cx.page(i),
            goals: s.goals.len(),
            steps_done: s.action_steps.iter().filter(|a| a.status == "done").count(),
            steps_total: s.action_steps.len(),
            steps_overdue: overdue_steps(s),
        },
        _ => StrategyListing { link: cx.page(i), goals: 0, steps_done: 0, steps_total: 0, steps_overdue: 0 },
    }
}

#[derive(Serialize)]
pub struct GoalView {
    pub id: String,
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
}

#[derive(Serialize)]
pub struct BenchmarkView {
    pub id: String,
    pub statement: String,
    pub goals: Vec<Ref>,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub actual: Option<String>,
    pub direction: Direction,
    pub source: Option<String>,
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
    pub action: String,
    pub owner: Option<Ref>,
    pub support: Vec<Ref>,
    pub start: Option<String>,
    pub due: Option<String>,
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
}

pub fn strategy(cx: &Ctx, page: &Page, s: &Strategy) -> StrategyView {
    let goal_ref = |id: &str| cx.entry(&page.id, id, id.to_string());
    let goals = s
        .goals
        .iter()
        .map(|g| {
            let unit = g.unit.as_deref();
            let latest = g.latest.as_ref();
            GoalView {
                id: g.id.clone(),
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
        })
        .collect();
    let mut quarters: Vec<QuarterView> = Vec::new();
    for b in &s.benchmarks {
        let name = b.quarter.clone().unwrap_or_else(|| "Any time".to_string());
        let view = BenchmarkView {
            id: b.id.clone(),
            statement: b.statement.clone(),
            goals: b.goals.iter().filter(|g| s.goal(g).is_some()).map(|g| goal_ref(g)).collect(),
            baseline: b.baseline.map(|v| format::value(v, b.unit.as_deref())),
            target: b.target.map(|v| format::value(v, b.unit.as_deref())),
            actual: b.actual.map(|v| format::value(v, b.unit.as_deref())),
            direction: b.direction,
            source: b.source.clone(),
            status: Some(b.effective_status.to_string()),
        };
        match quarters.iter_mut().find(|q| q.name == name) {
            Some(q) => q.benchmarks.push(view),
            None => {
                let dates = cx
                    .site
                    .config
                    .quarter(&name)
                    .map(|q| format!("{} – {}", format::short_date(q.start), format::long_date(q.end)));
                quarters.push(QuarterView { name, dates, benchmarks: vec![view], current: false, started: true });
            }
        }
    }
    mark_quarters(cx, &mut quarters);
    let order = |name: &str| cx.site.config.quarters.iter().position(|q| q.name == name).unwrap_or(usize::MAX);
    quarters.sort_by(|a, b| (order(&a.name), &a.name).cmp(&(order(&b.name), &b.name)));
    let action_steps = s
        .action_steps
        .iter()
        .enumerate()
        .map(|(n, a)| StepView {
            id: a.id.clone(),
            number: n + 1,
            action: a.action.clone(),
            owner: a.owner.as_ref().map(|o| cx.owner(o)),
            support: a.support.iter().map(|o| cx.owner(o)).collect(),
            start: date(a.start),
            due: date(a.due),
            completed: date(a.completed),
            resources: a.resources.clone(),
            funding: a.funding.clone(),
            benchmarks: a
                .benchmarks
                .iter()
                .filter(|b| s.benchmark(b).is_some())
                .map(|b| cx.entry(&page.id, b, b.clone()))
                .collect(),
            status: a.effective_status.to_string(),
            recorded_status: a.status.clone(),
            overdue: a.effective_status == Status::Overdue,
            quarter: a.due.and_then(|d| status::quarter_at(&cx.site.config, d)).map(|q| q.name.clone()),
        })
        .collect();
    StrategyView {
        description: s.description.clone(),
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
        quarters,
        steps_done: s.action_steps.iter().filter(|a| a.status == "done").count(),
        action_steps,
        reflections: s.reflections.clone(),
        steps_total: s.action_steps.len(),
        steps_overdue: overdue_steps(s),
        current_quarter: status::quarter_at(&cx.site.config, cx.site.scope.as_of).map(|q| q.name.clone()),
    }
}

#[derive(Serialize)]
pub struct RoleView {
    pub role: String,
    pub person: Ref,
}

#[derive(Serialize)]
pub struct ItemView {
    pub number: usize,
    /// "15:30–15:35": the meeting's start plus the minutes before this item.
    pub clock: Option<String>,
    pub topic: String,
    pub minutes: Option<u32>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub lead: Option<Ref>,
    pub strategy: Option<Ref>,
    pub benchmark: Option<Ref>,
    pub notes: Option<String>,
}

#[derive(Serialize)]
pub struct ActionItemView {
    pub task: String,
    pub owner: Option<Ref>,
    pub due: Option<String>,
    pub done: bool,
}

#[derive(Serialize)]
pub struct AgendaView {
    pub team: Ref,
    pub date: Option<String>,
    pub start: Option<String>,
    pub minutes: Option<u32>,
    pub planned_minutes: u32,
    pub location: Option<String>,
    pub roles: Vec<RoleView>,
    pub objectives: Vec<String>,
    pub items: Vec<ItemView>,
    pub decisions: Vec<String>,
    pub action_items: Vec<ActionItemView>,
    pub next_items: Vec<String>,
    pub previous: Option<Ref>,
    pub next: Option<Ref>,
    pub timing: crate::views::agenda::Timing,
    /// Whether the roles shown are the team's, the agenda naming none.
    pub roles_from_team: bool,
    pub serves: Vec<Ref>,
    pub still_open: Vec<crate::views::agenda::OpenItemView>,
}

pub fn agenda(cx: &Ctx, index: usize, a: &Agenda) -> AgendaView {
    let page = &cx.site.pages[index];
    let notes = &cx.body(index).notes;
    let clock = crate::views::agenda::clock_times(a.start, &a.items);
    let (roles, roles_from_team) = crate::views::agenda::roles(cx.site, a);
    let items = a
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| ItemView {
            number: n + 1,
            clock: clock[n].map(|s| s.text()),
            topic: item.topic.clone(),
            minutes: item.minutes,
            kind: item.kind.clone(),
            lead: item.lead.as_ref().map(|l| cx.owner(l)),
            strategy: item.strategy.as_ref().map(|s| cx.to(Kind::Strategy, s)),
            benchmark: item.benchmark.as_ref().map(|(s, b)| crate::views::agenda::benchmark_ref(cx, s, b)),
            notes: notes.iter().find(|(i, _)| *i == item.index).map(|(_, h)| h.clone()),
        })
        .collect();
    let siblings = cx.rel.team_agendas.get(&a.team).map(Vec::as_slice).unwrap_or(&[]);
    let here = siblings.iter().position(|&i| i == index);
    let previous = here.and_then(|h| h.checked_sub(1)).map(|h| cx.page(siblings[h]));
    let next = here.and_then(|h| siblings.get(h + 1)).map(|&i| cx.page(i));
    let _ = page;
    AgendaView {
        team: cx.to(Kind::Team, &a.team),
        date: a.date.map(format::day_date),
        start: a.start.map(format::time),
        minutes: a.minutes,
        planned_minutes: crate::views::agenda::planned_minutes(&a.items),
        location: a.location.clone(),
        roles: roles.iter().map(|(role, p)| RoleView { role: role.clone(), person: cx.to(Kind::Person, p) }).collect(),
        objectives: a.objectives.clone(),
        items,
        decisions: a.decisions.clone(),
        action_items: a
            .action_items
            .iter()
            .map(|x| ActionItemView {
                task: x.task.clone(),
                owner: x.owner.as_ref().map(|o| cx.owner(o)),
                due: date(x.due),
                done: x.done,
            })
            .collect(),
        next_items: a.next_items.clone(),
        previous,
        next,
        timing: crate::views::agenda::timing(a),
        roles_from_team,
        serves: crate::views::agenda::serves(cx, a),
        still_open: crate::views::agenda::open_item_views(cx, index, a.date),
    }
}

#[derive(Serialize)]
pub struct ServesOn {
    pub team: Ref,
    pub role: Option<String>,
}

#[derive(Serialize)]
pub struct OwnedStep {
    pub strategy: Ref,
    pub step: Ref,
    pub due: Option<String>,
    pub status: String,
    pub overdue: bool,
}

#[derive(Serialize)]
pub struct OwnedItem {
    pub agenda: Ref,
    pub task: String,
    pub due: Option<String>,
    pub done: bool,
    pub overdue: bool,
}

#[derive(Serialize)]
pub struct PersonView {
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub teams: Vec<ServesOn>,
    pub strategies: Vec<Ref>,
    pub steps: Vec<OwnedStep>,
    pub items: Vec<OwnedItem>,
    /// Action steps and action items together: overdue, open, done.
    pub work: Vec<WorkGroup>,
}

pub fn person(cx: &Ctx, page: &Page, p: &Person) -> PersonView {
    let id = &page.id;
    let teams = cx.rel.person_teams.get(id).map_or_else(Vec::new, |l| {
        l.iter()
            .map(|&(t, m)| ServesOn {
                team: cx.page(t),
                role: match &cx.site.pages[t].data {
                    PageData::Team(team) => team.members[m].role.clone(),
                    _ => None,
                },
            })
            .collect()
    });
    let steps = cx.rel.owned_steps.get(id).map_or_else(Vec::new, |l| {
        l.iter()
            .filter_map(|&(s, j)| {
                let sp = &cx.site.pages[s];
                let PageData::Strategy(strategy) = &sp.data else { return None };
                let step = &strategy.action_steps[j];
                Some(OwnedStep {
                    strategy: cx.page(s),
                    step: cx.entry(&sp.id, &step.id, step.action.clone()),
                    due: date(step.due),
                    status: step.effective_status.to_string(),
                    overdue: step.effective_status == Status::Overdue,
                })
            })
            .collect()
    });
    let items = cx.rel.owned_items.get(id).map_or_else(Vec::new, |l| {
        l.iter()
            .filter_map(|&(a, j)| {
                let PageData::Agenda(agenda) = &cx.site.pages[a].data else { return None };
                let item = &agenda.action_items[j];
                Some(OwnedItem {
                    agenda: cx.page(a),
                    task: item.task.clone(),
                    due: date(item.due),
                    done: item.done,
                    overdue: item_overdue(cx, item),
                })
            })
            .collect()
    });
    PersonView {
        role: p.role.clone(),
        email: p.email.clone(),
        phone: p.phone.clone(),
        teams,
        strategies: cx.rel.owned_strategies.get(id).map_or_else(Vec::new, |l| l.iter().map(|&i| cx.page(i)).collect()),
        steps,
        items,
        work: owned_work(cx, id),
    }
}

#[derive(Serialize)]
pub struct Listing {
    pub link: Ref,
    pub kind: Kind,
    pub summary: String,
    pub date: Option<String>,
}

pub fn listing(cx: &Ctx, i: usize) -> Listing {
    let p = &cx.site.pages[i];
    Listing { link: cx.page(i), kind: p.kind, summary: cx.summary(i), date: date(p.date) }
}

#[derive(Serialize)]
pub struct TeamCard {
    pub link: Ref,
    pub short: Option<String>,
    pub level: Option<String>,
    pub purpose: Option<String>,
    pub cadence: Option<String>,
    pub facilitator: Option<Ref>,
    pub members: usize,
    pub ended: bool,
}

#[derive(Serialize)]
pub struct LevelGroup {
    pub level: String,
    pub teams: Vec<TeamCard>,
}

const LEADER_ROLES: [&str; 4] = ["facilitator", "chair", "co-chair", "lead"];

pub fn team_groups(cx: &Ctx) -> Vec<LevelGroup> {
    let mut groups: Vec<LevelGroup> =
        cx.site.config.levels.iter().map(|l| LevelGroup { level: l.clone(), teams: Vec::new() }).collect();
    let mut other = LevelGroup { level: "other".into(), teams: Vec::new() };
    let mut teams: Vec<(usize, &Page, &Team)> = cx
        .site
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| if let PageData::Team(t) = &p.data { Some((i, p, t)) } else { None })
        .collect();
    teams.sort_by(|a, b| {
        a.1.weight.unwrap_or(f64::MAX).total_cmp(&b.1.weight.unwrap_or(f64::MAX)).then(a.1.title.cmp(&b.1.title))
    });
    for (i, p, t) in teams {
        let facilitator = t
            .members
            .iter()
            .find(|m| m.role.as_deref().is_some_and(|r| LEADER_ROLES.contains(&r.to_lowercase().as_str())))
            .map(|m| cx.to(Kind::Person, &m.person));
        let card = TeamCard {
            link: cx.page(i),
            short: p.short.clone(),
            level: t.level.clone(),
            purpose: t.purpose.clone(),
            cadence: t.cadence.clone().or_else(|| t.meets.as_ref().map(meets_text)),
            facilitator,
            members: t.members.len(),
            ended: t.until.is_some_and(|u| u < cx.site.scope.as_of),
        };
        match groups.iter_mut().find(|g| Some(&g.level) == t.level.as_ref()) {
            Some(g) => g.teams.push(card),
            None => other.teams.push(card),
        }
    }
    groups.push(other);
    groups.retain(|g| !g.teams.is_empty());
    groups
}

// Progress monitoring: statuses come from the model (`model::status`), derived once per
// build; these views only group and count them.

fn overdue_steps(s: &Strategy) -> usize {
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

fn quarter_dates(q: &crate::config::Quarter) -> String {
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

fn item_overdue(cx: &Ctx, item: &ActionItem) -> bool {
    status::item_overdue(item, cx.site.scope.as_of)
}

/// One thing a person owns: an action step of a strategy or an action item of a meeting.
#[derive(Serialize)]
pub struct Work {
    pub kind: &'static str,
    pub task: Ref,
    pub from: Ref,
    pub due: Option<String>,
    pub status: String,
    #[serde(skip)]
    due_date: Option<chrono::NaiveDate>,
}

#[derive(Serialize)]
pub struct WorkGroup {
    /// `overdue`, `open` or `done`.
    pub name: &'static str,
    pub items: Vec<Work>,
}

fn owned_work(cx: &Ctx, id: &str) -> Vec<WorkGroup> {
    let mut all: Vec<(&'static str, Work)> = Vec::new();
    for &(si, j) in cx.rel.owned_steps.get(id).map(Vec::as_slice).unwrap_or(&[]) {
        let sp = &cx.site.pages[si];
        let PageData::Strategy(s) = &sp.data else { continue };
        let step = &s.action_steps[j];
        let group = match step.effective_status {
            Status::Overdue => "overdue",
            Status::Done => "done",
            _ => "open",
        };
        let work = Work {
            kind: "Action step",
            task: cx.entry(&sp.id, &step.id, step.action.clone()),
            from: cx.page(si),
            due: date(step.due),
            status: step.effective_status.to_string(),
            due_date: step.due,
        };
        all.push((group, work));
    }
    for &(ai, j) in cx.rel.owned_items.get(id).map(Vec::as_slice).unwrap_or(&[]) {
        let PageData::Agenda(a) = &cx.site.pages[ai].data else { continue };
        let item = &a.action_items[j];
        let group = if item.done {
            "done"
        } else if item_overdue(cx, item) {
            "overdue"
        } else {
            "open"
        };
        let agenda = cx.page(ai);
        let work = Work {
            kind: "Action item",
            task: Ref { text: item.task.clone(), href: agenda.href.clone() },
            from: agenda,
            due: date(item.due),
            status: group.to_string(),
            due_date: item.due,
        };
        all.push((group, work));
    }
    let mut groups: Vec<WorkGroup> =
        ["overdue", "open", "done"].into_iter().map(|name| WorkGroup { name, items: Vec::new() }).collect();
    for (name, work) in all {
        if let Some(g) = groups.iter_mut().find(|g| g.name == name) {
            g.items.push(work);
        }
    }
    for g in &mut groups {
        // Soonest first; without a due date, last.
        g.items.sort_by_key(|w| (w.due_date.is_none(), w.due_date));
    }
    groups
}

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
    pub owner: Option<Ref>,
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

/// A link labelled with the page's short label, else its title cut to a glanceable length.
fn short_ref(cx: &Ctx, i: usize) -> Ref {
    let p = &cx.site.pages[i];
    let text = p.short.clone().unwrap_or_else(|| truncate(&p.title, 48));
    Ref { text, href: cx.page(i).href }
}

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
                .map(|j| short_ref(cx, j))
                .collect(),
            supported_by: cx
                .rel
                .supported_by
                .get(&p.id)
                .map_or_else(Vec::new, |l| l.iter().map(|&j| short_ref(cx, j)).collect()),
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
            owner: a.owner.as_ref().map(|o| cx.owner(o)),
            due: date(a.due),
            status: a.effective_status.to_string(),
        })
        .collect()
}
