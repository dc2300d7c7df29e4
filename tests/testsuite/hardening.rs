//! The robustness promises (SPEC, "Robustness promises"): a full disk, a synced folder, a
//! hostile file name and a year typo lose nothing and leak nothing. Each test reproduces what
//! was seen when the release binary was probed as an attacker and as a careless user would.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

const BIN: &str = env!("CARGO_BIN_EXE_clockwork");

/// Every file under `dir` with its bytes and modification time, and whether any clockwork
/// temporary file is left there.
fn state(dir: &Path) -> (Vec<(String, Vec<u8>, std::time::SystemTime)>, bool) {
    let listing = snapshot(dir);
    let temporaries = listing.iter().any(|(f, _, _)| {
        f.rsplit('/').next().is_some_and(|n| n.starts_with(".clockwork-")) && !f.ends_with(".clockwork-manifest")
    });
    (listing, temporaries)
}

/// Makes a whole tree readable and writable by everyone, so that a test can run clockwork as
/// an unprivileged user over it.
fn open_to_all(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
        let mode = if entry.file_type().is_dir() { 0o777 } else { 0o666 };
        let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode));
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Runs clockwork as an unprivileged user (permissions do not stop root): `nobody` through
/// setpriv when the tests run as root, else the current user.
fn unprivileged(args: &[&str]) -> Run {
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        c
    } else {
        Command::new(BIN)
    };
    let out = cmd.args(args).env("NO_COLOR", "1").output().expect("run clockwork");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    }
}

fn path_arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// Changes every page (the title is on each) so that a rebuild replaces them all.
fn retitle(root: &Path) {
    let yaml = read(root, "site.yaml").replacen("title: ", "title: Renamed — ", 1);
    write(root, "site.yaml", &yaml);
}

#[test]
fn a_full_disk_mid_write_leaves_the_previous_output_as_it_was() {
    let site = fixture("basic");
    let root = site.path();
    let probe = build_into(root, "probe", &[]);
    let used: u64 = files(&probe).iter().map(|f| std::fs::metadata(probe.join(f)).unwrap().len()).sum();
    let disk = tempfile::tempdir().unwrap();
    let out = disk.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let before = disk.path().join("before.txt");
    let after = disk.path().join("after.txt");
    // Room for the first build and little more; the second adds a static file that cannot fit.
    let size_kb = used / 1024 + 400;
    let script = format!(
        r#"set -e
mount -t tmpfs -o size={size_kb}k tmpfs '{out}'
'{bin}' build --root '{root}' --output '{out}' --quiet
(cd '{out}' && find . -type f -printf '%p %s %T@\n' | sort && find . -type f -exec sha256sum {{}} + | sort) > '{before}'
sed -i 's/^title: /title: Renamed — /' '{root}/site.yaml'
mkdir -p '{root}/static' && head -c 600000 /dev/urandom > '{root}/static/big.bin'
if '{bin}' build --root '{root}' --output '{out}' --quiet 2> '{after}.err'; then echo "second build succeeded" >&2; exit 3; fi
(cd '{out}' && find . -type f -printf '%p %s %T@\n' | sort && find . -type f -exec sha256sum {{}} + | sort) > '{after}'
"#,
        out = out.display(),
        bin = BIN,
        root = root.display(),
        before = before.display(),
        after = after.display(),
    );
    let run = Command::new("unshare").args(["--user", "--map-root-user", "--mount", "sh", "-c", &script]).output();
    let Some(run) = run.ok().filter(|r| {
        !String::from_utf8_lossy(&r.stderr).contains("mount:")
            && !String::from_utf8_lossy(&r.stderr).contains("unshare:")
    }) else {
        // No tmpfs to be had here: `a_write_that_fails_leaves_the_previous_output_as_it_was`
        // makes a write fail another way.
        eprintln!("skipped: this machine cannot mount a tmpfs in a user namespace");
        return;
    };
    assert!(
        run.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&run.stderr),
        read_path(&PathBuf::from(format!("{}.err", after.display())))
    );
    let (was, now) = (read_path(&before), read_path(&after));
    assert!(!was.is_empty());
    assert_eq!(was, now, "the output changed although the build failed");
    let left = now.lines().any(|l| l.contains("/.clockwork-") && !l.contains(".clockwork-manifest"));
    assert!(!left, "temporary files were left:\n{now}");
    let err = read_path(&PathBuf::from(format!("{}.err", after.display())));
    assert!(err.contains("No space left") || err.contains("space"), "{err}");
}

#[test]
fn a_write_that_fails_leaves_the_previous_output_as_it_was() {
    let site = fixture("basic");
    let root = site.path();
    let out = build_site(root);
    open_to_all(root);
    retitle(root);
    // A folder of the output that clockwork may not write into (as an unprivileged user):
    // files elsewhere are written first, and must not be left replaced.
    let blocked = out.join("teams");
    std::fs::set_permissions(&blocked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let (before, _) = state(&out);
    let run = unprivileged(&["build", "--root", path_arg(root), "--output", path_arg(&out)]);
    std::fs::set_permissions(&blocked, std::fs::Permissions::from_mode(0o777)).unwrap();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (after, temporaries) = state(&out);
    assert!(!temporaries, "temporary files were left");
    assert!(before == after, "the output changed although the build failed:\n{}", run.stderr);
    assert!(run.stderr.contains("teams"), "the error names the folder: {}", run.stderr);
}

#[test]
fn a_content_folder_that_is_a_symlink_is_followed() {
    let site = fixture("basic");
    let synced = tempfile::tempdir().unwrap();
    let shared = synced.path().join("Shared plan");
    std::fs::rename(site.path().join("content"), &shared).unwrap();
    std::os::unix::fs::symlink(&shared, site.path().join("content")).unwrap();
    let run = clockwork(site.path(), &["build", "--root", ".", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.rules().contains(&"skipped-file".to_string()), "{}", run.stdout);
    assert!(site.path().join("public/teams/ilt/index.html").is_file());
    assert!(site.path().join("public/resources/glossary/index.html").is_file());
}

#[test]
fn an_unreadable_folder_is_an_error_and_nothing_is_removed() {
    let site = fixture("basic");
    let root = site.path();
    let out = build_site(root);
    open_to_all(root);
    let locked = root.join("content/resources");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (before, _) = state(&out);
    let run = unprivileged(&["build", "--root", path_arg(root), "--output", path_arg(&out), "--format", "json"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o777)).unwrap();
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let d: Vec<serde_json::Value> = run.diagnostics();
    let unreadable = d.iter().find(|d| d["file"] == "content/resources").unwrap_or_else(|| panic!("{d:#?}"));
    assert_eq!(unreadable["severity"], "error");
    assert_eq!(state(&out).0, before, "pages were removed");
}

#[test]
fn a_static_folder_linked_outside_the_site_is_never_copied() {
    let site = fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.txt", "not for the web");
    write(outside.path(), "private/grades.csv", "student,grade\n");
    write(site.path(), "static/logo.txt", "ours");
    std::os::unix::fs::symlink(outside.path(), site.path().join("static/shared")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path().join("static/secret.txt")).unwrap();
    std::fs::create_dir_all(site.path().join("data")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("private/grades.csv"), site.path().join("data/grades.csv")).unwrap();
    let run = clockwork(site.path(), &["build", "--root", ".", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = files(&site.path().join("public"));
    assert!(out.contains(&"logo.txt".to_string()));
    assert!(!out.iter().any(|f| f.contains("secret") || f.contains("grades")), "{out:?}");
    let skipped: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["rule"] == "skipped-file")
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(skipped, ["data/grades.csv", "static/secret.txt", "static/shared"], "{}", run.stdout);
}

#[test]
fn file_names_that_differ_only_in_case_collide() {
    let site = fixture("basic");
    write(site.path(), "content/Glossary.md", "---\ntitle: Another glossary\n---\n");
    std::fs::rename(site.path().join("content/resources/glossary.md"), site.path().join("content/glossary.md"))
        .unwrap();
    let run = clockwork(site.path(), &["check", "--root", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let (file, line, _, message) = run.find("path-collision");
    assert_eq!((file.as_str(), line), ("content/glossary.md", 1), "{message}");
    assert!(message.contains("content/Glossary.md"), "{message}");
}

#[test]
fn a_file_name_that_is_not_utf8_is_an_error() {
    use std::os::unix::ffi::OsStrExt;
    let site = fixture("basic");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(site.path().join("content").join(name), "---\ntitle: Cafe\n---\n").unwrap();
    std::fs::write(
        site.path().join("content").join(std::ffi::OsStr::from_bytes(b"caf\xe8.md")),
        "---\ntitle: Cafe 2\n---\n",
    )
    .unwrap();
    let run = clockwork(site.path(), &["check", "--root", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let bad: Vec<_> = run.diagnostics().into_iter().filter(|d| d["rule"] == "bad-encoding").collect();
    assert_eq!(bad.len(), 2, "{bad:#?}");
}

#[test]
fn a_file_name_never_makes_a_link_with_a_scheme() {
    let site = fixture("basic");
    write(site.path(), "content/javascript:alert(1).md", "---\ntitle: Click me\n---\n");
    let run = clockwork(site.path(), &["check", "--root", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let (file, _, _, message) = run.find("bad-file-name");
    assert_eq!(file, "content/javascript:alert(1).md", "{message}");
}

#[test]
fn a_name_windows_cannot_hold_is_refused_on_every_system() {
    let site = fixture("basic");
    write(site.path(), "content/con.md", "---\ntitle: Contacts\n---\n");
    let run = clockwork(site.path(), &["check", "--root", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let (file, _, _, message) = run.find("bad-file-name");
    assert_eq!(file, "content/con.md");
    assert!(message.contains("device name on Windows"), "{message}");
}

/// Excel and Word keep a lock file beside a file they have open (`~$progress.csv`, holding
/// the name of whoever opened it): never a tracker, never published.
#[test]
fn office_lock_files_are_neither_read_nor_published() {
    let site = fixture("progress");
    std::fs::write(site.path().join("data/~$progress.csv"), b"\x0bJordan Lee\x00\x00\xff\xfe").unwrap();
    std::fs::write(site.path().join("content/~$minutes.docx"), b"\x0bJordan Lee\x00").unwrap();
    std::fs::write(site.path().join("content/desktop.ini"), "[.ShellClassInfo]\n").unwrap();
    let run = clockwork(site.path(), &["build", "--root", ".", "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.diagnostics().iter().all(|d| !d["file"].as_str().unwrap_or("").contains("~$")), "{}", run.stdout);
    let written = files(&site.path().join("public"));
    assert!(written.iter().all(|f| !f.contains("~$") && !f.ends_with("desktop.ini")), "{written:?}");
}

#[test]
fn base_url_and_theme_are_checked_in_check_too() {
    let site = fixture("basic");
    let yaml = read(site.path(), "site.yaml");
    write(site.path(), "site.yaml", &format!("{yaml}base_url: \"javascript:alert(1)\"\ntheme: /etc\n"));
    let run = clockwork(site.path(), &["check", "--root", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let config: Vec<(u64, String)> = run
        .diagnostics()
        .iter()
        .filter(|d| d["rule"] == "bad-config")
        .map(|d| (d["line"].as_u64().unwrap(), d["message"].as_str().unwrap().to_string()))
        .collect();
    let lines = yaml.lines().count() as u64;
    assert_eq!(config.len(), 2, "{config:#?}");
    assert_eq!(config[0].0, lines + 1, "{config:#?}");
    assert!(config[0].1.contains("http"), "{config:#?}");
    assert_eq!(config[1].0, lines + 2, "{config:#?}");
    assert!(config[1].1.contains("/etc"), "{config:#?}");
    let built = clockwork(site.path(), &["build", "--root", ".", "--format", "json"]);
    assert_eq!(built.code, 1);
    assert!(!built.stdout.contains("templates:1:1"), "{}", built.stdout);
}

#[test]
fn dates_outside_1900_to_2200_are_bad_dates() {
    let site = fixture("basic");
    let yaml = read(site.path(), "site.yaml").replace("end: 2027-01-22", "end: 9999-12-31");
    write(site.path(), "site.yaml", &yaml);
    write(
        site.path(),
        "content/strategies/far.md",
        "---\ntitle: Far away.\naction_steps:\n  - { action: Wait, due: 9026-11-13 }\n  - { action: Remember, due: 1066-10-14 }\n---\n",
    );
    let run = clockwork(site.path(), &["check", "--root", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let d = run.diagnostics();
    assert!(
        d.iter().any(|d| d["rule"] == "bad-config" && d["message"].as_str().unwrap().contains("9999-12-31")),
        "{d:#?}"
    );
    let dates: Vec<u64> = d
        .iter()
        .filter(|d| d["rule"] == "bad-date" && d["file"] == "content/strategies/far.md")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(dates, [4, 5], "{d:#?}");
    let flag = clockwork(site.path(), &["check", "--root", ".", "--as-of", "9026-11-13"]);
    assert_eq!(flag.code, 2, "{}", flag.stderr);
}

#[test]
fn deep_nesting_is_a_yaml_error_at_its_line() {
    let site = fixture("basic");
    let deep = format!("---\ntitle: Deep\nsummary: {}x{}\n---\n", "{ a: ".repeat(50_000), " }".repeat(50_000));
    write(site.path(), "content/deep.md", &deep);
    let run = clockwork(site.path(), &["check", "--root", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let (file, line, _, message) = run.find("yaml-syntax");
    assert_eq!((file.as_str(), line), ("content/deep.md", 3), "{message}");
    assert!(message.contains("64"), "{message}");
}

#[test]
fn tracker_reading_grows_linearly() {
    // Not a stopwatch: the time for 8,000 rows against 1,000. Reading line numbers from the
    // file's start for every row (as it was) makes that ratio about 64; linear reading, 8.
    let rows = |n: usize| {
        let mut t = String::from("strategy,id,actual\n");
        for i in 0..n {
            t.push_str(&format!("reading,b{},{}\n", i % 7 + 1, i % 100));
        }
        t
    };
    let time = |text: &str| {
        let start = std::time::Instant::now();
        let (parsed, diags) = clockwork::content::trackers::parse("data/big.csv", text);
        let took = start.elapsed();
        assert!(diags.is_empty(), "{diags:?}");
        (parsed, took)
    };
    let (small_text, big_text) = (rows(1_000), rows(8_000));
    let _ = time(&small_text);
    let (small, t1) = time(&small_text);
    let (big, t8) = time(&big_text);
    assert_eq!((small.len(), big.len()), (1_000, 8_000));
    assert_eq!(big.last().map(|r| r.line), Some(8_001));
    let ratio = t8.as_secs_f64() / t1.as_secs_f64().max(1e-6);
    assert!(ratio < 24.0, "8,000 rows took {ratio:.1} times as long as 1,000");
}

#[test]
fn non_finite_numbers_are_errors() {
    let site = fixture("basic");
    write(
        site.path(),
        "content/strategies/nan.md",
        "---\ntitle: Not a number.\ngoals:\n  - { id: g1, statement: Grow, measure: x, target: .nan }\nbenchmarks:\n  - { id: b1, quarter: Q1, goals: [g1], statement: Do, target: 1, actual: .inf }\n---\n",
    );
    let run = clockwork(site.path(), &["check", "--root", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let errors: Vec<(u64, String)> = run
        .diagnostics()
        .iter()
        .filter(|d| d["file"] == "content/strategies/nan.md" && d["severity"] == "error")
        .map(|d| (d["line"].as_u64().unwrap(), d["message"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(errors.first().map(|e| e.0), Some(4), "{errors:#?}");
    assert!(errors[0].1.contains("target"), "{errors:#?}");
}

#[test]
fn reference_cycles_are_errors() {
    let site = fixture("basic");
    write(site.path(), "content/teams/a.md", "---\ntitle: A\nparent: b\n---\n");
    write(site.path(), "content/teams/b.md", "---\ntitle: B\nparent: c\n---\n");
    write(site.path(), "content/teams/c.md", "---\ntitle: C\nparent: a\n---\n");
    write(site.path(), "content/teams/self.md", "---\ntitle: Self\nparent: self\n---\n");
    write(site.path(), "content/strategies/s1.md", "---\ntitle: One.\nsupports: [s2]\n---\n");
    write(site.path(), "content/strategies/s2.md", "---\ntitle: Two.\nsupports: [s1]\n---\n");
    let run = clockwork(site.path(), &["check", "--root", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let cycles: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["rule"] == "reference-cycle")
        .map(|d| format!("{}:{}", d["file"].as_str().unwrap(), d["line"]))
        .collect();
    assert_eq!(
        cycles,
        ["content/strategies/s1.md:3", "content/teams/a.md:3", "content/teams/self.md:3"],
        "{}",
        run.stdout
    );
}

#[test]
fn control_characters_and_duplicate_keys_are_reported_at_their_line() {
    let site = fixture("basic");
    write(site.path(), "content/nul-byte.md", "---\ntitle: Nul\nsummary: fine\ntags: [a\u{0}b]\n---\n");
    write(site.path(), "content/twice.md", "---\ntitle: Twice\nsummary: one\nweight: 3\nsummary: two\n---\n");
    let run = clockwork(site.path(), &["check", "--root", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let at = |file: &str| {
        run.diagnostics()
            .into_iter()
            .find(|d| d["file"] == file)
            .map(|d| (d["line"].as_u64().unwrap(), d["message"].as_str().unwrap().to_string()))
            .unwrap_or_else(|| panic!("nothing for {file}: {}", run.stdout))
    };
    assert_eq!(at("content/nul-byte.md").0, 4, "{:?}", at("content/nul-byte.md"));
    let (line, message) = at("content/twice.md");
    assert_eq!(line, 5, "{message}");
    assert!(message.contains("summary"), "{message}");
}

#[test]
fn the_csv_export_neutralises_formulas() {
    let site = fixture("basic");
    write(
        site.path(),
        "content/strategies/formula.md",
        "---\ntitle: Formulas.\naction_steps:\n  - { action: \"=HYPERLINK(\\\"http://evil.example\\\", \\\"click\\\")\", owner: ana-lopez, due: 2026-12-01 }\n  - { action: \"+1\", due: 2026-12-01 }\n  - { action: \"@SUM(A1)\", due: 2026-12-01 }\n  - { action: \"-2\", due: 2026-12-01 }\n---\n",
    );
    let out = build_site(site.path());
    let csv = read_path(&out.join("action-steps.csv"));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let action = headers.iter().position(|h| h == "action").unwrap();
    let actions: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[action].to_string())
        .filter(|a| a.contains("HYPERLINK") || a.contains("SUM") || a.ends_with('1') || a.ends_with('2'))
        .collect();
    for a in &actions {
        assert!(a.starts_with('\''), "a formula cell was exported as is: {a}");
    }
    assert_eq!(actions.len(), 4, "{actions:?}");
}

#[test]
fn a_weekly_meeting_keeps_its_clock_time_across_the_november_change() {
    let site = fixture("basic");
    let yaml = read(site.path(), "site.yaml");
    write(site.path(), "site.yaml", &format!("{yaml}timezone: America/Denver\n"));
    let out = build_site(site.path());
    let ics = read_path(&out.join("calendar.ics"));
    let zone = ics.split("BEGIN:VTIMEZONE").nth(1).and_then(|z| z.split("END:VTIMEZONE").next()).expect("a VTIMEZONE");
    for kind in ["STANDARD", "DAYLIGHT"] {
        let block = zone.split(&format!("BEGIN:{kind}")).nth(1).unwrap_or_else(|| panic!("no {kind}:\n{zone}"));
        let block = block.split(&format!("END:{kind}")).next().unwrap();
        assert!(block.contains("RRULE:FREQ=YEARLY;BYMONTH="), "{kind} without RRULE:\n{block}");
    }
    assert_eq!(zone.matches("BEGIN:STANDARD").count(), 1, "{zone}");
    // The ical crate reads it.
    let parsed = ical::IcalParser::new(ics.as_bytes()).next().expect("a calendar").expect("it parses");
    assert!(!parsed.timezones.is_empty());
    // Python's icalendar reads it, and the zone it describes puts 15:30 on either side of
    // November 1 at the right UTC time.
    let script = r#"
import sys, datetime, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
tz = [c for c in cal.walk('VTIMEZONE')][0].to_tz()
for day in ('2026-10-27', '2026-11-03'):
    local = datetime.datetime.fromisoformat(day + 'T15:30:00')
    aware = tz.localize(local) if hasattr(tz, 'localize') else local.replace(tzinfo=tz)
    print(day, aware.utcoffset().total_seconds() / 3600, aware.astimezone(datetime.timezone.utc).strftime('%H:%M'))
"#;
    let py = Command::new("python3").arg("-c").arg(script).arg(out.join("calendar.ics")).output().expect("python3");
    let printed = String::from_utf8_lossy(&py.stdout);
    assert!(
        py.status.success(),
        "python's icalendar could not read calendar.ics (`pip install icalendar`): {}",
        String::from_utf8_lossy(&py.stderr)
    );
    assert_eq!(printed.trim(), "2026-10-27 -6.0 21:30\n2026-11-03 -7.0 22:30", "{printed}");
}

/// `clockwork watch` on a copy of the basic fixture, once it says it is watching.
fn watching_basic() -> (tempfile::TempDir, Running) {
    let site = fixture("basic");
    let args: Vec<&std::ffi::OsStr> = ["watch", "--root", ".", "--color", "never"].iter().map(|a| a.as_ref()).collect();
    let watching = Running::start(site.path(), &args);
    let started = std::time::Instant::now();
    while !watching.lines().iter().any(|l| l.contains("Watching for changes")) {
        assert!(started.elapsed().as_secs() < 60, "watch did not start: {:?}", watching.lines());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    (site, watching)
}

/// Waits until `page` is back, then gives watch a moment to finish writing it.
fn restored(page: &Path, watching: &Running) -> Vec<u8> {
    let deleted = std::time::Instant::now();
    while !page.is_file() {
        assert!(deleted.elapsed().as_secs() < 20, "the deleted page was not restored: {:?}", watching.lines());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    std::fs::read(page).unwrap()
}

#[test]
fn watch_restores_an_output_file_someone_deleted() {
    let (site, watching) = watching_basic();
    let page = site.path().join("public/resources/glossary/index.html");
    let bytes = std::fs::read(&page).unwrap();
    std::fs::remove_file(&page).unwrap();
    assert_eq!(restored(&page, &watching), bytes);
}

#[test]
fn watch_restores_a_page_deleted_the_moment_a_rebuild_wrote_it() {
    // The rebuild renames the new page into place; deleted within the watcher's settling
    // time, the page was "created and removed" and its events used to cancel out.
    let (site, watching) = watching_basic();
    let page = site.path().join("public/resources/glossary/index.html");
    let source = read(site.path(), "content/resources/glossary.md");
    write(site.path(), "content/resources/glossary.md", &source.replace("# Glossary", "# Glossary of terms"));
    let edited = std::time::Instant::now();
    while !std::fs::read_to_string(&page).unwrap_or_default().contains("Glossary of terms") {
        assert!(edited.elapsed().as_secs() < 20, "the edit was not rebuilt: {:?}", watching.lines());
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    std::fs::remove_file(&page).unwrap();
    let bytes = restored(&page, &watching);
    assert!(String::from_utf8_lossy(&bytes).contains("Glossary of terms"));
}

#[test]
fn an_unreadable_site_yaml_is_not_reported_as_missing() {
    let site = fixture("basic");
    open_to_all(site.path());
    std::fs::set_permissions(site.path().join("site.yaml"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let run = unprivileged(&["check", "--root", path_arg(site.path())]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("cannot read site.yaml"), "{}", run.stderr);
    assert!(!run.stderr.contains("there is no site.yaml"), "{}", run.stderr);
}

#[test]
fn an_unreadable_static_file_is_named() {
    let site = fixture("basic");
    write(site.path(), "static/extra.css", "p { color: red }");
    open_to_all(site.path());
    std::fs::set_permissions(site.path().join("static/extra.css"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = site.path().join("out");
    let run = unprivileged(&["build", "--root", path_arg(site.path()), "--output", path_arg(&out)]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("static/extra.css"), "{}", run.stderr);
}

#[test]
fn an_unknown_field_names_the_kind_in_words() {
    let site = fixture("basic");
    write(site.path(), "content/visit.md", "---\ntitle: Visit\nlocation: Room 4\n---\n");
    let run = clockwork(site.path(), &["check", "--root", ".", "--format", "json"]);
    let (_, line, _, message) = run.find("unknown-field");
    assert_eq!(line, 3);
    assert!(!message.contains("page page"), "{message}");
    assert!(message.contains("`location`"), "{message}");
}
