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

use crate::markdown::Body;
use crate::model::{Relations, Site};

/// The files that read the pages' Markdown; the others read only the model, so after edits
/// below the front matter (`watch`) only these can change.
pub fn body_files(site: &Site, bodies: &[Body]) -> Vec<(String, Vec<u8>)> {
    vec![(search::FILE.to_string(), search::index(site, bodies))]
}

/// `body_files` after edits below the front matter, making only the `changed` pages' part of
/// the search index again (see `search::index_again`).
pub fn body_files_again(
    site: &Site,
    bodies: &[Body],
    memo: &std::sync::Mutex<search::Memo>,
    changed: &(dyn Fn(usize) -> bool + Sync),
) -> Vec<(String, Vec<u8>)> {
    let mut memo = memo.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    vec![(search::FILE.to_string(), search::index_again(site, bodies, &mut memo, changed))]
}

/// What several outputs share, computed once per build before they are rendered side by side.
#[derive(Debug)]
pub struct Prepared {
    /// The site's flowchart and its layout, drawn on the teams index and in
    /// `teams/flowchart.svg`.
    pub chart: flowchart::SiteChart,
}

/// The prepare stage: works out what several outputs share.
pub fn prepare(site: &Site) -> Prepared {
    Prepared { chart: flowchart::SiteChart::of(site) }
}

/// The prepare stage of a rebuild: what `last` worked out is kept where its inputs are the same.
pub fn prepare_again(site: &Site, last: Option<Prepared>) -> Prepared {
    Prepared { chart: flowchart::SiteChart::again(site, last.map(|p| p.chart)) }
}

/// Every non-page file of the site: output path → bytes. The generators are independent and
/// run side by side; the list is in a fixed order.
pub fn files(site: &Site, rel: &Relations, bodies: &[Body], prepared: &Prepared) -> Vec<(String, Vec<u8>)> {
    let ((mut files, calendars), (exports, (chart, sitemap))) = rayon::join(
        || rayon::join(|| body_files(site, bodies), || calendar::files(site, rel)),
        || {
            rayon::join(
                || export::files(site, rel),
                || (flowchart::file(site, rel, bodies, &prepared.chart), sitemap::sitemap(site)),
            )
        },
    );
    files.extend(calendars);
    files.extend(exports);
    files.extend(chart);
    files.extend(sitemap.map(|xml| (sitemap::FILE.to_string(), xml)));
    files
}
