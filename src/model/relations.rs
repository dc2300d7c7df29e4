//! Who points at whom, computed once per build: the reverse side of every reference, so
//! that pages, checks and views never scan the whole site per page.

use std::collections::HashMap;

use super::*;

#[derive(Debug, Default)]
pub struct Relations {
    /// Team id → its agendas (page indexes), oldest first.
    pub team_agendas: HashMap<String, Vec<usize>>,
    /// Team id → (sending team's page index, index into its `links`).
    pub links_in: HashMap<String, Vec<(usize, usize)>>,
    /// Team id → teams whose `parent` it is.
    pub children: HashMap<String, Vec<usize>>,
    /// Team id → strategies it runs (`team:`) or owns (`owner:`).
    pub team_strategies: HashMap<String, Vec<usize>>,
    /// Strategy id → strategies that list it in `supports`.
    pub supported_by: HashMap<String, Vec<usize>>,
    /// Person id → (team page index, member index).
    pub person_teams: HashMap<String, Vec<(usize, usize)>>,
    /// Person or team id → (strategy page index, action step position).
    pub owned_steps: HashMap<String, Vec<(usize, usize)>>,
    /// Person or team id → (agenda page index, action item position).
    pub owned_items: HashMap<String, Vec<(usize, usize)>>,
    /// Person or team id → strategies they own.
    pub owned_strategies: HashMap<String, Vec<usize>>,
    /// Folder → page indexes directly in it (sections list these).
    pub folder_pages: HashMap<String, Vec<usize>>,
    /// Challenge id → (strategy page index, the root cause it names, if one) for every
    /// `addresses` entry.
    pub addressed_by: HashMap<String, Vec<(usize, Option<String>)>>,
}

impl Relations {
    pub fn new(site: &Site) -> Relations {
        let mut r = Relations::default();
        for (i, page) in site.pages.iter().enumerate() {
            let folder = if page.kind == Kind::Section {
                page.src.path.rsplit_once('/').map_or(String::new(), |(d, _)| d.to_string())
            } else {
                page.src.folder().to_string()
            };
            if !(page.kind == Kind::Section && page.src.path.is_empty()) {
                r.folder_pages.entry(folder).or_default().push(i);
            }
            match &page.data {
                PageData::Team(t) => {
                    for (j, link) in t.links.iter().enumerate() {
                        r.links_in.entry(link.to.clone()).or_default().push((i, j));
                    }
                    if let Some(parent) = &t.parent {
                        r.children.entry(parent.clone()).or_default().push(i);
                    }
                    for (j, m) in t.members.iter().enumerate() {
                        r.person_teams.entry(m.person.clone()).or_default().push((i, j));
                    }
                }
                PageData::Strategy(s) => {
                    let mut teams: Vec<&String> = s.team.iter().collect();
                    if let Some(owner) = &s.owner
                        && site.get(Kind::Team, owner).is_some()
                        && !teams.contains(&owner)
                    {
                        teams.push(owner);
                    }
                    for t in teams {
                        r.team_strategies.entry(t.clone()).or_default().push(i);
                    }
                    if let Some(owner) = &s.owner {
                        r.owned_strategies.entry(owner.clone()).or_default().push(i);
                    }
                    for id in &s.supports {
                        r.supported_by.entry(id.clone()).or_default().push(i);
                    }
                    for a in &s.addresses {
                        r.addressed_by.entry(a.challenge.clone()).or_default().push((i, a.root_cause.clone()));
                    }
                    for (j, step) in s.action_steps.iter().enumerate() {
                        for owner in &step.owners {
                            r.owned_steps.entry(owner.clone()).or_default().push((i, j));
                        }
                    }
                }
                PageData::Agenda(a) => {
                    r.team_agendas.entry(a.team.clone()).or_default().push(i);
                    for (j, item) in a.action_items.iter().enumerate() {
                        if let Some(owner) = &item.owner {
                            r.owned_items.entry(owner.clone()).or_default().push((i, j));
                        }
                    }
                }
                _ => {}
            }
        }
        for list in r.team_agendas.values_mut() {
            list.sort_by(|&a, &b| {
                let date = |i: usize| match &site.pages[i].data {
                    PageData::Agenda(a) => a.date,
                    _ => None,
                };
                (date(a), &site.pages[a].id).cmp(&(date(b), &site.pages[b].id))
            });
        }
        r
    }
}
