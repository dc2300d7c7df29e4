//! `clockwork watch` under a storm of edits: afterwards the output folder must be exactly
//! what a clean build of the same sources writes, file for file and byte for byte.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::*;

/// A running `clockwork watch`, stopped when dropped.
struct Watching(Running);

impl Watching {
    fn start(root: &Path, out: &Path) -> Watching {
        let args = ["watch".as_ref(), "--color".as_ref(), "never".as_ref(), "--output".as_ref(), out.as_os_str()];
        let w = Watching(Running::start(root, &args));
        w.wait_for_line(|l| l.starts_with("Built ") || l.starts_with("The site has errors"), Duration::from_secs(60));
        w
    }

    fn lines(&self) -> Vec<String> {
        self.0.lines()
    }

    /// Waits for a line after the first `skip` that matches; its index.
    fn wait_for_line_after(&self, skip: usize, pred: impl Fn(&str) -> bool, timeout: Duration) -> usize {
        let started = Instant::now();
        loop {
            if let Some(i) = self.lines().iter().skip(skip).position(|l| pred(l)) {
                return skip + i;
            }
            assert!(
                started.elapsed() < timeout,
                "watch never printed the line; it printed:\n{}",
                self.lines().join("\n")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_for_line(&self, pred: impl Fn(&str) -> bool, timeout: Duration) -> usize {
        self.wait_for_line_after(0, pred, timeout)
    }
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir).into_iter().map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap_or_default())).collect()
}

/// What differs between two trees, for a readable failure.
fn differences(ours: &[(String, Vec<u8>)], clean: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut out = Vec::new();
    for (f, bytes) in clean {
        match ours.iter().find(|(g, _)| g == f) {
            None => out.push(format!("missing {f}")),
            Some((_, b)) if b != bytes => out.push(format!("differs {f}")),
            _ => {}
        }
    }
    for (f, _) in ours {
        if !clean.iter().any(|(g, _)| g == f) {
            out.push(format!("extra {f}"));
        }
    }
    out
}

/// An atomic save as editors do it: write a temp file beside the page, rename it over.
fn atomic_save(root: &Path, rel: &str, temp_name: &str, text: &str) {
    let path = root.join(rel);
    let temp = path.with_file_name(temp_name);
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &path).unwrap();
}

fn pause() {
    std::thread::sleep(Duration::from_millis(30));
}

#[test]
fn a_storm_of_edits_ends_exactly_as_a_clean_build() {
    let site = fixture("basic");
    let root = site.path();
    // A tracker too, so that derived statuses are part of the comparison once trackers exist.
    write(root, "data/progress.csv", "strategy,id,actual\nreading,b1,86\n");
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let watching = Watching::start(root, &out);
    assert!(out.join("teams/ilt/index.html").is_file(), "the first build wrote the site");
    let started = Instant::now();
    let mut changes = 0;

    // 1. Quick successive edits of one team, plain writes and atomic saves mixed.
    let ilt = read(root, "content/teams/ilt.md");
    for i in 0..20 {
        let text = ilt.replace("purpose: Lead the plan.", &format!("purpose: Lead the plan, take {i}."));
        if i % 2 == 0 {
            write(root, "content/teams/ilt.md", &text);
        } else {
            atomic_save(root, "content/teams/ilt.md", if i % 4 == 1 { ".ilt.md.tmp" } else { "ilt.md.saving" }, &text);
        }
        changes += 1;
        pause();
    }
    // 2. An editor's swap file, backup file and write test, created, changed and removed.
    write(root, "content/teams/.ilt.md.swp", "swap");
    write(root, "content/teams/ilt.md~", "backup");
    write(root, "content/teams/4913", "");
    write(root, "content/teams/.ilt.md.swp", "swap 2");
    changes += 4;
    pause();
    std::fs::remove_file(root.join("content/teams/4913")).unwrap();
    changes += 1;
    // 3. People and strategies renamed, a body edited again and again.
    let glossary = read(root, "content/resources/glossary.md");
    for i in 0..10 {
        let person = read(root, "content/people/bo-chen.md");
        write(root, "content/people/bo-chen.md", &person.replace("Coach", &format!("Coach {i}")));
        write(root, "content/resources/glossary.md", &format!("{glossary}\nEdit {i}.\n"));
        changes += 2;
        pause();
    }
    // 4. A page deleted, a page added, a new team with its own agenda folder.
    std::fs::remove_file(root.join("content/agendas/ilt/2026-09-15.md")).unwrap();
    write(root, "content/resources/guide.md", "---\ntitle: A new guide\n---\nSee the [ILT](@/teams/ilt.md).\n");
    write(
        root,
        "content/teams/grade-2.md",
        "---\ntitle: Grade 2 Team\nlevel: grade\npurpose: Teach second grade.\nmembers:\n  - { person: cy-diaz, role: lead }\nlinks:\n  - { to: ilt, sends: \"Reading data\" }\n---\n",
    );
    write(root, "content/agendas/grade-2/2026-10-06.md", "---\nitems:\n  - { topic: Start, minutes: 10 }\n---\n");
    changes += 4;
    pause();
    let ilt_now = read(root, "content/teams/ilt.md");
    atomic_save(
        root,
        "content/teams/ilt.md",
        ".ilt.md.tmp",
        &ilt_now.replace(
            "  - { to: grade-1, sends: \"Look-fors\" }",
            "  - { to: grade-1, sends: \"Look-fors\" }\n  - { to: grade-2, sends: \"Look-fors\" }",
        ),
    );
    changes += 1;

    // 5. Broken YAML: watch reports it and leaves the output as it was; then the fix.
    let printed = watching.lines().len();
    let strategy = read(root, "content/strategies/reading.md");
    write(root, "content/strategies/reading.md", &strategy.replace("team: ilt", "team: [ilt"));
    changes += 1;
    let at =
        watching.wait_for_line_after(printed, |l| l.contains("the site was left as it was"), Duration::from_secs(30));
    assert!(
        watching.lines()[printed..at].iter().any(|l| l.contains("content/strategies/reading.md:")),
        "the diagnostic names the file and line:\n{}",
        watching.lines()[printed..].join("\n")
    );
    let during = tree(&out);
    std::thread::sleep(Duration::from_millis(300));
    assert!(tree(&out) == during, "nothing is written while the content has errors");
    let owner = texts(&html(&out, "strategies/reading/index.html"), "main");
    assert!(owner[0].contains("Ana Lopez"), "the last good page stays: {owner:?}");
    write(root, "content/strategies/reading.md", &strategy.replace("owner: ana-lopez", "owner: bo-chen"));
    changes += 1;
    // 6. More of everything while it catches up: static files, site settings, a template.
    for i in 0..8 {
        write(root, "static/notes.txt", &format!("note {i}\n"));
        changes += 1;
        if i == 3 {
            write(root, "templates/page.html", "{% extends \"theme/page.html\" %}");
            changes += 1;
        }
        if i == 5 {
            let config = read(root, "site.yaml");
            write(root, "site.yaml", &config.replace("Fixture Unified — Plan", "Fixture Unified — Plan B"));
            changes += 1;
        }
        pause();
    }
    std::fs::remove_file(root.join("content/teams/.ilt.md.swp")).unwrap();
    changes += 1;
    assert!(changes >= 50, "{changes} changes");
    eprintln!("{changes} changes in {:.1} s", started.elapsed().as_secs_f64());

    // Once quiet, the output equals a clean build of the same sources.
    let clean_dir = tempfile::tempdir().unwrap();
    let clean_out = clean_dir.path().join("site");
    let run = clockwork(root, &["build", "--output", clean_out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let clean = tree(&clean_out);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let printed = watching.lines().len();
        let diff = differences(&tree(&out), &clean);
        if diff.is_empty() {
            // Quiet means: still equal after a second without a rebuild.
            std::thread::sleep(Duration::from_millis(1000));
            if watching.lines().len() == printed && differences(&tree(&out), &clean).is_empty() {
                break;
            }
            continue;
        }
        assert!(
            Instant::now() < deadline,
            "watch never caught up with the clean build: {diff:?}\nit printed:\n{}",
            watching.lines().join("\n")
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let ours = tree(&out);
    assert_eq!(ours.len(), clean.len());
    for ((f, a), (g, b)) in ours.iter().zip(&clean) {
        assert_eq!(f, g);
        assert!(a == b, "{f} differs from a clean build");
    }
    assert!(
        !ours.iter().any(|(f, _)| f.contains("swp") || f.ends_with('~') || f.ends_with("4913") || f.contains("saving"))
    );
    assert!(
        !ours.iter().any(|(_, b)| b.windows(12).any(|w| w == b"__clockwork/")),
        "the live-reload script is never in built files"
    );
    assert!(
        watching.lines().iter().any(|l| l.contains("fixed;")),
        "the fix is noticed:\n{}",
        watching.lines().join("\n")
    );
}

#[test]
fn watch_refuses_an_output_folder_inside_the_sources() {
    let site = fixture("basic");
    let run = clockwork(site.path(), &["watch", "--output", "content/out"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("inside the site's `content/` folder"), "{}", run.stderr);
}

/// Ctrl-C stops `watch` with exit code 130 and a word, leaving the output folder whole: no
/// temporary files, every page there.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_watch_cleanly() {
    let site = fixture("basic");
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let mut watching = Watching::start(site.path(), &out);
    // An edit in flight when the signal comes: its write finishes first, or does not start.
    write(site.path(), "content/teams/ilt.md", &read(site.path(), "content/teams/ilt.md").replace("Lead", "Guide"));
    let pid = watching.0.child.id().to_string();
    let sent = std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = watching.0.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "watch did not stop: {:?}", watching.lines());
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130), "{:?}", watching.lines());
    std::thread::sleep(Duration::from_millis(100)); // the last lines of stderr
    assert!(watching.lines().iter().any(|l| l == "Stopped."), "{:?}", watching.lines());
    let written = files(&out);
    assert!(written.iter().all(|f| !f.contains(".clockwork-") || f == ".clockwork-manifest"), "{written:?}");
    assert!(written.contains(&"teams/ilt/index.html".to_string()), "{written:?}");
}
