//! The vocabulary every page is written in: which pages the site writes (`Job`), links
//! (`Ref`) made relative to the page being written (`Ctx`), page labels, and the team rhythm
//! in words. Views and templates both build on it; it knows the model, not templates.

use serde::Serialize;

use crate::content::Kind;
use crate::format;
use crate::markdown::Body;
use crate::model::{ActionStep, Benchmark, Goal, Meets, Page, PageData, Relations, Site, Status, Strategy};
use crate::util::{link_target, root_prefix, truncate};

/// A link to a page, or plain text when the page is not published in this build.
#[derive(Debug, Clone, Serialize)]
pub struct Ref {
    pub text: String,
    pub href: Option<String>,
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

    /// A link labelled with the page's short label, else its title cut to `max` characters.
    pub fn short(&self, i: usize, max: usize) -> Ref {
        let p = &self.site.pages[i];
        let text = p.short.clone().unwrap_or_else(|| truncate(&p.title, max));
        Ref { text, href: Some(self.href(&p.url)) }
    }

    pub fn to(&self, kind: Kind, id: &str) -> Ref {
        match self.site.get(kind, id) {
            Some(p) => Ref { text: p.title.clone(), href: Some(self.href(&p.url)) },
            None => Ref { text: id.to_string(), href: None },
        }
    }

    /// An owner or supporter: a person, else a team, else a role group (listed on the people
    /// index, which says what it owns).
    pub fn owner(&self, id: &str) -> Ref {
        match (self.site.owner(id), self.site.role(id)) {
            (Some(p), _) => Ref { text: p.title.clone(), href: Some(self.href(&p.url)) },
            (None, Some(role)) => {
                let href = format!("{}#{}", self.href("people/index.html"), role_anchor(&role.id));
                Ref { text: role.title.clone(), href: Some(href) }
            }
            (None, None) => Ref { text: id.to_string(), href: None },
        }
    }

    /// Several owners or supporters, in the order written.
    pub fn owners(&self, ids: &[String]) -> Vec<Ref> {
        ids.iter().map(|id| self.owner(id)).collect()
    }

    /// A goal, benchmark or action step of the strategy `strategy` (a page id), named by its
    /// label and linked to its anchor, where its full statement is.
    pub fn entry_ref<E: Entry>(&self, strategy: &str, e: &E) -> Ref {
        self.entry(strategy, e.id(), label(e))
    }

    /// A benchmark's status in words: a pending one says when it is due ("due by January 22").
    pub fn benchmark_status(&self, b: &Benchmark) -> StatusView {
        let quarter = b.quarter.as_deref().and_then(|q| self.site.config.quarter(q));
        match (b.effective_status, quarter) {
            // An explicit `status: pending` on a quarter that has ended has no date to be due by.
            (Status::Pending, Some(q)) if q.end >= self.site.scope.as_of => StatusView::due_by(q.end),
            (s, _) => StatusView::of(s),
        }
    }

    /// A goal, benchmark or action step of a strategy: a link to its anchor on the
    /// strategy's page, with the given text.
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

/// A status as a page shows it: its name (for the `status-<name>` class) and its words.
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub key: &'static str,
    pub label: String,
    /// ✓, ◐, ✗, !, …: the status without colour (`Status::mark`).
    pub mark: &'static str,
}

impl StatusView {
    pub fn of(s: Status) -> Self {
        StatusView::new(s, s.words().to_string())
    }

    fn new(s: Status, label: String) -> Self {
        StatusView { key: s.as_str(), label, mark: s.mark() }
    }

    /// A pending benchmark's words: "due by January 22" (its quarter's end).
    pub fn due_by(end: chrono::NaiveDate) -> Self {
        StatusView::new(Status::Pending, format!("due by {}", format::month_day(end)))
    }

    /// A state that is not a plan status: an agenda item's `open`, a calendar's `extra`.
    pub fn plain(key: &'static str) -> Self {
        let mark = match key {
            "done" => "✓",
            "overdue" => "!",
            "extra" => "+",
            _ => "○",
        };
        StatusView { key, label: key.to_string(), mark }
    }
}

/// A goal, benchmark or action step, as pages name it.
pub trait Entry {
    /// What the plan calls one: "Goal", "Benchmark", "Step".
    const NOUN: &'static str;
    fn id(&self) -> &str;
    fn short(&self) -> Option<&str>;
    /// Its place among its strategy's published entries of its kind, in file order (from 1).
    fn place(&self) -> usize;
}

macro_rules! entry {
    ($type:ty, $noun:literal) => {
        impl Entry for $type {
            const NOUN: &'static str = $noun;
            fn id(&self) -> &str {
                &self.id
            }
            fn short(&self) -> Option<&str> {
                self.short.as_deref()
            }
            fn place(&self) -> usize {
                self.place
            }
        }
    };
}
entry!(Goal, "Goal");
entry!(Benchmark, "Benchmark");
entry!(ActionStep, "Step");

/// What a page calls an entry: its `short`, else its place in the strategy ("Goal 1",
/// "Benchmark 2", "Step 3"). Ids are for files and anchors, never for readers.
pub fn label<E: Entry>(e: &E) -> String {
    match e.short() {
        Some(short) if !short.trim().is_empty() => short.trim().to_string(),
        _ => format!("{} {}", E::NOUN, e.place()),
    }
}

/// An entry as a message names it to the person editing the file: its label, with the id
/// the file uses ("Step 5 (`a5`)", "“Phonics routine” (`b1`)").
pub fn named<E: Entry>(e: &E) -> String {
    match e.short() {
        Some(short) if !short.trim().is_empty() => format!("{} “{}” (`{}`)", E::NOUN, short.trim(), e.id()),
        _ => format!("{} (`{}`)", label(e), e.id()),
    }
}

/// The label of the entry `id` of a strategy, if it has one by that id.
pub fn label_of(s: &Strategy, id: &str) -> Option<String> {
    s.goal(id)
        .map(label)
        .or_else(|| s.benchmark(id).map(label))
        .or_else(|| s.action_steps.iter().find(|a| a.id == id).map(label))
}

/// The anchor of a role group's entry on the people index.
pub fn role_anchor(id: &str) -> String {
    format!("role-{}", crate::util::slugify(id))
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

/// A team's `meets` in words: "Every week on Tuesday, 15:30–16:30 (60 minutes)", "Monthly on
/// the 2nd Tuesday, 18:00", "On Sep 14, Nov 9 and Jan 11".
pub fn meets_text(m: &Meets, clock: crate::config::Clock) -> String {
    let mut s = match (m.dates.as_slice(), m.weekday, m.nth) {
        ([first, .., last], _, _) if m.dates.len() > 4 => {
            format!("On {} dates from {} to {}", m.dates.len(), format::short_date(*first), format::short_date(*last))
        }
        ([_, ..], _, _) => {
            let days: Vec<String> = m.dates.iter().map(|d| format::short_date(*d)).collect();
            format!("On {}", crate::util::and_list(&days))
        }
        ([], Some(day), Some(nth)) => format!("Monthly on the {} {}", ordinal(nth), format::weekday_name(day)),
        ([], Some(day), None) => {
            let every = match m.every_weeks {
                1 => "Every week".to_string(),
                2 => "Every other week".to_string(),
                n => format!("Every {n} weeks"),
            };
            format!("{every} on {}", format::weekday_name(day))
        }
        ([], None, _) => String::new(),
    };
    if let Some(start) = m.start {
        let when = match m.minutes {
            Some(min) => format::time_range(start, start + chrono::Duration::minutes(min as i64), clock),
            None => format::time(start, clock),
        };
        s.push_str(&format!(", {when}"));
    }
    if let Some(min) = m.minutes {
        s.push_str(&format!(" ({min} minutes)"));
    }
    s
}

/// "1st", "2nd", "3rd", "4th", "5th", "last".
fn ordinal(n: i32) -> &'static str {
    match n {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        4 => "4th",
        5 => "5th",
        _ => "last",
    }
}

/// One page the site writes: a content page, or one clockwork makes (indexes, calendar, 404).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Page(usize),
    Home,
    Teams,
    Strategies,
    People,
    Agendas,
    Calendar,
    Challenges,
    /// `plan/index.html`: the whole plan as one printable document.
    Plan,
    NotFound,
    /// `checks/index.html`, staff builds only; rendered with the checks found, after the other pages.
    Checks,
}

impl Job {
    pub fn output(self, site: &Site) -> String {
        match self {
            Job::Page(i) => site.pages[i].url.clone(),
            Job::Home => "index.html".into(),
            Job::Teams => "teams/index.html".into(),
            Job::Strategies => "strategies/index.html".into(),
            Job::People => "people/index.html".into(),
            Job::Agendas => "agendas/index.html".into(),
            Job::Calendar => "calendar/index.html".into(),
            Job::Challenges => "challenges/index.html".into(),
            Job::Plan => "plan/index.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Checks => "checks/index.html".into(),
        }
    }

    /// The section page whose text this generated page shows, by content path.
    pub fn section_path(self) -> Option<&'static str> {
        match self {
            Job::Home => Some(""),
            Job::Teams => Some("teams"),
            Job::Strategies => Some("strategies"),
            Job::People => Some("people"),
            Job::Agendas => Some("agendas"),
            Job::Calendar => Some("calendar"),
            Job::Challenges => Some("challenges"),
            Job::Plan => Some("plan"),
            _ => None,
        }
    }
}

/// Every page the site writes.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::Teams, Job::Strategies, Job::People, Job::Agendas, Job::NotFound];
    jobs.push(Job::Calendar);
    if site.challenges().next().is_some() {
        jobs.push(Job::Challenges);
    }
    if site.strategies().next().is_some() {
        jobs.push(Job::Plan);
    }
    for (i, page) in site.pages.iter().enumerate() {
        let generated =
            page.kind == Kind::Section && jobs.iter().any(|j| j.section_path() == Some(page.src.path.as_str()));
        if !generated {
            jobs.push(Job::Page(i));
        }
    }
    jobs
}
