//! Reading progress trackers: every `data/*.csv` (as a spreadsheet exports it), parsed with
//! the csv crate into rows of typed cells; `model::tracker` applies them. Every problem is a
//! `bad-csv` diagnostic at the row's line (the header is 1).

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::diagnostics::{Diagnostic, Rule, SourceTexts};
use crate::util::{LineIndex, line_col};

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
    let (found, problems) = super::tree::walk(root, DATA_DIR);
    out.diagnostics = problems;
    let trackers = found.into_iter().filter(|f| !f.under.contains('/') && f.under.to_lowercase().ends_with(".csv"));
    for f in trackers {
        match std::fs::read(&f.path) {
            Ok(bytes) => read_bytes(&f.rel, bytes, &mut out),
            Err(e) => out.diagnostics.push(Diagnostic::new(
                Rule::Unreadable,
                &f.rel,
                (1, 1),
                format!("cannot read `{}`: {}", f.rel, super::tree::io_words(&e)),
            )),
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
                    Rule::BadEncoding,
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
    let lines = LineIndex::new(text);
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| lines.line_col(p.byte() as usize).0);
                diags.push(Diagnostic::new(Rule::BadCsv, file, (line, 1), format!("this row cannot be read: {e}")));
                continue;
            }
        };
        // After a CRLF row the csv crate's position is still at the `\n`: skip line ends.
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let start = start + text.get(start..).map_or(0, |t| t.len() - t.trim_start_matches(['\r', '\n']).len());
        let line = lines.line_col(start).0;
        let starts = field_starts(text, start);
        let pos = |col: usize| starts.get(col).map_or((line, 1), |&b| lines.line_col(b));
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
            Diagnostic::new(Rule::BadCsv, file, (1, 1), "this tracker is empty: it needs a header row")
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
                diags.push(Diagnostic::new(Rule::BadCsv, file, pos(col), format!("the column `{name}` appears twice")));
            }
            Some(i) => header.columns[i] = Some(col),
            // A near miss ("actaul") would silently drop a column of data; anything else
            // ("notes", "owner") is the user's own column and is left alone.
            None => {
                if let Some(close) = COLUMNS.iter().find(|c| strsim::damerau_levenshtein(&name, c) == 1) {
                    diags.push(
                        Diagnostic::new(
                            Rule::BadCsv,
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
                Diagnostic::new(Rule::BadCsv, file, (1, 1), format!("the header row has no `{required}` column"))
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
        diags.push(Diagnostic::new(Rule::BadCsv, file, pos(col), message).with_help(help.to_string()));
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
        match super::yaml::parse_number(v) {
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
        Some((col, v)) => match crate::util::parse_date(v) {
            Some(d) => Some(Cell { value: d, pos: pos(col) }),
            None => {
                bad(
                    col,
                    format!("`date` is `{v}`, which {}", crate::util::not_a_date(v)),
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

/// Byte offsets where each field of the record starting at byte `start` begins.
fn field_starts(text: &str, start: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let start = if start == 0 && text.starts_with('\u{feff}') { 3 } else { start };
    let mut starts = vec![start];
    let mut quoted = false;
    for (i, &b) in bytes.iter().enumerate().skip(start.min(bytes.len())) {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => starts.push(i + 1),
            b'\n' | b'\r' if !quoted => break,
            _ => {}
        }
    }
    starts
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
        assert_eq!(found, [(Rule::BadCsv, 2, 6), (Rule::BadCsv, 3, 7), (Rule::BadCsv, 4, 1)]);
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

    #[test]
    fn numbers_as_spreadsheets_write_them() {
        use crate::content::yaml::parse_number;
        assert_eq!(parse_number("96%"), Some(96.0));
        assert_eq!(parse_number(" 18.4 "), Some(18.4));
        assert_eq!(parse_number("-2"), Some(-2.0));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("1,200"), None);
    }
}
