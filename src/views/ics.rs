//! An RFC 5545 (iCalendar) writer: content lines ending in CRLF, folded at 75 octets on
//! character boundaries, TEXT values escaped, and the VTIMEZONE a TZID needs. Written here
//! rather than with a crate because the output must be byte-for-byte reproducible (no clock
//! DTSTAMP, no random UID, a fixed order of parameters), which the crates do not promise.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

const LIMIT: usize = 75;

/// One iCalendar object being written.
#[derive(Debug, Default)]
pub struct Ics {
    out: String,
}

/// A DTSTART/DTEND value: a whole day, or a local time (floating, or in the calendar's zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day(NaiveDate),
    At(NaiveDateTime),
}

impl Ics {
    pub fn new() -> Self {
        Ics::default()
    }

    pub fn begin(&mut self, component: &str) {
        self.line(&format!("BEGIN:{component}"));
    }

    pub fn end(&mut self, component: &str) {
        self.line(&format!("END:{component}"));
    }

    /// A property whose value is written as given (dates, numbers, RRULEs, URIs).
    pub fn raw(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{value}"));
    }

    /// A TEXT property, escaped.
    pub fn text(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{}", escape_text(value)));
    }

    /// A date or date-time property; `tz` adds `TZID` to a date-time (else it is floating).
    pub fn when(&mut self, name: &str, when: When, tz: Option<&str>) {
        match (when, tz) {
            (When::Day(d), _) => self.line(&format!("{name};VALUE=DATE:{}", date(d))),
            (When::At(t), Some(zone)) => self.line(&format!("{name};TZID={}:{}", param(zone), date_time(t))),
            (When::At(t), None) => self.line(&format!("{name}:{}", date_time(t))),
        }
    }

    fn line(&mut self, line: &str) {
        fold_into(&mut self.out, line);
    }

    pub fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

/// Appends a content line folded at 75 octets (a continuation line starts with a space,
/// which counts), never inside a UTF-8 character nor between a backslash and the character
/// it escapes (allowed, but it trips up lenient readers), and its CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let escaped = if c == '\\' { chars.next_if(|_| true) } else { None };
        let size = c.len_utf8() + escaped.map_or(0, char::len_utf8);
        if width + size > LIMIT {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        out.extend(escaped);
        width += size;
    }
    out.push_str("\r\n");
}

/// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines; other control
/// characters are not allowed in TEXT and are dropped.
pub fn escape_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value, quoted when it holds a character that would end it.
fn param(value: &str) -> String {
    let clean: String = value.chars().filter(|c| !c.is_control() && *c != '"').collect();
    if clean.contains([':', ';', ',']) { format!("\"{clean}\"") } else { clean }
}

pub fn date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

pub fn date_time(t: NaiveDateTime) -> String {
    format!("{}T{:02}{:02}{:02}", date(t.date()), t.hour(), t.minute(), t.second())
}

/// A UTC timestamp at the start of a day (DTSTAMP comes from the as-of date, not the clock).
pub fn utc_stamp(d: NaiveDate) -> String {
    format!("{}T000000Z", date(d))
}

/// "-0600", "+0530", "+013045".
fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 { format!("{sign}{h:02}{m:02}") } else { format!("{sign}{h:02}{m:02}{sec:02}") }
}

/// The zone's offset in effect at a UTC instant: (total seconds, whether it is summer time,
/// abbreviation).
fn offset_at(tz: Tz, utc: NaiveDateTime) -> (i32, bool, String) {
    let o = tz.offset_from_utc_datetime(&utc);
    let total = o.fix().local_minus_utc();
    (total, !o.dst_offset().is_zero(), o.abbreviation().unwrap_or("").to_string())
}

/// The moments the zone changes its offset between two days, as (UTC instant, offset
/// before); found day by day, then to the second by bisection.
fn transitions(tz: Tz, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDateTime, i32)> {
    let mut out = Vec::new();
    let mut day = from.and_hms_opt(0, 0, 0).unwrap_or_default();
    let end = to.and_hms_opt(0, 0, 0).unwrap_or_default();
    let mut current = offset_at(tz, day).0;
    while day < end {
        let next = day + Duration::days(1);
        let after = offset_at(tz, next).0;
        if after != current {
            let (mut lo, mut hi) = (day, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_at(tz, mid).0 == current { lo = mid } else { hi = mid }
            }
            out.push((hi, current));
            current = after;
        }
        day = next;
    }
    out
}

/// The VTIMEZONE a TZID needs (RFC 5545 3.6.5), written as Outlook and Google write theirs:
/// one STANDARD and one DAYLIGHT observance, each with a yearly RRULE ("the first Sunday of
/// November at 02:00"), starting a year before `from` so that every date of the calendar
/// falls after an onset of each. Clients that mishandle one-time observances then still keep
/// a recurring meeting at its clock time across a change. A zone whose rule changed within the
/// span is written with one-time observances instead; a zone without changes, as one STANDARD.
pub fn vtimezone(ics: &mut Ics, tz: Tz, from: NaiveDate, to: NaiveDate) {
    ics.begin("VTIMEZONE");
    ics.text("TZID", tz.name());
    let earliest = from - Duration::days(366);
    let changes: Vec<Change> = transitions(tz, earliest, to)
        .into_iter()
        .map(|(at, before)| {
            let (after, dst, name) = offset_at(tz, at);
            Change { local: at + Duration::seconds(i64::from(before)), before, after, dst, name }
        })
        .collect();
    match yearly(&changes) {
        Some(rules) if !changes.is_empty() => {
            for (first, rrule) in rules {
                observance(ics, first, Some(&rrule));
            }
        }
        _ => {
            let begin = from.and_hms_opt(0, 0, 0).unwrap_or_default();
            let (offset, dst, name) = offset_at(tz, begin);
            let start = Change {
                local: begin + Duration::seconds(i64::from(offset)),
                before: offset,
                after: offset,
                dst,
                name,
            };
            observance(ics, &start, None);
            for change in changes.iter().filter(|c| c.local.date() >= from) {
                observance(ics, change, None);
            }
        }
    }
    ics.end("VTIMEZONE");
}

/// One change of a zone's offset, at the local time just before it.
#[derive(Debug, Clone)]
struct Change {
    local: NaiveDateTime,
    before: i32,
    after: i32,
    dst: bool,
    name: String,
}

/// The changes as one yearly rule per kind (summer time, standard time): each rule's first
/// change and its RRULE; `None` when some year does not follow the rule of the others.
fn yearly(changes: &[Change]) -> Option<Vec<(&Change, String)>> {
    let mut rules = Vec::new();
    for dst in [false, true] {
        let of_kind: Vec<&Change> = changes.iter().filter(|c| c.dst == dst).collect();
        let Some(first) = of_kind.first() else { continue };
        let same = |c: &&Change| {
            c.before == first.before
                && c.after == first.after
                && c.local.time() == first.local.time()
                && c.local.month() == first.local.month()
                && c.local.weekday() == first.local.weekday()
        };
        if !of_kind.iter().all(same) {
            return None;
        }
        // The nth such weekday of the month, or the last: whichever every year agrees on.
        let nth = |d: NaiveDate| (d.day() as i32 - 1) / 7 + 1;
        let last = |d: NaiveDate| d + Duration::days(7) > last_day_of_month(d);
        // "The last Sunday" first: it is how zones state their rules (and a fourth Sunday in
        // two years running may be a fifth in the next).
        let n = if of_kind.iter().all(|c| last(c.local.date())) {
            -1
        } else if of_kind.iter().all(|c| nth(c.local.date()) == nth(first.local.date())) {
            nth(first.local.date())
        } else {
            return None;
        };
        let day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][first.local.weekday().num_days_from_monday() as usize];
        rules.push((*first, format!("FREQ=YEARLY;BYMONTH={};BYDAY={n}{day}", first.local.month())));
    }
    Some(rules)
}

fn last_day_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).map_or(d, |first| first - Duration::days(1))
}

fn observance(ics: &mut Ics, change: &Change, rrule: Option<&str>) {
    let kind = if change.dst { "DAYLIGHT" } else { "STANDARD" };
    ics.begin(kind);
    ics.raw("DTSTART", &date_time(change.local));
    if let Some(rule) = rrule {
        ics.raw("RRULE", rule);
    }
    ics.raw("TZOFFSETFROM", &offset(change.before));
    ics.raw("TZOFFSETTO", &offset(change.after));
    if !change.name.is_empty() {
        ics.text("TZNAME", &change.name);
    }
    ics.end(kind);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text() {
        assert_eq!(escape_text("a, b; c\\d\nnext\r\nline\u{7}"), "a\\, b\\; c\\\\d\\nnext\\nline");
    }

    #[test]
    fn folds_at_75_octets_on_character_boundaries() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}{}", "é".repeat(60), "\\n".repeat(40));
        fold_into(&mut out, &long);
        assert!(out.ends_with("\r\n"));
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.len() > 1);
        for (i, l) in lines.iter().enumerate() {
            assert!(l.len() <= LIMIT, "line {i} has {} octets", l.len());
            if i > 0 {
                assert!(l.starts_with(' '));
            }
        }
        let unfolded: String = lines.iter().enumerate().map(|(i, l)| if i == 0 { *l } else { &l[1..] }).collect();
        assert_eq!(unfolded, long);
        assert!(!out.contains("\\\r\n"), "an escape is never split");
    }

    #[test]
    fn formats_offsets() {
        assert_eq!(offset(-6 * 3600), "-0600");
        assert_eq!(offset(5 * 3600 + 1800), "+0530");
        assert_eq!(offset(0), "+0000");
        assert_eq!(offset(3600 + 1845), "+013045");
    }

    #[test]
    fn finds_the_daylight_saving_changes() {
        let d = |s| crate::config::parse_date(s).unwrap();
        let tz: Tz = "America/Denver".parse().unwrap();
        let found = transitions(tz, d("2026-08-01"), d("2027-07-01"));
        let at: Vec<String> = found.iter().map(|(t, _)| date_time(*t)).collect();
        // 2 am local: 08:00 UTC in November (MDT, -6), 09:00 UTC in March (MST, -7).
        assert_eq!(at, ["20261101T080000", "20270314T090000"]);
    }

    fn zone(name: &str) -> String {
        let d = |s| crate::config::parse_date(s).unwrap();
        let mut ics = Ics::new();
        vtimezone(&mut ics, name.parse().unwrap(), d("2026-08-01"), d("2027-07-01"));
        String::from_utf8(ics.finish()).unwrap()
    }

    #[test]
    fn zones_are_written_with_yearly_rules() {
        // US: the first Sunday of November and the second of March, from a year before.
        let denver = zone("America/Denver");
        assert!(
            denver.contains("BEGIN:STANDARD\r\nDTSTART:20251102T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0700\r\nTZNAME:MST\r\n"),
            "{denver}"
        );
        assert!(
            denver.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"),
            "{denver}"
        );
        // The EU: the last Sunday of October and of March.
        let berlin = zone("Europe/Berlin");
        assert!(berlin.contains("BYMONTH=10;BYDAY=-1SU"), "{berlin}");
        assert!(berlin.contains("BYMONTH=3;BYDAY=-1SU"), "{berlin}");
        // No summer time: one STANDARD from the start.
        let phoenix = zone("America/Phoenix");
        assert_eq!(phoenix.matches("BEGIN:STANDARD").count(), 1, "{phoenix}");
        assert!(!phoenix.contains("DAYLIGHT") && !phoenix.contains("RRULE"), "{phoenix}");
    }
}
