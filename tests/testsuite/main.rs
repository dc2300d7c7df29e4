//! The integration tests, as one binary (the crate is linked once): one module per feature,
//! each against small fixture sites in `tests/fixtures/` or sites written into temp folders.
//! The browser suite runs from its own harness, `tests/browser.rs`.

// Helpers are shared by many modules; not every module uses every one.
#![allow(dead_code)]

mod common;
#[path = "../support/flowchart_sites.rs"]
mod flowchart_sites;

mod agendas;
mod build;
mod calendar;
mod checks;
mod coach;
mod editing;
mod flowchart;
mod fuzz;
mod guide;
mod hardening;
mod languages;
mod layers;
mod new;
mod planning;
mod progress;
mod publishing;
mod schema;
mod serve;
mod site_links;
mod snapshots;
mod theme;
mod watch;
mod words;
