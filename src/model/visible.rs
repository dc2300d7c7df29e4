//! Which pages and files a build publishes: drafts, staff-only pages and folders, and the
//! agendas of hidden teams are left out, keeping only their names for links.

use std::collections::{BTreeMap, HashMap};

use super::build::{agenda_team, page_id};
use super::*;
use crate::content::Fields;
use crate::diagnostics::Rule;
use crate::util::did_you_mean;

/// Folders whose `_index.md` hides them, and why.
pub(super) fn hidden_folders(
    sources: &[SourcePage],
    scope: Scope,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, &'static str> {
    let mut out = BTreeMap::new();
    for src in sources {
        if let Some(reason) = own_reason(src, scope, diags)
            && src.is_section()
        {
            out.insert(src.path.clone(), reason);
        }
    }
    out
}

fn own_reason(src: &SourcePage, scope: Scope, diags: &mut Vec<Diagnostic>) -> Option<&'static str> {
    let staff = match src.common.visibility.as_deref() {
        None | Some("public") => false,
        Some("staff") => true,
        Some(other) => {
            diags.push(
                Diagnostic::new(
                    Rule::UnknownReference,
                    &src.file,
                    src.pos(&["visibility"]),
                    format!("unknown visibility `{other}`{}", did_you_mean(other, ["public", "staff"])),
                )
                .with_help("visibility is `public` or `staff`"),
            );
            true // the safe reading of an unclear visibility
        }
    };
    if src.common.draft == Some(true) && !scope.drafts {
        Some("draft")
    } else if staff && scope.audience == Audience::Public {
        Some("staff-only")
    } else {
        None
    }
}

pub(super) fn why_hidden(
    src: &SourcePage,
    scope: Scope,
    folders: &BTreeMap<String, &'static str>,
) -> Option<&'static str> {
    own_reason(src, scope, &mut Vec::new()).or_else(|| {
        let folder = src.folder();
        folders.iter().find(|(f, _)| f.is_empty() && src.path.is_empty() || is_within(folder, f)).map(|(_, r)| *r)
    })
}

/// Teams left out of this build, and why: their agendas are left out with them, so that a
/// staff-only team's meetings never reach a public build.
pub(super) fn hidden_teams(
    sources: &[SourcePage],
    scope: Scope,
    folders: &BTreeMap<String, &'static str>,
) -> HashMap<String, &'static str> {
    sources
        .iter()
        .filter(|s| s.kind == Kind::Team)
        .filter_map(|s| Some((page_id(s)?, why_hidden(s, scope, folders)?)))
        .collect()
}

pub(super) fn team_hidden(src: &SourcePage, teams: &HashMap<String, &'static str>) -> Option<&'static str> {
    match &src.fields {
        Fields::Agenda(a) if src.kind == Kind::Agenda => teams.get(&agenda_team(src, a)?).copied(),
        _ => None,
    }
}

/// Whether `folder` is `ancestor` or inside it ("" is the content root).
fn is_within(folder: &str, ancestor: &str) -> bool {
    ancestor.is_empty() || folder == ancestor || folder.starts_with(&format!("{ancestor}/"))
}

pub(super) fn is_under_hidden(path: &str, folders: &BTreeMap<String, &'static str>) -> bool {
    let folder = path.rsplit_once('/').map_or("", |(d, _)| d);
    folders.keys().any(|f| is_within(folder, f))
}
