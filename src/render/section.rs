//! A section page (`_index.md`): its own text and the pages of its folder.

use serde::Serialize;

use crate::content::Kind;
use crate::model::*;
use crate::present::{Ctx, Ref};

#[derive(Serialize)]
pub struct Listing {
    pub link: Ref,
    pub kind: Kind,
    pub summary: String,
    pub date: Option<String>,
}

pub fn listing(cx: &Ctx, i: usize) -> Listing {
    let p = &cx.site.pages[i];
    Listing { link: cx.page(i), kind: p.kind, summary: cx.summary(i), date: p.date.map(|d| cx.words().long_date(d)) }
}

/// A section page lists the pages of its folder, by weight and title.
pub fn insert(context: &mut tera::Context, cx: &Ctx, page: &Page) {
    let mut children: Vec<&Page> = cx
        .rel
        .folder_pages
        .get(&page.src.path)
        .map_or_else(Vec::new, |l| l.iter().map(|&j| &cx.site.pages[j]).collect());
    sort_pages(&mut children);
    let listings: Vec<Listing> =
        children.iter().filter_map(|c| cx.site.index_of(c.kind, &c.id)).map(|j| listing(cx, j)).collect();
    context.insert("children", &listings);
}
