//! `stale-data`: progress data kept current. A quarter that has ended needs an actual for
//! each of its benchmarks, and a goal's latest measurement must be recent.

use super::Cx;
use super::place::at_entry;
use crate::diagnostics::{Diagnostic, Rule};
use crate::model::Benchmark;
use crate::present::named;

/// `stale-data`, both halves.
pub fn stale_data(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let as_of = cx.site.scope.as_of;
    let max_age = i64::from(cx.site.config.stale_after_days);
    for (page, s) in cx.site.strategies() {
        for b in &s.benchmarks {
            let Some(quarter) = b.quarter.as_deref().and_then(|q| cx.site.config.quarter(q)) else { continue };
            if quarter.end < as_of && lacks_actual(b) {
                let message =
                    format!("{} ended on {}, and {} has no actual value", quarter.name, quarter.end, named(b));
                out.push(
                    at_entry(Rule::StaleData, page, "benchmarks", b.index, message)
                        .with_help("record the quarter's result in `actual:` (or a data/*.csv tracker row)"),
                );
            }
        }
        for goal in &s.goals {
            let Some(date) = goal.latest.map(|m| m.date) else { continue };
            let age = (as_of - date).num_days();
            if age > max_age {
                let message = format!(
                    "the latest measurement of {} is from {date}, {age} days before the as-of date {as_of} (older than {max_age} days)",
                    named(goal)
                );
                out.push(at_entry(Rule::StaleData, page, "goals", goal.index, message).with_help(
                    "add a recent `measurements:` entry (or a data/*.csv tracker row with `date` and `value`)",
                ));
            }
        }
    }
}

/// No actual value: neither a number nor a status other than `no-data` has been recorded
/// (a benchmark judged met or not met without a number has its data).
fn lacks_actual(b: &Benchmark) -> bool {
    b.actual.is_none() && b.status.is_none_or(|s| s == crate::model::Status::NoData)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{SITE_YAML, places, run};

    #[test]
    fn ended_quarters_need_actuals() {
        let text = concat!(
            "---\ntitle: T\nbenchmarks:\n",
            "  - { id: b1, quarter: Q1, statement: S, actual: 80 }\n",
            "  - { id: b2, quarter: Q1, statement: S }\n",
            "  - { id: b3, quarter: Q1, statement: S, status: not-met }\n",
            "  - { id: b4, quarter: Q2, statement: S }\n",
            "---\n"
        );
        let d = run(stale_data, SITE_YAML, &[("content/strategies/s.md", text)]);
        assert_eq!(places(&d), [(Rule::StaleData, 5, 5)]);
        assert_eq!(d[0].message, "Q1 ended on 2026-10-30, and Benchmark 2 (`b2`) has no actual value");
        // On Q1's last day, Q1 has not ended yet.
        let on_the_day = SITE_YAML.replace("as_of: 2026-11-20", "as_of: 2026-10-30");
        assert!(run(stale_data, &on_the_day, &[("content/strategies/s.md", text)]).is_empty());
    }

    #[test]
    fn goals_need_a_recent_measurement() {
        let text = concat!(
            "---\ntitle: T\ngoals:\n",
            "  - id: g1\n    statement: S\n    measurements:\n      - { date: 2026-09-21, value: 1 }\n",
            "  - id: g2\n    statement: S\n    measurements:\n      - { date: 2026-09-20, value: 1 }\n      - { date: 2026-12-01, value: 2 }\n",
            "  - { id: g3, statement: S }\n",
            "---\n"
        );
        // g1 is 60 days old (not older than 60); g2's only measurement on or before the as-of
        // date is 61 days old; g3 has none, which is no-data rather than stale.
        let d = run(stale_data, SITE_YAML, &[("content/strategies/s.md", text)]);
        assert_eq!(places(&d), [(Rule::StaleData, 8, 5)]);
        assert!(d[0].message.contains("from 2026-09-20, 61 days before"), "{}", d[0].message);
    }
}
