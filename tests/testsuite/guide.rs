//! The user guide (docs/guide/) keeps up with the code: every rule has its own entry in the
//! checks guide, every front matter field and site.yaml setting a row in a fields table.

use std::collections::BTreeSet;

use clockwork::content::kinds::{self, COMMON_FIELDS, field_names};
use clockwork::diagnostics::Rule;

use crate::common::repo;

fn guide(file: &str) -> String {
    std::fs::read_to_string(repo().join("docs/guide").join(file)).unwrap_or_else(|e| panic!("docs/guide/{file}: {e}"))
}

/// The field names in the first column of the file's tables: `| `name` | …`.
fn table_fields(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .map(str::to_string)
        .collect()
}

fn missing(file: &str, fields: &[&[&str]], skip: &[&str]) -> Vec<String> {
    let listed = table_fields(&guide(file));
    fields
        .iter()
        .flat_map(|f| f.iter())
        .filter(|f| !skip.contains(f) && !listed.contains(**f))
        .map(|f| format!("{file}: `{f}`"))
        .collect()
}

#[test]
fn every_rule_has_its_own_heading_in_the_checks_guide() {
    let text = guide("checks.md");
    let headings: BTreeSet<&str> = text
        .lines()
        .filter(|l| l.starts_with('#'))
        .filter_map(|l| l.trim_start_matches('#').trim().strip_prefix('`')?.strip_suffix('`'))
        .collect();
    let missing: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).filter(|id| !headings.contains(id)).collect();
    assert!(missing.is_empty(), "rules without a heading in docs/guide/checks.md: {missing:?}");
    // Each rule's guide link (`Rule::docs`) lands on its heading: GitHub's anchor of "`id`".
    for rule in Rule::ALL {
        let (file, anchor) = rule.docs().split_once('#').map(|(f, a)| (f.to_string(), a.to_string())).unwrap();
        assert_eq!(file, "docs/guide/checks.md");
        assert!(headings.contains(anchor.as_str()), "{anchor}");
    }
}

#[test]
fn every_field_and_setting_has_a_row_in_the_guide() {
    let mut gaps = missing("pages.md", &[&COMMON_FIELDS], &[]);
    gaps.extend(missing("person.md", &[field_names::<kinds::PersonFront>()], &COMMON_FIELDS));
    let team = [
        field_names::<kinds::TeamFront>(),
        field_names::<kinds::RawMeets>(),
        field_names::<kinds::RawMember>(),
        field_names::<kinds::RawTeamLink>(),
        field_names::<kinds::RawStandingItem>(),
    ];
    gaps.extend(missing("team.md", &team, &COMMON_FIELDS));
    let strategy = [
        field_names::<kinds::StrategyFront>(),
        field_names::<kinds::RawGoal>(),
        field_names::<kinds::RawMeasurement>(),
        field_names::<kinds::RawYearTarget>(),
        field_names::<kinds::RawMilestone>(),
        field_names::<kinds::RawBenchmark>(),
        field_names::<kinds::RawActionStep>(),
        field_names::<kinds::RawReflection>(),
    ];
    gaps.extend(missing("strategy.md", &strategy, &COMMON_FIELDS));
    let agenda = [
        field_names::<kinds::AgendaFront>(),
        field_names::<kinds::RawAgendaItem>(),
        field_names::<kinds::RawActionItem>(),
    ];
    gaps.extend(missing("agenda.md", &agenda, &COMMON_FIELDS));
    let challenge = [field_names::<kinds::ChallengeFront>(), field_names::<kinds::RawRootCause>()];
    gaps.extend(missing("challenge.md", &challenge, &COMMON_FIELDS));
    let (settings, quarter, role) = clockwork::config::setting_names();
    gaps.extend(missing("site-yaml.md", &[settings, quarter, role], &[]));
    assert!(gaps.is_empty(), "fields without a row in the guide's tables: {gaps:#?}");
}
