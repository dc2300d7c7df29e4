//! The example site builds cleanly, and every internal link and resource of every page
//! resolves to a file (and every `#fragment` to an element with that id).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::common::*;

fn resolve(base: &Path, href: &str) -> PathBuf {
    let mut path = base.to_path_buf();
    for part in Path::new(href).components() {
        match part {
            Component::ParentDir => {
                path.pop();
            }
            Component::Normal(p) => path.push(p),
            _ => {}
        }
    }
    path
}

fn ids(file: &Path, cache: &mut HashMap<PathBuf, Vec<String>>) -> Vec<String> {
    cache
        .entry(file.to_path_buf())
        .or_insert_with(|| {
            let doc = scraper::Html::parse_document(&std::fs::read_to_string(file).unwrap_or_default());
            attrs(&doc, "[id]", "id")
        })
        .clone()
}

/// Every broken internal reference in the site at `out`, as "page: href".
fn broken_links(out: &Path) -> Vec<String> {
    let mut broken = Vec::new();
    let mut cache = HashMap::new();
    for page in files(out).into_iter().filter(|f| f.ends_with(".html")) {
        let doc = html(out, &page);
        let dir = out.join(&page).parent().unwrap().to_path_buf();
        let mut refs = attrs(&doc, "a[href]", "href");
        refs.extend(attrs(&doc, "link[href]", "href"));
        refs.extend(attrs(&doc, "img[src], script[src]", "src"));
        for href in refs {
            if href.contains("://")
                || href.starts_with("mailto:")
                || href.starts_with("tel:")
                || href.starts_with("data:")
            {
                continue;
            }
            let (path, fragment) = match href.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (href.as_str(), None),
            };
            let mut target = if path.is_empty() { out.join(&page) } else { resolve(&dir, path) };
            if path.ends_with('/') || target.is_dir() {
                target.push("index.html");
            }
            if !target.is_file() {
                broken.push(format!("{page}: {href}"));
            } else if let Some(f) = fragment.filter(|f| !f.is_empty())
                && target.extension().is_some_and(|e| e == "html")
                && !ids(&target, &mut cache).iter().any(|id| id == f)
            {
                broken.push(format!("{page}: {href} (no element with id `{f}`)"));
            }
        }
    }
    broken
}

#[test]
fn every_link_of_the_example_site_resolves() {
    let out = tempfile::tempdir().unwrap();
    let run = clockwork(&repo(), &["build", "--format", "json", "--output", out.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let errors: Vec<_> = run.diagnostics().into_iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:?}");
    let pages = files(out.path()).into_iter().filter(|f| f.ends_with(".html")).count();
    assert!(pages > 40, "the example site has every kind of page ({pages})");
    assert_eq!(broken_links(out.path()), Vec::<String>::new());
}

#[test]
fn the_link_walker_finds_a_broken_link() {
    let site = fixture("basic");
    let root = site.path();
    assert_eq!(clockwork(root, &["build"]).code, 0);
    let out = root.join("public");
    assert_eq!(broken_links(&out), Vec::<String>::new());
    std::fs::remove_file(out.join("people/bo-chen/index.html")).unwrap();
    let broken = broken_links(&out);
    assert!(broken.iter().any(|b| b.contains("people/bo-chen/index.html")), "{broken:?}");
}
