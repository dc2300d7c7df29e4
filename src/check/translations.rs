//! Translations (`x.es.md`): they hold only words, they keep up with their source, and the
//! languages site.yaml lists have one for every page.

use super::Cx;
use crate::content::{Fields, Kind, SourcePage};
use crate::diagnostics::{Diagnostic, Rule};
use crate::model::Page;

/// The first 12 hex digits of the SHA-256 of a file's bytes: what `source_hash:` records.
pub fn source_hash(text: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// The front matter fields a translation of a `kind` may set: words only. A path is the
/// field, or a list's field (`goals.*.statement`); the common words are for every kind.
fn words_of(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Team => &["purpose", "cadence", "norms", "norms.*"],
        Kind::Person => &["role"],
        Kind::Challenge => &["data", "root_causes", "root_causes.*", "root_causes.*.id", "root_causes.*.statement"],
        Kind::Strategy => &[
            "description",
            "area",
            "challenge",
            "goals",
            "goals.*",
            "goals.*.id",
            "goals.*.short",
            "goals.*.statement",
            "goals.*.measure",
            "benchmarks",
            "benchmarks.*",
            "benchmarks.*.id",
            "benchmarks.*.short",
            "benchmarks.*.statement",
            "benchmarks.*.source",
            "benchmarks.*.evidence",
            "action_steps",
            "action_steps.*",
            "action_steps.*.id",
            "action_steps.*.short",
            "action_steps.*.action",
            "action_steps.*.when",
            "action_steps.*.resources",
            "action_steps.*.funding",
            "action_steps.*.evidence",
            "reflections",
            "reflections.*",
            "reflections.*.quarter",
            "reflections.*.text",
        ],
        Kind::Agenda => &[
            "location",
            "objectives",
            "objectives.*",
            "decisions",
            "decisions.*",
            "next_items",
            "next_items.*",
            "items",
            "items.*",
            "items.*.topic",
            "items.*.notes",
            "action_items",
            "action_items.*",
            "action_items.*.task",
        ],
        Kind::Page | Kind::Section => &[],
    }
}

const COMMON_WORDS: [&str; 6] = ["title", "short", "summary", "source_hash", "draft", "kind"];

/// Whether a translation may set the field at `path`: words, not values.
pub fn is_words(kind: Kind, path: &[String]) -> bool {
    let shape: Vec<&str> =
        path.iter().map(|p| if p.bytes().all(|b| b.is_ascii_digit()) { "*" } else { p.as_str() }).collect();
    let shape = shape.join(".");
    COMMON_WORDS.contains(&shape.as_str()) || words_of(kind).contains(&shape.as_str())
}

/// `translation-value`: a translation that sets a number, a date, a reference or a status,
/// or names an entry its source does not have.
pub fn values(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for lang in cx.site.languages().iter().skip(1).filter(|l| cx.site.words_of(l).is_none()) {
        let file = cx.site.translations.iter().find(|t| t.lang.as_ref() == Some(lang)).map_or("site.yaml", |t| &t.file);
        let message = format!("there are no interface words for the language `{lang}`, so its pages cannot be made");
        let help = format!("write them in i18n/{lang}.yaml (start from a copy of themes/default/i18n/en.yaml)");
        out.push(Diagnostic::new(Rule::TranslationValue, file, (1, 1), message).with_help(help));
    }
    for t in &cx.site.translations {
        let Some(source) = cx.site.by_path(&t.path) else { continue };
        let mut keys = t.written_keys();
        keys.sort_by_key(|(_, pos)| *pos);
        for (path, pos) in keys {
            if !is_words(t.kind, &path) {
                let field = path.join(".");
                let message = format!(
                    "`{field}` in a translation: numbers, dates, owners, statuses and references come from `{}`",
                    source.src.file
                );
                let help =
                    "a translation holds only words (title, statements, descriptions, the body); remove this line";
                out.push(Diagnostic::new(Rule::TranslationValue, &t.file, pos, message).with_help(help));
            }
        }
        unknown_entries(t, source, out);
    }
}

/// A list of a strategy's entries: its name, the ids a translation gives, the ids the source
/// has, and what an entry is called.
type EntryList<'a> = (&'a str, Vec<Option<&'a String>>, Vec<&'a String>, &'a str);

/// Entries a translation names that its source lacks: by id (goals, benchmarks, steps, root
/// causes), by quarter (reflections), by place (an agenda's items and action items).
fn unknown_entries(t: &SourcePage, source: &Page, out: &mut Vec<Diagnostic>) {
    let mut miss = |list: &str, n: usize, field: &str, what: String| {
        let pos = t.pos(&[list, &n.to_string(), field]);
        let message = format!("this translation names {what}, which `{}` does not have", source.src.file);
        let help = "name each entry by the `id` it has in the source, and give only its words";
        out.push(Diagnostic::new(Rule::TranslationValue, &t.file, pos, message).with_help(help));
    };
    match (&t.fields, &source.data) {
        (Fields::Strategy(f), crate::model::PageData::Strategy(s)) => {
            let lists: [EntryList; 3] = [
                (
                    "goals",
                    f.goals.iter().map(|g| g.id.as_ref()).collect(),
                    s.goals.iter().map(|g| &g.id).collect(),
                    "goal",
                ),
                (
                    "benchmarks",
                    f.benchmarks.iter().map(|b| b.id.as_ref()).collect(),
                    s.benchmarks.iter().map(|b| &b.id).collect(),
                    "benchmark",
                ),
                (
                    "action_steps",
                    f.action_steps.iter().map(|a| a.id.as_ref()).collect(),
                    s.action_steps.iter().map(|a| &a.id).collect(),
                    "action step",
                ),
            ];
            for (list, named, has, what) in lists {
                for (n, id) in named.iter().enumerate() {
                    match id {
                        Some(id) if !has.contains(id) && !s.withheld.contains(id) => {
                            miss(list, n, "id", format!("the {what} `{id}`"))
                        }
                        None => miss(list, n, "", format!("a {what} without its `id`")),
                        _ => {}
                    }
                }
            }
            for (n, r) in f.reflections.iter().enumerate() {
                if !s.reflections.iter().any(|x| x.quarter == r.quarter) {
                    let q = r.quarter.as_deref().unwrap_or("(no quarter)");
                    miss("reflections", n, "quarter", format!("a reflection for {q}"));
                }
            }
        }
        (Fields::Challenge(f), crate::model::PageData::Challenge(c)) => {
            for (n, r) in f.root_causes.iter().enumerate() {
                match &r.id {
                    Some(id) if !c.root_causes.iter().any(|x| &x.id == id) => {
                        miss("root_causes", n, "id", format!("the root cause `{id}`"))
                    }
                    None => miss("root_causes", n, "", "a root cause without its `id`".to_string()),
                    _ => {}
                }
            }
        }
        (Fields::Agenda(f), crate::model::PageData::Agenda(a)) => {
            for n in a.items.len()..f.items.len() {
                miss("items", n, "", format!("item {}", n + 1));
            }
            for n in a.action_items.len()..f.action_items.len() {
                miss("action_items", n, "", format!("action item {}", n + 1));
            }
        }
        _ => {}
    }
}

/// `translation-stale`: the source has changed since the translation was made, or the
/// translation does not say what it was made from.
pub fn stale(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for t in &cx.site.translations {
        let Some(source) = cx.site.by_path(&t.path) else { continue };
        let now = source_hash(&source.src.text);
        let (message, pos) = match &t.common.source_hash {
            Some(h) if *h == now => continue,
            Some(h) => (
                format!(
                    "`{}` has changed since this translation was made (its hash was {h}, it is now {now})",
                    source.src.file
                ),
                t.pos(&["source_hash"]),
            ),
            None => {
                (format!("this translation does not say which version of `{}` it translates", source.src.file), (1, 1))
            }
        };
        let help = format!("bring the words up to date with the source, then set `source_hash: {now}`");
        out.push(Diagnostic::new(Rule::TranslationStale, &t.file, pos, message).with_help(help));
    }
}

/// `translation-missing` (off unless `checks:` turns it on): a page with no translation into a
/// language site.yaml `translations:` lists.
pub fn missing(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let site = cx.site;
    for lang in &site.config.translations {
        for page in &site.pages {
            let has = site.translations.iter().any(|t| t.path == page.src.path && t.lang.as_deref() == Some(lang));
            if !has {
                let message = format!("`{}` has no translation into `{lang}`", page.src.file);
                let help = format!(
                    "write one with `clockwork new translation {} --lang {lang}`",
                    content_path(&page.src.file)
                );
                out.push(Diagnostic::new(Rule::TranslationMissing, &page.src.file, (1, 1), message).with_help(help));
            }
        }
    }
}

fn content_path(file: &str) -> &str {
    file.strip_prefix("content/").unwrap_or(file)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_hash_is_twelve_hex_digits_of_sha256() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223…
        assert_eq!(super::source_hash("abc"), "ba7816bf8f01");
    }

    #[test]
    fn only_words_pass() {
        use super::is_words;
        use crate::content::Kind;
        let p = |s: &str| s.split('.').map(str::to_string).collect::<Vec<_>>();
        assert!(is_words(Kind::Strategy, &p("goals.0.statement")));
        assert!(is_words(Kind::Strategy, &p("title")));
        assert!(!is_words(Kind::Strategy, &p("goals.0.target")));
        assert!(!is_words(Kind::Strategy, &p("owner")));
        assert!(!is_words(Kind::Team, &p("members.0.person")));
    }
}
