//! `clockwork init DIR`: writes the starter site (built into the binary) into a new folder.

use std::path::Path;

use super::{CONTENT_ERRORS, OK};

/// The starter site `init` writes, built into the binary.
static STARTER: include_dir::Dir = include_dir::include_dir!("$CARGO_MANIFEST_DIR/starter");

pub fn init(dir: &Path) -> i32 {
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
    let (shown, cd) = (super::platform::shown(dir), super::platform::shell_word(dir));
    let open = super::platform::open_command(&Path::new("public").join("index.html"));
    eprintln!(
        "Created a new site in {shown}. Next:\n  cd {cd}\n  clockwork serve --open   # the site in your browser, reloading as you save\n  clockwork build          # writes the website into public/\n  {open:<24} # opens the website you built"
    );
    OK
}

fn collect<'a>(dir: &'a include_dir::Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    out.extend(dir.files());
    for d in dir.dirs() {
        collect(d, out);
    }
}
