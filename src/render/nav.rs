//! What every page shows around its content: the navigation tabs and the breadcrumbs.

use serde::Serialize;

use crate::content::Kind;
use crate::model::PageData;
use crate::present::{Ctx, Job, Ref};

#[derive(Serialize)]
pub struct NavItem {
    title: String,
    href: String,
    current: bool,
}

/// What every page's frame shows: the tabs, the breadcrumbs, and whether it is the home page
/// (whose heading is the site's title).
pub fn insert(context: &mut tera::Context, cx: &Ctx, job: Job) {
    context.insert("nav", &nav(cx, job));
    context.insert("breadcrumbs", &breadcrumbs(cx, job));
    context.insert("is_home", &(job == Job::Home));
}

pub fn nav(cx: &Ctx, job: Job) -> Vec<NavItem> {
    let area = match job {
        Job::Page(i) => match cx.site.pages[i].kind {
            Kind::Team | Kind::Agenda => "teams",
            Kind::Strategy | Kind::Challenge => "strategies",
            Kind::Person => "people",
            _ => "",
        },
        Job::Home => "home",
        Job::Teams | Job::Agendas => "teams",
        Job::Strategies | Job::Challenges => "strategies",
        Job::People => "people",
        Job::Calendar => "calendar",
        Job::NotFound | Job::Checks | Job::Plan => "",
    };
    let site = cx.site;
    let has = |kind: Kind| site.has_kind(kind);
    // Only tabs to what the site has: a plan without teams shows no Teams tab.
    let tabs = [
        ("nav.home", "index.html", "home", true),
        ("nav.teams", "teams/index.html", "teams", has(Kind::Team)),
        ("nav.strategies", "strategies/index.html", "strategies", has(Kind::Strategy) || has(Kind::Challenge)),
        (
            "nav.calendar",
            "calendar/index.html",
            "calendar",
            has(Kind::Team) || has(Kind::Strategy) || has(Kind::Agenda),
        ),
        ("nav.people", "people/index.html", "people", has(Kind::Person) || !site.config.roles.is_empty()),
    ];
    let w = cx.words();
    tabs.into_iter()
        .filter(|t| t.3 || t.2 == area)
        .map(|(key, url, tab, _)| NavItem { title: w.text(key).to_string(), href: cx.href(url), current: tab == area })
        .collect()
}

pub fn breadcrumbs(cx: &Ctx, job: Job) -> Vec<Ref> {
    let site = cx.site;
    let w = cx.words();
    let home = Ref { text: w.text("nav.home").into(), href: Some(cx.href("index.html")) };
    let mut crumbs = vec![home];
    let index = |key: &str, url: &str| Ref { text: w.text(key).to_string(), href: Some(cx.href(url)) };
    match job {
        Job::Home => return Vec::new(),
        Job::Page(i) => {
            let page = &site.pages[i];
            match page.kind {
                Kind::Team => crumbs.push(index("nav.teams", "teams/index.html")),
                Kind::Strategy => crumbs.push(index("nav.strategies", "strategies/index.html")),
                Kind::Person => crumbs.push(index("nav.people", "people/index.html")),
                Kind::Challenge => {
                    crumbs.push(index("nav.strategies", "strategies/index.html"));
                    crumbs.push(index("nav.challenges_short", "challenges/index.html"));
                }
                Kind::Agenda => {
                    crumbs.push(index("nav.teams", "teams/index.html"));
                    if let PageData::Agenda(a) = &page.data {
                        crumbs.push(cx.to(Kind::Team, &a.team));
                    }
                }
                Kind::Page | Kind::Section => {
                    let mut folder = String::new();
                    let parts: Vec<&str> = page.src.path.split('/').collect();
                    for part in &parts[..parts.len().saturating_sub(1)] {
                        if !folder.is_empty() {
                            folder.push('/');
                        }
                        folder.push_str(part);
                        if let Some(s) = site.by_path(&folder) {
                            crumbs.push(Ref { text: s.title.clone(), href: Some(cx.href(&s.url)) });
                        }
                    }
                }
            }
            crumbs.push(Ref { text: page.title.clone(), href: None });
        }
        Job::Challenges => {
            crumbs.push(index("nav.strategies", "strategies/index.html"));
            crumbs.push(Ref { text: w.text("nav.challenges_short").into(), href: None });
        }
        Job::Agendas => {
            crumbs.push(index("nav.teams", "teams/index.html"));
            crumbs.push(Ref { text: w.text("nav.agendas").into(), href: None });
        }
        other => crumbs.push(Ref { text: default_title(w, other), href: None }),
    }
    crumbs
}

pub fn default_title(w: &crate::i18n::Words, job: Job) -> String {
    let key = match job {
        Job::Home => "nav.home",
        Job::Teams => "nav.teams",
        Job::Strategies => "nav.strategies",
        Job::People => "nav.people",
        Job::Agendas => "nav.agendas",
        Job::Calendar => "nav.calendar",
        Job::Challenges => "nav.challenges",
        Job::Plan => "nav.plan",
        Job::NotFound => "nav.not_found",
        Job::Checks => "nav.checks",
        Job::Page(_) => return String::new(),
    };
    w.text(key).to_string()
}
