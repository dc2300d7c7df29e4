//! Statuses at the as-of date, derived once per build (after trackers are applied) by the
//! spec's rules, so that pages, exports, checks and calendars all show the same values.

use chrono::NaiveDate;
use serde::Serialize;

use super::{ActionStep, Benchmark, Direction, Goal, Measurement, PageData, Site};
use crate::config::{Config, Quarter};

/// Every status a goal, benchmark or action step can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Met,
    /// A goal whose latest value reaches its target before the last quarter: "target
    /// reached so far" (a November figure is not the year's result).
    Reached,
    OnTrack,
    PartiallyMet,
    InProgress,
    NotStarted,
    Upcoming,
    /// A benchmark without an actual while its quarter is under way: "due by <quarter end>".
    Pending,
    NoData,
    OffTrack,
    NotMet,
    Blocked,
    Overdue,
    Done,
}

impl Status {
    pub const ALL: [Status; 14] = [
        Status::Met,
        Status::Reached,
        Status::OnTrack,
        Status::PartiallyMet,
        Status::InProgress,
        Status::NotStarted,
        Status::Upcoming,
        Status::Pending,
        Status::NoData,
        Status::OffTrack,
        Status::NotMet,
        Status::Blocked,
        Status::Overdue,
        Status::Done,
    ];

    /// The name written in files, CSS classes (`status-<name>`) and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Reached => "reached",
            Status::OnTrack => "on-track",
            Status::PartiallyMet => "partially-met",
            Status::InProgress => "in-progress",
            Status::NotStarted => "not-started",
            Status::Upcoming => "upcoming",
            Status::Pending => "pending",
            Status::NoData => "no-data",
            Status::OffTrack => "off-track",
            Status::NotMet => "not-met",
            Status::Blocked => "blocked",
            Status::Overdue => "overdue",
            Status::Done => "done",
        }
    }

    /// The status in a reader's words: "on track", "target reached so far".
    pub fn words(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Reached => "target reached so far",
            Status::OnTrack => "on track",
            Status::PartiallyMet => "partially met",
            Status::InProgress => "in progress",
            Status::NotStarted => "not started",
            Status::Upcoming => "upcoming",
            Status::Pending => "pending",
            Status::NoData => "no data",
            Status::OffTrack => "off track",
            Status::NotMet => "not met",
            Status::Blocked => "blocked",
            Status::Overdue => "overdue",
            Status::Done => "done",
        }
    }

    /// A mark that repeats the status without colour, in print and for colour-blind readers:
    /// ✓ good, ◐ part of the way, ✗ short of it, ! overdue, … not due yet, ○ not begun,
    /// – nothing to judge by.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Met | Status::Reached | Status::OnTrack | Status::Done => "✓",
            Status::PartiallyMet | Status::InProgress => "◐",
            Status::OffTrack | Status::NotMet | Status::Blocked => "✗",
            Status::Overdue => "!",
            Status::Pending => "…",
            Status::NotStarted | Status::Upcoming => "○",
            Status::NoData => "–",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The span the straight line from baseline to target runs over: the first quarter's start
/// to the last quarter's end. None without quarters (a plan without cycles has no line).
pub fn plan_window(config: &Config) -> Option<(NaiveDate, NaiveDate)> {
    let start = config.quarters.iter().map(|q| q.start).min()?;
    let end = config.quarters.iter().map(|q| q.end).max()?;
    (end > start).then_some((start, end))
}

/// Whether `value` reaches `target` in the goal's direction (exactly on target counts).
pub fn reaches(value: f64, target: f64, direction: Direction) -> bool {
    match direction {
        Direction::Up => value >= target,
        Direction::Down => value <= target,
    }
}

/// What the straight line from `baseline` (at the window's start) to `target` (at its end)
/// predicts for `date`; dates outside the window take the nearest end's value.
pub fn expected(baseline: f64, target: f64, window: (NaiveDate, NaiveDate), date: NaiveDate) -> f64 {
    let (start, end) = window;
    let span = (end - start).num_days() as f64;
    let share = ((date - start).num_days() as f64 / span).clamp(0.0, 1.0);
    baseline + (target - baseline) * share
}

/// The latest measurement dated on or before the as-of date; later ones are ignored.
pub fn latest(goal: &Goal, as_of: NaiveDate) -> Option<Measurement> {
    goal.measurements.iter().rev().find(|m| m.date <= as_of).copied()
}

/// The milestone a measurement is judged by: the one of the quarter its date falls in (in a
/// break, the quarter that just ended), or else the latest milestone of an earlier quarter.
pub fn milestone_for<'a>(goal: &'a Goal, config: &Config, date: NaiveDate) -> Option<&'a super::Milestone> {
    let at = quarter_at(config, date).filter(|q| q.start <= date)?;
    let order = |name: &str| config.quarters.iter().position(|q| q.name == name);
    let here = order(&at.name)?;
    goal.milestones.iter().filter(|m| order(&m.quarter).is_some_and(|o| o <= here)).max_by_key(|m| order(&m.quarter))
}

/// A goal's status, latest value and what was expected of it at that value's date: the
/// milestone of its quarter when the goal has milestones, else the straight line from
/// baseline to target.
pub fn goal_status(goal: &Goal, config: &Config, as_of: NaiveDate) -> GoalProgress {
    let window = plan_window(config);
    let latest = latest(goal, as_of);
    let milestone = latest.and_then(|m| milestone_for(goal, config, m.date));
    let expected = match (latest, milestone, goal.baseline, goal.target, window) {
        (Some(_), Some(ms), ..) => Some(ms.target),
        (Some(m), None, Some(b), Some(t), Some(w)) if goal.milestones.is_empty() => Some(expected(b, t, w, m.date)),
        _ => None,
    };
    let derived = match (latest, goal.target, expected) {
        (None, _, _) => Status::NoData,
        (Some(m), Some(t), _) if reaches(m.value, t, goal.direction) => {
            if in_last_quarter(config, m.date) {
                Status::Met
            } else {
                Status::Reached
            }
        }
        (Some(m), _, Some(e)) => {
            // "At least as far along as the line": on the line counts, with room for rounding.
            let ahead = match goal.direction {
                Direction::Up => m.value >= e - 1e-9,
                Direction::Down => m.value <= e + 1e-9,
            };
            if ahead { Status::OnTrack } else { Status::OffTrack }
        }
        // No baseline (or no target or no quarters): there is no line to be on or off.
        (Some(_), _, None) => Status::InProgress,
    };
    GoalProgress { status: goal.status.unwrap_or(derived), latest, expected }
}

/// Whether a date falls in the plan's last quarter or later, when a goal reaching its target
/// is the year's result. Always, without quarters (a plan without cycles has no "so far").
fn in_last_quarter(config: &Config, date: NaiveDate) -> bool {
    config.quarters.iter().map(|q| q.start).max().is_none_or(|last| date >= last)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GoalProgress {
    pub status: Status,
    pub latest: Option<Measurement>,
    pub expected: Option<f64>,
}

/// A benchmark's status: upcoming before its quarter starts; without an actual, pending
/// while the quarter is under way and no-data once it has ended; else from actual and target.
pub fn benchmark_status(b: &Benchmark, quarter: Option<&Quarter>, as_of: NaiveDate) -> Status {
    if let Some(s) = b.status {
        return s;
    }
    if quarter.is_some_and(|q| q.start > as_of) {
        return Status::Upcoming;
    }
    let Some(actual) = b.actual else {
        return if quarter.is_some_and(|q| q.end >= as_of) { Status::Pending } else { Status::NoData };
    };
    match (b.target, b.baseline) {
        (Some(t), _) if reaches(actual, t, b.direction) => Status::Met,
        // Moved from the baseline toward the target, without reaching it.
        (Some(t), Some(base)) if (actual - base) * (t - base) > 0.0 => Status::PartiallyMet,
        _ => Status::NotMet,
    }
}

/// An action step's status: its own, shown as overdue when not done and due before the
/// as-of date (a step due on the as-of date is not overdue yet).
pub fn step_status(step: &ActionStep, as_of: NaiveDate) -> Status {
    match step.due {
        Some(due) if step.status != Status::Done && due < as_of => Status::Overdue,
        _ => step.status,
    }
}

/// An agenda action item is overdue like an action step: not done and due before the as-of
/// date. (Items have no status field; pages show them as done, overdue or open.)
pub fn item_overdue(item: &super::ActionItem, as_of: NaiveDate) -> bool {
    !item.done && item.due.is_some_and(|d| d < as_of)
}

/// Sets every goal's, benchmark's and action step's status for the site's as-of date.
/// Runs at the end of `resolve` and again after trackers change values.
pub fn derive(site: &mut Site) {
    let as_of = site.scope.as_of;
    let config = &site.config;
    for page in &mut site.pages {
        let PageData::Strategy(s) = &mut page.data else { continue };
        for g in &mut s.goals {
            let p = goal_status(g, config, as_of);
            g.effective_status = p.status;
            g.latest = p.latest;
            g.expected = p.expected;
        }
        for b in &mut s.benchmarks {
            let quarter = b.quarter.as_deref().and_then(|q| config.quarter(q));
            b.effective_status = benchmark_status(b, quarter, as_of);
        }
        for a in &mut s.action_steps {
            a.effective_status = step_status(a, as_of);
        }
    }
}

/// The quarter a plan is in at a date: the one containing it; in a break, the one that just
/// ended; before the year, the first. None without quarters.
pub fn quarter_at(config: &Config, date: NaiveDate) -> Option<&Quarter> {
    config
        .quarter_of(date)
        .or_else(|| config.quarters.iter().filter(|q| q.start <= date).max_by_key(|q| q.start))
        .or_else(|| config.quarters.iter().min_by_key(|q| q.start))
}

/// Where the as-of date sits in the year, in words: "Q2", "between Q1 and Q2",
/// "before Q1", "after Q4"; None without quarters.
pub fn cycle_label(config: &Config, date: NaiveDate) -> Option<String> {
    if let Some(q) = config.quarter_of(date) {
        return Some(q.name.clone());
    }
    let before = config.quarters.iter().filter(|q| q.end < date).max_by_key(|q| q.end);
    let after = config.quarters.iter().filter(|q| q.start > date).min_by_key(|q| q.start);
    match (before, after) {
        (Some(b), Some(a)) => Some(format!("between {} and {}", b.name, a.name)),
        (None, Some(a)) => Some(format!("before {}", a.name)),
        (Some(b), None) => Some(format!("after {}", b.name)),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::config::parse_date(s).unwrap()
    }

    fn config() -> Config {
        let (c, diags) = Config::parse(
            "title: T\nquarters:\n  - { name: Q1, start: 2026-08-17, end: 2026-10-30 }\n  - { name: Q2, start: 2026-11-02, end: 2027-01-22 }\n  - { name: Q3, start: 2027-01-25, end: 2027-04-02 }\n  - { name: Q4, start: 2027-04-05, end: 2027-06-11 }\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        c
    }

    fn goal(baseline: Option<f64>, target: Option<f64>, direction: Direction, ms: &[(&str, f64)]) -> Goal {
        Goal {
            id: "g1".into(),
            index: 0,
            place: 1,
            statement: "A goal".into(),
            measure: None,
            unit: None,
            baseline,
            target,
            direction,
            measurements: ms.iter().map(|(date, value)| Measurement { date: d(date), value: *value }).collect(),
            short: None,
            targets: vec![],
            milestones: vec![],
            status: None,
            effective_status: Status::NoData,
            latest: None,
            expected: None,
        }
    }

    fn bench(quarter: &str, baseline: Option<f64>, target: f64, actual: Option<f64>, dir: Direction) -> Benchmark {
        Benchmark {
            id: "b1".into(),
            index: 0,
            place: 1,
            quarter: Some(quarter.into()),
            goals: vec![],
            statement: "A benchmark".into(),
            unit: None,
            baseline,
            direction: dir,
            target: Some(target),
            actual,
            source: None,
            short: None,
            evidence: None,
            status: None,
            effective_status: Status::NoData,
        }
    }

    fn step(status: &str, due: Option<&str>) -> ActionStep {
        let status = Status::parse(status).unwrap();
        ActionStep {
            id: "a1".into(),
            index: 0,
            place: 1,
            action: "Do it".into(),
            short: None,
            owners: vec![],
            when: None,
            evidence: None,
            support: vec![],
            start: None,
            due: due.map(d),
            completed: None,
            resources: None,
            funding: None,
            benchmarks: vec![],
            status,
            effective_status: Status::NotStarted,
        }
    }

    fn goal_at(g: &Goal, as_of: &str) -> Status {
        goal_status(g, &config(), d(as_of)).status
    }

    fn bench_at(b: &Benchmark, as_of: &str) -> Status {
        let c = config();
        benchmark_status(b, b.quarter.as_deref().and_then(|q| c.quarter(q)), d(as_of))
    }

    #[test]
    fn status_names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        }
        for s in super::super::GOAL_STATUSES.iter().chain(&super::super::BENCHMARK_STATUSES) {
            assert_eq!(Status::parse(s.as_str()), Some(*s));
        }
    }

    #[test]
    fn the_line_runs_from_the_first_quarter_start_to_the_last_quarter_end() {
        let w = plan_window(&config()).unwrap();
        assert_eq!(w, (d("2026-08-17"), d("2027-06-11")));
        assert_eq!(expected(50.0, 80.0, w, d("2026-08-17")), 50.0);
        assert_eq!(expected(50.0, 80.0, w, d("2027-06-11")), 80.0);
        assert_eq!(expected(50.0, 80.0, w, d("2026-07-01")), 50.0, "before the year: the baseline");
        assert_eq!(expected(50.0, 80.0, w, d("2027-08-01")), 80.0, "after the year: the target");
        let mid = expected(0.0, 298.0, w, d("2026-12-01"));
        assert_eq!(mid, 106.0, "106 of 298 days have passed on December 1");
    }

    #[test]
    fn goal_without_a_measurement_has_no_data() {
        assert_eq!(goal_at(&goal(Some(50.0), Some(80.0), Direction::Up, &[]), "2026-11-20"), Status::NoData);
    }

    #[test]
    fn goal_exactly_on_target_is_met_both_ways() {
        let up = goal(Some(50.0), Some(80.0), Direction::Up, &[("2027-05-01", 80.0)]);
        assert_eq!(goal_at(&up, "2027-05-20"), Status::Met);
        let down = goal(Some(21.4), Some(15.0), Direction::Down, &[("2027-05-01", 15.0)]);
        assert_eq!(goal_at(&down, "2027-05-20"), Status::Met);
        let down_above = goal(Some(21.4), Some(15.0), Direction::Down, &[("2027-05-01", 15.1)]);
        assert_ne!(goal_at(&down_above, "2027-05-20"), Status::Met);
    }

    #[test]
    fn a_target_reached_before_the_last_quarter_is_reached_so_far() {
        // A November figure is not the year's result: the goal is met only by a measurement
        // dated in the last quarter (Q4 starts 2027-04-05) or later.
        let g = goal(Some(90.0), Some(95.0), Direction::Up, &[("2026-11-13", 95.5)]);
        assert_eq!(goal_at(&g, "2026-11-20"), Status::Reached);
        assert_eq!(goal_at(&g, "2027-05-01"), Status::Reached, "the same November figure, read in May");
        let g = goal(Some(90.0), Some(95.0), Direction::Up, &[("2026-11-13", 95.5), ("2027-04-05", 95.0)]);
        assert_eq!(goal_at(&g, "2027-04-05"), Status::Met, "the last quarter's first day counts");
        let (no_quarters, _) = Config::parse("title: T\n");
        let g = goal(Some(90.0), Some(95.0), Direction::Up, &[("2026-11-13", 95.5)]);
        assert_eq!(goal_status(&g, &no_quarters, d("2026-11-20")).status, Status::Met, "no cycles, no 'so far'");
    }

    #[test]
    fn goal_on_or_above_the_line_is_on_track() {
        // 106 of 298 days on December 1: the line from 0 to 298 predicts exactly 106.
        let on_line = goal(Some(0.0), Some(298.0), Direction::Up, &[("2026-12-01", 106.0)]);
        assert_eq!(goal_at(&on_line, "2026-12-20"), Status::OnTrack);
        let below = goal(Some(0.0), Some(298.0), Direction::Up, &[("2026-12-01", 105.9)]);
        assert_eq!(goal_at(&below, "2026-12-20"), Status::OffTrack);
    }

    #[test]
    fn goal_direction_down_is_on_track_below_the_line() {
        let line = expected(21.4, 15.0, plan_window(&config()).unwrap(), d("2026-11-13"));
        let under = goal(Some(21.4), Some(15.0), Direction::Down, &[("2026-11-13", line - 0.1)]);
        assert_eq!(goal_at(&under, "2026-11-20"), Status::OnTrack);
        let over = goal(Some(21.4), Some(15.0), Direction::Down, &[("2026-11-13", line + 0.1)]);
        assert_eq!(goal_at(&over, "2026-11-20"), Status::OffTrack);
    }

    #[test]
    fn goal_without_a_baseline_is_in_progress_until_met() {
        let g = goal(None, Some(85.0), Direction::Up, &[("2026-10-23", 74.0)]);
        assert_eq!(goal_at(&g, "2026-11-20"), Status::InProgress);
        let g = goal(None, Some(85.0), Direction::Up, &[("2026-10-23", 86.0)]);
        assert_eq!(goal_at(&g, "2026-11-20"), Status::Reached);
    }

    #[test]
    fn goal_without_quarters_has_no_line() {
        let g = goal(Some(50.0), Some(80.0), Direction::Up, &[("2026-10-01", 60.0)]);
        let (no_quarters, _) = Config::parse("title: T\n");
        assert_eq!(goal_status(&g, &no_quarters, d("2026-11-20")).status, Status::InProgress);
    }

    #[test]
    fn measurements_after_the_as_of_date_are_ignored() {
        let g = goal(Some(50.0), Some(80.0), Direction::Up, &[("2026-09-01", 40.0), ("2026-12-01", 90.0)]);
        let p = goal_status(&g, &config(), d("2026-11-20"));
        assert_eq!(p.status, Status::OffTrack);
        assert_eq!(p.latest.map(|m| m.value), Some(40.0));
        assert_eq!(goal_at(&g, "2026-12-01"), Status::Reached, "dated on the as-of date counts");
        assert_eq!(goal_at(&g, "2026-08-31"), Status::NoData);
    }

    #[test]
    fn milestones_judge_a_goal_where_the_straight_line_would_not() {
        // The line from 40 (Aug 17) to 80 (Jun 11) expects about 54 on December 1; the
        // district's interim measures expect 60 in Q2 (a steep fall, a flatter spring).
        let mut g = goal(Some(40.0), Some(80.0), Direction::Up, &[("2026-12-01", 57.0)]);
        assert_eq!(goal_at(&g, "2026-12-10"), Status::OnTrack, "by the straight line");
        g.milestones = vec![
            crate::model::Milestone { quarter: "Q1".into(), target: 50.0 },
            crate::model::Milestone { quarter: "Q2".into(), target: 60.0 },
        ];
        assert_eq!(goal_at(&g, "2026-12-10"), Status::OffTrack, "57 misses Q2's milestone of 60");
        let p = goal_status(&g, &config(), d("2026-12-10"));
        assert_eq!(p.expected, Some(60.0));
        // A measurement in a quarter without a milestone is judged by the latest earlier one.
        g.milestones.truncate(1);
        g.measurements = vec![Measurement { date: d("2026-12-01"), value: 52.0 }];
        assert_eq!(goal_at(&g, "2026-12-10"), Status::OnTrack, "52 reaches Q1's 50");
        // Milestones need no baseline.
        g.baseline = None;
        assert_eq!(goal_at(&g, "2026-12-10"), Status::OnTrack);
    }

    #[test]
    fn an_explicit_status_wins() {
        let mut g = goal(Some(50.0), Some(80.0), Direction::Up, &[("2026-10-01", 90.0)]);
        g.status = Some(Status::OffTrack);
        assert_eq!(goal_at(&g, "2026-11-20"), Status::OffTrack);
        let mut b = bench("Q3", None, 90.0, None, Direction::Up);
        b.status = Some(Status::Met);
        assert_eq!(bench_at(&b, "2026-11-20"), Status::Met);
    }

    #[test]
    fn benchmark_is_upcoming_until_its_quarter_starts() {
        let b = bench("Q2", None, 90.0, Some(95.0), Direction::Up);
        assert_eq!(bench_at(&b, "2026-11-01"), Status::Upcoming);
        assert_eq!(bench_at(&b, "2026-11-02"), Status::Met, "the quarter's first day counts as started");
    }

    #[test]
    fn a_benchmark_without_an_actual_is_pending_until_its_quarter_ends() {
        let b = bench("Q2", None, 90.0, None, Direction::Up);
        assert_eq!(bench_at(&b, "2026-11-02"), Status::Pending);
        assert_eq!(bench_at(&b, "2027-01-22"), Status::Pending, "the quarter's last day is still under way");
        assert_eq!(bench_at(&b, "2027-01-23"), Status::NoData);
        let mut no_quarter = b.clone();
        no_quarter.quarter = None;
        assert_eq!(bench_at(&no_quarter, "2026-11-20"), Status::NoData, "no window to be pending in");
    }

    #[test]
    fn benchmark_met_partially_met_not_met() {
        assert_eq!(bench_at(&bench("Q1", None, 90.0, Some(90.0), Direction::Up), "2026-11-20"), Status::Met);
        assert_eq!(
            bench_at(&bench("Q1", Some(45.0), 85.0, Some(78.0), Direction::Up), "2026-11-20"),
            Status::PartiallyMet
        );
        assert_eq!(bench_at(&bench("Q1", Some(45.0), 85.0, Some(45.0), Direction::Up), "2026-11-20"), Status::NotMet);
        assert_eq!(bench_at(&bench("Q1", Some(82.0), 95.0, Some(80.0), Direction::Up), "2026-11-20"), Status::NotMet);
        assert_eq!(bench_at(&bench("Q1", None, 90.0, Some(70.0), Direction::Up), "2026-11-20"), Status::NotMet);
    }

    #[test]
    fn benchmark_direction_down() {
        assert_eq!(bench_at(&bench("Q1", Some(9.0), 3.0, Some(3.0), Direction::Down), "2026-11-20"), Status::Met);
        assert_eq!(
            bench_at(&bench("Q1", Some(9.0), 3.0, Some(4.0), Direction::Down), "2026-11-20"),
            Status::PartiallyMet
        );
        assert_eq!(bench_at(&bench("Q1", Some(9.0), 3.0, Some(10.0), Direction::Down), "2026-11-20"), Status::NotMet);
    }

    #[test]
    fn step_is_overdue_only_after_its_due_date() {
        assert_eq!(step_status(&step("in-progress", Some("2026-11-19")), d("2026-11-20")), Status::Overdue);
        assert_eq!(step_status(&step("in-progress", Some("2026-11-20")), d("2026-11-20")), Status::InProgress);
        assert_eq!(step_status(&step("blocked", Some("2026-11-01")), d("2026-11-20")), Status::Overdue);
        assert_eq!(step_status(&step("done", Some("2026-11-01")), d("2026-11-20")), Status::Done);
        assert_eq!(step_status(&step("not-started", None), d("2026-11-20")), Status::NotStarted);
    }

    #[test]
    fn action_items_are_overdue_like_steps() {
        let item = |done, due: &str| super::super::ActionItem {
            index: 0,
            task: "T".into(),
            owner: None,
            due: Some(d(due)),
            done,
        };
        assert!(item_overdue(&item(false, "2026-11-19"), d("2026-11-20")));
        assert!(!item_overdue(&item(false, "2026-11-20"), d("2026-11-20")));
        assert!(!item_overdue(&item(true, "2026-11-01"), d("2026-11-20")));
    }

    #[test]
    fn the_quarter_at_hand() {
        let c = config();
        let name = |s: &str| quarter_at(&c, d(s)).map(|q| q.name.clone());
        assert_eq!(name("2026-11-20").as_deref(), Some("Q2"));
        assert_eq!(name("2026-10-31").as_deref(), Some("Q1"), "in a break: the quarter that just ended");
        assert_eq!(name("2026-07-01").as_deref(), Some("Q1"));
        assert_eq!(name("2027-07-01").as_deref(), Some("Q4"));
        assert_eq!(cycle_label(&c, d("2026-10-31")).as_deref(), Some("between Q1 and Q2"));
        assert_eq!(cycle_label(&c, d("2026-07-01")).as_deref(), Some("before Q1"));
        assert_eq!(cycle_label(&c, d("2027-06-12")).as_deref(), Some("after Q4"));
        assert_eq!(cycle_label(&c, d("2027-06-11")).as_deref(), Some("Q4"));
    }
}
