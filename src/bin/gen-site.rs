//! Generates a large, realistic clockwork site for benchmarks: per school ~10 teams,
//! 3 strategies, ~40 agendas, ~30 people and some plain pages, with 2–4 KB Markdown bodies
//! (`--corpus district`); or plain pages that each carry one fenced code block in one of
//! eight languages (`--corpus code`), so that highlighting is what gets measured.
//! Deterministic: the same arguments give the same bytes.
//!
//! cargo run --release --bin gen-site -- --pages 10000 --out /tmp/site-10k \
//!     [--hugo /tmp/hugo-10k] [--zola /tmp/zola-10k] [--corpus code] [--no-highlight]

use std::cell::RefCell;
use std::collections::BTreeSet;
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

/// Short code blocks in languages all three generators highlight (syntect's default set has
/// no TOML), as a plan's appendix or a data team's page might carry them.
const CODE: [(&str, &str); 8] = [
    (
        "yaml",
        "owner: s0-p0\nstatus: in-progress\nbenchmarks: [b1, b2]\ndue: 2027-01-15\nnotes: |\n  Walkthroughs every second week,\n  led by the coach.\n",
    ),
    (
        "json",
        "{\n  \"school\": \"s0\",\n  \"measure\": \"% proficient\",\n  \"baseline\": 50.5,\n  \"target\": 70,\n  \"windows\": [\"Fall\", \"Winter\", \"Spring\"]\n}\n",
    ),
    (
        "python",
        "import csv\n\ndef proficient(rows, cut=70):\n    \"\"\"Share of students at or above the cut score.\"\"\"\n    scores = [float(r[\"score\"]) for r in rows if r[\"score\"]]\n    return 100 * sum(s >= cut for s in scores) / max(len(scores), 1)\n\nwith open(\"fall.csv\") as f:\n    print(f\"{proficient(csv.DictReader(f)):.1f}%\")\n",
    ),
    (
        "bash",
        "#!/bin/sh\n# Copy last night's export beside the plan.\nset -eu\nfor school in s0 s1 s2; do\n  cp \"/exports/$school/attendance.csv\" \"data/$school-attendance.csv\"\ndone\necho \"copied $(ls data | wc -l) files\"\n",
    ),
    (
        "javascript",
        "// Days until the next benchmark window.\nconst windows = [\"2026-11-02\", \"2027-01-25\", \"2027-04-05\"];\nfunction daysLeft(today) {\n  const next = windows.map((d) => new Date(d)).find((d) => d > today);\n  return next ? Math.ceil((next - today) / 86400000) : null;\n}\nconsole.log(daysLeft(new Date()));\n",
    ),
    (
        "html",
        "<table class=\"roster\">\n  <caption>Grade 3 team</caption>\n  <tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th></tr>\n  <tr><td>Ana Ruiz</td><td>Facilitator</td></tr>\n  <tr><td>Sam Lee</td><td>Note-taker</td></tr>\n</table>\n",
    ),
    (
        "css",
        ".roster caption {\n  font-weight: 600;\n  text-align: left;\n}\n.roster td, .roster th {\n  padding: 0.25rem 0.5rem; /* room to read */\n  border-bottom: 1px solid #ccd;\n}\n",
    ),
    (
        "sql",
        "SELECT school, grade, AVG(score) AS mean_score\nFROM assessments\nWHERE window = 'Fall' AND year = 2026\nGROUP BY school, grade\nHAVING COUNT(*) >= 10\nORDER BY school, grade;\n",
    ),
];

struct Site {
    out: PathBuf,
    hugo: Option<PathBuf>,
    zola: Option<PathBuf>,
    /// Every folder a page went into, for Zola's `_index.md` section files.
    folders: RefCell<BTreeSet<String>>,
}

impl Site {
    fn page(&self, path: &str, front: &str, body: &str) {
        write(&self.out.join("content").join(path), &format!("---\n{front}---\n{body}"));
        let title = front.lines().find_map(|l| l.strip_prefix("title: ")).unwrap_or("Page");
        if let Some(h) = &self.hugo {
            write(&h.join("content").join(path), &format!("---\ntitle: {title}\n---\n{}", body.replace("](@/", "](/")));
        }
        if let Some(z) = &self.zola {
            // Zola checks the anchors of `@/` links; the generated bodies link to a goal's anchor,
            // which only clockwork's strategy pages have.
            let title = title.replace('\\', "\\\\").replace('"', "\\\"");
            write(
                &z.join("content").join(path),
                &format!("+++\ntitle = \"{title}\"\n+++\n{}", body.replace("#g1)", ")")),
            );
            let mut folders = self.folders.borrow_mut();
            let mut folder = Path::new(path).parent();
            while let Some(f) = folder.filter(|f| !f.as_os_str().is_empty()) {
                folders.insert(f.to_string_lossy().into_owned());
                folder = f.parent();
            }
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

/// A plain page with a paragraph or two and one fenced code block.
fn code_page(site: &Site, rng: &mut Rng, i: usize) {
    let (lang, code) = CODE[i % CODE.len()];
    let body = format!(
        "## {}\n\n{} {}\n\n```{lang}\n{code}```\n\n{}\n",
        sentence(rng, 3).trim_end_matches('.'),
        sentence(rng, 14),
        sentence(rng, 12),
        sentence(rng, 10)
    );
    let title = sentence(rng, 4);
    site.page(
        &format!("resources/r{}/page-{i}.md", i / 100),
        &format!("title: {}\n", title.trim_end_matches('.')),
        &body,
    );
}

/// Generates a large, realistic clockwork site (and optionally the same text as a Hugo site
/// and as a Zola site) for benchmarks. Deterministic: the same arguments give the same bytes.
#[derive(clap::Parser)]
#[command(name = "gen-site")]
struct Args {
    /// About how many pages to write (district: whole schools of 88 pages each).
    #[arg(long, default_value_t = 1000)]
    pages: usize,
    /// The folder for the clockwork site.
    #[arg(long)]
    out: PathBuf,
    /// Also write the same Markdown bodies as a plain Hugo site into this folder.
    #[arg(long)]
    hugo: Option<PathBuf>,
    /// Also write the same Markdown bodies as a plain Zola site into this folder.
    #[arg(long)]
    zola: Option<PathBuf>,
    /// `district` (teams, strategies, agendas, people, pages) or `code` (plain pages, each
    /// with one fenced code block).
    #[arg(long, default_value = "district", value_parser = ["district", "code"])]
    corpus: String,
    /// Turn code highlighting off in all the sites written.
    #[arg(long)]
    no_highlight: bool,
}

fn main() {
    let Args { pages, out, hugo, zola, corpus, no_highlight } = clap::Parser::parse();
    let site = Site { out: out.clone(), hugo: hugo.clone(), zola: zola.clone(), folders: RefCell::default() };
    let highlight = if no_highlight { "highlight: false\n" } else { "" };
    write(
        &out.join("site.yaml"),
        &format!(
            "title: Generated District\nas_of: 2026-11-20\nschool_year: 2026-27\nquarters:\n  - {{ name: Q1, start: 2026-08-17, end: 2026-10-30 }}\n  - {{ name: Q2, start: 2026-11-02, end: 2027-01-22 }}\n  - {{ name: Q3, start: 2027-01-25, end: 2027-04-02 }}\n  - {{ name: Q4, start: 2027-04-05, end: 2027-06-11 }}\nchecks:\n  loop-open: allow\n{highlight}"
        ),
    );
    site.page("_index.md", "title: Generated District\n", "A generated site for benchmarks.\n");
    let mut rng = Rng(42);
    let written = if corpus == "code" {
        for i in 0..pages.max(1) {
            code_page(&site, &mut rng, i);
        }
        format!("{} pages", pages.max(1) + 1)
    } else {
        let schools = pages.div_ceil(PER_SCHOOL).max(1);
        for s in 0..schools {
            school(&site, &mut rng, s);
        }
        format!("{} schools, {} pages", schools, schools * PER_SCHOOL + 1)
    };
    if let Some(h) = &hugo {
        let fences = if no_highlight { "\n    codeFences: false" } else { "" };
        write(
            &h.join("hugo.yaml"),
            &format!(
                "baseURL: http://localhost/\ntitle: Generated District\ndisableKinds: [taxonomy, term, RSS, sitemap]\nmarkup:\n  highlight:\n    noClasses: false{fences}\n"
            ),
        );
        let layouts = [
            (
                "baseof.html",
                "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>\n",
            ),
            ("single.html", "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n"),
            (
                "list.html",
                "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
            ),
        ];
        for (name, text) in layouts {
            write(&h.join("layouts/_default").join(name), text);
        }
    }
    if let Some(z) = &zola {
        let highlighting =
            if no_highlight { "" } else { "\n[markdown.highlighting]\ntheme = \"github-light\"\nstyle = \"class\"\n" };
        write(
            &z.join("config.toml"),
            &format!(
                "base_url = \"http://localhost/\"\ntitle = \"Generated District\"\ncompile_sass = false\nbuild_search_index = false\n{highlighting}"
            ),
        );
        for folder in site.folders.borrow().iter() {
            write(&z.join("content").join(folder).join("_index.md"), &format!("+++\ntitle = \"{folder}\"\n+++\n"));
        }
        let list = "{% extends \"base.html\" %}{% block main %}<h1>{{ section.title }}</h1>{{ section.content | safe }}<ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n";
        let templates = [
            (
                "base.html",
                "<!doctype html><html><head><title>{{ page.title | default(value=section.title | default(value='')) }}</title></head><body>{% block main %}{% endblock %}</body></html>\n",
            ),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock %}\n",
            ),
            ("section.html", list),
            ("index.html", list),
        ];
        for (name, text) in templates {
            write(&z.join("templates").join(name), text);
        }
    }
    eprintln!("wrote {written} into {}", out.display());
}
