//! Themes: templates and static files from `themes/<name>/` in the site, or the default theme
//! built into the binary (so an installed clockwork needs no files beside it).

use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::content::tree;
use crate::diagnostics::{Diagnostic, Rule};

static DEFAULT: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

#[derive(Debug, Default, Clone)]
pub struct Theme {
    /// Template name (`team.html`, `partials/nav.html`) → text, and the file it came from.
    pub templates: Vec<(String, String, String)>,
    /// Output path → bytes.
    pub statics: Vec<(String, Vec<u8>)>,
    /// Interface catalogues: (language, file, text), from `i18n/<lang>.yaml`.
    pub catalogues: Vec<(String, String, String)>,
}

/// The default theme's catalogues, built in.
pub fn builtin_catalogues() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for file in all_files(&DEFAULT) {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(lang) = catalogue_lang(&path, "i18n/") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            out.push((lang.to_string(), format!("(built-in theme) {path}"), text));
        }
    }
    out
}

/// Theme `name`'s catalogues alone (`themes/<name>/i18n/`, else the built-in ones): a theme
/// without its own English words has the default theme's beneath its own.
pub fn catalogues(root: &Path, name: &str, problems: &mut Vec<Diagnostic>) -> Vec<(String, String, String)> {
    let folder = format!("themes/{name}");
    if !root.join(&folder).is_dir() {
        return builtin_catalogues();
    }
    let mut out = Vec::new();
    problems.extend(read_tree(root, &format!("{folder}/i18n"), &mut |rel, file, bytes| {
        if let Some(lang) = catalogue_lang(&format!("i18n/{rel}"), "i18n/") {
            out.push((lang.to_string(), file, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }));
    if !out.iter().any(|(l, ..)| l == "en") {
        out.splice(0..0, builtin_catalogues().into_iter().filter(|(l, ..)| l == "en"));
    }
    out
}

/// `en` for `i18n/en.yaml` under `prefix`.
pub fn catalogue_lang<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    let lang = path.strip_prefix(prefix)?.strip_suffix(".yaml")?;
    (!lang.contains('/') && !lang.is_empty()).then_some(lang)
}

/// Loads theme `name` for the site at `root`; `None` when no such theme exists. Problems
/// reading its files (a link out of the site, an unreadable file) are in `problems`.
pub fn load(root: &Path, name: &str, problems: &mut Vec<Diagnostic>) -> Option<Theme> {
    let folder = format!("themes/{name}");
    if root.join(&folder).is_dir() {
        let mut theme = Theme::default();
        problems.extend(read_tree(root, &format!("{folder}/templates"), &mut |rel, file, bytes| {
            theme.templates.push((rel, file, String::from_utf8_lossy(&bytes).into_owned()));
        }));
        problems.extend(read_tree(root, &format!("{folder}/static"), &mut |rel, _, bytes| {
            theme.statics.push((rel, bytes))
        }));
        theme.catalogues = catalogues(root, name, problems);
        return Some(theme);
    }
    if name != "default" {
        return None;
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
    theme.catalogues = builtin_catalogues();
    Some(theme)
}

fn all_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut out: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        out.extend(all_files(sub));
    }
    out.sort_by_key(|f| f.path());
    out
}

/// Calls `each(path under the folder, path from the site root, bytes)` for every file under
/// `root/folder`, sorted; returns what could not be read or was skipped (a symlink out of the
/// site is never followed: nothing outside the site's own files is ever published).
pub fn read_tree(root: &Path, folder: &str, each: &mut dyn FnMut(String, String, Vec<u8>)) -> Vec<Diagnostic> {
    let (found, mut problems) = tree::walk(root, folder);
    for f in found {
        match std::fs::read(&f.path) {
            Ok(bytes) => each(f.under, f.rel, bytes),
            Err(e) => problems.push(Diagnostic::new(
                Rule::Unreadable,
                &f.rel,
                (1, 1),
                format!("cannot read `{}`: {}", f.rel, tree::io_words(&e)),
            )),
        }
    }
    problems
}
