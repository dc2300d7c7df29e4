//! Hostile and broken input, generated: front matter splitting and parsing into every kind,
//! Markdown rendering and tracker rows never panic; dates, numbers and nesting depth are
//! mutated through the whole model and the computed views, and a bad one is always reported.
//! Bounded (a fixed number of cases from a fixed seed), so the run is repeatable; see
//! `config` for a longer hunt.

use std::sync::Arc;

use clockwork::content::parse_page;
use clockwork::content::trackers as tracker;
use clockwork::markdown::{Links, Origin, Renderer, Target};
use proptest::prelude::*;

const FOLDERS: [&str; 6] = [
    "content/x.md",
    "content/teams/t.md",
    "content/strategies/s.md",
    "content/agendas/t/2026-09-01.md",
    "content/people/p.md",
    "content/s/_index.md",
];

/// Text made of the pieces front matter and Markdown are made of, so that cases go deep.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\n".to_string()),
        Just("title: ".to_string()),
        Just("goals:\n  - ".to_string()),
        Just("{ id: g1, target: ".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("}".to_string()),
        Just(": ".to_string()),
        Just("\n".to_string()),
        Just("  ".to_string()),
        Just("- ".to_string()),
        Just("&a ".to_string()),
        Just("*a ".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("#".to_string()),
        Just("|\n".to_string()),
        Just("kind: team\n".to_string()),
        Just("[link](@/teams/t.md#g1)".to_string()),
        Just("```rust\nfn x() {}\n```\n".to_string()),
        Just("<script>".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("[^1]\n\n[^1]: note\n".to_string()),
        "[a-z0-9 ]{0,8}",
        "\\PC{0,4}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// A date as a typo makes one: any year, month and day, sometimes not a date at all.
fn date_like() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..100_000, 0u32..14, 0u32..40).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        (1890u32..2210, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        Just("2026-9-1".to_string()),
        Just("tomorrow".to_string()),
    ]
}

/// A number as people write one, or a value that is not one.
fn number_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|v| format!("{v:?}")),
        (-1000i64..1000).prop_map(|v| v.to_string()),
        (0u32..1000).prop_map(|v| format!("{}.{}%", v / 10, v % 10)),
        prop::sample::select(vec![".nan", ".inf", "-.inf", "1e400", "80 percent", "\"74%\"", "~", "''"])
            .prop_map(str::to_string),
    ]
}

/// The year of a `YYYY-MM-DD` text that is a real date, if it is one.
fn year_of(text: &str) -> Option<i32> {
    use chrono::Datelike;
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().filter(|_| text.len() == 10).map(|d| d.year())
}

struct NoLinks;
impl Links for NoLinks {
    fn target(&self, path: &str) -> Target {
        if path.len().is_multiple_of(2) { Target::Output(format!("{path}/index.html")) } else { Target::Missing }
    }
    fn pretty_links(&self) -> bool {
        false
    }
}

/// 600 cases from a fixed seed, so that CI is repeatable; `PROPTEST_CASES` and
/// `PROPTEST_RNG_SEED` run a longer or different hunt.
fn config() -> ProptestConfig {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse().ok());
    ProptestConfig {
        cases: env("PROPTEST_CASES").map_or(600, |c: u64| c as u32),
        rng_seed: proptest::test_runner::RngSeed::Fixed(env("PROPTEST_RNG_SEED").unwrap_or(2026)),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn front_matter_never_panics(text in yamlish(), folder in 0..FOLDERS.len()) {
        let (page, diags) = parse_page(FOLDERS[folder], Arc::from(text.as_str()));
        if let Some(page) = page {
            // Locating any field must not panic either.
            let _ = page.pos(&["goals", "0", "target"]);
            let _ = page.body_pos(page.body().len());
        }
        for d in diags {
            prop_assert!(d.line >= 1 && d.column >= 1);
        }
    }

    #[test]
    fn arbitrary_text_as_a_page_never_panics(text in "\\PC{0,300}") {
        let _ = parse_page("content/teams/t.md", Arc::from(text.as_str()));
        let _ = parse_page("content/x.md", Arc::from(format!("---\n{text}\n---\n{text}").as_str()));
    }

    #[test]
    fn markdown_never_panics(text in yamlish()) {
        let renderer = Renderer { links: &NoLinks, trust_html: false, highlight: true };
        let out = renderer.render(&text, "a/b/index.html", Origin { file: "content/a/b.md", text: &text, line: 3, column: 1 });
        prop_assert!(!out.html.contains("<script"));
    }

    #[test]
    fn tracker_rows_never_panic(rows in prop::collection::vec("[a-z0-9#,\"\\- .:\r]{0,30}", 0..12)) {
        let text = format!("strategy,id,actual,status,date,value\n{}", rows.join("\n"));
        let (_, diags) = tracker::parse("data/progress.csv", &text);
        for d in diags {
            prop_assert!(d.line >= 1);
        }
    }

    #[test]
    fn mutated_dates_numbers_and_depth_are_reported_and_never_hang(
        due in date_like(),
        target in number_like(),
        actual in number_like(),
        depth in 0usize..150,
    ) {
        let nested = format!("{}x{}", "{ a: ".repeat(depth), " }".repeat(depth));
        let text = format!(
            "---\ntitle: S\nsummary: {nested}\ngoals:\n  - {{ id: g1, statement: G, measure: m, target: {target}, measurements: [{{ date: {due}, value: {actual} }}] }}\naction_steps:\n  - {{ action: A, due: {due} }}\n---\n"
        );
        let (page, diags) = parse_page("content/strategies/s.md", Arc::from(text.as_str()));
        let (config, _) = clockwork::config::Config::parse(
            "title: T\nquarters:\n  - { name: Q1, start: 2026-08-17, end: 2026-10-30 }\n  - { name: Q2, start: 2026-11-02, end: 2027-06-11 }\n",
        );
        let loaded = clockwork::content::Loaded { pages: page.into_iter().collect(), ..Default::default() };
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let scope = clockwork::model::Scope { audience: clockwork::model::Audience::Public, drafts: false, as_of, edit: None };
        let resolved = clockwork::model::resolve(config, loaded, scope);
        let mut all = diags;
        all.extend(resolved.diagnostics);
        let relations = clockwork::model::Relations::new(&resolved.site);
        all.extend(clockwork::check::run(&resolved.site, &relations));
        // The computed views (calendars, exports, charts) run over whatever was accepted.
        let prepared = clockwork::views::prepare(&resolved.site);
        let _ = clockwork::views::files(&resolved.site, &relations, &[], &prepared);
        let errors = all.iter().filter(|d| d.severity == clockwork::diagnostics::Severity::Error).count();
        if depth > clockwork::content::yaml::MAX_DEPTH {
            prop_assert!(all.iter().any(|d| d.message.contains("deeper")), "{all:?}");
        }
        if year_of(&due).is_some_and(|y| !(1900..=2200).contains(&y)) || year_of(&due).is_none() {
            prop_assert!(errors > 0, "`{due}` passed: {all:?}");
        }
        for value in [&target, &actual] {
            if clockwork::content::yaml::parse_number(value).is_none() && !matches!(value.as_str(), "~" | "''") {
                prop_assert!(errors > 0, "`{value}` passed: {all:?}");
            }
        }
        for d in &all {
            prop_assert!(d.line >= 1 && d.line <= text.lines().count().max(1));
        }
    }
}
