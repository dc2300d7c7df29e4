//! Which pages a rebuild renders: the dependency rule of `deps` applied to what changed
//! since the last good build, and what that build leaves for the next one to compare with.

use super::*;

/// A job's output path, without copying a page's URL.
pub(super) fn output_of(site: &Site, job: Job) -> Cow<'_, str> {
    match job {
        Job::Page(i) => Cow::Borrowed(site.pages[i].url.as_str()),
        other => Cow::Owned(other.output(site)),
    }
}

#[derive(Default)]
pub(super) struct Dirty {
    files: FxHashSet<String>,
    generated: bool,
}

impl Engine {
    /// Which jobs to render: every one after a fallback, else those of pages whose output
    /// can have changed (see `deps`), the generated pages when any page's model changed,
    /// the jobs of changed templates, and any job whose output is new.
    pub(super) fn plan(
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

    pub(super) fn templates_reached(&self, site: &Site, jobs: &[Job]) -> Option<BTreeSet<String>> {
        let look = self.look.as_ref()?;
        let texts: Vec<(String, &str)> = look
            .look
            .theme
            .templates
            .iter()
            .map(|(n, _, t)| (format!("theme/{n}"), t.as_str()))
            .chain(look.look.site_templates.iter().map(|(n, _, t)| (n.clone(), t.as_str())))
            .collect();
        let texts: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), *t)).collect();
        let used: FxHashSet<&str> = jobs.iter().map(|j| render::template_of(site, *j)).collect();
        deps::templates_reached(&self.pending.templates, &texts, &used)
    }

    /// The pages whose output can have changed since the last good build.
    pub(super) fn dirty_pages(&self, site: &Site, bodies: &[Body], fresh: &FxHashSet<String>, basis: &Basis) -> Dirty {
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
    pub(super) fn remember(&mut self, site: &Site, bodies: &[Body], fresh: &FxHashSet<String>, basis: &Basis) {
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
}
