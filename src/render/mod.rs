//! The render stage: tera templates (the site's `templates/` over the theme's), one context
//! per page built from the model, every page rendered in parallel into memory.

mod agenda;
mod calendar;
mod challenge;
pub mod checks;
mod filters;
pub mod footer;
mod home;
mod nav;
mod person;
mod plan;
mod section;
mod strategy;
mod team;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::content::Kind;
use crate::diagnostics::{Diagnostic, Rule};
use crate::markdown::{Body, Heading};
use crate::model::{Page, PageData, Relations, Site};
use crate::output::Sink;
use crate::present::{Ctx, Job};
use crate::theme::Theme;
use crate::views::Prepared;

/// Compiled templates, ready to render any page.
#[derive(Clone)]
pub struct Templates {
    tera: Tera,
    /// The `site` every template sees, as last set (see `set_site`).
    site: String,
}

/// Every template a theme must provide.
pub const REQUIRED: [&str; 16] = [
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
    "challenges.html",
    "challenge.html",
    "plan.html",
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
        filters::register(&mut tera);
        let fail = |file: &str, pos: (usize, usize), e: tera::Error| {
            vec![Diagnostic::new(Rule::TemplateError, file, pos, format!("template error: {}", error_text(&e)))]
        };
        tera.set_fallback_prefixes(["theme/"]).map_err(|e| fail("templates", (1, 1), e))?;
        let mut all: Vec<(String, &str, &str)> =
            theme.templates.iter().map(|(n, f, t)| (format!("theme/{n}"), f.as_str(), t.as_str())).collect();
        all.extend(site_templates.iter().map(|(n, f, t)| (n.clone(), f.as_str(), t.as_str())));
        tera.add_raw_templates(all.iter().map(|(n, _, t)| (n.as_str(), *t))).map_err(|e| {
            let text = error_text(&e);
            // tera names the template and the place: `--> page.html:1:67`.
            let at = all.iter().find_map(|(n, f, _)| Some((*f, error_position(&text, n)?)));
            match at {
                // The diagnostic shows the line itself: keep tera's first line only.
                Some((file, pos)) => {
                    let first = text.split("\n").next().unwrap_or(&text).trim_end();
                    vec![Diagnostic::new(Rule::TemplateError, file, pos, format!("template error: {first}"))]
                }
                None => fail("templates", (1, 1), e),
            }
        })?;
        let missing: Vec<Diagnostic> = REQUIRED
            .iter()
            .filter(|n| !tera.contains_template(n))
            .map(|n| {
                Diagnostic::new(Rule::TemplateError, "templates", (1, 1), format!("the theme has no `{n}` template"))
            })
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
        let json = serde_json::to_string(&(&view, site.config.words.tree())).unwrap_or_default();
        if json == self.site {
            return false;
        }
        self.tera.global_context().insert("site", &view);
        // The interface words of the site's language: `{{ w.nav.home }}`.
        self.tera.global_context().insert("w", site.config.words.tree());
        self.site = json;
        true
    }

    fn render(&self, name: &str, context: &Context) -> Result<String, String> {
        self.tera.render(name, context).map_err(|e| error_text(&e))
    }
}

/// Where tera's message places the error in template `name` (`--> name:LINE:COL`).
fn error_position(text: &str, name: &str) -> Option<(usize, usize)> {
    let rest = text.split(&format!("--> {name}:")).nth(1)?;
    let mut numbers = rest.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty());
    Some((numbers.next()?.parse().ok()?, numbers.next()?.parse().ok()?))
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
    /// The language of the pages (`lang` attribute).
    language: &'a str,
    /// The header's title on a phone: `short_title`, else None (the title).
    short_title: Option<&'a str>,
    description: Option<&'a str>,
    school_year: Option<&'a str>,
    as_of: String,
    quarter: Option<&'a str>,
    staff: bool,
    /// The plan-quality checks page, from the root; staff builds only.
    checks: Option<&'a str>,
    /// The challenges index, from the root, when the site has challenges.
    challenges: Option<&'a str>,
    /// Pages no index lists (`about`, `resources`…), from the root, for the footer.
    more_pages: Vec<footer::SiteLink<'a>>,
    /// `serve --edit`: the session token the edit forms carry (hex).
    edit: Option<String>,
}

fn site_view(site: &Site) -> SiteView<'_> {
    SiteView {
        title: &site.config.title,
        language: &site.config.language,
        short_title: site.config.short_title.as_deref(),
        description: site.config.description.as_deref(),
        school_year: site.config.school_year.as_deref(),
        as_of: site.config.words.long_date(site.scope.as_of),
        quarter: site.config.quarter_of(site.scope.as_of).map(|q| q.name.as_str()),
        staff: site.scope.audience == crate::model::Audience::Staff,
        checks: (site.scope.audience == crate::model::Audience::Staff)
            .then(|| crate::util::link_target("checks/index.html", site.config.pretty_links)),
        challenges: site
            .challenges()
            .next()
            .map(|_| crate::util::link_target("challenges/index.html", site.config.pretty_links)),
        more_pages: footer::more_pages(site),
        edit: site.scope.edit.map(|t| format!("{t:032x}")),
    }
}

/// What every page is rendered from: the model, its relations, every page's Markdown and
/// the site-wide views computed before rendering (`views::prepare`).
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub site: &'a Site,
    pub rel: &'a Relations,
    pub bodies: &'a [Body],
    pub prepared: &'a Prepared,
}

impl<'a> Inputs<'a> {
    /// Views whose links are written relative to the output file `from`.
    pub fn cx(&self, from: &str) -> Ctx<'a> {
        Ctx::new(self.site, self.rel, self.bodies, from)
    }
}

/// Renders `jobs` in parallel, putting each page into `sink` as soon as it is made;
/// template failures become diagnostics.
pub fn render_pages(inputs: Inputs, templates: &Templates, jobs: &[Job], sink: &dyn Sink) -> Vec<Diagnostic> {
    jobs.par_iter()
        .filter_map(|&job| match render_job(inputs, templates, job) {
            Ok((path, bytes)) => {
                sink.put(path, bytes);
                None
            }
            Err(d) => Some(d),
        })
        .collect()
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
    headings: &'a [Heading],
    file: &'a str,
}

impl<'a> PageInfo<'a> {
    /// A page clockwork makes (an index, the calendar), showing a section's text if any.
    fn generated(title: &'a str, html: &'a str) -> Self {
        PageInfo {
            title,
            kind: Kind::Section,
            id: "",
            summary: None,
            date: None,
            tags: &[],
            html,
            headings: &[],
            file: "",
        }
    }

    fn of(cx: &'a Ctx, i: usize) -> Self {
        let page = &cx.site.pages[i];
        let body = cx.body(i);
        PageInfo {
            title: &page.title,
            kind: page.kind,
            id: &page.id,
            summary: page.summary.as_deref(),
            date: page.date.map(|d| cx.words().long_date(d)),
            tags: &page.tags,
            html: &body.html,
            headings: &body.headings,
            file: &page.src.file,
        }
    }
}

/// What a page's edit forms carry under `serve --edit`: the session token, the file and the
/// version of it the page shows, and the people an action item can name.
#[derive(Serialize)]
struct EditForm<'a> {
    token: String,
    file: &'a str,
    hash: String,
    people: Vec<(&'a str, &'a str)>,
    /// A team's next meeting day after today (2026-12-01), for "Start the next agenda".
    next_meeting: Option<String>,
    /// The statuses an action step may record: the list the loader and the schema use.
    step_statuses: Vec<&'static str>,
}

impl<'a> EditForm<'a> {
    fn of(site: &'a Site, i: usize, token: u128) -> Self {
        let page = &site.pages[i];
        let people = match page.kind {
            Kind::Agenda => site.people().map(|(p, _)| (p.id.as_str(), p.title.as_str())).collect(),
            _ => Vec::new(),
        };
        let next_meeting = match &page.data {
            PageData::Team(team) => {
                crate::views::schedule::next_meeting_day(site, team, chrono::Local::now().date_naive())
                    .map(|d| d.to_string())
            }
            _ => None,
        };
        EditForm {
            token: format!("{token:032x}"),
            file: &page.src.file,
            hash: crate::edit::hash(&page.src.text),
            people,
            next_meeting,
            step_statuses: crate::model::ACTION_STATUSES.iter().map(|s| s.as_str()).collect(),
        }
    }
}

/// Renders one page.
pub fn render_job(inputs: Inputs, templates: &Templates, job: Job) -> Result<(String, Vec<u8>), Diagnostic> {
    let site = inputs.site;
    let output = job.output(site);
    let absolute = matches!(job, Job::NotFound).then_some(site.config.base_url.as_deref()).flatten();
    let cx = match absolute {
        Some(base) => Ctx::absolute(site, inputs.rel, inputs.bodies, &format!("{base}{}", site.tree)),
        None => inputs.cx(&output),
    };
    let mut context = Context::new();
    context.insert("root", cx.prefix());
    match absolute {
        Some(base) => {
            context.insert("languages", &languages(site, base, &output));
            context.insert("assets", base);
        }
        None => insert_languages(&mut context, site, &output),
    }
    if let Job::Page(i) = job
        && !site.tree.is_empty()
        && !site.translated.contains(&site.pages[i].src.path)
    {
        context.insert("untranslated", &untranslated(site));
    }
    // `serve --edit`: what the page's forms carry (null otherwise, and on every other page).
    let form = match job {
        // Only the site's own language: a translation holds words, never the values edited.
        Job::Page(i) if site.tree.is_empty() => site.scope.edit.map(|token| EditForm::of(site, i, token)),
        _ => None,
    };
    context.insert("edit", &form);
    let file = match job {
        Job::Page(i) => {
            context.insert("page", &PageInfo::of(&cx, i));
            insert_kind(&mut context, &cx, i);
            site.pages[i].src.file.as_str()
        }
        _ => {
            let section = job.section_path().and_then(|p| site.by_path(p));
            let title = section.map_or_else(|| nav::default_title(cx.words(), job), |s| s.title.clone());
            let html =
                job.section_path().and_then(|p| site.index_by_path(p)).map_or("", |i| inputs.bodies[i].html.as_str());
            context.insert("page", &PageInfo::generated(&title, html));
            insert_index(&mut context, &cx, inputs.prepared, job);
            section.map_or("templates", |s| s.src.file.as_str())
        }
    };
    nav::insert(&mut context, &cx, job);
    let template = template_of(site, job);
    templates.render(template, &context).map(|html| (output, html.into_bytes())).map_err(|e| {
        Diagnostic::new(Rule::TemplateError, file, (1, 1), format!("`{template}` failed for this page: {e}"))
    })
}

/// One of the site's languages, as the language switcher and `hreflang` links show it.
#[derive(Serialize)]
struct LanguageLink {
    code: String,
    /// The language's name in itself ("Español").
    name: String,
    href: String,
    /// The full address, when site.yaml has `base_url` (for `hreflang`).
    url: Option<String>,
    current: bool,
}

/// `assets`, where the site's own root is (its style sheet, scripts, images; a language's
/// tree sits one folder down), and `languages`, the page written at `output` in each.
fn insert_languages(context: &mut Context, site: &Site, output: &str) {
    let assets = crate::util::root_prefix(&format!("{}{output}", site.tree));
    context.insert("languages", &languages(site, &assets, output));
    context.insert("assets", &assets);
}

/// The same page in each of the site's languages (none when it has only one).
fn languages(site: &Site, assets: &str, output: &str) -> Vec<LanguageLink> {
    let all = site.languages();
    if all.len() < 2 {
        return Vec::new();
    }
    let target = crate::util::link_target(output, site.config.pretty_links);
    all.iter()
        .enumerate()
        .map(|(k, code)| {
            let tree = if k == 0 { String::new() } else { format!("{code}/") };
            let name = site.words_of(code).map_or(code.as_str(), |w| w.text("language.name")).to_string();
            LanguageLink {
                code: code.clone(),
                name,
                href: format!("{assets}{tree}{target}"),
                url: site.config.base_url.as_ref().map(|b| format!("{b}{tree}{target}")),
                current: *code == site.config.language,
            }
        })
        .collect()
}

/// The note on a page of a language's tree that has no translation: it shows the original.
#[derive(Serialize)]
struct Untranslated {
    note: String,
    /// The original's language, for the `lang` of what is shown.
    lang: String,
}

fn untranslated(site: &Site) -> Untranslated {
    let original = &site.languages()[0];
    let name = site.words_of(original).map_or(original.as_str(), |w| w.text("language.name"));
    let w = &site.config.words;
    // The original's language named in this one ("inglés"), else in itself.
    let key = format!("language.names.{original}");
    let shown = match w.text(&key) {
        t if t == key => name,
        t => t,
    };
    Untranslated { note: w.fill("language.untranslated", &[("language", shown)]), lang: original.clone() }
}

/// The template a job renders with: watch re-renders the jobs of a template that changed.
pub fn template_of(site: &Site, job: Job) -> &'static str {
    match job {
        Job::Page(i) => template_for(&site.pages[i]),
        Job::Home => "home.html",
        Job::Teams => "teams.html",
        Job::Strategies => "strategies.html",
        Job::People => "people.html",
        Job::Agendas => "agendas.html",
        Job::Checks => checks::TEMPLATE,
        Job::Calendar => "calendar.html",
        Job::Challenges => "challenges.html",
        Job::Plan => "plan.html",
        Job::NotFound => "404.html",
    }
}

fn template_for(page: &Page) -> &'static str {
    match page.kind {
        Kind::Team => "team.html",
        Kind::Strategy => "strategy.html",
        Kind::Agenda => "agenda.html",
        Kind::Person => "person.html",
        Kind::Challenge => "challenge.html",
        Kind::Section => "section.html",
        Kind::Page => "page.html",
    }
}

/// The view of a content page's own kind.
fn insert_kind(context: &mut Context, cx: &Ctx, i: usize) {
    let page = &cx.site.pages[i];
    match &page.data {
        PageData::Team(t) => team::insert(context, cx, page, t),
        PageData::Strategy(s) => context.insert("strategy", &strategy::strategy(cx, page, s)),
        PageData::Agenda(a) => context.insert("agenda", &agenda::agenda(cx, i, a)),
        PageData::Person(p) => context.insert("person", &person::person(cx, page, p)),
        PageData::Challenge(c) => context.insert("challenge", &challenge::challenge(cx, page, c)),
        PageData::Section => section::insert(context, cx, page),
        PageData::Page => {}
    }
}

/// The view of a page clockwork makes.
fn insert_index(context: &mut Context, cx: &Ctx, prepared: &Prepared, job: Job) {
    match job {
        Job::Home => home::insert(context, cx),
        Job::Teams => team::insert_index(context, cx, prepared),
        Job::Strategies => strategy::insert_index(context, cx),
        Job::People => person::insert_index(context, cx),
        Job::Agendas => agenda::insert_index(context, cx),
        Job::Calendar => context.insert("calendar", &calendar::page(cx)),
        Job::Challenges => challenge::insert_index(context, cx),
        Job::Plan => plan::insert(context, cx, prepared),
        Job::NotFound | Job::Page(_) | Job::Checks => {}
    }
}
