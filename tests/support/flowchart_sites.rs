//! Generated team inventory sites for the flowchart tests and the layout benchmark: `n`
//! teams over four levels, linked loosely, plus a draft and a staff-only team.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;

pub const LEVELS: [&str; 4] = ["district", "school", "grade", "satellite"];

/// One team file of a fixture.
#[derive(Clone, Debug)]
pub struct Spec {
    pub id: String,
    pub title: String,
    pub short: Option<String>,
    pub level: Option<&'static str>,
    pub links: Vec<(String, String)>,
    pub parent: Option<String>,
    pub until: Option<&'static str>,
    pub draft: bool,
    pub staff: bool,
}

impl Spec {
    pub fn new(id: &str, level: Option<&'static str>) -> Spec {
        Spec {
            id: id.to_string(),
            title: format!("Team {id}"),
            short: None,
            level,
            links: Vec::new(),
            parent: None,
            until: None,
            draft: false,
            staff: false,
        }
    }

    pub fn visible(&self) -> bool {
        !self.draft && !self.staff
    }

    pub fn file(&self) -> String {
        let mut s = format!("---\ntitle: {}\n", self.title);
        if let Some(short) = &self.short {
            s.push_str(&format!("short: {short}\n"));
        }
        if let Some(level) = self.level {
            s.push_str(&format!("level: {level}\n"));
        }
        s.push_str("purpose: Keep the plan moving.\nmembers: []\n");
        if self.links.is_empty() {
            s.push_str("links: []\n");
        } else {
            s.push_str("links:\n");
            for (to, sends) in &self.links {
                s.push_str(&format!("  - {{ to: {to}, sends: \"{sends}\" }}\n"));
            }
        }
        if let Some(parent) = &self.parent {
            s.push_str(&format!("parent: {parent}\n"));
        }
        if let Some(until) = self.until {
            s.push_str(&format!("until: {until}\n"));
        }
        if self.draft {
            s.push_str("draft: true\n");
        }
        if self.staff {
            s.push_str("visibility: staff\n");
        }
        s.push_str("---\nWhat this team does.\n");
        s
    }
}

/// A small deterministic generator, so that every fixture is the same on every run.
pub struct Rng(u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

pub const WHAT: [&str; 8] = [
    "Monthly benchmark data",
    "Quarterly benchmark data, reflections and resource requests",
    "Priorities, protocols and walkthrough look-fors",
    "Student-level screener and progress-monitoring reports",
    "Questions for the next data dig",
    "Implementation wins and barriers",
    "Attendance report",
    "Draft schedules and the final proposal for the intervention block",
];

/// `n` visible teams over the four levels (and one without a level from 20 up), linked
/// loosely: every team sends to an earlier one, most loops close, some links are extra;
/// satellites belong to a school team; plus a draft and a staff-only team linked both ways.
pub fn generate(n: usize) -> Vec<Spec> {
    let mut rng = Rng(n as u64 * 7919 + 17);
    let mut teams: Vec<Spec> = Vec::new();
    for i in 0..n {
        let level = match i {
            0 => Some("district"),
            _ if n >= 20 && i == n - 1 => None,
            _ => Some(LEVELS[[0, 1, 1, 1, 2, 2, 2, 2, 3, 3][rng.below(10)]]),
        };
        let mut t = Spec::new(&format!("t{i:02}"), level);
        t.title = match rng.below(4) {
            0 => format!("Grade {} and {} Mathematics Professional Learning Community {i}", i % 5 + 1, i % 5 + 2),
            1 => format!("Instructional Leadership Team {i}"),
            _ => format!("Team {i}"),
        };
        if rng.below(3) == 0 {
            t.short = Some(format!("T{i} short"));
        }
        teams.push(t);
    }
    let mut links: BTreeSet<(usize, usize)> = BTreeSet::new();
    for i in 1..n {
        let j = rng.below(i);
        links.insert((i, j));
        if rng.below(10) < 7 {
            links.insert((j, i));
        }
    }
    for _ in 0..n / 3 {
        let (a, b) = (rng.below(n), rng.below(n));
        if a != b {
            links.insert((a, b));
        }
    }
    for (a, b) in links {
        let what = WHAT[rng.below(WHAT.len())].to_string();
        let to = teams[b].id.clone();
        teams[a].links.push((to, what));
    }
    let schools: Vec<String> = teams.iter().filter(|t| t.level == Some("school")).map(|t| t.id.clone()).collect();
    let mut ended = false;
    for t in teams.iter_mut().filter(|t| t.level == Some("satellite")) {
        if !schools.is_empty() {
            t.parent = Some(schools[rng.below(schools.len())].clone());
        }
        if !ended {
            t.until = Some("2026-10-01");
            ended = true;
        }
    }
    if n > 1 {
        let mut draft = Spec::new("draft-team", Some("school"));
        draft.draft = true;
        let mut staff = Spec::new("staff-team", Some("grade"));
        staff.staff = true;
        for hidden in [&mut draft, &mut staff] {
            hidden.links.push(("t00".into(), "Secret plans".into()));
            hidden.parent = Some("t00".into());
        }
        teams[0].links.push(("draft-team".into(), "Notes for the draft team".into()));
        teams[1].links.push(("staff-team".into(), "Notes for the staff team".into()));
        teams.push(draft);
        teams.push(staff);
    }
    teams
}

pub fn write_site(root: &Path, teams: &[Spec]) {
    std::fs::create_dir_all(root.join("content/teams")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        format!("title: Flowchart fixture\nas_of: 2026-11-20\nlevels: [{}]\n", LEVELS.join(", ")),
    )
    .unwrap();
    for t in teams {
        std::fs::write(root.join(format!("content/teams/{}.md", t.id)), t.file()).unwrap();
    }
}
