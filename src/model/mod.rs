//! The resolved site: every visible page with checked, typed data, looked up by kind and id.
//! Drafts and pages outside the build's audience are not in it: they exist only as names in
//! `hidden`, so no later stage can render, list, link, search or export them.

mod build;
mod entries;
mod refs;
mod relations;
pub mod status;
pub mod tracker;
pub mod translate;
mod values;
mod visible;

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::Serialize;

use crate::config::Config;
use crate::content::{Asset, Kind, SourcePage};
use crate::diagnostics::Diagnostic;

pub use build::{page_id, resolve};
pub use relations::Relations;
pub use status::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Audience {
    #[default]
    Public,
    Staff,
}

/// What a build publishes.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    pub audience: Audience,
    pub drafts: bool,
    pub as_of: NaiveDate,
    /// `serve --edit`: the session's token, which the pages' edit forms carry. Never set
    /// for a build that writes files.
    pub edit: Option<u128>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub src: SourcePage,
    pub kind: Kind,
    pub id: String,
    pub title: String,
    pub short: Option<String>,
    pub date: Option<NaiveDate>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub weight: Option<f64>,
    /// Output path from the site root: `teams/ilt/index.html`.
    pub url: String,
    pub data: PageData,
}

#[derive(Debug, Clone)]
pub enum PageData {
    Page,
    Section,
    Person(Person),
    Team(Team),
    Strategy(Strategy),
    Agenda(Agenda),
    Challenge(Challenge),
}

/// A priority performance challenge: what the data show, and the root causes behind it.
#[derive(Debug, Default, Clone)]
pub struct Challenge {
    /// The trend, in words ("2023: 61%, 2024: 63%").
    pub data: Option<String>,
    pub root_causes: Vec<RootCause>,
}

#[derive(Debug, Clone)]
pub struct RootCause {
    pub id: String,
    /// Position in the `root_causes` list as written.
    pub index: usize,
    pub statement: String,
}

#[derive(Debug, Default, Clone)]
pub struct Person {
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `sort_as:`, as written; `sort_key` says how a person sorts without it.
    pub sort_as: Option<String>,
}

/// Honorifics that come before a name and are not part of it for sorting.
const HONORIFICS: [&str; 12] = ["dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "rev", "fr", "sr", "hon"];
/// Suffixes and degrees that come after a family name.
const SUFFIXES: [&str; 13] = ["jr", "sr", "ii", "iii", "iv", "v", "phd", "edd", "md", "esq", "ma", "med", "nbct"];

/// How the people index sorts a name: the family name (its last word, honorifics such as
/// "Dr." and suffixes such as "Jr." or ", Ed.D." aside), then the given names, without case.
/// "Dr. Angela Brooks" sorts as "brooks angela"; "Samuel Park Jr." as "park samuel".
pub fn sort_key(name: &str) -> String {
    let bare = |w: &str| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    // Degrees after a comma ("Angela Brooks, Ed.D.") are never part of the name.
    let name = name.split(',').next().unwrap_or(name);
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while words.len() > 1 && HONORIFICS.contains(&bare(words[0]).as_str()) {
        words.remove(0);
    }
    while words.len() > 1 && SUFFIXES.contains(&bare(words[words.len() - 1]).as_str()) {
        words.pop();
    }
    match words.split_last() {
        Some((family, given)) => {
            let given: Vec<String> = given.iter().map(|w| w.to_lowercase()).collect();
            format!("{} {}", family.to_lowercase(), given.join(" ")).trim_end().to_string()
        }
        None => name.trim().to_lowercase(),
    }
}

#[derive(Debug, Default, Clone)]
pub struct Team {
    pub level: Option<String>,
    pub purpose: Option<String>,
    pub cadence: Option<String>,
    pub meets: Option<Meets>,
    pub members: Vec<Member>,
    pub links: Vec<TeamLink>,
    pub parent: Option<String>,
    pub until: Option<NaiveDate>,
    pub standing_items: Vec<StandingItem>,
    pub norms: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Meets {
    /// Without one, the team meets only on its `dates`.
    pub weekday: Option<Weekday>,
    pub start: Option<NaiveTime>,
    pub minutes: Option<u32>,
    pub every_weeks: u32,
    /// Monthly, on the nth such weekday of the month (1 to 5; -1, the last).
    pub nth: Option<i32>,
    /// Irregular meetings, by date.
    pub dates: Vec<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub person: String,
    pub role: Option<String>,
    /// Position in the `members` list as written (for diagnostics).
    pub index: usize,
}

#[derive(Debug, Clone)]
pub struct TeamLink {
    pub to: String,
    pub sends: Option<String>,
    pub index: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct StandingItem {
    pub topic: String,
    pub minutes: Option<u32>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub lead: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Up,
    Down,
}

#[derive(Debug, Default, Clone)]
pub struct Strategy {
    pub description: Option<String>,
    /// The goal area or priority the strategy belongs to ("Literacy").
    pub area: Option<String>,
    /// The challenges (and their root causes) the strategy answers.
    pub addresses: Vec<Address>,
    pub team: Option<String>,
    pub owner: Option<String>,
    pub challenge: Option<String>,
    pub root_causes: Vec<String>,
    pub supports: Vec<String>,
    pub goals: Vec<Goal>,
    pub benchmarks: Vec<Benchmark>,
    pub action_steps: Vec<ActionStep>,
    pub reflections: Vec<Reflection>,
    /// The ids of goals, benchmarks and action steps this edition leaves out (staff-only in a
    /// public build): a translation may give their words. Never printed.
    pub withheld: Vec<String>,
}

/// A challenge a strategy answers, or one of its root causes (`reading-gap#rc2`).
#[derive(Debug, Clone, PartialEq)]
pub struct Address {
    pub challenge: String,
    pub root_cause: Option<String>,
    /// Position in the `addresses` list as written.
    pub index: usize,
}

/// A target for a later school year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTarget {
    pub year: String,
    pub value: f64,
}

/// An interim target for one quarter (testing window).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Milestone {
    pub quarter: String,
    pub target: f64,
}

#[derive(Debug, Clone)]
pub struct Goal {
    pub id: String,
    pub index: usize,
    /// Its place among the entries of its list this build publishes, from 1 ("Step 3"):
    /// a staff-only entry left out of a public build leaves no gap.
    pub place: usize,
    /// A label of a few words ("Grade 3 proficiency").
    pub short: Option<String>,
    pub statement: String,
    pub measure: Option<String>,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub direction: Direction,
    /// Sorted by date.
    pub measurements: Vec<Measurement>,
    /// Targets for the school years after this one.
    pub targets: Vec<YearTarget>,
    /// Interim targets per quarter, in the site's quarter order.
    pub milestones: Vec<Milestone>,
    /// Set in the file or by a tracker; wins over the derived status.
    pub status: Option<Status>,
    /// The status shown everywhere at the as-of date: `status` if set, else derived
    /// (`status::derive`, after trackers).
    pub effective_status: Status,
    /// The latest measurement dated on or before the as-of date.
    pub latest: Option<Measurement>,
    /// What the milestone (or else the straight line from baseline to target) expects for
    /// `latest`'s date.
    pub expected: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measurement {
    pub date: NaiveDate,
    pub value: f64,
}

#[derive(Debug, Clone)]
pub struct Benchmark {
    pub id: String,
    pub index: usize,
    /// Its place among the entries of its list this build publishes, from 1 ("Step 3"):
    /// a staff-only entry left out of a public build leaves no gap.
    pub place: usize,
    pub short: Option<String>,
    pub quarter: Option<String>,
    pub goals: Vec<String>,
    pub statement: String,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub direction: Direction,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub source: Option<String>,
    /// What shows it was done (Markdown: may link to a tracker).
    pub evidence: Option<String>,
    /// Set in the file or by a tracker; wins over the derived status.
    pub status: Option<Status>,
    /// The status shown everywhere at the as-of date: `status` if set, else derived.
    pub effective_status: Status,
}

#[derive(Debug, Clone)]
pub struct ActionStep {
    pub id: String,
    pub index: usize,
    /// Its place among the entries of its list this build publishes, from 1 ("Step 3"):
    /// a staff-only entry left out of a public build leaves no gap.
    pub place: usize,
    pub short: Option<String>,
    pub action: String,
    /// Person, team or role-group ids, the first named first.
    pub owners: Vec<String>,
    pub support: Vec<String>,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    /// Timing in words ("Start of school year"), shown as written.
    pub when: Option<String>,
    pub completed: Option<NaiveDate>,
    pub resources: Option<String>,
    pub funding: Option<String>,
    pub evidence: Option<String>,
    pub benchmarks: Vec<String>,
    /// As recorded (not-started unless set).
    pub status: Status,
    /// `status`, or `overdue` when not done and due before the as-of date.
    pub effective_status: Status,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reflection {
    pub quarter: Option<String>,
    pub text: String,
}

#[derive(Debug, Default, Clone)]
pub struct Agenda {
    pub team: String,
    pub date: Option<NaiveDate>,
    pub start: Option<NaiveTime>,
    pub minutes: Option<u32>,
    pub location: Option<String>,
    /// Role name → person id, in the order written.
    pub roles: Vec<(String, String)>,
    /// Who attended and who did not (person ids), and guests (in words).
    pub present: Vec<String>,
    pub absent: Vec<String>,
    pub guests: Vec<String>,
    pub objectives: Vec<String>,
    pub items: Vec<AgendaItem>,
    pub decisions: Vec<String>,
    pub action_items: Vec<ActionItem>,
    pub next_items: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct AgendaItem {
    pub index: usize,
    pub topic: String,
    pub minutes: Option<u32>,
    pub kind: Option<String>,
    pub lead: Option<String>,
    pub strategy: Option<String>,
    /// `(strategy id, benchmark id)`.
    pub benchmark: Option<(String, String)>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ActionItem {
    pub index: usize,
    pub task: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub done: bool,
}

/// The statuses a file or tracker may record, per kind of entry.
pub const ACTION_STATUSES: [Status; 4] = [Status::NotStarted, Status::InProgress, Status::Done, Status::Blocked];
pub const BENCHMARK_STATUSES: [Status; 6] =
    [Status::Met, Status::PartiallyMet, Status::NotMet, Status::Upcoming, Status::Pending, Status::NoData];
pub const GOAL_STATUSES: [Status; 6] =
    [Status::Met, Status::Reached, Status::OnTrack, Status::OffTrack, Status::InProgress, Status::NoData];
pub const ITEM_TYPES: [&str; 3] = ["inform", "discuss", "decide"];
/// Who sees a page or an entry (`visibility:`).
pub const VISIBILITIES: [&str; 2] = ["public", "staff"];
/// Which way a goal or benchmark counts as better (`direction:`).
pub const DIRECTIONS: [&str; 2] = ["up", "down"];

/// A page that is not published in this build, kept only so that links to it are known.
#[derive(Debug, Clone)]
pub struct Hidden {
    pub file: String,
    pub reason: &'static str,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub scope: Scope,
    /// Visible pages, in file order.
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    by_id: HashMap<(Kind, String), usize>,
    by_path: HashMap<String, usize>,
    /// The kinds of page the site has (every page's frame asks, for its tabs).
    kinds: std::collections::BTreeSet<Kind>,
    hidden_ids: HashMap<(Kind, String), Hidden>,
    hidden_paths: HashMap<String, Hidden>,
    /// Content path of every Markdown file that exists, visible or not.
    pub known_paths: std::collections::HashSet<String>,
    /// Content paths of the Markdown files that did not load or resolve (each has its own
    /// error): a reference to one is not reported again.
    pub unloaded: std::collections::HashSet<String>,
    /// The translations this build publishes (`x.es.md`), each of a visible page.
    pub translations: Vec<crate::content::SourcePage>,
    /// The folder this site's pages are written under: empty for the site's own language,
    /// `es/` for its Spanish tree.
    pub tree: String,
    /// In a language's tree, the content paths of the pages shown in their translation.
    pub translated: std::collections::HashSet<String>,
    langs: Vec<String>,
}

impl Site {
    /// The languages the site publishes: its own first, then every language it has a
    /// published translation in or lists in site.yaml `translations:` (the same list in
    /// every language's tree).
    pub fn languages(&self) -> &[String] {
        &self.langs
    }

    /// Works out `languages` once the translations are known.
    pub(crate) fn find_languages(&mut self) {
        let mut others: Vec<String> = self
            .translations
            .iter()
            .filter_map(|t| t.lang.clone())
            .chain(self.config.translations.iter().cloned())
            .filter(|l| *l != self.config.language)
            .collect();
        others.sort();
        others.dedup();
        self.langs = std::iter::once(self.config.language.clone()).chain(others).collect();
    }

    /// The interface words of one of the site's languages.
    pub fn words_of(&self, lang: &str) -> Option<&crate::i18n::Words> {
        if lang == self.config.language {
            Some(&self.config.words)
        } else {
            self.config.other_words.get(lang).map(|w| &**w)
        }
    }

    pub fn get(&self, kind: Kind, id: &str) -> Option<&Page> {
        self.by_id.get(&(kind, id.to_string())).map(|&i| &self.pages[i])
    }

    pub fn index_of(&self, kind: Kind, id: &str) -> Option<usize> {
        self.by_id.get(&(kind, id.to_string())).copied()
    }

    /// A page by its content path (`teams/ilt`, `resources` for a section).
    pub fn by_path(&self, path: &str) -> Option<&Page> {
        self.by_path.get(path).map(|&i| &self.pages[i])
    }

    pub fn index_by_path(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    pub fn hidden(&self, kind: Kind, id: &str) -> Option<&Hidden> {
        self.hidden_ids.get(&(kind, id.to_string()))
    }

    pub fn hidden_path(&self, path: &str) -> Option<&Hidden> {
        self.hidden_paths.get(path)
    }

    /// Whether `id` is, by its file's place, one of `kinds` whose file did not load (a typo
    /// in its front matter, say): references to it wait for that file's own error to be fixed.
    pub fn unloaded(&self, kinds: &[Kind], id: &str) -> bool {
        self.unloaded.iter().any(|path| {
            let kind = Kind::from_folder(path);
            let own_id = match kind {
                Kind::Agenda => path.strip_prefix("agendas/").unwrap_or(path),
                _ => path.rsplit('/').next().unwrap_or(path),
            };
            kinds.contains(&kind) && own_id == id
        })
    }

    /// Whether the site has a page of this kind.
    pub fn has_kind(&self, kind: Kind) -> bool {
        self.kinds.contains(&kind)
    }

    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(move |p| p.kind == kind)
    }

    pub fn teams(&self) -> impl Iterator<Item = (&Page, &Team)> {
        self.pages.iter().filter_map(|p| match &p.data {
            PageData::Team(t) => Some((p, t)),
            _ => None,
        })
    }

    pub fn strategies(&self) -> impl Iterator<Item = (&Page, &Strategy)> {
        self.pages.iter().filter_map(|p| match &p.data {
            PageData::Strategy(s) => Some((p, s)),
            _ => None,
        })
    }

    pub fn challenges(&self) -> impl Iterator<Item = (&Page, &Challenge)> {
        self.pages.iter().filter_map(|p| match &p.data {
            PageData::Challenge(c) => Some((p, c)),
            _ => None,
        })
    }

    /// A role group of site.yaml `roles:` (principals, all grade 3 teachers): it owns work but
    /// has no page.
    pub fn role(&self, id: &str) -> Option<&crate::config::RoleGroup> {
        self.config.roles.iter().find(|r| r.id == id)
    }

    pub fn agendas(&self) -> impl Iterator<Item = (&Page, &Agenda)> {
        self.pages.iter().filter_map(|p| match &p.data {
            PageData::Agenda(a) => Some((p, a)),
            _ => None,
        })
    }

    pub fn people(&self) -> impl Iterator<Item = (&Page, &Person)> {
        self.pages.iter().filter_map(|p| match &p.data {
            PageData::Person(x) => Some((p, x)),
            _ => None,
        })
    }

    /// A person or a team, as owners and supporters may be either.
    pub fn owner(&self, id: &str) -> Option<&Page> {
        self.get(Kind::Person, id).or_else(|| self.get(Kind::Team, id))
    }

    /// How an owner is named in words: a person's or team's title, a role group's title, else
    /// the id as written.
    pub fn owner_name(&self, id: &str) -> String {
        match (self.owner(id), self.role(id)) {
            (Some(p), _) => p.title.clone(),
            (None, Some(r)) => r.title.clone(),
            (None, None) => id.to_string(),
        }
    }

    pub fn is_hidden_owner(&self, id: &str) -> bool {
        self.hidden(Kind::Person, id).is_some() || self.hidden(Kind::Team, id).is_some()
    }

    /// The title a reference shows: the page's short label or title, else the id as written.
    pub fn label(&self, kind: Kind, id: &str) -> String {
        self.get(kind, id).map_or_else(|| id.to_string(), |p| p.title.clone())
    }

    /// Agendas of one team, oldest first.
    pub fn agendas_of<'a>(&'a self, team: &'a str) -> impl Iterator<Item = (&'a Page, &'a Agenda)> + 'a {
        let mut list: Vec<_> = self.agendas().filter(move |(_, a)| a.team == team).collect();
        list.sort_by(|(pa, a), (pb, b)| (a.date, &pa.id).cmp(&(b.date, &pb.id)));
        list.into_iter()
    }
}

impl Strategy {
    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }
    pub fn benchmark(&self, id: &str) -> Option<&Benchmark> {
        self.benchmarks.iter().find(|b| b.id == id)
    }
}

/// The words of a member role that runs a team's meetings (in any case, as a word of the
/// role: "Co-Chair", "Team Lead", "Board President"), in English or Spanish ("Facilitadora",
/// "Coordinador del equipo").
pub const FACILITATOR_WORDS: [&str; 14] = [
    "facilitator",
    "chair",
    "chairperson",
    "president",
    "lead",
    "leader",
    "facilitador",
    "facilitadora",
    "coordinador",
    "coordinadora",
    "presidente",
    "presidenta",
    "líder",
    "lider",
];

/// Whether a member's role runs the team's meetings: a word of it is one of
/// `FACILITATOR_WORDS` (`Facilitator`, `co-chair`, `Chairperson`, `Grade 3 Team Lead`…).
pub fn is_facilitator_role(role: &str) -> bool {
    role.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|word| FACILITATOR_WORDS.contains(&word))
}

/// The minutes of all agenda items (saturating: a typo of a huge number must not crash the
/// build).
pub fn planned_minutes(items: &[AgendaItem]) -> u32 {
    items.iter().filter_map(|i| i.minutes).fold(0u32, u32::saturating_add)
}

/// Pages grouped by their folder (for section listings), in a stable order.
pub fn sort_pages(pages: &mut [&Page]) {
    pages.sort_by(|a, b| {
        a.weight
            .unwrap_or(f64::MAX)
            .total_cmp(&b.weight.unwrap_or(f64::MAX))
            .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// The output of the resolve stage.
pub struct Resolved {
    pub site: Site,
    pub diagnostics: Vec<Diagnostic>,
}

pub type Levels = BTreeMap<String, usize>;

#[cfg(test)]
mod tests {
    use super::sort_key;

    #[test]
    fn people_sort_by_family_name_with_honorifics_and_suffixes_aside() {
        assert_eq!(sort_key("Dr. Angela Brooks"), "brooks angela");
        assert_eq!(sort_key("Angela Brooks, Ed.D."), "brooks angela");
        assert_eq!(sort_key("Samuel Park Jr."), "park samuel");
        assert_eq!(sort_key("Mr. Tomás Herrera III"), "herrera tomás");
        assert_eq!(sort_key("Grace Whitehorse"), "whitehorse grace");
        assert_eq!(sort_key("Cher"), "cher", "one word is the name");
        assert_eq!(sort_key("Dr."), "dr.", "an honorific alone is kept");
        let mut names = ["Dr. Angela Brooks", "Marcus Bell", "Lucía Mendoza", "Ngozi Adeyemi"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, ["Ngozi Adeyemi", "Marcus Bell", "Dr. Angela Brooks", "Lucía Mendoza"]);
    }
}
