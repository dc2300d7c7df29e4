//! The build pipeline, one plain function per stage, each over the previous stage's value:
//!
//! ```text
//! load_config → load (content/, data/) → resolve_site → markdown → check
//!             → load_look → prepare (views) → render (pages and views) → assets → write
//! ```
//!
//! `run` calls them in this order for a clean build; the watch engine
//! (`serve::incremental`) calls the same functions, keeping what did not change.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::{CONFIG_FILE, Config};
use crate::content;
use crate::diagnostics::{self, Diagnostic, Rule, Severity, SourceTexts};
use crate::markdown::Body;
use crate::markdown::{Links, Origin, Renderer, Target};
use crate::model::{self, Audience, PageData, Relations, Scope, Site};
use crate::output::{Files, Sink};
use crate::present::Job;
use crate::render::{self, Inputs, Templates};
use crate::theme::{self, Theme};
use crate::views;

/// What to build.
#[derive(Debug, Clone)]
pub struct Request {
    pub root: PathBuf,
    pub as_of: Option<NaiveDate>,
    pub audience: Audience,
    pub drafts: bool,
    /// Today's date (passed in so that tests and archived plans are reproducible).
    pub today: NaiveDate,
    /// `serve --edit`'s session token: the pages carry edit forms (in memory only).
    pub edit: Option<u128>,
}

impl Request {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Request {
            root: root.into(),
            as_of: None,
            audience: Audience::Public,
            drafts: false,
            today: chrono::Local::now().date_naive(),
            edit: None,
        }
    }
}

/// Everything a build produced, whether it succeeded or not.
pub struct Outcome {
    pub site: Option<Site>,
    pub relations: Relations,
    pub bodies: Vec<Body>,
    pub diagnostics: Vec<Diagnostic>,
    pub texts: SourceTexts,
    /// The rendered site, when it was rendered in memory (`run`) and nothing failed.
    pub files: Option<Files>,
    /// Whether the whole site was rendered (into memory or a `Sink`) without an error.
    pub rendered: bool,
    /// Wall time of each stage that ran.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Reads site.yaml.
pub fn load_config(root: &Path) -> (Config, Vec<Diagnostic>, Option<String>) {
    match std::fs::read(root.join(CONFIG_FILE)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => {
                let (mut config, mut diags) = Config::parse(&text);
                diags.extend(load_words(root, &mut config));
                (config, diags, Some(text))
            }
            Err(_) => (
                Config::default(),
                vec![Diagnostic::new(Rule::BadEncoding, CONFIG_FILE, (1, 1), "site.yaml is not UTF-8 text")],
                None,
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let d = Diagnostic::new(Rule::BadConfig, CONFIG_FILE, (1, 1), format!("there is no site.yaml in {}", root.display())).with_help("run clockwork from your site's folder, pass `--root DIR`, or start a new site with `clockwork init DIR`");
            (Config::default(), vec![d], None)
        }
        Err(e) => {
            let why = content::tree::io_words(&e);
            let d = Diagnostic::new(Rule::Unreadable, CONFIG_FILE, (1, 1), format!("cannot read site.yaml: {why}"));
            (Config::default(), vec![d], None)
        }
    }
}

/// The interface words of the site's language: the theme's catalogues (`themes/<theme>/i18n/`,
/// or the built-in ones) under the site's own `i18n/<lang>.yaml`.
pub fn load_words(root: &Path, config: &mut Config) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let theme = theme::catalogues(root, &config.theme, &mut problems);
    let mut site: Vec<(String, String, String)> = Vec::new();
    problems.extend(theme::read_tree(root, "i18n", &mut |rel, file, bytes| {
        if let Some(lang) = theme::catalogue_lang(&format!("i18n/{rel}"), "i18n/") {
            site.push((lang.to_string(), file, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }));
    let (theme_src, site_src) = (crate::i18n::Source::all(&theme), crate::i18n::Source::all(&site));
    let lang = config.language.clone();
    if !crate::i18n::Words::has(&lang, &theme_src) && !crate::i18n::Words::has(&lang, &site_src) {
        let known: Vec<&str> = theme_src.iter().map(|s| s.lang).collect();
        problems.push(
            Diagnostic::new(
                Rule::BadConfig,
                CONFIG_FILE,
                (1, 1),
                format!("there are no interface words for `language: {lang}`: the theme has {}", known.join(", ")),
            )
            .with_help(format!("use one of those, or write the words in i18n/{lang}.yaml (start from a copy of themes/default/i18n/en.yaml)")),
        );
        return problems;
    }
    let (words, diags) = crate::i18n::Words::load(&lang, &theme_src, &site_src);
    problems.extend(diags);
    config.words = std::sync::Arc::new(words);
    // Every other language with words, for translations (`x.es.md`) and `translations:`;
    // the words' own problems are reported for the languages site.yaml names.
    let mut others: Vec<&str> = theme_src.iter().chain(&site_src).map(|s| s.lang).filter(|l| *l != lang).collect();
    others.sort();
    others.dedup();
    for other in others {
        let (words, diags) = crate::i18n::Words::load(other, &theme_src, &site_src);
        if config.translations.iter().any(|t| t == other) {
            problems.extend(diags);
        }
        config.other_words.insert(other.to_string(), std::sync::Arc::new(words));
    }
    problems
}

/// Loads, resolves and checks; renders too, in memory (`Outcome::files`), when `render` is
/// set and nothing failed.
pub fn run(req: &Request, render: bool) -> Outcome {
    if !render {
        return run_into(req, None);
    }
    let memory = std::sync::Mutex::new(Files::new());
    let mut outcome = run_into(req, Some(&memory));
    if outcome.rendered {
        outcome.files = Some(memory.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner));
    }
    outcome
}

/// Loads, resolves and checks; when there is a `sink` and nothing failed, renders the site
/// into it, each file as soon as it is made (`build` stages them in the output folder, so
/// the site's bytes are never all held at once).
pub fn run_into(req: &Request, sink: Option<&dyn Sink>) -> Outcome {
    let mut clock = Stopwatch::default();
    let (config, mut diags, config_text) = load_config(&req.root);
    let mut loaded = content::load(&req.root);
    let mut texts = std::mem::take(&mut loaded.texts);
    if let Some(text) = config_text {
        texts.insert(CONFIG_FILE.to_string(), text.into());
    }
    diags.append(&mut loaded.diagnostics);
    let scope =
        Scope { audience: req.audience, drafts: req.drafts, as_of: config.as_of(req.as_of, req.today), edit: req.edit };
    let levels = config.checks.clone();
    let mut trackers = content::trackers::read(&req.root);
    texts.append(&mut trackers.texts);
    diags.append(&mut trackers.diagnostics);
    clock.lap("load");
    let (site, relations, resolve_diags) = resolve_site(config, loaded, &trackers.rows, scope);
    diags.extend(resolve_diags);
    clock.lap("resolve");
    let (bodies, md_diags) = markdown(&site, sink.is_some());
    diags.extend(md_diags);
    diags.extend(translations_markdown(&site));
    clock.lap("markdown");
    diags.extend(crate::check::run(&site, &relations));
    clock.lap("check");
    // The look is read and its templates compiled in `check` too, so that `check` reports
    // every problem `build` would (a missing theme, a link out of static/, a template typo).
    let look = load_look(&req.root, &site.config).and_then(|look| {
        // The site's templates, so that a template error shows its line.
        for (_, file, text) in &look.site_templates {
            texts.insert(file.clone(), text.as_str().into());
        }
        look.templates(&site).map(|t| (look, t))
    });
    let look = match look {
        Ok((look, templates)) => {
            diags.extend(look.problems.iter().cloned());
            Some((look, templates))
        }
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    clock.lap("look");
    let mut outcome = Outcome {
        relations,
        bodies,
        diagnostics: diagnostics::finish(diags, &levels),
        texts,
        files: None,
        rendered: false,
        site: None,
        timings: Vec::new(),
    };
    if let Some(((look, templates), sink)) = look.zip(sink).filter(|_| !outcome.has_errors()) {
        match render_site(&site, &outcome.relations, &outcome.bodies, look, &templates, &outcome.diagnostics, sink) {
            Ok(()) => outcome.rendered = true,
            Err(d) => {
                outcome.diagnostics.extend(d);
                outcome.diagnostics =
                    diagnostics::finish(std::mem::take(&mut outcome.diagnostics), &site.config.checks);
            }
        }
        clock.lap("render");
    }
    outcome.site = Some(site);
    outcome.timings = clock.laps;
    outcome
}

/// Wall time per stage, for `CLOCKWORK_TIMINGS=1` and the benchmarks.
#[derive(Debug)]
pub struct Stopwatch {
    last: std::time::Instant,
    pub laps: Vec<(&'static str, std::time::Duration)>,
}

impl Default for Stopwatch {
    fn default() -> Self {
        Stopwatch { last: std::time::Instant::now(), laps: Vec::new() }
    }
}

impl Stopwatch {
    pub fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// The resolve stage, shared by `run` and the watch engine: the checked model with the
/// progress trackers applied (and statuses derived again), and its relations.
pub fn resolve_site(
    config: Config,
    loaded: content::Loaded,
    trackers: &[content::trackers::Row],
    scope: Scope,
) -> (Site, Relations, Vec<Diagnostic>) {
    let mut resolved = model::resolve(config, loaded, scope);
    let mut diags = model::tracker::apply(&mut resolved.site, trackers);
    diags.extend(resolved.diagnostics);
    let relations = Relations::new(&resolved.site);
    (resolved.site, relations, diags)
}

impl Links for Site {
    fn target(&self, path: &str) -> Target {
        if let Some(page) = self.by_path(path) {
            return Target::Output(page.url.clone());
        }
        if let Some(h) = self.hidden_path(path) {
            return Target::Hidden { reason: h.reason, file: h.file.clone() };
        }
        if self.unloaded.contains(path) {
            return Target::Unloaded;
        }
        if self.assets.iter().any(|a| a.path == path) {
            return Target::Output(path.to_string());
        }
        Target::Missing
    }

    fn pretty_links(&self) -> bool {
        self.config.pretty_links
    }

    fn language(&self) -> &str {
        &self.config.language
    }
}

/// Renders every page's Markdown (and agenda notes) in parallel.
/// `render` false (`check`) skips what only the output needs: highlighting and search terms.
pub fn markdown(site: &Site, render: bool) -> (Vec<Body>, Vec<Diagnostic>) {
    let renderer =
        Renderer { links: site, trust_html: site.config.trust_html, highlight: render && site.config.highlight };
    let results: Vec<(Body, Vec<Diagnostic>)> =
        site.pages.par_iter().map(|page| page_markdown(&renderer, page, render)).collect();
    let mut bodies = Vec::with_capacity(results.len());
    let mut diags = Vec::new();
    for (body, d) in results {
        bodies.push(body);
        diags.extend(d);
    }
    (bodies, diags)
}

/// The problems in the translations' Markdown (a broken `@/` link, a bad image), at their
/// own lines: each language's translated pages rendered as its tree links them.
pub fn translations_markdown(site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for lang in site.languages().iter().skip(1) {
        let Some(words) = site.config.other_words.get(lang) else { continue };
        let tree = model::translate::tree(site, lang, words.clone());
        let renderer = Renderer { links: &tree, trust_html: tree.config.trust_html, highlight: false };
        let found: Vec<Vec<Diagnostic>> = tree
            .pages
            .par_iter()
            .filter(|page| tree.translated.contains(&page.src.path))
            .map(|page| page_markdown(&renderer, page, false).1)
            .collect();
        diags.extend(found.into_iter().flatten());
    }
    diags
}

/// One page's Markdown (and agenda notes), as `markdown` renders it: watch re-renders only
/// the pages whose text or links changed.
pub fn page_body(renderer: &Renderer, page: &model::Page) -> (Body, Vec<Diagnostic>) {
    page_markdown(renderer, page, true)
}

fn page_markdown(renderer: &Renderer, page: &model::Page, terms: bool) -> (Body, Vec<Diagnostic>) {
    let body_text = title_heading_blanked(page);
    let (line, column) = (page.src.body_line, 1);
    let r = renderer.render(&body_text, &page.url, Origin { file: &page.src.file, text: &body_text, line, column });
    let mut diags = r.diagnostics;
    let mut notes = Vec::new();
    if let PageData::Agenda(a) = &page.data {
        for item in &a.items {
            if let Some(text) = &item.notes {
                let (line, column) = page.src.pos(&["items", &item.index.to_string(), "notes"]);
                let n = renderer.render(text, &page.url, Origin { file: &page.src.file, text: "", line, column });
                diags.extend(n.diagnostics);
                notes.push((item.index, n.html));
            }
        }
    }
    let snippets = entry_snippets(renderer, page, &mut diags);
    let mut body = Body {
        html: r.html,
        summary: r.summary,
        text: r.text,
        headings: r.headings,
        notes,
        snippets,
        terms: Vec::new(),
    };
    if terms {
        body.terms = crate::views::search::page_terms(page, &body, renderer.links.language());
        body.terms.shrink_to_fit();
    }
    // The plain text is read only for the search terms; the rest is kept for the whole build
    // (a 10,000-page site holds every body until its pages are rendered), without the slack
    // of strings grown by doubling.
    body.text = String::new();
    body.html.shrink_to_fit();
    body.summary.shrink_to_fit();
    (body, diags)
}

/// The `evidence` of a strategy's benchmarks and action steps, as inline HTML: it may link
/// to a tracker with `@/`, checked like any link.
fn entry_snippets(renderer: &Renderer, page: &model::Page, diags: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let PageData::Strategy(s) = &page.data else { return Vec::new() };
    let benchmarks = s.benchmarks.iter().filter_map(|b| Some(("benchmarks", b.index, b.evidence.as_ref()?)));
    let steps = s.action_steps.iter().filter_map(|a| Some(("action_steps", a.index, a.evidence.as_ref()?)));
    benchmarks
        .chain(steps)
        .map(|(list, index, text)| {
            let key = format!("{list}/{index}/evidence");
            let (line, column) = page.src.pos(&[list, &index.to_string(), "evidence"]);
            let r = renderer.render(text, &page.url, Origin { file: &page.src.file, text: "", line, column });
            diags.extend(r.diagnostics);
            (key, crate::markdown::inline(&r.html))
        })
        .collect()
}

/// A page without front matter takes its title from its first `# ` heading; that heading
/// is blanked (keeping every offset) so that the page does not show it twice.
fn title_heading_blanked(page: &model::Page) -> std::borrow::Cow<'_, str> {
    let body = page.src.body();
    if page.src.has_front_matter {
        return body.into();
    }
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        if line.starts_with("# ") {
            let mut text = body.to_string();
            let end = offset + line.trim_end_matches(['\n', '\r']).len();
            text.replace_range(offset..end, &" ".repeat(end - offset));
            return text.into();
        }
        offset += line.len();
    }
    body.into()
}

/// The theme and the site's own templates and static files: what pages are rendered with.
#[derive(Debug, Clone)]
pub struct Look {
    pub theme: Theme,
    /// The site's `templates/`: (name, file, text).
    pub site_templates: Vec<(String, String, String)>,
    /// The theme's static files, then the site's `static/` over them: (output path, bytes).
    pub statics: Vec<(String, Vec<u8>)>,
    /// Warnings from reading them (a symlink out of the site, skipped).
    pub problems: Vec<Diagnostic>,
}

impl Look {
    /// Compiles the templates for `site`.
    pub fn templates(&self, site: &Site) -> Result<Templates, Vec<Diagnostic>> {
        Templates::new(&self.theme, &self.site_templates, site)
    }
}

/// The load-look stage: reads the theme and the site's templates/ and static/. Errors (no such
/// theme, a file that cannot be read) fail it; warnings ride along in `problems`.
pub fn load_look(root: &Path, config: &Config) -> Result<Look, Vec<Diagnostic>> {
    let name = &config.theme;
    let mut problems = Vec::new();
    let Some(theme) = theme::load(root, name, &mut problems) else {
        let message = format!("there is no theme `{name}`: it would be the folder themes/{name}/");
        let help = "use `theme: default`, or the name of a folder under themes/";
        problems.push(Diagnostic::new(Rule::BadConfig, CONFIG_FILE, config.theme_at, message).with_help(help));
        return Err(problems);
    };
    let mut site_templates = Vec::new();
    let mut statics = theme.statics.clone();
    problems.extend(theme::read_tree(root, "templates", &mut |rel, file, bytes| {
        site_templates.push((rel, file, String::from_utf8_lossy(&bytes).into_owned()))
    }));
    problems.extend(theme::read_tree(root, "static", &mut |rel, _, bytes| statics.push((rel, bytes))));
    if problems.iter().any(|d| d.severity == Severity::Error) {
        return Err(problems);
    }
    Ok(Look { theme, site_templates, statics, problems })
}

/// Which of the non-page files to make.
#[derive(Clone, Copy)]
pub enum ViewSet<'a> {
    /// Every one (a clean build, or any change to the model).
    All,
    /// Only those that read the pages' Markdown (after edits below the front matter): the
    /// search index, from the last one's documents and the pages whose Markdown `changed`.
    Markdown(&'a std::sync::Mutex<views::search::Memo>, &'a (dyn Fn(usize) -> bool + Sync)),
}

/// What the render stage made: pages from templates, and the other files.
pub struct Rendered {
    pub pages: Vec<(String, Vec<u8>)>,
    pub views: Vec<(String, Vec<u8>)>,
}

/// The render stage: `jobs` from templates and the chosen views, side by side, then the
/// staff checks page, which lists `checks` (this build's diagnostics).
pub fn render(
    inputs: Inputs,
    templates: &Templates,
    jobs: &[Job],
    views: ViewSet,
    checks: &[Diagnostic],
) -> Result<Rendered, Vec<Diagnostic>> {
    let (pages, made) = (std::sync::Mutex::new(Files::new()), std::sync::Mutex::new(Files::new()));
    render_into(inputs, templates, jobs, views, checks, (&pages, &made))?;
    let listed = |files: std::sync::Mutex<Files>| {
        files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner).into_iter().collect()
    };
    Ok(Rendered { pages: listed(pages), views: listed(made) })
}

/// The render stage into sinks, (pages, views): each page is put as soon as it is rendered.
fn render_into(
    inputs: Inputs,
    templates: &Templates,
    jobs: &[Job],
    views: ViewSet,
    checks: &[Diagnostic],
    (pages, made): (&dyn Sink, &dyn Sink),
) -> Result<(), Vec<Diagnostic>> {
    let Inputs { site, rel, bodies, prepared } = inputs;
    let (mut diags, views) = rayon::join(
        || render::render_pages(inputs, templates, jobs, pages),
        || match views {
            ViewSet::All => views::files(site, rel, bodies, prepared),
            ViewSet::Markdown(memo, changed) => views::body_files_again(site, bodies, memo, changed),
        },
    );
    for (path, bytes) in views {
        made.put(path, bytes);
    }
    render::checks::render_into(inputs, templates, checks, pages, &mut diags);
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// The languages stage: for each language the site publishes besides its own, its tree
/// (`es/…`) — every page and view again, in that language's words, with each page in its
/// translation where there is one. Pages without one show the original (with a note).
pub fn language_trees(
    site: &Site,
    bodies: &[Body],
    templates: &Templates,
    checks: &[Diagnostic],
) -> Result<Files, Vec<Diagnostic>> {
    let files = std::sync::Mutex::new(Files::new());
    language_trees_into(site, bodies, templates, checks, &files)?;
    Ok(files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))
}

/// The languages stage into a sink, each file as soon as it is made.
fn language_trees_into(
    site: &Site,
    bodies: &[Body],
    templates: &Templates,
    checks: &[Diagnostic],
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    for lang in site.languages().iter().skip(1) {
        let Some(words) = site.config.other_words.get(lang) else { continue };
        let tree = model::translate::tree(site, lang, words.clone());
        let rel = Relations::new(&tree);
        let bodies = tree_bodies(&tree, bodies);
        let prepared = views::prepare(&tree);
        let mut templates = templates.clone();
        templates.set_site(&tree);
        let inputs = Inputs { site: &tree, rel: &rel, bodies: &bodies, prepared: &prepared };
        let under = InTree { lang, sink };
        render_into(inputs, &templates, &crate::present::jobs(&tree), ViewSet::All, checks, (&under, &under))?;
    }
    Ok(())
}

/// A language's tree: its files under `es/…` (the sitemap is the site's own, not the tree's).
struct InTree<'a> {
    lang: &'a str,
    sink: &'a dyn Sink,
}

impl Sink for InTree<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) {
        if path != views::sitemap::FILE {
            self.sink.put(format!("{}/{path}", self.lang), bytes);
        }
    }
}

/// The bodies of a language's tree: its translated pages' Markdown rendered (their problems
/// are reported by `translations_markdown`), the others' as they are.
fn tree_bodies(tree: &Site, bodies: &[Body]) -> Vec<Body> {
    let renderer = Renderer { links: tree, trust_html: tree.config.trust_html, highlight: tree.config.highlight };
    tree.pages
        .par_iter()
        .zip(bodies.par_iter())
        .map(|(page, body)| match tree.translated.contains(&page.src.path) {
            true => page_markdown(&renderer, page, true).0,
            false => body.clone(),
        })
        .collect()
}

/// Reads one file under content/ that is copied as it is (an image, a PDF).
pub fn read_asset(asset: &content::Asset) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(&asset.source).map_err(|e| {
        let file = format!("content/{}", asset.path);
        let why = content::tree::io_words(&e);
        Diagnostic::new(Rule::Unreadable, &file, (1, 1), format!("cannot read `{file}`: {why}"))
    })
}

/// Renders the whole site into `sink`: the look's static files, the assets, the pages and
/// views, the other languages' trees (in that order: a later file of the same path wins).
fn render_site(
    site: &Site,
    rel: &Relations,
    bodies: &[Body],
    look: Look,
    templates: &Templates,
    checks: &[Diagnostic],
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    // The site's static files over the theme's.
    let statics: Files = look.statics.into_iter().collect();
    for (path, bytes) in statics {
        sink.put(path, bytes);
    }
    let unreadable: Vec<Diagnostic> = site
        .assets
        .par_iter()
        .filter_map(|a| match read_asset(a) {
            Ok(bytes) => {
                sink.put(a.path.clone(), bytes);
                None
            }
            Err(d) => Some(d),
        })
        .collect();
    if let Some(d) = unreadable.into_iter().next() {
        return Err(vec![d]);
    }
    let prepared = views::prepare(site);
    let inputs = Inputs { site, rel, bodies, prepared: &prepared };
    render_into(inputs, templates, &crate::present::jobs(site), ViewSet::All, checks, (sink, sink))?;
    language_trees_into(site, bodies, templates, checks, sink)
}
