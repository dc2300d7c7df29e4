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
}

pub const COMMON_FIELDS: [&str; 10] =
    ["title", "short", "id", "kind", "date", "draft", "visibility", "summary", "tags", "weight"];

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
            #[serde(default)]
            weight: Option<f64>,
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
    pub statement: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub measure: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub unit: Option<String>,
    #[serde(default)]
    pub baseline: Option<f64>,
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub direction: Option<String>,
    #[serde(default)]
    pub measurements: Vec<RawMeasurement>,
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
    #[serde(default)]
    pub value: Option<f64>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBenchmark {
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub quarter: Option<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    pub goals: Vec<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub statement: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub unit: Option<String>,
    #[serde(default)]
    pub baseline: Option<f64>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub direction: Option<String>,
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub actual: Option<f64>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub source: Option<String>,
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
    pub action: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub owner: Option<String>,
    #[serde(default, deserialize_with = "yaml::text_list")]
    pub support: Vec<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub start: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub due: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub completed: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub resources: Option<String>,
    #[serde(default, deserialize_with = "yaml::opt_text")]
    pub funding: Option<String>,
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
