//! The team inventory flowchart: every visible team in its tier (site.yaml `levels`, top to
//! bottom), the communication loops between teams as labelled arrows, satellite teams and work
//! groups tied to their parent. Built from the `Site` alone, laid out (`layout`) and written as
//! SVG (`svg`) for the teams index, each team's page, and `teams/flowchart.svg`.

pub mod layout;
pub mod svg;
pub mod text;

use std::sync::Arc;

use serde::Serialize;

use crate::content::Kind;
use crate::i18n::Words;
use crate::markdown::Body;
use crate::model::{Page, Relations, Site, Team};
use crate::present::{Ctx, Ref};

/// Where the standalone chart is written (for slides and handouts).
pub const FILE: &str = "teams/flowchart.svg";

/// The flowchart's content: which teams, in which tiers, linked how, in which words.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Tiers, top to bottom: the site's levels that have teams, then "other" when some
    /// team's level is not one of them.
    pub tiers: Vec<String>,
    /// In tier order, then by weight and title (the layout's starting order).
    pub teams: Vec<ChartTeam>,
    /// One per `links` entry between two different teams of the chart.
    pub flows: Vec<Flow>,
    /// `(team, parent)` for teams whose `parent` is in the chart.
    pub part_of: Vec<(usize, usize)>,
    /// The team whose page the chart is drawn on (drawn as "you are here", not as a link).
    pub focus: Option<usize>,
    /// The words the chart is written in (tier names, legend, ended notes, descriptions).
    pub words: Arc<Words>,
}

/// Two charts are the same when they draw the same teams, tiers and links in the same
/// words (the same catalogue: a new one counts as different): watch keeps the layout then.
impl PartialEq for Chart {
    fn eq(&self, other: &Chart) -> bool {
        self.tiers == other.tiers
            && self.teams == other.teams
            && self.flows == other.flows
            && self.part_of == other.part_of
            && self.focus == other.focus
            && Arc::ptr_eq(&self.words, &other.words)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartTeam {
    pub id: String,
    /// `short`, else the title.
    pub label: String,
    pub title: String,
    pub level: Option<String>,
    pub tier: usize,
    /// Output path from the site root.
    pub url: String,
    /// "October 31, 2026" when the team is a work group whose `until` is before the as-of date.
    pub ended: Option<String>,
}

/// One team sends something to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub from: usize,
    pub to: usize,
    pub sends: Option<String>,
}

/// The tier name used for teams whose level is missing or not in site.yaml `levels`.
pub const OTHER_TIER: &str = "other";

impl Chart {
    /// Every visible team of the site.
    pub fn of_site(site: &Site) -> Chart {
        Chart::of_teams(site, site.teams().collect(), |_, _| true, None)
    }

    /// One team and its neighbours: the teams it sends to, receives from, belongs to, and
    /// those that belong to it; only the links that touch the team.
    pub fn around(site: &Site, rel: &Relations, id: &str) -> Chart {
        let mut ids: Vec<&str> = vec![id];
        if let Some(Team { links, parent, .. }) = team_of(site, id) {
            ids.extend(links.iter().map(|l| l.to.as_str()));
            ids.extend(parent.as_deref());
        }
        for &(from, _) in rel.links_in.get(id).map(Vec::as_slice).unwrap_or(&[]) {
            ids.push(&site.pages[from].id);
        }
        for &child in rel.children.get(id).map(Vec::as_slice).unwrap_or(&[]) {
            ids.push(&site.pages[child].id);
        }
        ids.sort_unstable();
        ids.dedup();
        let teams = ids
            .iter()
            .filter_map(|&t| site.get(Kind::Team, t))
            .filter_map(|p| team_of(site, &p.id).map(|t| (p, t)))
            .collect();
        Chart::of_teams(site, teams, |a, b| a == id || b == id, Some(id))
    }

    fn of_teams(
        site: &Site,
        mut teams: Vec<(&Page, &Team)>,
        keep: impl Fn(&str, &str) -> bool,
        focus: Option<&str>,
    ) -> Chart {
        let levels = &site.config.levels;
        let level_index = |t: &Team| t.level.as_ref().and_then(|l| levels.iter().position(|x| x == l));
        let tier_key = |t: &Team| level_index(t).unwrap_or(levels.len());
        teams.sort_by(|(pa, a), (pb, b)| {
            tier_key(a)
                .cmp(&tier_key(b))
                .then(pa.weight.unwrap_or(f64::MAX).total_cmp(&pb.weight.unwrap_or(f64::MAX)))
                .then_with(|| pa.title.to_lowercase().cmp(&pb.title.to_lowercase()))
                .then_with(|| pa.id.cmp(&pb.id))
        });
        let mut used: Vec<usize> = teams.iter().map(|(_, t)| tier_key(t)).collect();
        used.dedup();
        let tiers = used.iter().map(|&k| levels.get(k).map_or(OTHER_TIER, String::as_str).to_string()).collect();
        let index = |id: &str| teams.iter().position(|(p, _)| p.id == id);
        let words = site.config.words.clone();
        let mut chart = Chart {
            tiers,
            teams: Vec::new(),
            flows: Vec::new(),
            part_of: Vec::new(),
            focus: focus.and_then(index),
            words,
        };
        for (page, team) in &teams {
            chart.teams.push(ChartTeam {
                id: page.id.clone(),
                label: page.short.clone().unwrap_or_else(|| page.title.clone()),
                title: page.title.clone(),
                level: team.level.clone(),
                tier: used.iter().position(|&k| k == tier_key(team)).unwrap_or(0),
                url: page.url.clone(),
                ended: team.until.filter(|&u| u < site.scope.as_of).map(|u| chart.words.long_date(u)),
            });
        }
        for (from, (page, team)) in teams.iter().enumerate() {
            for link in &team.links {
                // A link to a team that is not in the chart (a draft, a staff-only team, an unknown
                // id, the team itself) draws nothing: other checks report the unknown and hidden ones.
                match index(&link.to) {
                    Some(to) if to != from && keep(&page.id, &link.to) => {
                        chart.flows.push(Flow { from, to, sends: link.sends.clone() });
                    }
                    _ => {}
                }
            }
            if let Some(parent) = team.parent.as_deref()
                && let Some(p) = index(parent)
                && p != from
                && keep(&page.id, parent)
            {
                chart.part_of.push((from, p));
            }
        }
        chart
    }

    /// A tier's name: "District".
    pub fn tier_name(&self, t: usize) -> String {
        capitalised(self.words.level(&self.tiers[t]))
    }

    /// A team's level in words, mid-sentence: "school"; "other" when it has none.
    pub fn level_of(&self, i: usize) -> &str {
        self.words.level(self.teams[i].level.as_deref().unwrap_or(OTHER_TIER))
    }

    /// "4 tiers (district, school, grade and satellite)".
    fn tier_summary(&self) -> String {
        let names: Vec<String> = self.tiers.iter().map(|t| self.words.level(t).to_string()).collect();
        self.words.fill(
            "flowchart.tiers",
            &[
                ("count", &self.words.count("flowchart.tier", self.tiers.len())),
                ("names", &self.words.and_list(&names)),
            ],
        )
    }
}

/// "district" → "District".
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn team_of<'a>(site: &'a Site, id: &str) -> Option<&'a Team> {
    match &site.get(Kind::Team, id)?.data {
        crate::model::PageData::Team(t) => Some(t),
        _ => None,
    }
}

/// The site's chart and its layout, computed once per build before the pages are rendered
/// (the teams index and the standalone file both draw it).
#[derive(Debug)]
pub struct SiteChart {
    pub chart: Chart,
    pub layout: layout::Layout,
    ordering: layout::Ordering,
}

impl SiteChart {
    pub fn of(site: &Site) -> SiteChart {
        SiteChart::again(site, None)
    }

    /// The site's chart, keeping `last`'s layout when the chart is the same (a rebuild after
    /// an edit that touched no team), and its rows' order when only words changed (a team
    /// renamed): ordering the rows is the costly part of a layout.
    pub fn again(site: &Site, last: Option<SiteChart>) -> SiteChart {
        let chart = Chart::of_site(site);
        match last {
            Some(last) if last.chart == chart => last,
            last => {
                let (layout, ordering) = layout::layout_again(&chart, last.map(|l| l.ordering));
                SiteChart { chart, layout, ordering }
            }
        }
    }
}

/// The whole site's chart as SVG, with links written relative to the output file `from`.
pub fn site_svg(
    site: &Site,
    rel: &Relations,
    bodies: &[Body],
    drawn: &SiteChart,
    from: &str,
    standalone: bool,
) -> Option<String> {
    let (chart, layout) = (&drawn.chart, &drawn.layout);
    if chart.teams.is_empty() {
        return None;
    }
    let cx = Ctx::new(site, rel, bodies, from);
    let w = cx.words();
    let title = w.fill("flowchart.title", &[("site", &site.config.title)]);
    let mut desc = w.fill(
        "flowchart.summary",
        &[
            ("teams", &w.count("count.team", chart.teams.len())),
            ("tiers", &chart.tier_summary()),
            ("links", &w.count("flowchart.link", chart.flows.len())),
        ],
    );
    for (key, wanted) in [("flowchart.reading", true), ("flowchart.boxes", !standalone)] {
        if wanted {
            desc.push(' ');
            desc.push_str(w.text(key));
        }
    }
    let href = |url: &str| cx.href(url);
    Some(svg::render(
        chart,
        layout,
        &svg::Options { id: "flowchart", title: &title, desc: &desc, href: &href, standalone },
    ))
}

/// The standalone `teams/flowchart.svg`, when the site has teams.
pub fn file(site: &Site, rel: &Relations, bodies: &[Body], drawn: &SiteChart) -> Option<(String, Vec<u8>)> {
    site_svg(site, rel, bodies, drawn, FILE, true).map(|svg| (FILE.to_string(), svg.into_bytes()))
}

/// What the teams index shows: the chart and the same information as a list.
#[derive(Serialize)]
pub struct IndexView {
    pub svg: Option<String>,
    /// Relative link to the standalone SVG.
    pub file: String,
    pub teams: usize,
    pub links: usize,
    pub rows: Vec<TeamFlows>,
}

/// One team's row in the accessible list under the chart.
#[derive(Serialize)]
pub struct TeamFlows {
    pub team: Ref,
    pub level: String,
    pub ended: Option<String>,
    pub parent: Option<Ref>,
    pub sends: Vec<FlowView>,
    pub receives: Vec<FlowView>,
}

#[derive(Serialize)]
pub struct FlowView {
    pub team: Ref,
    pub sends: Option<String>,
    /// The other team sends something back.
    pub two_way: bool,
}

pub fn index_view(cx: &Ctx, drawn: &SiteChart) -> IndexView {
    let site = cx.site;
    let chart = &drawn.chart;
    let team_ref = |i: usize| Ref { text: chart.teams[i].title.clone(), href: Some(cx.href(&chart.teams[i].url)) };
    // Each team's flows out and in, and the set of pairs, so that the table is linear in size.
    let mut out: Vec<Vec<&Flow>> = vec![Vec::new(); chart.teams.len()];
    let mut inward: Vec<Vec<&Flow>> = vec![Vec::new(); chart.teams.len()];
    let mut pairs = std::collections::HashSet::new();
    for f in &chart.flows {
        out[f.from].push(f);
        inward[f.to].push(f);
        pairs.insert((f.from, f.to));
    }
    let parents: std::collections::HashMap<usize, usize> = chart.part_of.iter().rev().copied().collect();
    let view = |f: &Flow, other: usize| FlowView {
        team: team_ref(other),
        sends: f.sends.clone(),
        two_way: pairs.contains(&(f.to, f.from)),
    };
    let rows = (0..chart.teams.len())
        .map(|i| {
            let t = &chart.teams[i];
            TeamFlows {
                team: team_ref(i),
                level: t.level.as_deref().map_or_else(|| "—".to_string(), |l| cx.words().level(l).to_string()),
                ended: t.ended.clone(),
                parent: parents.get(&i).map(|&p| team_ref(p)),
                sends: out[i].iter().map(|f| view(f, f.to)).collect(),
                receives: inward[i].iter().map(|f| view(f, f.from)).collect(),
            }
        })
        .collect();
    IndexView {
        svg: site_svg(site, cx.rel, cx.bodies, drawn, "teams/index.html", false),
        file: cx.href(FILE),
        teams: chart.teams.len(),
        links: chart.flows.len(),
        rows,
    }
}

/// The small chart on a team's page: the team and its neighbours; None when it has none.
pub fn team_svg(cx: &Ctx, page: &Page) -> Option<String> {
    let chart = Chart::around(cx.site, cx.rel, &page.id);
    if chart.teams.len() < 2 {
        return None;
    }
    let layout = layout::layout(&chart);
    let w = cx.words();
    let title = w.fill("flowchart.around", &[("team", &page.title)]);
    let count = |other: &dyn Fn(&Flow) -> Option<usize>| {
        let mut teams: Vec<usize> = chart.flows.iter().filter_map(other).collect();
        teams.sort_unstable();
        teams.dedup();
        w.count("count.team", teams.len())
    };
    let desc = w.fill(
        "flowchart.around_summary",
        &[
            ("team", &page.title),
            ("to", &count(&|f| (Some(f.from) == chart.focus).then_some(f.to))),
            ("from", &count(&|f| (Some(f.to) == chart.focus).then_some(f.from))),
        ],
    );
    let href = |url: &str| cx.href(url);
    Some(svg::render(
        &chart,
        &layout,
        &svg::Options { id: "team-chart", title: &title, desc: &desc, href: &href, standalone: false },
    ))
}
