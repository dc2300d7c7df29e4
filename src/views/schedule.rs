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

/// One team's recurring meeting: every `every_weeks` weeks on its weekday, `count` times
/// from `first`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub first: NaiveDate,
    pub weekday: Weekday,
    pub every_weeks: u32,
    pub count: u32,
    pub start: Option<NaiveTime>,
    pub minutes: Option<u32>,
}

impl Series {
    fn step(&self) -> i64 {
        7 * i64::from(self.every_weeks.max(1))
    }

    /// Every meeting day of the series, in order.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        (0..i64::from(self.count)).map_while(|k| self.first.checked_add_signed(Duration::days(k * self.step())))
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        let days = (date - self.first).num_days();
        days >= 0 && days % self.step() == 0 && days / self.step() < i64::from(self.count)
    }

    /// The first meeting day of the cadence after `day`, even past the series' end (for
    /// `new agenda`, which may plan a meeting the site's school year does not reach).
    pub fn next_after(&self, day: NaiveDate) -> NaiveDate {
        if day < self.first {
            return self.first;
        }
        let k = (day - self.first).num_days() / self.step() + 1;
        self.first.checked_add_signed(Duration::days(k * self.step())).unwrap_or(NaiveDate::MAX)
    }
}

/// The first `weekday` on or after `day`.
pub fn on_or_after(day: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - day.weekday().num_days_from_monday()) % 7;
    day.checked_add_signed(Duration::days(i64::from(ahead))).unwrap_or(day)
}

/// A team's recurring series over the school year, ending at its `until` date (a temporary
/// work group stops meeting then). None without `meets`, or when no meeting day is left.
pub fn series(site: &Site, team: &Team) -> Option<Series> {
    let meets: &Meets = team.meets.as_ref()?;
    let year = school_year(site);
    let first = on_or_after(year.start, meets.weekday);
    let end = team.until.map_or(year.end, |u| u.min(year.end));
    if first > end {
        return None;
    }
    let step = 7 * i64::from(meets.every_weeks.max(1));
    let count = u32::try_from((end - first).num_days() / step + 1).unwrap_or(u32::MAX);
    Some(Series {
        first,
        weekday: meets.weekday,
        every_weeks: meets.every_weeks.max(1),
        count,
        start: meets.start,
        minutes: meets.minutes,
    })
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

/// The next meeting day of the team's cadence strictly after `day` (the default date of
/// `new agenda`). The cadence keeps its rhythm past the school year's end and a work group's
/// `until`; without quarters it starts on the first such weekday after `day`. None without
/// `meets`.
pub fn next_meeting_day(site: &Site, team: &Team, day: NaiveDate) -> Option<NaiveDate> {
    let meets = team.meets.as_ref()?;
    if site.config.quarters.is_empty() {
        return day.succ_opt().map(|d| on_or_after(d, meets.weekday));
    }
    let cadence = Series {
        first: on_or_after(school_year(site).start, meets.weekday),
        weekday: meets.weekday,
        every_weeks: meets.every_weeks.max(1),
        count: u32::MAX,
        start: meets.start,
        minutes: meets.minutes,
    };
    Some(cadence.next_after(day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::config::parse_date(s).unwrap()
    }

    fn every(weeks: u32, first: &str, count: u32) -> Series {
        Series { first: d(first), weekday: Weekday::Tue, every_weeks: weeks, count, start: None, minutes: None }
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
        assert_eq!(s.next_after(d("2026-08-01")), d("2026-08-18"));
        assert_eq!(s.next_after(d("2026-08-18")), d("2026-09-01"), "strictly after");
        assert_eq!(s.next_after(d("2026-08-20")), d("2026-09-01"));
        assert_eq!(s.next_after(d("2027-07-01")), d("2027-07-06"), "keeps the two-week rhythm");
        assert_eq!(s.next_after(d("2027-07-06")), d("2027-07-20"));
    }
}
