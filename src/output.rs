//! The write stage: the output folder is only touched after a build succeeded in memory.
//! Files whose bytes did not change are left alone (same modification time), changed ones
//! are replaced atomically, and files of pages that are gone are removed — only files this
//! tool wrote, as listed in the folder's manifest.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// Lists every file a build wrote, so the next build knows what it may remove.
pub const MANIFEST: &str = ".clockwork-manifest";

/// Output path (with `/`) → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Why the output folder was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The folder holds files clockwork did not write; nothing was touched (a usage error:
    /// the user named the wrong folder).
    Foreign(PathBuf),
    /// Writing failed (a full disk, permissions).
    Failed(anyhow::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            WriteError::Foreign(dir) => write!(
                f,
                "the output folder {} already holds files that clockwork did not write; empty it or choose another with `--output`",
                dir.display()
            ),
            WriteError::Failed(e) => write!(f, "{e:#}"),
        }
    }
}

impl std::error::Error for WriteError {}

impl From<anyhow::Error> for WriteError {
    fn from(e: anyhow::Error) -> Self {
        WriteError::Failed(e)
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Folders of the site a build may never write into or replace.
const SOURCE_FOLDERS: [&str; 5] = ["content", "data", "static", "templates", "themes"];

/// Refuses an output folder that is the site root, a parent of it, or inside a source folder.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<()> {
    let root = resolve(root);
    let out = resolve(output);
    if out == root {
        bail!(
            "the output folder {} is the site folder itself; choose another, e.g. `--output public`",
            output.display()
        );
    }
    if root.starts_with(&out) {
        bail!(
            "the output folder {} contains the site folder; choose a folder inside or beside it, e.g. `--output public`",
            output.display()
        );
    }
    for source in SOURCE_FOLDERS {
        if out.starts_with(root.join(source)) {
            bail!(
                "the output folder {} is inside the site's `{source}/` folder; choose another, e.g. `--output public`",
                output.display()
            );
        }
    }
    Ok(())
}

/// The absolute, symlink-resolved form of a path that may not exist yet.
fn resolve(path: &Path) -> PathBuf {
    let abs =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut p = canonical;
            for part in rest.iter().rev() {
                p.push(part);
            }
            return normalize(&p);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return normalize(&abs),
        }
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Whether an output key is a plain relative path that stays inside the output folder.
fn is_safe_key(key: &str) -> bool {
    !key.is_empty() && Path::new(key).components().all(|c| matches!(c, Component::Normal(_))) && !key.contains('\\')
}

fn read_manifest(dir: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
    Some(text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect())
}

/// The exit code after Ctrl-C (128 + SIGINT, as shells report it).
pub const STOPPED: i32 = 130;

/// Set by Ctrl-C: writes that have not begun refuse to, so that the process can end.
static STOPPING: AtomicBool = AtomicBool::new(false);
/// How many writes into an output folder are under way; Ctrl-C waits for them to end.
static WRITERS: AtomicUsize = AtomicUsize::new(0);

/// One write under way (see `stop_on_ctrl_c`): stopping never leaves a folder half written.
struct Writing;

impl Writing {
    fn begin() -> Result<Writing> {
        WRITERS.fetch_add(1, Ordering::SeqCst);
        if STOPPING.load(Ordering::SeqCst) {
            WRITERS.fetch_sub(1, Ordering::SeqCst);
            bail!("stopped before the output folder was written");
        }
        Ok(Writing)
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        WRITERS.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Makes Ctrl-C (and a service manager's SIGTERM or SIGHUP) end the process once any write
/// in progress is complete (or, still in its first phase, taken away), with exit code 130.
pub fn stop_on_ctrl_c() {
    let _ = ctrlc::set_handler(|| {
        STOPPING.store(true, Ordering::SeqCst);
        while WRITERS.load(Ordering::SeqCst) > 0 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        eprintln!("\nStopped.");
        std::process::exit(STOPPED);
    });
}

/// Whether Ctrl-C asked the process to stop (a build then writes nothing and says so).
pub fn stopped() -> bool {
    STOPPING.load(Ordering::SeqCst)
}

/// Where the render stage puts each file as soon as it is made (from many threads). A path
/// put twice keeps the later bytes.
pub trait Sink: Sync {
    fn put(&self, path: String, bytes: Vec<u8>);
}

/// In memory: `check`, the tests and the watch engine's layers.
impl Sink for Mutex<Files> {
    fn put(&self, path: String, bytes: Vec<u8>) {
        self.lock().unwrap_or_else(PoisonError::into_inner).insert(path, bytes);
    }
}

/// Into an output folder: each file is staged as it arrives (see `Staging`).
impl Sink for Staging {
    fn put(&self, path: String, bytes: Vec<u8>) {
        self.add(&path, &bytes);
    }
}

/// Writes `files` into `dir` (see `Staging`) and removes the files of pages that are gone.
/// Refuses a non-empty folder that clockwork did not write.
pub fn write(dir: &Path, files: &Files) -> Result<WriteStats, WriteError> {
    let staging = Staging::open(dir)?;
    files.par_iter().for_each(|(key, bytes)| staging.add(key, bytes));
    staging.finish()
}

/// Applies one rebuild's changes to a folder this tool wrote: writes the `changed` files,
/// removes the `removed` ones and, when the set of files changed, rewrites the manifest from
/// `keys` (every output path, sorted). Watch knows what changed, so it neither reads nor
/// compares the other files.
pub fn write_delta(
    dir: &Path,
    changed: &[(&str, &[u8])],
    removed: &[&str],
    keys: Option<&mut dyn Iterator<Item = &str>>,
) -> Result<WriteStats, WriteError> {
    if let Some(bad) = removed.iter().find(|k| !is_safe_key(k)) {
        return Err(anyhow::anyhow!("refusing to remove `{bad}`: it is outside the output folder").into());
    }
    let _writing = Writing::begin()?;
    apply(dir, changed, removed, keys.map(manifest_text))
}

fn manifest_text<'a>(keys: impl Iterator<Item = &'a str>) -> String {
    let mut manifest = String::from("# Files written by clockwork; the next build removes those whose page is gone.\n");
    for key in keys {
        manifest.push_str(key);
        manifest.push('\n');
    }
    manifest
}

/// Replaces the output in two phases, the first of which runs while the site is rendered:
/// every new or changed file is written beside its target as soon as it is made (in the
/// folders it needs), and the bytes are let go. Only when the whole site is rendered and
/// staged (`finish`) are the files renamed into place and the files of pages that are gone
/// removed. A failure before that (a full disk, a folder that may not be written, a
/// template error, Ctrl-C) removes the temporaries and the folders made for them when the
/// `Staging` is dropped: the previous output stays byte for byte as it was.
pub struct Staging {
    dir: PathBuf,
    /// The previous build's manifest (a full write), to find the files of pages now gone.
    old: Option<BTreeSet<String>>,
    state: Mutex<State>,
    folders: Mutex<Folders>,
    /// Set with the first failure, after which files are no longer staged.
    failed: AtomicBool,
    done: bool,
}

#[derive(Default)]
struct State {
    /// Each output path put, and where its file is.
    keys: FxHashMap<String, Slot>,
    staged: Vec<Option<Staged>>,
    error: Option<anyhow::Error>,
    writing: Option<Writing>,
}

/// Where one output path's file is.
#[derive(Clone, Copy)]
enum Slot {
    /// The target already holds these bytes.
    Unchanged,
    /// Staged, at this index of `State::staged`.
    Staged(usize),
}

/// The folders known to exist (or to be in the way of a file, replaced in phase two), and
/// those this write made, so that a failure can take them away again.
#[derive(Default)]
struct Folders {
    known: FxHashSet<PathBuf>,
    made: Vec<PathBuf>,
}

impl Staging {
    /// Starts a full write of `dir`: refuses a non-empty folder that clockwork did not write.
    /// Nothing is touched until the first file is added.
    pub fn open(dir: &Path) -> Result<Staging, WriteError> {
        let old = read_manifest(dir);
        if old.is_none()
            && dir.is_dir()
            && std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?.next().is_some()
        {
            return Err(WriteError::Foreign(dir.to_path_buf()));
        }
        Ok(Staging {
            dir: dir.to_path_buf(),
            old,
            state: Mutex::default(),
            folders: Mutex::default(),
            failed: AtomicBool::new(false),
            done: false,
        })
    }

    /// Phase one for one file: writes `bytes` beside the target unless it already holds them.
    /// A failure is kept for `finish`, and later files are not staged.
    pub fn add(&self, key: &str, bytes: &[u8]) {
        if self.failed.load(Ordering::Relaxed) {
            return;
        }
        if let Err(e) = self.try_add(key, bytes) {
            let mut state = self.state();
            state.error.get_or_insert(e);
            self.failed.store(true, Ordering::Relaxed);
        }
    }

    fn try_add(&self, key: &str, bytes: &[u8]) -> Result<()> {
        if !is_safe_key(key) {
            bail!("refusing to write `{key}`: it would leave the output folder");
        }
        if STOPPING.load(Ordering::SeqCst) {
            bail!("stopped before the output folder was written");
        }
        self.begin()?;
        let target = self.dir.join(key);
        let staged = stage(&target, bytes, &|folder| self.ensure_folder(folder))?;
        let mut state = self.state();
        let slot = match staged {
            Some(s) => {
                state.staged.push(Some(s));
                Slot::Staged(state.staged.len() - 1)
            }
            None => Slot::Unchanged,
        };
        // A path put again (a site's static file over the theme's) keeps the later bytes.
        if let Some(Slot::Staged(earlier)) = state.keys.insert(key.to_string(), slot) {
            state.staged[earlier] = None;
        }
        Ok(())
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts this write as under way (from its first file), so that Ctrl-C waits for it.
    fn begin(&self) -> Result<()> {
        let mut state = self.state();
        if state.writing.is_none() {
            state.writing = Some(Writing::begin()?);
        }
        Ok(())
    }

    /// Makes `folder` and the folders above it that are missing, each once. A file in the way
    /// is left for phase two to replace (the file is staged in the nearest folder above).
    fn ensure_folder(&self, folder: &Path) -> Result<()> {
        let folders = || self.folders.lock().unwrap_or_else(PoisonError::into_inner);
        if folders().known.contains(folder) {
            return Ok(());
        }
        let made = match std::fs::create_dir(folder) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                match folder.parent().filter(|p| !p.as_os_str().is_empty()) {
                    Some(parent) => self.ensure_folder(parent)?,
                    None => return Err(e).with_context(|| format!("cannot create {}", folder.display())),
                }
                std::fs::create_dir(folder)
            }
            other => other,
        };
        match made {
            Ok(()) => folders().made.push(folder.to_path_buf()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            // A file is in the way above: phase two makes the folders.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound || e.raw_os_error() == Some(20) => {}
            Err(e) => return Err(e).with_context(|| format!("cannot create {}", folder.display())),
        }
        folders().known.insert(folder.to_path_buf());
        Ok(())
    }

    /// How many of the files put are pages.
    pub fn pages(&self) -> usize {
        self.state().keys.keys().filter(|k| k.ends_with(".html")).count()
    }

    /// Phase two of a full write: the new manifest, every staged file renamed into place, and
    /// the files of the previous build whose page is gone removed.
    pub fn finish(mut self) -> Result<WriteStats, WriteError> {
        let mut keys: Vec<String> = self.state().keys.keys().cloned().collect();
        keys.sort_unstable();
        let put: FxHashSet<&str> = keys.iter().map(String::as_str).collect();
        let old = self.old.take().unwrap_or_default();
        let stale: Vec<&str> = old.iter().map(String::as_str).filter(|k| !put.contains(*k) && is_safe_key(k)).collect();
        let manifest = manifest_text(keys.iter().map(String::as_str));
        self.complete(&stale, Some(manifest))
    }

    /// Phase two: stages the manifest, renames every staged file into place and removes
    /// `stale` (unless one is a file just written under another letter case).
    fn complete(mut self, stale: &[&str], manifest: Option<String>) -> Result<WriteStats, WriteError> {
        if let Some(e) = self.state().error.take() {
            return Err(e.into());
        }
        self.begin()?;
        if let Some(text) = &manifest {
            self.try_add(MANIFEST, text.as_bytes())?;
        }
        let mut state = std::mem::take(&mut *self.state());
        let mut staged: Vec<Staged> = state.staged.drain(..).flatten().collect();
        staged.sort_unstable_by(|a, b| a.target.cmp(&b.target));
        let unchanged = state.keys.values().filter(|s| matches!(s, Slot::Unchanged)).count();
        // The manifest is not a page: it counts in neither figure.
        let manifest_written = manifest.is_some() && matches!(state.keys.get(MANIFEST), Some(Slot::Staged(_)));
        let manifest_unchanged = manifest.is_some() && !manifest_written;
        let mut stats = WriteStats {
            written: staged.len() - usize::from(manifest_written),
            unchanged: unchanged - usize::from(manifest_unchanged),
            removed: 0,
        };
        // Most files only need renaming, side by side; those with a folder or file in their
        // way (a page that became a folder, or the reverse) are then put in place one by one.
        let in_the_way: Vec<Staged> = staged.into_par_iter().filter_map(|file| file.rename().err()).collect();
        for file in in_the_way {
            file.commit()?;
        }
        self.done = true;
        let written: Vec<&str> = state.keys.keys().map(String::as_str).collect();
        stats.removed = remove_files(&self.dir, &not_written_over(&self.dir, stale, &written))?;
        drop(state.writing.take());
        Ok(stats)
    }
}

impl Drop for Staging {
    /// A write that did not complete takes away its temporaries and the folders it made,
    /// deepest first, where they are empty again.
    fn drop(&mut self) {
        if self.done {
            return;
        }
        self.state().staged.clear();
        let mut folders = self.folders.lock().unwrap_or_else(PoisonError::into_inner);
        folders.made.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
        for folder in &folders.made {
            let _ = std::fs::remove_dir(folder);
        }
    }
}

/// A file written beside its target, waiting to be renamed over it; removed if dropped.
struct Staged {
    target: PathBuf,
    temp: tempfile::TempPath,
}

/// Writes `bytes` beside `target` unless it already holds them (then `None`). `folders`
/// makes the target's folder when the target is not there yet (a file that exists has one).
fn stage(target: &Path, bytes: &[u8], folders: &dyn Fn(&Path) -> Result<()>) -> Result<Option<Staged>> {
    let existing = std::fs::metadata(target);
    if let Ok(meta) = &existing
        && meta.is_file()
        && meta.len() == bytes.len() as u64
        && std::fs::read(target).is_ok_and(|old| old == bytes)
    {
        return Ok(None);
    }
    refuse_if_held(target)?;
    let parent = target.parent().unwrap_or(Path::new("."));
    if existing.is_err() {
        folders(parent)?;
    }
    let temp_in = |folder: &Path| {
        tempfile::Builder::new()
            .prefix(".clockwork-")
            .suffix(".tmp")
            .tempfile_in(folder)
            .with_context(|| format!("cannot write in {}", folder.display()))
    };
    // Beside the target when its folder exists; else (a file is in the way of a folder the
    // new output needs) in the nearest folder above, from which phase two moves it.
    let mut tmp = match temp_in(parent) {
        Ok(tmp) => tmp,
        Err(_) if !parent.is_dir() => {
            let mut folder = parent;
            while !folder.is_dir() {
                folder = folder.parent().unwrap_or(Path::new("."));
            }
            temp_in(folder)?
        }
        Err(e) => return Err(e),
    };
    tmp.write_all(bytes).with_context(|| format!("cannot write {}", target.display()))?;
    readable_by_all(tmp.as_file())?;
    Ok(Some(Staged { target: target.to_path_buf(), temp: tmp.into_temp_path() }))
}

/// Replaces the output in two phases. First every new or changed file (and the manifest) is
/// written beside its target, in the folders it needs; only when all are written are they
/// renamed into place, and the files of pages that are gone removed. A failure in the first
/// phase (a full disk, a folder that may not be written) removes the temporaries and the
/// folders made for them: the previous output stays byte for byte as it was.
fn apply(
    dir: &Path,
    files: &[(&str, &[u8])],
    stale: &[&str],
    manifest: Option<String>,
) -> Result<WriteStats, WriteError> {
    let mut made = MadeFolders::default();
    let staged = stage_all(dir, files, manifest.as_deref(), &mut made);
    let (staged, unchanged) = match staged {
        Ok(s) => s,
        Err(e) => {
            made.undo();
            return Err(e.into());
        }
    };
    let mut stats = WriteStats { written: staged.len(), unchanged, removed: 0 };
    for file in staged {
        file.commit()?;
    }
    stats.removed =
        remove_files(dir, &not_written_over(dir, stale, &files.iter().map(|(k, _)| *k).collect::<Vec<_>>()))?;
    if manifest.is_some() {
        // The manifest is not a page: it counts in neither figure.
        stats.written = stats.written.saturating_sub(1);
    }
    Ok(stats)
}

/// Phase one: the folders, then every file that changed as a temporary beside its target.
/// Returns the staged files and how many were already as they should be.
fn stage_all(
    dir: &Path,
    files: &[(&str, &[u8])],
    manifest: Option<&str>,
    made: &mut MadeFolders,
) -> Result<(Vec<Staged>, usize)> {
    made.make_all(dir, files.iter().map(|(k, _)| *k))?;
    let results: Vec<Result<Option<Staged>>> =
        files.par_iter().map(|(key, bytes)| stage(&dir.join(key), bytes, &|_| Ok(()))).collect();
    let mut staged = Vec::with_capacity(results.len());
    let mut unchanged = 0;
    for r in results {
        match r? {
            Some(s) => staged.push(s),
            None => unchanged += 1,
        }
    }
    if let Some(text) = manifest
        && let Some(s) = stage(&dir.join(MANIFEST), text.as_bytes(), &|_| Ok(()))?
    {
        staged.push(s);
    }
    Ok((staged, unchanged))
}

/// The folders phase one made, so that a failure can take them away again.
#[derive(Default)]
struct MadeFolders(Vec<PathBuf>);

/// What making one folder found.
enum Made {
    Created(PathBuf),
    Existed,
    /// A file of that name is in the way: phase two replaces it.
    Blocked,
}

impl MadeFolders {
    /// Makes `dir` and every folder the output paths need: each once, a level of depth at a
    /// time (parents first), each level in parallel (a 10k-page site has 10k folders).
    fn make_all<'a>(&mut self, dir: &Path, keys: impl Iterator<Item = &'a str>) -> Result<()> {
        let mut missing = Vec::new();
        let mut at = dir.to_path_buf();
        while !at.exists() {
            missing.push(at.clone());
            match at.parent() {
                Some(p) if !p.as_os_str().is_empty() => at = p.to_path_buf(),
                _ => break,
            }
        }
        for folder in missing.into_iter().rev() {
            std::fs::create_dir(&folder)
                .with_context(|| format!("cannot create the output folder {}", folder.display()))?;
            self.0.push(folder);
        }
        // Every folder the keys are in, and the folders above those (a key may be the only
        // file of its folder's parent, `resources/r1/page-2/index.html`).
        let mut folders: BTreeSet<&Path> = BTreeSet::new();
        for key in keys {
            let mut folder = Path::new(key).parent();
            while let Some(f) = folder.filter(|f| !f.as_os_str().is_empty()) {
                if !folders.insert(f) {
                    break;
                }
                folder = f.parent();
            }
        }
        let mut by_depth: Vec<Vec<&Path>> = Vec::new();
        for folder in folders.into_iter().filter(|f| !f.as_os_str().is_empty()) {
            let depth = folder.components().count();
            if by_depth.len() < depth {
                by_depth.resize_with(depth, Vec::new);
            }
            by_depth[depth - 1].push(folder);
        }
        for level in by_depth {
            let results: Vec<Result<Made>> = level.par_iter().map(|f| make_new_folder(&dir.join(f))).collect();
            for r in results {
                if let Made::Created(path) = r? {
                    self.0.push(path);
                }
            }
        }
        Ok(())
    }

    /// Removes the folders made, deepest first, where they are empty again.
    fn undo(&self) {
        for folder in self.0.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
}

/// Makes one folder if it is missing (its parent exists, or is itself in the way).
fn make_new_folder(path: &Path) -> Result<Made> {
    match std::fs::create_dir(path) {
        Ok(()) => Ok(Made::Created(path.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_dir() => Ok(Made::Existed),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(Made::Blocked),
        // The parent is blocked by a file: phase two makes both.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound || e.raw_os_error() == Some(20) => Ok(Made::Blocked),
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}

/// Windows will not replace a file another program holds open (Excel keeps a workbook it
/// shows locked, so does a sync client for a moment): asking for the right to delete it
/// finds that out in phase one, before anything is replaced.
#[cfg(windows)]
fn refuse_if_held(target: &Path) -> Result<()> {
    use std::os::windows::fs::OpenOptionsExt;
    const DELETE: u32 = 0x0001_0000;
    const SHARE_READ_WRITE_DELETE: u32 = 0x7;
    const SHARING_VIOLATION: i32 = 32;
    const LOCK_VIOLATION: i32 = 33;
    match std::fs::OpenOptions::new().access_mode(DELETE).share_mode(SHARE_READ_WRITE_DELETE).open(target) {
        Err(e) if matches!(e.raw_os_error(), Some(SHARING_VIOLATION | LOCK_VIOLATION)) => bail!(
            "cannot replace {}: another program has it open (Excel, perhaps, or a sync client); close it, then build again",
            target.display()
        ),
        _ => Ok(()),
    }
}

#[cfg(not(windows))]
fn refuse_if_held(_: &Path) -> Result<()> {
    Ok(())
}

impl Staged {
    /// Phase two for a file whose place is free: renamed over its target. Handed back when
    /// the rename failed (a folder in its way, or no folder for it), for `commit`.
    fn rename(self) -> Result<(), Staged> {
        let Staged { target, temp } = self;
        temp.persist(&target).map(|_| ()).map_err(|e| Staged { target, temp: e.path })
    }

    /// Phase two: puts the file in place (replacing a folder or file in its way).
    fn commit(self) -> Result<()> {
        let target = &self.target;
        if std::fs::symlink_metadata(target).is_ok_and(|m| m.is_dir()) {
            std::fs::remove_dir_all(target)
                .with_context(|| format!("cannot replace the folder {}", target.display()))?;
        }
        if let Some(parent) = target.parent()
            && !parent.is_dir()
        {
            make_folder(parent)?;
        }
        self.temp.persist(target).map_err(|e| e.error).with_context(|| format!("cannot write {}", target.display()))
    }
}

/// Makes `path` a folder (phase two), replacing a file of that name or above it.
fn make_folder(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent()
        && !parent.is_dir()
    {
        make_folder(parent)?;
    }
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_dir()) {
        std::fs::remove_file(path).with_context(|| format!("cannot replace {}", path.display()))?;
    }
    match std::fs::create_dir(path) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            Err(e).with_context(|| format!("cannot create {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// The stale files that are not one of `files` under another letter case. On a disk that
/// ignores case (Windows, macOS), a page renamed from `Team` to `team` was just written over
/// `Team/index.html`, the same file: removing the stale name would remove the new page.
fn not_written_over<'a>(dir: &Path, stale: &[&'a str], written: &[&str]) -> Vec<&'a str> {
    if stale.is_empty() {
        return Vec::new();
    }
    let folded: FxHashMap<String, &str> = written.iter().map(|k| (k.to_lowercase(), *k)).collect();
    let same = |old: &str| {
        folded
            .get(&old.to_lowercase())
            .is_some_and(|new| *new != old && same_file::is_same_file(dir.join(old), dir.join(new)).unwrap_or(false))
    };
    stale.iter().copied().filter(|old| !same(old)).collect()
}

/// Removes files this tool wrote (and folders left empty); returns how many were there.
fn remove_files(dir: &Path, keys: &[&str]) -> Result<usize> {
    let mut removed = 0;
    for key in keys {
        let path = dir.join(key);
        if path.is_file() {
            std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
            removed += 1;
            remove_empty_parents(dir, &path);
        }
    }
    Ok(removed)
}

/// Replaces `path` with `bytes` atomically unless it already holds them. True when written.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        make_folder(parent)?;
    }
    match stage(path, bytes, &|_| Ok(()))? {
        Some(staged) => staged.commit().map(|()| true),
        None => Ok(false),
    }
}

/// Temporary files are private (0600); a published site must be readable by the web server.
#[cfg(unix)]
fn readable_by_all(file: &std::fs::File) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644)).context("cannot set file permissions")
}

#[cfg(not(unix))]
fn readable_by_all(_: &std::fs::File) -> Result<()> {
    Ok(())
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Files {
        list.iter().map(|(k, v)| (k.to_string(), v.as_bytes().to_vec())).collect()
    }

    /// A disk that ignores letter case, played by a link: `teams/team` is `teams/Team`.
    #[cfg(unix)]
    #[test]
    fn a_page_renamed_only_in_case_is_not_removed_with_its_old_name() {
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().join("public");
        write(&dir, &files(&[("index.html", "home"), ("teams/Team/index.html", "old")])).unwrap();
        std::os::unix::fs::symlink("Team", dir.join("teams/team")).unwrap();
        let stats = write(&dir, &files(&[("index.html", "home"), ("teams/team/index.html", "new")])).unwrap();
        assert_eq!(stats.removed, 0, "the old name is the new file");
        assert_eq!(std::fs::read_to_string(dir.join("teams/team/index.html")).unwrap(), "new");
    }

    #[test]
    fn refuses_dangerous_output_folders() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content/teams")).unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, root.parent().unwrap()).is_err());
        assert!(check_output_dir(root, &root.join("content/out")).is_err());
        assert!(check_output_dir(root, &root.join("static")).is_err());
        assert!(check_output_dir(root, &root.join("public")).is_ok());
        assert!(check_output_dir(root, &root.join("public/../content")).is_err());
    }

    #[test]
    fn writes_only_changes_and_removes_what_it_wrote() {
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().join("public");
        let stats = write(&dir, &files(&[("index.html", "a"), ("teams/x/index.html", "b")])).unwrap();
        assert_eq!(stats, WriteStats { written: 2, unchanged: 0, removed: 0 });
        std::fs::write(dir.join("mine.txt"), "keep").unwrap();
        let stats = write(&dir, &files(&[("index.html", "a2")])).unwrap();
        assert_eq!(stats, WriteStats { written: 1, unchanged: 0, removed: 1 });
        assert!(!dir.join("teams").exists(), "empty folders are removed");
        assert_eq!(std::fs::read_to_string(dir.join("mine.txt")).unwrap(), "keep");
        let stats = write(&dir, &files(&[("index.html", "a2")])).unwrap();
        assert_eq!(stats.unchanged, 1);
    }

    #[test]
    fn phase_one_makes_every_folder_so_each_file_is_staged_beside_its_target() {
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().join("public");
        let staging = Staging::open(&dir).unwrap();
        staging.add("resources/r1/page-2/index.html", b"page");
        staging.add("index.html", b"home");
        assert!(dir.join("resources/r1/page-2").is_dir(), "a folder whose parent holds no file is made too");
        let temps = std::fs::read_dir(dir.join("resources/r1/page-2")).unwrap().count();
        assert_eq!(temps, 1, "the page is staged beside its target");
        assert!(!dir.join("index.html").exists(), "nothing is in place before the write finishes");
        drop(staging);
        assert!(!dir.exists(), "an unfinished write takes its temporaries and folders away again");
    }

    #[test]
    fn a_file_takes_the_place_of_a_folder_and_a_folder_of_a_file() {
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().join("public");
        write(&dir, &files(&[("notes/index.html", "folder"), ("report", "file"), ("index.html", "home")])).unwrap();
        let next = files(&[("notes", "now a file"), ("report/index.html", "now a folder"), ("index.html", "home")]);
        write(&dir, &next).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("notes")).unwrap(), "now a file");
        assert_eq!(std::fs::read_to_string(dir.join("report/index.html")).unwrap(), "now a folder");
        let mut left: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&dir).unwrap().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [MANIFEST, "index.html", "notes", "report/index.html"]);
    }

    #[test]
    fn a_path_put_twice_keeps_the_later_bytes() {
        let out = tempfile::tempdir().unwrap();
        let staging = Staging::open(out.path()).unwrap();
        staging.add("style.css", b"theme");
        staging.add("style.css", b"site");
        let stats = staging.finish().unwrap();
        assert_eq!(stats, WriteStats { written: 1, unchanged: 0, removed: 0 });
        assert_eq!(std::fs::read_to_string(out.path().join("style.css")).unwrap(), "site");
        let left: Vec<_> = std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 2, "the page and the manifest, no temporary: {left:?}");
    }

    #[test]
    fn a_failure_while_staging_leaves_the_previous_output_as_it_was() {
        let out = tempfile::tempdir().unwrap();
        write(out.path(), &files(&[("index.html", "old")])).unwrap();
        let staging = Staging::open(out.path()).unwrap();
        staging.add("index.html", b"new");
        staging.add("../escape", b"x");
        staging.add("teams/index.html", b"after the failure");
        assert!(staging.finish().is_err());
        assert_eq!(std::fs::read_to_string(out.path().join("index.html")).unwrap(), "old");
        let left: Vec<_> = std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 2, "the old page and manifest only: {left:?}");
    }

    #[cfg(unix)]
    #[test]
    fn written_files_are_readable_by_a_web_server() {
        use std::os::unix::fs::PermissionsExt;
        let out = tempfile::tempdir().unwrap();
        write(out.path(), &files(&[("index.html", "a")])).unwrap();
        let mode = std::fs::metadata(out.path().join("index.html")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }

    #[test]
    fn a_delta_leaves_the_folder_as_a_full_write_would() {
        let out = tempfile::tempdir().unwrap();
        let (full, delta) = (out.path().join("full"), out.path().join("delta"));
        write(&full, &files(&[("index.html", "a"), ("teams/x/index.html", "b")])).unwrap();
        write(&delta, &files(&[("index.html", "a"), ("teams/x/index.html", "b")])).unwrap();
        let next = files(&[("index.html", "a2"), ("people/y/index.html", "c")]);
        write(&full, &next).unwrap();
        let changed = [("index.html", &b"a2"[..]), ("people/y/index.html", &b"c"[..])];
        let mut keys = next.keys().map(String::as_str);
        let stats = write_delta(&delta, &changed, &["teams/x/index.html"], Some(&mut keys)).unwrap();
        assert_eq!(stats, WriteStats { written: 2, unchanged: 0, removed: 1 });
        for dir in [&full, &delta] {
            assert!(!dir.join("teams").exists());
        }
        for key in ["index.html", "people/y/index.html", MANIFEST] {
            assert_eq!(std::fs::read(full.join(key)).unwrap(), std::fs::read(delta.join(key)).unwrap(), "{key}");
        }
    }

    #[test]
    fn refuses_a_folder_it_did_not_write() {
        let out = tempfile::tempdir().unwrap();
        std::fs::write(out.path().join("thesis.docx"), "precious").unwrap();
        assert!(write(out.path(), &files(&[("index.html", "a")])).is_err());
        assert_eq!(std::fs::read_to_string(out.path().join("thesis.docx")).unwrap(), "precious");
    }

    #[test]
    fn refuses_keys_that_escape() {
        let out = tempfile::tempdir().unwrap();
        assert!(write(&out.path().join("p"), &files(&[("../x", "a")])).is_err());
        assert!(write(&out.path().join("q"), &files(&[("/etc/x", "a")])).is_err());
    }
}
