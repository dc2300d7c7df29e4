//! Hostile and broken input, generated: front matter splitting and parsing into every kind,
//! Markdown rendering and tracker rows never panic. Bounded (a fixed number of cases from a
//! fixed seed), so the run is repeatable; see `config` for a longer hunt.

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
}
