//! Safe publishing: nothing unpublished leaks into any output file; writers' HTML cannot run
//! script; no output loads a network resource; the same input gives the same bytes.

use crate::common::*;

/// Every output file (path and contents) that mentions `needle`, case-insensitively.
fn grep(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let needle = needle.to_lowercase();
    files(dir)
        .into_iter()
        .filter(|f| {
            f.to_lowercase().contains(&needle)
                || String::from_utf8_lossy(&std::fs::read(dir.join(f)).unwrap()).to_lowercase().contains(&needle)
        })
        .collect()
}

fn build_to(root: &std::path::Path, out: &str, flags: &[&str]) -> std::path::PathBuf {
    let dir = root.join(out);
    let mut args = vec!["build", "--output", dir.to_str().unwrap()];
    args.extend_from_slice(flags);
    let run = clockwork(root, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

#[test]
fn drafts_and_staff_only_content_leak_into_no_file_of_a_public_build() {
    let site = fixture("leaks");
    let public = build_to(site.path(), "public", &[]);
    let kinds: Vec<String> = files(&public).iter().filter_map(|f| f.rsplit('.').next().map(str::to_string)).collect();
    for ext in ["html", "js", "json", "csv", "ics", "xml", "svg"] {
        assert!(kinds.iter().any(|k| k == ext), "the leak test covers .{ext} outputs: {kinds:?}");
    }
    assert_eq!(grep(&public, "sentinel"), Vec::<String>::new());
}

#[test]
fn a_staff_build_shows_staff_content_but_not_drafts() {
    let site = fixture("leaks");
    let staff = build_to(site.path(), "staff", &["--audience", "staff"]);
    for sentinel in [
        "STAFFSENTINEL-TEAM",
        "STAFFSENTINEL-STEP",
        "STAFFSENTINEL-ITEM",
        "STAFFSENTINEL-NOTEPAGE",
        "STAFFSENTINEL-ATTACHMENT",
    ] {
        assert!(!grep(&staff, sentinel).is_empty(), "{sentinel} is in the staff build");
    }
    assert_eq!(grep(&staff, "DRAFTSENTINEL"), Vec::<String>::new());
    let drafts = build_to(site.path(), "drafts", &["--drafts"]);
    assert!(!grep(&drafts, "DRAFTSENTINEL-STRATEGY").is_empty());
    assert!(!grep(&drafts, "DRAFTSENTINEL-PAGE").is_empty());
    assert_eq!(grep(&drafts, "STAFFSENTINEL"), Vec::<String>::new());
}

#[test]
fn links_and_references_to_unpublished_pages_are_plain_text_with_a_warning() {
    let site = fixture("leaks");
    let root = site.path();
    write(root, "site.yaml", &read(root, "site.yaml").replace("  hidden-link: allow\n", ""));
    let run = clockwork(root, &["build", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hidden: Vec<(String, u64)> = run
        .diagnostics()
        .iter()
        .filter(|d| d["rule"] == "hidden-link")
        .map(|d| (d["file"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap()))
        .collect();
    let at = |file: &str, line: u64| hidden.iter().filter(|h| h.0 == file && h.1 == line).count();
    assert_eq!(at("content/strategies/public-plan.md", 16), 2, "the body's two @/ links: {hidden:?}");
    assert_eq!(at("content/strategies/public-plan.md", 14), 1, "a supporter by id: {hidden:?}");
    assert_eq!(at("content/teams/ilt.md", 8), 1, "a member by id: {hidden:?}");
    assert_eq!(at("content/teams/ilt.md", 10), 1, "a link to a staff team: {hidden:?}");
    let page = html(&root.join("public"), "strategies/public-plan/index.html");
    let hrefs = attrs(&page, "a", "href");
    assert!(!hrefs.iter().any(|h| h.contains("secret-team") || h.contains("drafts/")), "{hrefs:?}");
    assert!(texts(&page, ".prose").join(" ").contains("the secret team"), "the link text stays");
}

#[test]
fn writers_html_and_front_matter_values_cannot_run_script() {
    let site = fixture("xss");
    let out = build_to(site.path(), "public", &[]);
    for page in files(&out).into_iter().filter(|f| f.ends_with(".html")) {
        let doc = html(&out, &page);
        for el in doc.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
            let name = el.value().name();
            if name == "script" {
                let src = el.value().attr("src").unwrap_or("");
                assert!(
                    src.ends_with("search.js") && el.inner_html().trim().is_empty(),
                    "{page}: a script other than the theme's: {}",
                    el.html()
                );
            }
            assert!(!["iframe", "object", "embed"].contains(&name), "{page}: <{name}>");
            for (attr, value) in el.value().attrs() {
                assert!(!attr.starts_with("on"), "{page}: event handler {attr}={value} on <{name}>");
                let v: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
                assert!(!v.starts_with("javascript:"), "{page}: {attr}={value}");
                assert!(!(attr == "style" && v.contains("javascript")), "{page}: {attr}={value}");
            }
        }
    }
    // The text is kept, inert.
    let team = html(&out, "teams/evil/index.html");
    assert_eq!(texts(&team, "h1"), ["<script>alert('team')</script>"]);
}

#[test]
fn trust_html_lets_a_trusted_site_keep_its_markup() {
    let site = fixture("xss");
    let root = site.path();
    write(root, "site.yaml", &(read(root, "site.yaml") + "trust_html: true\n"));
    let out = build_to(root, "public", &[]);
    let home = html(&out, "index.html");
    assert!(!attrs(&home, "main img[onerror]", "onerror").is_empty(), "raw HTML passes through when trusted");
    let team = html(&out, "teams/evil/index.html");
    assert_eq!(texts(&team, "h1"), ["<script>alert('team')</script>"], "front matter is escaped even then");
}

#[test]
fn no_output_loads_anything_from_the_network() {
    let out = tempfile::tempdir().unwrap();
    let run = clockwork(&repo(), &["build", "--output", out.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = out.path();
    for file in files(out) {
        if file.ends_with(".html") {
            let doc = html(out, &file);
            for (selector, attr) in [
                ("script[src]", "src"),
                ("link[href]", "href"),
                ("img[src]", "src"),
                ("iframe[src]", "src"),
                ("source[src]", "src"),
                ("video[src]", "src"),
                ("audio[src]", "src"),
                ("image[href]", "href"),
                ("use[href]", "href"),
            ] {
                for url in attrs(&doc, selector, attr) {
                    assert!(!url.contains("//"), "{file}: {selector} loads {url}");
                }
            }
            assert!(!read(out, &file).contains("@import"), "{file}");
        }
        if file.ends_with(".css") {
            let css = read(out, &file);
            assert!(!css.contains("@import"), "{file}: @import");
            for part in css.split("url(").skip(1) {
                let url = part.split(')').next().unwrap_or("");
                assert!(!url.contains("//"), "{file}: url({url})");
            }
        }
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let site = fixture("leaks");
    let root = site.path();
    let first = build_to(root, "one", &[]);
    let second = build_to(root, "two", &[]);
    assert_eq!(files(&first), files(&second));
    for f in files(&first) {
        assert!(
            std::fs::read(first.join(&f)).unwrap() == std::fs::read(second.join(&f)).unwrap(),
            "{f} differs between builds"
        );
    }
    // And the example site too, including its calendars and exports.
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [&a, &b] {
        assert_eq!(clockwork(&repo(), &["build", "--quiet", "--output", dir.path().to_str().unwrap()]).code, 0);
    }
    for f in files(a.path()) {
        assert!(std::fs::read(a.path().join(&f)).unwrap() == std::fs::read(b.path().join(&f)).unwrap(), "{f} differs");
    }
}

#[test]
fn sitemap_and_absolute_404_links_only_with_a_base_url_and_always_a_404_page() {
    let site = fixture("leaks");
    let out = build_to(site.path(), "public", &[]);
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://plans.example.org/strategies/public-plan/index.html</loc>"), "{sitemap}");
    assert!(!sitemap.contains("secret-team") && !sitemap.contains("404.html"), "{sitemap}");
    // A server shows 404.html at the missing address's depth: with a base_url its links are
    // absolute, so the style sheet and the navigation work there.
    let page = html(&out, "404.html");
    let css = attrs(&page, "link[rel=stylesheet]", "href");
    assert_eq!(css, ["https://plans.example.org/style.css"]);
    let nav = attrs(&page, "nav.site-nav a", "href");
    assert!(!nav.is_empty() && nav.iter().all(|h| h.starts_with("https://plans.example.org/")), "{nav:?}");
    // Every other page keeps its relative links.
    let home = html(&out, "index.html");
    assert_eq!(attrs(&home, "link[rel=stylesheet]", "href"), ["style.css"]);
    let basic = fixture("basic");
    let out = build_to(basic.path(), "public", &[]);
    assert!(!out.join("sitemap.xml").exists());
    assert_eq!(attrs(&html(&out, "404.html"), "link[rel=stylesheet]", "href"), ["style.css"]);
}

#[test]
fn yaml_bombs_and_deep_nesting_are_refused_with_a_diagnostic() {
    let site = fixture("basic");
    let root = site.path();
    let mut bomb = String::from("---\ntitle: Bomb\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..12 {
        let prev = if i == 0 { "a".to_string() } else { format!("l{}", i - 1) };
        bomb.push_str(&format!(
            "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    bomb.push_str("---\n");
    write(root, "content/bomb.md", &bomb);
    write(root, "content/deep.md", &format!("---\ntitle: Deep\ntags: {}\n---\n", "[".repeat(50_000)));
    let run = clockwork(root, &["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let files: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert!(files.contains(&"content/bomb.md".to_string()), "{files:?}");
    assert!(files.contains(&"content/deep.md".to_string()), "{files:?}");
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_site_publishes_nothing() {
    let site = fixture("basic");
    let root = site.path();
    let secret = tempfile::tempdir().unwrap();
    write(secret.path(), "passwords.txt", "OUTSIDESENTINEL");
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::os::unix::fs::symlink(secret.path().join("passwords.txt"), root.join("static/passwords.txt")).unwrap();
    std::os::unix::fs::symlink(secret.path(), root.join("content/resources/elsewhere")).unwrap();
    let out = build_to(root, "public", &[]);
    assert_eq!(grep(&out, "OUTSIDESENTINEL"), Vec::<String>::new());
    assert!(!out.join("passwords.txt").exists());
}
