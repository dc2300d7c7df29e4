//! A language's tree: the site again, with each translation's words (titles, statements,
//! descriptions, the body) in place of its source's. Every structured value — targets,
//! dates, owners, statuses — stays the source's, so the two languages never disagree about
//! the plan; `check::translations` reports a translation that tries to set one.

use std::collections::HashSet;
use std::sync::Arc;

use super::{Page, PageData, Site};
use crate::content::{Fields, Kind, SourcePage};
use crate::i18n::Words;

/// `site` in language `lang`, written under `lang/`: its pages in their translations where
/// there is one, in the original elsewhere (`Site::translated` tells which).
pub fn tree(site: &Site, lang: &str, words: Arc<Words>) -> Site {
    let mut out = site.clone();
    out.tree = format!("{lang}/");
    out.config.language = lang.to_string();
    // site.yaml `clock:` is the site's own language's; a translation keeps its catalogue's.
    out.config.clock = None;
    if let Some(texts) = site.config.texts.get(lang) {
        let config = &mut out.config;
        // A title of its own goes with its own short title (or none), never the source's.
        if let Some(title) = &texts.title {
            config.title.clone_from(title);
            config.short_title.clone_from(&texts.short_title);
        } else if texts.short_title.is_some() {
            config.short_title.clone_from(&texts.short_title);
        }
        if texts.description.is_some() {
            config.description.clone_from(&texts.description);
        }
    }
    let own = std::mem::replace(&mut out.config.words, words);
    out.config.other_words.remove(lang);
    out.config.other_words.insert(site.config.language.clone(), own);
    let mut done = HashSet::new();
    for t in site.translations.iter().filter(|t| t.lang.as_deref() == Some(lang)) {
        if let Some(i) = site.index_by_path(&t.path) {
            overlay(&mut out.pages[i], t);
            done.insert(t.path.clone());
        }
    }
    out.translated = done;
    retitle_agendas(&mut out, site);
    out
}

/// A translation's words over its page; its source text (and so its body) replaces the page's.
fn overlay(page: &mut Page, t: &SourcePage) {
    let common = &t.common;
    let title = common.title.clone().or_else(|| (!t.has_front_matter).then(|| first_heading(t.body())).flatten());
    if let Some(title) = title {
        page.title = title;
    }
    set(&mut page.short, &common.short);
    set(&mut page.summary, &common.summary);
    match (&mut page.data, &t.fields) {
        (PageData::Team(team), Fields::Team(f)) => {
            set(&mut team.purpose, &f.purpose);
            set(&mut team.cadence, &f.cadence);
            set_list(&mut team.norms, &f.norms);
        }
        (PageData::Person(p), Fields::Person(f)) => set(&mut p.role, &f.role),
        (PageData::Challenge(c), Fields::Challenge(f)) => {
            set(&mut c.data, &f.data);
            for r in &f.root_causes {
                if let Some(cause) = c.root_causes.iter_mut().find(|c| Some(&c.id) == r.id.as_ref()) {
                    set_text(&mut cause.statement, &r.statement);
                }
            }
        }
        (PageData::Strategy(s), Fields::Strategy(f)) => {
            set(&mut s.description, &f.description);
            set(&mut s.area, &f.area);
            set(&mut s.challenge, &f.challenge);
            for g in &f.goals {
                if let Some(goal) = s.goals.iter_mut().find(|x| Some(&x.id) == g.id.as_ref()) {
                    set_text(&mut goal.statement, &g.statement);
                    set(&mut goal.short, &g.short);
                    set(&mut goal.measure, &g.measure);
                }
            }
            for b in &f.benchmarks {
                if let Some(bench) = s.benchmarks.iter_mut().find(|x| Some(&x.id) == b.id.as_ref()) {
                    set_text(&mut bench.statement, &b.statement);
                    set(&mut bench.short, &b.short);
                    set(&mut bench.source, &b.source);
                    set(&mut bench.evidence, &b.evidence);
                }
            }
            for a in &f.action_steps {
                if let Some(step) = s.action_steps.iter_mut().find(|x| Some(&x.id) == a.id.as_ref()) {
                    set_text(&mut step.action, &a.action);
                    set(&mut step.short, &a.short);
                    set(&mut step.when, &a.when);
                    set(&mut step.resources, &a.resources);
                    set(&mut step.funding, &a.funding);
                    set(&mut step.evidence, &a.evidence);
                }
            }
            for r in &f.reflections {
                if let Some(refl) = s.reflections.iter_mut().find(|x| x.quarter == r.quarter) {
                    set_text(&mut refl.text, &r.text);
                }
            }
        }
        (PageData::Agenda(a), Fields::Agenda(f)) => {
            set(&mut a.location, &f.location);
            set_list(&mut a.objectives, &f.objectives);
            set_list(&mut a.decisions, &f.decisions);
            set_list(&mut a.next_items, &f.next_items);
            for (item, words) in a.items.iter_mut().zip(&f.items) {
                set_text(&mut item.topic, &words.topic);
                if words.notes.is_some() {
                    item.notes.clone_from(&words.notes);
                }
            }
            for (item, words) in a.action_items.iter_mut().zip(&f.action_items) {
                set_text(&mut item.task, &words.task);
            }
        }
        _ => {}
    }
    page.src = t.clone();
}

fn set(field: &mut Option<String>, words: &Option<String>) {
    if words.is_some() {
        field.clone_from(words);
    }
}

fn set_text(field: &mut String, words: &Option<String>) {
    if let Some(w) = words {
        field.clone_from(w);
    }
}

fn set_list(field: &mut Vec<String>, words: &[String]) {
    if !words.is_empty() {
        *field = words.to_vec();
    }
}

fn first_heading(body: &str) -> Option<String> {
    body.lines().find_map(|l| l.strip_prefix("# ")).map(|t| t.trim().to_string())
}

/// An agenda without a title of its own is named by its team and date: in this tree's
/// language, after the team's title in it.
fn retitle_agendas(site: &mut Site, source: &Site) {
    let untitled = |i: usize, p: &Page| p.src.common.title.is_none() && source.pages[i].src.common.title.is_none();
    let names: Vec<(usize, String)> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(i, p)| p.kind == Kind::Agenda && untitled(*i, p))
        .filter_map(|(i, p)| {
            let PageData::Agenda(a) = &p.data else { return None };
            let team = site.get(Kind::Team, &a.team);
            let team =
                team.map(|t| t.short.clone().unwrap_or_else(|| t.title.clone())).unwrap_or_else(|| a.team.clone());
            let w = &site.config.words;
            let title = match a.date {
                Some(d) => w.fill("entry.agenda_title", &[("team", &team), ("date", &w.long_date(d))]),
                None => team,
            };
            Some((i, title))
        })
        .collect();
    for (i, title) in names {
        site.pages[i].title = title;
    }
}
