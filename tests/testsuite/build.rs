//! The foundation: every kind of page builds with its data; bad input fails with a
//! diagnostic at the right file and line and leaves the output alone; nothing unpublished leaks.

use crate::common::*;

fn build(root: &std::path::Path) -> Run {
    clockwork(root, &["build", "--format", "json"])
}

#[test]
fn builds_every_kind_of_page_with_its_data() {
    let site = fixture("basic");
    let root = site.path();
    let run = build(root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = root.join("public");

    let team = html(&out, "teams/ilt/index.html");
    assert_eq!(texts(&team, "h1"), ["Instructional Leadership Team"]);
    assert!(texts(&team, ".lede")[0].contains("Lead the plan."));
    let members = texts(&team, "table tbody tr");
    assert_eq!(members, ["Ana Lopez facilitator", "Bo Chen note-taker"]);
    let flows = texts(&team, ".flows li");
    assert!(
        flows.contains(&"Grade 1 Team : Look-fors".to_string())
            || flows.iter().any(|f| f.starts_with("Grade 1 Team") && f.contains("Look-fors")),
        "{flows:?}"
    );
    assert!(flows.iter().any(|f| f.contains("Reading data")), "links in: {flows:?}");
    assert!(texts(&team, ".standing li")[0].starts_with("Celebrations"));
    assert!(texts(&team, "#norms-h + ul li").contains(&"Start on time".to_string()));
    let agendas = attrs(&team, "#agendas-h + ul a", "href");
    assert_eq!(
        agendas,
        ["../../agendas/ilt/2026-09-15/index.html", "../../agendas/ilt/2026-09-08/index.html"],
        "newest first"
    );
    assert_eq!(attrs(&team, "#strategies-h + ul a", "href"), ["../../strategies/reading/index.html"]);

    let strategy = html(&out, "strategies/reading/index.html");
    assert_eq!(texts(&strategy, "h1"), ["Every student reads on grade level by third grade."]);
    assert_eq!(texts(&strategy, ".goal h3"), ["Goal 1 80% proficient in reading", "Goal 2 Chronic absence under 10%"]);
    let numbers = texts(&strategy, "#b1 .benchmark-numbers");
    assert!(numbers[0].contains("Target 90%") && numbers[0].contains("Actual 84%"), "{numbers:?}");
    let steps = texts(&strategy, "tr.step");
    assert!(
        steps[0].contains("Train teachers") && steps[0].contains("Bo Chen") && steps[0].contains("Cy Diaz"),
        "{steps:?}"
    );
    assert!(steps[1].contains("Instructional Leadership Team"), "a team can own a step: {steps:?}");

    let agenda = html(&out, "agendas/ilt/2026-09-08/index.html");
    assert_eq!(texts(&agenda, "h1"), ["ILT — September 8, 2026"]);
    assert!(texts(&agenda, ".lede")[0].contains("Room 12"));
    let items = texts(&agenda, "table.items tbody tr");
    assert!(items[1].contains("Look-fors") && items[1].contains("30") && items[1].contains("decide"), "{items:?}");
    assert_eq!(texts(&agenda, ".notes strong"), ["four"], "item notes are Markdown");
    assert_eq!(texts(&agenda, ".roles dd"), ["Ana Lopez", "Bo Chen"]);
    assert_eq!(texts(&agenda, "#decisions-h + ul li"), ["Walkthroughs start September 14"]);
    assert!(texts(&agenda, ".actions li")[0].contains("Share the look-fors"));

    let person = html(&out, "people/bo-chen/index.html");
    assert_eq!(texts(&person, ".lede"), ["Coach"]);
    assert!(texts(&person, "#teams-h + ul li")[0].contains("Instructional Leadership Team"));
    let owned = texts(&person, ".work-table tbody tr");
    assert!(owned[0].contains("Train teachers") && owned[0].contains("Action step"), "{owned:?}");
    assert!(owned[1].contains("Share the look-fors") && owned[1].contains("Action item"), "{owned:?}");

    let section = html(&out, "resources/index.html");
    assert_eq!(texts(&section, ".listing-title"), ["Glossary"]);
    let glossary = html(&out, "resources/glossary/index.html");
    assert_eq!(texts(&glossary, "article h1"), ["Glossary"]);
    assert!(!attrs(&glossary, "pre code span", "class").is_empty(), "code is highlighted");
    assert_eq!(read(&out, "resources/form.pdf"), "fake pdf bytes\n");
    let home = html(&out, "index.html");
    assert!(texts(&home, ".prose")[0].contains("The home page's own text."));
    assert!(out.join("404.html").is_file());
    let nav = texts(&home, ".site-nav a");
    assert!(nav.starts_with(&["Home".to_string(), "Teams".to_string(), "Strategies".to_string()]), "{nav:?}");
}

#[test]
fn links_are_relative_and_pretty_links_end_in_a_slash() {
    let site = fixture("basic");
    let root = site.path();
    assert_eq!(build(root).code, 0);
    let strategy = html(&root.join("public"), "strategies/reading/index.html");
    assert!(attrs(&strategy, ".prose a", "href").contains(&"../../teams/ilt/index.html".to_string()));
    assert_eq!(attrs(&strategy, "link[rel=stylesheet]", "href")[0], "../../style.css");

    let config = read(root, "site.yaml") + "pretty_links: true\n";
    write(root, "site.yaml", &config);
    assert_eq!(build(root).code, 0);
    let strategy = html(&root.join("public"), "strategies/reading/index.html");
    assert!(attrs(&strategy, ".prose a", "href").contains(&"../../teams/ilt/".to_string()));
}

/// Each broken input: (file to write, its text, expected rule, expected line).
const BROKEN: &[(&str, &str, &str, u64)] = &[
    ("content/teams/bad.md", "---\ntitle: Bad\nmembers:\n  - { person: ana-lopez, role: lead\n---\n", "yaml-syntax", 5),
    ("content/people/typo.md", "---\ntitle: Typo\nrole: Coach\nemial: x@y.z\n---\n", "unknown-field", 4),
    ("content/people/dup.md", "---\ntitle: Dup\nid: ana-lopez\n---\n", "duplicate-id", 3),
    (
        "content/teams/ghosts.md",
        "---\ntitle: Ghosts\nmembers:\n  - { person: nobody-here, role: lead }\n---\n",
        "unknown-reference",
        4,
    ),
    (
        "content/about.md",
        "---\ntitle: About\n---\nIntro.\n\nSee [the plan](@/strategies/missing.md).\n",
        "broken-link",
        6,
    ),
];

#[test]
fn each_kind_of_error_exits_1_at_its_file_and_line() {
    for (file, text, rule, line) in BROKEN {
        let site = fixture("basic");
        let root = site.path();
        write(root, file, text);
        let run = build(root);
        assert_eq!(run.code, 1, "{rule}: {}", run.stderr);
        let (f, l, _, message) = run.find(rule);
        assert_eq!((f.as_str(), l), (*file, *line), "{rule}: {message}");
        assert!(!root.join("public").exists(), "{rule}: nothing is written");
    }
}

#[test]
fn one_run_reports_every_problem() {
    let site = fixture("basic");
    let root = site.path();
    for (file, text, _, _) in BROKEN {
        write(root, file, text);
    }
    let run = build(root);
    let mut rules: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect();
    rules.sort();
    rules.dedup();
    assert_eq!(rules, ["broken-link", "duplicate-id", "unknown-field", "unknown-reference", "yaml-syntax"]);
}

/// The errors of a run, as (rule, file, line).
fn errors(run: &Run) -> Vec<(String, String, u64)> {
    run.diagnostics()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| (d["rule"].as_str().unwrap().into(), d["file"].as_str().unwrap().into(), d["line"].as_u64().unwrap()))
        .collect()
}

#[test]
fn a_file_that_does_not_load_is_reported_once_not_at_every_reference_to_it() {
    // The team is named by a link, a strategy's team and owner, an `@/` link and its agendas'
    // folder; a typo in its front matter is one error, at the typo.
    let site = fixture("basic");
    let root = site.path();
    let team = read(root, "content/teams/ilt.md").replacen("title:", "titel:", 1);
    write(root, "content/teams/ilt.md", &team);
    let run = build(root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(errors(&run), [("unknown-field".to_string(), "content/teams/ilt.md".to_string(), 2)]);
    // A reference to a team that does not exist at all is still an error.
    let grade = read(root, "content/teams/grade-1.md").replacen("to: ilt", "to: no-such-team", 1);
    write(root, "content/teams/grade-1.md", &grade);
    let rules: Vec<String> = errors(&build(root)).into_iter().map(|e| e.0).collect();
    assert_eq!(rules, ["unknown-reference", "unknown-field"], "sorted by file: grade-1 before ilt");

    // A strategy that does not load is not reported again for each of its tracker rows.
    let site = fixture("progress");
    let root = site.path();
    let strategy = read(root, "content/strategies/district.md").replacen("owner:", "ownr:", 1);
    write(root, "content/strategies/district.md", &strategy);
    write(root, "data/district.csv", "strategy,id,actual\ndistrict,b1,50\n");
    let run = build(root);
    let files: Vec<String> = errors(&run).into_iter().map(|e| e.1).collect();
    assert_eq!(files, ["content/strategies/district.md"], "{}", run.stderr);
}

#[test]
fn human_diagnostics_show_the_line_and_a_hint() {
    let site = fixture("basic");
    let root = site.path();
    write(root, "content/people/typo.md", "---\ntitle: Typo\nrole: Coach\nemial: x@y.z\n---\n");
    let run = clockwork(root, &["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[unknown-field]"), "{}", run.stderr);
    assert!(run.stderr.contains("content/people/typo.md:4:1"), "{}", run.stderr);
    assert!(run.stderr.contains("emial: x@y.z"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `email`"), "{}", run.stderr);
    assert!(run.stderr.contains("1 error, "), "{}", run.stderr);
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = fixture("basic");
    let root = site.path();
    assert_eq!(build(root).code, 0);
    let before = snapshot(&root.join("public"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(root, "content/teams/ilt.md", "---\ntitle: [broken\n---\n");
    write(root, "content/about.md", "---\ntitle: New page\n---\n");
    assert_eq!(build(root).code, 1);
    assert_eq!(snapshot(&root.join("public")), before);
}

#[test]
fn a_rebuild_rewrites_only_what_changed_and_removes_what_is_gone() {
    let site = fixture("basic");
    let root = site.path();
    assert_eq!(build(root).code, 0);
    let out = root.join("public");
    let before = snapshot(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::remove_file(root.join("content/resources/glossary.md")).unwrap();
    assert_eq!(build(root).code, 0);
    let after = snapshot(&out);
    assert!(!out.join("resources/glossary/index.html").exists());
    let unchanged = |p: &str| before.iter().find(|f| f.0 == p) == after.iter().find(|f| f.0 == p);
    assert!(unchanged("people/ana-lopez/index.html"), "same bytes, same modification time");
    assert!(!unchanged("resources/index.html"), "the section no longer lists the glossary");
}

fn grep_output(dir: &std::path::Path, needle: &str) -> Vec<String> {
    files(dir)
        .into_iter()
        .filter(|f| std::fs::read(dir.join(f)).map(|b| String::from_utf8_lossy(&b).contains(needle)).unwrap_or(false))
        .collect()
}

#[test]
fn drafts_and_staff_pages_reach_no_output_file() {
    let site = fixture("basic");
    let root = site.path();
    assert_eq!(build(root).code, 0);
    let out = root.join("public");
    assert_eq!(grep_output(&out, "SENTINEL"), Vec::<String>::new());
    assert!(!files(&out).iter().any(|f| f.starts_with("staff/")), "not even the staff folder's attachments");

    let staff = root.join("staff-out");
    let run = clockwork(root, &["build", "--audience", "staff", "--output", staff.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!grep_output(&staff, "STAFFSENTINEL").is_empty());
    assert!(grep_output(&staff, "DRAFTSENTINEL").is_empty());

    let drafts = root.join("drafts-out");
    let run = clockwork(root, &["build", "--drafts", "--output", drafts.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!grep_output(&drafts, "DRAFTSENTINEL").is_empty());
    assert!(grep_output(&drafts, "STAFFSENTINEL").is_empty());
}

#[test]
fn strange_input_never_panics() {
    let site = fixture("basic");
    let root = site.path();
    write(root, "content/empty.md", "");
    write(root, "content/list.md", "---\n- a\n- b\n---\n");
    std::fs::write(root.join("content/latin1.md"), b"---\ntitle: Caf\xe9\n---\n").unwrap();
    let big = format!("---\ntitle: Big\n---\n{}", "A long paragraph of plain words. ".repeat(160_000));
    write(root, "content/big.md", &big);
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("content"), root.join("content/resources/loop")).unwrap();
    let run = build(root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let found: Vec<(String, String, u64)> = run
        .diagnostics()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(found.contains(&("content/empty.md".into(), "missing-title".into(), 1)), "{found:?}");
    assert!(found.contains(&("content/list.md".into(), "yaml-syntax".into(), 2)), "{found:?}");
    assert!(found.contains(&("content/latin1.md".into(), "bad-encoding".into(), 2)), "{found:?}");
    #[cfg(unix)]
    assert!(found.iter().any(|(f, r, _)| f == "content/resources/loop" && r == "skipped-file"), "{found:?}");
    assert!(!found.iter().any(|(f, _, _)| f == "content/big.md"), "a 5 MB page builds fine");
}

#[test]
fn dangerous_output_folders_are_refused_with_exit_2() {
    let site = fixture("basic");
    let root = site.path();
    for output in [".", "content", "content/out", "static/x", ".."] {
        let run = clockwork(root, &["build", "--output", output]);
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    }
    assert!(!root.join("content/out").exists());
    std::fs::create_dir_all(root.join("mine")).unwrap();
    write(root, "mine/thesis.docx", "precious");
    let run = clockwork(root, &["build", "--output", "mine"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(read(root, "mine/thesis.docx"), "precious");
}

#[test]
fn a_relative_output_is_relative_to_the_working_folder() {
    let site = fixture("basic");
    let cwd = tempfile::tempdir().unwrap();
    let run = clockwork(cwd.path(), &["build", "--root", site.path().to_str().unwrap(), "--output", "site-out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(cwd.path().join("site-out/index.html").is_file());
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["build", "--as-of", "2026-13-45"][..],
        &["build", "--audience", "everyone"],
        &["build", "--frobnicate"],
        &["check", "--format", "xml"],
    ] {
        let run = clockwork(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.trim().lines().count(), 1, "{args:?}: {}", run.stderr);
    }
}

#[test]
fn a_missing_site_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let run = clockwork(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("there is no site.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("clockwork init"), "{}", run.stderr);
}

#[test]
fn init_writes_a_site_that_builds_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let run = clockwork(dir.path(), &["init", "plan"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The next steps are this system's: Linux opens a page with `xdg-open`, not macOS's `open`
    // (the Windows words, `start public\index.html`, are checked by tests/windows/smoke).
    let steps: Vec<&str> = run.stderr.lines().skip(1).map(str::trim).collect();
    assert_eq!(steps.first(), Some(&"cd plan"), "{}", run.stderr);
    assert!(steps.iter().any(|l| l.starts_with("clockwork serve --open")), "{}", run.stderr);
    #[cfg(target_os = "linux")]
    assert!(steps.iter().any(|l| l.starts_with("xdg-open public/index.html")), "{}", run.stderr);
    assert!(!steps.iter().any(|l| l.starts_with("open ")), "{}", run.stderr);
    let run = clockwork(dir.path(), &["build", "--root", "plan"]);
    #[cfg(target_os = "linux")]
    assert!(run.stderr.contains("Open it: xdg-open plan/public/index.html"), "{}", run.stderr);
    let run = clockwork(dir.path(), &["build", "--root", "plan", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let errors: Vec<_> = run.diagnostics().into_iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:?}");
    for kind in ["teams/ilt", "people/jordan-lee", "strategies/early-reading", "agendas/ilt/2026-09-08", "about"] {
        assert!(dir.path().join("plan/public").join(kind).join("index.html").is_file(), "{kind}");
    }
    let again = clockwork(dir.path(), &["init", "plan"]);
    assert_eq!(again.code, 1, "init refuses a folder that is not empty");
    let spaced = clockwork(dir.path(), &["init", "My Plan"]);
    #[cfg(unix)]
    assert!(spaced.stderr.contains("cd 'My Plan'"), "a folder name with a space is quoted: {}", spaced.stderr);
}

#[test]
fn check_writes_nothing() {
    let site = fixture("basic");
    let run = clockwork(site.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.path().join("public").exists());
}

/// `build` stages each file in the output folder as soon as it is rendered; what lands there
/// is exactly what a build in memory makes: every file (the Spanish tree, the assets, the
/// site's own `style.css` over the theme's), byte for byte, and no temporary left behind.
#[test]
fn the_output_folder_holds_exactly_what_the_build_makes_in_memory() {
    let site = example_copy();
    let root = site.path();
    write(root, "static/style.css", "body { color: teal }\n");
    let out = build_site(root);
    let outcome = clockwork::pipeline::run(&clockwork::pipeline::Request::new(root), true);
    let made = outcome.files.expect("the build in memory succeeds");
    let on_disk: Vec<String> = files(&out).into_iter().filter(|f| f != clockwork::output::MANIFEST).collect();
    let in_memory: Vec<String> = made.keys().cloned().collect();
    assert_eq!(on_disk, in_memory);
    assert!(in_memory.iter().any(|k| k.starts_with("es/")), "the example site has a Spanish tree");
    for (key, bytes) in &made {
        assert!(std::fs::read(out.join(key)).unwrap() == *bytes, "{key} differs");
    }
    assert_eq!(read_path(&out.join("style.css")), "body { color: teal }\n");
}
