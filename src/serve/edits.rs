//! `serve --edit`: a form's fields into one `edit::Edit`, checked and written into the page's
//! file. The request is trusted only when it carries the session's token and the hash of the
//! file as the page showed it; the file is replaced atomically, so a reader (the watcher, an
//! editor) never sees half of it.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::edit::surgery::Refused;
use crate::edit::{self, Edit};
use crate::model::Status;

/// What the server needs to accept edits.
#[derive(Debug, Clone)]
pub struct Editing {
    pub root: PathBuf,
    pub token: u128,
}

/// A session token no other page can guess: the standard library's randomly keyed hasher,
/// fed the time and the process id.
pub fn new_token() -> u128 {
    use std::hash::{BuildHasher, Hasher};
    let half = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
        h.write_u32(std::process::id());
        h.finish()
    };
    (u128::from(half()) << 64) | u128::from(half())
}

/// One accepted edit, for the serve log: "content/strategies/x.md: benchmark b2: actual — → 61".
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    pub file: String,
    pub field: String,
    pub old: String,
    pub new: String,
}

impl std::fmt::Display for Accepted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // One line per edit, however long the notes: new lines shown as `¶`, long texts cut.
        let short = |t: &str| {
            let t = t.trim().replace("\n\n", "\n").replace('\n', " ¶ ");
            let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
            match t.char_indices().nth(60) {
                Some((i, _)) => format!("{}…", &t[..i]),
                None => t,
            }
        };
        write!(f, "Edited {}: {}: {} → {}", self.file, self.field, short(&self.old), short(&self.new))
    }
}

impl Editing {
    /// Whether the form carries this session's token.
    pub fn token_ok(&self, form: &HashMap<String, String>) -> bool {
        form.get("token").is_some_and(|t| *t == format!("{:032x}", self.token))
    }

    /// Applies the form's edit to its file; nothing is written when it is refused.
    pub fn apply(&self, form: &HashMap<String, String>) -> Result<Accepted, Refused> {
        let file = form.get("file").map(String::as_str).unwrap_or_default();
        let path = self.path_of(file)?;
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Refused(format!("cannot read {file}: {}", crate::content::tree::io_words(&e))))?;
        if form.get("hash").map(String::as_str) != Some(edit::hash(&text).as_str()) {
            return Err(Refused("this page changed since you opened it; reload".to_string()));
        }
        if field(form, "op") == Some("agenda") {
            return self.start_agenda(form, file, &text);
        }
        let change = edit_of(form)?;
        let written = edit::apply(file, &text, &change)?;
        replace(&path, &written.text).map_err(|e| Refused(format!("cannot write {file}: {e}")))?;
        Ok(Accepted { file: file.to_string(), field: change.field(), old: written.old, new: written.new })
    }

    /// "Start the next agenda" on a team page: the same file as `clockwork new agenda`.
    fn start_agenda(&self, form: &HashMap<String, String>, file: &str, text: &str) -> Result<Accepted, Refused> {
        let (page, errors) = crate::content::parse_page(file, text.into());
        let team = match page {
            Some(p) if p.kind == crate::content::Kind::Team && errors.is_empty() => {
                crate::model::page_id(&p).unwrap_or_default()
            }
            Some(p) if p.kind == crate::content::Kind::Team => {
                return Err(Refused(format!("{file} has errors; fix them in the file first")));
            }
            _ => return Err(Refused(format!("{file} is not a team's page"))),
        };
        let date = date(form, "date")?;
        let today = chrono::Local::now().date_naive();
        let what = crate::new::New::Agenda { team: &team, date, today };
        let made = crate::new::write(&self.root, &what).map_err(|e| match e {
            crate::new::Refusal::NoDate(team) => {
                Refused(format!("{}; give the meeting's date", crate::new::no_rhythm(&team)))
            }
            other => Refused(other.to_string()),
        })?;
        Ok(Accepted { file: made, field: "new agenda".to_string(), old: "—".to_string(), new: team })
    }

    /// The page file a form names: a Markdown file under content/, named by a plain path.
    fn path_of(&self, file: &str) -> Result<PathBuf, Refused> {
        let plain = file.starts_with("content/")
            && file.ends_with(".md")
            && !file.contains('\\')
            && file.split('/').all(|part| !part.is_empty() && part != "." && part != "..");
        let path = self.root.join(file);
        let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        if plain && regular { Ok(path) } else { Err(Refused(format!("`{file}` is not a page of this site"))) }
    }
}

fn field<'a>(form: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}

fn date(form: &HashMap<String, String>, name: &str) -> Result<Option<NaiveDate>, Refused> {
    field(form, name)
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| Refused(format!("`{d}` is not a date: write it as 2026-11-20")))
        })
        .transpose()
}

fn number(form: &HashMap<String, String>, name: &str) -> Result<f64, Refused> {
    let text = field(form, name)
        .ok_or_else(|| Refused(format!("the {name} is missing: give a number, such as 62 or 62.5")))?;
    crate::content::yaml::parse_number(&text.replace(',', "."))
        .ok_or_else(|| Refused(format!("`{text}` is not a number: give one such as 62 or 62.5")))
}

/// The edit a form asks for (`op`: actual, measurement, status, item, decision, done).
pub fn edit_of(form: &HashMap<String, String>) -> Result<Edit, Refused> {
    let id = || field(form, "id").map(str::to_string).ok_or_else(|| Refused("the form names no entry".to_string()));
    match field(form, "op").unwrap_or_default() {
        "actual" => Ok(Edit::BenchmarkActual {
            benchmark: id()?,
            actual: number(form, "actual")?,
            source: field(form, "source").map(str::to_string),
        }),
        "measurement" => Ok(Edit::GoalMeasurement {
            goal: id()?,
            date: date(form, "date")?.ok_or_else(|| Refused("a measurement needs its date".to_string()))?,
            value: number(form, "value")?,
        }),
        "status" => {
            let status = field(form, "status")
                .and_then(Status::parse)
                .ok_or_else(|| Refused("choose a status: not-started, in-progress, blocked or done".to_string()))?;
            Ok(Edit::StepStatus { step: id()?, status, completed: date(form, "completed")? })
        }
        "item" => Ok(Edit::ActionItem {
            task: field(form, "task").unwrap_or_default().to_string(),
            owner: field(form, "owner").map(str::to_string),
            due: date(form, "due")?,
        }),
        "decision" => Ok(Edit::Decision { text: field(form, "text").unwrap_or_default().to_string() }),
        "done" => {
            let index = id()?.parse().map_err(|_| Refused("the form names no action item".to_string()))?;
            Ok(Edit::ItemDone { index })
        }
        "notes" => {
            let index = id()?.parse().map_err(|_| Refused("the form names no agenda item".to_string()))?;
            Ok(Edit::ItemNotes { index, notes: form.get("notes").cloned().unwrap_or_default() })
        }
        other => Err(Refused(format!("`{other}` is not an edit this server makes"))),
    }
}

/// Writes `text` beside `path`, then renames it over `path`.
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("page.md");
    let temp = path.with_file_name(format!(".{name}.clockwork-edit"));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, Editing) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/strategies")).unwrap();
        std::fs::write(
            dir.path().join("content/strategies/reading.md"),
            "---\ntitle: Reads.\nbenchmarks:\n  - { id: b1, quarter: Q1, statement: Routine, target: 90 }\n---\n",
        )
        .unwrap();
        let editing = Editing { root: dir.path().to_path_buf(), token: 7 };
        (dir, editing)
    }

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn an_edit_on_the_shown_version_is_written_and_a_stale_one_is_not() {
        let (dir, editing) = site();
        let path = dir.path().join("content/strategies/reading.md");
        let before = std::fs::read_to_string(&path).unwrap();
        let mut f =
            form(&[("file", "content/strategies/reading.md"), ("op", "actual"), ("id", "b1"), ("actual", "92")]);
        f.insert("hash".into(), edit::hash(&before));
        let done = editing.apply(&f).unwrap();
        assert_eq!(done.to_string(), "Edited content/strategies/reading.md: benchmark b1: actual: — → 92");
        let after = std::fs::read_to_string(&path).unwrap();
        assert_eq!(after, before.replace("target: 90 }", "target: 90, actual: 92 }"));
        // The same form again: the file changed since.
        let refused = editing.apply(&f).unwrap_err();
        assert_eq!(refused.0, "this page changed since you opened it; reload");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), after, "nothing written");
        assert_eq!(std::fs::read_dir(path.parent().unwrap()).unwrap().count(), 1, "no temporary file left");
    }

    #[test]
    fn only_a_page_of_the_site_can_be_named() {
        let (_dir, editing) = site();
        for file in ["../secret.md", "content/../site.yaml", "/etc/passwd", "content/strategies/none.md", "site.yaml"] {
            let f = form(&[("file", file), ("hash", "x"), ("op", "decision"), ("text", "x")]);
            assert!(editing.apply(&f).unwrap_err().0.contains("is not a page of this site"), "{file}");
        }
        assert!(!editing.token_ok(&form(&[("token", "7")])));
        assert!(editing.token_ok(&form(&[("token", &format!("{:032x}", 7))])));
    }

    #[test]
    fn the_log_line_of_long_notes_stays_one_line() {
        let notes = "Agreed on five.\n\nLook-for 4 counts only when every student reads, not just the group.";
        let a = Accepted {
            file: "content/agendas/x.md".into(),
            field: "item 3: notes".into(),
            old: "—".into(),
            new: notes.into(),
        };
        assert_eq!(
            a.to_string(),
            "Edited content/agendas/x.md: item 3: notes: — → Agreed on five. ¶ Look-for 4 counts only when every student …"
        );
    }

    #[test]
    fn a_team_page_starts_its_next_agenda() {
        let (dir, editing) = site();
        std::fs::create_dir_all(dir.path().join("content/teams")).unwrap();
        std::fs::write(dir.path().join("site.yaml"), "title: Maple\n").unwrap();
        let team = "---\ntitle: Leadership team\n---\nWe lead.\n";
        std::fs::write(dir.path().join("content/teams/ilt.md"), team).unwrap();
        let mut f = form(&[("file", "content/teams/ilt.md"), ("op", "agenda"), ("date", "2026-12-08")]);
        f.insert("hash".into(), edit::hash(team));
        let done = editing.apply(&f).unwrap();
        assert_eq!(done.file, "content/agendas/ilt/2026-12-08.md");
        let agenda = std::fs::read_to_string(dir.path().join(&done.file)).unwrap();
        assert!(agenda.starts_with("---\n") && agenda.contains("items:"), "{agenda}");
        let again = editing.apply(&f).unwrap_err();
        assert!(again.0.contains("already is the agenda of ilt for 2026-12-08"), "{}", again.0);
        // No date and no meeting rhythm: the form asks for the date, in the form's words.
        f.remove("date");
        let e = editing.apply(&f).unwrap_err();
        assert!(e.0.ends_with("give the meeting's date"), "{}", e.0);
        // Only a team's page starts an agenda.
        let strategy = std::fs::read_to_string(dir.path().join("content/strategies/reading.md")).unwrap();
        let mut f = form(&[("file", "content/strategies/reading.md"), ("op", "agenda"), ("date", "2026-12-08")]);
        f.insert("hash".into(), edit::hash(&strategy));
        assert_eq!(editing.apply(&f).unwrap_err().0, "content/strategies/reading.md is not a team's page");
    }

    #[test]
    fn a_form_with_a_bad_value_says_what_it_wanted() {
        let e = edit_of(&form(&[("op", "actual"), ("id", "b1"), ("actual", "lots")])).unwrap_err();
        assert_eq!(e.0, "`lots` is not a number: give one such as 62 or 62.5");
        let e = edit_of(&form(&[("op", "status"), ("id", "a1"), ("status", "finished")])).unwrap_err();
        assert!(e.0.starts_with("choose a status"), "{}", e.0);
        let e = edit_of(&form(&[("op", "item"), ("task", "x"), ("due", "next week")])).unwrap_err();
        assert_eq!(e.0, "`next week` is not a date: write it as 2026-11-20");
        assert_eq!(
            edit_of(&form(&[("op", "actual"), ("id", "b1"), ("actual", "61,5")])).unwrap(),
            Edit::BenchmarkActual { benchmark: "b1".into(), actual: 61.5, source: None }
        );
    }
}
