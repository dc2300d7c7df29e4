//! Helpers shared by the integration tests: fixture sites in temp folders, running the
//! binary, reading and parsing what it wrote.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The diagnostics of a `--format json` run.
    pub fn diagnostics(&self) -> Vec<serde_json::Value> {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }

    pub fn rules(&self) -> Vec<String> {
        self.diagnostics().iter().map(|d| d["rule"].as_str().unwrap_or("").to_string()).collect()
    }

    /// The first diagnostic of `rule`, as (file, line, column, message).
    pub fn find(&self, rule: &str) -> (String, u64, u64, String) {
        let d = self
            .diagnostics()
            .into_iter()
            .find(|d| d["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {}", self.stdout));
        (
            d["file"].as_str().unwrap().to_string(),
            d["line"].as_u64().unwrap(),
            d["column"].as_u64().unwrap(),
            d["message"].as_str().unwrap().to_string(),
        )
    }
}

/// Runs clockwork with `args` in `cwd`.
pub fn clockwork(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_clockwork"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run clockwork");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of `tests/fixtures/<name>` in a new temp folder (the site root is `.path()`).
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn html(root: &Path, rel: &str) -> scraper::Html {
    scraper::Html::parse_document(&read(root, rel))
}

/// The text of every element matching `selector`, whitespace collapsed.
pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

pub fn attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// Every file under `dir`, relative, with `/`.
pub fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    out.sort();
    out
}

/// Path → (bytes, modification time) of every file under `dir`.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
    files(dir)
        .into_iter()
        .map(|f| {
            let p = dir.join(&f);
            let bytes = std::fs::read(&p).unwrap();
            let mtime = std::fs::metadata(&p).unwrap().modified().unwrap();
            (f, bytes, mtime)
        })
        .collect()
}

/// Runs the clockwork binary in the current folder.
pub fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_clockwork")).args(args).output().expect("run clockwork")
}

/// Builds `root` into `root/<out>` with extra flags; panics (with stderr) unless it succeeds.
pub fn build_into(root: &Path, out: &str, extra: &[&str]) -> PathBuf {
    let output = root.join(out);
    let (r, o) = (root.to_str().expect("utf-8 path"), output.to_str().expect("utf-8 path"));
    let mut args = vec!["build", "--root", r, "--output", o, "--quiet"];
    args.extend_from_slice(extra);
    let done = run(&args);
    assert!(done.status.success(), "build failed: {}", String::from_utf8_lossy(&done.stderr));
    output
}

/// Builds `root` into `root/public` and returns that folder.
pub fn build_site(root: &Path) -> PathBuf {
    build_into(root, "public", &[])
}

pub fn build_staff(root: &Path) -> PathBuf {
    build_into(root, "public-staff", &["--audience", "staff"])
}

pub fn read_path(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub fn html_at(path: &Path) -> scraper::Html {
    scraper::Html::parse_document(&read_path(path))
}

/// The `href` of every element matching `selector`.
pub fn hrefs(doc: &scraper::Html, selector: &str) -> Vec<String> {
    attrs(doc, selector, "href")
}

/// A clockwork process that keeps running (`watch`, `serve`), its stderr collected line by
/// line; stopped when dropped.
pub struct Running {
    pub child: std::process::Child,
    pub lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Running {
    pub fn start(root: &Path, args: &[&std::ffi::OsStr]) -> Running {
        Running::start_with_env(root, args, &[])
    }

    /// Starts clockwork with extra environment variables.
    pub fn start_with_env(root: &Path, args: &[&std::ffi::OsStr], env: &[(&str, &std::ffi::OsStr)]) -> Running {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_clockwork"))
            .args(args)
            .envs(env.iter().copied())
            .current_dir(root)
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start clockwork");
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let stderr = child.stderr.take().expect("stderr");
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Running { child, lines }
    }

    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The example site (its content, data and settings) in a new folder.
pub fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    copy_tree(&repo().join("data"), &dir.path().join("data"));
    std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    dir
}
