//! `clockwork build`: load, check and render the site, then write what changed.

use std::time::Instant;

use super::{BuildArgs, CONTENT_ERRORS, Format, OK, STOPPED, USAGE, report};
use crate::output::WriteError;
use crate::pipeline;

pub fn build(args: &BuildArgs) -> i32 {
    let started = Instant::now();
    let out_dir = args.output_dir();
    if let Err(e) = crate::output::check_output_dir(&args.root, &out_dir) {
        eprintln!("error: {e}");
        return USAGE;
    }
    // The output folder is checked before the build, and each file is staged in it as soon
    // as it is rendered; nothing is put in place unless the whole build succeeds.
    let staging = match crate::output::Staging::open(&out_dir) {
        Ok(staging) => staging,
        Err(e) => {
            eprintln!("error: {e:#}");
            return USAGE;
        }
    };
    let outcome = pipeline::run_into(&args.request(), Some(&staging));
    if crate::output::stopped() {
        // Ctrl-C while rendering: the files staged so far are taken away.
        drop(staging);
        eprintln!("\nStopped. {} is as it was.", out_dir.display());
        return STOPPED;
    }
    report(args, &outcome);
    if !outcome.rendered || outcome.has_errors() {
        drop(staging);
        if args.format == Format::Human {
            eprintln!("Nothing was written: fix the errors above and build again. {} is as it was.", out_dir.display());
        }
        return CONTENT_ERRORS;
    }
    let writing = Instant::now();
    let pages = staging.pages();
    let written = staging.finish();
    if std::env::var_os("CLOCKWORK_TIMINGS").is_some() {
        let mut laps = outcome.timings.clone();
        laps.push(("write", writing.elapsed()));
        print_timings(&laps);
    }
    let code = match written {
        Ok(stats) => {
            if !args.quiet && args.format == Format::Human {
                eprintln!(
                    "Built {pages} pages into {} in {:.2} s ({} written, {} unchanged, {} removed).",
                    super::platform::shown(&out_dir),
                    started.elapsed().as_secs_f64(),
                    stats.written,
                    stats.unchanged,
                    stats.removed
                );
                eprintln!("Open it: {}", super::platform::open_command(&out_dir.join("index.html")));
            }
            OK
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            match e {
                WriteError::Foreign(_) => USAGE,
                WriteError::Failed(_) => CONTENT_ERRORS,
            }
        }
    };
    // The process ends here: freeing a large site piece by piece would only delay the exit.
    std::mem::forget(outcome);
    code
}

/// "load 12% (0.41 s) · resolve 3% (…) · …" on stderr.
fn print_timings(laps: &[(&str, std::time::Duration)]) {
    let total: f64 = laps.iter().map(|(_, d)| d.as_secs_f64()).sum();
    let parts: Vec<String> = laps
        .iter()
        .map(|(stage, d)| {
            let secs = d.as_secs_f64();
            format!("{stage} {:.0}% ({secs:.3} s)", if total > 0.0 { 100.0 * secs / total } else { 0.0 })
        })
        .collect();
    eprintln!("timings: {} · total {total:.3} s", parts.join(" · "));
}
