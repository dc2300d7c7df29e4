//! The shape of each kind's front matter (which fields, and which of them hold entries with
//! fields of their own), read from the raw structs, so that every unknown field of a file is
//! reported in one run — serde stops at the first.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::Kind;
use super::kinds::*;
use super::yaml::Locations;

// JSON Schema markers for the lenient readers of `super::yaml` (`opt_text`, `text_list`,
// `opt_number`), which schemars cannot see through `deserialize_with`: each field using one
// names its marker with `#[schemars(with = …)]`, and the top-level `schema` module writes the schemas.

/// Text as the loader reads it: a string, or a number or yes/no written bare (`title: 2026`).
pub struct Text;

impl JsonSchema for Text {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["string", "number", "boolean"] })
    }
}

/// A list of texts, or one text standing for a list of one (`tags: reading`).
pub struct TextList;

impl JsonSchema for TextList {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "TextList".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": ["string", "number", "boolean", "null"] },
                { "type": "array", "items": { "type": ["string", "number", "boolean"] } }
            ]
        })
    }
}

/// A number, or text that is one with a trailing `%` (`74.2%`).
pub struct Number;

impl JsonSchema for Number {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": r"^\s*[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\s*%?\s*$" }
            ]
        })
    }
}

/// The fields one mapping accepts, and the shape of the mappings some of them hold.
#[derive(Debug, Clone)]
pub struct Shape {
    /// "a goal", "a team": what the mapping is, for messages.
    pub what: &'static str,
    pub fields: &'static [&'static str],
    /// Field → the shape of the mapping it holds (or of each entry of its list).
    pub nested: Vec<(&'static str, Shape)>,
    /// Whether any key is allowed (an agenda's `roles`, by role name).
    pub open: bool,
}

impl Shape {
    fn of(what: &'static str, fields: &'static [&'static str]) -> Shape {
        Shape { what, fields, nested: Vec::new(), open: false }
    }

    fn with(mut self, field: &'static str, shape: Shape) -> Shape {
        self.nested.push((field, shape));
        self
    }

    fn child(&self, field: &str) -> Option<&Shape> {
        self.nested.iter().find(|(f, _)| *f == field).map(|(_, s)| s)
    }
}

fn open(what: &'static str) -> Shape {
    Shape { what, fields: &[], nested: Vec::new(), open: true }
}

/// The shape of a kind's front matter.
pub fn shape(kind: Kind) -> Shape {
    match kind {
        Kind::Page | Kind::Section => Shape::of(kind.article(), field_names::<PageFront>()),
        Kind::Person => Shape::of("a person", field_names::<PersonFront>()),
        Kind::Team => Shape::of("a team", field_names::<TeamFront>())
            .with("meets", Shape::of("`meets`", field_names::<RawMeets>()))
            .with("members", Shape::of("a member", field_names::<RawMember>()))
            .with("links", Shape::of("a link", field_names::<RawTeamLink>()))
            .with("standing_items", Shape::of("a standing item", field_names::<RawStandingItem>())),
        Kind::Strategy => Shape::of("a strategy", field_names::<StrategyFront>())
            .with(
                "goals",
                Shape::of("a goal", field_names::<RawGoal>())
                    .with("measurements", Shape::of("a measurement", field_names::<RawMeasurement>()))
                    .with("targets", Shape::of("a later year's target", field_names::<RawYearTarget>()))
                    .with("milestones", Shape::of("a milestone", field_names::<RawMilestone>())),
            )
            .with("benchmarks", Shape::of("a benchmark", field_names::<RawBenchmark>()))
            .with("action_steps", Shape::of("an action step", field_names::<RawActionStep>()))
            .with("reflections", Shape::of("a reflection", field_names::<RawReflection>())),
        Kind::Agenda => Shape::of("an agenda", field_names::<AgendaFront>())
            .with("roles", open("`roles`"))
            .with("items", Shape::of("an agenda item", field_names::<RawAgendaItem>()))
            .with("action_items", Shape::of("an action item", field_names::<RawActionItem>())),
        Kind::Challenge => Shape::of("a challenge", field_names::<ChallengeFront>())
            .with("root_causes", Shape::of("a root cause", field_names::<RawRootCause>())),
    }
}

/// A field the shape does not know.
#[derive(Debug, Clone, PartialEq)]
pub struct Unknown {
    pub field: String,
    /// What the mapping holding it is ("a goal").
    pub what: &'static str,
    /// A known field of that mapping with a close name.
    pub suggestion: Option<&'static str>,
    /// 1-based line and column in the YAML text.
    pub pos: (usize, usize),
}

/// Every key of `yaml` the shape does not know, in the order written.
pub fn unknown_fields(shape: &Shape, yaml: &str) -> Vec<Unknown> {
    let locations = Locations::scan(yaml);
    let mut out: Vec<Unknown> = locations
        .key_paths()
        .filter_map(|(path, pos)| {
            let (field, parents) = path.split_last()?;
            if field.parse::<usize>().is_ok() {
                return None;
            }
            let mut at = shape;
            for p in parents.iter().filter(|p| p.parse::<usize>().is_err()) {
                at = at.child(p)?;
            }
            if at.open || at.fields.contains(&field.as_str()) {
                return None;
            }
            let suggestion = crate::util::suggest(field, at.fields.iter().copied());
            Some(Unknown { field: field.clone(), what: at.what, suggestion, pos })
        })
        .collect();
    out.sort_by_key(|u| u.pos);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unknown_field_is_found_at_its_place() {
        let yaml = "title: T\nstatment: x\ngoals:\n  - { id: g1, statment: y, targte: 3 }\n  - id: g2\n    measurements:\n      - { date: 2026-01-01, vale: 3 }\nlocation: Room 4\n";
        let found = unknown_fields(&shape(Kind::Strategy), yaml);
        let got: Vec<(&str, &str, Option<&str>, usize)> =
            found.iter().map(|u| (u.field.as_str(), u.what, u.suggestion, u.pos.0)).collect();
        assert_eq!(
            got,
            [
                ("statment", "a strategy", None, 2),
                ("statment", "a goal", Some("statement"), 4),
                ("targte", "a goal", Some("target"), 4),
                ("vale", "a measurement", Some("value"), 7),
                ("location", "a strategy", None, 8),
            ]
        );
    }

    #[test]
    fn an_agendas_roles_take_any_name() {
        let found = unknown_fields(&shape(Kind::Agenda), "roles: { facilitator: ana, greeter: bo }\n");
        assert!(found.is_empty(), "{found:?}");
    }
}
