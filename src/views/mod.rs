//! Computed outputs beyond the HTML pages (flowchart SVG, exports, calendars, search index):
//! each feature adds its generator to `files`.

pub mod agenda;
pub mod calendar;
pub mod chart;
pub mod export;
pub mod flowchart;
pub mod ics;
pub mod schedule;
pub mod search;
pub mod sitemap;

use crate::model::{Relations, Site};
use crate::render::context::Body;

/// The files that read the pages' Markdown; the others read only the model, so after edits
/// below the front matter (`watch`) only these can change.
pub fn body_files(site: &Site, bodies: &[Body]) -> Vec<(String, Vec<u8>)> {
    vec![(search::FILE.to_string(), search::index(site, bodies))]
}

/// Every non-page file of the site: output path → bytes.
pub fn files(site: &Site, rel: &Relations, bodies: &[Body]) -> Vec<(String, Vec<u8>)> {
    let mut files = body_files(site, bodies);
    files.extend(calendar::files(site, rel));
    files.extend(export::files(site, rel));
    files.extend(flowchart::file(site, rel, bodies));
    files.extend(sitemap::sitemap(site).map(|xml| (sitemap::FILE.to_string(), xml)));
    files
}
