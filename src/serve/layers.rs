//! The rendered site in memory, in the layers a build stacks (static files, then content
//! files, then pages, then computed views, a later layer winning on the same path), and the
//! merged result that is on disk or being served. Each rebuild replaces parts of layers and
//! learns exactly which output paths changed bytes.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;
use std::sync::Arc;

pub type Bytes = Arc<[u8]>;

/// One layer: output path → bytes.
pub type Layer = FxHashMap<String, Bytes>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    Statics,
    Assets,
    Pages,
    Views,
    /// The trees of the site's other languages (`es/…`), made again on every rebuild.
    Languages,
}

#[derive(Default)]
pub struct Layers {
    statics: Layer,
    assets: Layer,
    pages: Layer,
    views: Layer,
    languages: Layer,
    merged: Arc<BTreeMap<String, Bytes>>,
    /// Paths whose merged bytes may have changed since the last `commit`.
    touched: BTreeSet<String>,
}

/// What a commit changed in the merged output.
#[derive(Debug, Default)]
pub struct Delta {
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    /// Whether paths were added or removed (not only rewritten).
    pub keys_changed: bool,
}

impl Layers {
    fn layer(&mut self, which: Which) -> &mut Layer {
        match which {
            Which::Statics => &mut self.statics,
            Which::Assets => &mut self.assets,
            Which::Pages => &mut self.pages,
            Which::Views => &mut self.views,
            Which::Languages => &mut self.languages,
        }
    }

    pub fn pages(&self) -> &Layer {
        &self.pages
    }

    /// Replaces a whole layer.
    pub fn replace(&mut self, which: Which, new: Layer) {
        let old = std::mem::replace(self.layer(which), new);
        let new = match which {
            Which::Statics => &self.statics,
            Which::Assets => &self.assets,
            Which::Pages => &self.pages,
            Which::Views => &self.views,
            Which::Languages => &self.languages,
        };
        let mut touched: Vec<String> =
            old.iter().filter(|(k, v)| new.get(*k).is_none_or(|n| !same(n, v))).map(|(k, _)| k.clone()).collect();
        touched.extend(new.keys().filter(|k| !old.contains_key(*k)).cloned());
        self.touched.extend(touched);
    }

    /// Sets one path of a layer.
    pub fn set(&mut self, which: Which, key: String, bytes: Bytes) {
        let layer = self.layer(which);
        if layer.get(&key).is_some_and(|old| same(old, &bytes)) {
            return;
        }
        layer.insert(key.clone(), bytes);
        self.touched.insert(key);
    }

    /// Removes one path of a layer.
    pub fn remove(&mut self, which: Which, key: &str) {
        if self.layer(which).remove(key).is_some() {
            self.touched.insert(key.to_string());
        }
    }

    fn top(&self, key: &str) -> Option<&Bytes> {
        self.languages
            .get(key)
            .or_else(|| self.views.get(key))
            .or_else(|| self.pages.get(key))
            .or_else(|| self.assets.get(key))
            .or_else(|| self.statics.get(key))
    }

    /// Folds the touched paths into the merged output and says which changed bytes.
    pub fn commit(&mut self) -> Delta {
        let mut delta = Delta::default();
        let touched = std::mem::take(&mut self.touched);
        let updates: Vec<(String, Option<Bytes>)> = touched
            .into_iter()
            .filter_map(|key| {
                let new = self.top(&key).cloned();
                let unchanged = match (self.merged.get(&key), &new) {
                    (Some(old), Some(new)) => same(old, new),
                    (None, None) => true,
                    _ => false,
                };
                (!unchanged).then_some((key, new))
            })
            .collect();
        if updates.is_empty() {
            return delta;
        }
        let merged = Arc::make_mut(&mut self.merged);
        for (key, new) in updates {
            match new {
                Some(bytes) => {
                    delta.keys_changed |= merged.insert(key.clone(), bytes).is_none();
                    delta.changed.push(key);
                }
                None => {
                    merged.remove(&key);
                    delta.removed.push(key);
                    delta.keys_changed = true;
                }
            }
        }
        delta
    }

    /// The merged output: what is on disk, or what the server serves.
    pub fn merged(&self) -> &Arc<BTreeMap<String, Bytes>> {
        &self.merged
    }
}

fn same(a: &Bytes, b: &Bytes) -> bool {
    Arc::ptr_eq(a, b) || a[..] == b[..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &str) -> Bytes {
        Arc::from(s.as_bytes())
    }

    #[test]
    fn later_layers_win_and_uncovering_restores_the_lower_one() {
        let mut l = Layers::default();
        l.set(Which::Statics, "index.html".into(), b("static"));
        l.set(Which::Pages, "index.html".into(), b("page"));
        let d = l.commit();
        assert_eq!(d.changed, ["index.html"]);
        assert_eq!(&l.merged()["index.html"][..], b"page");
        l.remove(Which::Pages, "index.html");
        let d = l.commit();
        assert_eq!((d.changed.len(), d.removed.len()), (1, 0));
        assert_eq!(&l.merged()["index.html"][..], b"static");
    }

    #[test]
    fn same_bytes_are_no_change() {
        let mut l = Layers::default();
        l.replace(Which::Views, Layer::from_iter([("a.json".to_string(), b("1")), ("b.json".to_string(), b("2"))]));
        l.commit();
        l.replace(Which::Views, Layer::from_iter([("a.json".to_string(), b("1"))]));
        let d = l.commit();
        assert!(d.changed.is_empty());
        assert_eq!(d.removed, ["b.json"]);
    }
}
