//! A coach's eye (issue 17): the checks see what a plan leaves out. Each new rule fires exactly
//! once on a site made to fall short of it, and not at all on the example site or the clean
//! fixture; the facilitator rule knows chairpersons and presidents.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::*;

const NEW_RULES: [&str; 8] = [
    "strategy-actions",
    "strategy-benchmarks",
    "strategy-owner",
    "strategy-challenge",
    "challenge-unaddressed",
    "team-rhythm",
    "agenda-outcomes",
    "img-alt",
];

const SITE: &str = "title: Coach fixture\nas_of: 2026-11-20\n";

/// A strategy that meets every new rule; each case breaks one.
const STRATEGY: &str = "---\ntitle: Every student reads.\nowner: ana\naddresses: [reading-gap]\nbenchmarks:\n  - { id: b1, statement: Routine in every room, target: 90 }\naction_steps:\n  - { action: Train teachers, owner: ana, due: 2026-12-01 }\n---\nBody.\n";
const CHALLENGE: &str = "---\ntitle: Reading lags.\n---\n";
const TEAM: &str = "---\ntitle: ILT\ncadence: Weekly\nmembers:\n  - { person: ana, role: Chairperson }\n---\n";
const AGENDA: &str = "---\ndecisions: [Start coaching cycles]\n---\n";
const PERSON: &str = "---\ntitle: Ana Ruiz\n---\n";

/// How many times each rule fires on the base site with `replace` (file → text) applied; an
/// empty text removes the file.
fn rules_with(replace: &[(&str, &str)]) -> BTreeMap<String, usize> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.yaml", SITE);
    let base = [
        ("content/strategies/reading.md", STRATEGY),
        ("content/challenges/reading-gap.md", CHALLENGE),
        ("content/teams/ilt.md", TEAM),
        ("content/agendas/ilt/2026-11-10.md", AGENDA),
        ("content/people/ana.md", PERSON),
    ];
    for (file, text) in base.iter().chain(replace) {
        if text.is_empty() {
            let _ = std::fs::remove_file(root.join(file));
        } else {
            write(root, file, text);
        }
    }
    counts(root)
}

fn counts(root: &Path) -> BTreeMap<String, usize> {
    let run = clockwork(root, &["check", "--root", ".", "--format", "json"]);
    let mut out = BTreeMap::new();
    for rule in run.rules() {
        *out.entry(rule).or_default() += 1;
    }
    out
}

fn new_rules(counts: &BTreeMap<String, usize>) -> Vec<(String, usize)> {
    counts.iter().filter(|(r, _)| NEW_RULES.contains(&r.as_str())).map(|(r, n)| (r.clone(), *n)).collect()
}

#[test]
fn the_base_site_falls_short_of_no_new_rule() {
    assert_eq!(new_rules(&rules_with(&[])), [], "{:?}", rules_with(&[]));
}

#[test]
fn each_new_rule_fires_exactly_once_where_the_plan_falls_short() {
    let s = "content/strategies/reading.md";
    let cases: [(&str, Vec<(&str, String)>); 8] = [
        (
            "strategy-actions",
            vec![(
                s,
                STRATEGY.replace("action_steps:\n  - { action: Train teachers, owner: ana, due: 2026-12-01 }\n", ""),
            )],
        ),
        (
            "strategy-benchmarks",
            vec![(
                s,
                STRATEGY.replace("benchmarks:\n  - { id: b1, statement: Routine in every room, target: 90 }\n", ""),
            )],
        ),
        ("strategy-owner", vec![(s, STRATEGY.replace("owner: ana\naddresses", "addresses"))]),
        (
            "strategy-challenge",
            vec![
                (s, STRATEGY.replace("addresses: [reading-gap]\n", "")),
                ("content/challenges/reading-gap.md", String::new()),
            ],
        ),
        (
            "challenge-unaddressed",
            vec![("content/challenges/attendance.md", "---\ntitle: Absence is high.\n---\n".to_string())],
        ),
        ("team-rhythm", vec![("content/teams/ilt.md", TEAM.replace("cadence: Weekly\n", ""))]),
        (
            "agenda-outcomes",
            vec![("content/agendas/ilt/2026-11-10.md", "---\nitems:\n  - { topic: Data }\n---\n".to_string())],
        ),
        ("img-alt", vec![(s, format!("{STRATEGY}![](chart.png)\n\n![Walkthrough results](chart.png)\n"))]),
    ];
    for (rule, files) in cases {
        let files: Vec<(&str, &str)> = files.iter().map(|(f, t)| (*f, t.as_str())).collect();
        assert_eq!(new_rules(&rules_with(&files)), [(rule.to_string(), 1)], "{rule}");
    }
}

#[test]
fn the_example_site_and_the_clean_fixture_fire_none_of_them() {
    let example = counts(&repo());
    assert_eq!(new_rules(&example), [], "{example:?}");
    let clean = fixture("checks-clean");
    assert_eq!(new_rules(&counts(clean.path())), []);
}

#[test]
fn a_chairperson_or_a_president_facilitates() {
    for role in ["Chairperson", "Board President", "Grade 3 Team Lead", "co-chair"] {
        let team = TEAM.replace("Chairperson", role);
        let found = rules_with(&[("content/teams/ilt.md", &team)]);
        assert!(!found.contains_key("team-facilitator"), "{role}: {found:?}");
    }
    let found = rules_with(&[("content/teams/ilt.md", &TEAM.replace("Chairperson", "note-taker"))]);
    assert_eq!(found.get("team-facilitator"), Some(&1));
}
