//! The team inventory flowchart, on generated fixture sites of 1, 5, 20 and 60 teams (plus a
//! draft and a staff-only team that must not show): the SVG is parsed and checked for one box
//! per visible team linking to its page, one line per link, no overlaps, tiers in `levels`
//! order and identical output on every build. Also the `team-isolated` and `loop-open` rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use clockwork::model::Audience;
use clockwork::pipeline::{self, Request};

use crate::flowchart_sites::*;

fn build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut req = Request::new(root);
    req.audience = Audience::Public;
    req.today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let outcome = pipeline::run(&req, true);
    let errors: Vec<_> =
        outcome.diagnostics.iter().filter(|d| d.severity == clockwork::diagnostics::Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    outcome.files.expect("the build renders")
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files.get(path).unwrap_or_else(|| panic!("{path} is not in the output")).clone()).unwrap()
}

/// The first inline `<svg>…</svg>` of a page (which must be well-formed XML too).
fn inline_svg(html: &str) -> &str {
    let start = html.find("<svg").expect("the page has an inline SVG");
    let end = html[start..].find("</svg>").unwrap() + start + "</svg>".len();
    &html[start..end]
}

#[derive(Debug, Clone, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn of(node: roxmltree::Node) -> Rect {
        let n = |a: &str| node.attribute(a).unwrap_or_else(|| panic!("rect without {a}")).parse::<f64>().unwrap();
        Rect { x: n("x"), y: n("y"), w: n("width"), h: n("height") }
    }

    fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

fn has_class(node: &roxmltree::Node, class: &str) -> bool {
    node.attribute("class").is_some_and(|c| c.split_whitespace().any(|x| x == class))
}

/// What a chart shows, read back from its SVG.
#[derive(Debug)]
struct Drawn {
    /// Team id → (href, level, box).
    teams: BTreeMap<String, (Option<String>, String, Rect)>,
    /// Every `from>to` a link line stands for.
    links: Vec<(String, String)>,
    part_of: BTreeSet<(String, String)>,
    labels: Vec<Rect>,
    tiers: Vec<String>,
}

fn read(svg: &str) -> Drawn {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert!(root.attribute("viewBox").is_some(), "the chart scales to the page");
    let title_id = root.attribute("aria-labelledby").expect("the chart is labelled");
    assert!(doc.descendants().any(|n| n.tag_name().name() == "title" && n.attribute("id") == Some(title_id)));
    assert!(doc.descendants().any(|n| n.tag_name().name() == "desc"));
    let mut d = Drawn {
        teams: BTreeMap::new(),
        links: Vec::new(),
        part_of: BTreeSet::new(),
        labels: Vec::new(),
        tiers: Vec::new(),
    };
    for n in doc.descendants().filter(|n| n.is_element()) {
        if has_class(&n, "team") {
            let rect = n.children().find(|c| c.tag_name().name() == "rect").expect("a team has a box");
            let label: String =
                n.descendants().filter(|c| c.tag_name().name() == "tspan").filter_map(|c| c.text()).collect();
            assert!(!label.trim().is_empty(), "a team box has a text label");
            assert!(n.children().any(|c| c.tag_name().name() == "title"), "a team box has a title");
            let href =
                (n.tag_name().name() == "a").then(|| n.attribute("href").expect("a link has an href").to_string());
            let id = n.attribute("data-team").unwrap().to_string();
            let level = n.attribute("data-level").unwrap().to_string();
            assert!(d.teams.insert(id.clone(), (href, level, Rect::of(rect))).is_none(), "{id} is drawn twice");
        } else if has_class(&n, "flow") {
            for key in n.attribute("data-links").unwrap().split_whitespace() {
                let (a, b) = key.split_once('>').unwrap();
                d.links.push((a.to_string(), b.to_string()));
            }
            assert!(n.descendants().any(|c| c.tag_name().name() == "path"));
        } else if has_class(&n, "part-of") {
            d.part_of.insert((n.attribute("data-from").unwrap().into(), n.attribute("data-to").unwrap().into()));
        } else if has_class(&n, "label-box") {
            d.labels.push(Rect::of(n));
        } else if has_class(&n, "tier") {
            d.tiers.push(n.attribute("data-level").unwrap().to_string());
        }
    }
    d
}

/// Checks one chart of the whole site against its fixture.
fn check_chart(svg: &str, teams: &[Spec], page_dir: &str, files: &BTreeMap<String, Vec<u8>>) {
    let d = read(svg);
    let visible: Vec<&Spec> = teams.iter().filter(|t| t.visible()).collect();
    let ids: BTreeSet<&str> = visible.iter().map(|t| t.id.as_str()).collect();

    // One box per visible team, linking to its page.
    assert_eq!(d.teams.keys().map(String::as_str).collect::<BTreeSet<_>>(), ids);
    for (id, (href, _, _)) in &d.teams {
        let href = href.as_deref().unwrap_or_else(|| panic!("{id} is not a link"));
        assert!(!href.starts_with('/') && !href.contains("://"), "{href} is relative");
        let target = resolve(page_dir, href);
        assert_eq!(target, format!("teams/{id}/index.html"));
        assert!(files.contains_key(&target), "{target} exists");
    }

    // One line per link between visible teams; none to or from a hidden team.
    let mut expected: Vec<(String, String)> = visible
        .iter()
        .flat_map(|t| {
            t.links.iter().filter(|(to, _)| ids.contains(to.as_str())).map(|(to, _)| (t.id.clone(), to.clone()))
        })
        .collect();
    expected.sort();
    let mut links = d.links.clone();
    links.sort();
    assert_eq!(links, expected);
    let parents: BTreeSet<(String, String)> = visible
        .iter()
        .filter_map(|t| t.parent.clone().filter(|p| ids.contains(p.as_str())).map(|p| (t.id.clone(), p)))
        .collect();
    assert_eq!(d.part_of, parents);
    for hidden in ["draft-team", "staff-team", "Secret plans", "Notes for the"] {
        assert!(!svg.contains(hidden), "the chart mentions {hidden}");
    }

    // Nothing overlaps: team boxes, labels, or a label and a box.
    let boxes: Vec<(&String, &Rect)> = d.teams.iter().map(|(id, (_, _, r))| (id, r)).collect();
    for (i, (a, ra)) in boxes.iter().enumerate() {
        for (b, rb) in &boxes[i + 1..] {
            assert!(!ra.overlaps(rb), "{a} and {b} overlap: {ra:?} {rb:?}");
        }
        for l in &d.labels {
            assert!(!ra.overlaps(l), "a label overlaps {a}: {l:?} {ra:?}");
        }
    }
    for (i, a) in d.labels.iter().enumerate() {
        for b in &d.labels[i + 1..] {
            assert!(!a.overlaps(b), "labels overlap: {a:?} {b:?}");
        }
    }

    // Tiers top to bottom in `levels` order, teams without a level last.
    let rank = |level: &str| LEVELS.iter().position(|l| *l == level).unwrap_or(LEVELS.len());
    let mut tiers = d.tiers.clone();
    tiers.sort_by_key(|t| rank(t));
    assert_eq!(d.tiers, tiers);
    for (a, (_, la, ra)) in &d.teams {
        for (b, (_, lb, rb)) in &d.teams {
            if rank(la) < rank(lb) {
                assert!(ra.y + ra.h <= rb.y, "{a} ({la}) is not above {b} ({lb})");
            } else if rank(la) == rank(lb) {
                assert_eq!(ra.y, rb.y, "{a} and {b} are in one tier");
            }
        }
    }
}

/// `teams/` + `../teams/x/index.html` → `teams/x/index.html`.
fn resolve(dir: &str, href: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn fixture(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let teams = generate(n);
    write_site(dir.path(), &teams);
    let files = build(dir.path());
    let standalone = text(&files, "teams/flowchart.svg");
    assert!(standalone.starts_with("<?xml"));
    check_chart(&standalone, &teams, "teams", &files);
    let index = text(&files, "teams/index.html");
    check_chart(inline_svg(&index), &teams, "teams", &files);
    for hidden in ["draft-team", "staff-team", "Secret plans"] {
        assert!(!index.contains(hidden), "the teams index mentions {hidden}");
    }

    // The same input gives the same bytes.
    let again = build(dir.path());
    for path in ["teams/flowchart.svg", "teams/index.html", "teams/t00/index.html"] {
        assert!(files.get(path) == again.get(path), "{path} differs between two builds");
    }
}

#[test]
fn one_team() {
    fixture(1);
}

#[test]
fn five_teams() {
    fixture(5);
}

#[test]
fn twenty_teams() {
    fixture(20);
}

#[test]
fn sixty_teams() {
    fixture(60);
}

#[test]
fn the_example_site_chart_has_its_teams_loops_and_ended_work_group() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = build(root);
    let svg = text(&files, "teams/flowchart.svg");
    let d = read(&svg);
    assert_eq!(d.teams.len(), 7);
    assert_eq!(d.tiers, ["district", "school", "grade", "satellite"]);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // The ILT and the DLT send to each other: one line with both arrowheads.
    let loops: Vec<_> = doc.descendants().filter(|n| has_class(n, "flow") && has_class(n, "two-way")).collect();
    assert!(
        loops
            .iter()
            .any(|n| n.attribute("data-links") == Some("district-leadership>maple-ilt maple-ilt>district-leadership"))
    );
    // The data team's link to the K-2 PLC is one-way.
    let open = doc.descendants().find(|n| n.attribute("data-links") == Some("data-team>grade-k2-team")).unwrap();
    assert!(!has_class(&open, "two-way"));
    // The schedule work group ended on October 31, before the as-of date: said in words.
    let ended = doc.descendants().find(|n| n.attribute("data-team") == Some("schedule-work-group")).unwrap();
    assert!(has_class(&ended, "ended"));
    let words: String = ended.descendants().filter_map(|n| n.text()).collect();
    assert!(words.contains("ended October 31, 2026"), "{words}");
    // Satellites are tied to their parent by a dashed line.
    assert!(d.part_of.contains(&("attendance-team".to_string(), "maple-ilt".to_string())));
}

#[test]
fn a_team_page_shows_its_neighbourhood() {
    let dir = tempfile::tempdir().unwrap();
    let mut teams: Vec<Spec> = ["a", "b", "c", "d"].iter().map(|id| Spec::new(id, Some("school"))).collect();
    teams[0].links.push(("b".into(), "Data".into()));
    teams[1].links.push(("a".into(), "Questions".into()));
    teams[2].links.push(("a".into(), "Reports".into()));
    teams[2].links.push(("d".into(), "Minutes".into()));
    teams[3].links.push(("c".into(), "Agendas".into()));
    write_site(dir.path(), &teams);
    let files = build(dir.path());
    let page = text(&files, "teams/a/index.html");
    let svg = inline_svg(&page);
    let d = read(svg);
    assert_eq!(d.teams.keys().cloned().collect::<Vec<_>>(), ["a", "b", "c"]);
    assert_eq!(d.teams["a"].0, None, "the team itself is not a link");
    assert_eq!(resolve("teams/a", d.teams["b"].0.as_deref().unwrap()), "teams/b/index.html");
    let mut links = d.links.clone();
    links.sort();
    assert_eq!(links, [("a".into(), "b".into()), ("b".into(), "a".into()), ("c".into(), "a".into())]);
    assert!(svg.contains("aria-current=\"page\""));
}

/// `clockwork check --format json` on a site; the diagnostics of the loop rules.
fn loop_diagnostics(teams: &[Spec]) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), teams);
    let out = Command::new(env!("CARGO_BIN_EXE_clockwork"))
        .args(["check", "--format", "json", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    all.into_iter().filter(|d| d["rule"] == "team-isolated" || d["rule"] == "loop-open").collect()
}

fn at(d: &serde_json::Value) -> (String, String, u64, u64) {
    (
        d["rule"].as_str().unwrap().to_string(),
        d["file"].as_str().unwrap().to_string(),
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
    )
}

#[test]
fn an_isolated_team_is_reported_at_its_links_line() {
    let mut teams: Vec<Spec> = ["a", "b", "lonely"].iter().map(|id| Spec::new(id, Some("school"))).collect();
    teams[0].links.push(("b".into(), "Data".into()));
    teams[1].links.push(("a".into(), "Questions".into()));
    let d = loop_diagnostics(&teams);
    // lonely.md: ---, title, level, purpose, members, links: [] on line 6.
    assert_eq!(
        d.iter().map(at).collect::<Vec<_>>(),
        [("team-isolated".into(), "content/teams/lonely.md".into(), 6, 1)]
    );
    assert_eq!(d[0]["severity"], "warning");
}

#[test]
fn a_team_whose_only_links_go_to_hidden_teams_is_isolated_in_this_build() {
    let mut teams: Vec<Spec> = ["a", "secret"].iter().map(|id| Spec::new(id, Some("school"))).collect();
    teams[0].links.push(("secret".into(), "Data".into()));
    teams[1].links.push(("a".into(), "Questions".into()));
    teams[1].draft = true;
    let d = loop_diagnostics(&teams);
    assert_eq!(d.iter().map(at).collect::<Vec<_>>(), [("team-isolated".into(), "content/teams/a.md".into(), 6, 1)]);
    assert!(d[0]["message"].as_str().unwrap().contains("publishes"));
}

#[test]
fn an_open_loop_is_reported_at_the_link_that_gets_no_answer() {
    let mut teams: Vec<Spec> = ["a", "b", "c"].iter().map(|id| Spec::new(id, Some("school"))).collect();
    teams[0].links.push(("b".into(), "Data".into()));
    teams[0].links.push(("c".into(), "Reports".into()));
    teams[1].links.push(("a".into(), "Questions".into()));
    let d = loop_diagnostics(&teams);
    // a.md line 8 is `  - { to: c, ... }`: the value `c` starts at column 11.
    assert_eq!(d.iter().map(at).collect::<Vec<_>>(), [("loop-open".into(), "content/teams/a.md".into(), 8, 11)]);
    let message = d[0]["message"].as_str().unwrap();
    assert!(message.contains("`a` sends to `c`"), "{message}");
}

#[test]
fn closed_loops_are_not_reported() {
    let mut teams: Vec<Spec> = ["a", "b", "c"].iter().map(|id| Spec::new(id, Some("school"))).collect();
    teams[0].links.push(("b".into(), "Data".into()));
    teams[1].links.push(("a".into(), "Questions".into()));
    teams[1].links.push(("c".into(), "Minutes".into()));
    teams[2].links.push(("b".into(), "Agendas".into()));
    assert_eq!(loop_diagnostics(&teams), Vec::<serde_json::Value>::new());
}
