//! `checks/index.html`, in staff builds only: the open plan-quality warnings grouped by file,
//! each linked to its page (and to the goal, benchmark or step it is about), for an ILT to
//! review plan quality in a meeting.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::nav::default_title;
use super::{Inputs, PageInfo, Templates};
use crate::content::Kind;
use crate::content::kinds::{StrategyFront, field_names};
use crate::diagnostics::{self, Diagnostic, Rule, Severity};
use crate::model::{Audience, Page, PageData, Site, Team};
use crate::present::{Ctx, Job, Ref};

pub const TEMPLATE: &str = "checks.html";

#[derive(Serialize)]
struct ChecksView {
    /// "0 errors, 5 warnings".
    summary: String,
    warnings: usize,
    rules: Vec<RuleCount>,
    /// The findings by strategy, team (with its meetings), challenge and page.
    groups: Vec<Group>,
}

#[derive(Serialize)]
struct RuleCount {
    rule: &'static str,
    count: usize,
    explanation: &'static str,
}

/// The findings about one strategy, team, challenge or page.
#[derive(Serialize)]
struct Group {
    /// "Strategy", "Team", "Challenge", "Page", "Site settings", in the page's words.
    kind: String,
    title: Ref,
    /// Who answers for it: the strategy's owner, the team's facilitator.
    owner: Option<Ref>,
    findings: Vec<Finding>,
}

#[derive(Serialize)]
struct Finding {
    /// What to do, in a principal's words.
    fix: &'static str,
    /// HTML: the message escaped, with `code` spans.
    message: String,
    /// HTML, as `message`: how to meet the criterion.
    help: String,
    /// A link to the goal, benchmark or action step the warning is about, if it is one.
    entry: Option<Ref>,
    /// The meeting it is about, when the group is its team.
    meeting: Option<Ref>,
    rule: &'static str,
    file: String,
    line: usize,
}

/// Renders the checks page into `pages` when the build is for staff; a failure goes to `diags`.
pub fn render_into(
    inputs: Inputs,
    templates: &Templates,
    found: &[Diagnostic],
    pages: &dyn crate::output::Sink,
    diags: &mut Vec<Diagnostic>,
) {
    if inputs.site.scope.audience != Audience::Staff {
        return;
    }
    match render(inputs, templates, found) {
        Ok((path, bytes)) => pages.put(path, bytes),
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
    super::insert_languages(&mut context, site, &output);
    context.insert("page", &PageInfo::generated(&default_title(cx.words(), job), ""));
    context.insert("checks", &view(&cx, found));
    super::nav::insert(&mut context, &cx, job);
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
    // Strategies first, then teams (with their meetings), challenges, pages; each by title.
    let mut groups: BTreeMap<(u8, String, Option<String>), Group> = BTreeMap::new();
    for d in &warnings {
        *counts.entry(d.rule).or_default() += 1;
        let (order, group, meeting) = group_of(cx, &d.file);
        let key = (order, group.title.text.clone(), group.title.href.clone());
        let finding = Finding {
            fix: d.rule.fix(),
            message: code_spans(&d.message),
            help: code_spans(d.help.as_deref().unwrap_or(d.rule.help())),
            entry: entry_ref(cx, &d.file, d.line),
            meeting,
            rule: d.rule.id(),
            file: d.file.clone(),
            line: d.line,
        };
        groups.entry(key).or_insert(group).findings.push(finding);
    }
    let rules = Rule::ALL
        .iter()
        .filter_map(|&r| counts.get(&r).map(|&count| RuleCount { rule: r.id(), count, explanation: r.explanation() }))
        .collect();
    ChecksView {
        summary: diagnostics::summary(found),
        warnings: warnings.len(),
        rules,
        groups: groups.into_values().collect(),
    }
}

/// The group a file's findings go in (an agenda's, its team's), its place in the order, and the
/// meeting the finding is about.
fn group_of(cx: &Ctx, file: &str) -> (u8, Group, Option<Ref>) {
    let group =
        |key: &str, title, owner| Group { kind: cx.words().text(key).to_string(), title, owner, findings: Vec::new() };
    let Some((i, page)) = page_of(cx.site, file) else {
        return (4, group("checks.site", Ref { text: file.to_string(), href: None }, None), None);
    };
    match &page.data {
        PageData::Strategy(s) => (0, group("checks.strategy", cx.page(i), s.owner.as_ref().map(|o| cx.owner(o))), None),
        PageData::Team(t) => (1, group("checks.team", cx.page(i), facilitator(cx, t)), None),
        PageData::Agenda(a) => {
            let team = cx.site.get(Kind::Team, &a.team);
            let owner = match team.map(|p| &p.data) {
                Some(PageData::Team(t)) => facilitator(cx, t),
                _ => None,
            };
            (1, group("checks.team", cx.to(Kind::Team, &a.team), owner), Some(cx.page(i)))
        }
        PageData::Challenge(_) => (2, group("checks.challenge", cx.page(i), None), None),
        _ => (3, group("checks.page", cx.page(i), None), None),
    }
}

/// The member who runs a team's meetings.
fn facilitator(cx: &Ctx, t: &Team) -> Option<Ref> {
    let m = t.members.iter().find(|m| m.role.as_deref().is_some_and(crate::model::is_facilitator_role))?;
    Some(cx.to(Kind::Person, &m.person))
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
        .map(|g| (start("goals", g.index), &g.id, cx.label(g)))
        .chain(s.benchmarks.iter().map(|b| (start("benchmarks", b.index), &b.id, cx.label(b))))
        .chain(s.action_steps.iter().map(|a| (start("action_steps", a.index), &a.id, cx.label(a))));
    let (entry_line, id, text) = entries.filter(|(l, _, _)| *l <= line).max_by_key(|(l, _, _)| *l)?;
    let field_between = field_names::<StrategyFront>().iter().any(|f| {
        let key = page.src.key_pos(&[f]);
        key != (1, 1) && entry_line < key.0 && key.0 <= line
    });
    if field_between {
        return None;
    }
    Some(cx.entry(&page.id, id, text))
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
