//! site.yaml: the raw form as written, and the checked `Config` every stage reads.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::content::yaml::{self, Locations, YamlErrorKind};
use crate::diagnostics::{Diagnostic, Level, Rule};
use crate::util::did_you_mean;

pub use crate::content::CONFIG_FILE;
pub use crate::util::parse_date;

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    title: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    description: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    short_title: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    theme: Option<String>,
    #[serde(default)]
    pretty_links: Option<bool>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    base_url: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    timezone: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    clock: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    language: Option<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    translations: Vec<String>,
    #[serde(default)]
    languages: BTreeMap<String, RawSiteTexts>,
    #[serde(default)]
    trust_html: Option<bool>,
    #[serde(default)]
    highlight: Option<bool>,
    #[serde(default)]
    stale_after_days: Option<u32>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    as_of: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    school_year: Option<String>,
    #[serde(default)]
    quarters: Vec<RawQuarter>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    levels: Vec<String>,
    #[serde(default)]
    checks: BTreeMap<String, String>,
    #[serde(default)]
    roles: Vec<RawRoleGroup>,
}

/// The site's title and description in another language (site.yaml `languages: { es: … }`).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSiteTexts {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    title: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    short_title: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    description: Option<String>,
}

/// The words site.yaml itself holds, in one of the site's other languages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteTexts {
    pub title: Option<String>,
    pub short_title: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRoleGroup {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    id: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    title: Option<String>,
}

/// A group that owns work but has no page: "Principals", "All grade 3 teachers".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RoleGroup {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawQuarter {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    name: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    start: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    end: Option<String>,
}

/// One cycle of the plan (a quarter, a testing window, a semester).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Quarter {
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

pub use crate::format::Clock;

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// The header's title on narrow screens (default: the title).
    pub short_title: Option<String>,
    pub theme: String,
    pub pretty_links: bool,
    pub base_url: Option<String>,
    pub timezone: Option<String>,
    pub trust_html: bool,
    /// Whether fenced code blocks are coloured by language (`highlight: false` turns it off).
    pub highlight: bool,
    /// How clock times read: "3:30 pm" (12h, the default in English) or "15:30"; None: the
    /// language's own (12h in English, 24h in Spanish).
    pub clock: Option<Clock>,
    /// The site's language (`en` unless site.yaml says otherwise).
    pub language: String,
    /// Languages the site publishes besides `language` (site.yaml `translations:`).
    pub translations: Vec<String>,
    /// The title, short title and description in other languages (site.yaml `languages:`).
    pub texts: BTreeMap<String, SiteTexts>,
    /// The interface words of `language` (see `i18n`), loaded with the site.yaml.
    pub words: std::sync::Arc<crate::i18n::Words>,
    /// The words of every other language the theme or the site has a catalogue for.
    pub other_words: std::collections::BTreeMap<String, std::sync::Arc<crate::i18n::Words>>,
    pub stale_after_days: u32,
    pub as_of: Option<NaiveDate>,
    pub school_year: Option<String>,
    pub quarters: Vec<Quarter>,
    pub levels: Vec<String>,
    pub checks: BTreeMap<Rule, Level>,
    /// Where `theme:` is written (1:1 without one), for the diagnostic of a missing theme.
    pub theme_at: (usize, usize),
    pub roles: Vec<RoleGroup>,
}

/// Every setting site.yaml accepts, and every field of a quarter, as the loader knows them.
pub fn setting_names() -> (&'static [&'static str], &'static [&'static str], &'static [&'static str]) {
    use crate::content::kinds::field_names;
    (field_names::<RawConfig>(), field_names::<RawQuarter>(), field_names::<RawRoleGroup>())
}

pub const DEFAULT_LEVELS: [&str; 4] = ["district", "school", "grade", "satellite"];

impl Config {
    /// How clock times read: site.yaml `clock:`, else the language's habit.
    pub fn clock(&self) -> Clock {
        self.clock.unwrap_or(self.words.clock)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            description: None,
            short_title: None,
            theme: "default".into(),
            pretty_links: false,
            base_url: None,
            timezone: None,
            trust_html: false,
            highlight: true,
            clock: None,
            language: "en".into(),
            translations: Vec::new(),
            texts: BTreeMap::new(),
            words: crate::i18n::Words::english(),
            other_words: Default::default(),
            stale_after_days: 60,
            as_of: None,
            school_year: None,
            quarters: Vec::new(),
            levels: DEFAULT_LEVELS.iter().map(|s| s.to_string()).collect(),
            checks: BTreeMap::new(),
            theme_at: (1, 1),
            roles: Vec::new(),
        }
    }
}

impl Config {
    /// Reads site.yaml text. Every problem is a `bad-config` diagnostic; the config returned
    /// alongside holds every value that could be read, so loading the content can go on.
    pub fn parse(text: &str) -> (Config, Vec<Diagnostic>) {
        let raw: RawConfig = match yaml::parse(text) {
            Ok(raw) => raw,
            Err(e) => {
                let message = match &e.kind {
                    YamlErrorKind::UnknownField { field, expected } => format!(
                        "unknown setting `{field}` in site.yaml{}",
                        did_you_mean(field, expected.iter().map(String::as_str))
                    ),
                    YamlErrorKind::Syntax => e.message.clone(),
                };
                let d = Diagnostic::new(Rule::BadConfig, CONFIG_FILE, (e.line, e.column), message);
                return (Config::default(), vec![d]);
            }
        };
        let mut r = Reader { locations: Locations::scan(text), diags: Vec::new() };
        let mut config = Config::default();
        r.settings(raw, &mut config);
        (config, r.diags)
    }

    /// The quarter a date falls in.
    pub fn quarter_of(&self, date: NaiveDate) -> Option<&Quarter> {
        self.quarters.iter().find(|q| q.start <= date && date <= q.end)
    }

    pub fn quarter(&self, name: &str) -> Option<&Quarter> {
        self.quarters.iter().find(|q| q.name == name)
    }

    /// The status date: `--as-of`, else site.yaml `as_of`, else today capped at the last
    /// quarter's end (a finished year stays as it ended).
    pub fn as_of(&self, flag: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
        flag.or(self.as_of).unwrap_or_else(|| match self.quarters.last() {
            Some(last) if today > last.end => last.end,
            _ => today,
        })
    }
}

/// Checks site.yaml's values one setting at a time, collecting every problem at its line.
struct Reader {
    locations: Locations,
    diags: Vec<Diagnostic>,
}

impl Reader {
    fn at(&self, path: &[&str]) -> (usize, usize) {
        self.locations.value(path).unwrap_or((1, 1))
    }

    fn bad(&mut self, pos: (usize, usize), message: String) {
        self.diags.push(Diagnostic::new(Rule::BadConfig, CONFIG_FILE, pos, message));
    }

    fn settings(&mut self, raw: RawConfig, config: &mut Config) {
        match raw.title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
            Some(title) => config.title = title,
            None => self.diags.push(
                Diagnostic::new(Rule::BadConfig, CONFIG_FILE, (1, 1), "site.yaml has no `title:`")
                    .with_help("add a line such as `title: Maple Grove Elementary — 2026-27 Improvement Plan`"),
            ),
        }
        config.description = raw.description;
        config.short_title = raw.short_title.filter(|t| !t.trim().is_empty());
        if let Some(theme) = raw.theme.filter(|t| self.theme_name(t)) {
            config.theme = theme;
            config.theme_at = self.at(&["theme"]);
        }
        config.pretty_links = raw.pretty_links.unwrap_or(false);
        config.base_url =
            raw.base_url.filter(|u| self.base_url(u)).map(|u| if u.ends_with('/') { u } else { format!("{u}/") });
        config.timezone = raw.timezone.filter(|zone| self.timezone(zone));
        config.trust_html = raw.trust_html.unwrap_or(false);
        config.highlight = raw.highlight.unwrap_or(true);
        if let Some(lang) = raw.language {
            config.language = lang.trim().to_ascii_lowercase();
        }
        config.translations =
            raw.translations.iter().map(|l| l.trim().to_ascii_lowercase()).filter(|l| *l != config.language).collect();
        config.texts = self.texts(raw.languages, &config.language);
        if let Some(clock) = raw.clock {
            match clock.trim().to_ascii_lowercase().as_str() {
                "12h" => config.clock = Some(Clock::H12),
                "24h" => config.clock = Some(Clock::H24),
                _ => self.diags.push(
                    Diagnostic::new(
                        Rule::BadConfig,
                        CONFIG_FILE,
                        self.at(&["clock"]),
                        format!("`clock: {clock}` is not a clock: it is `12h` (3:30 pm) or `24h` (15:30)"),
                    )
                    .with_help("write `clock: 12h` or `clock: 24h`"),
                ),
            }
        }
        config.stale_after_days = raw.stale_after_days.unwrap_or(60);
        config.school_year = raw.school_year;
        if let Some(s) = raw.as_of {
            match parse_date(&s) {
                Some(d) => config.as_of = Some(d),
                None => self.diags.push(bad_date(self.at(&["as_of"]), "as_of", &s)),
            }
        }
        for (i, q) in raw.quarters.iter().enumerate() {
            if let Some(q) = self.quarter(i, q, &config.quarters) {
                config.quarters.push(q);
            }
        }
        if !raw.levels.is_empty() {
            config.levels = self.levels(&raw.levels);
        }
        config.roles = self.roles(&raw.roles);
        for (rule_id, value) in &raw.checks {
            if let Some((rule, level)) = self.check(rule_id, value) {
                config.checks.insert(rule, level);
            }
        }
    }

    /// Whether `name` can name a folder under themes/ (not a path that leads elsewhere).
    fn theme_name(&mut self, name: &str) -> bool {
        let plain = !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', ':']);
        if !plain {
            self.diags.push(
                Diagnostic::new(
                    Rule::BadConfig,
                    CONFIG_FILE,
                    self.at(&["theme"]),
                    format!("`theme: {name}` is not a theme's name: a theme is a folder under themes/"),
                )
                .with_help("use `theme: default`, or the name of a folder under themes/, such as `theme: district`"),
            );
        }
        plain
    }

    /// Whether `url` is an http or https address (it goes into links and calendar files).
    fn base_url(&mut self, url: &str) -> bool {
        let lower = url.trim().to_ascii_lowercase();
        let ok = ["http://", "https://"].iter().any(|s| lower.starts_with(s) && lower.len() > s.len())
            && !url.contains(char::is_whitespace);
        if !ok {
            self.diags.push(
                Diagnostic::new(
                    Rule::BadConfig,
                    CONFIG_FILE,
                    self.at(&["base_url"]),
                    format!("`base_url: {url}` is not a web address: it must start with http:// or https://"),
                )
                .with_help("write the site's address, e.g. `base_url: https://plans.lincoln.k12.example/`"),
            );
        }
        ok
    }

    /// Whether `zone` is an IANA time zone name.
    fn timezone(&mut self, zone: &str) -> bool {
        if zone.parse::<chrono_tz::Tz>().is_ok() {
            return true;
        }
        let names = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
        self.diags.push(
            Diagnostic::new(
                Rule::BadConfig,
                CONFIG_FILE,
                self.at(&["timezone"]),
                format!("`{zone}` is not a time zone{}", did_you_mean(zone, names)),
            )
            .with_help("use an IANA time zone name such as America/Denver, or leave `timezone` out for floating times"),
        );
        false
    }

    /// The `i`th quarter, when its name and dates are good and it follows the `earlier` ones.
    fn quarter(&mut self, i: usize, q: &RawQuarter, earlier: &[Quarter]) -> Option<Quarter> {
        let index = i.to_string();
        let name = q.name.clone().unwrap_or_default();
        if name.trim().is_empty() {
            self.bad(self.at(&["quarters", &index]), format!("quarter {} has no `name:`", i + 1));
        }
        let start = self.quarter_date(&index, &name, "start", &q.start);
        let end = self.quarter_date(&index, &name, "end", &q.end);
        let (start, end) = (start?, end?);
        if end < start {
            let message = format!("quarter `{name}` ends ({end}) before it starts ({start})");
            self.bad(self.at(&["quarters", &index, "end"]), message);
        } else if let Some(prev) = earlier.last().filter(|p| p.end >= start) {
            self.diags.push(
                Diagnostic::new(
                    Rule::BadConfig,
                    CONFIG_FILE,
                    self.at(&["quarters", &index, "start"]),
                    format!("quarter `{name}` starts ({start}) before `{}` ends ({})", prev.name, prev.end),
                )
                .with_help("list quarters in order, without overlaps"),
            );
        } else if earlier.iter().any(|p| p.name == name) {
            self.bad(self.at(&["quarters", &index, "name"]), format!("two quarters are named `{name}`"));
        } else {
            return Some(Quarter { name, start, end });
        }
        None
    }

    fn quarter_date(&mut self, index: &str, name: &str, field: &str, value: &Option<String>) -> Option<NaiveDate> {
        match value.as_deref().map(|v| (v, parse_date(v))) {
            Some((_, Some(d))) => Some(d),
            Some((v, None)) => {
                self.diags.push(bad_date(self.at(&["quarters", index, field]), field, v));
                None
            }
            None => {
                self.bad(self.at(&["quarters", index]), format!("quarter `{name}` has no `{field}:` date"));
                None
            }
        }
    }

    /// The role groups, each with an id and a title, each id once.
    fn roles(&mut self, raw: &[RawRoleGroup]) -> Vec<RoleGroup> {
        let mut roles: Vec<RoleGroup> = Vec::new();
        for (i, r) in raw.iter().enumerate() {
            let at = self.at(&["roles", &i.to_string()]);
            let id = r.id.as_deref().map(str::trim).unwrap_or("");
            let title = r.title.as_deref().map(str::trim).unwrap_or("");
            if id.is_empty() || title.is_empty() {
                let message =
                    "a role group needs an `id:` and a `title:`, e.g. `{ id: principals, title: Principals }`";
                self.bad(at, message.to_string());
            } else if roles.iter().any(|g| g.id == id) {
                self.bad(at, format!("two role groups have the id `{id}`"));
            } else {
                roles.push(RoleGroup { id: id.to_string(), title: title.to_string() });
            }
        }
        roles
    }

    /// site.yaml `languages:`: the title and description in each other language.
    fn texts(&mut self, raw: BTreeMap<String, RawSiteTexts>, own: &str) -> BTreeMap<String, SiteTexts> {
        let mut out = BTreeMap::new();
        for (lang, texts) in raw {
            let code = lang.trim().to_ascii_lowercase();
            if code == own {
                let message = format!(
                    "`languages: {{ {lang}: … }}` is the site's own language, whose words are site.yaml's `title:` and `description:`"
                );
                self.diags.push(
                    Diagnostic::new(Rule::BadConfig, CONFIG_FILE, self.at(&["languages", &lang]), message)
                        .with_help("move these words to the top of site.yaml, or name another language (`es:`)"),
                );
                continue;
            }
            let text = |t: Option<String>| t.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
            let texts = SiteTexts {
                title: text(texts.title),
                short_title: text(texts.short_title),
                description: text(texts.description),
            };
            out.insert(code, texts);
        }
        out
    }

    /// The levels in order, each once.
    fn levels(&mut self, levels: &[String]) -> Vec<String> {
        let mut seen = Vec::new();
        for (i, level) in levels.iter().enumerate() {
            if seen.contains(level) {
                self.bad(self.at(&["levels", &i.to_string()]), format!("level `{level}` is listed twice"));
            } else {
                seen.push(level.clone());
            }
        }
        seen
    }

    /// One `checks:` entry: a configurable rule and a severity.
    fn check(&mut self, rule_id: &str, value: &str) -> Option<(Rule, Level)> {
        let pos = self.locations.key(&["checks", rule_id]).unwrap_or((1, 1));
        let Some(rule) = Rule::parse(rule_id) else {
            let configurable = Rule::ALL.iter().filter(|r| r.configurable()).map(|r| r.id());
            self.diags.push(
                Diagnostic::new(
                    Rule::BadConfig,
                    CONFIG_FILE,
                    pos,
                    format!("unknown check `{rule_id}`{}", did_you_mean(rule_id, configurable)),
                )
                .with_help("docs/guide/checks.md lists every check rule"),
            );
            return None;
        };
        if !rule.configurable() {
            let message =
                format!("`{rule_id}` protects your data and is always an error; it cannot be set in `checks:`");
            self.bad(pos, message);
            return None;
        }
        match Level::parse(value) {
            Some(level) => Some((rule, level)),
            None => {
                self.diags.push(
                    Diagnostic::new(
                        Rule::BadConfig,
                        CONFIG_FILE,
                        self.locations.value(&["checks", rule_id]).unwrap_or(pos),
                        format!("`{value}` is not a severity{}", did_you_mean(value, ["deny", "warn", "allow"])),
                    )
                    .with_help("use deny, warn or allow"),
                );
                None
            }
        }
    }
}

fn bad_date(pos: (usize, usize), field: &str, value: &str) -> Diagnostic {
    Diagnostic::new(Rule::BadConfig, CONFIG_FILE, pos, format!("`{field}: {value}` {}", crate::util::not_a_date(value)))
        .with_help("write dates as YYYY-MM-DD, e.g. 2026-08-17")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "title: Plan\nquarters:\n  - { name: Q1, start: 2026-08-17, end: 2026-10-30 }\n  - { name: Q2, start: 2026-11-02, end: 2027-01-22 }\nchecks:\n  goals-count: allow\n";

    #[test]
    fn reads_a_good_config() {
        let (c, d) = Config::parse(SITE);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.quarters.len(), 2);
        assert_eq!(c.checks.get(&Rule::GoalsCount), Some(&Level::Allow));
        assert_eq!(c.levels, DEFAULT_LEVELS);
    }

    #[test]
    fn reports_each_problem_at_its_line() {
        let text = "title: Plan\nquarters:\n  - { name: Q1, start: 2026-08-32, end: 2026-10-30 }\nchecks:\n  goal-count: warn\n  loop-open: loud\n  yaml-syntax: warn\n";
        let (_, d) = Config::parse(text);
        let found: Vec<_> = d.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found[0].0, 3);
        assert!(found[0].1.contains("2026-08-32"));
        assert!(d.iter().any(|d| d.line == 5 && d.message.contains("did you mean `goals-count`")));
        assert!(d.iter().any(|d| d.line == 6 && d.message.contains("`loud` is not a severity")));
        assert!(d.iter().any(|d| d.line == 7 && d.message.contains("always an error")));
    }

    #[test]
    fn time_zones_are_iana_names() {
        let (c, d) = Config::parse("title: x\ntimezone: America/Denver\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.timezone.as_deref(), Some("America/Denver"));
        let (c, d) = Config::parse("title: x\ntimezone: America/Denvr\n");
        assert_eq!((d[0].rule, d[0].line, d[0].column), (Rule::BadConfig, 2, 11));
        assert!(d[0].message.contains("did you mean `America/Denver`"), "{}", d[0].message);
        assert_eq!(c.timezone, None);
    }

    #[test]
    fn unknown_settings_suggest_the_right_one() {
        let (_, d) = Config::parse("title: x\npretty_link: true\n");
        assert_eq!(d[0].line, 2);
        assert!(d[0].message.contains("did you mean `pretty_links`"), "{}", d[0].message);
    }

    #[test]
    fn as_of_is_capped_at_the_end_of_the_year() {
        let (c, _) = Config::parse(SITE);
        let d = |s| parse_date(s).unwrap();
        assert_eq!(c.as_of(None, d("2027-03-01")), d("2027-01-22"));
        assert_eq!(c.as_of(None, d("2026-12-01")), d("2026-12-01"));
        assert_eq!(c.as_of(Some(d("2027-05-01")), d("2026-12-01")), d("2027-05-01"));
        assert!(parse_date("2026-8-1").is_none());
    }
}
