//! The vocabulary every page is written in: which pages the site writes (`Job`), links
//! (`Ref`) made relative to the page being written (`Ctx`), page labels, and the team rhythm
//! in words. Views and templates both build on it; it knows the model, not templates.

use serde::Serialize;

use crate::content::Kind;
use crate::i18n::Words;
use crate::markdown::Body;
use crate::model::{ActionStep, Benchmark, Goal, Meets, Page, PageData, Relations, Site, Status};
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
        self.entry(strategy, e.id(), label(self.words(), e))
    }

    /// The interface words of the pages being written.
    pub fn words(&self) -> &'a Words {
        &self.site.config.words
    }

    /// A status in the page's words.
    pub fn status(&self, s: Status) -> StatusView {
        StatusView::of(self.words(), s)
    }

    /// A state that is not a plan status (`open`, `late`, `extra`), in the page's words.
    pub fn plain(&self, key: &'static str) -> StatusView {
        StatusView::plain(self.words(), key)
    }

    /// The label of an entry in the page's words: its `short`, else "Goal 1".
    pub fn label<E: Entry>(&self, e: &E) -> String {
        label(self.words(), e)
    }

    /// A benchmark's status in words: a pending one says when it is due ("due by January 22").
    pub fn benchmark_status(&self, b: &Benchmark) -> StatusView {
        let quarter = b.quarter.as_deref().and_then(|q| self.site.config.quarter(q));
        match (b.effective_status, quarter) {
            // An explicit `status: pending` on a quarter that has ended has no date to be due by.
            (Status::Pending, Some(q)) if q.end >= self.site.scope.as_of => StatusView::due_by(self.words(), q.end),
            (s, _) => self.status(s),
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
    pub fn of(w: &Words, s: Status) -> Self {
        StatusView::new(s, w.text(&format!("status.{}", s.as_str())).to_string())
    }

    fn new(s: Status, label: String) -> Self {
        StatusView { key: s.as_str(), label, mark: s.mark() }
    }

    /// A pending benchmark's words: "due by January 22" (its quarter's end).
    pub fn due_by(w: &Words, end: chrono::NaiveDate) -> Self {
        StatusView::new(Status::Pending, w.fill("status.due_by", &[("date", &w.month_day(end))]))
    }

    /// A state that is not a plan status: an agenda item's `open`, a calendar's `extra`.
    pub fn plain(w: &Words, key: &'static str) -> Self {
        let mark = match key {
            "done" => "✓",
            "overdue" | "late" => "!",
            "extra" => "+",
            _ => "○",
        };
        StatusView { key, label: w.text(&format!("status.{key}")).to_string(), mark }
    }
}

/// A goal, benchmark or action step, as pages name it.
pub trait Entry {
    /// What the plan calls one in a check message (in English, as messages are): "Goal".
    const NOUN: &'static str;
    /// Its label's key in the interface words: `entry.goal` ("Goal {n}").
    const KEY: &'static str;
    fn id(&self) -> &str;
    fn short(&self) -> Option<&str>;
    /// Its place among its strategy's published entries of its kind, in file order (from 1).
    fn place(&self) -> usize;
}

macro_rules! entry {
    ($type:ty, $noun:literal, $key:literal) => {
        impl Entry for $type {
            const NOUN: &'static str = $noun;
            const KEY: &'static str = $key;
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
entry!(Goal, "Goal", "entry.goal");
entry!(Benchmark, "Benchmark", "entry.benchmark");
entry!(ActionStep, "Step", "entry.step");

/// What a page calls an entry: its `short`, else its place in the strategy ("Goal 1",
/// "Benchmark 2", "Step 3", in the page's words). Ids are for files and anchors, never for
/// readers.
pub fn label<E: Entry>(w: &Words, e: &E) -> String {
    match e.short() {
        Some(short) if !short.trim().is_empty() => short.trim().to_string(),
        _ => w.fill(E::KEY, &[("n", &e.place().to_string())]),
    }
}

/// An entry as a message names it to the person editing the file (in English, as messages
/// are): its label, with the id the file uses ("Step 5 (`a5`)", "“Phonics routine” (`b1`)").
pub fn named<E: Entry>(e: &E) -> String {
    match e.short() {
        Some(short) if !short.trim().is_empty() => format!("{} “{}” (`{}`)", E::NOUN, short.trim(), e.id()),
        _ => format!("{} {} (`{}`)", E::NOUN, e.place(), e.id()),
    }
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

/// A team's `meets` in words: "Every week on Tuesday, 3:30–4:30 pm (60 minutes)", "Monthly
/// on the 2nd Tuesday, 6:00 pm", "On Sep 14, Nov 9 and Jan 11".
pub fn meets_text(w: &Words, m: &Meets, clock: crate::config::Clock) -> String {
    let mut s = match (m.dates.as_slice(), m.weekday, m.nth) {
        ([first, .., last], _, _) if m.dates.len() > 4 => w.fill(
            "meets.many_dates",
            &[("n", &m.dates.len().to_string()), ("first", &w.short_date(*first)), ("last", &w.short_date(*last))],
        ),
        ([_, ..], _, _) => {
            let days: Vec<String> = m.dates.iter().map(|d| w.short_date(*d)).collect();
            w.fill("meets.on_dates", &[("dates", &w.and_list(&days))])
        }
        ([], Some(day), Some(nth)) => {
            let nth = if (1..=5).contains(&nth) { w.item("meets.nth", nth as usize - 1) } else { w.text("meets.last") };
            w.fill("meets.monthly", &[("nth", nth), ("weekday", w.weekday(day))])
        }
        ([], Some(day), None) => {
            let weekday = [("weekday", w.weekday(day))];
            match m.every_weeks {
                1 => w.fill("meets.weekly", &weekday),
                2 => w.fill("meets.fortnightly", &weekday),
                n => w.fill("meets.every_weeks", &[("n", &n.to_string()), weekday[0]]),
            }
        }
        ([], None, _) => String::new(),
    };
    if let Some(start) = m.start {
        let time = match m.minutes {
            Some(min) => w.time_range(start, start + chrono::Duration::minutes(min as i64), clock),
            None => w.time(start, clock),
        };
        s = if s.is_empty() { time } else { w.fill("meets.at", &[("rhythm", &s), ("time", &time)]) };
    }
    if let Some(min) = m.minutes {
        s = w.fill("meets.minutes", &[("text", &s), ("n", &min.to_string())]);
    }
    s
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
