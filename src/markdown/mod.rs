//! Markdown to HTML: pulldown-cmark with tables, footnotes, task lists, strikethrough and
//! heading ids; `@/` internal links resolved against the site; fenced code highlighted by
//! syntect into CSS classes; raw HTML sanitized by ammonia unless the site trusts its writers.

mod contrast;
mod grammars;
mod highlight;
mod sanitize;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Rule};
use crate::util::{link_target, root_prefix, slugify};

pub use highlight::highlight_css;

/// What an `@/` link points at (comparable: watch re-renders a page when one of its links
/// would now point elsewhere).
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A published page or file, by output path from the site root.
    Output(String),
    /// A page this build does not publish, and why.
    Hidden {
        reason: &'static str,
        file: String,
    },
    /// A page whose file did not load: its own error says why, so the link is plain text
    /// without a second report.
    Unloaded,
    Missing,
}

/// Looks up `@/` links: the content path without `.md` (`teams/ilt`) or a file's path.
pub trait Links: Sync {
    fn target(&self, content_path: &str) -> Target;
    fn pretty_links(&self) -> bool;
    /// The language of the pages (for their search terms' stemming).
    fn language(&self) -> &str {
        "en"
    }
}

/// The rendered Markdown of one page (by page index) and of its agenda items' notes.
#[derive(Debug, Default, Clone)]
pub struct Body {
    pub html: String,
    pub summary: String,
    /// The plain text, for the search terms (`terms`); let go once they are worked out.
    pub text: String,
    pub headings: Vec<Heading>,
    /// Agenda item position → notes HTML.
    pub notes: Vec<(usize, String)>,
    /// Short Markdown values of entries (a benchmark's or step's `evidence`), by the field's
    /// path (`benchmarks/2/evidence`), as inline HTML.
    pub snippets: Vec<(String, String)>,
    /// The page's search terms with their weights (`views::search::page_terms`); empty when
    /// not rendering.
    pub terms: Vec<(String, u8)>,
}

/// Where a Markdown text sits, for diagnostics.
#[derive(Clone, Copy)]
pub struct Origin<'a> {
    pub file: &'a str,
    /// The text the offsets are in, and the file line and column its first byte is at.
    pub text: &'a str,
    pub line: usize,
    pub column: usize,
}

impl Origin<'_> {
    fn pos(&self, offset: usize) -> (usize, usize) {
        let (l, c) = crate::util::line_col(self.text, offset);
        if l == 1 { (self.line, self.column + c - 1) } else { (self.line + l - 1, c) }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// Plain text of the first paragraph.
    pub summary: String,
    /// Plain text of the whole document.
    pub text: String,
    pub headings: Vec<Heading>,
    pub diagnostics: Vec<Diagnostic>,
}

pub struct Renderer<'a> {
    pub links: &'a dyn Links,
    pub trust_html: bool,
    /// Whether code blocks are coloured: off for `highlight: false` and when only diagnostics
    /// are wanted (`check`).
    pub highlight: bool,
}

const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// One Markdown text on its way to HTML: the events kept so far and the plain text, summary
/// and diagnostics gathered from them.
struct Walk<'a, 'r> {
    renderer: &'r Renderer<'a>,
    origin: Origin<'r>,
    prefix: String,
    out: Rendered,
    events: Vec<Event<'r>>,
    raw_html: bool,
    dropping_link: bool,
    in_paragraph: usize,
    first_paragraph_done: bool,
    /// A fenced block being read: its language and text.
    code: Option<(String, String)>,
    /// An image being read: where it starts and its alt text so far.
    image: Option<(usize, String)>,
}

impl<'a, 'r> Walk<'a, 'r> {
    fn event(&mut self, event: Event<'r>, offset: usize) {
        if let Some((lang, body)) = &mut self.code {
            match event {
                Event::Text(t) => body.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    self.out.text.push_str(body);
                    self.out.text.push('\n');
                    let html = highlight::code_block(lang, body, self.renderer.highlight);
                    self.events.push(Event::Html(html.into()));
                    self.code = None;
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    pulldown_cmark::CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => match self.resolve(&dest_url, offset) {
                Some(url) => self.events.push(Event::Start(Tag::Link { link_type, dest_url: url.into(), title, id })),
                None => self.dropping_link = true,
            },
            Event::End(TagEnd::Link) if self.dropping_link => self.dropping_link = false,
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let url = self.resolve(&dest_url, offset).unwrap_or_default();
                self.image = Some((offset, String::new()));
                self.events.push(Event::Start(Tag::Image { link_type, dest_url: url.into(), title, id }));
            }
            Event::End(TagEnd::Image) => {
                if let Some((at, alt)) = self.image.take()
                    && alt.trim().is_empty()
                {
                    self.no_alt(at);
                }
                self.events.push(event);
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                self.raw_html = true;
                if img_without_alt(html) {
                    self.no_alt(offset);
                }
                self.events.push(event);
            }
            other => self.text_event(other),
        }
    }

    /// Events that carry or end text: kept, and read into the plain text and the summary.
    fn text_event(&mut self, event: Event<'r>) {
        let in_summary = self.in_paragraph > 0 && !self.first_paragraph_done;
        match &event {
            Event::Start(Tag::Paragraph) => self.in_paragraph += 1,
            Event::End(TagEnd::Paragraph) => {
                self.in_paragraph = self.in_paragraph.saturating_sub(1);
                if !self.out.summary.is_empty() {
                    self.first_paragraph_done = true;
                }
                self.out.text.push('\n');
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt)) = &mut self.image {
                    alt.push_str(t);
                }
                if in_summary {
                    self.out.summary.push_str(t);
                }
                self.out.text.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => {
                if in_summary {
                    self.out.summary.push(' ');
                }
                self.out.text.push(' ');
            }
            Event::End(TagEnd::Heading(_)) | Event::End(TagEnd::Item) | Event::End(TagEnd::TableCell) => {
                self.out.text.push('\n');
            }
            _ => {}
        }
        self.events.push(event);
    }

    /// `img-alt`: an image a screen reader cannot describe.
    fn no_alt(&mut self, offset: usize) {
        let message = "this image has no alt text, so a screen reader cannot say what it shows";
        let d = Diagnostic::new(Rule::ImgAlt, self.origin.file, self.origin.pos(offset), message);
        self.out.diagnostics.push(d);
    }

    fn resolve(&mut self, dest: &str, offset: usize) -> Option<String> {
        self.renderer.resolve(dest, &self.prefix, self.origin, offset, &mut self.out.diagnostics)
    }

    fn finish(mut self, size: usize) -> Rendered {
        let mut out = self.out;
        out.headings = assign_heading_ids(&mut self.events);
        let mut html = String::with_capacity(size * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        out.html = if self.raw_html && !self.renderer.trust_html { sanitize::clean(&html) } else { html };
        out.summary = out.summary.split_whitespace().collect::<Vec<_>>().join(" ");
        out
    }
}

impl Renderer<'_> {
    /// Renders `text` for the page written at `page_url` (links are made relative to it).
    pub fn render(&self, text: &str, page_url: &str, origin: Origin) -> Rendered {
        let mut walk = Walk {
            renderer: self,
            origin,
            prefix: root_prefix(page_url),
            out: Rendered::default(),
            events: Vec::new(),
            raw_html: false,
            dropping_link: false,
            in_paragraph: 0,
            first_paragraph_done: false,
            code: None,
            image: None,
        };
        for (event, range) in Parser::new_ext(text, OPTIONS).into_offset_iter() {
            walk.event(event, range.start);
        }
        walk.finish(text.len())
    }

    /// The URL a link is written with; `None` renders the link as its text alone.
    fn resolve(
        &self,
        dest: &str,
        prefix: &str,
        origin: Origin,
        offset: usize,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let Some(target) = dest.strip_prefix("@/") else {
            return Some(if is_dangerous(dest) { "#".to_string() } else { dest.to_string() });
        };
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        let content_path = content_path(path);
        match self.links.target(&content_path) {
            Target::Output(url) => {
                let mut href = format!("{prefix}{}", link_target(&url, self.links.pretty_links()));
                if href.is_empty() {
                    href.push_str("./");
                }
                if let Some(a) = anchor {
                    href.push('#');
                    href.push_str(a);
                }
                Some(href)
            }
            Target::Hidden { reason, file } => {
                diags.push(Diagnostic::new(
                    Rule::HiddenLink,
                    origin.file,
                    origin.pos(offset),
                    format!("this links to `{file}`, which is {reason}, so the link is shown as plain text"),
                ));
                None
            }
            Target::Unloaded => None,
            Target::Missing => {
                diags.push(Diagnostic::new(Rule::BrokenLink, origin.file, origin.pos(offset), format!("`@/{path}` does not exist under content/")).with_help("write the path under content/, with `.md`: `@/teams/ilt.md`, `@/strategies/early-literacy.md#g1`"));
                None
            }
        }
    }
}

/// Whether raw HTML holds an `<img>` tag without an `alt` attribute (`alt=""` marks an image
/// as decoration on purpose and passes).
fn img_without_alt(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    lower.match_indices("<img").any(|(i, _)| {
        let tag = &lower[i..lower[i..].find('>').map_or(lower.len(), |e| i + e)];
        !tag.split(|c: char| c.is_whitespace() || c == '/').any(|attr| attr.starts_with("alt=") || attr == "alt")
    })
}

/// A one-paragraph rendering without its `<p>` (for values shown inside a sentence).
pub fn inline(html: &str) -> String {
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|r| r.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => t.to_string(),
    }
}

/// `teams/ilt.md` → `teams/ilt`; `resources/_index.md` → `resources`; files keep their name.
pub fn content_path(path: &str) -> String {
    let path = path.trim_start_matches('/');
    match path.strip_suffix(".md") {
        Some("_index") => String::new(),
        Some(p) => p.strip_suffix("/_index").unwrap_or(p).to_string(),
        None => path.trim_end_matches('/').to_string(),
    }
}

fn is_dangerous(url: &str) -> bool {
    let lower: String = url
        .trim_start()
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    lower.starts_with("javascript:")
        || lower.starts_with("vbscript:")
        || (lower.starts_with("data:") && !lower.starts_with("data:image/"))
}

/// Gives each heading an id (its own `{#id}`, else a slug of its text, made unique).
fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut used = std::collections::HashSet::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let given = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = given.unwrap_or_else(|| {
                let s = slugify(&text);
                if s.is_empty() { "section".to_string() } else { s }
            });
            let mut unique = base.clone();
            let mut n = 1;
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            headings.push(Heading { level: heading_number(level), id: unique, text: text.trim().to_string() });
            i = j;
        }
        i += 1;
    }
    headings
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TestLinks;
    impl Links for TestLinks {
        fn target(&self, path: &str) -> Target {
            match path {
                "teams/ilt" => Target::Output("teams/ilt/index.html".into()),
                "" => Target::Output("index.html".into()),
                "staff/log" => Target::Hidden { reason: "staff-only", file: "content/staff/log.md".into() },
                _ => Target::Missing,
            }
        }
        fn pretty_links(&self) -> bool {
            false
        }
    }

    fn render(text: &str, trust_html: bool) -> Rendered {
        let r = Renderer { links: &TestLinks, trust_html, highlight: true };
        r.render(text, "strategies/x/index.html", Origin { file: "content/strategies/x.md", text, line: 5, column: 1 })
    }

    #[test]
    fn internal_links_are_relative_to_the_page() {
        let out = render("See [the ILT](@/teams/ilt.md#norms) and [home](@/_index.md).", false);
        assert!(out.html.contains(r#"href="../../teams/ilt/index.html#norms""#), "{}", out.html);
        assert!(out.html.contains(r#"href="../../index.html""#), "{}", out.html);
        assert!(out.diagnostics.is_empty());
    }

    #[test]
    fn broken_and_hidden_links_become_text_with_a_diagnostic() {
        let out = render("Intro\n\nA [gone](@/teams/nope.md) and [log](@/staff/log.md).", false);
        assert!(!out.html.contains("href"), "{}", out.html);
        assert!(out.html.contains("gone") && out.html.contains("log"));
        let found: Vec<_> = out.diagnostics.iter().map(|d| (d.rule, d.line, d.column)).collect();
        assert_eq!(found, [(Rule::BrokenLink, 7, 3), (Rule::HiddenLink, 7, 31)]);
    }

    #[test]
    fn headings_get_unique_ids() {
        let out = render("# Goals\n\n## Goals\n\n## Own {#mine}\n", false);
        let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["goals", "goals-1", "mine"]);
        assert!(out.html.contains(r#"<h2 id="goals-1">"#));
    }

    #[test]
    fn code_is_highlighted_with_classes_only() {
        let out = render("```yaml\nowner: ana\n```\n", false);
        assert!(out.html.contains("class=\"hl-"), "{}", out.html);
        assert!(!out.html.contains("style="), "{}", out.html);
    }

    #[test]
    fn raw_html_is_sanitized_unless_trusted() {
        let evil = "<script>alert(1)</script><img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">x</a>\n\n[y](javascript:alert(4))";
        let out = render(evil, false);
        for bad in ["<script", "onerror", "javascript:"] {
            assert!(!out.html.contains(bad), "{bad} in {}", out.html);
        }
        let trusted = render("<div class=\"note\">hi</div>", true);
        assert!(trusted.html.contains("<div class=\"note\">"));
    }

    #[test]
    fn tables_footnotes_tasks_and_summary() {
        let out = render(
            "First *para*\ngraph.\n\nSecond.[^1]\n\n[^1]: Note.\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n",
            false,
        );
        assert_eq!(out.summary, "First para graph.");
        assert!(out.html.contains("<table>"));
        assert!(out.html.contains("footnote"));
        assert!(out.html.contains("type=\"checkbox\""));
    }
}
