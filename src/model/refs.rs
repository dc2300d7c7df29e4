//! Cross-page references by id: each must name an existing page (or entry) of the right
//! kind. A reference to something this build does not publish is a `hidden-link` warning.

use super::*;
use crate::content::Fields;
use crate::diagnostics::Rule;
use crate::util::did_you_mean;

pub(super) fn check(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for page in &site.pages {
        let mut r = Refs { site, page, out: &mut out };
        match &page.data {
            PageData::Team(t) => r.team(t),
            PageData::Strategy(s) => r.strategy(s),
            PageData::Agenda(a) => r.agenda(a),
            _ => {}
        }
    }
    out.extend(cycles(site, Kind::Team, "is its own parent", |p| match &p.data {
        PageData::Team(t) => t.parent.iter().map(|id| (id.clone(), vec!["parent".to_string()])).collect(),
        _ => Vec::new(),
    }));
    out.extend(cycles(site, Kind::Strategy, "supports itself", |p| match &p.data {
        PageData::Strategy(s) => s
            .supports
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), vec!["supports".to_string(), i.to_string()]))
            .collect(),
        _ => Vec::new(),
    }));
    out
}

/// A reference from one page to another of its kind: the other's id and the field's path.
type Edge = (String, Vec<String>);

/// `reference-cycle`: pages of `kind` that reach themselves through `edges` (a team's
/// `parent`, a strategy's `supports`). Each cycle is reported once, at the reference that
/// starts it in the first of its files.
fn cycles(site: &Site, kind: Kind, what: &str, edges: impl Fn(&Page) -> Vec<Edge>) -> Vec<Diagnostic> {
    let nodes: Vec<&Page> = site.pages.iter().filter(|p| p.kind == kind).collect();
    let index: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let out_edges: Vec<Vec<(usize, Vec<String>)>> = nodes
        .iter()
        .map(|p| edges(p).into_iter().filter_map(|(id, path)| Some((*index.get(id.as_str())?, path))).collect())
        .collect();
    let reach = |from: usize| {
        let mut seen = vec![false; nodes.len()];
        let mut stack: Vec<usize> = out_edges[from].iter().map(|(t, _)| *t).collect();
        while let Some(n) = stack.pop() {
            if !std::mem::replace(&mut seen[n], true) {
                stack.extend(out_edges[n].iter().map(|(t, _)| *t));
            }
        }
        seen
    };
    let reaches: Vec<Vec<bool>> = (0..nodes.len()).map(reach).collect();
    let mut reported = vec![false; nodes.len()];
    let mut out = Vec::new();
    for start in 0..nodes.len() {
        if reported[start] || !reaches[start][start] {
            continue;
        }
        // The cycle's members: those that reach `start` and that it reaches.
        let members: Vec<usize> = (0..nodes.len()).filter(|&n| reaches[start][n] && reaches[n][start]).collect();
        let first = *members.iter().min_by_key(|&&n| &nodes[n].src.file).unwrap_or(&start);
        for &m in &members {
            reported[m] = true;
        }
        let Some((next, path)) = out_edges[first].iter().find(|(t, _)| members.contains(t)) else { continue };
        let chain = chain(&out_edges, *next, first, &members).iter().map(|&n| nodes[n].id.as_str()).collect::<Vec<_>>();
        let page = nodes[first];
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        let message = format!(
            "`{}` {what} through {}",
            page.id,
            std::iter::once(page.id.as_str()).chain(chain).collect::<Vec<_>>().join(" → ")
        );
        out.push(Diagnostic::new(Rule::ReferenceCycle, &page.src.file, page.src.pos(&path), message));
    }
    out
}

/// The nodes on a shortest way from `from` back to `to` within `members`, `to` last.
fn chain(edges: &[Vec<(usize, Vec<String>)>], from: usize, to: usize, members: &[usize]) -> Vec<usize> {
    let mut came: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([from]);
    let mut seen = vec![from];
    while let Some(n) = queue.pop_front() {
        if n == to {
            break;
        }
        for (t, _) in &edges[n] {
            if members.contains(t) && !seen.contains(t) {
                seen.push(*t);
                came.insert(*t, n);
                queue.push_back(*t);
            }
        }
    }
    let mut way = vec![to];
    let mut at = to;
    while at != from {
        match came.get(&at) {
            Some(&prev) => {
                way.push(prev);
                at = prev;
            }
            None => break,
        }
    }
    way.reverse();
    way
}

struct Refs<'a> {
    site: &'a Site,
    page: &'a Page,
    out: &'a mut Vec<Diagnostic>,
}

impl Refs<'_> {
    fn report(&mut self, rule: Rule, path: &[&str], message: String) {
        self.out.push(Diagnostic::new(rule, &self.page.src.file, self.page.src.pos(path), message));
    }

    /// Reports, with a help line made for this kind of reference.
    fn report_with(&mut self, rule: Rule, path: &[&str], message: String, help: String) {
        self.report(rule, path, message);
        if let Some(d) = self.out.last_mut() {
            d.help = Some(help);
        }
    }

    /// Checks that `id` names a page of one of `kinds`.
    fn expect(&mut self, kinds: &[Kind], id: &str, path: &[&str]) {
        if kinds.iter().any(|k| self.site.get(*k, id).is_some()) {
            return;
        }
        if let Some(h) = kinds.iter().find_map(|k| self.site.hidden(*k, id)) {
            let message = format!("`{id}` is {} ({}), so it is shown here as plain text", h.reason, h.file);
            self.report(Rule::HiddenLink, path, message);
            return;
        }
        if self.site.unloaded(kinds, id) {
            return;
        }
        let names: Vec<String> = kinds.iter().map(|k| k.name().to_string()).collect();
        let candidates: Vec<&str> =
            self.site.pages.iter().filter(|p| kinds.contains(&p.kind)).map(|p| p.id.as_str()).collect();
        let hint = did_you_mean(id, candidates);
        let message = format!("no {} has the id `{id}`{hint}", names.join(" or "));
        let folder = kinds[0].folder().unwrap_or("");
        let example = match kinds[0] {
            Kind::Team => "maple-ilt",
            Kind::Strategy => "early-literacy",
            Kind::Challenge => "reading-gap",
            _ => "ana-lopez",
        };
        let help = format!(
            "a {} is named by its file's name without `.md`: content/{folder}/{example}.md is `{example}`",
            kinds[0].name()
        );
        self.report_with(Rule::UnknownReference, path, message, help);
    }

    /// Who owns or supports work: a person, a team, or a role group of site.yaml `roles:`.
    fn expect_owner(&mut self, id: &str, path: &[&str]) {
        if self.site.role(id).is_some() {
            return;
        }
        let before = self.out.len();
        self.expect(&[Kind::Person, Kind::Team], id, path);
        if let Some(d) = self.out.get_mut(before).filter(|d| d.rule == Rule::UnknownReference) {
            let roles: Vec<&str> = self.site.config.roles.iter().map(|r| r.id.as_str()).collect();
            if let Some(close) = crate::util::suggest(id, roles.iter().copied()) {
                d.message =
                    format!("no person, team or role group has the id `{id}`; did you mean the role group `{close}`?");
            } else {
                d.message = d.message.replacen("no person or team", "no person, team or role group", 1);
            }
            d.help = Some(format!(
                "use the id of a person or team page, or of a role group in site.yaml (`roles: [{{ id: {id}, title: ... }}]`) for a group such as all principals"
            ));
        }
    }

    fn team(&mut self, t: &Team) {
        for m in &t.members {
            self.expect(&[Kind::Person], &m.person, &["members", &m.index.to_string(), "person"]);
        }
        for l in &t.links {
            self.expect(&[Kind::Team], &l.to, &["links", &l.index.to_string(), "to"]);
        }
        if let Some(parent) = &t.parent {
            self.expect(&[Kind::Team], parent, &["parent"]);
        }
        if let Some(level) = &t.level {
            let levels = &self.site.config.levels;
            if !levels.contains(level) {
                let hint = did_you_mean(level, levels.iter().map(String::as_str));
                self.report_with(
                    Rule::UnknownReference,
                    &["level"],
                    format!("`{level}` is not one of the site's levels ({}){hint}", levels.join(", ")),
                    format!("use one of the levels site.yaml lists in `levels:`, or add `{level}` there"),
                );
            }
        }
        for (i, s) in t.standing_items.iter().enumerate() {
            if let Some(lead) = &s.lead {
                self.expect(&[Kind::Person, Kind::Team], lead, &["standing_items", &i.to_string(), "lead"]);
            }
        }
    }

    fn quarter(&mut self, name: &str, path: &[&str]) {
        let quarters = &self.site.config.quarters;
        if !quarters.is_empty() && !quarters.iter().any(|q| q.name == name) {
            let hint = did_you_mean(name, quarters.iter().map(|q| q.name.as_str()));
            let list: Vec<&str> = quarters.iter().map(|q| q.name.as_str()).collect();
            self.report_with(
                Rule::UnknownReference,
                path,
                format!("no quarter is named `{name}` in site.yaml ({}){hint}", list.join(", ")),
                "use a quarter's `name:` as site.yaml `quarters:` writes it".to_string(),
            );
        }
    }

    /// An entry (goal, benchmark) of a strategy by id, which may exist but be staff-only.
    fn expect_entry(&mut self, strategy: &Page, what: &str, id: &str, path: &[&str]) {
        let (visible, all): (Vec<&str>, Vec<String>) = match (&strategy.data, &strategy.src.fields) {
            (PageData::Strategy(s), Fields::Strategy(raw)) => match what {
                "goal" => (
                    s.goals.iter().map(|g| g.id.as_str()).collect(),
                    raw.goals.iter().enumerate().map(|(i, g)| g.id.clone().unwrap_or(format!("g{}", i + 1))).collect(),
                ),
                _ => (
                    s.benchmarks.iter().map(|b| b.id.as_str()).collect(),
                    raw.benchmarks
                        .iter()
                        .enumerate()
                        .map(|(i, b)| b.id.clone().unwrap_or(format!("b{}", i + 1)))
                        .collect(),
                ),
            },
            _ => return,
        };
        if visible.contains(&id) {
            return;
        }
        if all.iter().any(|a| a == id) {
            self.report(
                Rule::HiddenLink,
                path,
                format!("{what} `{id}` of `{}` is staff-only, so it is shown here as plain text", strategy.id),
            );
            return;
        }
        let hint = did_you_mean(id, visible.iter().copied());
        let message = format!("strategy `{}` has no {what} `{id}`{hint}", strategy.id);
        let first = if what == "goal" { "g1" } else { "b1" };
        let help = format!(
            "name a {what} by its `id:` in the strategy ({first}, {}… for those written without one)",
            if what == "goal" { "g2" } else { "b2" }
        );
        self.report_with(Rule::UnknownReference, path, message, help);
    }

    fn strategy(&mut self, s: &Strategy) {
        if let Some(team) = &s.team {
            self.expect(&[Kind::Team], team, &["team"]);
        }
        if let Some(owner) = &s.owner {
            self.expect_owner(owner, &["owner"]);
        }
        for (i, id) in s.supports.iter().enumerate() {
            self.expect(&[Kind::Strategy], id, &["supports", &i.to_string()]);
        }
        for a in &s.addresses {
            self.address(a);
        }
        for g in &s.goals {
            for (j, m) in g.milestones.iter().enumerate() {
                self.quarter(&m.quarter, &["goals", &g.index.to_string(), "milestones", &j.to_string(), "quarter"]);
            }
        }
        for b in &s.benchmarks {
            let index = b.index.to_string();
            for (j, goal) in b.goals.iter().enumerate() {
                self.expect_entry(self.page, "goal", goal, &["benchmarks", &index, "goals", &j.to_string()]);
            }
            if let Some(q) = &b.quarter {
                self.quarter(q, &["benchmarks", &index, "quarter"]);
            }
        }
        for a in &s.action_steps {
            let index = a.index.to_string();
            for (j, owner) in a.owners.iter().enumerate() {
                self.expect_owner(owner, &["action_steps", &index, "owner", &j.to_string()]);
            }
            for (j, who) in a.support.iter().enumerate() {
                self.expect_owner(who, &["action_steps", &index, "support", &j.to_string()]);
            }
            for (j, b) in a.benchmarks.iter().enumerate() {
                self.expect_entry(self.page, "benchmark", b, &["action_steps", &index, "benchmarks", &j.to_string()]);
            }
        }
        for (i, r) in s.reflections.iter().enumerate() {
            if let Some(q) = &r.quarter {
                self.quarter(q, &["reflections", &i.to_string(), "quarter"]);
            }
        }
    }

    /// A challenge, or a challenge's root cause (`reading-gap#rc2`), named in `addresses`.
    fn address(&mut self, a: &Address) {
        let path = ["addresses", &a.index.to_string()];
        let Some(page) = self.site.get(Kind::Challenge, &a.challenge) else {
            self.expect(&[Kind::Challenge], &a.challenge, &path);
            if let Some(d) =
                self.out.last_mut().filter(|d| d.rule == Rule::UnknownReference && d.message.contains(&a.challenge))
            {
                d.help = Some("name a challenge by its file name under content/challenges/ (without `.md`), and a root cause as `challenge-id#rc1`".to_string());
            }
            return;
        };
        let (Some(rc), PageData::Challenge(c)) = (&a.root_cause, &page.data) else { return };
        if !c.root_causes.iter().any(|r| &r.id == rc) {
            let ids: Vec<&str> = c.root_causes.iter().map(|r| r.id.as_str()).collect();
            let hint = crate::util::did_you_mean(rc, ids.iter().copied());
            let list = if ids.is_empty() {
                "it lists none".to_string()
            } else {
                format!("its root causes are {}", ids.join(", "))
            };
            self.report(
                Rule::UnknownReference,
                &path,
                format!("challenge `{}` has no root cause `{rc}` ({list}){hint}", a.challenge),
            );
        }
    }

    fn agenda(&mut self, a: &Agenda) {
        if a.team.is_empty() {
            self.report(
                Rule::UnknownReference,
                &["team"],
                "this agenda names no team: put it in `agendas/<team-id>/` or set `team:`".to_string(),
            );
        } else {
            self.expect(&[Kind::Team], &a.team, &["team"]);
        }
        for (role, person) in &a.roles {
            self.expect(&[Kind::Person], person, &["roles", role]);
        }
        for (field, list) in [("present", &a.present), ("absent", &a.absent)] {
            for (i, person) in list.iter().enumerate() {
                self.expect(&[Kind::Person], person, &[field, &i.to_string()]);
            }
        }
        for item in &a.items {
            let index = item.index.to_string();
            if let Some(lead) = &item.lead {
                self.expect(&[Kind::Person, Kind::Team], lead, &["items", &index, "lead"]);
            }
            if let Some(s) = &item.strategy {
                self.expect(&[Kind::Strategy], s, &["items", &index, "strategy"]);
            }
            if let Some((s, b)) = &item.benchmark {
                let path = ["items", &index, "benchmark"];
                match self.site.get(Kind::Strategy, s) {
                    Some(strategy) => self.expect_entry(strategy, "benchmark", b, &path),
                    None if s.is_empty() => self.report(
                        Rule::UnknownReference,
                        &path,
                        format!("name the strategy of benchmark `{b}`: `strategy-id#{b}`"),
                    ),
                    None => self.expect(&[Kind::Strategy], s, &path),
                }
            }
        }
        for item in &a.action_items {
            if let Some(owner) = &item.owner {
                self.expect_owner(owner, &["action_items", &item.index.to_string(), "owner"]);
            }
        }
    }
}
