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

/// Works out what several outputs share (the site's flowchart layout, drawn on the teams
/// index and in `teams/flowchart.svg`), before they are rendered side by side, so that it
/// is computed once.
pub fn prepare(site: &Site, rel: &Relations) {
    flowchart::prepare(site, rel);
}

/// Every non-page file of the site: output path → bytes. The generators are independent and
/// run side by side; the list is in a fixed order.
pub fn files(site: &Site, rel: &Relations, bodies: &[Body]) -> Vec<(String, Vec<u8>)> {
    let ((mut files, calendars), (exports, (chart, sitemap))) = rayon::join(
        || rayon::join(|| body_files(site, bodies), || calendar::files(site, rel)),
        || rayon::join(|| export::files(site, rel), || (flowchart::file(site, rel, bodies), sitemap::sitemap(site))),
    );
    files.extend(calendars);
    files.extend(exports);
    files.extend(chart);
    files.extend(sitemap.map(|xml| (sitemap::FILE.to_string(), xml)));
    files
}
