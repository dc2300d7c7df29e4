//! Every rule clockwork reports, in one typed registry: its id, default severity, what it
//! means, how to meet it and where the user guide explains it. Checks, the diagnostics
//! printers, the checks page, site.yaml `checks:` and the guide's rule table all read it, so
//! a misspelled rule cannot compile and a new rule is one line here and one check function.

use serde::Serialize;

use super::Severity;

/// Declares `Rule` and its table from one line per rule.
macro_rules! rules {
    ($( $variant:ident = $id:literal, $severity:ident, $explanation:expr, $help:expr, $fix:expr; )*) => {
        /// One rule, by its id in the user guide and in site.yaml `checks:`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $( $variant, )* }

        impl Rule {
            /// Every rule, in the order the user guide lists them.
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            /// The rule's id: `goals-count`.
            pub fn id(self) -> &'static str {
                match self { $( Rule::$variant => $id, )* }
            }

            /// Its severity unless site.yaml `checks:` changes it.
            pub fn severity(self) -> Severity {
                match self { $( Rule::$variant => rules!(@severity $severity), )* }
            }

            /// What the rule means, in one line (the checks page's rule list).
            pub fn explanation(self) -> &'static str {
                match self { $( Rule::$variant => $explanation, )* }
            }

            /// How to meet it, in one line (shown under a diagnostic without its own help).
            pub fn help(self) -> &'static str {
                match self { $( Rule::$variant => $help, )* }
            }

            /// What to do, as a principal would say it: the checks page leads with it.
            pub fn fix(self) -> &'static str {
                match self { $( Rule::$variant => $fix, )* }
            }
        }
    };
    (@severity error) => { Severity::Error };
    (@severity warning) => { Severity::Warning };
}

rules! {
    YamlSyntax = "yaml-syntax", error,
        "the front matter is not valid YAML, or a value is of the wrong kind",
        "front matter sits between two `---` lines: check the indentation, the colons and the quotes around text with `:` or `#` in it",
        "Fix the front matter at this line.";
    UnknownField = "unknown-field", error,
        "a field name is not one clockwork knows for this kind of page",
        "fix the spelling, or remove the field; unknown fields are refused so that no data is silently lost",
        "Correct or remove this field.";
    MissingTitle = "missing-title", error,
        "a page has no title",
        "add `title:` to the front matter (or a `# Heading` to a page without front matter)",
        "Give this page a title.";
    DuplicateId = "duplicate-id", error,
        "two files use the same id for the same kind, or write the same output file",
        "rename one of the files or give it its own `id:`",
        "Give one of the two files its own name.";
    UnknownReference = "unknown-reference", error,
        "an id names a person, team, strategy, challenge, goal, benchmark, level or quarter that does not exist",
        "use an id that exists: a page's file name without `.md`, or a name site.yaml lists",
        "Name something that exists.";
    BadDate = "bad-date", error,
        "a date or time is not in the expected form",
        "write dates as YYYY-MM-DD and times as \"HH:MM\" (24-hour, in quotes)",
        "Write the date as YYYY-MM-DD.";
    BrokenLink = "broken-link", error,
        "an `@/` link points at a file that does not exist",
        "links use the path under content/, e.g. `@/teams/ilt.md`",
        "Point the link at a page that exists.";
    BadCsv = "bad-csv", error,
        "a row of a progress tracker cannot be applied",
        "each row needs an existing `strategy` and `id`, numbers in `actual`/`value` and dates as YYYY-MM-DD",
        "Correct this row of the tracker.";
    BadEncoding = "bad-encoding", error,
        "a file is not UTF-8 text",
        "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
        "Save the file as UTF-8.";
    BadConfig = "bad-config", error,
        "site.yaml is missing a required value or has a wrong one",
        "see docs/guide/site-yaml.md for every setting",
        "Correct this setting in site.yaml.";
    TemplateError = "template-error", error,
        "a template failed to render",
        "check the template named in the message; site templates override the theme's",
        "Correct the template.";
    Unreadable = "unreadable", error,
        "a file or folder of the site cannot be read (its permissions)",
        "give clockwork read access to it (or move it out of the site), so that no page is silently left out",
        "Give the build access to this file or folder.";
    PathCollision = "path-collision", error,
        "two files would be written to output paths that differ only in letter case",
        "rename one of them: Windows and macOS disks treat the two names as one file",
        "Rename one of the two files.";
    BadFileName = "bad-file-name", error,
        "a file's name would make a link that browsers read as an address with a scheme (`javascript:`), or cannot exist on a Windows disk (`con.md`)",
        "rename the file without a colon (Windows does not allow colons in file names either)",
        "Rename the file without a colon.";
    ReferenceCycle = "reference-cycle", error,
        "a team is its own parent, or a strategy supports itself, through a chain of references",
        "break the chain: a `parent:` or `supports:` entry must point up, never back",
        "Break the chain of references.";
    SkippedFile = "skipped-file", warning,
        "a file of the site was skipped (a symlink loop, or a link to a place outside the site)",
        "replace the symlink with the file itself, or link to a place inside the site folder",
        "Replace the link with the file itself.";
    StrategyOneSentence = "strategy-one-sentence", warning,
        "the strategy statement is more than one sentence or over 25 words",
        "state the strategy as one sticky sentence of 25 words or fewer; move detail to `description`",
        "Shorten the strategy statement to one sentence.";
    DescriptionOneParagraph = "description-one-paragraph", warning,
        "the description is more than one paragraph",
        "keep the description to one paragraph; put the rest in the page body",
        "Cut the description to one paragraph.";
    GoalsCount = "goals-count", warning,
        "a strategy has fewer than 2 or more than 3 end-of-year goals",
        "give each strategy 2–3 end-of-year goals",
        "Give the strategy two or three end-of-year goals.";
    GoalMeasurable = "goal-measurable", warning,
        "a goal lacks a target or a measure",
        "give the goal a `measure:` and a numeric `target:`",
        "Say how the goal is measured and what its target is.";
    BenchmarksPerQuarter = "benchmarks-per-quarter", warning,
        "a quarter that has begun has fewer than 2 or more than 4 benchmarks for a strategy",
        "plan 2–4 implementation benchmarks for each quarter",
        "Plan two to four benchmarks for this quarter.";
    BenchmarkGoal = "benchmark-goal", warning,
        "a benchmark is tied to no goal",
        "list the goal ids it drives in `goals: [...]`",
        "Say which goal this benchmark drives.";
    StrategyActions = "strategy-actions", warning,
        "a strategy has no action steps",
        "list the steps that will carry the strategy out, each with an owner and a due date, under `action_steps:`",
        "List the action steps that carry the strategy out.";
    StrategyBenchmarks = "strategy-benchmarks", warning,
        "a strategy has no implementation benchmarks",
        "add 2–4 benchmarks for each quarter under `benchmarks:`: what staff will be seen doing, and how much",
        "Add implementation benchmarks to the strategy.";
    StrategyOwner = "strategy-owner", warning,
        "a strategy has no owner",
        "name the person (or team) who answers for the strategy in `owner:`",
        "Name who owns the strategy.";
    StrategyChallenge = "strategy-challenge", warning,
        "a strategy addresses no challenge and names no challenge or root cause",
        "say which challenge the strategy answers: `addresses: [challenge-id]`, or a sentence in `challenge:`",
        "Say which challenge the strategy answers.";
    ActionOwner = "action-owner", warning,
        "an action step has no owner",
        "name one person or team id in `owner:`",
        "Name who owns this action step.";
    ActionDue = "action-due", warning,
        "an action step has neither a due date nor a `when`",
        "add `due: YYYY-MM-DD`, or the timing in words when there is no one date, e.g. `when: Start of school year`",
        "Give this action step a due date, or its timing in words.";
    ActionOverdue = "action-overdue", warning,
        "an action step is overdue at the as-of date",
        "finish it and set `status: done`, or agree a new `due:` date",
        "Finish this overdue step, or agree a new date.";
    TeamPurpose = "team-purpose", warning,
        "a team has no purpose",
        "add one sentence in `purpose:` saying why the team exists",
        "Write one sentence on why the team exists.";
    TeamFacilitator = "team-facilitator", warning,
        "a team has no member whose role is facilitator, chair, chairperson, co-chair, president, lead or leader",
        "give the member who runs the meetings `role: facilitator` (or chair, president, lead…)",
        "Name who facilitates the team's meetings.";
    TeamRhythm = "team-rhythm", warning,
        "a team has neither `meets` nor `cadence`",
        "say when the team meets: `cadence: Monthly, 2nd Tuesday` for people, and `meets:` for the calendar",
        "Say when the team meets.";
    TeamIsolated = "team-isolated", warning,
        "a team neither sends to nor receives from any team",
        "add a `links:` entry saying what this team sends to whom",
        "Say what this team sends to another team.";
    LoopOpen = "loop-open", warning,
        "a team sends to another that sends nothing back",
        "close the loop: the receiving team adds a `links:` entry back",
        "Close the loop: the receiving team says what it sends back.";
    AgendaOvertime = "agenda-overtime", warning,
        "an agenda's items add up to more minutes than the meeting has",
        "shorten items, or lengthen the meeting with `minutes:`",
        "Trim the agenda to fit the meeting.";
    AgendaUnowned = "agenda-unowned", warning,
        "an agenda action item has no owner or no due date",
        "give each action item an `owner:` and a `due:` date",
        "Give each action item an owner and a due date.";
    AgendaOutcomes = "agenda-outcomes", warning,
        "a meeting that has taken place recorded neither decisions nor action items",
        "record what the meeting decided (`decisions:`) and who does what next (`action_items:`)",
        "Record the meeting's decisions and action items.";
    ChallengeUnaddressed = "challenge-unaddressed", warning,
        "no strategy addresses a priority performance challenge",
        "name the challenge in the `addresses:` of the strategy that answers it, or remove the challenge",
        "Name the strategy that answers this challenge.";
    ImgAlt = "img-alt", warning,
        "an image in a page has no alt text",
        "describe the image in its brackets: `![Walkthrough results by grade](chart.png)` (public school sites must meet WCAG 2.1 AA)",
        "Describe the image for readers who cannot see it.";
    HiddenLink = "hidden-link", warning,
        "a visible page links to, or names by id, a draft or a page outside the audience",
        "remove the link, or publish the page it points at",
        "Publish the page this links to, or remove the link.";
    StaleData = "stale-data", warning,
        "a finished quarter's benchmark has no actual, or a goal's latest measurement is old",
        "record the actual values (in the file or a data/*.csv tracker)",
        "Record the latest results.";
    WordsMissing = "words-missing", warning,
        "a language's catalogue has no words for a key, so pages show the English words there",
        "add the key to the site's i18n/<lang>.yaml with the words in that language",
        "Give the missing interface words in this language.";
    TranslationValue = "translation-value", error,
        "a translation sets a number, a date, a reference or a status, or names an entry its source lacks",
        "a translation holds only words (titles, statements, descriptions, the body); numbers, dates and owners come from the source",
        "Remove this value from the translation: it comes from the source.";
    TranslationStale = "translation-stale", warning,
        "the source of a translation has changed since the translation was made",
        "update the translation's words, then set its `source_hash:` to the one in this message",
        "Bring this translation up to date with its source.";
    TranslationMissing = "translation-missing", warning,
        "a page has no translation into a language site.yaml `translations:` lists (off unless `checks:` turns it on)",
        "write one with `clockwork new translation <path> --lang <lang>`",
        "Translate this page.";
}

impl Rule {
    /// Rules that report nothing unless site.yaml `checks:` gives them a severity.
    pub fn off_by_default(self) -> bool {
        matches!(self, Rule::TranslationMissing)
    }

    pub fn parse(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// Whether site.yaml `checks:` may change its severity: errors protect data and may not.
    pub fn configurable(self) -> bool {
        self.severity() == Severity::Warning
    }

    /// Where the user guide explains it, from the project root.
    pub fn docs(self) -> String {
        format!("docs/guide/checks.md#{}", self.id())
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_id_is_unique_and_parses_back() {
        let mut ids: Vec<_> = Rule::ALL.iter().map(|r| r.id()).collect();
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len());
        for &r in Rule::ALL {
            assert_eq!(Rule::parse(r.id()), Some(r));
        }
    }
}
