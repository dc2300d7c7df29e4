//! Rules on action steps: each has an owner and a due date, and none is overdue.

use super::Cx;
use super::place::at_entry;
use crate::content::Fields;
use crate::diagnostics::{Diagnostic, Rule};
use crate::model::Status;
use crate::model::{ActionStep, Page};
use crate::present::named;

/// `action-owner`: every action step names the person or team that owns it.
pub fn owner(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, s) in cx.site.strategies() {
        for step in s.action_steps.iter().filter(|a| a.owners.is_empty()) {
            let message = format!("{} has no owner", named(step));
            out.push(at_entry(Rule::ActionOwner, page, "action_steps", step.index, message));
        }
    }
}

/// `action-due`: every action step has a due date or its timing in words (`when:`). A `due:`
/// that is not a date is already a `bad-date` error, so it is not reported twice.
pub fn due(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, s) in cx.site.strategies() {
        let undated = |a: &&ActionStep| a.due.is_none() && a.when.is_none() && !has_unreadable_due(page, a);
        for step in s.action_steps.iter().filter(undated) {
            let message = format!("{} has neither a due date nor a `when`", named(step));
            out.push(at_entry(Rule::ActionDue, page, "action_steps", step.index, message));
        }
    }
}

/// `action-overdue`: a step that is not done and was due before the as-of date (a step due
/// on the as-of date is not overdue yet).
pub fn overdue(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let as_of = cx.site.scope.as_of;
    for (page, s) in cx.site.strategies() {
        for step in &s.action_steps {
            let Some(due) = step.due.filter(|_| step.effective_status == Status::Overdue) else { continue };
            let days = (as_of - due).num_days();
            let message = format!(
                "{} was due {due}, {days} day{} before the as-of date {as_of}, and is {}",
                named(step),
                if days == 1 { "" } else { "s" },
                step.status.words()
            );
            out.push(cx.at(Rule::ActionOverdue, page, &["action_steps", &step.index.to_string(), "due"], message));
        }
    }
}

fn has_unreadable_due(page: &Page, step: &ActionStep) -> bool {
    match &page.src.fields {
        Fields::Strategy(raw) => {
            raw.action_steps.get(step.index).and_then(|a| a.due.as_deref()).is_some_and(|d| !d.trim().is_empty())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{SITE_YAML, places, run};

    fn strategy(steps: &str) -> String {
        format!("---\ntitle: T\naction_steps:\n{steps}---\n")
    }

    #[test]
    fn owner_and_due_point_at_the_step() {
        let text = strategy(
            "  - { id: a1, action: A, owner: ana, due: 2026-12-01 }\n  - { id: a2, action: B }\n  - id: a3\n    action: C\n    due: 2026-13-01\n",
        );
        let files = [("content/strategies/s.md", text.as_str())];
        assert_eq!(places(&run(owner, SITE_YAML, &files)), [(Rule::ActionOwner, 5, 5), (Rule::ActionOwner, 6, 5)]);
        // a3's due is not a date: that is a bad-date error, not a missing due date.
        assert_eq!(places(&run(due, SITE_YAML, &files)), [(Rule::ActionDue, 5, 5)]);
    }

    #[test]
    fn overdue_means_not_done_and_due_before_the_as_of_date() {
        let text = strategy(concat!(
            "  - { id: a1, action: A, due: 2026-11-19, status: in-progress }\n",
            "  - { id: a2, action: B, due: 2026-11-20 }\n",
            "  - { id: a3, action: C, due: 2026-11-01, status: done }\n",
            "  - { id: a4, action: D, due: 2026-11-01, status: blocked }\n",
        ));
        let d = run(overdue, SITE_YAML, &[("content/strategies/s.md", &text)]);
        assert_eq!(places(&d), [(Rule::ActionOverdue, 4, 31), (Rule::ActionOverdue, 7, 31)]);
        assert!(
            d[0].message.contains("was due 2026-11-19, 1 day before the as-of date 2026-11-20, and is in progress"),
            "{}",
            d[0].message
        );
    }
}
