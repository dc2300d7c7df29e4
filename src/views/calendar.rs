//! The calendar: team meetings, action-step and action-item due dates and quarter
//! boundaries, as the week-by-week `calendar/index.html` and as iCalendar files
//! (`calendar.ics` for everything, `teams/<id>/calendar.ics` for one team's meetings).

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::Serialize;

use super::agenda::add_minutes;
use super::ics::{self, Ics, When};
use super::schedule::{self, Meeting, Series};
use crate::config::Quarter;
use crate::content::Kind;
use crate::model::{ActionItem, ActionStep, Agenda, Page, PageData, Relations, Site, Team};
use crate::render::context::{Ctx, Ref};
use crate::render::format;
use crate::util::{link_target, slugify};

/// One dated thing on the calendar.
#[derive(Debug, Clone)]
pub enum Entry<'a> {
    Meeting { team: usize, meeting: Meeting },
    Step { strategy: usize, step: &'a ActionStep },
    Item { agenda: usize, item: &'a ActionItem },
    Quarter { quarter: &'a Quarter, begins: bool },
}

impl Entry<'_> {
    pub fn date(&self) -> NaiveDate {
        match self {
            Entry::Meeting { meeting, .. } => meeting.date,
            Entry::Step { step, .. } => step.due.unwrap_or(NaiveDate::MIN),
            Entry::Item { item, .. } => item.due.unwrap_or(NaiveDate::MIN),
            Entry::Quarter { quarter, begins: true } => quarter.start,
            Entry::Quarter { quarter, begins: false } => quarter.end,
        }
    }

    /// Within a day: quarter boundaries, then meetings by time, then due dates.
    fn order(&self) -> (u8, Option<NaiveTime>) {
        match self {
            Entry::Quarter { .. } => (0, None),
            Entry::Meeting { meeting, .. } => (1, meeting.start),
            Entry::Step { .. } => (2, None),
            Entry::Item { .. } => (3, None),
        }
    }
}

/// Everything on the site's calendar, in date order.
pub fn entries<'a>(site: &'a Site, rel: &Relations) -> Vec<Entry<'a>> {
    let mut out = Vec::new();
    for q in &site.config.quarters {
        out.push(Entry::Quarter { quarter: q, begins: true });
        out.push(Entry::Quarter { quarter: q, begins: false });
    }
    for (i, page) in site.pages.iter().enumerate() {
        match &page.data {
            PageData::Team(t) => {
                let (_, meetings) = schedule::meetings(site, rel, &page.id, t);
                out.extend(meetings.into_iter().map(|meeting| Entry::Meeting { team: i, meeting }));
            }
            PageData::Strategy(s) => out.extend(
                s.action_steps.iter().filter(|x| x.due.is_some()).map(|step| Entry::Step { strategy: i, step }),
            ),
            PageData::Agenda(a) => out
                .extend(a.action_items.iter().filter(|x| x.due.is_some()).map(|item| Entry::Item { agenda: i, item })),
            _ => {}
        }
    }
    out.sort_by_key(|e| (e.date(), e.order()));
    out
}

// ---------------------------------------------------------------------------------------
// The page

#[derive(Debug, Serialize)]
pub struct CalendarView {
    /// "August 17, 2026 – June 11, 2027".
    pub span: String,
    pub weeks: Vec<WeekView>,
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

/// Above this many meeting teams (a district rather than a school), the calendar page lists
/// regular meetings once per team instead of in every week: a thousand teams would make a
/// page of tens of thousands of lines that no one reads (each team's .ics still has them all).
pub const WEEKLY_MEETINGS_MAX_TEAMS: usize = 30;

#[derive(Debug, Serialize)]
pub struct WeekView {
    /// HTML anchor: "week-2026-08-17".
    pub id: String,
    /// "Week of August 17".
    pub label: String,
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
    pub owner: Option<Ref>,
    /// done | overdue | open (due dates); extra (a meeting outside the team's rhythm).
    pub status: Option<String>,
}

/// The calendar page: every week of the school year (and any week outside it that has
/// something on it), each day with its meetings, due dates and quarter boundaries.
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
            ics: cx.href(&team_ics_path(p)),
            when: match &p.data {
                PageData::Team(t) => t.meets.as_ref().map(crate::render::context::meets_text),
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
                days.push(DayView { label: day_label(entry.date()), iso, events: Vec::new() });
            }
            if let Some(day) = days.last_mut() {
                day.events.push(event_view(cx, entry));
            }
        }
        let in_year = sunday >= year.start && monday <= year.end;
        if in_year || !days.is_empty() {
            weeks.push(WeekView {
                id: format!("week-{monday}"),
                label: format!("Week of {}", format::long_date(monday)),
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
    let (teams, standing) = if compact { (Vec::new(), teams) } else { (teams, Vec::new()) };
    CalendarView {
        span: format!("{} – {}", format::long_date(year.start), format::long_date(year.end)),
        this_week: weeks.iter().find(|w| w.current).map(|w| w.id.clone()),
        weeks,
        ics: cx.href("calendar.ics"),
        teams,
        meetings: all.iter().filter(|e| matches!(e, Entry::Meeting { .. })).count(),
        due: all.iter().filter(|e| matches!(e, Entry::Step { .. } | Entry::Item { .. })).count(),
        standing,
    }
}

fn week_start(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

fn day_label(d: NaiveDate) -> String {
    format!("{}, {}", &format::weekday_name(d.weekday())[..3], format::short_date(d))
}

fn event_view(cx: &Ctx, entry: &Entry) -> EventView {
    let as_of = cx.site.scope.as_of;
    let due_status = |done: bool, due: Option<NaiveDate>| {
        Some(
            if done {
                "done"
            } else if due.is_some_and(|d| d < as_of) {
                "overdue"
            } else {
                "open"
            }
            .to_string(),
        )
    };
    match entry {
        Entry::Meeting { team, meeting } => EventView {
            kind: "meeting",
            time: meeting.start.map(|s| hours(s, meeting.minutes)),
            title: short_ref(cx, *team, 40),
            context: meeting.agenda.map(|a| Ref { text: "Agenda".into(), href: cx.page(a).href }),
            owner: None,
            status: (!meeting.recurring).then(|| "extra".to_string()),
        },
        Entry::Step { strategy, step } => {
            let id = &cx.site.pages[*strategy].id;
            EventView {
                kind: "step",
                time: None,
                title: cx.entry(id, &step.id, step.action.clone()),
                context: Some(short_ref(cx, *strategy, 60)),
                owner: step.owner.as_ref().map(|o| cx.owner(o)),
                status: due_status(step.status == "done", step.due),
            }
        }
        Entry::Item { agenda, item } => EventView {
            kind: "item",
            time: None,
            title: Ref { text: item.task.clone(), href: None },
            context: Some(cx.page(*agenda)),
            owner: item.owner.as_ref().map(|o| cx.owner(o)),
            status: due_status(item.done, item.due),
        },
        Entry::Quarter { quarter, begins } => EventView {
            kind: "quarter",
            time: None,
            title: Ref { text: quarter_title(quarter, *begins), href: None },
            context: None,
            owner: None,
            status: None,
        },
    }
}

/// A link to a page by its short label, else its title cut to `max` characters.
fn short_ref(cx: &Ctx, i: usize, max: usize) -> Ref {
    let page = &cx.site.pages[i];
    let text = page.short.clone().unwrap_or_else(|| crate::render::context::truncate(&page.title, max));
    Ref { text, ..cx.page(i) }
}

/// "15:30–16:30", or "15:30" without a length.
fn hours(start: NaiveTime, minutes: Option<u32>) -> String {
    match minutes {
        Some(m) => format!("{}–{}", format::time(start), format::time(add_minutes(start, m))),
        None => format::time(start),
    }
}

fn quarter_title(q: &Quarter, begins: bool) -> String {
    format!("{} {}", q.name, if begins { "begins" } else { "ends" })
}

fn has_meetings(site: &Site, rel: &Relations, page: &Page) -> bool {
    match &page.data {
        PageData::Team(t) => schedule::series(site, t).is_some() || rel.team_agendas.contains_key(&page.id),
        _ => false,
    }
}

/// `teams/<id>/calendar.ics`, beside the team's page.
pub fn team_ics_path(team: &Page) -> String {
    format!("{}calendar.ics", team.url.strip_suffix("index.html").unwrap_or(&team.url))
}

/// Where a team's calendar is, relative to the page being rendered, if the team meets.
pub fn team_ics_href(cx: &Ctx, page: &Page) -> Option<String> {
    has_meetings(cx.site, cx.rel, page).then(|| cx.href(&team_ics_path(page)))
}

// ---------------------------------------------------------------------------------------
// The .ics files

/// `calendar.ics` and every meeting team's `teams/<id>/calendar.ics`.
pub fn files(site: &Site, rel: &Relations) -> Vec<(String, Vec<u8>)> {
    let cal = Cal::new(site);
    let all = entries(site, rel);
    let everyone: Vec<usize> =
        site.pages.iter().enumerate().filter(|(_, p)| p.kind == Kind::Team).map(|(i, _)| i).collect();
    let mut out = vec![("calendar.ics".to_string(), cal.write(&site.config.title, &all, &everyone))];
    // Each team's own meetings, gathered in one pass (a district has thousands of teams).
    let mut by_team: std::collections::BTreeMap<usize, Vec<Entry>> = std::collections::BTreeMap::new();
    for e in &all {
        if let Entry::Meeting { team, .. } = e {
            by_team.entry(*team).or_default().push(e.clone());
        }
    }
    for (i, page) in site.pages.iter().enumerate() {
        if !has_meetings(site, rel, page) {
            continue;
        }
        let own = by_team.remove(&i).unwrap_or_default();
        let name = format!("{} meetings", page.title);
        out.push((team_ics_path(page), cal.write(&name, &own, &[i])));
    }
    out
}

/// What every event of one build shares.
struct Cal<'a> {
    site: &'a Site,
    /// DTSTAMP: the as-of date, so that a rebuild writes the same bytes.
    stamp: String,
    tz: Option<Tz>,
    /// The right-hand side of every UID.
    domain: String,
}

impl<'a> Cal<'a> {
    fn new(site: &'a Site) -> Self {
        Cal {
            site,
            stamp: ics::utc_stamp(site.scope.as_of),
            tz: site.config.timezone.as_deref().and_then(|z| z.parse().ok()),
            domain: uid_domain(site),
        }
    }

    /// A calendar of `entries`, with the recurring series of those of `teams` that have
    /// meetings among the entries.
    fn write(&self, name: &str, entries: &[Entry], teams: &[usize]) -> Vec<u8> {
        let mut ics = Ics::new();
        ics.begin("VCALENDAR");
        ics.raw("VERSION", "2.0");
        ics.text("PRODID", &format!("-//clockwork//clockwork {}//EN", env!("CARGO_PKG_VERSION")));
        ics.raw("CALSCALE", "GREGORIAN");
        ics.raw("METHOD", "PUBLISH");
        ics.text("X-WR-CALNAME", name);
        if let Some(tz) = self.tz {
            ics.text("X-WR-TIMEZONE", tz.name());
            let (from, to) = self.reach(entries);
            ics::vtimezone(&mut ics, tz, from, to);
        }
        let meeting: std::collections::HashSet<usize> = entries
            .iter()
            .filter_map(|e| if let Entry::Meeting { team, .. } = e { Some(*team) } else { None })
            .collect();
        for &i in teams.iter().filter(|i| meeting.contains(i)) {
            let page = &self.site.pages[i];
            if let PageData::Team(t) = &page.data
                && let Some(series) = schedule::series(self.site, t)
            {
                self.series(&mut ics, page, t, &series);
            }
        }
        for entry in entries {
            self.entry(&mut ics, entry);
        }
        ics.end("VCALENDAR");
        ics.finish()
    }

    /// The days the time zone definition must cover.
    fn reach(&self, entries: &[Entry]) -> (NaiveDate, NaiveDate) {
        let year = schedule::school_year(self.site);
        let first = entries.first().map_or(year.start, |e| e.date().min(year.start));
        let last = entries.last().map_or(year.end, |e| e.date().max(year.end));
        let pad = Duration::days(7);
        (first.checked_sub_signed(pad).unwrap_or(first), last.checked_add_signed(pad).unwrap_or(last))
    }

    fn uid(&self, what: &str) -> String {
        format!("{what}@{}", self.domain)
    }

    fn url(&self, output: &str, anchor: Option<&str>) -> Option<String> {
        let base = self.site.config.base_url.as_ref()?;
        let target = link_target(output, self.site.config.pretty_links);
        Some(match anchor {
            Some(a) => format!("{base}{target}#{a}"),
            None => format!("{base}{target}"),
        })
    }

    fn start(&self, ics: &mut Ics, uid: &str, summary: &str) {
        ics.begin("VEVENT");
        ics.text("UID", &self.uid(uid));
        ics.raw("DTSTAMP", &self.stamp);
        ics.text("SUMMARY", summary);
    }

    fn tzid(&self) -> Option<&str> {
        self.tz.as_ref().map(|t| t.name())
    }

    /// DTSTART and DTEND of a meeting: timed when it has a start, else the whole day.
    fn times(&self, ics: &mut Ics, date: NaiveDate, start: Option<NaiveTime>, minutes: Option<u32>) {
        match start {
            Some(s) => {
                let at = date.and_time(s);
                ics.when("DTSTART", When::At(at), self.tzid());
                if let Some(m) = minutes {
                    ics.when("DTEND", When::At(at + Duration::minutes(i64::from(m))), self.tzid());
                }
            }
            None => self.all_day(ics, date),
        }
    }

    fn all_day(&self, ics: &mut Ics, date: NaiveDate) {
        ics.when("DTSTART", When::Day(date), None);
        ics.when("DTEND", When::Day(date.succ_opt().unwrap_or(date)), None);
    }

    /// A team's recurring meeting: one event with an RRULE and a UID made from the team id.
    fn series(&self, ics: &mut Ics, page: &Page, team: &Team, series: &Series) {
        self.start(ics, &format!("meetings/{}", page.id), &meeting_summary(page));
        self.times(ics, series.first, series.start, series.minutes);
        let interval = if series.every_weeks > 1 { format!(";INTERVAL={}", series.every_weeks) } else { String::new() };
        ics.raw("RRULE", &format!("FREQ=WEEKLY{interval};BYDAY={};COUNT={}", byday(series.weekday), series.count));
        let mut description = Vec::new();
        description.extend(team.cadence.clone());
        description.extend(team.purpose.clone());
        description.extend(self.url(&page.url, None));
        if !description.is_empty() {
            ics.text("DESCRIPTION", &description.join("\n"));
        }
        if let Some(url) = self.url(&page.url, None) {
            ics.raw("URL", &url);
        }
        ics.end("VEVENT");
    }

    fn entry(&self, ics: &mut Ics, entry: &Entry) {
        match entry {
            // Days of the series without an agenda are in its RRULE.
            Entry::Meeting { meeting: Meeting { agenda: None, .. }, .. } => {}
            Entry::Meeting { team, meeting } => {
                if let Some(agenda) = meeting.agenda {
                    self.agenda_meeting(ics, &self.site.pages[*team], meeting, agenda)
                }
            }
            Entry::Step { strategy, step } => self.step(ics, &self.site.pages[*strategy], step),
            Entry::Item { agenda, item } => self.item(ics, &self.site.pages[*agenda], item),
            Entry::Quarter { quarter, begins } => self.quarter(ics, quarter, *begins),
        }
    }

    /// A meeting with an agenda: on a day of the series it replaces that occurrence (same
    /// UID, RECURRENCE-ID); otherwise it is an event of its own.
    fn agenda_meeting(&self, ics: &mut Ics, team_page: &Page, meeting: &Meeting, index: usize) {
        let page = &self.site.pages[index];
        let PageData::Agenda(a) = &page.data else { return };
        let team = match &team_page.data {
            PageData::Team(t) => t,
            _ => return,
        };
        let series = schedule::series(self.site, team).filter(|_| meeting.recurring);
        match &series {
            Some(s) => {
                self.start(ics, &format!("meetings/{}", team_page.id), &meeting_summary(team_page));
                match s.start {
                    Some(t) => ics.when("RECURRENCE-ID", When::At(meeting.date.and_time(t)), self.tzid()),
                    None => ics.when("RECURRENCE-ID", When::Day(meeting.date), None),
                }
            }
            None => self.start(ics, &format!("agenda/{}", page.id), &meeting_summary(team_page)),
        }
        let start = meeting.start.or_else(|| series.as_ref().and_then(|s| s.start));
        self.times(ics, meeting.date, start, meeting.minutes);
        if let Some(location) = &a.location {
            ics.text("LOCATION", location);
        }
        ics.text("DESCRIPTION", &agenda_description(a, self.url(&page.url, None)));
        if let Some(url) = self.url(&page.url, None) {
            ics.raw("URL", &url);
        }
        ics.end("VEVENT");
    }

    fn step(&self, ics: &mut Ics, strategy: &Page, step: &ActionStep) {
        let Some(due) = step.due else { return };
        self.start(ics, &format!("step/{}/{}", strategy.id, step.id), &format!("Due: {}", step.action));
        self.all_day(ics, due);
        let mut lines = vec![format!("Action step {} of: {}", step.id, strategy.title)];
        lines.extend(step.owner.as_ref().map(|o| format!("Owner: {}", self.owner_name(o))));
        lines.push(format!("Status: {}", format::words(&step.status)));
        let url = self.url(&strategy.url, Some(&step.id));
        lines.extend(url.clone());
        ics.text("DESCRIPTION", &lines.join("\n"));
        ics.raw("TRANSP", "TRANSPARENT");
        if let Some(url) = url {
            ics.raw("URL", &url);
        }
        ics.end("VEVENT");
    }

    fn item(&self, ics: &mut Ics, agenda: &Page, item: &ActionItem) {
        let Some(due) = item.due else { return };
        self.start(ics, &format!("item/{}/{}", agenda.id, item.index + 1), &format!("Due: {}", item.task));
        self.all_day(ics, due);
        let mut lines = vec![format!("Action item from: {}", agenda.title)];
        lines.extend(item.owner.as_ref().map(|o| format!("Owner: {}", self.owner_name(o))));
        lines.push(format!("Status: {}", if item.done { "done" } else { "open" }));
        let url = self.url(&agenda.url, None);
        lines.extend(url.clone());
        ics.text("DESCRIPTION", &lines.join("\n"));
        ics.raw("TRANSP", "TRANSPARENT");
        if let Some(url) = url {
            ics.raw("URL", &url);
        }
        ics.end("VEVENT");
    }

    fn quarter(&self, ics: &mut Ics, q: &Quarter, begins: bool) {
        let which = if begins { "begins" } else { "ends" };
        self.start(ics, &format!("quarter/{}/{which}", q.name), &quarter_title(q, begins));
        self.all_day(ics, if begins { q.start } else { q.end });
        ics.raw("TRANSP", "TRANSPARENT");
        ics.end("VEVENT");
    }

    fn owner_name(&self, id: &str) -> String {
        self.site.owner(id).map_or_else(|| id.to_string(), |p| p.title.clone())
    }
}

fn meeting_summary(team: &Page) -> String {
    format!("{} meeting", team.short.as_deref().unwrap_or(&team.title))
}

/// The agenda in a few lines for the calendar entry: objectives, items with their times.
fn agenda_description(a: &Agenda, url: Option<String>) -> String {
    let mut lines = Vec::new();
    if !a.objectives.is_empty() {
        lines.push("Objectives:".to_string());
        lines.extend(a.objectives.iter().map(|o| format!("- {o}")));
    }
    if !a.items.is_empty() {
        lines.push("Items:".to_string());
        let times = super::agenda::clock_times(a.start, &a.items);
        for (item, slot) in a.items.iter().zip(times) {
            lines.push(match slot {
                Some(s) => format!("{} {}", s.text(), item.topic),
                None => format!("- {}", item.topic),
            });
        }
    }
    lines.extend(url.map(|u| format!("Agenda: {u}")));
    lines.join("\n")
}

fn byday(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// The right-hand side of UIDs: base_url's host, else a slug of the site's title, so that a
/// re-import or a subscription updates events rather than duplicating them.
fn uid_domain(site: &Site) -> String {
    let host = site.config.base_url.as_deref().and_then(|u| {
        let rest = u.split_once("://").map_or(u, |(_, r)| r);
        rest.split(['/', '?', '#']).next().filter(|h| !h.is_empty()).map(str::to_lowercase)
    });
    host.unwrap_or_else(|| {
        let slug = slugify(&site.config.title);
        format!("{}.clockwork", if slug.is_empty() { "site" } else { &slug })
    })
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
        assert_eq!(day_label(d("2026-09-15")), "Tue, Sep 15");
    }

    #[test]
    fn rrule_days() {
        assert_eq!(byday(Weekday::Tue), "TU");
        assert_eq!(byday(Weekday::Sun), "SU");
    }
}
