//! Progress trackers: every `data/*.csv` (as a spreadsheet exports it), read with the csv
//! crate; each row updates one goal, benchmark or action step of a strategy before statuses
//! are derived. Every problem is a `bad-csv` diagnostic at the row's line (the header is 1).

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use super::{ACTION_STATUSES, BENCHMARK_STATUSES, GOAL_STATUSES, Measurement, PageData, Site, Strategy};
use crate::content::{Fields, Kind};
use crate::diagnostics::{Diagnostic, SourceTexts};
use crate::util::{did_you_mean, line_col};

pub const DATA_DIR: &str = "data";

/// The columns a tracker may have; others are ignored (unless they look like a typo of one).
pub const COLUMNS: [&str; 6] = ["strategy", "id", "actual", "status", "date", "value"];

/// A cell's value and where it is (1-based file line and column).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell<T> {
    pub value: T,
    pub pos: (usize, usize),
}

/// One row of a tracker, with its non-empty cells parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Relative to the site root: `data/progress.csv`.
    pub file: String,
    pub line: usize,
    pub strategy: Cell<String>,
    pub id: Cell<String>,
    pub actual: Option<Cell<f64>>,
    pub status: Option<Cell<String>>,
    pub date: Option<Cell<NaiveDate>>,
    pub value: Option<Cell<f64>>,
}

/// Every tracker of a site, read and parsed but not yet applied.
#[derive(Debug, Default)]
pub struct Trackers {
    pub rows: Vec<Row>,
    /// The text of every tracker, so that diagnostics can show the offending line.
    pub texts: SourceTexts,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads every `data/*.csv` under `root`, in file-name order. No `data/` folder is fine.
pub fn read(root: &Path) -> Trackers {
    let mut out = Trackers::default();
    let dir = root.join(DATA_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return out,
        Err(e) => {
            let d = Diagnostic::new("bad-csv", DATA_DIR, (1, 1), format!("cannot read the `{DATA_DIR}/` folder: {e}"));
            out.diagnostics.push(d);
            return out;
        }
    };
    let mut files: Vec<(String, std::path::PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| name.to_lowercase().ends_with(".csv") && !crate::content::is_noise(name))
        .collect();
    files.sort();
    for (name, path) in files {
        let file = format!("{DATA_DIR}/{name}");
        match std::fs::read(&path) {
            Ok(bytes) => read_bytes(&file, bytes, &mut out),
            Err(e) => {
                out.diagnostics.push(Diagnostic::new("bad-csv", &file, (1, 1), format!("cannot read `{file}`: {e}")))
            }
        }
    }
    out
}

fn read_bytes(file: &str, bytes: Vec<u8>, out: &mut Trackers) {
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text: Arc<str> = Arc::from(text);
            out.texts.insert(file.to_string(), text.clone());
            let (rows, diags) = parse(file, &text);
            out.rows.extend(rows);
            out.diagnostics.extend(diags);
        }
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let shown = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let pos = line_col(&shown, good);
            out.texts.insert(file.to_string(), Arc::from(shown));
            out.diagnostics.push(
                Diagnostic::new(
                    "bad-encoding",
                    file,
                    pos,
                    "this tracker is not UTF-8 text (the first bad byte is here)",
                )
                .with_help("export it again as UTF-8: in Excel, Save As → \"CSV UTF-8 (Comma delimited)\""),
            );
        }
    }
}

/// Where each column is in the header.
#[derive(Debug, Default)]
struct Header {
    columns: [Option<usize>; 6],
}

impl Header {
    fn get<'r>(&self, record: &'r csv::StringRecord, name: &str) -> Option<(usize, &'r str)> {
        let i = COLUMNS.iter().position(|c| *c == name)?;
        let col = self.columns[i]?;
        record.get(col).map(str::trim).filter(|v| !v.is_empty()).map(|v| (col, v))
    }
}

/// Parses one tracker's text: its header, then every row's cells.
pub fn parse(file: &str, text: &str) -> (Vec<Row>, Vec<Diagnostic>) {
    let mut rows = Vec::new();
    let mut diags = Vec::new();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut header: Option<(Header, usize)> = None;
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| line_col(text, p.byte() as usize).0);
                diags.push(Diagnostic::new("bad-csv", file, (line, 1), format!("this row cannot be read: {e}")));
                continue;
            }
        };
        // After a CRLF row the csv crate's position is still at the `\n`: skip line ends.
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let start = start + text.get(start..).map_or(0, |t| t.len() - t.trim_start_matches(['\r', '\n']).len());
        let line = line_col(text, start).0;
        let starts = field_starts(text, start);
        let pos = |col: usize| starts.get(col).map_or((line, 1), |&b| line_col(text, b));
        match &header {
            None => match read_header(file, &record, &pos) {
                Ok(h) => header = Some((h, record.len())),
                Err(mut d) => {
                    diags.append(&mut d);
                    return (rows, diags);
                }
            },
            Some((h, width)) => {
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                match read_row(file, line, h, *width, &record, &pos) {
                    Ok(row) => rows.push(row),
                    Err(mut d) => diags.append(&mut d),
                }
            }
        }
    }
    if header.is_none() {
        diags.push(
            Diagnostic::new("bad-csv", file, (1, 1), "this tracker is empty: it needs a header row")
                .with_help("the first row names the columns: strategy,id,actual,status,date,value"),
        );
    }
    (rows, diags)
}

fn read_header(
    file: &str,
    record: &csv::StringRecord,
    pos: &dyn Fn(usize) -> (usize, usize),
) -> Result<Header, Vec<Diagnostic>> {
    let mut header = Header::default();
    let mut diags = Vec::new();
    for (col, name) in record.iter().enumerate() {
        let name = name.trim().trim_start_matches('\u{feff}').to_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(i) if header.columns[i].is_some() => {
                diags.push(Diagnostic::new("bad-csv", file, pos(col), format!("the column `{name}` appears twice")));
            }
            Some(i) => header.columns[i] = Some(col),
            // A near miss ("actaul") would silently drop a column of data; anything else
            // ("notes", "owner") is the user's own column and is left alone.
            None => {
                if let Some(close) = COLUMNS.iter().find(|c| strsim::damerau_levenshtein(&name, c) == 1) {
                    diags.push(
                        Diagnostic::new(
                            "bad-csv",
                            file,
                            pos(col),
                            format!("unknown column `{name}`; did you mean `{close}`?"),
                        )
                        .with_help(format!(
                            "a tracker's columns are {}; other columns are ignored",
                            COLUMNS.join(", ")
                        )),
                    );
                }
            }
        }
    }
    for required in ["strategy", "id"] {
        let i = COLUMNS.iter().position(|c| *c == required).unwrap_or(0);
        if header.columns[i].is_none() {
            diags.push(
                Diagnostic::new("bad-csv", file, (1, 1), format!("the header row has no `{required}` column"))
                    .with_help("the first row names the columns: strategy,id and any of actual,status,date,value"),
            );
        }
    }
    if diags.is_empty() { Ok(header) } else { Err(diags) }
}

fn read_row(
    file: &str,
    line: usize,
    h: &Header,
    width: usize,
    record: &csv::StringRecord,
    pos: &dyn Fn(usize) -> (usize, usize),
) -> Result<Row, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut bad = |col: usize, message: String, help: &str| {
        diags.push(Diagnostic::new("bad-csv", file, pos(col), message).with_help(help.to_string()));
    };
    if let Some((col, extra)) = record.iter().enumerate().skip(width).find(|(_, f)| !f.trim().is_empty()) {
        bad(
            col,
            format!("`{extra}` is in a column without a header"),
            "give the column a name in the header row, or remove the cell",
        );
    }
    let text = |name: &str| h.get(record, name).map(|(col, v)| Cell { value: v.to_string(), pos: pos(col) });
    let mut number = |name: &str| {
        let (col, v) = h.get(record, name)?;
        match parse_number(v) {
            Some(n) => Some(Cell { value: n, pos: pos(col) }),
            None => {
                bad(
                    col,
                    format!("`{name}` is `{v}`, which is not a number"),
                    "write a plain number such as 96 or 18.4 (a % sign is allowed)",
                );
                None
            }
        }
    };
    let actual = number("actual");
    let value = number("value");
    let date = match h.get(record, "date") {
        None => None,
        Some((col, v)) => match crate::config::parse_date(v) {
            Some(d) => Some(Cell { value: d, pos: pos(col) }),
            None => {
                bad(
                    col,
                    format!("`date` is `{v}`, which is not a date"),
                    "write dates as YYYY-MM-DD, e.g. 2026-11-13 (format the spreadsheet column as text or ISO date)",
                );
                None
            }
        },
    };
    let (strategy, id) = (text("strategy"), text("id"));
    if strategy.is_none() || id.is_none() {
        let missing = if strategy.is_none() { "strategy" } else { "id" };
        bad(
            0,
            format!("this row has no `{missing}`"),
            "each row names a strategy id and the id of one of its goals, benchmarks or action steps",
        );
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    match (strategy, id) {
        (Some(strategy), Some(id)) => {
            Ok(Row { file: file.to_string(), line, strategy, id, actual, status: text("status"), date, value })
        }
        _ => Err(diags),
    }
}

/// A number as a spreadsheet writes it: `96`, `18.4`, `96%` (which means 96, not 0.96).
fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let t = t.strip_suffix('%').map_or(t, str::trim_end);
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Byte offsets where each field of the record starting at byte `start` begins.
fn field_starts(text: &str, start: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let start = if start == 0 && text.starts_with('\u{feff}') { 3 } else { start };
    let mut starts = vec![start];
    let mut quoted = false;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => starts.push(i + 1),
            b'\n' | b'\r' if !quoted => break,
            _ => {}
        }
    }
    starts
}

/// What a row's id names inside its strategy.
enum Entry {
    Goal(usize),
    Benchmark(usize),
    Step(usize),
}

/// Applies every row to the site, in order (a later row wins), then derives statuses again.
/// A row naming a draft or staff-only strategy or entry is skipped: the same tracker serves
/// every audience.
pub fn apply(site: &mut Site, rows: &[Row]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for row in rows {
        let Some(index) = site.index_of(Kind::Strategy, &row.strategy.value) else {
            let value = &row.strategy.value;
            if site.hidden(Kind::Strategy, value).is_none() && !site.unloaded(&[Kind::Strategy], value) {
                let ids = site.strategies().map(|(p, _)| p.id.as_str());
                let hint = did_you_mean(&row.strategy.value, ids);
                diags.push(bad(row, row.strategy.pos, format!("there is no strategy `{}`{hint}", row.strategy.value)));
            }
            continue;
        };
        let page = &mut site.pages[index];
        let hidden = hidden_entries(&page.src.fields);
        let PageData::Strategy(s) = &mut page.data else { continue };
        match find(s, &row.id.value) {
            Some(entry) => update(s, entry, row, &mut diags),
            None if hidden.contains(&row.id.value) => {}
            None => {
                let ids: Vec<&str> = s
                    .goals
                    .iter()
                    .map(|g| g.id.as_str())
                    .chain(s.benchmarks.iter().map(|b| b.id.as_str()))
                    .chain(s.action_steps.iter().map(|a| a.id.as_str()))
                    .collect();
                let hint = did_you_mean(&row.id.value, ids);
                let message = format!(
                    "strategy `{}` has no goal, benchmark or action step `{}`{hint}",
                    row.strategy.value, row.id.value
                );
                diags.push(bad(row, row.id.pos, message));
            }
        }
    }
    if !rows.is_empty() {
        super::status::derive(site);
    }
    diags
}

fn bad(row: &Row, pos: (usize, usize), message: String) -> Diagnostic {
    Diagnostic::new("bad-csv", &row.file, pos, message)
}

fn find(s: &Strategy, id: &str) -> Option<Entry> {
    s.goals
        .iter()
        .position(|g| g.id == id)
        .map(Entry::Goal)
        .or_else(|| s.benchmarks.iter().position(|b| b.id == id).map(Entry::Benchmark))
        .or_else(|| s.action_steps.iter().position(|a| a.id == id).map(Entry::Step))
}

/// Ids of the strategy's entries as written, visible or not (staff-only ones are skipped).
fn hidden_entries(fields: &Fields) -> Vec<String> {
    let Fields::Strategy(raw) = fields else { return Vec::new() };
    let id = |id: &Option<String>, prefix: &str, i: usize| {
        id.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map_or_else(|| format!("{prefix}{}", i + 1), str::to_string)
    };
    let goals = raw.goals.iter().enumerate().map(|(i, g)| id(&g.id, "g", i));
    let benchmarks = raw.benchmarks.iter().enumerate().map(|(i, b)| id(&b.id, "b", i));
    let steps = raw.action_steps.iter().enumerate().map(|(i, a)| id(&a.id, "a", i));
    goals.chain(benchmarks).chain(steps).collect()
}

/// A status cell, checked against the statuses the entry's kind may have.
fn status(row: &Row, allowed: &[&str], what: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let cell = row.status.as_ref()?;
    let v = cell.value.to_lowercase().replace(' ', "-");
    if allowed.contains(&v.as_str()) {
        return Some(v);
    }
    let hint = did_you_mean(&v, allowed.iter().copied());
    let mut message = format!("`{}` is not a status of {what}{hint}", cell.value);
    if v == "overdue" && allowed.contains(&"done") {
        message.push_str(" (overdue is worked out from the due date)");
    }
    diags.push(bad(row, cell.pos, message).with_help(format!("{what} takes one of: {}", allowed.join(", "))));
    None
}

/// Refuses a non-empty cell that means nothing for this kind of entry.
fn unused<T>(row: &Row, cell: &Option<Cell<T>>, column: &str, what: &str, takes: &str, diags: &mut Vec<Diagnostic>) {
    if let Some(c) = cell {
        diags.push(
            bad(row, c.pos, format!("`{}` is {what}, which has no `{column}`", row.id.value))
                .with_help(format!("for {what}, a tracker sets {takes}; leave `{column}` empty")),
        );
    }
}

fn update(s: &mut Strategy, entry: Entry, row: &Row, diags: &mut Vec<Diagnostic>) {
    match entry {
        Entry::Goal(i) => {
            let takes = "`date` with `value` (a measurement) and `status`";
            let status = status(row, &GOAL_STATUSES, "a goal", diags);
            let g = &mut s.goals[i];
            g.status = status.or(g.status.take());
            let value = row.value.as_ref().or(row.actual.as_ref());
            match (&row.date, value) {
                (Some(date), Some(value)) => {
                    let m = Measurement { date: date.value, value: value.value };
                    match g.measurements.iter_mut().find(|x| x.date == m.date) {
                        Some(x) => x.value = m.value,
                        None => g.measurements.push(m),
                    }
                    g.measurements.sort_by_key(|x| x.date);
                }
                (Some(date), None) => diags.push(
                    bad(row, date.pos, format!("goal `{}` has a `date` but no `value`", row.id.value)).with_help(takes),
                ),
                (None, Some(value)) => diags.push(
                    bad(row, value.pos, format!("goal `{}` has a `value` but no `date`", row.id.value))
                        .with_help(takes),
                ),
                (None, None) => {}
            }
        }
        Entry::Benchmark(i) => {
            let what = "a benchmark";
            unused(row, &row.date, "date", what, "`actual` and `status`", diags);
            let status = status(row, &BENCHMARK_STATUSES, what, diags);
            let b = &mut s.benchmarks[i];
            b.status = status.or(b.status.take());
            if let Some(actual) = row.actual.as_ref().or(row.value.as_ref()) {
                b.actual = Some(actual.value);
            }
        }
        Entry::Step(i) => {
            let what = "an action step";
            let takes = "`status` and `date` (the day it was completed)";
            unused(row, &row.actual, "actual", what, takes, diags);
            unused(row, &row.value, "value", what, takes, diags);
            let status = status(row, &ACTION_STATUSES, what, diags);
            let a = &mut s.action_steps[i];
            if let Some(st) = status {
                a.status = st;
            }
            if let Some(date) = &row.date {
                a.completed = Some(date.value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> (Vec<Row>, Vec<Diagnostic>) {
        parse("data/t.csv", text)
    }

    #[test]
    fn reads_a_spreadsheet_export_with_bom_crlf_and_quotes() {
        let text = "\u{feff}Strategy,ID,Actual,Status,Date,Value,Notes\r\n\"early-literacy\",b2,96%,,,,\"Intervention, all grades\"\r\nattendance,g1,,,2026-11-13,\"18.4\",\"said \"\"ok\"\"\r\nacross lines\"\r\nattendance,a4,,In Progress,,,\r\n";
        let (rows, diags) = rows(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(rows.len(), 3);
        assert_eq!(
            (rows[0].line, rows[0].strategy.value.as_str(), rows[0].actual.as_ref().map(|c| c.value)),
            (2, "early-literacy", Some(96.0))
        );
        assert_eq!(rows[1].value.as_ref().map(|c| c.value), Some(18.4));
        assert_eq!(rows[1].date.as_ref().map(|c| c.pos), Some((3, 17)));
        assert_eq!(rows[2].line, 5, "a quoted line break belongs to the row above");
        assert_eq!(rows[2].status.as_ref().map(|c| c.value.as_str()), Some("In Progress"));
    }

    #[test]
    fn bad_cells_point_at_their_line_and_column() {
        let (rows, diags) = rows("strategy,id,actual,date\nx,b1,lots,\nx,g1,,2026-13-01\n,b2,3,\n");
        assert!(rows.is_empty());
        let found: Vec<_> = diags.iter().map(|d| (d.rule, d.line, d.column)).collect();
        assert_eq!(found, [("bad-csv", 2, 6), ("bad-csv", 3, 7), ("bad-csv", 4, 1)]);
        assert!(diags[0].message.contains("`lots`"), "{}", diags[0].message);
    }

    #[test]
    fn a_header_needs_strategy_and_id_and_catches_typos() {
        let (_, diags) = rows("strategy,actaul,notes\n");
        let messages: Vec<_> = diags.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
        assert!(
            messages.iter().any(|(l, c, m)| (*l, *c) == (1, 10) && m.contains("did you mean `actual`")),
            "{messages:?}"
        );
        assert!(messages.iter().any(|(_, _, m)| m.contains("no `id` column")), "{messages:?}");
        let (_, diags) = rows("");
        assert!(diags[0].message.contains("empty"));
    }

    #[test]
    fn cells_beyond_the_header_are_refused_but_blank_rows_are_skipped() {
        let (rows, diags) = rows("strategy,id,actual\n,,\nx,b1,3,oops\n");
        assert!(rows.is_empty());
        assert_eq!((diags.len(), diags[0].line, diags[0].column), (1, 3, 8));
    }

    fn site(as_of: &str) -> Site {
        let text = "---\ntitle: S\ngoals:\n  - { id: g1, statement: G, baseline: 50, target: 80, measurements: [{ date: 2026-09-18, value: 51 }] }\n  - { id: g2, statement: Hidden, target: 1, visibility: staff }\nbenchmarks:\n  - { id: b1, quarter: Q1, statement: B, target: 90, actual: 50 }\naction_steps:\n  - { id: a1, action: A, due: 2026-11-01 }\n---\n";
        let (page, diags) = crate::content::parse_page("content/strategies/s.md", Arc::from(text));
        assert!(diags.is_empty(), "{diags:?}");
        let loaded = crate::content::Loaded { pages: page.into_iter().collect(), ..Default::default() };
        let (config, _) = crate::config::Config::parse(
            "title: T\nquarters:\n  - { name: Q1, start: 2026-08-17, end: 2026-10-30 }\n  - { name: Q2, start: 2026-11-02, end: 2027-06-11 }\n",
        );
        let as_of = crate::config::parse_date(as_of).unwrap();
        let scope = super::super::Scope { audience: super::super::Audience::Public, drafts: false, as_of };
        super::super::resolve(config, loaded, scope).site
    }

    fn strategy(site: &Site) -> &Strategy {
        match &site.pages[0].data {
            PageData::Strategy(s) => s,
            _ => panic!("not a strategy"),
        }
    }

    fn apply_csv(site: &mut Site, csv: &str) -> Vec<Diagnostic> {
        let (rows, mut diags) = parse("data/t.csv", csv);
        diags.extend(apply(site, &rows));
        diags
    }

    #[test]
    fn rows_update_values_and_statuses_follow() {
        let mut site = site("2026-11-20");
        assert_eq!(strategy(&site).goals[0].effective_status, super::super::Status::OffTrack);
        let diags = apply_csv(
            &mut site,
            "strategy,id,actual,status,date,value\ns,g1,,,2026-09-18,70\ns,g1,,,2026-11-13,64\ns,b1,95,,,\ns,a1,,In Progress,,\ns,g2,,,2026-11-13,1\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let s = strategy(&site);
        let values: Vec<f64> = s.goals[0].measurements.iter().map(|m| m.value).collect();
        assert_eq!(values, [70.0, 64.0], "a row for an existing date replaces its value");
        assert_eq!(s.goals[0].effective_status, super::super::Status::OnTrack);
        assert_eq!((s.benchmarks[0].actual, s.benchmarks[0].effective_status), (Some(95.0), super::super::Status::Met));
        assert_eq!(s.action_steps[0].status, "in-progress");
        assert_eq!(s.action_steps[0].effective_status, super::super::Status::Overdue);
    }

    #[test]
    fn cells_that_mean_nothing_for_the_entry_are_refused() {
        let mut site = site("2026-11-20");
        let diags = apply_csv(
            &mut site,
            "strategy,id,actual,status,date,value\ns,g1,,,2026-11-13,\ns,b1,3,,2026-11-13,\ns,a1,4,,,\ns,b1,,overdue,,\ns,a1,,overdue,,\ns,x9,1,,,\n",
        );
        let found: Vec<(usize, usize, &str)> = diags.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
        assert_eq!(found.len(), 6, "{found:#?}");
        assert!(found[0].2.contains("has a `date` but no `value`") && (found[0].0, found[0].1) == (2, 8), "{found:?}");
        assert!(found[1].2.contains("which has no `date`") && found[1].0 == 3, "{found:?}");
        assert!(found[2].2.contains("which has no `actual`") && found[2].0 == 4, "{found:?}");
        assert!(found[3].2.contains("not a status of a benchmark") && !found[3].2.contains("due date"), "{found:?}");
        assert!(found[4].2.contains("worked out from the due date"), "{found:?}");
        assert!(found[5].2.contains("has no goal, benchmark or action step `x9`"), "{found:?}");
        assert!(diags.iter().all(|d| d.rule == "bad-csv"));
    }

    #[test]
    fn numbers_as_spreadsheets_write_them() {
        assert_eq!(parse_number("96%"), Some(96.0));
        assert_eq!(parse_number(" 18.4 "), Some(18.4));
        assert_eq!(parse_number("-2"), Some(-2.0));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("1,200"), None);
    }
}
