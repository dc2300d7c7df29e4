//! A priority performance challenge's page (what the data show, its root causes, the
//! strategies that answer each) and the challenges index.

use serde::Serialize;

use crate::content::Kind;
use crate::model::*;
use crate::present::{Ctx, Ref};

#[derive(Serialize)]
pub struct RootCauseView {
    /// The anchor of the root cause on the challenge's page.
    pub id: String,
    pub statement: String,
    /// Strategies that name this root cause in `addresses`.
    pub strategies: Vec<Ref>,
}

#[derive(Serialize)]
pub struct ChallengeView {
    pub data: Option<String>,
    pub root_causes: Vec<RootCauseView>,
    /// Strategies that address the challenge or any of its root causes.
    pub strategies: Vec<Ref>,
}

/// The strategies whose `addresses` name the challenge (with `root_cause`, only those naming
/// that root cause), each once, in page order.
fn addressing(cx: &Ctx, challenge: &str, root_cause: Option<&str>) -> Vec<Ref> {
    let list = cx.rel.addressed_by.get(challenge).map(Vec::as_slice).unwrap_or(&[]);
    let mut pages: Vec<usize> =
        list.iter().filter(|(_, rc)| root_cause.is_none() || rc.as_deref() == root_cause).map(|(i, _)| *i).collect();
    pages.sort_unstable();
    pages.dedup();
    pages.into_iter().map(|i| cx.page(i)).collect()
}

pub fn challenge(cx: &Ctx, page: &Page, c: &Challenge) -> ChallengeView {
    ChallengeView {
        data: c.data.clone(),
        root_causes: c
            .root_causes
            .iter()
            .map(|r| RootCauseView {
                id: r.id.clone(),
                statement: r.statement.clone(),
                strategies: addressing(cx, &page.id, Some(&r.id)),
            })
            .collect(),
        strategies: addressing(cx, &page.id, None),
    }
}

/// One challenge on the index.
#[derive(Serialize)]
pub struct ChallengeCard {
    pub link: Ref,
    pub data: Option<String>,
    pub root_causes: Vec<Ref>,
    pub strategies: Vec<Ref>,
}

/// The challenges index: every challenge with its root causes and the strategies that
/// address it.
pub fn insert_index(context: &mut tera::Context, cx: &Ctx) {
    let cards: Vec<ChallengeCard> = cx
        .site
        .challenges()
        .filter_map(|(p, c)| {
            let i = cx.site.index_of(Kind::Challenge, &p.id)?;
            let link = cx.page(i);
            let root_causes = c
                .root_causes
                .iter()
                .map(|r| Ref { text: r.statement.clone(), href: link.href.as_ref().map(|h| format!("{h}#{}", r.id)) })
                .collect();
            Some(ChallengeCard { data: c.data.clone(), root_causes, strategies: addressing(cx, &p.id, None), link })
        })
        .collect();
    context.insert("challenges", &cards);
}

/// What a strategy addresses: each challenge once, with the root causes it names.
#[derive(Serialize)]
pub struct AddressView {
    pub challenge: Ref,
    pub root_causes: Vec<Ref>,
}

pub fn addresses(cx: &Ctx, s: &Strategy) -> Vec<AddressView> {
    let mut out: Vec<(String, AddressView)> = Vec::new();
    for a in &s.addresses {
        let Some(page) = cx.site.get(Kind::Challenge, &a.challenge) else { continue };
        if !out.iter().any(|(id, _)| *id == a.challenge) {
            out.push((
                a.challenge.clone(),
                AddressView { challenge: cx.to(Kind::Challenge, &a.challenge), root_causes: Vec::new() },
            ));
        }
        let (Some(rc), PageData::Challenge(c)) = (&a.root_cause, &page.data) else { continue };
        let Some(cause) = c.root_causes.iter().find(|r| &r.id == rc) else { continue };
        if let Some((_, view)) = out.iter_mut().find(|(id, _)| *id == a.challenge) {
            let href = view.challenge.href.as_ref().map(|h| format!("{h}#{rc}"));
            view.root_causes.push(Ref { text: cause.statement.clone(), href });
        }
    }
    out.into_iter().map(|(_, v)| v).collect()
}
