//! The incremental engine behind `watch` and `serve`: keeps the loaded sources, the Markdown
//! of every page, the templates and the rendered output in memory, and after a change redoes
//! only what the change can reach. Correctness first: every stage a clean build runs over the
//! whole site (resolve, relations, checks, computed views) runs again in full, because each
//! is a pure and fast function of the sources; only the two costly per-page stages — Markdown
//! and templates — are limited, by the explicit dependencies in `deps`.
//!
//! Anything the engine cannot place (site.yaml, data/, a folder appearing, a symlink, an
//! as-of date rolling over) falls back to re-rendering every page from the current sources,
//! which still writes only the files whose bytes changed.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use rayon::prelude::*;

use super::deps::{self, Change, Memo, Memos, MentionIndex};
use super::layers::{Bytes, Layer, Layers, Which};
use super::watch::Changes;
use crate::config::{CONFIG_FILE, Config};
use crate::content::{self, Asset, Loaded, SourcePage};
use crate::diagnostics::{self, Diagnostic, Severity, SourceTexts};
use crate::markdown::{Links, Renderer, Target};
use crate::model::{self, Relations, Scope, Site};
use crate::output::{self, WriteStats};
use crate::pipeline::{self, Request};
use crate::render::{self, Job, Templates, context::Body};
use crate::theme::{self, Theme};

/// A path under the site root, ordered as the content walk visits files (folder by folder,
/// names sorted), so that the sources reach resolve in the order a clean build gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct WalkOrder(String);

impl Ord for WalkOrder {
    /// Component by component, which is byte order with `/` below every other byte.
    fn cmp(&self, other: &Self) -> Ordering {
        let key = |b: &u8| if *b == b'/' { 0 } else { *b };
        self.0.as_bytes().iter().map(key).cmp(other.0.as_bytes().iter().map(key))
    }
}

impl PartialOrd for WalkOrder {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One Markdown file under content/ as last read.
struct FileState {
    text: Option<Arc<str>>,
    page: Option<SourcePage>,
    diags: Vec<Diagnostic>,
    names: Vec<Box<str>>,
}

/// What an `@/` link resolved to, comparable.
#[derive(Debug, Clone, PartialEq)]
enum Seen {
    Output(String),
    Hidden(&'static str, String),
    Missing,
}

impl Seen {
    fn of(t: &Target) -> Seen {
        match t {
            Target::Output(url) => Seen::Output(url.clone()),
            Target::Hidden { reason, file } => Seen::Hidden(reason, file.clone()),
            Target::Missing => Seen::Missing,
        }
    }
}

/// Answers `@/` links from the site and remembers every question, so that a page's Markdown
/// is rendered again exactly when one of its links would now resolve differently.
struct Recorder<'a> {
    site: &'a Site,
    seen: Mutex<Vec<(String, Seen)>>,
}

impl Links for Recorder<'_> {
    fn target(&self, path: &str) -> Target {
        let t = self.site.target(path);
        if let Ok(mut seen) = self.seen.lock() {
            seen.push((path.to_string(), Seen::of(&t)));
        }
        t
    }

    fn pretty_links(&self) -> bool {
        self.site.pretty_links()
    }
}

/// One page's rendered Markdown and what it depended on.
struct Markdown {
    text: Arc<str>,
    url: String,
    links: Vec<(String, Seen)>,
    body: Body,
    diags: Vec<Diagnostic>,
}

impl Markdown {
    fn valid_for(&self, page: &model::Page, site: &Site) -> bool {
        (Arc::ptr_eq(&self.text, &page.src.text) || *self.text == *page.src.text)
            && self.url == page.url
            && self.links.iter().all(|(path, seen)| Seen::of(&site.target(path)) == *seen)
    }
}

/// The theme and the site's own templates and static files.
struct Look {
    theme: Theme,
    site_templates: Vec<(String, String, String)>,
    statics: Layer,
    templates: Option<Templates>,
}

/// What a build's site is, measured against the last good build.
enum Basis {
    /// Resolved from the sources: anything may have changed.
    Fresh,
    /// The last good build's site with these pages' text swapped in (edits below the front
    /// matter): the model, the jobs and every link target are as they were.
    Swapped(Vec<usize>),
}

/// A resolved site with its Markdown, ready to render.
#[derive(Clone, Copy)]
struct Built<'a> {
    site: &'a Site,
    relations: &'a Relations,
    bodies: &'a [Body],
    /// Pages whose Markdown was rendered again.
    fresh: &'a FxHashSet<String>,
    basis: &'a Basis,
}

/// The last resolved site, with the diagnostics of loading and resolving it.
struct Kept {
    site: Site,
    relations: Relations,
    diags: Vec<Diagnostic>,
}

/// Invalidations that wait for the next good build.
#[derive(Default)]
struct Pending {
    /// Re-render every page.
    everything: bool,
    /// Files changed since the last good build, with the names they held then.
    touched: BTreeMap<String, Vec<Box<str>>>,
    /// Templates changed since the last good build (tera names).
    templates: BTreeSet<String>,
    /// Re-read the theme, templates/ and static/.
    look: bool,
}

/// What one build did, for the console and the browser.
#[derive(Debug, Default)]
pub struct Report {
    pub ok: bool,
    /// Pages (jobs) rendered from templates.
    pub rendered: usize,
    pub stats: WriteStats,
    /// Output paths whose bytes changed or that were removed.
    pub changed: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Time per stage, for `CLOCKWORK_TIMINGS=1`.
    pub stages: Vec<(&'static str, Duration)>,
}

impl Report {
    pub fn errors(&self) -> usize {
        diagnostics::count(&self.diagnostics, Severity::Error)
    }
}

pub struct Engine {
    req: Request,
    out_dir: Option<PathBuf>,
    config: Config,
    config_diags: Vec<Diagnostic>,
    config_text: Option<Arc<str>>,
    files: BTreeMap<WalkOrder, FileState>,
    assets: BTreeMap<WalkOrder, Asset>,
    asset_bytes: FxHashMap<String, Bytes>,
    walk_diags: Vec<Diagnostic>,
    names: MentionIndex,
    markdown: FxHashMap<String, Markdown>,
    look: Option<Look>,
    memos: Memos,
    kept: Option<Kept>,
    /// Whether `kept` is the site of the last good build (its output is the current one).
    kept_good: bool,
    /// Files changed since `kept` was resolved.
    since_kept: BTreeSet<String>,
    as_of: Option<chrono::NaiveDate>,
    /// Whether a build succeeded since the engine started or since site.yaml changed.
    good: bool,
    /// Whether the output folder holds exactly `layers.merged()`.
    written: bool,
    pending: Pending,
    layers: Layers,
}

struct Stopwatch {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.last));
        self.last = now;
    }
}

impl Engine {
    /// An engine for `req`, writing into `out_dir` (or keeping the site in memory only).
    /// Nothing is read until the first `build`.
    pub fn new(req: Request, out_dir: Option<PathBuf>) -> Engine {
        Engine {
            req,
            out_dir,
            config: Config::default(),
            config_diags: Vec::new(),
            config_text: None,
            files: BTreeMap::new(),
            assets: BTreeMap::new(),
            asset_bytes: FxHashMap::default(),
            walk_diags: Vec::new(),
            names: MentionIndex::default(),
            markdown: FxHashMap::default(),
            look: None,
            memos: Memos::default(),
            kept: None,
            kept_good: false,
            since_kept: BTreeSet::new(),
            as_of: None,
            good: false,
            written: false,
            pending: Pending { everything: true, look: true, ..Pending::default() },
            layers: Layers::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.req.root
    }

    /// The theme in use (watch follows its folder).
    pub fn theme_name(&self) -> &str {
        &self.config.theme
    }

    /// The first build: reads everything.
    pub fn build(&mut self) -> Result<Report> {
        self.reload_config();
        self.rescan();
        self.rebuild()
    }

    /// Takes in a batch of changes and rebuilds what they reach.
    pub fn apply(&mut self, changes: &Changes) -> Result<Report> {
        if changes.config {
            self.reload_config();
        }
        // Trackers may be read with the content: a data change reads everything again.
        if changes.rescan || changes.data {
            self.rescan();
        } else {
            let mut rescan = false;
            for path in &changes.content {
                rescan |= self.update_content(path);
            }
            if rescan {
                self.rescan();
            }
        }
        if changes.data {
            self.pending.everything = true;
        }
        if changes.statics || !changes.templates.is_empty() {
            self.pending.look = true;
            self.pending.templates.extend(changes.templates.iter().cloned());
        }
        self.rebuild()
    }

    /// The merged output, as written or served.
    pub fn output(&self) -> &Arc<BTreeMap<String, Bytes>> {
        self.layers.merged()
    }

    /// The text of every file, for showing diagnostics with their lines.
    pub fn texts(&self) -> SourceTexts {
        let mut texts: SourceTexts =
            self.files.iter().filter_map(|(k, f)| Some((k.0.clone(), f.text.clone()?))).collect();
        if let Some(t) = &self.config_text {
            texts.insert(CONFIG_FILE.to_string(), t.clone());
        }
        texts
    }

    fn reload_config(&mut self) {
        let (config, diags, text) = pipeline::load_config(&self.req.root);
        self.config = config;
        self.config_diags = diags;
        self.config_text = text.map(Arc::from);
        // Links, HTML trust and the theme may all have changed: nothing rendered is kept.
        self.markdown.clear();
        self.pending.everything = true;
        self.pending.look = true;
        self.good = false;
    }

    /// Reads the whole content folder again, as a clean build does.
    fn rescan(&mut self) {
        let loaded = content::load(&self.req.root);
        let mut files: BTreeMap<WalkOrder, FileState> = BTreeMap::new();
        for (file, text) in loaded.texts {
            files.insert(
                WalkOrder(file),
                FileState { text: Some(text), page: None, diags: Vec::new(), names: Vec::new() },
            );
        }
        for page in loaded.pages {
            let names = deps::mentions(&page);
            let state = files.entry(WalkOrder(page.file.clone())).or_insert_with(|| FileState {
                text: Some(page.text.clone()),
                page: None,
                diags: Vec::new(),
                names: Vec::new(),
            });
            state.names = names;
            state.page = Some(page);
        }
        self.walk_diags.clear();
        for d in loaded.diagnostics {
            if d.rule == "skipped-file" || d.file == CONFIG_FILE {
                self.walk_diags.push(d);
            } else {
                files
                    .entry(WalkOrder(d.file.clone()))
                    .or_insert_with(|| FileState { text: None, page: None, diags: Vec::new(), names: Vec::new() })
                    .diags
                    .push(d);
            }
        }
        self.names = MentionIndex::default();
        for (file, state) in &files {
            self.names.add(&file.0, &state.names);
        }
        self.markdown.retain(|file, _| files.contains_key(&WalkOrder(file.clone())));
        self.files = files;
        self.assets = loaded.assets.into_iter().map(|a| (WalkOrder(format!("content/{}", a.path)), a)).collect();
        self.asset_bytes.clear();
        self.pending.everything = true;
    }

    /// Reloads one path under content/ as it is now on disk. True when only a rescan can
    /// tell what happened (a folder, a symlink).
    fn update_content(&mut self, rel: &str) -> bool {
        let abs = self.req.root.join(rel);
        let key = WalkOrder(rel.to_string());
        match std::fs::symlink_metadata(&abs) {
            Err(_) => {
                self.forget(&key);
                let prefix = format!("{rel}/");
                let under: Vec<WalkOrder> =
                    self.files.keys().chain(self.assets.keys()).filter(|k| k.0.starts_with(&prefix)).cloned().collect();
                for k in under {
                    self.forget(&k);
                }
                false
            }
            Ok(meta) if meta.file_type().is_symlink() || meta.is_dir() => true,
            Ok(meta) if !meta.is_file() => {
                self.forget(&key);
                false
            }
            Ok(_) => {
                let under = rel.strip_prefix("content/").unwrap_or(rel);
                if under.ends_with(".md") {
                    let (text, page, diags) = content::load_one(&self.req.root, rel);
                    let names = page.as_ref().map(deps::mentions).unwrap_or_default();
                    self.forget(&key);
                    self.names.add(rel, &names);
                    self.files.insert(key, FileState { text, page, diags, names });
                } else {
                    self.forget(&key);
                    self.asset_bytes.remove(under);
                    self.assets.insert(key, Asset { source: abs, path: under.to_string() });
                }
                false
            }
        }
    }

    /// Drops a file or asset from the sources, remembering what it named.
    fn forget(&mut self, key: &WalkOrder) {
        self.since_kept.insert(key.0.clone());
        self.markdown.remove(&key.0);
        if let Some(old) = self.files.remove(key) {
            self.names.remove(&key.0, &old.names);
            self.pending.touched.entry(key.0.clone()).or_insert(old.names);
        } else {
            self.pending.touched.entry(key.0.clone()).or_default();
        }
        if let Some(asset) = self.assets.remove(key) {
            self.asset_bytes.remove(&asset.path);
        }
    }

    /// The sources as `content::load` would give them.
    fn loaded(&self) -> Loaded {
        let sources: Vec<&SourcePage> = self.files.values().filter_map(|f| f.page.as_ref()).collect();
        let pages: Vec<SourcePage> = sources.par_iter().map(|p| (*p).clone()).collect();
        Loaded {
            pages,
            assets: self.assets.values().cloned().collect(),
            texts: SourceTexts::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Load diagnostics, as `content::load` reports them.
    fn load_diags(&self) -> Vec<Diagnostic> {
        let mut diags = self.config_diags.clone();
        diags.extend(self.walk_diags.iter().cloned());
        diags.extend(self.files.values().flat_map(|f| f.diags.iter().cloned()));
        diags
    }

    /// Resolves, renders and writes what the pending changes reach.
    fn rebuild(&mut self) -> Result<Report> {
        let started = Instant::now();
        let mut watch = Stopwatch { last: started, stages: Vec::new() };
        let today = chrono::Local::now().date_naive();
        if today != self.req.today {
            self.req.today = today;
        }
        // The stages of `pipeline::run`, in its order: keep the two in step.
        let scope = Scope {
            audience: self.req.audience,
            drafts: self.req.drafts,
            as_of: self.config.as_of(self.req.as_of, self.req.today),
        };
        if self.as_of != Some(scope.as_of) {
            self.as_of = Some(scope.as_of);
            self.pending.everything = true;
        }
        let levels = self.config.checks.clone();
        let was_good = std::mem::take(&mut self.kept_good);
        let (site, relations, resolve_diags, basis) = match self.reuse() {
            Some((kept, swapped)) => {
                watch.lap("reuse");
                let basis = if was_good { Basis::Swapped(swapped) } else { Basis::Fresh };
                (kept.site, kept.relations, kept.diags, basis)
            }
            None => {
                let mut diags = self.load_diags();
                let loaded = self.loaded();
                watch.lap("load");
                let resolved = model::resolve(self.config.clone(), loaded, scope);
                diags.extend(resolved.diagnostics);
                let site = resolved.site;
                let relations = Relations::new(&site);
                watch.lap("resolve");
                (site, relations, diags, Basis::Fresh)
            }
        };
        self.since_kept.clear();
        let mut diags = resolve_diags.clone();
        let (bodies, md_diags, fresh) = self.markdown(&site, &basis);
        diags.extend(md_diags);
        watch.lap("markdown");
        diags.extend(crate::check::run(&site, &relations));
        let diags = diagnostics::finish(diags, &levels);
        watch.lap("check");
        let failed = |diags: Vec<Diagnostic>, watch: Stopwatch| Report {
            ok: false,
            diagnostics: diags,
            elapsed: started.elapsed(),
            stages: watch.stages,
            ..Report::default()
        };
        if diags.iter().any(|d| d.severity == Severity::Error) {
            self.put_back(&site, bodies);
            self.keep(Kept { site, relations, diags: resolve_diags });
            return Ok(failed(diags, watch));
        }
        let built = Built { site: &site, relations: &relations, bodies: &bodies, fresh: &fresh, basis: &basis };
        let result = self.render_and_write(built, diags, &mut watch);
        self.put_back(&site, bodies);
        self.keep(Kept { site, relations, diags: resolve_diags });
        self.kept_good = matches!(result, Ok(Ok(_)));
        watch.lap("finish");
        match result {
            Ok(Ok(mut report)) => {
                report.elapsed = started.elapsed();
                report.stages = watch.stages;
                Ok(report)
            }
            Ok(Err(diags)) => Ok(failed(diagnostics::finish(diags, &levels), watch)),
            Err(e) => Err(e),
        }
    }

    /// Keeps a resolved site for the next build; the one it replaces (ten thousand pages
    /// take a while to free) is dropped on another thread.
    fn keep(&mut self, kept: Kept) {
        if let Some(old) = self.kept.replace(kept) {
            std::thread::spawn(move || drop(old));
        }
    }

    /// The last resolved site, when the only changes since are edits below the front matter
    /// of visible pages: resolve reads a page's front matter and path, not its Markdown
    /// body (the one exception, a page without front matter titled by its first heading,
    /// is not reused), so the model stays as it was and only the pages' text is swapped in.
    fn reuse(&mut self) -> Option<(Kept, Vec<usize>)> {
        if self.pending.everything {
            return None;
        }
        let kept = self.kept.as_ref()?;
        let mut swaps = Vec::new();
        for file in &self.since_kept {
            let state = self.files.get(&WalkOrder(file.clone()))?;
            let new = state.page.as_ref().filter(|p| p.has_front_matter && state.diags.is_empty())?;
            let i = kept.site.index_by_path(&new.path)?;
            let old = &kept.site.pages[i].src;
            let same_front = old.file == new.file
                && old.kind == new.kind
                && old.body_start == new.body_start
                && old.text[..old.body_start] == new.text[..new.body_start];
            if !same_front {
                return None;
            }
            swaps.push((i, new.clone()));
        }
        let mut kept = self.kept.take()?;
        let swapped = swaps.iter().map(|(i, _)| *i).collect();
        for (i, src) in swaps {
            kept.site.pages[i].src = src;
        }
        Some((kept, swapped))
    }

    /// Every page's Markdown: kept when its text, URL and link targets are as before,
    /// rendered again otherwise. Returns the bodies in page order, the diagnostics and the
    /// files rendered again.
    fn markdown(&mut self, site: &Site, basis: &Basis) -> (Vec<Body>, Vec<Diagnostic>, FxHashSet<String>) {
        let stale: Vec<usize> = match basis {
            // Same model, same link targets: only the swapped pages can need it.
            Basis::Swapped(swapped) => site
                .pages
                .iter()
                .enumerate()
                .filter(|(i, p)| swapped.contains(i) || !self.markdown.contains_key(&p.src.file))
                .map(|(i, _)| i)
                .collect(),
            Basis::Fresh => site
                .pages
                .par_iter()
                .enumerate()
                .filter(|(_, p)| !self.markdown.get(&p.src.file).is_some_and(|m| m.valid_for(p, site)))
                .map(|(i, _)| i)
                .collect(),
        };
        let fresh: Vec<Markdown> = stale.par_iter().map(|&i| render_markdown(site, &site.pages[i])).collect();
        let mut rendered = FxHashSet::default();
        for (&i, m) in stale.iter().zip(fresh) {
            let file = site.pages[i].src.file.clone();
            rendered.insert(file.clone());
            self.markdown.insert(file, m);
        }
        let mut diags = Vec::new();
        let mut bodies = Vec::with_capacity(site.pages.len());
        for page in &site.pages {
            match self.markdown.get_mut(&page.src.file) {
                Some(m) => {
                    diags.extend(m.diags.iter().cloned());
                    bodies.push(std::mem::take(&mut m.body));
                }
                None => bodies.push(Body::default()),
            }
        }
        (bodies, diags, rendered)
    }

    /// Returns the bodies lent out by `markdown` to the cache.
    fn put_back(&mut self, site: &Site, bodies: Vec<Body>) {
        for (page, body) in site.pages.iter().zip(bodies) {
            if let Some(m) = self.markdown.get_mut(&page.src.file) {
                m.body = body;
            }
        }
    }

    /// Renders the jobs the changes reach and writes what changed; `Ok(Err(diags))` when
    /// templates or files failed (nothing is written then).
    fn render_and_write(
        &mut self,
        built: Built,
        diags: Vec<Diagnostic>,
        watch: &mut Stopwatch,
    ) -> Result<Result<Report, Vec<Diagnostic>>> {
        let Built { site, relations, bodies, fresh, basis } = built;
        if let Err(mut d) = self.ensure_look(site) {
            d.extend(diags);
            return Ok(Err(d));
        }
        let Some(look) = self.look.as_ref() else { return Ok(Err(diags)) };
        let Some(templates) = look.templates.as_ref() else { return Ok(Err(diags)) };
        let jobs = render::jobs(site);
        let outputs: Vec<Cow<str>> = match basis {
            // Same model, same jobs, same outputs as the last good build.
            Basis::Swapped(_) => Vec::new(),
            Basis::Fresh => jobs.iter().map(|j| output_of(site, *j)).collect(),
        };
        let plan = self.plan(site, bodies, fresh, basis, &jobs, &outputs);
        watch.lap("plan");
        let results: Vec<Result<(String, Vec<u8>), Diagnostic>> =
            plan.par_iter().map(|&job| render::render_job(site, relations, bodies, templates, job)).collect();
        let mut rendered = Vec::with_capacity(results.len());
        let mut render_diags = Vec::new();
        for r in results {
            match r {
                Ok(f) => rendered.push(f),
                Err(d) => render_diags.push(d),
            }
        }
        if !render_diags.is_empty() {
            render_diags.extend(diags);
            return Ok(Err(render_diags));
        }
        watch.lap("render");
        let assets = match self.asset_layer(site) {
            Ok(a) => a,
            Err(d) => return Ok(Err(vec![d].into_iter().chain(diags).collect())),
        };
        let views: Layer =
            crate::views::files(site, relations, bodies).into_iter().map(|(k, v)| (k, Bytes::from(v))).collect();
        watch.lap("views");

        let produced: FxHashSet<&str> = outputs.iter().map(|o| o.as_ref()).collect();
        let gone: Vec<String> = match basis {
            Basis::Swapped(_) => Vec::new(),
            Basis::Fresh => self.layers.pages().keys().filter(|k| !produced.contains(k.as_str())).cloned().collect(),
        };
        for key in gone {
            self.layers.remove(Which::Pages, &key);
        }
        let count = rendered.len();
        for (key, bytes) in rendered {
            self.layers.set(Which::Pages, key, Bytes::from(bytes));
        }
        if let Some(look) = &self.look {
            self.layers.replace(Which::Statics, look.statics.clone());
        }
        self.layers.replace(Which::Assets, assets);
        self.layers.replace(Which::Views, views);
        let delta = self.layers.commit();
        let stats = self.write(&delta)?;
        watch.lap("write");

        self.remember(site, bodies, fresh, basis);
        let mut changed = delta.changed;
        changed.extend(delta.removed);
        Ok(Ok(Report { ok: true, rendered: count, stats, changed, diagnostics: diags, ..Report::default() }))
    }

    /// Which jobs to render: every one after a fallback, else those of pages whose output
    /// can have changed (see `deps`), the generated pages when any page's model changed,
    /// the jobs of changed templates, and any job whose output is new.
    fn plan(
        &self,
        site: &Site,
        bodies: &[Body],
        fresh: &FxHashSet<String>,
        basis: &Basis,
        jobs: &[Job],
        outputs: &[Cow<str>],
    ) -> Vec<Job> {
        if self.pending.everything || !self.good {
            return jobs.to_vec();
        }
        let dirty = self.dirty_pages(site, bodies, fresh, basis);
        let templates = self.templates_reached(site, jobs);
        let pages = self.layers.pages();
        let wanted = |job: Job, output: Option<&str>| {
            let by_page = match job {
                Job::Page(i) => dirty.files.contains(&site.pages[i].src.file),
                _ => dirty.generated,
            };
            let by_template = !self.pending.templates.is_empty()
                && templates.as_ref().is_none_or(|names| names.contains(render::template_of(site, job)));
            by_page || by_template || output.is_some_and(|o| !pages.contains_key(o))
        };
        jobs.iter()
            .enumerate()
            .filter(|(n, job)| wanted(**job, outputs.get(*n).map(|o| o.as_ref())))
            .map(|(_, job)| *job)
            .collect()
    }

    fn templates_reached(&self, site: &Site, jobs: &[Job]) -> Option<BTreeSet<String>> {
        let look = self.look.as_ref()?;
        let texts: Vec<(String, &str)> = look
            .theme
            .templates
            .iter()
            .map(|(n, _, t)| (format!("theme/{n}"), t.as_str()))
            .chain(look.site_templates.iter().map(|(n, _, t)| (n.clone(), t.as_str())))
            .collect();
        let texts: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), *t)).collect();
        let used: FxHashSet<&str> = jobs.iter().map(|j| render::template_of(site, *j)).collect();
        deps::templates_reached(&self.pending.templates, &texts, &used)
    }

    /// The pages whose output can have changed since the last good build.
    fn dirty_pages(&self, site: &Site, bodies: &[Body], fresh: &FxHashSet<String>, basis: &Basis) -> Dirty {
        let mut dirty = Dirty::default();
        let present: FxHashMap<&str, usize> =
            site.pages.iter().enumerate().map(|(i, p)| (p.src.file.as_str(), i)).collect();
        // Pages whose model changed pass the change on to their neighbours.
        let mut queue: Vec<String> = Vec::new();
        let mut examined: FxHashSet<String> = FxHashSet::default();
        // On the last good model only the swapped pages (and their Markdown) are new.
        let candidates: Vec<usize> = match basis {
            Basis::Swapped(swapped) => {
                let mut c = swapped.clone();
                c.extend(fresh.iter().filter_map(|f| present.get(f.as_str()).copied()));
                c.sort_unstable();
                c.dedup();
                c
            }
            Basis::Fresh => (0..site.pages.len()).collect(),
        };
        for i in candidates {
            let page = &site.pages[i];
            let file = &page.src.file;
            let changed = match self.memos.by_file.get(file) {
                None => true,
                Some(m) if !m.same_head(page) => true,
                Some(m) if self.pending.touched.contains_key(file) || fresh.contains(file) => {
                    examined.insert(file.clone());
                    let new = Memo::new(page, &bodies[i]);
                    if new.body != m.body {
                        dirty.files.insert(file.clone());
                    }
                    new.model != m.model || page.kind == content::Kind::Section && new.body != m.body
                }
                Some(_) => false,
            };
            if changed {
                examined.insert(file.clone());
                queue.push(file.clone());
            }
        }
        if matches!(basis, Basis::Fresh) {
            for file in self.memos.by_file.keys().filter(|f| !present.contains_key(f.as_str())) {
                examined.insert(file.clone());
                queue.push(file.clone());
            }
        }
        dirty.generated = !queue.is_empty();
        while let Some(file) = queue.pop() {
            dirty.files.insert(file.clone());
            let mut names: Vec<Box<str>> = self.pending.touched.get(&file).cloned().unwrap_or_default();
            if let Some(state) = self.files.get(&WalkOrder(file.clone())) {
                names.extend(state.names.iter().cloned());
            }
            let change = Change {
                file: &file,
                old: self.memos.by_file.get(&file),
                new: present.get(file.as_str()).map(|&i| &site.pages[i]),
                names,
            };
            for q in deps::neighbours(&change, site, &self.memos, &self.names) {
                dirty.files.insert(q.clone());
                if examined.contains(&q) {
                    continue;
                }
                examined.insert(q.clone());
                let (Some(&i), Some(old)) = (present.get(q.as_str()), self.memos.by_file.get(&q)) else { continue };
                if Memo::new(&site.pages[i], &bodies[i]).model != old.model {
                    queue.push(q);
                }
            }
        }
        dirty
    }

    /// After a good build: what the next one compares against.
    fn remember(&mut self, site: &Site, bodies: &[Body], fresh: &FxHashSet<String>, basis: &Basis) {
        let everything = self.pending.everything || !self.good;
        if let (Basis::Swapped(swapped), false) = (basis, everything) {
            let files = swapped
                .iter()
                .copied()
                .chain(site.pages.iter().enumerate().filter(|(_, p)| fresh.contains(&p.src.file)).map(|(i, _)| i));
            for i in files.collect::<Vec<_>>() {
                let page = &site.pages[i];
                self.memos.by_file.insert(page.src.file.clone(), Memo::new(page, &bodies[i]));
            }
        } else if everything {
            self.memos.by_file = site
                .pages
                .par_iter()
                .zip(bodies.par_iter())
                .map(|(p, b)| (p.src.file.clone(), Memo::new(p, b)))
                .collect();
        } else {
            let present: FxHashSet<&str> = site.pages.iter().map(|p| p.src.file.as_str()).collect();
            self.memos.by_file.retain(|f, _| present.contains(f.as_str()));
            for (i, page) in site.pages.iter().enumerate() {
                let file = &page.src.file;
                let stale = match self.memos.by_file.get(file) {
                    None => true,
                    Some(m) => !m.same_head(page) || self.pending.touched.contains_key(file) || fresh.contains(file),
                };
                if stale {
                    self.memos.by_file.insert(file.clone(), Memo::new(page, &bodies[i]));
                }
            }
        }
        self.pending = Pending::default();
        self.good = true;
    }

    /// Loads the theme, templates/ and static/ when they changed, and compiles the templates.
    fn ensure_look(&mut self, site: &Site) -> Result<(), Vec<Diagnostic>> {
        if self.pending.look || self.look.is_none() {
            self.look = Some(load_look(&self.req.root, &self.config)?);
            self.pending.look = false;
            if let Some(look) = &mut self.look {
                look.templates = None;
            }
        }
        let Some(look) = self.look.as_mut() else { return Ok(()) };
        if look.templates.is_none() || self.pending.everything || !self.good {
            look.templates = Some(Templates::new(&look.theme, &look.site_templates, site)?);
        }
        Ok(())
    }

    /// The site's content files (images, PDFs), read once and again when they change.
    fn asset_layer(&mut self, site: &Site) -> Result<Layer, Diagnostic> {
        let missing: Vec<&Asset> = site.assets.iter().filter(|a| !self.asset_bytes.contains_key(&a.path)).collect();
        let read: Vec<(String, std::io::Result<Vec<u8>>)> =
            missing.par_iter().map(|a| (a.path.clone(), std::fs::read(&a.source))).collect();
        for (path, bytes) in read {
            match bytes {
                Ok(b) => {
                    self.asset_bytes.insert(path, Bytes::from(b));
                }
                Err(e) => {
                    return Err(Diagnostic::new(
                        "bad-encoding",
                        &format!("content/{path}"),
                        (1, 1),
                        format!("cannot read this file: {e}"),
                    ));
                }
            }
        }
        Ok(site.assets.iter().filter_map(|a| Some((a.path.clone(), self.asset_bytes.get(&a.path)?.clone()))).collect())
    }

    /// Writes what changed into the output folder (all of it, checked, the first time).
    fn write(&mut self, delta: &super::layers::Delta) -> Result<WriteStats> {
        let Some(dir) = self.out_dir.clone() else { return Ok(WriteStats::default()) };
        let merged = self.layers.merged().clone();
        let result = if self.written {
            let changed: Vec<(&str, &[u8])> =
                delta.changed.iter().filter_map(|k| Some((k.as_str(), &merged.get(k)?[..]))).collect();
            let removed: Vec<&str> = delta.removed.iter().map(String::as_str).collect();
            let mut keys = merged.keys().map(String::as_str);
            let keys: Option<&mut dyn Iterator<Item = &str>> = if delta.keys_changed { Some(&mut keys) } else { None };
            output::write_delta(&dir, &changed, &removed, keys)
        } else {
            let files: output::Files = merged.iter().map(|(k, v)| (k.clone(), v.to_vec())).collect();
            output::write(&dir, &files)
        };
        // After a failed write the folder is in an unknown state: check all of it next time.
        self.written = result.is_ok();
        result
    }
}

/// A job's output path, without copying a page's URL.
fn output_of(site: &Site, job: Job) -> Cow<'_, str> {
    match job {
        Job::Page(i) => Cow::Borrowed(site.pages[i].url.as_str()),
        other => Cow::Owned(other.output(site)),
    }
}

#[derive(Default)]
struct Dirty {
    files: FxHashSet<String>,
    generated: bool,
}

fn render_markdown(site: &Site, page: &model::Page) -> Markdown {
    let recorder = Recorder { site, seen: Mutex::new(Vec::new()) };
    let renderer = Renderer { links: &recorder, trust_html: site.config.trust_html, highlight: true };
    let (body, diags) = pipeline::page_body(&renderer, page);
    let links = recorder.seen.into_inner().unwrap_or_default();
    Markdown { text: page.src.text.clone(), url: page.url.clone(), links, body, diags }
}

/// Reads the theme and the site's templates/ and static/, as a clean build does.
fn load_look(root: &Path, config: &Config) -> Result<Look, Vec<Diagnostic>> {
    let name = &config.theme;
    let fail = |message: String| vec![Diagnostic::new("bad-config", CONFIG_FILE, (1, 1), message)];
    let theme = match theme::load(root, name) {
        Ok(Some(t)) => t,
        Ok(None) => return Err(fail(format!("there is no theme `{name}` (looked in themes/{name}/)"))),
        Err(e) => return Err(fail(format!("cannot read theme `{name}`: {e}"))),
    };
    let mut site_templates = Vec::new();
    let mut statics: Vec<(String, Vec<u8>)> = theme.statics.clone();
    let read = theme::read_tree(&root.join("templates"), "templates", &mut |rel, file, bytes| {
        site_templates.push((rel, file, String::from_utf8_lossy(&bytes).into_owned()))
    })
    .and_then(|_| theme::read_tree(&root.join("static"), "", &mut |rel, _, bytes| statics.push((rel, bytes))));
    if let Err(e) = read {
        return Err(fail(format!("cannot read the site's templates or static files: {e}")));
    }
    let statics: Layer = statics.into_iter().map(|(k, v)| (k, Bytes::from(v))).collect();
    Ok(Look { theme, site_templates, statics, templates: None })
}

#[cfg(test)]
mod tests;
