//! Test helpers for rules: a site built in memory from a site.yaml and a few files, and a
//! rule run over it.

use std::sync::Arc;

use chrono::NaiveDate;

use super::Cx;
use crate::config::Config;
use crate::content::{Loaded, parse_page};
use crate::diagnostics::{Diagnostic, Rule};
use crate::model::{self, Audience, Relations, Scope, Site};

/// A site.yaml with the example site's four quarters, as of 2026-11-20.
pub const SITE_YAML: &str = "title: Test plan\nas_of: 2026-11-20\nstale_after_days: 60\nquarters:\n  - { name: Q1, start: 2026-08-17, end: 2026-10-30 }\n  - { name: Q2, start: 2026-11-02, end: 2027-01-22 }\n  - { name: Q3, start: 2027-01-25, end: 2027-04-02 }\n  - { name: Q4, start: 2027-04-05, end: 2027-06-11 }\n";

/// Resolves `files` (`content/...` path, text) under `site_yaml`; panics on load errors, which
/// are mistakes in the test itself.
pub fn site(site_yaml: &str, files: &[(&str, &str)]) -> (Site, Relations) {
    let (config, diags) = Config::parse(site_yaml);
    assert!(diags.is_empty(), "site.yaml: {diags:?}");
    let mut loaded = Loaded::default();
    for (file, text) in files {
        let (page, diags) = parse_page(file, Arc::from(*text));
        assert!(diags.is_empty(), "{file}: {diags:?}");
        loaded.pages.extend(page);
    }
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let scope = Scope { audience: Audience::Public, drafts: false, as_of: config.as_of(None, today), edit: None };
    let resolved = model::resolve(config, loaded, scope);
    let site = resolved.site;
    let relations = Relations::new(&site);
    (site, relations)
}

/// Runs one rule over `files` and returns what it found.
pub fn run(rule: fn(&Cx, &mut Vec<Diagnostic>), site_yaml: &str, files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let (site, rel) = site(site_yaml, files);
    let mut out = Vec::new();
    rule(&Cx { site: &site, rel: &rel }, &mut out);
    out
}

/// (rule, line, column) of each diagnostic, for compact assertions.
pub fn places(diags: &[Diagnostic]) -> Vec<(Rule, usize, usize)> {
    diags.iter().map(|d| (d.rule, d.line, d.column)).collect()
}
