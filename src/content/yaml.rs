//! The only module that knows the YAML library: typed parsing with file positions, scalar
//! helpers for front matter structs, and a locator that finds the line of any field.
//!
//! serde_yaml parses; yaml-rust2's event parser (which reports a marker for every node) finds
//! positions on demand, only when a diagnostic needs one.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};

/// A YAML problem at a 1-based line and column of the YAML text.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub kind: YamlErrorKind,
    pub message: String,
    /// What to do about it, when the problem is a value of the wrong kind.
    pub help: Option<String>,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum YamlErrorKind {
    Syntax,
    UnknownField { field: String, expected: Vec<String> },
}

/// Parses YAML text into `T`. An empty document is read as an empty mapping.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    check_text(text)?;
    serde_yaml::from_str(text).map_err(|e| match duplicate_key(text, &e) {
        Some(dup) => dup,
        None => convert_error(&e),
    })
}

/// The YAML text again with only the fields `keep` accepts (by path: `["goals", "0",
/// "statement"]`), in their order; lists and mappings left empty are dropped. For
/// `new translation`, which copies a source's words and nothing else.
pub fn only(text: &str, keep: &dyn Fn(&[String]) -> bool) -> Result<String, YamlError> {
    let value: serde_yaml::Value = parse(text)?;
    let kept = filter(value, &mut Vec::new(), keep).unwrap_or(serde_yaml::Value::Mapping(Default::default()));
    Ok(serde_yaml::to_string(&kept).unwrap_or_default())
}

fn filter(
    value: serde_yaml::Value,
    path: &mut Vec<String>,
    keep: &dyn Fn(&[String]) -> bool,
) -> Option<serde_yaml::Value> {
    use serde_yaml::Value;
    match value {
        Value::Mapping(m) => {
            let mut out = serde_yaml::Mapping::new();
            for (k, v) in m {
                let Some(key) = k.as_str().map(str::to_string) else { continue };
                path.push(key);
                if keep(path) {
                    out.extend(filter(v, path, keep).map(|v| (k, v)));
                }
                path.pop();
            }
            (!out.is_empty() || path.is_empty()).then_some(Value::Mapping(out))
        }
        Value::Sequence(items) => {
            let mut out = Vec::new();
            for (n, v) in items.into_iter().enumerate() {
                path.push(n.to_string());
                if keep(path) {
                    // An item keeps its place (an agenda's items are named by it), even empty.
                    let empty = v.is_mapping().then(|| Value::Mapping(Default::default()));
                    out.extend(filter(v, path, keep).or(empty));
                }
                path.pop();
            }
            (!out.is_empty()).then_some(Value::Sequence(out))
        }
        other => Some(other),
    }
}

/// How deep YAML may nest: front matter needs a few levels; a document nested thousands deep
/// is a mistake or an attack (the parser's time grows with the square of the depth).
pub const MAX_DEPTH: usize = 64;

/// Refuses, at their own line, what the parser would report at the document's start or take
/// minutes over: a control character, and nesting deeper than `MAX_DEPTH`.
fn check_text(text: &str) -> Result<(), YamlError> {
    let syntax = |offset: usize, message: String| {
        let (line, column) = crate::util::line_col(text, offset);
        Err(YamlError { kind: YamlErrorKind::Syntax, message, help: None, line, column })
    };
    if let Some((at, c)) = text.char_indices().find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        let message = format!(
            "this line holds a control character (U+{:04X}), which YAML does not allow; delete it (it often comes from text copied out of another program)",
            c as u32
        );
        return syntax(at, message);
    }
    if let Some(at) = too_deep(text) {
        return syntax(at, format!("the front matter nests deeper than {MAX_DEPTH} levels"));
    }
    Ok(())
}

/// The offset where nesting first goes past `MAX_DEPTH`: flow brackets outside quotes and
/// comments, plus the block levels (indentation and `- ` items) of the line they are on.
fn too_deep(text: &str) -> Option<usize> {
    let mut indents: Vec<usize> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if !rest.trim().is_empty() && !rest.starts_with('#') {
            while indents.last().is_some_and(|&i| i >= indent) {
                indents.pop();
            }
            indents.push(indent);
        }
        let dashes = rest.split("- ").take_while(|p| p.trim().is_empty()).count().saturating_sub(1);
        let mut depth = indents.len() + dashes;
        let mut quote: Option<char> = None;
        for (i, c) in rest.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if i == 0 || rest[..i].ends_with(' ') => break,
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_DEPTH {
                return Some(offset + indent + i);
            }
        }
        if depth > MAX_DEPTH {
            return Some(offset + indent);
        }
        offset += line.len();
    }
    None
}

/// serde_yaml reports a repeated key at the document's start: find the second one.
fn duplicate_key(text: &str, e: &serde_yaml::Error) -> Option<YamlError> {
    if !e.to_string().contains("duplicate") {
        return None;
    }
    let (key, (line, column)) = Locations::scan(text).duplicate?;
    let message = format!("`{key}` is written twice in the same place; keep one (the second would silently win)");
    Some(YamlError { kind: YamlErrorKind::Syntax, message, help: None, line, column })
}

fn convert_error(e: &serde_yaml::Error) -> YamlError {
    let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    let raw = e.to_string();
    // serde_yaml appends " at line L column C"; we carry the position separately.
    let raw = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    let (path, message) = match raw.split_once(": ") {
        Some((p, m)) if !p.contains(' ') && !p.is_empty() => (Some(p.to_string()), m.to_string()),
        _ => (None, raw.clone()),
    };
    if let Some(field) = message.strip_prefix("unknown field `").and_then(|m| m.split('`').next()) {
        let expected = expected_fields(&message);
        let place = path.map(|p| format!(" in `{p}`")).unwrap_or_default();
        let message = format!("unknown field `{field}`{place}");
        return YamlError {
            kind: YamlErrorKind::UnknownField { field: field.to_string(), expected },
            message,
            help: None,
            line,
            column,
        };
    }
    let (message, help) = match path.as_deref() {
        Some(p) => wrong_value(p, &message),
        None if message.contains("expected struct") || message.contains("expected a map") => {
            let found = found_words(&message);
            (format!("the front matter must be `field: value` lines, not {found}"), None)
        }
        None => (message, None),
    };
    YamlError { kind: YamlErrorKind::Syntax, message, help, line, column }
}

/// The field names serde lists after "expected one of".
fn expected_fields(message: &str) -> Vec<String> {
    let Some(i) = message.find("expected") else { return Vec::new() };
    message[i..].split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// A value of the wrong kind at `path` (`goals[0].baseline`), said as what the field wants,
/// with an example: "`baseline` wants a number such as 74 or 74.2%, not `lots`".
fn wrong_value(path: &str, message: &str) -> (String, Option<String>) {
    let field = path.rsplit('.').next().unwrap_or(path);
    let field = field.split('[').next().unwrap_or(field);
    // Our own visitors already say what they want ("wants a number such as …, not `lots`").
    if let Some(rest) = message.strip_prefix("wants ") {
        return (format!("`{field}` wants {rest}"), field_help(field));
    }
    let wanted =
        if message.contains("expected u32") || message.contains("expected u64") || message.contains("expected i64") {
            "a whole number such as 15"
        } else if message.contains("expected f64") {
            "a number such as 74 or 74.2%"
        } else if message.contains("expected a boolean") {
            "`true` or `false`"
        } else if message.contains("expected a list of text") {
            "a list such as `[a, b]` (or lines starting with `- `)"
        } else if message.contains("expected a sequence") {
            "a list of entries, one per line starting with `- `"
        } else if message.contains("expected struct") || message.contains("expected a map") {
            "its fields as `key: value` lines below it, or in braces"
        } else if message.contains("expected text") {
            "text"
        } else {
            return (format!("`{field}`: {message}"), field_help(field));
        };
    (format!("`{field}` wants {wanted}, not {}", found_words(message)), field_help(field))
}

/// What serde found, in words: "`lots`", "a list", "a mapping (`key: value` lines)".
fn found_words(message: &str) -> String {
    let found = message.strip_prefix("invalid type: ").unwrap_or(message);
    let found = found.split(", expected").next().unwrap_or(found);
    if let Some(text) = found.strip_prefix("string ") {
        return format!("`{}`", text.trim_matches('"'));
    }
    for (serde, words) in [
        ("sequence", "a list"),
        ("map", "a mapping (`key: value` lines)"),
        ("unit value", "nothing"),
        ("floating point", "the number"),
        ("integer", "the number"),
        ("boolean", ""),
    ] {
        if let Some(rest) = found.strip_prefix(serde) {
            let rest = rest.trim().replace('`', "");
            return match (words.is_empty(), rest.is_empty()) {
                (true, _) => format!("`{rest}`"),
                (false, true) => words.to_string(),
                (false, false) => format!("{words} {rest}"),
            };
        }
    }
    found.to_string()
}

/// An example for the fields people most often write in the wrong form.
fn field_help(field: &str) -> Option<String> {
    let help = match field {
        "baseline" | "target" | "actual" | "value" => format!("write a number: `{field}: 74` or `{field}: 74.2%`"),
        "minutes" | "every_weeks" => format!("write one whole number, e.g. `{field}: 15` (for a range, plan the longer time)"),
        "meets" => "write the rhythm's fields, e.g. `meets: { weekday: tuesday, start: \"15:30\", minutes: 60 }`; to say it in words, use `cadence: Monthly, 2nd Tuesday`".to_string(),
        "challenge" => "write one sentence; for several challenges, make each a page under content/challenges/ and list them in `addresses:`".to_string(),
        "draft" | "done" | "pretty_links" | "trust_html" => format!("write `{field}: true` or `{field}: false`"),
        "goals" | "benchmarks" | "action_steps" | "members" | "links" | "items" | "action_items" | "root_causes" => {
            format!("write each entry on a line starting with `- `, e.g.\n{field}:\n  - {{ id: ... }}")
        }
        _ => return None,
    };
    Some(help)
}

/// Text fields accept any scalar (`title: 2026` is the text "2026").
struct ScalarText;

impl<'de> Visitor<'de> for ScalarText {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// `deserialize_with` for `Option<String>` fields that accept any scalar.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct OptText;
    impl<'de> Visitor<'de> for OptText {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("text")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(ScalarText).map(Some)
        }
    }
    d.deserialize_option(OptText)
}

/// `deserialize_with` for number fields: a number, or text that is one with a trailing `%`
/// (`74.2%`, as spreadsheets and plans write it). Not-a-number and infinity are refused.
pub fn opt_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    struct OptNumber;
    impl<'de> Visitor<'de> for OptNumber {
        type Value = Option<f64>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number such as 74 or 74.2%")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(Number).map(Some)
        }
    }
    d.deserialize_option(OptNumber)
}

/// One finite number, maybe written as text with a `%`.
struct Number;

impl<'de> Visitor<'de> for Number {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number such as 74 or 74.2%")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        if v.is_finite() { Ok(v) } else { Err(E::custom(format!("wants a number such as 74 or 74.2%, not `{v}`"))) }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        parse_number(v).ok_or_else(|| E::custom(format!("wants a number such as 74 or 74.2%, not `{v}`")))
    }
}

/// A number as plans and spreadsheets write it: `96`, `18.4`, `96%` (which means 96, not
/// 0.96); never not-a-number or infinity.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let t = t.strip_suffix('%').map_or(t, str::trim_end);
    let plain = !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    t.parse::<f64>().ok().filter(|n| plain && n.is_finite())
}

/// `deserialize_with` for list fields: accepts a list of scalars, or one scalar as a list of one.
pub fn text_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct List;
    impl<'de> Visitor<'de> for List {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of text")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            struct Item(String);
            impl<'de> de::Deserialize<'de> for Item {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    d.deserialize_any(ScalarText).map(Item)
                }
            }
            let mut out = Vec::new();
            while let Some(Item(s)) = seq.next_element()? {
                out.push(s);
            }
            Ok(out)
        }
    }
    d.deserialize_any(List)
}

/// Every scalar value and key of a YAML document, in order (a document that does not parse
/// gives what was read). Watch uses them to find which ids a page may name.
pub fn scalars(text: &str) -> Vec<String> {
    struct Collect(Vec<String>);
    impl yaml_rust2::parser::EventReceiver for Collect {
        fn on_event(&mut self, ev: yaml_rust2::Event) {
            if let yaml_rust2::Event::Scalar(value, ..) = ev {
                self.0.push(value);
            }
        }
    }
    let mut collect = Collect(Vec::new());
    let _ = yaml_rust2::parser::Parser::new_from_str(text).load(&mut collect, false);
    collect.0
}

/// A path to a node: `["action_steps", "2", "owner"]` (list indexes as decimal text).
pub type NodePath<'a> = &'a [&'a str];

/// Where each node of a YAML document starts, by path.
#[derive(Debug, Default)]
pub struct Locations {
    /// For mapping entries: the key's position; for list items: the item's position.
    keys: HashMap<String, (usize, usize)>,
    /// The position of the value itself.
    values: HashMap<String, (usize, usize)>,
    /// The first key written twice in one mapping, and where its second writing is.
    pub duplicate: Option<(String, (usize, usize))>,
}

impl Locations {
    /// Scans `text` (never fails: a document that does not parse gives what was found).
    pub fn scan(text: &str) -> Locations {
        let mut recv = Receiver::default();
        let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
        let _ = parser.load(&mut recv, false);
        recv.locations
    }

    /// Every key (and list item) written, by path, with its position.
    pub fn key_paths(&self) -> impl Iterator<Item = (Vec<String>, (usize, usize))> + '_ {
        self.keys.iter().map(|(joined, pos)| (joined.split('\u{1f}').map(str::to_string).collect(), *pos))
    }

    /// The position of a field's key, or of the nearest ancestor that has one.
    pub fn key(&self, path: NodePath) -> Option<(usize, usize)> {
        self.find(&self.keys, path)
    }

    /// The position of a field's value, or of the nearest ancestor that has one.
    pub fn value(&self, path: NodePath) -> Option<(usize, usize)> {
        self.find(&self.values, path).or_else(|| self.key(path))
    }

    fn find(&self, map: &HashMap<String, (usize, usize)>, path: NodePath) -> Option<(usize, usize)> {
        (0..=path.len()).rev().find_map(|n| map.get(&path[..n].join("\u{1f}")).copied())
    }
}

enum Frame {
    Map { path: Vec<String>, key: Option<String> },
    Seq { path: Vec<String>, index: usize },
}

#[derive(Default)]
struct Receiver {
    stack: Vec<Frame>,
    locations: Locations,
}

impl Receiver {
    /// The path of the node that starts now, and whether it is a mapping key.
    fn next_path(&mut self) -> (Option<Vec<String>>, bool) {
        match self.stack.last() {
            None => (Some(Vec::new()), false),
            Some(Frame::Map { key: None, .. }) => (None, true),
            Some(Frame::Map { path, key: Some(k) }) => {
                let mut p = path.clone();
                p.push(k.clone());
                (Some(p), false)
            }
            Some(Frame::Seq { path, index }) => {
                let mut p = path.clone();
                p.push(index.to_string());
                (Some(p), false)
            }
        }
    }

    /// After a value ends: the mapping expects its next key, the list its next item.
    fn advance(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { index, .. }) => *index += 1,
            None => {}
        }
    }

    fn record(&mut self, path: &[String], pos: (usize, usize), is_item: bool) {
        let joined = path.join("\u{1f}");
        if is_item {
            self.locations.keys.entry(joined.clone()).or_insert(pos);
        }
        self.locations.values.entry(joined).or_insert(pos);
    }
}

impl yaml_rust2::parser::MarkedEventReceiver for Receiver {
    fn on_event(&mut self, ev: yaml_rust2::Event, mark: yaml_rust2::scanner::Marker) {
        use yaml_rust2::Event;
        let pos = (mark.line(), mark.col() + 1);
        let in_seq = matches!(self.stack.last(), Some(Frame::Seq { .. }));
        match ev {
            Event::Scalar(value, ..) => {
                let (path, is_key) = self.next_path();
                if is_key {
                    if let Some(Frame::Map { path, key }) = self.stack.last_mut() {
                        let mut p = path.clone();
                        p.push(value.clone());
                        let joined = p.join("\u{1f}");
                        if self.locations.keys.contains_key(&joined) && self.locations.duplicate.is_none() {
                            self.locations.duplicate = Some((value.clone(), pos));
                        }
                        self.locations.keys.entry(joined).or_insert(pos);
                        *key = Some(value);
                        // The parser marks a block mapping at its first `:`; the mapping
                        // really starts at its first key.
                        let joined = path.join("\u{1f}");
                        for map in [&mut self.locations.keys, &mut self.locations.values] {
                            if let Some(start) = map.get_mut(&joined).filter(|start| **start > pos) {
                                *start = pos;
                            }
                        }
                    }
                } else if let Some(p) = path {
                    self.record(&p, pos, in_seq);
                    self.advance();
                }
            }
            Event::Alias(_) => {
                let (path, is_key) = self.next_path();
                if !is_key {
                    if let Some(p) = path {
                        self.record(&p, pos, in_seq);
                    }
                    self.advance();
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let (path, _) = self.next_path();
                let path = path.unwrap_or_default();
                self.record(&path, pos, in_seq);
                self.stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map { path, key: None }
                } else {
                    Frame::Seq { path, index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.advance();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Step {
        #[serde(default, deserialize_with = "opt_text")]
        owner: Option<String>,
        #[serde(default, deserialize_with = "text_list")]
        support: Vec<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        #[serde(default, deserialize_with = "opt_text")]
        title: Option<String>,
        #[serde(default)]
        steps: Vec<Step>,
        #[serde(default)]
        target: Option<f64>,
    }

    #[test]
    fn parses_scalars_as_text_and_lists_leniently() {
        let d: Doc = parse("title: 2026\nsteps:\n  - { owner: ana, support: bo }\n").unwrap();
        assert_eq!(d.title.as_deref(), Some("2026"));
        assert_eq!(d.steps[0].support, ["bo"]);
        let d: Doc = parse("").unwrap();
        assert!(d.title.is_none());
    }

    #[test]
    fn unknown_fields_carry_their_position_and_the_known_names() {
        let e = parse::<Doc>("title: x\nsteps:\n  - owner: a\n    suport: [b]\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 5));
        match e.kind {
            YamlErrorKind::UnknownField { field, expected } => {
                assert_eq!(field, "suport");
                assert_eq!(expected, ["owner", "support"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn type_errors_are_worded_for_people() {
        let e = parse::<Doc>("target: lots\n").unwrap_err();
        assert_eq!(e.message, "`target` wants a number such as 74 or 74.2%, not `lots`");
        assert!(e.help.is_some_and(|h| h.contains("`target: 74.2%`")));
        let e = parse::<Doc>("- a\n- b\n").unwrap_err();
        assert!(e.message.contains("must be `field: value` lines"), "{}", e.message);
        let e = parse::<Doc>("title: [unclosed\n").unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::Syntax);
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = if i == 0 { "a".to_string() } else { format!("l{}", i - 1) };
            bomb.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        assert!(parse::<serde_yaml::Value>(&bomb).is_err());
        let deep = "[".repeat(10_000);
        assert!(parse::<Doc>(&deep).is_err());
    }

    #[test]
    fn locates_keys_values_and_list_items() {
        let text = "title: X\nsteps:\n  - owner: ana\n    support: [bo, cy]\n  - { owner: dee }\n";
        let loc = Locations::scan(text);
        assert_eq!(loc.key(&["steps", "0"]), Some((3, 5)), "a block entry starts at its first key");
        assert_eq!(loc.key(&["title"]), Some((1, 1)));
        assert_eq!(loc.value(&["steps", "0", "owner"]), Some((3, 12)));
        assert_eq!(loc.key(&["steps", "1"]), Some((5, 5)));
        assert_eq!(loc.value(&["steps", "1", "owner"]), Some((5, 14)));
        assert_eq!(loc.value(&["steps", "0", "support", "1"]), Some((4, 19)));
        // A missing node falls back to its nearest ancestor.
        assert_eq!(loc.value(&["steps", "1", "due"]), Some((5, 5)));
    }
}
