//! The default theme's page furniture: the footer links every page no index lists, and the
//! code-highlighting stylesheet loads only on pages with code (and never with `highlight: false`). (The theme is tested in a
//! real browser by the browser suite, `tests/browser.rs`.)

use crate::common::*;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "site.yaml", "title: Theme Test\nas_of: 2026-11-20\n");
    write(root, "content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
    write(root, "content/about.md", "---\ntitle: About\nweight: 2\n---\nAbout us.\n");
    write(root, "content/contact.md", "---\ntitle: Contact\nweight: 1\n---\nWrite to us.\n");
    write(root, "content/resources/_index.md", "---\ntitle: Resources\n---\nForms and guides.\n");
    write(root, "content/resources/guide.md", "---\ntitle: Guide\n---\n```yaml\nid: a1\n```\n");
    write(root, "content/loose/notes.md", "---\ntitle: Loose notes\n---\nIn a folder without a section page.\n");
    write(root, "content/teams/forms.md", "---\ntitle: Team forms\nkind: page\n---\nForms.\n");
    write(root, "content/teams/ilt.md", "---\ntitle: ILT\npurpose: Lead.\n---\n");
    write(root, "content/draft.md", "---\ntitle: Draft\ndraft: true\n---\nNot yet.\n");
    dir
}

fn footer_links(doc: &scraper::Html) -> Vec<(String, String)> {
    texts(doc, "footer nav.more-pages a").into_iter().zip(attrs(doc, "footer nav.more-pages a", "href")).collect()
}

#[test]
fn the_footer_links_the_pages_no_index_lists() {
    let dir = site();
    let out = build_site(dir.path());
    let expected = |prefix: &str| -> Vec<(String, String)> {
        [("Contact", "contact"), ("About", "about"), ("Resources", "resources")]
            .iter()
            .map(|(t, u)| (t.to_string(), format!("{prefix}{u}/index.html")))
            .collect()
    };
    assert_eq!(footer_links(&html(&out, "index.html")), expected(""));
    assert_eq!(footer_links(&html(&out, "resources/guide/index.html")), expected("../../"));
    // Pages deeper down that no section lists are linked from the home page only.
    let home = html(&out, "index.html");
    assert_eq!(texts(&home, "#other-h + ul a"), vec!["Loose notes", "Team forms"]);
    // The section lists its own pages; the footer does not repeat them.
    assert_eq!(texts(&html(&out, "resources/index.html"), "main .listing a"), vec!["Guide"]);
}

#[test]
fn the_footer_follows_pretty_links() {
    let dir = site();
    write(dir.path(), "site.yaml", "title: Theme Test\nas_of: 2026-11-20\npretty_links: true\n");
    let out = build_site(dir.path());
    let hrefs: Vec<String> = footer_links(&html(&out, "teams/ilt/index.html")).into_iter().map(|(_, h)| h).collect();
    assert_eq!(hrefs, vec!["../../contact/", "../../about/", "../../resources/"]);
}

#[test]
fn a_site_without_stray_pages_has_no_footer_links() {
    let dir = site();
    for page in ["about", "contact", "loose/notes", "teams/forms", "resources/_index", "resources/guide"] {
        std::fs::remove_file(dir.path().join(format!("content/{page}.md"))).unwrap();
    }
    let out = build_site(dir.path());
    assert!(texts(&html(&out, "index.html"), "footer nav").is_empty());
}

#[test]
fn highlighting_styles_load_only_with_code() {
    let dir = site();
    let out = build_site(dir.path());
    let sheets = |rel: &str| attrs(&html(&out, rel), "link[rel=stylesheet]", "href");
    assert_eq!(sheets("resources/guide/index.html"), vec!["../../style.css", "../../highlight.css"]);
    assert_eq!(sheets("about/index.html"), vec!["../style.css"]);
    assert_eq!(sheets("index.html"), vec!["style.css"]);
    assert!(out.join("highlight.css").is_file());
}

#[test]
fn highlight_false_shows_code_as_plain_text_without_the_stylesheet() {
    let dir = site();
    write(
        dir.path(),
        "content/resources/mixed.md",
        "---\ntitle: Mixed\n---\n```rust\nfn main() {}\n```\n\n```sql\nSELECT 1;\n```\n",
    );
    let out = build_site(dir.path());
    // On by default: a language the fast grammars know and one left to syntect are both coloured.
    let mixed = html(&out, "resources/mixed/index.html");
    let classes = attrs(&mixed, "pre code span", "class");
    assert!(classes.iter().any(|c| c.starts_with("hl-ts-")), "{classes:?}");
    assert!(classes.iter().any(|c| c.contains("hl-rust")), "{classes:?}");

    write(dir.path(), "site.yaml", "title: Theme Test\nas_of: 2026-11-20\nhighlight: false\n");
    let out = build_site(dir.path());
    let guide = html(&out, "resources/guide/index.html");
    assert!(attrs(&guide, "pre code span", "class").is_empty());
    assert_eq!(texts(&guide, "pre code"), vec!["id: a1"]);
    assert_eq!(attrs(&guide, "pre code", "class"), vec!["language-yaml"]);
    assert_eq!(attrs(&guide, "link[rel=stylesheet]", "href"), vec!["../../style.css"]);
}
