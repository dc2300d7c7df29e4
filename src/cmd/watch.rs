//! `clockwork watch`: build into the output folder, then rebuild what changed on every save.

use super::console::Console;
use super::{BuildArgs, CONTENT_ERRORS, OK, USAGE};
use crate::output::WriteError;
use crate::serve::DEBOUNCE;
use crate::serve::incremental::Engine;
use crate::serve::watch::Watcher;

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
            // Before saying it watches: a file removed from now on is noticed.
            watcher.watch_output(&out_dir);
            console.report(&engine, &report);
            let what = format!("into {}", out_dir.display());
            console.first(&report, &what, "Watching for changes; press Ctrl-C to stop.");
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            return match e {
                WriteError::Foreign(_) => USAGE,
                WriteError::Failed(_) => CONTENT_ERRORS,
            };
        }
    }
    while let Some(changes) = watcher.next(engine.theme_name()) {
        if changes.sources() {
            match engine.apply(&changes) {
                Ok(report) => {
                    console.report(&engine, &report);
                    console.rebuilt(&changes, &report);
                }
                Err(e) => eprintln!("error: {e:#} (the next change writes everything again)"),
            }
        }
        // A file someone removed from the output folder (or one the rebuild just took away):
        // what is missing is written again.
        if changes.output_removed {
            match engine.restore() {
                Ok(stats) if stats.written > 0 => console.restored(stats.written),
                Ok(_) => {}
                Err(e) => eprintln!("error: {e:#} (the next change writes everything again)"),
            }
            watcher.watch_output(&out_dir);
        }
    }
    OK
}
