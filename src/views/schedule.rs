//! When teams meet: the recurring series a team's `meets` gives over the school year, and
//! the meetings its agendas add or stand for. The calendar page, the .ics files, team pages
//! and `clockwork new agenda` all read meetings from here.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

use crate::model::{Agenda, Meets, PageData, Relations, Site, Team};

/// A stretch of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The days recurring meetings run over: the first quarter's start to the last quarter's
/// end. A plan without quarters has no school year in site.yaml, so it spans from its
/// earliest to its latest date (agendas, due dates and the as-of date).
pub fn school_year(site: &Site) -> Span {
    if let (Some(first), Some(last)) = (site.config.quarters.first(), site.config.quarters.last()) {
        return Span { start: first.start, end: last.end };
    }
    let as_of = site.scope.as_of;
    let mut span = Span { start: as_of, end: as_of };
    for date in plan_dates(site) {
        span.start = span.start.min(date);
        span.end = span.end.max(date);
    }
    span
}

/// Every date the plan names: agenda dates and the due dates of action steps and items.
fn plan_dates(site: &Site) -> impl Iterator<Item = NaiveDate> + '_ {
    site.pages.iter().flat_map(|p| -> Vec<NaiveDate> {
        match &p.data {
            PageData::Agenda(a) => a.date.into_iter().chain(a.action_items.iter().filter_map(|x| x.due)).collect(),
            PageData::Strategy(s) => s.action_steps.iter().filter_map(|x| x.due).collect(),
            _ => Vec::new(),
        }
    })
}

/// How a team's regular meetings recur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rhythm {
    /// Every `every_weeks` weeks on a weekday.
    Weekly { weekday: Weekday, every_weeks: u32 },
    /// Every month on its nth such weekday (-1: the last).
    Monthly { weekday: Weekday, nth: i32 },
    /// On the dates `meets.dates` lists.
    Dates,
}

/// One team's regular meetings over the school year: their rhythm and every meeting day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub rhythm: Rhythm,
    /// Every meeting day, in order (never empty).
    pub days: Vec<NaiveDate>,
    pub start: Option<NaiveTime>,
    pub minutes: Option<u32>,
}

impl Series {
    pub fn first(&self) -> NaiveDate {
        self.days[0]
    }

    /// Every meeting day of the series, in order.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.days.iter().copied()
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.days.binary_search(&date).is_ok()
    }

    /// The series as an iCalendar RRULE, or `None` for meetings on listed dates (RDATE).
    pub fn rrule(&self) -> Option<String> {
        let count = self.days.len();
        match self.rhythm {
            Rhythm::Weekly { weekday, every_weeks } => {
                let interval = if every_weeks > 1 { format!(";INTERVAL={every_weeks}") } else { String::new() };
                Some(format!("FREQ=WEEKLY{interval};BYDAY={};COUNT={count}", byday(weekday)))
            }
            Rhythm::Monthly { weekday, nth } => {
                Some(format!("FREQ=MONTHLY;BYDAY={nth}{};COUNT={count}", byday(weekday)))
            }
            Rhythm::Dates => None,
        }
    }

    /// The first meeting day of the rhythm after `day`, even past the series' end (for
    /// `new agenda`, which may plan a meeting the site's school year does not reach).
    pub fn next_after(&self, day: NaiveDate) -> Option<NaiveDate> {
        match self.rhythm {
            Rhythm::Weekly { every_weeks, .. } => {
                let first = self.first();
                if day < first {
                    return Some(first);
                }
                let step = 7 * i64::from(every_weeks.max(1));
                let k = (day - first).num_days() / step + 1;
                first.checked_add_signed(Duration::days(k * step))
            }
            Rhythm::Monthly { weekday, nth } => {
                let mut month = day.with_day(1)?;
                for _ in 0..24 {
                    if let Some(d) = nth_weekday(month.year(), month.month(), weekday, nth).filter(|d| *d > day) {
                        return Some(d);
                    }
                    month = month.checked_add_months(chrono::Months::new(1))?;
                }
                None
            }
            Rhythm::Dates => self.days.iter().copied().find(|d| *d > day),
        }
    }
}

/// The iCalendar name of a weekday.
pub fn byday(w: Weekday) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][w.num_days_from_monday() as usize]
}

/// The first `weekday` on or after `day`.
pub fn on_or_after(day: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - day.weekday().num_days_from_monday()) % 7;
    day.checked_add_signed(Duration::days(i64::from(ahead))).unwrap_or(day)
}

/// The `nth` `weekday` of a month (1 to 5; -1 the last); None when the month has no such day.
pub fn nth_weekday(year: i32, month: u32, weekday: Weekday, nth: i32) -> Option<NaiveDate> {
    if nth < 0 {
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        }?;
        let last = next.pred_opt()?;
        let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
        return last.checked_sub_signed(Duration::days(i64::from(back)));
    }
    let first = on_or_after(NaiveDate::from_ymd_opt(year, month, 1)?, weekday);
    let day = first.checked_add_signed(Duration::weeks(i64::from(nth - 1)))?;
    (day.month() == month).then_some(day)
}

/// The rhythm a team's `meets` gives.
fn rhythm(meets: &Meets) -> Option<Rhythm> {
    if !meets.dates.is_empty() {
        return Some(Rhythm::Dates);
    }
    let weekday = meets.weekday?;
    Some(match meets.nth {
        Some(nth) => Rhythm::Monthly { weekday, nth },
        None => Rhythm::Weekly { weekday, every_weeks: meets.every_weeks.max(1) },
    })
}

/// The meeting days of `rhythm` from `from` to `end`.
fn days(rhythm: Rhythm, meets: &Meets, from: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    match rhythm {
        Rhythm::Weekly { weekday, every_weeks } => {
            let step = Duration::days(7 * i64::from(every_weeks));
            std::iter::successors(Some(on_or_after(from, weekday)), |d| d.checked_add_signed(step))
                .take_while(|d| *d <= end)
                .collect()
        }
        Rhythm::Monthly { weekday, nth } => {
            let mut out = Vec::new();
            let mut month = from.with_day(1);
            while let Some(m) = month.filter(|m| *m <= end) {
                out.extend(nth_weekday(m.year(), m.month(), weekday, nth).filter(|d| *d >= from && *d <= end));
                month = m.checked_add_months(chrono::Months::new(1));
            }
            out
        }
        Rhythm::Dates => {
            let mut dates: Vec<NaiveDate> = meets.dates.iter().copied().filter(|d| *d <= end).collect();
            dates.sort();
            dates.dedup();
            dates
        }
    }
}

/// A team's regular meetings over the school year, ending at its `until` date (a temporary
/// work group stops meeting then). None without `meets`, or when no meeting day is left.
pub fn series(site: &Site, team: &Team) -> Option<Series> {
    let meets: &Meets = team.meets.as_ref()?;
    let rhythm = rhythm(meets)?;
    let year = school_year(site);
    let end = team.until.map_or(year.end, |u| u.min(year.end));
    let days = days(rhythm, meets, year.start, end);
    if days.is_empty() {
        return None;
    }
    Some(Series { rhythm, days, start: meets.start, minutes: meets.minutes })
}

/// One meeting of a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub date: NaiveDate,
    pub start: Option<NaiveTime>,
    pub minutes: Option<u32>,
    /// The agenda written for it (page index).
    pub agenda: Option<usize>,
    /// Whether it is a day of the recurring series (an agenda then stands for that day's
    /// meeting); false for an extra meeting an agenda adds.
    pub recurring: bool,
}

/// A team's series and all its meetings, in date order: the series' days (each taken by the
/// first agenda dated that day, if any) and one more for every other agenda.
pub fn meetings(site: &Site, rel: &Relations, team_id: &str, team: &Team) -> (Option<Series>, Vec<Meeting>) {
    let series = series(site, team);
    let agendas: Vec<(usize, &Agenda, NaiveDate)> = rel
        .team_agendas
        .get(team_id)
        .into_iter()
        .flatten()
        .filter_map(|&i| match &site.pages[i].data {
            PageData::Agenda(a) => Some((i, a, a.date?)),
            _ => None,
        })
        .collect();
    let mut taken = vec![false; agendas.len()];
    let mut out = Vec::new();
    for date in series.iter().flat_map(|s| s.dates()) {
        let found = agendas.iter().position(|(_, _, d)| *d == date);
        let meeting = match found {
            Some(k) => {
                taken[k] = true;
                agenda_meeting(agendas[k].0, agendas[k].1, date, true)
            }
            None => Meeting {
                date,
                start: series.as_ref().and_then(|s| s.start),
                minutes: series.as_ref().and_then(|s| s.minutes),
                agenda: None,
                recurring: true,
            },
        };
        out.push(meeting);
    }
    for (k, (i, a, date)) in agendas.iter().enumerate() {
        if !taken[k] {
            out.push(agenda_meeting(*i, a, *date, false));
        }
    }
    out.sort_by_key(|m| (m.date, m.start, m.agenda));
    (series, out)
}

fn agenda_meeting(index: usize, a: &Agenda, date: NaiveDate, recurring: bool) -> Meeting {
    Meeting { date, start: a.start, minutes: a.minutes, agenda: Some(index), recurring }
}

/// The team's next meeting on or after `day`, within its series and agendas.
pub fn next_meeting(site: &Site, rel: &Relations, team_id: &str, team: &Team, day: NaiveDate) -> Option<Meeting> {
    meetings(site, rel, team_id, team).1.into_iter().find(|m| m.date >= day)
}

/// The next meeting day of the team's rhythm strictly after `day` (the default date of
/// `new agenda`). The rhythm keeps going past the school year's end and a work group's
/// `until`; without quarters it starts after `day`. None without `meets`.
pub fn next_meeting_day(site: &Site, team: &Team, day: NaiveDate) -> Option<NaiveDate> {
    let meets = team.meets.as_ref()?;
    let rhythm = rhythm(meets)?;
    let from = if site.config.quarters.is_empty() { day } else { school_year(site).start.min(day) };
    let days = days(rhythm, meets, from, day.checked_add_signed(Duration::days(400))?);
    let cadence =
        Series { rhythm, days: if days.is_empty() { meets.dates.clone() } else { days }, start: None, minutes: None };
    if cadence.days.is_empty() {
        return None;
    }
    cadence.next_after(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::config::parse_date(s).unwrap()
    }

    fn every(weeks: u32, first: &str, count: u32) -> Series {
        let rhythm = Rhythm::Weekly { weekday: Weekday::Tue, every_weeks: weeks };
        let meets = Meets {
            weekday: Some(Weekday::Tue),
            start: None,
            minutes: None,
            every_weeks: weeks,
            nth: None,
            dates: vec![],
        };
        let days = days(rhythm, &meets, d(first), d(first) + Duration::weeks(i64::from(weeks * (count - 1))));
        Series { rhythm, days, start: None, minutes: None }
    }

    #[test]
    fn finds_the_first_weekday_on_or_after_a_day() {
        // 2026-08-17 is a Monday.
        assert_eq!(on_or_after(d("2026-08-17"), Weekday::Mon), d("2026-08-17"));
        assert_eq!(on_or_after(d("2026-08-17"), Weekday::Tue), d("2026-08-18"));
        assert_eq!(on_or_after(d("2026-08-17"), Weekday::Sun), d("2026-08-23"));
    }

    #[test]
    fn a_series_steps_by_its_weeks() {
        let s = every(2, "2026-08-18", 3);
        let dates: Vec<_> = s.dates().collect();
        assert_eq!(dates, [d("2026-08-18"), d("2026-09-01"), d("2026-09-15")]);
        assert!(s.contains(d("2026-09-01")));
        assert!(!s.contains(d("2026-08-25")));
        assert!(!s.contains(d("2026-09-29")), "past the last meeting");
        assert!(!s.contains(d("2026-08-04")), "before the first");
    }

    #[test]
    fn the_cadence_goes_on_after_the_series() {
        let s = every(2, "2026-08-18", 3);
        assert_eq!(s.next_after(d("2026-08-01")), Some(d("2026-08-18")));
        assert_eq!(s.next_after(d("2026-08-18")), Some(d("2026-09-01")), "strictly after");
        assert_eq!(s.next_after(d("2026-08-20")), Some(d("2026-09-01")));
        assert_eq!(s.next_after(d("2027-07-01")), Some(d("2027-07-06")), "keeps the two-week rhythm");
        assert_eq!(s.next_after(d("2027-07-06")), Some(d("2027-07-20")));
    }

    #[test]
    fn monthly_on_the_nth_weekday() {
        assert_eq!(nth_weekday(2026, 9, Weekday::Tue, 2), Some(d("2026-09-08")));
        assert_eq!(nth_weekday(2026, 9, Weekday::Tue, -1), Some(d("2026-09-29")));
        assert_eq!(nth_weekday(2026, 9, Weekday::Tue, 5), Some(d("2026-09-29")));
        assert_eq!(nth_weekday(2026, 10, Weekday::Tue, 5), None, "October 2026 has four Tuesdays");
        let meets = Meets {
            weekday: Some(Weekday::Tue),
            start: None,
            minutes: None,
            every_weeks: 1,
            nth: Some(2),
            dates: vec![],
        };
        let rhythm = Rhythm::Monthly { weekday: Weekday::Tue, nth: 2 };
        let found = days(rhythm, &meets, d("2026-08-17"), d("2026-12-31"));
        assert_eq!(found, [d("2026-09-08"), d("2026-10-13"), d("2026-11-10"), d("2026-12-08")]);
        let series = Series { rhythm, days: found, start: None, minutes: None };
        assert_eq!(series.rrule().as_deref(), Some("FREQ=MONTHLY;BYDAY=2TU;COUNT=4"));
        assert_eq!(series.next_after(d("2026-12-08")), Some(d("2027-01-12")));
    }
}
