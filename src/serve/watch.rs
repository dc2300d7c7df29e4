//! Watching the site's sources: notify events, debounced, sorted into what changed. Editor
//! leftovers are dropped by the same rule loading uses (`content::is_noise`); everything
//! else is reported by path, and the engine looks at the disk to see what the path is now —
//! so an atomic save (write a temp file, rename it over the page) is simply an edit of the
//! page, and a temp file that is gone by then is nothing at all.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher as _};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::config::CONFIG_FILE;
use crate::content::is_noise;

/// The folders a site reads from, watched recursively when they exist.
const SOURCES: [&str; 5] = ["content", "data", "static", "templates", "themes"];

/// A template name that no job uses: "some template changed, re-render everything".
pub const ANY_TEMPLATE: &str = "*";

/// What one batch of file events changed, by kind of source.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Changes {
    /// site.yaml.
    pub config: bool,
    /// Paths under content/ (relative to the root, `content/teams/ilt.md`).
    pub content: BTreeSet<String>,
    /// A progress tracker under data/.
    pub data: bool,
    /// A static file (static/ or the theme's static/).
    pub statics: bool,
    /// Templates by tera name (`team.html`, `theme/team.html`), or `ANY_TEMPLATE`.
    pub templates: BTreeSet<String>,
    /// Events were lost or a folder changed as a whole: read content/ again.
    pub rescan: bool,
    /// Every source path that changed, for the console.
    pub paths: BTreeSet<String>,
    /// A file of the output folder was removed (by someone else, or by an earlier rebuild):
    /// check that every output file is there.
    pub output_removed: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan && !self.output_removed
    }

    /// Whether the sources changed (not only the output folder).
    pub fn sources(&self) -> bool {
        !self.paths.is_empty() || self.rescan
    }

    /// Sorts one path (relative to the site root, with `/`) into its kind of change.
    pub fn add(&mut self, rel: &str, theme: &str) {
        let parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
        let file_is_noise = parts.last().is_some_and(|name| is_noise(name));
        let known = match parts.as_slice() {
            [] => false,
            [name] if *name == CONFIG_FILE => {
                self.config = true;
                true
            }
            ["content"] => {
                self.rescan = true;
                true
            }
            ["content", rest @ ..] if !rest.iter().any(|c| is_noise(c)) => {
                self.content.insert(rel.to_string());
                true
            }
            ["data", ..] if !file_is_noise => {
                self.data = true;
                true
            }
            ["static", ..] if !file_is_noise => {
                self.statics = true;
                true
            }
            ["templates"] => {
                self.templates.insert(ANY_TEMPLATE.to_string());
                true
            }
            ["templates", rest @ ..] if !file_is_noise => {
                self.templates.insert(rest.join("/"));
                true
            }
            ["themes", name, "templates", rest @ ..] if *name == theme && !rest.is_empty() && !file_is_noise => {
                self.templates.insert(format!("theme/{}", rest.join("/")));
                true
            }
            ["themes", name, "static", ..] if *name == theme && !file_is_noise => {
                self.statics = true;
                true
            }
            ["themes"] | ["themes", _] => {
                self.statics = true;
                self.templates.insert(ANY_TEMPLATE.to_string());
                true
            }
            ["themes", name, _] if *name == theme => {
                self.statics = true;
                self.templates.insert(ANY_TEMPLATE.to_string());
                true
            }
            _ => false,
        };
        if known {
            self.paths.insert(rel.to_string());
        }
    }

    /// "content/teams/ilt.md", "3 files (content/a.md, …)".
    pub fn describe(&self) -> String {
        let list: Vec<&String> = self.paths.iter().collect();
        match list.as_slice() {
            [] => "content/ (read again)".to_string(),
            [one] => one.to_string(),
            [a, b] => format!("{a} and {b}"),
            [first, ..] => format!("{} files ({first}, …)", list.len()),
        }
    }
}

/// What reaches the watching thread: a settled batch of source events, or one raw event
/// of the output folder.
enum Batch {
    Sources(DebounceEventResult),
    Output(notify::Result<notify::Event>),
}

/// A debounced watch over the site's source folders and site.yaml, and an undebounced one
/// over the output folder.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    tx: Sender<Batch>,
    rx: Receiver<Batch>,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
    /// The output folder and its watcher, for files someone removes. Not debounced: the
    /// debouncer drops a file that was created and removed within its window, and a file
    /// the last rebuild renamed into place counts as created, so a page deleted just after
    /// a rebuild would never be written again.
    output: Option<(PathBuf, notify::RecommendedWatcher)>,
}

impl Watcher {
    /// Starts watching `root`; events settle for `debounce` before they are reported.
    pub fn start(root: &Path, debounce: Duration) -> Result<Watcher> {
        // Some drives (RAM disks, WinFsp and Dokan drives on Windows) cannot canonicalize a
        // path that exists; an absolute path names it as well for watching.
        let root = root
            .canonicalize()
            .or_else(|e| if root.is_dir() { std::path::absolute(root) } else { Err(e) })
            .with_context(|| format!("cannot find the site folder {}", root.display()))?;
        let (tx, rx) = channel();
        let tick = (debounce / 3).max(Duration::from_millis(5));
        let sources = tx.clone();
        let handler = move |batch| {
            let _ = sources.send(Batch::Sources(batch));
        };
        let mut debouncer =
            new_debouncer(debounce, Some(tick), handler).context("cannot watch files on this system")?;
        debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        let mut watcher = Watcher { debouncer, tx, rx, root, watched: BTreeSet::new(), output: None };
        watcher.follow_sources();
        Ok(watcher)
    }

    /// Also watches the output folder (once it exists), so that a file someone removes from
    /// it is written again.
    pub fn watch_output(&mut self, dir: &Path) {
        if self.output.is_some() {
            return;
        }
        let Ok(dir) = dir.canonicalize() else { return };
        let tx = self.tx.clone();
        let handler = move |event| {
            let _ = tx.send(Batch::Output(event));
        };
        if let Ok(mut watcher) = notify::recommended_watcher(handler)
            && watcher.watch(&dir, RecursiveMode::Recursive).is_ok()
        {
            self.output = Some((dir, watcher));
        }
    }

    /// Watches each source folder that exists (they may appear after the start).
    fn follow_sources(&mut self) {
        for name in SOURCES {
            let dir = self.root.join(name);
            if dir.is_dir() {
                if !self.watched.contains(&dir) && self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    self.watched.insert(dir);
                }
            } else if self.watched.remove(&dir) {
                let _ = self.debouncer.unwatch(&dir);
            }
        }
    }

    /// Waits for the next batch of changes to the site's sources; `None` when watching
    /// stopped. Events that arrive together are taken together.
    pub fn next(&mut self, theme: &str) -> Option<Changes> {
        loop {
            let first = self.rx.recv().ok()?;
            let mut changes = Changes::default();
            self.sort(first, theme, &mut changes);
            while let Ok(more) = self.rx.try_recv() {
                self.sort(more, theme, &mut changes);
            }
            self.follow_sources();
            if !changes.is_empty() {
                return Some(changes);
            }
        }
    }

    fn sort(&self, batch: Batch, theme: &str, changes: &mut Changes) {
        match batch {
            Batch::Sources(Ok(events)) => {
                for event in events {
                    // Opening or reading a file is no change (and the engine reads files itself).
                    if matches!(event.kind, notify::EventKind::Access(_)) {
                        continue;
                    }
                    if event.need_rescan() {
                        changes.rescan = true;
                    }
                    for path in &event.paths {
                        // Windows reports a folder as modified whenever a file in it is written,
                        // created or renamed; the file's own event says what changed.
                        if cfg!(windows) && matches!(event.kind, notify::EventKind::Modify(_)) && path.is_dir() {
                            continue;
                        }
                        if let Some(rel) = relative(&self.root, path) {
                            changes.add(&rel, theme);
                        }
                    }
                }
            }
            // Lost events (a full queue): only reading everything again is safe.
            Batch::Sources(Err(_)) => {
                changes.rescan = true;
                changes.data = true;
                changes.statics = true;
                changes.templates.insert(ANY_TEMPLATE.to_string());
            }
            Batch::Output(Ok(event)) => {
                let Some((out, _)) = &self.output else { return };
                // Windows also reports a file replaced by a rename as removed.
                if matches!(event.kind, notify::EventKind::Remove(_)) {
                    let gone = |path: &PathBuf| {
                        let ours = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".clockwork-"));
                        !ours && path != out && !path.exists()
                    };
                    changes.output_removed |= event.paths.iter().any(gone);
                }
                changes.output_removed |= event.need_rescan();
            }
            // Lost events of the output folder: check that every output file is there.
            Batch::Output(Err(_)) => changes.output_removed = true,
        }
    }
}

fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    Some(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(paths: &[&str]) -> Changes {
        let mut c = Changes::default();
        for p in paths {
            c.add(p, "default");
        }
        c
    }

    #[test]
    fn editor_leftovers_are_not_changes() {
        let c = sorted(&[
            "content/teams/.ilt.md.swp",
            "content/teams/ilt.md~",
            "content/teams/.#ilt.md",
            "content/teams/4913",
            "content/.DS_Store",
            "content/.git/index",
            "static/.style.css.swp",
            "public/index.html",
            "target/debug/x",
        ]);
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn each_source_has_its_kind() {
        let c = sorted(&[
            "site.yaml",
            "content/teams/ilt.md",
            "content/teams/photo.jpg",
            "data/progress.csv",
            "static/logo.png",
            "templates/team.html",
            "themes/default/templates/partials/components.html",
            "themes/default/static/style.css",
            "themes/other/templates/team.html",
        ]);
        assert!(c.config && c.data && c.statics && !c.rescan);
        assert_eq!(c.content, BTreeSet::from(["content/teams/ilt.md".into(), "content/teams/photo.jpg".into()]));
        assert_eq!(
            c.templates,
            BTreeSet::from(["team.html".into(), "theme/partials/components.html".into()]),
            "another theme's templates are not in use"
        );
        assert_eq!(c.paths.len(), 8);
    }

    #[test]
    fn a_whole_folder_is_read_again() {
        assert!(sorted(&["content"]).rescan);
        assert_eq!(sorted(&["templates"]).templates, BTreeSet::from([ANY_TEMPLATE.to_string()]));
    }

    #[test]
    fn the_console_names_what_changed() {
        assert_eq!(sorted(&["content/a.md"]).describe(), "content/a.md");
        assert_eq!(sorted(&["content/a.md", "content/b.md", "site.yaml"]).describe(), "3 files (content/a.md, …)");
    }
}
