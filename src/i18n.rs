//! The words pages print, per language. Each language has a catalogue,
//! `themes/<theme>/i18n/<lang>.yaml`, which a site's `i18n/<lang>.yaml` overrides key by key;
//! a key neither has falls back to the theme's English, with a warning that names it.
//!
//! A catalogue is nested YAML. A value is text with `{name}` slots (`"due by {date}"`), a
//! plural pair (`{ one: "{n} meeting", other: "{n} meetings" }`) or a list (month names).
//! Rust looks words up by dotted key (`status.met`); templates read the same tree as `w`
//! (`{{ w.nav.home }}`).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Rule};
use crate::format::Clock;

/// One catalogue file: its language, the file it came from (for diagnostics) and its text.
pub struct Source<'a> {
    pub lang: &'a str,
    pub file: &'a str,
    pub text: &'a str,
}

impl<'a> Source<'a> {
    /// Sources of (language, file, text) triples.
    pub fn all(list: &'a [(String, String, String)]) -> Vec<Source<'a>> {
        list.iter().map(|(lang, file, text)| Source { lang, file, text }).collect()
    }
}

/// The words of one language, with English under every key it lacks.
#[derive(Debug, Clone)]
pub struct Words {
    pub lang: String,
    /// Dotted key → value, after fallbacks (hashed: every page asks it dozens of times).
    flat: rustc_hash::FxHashMap<String, Value>,
    /// The same, nested, for templates.
    tree: Value,
    pub clock: Clock,
}

impl Words {
    /// The words of `lang`: the theme's English, overlaid by the theme's `lang`, overlaid by
    /// the site's `lang`. Problems: a catalogue that is not YAML, a key the theme's English
    /// lacks (a typo: it would never be used), and every English key `lang` has no words for.
    pub fn load(lang: &str, theme: &[Source], site: &[Source]) -> (Words, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut english: BTreeMap<String, Value> = BTreeMap::new();
        for s in theme.iter().filter(|s| s.lang == "en") {
            english.extend(read(s, &mut diags));
        }
        let mut flat = english.clone();
        let mut own: BTreeMap<String, Value> = BTreeMap::new();
        for s in theme.iter().chain(site).filter(|s| s.lang == lang) {
            for (key, value) in read(s, &mut diags) {
                if !english.contains_key(&key)
                    && !key.starts_with("language")
                    && !key.starts_with("levels.")
                    && !key.starts_with("member_roles.")
                {
                    let message = format!("`{key}` is not a word clockwork prints: no English catalogue has it");
                    diags.push(Diagnostic::new(Rule::BadConfig, s.file, key_line(s.text, &key), message).with_help(
                        "check the key's spelling against themes/default/i18n/en.yaml (clockwork's own catalogue)",
                    ));
                }
                own.insert(key, value);
            }
        }
        if lang != "en" {
            let missing: Vec<&String> = english.keys().filter(|k| !own.contains_key(*k)).collect();
            if let Some(first) = missing.first() {
                let file = site.iter().chain(theme).find(|s| s.lang == lang).map_or("site.yaml", |s| s.file);
                let message = format!(
                    "the `{lang}` words have no `{first}`{}: pages show the English words there",
                    if missing.len() > 1 { format!(" and {} more keys", missing.len() - 1) } else { String::new() }
                );
                diags.push(Diagnostic::new(Rule::WordsMissing, file, (1, 1), message).with_help(format!(
                    "add it to i18n/{lang}.yaml, e.g. `{}: …`",
                    first.rsplit('.').next().unwrap_or(first)
                )));
            }
        }
        flat.extend(own);
        let clock = match flat.get("date.clock").and_then(Value::as_str) {
            Some("24h") => Clock::H24,
            _ => Clock::H12,
        };
        let tree = nest(&flat);
        let flat = flat.into_iter().collect();
        (Words { lang: lang.to_string(), flat, tree, clock }, diags)
    }

    /// The built-in English words (for tests, and where no site is loaded), read once.
    pub fn english() -> std::sync::Arc<Words> {
        static ENGLISH: std::sync::OnceLock<std::sync::Arc<Words>> = std::sync::OnceLock::new();
        ENGLISH
            .get_or_init(|| {
                let theme = crate::theme::builtin_catalogues();
                std::sync::Arc::new(Words::load("en", &Source::all(&theme), &[]).0)
            })
            .clone()
    }

    /// Whether a catalogue for `lang` is among `sources`.
    pub fn has(lang: &str, sources: &[Source]) -> bool {
        sources.iter().any(|s| s.lang == lang)
    }

    /// The nested tree templates read as `w`.
    pub fn tree(&self) -> &Value {
        &self.tree
    }

    /// The text at `key`; the key itself when there is none (never a blank on a page).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        match self.flat.get(key) {
            Some(Value::String(s)) => s,
            _ => key,
        }
    }

    /// The text at `key` with each `{name}` slot filled.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.text(key), args)
    }

    /// The plural pair at `key` for `n`, its `{n}` filled: "1 meeting", "3 meetings".
    pub fn count(&self, key: &str, n: usize) -> String {
        let form = if n == 1 { "one" } else { "other" };
        let text = match self.flat.get(&format!("{key}.{form}")) {
            Some(Value::String(s)) => s.as_str(),
            _ => self.text(key),
        };
        fill(text, &[("n", &n.to_string())])
    }

    /// A level's name (site.yaml `levels`, a team's `level`): its name under `levels`, else the
    /// level as site.yaml writes it.
    pub fn level<'a>(&'a self, id: &'a str) -> &'a str {
        match self.flat.get(&format!("levels.{id}")) {
            Some(Value::String(s)) => s,
            _ => id,
        }
    }

    /// A member's role in words: its name under `member_roles` (by the role in lower case),
    /// else the role as written ("grade 3 representative").
    pub fn role(&self, role: &str) -> String {
        match self.flat.get(&format!("member_roles.{}", role.trim().to_lowercase())) {
            Some(Value::String(s)) => s.clone(),
            _ => role.to_string(),
        }
    }

    /// The `i`th item of the list at `key`.
    pub fn item<'a>(&'a self, key: &'a str, i: usize) -> &'a str {
        match self.flat.get(key) {
            Some(Value::Array(items)) => items.get(i).and_then(Value::as_str).unwrap_or(key),
            _ => key,
        }
    }

    pub fn month(&self, d: NaiveDate) -> &str {
        self.item("date.months", d.month0() as usize)
    }

    pub fn weekday(&self, w: Weekday) -> &str {
        self.item("date.weekdays", w.num_days_from_monday() as usize)
    }

    fn date(&self, key: &str, d: NaiveDate) -> String {
        let day = d.day().to_string();
        let year = d.year().to_string();
        let short = self.item("date.months_short", d.month0() as usize);
        let args = [
            ("month", self.month(d)),
            ("mon", short),
            ("day", &day),
            ("year", &year),
            ("weekday", self.weekday(d.weekday())),
        ];
        self.fill(key, &args)
    }

    /// "September 8, 2026" / "8 de septiembre de 2026".
    pub fn long_date(&self, d: NaiveDate) -> String {
        self.date("date.long", d)
    }

    /// "Sep 8" / "8 sept".
    pub fn short_date(&self, d: NaiveDate) -> String {
        self.date("date.short", d)
    }

    /// "September 8" / "8 de septiembre".
    pub fn month_day(&self, d: NaiveDate) -> String {
        self.date("date.month_day", d)
    }

    /// "Tuesday, September 8, 2026" / "martes, 8 de septiembre de 2026".
    pub fn day_date(&self, d: NaiveDate) -> String {
        self.date("date.day", d)
    }

    /// "September 2026".
    pub fn month_year(&self, d: NaiveDate) -> String {
        self.date("date.month_year", d)
    }

    /// "3:30 pm" or "15:30", by the site's `clock:` (else the language's).
    pub fn time(&self, t: NaiveTime, clock: Clock) -> String {
        match clock {
            Clock::H24 => t.format("%H:%M").to_string(),
            Clock::H12 => {
                let (pm, hour) = t.hour12();
                let half = self.text(if pm { "date.pm" } else { "date.am" });
                format!("{hour}:{:02} {half}", t.minute())
            }
        }
    }

    /// "3:30–4:30 pm" (the half of the day once when both ends share it), "15:30–16:30".
    pub fn time_range(&self, start: NaiveTime, end: NaiveTime, clock: Clock) -> String {
        match clock {
            Clock::H12 if start.hour12().0 == end.hour12().0 => {
                format!("{}:{:02}–{}", start.hour12().1, start.minute(), self.time(end, clock))
            }
            _ => format!("{}–{}", self.time(start, clock), self.time(end, clock)),
        }
    }
}

/// Where the last part of a dotted key is written in a catalogue (its first line that starts
/// with it), for pointing at a misspelt key.
fn key_line(text: &str, key: &str) -> (usize, usize) {
    let last = key.rsplit('.').next().unwrap_or(key);
    let found = text.lines().enumerate().find_map(|(n, line)| {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(last)?;
        rest.trim_start().starts_with(':').then(|| (n + 1, line.len() - trimmed.len() + 1))
    });
    found.unwrap_or((1, 1))
}

/// A catalogue's dotted keys and values; nothing, with a diagnostic, when it is not YAML.
fn read(s: &Source, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, Value> {
    match crate::content::yaml::parse::<Value>(s.text) {
        Ok(v) => {
            let mut flat = BTreeMap::new();
            flatten("", &v, &mut flat);
            flat
        }
        Err(e) => {
            let message = format!("this catalogue is not valid YAML: {}", e.message);
            diags.push(Diagnostic::new(Rule::BadConfig, s.file, (e.line, e.column), message));
            BTreeMap::new()
        }
    }
}

impl Words {
    /// "Ana, Bo and Cy" / "Ana, Bo y Cy".
    pub fn and_list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => {
                self.fill("list.and", &[("rest", &rest.join(self.text("list.comma"))), ("last", last)])
            }
        }
    }

    /// A number as the language writes it: "62.5" / "62,5".
    pub fn number(&self, v: f64) -> String {
        crate::format::number(v).replace('.', self.text("number.decimal"))
    }

    /// A measured value with its unit: "62.5%" / "62,5 %", "4.5 days".
    pub fn value(&self, v: f64, unit: Option<&str>) -> String {
        let n = self.number(v);
        match unit {
            None | Some("") => n,
            Some(u) if u.starts_with('%') => format!("{n}{}{u}", self.text("number.percent_space")),
            Some(u) => format!("{n} {u}"),
        }
    }

    /// "Tue, Sep 15" / "mar, 15 sept".
    pub fn day_short(&self, d: NaiveDate) -> String {
        let wd = self.item("date.weekdays_short", d.weekday().num_days_from_monday() as usize);
        let short = self.item("date.months_short", d.month0() as usize);
        self.fill("date.day_short", &[("wd", wd), ("mon", short), ("day", &d.day().to_string())])
    }
}

/// `text` with each `{name}` of `args` replaced by its value, in one pass (a value is never
/// read for placeholders); a `{…}` that names no argument stays as written.
fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter().find(|(n, _)| *n == name).map(|(_, value)| (*value, close))
        });
        match arg {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn flatten(prefix: &str, v: &Value, out: &mut BTreeMap<String, Value>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        other if !prefix.is_empty() => {
            out.insert(prefix.to_string(), other.clone());
        }
        _ => {}
    }
}

fn nest(flat: &BTreeMap<String, Value>) -> Value {
    let mut root = serde_json::Map::new();
    for (key, value) in flat {
        let mut at = &mut root;
        let mut parts = key.split('.').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                at.insert(part.to_string(), value.clone());
            } else {
                let next = at.entry(part.to_string()).or_insert_with(|| Value::Object(serde_json::Map::new()));
                if !next.is_object() {
                    *next = Value::Object(serde_json::Map::new());
                }
                at = next.as_object_mut().expect("just made an object");
            }
        }
    }
    Value::Object(root)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fill_replaces_named_placeholders_once_and_keeps_the_rest() {
        let filled = super::fill("{day} de {month} {unknown} {", &[("month", "{day}"), ("day", "8")]);
        assert_eq!(filled, "8 de {day} {unknown} {");
        assert_eq!(super::fill("no braces", &[("a", "b")]), "no braces");
    }

    use super::*;

    const EN: &str = "date:\n  clock: 12h\n  months: [January, February, March, April, May, June, July, August, September, October, November, December]\n  months_short: [Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec]\n  weekdays: [Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday]\n  long: \"{month} {day}, {year}\"\n  am: am\n  pm: pm\ncount:\n  meeting: { one: \"{n} meeting\", other: \"{n} meetings\" }\nstatus:\n  met: met\n  due_by: \"due by {date}\"\n";
    const ES: &str = "date:\n  months: [enero, febrero, marzo, abril, mayo, junio, julio, agosto, septiembre, octubre, noviembre, diciembre]\n  long: \"{day} de {month} de {year}\"\n  clock: 24h\ncount:\n  meeting: { one: \"{n} reunión\", other: \"{n} reuniones\" }\nstatus:\n  met: cumplida\n";

    fn words(lang: &str, site: &str) -> (Words, Vec<Diagnostic>) {
        let theme =
            [Source { lang: "en", file: "en.yaml", text: EN }, Source { lang: "es", file: "es.yaml", text: ES }];
        let site = [Source { lang: "es", file: "i18n/es.yaml", text: site }];
        Words::load(lang, &theme, &site)
    }

    #[test]
    fn spanish_words_dates_and_plurals_with_english_beneath() {
        let (es, diags) = words("es", "status:\n  met: lograda\n");
        let d = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(es.long_date(d), "20 de noviembre de 2026");
        assert_eq!(es.text("status.met"), "lograda", "the site's word wins");
        assert_eq!(es.count("count.meeting", 1), "1 reunión");
        assert_eq!(es.count("count.meeting", 3), "3 reuniones");
        assert_eq!(es.fill("status.due_by", &[("date", "x")]), "due by x", "English beneath a missing key");
        assert_eq!(es.clock, Clock::H24);
        assert_eq!(es.tree()["status"]["met"], "lograda");
        // The missing keys are named once, with the first of them.
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("no `date.am` and 4 more keys"), "{}", diags[0].message);
    }

    #[test]
    fn a_key_english_lacks_is_a_typo() {
        let (_, diags) = words("es", "status:\n  mett: lograda\n");
        let typo = diags.iter().find(|d| d.message.contains("`status.mett` is not a word")).expect("the typo");
        assert_eq!((typo.line, typo.column), (2, 3), "at its line");
        let (en, diags) = words("en", "");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(en.time(NaiveTime::from_hms_opt(15, 30, 0).unwrap(), Clock::H12), "3:30 pm");
        assert_eq!(en.text("no.such.key"), "no.such.key");
    }

    #[test]
    fn a_level_has_its_name_in_the_language_else_its_id() {
        let (es, diags) = words("es", "levels:\n  school: escuela\n  campus: plantel\n");
        assert_eq!(es.level("school"), "escuela");
        assert_eq!(es.level("campus"), "plantel", "a site names its own levels");
        assert_eq!(es.level("region"), "region", "shown as site.yaml writes it");
        let (es, _) = words("es", "member_roles:\n  note-taker: toma de notas\n");
        assert_eq!(es.role("Note-taker"), "toma de notas", "in any case");
        assert_eq!(es.role("grade 3 representative"), "grade 3 representative");
        assert!(!diags.iter().any(|d| d.message.contains("levels.campus")), "{diags:?}");
    }
}
