//! What `clockwork new` writes: a well-commented starting file for a team, strategy, person,
//! page or agenda. It never overwrites a file: an existing one is a refusal.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use crate::config::CONFIG_FILE;
use crate::content::Kind;
use crate::model::{Agenda, Audience, PageData, Relations, Site, Team};
use crate::pipeline::{self, Request};
use crate::util::did_you_mean;
use crate::views::{agenda::team_roles, schedule};

/// What to write.
#[derive(Debug, Clone)]
pub enum New<'a> {
    /// A team's meeting; without a date, the team's next meeting day after `today`.
    Agenda { team: &'a str, date: Option<NaiveDate>, today: NaiveDate },
    /// A team, strategy or person by id.
    OfKind { kind: Kind, id: &'a str, title: Option<&'a str> },
    /// Any other page, by its path under content/.
    Page { path: &'a str, title: Option<&'a str> },
    /// A translation of the page at `path` under content/ (`strategies/early-literacy.md`).
    Translation { path: &'a str, lang: &'a str },
}

/// Why `new` did not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The request cannot be met as asked (a bad id or path): a usage error.
    Usage(String),
    /// The site refuses it (the file exists, the team is unknown).
    Refused(String),
    /// An agenda without a date for a team with no `meets:` (by id): the date must be given,
    /// which the command line and the edit form ask for in their own words.
    NoDate(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Refusal::Usage(m) | Refusal::Refused(m) => f.write_str(m),
            Refusal::NoDate(team) => write!(f, "{}; pass `--date YYYY-MM-DD`", no_rhythm(team)),
        }
    }
}

/// Why a team's next meeting is unknown.
pub fn no_rhythm(team: &str) -> String {
    format!("team `{team}` has no `meets:`, so its next meeting is unknown")
}

fn refused(message: impl Into<String>) -> Refusal {
    Refusal::Refused(message.into())
}

/// Writes the new file into the site at `root`; returns its path relative to the root.
pub fn write(root: &Path, what: &New) -> Result<String, Refusal> {
    let (rel, text) = plan(root, what)?;
    write_new(root, &rel, &text)?;
    Ok(rel)
}

/// The file to write (relative to the root) and its text.
fn plan(root: &Path, what: &New) -> Result<(String, String), Refusal> {
    if !root.join(CONFIG_FILE).is_file() {
        return Err(refused(format!(
            "{} is not a clockwork site (it has no site.yaml); pass `--root DIR` or start one with `clockwork init DIR`",
            root.display()
        )));
    }
    match *what {
        New::Agenda { team, date, today } => new_agenda(root, team, date, today),
        New::OfKind { kind, id, title } => new_of_kind(root, kind, id, title),
        New::Page { path, title } => new_page(path, title),
        New::Translation { path, lang } => new_translation(root, path, lang),
    }
}

/// `x.es.md` beside `x.md`: the source's words (title, statements, descriptions, its body) to
/// translate, every other value left to the source, and the source's hash.
fn new_translation(root: &Path, path: &str, lang: &str) -> Result<(String, String), Refusal> {
    let code = lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase());
    if !code {
        return Err(Refusal::Usage(format!(
            "`{lang}` is not a language code: use two lowercase letters, as in `--lang es`"
        )));
    }
    let path = path.trim().replace('\\', "/");
    let under = path.trim_start_matches("./").trim_start_matches("content/").trim_start_matches('/');
    let under = if under.ends_with(".md") { under.to_string() } else { format!("{under}.md") };
    if crate::content::translation_of(&under).is_some() {
        return Err(Refusal::Usage(format!("`{under}` is itself a translation: name the page it translates")));
    }
    let source = format!("{}/{under}", crate::content::CONTENT_DIR);
    let text = std::fs::read_to_string(root.join(&source)).map_err(|_| {
        refused(format!(
            "there is no page {source} to translate; give its path under content/, as in `strategies/early-literacy.md`"
        ))
    })?;
    let (page, diags) = crate::content::parse_page(&source, text.clone().into());
    let Some(page) = page else {
        let why = diags.first().map_or(String::new(), |d| format!(" (line {}: {})", d.line, d.message));
        return Err(refused(format!("{source} does not load{why}; fix it first, then translate it")));
    };
    let kind = page.kind;
    let keep =
        |p: &[String]| p.first().is_none_or(|k| k != "source_hash") && crate::check::translations::is_words(kind, p);
    let words = crate::content::yaml::only(&text[page.yaml.clone()], &keep)
        .map_err(|e| refused(format!("{source}: {}", e.message)))?;
    let words = if words.trim() == "{}" { String::new() } else { words };
    let hash = crate::check::translations::source_hash(&text);
    let rel = format!("{}/{}.{lang}.md", crate::content::CONTENT_DIR, under.trim_end_matches(".md"));
    let out = format!(
        "---\n# The `{lang}` translation of {under}: put every text below (and the body) in that language.\n# Numbers, dates, owners and statuses come from the source; `source_hash` records which\n# version of it this translates (clockwork warns when the source changes).\nsource_hash: {hash}\n{words}---\n{}",
        page.body()
    );
    Ok((rel, out))
}

/// Creates the file, refusing one that exists (create_new: no race with another writer).
fn write_new(root: &Path, rel: &str, text: &str) -> Result<(), Refusal> {
    let path = root.join(rel);
    if path.exists() {
        return Err(refused(format!("{rel} already exists; `clockwork new` never overwrites a file")));
    }
    let cannot = |e: std::io::Error| refused(format!("cannot write {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(cannot)?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            refused(format!("{rel} already exists; `clockwork new` never overwrites a file"))
        } else {
            cannot(e)
        }
    })?;
    file.write_all(text.as_bytes()).map_err(cannot)
}

/// Whether an id makes a good file name: letters, digits, `-`, `_`, `.`, not starting with `.`.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !id.ends_with(".md")
}

fn bad_id(what: &str, id: &str) -> Refusal {
    Refusal::Usage(format!(
        "`{id}` is not a usable {what} id: use letters, digits and dashes, as in `grade-4-team` (it becomes the file name)"
    ))
}

/// Loads the site with drafts, for an audience (problems in other files do not matter here).
fn load(root: &Path, audience: Audience) -> Result<(Site, Relations), Refusal> {
    let req = Request { audience, drafts: true, ..Request::new(root) };
    let outcome = pipeline::run(&req, false);
    match outcome.site {
        Some(site) => Ok((site, outcome.relations)),
        None => Err(refused(format!("cannot read the site in {}", root.display()))),
    }
}

fn new_of_kind(root: &Path, kind: Kind, id: &str, title: Option<&str>) -> Result<(String, String), Refusal> {
    if !valid_id(id) {
        return Err(bad_id(kind.name(), id));
    }
    let (site, _) = load(root, Audience::Staff)?;
    if let Some(page) = site.get(kind, id) {
        return Err(refused(format!("another {} already has the id `{id}`: {}", kind.name(), page.src.file)));
    }
    let folder = kind.folder().unwrap_or("");
    let rel = format!("content/{folder}/{id}.md");
    let text = match kind {
        Kind::Team => team_text(&site, &title_or(title, id, false)),
        Kind::Strategy => strategy_text(&title_or(title, id, false)),
        Kind::Challenge => challenge_text(&title_or(title, id, false)),
        _ => person_text(&title_or(title, id, true)),
    };
    Ok((rel, text))
}

/// `--title`, else the id in words: "grade-4-team" → "Grade 4 team" ("Jordan Lee" for people).
fn title_or(title: Option<&str>, id: &str, every_word: bool) -> String {
    if let Some(t) = title.map(str::trim).filter(|t| !t.is_empty()) {
        return t.to_string();
    }
    let words: Vec<String> = id
        .split(['-', '_', '.'])
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, w)| if i == 0 || every_word { capitalize(w) } else { w.to_string() })
        .collect();
    words.join(" ")
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Output paths clockwork writes itself; a page there would clash with them.
const GENERATED_PATHS: [&str; 7] = ["teams", "strategies", "people", "agendas", "calendar", "challenges", "plan"];

fn new_page(path: &str, title: Option<&str>) -> Result<(String, String), Refusal> {
    // A Windows shell completes `content\resources\glossary.md`: `\` separates folders too.
    let path = path.trim().replace('\\', "/");
    let path = path.trim_start_matches("./").trim_start_matches("content/").trim_end_matches(".md").trim_matches('/');
    let parts: Vec<&str> = path.split('/').collect();
    if path.is_empty() || parts.iter().any(|p| !valid_id(p)) {
        return Err(Refusal::Usage(format!(
            "`{path}` is not a usable page path: folders and a name of letters, digits and dashes, as in `resources/glossary`"
        )));
    }
    if GENERATED_PATHS.contains(&path) {
        return Err(refused(format!(
            "content/{path}.md would be written to {path}/index.html, which clockwork writes itself; to add text to that page, write content/{path}/_index.md"
        )));
    }
    let stem = parts.last().copied().unwrap_or(path);
    let section = stem == "_index";
    let title = match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.to_string(),
        None if section => title_or(None, parts.iter().rev().nth(1).copied().unwrap_or("home"), false),
        None => title_or(None, stem, false),
    };
    // A page in a kind's folder (teams/, agendas/…) would be read as that kind.
    let needs_kind = !section && parts.len() > 1 && Kind::from_folder(path) != Kind::Page;
    Ok((format!("content/{path}.md"), page_text(&title, needs_kind, section)))
}

// ---------------------------------------------------------------------------------------
// new agenda

fn new_agenda(
    root: &Path,
    team_id: &str,
    date: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(String, String), Refusal> {
    let (site, rel) = load(root, Audience::Staff)?;
    let Some(team_page) = site.get(Kind::Team, team_id) else {
        let ids: Vec<&str> = site.teams().map(|(p, _)| p.id.as_str()).collect();
        return Err(refused(format!(
            "there is no team `{team_id}`{}",
            if ids.is_empty() { " (the site has no teams yet)".to_string() } else { did_you_mean(team_id, ids) }
        )));
    };
    let PageData::Team(team) = &team_page.data else { return Err(refused("not a team")) };
    if !valid_id(team_id) {
        return Err(bad_id("team", team_id));
    }
    let date = match date.or_else(|| schedule::next_meeting_day(&site, team, today)) {
        Some(d) => d,
        None => return Err(Refusal::NoDate(team_id.to_string())),
    };
    let id = format!("{team_id}/{date}");
    if let Some(page) = site.get(Kind::Agenda, &id) {
        return Err(refused(format!(
            "{} already is the agenda of {team_id} for {date}; for a second meeting that day, write content/agendas/{team_id}/{date}-b.md with `date: {date}`",
            page.src.file
        )));
    }
    let last = rel
        .team_agendas
        .get(team_id)
        .into_iter()
        .flatten()
        .filter_map(|&i| match &site.pages[i].data {
            PageData::Agenda(a) if a.date.is_some_and(|d| d < date) => Some((i, a)),
            _ => None,
        })
        .next_back();
    // Staff-only sources make a staff-only agenda: their topics must not reach a public build.
    let (public, _) = load(root, Audience::Public)?;
    let staff_only = public.get(Kind::Team, team_id).is_none()
        || last.is_some_and(|(i, _)| public.get(Kind::Agenda, &site.pages[i].id).is_none());
    let text = agenda_text(team_page.title.as_str(), team, date, last.map(|(_, a)| a), staff_only);
    Ok((format!("content/agendas/{team_id}/{date}.md"), text))
}

/// A YAML scalar: plain when that reads back as the same text, else double-quoted (a JSON
/// string is a valid YAML double-quoted scalar).
fn yaml_str(s: &str) -> String {
    let plain = s.chars().next().is_some_and(char::is_alphanumeric)
        && !s.ends_with(' ')
        && s.chars().all(|c| c.is_alphanumeric() || " -'.()/&?!".contains(c))
        && !matches!(s.to_lowercase().as_str(), "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n")
        && s.parse::<f64>().is_err();
    if plain { s.to_string() } else { serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string()) }
}

fn agenda_text(team_title: &str, team: &Team, date: NaiveDate, last: Option<&Agenda>, staff_only: bool) -> String {
    use crate::format;
    let mut t = String::from("---\n");
    t.push_str(&format!("# {team_title}: agenda for {}.\n", format::day_date(date)));
    t.push_str("# Written by `clockwork new agenda` from the team's standing items and roles");
    match last.and_then(|a| a.date) {
        Some(d) => t.push_str(&format!(",\n# and the `next_items` of its last agenda ({d}).\n")),
        None => t.push_str(".\n"),
    }
    t.push_str(
        "# The team and the date come from this file's folder and name.\n\
         # Open action items are not copied here: each shows on this agenda's page under\n\
         # \"Still open from earlier meetings\" until `done: true` is set where it was created.\n",
    );
    if staff_only {
        t.push_str(
            "visibility: staff              # the team or its last agenda is staff-only, so this agenda is too\n",
        );
    }
    let meets = team.meets.as_ref();
    match meets.and_then(|m| m.start) {
        Some(s) => t.push_str(&format!(
            "# start: \"{}\"                # default: the team's `meets`\n",
            format::time(s, crate::config::Clock::H24)
        )),
        None => t.push_str("# start: \"15:30\"                # when the meeting starts, for the items' clock times\n"),
    }
    match meets.and_then(|m| m.minutes) {
        Some(m) => t.push_str(&format!("# minutes: {m}                   # default: the team's `meets`\n")),
        None => t.push_str("# minutes: 60                   # the meeting's length\n"),
    }
    t.push_str("# location: Room 204\n");
    let roles = team_roles(team);
    if roles.is_empty() {
        t.push_str("# roles: { facilitator: person-id, note-taker: person-id, timekeeper: person-id }\n");
    } else {
        t.push_str("roles:                         # from the team's members; change them for this meeting\n");
        for (role, person) in &roles {
            t.push_str(&format!("  {}: {}\n", yaml_str(role), yaml_str(person)));
        }
    }
    t.push_str("objectives: []                 # what this meeting must achieve, e.g. [Agree on the Q2 look-fors]\n");
    t.push_str("items:                         # { topic, minutes, type: inform|discuss|decide, lead, strategy, benchmark, notes }\n");
    let mut topics: Vec<&str> = Vec::new();
    for s in &team.standing_items {
        let mut fields = vec![format!("topic: {}", yaml_str(&s.topic))];
        fields.extend(s.minutes.map(|m| format!("minutes: {m}")));
        fields.extend(s.kind.as_ref().map(|k| format!("type: {k}")));
        fields.extend(s.lead.as_ref().map(|l| format!("lead: {}", yaml_str(l))));
        t.push_str(&format!("  - {{ {} }}\n", fields.join(", ")));
        topics.push(&s.topic);
    }
    let carried: Vec<&String> =
        last.map_or(&[][..], |a| &a.next_items[..]).iter().filter(|n| !topics.contains(&n.as_str())).collect();
    if !carried.is_empty() {
        t.push_str("  # Carried from the last agenda's next_items:\n");
        for n in carried {
            t.push_str(&format!("  - {{ topic: {} }}\n", yaml_str(n)));
        }
    }
    if team.standing_items.is_empty() && last.is_none_or(|a| a.next_items.is_empty()) {
        t.push_str("  - { topic: Celebrations, minutes: 5 }\n");
    }
    t.push_str("decisions: []\n");
    t.push_str("action_items: []               # { task, owner, due: YYYY-MM-DD, done: false }\n");
    t.push_str("next_items: []                 # topics for the next meeting; `new agenda` carries them forward\n");
    t.push_str("---\n");
    t
}

// ---------------------------------------------------------------------------------------
// Starting files of the other kinds

fn team_text(site: &Site, title: &str) -> String {
    let levels = site.config.levels.join(", ");
    format!(
        "---\n\
# A team: why it meets, when, who is on it, and what it sends to other teams.\n\
# Only `title` is required; `clockwork check` says what the plan still lacks.\n\
title: {title}\n\
# short: Short name               # the label in the team flowchart\n\
# level: school                   # one of site.yaml `levels`: {levels}\n\
# purpose: Why this team exists, in one sentence.\n\
# cadence: Weekly, Tuesdays 3:30–4:30 pm   # shown as written\n\
# meets: {{ weekday: tuesday, start: \"15:30\", minutes: 60, every_weeks: 1 }}   # for the calendar and agendas\n\
members: []                       # e.g. - {{ person: jordan-lee, role: facilitator }} (note-taker, timekeeper, member…)\n\
links: []                         # communication loops, e.g. - {{ to: other-team-id, sends: \"Monthly benchmark data\" }}\n\
# parent: other-team-id           # for a satellite team or a temporary work group\n\
# until: 2027-01-31               # a temporary work group's end date\n\
standing_items: []                # the agenda template, e.g. - {{ topic: Celebrations, minutes: 5 }}\n\
norms: []                         # e.g. [Start and end on time, Assume positive intent]\n\
---\n\
What this team does, in your own words. Markdown works here.\n",
        title = yaml_str(title),
    )
}

fn strategy_text(title: &str) -> String {
    format!(
        "---\n\
# A Major Improvement Strategy: one sentence that names where you are going (the title),\n\
# 2–3 end-of-year goals, 2–4 implementation benchmarks per quarter, and action steps.\n\
title: {title}\n\
# description: One paragraph on what the strategy is and why.\n\
# team: team-id                   # the team that runs it\n\
# owner: person-id                # a person id, or a team id when a group owns it\n\
# area: Literacy                  # the goal area or priority it belongs to\n\
addresses: []                     # challenge ids it answers, or one root cause: challenge-id#rc1\n\
supports: []                      # ids of district strategies this one serves\n\
goals: []\n\
#  - {{ id: g1, short: Grade 3 reading, statement: 80% of third graders read on grade level, measure: \"% proficient\", unit: \"%\", baseline: 62, target: 80 }}\n\
#    milestones: [{{ quarter: Q2, target: 70 }}]   # interim targets, by quarter\n\
benchmarks: []\n\
#  - {{ id: b1, short: Phonics routine, quarter: Q1, goals: [g1], statement: 90% of classrooms use the routine, unit: \"%\", target: 90, evidence: Walkthrough tracker }}\n\
action_steps: []\n\
#  - {{ id: a1, action: Build the walkthrough tracker, owner: [person-id], due: 2026-09-15, benchmarks: [b1], status: not-started }}\n\
#  - {{ id: a2, action: Train every K-3 teacher, owner: [principals], when: Start of school year }}   # `when`: timing in words\n\
reflections: []                   # {{ quarter: Q1, text: \"What we learned and what we change\" }}\n\
---\n",
        title = yaml_str(title),
    )
}

fn challenge_text(title: &str) -> String {
    format!(
        "---\n\
# A priority performance challenge: what the data show the plan must change (the title),\n\
# the trend in words, and its root causes. Strategies name it in `addresses:`.\n\
title: {title}\n\
# data: \"2023: 61%, 2024: 63%, 2025: 62% (state ELA grade 3)\"\n\
root_causes: []\n\
#  - {{ id: rc1, statement: Core phonics instruction is inconsistent across K-2 classrooms }}\n\
---\n",
        title = yaml_str(title),
    )
}

fn person_text(title: &str) -> String {
    format!(
        "---\n\
# A person: their page lists their teams, and the steps and action items they own.\n\
title: {title}\n\
# role: Principal\n\
# email: name@example.org\n\
# phone: 555-0100\n\
---\n",
        title = yaml_str(title),
    )
}

fn page_text(title: &str, needs_kind: bool, section: bool) -> String {
    let kind = if needs_kind {
        "kind: page                        # in this folder, a file is otherwise read as its kind\n"
    } else {
        ""
    };
    let what = if section {
        "# A section page: the page of its folder, which lists the folder's pages.\n# Its `draft:` and `visibility:` apply to the whole folder.\n"
    } else {
        "# A page: Markdown below the front matter. Link to other pages with their path,\n# e.g. [the ILT](@/teams/ilt.md).\n"
    };
    format!(
        "---\n{what}title: {title}\n{kind}# summary: One line for listings.\n# visibility: staff               # only in `--audience staff` builds\n# draft: true                     # only in `--drafts` builds\n---\nWrite here.\n",
        title = yaml_str(title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_ids() {
        assert_eq!(title_or(None, "grade-4-team", false), "Grade 4 team");
        assert_eq!(title_or(None, "jordan-lee", true), "Jordan Lee");
        assert_eq!(title_or(Some(" Data Team "), "x", false), "Data Team");
    }

    #[test]
    fn yaml_strings_read_back() {
        assert_eq!(yaml_str("Celebrations"), "Celebrations");
        assert_eq!(yaml_str("Data-dig protocol: first use"), "\"Data-dig protocol: first use\"");
        assert_eq!(yaml_str("yes"), "\"yes\"");
        assert_eq!(yaml_str("2026"), "\"2026\"");
        assert_eq!(yaml_str("a, b"), "\"a, b\"");
        assert_eq!(yaml_str("say \"hi\" # now"), "\"say \\\"hi\\\" # now\"");
        assert_eq!(yaml_str(""), "\"\"");
    }

    #[test]
    fn ids_must_make_file_names() {
        assert!(valid_id("grade-4-team"));
        assert!(!valid_id("../etc"));
        assert!(!valid_id("a/b"));
        assert!(!valid_id(".hidden"));
        assert!(!valid_id(""));
        assert!(!valid_id("x.md"));
    }

    #[test]
    fn a_page_path_may_use_windows_separators() {
        let (file, _) = new_page(r"content\resources\glossary.md", None).unwrap();
        assert_eq!(file, "content/resources/glossary.md");
        let (file, _) = new_page(r".\content\family-guide", None).unwrap();
        assert_eq!(file, "content/family-guide.md");
        assert!(matches!(new_page(r"..\secrets", None), Err(Refusal::Usage(_))));
    }
}
