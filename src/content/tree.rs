//! Walking one source folder of the site (content/, data/, static/, templates/, a theme's)
//! without ever leaving the site: symlinks are followed while they point inside the site root
//! or inside the folder itself, so a top-level folder may be a link to a synced share; a link
//! anywhere else, a loop, an unreadable folder or file, or a name that is not UTF-8 is
//! reported at its path, never silently dropped.

use std::path::{Path, PathBuf};

use super::is_noise;
use crate::diagnostics::{Diagnostic, Rule};

/// One file found under the folder.
#[derive(Debug, Clone)]
pub struct Found {
    /// Where it is read from.
    pub path: PathBuf,
    /// Relative to the site root, with `/`: `static/css/site.css`.
    pub rel: String,
    /// Relative to the folder walked, with `/`: `css/site.css`.
    pub under: String,
}

/// The places a followed symlink may lead: the site root and the folder's own target.
struct Inside {
    roots: Vec<PathBuf>,
}

impl Inside {
    fn allows(&self, path: &Path) -> bool {
        path.canonicalize().is_ok_and(|p| self.roots.iter().any(|r| p.starts_with(r)))
    }
}

/// Every file under `root/folder` (a path relative to the root, with `/`), sorted by name,
/// and what was found wrong on the way. A folder that does not exist has no files.
pub fn walk(root: &Path, folder: &str) -> (Vec<Found>, Vec<Diagnostic>) {
    let dir = root.join(folder);
    let mut found = Vec::new();
    let mut diags = Vec::new();
    if !dir.is_dir() {
        return (found, diags);
    }
    let mut roots: Vec<PathBuf> = [root, dir.as_path()].iter().filter_map(|p| p.canonicalize().ok()).collect();
    roots.dedup();
    let inside = Inside { roots };
    let mut walker = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_noise(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(walk_error(root, folder, &e));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel = relative(root, entry.path());
        let skip = |walker: &mut walkdir::FilterEntry<_, _>| {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
        };
        if entry.file_name().to_str().is_none() {
            let what = if entry.file_type().is_dir() { "folder" } else { "file" };
            let message = format!("the name of the {what} `{rel}` is not UTF-8 text, so it cannot be published");
            let help = "rename it; file names saved by an old program or copied from another system may need it";
            diags.push(Diagnostic::new(Rule::BadEncoding, &rel, (1, 1), message).with_help(help));
            skip(&mut walker);
            continue;
        }
        if entry.path_is_symlink() && !inside.allows(entry.path()) {
            let message = format!("skipped `{rel}`: it is a symlink to a place outside the site folder");
            diags.push(Diagnostic::new(Rule::SkippedFile, &rel, (1, 1), message));
            skip(&mut walker);
            continue;
        }
        if entry.file_type().is_file() {
            let under = rel.strip_prefix(folder).unwrap_or(&rel).trim_start_matches('/').to_string();
            found.push(Found { path: entry.path().to_path_buf(), rel, under });
        }
    }
    (found, diags)
}

/// A loop is skipped with a warning; anything else (permissions) is an error: the pages in
/// that folder would otherwise vanish from the site without a word.
fn walk_error(root: &Path, folder: &str, e: &walkdir::Error) -> Diagnostic {
    let rel = e.path().map(|p| relative(root, p)).unwrap_or_else(|| folder.to_string());
    if e.loop_ancestor().is_some() {
        let message = format!("skipped `{rel}`: it is a symlink that loops back to a folder above it");
        return Diagnostic::new(Rule::SkippedFile, &rel, (1, 1), message);
    }
    let why = e.io_error().map_or_else(|| e.to_string(), io_words);
    Diagnostic::new(Rule::Unreadable, &rel, (1, 1), format!("cannot read `{rel}`: {why}"))
}

/// An I/O error in a user's words.
pub fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::NotFound => "it does not exist".to_string(),
        _ => e.to_string(),
    }
}

/// `path` relative to `root`, with `/`; a name that is not UTF-8 shows its bad bytes as
/// `\xE9`, so that two such names stay apart in messages.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| shown(c.as_os_str())).collect::<Vec<_>>().join("/")
}

#[cfg(unix)]
fn shown(name: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut bytes = name.as_bytes();
    let mut out = String::new();
    while !bytes.is_empty() {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(text);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(&bytes[..good]).unwrap_or_default());
                let bad = e.error_len().unwrap_or(bytes.len() - good).max(1);
                for b in &bytes[good..good + bad] {
                    out.push_str(&format!("\\x{b:02X}"));
                }
                bytes = &bytes[good + bad..];
            }
        }
    }
    out
}

#[cfg(not(unix))]
fn shown(name: &std::ffi::OsStr) -> String {
    name.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_inside_are_followed_and_links_out_are_reported() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "x").unwrap();
        std::fs::create_dir_all(site.path().join("static/css")).unwrap();
        std::fs::write(site.path().join("static/css/a.css"), "a").unwrap();
        std::fs::write(site.path().join("notes.txt"), "n").unwrap();
        std::os::unix::fs::symlink(site.path().join("notes.txt"), site.path().join("static/notes.txt")).unwrap();
        std::os::unix::fs::symlink(outside.path(), site.path().join("static/out")).unwrap();
        let (found, diags) = walk(site.path(), "static");
        let rels: Vec<&str> = found.iter().map(|f| f.under.as_str()).collect();
        assert_eq!(rels, ["css/a.css", "notes.txt"]);
        assert_eq!(
            diags.iter().map(|d| (d.rule, d.file.as_str())).collect::<Vec<_>>(),
            [(Rule::SkippedFile, "static/out")]
        );
    }

    #[test]
    fn a_top_level_folder_may_be_a_link() {
        let site = tempfile::tempdir().unwrap();
        let share = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(share.path().join("teams")).unwrap();
        std::fs::write(share.path().join("teams/ilt.md"), "# ILT").unwrap();
        std::os::unix::fs::symlink(share.path(), site.path().join("content")).unwrap();
        let (found, diags) = walk(site.path(), "content");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(found.iter().map(|f| f.rel.as_str()).collect::<Vec<_>>(), ["content/teams/ilt.md"]);
    }
}
