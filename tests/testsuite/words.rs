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

/// The example site, built once per test into a temp folder.
fn example() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let done = run(&["build", "--root", repo().to_str().unwrap(), "--output", out.to_str().unwrap(), "--quiet"]);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    (dir, out)
}

#[test]
fn the_glance_says_when_this_quarters_benchmarks_are_due() {
    // On November 20 (Q2 runs to January 22) no Q2 benchmark has an actual yet: they are
    // not due, and the page says so instead of "no data".
    let (_dir, out) = example();
    let home = html_at(&out.join("index.html"));
    let counts = texts(&home, ".count-group");
    assert_eq!(counts[1], "Q2 benchmarks 7 due by January 22", "{counts:?}");
    assert!(!texts(&home, ".glance").concat().contains("no data yet"));
    let chips = texts(&home, ".glance-table .chip");
    assert!(chips.iter().all(|c| c.ends_with("due by January 22")), "{chips:?}");
    assert!(
        chips.contains(&"Family literacy night due by January 22".to_string()),
        "the short names a benchmark: {chips:?}"
    );
}

#[test]
fn a_target_reached_in_november_reads_as_reached_so_far() {
    let (_dir, out) = example();
    let strategy = html_at(&out.join("strategies/attendance-engagement/index.html"));
    let goal = texts(&strategy, "#g2 .goal-status .status");
    assert_eq!(goal, ["target reached so far"]);
    let home = html_at(&out.join("index.html"));
    let goals = texts(&home, ".glance-goals li");
    assert!(goals.contains(&"target reached so far Daily attendance at 95%".to_string()), "{goals:?}");
    assert!(!goals.iter().any(|g| g.starts_with("met ")), "nothing is met in November: {goals:?}");
}

#[test]
fn the_home_page_lists_the_newest_meetings_first() {
    let (_dir, out) = example();
    let home = html_at(&out.join("index.html"));
    let meetings = hrefs(&home, "#agendas-h ~ ul a");
    assert_eq!(
        meetings,
        [
            "agendas/grade-k2-team/2026-11-18/index.html",
            "agendas/maple-ilt/2026-11-17/index.html",
            "agendas/attendance-team/2026-11-13/index.html",
            "agendas/district-leadership/2026-11-09/index.html",
            "agendas/grade-3-team/2026-11-05/index.html",
        ],
        "by the date in each file's name"
    );
}

#[test]
fn strategies_stand_under_their_level_and_school_then_their_area() {
    let (_dir, out) = example();
    let home = html_at(&out.join("index.html"));
    let rows = texts(&home, ".glance-table tbody tr");
    let heads: Vec<&String> = rows.iter().filter(|r| !r.contains(" done")).collect();
    assert_eq!(
        heads,
        [
            "district District Leadership Team",
            "Literacy",
            "school Maple Grove Instructional Leadership Team",
            "Attendance and family engagement",
            "Literacy"
        ],
        "district first; the attendance team's strategy is its school's: {rows:#?}"
    );
    let strategies = html_at(&out.join("strategies/index.html"));
    let groups = texts(&strategies, ".group-title");
    assert_eq!(groups, ["district District Leadership Team", "school Maple Grove Instructional Leadership Team"]);
    let cards = hrefs(&strategies, ".strategy-card-title a");
    assert_eq!(
        cards,
        [
            "../strategies/district-literacy/index.html",
            "../strategies/attendance-engagement/index.html",
            "../strategies/early-literacy/index.html"
        ]
    );
}

#[test]
fn empty_parts_and_tabs_to_absent_kinds_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "site.yaml", "title: A plan with one strategy\n");
    write(dir.path(), "content/strategies/reading.md", "---\ntitle: Students read.\nowner: pat\n---\n");
    write(dir.path(), "content/people/pat.md", "---\ntitle: Pat Lee\n---\n");
    let out = build_site(dir.path());
    let home = html_at(&out.join("index.html"));
    assert_eq!(texts(&home, ".site-nav a"), ["Home", "Strategies", "Calendar", "People"], "no Teams tab without teams");
    assert!(texts(&home, "h2").iter().all(|h| h != "Teams"), "no Teams heading without teams");
    let strategy = html_at(&out.join("strategies/reading/index.html"));
    assert_eq!(texts(&strategy, "main h2"), Vec::<String>::new(), "no goals, benchmarks or steps: no headings");
    assert!(!texts(&strategy, "main").concat().contains("0 of 0"), "no 0 of 0 done");
    let person = html_at(&out.join("people/pat/index.html"));
    assert_eq!(texts(&person, "main h2"), ["Strategies owned"], "no empty Teams or owns sections");
}

#[test]
fn people_sort_by_family_name_and_name_their_teams() {
    let (_dir, out) = example();
    let people = html_at(&out.join("people/index.html"));
    let names = texts(&people, ".people-table tbody td:first-child");
    let at = |n: &str| names.iter().position(|x| x == n).unwrap_or_else(|| panic!("{n} in {names:?}"));
    assert!(at("Marcus Bell") < at("Dr. Angela Brooks") && at("Dr. Angela Brooks") < at("Renée Castillo"), "{names:?}");
    assert!(at("Rosa Delgado Ruiz") < at("Fatima Haddad"), "sort_as files her under D: {names:?}");
    assert_eq!(names.first().map(String::as_str), Some("Ngozi Adeyemi"));
    let teams = texts(&people, ".people-table tbody tr:first-child td[data-label=Teams]");
    assert_eq!(teams, ["Attendance Team"]);
}

/// The documents and postings of a built site's search index: term → [(doc, weight)].
fn search_index(out: &Path) -> (Vec<serde_json::Value>, serde_json::Map<String, serde_json::Value>) {
    let js = read_path(&out.join("search-index.js"));
    let json = js.trim().trim_start_matches("window.clockworkSearch=").trim_end_matches(';');
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    (index["docs"].as_array().unwrap().clone(), index["terms"].as_object().unwrap().clone())
}

fn postings(terms: &serde_json::Map<String, serde_json::Value>, term: &str) -> Vec<(usize, u32)> {
    let mut last = 0;
    terms[term]
        .as_str()
        .unwrap()
        .split(',')
        .map(|g| {
            let v = u32::from_str_radix(g, 36).unwrap();
            last += (v / 4) as usize;
            (last, v % 4)
        })
        .collect()
}

#[test]
fn the_search_index_weighs_where_a_word_stands_and_holds_every_entry() {
    let (_dir, out) = example();
    let (docs, terms) = search_index(&out);
    let doc = |url: &str| docs.iter().position(|d| d[2] == url).unwrap_or_else(|| panic!("{url} is a document"));
    let weight = |term: &str, url: &str| postings(&terms, term).into_iter().find(|p| p.0 == doc(url)).map(|p| p.1);
    assert_eq!(weight("literacy", "strategies/district-literacy/index.html"), Some(3), "in its title");
    assert_eq!(weight("literacy", "strategies/early-literacy/index.html"), Some(2), "its goal area");
    // The overdue step is a document of its own, found by its status and its owner's name.
    let step = "strategies/early-literacy/index.html#a5";
    assert_eq!(docs[doc(step)][1], "step");
    assert_eq!(weight("overdue", step), Some(2));
    assert_eq!(weight("bell", step), Some(2), "Marcus Bell owns it");
    assert_eq!(weight("bell", "strategies/early-literacy/index.html"), Some(2), "and so the strategy");
    let snippet = docs[doc(step)][3].as_str().unwrap();
    assert!(
        snippet.starts_with("Step 5 · ") && snippet.contains("overdue") && snippet.contains("Marcus Bell"),
        "{snippet}"
    );
    // A pending benchmark is found by the word (stemmed as search.js stems a query), and a
    // goal reached so far by its words.
    assert!(weight("pend", "strategies/early-literacy/index.html#b4").is_some());
    assert!(weight("reach", "strategies/attendance-engagement/index.html#g2").is_some());
}

#[test]
fn the_plan_packet_holds_the_whole_plan_in_one_page() {
    let (_dir, out) = example();
    let home = html_at(&out.join("index.html"));
    assert!(hrefs(&home, ".glance a").contains(&"plan/index.html".to_string()), "linked from the home page");
    let packet = html_at(&out.join("plan/index.html"));
    assert_eq!(texts(&packet, ".cover h1"), ["Cedar Valley School District — 2026-27 Improvement Plan"]);
    assert!(texts(&packet, ".cover .as-of")[0].starts_with("Status as of November 20, 2026 (Q2)"));
    let contents = texts(&packet, ".toc > ol > li > a");
    assert_eq!(
        contents,
        [
            "The plan at a glance",
            "Strategies",
            "Priority performance challenges",
            "Team inventory",
            "The year's meetings"
        ]
    );
    // Every strategy in full, district first, each with its goals, benchmarks and steps.
    let titles = hrefs(&packet, ".packet-strategy .strategy-title a");
    assert_eq!(
        titles,
        [
            "../strategies/district-literacy/index.html",
            "../strategies/attendance-engagement/index.html",
            "../strategies/early-literacy/index.html"
        ]
    );
    for anchor in ["s-district-literacy", "s-attendance-engagement", "s-early-literacy"] {
        let part = |sel: &str| texts(&packet, &format!("#{anchor} {sel}")).len();
        assert!(part(".goal") >= 2 && part(".benchmark") >= 5 && part("tr.step") >= 7, "{anchor} in full");
    }
    // Ids stay unique on a page with three strategies' goals.
    let ids = attrs(&packet, "[id]", "id");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids in the packet");
    assert_eq!(texts(&packet, ".challenge-card").len(), 3);
    assert!(!texts(&packet, ".flowchart-frame svg").is_empty(), "the team inventory chart");
    let meetings = texts(&packet, ".meetings-table tbody tr");
    assert!(meetings.iter().any(|m| m.starts_with("Maple Grove Instructional Leadership Team Weekly")), "{meetings:?}");
    // Evidence links still lead to their page from the packet's folder.
    assert!(hrefs(&packet, ".evidence a").iter().all(|h| h.starts_with("../") && !h.starts_with("../../")));
}
