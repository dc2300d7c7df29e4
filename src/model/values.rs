//! Typed values from front matter text, one page at a time: dates, times, statuses, one of a
//! list; each problem becomes a diagnostic at the value's line.

use chrono::{NaiveDate, NaiveTime};

use super::*;
use crate::config::parse_date;
use crate::diagnostics::Rule;
use crate::util::did_you_mean;

/// Checks values one page at a time.
pub(super) struct Check<'a> {
    pub(super) src: &'a SourcePage,
    pub(super) audience: Audience,
    pub(super) diags: Vec<Diagnostic>,
}

impl Check<'_> {
    pub(super) fn error(&mut self, rule: Rule, path: &[&str], message: String) {
        self.diags.push(Diagnostic::new(rule, &self.src.file, self.src.pos(path), message));
    }

    pub(super) fn date(&mut self, path: &[&str], value: &Option<String>) -> Option<NaiveDate> {
        let text = value.as_deref()?.trim();
        if text.is_empty() {
            return None;
        }
        let date = parse_date(text);
        if date.is_none() {
            let field = path.last().copied().unwrap_or("date");
            self.diags.push(
                Diagnostic::new(
                    Rule::BadDate,
                    &self.src.file,
                    self.src.pos(path),
                    format!("`{field}: {text}` {}", crate::util::not_a_date(text)),
                )
                .with_help("write dates as YYYY-MM-DD, e.g. 2026-09-08"),
            );
        }
        date
    }

    pub(super) fn time(&mut self, path: &[&str], value: &Option<String>) -> Option<NaiveTime> {
        let text = value.as_deref()?.trim();
        let time = NaiveTime::parse_from_str(text, "%H:%M").ok();
        if time.is_none() {
            self.diags.push(
                Diagnostic::new(Rule::BadDate, &self.src.file, self.src.pos(path), format!("`{text}` is not a time"))
                    .with_help("write times as \"HH:MM\" in 24-hour form and in quotes, e.g. \"15:30\""),
            );
        }
        time
    }

    pub(super) fn one_of(&mut self, path: &[&str], value: &Option<String>, allowed: &[&str]) -> Option<String> {
        let v = value.as_deref()?.trim();
        if allowed.contains(&v) {
            return Some(v.to_string());
        }
        let field = path.last().copied().unwrap_or("value");
        self.error(
            Rule::UnknownReference,
            path,
            format!("unknown {field} `{v}`{}", did_you_mean(v, allowed.iter().copied())),
        );
        if let Some(d) = self.diags.last_mut() {
            d.help = Some(format!("{field} is one of: {}", allowed.join(", ")));
        }
        None
    }

    /// A recorded status, one of `allowed`.
    pub(super) fn status(&mut self, path: &[&str], value: &Option<String>, allowed: &[Status]) -> Option<Status> {
        let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
        self.one_of(path, value, &names).and_then(|v| Status::parse(&v))
    }

    pub(super) fn direction(&mut self, path: &[&str], value: &Option<String>) -> Direction {
        match self.one_of(path, value, &["up", "down"]).as_deref() {
            Some("down") => Direction::Down,
            _ => Direction::Up,
        }
    }

    /// A required text; reports it missing under `rule`.
    pub(super) fn required(&mut self, path: &[&str], value: &Option<String>, what: &str) -> String {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => v.to_string(),
            None => {
                self.error(Rule::MissingTitle, path, format!("{what} has no text"));
                String::new()
            }
        }
    }
}

pub(super) fn nonempty(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Whether an entry with its own `visibility:` is published in this build.
pub(super) fn item_visible(c: &mut Check, path: &[&str], visibility: &Option<String>) -> bool {
    match visibility.as_deref() {
        None | Some("public") => true,
        Some("staff") => c.audience == Audience::Staff,
        Some(other) => {
            c.error(
                Rule::UnknownReference,
                path,
                format!("unknown visibility `{other}`{}", did_you_mean(other, ["public", "staff"])),
            );
            false
        }
    }
}
