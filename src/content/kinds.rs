//! Front matter as written, one struct per kind. Unknown fields are refused; values stay as
//! text here and are checked (dates, ids, times) when the model is built.

use serde::Deserialize;

use super::yaml;

/// The fields every kind accepts.
#[derive(Debug, Default, Clone)]
pub struct Common {
    pub title: Option<String>,
    pub short: Option<String>,
    pub id: Option<String>,
    pub kind: Option<String>,
    pub date: Option<String>,
    pub draft: Option<bool>,
    pub visibility: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub weight: Option<f64>,
    /// In a translation (`x.es.md`): the first 12 hex digits of the SHA-256 of the source
    /// file it was made from, so that a later change to the source is noticed.
    pub source_hash: Option<String>,
}

pub const COMMON_FIELDS: [&str; 11] =
    ["title", "short", "id", "kind", "date", "draft", "visibility", "summary", "tags", "weight", "source_hash"];

macro_rules! front_matter {
    ($front:ident => $fields:ident { $( $(#[$attr:meta])* $name:ident : $ty:ty ),* $(,)? }) => {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $front {
            #[serde(default, deserialize_with = "yaml::opt_text")]
            title: Option<String>,
            #[serde(default, deserialize_with = "yaml::opt_text")]
            short: Option<String>,
            #[serde(default, deserialize_with = "yaml::opt_text")]
            id: Option<String>,
            #[serde(default, deserialize_with = "yaml::opt_text")]
            kind: Option<String>,
            #[serde(default, deserialize_with = "yaml::opt_text")]
            date: Option<String>,
            #[serde(default)]
            draft: Option<bool>,
            #[serde(default, deserialize_with = "yaml::opt_text")]
            visibility: Option<String>,
            #[serde(default, deserialize_with = "yaml::opt_text")]
            summary: Option<String>,
            #[serde(default, deserialize_with = "yaml::text_list")]
            tags: Vec<String>,
            #[serde(default, deserialize_with = "yaml::opt_number")]
            weight: Option<f64>,
            #[serde(default, deserialize_with = "yaml::opt_text")]
            source_hash: Option<String>,
            $( $(#[$attr])* $name: $ty, )*
        }

        /// The kind's own fields, without the common ones.
        #[derive(Debug, Default, Clone)]
        pub struct $fields { $( pub $name: $ty, )* }

        impl $front {
            pub fn split(self) -> (Common, $fields) {
                let common = Common {
                    title: self.title,
                    short: self.short,
                    id: self.id,
                    kind: self.kind,
                    date: self.date,
                    draft: self.draft,
                    visibility: self.visibility,
                    summary: self.summary,
                    tags: self.tags,
                    weight: self.weight,
                    source_hash: self.source_hash,
                };
                (common, $fields { $( $name: self.$name, )* })
            }
        }
    };
}

front_matter!(PageFront => PageFields {});

front_matter!(PersonFront => PersonFields {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    role: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    email: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    phone: Option<String>,
    /// How the people index sorts this person (default: family name, then given names).
    #[serde(default, deserialize_with = "yaml::opt_text")]
    sort_as: Option<String>,
});

front_matter!(TeamFront => TeamFields {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    level: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    purpose: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    cadence: Option<String>,
    #[serde(default)]
    meets: Option<RawMeets>,
    #[serde(default)]
    members: Vec<RawMember>,
    #[serde(default)]
    links: Vec<RawTeamLink>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    parent: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    until: Option<String>,
    #[serde(default)]
    standing_items: Vec<RawStandingItem>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    norms: Vec<String>,
});

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeets {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub weekday: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub start: Option<String>,
    #[serde(default)]
    pub minutes: Option<u32>,
    #[serde(default)]
    pub every_weeks: Option<u32>,
    /// Monthly, on the nth such weekday (1 to 5, or -1 for the last).
    #[serde(default)]
    pub nth: Option<i64>,
    /// Irregular meetings, by date (they need no weekday).
    #[serde(default, deserialize_with = "yaml::text_list")]
    pub dates: Vec<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMember {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub person: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub role: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTeamLink {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub to: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub sends: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStandingItem {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub topic: Option<String>,
    #[serde(default)]
    pub minutes: Option<u32>,
    #[serde(default, rename = "type", deserialize_with = "yaml::opt_text")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub lead: Option<String>,
}

front_matter!(StrategyFront => StrategyFields {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    description: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    area: Option<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    addresses: Vec<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    team: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    owner: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    challenge: Option<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    root_causes: Vec<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    supports: Vec<String>,
    #[serde(default)]
    goals: Vec<RawGoal>,
    #[serde(default)]
    benchmarks: Vec<RawBenchmark>,
    #[serde(default)]
    action_steps: Vec<RawActionStep>,
    #[serde(default)]
    reflections: Vec<RawReflection>,
});

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGoal {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub short: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub statement: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub measure: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub unit: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    pub baseline: Option<f64>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    pub target: Option<f64>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub direction: Option<String>,
    #[serde(default)]
    pub measurements: Vec<RawMeasurement>,
    #[serde(default)]
    pub targets: Vec<RawYearTarget>,
    #[serde(default)]
    pub milestones: Vec<RawMilestone>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub visibility: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeasurement {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    pub value: Option<f64>,
}

/// A target for a later school year (multi-year target setting).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawYearTarget {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub year: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    pub value: Option<f64>,
}

/// An interim target for one quarter (testing window) of the year.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMilestone {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub quarter: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    pub target: Option<f64>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBenchmark {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub short: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub quarter: Option<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    pub goals: Vec<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub statement: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub unit: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    pub baseline: Option<f64>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub direction: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    pub target: Option<f64>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    pub actual: Option<f64>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub source: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub evidence: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub visibility: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActionStep {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub short: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub action: Option<String>,
    /// One or several: person, team or role-group ids.
    #[serde(default, deserialize_with = "yaml::text_list")]
    pub owner: Vec<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    pub support: Vec<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub start: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub due: Option<String>,
    /// Timing in words ("Start of school year"), shown as written.
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub when: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub completed: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub resources: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub funding: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub evidence: Option<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    pub benchmarks: Vec<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub visibility: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReflection {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub quarter: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub text: Option<String>,
}

front_matter!(ChallengeFront => ChallengeFields {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    data: Option<String>,
    #[serde(default)]
    root_causes: Vec<RawRootCause>,
});

/// A root cause of a priority performance challenge.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRootCause {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub statement: Option<String>,
}

front_matter!(AgendaFront => AgendaFields {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    team: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    start: Option<String>,
    #[serde(default)]
    minutes: Option<u32>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    location: Option<String>,
    #[serde(default)]
    roles: std::collections::BTreeMap<String, String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    present: Vec<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    absent: Vec<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    guests: Vec<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    objectives: Vec<String>,
    #[serde(default)]
    items: Vec<RawAgendaItem>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    decisions: Vec<String>,
    #[serde(default)]
    action_items: Vec<RawActionItem>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    next_items: Vec<String>,
});

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgendaItem {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub topic: Option<String>,
    #[serde(default)]
    pub minutes: Option<u32>,
    #[serde(default, rename = "type", deserialize_with = "yaml::opt_text")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub lead: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub strategy: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub benchmark: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub notes: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub visibility: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActionItem {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub task: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub owner: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub due: Option<String>,
    #[serde(default)]
    pub done: Option<bool>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub visibility: Option<String>,
}

/// The field names a front matter struct accepts, as serde knows them: read by asking it to
/// deserialize from a stand-in that records the names it is offered and reads no data. The
/// checks page and the guide's field test list fields from here, so they never drift.
pub fn field_names<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};

    struct Names<'a>(&'a mut &'static [&'static str]);

    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("field names read")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }

    impl<'de> de::Deserializer<'de> for Names<'_> {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            *self.0 = fields;
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }

    let mut names: &'static [&'static str] = &[];
    let _ = T::deserialize(Names(&mut names));
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_come_from_the_structs() {
        let strategy = field_names::<StrategyFront>();
        for f in COMMON_FIELDS.iter().chain(&["goals", "benchmarks", "action_steps", "challenge"]) {
            assert!(strategy.contains(f), "{f} is not in {strategy:?}");
        }
        assert!(field_names::<RawGoal>().contains(&"measurements"));
        assert_eq!(field_names::<RawMeasurement>(), ["date", "value"]);
    }
}
