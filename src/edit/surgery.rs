//! Surgical changes to a YAML text: replace one scalar's bytes, add one key to a mapping,
//! or add one item to a list, leaving every other byte (comments, key order, quoting, flow
//! or block style, line endings) as it was. The parser's marks give where each node starts;
//! where it ends is read from the text. A node this cannot edit safely (a block scalar, a
//! scalar over several lines, an anchor or alias, a tag) refuses the change.

use std::collections::HashMap;

use yaml_rust2::Event;
use yaml_rust2::parser::{MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A path to a node: `["benchmarks", "2", "actual"]` (list items by index).
pub type Path = [String];

#[derive(Debug, Clone, PartialEq)]
enum Shape {
    /// A scalar on one line, in a form that can be replaced: its value.
    Scalar(String),
    /// A `|` or `>` block of text under a block mapping's key (from the indicator to the end
    /// of its last line): its value, and the comment on its first line (kept on a change).
    Block(String, String),
    Map {
        flow: bool,
    },
    Seq {
        flow: bool,
    },
    /// Anything this module will not touch.
    Unsafe(&'static str),
}

#[derive(Debug, Clone)]
struct Node {
    shape: Shape,
    /// Byte offsets: the node's first byte (a block mapping's first key, a block list's
    /// first `-`), and just past its last (for a block collection, its last content).
    start: usize,
    end: usize,
    /// A block mapping's key column, a block list's dash column (0-based).
    column: usize,
    /// A list's length.
    items: usize,
}

/// The nodes of one YAML document, by path.
pub struct Tree<'a> {
    text: &'a str,
    nodes: HashMap<Vec<String>, Node>,
    newline: &'static str,
}

/// Why a change was refused, in a planner's words.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused(pub String);

impl<'a> Tree<'a> {
    pub fn parse(text: &'a str) -> Result<Tree<'a>, Refused> {
        let mut r = Receiver { text, lines: line_starts(text), stack: Vec::new(), nodes: HashMap::new() };
        Parser::new_from_str(text)
            .load(&mut r, false)
            .map_err(|e| Refused(format!("the front matter does not read as YAML ({e}); fix it in the file first")))?;
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        Ok(Tree { text, nodes: r.nodes, newline })
    }

    /// The value of the scalar at `path`, if there is one.
    pub fn scalar(&self, path: &Path) -> Option<&str> {
        match &self.nodes.get(path)?.shape {
            Shape::Scalar(v) | Shape::Block(v, _) => Some(v),
            _ => None,
        }
    }

    /// How many items the list at `path` has (0 when there is none).
    pub fn len(&self, path: &Path) -> usize {
        self.nodes.get(path).map_or(0, |n| n.items)
    }

    /// Whether a node is written at `path`.
    pub fn has(&self, path: &Path) -> bool {
        self.nodes.contains_key(path)
    }

    /// Sets `key` of the mapping at `map` to the scalar `value` (already written as YAML):
    /// replaces the old value's bytes, or adds the key after the mapping's last one.
    pub fn set(&self, map: &Path, key: &str, value: &str) -> Result<String, Refused> {
        let mut at = map.to_vec();
        at.push(key.to_string());
        let parent = self.mapping(map)?;
        if let Some(node) = self.nodes.get(&at) {
            return match &node.shape {
                Shape::Scalar(_) => Ok(self.splice(node.start, node.end, value)),
                // The comment on the block's first line goes on the new value's first line.
                Shape::Block(_, comment) => {
                    let value = match value.split_once(self.newline) {
                        _ if comment.is_empty() => value.to_string(),
                        Some((first, rest)) => format!("{first} {comment}{}{rest}", self.newline),
                        None => format!("{value} {comment}"),
                    };
                    Ok(self.splice(node.start, node.end, &value))
                }
                Shape::Unsafe(why) => Err(Refused(format!("`{key}` is {why}: edit it in the file"))),
                _ => Err(Refused(format!("`{key}` holds a list or a mapping, not one value"))),
            };
        }
        Ok(self.add_key(parent, key, value))
    }

    /// Sets `key` of the mapping at `map` to `text`, which may hold new lines: in a block
    /// mapping a text over several lines is written as a `|-` block (as people write notes),
    /// anywhere else as one quoted text.
    pub fn set_text(&self, map: &Path, key: &str, text: &str) -> Result<String, Refused> {
        let (flow, column) = self.map_style(self.mapping(map)?);
        if flow || !text.contains('\n') {
            return self.set(map, key, &scalar(text));
        }
        let indent = " ".repeat(column + 2);
        let mut value = String::from("|-");
        for line in text.lines() {
            value.push_str(self.newline);
            if !line.trim().is_empty() {
                value.push_str(&indent);
                value.push_str(line.trim_end());
            }
        }
        self.set(map, key, &value)
    }

    /// Adds `item` (a scalar or a flow mapping, written as YAML) to the end of the list
    /// `key` of the mapping at `map`, making the list when there is none.
    pub fn push(&self, map: &Path, key: &str, item: &str) -> Result<String, Refused> {
        let mut at = map.to_vec();
        at.push(key.to_string());
        let parent = self.mapping(map)?;
        let Some(list) = self.nodes.get(&at) else {
            let (flow, _) = self.map_style(parent);
            return Ok(if flow {
                self.add_key(parent, key, &format!("[{item}]"))
            } else {
                let indent = " ".repeat(parent.column);
                let nl = self.newline;
                self.insert_line_after(parent.end, &format!("{indent}{key}:{nl}{indent}  - {item}{nl}"))
            });
        };
        match &list.shape {
            Shape::Seq { flow: true } => {
                let close = list.end - 1;
                let before = self.text[list.start + 1..close].trim_end();
                let at = list.start + 1 + before.len();
                let text = if before.trim().is_empty() { item.to_string() } else { format!(", {item}") };
                Ok(self.splice(at, at, &text))
            }
            Shape::Seq { flow: false } => {
                let line = format!("{}- {item}{}", " ".repeat(list.column), self.newline);
                Ok(self.insert_line_after(list.end, &line))
            }
            Shape::Scalar(v) if v.is_empty() || v == "~" || v == "null" => {
                Err(Refused(format!("`{key}` is empty: write `{key}: []` in the file, then add to it here")))
            }
            Shape::Unsafe(why) => Err(Refused(format!("`{key}` is {why}: edit it in the file"))),
            _ => Err(Refused(format!("`{key}` is not a list"))),
        }
    }

    fn mapping(&self, path: &Path) -> Result<&Node, Refused> {
        match self.nodes.get(path) {
            Some(n @ Node { shape: Shape::Map { .. }, .. }) => Ok(n),
            Some(Node { shape: Shape::Unsafe(why), .. }) => {
                Err(Refused(format!("this entry is {why}: edit it in the file")))
            }
            _ => Err(Refused(format!("there is no `{}` to change", path.join(".")))),
        }
    }

    fn map_style(&self, node: &Node) -> (bool, usize) {
        match node.shape {
            Shape::Map { flow } => (flow, node.column),
            _ => (false, 0),
        }
    }

    fn add_key(&self, map: &Node, key: &str, value: &str) -> String {
        let (flow, column) = self.map_style(map);
        if flow {
            let close = map.end - 1;
            let before = self.text[map.start + 1..close].trim_end();
            let at = map.start + 1 + before.len();
            let text = if before.trim().is_empty() { format!(" {key}: {value} ") } else { format!(", {key}: {value}") };
            self.splice(at, at, &text)
        } else {
            self.insert_line_after(map.end, &format!("{}{key}: {value}{}", " ".repeat(column), self.newline))
        }
    }

    /// `line` inserted at the start of the line after the one holding byte `end - 1`.
    fn insert_line_after(&self, end: usize, line: &str) -> String {
        let from = end.saturating_sub(1).min(self.text.len());
        match self.text[from..].find('\n') {
            Some(i) => self.splice(from + i + 1, from + i + 1, line),
            None => format!("{}{}{line}", self.text, self.newline),
        }
    }

    fn splice(&self, from: usize, to: usize, with: &str) -> String {
        format!("{}{with}{}", &self.text[..from], &self.text[to..])
    }
}

/// A value as a YAML scalar: plain when it reads back as the same text in any context,
/// double-quoted otherwise. A plain number reads back as text only when it is written the
/// one way a number is (`92`): `1.50`, `007` or `1e3` would come back as `1.5`, `7`, `1000`.
pub fn scalar(value: &str) -> String {
    let number_as_typed = match yaml_rust2::Yaml::from_str(value) {
        yaml_rust2::Yaml::String(_) => true,
        yaml_rust2::Yaml::Integer(i) => i.to_string() == value,
        _ => false,
    };
    let plain = !value.is_empty()
        && number_as_typed
        && value.chars().all(|c| c.is_alphanumeric() || " .%-_/()'".contains(c))
        && value.chars().next().is_some_and(|c| c.is_alphanumeric())
        && !value.ends_with(' ')
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "null" | "on" | "off" | "y" | "n"
        );
    if plain {
        return value.to_string();
    }
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Byte offset of the start of each line.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

struct Frame {
    path: Vec<String>,
    flow: bool,
    is_map: bool,
    key: Option<String>,
    index: usize,
    start: Option<usize>,
    column: Option<usize>,
    last_end: usize,
    unsafe_why: Option<&'static str>,
}

struct Receiver<'a> {
    text: &'a str,
    lines: Vec<usize>,
    stack: Vec<Frame>,
    nodes: HashMap<Vec<String>, Node>,
}

impl Receiver<'_> {
    fn byte(&self, m: &Marker) -> usize {
        // From the line and column, not the marker's index: yaml-rust2 0.13 counts the
        // characters of a block scalar (`|`, `>`) in bytes, so after a `>` text holding an
        // "é" every index is off by one; lines and columns stay right.
        let Some(&start) = m.line().checked_sub(1).and_then(|l| self.lines.get(l)) else {
            return self.text.len();
        };
        let line = &self.text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        start + line.char_indices().nth(m.col()).map_or(line.len(), |(i, _)| i)
    }

    /// The path of the value that starts now; None while a mapping waits for its key.
    fn next_path(&self) -> Option<Vec<String>> {
        match self.stack.last() {
            None => Some(Vec::new()),
            Some(f) if f.is_map => f.key.as_ref().map(|k| [f.path.clone(), vec![k.clone()]].concat()),
            Some(f) => Some([f.path.clone(), vec![f.index.to_string()]].concat()),
        }
    }

    fn advance(&mut self) {
        if let Some(f) = self.stack.last_mut() {
            if f.is_map {
                f.key = None;
            } else {
                f.index += 1;
            }
        }
    }

    fn reach(&mut self, end: usize) {
        for f in &mut self.stack {
            f.last_end = f.last_end.max(end);
        }
    }

    /// Where a scalar that starts at byte `start` ends, if it sits on one line in a form
    /// that can be replaced.
    fn scalar_end(&self, start: usize, style: TScalarStyle, value: &str) -> Result<usize, &'static str> {
        let rest = &self.text[start..];
        let end = match style {
            TScalarStyle::Plain if rest.starts_with(value) => start + value.len(),
            TScalarStyle::Plain => return Err("written over several lines"),
            TScalarStyle::SingleQuoted => {
                let b = rest.as_bytes();
                let mut i = 1;
                loop {
                    match b.get(i) {
                        Some(b'\'') if b.get(i + 1) == Some(&b'\'') => i += 2,
                        Some(b'\'') => break start + i + 1,
                        Some(_) => i += 1,
                        None => return Err("an unfinished quoted text"),
                    }
                }
            }
            TScalarStyle::DoubleQuoted => {
                let b = rest.as_bytes();
                let mut i = 1;
                loop {
                    match b.get(i) {
                        Some(b'\\') => i += 2,
                        Some(b'"') => break start + i + 1,
                        Some(_) => i += 1,
                        None => return Err("an unfinished quoted text"),
                    }
                }
            }
            _ => return Err("a block of text (`|` or `>`)"),
        };
        if self.text[start..end].contains('\n') { Err("written over several lines") } else { Ok(end) }
    }

    /// The span of a `|` or `>` block whose text the parser marks at byte `content` (its
    /// first line of text): from the indicator after its key to the end of its last line
    /// indented deeper than the key. Only under a block mapping's key, with no indentation
    /// number; None for anything else.
    fn block_span(&self, content: usize) -> Option<(usize, usize, String)> {
        let parent = self.stack.last().filter(|f| f.is_map && !f.flow)?.column?;
        // The header is the last line before the text that is not blank: `notes: >- # c`.
        let before = &self.text[..content];
        let mut line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let header = loop {
            let prev_end = line_start.checked_sub(1)?;
            let prev_start = self.text[..prev_end].rfind('\n').map_or(0, |i| i + 1);
            let line = &self.text[prev_start..prev_end];
            if !line.trim().is_empty() {
                break prev_start..prev_end;
            }
            line_start = prev_start;
        };
        let line = &self.text[header.clone()];
        let colon = line.find(':')?;
        let after = &line[colon + 1..];
        let indicator = header.start + colon + 1 + (after.len() - after.trim_start().len());
        let (rest, comment) = match self.text[indicator..header.end].split_once(" #") {
            Some((rest, comment)) => (rest, format!("#{}", comment.trim_end_matches('\r'))),
            None => (&self.text[indicator..header.end], String::new()),
        };
        let plain_header = matches!(rest.trim_end(), "|" | "|-" | "|+" | ">" | ">-" | ">+");
        if !plain_header {
            return None;
        }
        Some((indicator, self.block_end(header.end, parent), comment))
    }

    /// Past the last line after byte `header_end` indented deeper than `parent`.
    fn block_end(&self, header_end: usize, parent: usize) -> usize {
        let mut end = header_end;
        let mut at = header_end + 1;
        while at < self.text.len() {
            let line_end = self.text[at..].find('\n').map_or(self.text.len(), |i| at + i);
            let line = self.text[at..line_end].trim_end_matches('\r');
            if !line.trim().is_empty() {
                if line.len() - line.trim_start_matches(' ').len() <= parent {
                    break;
                }
                end = at + line.len();
            }
            at = line_end + 1;
        }
        end
    }

    fn start_collection(&mut self, is_map: bool, m: &Marker, anchored: bool) {
        let at = self.byte(m);
        let first = self.text[at..].chars().next();
        let flow = matches!(first, Some('{') | Some('['));
        let path = self.next_path().unwrap_or_default();
        // A block list starts at its first `-`; a block mapping at its first key (the
        // parser marks it at the first `:`), set when that key arrives.
        let start = if flow || !is_map { Some(at) } else { None };
        let column = if !flow && !is_map { Some(m.col()) } else { None };
        self.stack.push(Frame {
            path,
            flow,
            is_map,
            key: None,
            index: 0,
            start,
            column,
            last_end: at,
            unsafe_why: anchored.then_some("marked with an anchor or a tag"),
        });
    }

    fn end_collection(&mut self, m: &Marker) {
        let Some(f) = self.stack.pop() else { return };
        let end = if f.flow { self.byte(m) + 1 } else { f.last_end };
        let shape = match (f.unsafe_why, f.is_map) {
            (Some(why), _) => Shape::Unsafe(why),
            (None, true) => Shape::Map { flow: f.flow },
            (None, false) => Shape::Seq { flow: f.flow },
        };
        let node = Node {
            shape,
            start: f.start.unwrap_or(end),
            end,
            column: f.column.unwrap_or(0),
            items: if f.is_map { 0 } else { f.index },
        };
        self.nodes.insert(f.path, node);
        self.reach(end);
        self.advance();
    }
}

impl MarkedEventReceiver for Receiver<'_> {
    fn on_event(&mut self, ev: Event, m: Marker) {
        match ev {
            Event::Scalar(value, style, anchor, tag) => {
                let start = self.byte(&m);
                let waiting_key = self.stack.last().is_some_and(|f| f.is_map && f.key.is_none());
                if waiting_key {
                    let f = self.stack.last_mut().expect("a mapping");
                    if f.start.is_none() {
                        f.start = Some(start);
                        f.column = Some(m.col());
                    }
                    f.key = Some(value);
                    return;
                }
                let Some(path) = self.next_path() else { return };
                let block = matches!(style, TScalarStyle::Literal | TScalarStyle::Folded);
                let (shape, end) = match self.scalar_end(start, style, &value) {
                    _ if anchor != 0 || tag.is_some() => (Shape::Unsafe("marked with an anchor or a tag"), start),
                    _ if block && let Some((from, end, comment)) = self.block_span(start) => {
                        let shape = Shape::Block(value, comment);
                        let node = Node { shape, start: from, end, column: m.col(), items: 0 };
                        self.nodes.insert(path, node);
                        self.reach(end);
                        self.advance();
                        return;
                    }
                    Ok(end) => (Shape::Scalar(value), end),
                    Err(why) => {
                        (Shape::Unsafe(why), self.text[start..].find('\n').map_or(self.text.len(), |i| start + i))
                    }
                };
                self.nodes.insert(path, Node { shape, start, end, column: m.col(), items: 0 });
                self.reach(end);
                self.advance();
            }
            Event::Alias(_) => {
                if let Some(path) = self.next_path() {
                    let start = self.byte(&m);
                    let shape = Shape::Unsafe("a reference to another part of the file (`*alias`)");
                    self.nodes.insert(path, Node { shape, start, end: start, column: 0, items: 0 });
                }
                self.advance();
            }
            Event::MappingStart(anchor, tag) => self.start_collection(true, &m, anchor != 0 || tag.is_some()),
            Event::SequenceStart(anchor, tag) => self.start_collection(false, &m, anchor != 0 || tag.is_some()),
            Event::MappingEnd | Event::SequenceEnd => self.end_collection(&m),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(path: &str) -> Vec<String> {
        path.split('.').filter(|s| !s.is_empty()).map(str::to_string).collect()
    }

    const DOC: &str = "title: Ré x # keep\ngoals:\n  - { id: g1, target: 80 }\nbenchmarks:\n  - id: b1\n    quarter: Q1 # c\n    measurements:\n      - { date: 2026-09-01, value: 3 }\n\n  - id: b2\n    note: 'it''s'\nsteps: [a, b]\nlast: x\n";

    #[test]
    fn a_scalar_is_replaced_and_nothing_else_moves() {
        let t = Tree::parse(DOC).unwrap();
        assert_eq!(t.scalar(&p("benchmarks.0.quarter")), Some("Q1"));
        let out = t.set(&p("benchmarks.0"), "quarter", "Q2").unwrap();
        assert_eq!(out, DOC.replace("quarter: Q1 # c", "quarter: Q2 # c"));
        let out = t.set(&p("benchmarks.1"), "note", "\"done\"").unwrap();
        assert_eq!(out, DOC.replace("'it''s'", "\"done\""));
        let out = t.set(&p(""), "title", "Plan").unwrap();
        assert_eq!(out, DOC.replace("Ré x # keep", "Plan # keep"));
    }

    #[test]
    fn places_after_a_block_text_with_accents_are_right() {
        let doc = "items:\n  - topic: Walk\n    notes: >-\n      Renée and Zoë agreed.\n  - { topic: Next, minutes: 5 }\nlast: x\n";
        let t = Tree::parse(doc).unwrap();
        let out = t.set(&p("items.1"), "notes", "ok").unwrap();
        assert_eq!(out, doc.replace("minutes: 5 }", "minutes: 5, notes: ok }"));
        let out = t.set(&p(""), "last", "y").unwrap();
        assert_eq!(out, doc.replace("last: x", "last: y"));
    }

    #[test]
    fn a_block_of_text_is_replaced_whole_and_what_follows_stays() {
        let doc = "items:\n  - topic: Walk\n    notes: >- # from Priya: kept\n      Renée and Zoë\n\n      agreed.\n\n    lead: ana\n  - { topic: Next }\n";
        let t = Tree::parse(doc).unwrap();
        assert_eq!(t.scalar(&p("items.0.notes")), Some("Renée and Zoë\nagreed."));
        let out = t.set_text(&p("items.0"), "notes", "One line").unwrap();
        assert_eq!(
            out,
            "items:\n  - topic: Walk\n    notes: One line # from Priya: kept\n\n    lead: ana\n  - { topic: Next }\n"
        );
        let out = t.set_text(&p("items.0"), "notes", "Two\n\nparagraphs: yes").unwrap();
        let two = "items:\n  - topic: Walk\n    notes: |- # from Priya: kept\n      Two\n\n      paragraphs: yes\n\n    lead: ana\n";
        assert_eq!(out, format!("{two}  - {{ topic: Next }}\n"));
        // A new key after a mapping that ends with a block goes after the whole block.
        let doc = "items:\n  - topic: Walk\n    notes: |\n      Said.\n  - { topic: Next }\n";
        let out = Tree::parse(doc).unwrap().set(&p("items.0"), "minutes", "5").unwrap();
        assert_eq!(out, doc.replace("Said.\n", "Said.\n    minutes: 5\n"));
        // In a flow mapping a text over several lines is one quoted text.
        let out = Tree::parse(doc).unwrap().set_text(&p("items.1"), "notes", "a\nb").unwrap();
        assert_eq!(out, doc.replace("{ topic: Next }", "{ topic: Next, notes: \"a\\nb\" }"));
    }

    #[test]
    fn a_key_is_added_in_the_mappings_own_style() {
        let t = Tree::parse(DOC).unwrap();
        let out = t.set(&p("goals.0"), "actual", "72").unwrap();
        assert_eq!(out, DOC.replace("{ id: g1, target: 80 }", "{ id: g1, target: 80, actual: 72 }"));
        let out = t.set(&p("benchmarks.0"), "actual", "92").unwrap();
        assert_eq!(
            out,
            DOC.replace("value: 3 }\n\n  - id: b2", "value: 3 }\n    actual: 92\n\n  - id: b2"),
            "after the entry's last line, at its keys' column"
        );
        let out = t.set(&p("benchmarks.1"), "actual", "5").unwrap();
        assert_eq!(out, DOC.replace("'it''s'\n", "'it''s'\n    actual: 5\n"));
    }

    #[test]
    fn an_item_is_added_to_a_list_or_a_new_list() {
        let t = Tree::parse(DOC).unwrap();
        let out = t.push(&p("benchmarks.0"), "measurements", "{ date: 2026-11-01, value: 4 }").unwrap();
        assert_eq!(out, DOC.replace("value: 3 }\n", "value: 3 }\n      - { date: 2026-11-01, value: 4 }\n"));
        let out = t.push(&p(""), "steps", "c").unwrap();
        assert_eq!(out, DOC.replace("[a, b]", "[a, b, c]"));
        let out = t.push(&p(""), "decisions", "Meet monthly").unwrap();
        assert_eq!(out, format!("{DOC}decisions:\n  - Meet monthly\n"));
        let out = t.push(&p("goals.0"), "measurements", "{ value: 1 }").unwrap();
        assert!(out.contains("{ id: g1, target: 80, measurements: [{ value: 1 }] }"), "{out}");
    }

    #[test]
    fn what_cannot_be_edited_safely_is_refused() {
        let doc = "a: &x 1\nb: *x\nc: |\n  text\nd: one\n  two\n";
        let t = Tree::parse(doc).unwrap();
        for key in ["a", "b", "d"] {
            assert!(t.set(&p(""), key, "2").is_err(), "{key}");
        }
        assert_eq!(t.set(&p(""), "c", "2").unwrap(), doc.replace("|\n  text\n", "2\n"), "a block is replaced whole");
        assert!(Tree::parse("a: [1,\n").is_err());
    }

    #[test]
    fn windows_line_endings_stay() {
        let doc = "a: 1\r\nb:\r\n  - x\r\n";
        let t = Tree::parse(doc).unwrap();
        assert_eq!(t.push(&p(""), "b", "y").unwrap(), "a: 1\r\nb:\r\n  - x\r\n  - y\r\n");
        assert_eq!(t.set(&p(""), "c", "2").unwrap(), "a: 1\r\nb:\r\n  - x\r\nc: 2\r\n");
    }

    #[test]
    fn scalars_read_back_as_written() {
        assert_eq!(scalar("92"), "92");
        for number_like in ["1.50", "007", "1e3", "0x1F", "0o17", "-0", "1.5"] {
            assert_eq!(scalar(number_like), format!("\"{number_like}\""), "{number_like}");
        }
        assert_eq!(scalar("Ask the office"), "Ask the office");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("a: b # c"), "\"a: b # c\"");
        assert_eq!(scalar("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(scalar(""), "\"\"");
    }
}
