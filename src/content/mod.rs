//! Loading: walk `content/`, read each file, split and parse its front matter into the
//! struct of its kind. Every problem becomes a diagnostic; loading goes on after one.

pub mod frontmatter;
pub mod kinds;
pub mod schema;
pub mod trackers;
pub mod tree;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Rule};
use crate::util::did_you_mean;
use kinds::*;
use yaml::{Locations, YamlErrorKind};

pub const CONTENT_DIR: &str = "content";

/// The site's settings file, at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Page,
    Section,
    Person,
    Team,
    Strategy,
    Agenda,
    Challenge,
}

impl Kind {
    pub const ALL: [Kind; 7] =
        [Kind::Page, Kind::Section, Kind::Person, Kind::Team, Kind::Strategy, Kind::Agenda, Kind::Challenge];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Section => "section",
            Kind::Person => "person",
            Kind::Team => "team",
            Kind::Strategy => "strategy",
            Kind::Agenda => "agenda",
            Kind::Challenge => "challenge",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// "a team", "a page", for messages about a page of the kind.
    pub fn article(self) -> &'static str {
        match self {
            Kind::Page => "a page",
            Kind::Section => "a section page (`_index.md`)",
            Kind::Person => "a person",
            Kind::Team => "a team",
            Kind::Strategy => "a strategy",
            Kind::Agenda => "an agenda",
            Kind::Challenge => "a challenge",
        }
    }

    /// "for a team", "on a page", for messages about a field.
    pub fn for_a(self) -> &'static str {
        match self {
            Kind::Page => "on a page",
            Kind::Section => "on a section page (`_index.md`)",
            Kind::Person => "for a person",
            Kind::Team => "for a team",
            Kind::Strategy => "for a strategy",
            Kind::Agenda => "for an agenda",
            Kind::Challenge => "for a challenge",
        }
    }

    /// The kind a file has by its top folder under content/.
    pub fn from_folder(path: &str) -> Kind {
        match path.split('/').next() {
            Some("teams") => Kind::Team,
            Some("strategies") => Kind::Strategy,
            Some("agendas") => Kind::Agenda,
            Some("people") => Kind::Person,
            Some("challenges") => Kind::Challenge,
            _ => Kind::Page,
        }
    }

    /// The folder that holds pages of this kind, if it has one.
    pub fn folder(self) -> Option<&'static str> {
        match self {
            Kind::Team => Some("teams"),
            Kind::Strategy => Some("strategies"),
            Kind::Agenda => Some("agendas"),
            Kind::Person => Some("people"),
            Kind::Challenge => Some("challenges"),
            Kind::Page | Kind::Section => None,
        }
    }
}

/// The parsed front matter, by kind.
#[derive(Debug, Clone)]
pub enum Fields {
    Page(PageFields),
    Person(PersonFields),
    Team(TeamFields),
    Strategy(StrategyFields),
    Agenda(AgendaFields),
    Challenge(ChallengeFields),
}

/// One Markdown file, loaded and parsed but not yet checked against the rest of the site.
#[derive(Debug)]
pub struct SourcePage {
    /// Relative to the site root, with `/`: `content/teams/ilt.md`.
    pub file: String,
    /// Under content/, without `.md`: `teams/ilt`; a section's is its folder (`resources`, `` for the home).
    pub path: String,
    pub kind: Kind,
    pub text: Arc<str>,
    /// 1-based file line of the front matter's first line.
    pub yaml_line: usize,
    /// Byte range of the front matter in `text`.
    pub yaml: std::ops::Range<usize>,
    /// Byte offset and 1-based line where the Markdown body starts.
    pub body_start: usize,
    pub body_line: usize,
    pub has_front_matter: bool,
    pub common: Common,
    pub fields: Fields,
    /// The language of a translation (`x.es.md` is the Spanish of `x.md`, whose content path
    /// it shares); `None` for a page in the site's own language.
    pub lang: Option<String>,
    locations: OnceLock<Locations>,
}

impl SourcePage {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    pub fn stem(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    pub fn is_section(&self) -> bool {
        self.kind == Kind::Section
    }

    /// The folder a section page governs (`resources`), or the folder a page sits in.
    pub fn folder(&self) -> &str {
        if self.is_section() { &self.path } else { self.path.rsplit_once('/').map_or("", |(dir, _)| dir) }
    }

    fn locations(&self) -> &Locations {
        self.locations.get_or_init(|| Locations::scan(&self.text[self.yaml.clone()]))
    }

    /// File line and column of a front matter field's value (or of its nearest ancestor).
    pub fn pos(&self, path: &[&str]) -> (usize, usize) {
        self.to_file(self.locations().value(path))
    }

    /// Every front matter key written (and list item), by path, with its file position.
    pub fn written_keys(&self) -> Vec<(Vec<String>, (usize, usize))> {
        self.locations().key_paths().map(|(path, pos)| (path, self.to_file(Some(pos)))).collect()
    }

    /// File line and column of a front matter field's key.
    pub fn key_pos(&self, path: &[&str]) -> (usize, usize) {
        self.to_file(self.locations().key(path))
    }

    fn to_file(&self, pos: Option<(usize, usize)>) -> (usize, usize) {
        match pos {
            Some((line, col)) if self.has_front_matter => (line + self.yaml_line - 1, col),
            _ => (1, 1),
        }
    }

    /// File line and column of a byte offset in the body.
    pub fn body_pos(&self, offset: usize) -> (usize, usize) {
        let (line, col) = crate::util::line_col(self.body(), offset);
        (line + self.body_line - 1, col)
    }
}

/// A copy for watch, which re-resolves the site from the sources it keeps after each change;
/// the lazily scanned field positions are not copied (they are found again when asked for).
impl Clone for SourcePage {
    fn clone(&self) -> Self {
        SourcePage {
            file: self.file.clone(),
            path: self.path.clone(),
            kind: self.kind,
            text: self.text.clone(),
            yaml_line: self.yaml_line,
            yaml: self.yaml.clone(),
            body_start: self.body_start,
            body_line: self.body_line,
            has_front_matter: self.has_front_matter,
            common: self.common.clone(),
            fields: self.fields.clone(),
            lang: self.lang.clone(),
            locations: OnceLock::new(),
        }
    }
}

/// A non-Markdown file under content/, copied beside its page.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Under content/ with `/`: `teams/ilt/photo.jpg`.
    pub path: String,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub pages: Vec<SourcePage>,
    pub assets: Vec<Asset>,
    /// Text of every file read, for showing diagnostics (including files that failed).
    pub texts: crate::diagnostics::SourceTexts,
    pub diagnostics: Vec<Diagnostic>,
    /// Content path (`teams/ilt`) of every Markdown file that did not load: its own
    /// diagnostic says why, and references to it are not reported again.
    pub failed: Vec<String>,
}

/// Files editors and operating systems leave behind, never content: among them the lock
/// file Excel and Word keep beside an open file (`~$progress.csv`, which holds the name of
/// whoever has it open), Windows' `desktop.ini` and `Thumbs.db`, and JetBrains' save files.
pub fn is_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == "4913"
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// Walks `root/content` and loads every file in parallel.
pub fn load(root: &Path) -> Loaded {
    let mut loaded = Loaded::default();
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        loaded.diagnostics.push(
            Diagnostic::new(
                Rule::BadConfig,
                CONFIG_FILE,
                (1, 1),
                format!("there is no `content/` folder in {}", root.display()),
            )
            .with_help("put your pages in content/ beside site.yaml, or run `clockwork init` to start a site"),
        );
        return loaded;
    }
    let (markdown, assets, mut diagnostics) = walk(root);
    loaded.assets = assets;
    let results: Vec<_> = markdown.par_iter().map(|(abs, rel)| load_file(abs, rel)).collect();
    for (file, text, page, diags) in results {
        if page.is_none() {
            loaded.failed.push(page_path(&file));
        }
        if let Some(text) = text {
            loaded.texts.insert(file, text);
        }
        loaded.pages.extend(page);
        diagnostics.extend(diags);
    }
    loaded.diagnostics = diagnostics;
    loaded
}

type Walked = (Vec<(PathBuf, String)>, Vec<Asset>, Vec<Diagnostic>);

/// The Markdown files and assets under content/, and what the walk found wrong.
fn walk(root: &Path) -> Walked {
    let (found, mut diags) = tree::walk(root, CONTENT_DIR);
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    for f in found {
        if let Some(d) = scheme_in_name(&f.rel).or_else(|| reserved_on_windows(&f.rel)) {
            diags.push(d);
            continue;
        }
        if f.under.ends_with(".md") {
            markdown.push((f.path, f.rel));
        } else {
            assets.push(Asset { source: f.path, path: f.under });
        }
    }
    (markdown, assets, diags)
}

/// A folder or file name with a colon under content/ would make a link that a browser reads
/// as an address with a scheme (`javascript:alert(1)/index.html`).
fn scheme_in_name(rel: &str) -> Option<Diagnostic> {
    let under = rel.strip_prefix("content/").unwrap_or(rel);
    let part = under.split('/').find(|p| p.contains(':'))?;
    let scheme = part.split(':').next().unwrap_or(part);
    let message = format!("the name `{part}` has a colon, so its links would read as an address starting `{scheme}:`");
    Some(Diagnostic::new(Rule::BadFileName, rel, (1, 1), message))
}

/// A name Windows cannot create (`con.md`, `nul/`, `notes.`): the site could not be copied
/// to, built on or served from a Windows disk, so it is an error on every system.
fn reserved_on_windows(rel: &str) -> Option<Diagnostic> {
    const DEVICES: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];
    let under = rel.strip_prefix("content/").unwrap_or(rel);
    let part = under.split('/').find(|part| {
        let stem = part.split('.').next().unwrap_or(part).trim_end().to_ascii_uppercase();
        let numbered = ["COM", "LPT"].iter().any(|d| {
            stem.strip_prefix(d).is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
        });
        DEVICES.contains(&stem.as_str()) || numbered || part.ends_with('.') || part.ends_with(' ')
    })?;
    let message = if part.ends_with('.') || part.ends_with(' ') {
        format!(
            "the name `{part}` ends with a dot or a space, which Windows drops, so the file could not be copied to a Windows disk as it is"
        )
    } else {
        format!(
            "the name `{part}` is a device name on Windows (CON, PRN, AUX, NUL, COM1–9, LPT1–9), so the file could not be copied to a Windows disk"
        )
    };
    let help = "rename it, for example `con.md` to `contacts.md`";
    Some(Diagnostic::new(Rule::BadFileName, rel, (1, 1), message).with_help(help))
}

pub use tree::relative;

type FileResult = (String, Option<Arc<str>>, Option<SourcePage>, Vec<Diagnostic>);

/// Loads one Markdown file under the site root (`rel` like `content/teams/ilt.md`) exactly as
/// `load` does: watch reloads just the file that changed. Returns its text (when readable),
/// the page (when it parsed) and its diagnostics.
pub fn load_one(root: &Path, rel: &str) -> (Option<Arc<str>>, Option<SourcePage>, Vec<Diagnostic>) {
    let (_, text, page, diags) = load_file(&root.join(rel), rel);
    (text, page, diags)
}

fn load_file(abs: &Path, rel: &str) -> FileResult {
    let bytes = match std::fs::read(abs) {
        Ok(b) => b,
        Err(e) => {
            return (
                rel.to_string(),
                None,
                None,
                vec![Diagnostic::new(Rule::BadEncoding, rel, (1, 1), format!("cannot read `{rel}`: {e}"))],
            );
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text: Arc<str> = Arc::from(text);
            let (page, diags) = parse_page(rel, text.clone());
            (rel.to_string(), Some(text), page, diags)
        }
        Err(e) => {
            let bytes = e.as_bytes();
            let good = e.utf8_error().valid_up_to();
            let shown = String::from_utf8_lossy(bytes);
            let line = bytes[..good].iter().filter(|b| **b == b'\n').count() + 1;
            let col = String::from_utf8_lossy(
                &bytes[bytes[..good].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1)..good],
            )
            .chars()
            .count()
                + 1;
            let d = Diagnostic::new(
                Rule::BadEncoding,
                rel,
                (line, col),
                "this file is not UTF-8 text (the first bad byte is here)",
            );
            (rel.to_string(), Some(Arc::from(shown.into_owned())), None, vec![d])
        }
    }
}

/// Parses one Markdown file's text (already known to be UTF-8).
/// The content path of a Markdown file: `content/teams/ilt.md` → `teams/ilt`,
/// `content/resources/_index.md` → `resources`.
pub fn page_path(file: &str) -> String {
    let under = file.strip_prefix("content/").unwrap_or(file);
    let stem_path = under.strip_suffix(".md").unwrap_or(under);
    if is_index_stem(stem_path) {
        stem_path.trim_end_matches("_index").trim_end_matches('/').to_string()
    } else {
        stem_path.to_string()
    }
}

/// The language and source file of a translation: `content/strategies/x.es.md` is the
/// Spanish (`es`) of `content/strategies/x.md`. A language is two lowercase letters.
pub fn translation_of(file: &str) -> Option<(&str, String)> {
    let stem = file.strip_suffix(".md")?;
    let (base, lang) = stem.rsplit_once('.')?;
    let name = base.rsplit('/').next().unwrap_or(base);
    let code = lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase());
    (code && !name.is_empty()).then(|| (lang, format!("{base}.md")))
}

fn is_index_stem(stem_path: &str) -> bool {
    stem_path == "_index" || stem_path.ends_with("/_index")
}

pub fn parse_page(file: &str, text: Arc<str>) -> (Option<SourcePage>, Vec<Diagnostic>) {
    let (lang, source) = match translation_of(file) {
        Some((lang, source)) => (Some(lang.to_string()), source),
        None => (None, file.to_string()),
    };
    let under = source.strip_prefix("content/").unwrap_or(&source);
    let is_index = is_index_stem(under.strip_suffix(".md").unwrap_or(under));
    let path = page_path(&source);

    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err(e) => return (None, vec![Diagnostic::new(Rule::YamlSyntax, file, (e.line, 1), e.message)]),
    };
    let yaml_text = &text[split.yaml.clone()];
    let kind = match page_kind(file, &path, is_index, &split, yaml_text) {
        Ok(kind) => kind,
        Err(d) => return (None, vec![d]),
    };

    let parsed = match kind {
        Kind::Page | Kind::Section => yaml::parse::<PageFront>(yaml_text).map(|f| wrap(f.split(), Fields::Page)),
        Kind::Person => yaml::parse::<PersonFront>(yaml_text).map(|f| wrap(f.split(), Fields::Person)),
        Kind::Team => yaml::parse::<TeamFront>(yaml_text).map(|f| wrap(f.split(), Fields::Team)),
        Kind::Strategy => yaml::parse::<StrategyFront>(yaml_text).map(|f| wrap(f.split(), Fields::Strategy)),
        Kind::Agenda => yaml::parse::<AgendaFront>(yaml_text).map(|f| wrap(f.split(), Fields::Agenda)),
        Kind::Challenge => yaml::parse::<ChallengeFront>(yaml_text).map(|f| wrap(f.split(), Fields::Challenge)),
    };
    let (common, fields) = match parsed {
        Ok(parts) => parts,
        Err(e) => {
            let pos = (e.line + split.yaml_line - 1, e.column);
            let diags = match e.kind {
                YamlErrorKind::UnknownField { field, expected } => {
                    let all = unknown_fields(file, kind, yaml_text, split.yaml_line);
                    if all.is_empty() {
                        let hint = did_you_mean(&field, expected.iter().map(String::as_str));
                        let message = format!("{} {}{hint}", e.message, kind.for_a());
                        vec![Diagnostic::new(Rule::UnknownField, file, pos, message)]
                    } else {
                        all
                    }
                }
                YamlErrorKind::Syntax => {
                    let d = Diagnostic::new(Rule::YamlSyntax, file, pos, e.message);
                    vec![match e.help {
                        Some(help) => d.with_help(help),
                        None => d,
                    }]
                }
            };
            return (None, diags);
        }
    };
    let page = SourcePage {
        file: file.to_string(),
        path,
        kind,
        yaml_line: split.yaml_line,
        yaml: split.yaml,
        body_start: split.body_start,
        body_line: split.body_line,
        has_front_matter: split.has_front_matter,
        common,
        fields,
        lang,
        locations: OnceLock::new(),
        text,
    };
    (Some(page), Vec::new())
}

/// A page's kind: a section for `_index.md`, else its `kind:` field, else its folder.
fn page_kind(
    file: &str,
    path: &str,
    is_index: bool,
    split: &frontmatter::Split,
    yaml_text: &str,
) -> Result<Kind, Diagnostic> {
    let declared = frontmatter::declared_kind(yaml_text);
    if is_index {
        return Ok(Kind::Section);
    }
    if !split.has_front_matter {
        return Ok(Kind::Page);
    }
    match declared.as_deref() {
        None => Ok(Kind::from_folder(path)),
        Some(k) => Kind::parse(k).ok_or_else(|| {
            let line = split.yaml_line + yaml_text.lines().position(|l| l.starts_with("kind:")).unwrap_or(0);
            let names = Kind::ALL.map(Kind::name);
            Diagnostic::new(
                Rule::UnknownField,
                file,
                (line, 7),
                format!("unknown kind `{k}`{}", did_you_mean(k, names)),
            )
            .with_help("kind is one of page, section, person, team, strategy, agenda, challenge")
        }),
    }
}

/// Every unknown field of the front matter, each with "did you mean" or, when no field is
/// close, where its text can go instead.
fn unknown_fields(file: &str, kind: Kind, yaml_text: &str, yaml_line: usize) -> Vec<Diagnostic> {
    schema::unknown_fields(&schema::shape(kind), yaml_text)
        .into_iter()
        .map(|u| {
            let pos = (u.pos.0 + yaml_line - 1, u.pos.1);
            let (message, help) = match u.suggestion {
                Some(close) => (
                    format!("`{}` is not a field of {}; did you mean `{close}`?", u.field, u.what),
                    format!("rename it `{close}`; unknown fields are refused so that no data is silently lost"),
                ),
                None => (
                    format!("`{}` is not a field of {}", u.field, u.what),
                    "to keep this text, move it into the page body below the front matter (the second `---` line), or remove it".to_string(),
                ),
            };
            Diagnostic::new(Rule::UnknownField, file, pos, message).with_help(help)
        })
        .collect()
}

fn wrap<F>((common, fields): (Common, F), make: impl FnOnce(F) -> Fields) -> (Common, Fields) {
    (common, make(fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(file: &str, text: &str) -> (Option<SourcePage>, Vec<Diagnostic>) {
        parse_page(file, Arc::from(text))
    }

    #[test]
    fn office_lock_files_and_windows_leftovers_are_noise() {
        for name in ["~$progress.csv", "~$agenda.docx", "desktop.ini", "Desktop.ini", "thumbs.db", "ilt.md___jb_tmp___"]
        {
            assert!(is_noise(name), "{name}");
        }
        for name in ["progress.csv", "ilt.md", "cost-$5.md", "thumbs.md"] {
            assert!(!is_noise(name), "{name}");
        }
    }

    #[test]
    fn names_windows_cannot_hold_are_bad_file_names() {
        for rel in [
            "content/con.md",
            "content/NUL/x.md",
            "content/teams/com1.md",
            "content/lpt9.notes.md",
            "content/notes./x.md",
            "content/aux .md",
        ] {
            let d = reserved_on_windows(rel).unwrap_or_else(|| panic!("{rel}"));
            assert_eq!(d.rule, Rule::BadFileName);
            assert!(d.help.as_deref().is_some_and(|h| h.contains("rename")), "{d:?}");
        }
        for rel in [
            "content/contacts.md",
            "content/com10.md",
            "content/com0.md",
            "content/console/x.md",
            "content/nullable.md",
            "content/teams/ilt.md",
        ] {
            assert!(reserved_on_windows(rel).is_none(), "{rel}");
        }
    }

    #[test]
    fn kind_comes_from_the_field_then_the_folder() {
        let (p, _) = page("content/teams/ilt.md", "---\ntitle: ILT\n---\nBody");
        assert_eq!(p.unwrap().kind, Kind::Team);
        let (p, _) = page("content/misc/x.md", "---\ntitle: X\nkind: person\nrole: Coach\n---\n");
        assert_eq!(p.unwrap().kind, Kind::Person);
        let (p, _) = page("content/resources/_index.md", "---\ntitle: R\n---\n");
        let p = p.unwrap();
        assert_eq!((p.kind, p.path.as_str()), (Kind::Section, "resources"));
        let (p, _) = page("content/_index.md", "---\ntitle: Home\n---\n");
        assert_eq!(p.unwrap().path, "");
    }

    #[test]
    fn unknown_fields_point_at_their_line_with_a_hint() {
        let (p, d) = page("content/people/ana.md", "---\ntitle: Ana\nrole: Coach\nemial: a@b.c\n---\n");
        assert!(p.is_none());
        assert_eq!((d[0].rule, d[0].line, d[0].column), (Rule::UnknownField, 4, 1));
        assert!(d[0].message.contains("did you mean `email`"), "{}", d[0].message);
    }

    #[test]
    fn yaml_errors_count_the_front_matter_offset() {
        let (_, d) = page("content/teams/x.md", "---\ntitle: X\nmembers:\n  - { person: a, role: b\n---\n");
        assert_eq!(d[0].rule, Rule::YamlSyntax);
        assert!(d[0].line >= 4, "{:?}", d[0]);
    }

    #[test]
    fn a_bad_kind_is_named() {
        let (_, d) = page("content/x.md", "---\ntitle: X\nkind: teem\n---\n");
        assert_eq!((d[0].rule, d[0].line), (Rule::UnknownField, 3));
        assert!(d[0].message.contains("did you mean `team`"));
    }

    #[test]
    fn field_positions_are_file_positions() {
        let (p, _) = page("content/teams/x.md", "---\ntitle: X\nlinks:\n  - { to: ghost, sends: data }\n---\n");
        let p = p.unwrap();
        assert_eq!(p.pos(&["links", "0", "to"]), (4, 11));
    }
}
