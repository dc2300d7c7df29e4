//! The calendar: team meetings, action-step and action-item due dates and quarter
//! boundaries, as the week-by-week `calendar/index.html` and as iCalendar files
//! (`calendar.ics` for everything, `teams/<id>/calendar.ics` for one team's meetings,
//! `people/<id>/calendar.ics` for one person's meetings and due dates).

use chrono::{Duration, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use rayon::prelude::*;

use super::ics::{self, Ics, When};
use super::schedule::{self, Meeting, Series};
use crate::config::Quarter;
use crate::content::Kind;
use crate::model::{ActionItem, ActionStep, Agenda, Page, PageData, Relations, Site, Team};
use crate::present::{Ctx, label};
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

pub fn has_meetings(site: &Site, rel: &Relations, page: &Page) -> bool {
    match &page.data {
        PageData::Team(t) => schedule::series(site, t).is_some() || rel.team_agendas.contains_key(&page.id),
        _ => false,
    }
}

/// Above this many meeting teams (a district rather than a school), the calendar page lists
/// regular meetings once per team instead of in every week: a thousand teams would make a
/// page of tens of thousands of lines that no one reads (each team's .ics still has them all).
pub const WEEKLY_MEETINGS_MAX_TEAMS: usize = 30;

/// "Q2 begins", "Q2 ends".
pub fn quarter_title(w: &crate::i18n::Words, q: &Quarter, begins: bool) -> String {
    w.fill(if begins { "calendar.begins" } else { "calendar.ends" }, &[("quarter", &q.name)])
}

/// `teams/<id>/calendar.ics` (or `people/<id>/calendar.ics`), beside the page.
pub fn ics_path(team: &Page) -> String {
    format!("{}calendar.ics", team.url.strip_suffix("index.html").unwrap_or(&team.url))
}

/// Where a team's calendar is, relative to the page being rendered, if the team meets.
pub fn team_ics_href(cx: &Ctx, page: &Page) -> Option<String> {
    has_meetings(cx.site, cx.rel, page).then(|| cx.href(&ics_path(page)))
}

/// Where a person's calendar is, relative to the page being rendered, if they have one: they
/// serve on a team that meets, or own an action step or action item with a due date.
pub fn person_ics_href(cx: &Ctx, person: &Page) -> Option<String> {
    let (site, rel) = (cx.site, cx.rel);
    let meets =
        rel.person_teams.get(&person.id).into_iter().flatten().any(|&(t, _)| has_meetings(site, rel, &site.pages[t]));
    let steps = rel.owned_steps.get(&person.id).into_iter().flatten().any(|&(s, j)| match &site.pages[s].data {
        PageData::Strategy(st) => st.action_steps.get(j).is_some_and(|a| a.due.is_some()),
        _ => false,
    });
    let items = rel.owned_items.get(&person.id).into_iter().flatten().any(|&(a, j)| match &site.pages[a].data {
        PageData::Agenda(ag) => ag.action_items.get(j).is_some_and(|x| x.due.is_some()),
        _ => false,
    });
    (meets || steps || items).then(|| cx.href(&ics_path(person)))
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
    // One file per team and per person, written side by side.
    let teams: Vec<(String, Vec<u8>)> = site
        .pages
        .par_iter()
        .enumerate()
        .filter(|(_, page)| has_meetings(site, rel, page))
        .map(|(i, page)| {
            let own = by_team.get(&i).map(Vec::as_slice).unwrap_or_default();
            let name = site.config.words.fill("calendar.team_feed", &[("team", &page.title)]);
            (ics_path(page), cal.write(&name, own, &[i]))
        })
        .collect();
    let people: Vec<(String, Vec<u8>)> = site
        .pages
        .par_iter()
        .filter(|p| p.kind == Kind::Person)
        .filter_map(|page| {
            let (mine, teams) = person_entries(site, rel, page, &by_team);
            let name = site.config.words.fill("calendar.person_feed", &[("name", &page.title)]);
            (!mine.is_empty()).then(|| (ics_path(page), cal.write(&name, &mine, &teams)))
        })
        .collect();
    out.extend(teams);
    out.extend(people);
    out
}

/// One person's calendar: the meetings of the teams they serve on, and the due dates of the
/// action steps and action items they own, in date order; and those teams.
fn person_entries<'a>(
    site: &'a Site,
    rel: &Relations,
    person: &Page,
    by_team: &std::collections::BTreeMap<usize, Vec<Entry<'a>>>,
) -> (Vec<Entry<'a>>, Vec<usize>) {
    let mut teams: Vec<usize> = rel.person_teams.get(&person.id).into_iter().flatten().map(|&(t, _)| t).collect();
    teams.dedup();
    let mut out: Vec<Entry> = teams.iter().flat_map(|t| by_team.get(t).into_iter().flatten().cloned()).collect();
    for &(s, j) in rel.owned_steps.get(&person.id).into_iter().flatten() {
        if let PageData::Strategy(strategy) = &site.pages[s].data
            && let Some(step) = strategy.action_steps.get(j).filter(|a| a.due.is_some())
        {
            out.push(Entry::Step { strategy: s, step });
        }
    }
    for &(a, j) in rel.owned_items.get(&person.id).into_iter().flatten() {
        if let PageData::Agenda(agenda) = &site.pages[a].data
            && let Some(item) = agenda.action_items.get(j).filter(|x| x.due.is_some())
        {
            out.push(Entry::Item { agenda: a, item });
        }
    }
    out.sort_by_key(|e| (e.date(), e.order()));
    (out, teams)
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
        self.start(ics, &format!("meetings/{}", page.id), &meeting_summary(&self.site.config.words, page));
        self.times(ics, series.first(), series.start, series.minutes);
        match series.rrule() {
            Some(rule) => ics.raw("RRULE", &rule),
            None => self.rdates(ics, &series.days[1..], series.start),
        }
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
                self.start(
                    ics,
                    &format!("meetings/{}", team_page.id),
                    &meeting_summary(&self.site.config.words, team_page),
                );
                match s.start {
                    Some(t) => ics.when("RECURRENCE-ID", When::At(meeting.date.and_time(t)), self.tzid()),
                    None => ics.when("RECURRENCE-ID", When::Day(meeting.date), None),
                }
            }
            None => {
                self.start(ics, &format!("agenda/{}", page.id), &meeting_summary(&self.site.config.words, team_page))
            }
        }
        let start = meeting.start.or_else(|| series.as_ref().and_then(|s| s.start));
        self.times(ics, meeting.date, start, meeting.minutes);
        if let Some(location) = &a.location {
            ics.text("LOCATION", location);
        }
        ics.text(
            "DESCRIPTION",
            &agenda_description(&self.site.config.words, a, self.url(&page.url, None), self.site.config.clock()),
        );
        if let Some(url) = self.url(&page.url, None) {
            ics.raw("URL", &url);
        }
        ics.end("VEVENT");
    }

    /// The further days of a series on listed dates (RDATE), in the form of its DTSTART.
    fn rdates(&self, ics: &mut Ics, days: &[NaiveDate], start: Option<NaiveTime>) {
        if days.is_empty() {
            return;
        }
        let list: Vec<String> = days
            .iter()
            .map(|d| match start {
                Some(t) => ics::date_time(d.and_time(t)),
                None => ics::date(*d),
            })
            .collect();
        let name = match (start, self.tzid()) {
            (Some(_), Some(zone)) => format!("RDATE;TZID={zone}"),
            (Some(_), None) => "RDATE".to_string(),
            (None, _) => "RDATE;VALUE=DATE".to_string(),
        };
        ics.raw(&name, &list.join(","));
    }

    fn step(&self, ics: &mut Ics, strategy: &Page, step: &ActionStep) {
        let Some(due) = step.due else { return };
        let w = &self.site.config.words;
        self.start(
            ics,
            &format!("step/{}/{}", strategy.id, step.id),
            &w.fill("calendar.due", &[("task", &step.action)]),
        );
        self.all_day(ics, due);
        let mut lines = vec![w.fill("calendar.step_of", &[("label", &label(w, step)), ("strategy", &strategy.title)])];
        if !step.owners.is_empty() {
            let names: Vec<String> = step.owners.iter().map(|o| self.site.owner_name(o)).collect();
            lines.push(w.fill("calendar.owner", &[("owner", &w.and_list(&names))]));
        }
        let status = w.text(&format!("status.{}", step.status.as_str())).to_string();
        lines.push(w.fill("calendar.status", &[("status", &status)]));
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
        let w = &self.site.config.words;
        self.start(
            ics,
            &format!("item/{}/{}", agenda.id, item.index + 1),
            &w.fill("calendar.due", &[("task", &item.task)]),
        );
        self.all_day(ics, due);
        let mut lines = vec![w.fill("calendar.item_from", &[("agenda", &agenda.title)])];
        lines.extend(item.owner.as_ref().map(|o| w.fill("calendar.owner", &[("owner", &self.site.owner_name(o))])));
        let status = w.text(if item.done { "status.done" } else { "status.open" });
        lines.push(w.fill("calendar.status", &[("status", status)]));
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
        self.start(ics, &format!("quarter/{}/{which}", q.name), &quarter_title(&self.site.config.words, q, begins));
        self.all_day(ics, if begins { q.start } else { q.end });
        ics.raw("TRANSP", "TRANSPARENT");
        ics.end("VEVENT");
    }
}

fn meeting_summary(w: &crate::i18n::Words, team: &Page) -> String {
    w.fill("calendar.meeting", &[("team", team.short.as_deref().unwrap_or(&team.title))])
}

/// The agenda in a few lines for the calendar entry: objectives, items with their times.
fn agenda_description(w: &crate::i18n::Words, a: &Agenda, url: Option<String>, clock: crate::config::Clock) -> String {
    let mut lines = Vec::new();
    if !a.objectives.is_empty() {
        lines.push(w.text("calendar.objectives").to_string());
        lines.extend(a.objectives.iter().map(|o| format!("- {o}")));
    }
    if !a.items.is_empty() {
        lines.push(w.text("calendar.items").to_string());
        let times = super::agenda::clock_times(a.start, &a.items);
        for (item, slot) in a.items.iter().zip(times) {
            lines.push(match slot {
                Some(s) => format!("{} {}", s.text(w, clock), item.topic),
                None => format!("- {}", item.topic),
            });
        }
    }
    lines.extend(url.map(|u| w.fill("calendar.agenda_link", &[("url", &u)])));
    lines.join("\n")
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
    fn rrule_days() {
        assert_eq!(schedule::byday(chrono::Weekday::Tue), "TU");
        assert_eq!(schedule::byday(chrono::Weekday::Sun), "SU");
    }
}
