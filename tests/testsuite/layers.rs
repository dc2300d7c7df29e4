//! The crate's layers stay layered: no top-level module of `src/` reaches itself through the
//! modules it uses (`crate::x` paths outside tests), the model does no file I/O, and the lower
//! layers never reach up into rendering or the command line.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::repo;

/// Top-level module → the top-level modules its code names as `crate::…`.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let src = repo().join("src");
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
        let rel = entry.path().strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".rs") || rel.starts_with("bin/") || rel == "lib.rs" || rel == "main.rs" {
            continue;
        }
        let module = rel.split('/').next().unwrap().trim_end_matches(".rs").to_string();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        let used = out.entry(module.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let after = &code[i + "crate::".len()..];
            let names: Vec<&str> = if let Some(group) = after.strip_prefix('{') {
                group
                    .split('}')
                    .next()
                    .unwrap_or("")
                    .split(',')
                    .map(|n| n.trim().split("::").next().unwrap_or(""))
                    .collect()
            } else {
                vec![after.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("")]
            };
            used.extend(names.into_iter().filter(|n| !n.is_empty() && *n != module).map(str::to_string));
        }
    }
    out
}

fn reaches(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(m) = stack.pop() {
        for next in graph.get(&m).into_iter().flatten() {
            if seen.insert(next.clone()) {
                stack.push(next.clone());
            }
        }
    }
    seen
}

#[test]
fn no_module_reaches_itself() {
    let graph = uses();
    assert!(graph.contains_key("model") && graph.contains_key("render"), "{graph:?}");
    let cyclic: Vec<&String> = graph.keys().filter(|m| reaches(&graph, m).contains(*m)).collect();
    assert!(cyclic.is_empty(), "modules on an import cycle: {cyclic:?}\n{graph:#?}");
}

#[test]
fn lower_layers_never_reach_up() {
    let graph = uses();
    for low in ["model", "content", "check", "views", "present", "markdown", "diagnostics", "format", "util"] {
        let up: Vec<String> = reaches(&graph, low)
            .into_iter()
            .filter(|m| ["render", "cmd", "serve", "pipeline"].contains(&m.as_str()))
            .collect();
        assert!(up.is_empty(), "{low} reaches {up:?}");
    }
}

#[test]
fn the_model_does_no_file_io() {
    for entry in walkdir::WalkDir::new(repo().join("src/model")).into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(!text.contains("std::fs"), "{} uses std::fs", entry.path().display());
        }
    }
}
