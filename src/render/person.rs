//! A person's page: where they serve and what they own (open, overdue, done).

use serde::Serialize;

use crate::model::*;
use crate::present::{Ctx, Ref, StatusView};

#[derive(Serialize)]
pub struct ServesOn {
    pub team: Ref,
    pub role: Option<String>,
}

#[derive(Serialize)]
pub struct OwnedStep {
    pub strategy: Ref,
    pub step: Ref,
    pub due: Option<String>,
    pub status: StatusView,
    pub overdue: bool,
}

#[derive(Serialize)]
pub struct OwnedItem {
    pub agenda: Ref,
    pub task: String,
    pub due: Option<String>,
    pub done: bool,
    pub overdue: bool,
}

#[derive(Serialize)]
pub struct PersonView {
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub teams: Vec<ServesOn>,
    pub strategies: Vec<Ref>,
    pub steps: Vec<OwnedStep>,
    pub items: Vec<OwnedItem>,
    /// Action steps and action items together: overdue, open, done.
    pub work: Vec<WorkGroup>,
    /// Their own calendar file (their teams' meetings and their due dates), if they have one.
    pub ics: Option<String>,
}

pub fn person(cx: &Ctx, page: &Page, p: &Person) -> PersonView {
    let id = &page.id;
    let teams = cx.rel.person_teams.get(id).map_or_else(Vec::new, |l| {
        l.iter()
            .map(|&(t, m)| ServesOn {
                team: cx.page(t),
                role: match &cx.site.pages[t].data {
                    PageData::Team(team) => team.members[m].role.as_deref().map(|r| cx.words().role(r)),
                    _ => None,
                },
            })
            .collect()
    });
    let steps = owned_steps(cx, id);
    let items = cx.rel.owned_items.get(id).map_or_else(Vec::new, |l| {
        l.iter()
            .filter_map(|&(a, j)| {
                let PageData::Agenda(agenda) = &cx.site.pages[a].data else { return None };
                let item = &agenda.action_items[j];
                Some(OwnedItem {
                    agenda: cx.page(a),
                    task: item.task.clone(),
                    due: item.due.map(|d| cx.words().long_date(d)),
                    done: item.done,
                    overdue: item_overdue(cx, item),
                })
            })
            .collect()
    });
    PersonView {
        role: p.role.clone(),
        email: p.email.clone(),
        phone: p.phone.clone(),
        teams,
        strategies: cx.rel.owned_strategies.get(id).map_or_else(Vec::new, |l| l.iter().map(|&i| cx.page(i)).collect()),
        steps,
        items,
        work: owned_work(cx, id),
        ics: crate::views::calendar::person_ics_href(cx, page),
    }
}

/// The action steps a person, team or role group owns.
fn owned_steps(cx: &Ctx, id: &str) -> Vec<OwnedStep> {
    cx.rel.owned_steps.get(id).map_or_else(Vec::new, |l| {
        l.iter()
            .filter_map(|&(s, j)| {
                let sp = &cx.site.pages[s];
                let PageData::Strategy(strategy) = &sp.data else { return None };
                let step = &strategy.action_steps[j];
                Some(OwnedStep {
                    strategy: cx.page(s),
                    step: cx.entry(&sp.id, &step.id, step.action.clone()),
                    due: step.due.map(|d| cx.words().long_date(d)),
                    status: cx.status(step.effective_status),
                    overdue: step.effective_status == Status::Overdue,
                })
            })
            .collect()
    })
}

fn item_overdue(cx: &Ctx, item: &ActionItem) -> bool {
    status::item_overdue(item, cx.site.scope.as_of)
}

/// One thing a person owns: an action step of a strategy or an action item of a meeting.
#[derive(Serialize)]
pub struct Work {
    pub kind: String,
    pub task: Ref,
    pub from: Ref,
    pub due: Option<String>,
    pub status: StatusView,
    #[serde(skip)]
    due_date: Option<chrono::NaiveDate>,
}

#[derive(Serialize)]
pub struct WorkGroup {
    /// `overdue`, `open` or `done`.
    pub name: &'static str,
    pub items: Vec<Work>,
}

fn owned_work(cx: &Ctx, id: &str) -> Vec<WorkGroup> {
    let mut all: Vec<(&'static str, Work)> = Vec::new();
    for &(si, j) in cx.rel.owned_steps.get(id).map(Vec::as_slice).unwrap_or(&[]) {
        let sp = &cx.site.pages[si];
        let PageData::Strategy(s) = &sp.data else { continue };
        let step = &s.action_steps[j];
        let group = match step.effective_status {
            Status::Overdue => "overdue",
            Status::Done => "done",
            _ => "open",
        };
        let work = Work {
            kind: cx.words().text("work.action_step").to_string(),
            task: cx.entry(&sp.id, &step.id, step.action.clone()),
            from: cx.page(si),
            due: step.due.map(|d| cx.words().long_date(d)),
            status: cx.status(step.effective_status),
            due_date: step.due,
        };
        all.push((group, work));
    }
    for &(ai, j) in cx.rel.owned_items.get(id).map(Vec::as_slice).unwrap_or(&[]) {
        let PageData::Agenda(a) = &cx.site.pages[ai].data else { continue };
        let item = &a.action_items[j];
        let group = if item.done {
            "done"
        } else if item_overdue(cx, item) {
            "overdue"
        } else {
            "open"
        };
        let agenda = cx.page(ai);
        let work = Work {
            kind: cx.words().text("work.action_item").to_string(),
            task: Ref { text: item.task.clone(), href: agenda.href.clone() },
            from: agenda,
            due: item.due.map(|d| cx.words().long_date(d)),
            status: cx.plain(group),
            due_date: item.due,
        };
        all.push((group, work));
    }
    let mut groups: Vec<WorkGroup> =
        ["overdue", "open", "done"].into_iter().map(|name| WorkGroup { name, items: Vec::new() }).collect();
    for (name, work) in all {
        if let Some(g) = groups.iter_mut().find(|g| g.name == name) {
            g.items.push(work);
        }
    }
    for g in &mut groups {
        // Soonest first; without a due date, last.
        g.items.sort_by_key(|w| (w.due_date.is_none(), w.due_date));
    }
    groups
}

/// One row of the people index.
#[derive(Serialize)]
pub struct PersonRow {
    pub link: Ref,
    pub role: Option<String>,
    /// The teams they serve on, by name.
    pub teams: Vec<Ref>,
}

/// A role group on the people index: what it owns, since it has no page of its own.
#[derive(Serialize)]
pub struct RoleGroupRow {
    pub anchor: String,
    pub title: String,
    pub steps: Vec<OwnedStep>,
}

fn role_groups(cx: &Ctx) -> Vec<RoleGroupRow> {
    cx.site
        .config
        .roles
        .iter()
        .map(|r| RoleGroupRow {
            anchor: crate::present::role_anchor(&r.id),
            title: r.title.clone(),
            steps: owned_steps(cx, &r.id),
        })
        .collect()
}

/// The people index, by family name (`sort_as:` overrides).
pub fn insert_index(context: &mut tera::Context, cx: &Ctx) {
    context.insert("role_groups", &role_groups(cx));
    let site = cx.site;
    let mut people: Vec<(String, usize, &Person)> = site
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match &p.data {
            PageData::Person(person) => {
                let key = person.sort_as.as_deref().map_or_else(|| sort_key(&p.title), str::to_lowercase);
                Some((key, i, person))
            }
            _ => None,
        })
        .collect();
    people.sort_by(|a, b| (&a.0, &site.pages[a.1].title).cmp(&(&b.0, &site.pages[b.1].title)));
    let list: Vec<PersonRow> = people
        .into_iter()
        .map(|(_, i, person)| {
            let teams = cx.rel.person_teams.get(&site.pages[i].id).map_or_else(Vec::new, |l| {
                let mut teams: Vec<usize> = l.iter().map(|&(t, _)| t).collect();
                teams.dedup();
                teams.into_iter().map(|t| cx.page(t)).collect()
            });
            PersonRow { link: cx.page(i), role: person.role.clone(), teams }
        })
        .collect();
    context.insert("people", &list);
}
