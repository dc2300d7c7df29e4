//! Rules on a strategy's shape: one sticky sentence, a one-paragraph description, 2–3
//! measurable goals, 2–4 benchmarks per quarter that has begun, each tied to a goal.

use super::Cx;
use super::place::{at_entry, at_field, written};
use crate::diagnostics::{Diagnostic, Rule};
use crate::model::{Page, Strategy};
use crate::present::named;

/// The longest strategy statement, in words, that still reads as one sticky sentence.
pub const MAX_WORDS: usize = 25;
pub const GOALS: std::ops::RangeInclusive<usize> = 2..=3;
pub const BENCHMARKS_PER_QUARTER: std::ops::RangeInclusive<usize> = 2..=4;

/// `strategy-one-sentence`: the statement (the strategy's title) is one sentence of at most 25 words.
pub fn one_sentence(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, _) in cx.site.strategies() {
        let (n_sentences, n_words) = (sentences(&page.title), words(&page.title));
        let mut problems = Vec::new();
        if n_sentences > 1 {
            problems.push(format!("{n_sentences} sentences"));
        }
        if n_words > MAX_WORDS {
            problems.push(format!("{n_words} words (more than {MAX_WORDS})"));
        }
        if !problems.is_empty() {
            let message =
                format!("the strategy statement has {}: a strategy is one sticky sentence", problems.join(" and "));
            out.push(cx.at(Rule::StrategyOneSentence, page, &["title"], message));
        }
    }
}

/// `description-one-paragraph`: the `description:` is one paragraph (without one, the body's
/// first paragraph is the description, which is one paragraph by definition).
pub fn description_one_paragraph(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, s) in cx.site.strategies() {
        let Some(description) = &s.description else { continue };
        // A value on one line is one paragraph in every YAML style.
        if !description.contains('\n') {
            continue;
        }
        let n = paragraphs(description, is_literal_block(page, "description"));
        if n > 1 {
            let message = format!("the description has {n} paragraphs: keep it to one");
            out.push(at_field(Rule::DescriptionOneParagraph, page, &["description"], message));
        }
    }
}

/// `goals-count`: 2–3 end-of-year goals. Too many points at the first goal past the third.
pub fn goals_count(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, s) in cx.site.strategies() {
        let n = s.goals.len();
        if GOALS.contains(&n) {
            continue;
        }
        let d = match s.goals.get(*GOALS.end()) {
            Some(extra) => at_entry(
                Rule::GoalsCount,
                page,
                "goals",
                extra.index,
                format!("this strategy has {n} end-of-year goals; {} at most keeps it focused", GOALS.end()),
            ),
            None => at_field(
                Rule::GoalsCount,
                page,
                &["goals"],
                format!("this strategy has {n} end-of-year goal{}; it needs at least {}", plural(n), GOALS.start()),
            ),
        };
        out.push(d);
    }
}

/// `goal-measurable`: every goal has a `measure:` and a `target:`.
pub fn goal_measurable(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, s) in cx.site.strategies() {
        for goal in &s.goals {
            let missing: Vec<&str> = [("measure", goal.measure.is_none()), ("target", goal.target.is_none())]
                .into_iter()
                .filter_map(|(field, missing)| missing.then_some(field))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let fields = missing.iter().map(|f| format!("`{f}:`")).collect::<Vec<_>>().join(" and no ");
            let message = format!("{} has no {fields}, so no one can tell whether it was met", named(goal));
            out.push(at_entry(Rule::GoalMeasurable, page, "goals", goal.index, message));
        }
    }
}

/// `benchmarks-per-quarter`: each quarter that has begun at the as-of date has 2–4 benchmarks.
pub fn benchmarks_per_quarter(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let as_of = cx.site.scope.as_of;
    // A strategy with no benchmarks at all is `strategy-benchmarks`, once, not once a quarter.
    for (page, s) in cx.site.strategies().filter(|(_, s)| !s.benchmarks.is_empty()) {
        for quarter in cx.site.config.quarters.iter().filter(|q| q.start <= as_of) {
            let of_quarter: Vec<_> =
                s.benchmarks.iter().filter(|b| b.quarter.as_deref() == Some(&quarter.name)).collect();
            let n = of_quarter.len();
            if BENCHMARKS_PER_QUARTER.contains(&n) {
                continue;
            }
            let (index, message) = match (of_quarter.get(*BENCHMARKS_PER_QUARTER.end()), of_quarter.first()) {
                (Some(extra), _) => (
                    Some(extra.index),
                    format!(
                        "{} has {n} benchmarks for this strategy; {} at most keeps the quarter focused",
                        quarter.name,
                        BENCHMARKS_PER_QUARTER.end()
                    ),
                ),
                (None, first) => (
                    first.map(|b| b.index),
                    format!(
                        "{} has {n} benchmark{} for this strategy; plan at least {}",
                        quarter.name,
                        plural(n),
                        BENCHMARKS_PER_QUARTER.start()
                    ),
                ),
            };
            let d = match index {
                Some(i) => at_entry(Rule::BenchmarksPerQuarter, page, "benchmarks", i, message),
                None => at_field(Rule::BenchmarksPerQuarter, page, &["benchmarks"], message),
            };
            out.push(d);
        }
    }
}

/// `benchmark-goal`: every benchmark names the goal(s) it drives.
pub fn benchmark_goal(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, s) in cx.site.strategies() {
        for b in s.benchmarks.iter().filter(|b| b.goals.is_empty()) {
            let message = format!("{} is tied to no goal", named(b));
            out.push(at_entry(Rule::BenchmarkGoal, page, "benchmarks", b.index, message).with_help(format!(
                "list the goals it drives, e.g. `goals: [{}]`",
                goal_ids(s).unwrap_or("g1".into())
            )));
        }
    }
}

fn goal_ids(s: &Strategy) -> Option<String> {
    (!s.goals.is_empty()).then(|| s.goals.iter().map(|g| g.id.as_str()).collect::<Vec<_>>().join(", "))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Whether a top-level field is written as a literal block (`field: |`), where single line
/// breaks are kept; in every other style a kept line break stands for a blank line.
fn is_literal_block(page: &Page, field: &str) -> bool {
    if !written(page, &[field]) {
        return false;
    }
    let (line, column) = page.src.key_pos(&[field]);
    let text = page.src.text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let after_key = text.chars().skip(column.saturating_sub(1) + field.chars().count()).collect::<String>();
    after_key.trim_start().trim_start_matches(':').trim_start().starts_with('|')
}

/// Paragraphs of a text value: separated by blank lines, or in a folded or plain value (where
/// YAML turns single line breaks into spaces) by any line break that is left.
pub fn paragraphs(text: &str, literal: bool) -> usize {
    if literal {
        text.split('\n')
            .fold((0, true), |(n, after_blank), line| {
                let blank = line.trim().is_empty();
                (if !blank && after_blank { n + 1 } else { n }, blank)
            })
            .0
    } else {
        text.split('\n').filter(|l| !l.trim().is_empty()).count()
    }
}

/// Words: whitespace-separated tokens with a letter or digit in them ("K-3" is one, "—" none).
pub fn words(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// Sentences: one, plus one for every `.`, `!` or `?` that ends a word and is followed by a
/// word starting with a capital or a digit, unless the word is an abbreviation ("e.g.", "Dr.",
/// "U.S.", an initial).
pub fn sentences(text: &str) -> usize {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.is_empty() {
        return 0;
    }
    let ends = tokens.windows(2).filter(|pair| ends_sentence(pair[0]) && starts_sentence(pair[1])).count();
    1 + ends
}

fn ends_sentence(word: &str) -> bool {
    let word = word.trim_end_matches(['"', '\'', ')', ']', '”', '’', '»']);
    let Some(stem) = word.strip_suffix(['.', '!', '?', '…']) else { return false };
    if !word.ends_with('.') {
        return true;
    }
    let stem = stem.trim_start_matches(['"', '\'', '(', '[', '“', '‘', '«']).to_lowercase();
    let abbreviation = stem.contains('.')
        || stem.chars().count() == 1
        || ["e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "st", "no", "approx", "jr", "sr"]
            .contains(&stem.as_str());
    !abbreviation
}

fn starts_sentence(word: &str) -> bool {
    word.chars().find(|c| c.is_alphanumeric()).is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// `strategy-actions`: a strategy has action steps (a plan with goals and no steps is a wish).
pub fn actions(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, _) in cx.site.strategies().filter(|(_, s)| s.action_steps.is_empty()) {
        let message = "this strategy has no action steps: nothing says who does what, by when";
        out.push(at_field(Rule::StrategyActions, page, &["action_steps"], message));
    }
}

/// `strategy-benchmarks`: a strategy has implementation benchmarks, with or without quarters.
pub fn benchmarks(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, _) in cx.site.strategies().filter(|(_, s)| s.benchmarks.is_empty()) {
        let message = "this strategy has no implementation benchmarks: nothing shows whether it is being carried out";
        out.push(at_field(Rule::StrategyBenchmarks, page, &["benchmarks"], message));
    }
}

/// `strategy-owner`: a strategy names who answers for it.
pub fn owner(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (page, _) in cx.site.strategies().filter(|(_, s)| s.owner.is_none()) {
        out.push(at_field(Rule::StrategyOwner, page, &["owner"], "this strategy has no owner"));
    }
}

/// `strategy-challenge`: a strategy answers a challenge: it addresses one, or names one or its
/// root causes in its own words.
pub fn challenge(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let answers = |s: &Strategy| !s.addresses.is_empty() || s.challenge.is_some() || !s.root_causes.is_empty();
    for (page, _) in cx.site.strategies().filter(|(_, s)| !answers(s)) {
        let message = "this strategy names no challenge it answers";
        out.push(at_field(Rule::StrategyChallenge, page, &["addresses"], message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{SITE_YAML, places, run};

    fn strategy(front: &str) -> String {
        format!("---\n{front}---\nBody.\n")
    }

    const GOAL: &str = "  - { id: g1, statement: Readers, measure: \"%\", target: 80 }\n";

    #[test]
    fn counts_sentences_and_words_like_a_reader() {
        assert_eq!(sentences("Every child reads on grade level by the end of third grade."), 1);
        assert_eq!(sentences("Every child reads. Every child writes."), 2);
        assert_eq!(sentences("Read, e.g. Dr. Seuss, with the U.S. team by 3 p.m. Every day."), 1);
        assert_eq!(sentences("We read! 80% of students write?"), 2);
        assert_eq!(sentences("We read (daily). Then we write."), 2);
        assert_eq!(sentences(""), 0);
        assert_eq!(words("K-3 classrooms — all 4 look-fors"), 5);
    }

    #[test]
    fn counts_paragraphs_by_block_style() {
        // A folded block keeps a line break only where the file had a blank line.
        assert_eq!(paragraphs("One paragraph.\nAnother.", false), 2);
        assert_eq!(paragraphs("One long paragraph, folded.", false), 1);
        // A literal block keeps every line break; only blank lines separate paragraphs.
        assert_eq!(paragraphs("line one\nline two\n", true), 1);
        assert_eq!(paragraphs("line one\n\n  \nline two\n", true), 2);
    }

    #[test]
    fn one_sentence_points_at_the_title() {
        let long = "word ".repeat(26);
        let files = [
            ("content/strategies/a.md", strategy("title: We read. We write.\n")),
            ("content/strategies/b.md", strategy(&format!("title: {long}\n"))),
            ("content/strategies/c.md", strategy(&format!("title: {}\n", "word ".repeat(25)))),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(f, t)| (*f, t.as_str())).collect();
        let d = run(one_sentence, SITE_YAML, &files);
        assert_eq!(places(&d), [(Rule::StrategyOneSentence, 2, 8), (Rule::StrategyOneSentence, 2, 8)]);
        assert!(d[0].message.contains("2 sentences"), "{}", d[0].message);
        assert!(d[1].message.contains("26 words"), "{}", d[1].message);
    }

    #[test]
    fn description_paragraphs_follow_the_yaml_style() {
        let folded = strategy("title: T\ndescription: >-\n  One line\n  folded.\n\n  Second paragraph.\n");
        let literal = strategy("title: T\ndescription: |\n  One line\n  kept.\n");
        let files = [("content/strategies/a.md", folded.as_str()), ("content/strategies/b.md", literal.as_str())];
        let d = run(description_one_paragraph, SITE_YAML, &files);
        assert_eq!(places(&d), [(Rule::DescriptionOneParagraph, 3, 1)]);
        assert_eq!(d[0].file, "content/strategies/a.md");
    }

    #[test]
    fn goals_count_points_at_the_goals_or_the_extra_goal() {
        let one = strategy(&format!("title: T\ngoals:\n{GOAL}"));
        let none = strategy("title: T\n");
        let four = strategy(&format!(
            "title: T\ngoals:\n{GOAL}{}{}{}",
            GOAL.replace("g1", "g2"),
            GOAL.replace("g1", "g3"),
            GOAL.replace("g1", "g4")
        ));
        let three =
            strategy(&format!("title: T\ngoals:\n{GOAL}{}{}", GOAL.replace("g1", "g2"), GOAL.replace("g1", "g3")));
        let files = [
            ("content/strategies/a.md", one.as_str()),
            ("content/strategies/b.md", none.as_str()),
            ("content/strategies/c.md", four.as_str()),
            ("content/strategies/d.md", three.as_str()),
        ];
        let d = run(goals_count, SITE_YAML, &files);
        assert_eq!(places(&d), [(Rule::GoalsCount, 3, 1), (Rule::GoalsCount, 2, 8), (Rule::GoalsCount, 7, 5)]);
    }

    #[test]
    fn goal_measurable_names_what_is_missing() {
        let text = strategy(&format!("title: T\ngoals:\n{GOAL}  - id: g2\n    statement: Writers\n"));
        let d = run(goal_measurable, SITE_YAML, &[("content/strategies/a.md", &text)]);
        assert_eq!(places(&d), [(Rule::GoalMeasurable, 5, 5)]);
        assert!(d[0].message.contains("no `measure:` and no `target:`"), "{}", d[0].message);
    }

    #[test]
    fn benchmarks_per_quarter_counts_quarters_that_have_begun() {
        let b = |id: &str, q: &str| format!("  - {{ id: {id}, quarter: {q}, goals: [g1], statement: S }}\n");
        let text = strategy(&format!(
            "title: T\nbenchmarks:\n{}{}{}{}{}{}{}{}",
            b("b1", "Q1"),
            b("b2", "Q1"),
            b("b3", "Q1"),
            b("b4", "Q1"),
            b("b5", "Q1"),
            b("b6", "Q2"),
            b("b7", "Q3"),
            b("b8", "Q4")
        ));
        let d = run(benchmarks_per_quarter, SITE_YAML, &[("content/strategies/a.md", &text)]);
        // Q1 has five (the fifth is flagged), Q2 one; Q3 and Q4 have not begun on 2026-11-20.
        assert_eq!(places(&d), [(Rule::BenchmarksPerQuarter, 8, 5), (Rule::BenchmarksPerQuarter, 9, 5)]);
        assert!(d[1].message.starts_with("Q2 has 1 benchmark "), "{}", d[1].message);
        let none = run(benchmarks_per_quarter, SITE_YAML, &[("content/strategies/a.md", &strategy("title: T\n"))]);
        assert_eq!(places(&none), [], "no benchmarks at all is `strategy-benchmarks`, reported once");
    }

    #[test]
    fn benchmark_goal_flags_untied_benchmarks() {
        let text = strategy(&format!(
            "title: T\ngoals:\n{GOAL}benchmarks:\n  - {{ id: b1, quarter: Q1, goals: [g1], statement: S }}\n  - {{ id: b2, quarter: Q1, statement: S }}\n"
        ));
        let d = run(benchmark_goal, SITE_YAML, &[("content/strategies/a.md", &text)]);
        assert_eq!(places(&d), [(Rule::BenchmarkGoal, 7, 5)]);
        assert_eq!(d[0].help.as_deref(), Some("list the goals it drives, e.g. `goals: [g1]`"));
    }
}
