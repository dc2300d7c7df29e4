//! The command line: flags (clap), the commands, what they print and their exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostics::{self, ColorMode, Severity};
use crate::model::Audience;
use crate::pipeline::{self, Outcome, Request};

/// Exit codes of every command.
pub const OK: i32 = 0;
pub const CONTENT_ERRORS: i32 = 1;
pub const USAGE: i32 = 2;

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
    New(crate::new::NewArgs),
    /// Build into the output folder, then rebuild what changed whenever a source file changes.
    Watch(BuildArgs),
    /// Build in memory and serve the site on http://127.0.0.1:1111 with live reload.
    Serve {
        #[command(flatten)]
        args: BuildArgs,
        #[command(flatten)]
        serve: crate::serve::ServeArgs,
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
    #[arg(long, value_enum, default_value_t = Audience::Public)]
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
    crate::config::parse_date(s).ok_or_else(|| format!("`{s}` is not a date; write it as YYYY-MM-DD"))
}

impl BuildArgs {
    pub fn request(&self) -> Request {
        Request {
            root: self.root.clone(),
            as_of: self.as_of,
            audience: self.audience,
            drafts: self.drafts,
            today: chrono::Local::now().date_naive(),
        }
    }

    /// `--output` is relative to the working folder; the default is `public` in the site.
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }

    fn color_mode(&self) -> ColorMode {
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
        Command::Init { dir } => init(&dir),
        Command::Build(args) => build(&args),
        Command::Check { args, strict } => check(&args, strict),
        Command::New(args) => crate::new::run(&args),
        Command::Watch(args) => crate::serve::watch(&args),
        Command::Serve { args, serve } => crate::serve::serve(&args, &serve),
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

fn build(args: &BuildArgs) -> i32 {
    let started = Instant::now();
    let out_dir = args.output_dir();
    if let Err(e) = crate::output::check_output_dir(&args.root, &out_dir) {
        eprintln!("error: {e}");
        return USAGE;
    }
    let outcome = pipeline::run(&args.request(), true);
    report(args, &outcome);
    let Some(files) = outcome.files.as_ref().filter(|_| !outcome.has_errors()) else {
        if args.format == Format::Human {
            eprintln!("Nothing was written: fix the errors above and build again. {} is as it was.", out_dir.display());
        }
        return CONTENT_ERRORS;
    };
    let writing = Instant::now();
    let written = crate::output::write(&out_dir, files);
    if std::env::var_os("CLOCKWORK_TIMINGS").is_some() {
        let mut laps = outcome.timings.clone();
        laps.push(("write", writing.elapsed()));
        print_timings(&laps);
    }
    let code = match written {
        Ok(stats) => {
            if !args.quiet && args.format == Format::Human {
                let pages = files.keys().filter(|k| k.ends_with(".html")).count();
                eprintln!(
                    "Built {pages} pages into {} in {:.2} s ({} written, {} unchanged, {} removed).",
                    out_dir.display(),
                    started.elapsed().as_secs_f64(),
                    stats.written,
                    stats.unchanged,
                    stats.removed
                );
            }
            OK
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.to_string().contains("did not write") { USAGE } else { CONTENT_ERRORS }
        }
    };
    // The process ends here: freeing a large site piece by piece would only delay the exit.
    std::mem::forget(outcome);
    code
}

/// "load 12% (0.41 s) · resolve 3% (…) · …" on stderr.
fn print_timings(laps: &[(&str, std::time::Duration)]) {
    let total: f64 = laps.iter().map(|(_, d)| d.as_secs_f64()).sum();
    let parts: Vec<String> = laps
        .iter()
        .map(|(stage, d)| {
            let secs = d.as_secs_f64();
            format!("{stage} {:.0}% ({secs:.3} s)", if total > 0.0 { 100.0 * secs / total } else { 0.0 })
        })
        .collect();
    eprintln!("timings: {} · total {total:.3} s", parts.join(" · "));
}

fn check(args: &BuildArgs, strict: bool) -> i32 {
    let outcome = pipeline::run(&args.request(), false);
    report(args, &outcome);
    let errors = diagnostics::count(&outcome.diagnostics, Severity::Error);
    let warnings = diagnostics::count(&outcome.diagnostics, Severity::Warning);
    if !args.quiet && args.format == Format::Human && outcome.diagnostics.is_empty() {
        let pages = outcome.site.as_ref().map_or(0, |s| s.pages.len());
        eprintln!("Checked {pages} pages: no problems found.");
    }
    if errors > 0 || (strict && warnings > 0) { CONTENT_ERRORS } else { OK }
}

/// The starter site `init` writes, built into the binary.
static STARTER: include_dir::Dir = include_dir::include_dir!("$CARGO_MANIFEST_DIR/starter");

fn init(dir: &Path) -> i32 {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        eprintln!("error: {} is not empty; `clockwork init` only writes into a new or empty folder", dir.display());
        return CONTENT_ERRORS;
    }
    let mut files = Vec::new();
    collect(&STARTER, &mut files);
    for file in files {
        let path = dir.join(file.path());
        let written =
            path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|_| std::fs::write(&path, file.contents()));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return CONTENT_ERRORS;
        }
    }
    eprintln!(
        "Created a new site in {}. Next:\n  cd {}\n  clockwork build     # writes the website into public/\n  open public/index.html",
        dir.display(),
        dir.display()
    );
    OK
}

fn collect<'a>(dir: &'a include_dir::Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    out.extend(dir.files());
    for d in dir.dirs() {
        collect(d, out);
    }
}
