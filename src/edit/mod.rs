//! Edits a planner makes from the browser (`serve --edit`), each written into the page's
//! Markdown file by changing only the bytes of the value it replaces or the line it adds
//! (`surgery`). An edit names its entry by id, is checked before it is written (the new
//! file must load with no error), and is refused when the file changed since the form was
//! made (`hash`).

pub mod surgery;

use chrono::NaiveDate;

use crate::content::{self, Kind};
use crate::diagnostics::Severity;
use crate::model::Status;
use surgery::{Refused, Tree, scalar};

/// One change to one page.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// A benchmark's `actual` (and, optionally, where it came from: `source`).
    BenchmarkActual { benchmark: String, actual: f64, source: Option<String> },
    /// A measurement added to a goal's `measurements`.
    GoalMeasurement { goal: String, date: NaiveDate, value: f64 },
    /// An action step's `status`, and its `completed` date when it is done.
    StepStatus { step: String, status: Status, completed: Option<NaiveDate> },
    /// An action item added to an agenda.
    ActionItem { task: String, owner: Option<String>, due: Option<NaiveDate> },
    /// A decision added to an agenda.
    Decision { text: String },
    /// An agenda's action item (by place) marked done.
    ItemDone { index: usize },
    /// The `notes` of an agenda's item (by place): what was said, in Markdown.
    ItemNotes { index: usize, notes: String },
}

impl Edit {
    /// The kind of page the edit applies to.
    pub fn kind(&self) -> Kind {
        match self {
            Edit::BenchmarkActual { .. } | Edit::GoalMeasurement { .. } | Edit::StepStatus { .. } => Kind::Strategy,
            _ => Kind::Agenda,
        }
    }

    /// For the serve log: "benchmarks b2 actual".
    pub fn field(&self) -> String {
        match self {
            Edit::BenchmarkActual { benchmark, .. } => format!("benchmark {benchmark}: actual"),
            Edit::GoalMeasurement { goal, .. } => format!("goal {goal}: measurements"),
            Edit::StepStatus { step, .. } => format!("action step {step}: status"),
            Edit::ActionItem { .. } => "action_items".to_string(),
            Edit::Decision { .. } => "decisions".to_string(),
            Edit::ItemDone { index } => format!("action item {}: done", index + 1),
            Edit::ItemNotes { index, .. } => format!("item {}: notes", index + 1),
        }
    }
}

/// What an accepted edit wrote: the new file, and the old and new values for the log.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub text: String,
    pub old: String,
    pub new: String,
}

/// The version of a file a form was made from: the first 12 hex digits of its SHA-256.
pub fn hash(text: &str) -> String {
    crate::check::translations::source_hash(text)
}

/// Applies `edit` to the file `file` (its path from the site root, for messages) whose text
/// is `text`: the new text, or why it was refused. The new text loads with no error.
pub fn apply(file: &str, text: &str, edit: &Edit) -> Result<Written, Refused> {
    let (page, diags) = content::parse_page(file, text.into());
    let page = page.ok_or_else(|| Refused(format!("{file} does not load; fix it in the file first")))?;
    if page.lang.is_some() {
        return Err(Refused(format!("{file} is a translation: its numbers, dates and statuses come from its source")));
    }
    if page.kind != edit.kind() {
        return Err(Refused(format!("{file} is not a page this form edits")));
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(Refused(format!("{file} has errors; fix them in the file first")));
    }
    let yaml = &text[page.yaml.clone()];
    let tree = Tree::parse(yaml)?;
    let (new_yaml, old, new) = change(&tree, edit)?;
    let out = format!("{}{new_yaml}{}", &text[..page.yaml.start], &text[page.yaml.end..]);
    let (loaded, diags) = content::parse_page(file, out.as_str().into());
    if let Some(d) = diags.iter().find(|d| d.severity == Severity::Error) {
        return Err(Refused(format!("the change would not load: {}", d.message)));
    }
    if loaded.is_none() {
        return Err(Refused("the change would not load".to_string()));
    }
    Ok(Written { text: out, old, new })
}

fn path(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|p| p.to_string()).collect()
}

/// The index of the entry of `list` whose id is `id` (`id:`, else the prefix and its place).
fn entry(tree: &Tree, list: &str, prefix: &str, id: &str) -> Result<usize, Refused> {
    (0..tree.len(&path(&[list])))
        .find(|&i| {
            let n = i.to_string();
            match tree.scalar(&path(&[list, &n, "id"])) {
                Some(written) => written.trim() == id,
                None => format!("{prefix}{}", i + 1) == id,
            }
        })
        .ok_or_else(|| Refused(format!("there is no `{id}` in `{list}`")))
}

fn number(v: f64) -> String {
    crate::format::number(v)
}

fn change(tree: &Tree, edit: &Edit) -> Result<(String, String, String), Refused> {
    let old_of = |p: Vec<String>| tree.scalar(&p).unwrap_or("—").to_string();
    match edit {
        Edit::BenchmarkActual { benchmark, actual, source } => {
            let i = entry(tree, "benchmarks", "b", benchmark)?.to_string();
            let at = path(&["benchmarks", &i]);
            let old = old_of(path(&["benchmarks", &i, "actual"]));
            let mut text = tree.set(&at, "actual", &number(*actual))?;
            if let Some(source) = source.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                let again = Tree::parse(&text)?;
                text = again.set(&at, "source", &scalar(source))?;
            }
            Ok((text, old, number(*actual)))
        }
        Edit::GoalMeasurement { goal, date, value } => {
            let i = entry(tree, "goals", "g", goal)?.to_string();
            let item = format!("{{ date: {date}, value: {} }}", number(*value));
            Ok((tree.push(&path(&["goals", &i]), "measurements", &item)?, "—".into(), item))
        }
        Edit::StepStatus { step, status, completed } => {
            let i = entry(tree, "action_steps", "a", step)?.to_string();
            let at = path(&["action_steps", &i]);
            let old = old_of(path(&["action_steps", &i, "status"]));
            let mut text = tree.set(&at, "status", status.as_str())?;
            if let Some(date) = completed.filter(|_| *status == Status::Done) {
                let again = Tree::parse(&text)?;
                text = again.set(&at, "completed", &date.to_string())?;
            }
            Ok((text, old, status.as_str().to_string()))
        }
        Edit::ActionItem { task, owner, due } => {
            let task = task.trim();
            if task.is_empty() {
                return Err(Refused("an action item needs its task, in words".to_string()));
            }
            let mut item = format!("{{ task: {}", scalar(task));
            if let Some(owner) = owner.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
                item.push_str(&format!(", owner: {}", scalar(owner)));
            }
            if let Some(due) = due {
                item.push_str(&format!(", due: {due}"));
            }
            item.push_str(" }");
            Ok((tree.push(&path(&[]), "action_items", &item)?, "—".into(), item))
        }
        Edit::Decision { text } => {
            let text = text.trim();
            if text.is_empty() {
                return Err(Refused("a decision needs its words".to_string()));
            }
            Ok((tree.push(&path(&[]), "decisions", &scalar(text))?, "—".into(), text.to_string()))
        }
        Edit::ItemDone { index } => {
            let n = index.to_string();
            if *index >= tree.len(&path(&["action_items"])) {
                return Err(Refused(format!("this agenda has no action item {}", index + 1)));
            }
            let old = old_of(path(&["action_items", &n, "done"]));
            Ok((tree.set(&path(&["action_items", &n]), "done", "true")?, old, "true".into()))
        }
        Edit::ItemNotes { index, notes } => {
            let n = index.to_string();
            if *index >= tree.len(&path(&["items"])) {
                return Err(Refused(format!("this agenda has no item {}", index + 1)));
            }
            let notes = notes.replace("\r\n", "\n");
            let notes = notes.trim();
            if notes.is_empty() {
                return Err(Refused("notes need words; to remove an item's notes, edit the file".to_string()));
            }
            let old = old_of(path(&["items", &n, "notes"]));
            Ok((tree.set_text(&path(&["items", &n]), "notes", notes)?, old, notes.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRATEGY: &str = "---\ntitle: Every student reads.\nowner: ana\ngoals:\n  - { id: g1, statement: 80% proficient, target: 80 }\nbenchmarks:\n  - { id: b1, quarter: Q1, goals: [g1], statement: Phonics routine, target: 90 } # from walkthroughs\n  - id: b2\n    quarter: Q2\n    statement: Interim test\n    target: 70\naction_steps:\n  - { id: a1, action: Build the tracker, owner: ana, due: 2026-09-04 }\n---\nBody text stays.\n";

    fn file() -> &'static str {
        "content/strategies/reading.md"
    }

    #[test]
    fn an_actual_changes_only_its_entry() {
        let w = apply(file(), STRATEGY, &Edit::BenchmarkActual { benchmark: "b1".into(), actual: 92.0, source: None })
            .unwrap();
        assert_eq!(w.text, STRATEGY.replace("target: 90 }", "target: 90, actual: 92 }"));
        let w = apply(
            file(),
            STRATEGY,
            &Edit::BenchmarkActual { benchmark: "b2".into(), actual: 61.5, source: Some("Spring: test".into()) },
        )
        .unwrap();
        assert_eq!(
            w.text,
            STRATEGY.replace("    target: 70\n", "    target: 70\n    actual: 61.5\n    source: \"Spring: test\"\n")
        );
        assert_eq!((w.old.as_str(), w.new.as_str()), ("—", "61.5"));
    }

    #[test]
    fn a_step_done_records_its_date() {
        let d = NaiveDate::from_ymd_opt(2026, 9, 3);
        let w = apply(file(), STRATEGY, &Edit::StepStatus { step: "a1".into(), status: Status::Done, completed: d })
            .unwrap();
        assert_eq!(
            w.text,
            STRATEGY.replace("due: 2026-09-04 }", "due: 2026-09-04, status: done, completed: 2026-09-03 }")
        );
    }

    #[test]
    fn a_measurement_is_added_to_its_goal() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 6).unwrap();
        let w = apply(file(), STRATEGY, &Edit::GoalMeasurement { goal: "g1".into(), date: d, value: 59.0 }).unwrap();
        assert!(w.text.contains("target: 80, measurements: [{ date: 2026-11-06, value: 59 }] }"), "{}", w.text);
    }

    #[test]
    fn an_unknown_entry_or_a_wrong_page_is_refused() {
        let e = apply(file(), STRATEGY, &Edit::BenchmarkActual { benchmark: "b9".into(), actual: 1.0, source: None });
        assert_eq!(e.unwrap_err().0, "there is no `b9` in `benchmarks`");
        let e = apply(file(), STRATEGY, &Edit::Decision { text: "x".into() });
        assert!(e.is_err());
        let e = apply(
            "content/strategies/reading.es.md",
            STRATEGY,
            &Edit::BenchmarkActual { benchmark: "b1".into(), actual: 1.0, source: None },
        );
        assert!(e.unwrap_err().0.contains("is a translation"));
    }

    const AGENDA: &str = "---\n# Tuesday's meeting\nitems:\n  - { topic: Celebrations, minutes: 5 }\naction_items:\n  - { task: Send the letters, owner: bo, due: 2026-11-24 }\n---\nNotes.\n";

    #[test]
    fn agenda_edits_append_and_mark() {
        let file = "content/agendas/ilt/2026-11-17.md";
        let due = NaiveDate::from_ymd_opt(2026, 12, 1);
        let w =
            apply(file, AGENDA, &Edit::ActionItem { task: "Call: the office".into(), owner: Some("ana".into()), due })
                .unwrap();
        assert_eq!(
            w.text,
            AGENDA.replace(
                "due: 2026-11-24 }\n",
                "due: 2026-11-24 }\n  - { task: \"Call: the office\", owner: ana, due: 2026-12-01 }\n"
            )
        );
        let w = apply(file, AGENDA, &Edit::Decision { text: "Meet monthly".into() }).unwrap();
        assert_eq!(w.text, AGENDA.replace("---\nNotes.", "decisions:\n  - Meet monthly\n---\nNotes."));
        let w = apply(file, AGENDA, &Edit::ItemDone { index: 0 }).unwrap();
        assert!(w.text.contains("due: 2026-11-24, done: true }"), "{}", w.text);
        assert!(apply(file, AGENDA, &Edit::ItemDone { index: 3 }).is_err());
    }

    #[test]
    fn an_item_gets_notes_in_its_own_entry() {
        let file = "content/agendas/ilt/2026-11-17.md";
        let notes = "Two shout-outs.\r\nBo: the \"reading\" night.";
        let w = apply(file, AGENDA, &Edit::ItemNotes { index: 0, notes: notes.into() }).unwrap();
        assert_eq!(
            w.text,
            AGENDA.replace("minutes: 5 }", "minutes: 5, notes: \"Two shout-outs.\\nBo: the \\\"reading\\\" night.\" }")
        );
        let e = apply(file, AGENDA, &Edit::ItemNotes { index: 1, notes: "x".into() }).unwrap_err();
        assert_eq!(e.0, "this agenda has no item 2");
        assert!(apply(file, AGENDA, &Edit::ItemNotes { index: 0, notes: " \n ".into() }).is_err());
    }
}
