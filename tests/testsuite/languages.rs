//! Translations (`x.es.md`): the language's tree, what a translation may set, and
//! `new translation` with its `source_hash`.

use crate::common::*;

/// The fixture with Spanish words of its own (a copy of the English catalogue, renamed).
fn bilingual() -> tempfile::TempDir {
    let site = fixture("agendas");
    let english = std::fs::read_to_string(repo().join("themes/default/i18n/en.yaml")).unwrap();
    let spanish = english.replace("  name: English", "  name: Español").replace("\"Goal {n}\"", "\"Meta {n}\"");
    write(site.path(), "i18n/es.yaml", &spanish);
    site
}

#[test]
fn a_translation_builds_the_language_tree_with_links_both_ways() {
    let site = bilingual();
    let made = clockwork(site.path(), &["new", "translation", "strategies/reading.md", "--lang", "es"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let text = read(site.path(), "content/strategies/reading.es.md");
    assert!(text.contains("source_hash: "), "{text}");
    assert!(!text.contains("target"), "a translation copies words only: {text}");
    let text = text.replace(
        "title: Every student reads on grade level.",
        "title: Todos los estudiantes leen al nivel de su grado.",
    );
    write(site.path(), "content/strategies/reading.es.md", &text);
    let out = build_site(site.path());
    let es = html_at(&out.join("es/strategies/reading/index.html"));
    assert_eq!(attrs(&es, "html", "lang"), ["es"]);
    assert_eq!(texts(&es, "h1")[0], "Todos los estudiantes leen al nivel de su grado.");
    // The interface words are the language's, the structured values the source's.
    assert!(texts(&es, "body").iter().any(|t| t.contains("Meta 1")), "Spanish labels");
    // Every page links to its other language, and the Spanish tree has its own search index.
    let en = html_at(&out.join("strategies/reading/index.html"));
    assert!(
        attrs(&en, "link[hreflang=es]", "href").iter().any(|h| h.contains("es/strategies/reading/")),
        "{:?}",
        attrs(&en, "link[hreflang]", "href")
    );
    assert!(out.join("es/search-index.js").is_file());
    // A page with no translation shows the original, marked as such.
    let team = html_at(&out.join("es/teams/ilt/index.html"));
    assert_eq!(attrs(&team, "main", "lang"), ["en"]);
}

#[test]
fn a_translation_holds_only_words_and_knows_when_it_is_stale() {
    let site = bilingual();
    write(
        site.path(),
        "content/strategies/reading.es.md",
        "---\ntitle: Todos leen.\nsource_hash: 000000000000\nowner: bo\ngoals:\n  - { id: g1, statement: 80 % competentes, target: 90 }\n  - { id: g7, statement: otra }\n---\n",
    );
    let run = clockwork(site.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "translation-value is an error");
    let values: Vec<_> = run.diagnostics().into_iter().filter(|d| d["rule"] == "translation-value").collect();
    let lines: Vec<u64> = values.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    assert!(
        lines.contains(&4) && lines.contains(&6) && lines.contains(&7),
        "owner, target and the unknown g7: {values:?}"
    );
    let (file, line, _, message) = run.find("translation-stale");
    assert_eq!((file.as_str(), line), ("content/strategies/reading.es.md", 3));
    assert!(message.contains("has changed since this translation was made"), "{message}");
}
