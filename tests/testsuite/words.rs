//! Planners' words (issue 18): no page shows a bare entry id; statuses tell the truth about
//! time; the home page groups strategies and lists the newest meetings first; empty parts
//! and navigation to absent kinds are left out; people sort by family name.

use std::collections::BTreeSet;
use std::path::Path;

use scraper::{Html, Node};

use crate::common::*;

/// Elements whose text is code or machinery, not words a reader is asked to read.
const NOT_PROSE: [&str; 4] = ["script", "style", "code", "pre"];
/// Attributes a reader sees (as a tooltip) or hears (from a screen reader).
const SPOKEN: [&str; 3] = ["title", "aria-label", "alt"];

/// Every goal, benchmark and action step id of a built site (from its plan.json), plus the
/// shape `g1`/`b4`/`a12` that an id of any plan has.
fn entry_ids(out: &Path) -> BTreeSet<String> {
    let plan: serde_json::Value = serde_json::from_str(&read_path(&out.join("plan.json"))).unwrap();
    let mut ids = BTreeSet::new();
    for s in plan["strategies"].as_array().unwrap() {
        for list in ["goals", "benchmarks", "action_steps"] {
            for e in s[list].as_array().unwrap() {
                ids.insert(e["id"].as_str().unwrap().to_string());
            }
        }
    }
    ids
}

fn looks_like_an_id(token: &str, ids: &BTreeSet<String>) -> bool {
    let mut chars = token.chars();
    let shaped = matches!(chars.next(), Some('g' | 'b' | 'a'))
        && chars.clone().next().is_some()
        && chars.all(|c| c.is_ascii_digit())
        && token.len() <= 4;
    shaped || ids.contains(token)
}

/// The bare ids a page shows: tokens of its visible text and spoken attributes that are an
/// entry id.
fn bare_ids(doc: &Html, ids: &BTreeSet<String>) -> Vec<String> {
    let mut hits = Vec::new();
    let check = |text: &str, hits: &mut Vec<String>| {
        for token in text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_')) {
            if !token.is_empty() && looks_like_an_id(token, ids) {
                hits.push(format!("{token:?} in {:?}", text.trim()));
            }
        }
    };
    for node in doc.tree.nodes() {
        match node.value() {
            Node::Text(t) => {
                let hidden = node.ancestors().any(|a| {
                    a.value().as_element().is_some_and(|e| NOT_PROSE.contains(&e.name()))
                        || a.value().as_element().is_some_and(|e| e.name() == "head")
                });
                if !hidden {
                    check(t, &mut hits);
                }
            }
            Node::Element(e) => {
                for attr in SPOKEN {
                    if let Some(v) = e.attr(attr) {
                        check(v, &mut hits);
                    }
                }
            }
            _ => {}
        }
    }
    hits
}

/// Every HTML page of `out` with the bare ids it shows.
fn pages_with_bare_ids(out: &Path) -> Vec<(String, Vec<String>)> {
    let ids = entry_ids(out);
    assert!(ids.len() > 5, "the site has entries to name");
    files(out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .filter_map(|f| {
            let hits = bare_ids(&html_at(&out.join(&f)), &ids);
            (!hits.is_empty()).then_some((f, hits))
        })
        .collect()
}

fn assert_no_bare_ids(out: &Path) {
    let found = pages_with_bare_ids(out);
    let shown: Vec<String> = found
        .iter()
        .take(8)
        .map(|(f, hits)| format!("{f}: {}", hits.iter().take(4).cloned().collect::<Vec<_>>().join("; ")))
        .collect();
    assert!(found.is_empty(), "{} pages show bare ids:\n{}", found.len(), shown.join("\n"));
}

#[test]
fn the_detector_finds_a_bare_id() {
    let ids: BTreeSet<String> = ["g1".to_string(), "lit-goal".to_string()].into();
    let doc = Html::parse_document(
        "<html><head><title>g1</title></head><body><p>Drives g1, lit-goal</p><code>g1</code><span title=\"b4\">x</span><p>Goal 1 · a1b</p></body></html>",
    );
    let hits = bare_ids(&doc, &ids);
    assert_eq!(hits.len(), 3, "{hits:?}");
}

#[test]
fn the_example_site_names_every_entry_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let root = repo();
    let public = dir.path().join("public");
    let staff = dir.path().join("staff");
    for (out, extra) in [(&public, &[][..]), (&staff, &["--audience", "staff"][..])] {
        let args =
            [&["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap(), "--quiet"][..], extra]
                .concat();
        let done = run(&args);
        assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
        assert_no_bare_ids(out);
    }
}

#[test]
fn a_generated_thousand_page_site_names_every_entry_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_gen-site"))
        .args(["--pages", "1000", "--out", site.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    assert_no_bare_ids(&build_staff(&site));
}
