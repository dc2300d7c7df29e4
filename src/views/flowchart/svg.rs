//! Writes a laid-out flowchart as SVG: no script, every team box a link to its page, titles and
//! text for screen readers, a `viewBox` so it scales to the page. Colours are presentation
//! attributes (light, for the standalone file); the theme's CSS restyles them inline (dark mode,
//! print) through the class names.

use std::fmt::Write;

use super::layout::{self, Layout, Legend, Route, RouteKind, Step};
use super::{Chart, text};
use crate::util::escape_html;

pub struct Options<'a> {
    /// Prefix of every id in the SVG, unique on the page that holds it.
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    /// A root-relative output path → the href written in the SVG.
    pub href: &'a dyn Fn(&str) -> String,
    /// A file of its own: an XML declaration and an opaque background.
    pub standalone: bool,
}

const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const INK: &str = "#1d2327";
const MUTED: &str = "#57636b";
const LINE: &str = "#6b7780";
const ACCENT: &str = "#1f5f8b";
const PAPER: &str = "#ffffff";
const SOFT: &str = "#f2f4f5";
const BORDER: &str = "#c9d0d5";
const DASH: &str = "6 4";

pub fn render(chart: &Chart, l: &Layout, o: &Options) -> String {
    let mut s = String::with_capacity(4096 + 1024 * chart.teams.len());
    let id = o.id;
    if o.standalone {
        s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    let (w, h) = (num(l.width), num(l.height));
    // Inline, the theme reads the natural width to keep a big chart from shrinking past reading.
    let style = if o.standalone { String::new() } else { format!(" style=\"--chart-width: {w}px\"") };
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flowchart-svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"{style} aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" font-family=\"{FONT}\" font-size=\"{}\">",
        num(layout::TEAM_FONT)
    );
    let _ = writeln!(s, "<title id=\"{id}-title\">{}</title>", esc(o.title));
    let _ = writeln!(s, "<desc id=\"{id}-desc\">{}</desc>", esc(o.desc));
    let _ = writeln!(
        s,
        "<defs><marker id=\"{id}-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path class=\"arrow-head\" d=\"M0,0L10,5L0,10z\" fill=\"{LINE}\"/></marker></defs>"
    );
    if o.standalone {
        let _ = writeln!(s, "<rect class=\"backdrop\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"{PAPER}\"/>");
    }
    tiers(&mut s, chart, l);
    routes(&mut s, chart, l, id);
    labels(&mut s, chart, l);
    teams(&mut s, chart, l, o);
    legend(&mut s, chart, l, id);
    s.push_str("</svg>\n");
    s
}

/// Text for the SVG: escaped, and without control characters, which XML does not allow (a
/// YAML string can hold them, e.g. `"\x01"`).
fn esc(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')).collect();
    escape_html(&clean)
}

/// A coordinate: one decimal at most, no "-0".
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { "0".to_string() } else { format!("{r}") }
}

fn tiers(s: &mut String, chart: &Chart, l: &Layout) {
    s.push_str("<g class=\"tiers\">\n");
    for (t, band) in l.tiers.iter().enumerate() {
        let name = &chart.tiers[t];
        let _ = writeln!(
            s,
            "<g class=\"tier\" data-tier=\"{t}\" data-level=\"{}\"><rect class=\"tier-band\" x=\"4\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"{SOFT}\"/><text class=\"tier-name\" x=\"12\" y=\"{}\" font-size=\"{}\" font-weight=\"600\" fill=\"{MUTED}\">{}</text></g>",
            esc(name),
            num(band.y - 8.0),
            num(l.width - 8.0),
            num(band.height + 16.0),
            num(band.y + band.height / 2.0 + 0.35 * layout::TIER_FONT),
            num(layout::TIER_FONT),
            esc(&chart.tier_name(t)),
        );
    }
    s.push_str("</g>\n");
}

fn path(r: &Route) -> String {
    let mut d = format!("M{},{}", num(r.start.0), num(r.start.1));
    let mut at = r.start;
    for step in &r.steps {
        match *step {
            Step::Line(x, y) => {
                let _ = write!(d, "L{},{}", num(x), num(y));
                at = (x, y);
            }
            Step::Curve(x, y) => {
                let mid = (at.1 + y) / 2.0;
                let _ = write!(d, "C{},{} {},{} {},{}", num(at.0), num(mid), num(x), num(mid), num(x), num(y));
                at = (x, y);
            }
        }
    }
    d
}

/// `a>b` for each flow of a route: what tests and scripts read to know which links it draws.
fn flow_keys(chart: &Chart, flows: &[usize]) -> String {
    flows
        .iter()
        .map(|&f| format!("{}>{}", chart.teams[chart.flows[f].from].id, chart.teams[chart.flows[f].to].id))
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Data team sends to Grade 3 PLC: Student-level reports".
fn flow_sentence(chart: &Chart, f: usize) -> String {
    let flow = &chart.flows[f];
    let mut out = chart
        .words
        .fill("flowchart.sends", &[("from", &chart.teams[flow.from].title), ("to", &chart.teams[flow.to].title)]);
    if let Some(what) = &flow.sends {
        out.push_str(": ");
        out.push_str(what);
    }
    out
}

fn routes(s: &mut String, chart: &Chart, l: &Layout, id: &str) {
    s.push_str("<g class=\"links\">\n");
    for r in &l.routes {
        let (from, to) = (&chart.teams[r.from], &chart.teams[r.to]);
        let d = path(r);
        match &r.kind {
            RouteKind::Flows { flows, two_way } => {
                let title: Vec<String> = flows.iter().map(|&f| flow_sentence(chart, f)).collect();
                let start = if *two_way { format!(" marker-start=\"url(#{id}-arrow)\"") } else { String::new() };
                let _ = writeln!(
                    s,
                    "<g class=\"flow{}\" data-from=\"{}\" data-to=\"{}\" data-links=\"{}\"><title>{}</title><path class=\"link-line\" d=\"{d}\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"1.5\"{start} marker-end=\"url(#{id}-arrow)\"/></g>",
                    if *two_way { " two-way" } else { "" },
                    esc(&from.id),
                    esc(&to.id),
                    esc(&flow_keys(chart, flows)),
                    esc(&title.join(". ")),
                );
            }
            RouteKind::PartOf => {
                let _ = writeln!(
                    s,
                    "<g class=\"part-of\" data-from=\"{}\" data-to=\"{}\"><title>{}</title><path class=\"part-of-line\" d=\"{d}\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"1.5\" stroke-dasharray=\"{DASH}\"/></g>",
                    esc(&from.id),
                    esc(&to.id),
                    esc(&chart.words.fill("flowchart.part_of", &[("team", &from.title), ("parent", &to.title)])),
                );
            }
        }
    }
    s.push_str("</g>\n");
}

fn labels(s: &mut String, chart: &Chart, l: &Layout) {
    s.push_str("<g class=\"labels\" font-size=\"11\">\n");
    for r in &l.routes {
        let (Some(label), RouteKind::Flows { flows, .. }) = (&r.label, &r.kind) else { continue };
        let rect = &label.rect;
        let _ = write!(
            s,
            "<g class=\"label\" data-links=\"{}\"><rect class=\"label-box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"{PAPER}\" stroke=\"{BORDER}\"/><text fill=\"{INK}\">",
            esc(&flow_keys(chart, flows)),
            num(rect.x),
            num(rect.y),
            num(rect.w),
            num(rect.h),
        );
        let mut y = rect.y + 5.0;
        for (b, block) in label.blocks.iter().enumerate() {
            if b > 0 {
                y += 5.0;
            }
            for (i, line) in block.lines.iter().enumerate() {
                let baseline = y + layout::LABEL_LINE / 2.0 + 0.35 * layout::LABEL_FONT;
                let lead = match block.arrow {
                    Some(a) if i == 0 => format!("{a} "),
                    Some(_) => String::new(),
                    None => String::new(),
                };
                // Continuation lines of a two-way label line up under the first line's text.
                let indent = if block.arrow.is_some() { text::width("↓ ", layout::LABEL_FONT) } else { 0.0 };
                let x = if i == 0 { rect.x + 7.0 } else { rect.x + 7.0 + indent };
                let _ = write!(s, "<tspan x=\"{}\" y=\"{}\">{}{}</tspan>", num(x), num(baseline), lead, esc(line));
                y += layout::LABEL_LINE;
            }
        }
        s.push_str("</text></g>\n");
    }
    s.push_str("</g>\n");
}

fn teams(s: &mut String, chart: &Chart, l: &Layout, o: &Options) {
    s.push_str("<g class=\"teams\">\n");
    for (i, (team, b)) in chart.teams.iter().zip(&l.teams).enumerate() {
        let focus = chart.focus == Some(i);
        let level = team.level.as_deref().unwrap_or(super::OTHER_TIER);
        let title = match &team.ended {
            None => chart.words.fill("flowchart.box", &[("team", &team.title), ("level", chart.level_of(i))]),
            Some(date) => chart
                .words
                .fill("flowchart.box_ended", &[("team", &team.title), ("level", chart.level_of(i)), ("date", date)]),
        };
        let mut class = String::from("team");
        if team.ended.is_some() {
            class.push_str(" ended");
        }
        if focus {
            class.push_str(" focus");
        }
        let attrs = format!(
            "class=\"{class}\" data-team=\"{}\" data-level=\"{}\" data-tier=\"{}\"",
            esc(&team.id),
            esc(level),
            team.tier
        );
        if focus {
            let _ = write!(s, "<g {attrs} aria-current=\"page\">");
        } else {
            let _ = write!(s, "<a {attrs} href=\"{}\">", esc(&(o.href)(&team.url)));
        }
        let r = &b.rect;
        let dash = if team.ended.is_some() { format!(" stroke-dasharray=\"{DASH}\"") } else { String::new() };
        let _ = write!(
            s,
            "<title>{}</title><rect class=\"team-box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"{PAPER}\" stroke=\"{ACCENT}\" stroke-width=\"{}\"{dash}/><text text-anchor=\"middle\" fill=\"{INK}\">",
            esc(&title),
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h),
            if focus { "3" } else { "1.5" },
        );
        let cx = r.x + r.w / 2.0;
        let top = r.y + (r.h - b.lines.len() as f64 * layout::TEAM_LINE) / 2.0;
        for (n, line) in b.lines.iter().enumerate() {
            let baseline = top + (n as f64 + 0.5) * layout::TEAM_LINE + 0.35 * layout::TEAM_FONT;
            let note = team.ended.is_some() && n + 1 == b.lines.len();
            let style = if note {
                " class=\"ended-note\" font-size=\"11\" font-style=\"italic\"".to_string()
            } else if focus {
                " font-weight=\"700\"".to_string()
            } else {
                String::new()
            };
            let _ = write!(s, "<tspan x=\"{}\" y=\"{}\"{style}>{}</tspan>", num(cx), num(baseline), esc(line));
        }
        s.push_str("</text>");
        s.push_str(if focus { "</g>\n" } else { "</a>\n" });
    }
    s.push_str("</g>\n");
}

/// What the lines mean, in words.
fn legend(s: &mut String, chart: &Chart, l: &Layout, id: &str) {
    if l.legend.is_empty() {
        return;
    }
    let y = l.legend_y + 14.0;
    let _ = writeln!(s, "<g class=\"legend\" font-size=\"{}\">", num(layout::LEGEND_FONT));
    for &(item, x) in &l.legend {
        let line = match item {
            Legend::Flow => format!("marker-end=\"url(#{id}-arrow)\""),
            Legend::TwoWay => format!("marker-start=\"url(#{id}-arrow)\" marker-end=\"url(#{id}-arrow)\""),
            Legend::PartOf => format!("stroke-dasharray=\"{DASH}\""),
        };
        let _ = writeln!(
            s,
            "<g class=\"legend-item legend-{}\"><path class=\"{}\" d=\"M{},{}H{}\" stroke=\"{LINE}\" stroke-width=\"1.5\" fill=\"none\" {line}/><text x=\"{}\" y=\"{}\" fill=\"{MUTED}\">{}</text></g>",
            item.class(),
            if item == Legend::PartOf { "part-of-line" } else { "link-line" },
            num(x + 2.0),
            num(y),
            num(x + layout::LEGEND_LINE_W),
            num(x + layout::LEGEND_TEXT_AT),
            num(y + 4.0),
            esc(chart.words.text(item.key())),
        );
    }
    s.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_never_breaks_the_xml() {
        assert_eq!(esc("R&D <team> \"x\"\u{1}"), "R&amp;D &lt;team&gt; &quot;x&quot;");
    }

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.01), "0");
    }
}
