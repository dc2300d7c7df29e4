//! The sources as last read: site.yaml, every Markdown file under content/ and the
//! content's other files, each reloaded on its own when it changes.

use super::*;
use crate::diagnostics::Rule;

/// A path under the site root, ordered as the content walk visits files (folder by folder,
/// names sorted), so that the sources reach resolve in the order a clean build gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct WalkOrder(pub(super) String);

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
pub(super) struct FileState {
    pub(super) text: Option<Arc<str>>,
    pub(super) page: Option<SourcePage>,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) names: Vec<Box<str>>,
}

impl Engine {
    /// The text of every file, for showing diagnostics with their lines.
    pub fn texts(&self) -> SourceTexts {
        let mut texts: SourceTexts =
            self.files.iter().filter_map(|(k, f)| Some((k.0.clone(), f.text.clone()?))).collect();
        if let Some(t) = &self.config_text {
            texts.insert(CONFIG_FILE.to_string(), t.clone());
        }
        texts.extend(self.trackers.texts.iter().map(|(k, v)| (k.clone(), v.clone())));
        texts
    }

    pub(super) fn reload_config(&mut self) {
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
    pub(super) fn rescan(&mut self) {
        self.trackers = crate::content::trackers::read(&self.req.root);
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
            if d.rule == Rule::SkippedFile || d.file == CONFIG_FILE {
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
    pub(super) fn update_content(&mut self, rel: &str) -> bool {
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
    pub(super) fn forget(&mut self, key: &WalkOrder) {
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
    pub(super) fn loaded(&self) -> Loaded {
        let sources: Vec<&SourcePage> = self.files.values().filter_map(|f| f.page.as_ref()).collect();
        let pages: Vec<SourcePage> = sources.par_iter().map(|p| (*p).clone()).collect();
        Loaded {
            pages,
            assets: self.assets.values().cloned().collect(),
            texts: SourceTexts::new(),
            diagnostics: Vec::new(),
            failed: self
                .files
                .iter()
                .filter(|(_, f)| f.page.is_none())
                .map(|(k, _)| content::page_path(&k.0))
                .collect(),
        }
    }

    /// Load diagnostics, as `content::load` reports them.
    pub(super) fn load_diags(&self) -> Vec<Diagnostic> {
        let mut diags = self.config_diags.clone();
        diags.extend(self.trackers.diagnostics.iter().cloned());
        diags.extend(self.walk_diags.iter().cloned());
        diags.extend(self.files.values().flat_map(|f| f.diags.iter().cloned()));
        diags
    }

    /// The site's content files (images, PDFs), read once and again when they change.
    pub(super) fn asset_layer(&mut self, site: &Site) -> Result<Layer, Diagnostic> {
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
                        Rule::BadEncoding,
                        &format!("content/{path}"),
                        (1, 1),
                        format!("cannot read this file: {e}"),
                    ));
                }
            }
        }
        Ok(site.assets.iter().filter_map(|a| Some((a.path.clone(), self.asset_bytes.get(&a.path)?.clone()))).collect())
    }
}
