//! The calendar page and the .ics files: parsed with a real iCalendar parser (the `ical`
//! crate), checked for the expected events, stable UIDs, RFC 5545 line format, time zones,
//! and for never carrying anything staff-only into a public build.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::*;
use ical::parser::ical::component::{IcalCalendar, IcalEvent, IcalTimeZoneTransitionType};

fn parse(path: &Path) -> IcalCalendar {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(&bytes[..]));
    let cal = calendars.next().expect("one calendar").expect("calendar parses");
    assert!(calendars.next().is_none(), "exactly one VCALENDAR");
    cal
}

fn prop<'a>(event: &'a IcalEvent, name: &str) -> Option<&'a str> {
    event.properties.iter().find(|p| p.name == name).and_then(|p| p.value.as_deref())
}

fn param(event: &IcalEvent, name: &str, key: &str) -> Option<String> {
    let p = event.properties.iter().find(|p| p.name == name)?;
    p.params.as_ref()?.iter().find(|(k, _)| k == key).map(|(_, v)| v.join(","))
}

/// Events by UID (without the domain); an overridden occurrence is keyed `uid RECURRENCE-ID`.
fn by_uid(cal: &IcalCalendar) -> BTreeMap<String, &IcalEvent> {
    let mut out = BTreeMap::new();
    for e in &cal.events {
        let uid = prop(e, "UID").expect("every event has a UID");
        let (uid, domain) = uid.split_once('@').expect("uid@domain");
        assert_eq!(domain, "test-district-agendas.clockwork");
        let key = match prop(e, "RECURRENCE-ID") {
            Some(r) => format!("{uid} {r}"),
            None => uid.to_string(),
        };
        assert!(out.insert(key.clone(), e).is_none(), "two events are {key}");
    }
    out
}

#[test]
fn calendar_ics_holds_meetings_due_dates_and_quarters() {
    let site = fixture("agendas");
    let out = build_site(site.path());
    let cal = parse(&out.join("calendar.ics"));
    let version = cal.properties.iter().find(|p| p.name == "VERSION").and_then(|p| p.value.clone());
    assert_eq!(version.as_deref(), Some("2.0"));
    let events = by_uid(&cal);

    // The ILT meets every Tuesday from the first Tuesday of Q1 to the end of Q2.
    let ilt = events["meetings/ilt"];
    assert_eq!(prop(ilt, "DTSTART"), Some("20260818T153000"));
    assert_eq!(prop(ilt, "DTEND"), Some("20260818T163000"));
    assert_eq!(prop(ilt, "RRULE"), Some("FREQ=WEEKLY;BYDAY=TU;COUNT=23"));
    assert_eq!(prop(ilt, "SUMMARY"), Some("ILT meeting"));
    assert_eq!(param(ilt, "DTSTART", "TZID"), None, "floating times without a timezone");
    // Every other Monday, until the work group's end date.
    let wg = events["meetings/work-group"];
    assert_eq!(prop(wg, "RRULE"), Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=4"));

    // An agenda on a meeting day stands for that day's meeting, with its own times.
    let sept_8 = events["meetings/ilt 20260908T153000"];
    assert_eq!(prop(sept_8, "DTSTART"), Some("20260908T160000"));
    assert_eq!(prop(sept_8, "DTEND"), Some("20260908T164500"));
    let sept_1 = events["meetings/ilt 20260901T153000"];
    assert_eq!(prop(sept_1, "LOCATION"), Some("Library"));
    let description = prop(sept_1, "DESCRIPTION").unwrap();
    assert!(description.contains("3:35–4:00 pm Walkthrough data"), "{description}");
    // An agenda on another day adds a meeting.
    let extra = events["agenda/ilt/2026-09-10"];
    assert_eq!(prop(extra, "DTSTART"), Some("20260910T073000"));
    assert_eq!(prop(extra, "RRULE"), None);

    // Due dates are all-day events.
    let step = events["step/reading/a2"];
    assert_eq!(prop(step, "SUMMARY"), Some("Due: Train every teacher"));
    assert_eq!((prop(step, "DTSTART"), prop(step, "DTEND")), (Some("20260918"), Some("20260919")));
    assert_eq!(param(step, "DTSTART", "VALUE").as_deref(), Some("DATE"));
    assert_eq!(prop(events["item/ilt/2026-09-01/1"], "DTSTART"), Some("20260910"));
    assert_eq!(prop(events["quarter/Q2/begins"], "DTSTART"), Some("20261102"));
    assert_eq!(prop(events["quarter/Q1/ends"], "DTSTART"), Some("20261030"));

    // DTSTAMP is the as-of date, never the clock.
    assert!(cal.events.iter().all(|e| prop(e, "DTSTAMP") == Some("20260920T000000Z")));
    let uids: Vec<&str> = events.keys().map(String::as_str).collect();
    assert_eq!(
        uids,
        [
            "agenda/ilt/2026-09-10",
            "item/ilt/2026-09-01/1",
            "item/ilt/2026-09-01/2",
            "item/ilt/2026-09-08/1",
            "meetings/ilt",
            "meetings/ilt 20260901T153000",
            "meetings/ilt 20260908T153000",
            "meetings/ilt 20260915T153000",
            "meetings/work-group",
            "quarter/Q1/begins",
            "quarter/Q1/ends",
            "quarter/Q2/begins",
            "quarter/Q2/ends",
            "step/reading/a1",
            "step/reading/a2",
        ]
    );
}

#[test]
fn ics_files_are_rfc_5545_content_lines_and_rebuild_identically() {
    let site = fixture("agendas");
    // A long, comma- and accent-laden text to fold and escape.
    let agenda = site.path().join("content/agendas/ilt/2026-09-15.md");
    std::fs::write(
        &agenda,
        "---\nlocation: \"Room 204; the library, or the café — whichever is free\"\nobjectives: [\"Décider, ensemble; le calendrier des cycles d'accompagnement pour l'année scolaire entière\"]\nitems:\n  - { topic: Celebrations, minutes: 5 }\n---\n",
    )
    .unwrap();
    let first = build_into(site.path(), "one", &[]);
    let second = build_into(site.path(), "two", &[]);
    for file in ["calendar.ics", "teams/ilt/calendar.ics", "teams/work-group/calendar.ics"] {
        let bytes = std::fs::read(first.join(file)).unwrap();
        assert_eq!(bytes, std::fs::read(second.join(file)).unwrap(), "{file} differs between builds");
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split_terminator("\r\n") {
            assert!(!line.contains('\n') && !line.contains('\r'), "a bare line break in {file}");
            assert!(line.len() <= 75, "{file}: {} octets: {line}", line.len());
        }
    }
    let cal = parse(&first.join("calendar.ics"));
    let events = by_uid(&cal);
    let e = events["meetings/ilt 20260915T153000"];
    assert_eq!(prop(e, "LOCATION"), Some("Room 204\\; the library\\, or the café — whichever is free"));
    let description = prop(e, "DESCRIPTION").unwrap();
    assert!(
        description.contains(
            "Décider\\, ensemble\\; le calendrier des cycles d'accompagnement pour l'année scolaire entière\\n"
        )
    );
}

#[test]
fn each_team_has_its_own_calendar_of_its_meetings() {
    let site = fixture("agendas");
    let out = build_site(site.path());
    let cal = parse(&out.join("teams/ilt/calendar.ics"));
    let uids: Vec<String> = by_uid(&cal).into_keys().collect();
    assert_eq!(
        uids,
        [
            "agenda/ilt/2026-09-10",
            "meetings/ilt",
            "meetings/ilt 20260901T153000",
            "meetings/ilt 20260908T153000",
            "meetings/ilt 20260915T153000"
        ]
    );
    let name = cal.properties.iter().find(|p| p.name == "X-WR-CALNAME").and_then(|p| p.value.clone());
    assert_eq!(name.as_deref(), Some("Instructional Leadership Team meetings"));
    let doc = html_at(&out.join("teams/ilt/index.html"));
    assert_eq!(hrefs(&doc, "a.ics"), ["../../teams/ilt/calendar.ics"]);
    let doc = html_at(&out.join("calendar/index.html"));
    assert_eq!(hrefs(&doc, ".feeds a.ics"), ["../calendar.ics"]);
    assert!(hrefs(&doc, ".feeds ul a").contains(&"../teams/work-group/calendar.ics".to_string()));
}

#[test]
fn staff_only_meetings_and_entries_never_reach_public_calendars() {
    let site = fixture("agendas");
    let public = build_site(site.path());
    let staff = build_staff(site.path());
    let secrets = ["Personnel", "confidential", "grade 2 vacancy", "Roster problems", "Secret topic", "secret-team"];
    for file in files(&public) {
        let text = String::from_utf8_lossy(&std::fs::read(public.join(&file)).unwrap()).into_owned();
        for s in secrets {
            assert!(!text.contains(s), "public {file} contains `{s}`");
        }
    }
    assert!(!public.join("teams/secret-team/calendar.ics").exists());
    let public_cal = parse(&public.join("calendar.ics"));
    let public_events = by_uid(&public_cal);
    assert!(!public_events.contains_key("meetings/ilt 20260922T153000"));
    assert!(!public_events.contains_key("item/ilt/2026-09-08/2"));

    // The staff edition has them all.
    let staff_cal = parse(&staff.join("calendar.ics"));
    let staff_events = by_uid(&staff_cal);
    for uid in
        ["meetings/secret-team", "meetings/ilt 20260922T153000", "item/ilt/2026-09-08/2", "item/ilt/2026-09-22/1"]
    {
        assert!(staff_events.contains_key(uid), "staff calendar lacks {uid}");
    }
    assert!(staff.join("teams/secret-team/calendar.ics").exists());
    // The same UIDs in both editions, for what both have.
    assert!(public_events.keys().all(|k| staff_events.contains_key(k)));
}

#[test]
fn a_timezone_gives_tzid_times_and_a_vtimezone() {
    let site = fixture("agendas");
    let config = site.path().join("site.yaml");
    std::fs::write(&config, read_path(&config) + "timezone: America/Denver\n").unwrap();
    let out = build_site(site.path());
    let cal = parse(&out.join("calendar.ics"));
    let events = by_uid(&cal);
    let ilt = events["meetings/ilt"];
    assert_eq!(param(ilt, "DTSTART", "TZID").as_deref(), Some("America/Denver"));
    assert_eq!(prop(ilt, "DTSTART"), Some("20260818T153000"));
    let over = events["meetings/ilt 20260908T153000"];
    assert_eq!(param(over, "RECURRENCE-ID", "TZID").as_deref(), Some("America/Denver"));
    assert_eq!(param(events["step/reading/a2"], "DTSTART", "TZID"), None, "all-day events have no zone");
    assert_eq!(cal.timezones.len(), 1);
    let tz = &cal.timezones[0];
    let tzid = tz.properties.iter().find(|p| p.name == "TZID").and_then(|p| p.value.clone());
    assert_eq!(tzid.as_deref(), Some("America/Denver"));
    // The fall-back to standard time (on November 1 in this school year) is the yearly rule
    // "the first Sunday of November", from a year before the calendar starts.
    let rule = |standard: bool| {
        tz.transitions
            .iter()
            .find(|t| matches!(t.transition, IcalTimeZoneTransitionType::STANDARD) == standard)
            .and_then(|t| {
                let get = |p: &str| t.properties.iter().find(|x| x.name == p).and_then(|x| x.value.clone());
                Some((get("DTSTART")?, get("RRULE")?))
            })
    };
    assert_eq!(
        rule(true),
        Some(("20251102T020000".to_string(), "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU".to_string())),
        "{:?}",
        tz.transitions
    );

    // A misspelt zone is a bad-config error at its line, and nothing is built.
    std::fs::write(&config, read_path(&config).replace("America/Denver", "America/Denvr")).unwrap();
    let root = site.path().to_str().unwrap();
    let run = run(&["check", "--root", root, "--format", "json"]);
    assert_eq!(run.status.code(), Some(1));
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&run.stdout).unwrap();
    let diags: Vec<&serde_json::Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["rule"], "bad-config");
    assert_eq!(diags[0]["file"], "site.yaml");
    assert_eq!(diags[0]["line"], 7);
    assert!(diags[0]["message"].as_str().unwrap().contains("did you mean `America/Denver`"));
}

#[test]
fn the_calendar_page_lists_the_year_week_by_week() {
    let site = fixture("agendas");
    let out = build_site(site.path());
    let doc = html_at(&out.join("calendar/index.html"));
    let weeks = texts(&doc, "section.week h2");
    // Monday 2026-08-17 to Friday 2027-01-22: 23 weeks.
    assert_eq!(weeks.len(), 23, "{weeks:?}");
    assert_eq!(weeks[0], "Week of August 17, 2026 Q1");
    assert_eq!(texts(&doc, "section.week.current h2"), ["Week of September 14, 2026 Q1 this week"]);
    assert_eq!(hrefs(&doc, ".cal-actions a[href^='#week']"), ["#week-2026-09-14"]);

    let week = |id: &str| texts(&doc, &format!("#{id} li.event"));
    let first = week("week-2026-08-17");
    assert!(first[0].starts_with("quarter Q1 begins"), "{first:?}");
    assert!(first.iter().any(|e| e == "meeting 3:30–4:15 pm Schedule Work Group"), "{first:?}");
    let current = week("week-2026-09-14");
    assert!(current.iter().any(|e| e == "meeting 3:30–4:30 pm ILT · Agenda"), "{current:?}");
    assert!(
        current.iter().any(|e| e.starts_with("step due Train every teacher") && e.ends_with("Bo Chen overdue")),
        "{current:?}"
    );
    let extra = week("week-2026-09-07");
    assert!(extra.iter().any(|e| e == "meeting 7:30–8:00 am ILT · Agenda extra"), "{extra:?}");
    // Nav: Home, Teams, Strategies, Calendar, People.
    assert_eq!(texts(&doc, ".site-nav a"), ["Home", "Teams", "Strategies", "Calendar", "People"]);
    assert_eq!(texts(&doc, ".site-nav a[aria-current=page]"), ["Calendar"]);
}

#[test]
fn a_district_calendar_lists_regular_meetings_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.yaml",
        "title: District\nas_of: 2026-09-10\nquarters:\n  - { name: Q1, start: 2026-08-17, end: 2026-10-30 }\n",
    );
    let teams = clockwork::views::calendar::WEEKLY_MEETINGS_MAX_TEAMS + 1;
    for t in 0..teams {
        write(
            root,
            &format!("content/teams/t{t}.md"),
            &format!("---\ntitle: Team {t}\nmeets: {{ weekday: tuesday, start: \"15:30\", minutes: 60 }}\n---\n"),
        );
    }
    write(root, "content/agendas/t0/2026-09-08.md", "---\nitems:\n  - { topic: Start, minutes: 5 }\n---\n");
    let out = build_site(root);
    let doc = html_at(&out.join("calendar/index.html"));
    assert_eq!(texts(&doc, "#standing-h + p + table tbody tr").len(), teams, "one row per team");
    let meetings = texts(&doc, ".week .event.kind-meeting");
    assert_eq!(meetings.len(), 1, "only the meeting with an agenda is in the weeks: {meetings:?}");
    // Each team's own calendar still has every meeting.
    let ics = read_path(&out.join("teams/t5/calendar.ics"));
    assert!(ics.contains("RRULE:FREQ=WEEKLY"), "{ics}");
}

#[test]
fn each_person_has_a_calendar_of_their_meetings_and_due_dates() {
    let site = fixture("agendas");
    let out = build_site(site.path());
    let path = out.join("people/bo/calendar.ics");
    // Python's icalendar reads it as a calendar client would: Bo's due step and action item,
    // and the meetings of both teams Bo serves on.
    let script = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
print(cal.get('X-WR-CALNAME'))
for e in cal.walk('VEVENT'):
    start = e.decoded('DTSTART')
    print(str(e.get('SUMMARY')), start.isoformat()[:10], 'RRULE' if e.get('RRULE') else '')
"#;
    let py = std::process::Command::new("python3").arg("-c").arg(script).arg(&path).output().expect("python3");
    assert!(py.status.success(), "icalendar could not read it: {}", String::from_utf8_lossy(&py.stderr));
    let printed = String::from_utf8_lossy(&py.stdout);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines[0], "Bo Chen: meetings and due dates");
    assert!(lines.iter().any(|l| l.starts_with("Due: Train every teacher 2026-09-18")), "{printed}");
    assert!(lines.iter().any(|l| l.starts_with("Due: Share the walkthrough summary 2026-09-10")), "{printed}");
    assert!(lines.iter().any(|l| l.contains("ILT") && l.ends_with("RRULE")), "the ILT's series: {printed}");
    assert!(lines.iter().any(|l| l.contains("Schedule Work Group")), "the work group's meetings: {printed}");
    assert!(!printed.contains("Ana's"), "nothing of anyone else's: {printed}");
    // The person's page links to it; someone with nothing dated has none.
    let doc = html_at(&out.join("people/bo/index.html"));
    assert_eq!(hrefs(&doc, ".subscribe a.ics"), ["../../people/bo/calendar.ics"]);
}

#[test]
fn the_calendar_opens_on_this_week_with_a_month_grid() {
    let site = fixture("agendas");
    let out = build_site(site.path());
    let doc = html_at(&out.join("calendar/index.html"));
    // The weeks before the as-of week (2026-09-14) are folded away; the first open one is it.
    let open_weeks = texts(&doc, ".weeks-list > section.week h2");
    assert_eq!(open_weeks[0], "Week of September 14, 2026 Q1 this week");
    assert_eq!(texts(&doc, ".past-weeks > section.week").len(), 4, "August 17 to September 7");
    assert!(texts(&doc, ".past-weeks > summary")[0].starts_with("4 earlier weeks, from the week of August 17, 2026:"));
    // The month grid opens on the as-of month, its day marked, busy days linked to their week.
    assert_eq!(attrs(&doc, "details.month[open]", "id"), ["month-2026-09"]);
    let today = texts(&doc, "details.month[open] td.today");
    assert!(today[0].starts_with("20"), "the as-of date, September 20: {today:?}");
    let links = hrefs(&doc, "details.month[open] td.busy a");
    assert!(links.contains(&"#week-2026-09-14".to_string()), "{links:?}");
    // The link's name is its hidden text: the date and what is on it (the visible day number and marks are hidden from screen readers).
    let labels = texts(&doc, "details.month[open] td.busy a .visually-hidden");
    assert!(labels.iter().any(|l| l == "September: 1 meeting"), "{labels:?}");
    let named = texts(&doc, "details.month[open] td.busy a");
    assert!(named.iter().any(|l| l == "15 September: 1 meeting 1"), "the day, its hidden words, its mark: {named:?}");
}

#[test]
fn a_site_can_keep_a_24_hour_clock() {
    let site = fixture("agendas");
    let yaml = read(site.path(), "site.yaml");
    write(site.path(), "site.yaml", &format!("{yaml}clock: 24h\n"));
    let out = build_site(site.path());
    let doc = html_at(&out.join("calendar/index.html"));
    let current = texts(&doc, "#week-2026-09-14 li.event");
    assert!(current.iter().any(|e| e == "meeting 15:30–16:30 ILT · Agenda"), "{current:?}");
    write(site.path(), "site.yaml", &format!("{yaml}clock: 13h\n"));
    let run = clockwork(site.path(), &["check", "--format", "json"]);
    let (file, line, _, message) = run.find("bad-config");
    assert_eq!(
        (file.as_str(), message.as_str()),
        ("site.yaml", "`clock: 13h` is not a clock: it is `12h` (3:30 pm) or `24h` (15:30)")
    );
    assert!(line > 1);
}
