//! The command line: flags (clap), one file per command with what it prints and its exit
//! code. The layers below never print or exit; they return values and diagnostics.

mod build;
mod check;
mod console;
mod init;
mod new;
mod platform;
mod serve;
pub mod watch;

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostics::{self, ColorMode};
use crate::model::Audience;
use crate::pipeline::{Outcome, Request};

/// Exit codes of every command.
pub const OK: i32 = 0;
pub const CONTENT_ERRORS: i32 = 1;
pub const USAGE: i32 = 2;
/// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub use crate::output::STOPPED;

#[derive(Parser, Debug)]
#[command(
    name = "clockwork",
    version,
    about = "Turns a folder of improvement plans, team pages and agendas into a website."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write a new site (site.yaml and example pages of every kind) into DIR.
    Init {
        /// Where to create the site (must be empty or not exist yet).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Load, check and render the site into the output folder.
    Build(BuildArgs),
    /// Load, resolve and lint the site; write nothing.
    Check {
        #[command(flatten)]
        args: BuildArgs,
        /// Exit 1 on warnings too.
        #[arg(long)]
        strict: bool,
    },
    /// Write a new team, strategy, person, page or agenda from a template (never overwrites).
    New(new::NewArgs),
    /// Build into the output folder, then rebuild what changed whenever a source file changes.
    Watch(BuildArgs),
    /// Write JSON Schemas of site.yaml and of each kind's front matter, for editors.
    Schema {
        /// Where to write them (`site.schema.json`, `strategy.schema.json`, …).
        #[arg(long, default_value = "schemas", value_name = "DIR")]
        out: PathBuf,
    },
    /// Build in memory and serve the site on http://127.0.0.1:1111 with live reload.
    Serve {
        #[command(flatten)]
        args: BuildArgs,
        #[command(flatten)]
        serve: serve::ServeArgs,
    },
}

#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    /// The site folder (holding site.yaml and content/).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Where to write the site [default: public inside the site folder].
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The date statuses are computed for [default: site.yaml as_of, else today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_flag)]
    pub as_of: Option<NaiveDate>,
    /// Who the build is for: staff builds include `visibility: staff` pages.
    #[arg(long, default_value = "public", value_parser = audience_parser())]
    pub audience: Audience,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Print only errors and warnings.
    #[arg(long)]
    pub quiet: bool,
    /// Colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

fn parse_date_flag(s: &str) -> Result<NaiveDate, String> {
    crate::config::parse_date(s).ok_or_else(|| format!("`{s}` {}; write it as YYYY-MM-DD", crate::util::not_a_date(s)))
}

/// `--audience public|staff` (the model's `Audience` knows nothing of the command line).
fn audience_parser() -> impl TypedValueParser<Value = Audience> {
    PossibleValuesParser::new(["public", "staff"])
        .map(|s| if s == "staff" { Audience::Staff } else { Audience::Public })
}

impl BuildArgs {
    pub fn request(&self) -> Request {
        Request {
            root: self.root.clone(),
            as_of: self.as_of,
            audience: self.audience,
            drafts: self.drafts,
            today: chrono::Local::now().date_naive(),
            edit: None,
        }
    }

    /// `--output` is relative to the working folder; the default is `public` in the site.
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }

    pub fn color_mode(&self) -> ColorMode {
        match self.color {
            Color::Auto => ColorMode::Auto,
            Color::Always => ColorMode::Always,
            Color::Never => ColorMode::Never,
        }
    }
}

/// Parses the command line and runs the command; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand { USAGE } else { OK };
            }
            let text = e.to_string();
            let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("error: bad usage");
            eprintln!("{first} (see `clockwork --help`)");
            return USAGE;
        }
    };
    if matches!(cli.command, Command::Build(_) | Command::Watch(_) | Command::Serve { .. }) {
        crate::output::stop_on_ctrl_c();
    }
    match cli.command {
        Command::Init { dir } => init::init(&dir),
        Command::Build(args) => build::build(&args),
        Command::Check { args, strict } => check::check(&args, strict),
        Command::New(args) => new::run(&args),
        Command::Schema { out } => schema(&out),
        Command::Watch(args) => watch::watch(&args),
        Command::Serve { args, serve } => serve::serve(&args, &serve),
    }
}

/// Prints diagnostics as asked: human form on stderr, JSON on stdout.
pub fn report(args: &BuildArgs, outcome: &Outcome) {
    let diags = &outcome.diagnostics;
    match args.format {
        Format::Json => println!("{}", diagnostics::render_json(diags)),
        Format::Human => {
            if !diags.is_empty() {
                let text = diagnostics::render_human(diags, &outcome.texts, diagnostics::use_color(args.color_mode()));
                let mut err = std::io::stderr().lock();
                let _ = err.write_all(text.as_bytes());
                let _ = writeln!(err, "{}", diagnostics::summary(diags));
            }
        }
    }
}

/// `clockwork schema`: writes the schemas; returns the exit code.
fn schema(out: &std::path::Path) -> i32 {
    match crate::schema::write(out) {
        Ok(files) => {
            let names: Vec<String> =
                files.iter().filter_map(|f| f.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
            println!("Wrote {} schemas to {}: {}", files.len(), out.display(), names.join(", "));
            0
        }
        Err(e) => {
            eprintln!("error: cannot write the schemas into {}: {e}", out.display());
            1
        }
    }
}
