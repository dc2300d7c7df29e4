//! Benchmark: how long after saving a file does `clockwork watch` rewrite its output?
//! Runs the real watcher (notify, debounce, incremental engine, writes) on a copy of a
//! generated site and times, 10 times each, a page edit, a team edit, a strategy edit and two
//! template edits,
//! from the moment the file is saved to the moment the output file holds the change.
//!
//! cargo run --release --bin gen-site -- --pages 10000 --out /tmp/site-10k
//! cargo run --release --example watch_latency -- --site /tmp/site-10k [--runs 10]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The allocator `clockwork` itself runs with (src/main.rs), so that the figures are its own.
#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let site = PathBuf::from(arg("--site").unwrap_or_else(|| "/tmp/site-10k".into()));
    let runs: usize = arg("--runs").and_then(|r| r.parse().ok()).unwrap_or(10);
    // `--only page|team|strategy|template|base` runs one scenario (e.g. under a profiler).
    let only = arg("--only");
    let wanted = |name: &str| only.as_deref().is_none_or(|o| o == name);
    if !site.join("site.yaml").is_file() {
        eprintln!(
            "no site at {}; generate one with `cargo run --release --bin gen-site -- --pages 10000 --out {}`",
            site.display(),
            site.display()
        );
        std::process::exit(1);
    }
    let work = tempfile::tempdir().expect("temp dir");
    let root = work.path().join("site");
    copy_tree(&site, &root);
    let out = work.path().join("public");
    let pages = walkdir::WalkDir::new(root.join("content")).into_iter().filter_map(Result::ok).count();
    println!("site: {} ({pages} files), output: {}", site.display(), out.display());

    let build = clockwork::cmd::BuildArgs {
        root: root.clone(),
        output: Some(out.clone()),
        as_of: None,
        audience: clockwork::model::Audience::Public,
        drafts: false,
        format: clockwork::cmd::Format::Human,
        quiet: std::env::var_os("BENCH_VERBOSE").is_none(),
        color: clockwork::cmd::Color::Never,
    };
    let started = Instant::now();
    std::thread::spawn(move || clockwork::cmd::watch::watch(&build));
    wait_for(&out.join(".clockwork-manifest"), "", Duration::from_secs(600));
    println!("first build: {:.2} s", started.elapsed().as_secs_f64());
    std::thread::sleep(Duration::from_secs(2));

    // The middle school of the generated site, whatever its size.
    let school = count(&root.join("content/teams"), "-ilt.md") / 2;
    let page = format!("content/resources/s{school}/page-3.md");
    let page_out = format!("resources/s{school}/page-3/index.html");
    let team = format!("content/teams/s{school}-g2.md");
    let team_out = format!("teams/s{school}-g2/index.html");
    let team_title = format!("title: Grade 2 Team (school {school})");

    let mut results = Vec::new();
    let body = std::fs::read_to_string(root.join(&page)).expect("page");
    let runs_of = |name: &str, n: usize| if wanted(name) { n } else { 0 };
    results.push(measure("page edit (one line of a page's text)", runs_of("page", runs), &root, &out, |token| {
        write(&root.join(&page), &format!("{body}\nEdited: {token}.\n"));
        vec![page_out.clone()]
    }));
    let front = std::fs::read_to_string(root.join(&team)).expect("team");
    results.push(measure("team edit (title and flowchart label)", runs_of("team", runs), &root, &out, |token| {
        let text = front.replacen(&team_title, &format!("{team_title} {token}"), 1).replacen(
            "short: g2",
            &format!("short: g2-{token}"),
            1,
        );
        write(&root.join(&team), &text);
        vec![team_out.clone(), "teams/index.html".to_string()]
    }));
    let strategy = format!("content/strategies/s{school}-reading.md");
    let strategy_out = format!("strategies/s{school}-reading/index.html");
    let plan = std::fs::read_to_string(root.join(&strategy)).expect("strategy");
    results.push(measure("strategy edit (its description)", runs_of("strategy", runs), &root, &out, |token| {
        write(&root.join(&strategy), &plan.replacen("description: ", &format!("description: {token} "), 1));
        vec![strategy_out.clone()]
    }));
    let template = root.join("templates/page.html");
    if wanted("template") || wanted("base") {
        write(&template, "{% extends \"theme/page.html\" %}");
        std::thread::sleep(Duration::from_secs(3));
    }
    results.push(measure("template edit (page.html, used by plain pages)", runs_of("template", runs), &root, &out, |token| {
        write(
            &template,
            &format!("{{% extends \"theme/page.html\" %}}{{% block title %}}{{{{ page.title }}}} · {token}{{% endblock title %}}"),
        );
        vec![page_out.clone()]
    }));
    let base = root.join("templates/base.html");
    results.push(measure(
        "template edit (base.html, used by every page)",
        runs_of("base", runs.min(5)),
        &root,
        &out,
        |token| {
            write(
                &base,
                &format!("{{% extends \"theme/base.html\" %}}{{% block title %}}{token}{{% endblock title %}}"),
            );
            vec![team_out.clone()]
        },
    ));

    println!("\n| edit | median | min | max | runs |\n|---|---:|---:|---:|---:|");
    for (name, mut times) in results.into_iter().filter(|(_, t)| !t.is_empty()) {
        times.sort();
        let ms = |d: Duration| format!("{} ms", d.as_millis());
        let median = times[times.len() / 2];
        println!("| {name} | {} | {} | {} | {} |", ms(median), ms(times[0]), ms(times[times.len() - 1]), times.len());
    }
    // The watcher thread never returns: remove the copy, then end the process.
    drop(work);
    std::process::exit(0);
}

/// Times `runs` edits: from just before `edit` writes, until every output it names holds
/// the edit's token.
fn measure(
    name: &str,
    runs: usize,
    _root: &Path,
    out: &Path,
    mut edit: impl FnMut(&str) -> Vec<String>,
) -> (String, Vec<Duration>) {
    static EDITS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let mut times = Vec::new();
    for _ in 0..runs {
        let n = EDITS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let token = format!("bench{}x{n}x", std::process::id());
        let started = Instant::now();
        let outputs = edit(&token);
        for o in &outputs {
            wait_for(&out.join(o), &token, Duration::from_secs(120));
        }
        times.push(started.elapsed());
        // Let the rebuild finish and the file system settle before the next save.
        std::thread::sleep(Duration::from_millis(1500));
    }
    eprintln!("{name}: {:?}", times.iter().map(|t| t.as_millis()).collect::<Vec<_>>());
    (name.to_string(), times)
}

fn wait_for(path: &Path, token: &str, timeout: Duration) {
    let started = Instant::now();
    loop {
        if let Ok(bytes) = std::fs::read(path)
            && (token.is_empty() || bytes.windows(token.len()).any(|w| w == token.as_bytes()))
        {
            return;
        }
        if started.elapsed() > timeout {
            eprintln!("timed out waiting for {} to hold {token}", path.display());
            std::process::exit(1);
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    std::fs::write(path, text).expect("write");
}

fn count(dir: &Path, suffix: &str) -> usize {
    std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).filter(|e| e.file_name().to_string_lossy().ends_with(suffix)).count())
        .unwrap_or(0)
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let Ok(rel) = entry.path().strip_prefix(from) else { continue };
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
