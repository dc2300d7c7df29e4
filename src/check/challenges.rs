//! Rules on challenges: each priority performance challenge is answered by a strategy.

use super::Cx;
use super::place::at_field;
use crate::diagnostics::{Diagnostic, Rule};

/// `challenge-unaddressed`: some strategy's `addresses` names the challenge (or one of its
/// root causes).
pub fn unaddressed(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, _) in cx.site.challenges() {
        if cx.rel.addressed_by.get(&page.id).is_some_and(|l| !l.is_empty()) {
            continue;
        }
        let message = format!("no strategy addresses the challenge `{}`", page.id);
        out.push(at_field(Rule::ChallengeUnaddressed, page, &["title"], message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{SITE_YAML, places, run};

    #[test]
    fn a_challenge_needs_a_strategy() {
        let files = [
            ("content/challenges/a.md", "---\ntitle: A gap\n---\n"),
            ("content/challenges/b.md", "---\ntitle: B gap\nroot_causes: [{ id: rc1, statement: S }]\n---\n"),
            ("content/strategies/s.md", "---\ntitle: S\naddresses: [b#rc1]\n---\n"),
        ];
        let d = run(unaddressed, SITE_YAML, &files);
        assert_eq!(places(&d), [(Rule::ChallengeUnaddressed, 2, 1)]);
        assert_eq!(d[0].file, "content/challenges/a.md");
    }
}
