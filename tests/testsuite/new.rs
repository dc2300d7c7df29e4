//! `clockwork new`: the files it writes parse back into valid pages (the site builds and
//! shows them), it never overwrites, and its exit codes.

use crate::common::*;
use chrono::{Datelike, Duration, Weekday};

fn new(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", root.to_str().unwrap()]);
    run(&all)
}

#[test]
fn new_agenda_has_the_standing_items_the_next_items_and_the_roles() {
    let site = fixture("agendas");
    let run = new(site.path(), &["agenda", "--team", "ilt", "--date", "2026-09-09"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let file = site.path().join("content/agendas/ilt/2026-09-09.md");
    let text = read_path(&file);
    assert!(!text.contains("Call the substitute office"), "open action items are not copied");

    let out = build_site(site.path());
    let doc = html_at(&out.join("agendas/ilt/2026-09-09/index.html"));
    // The standing items, then the last agenda's (2026-09-08) next items.
    assert_eq!(texts(&doc, "table.items td.topic"), ["Celebrations", "Data: what moved?", "Data dig: first look"]);
    assert_eq!(texts(&doc, "table.items td.clock"), ["3:30–3:35 pm", "3:35–3:55 pm", "3:55 pm"]);
    assert_eq!(texts(&doc, ".roles dt"), ["Facilitator", "Note-taker"]);
    assert_eq!(texts(&doc, ".roles dd"), ["Ana Lopez", "Bo Chen"]);
    // Open items of earlier agendas show, from where they live.
    let open = texts(&doc, ".still-open li");
    assert!(open.iter().any(|t| t.contains("Share the walkthrough summary")), "{open:?}");
    assert!(open.iter().any(|t| t.contains("Call the substitute office")), "{open:?}");
}

#[test]
fn new_agenda_does_not_repeat_a_standing_item() {
    let site = fixture("agendas");
    // 2026-09-01 lists "Celebrations" among its next items: a standing item already.
    assert_eq!(new(site.path(), &["agenda", "--team", "ilt", "--date", "2026-09-02"]).status.code(), Some(0));
    let out = build_site(site.path());
    let doc = html_at(&out.join("agendas/ilt/2026-09-02/index.html"));
    assert_eq!(texts(&doc, "table.items td.topic"), ["Celebrations", "Data: what moved?", "Plan the October data dig"]);
}

#[test]
fn new_agenda_after_a_staff_only_one_is_staff_only() {
    let site = fixture("agendas");
    assert_eq!(new(site.path(), &["agenda", "--team", "ilt", "--date", "2026-09-29"]).status.code(), Some(0));
    assert!(read_path(&site.path().join("content/agendas/ilt/2026-09-29.md")).contains("\nvisibility: staff"));
    let public = build_site(site.path());
    assert!(!public.join("agendas/ilt/2026-09-29/index.html").exists());
    let staff = build_staff(site.path());
    let doc = html_at(&staff.join("agendas/ilt/2026-09-29/index.html"));
    assert!(texts(&doc, "table.items td.topic").contains(&"Secret topic".to_string()));
}

#[test]
fn new_agenda_defaults_to_the_next_meeting_day_after_today() {
    let site = fixture("agendas");
    let run = new(site.path(), &["agenda", "--team", "ilt"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    // The ILT meets every Tuesday: the first Tuesday after today.
    let mut day = chrono::Local::now().date_naive() + Duration::days(1);
    while day.weekday() != Weekday::Tue {
        day += Duration::days(1);
    }
    assert!(site.path().join(format!("content/agendas/ilt/{day}.md")).exists(), "no agenda for {day}");
}

#[test]
fn new_never_overwrites_a_file() {
    let site = fixture("agendas");
    let existing = site.path().join("content/agendas/ilt/2026-09-15.md");
    let before = std::fs::read(&existing).unwrap();
    let run = new(site.path(), &["agenda", "--team", "ilt", "--date", "2026-09-15"]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(std::fs::read(&existing).unwrap(), before);
    for args in [&["team", "ilt"][..], &["person", "ana"], &["strategy", "reading"], &["page", "teams/ilt"]] {
        let kind_file = match args[0] {
            "team" => "content/teams/ilt.md",
            "person" => "content/people/ana.md",
            "strategy" => "content/strategies/reading.md",
            _ => "content/teams/ilt.md",
        };
        let before = std::fs::read(site.path().join(kind_file)).unwrap();
        let run = new(site.path(), args);
        assert_eq!(run.status.code(), Some(1), "{args:?}: {}", String::from_utf8_lossy(&run.stderr));
        assert!(String::from_utf8_lossy(&run.stderr).contains("already"), "{args:?}");
        assert_eq!(std::fs::read(site.path().join(kind_file)).unwrap(), before);
    }
}

#[test]
fn new_pages_of_every_kind_build() {
    let site = fixture("agendas");
    let root = site.path();
    for args in [
        &["team", "grade-4-team"][..],
        &["strategy", "math-facts", "--title", "Every fourth grader is fluent with math facts."],
        &["person", "jordan-lee"],
        &["page", "resources/forms", "--title", "Forms: \"sign-in\" and more"],
        &["page", "teams/charter"],
    ] {
        let run = new(root, args);
        assert_eq!(run.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&run.stderr));
    }
    let out = build_site(root);
    let title = |path: &str| texts(&html_at(&out.join(path)), "h1");
    assert_eq!(title("teams/grade-4-team/index.html"), ["Grade 4 team"]);
    assert_eq!(title("strategies/math-facts/index.html"), ["Every fourth grader is fluent with math facts."]);
    assert_eq!(title("people/jordan-lee/index.html"), ["Jordan Lee"]);
    assert_eq!(title("resources/forms/index.html"), ["Forms: \"sign-in\" and more"]);
    // A page in a kind's folder stays a page.
    assert!(read_path(&root.join("content/teams/charter.md")).contains("kind: page"));
    assert_eq!(title("teams/charter/index.html"), ["Charter"]);
    let check = run(&["check", "--root", root.to_str().unwrap(), "--format", "json"]);
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&check.stdout).unwrap();
    assert!(diags.iter().all(|d| d["severity"] == "warning"), "{diags:?}");
}

#[test]
fn new_refuses_what_it_cannot_write() {
    let site = fixture("agendas");
    let root = site.path();
    let code = |args: &[&str]| new(root, args).status.code();
    let run = new(root, &["agenda", "--team", "itl"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("did you mean `ilt`"));
    // The staff-only team has meets, so an agenda can be written; a team without `meets`
    // needs a date.
    std::fs::write(root.join("content/teams/no-meets.md"), "---\ntitle: No meets\n---\n").unwrap();
    assert_eq!(code(&["agenda", "--team", "no-meets"]), Some(1));
    assert_eq!(code(&["agenda", "--team", "no-meets", "--date", "2026-10-01"]), Some(0));
    // Usage errors.
    assert_eq!(code(&["agenda", "--team", "ilt", "--date", "2026-02-30"]), Some(2));
    assert_eq!(code(&["page", "../outside"]), Some(2));
    assert_eq!(code(&["team", "a/b"]), Some(2));
    assert_eq!(code(&["widget", "x"]), Some(2));
    assert!(!root.parent().unwrap().join("outside.md").exists());
    // A page where clockwork writes its own.
    assert_eq!(code(&["page", "calendar"]), Some(1));
    // Not a site.
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(new(empty.path(), &["team", "x"]).status.code(), Some(1));
    assert!(!empty.path().join("content").exists());
}
