//! The check stage: plan-quality rules over the resolved site. Each rule is one small
//! function registered in `CHECKS`; its id, default severity and help live in
//! `diagnostics::RULES`, and site.yaml `checks:` may change its severity.

mod actions;
mod agendas;
mod challenges;
mod data;
mod loops;
pub mod place;
mod strategy;
mod teams;
#[cfg(test)]
pub(crate) mod testing;
pub mod translations;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Rule};
use crate::model::{Page, Relations, Site};

/// What every rule reads.
pub struct Cx<'a> {
    pub site: &'a Site,
    pub rel: &'a Relations,
}

impl Cx<'_> {
    /// A diagnostic at a front matter field of a page (`["goals", "1", "target"]`).
    pub fn at(&self, rule: Rule, page: &Page, path: &[&str], message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(rule, &page.src.file, page.src.pos(path), message)
    }
}

/// One rule (in `diagnostics::Rule`) and the function that finds its problems.
pub struct Check {
    pub rule: Rule,
    pub run: fn(&Cx, &mut Vec<Diagnostic>),
}

/// Every plan-quality rule, in the order the user guide lists them.
pub const CHECKS: &[Check] = &[
    Check { rule: Rule::StrategyOneSentence, run: strategy::one_sentence },
    Check { rule: Rule::DescriptionOneParagraph, run: strategy::description_one_paragraph },
    Check { rule: Rule::GoalsCount, run: strategy::goals_count },
    Check { rule: Rule::GoalMeasurable, run: strategy::goal_measurable },
    Check { rule: Rule::BenchmarksPerQuarter, run: strategy::benchmarks_per_quarter },
    Check { rule: Rule::BenchmarkGoal, run: strategy::benchmark_goal },
    Check { rule: Rule::StrategyActions, run: strategy::actions },
    Check { rule: Rule::StrategyBenchmarks, run: strategy::benchmarks },
    Check { rule: Rule::StrategyOwner, run: strategy::owner },
    Check { rule: Rule::StrategyChallenge, run: strategy::challenge },
    Check { rule: Rule::ActionOwner, run: actions::owner },
    Check { rule: Rule::ActionDue, run: actions::due },
    Check { rule: Rule::ActionOverdue, run: actions::overdue },
    Check { rule: Rule::TeamPurpose, run: teams::purpose },
    Check { rule: Rule::TeamFacilitator, run: teams::facilitator },
    Check { rule: Rule::TeamRhythm, run: teams::rhythm },
    Check { rule: Rule::StaleData, run: data::stale_data },
    Check { rule: Rule::AgendaOvertime, run: agendas::overtime },
    Check { rule: Rule::AgendaUnowned, run: agendas::unowned },
    Check { rule: Rule::AgendaOutcomes, run: agendas::outcomes },
    Check { rule: Rule::ChallengeUnaddressed, run: challenges::unaddressed },
    Check { rule: Rule::TeamIsolated, run: loops::team_isolated },
    Check { rule: Rule::LoopOpen, run: loops::loop_open },
    Check { rule: Rule::TranslationValue, run: translations::values },
    Check { rule: Rule::TranslationStale, run: translations::stale },
    Check { rule: Rule::TranslationMissing, run: translations::missing },
];

/// Runs every rule, in parallel.
pub fn run(site: &Site, rel: &Relations) -> Vec<Diagnostic> {
    let cx = Cx { site, rel };
    CHECKS
        .par_iter()
        .flat_map_iter(|check| {
            let mut out = Vec::new();
            (check.run)(&cx, &mut out);
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    #[test]
    fn every_plan_quality_rule_has_one_check() {
        let checked: Vec<Rule> = CHECKS.iter().map(|c| c.rule).collect();
        let mut unique = checked.clone();
        unique.dedup();
        assert_eq!(checked, unique, "a rule is checked twice");
        for &rule in Rule::ALL {
            // Warnings the checks report, beside those loading and resolving find.
            let found_elsewhere =
                matches!(rule, Rule::SkippedFile | Rule::HiddenLink | Rule::ImgAlt | Rule::WordsMissing);
            if rule.severity() == Severity::Warning && !found_elsewhere {
                assert!(checked.contains(&rule), "{rule} has no check function in CHECKS");
            }
        }
    }
}
