//! Agenda rules: `agenda-overtime` (items longer than the meeting) and `agenda-unowned`
//! (an action item without an owner or a due date).

use super::Cx;
use crate::diagnostics::{Diagnostic, Rule};
use crate::model::planned_minutes;

/// The items add up to more minutes than the meeting has; reported at the `items:` line.
pub fn overtime(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, a) in cx.site.agendas() {
        let Some(length) = a.minutes else { continue };
        let planned = planned_minutes(&a.items);
        if planned > length {
            let over = planned - length;
            out.push(
                Diagnostic::new(
                    Rule::AgendaOvertime,
                    &page.src.file,
                    page.src.key_pos(&["items"]),
                    format!("the items add up to {planned} minutes, {over} more than the meeting's {length}"),
                )
                .with_help("shorten items, move one to the next meeting, or lengthen the meeting with `minutes:`"),
            );
        }
    }
}

/// `agenda-outcomes`: a meeting dated before the as-of date recorded decisions or action
/// items (a meeting that leaves no trace did not move the plan).
pub fn outcomes(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let as_of = cx.site.scope.as_of;
    for (page, a) in cx.site.agendas() {
        let held = a.date.is_some_and(|d| d < as_of);
        if held && a.decisions.is_empty() && a.action_items.is_empty() {
            let message = "this meeting has taken place but recorded neither decisions nor action items";
            out.push(super::place::at_field(Rule::AgendaOutcomes, page, &["decisions"], message));
        }
    }
}

/// An action item has no owner or no due date (done or not); reported at the item.
pub fn unowned(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, a) in cx.site.agendas() {
        for item in &a.action_items {
            let missing = match (item.owner.is_none(), item.due.is_none()) {
                (true, true) => "no owner and no due date",
                (true, false) => "no owner",
                (false, true) => "no due date",
                (false, false) => continue,
            };
            // At the item's `task:` key: its first line, in flow and in block style alike.
            let pos = page.src.key_pos(&["action_items", &item.index.to_string(), "task"]);
            out.push(
                Diagnostic::new(
                    Rule::AgendaUnowned,
                    &page.src.file,
                    pos,
                    format!("the action item `{}` has {missing}", crate::util::truncate(&item.task, 60)),
                )
                .with_help("give each action item an `owner:` (a person or team id) and a `due: YYYY-MM-DD` date"),
            );
        }
    }
}
