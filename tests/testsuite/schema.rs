//! `clockwork schema`: the JSON Schemas accept the front matter of every page the loader
//! accepts (the example site and every fixture) and site.yaml, and reject what it refuses
//! (an unknown field, a number field holding words). Checked with the `jsonschema` crate.

use std::collections::HashMap;

use clockwork::content::parse_page;
use serde_json::Value;

use crate::common::*;

fn validators() -> HashMap<&'static str, jsonschema::Validator> {
    clockwork::schema::all()
        .into_iter()
        .map(|(stem, schema)| (stem, jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{stem}: {e}"))))
        .collect()
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap()
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

#[test]
fn every_page_the_loader_accepts_follows_its_schema() {
    let validators = validators();
    let mut roots: Vec<std::path::PathBuf> =
        std::fs::read_dir(repo().join("tests/fixtures")).unwrap().filter_map(Result::ok).map(|e| e.path()).collect();
    roots.push(repo());
    let mut checked = 0;
    for root in roots {
        let content = root.join("content");
        for rel in files(&content).into_iter().filter(|r| r.ends_with(".md")) {
            let Ok(text) = std::fs::read_to_string(content.join(&rel)) else { continue };
            let file = format!("content/{rel}");
            let (Some(page), diagnostics) = parse_page(&file, text.as_str().into()) else { continue };
            let front = &page.text[page.yaml.clone()];
            if front.trim().is_empty() {
                continue;
            }
            let Ok(instance) = serde_yaml::from_str::<Value>(front) else { continue };
            let v = &validators[clockwork::schema::stem(page.kind)];
            let unknown = diagnostics.iter().any(|d| d.rule == clockwork::diagnostics::Rule::UnknownField);
            if diagnostics.is_empty() {
                assert_eq!(errors(v, &instance), Vec::<String>::new(), "{}: {file}", root.display());
                checked += 1;
            } else if unknown {
                assert!(!v.is_valid(&instance), "{file}: the loader refuses a field the schema allows");
            }
        }
    }
    assert!(checked > 100, "pages checked: {checked}");
}

#[test]
fn what_the_loader_calls_an_unknown_field_the_schema_refuses_too() {
    let validators = validators();
    for (stem, file, text) in [
        ("person", "content/people/typo.md", "---\ntitle: Typo\nrole: Coach\nemial: x@y.z\n---\n"),
        ("team", "content/teams/ilt.md", "---\ntitle: ILT\nmeets: { weekday: tuesday, strat: \"15:30\" }\n---\n"),
        (
            "strategy",
            "content/strategies/r.md",
            "---\ntitle: R\naction_steps: [{ id: a1, action: Do, onwer: ana }]\n---\n",
        ),
        ("agenda", "content/agendas/ilt/2026-09-01.md", "---\naction_items: [{ task: Call, don: true }]\n---\n"),
        ("challenge", "content/challenges/c.md", "---\ntitle: C\nroot_causes: [{ id: r1, statment: x }]\n---\n"),
        ("page", "content/about.md", "---\ntitle: About\nauthor: me\n---\n"),
    ] {
        let (_, diagnostics) = parse_page(file, text.into());
        assert!(diagnostics.iter().any(|d| d.rule == clockwork::diagnostics::Rule::UnknownField), "{file}");
        let instance: Value = serde_yaml::from_str(text.split("---").nth(1).unwrap()).unwrap();
        let v = &validators[stem];
        assert!(!v.is_valid(&instance), "{file}");
        // The same page without the misspelt field is fine.
        let fixed = text.replace("emial", "email").replace("strat", "start").replace("onwer", "owner");
        let fixed = fixed.replace("don:", "done:").replace("statment", "statement").replace("author: me\n", "");
        let instance: Value = serde_yaml::from_str(fixed.split("---").nth(1).unwrap()).unwrap();
        assert_eq!(errors(v, &instance), Vec::<String>::new(), "{file}");
    }
}

#[test]
fn site_yaml_follows_its_schema() {
    let v = &validators()["site"];
    let text = std::fs::read_to_string(repo().join("site.yaml")).unwrap();
    assert_eq!(errors(v, &yaml(&text)), Vec::<String>::new());
    assert!(!v.is_valid(&yaml("title: Plan\nschool_yaer: 2026-27\n")), "a misspelt setting is refused");
    assert!(!v.is_valid(&yaml("title: Plan\nquarters: [{ name: Q1, begins: 2026-08-17 }]\n")));
}

#[test]
fn a_field_the_loader_refuses_is_refused_by_the_schema() {
    let v = validators();
    let strategy = &v["strategy"];
    let ok = yaml("title: Reads\ngoals: [{ id: g1, baseline: 74.2%, target: 80 }]\ntags: reading\n");
    assert_eq!(errors(strategy, &ok), Vec::<String>::new(), "a % number and one tag are fine");
    let bad = yaml("title: Reads\ngoals: [{ id: g1, baseline: lots }]\n");
    assert!(errors(strategy, &bad).iter().any(|e| e.starts_with("/goals/0/baseline")), "{:?}", errors(strategy, &bad));
    let bad = yaml("title: Reads\ngoals: [{ id: g1, targte: 80 }]\n");
    assert!(!strategy.is_valid(&bad));
    // The words a status, a type or a visibility takes: the loader's, no others.
    let step = |status: &str| yaml(&format!("title: R\naction_steps: [{{ id: a1, action: Do, status: {status} }}]\n"));
    assert!(strategy.is_valid(&step("in-progress")) && strategy.is_valid(&step("blocked")));
    assert!(!strategy.is_valid(&step("complete")) && !strategy.is_valid(&step("met")));
    assert!(strategy.is_valid(&yaml("title: R\nbenchmarks: [{ id: b1, status: partially-met, visibility: staff }]\n")));
    assert!(!strategy.is_valid(&yaml("title: R\nvisibility: private\n")));
    assert!(!v["agenda"].is_valid(&yaml("items: [{ topic: Celebrations, type: celebrate }]\n")));
    assert!(!v["team"].is_valid(&yaml("title: ILT\nmembers: [{ person: ana, rol: lead }]\n")));
    assert!(!v["agenda"].is_valid(&yaml("items: [{ topic: Celebrations, minuts: 5 }]\n")));
    assert!(
        v["agenda"]
            .is_valid(&yaml("roles: { facilitator: ana, chair: bo }\nitems: [{ topic: Celebrations, minutes: 5 }]\n"))
    );
}

#[test]
fn the_command_writes_one_file_per_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schemas");
    let run = clockwork(dir.path(), &["schema", "--out", "schemas"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("Wrote 7 schemas to schemas: site.schema.json"), "{}", run.stdout);
    let mut names = files(&out);
    names.sort();
    assert_eq!(
        names,
        ["agenda", "challenge", "page", "person", "site", "strategy", "team"].map(|s| format!("{s}.schema.json"))
    );
    let site: Value = serde_json::from_str(&std::fs::read_to_string(out.join("site.schema.json")).unwrap()).unwrap();
    assert_eq!(site["$schema"], "https://json-schema.org/draft/2020-12/schema");
}
