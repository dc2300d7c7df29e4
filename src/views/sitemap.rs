//! `sitemap.xml`, written only when site.yaml sets `base_url` (a sitemap needs absolute URLs).
//! Like every view it is built from the `Site`, so it lists published pages only.

use crate::model::Site;
use crate::util::{escape_html, link_target};

pub const FILE: &str = "sitemap.xml";

/// The sitemap, or `None` without a `base_url`: every page the build renders (generated
/// index pages too), but not the 404 page.
pub fn sitemap(site: &Site) -> Option<Vec<u8>> {
    let base = site.config.base_url.as_deref()?;
    let outputs: Vec<String> = crate::present::jobs(site).into_iter().map(|job| job.output(site)).collect();
    let mut urls: Vec<&str> = outputs.iter().map(String::as_str).filter(|p| *p != "404.html").collect();
    urls.sort_unstable();
    urls.dedup();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        let loc = format!("{base}{}", link_target(url, site.config.pretty_links));
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_html(&loc)));
    }
    xml.push_str("</urlset>\n");
    Some(xml.into_bytes())
}
