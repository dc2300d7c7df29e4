//! The check stage: plan-quality rules over the resolved site. Each rule is one small
//! function registered in `CHECKS`; its id, default severity and help live in
//! `diagnostics::RULES`, and site.yaml `checks:` may change its severity.

mod actions;
mod agendas;
mod data;
mod loops;
pub mod place;
mod strategy;
mod teams;
#[cfg(test)]
pub(crate) mod testing;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::model::{Page, Relations, Site};

/// What every rule reads.
pub struct Cx<'a> {
    pub site: &'a Site,
    pub rel: &'a Relations,
}

impl Cx<'_> {
    /// A diagnostic at a front matter field of a page (`["goals", "1", "target"]`).
    pub fn at(&self, rule: &'static str, page: &Page, path: &[&str], message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(rule, &page.src.file, page.src.pos(path), message)
    }
}

/// One rule: its id (in `diagnostics::RULES`) and the function that finds its problems.
pub struct Check {
    pub id: &'static str,
    pub run: fn(&Cx, &mut Vec<Diagnostic>),
}

/// Every plan-quality rule, in the order the user guide lists them.
pub const CHECKS: &[Check] = &[
    Check { id: "strategy-one-sentence", run: strategy::one_sentence },
    Check { id: "description-one-paragraph", run: strategy::description_one_paragraph },
    Check { id: "goals-count", run: strategy::goals_count },
    Check { id: "goal-measurable", run: strategy::goal_measurable },
    Check { id: "benchmarks-per-quarter", run: strategy::benchmarks_per_quarter },
    Check { id: "benchmark-goal", run: strategy::benchmark_goal },
    Check { id: "action-owner", run: actions::owner },
    Check { id: "action-due", run: actions::due },
    Check { id: "action-overdue", run: actions::overdue },
    Check { id: "team-purpose", run: teams::purpose },
    Check { id: "team-facilitator", run: teams::facilitator },
    Check { id: "stale-data", run: data::stale_data },
    Check { id: "agenda-overtime", run: agendas::overtime },
    Check { id: "agenda-unowned", run: agendas::unowned },
    Check { id: "team-isolated", run: loops::team_isolated },
    Check { id: "loop-open", run: loops::loop_open },
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

    #[test]
    fn every_check_has_a_registered_rule() {
        for check in CHECKS {
            assert!(crate::diagnostics::rule(check.id).is_some(), "{} is not in diagnostics::RULES", check.id);
        }
    }
}
