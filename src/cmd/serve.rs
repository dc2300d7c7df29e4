//! `clockwork serve`: build in memory, serve the site on a local address, rebuild and reload
//! the browser on every save.

use std::net::IpAddr;

use clap::Args;

use super::console::Console;
use super::{BuildArgs, CONTENT_ERRORS, OK, USAGE};
use crate::diagnostics::Severity;
use crate::pipeline::Request;
use crate::serve::incremental::{Engine, Report};
use crate::serve::watch::Watcher;
use crate::serve::{DEBOUNCE, http};

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// The address to listen on (0.0.0.0 shares the site with your network).
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub bind: IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in your browser once it is built.
    #[arg(long)]
    pub open: bool,
    /// Add forms to the pages that write changes into the Markdown files (a benchmark's
    /// actual, a step's status, an agenda's decisions and action items).
    #[arg(long)]
    pub edit: bool,
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
    let token = opts.edit.then(crate::serve::edits::new_token);
    if opts.edit && !opts.bind.is_loopback() {
        eprintln!(
            "warning: `--edit` with `--bind {}`: anyone who can reach this address can change the plan's files; use it on a trusted network only",
            opts.bind
        );
    }
    let editing = token.map(|token| crate::serve::edits::Editing { root: args.root.clone(), token });
    let shared = http::Shared::editing(editing);
    let mut engine = Engine::new(Request { edit: token, ..args.request() }, None);
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
    errors.sort_by_key(|p| !["yaml-syntax", "unknown-field", "bad-encoding", "bad-config"].contains(&p.rule));
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
