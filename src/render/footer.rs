//! The pages no index lists, so that a reader reaches every page of the site from the home
//! page: those at the top of `content/` are linked from every page's footer; those deeper
//! down, in a folder without a section page, from the home page (every page carries the
//! footer, so it must stay short on a large site).

use serde::Serialize;

use crate::content::Kind;
use crate::model::{Page, Site, sort_pages};
use crate::present::{Job, jobs};
use crate::util::link_target;

/// A link from the site root: `{{ root }}{{ link.url }}` in a template.
#[derive(Serialize)]
pub struct SiteLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

/// The pages and sections no index lists (at the top of `content/`, or in a folder without a
/// section page of its own), by weight, then title.
pub fn unlisted_pages(site: &Site) -> Vec<&Page> {
    let jobs = jobs(site);
    // The home page, the Teams page… show their section's text but do not list its pages.
    let generated: Vec<&str> = jobs.iter().filter_map(|j| j.section_path()).collect();
    let sections: std::collections::HashSet<&str> =
        site.pages.iter().filter(|p| p.kind == Kind::Section).map(|p| p.src.path.as_str()).collect();
    let listed_by_a_section = |folder: &str| !generated.contains(&folder) && sections.contains(folder);
    let mut pages: Vec<&Page> = jobs
        .iter()
        .filter_map(|j| if let Job::Page(i) = j { Some(&site.pages[*i]) } else { None })
        .filter(|p| matches!(p.kind, Kind::Page | Kind::Section))
        .filter(|p| !listed_by_a_section(parent_folder(p)))
        .collect();
    sort_pages(&mut pages);
    pages
}

/// The footer's links: the unlisted pages at the top of `content/`. (Unlisted pages deeper
/// down are listed on the home page only, so that a large site's pages stay small.)
pub fn more_pages(site: &Site) -> Vec<SiteLink<'_>> {
    unlisted_pages(site).into_iter().filter(|p| parent_folder(p).is_empty()).map(|p| link(site, p)).collect()
}

/// The home page's "Other pages": unlisted pages the footer does not show.
pub fn other_pages(site: &Site) -> Vec<SiteLink<'_>> {
    unlisted_pages(site).into_iter().filter(|p| !parent_folder(p).is_empty()).map(|p| link(site, p)).collect()
}

fn link<'a>(site: &Site, page: &'a Page) -> SiteLink<'a> {
    SiteLink { title: &page.title, url: link_target(&page.url, site.config.pretty_links) }
}

/// The folder whose section page would list `page` (a section is listed by its parent's).
fn parent_folder(page: &Page) -> &str {
    if page.kind == Kind::Section {
        page.src.path.rsplit_once('/').map_or("", |(dir, _)| dir)
    } else {
        page.src.folder()
    }
}
