//! The render stage: tera templates (the site's `templates/` over the theme's), one context
//! per page built from the model, every page rendered in parallel into memory.

pub mod checks;
pub mod context;
pub mod footer;
pub mod format;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::model::{Page, PageData, Relations, Site, sort_pages};
use crate::theme::Theme;
use context::{Body, Ctx, Ref};

/// Compiled templates, ready to render any page.
pub struct Templates {
    tera: Tera,
    /// The `site` every template sees, as last set (see `set_site`).
    site: String,
}

/// Every template a theme must provide.
pub const REQUIRED: [&str; 13] = [
    "base.html",
    "home.html",
    "teams.html",
    "team.html",
    "strategies.html",
    "strategy.html",
    "agendas.html",
    "agenda.html",
    "people.html",
    "person.html",
    "section.html",
    "page.html",
    "404.html",
];

impl Templates {
    /// Compiles the theme's templates and the site's overrides (`templates/`).
    /// A site template can extend the theme's version of itself as `theme/<name>`.
    pub fn new(
        theme: &Theme,
        site_templates: &[(String, String, String)],
        site: &Site,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        let fail = |file: &str, e: tera::Error| {
            vec![Diagnostic::new("template-error", file, (1, 1), format!("template error: {}", error_text(&e)))]
        };
        tera.set_fallback_prefixes(["theme/"]).map_err(|e| fail("templates", e))?;
        let mut all: Vec<(String, &str, &str)> =
            theme.templates.iter().map(|(n, f, t)| (format!("theme/{n}"), f.as_str(), t.as_str())).collect();
        all.extend(site_templates.iter().map(|(n, f, t)| (n.clone(), f.as_str(), t.as_str())));
        tera.add_raw_templates(all.iter().map(|(n, _, t)| (n.as_str(), *t))).map_err(|e| {
            let file =
                all.iter().find(|(n, _, _)| error_text(&e).contains(n.as_str())).map_or("templates", |(_, f, _)| *f);
            fail(file, e)
        })?;
        let missing: Vec<Diagnostic> = REQUIRED
            .iter()
            .filter(|n| !tera.contains_template(n))
            .map(|n| Diagnostic::new("template-error", "templates", (1, 1), format!("the theme has no `{n}` template")))
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        let mut templates = Templates { tera, site: String::new() };
        templates.set_site(site);
        Ok(templates)
    }

    /// Gives every template the `site` of this build (title, as-of date, footer links…);
    /// true when it differs from the one set before, so that every page must be rendered again.
    pub fn set_site(&mut self, site: &Site) -> bool {
        let view = site_view(site);
        let json = serde_json::to_string(&view).unwrap_or_default();
        if json == self.site {
            return false;
        }
        self.tera.global_context().insert("site", &view);
        self.site = json;
        true
    }

    fn render(&self, name: &str, context: &Context) -> Result<String, String> {
        self.tera.render(name, context).map_err(|e| error_text(&e))
    }
}

fn error_text(e: &tera::Error) -> String {
    use std::error::Error;
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    school_year: Option<&'a str>,
    as_of: String,
    quarter: Option<&'a str>,
    staff: bool,
    /// The plan-quality checks page, from the root; staff builds only.
    checks: Option<&'a str>,
    /// Pages no index lists (`about`, `resources`…), from the root, for the footer.
    more_pages: Vec<footer::SiteLink<'a>>,
}

fn site_view(site: &Site) -> SiteView<'_> {
    SiteView {
        title: &site.config.title,
        description: site.config.description.as_deref(),
        school_year: site.config.school_year.as_deref(),
        as_of: format::long_date(site.scope.as_of),
        quarter: site.config.quarter_of(site.scope.as_of).map(|q| q.name.as_str()),
        staff: site.scope.audience == crate::model::Audience::Staff,
        checks: (site.scope.audience == crate::model::Audience::Staff)
            .then(|| crate::util::link_target("checks/index.html", site.config.pretty_links)),
        more_pages: footer::more_pages(site),
    }
}

/// One file to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Page(usize),
    Home,
    Teams,
    Strategies,
    People,
    Agendas,
    Calendar,
    NotFound,
    /// `checks/index.html`, staff builds only; rendered by `checks::render`, not `render_job`.
    Checks,
}

impl Job {
    pub fn output(self, site: &Site) -> String {
        match self {
            Job::Page(i) => site.pages[i].url.clone(),
            Job::Home => "index.html".into(),
            Job::Teams => "teams/index.html".into(),
            Job::Strategies => "strategies/index.html".into(),
            Job::People => "people/index.html".into(),
            Job::Agendas => "agendas/index.html".into(),
            Job::Calendar => "calendar/index.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Checks => "checks/index.html".into(),
        }
    }

    /// The section page whose text this generated page shows, by content path.
    fn section_path(self) -> Option<&'static str> {
        match self {
            Job::Home => Some(""),
            Job::Teams => Some("teams"),
            Job::Strategies => Some("strategies"),
            Job::People => Some("people"),
            Job::Agendas => Some("agendas"),
            Job::Calendar => Some("calendar"),
            _ => None,
        }
    }
}

/// Every page the site writes.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::Teams, Job::Strategies, Job::People, Job::Agendas, Job::NotFound];
    jobs.push(Job::Calendar);
    for (i, page) in site.pages.iter().enumerate() {
        let generated =
            page.kind == Kind::Section && jobs.iter().any(|j| j.section_path() == Some(page.src.path.as_str()));
        if !generated {
            jobs.push(Job::Page(i));
        }
    }
    jobs
}

/// Renders every job in parallel; template failures become diagnostics.
pub fn render_all(
    site: &Site,
    rel: &Relations,
    bodies: &[Body],
    templates: &Templates,
) -> (Vec<(String, Vec<u8>)>, Vec<Diagnostic>) {
    let results: Vec<Result<(String, Vec<u8>), Diagnostic>> =
        jobs(site).into_par_iter().map(|job| render_job(site, rel, bodies, templates, job)).collect();
    let mut files = Vec::with_capacity(results.len());
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    (files, diags)
}

#[derive(Serialize)]
struct PageInfo<'a> {
    title: &'a str,
    kind: Kind,
    id: &'a str,
    summary: Option<&'a str>,
    date: Option<String>,
    tags: &'a [String],
    html: &'a str,
    headings: &'a [crate::markdown::Heading],
    file: &'a str,
}

#[derive(Serialize)]
struct NavItem {
    title: &'static str,
    href: String,
    current: bool,
}

pub fn render_job(
    site: &Site,
    rel: &Relations,
    bodies: &[Body],
    templates: &Templates,
    job: Job,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let output = job.output(site);
    let cx = match (job, &site.config.base_url) {
        (Job::NotFound, Some(base)) => Ctx::absolute(site, rel, bodies, base),
        _ => Ctx::new(site, rel, bodies, &output),
    };
    let section = job.section_path().and_then(|p| site.by_path(p));
    let mut context = Context::new();
    context.insert("root", cx.prefix());
    let (template, file) = match job {
        Job::Page(i) => {
            let page = &site.pages[i];
            context.insert("page", &page_info(&cx, i));
            insert_kind(&mut context, &cx, i, page);
            (template_for(page), page.src.file.as_str())
        }
        _ => {
            let title = section.map_or_else(|| default_title(job).to_string(), |s| s.title.clone());
            let html = job.section_path().and_then(|p| site.index_by_path(p)).map_or("", |i| bodies[i].html.as_str());
            context.insert(
                "page",
                &PageInfo {
                    title: &title,
                    kind: Kind::Section,
                    id: "",
                    summary: None,
                    date: None,
                    tags: &[],
                    html,
                    headings: &[],
                    file: "",
                },
            );
            insert_index(&mut context, &cx, job);
            (index_template(job), section.map_or("templates", |s| s.src.file.as_str()))
        }
    };
    context.insert("nav", &nav(&cx, job));
    context.insert("breadcrumbs", &breadcrumbs(&cx, job));
    templates
        .render(template, &context)
        .map(|html| (output, html.into_bytes()))
        .map_err(|e| Diagnostic::new("template-error", file, (1, 1), format!("`{template}` failed for this page: {e}")))
}

/// The template a job renders with: watch re-renders the jobs of a template that changed.
pub fn template_of(site: &Site, job: Job) -> &'static str {
    match job {
        Job::Page(i) => template_for(&site.pages[i]),
        other => index_template(other),
    }
}

fn default_title(job: Job) -> &'static str {
    match job {
        Job::Home => "Home",
        Job::Teams => "Teams",
        Job::Strategies => "Strategies",
        Job::People => "People",
        Job::Agendas => "Agendas",
        Job::Calendar => "Calendar",
        Job::NotFound => "Page not found",
        Job::Checks => "Plan quality checks",
        Job::Page(_) => "",
    }
}

fn index_template(job: Job) -> &'static str {
    match job {
        Job::Home => "home.html",
        Job::Teams => "teams.html",
        Job::Strategies => "strategies.html",
        Job::People => "people.html",
        Job::Agendas => "agendas.html",
        Job::Checks => checks::TEMPLATE,
        Job::Calendar => "calendar.html",
        _ => "404.html",
    }
}

fn template_for(page: &Page) -> &'static str {
    match page.kind {
        Kind::Team => "team.html",
        Kind::Strategy => "strategy.html",
        Kind::Agenda => "agenda.html",
        Kind::Person => "person.html",
        Kind::Section => "section.html",
        Kind::Page => "page.html",
    }
}

fn page_info<'a>(cx: &'a Ctx, i: usize) -> PageInfo<'a> {
    let page = &cx.site.pages[i];
    let body = cx.body(i);
    PageInfo {
        title: &page.title,
        kind: page.kind,
        id: &page.id,
        summary: page.summary.as_deref(),
        date: page.date.map(format::long_date),
        tags: &page.tags,
        html: &body.html,
        headings: &body.headings,
        file: &page.src.file,
    }
}

fn insert_kind(context: &mut Context, cx: &Ctx, i: usize, page: &Page) {
    match &page.data {
        PageData::Team(t) => {
            context.insert("team", &context::team(cx, page, t));
            context.insert("team_chart", &crate::views::flowchart::team_svg(cx, page));
        }
        PageData::Strategy(s) => context.insert("strategy", &context::strategy(cx, page, s)),
        PageData::Agenda(a) => context.insert("agenda", &context::agenda(cx, i, a)),
        PageData::Person(p) => context.insert("person", &context::person(cx, page, p)),
        PageData::Section => {
            let mut children: Vec<&Page> = cx
                .rel
                .folder_pages
                .get(&page.src.path)
                .map_or_else(Vec::new, |l| l.iter().map(|&j| &cx.site.pages[j]).collect());
            sort_pages(&mut children);
            let listings: Vec<context::Listing> = children
                .iter()
                .filter_map(|c| cx.site.index_of(c.kind, &c.id))
                .map(|j| context::listing(cx, j))
                .collect();
            context.insert("children", &listings);
        }
        PageData::Page => {}
    }
}

fn insert_index(context: &mut Context, cx: &Ctx, job: Job) {
    let site = cx.site;
    let strategies = || {
        site.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == Kind::Strategy)
            .map(|(i, _)| context::strategy_listing(cx, i))
            .collect::<Vec<_>>()
    };
    match job {
        Job::Home => {
            context.insert("glance", &context::glance(cx));
            context.insert("strategies", &strategies());
            context.insert("team_groups", &context::team_groups(cx));
            let mut recent: Vec<usize> =
                site.pages.iter().enumerate().filter(|(_, p)| p.kind == Kind::Agenda).map(|(i, _)| i).collect();
            recent.sort_by_key(|&i| std::cmp::Reverse(site.pages[i].date));
            recent.truncate(5);
            context
                .insert("recent_agendas", &recent.iter().map(|&i| context::agenda_listing(cx, i)).collect::<Vec<_>>());
            context.insert("other_pages", &footer::other_pages(site));
        }
        Job::Teams => {
            context.insert("team_groups", &context::team_groups(cx));
            context.insert("flowchart", &crate::views::flowchart::index_view(cx));
        }
        Job::Strategies => {
            let list: Vec<context::StrategyView> =
                site.strategies().map(|(p, s)| context::strategy(cx, p, s)).collect();
            let links: Vec<Ref> = site
                .pages
                .iter()
                .enumerate()
                .filter(|(_, p)| p.kind == Kind::Strategy)
                .map(|(i, _)| cx.page(i))
                .collect();
            context.insert("strategies", &list);
            context.insert("strategy_links", &links);
        }
        Job::People => {
            let mut people: Vec<&Page> = site.of_kind(Kind::Person).collect();
            people.sort_by(|a, b| a.title.cmp(&b.title));
            let list: Vec<serde_json::Value> = people
                .iter()
                .filter_map(|p| {
                    let i = site.index_of(Kind::Person, &p.id)?;
                    let PageData::Person(person) = &p.data else { return None };
                    let teams = cx.rel.person_teams.get(&p.id).map_or(0, Vec::len);
                    Some(serde_json::json!({ "link": cx.page(i), "role": person.role, "teams": teams }))
                })
                .collect();
            context.insert("people", &list);
        }
        Job::Agendas => {
            let mut groups: Vec<serde_json::Value> = Vec::new();
            let mut teams: Vec<(&Page, _)> = site.teams().collect();
            teams.sort_by(|a, b| a.0.title.cmp(&b.0.title));
            for (team, _) in teams {
                if let Some(list) = cx.rel.team_agendas.get(&team.id) {
                    let i = site.index_of(Kind::Team, &team.id).unwrap_or(0);
                    let agendas: Vec<context::AgendaListing> =
                        list.iter().rev().map(|&j| context::agenda_listing(cx, j)).collect();
                    groups.push(serde_json::json!({ "team": cx.page(i), "agendas": agendas }));
                }
            }
            context.insert("groups", &groups);
        }
        Job::Calendar => context.insert("calendar", &crate::views::calendar::page(cx)),
        Job::NotFound | Job::Page(_) | Job::Checks => {}
    }
}

fn nav(cx: &Ctx, job: Job) -> Vec<NavItem> {
    let area = match job {
        Job::Page(i) => match cx.site.pages[i].kind {
            Kind::Team | Kind::Agenda => "teams",
            Kind::Strategy => "strategies",
            Kind::Person => "people",
            _ => "",
        },
        Job::Home => "home",
        Job::Teams | Job::Agendas => "teams",
        Job::Strategies => "strategies",
        Job::People => "people",
        Job::Calendar => "calendar",
        Job::NotFound | Job::Checks => "",
    };
    [
        ("Home", "index.html", "home"),
        ("Teams", "teams/index.html", "teams"),
        ("Strategies", "strategies/index.html", "strategies"),
        ("Calendar", "calendar/index.html", "calendar"),
        ("People", "people/index.html", "people"),
    ]
    .into_iter()
    .map(|(title, url, key)| NavItem { title, href: cx.href(url), current: key == area })
    .collect()
}

fn breadcrumbs(cx: &Ctx, job: Job) -> Vec<Ref> {
    let site = cx.site;
    let home = Ref { text: "Home".into(), href: Some(cx.href("index.html")) };
    let mut crumbs = vec![home];
    let index = |title: &str, url: &str| Ref { text: title.to_string(), href: Some(cx.href(url)) };
    match job {
        Job::Home => return Vec::new(),
        Job::Page(i) => {
            let page = &site.pages[i];
            match page.kind {
                Kind::Team => crumbs.push(index("Teams", "teams/index.html")),
                Kind::Strategy => crumbs.push(index("Strategies", "strategies/index.html")),
                Kind::Person => crumbs.push(index("People", "people/index.html")),
                Kind::Agenda => {
                    crumbs.push(index("Teams", "teams/index.html"));
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
        Job::Agendas => {
            crumbs.push(index("Teams", "teams/index.html"));
            crumbs.push(Ref { text: "Agendas".into(), href: None });
        }
        other => crumbs.push(Ref { text: default_title(other).into(), href: None }),
    }
    crumbs
}
