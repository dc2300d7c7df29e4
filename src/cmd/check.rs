//! `clockwork check`: load, resolve and lint; write nothing.

use super::{BuildArgs, CONTENT_ERRORS, Format, OK, report};
use crate::diagnostics::{self, Severity};
use crate::pipeline;

pub fn check(args: &BuildArgs, strict: bool) -> i32 {
    let outcome = pipeline::run(&args.request(), false);
    report(args, &outcome);
    let errors = diagnostics::count(&outcome.diagnostics, Severity::Error);
    let warnings = diagnostics::count(&outcome.diagnostics, Severity::Warning);
    if !args.quiet && args.format == Format::Human && outcome.diagnostics.is_empty() {
        let pages = outcome.site.as_ref().map_or(0, |s| s.pages.len());
        eprintln!("Checked {pages} pages: no problems found.");
    }
    if errors > 0 || (strict && warnings > 0) { CONTENT_ERRORS } else { OK }
}
