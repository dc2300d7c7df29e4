//! `serve --edit`'s writes, on every strategy and agenda page of every fixture and the example
//! site: each edit to each eligible entry changes only that value (every other line is byte
//! for byte the same, and the front matter reads as before with exactly the one change), and
//! the file still loads. Random words (quotes, colons, `#`, accents) read back as typed.

use clockwork::edit::{Edit, apply};
use clockwork::model::Status;
use proptest::prelude::*;
use serde_yaml::{Mapping, Value};

use crate::common::*;

/// Every strategy and agenda file of the fixtures and the example site: (file, text).
fn pages() -> Vec<(String, String)> {
    let mut roots: Vec<std::path::PathBuf> =
        std::fs::read_dir(repo().join("tests/fixtures")).unwrap().filter_map(Result::ok).map(|e| e.path()).collect();
    roots.push(repo());
    roots.sort();
    let mut out = Vec::new();
    for root in roots {
        let content = root.join("content");
        for rel in files(&content) {
            let is_page = rel.ends_with(".md") && (rel.starts_with("strategies/") || rel.starts_with("agendas/"));
            // Translations hold words only: nothing here edits them.
            if is_page && rel.matches('.').count() == 1 {
                let text = std::fs::read_to_string(content.join(&rel)).unwrap_or_default();
                out.push((format!("content/{rel}"), text));
            }
        }
    }
    out
}

/// The front matter of a page as plain YAML values.
fn front(text: &str) -> Value {
    let rest = text.trim_start_matches('\u{feff}').strip_prefix("---").unwrap_or("");
    let yaml = rest.split("\n---").next().unwrap_or("");
    serde_yaml::from_str(yaml).unwrap_or(Value::Null)
}

fn list<'a>(v: &'a mut Value, key: &str) -> &'a mut Vec<Value> {
    let map = v.as_mapping_mut().expect("a mapping");
    let entry = map.entry(key.into()).or_insert_with(|| Value::Sequence(Vec::new()));
    entry.as_sequence_mut().expect("a list")
}

/// The entry of `list` whose id (or default id) is `id`.
fn entry<'a>(v: &'a mut Value, key: &str, prefix: &str, id: &str) -> &'a mut Mapping {
    let items = list(v, key);
    let i = items
        .iter()
        .enumerate()
        .position(|(i, e)| e.get("id").and_then(Value::as_str).map_or(format!("{prefix}{}", i + 1) == id, |x| x == id))
        .expect("the entry");
    items[i].as_mapping_mut().expect("a mapping entry")
}

fn ids(v: &Value, key: &str, prefix: &str) -> Vec<String> {
    v.get(key).and_then(Value::as_sequence).map_or_else(Vec::new, |items| {
        items
            .iter()
            .enumerate()
            .map(|(i, e)| e.get("id").and_then(Value::as_str).map_or(format!("{prefix}{}", i + 1), str::to_string))
            .collect()
    })
}

/// The edits each page allows, with the front matter each should leave.
fn edits(text: &str) -> Vec<(Edit, Value)> {
    let old = front(text);
    let mut out = Vec::new();
    let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    for b in ids(&old, "benchmarks", "b") {
        let mut want = old.clone();
        entry(&mut want, "benchmarks", "b", &b).insert("actual".into(), Value::from(87.5));
        out.push((Edit::BenchmarkActual { benchmark: b, actual: 87.5, source: None }, want));
    }
    for g in ids(&old, "goals", "g") {
        let mut want = old.clone();
        let goal = entry(&mut want, "goals", "g", &g);
        let m: Value = serde_yaml::from_str("{ date: 2026-11-20, value: 61 }").unwrap();
        let slot = goal.entry("measurements".into()).or_insert_with(|| Value::Sequence(Vec::new()));
        slot.as_sequence_mut().expect("measurements").push(m);
        out.push((Edit::GoalMeasurement { goal: g, date: d, value: 61.0 }, want));
    }
    for a in ids(&old, "action_steps", "a") {
        let mut want = old.clone();
        let step = entry(&mut want, "action_steps", "a", &a);
        step.insert("status".into(), "done".into());
        step.insert("completed".into(), "2026-11-20".into());
        out.push((Edit::StepStatus { step: a, status: Status::Done, completed: Some(d) }, want));
    }
    if old.get("items").is_some() || old.get("action_items").is_some() || old.get("decisions").is_some() {
        let mut want = old.clone();
        list(&mut want, "decisions").push("Meet monthly".into());
        out.push((Edit::Decision { text: "Meet monthly".into() }, want));
        let mut want = old.clone();
        list(&mut want, "action_items").push(serde_yaml::from_str("{ task: Call the office }").unwrap());
        out.push((Edit::ActionItem { task: "Call the office".into(), owner: None, due: None }, want));
        let n = old.get("action_items").and_then(Value::as_sequence).map_or(0, Vec::len);
        for i in 0..n {
            let mut want = old.clone();
            list(&mut want, "action_items")[i].as_mapping_mut().unwrap().insert("done".into(), true.into());
            out.push((Edit::ItemDone { index: i }, want));
        }
        let n = old.get("items").and_then(Value::as_sequence).map_or(0, Vec::len);
        for i in 0..n {
            let mut want = old.clone();
            let item = &mut list(&mut want, "items")[i];
            let Some(item) = item.as_mapping_mut() else { continue };
            item.insert("notes".into(), "Agreed: two \"reading\" nights.".into());
            let notes = "Agreed: two \"reading\" nights.".to_string();
            out.push((Edit::ItemNotes { index: i, notes }, want));
        }
    }
    out
}

/// The lines the change touched: how many of the old file's lines are gone, and how many of
/// the new file's lines are new (each line counted as often as it is written).
fn changed_lines(old: &str, new: &str) -> (usize, usize) {
    let count = |t: &str| {
        let mut m: std::collections::HashMap<String, isize> = std::collections::HashMap::new();
        for l in t.split_inclusive('\n') {
            *m.entry(l.to_string()).or_default() += 1;
        }
        m
    };
    let (a, b) = (count(old), count(new));
    let gone = a.iter().map(|(l, n)| (n - b.get(l).copied().unwrap_or(0)).max(0)).sum::<isize>();
    let added = b.iter().map(|(l, n)| (n - a.get(l).copied().unwrap_or(0)).max(0)).sum::<isize>();
    (gone as usize, added as usize)
}

/// The bytes of `old` that `new` does not keep: what lies between their common start and
/// their common end.
fn gone<'a>(old: &'a str, new: &str) -> &'a str {
    let start = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    let start = (0..=start).rev().find(|&i| old.is_char_boundary(i) && new.is_char_boundary(i)).unwrap_or(0);
    let room = old.len().min(new.len()) - start;
    let end = old.bytes().rev().zip(new.bytes().rev()).take(room).take_while(|(a, b)| a == b).count();
    let end = (0..=end).rev().find(|&i| old.is_char_boundary(old.len() - i)).unwrap_or(0);
    &old[start..old.len() - end]
}

/// Whether the value the edit writes is in the entry's file already (a `done: true` item).
fn already(want: &Value, old: &Value) -> bool {
    want == old
}

#[test]
fn every_edit_to_every_page_changes_only_its_value() {
    let pages = pages();
    assert!(pages.len() > 20, "the fixtures and the example have many pages: {}", pages.len());
    let mut made = 0;
    for (file, text) in &pages {
        let Some(page) = clockwork::content::parse_page(file, text.as_str().into()).0 else { continue };
        if page.kind != clockwork::content::Kind::Strategy && page.kind != clockwork::content::Kind::Agenda {
            continue;
        }
        for (edit, want) in edits(text) {
            if edit.kind() != page.kind {
                continue;
            }
            let written = match apply(file, text, &edit) {
                Ok(w) => w,
                // A page with errors of its own, or a value in a form this will not touch.
                Err(why) => {
                    assert!(
                        why.0.contains("fix them in the file") || why.0.contains("edit it in the file"),
                        "{file}: {edit:?}: {why:?}"
                    );
                    continue;
                }
            };
            made += 1;
            let (old_lines, new_lines) = changed_lines(text, &written.text);
            // Notes written as a `>` block span several lines, all of them the value.
            let value_lines = match &edit {
                Edit::ItemNotes { .. } => gone(text, &written.text).lines().count().max(1),
                _ => 1,
            };
            assert!(
                old_lines <= value_lines && new_lines <= 3,
                "{file}: {edit:?} touched {old_lines} old lines:\n{}",
                written.text
            );
            let removed = gone(text, &written.text);
            let key_like = |l: &str| {
                let l = l.trim_start().trim_start_matches("- ");
                l.split_once(':')
                    .is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            };
            // One span changed (the other edits may change a value and add a key after it).
            let one_span = matches!(edit, Edit::ItemNotes { .. });
            assert!(
                !one_span || !removed.lines().skip(1).any(key_like),
                "{file}: {edit:?} took away another field: {removed:?}"
            );
            if !already(&want, &front(text)) {
                assert_eq!(
                    front(&written.text),
                    want,
                    "{file}: {edit:?}: the front matter reads with just this change"
                );
            }
            let body = |t: &str| t.splitn(3, "\n---").nth(2).map(str::to_string);
            assert_eq!(body(&written.text), body(text), "{file}: the body stays");
        }
    }
    assert!(made > 100, "edits made: {made}");
}

/// A scalar as clockwork reads a text field: a string, or a number written bare (`92`).
fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn agenda() -> (String, String) {
    let file = "content/agendas/ilt/2026-09-15.md".to_string();
    let text = std::fs::read_to_string(repo().join("tests/fixtures/agendas").join(&file)).unwrap();
    (file, text)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_words_read_back_as_typed(task in "[\\PC]{1,40}", actual in -1.0e6f64..1.0e6) {
        let task = task.trim().to_string();
        prop_assume!(!task.is_empty());
        let (file, text) = agenda();
        let w = apply(&file, &text, &Edit::ActionItem { task: task.clone(), owner: Some("ana".into()), due: None }).unwrap();
        let items = front(&w.text).get("action_items").and_then(Value::as_sequence).cloned().unwrap();
        prop_assert_eq!(items.last().and_then(|i| i.get("task")).and_then(as_text), Some(task.clone()));
        let w = apply(&file, &text, &Edit::Decision { text: task.clone() }).unwrap();
        let decisions = front(&w.text).get("decisions").and_then(Value::as_sequence).cloned().unwrap();
        prop_assert_eq!(decisions.last().and_then(as_text), Some(task.clone()));

        let file = "content/strategies/reading.md";
        let text = std::fs::read_to_string(repo().join("tests/fixtures/agendas").join(file)).unwrap();
        let actual = (actual * 100.0).round() / 100.0;
        let w = apply(file, &text, &Edit::BenchmarkActual { benchmark: "b1".into(), actual, source: Some(task.clone()) }).unwrap();
        let mut want = front(&text);
        let b = entry(&mut want, "benchmarks", "b", "b1");
        b.insert("actual".into(), Value::from(actual));
        b.insert("source".into(), task.clone().into());
        let got = front(&w.text);
        let got_actual = got["benchmarks"][0]["actual"].as_f64().unwrap();
        prop_assert!((got_actual - actual).abs() < 1e-9, "{} vs {}", got_actual, actual);
        prop_assert_eq!(as_text(&got["benchmarks"][0]["source"]), Some(task.clone()));
    }
}

#[test]
fn a_value_written_in_a_form_this_cannot_edit_is_refused() {
    let text = "---\ntitle: Reads.\naction_steps:\n  - { id: a1, action: Build, owner: &o ana, status: &s in-progress }\n  - { id: a2, action: Train, owner: *o, status: *s }\n---\n";
    let file = "content/strategies/x.md";
    for step in ["a1", "a2"] {
        let e = apply(file, text, &Edit::StepStatus { step: step.into(), status: Status::Done, completed: None });
        let why = e.unwrap_err().0;
        assert!(why.starts_with("`status` is ") && why.ends_with(": edit it in the file"), "{step}: {why}");
    }
}
