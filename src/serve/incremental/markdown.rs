//! Every page's rendered Markdown, kept with what it depended on (its text, its URL and
//! what each of its `@/` links resolved to), so that only what can differ is rendered again.

use super::*;

/// Answers `@/` links from the site and remembers every question, so that a page's Markdown
/// is rendered again exactly when one of its links would now resolve differently.
pub(super) struct Recorder<'a> {
    site: &'a Site,
    seen: Mutex<Vec<(String, Target)>>,
}

impl Links for Recorder<'_> {
    fn target(&self, path: &str) -> Target {
        let t = self.site.target(path);
        if let Ok(mut seen) = self.seen.lock() {
            seen.push((path.to_string(), t.clone()));
        }
        t
    }

    fn pretty_links(&self) -> bool {
        self.site.pretty_links()
    }
}

/// One page's rendered Markdown and what it depended on.
pub(super) struct Markdown {
    text: Arc<str>,
    url: String,
    links: Vec<(String, Target)>,
    body: Body,
    diags: Vec<Diagnostic>,
}

impl Markdown {
    pub(super) fn valid_for(&self, page: &model::Page, site: &Site) -> bool {
        (Arc::ptr_eq(&self.text, &page.src.text) || *self.text == *page.src.text)
            && self.url == page.url
            && self.links.iter().all(|(path, seen)| site.target(path) == *seen)
    }
}

pub(super) fn render_markdown(site: &Site, page: &model::Page) -> Markdown {
    let recorder = Recorder { site, seen: Mutex::new(Vec::new()) };
    let renderer = Renderer { links: &recorder, trust_html: site.config.trust_html, highlight: site.config.highlight };
    let (body, diags) = pipeline::page_body(&renderer, page);
    let links = recorder.seen.into_inner().unwrap_or_default();
    Markdown { text: page.src.text.clone(), url: page.url.clone(), links, body, diags }
}

impl Engine {
    /// Every page's Markdown: kept when its text, URL and link targets are as before,
    /// rendered again otherwise. Returns the bodies in page order, the diagnostics and the
    /// files rendered again.
    pub(super) fn markdown(&mut self, site: &Site, basis: &Basis) -> (Vec<Body>, Vec<Diagnostic>, FxHashSet<String>) {
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
    pub(super) fn put_back(&mut self, site: &Site, bodies: Vec<Body>) {
        for (page, body) in site.pages.iter().zip(bodies) {
            if let Some(m) = self.markdown.get_mut(&page.src.file) {
                m.body = body;
            }
        }
    }
}
