//! The fast highlighter: tree-sitter grammars for the languages a plan's code blocks mostly
//! are (YAML front matter shown as an example, JSON exports, shell and Python scripts that
//! fetch data, the SQL of a data team's query, the HTML, CSS and JavaScript of an embed). Each grammar is compiled on first
//! use and shared by every thread; each thread keeps its own parser. Other languages go to
//! syntect (`highlight.rs`).

use std::cell::RefCell;
use std::sync::OnceLock;

use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};

use crate::util::push_escaped;

/// The captures that get a colour: (tree-sitter capture name, CSS class, the TextMate scope
/// whose colour the stylesheet takes from the syntect theme). A capture not named here
/// (`variable`, `punctuation`) stays plain text; a longer name takes its longest prefix
/// here (`string.special.key` → `string.special`).
pub const CAPTURES: [(&str, &str, &str); 22] = [
    ("attribute", "hl-ts-attribute", "entity.other.attribute-name"),
    ("boolean", "hl-ts-boolean", "constant.language"),
    ("comment", "hl-ts-comment", "comment"),
    ("constant", "hl-ts-constant", "constant"),
    ("constant.builtin", "hl-ts-constant-builtin", "constant.language"),
    ("constructor", "hl-ts-constructor", "entity.name.type"),
    ("escape", "hl-ts-escape", "constant.character.escape"),
    ("function", "hl-ts-function", "entity.name.function"),
    ("function.builtin", "hl-ts-function-builtin", "support.function"),
    ("keyword", "hl-ts-keyword", "keyword"),
    ("label", "hl-ts-label", "entity.name.label"),
    ("number", "hl-ts-number", "constant.numeric"),
    ("operator", "hl-ts-operator", "keyword.operator"),
    ("property", "hl-ts-property", "entity.name.tag"),
    ("punctuation.special", "hl-ts-punctuation-special", "punctuation.section.embedded"),
    ("string", "hl-ts-string", "string"),
    ("string.special", "hl-ts-string-special", "string.regexp"),
    ("tag", "hl-ts-tag", "entity.name.tag"),
    ("type", "hl-ts-type", "storage.type"),
    ("type.builtin", "hl-ts-type-builtin", "support.type"),
    ("variable.builtin", "hl-ts-variable-builtin", "variable.language"),
    ("variable.parameter", "hl-ts-variable-parameter", "variable.parameter"),
];

#[derive(Clone, Copy)]
enum Language {
    Yaml,
    Json,
    Python,
    Bash,
    JavaScript,
    Html,
    Css,
    Sql,
}

const LANGUAGES: usize = 8;

impl Language {
    /// The language a fence's info string names, by the names people write.
    fn named(token: &str) -> Option<Language> {
        Some(match token.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Language::Yaml,
            "json" => Language::Json,
            "python" | "py" => Language::Python,
            "bash" | "sh" | "shell" | "zsh" => Language::Bash,
            "javascript" | "js" | "mjs" => Language::JavaScript,
            "html" | "htm" => Language::Html,
            "css" => Language::Css,
            "sql" => Language::Sql,
            _ => return None,
        })
    }

    fn config(self) -> Option<HighlightConfiguration> {
        let (language, name, highlights, injections) = match self {
            Language::Yaml => (tree_sitter_yaml::LANGUAGE, "yaml", tree_sitter_yaml::HIGHLIGHTS_QUERY, ""),
            Language::Json => (tree_sitter_json::LANGUAGE, "json", tree_sitter_json::HIGHLIGHTS_QUERY, ""),
            Language::Python => (tree_sitter_python::LANGUAGE, "python", tree_sitter_python::HIGHLIGHTS_QUERY, ""),
            Language::Bash => (tree_sitter_bash::LANGUAGE, "bash", tree_sitter_bash::HIGHLIGHT_QUERY, ""),
            Language::JavaScript => (
                tree_sitter_javascript::LANGUAGE,
                "javascript",
                tree_sitter_javascript::HIGHLIGHT_QUERY,
                tree_sitter_javascript::INJECTIONS_QUERY,
            ),
            Language::Html => (
                tree_sitter_html::LANGUAGE,
                "html",
                tree_sitter_html::HIGHLIGHTS_QUERY,
                tree_sitter_html::INJECTIONS_QUERY,
            ),
            Language::Css => (tree_sitter_css::LANGUAGE, "css", tree_sitter_css::HIGHLIGHTS_QUERY, ""),
            Language::Sql => (tree_sitter_sequel::LANGUAGE, "sql", tree_sitter_sequel::HIGHLIGHTS_QUERY, ""),
        };
        let mut config = HighlightConfiguration::new(language.into(), name, highlights, injections, "").ok()?;
        config.configure(&CAPTURES.map(|(capture, _, _)| capture));
        Some(config)
    }
}

/// The compiled grammar for a fence's language, made on first use.
fn grammar(token: &str) -> Option<&'static HighlightConfiguration> {
    static CONFIGS: [OnceLock<Option<HighlightConfiguration>>; LANGUAGES] = [const { OnceLock::new() }; LANGUAGES];
    let language = Language::named(token)?;
    CONFIGS[language as usize].get_or_init(|| language.config()).as_ref()
}

thread_local! {
    static HIGHLIGHTER: RefCell<Highlighter> = RefCell::new(Highlighter::new());
}

/// `code` as escaped HTML with `hl-ts-` spans, when a grammar here knows `lang`; None for
/// other languages (and, never seen, if the grammar fails), which syntect then takes.
pub fn highlight(lang: &str, code: &str) -> Option<String> {
    let config = grammar(lang)?;
    HIGHLIGHTER.with_borrow_mut(|highlighter| {
        // A closure, not `grammar` itself: the callback must return the highlighter's own
        // lifetime, which a `fn` returning `'static` does not coerce to.
        #[allow(clippy::redundant_closure)]
        let events = highlighter.highlight(config, code.as_bytes(), None, |name| grammar(name)).ok()?;
        let mut html = String::with_capacity(code.len() * 3);
        for event in events {
            match event.ok()? {
                HighlightEvent::Source { start, end } => push_escaped(&mut html, code.get(start..end)?),
                HighlightEvent::HighlightStart(capture) => {
                    html.push_str("<span class=\"");
                    html.push_str(CAPTURES[capture.0].1);
                    html.push_str("\">");
                }
                HighlightEvent::HighlightEnd => html.push_str("</span>"),
            }
        }
        Some(html)
    })
}

#[cfg(test)]
mod tests {
    use super::highlight;

    #[test]
    fn yaml_keys_strings_and_numbers_get_their_classes() {
        let html = highlight("yaml", "owner: s0-p0 # the lead\nbaseline: 50.5\n").unwrap();
        assert!(html.contains(r#"<span class="hl-ts-property">owner</span>"#), "{html}");
        assert!(html.contains(r#"<span class="hl-ts-comment"># the lead</span>"#), "{html}");
        assert!(html.contains(r#"<span class="hl-ts-number">50.5</span>"#), "{html}");
    }

    #[test]
    fn code_is_escaped_and_the_text_kept_whole() {
        let code = "<p class=\"x\">a & b</p>\n<style>p { color: red; }</style>\n";
        let html = highlight("html", code).unwrap();
        assert!(!html.contains("<p"), "{html}");
        assert!(html.contains("&amp;"), "{html}");
        // CSS inside <style> is highlighted by its own grammar.
        assert!(html.contains(r#"<span class="hl-ts-property">color</span>"#), "{html}");
        let text = html.split('<').map(|part| part.split_once('>').map_or(part, |(_, t)| t)).collect::<String>();
        assert_eq!(text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&"), code);
    }

    #[test]
    fn names_people_write_pick_the_grammar_and_others_are_left_to_syntect() {
        assert!(highlight("YML", "a: 1\n").is_some());
        assert!(highlight("sh", "echo hi\n").is_some());
        let sql = highlight("sql", "SELECT school FROM scores WHERE score >= 70;\n").unwrap();
        assert!(sql.contains(r#"<span class="hl-ts-keyword">SELECT</span>"#), "{sql}");
        assert!(highlight("rust", "fn main() {}\n").is_none());
        assert!(highlight("", "plain\n").is_none());
    }
}
