//! The calendar page: every week of the school year with its meetings, due dates and quarter
//! boundaries, and the calendar feeds to subscribe to.

use serde::Serialize;

use crate::model::*;
use crate::present::{Ctx, Ref, StatusView};
use crate::views::agenda::add_minutes;
use crate::views::calendar::{Entry, WEEKLY_MEETINGS_MAX_TEAMS, entries, has_meetings, ics_path, quarter_title};
use crate::views::schedule;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

#[derive(Debug, Serialize)]
pub struct CalendarView {
    /// "August 17, 2026 – June 11, 2027".
    pub span: String,
    /// The weeks from the as-of week on (all of them when the calendar has no such week).
    pub weeks: Vec<WeekView>,
    /// The weeks before the as-of week, folded away, and what they held in a line.
    pub past: Vec<WeekView>,
    pub past_summary: Option<String>,
    pub months: Vec<MonthView>,
    /// The anchor of the as-of date's week, when the calendar shows it.
    pub this_week: Option<String>,
    /// Link to `calendar.ics`.
    pub ics: String,
    pub teams: Vec<TeamFeed>,
    pub meetings: usize,
    pub due: usize,
    /// On a site with many meeting teams, each team's rhythm once (its regular meetings are
    /// then left out of the weeks, which keep agendas, due dates and quarters); else empty.
    pub standing: Vec<TeamFeed>,
}

#[derive(Debug, Serialize)]
pub struct TeamFeed {
    pub team: Ref,
    pub ics: String,
    /// "Every week on Tuesday, 15:30–16:30 (60 minutes)", when the team has a `meets`.
    pub when: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct WeekView {
    /// HTML anchor: "week-2026-08-17".
    pub id: String,
    /// "Week of August 17".
    pub label: String,
    #[serde(skip)]
    pub monday: NaiveDate,
    pub quarter: Option<String>,
    pub current: bool,
    pub days: Vec<DayView>,
}

#[derive(Debug, Serialize)]
pub struct DayView {
    /// "Tue, Sep 15".
    pub label: String,
    /// "2026-09-15".
    pub iso: String,
    pub events: Vec<EventView>,
}

#[derive(Debug, Serialize)]
pub struct EventView {
    /// meeting | step | item | quarter.
    pub kind: &'static str,
    pub time: Option<String>,
    pub title: Ref,
    /// For a meeting: its agenda; for an action item: the agenda that created it; for an
    /// action step: its strategy.
    pub context: Option<Ref>,
    pub owners: Vec<Ref>,
    /// done | overdue | open (due dates); extra (a meeting outside the team's rhythm).
    pub status: Option<StatusView>,
}

/// The calendar page: every week of the school year (and any week outside it that has
/// something on it), each day with its meetings, due dates and quarter boundaries; the weeks
/// before the as-of week folded away, so that the page opens on this week; and a month grid.
pub fn page(cx: &Ctx) -> CalendarView {
    let site = cx.site;
    let all = entries(site, cx.rel);
    let teams: Vec<TeamFeed> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| has_meetings(site, cx.rel, p))
        .map(|(i, p)| TeamFeed {
            team: cx.page(i),
            ics: cx.href(&ics_path(p)),
            when: match &p.data {
                PageData::Team(t) => {
                    t.meets.as_ref().map(|m| crate::present::meets_text(cx.words(), m, cx.site.config.clock()))
                }
                _ => None,
            },
        })
        .collect();
    let compact = teams.len() > WEEKLY_MEETINGS_MAX_TEAMS;
    let listed: Vec<&Entry> = all
        .iter()
        .filter(|e| !(compact && matches!(e, Entry::Meeting { meeting, .. } if meeting.agenda.is_none())))
        .collect();
    let year = schedule::school_year(site);
    let mut weeks = weeks(cx, &listed, &year);
    // Weeks before this one fold away (when this week is on the calendar at all).
    let current = weeks.iter().position(|w| w.current).unwrap_or(0);
    let past: Vec<WeekView> = weeks.drain(..current).collect();
    let (teams, standing) = if compact { (Vec::new(), teams) } else { (teams, Vec::new()) };
    CalendarView {
        span: cx.words().fill(
            "date.range",
            &[("from", &cx.words().long_date(year.start)), ("to", &cx.words().long_date(year.end))],
        ),
        this_week: weeks.iter().find(|w| w.current).map(|w| w.id.clone()),
        past_summary: past_summary(cx.words(), &past),
        past,
        weeks,
        months: months(cx, &all, &year),
        ics: cx.href("calendar.ics"),
        teams,
        meetings: all.iter().filter(|e| matches!(e, Entry::Meeting { .. })).count(),
        due: all.iter().filter(|e| matches!(e, Entry::Step { .. } | Entry::Item { .. })).count(),
        standing,
    }
}

/// Every week from the year's first to its last (or to the first and last entry, when they
/// lie outside it), with its days that have something on them.
fn weeks(cx: &Ctx, listed: &[&Entry], year: &schedule::Span) -> Vec<WeekView> {
    let site = cx.site;
    let as_of = site.scope.as_of;
    let mut weeks: Vec<WeekView> = Vec::new();
    let mut monday = week_start(year.start.min(listed.first().map_or(year.start, |e| e.date())));
    let last = year.end.max(listed.last().map_or(year.end, |e| e.date()));
    let mut next = 0;
    while monday <= last {
        let sunday = monday + Duration::days(6);
        let mut days: Vec<DayView> = Vec::new();
        while next < listed.len() && listed[next].date() <= sunday {
            let entry = listed[next];
            next += 1;
            let iso = entry.date().to_string();
            if days.last().is_none_or(|d| d.iso != iso) {
                days.push(DayView { label: cx.words().day_short(entry.date()), iso, events: Vec::new() });
            }
            if let Some(day) = days.last_mut() {
                day.events.push(event_view(cx, entry));
            }
        }
        let in_year = sunday >= year.start && monday <= year.end;
        if in_year || !days.is_empty() {
            weeks.push(WeekView {
                id: week_id(monday),
                label: cx.words().fill("calendar.week_of", &[("date", &cx.words().long_date(monday))]),
                monday,
                quarter: (0..7)
                    .filter_map(|k| site.config.quarter_of(monday + Duration::days(k)))
                    .map(|q| q.name.clone())
                    .next(),
                current: monday <= as_of && as_of <= sunday,
                days,
            });
        }
        monday = match monday.checked_add_signed(Duration::days(7)) {
            Some(m) => m,
            None => break,
        };
    }
    weeks
}

fn week_id(monday: NaiveDate) -> String {
    format!("week-{monday}")
}

/// "13 earlier weeks, from the week of August 17: 61 meetings and 14 due dates".
fn past_summary(w: &crate::i18n::Words, past: &[WeekView]) -> Option<String> {
    let first = past.first()?;
    let events = past.iter().flat_map(|wk| &wk.days).flat_map(|d| &d.events);
    let meetings = events.clone().filter(|e| e.kind == "meeting").count();
    let due = events.filter(|e| e.kind == "step" || e.kind == "item").count();
    Some(w.fill(
        "calendar.past",
        &[
            ("weeks", &w.count("count.earlier_week", past.len())),
            ("date", &w.long_date(first.monday)),
            ("meetings", &w.count("count.meeting", meetings)),
            ("due", &w.count("count.due_date", due)),
        ],
    ))
}

/// One month of the grid, Monday first.
#[derive(Debug, Serialize)]
pub struct MonthView {
    pub id: String,
    /// "November 2026".
    pub label: String,
    /// The as-of date's month: shown open.
    pub current: bool,
    pub weeks: Vec<Vec<Option<DayCell>>>,
}

#[derive(Debug, Serialize)]
pub struct DayCell {
    pub day: u32,
    /// What follows the day number for screen readers on a busy day: "November: 2 meetings,
    /// 1 due date" (read "17 November: …").
    pub label: String,
    pub meetings: usize,
    pub due: usize,
    /// The day's week in the list below, when something is on it.
    pub href: Option<String>,
    pub today: bool,
}

/// A month grid for every month of the school year: each day with how many meetings and
/// due dates it has, linked to its week.
fn months(cx: &Ctx, all: &[Entry], year: &schedule::Span) -> Vec<MonthView> {
    let as_of = cx.site.scope.as_of;
    let mut counts: std::collections::BTreeMap<NaiveDate, (usize, usize)> = std::collections::BTreeMap::new();
    for e in all {
        let c = counts.entry(e.date()).or_default();
        match e {
            Entry::Meeting { .. } => c.0 += 1,
            Entry::Step { .. } | Entry::Item { .. } => c.1 += 1,
            Entry::Quarter { .. } => {}
        }
    }
    let mut out = Vec::new();
    let mut first = NaiveDate::from_ymd_opt(year.start.year(), year.start.month(), 1).unwrap_or(year.start);
    while first <= year.end && out.len() < 24 {
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(year.end + Duration::days(1));
        let mut weeks: Vec<Vec<Option<DayCell>>> = Vec::new();
        let mut day = week_start(first);
        while day < next {
            let week: Vec<Option<DayCell>> = (0..7)
                .map(|k| day + Duration::days(k))
                .map(|d| (d.month() == first.month()).then(|| day_cell(cx.words(), d, counts.get(&d).copied(), as_of)))
                .collect();
            weeks.push(week);
            day += Duration::days(7);
        }
        out.push(MonthView {
            id: format!("month-{}", first.format("%Y-%m")),
            label: cx.words().month_year(first),
            current: as_of.year() == first.year() && as_of.month() == first.month(),
            weeks,
        });
        first = next;
    }
    out
}

fn day_cell(w: &crate::i18n::Words, d: NaiveDate, count: Option<(usize, usize)>, as_of: NaiveDate) -> DayCell {
    let (meetings, due) = count.unwrap_or((0, 0));
    let parts: Vec<String> = [(meetings, "count.meeting"), (due, "count.due_date")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, key)| w.count(key, n))
        .collect();
    let label = w.fill("calendar.day_rest", &[("month", w.month(d)), ("what", &parts.join(w.text("list.comma")))]);
    let busy = meetings + due > 0;
    DayCell {
        day: d.day(),
        label,
        meetings,
        due,
        href: busy.then(|| format!("#{}", week_id(week_start(d)))),
        today: d == as_of,
    }
}

fn week_start(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

fn event_view(cx: &Ctx, entry: &Entry) -> EventView {
    let as_of = cx.site.scope.as_of;
    let due_status = |done: bool, due: Option<NaiveDate>| {
        Some(cx.plain(if done {
            "done"
        } else if due.is_some_and(|d| d < as_of) {
            "overdue"
        } else {
            "open"
        }))
    };
    match entry {
        Entry::Meeting { team, meeting } => EventView {
            kind: "meeting",
            time: meeting.start.map(|s| hours(cx.words(), s, meeting.minutes, cx.site.config.clock())),
            title: cx.short(*team, 40),
            context: meeting
                .agenda
                .map(|a| Ref { text: cx.words().text("calendar.agenda").into(), href: cx.page(a).href }),
            owners: Vec::new(),
            status: (!meeting.recurring).then(|| cx.plain("extra")),
        },
        Entry::Step { strategy, step } => {
            let id = &cx.site.pages[*strategy].id;
            EventView {
                kind: "step",
                time: None,
                title: cx.entry(id, &step.id, step.action.clone()),
                context: Some(cx.short(*strategy, 60)),
                owners: cx.owners(&step.owners),
                status: due_status(step.status == Status::Done, step.due),
            }
        }
        Entry::Item { agenda, item } => EventView {
            kind: "item",
            time: None,
            title: Ref { text: item.task.clone(), href: None },
            context: Some(cx.page(*agenda)),
            owners: item.owner.iter().map(|o| cx.owner(o)).collect(),
            status: due_status(item.done, item.due),
        },
        Entry::Quarter { quarter, begins } => EventView {
            kind: "quarter",
            time: None,
            title: Ref { text: quarter_title(cx.words(), quarter, *begins), href: None },
            context: None,
            owners: Vec::new(),
            status: None,
        },
    }
}

/// "15:30–16:30", or "15:30" without a length.
fn hours(w: &crate::i18n::Words, start: NaiveTime, minutes: Option<u32>, clock: crate::config::Clock) -> String {
    match minutes {
        Some(m) => w.time_range(start, add_minutes(start, m), clock),
        None => w.time(start, clock),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        let d = |s| crate::config::parse_date(s).unwrap();
        assert_eq!(week_start(d("2026-09-15")), d("2026-09-14"));
        assert_eq!(week_start(d("2026-09-14")), d("2026-09-14"));
        assert_eq!(week_start(d("2026-09-20")), d("2026-09-14"));
        assert_eq!(crate::i18n::Words::english().day_short(d("2026-09-15")), "Tue, Sep 15");
    }
}
