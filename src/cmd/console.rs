//! What watch and serve print: diagnostics as `build` prints them, and one line per rebuild.

use std::io::Write;

use super::{BuildArgs, Format};
use crate::diagnostics::{self, Diagnostic};
use crate::serve::incremental::{Engine, Report};
use crate::serve::watch::Changes;

/// What watch and serve print: diagnostics as `build` prints them (each set once, errors
/// every time), and one line per rebuild.
pub struct Console {
    quiet: bool,
    format: Format,
    color: bool,
    timings: bool,
    shown: Vec<Diagnostic>,
    failing: bool,
}

impl Console {
    pub fn new(args: &BuildArgs) -> Console {
        let mode = args.color_mode();
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
    pub fn report(&mut self, engine: &Engine, report: &Report) {
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

    pub fn first(&mut self, report: &Report, place: &str, next: &str) {
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

    pub fn rebuilt(&mut self, changes: &Changes, report: &Report) {
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

    /// One line when files removed from the output folder were written again.
    pub fn restored(&self, files: usize) {
        if self.format != Format::Json && !self.quiet {
            let time = chrono::Local::now().format("%H:%M:%S");
            eprintln!("{time} output folder: {} written again (removed by someone else)", plural(files, "file"));
        }
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
    crate::format::count(n, word)
}
