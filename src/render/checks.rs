//! `checks/index.html`, in staff builds only: the open plan-quality warnings grouped by file,
//! each linked to its page (and to the goal, benchmark or step it is about), for an ILT to
//! review plan quality in a meeting.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::nav::{breadcrumbs, default_title, nav};
use super::{Inputs, PageInfo, Templates};
use crate::content::kinds::{StrategyFront, field_names};
use crate::diagnostics::{self, Diagnostic, Rule, Severity};
use crate::model::{Audience, Page, PageData, Site};
use crate::present::{Ctx, Job, Ref};

pub const TEMPLATE: &str = "checks.html";

#[derive(Serialize)]
struct ChecksView {
    /// "0 errors, 5 warnings".
    summary: String,
    warnings: usize,
    rules: Vec<RuleCount>,
    files: Vec<FileWarnings>,
}

#[derive(Serialize)]
struct RuleCount {
    rule: &'static str,
    count: usize,
    explanation: &'static str,
}

#[derive(Serialize)]
struct FileWarnings {
    file: String,
    /// The page the file is, linked; the file name as text when it is not a page (site.yaml).
    page: Ref,
    warnings: Vec<WarningView>,
}

#[derive(Serialize)]
struct WarningView {
    rule: &'static str,
    line: usize,
    column: usize,
    /// HTML: the message escaped, with `code` spans.
    message: String,
    /// HTML, as `message`: how to meet the criterion.
    help: String,
    /// A link to the goal, benchmark or action step the warning is about, if it is one.
    entry: Option<Ref>,
}

/// Renders the checks page into `pages` when the build is for staff; a failure goes to `diags`.
pub fn render_into(
    inputs: Inputs,
    templates: &Templates,
    found: &[Diagnostic],
    pages: &mut Vec<(String, Vec<u8>)>,
    diags: &mut Vec<Diagnostic>,
) {
    if inputs.site.scope.audience != Audience::Staff {
        return;
    }
    match render(inputs, templates, found) {
        Ok(page) => pages.push(page),
        Err(d) => diags.push(d),
    }
}

/// The checks page: output path and bytes.
pub fn render(inputs: Inputs, templates: &Templates, found: &[Diagnostic]) -> Result<(String, Vec<u8>), Diagnostic> {
    let site = inputs.site;
    let job = Job::Checks;
    let output = job.output(site);
    if let Some(page) = site.pages.iter().find(|p| p.url == output) {
        return Err(Diagnostic::new(
            Rule::DuplicateId,
            &page.src.file,
            (1, 1),
            format!("this page would be written to `{output}`, where staff builds list the plan's checks"),
        )
        .with_help("move the page to another folder"));
    }
    let cx = inputs.cx(&output);
    let mut context = Context::new();
    context.insert("root", cx.prefix());
    context.insert("page", &PageInfo::generated(default_title(job), ""));
    context.insert("checks", &view(&cx, found));
    context.insert("nav", &nav(&cx, job));
    context.insert("breadcrumbs", &breadcrumbs(&cx, job));
    templates.render(TEMPLATE, &context).map(|html| (output, html.into_bytes())).map_err(|e| {
        Diagnostic::new(
            Rule::TemplateError,
            "templates",
            (1, 1),
            format!("`{TEMPLATE}` failed for the checks page: {e}"),
        )
    })
}

fn view(cx: &Ctx, found: &[Diagnostic]) -> ChecksView {
    let warnings: Vec<&Diagnostic> = found.iter().filter(|d| d.severity == Severity::Warning).collect();
    let mut counts: BTreeMap<Rule, usize> = BTreeMap::new();
    let mut files: Vec<FileWarnings> = Vec::new();
    for d in &warnings {
        *counts.entry(d.rule).or_default() += 1;
        if files.last().is_none_or(|f| f.file != d.file) {
            files.push(FileWarnings { file: d.file.clone(), page: page_ref(cx, &d.file), warnings: Vec::new() });
        }
        let warning = WarningView {
            rule: d.rule.id(),
            line: d.line,
            column: d.column,
            message: code_spans(&d.message),
            help: code_spans(d.help.as_deref().unwrap_or(d.rule.help())),
            entry: entry_ref(cx, &d.file, d.line),
        };
        if let Some(f) = files.last_mut() {
            f.warnings.push(warning);
        }
    }
    let rules = Rule::ALL
        .iter()
        .filter_map(|&r| counts.get(&r).map(|&count| RuleCount { rule: r.id(), count, explanation: r.explanation() }))
        .collect();
    ChecksView { summary: diagnostics::summary(found), warnings: warnings.len(), rules, files }
}

/// Escapes `text` for HTML and shows its `backticked` parts as code, as the terminal does.
fn code_spans(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let parts: Vec<&str> = text.split('`').collect();
    for (i, part) in parts.iter().enumerate() {
        // An odd part is inside backticks, unless its closing backtick is missing.
        let code = i % 2 == 1 && i + 1 < parts.len();
        if code {
            out.push_str("<code>");
        } else if i % 2 == 1 {
            out.push('`');
        }
        crate::util::push_escaped(&mut out, part);
        if code {
            out.push_str("</code>");
        }
    }
    out
}

fn page_of<'a>(site: &'a Site, file: &str) -> Option<(usize, &'a Page)> {
    site.pages.iter().enumerate().find(|(_, p)| p.src.file == file)
}

fn page_ref(cx: &Ctx, file: &str) -> Ref {
    match page_of(cx.site, file) {
        Some((i, _)) => cx.page(i),
        None => Ref { text: file.to_string(), href: None },
    }
}

/// The goal, benchmark or action step of a strategy whose lines hold `line`: the last entry
/// that starts at or before it, unless a top-level field starts between them.
fn entry_ref(cx: &Ctx, file: &str, line: usize) -> Option<Ref> {
    let (_, page) = page_of(cx.site, file)?;
    let PageData::Strategy(s) = &page.data else { return None };
    if line >= page.src.body_line {
        return None;
    }
    let start = |list: &str, index: usize| page.src.pos(&[list, &index.to_string()]).0;
    let entries = s
        .goals
        .iter()
        .map(|g| (start("goals", g.index), &g.id, "goal"))
        .chain(s.benchmarks.iter().map(|b| (start("benchmarks", b.index), &b.id, "benchmark")))
        .chain(s.action_steps.iter().map(|a| (start("action_steps", a.index), &a.id, "action step")));
    let (entry_line, id, what) = entries.filter(|(l, _, _)| *l <= line).max_by_key(|(l, _, _)| *l)?;
    let field_between = field_names::<StrategyFront>().iter().any(|f| {
        let key = page.src.key_pos(&[f]);
        key != (1, 1) && entry_line < key.0 && key.0 <= line
    });
    if field_between {
        return None;
    }
    Some(cx.entry(&page.id, id, format!("{what} {id}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_escape_first() {
        assert_eq!(code_spans("goal `g1` <b>"), "goal <code>g1</code> &lt;b&gt;");
        assert_eq!(code_spans("a `<x>` and `open"), "a <code>&lt;x&gt;</code> and `open");
        assert_eq!(code_spans("plain"), "plain");
    }
}
