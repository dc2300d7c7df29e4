//! From loaded files to the checked model: visibility, ids, URLs, typed values.

use crate::diagnostics::Rule;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{NaiveDate, NaiveTime, Weekday};
use rayon::prelude::*;

use super::*;
use crate::config::parse_date;
use crate::content::kinds::*;
use crate::content::{Fields, Loaded};
use crate::util::{did_you_mean, slugify};

/// Output paths clockwork writes itself; a page may not take one (a section adds its text).
pub const GENERATED: [&str; 7] = [
    "index.html",
    "teams/index.html",
    "strategies/index.html",
    "people/index.html",
    "agendas/index.html",
    "calendar/index.html",
    "404.html",
];

/// The resolve stage: checks every visible page and links the site together.
pub fn resolve(config: Config, loaded: Loaded, scope: Scope) -> Resolved {
    let Loaded { pages: sources, assets, diagnostics: _, texts: _, failed } = loaded;
    let mut unloaded: HashSet<String> = failed.into_iter().collect();
    let mut diags = Vec::new();
    let known_paths: HashSet<String> = sources.iter().map(|p| p.path.clone()).collect();

    let hidden_folders = hidden_folders(&sources, scope, &mut diags);
    let mut visible = Vec::new();
    let mut hidden_ids = HashMap::new();
    let mut hidden_paths = HashMap::new();
    let hidden_teams = hidden_teams(&sources, scope, &hidden_folders);
    for src in sources {
        match why_hidden(&src, scope, &hidden_folders).or_else(|| team_hidden(&src, &hidden_teams)) {
            Some(reason) => {
                let hidden = Hidden { file: src.file.clone(), reason };
                if let Some(id) = page_id(&src) {
                    hidden_ids.insert((src.kind, id), hidden.clone());
                }
                hidden_paths.insert(src.path.clone(), hidden);
            }
            None => visible.push(src),
        }
    }
    let assets = assets.into_iter().filter(|a| !is_under_hidden(&a.path, &hidden_folders)).collect();

    let converted: Vec<(String, Option<Page>, Vec<Diagnostic>)> = visible
        .into_par_iter()
        .map(|src| {
            let path = src.path.clone();
            let (page, d) = convert(src, &config, scope.audience);
            (path, page, d)
        })
        .collect();
    let mut pages = Vec::new();
    for (path, page, d) in converted {
        match page {
            Some(page) => pages.push(page),
            None => {
                unloaded.insert(path);
            }
        }
        diags.extend(d);
    }
    pages.sort_by(|a, b| a.src.file.cmp(&b.src.file));

    let mut by_id = HashMap::new();
    let mut by_path = HashMap::new();
    let mut by_url: HashMap<String, usize> = HashMap::new();
    let mut keep = vec![true; pages.len()];
    for (i, page) in pages.iter().enumerate() {
        if let Some(&first) = by_id.get(&(page.kind, page.id.clone())) {
            let first: &Page = &pages[first];
            diags.push(duplicate(
                page,
                &format!("another {} already has the id `{}`: {}", page.kind.name(), page.id, first.src.file),
            ));
            keep[i] = false;
            continue;
        }
        if let Some(&first) = by_url.get(&page.url) {
            diags.push(duplicate(
                page,
                &format!("this page would be written to `{}`, as is {}", page.url, pages[first].src.file),
            ));
            keep[i] = false;
            continue;
        }
        if page.kind != Kind::Section && GENERATED.contains(&page.url.as_str()) {
            let folder = page.url.trim_end_matches("index.html").trim_end_matches('/');
            diags.push(
                duplicate(
                    page,
                    &format!("this page would be written to `{}`, which clockwork writes itself", page.url),
                )
                .with_help(format!(
                    "to add text to that page, write `content/{folder}{}_index.md`",
                    if folder.is_empty() { "" } else { "/" }
                )),
            );
            keep[i] = false;
            continue;
        }
        by_id.insert((page.kind, page.id.clone()), i);
        by_url.insert(page.url.clone(), i);
    }
    let mut index = 0;
    pages.retain(|_| {
        index += 1;
        keep[index - 1]
    });
    by_id.clear();
    for (i, page) in pages.iter().enumerate() {
        by_id.insert((page.kind, page.id.clone()), i);
        by_path.insert(page.src.path.clone(), i);
    }

    let mut site =
        Site { config, scope, pages, assets, by_id, by_path, hidden_ids, hidden_paths, known_paths, unloaded };
    name_agendas(&mut site);
    status::derive(&mut site);
    diags.extend(refs::check(&site));
    Resolved { site, diagnostics: diags }
}

fn duplicate(page: &Page, message: &str) -> Diagnostic {
    let pos = if page.src.common.id.is_some() { page.src.key_pos(&["id"]) } else { (1, 1) };
    Diagnostic::new(Rule::DuplicateId, &page.src.file, pos, message.to_string())
}

/// Folders whose `_index.md` hides them, and why.
fn hidden_folders(sources: &[SourcePage], scope: Scope, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, &'static str> {
    let mut out = BTreeMap::new();
    for src in sources {
        if let Some(reason) = own_reason(src, scope, diags)
            && src.is_section()
        {
            out.insert(src.path.clone(), reason);
        }
    }
    out
}

fn own_reason(src: &SourcePage, scope: Scope, diags: &mut Vec<Diagnostic>) -> Option<&'static str> {
    let staff = match src.common.visibility.as_deref() {
        None | Some("public") => false,
        Some("staff") => true,
        Some(other) => {
            diags.push(
                Diagnostic::new(
                    Rule::UnknownReference,
                    &src.file,
                    src.pos(&["visibility"]),
                    format!("unknown visibility `{other}`{}", did_you_mean(other, ["public", "staff"])),
                )
                .with_help("visibility is `public` or `staff`"),
            );
            true // the safe reading of an unclear visibility
        }
    };
    if src.common.draft == Some(true) && !scope.drafts {
        Some("draft")
    } else if staff && scope.audience == Audience::Public {
        Some("staff-only")
    } else {
        None
    }
}

fn why_hidden(src: &SourcePage, scope: Scope, folders: &BTreeMap<String, &'static str>) -> Option<&'static str> {
    own_reason(src, scope, &mut Vec::new()).or_else(|| {
        let folder = src.folder();
        folders.iter().find(|(f, _)| f.is_empty() && src.path.is_empty() || is_within(folder, f)).map(|(_, r)| *r)
    })
}

/// Teams left out of this build, and why: their agendas are left out with them, so that a
/// staff-only team's meetings never reach a public build.
fn hidden_teams(
    sources: &[SourcePage],
    scope: Scope,
    folders: &BTreeMap<String, &'static str>,
) -> HashMap<String, &'static str> {
    sources
        .iter()
        .filter(|s| s.kind == Kind::Team)
        .filter_map(|s| Some((page_id(s)?, why_hidden(s, scope, folders)?)))
        .collect()
}

fn team_hidden(src: &SourcePage, teams: &HashMap<String, &'static str>) -> Option<&'static str> {
    match &src.fields {
        Fields::Agenda(a) if src.kind == Kind::Agenda => teams.get(&agenda_team(src, a)?).copied(),
        _ => None,
    }
}

/// Whether `folder` is `ancestor` or inside it ("" is the content root).
fn is_within(folder: &str, ancestor: &str) -> bool {
    ancestor.is_empty() || folder == ancestor || folder.starts_with(&format!("{ancestor}/"))
}

fn is_under_hidden(path: &str, folders: &BTreeMap<String, &'static str>) -> bool {
    let folder = path.rsplit_once('/').map_or("", |(d, _)| d);
    folders.keys().any(|f| is_within(folder, f))
}

/// The id a page has, from its front matter and path.
fn page_id(src: &SourcePage) -> Option<String> {
    if let Some(id) = src.common.id.as_ref().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        return Some(id.to_string());
    }
    Some(match (&src.kind, &src.fields) {
        (Kind::Agenda, Fields::Agenda(a)) => format!("{}/{}", agenda_team(src, a)?, src.stem()),
        (Kind::Person | Kind::Team | Kind::Strategy, _) => src.stem().to_string(),
        _ => src.path.clone(),
    })
}

fn agenda_team(src: &SourcePage, a: &AgendaFields) -> Option<String> {
    a.team.clone().filter(|t| !t.trim().is_empty()).or_else(|| {
        let mut parts = src.path.split('/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("agendas"), Some(team), Some(_)) => Some(team.to_string()),
            _ => None,
        }
    })
}

fn url_for(kind: Kind, id: &str, path: &str) -> String {
    let safe = |s: &str| {
        if s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) && !s.starts_with('.') {
            s.to_string()
        } else {
            slugify(s)
        }
    };
    match kind {
        Kind::Person | Kind::Team | Kind::Strategy => {
            format!("{}/{}/index.html", kind.folder().unwrap_or(""), safe(id))
        }
        Kind::Agenda => format!("agendas/{}/index.html", id.split('/').map(safe).collect::<Vec<_>>().join("/")),
        Kind::Page | Kind::Section if path.is_empty() => "index.html".to_string(),
        Kind::Page | Kind::Section => format!("{path}/index.html"),
    }
}

/// Checks values one page at a time.
struct Check<'a> {
    src: &'a SourcePage,
    audience: Audience,
    diags: Vec<Diagnostic>,
}

impl Check<'_> {
    fn error(&mut self, rule: Rule, path: &[&str], message: String) {
        self.diags.push(Diagnostic::new(rule, &self.src.file, self.src.pos(path), message));
    }

    fn date(&mut self, path: &[&str], value: &Option<String>) -> Option<NaiveDate> {
        let text = value.as_deref()?.trim();
        if text.is_empty() {
            return None;
        }
        let date = parse_date(text);
        if date.is_none() {
            let field = path.last().copied().unwrap_or("date");
            self.diags.push(
                Diagnostic::new(
                    Rule::BadDate,
                    &self.src.file,
                    self.src.pos(path),
                    format!("`{field}: {text}` is not a date"),
                )
                .with_help("write dates as YYYY-MM-DD, e.g. 2026-09-08"),
            );
        }
        date
    }

    fn time(&mut self, path: &[&str], value: &Option<String>) -> Option<NaiveTime> {
        let text = value.as_deref()?.trim();
        let time = NaiveTime::parse_from_str(text, "%H:%M").ok();
        if time.is_none() {
            self.diags.push(
                Diagnostic::new(Rule::BadDate, &self.src.file, self.src.pos(path), format!("`{text}` is not a time"))
                    .with_help("write times as \"HH:MM\" in 24-hour form and in quotes, e.g. \"15:30\""),
            );
        }
        time
    }

    fn one_of(&mut self, path: &[&str], value: &Option<String>, allowed: &[&str]) -> Option<String> {
        let v = value.as_deref()?.trim();
        if allowed.contains(&v) {
            return Some(v.to_string());
        }
        let field = path.last().copied().unwrap_or("value");
        self.error(
            Rule::UnknownReference,
            path,
            format!("unknown {field} `{v}`{}", did_you_mean(v, allowed.iter().copied())),
        );
        if let Some(d) = self.diags.last_mut() {
            d.help = Some(format!("{field} is one of: {}", allowed.join(", ")));
        }
        None
    }

    /// A recorded status, one of `allowed`.
    fn status(&mut self, path: &[&str], value: &Option<String>, allowed: &[Status]) -> Option<Status> {
        let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
        self.one_of(path, value, &names).and_then(|v| Status::parse(&v))
    }

    fn direction(&mut self, path: &[&str], value: &Option<String>) -> Direction {
        match self.one_of(path, value, &["up", "down"]).as_deref() {
            Some("down") => Direction::Down,
            _ => Direction::Up,
        }
    }

    /// A required text; reports it missing under `rule`.
    fn required(&mut self, path: &[&str], value: &Option<String>, what: &str) -> String {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => v.to_string(),
            None => {
                self.error(Rule::MissingTitle, path, format!("{what} has no text"));
                String::new()
            }
        }
    }
}

fn nonempty(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn first_heading(body: &str) -> Option<String> {
    body.lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().trim_end_matches('#').trim().to_string())
        .filter(|t| !t.is_empty())
}

fn convert(src: SourcePage, config: &Config, audience: Audience) -> (Option<Page>, Vec<Diagnostic>) {
    let mut c = Check { src: &src, audience, diags: Vec::new() };
    let Some(id) = page_id(&src) else {
        c.error(
            Rule::UnknownReference,
            &["team"],
            "this agenda names no team: put it in `agendas/<team-id>/` or set `team:`".to_string(),
        );
        return (None, c.diags);
    };
    let title =
        nonempty(&src.common.title).or_else(|| if src.has_front_matter { None } else { first_heading(src.body()) });
    if title.is_none() && src.kind != Kind::Agenda {
        let message =
            if src.text.trim().is_empty() { "this file is empty: it needs a title" } else { "this page has no title" };
        c.error(Rule::MissingTitle, &["title"], message.to_string());
    }
    let date = c.date(&["date"], &src.common.date);
    let data = match &src.fields {
        Fields::Page(_) if src.kind == Kind::Section => PageData::Section,
        Fields::Page(_) => PageData::Page,
        Fields::Person(f) => {
            PageData::Person(Person { role: nonempty(&f.role), email: nonempty(&f.email), phone: nonempty(&f.phone) })
        }
        Fields::Team(f) => PageData::Team(team(&mut c, f, config)),
        Fields::Strategy(f) => PageData::Strategy(strategy(&mut c, f, config)),
        Fields::Agenda(f) => PageData::Agenda(agenda(&mut c, f, &src, date)),
    };
    let diags = c.diags;
    let url = url_for(src.kind, &id, &src.path);
    let page = Page {
        kind: src.kind,
        title: title.unwrap_or_default(),
        short: nonempty(&src.common.short),
        date,
        summary: nonempty(&src.common.summary),
        tags: src.common.tags.clone(),
        weight: src.common.weight,
        url,
        id,
        data,
        src,
    };
    (Some(page), diags)
}

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

fn team(c: &mut Check, f: &TeamFields, _config: &Config) -> Team {
    let meets = f.meets.as_ref().and_then(|m| {
        let day = m.weekday.as_deref().map(|w| (w, weekday(w)));
        let weekday = match day {
            Some((_, Some(d))) => d,
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
            None => {
                c.error(Rule::BadDate, &["meets"], "`meets` needs a `weekday:`".to_string());
                return None;
            }
        };
        let every_weeks = m.every_weeks.unwrap_or(1);
        if every_weeks == 0 {
            c.error(Rule::BadDate, &["meets", "every_weeks"], "`every_weeks` must be 1 or more".to_string());
        }
        Some(Meets {
            weekday,
            start: c.time(&["meets", "start"], &m.start),
            minutes: m.minutes,
            every_weeks: every_weeks.max(1),
        })
    });
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

/// Whether an entry with its own `visibility:` is published in this build.
fn item_visible(c: &mut Check, path: &[&str], visibility: &Option<String>) -> bool {
    match visibility.as_deref() {
        None | Some("public") => true,
        Some("staff") => c.audience == Audience::Staff,
        Some(other) => {
            c.error(
                Rule::UnknownReference,
                path,
                format!("unknown visibility `{other}`{}", did_you_mean(other, ["public", "staff"])),
            );
            false
        }
    }
}

fn strategy(c: &mut Check, f: &StrategyFields, _config: &Config) -> Strategy {
    let mut goals: Vec<Goal> = Vec::new();
    for (i, g) in f.goals.iter().enumerate() {
        let index = i.to_string();
        if !item_visible(c, &["goals", &index, "visibility"], &g.visibility) {
            continue;
        }
        let id = nonempty(&g.id).unwrap_or_else(|| format!("g{}", i + 1));
        if goals.iter().any(|x| x.id == id) {
            c.error(Rule::DuplicateId, &["goals", &index, "id"], format!("two goals have the id `{id}`"));
        }
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
        goals.push(Goal {
            id,
            index: i,
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
        });
    }
    let mut benchmarks: Vec<Benchmark> = Vec::new();
    for (i, b) in f.benchmarks.iter().enumerate() {
        let index = i.to_string();
        if !item_visible(c, &["benchmarks", &index, "visibility"], &b.visibility) {
            continue;
        }
        let id = nonempty(&b.id).unwrap_or_else(|| format!("b{}", i + 1));
        if benchmarks.iter().any(|x| x.id == id) {
            c.error(Rule::DuplicateId, &["benchmarks", &index, "id"], format!("two benchmarks have the id `{id}`"));
        }
        benchmarks.push(Benchmark {
            id,
            index: i,
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
        });
    }
    let mut action_steps: Vec<ActionStep> = Vec::new();
    for (i, a) in f.action_steps.iter().enumerate() {
        let index = i.to_string();
        if !item_visible(c, &["action_steps", &index, "visibility"], &a.visibility) {
            continue;
        }
        let id = nonempty(&a.id).unwrap_or_else(|| format!("a{}", i + 1));
        if action_steps.iter().any(|x| x.id == id) {
            c.error(Rule::DuplicateId, &["action_steps", &index, "id"], format!("two action steps have the id `{id}`"));
        }
        action_steps.push(ActionStep {
            id,
            index: i,
            action: c.required(&["action_steps", &index, "action"], &a.action, "this action step's `action`"),
            owner: nonempty(&a.owner),
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
        });
    }
    let reflections = f
        .reflections
        .iter()
        .filter_map(|r| Some(Reflection { quarter: nonempty(&r.quarter), text: nonempty(&r.text)? }))
        .collect();
    Strategy {
        description: nonempty(&f.description),
        team: nonempty(&f.team),
        owner: nonempty(&f.owner),
        challenge: nonempty(&f.challenge),
        root_causes: f.root_causes.clone(),
        supports: f.supports.clone(),
        goals,
        benchmarks,
        action_steps,
        reflections,
    }
}

fn agenda(c: &mut Check, f: &AgendaFields, src: &SourcePage, date: Option<NaiveDate>) -> Agenda {
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
        objectives: f.objectives.clone(),
        items,
        decisions: f.decisions.clone(),
        action_items,
        next_items: f.next_items.clone(),
    }
}

/// Agendas without a title are "<team title> — <date>"; their start and length default
/// from the team's `meets`.
fn name_agendas(site: &mut Site) {
    let defaults: Vec<(usize, String, Option<NaiveTime>, Option<u32>)> = site
        .agendas()
        .map(|(p, a)| {
            let team = site.get(Kind::Team, &a.team);
            let meets = team.and_then(|t| match &t.data {
                PageData::Team(t) => t.meets.clone(),
                _ => None,
            });
            let team_title =
                team.map(|t| t.short.clone().unwrap_or_else(|| t.title.clone())).unwrap_or_else(|| a.team.clone());
            let title = match a.date {
                Some(d) => format!("{team_title} — {}", crate::format::long_date(d)),
                None => team_title,
            };
            let i = site.index_of(Kind::Agenda, &p.id).unwrap_or(0);
            (i, title, meets.as_ref().and_then(|m| m.start), meets.as_ref().and_then(|m| m.minutes))
        })
        .collect();
    for (i, title, start, minutes) in defaults {
        let page = &mut site.pages[i];
        if page.title.is_empty() {
            page.title = title;
        }
        if let PageData::Agenda(a) = &mut page.data {
            if a.start.is_none() {
                a.start = start;
            }
            a.minutes = a.minutes.or(minutes);
        }
    }
}
