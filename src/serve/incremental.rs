//! The incremental engine behind `watch` and `serve`: keeps the loaded sources, the Markdown
//! of every page, the templates and the rendered output in memory, and after a change redoes
//! only what the change can reach. Correctness first: every stage a clean build runs over the
//! whole site (resolve, relations, checks, computed views) runs again in full, because each
//! is a pure and fast function of the sources (resolve is skipped only when every change is
//! below the front matter, which it does not read); the two costly per-page stages —
//! Markdown and templates — are limited by the explicit dependencies in `deps`.
//!
//! Anything the engine cannot place (site.yaml, data/, a folder appearing, a symlink, an
//! as-of date rolling over) falls back to re-rendering every page from the current sources,
//! which still writes only the files whose bytes changed.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::deps::{self, Change, Memo, Memos, MentionIndex};
use super::layers::{Bytes, Layer, Layers, Which};
use super::watch::Changes;
use crate::config::{CONFIG_FILE, Config};
use crate::content::{self, Asset, Loaded, SourcePage};
use crate::diagnostics::{self, Diagnostic, Severity, SourceTexts};
use crate::markdown::Body;
use crate::markdown::{Links, Renderer, Target};
use crate::model::{self, Relations, Scope, Site};
use crate::output::{self, WriteError, WriteStats};

/// What a build returns: the report, or why the output folder could not be written.
pub type Result<T, E = WriteError> = std::result::Result<T, E>;
use crate::pipeline::{self, Rendered, Request, Stopwatch, ViewSet};
use crate::present::Job;
use crate::render::{self, Templates};
use markdown::Markdown;
use plan::output_of;
use sources::{FileState, WalkOrder};

/// The theme and the site's own templates and static files, with the templates compiled
/// (once, and again only when they or the site-wide context change).
struct Look {
    look: pipeline::Look,
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

/// Keeps a site built, in a folder (`watch`) or in memory (`serve`), as its sources change.
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
    /// The progress trackers (`data/*.csv`), read with the content.
    trackers: crate::content::trackers::Trackers,
    /// Whether the views layer holds every computed view of a good build.
    written_views: bool,
    /// What the last render prepared (the site's flowchart layout), kept for the next one.
    prepared: Option<crate::views::Prepared>,
    /// The search index's documents, kept while edits stay below the front matter.
    search: std::sync::Mutex<crate::views::search::Memo>,
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
            trackers: Default::default(),
            written_views: false,
            prepared: None,
            search: Default::default(),
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

    /// Writes again every output file that is missing from the output folder (someone removed
    /// it); the rest is left alone.
    pub fn restore(&mut self) -> Result<WriteStats> {
        let Some(dir) = self.out_dir.clone().filter(|_| self.written) else { return Ok(WriteStats::default()) };
        let merged = self.layers.merged().clone();
        let missing: Vec<(&str, &[u8])> =
            merged.par_iter().filter(|(k, _)| !dir.join(k).is_file()).map(|(k, v)| (k.as_str(), &v[..])).collect();
        if missing.is_empty() {
            return Ok(WriteStats::default());
        }
        let written = output::write_delta(&dir, &missing, &[], None);
        self.written = written.is_ok();
        written
    }

    /// The merged output, as written or served.
    pub fn output(&self) -> &Arc<BTreeMap<String, Bytes>> {
        self.layers.merged()
    }

    /// Resolves, renders and writes what the pending changes reach.
    fn rebuild(&mut self) -> Result<Report> {
        let started = Instant::now();
        let mut watch = Stopwatch::default();
        let today = chrono::Local::now().date_naive();
        if today != self.req.today {
            self.req.today = today;
        }
        // The stages of `pipeline::run`, called in its order; each keeps what did not change.
        let scope = Scope {
            audience: self.req.audience,
            drafts: self.req.drafts,
            as_of: self.config.as_of(self.req.as_of, self.req.today),
            edit: self.req.edit,
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
                let (site, relations, resolve_diags) =
                    pipeline::resolve_site(self.config.clone(), loaded, &self.trackers.rows, scope);
                diags.extend(resolve_diags);
                watch.lap("resolve");
                (site, relations, diags, Basis::Fresh)
            }
        };
        self.since_kept.clear();
        let mut diags = resolve_diags.clone();
        let (bodies, md_diags, fresh) = self.markdown(&site, &basis);
        diags.extend(md_diags);
        diags.extend(pipeline::translations_markdown(&site));
        watch.lap("markdown");
        diags.extend(crate::check::run(&site, &relations));
        let diags = diagnostics::finish(diags, &levels);
        watch.lap("check");
        let failed = |diags: Vec<Diagnostic>, watch: Stopwatch| Report {
            ok: false,
            diagnostics: diags,
            elapsed: started.elapsed(),
            stages: watch.laps,
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
                report.stages = watch.laps;
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
        let prepared = crate::views::prepare_again(site, self.prepared.take());
        watch.lap("prepare");
        let Some(look) = self.look.as_ref() else { return Ok(Err(diags)) };
        let Some(templates) = look.templates.as_ref() else { return Ok(Err(diags)) };
        let diags = with_look_problems(diags, &look.look, site);
        let jobs = crate::present::jobs(site);
        let outputs: Vec<Cow<str>> = match basis {
            // Same model, same jobs, same outputs as the last good build.
            Basis::Swapped(_) => Vec::new(),
            Basis::Fresh => jobs.iter().map(|j| output_of(site, *j)).collect(),
        };
        let plan = self.plan(site, bodies, fresh, basis, &jobs, &outputs);
        watch.lap("plan");
        // After edits below the front matter the model is the last good build's: only the
        // views that read Markdown can change.
        let swapped = matches!(basis, Basis::Swapped(_)) && self.written_views;
        let inputs = render::Inputs { site, rel: relations, bodies, prepared: &prepared };
        if !swapped {
            // A new model: the kept documents may speak of old titles and owners.
            *self.search.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner) = Default::default();
        }
        let changed = |i: usize| fresh.contains(&site.pages[i].src.file);
        let set = if swapped { ViewSet::Markdown(&self.search, &changed) } else { ViewSet::All };
        let Rendered { pages: rendered, views: made } = match pipeline::render(inputs, templates, &plan, set, &diags) {
            Ok(r) => r,
            Err(mut render_diags) => {
                render_diags.extend(diags);
                return Ok(Err(render_diags));
            }
        };
        watch.lap("render"); // the pages and the other files
        self.prepared = Some(prepared);
        // The other languages' trees are made again whole (a one-language site has none).
        let trees = match pipeline::language_trees(site, bodies, templates, &diags) {
            Ok(files) => files,
            Err(mut d) => {
                d.extend(diags);
                return Ok(Err(d));
            }
        };
        let assets = match self.asset_layer(site) {
            Ok(a) => a,
            Err(d) => return Ok(Err(vec![d].into_iter().chain(diags).collect())),
        };

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
        self.layers.replace(Which::Languages, trees.into_iter().map(|(k, v)| (k, Bytes::from(v))).collect());
        if swapped {
            for (k, v) in made {
                self.layers.set(Which::Views, k, Bytes::from(v));
            }
        } else {
            self.layers.replace(Which::Views, made.into_iter().map(|(k, v)| (k, Bytes::from(v))).collect());
            self.written_views = true;
        }
        let delta = self.layers.commit();
        let stats = self.write(&delta)?;
        watch.lap("write");

        self.remember(site, bodies, fresh, basis);
        let mut changed = delta.changed;
        changed.extend(delta.removed);
        Ok(Ok(Report { ok: true, rendered: count, stats, changed, diagnostics: diags, ..Report::default() }))
    }

    /// Loads the theme, templates/ and static/ when they changed, and compiles the templates.
    fn ensure_look(&mut self, site: &Site) -> Result<(), Vec<Diagnostic>> {
        if self.pending.look || self.look.is_none() {
            let look = pipeline::load_look(&self.req.root, &self.config)?;
            let statics = look.statics.iter().map(|(k, v)| (k.clone(), Bytes::from(v.clone()))).collect();
            self.look = Some(Look { look, statics, templates: None });
            self.pending.look = false;
        }
        let Some(look) = self.look.as_mut() else { return Ok(()) };
        if look.templates.is_none() || self.pending.everything || !self.good {
            look.templates = Some(look.look.templates(site)?);
        } else if let Some(templates) = look.templates.as_mut()
            && templates.set_site(site)
        {
            // Every page shows the site-wide context (the footer's links, the as-of date).
            self.pending.everything = true;
        }
        Ok(())
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

/// The build's diagnostics with the warnings of reading the look (a symlink out of static/),
/// as a clean build has them.
fn with_look_problems(diags: Vec<Diagnostic>, look: &pipeline::Look, site: &Site) -> Vec<Diagnostic> {
    if look.problems.is_empty() {
        return diags;
    }
    diagnostics::finish(diags.into_iter().chain(look.problems.iter().cloned()).collect(), &site.config.checks)
}

mod markdown;
mod plan;
mod sources;

#[cfg(test)]
mod tests;
