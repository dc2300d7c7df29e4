//! Helpers shared by the integration tests: fixture sites copied into a temp folder, the
//! clockwork binary, and parsed output.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A copy of `tests/fixtures/<name>` in a temporary folder (tests may change it freely).
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name), dir.path());
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Runs the clockwork binary.
pub fn clockwork(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clockwork")).args(args).output().expect("run clockwork")
}

/// Builds `root` into `root/<out>` with extra flags; panics (with stderr) unless it succeeds.
pub fn build_into(root: &Path, out: &str, extra: &[&str]) -> PathBuf {
    let output = root.join(out);
    let (r, o) = (root.to_str().expect("utf-8 path"), output.to_str().expect("utf-8 path"));
    let mut args = vec!["build", "--root", r, "--output", o, "--quiet"];
    args.extend_from_slice(extra);
    let run = clockwork(&args);
    assert!(run.status.success(), "build failed: {}", String::from_utf8_lossy(&run.stderr));
    output
}

pub fn build(root: &Path) -> PathBuf {
    build_into(root, "public", &[])
}

pub fn build_staff(root: &Path) -> PathBuf {
    build_into(root, "public-staff", &["--audience", "staff"])
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub fn html(path: &Path) -> scraper::Html {
    scraper::Html::parse_document(&read(path))
}

/// The trimmed text of every element matching `selector`.
pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel).map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

/// The `href` of every element matching `selector`.
pub fn hrefs(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel).filter_map(|e| e.value().attr("href").map(String::from)).collect()
}

/// Every file under a folder, relative, with `/`.
pub fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).expect("prefix").to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}
