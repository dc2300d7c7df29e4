//! Incremental == clean: after every change, the engine's output must equal what a clean
//! build of the same sources gives, byte for byte.

use super::*;
use crate::diagnostics::Rule;
use crate::serve::watch::Changes;

struct Fixture {
    dir: tempfile::TempDir,
    engine: Engine,
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn request(root: &Path) -> Request {
    Request::new(root)
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"), dir.path());
        let mut engine = Engine::new(request(dir.path()), None);
        let report = engine.build().unwrap();
        assert!(report.ok, "{:?}", report.diagnostics);
        let f = Fixture { dir, engine };
        f.assert_clean();
        f
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no `{from}`");
        self.write(rel, &text.replacen(from, to, 1));
    }

    fn delete(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    /// Tells the engine about `paths` (as the watcher would) and returns its report.
    fn apply(&mut self, paths: &[&str]) -> Report {
        let mut changes = Changes::default();
        for p in paths {
            changes.add(p, "default");
        }
        self.engine.apply(&changes).unwrap()
    }

    fn assert_clean(&self) {
        let clean = pipeline::run(&request(self.root()), true);
        let files = clean.files.unwrap_or_else(|| panic!("the clean build failed: {:?}", clean.diagnostics));
        let ours = self.engine.output();
        let keys = |m: Vec<&String>| m.into_iter().cloned().collect::<Vec<_>>();
        assert_eq!(keys(ours.keys().collect()), keys(files.keys().collect()), "the same files");
        for (key, bytes) in files.iter() {
            assert!(
                ours[key][..] == bytes[..],
                "{key} differs from a clean build:\n{}",
                String::from_utf8_lossy(&ours[key])
            );
        }
    }

    fn step(&mut self, paths: &[&str]) -> Report {
        let report = self.apply(paths);
        assert!(report.ok, "{:?}", report.diagnostics);
        self.assert_clean();
        report
    }
}

#[test]
fn a_body_edit_renders_one_page() {
    let mut f = Fixture::new();
    f.replace("content/resources/glossary.md", "owner: ana-lopez", "owner: bo-chen");
    let report = f.step(&["content/resources/glossary.md"]);
    assert_eq!(report.rendered, 1);
    assert_eq!(report.changed, ["resources/glossary/index.html", "search-index.js"], "the page and the search index");
    // Below the front matter the resolved model is reused; the text must still reach the page.
    f.replace("content/strategies/reading.md", "Body of the reading strategy", "Body of the strategy");
    f.step(&["content/strategies/reading.md"]);
    f.replace("content/teams/ilt.md", "The ILT body.", "The ILT body.\n\nA second paragraph.");
    let report = f.step(&["content/teams/ilt.md"]);
    assert_eq!(report.rendered, 1, "{:?}", report.changed);
}

#[test]
fn a_title_reaches_every_page_that_shows_it() {
    let mut f = Fixture::new();
    f.replace("content/people/bo-chen.md", "title: Bo Chen", "title: Bo Chen-Ortiz");
    let report = f.step(&["content/people/bo-chen.md"]);
    assert!(report.changed.contains(&"teams/ilt/index.html".to_string()), "{:?}", report.changed);
    f.replace("content/teams/ilt.md", "short: ILT", "short: Leadership");
    let report = f.step(&["content/teams/ilt.md"]);
    assert!(report.changed.contains(&"agendas/ilt/2026-09-08/index.html".to_string()), "agenda titles follow the team");
    f.replace("content/teams/grade-1.md", "title: Grade 1 Team", "title: First Grade Team");
    f.step(&["content/teams/grade-1.md"]);
}

#[test]
fn pages_come_and_go() {
    let mut f = Fixture::new();
    f.write(
        "content/teams/grade-2.md",
        "---\ntitle: Grade 2 Team\nlevel: grade\nmembers:\n  - { person: cy-diaz, role: lead }\nlinks:\n  - { to: ilt, sends: Data }\n---\nNew.\n",
    );
    f.step(&["content/teams/grade-2.md"]);
    f.write("content/agendas/grade-2/2026-10-06.md", "---\nitems:\n  - { topic: Start, minutes: 5 }\n---\n");
    f.step(&["content/agendas/grade-2/2026-10-06.md"]);
    f.delete("content/agendas/ilt/2026-09-15.md");
    f.step(&["content/agendas/ilt/2026-09-15.md"]);
    f.replace("content/agendas/ilt/2026-09-08.md", "location: Room 12", "date: 2026-12-01\nlocation: Room 12");
    f.step(&["content/agendas/ilt/2026-09-08.md"]);
    std::fs::rename(f.root().join("content/resources/glossary.md"), f.root().join("content/resources/terms.md"))
        .unwrap();
    f.step(&["content/resources/glossary.md", "content/resources/terms.md"]);
    f.delete("content/resources/terms.md");
    f.step(&["content/resources/terms.md"]);
    f.write("data/progress.csv", "strategy,id,actual\nreading,b1,88\n");
    f.step(&["data/progress.csv"]);
}

#[test]
fn errors_keep_the_last_good_output_and_recovery_is_complete() {
    let mut f = Fixture::new();
    let before = f.engine.output().clone();
    f.replace("content/teams/ilt.md", "purpose: Lead the plan.", "purpose: [Lead the plan.");
    let report = f.apply(&["content/teams/ilt.md"]);
    assert!(!report.ok && report.errors() > 0);
    assert!(Arc::ptr_eq(f.engine.output(), &before), "nothing changes while there are errors");
    // More edits while broken, then the fix: the output catches up with all of them.
    f.replace("content/people/ana-lopez.md", "title: Ana Lopez", "title: Ana López");
    assert!(!f.apply(&["content/people/ana-lopez.md"]).ok);
    f.replace("content/teams/ilt.md", "purpose: [Lead the plan.", "purpose: Lead the whole plan.");
    f.step(&["content/teams/ilt.md"]);
}

#[test]
fn links_follow_their_targets() {
    let mut f = Fixture::new();
    // The draft survey becomes public: the glossary's link to it must turn into a link.
    f.replace("content/resources/glossary.md", "See [home](@/_index.md).", "See [the survey](@/resources/survey.md).");
    let report = f.apply(&["content/resources/glossary.md"]);
    assert!(report.ok, "a link to a draft is a warning: {:?}", report.diagnostics);
    f.assert_clean();
    f.replace("content/resources/survey.md", "draft: true", "draft: false");
    f.step(&["content/resources/survey.md"]);
    f.replace("content/resources/survey.md", "draft: false", "id: poll");
    f.step(&["content/resources/survey.md"]);
}

#[test]
fn sections_hide_and_show_their_folders() {
    let mut f = Fixture::new();
    f.replace("content/resources/_index.md", "title: Resources", "title: Resources\ndraft: true");
    f.step(&["content/resources/_index.md"]);
    f.replace("content/resources/_index.md", "draft: true", "draft: false");
    f.step(&["content/resources/_index.md"]);
    f.replace("content/resources/_index.md", "title: Resources", "title: Reading room");
    let report = f.step(&["content/resources/_index.md"]);
    assert!(report.changed.contains(&"resources/glossary/index.html".to_string()), "breadcrumbs show the section");
    f.replace("content/_index.md", "title: Fixture home", "title: Home of the fixture");
    f.step(&["content/_index.md"]);
    f.replace("content/_index.md", "The home page's own text.", "Changed home text.");
    f.step(&["content/_index.md"]);
}

#[test]
fn templates_static_files_assets_and_settings() {
    let mut f = Fixture::new();
    f.write(
        "templates/page.html",
        "{% extends \"theme/page.html\" %}{% block title %}P: {{ page.title }}{% endblock title %}",
    );
    let report = f.step(&["templates/page.html"]);
    assert!(report.rendered < 10, "only pages using page.html: {}", report.rendered);
    f.write("templates/base.html", "{% extends \"theme/base.html\" %}");
    f.step(&["templates/base.html"]);
    f.delete("templates/page.html");
    f.step(&["templates/page.html"]);
    f.write("static/robots.txt", "User-agent: *\n");
    f.step(&["static/robots.txt"]);
    f.write("content/resources/map.png", "not really a png");
    f.step(&["content/resources/map.png"]);
    f.delete("content/resources/form.pdf");
    f.step(&["content/resources/form.pdf"]);
    f.replace("site.yaml", "title: Fixture Unified — Plan", "title: Fixture Unified — Plan 2\npretty_links: true");
    f.step(&["site.yaml"]);
}

#[test]
fn a_new_folder_is_read_by_a_rescan() {
    let mut f = Fixture::new();
    f.write("content/guides/_index.md", "---\ntitle: Guides\n---\nHow-tos.\n");
    f.write("content/guides/walkthroughs.md", "---\ntitle: Walkthroughs\n---\nLink to [ILT](@/teams/ilt.md).\n");
    f.step(&["content/guides"]);
    std::fs::remove_dir_all(f.root().join("content/guides")).unwrap();
    f.step(&["content/guides"]);
}

/// A fixed-seed random walk over many kinds of edits, checked after every step.
#[test]
fn random_edits_match_clean_builds() {
    let mut f = Fixture::new();
    let originals: Vec<(String, String)> = [
        "content/teams/ilt.md",
        "content/teams/grade-1.md",
        "content/people/bo-chen.md",
        "content/strategies/reading.md",
        "content/agendas/ilt/2026-09-08.md",
        "content/resources/_index.md",
    ]
    .iter()
    .map(|p| (p.to_string(), f.read(p)))
    .collect();
    type Edit = (&'static str, &'static str, &'static str);
    let edits: [Edit; 12] = [
        ("content/teams/ilt.md", "title: Instructional Leadership Team", "title: ILT Renamed"),
        ("content/teams/ilt.md", "  - { to: grade-1, sends: \"Look-fors\" }", ""),
        ("content/teams/ilt.md", "The ILT body.", "The ILT body, longer now."),
        ("content/teams/grade-1.md", "  - { to: ilt, sends: \"Reading data\" }", "  - { to: ilt, sends: \"Data\" }"),
        ("content/teams/grade-1.md", "level: grade", "level: school"),
        ("content/people/bo-chen.md", "title: Bo Chen", "title: Bo C."),
        ("content/strategies/reading.md", "title: Every student", "title: Each student"),
        ("content/strategies/reading.md", "status: done", "status: blocked"),
        ("content/strategies/reading.md", "owner: ana-lopez", "owner: bo-chen"),
        ("content/agendas/ilt/2026-09-08.md", "location: Room 12", "location: Library"),
        ("content/agendas/ilt/2026-09-08.md", "done: true", "done: false"),
        ("content/resources/_index.md", "title: Resources", "title: Reading room"),
    ];
    let mut seed: u64 = 7;
    for _ in 0..40 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let pick = (seed >> 33) as usize;
        let (file, from, to) = edits[pick % edits.len()];
        let text = f.read(file);
        let next = if text.contains(from) && !(pick / edits.len()).is_multiple_of(3) {
            text.replacen(from, to, 1)
        } else {
            originals.iter().find(|(p, _)| p == file).map(|(_, t)| t.clone()).unwrap_or(text)
        };
        f.write(file, &next);
        let report = f.apply(&[file]);
        if report.ok {
            f.assert_clean();
        } else {
            let clean = pipeline::run(&request(f.root()), true);
            assert!(clean.has_errors(), "the engine failed where a clean build passes: {:?}", report.diagnostics);
        }
    }
}

#[test]
fn broken_templates_and_settings_recover() {
    let mut f = Fixture::new();
    let before = f.engine.output().clone();
    f.write("templates/team.html", "{% extends \"theme/team.html\" %}{% block content %}{{ oops");
    let report = f.apply(&["templates/team.html"]);
    assert!(!report.ok && report.diagnostics.iter().any(|d| d.rule == Rule::TemplateError), "{:?}", report.diagnostics);
    assert!(Arc::ptr_eq(f.engine.output(), &before));
    f.replace("content/teams/ilt.md", "short: ILT", "short: Leaders");
    assert!(!f.apply(&["content/teams/ilt.md"]).ok, "still broken");
    f.write("templates/team.html", "{% extends \"theme/team.html\" %}");
    f.step(&["templates/team.html"]);
    let config = f.read("site.yaml");
    f.write("site.yaml", &config.replace("title: Fixture", "titel: Fixture"));
    assert!(!f.apply(&["site.yaml"]).ok);
    f.write("site.yaml", &config.replace("Fixture Unified", "Fixture United"));
    f.step(&["site.yaml"]);
    f.write("static/style.css", "body { color: red }\n");
    f.step(&["static/style.css"]);
    assert_eq!(&f.engine.output()["style.css"][..], b"body { color: red }\n", "the site's static file wins");
    f.delete("static/style.css");
    f.step(&["static/style.css"]);
}

/// Reusing the model for edits below the front matter is right only while resolve reads no
/// body: a strategy without `description:` (which may one day come from its first paragraph)
/// keeps that honest.
#[test]
fn body_edits_of_every_kind_match_clean_builds() {
    let mut f = Fixture::new();
    f.replace("content/strategies/reading.md", "description: One paragraph of description.\n", "");
    f.step(&["content/strategies/reading.md"]);
    for (file, from, to) in [
        (
            "content/strategies/reading.md",
            "Body of the reading strategy",
            "A new first paragraph.\n\nBody of the reading strategy",
        ),
        ("content/teams/ilt.md", "The ILT body.", "A new first line.\n\nThe ILT body."),
        ("content/_index.md", "The home page's own text.", "New home text."),
        ("content/resources/_index.md", "Things to read.", "Things to read and keep."),
        ("content/people/ana-lopez.md", "---\n", "---\nAna's page now has text.\n"),
    ] {
        let text = f.read(file);
        let at = if from == "---\n" { text.rfind(from).unwrap() } else { text.find(from).unwrap() };
        f.write(file, &format!("{}{to}{}", &text[..at], &text[at + from.len()..]));
        f.step(&[file]);
    }
}

#[test]
fn a_challenge_edit_reaches_the_strategies_that_address_it() {
    let mut f = Fixture::new();
    f.write(
        "content/challenges/reading-gap.md",
        "---\ntitle: Reading lags behind.\nroot_causes:\n  - { id: rc1, statement: Phonics varies }\n---\n",
    );
    f.step(&["content/challenges/reading-gap.md"]);
    f.replace("content/strategies/reading.md", "owner: ana-lopez", "owner: ana-lopez\naddresses: [reading-gap#rc1]");
    f.step(&["content/strategies/reading.md"]);
    f.replace(
        "content/challenges/reading-gap.md",
        "statement: Phonics varies",
        "statement: Phonics varies by classroom",
    );
    let report = f.step(&["content/challenges/reading-gap.md"]);
    assert!(report.changed.contains(&"strategies/reading/index.html".to_string()), "{:?}", report.changed);
    f.delete("content/challenges/reading-gap.md");
    let report = f.apply(&["content/challenges/reading-gap.md"]);
    assert!(!report.ok, "the strategy now names a challenge that is gone");
}

/// The search index keeps its documents between edits below the front matter; an edit above
/// it (a new title) must not leave the old title in the index for the next body edit.
#[test]
fn the_search_index_kept_between_body_edits_follows_a_new_title() {
    let mut f = Fixture::new();
    let edits = [
        ("content/resources/glossary.md", "owner: ana-lopez", "owner: bo-chen"),
        ("content/teams/ilt.md", "The ILT body.", "The ILT body, edited."),
        ("content/teams/ilt.md", "title: Instructional Leadership Team", "title: Leadership Team"),
        ("content/resources/glossary.md", "owner: bo-chen", "owner: ana-lopez"),
        ("content/teams/ilt.md", "The ILT body, edited.", "The ILT body."),
    ];
    for (file, from, to) in edits {
        assert!(f.read(file).contains(from), "{file} has no `{from}`");
        f.replace(file, from, to);
        f.step(&[file]);
    }
    let index = String::from_utf8_lossy(&f.engine.output()["search-index.js"]).into_owned();
    assert!(index.contains(r#"["Leadership Team","team""#), "the new title is searchable");
    assert!(!index.contains(r#"["Instructional Leadership Team","team""#), "the old title is gone");
}
