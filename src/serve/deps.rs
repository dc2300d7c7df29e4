//! Dependency facts for incremental rebuilds: what each page names, a fingerprint of what
//! other pages can show of it, and from those the set of pages a change can reach.
//!
//! The rule, stated once: page Q's output can depend on page P when Q is P, when one of them
//! names the other by id in its front matter (Q shows P's title, or lists P as a reverse
//! relation), when both are agendas of one team (previous/next, still-open items), when Q is
//! P's section (it lists P) or P is a section above Q (breadcrumbs), and every generated page
//! (home, indexes, calendar…) depends on every page. A neighbour whose own model changed in
//! turn (an agenda's default title follows its team's) passes the change on.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::content::{Kind, SourcePage};
use crate::markdown::Body;
use crate::model::{Page, PageData, Site};

/// What a page names, as far as watch can tell without knowing every field: every scalar of
/// its front matter (ids are scalars; `strategy#goal` names the strategy too) and the folders
/// of its path (an agenda's team is its folder).
pub fn mentions(src: &SourcePage) -> Vec<Box<str>> {
    let mut out: BTreeSet<Box<str>> = BTreeSet::new();
    if src.has_front_matter {
        for s in crate::content::yaml::scalars(&src.text[src.yaml.clone()]) {
            let s = s.trim();
            if s.is_empty() || s.len() > 200 || s.contains('\n') {
                continue;
            }
            if let Some((head, _)) = s.split_once('#') {
                out.insert(head.into());
            }
            out.insert(s.into());
        }
    }
    let folders: Vec<&str> = src.path.split('/').collect();
    for f in &folders[..folders.len().saturating_sub(1)] {
        out.insert((*f).into());
    }
    out.into_iter().collect()
}

/// Who names whom: id (or any scalar) → files whose front matter holds it. Kept up to date
/// one file at a time.
#[derive(Default)]
pub struct MentionIndex {
    by_name: FxHashMap<Box<str>, BTreeSet<String>>,
}

impl MentionIndex {
    pub fn add(&mut self, file: &str, names: &[Box<str>]) {
        for n in names {
            self.by_name.entry(n.clone()).or_default().insert(file.to_string());
        }
    }

    pub fn remove(&mut self, file: &str, names: &[Box<str>]) {
        for n in names {
            if let Some(set) = self.by_name.get_mut(n) {
                set.remove(file);
                if set.is_empty() {
                    self.by_name.remove(n);
                }
            }
        }
    }

    pub fn files_naming(&self, id: &str) -> impl Iterator<Item = &String> {
        self.by_name.get(id).into_iter().flatten()
    }
}

/// What the last good build knew of one visible page.
#[derive(Debug, Clone, PartialEq)]
pub struct Memo {
    pub kind: Kind,
    pub id: String,
    pub url: String,
    pub title: String,
    /// Content path (`teams/ilt`; a section's folder).
    pub path: String,
    /// The folder the page is listed in (a section's parent folder).
    pub listed_in: String,
    pub agenda_team: Option<String>,
    /// Everything other pages can show of it: its front matter, its model, its summary.
    pub model: u64,
    /// Its rendered Markdown.
    pub body: u64,
}

impl Memo {
    pub fn new(page: &Page, body: &Body) -> Memo {
        Memo {
            kind: page.kind,
            id: page.id.clone(),
            url: page.url.clone(),
            title: page.title.clone(),
            path: page.src.path.clone(),
            listed_in: listed_in(page),
            agenda_team: match &page.data {
                PageData::Agenda(a) => Some(a.team.clone()),
                _ => None,
            },
            model: model_hash(page, body),
            body: body_hash(body),
        }
    }

    /// The cheap part, compared for every page on every rebuild.
    pub fn same_head(&self, page: &Page) -> bool {
        self.kind == page.kind && self.id == page.id && self.url == page.url && self.title == page.title
    }
}

fn listed_in(page: &Page) -> String {
    if page.kind == Kind::Section {
        page.src.path.rsplit_once('/').map_or(String::new(), |(d, _)| d.to_string())
    } else {
        page.src.folder().to_string()
    }
}

/// The file of the section page that governs `folder`.
pub fn section_file(folder: &str) -> String {
    if folder.is_empty() { "content/_index.md".to_string() } else { format!("content/{folder}/_index.md") }
}

/// Feeds `Debug` output to a hasher without building the string.
struct HashWriter<'a>(&'a mut DefaultHasher);

impl std::fmt::Write for HashWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

/// A fingerprint of everything about a page that another page may show: the front matter as
/// written, the resolved model (which also holds what resolve derived from other pages, such
/// as an agenda's default title) and the summary listings use.
pub fn model_hash(page: &Page, body: &Body) -> u64 {
    let mut h = DefaultHasher::new();
    let src = &page.src;
    src.file.hash(&mut h);
    src.path.hash(&mut h);
    src.has_front_matter.hash(&mut h);
    src.text[src.yaml.clone()].hash(&mut h);
    body.summary.hash(&mut h);
    let mut w = HashWriter(&mut h);
    let _ = write!(
        w,
        "{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}",
        page.kind,
        page.id,
        page.title,
        page.short,
        page.date,
        page.summary,
        page.tags,
        page.weight,
        page.url,
        page.data
    );
    h.finish()
}

/// A fingerprint of a page's rendered Markdown (and agenda notes).
pub fn body_hash(body: &Body) -> u64 {
    let mut h = DefaultHasher::new();
    body.html.hash(&mut h);
    body.terms.hash(&mut h);
    body.summary.hash(&mut h);
    body.notes.hash(&mut h);
    let _ = write!(HashWriter(&mut h), "{:?}", body.headings);
    h.finish()
}

/// The last good build's pages, by file, with the indexes the neighbour rule needs.
#[derive(Default)]
pub struct Memos {
    pub by_file: FxHashMap<String, Memo>,
}

impl Memos {
    pub fn files_with_id(&self, id: &str) -> impl Iterator<Item = &String> {
        self.by_file.iter().filter(move |(_, m)| m.id == id).map(|(f, _)| f)
    }
}

/// What changed about one page between the last good build and now, old and new side.
pub struct Change<'a> {
    pub file: &'a str,
    pub old: Option<&'a Memo>,
    pub new: Option<&'a Page>,
    /// The names the page's front matter held at the last good build and holds now.
    pub names: Vec<Box<str>>,
}

/// The files whose output can depend on a page that changed (see the module's rule).
pub fn neighbours(change: &Change, site: &Site, memos: &Memos, index: &MentionIndex) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ids: BTreeSet<&str> =
        change.old.map(|m| m.id.as_str()).into_iter().chain(change.new.map(|p| p.id.as_str())).collect();
    for id in &ids {
        out.extend(index.files_naming(id).cloned());
    }
    // An agenda shows its team's members (its default roles): what the team names reaches
    // the team's agendas too.
    let naming_teams: BTreeSet<String> = out
        .iter()
        .filter_map(|file| {
            let path = file.strip_prefix("content/")?.strip_suffix(".md")?;
            site.by_path(path).filter(|p| p.kind == Kind::Team).map(|p| p.id.clone())
        })
        .collect();
    for team in &naming_teams {
        out.extend(site.agendas().filter(|(_, a)| &a.team == team).map(|(p, _)| p.src.file.clone()));
    }
    let named: FxHashSet<&str> = change.names.iter().map(|n| &**n).collect();
    for name in &named {
        for kind in Kind::ALL {
            if let Some(p) = site.get(kind, name) {
                out.insert(p.src.file.clone());
            }
        }
    }
    if !named.is_empty() {
        out.extend(memos.by_file.iter().filter(|(_, m)| named.contains(m.id.as_str())).map(|(f, _)| f.clone()));
    }
    let teams: BTreeSet<&str> = change
        .old
        .and_then(|m| m.agenda_team.as_deref())
        .into_iter()
        .chain(change.new.and_then(|p| match &p.data {
            PageData::Agenda(a) => Some(a.team.as_str()),
            _ => None,
        }))
        .collect();
    for team in &teams {
        out.extend(site.agendas().filter(|(_, a)| a.team == *team).map(|(p, _)| p.src.file.clone()));
        out.extend(
            memos.by_file.iter().filter(|(_, m)| m.agenda_team.as_deref() == Some(*team)).map(|(f, _)| f.clone()),
        );
    }
    let listed: BTreeSet<String> =
        change.old.map(|m| m.listed_in.clone()).into_iter().chain(change.new.map(listed_in)).collect();
    for folder in &listed {
        out.insert(section_file(folder));
    }
    let sections: BTreeSet<&str> = change
        .old
        .filter(|m| m.kind == Kind::Section)
        .map(|m| m.path.as_str())
        .into_iter()
        .chain(change.new.filter(|p| p.kind == Kind::Section).map(|p| p.src.path.as_str()))
        .collect();
    for folder in sections {
        let under = |path: &str| folder.is_empty() || path == folder || path.starts_with(&format!("{folder}/"));
        out.extend(site.pages.iter().filter(|p| under(&p.src.path)).map(|p| p.src.file.clone()));
        out.extend(memos.by_file.iter().filter(|(_, m)| under(&m.path)).map(|(f, _)| f.clone()));
    }
    out.remove(change.file);
    out
}

/// Which templates a change of `changed` (tera names: `team.html`, `theme/team.html`) can
/// reach: `Some(names)` when each is a page template no other template names, `None` (every
/// job) when one is a layout, a partial, a component file or anything else.
pub fn templates_reached(
    changed: &BTreeSet<String>,
    texts: &[(&str, &str)],
    job_templates: &FxHashSet<&str>,
) -> Option<BTreeSet<String>> {
    let mut leaves = BTreeSet::new();
    for name in changed {
        let base = name.strip_prefix("theme/").unwrap_or(name);
        // Templates name each other in string literals: `{% extends "base.html" %}`.
        let quoted: Vec<String> =
            ['"', '\'', '`'].iter().flat_map(|q| [format!("{q}{base}{q}"), format!("{q}theme/{base}{q}")]).collect();
        let named_elsewhere = texts.iter().any(|(other, text)| {
            let other_base = other.strip_prefix("theme/").unwrap_or(other);
            other_base != base && quoted.iter().any(|q| text.contains(q.as_str()))
        });
        if named_elsewhere || !job_templates.contains(base) {
            return None;
        }
        leaves.insert(base.to_string());
    }
    Some(leaves)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(file: &str, text: &str) -> SourcePage {
        crate::content::parse_page(file, std::sync::Arc::from(text)).0.unwrap()
    }

    #[test]
    fn mentions_are_scalars_and_folders() {
        let page = src(
            "content/agendas/ilt/2026-09-08.md",
            "---\nitems:\n  - { topic: Data, lead: ana, benchmark: reading#b1 }\n---\nBody",
        );
        let found = mentions(&page);
        let names: Vec<&str> = found.iter().map(|n| &**n).collect();
        for expected in ["agendas", "ilt", "ana", "reading", "reading#b1", "Data"] {
            assert!(names.contains(&expected), "{expected} in {names:?}");
        }
    }

    #[test]
    fn a_page_template_reaches_its_jobs_and_a_layout_reaches_all() {
        let texts = [
            ("theme/base.html", "<html>{% block content %}{% endblock %}</html>"),
            ("theme/team.html", "{% extends \"base.html\" %}{{ page.html }}"),
            ("theme/home.html", "{% extends \"base.html\" %}{{ page.html }}"),
            ("theme/teams.html", "{% extends \"base.html\" %}"),
            ("theme/partials/components.html", "{% component ref(r) %}{% endcomponent ref %}"),
        ];
        let jobs: FxHashSet<&str> = ["team.html", "teams.html", "home.html", "page.html"].into_iter().collect();
        let one = |n: &str| BTreeSet::from([n.to_string()]);
        assert_eq!(templates_reached(&one("theme/team.html"), &texts, &jobs), Some(one("team.html")));
        assert_eq!(templates_reached(&one("team.html"), &texts, &jobs), Some(one("team.html")), "a site override");
        assert_eq!(templates_reached(&one("theme/base.html"), &texts, &jobs), None);
        assert_eq!(
            templates_reached(&one("page.html"), &texts, &jobs),
            Some(one("page.html")),
            "not `page.html` the field"
        );
        assert_eq!(templates_reached(&one("theme/partials/components.html"), &texts, &jobs), None);
    }
}
