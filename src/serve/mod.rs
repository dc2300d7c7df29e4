//! `clockwork watch` and `clockwork serve`: file watching, the incremental engine, the
//! development server with live reload, and the one line per rebuild they print.

pub mod deps;
pub mod http;
pub mod incremental;
pub mod layers;
pub mod watch;

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use crate::cli::{BuildArgs, CONTENT_ERRORS, Color, Format, OK, USAGE};
use crate::diagnostics::{self, ColorMode, Diagnostic, Severity};
use incremental::{Engine, Report};
use watch::{Changes, Watcher};

pub use http::ServeArgs;

/// How long file events must settle before a rebuild: long enough to take an editor's
/// save (temp file, rename, metadata) as one change, short enough not to be felt.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// `clockwork watch`: build into the output folder, then keep it current.
pub fn watch(args: &BuildArgs) -> i32 {
    let out_dir = args.output_dir();
    if let Err(e) = crate::output::check_output_dir(&args.root, &out_dir) {
        eprintln!("error: {e}");
        return USAGE;
    }
    let mut watcher = match Watcher::start(&args.root, DEBOUNCE) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e:#}");
            return CONTENT_ERRORS;
        }
    };
    let mut engine = Engine::new(args.request(), Some(out_dir.clone()));
    let mut console = Console::new(args);
    match engine.build() {
        Ok(report) => {
            console.report(&engine, &report);
            let what = format!("into {}", out_dir.display());
            console.first(&report, &what, "Watching for changes; press Ctrl-C to stop.");
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            return if e.to_string().contains("did not write") { USAGE } else { CONTENT_ERRORS };
        }
    }
    while let Some(changes) = watcher.next(engine.theme_name()) {
        match engine.apply(&changes) {
            Ok(report) => {
                console.report(&engine, &report);
                console.rebuilt(&changes, &report);
            }
            Err(e) => eprintln!("error: {e:#} (the next change writes everything again)"),
        }
    }
    OK
}

/// `clockwork serve`: build in memory, serve it, rebuild and reload browsers on every change.
pub fn serve(args: &BuildArgs, opts: &ServeArgs) -> i32 {
    if args.output.is_some() {
        eprintln!(
            "error: `serve` keeps the site in memory and writes no folder; to keep a folder current, use `clockwork watch --output DIR`"
        );
        return USAGE;
    }
    let listener = match std::net::TcpListener::bind((opts.bind, opts.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}; choose another port with `--port`", opts.bind, opts.port);
            return CONTENT_ERRORS;
        }
    };
    let port = listener.local_addr().map_or(opts.port, |a| a.port());
    let host = if opts.bind.is_unspecified() { "127.0.0.1".to_string() } else { opts.bind.to_string() };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    let url = format!("http://{host}:{port}/");
    let mut watcher = match Watcher::start(&args.root, DEBOUNCE) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e:#}");
            return CONTENT_ERRORS;
        }
    };
    let shared = http::Shared::new();
    let mut engine = Engine::new(args.request(), None);
    let mut console = Console::new(args);
    let report = match engine.build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e:#}");
            return CONTENT_ERRORS;
        }
    };
    publish(&shared, &engine, &report);
    console.report(&engine, &report);
    console.first(&report, "in memory", &format!("Serving {url} — press Ctrl-C to stop."));
    let server = shared.clone();
    std::thread::spawn(move || {
        if let Err(e) = http::run(listener, server) {
            eprintln!("error: the server stopped: {e:#}");
            std::process::exit(CONTENT_ERRORS);
        }
    });
    if opts.open {
        open_browser(&url);
    }
    while let Some(changes) = watcher.next(engine.theme_name()) {
        match engine.apply(&changes) {
            Ok(report) => {
                publish(&shared, &engine, &report);
                console.report(&engine, &report);
                console.rebuilt(&changes, &report);
            }
            Err(e) => eprintln!("error: {e:#}"),
        }
    }
    OK
}

fn publish(shared: &http::Shared, engine: &Engine, report: &Report) {
    let mut errors: Vec<http::Problem> =
        report.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(http::Problem::from).collect();
    // A file that does not load is usually the cause of the rest (its ids go missing).
    errors.sort_by_key(|p| !matches!(p.rule, "yaml-syntax" | "unknown-field" | "bad-encoding" | "bad-config"));
    let files = report.ok.then(|| engine.output().clone());
    shared.publish(files, &report.changed, errors);
}

/// Asks the system to open `url` in the default browser (`$BROWSER` when set), through the
/// opener crate, which knows each platform's way.
fn open_browser(url: &str) {
    if let Err(e) = opener::open_browser(url) {
        eprintln!("Could not open a browser ({e}); open {url} yourself.");
    }
}

/// What watch and serve print: diagnostics as `build` prints them (each set once, errors
/// every time), and one line per rebuild.
struct Console {
    quiet: bool,
    format: Format,
    color: bool,
    timings: bool,
    shown: Vec<Diagnostic>,
    failing: bool,
}

impl Console {
    fn new(args: &BuildArgs) -> Console {
        let mode = match args.color {
            Color::Auto => ColorMode::Auto,
            Color::Always => ColorMode::Always,
            Color::Never => ColorMode::Never,
        };
        Console {
            quiet: args.quiet,
            format: args.format,
            color: diagnostics::use_color(mode),
            timings: std::env::var_os("CLOCKWORK_TIMINGS").is_some(),
            shown: Vec::new(),
            failing: false,
        }
    }

    /// Prints the build's diagnostics when they are news.
    fn report(&mut self, engine: &Engine, report: &Report) {
        let diags = &report.diagnostics;
        if diags == &self.shown && report.ok {
            return;
        }
        self.shown = diags.clone();
        match self.format {
            Format::Json => println!("{}", diagnostics::render_json(diags)),
            Format::Human if !diags.is_empty() => {
                let text = diagnostics::render_human(diags, &engine.texts(), self.color);
                let mut err = std::io::stderr().lock();
                let _ = err.write_all(text.as_bytes());
                let _ = writeln!(err, "{}", diagnostics::summary(diags));
            }
            Format::Human => {}
        }
    }

    fn first(&mut self, report: &Report, place: &str, next: &str) {
        self.failing = !report.ok;
        if self.format == Format::Json {
            return;
        }
        if !report.ok {
            eprintln!("The site has errors: fix them and save; it builds by itself then. {next}");
        } else if !self.quiet {
            let secs = report.elapsed.as_secs_f64();
            eprintln!("Built {} pages {place} in {secs:.2} s. {next}", report.rendered);
        }
        self.timings(report);
    }

    fn rebuilt(&mut self, changes: &Changes, report: &Report) {
        let was_failing = std::mem::replace(&mut self.failing, !report.ok);
        if self.format == Format::Json {
            return;
        }
        let time = chrono::Local::now().format("%H:%M:%S");
        let what = changes.describe();
        if !report.ok {
            eprintln!(
                "{time} {what}: {} — the site was left as it was; fix and save again.",
                diagnostics::summary(&report.diagnostics)
            );
        } else if !self.quiet {
            let ms = report.elapsed.as_millis();
            let fixed = if was_failing { "fixed; " } else { "" };
            let pages = plural(report.rendered, "page");
            let files = plural(report.changed.len(), "file");
            eprintln!("{time} {what}: {fixed}{pages} re-rendered, {files} changed, in {ms} ms");
        }
        self.timings(report);
    }

    fn timings(&self, report: &Report) {
        if self.timings {
            let parts: Vec<String> =
                report.stages.iter().map(|(name, d)| format!("{name} {:.1}", d.as_secs_f64() * 1000.0)).collect();
            eprintln!("  timings (ms): {}", parts.join(", "));
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Lets tests and the benchmark hold an engine's output without knowing the layer types.
pub type Output = Arc<std::collections::BTreeMap<String, layers::Bytes>>;
