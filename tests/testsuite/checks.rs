//! The check stage end to end, through the `clockwork` binary: every plan-quality rule on a
//! fixture that triggers it (rule, file, line, column) and one that does not; severities from
//! site.yaml; exit codes; "did you mean"; the JSON schema; the human output (snapshot); and
//! the staff-only checks page.
//!
//! `tests/fixtures/checks-clean` meets every criterion; each test copies it into a temporary
//! folder and breaks one field. `tests/fixtures/checks-warnings` falls short in many ways.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

const CLEAN: &str = "checks-clean";
const WARNINGS: &str = "checks-warnings";
const STRATEGY: &str = "content/strategies/reading.md";
const GRADE_TEAM: &str = "content/teams/grade-team.md";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Diag {
    rule: String,
    severity: String,
    file: String,
    line: usize,
    column: usize,
    message: String,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn clockwork(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_clockwork")).args(args).output().expect("clockwork runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A copy of a fixture site in a temporary folder, to break one field at a time.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn copy(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&fixture(name), &dir.path().join("site"));
        Site { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn root_arg(&self) -> String {
        self.root().to_string_lossy().into_owned()
    }

    fn output(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    fn text(&self, file: &str) -> String {
        std::fs::read_to_string(self.root().join(file)).expect("fixture file")
    }

    fn write(&self, file: &str, text: &str) -> &Self {
        let path = self.root().join(file);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("write");
        self
    }

    /// Replaces the one occurrence of `from` in `file` with `to`.
    fn edit(&self, file: &str, from: &str, to: &str) -> &Self {
        let text = self.text(file);
        assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in {file}");
        self.write(file, &text.replacen(from, to, 1))
    }

    /// `clockwork check --format json` with `args`: the exit code and the diagnostics.
    fn check(&self, args: &[&str]) -> (i32, Vec<Diag>) {
        let root = self.root_arg();
        let mut all = vec!["check", "--root", root.as_str(), "--format", "json"];
        all.extend_from_slice(args);
        let run = clockwork(&all);
        let diags = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr));
        (run.code, diags)
    }

    fn build(&self, args: &[&str]) -> Run {
        let (root, output) = (self.root_arg(), self.output().to_string_lossy().into_owned());
        let mut all = vec!["build", "--root", root.as_str(), "--output", output.as_str()];
        all.extend_from_slice(args);
        clockwork(&all)
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("fixture folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// 1-based line and column (in characters) where `needle` starts in `text`; it must be unique.
fn position(text: &str, needle: &str) -> (usize, usize) {
    assert_eq!(text.matches(needle).count(), 1, "`{needle}` must occur once");
    let offset = text.find(needle).unwrap_or(0);
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// Asserts that `rule` is reported exactly once, in `file` where `needle` starts.
fn expect_one(site: &Site, args: &[&str], rule: &str, file: &str, needle: &str) -> Diag {
    let (_, diags) = site.check(args);
    let mut found: Vec<Diag> = diags.into_iter().filter(|d| d.rule == rule).collect();
    assert_eq!(found.len(), 1, "{rule}: {found:?}");
    let d = found.remove(0);
    assert_eq!(d.file, file);
    assert_eq!((d.line, d.column), position(&site.text(file), needle), "{rule} at the wrong place: {d:?}");
    assert_eq!(d.severity, "warning");
    d
}

fn expect_none(site: &Site, args: &[&str], rule: &str) {
    let (_, diags) = site.check(args);
    let found: Vec<&Diag> = diags.iter().filter(|d| d.rule == rule).collect();
    assert!(found.is_empty(), "{rule} should not fire: {found:?}");
}

#[test]
fn the_clean_fixture_meets_every_criterion() {
    let site = Site::copy(CLEAN);
    let (code, diags) = site.check(&["--strict"]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(code, 0);
    let (code, diags) = site.check(&["--audience", "staff", "--drafts", "--strict"]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(code, 0);
}

#[test]
fn strategy_one_sentence() {
    let title = "title: Every student reads on grade level by the end of third grade.";
    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, title, "title: Every student reads on grade level. Every teacher teaches reading.");
    let d = expect_one(&site, &[], "strategy-one-sentence", STRATEGY, "Every student reads on grade level. Every");
    assert!(d.message.contains("2 sentences"), "{}", d.message);

    let site = Site::copy(CLEAN);
    let words: Vec<String> = (1..=26).map(|i| format!("w{i}")).collect();
    site.edit(STRATEGY, title, &format!("title: {}", words.join(" ")));
    let d = expect_one(&site, &[], "strategy-one-sentence", STRATEGY, "w1 w2");
    assert!(d.message.contains("26 words"), "{}", d.message);

    // 25 words with abbreviations and initials is still one sticky sentence.
    let site = Site::copy(CLEAN);
    let sticky = "title: Every K-3 student, e.g. in Dr. King's and Ms. J. Lee's rooms, reads on grade level by June, \
                  as U.S. standards expect of every child.";
    site.edit(STRATEGY, title, sticky);
    expect_none(&site, &[], "strategy-one-sentence");
}

#[test]
fn description_one_paragraph() {
    let description = "description: >-\n  Every K-3 classroom";
    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, description, "description: >-\n  Two paragraphs.\n\n  Every K-3 classroom");
    expect_one(&site, &[], "description-one-paragraph", STRATEGY, "description:");

    // A literal block keeps its line breaks, but they are one paragraph.
    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, description, "description: |\n  One paragraph,\n  on two lines. Every K-3 classroom");
    expect_none(&site, &[], "description-one-paragraph");
}

const G3: &str = "  - { id: g3, statement: Families read at home, measure: \"% of families\", target: 60 }\n";
const G4: &str = "  - { id: g4, statement: Students love reading, measure: \"% who agree\", target: 80 }\n";

#[test]
fn goals_count() {
    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, "benchmarks:\n", &format!("{G3}{G4}benchmarks:\n"));
    expect_one(&site, &[], "goals-count", STRATEGY, "{ id: g4");

    let site = Site::copy(CLEAN);
    let text = site.text(STRATEGY);
    let g2 = &text[text.find("  - id: g2").unwrap_or(0)..text.find("benchmarks:").unwrap_or(0)];
    site.edit(STRATEGY, g2, "");
    site.edit(STRATEGY, "goals: [g1, g2]", "goals: [g1]");
    site.edit(STRATEGY, "goals: [g2]", "goals: [g1]");
    let d = expect_one(&site, &[], "goals-count", STRATEGY, "goals:\n");
    assert!(d.message.contains("1 end-of-year goal;"), "{}", d.message);

    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, "benchmarks:\n", &format!("{G3}benchmarks:\n"));
    expect_none(&site, &[], "goals-count");
}

#[test]
fn goal_measurable() {
    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, "    baseline: 60\n    target: 75\n", "    baseline: 60\n");
    let d = expect_one(&site, &[], "goal-measurable", STRATEGY, "id: g2");
    assert!(d.message.contains("no `target:`"), "{}", d.message);

    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, "    measure: \"% of K-2 students at or above benchmark\"\n", "");
    let d = expect_one(&site, &[], "goal-measurable", STRATEGY, "id: g2");
    assert!(d.message.contains("no `measure:`"), "{}", d.message);

    expect_none(&Site::copy(CLEAN), &[], "goal-measurable");
}

#[test]
fn benchmarks_per_quarter() {
    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, "{ id: b4, quarter: Q2", "{ id: b4, quarter: Q3");
    let d = expect_one(&site, &[], "benchmarks-per-quarter", STRATEGY, "{ id: b3");
    assert!(d.message.starts_with("Q2 has 1 benchmark "), "{}", d.message);

    // Before Q2 begins, only Q1 counts, and it has two.
    expect_none(&site, &["--as-of", "2026-10-31"], "benchmarks-per-quarter");

    let site = Site::copy(CLEAN);
    let extra = |id: &str| format!("  - {{ id: {id}, quarter: Q2, goals: [g1], statement: More, target: 1 }}\n");
    site.edit(STRATEGY, "action_steps:\n", &format!("{}{}{}action_steps:\n", extra("b5"), extra("b6"), extra("b7")));
    let d = expect_one(&site, &[], "benchmarks-per-quarter", STRATEGY, "{ id: b7");
    assert!(d.message.starts_with("Q2 has 5 benchmarks"), "{}", d.message);
}

#[test]
fn benchmark_goal() {
    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, "quarter: Q1, goals: [g2], ", "quarter: Q1, ");
    expect_one(&site, &[], "benchmark-goal", STRATEGY, "{ id: b2");
    expect_none(&Site::copy(CLEAN), &[], "benchmark-goal");
}

#[test]
fn action_owner() {
    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, "    owner: ben-okafor\n", "");
    expect_one(&site, &[], "action-owner", STRATEGY, "id: a2");
    // The clean fixture's a3 is owned by a team, which counts.
    expect_none(&Site::copy(CLEAN), &[], "action-owner");
}

#[test]
fn action_due() {
    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, "    due: 2027-01-15\n", "");
    expect_one(&site, &[], "action-due", STRATEGY, "id: a3");

    // A due date that is not a date is a bad-date error, not a missing due date.
    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, "due: 2027-01-15", "due: 2027-01-32");
    let (code, diags) = site.check(&[]);
    assert_eq!(diags.iter().map(|d| d.rule.as_str()).collect::<Vec<_>>(), ["bad-date"]);
    assert_eq!(code, 1);
}

#[test]
fn action_overdue() {
    // a2 is due on 2026-11-20 and in progress: not overdue on the day, overdue the day after.
    let site = Site::copy(CLEAN);
    expect_none(&site, &[], "action-overdue");
    let d = expect_one(&site, &["--as-of", "2026-11-21"], "action-overdue", STRATEGY, "2026-11-20");
    assert!(d.message.contains("Step 2 (`a2`) was due 2026-11-20, 1 day before"), "{}", d.message);

    // A blocked step can be overdue; a done one never is.
    site.edit(STRATEGY, "    status: in-progress\n", "    status: blocked\n");
    expect_one(&site, &["--as-of", "2026-11-21"], "action-overdue", STRATEGY, "2026-11-20");
    site.edit(STRATEGY, "    status: blocked\n", "    status: done\n");
    expect_none(&site, &["--as-of", "2026-12-01"], "action-overdue");
}

#[test]
fn team_purpose() {
    let site = Site::copy(CLEAN);
    site.edit(GRADE_TEAM, "purpose: Plan reading instruction for third graders from their screening data.\n", "");
    expect_one(&site, &[], "team-purpose", GRADE_TEAM, "Grade 3 Team");
    expect_none(&Site::copy(CLEAN), &[], "team-purpose");
}

#[test]
fn team_facilitator() {
    let site = Site::copy(CLEAN);
    site.edit(GRADE_TEAM, "role: Lead", "role: coach");
    expect_one(&site, &[], "team-facilitator", GRADE_TEAM, "members:");

    // Roles compare without case: "Lead" in the clean fixture, "CO-CHAIR" here.
    let site = Site::copy(CLEAN);
    site.edit(GRADE_TEAM, "role: Lead", "role: CO-CHAIR");
    expect_none(&site, &[], "team-facilitator");
}

#[test]
fn stale_data() {
    // Q1 has ended on 2026-11-20 and b2 has no actual.
    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, ", actual: 96 }", " }");
    let d = expect_one(&site, &[], "stale-data", STRATEGY, "{ id: b2");
    assert!(d.message.contains("Benchmark 2 (`b2`) has no actual"), "{}", d.message);
    // On Q1's last day, it has not ended yet.
    expect_none(&site, &["--as-of", "2026-10-30"], "stale-data");

    // g1's latest measurement (2026-10-15) is 60 days old on 2026-12-14, 61 on 2026-12-15.
    let site = Site::copy(CLEAN);
    expect_none(&site, &["--as-of", "2026-12-14"], "stale-data");
    let d = expect_one(&site, &["--as-of", "2026-12-15"], "stale-data", STRATEGY, "id: g1");
    assert!(d.message.contains("61 days"), "{}", d.message);
    // A shorter stale_after_days in site.yaml makes it stale sooner.
    site.edit("site.yaml", "stale_after_days: 60", "stale_after_days: 30");
    expect_one(&site, &[], "stale-data", STRATEGY, "id: g1");
}

#[test]
fn hidden_link() {
    let site = Site::copy(CLEAN);
    site.write("content/resources/plan-draft.md", "---\ntitle: Draft\ndraft: true\n---\nNot yet.\n");
    site.edit(
        "content/teams/ilt.md",
        "The ILT meets every Tuesday.",
        "The ILT meets every Tuesday ([draft](@/resources/plan-draft.md)).",
    );
    let d = expect_one(&site, &[], "hidden-link", "content/teams/ilt.md", "[draft]");
    assert!(d.message.contains("draft"), "{}", d.message);
    // With the drafts in the build, the link is a link.
    expect_none(&site, &["--drafts"], "hidden-link");
}

#[test]
fn allow_silences_a_rule_and_deny_makes_it_an_error() {
    let site = Site::copy(CLEAN);
    let late = ["--as-of", "2026-11-21"];
    let (code, diags) = site.check(&late);
    assert_eq!((code, diags.len()), (0, 1), "{diags:?}");

    site.edit("site.yaml", "school_year: 2026-27\n", "school_year: 2026-27\nchecks:\n  action-overdue: allow\n");
    let (code, diags) = site.check(&[&late[..], &["--strict"]].concat());
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(code, 0);

    site.edit("site.yaml", "action-overdue: allow", "action-overdue: deny");
    let (code, diags) = site.check(&late);
    assert_eq!((diags[0].rule.as_str(), diags[0].severity.as_str()), ("action-overdue", "error"));
    assert_eq!(code, 1);
    let run = site.build(&late);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[action-overdue]"), "{}", run.stderr);
    assert!(!site.output().exists(), "a failed build writes nothing");

    // `warn` on a rule that is a warning anyway changes nothing.
    site.edit("site.yaml", "action-overdue: deny", "action-overdue: warn");
    assert_eq!(site.check(&late).0, 0);
}

#[test]
fn exit_codes_of_check_and_build() {
    let clean = Site::copy(CLEAN);
    assert_eq!(clean.check(&[]).0, 0);
    assert_eq!(clean.check(&["--strict"]).0, 0);
    let run = clean.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // Warnings only: check passes unless --strict; build prints them and writes the site.
    let warned = Site::copy(WARNINGS);
    assert_eq!(warned.check(&[]).0, 0);
    assert_eq!(warned.check(&["--strict"]).0, 1);
    let run = warned.build(&["--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning[goals-count]"), "{}", run.stderr);
    assert!(run.stderr.contains("0 errors, 13 warnings"), "{}", run.stderr);
    assert!(warned.output().join("index.html").exists());

    // An error fails both.
    let broken = Site::copy(CLEAN);
    broken.edit(STRATEGY, "    owner: ben-okafor\n", "    ownr: ben-okafor\n");
    assert_eq!(broken.check(&[]).0, 1);
    let run = broken.build(&[]);
    assert_eq!(run.code, 1);
    assert!(!broken.output().exists());
}

#[test]
fn did_you_mean_for_fields_ids_and_rules() {
    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, "    owner: ben-okafor\n", "    ownr: ben-okafor\n");
    let (_, diags) = site.check(&[]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!((diags[0].rule.as_str(), diags[0].file.as_str()), ("unknown-field", STRATEGY));
    assert_eq!((diags[0].line, diags[0].column), position(&site.text(STRATEGY), "ownr:"));
    assert!(diags[0].message.contains("did you mean `owner`?"), "{}", diags[0].message);

    let site = Site::copy(CLEAN);
    site.edit(STRATEGY, "    owner: ben-okafor\n", "    owner: ben-okafr\n");
    let (_, diags) = site.check(&[]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].rule, "unknown-reference");
    assert_eq!((diags[0].line, diags[0].column), position(&site.text(STRATEGY), "ben-okafr"));
    assert!(diags[0].message.contains("did you mean `ben-okafor`?"), "{}", diags[0].message);

    let site = Site::copy(CLEAN);
    site.edit("site.yaml", "school_year: 2026-27\n", "school_year: 2026-27\nchecks:\n  goal-count: allow\n");
    let (code, diags) = site.check(&[]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!((diags[0].rule.as_str(), diags[0].file.as_str()), ("bad-config", "site.yaml"));
    assert_eq!((diags[0].line, diags[0].column), position(&site.text("site.yaml"), "goal-count"));
    assert!(diags[0].message.contains("did you mean `goals-count`?"), "{}", diags[0].message);
    assert_eq!(code, 1);
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.schema.json"))
        .expect("docs/diagnostics.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

fn assert_valid(validator: &jsonschema::Validator, json: &str) -> Vec<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_str(json).expect("stdout is JSON");
    let errors: Vec<String> =
        validator.iter_errors(&value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:?}\n{json}");
    value.as_array().cloned().unwrap_or_default()
}

#[test]
fn json_output_validates_against_the_schema_and_is_sorted() {
    let validator = schema();
    let site = Site::copy(WARNINGS);
    // An error in site.yaml too, so that both severities and a non-content file are in it.
    site.edit("site.yaml", "school_year: 2026-27\n", "school_year: 2026-27\nchecks:\n  goal-count: allow\n");
    let root = site.root_arg();
    let run = clockwork(&["check", "--root", &root, "--format", "json"]);
    let items = assert_valid(&validator, &run.stdout);
    assert_eq!(items.len(), 14);
    assert!(run.stderr.is_empty(), "JSON mode prints nothing else: {}", run.stderr);
    let keys: Vec<(String, u64, u64)> = items
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(items.iter().any(|d| d["severity"] == "error" && d["file"] == "site.yaml"));

    // build --format json prints the same array.
    let run = site.build(&["--format", "json"]);
    assert_eq!(assert_valid(&validator, &run.stdout).len(), 14);

    // An empty array for a clean site.
    let clean = Site::copy(CLEAN);
    let root = clean.root_arg();
    assert!(assert_valid(&validator, &clockwork(&["check", "--root", &root, "--format", "json"]).stdout).is_empty());

    // Every rule id fits the schema's pattern.
    for rule in clockwork::diagnostics::Rule::ALL {
        let one = serde_json::json!([{ "rule": rule.id(), "severity": "warning", "file": "site.yaml", "line": 1, "column": 1, "message": "m" }]);
        assert!(validator.is_valid(&one), "{}", rule.id());
    }
}

#[test]
fn human_output_is_pinned() {
    let run = clockwork(&["check", "--root", &fixture(WARNINGS).to_string_lossy(), "--color", "never"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.is_empty());
    insta::assert_snapshot!("checks_warnings_human", run.stderr);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let root = fixture(WARNINGS).to_string_lossy().into_owned();
    let always = clockwork(&["check", "--root", &root, "--color", "always"]);
    assert!(always.stderr.contains("\u{1b}["), "{}", always.stderr);
    let never = clockwork(&["check", "--root", &root, "--color", "never"]);
    assert!(!never.stderr.contains('\u{1b}'));
    // The tests' stderr is a pipe, not a terminal.
    let auto = clockwork(&["check", "--root", &root]);
    assert!(!auto.stderr.contains('\u{1b}'));
    assert_eq!(auto.stderr, never.stderr);
}

#[test]
fn staff_builds_list_open_warnings_on_a_checks_page() {
    let site = Site::copy(WARNINGS);
    let run = site.build(&["--audience", "staff"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(site.output().join("checks/index.html")).expect("checks/index.html");
    let doc = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).expect("selector");
    let files: Vec<scraper::ElementRef> = doc.select(&select(".check-group")).collect();
    assert_eq!(files.len(), 2, "grouped by strategy and team");
    let heading_link = |f: &scraper::ElementRef| {
        f.select(&select("h2 a")).next().and_then(|a| a.value().attr("href")).unwrap_or("").to_string()
    };
    assert_eq!(heading_link(&files[0]), "../strategies/writing/index.html");
    assert_eq!(heading_link(&files[1]), "../teams/grade-team/index.html");
    assert_eq!(doc.select(&select(".check-list > li")).count(), 13);
    // Each group says who answers for it, and each finding leads with what to do.
    let owner: Vec<String> = files[0].select(&select(".check-owner")).map(|o| o.text().collect()).collect();
    assert_eq!(owner, ["Owner: Ana Ruiz"]);
    let fixes: Vec<String> = doc.select(&select(".check-fix strong")).map(|f| f.text().collect()).collect();
    assert!(fixes.contains(&"Finish this overdue step, or agree a new date.".to_string()), "{fixes:?}");
    // The overdue step's warning links to the step itself.
    let overdue = doc
        .select(&select(".check-list > li"))
        .find(|li| li.text().collect::<String>().contains("action-overdue"))
        .expect("the overdue warning");
    let links: Vec<&str> = overdue.select(&select("a")).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(links, ["../strategies/writing/index.html#a3"]);
    // Every staff page links to it.
    let home = std::fs::read_to_string(site.output().join("index.html")).expect("index.html");
    assert!(home.contains("href=\"checks/index.html\""), "{home}");
}

#[test]
fn public_builds_have_no_checks_page() {
    let site = Site::copy(WARNINGS);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.output().join("checks").exists());
    for entry in walk(&site.output()) {
        let text = std::fs::read(&entry).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
        assert!(!text.contains("checks/index.html"), "{} links to the checks page", entry.display());
        if entry.extension().is_some_and(|e| e == "html") {
            assert!(!text.contains("Plan quality checks"), "{}", entry.display());
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
