//! Generates a large, realistic clockwork site for benchmarks: per school ~10 teams,
//! 3 strategies, ~40 agendas, ~30 people and some plain pages, with 2–4 KB Markdown bodies.
//! Deterministic: the same `--pages` gives the same bytes.
//!
//! cargo run --release --bin gen-site -- --pages 10000 --out /tmp/site-10k [--hugo /tmp/hugo-10k]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const TEAMS: [(&str, &str, &str); 10] = [
    ("ilt", "Instructional Leadership Team", "school"),
    ("data", "Data Team", "school"),
    ("k", "Kindergarten Team", "grade"),
    ("g1", "Grade 1 Team", "grade"),
    ("g2", "Grade 2 Team", "grade"),
    ("g3", "Grade 3 Team", "grade"),
    ("g4", "Grade 4 Team", "grade"),
    ("g5", "Grade 5 Team", "grade"),
    ("attendance", "Attendance Team", "satellite"),
    ("pbis", "PBIS Team", "satellite"),
];
const PER_SCHOOL: usize = 10 + 3 + 40 + 30 + 5;

/// A small deterministic generator (64-bit LCG), enough to vary the text.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

const WORDS: [&str; 24] = [
    "students",
    "teachers",
    "phonics",
    "walkthrough",
    "benchmark",
    "data",
    "coaching",
    "intervention",
    "families",
    "attendance",
    "routine",
    "evidence",
    "growth",
    "classroom",
    "feedback",
    "plan",
    "team",
    "reading",
    "screener",
    "practice",
    "goal",
    "schedule",
    "support",
    "progress",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(&WORDS));
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => format!("{}{}.", f.to_uppercase(), c.as_str()),
        None => s,
    }
}

/// A 2–4 KB body with headings, a list, a table, internal links and a fenced code block.
fn body(rng: &mut Rng, school: usize, links: bool) -> String {
    let mut b = String::new();
    for section in 0..3 {
        let _ = writeln!(b, "## {}\n", sentence(rng, 3).trim_end_matches('.'));
        for _ in 0..2 {
            let _ = writeln!(b, "{} {} {}\n", sentence(rng, 14), sentence(rng, 11), sentence(rng, 16));
        }
        if section == 0 {
            for _ in 0..4 {
                let _ = writeln!(b, "- {}", sentence(rng, 7));
            }
            b.push('\n');
        }
        if section == 1 {
            b.push_str("| Measure | Fall | Winter |\n|---|---:|---:|\n");
            for _ in 0..3 {
                let _ = writeln!(b, "| {} | {} | {} |", sentence(rng, 2), rng.next() % 100, rng.next() % 100);
            }
            b.push('\n');
        }
    }
    if links {
        let _ = writeln!(
            b,
            "See the [ILT](@/teams/s{school}-ilt.md) and the [reading strategy](@/strategies/s{school}-reading.md#g1).\n"
        );
    }
    b.push_str("```yaml\nowner: s0-p0\nstatus: in-progress\n```\n");
    b
}

struct Site {
    out: PathBuf,
    hugo: Option<PathBuf>,
}

impl Site {
    fn page(&self, path: &str, front: &str, body: &str) {
        write(&self.out.join("content").join(path), &format!("---\n{front}---\n{body}"));
        if let Some(h) = &self.hugo {
            let title = front.lines().find_map(|l| l.strip_prefix("title: ")).unwrap_or("Page");
            write(&h.join("content").join(path), &format!("---\ntitle: {title}\n---\n{}", body.replace("](@/", "](/")));
        }
    }
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

fn school(site: &Site, rng: &mut Rng, s: usize) {
    for p in 0..30 {
        site.page(
            &format!("people/s{s}-p{p}.md"),
            &format!(
                "title: Person {p} of school {s}\nrole: {}\nemail: p{p}@s{s}.example\n",
                rng.pick(&["Teacher", "Coach", "Interventionist", "Principal"])
            ),
            &body(rng, s, false)[..600],
        );
    }
    for (i, (id, title, level)) in TEAMS.iter().enumerate() {
        let next = TEAMS[(i + 1) % TEAMS.len()].0;
        let prev = TEAMS[(i + TEAMS.len() - 1) % TEAMS.len()].0;
        let parent = if *level == "satellite" { format!("parent: s{s}-ilt\n") } else { String::new() };
        let short = title.trim_end_matches(" Team"); // words, as a planner writes them
        let front = format!(
            "title: {title} (school {s})\nshort: {short} {s}\nlevel: {level}\npurpose: {}\ncadence: Weekly\nmeets: {{ weekday: tuesday, start: \"15:30\", minutes: 60 }}\nmembers:\n  - {{ person: s{s}-p{i}, role: facilitator }}\n  - {{ person: s{s}-p{}, role: member }}\nlinks:\n  - {{ to: s{s}-{next}, sends: \"{}\" }}\n  - {{ to: s{s}-{prev}, sends: \"{}\" }}\n{parent}standing_items:\n  - {{ topic: Celebrations, minutes: 5 }}\n  - {{ topic: Data, minutes: 30 }}\nnorms: [Start on time]\n",
            sentence(rng, 10),
            i + 10,
            sentence(rng, 4),
            sentence(rng, 4)
        );
        site.page(&format!("teams/s{s}-{id}.md"), &front, &body(rng, s, true));
    }
    for (k, name) in ["reading", "math", "attendance"].iter().enumerate() {
        let mut front = format!(
            "title: Every student at school {s} grows in {name} this year.\ndescription: {}\nteam: s{s}-ilt\nowner: s{s}-p{k}\ngoals:\n",
            sentence(rng, 30)
        );
        for g in 1..=3 {
            let _ = writeln!(
                front,
                "  - {{ id: g{g}, statement: \"{}\", measure: \"% proficient\", unit: \"%\", baseline: 50, target: 70, measurements: [{{ date: 2026-10-15, value: {} }}] }}",
                sentence(rng, 8),
                50 + rng.next() % 20
            );
        }
        front.push_str("benchmarks:\n");
        for (b, q) in ["Q1", "Q1", "Q2", "Q2"].iter().enumerate() {
            let _ = writeln!(
                front,
                "  - {{ id: b{}, quarter: {q}, goals: [g1], statement: \"{}\", unit: \"%\", baseline: 60, target: 90, actual: {} }}",
                b + 1,
                sentence(rng, 8),
                60 + rng.next() % 35
            );
        }
        front.push_str("action_steps:\n");
        for a in 1..=6 {
            let _ = writeln!(
                front,
                "  - {{ id: a{a}, action: \"{}\", owner: s{s}-p{a}, support: [s{s}-p{}], due: 2027-0{}-15, status: in-progress, benchmarks: [b1] }}",
                sentence(rng, 9),
                a + 5,
                1 + a % 5
            );
        }
        site.page(&format!("strategies/s{s}-{name}.md"), &front, &body(rng, s, true));
    }
    for a in 0..40 {
        let (team, _, _) = TEAMS[a % 4];
        let day = 1 + (a / 4) * 7;
        let date = chrono::NaiveDate::from_ymd_opt(2026, 8, 18).unwrap() + chrono::Duration::days(day as i64 - 1);
        let front = format!(
            "roles: {{ facilitator: s{s}-p1, note-taker: s{s}-p2 }}\nitems:\n  - {{ topic: Celebrations, minutes: 5 }}\n  - {{ topic: \"{}\", minutes: 30, type: discuss, lead: s{s}-p3, strategy: s{s}-reading, benchmark: s{s}-reading#b1 }}\naction_items:\n  - {{ task: \"{}\", owner: s{s}-p4, due: {}, done: {} }}\n",
            sentence(rng, 5),
            sentence(rng, 6),
            date + chrono::Duration::days(7),
            a % 3 == 0
        );
        site.page(&format!("agendas/s{s}-{team}/{date}.md"), &front, &body(rng, s, true));
    }
    for p in 0..5 {
        site.page(
            &format!("resources/s{s}/page-{p}.md"),
            &format!("title: {}\n", sentence(rng, 5).trim_end_matches('.')),
            &body(rng, s, true),
        );
    }
}

/// Generates a large, realistic clockwork site (and optionally the same text as a Hugo site)
/// for benchmarks. Deterministic: the same `--pages` gives the same bytes.
#[derive(clap::Parser)]
#[command(name = "gen-site")]
struct Args {
    /// About how many pages to write (whole schools of 88 pages each).
    #[arg(long, default_value_t = 1000)]
    pages: usize,
    /// The folder for the clockwork site.
    #[arg(long)]
    out: PathBuf,
    /// Also write the same Markdown bodies as a plain Hugo site into this folder.
    #[arg(long)]
    hugo: Option<PathBuf>,
}

fn main() {
    let Args { pages, out, hugo } = clap::Parser::parse();
    let schools = pages.div_ceil(PER_SCHOOL).max(1);
    let site = Site { out: out.clone(), hugo: hugo.clone() };
    write(
        &out.join("site.yaml"),
        "title: Generated District\nas_of: 2026-11-20\nschool_year: 2026-27\nquarters:\n  - { name: Q1, start: 2026-08-17, end: 2026-10-30 }\n  - { name: Q2, start: 2026-11-02, end: 2027-01-22 }\n  - { name: Q3, start: 2027-01-25, end: 2027-04-02 }\n  - { name: Q4, start: 2027-04-05, end: 2027-06-11 }\nchecks:\n  loop-open: allow\n",
    );
    site.page("_index.md", "title: Generated District\n", "A generated site for benchmarks.\n");
    let mut rng = Rng(42);
    for s in 0..schools {
        school(&site, &mut rng, s);
    }
    if let Some(h) = &hugo {
        write(
            &h.join("hugo.yaml"),
            "baseURL: http://localhost/\ntitle: Generated District\ndisableKinds: [taxonomy, term, RSS, sitemap]\nmarkup:\n  highlight:\n    noClasses: false\n",
        );
        write(
            &h.join("layouts/_default/baseof.html"),
            "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>\n",
        );
        write(
            &h.join("layouts/_default/single.html"),
            "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n",
        );
        write(
            &h.join("layouts/_default/list.html"),
            "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
        );
    }
    eprintln!("wrote {} schools, {} pages into {}", schools, schools * PER_SCHOOL + 1, out.display());
}
