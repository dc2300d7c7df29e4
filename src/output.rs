//! The write stage: the output folder is only touched after a build succeeded in memory.
//! Files whose bytes did not change are left alone (same modification time), changed ones
//! are replaced atomically, and files of pages that are gone are removed — only files this
//! tool wrote, as listed in the folder's manifest.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

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

/// Writes `files` into `dir`. Refuses a non-empty folder that clockwork did not write.
pub fn write(dir: &Path, files: &Files) -> Result<WriteStats, WriteError> {
    let _writing = writing();
    let old = read_manifest(dir);
    if old.is_none()
        && dir.is_dir()
        && std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?.next().is_some()
    {
        return Err(WriteError::Foreign(dir.to_path_buf()));
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create the output folder {}", dir.display()))?;
    if let Some(bad) = files.keys().find(|k| !is_safe_key(k)) {
        return Err(anyhow::anyhow!("refusing to write `{bad}`: it would leave the output folder").into());
    }
    // Each folder once rather than once per file: a level of depth at a time (parents first),
    // each level in parallel (a 10k-page site has 10k folders).
    let folders: BTreeSet<&Path> = files.keys().filter_map(|k| Path::new(k).parent()).collect();
    let mut by_depth: Vec<Vec<&Path>> = Vec::new();
    for folder in folders.into_iter().filter(|f| !f.as_os_str().is_empty()) {
        let depth = folder.components().count();
        if by_depth.len() < depth {
            by_depth.resize_with(depth, Vec::new);
        }
        by_depth[depth - 1].push(folder);
    }
    for level in by_depth {
        level.par_iter().try_for_each(|folder| make_folder(&dir.join(folder)))?;
    }
    let pairs: Vec<(&str, &[u8])> = files.iter().map(|(k, v)| (k.as_str(), v.as_slice())).collect();
    let mut stats = write_files(dir, &pairs)?;
    let stale: Vec<&str> =
        old.iter().flatten().map(String::as_str).filter(|k| !files.contains_key(*k) && is_safe_key(k)).collect();
    stats.removed = remove_files(dir, &stale)?;
    write_manifest(dir, files.keys().map(String::as_str))?;
    Ok(stats)
}

/// Makes `path` a folder unless it is one (replacing a file of that name).
fn make_folder(path: &Path) -> Result<()> {
    match std::fs::create_dir(path) {
        Ok(()) => Ok(()),
        // A parent that holds only folders, so not made by an earlier level.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(path).with_context(|| format!("cannot create {}", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_dir() => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path).with_context(|| format!("cannot replace {}", path.display()))?;
            std::fs::create_dir(path).with_context(|| format!("cannot create {}", path.display()))
        }
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}

/// Writes each file whose bytes changed, in parallel.
fn write_files(dir: &Path, files: &[(&str, &[u8])]) -> Result<WriteStats> {
    let results: Vec<Result<bool>> =
        files.par_iter().map(|(key, bytes)| write_if_changed(&dir.join(key), bytes)).collect();
    let mut stats = WriteStats::default();
    for r in results {
        if r? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    Ok(stats)
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

fn write_manifest<'a>(dir: &Path, keys: impl Iterator<Item = &'a str>) -> Result<bool> {
    let mut manifest = String::from("# Files written by clockwork; the next build removes those whose page is gone.\n");
    for key in keys {
        manifest.push_str(key);
        manifest.push('\n');
    }
    write_if_changed(&dir.join(MANIFEST), manifest.as_bytes())
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
    if let Some(bad) = changed.iter().map(|(k, _)| *k).chain(removed.iter().copied()).find(|k| !is_safe_key(k)) {
        return Err(anyhow::anyhow!("refusing to write `{bad}`: it would leave the output folder").into());
    }
    let mut stats = write_files(dir, changed)?;
    stats.removed = remove_files(dir, removed)?;
    if let Some(keys) = keys {
        write_manifest(dir, keys)?;
    }
    Ok(stats)
}

/// Replaces `path` with `bytes` atomically unless it already holds them. True when written.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {
            if meta.len() == bytes.len() as u64 && std::fs::read(path).map(|old| old == bytes).unwrap_or(false) {
                return Ok(false);
            }
        }
        Ok(meta) if meta.is_dir() => {
            std::fs::remove_dir_all(path).with_context(|| format!("cannot replace the folder {}", path.display()))?;
        }
        Ok(_) => {}
        // A new file has no earlier version a reader could see half-replaced: write it in place.
        Err(_) => match write_new(path, bytes) {
            Ok(()) => return Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
        },
    }
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".clockwork-")
        .tempfile_in(parent)
        .with_context(|| format!("cannot write in {}", parent.display()))?;
    tmp.write_all(bytes).with_context(|| format!("cannot write {}", path.display()))?;
    readable_by_all(tmp.as_file())?;
    tmp.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(true)
}

/// Creates `path` (and its folder if needed), refusing to open one that exists.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let open = || std::fs::OpenOptions::new().write(true).create_new(true).open(path);
    let mut file = match open() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
            open()?
        }
        other => other?,
    };
    file.write_all(bytes)?;
    readable_by_all(&file).map_err(std::io::Error::other)
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
