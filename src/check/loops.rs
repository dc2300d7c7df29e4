//! Communication loops between teams: `team-isolated` (a team that neither sends to nor receives
//! from any team) and `loop-open` (a team sends to another that sends nothing back). Only links
//! between two different visible teams count, as in the flowchart: a link to a draft or
//! staff-only team is reported by `hidden-link`, one to an unknown id by `unknown-reference`.

use super::Cx;
use crate::content::Kind;
use crate::diagnostics::{Diagnostic, Rule};
use crate::model::{PageData, Team};

/// The teams `team` (with id `id`) sends to that this build publishes, other than itself.
fn sends_to<'a>(cx: &'a Cx, id: &'a str, team: &'a Team) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    team.links
        .iter()
        .filter(move |l| l.to != id && cx.site.get(Kind::Team, &l.to).is_some())
        .map(|l| (l.index, l.to.as_str()))
}

fn team<'a>(cx: &'a Cx, id: &str) -> Option<&'a Team> {
    match &cx.site.get(Kind::Team, id)?.data {
        PageData::Team(t) => Some(t),
        _ => None,
    }
}

pub fn team_isolated(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, t) in cx.site.teams() {
        if sends_to(cx, &page.id, t).next().is_some() {
            continue;
        }
        let receives = cx
            .rel
            .links_in
            .get(&page.id)
            .is_some_and(|list| list.iter().any(|&(from, _)| cx.site.pages[from].id != page.id));
        if receives {
            continue;
        }
        let mut message = format!("`{}` neither sends to nor receives from any team", page.id);
        if !t.links.is_empty() {
            message.push_str(" that this build publishes");
        }
        let d = Diagnostic::new(Rule::TeamIsolated, &page.src.file, page.src.key_pos(&["links"]), message).with_help(
            "add a `links:` entry saying what this team sends to whom, e.g. `links: [{ to: ilt, sends: \"Monthly updates\" }]`",
        );
        out.push(d);
    }
}

pub fn loop_open(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, t) in cx.site.teams() {
        for (index, to) in sends_to(cx, &page.id, t) {
            let Some(other) = team(cx, to) else { continue };
            if other.links.iter().any(|l| l.to == page.id) {
                continue;
            }
            let file = cx.site.get(Kind::Team, to).map_or("", |p| p.src.file.as_str());
            let d = cx
                .at(
                    Rule::LoopOpen,
                    page,
                    &["links", &index.to_string(), "to"],
                    format!("`{}` sends to `{to}`, which sends nothing back to it", page.id),
                )
                .with_help(format!(
                    "close the loop: add `- {{ to: {}, sends: \"...\" }}` to the `links:` of {file}",
                    page.id
                ));
            out.push(d);
        }
    }
}
