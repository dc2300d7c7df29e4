//! Agenda pages: clock times, minutes, roles from the team, still-open action items, the
//! team page's next meeting; staff-only agendas and entries; the two agenda checks.

use crate::common::*;

#[test]
fn items_get_clock_times_from_the_start_and_running_minutes() {
    let site = fixture("agendas");
    let out = build_site(site.path());
    let doc = html_at(&out.join("agendas/ilt/2026-09-01/index.html"));
    assert_eq!(texts(&doc, "table.items td.clock"), ["3:30–3:35 pm", "3:35–4:00 pm", "4:00–4:30 pm"]);
    assert_eq!(texts(&doc, ".timing"), ["60 minutes planned of 60: on time."]);
    assert!(texts(&doc, ".lede")[0].contains("3:30–4:30 pm"), "{:?}", texts(&doc, ".lede"));

    // Its own start and length; an item without minutes starts on time and takes none; the
    // staff-only item is not in the public page, nor in its minutes.
    let doc = html_at(&out.join("agendas/ilt/2026-09-08/index.html"));
    assert_eq!(texts(&doc, "table.items td.clock"), ["4:00–4:10 pm", "4:10 pm"]);
    assert_eq!(texts(&doc, "table.items td.topic"), ["Check-in", "Coaching roster"]);
    assert_eq!(texts(&doc, ".timing"), ["10 minutes planned of 45 (35 to spare)."]);

    let staff = build_staff(site.path());
    let doc = html_at(&staff.join("agendas/ilt/2026-09-08/index.html"));
    assert_eq!(texts(&doc, "table.items td.clock"), ["4:00–4:10 pm", "4:10 pm", "4:10–4:40 pm"]);
    assert_eq!(texts(&doc, ".timing"), ["40 minutes planned of 45 (5 to spare)."]);
}

#[test]
fn items_link_the_strategy_and_benchmark_they_serve() {
    let site = fixture("agendas");
    let out = build_site(site.path());
    let doc = html_at(&out.join("agendas/ilt/2026-09-01/index.html"));
    let serves = texts(&doc, ".serves li");
    assert_eq!(serves, ["Every student reads on grade level.", "Benchmark 1 (Q1): Classrooms use the phonics routine"]);
    assert_eq!(
        hrefs(&doc, ".serves a"),
        ["../../../strategies/reading/index.html", "../../../strategies/reading/index.html#b1"]
    );
}

#[test]
fn roles_default_from_the_teams_members() {
    let site = fixture("agendas");
    let out = build_site(site.path());
    // 2026-09-08 names no roles: the team's facilitator and note-taker fill them.
    let doc = html_at(&out.join("agendas/ilt/2026-09-08/index.html"));
    assert_eq!(texts(&doc, ".roles dt"), ["Facilitator", "Note-taker"]);
    assert_eq!(texts(&doc, ".roles dd"), ["Ana Lopez", "Bo Chen"]);
    assert!(texts(&doc, "p.meta").iter().any(|t| t.contains("Roles as the team lists them")));
    // 2026-09-01 names its own.
    let doc = html_at(&out.join("agendas/ilt/2026-09-01/index.html"));
    assert_eq!(texts(&doc, ".roles dd"), ["Ana Lopez", "Bo Chen"]);
    assert!(!texts(&doc, "p.meta").iter().any(|t| t.contains("Roles as the team lists them")));
}

fn still_open(out: &std::path::Path, agenda: &str) -> Vec<String> {
    texts(&html_at(&out.join(format!("agendas/ilt/{agenda}/index.html"))), ".still-open li")
}

#[test]
fn open_action_items_show_on_later_agendas_until_done_at_their_origin() {
    let site = fixture("agendas");
    let out = build_site(site.path());
    assert!(still_open(&out, "2026-09-01").is_empty(), "the first meeting has nothing carried");
    let later = still_open(&out, "2026-09-15");
    assert_eq!(later.len(), 2, "{later:?}");
    assert!(later[0].starts_with("late Share the walkthrough summary · Bo Chen · due September 10, 2026 · from Sep 1"));
    assert!(later[1].contains("Call the substitute office") && later[1].contains("from Sep 8"), "{later:?}");
    assert!(!later.iter().any(|t| t.contains("Book the library")), "done items stay where they are");
    // Each links to the agenda that created it.
    let doc = html_at(&out.join("agendas/ilt/2026-09-15/index.html"));
    assert_eq!(
        hrefs(&doc, ".still-open .from a"),
        ["../../../agendas/ilt/2026-09-01/index.html", "../../../agendas/ilt/2026-09-08/index.html"]
    );
    // Not copied: the later agenda's own action items are empty.
    assert!(texts(&doc, "#actions-h").is_empty());

    // Marked done where it was created, it leaves every later agenda.
    let origin = site.path().join("content/agendas/ilt/2026-09-01.md");
    let text = read_path(&origin).replace("due: 2026-09-10, done: false", "due: 2026-09-10, done: true");
    std::fs::write(&origin, text).unwrap();
    let out = build_site(site.path());
    let later = still_open(&out, "2026-09-15");
    assert_eq!(later.len(), 1, "{later:?}");
    assert!(later[0].contains("Call the substitute office"));
    assert!(still_open(&out, "2026-09-10").iter().all(|t| !t.contains("Share the walkthrough summary")));
}

#[test]
fn staff_only_agendas_and_entries_stay_out_of_a_public_build() {
    let site = fixture("agendas");
    let public = build_site(site.path());
    let staff = build_staff(site.path());
    assert!(!public.join("agendas/ilt/2026-09-22/index.html").exists());
    assert!(staff.join("agendas/ilt/2026-09-22/index.html").exists());
    // A staff-only team's agendas are staff-only with it.
    assert!(!public.join("agendas/secret-team/2026-09-02/index.html").exists());
    assert!(staff.join("agendas/secret-team/2026-09-02/index.html").exists());
    // A staff-only action item is not carried onto later public agendas.
    assert!(!still_open(&public, "2026-09-15").iter().any(|t| t.contains("confidential")));
    assert!(still_open(&staff, "2026-09-15").iter().any(|t| t.contains("confidential")));
    let team = html_at(&public.join("teams/ilt/index.html"));
    assert!(!texts(&team, "#agendas-h ~ ul li").iter().any(|t| t.contains("September 22")));
}

#[test]
fn team_pages_list_agendas_newest_first_and_the_next_meeting() {
    let site = fixture("agendas");
    let public = build_site(site.path());
    let doc = html_at(&public.join("teams/ilt/index.html"));
    let agendas = texts(&doc, "section[aria-labelledby=agendas-h] li");
    assert_eq!(agendas.len(), 4, "{agendas:?}");
    assert!(agendas[0].contains("September 15") && agendas[3].contains("September 1,"), "{agendas:?}");
    // As of Sunday 2026-09-20 the next meeting is Tuesday the 22nd. Its agenda is staff-only,
    // so the public page shows the date without a link.
    assert_eq!(texts(&doc, ".next-meeting"), ["Tuesday, September 22, 2026, 3:30–4:30 pm"]);
    assert!(hrefs(&doc, ".next-meeting a").is_empty());
    let staff = build_staff(site.path());
    let doc = html_at(&staff.join("teams/ilt/index.html"));
    assert_eq!(hrefs(&doc, ".next-meeting a"), ["../../agendas/ilt/2026-09-22/index.html"]);
    // A work group meets every other Monday until its `until` date, then no more.
    let doc = html_at(&public.join("teams/work-group/index.html"));
    assert_eq!(texts(&doc, ".next-meeting"), ["Monday, September 28, 2026, 3:30–4:15 pm"]);
    let later = build_into(site.path(), "later", &["--as-of", "2026-10-05"]);
    let doc = html_at(&later.join("teams/work-group/index.html"));
    assert!(texts(&doc, ".next-meeting").is_empty());
}

fn json_diagnostics(root: &std::path::Path) -> Vec<serde_json::Value> {
    let run = run(&["check", "--root", root.to_str().unwrap(), "--format", "json"]);
    serde_json::from_slice(&run.stdout).expect("check prints a JSON array")
}

#[test]
fn agenda_checks_point_at_the_line() {
    let site = fixture("agenda-checks");
    let found: Vec<(String, String, u64, u64, String)> = json_diagnostics(site.path())
        .iter()
        .filter(|d| d["rule"].as_str().is_some_and(|r| r.starts_with("agenda-")))
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let file = "content/agendas/t/2026-09-01.md".to_string();
    assert_eq!(
        found,
        [
            (
                "agenda-overtime".to_string(),
                file.clone(),
                2,
                1,
                "the items add up to 35 minutes, 5 more than the meeting's 30".to_string()
            ),
            (
                "agenda-unowned".to_string(),
                file.clone(),
                6,
                7,
                "the action item `Copy the unit test` has no owner".to_string()
            ),
            ("agenda-unowned".to_string(), file, 7, 5, "the action item `Email families` has no due date".to_string()),
        ]
    );
    // Warnings: check passes, and fails with --strict.
    let root = site.path().to_str().unwrap();
    assert_eq!(run(&["check", "--root", root]).status.code(), Some(0));
    assert_eq!(run(&["check", "--root", root, "--strict"]).status.code(), Some(1));
    // site.yaml `checks:` turns them off.
    let config = site.path().join("site.yaml");
    std::fs::write(&config, read_path(&config) + "checks:\n  agenda-overtime: allow\n  agenda-unowned: deny\n")
        .unwrap();
    let found: Vec<_> = json_diagnostics(site.path())
        .into_iter()
        .filter(|d| d["rule"].as_str().is_some_and(|r| r.starts_with("agenda-")))
        .collect();
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|d| d["rule"] == "agenda-unowned" && d["severity"] == "error"));
}

#[test]
fn a_clean_site_has_no_agenda_warnings() {
    let site = fixture("agendas");
    let found = json_diagnostics(site.path());
    assert!(found.iter().all(|d| !d["rule"].as_str().unwrap().starts_with("agenda-")), "{found:?}");
    let run = run(&["check", "--root", site.path().to_str().unwrap(), "--audience", "staff", "--drafts"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
}
