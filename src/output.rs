//! The write stage: the output folder is only touched after a build succeeded in memory.
//! Files whose bytes did not change are left alone (same modification time), changed ones
//! are replaced atomically, and files of pages that are gone are removed — only files this
//! tool wrote, as listed in the folder's manifest.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

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

/// Held while files are written into an output folder: Ctrl-C waits for it (see
/// `stop_on_ctrl_c`), so that stopping never leaves a folder half written.
static WRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn writing() -> std::sync::MutexGuard<'static, ()> {
    WRITING.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Makes Ctrl-C (and a service manager's SIGTERM or SIGHUP) end the process once any write
/// in progress is complete, with exit code 130.
pub fn stop_on_ctrl_c() {
    let _ = ctrlc::set_handler(|| {
        let _done = writing();
        eprintln!("\nStopped.");
        std::process::exit(130);
    });
}

/// Writes `files` into `dir` (see `apply`) and removes the files of pages that are gone.
/// Refuses a non-empty folder that clockwork did not write.
pub fn write(dir: &Path, files: &Files) -> Result<WriteStats, WriteError> {
    let _writing = writing();
    let old = read_manifest(dir);
    if old.is_none()
        && dir.is_dir()
        && std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?.next().is_some()
    {
        return Err(WriteError::Foreign(dir.to_path_buf()));
    }
    refuse_unsafe(files.keys().map(String::as_str))?;
    let stale: Vec<&str> =
        old.iter().flatten().map(String::as_str).filter(|k| !files.contains_key(*k) && is_safe_key(k)).collect();
    let pairs: Vec<(&str, &[u8])> = files.iter().map(|(k, v)| (k.as_str(), v.as_slice())).collect();
    apply(dir, &pairs, &stale, Some(manifest_text(files.keys().map(String::as_str))))
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
    let _writing = writing();
    refuse_unsafe(changed.iter().map(|(k, _)| *k).chain(removed.iter().copied()))?;
    apply(dir, changed, removed, keys.map(manifest_text))
}

fn refuse_unsafe<'a>(mut keys: impl Iterator<Item = &'a str>) -> Result<(), WriteError> {
    match keys.find(|k| !is_safe_key(k)) {
        Some(bad) => Err(anyhow::anyhow!("refusing to write `{bad}`: it would leave the output folder").into()),
        None => Ok(()),
    }
}

fn manifest_text<'a>(keys: impl Iterator<Item = &'a str>) -> String {
    let mut manifest = String::from("# Files written by clockwork; the next build removes those whose page is gone.\n");
    for key in keys {
        manifest.push_str(key);
        manifest.push('\n');
    }
    manifest
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
    let mut made = Folders::default();
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
    stats.removed = remove_files(dir, &not_written_over(dir, stale, files))?;
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
    made: &mut Folders,
) -> Result<(Vec<Staged>, usize)> {
    made.make_all(dir, files.iter().map(|(k, _)| *k))?;
    let results: Vec<Result<Option<Staged>>> =
        files.par_iter().map(|(key, bytes)| stage(&dir.join(key), bytes)).collect();
    let mut staged = Vec::with_capacity(results.len());
    let mut unchanged = 0;
    for r in results {
        match r? {
            Some(s) => staged.push(s),
            None => unchanged += 1,
        }
    }
    if let Some(text) = manifest
        && let Some(s) = stage(&dir.join(MANIFEST), text.as_bytes())?
    {
        staged.push(s);
    }
    Ok((staged, unchanged))
}

/// A file written beside its target, waiting to be renamed over it; removed if dropped.
struct Staged {
    target: PathBuf,
    temp: tempfile::TempPath,
}

/// Writes `bytes` beside `target` unless it already holds them (then `None`).
fn stage(target: &Path, bytes: &[u8]) -> Result<Option<Staged>> {
    if let Ok(meta) = std::fs::metadata(target)
        && meta.is_file()
        && meta.len() == bytes.len() as u64
        && std::fs::read(target).is_ok_and(|old| old == bytes)
    {
        return Ok(None);
    }
    refuse_if_held(target)?;
    // Beside the target when its folder exists; else (a file is in the way of a folder the
    // new output needs) in the nearest folder above, from which phase two moves it.
    let mut folder = target.parent().unwrap_or(Path::new("."));
    while !folder.is_dir() {
        folder = folder.parent().unwrap_or(Path::new("."));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".clockwork-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .with_context(|| format!("cannot write in {}", folder.display()))?;
    tmp.write_all(bytes).with_context(|| format!("cannot write {}", target.display()))?;
    readable_by_all(tmp.as_file())?;
    Ok(Some(Staged { target: target.to_path_buf(), temp: tmp.into_temp_path() }))
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

/// The folders phase one made, so that a failure can take them away again.
#[derive(Default)]
struct Folders(Vec<PathBuf>);

/// What making one folder found.
enum Made {
    Created(PathBuf),
    Existed,
    /// A file of that name is in the way: phase two replaces it.
    Blocked,
}

impl Folders {
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
fn not_written_over<'a>(dir: &Path, stale: &[&'a str], files: &[(&str, &[u8])]) -> Vec<&'a str> {
    if stale.is_empty() {
        return Vec::new();
    }
    let folded: FxHashMap<String, &str> = files.iter().map(|(k, _)| (k.to_lowercase(), *k)).collect();
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
    match stage(path, bytes)? {
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
        let mut made = Folders::default();
        made.make_all(&dir, ["resources/r1/page-2/index.html", "index.html"].into_iter()).unwrap();
        assert!(dir.join("resources/r1/page-2").is_dir(), "a folder whose parent holds no file is made too");
        made.undo();
        assert!(!dir.exists(), "and taken away again");
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
