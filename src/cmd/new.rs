//! `clockwork new KIND ...`: writes a new team, strategy, person, page or agenda from a
//! template; exit 1 when refused (the file exists), 2 on a bad id or path.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{CONTENT_ERRORS, OK, USAGE, parse_date_flag};
use crate::content::Kind;
use crate::new::{self, New, Refusal};

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The site folder (holding site.yaml and content/).
    #[arg(long, default_value = ".", value_name = "DIR", global = true)]
    pub root: PathBuf,
    #[command(subcommand)]
    pub kind: NewKind,
}

#[derive(Subcommand, Debug)]
pub enum NewKind {
    /// An agenda for a team's meeting: content/agendas/<team>/<date>.md, with the team's
    /// standing items, its roles and the last agenda's next items.
    Agenda {
        /// The team's id.
        #[arg(long, value_name = "ID")]
        team: String,
        /// The meeting's date [default: the team's next meeting day after today].
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_flag)]
        date: Option<NaiveDate>,
    },
    /// A team: content/teams/<ID>.md.
    Team {
        id: String,
        #[arg(long, value_name = "T")]
        title: Option<String>,
    },
    /// A Major Improvement Strategy: content/strategies/<ID>.md.
    Strategy {
        id: String,
        #[arg(long, value_name = "T")]
        title: Option<String>,
    },
    /// A priority performance challenge: content/challenges/<ID>.md.
    Challenge {
        id: String,
        #[arg(long, value_name = "T")]
        title: Option<String>,
    },
    /// A person: content/people/<ID>.md.
    Person {
        id: String,
        #[arg(long, value_name = "T")]
        title: Option<String>,
    },
    /// Any other page: content/<PATH>.md.
    Page {
        path: String,
        #[arg(long, value_name = "T")]
        title: Option<String>,
    },
    /// A translation of a page: content/<PATH> with `.<LANG>` before `.md`, holding the
    /// page's words to translate and the hash of the version it translates.
    Translation {
        /// The page's path under content/ (`strategies/early-literacy.md`).
        path: String,
        /// The language, as a two-letter code (`es`).
        #[arg(long, value_name = "CODE")]
        lang: String,
    },
}

/// Runs `clockwork new`; returns the exit code.
pub fn run(args: &NewArgs) -> i32 {
    let today = chrono::Local::now().date_naive();
    let what = match &args.kind {
        NewKind::Agenda { team, date } => New::Agenda { team, date: *date, today },
        NewKind::Team { id, title } => New::OfKind { kind: Kind::Team, id, title: title.as_deref() },
        NewKind::Strategy { id, title } => New::OfKind { kind: Kind::Strategy, id, title: title.as_deref() },
        NewKind::Person { id, title } => New::OfKind { kind: Kind::Person, id, title: title.as_deref() },
        NewKind::Challenge { id, title } => New::OfKind { kind: Kind::Challenge, id, title: title.as_deref() },
        NewKind::Page { path, title } => New::Page { path, title: title.as_deref() },
        NewKind::Translation { path, lang } => New::Translation { path, lang },
    };
    match new::write(&args.root, &what) {
        Ok(rel) => {
            eprintln!("Wrote {}", super::platform::shown(&super::platform::native(&args.root, &rel)));
            OK
        }
        Err(refusal) => {
            eprintln!("error: {refusal}");
            match refusal {
                Refusal::Usage(_) => USAGE,
                Refusal::Refused(_) | Refusal::NoDate(_) => CONTENT_ERRORS,
            }
        }
    }
}
