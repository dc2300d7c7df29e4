//! Real plans fit (issue 16): challenges with root causes addressed by strategies, role groups
//! owning work, timing in words, interim measures and multi-year targets, numbers with `%`,
//! monthly and irregular meeting rhythms, and who attended a meeting — through the pages,
//! plan.json, the CSV export and the calendars; and each bad value reported at its line.

use std::path::Path;

use serde_json::Value;

use crate::common::*;

const FIXTURE: &str = "planning";

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = fixture(FIXTURE);
    let out = build_site(site.path());
    (site, out)
}

fn plan(out: &Path) -> Value {
    serde_json::from_str(&read_path(&out.join("plan.json"))).expect("plan.json")
}

#[test]
fn a_strategy_page_shows_what_it_addresses_and_its_new_fields() {
    let (_site, out) = built();
    let doc = html_at(&out.join("strategies/reading/index.html"));
    let facts = texts(&doc, ".facts");
    assert!(facts[0].contains("Goal area Literacy"), "{facts:?}");
    let addresses = hrefs(&doc, ".addresses a");
    assert_eq!(
        addresses,
        ["../../challenges/reading-gap/index.html", "../../challenges/reading-gap/index.html#rc2"],
        "the challenge once, with the root cause it names"
    );
    let goals = texts(&doc, ".goal h3");
    assert!(goals[0].starts_with("Grade 3 proficiency 75% of third graders"), "the short is the label: {goals:?}");
    assert_eq!(texts(&doc, ".goal .year-targets"), ["Later years: 2027-28 80% · 2028-29 84%"]);
    assert_eq!(texts(&doc, ".goal .milestones"), ["Interim targets: Fall 50% · Winter 62%"]);
    let evidence = hrefs(&doc, ".benchmark .evidence a");
    assert_eq!(evidence, ["../../resources/walkthroughs/index.html"], "evidence links are resolved");
    let steps = texts(&doc, ".steps-table tbody tr");
    assert!(steps[0].contains("Look-for walks: Principals walk"), "the step's short label: {steps:?}");
    assert!(steps[0].contains("Start of school year"), "timing in words: {steps:?}");
    assert!(steps[0].contains("Evidence: Sign-in sheets and the coaching log"), "{steps:?}");
    let owners = hrefs(&doc, ".steps-table tbody tr:first-child td[data-label=Owner] a");
    assert_eq!(owners, ["../../people/index.html#role-principals", "../../people/ana-lopez/index.html"]);
    assert!(texts(&doc, ".benchmark-numbers")[0].contains("Actual 84.5"), "a number written with %");
}

#[test]
fn challenge_pages_list_root_causes_and_the_strategies_that_address_them() {
    let (_site, out) = built();
    let page = html_at(&out.join("challenges/reading-gap/index.html"));
    assert_eq!(texts(&page, ".data-trend"), ["2023: 61%, 2024: 63%, 2025: 62% (state ELA grade 3)"]);
    let causes = texts(&page, ".root-cause");
    assert_eq!(causes.len(), 2);
    assert!(causes[0].contains("No strategy names this root cause yet"), "{causes:?}");
    assert!(causes[1].contains("Addressed by Every student reads"), "{causes:?}");
    assert_eq!(attrs(&page, ".root-cause", "id"), ["rc1", "rc2"]);
    let index = html_at(&out.join("challenges/index.html"));
    let cards = texts(&index, ".challenge-card");
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert!(cards.iter().any(|c| c.contains("No strategy addresses it yet")), "{cards:?}");
    let strategies = html_at(&out.join("strategies/index.html"));
    assert_eq!(hrefs(&strategies, "a[href$='challenges/index.html']"), ["../challenges/index.html"]);
}

#[test]
fn role_groups_are_listed_with_what_they_own_and_are_not_teams() {
    let (_site, out) = built();
    let people = html_at(&out.join("people/index.html"));
    assert_eq!(attrs(&people, ".role-group", "id"), ["role-principals"]);
    let owned = texts(&people, ".role-group li");
    assert!(owned[0].contains("Principals walk every K-3 classroom"), "{owned:?}");
    let chart = read_path(&out.join("teams/flowchart.svg"));
    assert!(!chart.contains("Principals"), "a role group is not drawn in the flowchart");
}

#[test]
fn monthly_and_irregular_meetings_reach_the_team_page_and_the_calendars() {
    let (_site, out) = built();
    let dlt = html_at(&out.join("teams/dlt/index.html"));
    assert!(read_path(&out.join("teams/dlt/index.html")).contains("Monthly on the 2nd Tuesday, 5:30–7:00 pm"));
    drop(dlt);
    let ics = read_path(&out.join("calendar.ics"));
    assert!(ics.contains("RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT="), "{ics}");
    assert!(ics.contains("RDATE;TZID=America/Denver:20261109T180000,20270111T180000"), "{ics}");
    let parsed = ical::IcalParser::new(ics.as_bytes()).next().expect("a calendar").expect("it parses");
    assert!(!parsed.events.is_empty());
    let board = read_path(&out.join("teams/board-work-group/index.html"));
    assert!(board.contains("On Sep 14, Nov 9 and Jan 11"), "the dates in words");
}

#[test]
fn an_agenda_records_who_attended() {
    let (_site, out) = built();
    let doc = html_at(&out.join("agendas/dlt/2026-11-10/index.html"));
    let attendance = texts(&doc, ".attendance");
    assert_eq!(attendance, ["Present Bo Chen Absent Ana Lopez Guests Dana Ruiz, board member"]);
}

#[test]
fn plan_json_and_the_csv_carry_the_new_fields() {
    let (_site, out) = built();
    let plan = plan(&out);
    let s = &plan["strategies"][0];
    assert_eq!(s["area"], "Literacy");
    assert_eq!(s["addresses"][1], serde_json::json!({ "challenge": "reading-gap", "root_cause": "rc2" }));
    assert_eq!(s["goals"][0]["short"], "Grade 3 proficiency");
    assert_eq!(s["goals"][0]["baseline"], 62.0, "62% is the number 62");
    assert_eq!(s["goals"][0]["targets"][1], serde_json::json!({ "year": "2028-29", "value": 84.0 }));
    assert_eq!(s["goals"][1]["milestones"][1], serde_json::json!({ "quarter": "Winter", "target": 62.0 }));
    assert_eq!(s["benchmarks"][0]["evidence"], "[walkthrough tracker](@/resources/walkthroughs.md)");
    let step = &s["action_steps"][0];
    assert_eq!(
        step["owners"],
        serde_json::json!([{ "id": "principals", "name": "Principals" }, { "id": "ana-lopez", "name": "Ana Lopez" }])
    );
    assert_eq!(step["owner"]["id"], "principals", "the first owner, as version 1 readers expect");
    assert_eq!(step["when"], "Start of school year");
    let challenges = plan["challenges"].as_array().unwrap();
    let reading = challenges.iter().find(|c| c["id"] == "reading-gap").unwrap();
    assert_eq!(reading["addressed_by"], serde_json::json!(["reading"]));
    assert_eq!(reading["root_causes"][1]["addressed_by"], serde_json::json!(["reading"]));
    assert_eq!(reading["root_causes"][0]["addressed_by"], serde_json::json!([]));
    let csv = read_path(&out.join("action-steps.csv"));
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let first = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| first[headers.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(cell("owner"), "Principals; Ana Lopez");
    assert_eq!(cell("when"), "Start of school year");
    assert_eq!(cell("evidence"), "Sign-in sheets and the coaching log");
}

#[test]
fn a_goal_with_milestones_is_judged_by_the_milestone_not_the_straight_line() {
    let (_site, out) = built();
    let g2 = &plan(&out)["strategies"][0]["goals"][1];
    // December 1: the line from 40 to 80 expects about 54.6; Winter's interim target is 62.
    assert_eq!((g2["status"].as_str(), g2["expected"].as_f64()), (Some("off-track"), Some(62.0)));
    let site = fixture(FIXTURE);
    let text = read(site.path(), "content/strategies/reading.md");
    let cut = text.find("    milestones:").unwrap();
    let end = text[cut..].find("    measurements:").unwrap() + cut;
    write(site.path(), "content/strategies/reading.md", &format!("{}{}", &text[..cut], &text[end..]));
    let out = build_site(site.path());
    let g2 = &plan(&out)["strategies"][0]["goals"][1];
    assert_eq!(g2["status"], "on-track", "without milestones, the straight line");
}

/// Writes `from` → `to` into `file` of a fresh copy of the fixture and returns the
/// diagnostics of `check` as (rule, file, line, message).
fn broken(file: &str, from: &str, to: &str) -> Vec<(String, String, u64, String)> {
    let site = fixture(FIXTURE);
    let text = read(site.path(), file);
    assert!(text.contains(from), "{file} has no `{from}`");
    write(site.path(), file, &text.replacen(from, to, 1));
    let run = clockwork(site.path(), &["check", "--root", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    run.diagnostics()
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn line_of(file: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(repo().join("tests/fixtures").join(FIXTURE).join(file)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
}

#[test]
fn each_bad_value_is_reported_at_its_line() {
    let team = "content/teams/dlt.md";
    let found = broken(team, "nth: 2", "nth: 7");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].2), ("bad-date", line_of(team, "nth: 2")), "{found:?}");
    assert!(found[0].3.contains("`nth: 7`"), "{found:?}");

    let strategy = "content/strategies/reading.md";
    let at = line_of(strategy, "addresses:");
    let found =
        broken(strategy, "addresses: [reading-gap, reading-gap#rc2]", "addresses: [reading-gaps, reading-gap#rc9]");
    let refs: Vec<_> = found.iter().map(|f| (f.0.as_str(), f.2)).collect();
    assert_eq!(refs, [("unknown-reference", at), ("unknown-reference", at)], "{found:?}");
    assert!(found[0].3.contains("did you mean `reading-gap`"), "{found:?}");
    assert!(found[1].3.contains("no root cause `rc9`") && found[1].3.contains("rc1, rc2"), "{found:?}");

    let found = broken(strategy, "owner: [principals, ana-lopez]", "owner: [principal, ana-lopez]");
    assert_eq!((found[0].0.as_str(), found[0].2), ("unknown-reference", line_of(strategy, "owner: [principals")));
    assert!(found[0].3.contains("did you mean the role group `principals`"), "{found:?}");

    let found = broken(strategy, "    target: 75%", "    target: 80 percent");
    assert_eq!((found[0].0.as_str(), found[0].2), ("yaml-syntax", line_of(strategy, "target: 75%")), "{found:?}");
    assert!(found[0].3.contains("74.2%"), "the message says what a number looks like: {found:?}");

    let found = broken(strategy, "{ quarter: Winter, target: 62 }", "{ quarter: Wintr, target: 62 }");
    assert_eq!((found[0].0.as_str(), found[0].2), ("unknown-reference", line_of(strategy, "quarter: Winter, target")));

    let agenda = "content/agendas/dlt/2026-11-10.md";
    let found = broken(agenda, "absent: [ana-lopez]", "absent: [ana-lopes]");
    assert_eq!((found[0].0.as_str(), found[0].2), ("unknown-reference", line_of(agenda, "absent:")));
}
