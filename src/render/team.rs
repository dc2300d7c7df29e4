//! A team's page and the team cards of the teams index and the home page.

use serde::Serialize;

use super::agenda::{AgendaListing, agenda_listing};
use super::strategy::{StrategyListing, strategy_listing};
use crate::content::Kind;
use crate::model::*;
use crate::present::meets_text;
use crate::present::{Ctx, Ref};

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
        date: cx.words().day_date(m.date),
        hours: slot.map(|s| s.text(cx.words(), cx.site.config.clock())),
        agenda: m.agenda.map(|i| cx.page(i)),
    })
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
        level: t.level.as_deref().map(|l| cx.words().level(l).to_string()),
        purpose: t.purpose.clone(),
        cadence: t.cadence.clone(),
        meets: t.meets.as_ref().map(|m| meets_text(cx.words(), m, cx.site.config.clock())),
        members: t
            .members
            .iter()
            .map(|m| Member {
                person: cx.to(Kind::Person, &m.person),
                role: m.role.as_deref().map(|r| cx.words().role(r)),
            })
            .collect(),
        sends: t.links.iter().map(|l| Flow { team: cx.to(Kind::Team, &l.to), sends: l.sends.clone() }).collect(),
        receives,
        parent: t.parent.as_ref().map(|p| cx.to(Kind::Team, p)),
        children: cx.rel.children.get(&page.id).map_or_else(Vec::new, |l| l.iter().map(|&i| cx.page(i)).collect()),
        until: t.until.map(|d| cx.words().long_date(d)),
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

#[derive(Serialize)]
pub struct TeamCard {
    /// The team's page.
    #[serde(skip)]
    pub index: usize,
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
    /// The level as site.yaml writes it (for anchors).
    pub level: String,
    /// Its name in the page's words.
    pub name: String,
    pub teams: Vec<TeamCard>,
}

pub fn team_groups(cx: &Ctx) -> Vec<LevelGroup> {
    let group = |level: &str| LevelGroup {
        level: level.to_string(),
        name: cx.words().level(level).to_string(),
        teams: Vec::new(),
    };
    let mut groups: Vec<LevelGroup> = cx.site.config.levels.iter().map(|l| group(l)).collect();
    let mut other = group(crate::views::flowchart::OTHER_TIER);
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
            .find(|m| m.role.as_deref().is_some_and(is_facilitator_role))
            .map(|m| cx.to(Kind::Person, &m.person));
        let card = TeamCard {
            index: i,
            link: cx.page(i),
            short: p.short.clone(),
            level: t.level.as_deref().map(|l| cx.words().level(l).to_string()),
            purpose: t.purpose.clone(),
            cadence: t
                .cadence
                .clone()
                .or_else(|| t.meets.as_ref().map(|m| meets_text(cx.words(), m, cx.site.config.clock()))),
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

/// A team page's view and its local flowchart.
pub fn insert(context: &mut tera::Context, cx: &Ctx, page: &Page, t: &Team) {
    context.insert("team", &team(cx, page, t));
    context.insert("team_chart", &crate::views::flowchart::team_svg(cx, page));
}

/// The teams index: the team cards and the site's flowchart.
pub fn insert_index(context: &mut tera::Context, cx: &Ctx, prepared: &crate::views::Prepared) {
    context.insert("team_groups", &team_groups(cx));
    context.insert("flowchart", &crate::views::flowchart::index_view(cx, &prepared.chart));
}
