//! Goal charts as small inline SVG: a goal's measurements against the straight line from its
//! baseline (at the first quarter's start) to its target (at the last quarter's end).
//!
//! Hand-written rather than a charting crate: the output is a few dozen elements whose text
//! is real, selectable, accessible `<text>`, styled by the theme's CSS (dark mode, print)
//! through classes, byte-for-byte stable, and readable without colour (the plan line is
//! dashed, measurements are dots with their values written beside them).

use std::fmt::Write;

use chrono::NaiveDate;

use crate::config::Config;
use crate::i18n::Words;
use crate::model::status::plan_window;
use crate::model::{Direction, Goal, Measurement};
use crate::util::{escape_html, slugify};

const W: f64 = 360.0;
const H: f64 = 180.0;
const LEFT: f64 = 38.0;
const RIGHT: f64 = W - 12.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = H - 24.0;

/// Maps dates and values to the drawing.
struct Scale {
    x0: NaiveDate,
    days: f64,
    lo: f64,
    hi: f64,
}

impl Scale {
    fn x(&self, d: NaiveDate) -> f64 {
        LEFT + (d - self.x0).num_days() as f64 / self.days * (RIGHT - LEFT)
    }

    fn y(&self, v: f64) -> f64 {
        BOTTOM - (v - self.lo) / (self.hi - self.lo) * (BOTTOM - TOP)
    }

    fn end(&self) -> NaiveDate {
        self.x0 + chrono::Duration::days(self.days as i64)
    }
}

/// The straight line measurements are read against.
struct Reference {
    from: (NaiveDate, f64),
    to: (NaiveDate, f64),
}

impl Reference {
    /// The line's height in the drawing at a date.
    fn y(&self, scale: &Scale, d: NaiveDate) -> f64 {
        let (x1, y1, x2, y2) = (scale.x(self.from.0), scale.y(self.from.1), scale.x(self.to.0), scale.y(self.to.1));
        if x2 <= x1 {
            return y1;
        }
        y1 + (y2 - y1) * ((scale.x(d) - x1) / (x2 - x1)).clamp(0.0, 1.0)
    }
}

/// Which side of the line a label sits on: values are written on the side of their dot
/// away from the line, and the line's own labels on the side away from nearby values.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Above,
    Below,
}

impl Side {
    fn offset(self, y: f64) -> f64 {
        match self {
            Side::Above => y - 7.0,
            Side::Below => y + 14.0,
        }
    }

    fn opposite(self) -> Side {
        match self {
            Side::Above => Side::Below,
            Side::Below => Side::Above,
        }
    }
}

/// How close (in drawing units) a value's label must be to an end of the line to push
/// that end's label to the other side.
const NEAR: f64 = 90.0;

/// What a chart shows. `id` makes the SVG's element ids unique on the page.
pub struct ChartInput<'a> {
    pub id: &'a str,
    /// The words of the page the chart is drawn on.
    pub words: &'a Words,
    /// What the page calls the goal ("Goal 1", or its `short`).
    pub label: &'a str,
    pub goal: &'a Goal,
    pub config: &'a Config,
    pub as_of: NaiveDate,
}

/// The chart of one goal, or None when there is nothing to draw (no measurement and no
/// baseline-to-target line).
pub fn goal_chart(input: &ChartInput) -> Option<String> {
    let goal = input.goal;
    let w = input.words;
    let points: Vec<Measurement> = goal.measurements.iter().filter(|m| m.date <= input.as_of).copied().collect();
    let window = plan_window(input.config);
    let line = match (goal.baseline, goal.target, window) {
        (Some(b), Some(t), Some(w)) => Some((b, t, w)),
        _ => None,
    };
    if points.is_empty() && line.is_none() {
        return None;
    }
    let scale = scale(&points, goal, window);
    let unit = goal.unit.as_deref();
    let id = format!("chart-{}", slugify(input.id));
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {W} {H}" role="img" aria-labelledby="{id}-t {id}-d">"#
    );
    let _ = write!(
        svg,
        r#"<title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        escape_html(&w.fill("chart.title", &[("label", input.label)])),
        escape_html(&describe(w, goal, &points, line.map(|(_, _, window)| window), unit))
    );
    y_axis(w, &mut svg, &scale, unit);
    x_axis(w, &mut svg, &scale, input.config);
    as_of_marker(w, &mut svg, &scale, input.as_of);
    // The reference each measurement is compared with: the plan line, else the target.
    let reference = match (line, goal.target) {
        (Some((b, t, (start, end))), _) => Some(Reference { from: (start, b), to: (end, t) }),
        (None, Some(t)) => Some(Reference { from: (scale.x0, t), to: (scale.end(), t) }),
        (None, None) => None,
    };
    let sides: Vec<Side> = points
        .iter()
        .map(|m| match &reference {
            Some(r) if scale.y(m.value) > r.y(&scale, m.date) => Side::Below,
            _ => Side::Above,
        })
        .collect();
    match (line, reference) {
        (Some(_), Some(r)) => plan_line(w, &mut svg, &scale, &r, &points, &sides, unit),
        (None, Some(r)) => target_line(w, &mut svg, &scale, r.to.1, unit),
        _ => {}
    }
    milestones(w, &mut svg, &scale, goal, input.config, unit);
    measurements(w, &mut svg, &scale, &points, &sides, unit);
    svg.push_str("</svg>");
    Some(svg)
}

/// Each interim target as a hollow diamond at the end of its quarter (the chart key says
/// so; the values are listed under the chart and in its description).
fn milestones(w: &Words, svg: &mut String, scale: &Scale, goal: &Goal, config: &Config, unit: Option<&str>) {
    for m in &goal.milestones {
        let Some(q) = config.quarter(&m.quarter) else { continue };
        let (x, y) = (scale.x(q.end), scale.y(m.target));
        let _ = write!(
            svg,
            r#"<path class="milestone" d="M{x:.1} {:.1}L{:.1} {y:.1}L{x:.1} {:.1}L{:.1} {y:.1}Z" fill="none" stroke="currentColor" stroke-width="1.5"><title>{}</title></path>"#,
            y - 4.5,
            x + 4.5,
            y + 4.5,
            x - 4.5,
            escape_html(&w.fill("chart.interim", &[("quarter", &m.quarter), ("value", &w.value(m.target, unit))])),
        );
    }
}

/// The chart in words, for screen readers (and anyone who cannot see the drawing).
fn describe(
    w: &Words,
    goal: &Goal,
    points: &[Measurement],
    window: Option<(NaiveDate, NaiveDate)>,
    unit: Option<&str>,
) -> String {
    let mut parts = Vec::new();
    match (goal.baseline, goal.target, window) {
        (Some(b), Some(t), Some((start, end))) => parts.push(w.fill(
            "chart.describe_plan",
            &[
                ("baseline", &w.value(b, unit)),
                ("from", &w.long_date(start)),
                ("target", &w.value(t, unit)),
                ("to", &w.long_date(end)),
            ],
        )),
        (_, Some(t), _) => parts.push(w.fill("chart.describe_target", &[("target", &w.value(t, unit))])),
        _ => {}
    }
    if !goal.milestones.is_empty() {
        let list: Vec<String> =
            goal.milestones.iter().map(|m| format!("{} {}", m.quarter, w.value(m.target, unit))).collect();
        parts.push(w.fill("chart.describe_interim", &[("list", &list.join(w.text("list.comma")))]));
    }
    if points.is_empty() {
        parts.push(w.text("chart.describe_none").to_string());
    } else {
        let list: Vec<String> = points
            .iter()
            .map(|m| {
                w.fill("chart.describe_point", &[("value", &w.value(m.value, unit)), ("date", &w.long_date(m.date))])
            })
            .collect();
        parts.push(w.fill("chart.describe_measured", &[("list", &list.join("; "))]));
    }
    if goal.direction == Direction::Down {
        parts.push(w.text("chart.lower_is_better").to_string());
    }
    parts.join(" ")
}

fn scale(points: &[Measurement], goal: &Goal, window: Option<(NaiveDate, NaiveDate)>) -> Scale {
    let dates = points.iter().map(|m| m.date);
    let (mut x0, mut x1) = window.unwrap_or_else(|| {
        let first = dates.clone().min().unwrap_or_default();
        let last = dates.clone().max().unwrap_or_default();
        (first - chrono::Duration::days(30), last + chrono::Duration::days(30))
    });
    for d in dates {
        x0 = x0.min(d);
        x1 = x1.max(d);
    }
    let days = ((x1 - x0).num_days() as f64).max(1.0);
    let values: Vec<f64> = points
        .iter()
        .map(|m| m.value)
        .chain(goal.baseline)
        .chain(goal.target)
        .chain(goal.milestones.iter().map(|m| m.target))
        .collect();
    let (lo, hi) = nice_range(
        values.iter().copied().fold(f64::INFINITY, f64::min),
        values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    Scale { x0, days, lo, hi }
}

/// A range that holds `lo..hi` with some room, on round numbers; never below 0 for data
/// that is not negative.
fn nice_range(lo: f64, hi: f64) -> (f64, f64) {
    let pad = if hi > lo { (hi - lo) * 0.15 } else { (hi.abs() * 0.1).max(1.0) };
    let step = nice_step((hi - lo + 2.0 * pad) / 4.0);
    let mut a = ((lo - pad) / step).floor() * step;
    let b = ((hi + pad) / step).ceil() * step;
    if lo >= 0.0 && a < 0.0 {
        a = 0.0;
    }
    (a, b)
}

/// 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(magnitude * 10.0)
}

fn ticks(scale: &Scale) -> Vec<f64> {
    let step = nice_step((scale.hi - scale.lo) / 4.0);
    let mut out = Vec::new();
    let mut v = (scale.lo / step).ceil() * step;
    while v <= scale.hi + step * 1e-6 && out.len() < 12 {
        out.push(v);
        v += step;
    }
    out
}

fn tick_label(w: &Words, v: f64, unit: Option<&str>) -> String {
    match unit {
        Some(u) if u.starts_with('%') => format!("{}%", w.number(v)),
        _ => w.number(v),
    }
}

fn y_axis(w: &Words, svg: &mut String, scale: &Scale, unit: Option<&str>) {
    for v in ticks(scale) {
        let y = scale.y(v);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" y1="{y:.1}" x2="{RIGHT}" y2="{y:.1}" stroke="currentColor" stroke-opacity=".2"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LEFT - 4.0,
            y + 3.5,
            escape_html(&tick_label(w, v, unit))
        );
    }
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{BOTTOM}" stroke="currentColor"/><line class="axis" x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}" stroke="currentColor"/>"#
    );
}

/// Quarter boundaries as ticks, quarter names under their span; without quarters, the
/// first and last dates.
fn x_axis(w: &Words, svg: &mut String, scale: &Scale, config: &Config) {
    if config.quarters.is_empty() {
        for (d, anchor) in [(scale.x0, "start"), (scale.end(), "end")] {
            let _ = write!(
                svg,
                r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
                scale.x(d),
                BOTTOM + 14.0,
                escape_html(&w.short_date(d))
            );
        }
        return;
    }
    for q in &config.quarters {
        let (a, b) = (scale.x(q.start), scale.x(q.end));
        let _ = write!(
            svg,
            r#"<line class="axis" x1="{a:.1}" y1="{BOTTOM}" x2="{a:.1}" y2="{:.1}" stroke="currentColor"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            BOTTOM + 4.0,
            (a + b) / 2.0,
            BOTTOM + 15.0,
            escape_html(&q.name)
        );
    }
}

fn as_of_marker(w: &Words, svg: &mut String, scale: &Scale, as_of: NaiveDate) {
    let x = scale.x(as_of);
    if !(LEFT..=RIGHT).contains(&x) {
        return;
    }
    let anchor = if x > RIGHT - 40.0 {
        "end"
    } else if x < LEFT + 40.0 {
        "start"
    } else {
        "middle"
    };
    let _ = write!(
        svg,
        r#"<line class="as-of" x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{BOTTOM}" stroke="currentColor" stroke-dasharray="2 3"/><text class="note" x="{x:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
        TOP - 6.0,
        TOP - 9.0,
        escape_html(&w.fill("chart.as_of", &[("date", &w.short_date(as_of))]))
    );
}

fn plan_line(
    w: &Words,
    svg: &mut String,
    scale: &Scale,
    r: &Reference,
    points: &[Measurement],
    sides: &[Side],
    unit: Option<&str>,
) {
    let (x1, y1, x2, y2) = (scale.x(r.from.0), scale.y(r.from.1), scale.x(r.to.0), scale.y(r.to.1));
    let rising = y2 < y1;
    let near = |x: f64| points.iter().zip(sides).find(|(m, _)| (scale.x(m.date) - x).abs() < NEAR).map(|(_, s)| *s);
    let _ = write!(
        svg,
        r#"<line class="plan" x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="currentColor" stroke-width="1.5" stroke-dasharray="6 4"/><circle class="end" cx="{x1:.1}" cy="{y1:.1}" r="3" fill="none" stroke="currentColor" stroke-width="1.5"/><circle class="end" cx="{x2:.1}" cy="{y2:.1}" r="3" fill="none" stroke="currentColor" stroke-width="1.5"/>"#
    );
    // Early measurements crowd the line's start, where the baseline's label would go; the
    // baseline is then stated beside the chart (and in its description) instead.
    if near(x1).is_none() {
        let side = if rising { Side::Below } else { Side::Above };
        let _ = write!(
            svg,
            r#"<text class="label" x="{:.1}" y="{:.1}">{}</text>"#,
            x1 + 5.0,
            side.offset(y1),
            escape_html(&w.fill("chart.baseline", &[("value", &w.value(r.from.1, unit))]))
        );
    }
    let end_side = near(x2).map_or(if rising { Side::Above } else { Side::Below }, Side::opposite);
    let _ = write!(
        svg,
        r#"<text class="label" x="{x2:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
        end_side.offset(y2),
        escape_html(&w.fill("chart.target", &[("value", &w.value(r.to.1, unit))]))
    );
}

fn target_line(w: &Words, svg: &mut String, scale: &Scale, target: f64, unit: Option<&str>) {
    let y = scale.y(target);
    let _ = write!(
        svg,
        r#"<line class="plan" x1="{LEFT}" y1="{y:.1}" x2="{RIGHT}" y2="{y:.1}" stroke="currentColor" stroke-width="1.5" stroke-dasharray="6 4"/><text class="label" x="{RIGHT}" y="{:.1}" text-anchor="end">{}</text>"#,
        y - 6.0,
        escape_html(&w.fill("chart.target", &[("value", &w.value(target, unit))]))
    );
}

fn measurements(
    w: &Words,
    svg: &mut String,
    scale: &Scale,
    points: &[Measurement],
    sides: &[Side],
    unit: Option<&str>,
) {
    if points.is_empty() {
        return;
    }
    if points.len() > 1 {
        let path: Vec<String> =
            points.iter().map(|m| format!("{:.1},{:.1}", scale.x(m.date), scale.y(m.value))).collect();
        let _ = write!(
            svg,
            r#"<polyline class="actual" points="{}" fill="none" stroke="currentColor" stroke-width="2"/>"#,
            path.join(" ")
        );
    }
    // Values are written beside their dots, newest first, skipping any that would overlap
    // the one written after it (every value is also listed under the chart).
    let mut labelled = vec![false; points.len()];
    let mut last_x = f64::INFINITY;
    for (i, m) in points.iter().enumerate().rev() {
        let x = scale.x(m.date);
        if last_x - x >= LABEL_GAP {
            labelled[i] = true;
            last_x = x;
        }
    }
    for ((m, side), labelled) in points.iter().zip(sides).zip(labelled) {
        let (x, y) = (scale.x(m.date), scale.y(m.value));
        let _ = write!(svg, r#"<circle class="point" cx="{x:.1}" cy="{y:.1}" r="3.5" fill="currentColor"/>"#);
        if labelled {
            let anchor = if x > RIGHT - 20.0 { "end" } else { "middle" };
            let _ = write!(
                svg,
                r#"<text class="value" x="{x:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
                side.offset(y),
                escape_html(&w.value(m.value, unit))
            );
        }
    }
}

/// The horizontal room one value's label needs.
const LABEL_GAP: f64 = 34.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    fn d(s: &str) -> NaiveDate {
        crate::config::parse_date(s).unwrap()
    }

    fn config(quarters: bool) -> Config {
        let text = if quarters {
            "title: T\nquarters:\n  - { name: Q1, start: 2026-08-17, end: 2026-10-30 }\n  - { name: Q2, start: 2026-11-02, end: 2027-01-22 }\n  - { name: Q3, start: 2027-01-25, end: 2027-04-02 }\n  - { name: Q4, start: 2027-04-05, end: 2027-06-11 }\n"
        } else {
            "title: T\n"
        };
        Config::parse(text).0
    }

    fn goal(baseline: Option<f64>, target: Option<f64>, ms: &[(&str, f64)]) -> Goal {
        Goal {
            id: "g1".into(),
            index: 0,
            place: 1,
            statement: "Readers <read>".into(),
            measure: None,
            unit: Some("%".into()),
            baseline,
            target,
            direction: Direction::Up,
            measurements: ms.iter().map(|(date, value)| Measurement { date: d(date), value: *value }).collect(),
            short: None,
            targets: vec![],
            milestones: vec![],
            status: None,
            effective_status: Status::NoData,
            latest: None,
            expected: None,
        }
    }

    fn chart(g: &Goal, quarters: bool) -> Option<String> {
        let label = format!("Goal {}", g.id);
        goal_chart(&ChartInput {
            id: "early-literacy-g1",
            words: &crate::i18n::Words::english(),
            label: &label,
            goal: g,
            config: &config(quarters),
            as_of: d("2026-11-20"),
        })
    }

    #[test]
    fn draws_the_plan_line_and_labels_every_value() {
        let svg = chart(&goal(Some(54.0), Some(70.0), &[("2026-09-18", 52.0), ("2026-11-06", 59.0)]), true).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches(r#"class="point""#).count(), 2);
        for text in ["target 70%", ">52%<", ">59%<", ">Q1<", ">Q4<", "as of Nov 20", "id=\"chart-early-literacy-g1-t\""]
        {
            assert!(svg.contains(text), "{text} missing from {svg}");
        }
        assert!(svg.contains("stroke-dasharray=\"6 4\""), "the plan line is dashed, so it reads without colour");
        assert!(svg.contains("Measured: 52% on September 18, 2026; 59% on November 6, 2026."));
    }

    #[test]
    fn values_sit_on_the_side_away_from_the_line_and_never_overlap() {
        // 52% is under the line (label below the dot), 59% over it (label above).
        let svg = chart(&goal(Some(54.0), Some(70.0), &[("2026-09-18", 52.0), ("2026-11-06", 59.0)]), true).unwrap();
        let label_y = |value: &str| {
            let at = svg.find(&format!(">{value}</text>")).unwrap();
            let tag = &svg[svg[..at].rfind("<text").unwrap()..at];
            let y: f64 = tag.split("y=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
            y
        };
        let dot_y = |nth: usize| -> f64 {
            let tag = svg.split(r#"class="point""#).nth(nth).unwrap();
            tag.split("cy=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap()
        };
        assert!(label_y("52%") > dot_y(1), "{svg}");
        assert!(label_y("59%") < dot_y(2), "{svg}");
        assert!(!svg.contains("baseline 54%"), "early values crowd the baseline's label out");
        // Three values within a few days: only those with room are written, the newest always.
        let svg = chart(
            &goal(Some(54.0), Some(70.0), &[("2026-11-01", 55.0), ("2026-11-05", 56.0), ("2026-11-09", 57.0)]),
            true,
        )
        .unwrap();
        assert!(svg.contains(">57%<") && !svg.contains(">56%<"), "{svg}");
        let svg = chart(&goal(Some(54.0), Some(70.0), &[("2027-01-15", 60.0)]), true).unwrap();
        assert!(svg.contains("baseline 54%"));
    }

    #[test]
    fn the_line_starts_and_ends_at_the_plot_edges() {
        let svg = chart(&goal(Some(54.0), Some(70.0), &[]), true).unwrap();
        assert!(svg.contains(&format!(r#"class="plan" x1="{LEFT:.1}""#)), "{svg}");
        assert!(svg.contains(&format!(r#"x2="{RIGHT:.1}""#)), "{svg}");
        assert!(svg.contains("No measurements yet."));
    }

    #[test]
    fn measurements_after_the_as_of_date_are_not_drawn() {
        let svg = chart(&goal(Some(54.0), Some(70.0), &[("2026-09-18", 52.0), ("2027-02-01", 66.0)]), true).unwrap();
        assert_eq!(svg.matches(r#"class="point""#).count(), 1);
        assert!(!svg.contains("66%"));
    }

    #[test]
    fn without_a_baseline_the_target_is_a_level_line() {
        let svg = chart(&goal(None, Some(85.0), &[("2026-10-23", 74.0)]), true).unwrap();
        assert!(svg.contains("target 85%") && !svg.contains("baseline"));
        assert!(chart(&goal(None, None, &[]), true).is_none());
        let svg = chart(&goal(None, Some(85.0), &[("2026-10-23", 74.0)]), false).unwrap();
        assert!(svg.contains("Sep 23") && svg.contains("Nov 22"), "without quarters the dates frame the axis");
    }

    #[test]
    fn text_is_escaped_and_output_is_stable() {
        let mut g = goal(Some(1.0), Some(2.0), &[("2026-09-18", 1.5)]);
        g.id = "<g>".into();
        let svg = chart(&g, true).unwrap();
        assert!(svg.contains("Goal &lt;g&gt;"));
        assert_eq!(svg, chart(&g, true).unwrap());
    }

    #[test]
    fn ranges_are_round_and_hold_the_data() {
        assert_eq!(nice_range(52.0, 70.0), (40.0, 80.0));
        assert_eq!(nice_range(0.0, 0.0), (0.0, 1.0));
        let (a, b) = nice_range(15.0, 21.4);
        assert!(a <= 15.0 && b >= 21.4 && a >= 0.0, "{a} {b}");
        assert_eq!(nice_step(3.2), 5.0);
        assert_eq!(nice_step(0.07), 0.1);
    }
}
