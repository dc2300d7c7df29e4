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
        #[derive(Debug, Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $front {
            #[serde(default, deserialize_with = "yaml::opt_text")]
            #[schemars(with = "Option<crate::content::schema::Text>")]
            title: Option<String>,
            #[serde(default, deserialize_with = "yaml::opt_text")]
            #[schemars(with = "Option<crate::content::schema::Text>")]
            short: Option<String>,
            #[serde(default, deserialize_with = "yaml::opt_text")]
            #[schemars(with = "Option<crate::content::schema::Text>")]
            id: Option<String>,
            #[serde(default, deserialize_with = "yaml::opt_text")]
            #[schemars(with = "Option<crate::content::schema::Text>")]
            kind: Option<String>,
            #[serde(default, deserialize_with = "yaml::opt_text")]
            #[schemars(with = "Option<crate::content::schema::Text>")]
            date: Option<String>,
            #[serde(default)]
            draft: Option<bool>,
            #[serde(default, deserialize_with = "yaml::opt_text")]
            #[schemars(with = "Option<crate::content::schema::Text>")]
            visibility: Option<String>,
            #[serde(default, deserialize_with = "yaml::opt_text")]
            #[schemars(with = "Option<crate::content::schema::Text>")]
            summary: Option<String>,
            #[serde(default, deserialize_with = "yaml::text_list")]
            #[schemars(with = "crate::content::schema::TextList")]
            tags: Vec<String>,
            #[serde(default, deserialize_with = "yaml::opt_number")]
            #[schemars(with = "Option<crate::content::schema::Number>")]
            weight: Option<f64>,
            #[serde(default, deserialize_with = "yaml::opt_text")]
            #[schemars(with = "Option<crate::content::schema::Text>")]
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
    #[schemars(with = "Option<crate::content::schema::Text>")]
    role: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    email: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    phone: Option<String>,
    /// How the people index sorts this person (default: family name, then given names).
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    sort_as: Option<String>,
});

front_matter!(TeamFront => TeamFields {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    level: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    purpose: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    cadence: Option<String>,
    #[serde(default)]
    meets: Option<RawMeets>,
    #[serde(default)]
    members: Vec<RawMember>,
    #[serde(default)]
    links: Vec<RawTeamLink>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    parent: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    until: Option<String>,
    #[serde(default)]
    standing_items: Vec<RawStandingItem>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    norms: Vec<String>,
});

#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMeets {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub weekday: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
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
    #[schemars(with = "crate::content::schema::TextList")]
    pub dates: Vec<String>,
}

#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMember {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub person: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub role: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTeamLink {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub to: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub sends: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStandingItem {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub topic: Option<String>,
    #[serde(default)]
    pub minutes: Option<u32>,
    #[serde(default, rename = "type", deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub lead: Option<String>,
}

front_matter!(StrategyFront => StrategyFields {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    description: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    area: Option<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    addresses: Vec<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    team: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    owner: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    challenge: Option<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    root_causes: Vec<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
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

#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGoal {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub short: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub statement: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub measure: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub unit: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    #[schemars(with = "Option<crate::content::schema::Number>")]
    pub baseline: Option<f64>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    #[schemars(with = "Option<crate::content::schema::Number>")]
    pub target: Option<f64>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub direction: Option<String>,
    #[serde(default)]
    pub measurements: Vec<RawMeasurement>,
    #[serde(default)]
    pub targets: Vec<RawYearTarget>,
    #[serde(default)]
    pub milestones: Vec<RawMilestone>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub visibility: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMeasurement {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    #[schemars(with = "Option<crate::content::schema::Number>")]
    pub value: Option<f64>,
}

/// A target for a later school year (multi-year target setting).
#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawYearTarget {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub year: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    #[schemars(with = "Option<crate::content::schema::Number>")]
    pub value: Option<f64>,
}

/// An interim target for one quarter (testing window) of the year.
#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMilestone {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub quarter: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    #[schemars(with = "Option<crate::content::schema::Number>")]
    pub target: Option<f64>,
}

#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBenchmark {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub short: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub quarter: Option<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    pub goals: Vec<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub statement: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub unit: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    #[schemars(with = "Option<crate::content::schema::Number>")]
    pub baseline: Option<f64>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub direction: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    #[schemars(with = "Option<crate::content::schema::Number>")]
    pub target: Option<f64>,
    #[serde(default, deserialize_with = "yaml::opt_number")]
    #[schemars(with = "Option<crate::content::schema::Number>")]
    pub actual: Option<f64>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub source: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub evidence: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub visibility: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawActionStep {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub short: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub action: Option<String>,
    /// One or several: person, team or role-group ids.
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    pub owner: Vec<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    pub support: Vec<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub start: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub due: Option<String>,
    /// Timing in words ("Start of school year"), shown as written.
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub when: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub completed: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub resources: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub funding: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub evidence: Option<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    pub benchmarks: Vec<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub visibility: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReflection {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub quarter: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub text: Option<String>,
}

front_matter!(ChallengeFront => ChallengeFields {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    data: Option<String>,
    #[serde(default)]
    root_causes: Vec<RawRootCause>,
});

/// A root cause of a priority performance challenge.
#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRootCause {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub statement: Option<String>,
}

front_matter!(AgendaFront => AgendaFields {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    team: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    start: Option<String>,
    #[serde(default)]
    minutes: Option<u32>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    location: Option<String>,
    #[serde(default)]
    roles: std::collections::BTreeMap<String, String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    present: Vec<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    absent: Vec<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    guests: Vec<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    objectives: Vec<String>,
    #[serde(default)]
    items: Vec<RawAgendaItem>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    decisions: Vec<String>,
    #[serde(default)]
    action_items: Vec<RawActionItem>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    #[schemars(with = "crate::content::schema::TextList")]
    next_items: Vec<String>,
});

#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAgendaItem {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub topic: Option<String>,
    #[serde(default)]
    pub minutes: Option<u32>,
    #[serde(default, rename = "type", deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub lead: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub strategy: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub benchmark: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub notes: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub visibility: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawActionItem {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub task: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub owner: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
    pub due: Option<String>,
    #[serde(default)]
    pub done: Option<bool>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    #[schemars(with = "Option<crate::content::schema::Text>")]
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
