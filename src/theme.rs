//! Themes: templates and static files from `themes/<name>/` in the site, or the default theme
//! built into the binary (so an installed clockwork needs no files beside it).

use std::path::Path;

use include_dir::{Dir, include_dir};

static DEFAULT: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

#[derive(Debug, Default, Clone)]
pub struct Theme {
    /// Template name (`team.html`, `partials/nav.html`) → text, and the file it came from.
    pub templates: Vec<(String, String, String)>,
    /// Output path → bytes.
    pub statics: Vec<(String, Vec<u8>)>,
}

/// Loads theme `name` for the site at `root`; `None` when no such theme exists.
pub fn load(root: &Path, name: &str) -> std::io::Result<Option<Theme>> {
    let dir = root.join("themes").join(name);
    if dir.is_dir() {
        let mut theme = Theme::default();
        read_tree(&dir.join("templates"), &format!("themes/{name}/templates"), &mut |rel, file, bytes| {
            theme.templates.push((rel, file, String::from_utf8_lossy(&bytes).into_owned()));
        })?;
        read_tree(&dir.join("static"), "", &mut |rel, _, bytes| theme.statics.push((rel, bytes)))?;
        return Ok(Some(theme));
    }
    if name != "default" {
        return Ok(None);
    }
    let mut theme = Theme::default();
    for file in all_files(&DEFAULT) {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(rel) = path.strip_prefix("templates/") {
            theme.templates.push((
                rel.to_string(),
                format!("(built-in theme) {path}"),
                String::from_utf8_lossy(file.contents()).into_owned(),
            ));
        } else if let Some(rel) = path.strip_prefix("static/") {
            theme.statics.push((rel.to_string(), file.contents().to_vec()));
        }
    }
    Ok(Some(theme))
}

fn all_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut out: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        out.extend(all_files(sub));
    }
    out.sort_by_key(|f| f.path());
    out
}

/// Calls `each(relative path, display path, bytes)` for every file under `dir`, sorted;
/// symlinks that lead out of `dir` are skipped.
pub fn read_tree(
    dir: &Path,
    display_prefix: &str,
    each: &mut dyn FnMut(String, String, Vec<u8>),
) -> std::io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let inside = dir.canonicalize()?;
    for entry in walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        if !entry.file_type().is_file() || crate::content::is_noise(&entry.file_name().to_string_lossy()) {
            continue;
        }
        // A symlink may point within the folder, never out of it: nothing outside the site's
        // own files is ever published.
        if entry.path_is_symlink() && !entry.path().canonicalize().is_ok_and(|p| p.starts_with(&inside)) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = std::fs::read(entry.path())?;
        let display = if display_prefix.is_empty() { rel.clone() } else { format!("{display_prefix}/{rel}") };
        each(rel, display, bytes);
    }
    Ok(())
}
