//! An agenda's page and the agenda listings of team pages, the home page and the agendas index.

use serde::Serialize;

use crate::content::Kind;
use crate::model::*;
use crate::present::{Ctx, Ref};

#[derive(Serialize)]
pub struct AgendaListing {
    pub link: Ref,
    pub date: Option<String>,
    pub team: Ref,
    pub items: usize,
    pub open_actions: usize,
}

pub fn agenda_listing(cx: &Ctx, i: usize) -> AgendaListing {
    let page = &cx.site.pages[i];
    match &page.data {
        PageData::Agenda(a) => AgendaListing {
            link: cx.page(i),
            date: a.date.map(|d| cx.words().long_date(d)),
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

#[derive(Serialize)]
pub struct RoleView {
    pub role: String,
    pub person: Ref,
}

#[derive(Serialize)]
pub struct ItemView {
    pub number: usize,
    /// The item's place in the file's `items` (what an edit names).
    pub index: usize,
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
    /// The notes as written (Markdown), for the edit form.
    pub notes_source: Option<String>,
}

#[derive(Serialize)]
pub struct ActionItemView {
    /// Its place in the file's `action_items` (for `serve --edit`).
    pub index: usize,
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
    /// Who attended, who did not, and guests (in words).
    pub present: Vec<Ref>,
    pub absent: Vec<Ref>,
    pub guests: Vec<String>,
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
            index: item.index,
            clock: clock[n].map(|s| s.text(cx.words(), cx.site.config.clock())),
            topic: item.topic.clone(),
            minutes: item.minutes,
            kind: item.kind.clone(),
            lead: item.lead.as_ref().map(|l| cx.owner(l)),
            strategy: item.strategy.as_ref().map(|s| cx.to(Kind::Strategy, s)),
            benchmark: item.benchmark.as_ref().map(|(s, b)| crate::views::agenda::benchmark_ref(cx, s, b)),
            notes: notes.iter().find(|(i, _)| *i == item.index).map(|(_, h)| h.clone()),
            notes_source: item.notes.clone(),
        })
        .collect();
    let siblings = cx.rel.team_agendas.get(&a.team).map(Vec::as_slice).unwrap_or(&[]);
    let here = siblings.iter().position(|&i| i == index);
    let previous = here.and_then(|h| h.checked_sub(1)).map(|h| cx.page(siblings[h]));
    let next = here.and_then(|h| siblings.get(h + 1)).map(|&i| cx.page(i));
    let _ = page;
    AgendaView {
        team: cx.to(Kind::Team, &a.team),
        date: a.date.map(|d| cx.words().day_date(d)),
        start: a.start.map(|t| cx.words().time(t, cx.site.config.clock())),
        minutes: a.minutes,
        planned_minutes: crate::model::planned_minutes(&a.items),
        location: a.location.clone(),
        roles: roles
            .iter()
            .map(|(role, p)| RoleView { role: cx.words().role(role), person: cx.to(Kind::Person, p) })
            .collect(),
        present: a.present.iter().map(|p| cx.to(Kind::Person, p)).collect(),
        absent: a.absent.iter().map(|p| cx.to(Kind::Person, p)).collect(),
        guests: a.guests.clone(),
        objectives: a.objectives.clone(),
        items,
        decisions: a.decisions.clone(),
        action_items: a
            .action_items
            .iter()
            .map(|x| ActionItemView {
                index: x.index,
                task: x.task.clone(),
                owner: x.owner.as_ref().map(|o| cx.owner(o)),
                due: x.due.map(|d| cx.words().long_date(d)),
                done: x.done,
            })
            .collect(),
        next_items: a.next_items.clone(),
        previous,
        next,
        timing: crate::views::agenda::timing(cx.words(), a, cx.site.config.clock()),
        roles_from_team,
        serves: crate::views::agenda::serves(cx, a),
        still_open: crate::views::agenda::open_item_views(cx, index, a.date),
    }
}

/// One team's meetings on the agendas index.
#[derive(Serialize)]
pub struct TeamAgendas {
    pub team: Ref,
    pub agendas: Vec<AgendaListing>,
}

/// The agendas index: each team's meetings, newest first, teams by title.
pub fn insert_index(context: &mut tera::Context, cx: &Ctx) {
    let site = cx.site;
    let mut teams: Vec<&Page> = site.teams().map(|(p, _)| p).collect();
    teams.sort_by(|a, b| a.title.cmp(&b.title));
    let groups: Vec<TeamAgendas> = teams
        .into_iter()
        .filter_map(|team| {
            let list = cx.rel.team_agendas.get(&team.id)?;
            let i = site.index_of(Kind::Team, &team.id)?;
            let agendas = list.iter().rev().map(|&j| agenda_listing(cx, j)).collect();
            Some(TeamAgendas { team: cx.page(i), agendas })
        })
        .collect();
    context.insert("groups", &groups);
}
