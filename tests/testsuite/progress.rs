//! Progress monitoring end to end: statuses at fixed as-of dates in plan.json, the CSV export
//! and the parsed HTML; CSV trackers overriding front matter; bad tracker rows failing at
//! their line; nothing of a draft or staff-only strategy or entry in a public build.
//!
//! The fixture is `tests/fixtures/progress/`: a school strategy (`reading`) that supports a
//! district one (`district`), a staff-only and a draft strategy that also support it, and
//! `data/progress.csv` as Excel writes it (byte-order mark, CRLF, quoted fields, a notes
//! column).

use std::path::{Path, PathBuf};

use clockwork::config::parse_date;
use clockwork::diagnostics::{Severity, render_human};
use clockwork::model::Audience;
use clockwork::output::Files;
use clockwork::pipeline::{self, Outcome, Request};
use scraper::{Html, Selector};
use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress")
}

fn build_with(root: &Path, as_of: Option<&str>, audience: Audience) -> Outcome {
    let mut req = Request::new(root);
    req.as_of = as_of.map(|d| parse_date(d).expect("a test date"));
    req.audience = audience;
    pipeline::run(&req, true)
}

fn build(as_of: Option<&str>) -> Files {
    files(build_with(&fixture(), as_of, Audience::Public))
}

fn files(outcome: Outcome) -> Files {
    let errors: Vec<_> = outcome.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "the build failed: {errors:#?}");
    outcome.files.expect("a successful build renders files")
}

fn text<'a>(files: &'a Files, path: &str) -> &'a str {
    std::str::from_utf8(files.get(path).unwrap_or_else(|| panic!("no {path} in the output"))).expect("UTF-8")
}

fn plan(files: &Files) -> Value {
    serde_json::from_str(text(files, "plan.json")).expect("plan.json is JSON")
}

fn strategy<'a>(plan: &'a Value, id: &str) -> &'a Value {
    plan["strategies"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap_or_else(|| panic!("no {id}"))
}

/// `[(id, status)]` of one list (`goals`, `benchmarks`, `action_steps`) of a strategy.
fn statuses(plan: &Value, id: &str, list: &str) -> Vec<(String, String)> {
    strategy(plan, id)[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap().to_string(), e["status"].as_str().unwrap().to_string()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).expect("a selector")).collect()
}

fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .map(|e| e.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn statuses_at_the_fixture_date_with_the_tracker_applied() {
    let files = build(None);
    let plan = plan(&files);
    assert_eq!((plan["format"].as_str(), plan["version"].as_u64()), (Some("clockwork-plan"), Some(1)));
    assert_eq!(plan["site"]["as_of"], "2026-11-20");
    assert_eq!(plan["site"]["quarter"], "Q2");
    // g1: the tracker's 64 on Nov 13 is above the line (58.9); without it, 51 on Sep 18 was
    // below (53.2). The 90 of March 2027 is after the as-of date and is ignored.
    // g2: no baseline → in progress. g4: `status: off-track` in the file wins over no-data.
    assert_eq!(
        statuses(&plan, "reading", "goals"),
        pairs(&[("g1", "on-track"), ("g2", "in-progress"), ("g4", "off-track")])
    );
    let g1 = &strategy(&plan, "reading")["goals"][0];
    assert_eq!(g1["latest"], serde_json::json!({ "date": "2026-11-13", "value": 64.0 }));
    assert_eq!(g1["expected"], 58.86);
    assert_eq!(g1["status_explicit"], false);
    assert_eq!(strategy(&plan, "reading")["goals"][2]["status_explicit"], true);
    // b1 exactly on target; b2's actual 30 in the file is overridden by the tracker's "96%";
    // b3 is in Q3; b4 goes down from 9 toward 3 and is at 5.
    assert_eq!(
        statuses(&plan, "reading", "benchmarks"),
        pairs(&[("b1", "met"), ("b2", "met"), ("b3", "upcoming"), ("b4", "partially-met")])
    );
    assert_eq!(strategy(&plan, "reading")["benchmarks"][1]["actual"], 96.0);
    // a2 was due before the as-of date; a3 is due on it; the tracker marks a5 done.
    assert_eq!(
        statuses(&plan, "reading", "action_steps"),
        pairs(&[("a1", "done"), ("a2", "overdue"), ("a3", "in-progress"), ("a5", "done")])
    );
    let a2 = &strategy(&plan, "reading")["action_steps"][1];
    assert_eq!((a2["recorded_status"].as_str(), a2["overdue"].as_bool()), (Some("in-progress"), Some(true)));
    assert_eq!(a2["benchmarks"], serde_json::json!(["b2"]), "the staff-only b5 is left out");
    assert_eq!(strategy(&plan, "reading")["action_steps"][3]["completed"], "2026-10-30");
    // The tracker's `status: met` wins over no-data for a benchmark without an actual.
    assert_eq!(statuses(&plan, "district", "benchmarks"), pairs(&[("b1", "met")]));
    assert_eq!(statuses(&plan, "district", "goals"), pairs(&[("g1", "off-track")]));
}

#[test]
fn statuses_follow_the_as_of_date() {
    let early = plan(&build(Some("2026-09-01")));
    assert_eq!(statuses(&early, "reading", "goals")[0], ("g1".into(), "no-data".into()));
    assert_eq!(statuses(&early, "reading", "benchmarks")[3], ("b4".into(), "upcoming".into()));
    assert_eq!(statuses(&early, "reading", "action_steps")[1], ("a2".into(), "in-progress".into()));

    let february = plan(&build(Some("2027-02-01")));
    assert_eq!(statuses(&february, "reading", "benchmarks")[2], ("b3".into(), "pending".into()), "Q3 has begun");
    assert_eq!(statuses(&february, "reading", "action_steps")[2], ("a3".into(), "overdue".into()));
    assert_eq!(statuses(&february, "district", "action_steps"), pairs(&[("a1", "overdue")]));
    assert_eq!(february["site"]["quarter"], "Q3");

    let march = plan(&build(Some("2027-03-01")));
    assert_eq!(
        statuses(&march, "reading", "goals")[0],
        ("g1".into(), "reached".into()),
        "90 on March 1 counts now, but only as reached so far: Q4 has not begun"
    );
}

#[test]
fn the_strategy_page_shows_the_same_statuses() {
    let files = build(None);
    let page = Html::parse_document(text(&files, "strategies/reading/index.html"));
    assert_eq!(texts(&page, "#g1 .goal-status .status"), ["on track"]);
    assert_eq!(texts(&page, "#g4 .goal-status .status"), ["off track"]);
    assert_eq!(texts(&page, "#b2 .status"), ["met"]);
    assert_eq!(texts(&page, "#b3 .status"), ["upcoming"]);
    assert_eq!(texts(&page, "#b4 .status"), ["partially met"]);
    assert_eq!(texts(&page, "tr.is-overdue"), texts(&page, "tr#a2"), "exactly a2 is flagged overdue");
    assert_eq!(texts(&page, "tr#a2 .status"), ["overdue"]);
    assert_eq!(texts(&page, "tr#a3 .status"), ["in progress"]);
    assert_eq!(texts(&page, "tr#a5 .status"), ["done"]);
    // Every goal with a line or a value has a chart, whose values are written as text.
    assert_eq!(select(&page, ".goal svg.chart").len(), 3);
    let g1_chart = texts(&page, "#g1 svg.chart text").join(" | ");
    assert!(g1_chart.contains("64%") && g1_chart.contains("target 80%"), "{g1_chart}");
    assert!(!g1_chart.contains("90%"), "a measurement after the as-of date is not drawn: {g1_chart}");
    // The benchmark grid has every quarter of the year, the current one marked.
    assert_eq!(texts(&page, ".quarter-grid > .quarter h3").len(), 4);
    assert_eq!(texts(&page, ".quarter.is-current h3"), ["Q2 current Nov 2 – January 22, 2027"]);
    // Alignment: only published strategies are named.
    assert_eq!(texts(&page, ".facts .alignment-list li"), ["The district builds one literacy system."]);
    let district = Html::parse_document(text(&files, "strategies/district/index.html"));
    assert_eq!(texts(&district, ".facts .alignment-list li"), ["Every student reads on grade level by third grade."]);
}

#[test]
fn summaries_count_what_the_model_derived() {
    let files = build(None);
    let index = Html::parse_document(text(&files, "strategies/index.html"));
    assert_eq!(select(&index, ".strategy-card").len(), 2, "one card per published strategy");
    assert!(texts(&index, ".strategy-card").iter().any(|c| c.contains("1 overdue")));

    let home = Html::parse_document(text(&files, "index.html"));
    assert!(texts(&home, ".glance > p.meta")[0].contains("now in Q2"));
    let counts = texts(&home, ".count-group");
    // Only the statuses something has: no "0 met".
    assert_eq!(counts[0], "Goals 1 on track 1 in progress 2 off track");
    assert_eq!(counts[1], "Q2 benchmarks 1 met 1 partially met");
    assert_eq!(counts[2], "Action steps 2 done 1 in progress 1 not started 1 overdue");
    assert_eq!(select(&home, ".glance-table tbody tr:not(.group-head):not(.area-head)").len(), 2);
    // The overdue step comes first among the next due, then the rest by date.
    let next = texts(&home, ".next-steps tbody tr td:nth-child(2) > a");
    assert_eq!(next, ["Publish the data-dig protocol", "Hold the first data dig", "Schedule learning walks"]);

    let ben = Html::parse_document(text(&files, "people/ben/index.html"));
    let groups = texts(&ben, ".work-h");
    assert_eq!(groups, ["Overdue (2)", "Open (2)", "Done (1)"]);
    assert!(texts(&ben, ".is-overdue").iter().any(|r| r.contains("Send the walkthrough summary")));
}

#[test]
fn the_action_steps_csv_is_what_a_spreadsheet_expects() {
    let files = build(None);
    let bytes = files.get("action-steps.csv").expect("action-steps.csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF\"strategy\",\"id\",\"action\""), "BOM, then a quoted header");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header,
        ["strategy", "id", "action", "owner", "support", "due", "quarter", "status", "when", "evidence"]
    );
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    assert_eq!(rows.len(), 5, "four visible steps of reading, one of district: {rows:?}");
    let a5 = rows.iter().find(|r| r[0] == "reading" && r[1] == "a5").unwrap();
    assert_eq!(a5[2], "Order books, readers and bins", "a comma inside a quoted field");
    assert_eq!(a5[3], "Instructional Leadership Team", "an owner may be a team");
    assert_eq!(a5[4], "Ana Lopez; Ben Ortiz");
    assert_eq!(
        (a5[5].as_str(), a5[6].as_str(), a5[7].as_str()),
        ("2026-10-31", "Q1", "done"),
        "due in a break: the quarter just ended"
    );
    let a2 = rows.iter().find(|r| r[0] == "reading" && r[1] == "a2").unwrap();
    assert_eq!((a2[6].as_str(), a2[7].as_str()), ("Q2", "overdue"));
    assert!(text(&files, "action-steps.csv").contains("\r\n"));
}

/// Everything a hidden strategy or entry could leak: its title, text and id.
const HIDDEN: [&str; 9] = [
    "SECRET GOAL",
    "SECRET BENCHMARK",
    "SECRET STEP",
    "SECRET ITEM",
    "STAFF STRATEGY",
    "STAFF STEP",
    "DRAFT STRATEGY",
    "staff-plan",
    "draft-plan",
];

#[test]
fn nothing_hidden_reaches_a_public_build() {
    let files = build(None);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for hidden in HIDDEN {
            assert!(!text.contains(hidden), "`{hidden}` leaks into {path}");
        }
    }
    let plan = plan(&files);
    let ids: Vec<&str> = plan["strategies"].as_array().unwrap().iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(ids, ["district", "reading"]);
    assert_eq!(strategy(&plan, "district")["supported_by"], serde_json::json!(["reading"]));
    assert_eq!(strategy(&plan, "reading")["supports"], serde_json::json!(["district"]));
    assert_eq!(
        strategy(&plan, "reading")["benchmarks"][2]["goals"],
        serde_json::json!(["g1"]),
        "not the staff-only g3"
    );
}

#[test]
fn a_staff_build_shows_staff_entries_and_applies_their_tracker_rows() {
    let files = files(build_with(&fixture(), None, Audience::Staff));
    let plan = plan(&files);
    assert_eq!(plan["site"]["audience"], "staff");
    let ids: Vec<&str> = plan["strategies"].as_array().unwrap().iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(ids, ["district", "reading", "staff-plan"], "drafts stay out without --drafts");
    assert_eq!(statuses(&plan, "reading", "goals")[2], ("g3".into(), "reached".into()), "the tracker's value for g3");
    assert_eq!(statuses(&plan, "reading", "action_steps")[3], ("a4".into(), "overdue".into()));
    assert_eq!(statuses(&plan, "staff-plan", "action_steps"), pairs(&[("a1", "done")]));
    assert!(text(&files, "action-steps.csv").contains("SECRET STEP only staff see"));
}

/// A copy of the fixture with another tracker, in a temporary folder.
fn with_tracker(csv: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_dir(&fixture(), dir.path());
    std::fs::write(dir.path().join("data/progress.csv"), csv).expect("write the tracker");
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_bad_tracker_row_fails_the_build_at_its_line() {
    let dir = with_tracker(
        "strategy,id,actual,date,value\nreading,b1,95,,\nreading,b2,lots,,\nreading,g1,,2026-11-31,60\nreading,b9,3,,\nreadng,b1,3,,\n",
    );
    let outcome = build_with(dir.path(), None, Audience::Public);
    assert!(outcome.files.is_none(), "nothing is rendered when a tracker is wrong");
    let found: Vec<(&str, &str, usize, usize)> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.file == "data/progress.csv")
        .map(|d| (d.rule.id(), d.message.as_str(), d.line, d.column))
        .collect();
    assert_eq!(found.len(), 4, "{found:#?}");
    assert_eq!((found[0].0, found[0].2, found[0].3), ("bad-csv", 3, 12));
    assert!(found[0].1.contains("`lots`"), "{}", found[0].1);
    assert_eq!((found[1].2, found[1].3), (4, 13));
    assert!(found[1].1.contains("not a date"));
    assert_eq!((found[2].2, found[2].3), (5, 9));
    assert!(found[2].1.contains("did you mean `b1`"), "{}", found[2].1);
    assert_eq!((found[3].2, found[3].3), (6, 1));
    assert!(found[3].1.contains("did you mean `reading`"), "{}", found[3].1);
    // The human report shows the offending line of the CSV.
    let report = render_human(&outcome.diagnostics, &outcome.texts, false);
    assert!(report.contains("data/progress.csv:3:12") && report.contains("reading,b2,lots"), "{report}");
}

#[test]
fn check_exits_1_with_the_tracker_error_as_json() {
    let dir = with_tracker("strategy,id,status\nreading,a2,finished\n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clockwork"))
        .args(["check", "--format", "json", "--root"])
        .arg(dir.path())
        .output()
        .expect("run clockwork");
    assert_eq!(out.status.code(), Some(1));
    let diags: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let d = diags.as_array().unwrap().iter().find(|d| d["rule"] == "bad-csv").expect("a bad-csv diagnostic");
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("data/progress.csv"), Some(2), Some(12))
    );
    assert!(d["message"].as_str().unwrap().contains("not a status of an action step"));
}

#[test]
fn exports_are_byte_for_byte_stable() {
    let a = build(None);
    let b = build(None);
    assert_eq!(a.get("plan.json"), b.get("plan.json"));
    assert_eq!(a.get("action-steps.csv"), b.get("action-steps.csv"));
    assert_eq!(a.get("strategies/reading/index.html"), b.get("strategies/reading/index.html"));
}

/// The example site (the repository root) pins as_of 2026-11-20 so that every status shows at
/// least once; these are the statuses its author computed by hand.
#[test]
fn the_example_site_shows_every_status() {
    let files = files(build_with(Path::new(env!("CARGO_MANIFEST_DIR")), None, Audience::Public));
    let plan = plan(&files);
    let goals = |id| statuses(&plan, id, "goals");
    let benchmarks = |id| statuses(&plan, id, "benchmarks");
    assert_eq!(goals("district-literacy"), pairs(&[("g1", "on-track"), ("g2", "off-track")]));
    assert_eq!(goals("early-literacy"), pairs(&[("g1", "on-track"), ("g2", "no-data")]));
    assert_eq!(
        goals("attendance-engagement"),
        pairs(&[("g1", "on-track"), ("g2", "reached"), ("g3", "in-progress")]),
        "95.5% daily attendance in November is a target reached so far, not met"
    );
    assert_eq!(strategy(&plan, "attendance-engagement")["goals"][0]["latest"]["value"], 18.4, "from data/progress.csv");
    assert_eq!(
        benchmarks("district-literacy"),
        pairs(&[
            ("b1", "met"),
            ("b2", "partially-met"),
            ("b3", "met"),
            ("b4", "pending"),
            ("b5", "pending"),
            ("b6", "upcoming")
        ])
    );
    assert_eq!(strategy(&plan, "district-literacy")["benchmarks"][2]["actual"], 99.0);
    assert_eq!(
        benchmarks("early-literacy"),
        pairs(&[
            ("b1", "partially-met"),
            ("b2", "met"),
            ("b3", "not-met"),
            ("b4", "pending"),
            ("b5", "pending"),
            ("b6", "pending")
        ])
    );
    assert_eq!(strategy(&plan, "early-literacy")["benchmarks"][1]["actual"], 96.0);
    assert_eq!(
        benchmarks("attendance-engagement"),
        pairs(&[("b1", "met"), ("b2", "partially-met"), ("b3", "not-met"), ("b4", "pending"), ("b5", "pending")])
    );
    let overdue: Vec<String> = plan["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            let id = s["id"].as_str().unwrap().to_string();
            s["action_steps"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| a["status"] == "overdue")
                .map(move |a| format!("{id}#{}", a["id"].as_str().unwrap()))
        })
        .collect();
    assert_eq!(overdue, ["early-literacy#a5"]);
    assert_eq!(statuses(&plan, "attendance-engagement", "action_steps")[3], ("a4".into(), "in-progress".into()));
    // Every status of every kind appears at least once.
    let all = text(&files, "plan.json");
    for s in [
        "met",
        "on-track",
        "off-track",
        "in-progress",
        "no-data",
        "partially-met",
        "not-met",
        "upcoming",
        "done",
        "not-started",
        "blocked",
        "overdue",
    ] {
        assert!(all.contains(&format!("\"status\": \"{s}\"")), "no {s} in the example");
    }
}
