//! Rules on teams: each says why it exists and has someone who runs its meetings.

use super::Cx;
use super::place::at_field;
use crate::diagnostics::{Diagnostic, Rule};
use crate::model::is_facilitator_role;

/// `team-purpose`: every team has a `purpose:`.
pub fn purpose(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, _) in cx.site.teams().filter(|(_, t)| t.purpose.is_none()) {
        let message = format!("team `{}` has no purpose", page.id);
        out.push(at_field(Rule::TeamPurpose, page, &["purpose"], message));
    }
}

/// `team-facilitator`: some member's role is facilitator, chair, co-chair or lead.
pub fn facilitator(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, team) in cx.site.teams() {
        if team.members.iter().any(|m| m.role.as_deref().is_some_and(is_facilitator_role)) {
            continue;
        }
        let message = if team.members.is_empty() {
            format!("team `{}` has no members, so no one facilitates it", page.id)
        } else {
            format!("no member of team `{}` is its facilitator, chair, president or lead", page.id)
        };
        out.push(at_field(Rule::TeamFacilitator, page, &["members"], message));
    }
}

/// `team-rhythm`: a team says when it meets (`meets` for the calendar, or `cadence` in
/// words). A work group that has ended needs neither.
pub fn rhythm(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let as_of = cx.site.scope.as_of;
    for (page, team) in cx.site.teams() {
        if team.meets.is_some() || team.cadence.is_some() || team.until.is_some_and(|u| u < as_of) {
            continue;
        }
        let message = "this team says nowhere when it meets".to_string();
        out.push(at_field(Rule::TeamRhythm, page, &["cadence"], message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{SITE_YAML, places, run};

    #[test]
    fn roles_compare_without_case() {
        assert!(is_facilitator_role("Facilitator"));
        assert!(is_facilitator_role(" Co-Chair "));
        assert!(is_facilitator_role("co chair"));
        assert!(is_facilitator_role("LEAD"));
        assert!(!is_facilitator_role("note-taker"));
        assert!(is_facilitator_role("Chairperson"));
        assert!(is_facilitator_role("Facilitadora"));
        assert!(is_facilitator_role("Coordinador del equipo"));
        assert!(!is_facilitator_role("secretaria"));
        assert!(is_facilitator_role("Board President"));
        assert!(is_facilitator_role("Grade 3 Team Lead"));
        assert!(is_facilitator_role("team leader"));
        assert!(!is_facilitator_role("leadership coach"), "a word, not a part of one");
        assert!(!is_facilitator_role("member"));
    }

    #[test]
    fn purpose_points_at_the_field_or_the_title() {
        let files = [
            ("content/teams/a.md", "---\ntitle: A\npurpose: Decide.\n---\n"),
            ("content/teams/b.md", "---\ntitle: B\n---\n"),
            ("content/teams/c.md", "---\ntitle: C\npurpose: \"\"\n---\n"),
        ];
        let d = run(purpose, SITE_YAML, &files);
        assert_eq!(places(&d), [(Rule::TeamPurpose, 2, 8), (Rule::TeamPurpose, 3, 1)]);
        assert_eq!((d[0].file.as_str(), d[1].file.as_str()), ("content/teams/b.md", "content/teams/c.md"));
    }

    #[test]
    fn facilitator_needs_a_running_role() {
        let files = [
            ("content/teams/a.md", "---\ntitle: A\nmembers:\n  - { person: ana, role: Chair }\n---\n"),
            ("content/teams/b.md", "---\ntitle: B\nmembers:\n  - { person: ana, role: member }\n---\n"),
            ("content/teams/c.md", "---\ntitle: C\n---\n"),
        ];
        let d = run(facilitator, SITE_YAML, &files);
        assert_eq!(places(&d), [(Rule::TeamFacilitator, 3, 1), (Rule::TeamFacilitator, 2, 8)]);
        assert!(d[1].message.contains("no members"), "{}", d[1].message);
    }
}
