//! Languages: every printed word from the catalogue, a Spanish site, translations (`x.es.md`)
//! with their language's tree, what a translation may set, and `new translation` with its
//! `source_hash`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

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
    // A reader switches language from the header, on the page they are reading.
    assert_eq!(attrs(&es, "nav.languages a[hreflang=en]", "href"), ["../../../strategies/reading/index.html"]);
    assert_eq!(attrs(&en, "nav.languages a[aria-current]", "hreflang"), ["en"]);
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

/// Lower-case words of three letters or more ("de", "a" and numbers say nothing of a language).
fn words_in(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().count() >= 3).map(str::to_lowercase).collect()
}

/// The words of every file under `dir` (the site's own writing).
fn words_of_files(dir: &Path) -> BTreeSet<String> {
    files(dir).iter().flat_map(|f| words_in(&std::fs::read_to_string(dir.join(f)).unwrap_or_default())).collect()
}

/// Attributes that hold ids, not words.
const ID_ATTRS: [&str; 7] = ["data-team", "data-level", "data-from", "data-to", "data-links", "data-tier", "data-root"];

/// What a reader meets in each output file: the text of pages and charts (not scripts or
/// styles), the attributes shown or read aloud (`title`, `alt`, `aria-label`, `placeholder`,
/// `data-*` words for scripts to show), and calendars' names, titles and descriptions.
fn reader_texts(out: &Path) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for file in files(out) {
        let raw = std::fs::read_to_string(out.join(&file)).unwrap_or_default();
        let text = if file.ends_with(".html") || file.ends_with(".svg") {
            let doc = scraper::Html::parse_document(&raw);
            let page_lang = doc.root_element().value().attr("lang");
            let mut parts = Vec::new();
            for node in doc.root_element().descendants() {
                if let Some(t) = node.value().as_text() {
                    let elements = || node.ancestors().filter_map(|a| a.value().as_element());
                    let hidden = elements().any(|e| matches!(e.name(), "script" | "style"));
                    // Words marked as another language's (the switcher's "Español") are not
                    // this page's.
                    let other_language = elements().find_map(|e| e.attr("lang")).is_some_and(|l| Some(l) != page_lang);
                    if !hidden && !other_language {
                        parts.push(t.to_string());
                    }
                } else if let Some(e) = node.value().as_element() {
                    for (name, value) in e.attrs() {
                        let words = matches!(name, "title" | "alt" | "aria-label" | "placeholder")
                            || (name.starts_with("data-") && !ID_ATTRS.contains(&name));
                        if words {
                            parts.push(value.to_string());
                        }
                    }
                }
            }
            parts.join(" ")
        } else if file.ends_with(".ics") {
            let unfolded = raw.replace("\r\n ", "").replace("\\n", " ").replace("\\,", ",");
            unfolded
                .lines()
                .filter_map(|l| l.split_once(':'))
                .filter(|(name, _)| {
                    matches!(name.split(';').next(), Some("SUMMARY" | "DESCRIPTION" | "X-WR-CALNAME" | "LOCATION"))
                })
                .map(|(_, value)| value)
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            continue;
        };
        texts.push((file, text));
    }
    texts
}

/// The words of the output that are not in `allowed`, with the first file each is in; `tree`
/// picks the files (the site's language, or one language's `es/…`).
fn words_left(out: &Path, allowed: &BTreeSet<String>, tree: impl Fn(&str) -> bool) -> BTreeMap<String, String> {
    let mut left = BTreeMap::new();
    for (file, text) in reader_texts(out).into_iter().filter(|(f, _)| tree(f)) {
        for word in words_in(&text).difference(allowed) {
            left.entry(word.clone()).or_insert_with(|| file.clone());
        }
    }
    left
}

/// The English catalogue with every word replaced by `XX` (the clock and the language code
/// stay: they are settings, not words).
fn xx(value: serde_yaml::Value, key: &str) -> serde_yaml::Value {
    use serde_yaml::Value;
    match value {
        Value::String(_) if key == "date.clock" || key == "language.code" => value,
        Value::String(_) => Value::String("XX".into()),
        Value::Sequence(items) => Value::Sequence(items.into_iter().map(|v| xx(v, key)).collect()),
        Value::Mapping(map) => Value::Mapping(
            map.into_iter()
                .map(|(k, v)| {
                    let sub = format!("{key}.{}", k.as_str().unwrap_or_default());
                    (k, xx(v, sub.trim_start_matches('.')))
                })
                .collect(),
        ),
        other => other,
    }
}

#[test]
fn every_word_the_theme_prints_comes_from_its_catalogue() {
    let site = example_copy();
    let mut allowed = words_of_files(site.path());
    allowed.insert("xx".into());
    // With its own words the example site prints interface words its content never uses
    // (the flowchart's "arrows", the calendar's "begins"): the scan finds them.
    let english = build_site(site.path());
    let site_language = |f: &str| !f.starts_with("es/");
    let left = words_left(&english, &allowed, site_language);
    assert!(left.contains_key("arrows") && left.len() > 20, "{left:?}");

    let catalogue: serde_yaml::Value = serde_yaml::from_str(&read(&repo(), "themes/default/i18n/en.yaml")).unwrap();
    write(site.path(), "i18n/en.yaml", &serde_yaml::to_string(&xx(catalogue, "")).unwrap());
    let out = build_site(site.path());
    let left = words_left(&out, &allowed, site_language);
    assert!(left.is_empty(), "English words not from the catalogue (word → first file): {left:?}");
    let home = html_at(&out.join("index.html"));
    assert_eq!(texts(&home, "nav a")[0], "XX", "the catalogue's words are the ones printed");
    // The style sheet writes no words of its own (a phone's "Step 3" reads `data-label`).
    let css = read(&out, "style.css");
    let worded: Vec<&str> = css
        .split("content:")
        .skip(1)
        .filter_map(|rest| rest.split(';').next())
        .filter(|value| value.split('"').skip(1).step_by(2).any(|quoted| quoted.chars().any(char::is_alphabetic)))
        .collect();
    assert!(worded.is_empty(), "words in style.css: {worded:?}");
    // The Spanish tree prints the site's words (translated or, on a page not yet translated,
    // the original) and the Spanish catalogue's, and nothing else.
    let mut spanish = words_of_files(site.path());
    spanish.extend(words_in(&read(&repo(), "themes/default/i18n/es.yaml")));
    let left = words_left(&out, &spanish, |f| f.starts_with("es/"));
    assert!(left.is_empty(), "words on the Spanish pages from neither the site nor es.yaml: {left:?}");
}

#[test]
fn a_spanish_site_speaks_spanish_on_every_page_chart_and_calendar() {
    let site = fixture("solo-es");
    let out = build_site(site.path());
    let mut allowed = words_of_files(site.path());
    allowed.extend(words_in(&read(&repo(), "themes/default/i18n/es.yaml")));
    let left = words_left(&out, &allowed, |_| true);
    assert!(left.is_empty(), "words neither the site nor the Spanish catalogue has: {left:?}");
    for page in files(&out).iter().filter(|f| f.ends_with(".html")) {
        assert_eq!(attrs(&html_at(&out.join(page)), "html", "lang"), ["es"], "{page}");
    }
    // Spanish dates and the 24-hour clock.
    let team = html_at(&out.join("teams/ilt/index.html"));
    let body = texts(&team, "main").join(" ");
    assert!(body.contains("Cada martes, 15:30–16:30 (60 minutos)"), "{body}");
    assert!(body.contains("martes, 24 de noviembre de 2026, 15:30–16:30"), "{body}");
    let strategy = texts(&html_at(&out.join("strategies/lectura/index.html")), "main").join(" ");
    assert!(strategy.contains("3 de septiembre de 2026"), "the step done on 2026-09-03: {strategy}");
    assert!(!strategy.contains(" pm") && !strategy.contains("September"), "{strategy}");
    // Levels and members' roles by the catalogue's names.
    assert!(body.contains("Equipo de nivel Escuela") || body.contains("Equipo de nivel escuela"), "{body}");
    assert!(body.contains("facilitación") && body.contains("toma de notas"), "{body}");
    // The flowchart's legend and tiers, and the calendar's events.
    let chart = read(&out, "teams/flowchart.svg");
    assert!(chart.contains(">en ambos sentidos<") && chart.contains(">Escuela<"), "{chart}");
    let ics = read(&out, "teams/ilt/calendar.ics");
    assert!(ics.contains("SUMMARY:Reunión de ELI"), "{ics}");
}

#[test]
fn a_translation_of_a_staff_only_step_is_no_error_and_stays_out_of_the_public_build() {
    let site = bilingual();
    let source = read(site.path(), "content/strategies/reading.md").replace(
        "  - { id: a2, action: Train every teacher, owner: bo, due: 2026-09-18 }",
        "  - { id: a2, action: Train every teacher, owner: bo, due: 2026-09-18 }\n  - { id: a3, action: Coach one teacher, owner: bo, due: 2026-10-02, visibility: staff }",
    );
    write(site.path(), "content/strategies/reading.md", &source);
    let made = clockwork(site.path(), &["new", "translation", "strategies/reading.md", "--lang", "es"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let text =
        read(site.path(), "content/strategies/reading.es.md").replace("Coach one teacher", "Asesorar a un maestro");
    write(site.path(), "content/strategies/reading.es.md", &text);
    let run = clockwork(site.path(), &["check", "--format", "json"]);
    assert!(!run.rules().contains(&"translation-value".to_string()), "{:?}", run.diagnostics());
    let public = build_site(site.path());
    let leaked: Vec<String> = files(&public)
        .into_iter()
        .filter(|f| std::fs::read_to_string(public.join(f)).unwrap_or_default().contains("Asesorar a un maestro"))
        .collect();
    assert!(leaked.is_empty(), "the staff-only step's words in a public build: {leaked:?}");
    let staff = build_staff(site.path());
    assert!(read(&staff, "es/strategies/reading/index.html").contains("Asesorar a un maestro"));
}

#[test]
fn site_yaml_gives_the_title_in_each_language() {
    let site = bilingual();
    write(site.path(), "content/about.es.md", "---\ntitle: Acerca de\n---\nHola.\n");
    write(site.path(), "content/about.md", "---\ntitle: About\n---\nHello.\n");
    let settings = read(site.path(), "site.yaml");
    write(
        site.path(),
        "site.yaml",
        &format!("{settings}languages:\n  es: {{ title: Distrito de Prueba, description: Un plan. }}\n"),
    );
    let out = build_site(site.path());
    let es = html_at(&out.join("es/about/index.html"));
    assert_eq!(texts(&es, ".site-title .title-long"), ["Distrito de Prueba"]);
    assert_eq!(attrs(&es, "meta[name=description]", "content"), ["Un plan."]);
    let en = html_at(&out.join("about/index.html"));
    assert_eq!(texts(&en, ".site-title .title-long"), ["Test District — Agendas"]);
    // The site's own language takes its words from the top of site.yaml.
    write(site.path(), "site.yaml", &format!("{settings}languages:\n  en: {{ title: Twice }}\n"));
    let run = clockwork(site.path(), &["check", "--format", "json"]);
    let (file, line, _, message) = run.find("bad-config");
    assert_eq!((file.as_str(), line), ("site.yaml", 8), "{message}");
}

#[test]
fn a_broken_link_in_a_translation_is_an_error_at_its_line() {
    let site = bilingual();
    write(site.path(), "content/about.md", "---\ntitle: About\n---\nHello.\n");
    write(
        site.path(),
        "content/about.es.md",
        "---\ntitle: Acerca de\n---\nHola.\n\nVea [la página](@/no-existe.md).\n",
    );
    let run = clockwork(site.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (file, line, column, message) = run.find("broken-link");
    assert_eq!((file.as_str(), line, column), ("content/about.es.md", 6, 5), "{message}");
}
