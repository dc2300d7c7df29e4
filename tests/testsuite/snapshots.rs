//! Snapshots (insta) of what a reader sees: the diagnostic of each error rule as `check`
//! prints it in a terminal, and one rendered fragment (the page's `<main>`) per page kind.
//! A change in wording or markup shows as a diff to review (`cargo insta review`).

use std::path::Path;

use crate::common::*;

const SITE: &str = "title: Snapshot plan\nas_of: 2026-11-20\nquarters:\n  - { name: Q1, start: 2026-08-17, end: 2026-10-30 }\n  - { name: Q2, start: 2026-11-02, end: 2027-01-22 }\n";

/// A site of `files` (path, text) in a temp folder, with `SITE` as its site.yaml unless one
/// is given.
fn site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    if !files.iter().any(|(p, _)| *p == "site.yaml") {
        std::fs::write(dir.path().join("site.yaml"), SITE).unwrap();
    }
    for (rel, bytes) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// What `command` prints on stderr for the site, run from inside it (paths are relative).
fn printed(command: &str, dir: &Path) -> String {
    let mut args = vec![command, "--root", ".", "--color", "never"];
    if command == "build" {
        args.extend(["--output", "out"]);
    }
    let run = clockwork(dir, &args);
    assert_eq!(run.code, 1, "{command} should fail:\n{}", run.stderr);
    run.stderr
}

fn check(files: &[(&str, &[u8])]) -> String {
    printed("check", site(files).path())
}

#[test]
fn yaml_syntax() {
    let text = b"---\ntitle: ILT\nmembers:\n  - { person: ana, role: lead\n---\n";
    insta::assert_snapshot!(check(&[("content/teams/ilt.md", text)]));
}

#[test]
fn unknown_field() {
    let text = b"---\ntitle: Ana Lopez\nrole: Coach\nemial: ana@example.org\n---\n";
    insta::assert_snapshot!(check(&[("content/people/ana.md", text)]));
}

#[test]
fn missing_title() {
    let text = b"---\ndescription: Readers read.\n---\n";
    insta::assert_snapshot!(check(&[("content/strategies/reading.md", text)]));
}

#[test]
fn duplicate_id() {
    let a = b"---\ntitle: Data team\nid: data\n---\n";
    let b = b"---\ntitle: Data work group\nid: data\n---\n";
    insta::assert_snapshot!(check(&[("content/teams/a.md", a), ("content/teams/b.md", b)]));
}

#[test]
fn unknown_reference() {
    let text = b"---\ntitle: ILT\nmembers:\n  - { person: ana-lopes, role: facilitator }\n---\n";
    let person = b"---\ntitle: Ana Lopez\n---\n";
    insta::assert_snapshot!(check(&[("content/teams/ilt.md", text), ("content/people/ana-lopez.md", person)]));
}

#[test]
fn bad_date() {
    let text = b"---\ntitle: Readers read.\naction_steps:\n  - { action: Train tutors, due: 2026-13-01 }\n---\n";
    insta::assert_snapshot!(check(&[("content/strategies/reading.md", text)]));
}

#[test]
fn broken_link() {
    let text = b"---\ntitle: About\n---\nSee [the ILT](@/teams/itl.md).\n";
    insta::assert_snapshot!(check(&[("content/about.md", text)]));
}

#[test]
fn bad_csv() {
    let strategy = b"---\ntitle: Readers read.\nbenchmarks:\n  - { id: b1, quarter: Q1, statement: Tutors trained, target: 90 }\n---\n";
    let csv = b"strategy,id,actual\nreading,b1,ninety\n";
    insta::assert_snapshot!(check(&[("content/strategies/reading.md", strategy), ("data/progress.csv", csv)]));
}

#[test]
fn bad_encoding() {
    let text = b"---\ntitle: Caf\xe9 notes\n---\n";
    insta::assert_snapshot!(check(&[("content/notes.md", text)]));
}

#[test]
fn bad_config() {
    let yaml = b"title: Snapshot plan\nquartrs: []\n";
    insta::assert_snapshot!(check(&[("site.yaml", yaml), ("content/_index.md", b"# Home\n")]));
}

#[test]
fn template_error() {
    let page = b"{% extends \"theme/page.html\" %}{% block content %}{{ page.title | nope }}{% endblock %}";
    let dir = site(&[("content/about.md", b"---\ntitle: About\n---\n"), ("templates/page.html", page)]);
    insta::assert_snapshot!(printed("build", dir.path()));
}

/// The `<main>` of an output page of the `basic` fixture, built once per test.
fn main_of(rel: &str) -> String {
    let dir = fixture("basic");
    let out = build_site(dir.path());
    let doc = html_at(&out.join(rel));
    let main = scraper::Selector::parse("main").unwrap();
    doc.select(&main).next().map(|m| m.html()).unwrap_or_else(|| panic!("{rel} has no <main>"))
}

#[test]
fn home_page() {
    insta::assert_snapshot!(main_of("index.html"));
}

#[test]
fn team_page() {
    insta::assert_snapshot!(main_of("teams/ilt/index.html"));
}

#[test]
fn strategy_page() {
    insta::assert_snapshot!(main_of("strategies/reading/index.html"));
}

#[test]
fn agenda_page() {
    insta::assert_snapshot!(main_of("agendas/ilt/2026-09-08/index.html"));
}

#[test]
fn person_page() {
    insta::assert_snapshot!(main_of("people/ana-lopez/index.html"));
}

#[test]
fn section_page() {
    insta::assert_snapshot!(main_of("resources/index.html"));
}

#[test]
fn plain_page() {
    insta::assert_snapshot!(main_of("resources/glossary/index.html"));
}

#[test]
fn calendar_page() {
    insta::assert_snapshot!(main_of("calendar/index.html"));
}

// The diagnostics that misled (issue 17), as they read now: each names the field, what it
// wants and an example, with a help line for its own case.

#[test]
fn misleading_baseline_lots() {
    let text = b"---\ntitle: Readers read.\nowner: ana\ngoals:\n  - { id: g1, statement: G, baseline: lots }\n---\n";
    insta::assert_snapshot!(check(&[("content/strategies/reading.md", text)]));
}

#[test]
fn misleading_minutes_range() {
    let text = b"---\ntitle: ILT\ncadence: Weekly\nstanding_items:\n  - { topic: Celebrations, minutes: 5-10 }\n---\n";
    insta::assert_snapshot!(check(&[("content/teams/ilt.md", text)]));
}

#[test]
fn misleading_challenge_list() {
    let text = b"---\ntitle: Readers read.\nchallenge: [Low proficiency, Chronic absence]\n---\n";
    insta::assert_snapshot!(check(&[("content/strategies/reading.md", text)]));
}

#[test]
fn misleading_meets_in_words() {
    let text = b"---\ntitle: ILT\nmeets: monthly\n---\n";
    insta::assert_snapshot!(check(&[("content/teams/ilt.md", text)]));
}

#[test]
fn misleading_level() {
    let text = b"---\ntitle: ILT\nlevel: building\npurpose: Lead.\ncadence: Weekly\n---\n";
    insta::assert_snapshot!(check(&[("content/teams/ilt.md", text)]));
}

#[test]
fn misleading_unknown_fields_all_at_once() {
    let text = b"---\ntitle: ILT\npurpse: Lead the plan.\nlocation: Room 204\nmembers:\n  - { person: ana, rol: facilitator }\n---\n";
    insta::assert_snapshot!(check(&[("content/teams/ilt.md", text)]));
}
