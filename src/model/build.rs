//! From loaded files to the checked model: visibility, ids, URLs, typed values.

use std::collections::{HashMap, HashSet};

use chrono::NaiveTime;
use rayon::prelude::*;

use super::entries::{agenda, challenge, strategy, team};
use super::values::{Check, nonempty};
use super::visible::{hidden_folders, hidden_teams, is_under_hidden, team_hidden, why_hidden};
use super::*;
use crate::content::kinds::*;
use crate::content::{Fields, Loaded, SourcePage};
use crate::diagnostics::Rule;
use crate::util::slugify;

/// Output paths clockwork writes itself; a page may not take one (a section adds its text).
pub const GENERATED: [&str; 9] = [
    "index.html",
    "teams/index.html",
    "strategies/index.html",
    "people/index.html",
    "agendas/index.html",
    "calendar/index.html",
    "plan/index.html",
    "challenges/index.html",
    "404.html",
];

/// The resolve stage: checks every visible page and links the site together.
pub fn resolve(config: Config, loaded: Loaded, scope: Scope) -> Resolved {
    let Loaded { pages: sources, assets, diagnostics: _, texts: _, failed } = loaded;
    let (translations, sources): (Vec<SourcePage>, Vec<SourcePage>) =
        sources.into_iter().partition(|p| p.lang.is_some());
    let mut unloaded: HashSet<String> = failed.into_iter().collect();
    let mut diags = Vec::new();
    let known_paths: HashSet<String> = sources.iter().map(|p| p.path.clone()).collect();
    let (visible, hidden, hidden_folders) = split_visible(sources, scope, &mut diags);
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
    let pages = keep_unique(pages, &mut diags);
    let mut by_id = HashMap::new();
    let mut by_path = HashMap::new();
    let mut kinds = std::collections::BTreeSet::new();
    for (i, page) in pages.iter().enumerate() {
        by_id.insert((page.kind, page.id.clone()), i);
        by_path.insert(page.src.path.clone(), i);
        kinds.insert(page.kind);
    }
    let LeftOut { ids: hidden_ids, paths: hidden_paths } = hidden;
    let translations = published_translations(translations, &by_path, &known_paths, scope, &mut diags);
    let mut site = Site {
        config,
        scope,
        pages,
        assets,
        by_id,
        by_path,
        kinds,
        hidden_ids,
        hidden_paths,
        known_paths,
        unloaded,
        translations,
        tree: String::new(),
        translated: HashSet::new(),
        langs: Vec::new(),
    };
    site.find_languages();
    name_agendas(&mut site);
    status::derive(&mut site);
    diags.extend(refs::check(&site));
    Resolved { site, diagnostics: diags }
}

/// The translations this build publishes: those of a visible page, not drafts (unless drafts
/// are built). A translation with no source file at all is an error: its words would have
/// nothing to stand beside.
fn published_translations(
    translations: Vec<SourcePage>,
    visible: &HashMap<String, usize>,
    known: &HashSet<String>,
    scope: Scope,
    diags: &mut Vec<Diagnostic>,
) -> Vec<SourcePage> {
    let mut out = Vec::new();
    for t in translations {
        if !known.contains(&t.path) {
            let source = crate::content::translation_of(&t.file).map(|(_, s)| s).unwrap_or_default();
            let message = format!("`{}` is a translation of `{source}`, which does not exist", t.file);
            let help = format!(
                "add `{source}` in the site's language, or rename this file without `.{}`",
                t.lang.as_deref().unwrap_or("")
            );
            diags.push(Diagnostic::new(Rule::TranslationValue, &t.file, (1, 1), message).with_help(help));
            continue;
        }
        let draft = t.common.draft == Some(true) && !scope.drafts;
        if visible.contains_key(&t.path) && !draft {
            out.push(t);
        }
    }
    out
}

/// The pages left out of a build, by id and by content path, kept for links to them.
#[derive(Default)]
struct LeftOut {
    ids: HashMap<(Kind, String), Hidden>,
    paths: HashMap<String, Hidden>,
}

/// The sources this build publishes, those it leaves out, and the folders it hides.
fn split_visible(
    sources: Vec<SourcePage>,
    scope: Scope,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<SourcePage>, LeftOut, std::collections::BTreeMap<String, &'static str>) {
    let folders = hidden_folders(&sources, scope, diags);
    let teams = hidden_teams(&sources, scope, &folders);
    let mut visible = Vec::new();
    let mut hidden = LeftOut::default();
    for src in sources {
        match why_hidden(&src, scope, &folders).or_else(|| team_hidden(&src, &teams)) {
            Some(reason) => {
                let entry = Hidden { file: src.file.clone(), reason };
                if let Some(id) = page_id(&src) {
                    hidden.ids.insert((src.kind, id), entry.clone());
                }
                hidden.paths.insert(src.path.clone(), entry);
            }
            None => visible.push(src),
        }
    }
    (visible, hidden, folders)
}

/// The pages whose id and output path are their own: a second page with the id or output
/// path of an earlier one, or taking a path clockwork writes itself, is an error and left out.
fn keep_unique(pages: Vec<Page>, diags: &mut Vec<Diagnostic>) -> Vec<Page> {
    let mut by_id: HashMap<(Kind, String), usize> = HashMap::new();
    let mut by_url: HashMap<String, usize> = HashMap::new();
    let mut by_folded_url: HashMap<String, usize> = HashMap::new();
    let mut keep = vec![true; pages.len()];
    for (i, page) in pages.iter().enumerate() {
        let clash = if let Some(&first) = by_id.get(&(page.kind, page.id.clone())) {
            let first = &pages[first];
            let message = format!("another {} already has the id `{}`: {}", page.kind.name(), page.id, first.src.file);
            Some(duplicate(page, &message))
        } else if let Some(&first) = by_url.get(&page.url) {
            let message = format!("this page would be written to `{}`, as is {}", page.url, pages[first].src.file);
            Some(duplicate(page, &message))
        } else if let Some(&first) = by_folded_url.get(&page.url.to_lowercase()) {
            let first = &pages[first];
            let message = format!(
                "this page would be written to `{}`, and {} to `{}`: Windows and macOS disks take the two for one file",
                page.url, first.src.file, first.url
            );
            Some(Diagnostic::new(Rule::PathCollision, &page.src.file, (1, 1), message))
        } else if page.kind != Kind::Section && GENERATED.contains(&page.url.as_str()) {
            let folder = page.url.trim_end_matches("index.html").trim_end_matches('/');
            let message = format!("this page would be written to `{}`, which clockwork writes itself", page.url);
            let slash = if folder.is_empty() { "" } else { "/" };
            let help = format!("to add text to that page, write `content/{folder}{slash}_index.md`");
            Some(duplicate(page, &message).with_help(help))
        } else {
            None
        };
        match clash {
            Some(d) => {
                diags.push(d);
                keep[i] = false;
            }
            None => {
                by_id.insert((page.kind, page.id.clone()), i);
                by_url.insert(page.url.clone(), i);
                by_folded_url.insert(page.url.to_lowercase(), i);
            }
        }
    }
    pages.into_iter().zip(keep).filter_map(|(p, k)| k.then_some(p)).collect()
}

fn duplicate(page: &Page, message: &str) -> Diagnostic {
    let pos = if page.src.common.id.is_some() { page.src.key_pos(&["id"]) } else { (1, 1) };
    Diagnostic::new(Rule::DuplicateId, &page.src.file, pos, message.to_string())
}

/// The id a page has, from its front matter and path.
pub fn page_id(src: &SourcePage) -> Option<String> {
    if let Some(id) = src.common.id.as_ref().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        return Some(id.to_string());
    }
    Some(match (&src.kind, &src.fields) {
        (Kind::Agenda, Fields::Agenda(a)) => format!("{}/{}", agenda_team(src, a)?, src.stem()),
        (Kind::Person | Kind::Team | Kind::Strategy | Kind::Challenge, _) => src.stem().to_string(),
        _ => src.path.clone(),
    })
}

pub(super) fn agenda_team(src: &SourcePage, a: &AgendaFields) -> Option<String> {
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
        Kind::Person | Kind::Team | Kind::Strategy | Kind::Challenge => {
            format!("{}/{}/index.html", kind.folder().unwrap_or(""), safe(id))
        }
        Kind::Agenda => format!("agendas/{}/index.html", id.split('/').map(safe).collect::<Vec<_>>().join("/")),
        Kind::Page | Kind::Section if path.is_empty() => "index.html".to_string(),
        Kind::Page | Kind::Section => format!("{path}/index.html"),
    }
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
        Fields::Person(f) => PageData::Person(Person {
            role: nonempty(&f.role),
            email: nonempty(&f.email),
            phone: nonempty(&f.phone),
            sort_as: nonempty(&f.sort_as),
        }),
        Fields::Team(f) => PageData::Team(team(&mut c, f, config)),
        Fields::Strategy(f) => PageData::Strategy(strategy(&mut c, f, config)),
        Fields::Agenda(f) => PageData::Agenda(agenda(&mut c, f, &src, date)),
        Fields::Challenge(f) => PageData::Challenge(challenge(&mut c, f)),
    };
    // An agenda dated by its file name has that date as the page's date too (listings and
    // "recent meetings" sort by it).
    let date = match &data {
        PageData::Agenda(a) => a.date,
        _ => date,
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
                Some(d) => site
                    .config
                    .words
                    .fill("entry.agenda_title", &[("team", &team_title), ("date", &site.config.words.long_date(d))]),
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
