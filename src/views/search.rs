//! The site search index, written as `search-index.js` so that a plain `<script>` tag loads it
//! from `file://` as well as over http. It holds only published pages (it is built from the
//! `Site`, which has no drafts or out-of-audience pages).
//!
//! Shape: `window.clockworkSearch = {"docs": [[title, kind, url, snippet], …], "terms": {term: postings}}`
//! where `postings` are the documents holding the term, each as base-36 `gap * 4 + weight`
//! joined by `,` (`gap`: the document id minus the previous one; `weight`: where the term
//! stands, `TITLE` 3, `FIELD` 2 for headings, statements, owners and statuses, `BODY` 1).
//! Documents are the published pages, then every goal, benchmark and action step (its
//! statement, owners' names and status, linked to its anchor). Terms are lowercased words
//! with stop words dropped and a light suffix stemming that `search.js` repeats for queries;
//! each page contributes at most `MAX_TERMS` distinct terms, title and headings first, which
//! keeps the index small on large sites.

use rustc_hash::FxHashSet;
use std::borrow::Cow;

use rayon::prelude::*;

use crate::content::Kind;
use crate::markdown::Body;
use crate::model::{PageData, Site, Strategy};
use crate::present::{Entry, label};
use crate::util::link_target;

/// Where a term stands in a document: its title, a field readers search by, or its text.
pub type Weight = u8;
pub const TITLE: Weight = 3;
pub const FIELD: Weight = 2;
pub const BODY: Weight = 1;

pub const FILE: &str = "search-index.js";
const MAX_TERMS: usize = 400;
const SNIPPET: usize = 200;

/// Words too common to search for (`search.js` has the same list), sorted for
/// `binary_search`.
const STOP_WORDS: [&str; 40] = [
    "a", "all", "an", "and", "are", "as", "at", "be", "but", "by", "can", "each", "for", "from", "has", "have", "how",
    "in", "is", "it", "its", "not", "of", "on", "or", "our", "that", "the", "their", "they", "this", "to", "was", "we",
    "were", "what", "when", "who", "will", "with",
];

/// Spanish words too common to search for, accents folded (`search.js` has the same list).
const STOP_WORDS_ES: [&str; 42] = [
    "al", "como", "con", "de", "del", "el", "ella", "ellos", "en", "entre", "era", "es", "esta", "estas", "este",
    "esto", "estos", "la", "las", "le", "les", "lo", "los", "mas", "mi", "muy", "nos", "para", "pero", "por", "que",
    "se", "sin", "sobre", "son", "su", "sus", "un", "una", "uno", "unos", "ya",
];

/// Which stemming and stop words a language's index uses (`search.js` reads it from the
/// index's `lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    pub fn of(code: &str) -> Lang {
        if code == "es" { Lang::Es } else { Lang::En }
    }

    fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }
}

/// The longest word of a list: a longer word is no stop word, without a search.
const fn longest(words: &[&str]) -> usize {
    let mut i = 0;
    let mut max = 0;
    while i < words.len() {
        if words[i].len() > max {
            max = words[i].len();
        }
        i += 1;
    }
    max
}

fn is_stop_word(word: &str, lang: Lang) -> bool {
    const EN: usize = longest(&STOP_WORDS);
    const ES: usize = longest(&STOP_WORDS_ES);
    match lang {
        Lang::En => word.len() <= EN && STOP_WORDS.binary_search(&word).is_ok(),
        Lang::Es => word.len() <= ES && STOP_WORDS_ES.binary_search(&word).is_ok(),
    }
}

/// Lowercased, accent-folded, stemmed search terms of `text`, in order (the same rules as
/// `search.js`).
pub fn terms(text: &str, lang: Lang) -> impl Iterator<Item = String> + '_ {
    let mut buf = String::new();
    words(text).filter_map(move |w| term(w, &mut buf, lang).map(str::to_string))
}

/// A letter without its accent ("evaluación" is searched as "evaluacion"), lowercase.
fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        c => c,
    }
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 1 && w.chars().nth(1).is_some())
}

/// The term of one word, written into `buf` (no allocation for words seen before): None for a
/// stop word.
fn term<'b>(word: &str, buf: &'b mut String, lang: Lang) -> Option<&'b str> {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        buf.extend(word.chars().flat_map(char::to_lowercase).map(fold));
    }
    if is_stop_word(buf, lang) {
        return None;
    }
    if lang == Lang::Es {
        stem_es(buf);
        return Some(buf.as_str());
    }
    let (keep, y) = stem_cut(buf);
    buf.truncate(keep);
    if y {
        buf.push('y');
    }
    Some(buf.as_str())
}

/// A light English stemmer: plural and common verb endings only.
pub fn stem(word: &str) -> String {
    let (keep, y) = stem_cut(word);
    let mut s = word[..keep].to_string();
    if y {
        s.push('y');
    }
    s
}

/// A light Spanish stemmer (after Savoy), on a folded word: plurals ("evaluaciones",
/// "luces", "metas"), then a final vowel of gender ("lectora", "lector").
fn stem_es(word: &mut String) {
    let n = word.chars().count();
    if n > 4 && word.ends_with("ces") {
        word.truncate(word.len() - 3);
        word.push('z');
    } else if n > 4 && word.ends_with("es") && word[..word.len() - 2].ends_with(['r', 'l', 'n', 'd', 'z', 'j']) {
        word.truncate(word.len() - 2);
    } else if n > 3 && word.ends_with('s') {
        word.truncate(word.len() - 1);
    }
    if word.chars().count() > 4 && word.ends_with(['a', 'o', 'e']) {
        word.truncate(word.len() - 1);
    }
}

/// How much of `word` its stem keeps, and whether a "y" replaces the ending ("studies").
fn stem_cut(word: &str) -> (usize, bool) {
    let n = if word.is_ascii() { word.len() } else { word.chars().count() };
    let len = word.len();
    if n > 4 && word.ends_with("ies") {
        (len - 3, true)
    } else if n > 5 && word.ends_with("ing") {
        (len - 3, false)
    } else if n > 4 && word.ends_with("ed") && !word.ends_with("eed") {
        (len - 2, false)
    } else if n > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is") {
        (len - 1, false)
    } else {
        (len, false)
    }
}

/// The words of a page's front matter that readers search for (statements, purposes, topics).
fn data_text(page: &crate::model::Page) -> String {
    use crate::model::PageData;
    let mut parts: Vec<&str> = Vec::new();
    match &page.data {
        PageData::Person(p) => parts.extend(p.role.as_deref()),
        PageData::Team(t) => {
            parts.extend(t.purpose.as_deref());
            parts.extend(t.level.as_deref());
        }
        PageData::Strategy(s) => {
            parts.extend(s.description.as_deref());
            parts.extend(s.area.as_deref());
            parts.extend(s.challenge.as_deref());
            parts.extend(s.goals.iter().flat_map(|g| g.short.as_deref().into_iter().chain([g.statement.as_str()])));
            parts
                .extend(s.benchmarks.iter().flat_map(|b| b.short.as_deref().into_iter().chain([b.statement.as_str()])));
            parts.extend(s.action_steps.iter().flat_map(|a| a.short.as_deref().into_iter().chain([a.action.as_str()])));
        }
        PageData::Agenda(a) => {
            parts.extend(a.objectives.iter().map(String::as_str));
            parts.extend(a.items.iter().map(|i| i.topic.as_str()));
            parts.extend(a.decisions.iter().map(String::as_str));
            parts.extend(a.action_items.iter().map(|i| i.task.as_str()));
        }
        PageData::Challenge(c) => {
            parts.extend(c.data.as_deref());
            parts.extend(c.root_causes.iter().map(|r| r.statement.as_str()));
        }
        PageData::Page | PageData::Section => {}
    }
    parts.join(" ")
}

fn push_base36(out: &mut String, n: u32) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 8];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

#[cfg(test)]
fn base36(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The distinct search terms of a page's headings, summary, front matter data and text, each
/// with the weight of the first place it stands in, at most `MAX_TERMS`, in the order they
/// come. Worked out with the page's Markdown (and kept with it by `watch`), so that an index
/// rebuild only assembles.
pub fn page_terms(page: &crate::model::Page, body: &Body, lang: &str) -> Vec<(String, Weight)> {
    let snippet = snippet(page, body);
    let headings: Vec<&str> = body.headings.iter().map(|h| h.text.as_str()).collect();
    let data = data_text(page);
    let heads = headings.join(" ");
    weighted([(heads.as_str(), FIELD), (&snippet, FIELD), (&data, FIELD), (&body.text, BODY)], Lang::of(lang))
}

/// The distinct terms of texts given from the weightiest down, each with the weight of the
/// first text it is in, at most `MAX_TERMS`.
fn weighted<'a>(texts: impl IntoIterator<Item = (&'a str, Weight)>, lang: Lang) -> Vec<(String, Weight)> {
    let mut seen: FxHashSet<String> = FxHashSet::default();
    let mut out = Vec::new();
    let mut buf = String::new();
    for (text, weight) in texts {
        for w in words(text) {
            if out.len() >= MAX_TERMS {
                return out;
            }
            if let Some(t) = term(w, &mut buf, lang)
                && !seen.contains(t)
            {
                seen.insert(t.to_string());
                out.push((t.to_string(), weight));
            }
        }
    }
    out
}

fn snippet(page: &crate::model::Page, body: &Body) -> String {
    page.summary.as_deref().unwrap_or(&body.summary).chars().take(SNIPPET).collect()
}

/// One document of the index: its `[title, kind, url, snippet]` as JSON, and its terms.
struct Document<'a> {
    json: String,
    /// The page's own terms are borrowed from its body; a title's are made here.
    terms: Vec<(Cow<'a, str>, Weight)>,
}

fn json(title: &str, kind: &str, url: &str, snippet: &str) -> String {
    // `</` is escaped so that no text can close a script element if the file is inlined.
    serde_json::to_string(&(title, kind, url, snippet)).unwrap_or_default().replace("</", "<\\/")
}

/// A page's document: its title (and short name) first, then the rest of its own terms; a
/// strategy's also holds the names of everyone who owns it or one of its steps.
fn document<'a>(site: &Site, page: &crate::model::Page, body: &'a Body) -> Document<'a> {
    let url = link_target(&page.url, site.config.pretty_links);
    let owners = match &page.data {
        PageData::Strategy(s) => owner_names(site, s.owner.iter().chain(s.action_steps.iter().flat_map(|a| &a.owners))),
        _ => String::new(),
    };
    let lang = Lang::of(&site.config.language);
    let titles =
        weighted([(page.title.as_str(), TITLE), (page.short.as_deref().unwrap_or(""), TITLE), (&owners, FIELD)], lang);
    let head = titles.len();
    let mut terms: Vec<(Cow<str>, Weight)> = titles.into_iter().map(|(t, w)| (Cow::Owned(t), w)).collect();
    // The body's terms are distinct already: only the title's few can repeat one.
    for (t, w) in &body.terms {
        if terms.len() >= MAX_TERMS {
            break;
        }
        if !terms[..head].iter().any(|(seen, _)| seen == t) {
            terms.push((Cow::Borrowed(t.as_str()), *w));
        }
    }
    Document { json: json(&page.title, page.kind.name(), url, &snippet(page, body)), terms }
}

/// The names of owners (people, teams, role groups), as one text.
fn owner_names<'a>(site: &Site, ids: impl Iterator<Item = &'a String>) -> String {
    let names: Vec<String> = ids
        .map(|id| match (site.owner(id), site.role(id)) {
            (Some(p), _) => p.title.clone(),
            (None, Some(r)) => r.title.clone(),
            (None, None) => String::new(),
        })
        .collect();
    names.join(" ")
}

/// Every goal, benchmark and action step of a strategy as a document of its own, linked to
/// its anchor: its statement is its title; its label, strategy, status, owners and due date
/// are its snippet and weigh as fields, so "overdue" or an owner's name finds the step.
fn entries(site: &Site, page: &crate::model::Page, s: &Strategy) -> Vec<Document<'static>> {
    let url = link_target(&page.url, site.config.pretty_links);
    let mut out = Vec::new();
    let mut add = |kind: &str, id: &str, label: String, statement: &str, status: &str, owners: String, due: String| {
        let snippet = [label.as_str(), &page.title, status, &owners, &due]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        let texts =
            [(statement, TITLE), (label.as_str(), FIELD), (status, FIELD), (&owners, FIELD), (&page.title, BODY)];
        let terms =
            weighted(texts, Lang::of(&site.config.language)).into_iter().map(|(t, w)| (Cow::Owned(t), w)).collect();
        out.push(Document { json: json(statement, kind, &format!("{url}#{id}"), &snippet), terms });
    };
    let w = &site.config.words;
    let status = |s: crate::model::Status| w.text(&format!("status.{}", s.as_str())).to_string();
    for g in &s.goals {
        add("goal", g.id(), label(w, g), &g.statement, &status(g.effective_status), String::new(), String::new());
    }
    for b in &s.benchmarks {
        let quarter =
            b.quarter.as_deref().map_or(String::new(), |q| w.fill("search.quarter_benchmark", &[("quarter", q)]));
        add("benchmark", b.id(), label(w, b), &b.statement, &status(b.effective_status), String::new(), quarter);
    }
    for a in &s.action_steps {
        let due = a
            .due
            .map_or_else(|| a.when.clone().unwrap_or_default(), |d| w.fill("search.due", &[("date", &w.long_date(d))]));
        add(
            "step",
            a.id(),
            label(w, a),
            &a.action,
            &status(a.effective_status),
            owner_names(site, a.owners.iter()),
            due,
        );
    }
    out
}

/// Builds `search-index.js`. Pages are read in parallel; the index lists them in site order,
/// then the entries of each strategy.
pub fn index(site: &Site, bodies: &[Body]) -> Vec<u8> {
    assemble(site, &documents(site, bodies))
}

/// Every page's document, in site order, then the strategies' entries.
fn documents<'a>(site: &Site, bodies: &'a [Body]) -> Vec<Document<'a>> {
    let mut documents: Vec<Document> =
        site.pages.par_iter().zip(bodies.par_iter()).map(|(page, body)| document(site, page, body)).collect();
    for page in site.of_kind(Kind::Strategy) {
        if let PageData::Strategy(s) = &page.data {
            documents.extend(entries(site, page, s));
        }
    }
    documents
}

/// The documents of the last index watch made, kept for the next edit below the front matter
/// (same model, same pages): only the edited pages' documents are made again.
#[derive(Default)]
pub struct Memo {
    /// One per page, in site order, then the strategies' entries.
    documents: Vec<Document<'static>>,
    pages: usize,
}

/// `index` for a rebuild after edits below the front matter: `memo` holds the documents of
/// the same model's last index (or nothing: all are made and kept), and `changed` says
/// which pages' Markdown was rendered again.
pub fn index_again(site: &Site, bodies: &[Body], memo: &mut Memo, changed: &(dyn Fn(usize) -> bool + Sync)) -> Vec<u8> {
    if memo.pages != site.pages.len() {
        let documents = documents(site, bodies).into_iter().map(Document::into_owned).collect();
        *memo = Memo { documents, pages: site.pages.len() };
    } else {
        let again: Vec<(usize, Document<'static>)> = (0..memo.pages)
            .into_par_iter()
            .filter(|&i| changed(i))
            .map(|i| (i, document(site, &site.pages[i], &bodies[i]).into_owned()))
            .collect();
        for (i, doc) in again {
            memo.documents[i] = doc;
        }
    }
    assemble(site, &memo.documents)
}

impl Document<'_> {
    fn into_owned(self) -> Document<'static> {
        let terms = self.terms.into_iter().map(|(t, w)| (Cow::Owned(t.into_owned()), w)).collect();
        Document { json: self.json, terms }
    }
}

/// The index file of its documents.
fn assemble(site: &Site, documents: &[Document]) -> Vec<u8> {
    // Postings per run of documents in parallel, merged in document order so that ids stay
    // ascending.
    type Postings<'a> = rustc_hash::FxHashMap<&'a str, Vec<(u32, Weight)>>;
    let postings: Postings = documents
        .par_iter()
        .enumerate()
        .fold(Postings::default, |mut postings, (id, doc)| {
            for (term, weight) in &doc.terms {
                postings.entry(term.as_ref()).or_default().push((id as u32, *weight));
            }
            postings
        })
        .reduce(Postings::default, |mut left, right| {
            for (term, ids) in right {
                left.entry(term).or_default().extend(ids);
            }
            left
        });
    let mut terms: Vec<(&str, Vec<(u32, Weight)>)> = postings.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut js = String::with_capacity(documents.iter().map(|d| d.json.len() + 1).sum::<usize>() + terms.len() * 24);
    js.push_str("window.clockworkSearch={\"lang\":\"");
    js.push_str(Lang::of(&site.config.language).code());
    js.push_str("\",\"docs\":[");
    for (i, doc) in documents.iter().enumerate() {
        if i > 0 {
            js.push(',');
        }
        js.push_str(&doc.json);
    }
    js.push_str("],\"terms\":{");
    for (i, (term, ids)) in terms.iter().enumerate() {
        if i > 0 {
            js.push(',');
        }
        // Terms are letters and digits only (see `terms`): nothing to escape.
        js.push('"');
        js.push_str(term);
        js.push_str("\":\"");
        let mut last = 0;
        for (k, &(id, weight)) in ids.iter().enumerate() {
            if k > 0 {
                js.push(',');
            }
            push_base36(&mut js, (id - last) * 4 + u32::from(weight));
            last = id;
        }
        js.push('"');
    }
    js.push_str("}};\n");
    js.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS_ES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("the", Lang::En) && is_stop_word("they", Lang::En) && !is_stop_word("team", Lang::En));
        assert!(is_stop_word("los", Lang::Es) && !is_stop_word("los", Lang::En));
    }

    #[test]
    fn terms_are_lowercased_stemmed_and_filtered() {
        let t: Vec<String> = terms("The Teachers' walkthroughs, coaching and the studies of 2026", Lang::En).collect();
        assert_eq!(t, ["teacher", "walkthrough", "coach", "study", "2026"]);
        assert_eq!(stem("class"), "class");
        assert_eq!(stem("focus"), "focus");
        assert_eq!(stem("agreed"), "agreed");
    }

    #[test]
    fn spanish_terms_fold_accents_and_plurals() {
        let t = |text: &str| terms(text, Lang::Es).collect::<Vec<String>>();
        // With or without the accent, singular or plural, a word finds the same term.
        assert_eq!(t("evaluación"), t("evaluacion"));
        assert_eq!(t("evaluaciones"), t("evaluación"));
        assert_eq!(t("Las metas de los estudiantes"), ["meta", "estudiant"]);
        assert_eq!(t("lectores lectora"), ["lector", "lector"]);
        assert_eq!(t("luces"), ["luz"]);
        assert_eq!(t("Año niños"), ["ano", "nino"]);
    }

    #[test]
    fn base36_gaps() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
    }
}
