//! The plan packet, `plan/index.html`: the whole plan as one document a board can read and
//! print — a cover with the as-of date, contents, the plan at a glance, every strategy in
//! full, the challenges, the team inventory and the year's meetings in summary.

use serde::Serialize;

use super::strategy::{StrategyView, grouped, strategy};
use crate::model::{PageData, status};
use crate::present::{Ctx, Ref, meets_text};
use crate::views::schedule;

/// One strategy of the packet, with the anchor its contents entry links to.
#[derive(Serialize)]
pub struct PacketStrategy {
    pub anchor: String,
    pub link: Ref,
    pub title: String,
    /// "district · District Leadership Team": whose strategy it is.
    pub under: Option<String>,
    pub strategy: StrategyView,
}

/// A team's meetings this school year, in summary.
#[derive(Serialize)]
pub struct MeetingSummary {
    pub team: Ref,
    pub rhythm: Option<String>,
    /// Meetings in the school year, and how many of them had taken place by the as-of date.
    pub planned: usize,
    pub held: usize,
    /// Agendas written for meetings so far.
    pub agendas: usize,
    pub next: Option<String>,
}

pub fn insert(context: &mut tera::Context, cx: &Ctx, prepared: &crate::views::Prepared) {
    let site = cx.site;
    context.insert("glance", &super::home::glance(cx));
    let mut list: Vec<PacketStrategy> = Vec::new();
    for group in grouped(cx, |i, p, s| (i, p.id.clone(), strategy(cx, p, s))) {
        let under = group.team.as_ref().map(|t| match &group.level {
            Some(level) => cx.words().fill("plan.under", &[("level", level), ("team", &t.text)]),
            None => t.text.clone(),
        });
        for (i, id, view) in group.areas.into_iter().flat_map(|a| a.strategies) {
            let title = site.pages[i].title.clone();
            list.push(PacketStrategy {
                anchor: format!("s-{id}"),
                link: cx.page(i),
                title,
                under: under.clone(),
                strategy: view,
            });
        }
    }
    context.insert("strategies", &list);
    super::challenge::insert_index(context, cx);
    super::team::insert_index(context, cx, prepared);
    context.insert("meetings", &meetings(cx));
    context.insert("quarter", &status::quarter_at(&site.config, site.scope.as_of).map(|q| q.name.clone()));
    context.insert("running_head", &running_head(site));
}

/// Every team that meets, in the teams index's order, with its year of meetings counted.
fn meetings(cx: &Ctx) -> Vec<MeetingSummary> {
    let site = cx.site;
    let as_of = site.scope.as_of;
    let year = schedule::school_year(site);
    let mut out = Vec::new();
    for group in super::team::team_groups(cx) {
        for card in group.teams {
            let i = card.index;
            let PageData::Team(team) = &site.pages[i].data else { continue };
            let (_, all) = schedule::meetings(site, cx.rel, &site.pages[i].id, team);
            let in_year: Vec<_> = all.iter().filter(|m| year.start <= m.date && m.date <= year.end).collect();
            if in_year.is_empty() {
                continue;
            }
            out.push(MeetingSummary {
                team: cx.page(i),
                rhythm: team
                    .cadence
                    .clone()
                    .or_else(|| team.meets.as_ref().map(|m| meets_text(cx.words(), m, cx.site.config.clock()))),
                planned: in_year.len(),
                // A meeting on the as-of date is the next one, not one held.
                held: in_year.iter().filter(|m| m.date < as_of).count(),
                agendas: in_year.iter().filter(|m| m.date < as_of && m.agenda.is_some()).count(),
                next: in_year.iter().find(|m| m.date >= as_of).map(|m| cx.words().long_date(m.date)),
            });
        }
    }
    out
}

/// The printed pages' running head, as a CSS string literal: "<title> · status as of <date>".
fn running_head(site: &crate::model::Site) -> String {
    let w = &site.config.words;
    let text = w.fill("plan.running_head", &[("title", &site.config.title), ("date", &w.long_date(site.scope.as_of))]);
    css_string(&text)
}

/// `text` as a quoted CSS string that cannot end the string or the `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '&' | '\n' | '\r' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::css_string;

    #[test]
    fn running_heads_cannot_break_out_of_css() {
        assert_eq!(css_string("Plan \"A\" </style>"), "\"Plan \\\"A\\\" \\3c /style\\3e \"");
        assert_eq!(css_string("a\\b"), "\"a\\\\b\"");
        assert_eq!(css_string("R&D"), "\"R\\26 D\"");
    }
}
