//! Computed outputs beyond the HTML pages (flowchart SVG, exports, calendars, search index):
//! each feature adds its generator to `files`.

pub mod flowchart;

use crate::model::{Relations, Site};
use crate::render::context::Body;

/// Every non-page file of the site: output path → bytes.
pub fn files(site: &Site, rel: &Relations, bodies: &[Body]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    files.extend(flowchart::file(site, rel, bodies));
    files
}
