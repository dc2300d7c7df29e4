//! Where a rule points when the offending field spans lines or may be missing: the field's
//! key if it is written, else the page's title, so that no warning sits at 1:1.

use crate::diagnostics::{Diagnostic, Rule};
use crate::model::Page;

/// Whether `path` is written in the page's front matter (even with an empty value).
pub fn written(page: &Page, path: &[&str]) -> bool {
    match path.split_last() {
        Some((_, parent)) => page.src.has_front_matter && page.src.key_pos(path) != page.src.key_pos(parent),
        None => false,
    }
}

/// A diagnostic at the key of `path` (`description:`, `goals:`) when it is written, else at
/// the page's title.
pub fn at_field(rule: Rule, page: &Page, path: &[&str], message: impl Into<String>) -> Diagnostic {
    let pos = if written(page, path) { page.src.key_pos(path) } else { page.src.pos(&["title"]) };
    Diagnostic::new(rule, &page.src.file, pos, message)
}

/// A diagnostic at a list entry (`goals`, 1): where the entry's text starts, whether it is
/// written as a block (`- id: g2`) or in braces (`- { id: g2 }`).
pub fn at_entry(rule: Rule, page: &Page, list: &str, index: usize, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(rule, &page.src.file, page.src.key_pos(&[list, &index.to_string()]), message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{SITE_YAML, site};

    #[test]
    fn knows_which_fields_are_written() {
        let text = "---\ntitle: T\npurpose:\nmembers:\n  - { person: ana }\n---\n";
        let (site, _) = site(SITE_YAML, &[("content/teams/t.md", text)]);
        let page = &site.pages[0];
        assert!(written(page, &["purpose"]));
        assert!(written(page, &["members", "0", "person"]));
        assert!(!written(page, &["members", "0", "role"]));
        assert!(!written(page, &["links"]));
        let place = |path: &[&str]| {
            let d = at_field(Rule::TeamPurpose, page, path, "m");
            (d.line, d.column)
        };
        assert_eq!(place(&["links"]), (2, 8));
        assert_eq!(place(&["members"]), (4, 1));
    }

    #[test]
    fn entries_start_after_their_dash() {
        let text =
            "---\ntitle: T\ngoals:\n  - id: g1\n    statement: S\n  - { id: g2, statement: S }\n  -\n    id: g3\n---\n";
        let (site, _) = site(SITE_YAML, &[("content/strategies/s.md", text)]);
        let place = |i: usize| {
            let d = at_entry(Rule::GoalMeasurable, &site.pages[0], "goals", i, "m");
            (d.line, d.column)
        };
        assert_eq!(place(0), (4, 5));
        assert_eq!(place(1), (6, 5));
        assert_eq!(place(2).0, 8);
    }
}
