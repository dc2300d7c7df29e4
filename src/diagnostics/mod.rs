//! Diagnostics: what went wrong or falls short, where (file, line, column), and how to fix it;
//! the registry of rules (`rules`); the human (compiler-like) and JSON printers.

use std::collections::BTreeMap;
use std::io::IsTerminal;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

mod rules;
pub use rules::Rule;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// What site.yaml `checks:` may set a rule to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Deny,
    Warn,
    Allow,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "deny" => Some(Level::Deny),
            "warn" => Some(Level::Warn),
            "allow" => Some(Level::Allow),
            _ => None,
        }
    }
}

/// One problem, at a place in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    /// Relative to the site root, with `/` separators.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[serde(skip)]
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the rule's default severity and help.
    pub fn new(rule: Rule, file: &str, (line, column): (usize, usize), message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity(),
            file: file.to_string(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn sort_key(&self) -> (&str, usize, usize, Rule, &str) {
        (&self.file, self.line, self.column, self.rule, &self.message)
    }
}

/// Applies site.yaml severities (dropping `allow`ed rules) and sorts by file and line.
pub fn finish(mut diagnostics: Vec<Diagnostic>, levels: &BTreeMap<Rule, Level>) -> Vec<Diagnostic> {
    diagnostics.retain_mut(|d| match levels.get(&d.rule) {
        Some(Level::Allow) => false,
        Some(Level::Deny) => {
            d.severity = Severity::Error;
            true
        }
        Some(Level::Warn) => {
            d.severity = Severity::Warning;
            true
        }
        None => !d.rule.off_by_default(),
    });
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    diagnostics
}

pub fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics.iter().filter(|d| d.severity == severity).count()
}

/// "2 errors, 5 warnings".
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(count(diagnostics, Severity::Error), "error"),
        plural(count(diagnostics, Severity::Warning), "warning")
    )
}

/// The source text of files, for showing the offending line.
pub type SourceTexts = BTreeMap<String, std::sync::Arc<str>>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorMode {
    Auto,
    Always,
    Never,
}

/// Writes diagnostics like a compiler does, grouped by file, to a string.
pub fn render_human(diagnostics: &[Diagnostic], sources: &SourceTexts, color: bool) -> String {
    let mut files = SimpleFiles::new();
    let mut ids = BTreeMap::new();
    let config = term::Config { chars: term::Chars::ascii(), ..term::Config::default() };
    let mut buffer = if color { termcolor::Buffer::ansi() } else { termcolor::Buffer::no_color() };
    for d in diagnostics {
        let id = *ids.entry(d.file.clone()).or_insert_with(|| {
            let text = sources.get(&d.file).map_or_else(String::new, |t| t.to_string());
            files.add(d.file.clone(), text)
        });
        let report = to_report(d, id, files.get(id).map(|f| f.source().as_str()).unwrap_or(""));
        if term::emit_to_write_style(&mut buffer, &config, &files, &report).is_err() {
            // Fall back to a one-line form if the span does not fit the file.
            let line = format!(
                "{}[{}]: {}\n  --> {}:{}:{}\n",
                severity_word(d.severity),
                d.rule,
                d.message,
                d.file,
                d.line,
                d.column
            );
            use std::io::Write;
            let _ = buffer.write_all(line.as_bytes());
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn to_report(d: &Diagnostic, file_id: usize, text: &str) -> Report<usize> {
    let report = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    };
    let range = span_range(text, d.line, d.column);
    let help = d.help.clone().unwrap_or_else(|| d.rule.help().to_string());
    report
        .with_code(d.rule.id())
        .with_message(&d.message)
        .with_labels(vec![Label::primary(file_id, range)])
        .with_notes(vec![format!("help: {help}")])
}

/// The byte range to underline: from the column to the end of the word (or the line).
fn span_range(text: &str, line: usize, column: usize) -> std::ops::Range<usize> {
    let mut line_start = 0;
    for _ in 1..line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len()..text.len(),
        }
    }
    let line_text = text[line_start..].split('\n').next().unwrap_or("").trim_end_matches('\r');
    let start = line_text.char_indices().nth(column.saturating_sub(1)).map_or(line_text.len(), |(i, _)| i);
    let tail = &line_text[start..];
    let len = marker_len(&line_text[..start], tail);
    (line_start + start)..(line_start + start + len)
}

/// How much of `tail` (the line from the column on) to underline: a whole `{ ... }` entry;
/// the rest of a block line (`id: g1`, `goals:`) or the value after its key (`title: ...`);
/// else one word (an id inside a `{ ... }` entry).
fn marker_len(head: &str, tail: &str) -> usize {
    let rest = tail.find(" #").map_or(tail, |i| &tail[..i]).trim_end().len();
    let head = head.trim();
    let head = head.strip_prefix('-').map_or(head, str::trim_start);
    let first_word = tail.split_whitespace().next().unwrap_or("");
    if tail.starts_with(['{', '[']) {
        let mut depth = 0usize;
        for (i, c) in tail.char_indices() {
            match c {
                '{' | '[' => depth += 1,
                '}' | ']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
        }
        return rest.max(1);
    }
    let after_block_key = head.ends_with(':') && !head.contains(['{', '[', ',', ' ']);
    let block_key = head.is_empty() && first_word.ends_with(':');
    if (after_block_key || block_key) && rest > 0 {
        return rest;
    }
    let word = tail.find(|c: char| c.is_whitespace() || matches!(c, ',' | '}' | ']')).unwrap_or(tail.len());
    if word == 0 { tail.chars().next().map_or(0, char::len_utf8) } else { word }
}

/// Whether to colour stderr for a `--color` choice. On Windows the console is first asked
/// to read colour codes (Windows 10's console shows them as `←[31m` until it is), and
/// `auto` gives up colour where it cannot.
pub fn use_color(mode: ColorMode) -> bool {
    match mode {
        ColorMode::Always => {
            anstyle_query::windows::enable_ansi_colors();
            true
        }
        ColorMode::Never => false,
        ColorMode::Auto => {
            std::env::var_os("NO_COLOR").is_none()
                && std::io::stderr().is_terminal()
                && anstyle_query::windows::enable_ansi_colors().unwrap_or(true)
        }
    }
}

/// The JSON form: one array, sorted by file and line.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diagnostics).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(rule: Rule, file: &str, line: usize) -> Diagnostic {
        Diagnostic::new(rule, file, (line, 3), "message")
    }

    #[test]
    fn levels_silence_promote_and_sort() {
        let mut levels = BTreeMap::new();
        levels.insert(Rule::GoalsCount, Level::Allow);
        levels.insert(Rule::LoopOpen, Level::Deny);
        let out = finish(
            vec![
                diag(Rule::LoopOpen, "b.md", 2),
                diag(Rule::GoalsCount, "a.md", 1),
                diag(Rule::TeamPurpose, "a.md", 9),
            ],
            &levels,
        );
        assert_eq!(out.iter().map(|d| d.rule).collect::<Vec<_>>(), [Rule::TeamPurpose, Rule::LoopOpen]);
        assert_eq!(out[1].severity, Severity::Error);
        assert_eq!(summary(&out), "1 error, 1 warning");
    }

    #[test]
    fn human_output_points_at_the_line() {
        let mut sources = SourceTexts::new();
        sources.insert("content/x.md".into(), "---\ntitle: X\nownr: me\n---\n".into());
        let d = Diagnostic::new(Rule::UnknownField, "content/x.md", (3, 1), "unknown field `ownr`");
        let text = render_human(&[d], &sources, false);
        assert!(text.contains("error[unknown-field]: unknown field `ownr`"), "{text}");
        assert!(text.contains("content/x.md:3:1"), "{text}");
        assert!(text.contains("ownr: me"), "{text}");
        assert!(text.contains("help:"), "{text}");
    }

    #[test]
    fn spans_stay_inside_the_text() {
        assert_eq!(span_range("abc", 5, 9), 3..3);
        assert_eq!(span_range("ab cd\nef", 1, 4), 3..5);
        assert_eq!(span_range("ab cd\nef", 2, 1), 6..8);
    }

    #[test]
    fn markers_cover_the_offending_entry_or_value() {
        let text = "title: Two sentences. Here.\ngoals:\n  - id: g1\n  - { id: g2, goals: [g1] }\n  - { person: ana-rui, role: lead }\n    due: 2026-11-06   # moved\n";
        let marked = |line, column| {
            let r = span_range(text, line, column);
            text[r].to_string()
        };
        assert_eq!(marked(1, 8), "Two sentences. Here.");
        assert_eq!(marked(2, 1), "goals:");
        assert_eq!(marked(3, 5), "id: g1");
        assert_eq!(marked(4, 5), "{ id: g2, goals: [g1] }");
        assert_eq!(marked(5, 15), "ana-rui");
        assert_eq!(marked(6, 10), "2026-11-06");
    }
}
