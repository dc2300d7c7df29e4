//! Computed outputs beyond the HTML pages (flowchart SVG, exports, calendars, search index):
//! each feature adds its generator to `files`.

use crate::model::{Relations, Site};
use crate::render::context::Body;

/// Every non-page file of the site: output path → bytes.
pub fn files(_site: &Site, _rel: &Relations, _bodies: &[Body]) -> Vec<(String, Vec<u8>)> {
    Vec::new()
}
